//! The owner reads its connections itself: the reading half of
//! [`Acceptor::polled`](super::conn::Acceptor::polled), run by
//! [`owner::run_polled`](super::owner::run_polled) on the owner's own thread, over mio (epoll
//! on Linux, kqueue on macOS and the BSDs, IOCP on Windows).
//!
//! ```text
//! acceptor thread ──(Conn, socket)──▶ adds ─┐
//! gates opening, other events, stop ──▶ bell (mio::Waker) ─┐
//!                                            ▼             ▼
//! owner thread: Poll::poll ─▶ Opened, then every whole frame of each ready socket
//!               (Codec::decode once Measured::frame_len says it is all there) ─▶ handle
//! ```
//!
//! A reader thread per connection costs two thread hand-offs per frame when frames come one at
//! a time (a stop-and-wait peer's answer wakes its reader, which wakes the owner): on a
//! machine with few cores those switches were a third of the server's time. Read in place, a
//! frame reaches the owner's handler with no hand-off at all, and under load one poll returns
//! many ready sockets. Everything else stays as it is for the owner: the same events in the
//! same order per connection, `Opened` before any frame, the same gate (pause, read-ahead),
//! the same writers.
//!
//! mio's readiness is edge-triggered: a socket is reported once when bytes come, not again
//! while they wait. So each connection remembers whether it may have more to read
//! (`readable`), until a read says it has not: `WouldBlock`, or a short read where that means
//! the same ([`SHORT_READ_DRAINS`]), but never after an end was reported or while events may
//! have been missed (a peer's FIN that came with its last bytes raises no event of its own).
//! One that still may is given another turn after the others, one read per connection and
//! turn, so no peer starves the rest.
//!
//! A connection whose gate is shut is taken out of the poll set (nothing is read: TCP flow
//! control slows the peer) and put back when the owner opens the gate; since bytes that came
//! meanwhile raised no event it saw, it is then read without waiting for one. At most one
//! frame plus one read's worth is buffered per connection, as with a reader thread.

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, bounded};
use mio::{Events, Interest, Poll, Registry, Token};

use super::conn::{Conn, ConnId, Event, Gate, Measured, Reader};
use super::log::{Dir, Log, Trace};
use super::owner::Flow;
use super::platform::SHORT_READ_DRAINS;

/// The bell's token (connection ids start at 1 and never reach it).
const BELL: Token = Token(usize::MAX);
/// Accepted connections waiting for the owner to take them: a full queue holds the acceptor
/// up (and the listen backlog then the connecting peers), as a full event channel would.
const ADDS: usize = 1024;
/// Readiness events taken per poll.
const READY: usize = 256;

/// What the poller shares with the threads that ring it (gates, the acceptor, writers, the
/// stop signal).
pub(super) struct Shared {
    /// Wakes the owner's poll (an eventfd, a kqueue user event, an IOCP post).
    waker: mio::Waker,
    /// Connections whose gate opened while they were parked.
    opened: Mutex<Vec<ConnId>>,
}

impl Shared {
    /// Every ring wakes the poll: one that skipped it because a ring seemed to be pending
    /// could fall just after the owner answered, and be lost (the stop signal's too). Rings are
    /// few next to frames: connections, gates opening, drained writers.
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

impl Bell {
    pub fn ring(&self) {
        self.shared.ring();
    }
}

/// A connection the acceptor hands the owner: announced, then read.
struct Added<C: Measured> {
    conn: Box<Conn<C>>,
    polled: Polled<C>,
}

/// The acceptor's side: hands accepted connections to the owner's poller.
pub(super) struct Adder<C: Measured> {
    shared: Arc<Shared>,
    adds: Sender<Added<C>>,
    hex: bool,
}

impl<C: Measured> Adder<C> {
    /// Hand `conn` (its reading half `stream`, decoded with `codec`) to the owner, which
    /// announces it and reads it from then on. False when the owner is gone. The socket
    /// becomes non-blocking (for every handle on it: `conn`'s writer waits for room itself).
    pub(super) fn add(&self, conn: Conn<C>, stream: TcpStream, codec: C) -> io::Result<bool> {
        let id = conn.id();
        let peer = stream.peer_addr()?;
        stream.set_nonblocking(true)?;
        let gate = conn.gate.clone();
        gate.polled_by(Waker {
            shared: self.shared.clone(),
            id,
        });
        let polled = Polled {
            id,
            peer,
            reader: Reader::polled(mio::net::TcpStream::from_std(stream), self.hex),
            codec,
            gate,
            watched: false,
            readable: false,
            until_blocked: false,
            seen: 0,
            need: 0,
            end: None,
        };
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
    /// Turns so far (a connection met twice in one turn takes its turn once).
    turns: u64,
    /// The last turn answered the bell.
    rang: bool,
    log: Log,
}

impl<C: Measured> Poller<C> {
    /// The poller, and the acceptor's handle on it.
    pub(super) fn new(log: &Log) -> io::Result<(Poller<C>, Adder<C>)> {
        let poll = Poll::new()?;
        let shared = Arc::new(Shared {
            waker: mio::Waker::new(poll.registry(), BELL)?,
            opened: Mutex::new(Vec::new()),
        });
        let (adds, added) = bounded(ADDS);
        let hex = log.trace_mode() == Trace::Hex;
        let poller = Poller {
            poll,
            events: Events::with_capacity(READY),
            shared: shared.clone(),
            adds: added,
            conns: HashMap::new(),
            again: Vec::new(),
            turns: 0,
            rang: false,
            log: log.clone(),
        };
        Ok((poller, Adder { shared, adds, hex }))
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
        let timeout = if self.again.is_empty() {
            timeout
        } else {
            Some(Duration::ZERO)
        };
        if self.poll.poll(&mut self.events, timeout).is_err() {
            // Interrupted: a turn with no events.
            self.events.clear();
        }
        self.turns += 1;
        let mut todo: Vec<ConnId> = Vec::with_capacity(READY);
        let mut rang = false;
        for ev in self.events.iter() {
            if ev.token() == BELL {
                rang = true;
            } else {
                let id = ev.token().0 as ConnId;
                // Readable, closed or failed: reads tell which.
                if let Some(p) = self.conns.get_mut(&id) {
                    p.readable = true;
                    if ev.is_read_closed() || ev.is_error() {
                        p.until_blocked = true;
                    }
                }
                todo.push(id);
            }
        }
        self.rang = rang;
        if rang {
            self.again.extend(self.shared.answer());
        }
        let registry = self.poll.registry();
        // New connections, announced before anything is read of them (each is watched only
        // now, so no frame of theirs can come first); bytes may have come before they were
        // watched, so each is read next turn whatever its socket says.
        let mut flow = Flow::Continue;
        for Added { conn, mut polled } in self.adds.try_iter() {
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
            match p.turn(registry, sink, &self.log) {
                After::Keep => {
                    if p.more() {
                        self.again.push(id);
                    }
                }
                After::Gone(f) => {
                    self.conns.remove(&id);
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
        Flow::Continue
    }
}

/// Why a polled connection's reading ended before its frames were all handed over.
enum End {
    Eof,
    Failed(io::Error),
}

/// One connection the poller reads.
struct Polled<C: Measured> {
    id: ConnId,
    peer: SocketAddr,
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
    ) -> After {
        if !self.watched && self.end.is_none() && !self.gate.must_wait() {
            self.watch(registry, true);
            self.unseen();
        }
        if self.watched {
            self.read();
        }
        self.run(registry, sink, log)
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
        self.readable && self.watched && self.end.is_none()
    }

    /// Read once what the socket has.
    fn read(&mut self) {
        if self.end.is_some() || !self.readable {
            return;
        }
        match self.reader.fill_from_socket(self.need) {
            Ok((0, _)) => self.end = Some(End::Eof),
            Ok((_, filled)) => {
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
            match C::frame_len(unread) {
                Some(n) if unread.len() >= n => {}
                need => {
                    self.need = need.unwrap_or(0);
                    break;
                }
            }
            match self.codec.decode(&mut self.reader) {
                Ok(frame) => {
                    self.gate.handed();
                    if log.tracing() {
                        let bytes = self.reader.take_record();
                        let shown = C::show_in(&frame, log.lang());
                        log.trace(Dir::In, self.peer, shown, bytes.as_deref());
                    }
                    match sink(Event::Frame(self.id, frame)) {
                        Flow::Continue => {}
                        flow => return After::Stopped(flow),
                    }
                }
                Err(why) => return self.ended(registry, sink, why),
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
                    Err(why) => return self.ended(registry, sink, why),
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

    /// Put the socket in the poll set (`on`) or take it out. A socket that cannot be put in
    /// would never be read: its connection ends with that error.
    fn watch(&mut self, registry: &Registry, on: bool) {
        if self.watched == on {
            return;
        }
        let Some(source) = self.reader.source() else {
            return;
        };
        let token = Token(self.id as usize);
        if on {
            match registry.register(source, token, Interest::READABLE) {
                Ok(()) => self.watched = true,
                Err(e) => {
                    if self.end.is_none() {
                        self.end = Some(End::Failed(e));
                    }
                }
            }
        } else {
            // Failing only for a socket already gone, which its end reports.
            let _ = registry.deregister(source);
            self.watched = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::conn::{Acceptor, Format, Framed, Ids, OnFull, Opts};
    use crate::net::log::{Level, Sink};
    use crate::net::text::Lang;
    use std::io::{Read, Write};
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
        fn frame_len(_: &[u8]) -> Option<usize> {
            Some(2)
        }
    }

    const OPTS: Opts = Opts {
        name: "t",
        queue: 16,
        on_full: OnFull::Report,
    };

    /// A poller reading one accepted connection, that connection, and its peer's socket.
    fn polled() -> (Poller<Framed<Two>>, Conn<Framed<Two>>, TcpStream, Acceptor) {
        let log = Log::new("t", Level::Quiet, Trace::Off, Lang::En, Sink::Std);
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let (acceptor, mut poller) =
            Acceptor::polled(OPTS, l, Ids::default(), Framed::new, &log).unwrap();
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
}
