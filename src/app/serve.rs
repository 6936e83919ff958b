//! The server skeleton shared by echo and app: one accept thread, one thread per connection
//! running the protocol's handler, and the owner (the caller's thread) that keeps the list of
//! open connections so a stop can cut them all.
//!
//! Neither protocol shares mutable state between connections (echo has none, app's table is
//! read-only), so a connection thread does its whole job itself, blocking on its own socket:
//! a slow or silent client costs only its own thread, and TCP flow control paces an echo
//! client that does not read. The owner sees only `Opened`/`Closed`, never the data path.

use std::collections::HashMap;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Sender, select, unbounded};

use crate::net::sock::reachable;
use crate::net::{Context, Env, Result};

/// Connection threads only hold a small buffer and a parser; JSON nesting is bounded by
/// serde_json's recursion limit, which this comfortably covers.
const STACK: usize = 256 * 1024;

/// How long a stop waits for connection threads to finish after cutting their sockets.
const DRAIN: Duration = Duration::from_secs(2);

enum Event {
    Opened(u64, TcpStream),
    Closed(u64),
}

/// Serve `listener` until `env.stop` fires: every accepted connection runs
/// `handler(stream, peer)` on its own thread. Then stop accepting, cut the open connections
/// and wait (bounded) for their threads.
pub fn serve<H>(name: &str, listener: TcpListener, env: &Env, handler: H) -> Result<()>
where
    H: Fn(TcpStream, SocketAddr) + Send + Sync + 'static,
{
    let local = listener
        .local_addr()
        .context(|| "cannot read the bound address")?;
    let (tx, events) = unbounded();
    let done = Arc::new(AtomicBool::new(false));
    let acceptor = {
        let done = done.clone();
        let log = env.log.clone();
        let name = name.to_string();
        let handler = Arc::new(handler);
        thread::Builder::new()
            .name(format!("{name}-accept"))
            .spawn(move || accept_loop(&name, listener, &done, &tx, &log, handler))
            .context(|| "cannot start the accept thread")?
    };

    let mut open: HashMap<u64, TcpStream> = HashMap::new();
    loop {
        select! {
            recv(events) -> ev => match ev {
                Ok(Event::Opened(id, stream)) => { open.insert(id, stream); }
                Ok(Event::Closed(id)) => { open.remove(&id); }
                Err(_) => break, // the accept thread is gone
            },
            recv(env.stop.rx()) -> _ => break,
        }
    }

    // Stop accepting: raise the flag, then wake the blocked accept() with a connection.
    done.store(true, Ordering::Release);
    // If even that fails the thread is left to the process's exit rather than waited for.
    if TcpStream::connect_timeout(&reachable(local), Duration::from_millis(200)).is_ok() {
        let _ = acceptor.join();
    }
    for stream in open.values() {
        let _ = stream.shutdown(Shutdown::Both);
    }
    let deadline = Instant::now() + DRAIN;
    while !open.is_empty() {
        match events.recv_deadline(deadline) {
            Ok(Event::Closed(id)) => {
                open.remove(&id);
            }
            Ok(Event::Opened(_, stream)) => {
                let _ = stream.shutdown(Shutdown::Both);
            }
            Err(_) => break,
        }
    }
    Ok(())
}

fn accept_loop<H>(
    name: &str,
    listener: TcpListener,
    done: &AtomicBool,
    events: &Sender<Event>,
    log: &crate::net::log::Log,
    handler: Arc<H>,
) where
    H: Fn(TcpStream, SocketAddr) + Send + Sync + 'static,
{
    let mut next = 0u64;
    for incoming in listener.incoming() {
        if done.load(Ordering::Acquire) {
            return;
        }
        let stream = match incoming {
            Ok(s) => s,
            Err(e) => {
                // Out of descriptors or an aborted handshake: the listener is fine; pace
                // retries of a persistent error.
                log.warn(format_args!("accept failed: {e}"));
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let (peer, cut) = match (stream.peer_addr(), stream.try_clone()) {
            (Ok(p), Ok(c)) => (p, c),
            (Err(e), _) | (_, Err(e)) => {
                log.warn(format_args!("cannot use an accepted connection: {e}"));
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        next += 1;
        let id = next;
        if events.send(Event::Opened(id, cut)).is_err() {
            return;
        }
        let handler = handler.clone();
        let closed = events.clone();
        let spawned = thread::Builder::new()
            .name(format!("{name}-conn-{id}"))
            .stack_size(STACK)
            .spawn(move || {
                handler(stream, peer);
                let _ = closed.send(Event::Closed(id));
            });
        if let Err(e) = spawned {
            log.warn(format_args!("cannot start a thread for {peer}: {e}"));
            let _ = events.send(Event::Closed(id));
        }
    }
}
