//! The five TCP protocols as the proxy sees them: where a frame ends in the bytes that have
//! come so far, what it says (decoded with the protocol's pure `wire.rs`), the hints `check`
//! would give about bytes that do not decode, and the layout of a frame's fields (where
//! `--split field` cuts and what `--corrupt FIELD=VALUE` rewrites). Pure: no sockets.

use std::io::Cursor;

use clap::ValueEnum;

use super::text::Side;
use crate::app::{py, wire as app};
use crate::chat::{hints as chat_hints, wire as chat};
use crate::kv::{hints as kv_hints, wire as kv};
use crate::msg::{hints as msg_hints, wire as msg};
use crate::term::text::{Lang, Text};

/// A protocol the proxy forwards over TCP.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    /// Binary message relay (14-byte headers)
    Msg,
    /// P2P key-value store (the node's TCP port)
    Kv,
    /// Text-line chat (CRLF lines: the directory server or a peer)
    Chat,
    /// The tutorial's JSON-header application
    App,
    /// The tutorial's echo (no frames: each read is shown as it came)
    Echo,
    /// UDP multicast chat: relays one group's datagrams to another group
    Mcast,
}

impl Proto {
    pub fn name(self) -> &'static str {
        match self {
            Proto::Msg => "msg",
            Proto::Kv => "kv",
            Proto::Chat => "chat",
            Proto::App => "app",
            Proto::Echo => "echo",
            Proto::Mcast => "mcast",
        }
    }

    /// The port a TARGET without one gets.
    pub fn default_port(self) -> u16 {
        match self {
            Proto::Msg => msg::DEFAULT_PORT,
            Proto::Kv => 5000,
            Proto::Chat => chat::DEFAULT_PORT,
            Proto::App | Proto::Echo => app::DEFAULT_PORT,
            Proto::Mcast => crate::mcast::config::GroupConfig::default().port,
        }
    }
}

/// Where the first frame of some bytes ends.
#[derive(Debug, PartialEq, Eq)]
pub enum Cut {
    /// Not yet: more bytes are needed to tell.
    Need,
    /// The frame is this many bytes long (possibly more than have come so far).
    Frame(usize),
    /// The bytes do not start a frame of the protocol: framing is lost from here.
    Bad,
}

/// Where the first frame in `buf` ends.
pub fn cut(p: Proto, buf: &[u8]) -> Cut {
    match p {
        Proto::Msg => match msg::frame_len(buf) {
            None => Cut::Need,
            Some(n) if buf.len() < n => Cut::Frame(n),
            Some(n) => match msg::decode(&mut Cursor::new(&buf[..n])) {
                Ok(_) => Cut::Frame(n),
                Err(_) => Cut::Bad,
            },
        },
        Proto::Kv => {
            let mut c = Cursor::new(buf);
            match kv::decode(&mut c) {
                Ok(_) => Cut::Frame(c.position() as usize),
                Err(kv::WireError::Closed | kv::WireError::Truncated) => Cut::Need,
                Err(_) => Cut::Bad,
            }
        }
        Proto::Chat => match buf.iter().position(|&b| b == b'\n') {
            Some(i) => Cut::Frame(i + 1),
            None => Cut::Need,
        },
        Proto::App => {
            let Some(hl) = app_head_len(buf) else {
                return Cut::Need;
            };
            if buf.len() < 2 + hl {
                return Cut::Need;
            }
            match app::parse_header(&buf[2..2 + hl], app::MAX_CONTENT) {
                Ok(h) => Cut::Frame(2 + hl + h.content_length as usize),
                Err(_) => Cut::Bad,
            }
        }
        Proto::Echo | Proto::Mcast if buf.is_empty() => Cut::Need,
        Proto::Echo | Proto::Mcast => Cut::Frame(buf.len()),
    }
}

fn app_head_len(buf: &[u8]) -> Option<usize> {
    (buf.len() >= 2).then(|| u16::from_be_bytes([buf[0], buf[1]]) as usize)
}

/// A frame decoded: its line (`MSG 1->0 seq=1 "Ob-la-di"`), the short label impairment notes
/// use (`MSG seq=1`), and the hint it gives away, in the user's language.
pub struct Shown {
    pub line: String,
    pub label: String,
    pub hint: Option<String>,
}

/// Decode a whole frame (or, for a frame longer than the proxy shows, its start) going to
/// `to`: a reply's hints (chat's `LIST` forms) are for what goes to the client, since the
/// same words are a correct request the other way.
pub fn show(p: Proto, frame: &[u8], lang: Lang, to: Side) -> Shown {
    match p {
        Proto::Msg => match msg::decode(&mut Cursor::new(frame)) {
            Ok(m) => {
                let hint = msg_hints::frame(&m, crate::msg::timestamp()).map(|h| h.render(lang));
                Shown {
                    label: format!("{} seq={}", m.name(), m.head().seq),
                    line: m.to_string(),
                    hint,
                }
            }
            Err(_) => raw_shown(frame),
        },
        Proto::Kv => match kv::decode(&mut Cursor::new(frame)) {
            Ok(m) => {
                let hint = match &m {
                    kv::Msg::KeyFlood(f) => kv_hints::flood(f),
                    kv::Msg::TopoFlood(f) => kv_hints::flood(f).or(kv_hints::topology(&f.info)),
                    _ => None,
                };
                let label = match &m {
                    kv::Msg::Id { .. } => "ID".to_string(),
                    kv::Msg::KeyReq { nseq, .. }
                    | kv::Msg::TopoReq { nseq }
                    | kv::Msg::Resp { nseq, .. } => {
                        format!("{} nseq={nseq}", kv::type_name(m.kind()))
                    }
                    kv::Msg::KeyFlood(f) | kv::Msg::TopoFlood(f) => {
                        format!("{} nseq={}", kv::type_name(m.kind()), f.nseq)
                    }
                };
                Shown {
                    line: m.to_string(),
                    label,
                    hint: hint.map(|h| h.render(lang)),
                }
            }
            Err(_) => raw_shown(frame),
        },
        Proto::Chat => {
            let text = String::from_utf8_lossy(frame);
            let line = text.trim_end_matches(['\r', '\n']);
            let hint = chat_hints::ending(frame)
                .or_else(|| {
                    (to == Side::Client)
                        .then(|| chat_hints::reply(line))
                        .flatten()
                })
                .map(|h| h.render(lang));
            let word = line.split(' ').next().unwrap_or_default();
            Shown {
                label: if word.is_empty() {
                    format!("{} bytes", frame.len())
                } else {
                    word.chars().take(24).collect()
                },
                line: line.to_string(),
                hint,
            }
        }
        Proto::App => {
            let hl = app_head_len(frame).unwrap_or(0);
            match app::parse_header(&frame[2.min(frame.len())..(2 + hl).min(frame.len())], {
                app::MAX_CONTENT
            }) {
                Ok(header) => {
                    let content = frame[(2 + hl).min(frame.len())..].to_vec();
                    let f = app::Frame { header, content };
                    Shown {
                        line: app::Trace(&f).to_string(),
                        label: format!("{} bytes of {}", frame.len(), f.header.content_type),
                        hint: None,
                    }
                }
                Err(_) => raw_shown(frame),
            }
        }
        Proto::Echo | Proto::Mcast => Shown {
            line: py::repr_bytes(&frame[..frame.len().min(SHOWN_ECHO)])
                + if frame.len() > SHOWN_ECHO { "…" } else { "" },
            label: format!("{} bytes", frame.len()),
            hint: None,
        },
    }
}

/// A frame's short form for a diagram's arrow (`MSG 1→1001 seq=3 "Ob-la-di"`; `None`: its
/// line is short already), and who it says its sender is: a msg OI's `emitter 1` or
/// `display 1001`, a chat USER's `peer Ana`.
pub fn diagram_label(p: Proto, frame: &[u8], lang: Lang) -> (Option<String>, Option<String>) {
    match p {
        Proto::Msg => match msg::decode(&mut Cursor::new(frame)) {
            Ok(m) => {
                let who = match &m {
                    msg::Msg::Oi(h) if h.orig != 0 => Some(crate::msg::text::named(h.orig, lang)),
                    _ => None,
                };
                (Some(format!("{m:#}")), who)
            }
            Err(_) => (None, None),
        },
        Proto::Chat => {
            // Named as the directory would take it: a USER line its parser accepts.
            let who = std::str::from_utf8(frame)
                .ok()
                .filter(|line| line.starts_with("USER "))
                .and_then(|line| chat::Request::parse(line).ok())
                .and_then(|r| match r {
                    chat::Request::User { name, .. } => Some(super::text::peer_word(lang, &name)),
                    _ => None,
                });
            (None, who)
        }
        _ => (None, None),
    }
}

/// The answer port a kv client announces in its ID frame (0: a node, which has none).
pub fn answer_port(p: Proto, frame: &[u8]) -> Option<u16> {
    match (p, frame) {
        (Proto::Kv, [0, 4, hi, lo]) if (*hi, *lo) != (0, 0) => Some(u16::from_be_bytes([*hi, *lo])),
        _ => None,
    }
}

/// Do these first bytes of a kv frame make it an ID (whose answer port the proxy rewrites)?
pub fn starts_kv_id(start: &[u8]) -> bool {
    start.starts_with(&[0, 4])
}

/// Do these first bytes of a chat line make it an `ADDR` answer (rewritten with `--peers`)?
pub fn starts_chat_addr(start: &[u8]) -> bool {
    start.starts_with(b"ADDR ")
}

/// A kv ID frame announcing `port` instead.
pub fn with_answer_port(port: u16) -> Vec<u8> {
    let [hi, lo] = port.to_be_bytes();
    vec![0, 4, hi, lo]
}

/// The name a chat peer asks the directory for (`ADDR Ana`).
pub fn chat_addr_request(frame: &[u8]) -> Option<String> {
    let line = std::str::from_utf8(frame).ok()?;
    let name = line
        .trim_end_matches(['\r', '\n'])
        .strip_prefix("ADDR ")?
        .trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// A directory's answer to ADDR: where the peer listens, and its name when the answer names it
/// (`ADDR ip:port`, or the later edition's `ADDR name:ip:port`).
pub fn chat_addr_answer(frame: &[u8]) -> Option<(Option<String>, std::net::SocketAddr)> {
    let line = std::str::from_utf8(frame).ok()?;
    let rest = line
        .trim_end_matches(['\r', '\n'])
        .strip_prefix("ADDR ")?
        .trim();
    if let Ok(a) = rest.parse() {
        return Some((None, a));
    }
    let (name, addr) = rest.split_once(':')?;
    Some((Some(name.trim().to_string()), addr.trim().parse().ok()?))
}

/// A directory's ADDR answer pointing at `to` instead, in the form and with the line ending
/// the original had.
pub fn chat_addr_rewritten(frame: &[u8], to: std::net::SocketAddr) -> Option<Vec<u8>> {
    let (name, _) = chat_addr_answer(frame)?;
    let line = std::str::from_utf8(frame).ok()?;
    let body = line.trim_end_matches(['\r', '\n']);
    let ending = &line[body.len()..];
    Some(
        match name {
            Some(n) => format!("ADDR {n}:{to}{ending}"),
            None => format!("ADDR {to}{ending}"),
        }
        .into_bytes(),
    )
}

/// How much of an echo read a line shows.
const SHOWN_ECHO: usize = 200;

fn raw_shown(frame: &[u8]) -> Shown {
    Shown {
        line: py::repr_bytes(&frame[..frame.len().min(SHOWN_ECHO)]),
        label: format!("{} bytes", frame.len()),
        hint: None,
    }
}

/// What `check` would say about bytes that do not decode as a frame of `p` (a type or a
/// length that only makes sense byte-swapped, the later edition's 8-byte headers).
pub fn bad_hints(p: Proto, bytes: &[u8], lang: Lang) -> Vec<String> {
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    match p {
        Proto::Msg => {
            let mut hints = Vec::new();
            if let Some(h) = msg_hints::later_edition(bytes) {
                hints.push(h.render(lang));
            } else if let Some(h) = u16_at(0).and_then(msg_hints::unknown_type) {
                hints.push(h.render(lang));
            }
            hints
        }
        Proto::Kv => {
            let mut hints = Vec::new();
            if let Some(h) = u16_at(0).and_then(kv_hints::unknown_type) {
                hints.push(h.render(lang));
            }
            // The size field of the frames that carry one, for a refused size.
            let size_at = match u16_at(0) {
                Some(kv::KEYREQ | kv::RESP) => Some(6),
                Some(kv::KEYFLOOD | kv::TOPOFLOOD) => Some(14),
                _ => None,
            };
            if let Some(h) = size_at
                .and_then(u16_at)
                .and_then(|n| kv_hints::bad_size(n as usize))
            {
                hints.push(h.render(lang));
            }
            hints
        }
        Proto::Chat | Proto::App | Proto::Echo | Proto::Mcast => Vec::new(),
    }
}

/// One field of a frame: its name as the codec names it, where it starts, how many bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub at: usize,
    pub width: usize,
}

const fn field(name: &'static str, at: usize, width: usize) -> Field {
    Field { name, at, width }
}

/// The names `--corrupt` takes for `p` (empty: the protocol has no binary fields).
pub fn field_names(p: Proto) -> &'static [&'static str] {
    match p {
        Proto::Msg => &[
            "type",
            "orig",
            "dest",
            "seq",
            "timestamp",
            "length",
            "count",
        ],
        Proto::Kv => &["type", "port", "nseq", "size", "ttl", "ip"],
        Proto::App => &["length"],
        Proto::Chat | Proto::Echo | Proto::Mcast => &[],
    }
}

/// The fields of one whole frame of `p`, in order.
pub fn fields(p: Proto, frame: &[u8]) -> Vec<Field> {
    let kind = || u16::from_be_bytes([frame[0], frame[1]]);
    match p {
        Proto::Msg if frame.len() >= msg::HEADER => {
            let mut f = vec![
                field("type", 0, 2),
                field("orig", 2, 2),
                field("dest", 4, 2),
                field("seq", 6, 4),
                field("timestamp", 10, 4),
            ];
            match kind() {
                2 => f.push(field("length", 14, 2)),
                6 => f.push(field("count", 14, 2)),
                _ => {}
            }
            f
        }
        Proto::Kv if frame.len() >= 2 => {
            let mut f = vec![field("type", 0, 2)];
            match kind() {
                kv::ID => f.push(field("port", 2, 2)),
                kv::KEYREQ | kv::RESP => {
                    f.extend([field("nseq", 2, 4), field("size", 6, 2)]);
                }
                kv::TOPOREQ => f.push(field("nseq", 2, 4)),
                kv::KEYFLOOD | kv::TOPOFLOOD => f.extend([
                    field("ttl", 2, 2),
                    field("nseq", 4, 4),
                    field("ip", 8, 4),
                    field("port", 12, 2),
                    field("size", 14, 2),
                ]),
                _ => {}
            }
            f
        }
        Proto::App if frame.len() >= 2 => vec![field("length", 0, 2)],
        _ => Vec::new(),
    }
}

/// Where `--split field` cuts one whole frame (offsets strictly inside it, increasing): msg
/// after the header and the length (`14+2+8`), or inside the header of a bare header (`2+12`);
/// kv after the type and before the data; app after the length and after the JSON header;
/// chat inside the text and between CR and LF; echo in the middle.
pub fn field_cuts(p: Proto, frame: &[u8]) -> Vec<usize> {
    let n = frame.len();
    let cuts: Vec<usize> = match p {
        Proto::Msg => match fields(p, frame).last() {
            Some(f) if f.at >= msg::HEADER => vec![msg::HEADER, msg::HEADER + 2],
            Some(_) => vec![2],
            None => vec![n / 2],
        },
        Proto::Kv => match fields(p, frame).last() {
            Some(f) if f.name == "size" => vec![2, f.at + 2],
            Some(_) => vec![2],
            None => vec![n / 2],
        },
        Proto::App => vec![2, 2 + app_head_len(frame).unwrap_or(0)],
        Proto::Chat => {
            let text =
                n - usize::from(frame.ends_with(b"\n")) - usize::from(frame.ends_with(b"\r\n"));
            vec![text / 2, text, text + 1]
        }
        Proto::Echo | Proto::Mcast => vec![n / 2],
    };
    let mut out: Vec<usize> = cuts.into_iter().filter(|&c| c > 0 && c < n).collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::wire::{Head, Msg};

    fn msg_bytes(m: &Msg) -> Vec<u8> {
        m.to_bytes()
    }

    #[test]
    fn msg_frames_cut_whatever_came() {
        let m = msg_bytes(&Msg::Msg(Head::new(1, 0, 3, 7), b"Ob-la-di".to_vec()));
        for k in 0..m.len() {
            assert!(matches!(
                cut(Proto::Msg, &m[..k]),
                Cut::Need | Cut::Frame(24)
            ));
        }
        let mut two = m.clone();
        two.extend(msg_bytes(&Msg::Ok(Head::new(0, 1, 3, 7))));
        assert_eq!(cut(Proto::Msg, &two), Cut::Frame(24));
        assert_eq!(cut(Proto::Msg, &two[24..]), Cut::Frame(14));
        assert_eq!(field_cuts(Proto::Msg, &m), [14, 16]);
        assert_eq!(field_cuts(Proto::Msg, &two[24..]), [2]);
        let s = show(Proto::Msg, &m, Lang::En, Side::Server);
        assert_eq!(s.label, "MSG seq=3");
        assert!(s.line.contains("\"Ob-la-di\""), "{}", s.line);
    }

    #[test]
    fn msg_little_endian_type_is_bad_with_a_hint() {
        let mut m = msg_bytes(&Msg::Ok(Head::new(0, 1, 3, 7)));
        m.swap(0, 1);
        assert_eq!(cut(Proto::Msg, &m), Cut::Bad);
        let hints = bad_hints(Proto::Msg, &m, Lang::En);
        assert_eq!(hints.len(), 1, "{hints:?}");
    }

    #[test]
    fn kv_frames() {
        let req = kv::to_bytes(&kv::Msg::KeyReq {
            nseq: 1,
            key: b"tcpmux".to_vec(),
        })
        .unwrap();
        assert_eq!(cut(Proto::Kv, &req[..5]), Cut::Need);
        assert_eq!(cut(Proto::Kv, &req), Cut::Frame(req.len()));
        assert_eq!(field_cuts(Proto::Kv, &req), [2, 8]);
        assert_eq!(cut(Proto::Kv, &[0, 42, 0, 0]), Cut::Bad);
        assert_eq!(
            show(Proto::Kv, &req, Lang::En, Side::Server).label,
            "KEYREQ nseq=1"
        );
    }

    #[test]
    fn chat_lines_and_cuts() {
        assert_eq!(cut(Proto::Chat, b"LIST"), Cut::Need);
        assert_eq!(cut(Proto::Chat, b"LIST\r\nOK"), Cut::Frame(6));
        assert_eq!(field_cuts(Proto::Chat, b"LIST\r\n"), [2, 4, 5]);
        // A bare LIST reply is a known mistake; the same line as a request is the request.
        let s = show(Proto::Chat, b"LIST\r\n", Lang::En, Side::Client);
        assert_eq!(s.line, "LIST");
        assert!(s.hint.is_some());
        let s = show(Proto::Chat, b"LIST\r\n", Lang::En, Side::Server);
        assert_eq!(s.hint, None);
    }

    #[test]
    fn app_frames() {
        let f = app::Frame::new("text/json", "utf-8", b"{\"action\": \"search\"}".to_vec());
        let mut b = Vec::new();
        app::encode(&f, &mut b).unwrap();
        assert_eq!(cut(Proto::App, &b[..1]), Cut::Need);
        assert_eq!(cut(Proto::App, &b[..b.len() - 1]), Cut::Frame(b.len()));
        assert_eq!(cut(Proto::App, &b), Cut::Frame(b.len()));
        let hl = u16::from_be_bytes([b[0], b[1]]) as usize;
        assert_eq!(field_cuts(Proto::App, &b), [2, 2 + hl]);
        assert_eq!(cut(Proto::App, b"\x00\x03abc"), Cut::Bad);
    }

    #[test]
    fn corrupt_fields_have_codec_names() {
        for p in [Proto::Msg, Proto::Kv, Proto::App] {
            for name in field_names(p) {
                assert!(!name.is_empty());
            }
        }
        let m = msg_bytes(&Msg::Msg(Head::new(1, 0, 3, 7), b"x".to_vec()));
        let names: Vec<_> = fields(Proto::Msg, &m).iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            ["type", "orig", "dest", "seq", "timestamp", "length"]
        );
    }

    #[test]
    fn addresses_the_proxy_rewrites() {
        assert_eq!(answer_port(Proto::Kv, &[0, 4, 0x13, 0x89]), Some(5001));
        assert_eq!(answer_port(Proto::Kv, &[0, 4, 0, 0]), None);
        assert_eq!(answer_port(Proto::Msg, &[0, 4, 0x13, 0x89]), None);
        assert_eq!(with_answer_port(5001), vec![0, 4, 0x13, 0x89]);
        assert_eq!(
            chat_addr_request(b"ADDR ana julia\r\n").as_deref(),
            Some("ana julia")
        );
        assert_eq!(chat_addr_request(b"LIST\r\n"), None);
        let to: std::net::SocketAddr = "127.0.0.1:4000".parse().unwrap();
        let a = chat_addr_answer(b"ADDR 127.0.0.1:5000\r\n").unwrap();
        assert_eq!((a.0, a.1.port()), (None, 5000));
        let a = chat_addr_answer(b"ADDR Ana:127.0.0.1:5000\n").unwrap();
        assert_eq!((a.0.as_deref(), a.1.port()), (Some("Ana"), 5000));
        assert_eq!(chat_addr_answer(b"ADDR nowhere\r\n"), None);
        assert_eq!(
            chat_addr_rewritten(b"ADDR 127.0.0.1:5000\r\n", to).unwrap(),
            b"ADDR 127.0.0.1:4000\r\n"
        );
        assert_eq!(
            chat_addr_rewritten(b"ADDR Ana:127.0.0.1:5000\n", to).unwrap(),
            b"ADDR Ana:127.0.0.1:4000\n"
        );
    }
}
