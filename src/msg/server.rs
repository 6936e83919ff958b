//! `netlab msg server`: the relay. One owner thread holds every piece of state (registry,
//! per-display lanes, waiting requests, deadlines) and reads and writes every connection
//! itself (`Acceptor::owned`, on mio: a display's OK reaches the owner with no thread
//! hand-off, and no connection has a thread of its own). What a socket does not take at once
//! waits in the connection's bounded outbox, written when the socket has room.
//!
//! Lossless flow control, in three files:
//! - here: connections, registration, refusals, answers, leaving, the goodbye; and what makes
//!   a connection *stopped* (not read): a request waiting for room ([`relay`](super::relay)),
//!   or answers it does not read (its outbox backed up). Frames of a stopped connection that
//!   were already read are set aside in order and handled when it goes on; the read-ahead
//!   limit bounds how many that can be.
//! - [`lanes`](super::lanes): each display's lane (stop-and-wait, at most `--queue` frames),
//!   the emitters waiting for room in it, deaf displays, and the stall deadline.
//! - [`relay`](super::relay): what emitters ask (MSG, QEM, FLW to a display), placed at once
//!   in every lane with room, otherwise waiting, and answered in the order asked.
//!
//! Three words, one meaning each: a display's *lane* holds the frames waiting for it (relayed,
//! not yet sent); a connection's *outbox* holds the frames its socket did not take yet; an
//! emitter's request that finds a lane full *waits* ([`Pending`], the lane's waiters).
//!
//! The hot path (MSG in → MSG out to the display(s) → OK back) does no lookups beyond a few
//! array/hash hits, allocates one buffer per frame sent, and writes straight to the socket
//! when nothing waits in that connection's outbox (`Conn::push`).

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::codec::ServerFrames;
use super::config::ServerConfig;
use super::hints;
use super::lanes::{Kind, Lane};
use super::relay::Pending;
use super::session::GOODBYE;
use super::text::{MsgText, OiRefusal, Who, Why};
use super::timestamp;
use super::wire::{DISPLAYS, EMITTERS, Head, Inbound, Msg, SERVER, WireError};
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, OnFull, Opts, SendError};
use crate::net::owner::{self, Ended, Flow, Owner};
use crate::net::poller::Outlet;
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Result, sock};
use crate::platform;
use crate::term::log::Log;
use crate::term::quota::Quota;
use crate::term::text::Text;

/// What the server's owner hears: its connections' events, and outboxes that drained.
pub enum Ev {
    Net(Event<ServerFrames>),
    /// The outbox of this connection is down to the backlog its owner waited for.
    Drained(ConnId),
}

impl From<Event<ServerFrames>> for Ev {
    fn from(e: Event<ServerFrames>) -> Ev {
        Ev::Net(e)
    }
}

/// A connection's outbox: the frames its socket did not take yet. Small on purpose: a
/// display's backlog waits in its lane.
const OPTS: Opts = Opts {
    name: "msg",
    outbox: 256,
    on_full: OnFull::Report,
};

/// Frames a reader may hand the owner before the owner is done with them: the most a stopped
/// connection can have set aside (each at most a short MSG: longer bodies are not kept).
const READ_AHEAD: usize = 32;
/// Answers waiting in a connection's outbox that mean its peer does not read them: the
/// connection is stopped until they are down to [`CAUGHT_UP`].
const BACKED_UP: usize = 128;
const CAUGHT_UP: usize = 32;
/// Descriptors one client costs (the poller shares the connection's own where it can).
const FDS_PER_CLIENT: u64 = platform::FDS_PER_CONN;
/// Descriptors kept for the process (stdio, the listener) and for a few connections beyond
/// capacity, which must still be accepted to be refused.
const FDS_RESERVE: u64 = 64;
/// The most the server waits, once done, for its connections' last frames and FIN to go out
/// (those of peers that do not read were cut).
const CLOSING: Duration = Duration::from_secs(1);

pub fn run(config: ServerConfig, env: Env) -> Result<()> {
    let capacity = capacity(&config, &env.log);
    let listener = sock::listen(config.bind, config.port, &env.log)?;
    // Only drain notices come on this channel, at most one waiting per connection (see
    // `Client::drain_told`), so it is bounded by the connections; a bounded one could fill,
    // and the owner, which sends them itself (from its poller's writes), would wait forever.
    let (tx, rx) = crossbeam_channel::unbounded::<Ev>();
    let (acceptor, mut poller) = Acceptor::owned(
        OPTS,
        listener,
        Ids::default(),
        ServerFrames::default,
        &env.log,
    )
    .context(env.lang(), NetText::CannotStartAccepting)?;
    let events = Outlet::new(tx, poller.bell());
    let mut server = Server::new(&config, &env, Some(acceptor), capacity, events);
    if owner::run_polled(&mut server, &rx, &mut poller, None, &env.stop) == Ended::GoodbyeTimedOut {
        env.log.warn(MsgText::NoFlwAnswer {
            displays: server.farewells.len(),
            after: GOODBYE,
        });
    }
    // Warnings counted and not yet summarised are reported, however soon the server stops.
    server.quota.finish(&env.log);
    server.close_all();
    // The owner's poller writes what the connections still hold, then their FIN.
    let deadline = Instant::now() + CLOSING;
    poller.finish(deadline);
    poller.drain(deadline);
    Ok(())
}

/// Raise the descriptor limit; the clients that fit under it (said once when fewer than
/// configured).
fn capacity(config: &ServerConfig, log: &Log) -> usize {
    let wanted = config.max_emitters as usize + config.max_displays as usize;
    let Some(limit) = sock::raise_nofile() else {
        return wanted;
    };
    let fits = sock::clients_within(limit, FDS_PER_CLIENT, FDS_RESERVE);
    if fits < wanted {
        log.warn(NetText::CapacityReduced {
            clients: fits,
            limit,
        });
        return fits;
    }
    wanted
}

/// One connection, registered or not.
pub(super) struct Client {
    pub conn: Conn<ServerFrames>,
    /// The registered id; 0 until a successful OI.
    pub id: u16,
    /// Displays only: what waits for it, and who waits for room.
    pub lane: Lane,
    /// Frames read while the connection was stopped, handled in order when it goes on.
    pub held: VecDeque<Inbound>,
    /// The connection ended while frames were set aside: handled after them.
    pub closed: Option<WireError>,
    /// Emitters only: the request waiting for room in full lanes, or for a display's answer.
    pub pending: Option<Pending>,
    /// A drain notice of this connection waits on the owner's channel.
    pub drain_told: Arc<AtomicBool>,
    /// Since when its answers have backed up (it does not read them).
    pub backed_up: Option<Instant>,
    /// A stall check of this connection is scheduled.
    pub stall_armed: bool,
    /// Its NUL padding (`hints::padding`) was logged once.
    pub padded: bool,
}

impl Client {
    /// Not read, and new frames set aside, until it goes on.
    pub fn stopped(&self) -> bool {
        self.pending.is_some() || self.backed_up.is_some()
    }

    /// How the log names it.
    pub fn who(&self) -> Who {
        Who {
            id: self.id,
            peer: self.conn.peer(),
        }
    }
}

pub(super) struct Server {
    pub log: Log,
    max_emitters: usize,
    max_displays: usize,
    /// Clients that fit under the descriptor limit.
    capacity: usize,
    /// The frames a lane may hold, and the length at which waiting emitters are let in again.
    pub lane_limit: usize,
    pub lane_low: usize,
    pub ack_timeout: Duration,
    hello_timeout: Duration,
    pub stall_timeout: Duration,
    pub clients: HashMap<ConnId, Client>,
    /// Registered id → its connection.
    by_id: Vec<Option<ConnId>>,
    emitters: usize,
    pub displays: BTreeSet<u16>,
    /// OI deadlines, in order of connection (all have the same length, so the front is due
    /// first).
    hello: VecDeque<(Instant, ConnId)>,
    /// Ack deadlines, in order of delivery: (due, connection, delivery number).
    pub acks: VecDeque<(Instant, ConnId, u64)>,
    /// Stall checks: displays holding emitters back, connections not reading their answers.
    pub stalls: BinaryHeap<Reverse<(Instant, ConnId)>>,
    /// Repeated warnings, per peer.
    quota: Quota,
    quota_due: Option<Instant>,
    /// For the drain notices of the connections' outboxes (it rings the poller's bell: a
    /// notice sent at the start of a turn must not wait for the end of its wait).
    events: Outlet<Ev>,
    /// The server's own sequence numbers (its FLWs).
    seq: u32,
    /// Reused by broadcasts.
    pub scratch: Vec<u16>,
    /// Accepting until the goodbye starts.
    acceptor: Option<Acceptor>,
    /// During the goodbye: the displays whose OK to our FLW is awaited, and its seq.
    farewells: Vec<ConnId>,
    pub farewell_seq: Option<u32>,
}

impl Server {
    fn new(
        config: &ServerConfig,
        env: &Env,
        acceptor: Option<Acceptor>,
        capacity: usize,
        events: Outlet<Ev>,
    ) -> Server {
        let lane_limit = config.lane_limit.max(1) as usize;
        Server {
            log: env.log.clone(),
            max_emitters: config.max_emitters as usize,
            max_displays: config.max_displays as usize,
            capacity,
            lane_limit,
            lane_low: lane_limit / 2,
            ack_timeout: config.ack_timeout,
            hello_timeout: config.hello_timeout,
            stall_timeout: config.stall_timeout,
            clients: HashMap::new(),
            by_id: vec![None; *DISPLAYS.end() as usize + 1],
            emitters: 0,
            displays: BTreeSet::new(),
            hello: VecDeque::new(),
            acks: VecDeque::new(),
            stalls: BinaryHeap::new(),
            quota: Quota::default(),
            quota_due: None,
            events,
            seq: 0,
            scratch: Vec::new(),
            acceptor,
            farewells: Vec::new(),
            farewell_seq: None,
        }
    }

    fn next_deadline(&self) -> Option<Instant> {
        [
            self.hello.front().map(|e| e.0),
            self.acks.front().map(|e| e.0),
            self.stalls.peek().map(|e| e.0.0),
            self.quota_due,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn on_deadlines(&mut self, now: Instant) {
        while let Some(&(due, c)) = self.hello.front() {
            if due > now {
                break;
            }
            self.hello.pop_front();
            if let Some(cl) = self.clients.get(&c)
                && cl.id == 0
            {
                let text = MsgText::NoOi {
                    who: cl.who(),
                    after: self.hello_timeout,
                };
                self.warn_about(cl.conn.peer(), text);
                self.cut(c);
            }
        }
        while let Some(&(due, c, n)) = self.acks.front() {
            if due > now {
                break;
            }
            self.acks.pop_front();
            self.ack_due(c, n);
        }
        while let Some(&Reverse((due, c))) = self.stalls.peek() {
            if due > now {
                break;
            }
            self.stalls.pop();
            self.stall_due(c, now);
        }
        if self.quota_due.is_some_and(|due| due <= now) {
            self.quota.flush(&self.log, now);
            self.quota_due = self.quota.next_due();
        }
    }

    fn on_event(&mut self, ev: Ev) {
        match ev {
            Ev::Net(Event::Opened(c, conn)) => {
                let conn = *conn;
                self.log.debug(MsgText::Connected(conn.peer()));
                conn.read_ahead(READ_AHEAD);
                let events = self.events.clone();
                let drain_told = Arc::new(AtomicBool::new(false));
                let told = drain_told.clone();
                conn.on_drained(move || {
                    if !told.swap(true, Ordering::AcqRel) {
                        let _ = events.send(Ev::Drained(c));
                    }
                });
                self.hello
                    .push_back((Instant::now() + self.hello_timeout, c));
                self.clients.insert(
                    c,
                    Client {
                        conn,
                        id: 0,
                        lane: Lane::default(),
                        held: VecDeque::new(),
                        closed: None,
                        pending: None,
                        drain_told,
                        backed_up: None,
                        stall_armed: false,
                        padded: false,
                    },
                );
            }
            Ev::Net(Event::Frame(c, f)) => self.arrived(c, f),
            Ev::Net(Event::Closed(c, why)) => self.closing(c, why),
            Ev::Drained(c) => {
                self.drain_heard(c);
                self.drained(c)
            }
        }
    }

    /// A frame: handled now, or set aside while its connection is stopped.
    fn arrived(&mut self, c: ConnId, f: Inbound) {
        let Some(cl) = self.clients.get_mut(&c) else {
            return; // forgotten after FLW or dropped: nothing more is sent to it
        };
        if cl.stopped() {
            cl.held.push_back(f);
            return;
        }
        cl.conn.consumed();
        self.on_frame(c, f);
    }

    /// The reader ended. What the peer sent before is handled first, in order.
    fn closing(&mut self, c: ConnId, why: WireError) {
        let Some(cl) = self.clients.get_mut(&c) else {
            return; // already forgotten
        };
        if cl.stopped() || !cl.held.is_empty() {
            cl.closed = Some(why);
            // A closed peer reads nothing more: its answers need not drain first.
            cl.backed_up = None;
            self.go_on(c);
            return;
        }
        self.on_closed(c, why);
    }

    pub(super) fn on_closed(&mut self, c: ConnId, why: WireError) {
        let Some(cl) = self.clients.get(&c) else {
            return;
        };
        let who = cl.who();
        let peer = cl.conn.peer();
        match why {
            WireError::Eof if cl.id == 0 => self.log.debug(MsgText::ClosedUnregistered(who)),
            WireError::Eof => self.log.info(MsgText::LeftClosed(who)),
            WireError::UnknownType(kind) => {
                self.warn_about(peer, MsgText::UnknownType { who, kind })
            }
            WireError::Truncated { got } => self.warn_about(peer, MsgText::MidFrame { who, got }),
            WireError::Io(e) => self.warn_about(
                peer,
                MsgText::ConnFailed {
                    who,
                    why: crate::term::text::os_error(&e, self.log.lang()),
                },
            ),
        }
        self.cut(c);
    }

    /// Handle one frame of connection `c` (which is not stopped).
    pub(super) fn on_frame(&mut self, c: ConnId, f: Inbound) {
        // A body the server did not keep: a MSG text too long to relay (refused for its
        // length), or an OKQEM (ignored like any response).
        let (m, long) = match f {
            Inbound::Frame(m) => (m, None),
            Inbound::Skipped { kind: 2, head, len } => (Msg::Msg(head, Vec::new()), Some(len)),
            Inbound::Skipped { head, .. } => (Msg::Okqem(head, Vec::new()), None),
        };
        let Some(cl) = self.clients.get(&c) else {
            return;
        };
        let id = cl.id;
        let h = *m.head();
        if id == 0 {
            match m {
                Msg::Oi(h) => self.hello_oi(c, h),
                m => self.refuse(c, &m, Why::BeforeOi),
            }
            return;
        }
        let emitter = EMITTERS.contains(&id);
        // A display's answer: the connection says who sent it, whatever its fields say.
        if !emitter && let Msg::Ok(h) | Msg::Erro(h) = m {
            self.acked(c, h, matches!(m, Msg::Ok(_)));
            return;
        }
        if h.orig != id {
            self.refuse(c, &m, Why::Spoofed { orig: h.orig, id });
            return;
        }
        match m {
            Msg::Oi(_) => self.refuse(c, &m, Why::AlreadyRegistered),
            Msg::Flw(h) if h.dest == SERVER => {
                self.answer(c, Msg::Ok(h.answer(SERVER, id)));
                self.log.info(MsgText::LeftFlw(self.clients[&c].who()));
                // Forgotten: dropping the connection writes the OK, then FIN.
                self.forget(c);
            }
            Msg::Flw(h) if emitter => self.stop_display(c, h),
            Msg::Msg(h, text) if emitter => self.relay(c, h, &text, long),
            Msg::Qem(h) if emitter => self.qem(c, h),
            Msg::Flw(_) | Msg::Msg(..) | Msg::Qem(_) => self.refuse(c, &m, Why::FromDisplay),
            m => self.log.debug(MsgText::Stray {
                who: self.clients[&c].who(),
                name: m.name(),
            }),
        }
    }

    /// Answer ERRO (never to a response: answering one could loop between two programs
    /// forever) and log why, within the peer's warning budget.
    pub(super) fn refuse(&mut self, c: ConnId, m: &Msg, why: Why) {
        let Some(cl) = self.clients.get(&c) else {
            return;
        };
        let (who, peer) = (cl.who(), cl.conn.peer());
        let h = m.head();
        let name = m.name();
        if m.is_response() {
            self.warn_about(peer, MsgText::IgnoringResponse { who, name, why });
            return;
        }
        // A fixed-size text's padding arrives as a run of all-zero frames: one line says so.
        if hints::padding(m) {
            let cl = self.clients.get_mut(&c).expect("checked");
            if !std::mem::replace(&mut cl.padded, true) {
                self.log.warn(MsgText::Padding(who));
            }
        } else {
            self.warn_about(peer, MsgText::Refusing { who, name, why });
        }
        self.answer(c, Msg::Erro(h.answer(SERVER, h.orig)));
    }

    /// A warning about `peer`, unless it used its budget (then counted, and summarised).
    pub(super) fn warn_about(&mut self, peer: SocketAddr, text: impl Text) {
        self.quota.warn(&self.log, peer, text, Instant::now());
        self.quota_due = self.quota.next_due();
    }

    /// A notable event caused by `peer`, within its budget like a warning.
    pub(super) fn info_about(&mut self, peer: SocketAddr, text: impl Text) {
        if self.quota.allow(peer, Instant::now()) {
            self.log.info(text);
        }
        self.quota_due = self.quota.next_due();
    }

    fn hello_oi(&mut self, c: ConnId, h: Head) {
        let id = h.orig;
        let registered = self.emitters + self.displays.len();
        let refusal = if !EMITTERS.contains(&id) && !DISPLAYS.contains(&id) {
            Some(OiRefusal::OutOfRange)
        } else if self.by_id[id as usize].is_some() {
            Some(OiRefusal::InUse)
        } else if registered >= self.capacity {
            Some(OiRefusal::Capacity(self.capacity))
        } else if EMITTERS.contains(&id) {
            (self.emitters >= self.max_emitters).then_some(OiRefusal::EmittersFull)
        } else {
            (self.displays.len() >= self.max_displays).then_some(OiRefusal::DisplaysFull)
        };
        let peer = self.clients[&c].conn.peer();
        if let Some(why) = refusal {
            self.info_about(peer, MsgText::OiRefused { peer, id, why });
            self.answer(c, Msg::Erro(h.answer(SERVER, id)));
            return;
        }
        self.clients.get_mut(&c).expect("checked").id = id;
        self.by_id[id as usize] = Some(c);
        if EMITTERS.contains(&id) {
            self.emitters += 1;
        } else {
            self.displays.insert(id);
        }
        self.log.info(MsgText::Joined { id, peer });
        self.answer(c, Msg::Ok(h.answer(SERVER, id)));
    }

    /// The connection of registered display `d`.
    pub(super) fn display(&self, d: u16) -> Option<ConnId> {
        if DISPLAYS.contains(&d) {
            self.by_id[d as usize]
        } else {
            None
        }
    }

    /// Every registered id, ascending (an OKQEM's list).
    pub(super) fn registered_ids(&self) -> Vec<u16> {
        (0..self.by_id.len() as u16)
            .filter(|&i| self.by_id[i as usize].is_some())
            .collect()
    }

    /// Encode, trace and send an answer to connection `c`. A peer whose answers pile up
    /// does not read them: it is not read either until they drain.
    pub(super) fn answer(&mut self, c: ConnId, m: Msg) {
        let Some(cl) = self.clients.get(&c) else {
            return;
        };
        let frame = m.to_bytes();
        cl.conn.trace_out(&m, &frame);
        if !self.push(c, frame) {
            return;
        }
        let cl = self.clients.get_mut(&c).expect("still there");
        if cl.backed_up.is_none()
            && cl.conn.unsent() >= BACKED_UP
            && !cl.conn.when_drained(CAUGHT_UP)
        {
            cl.backed_up = Some(Instant::now());
            cl.conn.pause();
            self.arm_stall(c);
        }
    }

    /// A drain notice of `c` was taken off the channel: the next one may be sent.
    fn drain_heard(&self, c: ConnId) {
        if let Some(cl) = self.clients.get(&c) {
            cl.drain_told.store(false, Ordering::Release);
        }
    }

    /// An outbox drained to what its owner waited for: a backed-up connection goes on, a
    /// deaf display's lane moves.
    fn drained(&mut self, c: ConnId) {
        let Some(cl) = self.clients.get_mut(&c) else {
            return;
        };
        if cl.backed_up.is_some()
            && (cl.conn.unsent() <= CAUGHT_UP || cl.conn.when_drained(CAUGHT_UP))
        {
            cl.backed_up = None;
            self.go_on(c);
        }
        self.lane_moved(c);
    }

    /// Handle what connection `c` set aside while stopped, in order, until it stops again or
    /// has nothing left; then read it again (or close it, if it ended meanwhile).
    pub(super) fn go_on(&mut self, c: ConnId) {
        if self.farewell_seq.is_some() {
            return; // shutting down: requests are no longer served
        }
        loop {
            let Some(cl) = self.clients.get_mut(&c) else {
                return;
            };
            if cl.stopped() {
                cl.conn.pause();
                return;
            }
            let Some(f) = cl.held.pop_front() else {
                break;
            };
            cl.conn.consumed();
            self.on_frame(c, f);
        }
        let Some(cl) = self.clients.get_mut(&c) else {
            return;
        };
        if let Some(why) = cl.closed.take() {
            self.on_closed(c, why);
        } else if cl.conn.paused() {
            cl.conn.resume();
        }
    }

    /// Send an encoded frame to `c`; a connection that cannot take it (its outbox is full,
    /// which flow control should never let happen) is dropped. Returns whether it is
    /// still there.
    pub(super) fn push(&mut self, c: ConnId, frame: Vec<u8>) -> bool {
        let Some(cl) = self.clients.get(&c) else {
            return false;
        };
        match cl.conn.push(frame) {
            Ok(()) => true,
            Err(e) => {
                let who = cl.who();
                match e {
                    SendError::Full => self.log.warn(MsgText::NotReading(who)),
                    SendError::Closed => self.log.debug(MsgText::AlreadyFailed(who)),
                }
                self.cut(c);
                false
            }
        }
    }

    /// Unregister connection `c` and let its Conn go (what its outbox holds is written, then
    /// FIN).
    /// What depended on it is settled: requests waiting for a display that is gone are
    /// answered; a gone emitter waits for nothing.
    pub(super) fn forget(&mut self, c: ConnId) -> Option<Client> {
        let mut cl = self.clients.remove(&c)?;
        if cl.id != 0 && self.by_id[cl.id as usize] == Some(c) {
            self.by_id[cl.id as usize] = None;
            if EMITTERS.contains(&cl.id) {
                self.emitters -= 1;
            } else {
                self.displays.remove(&cl.id);
            }
        }
        if let Some(p) = cl.pending.take() {
            for d in p.waiting {
                if let Some(dc) = self.display(d)
                    && let Some(dcl) = self.clients.get_mut(&dc)
                {
                    dcl.lane.waiters.retain(|&w| w != c);
                }
            }
        }
        if DISPLAYS.contains(&cl.id) {
            self.display_gone(cl.id, &mut cl.lane);
        }
        Some(cl)
    }

    /// Unregister and cut connection `c` at once.
    pub(super) fn cut(&mut self, c: ConnId) {
        if let Some(cl) = self.forget(c) {
            cl.conn.close_now();
        }
    }

    /// After the goodbye: close every connection; an outbox still holding frames belongs to a
    /// peer that does not read, and is cut.
    fn close_all(&mut self) {
        for (_, cl) in self.clients.drain() {
            if cl.conn.unsent() > 0 {
                cl.conn.close_now();
            }
        }
    }

    /// During the goodbye: displays' answers keep their lanes moving to our FLW, whose OK
    /// (or the display's closing) is what we wait for. Emitters are no longer served.
    fn farewell(&mut self, ev: Ev) -> Flow {
        match ev {
            Ev::Net(Event::Frame(c, f)) => {
                // Whatever the frame, the connection is read on: the answer may follow it.
                let Some(cl) = self.clients.get(&c) else {
                    return self.farewell_flow();
                };
                cl.conn.consumed();
                if let Inbound::Frame(m @ (Msg::Ok(_) | Msg::Erro(_))) = f
                    && DISPLAYS.contains(&cl.id)
                {
                    let h = *m.head();
                    let lane = &cl.lane;
                    let ours = Some(h.seq) == self.farewell_seq
                        && lane.farewell_sent
                        && lane
                            .outstanding
                            .as_ref()
                            .is_none_or(|o| matches!(o.kind, Kind::Farewell));
                    if ours {
                        self.farewells.retain(|&w| w != c);
                    } else {
                        self.acked(c, h, matches!(m, Msg::Ok(_)));
                    }
                }
            }
            Ev::Net(Event::Closed(c, _)) => self.farewells.retain(|&w| w != c),
            Ev::Net(Event::Opened(_, conn)) => conn.close_now(), // too late
            Ev::Drained(c) => {
                self.drain_heard(c);
                self.lane_moved(c)
            }
        }
        self.farewell_flow()
    }

    /// The goodbye ends once every display answered our FLW (or closed).
    fn farewell_flow(&self) -> Flow {
        if self.farewells.is_empty() {
            Flow::Exit
        } else {
            Flow::Continue
        }
    }
}

impl Owner for Server {
    type Event = Ev;
    const SPIN: Duration = Duration::from_micros(50);

    fn handle(&mut self, ev: Ev) -> Flow {
        if self.farewell_seq.is_some() {
            return self.farewell(ev);
        }
        self.on_event(ev);
        Flow::Continue
    }

    fn deadline(&self) -> Option<Instant> {
        self.next_deadline()
    }

    fn tick(&mut self, now: Instant) -> Flow {
        self.on_deadlines(now);
        Flow::Continue
    }

    /// Ctrl-C: stop accepting, FLW(orig=0, dest=D) to every display at once, and wait up to
    /// 2 s for their OKs (or their closing). What a lane holds (the emitters were told OK
    /// for it) is written before the FLW, without waiting for acknowledgements: a MSG the
    /// display has not acknowledged yet never holds the goodbye back.
    fn goodbye(&mut self) -> Option<Instant> {
        self.acceptor = None;
        self.log.info(MsgText::ServerDown);
        let seq = self.seq;
        self.seq = self.seq.wrapping_add(1);
        self.farewell_seq = Some(seq);
        // Requests waiting for room are not served any more (they were never answered OK).
        for cl in self.clients.values_mut() {
            cl.lane.waiters.clear();
            cl.lane.flush();
        }
        let ts = timestamp();
        for d in self.displays.clone() {
            let Some(c) = self.display(d) else { continue };
            let m = Msg::Flw(Head::new(SERVER, d, seq, ts));
            self.place_msg(c, &m, Kind::Farewell);
            if self.clients.contains_key(&c) {
                self.farewells.push(c);
            }
        }
        (!self.farewells.is_empty()).then(|| Instant::now() + GOODBYE)
    }
}

/// The relay's state machine without a socket: clients are `Conn::memory`, their frames are
/// handed to it as its poller would.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::wire::{self, Head};
    use crate::net::poller::{Poller, Sent};
    use crate::net::shutdown;
    use crate::term::log::{Level, Sink};
    use crate::term::text::Lang;

    fn server() -> Server {
        let (log_tx, _lines) = crossbeam_channel::unbounded();
        let (_trigger, stop) = shutdown::pair();
        let (_in_tx, input) = crossbeam_channel::bounded(1);
        let env = Env::captured(
            Lang::En,
            "msg",
            Level::Quiet,
            Sink::Channel(log_tx),
            stop,
            input,
        );
        // Only its bell is used: no socket is ever added to it.
        let poller = Poller::<ServerFrames>::alone(&env.log).unwrap();
        let (tx, _rx) = crossbeam_channel::unbounded();
        Server::new(
            &ServerConfig::default(),
            &env,
            None,
            usize::MAX,
            Outlet::new(tx, poller.bell()),
        )
    }

    fn connect(s: &mut Server, id: ConnId) -> Sent {
        let peer: SocketAddr = format!("127.0.0.1:{}", 40000 + id).parse().unwrap();
        let (conn, sent) = Conn::memory(OPTS, id, peer, &s.log);
        s.handle(Ev::Net(Event::Opened(id, Box::new(conn))));
        sent
    }

    fn send(s: &mut Server, id: ConnId, m: Msg) {
        s.handle(Ev::Net(Event::Frame(id, Inbound::Frame(m))));
    }

    /// The frames a client was sent since the last look.
    fn heard(sent: &Sent) -> Vec<Msg> {
        let bytes = sent.take();
        let mut r = &bytes[..];
        let mut frames = Vec::new();
        while !r.is_empty() {
            frames.push(wire::decode(&mut r).unwrap());
        }
        frames
    }

    fn text(m: &Msg) -> Option<(u16, u16, &[u8])> {
        match m {
            Msg::Msg(h, t) => Some((h.orig, h.dest, &t[..])),
            _ => None,
        }
    }

    #[test]
    fn a_display_gets_one_message_at_a_time_and_the_next_after_its_ok() {
        let mut s = server();
        let display = connect(&mut s, 1);
        let emitter = connect(&mut s, 2);
        send(&mut s, 1, Msg::Oi(Head::new(1001, 0, 0, 0)));
        send(&mut s, 2, Msg::Oi(Head::new(1, 0, 0, 0)));
        assert!(matches!(heard(&display)[..], [Msg::Ok(_)]));
        assert!(matches!(heard(&emitter)[..], [Msg::Ok(_)]));
        for (seq, t) in [(1, "Ob-la-di"), (2, "Ob-la-da")] {
            send(
                &mut s,
                2,
                Msg::Msg(Head::new(1, 0, seq, 0), t.as_bytes().to_vec()),
            );
        }
        // Both are queued (the emitter hears two OKs); the display holds one outstanding.
        let oks = heard(&emitter);
        assert_eq!(oks.len(), 2, "{oks:?}");
        assert!(oks.iter().all(|m| matches!(m, Msg::Ok(_))), "{oks:?}");
        let first = heard(&display);
        assert_eq!(first.len(), 1, "stop-and-wait: {first:?}");
        assert_eq!(text(&first[0]), Some((1, 1001, &b"Ob-la-di"[..])));
        // Its OK (whatever orig/dest it carries) releases the next one.
        let Msg::Msg(h, _) = &first[0] else {
            unreachable!()
        };
        send(&mut s, 1, Msg::Ok(Head::new(0, 0, h.seq, h.ts)));
        let second = heard(&display);
        assert_eq!(second.len(), 1, "{second:?}");
        assert_eq!(text(&second[0]), Some((1, 1001, &b"Ob-la-da"[..])));
    }

    #[test]
    fn an_unknown_display_and_a_message_from_a_display_are_refused() {
        let mut s = server();
        let display = connect(&mut s, 1);
        let emitter = connect(&mut s, 2);
        send(&mut s, 1, Msg::Oi(Head::new(1001, 0, 0, 0)));
        send(&mut s, 2, Msg::Oi(Head::new(1, 0, 0, 0)));
        heard(&display);
        heard(&emitter);
        send(
            &mut s,
            2,
            Msg::Msg(Head::new(1, 1500, 7, 0), b"hi".to_vec()),
        );
        assert!(matches!(heard(&emitter)[..], [Msg::Erro(h)] if h.seq == 7));
        send(
            &mut s,
            1,
            Msg::Msg(Head::new(1001, 0, 8, 0), b"hi".to_vec()),
        );
        assert!(matches!(heard(&display)[..], [Msg::Erro(h)] if h.seq == 8));
        // An id in use is refused.
        let twin = connect(&mut s, 3);
        send(&mut s, 3, Msg::Oi(Head::new(1, 0, 0, 0)));
        assert!(matches!(heard(&twin)[..], [Msg::Erro(_)]));
    }
}
