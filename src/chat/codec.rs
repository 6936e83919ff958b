//! chat lines on connections: the three codecs of the two conversations, over the line framing
//! of [`wire`](super::wire). `--trace` shows each line as it is on the wire, without its
//! terminator.
//!
//! - [`Requests`]: what the directory server reads from a peer (after an oversize line it
//!   discards the rest, so the connection closes with a FIN behind the `ERR`).
//! - [`Replies`]: what a peer reads from its directory server (long `LIST`s allowed).
//! - [`Talk`]: one conversation between two peers.

use std::io;
use std::time::Duration;

use super::text::Chat;
use super::wire::{
    BadUser, IDLE, LineReader, MAX_LINE, MAX_SERVER_LINE, PeerLine, Reply, Request, Source,
    WireError, put_line,
};
use crate::net::conn::{Codec, Measured, Reader, Undecoded};
use crate::term::text::{Lang, Text};

/// The wait for the rest of a partial line is the poller's ([`Measured::IDLE`]): it hands the
/// codec what there is once the line sat idle, and reading past it is the end of the bytes.
impl Source for Reader {
    fn set_idle(&mut self, _limit: Option<Duration>) -> io::Result<()> {
        Ok(())
    }
}

/// What the directory server reads from a peer.
#[derive(Debug)]
pub enum FromPeer {
    /// One line, parsed (a malformed `USER` is an error the server answers with `ERR`).
    Req(Result<Request, BadUser>),
    /// An empty line: proof of life, nothing else.
    Blank,
    /// A line over the limit; the reader now discards input until the stream ends.
    TooLong,
}

/// The directory server's side of a peer's connection.
pub struct Requests {
    lines: LineReader,
    violated: bool,
    scan: LineScan,
}

impl Requests {
    pub fn new() -> Requests {
        Requests {
            lines: LineReader::new(MAX_LINE),
            violated: false,
            scan: LineScan::default(),
        }
    }
}

impl Default for Requests {
    fn default() -> Self {
        Requests::new()
    }
}

impl Codec for Requests {
    type In = FromPeer;
    type End = WireError;
    /// A line, without its terminator.
    type Out = str;

    fn decode(&mut self, r: &mut Reader) -> Result<FromPeer, WireError> {
        self.scan.reset();
        if self.violated {
            return Err(self.lines.drain(r));
        }
        match self.lines.next_line(r) {
            Ok(line) if line.trim().is_empty() => Ok(FromPeer::Blank),
            Ok(line) => Ok(FromPeer::Req(Request::parse(&line))),
            Err(WireError::TooLong) => {
                self.violated = true;
                Ok(FromPeer::TooLong)
            }
            Err(e) => Err(e),
        }
    }

    fn encode(line: &str, buf: &mut Vec<u8>) {
        put_line(buf, line);
    }

    fn show_in(frame: &FromPeer, _lang: Lang) -> String {
        match frame {
            FromPeer::Req(Ok(req)) => req.line(),
            FromPeer::Req(Err(bad)) => format!("USER ({bad})"),
            FromPeer::Blank => String::new(),
            FromPeer::TooLong => format!("(a line over {MAX_LINE} bytes)"),
        }
    }

    fn show_out(line: &str, _lang: Lang) -> String {
        line.to_string()
    }
}

/// The directory server reads every peer on its owner's thread: a line is whole at its `\n`,
/// or once [`IDLE`] passed with nothing more arriving (the socket read timeout of a reader
/// thread, as a deadline of the owner's loop), or as soon as it is over the limit.
impl Measured for Requests {
    fn frame_len(&mut self, head: &[u8]) -> Option<usize> {
        self.scan.len(head, MAX_LINE)
    }

    const IDLE: Option<Duration> = Some(IDLE);

    fn discarding(&self) -> bool {
        self.violated
    }
}

/// The search for the end of the line a connection's unread bytes start with. Those bytes
/// only grow until a line is decoded, so what was looked at is not looked at again: a 4 MiB
/// line arriving in pieces costs one pass, not one per piece.
#[derive(Debug, Default)]
pub struct LineScan {
    scanned: usize,
}

impl LineScan {
    /// The length of the line `head` starts with: up to its `\n`, or all of it once it is
    /// over `max` (the line reader then says it is too long).
    fn len(&mut self, head: &[u8], max: usize) -> Option<usize> {
        let from = self.scanned.min(head.len());
        match head[from..].iter().position(|&b| b == b'\n') {
            Some(end) => {
                self.scanned = 0;
                Some(from + end + 1)
            }
            // One byte of slack, as the line reader allows: a full-length line's `\r`.
            None if head.len() > max + 1 => {
                self.scanned = 0;
                Some(head.len())
            }
            None => {
                self.scanned = head.len();
                None
            }
        }
    }

    /// A line was decoded (whole, or taken as whole after the idle time): start again.
    fn reset(&mut self) {
        self.scanned = 0;
    }
}

/// A peer's side of its connection to the directory server.
pub struct Replies(LineReader, LineScan);

impl Replies {
    pub fn new() -> Replies {
        Replies(LineReader::new(MAX_SERVER_LINE), LineScan::default())
    }
}

impl Default for Replies {
    fn default() -> Self {
        Replies::new()
    }
}

impl Codec for Replies {
    type In = Reply;
    type End = WireError;
    type Out = Request;

    fn decode(&mut self, r: &mut Reader) -> Result<Reply, WireError> {
        self.1.reset();
        self.0.next_line(r).map(|l| Reply::parse(&l))
    }

    fn encode(req: &Request, buf: &mut Vec<u8>) {
        put_line(buf, &req.line());
    }

    fn show_in(reply: &Reply, _lang: Lang) -> String {
        reply.line()
    }

    fn show_out(req: &Request, _lang: Lang) -> String {
        req.line()
    }

    /// A line over the limit ends the reading: its first bytes are shown, and what it is.
    fn show_end(e: &WireError, lang: Lang) -> Option<Undecoded> {
        matches!(e, WireError::TooLong).then(|| Undecoded {
            what: Chat::ServerLineTooLong.render(lang),
            hint: None,
        })
    }
}

/// What a peer reads from a partner.
#[derive(Debug)]
pub enum FromPartner {
    Line(PeerLine),
    /// A line over the limit.
    TooLong,
}

/// One conversation between two peers.
/// After a line over the limit the conversation is over: the rest is read and dropped until
/// the partner closes.
pub struct Talk {
    lines: LineReader,
    scan: LineScan,
    violated: bool,
}

impl Talk {
    pub fn new() -> Talk {
        Talk {
            lines: LineReader::new(MAX_LINE),
            scan: LineScan::default(),
            violated: false,
        }
    }
}

impl Default for Talk {
    fn default() -> Self {
        Talk::new()
    }
}

impl Codec for Talk {
    type In = FromPartner;
    type End = WireError;
    type Out = PeerLine;

    fn decode(&mut self, r: &mut Reader) -> Result<FromPartner, WireError> {
        self.scan.reset();
        if self.violated {
            return Err(self.lines.drain(r));
        }
        match self.lines.next_line(r) {
            Ok(line) => Ok(FromPartner::Line(PeerLine::parse(&line))),
            Err(WireError::TooLong) => {
                self.violated = true;
                Ok(FromPartner::TooLong)
            }
            Err(e) => Err(e),
        }
    }

    fn encode(line: &PeerLine, buf: &mut Vec<u8>) {
        put_line(buf, &line.line());
    }

    fn show_in(frame: &FromPartner, _lang: Lang) -> String {
        match frame {
            FromPartner::Line(line) => line.line(),
            FromPartner::TooLong => format!("(a line over {MAX_LINE} bytes)"),
        }
    }

    fn show_out(line: &PeerLine, _lang: Lang) -> String {
        line.line()
    }
}

/// Everything a peer reads, on its owner's one poller: the directory server's replies and
/// its conversations, each connection with its own codec and limit.
pub enum PeerFrames {
    Server(Replies),
    Talk(Talk),
}

/// What a peer reads.
#[derive(Debug)]
pub enum FromAny {
    Reply(Reply),
    Partner(FromPartner),
}

/// What a peer writes.
pub enum ToAny {
    Request(Request),
    Line(PeerLine),
}

impl Codec for PeerFrames {
    type In = FromAny;
    type End = WireError;
    type Out = ToAny;

    fn decode(&mut self, r: &mut Reader) -> Result<FromAny, WireError> {
        match self {
            PeerFrames::Server(c) => c.decode(r).map(FromAny::Reply),
            PeerFrames::Talk(c) => c.decode(r).map(FromAny::Partner),
        }
    }

    fn encode(out: &ToAny, buf: &mut Vec<u8>) {
        match out {
            ToAny::Request(req) => Replies::encode(req, buf),
            ToAny::Line(line) => Talk::encode(line, buf),
        }
    }

    fn show_in(frame: &FromAny, lang: Lang) -> String {
        match frame {
            FromAny::Reply(r) => Replies::show_in(r, lang),
            FromAny::Partner(p) => Talk::show_in(p, lang),
        }
    }

    fn show_out(out: &ToAny, lang: Lang) -> String {
        match out {
            ToAny::Request(req) => Replies::show_out(req, lang),
            ToAny::Line(line) => Talk::show_out(line, lang),
        }
    }

    /// Only the server's reader ends on a line over its limit (a partner's is a frame).
    fn show_end(e: &WireError, lang: Lang) -> Option<Undecoded> {
        Replies::show_end(e, lang)
    }
}

/// A line is whole at its `\n`, once over its connection's limit, or once [`IDLE`] passed
/// with nothing more arriving.
impl Measured for PeerFrames {
    fn frame_len(&mut self, head: &[u8]) -> Option<usize> {
        match self {
            PeerFrames::Server(c) => c.1.len(head, MAX_SERVER_LINE),
            PeerFrames::Talk(c) => c.scan.len(head, MAX_LINE),
        }
    }

    const IDLE: Option<Duration> = Some(IDLE);

    fn discarding(&self) -> bool {
        matches!(self, PeerFrames::Talk(t) if t.violated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_line_is_whole_at_its_newline_or_once_over_the_limit() {
        assert_eq!(Requests::new().frame_len(b""), None);
        assert_eq!(Requests::new().frame_len(b"LIST"), None);
        assert_eq!(Requests::new().frame_len(b"LIST\r"), None);
        assert_eq!(Requests::new().frame_len(b"LIST\r\nADDR a\r\n"), Some(6));
        assert_eq!(Requests::new().frame_len(b"KEEP\nLIST"), Some(5));
        // A full-length line and its `\r` still wait for the `\n`; one byte more is refused
        // as it is, and a longer line with its end is whole at its end (and refused then).
        let full = vec![b'x'; MAX_LINE + 1];
        assert_eq!(Requests::new().frame_len(&full), None);
        let over = vec![b'x'; MAX_LINE + 2];
        assert_eq!(Requests::new().frame_len(&over), Some(MAX_LINE + 2));
        let mut ended = vec![b'x'; MAX_LINE + 5];
        ended.push(b'\n');
        assert_eq!(Requests::new().frame_len(&ended), Some(MAX_LINE + 6));
        assert_eq!(<Requests as Measured>::IDLE, Some(IDLE));
    }
}
