//! How a protocol's bytes become frames and back: the [`Codec`] of a connection, [`Measured`]
//! for a codec whose frames say early how long they are (so the poller tells a frame whole
//! before decoding it, the check-then-parse of mini-redis's `Frame`), [`Format`]/[`Framed`]
//! for the self-delimiting wire formats, and the `--trace` lines of what came in.

use std::io::{self, Read};
use std::net::SocketAddr;
use std::time::Duration;

use super::reader::{Reader, Recorded};
use crate::term::log::{Dir, Log};
use crate::term::text::Lang;

/// How one protocol reads and writes frames on a stream.
///
/// A codec value lives with its connection in the owner's poller (it may keep state between
/// frames, like a line reader's partial line); encoding and showing are plain functions, used
/// by the owner when it sends.
pub trait Codec: Send + 'static {
    /// A frame received.
    type In: Send + 'static;
    /// Why the reader stopped: end of stream, an I/O error, a frame that breaks the framing.
    type End: From<io::Error> + Send + 'static;
    /// A frame to send.
    type Out: ?Sized;

    /// Read one frame.
    fn decode(&mut self, r: &mut Reader) -> Result<Self::In, Self::End>;
    /// Append the bytes of `frame` (one frame, written in one call: some peers take one
    /// `recv` for one message).
    fn encode(frame: &Self::Out, buf: &mut Vec<u8>);
    /// A frame received, as `--trace` shows it (decoded fields; never Rust `Debug` output),
    /// in `lang` (a note on a frame that gives a known mistake away is a sentence).
    fn show_in(frame: &Self::In, lang: Lang) -> String;
    /// A frame sent, as `--trace` shows it.
    fn show_out(frame: &Self::Out, lang: Lang) -> String;
    /// A frame received in its short form, where it has one (a diagram's arrow label:
    /// `MSG 1→1001 seq=3 "Ob-la-di"`).
    fn short_in(_frame: &Self::In) -> Option<String> {
        None
    }
    /// A frame sent in its short form, where it has one.
    fn short_out(_frame: &Self::Out) -> Option<String> {
        None
    }
    /// A read that ended on bytes that are no frame (framing lost, a line over the limit), as
    /// `--trace` shows it beside those bytes in hex: what they are and, when they give a known
    /// mistake away, a hint. `None` for an end with no bytes to show (end of stream, I/O).
    fn show_end(_end: &Self::End, _lang: Lang) -> Option<Undecoded> {
        None
    }
}

/// A frame as `--trace` shows it, and its short form for a diagram (`{:#}` writes it).
#[derive(Clone, Debug)]
pub struct Shown {
    pub line: String,
    pub short: Option<String>,
}

impl Shown {
    /// The trace line of a frame `C` received (its short form only when a diagram needs it).
    pub fn of_in<C: Codec>(frame: &C::In, log: &Log) -> Shown {
        Shown {
            line: C::show_in(frame, log.lang()),
            short: log.marking().then(|| C::short_in(frame)).flatten(),
        }
    }

    /// The trace line of a frame `C` sends.
    pub fn of_out<C: Codec>(frame: &C::Out, log: &Log) -> Shown {
        Shown {
            line: C::show_out(frame, log.lang()),
            short: log.marking().then(|| C::short_out(frame)).flatten(),
        }
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.short, f.alternate()) {
            (Some(short), true) => f.write_str(short),
            _ => f.write_str(&self.line),
        }
    }
}

/// The codec of a poller that never holds a connection (a role with no connections of its
/// own: [`owner::run`](super::owner::run)). No value of it exists.
pub enum NoConns {}

impl Codec for NoConns {
    type In = std::convert::Infallible;
    type End = io::Error;
    type Out = std::convert::Infallible;

    fn decode(&mut self, _: &mut Reader) -> Result<Self::In, Self::End> {
        match *self {}
    }
    fn encode(frame: &Self::Out, _: &mut Vec<u8>) {
        match *frame {}
    }
    fn show_in(frame: &Self::In, _: Lang) -> String {
        match *frame {}
    }
    fn show_out(frame: &Self::Out, _: Lang) -> String {
        match *frame {}
    }
}

impl Measured for NoConns {
    fn frame_len(&mut self, _: &[u8]) -> Option<usize> {
        match *self {}
    }
}

/// What `--trace` says about bytes that did not decode ([`Codec::show_end`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undecoded {
    /// What they are, e.g. `undecodable: unknown message type 768`.
    pub what: String,
    /// A known mistake they give away, e.g. `768 is 3 byte-swapped: a little-endian type?`.
    pub hint: Option<String>,
}

/// A codec whose frames say how long they are early on (a header with a length), so a frame
/// can be told complete from the bytes read so far: a [`poller`](super::poller) can then read
/// many connections on one thread, decoding each frame only once it is all there.
pub trait Measured: Codec {
    /// The length of the frame `head` starts with, once `head` holds enough of it to tell
    /// (`None`: more bytes are needed first). A frame the codec will refuse from its first
    /// bytes (an unknown type) is as long as those bytes.
    fn frame_len(&mut self, head: &[u8]) -> Option<usize>;

    /// How long the start of a frame may wait with nothing more arriving before it counts as
    /// whole (a line without its terminator); the codec is then handed what there is, and
    /// reading past it is an end of stream. `None`: a frame is whole only when it is all there.
    const IDLE: Option<Duration> = None;

    /// Whether the codec now only throws input away (after a violation, until the stream
    /// ends): what is read is dropped, and the codec decodes again only at the end.
    fn discarding(&self) -> bool {
        false
    }
}

/// `--trace` of a frame received (`bytes`: what it took, shown with `--trace=hex`).
pub(super) fn trace_in<C: Codec>(
    log: &Log,
    peer: SocketAddr,
    frame: &C::In,
    bytes: Option<Recorded>,
) {
    let hex = log.trace_mode() == crate::term::log::Trace::Hex;
    let bytes = bytes.filter(|_| hex).map(|r| r.bytes);
    log.trace(
        Dir::In,
        peer,
        Shown::of_in::<C>(frame, log),
        bytes.as_deref(),
    );
}

/// `--trace` of the bytes a read ended on when they are no frame: always in hex, with the
/// codec's reading of them and its hint.
pub(super) fn trace_end<C: Codec>(
    log: &Log,
    peer: SocketAddr,
    end: &C::End,
    bytes: Option<Recorded>,
) {
    if let Some(shown) = C::show_end(end, log.lang()) {
        let (bytes, total) = bytes.map_or((Vec::new(), 0), |r| (r.bytes, r.total));
        log.trace_undecoded(peer, &shown.what, &bytes, total);
        if let Some(hint) = &shown.hint {
            log.trace_remark(peer, hint);
        }
    }
}

/// A wire format whose frames are self-delimiting (each says how long it is), so a connection
/// keeps no state between frames; [`Framed`] makes it a [`Codec`].
pub trait Format: 'static {
    type Frame: std::fmt::Display + Send + 'static;
    type Error: From<io::Error> + Send + 'static;
    /// Read exactly one frame.
    fn decode(r: &mut impl Read) -> Result<Self::Frame, Self::Error>;
    /// Append one frame's bytes.
    fn encode(frame: &Self::Frame, buf: &mut Vec<u8>);
    /// `--trace`'s line for a frame: its `Display`, unless the format adds a note.
    fn show(frame: &Self::Frame, _lang: Lang) -> String {
        frame.to_string()
    }
    /// `--trace`'s reading of bytes that did not decode ([`Codec::show_end`]).
    fn show_error(_e: &Self::Error, _lang: Lang) -> Option<Undecoded> {
        None
    }
}

/// The [`Codec`] of a [`Format`]: `--trace` shows frames with their `Display`.
pub struct Framed<F>(std::marker::PhantomData<fn() -> F>);

impl<F> Framed<F> {
    pub fn new() -> Self {
        Framed(std::marker::PhantomData)
    }
}

impl<F> Default for Framed<F> {
    fn default() -> Self {
        Framed::new()
    }
}

impl<F: Format> Codec for Framed<F> {
    type In = F::Frame;
    type End = F::Error;
    type Out = F::Frame;

    fn decode(&mut self, r: &mut Reader) -> Result<F::Frame, F::Error> {
        F::decode(r)
    }

    fn encode(frame: &F::Frame, buf: &mut Vec<u8>) {
        F::encode(frame, buf);
    }

    fn show_in(frame: &F::Frame, lang: Lang) -> String {
        F::show(frame, lang)
    }

    fn show_out(frame: &F::Frame, lang: Lang) -> String {
        F::show(frame, lang)
    }

    fn short_in(frame: &F::Frame) -> Option<String> {
        Some(format!("{frame:#}"))
    }

    fn short_out(frame: &F::Frame) -> Option<String> {
        Some(format!("{frame:#}"))
    }

    fn show_end(e: &F::Error, lang: Lang) -> Option<Undecoded> {
        F::show_error(e, lang)
    }
}
