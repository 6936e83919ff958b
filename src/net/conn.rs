//! One TCP connection as two threads around a role's owner thread:
//!
//! ```text
//! socket ──reader thread (decode)──▶ Event::Frame/Closed ──▶ owner
//! owner ──Conn::send (bounded queue)──▶ writer thread ──▶ socket
//! ```
//!
//! The owner never blocks on a socket: a slow peer fills only its own writer queue, and
//! [`Conn::send`] reports `Full` so the protocol decides what overflow means. Dropping a
//! [`Conn`] closes gracefully (queued frames are written, then FIN); [`Conn::close_now`] cuts
//! both directions at once. Either way the reader ends and the owner gets `Closed`.

use std::io::{self, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TrySendError, bounded};

use super::log::Log;

/// Small stacks: a server may hold thousands of connections, two threads each.
pub const STACK: usize = 128 * 1024;

/// A role-wide connection number (never reused within a process).
pub type ConnId = u64;

/// What reader and acceptor threads tell the owner.
#[derive(Debug)]
pub enum Event<M, X> {
    /// A connection was accepted (sent before any of its frames).
    Opened(ConnId, Conn),
    /// One decoded frame.
    Frame(ConnId, M),
    /// The reader stopped: the decoder's error says why (end of stream, I/O, bad frame).
    Closed(ConnId, X),
}

/// Hands out [`ConnId`]s; shared by a role's acceptor and owner.
#[derive(Clone, Debug, Default)]
pub struct Ids(Arc<AtomicU64>);

impl Ids {
    pub fn next(&self) -> ConnId {
        self.0.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// Why [`Conn::send`] did not queue a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// The writer queue is full: the peer is not reading fast enough.
    Full,
    /// The writer has stopped (the connection failed or was closed).
    Closed,
}

/// The owner's handle on one connection.
#[derive(Debug)]
pub struct Conn {
    id: ConnId,
    peer: SocketAddr,
    local: SocketAddr,
    stream: TcpStream,
    tx: Sender<Vec<u8>>,
    /// Frames queued or being written by the writer thread (see [`Conn::send_now`]).
    pending: Arc<AtomicUsize>,
}

impl Conn {
    /// Start the writer and reader threads for `stream`. Frames decoded by `decode` (called
    /// repeatedly on a buffered reader until it returns an error) reach `events`.
    /// `queue` bounds the frames waiting to be written.
    pub fn start<M, X, D>(
        name: &str,
        id: ConnId,
        stream: TcpStream,
        queue: usize,
        decode: D,
        events: Sender<Event<M, X>>,
    ) -> io::Result<Conn>
    where
        M: Send + 'static,
        X: Send + 'static,
        D: FnMut(&mut BufReader<TcpStream>) -> Result<M, X> + Send + 'static,
    {
        let conn = Conn::start_writer(name, id, stream, queue)?;
        spawn_reader(name, id, conn.stream.try_clone()?, decode, events)?;
        Ok(conn)
    }

    fn start_writer(name: &str, id: ConnId, stream: TcpStream, queue: usize) -> io::Result<Conn> {
        let _ = stream.set_nodelay(true);
        let peer = stream.peer_addr()?;
        let local = stream.local_addr()?;
        let (tx, rx) = bounded::<Vec<u8>>(queue.max(1));
        let pending = Arc::new(AtomicUsize::new(0));
        let written = pending.clone();
        let mut out = stream.try_clone()?;
        thread::Builder::new()
            .name(format!("{name}-writer-{id}"))
            .stack_size(STACK)
            .spawn(move || {
                // Each frame is one write call: some peers treat one recv as one message.
                for frame in rx.iter() {
                    if out.write_all(&frame).is_err() {
                        // Unblock the reader so the owner hears about it.
                        let _ = out.shutdown(Shutdown::Both);
                        // Nothing more will be written: `unsent` must not wait for it.
                        written.fetch_sub(1, Ordering::Release);
                        for _ in rx.try_iter() {
                            written.fetch_sub(1, Ordering::Release);
                        }
                        return;
                    }
                    written.fetch_sub(1, Ordering::Release);
                }
                // The owner dropped the handle: everything queued is written; say goodbye.
                let _ = out.shutdown(Shutdown::Write);
            })?;
        Ok(Conn {
            id,
            peer,
            local,
            stream,
            tx,
            pending,
        })
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

    /// Queue one encoded frame without blocking.
    pub fn send(&self, frame: Vec<u8>) -> Result<(), SendError> {
        self.pending.fetch_add(1, Ordering::AcqRel);
        self.tx.try_send(frame).map_err(|e| {
            self.pending.fetch_sub(1, Ordering::AcqRel);
            match e {
                TrySendError::Full(_) => SendError::Full,
                TrySendError::Disconnected(_) => SendError::Closed,
            }
        })
    }

    /// The socket itself, e.g. to keep a clone that can cut the connection after the handle
    /// was dropped for a graceful close.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Like [`Conn::send`], but when the writer thread has nothing queued or in hand, write
    /// the frame from the calling thread with a non-blocking send, sparing a thread wake-up
    /// on a hot relay path. What the socket does not take at once goes to the writer queue,
    /// so order is kept and the caller never blocks.
    ///
    /// Only correct when a single thread sends on this `Conn` (the owner): "nothing pending"
    /// must stay true between the check and the write. `MSG_DONTWAIT` is a per-call flag, so
    /// the reader thread's blocking reads on the same descriptor are not affected (unlike
    /// `set_nonblocking`, which is per descriptor).
    pub fn send_now(&self, frame: Vec<u8>) -> Result<(), SendError> {
        if DONTWAIT == 0 || self.pending.load(Ordering::Acquire) != 0 {
            return self.send(frame);
        }
        match socket2::SockRef::from(&self.stream).send_with_flags(&frame, DONTWAIT) {
            Ok(n) if n == frame.len() => Ok(()),
            Ok(n) => self.send(frame[n..].to_vec()),
            // Would block, or failed: the writer retries and reports a failure by closing.
            Err(_) => self.send(frame),
        }
    }

    /// Frames waiting in the writer queue.
    pub fn queued(&self) -> usize {
        self.tx.len()
    }

    /// Frames not yet fully written: queued, or in the writer's hands. A role about to exit
    /// waits for 0 so its last frame (a goodbye) is on the wire before the process ends.
    pub fn unsent(&self) -> usize {
        self.pending.load(Ordering::Acquire)
    }

    /// Cut the connection in both directions now (queued frames may be lost). The reader
    /// ends and the owner gets `Closed`.
    pub fn close_now(&self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// `MSG_DONTWAIT | MSG_NOSIGNAL` where we know the values (0: no direct writes).
#[cfg(any(target_os = "linux", target_os = "android"))]
const DONTWAIT: i32 = 0x40 | 0x4000;
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly"
))]
const DONTWAIT: i32 = 0x80;
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly"
)))]
const DONTWAIT: i32 = 0;

/// Read frames from `stream` with `decode` until it fails, forwarding them to `events`.
pub fn spawn_reader<M, X, D>(
    name: &str,
    id: ConnId,
    stream: TcpStream,
    mut decode: D,
    events: Sender<Event<M, X>>,
) -> io::Result<()>
where
    M: Send + 'static,
    X: Send + 'static,
    D: FnMut(&mut BufReader<TcpStream>) -> Result<M, X> + Send + 'static,
{
    thread::Builder::new()
        .name(format!("{name}-reader-{id}"))
        .stack_size(STACK)
        .spawn(move || {
            let mut reader = BufReader::with_capacity(4096, stream);
            loop {
                match decode(&mut reader) {
                    Ok(frame) => {
                        if events.send(Event::Frame(id, frame)).is_err() {
                            return; // the owner is gone
                        }
                    }
                    Err(why) => {
                        let _ = events.send(Event::Closed(id, why));
                        return;
                    }
                }
            }
        })?;
    Ok(())
}

/// A running accept loop; dropping it stops accepting and frees the port.
#[derive(Debug)]
pub struct Acceptor {
    local: SocketAddr,
    done: Arc<AtomicBool>,
}

impl Acceptor {
    /// Accept connections on `listener`, starting each with [`Conn::start`] and announcing it
    /// to the owner with `Event::Opened` before any of its frames. `decoder` makes one decoder
    /// per connection; `X: From<io::Error>` reports a connection whose reader could not start.
    pub fn start<M, X, D, F>(
        name: &str,
        listener: TcpListener,
        ids: Ids,
        queue: usize,
        decoder: F,
        events: Sender<Event<M, X>>,
        log: Log,
    ) -> io::Result<Acceptor>
    where
        M: Send + 'static,
        X: From<io::Error> + Send + 'static,
        D: FnMut(&mut BufReader<TcpStream>) -> Result<M, X> + Send + 'static,
        F: Fn() -> D + Send + 'static,
    {
        let local = listener.local_addr()?;
        let done = Arc::new(AtomicBool::new(false));
        let stop = done.clone();
        let name = name.to_string();
        thread::Builder::new()
            .name(format!("{name}-accept"))
            .stack_size(STACK)
            .spawn(move || {
                for incoming in listener.incoming() {
                    if stop.load(Ordering::Acquire) {
                        return;
                    }
                    let stream = match incoming {
                        Ok(s) => s,
                        Err(e) => {
                            // Out of descriptors or an aborted handshake: the listener
                            // itself is fine, keep serving; pace retries of persistent errors.
                            log.warn(format_args!("accept failed: {e}"));
                            thread::sleep(std::time::Duration::from_millis(50));
                            continue;
                        }
                    };
                    let id = ids.next();
                    let reader = match stream.try_clone() {
                        Ok(r) => r,
                        Err(e) => {
                            log.warn(format_args!("cannot use accepted connection: {e}"));
                            continue;
                        }
                    };
                    let conn = match Conn::start_writer(&name, id, stream, queue) {
                        Ok(c) => c,
                        Err(e) => {
                            log.warn(format_args!("cannot start connection threads: {e}"));
                            continue;
                        }
                    };
                    if events.send(Event::Opened(id, conn)).is_err() {
                        return;
                    }
                    if let Err(e) = spawn_reader(&name, id, reader, decoder(), events.clone()) {
                        log.warn(format_args!("cannot start a reader thread: {e}"));
                        let _ = events.send(Event::Closed(id, X::from(e)));
                    }
                }
            })?;
        Ok(Acceptor { local, done })
    }

    pub fn local(&self) -> SocketAddr {
        self.local
    }
}

impl Drop for Acceptor {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Release);
        // Wake the blocked accept() so the thread sees the flag and the port is released.
        let _ = TcpStream::connect_timeout(
            &super::sock::reachable(self.local),
            std::time::Duration::from_millis(200),
        );
    }
}

/// How long an owner polls its event channel before parking (see [`spin_recv`]).
pub const SPIN: Duration = Duration::from_micros(50);

/// Poll `rx` for up to `limit` before the caller parks in `select!`: an event that arrives
/// meanwhile is taken without the reader having to wake a parked owner (a futex call on each
/// side, and on a quiet machine a cross-core wake-up, which costs more than handling a
/// request). Owners that use it must check their timers and stop signal on every turn, since
/// under steady traffic they no longer reach their `select!`.
pub fn spin_recv<T>(rx: &Receiver<T>, limit: Duration) -> Option<T> {
    let start = Instant::now();
    loop {
        for _ in 0..64 {
            if let Ok(ev) = rx.try_recv() {
                return Some(ev);
            }
            std::hint::spin_loop();
        }
        if start.elapsed() >= limit {
            return None;
        }
    }
}
