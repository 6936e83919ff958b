//! One TCP connection, read and written by its role's owner thread through the owner's
//! [`poller`](super::poller):
//!
//! ```text
//! socket ──poller (Measured::frame_len, then Codec::decode)──▶ Event::Frame/Closed ──▶ owner
//! owner ──Conn::send (encode, trace; direct write, else the outbox)──▶ poller ──▶ socket
//! ```
//!
//! A protocol says how its bytes become frames with a [`Codec`] (and, with [`Measured`], when
//! the bytes read so far hold a whole frame); the connection does the rest the same way for
//! everyone: `--trace` of every frame in and out, the direct write when nothing waits, the
//! bounded outbox and what a full one means ([`OnFull`]), and the read gate that lets the
//! owner stop reading a peer ([`Conn::pause`]) so TCP flow control slows it down. The poller
//! writes what waits in an outbox in one call (`writev`) when the socket has room.
//!
//! Three more facilities serve owners that do their own flow control: a bound on how many
//! frames the poller may hand the owner before the owner is done with them
//! ([`Conn::read_ahead`], [`Conn::consumed`]), so a paused peer never has more than that many
//! frames in the owner's hands; a one-shot notice when the outbox has drained
//! ([`Conn::on_drained`], [`Conn::when_drained`]); and when the poller last wrote anything
//! queued ([`Conn::last_write`]), to tell a slow peer from one that takes nothing at all.
//!
//! The owner never blocks on a socket: a slow peer fills only its own outbox. Dropping a
//! [`Conn`] closes gracefully (queued frames are written, then FIN, by the poller);
//! [`Conn::close_now`] cuts both directions at once. Either way the owner gets `Closed`.
//!
//! [`Acceptor`] is the one accept loop: it hands accepted streams to the owner's poller
//! ([`Acceptor::owned`]), or, for servers whose connections share no state, runs a handler on
//! a thread per connection ([`Acceptor::threads`]). Connections a role opens itself are given
//! to its poller directly ([`Poller::dial`]) or from the thread that dialled them
//! ([`Poller::handoff`]).

use std::io::{self, BufRead, Read};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Sender, TrySendError};

use super::log::{Dir, Log};
use super::sentences::NetText;
use super::text::Lang;

/// Small stacks: a server may hold thousands of connections, two threads each.
pub const STACK: usize = 128 * 1024;

/// A role-wide connection number (never reused within a process).
pub type ConnId = u64;

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
    /// A read that ended on bytes that are no frame (framing lost, a line over the limit), as
    /// `--trace` shows it beside those bytes in hex: what they are and, when they give a known
    /// mistake away, a hint. `None` for an end with no bytes to show (end of stream, I/O).
    fn show_end(_end: &Self::End, _lang: Lang) -> Option<Undecoded> {
        None
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

/// What reader and acceptor threads tell the owner.
pub enum Event<C: Codec> {
    /// A connection was accepted (sent before any of its frames). Boxed: channel slots are
    /// the size of the largest event, and frames are far more frequent.
    Opened(ConnId, Box<Conn<C>>),
    /// One decoded frame.
    Frame(ConnId, C::In),
    /// The reader stopped: the codec's error says why (end of stream, I/O, bad frame).
    Closed(ConnId, C::End),
}

/// What the threads of [`Acceptor::threads`] tell the owner.
#[derive(Debug)]
pub enum Served {
    /// A connection is being served; the stream is a clone the owner may cut at a stop.
    Opened(ConnId, TcpStream),
    /// Its handler returned.
    Closed(ConnId),
}

/// Hands out [`ConnId`]s; shared by a role's acceptor and owner.
#[derive(Clone, Debug, Default)]
pub struct Ids(Arc<AtomicU64>);

impl Ids {
    pub fn next(&self) -> ConnId {
        self.0.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// Why a frame was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// The writer queue is full: the peer is not reading fast enough.
    Full,
    /// The writer has stopped (the connection failed or was closed).
    Closed,
}

/// What a full writer queue means for a connection (the protocol's decision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFull {
    /// Only report it (`SendError::Full`): the caller decides.
    Report,
    /// The frame is dropped and a warning names the peer (once per connection).
    Warn,
    /// The peer does not read: warn once and cut the connection.
    Close,
}

/// How a connection is set up.
#[derive(Debug, Clone, Copy)]
pub struct Opts {
    /// Threads are named `{name}-reader-{id}`, `{name}-writer-{id}`.
    pub name: &'static str,
    /// Frames that may wait in the connection's outbox (its socket did not take them yet).
    pub outbox: usize,
    pub on_full: OnFull,
}

/// The buffered side of a connection that a [`Codec`] reads from. It is a `BufRead` over the
/// socket that can also keep a copy of the bytes a frame took, for `--trace=hex`.
///
/// It holds the bytes the [`poller`](super::poller) read, and a codec only ever decodes a
/// frame from it once the whole frame is there ([`Measured`]): reading past them is an end of
/// stream.
pub struct Reader {
    source: Source,
    record: Option<Vec<u8>>,
    /// Bytes of the frame being read, kept or not (the record stops at [`RECORD_MAX`]).
    recorded: usize,
}

/// The most of one frame's bytes a [`Reader`] keeps for `--trace`: every msg frame whole
/// (65,551 bytes at most), and a bound for what does not decode (a line that never ends).
const RECORD_MAX: usize = 64 * 1024 + 32;

/// The bytes a frame took, as far as they were kept, and how many there were in all.
pub(super) struct Recorded {
    pub bytes: Vec<u8>,
    pub total: usize,
}

enum Source {
    Polled {
        /// Non-blocking, registered with the poller's `mio::Poll`.
        stream: Watched,
        /// Initialised throughout; the bytes read are `buf[at..end]`.
        buf: Vec<u8>,
        /// Bytes of `buf` already consumed.
        at: usize,
        end: usize,
    },
}

impl Reader {
    /// A reader whose bytes a poller fills ([`Reader::fill_from_socket`]); `stream` is
    /// non-blocking.
    pub(super) fn polled(stream: Watched, record: bool) -> Reader {
        Reader {
            source: Source::Polled {
                stream,
                buf: Vec::new(),
                at: 0,
                end: 0,
            },
            record: record.then(Vec::new),
            recorded: 0,
        }
    }

    /// A polled reader's socket, to register it with the poller.
    pub(super) fn source(&mut self) -> Option<&mut Watched> {
        let Source::Polled { stream, .. } = &mut self.source;
        Some(stream)
    }

    /// Bytes buffered and not yet consumed.
    pub fn buffered(&self) -> &[u8] {
        let Source::Polled { buf, at, end, .. } = &self.source;
        &buf[*at..*end]
    }

    pub(super) fn take_record(&mut self) -> Option<Recorded> {
        let total = std::mem::take(&mut self.recorded);
        let bytes = std::mem::take(self.record.as_mut()?);
        Some(Recorded { bytes, total })
    }

    /// Keep `bytes` of the frame being read, up to [`RECORD_MAX`].
    fn keep(&mut self, bytes: &[u8]) {
        if let Some(r) = &mut self.record {
            let room = RECORD_MAX.saturating_sub(r.len());
            r.extend_from_slice(&bytes[..bytes.len().min(room)]);
            self.recorded += bytes.len();
        }
    }

    /// A polled reader: one non-blocking read of what the socket has, after the bytes not yet
    /// consumed, with room for at least `need` bytes in all (a frame longer than the buffer).
    /// Returns the bytes read (0: the end of the stream) and whether they filled the room
    /// offered (if not, the socket had no more bytes then). A thread reader's socket is never
    /// read this way.
    pub(super) fn fill_from_socket(&mut self, need: usize) -> io::Result<(usize, bool)> {
        let Source::Polled {
            stream,
            buf,
            at,
            end,
        } = &mut self.source;
        if *at > 0 {
            buf.copy_within(*at..*end, 0);
            *end -= *at;
            *at = 0;
        }
        if *end == 0 && buf.len() > 4 * POLLED_BUF {
            // A long frame is gone: give its room back.
            buf.truncate(POLLED_BUF);
            buf.shrink_to_fit();
        }
        let room = need.saturating_sub(*end).max(POLLED_BUF / 2);
        if buf.len() - *end < room {
            buf.resize((*end + room).max(POLLED_BUF), 0);
        }
        let offered = buf.len() - *end;
        let n = stream.read(&mut buf[*end..])?;
        *end += n;
        Ok((n, n == offered))
    }
}

impl Reader {
    /// Before a read: a reader holding no bytes reads into the poller's spare buffer, so an
    /// idle connection holds no buffer at all (10,000 idle clients cost no 40 MB).
    pub(super) fn borrow_spare(&mut self, spare: &mut Vec<u8>) {
        let Source::Polled { buf, at, end, .. } = &mut self.source;
        if at == end && buf.capacity() == 0 {
            std::mem::swap(buf, spare);
            (*at, *end) = (0, 0);
        }
    }

    /// After its frames were handed over: a reader left with no bytes gives its buffer back
    /// (or, when the poller has one already, lets it go); one holding part of a frame keeps
    /// it, and the poller makes a new spare when it next needs one.
    pub(super) fn return_spare(&mut self, spare: &mut Vec<u8>) {
        let Source::Polled { buf, at, end, .. } = &mut self.source;
        if at != end || buf.capacity() == 0 {
            return;
        }
        if spare.capacity() == 0 {
            std::mem::swap(buf, spare);
        } else {
            *buf = Vec::new();
        }
        (*at, *end) = (0, 0);
    }
}

/// What a polled reader's buffer starts with: most reads of a busy connection fit.
const POLLED_BUF: usize = 4096;

impl Read for Reader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let Source::Polled { buf, at, end, .. } = &mut self.source;
        let n = (*end - *at).min(out.len());
        out[..n].copy_from_slice(&buf[*at..*at + n]);
        *at += n;
        self.keep(&out[..n]);
        Ok(n)
    }
}

impl BufRead for Reader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let Source::Polled { buf, at, end, .. } = &mut self.source;
        Ok(&buf[*at..*end])
    }

    fn consume(&mut self, amt: usize) {
        if let Some(r) = &mut self.record {
            let Source::Polled { buf, at, end, .. } = &self.source;
            let unread = &buf[*at..*end];
            let room = RECORD_MAX.saturating_sub(r.len());
            r.extend_from_slice(&unread[..amt.min(room)]);
            self.recorded += amt;
        }
        let Source::Polled { at, end, .. } = &mut self.source;
        *at = (*at + amt).min(*end);
    }
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

/// The owner's handle on one connection.
pub struct Conn<C: Codec> {
    id: ConnId,
    peer: SocketAddr,
    local: SocketAddr,
    /// `None` for a connection without a socket ([`Conn::memory`]).
    stream: Option<Arc<TcpStream>>,
    outbox: Arc<Outbox>,
    /// `--trace`'s line for the frame about to be pushed ([`Conn::trace_out`]), written when
    /// its bytes are: by [`Conn::push`] when it writes them itself, else by the owner's
    /// poller.
    next_trace: std::sync::Mutex<Option<String>>,
    /// Frames queued in the outbox or being written by the poller (see [`Conn::push`]).
    pending: Arc<AtomicUsize>,
    pub(super) gate: Arc<Gate>,
    drain: Arc<Drain>,
    /// When the writer last finished a frame, in µs after `started`.
    wrote: Arc<AtomicU64>,
    started: Instant,
    on_full: OnFull,
    warned: AtomicBool,
    log: Log,
    _codec: std::marker::PhantomData<fn() -> C>,
}

/// What a connection written by the owner's poller shares with it: the frames sent and not yet
/// written, the drain notice and when it last wrote.
pub(super) struct Writing {
    pub(super) pending: Arc<AtomicUsize>,
    pub(super) drain: Arc<Drain>,
    pub(super) wrote: Arc<AtomicU64>,
    pub(super) started: Instant,
}

impl Writing {
    /// `frames` more were written (`left` remain): the drain notice and the progress time.
    pub(super) fn wrote(&self, frames: usize, left: usize) {
        self.wrote
            .store(self.started.elapsed().as_micros() as u64, Ordering::Relaxed);
        if frames > 0 {
            self.pending.fetch_sub(frames, Ordering::SeqCst);
            self.drain.check(left);
        }
    }
}

impl<C: Codec> Drop for Conn<C> {
    /// The owner's poller is told: the frames sent are written, then our side is closed
    /// (FIN).
    fn drop(&mut self) {
        self.outbox.close();
    }
}

impl<C: Codec> std::fmt::Debug for Conn<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Conn({} {})", self.id, self.peer)
    }
}

impl<C: Codec> Conn<C> {
    /// A connection the owner's poller reads and writes: `outbox` makes, from what
    /// the connection shares with the poller, the queue of frames waiting for room.
    pub(super) fn owned(
        opts: Opts,
        id: ConnId,
        stream: TcpStream,
        log: &Log,
        outbox: impl FnOnce(Writing) -> Arc<Outbox>,
    ) -> io::Result<Conn<C>> {
        let _ = stream.set_nodelay(true);
        let peer = stream.peer_addr()?;
        let local = stream.local_addr()?;
        let writing = Writing {
            pending: Arc::new(AtomicUsize::new(0)),
            drain: Arc::new(Drain::default()),
            wrote: Arc::new(AtomicU64::new(0)),
            started: Instant::now(),
        };
        let (pending, drain, wrote, started) = (
            writing.pending.clone(),
            writing.drain.clone(),
            writing.wrote.clone(),
            writing.started,
        );
        Ok(Conn {
            id,
            peer,
            local,
            stream: Some(Arc::new(stream)),
            outbox: outbox(writing),
            next_trace: std::sync::Mutex::new(None),
            pending,
            gate: Arc::new(Gate::default()),
            drain,
            wrote,
            started,
            on_full: opts.on_full,
            warned: AtomicBool::new(false),
            log: log.clone(),
            _codec: std::marker::PhantomData,
        })
    }

    /// A connection without a socket, for unit tests of an owner (lsp-server's
    /// `Connection::memory`): what the owner sends waits in its outbox, where the returned
    /// [`Sent`] takes it as its peer would read it; what the peer says is handed to the owner
    /// as `Event::Frame`s by the test itself.
    pub fn memory(opts: Opts, id: ConnId, peer: SocketAddr, log: &Log) -> (Conn<C>, Sent) {
        let writing = Writing {
            pending: Arc::new(AtomicUsize::new(0)),
            drain: Arc::new(Drain::default()),
            wrote: Arc::new(AtomicU64::new(0)),
            started: Instant::now(),
        };
        let local = SocketAddr::new(peer.ip(), 0);
        let conn = Conn {
            id,
            peer,
            local,
            stream: None,
            pending: writing.pending.clone(),
            drain: writing.drain.clone(),
            wrote: writing.wrote.clone(),
            started: writing.started,
            outbox: Outbox::memory(id, opts.outbox, writing),
            next_trace: std::sync::Mutex::new(None),
            gate: Arc::new(Gate::default()),
            on_full: opts.on_full,
            warned: AtomicBool::new(false),
            log: log.clone(),
            _codec: std::marker::PhantomData,
        };
        let sent = Sent::new(conn.outbox.clone());
        (conn, sent)
    }

    /// The socket, shared with the poller that reads it.
    pub(super) fn shared_stream(&self) -> Option<&Arc<TcpStream>> {
        self.stream.as_ref()
    }

    /// The queue the owner's poller writes from.
    pub(super) fn outbox(&self) -> Arc<Outbox> {
        self.outbox.clone()
    }

    pub fn id(&self) -> ConnId {
        self.id
    }

    /// The remote address.
    pub fn peer(&self) -> SocketAddr {
        self.peer
    }

    /// The local address of this connection (which of our addresses the peer reached).
    pub fn local(&self) -> SocketAddr {
        self.local
    }

    /// The socket itself, e.g. to keep a clone that can cut the connection after the handle
    /// was dropped for a graceful close.
    pub fn stream(&self) -> Option<&TcpStream> {
        self.stream.as_deref()
    }

    /// Encode, trace and send one frame (see [`Conn::push`]).
    pub fn send(&self, frame: &C::Out) -> Result<(), SendError> {
        let mut buf = Vec::with_capacity(64);
        C::encode(frame, &mut buf);
        self.trace_out(frame, &buf);
        self.push(buf)
    }

    /// `--trace` of the frame the next [`Conn::push`] sends (its encoded bytes): the line is
    /// written when those bytes are, not now, so a frame that waits in the writer queue is not
    /// shown as sent. Call it right before that push.
    pub fn trace_out(&self, frame: &C::Out, _bytes: &[u8]) {
        if self.log.tracing()
            && let Ok(mut next) = self.next_trace.lock()
        {
            *next = Some(C::show_out(frame, self.log.lang()));
        }
    }

    /// The trace line [`Conn::trace_out`] left for this frame.
    fn take_trace(&self) -> Option<String> {
        if !self.log.tracing() {
            return None;
        }
        self.next_trace.lock().ok()?.take()
    }

    /// Send an encoded frame without blocking. When nothing waits in the outbox, the frame is
    /// written at once with a non-blocking send, sparing a poller turn on a hot relay path;
    /// what the socket does not take at once goes to the outbox, so order is kept. A full
    /// outbox is handled as [`OnFull`] says.
    ///
    /// Only the owner sends on a `Conn`, so "nothing pending" stays true between the check and
    /// the write.
    pub fn push(&self, frame: Vec<u8>) -> Result<(), SendError> {
        let trace = self.take_trace();
        let Some(stream) = &self.stream else {
            return self.queue_traced(frame, trace);
        };
        if DONTWAIT == 0 || self.pending.load(Ordering::Acquire) != 0 {
            return self.queue_traced(frame, trace);
        }
        // Traced before the write: the peer's answer cannot come (and be traced) before it.
        if let Some(shown) = &trace {
            self.log.trace(Dir::Out, self.peer, shown, Some(&frame));
        }
        match socket2::SockRef::from(&**stream).send_with_flags(&frame, DONTWAIT) {
            Ok(n) if n == frame.len() => Ok(()),
            Ok(n) => self.queue_traced(frame[n..].to_vec(), None),
            // Would block, or failed: the writer retries and reports a failure by closing.
            Err(_) => self.queue_traced(frame, None),
        }
    }

    /// Hand a frame to the owner's poller (never written from the caller at once).
    pub fn queue(&self, frame: Vec<u8>) -> Result<(), SendError> {
        let trace = self.take_trace();
        self.queue_traced(frame, trace)
    }

    fn queue_traced(&self, bytes: Vec<u8>, trace: Option<String>) -> Result<(), SendError> {
        self.pending.fetch_add(1, Ordering::AcqRel);
        let queued = self.outbox.queue(bytes, trace);
        match queued {
            Ok(()) => Ok(()),
            Err(e) => {
                self.pending.fetch_sub(1, Ordering::AcqRel);
                match e {
                    TrySendError::Full(_) => {
                        self.full();
                        Err(SendError::Full)
                    }
                    TrySendError::Disconnected(_) => Err(SendError::Closed),
                }
            }
        }
    }

    fn full(&self) {
        let first = !self.warned.swap(true, Ordering::Relaxed);
        match self.on_full {
            OnFull::Report => {}
            OnFull::Warn if first => self.log.warn(NetText::NotReading { peer: self.peer }),
            OnFull::Warn => {}
            OnFull::Close => {
                if first {
                    self.log.warn(NetText::NotReadingCut { peer: self.peer });
                }
                self.close_now();
            }
        }
    }

    /// Frames not yet fully written: queued, or in the writer's hands. A role about to exit
    /// waits for 0 so its last frame (a goodbye) is on the wire before the process ends.
    pub fn unsent(&self) -> usize {
        self.pending.load(Ordering::Acquire)
    }

    /// Stop reading this peer after the frame being read (TCP flow control then slows it).
    pub fn pause(&self) {
        self.gate.set(true);
    }

    /// Read this peer again.
    pub fn resume(&self) {
        self.gate.set(false);
    }

    pub fn paused(&self) -> bool {
        self.gate.closed.load(Ordering::SeqCst)
    }

    /// Let the reader hand the owner at most `frames` frames the owner has not yet declared
    /// [`Conn::consumed`]; then it stops reading until the owner catches up (0: no limit, the
    /// default). An owner that sets frames aside while a peer is paused thus holds at most
    /// `frames` of them, however fast the peer sent.
    pub fn read_ahead(&self, frames: usize) {
        self.gate.set_limit(frames);
    }

    /// The owner is done with one frame of this peer (see [`Conn::read_ahead`]); call it once
    /// per `Event::Frame`. Frames are counted whether or not a limit is set.
    pub fn consumed(&self) {
        self.gate.consumed();
    }

    /// Set what runs when an armed drain notice fires (on the owner's own thread, by its
    /// poller): typically a send
    /// of "connection N drained" on the owner's event channel. Only the first call counts.
    /// Run on the owner's thread, it must not block (a bounded channel the owner itself
    /// drains could be full).
    pub fn on_drained(&self, wake: impl Fn() + Send + Sync + 'static) {
        let _ = self.drain.wake.set(Box::new(wake));
    }

    /// Arm the drain notice: the waker set with [`Conn::on_drained`] runs once, as soon as at
    /// most `low` frames wait for the writer (or in the outbox). Returns true (and arms nothing) when that is
    /// already so. Arming again before it fires keeps the higher threshold; it fires once.
    pub fn when_drained(&self, low: usize) -> bool {
        self.drain.armed.fetch_max(low + 1, Ordering::SeqCst);
        if self.pending.load(Ordering::SeqCst) <= low {
            // Disarm; if the writer took it meanwhile, its notice is merely early.
            self.drain.armed.store(0, Ordering::SeqCst);
            return true;
        }
        false
    }

    /// When the owner's poller last wrote anything queued (the
    /// connection's start if it never did). With frames waiting, an old time means the peer
    /// takes no data at all; direct writes ([`Conn::push`] with nothing waiting) do not
    /// count.
    pub fn last_write(&self) -> Instant {
        self.started + Duration::from_micros(self.wrote.load(Ordering::Relaxed))
    }

    /// Cut the connection in both directions now (queued frames may be lost). The reader
    /// ends and the owner gets `Closed`.
    pub fn close_now(&self) {
        match &self.stream {
            Some(stream) => {
                let _ = stream.shutdown(Shutdown::Both);
            }
            None => self.outbox.close(),
        }
        // A paused reader must wake up to see the end.
        self.gate.set(false);
    }
}

/// The reading's pause switch and read-ahead limit: atomics on the fast path; the poller stops
/// reading a connection whose gate is shut (it is *parked*) until the owner opens it again
/// and tells the poller so.
#[derive(Default)]
pub(super) struct Gate {
    closed: AtomicBool,
    /// Frames handed to the owner and not yet consumed.
    ahead: AtomicUsize,
    /// The most frames `ahead` may reach before the reader waits; 0: no limit.
    limit: AtomicUsize,
    /// Polled connections: the poller stopped reading because the gate was shut.
    parked: AtomicBool,
    poller: std::sync::OnceLock<Waker>,
}

use super::platform::{DONTWAIT, Watched};
use super::poller::{Outbox, Poller, Sent, Waker};

impl Gate {
    fn set(&self, closed: bool) {
        self.closed.store(closed, Ordering::SeqCst);
        if !closed {
            self.opened();
        }
    }

    fn set_limit(&self, frames: usize) {
        self.limit.store(frames, Ordering::SeqCst);
        self.opened();
    }

    /// The gate may have opened: a parked connection is read again.
    fn opened(&self) {
        if let Some(poller) = self.poller.get() {
            std::sync::atomic::fence(Ordering::SeqCst);
            if self.parked.swap(false, Ordering::SeqCst) {
                poller.wake();
            }
        }
    }

    pub(super) fn must_wait(&self) -> bool {
        if self.closed.load(Ordering::SeqCst) {
            return true;
        }
        let limit = self.limit.load(Ordering::SeqCst);
        limit != 0 && self.ahead.load(Ordering::SeqCst) >= limit
    }

    /// The poller finds the gate shut: it stops reading the connection, unless the gate
    /// opened meanwhile (false: go on reading). Once parked, [`Gate::opened`] wakes it.
    pub(super) fn park(&self) -> bool {
        self.parked.store(true, Ordering::SeqCst);
        std::sync::atomic::fence(Ordering::SeqCst);
        if self.must_wait() {
            return true;
        }
        // Opened meanwhile; if the owner already took the flag, its wake-up is merely early.
        self.parked.store(false, Ordering::SeqCst);
        false
    }

    /// This connection is read by a poller, which `waker` tells when the gate opens.
    pub(super) fn polled_by(&self, waker: Waker) {
        let _ = self.poller.set(waker);
    }

    /// The reader hands one more frame to the owner.
    pub(super) fn handed(&self) {
        self.ahead.fetch_add(1, Ordering::SeqCst);
    }

    fn consumed(&self) {
        let before = self.ahead.fetch_sub(1, Ordering::SeqCst);
        let limit = self.limit.load(Ordering::SeqCst);
        if limit != 0 && before >= limit {
            // The reader may be waiting for this.
            self.opened();
        }
    }
}

/// The outbox's drain notice: armed by the owner, fired once by the poller.
#[derive(Default)]
pub(super) struct Drain {
    /// 0: not armed; else 1 + the backlog at or below which to fire.
    armed: AtomicUsize,
    wake: std::sync::OnceLock<Box<dyn Fn() + Send + Sync>>,
}

impl Drain {
    /// The writer finished a frame and `left` remain: fire if armed for that.
    fn check(&self, left: usize) {
        let armed = self.armed.load(Ordering::SeqCst);
        if armed != 0
            && left < armed
            && self.armed.swap(0, Ordering::SeqCst) != 0
            && let Some(wake) = self.wake.get()
        {
            wake();
        }
    }
}

/// `--trace` of a frame received (`bytes`: what it took, shown with `--trace=hex`).
pub(super) fn trace_in<C: Codec>(
    log: &Log,
    peer: SocketAddr,
    frame: &C::In,
    bytes: Option<Recorded>,
) {
    let hex = log.trace_mode() == super::log::Trace::Hex;
    let bytes = bytes.filter(|_| hex).map(|r| r.bytes);
    log.trace(
        Dir::In,
        peer,
        C::show_in(frame, log.lang()),
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

    fn show_end(e: &F::Error, lang: Lang) -> Option<Undecoded> {
        F::show_error(e, lang)
    }
}

/// A running accept loop; dropping it stops accepting and frees the port.
#[derive(Debug)]
pub struct Acceptor {
    local: SocketAddr,
    listener: Option<TcpListener>,
    done: Arc<AtomicBool>,
}

impl Acceptor {
    /// Accept on `listener`, handing every stream to `accepted` on the accept thread. Accept
    /// errors (out of descriptors, an aborted handshake) are logged at most once a second and
    /// paced; the listener itself is fine and accepting goes on.
    pub fn start<F>(
        name: &str,
        listener: TcpListener,
        log: &Log,
        mut accepted: F,
    ) -> io::Result<Acceptor>
    where
        F: FnMut(TcpStream) -> bool + Send + 'static,
    {
        let local = listener.local_addr()?;
        let waker = listener.try_clone()?;
        let done = Arc::new(AtomicBool::new(false));
        let stop = done.clone();
        let log = log.clone();
        thread::Builder::new()
            .name(format!("{name}-accept"))
            .stack_size(STACK)
            .spawn(move || {
                let mut failures = Failures::default();
                for incoming in listener.incoming() {
                    if stop.load(Ordering::Acquire) {
                        return;
                    }
                    match incoming {
                        Ok(stream) => {
                            if !accepted(stream) {
                                return;
                            }
                        }
                        Err(e) => {
                            failures.log(&log, &e);
                            thread::sleep(Duration::from_millis(50));
                        }
                    }
                }
            })?;
        Ok(Acceptor {
            local,
            listener: Some(waker),
            done,
        })
    }

    /// Every accepted stream becomes a [`Conn`] with a codec made by `codec`, which the owner
    /// reads and writes itself: the returned [`Poller`] announces the accepted connections, hands over their frames and
    /// writes what waits in their outboxes when the socket has room, run by
    /// [`owner::run_polled`](super::owner::run_polled) (see [`poller`](super::poller)). No
    /// thread per connection at all. `Conn::close_after_flush` is not for these (the owner
    /// itself writes what it would wait for; see `Poller::finish`).
    pub fn owned<C, F>(
        opts: Opts,
        listener: TcpListener,
        ids: Ids,
        codec: F,
        log: &Log,
    ) -> io::Result<(Acceptor, Poller<C>)>
    where
        C: Measured,
        F: Fn() -> C + Send + 'static,
    {
        let (poller, _) = Poller::<C>::new(log)?;
        let handoff = poller.handoff();
        let conn_log = log.clone();
        let acceptor = Acceptor::start(opts.name, listener, log, move |stream| {
            match handoff.add(opts, ids.next(), stream, codec(), &conn_log) {
                Ok(owner_there) => owner_there,
                Err(e) => {
                    conn_log.warn(NetText::CannotStartThreads(&e.to_string()));
                    true
                }
            }
        })?;
        Ok((acceptor, poller))
    }

    /// Every accepted stream is served by `handler(stream, peer)` on a thread of its own (with
    /// a `stack` of that size); the owner hears `Served::Opened` and `Served::Closed`.
    pub fn threads<H, E>(
        name: &'static str,
        listener: TcpListener,
        stack: usize,
        handler: H,
        events: Sender<E>,
        log: &Log,
    ) -> io::Result<Acceptor>
    where
        H: Fn(TcpStream, SocketAddr) + Send + Sync + 'static,
        E: From<Served> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let ids = Ids::default();
        let conn_log = log.clone();
        Acceptor::start(name, listener, log, move |stream| {
            let (peer, cut) = match (stream.peer_addr(), stream.try_clone()) {
                (Ok(p), Ok(c)) => (p, c),
                (Err(e), _) | (_, Err(e)) => {
                    conn_log.warn(NetText::CannotStartThreads(&e.to_string()));
                    return true;
                }
            };
            let _ = stream.set_nodelay(true);
            let id = ids.next();
            if events.send(E::from(Served::Opened(id, cut))).is_err() {
                return false;
            }
            let handler = handler.clone();
            let closed = events.clone();
            let spawned = thread::Builder::new()
                .name(format!("{name}-conn-{id}"))
                .stack_size(stack)
                .spawn(move || {
                    handler(stream, peer);
                    let _ = closed.send(E::from(Served::Closed(id)));
                });
            if let Err(e) = spawned {
                conn_log.warn(NetText::CannotStartThreads(&e.to_string()));
                let _ = events.send(E::from(Served::Closed(id)));
            }
            true
        })
    }

    /// The address the listener is bound to.
    pub fn local(&self) -> SocketAddr {
        self.local
    }
}

impl Drop for Acceptor {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Release);
        // Wake the blocked accept() so the thread sees the flag and the port is released: on
        // Linux shutting the listener down does it; elsewhere a connection to it does.
        let woken = self
            .listener
            .take()
            .map(|l| socket2::SockRef::from(&l).shutdown(Shutdown::Both).is_ok())
            .unwrap_or(false);
        if !woken {
            let _ = TcpStream::connect_timeout(
                &super::sock::reachable(self.local),
                Duration::from_millis(200),
            );
        }
    }
}

/// Accept failures, logged at most once a second with how many were not.
#[derive(Default)]
struct Failures {
    last: Option<Instant>,
    unlogged: u64,
}

impl Failures {
    fn log(&mut self, log: &Log, e: &io::Error) {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < Duration::from_secs(1))
        {
            self.unlogged += 1;
            return;
        }
        let why = super::text::os_error(e, log.lang());
        match std::mem::take(&mut self.unlogged) {
            0 => log.warn(NetText::AcceptFailed(&why)),
            times => log.warn(NetText::AcceptFailedAgain { times, why: &why }),
        }
        self.last = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::log::{Level, Line, Sink, Trace};
    use crate::net::text::Lang;
    use crossbeam_channel::{Receiver, RecvTimeoutError, bounded, unbounded};
    use std::collections::HashMap;
    use std::io::Write;
    use std::net::TcpListener;

    /// Frames of exactly 4 bytes.
    struct Four;

    impl Format for Four {
        type Frame = Quad;
        type Error = io::Error;

        fn decode(r: &mut impl Read) -> io::Result<Quad> {
            let mut b = [0u8; 4];
            r.read_exact(&mut b)?;
            Ok(Quad(b))
        }

        fn encode(frame: &Quad, buf: &mut Vec<u8>) {
            buf.extend_from_slice(&frame.0);
        }
    }

    struct Quad([u8; 4]);

    impl std::fmt::Display for Quad {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{:?}", self.0)
        }
    }

    /// Every frame is 4 bytes: known from no bytes at all.
    impl Measured for Framed<Four> {
        fn frame_len(&mut self, _: &[u8]) -> Option<usize> {
            Some(4)
        }
    }

    type Ev = Event<Framed<Four>>;

    /// `--trace` of a frame is written when its bytes are, not when it joins the writer
    /// queue: a peer that reads nothing is not shown receiving what waits for it.
    #[test]
    fn a_frame_is_traced_when_it_is_written_not_when_it_is_queued() {
        let (ltx, lines) = unbounded();
        let log = Log::new(
            "t",
            Level::Quiet,
            Trace::Frames,
            Lang::En,
            Sink::Channel(ltx),
        );
        let (conn, _events, mut peer, _acceptor) = connected_with(&log);
        // 400 frames of 64 KiB: 26 MB, far more than loopback's socket buffers hold.
        const N: usize = 400;
        let frame = vec![7u8; 64 * 1024];
        for k in 0..N as u32 {
            conn.trace_out(&Quad(k.to_be_bytes()), &frame);
            conn.push(frame.clone()).unwrap();
        }
        let traced = |lines: &Receiver<Line>| {
            lines
                .try_iter()
                .filter(|l| l.text.starts_with("trace -> "))
                .count()
        };
        let early = traced(&lines);
        assert!(
            early < N,
            "{early} of {N} traced while the peer read nothing"
        );
        // The peer reads everything: then every frame has been traced, once, in order.
        let mut all = vec![0u8; N * frame.len()];
        peer.read_exact(&mut all).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while conn.unsent() > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(early + traced(&lines), N);
    }

    fn quiet() -> Log {
        Log::new("t", Level::Quiet, Trace::Off, Lang::En, Sink::Std)
    }

    const OPTS: Opts = Opts {
        name: "t",
        outbox: 1024,
        on_full: OnFull::Report,
    };

    /// A connection of ours (as `Conn`), its events, the raw peer socket, and the acceptor
    /// of a polled one.
    fn connected() -> (Conn<Framed<Four>>, Receiver<Ev>, TcpStream, Acceptor) {
        connected_with(&quiet())
    }

    fn connected_with(log: &Log) -> (Conn<Framed<Four>>, Receiver<Ev>, TcpStream, Acceptor) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let (tx, rx) = unbounded();
        let (acceptor, poller) =
            Acceptor::owned(OPTS, l, Ids::default(), Framed::new, log).unwrap();
        forward(poller, tx);
        let peer = TcpStream::connect(addr).unwrap();
        let conn = match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(Event::Opened(_, conn)) => *conn,
            _ => panic!("expected the connection"),
        };
        // A small send buffer, so a peer that does not read backs our writer up soon.
        socket2::SockRef::from(conn.stream().unwrap())
            .set_send_buffer_size(4096)
            .unwrap();
        (conn, rx, peer, acceptor)
    }

    /// A polled connection's owner, on a thread of its own: it hands every event to `tx`, as
    /// the owner's handler would take it (a full `tx` holds it up, as a busy owner would).
    fn forward(mut poller: crate::net::poller::Poller<Framed<Four>>, tx: Sender<Ev>) {
        std::thread::spawn(move || {
            let mut gone = false;
            while !gone {
                poller.turn(Some(Duration::from_millis(50)), &mut |ev| {
                    gone |= tx.send(ev).is_err();
                    crate::net::owner::Flow::Continue
                });
            }
        });
    }

    fn pair() -> (Conn<Framed<Four>>, Receiver<Ev>, TcpStream) {
        let (conn, rx, peer, acceptor) = connected();
        // The poller ends with its acceptor: keep it as long as the test.
        std::mem::forget(acceptor);
        (conn, rx, peer)
    }

    fn frame(rx: &Receiver<Ev>, within: Duration) -> Option<u8> {
        match rx.recv_timeout(within) {
            Ok(Event::Frame(_, q)) => Some(q.0[0]),
            Ok(_) => panic!("expected a frame"),
            Err(RecvTimeoutError::Timeout) => None,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_reader_stays_at_most_read_ahead_frames_ahead_of_the_owner() {
        let (conn, rx, mut peer, _acceptor) = connected();
        conn.read_ahead(3);
        for i in 0..10u8 {
            peer.write_all(&[i; 4]).unwrap();
        }
        for i in 0..3 {
            assert_eq!(frame(&rx, Duration::from_secs(5)), Some(i));
        }
        assert_eq!(
            frame(&rx, Duration::from_millis(200)),
            None,
            "read too far ahead"
        );
        conn.consumed();
        assert_eq!(frame(&rx, Duration::from_secs(5)), Some(3));
        assert_eq!(frame(&rx, Duration::from_millis(100)), None);
        // No limit: the rest comes.
        conn.read_ahead(0);
        for i in 4..10 {
            assert_eq!(frame(&rx, Duration::from_secs(5)), Some(i));
        }
    }

    #[test]
    fn a_paused_peer_is_not_read_until_resumed_and_a_cut_one_ends_even_paused() {
        let (conn, rx, mut peer, _acceptor) = connected();
        peer.write_all(&[1; 4]).unwrap();
        assert_eq!(frame(&rx, Duration::from_secs(5)), Some(1));
        conn.pause();
        // Two frames, the second one split: nothing reaches the owner while paused.
        peer.write_all(&[2; 4]).unwrap();
        peer.write_all(&[3; 2]).unwrap();
        let early = frame(&rx, Duration::from_millis(200));
        assert_eq!(early, None, "the poller read a paused peer");
        assert_eq!(frame(&rx, Duration::from_millis(200)), None);
        conn.resume();
        if early.is_none() {
            assert_eq!(frame(&rx, Duration::from_secs(5)), Some(2));
        }
        peer.write_all(&[3; 2]).unwrap();
        assert_eq!(frame(&rx, Duration::from_secs(5)), Some(3));
        conn.pause();
        peer.write_all(&[4; 4]).unwrap();
        conn.close_now();
        // Cut while paused: the reader ends (what it read before may still come first).
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match rx.recv_deadline(deadline) {
                Ok(Event::Frame(_, q)) => assert_eq!(q.0, [4; 4]),
                Ok(Event::Closed(..)) => break,
                Ok(Event::Opened(..)) => panic!("opened again"),
                Err(e) => panic!("no end: {e}"),
            }
        }
    }

    #[test]
    fn a_poller_hands_over_every_frame_of_many_peers_in_order_then_their_end() {
        const PEERS: usize = 16;
        const FRAMES: u32 = 2000;
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let (tx, rx) = bounded(64);
        let (_acceptor, poller) =
            Acceptor::owned(OPTS, l, Ids::default(), Framed::new, &quiet()).unwrap();
        forward(poller, tx);
        // Each peer writes its numbered frames in chunks that split frames anywhere, and the
        // last one in half (a peer that stops mid-frame).
        let peers: Vec<_> = (0..PEERS)
            .map(|p| {
                std::thread::spawn(move || {
                    let mut s = TcpStream::connect(addr).unwrap();
                    let mut bytes = Vec::new();
                    for n in 0..FRAMES {
                        let v = n.to_be_bytes();
                        bytes.extend_from_slice(&[p as u8, v[1], v[2], v[3]]);
                    }
                    bytes.extend_from_slice(&[p as u8, 0xff]);
                    let mut at = 0;
                    let mut step = 1 + p;
                    while at < bytes.len() {
                        let end = (at + step).min(bytes.len());
                        s.write_all(&bytes[at..end]).unwrap();
                        at = end;
                        step = step * 7 % 61 + 1;
                    }
                })
            })
            .collect();
        let mut conns = HashMap::new();
        let mut next: HashMap<ConnId, u32> = HashMap::new();
        let mut ended = 0;
        while ended < PEERS {
            match rx.recv_timeout(Duration::from_secs(10)).expect("an event") {
                Event::Opened(c, conn) => {
                    conns.insert(c, conn);
                    next.insert(c, 0);
                }
                Event::Frame(c, q) => {
                    let n = next.get_mut(&c).expect("opened before its frames");
                    assert_eq!(
                        u32::from_be_bytes([0, q.0[1], q.0[2], q.0[3]]),
                        *n,
                        "conn {c}"
                    );
                    *n += 1;
                }
                Event::Closed(c, why) => {
                    assert_eq!(
                        next[&c], FRAMES,
                        "conn {c}: every whole frame, then the end"
                    );
                    assert_eq!(why.kind(), io::ErrorKind::UnexpectedEof, "conn {c}");
                    ended += 1;
                }
            }
        }
        for p in peers {
            p.join().unwrap();
        }
    }

    #[test]
    fn frames_queued_behind_a_slow_peer_arrive_in_order_and_intact() {
        // A polled connection's socket is non-blocking: its writer waits for room itself.
        let (conn, _rx, mut peer, _acceptor) = connected();
        // The peer does not read yet: frames (3 MB in all, more than the sockets hold)
        // pile up in the writer queue, and go out coalesced once it reads.
        let mut sent = Vec::new();
        for i in 0..1000u32 {
            let frame: Vec<u8> = (0..((i % 97) as usize + 1) * 61)
                .map(|k| (i as usize * 31 + k) as u8)
                .collect();
            sent.extend_from_slice(&frame);
            conn.push(frame).unwrap();
        }
        let mut got = vec![0u8; sent.len()];
        peer.read_exact(&mut got).unwrap();
        assert_eq!(got, sent);
        let deadline = Instant::now() + Duration::from_secs(5);
        while conn.unsent() > 0 {
            assert!(Instant::now() < deadline, "unsent stays {}", conn.unsent());
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_drain_notice_fires_once_when_the_writer_caught_up() {
        let (conn, _rx, mut peer) = pair();
        let (tx, drained) = unbounded();
        conn.on_drained(move || {
            let _ = tx.send(());
        });
        assert!(conn.when_drained(0), "nothing waits yet");
        // The peer does not read: frames pile up in the kernel, then in the writer queue.
        let big = vec![7u8; 64 * 1024];
        for _ in 0..40 {
            conn.queue(big.clone()).unwrap();
        }
        // Until the writer is stuck (the peer's buffer is full).
        let mut stuck = 0;
        while stuck < 20 {
            let n = conn.unsent();
            std::thread::sleep(Duration::from_millis(10));
            stuck = if conn.unsent() == n { stuck + 1 } else { 0 };
        }
        assert!(conn.unsent() > 2);
        let before = conn.last_write();
        assert!(!conn.when_drained(2));
        assert!(drained.recv_timeout(Duration::from_millis(100)).is_err());
        // The peer reads everything: the notice comes, once.
        let reader = std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 20];
            while peer.read(&mut buf).map(|n| n > 0).unwrap_or(false) {}
        });
        drained
            .recv_timeout(Duration::from_secs(10))
            .expect("drained");
        assert!(conn.unsent() <= 2);
        assert!(conn.last_write() > before, "the writer's progress is seen");
        assert!(drained.recv_timeout(Duration::from_millis(200)).is_err());
        conn.close_now();
        reader.join().unwrap();
    }
}
