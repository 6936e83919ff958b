//! Accepting: the owner's poller accepts on the owner's thread when its listener is readable
//! ([`Acceptor::owned`], [`Listening`]). Accept failures (out of descriptors) are said at most
//! once a second ([`Failures`]), and accepting pauses a moment after each.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mio::{Interest, Registry, Token};

use super::codec::Measured;
use super::conn::{ConnId, Ids, Opts};
use super::poller::{Bell, Poller};
use super::sentences::NetText;
use crate::term::log::Log;

/// How long accepting pauses after a failure: out of descriptors, the listener stays
/// readable, and trying again at once would spin.
pub const PAUSE: Duration = Duration::from_millis(50);
/// The most connections the poller accepts in one turn (the rest wait for the next: the
/// connections already open are served between, and an owner that closes some at once, over
/// its cap, holds no more than this many over it).
pub const ACCEPT_MAX: usize = 64;

/// A listener the owner's poller accepts on; dropping it stops accepting and frees the port.
#[derive(Debug)]
pub struct Acceptor {
    local: SocketAddr,
    done: Arc<AtomicBool>,
    /// Rung so the poller lets the listener go.
    bell: Bell,
}

impl Acceptor {
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
        let mut poller = Poller::alone(log)?;
        let acceptor = poller.listen(opts, listener, ids, codec)?;
        Ok((acceptor, poller))
    }

    /// The address the listener is bound to.
    pub fn local(&self) -> SocketAddr {
        self.local
    }
}

impl Drop for Acceptor {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Release);
        // The poller drops the listener on its next turn.
        self.bell.ring();
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
    /// Accept on `listener` (made non-blocking), each stream a connection numbered from `ids`
    /// with a codec made by `codec`; the acceptor, whose drop rings `bell`, stops it.
    pub(super) fn new<F>(
        opts: Opts,
        listener: TcpListener,
        ids: Ids,
        codec: F,
        bell: Bell,
    ) -> io::Result<(Listening<C>, Acceptor)>
    where
        F: Fn() -> C + Send + 'static,
    {
        let local = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let done = Arc::new(AtomicBool::new(false));
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
        Ok((listening, Acceptor { local, done, bell }))
    }

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
                    let stream = crate::platform::std_stream(stream);
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
pub struct Failures {
    last: Option<Instant>,
    unlogged: u64,
}

impl Failures {
    pub fn log(&mut self, log: &Log, e: &io::Error) {
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
