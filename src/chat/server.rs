//! `netlab chat server`: the directory. One owner thread holds every connection and the name
//! table; each connection has a reader thread (framing and parsing, off the owner) and a
//! bounded writer thread, so a slow or silent peer costs only its own two threads.
//!
//! Rules (spec/chat.md): the first line must be `USER name:port` (registered at the
//! connection's remote IP); `LIST` answers the other active users; `ADDR name` answers only
//! for an active name; any line proves the sender alive and silence longer than `--expire`
//! cuts the connection; a violation gets `ERR reason`, then the connection is closed.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;

use super::codec::{FromPeer, Requests};
use super::config::ServerConfig;
use super::text::Chat;
use super::wire::{Reply, Request, show_addr};
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, OnFull, Opts, SendError};
use crate::net::owner::{self, Flow, Owner};
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Error, Result, sock};

/// Answers waiting per connection before its peer counts as not reading (a LIST is one).
const OPTS: Opts = Opts {
    name: "chat",
    queue: 64,
    on_full: OnFull::Report,
};

/// How long a connection closed for a violation may take to close its side after our
/// `ERR` and FIN before we cut it.
const LINGER: Duration = Duration::from_secs(1);

type Ev = Event<Requests>;

/// Run the directory server until Ctrl-C.
pub fn run(config: ServerConfig, env: Env) -> Result<()> {
    if config.expire.is_zero() {
        return Err(Error::new(env.tr(Chat::NoExpire)));
    }
    let listener = sock::listen(config.bind, config.port, &env.log)?;
    let (tx, rx) = bounded::<Ev>(8192);
    let _acceptor = Acceptor::conns(OPTS, listener, Ids::default(), Requests::new, tx, &env.log)
        .context(env.lang(), NetText::CannotStartAccepting)?;
    let mut server = Server::new(env.clone(), config.expire, config.addr_with_name);
    owner::run(&mut server, &rx, None, &env.stop);
    server.close_all();
    Ok(())
}

/// A registered user.
#[derive(Debug)]
struct User {
    name: Arc<str>,
    port: u16,
    /// Registration order (LIST shows users in the order they joined).
    seq: u64,
    /// Where the name sits in the cached LIST body, valid while the cache is.
    span: (usize, usize),
}

#[derive(Debug)]
struct Client {
    conn: Conn<Requests>,
    ip: IpAddr,
    user: Option<User>,
    last: Instant,
}

/// The directory's state, owned by one thread.
struct Server {
    env: Env,
    expire: Duration,
    addr_with_name: bool,
    clients: HashMap<ConnId, Client>,
    names: HashMap<Arc<str>, ConnId>,
    order: BTreeMap<u64, ConnId>,
    next_seq: u64,
    /// Every active name joined by `:`, in registration order; rebuilt lazily after a
    /// change, so a LIST is one copy of it minus the asker's span.
    list: Vec<u8>,
    list_valid: bool,
    /// Connections closed for a violation: our side is shut for writing after the `ERR`;
    /// if the peer has not closed its side by the deadline, both directions are cut.
    lingering: HashMap<ConnId, (Instant, TcpStream)>,
    /// Expiry is checked at a tenth of the delay: a silent user goes within 110 % of it.
    period: Duration,
    next_check: Instant,
}

impl Server {
    fn new(env: Env, expire: Duration, addr_with_name: bool) -> Server {
        Server {
            env,
            expire,
            addr_with_name,
            clients: HashMap::new(),
            names: HashMap::new(),
            order: BTreeMap::new(),
            next_seq: 0,
            list: Vec::new(),
            list_valid: true,
            lingering: HashMap::new(),
            period: (expire / 10).clamp(Duration::from_millis(20), Duration::from_secs(1)),
            next_check: Instant::now(),
        }
    }

    fn on_event(&mut self, ev: Ev) {
        match ev {
            Event::Opened(id, conn) => {
                let ip = conn.peer().ip().to_canonical();
                self.env.log.debug(Chat::ConnectionFrom {
                    id,
                    peer: conn.peer(),
                });
                self.clients.insert(
                    id,
                    Client {
                        conn,
                        ip,
                        user: None,
                        last: Instant::now(),
                    },
                );
            }
            Event::Frame(id, incoming) => self.on_frame(id, incoming),
            Event::Closed(id, why) => {
                self.lingering.remove(&id);
                if let Some(client) = self.remove(id) {
                    if let Some(user) = &client.user {
                        self.env.note(Chat::UserLeft(&user.name));
                    }
                    self.env.log.debug(Chat::ConnectionClosed {
                        id,
                        why: &why.to_string(),
                    });
                }
            }
        }
    }

    fn on_frame(&mut self, id: ConnId, incoming: FromPeer) {
        let Some(client) = self.clients.get_mut(&id) else {
            return; // closing already
        };
        client.last = Instant::now();
        let registered = client.user.is_some();
        match incoming {
            FromPeer::Blank => {}
            FromPeer::TooLong => self.violation(id, "line too long"),
            FromPeer::Req(Err(bad)) if !registered => self.violation(id, &bad.to_string()),
            FromPeer::Req(Ok(Request::User { name, port })) if !registered => {
                self.register(id, name, port)
            }
            FromPeer::Req(_) if !registered => self.violation(id, "command before USER"),
            FromPeer::Req(Ok(Request::List)) => self.answer_list(id),
            FromPeer::Req(Ok(Request::Addr(name))) => self.answer_addr(id, &name),
            FromPeer::Req(Ok(Request::Keep)) => {}
            FromPeer::Req(other) => {
                // A second USER or an unknown line from a registered user: harmless.
                let line = match other {
                    Ok(req) => req.line(),
                    Err(bad) => bad.to_string(),
                };
                self.env.log.debug(Chat::Ignored { id, line: &line });
            }
        }
    }

    fn register(&mut self, id: ConnId, name: String, port: u16) {
        if self.names.contains_key(name.as_str()) {
            return self.violation(id, "name taken");
        }
        let name: Arc<str> = name.into();
        let seq = self.next_seq;
        self.next_seq += 1;
        let Some(client) = self.clients.get_mut(&id) else {
            return;
        };
        let addr = show_addr(SocketAddr::new(client.ip, port));
        client.user = Some(User {
            name: name.clone(),
            port,
            seq,
            span: (0, 0),
        });
        self.names.insert(name.clone(), id);
        self.order.insert(seq, id);
        self.list_valid = false;
        self.env.note(Chat::UserJoined {
            name: &name,
            addr: &addr,
        });
    }

    /// Rebuild the joined name list and every user's span in it.
    fn rebuild_list(&mut self) {
        self.list.clear();
        for id in self.order.values() {
            let Some(user) = self.clients.get_mut(id).and_then(|c| c.user.as_mut()) else {
                continue;
            };
            if !self.list.is_empty() {
                self.list.push(b':');
            }
            let start = self.list.len();
            self.list.extend_from_slice(user.name.as_bytes());
            user.span = (start, self.list.len());
        }
        self.list_valid = true;
    }

    fn answer_list(&mut self, id: ConnId) {
        if !self.list_valid {
            self.rebuild_list();
        }
        let Some((start, end)) = self
            .clients
            .get(&id)
            .and_then(|c| c.user.as_ref())
            .map(|u| u.span)
        else {
            return;
        };
        // The asker's name and one of its separators are left out.
        let before = &self.list[..start.saturating_sub(1)];
        let after = self.list.get(end + 1..).unwrap_or_default();
        let mut out = Vec::with_capacity(self.list.len() + 8);
        out.extend_from_slice(b"LIST");
        if !before.is_empty() || !after.is_empty() {
            out.push(b' ');
            out.extend_from_slice(before);
            if !before.is_empty() && !after.is_empty() {
                out.push(b':');
            }
            out.extend_from_slice(after);
        }
        out.extend_from_slice(b"\r\n");
        self.send(id, out);
    }

    fn answer_addr(&mut self, id: ConnId, name: &str) {
        let Some(target) = self
            .names
            .get(name)
            .and_then(|t| self.clients.get(t))
            .and_then(|c| Some((c.ip, c.user.as_ref()?)))
        else {
            return; // not active: the spec's answer is silence
        };
        let (ip, user) = target;
        let addr = SocketAddr::new(ip, user.port);
        let reply = Reply::Addr {
            name: self.addr_with_name.then(|| user.name.to_string()),
            addr,
        };
        let mut line = reply.line();
        line.push_str("\r\n");
        self.send(id, line.into_bytes());
    }

    /// Send one line, already framed (`…\r\n`).
    fn send(&mut self, id: ConnId, frame: Vec<u8>) {
        let Some(client) = self.clients.get(&id) else {
            return;
        };
        if self.env.log.tracing() {
            let text = String::from_utf8_lossy(&frame[..frame.len().saturating_sub(2)]);
            client.conn.trace_out(&text, &frame);
        }
        match client.conn.push(frame) {
            Ok(()) => {}
            Err(SendError::Full) => {
                let who = client.conn.peer().to_string();
                self.env.log.warn(Chat::TooSlow(&who));
                client.conn.close_now();
                self.remove(id);
            }
            // The reader will report the close; the connection is removed then.
            Err(SendError::Closed) => {}
        }
    }

    /// `ERR reason`, then close: our side at once (after the line is written), the whole
    /// connection after [`LINGER`] unless the peer closes first.
    fn violation(&mut self, id: ConnId, reason: &str) {
        let Some(client) = self.remove(id) else {
            return;
        };
        let peer = client.conn.peer();
        self.env.note(Chat::ConnRefused {
            addr: &peer.to_string(),
            reason,
        });
        let _ = client.conn.send(&Reply::Err(reason.to_string()).line());
        match client.conn.stream().try_clone() {
            Ok(cut) => {
                self.lingering.insert(id, (Instant::now() + LINGER, cut));
            }
            Err(_) => client.conn.close_now(),
        }
        // Dropping the handle lets the writer flush the ERR line and send our FIN.
    }

    /// Forget a connection and its user (the caller decides how the socket ends).
    fn remove(&mut self, id: ConnId) -> Option<Client> {
        let client = self.clients.remove(&id)?;
        if let Some(user) = &client.user {
            self.names.remove(&user.name);
            self.order.remove(&user.seq);
            self.list_valid = false;
        }
        Some(client)
    }

    fn on_tick(&mut self, now: Instant) {
        let expired: Vec<ConnId> = self
            .clients
            .iter()
            .filter(|(_, c)| now.duration_since(c.last) > self.expire)
            .map(|(&id, _)| id)
            .collect();
        for id in expired {
            if let Some(client) = self.remove(id) {
                let name = match &client.user {
                    Some(user) => user.name.to_string(),
                    None => client.conn.peer().to_string(),
                };
                self.env.note(Chat::UserExpired {
                    name: &name,
                    secs: self.expire.as_secs_f64(),
                });
                // shutdown(SHUT_RDWR), as the assignment asks.
                client.conn.close_now();
            }
        }
        self.lingering.retain(|_, (deadline, stream)| {
            if *deadline > now {
                return true;
            }
            let _ = stream.shutdown(Shutdown::Both);
            false
        });
    }

    /// Ctrl-C: close every connection.
    fn close_all(&mut self) {
        for (_, client) in self.clients.drain() {
            client.conn.close_now();
        }
        for (_, (_, stream)) in self.lingering.drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        self.names.clear();
        self.order.clear();
    }
}

impl Owner for Server {
    type Event = Ev;
    /// A request answered without two thread wake-ups (see `net::owner`).
    const SPIN: Duration = Duration::from_micros(50);

    fn handle(&mut self, ev: Ev) -> Flow {
        self.on_event(ev);
        Flow::Continue
    }

    fn deadline(&self) -> Option<Instant> {
        Some(self.next_check)
    }

    fn tick(&mut self, now: Instant) -> Flow {
        self.on_tick(now);
        self.next_check = now + self.period;
        Flow::Continue
    }
}
