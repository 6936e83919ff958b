//! The kv client's answer port: one thread accepts the connections nodes deliver answers on
//! and reads them all itself (a mio poll: epoll, kqueue, IOCP), so each costs one descriptor
//! and no thread, and hands the client's owner what they bring.
//!
//! The port is open to anyone who can reach it, so a stranger must never keep the real
//! answers out:
//! - every connection is closed once the answer window passed since it opened (a node sends
//!   its answer at once and closes);
//! - at most `cap` are open at once (fitted to the descriptor limit). When that many are open,
//!   a new one takes the place of one that already answered, or else of the oldest one that
//!   sent nothing: it is closed at once, so the real answer still gets in while strangers
//!   hold the rest.

use std::io::{self, Read};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::net::poller::Outlet;
use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};

use super::codec::Wire;
use super::wire::{self, Msg, WireError};
use crate::net::conn::Format;
use crate::net::sentences::NetText;
use crate::net::sock;
use crate::term::log::{Dir, Log};

/// What the answer port hands the owner.
#[derive(Debug)]
pub enum Answer {
    /// A frame from `from`.
    Frame(SocketAddr, Msg),
    /// `from` broke the framing: its connection is closed.
    Bad(SocketAddr, WireError),
    /// `from` sent nothing for the whole window: its connection is closed.
    Silent(SocketAddr),
    /// The port was full: the connection of `from`, which sent nothing, made room for a new
    /// one.
    Evicted(SocketAddr),
}

/// The listener's token; connections take the tokens after it.
const LISTENER: Token = Token(0);
/// Readiness events taken per poll.
const READY: usize = 256;
/// How long a poll waits at most, so the thread sees that it must stop.
const TICK: Duration = Duration::from_millis(100);
/// Bytes read from one connection at once; a kv frame is at most a few hundred.
const READ: usize = 1024;

/// The running answer port; dropping it stops the thread and closes every connection.
pub struct AnswerPort {
    stop: Arc<AtomicBool>,
}

impl Drop for AnswerPort {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
    }
}

/// One connection to the answer port.
struct Answerer {
    stream: TcpStream,
    token: Token,
    from: SocketAddr,
    /// When it is closed.
    due: Instant,
    /// Bytes of a frame not complete yet.
    buf: Vec<u8>,
    /// It delivered a frame: nothing is lost by closing it.
    answered: bool,
}

/// Serve `listener` on a thread of its own: at most `cap` connections at once, each closed
/// `window` after it opened; what they bring goes to `events`.
pub fn start<E>(
    listener: TcpListener,
    cap: usize,
    window: Duration,
    events: Outlet<E>,
    log: &Log,
) -> io::Result<AnswerPort>
where
    E: From<Answer> + Send + 'static,
{
    listener.set_nonblocking(true)?;
    let mut listener = mio::net::TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let log = log.clone();
    thread::Builder::new()
        .name("kv-client-answers".into())
        .stack_size(128 * 1024)
        .spawn(move || {
            let mut port = Port {
                listener,
                poll,
                ready: Events::with_capacity(READY),
                tokens: 0,
                accept_again: false,
                cap: cap.max(1),
                window,
                conns: Vec::new(),
                log,
                accept_warned: None,
            };
            while !stopped.load(Ordering::Acquire) {
                if port.round(&events).is_err() {
                    return; // the owner is gone
                }
            }
        })?;
    Ok(AnswerPort { stop })
}

struct Port {
    listener: mio::net::TcpListener,
    poll: Poll,
    ready: Events,
    /// The last connection token given.
    tokens: usize,
    /// The last accept failed (no descriptor free): connections may wait in the backlog,
    /// which raises no new event, so the next round accepts again.
    accept_again: bool,
    cap: usize,
    window: Duration,
    /// In order of opening.
    conns: Vec<Answerer>,
    log: Log,
    /// When an accept failure was last said (at most once a second).
    accept_warned: Option<Instant>,
}

/// The owner went away.
struct Gone;

impl Port {
    /// Wait for something to do (at most until the next deadline or [`TICK`]), and do it.
    fn round<E: From<Answer>>(&mut self, events: &Outlet<E>) -> Result<(), Gone> {
        let now = Instant::now();
        let wait = self
            .conns
            .first()
            .map_or(TICK, |c| c.due.saturating_duration_since(now).min(TICK));
        if let Err(e) = self
            .poll
            .poll(&mut self.ready, Some(wait.max(Duration::from_millis(1))))
            && e.kind() != io::ErrorKind::Interrupted
        {
            // Nothing can be watched any more: every connection ends at its deadline.
            self.log.warn(NetText::AcceptFailed(&e.to_string()));
            thread::sleep(wait);
        }
        let mut accept = false;
        let ready: Vec<Token> = self.ready.iter().map(|e| e.token()).collect();
        for token in ready {
            if token == LISTENER {
                accept = true;
            } else if let Some(i) = self.conns.iter().position(|c| c.token == token) {
                self.read(i, events)?;
            }
        }
        if accept || std::mem::take(&mut self.accept_again) {
            self.accept(events)?;
        }
        self.expire(Instant::now(), events)
    }

    /// Close connection `i` (out of the poll set first).
    fn close(&mut self, i: usize) -> Answerer {
        let mut c = self.conns.remove(i);
        let _ = self.poll.registry().deregister(&mut c.stream);
        c
    }

    fn accept<E: From<Answer>>(&mut self, events: &Outlet<E>) -> Result<(), Gone> {
        loop {
            match self.listener.accept() {
                Ok((mut stream, from)) => {
                    if self.conns.len() >= self.cap {
                        self.make_room(events)?;
                    }
                    self.tokens += 1;
                    let token = Token(self.tokens);
                    if self
                        .poll
                        .registry()
                        .register(&mut stream, token, Interest::READABLE)
                        .is_err()
                    {
                        continue;
                    }
                    self.conns.push(Answerer {
                        stream,
                        token,
                        from: sock::canonical(from),
                        due: Instant::now() + self.window,
                        buf: Vec::new(),
                        answered: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // Out of descriptors (another part of the process holds them) or an
                    // aborted handshake: said at most once a second, tried again next round.
                    self.accept_again = true;
                    let now = Instant::now();
                    if self
                        .accept_warned
                        .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1))
                    {
                        self.accept_warned = Some(now);
                        self.log.warn(NetText::AcceptFailed(&e.to_string()));
                    }
                    if self.conns.len() >= self.cap {
                        self.make_room(events)?;
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Close one connection to make room: one that already answered, or else the oldest.
    fn make_room<E: From<Answer>>(&mut self, events: &Outlet<E>) -> Result<(), Gone> {
        let i = self.conns.iter().position(|c| c.answered).unwrap_or(0);
        if i < self.conns.len() {
            let c = self.close(i);
            if !c.answered {
                send(events, Answer::Evicted(c.from))?;
            }
        }
        Ok(())
    }

    /// Read what connection `i` has, until a read would block (readiness is reported once per
    /// arrival); hand over its whole frames; close it at its end or at a frame that breaks the
    /// framing.
    fn read<E: From<Answer>>(&mut self, i: usize, events: &Outlet<E>) -> Result<(), Gone> {
        let mut chunk = [0u8; READ];
        loop {
            let c = &mut self.conns[i];
            let n = match c.stream.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let c = self.close(i);
                    return send(events, Answer::Bad(c.from, WireError::Io(e)));
                }
            };
            c.buf.extend_from_slice(&chunk[..n]);
            loop {
                let c = &mut self.conns[i];
                let mut rest: &[u8] = &c.buf;
                match wire::decode(&mut rest) {
                    Ok(m) => {
                        if self.log.tracing() {
                            self.log
                                .trace(Dir::In, c.from, Wire::show(&m, self.log.lang()), None);
                        }
                        let used = c.buf.len() - rest.len();
                        c.buf.drain(..used);
                        c.answered = true;
                        send(events, Answer::Frame(c.from, m))?;
                    }
                    // An incomplete frame: more bytes to come, or the end of the stream.
                    Err(WireError::Closed | WireError::Truncated) if n > 0 => break,
                    Err(WireError::Closed) => {
                        self.close(i); // ended between frames: done
                        return Ok(());
                    }
                    Err(why) => {
                        let c = self.close(i);
                        return send(events, Answer::Bad(c.from, why));
                    }
                }
            }
        }
    }

    /// Close the connections whose window passed; those that sent nothing are said.
    fn expire<E: From<Answer>>(&mut self, now: Instant, events: &Outlet<E>) -> Result<(), Gone> {
        while self.conns.first().is_some_and(|c| c.due <= now) {
            let c = self.close(0);
            if !c.answered {
                send(events, Answer::Silent(c.from))?;
            }
        }
        Ok(())
    }
}

fn send<E: From<Answer>>(events: &Outlet<E>, a: Answer) -> Result<(), Gone> {
    events.send(E::from(a)).map_err(|_| Gone)
}
