//! The kv wire format (spec/kv.md): six message types, all integers unsigned big-endian, every
//! variable field 1 to 400 bytes. Pure: encoding into a buffer and decoding from any reader, no
//! sockets, threads or printing. A frame is decoded from a stream, so a message split over many
//! segments or several messages in one segment read the same.

use std::fmt;
use std::io::{self, Read};
use std::net::Ipv4Addr;

use crate::term::bytes::read_full;

/// Largest key, value or flood info (bytes); the smallest is 1.
pub const MAX_SIZE: usize = 400;
/// The TTL a flood starts with.
pub const TTL: u16 = 3;

pub const ID: u16 = 4;
pub const KEYREQ: u16 = 5;
pub const TOPOREQ: u16 = 6;
pub const KEYFLOOD: u16 = 7;
pub const TOPOFLOOD: u16 = 8;
pub const RESP: u16 = 9;

/// The body shared by KEYFLOOD and TOPOFLOOD: who asked (`ip`, `port`: where answers go),
/// which request (`nseq`), how far it may still travel (`ttl`), and the key or node list.
#[derive(Clone, PartialEq, Eq)]
pub struct Flood {
    pub ttl: u16,
    pub nseq: u32,
    pub ip: Ipv4Addr,
    pub port: u16,
    pub info: Vec<u8>,
}

/// One kv message.
#[derive(Clone, PartialEq, Eq)]
pub enum Msg {
    /// First message of every connection: 0 from a node, the answer port from a client.
    Id {
        port: u16,
    },
    KeyReq {
        nseq: u32,
        key: Vec<u8>,
    },
    TopoReq {
        nseq: u32,
    },
    KeyFlood(Flood),
    TopoFlood(Flood),
    Resp {
        nseq: u32,
        value: Vec<u8>,
    },
}

impl Msg {
    /// The type number on the wire.
    pub fn kind(&self) -> u16 {
        match self {
            Msg::Id { .. } => ID,
            Msg::KeyReq { .. } => KEYREQ,
            Msg::TopoReq { .. } => TOPOREQ,
            Msg::KeyFlood(_) => KEYFLOOD,
            Msg::TopoFlood(_) => TOPOFLOOD,
            Msg::Resp { .. } => RESP,
        }
    }
}

/// The name of a type number, for logs.
pub fn type_name(kind: u16) -> &'static str {
    match kind {
        ID => "ID",
        KEYREQ => "KEYREQ",
        TOPOREQ => "TOPOREQ",
        KEYFLOOD => "KEYFLOOD",
        TOPOFLOOD => "TOPOFLOOD",
        RESP => "RESP",
        _ => "UNKNOWN",
    }
}

/// Why a frame could not be encoded or decoded.
#[derive(Debug)]
pub enum WireError {
    /// The stream ended cleanly between two frames.
    Closed,
    /// The stream ended inside a frame.
    Truncated,
    /// A type number that is not one of the six.
    UnknownType(u16),
    /// A size field outside 1 to 400 (or a field of that length to encode).
    BadSize(usize),
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
            WireError::Closed => f.write_str("connection closed"),
            WireError::Truncated => f.write_str("connection closed in the middle of a message"),
            WireError::UnknownType(t) => write!(f, "unknown message type {t}"),
            WireError::BadSize(n) => write!(f, "size {n} outside 1 to {MAX_SIZE}"),
            WireError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl WireError {
    /// A protocol violation by the peer (as opposed to the stream ending or failing).
    pub fn is_protocol(&self) -> bool {
        matches!(
            self,
            WireError::UnknownType(_) | WireError::BadSize(_) | WireError::Truncated
        )
    }
}

fn check_size(n: usize) -> Result<u16, WireError> {
    if (1..=MAX_SIZE).contains(&n) {
        Ok(n as u16)
    } else {
        Err(WireError::BadSize(n))
    }
}

/// Append the encoding of `msg` to `out`. Fails (appending nothing) on a field outside
/// 1 to 400 bytes.
pub fn encode(msg: &Msg, out: &mut Vec<u8>) -> Result<(), WireError> {
    // Validate first so a failure leaves `out` untouched.
    match msg {
        Msg::KeyReq { key: data, .. } | Msg::Resp { value: data, .. } => {
            check_size(data.len())?;
        }
        Msg::KeyFlood(f) | Msg::TopoFlood(f) => {
            check_size(f.info.len())?;
        }
        Msg::Id { .. } | Msg::TopoReq { .. } => {}
    }
    out.extend_from_slice(&msg.kind().to_be_bytes());
    match msg {
        Msg::Id { port } => out.extend_from_slice(&port.to_be_bytes()),
        Msg::KeyReq { nseq, key: data } | Msg::Resp { nseq, value: data } => {
            out.extend_from_slice(&nseq.to_be_bytes());
            out.extend_from_slice(&(data.len() as u16).to_be_bytes());
            out.extend_from_slice(data);
        }
        Msg::TopoReq { nseq } => out.extend_from_slice(&nseq.to_be_bytes()),
        Msg::KeyFlood(f) | Msg::TopoFlood(f) => {
            out.extend_from_slice(&f.ttl.to_be_bytes());
            out.extend_from_slice(&f.nseq.to_be_bytes());
            out.extend_from_slice(&f.ip.octets());
            out.extend_from_slice(&f.port.to_be_bytes());
            out.extend_from_slice(&(f.info.len() as u16).to_be_bytes());
            out.extend_from_slice(&f.info);
        }
    }
    Ok(())
}

/// The encoding of `msg` as a new buffer (one frame, written with one write call).
pub fn to_bytes(msg: &Msg) -> Result<Vec<u8>, WireError> {
    let mut out = Vec::with_capacity(24);
    encode(msg, &mut out)?;
    Ok(out)
}

/// Fill `buf`; an end of stream before it is full is `Truncated`.
fn fill(r: &mut impl Read, buf: &mut [u8]) -> Result<(), WireError> {
    if read_full(r, buf)? == buf.len() {
        Ok(())
    } else {
        Err(WireError::Truncated)
    }
}

fn u16_from(r: &mut impl Read) -> Result<u16, WireError> {
    let mut b = [0; 2];
    fill(r, &mut b)?;
    Ok(u16::from_be_bytes(b))
}

fn u32_from(r: &mut impl Read) -> Result<u32, WireError> {
    let mut b = [0; 4];
    fill(r, &mut b)?;
    Ok(u32::from_be_bytes(b))
}

/// A size field then that many bytes.
fn sized_from(r: &mut impl Read) -> Result<Vec<u8>, WireError> {
    let size = u16_from(r)? as usize;
    check_size(size)?;
    let mut data = vec![0; size];
    fill(r, &mut data)?;
    Ok(data)
}

/// Read one frame. An end of stream before its first byte is `Closed`; inside it, `Truncated`.
pub fn decode(r: &mut impl Read) -> Result<Msg, WireError> {
    let mut kind = [0u8; 2];
    match read_full(r, &mut kind)? {
        0 => return Err(WireError::Closed),
        1 => return Err(WireError::Truncated),
        _ => {}
    }
    let kind = u16::from_be_bytes(kind);
    Ok(match kind {
        ID => Msg::Id { port: u16_from(r)? },
        KEYREQ => {
            let nseq = u32_from(r)?;
            Msg::KeyReq {
                nseq,
                key: sized_from(r)?,
            }
        }
        TOPOREQ => Msg::TopoReq { nseq: u32_from(r)? },
        KEYFLOOD | TOPOFLOOD => {
            let ttl = u16_from(r)?;
            let nseq = u32_from(r)?;
            let mut ip = [0; 4];
            fill(r, &mut ip)?;
            let port = u16_from(r)?;
            let flood = Flood {
                ttl,
                nseq,
                ip: Ipv4Addr::from(ip),
                port,
                info: sized_from(r)?,
            };
            if kind == KEYFLOOD {
                Msg::KeyFlood(flood)
            } else {
                Msg::TopoFlood(flood)
            }
        }
        RESP => {
            let nseq = u32_from(r)?;
            Msg::Resp {
                nseq,
                value: sized_from(r)?,
            }
        }
        other => return Err(WireError::UnknownType(other)),
    })
}

/// The length of the frame `head` starts with, once `head` holds enough of it to tell
/// (`None`: not yet), so a poller can tell a frame whole before decoding it. A frame the
/// decoder refuses from its first bytes (an unknown type, a size outside 1 to 400) is as long
/// as those bytes: decoding stops there.
pub fn frame_len(head: &[u8]) -> Option<usize> {
    let u16_at = |at: usize| {
        head.get(at..at + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)
    };
    // Where the size field of a frame with a variable part sits (after type and fixed fields).
    let sized = |at: usize| {
        let size = u16_at(at)?;
        Some(if (1..=MAX_SIZE).contains(&size) {
            at + 2 + size
        } else {
            at + 2
        })
    };
    match u16_at(0)? as u16 {
        ID => Some(4),
        TOPOREQ => Some(6),
        KEYREQ | RESP => sized(6),
        KEYFLOOD | TOPOFLOOD => sized(14),
        _ => Some(2),
    }
}

/// Bytes shown as text in logs and traces: quoted, invalid UTF-8 replaced.
pub struct Shown<'a>(pub &'a [u8]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", String::from_utf8_lossy(self.0))
    }
}

/// `--trace` shows a flood as `ttl=2 nseq=0 orig=127.0.0.1:6000 info="key"`.
impl fmt::Display for Flood {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ttl={} nseq={} orig={}:{} info={}",
            self.ttl,
            self.nseq,
            self.ip,
            self.port,
            Shown(&self.info)
        )
    }
}

impl fmt::Debug for Flood {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `--trace` shows a frame as its type name and fields, `KEYREQ nseq=0 key="tcpmux"` (and the
/// codec adds a note when a frame gives away a known mistake: `super::codec`).
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Msg::Id { port } => write!(f, "ID port={port}"),
            Msg::KeyReq { nseq, key } => write!(f, "KEYREQ nseq={nseq} key={}", Shown(key)),
            Msg::TopoReq { nseq } => write!(f, "TOPOREQ nseq={nseq}"),
            Msg::KeyFlood(fl) => write!(f, "KEYFLOOD {fl}"),
            Msg::TopoFlood(fl) => write!(f, "TOPOFLOOD {fl}"),
            Msg::Resp { nseq, value } => write!(f, "RESP nseq={nseq} value={}", Shown(value)),
        }
    }
}

impl fmt::Debug for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn frame_len_is_known_from_the_first_bytes_and_never_short() {
        let flood = Flood {
            ttl: 3,
            nseq: 7,
            ip: Ipv4Addr::new(127, 0, 0, 1),
            port: 6000,
            info: b"key".to_vec(),
        };
        let frames = [
            Msg::Id { port: 5000 },
            Msg::KeyReq {
                nseq: 1,
                key: b"k".to_vec(),
            },
            Msg::TopoReq { nseq: 2 },
            Msg::KeyFlood(flood.clone()),
            Msg::TopoFlood(flood),
            Msg::Resp {
                nseq: 3,
                value: vec![b'v'; MAX_SIZE],
            },
        ];
        for m in &frames {
            let bytes = to_bytes(m).unwrap();
            assert_eq!(frame_len(&bytes), Some(bytes.len()), "{m}");
            let mut two = bytes.clone();
            two.extend_from_slice(&bytes);
            assert_eq!(frame_len(&two), Some(bytes.len()), "{m}");
            // One byte at a time: unknown until it is known, and then the whole length.
            for cut in 0..bytes.len() {
                if let Some(len) = frame_len(&bytes[..cut]) {
                    assert_eq!(len, bytes.len(), "{m} cut at {cut}");
                }
            }
        }
        // Refused from their first bytes: the decoder reads no further.
        assert_eq!(frame_len(&[0, 42]), Some(2));
        assert_eq!(frame_len(&[0, 5, 0, 0, 0, 1, 0, 0]), Some(8));
        assert_eq!(frame_len(&[0, 5, 0, 0, 0, 1, 1, 145]), Some(8));
        assert_eq!(frame_len(&[0]), None);
    }
    use super::*;

    use crate::term::bytes::Trickle;

    fn flood(info: &[u8]) -> Flood {
        Flood {
            ttl: 3,
            nseq: 0x0102_0304,
            ip: Ipv4Addr::new(10, 0, 0, 6),
            port: 6000,
            info: info.to_vec(),
        }
    }

    fn samples() -> Vec<Msg> {
        vec![
            Msg::Id { port: 0 },
            Msg::Id { port: 65535 },
            Msg::KeyReq {
                nseq: 0,
                key: b"tcpmux".to_vec(),
            },
            Msg::TopoReq { nseq: u32::MAX },
            Msg::KeyFlood(flood(b"nbp")),
            Msg::TopoFlood(flood(b"10.0.0.1:5000 ")),
            Msg::Resp {
                nseq: 7,
                value: b"      1/tcp      # TCP Port Service Multiplexer".to_vec(),
            },
        ]
    }

    #[test]
    fn byte_exact_layouts() {
        let cases: Vec<(Msg, Vec<u8>)> = vec![
            (Msg::Id { port: 9095 }, vec![0, 4, 0x23, 0x87]),
            (
                Msg::KeyReq {
                    nseq: 1,
                    key: b"ab".to_vec(),
                },
                vec![0, 5, 0, 0, 0, 1, 0, 2, b'a', b'b'],
            ),
            (Msg::TopoReq { nseq: 258 }, vec![0, 6, 0, 0, 1, 2]),
            (
                Msg::KeyFlood(Flood {
                    ttl: 3,
                    nseq: 2,
                    ip: Ipv4Addr::new(127, 0, 0, 1),
                    port: 9095,
                    info: b"k".to_vec(),
                }),
                vec![0, 7, 0, 3, 0, 0, 0, 2, 127, 0, 0, 1, 0x23, 0x87, 0, 1, b'k'],
            ),
            (
                Msg::TopoFlood(Flood {
                    ttl: 1,
                    nseq: 0,
                    ip: Ipv4Addr::new(10, 0, 0, 6),
                    port: 6000,
                    info: b"x".to_vec(),
                }),
                vec![0, 8, 0, 1, 0, 0, 0, 0, 10, 0, 0, 6, 0x17, 0x70, 0, 1, b'x'],
            ),
            (
                Msg::Resp {
                    nseq: 65536,
                    value: b"v".to_vec(),
                },
                vec![0, 9, 0, 1, 0, 0, 0, 1, b'v'],
            ),
        ];
        for (msg, bytes) in cases {
            assert_eq!(to_bytes(&msg).unwrap(), bytes, "{msg:?}");
            assert_eq!(decode(&mut &bytes[..]).unwrap(), msg);
        }
    }

    #[test]
    fn round_trip_every_type_whole_split_and_coalesced() {
        let msgs = samples();
        let mut stream = Vec::new();
        for m in &msgs {
            let one = to_bytes(m).unwrap();
            assert_eq!(decode(&mut &one[..]).unwrap(), *m);
            assert_eq!(decode(&mut Trickle(&one)).unwrap(), *m);
            stream.extend_from_slice(&one);
        }
        // Coalesced: all frames in one buffer.
        let mut r = &stream[..];
        for m in &msgs {
            assert_eq!(decode(&mut r).unwrap(), *m);
        }
        assert!(matches!(decode(&mut r), Err(WireError::Closed)));
        // Coalesced and split at once: the same stream one byte per read.
        let mut t = Trickle(&stream);
        for m in &msgs {
            assert_eq!(decode(&mut t).unwrap(), *m);
        }
        assert!(matches!(decode(&mut t), Err(WireError::Closed)));
    }

    #[test]
    fn size_bounds_on_encode() {
        // Every type with a sized field, that field `n` bytes long.
        let sized = |n: usize| {
            let data = vec![b'x'; n];
            [
                Msg::KeyReq {
                    nseq: 1,
                    key: data.clone(),
                },
                Msg::Resp {
                    nseq: 1,
                    value: data.clone(),
                },
                Msg::KeyFlood(flood(&data)),
                Msg::TopoFlood(flood(&data)),
            ]
        };
        for n in [1, 2, 399, 400] {
            for m in sized(n) {
                let bytes = to_bytes(&m).unwrap();
                assert_eq!(decode(&mut &bytes[..]).unwrap(), m);
            }
        }
        for n in [0, 401, 65535] {
            let mut out = vec![1, 2];
            for m in sized(n) {
                assert!(matches!(encode(&m, &mut out), Err(WireError::BadSize(s)) if s == n));
                assert_eq!(out, [1, 2], "a failed encode appends nothing");
            }
        }
    }

    #[test]
    fn size_bounds_on_decode() {
        // KEYREQ, RESP, KEYFLOOD, TOPOFLOOD headers up to (not including) the size field.
        let heads: [Vec<u8>; 4] = [
            vec![0, 5, 0, 0, 0, 0],
            vec![0, 9, 0, 0, 0, 0],
            vec![0, 7, 0, 3, 0, 0, 0, 0, 127, 0, 0, 1, 0, 80],
            vec![0, 8, 0, 3, 0, 0, 0, 0, 127, 0, 0, 1, 0, 80],
        ];
        for head in &heads {
            for size in [0u16, 401, 65535] {
                let mut b = head.clone();
                b.extend_from_slice(&size.to_be_bytes());
                b.extend(std::iter::repeat_n(b'x', size as usize));
                let got = decode(&mut &b[..]);
                assert!(
                    matches!(got, Err(WireError::BadSize(s)) if s == size as usize),
                    "{head:?} size {size}: {got:?}"
                );
            }
            for size in [1u16, 400] {
                let mut b = head.clone();
                b.extend_from_slice(&size.to_be_bytes());
                b.extend(std::iter::repeat_n(b'x', size as usize));
                assert!(decode(&mut &b[..]).is_ok());
            }
        }
    }

    #[test]
    fn bad_streams() {
        assert!(matches!(
            decode(&mut &[0u8, 3, 0, 0][..]),
            Err(WireError::UnknownType(3))
        ));
        assert!(matches!(
            decode(&mut &[0xffu8, 0xff][..]),
            Err(WireError::UnknownType(0xffff))
        ));
        assert!(matches!(decode(&mut &[][..]), Err(WireError::Closed)));
        // Every proper prefix of a frame is a truncated frame.
        for m in samples() {
            let bytes = to_bytes(&m).unwrap();
            for cut in 1..bytes.len() {
                assert!(
                    matches!(decode(&mut &bytes[..cut]), Err(WireError::Truncated)),
                    "{m:?} cut at {cut}"
                );
            }
        }
    }
}
