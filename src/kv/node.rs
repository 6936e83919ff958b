//! The servent: holds a database, answers its clients, and floods their requests through the
//! overlay with TTL 3 (spec/kv.md, "Node behaviour").
//!
//! One owner thread holds all state (links, database, seen floods); every connection has its
//! reader and writer threads (`net::conn`); answers go out through a small pool of delivery
//! threads, because each one is a new connection to the client that may take time to set up,
//! and the owner must never wait on a socket.
//!
//! With `-v` every flood decision is one stderr line, greppable by tests and users:
//!
//! ```text
//! kv: flood new KEYFLOOD client=127.0.0.1:6000 nseq=0 ttl=3 from=127.0.0.1:40412
//! kv: flood further KEYFLOOD client=127.0.0.1:6000 nseq=0 ttl=2 from=127.0.0.1:40412
//! kv: flood dup KEYFLOOD client=127.0.0.1:6000 nseq=0 ttl=1 from=127.0.0.1:40412
//! kv: flood dead KEYFLOOD client=127.0.0.1:6000 nseq=0 ttl=0 from=127.0.0.1:40412
//! kv: flood out KEYFLOOD client=127.0.0.1:6000 nseq=0 ttl=2 to=127.0.0.1:5002
//! kv: answer nseq=0 to=127.0.0.1:6000
//! ```
//!
//! `new`: first copy, answered (if the key is here) and forwarded; `further`: seen before but
//! this copy carries more TTL, forwarded only; `dup`: dropped as a duplicate; `dead`: ttl 0,
//! dropped; `out`: one copy sent to one neighbour (the originating node's copies included);
//! `answer`: one RESP queued for delivery. Every copy sent is received as exactly one of
//! new/further/dup/dead, which is what the overlay tests count.

use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TrySendError, bounded, select};
use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use super::db::Db;
use super::dedup::{Dedup, FloodKey, Seen};
use super::wire::{self, Flood, MAX_SIZE, Msg, TTL, WireError, type_name};
use crate::cli::KvNodeArgs;
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, STACK, SendError};
use crate::net::log::{Dir, Log};
use crate::net::{Context, Env, Error, Result, sock};

/// Frames waiting per connection before a neighbour counts as not reading.
const QUEUE: usize = 1024;
/// Answers waiting for a delivery thread.
const ANSWER_QUEUE: usize = 4096;
/// Delivery threads: each answer is a connect-send-close, mostly instant on a LAN, but an
/// unreachable client may hold one thread for the connect timeout.
const DELIVERERS: usize = 16;
/// How long to try reaching a neighbour at start, or a client to answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

type KvEvent = Event<Msg, WireError>;

/// What a connection turned out to be, from its first message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// No ID yet.
    Unknown,
    Neighbour,
    /// A client, and where its answers go.
    Client(SocketAddr),
}

struct Link {
    conn: Conn,
    role: Role,
}

struct Node {
    env: Env,
    db: Db,
    /// The listening port, the PORT of this node's name.
    port: u16,
    /// `--advertise`, or the `-b` address.
    advertise: Option<IpAddr>,
    links: HashMap<ConnId, Link>,
    seen: Dedup,
    answers: Sender<(SocketAddr, Vec<u8>)>,
}

/// Run a node until Ctrl-C (or the caller's stop).
pub fn run(args: KvNodeArgs, env: Env) -> Result<()> {
    let db = Db::load(&args.dbfile, args.trim_values, &env)?;
    let neighbours = args
        .neighbours
        .iter()
        .map(|s| sock::resolve(s, "neighbour"))
        .collect::<Result<Vec<_>>>()?;
    let bind = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    // Outgoing connections leave from the bound address only when it names one.
    let from = args.bind.filter(|ip| !ip.is_unspecified());
    let listener = sock::listen(bind, args.port, &env.log)?;
    let port = listener
        .local_addr()
        .context(|| "cannot read the bound address")?
        .port();

    let (events_tx, events) = bounded::<KvEvent>(8192);
    let ids = Ids::default();
    let mut links = HashMap::new();
    for addr in neighbours {
        let stream = sock::connect(addr, from, CONNECT_TIMEOUT)
            .map_err(|e| Error::new(format!("cannot reach neighbour {addr}: {e}")))?;
        let id = ids.next();
        let conn = Conn::start("kv-node", id, stream, QUEUE, decoder(), events_tx.clone())
            .context(|| format!("cannot start the connection to neighbour {addr}"))?;
        send_frame(&env.log, &conn, &Msg::Id { port: 0 });
        env.log
            .info(format_args!("connected to neighbour {}", conn.peer()));
        links.insert(
            id,
            Link {
                conn,
                role: Role::Neighbour,
            },
        );
    }
    let _acceptor = Acceptor::start(
        "kv-node",
        listener,
        ids,
        QUEUE,
        decoder,
        events_tx,
        env.log.clone(),
    )
    .context(|| "cannot start accepting connections")?;

    let mut node = Node {
        answers: start_deliverers(&env.log, from),
        advertise: args.advertise.or(from),
        env,
        db,
        port,
        links,
        seen: Dedup::default(),
    };
    node.serve(&events);
    Ok(())
}

fn decoder() -> impl FnMut(&mut BufReader<TcpStream>) -> Result<Msg, WireError> {
    |r: &mut BufReader<TcpStream>| wire::decode(r)
}

/// Queue one message on a connection (one write of the whole frame); false if it could not be.
fn send_frame(log: &Log, conn: &Conn, msg: &Msg) -> bool {
    let Ok(frame) = wire::to_bytes(msg) else {
        log.warn(format_args!("cannot encode {msg:?}"));
        return false;
    };
    log.trace(Dir::Out, conn.peer(), msg);
    match conn.send(frame) {
        Ok(()) => true,
        Err(SendError::Full) => {
            log.warn(format_args!(
                "{} is not reading: {} dropped",
                conn.peer(),
                type_name(msg.kind())
            ));
            false
        }
        Err(SendError::Closed) => false,
    }
}

/// The delivery pool: each answer is its own connection to the client (connect, one write,
/// close), leaving from `from` when the node is bound to one address.
fn start_deliverers(log: &Log, from: Option<IpAddr>) -> Sender<(SocketAddr, Vec<u8>)> {
    let (tx, rx) = bounded::<(SocketAddr, Vec<u8>)>(ANSWER_QUEUE);
    for i in 0..DELIVERERS {
        let rx: Receiver<(SocketAddr, Vec<u8>)> = rx.clone();
        let worker_log = log.clone();
        let spawned = thread::Builder::new()
            .name(format!("kv-node-deliver-{i}"))
            .stack_size(STACK)
            .spawn(move || {
                for (to, frame) in rx.iter() {
                    let sent = connect_from(to, from).and_then(|mut s| s.write_all(&frame));
                    if let Err(e) = sent {
                        worker_log.warn(format_args!("cannot deliver an answer to {to}: {e}"));
                    }
                }
            });
        if let Err(e) = spawned {
            log.warn(format_args!("cannot start a delivery thread: {e}"));
        }
    }
    tx
}

/// Connect to a client to deliver an answer, from `from` when the node is bound to one
/// address. Each answer is a short connection that ends in TIME_WAIT on our side; the socket
/// allows address reuse so that those TIME_WAIT entries (thousands a second under load) never
/// keep other programs on this host, which bind with address reuse too, from binding ports.
pub fn connect_from(to: SocketAddr, from: Option<IpAddr>) -> std::io::Result<TcpStream> {
    let socket = Socket::new(Domain::for_address(to), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    if let Some(ip) = from {
        socket.bind(&SockAddr::from(SocketAddr::new(ip, 0)))?;
    }
    socket.connect_timeout(&SockAddr::from(to), CONNECT_TIMEOUT)?;
    let stream: TcpStream = socket.into();
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// An IPv4-mapped IPv6 address shown as the IPv4 address it is.
fn unmap(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

impl Node {
    fn serve(&mut self, events: &Receiver<KvEvent>) {
        let stop = self.env.stop.clone();
        loop {
            select! {
                recv(events) -> ev => match ev {
                    Ok(ev) => self.handle(ev),
                    Err(_) => break,
                },
                recv(stop.rx()) -> _ => break,
            }
        }
        self.env.log.debug("stopping: closing every connection");
    }

    fn handle(&mut self, ev: KvEvent) {
        match ev {
            Event::Opened(id, conn) => {
                self.env
                    .log
                    .debug(format_args!("connection from {}", conn.peer()));
                self.links.insert(
                    id,
                    Link {
                        conn,
                        role: Role::Unknown,
                    },
                );
            }
            Event::Frame(id, msg) => self.on_frame(id, msg),
            Event::Closed(id, why) => self.on_closed(id, why),
        }
    }

    fn on_closed(&mut self, id: ConnId, why: WireError) {
        let Some(link) = self.links.remove(&id) else {
            return;
        };
        let peer = link.conn.peer();
        let log = &self.env.log;
        if why.is_protocol() {
            log.warn(format_args!("{peer}: {why}; connection closed"));
        } else if let WireError::Io(e) = &why {
            log.debug(format_args!("{peer}: {e}"));
        }
        match link.role {
            Role::Neighbour => log.info(format_args!("neighbour {peer} disconnected, dropped")),
            Role::Client(a) => log.debug(format_args!("client {a} disconnected")),
            Role::Unknown => log.debug(format_args!("{peer} disconnected")),
        }
    }

    fn on_frame(&mut self, id: ConnId, msg: Msg) {
        let Some(link) = self.links.get_mut(&id) else {
            return;
        };
        let peer = link.conn.peer();
        let local = link.conn.local();
        let role = link.role;
        let log = &self.env.log;
        log.trace(Dir::In, peer, &msg);
        match (role, msg) {
            (_, Msg::Id { port: 0 }) => {
                link.role = Role::Neighbour;
                log.info(format_args!("neighbour {peer} joined"));
            }
            (_, Msg::Id { port }) => {
                let answer_to = SocketAddr::new(unmap(peer.ip()), port);
                link.role = Role::Client(answer_to);
                log.debug(format_args!("client {peer} answers to {answer_to}"));
            }
            (Role::Unknown, other) => {
                log.warn(format_args!(
                    "{peer}: {} before ID; connection closed",
                    type_name(other.kind())
                ));
                link.conn.close_now();
            }
            (Role::Client(to), Msg::KeyReq { nseq, key }) => {
                log.debug(format_args!(
                    "request KEYREQ nseq={nseq} key={:?} client={to}",
                    wire::Shown(&key)
                ));
                if let Some(value) = self.db.get(&key) {
                    let value = value.to_vec();
                    self.answer(to, nseq, value);
                }
                self.start_flood(wire::KEYFLOOD, to, nseq, key);
            }
            (Role::Client(to), Msg::TopoReq { nseq }) => {
                log.debug(format_args!("request TOPOREQ nseq={nseq} client={to}"));
                let name = self.name(local).into_bytes();
                self.answer(to, nseq, name.clone());
                self.start_flood(wire::TOPOFLOOD, to, nseq, name);
            }
            (Role::Neighbour, Msg::KeyFlood(f)) => self.on_flood(id, wire::KEYFLOOD, f),
            (Role::Neighbour, Msg::TopoFlood(f)) => self.on_flood(id, wire::TOPOFLOOD, f),
            (role, other) => {
                let who = match role {
                    Role::Neighbour => "neighbour",
                    _ => "client",
                };
                log.warn(format_args!(
                    "{peer}: unexpected {} from a {who}, ignored",
                    type_name(other.kind())
                ));
            }
        }
    }

    /// This node's name as it appears in topology answers: `IP:PORT`.
    fn name(&self, local: SocketAddr) -> String {
        let ip = self.advertise.unwrap_or_else(|| unmap(local.ip()));
        SocketAddr::new(ip, self.port).to_string()
    }

    /// Queue RESP(nseq, value) for delivery on a new connection to `to`.
    fn answer(&self, to: SocketAddr, nseq: u32, mut value: Vec<u8>) {
        let log = &self.env.log;
        value.truncate(MAX_SIZE);
        let msg = Msg::Resp { nseq, value };
        let Ok(frame) = wire::to_bytes(&msg) else {
            return;
        };
        log.trace(Dir::Out, to, &msg);
        match self.answers.try_send((to, frame)) {
            Ok(()) => log.debug(format_args!("answer nseq={nseq} to={to}")),
            Err(TrySendError::Full(_)) => log.warn(format_args!(
                "too many answers waiting: the answer to {to} is dropped"
            )),
            Err(TrySendError::Disconnected(_)) => log.warn(format_args!(
                "no delivery thread: the answer to {to} is dropped"
            )),
        }
    }

    /// A client's request: record it (so it is never answered twice here when it comes back)
    /// and send it to every neighbour with TTL 3.
    fn start_flood(&mut self, kind: u16, to: SocketAddr, nseq: u32, info: Vec<u8>) {
        let IpAddr::V4(ip) = to.ip() else {
            self.env.log.warn(format_args!(
                "client {to} is not IPv4: its request is answered here but not flooded"
            ));
            return;
        };
        let port = to.port();
        let key = FloodKey {
            kind,
            ip,
            port,
            nseq,
        };
        self.seen.check(key, u16::MAX, Instant::now());
        let flood = Flood {
            ttl: TTL,
            nseq,
            ip,
            port,
            info,
        };
        self.forward(None, kind, flood);
    }

    /// A flood from neighbour `from` (spec: duplicate suppression, ttl 0, answer, forward).
    fn on_flood(&mut self, from: ConnId, kind: u16, f: Flood) {
        let Some(link) = self.links.get(&from) else {
            return;
        };
        let peer = link.conn.peer();
        let local = link.conn.local();
        let log = self.env.log.clone();
        let tag = || {
            format!(
                "{} client={}:{} nseq={} ttl={} from={peer}",
                type_name(kind),
                f.ip,
                f.port,
                f.nseq,
                f.ttl
            )
        };
        // A dead copy is dropped before it is recorded, so a live copy arriving later is
        // still answered.
        if f.ttl == 0 {
            log.debug(format_args!("flood dead {}", tag()));
            return;
        }
        let key = FloodKey {
            kind,
            ip: f.ip,
            port: f.port,
            nseq: f.nseq,
        };
        let seen = self.seen.check(key, f.ttl, Instant::now());
        match seen {
            Seen::Duplicate => {
                log.debug(format_args!("flood dup {}", tag()));
                return;
            }
            Seen::Further => log.debug(format_args!("flood further {}", tag())),
            Seen::New => log.debug(format_args!("flood new {}", tag())),
        }
        let answer_to = SocketAddr::new(IpAddr::V4(f.ip), f.port);
        let mut next = Flood {
            ttl: f.ttl - 1,
            ..f
        };
        if kind == wire::TOPOFLOOD {
            let info = grow_topology(&next.info, &self.name(local));
            if info.len() > MAX_SIZE {
                log.info(format_args!(
                    "topology list of {} bytes would exceed {MAX_SIZE}: answered with its \
                     last names, not forwarded ({})",
                    info.len(),
                    tag()
                ));
                if seen == Seen::New {
                    self.answer(answer_to, f.nseq, fit_names(&info));
                }
                return;
            }
            next.info = info;
            if seen == Seen::New {
                self.answer(answer_to, f.nseq, next.info.clone());
            }
        } else if seen == Seen::New
            && let Some(value) = self.db.get(&next.info)
        {
            let value = value.to_vec();
            self.answer(answer_to, f.nseq, value);
        }
        if next.ttl > 0 {
            self.forward(Some(from), kind, next);
        }
    }

    /// Send a flood to every neighbour but `except`.
    fn forward(&self, except: Option<ConnId>, kind: u16, flood: Flood) {
        let log = &self.env.log;
        let tag = format!(
            "{} client={}:{} nseq={} ttl={}",
            type_name(kind),
            flood.ip,
            flood.port,
            flood.nseq,
            flood.ttl
        );
        let msg = if kind == wire::KEYFLOOD {
            Msg::KeyFlood(flood)
        } else {
            Msg::TopoFlood(flood)
        };
        for (id, link) in &self.links {
            if link.role != Role::Neighbour || Some(*id) == except {
                continue;
            }
            if send_frame(log, &link.conn, &msg) {
                log.debug(format_args!("flood out {tag} to={}", link.conn.peer()));
            }
        }
    }
}

/// TOPOFLOOD growth: the list so far without trailing spaces, a space, this node's name.
fn grow_topology(info: &[u8], name: &str) -> Vec<u8> {
    let end = info.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
    let mut out = Vec::with_capacity(end + 1 + name.len());
    out.extend_from_slice(&info[..end]);
    if end > 0 {
        out.push(b' ');
    }
    out.extend_from_slice(name.as_bytes());
    out
}

/// The longest tail of a space-separated list that fits in one RESP (whole names only; the
/// last name, this node's, always fits).
fn fit_names(list: &[u8]) -> Vec<u8> {
    let mut start = list.len().saturating_sub(MAX_SIZE);
    while start > 0 && start < list.len() && list[start - 1] != b' ' {
        start += 1;
    }
    list[start..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topology_growth() {
        assert_eq!(grow_topology(b"a:1", "b:2"), b"a:1 b:2");
        assert_eq!(grow_topology(b"a:1   ", "b:2"), b"a:1 b:2");
        assert_eq!(grow_topology(b"   ", "b:2"), b"b:2");
    }

    #[test]
    fn fitting_names() {
        let list: Vec<u8> = (0..40)
            .map(|i| format!("10.0.0.{i}:5000"))
            .collect::<Vec<_>>()
            .join(" ")
            .into_bytes();
        assert!(list.len() > MAX_SIZE);
        let fit = fit_names(&list);
        assert!(fit.len() <= MAX_SIZE);
        assert!(fit.ends_with(b"10.0.0.39:5000"));
        assert!(
            fit.starts_with(b"10.0.0."),
            "{}",
            String::from_utf8_lossy(&fit)
        );
        assert!(list.ends_with(&fit));
        assert_eq!(list[list.len() - fit.len() - 1], b' ');
    }
}
