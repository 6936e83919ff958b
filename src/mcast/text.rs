//! The mcast sentences, en and pt. "Receptor aguardando mensagens..." is the original
//! receiver's own line.

use std::net::SocketAddr;

use super::wire::{Kind, WireError};
use crate::net::text::{Lang, Text};

/// One mcast sentence.
#[derive(Clone, Debug)]
pub enum McastText<'a> {
    /// stderr, recv: the group is joined.
    Joined {
        group: &'a str,
        port: u16,
        iface: Option<&'a str>,
    },
    /// stderr, recv: the original receiver's greeting.
    Waiting,
    /// stdout, recv: a sender typed the quit word.
    Ended {
        user: &'a str,
    },
    /// stderr, recv: membership dropped on the way out.
    Left {
        group: &'a str,
    },
    /// stderr, recv: a datagram that is not a message.
    BadDatagram {
        from: SocketAddr,
        len: usize,
        why: &'a WireError,
    },
    /// stderr, send: ready to read lines.
    Sending {
        dest: SocketAddr,
        iface: Option<&'a str>,
        user: &'a str,
        quit: &'a str,
    },
    /// stderr, send: a line refused for size.
    TooLong {
        size: usize,
        limit: usize,
    },
    /// stderr, send: the quit word went out.
    QuitSent {
        quit: &'a str,
    },
    /// Fatal: a datagram could not be sent.
    CannotSend {
        dest: SocketAddr,
        why: String,
    },
    /// Fatal: receiving failed.
    CannotReceive {
        port: u16,
        why: String,
    },
    /// Demo narration.
    DemoTitle,
    DemoReceivers {
        group: &'a str,
        port: u16,
    },
    DemoSenders,
    DemoBoth,
    DemoNotSenders,
    DemoQuit {
        quit: &'a str,
    },
    DemoDone,
}

/// A step of the multicast socket's set-up that failed (the error says why).
#[derive(Clone, Debug)]
pub enum Setup {
    CreateSocket,
    SendThrough(String),
    BindTo(String),
    SendThroughIface(u32),
    Ttl,
    Hops,
    Loop,
    /// A socket option, by its system name.
    Option(&'static str),
    BindPort(u16),
    /// (group, interface)
    Join(String, String),
    Leave(String),
    /// `--iface` for an IPv4 group is not an IPv4 address.
    IfaceV4(String),
    /// `--iface` for an IPv6 group is neither an interface name nor an index.
    IfaceV6(String),
}

impl Text for Setup {
    fn render(&self, lang: Lang) -> String {
        use Setup::*;
        let l = lang;
        match self {
            CreateSocket => l
                .pick(
                    "cannot create a UDP socket",
                    "não foi possível criar um socket UDP",
                )
                .into(),
            SendThrough(a) => l.pick(
                format!("cannot send multicast through {a}"),
                format!("não foi possível enviar multicast por {a}"),
            ),
            BindTo(a) => l.pick(
                format!("cannot bind to {a}"),
                format!("não foi possível associar o socket a {a}"),
            ),
            SendThroughIface(i) => l.pick(
                format!("cannot send multicast through interface {i}"),
                format!("não foi possível enviar multicast pela interface {i}"),
            ),
            Ttl => l
                .pick(
                    "cannot set the multicast TTL",
                    "não foi possível definir o TTL multicast",
                )
                .into(),
            Hops => l
                .pick(
                    "cannot set the multicast hops",
                    "não foi possível definir os saltos multicast",
                )
                .into(),
            Loop => l
                .pick(
                    "cannot set multicast loop",
                    "não foi possível definir o loop multicast",
                )
                .into(),
            Option(name) => l.pick(
                format!("cannot set {name}"),
                format!("não foi possível definir {name}"),
            ),
            BindPort(p) => l.pick(
                format!("cannot bind UDP port {p}"),
                format!("não foi possível usar a porta UDP {p}"),
            ),
            Join(g, on) => l.pick(
                format!("cannot join {g} on {on}"),
                format!("não foi possível entrar em {g} por {on}"),
            ),
            Leave(g) => l.pick(
                format!("cannot leave {g}"),
                format!("não foi possível sair de {g}"),
            ),
            IfaceV4(t) => l.pick(
                format!(
                    "--iface \"{t}\": for an IPv4 group give the interface's IPv4 address (e.g. \
                     127.0.0.1)"
                ),
                format!(
                    "--iface \"{t}\": para um grupo IPv4, informe o endereço IPv4 da interface \
                     (por exemplo 127.0.0.1)"
                ),
            ),
            IfaceV6(t) => l.pick(
                format!(
                    "--iface \"{t}\": for an IPv6 group give an interface name or index (e.g. \
                     eth0 or 2), and this is neither"
                ),
                format!(
                    "--iface \"{t}\": para um grupo IPv6, informe o nome ou o índice de uma \
                     interface (por exemplo eth0 ou 2), e isto não é nenhum dos dois"
                ),
            ),
        }
    }
}

fn kind(k: Kind, lang: Lang) -> &'static str {
    match lang {
        Lang::En => k.en(),
        Lang::Pt => match k {
            Kind::Null => "null",
            Kind::Bool => "um booleano",
            Kind::Number => "um número",
            Kind::String => "uma string",
            Kind::Array => "um array",
            Kind::Object => "um objeto",
        },
    }
}

fn reason(why: &WireError, lang: Lang) -> String {
    match lang {
        Lang::En => why.to_string(),
        Lang::Pt => match why {
            WireError::NotUtf8 { at } => format!("não é UTF-8 (byte inválido na posição {at})"),
            WireError::NotJson(detail) => format!("não é JSON ({detail})"),
            WireError::NotObject(k) => format!("não é um objeto JSON, e sim {}", kind(*k, lang)),
            WireError::Missing(f) => format!("falta o campo \"{}\"", f.name()),
            WireError::NotString(f, k) => {
                format!(
                    "\"{}\" não é uma string, e sim {}",
                    f.name(),
                    kind(*k, lang)
                )
            }
        },
    }
}

fn iface_name(iface: Option<&str>, lang: Lang) -> String {
    match (iface, lang) {
        (Some(i), _) => i.to_string(),
        (None, Lang::En) => "the system's choice of interface".into(),
        (None, Lang::Pt) => "a interface escolhida pelo sistema".into(),
    }
}

impl Text for McastText<'_> {
    fn render(&self, lang: Lang) -> String {
        use McastText::*;
        let en = lang == Lang::En;
        match self {
            Joined { group, port, iface } => {
                let i = iface_name(*iface, lang);
                if en {
                    format!("joined {group} port {port} on {i}")
                } else {
                    format!("entrou no grupo {group}, porta {port}, em {i}")
                }
            }
            Waiting => if en {
                "Receiver waiting for messages..."
            } else {
                "Receptor aguardando mensagens..."
            }
            .into(),
            Ended { user } => {
                if en {
                    format!("{user} ended the chat.")
                } else {
                    format!("{user} encerrou o chat.")
                }
            }
            Left { group } => {
                if en {
                    format!("left {group}")
                } else {
                    format!("saiu do grupo {group}")
                }
            }
            BadDatagram { from, len, why } => {
                let why = reason(why, lang);
                if en {
                    format!("ignored a datagram from {from} ({len} bytes): {why}")
                } else {
                    format!("datagrama de {from} ({len} bytes) ignorado: {why}")
                }
            }
            Sending {
                dest,
                iface,
                user,
                quit,
            } => {
                let i = iface_name(*iface, lang);
                if en {
                    format!("sending to {dest} via {i} as {user}; type {quit} to end the chat")
                } else {
                    format!("enviando para {dest} via {i} como {user}; digite {quit} para encerrar o chat")
                }
            }
            TooLong { size, limit } => {
                if en {
                    format!(
                        "line not sent: as a datagram it would be {size} bytes, over the {limit}-byte limit"
                    )
                } else {
                    format!(
                        "linha não enviada: o datagrama teria {size} bytes, acima do limite de {limit} bytes"
                    )
                }
            }
            QuitSent { quit } => {
                if en {
                    format!("sent {quit}: every receiver stops")
                } else {
                    format!("{quit} enviado: todos os receptores param")
                }
            }
            CannotSend { dest, why } => {
                if en {
                    format!("cannot send to {dest}: {why}")
                } else {
                    format!("não foi possível enviar para {dest}: {why}")
                }
            }
            CannotReceive { port, why } => {
                if en {
                    format!("cannot receive on port {port}: {why}")
                } else {
                    format!("não foi possível receber na porta {port}: {why}")
                }
            }
            DemoTitle => if en {
                "mcast: a UDP multicast chat with JSON messages"
            } else {
                "mcast: chat multicast UDP com mensagens JSON"
            }
            .into(),
            DemoReceivers { group, port } => {
                if en {
                    format!(
                        "Two receivers join group {group} on port {port}, pinned to the loopback interface (127.0.0.1), so nothing leaves this machine. Receivers never type."
                    )
                } else {
                    format!(
                        "Dois receptores entram no grupo {group} na porta {port}, presos à interface de loopback (127.0.0.1): nada sai desta máquina. O receptor não digita dados."
                    )
                }
            }
            DemoSenders => if en {
                "Two senders, Ana and Bia; each line they type goes out as one datagram {\"user\": ..., \"data\": ...}."
            } else {
                "Dois emissores, Ana e Bia; cada linha digitada vira um datagrama {\"user\": ..., \"data\": ...}."
            }
            .into(),
            DemoBoth => if en {
                "One datagram, sent once, reaches both receivers."
            } else {
                "Um datagrama, enviado uma vez, chega aos dois receptores."
            }
            .into(),
            DemoNotSenders => if en {
                "The senders do not receive each other's messages: they never joined the group."
            } else {
                "Os emissores não recebem a mensagem um do outro: eles não entraram no grupo."
            }
            .into(),
            DemoQuit { quit } => {
                if en {
                    format!("Ana types {quit}: it is sent like any line, and both receivers stop.")
                } else {
                    format!(
                        "Ana digita {quit}: a palavra é enviada como qualquer linha, e os dois receptores são desligados."
                    )
                }
            }
            DemoDone => if en {
                "Bia presses Ctrl-C: a sender leaves without sending anything."
            } else {
                "Bia aperta Ctrl-C: o emissor sai sem enviar nada."
            }
            .into(),
        }
    }
}
