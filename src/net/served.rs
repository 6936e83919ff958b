//! Servers whose connections share nothing: a thread per connection runs the
//! protocol's handler on its own blocking socket ([`Acceptor::threads`]), and an owner keeps
//! only the list of open connections, so a stop can cut them all and wait (bounded) for their
//! threads. The owner never sees the data path: a slow or silent client costs only its thread,
//! and TCP flow control paces a client that does not read.

use std::collections::HashMap;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;

use super::conn::{Acceptor, ConnId, Served};
use super::owner::{self, Flow, Owner};
use super::sentences::NetText;
use super::{Context, Env, Result};

/// How long a stop waits for connection threads to finish after cutting their sockets.
const DRAIN: Duration = Duration::from_secs(2);

/// Serve `listener` until `env.stop` fires: every accepted connection runs
/// `handler(stream, peer)` on a thread of its own (with a `stack` of that size). Then stop
/// accepting, cut the open connections and wait (bounded) for their threads.
pub fn serve<H>(
    name: &'static str,
    listener: TcpListener,
    stack: usize,
    env: &Env,
    handler: H,
) -> Result<()>
where
    H: Fn(TcpStream, SocketAddr) + Send + Sync + 'static,
{
    let (tx, events) = bounded(1024);
    let acceptor = Acceptor::threads(name, listener, stack, handler, tx, &env.log)
        .context(env.lang(), NetText::CannotStartAccepting)?;
    let mut open = Open {
        acceptor: Some(acceptor),
        streams: HashMap::new(),
        leaving: false,
    };
    owner::run(&mut open, &events, None, &env.stop);
    Ok(())
}

/// The open connections.
struct Open {
    acceptor: Option<Acceptor>,
    streams: HashMap<ConnId, TcpStream>,
    leaving: bool,
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
            }
        }
        if self.leaving && self.streams.is_empty() {
            Flow::Exit
        } else {
            Flow::Continue
        }
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
