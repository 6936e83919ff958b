//! Known mistakes of kv nodes in the wild, recognised from the frames and bytes they send or
//! from what they do (pure: no sockets, no printing). `netlab check` names them under a
//! failure; the node's log names the byte-order ones in its protocol-error lines, and
//! `--trace` notes them beside a frame. Each hint's sentence is in `text.rs`.
//!
//! The mistakes (spec/kv.md, "Interop notes"): little-endian fields (a size of 1536 for 6),
//! signed 16-bit ports (answers never reach ports from 32768 up), TTL off by one in either
//! direction, a servent that stops flooding once it has the key, no duplicate suppression (or an
//! origin that does not record its own flood), a topology list whose trailing spaces are kept,
//! and answers sent back on the request's connection instead of a new one.

use super::wire::{Flood, ID, MAX_SIZE, RESP, TTL};

/// A field, named as the spec names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Type,
    Ttl,
    Nseq,
    Port,
    Size,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Type => "type",
            Field::Ttl => "ttl",
            Field::Nseq => "nseq",
            Field::Port => "port",
            Field::Size => "size",
        }
    }
}

/// One recognised mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KvHint {
    /// `got` is `meant` with its bytes swapped: the field was written little-endian.
    Swapped { field: Field, got: u32, meant: u32 },
    /// Answers reach a port below 32768 but not one above: the port is read as a signed
    /// 16-bit number.
    SignedPort,
    /// A copy that arrived with ttl 1 was forwarded (with ttl 0).
    TtlForwardsDead,
    /// A copy that arrived with ttl 1 was not answered: the TTL is decremented (and checked)
    /// before answering.
    TtlDecrementsFirst,
    /// The node answered from its database and did not flood the request further.
    StopsFlooding,
    /// A copy of a flood seen before was answered or forwarded again.
    NoDedup,
    /// The node's own flood, come back from a neighbour, was answered again.
    OriginNotRecorded,
    /// The topology list grew with a double space: trailing spaces not removed.
    TrailingSpace,
    /// The answer came back on the request's connection, not on a new one.
    SameConnection,
}

/// `got` read where `want` was meant, its bytes swapped?
pub fn swapped16(field: Field, want: u16, got: u16) -> Option<KvHint> {
    (got != want && got == want.swap_bytes()).then_some(KvHint::Swapped {
        field,
        got: got.into(),
        meant: want.into(),
    })
}

/// [`swapped16`] for nseq.
pub fn swapped32(field: Field, want: u32, got: u32) -> Option<KvHint> {
    (got != want && got == want.swap_bytes()).then_some(KvHint::Swapped {
        field,
        got,
        meant: want,
    })
}

/// A size outside 1..=400 whose swap is inside (1536 for 6).
pub fn bad_size(n: usize) -> Option<KvHint> {
    let got = u16::try_from(n).ok()?;
    let meant = got.swap_bytes() as usize;
    (!(1..=MAX_SIZE).contains(&n) && (1..=MAX_SIZE).contains(&meant)).then_some(KvHint::Swapped {
        field: Field::Size,
        got: n as u32,
        meant: meant as u32,
    })
}

/// An unknown type whose swap is one of the six (2304 for RESP).
pub fn unknown_type(kind: u16) -> Option<KvHint> {
    let meant = kind.swap_bytes();
    (!(ID..=RESP).contains(&kind) && (ID..=RESP).contains(&meant)).then_some(KvHint::Swapped {
        field: Field::Type,
        got: kind.into(),
        meant: meant.into(),
    })
}

/// A flood whose ttl only makes sense byte-swapped (768 for 3).
pub fn flood(f: &Flood) -> Option<KvHint> {
    let meant = f.ttl.swap_bytes();
    (f.ttl > TTL && (1..=TTL).contains(&meant)).then_some(KvHint::Swapped {
        field: Field::Ttl,
        got: f.ttl.into(),
        meant: meant.into(),
    })
}

/// A topology list with a double space: a trailing space was kept before appending a name.
pub fn topology(info: &[u8]) -> Option<KvHint> {
    info.windows(2)
        .any(|w| w == b"  ")
        .then_some(KvHint::TrailingSpace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn sizes_and_types() {
        assert_eq!(
            bad_size(1536),
            Some(KvHint::Swapped {
                field: Field::Size,
                got: 1536,
                meant: 6
            })
        );
        assert_eq!(bad_size(401), None, "401 swapped is 37121");
        assert_eq!(bad_size(0), None);
        assert_eq!(bad_size(6), None);
        assert_eq!(bad_size(70_000), None);
        assert_eq!(
            unknown_type(2304),
            Some(KvHint::Swapped {
                field: Field::Type,
                got: 2304,
                meant: 9
            })
        );
        assert_eq!(unknown_type(3), None);
        assert_eq!(unknown_type(10), None);
    }

    #[test]
    fn expected_values() {
        assert!(swapped16(Field::Port, 6000, 6000u16.swap_bytes()).is_some());
        assert_eq!(swapped16(Field::Port, 6000, 6001), None);
        assert_eq!(swapped16(Field::Ttl, 0, 0), None);
        assert!(swapped32(Field::Nseq, 7, 7u32.swap_bytes()).is_some());
    }

    #[test]
    fn floods_and_topologies() {
        let mut f = Flood {
            ttl: 768,
            nseq: 0,
            ip: Ipv4Addr::LOCALHOST,
            port: 1,
            info: b"k".to_vec(),
        };
        assert_eq!(
            flood(&f),
            Some(KvHint::Swapped {
                field: Field::Ttl,
                got: 768,
                meant: 3
            })
        );
        f.ttl = 2;
        assert_eq!(flood(&f), None);
        assert_eq!(
            topology(b"10.0.0.1:5000  10.0.0.2:5000"),
            Some(KvHint::TrailingSpace)
        );
        assert_eq!(topology(b"10.0.0.1:5000 10.0.0.2:5000"), None);
    }
}
