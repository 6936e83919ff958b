//! Known mistakes of msg implementations in the wild, recognised from the frames and bytes they
//! send (pure: no sockets, no printing). `netlab check` names them under a failure, the server
//! names them in its log, and `--trace` notes them beside the frame; each hint's sentence is in
//! `text.rs`.
//!
//! - Byte order: a field written little-endian reads as its bytes swapped (orig 1280 for 5, a
//!   length of 512 for 2, a type of 768 for OK).
//! - MSG text as a fixed 140-byte NUL-padded field: NUL bytes after the text (they decode as
//!   all-zero frames), or a length of 140 whose text ends in NULs.
//! - The later edition of the assignment: an 8-byte header `type orig dest seq` (OK=1 ERRO=2
//!   OI=3 FLW=4 MSG=5 CREQ=6 CLIST=7), the server's id 65535, displays from 4096.

use super::wire::{DISPLAYS, EMITTERS, MAX_TEXT, Msg};

/// A header or body field, named as the spec names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Type,
    Orig,
    Dest,
    Seq,
    Timestamp,
    Length,
    Count,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Type => "type",
            Field::Orig => "orig",
            Field::Dest => "dest",
            Field::Seq => "seq",
            Field::Timestamp => "timestamp",
            Field::Length => "length",
            Field::Count => "count",
        }
    }
}

/// One recognised mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgHint {
    /// `got` is `meant` with its bytes swapped: the field was written little-endian.
    Swapped { field: Field, got: u32, meant: u32 },
    /// The text travels as a fixed 140-byte field padded with NULs.
    FixedText,
    /// A relayed MSG carries the emitter's timestamp, not the server's receive time.
    KeptTimestamp,
    /// A broadcast was relayed with dest 0 instead of each display's id.
    DestNotRewritten,
    /// 8-byte frames of the later edition (`type orig dest seq`, the server's id 65535).
    LaterEdition,
}

/// The server's id in the later edition, its types (1..=7) and the size of its header.
const LATER_SERVER: u16 = 65535;
const LATER_TYPES: std::ops::RangeInclusive<u16> = 1..=7;
const LATER_HEAD: usize = 8;

/// Do the first bytes a server sent read as a frame of the later edition: a known type of
/// it, sent by the server's id 65535 (`00 01 ff ff …` is its OK)?
pub fn later_edition(bytes: &[u8]) -> Option<MsgHint> {
    let word = |i: usize| u16::from_be_bytes([bytes[i], bytes[i + 1]]);
    (bytes.len() >= LATER_HEAD && LATER_TYPES.contains(&word(0)) && word(2) == LATER_SERVER)
        .then_some(MsgHint::LaterEdition)
}

/// How far from our clock a timestamp may be and still look like "now" (students' machines
/// and virtual machines keep poor time).
const NEAR: u32 = 30 * 86_400;

fn near(t: u32, now: u32) -> bool {
    t.abs_diff(now) <= NEAR
}

/// `got` read where `want` was meant, its bytes swapped? (A value equal to its own swap, such
/// as 0, tells nothing.)
pub fn swapped16(field: Field, want: u16, got: u16) -> Option<MsgHint> {
    (got != want && got == want.swap_bytes()).then_some(MsgHint::Swapped {
        field,
        got: got.into(),
        meant: want.into(),
    })
}

/// [`swapped16`] for the 32-bit fields.
pub fn swapped32(field: Field, want: u32, got: u32) -> Option<MsgHint> {
    (got != want && got == want.swap_bytes()).then_some(MsgHint::Swapped {
        field,
        got,
        meant: want,
    })
}

/// An unknown type whose swap is a known one (768 is OK written little-endian).
pub fn unknown_type(kind: u16) -> Option<MsgHint> {
    let meant = kind.swap_bytes();
    (kind > 6 && meant <= 6).then_some(MsgHint::Swapped {
        field: Field::Type,
        got: kind.into(),
        meant: meant.into(),
    })
}

/// A refused text length whose swap is an acceptable one (512 for 2).
pub fn text_length(len: usize) -> Option<MsgHint> {
    let n = u16::try_from(len).ok()?;
    let meant = n.swap_bytes() as usize;
    (len > MAX_TEXT && (1..=MAX_TEXT).contains(&meant)).then_some(MsgHint::Swapped {
        field: Field::Length,
        got: len as u32,
        meant: meant as u32,
    })
}

/// An all-zero frame: 14 NUL bytes read as `OI orig=0 dest=0 seq=0 ts=0`, which is what the
/// padding after a fixed-size text turns into.
pub fn padding(m: &Msg) -> bool {
    matches!(m, Msg::Oi(h) if *h == Default::default())
}

/// The bytes that followed a MSG's text are NUL padding (at least two, all zero).
pub fn padding_bytes(after: &[u8]) -> bool {
    after.len() >= 2 && after.iter().all(|&b| b == 0)
}

/// A text of exactly 140 bytes that ends in NULs after some text: the length says 140 for any
/// message, and the rest is padding.
pub fn padded_text(text: &[u8]) -> bool {
    text.len() == MAX_TEXT && text.ends_with(&[0, 0]) && text.iter().any(|&b| b != 0)
}

/// What one frame alone gives away (`now`: our clock, for timestamps): padding, a padded
/// text, a timestamp or an id that only makes sense byte-swapped.
pub fn frame(m: &Msg, now: u32) -> Option<MsgHint> {
    if padding(m) {
        return Some(MsgHint::FixedText);
    }
    if let Msg::Msg(_, text) = m
        && padded_text(text)
    {
        return Some(MsgHint::FixedText);
    }
    let h = m.head();
    // A timestamp that reads right big-endian: the frame was written big-endian, so an id past
    // the ranges that is a round multiple of 256 (4096, a later edition's display) is a value
    // of its own, not 16 swapped; one like 59651 (1001 swapped) is still a forgotten htons.
    let big_endian = near(h.ts, now);
    if !big_endian && near(h.ts.swap_bytes(), now) {
        return Some(MsgHint::Swapped {
            field: Field::Timestamp,
            got: h.ts,
            meant: h.ts.swap_bytes(),
        });
    }
    // Ids past every range whose swap is a real id (1001 written little-endian is 59651).
    let real = |id: u16| EMITTERS.contains(&id) || DISPLAYS.contains(&id);
    for (field, id) in [(Field::Orig, h.orig), (Field::Dest, h.dest)] {
        if id > *DISPLAYS.end() && real(id.swap_bytes()) && !(big_endian && id % 256 == 0) {
            return Some(MsgHint::Swapped {
                field,
                got: id.into(),
                meant: id.swap_bytes().into(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::wire::Head;
    use super::*;

    const NOW: u32 = 1_700_000_000;

    #[test]
    fn swapped_fields() {
        assert_eq!(
            swapped16(Field::Orig, 5, 1280),
            Some(MsgHint::Swapped {
                field: Field::Orig,
                got: 1280,
                meant: 5
            })
        );
        assert_eq!(swapped16(Field::Orig, 5, 5), None);
        assert_eq!(swapped16(Field::Orig, 0, 0), None);
        assert_eq!(swapped16(Field::Dest, 1001, 1002), None);
        assert!(swapped32(Field::Seq, 1, 1 << 24).is_some());
        assert_eq!(swapped32(Field::Seq, 1, 2), None);
    }

    #[test]
    fn types_and_lengths() {
        assert_eq!(
            unknown_type(768),
            Some(MsgHint::Swapped {
                field: Field::Type,
                got: 768,
                meant: 3
            })
        );
        assert_eq!(unknown_type(7), None);
        assert_eq!(unknown_type(9), None);
        assert_eq!(
            text_length(512),
            Some(MsgHint::Swapped {
                field: Field::Length,
                got: 512,
                meant: 2
            })
        );
        assert_eq!(text_length(141), None, "141 swapped is 36096");
        assert_eq!(text_length(70_000), None);
        assert_eq!(text_length(2), None);
    }

    #[test]
    fn padding_and_fixed_text() {
        let zero = Msg::Oi(Head::default());
        assert!(padding(&zero));
        assert_eq!(frame(&zero, NOW), Some(MsgHint::FixedText));
        assert!(!padding(&Msg::Oi(Head::new(1, 0, 0, 0))));
        assert!(padding_bytes(&[0; 138]));
        assert!(!padding_bytes(&[0]));
        assert!(!padding_bytes(&[0, 3, 0]));
        let mut text = b"hi".to_vec();
        text.resize(140, 0);
        assert!(padded_text(&text));
        assert_eq!(
            frame(&Msg::Msg(Head::new(1, 0, 0, NOW), text), NOW),
            Some(MsgHint::FixedText)
        );
        assert!(!padded_text(&[0; 140]));
        assert!(!padded_text(b"hi\0\0"));
    }

    #[test]
    fn frames_that_only_make_sense_swapped() {
        let ok = Msg::Ok(Head::new(0, 5, 0, NOW));
        assert_eq!(frame(&ok, NOW), None, "a healthy frame has no hint");
        let le = Msg::Oi(Head::new(1280, 0, 0, NOW.swap_bytes()));
        assert_eq!(
            frame(&le, NOW),
            Some(MsgHint::Swapped {
                field: Field::Timestamp,
                got: NOW.swap_bytes(),
                meant: NOW
            })
        );
        let dest = Msg::Msg(Head::new(1, 1001u16.swap_bytes(), 0, NOW), b"x".to_vec());
        assert_eq!(
            frame(&dest, NOW),
            Some(MsgHint::Swapped {
                field: Field::Dest,
                got: 59651,
                meant: 1001
            })
        );
        // A timestamp of 0 (or any far one whose swap is far too) is not a byte-order slip.
        assert_eq!(frame(&Msg::Qem(Head::new(1, 1001, 3, 0)), NOW), None);
        // 4096 in a frame whose timestamp reads right big-endian is 4096, not 16 swapped.
        let big = Msg::Msg(Head::new(1, 4096, 0, NOW), b"x".to_vec());
        assert_eq!(frame(&big, NOW), None);
    }

    #[test]
    fn the_later_edition() {
        // Its OK (type 1) from the server (65535) to 3, seq 0.
        assert_eq!(
            later_edition(&[0, 1, 0xff, 0xff, 0, 3, 0, 0]),
            Some(MsgHint::LaterEdition)
        );
        assert_eq!(later_edition(&[0, 1, 0xff, 0xff, 0, 3, 0]), None, "short");
        assert_eq!(
            later_edition(&[0, 3, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0]),
            None
        );
        assert_eq!(later_edition(&[0, 9, 0xff, 0xff, 0, 3, 0, 0]), None);
    }
}
