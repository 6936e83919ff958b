//! `netlab chat server`: the directory. One owner thread holds every connection and the name
//! table, and reads and writes every socket itself (`Acceptor::owned`: no thread per
//! connection, so thousands of users cost no more threads than one); a slow or silent peer
//! costs only its own buffers. An unterminated line is whole after 500 ms with nothing more
//! (a deadline of the owner's loop, `Measured::IDLE`).
//!
//! Rules (spec/chat.md): the first line must be `USER name:port` (registered at the
//! connection's remote IP); `LIST` answers the other active users; `ADDR name` answers only
//! for an active name; any line proves the sender alive and silence longer than `--expire`
//! cuts the connection; a violation gets `ERR reason`, then the connection is closed.
//!
//! Limits, per connection: one line of at most 4096 bytes being read (behind a 4 KiB read
//! buffer); at most [`QUEUE`] answers and [`BACKLOG`] bytes waiting to be written beyond the one
//! being written, after which the peer counts as not reading and is cut. The owner reads a
//! socket only when it is ready for more: when it falls behind, TCP slows the senders. At most [`ServerConfig::capacity`] connections at once (fewer when the
//! descriptor limit cannot fit them: 3 per connection); one more gets `ERR server full`.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;

use super::codec::{FromPeer, Requests};
use super::config::ServerConfig;
use super::text::Chat;
use super::wire::{Reply, Request, Violation, show_addr};
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, OnFull, Opts, SendError};
use crate::net::owner::{self, Flow, Owner};
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Error, Result, sock};
use crate::platform;
use crate::term::quota::{self, Quota};
use crate::term::text::Text;

/// Answers waiting per connection before its peer counts as not reading (a LIST is one).
pub const QUEUE: usize = 64;

/// Bytes of answers waiting per connection, beyond the one being written, before its peer
/// counts as not reading (the kernel's socket buffer, usually far larger, is already full).
pub const BACKLOG: usize = 64 * 1024;

/// Descriptors one connection takes (the poller shares the connection's own where it can).
const FDS_PER_CLIENT: u64 = platform::FDS_PER_CONN;
/// Refused connections held open at once to be cut after [`LINGER`]; beyond it a refused
/// connection is cut at once (its `ERR` may then be lost).
const MAX_LINGERING: usize = 16;
/// Descriptors kept for the rest of the process (stdio, the listener, refusals under way).
const FDS_RESERVE: u64 = 64 + MAX_LINGERING as u64;

const OPTS: Opts = Opts {
    name: "chat",
    outbox: QUEUE,
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
    let capacity = capacity(config.capacity, &env);
    let listener = sock::listen(config.bind, config.port, &env.log)?;
    // Every event comes from the poller: the channel stays empty (and open).
    let (_tx, rx) = bounded::<Ev>(1);
    let (_acceptor, mut poller) =
        Acceptor::owned(OPTS, listener, Ids::default(), Requests::new, &env.log)
            .context(env.lang(), NetText::CannotStartAccepting)?;
    let mut server = Server::new(env.clone(), config.expire, config.addr_with_name);
    server.capacity = capacity;
    owner::run_polled(&mut server, &rx, &mut poller, None, &env.stop);
    server.close_all();
    Ok(())
}

/// Raise the descriptor limit and return how many connections fit under it (at most
/// `wanted`); say so once when that is fewer.
fn capacity(wanted: usize, env: &Env) -> usize {
    let Some(limit) = sock::raise_nofile() else {
        return wanted;
    };
    let fit = sock::clients_within(limit, FDS_PER_CLIENT, FDS_RESERVE);
    if fit < wanted {
        env.log.warn(NetText::CapacityReduced {
            clients: fit,
            limit,
        });
        fit
    } else {
        wanted
    }
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
    /// Bytes of answers queued since the writer last had nothing pending (an upper bound on
    /// what is waiting: some of it may be written already).
    backlog: usize,
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
    /// Connections served at once; one more is refused.
    capacity: usize,
    /// The time the unit tests set (`None`: the system's clock), for what a frame's arrival
    /// records; deadlines are passed to `tick`.
    clock: Option<Instant>,
    /// Budgets of repeated warnings: refusals per host (a peer repeats them by reconnecting),
    /// ignored lines (`-v`) per connection.
    quota: Quota,
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
            capacity: usize::MAX,
            quota: Quota::default(),
            clock: None,
        }
    }

    fn now(&self) -> Instant {
        self.clock.unwrap_or_else(Instant::now)
    }

    fn on_event(&mut self, ev: Ev) {
        match ev {
            Event::Opened(id, conn) => {
                let conn = *conn;
                let ip = conn.peer().ip().to_canonical();
                self.env.log.debug(Chat::ConnectionFrom {
                    id,
                    peer: conn.peer(),
                });
                if self.clients.len() >= self.capacity {
                    return self.refuse(id, conn, Violation::Full);
                }
                self.clients.insert(
                    id,
                    Client {
                        conn,
                        ip,
                        user: None,
                        last: self.now(),
                        backlog: 0,
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
                    self.env.log.debug(Chat::ConnectionClosed { id, why: &why });
                }
            }
        }
    }

    fn on_frame(&mut self, id: ConnId, incoming: FromPeer) {
        let Some(client) = self.clients.get_mut(&id) else {
            return; // closing already
        };
        client.last = self.clock.unwrap_or_else(Instant::now);
        let registered = client.user.is_some();
        match incoming {
            FromPeer::Blank => {}
            FromPeer::TooLong => self.violation(id, Violation::TooLong),
            FromPeer::Req(Err(bad)) if !registered => self.violation(id, Violation::BadUser(bad)),
            FromPeer::Req(Ok(Request::User { name, port })) if !registered => {
                self.register(id, name, port)
            }
            FromPeer::Req(_) if !registered => self.violation(id, Violation::BeforeUser),
            FromPeer::Req(Ok(Request::List)) => self.answer_list(id),
            FromPeer::Req(Ok(Request::Addr(name))) => self.answer_addr(id, &name),
            FromPeer::Req(Ok(Request::Keep)) => {}
            FromPeer::Req(other) => {
                // A second USER or an unknown line from a registered user: harmless, and
                // shown with -v within the connection's budget (a flood is summarised).
                let peer = client.conn.peer();
                if self.env.log.verbose() && self.quota.allow(peer, Instant::now()) {
                    let line = match other {
                        Ok(req) => req.line(),
                        Err(bad) => bad.render(self.env.lang()),
                    };
                    self.env.log.debug(Chat::Ignored { id, line: &line });
                }
            }
        }
    }

    fn register(&mut self, id: ConnId, name: String, port: u16) {
        if self.names.contains_key(name.as_str()) {
            return self.violation(id, Violation::NameTaken);
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
        // The asker's name and one of its separators are left out. With nobody else the
        // answer is `LIST ` with its trailing space (the template `LIST <names>`).
        let before = &self.list[..start.saturating_sub(1)];
        let after = self.list.get(end + 1..).unwrap_or_default();
        let mut out = Vec::with_capacity(self.list.len() + 8);
        out.extend_from_slice(b"LIST ");
        out.extend_from_slice(before);
        if !before.is_empty() && !after.is_empty() {
            out.push(b':');
        }
        out.extend_from_slice(after);
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

    /// Send one line, already framed (`…\r\n`). A peer that leaves more than [`QUEUE`]
    /// answers or [`BACKLOG`] bytes unread is cut.
    fn send(&mut self, id: ConnId, frame: Vec<u8>) {
        let Some(client) = self.clients.get_mut(&id) else {
            return;
        };
        if self.env.log.tracing() {
            let text = String::from_utf8_lossy(&frame[..frame.len().saturating_sub(2)]);
            client.conn.trace_out(&text, &frame);
        }
        if client.conn.unsent() == 0 {
            client.backlog = 0;
        }
        let len = frame.len();
        let full = match client.conn.push(frame) {
            Ok(()) => {
                if client.conn.unsent() > 0 {
                    client.backlog += len;
                }
                // The answer being written may be as long as a LIST gets; only what waits
                // behind it counts against the budget.
                client.conn.unsent() > 1 && client.backlog > BACKLOG
            }
            Err(SendError::Full) => true,
            // The reader will report the close; the connection is removed then.
            Err(SendError::Closed) => false,
        };
        if full {
            let peer = client.conn.peer();
            client.conn.close_now();
            if self.quota.allow(quota::host(peer), Instant::now()) {
                self.env.log.warn(Chat::TooSlow(&peer.to_string()));
            }
            self.remove(id);
        }
    }

    /// A protocol violation: forget the connection, then refuse it.
    fn violation(&mut self, id: ConnId, why: Violation) {
        if let Some(client) = self.remove(id) {
            self.refuse(id, client.conn, why);
        }
    }

    /// `ERR reason`, then close: our side at once (after the line is written), the whole
    /// connection after [`LINGER`] unless the peer closes first. The log line is counted per
    /// host, since a peer repeats a refusal by reconnecting.
    fn refuse(&mut self, id: ConnId, conn: Conn<Requests>, why: Violation) {
        let peer = conn.peer();
        if self.quota.allow(quota::host(peer), Instant::now()) {
            self.env.note(Chat::ConnRefused {
                addr: &peer.to_string(),
                reason: &why,
            });
        }
        let _ = conn.send(&Reply::Err(why.reason()).line());
        match conn.stream().map(TcpStream::try_clone) {
            Some(Ok(_)) if self.lingering.len() >= MAX_LINGERING => conn.close_now(),
            Some(Ok(cut)) => {
                self.lingering.insert(id, (Instant::now() + LINGER, cut));
            }
            _ => conn.close_now(),
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
        self.quota.finish(&self.env.log);
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
        Some(match self.quota.next_due() {
            Some(due) => due.min(self.next_check),
            None => self.next_check,
        })
    }

    fn tick(&mut self, now: Instant) -> Flow {
        if self.next_check <= now {
            self.on_tick(now);
            self.next_check = now + self.period;
        }
        self.quota.flush(&self.env.log, now);
        Flow::Continue
    }
}

/// The directory's state machine without a socket: connections are `Conn::memory`, requests
/// are handed to it as its poller would, and the clock is passed to `tick`.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::wire::WireError;
    use crate::net::poller::Sent;
    use crate::net::shutdown;
    use crate::term::log::{Level, Sink};
    use crate::term::text::Lang;

    fn server(expire: Duration) -> (Server, crossbeam_channel::Receiver<crate::term::log::Line>) {
        let (tx, lines) = crossbeam_channel::unbounded();
        let (_trigger, stop) = shutdown::pair();
        let (_in_tx, input) = bounded(1);
        let env = Env::captured(
            Lang::En,
            "server",
            Level::Normal,
            Sink::Channel(tx),
            stop,
            input,
        );
        (Server::new(env, expire, false), lines)
    }

    /// A client connecting from 127.0.0.N.
    fn connect(s: &mut Server, id: ConnId) -> Sent {
        let peer: SocketAddr = format!("127.0.0.{id}:{}", 40000 + id).parse().unwrap();
        let (conn, sent) = Conn::memory(OPTS, id, peer, &s.env.log);
        s.handle(Event::Opened(id, Box::new(conn)));
        sent
    }

    fn say(s: &mut Server, id: ConnId, line: &str) {
        let frame = if line.trim().is_empty() {
            FromPeer::Blank
        } else {
            FromPeer::Req(Request::parse(line))
        };
        s.handle(Event::Frame(id, frame));
    }

    fn heard(sent: &Sent) -> String {
        String::from_utf8(sent.take()).unwrap()
    }

    #[test]
    fn users_register_list_each_other_and_find_addresses() {
        let (mut s, _log) = server(Duration::from_secs(15));
        let ana = connect(&mut s, 1);
        let bia = connect(&mut s, 2);
        say(&mut s, 1, "USER Ana:5001");
        say(&mut s, 2, "USER Bia Souza:5002");
        say(&mut s, 1, "LIST");
        assert_eq!(heard(&ana), "LIST Bia Souza\r\n");
        say(&mut s, 2, "LIST");
        assert_eq!(heard(&bia), "LIST Ana\r\n");
        say(&mut s, 2, "ADDR Ana");
        assert_eq!(heard(&bia), "ADDR 127.0.0.1:5001\r\n");
        // Nobody else: the template keeps its trailing space.
        s.handle(Event::Closed(2, WireError::Eof));
        say(&mut s, 1, "LIST");
        assert_eq!(heard(&ana), "LIST \r\n");
    }

    #[test]
    fn a_taken_name_and_a_request_before_user_are_refused_and_cut() {
        let (mut s, _log) = server(Duration::from_secs(15));
        let _ana = connect(&mut s, 1);
        say(&mut s, 1, "USER Ana:5001");
        let again = connect(&mut s, 2);
        say(&mut s, 2, "USER Ana:5002");
        assert!(heard(&again).starts_with("ERR "), "a second Ana is refused");
        assert!(again.closed(), "and its connection let go");
        let early = connect(&mut s, 3);
        say(&mut s, 3, "LIST");
        assert!(heard(&early).starts_with("ERR "));
        assert!(early.closed());
    }

    #[test]
    fn a_silent_user_expires_after_the_delay_and_not_before() {
        let expire = Duration::from_secs(15);
        let (mut s, log) = server(expire);
        let t0 = Instant::now();
        s.clock = Some(t0);
        let _ana = connect(&mut s, 1);
        let bia = connect(&mut s, 2);
        say(&mut s, 1, "USER Ana:5001");
        say(&mut s, 2, "USER Bia:5002");
        // Bia keeps alive 10 s later; Ana says nothing more.
        s.clock = Some(t0 + Duration::from_secs(10));
        say(&mut s, 2, "KEEP");
        s.tick(t0 + expire);
        say(&mut s, 2, "LIST");
        assert_eq!(
            heard(&bia),
            "LIST Ana\r\n",
            "not expired at the delay itself"
        );
        s.tick(t0 + expire + Duration::from_secs(1));
        say(&mut s, 2, "LIST");
        assert_eq!(heard(&bia), "LIST \r\n", "Ana expired just after it");
        assert!(
            log.try_iter().any(|l| l.text.contains("Ana")),
            "the expiry is said"
        );
        // Bia's own delay runs from her KEEP.
        s.tick(t0 + Duration::from_secs(10) + expire + Duration::from_secs(1));
        assert!(bia.closed(), "Bia expired in turn");
    }
}
