//! msg frames on a connection: [`wire`](super::wire) decodes and encodes them; `--trace` shows
//! them with their fields and, when a frame gives away a known mistake of other
//! implementations ([`hints::frame`](super::hints::frame)), a note in the user's language:
//! `OI orig=0 dest=0 seq=0 ts=0 — NUL padding after the text…`.

use std::io::Read;

use super::text::MsgText;
use super::wire::{self, Inbound, MAX_TEXT, Msg, WireError};
use crate::net::conn::{Codec, Format, Framed, Measured, Reader, Undecoded};
use crate::term::text::{Lang, Text};

/// The msg format.
pub struct Wire;

impl Format for Wire {
    type Frame = Msg;
    type Error = WireError;

    fn decode(r: &mut impl Read) -> Result<Msg, WireError> {
        wire::decode(r)
    }

    fn encode(frame: &Msg, buf: &mut Vec<u8>) {
        wire::encode(frame, buf);
    }

    fn show(frame: &Msg, lang: Lang) -> String {
        match super::hints::frame(frame, super::timestamp()) {
            Some(hint) => format!("{frame} — {}", hint.render(lang)),
            None => frame.to_string(),
        }
    }

    fn show_error(e: &WireError, lang: Lang) -> Option<Undecoded> {
        undecoded(e, lang)
    }
}

/// What bytes that ended a read are, and the hint they give away (an unknown type that is a
/// known one byte-swapped): `None` for a clean end or an I/O error, which carry no bytes.
pub fn undecoded(e: &WireError, lang: Lang) -> Option<Undecoded> {
    let hint = match e {
        WireError::UnknownType(t) => super::hints::unknown_type(*t),
        WireError::Truncated { .. } => None,
        WireError::Eof | WireError::Io(_) => return None,
    };
    Some(Undecoded {
        what: MsgText::Undecodable(e).render(lang),
        hint: hint.map(|h| h.render(lang)),
    })
}

/// [`undecoded`] as one phrase for an error line: `undecodable: … — 768 is 3 byte-swapped…`.
pub fn undecoded_phrase(e: &WireError, lang: Lang) -> Option<String> {
    let u = undecoded(e, lang)?;
    Some(match u.hint {
        Some(hint) => format!("{} — {hint}", u.what),
        None => u.what,
    })
}

/// msg frames on a connection.
pub type Frames = Framed<Wire>;

/// A client's connection is read by its owner's poller too: the same lengths.
impl Measured for Frames {
    fn frame_len(&mut self, head: &[u8]) -> Option<usize> {
        wire::frame_len(head)
    }
}

/// The server's side of a connection: frames read with [`wire::decode_bounded`] (texts of at
/// most [`MAX_TEXT`] bytes kept), frames sent as [`Msg`].
#[derive(Default)]
pub struct ServerFrames;

impl Codec for ServerFrames {
    type In = Inbound;
    type End = WireError;
    type Out = Msg;

    fn decode(&mut self, r: &mut Reader) -> Result<Inbound, WireError> {
        wire::decode_bounded(r, MAX_TEXT)
    }

    fn encode(frame: &Msg, buf: &mut Vec<u8>) {
        wire::encode(frame, buf);
    }

    fn show_in(frame: &Inbound, lang: Lang) -> String {
        match frame {
            Inbound::Frame(m) => Wire::show(m, lang),
            skipped => skipped.to_string(),
        }
    }

    fn show_out(frame: &Msg, lang: Lang) -> String {
        Wire::show(frame, lang)
    }

    fn short_in(frame: &Inbound) -> Option<String> {
        Some(format!("{frame:#}"))
    }

    fn short_out(frame: &Msg) -> Option<String> {
        Some(format!("{frame:#}"))
    }

    fn show_end(e: &WireError, lang: Lang) -> Option<Undecoded> {
        undecoded(e, lang)
    }
}

/// Every frame says its length in its first 16 bytes: a poller can read the server's
/// connections.
impl Measured for ServerFrames {
    fn frame_len(&mut self, head: &[u8]) -> Option<usize> {
        wire::frame_len(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::wire::Head;

    #[test]
    fn frames_that_give_a_mistake_away_carry_a_note() {
        let zero = Msg::Oi(Head::default());
        assert_eq!(zero.to_string(), "OI orig=0 dest=0 seq=0 ts=0");
        let shown = Wire::show(&zero, Lang::En);
        assert!(
            shown.starts_with("OI orig=0 dest=0 seq=0 ts=0 — NUL padding after the text"),
            "{shown}"
        );
        let fine = Msg::Ok(Head::new(0, 5, 0, crate::msg::timestamp()));
        assert_eq!(Wire::show(&fine, Lang::En), fine.to_string());
    }
}
