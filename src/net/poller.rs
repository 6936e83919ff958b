//! The owner reads and writes its connections itself, on its own thread, over mio (epoll on
//! Linux, kqueue on macOS and the BSDs, IOCP on Windows), run by
//! [`owner::run_polled`](super::owner::run_polled). Every TCP role's sockets live here: its
//! listener and the connections accepted on it
//! ([`Acceptor::owned`](super::conn::Acceptor::owned)), dialled ones ([`Poller::dial`]), and
//! ones dialled on another thread ([`Poller::handoff`]).
//!
//! ```text
//! dialling thread ──(Conn, socket)──▶ adds ─┐
//! gates opening, other events, input, stop ──▶ bell (mio::Waker) ─┐
//!                                            ▼             ▼
//! owner thread: Poll::poll ─▶ the listener accepted, Opened, then every whole frame of each ready socket
//!               (Codec::decode once Measured::frame_len says it is all there) ─▶ handle
//!               a socket with room ─▶ its Outbox written (coalesced), FIN once let go
//! ```
//!
//! A reader thread per connection cost two thread hand-offs per frame when frames came one at
//! a time (a stop-and-wait peer's answer woke its reader, which woke the owner): on a machine
//! with few cores those switches were a third of a server's time, and a thread pair per
//! connection capped servers at a few thousand clients. Read in place, a frame reaches the
//! owner's handler with no hand-off at all, and under load one poll returns many ready
//! sockets. The owner sees the same events in the same order per connection, `Opened` before
//! any frame, a gate (pause, read-ahead), and an outbox per connection (its bound, `unsent`,
//! the drain notice, the progress time, each frame's trace line).
//!
//! mio's readiness is edge-triggered: a socket is reported once when bytes come, not again
//! while they wait. So each connection remembers whether it may have more to read
//! (`readable`), until a read says it has not: `WouldBlock`, or a short read where that means
//! the same (`platform::SHORT_READ_DRAINS`), but never after an end was reported or while events may
//! have been missed (a peer's FIN that came with its last bytes raises no event of its own).
//! One that still may is given another turn after the others, one read per connection and
//! turn, so no peer starves the rest.
//!
//! A connection whose gate is shut is taken out of the poll set (nothing is read: TCP flow
//! control slows the peer) and put back when the owner opens the gate; since bytes that came
//! meanwhile raised no event it saw, it is then read without waiting for one. At most one
//! frame plus one read's worth is buffered per connection.

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, IoSlice};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TrySendError, bounded};
use mio::{Events, Interest, Poll, Registry, Token};

use super::accept::{Acceptor, Listening};
use super::codec::{trace_end, trace_in};
use super::conn::{Conn, ConnId, Event, Gate, Ids, Measured, Opts, Reader, Writing};
use super::owner::Flow;
use super::sentences::NetText;
use crate::platform::{SHORT_READ_DRAINS, Watched};
use crate::term::log::{Dir, Log};
use crate::term::text::os_error;

/// The bell's token (connection ids start at 1 and never reach it).
/// The scratch buffer [`Poller::finish`] reads what peers still send into, and drops.
const DRAIN_READ: usize = 16 * 1024;
/// The most [`Polled::discard`] reads from one socket in one call.
const DRAIN_MAX: usize = 1024 * 1024;

const BELL: Token = Token(usize::MAX);
/// The listener's token.
const LISTENER: Token = Token(usize::MAX - 1);
/// The token of the one other source the owner reads itself ([`Poller::watch`]).
const WATCHED: Token = Token(usize::MAX - 2);
/// Connections opened on other threads ([`Handoff`]) waiting for the owner to take them: a
/// full queue holds the thread up, as a full event channel would.
const ADDS: usize = 1024;
/// Readiness events taken per poll.
const READY: usize = 256;
/// The most frames written in one call.
const COALESCE: usize = 64;

/// Writing to `stream` failed: cut it (its reading ends, so the owner hears of it) and drop
/// what waits.
fn failed(stream: &Watched, outbox: &Outbox, q: &mut Outgoing) -> bool {
    let _ = stream.shutdown(Shutdown::Both);
    let left = q.frames.len();
    q.frames.clear();
    q.traces.clear();
    q.at = 0;
    q.done = true;
    outbox.writing.pending.fetch_sub(left, Ordering::SeqCst);
    true
}

/// What the poller shares with the threads that ring it (gates, a dropped acceptor, the stop
/// signal, an owner's other event sources).
pub(super) struct Shared {
    /// Wakes the owner's poll (an eventfd, a kqueue user event, an IOCP post).
    waker: mio::Waker,
    /// Connections whose gate opened while they were parked.
    opened: Mutex<Vec<ConnId>>,
    /// Connections the owner's poller writes that have frames to write, or were closed: only
    /// the owner's thread adds to it, between turns, so it is looked at before each wait with
    /// no ring.
    writes: Mutex<Vec<ConnId>>,
}

impl Shared {
    /// Every ring wakes the poll: one that skipped it because a ring seemed to be pending
    /// could fall just after the owner answered, and be lost (the stop signal's too). Rings are
    /// few next to frames: connections, gates opening, drain notices.
    fn ring(&self) {
        // Failing only when the system is out of resources; the next ring tries again.
        let _ = self.waker.wake();
    }

    /// Answer the bell: the connections whose gate opened since it last rang. Whoever pushes
    /// after this rings again, and that wakes the next poll.
    fn answer(&self) -> Vec<ConnId> {
        std::mem::take(&mut *self.opened.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// How a connection's gate tells the poller that it may be read again.
pub(crate) struct Waker {
    shared: Arc<Shared>,
    id: ConnId,
}

impl Waker {
    pub(super) fn wake(&self) {
        self.shared
            .opened
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(self.id);
        self.shared.ring();
    }
}

/// Rings the owner's bell: whoever sends the owner an event it must see while it waits on its
/// sockets rings it too.
#[derive(Clone)]
pub struct Bell {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Bell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Bell")
    }
}

impl Bell {
    pub fn ring(&self) {
        self.shared.ring();
    }
}

/// A channel into the owner that rings its bell with every event sent: how a thread of the
/// role (a served connection's, a connect pool, a thread that dialled) tells an owner waiting
/// on its poller.
pub struct Outlet<T> {
    tx: Sender<T>,
    bell: Bell,
}

impl<T> Clone for Outlet<T> {
    fn clone(&self) -> Self {
        Outlet {
            tx: self.tx.clone(),
            bell: self.bell.clone(),
        }
    }
}

impl<T> Outlet<T> {
    /// Events sent on `tx` ring `bell`.
    pub fn new(tx: Sender<T>, bell: Bell) -> Outlet<T> {
        Outlet { tx, bell }
    }

    /// Send, waiting for room (the owner takes events on every turn), and ring; an error when
    /// the owner is gone.
    pub fn send(&self, event: T) -> Result<(), crossbeam_channel::SendError<T>> {
        self.tx.send(event)?;
        self.bell.ring();
        Ok(())
    }

    /// Send if there is room, and ring; an error when the channel is full or the owner gone.
    pub fn try_send(&self, event: T) -> Result<(), crossbeam_channel::TrySendError<T>> {
        self.tx.try_send(event)?;
        self.bell.ring();
        Ok(())
    }
}

/// The frames of a connection that wait for room in its socket; the owner's poller writes
/// them (coalesced, in order) when the socket says it has room.
pub(crate) struct Outbox {
    queue: Mutex<Outgoing>,
    /// The most frames that may wait.
    limit: usize,
    writing: Writing,
    /// The poller that writes it (`None`: a connection without a socket).
    shared: Option<Arc<Shared>>,
    id: ConnId,
    /// Under `--trace`: where each frame's line is written, when its first byte is.
    log: Option<Log>,
}

#[derive(Default)]
struct Outgoing {
    frames: VecDeque<Vec<u8>>,
    /// The `--trace` line of each frame in `frames` not yet begun, if it has one.
    traces: VecDeque<Option<super::codec::Shown>>,
    /// Bytes of the first frame already written.
    at: usize,
    /// The owner dropped its handle: write the rest, then our FIN.
    closing: bool,
    /// Nothing more will be written (the FIN is sent, or writing failed).
    done: bool,
}

impl Outbox {
    fn lock(&self) -> MutexGuard<'_, Outgoing> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queue a frame; the owner's next turn writes it.
    pub(super) fn queue(
        &self,
        frame: Vec<u8>,
        trace: Option<super::codec::Shown>,
    ) -> Result<(), TrySendError<()>> {
        let mut q = self.lock();
        if q.done {
            return Err(TrySendError::Disconnected(()));
        }
        if q.frames.len() >= self.limit {
            return Err(TrySendError::Full(()));
        }
        let first = q.frames.is_empty();
        q.frames.push_back(frame);
        q.traces.push_back(trace);
        drop(q);
        if first {
            self.ask();
        }
        Ok(())
    }

    /// The owner dropped its handle.
    pub(super) fn close(&self) {
        self.lock().closing = true;
        self.ask();
    }

    fn ask(&self) {
        if let Some(shared) = &self.shared {
            shared
                .writes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(self.id);
        }
    }

    /// The outbox of a connection without a socket ([`Conn::memory`]): [`Sent`] empties it.
    pub(super) fn memory(id: ConnId, limit: usize, writing: Writing) -> Arc<Outbox> {
        Arc::new(Outbox {
            log: None,
            queue: Mutex::new(Outgoing::default()),
            limit: limit.max(1),
            writing,
            shared: None,
            id,
        })
    }
}

/// The peer's end of a connection without a socket ([`Conn::memory`]): what the owner sent,
/// as the peer reads it.
pub struct Sent(Arc<Outbox>);

impl Sent {
    pub(super) fn new(outbox: Arc<Outbox>) -> Sent {
        Sent(outbox)
    }

    /// The bytes sent since the last call, in order. They count as written: the connection's
    /// drain notice may fire, and `unsent` drops.
    pub fn take(&self) -> Vec<u8> {
        let mut q = self.0.lock();
        let frames = q.frames.len();
        let mut bytes = Vec::new();
        let at = std::mem::take(&mut q.at);
        for (i, f) in q.frames.drain(..).enumerate() {
            bytes.extend_from_slice(if i == 0 { &f[at..] } else { &f });
        }
        q.traces.clear();
        drop(q);
        self.0.writing.wrote(frames, 0);
        bytes
    }

    /// The owner let the connection go (dropped its handle, or cut it).
    pub fn closed(&self) -> bool {
        self.0.lock().closing
    }
}

/// A connection accepted, or handed over from another thread: announced, then read.
struct Added<C: Measured> {
    conn: Box<Conn<C>>,
    polled: Polled<C>,
}

/// Hands the owner's poller a connection opened on another thread (a thread that dials): the
/// owner hears `Opened` for it, then reads and writes it like any other.
pub struct Handoff<C: Measured> {
    shared: Arc<Shared>,
    adds: Sender<Added<C>>,
    hex: bool,
}

impl<C: Measured> Clone for Handoff<C> {
    fn clone(&self) -> Self {
        Handoff {
            shared: self.shared.clone(),
            adds: self.adds.clone(),
            hex: self.hex,
        }
    }
}

impl<C: Measured> Handoff<C> {
    /// Hand `stream` over as connection `id`, decoded with `codec`: the owner announces it and
    /// reads and writes it from then on. False when the owner is gone. The socket becomes
    /// non-blocking.
    pub fn add(
        &self,
        opts: Opts,
        id: ConnId,
        stream: TcpStream,
        codec: C,
        log: &Log,
    ) -> io::Result<bool> {
        let conn = Conn::owned(opts, id, stream, log, |writing| {
            outbox(&self.shared, id, opts.outbox, writing, log)
        })?;
        let polled = polled(&self.shared, self.hex, &conn, codec)?;
        let sent = self
            .adds
            .send(Added {
                conn: Box::new(conn),
                polled,
            })
            .is_ok();
        self.shared.ring();
        Ok(sent)
    }
}

/// The outbox of connection `id` (at most `limit` frames), written by the poller of `shared`.
fn outbox(
    shared: &Arc<Shared>,
    id: ConnId,
    limit: usize,
    writing: Writing,
    log: &Log,
) -> Arc<Outbox> {
    Arc::new(Outbox {
        log: log.tracing().then(|| log.clone()),
        queue: Mutex::new(Outgoing::default()),
        limit: limit.max(1),
        writing,
        shared: Some(shared.clone()),
        id,
    })
}

/// The poller's side of `conn` (decoded with `codec`). The socket becomes non-blocking (for
/// every handle on it: `conn`'s direct writes too).
fn polled<C: Measured>(
    shared: &Arc<Shared>,
    hex: bool,
    conn: &Conn<C>,
    codec: C,
) -> io::Result<Polled<C>> {
    let id = conn.id();
    let peer = conn.peer();
    let stream = conn
        .shared_stream()
        .ok_or_else(|| io::Error::from(io::ErrorKind::NotConnected))?;
    let stream = Watched::new(stream)?;
    let gate = conn.gate.clone();
    gate.polled_by(Waker {
        shared: shared.clone(),
        id,
    });
    Ok(Polled {
        id,
        peer,
        outbox: conn.outbox(),
        registered: None,
        reading_done: false,
        idle_due: None,
        idle_expired: false,
        got_bytes: false,
        reader: Reader::polled(stream, hex),
        codec,
        gate,
        watched: false,
        readable: false,
        until_blocked: false,
        seen: 0,
        need: 0,
        end: None,
    })
}

/// The owner's poller: every connection it reads, and the poll set.
pub struct Poller<C: Measured> {
    poll: Poll,
    events: Events,
    shared: Arc<Shared>,
    adds: Receiver<Added<C>>,
    conns: HashMap<ConnId, Polled<C>>,
    /// Connections to be given another turn without waiting for their socket: new ones, ones
    /// that may have more to read, ones whose gate opened, or the owner stopped in the middle
    /// of their frames.
    again: Vec<ConnId>,
    /// When connections holding the start of a frame see it as whole ([`Measured::IDLE`]), in
    /// order (a connection's earlier entries are stale once it has a later one).
    idle: VecDeque<(Instant, ConnId)>,
    /// Turns so far (a connection met twice in one turn takes its turn once).
    turns: u64,
    /// The last turn answered the bell.
    rang: bool,
    log: Log,
    /// Frames' bytes are kept (under --trace).
    hex: bool,
    /// Hands this poller connections opened elsewhere.
    handoff: Handoff<C>,
    /// The read buffer lent to a connection that holds no bytes of its own (most of them).
    spare: Vec<u8>,
    /// The listener it accepts on, if any ([`Acceptor::owned`](super::conn::Acceptor::owned)).
    listening: Option<Listening<C>>,
    /// The watched source may have something to read.
    source_ready: bool,
}

impl<C: Measured> Poller<C> {
    fn new(log: &Log) -> io::Result<Poller<C>> {
        let poll = Poll::new()?;
        let shared = Arc::new(Shared {
            waker: mio::Waker::new(poll.registry(), BELL)?,
            opened: Mutex::new(Vec::new()),
            writes: Mutex::new(Vec::new()),
        });
        let (adds, added) = bounded(ADDS);
        // Under --trace the bytes of each frame are kept: shown with =hex, and whatever the
        // mode for bytes that do not decode.
        let hex = log.tracing();
        let poller = Poller {
            poll,
            events: Events::with_capacity(READY),
            shared: shared.clone(),
            adds: added,
            conns: HashMap::new(),
            again: Vec::new(),
            idle: VecDeque::new(),
            turns: 0,
            rang: false,
            log: log.clone(),
            hex,
            handoff: Handoff { shared, adds, hex },
            spare: Vec::new(),
            listening: None,
            source_ready: false,
        };
        Ok(poller)
    }

    /// A poller with no listener, for a role that opens its connections itself (a client, a
    /// node's neighbours: [`Poller::dial`]).
    pub fn alone(log: &Log) -> io::Result<Poller<C>> {
        Poller::new(log)
    }

    /// Accept on `listener` too, on this thread, when it is readable: every accepted stream
    /// becomes a connection numbered from `ids` and decoded with a codec made by `codec`,
    /// announced with `Opened`. Dropping the returned acceptor stops it and frees the port. One
    /// listener per poller.
    pub fn listen<F>(
        &mut self,
        opts: Opts,
        listener: std::net::TcpListener,
        ids: Ids,
        codec: F,
    ) -> io::Result<Acceptor>
    where
        F: Fn() -> C + Send + 'static,
    {
        let (mut listening, acceptor) = Listening::new(opts, listener, ids, codec, self.bell())?;
        listening.register(self.poll.registry(), LISTENER)?;
        self.listening = Some(listening);
        Ok(acceptor)
    }

    /// Watch `source` (a UDP socket, say) for the owner, which reads it itself when told it is
    /// readable ([`Owner::readable`](super::owner::Owner::readable)). One source per poller;
    /// it is looked at once at the start, for what came before it was watched.
    pub fn watch(&mut self, source: &mut impl mio::event::Source) -> io::Result<()> {
        self.poll
            .registry()
            .register(source, WATCHED, Interest::READABLE)?;
        self.source_ready = true;
        Ok(())
    }

    /// Whether the watched source may have something to read (and from now on, no: the owner
    /// reads it).
    pub(super) fn take_readable(&mut self) -> bool {
        std::mem::take(&mut self.source_ready)
    }

    /// The owner stopped reading the watched source before a read would block.
    pub(super) fn readable_again(&mut self) {
        self.source_ready = true;
    }

    /// Whether the watched source waits to be read.
    pub(super) fn readable_pending(&self) -> bool {
        self.source_ready
    }

    /// What hands this poller connections opened on other threads.
    pub fn handoff(&self) -> Handoff<C> {
        self.handoff.clone()
    }

    /// Read and write `stream`, a connection this role opened, from now on: its [`Conn`] is
    /// returned at once (no `Opened` event comes for it); its frames and its end come like
    /// any other connection's.
    pub fn dial(
        &mut self,
        opts: Opts,
        id: ConnId,
        stream: TcpStream,
        codec: C,
        log: &Log,
    ) -> io::Result<Conn<C>> {
        let shared = self.shared.clone();
        let conn = Conn::owned(opts, id, stream, log, |writing| {
            outbox(&shared, id, opts.outbox, writing, log)
        })?;
        let mut polled = polled(&self.shared, self.hex, &conn, codec)?;
        polled.watch(self.poll.registry(), true);
        polled.unseen();
        self.conns.insert(id, polled);
        self.again.push(id);
        Ok(conn)
    }

    /// Whether the last [`Poller::turn`] answered the bell: something other than a socket
    /// (the stop signal, an event on the owner's channel) may want the owner's attention.
    pub fn rang(&self) -> bool {
        self.rang
    }

    /// What rings this poller's bell.
    pub fn bell(&self) -> Bell {
        Bell {
            shared: self.shared.clone(),
        }
    }

    /// Wait up to `timeout` (`None`: until something happens) for sockets, connections or the
    /// bell, and hand `sink` what came: `Opened` for new connections, then the frames of every
    /// ready one, then `Closed` for those that ended. Returns at once what `sink` says when it
    /// is not [`Flow::Continue`]; nothing read is lost (the rest waits for the next turn).
    pub fn turn(
        &mut self,
        timeout: Option<Duration>,
        sink: &mut dyn FnMut(Event<C>) -> Flow,
    ) -> Flow {
        // What the owner sent (or closed) since the last turn is written first.
        let writes =
            std::mem::take(&mut *self.shared.writes.lock().unwrap_or_else(|e| e.into_inner()));
        for id in writes {
            self.write(id);
        }
        let now = Instant::now();
        let listen_due = self.listening.as_ref().and_then(Listening::due);
        // The earlier of the two (`Option::min` would take `None` for the earliest).
        let due = match (self.idle.front().map(|&(due, _)| due), listen_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let timeout = match due {
            _ if !self.again.is_empty() => Some(Duration::ZERO),
            Some(due) => {
                let wait = due.saturating_duration_since(now);
                Some(timeout.map_or(wait, |t| t.min(wait)))
            }
            None => timeout,
        };
        if self.poll.poll(&mut self.events, timeout).is_err() {
            // Interrupted: a turn with no events.
            self.events.clear();
        }
        self.turns += 1;
        let mut todo: Vec<ConnId> = Vec::with_capacity(READY);
        let mut rang = false;
        let mut written: Vec<ConnId> = Vec::new();
        for ev in self.events.iter() {
            if ev.token() == BELL {
                rang = true;
            } else if ev.token() == WATCHED {
                self.source_ready = true;
            } else if ev.token() == LISTENER {
                if let Some(l) = &mut self.listening {
                    l.readable();
                }
            } else {
                let id = ev.token().0 as ConnId;
                // Readable, closed or failed: reads tell which.
                if let Some(p) = self.conns.get_mut(&id) {
                    if ev.is_writable() {
                        written.push(id);
                    }
                    if !ev.is_readable() && !ev.is_read_closed() && !ev.is_error() {
                        continue;
                    }
                    p.readable = true;
                    if ev.is_read_closed() || ev.is_error() {
                        p.until_blocked = true;
                    }
                }
                todo.push(id);
            }
        }
        for id in written {
            self.write(id);
        }
        // Lines whose idle time is up are handed over as they are.
        let now = Instant::now();
        while let Some(&(due, id)) = self.idle.front() {
            if due > now {
                break;
            }
            self.idle.pop_front();
            if let Some(p) = self.conns.get_mut(&id)
                && p.idle_due == Some(due)
            {
                p.idle_due = None;
                p.idle_expired = true;
                todo.push(id);
            }
        }
        self.rang = rang;
        if rang {
            self.again.extend(self.shared.answer());
        }
        let handed: Vec<Added<C>> = self.adds.try_iter().collect();
        let flow = self.announce(handed, sink);
        let registry = self.poll.registry();
        let again = std::mem::take(&mut self.again);
        let mut pending = again.into_iter().chain(todo);
        if flow != Flow::Continue {
            self.again.extend(pending);
            return flow;
        }
        while let Some(id) = pending.next() {
            let Some(p) = self.conns.get_mut(&id) else {
                continue;
            };
            if p.seen == self.turns {
                continue;
            }
            p.seen = self.turns;
            match p.turn(registry, sink, &self.log, &mut self.idle, &mut self.spare) {
                After::Keep => {
                    if p.more() {
                        self.again.push(id);
                    }
                }
                After::Gone(f) => {
                    // The owner may have let it go when told: what it left is written now,
                    // and its FIN, if the socket takes them (its descriptor is free at once).
                    if p.writes_left() && !p.flush() {
                        // The rest is written when the socket has room, and its FIN once the
                        // owner lets go.
                        p.reading_done = true;
                    } else {
                        p.forget(registry);
                        self.conns.remove(&id);
                    }
                    if f != Flow::Continue {
                        self.again.extend(pending);
                        return f;
                    }
                }
                After::Stopped(f) => {
                    self.again.push(id);
                    self.again.extend(pending);
                    return f;
                }
            }
        }
        // Accepted last, once the connections that ended this turn are gone and their
        // descriptors free again: a burst the owner closes at once (over its cap) holds no
        // more than one turn's worth of them.
        let accepted = self.accept(now);
        self.announce(accepted, sink)
    }

    /// New connections, announced before anything is read of them (each is watched only now,
    /// so no frame of theirs can come first); bytes may have come before they were watched,
    /// so each is read next turn whatever its socket says. Returns the first flow that is not
    /// `Continue` (every one is announced all the same).
    fn announce(&mut self, added: Vec<Added<C>>, sink: &mut dyn FnMut(Event<C>) -> Flow) -> Flow {
        let registry = self.poll.registry();
        let mut flow = Flow::Continue;
        for Added { conn, mut polled } in added {
            let id = polled.id;
            let f = sink(Event::Opened(id, conn));
            polled.watch(registry, true);
            polled.unseen();
            self.conns.insert(id, polled);
            self.again.push(id);
            if flow == Flow::Continue {
                flow = f;
            }
        }
        flow
    }

    /// Accept what waits on the listener, or let it go if the owner dropped its acceptor.
    fn accept(&mut self, now: Instant) -> Vec<Added<C>> {
        let Some(l) = &mut self.listening else {
            return Vec::new();
        };
        if l.let_go(self.poll.registry()) {
            self.listening = None;
            return Vec::new();
        }
        let mut streams = Vec::new();
        l.accept(now, &self.log, &mut streams);
        let opts = l.opts;
        let mut added = Vec::with_capacity(streams.len());
        for (id, stream, codec) in streams {
            let made = Conn::owned(opts, id, stream, &self.log, |writing| {
                outbox(&self.shared, id, opts.outbox, writing, &self.log)
            })
            .and_then(|conn| {
                let polled = polled(&self.shared, self.hex, &conn, codec)?;
                Ok(Added {
                    conn: Box::new(conn),
                    polled,
                })
            });
            match made {
                Ok(a) => added.push(a),
                // The peer reset before it was taken (it has no address any more): nothing
                // to take, and nothing to say.
                Err(e) if e.kind() == io::ErrorKind::NotConnected => {}
                // Out of resources: that one is closed.
                Err(e) => self.log.warn(NetText::CannotTakeConnection(&os_error(
                    &e,
                    self.log.lang(),
                ))),
            }
        }
        added
    }

    /// Once the owner is done with every connection (it dropped their handles): turn until
    /// each has its last frames and its FIN written, or until `deadline` (a peer that does not
    /// read holds its connection no longer). What the peers send meanwhile is dropped, and so
    /// is a connection accepted meanwhile (it gets its FIN too). A server then calls
    /// [`Poller::drain`].
    pub fn finish(&mut self, deadline: Instant) {
        loop {
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            let wait = (deadline - now).min(Duration::from_millis(20));
            self.turn(Some(wait), &mut |_| Flow::Continue);
            if !self.conns.values().any(Polled::writes_left) {
                return;
            }
        }
    }

    /// After [`Poller::finish`], for a server: read and drop what each peer still sends until
    /// it closes its side (then close ours), or until `deadline`. A socket closed with bytes
    /// in its receive buffer, or receiving bytes after it is closed, resets the connection
    /// (RST), which a peer sees as ECONNRESET and Wireshark flags as an error; read out first,
    /// every connection ends with FIN both ways. A client leaves as soon as its FIN is out
    /// (its server may be waiting for it to go).
    pub fn drain(&mut self, deadline: Instant) {
        let registry = self.poll.registry();
        let mut scratch = vec![0u8; DRAIN_READ];
        self.conns.retain(|_, p| {
            p.watch(registry, true);
            let open = !p.discard(&mut scratch);
            if !open {
                p.forget(registry);
            }
            open
        });
        while !self.conns.is_empty() {
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            // Any event (a peer's bytes, its FIN, the bell) is a reason to look again.
            let _ = self.poll.poll(&mut self.events, Some(deadline - now));
            let registry = self.poll.registry();
            self.conns.retain(|_, p| {
                let open = !p.discard(&mut scratch);
                if !open {
                    p.forget(registry);
                }
                open
            });
        }
    }

    /// Write what waits for connection `id`; forget it once it is written out and read out.
    fn write(&mut self, id: ConnId) {
        let Some(p) = self.conns.get_mut(&id) else {
            return;
        };
        if p.flush() && p.reading_done {
            p.forget(self.poll.registry());
            self.conns.remove(&id);
        }
    }
}

/// Why a polled connection's reading ended before its frames were all handed over.
enum End {
    Eof,
    Failed(io::Error),
}

/// One connection the poller reads and writes.
struct Polled<C: Measured> {
    id: ConnId,
    peer: SocketAddr,
    /// Its frames waiting to be written.
    outbox: Arc<Outbox>,
    /// What the poll set watches it for.
    registered: Option<Interest>,
    /// Its reading ended (the owner was told); it stays while it has frames to write.
    reading_done: bool,
    /// When the start of a frame it holds counts as whole ([`Measured::IDLE`]).
    idle_due: Option<Instant>,
    /// That time came: the codec gets what there is.
    idle_expired: bool,
    /// The last read brought bytes.
    got_bytes: bool,
    reader: Reader,
    codec: C,
    gate: Arc<Gate>,
    /// In the poll set (taken out while its gate is shut).
    watched: bool,
    /// Its socket may hold bytes not read yet: an event came, or it was not watched, since the
    /// last read that found none.
    readable: bool,
    /// Only a read that would block says the socket is empty (not a short read): its end was
    /// reported, or it was not watched.
    until_blocked: bool,
    /// The last turn that took this connection.
    seen: u64,
    /// The length of the frame being read, once known (room to read it all).
    need: usize,
    /// The stream ended; the frames before the end are handed over first.
    end: Option<End>,
}

/// What became of a connection after its turn.
enum After {
    Keep,
    /// Its reading ended (the owner has been told, and said this).
    Gone(Flow),
    /// The owner said this after one of its frames: the rest waits.
    Stopped(Flow),
}

impl<C: Measured> Polled<C> {
    /// One turn: back in the poll set if its gate opened, one read if the socket may have
    /// bytes, then every whole frame the gate lets through.
    fn turn(
        &mut self,
        registry: &Registry,
        sink: &mut dyn FnMut(Event<C>) -> Flow,
        log: &Log,
        idle: &mut VecDeque<(Instant, ConnId)>,
        spare: &mut Vec<u8>,
    ) -> After {
        if self.reading_done {
            return After::Keep;
        }
        self.got_bytes = false;
        if !self.watched && self.end.is_none() && !self.gate.must_wait() {
            self.watch(registry, true);
            self.unseen();
        }
        if self.watched {
            self.reader.borrow_spare(spare);
            self.read();
        }
        let after = self.run(registry, sink, log);
        self.reader.return_spare(spare);
        if let (Some(wait), After::Keep) = (C::IDLE, &after) {
            // The start of a frame with nothing after it: whole once nothing more comes for
            // `wait`, counted from the last bytes.
            if self.reader.buffered().is_empty() || self.end.is_some() {
                self.idle_due = None;
            } else if self.got_bytes || self.idle_due.is_none() {
                let due = Instant::now() + wait;
                self.idle_due = Some(due);
                idle.push_back((due, self.id));
            }
        }
        after
    }

    /// After our FIN: read and drop what the socket holds (at most [`DRAIN_MAX`] bytes a
    /// call, so a peer that floods does not hold the caller). True once the peer's stream has
    /// ended (its FIN, or a failure).
    fn discard(&mut self, scratch: &mut [u8]) -> bool {
        if self.end.is_some() || self.reading_done {
            return true;
        }
        let Some(stream) = self.reader.source() else {
            return true;
        };
        let mut read = 0;
        while read < DRAIN_MAX {
            match stream.read(scratch) {
                Ok(0) => return true,
                Ok(n) => read += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return false,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return true,
            }
        }
        false
    }

    /// Whether frames wait to be written, or our FIN: the connection must stay until then.
    fn writes_left(&self) -> bool {
        !self.outbox.lock().done
    }

    /// Write what waits while the socket takes it (a write that would block waits for the
    /// socket's next event), then our FIN if the owner let go. Returns true once nothing more
    /// will be written. A write that fails cuts the connection, so its reading ends too.
    fn flush(&mut self) -> bool {
        let outbox = self.outbox.clone();
        let Some(stream) = self.reader.source() else {
            return true;
        };
        let mut q = outbox.lock();
        if q.done {
            return true;
        }
        while !q.frames.is_empty() {
            // A frame's trace line goes out with its first byte (traced before the write: the
            // peer's answer cannot come, and be traced, before it).
            if let Some(log) = &outbox.log {
                let q = &mut *q;
                for (f, t) in q.frames.iter().zip(q.traces.iter_mut()).take(COALESCE) {
                    if let Some(shown) = t.take() {
                        log.trace(Dir::Out, self.peer, shown, Some(f));
                    }
                }
            }
            let mut slices = [IoSlice::new(&[]); COALESCE];
            let mut n = 0;
            let mut bytes = 0;
            for (i, f) in q.frames.iter().take(COALESCE).enumerate() {
                let f = if i == 0 { &f[q.at..] } else { &f[..] };
                slices[i] = IoSlice::new(f);
                bytes += f.len();
                n = i + 1;
            }
            match stream.write_vectored(&slices[..n]) {
                Ok(0) if bytes > 0 => return failed(stream, &outbox, &mut q),
                Ok(mut wrote) => {
                    let mut whole = 0;
                    while let Some(f) = q.frames.front() {
                        let rest = f.len() - q.at;
                        if wrote < rest {
                            q.at += wrote;
                            break;
                        }
                        wrote -= rest;
                        q.frames.pop_front();
                        q.traces.pop_front();
                        q.at = 0;
                        whole += 1;
                    }
                    outbox.writing.wrote(whole, q.frames.len());
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return false,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return failed(stream, &outbox, &mut q),
            }
        }
        if q.closing {
            let _ = stream.shutdown(Shutdown::Write);
            q.done = true;
            return true;
        }
        false
    }

    /// Out of the poll set for good.
    fn forget(&mut self, registry: &Registry) {
        if self.registered.take().is_some()
            && let Some(source) = self.reader.source()
        {
            let _ = registry.deregister(source);
        }
    }

    /// It was not watched: whatever came meanwhile (bytes, the end) raised no event it will
    /// see, so it is read until a read would block.
    fn unseen(&mut self) {
        self.readable = true;
        self.until_blocked = true;
    }

    /// Whether it should have another turn without waiting for an event: its socket may have
    /// more and it is being read.
    fn more(&self) -> bool {
        self.readable && self.watched && self.end.is_none() && !self.reading_done
    }

    /// Read once what the socket has.
    fn read(&mut self) {
        if self.end.is_some() || !self.readable {
            return;
        }
        match self.reader.fill_from_socket(self.need) {
            Ok((0, _)) => self.end = Some(End::Eof),
            Ok((_, filled)) => {
                self.got_bytes = true;
                self.readable = filled || self.until_blocked || !SHORT_READ_DRAINS;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                // From here on, whatever comes raises an event.
                self.readable = false;
                self.until_blocked = false;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => self.end = Some(End::Failed(e)),
        }
    }

    /// Hand the owner every whole frame read, while the gate lets it; then the end, if the
    /// stream ended. A shut gate takes the socket out of the poll set until it opens.
    fn run(
        &mut self,
        registry: &Registry,
        sink: &mut dyn FnMut(Event<C>) -> Flow,
        log: &Log,
    ) -> After {
        loop {
            if self.gate.must_wait() && self.gate.park() {
                self.watch(registry, false);
                return After::Keep;
            }
            let unread = self.reader.buffered();
            if self.codec.discarding() {
                let n = unread.len();
                self.reader.consume(n);
                self.reader.take_record();
                self.need = 0;
                break;
            }
            match self.codec.frame_len(unread) {
                Some(n) if unread.len() >= n => {}
                // Idle long enough: the codec takes what there is.
                _ if self.idle_expired && !unread.is_empty() => {}
                need => {
                    self.need = need.unwrap_or(0);
                    break;
                }
            }
            self.idle_expired = false;
            match self.codec.decode(&mut self.reader) {
                Ok(frame) => {
                    self.gate.handed();
                    if log.tracing() {
                        trace_in::<C>(log, self.peer, &frame, self.reader.take_record());
                    }
                    match sink(Event::Frame(self.id, frame)) {
                        Flow::Continue => {}
                        flow => return After::Stopped(flow),
                    }
                }
                Err(why) => {
                    if log.tracing() {
                        trace_end::<C>(log, self.peer, &why, self.reader.take_record());
                    }
                    return self.ended(registry, sink, why);
                }
            }
        }
        match self.end.take() {
            None => After::Keep,
            Some(End::Failed(e)) => self.ended(registry, sink, e.into()),
            // What is left is less than a frame: the codec says what that means (a clean
            // end, or a peer that stopped mid-frame).
            Some(End::Eof) => loop {
                match self.codec.decode(&mut self.reader) {
                    Ok(frame) => {
                        if let flow @ (Flow::Leave | Flow::Exit) =
                            sink(Event::Frame(self.id, frame))
                        {
                            self.end = Some(End::Eof);
                            return After::Stopped(flow);
                        }
                    }
                    Err(why) => {
                        if log.tracing() {
                            trace_end::<C>(log, self.peer, &why, self.reader.take_record());
                        }
                        return self.ended(registry, sink, why);
                    }
                }
            },
        }
    }

    fn ended(
        &mut self,
        registry: &Registry,
        sink: &mut dyn FnMut(Event<C>) -> Flow,
        why: C::End,
    ) -> After {
        self.watch(registry, false);
        After::Gone(sink(Event::Closed(self.id, why)))
    }

    /// Watch the socket for reading (`on`) or not. One the poller writes is watched for room
    /// to write all along (edge-triggered: it is reported only once a write found it full). A
    /// socket that cannot be put in the poll set would never be read: its connection ends with
    /// that error.
    fn watch(&mut self, registry: &Registry, on: bool) {
        if self.watched == on {
            return;
        }
        let want = Some(if on {
            Interest::READABLE | Interest::WRITABLE
        } else {
            Interest::WRITABLE
        });
        let Some(source) = self.reader.source() else {
            return;
        };
        let token = Token(self.id as usize);
        let done = match (self.registered, want) {
            (None, Some(want)) => registry.register(source, token, want),
            (Some(_), Some(want)) => registry.reregister(source, token, want),
            // Failing only for a socket already gone, which its end reports.
            (Some(_), None) => registry.deregister(source).or(Ok(())),
            (None, None) => Ok(()),
        };
        match done {
            Ok(()) => {
                self.registered = want;
                self.watched = on;
            }
            Err(e) if on => {
                if self.end.is_none() {
                    self.end = Some(End::Failed(e));
                }
            }
            Err(_) => self.watched = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::conn::{Acceptor, Format, Framed, Ids, OnFull, Opts};
    use crate::term::log::{Level, Sink, Trace};
    use crate::term::text::Lang;
    use std::io::{BufRead, Read, Write};
    use std::net::TcpListener;
    use std::time::Instant;

    /// Frames of two bytes: a big-endian number.
    struct Two;

    impl Format for Two {
        type Frame = u16;
        type Error = io::Error;

        fn decode(r: &mut impl Read) -> io::Result<u16> {
            let mut b = [0u8; 2];
            r.read_exact(&mut b)?;
            Ok(u16::from_be_bytes(b))
        }

        fn encode(frame: &u16, buf: &mut Vec<u8>) {
            buf.extend_from_slice(&frame.to_be_bytes());
        }
    }

    impl Measured for Framed<Two> {
        fn frame_len(&mut self, _: &[u8]) -> Option<usize> {
            Some(2)
        }
    }

    const OPTS: Opts = Opts {
        name: "t",
        outbox: 16,
        on_full: OnFull::Report,
    };

    /// A poller reading one accepted connection, that connection, and its peer's socket.
    fn polled() -> (Poller<Framed<Two>>, Conn<Framed<Two>>, TcpStream, Acceptor) {
        let log = Log::new("t", Level::Quiet, Trace::Off, Lang::En, Sink::Std);
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let (acceptor, mut poller) =
            Acceptor::owned(OPTS, l, Ids::default(), Framed::new, &log).unwrap();
        let peer = TcpStream::connect(addr).unwrap();
        let mut conn = None;
        let deadline = Instant::now() + Duration::from_secs(5);
        while conn.is_none() {
            assert!(Instant::now() < deadline, "no connection");
            poller.turn(Some(Duration::from_millis(50)), &mut |ev| {
                match ev {
                    Event::Opened(_, c) => conn = Some(*c),
                    _ => panic!("an event before Opened"),
                }
                Flow::Continue
            });
        }
        (poller, conn.unwrap(), peer, acceptor)
    }

    /// Turn the poller for `within`, or until the connection closed; the frames it handed
    /// over and whether it closed.
    fn frames(poller: &mut Poller<Framed<Two>>, within: Duration) -> (Vec<u16>, bool) {
        let (mut got, mut closed) = (Vec::new(), false);
        let deadline = Instant::now() + within;
        while !closed && Instant::now() < deadline {
            poller.turn(Some(Duration::from_millis(20)), &mut |ev| {
                match ev {
                    Event::Frame(_, n) => got.push(n),
                    Event::Closed(..) => closed = true,
                    Event::Opened(..) => panic!("opened again"),
                }
                Flow::Continue
            });
        }
        (got, closed)
    }

    #[test]
    fn a_paused_connection_with_unread_bytes_is_read_to_its_end_on_resume() {
        let (mut poller, conn, mut peer, _acceptor) = polled();
        conn.pause();
        // Far more than one read's worth, then the end: all of it waits in the socket while
        // the connection is paused, and none of it raises an event once it is resumed.
        const FRAMES: u16 = 20_000;
        let bytes: Vec<u8> = (0..FRAMES).flat_map(u16::to_be_bytes).collect();
        peer.write_all(&bytes).unwrap();
        peer.shutdown(std::net::Shutdown::Write).unwrap();
        let (early, closed) = frames(&mut poller, Duration::from_millis(300));
        assert!(early.is_empty() && !closed, "read while paused: {early:?}");
        conn.resume();
        let (got, closed) = frames(&mut poller, Duration::from_secs(10));
        assert_eq!(got, (0..FRAMES).collect::<Vec<_>>());
        assert!(closed, "the end after the last frame");
    }

    #[test]
    fn read_ahead_stops_reading_until_the_owner_catches_up() {
        let (mut poller, conn, mut peer, _acceptor) = polled();
        conn.read_ahead(5);
        let bytes: Vec<u8> = (0..100u16).flat_map(u16::to_be_bytes).collect();
        peer.write_all(&bytes).unwrap();
        let (first, _) = frames(&mut poller, Duration::from_millis(300));
        assert_eq!(first, [0, 1, 2, 3, 4]);
        // Caught up with every frame: the rest comes, with no new byte from the peer.
        for _ in 0..5 {
            conn.consumed();
        }
        conn.read_ahead(0);
        let (rest, _) = frames(&mut poller, Duration::from_millis(500));
        assert_eq!(rest, (5..100).collect::<Vec<_>>());
    }

    #[test]
    fn the_bell_wakes_a_waiting_turn() {
        let (mut poller, _conn, _peer, _acceptor) = polled();
        // Settle: no ring left over from the connection.
        frames(&mut poller, Duration::from_millis(100));
        let bell = poller.bell();
        let ringer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            bell.ring();
        });
        let started = Instant::now();
        let flow = poller.turn(Some(Duration::from_secs(10)), &mut |_| Flow::Continue);
        assert_eq!(flow, Flow::Continue);
        assert!(poller.rang(), "woken by something else");
        assert!(started.elapsed() < Duration::from_secs(5), "not woken");
        ringer.join().unwrap();
        // Nothing rang since: a turn waits its full time.
        poller.turn(Some(Duration::from_millis(50)), &mut |_| Flow::Continue);
        assert!(!poller.rang());
    }

    /// Lines, whole at their `\n` or after [`Lines::IDLE`] with nothing more arriving.
    #[derive(Default)]
    struct Lines;

    impl crate::net::conn::Codec for Lines {
        type In = String;
        type End = io::Error;
        type Out = str;

        fn decode(&mut self, r: &mut Reader) -> io::Result<String> {
            let mut line = Vec::new();
            r.read_until(b'\n', &mut line)?;
            if line.is_empty() {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            Ok(String::from_utf8_lossy(&line).trim_end().to_string())
        }

        fn encode(line: &str, buf: &mut Vec<u8>) {
            buf.extend_from_slice(line.as_bytes());
            buf.push(b'\n');
        }

        fn show_in(line: &String, _: Lang) -> String {
            line.clone()
        }

        fn show_out(line: &str, _: Lang) -> String {
            line.to_string()
        }
    }

    impl Measured for Lines {
        fn frame_len(&mut self, head: &[u8]) -> Option<usize> {
            head.iter().position(|&b| b == b'\n').map(|end| end + 1)
        }

        const IDLE: Option<Duration> = Some(Duration::from_millis(150));
    }

    /// A connection of an owner that reads and writes it itself, and its peer's socket.
    fn owned() -> (Poller<Lines>, Conn<Lines>, TcpStream, Acceptor) {
        owned_logged(&Log::new(
            "t",
            Level::Quiet,
            Trace::Off,
            Lang::En,
            Sink::Std,
        ))
    }

    /// [`owned`], its lines written to `log`.
    fn owned_logged(log: &Log) -> (Poller<Lines>, Conn<Lines>, TcpStream, Acceptor) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let opts = Opts {
            outbox: 4096,
            ..OPTS
        };
        let (acceptor, mut poller) =
            Acceptor::owned(opts, l, Ids::default(), Lines::default, log).unwrap();
        let peer = TcpStream::connect(addr).unwrap();
        let mut conn = None;
        let deadline = Instant::now() + Duration::from_secs(5);
        while conn.is_none() {
            assert!(Instant::now() < deadline, "no connection");
            poller.turn(Some(Duration::from_millis(50)), &mut |ev| {
                if let Event::Opened(_, c) = ev {
                    conn = Some(*c);
                }
                Flow::Continue
            });
        }
        (poller, conn.unwrap(), peer, acceptor)
    }

    /// The next line the poller hands over within `within`, and when.
    fn line(poller: &mut Poller<Lines>, within: Duration) -> Option<(String, Instant)> {
        let deadline = Instant::now() + within;
        let mut got = None;
        while got.is_none() && Instant::now() < deadline {
            poller.turn(Some(Duration::from_millis(10)), &mut |ev| {
                if let Event::Frame(_, l) = ev {
                    got = Some((l, Instant::now()));
                }
                Flow::Continue
            });
        }
        got
    }

    #[test]
    fn an_unterminated_line_is_whole_once_nothing_more_came_for_the_idle_time() {
        let (mut poller, _conn, mut peer, _acceptor) = owned();
        peer.write_all(b"whole\nabc").unwrap();
        let sent = Instant::now();
        assert_eq!(
            line(&mut poller, Duration::from_secs(5)).unwrap().0,
            "whole"
        );
        let (l, at) = line(&mut poller, Duration::from_secs(5)).expect("the idle line");
        assert_eq!(l, "abc");
        assert!(at - sent >= Duration::from_millis(150), "too early");
        // Bytes that come meanwhile start the wait again.
        peer.write_all(b"de").unwrap();
        assert!(line(&mut poller, Duration::from_millis(100)).is_none());
        peer.write_all(b"f").unwrap();
        let last = Instant::now();
        let (l, at) = line(&mut poller, Duration::from_secs(5)).expect("the idle line");
        assert_eq!(l, "def");
        assert!(at - last >= Duration::from_millis(150), "too early");
    }

    #[test]
    fn an_owner_written_connection_writes_everything_behind_a_slow_peer_then_its_fin() {
        let (mut poller, conn, mut peer, _acceptor) = owned();
        // 3 MB, far more than the sockets hold (our send buffer kept small): most of it waits
        // in the outbox while the peer does not read.
        socket2::SockRef::from(conn.stream().unwrap())
            .set_send_buffer_size(4096)
            .unwrap();
        let mut sent = Vec::new();
        for i in 0..1000u32 {
            let frame: Vec<u8> = (0..((i % 97) as usize + 1) * 61)
                .map(|k| (i as usize * 31 + k) as u8)
                .collect();
            sent.extend_from_slice(&frame);
            conn.push(frame).unwrap();
        }
        poller.turn(Some(Duration::ZERO), &mut |_| Flow::Continue);
        assert!(
            conn.unsent() > 0,
            "all written to a peer that does not read"
        );
        // The owner lets go: what waits is still written, then the FIN.
        drop(conn);
        let reader = std::thread::spawn(move || {
            let mut got = Vec::new();
            peer.read_to_end(&mut got).map(|_| got)
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        while !reader.is_finished() {
            assert!(Instant::now() < deadline, "not all written");
            poller.turn(Some(Duration::from_millis(20)), &mut |_| Flow::Continue);
        }
        assert_eq!(reader.join().unwrap().unwrap(), sent);
    }

    #[test]
    fn an_owner_written_connection_tells_once_when_its_outbox_drained_and_when_it_last_wrote() {
        let (mut poller, conn, mut peer, _acceptor) = owned();
        socket2::SockRef::from(conn.stream().unwrap())
            .set_send_buffer_size(4096)
            .unwrap();
        let (tx, drained) = crossbeam_channel::unbounded();
        conn.on_drained(move || {
            let _ = tx.send(());
        });
        assert!(conn.when_drained(0), "nothing waits yet");
        // The peer does not read: what the sockets do not hold waits in the outbox.
        let frame = vec![7u8; 16 * 1024];
        for _ in 0..200 {
            conn.push(frame.clone()).unwrap();
        }
        for _ in 0..5 {
            poller.turn(Some(Duration::from_millis(10)), &mut |_| Flow::Continue);
        }
        assert!(
            conn.unsent() > 2,
            "all written to a peer that does not read"
        );
        let before = conn.last_write();
        assert!(!conn.when_drained(2));
        assert!(drained.try_recv().is_err(), "told before it drained");
        // The peer reads everything: the notice comes (on the owner's thread), once.
        let reader = std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 20];
            let mut got = 0;
            while got < 200 * 16 * 1024 {
                match peer.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got += n,
                }
            }
            got
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        while drained.try_recv().is_err() {
            assert!(Instant::now() < deadline, "no drain notice");
            poller.turn(Some(Duration::from_millis(10)), &mut |_| Flow::Continue);
        }
        assert!(conn.unsent() <= 2);
        assert!(conn.last_write() > before, "the poller's progress is seen");
        let deadline = Instant::now() + Duration::from_secs(10);
        while conn.unsent() > 0 {
            assert!(Instant::now() < deadline, "not all written");
            poller.turn(Some(Duration::from_millis(10)), &mut |_| Flow::Continue);
        }
        assert!(drained.try_recv().is_err(), "told twice");
        assert_eq!(reader.join().unwrap(), 200 * 16 * 1024);
    }

    #[test]
    fn finish_writes_what_the_owner_let_go_then_each_fin() {
        let (mut poller, conn, mut peer, _acceptor) = owned();
        socket2::SockRef::from(conn.stream().unwrap())
            .set_send_buffer_size(4096)
            .unwrap();
        for i in 0..100u8 {
            conn.push(vec![i; 4096]).unwrap();
        }
        assert!(
            conn.unsent() > 0,
            "all written to a peer that does not read yet"
        );
        drop(conn);
        // Bounded: a poller that never wrote the FIN fails the test, not hangs it.
        peer.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let reader = std::thread::spawn(move || {
            let mut got = Vec::new();
            peer.read_to_end(&mut got).map(|_| got)
        });
        poller.finish(Instant::now() + Duration::from_secs(10));
        let got = reader.join().unwrap().expect("read up to our FIN");
        let sent: Vec<u8> = (0..100u8).flat_map(|i| vec![i; 4096]).collect();
        assert!(got == sent, "{} bytes of {}", got.len(), sent.len());
    }

    #[test]
    fn an_owner_written_frame_is_traced_when_it_is_written_not_when_it_is_queued() {
        let (ltx, lines) = crossbeam_channel::unbounded();
        let log = Log::new(
            "t",
            Level::Quiet,
            Trace::Frames,
            Lang::En,
            Sink::Channel(ltx),
        );
        let (mut poller, conn, mut peer, _acceptor) = owned_logged(&log);
        socket2::SockRef::from(conn.stream().unwrap())
            .set_send_buffer_size(4096)
            .unwrap();
        // 400 frames of 16 KiB: far more than the sockets hold while the peer reads nothing.
        const N: usize = 400;
        let mut frame = vec![b'x'; 16 * 1024];
        *frame.last_mut().unwrap() = b'\n';
        for k in 0..N {
            let shown = format!("frame {k}");
            conn.trace_out(&shown, &frame);
            conn.push(frame.clone()).unwrap();
        }
        for _ in 0..5 {
            poller.turn(Some(Duration::from_millis(10)), &mut |_| Flow::Continue);
        }
        let traced = |lines: &crossbeam_channel::Receiver<crate::term::log::Line>| {
            lines
                .try_iter()
                .filter(|l| l.text.starts_with("trace -> "))
                .map(|l| l.text)
                .collect::<Vec<_>>()
        };
        let mut seen = traced(&lines);
        assert!(seen.len() < N, "all {N} traced while the peer read nothing");
        // The peer reads everything: then every frame has been traced, once, in order.
        let reader = std::thread::spawn(move || {
            let mut all = vec![0u8; N * 16 * 1024];
            peer.read_exact(&mut all).map(|_| peer)
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        while conn.unsent() > 0 {
            assert!(Instant::now() < deadline, "not all written");
            poller.turn(Some(Duration::from_millis(10)), &mut |_| Flow::Continue);
        }
        let _peer = reader.join().unwrap().unwrap();
        seen.extend(traced(&lines));
        assert_eq!(seen.len(), N);
        for (k, line) in seen.iter().enumerate() {
            assert!(line.ends_with(&format!("frame {k}")), "{k}: {line}");
        }
    }
}
