//! The servent: holds a database, answers its clients, and floods their requests through the
//! overlay with TTL 3 (spec/kv.md, "Node behaviour").
//!
//! One owner thread holds all state (links, database, seen floods, answers on their way) and
//! reads and writes every connection itself (`net::poller`: the listener's and the
//! neighbours' alike, no thread per connection, one read per ready connection and turn so no
//! peer starves the others); answers go out through a small pool of connect threads
//! (`deliver`), because each one is a new connection to the client that may take time to set
//! up, and the owner must never wait on a socket. Repeated
//! warnings about one peer are summarised once a second (`term::quota`).
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
//! kv: answer retry nseq=0 to=127.0.0.1:6000 attempt=1
//! ```
//!
//! `new`: first copy, answered (if the key is here) and forwarded; `further`: seen before but
//! this copy carries more TTL, forwarded only; `dup`: dropped as a duplicate; `dead`: ttl 0,
//! dropped; `out`: one copy sent to one neighbour (the originating node's copies included);
//! `answer`: one RESP queued for delivery; `answer retry`: its connection was refused and is
//! tried again shortly. Every copy sent is received as exactly one of
//! new/further/dup/dead, which is what the overlay tests count.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;

use super::codec::Frames;
use super::config::NodeConfig;
use super::db::Db;
use super::dedup::{self, Dedup, FloodKey, Seen};
use super::deliver::{self, Deliveries, Note, Offered, Outcome, Pool};
use super::text::{KvText, Peer};
use super::wire::{self, Flood, MAX_SIZE, Msg, TTL, WireError, type_name};
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, OnFull, Opts};
use crate::net::owner::{self, Flow, Owner};
use crate::net::poller::Outlet;
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Error, Result, sock};
use crate::term::quota::Quota;
use crate::term::text::os_error;

/// A connection's writer: a neighbour that lets this many frames wait does not read, and
/// floods to it are dropped (they are best effort: nothing acknowledges them).
const OPTS: Opts = Opts {
    name: "kv-node",
    outbox: 1024,
    on_full: OnFull::Warn,
};
/// How long to try reaching a neighbour at start.
const NEIGHBOUR_TIMEOUT: Duration = Duration::from_secs(3);
/// The owner's event channel: only the connect threads' notices come on it (frames come
/// from the poller), and a full one means a notice is already waiting.
const EVENTS: usize = 16;

/// What the owner hears: its connections (from the poller), and a connect thread saying
/// answers are done (they wait in the pool's own channel: see `deliver::Pool::finished`).
pub enum NodeEvent {
    Net(Event<Frames>),
    Delivered,
}

impl From<Event<Frames>> for NodeEvent {
    fn from(ev: Event<Frames>) -> Self {
        NodeEvent::Net(ev)
    }
}

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
    conn: Conn<Frames>,
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
    /// Answers on their way, and the connect threads that take them.
    delivery: Deliveries,
    pool: Pool,
    /// Answers handed to the connect threads and not yet back.
    busy: usize,
    /// That no connect thread could start was said.
    delivery_warned: bool,
    /// Repeated warnings about one peer.
    quota: Quota,
}

/// Run a node until Ctrl-C (or the caller's stop).
pub fn run(config: NodeConfig, env: Env) -> Result<()> {
    if let Some(limit) = sock::raise_nofile() {
        env.log.event(format_args!("descriptors limit={limit}"));
    }
    let Some(db) = Db::load(&config.dbfile, config.trim_values, config.max_db_size, &env)? else {
        return Ok(()); // Ctrl-C while loading
    };
    let neighbours = config
        .neighbours
        .iter()
        .map(|n| sock::lookup(n, 0, env.lang()))
        .collect::<Result<Vec<_>>>()?;
    let bind = config.bind.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    // Outgoing connections leave from the bound address only when it names one.
    let from = config.bind.filter(|ip| !ip.is_unspecified());
    let (listener, local) = sock::listen_at(bind, config.port, &env.log)?;
    let port = local.port();

    let (events_tx, events) = bounded::<NodeEvent>(EVENTS);
    let ids = Ids::default();
    let (_acceptor, mut poller) =
        Acceptor::owned(OPTS, listener, ids.clone(), Frames::new, &env.log)
            .context(env.lang(), NetText::CannotStartAccepting)?;
    let mut links = HashMap::new();
    for addr in neighbours {
        let unreachable = |e: std::io::Error| {
            Error::new(env.tr(KvText::CannotReachNeighbour {
                addr,
                why: os_error(&e, env.lang()),
            }))
        };
        let stream = sock::connect(addr, from, NEIGHBOUR_TIMEOUT).map_err(unreachable)?;
        env.log.mark(crate::term::log::Mark::Peer {
            addr,
            name: crate::term::text::Text::render(
                &crate::diagram::text::DiagramText::Node(Some(addr)),
                env.lang(),
            ),
        });
        let id = ids.next();
        let conn = poller
            .dial(OPTS, id, stream, Frames::new(), &env.log)
            .map_err(unreachable)?;
        let _ = conn.send(&Msg::Id { port: 0 });
        env.log.info(KvText::NeighbourConnected(conn.peer()));
        links.insert(
            id,
            Link {
                conn,
                role: Role::Neighbour,
            },
        );
    }
    let events_tx = Outlet::new(events_tx, poller.bell());
    let pool = Pool::new(from, env.lang(), move || {
        // A full channel means a notice waits already: the owner looks at every finished
        // answer when it takes one.
        let _ = events_tx.try_send(NodeEvent::Delivered);
    });

    let mut node = Node {
        advertise: config.advertise.or(from),
        env: env.clone(),
        db,
        port,
        links,
        seen: Dedup::new(config.dedup_window, dedup::CAPACITY),
        delivery: Deliveries::new(config.answer_rate),
        pool,
        busy: 0,
        delivery_warned: false,
        quota: Quota::default(),
    };
    owner::run_polled(&mut node, &events, &mut poller, None, &env.stop);
    node.quota.finish(&env.log);
    // What is queued for the links is written, then each gets its FIN.
    drop(node);
    let deadline = Instant::now() + Duration::from_secs(1);
    poller.finish(deadline);
    poller.drain(deadline);
    Ok(())
}

impl Owner for Node {
    type Event = NodeEvent;

    fn handle(&mut self, ev: NodeEvent) -> Flow {
        if self.busy > 0 {
            self.finished();
        }
        match ev {
            NodeEvent::Net(Event::Opened(id, conn)) => {
                let conn = *conn;
                self.env.log.debug(KvText::ConnectionFrom(conn.peer()));
                self.links.insert(
                    id,
                    Link {
                        conn,
                        role: Role::Unknown,
                    },
                );
            }
            NodeEvent::Net(Event::Frame(id, msg)) => self.on_frame(id, msg),
            NodeEvent::Net(Event::Closed(id, why)) => self.on_closed(id, why),
            NodeEvent::Delivered => {}
        }
        Flow::Continue
    }

    fn deadline(&self) -> Option<Instant> {
        match (self.delivery.next_due(), self.quota.next_due()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn flush(&mut self) {
        if self.busy > 0 {
            self.finished();
        }
    }

    fn tick(&mut self, now: Instant) -> Flow {
        self.delivery.tick(now);
        self.say_notes();
        self.dispatch();
        if self.quota.next_due().is_some_and(|due| due <= now) {
            self.quota.flush(&self.env.log, now);
        }
        Flow::Continue
    }
}

impl Node {
    fn on_closed(&mut self, id: ConnId, why: WireError) {
        let Some(link) = self.links.remove(&id) else {
            return;
        };
        let peer = link.conn.peer();
        let log = &self.env.log;
        if why.is_protocol() {
            let text = KvText::ProtocolError { peer, why: &why };
            self.quota.warn(log, peer, text, Instant::now());
        } else if let WireError::Io(e) = &why {
            log.debug(KvText::ConnError {
                peer,
                why: crate::term::text::os_error(e, log.lang()),
            });
        }
        match link.role {
            Role::Neighbour => log.info(KvText::NeighbourLeft(peer)),
            Role::Client(a) => log.debug(KvText::ClientLeft(a)),
            Role::Unknown => log.debug(KvText::Disconnected(peer)),
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
        match (role, msg) {
            (_, Msg::Id { port: 0 }) => {
                link.role = Role::Neighbour;
                log.info(KvText::NeighbourJoined(peer));
            }
            (_, Msg::Id { port }) => {
                let answers_to = SocketAddr::new(peer.ip().to_canonical(), port);
                link.role = Role::Client(answers_to);
                log.debug(KvText::ClientJoined { peer, answers_to });
            }
            (Role::Unknown, other) => {
                let text = KvText::BeforeId {
                    peer,
                    kind: other.kind(),
                };
                self.quota.warn(log, peer, text, Instant::now());
                link.conn.close_now();
            }
            (Role::Client(to), Msg::KeyReq { nseq, key }) => {
                log.event(format_args!(
                    "request KEYREQ nseq={nseq} key={} client={to}",
                    wire::Shown(&key)
                ));
                if let Some(value) = self.db.get(&key) {
                    let value = value.to_vec();
                    self.answer(to, nseq, value);
                }
                self.start_flood(wire::KEYFLOOD, to, nseq, key);
            }
            (Role::Client(to), Msg::TopoReq { nseq }) => {
                log.event(format_args!("request TOPOREQ nseq={nseq} client={to}"));
                let name = self.name(local).into_bytes();
                self.answer(to, nseq, name.clone());
                self.start_flood(wire::TOPOFLOOD, to, nseq, name);
            }
            (Role::Neighbour, Msg::KeyFlood(f)) => self.on_flood(id, wire::KEYFLOOD, f),
            (Role::Neighbour, Msg::TopoFlood(f)) => self.on_flood(id, wire::TOPOFLOOD, f),
            (role, other) => {
                let from = match role {
                    Role::Neighbour => Peer::Neighbour,
                    _ => Peer::Client,
                };
                let text = KvText::UnexpectedFrom {
                    peer,
                    kind: other.kind(),
                    from,
                };
                self.quota.warn(log, peer, text, Instant::now());
            }
        }
    }

    /// This node's name as it appears in topology answers: `IP:PORT`.
    fn name(&self, local: SocketAddr) -> String {
        let ip = self.advertise.unwrap_or_else(|| local.ip().to_canonical());
        SocketAddr::new(ip, self.port).to_string()
    }

    /// Queue RESP(nseq, value) for delivery on a new connection to `to`.
    fn answer(&mut self, to: SocketAddr, nseq: u32, mut value: Vec<u8>) {
        let log = &self.env.log;
        value.truncate(MAX_SIZE);
        let msg = Msg::Resp { nseq, value };
        let Ok(frame) = wire::to_bytes(&msg) else {
            return;
        };
        if log.tracing() {
            log.trace(crate::term::log::Dir::Out, to, &msg, Some(&frame));
        }
        // What is not queued is counted, and said once a second (`say_notes`).
        if self.delivery.offer(to, nseq, frame, Instant::now()) == Offered::Queued {
            log.event(format_args!("answer nseq={nseq} to={to}"));
            self.dispatch();
        }
    }

    /// Take the answers the connect threads finished, and give them the next ones.
    fn finished(&mut self) {
        let now = Instant::now();
        let mut any = false;
        for (answer, outcome) in self.pool.finished() {
            self.busy = self.busy.saturating_sub(1);
            self.delivery.done(answer, outcome, now);
            any = true;
        }
        if any {
            self.say_notes();
            self.dispatch();
        }
    }

    /// Hand waiting answers to the connect threads (never more out than [`deliver::POOL`], so
    /// the hand-over never waits).
    fn dispatch(&mut self) {
        while self.busy < deliver::POOL {
            let Some(answer) = self.delivery.take() else {
                return;
            };
            match self.pool.give(answer, self.busy) {
                Ok(()) => self.busy += 1,
                Err((answer, e)) => {
                    // No connect thread runs, nor can one start: the answer is given up (and
                    // why is said once, not once per answer).
                    if !self.delivery_warned {
                        self.delivery_warned = true;
                        self.env
                            .log
                            .warn(KvText::CannotStartDelivery(os_error(&e, self.env.lang())));
                    }
                    let why = self.env.tr(KvText::DeliveryStopped);
                    let now = Instant::now();
                    self.delivery.done(answer, Outcome::Failed(why), now);
                    self.say_notes();
                    return;
                }
            }
        }
    }

    /// Say what delivery has to report.
    fn say_notes(&mut self) {
        let log = &self.env.log;
        for note in self.delivery.notes(Instant::now()) {
            match note {
                Note::Retry { to, nseq, attempt } => log.event(format_args!(
                    "answer retry nseq={nseq} to={to} attempt={attempt}"
                )),
                Note::Down { to, why } => log.warn(KvText::AnswerDown { to, why }),
                Note::Skipped { to, count } => log.warn(KvText::AnswersSkipped { to, count }),
                Note::Capped { to, count, rate } => {
                    log.warn(KvText::AnswersCapped { to, count, rate })
                }
                Note::Crowded { to, count } => log.warn(KvText::AnswersCrowded { to, count }),
                Note::Failed { to, why } => log.warn(KvText::CannotDeliver { to, why }),
                Note::MoreFailed { to, count } => log.warn(KvText::MoreUndelivered { to, count }),
                Note::Backlog { count } => log.warn(KvText::AnswersBacklog { count }),
                Note::Hushed { count } => log.warn(KvText::MoreAnswerWarnings { count }),
            }
        }
    }

    /// A client's request: record it (so it is never answered twice here when it comes back)
    /// and send it to every neighbour with TTL 3.
    fn start_flood(&mut self, kind: u16, to: SocketAddr, nseq: u32, info: Vec<u8>) {
        let IpAddr::V4(ip) = to.ip() else {
            let now = Instant::now();
            self.quota.warn(&self.env.log, to, KvText::NotIpv4(to), now);
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
            log.event(format_args!("flood dead {}", tag()));
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
                log.event(format_args!("flood dup {}", tag()));
                return;
            }
            Seen::Further => log.event(format_args!("flood further {}", tag())),
            Seen::New => log.event(format_args!("flood new {}", tag())),
        }
        let answer_to = SocketAddr::new(IpAddr::V4(f.ip), f.port);
        let mut next = Flood {
            ttl: f.ttl - 1,
            ..f
        };
        if kind == wire::TOPOFLOOD {
            let info = grow_topology(&next.info, &self.name(local));
            if info.len() > MAX_SIZE {
                log.info(KvText::TopologyTooLong { len: info.len() });
                log.event(format_args!("flood long {}", tag()));
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
            if link.conn.send(&msg).is_ok() {
                log.event(format_args!("flood out {tag} to={}", link.conn.peer()));
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
