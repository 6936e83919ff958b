//! The accept loop: a thread per listener hands each accepted stream to the owner's poller
//! ([`Acceptor::owned`]), or runs a handler for it on a thread of its own
//! ([`Acceptor::threads`]), for servers whose connections share no state. Accept failures
//! (out of descriptors) are said at most once a second.

use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::codec::Measured;
use super::conn::{ConnId, Ids, Opts, STACK};
use super::log::Log;
use super::poller::{Outlet, Poller};
use super::sentences::NetText;

/// What the threads of [`Acceptor::threads`] tell the owner.
#[derive(Debug)]
pub enum Served {
    /// A connection is being served; the stream is a clone the owner may cut at a stop.
    Opened(ConnId, TcpStream),
    /// Its handler returned.
    Closed(ConnId),
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
