//! The mcast sentences, en and pt. "Receptor aguardando mensagens..." is the original
//! receiver's own line.

use std::net::SocketAddr;

use super::wire::{Kind, WireError};
use crate::term::text::{Lang, Text};

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
    /// stdout, send: the answer to `/help`.
    Help {
        quit: &'a str,
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
    /// `--iface` for an IPv4 group is neither an IPv4 address nor the name of an interface
    /// that has one.
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
                    "--iface \"{t}\": for an IPv4 group give the interface's IPv4 address or its \
                     name (e.g. 127.0.0.1 or lo), and this is neither an address nor an interface \
                     with an IPv4 address"
                ),
                format!(
                    "--iface \"{t}\": para um grupo IPv4, informe o endereço IPv4 da interface ou \
                     o seu nome (por exemplo 127.0.0.1 ou lo), e isto não é um endereço nem uma \
                     interface com endereço IPv4"
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
    match k {
        Kind::Null => "null",
        Kind::Bool => lang.pick("a boolean", "um booleano"),
        Kind::Number => lang.pick("a number", "um número"),
        Kind::String => lang.pick("a string", "uma string"),
        Kind::Array => lang.pick("an array", "um array"),
        Kind::Object => lang.pick("an object", "um objeto"),
    }
}

/// Why a datagram is not a message.
impl Text for WireError {
    fn render(&self, lang: Lang) -> String {
        let l = lang;
        match self {
            WireError::NotUtf8 { at } => l.pick(
                format!("not UTF-8 (invalid byte at offset {at})"),
                format!("não é UTF-8 (byte inválido na posição {at})"),
            ),
            WireError::NotJson(detail) => l.pick(
                format!("not JSON ({detail})"),
                format!("não é JSON ({detail})"),
            ),
            WireError::NotObject(k) => l.pick(
                format!("not a JSON object but {}", kind(*k, l)),
                format!("não é um objeto JSON, e sim {}", kind(*k, l)),
            ),
            WireError::Missing(f) => l.pick(
                format!("\"{}\" is missing", f.name()),
                format!("falta o campo \"{}\"", f.name()),
            ),
            WireError::NotString(f, k) => l.pick(
                format!("\"{}\" is not a string but {}", f.name(), kind(*k, l)),
                format!("\"{}\" não é uma string, e sim {}", f.name(), kind(*k, l)),
            ),
        }
    }
}

fn iface_name(iface: Option<&str>, lang: Lang) -> String {
    match iface {
        Some(i) => i.to_string(),
        None => lang
            .pick(
                "the system's choice of interface",
                "a interface escolhida pelo sistema",
            )
            .into(),
    }
}

impl Text for McastText<'_> {
    fn render(&self, lang: Lang) -> String {
        use McastText::*;
        let l = lang;
        match self {
            Joined { group, port, iface } => {
                let i = iface_name(*iface, l);
                l.pick(
                    format!("joined {group} port {port} on {i}"),
                    format!("entrou no grupo {group}, porta {port}, em {i}"),
                )
            }
            Waiting => l
                .pick(
                    "Receiver waiting for messages...",
                    "Receptor aguardando mensagens...",
                )
                .into(),
            Ended { user } => l.pick(
                format!("{user} ended the chat."),
                format!("{user} encerrou o chat."),
            ),
            Left { group } => l.pick(format!("left {group}"), format!("saiu do grupo {group}")),
            BadDatagram { from, len, why } => {
                let why = why.render(l);
                l.pick(
                    format!("ignored a datagram from {from} ({len} bytes): {why}"),
                    format!("datagrama de {from} ({len} bytes) ignorado: {why}"),
                )
            }
            Help { quit } => {
                // The quit word in the command column, however long it is.
                let q = format!("{:<7}", format!("{quit} "));
                l.pick(
                    format!(
                        "Commands:\n  /help  this list\n  /quit  leave (the others go on chatting)\n  \
                         {q}end the chat for everyone: it is sent, and every receiver stops\n\
                         Any other line is sent to the group."
                    ),
                    format!(
                        "Comandos:\n  /help  esta lista\n  /quit  sai (os outros continuam conversando)\n  \
                         {q}encerra o chat para todos: é enviada, e todos os receptores param\n\
                         Qualquer outra linha é enviada ao grupo."
                    ),
                )
            }
            Sending {
                dest,
                iface,
                user,
                quit,
            } => {
                let i = iface_name(*iface, l);
                l.pick(
                    format!(
                        "sending to {dest} via {i} as {user}; type {quit} to end the chat (/help lists the commands)"
                    ),
                    format!(
                        "enviando para {dest} via {i} como {user}; digite {quit} para encerrar o chat (/help lista os comandos)"
                    ),
                )
            }
            TooLong { size, limit } => l.pick(
                format!(
                    "line not sent: as a datagram it would be {size} bytes, over the {limit}-byte limit"
                ),
                format!(
                    "linha não enviada: o datagrama teria {size} bytes, acima do limite de {limit} bytes"
                ),
            ),
            QuitSent { quit } => l.pick(
                format!("sent {quit}: every receiver stops"),
                format!("{quit} enviado: todos os receptores param"),
            ),
            CannotSend { dest, why } => l.pick(
                format!("cannot send to {dest}: {why}"),
                format!("não foi possível enviar para {dest}: {why}"),
            ),
            CannotReceive { port, why } => l.pick(
                format!("cannot receive on port {port}: {why}"),
                format!("não foi possível receber na porta {port}: {why}"),
            ),
            DemoReceivers { group, port } => l.pick(
                format!(
                    "Two receivers join group {group} on port {port}, pinned to the loopback interface (127.0.0.1), so nothing leaves this machine. Receivers never type."
                ),
                format!(
                    "Dois receptores entram no grupo {group} na porta {port}, presos à interface de loopback (127.0.0.1): nada sai desta máquina. O receptor não digita dados."
                ),
            ),
            DemoSenders => l
                .pick(
                    "Two senders, Ana and Bia; each line they type goes out as one datagram {\"user\": ..., \"data\": ...}.",
                    "Dois emissores, Ana e Bia; cada linha digitada vira um datagrama {\"user\": ..., \"data\": ...}.",
                )
                .into(),
            DemoBoth => l
                .pick(
                    "One datagram, sent once, reaches both receivers.",
                    "Um datagrama, enviado uma vez, chega aos dois receptores.",
                )
                .into(),
            DemoNotSenders => l
                .pick(
                    "The senders do not receive each other's messages: they never joined the group.",
                    "Os emissores não recebem a mensagem um do outro: eles não entraram no grupo.",
                )
                .into(),
            DemoQuit { quit } => l.pick(
                format!("Ana types {quit}: it is sent like any line, and both receivers stop."),
                format!(
                    "Ana digita {quit}: a palavra é enviada como qualquer linha, e os dois receptores são desligados."
                ),
            ),
            DemoDone => l
                .pick(
                    "Bia presses Ctrl-C: a sender leaves without sending anything.",
                    "Bia aperta Ctrl-C: o emissor sai sem enviar nada.",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_in_both_languages() {
        let why = WireError::NotString(super::super::wire::Field::User, Kind::Number);
        assert_eq!(why.render(Lang::En), why.to_string());
        assert_eq!(
            why.render(Lang::Pt),
            "\"user\" não é uma string, e sim um número"
        );
    }

    #[test]
    fn help_names_the_quit_word() {
        let help = McastText::Help { quit: "tchau" }.render(Lang::Pt);
        assert!(
            help.contains("\n  tchau  encerra o chat para todos"),
            "{help}"
        );
    }
}
