//! `netlab chat peer NAME`: registers with the directory server, keeps the registration
//! alive, accepts conversations from other peers and opens its own; several conversations can
//! be open at once, the most recently opened or selected one being the active one.
//!
//! One owner thread holds all state and selects on: network events (the server connection
//! and every conversation share one channel), finished outgoing connection attempts, stdin
//! lines, the keepalive tick, the ADDR deadline and the stop signal.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::BufReader;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, after, never, select, tick, unbounded};

use super::wire::{
    self, LineReader, MAX_LINE, MAX_SERVER_LINE, PeerLine, Reply, Request, WireError, show_addr,
};
use crate::cli::ChatPeerArgs;
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, STACK};
use crate::net::log::Dir;
use crate::net::text::chat::Chat;
use crate::net::{Env, Error, Result, sock};

/// How long `/chat NAME` waits for the server's ADDR answer.
pub const ADDR_WAIT: Duration = Duration::from_secs(3);

/// How long the goodbye waits for partners to close after our DISC.
const GOODBYE_WAIT: Duration = Duration::from_secs(1);

/// Lines waiting per connection (a user types slowly; a full queue means a stuck partner).
const QUEUE: usize = 256;

/// What a connection's reader hands the owner.
#[derive(Debug)]
pub enum Incoming {
    Server(Reply),
    Peer(PeerLine),
    /// A partner sent a line over the limit.
    TooLong,
}

type Ev = Event<Incoming, WireError>;

fn peer_decoder() -> impl FnMut(&mut BufReader<TcpStream>) -> Result<Incoming, WireError> {
    let mut lines = LineReader::new(MAX_LINE);
    move |src| match lines.next_line(src) {
        Ok(line) => Ok(Incoming::Peer(PeerLine::parse(&line))),
        Err(WireError::TooLong) => Ok(Incoming::TooLong),
        Err(e) => Err(e),
    }
}

fn server_decoder() -> impl FnMut(&mut BufReader<TcpStream>) -> Result<Incoming, WireError> {
    let mut lines = LineReader::new(MAX_SERVER_LINE);
    move |src| {
        lines
            .next_line(src)
            .map(|l| Incoming::Server(Reply::parse(&l)))
    }
}

/// How a run ends.
enum End {
    /// `/exit`, end of input, Ctrl-C.
    Quit,
    /// The server went away or refused us: the message for `netlab: error: …`.
    Fail(String),
}

/// Run a peer until `/exit`, end of input or Ctrl-C (exit 0), or until the server goes away
/// or refuses the registration (exit 1).
pub fn run(args: ChatPeerArgs, env: Env) -> Result<()> {
    if args.keepalive.is_zero() {
        return Err(Error::new("--keepalive must be more than 0"));
    }
    if let Err(why) = wire::check_name(&args.name) {
        return Err(Error::new(env.tr(Chat::BadName {
            name: &args.name,
            why: &why.to_string(),
        })));
    }
    let server_addr = sock::resolve(&args.server, "server")?;
    let bind = args.bind.unwrap_or(match server_addr {
        SocketAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        SocketAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    });
    let ids = Ids::default();
    let (tx, events) = unbounded::<Ev>();
    let stream = sock::connect(server_addr, None, Duration::from_secs(5)).map_err(|e| {
        Error::new(env.tr(Chat::CannotReachServer {
            addr: &server_addr.to_string(),
            why: &e.to_string(),
        }))
    })?;
    let listener = sock::listen(bind, args.listen, &env.log)?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::new(format!("cannot read the listening address: {e}")))?
        .port();
    let server_id = ids.next();
    let server = Conn::start(
        "chat",
        server_id,
        stream,
        QUEUE,
        server_decoder(),
        tx.clone(),
    )
    .map_err(|e| Error::new(format!("cannot start the server connection: {e}")))?;
    let _acceptor = Acceptor::start(
        "chat",
        listener,
        ids.clone(),
        QUEUE,
        peer_decoder,
        tx.clone(),
        env.log.clone(),
    )
    .map_err(|e| Error::new(format!("cannot start the accept thread: {e}")))?;

    let (dial_tx, dials) = unbounded();
    let mut peer = Peer {
        env: env.clone(),
        me: args.name.clone(),
        port,
        server,
        server_id,
        registered: false,
        lists: VecDeque::new(),
        addr_queue: VecDeque::new(),
        addr_pending: None,
        convos: HashMap::new(),
        recency: Vec::new(),
        ids,
        events_tx: tx,
        dial_tx,
        dialing: 0,
    };
    peer.to_server(Request::User {
        name: args.name.clone(),
        port,
    });
    // The answer to a first LIST confirms the registration (the protocol has no ack).
    peer.to_server(Request::List);
    peer.lists.push_back(false);

    let end = peer.serve(&events, &dials, args.keepalive);
    peer.goodbye(&events);
    match end {
        End::Quit => Ok(()),
        End::Fail(msg) => Err(Error::new(msg)),
    }
}

/// One conversation with another peer.
#[derive(Debug)]
struct Convo {
    /// Known once the caller's `USER name` arrived (at once for conversations we opened).
    name: Option<String>,
    conn: Conn,
}

/// A finished outgoing connection attempt.
struct Dialed {
    name: String,
    addr: SocketAddr,
    result: std::io::Result<TcpStream>,
}

struct Peer {
    env: Env,
    me: String,
    port: u16,
    server: Conn,
    server_id: ConnId,
    registered: bool,
    /// Outstanding LIST requests, oldest first: `true` when the user asked.
    lists: VecDeque<bool>,
    /// `/chat` names waiting for their turn: the plain `ADDR ip:port` answer does not say
    /// whom it is about, so one ADDR is outstanding at a time.
    addr_queue: VecDeque<String>,
    addr_pending: Option<(String, Instant)>,
    convos: HashMap<ConnId, Convo>,
    /// Identified conversations, least recently opened or selected first; the last is active.
    recency: Vec<ConnId>,
    ids: Ids,
    events_tx: Sender<Ev>,
    dial_tx: Sender<Dialed>,
    /// Connection attempts under way.
    dialing: usize,
}

impl Peer {
    fn serve(&mut self, events: &Receiver<Ev>, dials: &Receiver<Dialed>, keep: Duration) -> End {
        let mut input = self.env.lines();
        let keepalive = tick(keep);
        let stop = self.env.stop.clone();
        // End of input: answers still due (LIST, ADDR, a connection under way) are awaited,
        // within a bound, so `printf '/list\n' | netlab chat peer Ana` prints its answer.
        let mut draining: Option<Receiver<Instant>> = None;
        loop {
            if draining.is_some() && self.settled() {
                return End::Quit;
            }
            let deadline = match &self.addr_pending {
                Some((_, at)) => after(at.saturating_duration_since(Instant::now())),
                None => never(),
            };
            let drained = draining.clone().unwrap_or_else(never);
            select! {
                recv(events) -> ev => {
                    let Ok(ev) = ev else { return End::Quit };
                    if let Some(end) = self.on_event(ev) {
                        return end;
                    }
                }
                recv(dials) -> d => if let Ok(d) = d { self.on_dialed(d) },
                recv(input) -> line => match line {
                    Ok(line) => if self.on_input(&line) { return End::Quit },
                    Err(_) => {
                        input = never();
                        draining = Some(after(ADDR_WAIT + GOODBYE_WAIT));
                    }
                },
                recv(keepalive) -> _ => self.to_server(Request::Keep),
                recv(deadline) -> _ => self.addr_timeout(),
                recv(drained) -> _ => return End::Quit,
                recv(stop.rx()) -> _ => return End::Quit,
            }
        }
    }

    /// Nothing is due from the server or from a connection attempt.
    fn settled(&self) -> bool {
        self.lists.is_empty()
            && self.addr_pending.is_none()
            && self.addr_queue.is_empty()
            && self.dialing == 0
    }

    fn to_server(&self, req: Request) {
        let line = req.line();
        self.env.log.trace(Dir::Out, self.server.peer(), &line);
        let _ = self.server.send(wire::frame(&line));
    }

    fn send_to(&self, id: ConnId, line: &PeerLine) -> bool {
        let Some(convo) = self.convos.get(&id) else {
            return false;
        };
        let text = line.line();
        self.env.log.trace(Dir::Out, convo.conn.peer(), &text);
        convo.conn.send(wire::frame(&text)).is_ok()
    }

    fn active(&self) -> Option<ConnId> {
        self.recency.last().copied()
    }

    fn name_of(&self, id: ConnId) -> String {
        match self.convos.get(&id) {
            Some(Convo {
                name: Some(name), ..
            }) => name.clone(),
            Some(c) => c.conn.peer().to_string(),
            None => String::new(),
        }
    }

    /// The most recent conversation with `name`.
    fn find(&self, name: &str) -> Option<ConnId> {
        self.recency
            .iter()
            .rev()
            .copied()
            .find(|id| self.convos.get(id).and_then(|c| c.name.as_deref()) == Some(name))
    }

    fn activate(&mut self, id: ConnId) {
        self.recency.retain(|&x| x != id);
        self.recency.push(id);
    }

    // ----- network

    fn on_event(&mut self, ev: Ev) -> Option<End> {
        match ev {
            Event::Opened(id, conn) => {
                self.env
                    .log
                    .debug(format_args!("conversation request from {}", conn.peer()));
                self.convos.insert(id, Convo { name: None, conn });
                None
            }
            Event::Frame(id, Incoming::Server(reply)) if id == self.server_id => {
                self.env.log.trace(Dir::In, self.server.peer(), &reply);
                self.on_reply(reply)
            }
            Event::Closed(id, why) if id == self.server_id => {
                self.env.log.debug(format_args!("server connection: {why}"));
                Some(End::Fail(self.env.tr(Chat::ServerGone)))
            }
            Event::Frame(id, Incoming::Peer(line)) => {
                self.on_peer_line(id, line);
                None
            }
            Event::Frame(id, Incoming::TooLong) => {
                if self.convos.contains_key(&id) {
                    let name = self.name_of(id);
                    self.env.log.warn(self.env.tr(Chat::PartnerTooLong(&name)));
                    self.convos[&id].conn.close_now();
                }
                self.partner_left(id);
                None
            }
            Event::Frame(_, Incoming::Server(_)) => None,
            Event::Closed(id, why) => {
                self.env
                    .log
                    .debug(format_args!("conversation {id} closed: {why}"));
                // A partner closing without DISC has left, quietly.
                self.partner_left(id);
                None
            }
        }
    }

    fn on_reply(&mut self, reply: Reply) -> Option<End> {
        match reply {
            Reply::List(mut names) => {
                names.retain(|n| *n != self.me);
                let asked = self.list_answered();
                if !self.registered {
                    self.registered = true;
                    self.env.note(Chat::Registered {
                        name: &self.me,
                        port: self.port,
                    });
                }
                if asked {
                    self.env.say(Chat::Online(&names));
                }
            }
            Reply::Addr { name, addr } => {
                let Some((pending, _)) = self.addr_pending.take() else {
                    return None; // late answer after the deadline
                };
                if name.as_ref().is_some_and(|n| *n != pending) {
                    self.addr_pending = Some((pending, Instant::now() + ADDR_WAIT));
                    return None;
                }
                match self.find(&pending) {
                    // They called us meanwhile: no second conversation.
                    Some(id) => {
                        self.activate(id);
                        self.env.say(Chat::NowTalking(&pending));
                    }
                    None => self.dial(pending, addr),
                }
                self.next_addr();
            }
            Reply::Err(reason) => {
                let msg = if self.registered {
                    Chat::ServerError(&reason)
                } else {
                    Chat::RegistrationRefused(&reason)
                };
                return Some(End::Fail(self.env.tr(msg)));
            }
            Reply::Other(line) => {
                self.env
                    .log
                    .debug(format_args!("ignored from the server: {line:?}"));
            }
        }
        None
    }

    /// A LIST answer arrived: whether to show it. Answers come in request order, but some
    /// servers say nothing to a LIST when nobody else is online, so the confirmation asked
    /// after USER may never be answered; an answer is therefore shown whenever the user is
    /// waiting for one, and the user's oldest request then takes the silent place.
    fn list_answered(&mut self) -> bool {
        match self.lists.pop_front() {
            Some(true) | None => true,
            Some(false) => match self.lists.iter_mut().find(|asked| **asked) {
                Some(waiting) => {
                    *waiting = false;
                    true
                }
                None => false,
            },
        }
    }

    fn on_peer_line(&mut self, id: ConnId, line: PeerLine) {
        let Some(convo) = self.convos.get_mut(&id) else {
            return; // already closed on our side
        };
        self.env.log.trace(Dir::In, convo.conn.peer(), &line);
        match (line, convo.name.is_some()) {
            (PeerLine::User(name), false) => {
                let name = if name.is_empty() {
                    convo.conn.peer().to_string()
                } else {
                    name
                };
                convo.name = Some(name.clone());
                self.activate(id);
                self.env.say(Chat::Connected(&name));
            }
            (PeerLine::User(_), true) => {} // already introduced
            (PeerLine::Disc, _) => {
                self.partner_left(id);
            }
            (PeerLine::Text(text), known) => {
                if !known {
                    // A sloppy caller that never introduced itself: name it by address.
                    let name = convo.conn.peer().to_string();
                    convo.name = Some(name.clone());
                    self.activate(id);
                    self.env.say(Chat::Connected(&name));
                }
                let name = self.name_of(id);
                self.env.say(Chat::Received {
                    name: &name,
                    text: &text,
                });
            }
        }
    }

    /// The partner sent DISC or closed: forget the conversation (dropping the handle closes
    /// our side), fall back to the most recent remaining one.
    fn partner_left(&mut self, id: ConnId) {
        let Some(convo) = self.convos.remove(&id) else {
            return;
        };
        self.recency.retain(|&x| x != id);
        if let Some(name) = &convo.name {
            self.env.say(Chat::Left(name));
        }
    }

    // ----- opening conversations

    fn request_addr(&mut self, name: String) {
        if self.addr_pending.as_ref().is_some_and(|(p, _)| *p == name) {
            return; // already asked
        }
        if self.addr_pending.is_none() {
            self.to_server(Request::Addr(name.clone()));
            self.addr_pending = Some((name, Instant::now() + ADDR_WAIT));
        } else if !self.addr_queue.contains(&name) {
            self.addr_queue.push_back(name);
        }
    }

    fn next_addr(&mut self) {
        if let Some(name) = self.addr_queue.pop_front() {
            self.request_addr(name);
        }
    }

    fn addr_timeout(&mut self) {
        if let Some((name, at)) = self.addr_pending.take() {
            if at > Instant::now() {
                self.addr_pending = Some((name, at));
                return;
            }
            self.env.say(Chat::NotOnline(&name));
            self.next_addr();
        }
    }

    /// Connect on a thread of its own (an unreachable address must not stall the owner).
    fn dial(&mut self, name: String, addr: SocketAddr) {
        let tx = self.dial_tx.clone();
        let who = name.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("chat-dial-{name}"))
            .stack_size(STACK)
            .spawn(move || {
                let result = sock::connect(addr, None, Duration::from_secs(5));
                let _ = tx.send(Dialed { name, addr, result });
            });
        match spawned {
            Ok(_) => self.dialing += 1,
            Err(e) => self.env.say(Chat::Unreachable {
                name: &who,
                addr: &show_addr(addr),
                why: &e.to_string(),
            }),
        }
    }

    fn on_dialed(&mut self, d: Dialed) {
        self.dialing -= 1;
        let addr = show_addr(d.addr);
        let stream = match d.result {
            Ok(s) => s,
            Err(e) => {
                return self.env.say(Chat::Unreachable {
                    name: &d.name,
                    addr: &addr,
                    why: &e.to_string(),
                });
            }
        };
        let id = self.ids.next();
        let conn = match Conn::start(
            "chat",
            id,
            stream,
            QUEUE,
            peer_decoder(),
            self.events_tx.clone(),
        ) {
            Ok(c) => c,
            Err(e) => {
                return self.env.say(Chat::Unreachable {
                    name: &d.name,
                    addr: &addr,
                    why: &e.to_string(),
                });
            }
        };
        self.convos.insert(
            id,
            Convo {
                name: Some(d.name.clone()),
                conn,
            },
        );
        self.send_to(id, &PeerLine::User(self.me.clone()));
        self.activate(id);
        self.env.say(Chat::Connected(&d.name));
    }

    // ----- the user

    /// Handle one input line; true when the user leaves.
    fn on_input(&mut self, line: &str) -> bool {
        let Some(command) = line.strip_prefix('/') else {
            self.say_text(line);
            return false;
        };
        let mut words = command.split_whitespace();
        let verb = words.next().unwrap_or_default();
        let arg = words.next();
        match (verb, arg) {
            ("list", _) => {
                self.to_server(Request::List);
                self.lists.push_back(true);
            }
            ("chat", Some(name)) => self.chat(name),
            ("chat", None) => self.env.say(Chat::Usage("/chat")),
            ("to", Some(name)) => match self.find(name) {
                Some(id) => {
                    self.activate(id);
                    self.env.say(Chat::NowTalking(name));
                }
                None => self.env.say(Chat::NoConversation(name)),
            },
            ("to", None) => self.env.say(Chat::Usage("/to")),
            ("bye", name) => self.bye(name),
            ("exit" | "quit", _) => return true,
            ("help", _) => {
                for l in self.env.tr(Chat::Help).lines() {
                    self.env.log.out(l);
                }
            }
            _ => self.env.say(Chat::UnknownCommand(line.trim())),
        }
        false
    }

    fn chat(&mut self, name: &str) {
        if name == self.me {
            return self.env.say(Chat::SelfChat);
        }
        if let Some(id) = self.find(name) {
            self.activate(id);
            return self.env.say(Chat::NowTalking(name));
        }
        self.request_addr(name.to_string());
    }

    fn bye(&mut self, name: Option<&str>) {
        let id = match name {
            Some(name) => self.find(name),
            None => self.active(),
        };
        let Some(id) = id else {
            return match name {
                Some(name) => self.env.say(Chat::NoConversation(name)),
                None => self.env.say(Chat::NoActive),
            };
        };
        self.send_to(id, &PeerLine::Disc);
        let name = self.name_of(id);
        self.convos.remove(&id); // our FIN follows the DISC
        self.recency.retain(|&x| x != id);
        self.env.say(Chat::Closed(&name));
    }

    fn say_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let Some(id) = self.active() else {
            return self.env.say(Chat::NoActive);
        };
        if PeerLine::is_protocol(text) {
            return self.env.say(Chat::NotSent);
        }
        if self.send_to(id, &PeerLine::Text(text.to_string())) {
            let name = self.name_of(id);
            self.env.say(Chat::Sent { to: &name, text });
        } else {
            let name = self.name_of(id);
            self.env.say(Chat::PartnerStuck(&name));
        }
    }

    /// DISC to every partner, close them and the server connection, then wait (bounded) for
    /// the partners to close their side, which proves our DISC was delivered.
    fn goodbye(&mut self, events: &Receiver<Ev>) {
        let ids: Vec<ConnId> = self.convos.keys().copied().collect();
        let mut waiting = HashSet::new();
        for id in ids {
            if self.send_to(id, &PeerLine::Disc) {
                waiting.insert(id);
            }
        }
        self.convos.clear();
        self.recency.clear();
        self.server.close_now();
        let deadline = Instant::now() + GOODBYE_WAIT;
        while !waiting.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            match events.recv_timeout(left) {
                Ok(Event::Closed(id, _)) => {
                    waiting.remove(&id);
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
}
