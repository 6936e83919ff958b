//! `netlab chat server`: the directory. One owner thread holds every connection and the name
//! table; each connection has a reader thread (framing and parsing, off the owner) and a
//! bounded writer thread, so a slow or silent peer costs only its own two threads.
//!
//! Rules (spec/chat.md): the first line must be `USER name:port` (registered at the
//! connection's remote IP); `LIST` answers the other active users; `ADDR name` answers only
//! for an active name; any line proves the sender alive and silence longer than `--expire`
//! cuts the connection; a violation gets `ERR reason`, then the connection is closed.

use std::collections::{BTreeMap, HashMap};
use std::io::BufReader;
use std::net::{IpAddr, Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, bounded, select, tick};

use super::wire::{BadUser, LineReader, MAX_LINE, Reply, Request, WireError, show_addr};
use crate::cli::ChatServerArgs;
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, SPIN, SendError, spin_recv};
use crate::net::log::Dir;
use crate::net::text::chat::Chat;
use crate::net::{Env, Result, sock};

/// Answers waiting per connection before its peer counts as not reading (a LIST is one).
const QUEUE: usize = 64;

/// How long a connection closed for a violation may take to close its side after our
/// `ERR` and FIN before we cut it.
const LINGER: Duration = Duration::from_secs(1);

/// What a reader thread hands the owner.
#[derive(Debug)]
pub enum Incoming {
    /// One line, parsed (a malformed `USER` is an error the owner answers with `ERR`).
    Req(Result<Request, BadUser>),
    /// An empty line: proof of life, nothing else.
    Blank,
    /// A line over the limit; the reader now discards input until the stream ends.
    TooLong,
}

type Ev = Event<Incoming, WireError>;

/// One reader's decoder: framing, parsing, and the discard mode after an oversize line.
fn decoder() -> impl FnMut(&mut BufReader<TcpStream>) -> Result<Incoming, WireError> {
    let mut lines = LineReader::new(MAX_LINE);
    let mut violated = false;
    move |src| {
        if violated {
            return Err(lines.drain(src));
        }
        match lines.next_line(src) {
            Ok(line) if line.trim().is_empty() => Ok(Incoming::Blank),
            Ok(line) => Ok(Incoming::Req(Request::parse(&line))),
            Err(WireError::TooLong) => {
                violated = true;
                Ok(Incoming::TooLong)
            }
            Err(e) => Err(e),
        }
    }
}

/// Run the directory server until Ctrl-C.
pub fn run(args: ChatServerArgs, env: Env) -> Result<()> {
    if args.expire.is_zero() {
        return Err(crate::net::Error::new("--expire must be more than 0"));
    }
    let listener = sock::listen(args.bind, args.port, &env.log)?;
    let (tx, rx) = bounded::<Ev>(8192);
    let _acceptor = Acceptor::start(
        "chat",
        listener,
        Ids::default(),
        QUEUE,
        decoder,
        tx,
        env.log.clone(),
    )
    .map_err(|e| crate::net::Error::new(format!("cannot start the accept thread: {e}")))?;
    let mut server = Server::new(env, args.expire, args.addr_with_name);
    server.serve(&rx);
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
    conn: Conn,
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
        }
    }

    fn serve(&mut self, events: &Receiver<Ev>) {
        // Expiry is checked at a tenth of the delay: a silent user goes within 110 % of it.
        let period = (self.expire / 10).clamp(Duration::from_millis(20), Duration::from_secs(1));
        let ticks = tick(period);
        let stop = self.env.stop.clone();
        loop {
            // Poll briefly before parking (a request answered without two thread wake-ups);
            // under steady traffic the select below is not reached, so ticks and the stop
            // signal are checked here too.
            if let Some(ev) = spin_recv(events, SPIN) {
                self.handle(ev);
                if ticks.try_recv().is_ok() {
                    self.on_tick();
                }
                if stop.is_set() {
                    return;
                }
                continue;
            }
            select! {
                recv(events) -> ev => match ev {
                    Ok(ev) => self.handle(ev),
                    Err(_) => return,
                },
                recv(ticks) -> _ => self.on_tick(),
                recv(stop.rx()) -> _ => return,
            }
        }
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Event::Opened(id, conn) => {
                let ip = conn.peer().ip().to_canonical();
                self.env
                    .log
                    .debug(format_args!("connection {id} from {}", conn.peer()));
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
                    self.env
                        .log
                        .debug(format_args!("connection {id} closed: {why}"));
                }
            }
        }
    }

    fn on_frame(&mut self, id: ConnId, incoming: Incoming) {
        let Some(client) = self.clients.get_mut(&id) else {
            return; // closing already
        };
        client.last = Instant::now();
        if self.env.log.tracing() {
            self.env.log.trace(Dir::In, client.conn.peer(), &incoming);
        }
        let registered = client.user.is_some();
        match incoming {
            Incoming::Blank => {}
            Incoming::TooLong => self.violation(id, "line too long"),
            Incoming::Req(Err(bad)) if !registered => self.violation(id, &bad.to_string()),
            Incoming::Req(Ok(Request::User { name, port })) if !registered => {
                self.register(id, name, port)
            }
            Incoming::Req(_) if !registered => self.violation(id, "command before USER"),
            Incoming::Req(Ok(Request::List)) => self.answer_list(id),
            Incoming::Req(Ok(Request::Addr(name))) => self.answer_addr(id, &name),
            Incoming::Req(Ok(Request::Keep)) => {}
            Incoming::Req(other) => {
                // A second USER or an unknown line from a registered user: harmless.
                self.env
                    .log
                    .debug(format_args!("connection {id}: ignored {other:?}"));
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

    fn send(&mut self, id: ConnId, frame: Vec<u8>) {
        let Some(client) = self.clients.get(&id) else {
            return;
        };
        if self.env.log.tracing() {
            let text = String::from_utf8_lossy(&frame[..frame.len().saturating_sub(2)]);
            self.env.log.trace(Dir::Out, client.conn.peer(), &text);
        }
        // The owner is the only sender on its connections, so it may write directly when
        // the writer thread is idle (`send_now`).
        match client.conn.send_now(frame) {
            Ok(()) => {}
            Err(SendError::Full) => {
                let who = client.conn.peer().to_string();
                self.env.log.warn(self.env.tr(Chat::TooSlow(&who)));
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
        let line = Reply::Err(reason.to_string()).line();
        self.env.log.trace(Dir::Out, peer, &line);
        let _ = client.conn.send(super::wire::frame(&line));
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

    fn on_tick(&mut self) {
        let now = Instant::now();
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
