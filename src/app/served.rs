//! Servers whose connections share nothing (echo and app): an accept thread starts a thread per
//! connection to run the protocol's handler on its own blocking socket ([`Accepting`]), and an
//! owner keeps
//! only the list of open connections, so a stop can cut them all and wait (bounded) for their
//! threads. The owner never sees the data path: a slow or silent client costs only its thread,
//! and TCP flow control paces a client that does not read.
//!
//! At most a capacity of connections is served at once, fewer when the descriptor limit
//! (raised first) cannot fit them; a connection beyond it is closed at once, and the refusals
//! are counted and reported at most once a second.

use std::collections::HashMap;
use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;

use crate::net::accept::{Failures, PAUSE};
use crate::net::conn::{ConnId, Ids, STACK};
use crate::net::owner::{self, Flow, Owner};
use crate::net::poller::{Outlet, Poller};
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Result, sock};
use crate::term::log::Log;

/// How long a stop waits for connection threads to finish after cutting their sockets.
const DRAIN: Duration = Duration::from_secs(2);

/// Descriptors a connection takes: its socket, and the clone the owner keeps to cut it.
const FDS_PER_CONN: u64 = 2;
/// Descriptors kept for the rest of the process (stdio, the listener, a refusal under way).
const FDS_RESERVE: u64 = 64;

/// The most often refused connections are reported.
const REPORT_EVERY: Duration = Duration::from_secs(1);

/// Serve `listener` until `env.stop` fires: every accepted connection runs
/// `handler(stream, peer)` on a thread of its own (with a `stack` of that size), at most
/// `capacity` at once. Then stop accepting, cut the open connections and wait (bounded) for
/// their threads.
pub fn serve<H>(
    name: &'static str,
    listener: TcpListener,
    stack: usize,
    capacity: usize,
    env: &Env,
    handler: H,
) -> Result<()>
where
    H: Fn(TcpStream, SocketAddr) + Send + Sync + 'static,
{
    let capacity = fit(capacity, env);
    let active = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let counted = (active.clone(), refused.clone());
    let bounded_handler = move |stream: TcpStream, peer: SocketAddr| {
        let (active, refused) = &counted;
        if active.fetch_add(1, Ordering::AcqRel) >= capacity {
            active.fetch_sub(1, Ordering::AcqRel);
            refused.fetch_add(1, Ordering::Relaxed);
            // Dropping the stream (and the owner's clone, at `Closed`) closes it.
            return;
        }
        handler(stream, peer);
        active.fetch_sub(1, Ordering::AcqRel);
    };
    let (tx, events) = bounded(1024);
    let mut poller = Poller::alone(&env.log).context(env.lang(), NetText::CannotStartLoop)?;
    let tx = Outlet::new(tx, poller.bell());
    let acceptor = Accepting::start(name, listener, stack, bounded_handler, tx, &env.log)
        .context(env.lang(), NetText::CannotStartAccepting)?;
    let mut open = Open {
        env: env.clone(),
        acceptor: Some(acceptor),
        streams: HashMap::new(),
        leaving: false,
        capacity,
        refused,
        reported: None,
    };
    owner::run(&mut open, &events, &mut poller, None, &env.stop);
    Ok(())
}

/// Raise the descriptor limit and return how many connections fit under it (at most
/// `wanted`); say so once when that is fewer.
fn fit(wanted: usize, env: &Env) -> usize {
    let Some(limit) = sock::raise_nofile() else {
        return wanted;
    };
    let fit = sock::clients_within(limit, FDS_PER_CONN, FDS_RESERVE);
    if fit >= wanted {
        return wanted;
    }
    env.log.warn(NetText::CapacityReduced {
        clients: fit,
        limit,
    });
    fit
}

/// The open connections.
struct Open {
    env: Env,
    acceptor: Option<Accepting>,
    streams: HashMap<ConnId, TcpStream>,
    leaving: bool,
    capacity: usize,
    /// Connections closed at once for want of room, not yet reported.
    refused: Arc<AtomicU64>,
    /// When refusals were last reported.
    reported: Option<Instant>,
}

impl Open {
    /// Report the refusals counted so far, unless that was done less than a second ago.
    fn report(&mut self, now: Instant) {
        if self.reported.is_some_and(|at| now < at + REPORT_EVERY) {
            return;
        }
        let count = self.refused.swap(0, Ordering::Relaxed);
        if count > 0 {
            self.env.log.warn(NetText::Full {
                refused: count,
                capacity: self.capacity,
            });
            self.reported = Some(now);
        }
    }
}

impl Owner for Open {
    type Event = Served;

    fn handle(&mut self, ev: Served) -> Flow {
        match ev {
            Served::Opened(id, stream) if self.leaving => {
                let _ = stream.shutdown(Shutdown::Both);
                self.streams.insert(id, stream);
            }
            Served::Opened(id, stream) => {
                self.streams.insert(id, stream);
            }
            Served::Closed(id) => {
                self.streams.remove(&id);
                self.report(Instant::now());
            }
        }
        if self.leaving && self.streams.is_empty() {
            Flow::Exit
        } else {
            Flow::Continue
        }
    }

    /// Refusals that came within a second of the last report wait for the next one.
    fn deadline(&self) -> Option<Instant> {
        let waiting = self.refused.load(Ordering::Relaxed) > 0;
        self.reported
            .filter(|_| waiting)
            .map(|at| at + REPORT_EVERY)
    }

    fn tick(&mut self, now: Instant) -> Flow {
        self.report(now);
        Flow::Continue
    }

    /// Stop accepting, cut every connection, and wait for their threads to finish.
    fn goodbye(&mut self) -> Option<Instant> {
        self.acceptor = None;
        self.leaving = true;
        for stream in self.streams.values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        (!self.streams.is_empty()).then(|| Instant::now() + DRAIN)
    }
}

/// What the threads of [`Accepting`] tell the owner.
#[derive(Debug)]
enum Served {
    /// A connection is being served; the stream is a clone the owner may cut at a stop.
    Opened(ConnId, TcpStream),
    /// Its handler returned.
    Closed(ConnId),
}

/// The accept thread; dropping it stops accepting and frees the port.
struct Accepting {
    local: SocketAddr,
    /// A handle on the thread's listener, shut down to wake it.
    listener: Option<TcpListener>,
    done: Arc<AtomicBool>,
}

impl Accepting {
    /// Accept on `listener` on a thread of its own; every accepted stream is served by
    /// `handler(stream, peer)` on a thread of its own (with a `stack` of that size), and the
    /// owner hears `Served::Opened` and `Served::Closed`. Accept errors (out of descriptors, an
    /// aborted handshake) are said at most once a second and paced.
    fn start<H>(
        name: &'static str,
        listener: TcpListener,
        stack: usize,
        handler: H,
        events: Outlet<Served>,
        log: &Log,
    ) -> io::Result<Accepting>
    where
        H: Fn(TcpStream, SocketAddr) + Send + Sync + 'static,
    {
        let local = listener.local_addr()?;
        let waker = listener.try_clone()?;
        let done = Arc::new(AtomicBool::new(false));
        let stop = done.clone();
        let log = log.clone();
        let handler = Arc::new(handler);
        thread::Builder::new()
            .name(format!("{name}-accept"))
            .stack_size(STACK)
            .spawn(move || {
                let ids = Ids::default();
                let mut failures = Failures::default();
                for incoming in listener.incoming() {
                    if stop.load(Ordering::Acquire) {
                        return;
                    }
                    match incoming {
                        Ok(stream) => {
                            if !serve_one(name, stream, ids.next(), stack, &handler, &events, &log)
                            {
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
        Ok(Accepting {
            local,
            listener: Some(waker),
            done,
        })
    }
}

/// Tell the owner of `stream` and serve it on a thread of its own; false when the owner is
/// gone.
fn serve_one<H>(
    name: &str,
    stream: TcpStream,
    id: ConnId,
    stack: usize,
    handler: &Arc<H>,
    events: &Outlet<Served>,
    log: &Log,
) -> bool
where
    H: Fn(TcpStream, SocketAddr) + Send + Sync + 'static,
{
    let (peer, cut) = match (stream.peer_addr(), stream.try_clone()) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(e), _) | (_, Err(e)) => {
            log.warn(NetText::CannotStartThreads(&crate::term::text::os_error(
                &e,
                log.lang(),
            )));
            return true;
        }
    };
    let _ = stream.set_nodelay(true);
    if events.send(Served::Opened(id, cut)).is_err() {
        return false;
    }
    let handler = handler.clone();
    let closed = events.clone();
    let spawned = thread::Builder::new()
        .name(format!("{name}-conn-{id}"))
        .stack_size(stack)
        .spawn(move || {
            handler(stream, peer);
            let _ = closed.send(Served::Closed(id));
        });
    if let Err(e) = spawned {
        log.warn(NetText::CannotStartThreads(&crate::term::text::os_error(
            &e,
            log.lang(),
        )));
        let _ = events.send(Served::Closed(id));
    }
    true
}

impl Drop for Accepting {
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
                &sock::reachable(self.local),
                Duration::from_millis(200),
            );
        }
    }
}
