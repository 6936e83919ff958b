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
//! [`Conn::memory`] is a connection with no socket, for unit tests of an owner.
//!
//! Next to it: the codecs (`codec.rs`), the bytes a codec reads (`reader.rs`), and accepting
//! on the owner's poller (`accept.rs`, [`Acceptor`]). Connections a role opens itself are given
//! to its poller directly ([`Poller::dial`]) or from the thread that dialled them
//! ([`Poller::handoff`]).

use std::io;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::TrySendError;

pub use super::accept::Acceptor;
pub use super::codec::{Codec, Format, Framed, Measured, Undecoded};
pub use super::reader::Reader;
use super::sentences::NetText;
use crate::term::log::{Dir, Log};

/// Small stacks for the few threads at a role's edges (a dial, a served connection's, the
/// echo/app accept thread).
pub const STACK: usize = 128 * 1024;

/// A role-wide connection number (never reused within a process).
pub type ConnId = u64;

/// What the owner's poller tells it about a connection.
pub enum Event<C: Codec> {
    /// A connection was accepted (sent before any of its frames). Boxed: channel slots are
    /// the size of the largest event, and frames are far more frequent.
    Opened(ConnId, Box<Conn<C>>),
    /// One decoded frame.
    Frame(ConnId, C::In),
    /// The reader stopped: the codec's error says why (end of stream, I/O, bad frame).
    Closed(ConnId, C::End),
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
    /// The outbox is full: the peer is not reading fast enough.
    Full,
    /// The writer has stopped (the connection failed or was closed).
    Closed,
}

/// What a full outbox means for a connection (the protocol's decision).
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
    next_trace: std::sync::Mutex<Option<super::codec::Shown>>,
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
    /// written when those bytes are, not now, so a frame that waits in the outbox is not
    /// shown as sent. Call it right before that push.
    pub fn trace_out(&self, frame: &C::Out, _bytes: &[u8]) {
        if self.log.tracing()
            && let Ok(mut next) = self.next_trace.lock()
        {
            *next = Some(super::codec::Shown::of_out::<C>(frame, &self.log));
        }
    }

    /// The trace line [`Conn::trace_out`] left for this frame.
    fn take_trace(&self) -> Option<super::codec::Shown> {
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

    fn queue_traced(
        &self,
        bytes: Vec<u8>,
        trace: Option<super::codec::Shown>,
    ) -> Result<(), SendError> {
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

use super::poller::{Outbox, Sent, Waker};
use crate::platform::DONTWAIT;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::log::{Level, Line, Sink, Trace};
    use crate::term::text::Lang;
    use crossbeam_channel::Sender;
    use crossbeam_channel::{Receiver, RecvTimeoutError, bounded, unbounded};
    use std::collections::HashMap;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::thread;

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
        // Dropping the acceptor would stop accepting: keep it as long as the test.
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
        // pile up in the outbox, and go out coalesced once it reads.
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
        // The peer does not read: frames pile up in the kernel, then in the outbox.
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
