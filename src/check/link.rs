//! The checker's side of one TCP connection: a raw client that writes exactly the bytes a case
//! gives it (whole, in pieces with pauses between them, or one byte at a time), reads with a
//! deadline, and keeps the bytes of what it reads so a failure can show them. Every frame sent
//! and received goes to `--trace`.
//!
//! A case decodes frames with the protocol's own `wire::decode` straight from the link (it
//! implements `Read`): the codecs read exactly the bytes a frame says it has, so
//! [`Link::got`] holds exactly that frame's bytes, or the piece of one that arrived.

use std::fmt::Display;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use super::case::{Journal, Problem, Shown};
use super::hint::Hint;
use super::text::CheckText;
use crate::term::log::{Dir, Log};
use crate::term::text::Text;

/// The pause between the pieces of a split write: long enough for the peer to read each piece
/// on its own (a peer that takes one `recv` for one message then sees a partial frame).
pub const GAP: Duration = Duration::from_millis(10);

/// At most this many bytes of one arrival are kept (a frame, a line, what a drain reads):
/// what a report shows of them is shorter still, and a server that sends without end cannot
/// fill the checker's memory. A line longer than this is taken as unterminated; a drain stops
/// reading there.
pub const KEEP: usize = 1 << 20;

/// What a read brought.
#[derive(Debug)]
pub enum What<T> {
    Frame(T),
    /// Nothing within the deadline.
    Nothing,
    /// The peer closed (or reset) the connection, between frames.
    Closed,
    /// Part of a frame, then nothing more (or the end of the stream).
    Partial,
    /// Bytes that do not decode (why).
    Bad(String),
}

/// An arrival: what it was, its bytes, and a hint when they match a known mistake.
#[derive(Debug)]
pub struct Got<T> {
    pub what: What<T>,
    pub bytes: Vec<u8>,
    pub hint: Option<Hint>,
}

impl<T> Got<T> {
    pub fn frame(&self) -> Option<&T> {
        match &self.what {
            What::Frame(f) => Some(f),
            _ => None,
        }
    }

    pub fn into_frame(self) -> Option<T> {
        match self.what {
            What::Frame(f) => Some(f),
            _ => None,
        }
    }
}

/// One line read by [`Link::line`].
#[derive(Debug)]
pub enum Line {
    /// A line and its raw bytes, terminator included.
    Done {
        text: String,
        raw: Vec<u8>,
    },
    /// Bytes without a terminator, then nothing for [`crate::chat::wire::IDLE`] (or the end).
    Unterminated(Vec<u8>),
    Nothing,
    Closed,
}

/// A connection of the checker.
pub struct Link {
    stream: TcpStream,
    pub peer: SocketAddr,
    pub local: SocketAddr,
    log: Log,
    journal: Journal,
    patience: Duration,
    /// Read but not yet consumed (line reading reads ahead).
    ahead: Vec<u8>,
    /// The bytes consumed since [`Link::begin`] (at most [`KEEP`]).
    got: Vec<u8>,
    /// When the arrival being read began ([`Link::begin`]): it may take [`Link::patience`] in
    /// all, however slowly its bytes come.
    began: Option<Instant>,
    /// The last [`Link::drain`] ended in a reset, not in an orderly close.
    pub reset: bool,
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

fn is_reset(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe
    )
}

impl Link {
    pub(super) fn new(stream: TcpStream, patience: Duration, log: Log, journal: Journal) -> Link {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_read_timeout(Some(patience));
        let _ = stream.set_write_timeout(Some(patience.max(Duration::from_secs(1))));
        let peer = stream
            .peer_addr()
            .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
        let local = stream
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
        Link {
            stream,
            peer,
            local,
            log,
            journal,
            patience,
            ahead: Vec::new(),
            got: Vec::new(),
            began: None,
            reset: false,
        }
    }

    /// How long a read waits from now on.
    pub fn patience(&mut self, d: Duration) {
        self.patience = d;
        let _ = self
            .stream
            .set_read_timeout(Some(d.max(Duration::from_millis(1))));
    }

    fn note(&self, shown: &str, bytes: &[u8]) {
        if let Ok(mut j) = self.journal.lock() {
            j.frames.push(Shown::new(shown, bytes.to_vec()));
        }
        if self.log.tracing() {
            self.log.trace(Dir::Out, self.peer, shown, Some(bytes));
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Problem> {
        self.stream.write_all(bytes).map_err(|e| {
            let why = if is_reset(&e) {
                CheckText::Closed.render(self.log.lang())
            } else {
                CheckText::CannotSend(&crate::term::text::os_error(&e, self.log.lang()))
                    .render(self.log.lang())
            };
            Problem::new(why)
        })
    }

    /// Send `bytes` in one write; `shown` is how they read.
    pub fn send(&mut self, shown: impl Display, bytes: &[u8]) -> Result<(), Problem> {
        self.note(&shown.to_string(), bytes);
        self.write(bytes)
    }

    /// Send `bytes` cut at the offsets `at` (ascending), pausing [`GAP`] between pieces.
    pub fn send_split(
        &mut self,
        shown: impl Display,
        bytes: &[u8],
        at: &[usize],
    ) -> Result<(), Problem> {
        self.note(&shown.to_string(), bytes);
        let mut from = 0;
        for &cut in at.iter().chain(std::iter::once(&bytes.len())) {
            let cut = cut.min(bytes.len());
            if cut <= from {
                continue;
            }
            if from > 0 {
                thread::sleep(GAP);
            }
            self.write(&bytes[from..cut])?;
            from = cut;
        }
        Ok(())
    }

    /// Send `bytes` one byte per write.
    pub fn dribble(&mut self, shown: impl Display, bytes: &[u8]) -> Result<(), Problem> {
        let at: Vec<usize> = (1..bytes.len()).collect();
        self.send_split(shown, bytes, &at)
    }

    /// Close our sending side (FIN), keep reading.
    pub fn shutdown_write(&self) {
        let _ = self.stream.shutdown(Shutdown::Write);
    }

    /// Start recording a new arrival: from now on it has [`Link::patience`] to arrive whole.
    pub fn begin(&mut self) {
        self.got.clear();
        self.began = Some(Instant::now());
    }

    /// The bytes consumed since [`Link::begin`].
    pub fn got(&self) -> &[u8] {
        &self.got
    }

    /// `--trace` of a frame received (its bytes: [`Link::got`]).
    pub fn trace_in(&self, shown: impl Display) {
        if self.log.tracing() {
            self.log.trace(Dir::In, self.peer, shown, Some(&self.got));
        }
    }

    /// An arrival from a decode error: a timeout or a reset before any byte, after some, or
    /// the end of the stream.
    pub fn ended<T>(&self, e: &io::Error) -> Got<T> {
        let what = if self.got.is_empty() {
            if is_timeout(e) {
                What::Nothing
            } else {
                What::Closed
            }
        } else {
            What::Partial
        };
        self.arrival(what, None)
    }

    /// An arrival of `what`, with the bytes read since [`Link::begin`].
    pub fn arrival<T>(&self, what: What<T>, hint: Option<Hint>) -> Got<T> {
        Got {
            what,
            bytes: self.got.clone(),
            hint,
        }
    }

    /// The next line, `\r\n`, `\n` or neither (after the idle wait of the chat spec). The
    /// whole line has [`Link::patience`] to arrive, however slowly its bytes come, and at most
    /// [`KEEP`] bytes: past either, what arrived is taken as a line without its terminator.
    pub fn line(&mut self) -> Line {
        let mut chunk = [0u8; 4096];
        let start = Instant::now();
        // Bytes of `ahead` already searched for a terminator.
        let mut searched = 0;
        loop {
            if let Some(end) = self.ahead[searched..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|i| searched + i)
            {
                let raw: Vec<u8> = self.ahead.drain(..=end).collect();
                let mut text = &raw[..raw.len() - 1];
                if text.last() == Some(&b'\r') {
                    text = &text[..text.len() - 1];
                }
                let text = String::from_utf8_lossy(text).into_owned();
                if self.log.tracing() {
                    self.log.trace(Dir::In, self.peer, &text, Some(&raw));
                }
                return Line::Done { text, raw };
            }
            searched = self.ahead.len();
            let left = self.patience.saturating_sub(start.elapsed());
            if !self.ahead.is_empty() && (left.is_zero() || self.ahead.len() >= KEEP) {
                return self.unterminated();
            }
            let wait = if self.ahead.is_empty() {
                left
            } else {
                crate::chat::wire::IDLE.min(left)
            };
            if wait.is_zero() {
                return Line::Nothing;
            }
            let _ = self.stream.set_read_timeout(Some(wait));
            let read = self.stream.read(&mut chunk);
            let _ = self.stream.set_read_timeout(Some(self.patience));
            match read {
                Ok(0) => {
                    return if self.ahead.is_empty() {
                        Line::Closed
                    } else {
                        self.unterminated()
                    };
                }
                Ok(n) => self.ahead.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => {
                    return if self.ahead.is_empty() {
                        Line::Nothing
                    } else {
                        self.unterminated()
                    };
                }
                Err(_) => {
                    return if self.ahead.is_empty() {
                        Line::Closed
                    } else {
                        self.unterminated()
                    };
                }
            }
        }
    }

    /// What was read ahead (at most [`KEEP`] bytes of it), taken as a line without a
    /// terminator.
    fn unterminated(&mut self) -> Line {
        let mut raw = std::mem::take(&mut self.ahead);
        if raw.len() > KEEP {
            self.ahead = raw.split_off(KEEP);
        }
        if self.log.tracing() {
            let text = String::from_utf8_lossy(&raw).into_owned();
            self.log.trace(Dir::In, self.peer, text, Some(&raw));
        }
        Line::Unterminated(raw)
    }

    /// Read until the peer closes or `within` passes; return what arrived and whether the
    /// connection closed ([`Link::reset`]: by a reset). It stops reading after [`KEEP`] bytes
    /// (the connection is then taken as open: a peer that streams without end never closes).
    pub fn drain(&mut self, within: Duration) -> (Vec<u8>, bool) {
        self.reset = false;
        let deadline = Instant::now() + within;
        let mut data = std::mem::take(&mut self.ahead);
        if data.len() > KEEP {
            self.ahead = data.split_off(KEEP);
        }
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let room = KEEP - data.len();
            if left.is_zero() || room == 0 {
                return (data, false);
            }
            let _ = self.stream.set_read_timeout(Some(left));
            match self.stream.read(&mut chunk[..room.min(16 * 1024)]) {
                Ok(0) => return (data, true),
                Ok(n) => data.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => return (data, false),
                Err(e) => {
                    self.reset = is_reset(&e);
                    return (data, true);
                }
            }
        }
    }
}

/// A link dropped closes its connection, whatever copies of the socket the case's context
/// keeps (for the runner to cut).
impl Drop for Link {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// Reads for the codecs: an arrival begun with [`Link::begin`] gets [`Link::patience`] in all
/// (a peer that drips bytes cannot stretch it), then reads time out.
impl Read for Link {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = if self.ahead.is_empty() {
            if let Some(began) = self.began {
                let left = self.patience.saturating_sub(began.elapsed());
                if left.is_zero() {
                    return Err(ErrorKind::TimedOut.into());
                }
                let _ = self.stream.set_read_timeout(Some(left));
            }
            self.stream.read(buf)?
        } else {
            let n = self.ahead.len().min(buf.len());
            buf[..n].copy_from_slice(&self.ahead[..n]);
            self.ahead.drain(..n);
            n
        };
        let keep = n.min(KEEP.saturating_sub(self.got.len()));
        self.got.extend_from_slice(&buf[..keep]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;

    use super::*;
    use crate::term::log::{Level, Sink, Trace};
    use crate::term::text::Lang;

    /// A link with `patience` to a peer that writes `chunk` every `every`, until it cannot.
    fn to_peer(patience: Duration, chunk: &'static [u8], every: Duration) -> Link {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            while s.write_all(chunk).is_ok() {
                thread::sleep(every);
            }
        });
        let log = Log::new("t", Level::Quiet, Trace::Off, Lang::En, Sink::Std);
        Link::new(
            TcpStream::connect(addr).unwrap(),
            patience,
            log,
            Journal::default(),
        )
    }

    #[test]
    fn a_dripped_line_ends_within_the_patience() {
        let patience = Duration::from_millis(300);
        let mut link = to_peer(patience, b"A", Duration::from_millis(5));
        let started = Instant::now();
        let Line::Unterminated(raw) = link.line() else {
            panic!("not taken as unterminated");
        };
        assert!(!raw.is_empty());
        assert!(started.elapsed() < patience + Duration::from_millis(200));
    }

    #[test]
    fn an_endless_line_is_cut_at_what_is_kept() {
        let mut link = to_peer(Duration::from_secs(10), &[b'x'; 65536], Duration::ZERO);
        let Line::Unterminated(raw) = link.line() else {
            panic!("not taken as unterminated");
        };
        assert_eq!(raw.len(), KEEP);
        let (data, closed) = link.drain(Duration::from_secs(10));
        assert!(data.len() == KEEP && !closed);
    }

    #[test]
    fn a_dripped_frame_ends_within_the_patience() {
        let patience = Duration::from_millis(300);
        let mut link = to_peer(patience, b"A", Duration::from_millis(5));
        let started = Instant::now();
        link.begin();
        let mut frame = [0u8; 1000];
        let e = link.read_exact(&mut frame).unwrap_err();
        assert!(is_timeout(&e), "{e}");
        assert!(started.elapsed() < patience + Duration::from_millis(200));
        assert!(!link.got().is_empty());
    }
}
