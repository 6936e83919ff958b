//! The msg wire format (pure: no sockets, no threads, no printing).
//!
//! Every frame is a 14-byte big-endian header — type u16, orig u16, dest u16, seq u32,
//! timestamp u32 — then a body for two types only: MSG carries a u16 length and that many
//! bytes of text, OKQEM a u16 count and that many u16 ids.

use std::fmt;
use std::io::{self, Read};

use crate::term::bytes::read_full;

/// The server's default TCP port.
pub const DEFAULT_PORT: u16 = 55555;
/// Header size in bytes.
pub const HEADER: usize = 14;
/// Longest MSG text the server accepts (the wire can carry up to 65535).
pub const MAX_TEXT: usize = 140;

/// Ids: the server, the emitters' range and the displays' range.
pub const SERVER: u16 = 0;
pub const EMITTERS: std::ops::RangeInclusive<u16> = 1..=999;
pub const DISPLAYS: std::ops::RangeInclusive<u16> = 1000..=1999;

/// The header fields every frame carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Head {
    pub orig: u16,
    pub dest: u16,
    pub seq: u32,
    pub ts: u32,
}

impl Head {
    pub fn new(orig: u16, dest: u16, seq: u32, ts: u32) -> Head {
        Head {
            orig,
            dest,
            seq,
            ts,
        }
    }

    /// The header of a response (OK, ERRO, OKQEM) to `self`: same seq and timestamp.
    pub fn answer(&self, orig: u16, dest: u16) -> Head {
        Head::new(orig, dest, self.seq, self.ts)
    }
}

/// The protocol's name of each type, indexed by its wire number.
pub const NAMES: [&str; 7] = ["OI", "FLW", "MSG", "OK", "ERRO", "QEM", "OKQEM"];

/// One frame, typed.
#[derive(Clone, PartialEq, Eq)]
pub enum Msg {
    /// 0: a client introduces itself (`orig` = the id it asks for).
    Oi(Head),
    /// 1: goodbye (dest 0), or "stop that display" (dest D, our extension).
    Flw(Head),
    /// 2: text; kept as bytes, so invalid UTF-8 survives a relay untouched.
    Msg(Head, Vec<u8>),
    /// 3: accepted.
    Ok(Head),
    /// 4: refused.
    Erro(Head),
    /// 5: "show the client list on display `dest`".
    Qem(Head),
    /// 6: the client list.
    Okqem(Head, Vec<u16>),
}

impl Msg {
    /// The wire type number.
    pub fn kind(&self) -> u16 {
        match self {
            Msg::Oi(_) => 0,
            Msg::Flw(_) => 1,
            Msg::Msg(..) => 2,
            Msg::Ok(_) => 3,
            Msg::Erro(_) => 4,
            Msg::Qem(_) => 5,
            Msg::Okqem(..) => 6,
        }
    }

    /// The protocol's name of the type.
    pub fn name(&self) -> &'static str {
        NAMES[self.kind() as usize]
    }

    pub fn head(&self) -> &Head {
        match self {
            Msg::Oi(h)
            | Msg::Flw(h)
            | Msg::Msg(h, _)
            | Msg::Ok(h)
            | Msg::Erro(h)
            | Msg::Qem(h)
            | Msg::Okqem(h, _) => h,
        }
    }

    /// Responses answer another message and are never answered themselves.
    pub fn is_response(&self) -> bool {
        matches!(self, Msg::Ok(_) | Msg::Erro(_) | Msg::Okqem(..))
    }

    /// The encoded frame, in a buffer of its own.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        encode(self, &mut out);
        out
    }

    pub fn encoded_len(&self) -> usize {
        HEADER
            + match self {
                Msg::Msg(_, text) => 2 + text.len().min(u16::MAX as usize),
                Msg::Okqem(_, ids) => 2 + 2 * ids.len().min(u16::MAX as usize),
                _ => 0,
            }
    }
}

/// `--trace` shows frames as `MSG orig=1 dest=0 seq=3 ts=1700000000 len=4 "text"` (and the
/// codec adds a note when a frame gives away a known mistake: `super::codec`).
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self;
        let h = m.head();
        if f.alternate() {
            // The short form a diagram's arrow shows: `MSG 1→1001 seq=3 "Ob-la-di"`.
            write!(f, "{} {}→{} seq={}", m.name(), h.orig, h.dest, h.seq)?;
            return match m {
                Msg::Msg(_, text) => write!(f, " \"{}\"", lossy(text)),
                Msg::Okqem(_, ids) => {
                    f.write_str(" [")?;
                    for (i, id) in ids.iter().enumerate() {
                        let sep = if i == 0 { "" } else { ", " };
                        write!(f, "{sep}{id}")?;
                    }
                    f.write_str("]")
                }
                _ => Ok(()),
            };
        }
        write!(
            f,
            "{} orig={} dest={} seq={} ts={}",
            m.name(),
            h.orig,
            h.dest,
            h.seq,
            h.ts
        )?;
        match m {
            Msg::Msg(_, text) => write!(f, " len={} \"{}\"", text.len(), lossy(text)),
            Msg::Okqem(_, ids) => {
                write!(f, " count={} [", ids.len())?;
                for (i, id) in ids.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{id}")?;
                }
                f.write_str("]")
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Debug for Inbound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Text bytes for display: invalid UTF-8 is shown with replacement characters.
pub fn lossy(text: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(text)
}

/// Append a MSG frame with header `h` and `text` to `out` (the relay's path: the text is
/// borrowed, not copied into a [`Msg`] first).
pub fn encode_text(h: &Head, text: &[u8], out: &mut Vec<u8>) {
    header(2, h, out);
    text_body(text, out);
}

fn header(kind: u16, h: &Head, out: &mut Vec<u8>) {
    out.extend_from_slice(&kind.to_be_bytes());
    out.extend_from_slice(&h.orig.to_be_bytes());
    out.extend_from_slice(&h.dest.to_be_bytes());
    out.extend_from_slice(&h.seq.to_be_bytes());
    out.extend_from_slice(&h.ts.to_be_bytes());
}

fn text_body(text: &[u8], out: &mut Vec<u8>) {
    let n = text.len().min(u16::MAX as usize);
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&text[..n]);
}

/// Append the encoded frame to `out`. Bodies longer than the wire can say (65535 text bytes
/// or ids) are cut to fit, so the frame is always well formed.
pub fn encode(msg: &Msg, out: &mut Vec<u8>) {
    header(msg.kind(), msg.head(), out);
    match msg {
        Msg::Msg(_, text) => text_body(text, out),
        Msg::Okqem(_, ids) => {
            let n = ids.len().min(u16::MAX as usize);
            out.extend_from_slice(&(n as u16).to_be_bytes());
            for id in &ids[..n] {
                out.extend_from_slice(&id.to_be_bytes());
            }
        }
        _ => {}
    }
}

/// Why [`decode`] returned no frame.
#[derive(Debug)]
pub enum WireError {
    /// The stream ended cleanly, between two frames.
    Eof,
    /// The stream ended inside a frame (`got` of the frame's bytes had arrived).
    Truncated { got: usize },
    /// A type number outside 0..=6: framing is lost, the stream cannot be read further.
    UnknownType(u16),
    /// The connection failed.
    Io(io::Error),
}

impl From<io::Error> for WireError {
    fn from(e: io::Error) -> Self {
        WireError::Io(e)
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Eof => f.write_str("end of stream"),
            WireError::Truncated { got } => {
                write!(f, "the stream ended in the middle of a frame ({got} bytes)")
            }
            WireError::UnknownType(t) => write!(f, "unknown message type {t}"),
            WireError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WireError {}

/// Fill `buf` from `r`; `before` bytes of this frame were already read (for the error).
fn fill(r: &mut impl Read, buf: &mut [u8], before: usize) -> Result<(), WireError> {
    match read_full(r, buf)? {
        n if n == buf.len() => Ok(()),
        0 if before == 0 => Err(WireError::Eof),
        n => Err(WireError::Truncated { got: before + n }),
    }
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_be_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Read and drop `n` body bytes (`before` of the frame were read already).
fn skip(r: &mut impl Read, mut n: usize, mut before: usize) -> Result<(), WireError> {
    let mut buf = [0u8; 512];
    while n > 0 {
        let part = n.min(buf.len());
        fill(r, &mut buf[..part], before)?;
        n -= part;
        before += part;
    }
    Ok(())
}

fn read_header(r: &mut impl Read) -> Result<(u16, Head), WireError> {
    let mut hb = [0u8; HEADER];
    fill(r, &mut hb, 0)?;
    let head = Head::new(
        u16_at(&hb, 2),
        u16_at(&hb, 4),
        u32_at(&hb, 6),
        u32_at(&hb, 10),
    );
    Ok((u16_at(&hb, 0), head))
}

fn read_u16(r: &mut impl Read, before: usize) -> Result<u16, WireError> {
    let mut b = [0u8; 2];
    fill(r, &mut b, before)?;
    Ok(u16::from_be_bytes(b))
}

/// A frame as a server reads it ([`decode_bounded`]).
#[derive(Clone, PartialEq, Eq)]
pub enum Inbound {
    Frame(Msg),
    /// A MSG whose text is longer than the reader keeps, or an OKQEM (a server never needs
    /// its list): the header is kept, the body was read and dropped. `len`: its bytes of
    /// text, or its count of ids.
    Skipped {
        kind: u16,
        head: Head,
        len: usize,
    },
}

impl fmt::Display for Inbound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Inbound::Frame(m) => fmt::Display::fmt(m, f),
            Inbound::Skipped { kind, head, len } => {
                let name = NAMES[*kind as usize];
                let h = head;
                if f.alternate() {
                    return write!(f, "{name} {}→{} seq={}", h.orig, h.dest, h.seq);
                }
                write!(
                    f,
                    "{name} orig={} dest={} seq={} ts={}",
                    h.orig, h.dest, h.seq, h.ts
                )?;
                if *kind == 2 {
                    write!(f, " len={len} (text not kept)")
                } else {
                    write!(f, " count={len} (list not kept)")
                }
            }
        }
    }
}

/// The length of the frame `head` starts with, once `head` holds enough of it to tell: the
/// header, then for MSG and OKQEM the length or count after it (`None`: not yet). A frame of
/// an unknown type is its header: decoding stops there.
pub fn frame_len(head: &[u8]) -> Option<usize> {
    if head.len() < HEADER {
        return None;
    }
    match u16_at(head, 0) {
        2 | 6 if head.len() < HEADER + 2 => None,
        2 => Some(HEADER + 2 + u16_at(head, HEADER) as usize),
        6 => Some(HEADER + 2 + 2 * u16_at(head, HEADER) as usize),
        _ => Some(HEADER),
    }
}

/// Read exactly one frame, as a server does: a MSG text longer than `max_text` and every
/// OKQEM list are read and dropped ([`Inbound::Skipped`]), so no frame costs more memory than
/// a short MSG, and the stream stays in sync.
pub fn decode_bounded(r: &mut impl Read, max_text: usize) -> Result<Inbound, WireError> {
    let (kind, head) = read_header(r)?;
    match kind {
        2 => {
            let len = read_u16(r, HEADER)? as usize;
            if len <= max_text {
                let mut text = vec![0u8; len];
                fill(r, &mut text, HEADER + 2)?;
                return Ok(Inbound::Frame(Msg::Msg(head, text)));
            }
            skip(r, len, HEADER + 2)?;
            Ok(Inbound::Skipped { kind, head, len })
        }
        6 => {
            let len = read_u16(r, HEADER)? as usize;
            skip(r, 2 * len, HEADER + 2)?;
            Ok(Inbound::Skipped { kind, head, len })
        }
        _ => body(r, kind, head).map(Inbound::Frame),
    }
}

/// Read exactly one frame. Bodies are always read in full (a MSG of any length up to 65535,
/// an OKQEM of any count), so a frame that will be refused leaves the stream in sync.
pub fn decode(r: &mut impl Read) -> Result<Msg, WireError> {
    let (kind, head) = read_header(r)?;
    body(r, kind, head)
}

/// The rest of a frame whose header said `kind`.
fn body(r: &mut impl Read, kind: u16, head: Head) -> Result<Msg, WireError> {
    Ok(match kind {
        0 => Msg::Oi(head),
        1 => Msg::Flw(head),
        3 => Msg::Ok(head),
        4 => Msg::Erro(head),
        5 => Msg::Qem(head),
        2 => {
            let mut lb = [0u8; 2];
            fill(r, &mut lb, HEADER)?;
            let mut text = vec![0u8; u16::from_be_bytes(lb) as usize];
            fill(r, &mut text, HEADER + 2)?;
            Msg::Msg(head, text)
        }
        6 => {
            let mut cb = [0u8; 2];
            fill(r, &mut cb, HEADER)?;
            let mut raw = vec![0u8; 2 * u16::from_be_bytes(cb) as usize];
            fill(r, &mut raw, HEADER + 2)?;
            let ids = raw.chunks_exact(2).map(|c| u16_at(c, 0)).collect();
            Msg::Okqem(head, ids)
        }
        other => return Err(WireError::UnknownType(other)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::bytes::Trickle;

    fn every_type() -> Vec<Msg> {
        let h = Head::new(12, 1001, 0x0102_0304, 0xA0B0_C0D0);
        vec![
            Msg::Oi(Head::new(1, 0, 0, 1_700_000_000)),
            Msg::Flw(h),
            Msg::Msg(h, b"Oi, tudo bem?".to_vec()),
            Msg::Msg(h, Vec::new()),
            Msg::Msg(h, vec![0xff, 0xfe, b'a']),
            Msg::Msg(h, vec![b'x'; 65535]),
            Msg::Ok(h),
            Msg::Erro(h),
            Msg::Qem(h),
            Msg::Okqem(h, vec![1, 2, 1001, 1002]),
            Msg::Okqem(h, Vec::new()),
        ]
    }

    #[test]
    fn frame_len_is_known_from_the_first_bytes_and_never_short() {
        let mut unknown = Msg::Ok(Head::default()).to_bytes();
        unknown[1] = 9;
        for m in every_type() {
            let bytes = m.to_bytes();
            assert_eq!(frame_len(&bytes), Some(bytes.len()), "{m}");
            // Followed by the next frame, too.
            let mut two = bytes.clone();
            two.extend_from_slice(&unknown);
            assert_eq!(frame_len(&two), Some(bytes.len()), "{m}");
            let known = if matches!(m, Msg::Msg(..) | Msg::Okqem(..)) {
                HEADER + 2
            } else {
                HEADER
            };
            for cut in 0..bytes.len().min(64) {
                let len = frame_len(&bytes[..cut]);
                if cut < known {
                    assert_eq!(len, None, "{m}: {cut} bytes");
                } else {
                    assert_eq!(len, Some(bytes.len()), "{m}: {cut} bytes");
                }
            }
        }
        // An unknown type is refused from its header: that is all decoding reads of it.
        assert_eq!(frame_len(&unknown), Some(HEADER));
        assert!(matches!(
            decode(&mut &unknown[..]),
            Err(WireError::UnknownType(9))
        ));
    }

    #[test]
    fn header_is_byte_exact() {
        let bytes = Msg::Msg(Head::new(1, 0, 7, 0x0102_0304), b"hi".to_vec()).to_bytes();
        assert_eq!(
            bytes,
            [0, 2, 0, 1, 0, 0, 0, 0, 0, 7, 1, 2, 3, 4, 0, 2, b'h', b'i']
        );
        let bytes = Msg::Okqem(Head::new(0, 1001, 5, 9), vec![1, 1001]).to_bytes();
        assert_eq!(
            bytes,
            [
                0, 6, 0, 0, 0x03, 0xe9, 0, 0, 0, 5, 0, 0, 0, 9, 0, 2, 0, 1, 0x03, 0xe9
            ]
        );
    }

    #[test]
    fn round_trip_every_type() {
        for m in every_type() {
            let bytes = m.to_bytes();
            assert_eq!(bytes.len(), m.encoded_len());
            let back = decode(&mut &bytes[..]).unwrap();
            assert_eq!(back, m, "{m:?}");
        }
    }

    #[test]
    fn byte_by_byte_and_many_in_one_buffer() {
        let all = every_type();
        let mut stream = Vec::new();
        for m in &all {
            encode(m, &mut stream);
        }
        let mut trickle = Trickle(&stream);
        for m in &all {
            assert_eq!(&decode(&mut trickle).unwrap(), m);
        }
        assert!(matches!(decode(&mut trickle), Err(WireError::Eof)));

        let mut whole = &stream[..];
        for m in &all {
            assert_eq!(&decode(&mut whole).unwrap(), m);
        }
        assert!(matches!(decode(&mut whole), Err(WireError::Eof)));
    }

    #[test]
    fn eof_mid_frame_and_unknown_type() {
        let bytes = Msg::Msg(Head::new(1, 0, 1, 1), b"hello".to_vec()).to_bytes();
        for cut in 1..bytes.len() {
            match decode(&mut &bytes[..cut]) {
                Err(WireError::Truncated { got }) => assert_eq!(got, cut),
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
        let mut bad = Msg::Ok(Head::default()).to_bytes();
        bad[1] = 9;
        assert!(matches!(
            decode(&mut &bad[..]),
            Err(WireError::UnknownType(9))
        ));
    }

    #[test]
    fn oversize_body_is_read_fully_then_next_frame_follows() {
        let mut stream = Msg::Msg(Head::new(1, 0, 1, 1), vec![b'y'; 300]).to_bytes();
        encode(&Msg::Qem(Head::new(1, 1001, 2, 2)), &mut stream);
        let mut r = &stream[..];
        assert!(matches!(decode(&mut r).unwrap(), Msg::Msg(_, t) if t.len() == 300));
        assert_eq!(decode(&mut r).unwrap(), Msg::Qem(Head::new(1, 1001, 2, 2)));
    }

    #[test]
    fn bounded_decoding_drops_long_texts_and_lists_and_stays_in_sync() {
        let mut stream = Msg::Msg(Head::new(1, 0, 1, 1), vec![b'y'; 300]).to_bytes();
        encode(
            &Msg::Okqem(Head::new(0, 1001, 2, 2), vec![1; 700]),
            &mut stream,
        );
        encode(
            &Msg::Msg(Head::new(1, 0, 3, 3), vec![b'z'; 140]),
            &mut stream,
        );
        let mut trickle = Trickle(&stream);
        let got = decode_bounded(&mut trickle, MAX_TEXT).unwrap();
        assert_eq!(
            got,
            Inbound::Skipped {
                kind: 2,
                head: Head::new(1, 0, 1, 1),
                len: 300
            }
        );
        assert_eq!(
            got.to_string(),
            "MSG orig=1 dest=0 seq=1 ts=1 len=300 (text not kept)"
        );
        let got = decode_bounded(&mut trickle, MAX_TEXT).unwrap();
        assert!(matches!(
            got,
            Inbound::Skipped {
                kind: 6,
                len: 700,
                ..
            }
        ));
        let got = decode_bounded(&mut trickle, MAX_TEXT).unwrap();
        assert!(matches!(got, Inbound::Frame(Msg::Msg(h, t)) if h.seq == 3 && t.len() == 140));
        assert!(matches!(
            decode_bounded(&mut trickle, MAX_TEXT),
            Err(WireError::Eof)
        ));
        // Cut inside a skipped body: the count of bytes that came is still right.
        let long = Msg::Msg(Head::new(1, 0, 1, 1), vec![b'y'; 2000]).to_bytes();
        match decode_bounded(&mut &long[..1500], MAX_TEXT) {
            Err(WireError::Truncated { got }) => assert_eq!(got, 1500),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invalid_utf8_is_kept_and_shown_lossily() {
        let m =
            decode(&mut &Msg::Msg(Head::default(), vec![b'o', 0xff, b'i']).to_bytes()[..]).unwrap();
        let Msg::Msg(_, text) = m else { panic!() };
        assert_eq!(text, vec![b'o', 0xff, b'i']);
        assert_eq!(lossy(&text), "o\u{fffd}i");
    }
}
