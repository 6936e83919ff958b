//! kv frames on a connection: [`wire`](super::wire) decodes and encodes them, `--trace`
//! shows them as `KEYFLOOD ttl=2 nseq=0 orig=127.0.0.1:6000 info="key"`. Nodes and clients
//! share it.

use super::wire::{self, Msg, WireError};
use crate::net::conn::{Codec, Reader};

/// The kv codec (stateless: every frame is self-delimiting).
pub struct Frames;

impl Codec for Frames {
    type In = Msg;
    type End = WireError;
    type Out = Msg;

    fn decode(&mut self, r: &mut Reader) -> Result<Msg, WireError> {
        wire::decode(r)
    }

    /// Nodes and clients only build frames whose fields fit (keys and values are checked
    /// where they enter: the command line, the database, the flood that brought them).
    fn encode(frame: &Msg, buf: &mut Vec<u8>) {
        let fits = wire::encode(frame, buf).is_ok();
        debug_assert!(fits, "a kv frame with a field outside 1..=400: {frame}");
    }

    fn show_in(frame: &Msg) -> String {
        frame.to_string()
    }

    fn show_out(frame: &Msg) -> String {
        frame.to_string()
    }
}
