//! `netlab chat peer NAME`: registers with the directory server, keeps the registration
//! alive, accepts conversations from other peers and opens its own; several conversations can
//! be open at once, the most recently opened or selected one being the active one.
//!
//! One owner thread holds all state and reads and writes every connection itself (the
//! server's, the accepted and the dialled conversations: `net::poller`), between stdin lines,
//! failed connection attempts, the keepalive tick, the ADDR deadline and the stop signal.
//! Dialling happens on a short-lived thread (an unreachable address must not stall the owner),
//! which hands the connected socket to the poller.
//!
//! Limits: a partner flooding lines faster than the terminal takes them is read no faster
//! than the owner prints, so TCP slows the partner. Per conversation: one line of at most
//! 4096 bytes being read, and at most 256 lines queued to send; from the server, one line of
//! at most 4 MiB (a long `LIST`).

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;

use super::codec::{FromAny, FromPartner, PeerFrames, Replies, Talk, ToAny};
use super::config::PeerConfig;
use super::text::Chat;
use super::wire::{self, PeerLine, Reply, Request, WireError, show_addr};
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, OnFull, Opts, STACK};
use crate::net::owner::{self, Flow, Owner};
use crate::net::poller::{Handoff, Outlet};
use crate::net::{Env, Error, Result, sock};
use crate::term::text;
use crate::term::text::os_error;

/// How long `/chat NAME` waits for the server's ADDR answer.
pub const ADDR_WAIT: Duration = Duration::from_secs(3);

/// How long a connection to a partner may take (and input waits for it, after ADDR).
const DIAL_WAIT: Duration = Duration::from_secs(5);

/// How long the goodbye waits for partners to close after our DISC.
const GOODBYE_WAIT: Duration = Duration::from_secs(1);

/// Lines waiting per connection (a user types slowly; a full queue means a stuck partner).
const OPTS: Opts = Opts {
    name: "chat",
    outbox: 256,
    on_full: OnFull::Report,
};

/// Failed connection attempts waiting for the owner (every frame comes from its poller).
const EVENTS: usize = 64;

/// What the owner hears: its connections, and a connection attempt that failed.
enum Ev {
    Net(Event<PeerFrames>),
    Failed(Dialed),
}

impl From<Event<PeerFrames>> for Ev {
    fn from(ev: Event<PeerFrames>) -> Ev {
        Ev::Net(ev)
    }
}

/// Run a peer until `/exit`, end of input or Ctrl-C (exit 0), or until the server goes away
/// or refuses the registration (exit 1).
pub fn run(config: PeerConfig, env: Env) -> Result<()> {
    if config.keepalive.is_zero() {
        return Err(Error::new(env.tr(Chat::NoKeepalive)));
    }
    if let Err(why) = wire::check_name(&config.name) {
        return Err(Error::new(env.tr(Chat::BadName {
            name: &config.name,
            why: &env.tr(why),
        })));
    }
    let server_addr = sock::lookup(&config.server, super::config::PORT, env.lang())?;
    let bind = config.bind.unwrap_or(match server_addr {
        SocketAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        SocketAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    });
    let ids = Ids::default();
    let (tx, events) = bounded::<Ev>(EVENTS);
    let unreachable = |e: std::io::Error| {
        Error::new(env.tr(Chat::CannotReachServer {
            addr: &server_addr.to_string(),
            why: &os_error(&e, env.lang()),
        }))
    };
    let stream = sock::connect(server_addr, None, Duration::from_secs(5)).map_err(unreachable)?;
    env.log.mark(crate::term::log::Mark::Peer {
        addr: server_addr,
        name: crate::term::text::Text::render(
            &crate::diagram::text::DiagramText::Server(Some(server_addr)),
            env.lang(),
        ),
    });
    let (listener, local) = sock::listen_at(bind, config.listen, &env.log)?;
    let port = local.port();
    let talk = || PeerFrames::Talk(Talk::new());
    let (_acceptor, mut poller) = Acceptor::owned(OPTS, listener, ids.clone(), talk, &env.log)
        .map_err(|e| {
            let why = crate::term::text::os_error(&e, env.lang());
            Error::new(env.tr(Chat::CannotListen(&why)))
        })?;
    let server_id = ids.next();
    let server = poller
        .dial(
            OPTS,
            server_id,
            stream,
            PeerFrames::Server(Replies::new()),
            &env.log,
        )
        .map_err(unreachable)?;

    let mut peer = Peer::new(
        env.clone(),
        config.name.clone(),
        port,
        (server, server_id),
        ids,
        (Outlet::new(tx, poller.bell()), poller.handoff()),
        config.keepalive,
    );
    peer.to_server(Request::User {
        name: config.name.clone(),
        port,
    });
    // The answer to a first LIST confirms the registration (the protocol has no ack).
    peer.to_server(Request::List);
    peer.lists.push_back(false);

    // On a terminal, the user's lines are edited and incoming lines print above the prompt.
    owner::run_polled(
        &mut peer,
        &events,
        &mut poller,
        Some(env.edited_lines()),
        &env.stop,
    );
    crate::term::editor::finish();
    let failure = peer.failure.take();
    // What is queued (a last DISC) is written, then each connection gets its FIN.
    drop(peer);
    poller.finish(Instant::now() + GOODBYE_WAIT);
    match failure {
        None => Ok(()),
        Some(msg) => Err(Error::new(msg)),
    }
}

/// One conversation with another peer.
#[derive(Debug)]
struct Convo {
    /// Known once the caller's `USER name` arrived (at once for conversations we opened).
    name: Option<String>,
    conn: Conn<PeerFrames>,
}

/// An outgoing connection attempt that failed.
struct Dialed {
    id: ConnId,
    name: String,
    addr: SocketAddr,
    why: std::io::Error,
}

struct Peer {
    env: Env,
    me: String,
    port: u16,
    server: Conn<PeerFrames>,
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
    /// Where a failed connection attempt is told.
    events_tx: Outlet<Ev>,
    /// Hands the poller the connections dialled on other threads.
    handoff: Handoff<PeerFrames>,
    /// Connection attempts under way: whom each connection number calls.
    calling: HashMap<ConnId, String>,
    keepalive: Duration,
    next_keepalive: Instant,
    /// After the end of input: answers still due (LIST, ADDR, a connection under way) are
    /// awaited until then, so `printf '/list\n' | netlab chat peer Ana` prints its answer.
    draining: Option<Instant>,
    /// Why the run ends with an error (the server went away or refused us).
    failure: Option<String>,
    /// Input waits until then for the answer to the last command (`/chat`, `/list`).
    hold: Option<Instant>,
    /// During the goodbye: the partners whose closing proves our DISC was delivered.
    farewells: Option<HashSet<ConnId>>,
}

impl Owner for Peer {
    type Event = Ev;

    fn handle(&mut self, ev: Ev) -> Flow {
        if let Some(waiting) = &mut self.farewells {
            if let Ev::Net(Event::Closed(id, _)) = ev {
                waiting.remove(&id);
            }
            return if waiting.is_empty() {
                Flow::Exit
            } else {
                Flow::Continue
            };
        }
        let flow = match ev {
            Ev::Net(Event::Frame(_, FromAny::Reply(reply))) => self.on_reply(reply),
            Ev::Net(Event::Closed(id, why)) if id == self.server_id => self.on_server_closed(why),
            Ev::Net(Event::Opened(id, conn)) => {
                match self.calling.remove(&id) {
                    Some(name) => self.on_dialed(id, name, *conn),
                    None => self.on_called(id, *conn),
                }
                Flow::Continue
            }
            Ev::Net(Event::Frame(id, FromAny::Partner(line))) => {
                self.on_partner(id, line);
                Flow::Continue
            }
            Ev::Net(Event::Closed(id, why)) => {
                self.on_talk_closed(id, why);
                Flow::Continue
            }
            Ev::Failed(d) => {
                self.on_dial_failed(d);
                Flow::Continue
            }
        };
        self.drained(flow)
    }

    fn line(&mut self, line: Option<String>) -> Flow {
        let flow = match line {
            Some(line) if self.on_input(&line) => Flow::Leave,
            Some(_) => {
                // A command that asked for something: the next line waits for its answer
                // (bounded), so `printf '/chat Ana\nOi Ana!\n'` sends the text to Ana.
                if !self.answered() {
                    self.hold = Some(Instant::now() + ADDR_WAIT + DIAL_WAIT);
                }
                Flow::Continue
            }
            None => {
                self.draining = Some(Instant::now() + ADDR_WAIT + GOODBYE_WAIT);
                Flow::Continue
            }
        };
        self.drained(flow)
    }

    /// Input waits while what the last command asked for is on its way (see `line`).
    fn wants_input(&self) -> bool {
        match self.hold {
            Some(until) => self.answered() || Instant::now() >= until,
            None => true,
        }
    }

    fn deadline(&self) -> Option<Instant> {
        [
            Some(self.next_keepalive),
            self.addr_pending.as_ref().map(|p| p.1),
            self.draining,
            self.hold.filter(|_| !self.answered()),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn tick(&mut self, now: Instant) -> Flow {
        if self.next_keepalive <= now {
            self.to_server(Request::Keep);
            self.next_keepalive = now + self.keepalive;
        }
        if self.addr_pending.as_ref().is_some_and(|p| p.1 <= now) {
            self.addr_timeout();
        }
        if self.draining.is_some_and(|at| at <= now) {
            return Flow::Leave;
        }
        if self.hold.is_some_and(|until| until <= now) {
            self.hold = None;
        }
        self.drained(Flow::Continue)
    }

    /// DISC to every partner, close them and the server connection, then wait (bounded) for
    /// the partners to close their side, which proves our DISC was delivered.
    fn goodbye(&mut self) -> Option<Instant> {
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
        let wait = !waiting.is_empty();
        self.farewells = Some(waiting);
        wait.then(|| Instant::now() + GOODBYE_WAIT)
    }
}

impl Peer {
    /// A peer named `me`, registered (or registering) on `server`, whose conversations listen
    /// on `port`; `edges` are where failed connection attempts go (ringing the poller's bell)
    /// and what hands dialled connections to the poller.
    fn new(
        env: Env,
        me: String,
        port: u16,
        (server, server_id): (Conn<PeerFrames>, ConnId),
        ids: Ids,
        (events_tx, handoff): (Outlet<Ev>, Handoff<PeerFrames>),
        keepalive: Duration,
    ) -> Peer {
        Peer {
            env,
            me,
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
            events_tx,
            handoff,
            calling: HashMap::new(),
            keepalive,
            next_keepalive: Instant::now() + keepalive,
            draining: None,
            failure: None,
            hold: None,
            farewells: None,
        }
    }

    /// After the end of input, once nothing more is due, the peer leaves.
    fn drained(&self, flow: Flow) -> Flow {
        if flow == Flow::Continue && self.draining.is_some() && self.settled() {
            Flow::Leave
        } else {
            flow
        }
    }

    /// Nothing the user asked for is still due: no `/list` answer, no ADDR, no connection
    /// attempt (the confirmation LIST sent after USER does not count).
    fn answered(&self) -> bool {
        !self.lists.iter().any(|&asked| asked)
            && self.addr_pending.is_none()
            && self.addr_queue.is_empty()
            && self.calling.is_empty()
    }

    /// Nothing is due from the server or from a connection attempt.
    fn settled(&self) -> bool {
        self.lists.is_empty()
            && self.addr_pending.is_none()
            && self.addr_queue.is_empty()
            && self.calling.is_empty()
    }

    fn to_server(&self, req: Request) {
        let _ = self.server.send(&ToAny::Request(req));
    }

    fn send_to(&self, id: ConnId, line: &PeerLine) -> bool {
        let Some(convo) = self.convos.get(&id) else {
            return false;
        };
        convo.conn.send(&ToAny::Line(line.clone())).is_ok()
    }

    /// A caller introduced itself: its conversation becomes the active one, and when another
    /// was active, the screen says so (the user's next line goes to the caller).
    fn caller_becomes_active(&mut self, id: ConnId, name: &str) {
        let back = self.active().filter(|&a| a != id).map(|a| self.name_of(a));
        self.activate(id);
        self.env.say(Chat::Connected(name));
        if let Some(back) = back {
            self.env.say(Chat::Switched {
                now: name,
                back: &back,
            });
        }
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

    /// The server's connection ended, which ends the run.
    fn on_server_closed(&mut self, why: WireError) -> Flow {
        // Over the limit, the reader stopped and the connection is ours to cut: the server
        // did not close it (and the error says what the limit is).
        let what = match why {
            WireError::TooLong => Chat::ServerLineTooLong,
            _ => {
                self.env.log.debug(Chat::ServerLinkClosed(&why));
                Chat::ServerGone
            }
        };
        self.failure = Some(self.env.tr(what));
        Flow::Leave
    }

    /// A caller connected; it says who it is with its first line.
    fn on_called(&mut self, id: ConnId, conn: Conn<PeerFrames>) {
        self.env.log.debug(Chat::ConversationRequest(conn.peer()));
        self.convos.insert(id, Convo { name: None, conn });
    }

    fn on_partner(&mut self, id: ConnId, line: FromPartner) {
        match line {
            FromPartner::Line(line) => self.on_peer_line(id, line),
            FromPartner::TooLong => {
                if self.convos.contains_key(&id) {
                    let name = self.name_of(id);
                    self.env.log.warn(Chat::PartnerTooLong(&name));
                    self.convos[&id].conn.close_now();
                }
                self.partner_left(id);
            }
        }
    }

    fn on_talk_closed(&mut self, id: ConnId, why: WireError) {
        self.env
            .log
            .debug(Chat::ConversationClosed { id, why: &why });
        // A partner closing without DISC has left, quietly.
        self.partner_left(id);
    }

    fn on_reply(&mut self, reply: Reply) -> Flow {
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
                    return Flow::Continue; // late answer after the deadline
                };
                if name.as_ref().is_some_and(|n| *n != pending) {
                    self.addr_pending = Some((pending, Instant::now() + ADDR_WAIT));
                    return Flow::Continue;
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
                // The reason is the server's text, and `main` prints the failure outside the
                // log's sink: make it terminal-safe here.
                self.failure = Some(text::safe(&self.env.tr(msg)).into_owned());
                return Flow::Leave;
            }
            Reply::Other(line) => self.env.log.debug(Chat::IgnoredFromServer(&line)),
        }
        Flow::Continue
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
        match (line, convo.name.is_some()) {
            (PeerLine::User(name), false) => {
                let name = if name.is_empty() {
                    convo.conn.peer().to_string()
                } else {
                    name
                };
                convo.name = Some(name.clone());
                self.caller_becomes_active(id, &name);
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
                    self.caller_becomes_active(id, &name);
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

    /// Connect on a thread of its own (an unreachable address must not stall the owner),
    /// which hands the connection to the poller (the owner hears `Opened`) or says it failed.
    fn dial(&mut self, name: String, addr: SocketAddr) {
        let id = self.ids.next();
        let tx = self.events_tx.clone();
        let handoff = self.handoff.clone();
        let log = self.env.log.clone();
        let who = name.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("chat-dial-{name}"))
            .stack_size(STACK)
            .spawn(move || {
                let handed = sock::connect(addr, None, DIAL_WAIT).and_then(|stream| {
                    handoff.add(OPTS, id, stream, PeerFrames::Talk(Talk::new()), &log)
                });
                if let Err(why) = handed {
                    let _ = tx.send(Ev::Failed(Dialed {
                        id,
                        name,
                        addr,
                        why,
                    }));
                }
            });
        match spawned {
            Ok(_) => {
                self.calling.insert(id, who);
            }
            Err(e) => self.env.say(Chat::Unreachable {
                name: &who,
                addr: &show_addr(addr),
                why: &os_error(&e, self.env.lang()),
            }),
        }
    }

    fn on_dial_failed(&mut self, d: Dialed) {
        self.calling.remove(&d.id);
        self.env.say(Chat::Unreachable {
            name: &d.name,
            addr: &show_addr(d.addr),
            why: &os_error(&d.why, self.env.lang()),
        });
    }

    /// A connection we dialled is up: it is the active conversation.
    fn on_dialed(&mut self, id: ConnId, name: String, conn: Conn<PeerFrames>) {
        self.convos.insert(
            id,
            Convo {
                name: Some(name.clone()),
                conn,
            },
        );
        self.send_to(id, &PeerLine::User(self.me.clone()));
        self.activate(id);
        self.env.say(Chat::Connected(&name));
    }

    // ----- the user

    /// Handle one input line; true when the user leaves.
    fn on_input(&mut self, line: &str) -> bool {
        let Some(command) = line.strip_prefix('/') else {
            self.say_text(line);
            return false;
        };
        // The name is the rest of the line: names may have blanks inside.
        let command = command.trim();
        let (verb, arg) = match command.split_once(char::is_whitespace) {
            Some((verb, rest)) => (verb, Some(rest.trim()).filter(|r| !r.is_empty())),
            None => (command, None),
        };
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
}

/// The peer's state machine without a socket: its server link and conversations are
/// `Conn::memory`, what they say is handed to it as its poller would, the clock passed to
/// `tick`.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::poller::{Poller, Sent};
    use crate::net::shutdown;
    use crate::term::log::{Level, Line, Sink};
    use crate::term::text::Lang;
    use crossbeam_channel::Receiver;

    struct Bench {
        peer: Peer,
        server: Sent,
        lines: Receiver<Line>,
        _poller: Poller<PeerFrames>,
    }

    fn bench() -> Bench {
        let (log_tx, lines) = crossbeam_channel::unbounded();
        let (_trigger, stop) = shutdown::pair();
        let (_in_tx, input) = bounded(1);
        let env = Env::captured(
            Lang::En,
            "Ana",
            Level::Normal,
            Sink::Channel(log_tx),
            stop,
            input,
        );
        let poller = Poller::<PeerFrames>::alone(&env.log).unwrap();
        let ids = Ids::default();
        let server_id = ids.next();
        let (conn, server) =
            Conn::memory(OPTS, server_id, "127.0.0.1:8000".parse().unwrap(), &env.log);
        let (tx, _events) = bounded(EVENTS);
        let peer = Peer::new(
            env,
            "Ana".into(),
            5001,
            (conn, server_id),
            ids,
            (Outlet::new(tx, poller.bell()), poller.handoff()),
            Duration::from_secs(5),
        );
        Bench {
            peer,
            server,
            lines,
            _poller: poller,
        }
    }

    fn said(lines: &Receiver<Line>) -> Vec<String> {
        lines.try_iter().map(|l| l.text).collect()
    }

    /// A caller that connected and said `USER name`.
    fn caller(b: &mut Bench, id: ConnId, name: &str) -> Sent {
        let addr = format!("127.0.0.{id}:6000").parse().unwrap();
        let (conn, sent) = Conn::memory(OPTS, id, addr, &b.peer.env.log);
        b.peer.handle(Ev::Net(Event::Opened(id, Box::new(conn))));
        let user = PeerLine::User(name.into());
        b.peer.handle(Ev::Net(Event::Frame(
            id,
            FromAny::Partner(FromPartner::Line(user)),
        )));
        sent
    }

    #[test]
    fn a_new_caller_becomes_the_active_conversation_and_it_is_said() {
        let mut b = bench();
        let bruno = caller(&mut b, 10, "Bruno");
        b.peer.line(Some("Oi Bruno".into()));
        assert_eq!(bruno.take(), b"Oi Bruno\r\n");
        let caio = caller(&mut b, 11, "Caio");
        let lines = said(&b.lines);
        assert!(
            lines
                .iter()
                .any(|l| l.contains("Caio") && l.contains("/to Bruno")),
            "the switch is said: {lines:?}"
        );
        b.peer.line(Some("Oi Caio".into()));
        assert_eq!(caio.take(), b"Oi Caio\r\n");
        assert!(
            bruno.take().is_empty(),
            "the next line went to the new caller only"
        );
        // What a partner says is printed with its name.
        let text = PeerLine::Text("Tudo bem?".into());
        b.peer.handle(Ev::Net(Event::Frame(
            11,
            FromAny::Partner(FromPartner::Line(text)),
        )));
        assert!(said(&b.lines).iter().any(|l| l == "Caio: Tudo bem?"));
    }

    #[test]
    fn the_keepalive_goes_out_at_its_deadline_and_not_before() {
        let mut b = bench();
        let due = b.peer.next_keepalive;
        b.peer.tick(due - Duration::from_millis(1));
        assert!(b.server.take().is_empty());
        b.peer.tick(due);
        assert_eq!(b.server.take(), b"KEEP\r\n");
        assert_eq!(b.peer.next_keepalive, due + Duration::from_secs(5));
    }

    #[test]
    fn the_server_going_away_ends_the_run_with_its_reason() {
        let mut b = bench();
        let flow = b.peer.handle(Ev::Net(Event::Closed(1, WireError::Eof)));
        assert_eq!(flow, Flow::Leave);
        assert!(b.peer.failure.is_some());
    }
}
