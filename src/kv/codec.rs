//! kv frames on a connection: [`wire`](super::wire) decodes and encodes them; `--trace` shows
//! them with their fields and, when a flood gives away a known mistake of other
//! implementations ([`hints`](super::hints)), a note in the user's language:
//! `KEYFLOOD ttl=768 … — 768 is 3 byte-swapped: a little-endian ttl?`.

use std::io::Read;

use super::text::KvText;
use super::wire::{self, Msg, WireError};
use crate::net::conn::{Format, Framed, Measured, Undecoded};
use crate::term::text::{Lang, Text};

/// The kv format.
pub struct Wire;

impl Format for Wire {
    type Frame = Msg;
    type Error = WireError;

    fn decode(r: &mut impl Read) -> Result<Msg, WireError> {
        wire::decode(r)
    }

    /// Nodes and clients only build frames whose fields fit (keys and values are checked
    /// where they enter: the command line, the database, the flood that brought them).
    fn encode(frame: &Msg, buf: &mut Vec<u8>) {
        let fits = wire::encode(frame, buf).is_ok();
        debug_assert!(fits, "a kv frame with a field outside 1 to 400: {frame}");
    }

    fn show(frame: &Msg, lang: Lang) -> String {
        let hint = match frame {
            Msg::KeyFlood(fl) => super::hints::flood(fl),
            Msg::TopoFlood(fl) => super::hints::flood(fl).or(super::hints::topology(&fl.info)),
            _ => None,
        };
        match hint {
            Some(hint) => format!("{frame} — {}", hint.render(lang)),
            None => frame.to_string(),
        }
    }

    /// Bytes that are no frame (its reading carries the hint, when there is one).
    fn show_error(e: &WireError, lang: Lang) -> Option<Undecoded> {
        e.is_protocol().then(|| Undecoded {
            what: KvText::Undecodable(e).render(lang),
            hint: None,
        })
    }
}

/// kv frames on a connection.
pub type Frames = Framed<Wire>;

/// Every frame's length is known from its type and size field: a poller can read a node's
/// connections and a client's link on the owner's thread.
impl Measured for Frames {
    fn frame_len(&mut self, head: &[u8]) -> Option<usize> {
        wire::frame_len(head)
    }
}
