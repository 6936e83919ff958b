//! `netlab msg server`: the relay. One owner thread holds every piece of state (registry,
//! per-display stop-and-wait lanes, deadlines); each connection has a reader thread feeding
//! it decoded frames and a bounded writer (see `net::conn`).
//!
//! The hot path (MSG in → MSG out to the display(s) → OK back) does no lookups beyond two
//! array/hash hits, allocates one buffer per frame sent, and writes straight to the socket
//! from the owner when that connection's writer is idle (`Conn::send_now`), so a relay costs
//! one thread wake-up fewer than going through the writer thread.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::codec::Frames;
use super::config::ServerConfig;
use super::hints;
use super::session::GOODBYE;
use super::text::{MsgText, OiRefusal, Who, Why};
use super::timestamp;
use super::wire::{self, DISPLAYS, EMITTERS, Head, MAX_TEXT, Msg, SERVER, WireError};
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, OnFull, Opts, SendError};
use crate::net::log::Log;
use crate::net::owner::{self, Ended, Flow, Owner};
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Result, sock};

type Ev = Event<Frames>;

/// A connection's writer queue. Small on purpose: a display's backlog waits in its lane (a
/// `VecDeque` that grows only as needed), and a bounded channel allocates all its slots up
/// front, for each of up to 2,000 connections. A peer that lets this many frames pile up (on
/// top of full kernel buffers) does not read, and is dropped.
const OPTS: Opts = Opts {
    name: "msg",
    queue: 256,
    on_full: OnFull::Report,
};

pub fn run(config: ServerConfig, env: Env) -> Result<()> {
    let listener = sock::listen(config.bind, config.port, &env.log)?;
    let (tx, rx) = crossbeam_channel::bounded::<Ev>(4096);
    let acceptor = Acceptor::conns(OPTS, listener, Ids::default(), Frames::new, tx, &env.log)
        .context(env.lang(), NetText::CannotStartAccepting)?;
    let mut server = Server::new(&config, &env, acceptor);
    if owner::run(&mut server, &rx, None, &env.stop) == Ended::GoodbyeTimedOut {
        env.log.warn(MsgText::NoFlwAnswer {
            displays: server.farewells.len(),
            after: GOODBYE,
        });
    }
    server.close_all();
    Ok(())
}

/// A frame waiting in a display's lane.
struct Lane {
    seq: u32,
    frame: Vec<u8>,
    /// Does the display answer it (MSG, FLW) or not (OKQEM)?
    ack: bool,
}

/// One connection, registered or not.
struct Client {
    conn: Conn<Frames>,
    /// The registered id; 0 until a successful OI.
    id: u16,
    /// Displays only: frames waiting for the outstanding one to be acknowledged.
    queue: VecDeque<Lane>,
    /// The outstanding frame: its seq, its delivery number (to match its ack deadline) and
    /// whether it is a relayed FLW (for the log when the display refuses it).
    outstanding: Option<(u32, u64, bool)>,
    /// Deliveries so far (numbers the ack deadlines).
    delivered: u64,
    /// Missed an ack deadline: sent to without waiting from then on.
    deaf: bool,
    /// Its NUL padding (`hints::padding`) was logged once.
    padded: bool,
}

struct Server {
    log: Log,
    max_emitters: usize,
    max_displays: usize,
    queue: usize,
    ack_timeout: Duration,
    hello_timeout: Duration,
    clients: HashMap<ConnId, Client>,
    /// Registered id → its connection.
    by_id: Vec<Option<ConnId>>,
    emitters: usize,
    displays: BTreeSet<u16>,
    /// OI deadlines, in order of connection (all have the same length, so the front is due
    /// first).
    hello: VecDeque<(Instant, ConnId)>,
    /// Ack deadlines, in order of delivery: (due, connection, delivery number).
    acks: VecDeque<(Instant, ConnId, u64)>,
    /// The server's own sequence numbers (its FLWs).
    seq: u32,
    /// Reused by broadcasts.
    scratch: Vec<u16>,
    /// Accepting until the goodbye starts.
    acceptor: Option<Acceptor>,
    /// During the goodbye: the displays whose OK to our FLW is awaited, and its seq.
    farewells: Vec<ConnId>,
    farewell_seq: Option<u32>,
}

impl Server {
    fn new(config: &ServerConfig, env: &Env, acceptor: Acceptor) -> Server {
        Server {
            log: env.log.clone(),
            max_emitters: config.max_emitters as usize,
            max_displays: config.max_displays as usize,
            queue: config.queue as usize,
            ack_timeout: config.ack_timeout,
            hello_timeout: config.hello_timeout,
            clients: HashMap::new(),
            by_id: vec![None; *DISPLAYS.end() as usize + 1],
            emitters: 0,
            displays: BTreeSet::new(),
            hello: VecDeque::new(),
            acks: VecDeque::new(),
            seq: 0,
            scratch: Vec::new(),
            acceptor: Some(acceptor),
            farewells: Vec::new(),
            farewell_seq: None,
        }
    }

    fn next_deadline(&self) -> Option<Instant> {
        let h = self.hello.front().map(|e| e.0);
        let a = self.acks.front().map(|e| e.0);
        match (h, a) {
            (Some(h), Some(a)) => Some(h.min(a)),
            (h, a) => h.or(a),
        }
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
                self.log.warn(MsgText::NoOi {
                    who: who(cl),
                    after: self.hello_timeout,
                });
                self.cut(c);
            }
        }
        while let Some(&(due, c, n)) = self.acks.front() {
            if due > now {
                break;
            }
            self.acks.pop_front();
            let Some(cl) = self.clients.get_mut(&c) else {
                continue;
            };
            if cl.outstanding.map(|o| o.1) != Some(n) {
                continue; // acknowledged in time
            }
            self.log.warn(MsgText::Deaf {
                display: cl.id,
                after: self.ack_timeout,
            });
            cl.deaf = true;
            cl.outstanding = None;
            let waiting: Vec<Lane> = cl.queue.drain(..).collect();
            for lane in waiting {
                if !self.push(c, lane.frame) {
                    break;
                }
            }
        }
    }

    fn on_event(&mut self, ev: Ev) {
        match ev {
            Event::Opened(c, conn) => {
                self.log.debug(MsgText::Connected(conn.peer()));
                self.hello
                    .push_back((Instant::now() + self.hello_timeout, c));
                self.clients.insert(
                    c,
                    Client {
                        conn,
                        id: 0,
                        queue: VecDeque::new(),
                        outstanding: None,
                        delivered: 0,
                        deaf: false,
                        padded: false,
                    },
                );
            }
            Event::Frame(c, m) => self.on_frame(c, m),
            Event::Closed(c, why) => self.on_closed(c, why),
        }
    }

    fn on_closed(&mut self, c: ConnId, why: WireError) {
        let Some(cl) = self.clients.get(&c) else {
            return; // already forgotten
        };
        let who = who(cl);
        match why {
            WireError::Eof if cl.id == 0 => self.log.debug(MsgText::ClosedUnregistered(who)),
            WireError::Eof => self.log.info(MsgText::ClosedWithoutFlw(who)),
            WireError::UnknownType(kind) => self.log.warn(MsgText::UnknownType { who, kind }),
            WireError::Truncated { got } => self.log.warn(MsgText::MidFrame { who, got }),
            WireError::Io(e) => self.log.warn(MsgText::ConnFailed {
                who,
                why: e.to_string(),
            }),
        }
        self.cut(c);
    }

    fn on_frame(&mut self, c: ConnId, m: Msg) {
        let Some(cl) = self.clients.get(&c) else {
            return; // forgotten after FLW or dropped: nothing more is sent to it
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
        if h.orig != id {
            self.refuse(c, &m, Why::Spoofed { orig: h.orig, id });
            return;
        }
        let emitter = EMITTERS.contains(&id);
        match m {
            Msg::Oi(_) => self.refuse(c, &m, Why::AlreadyRegistered),
            Msg::Flw(h) if h.dest == SERVER => {
                self.answer(c, Msg::Ok(h.answer(SERVER, id)));
                self.log.debug(MsgText::LeftFlw(who(&self.clients[&c])));
                // Forgotten: dropping the connection writes the OK, then FIN.
                self.forget(c);
            }
            Msg::Flw(h) if emitter => self.stop_display(c, h),
            Msg::Msg(h, text) if emitter => self.relay(c, h, &text),
            Msg::Qem(h) if emitter => self.qem(c, h),
            Msg::Flw(_) | Msg::Msg(..) | Msg::Qem(_) => self.refuse(c, &m, Why::FromDisplay),
            Msg::Ok(h) if !emitter => self.acked(c, h.seq, true),
            Msg::Erro(h) if !emitter => self.acked(c, h.seq, false),
            m => self.log.debug(MsgText::Stray {
                who: who(&self.clients[&c]),
                name: m.name(),
            }),
        }
    }

    /// Answer ERRO (never to a response: answering one could loop between two programs
    /// forever) and log why.
    fn refuse(&mut self, c: ConnId, m: &Msg, why: Why) {
        let who = who(&self.clients[&c]);
        let h = m.head();
        let name = m.name();
        if m.is_response() {
            self.log.warn(MsgText::IgnoringResponse { who, name, why });
            return;
        }
        // A fixed-size text's padding arrives as a run of all-zero frames: one line says so.
        if hints::padding(m) {
            let cl = self.clients.get_mut(&c).expect("checked");
            if !std::mem::replace(&mut cl.padded, true) {
                self.log.warn(MsgText::Padding(who));
            }
        } else {
            self.log.warn(MsgText::Refusing { who, name, why });
        }
        self.answer(c, Msg::Erro(h.answer(SERVER, h.orig)));
    }

    fn hello_oi(&mut self, c: ConnId, h: Head) {
        let id = h.orig;
        let refusal = if EMITTERS.contains(&id) {
            (self.emitters >= self.max_emitters).then_some(OiRefusal::EmittersFull)
        } else if DISPLAYS.contains(&id) {
            (self.displays.len() >= self.max_displays).then_some(OiRefusal::DisplaysFull)
        } else {
            Some(OiRefusal::OutOfRange)
        };
        let refusal = refusal.or_else(|| {
            self.by_id[id as usize]
                .is_some()
                .then_some(OiRefusal::InUse)
        });
        let peer = self.clients[&c].conn.peer();
        if let Some(why) = refusal {
            self.log.info(MsgText::OiRefused { peer, id, why });
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
        self.log.debug(MsgText::RegisteredAs { peer, id });
        self.answer(c, Msg::Ok(h.answer(SERVER, id)));
    }

    /// The connection of registered display `d`.
    fn display(&self, d: u16) -> Option<ConnId> {
        if DISPLAYS.contains(&d) {
            self.by_id[d as usize]
        } else {
            None
        }
    }

    fn relay(&mut self, c: ConnId, h: Head, text: &[u8]) {
        let from = h.orig;
        if text.is_empty() || text.len() > MAX_TEXT {
            self.refuse(c, &Msg::Msg(h, Vec::new()), Why::TextSize(text.len()));
            return;
        }
        // The relay's timestamp: when the server received it.
        let ts = timestamp();
        if h.dest == 0 {
            let mut all = std::mem::take(&mut self.scratch);
            all.clear();
            all.extend(self.displays.iter().copied());
            for &d in &all {
                self.deliver_text(Head::new(from, d, h.seq, ts), text);
            }
            self.scratch = all;
        } else if self.display(h.dest).is_none() {
            self.refuse(c, &Msg::Msg(h, Vec::new()), Why::NotConnected(h.dest));
            return;
        } else if !self.deliver_text(Head::new(from, h.dest, h.seq, ts), text) {
            // Not queued after all: the display was dropped (queue overflow, dead socket).
            self.refuse(c, &Msg::Msg(h, Vec::new()), Why::JustDropped(h.dest));
            return;
        }
        self.log.event(format_args!(
            "relay MSG seq={} from={from} to={}",
            h.seq,
            if h.dest == 0 { "all" } else { "one" }
        ));
        self.answer(c, Msg::Ok(h.answer(SERVER, from)));
    }

    /// Relay a MSG to display `h.dest`; false if the display is gone (see [`Server::deliver`]).
    fn deliver_text(&mut self, h: Head, text: &[u8]) -> bool {
        let mut frame = Vec::with_capacity(wire::HEADER + 2 + text.len());
        wire::encode_text(&h, text, &mut frame);
        if self.log.tracing()
            && let Some(c) = self.display(h.dest)
        {
            self.clients[&c]
                .conn
                .trace_out(&Msg::Msg(h, text.to_vec()), &frame);
        }
        self.deliver(h.dest, h.seq, frame, true)
    }

    /// Relay a frame that is not a MSG (FLW, OKQEM) through display `d`'s lane; false if
    /// the display is gone.
    fn deliver_msg(&mut self, d: u16, m: Msg, ack: bool) -> bool {
        let frame = m.to_bytes();
        if let Some(c) = self.display(d) {
            self.clients[&c].conn.trace_out(&m, &frame);
        }
        self.deliver(d, m.head().seq, frame, ack)
    }

    /// Hand a frame to display `d`'s lane, behind what is already waiting there: sent now
    /// if the lane is free (or the display does not acknowledge), else queued; an overflowing
    /// queue drops the display. `ack`: the display answers this frame (MSG, relayed FLW), so
    /// nothing more goes until it does; OKQEM is not answered and does not hold the lane.
    /// Returns whether the frame was sent or queued (false: the display is gone, and the
    /// sender must not be told OK).
    fn deliver(&mut self, d: u16, seq: u32, frame: Vec<u8>, ack: bool) -> bool {
        let Some(c) = self.display(d) else {
            return false;
        };
        let cl = self.clients.get_mut(&c).expect("registered");
        if cl.deaf {
            self.push(c, frame)
        } else if cl.outstanding.is_none() && cl.queue.is_empty() {
            self.send_lane(c, seq, frame, ack)
        } else if cl.queue.len() >= self.queue {
            self.log.warn(MsgText::QueueOverflow {
                display: d,
                waiting: cl.queue.len(),
            });
            self.cut(c);
            false
        } else {
            cl.queue.push_back(Lane { seq, frame, ack });
            true
        }
    }

    /// Send a lane's frame; one to be acknowledged becomes the outstanding one, with its
    /// ack deadline.
    fn send_lane(&mut self, c: ConnId, seq: u32, frame: Vec<u8>, ack: bool) -> bool {
        if ack {
            let cl = self.clients.get_mut(&c).expect("registered");
            cl.delivered += 1;
            // The frame's type is its first two bytes: FLW is 1.
            let flw = frame[..2] == [0, 1];
            cl.outstanding = Some((seq, cl.delivered, flw));
            self.acks
                .push_back((Instant::now() + self.ack_timeout, c, cl.delivered));
        }
        self.push(c, frame)
    }

    /// Send what waits in a free lane, up to and including the next frame to acknowledge.
    fn pump(&mut self, c: ConnId) {
        loop {
            let Some(cl) = self.clients.get_mut(&c) else {
                return;
            };
            if cl.outstanding.is_some() {
                return;
            }
            let Some(next) = cl.queue.pop_front() else {
                return;
            };
            if !self.send_lane(c, next.seq, next.frame, next.ack) {
                return;
            }
        }
    }

    /// An OK (or ERRO) from display connection `c`: if it answers the outstanding frame, the
    /// lane moves on. Anything else matches nothing and is ignored.
    fn acked(&mut self, c: ConnId, seq: u32, ok: bool) {
        let cl = self.clients.get_mut(&c).expect("registered");
        if cl.outstanding.map(|o| o.0) != Some(seq) {
            self.log.debug(MsgText::Unmatched {
                display: cl.id,
                ok,
                seq,
            });
            return;
        }
        match cl.outstanding {
            Some((_, _, true)) if ok => self.log.debug(MsgText::AgreedToStop { display: cl.id }),
            Some((_, _, true)) => self.log.info(MsgText::RefusedToStop { display: cl.id }),
            _ if !ok => self.log.warn(MsgText::RefusedMessage {
                display: cl.id,
                seq,
            }),
            _ => {}
        }
        cl.outstanding = None;
        self.pump(c);
    }

    fn qem(&mut self, c: ConnId, h: Head) {
        if self.display(h.dest).is_none() {
            self.refuse(c, &Msg::Qem(h), Why::NotConnected(h.dest));
            return;
        }
        let ids: Vec<u16> = (0..self.by_id.len() as u16)
            .filter(|&i| self.by_id[i as usize].is_some())
            .collect();
        if self.deliver_msg(h.dest, Msg::Okqem(h.answer(SERVER, h.dest), ids), false) {
            self.answer(c, Msg::Ok(h.answer(SERVER, h.orig)));
        } else {
            self.refuse(c, &Msg::Qem(h), Why::JustDropped(h.dest));
        }
    }

    /// FLW(dest=D) from an emitter: relayed to display D, which decides (owner rule).
    fn stop_display(&mut self, c: ConnId, h: Head) {
        if self.display(h.dest).is_none() {
            self.refuse(c, &Msg::Flw(h), Why::NotConnected(h.dest));
            return;
        }
        self.log.debug(MsgText::AsksToStop {
            emitter: h.orig,
            display: h.dest,
        });
        let relayed = Msg::Flw(Head::new(h.orig, h.dest, h.seq, timestamp()));
        // Through the lane: it must not overtake the messages already waiting for D, and
        // D answers it like a MSG.
        if self.deliver_msg(h.dest, relayed, true) {
            self.answer(c, Msg::Ok(h.answer(SERVER, h.orig)));
        } else {
            self.refuse(c, &Msg::Flw(h), Why::JustDropped(h.dest));
        }
    }

    /// Encode, trace and send one frame to connection `c`.
    fn answer(&mut self, c: ConnId, m: Msg) {
        if let Some(cl) = self.clients.get(&c) {
            let frame = m.to_bytes();
            cl.conn.trace_out(&m, &frame);
            self.push(c, frame);
        }
    }

    /// Send an encoded frame to `c`; a connection that cannot take it (its writer queue is
    /// full: the peer does not read) is dropped. Returns whether it is still there.
    fn push(&mut self, c: ConnId, frame: Vec<u8>) -> bool {
        let Some(cl) = self.clients.get(&c) else {
            return false;
        };
        match cl.conn.push(frame) {
            Ok(()) => true,
            Err(e) => {
                let who = who(cl);
                match e {
                    SendError::Full => self.log.warn(MsgText::NotReading(who)),
                    SendError::Closed => self.log.debug(MsgText::AlreadyFailed(who)),
                }
                self.cut(c);
                false
            }
        }
    }

    /// Unregister connection `c` and let its Conn go (queued frames are written, then FIN).
    fn forget(&mut self, c: ConnId) -> Option<Client> {
        let cl = self.clients.remove(&c)?;
        if cl.id != 0 && self.by_id[cl.id as usize] == Some(c) {
            self.by_id[cl.id as usize] = None;
            if EMITTERS.contains(&cl.id) {
                self.emitters -= 1;
            } else {
                self.displays.remove(&cl.id);
            }
        }
        Some(cl)
    }

    /// Unregister and cut connection `c` at once.
    fn cut(&mut self, c: ConnId) {
        if let Some(cl) = self.forget(c) {
            cl.conn.close_now();
        }
    }

    /// After the goodbye: close every connection; a writer still holding frames belongs to a
    /// peer that does not read, and is cut.
    fn close_all(&mut self) {
        for (_, cl) in self.clients.drain() {
            if cl.conn.unsent() > 0 {
                cl.conn.close_now();
            }
        }
    }

    /// During the goodbye: a display's OK to our FLW, or its closing, is what we wait for.
    fn farewell(&mut self, ev: Ev) -> Flow {
        match ev {
            Event::Frame(c, Msg::Ok(h)) if Some(h.seq) == self.farewell_seq => {
                self.farewells.retain(|&w| w != c);
            }
            Event::Closed(c, _) => self.farewells.retain(|&w| w != c),
            Event::Opened(_, conn) => conn.close_now(), // too late
            Event::Frame(..) => {}
        }
        if self.farewells.is_empty() {
            Flow::Exit
        } else {
            Flow::Continue
        }
    }
}

/// How the log names a connection.
fn who(cl: &Client) -> Who {
    Who {
        id: cl.id,
        peer: cl.conn.peer(),
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

    /// Ctrl-C: stop accepting, FLW(orig=0, dest=D) to every display, and wait up to 2 s for
    /// their OKs (or their closing).
    fn goodbye(&mut self) -> Option<Instant> {
        self.acceptor = None;
        self.log.info(MsgText::ServerDown);
        let seq = self.seq;
        self.seq = self.seq.wrapping_add(1);
        let ts = timestamp();
        for d in self.displays.clone() {
            let Some(c) = self.display(d) else { continue };
            self.answer(c, Msg::Flw(Head::new(SERVER, d, seq, ts)));
            if self.clients.contains_key(&c) {
                self.farewells.push(c);
            }
        }
        self.farewell_seq = Some(seq);
        (!self.farewells.is_empty()).then(|| Instant::now() + GOODBYE)
    }
}
