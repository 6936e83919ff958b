//! Every sentence `netlab proxy` says, en and pt: connections opening and closing, bytes that do
//! not decode, and one note per impairment applied (`proxy: split MSG seq=3 into 14+2+8`).

use std::net::SocketAddr;
use std::time::Duration;

use crate::term::text::{Lang, Text, duration};

/// One end of a proxied connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

impl Side {
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Side::Client => lang.pick("client", "cliente"),
            Side::Server => lang.pick("server", "servidor"),
        }
    }

    fn the(self, lang: Lang) -> &'static str {
        match self {
            Side::Client => lang.pick("the client", "o cliente"),
            Side::Server => lang.pick("the server", "o servidor"),
        }
    }

    fn toward(self, lang: Lang) -> &'static str {
        match self {
            Side::Client => lang.pick("toward the client", "para o cliente"),
            Side::Server => lang.pick("toward the server", "para o servidor"),
        }
    }
}

/// The participant a kv client's answer port is in traces and diagrams.
pub fn answer_port_word(lang: Lang) -> &'static str {
    lang.pick("client answer port", "porta de respostas do cliente")
}

/// A chat peer called through the proxy, as a participant (`peer Ana`).
pub fn peer_word(lang: Lang, name: &str) -> String {
    lang.pick(format!("peer {name}"), format!("par {name}"))
}

/// How a connection is ended on purpose (`--close-after`, `--reset-after`,
/// `--half-close-after`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndKind {
    Close,
    Reset,
    HalfClose,
}

/// The counts of a multicast relay.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct McastCounts {
    pub relayed: u64,
    pub dropped: u64,
    pub duplicated: u64,
    pub reordered: u64,
}

#[derive(Clone, Debug)]
pub enum ProxyText {
    /// The multicast relay is ready.
    Relaying {
        from: SocketAddr,
        to: SocketAddr,
    },
    CannotRelay,
    /// Where a datagram came from.
    From(SocketAddr),
    Dropped {
        n: u64,
    },
    Duplicated {
        n: u64,
    },
    /// Held back, to be delivered after the next one.
    HeldBack {
        n: u64,
    },
    Reordered {
        n: u64,
        after: u64,
    },
    /// The last line of a multicast relay.
    McastCounts(McastCounts),
    /// The event loop could not be set up (its error follows).
    CannotStart,
    /// What the proxy forwards, said once it listens.
    Forwarding {
        proto: &'static str,
        listen: SocketAddr,
        target: SocketAddr,
    },
    /// A client connected; the proxy connects to the target for it.
    Opened {
        client: SocketAddr,
        target: SocketAddr,
    },
    CannotConnect {
        target: SocketAddr,
        why: String,
    },
    /// One side ended its stream; passed on to the other once what it sent was delivered.
    SideClosed(Side),
    /// One side's connection failed (reset, …): both are closed.
    SideFailed {
        side: Side,
        why: String,
    },
    /// Both directions are done.
    Closed,
    /// Bytes that do not start a frame of the protocol: shown raw, forwarded as they come.
    Undecodable {
        proto: &'static str,
        bytes: usize,
    },
    /// The stream ended inside a frame.
    Truncated {
        bytes: usize,
    },
    /// Ctrl-C came inside a frame: its bytes so far were sent as they came.
    StoppedInFrame {
        bytes: usize,
    },
    /// A frame longer than the proxy shows: its start decoded, the rest forwarded unshown.
    LongFrame {
        total: usize,
    },
    /// A chat line longer than the proxy keeps: forwarded as bytes.
    LongLine {
        bytes: usize,
    },
    Split {
        label: String,
        sizes: String,
    },
    Coalesced {
        labels: String,
        bytes: usize,
    },
    /// A held frame (or several) went alone after `--hold`.
    Released {
        labels: String,
        after: Duration,
    },
    Delayed {
        label: String,
        by: Duration,
    },
    Corrupted {
        label: String,
        field: String,
        from: u64,
        to: u64,
    },
    NoSuchField {
        label: String,
        field: String,
    },
    /// `--close-after` and friends, once the Nth frame was delivered.
    Ended {
        how: EndKind,
        frames: u64,
        toward: Side,
    },
    /// A kv client announced its answer port, left as it was (no listener for it): the nodes'
    /// answers go there directly.
    KvAnswerPort {
        port: u16,
    },
    /// A kv client's answer port, rewritten to a listener of the proxy that forwards to it.
    AnswerPortRewritten {
        from: SocketAddr,
        to: SocketAddr,
    },
    /// A chat peer's address in a directory answer, rewritten to a listener of the proxy.
    PeerRewritten {
        name: String,
        from: SocketAddr,
        to: SocketAddr,
    },
    /// The proxy has as many listeners for answer and peer connections as it keeps (said once).
    ListenersFull {
        max: usize,
    },
    /// A listener for answer or peer connections could not be opened.
    CannotListen {
        at: SocketAddr,
        why: String,
    },
    /// A node connected to the proxy's listener for a kv client's answer port.
    AnswerOpened {
        from: SocketAddr,
        via: SocketAddr,
        to: SocketAddr,
    },
    /// A peer called another through the proxy's listener for it (`--peers`).
    PeerOpened {
        from: SocketAddr,
        name: String,
        via: SocketAddr,
        to: SocketAddr,
    },
    /// Ctrl-C: the proxy closed every connection.
    Stopped {
        open: usize,
    },
}

impl Text for ProxyText {
    fn render(&self, lang: Lang) -> String {
        use ProxyText::*;
        match self {
            Relaying { from, to } => lang.pick(
                format!("relaying the datagrams of {from} to {to}"),
                format!("repassando os datagramas de {from} para {to}"),
            ),
            CannotRelay => lang.pick(
                "cannot relay a datagram".into(),
                "não foi possível repassar um datagrama".into(),
            ),
            From(addr) => lang.pick(format!("from {addr}"), format!("de {addr}")),
            Dropped { n } => lang.pick(
                format!("proxy: dropped datagram {n}"),
                format!("proxy: descartou o datagrama {n}"),
            ),
            Duplicated { n } => lang.pick(
                format!("proxy: duplicated datagram {n}"),
                format!("proxy: duplicou o datagrama {n}"),
            ),
            HeldBack { n } => lang.pick(
                format!("proxy: held datagram {n} back, to go after the next"),
                format!("proxy: segurou o datagrama {n}, para ir depois do próximo"),
            ),
            Reordered { n, after } => lang.pick(
                format!("proxy: reordered datagram {n} after datagram {after}"),
                format!("proxy: reordenou o datagrama {n} depois do datagrama {after}"),
            ),
            McastCounts(c) => lang.pick(
                format!(
                    "{} relayed, {} dropped, {} duplicated, {} reordered",
                    c.relayed, c.dropped, c.duplicated, c.reordered
                ),
                format!(
                    "{} repassados, {} descartados, {} duplicados, {} reordenados",
                    c.relayed, c.dropped, c.duplicated, c.reordered
                ),
            ),
            CannotStart => lang.pick(
                "cannot start the proxy's event loop".into(),
                "não foi possível iniciar o laço de eventos do proxy".into(),
            ),
            Forwarding {
                proto,
                listen,
                target,
            } => lang.pick(
                format!("proxying {proto} from {listen} to {target}"),
                format!("intermediando {proto} de {listen} para {target}"),
            ),
            Opened { client, target } => lang.pick(
                format!("open: client {client} -> server {target}"),
                format!("aberta: cliente {client} -> servidor {target}"),
            ),
            CannotConnect { target, why } => lang.pick(
                format!("cannot connect to {target}: {why}; the client is closed"),
                format!("não foi possível conectar a {target}: {why}; o cliente é fechado"),
            ),
            SideClosed(side) => lang.pick(
                format!("{} closed its side; passed on", side.the(lang)),
                format!("{} fechou o seu lado; repassado", side.the(lang)),
            ),
            SideFailed { side, why } => lang.pick(
                format!("{}: {why}; both sides closed", side.word(lang)),
                format!("{}: {why}; os dois lados fechados", side.word(lang)),
            ),
            Closed => lang.pick("closed".into(), "fechada".into()),
            Undecodable { proto, bytes: 1 } => lang.pick(
                format!("1 byte that is not a {proto} frame (forwarded as it comes)"),
                format!("1 byte que não é um quadro {proto} (repassado como vem)"),
            ),
            Undecodable { proto, bytes } => lang.pick(
                format!("{bytes} bytes that are not a {proto} frame (forwarded as they come)"),
                format!("{bytes} bytes que não são um quadro {proto} (repassados como vêm)"),
            ),
            Truncated { bytes } => lang.pick(
                format!(
                    "the stream ended inside a frame ({} of it)",
                    count(*bytes as u64, "byte", "bytes")
                ),
                format!(
                    "o fluxo terminou no meio de um quadro ({} dele)",
                    count(*bytes as u64, "byte", "bytes")
                ),
            ),
            StoppedInFrame { bytes: 1 } => lang.pick(
                "stopped (Ctrl-C) inside a frame: 1 byte of it sent as it came".into(),
                "parado (Ctrl-C) no meio de um quadro: 1 byte dele enviado como veio".into(),
            ),
            StoppedInFrame { bytes } => lang.pick(
                format!("stopped (Ctrl-C) inside a frame: {bytes} bytes of it sent as they came"),
                format!(
                    "parado (Ctrl-C) no meio de um quadro: {bytes} bytes dele enviados como vieram"
                ),
            ),
            LongFrame { total } => lang.pick(
                format!("a frame of {total} bytes: its start is shown, the rest forwarded"),
                format!("um quadro de {total} bytes: o início é mostrado, o resto repassado"),
            ),
            LongLine { bytes } => lang.pick(
                format!(
                    "{} without an end of line (forwarded as bytes)",
                    count(*bytes as u64, "byte", "bytes")
                ),
                format!(
                    "{} sem fim de linha (repassados como bytes)",
                    count(*bytes as u64, "byte", "bytes")
                ),
            ),
            Split { label, sizes } => lang.pick(
                format!("proxy: split {label} into {sizes}"),
                format!("proxy: dividiu {label} em {sizes}"),
            ),
            Coalesced { labels, bytes } => lang.pick(
                format!("proxy: coalesced {labels} into one write of {bytes} bytes"),
                format!("proxy: juntou {labels} numa só escrita de {bytes} bytes"),
            ),
            Released { labels, after } => lang.pick(
                format!("proxy: released {labels} after {} alone", duration(*after)),
                format!("proxy: liberou {labels} sozinho após {}", duration(*after)),
            ),
            Delayed { label, by } => lang.pick(
                format!("proxy: delayed {label} by {}", duration(*by)),
                format!("proxy: atrasou {label} em {}", duration(*by)),
            ),
            Corrupted {
                label,
                field,
                from,
                to,
            } => lang.pick(
                format!("proxy: corrupted {label}: {field} {from} -> {to}"),
                format!("proxy: corrompeu {label}: {field} {from} -> {to}"),
            ),
            NoSuchField { label, field } => lang.pick(
                format!("proxy: {label} has no field {field}; forwarded unchanged"),
                format!("proxy: {label} não tem o campo {field}; repassado sem mudança"),
            ),
            Ended {
                how,
                frames,
                toward,
            } => {
                let frames = lang.pick(
                    count(*frames, "frame", "frames"),
                    count(*frames, "quadro", "quadros"),
                );
                match how {
                    EndKind::Close => lang.pick(
                        format!("proxy: closed both sides after {frames}"),
                        format!("proxy: fechou os dois lados após {frames}"),
                    ),
                    EndKind::Reset => lang.pick(
                        format!("proxy: reset both sides after {frames}"),
                        format!("proxy: reiniciou (RST) os dois lados após {frames}"),
                    ),
                    EndKind::HalfClose => lang.pick(
                        format!("proxy: half-closed {} after {frames}", toward.toward(lang)),
                        format!("proxy: meio-fechou {} após {frames}", toward.toward(lang)),
                    ),
                }
            }
            KvAnswerPort { port } => lang.pick(
                format!(
                    "proxy: the answers to this client go to its answer port {port} directly, \
                     not through the proxy"
                ),
                format!(
                    "proxy: as respostas a este cliente vão direto para a sua porta de respostas \
                     {port}, não pelo proxy"
                ),
            ),
            AnswerPortRewritten { from, to } => lang.pick(
                format!("proxy: answer port {from} -> {to}"),
                format!("proxy: porta de respostas {from} -> {to}"),
            ),
            PeerRewritten { name, from, to } => lang.pick(
                format!("proxy: peer {name} {from} -> {to}"),
                format!("proxy: par {name} {from} -> {to}"),
            ),
            ListenersFull { max } => lang.pick(
                format!(
                    "proxy: already {max} listeners for answer and peer connections; further \
                     addresses are forwarded unchanged and their connections bypass the proxy"
                ),
                format!(
                    "proxy: já são {max} portas de escuta para conexões de respostas e de pares; \
                     os próximos endereços são repassados sem mudança e as suas conexões não \
                     passam pelo proxy"
                ),
            ),
            CannotListen { at, why } => lang.pick(
                format!("proxy: cannot listen on {at}: {why}; the address is forwarded unchanged"),
                format!(
                    "proxy: não foi possível escutar em {at}: {why}; o endereço é repassado sem \
                     mudança"
                ),
            ),
            AnswerOpened { from, via, to } => lang.pick(
                format!(
                    "open: answer connection {from} (on {via}) -> {} {to}",
                    answer_port_word(lang)
                ),
                format!(
                    "aberta: conexão de resposta {from} (em {via}) -> {} {to}",
                    answer_port_word(lang)
                ),
            ),
            PeerOpened {
                from,
                name,
                via,
                to,
            } => lang.pick(
                format!("open: call {from} (on {via}) -> peer {name} {to}"),
                format!("aberta: chamada {from} (em {via}) -> par {name} {to}"),
            ),
            Stopped { open: 1 } => lang.pick(
                "stopped: 1 connection closed".into(),
                "parado: 1 conexão fechada".into(),
            ),
            Stopped { open } => lang.pick(
                format!("stopped: {open} connections closed"),
                format!("parado: {open} conexões fechadas"),
            ),
        }
    }
}

/// `1 frame`, `2 frames`.
fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_differ() {
        let t = ProxyText::Split {
            label: "MSG seq=3".into(),
            sizes: "14+2+8".into(),
        };
        assert_eq!(t.render(Lang::En), "proxy: split MSG seq=3 into 14+2+8");
        assert_eq!(t.render(Lang::Pt), "proxy: dividiu MSG seq=3 em 14+2+8");
    }

    #[test]
    fn one_is_singular() {
        let one = |t: ProxyText| (t.render(Lang::En), t.render(Lang::Pt));
        assert_eq!(
            one(ProxyText::Stopped { open: 1 }),
            (
                "stopped: 1 connection closed".into(),
                "parado: 1 conexão fechada".into()
            )
        );
        let ended = |how| ProxyText::Ended {
            how,
            frames: 1,
            toward: Side::Server,
        };
        assert_eq!(
            one(ended(EndKind::Close)),
            (
                "proxy: closed both sides after 1 frame".into(),
                "proxy: fechou os dois lados após 1 quadro".into()
            )
        );
        assert!(one(ended(EndKind::Reset)).0.ends_with("after 1 frame"));
        assert!(one(ended(EndKind::HalfClose)).1.ends_with("após 1 quadro"));
        let (en, pt) = one(ProxyText::Undecodable {
            proto: "msg",
            bytes: 1,
        });
        assert!(en.starts_with("1 byte that is not"), "{en}");
        assert!(pt.starts_with("1 byte que não é"), "{pt}");
        assert!(
            one(ProxyText::Truncated { bytes: 1 })
                .0
                .contains("(1 byte of it)")
        );
        assert_eq!(
            one(ProxyText::StoppedInFrame { bytes: 1 }),
            (
                "stopped (Ctrl-C) inside a frame: 1 byte of it sent as it came".into(),
                "parado (Ctrl-C) no meio de um quadro: 1 byte dele enviado como veio".into()
            )
        );
        assert!(
            one(ProxyText::LongLine { bytes: 1 })
                .1
                .starts_with("1 byte sem")
        );
        assert_eq!(
            ProxyText::Stopped { open: 2 }.render(Lang::En),
            "stopped: 2 connections closed"
        );
    }
}
