//! `netlab msg server`: the relay. One owner thread holds every piece of state (registry,
//! per-display stop-and-wait lanes, deadlines); each connection has a reader thread feeding
//! it decoded frames and a bounded writer (see `net::conn`).
//!
//! The hot path (MSG in → MSG out to the display(s) → OK back) does no lookups beyond two
//! array/hash hits, allocates one buffer per frame sent, and writes straight to the socket
//! from the owner when that connection's writer is idle (`Conn::send_now`), so a relay costs
//! one thread wake-up fewer than going through the writer thread.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::io::BufReader;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, TryRecvError, bounded, select};

use super::session::GOODBYE;
use super::wire::{self, DISPLAYS, EMITTERS, Head, MAX_TEXT, Msg, SERVER, WireError};
use crate::cli::MsgServerArgs;
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, SPIN, SendError, spin_recv};
use crate::net::log::{Dir, Log};
use crate::net::text::msg::MsgText;
use crate::net::{Context, Env, Result, sock, unix_time_u32};

type Ev = Event<Msg, WireError>;

/// Frames a connection's writer may hold. Small on purpose: a display's backlog waits in its
/// lane (a `VecDeque` that grows only as needed), and a bounded channel allocates all its
/// slots up front, for each of up to 2,000 connections. A peer that lets this many frames
/// pile up (on top of full kernel buffers) does not read, and is dropped.
const WRITER_QUEUE: usize = 256;

pub fn run(args: MsgServerArgs, env: Env) -> Result<()> {
    let listener = sock::listen(args.bind, args.port, &env.log)?;
    let (tx, rx) = bounded::<Ev>(4096);
    let acceptor = Acceptor::start(
        "msg",
        listener,
        Ids::default(),
        WRITER_QUEUE,
        || |r: &mut BufReader<TcpStream>| wire::decode(r),
        tx,
        env.log.clone(),
    )
    .context(|| "cannot start the accept thread")?;
    let mut server = Server::new(&args, &env);
    server.serve(&rx);
    drop(acceptor);
    server.goodbye(&rx);
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
    conn: Conn,
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
    shutdown_text: String,
    /// Fires on Ctrl-C.
    stop: Receiver<()>,
}

impl Server {
    fn new(args: &MsgServerArgs, env: &Env) -> Server {
        Server {
            log: env.log.clone(),
            max_emitters: args.max_emitters as usize,
            max_displays: args.max_displays as usize,
            queue: args.queue as usize,
            ack_timeout: args.ack_timeout,
            hello_timeout: args.hello_timeout,
            clients: HashMap::new(),
            by_id: vec![None; *DISPLAYS.end() as usize + 1],
            emitters: 0,
            displays: BTreeSet::new(),
            hello: VecDeque::new(),
            acks: VecDeque::new(),
            seq: 0,
            scratch: Vec::new(),
            shutdown_text: env.tr(MsgText::ServerDown),
            stop: env.stop.rx().clone(),
        }
    }

    /// The owner loop: until Ctrl-C.
    fn serve(&mut self, rx: &Receiver<Ev>) {
        let stop = self.stop.clone();
        loop {
            // Checked on every turn: under steady traffic the loop never parks.
            let now = Instant::now();
            if self.next_deadline().is_some_and(|due| due <= now) {
                self.on_deadlines(now);
            }
            if matches!(stop.try_recv(), Err(TryRecvError::Disconnected)) {
                return;
            }
            if let Some(ev) = spin_recv(rx, SPIN) {
                self.handle(ev);
                continue;
            }
            let ev = match self.next_deadline() {
                Some(due) => select! {
                    recv(rx) -> ev => ev,
                    recv(stop) -> _ => return,
                    default(due.saturating_duration_since(Instant::now())) => continue,
                },
                None => select! {
                    recv(rx) -> ev => ev,
                    recv(stop) -> _ => return,
                },
            };
            match ev {
                Ok(ev) => self.handle(ev),
                Err(_) => return,
            }
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
                self.log.warn(format_args!(
                    "{}: no OI within {:?}; closing the connection",
                    cl.conn.peer(),
                    self.hello_timeout
                ));
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
            self.log.warn(format_args!(
                "display {} does not acknowledge (no OK within {:?}); sending to it without \
                 waiting from now on",
                cl.id, self.ack_timeout
            ));
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

    fn handle(&mut self, ev: Ev) {
        match ev {
            Event::Opened(c, conn) => {
                self.log.debug(format_args!("{}: connected", conn.peer()));
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
        let who = self.who(cl);
        match why {
            WireError::Eof if cl.id == 0 => self.log.debug(format_args!("{who}: closed")),
            WireError::Eof => self
                .log
                .info(format_args!("{who} closed the connection without FLW")),
            WireError::UnknownType(t) => self.log.warn(format_args!(
                "{who} sent unknown message type {t}: framing is lost, closing that connection"
            )),
            WireError::Truncated { got } => self.log.warn(format_args!(
                "{who} closed the connection in the middle of a frame ({got} bytes)"
            )),
            WireError::Io(e) => self.log.warn(format_args!("{who}: connection failed: {e}")),
        }
        self.cut(c);
    }

    /// `display 1001 (127.0.0.1:4242)`, or just the address before registration.
    fn who(&self, cl: &Client) -> String {
        match cl.id {
            0 => cl.conn.peer().to_string(),
            id if DISPLAYS.contains(&id) => format!("display {id} ({})", cl.conn.peer()),
            id => format!("emitter {id} ({})", cl.conn.peer()),
        }
    }

    fn on_frame(&mut self, c: ConnId, m: Msg) {
        let Some(cl) = self.clients.get(&c) else {
            return; // forgotten after FLW or dropped: nothing more is sent to it
        };
        self.log.trace(Dir::In, cl.conn.peer(), &m);
        let id = cl.id;
        let h = *m.head();
        if id == 0 {
            match m {
                Msg::Oi(h) => self.hello_oi(c, h),
                m => self.refuse(c, &m, "before a successful OI"),
            }
            return;
        }
        if h.orig != id {
            let why = format!("with orig {} on the connection of {}", h.orig, id);
            self.refuse(c, &m, &why);
            return;
        }
        let emitter = EMITTERS.contains(&id);
        match m {
            Msg::Oi(_) => self.refuse(c, &m, "again (already registered)"),
            Msg::Flw(h) if h.dest == SERVER => {
                self.answer(c, Msg::Ok(h.answer(SERVER, id)));
                let who = self.who(&self.clients[&c]);
                self.log.debug(format_args!("{who} left (FLW)"));
                // Forgotten: dropping the connection writes the OK, then FIN.
                self.forget(c);
            }
            Msg::Flw(h) if emitter => self.stop_display(c, h),
            Msg::Msg(h, text) if emitter => self.relay(c, h, &text),
            Msg::Qem(h) if emitter => self.qem(c, h),
            Msg::Flw(_) | Msg::Msg(..) | Msg::Qem(_) => self.refuse(c, &m, "from a display"),
            Msg::Ok(h) if !emitter => self.acked(c, h.seq, true),
            Msg::Erro(h) if !emitter => self.acked(c, h.seq, false),
            m => self.log.debug(format_args!(
                "{}: ignoring a stray {}",
                self.who(&self.clients[&c]),
                m.name()
            )),
        }
    }

    /// Answer ERRO (never to a response: answering one could loop between two programs
    /// forever) and log why.
    fn refuse(&mut self, c: ConnId, m: &Msg, why: &str) {
        let who = self.who(&self.clients[&c]);
        let h = m.head();
        if m.is_response() {
            self.log
                .warn(format_args!("{who}: ignoring {} {why}", m.name()));
            return;
        }
        self.log
            .warn(format_args!("{who}: refused {} {why}", m.name()));
        self.answer(c, Msg::Erro(h.answer(SERVER, h.orig)));
    }

    fn hello_oi(&mut self, c: ConnId, h: Head) {
        let id = h.orig;
        let refusal = if EMITTERS.contains(&id) {
            (self.emitters >= self.max_emitters).then_some("the server has its most emitters")
        } else if DISPLAYS.contains(&id) {
            (self.displays.len() >= self.max_displays).then_some("the server has its most displays")
        } else {
            Some("not an emitter (1..=999) or display (1000..=1999) id")
        };
        let refusal = refusal.or_else(|| {
            self.by_id[id as usize]
                .is_some()
                .then_some("that id is in use")
        });
        let peer = self.clients[&c].conn.peer();
        if let Some(why) = refusal {
            self.log
                .info(format_args!("{peer}: refused OI for id {id}: {why}"));
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
        self.log.debug(format_args!("{peer}: registered as {id}"));
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
            let why = format!("with {} bytes of text (1..=140 allowed)", text.len());
            self.refuse(c, &Msg::Msg(h, Vec::new()), &why);
            return;
        }
        // The relay's timestamp: when the server received it.
        let ts = unix_time_u32();
        if h.dest == 0 {
            let mut all = std::mem::take(&mut self.scratch);
            all.clear();
            all.extend(self.displays.iter().copied());
            for &d in &all {
                self.deliver_text(Head::new(from, d, h.seq, ts), text);
            }
            self.scratch = all;
        } else if self.display(h.dest).is_none() {
            let why = format!("for display {}, which is not connected", h.dest);
            self.refuse(c, &Msg::Msg(h, Vec::new()), &why);
            return;
        } else if !self.deliver_text(Head::new(from, h.dest, h.seq, ts), text) {
            // Not queued after all: the display was dropped (queue overflow, dead socket).
            let why = format!("for display {}, which was just dropped", h.dest);
            self.refuse(c, &Msg::Msg(h, Vec::new()), &why);
            return;
        }
        self.log.debug(format_args!(
            "MSG {} from {from} to {}",
            h.seq,
            if h.dest == 0 { "all" } else { "one" }
        ));
        self.answer(c, Msg::Ok(h.answer(SERVER, from)));
    }

    /// Relay a MSG to display `h.dest`; false if the display is gone (see [`Server::deliver`]).
    fn deliver_text(&mut self, h: Head, text: &[u8]) -> bool {
        if self.log.tracing()
            && let Some(c) = self.display(h.dest)
        {
            let peer = self.clients[&c].conn.peer();
            self.log.trace(Dir::Out, peer, Msg::Msg(h, text.to_vec()));
        }
        let mut frame = Vec::with_capacity(wire::HEADER + 2 + text.len());
        wire::encode_text(&h, text, &mut frame);
        self.deliver(h.dest, h.seq, frame, true)
    }

    /// Relay a frame that is not a MSG (FLW, OKQEM) through display `d`'s lane; false if
    /// the display is gone.
    fn deliver_msg(&mut self, d: u16, m: Msg, ack: bool) -> bool {
        if let Some(c) = self.display(d) {
            self.log.trace(Dir::Out, self.clients[&c].conn.peer(), &m);
        }
        self.deliver(d, m.head().seq, m.to_bytes(), ack)
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
            self.log.warn(format_args!(
                "display {d}: queue overflow ({} messages waiting); dropping it",
                cl.queue.len()
            ));
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
            self.log.debug(format_args!(
                "display {}: ignoring an {} that matches nothing (seq {seq})",
                cl.id,
                if ok { "OK" } else { "ERRO" }
            ));
            return;
        }
        match cl.outstanding {
            Some((_, _, true)) if ok => self
                .log
                .debug(format_args!("display {} agreed to stop", cl.id)),
            Some((_, _, true)) => self.log.info(format_args!(
                "display {} refused to stop (the request was not from its owner)",
                cl.id
            )),
            _ if !ok => self
                .log
                .warn(format_args!("display {} refused message {seq}", cl.id)),
            _ => {}
        }
        cl.outstanding = None;
        self.pump(c);
    }

    fn qem(&mut self, c: ConnId, h: Head) {
        if self.display(h.dest).is_none() {
            let why = format!("for display {}, which is not connected", h.dest);
            self.refuse(c, &Msg::Qem(h), &why);
            return;
        }
        let ids: Vec<u16> = (0..self.by_id.len() as u16)
            .filter(|&i| self.by_id[i as usize].is_some())
            .collect();
        if self.deliver_msg(h.dest, Msg::Okqem(h.answer(SERVER, h.dest), ids), false) {
            self.answer(c, Msg::Ok(h.answer(SERVER, h.orig)));
        } else {
            let why = format!("for display {}, which was just dropped", h.dest);
            self.refuse(c, &Msg::Qem(h), &why);
        }
    }

    /// FLW(dest=D) from an emitter: relayed to display D, which decides (owner rule).
    fn stop_display(&mut self, c: ConnId, h: Head) {
        if self.display(h.dest).is_none() {
            let why = format!("for display {}, which is not connected", h.dest);
            self.refuse(c, &Msg::Flw(h), &why);
            return;
        }
        self.log.debug(format_args!(
            "emitter {} asks display {} to stop",
            h.orig, h.dest
        ));
        let relayed = Msg::Flw(Head::new(h.orig, h.dest, h.seq, unix_time_u32()));
        // Through the lane: it must not overtake the messages already waiting for D, and
        // D answers it like a MSG.
        if self.deliver_msg(h.dest, relayed, true) {
            self.answer(c, Msg::Ok(h.answer(SERVER, h.orig)));
        } else {
            let why = format!("for display {}, which was just dropped", h.dest);
            self.refuse(c, &Msg::Flw(h), &why);
        }
    }

    /// Encode, trace and send one frame to connection `c`.
    fn answer(&mut self, c: ConnId, m: Msg) {
        if let Some(cl) = self.clients.get(&c) {
            self.log.trace(Dir::Out, cl.conn.peer(), &m);
            self.push(c, m.to_bytes());
        }
    }

    /// Send an encoded frame to `c`; a connection that cannot take it (its writer queue is
    /// full: the peer does not read) is dropped. Returns whether it is still there.
    fn push(&mut self, c: ConnId, frame: Vec<u8>) -> bool {
        let Some(cl) = self.clients.get(&c) else {
            return false;
        };
        match cl.conn.send_now(frame) {
            Ok(()) => true,
            Err(e) => {
                let who = self.who(cl);
                match e {
                    SendError::Full => self.log.warn(format_args!(
                        "{who} does not read what it is sent; dropping it"
                    )),
                    SendError::Closed => self
                        .log
                        .debug(format_args!("{who}: connection already failed")),
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

    /// Ctrl-C: FLW(orig=0, dest=D) to every display, up to 2 s for their OKs (or their
    /// closing), then close every connection.
    fn goodbye(&mut self, rx: &Receiver<Ev>) {
        self.log.info(&self.shutdown_text);
        let seq = self.seq;
        self.seq = self.seq.wrapping_add(1);
        let ts = unix_time_u32();
        let mut waiting = Vec::new();
        for d in self.displays.clone() {
            let Some(c) = self.display(d) else { continue };
            self.answer(c, Msg::Flw(Head::new(SERVER, d, seq, ts)));
            if self.clients.contains_key(&c) {
                waiting.push(c);
            }
        }
        let deadline = Instant::now() + GOODBYE;
        while !waiting.is_empty() {
            select! {
                recv(rx) -> ev => match ev {
                    Ok(Event::Frame(c, m)) => {
                        if let Some(cl) = self.clients.get(&c) {
                            self.log.trace(Dir::In, cl.conn.peer(), &m);
                        }
                        if matches!(m, Msg::Ok(h) if h.seq == seq) {
                            waiting.retain(|&w| w != c);
                        }
                    }
                    Ok(Event::Closed(c, _)) => waiting.retain(|&w| w != c),
                    Ok(Event::Opened(_, conn)) => conn.close_now(), // too late
                    Err(_) => break,
                },
                default(deadline.saturating_duration_since(Instant::now())) => {
                    self.log.warn(format_args!(
                        "{} display(s) did not answer FLW within {:?}",
                        waiting.len(),
                        GOODBYE
                    ));
                    break;
                }
            }
        }
        for (_, cl) in self.clients.drain() {
            // A writer still holding frames belongs to a peer that does not read: cut it.
            if cl.conn.unsent() > 0 {
                cl.conn.close_now();
            }
        }
    }
}
