//! Accepting: the owner's poller accepts on the owner's thread when its listener is readable
//! ([`Acceptor::owned`], [`Listening`]), or, for servers whose connections share no state, a
//! thread per listener runs a handler for each stream on a thread of its own
//! ([`Acceptor::threads`]). Accept failures (out of descriptors) are said at most once a
//! second, and accepting pauses a moment after each.

use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use mio::{Interest, Registry, Token};

use super::codec::Measured;
use super::conn::{ConnId, Ids, Opts, STACK};
use super::poller::{Bell, Outlet, Poller};
use super::sentences::NetText;
use crate::term::log::Log;

/// What the threads of [`Acceptor::threads`] tell the owner.
#[derive(Debug)]
pub enum Served {
    /// A connection is being served; the stream is a clone the owner may cut at a stop.
    Opened(ConnId, TcpStream),
    /// Its handler returned.
    Closed(ConnId),
}

/// How long accepting pauses after a failure: out of descriptors, the listener stays
/// readable, and trying again at once would spin.
const PAUSE: Duration = Duration::from_millis(50);
/// The most connections the poller accepts in one turn (the rest wait for the next: the
/// connections already open are served between).
const ACCEPT_MAX: usize = 256;

/// A running accept loop; dropping it stops accepting and frees the port.
#[derive(Debug)]
pub struct Acceptor {
    local: SocketAddr,
    /// A thread accepts ([`Acceptor::threads`]): a handle on its listener, shut down to wake
    /// it.
    listener: Option<TcpListener>,
    done: Arc<AtomicBool>,
    /// The owner's poller accepts ([`Acceptor::owned`]): rung so it lets the listener go.
    bell: Option<Bell>,
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
                            thread::sleep(PAUSE);
                        }
                    }
                }
            })?;
        Ok(Acceptor {
            local,
            listener: Some(waker),
            done,
            bell: None,
        })
    }

    /// Every accepted stream becomes a [`Conn`] with a codec made by `codec`, which the owner
    /// reads and writes itself: the returned [`Poller`] accepts on the owner's thread when the
    /// listener is readable, announces the accepted connections, hands over their frames and
    /// writes what waits in their outboxes when the socket has room, run by
    /// [`owner::run_polled`](super::owner::run_polled) (see [`poller`](super::poller)). No
    /// thread at all, for the listener or a connection.
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
        let local = listener.local_addr()?;
        let done = Arc::new(AtomicBool::new(false));
        listener.set_nonblocking(true)?;
        let listening = Listening {
            listener: mio::net::TcpListener::from_std(listener),
            opts,
            ids,
            codec: Box::new(codec),
            done: done.clone(),
            failures: Failures::default(),
            paused_until: None,
            ready: true,
        };
        let poller = Poller::listening(listening, log)?;
        let acceptor = Acceptor {
            local,
            listener: None,
            done,
            bell: Some(poller.bell()),
        };
        Ok((acceptor, poller))
    }

    /// Every accepted stream is served by `handler(stream, peer)` on a thread of its own (with
    /// a `stack` of that size); the owner hears `Served::Opened` and `Served::Closed`.
    pub fn threads<H, E>(
        name: &'static str,
        listener: TcpListener,
        stack: usize,
        handler: H,
        events: Outlet<E>,
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
        if let Some(bell) = &self.bell {
            // The poller drops the listener on its next turn.
            bell.ring();
            return;
        }
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

/// A listener on the owner's poller ([`Acceptor::owned`]): what waits is accepted on the
/// owner's thread, at most [`ACCEPT_MAX`] a turn.
pub(super) struct Listening<C> {
    listener: mio::net::TcpListener,
    pub(super) opts: Opts,
    ids: Ids,
    codec: Box<dyn Fn() -> C + Send>,
    /// Set when the owner drops its [`Acceptor`]: the listener is then dropped (the port freed).
    done: Arc<AtomicBool>,
    failures: Failures,
    /// After a failure, accepting waits until then.
    paused_until: Option<Instant>,
    /// Connections may wait to be accepted (readiness is edge-triggered: none of them raises
    /// an event again).
    ready: bool,
}

impl<C> Listening<C> {
    pub(super) fn register(&mut self, registry: &Registry, token: Token) -> io::Result<()> {
        registry.register(&mut self.listener, token, Interest::READABLE)
    }

    /// Let the listener go if the owner dropped its acceptor (deregistered; the caller drops
    /// it, which frees the port): true then.
    pub(super) fn let_go(&mut self, registry: &Registry) -> bool {
        if !self.done.load(Ordering::Acquire) {
            return false;
        }
        let _ = registry.deregister(&mut self.listener);
        true
    }

    /// The poller said the listener is readable.
    pub(super) fn readable(&mut self) {
        self.ready = true;
    }

    /// When the poller must look again with no event: now while connections may wait, or
    /// when a pause after a failure ends.
    pub(super) fn due(&self) -> Option<Instant> {
        self.ready
            .then(|| self.paused_until.unwrap_or_else(Instant::now))
    }

    /// Accept what waits (at most [`ACCEPT_MAX`]): each stream with its connection number and
    /// codec.
    pub(super) fn accept(
        &mut self,
        now: Instant,
        log: &Log,
        out: &mut Vec<(ConnId, TcpStream, C)>,
    ) {
        if !self.ready || self.paused_until.is_some_and(|t| t > now) {
            return;
        }
        self.paused_until = None;
        for _ in 0..ACCEPT_MAX {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    let stream = super::platform::std_stream(stream);
                    out.push((self.ids.next(), stream, (self.codec)()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.ready = false;
                    return;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // Out of descriptors, or a handshake aborted: said, then a pause.
                    self.failures.log(log, &e);
                    self.paused_until = Some(now + PAUSE);
                    return;
                }
            }
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
        let why = crate::term::text::os_error(e, log.lang());
        match std::mem::take(&mut self.unlogged) {
            0 => log.warn(NetText::AcceptFailed(&why)),
            times => log.warn(NetText::AcceptFailedAgain { times, why: &why }),
        }
        self.last = Some(now);
    }
}
