//! The owner reads its connections itself (Linux, `epoll`): the reading half of
//! [`Acceptor::polled`](super::conn::Acceptor::polled), run by
//! [`owner::run_polled`](super::owner::run_polled) on the owner's own thread.
//!
//! ```text
//! acceptor thread ──(Conn, socket)──▶ adds ─┐
//! gates opening, other events, stop ──▶ bell (eventfd) ─┐
//!                                            ▼          ▼
//! owner thread: epoll_wait ─▶ Opened, then every whole frame of each ready socket
//!               (Codec::decode once Measured::frame_len says it is all there) ─▶ handle
//! ```
//!
//! A reader thread per connection costs two thread hand-offs per frame when frames come one at
//! a time (a stop-and-wait peer's answer wakes its reader, which wakes the owner): on a
//! machine with few cores those switches were a third of the server's time. Read in place, a
//! frame reaches the owner's handler with no hand-off at all, and under load one `epoll_wait`
//! returns many ready sockets. Everything else stays as it is for the owner: the same events
//! in the same order per connection, `Opened` before any frame, the same gate (pause,
//! read-ahead), the same writers.
//!
//! A connection whose gate is shut is taken out of the epoll set (nothing is read: TCP flow
//! control slows the peer) and put back when the owner opens the gate. At most one frame plus
//! one read's worth is buffered per connection, as with a reader thread.

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, bounded};

use super::conn::{Conn, ConnId, Event, Gate, Measured, Reader, trace_end, trace_in};
use super::log::Log;
use super::owner::Flow;

/// The bell's token in the epoll set (connection ids start at 1 and never reach it).
const BELL: u64 = u64::MAX;
/// Accepted connections waiting for the owner to take them: a full queue holds the acceptor
/// up (and the listen backlog then the connecting peers), as a full event channel would.
const ADDS: usize = 1024;
/// Ready sockets taken per `epoll_wait`.
const READY: usize = 256;

/// What the poller shares with the threads that ring it (gates, the acceptor, writers, the
/// stop signal).
pub(super) struct Shared {
    epoll: OwnedFd,
    /// An eventfd in the epoll set: written to make the poller look at `opened`.
    bell: OwnedFd,
    /// Connections whose gate opened while they were parked.
    opened: Mutex<Vec<ConnId>>,
}

impl Shared {
    /// Every ring writes the eventfd: one that skipped the write because a ring seemed to be
    /// pending could fall just after the owner emptied it, and be lost (the stop signal's
    /// too). Rings are few next to frames: connections, gates opening, drained writers.
    fn ring(&self) {
        let one: u64 = 1;
        // SAFETY: an eventfd we own and an 8-byte value, as eventfd wants.
        unsafe { libc::write(self.bell.as_raw_fd(), (&one as *const u64).cast(), 8) };
    }

    /// Add `fd` to the epoll set (`on`) or take it out.
    fn watch(&self, fd: RawFd, token: u64, on: bool) -> io::Result<()> {
        let mut ev = libc::epoll_event {
            events: libc::EPOLLIN as u32,
            u64: token,
        };
        let op = if on {
            libc::EPOLL_CTL_ADD
        } else {
            libc::EPOLL_CTL_DEL
        };
        // SAFETY: our epoll descriptor, a live socket and a valid event.
        let r = unsafe { libc::epoll_ctl(self.epoll.as_raw_fd(), op, fd, &mut ev) };
        if r == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// Answer the bell: the connections whose gate opened since it last rang.
    fn answer(&self) -> Vec<ConnId> {
        let mut count = 0u64;
        // SAFETY: our eventfd and an 8-byte buffer; it is non-blocking.
        unsafe { libc::read(self.bell.as_raw_fd(), (&mut count as *mut u64).cast(), 8) };
        // After the read: whoever rang before it had pushed its id already; whoever pushes
        // after it rings again, and the eventfd wakes the next turn.
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
    /// announces it and reads it from then on. False when the owner is gone.
    pub(super) fn add(&self, conn: Conn<C>, stream: TcpStream, codec: C) -> io::Result<bool> {
        let id = conn.id();
        let peer = stream.peer_addr()?;
        let gate = conn.gate.clone();
        gate.polled_by(Waker {
            shared: self.shared.clone(),
            id,
        });
        let polled = Polled {
            id,
            peer,
            fd: stream.as_raw_fd(),
            reader: Reader::polled(stream, self.hex),
            codec,
            gate,
            watched: false,
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

/// The owner's poller: every connection it reads, and the epoll set.
pub struct Poller<C: Measured> {
    shared: Arc<Shared>,
    adds: Receiver<Added<C>>,
    conns: HashMap<ConnId, Polled<C>>,
    ready: Vec<libc::epoll_event>,
    /// Connections to be given another turn without waiting for their socket: their gate
    /// opened, or the owner stopped in the middle of their frames.
    again: Vec<ConnId>,
    /// The last turn answered the bell.
    rang: bool,
    log: Log,
}

impl<C: Measured> Poller<C> {
    /// The poller, and the acceptor's handle on it.
    pub(super) fn new(log: &Log) -> io::Result<(Poller<C>, Adder<C>)> {
        // SAFETY: plain system calls; the descriptors they return are owned from here on.
        let (epoll, bell) = unsafe {
            let epoll = libc::epoll_create1(libc::EPOLL_CLOEXEC);
            if epoll < 0 {
                return Err(io::Error::last_os_error());
            }
            let epoll = OwnedFd::from_raw_fd(epoll);
            let bell = libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK);
            if bell < 0 {
                return Err(io::Error::last_os_error());
            }
            (epoll, OwnedFd::from_raw_fd(bell))
        };
        let shared = Arc::new(Shared {
            epoll,
            bell,
            opened: Mutex::new(Vec::new()),
        });
        shared.watch(shared.bell.as_raw_fd(), BELL, true)?;
        let (adds, added) = bounded(ADDS);
        // Under --trace the bytes of each frame are kept: shown with =hex, and whatever the
        // mode for bytes that do not decode.
        let hex = log.tracing();
        let poller = Poller {
            shared: shared.clone(),
            adds: added,
            conns: HashMap::new(),
            ready: vec![libc::epoll_event { events: 0, u64: 0 }; READY],
            again: Vec::new(),
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
        let ms = match timeout {
            _ if !self.again.is_empty() => 0,
            None => -1,
            Some(t) => t.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32,
        };
        // SAFETY: `ready` is a valid buffer of READY entries.
        let n = unsafe {
            libc::epoll_wait(
                self.shared.epoll.as_raw_fd(),
                self.ready.as_mut_ptr(),
                READY as i32,
                ms,
            )
        };
        let n = usize::try_from(n).unwrap_or(0);
        let mut todo: Vec<ConnId> = Vec::with_capacity(n);
        let mut rang = false;
        for ev in &self.ready[..n] {
            if ev.u64 == BELL {
                rang = true;
            } else {
                todo.push(ev.u64);
            }
        }
        self.rang = rang;
        let mut flow = Flow::Continue;
        if rang {
            self.again.extend(self.shared.answer());
        }
        // New connections, announced before anything is read of them (each is watched only
        // now, so no frame of theirs can come first).
        for Added { conn, mut polled } in self.adds.try_iter() {
            let id = polled.id;
            let f = sink(Event::Opened(id, conn));
            polled.watch(&self.shared, true);
            self.conns.insert(id, polled);
            if flow == Flow::Continue {
                flow = f;
            }
        }
        let again = std::mem::take(&mut self.again);
        let mut pending = again
            .into_iter()
            .map(|id| (id, false))
            .chain(todo.into_iter().map(|id| (id, true)));
        if flow != Flow::Continue {
            self.again.extend(pending.map(|(id, _)| id));
            return flow;
        }
        while let Some((id, read)) = pending.next() {
            let Some(p) = self.conns.get_mut(&id) else {
                continue;
            };
            if read {
                p.read();
            }
            match p.run(&self.shared, sink, &self.log) {
                After::Keep => {}
                After::Gone(f) => {
                    self.conns.remove(&id);
                    if f != Flow::Continue {
                        self.again.extend(pending.map(|(id, _)| id));
                        return f;
                    }
                }
                After::Stopped(f) => {
                    self.again.push(id);
                    self.again.extend(pending.map(|(id, _)| id));
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
    fd: RawFd,
    reader: Reader,
    codec: C,
    gate: Arc<Gate>,
    /// In the epoll set (taken out while its gate is shut).
    watched: bool,
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
    /// Read once what the socket has.
    fn read(&mut self) {
        if self.end.is_some() {
            return;
        }
        match self.reader.fill_from_socket(self.need) {
            Ok(0) => self.end = Some(End::Eof),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                ) => {}
            Err(e) => self.end = Some(End::Failed(e)),
        }
    }

    /// Hand the owner every whole frame read, while the gate lets it; then the end, if the
    /// stream ended. A shut gate takes the socket out of the epoll set until it opens.
    fn run(&mut self, shared: &Shared, sink: &mut dyn FnMut(Event<C>) -> Flow, log: &Log) -> After {
        loop {
            if self.gate.must_wait() && self.gate.park() {
                self.watch(shared, false);
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
                    return self.ended(shared, sink, why);
                }
            }
        }
        match self.end.take() {
            None => {
                self.watch(shared, true);
                After::Keep
            }
            Some(End::Failed(e)) => self.ended(shared, sink, e.into()),
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
                        return self.ended(shared, sink, why);
                    }
                }
            },
        }
    }

    fn ended(
        &mut self,
        shared: &Shared,
        sink: &mut dyn FnMut(Event<C>) -> Flow,
        why: C::End,
    ) -> After {
        self.watch(shared, false);
        After::Gone(sink(Event::Closed(self.id, why)))
    }

    fn watch(&mut self, shared: &Shared, on: bool) {
        if self.watched != on {
            // Failing only for a socket already gone, which its end reports.
            let _ = shared.watch(self.fd, self.id, on);
            self.watched = on;
        }
    }
}
