//! msg frames on a connection: [`wire`](super::wire) decodes and encodes them, `--trace`
//! shows them as `MSG orig=1 dest=0 seq=3 ts=… len=4 "text"`. Server and clients share it.

use super::wire::{self, Msg, WireError};
use crate::net::conn::{Codec, Reader};

/// The msg codec (stateless: every frame is self-delimiting).
pub struct Frames;

impl Codec for Frames {
    type In = Msg;
    type End = WireError;
    type Out = Msg;

    fn decode(&mut self, r: &mut Reader) -> Result<Msg, WireError> {
        wire::decode(r)
    }

    fn encode(frame: &Msg, buf: &mut Vec<u8>) {
        wire::encode(frame, buf);
    }

    fn show_in(frame: &Msg) -> String {
        frame.to_string()
    }

    fn show_out(frame: &Msg) -> String {
        frame.to_string()
    }
}
