//! The client: reads `? KEY`, `T` and `Q` from stdin, sends KEYREQ/TOPOREQ to its node, and
//! collects the answers that nodes deliver on new connections to its listening port until the
//! quiet window (`--timeout`, 4 s) passes with no message at all (spec/kv.md, "Client
//! behaviour").
//!
//! One owner (`net::owner`): stdin lines, connection events (the node's link and every
//! answer connection) and the window's deadline. While a window is open and stderr is a
//! terminal, a live status line shows how long it has waited and how many answers came
//! (`net::status`); it is cleared before every line the client prints.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;

use super::codec::Frames;
use super::config::ClientConfig;
use super::text::KvText;
use super::wire::{MAX_SIZE, Msg};
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids, OnFull, Opts};
use crate::net::owner::{self, Flow, Owner};
use crate::net::sentences::NetText;
use crate::net::status::Status;
use crate::net::text::Text;
use crate::net::text::os_error;
use crate::net::{Context, Env, Error, Result, sock};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the live status line is redrawn (and when it first appears).
const REDRAW: Duration = Duration::from_millis(100);
/// The link to the node, and the answer connections (one RESP each).
const LINK: Opts = Opts {
    name: "kv-client",
    queue: 64,
    on_full: OnFull::Report,
};
const ANSWERS: Opts = Opts {
    name: "kv-client",
    queue: 4,
    on_full: OnFull::Report,
};

/// A parsed stdin line.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Key(String),
    Topology,
    Quit,
    /// `help`, or `?` alone.
    Help,
    /// Anything else, an empty line included (spec: "Anything else prints Unknown command").
    Unknown,
}

fn parse(line: &str) -> Command {
    let line = line.trim();
    match line {
        "T" | "t" => Command::Topology,
        "Q" | "q" => Command::Quit,
        "?" => Command::Help,
        l if l.eq_ignore_ascii_case("help") => Command::Help,
        _ => match line.strip_prefix('?').map(str::trim) {
            Some(key) if !key.is_empty() => Command::Key(key.to_string()),
            _ => Command::Unknown,
        },
    }
}

/// Run a client until `Q`, end of input or Ctrl-C.
pub fn run(config: ClientConfig, env: Env) -> Result<()> {
    // Every answer is a connection of its own: many may arrive at once.
    let _ = sock::raise_nofile();
    let node = sock::lookup(&config.node, 0, env.lang())?;
    let bind = config.bind.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let from = config.bind.filter(|ip| !ip.is_unspecified());
    // Listen first: answers may arrive as soon as the first request is out.
    let (listener, local) = sock::listen_at(bind, config.port, &env.log)?;
    let port = local.port();
    let unreachable = |e: std::io::Error| {
        Error::new(env.tr(KvText::CannotReachNode {
            node,
            why: os_error(&e, env.lang()),
        }))
    };
    let stream = sock::connect(node, from, CONNECT_TIMEOUT).map_err(unreachable)?;
    let (tx, events) = bounded(1024);
    let ids = Ids::default();
    let node_id = ids.next();
    let link = Conn::start(LINK, node_id, stream, Frames::new(), tx.clone(), &env.log)
        .map_err(unreachable)?;
    let _ = link.send(&Msg::Id { port });
    env.log.debug(KvText::ClientListens(port));
    env.note(KvText::ClientReady { node });
    let _acceptor = Acceptor::conns(ANSWERS, listener, ids, Frames::new, tx, &env.log)
        .context(env.lang(), NetText::CannotStartAccepting)?;

    let mut client = Client {
        env: env.clone(),
        node,
        node_id,
        link,
        timeout: config.timeout,
        peers: HashMap::new(),
        nseq: 0,
        current: None,
        window: None,
        started: None,
        answers: 0,
        status: Status::new(config.indicator),
        redraw: None,
        failure: None,
        typed: VecDeque::new(),
        input_ended: false,
    };
    owner::run(&mut client, &events, Some(env.lines()), &env.stop);
    // Dropping the link writes anything queued, then closes it cleanly (FIN).
    match client.failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The client's state, on the owner runtime. While a window is open, input waits (as in the
/// original, a new command starts after the previous answers are in); Ctrl-C is heard at once.
struct Client {
    env: Env,
    node: SocketAddr,
    node_id: ConnId,
    link: Conn<Frames>,
    /// The quiet time that closes a window.
    timeout: Duration,
    /// Answer connections and the address they came from.
    peers: HashMap<ConnId, (SocketAddr, Conn<Frames>)>,
    nseq: u32,
    /// The request whose answers are being collected.
    current: Option<u32>,
    /// When the current window closes.
    window: Option<Instant>,
    /// When the current request was sent.
    started: Option<Instant>,
    /// Valid answers to the current request.
    answers: usize,
    /// The live status line (drawn only on a terminal).
    status: Status,
    /// When it is next redrawn, while a window is open.
    redraw: Option<Instant>,
    failure: Option<Error>,
    /// Commands typed while a window is open, run in order once it closes (a few: then
    /// stdin is not read, and the typist waits).
    typed: VecDeque<String>,
    /// End of input came while commands waited: quit once they have run.
    input_ended: bool,
}

/// How many typed commands wait for a window to close before stdin is no longer read.
const TYPED_MAX: usize = 16;

impl Client {
    /// A stdout line: the status line goes first.
    fn out(&mut self, line: std::fmt::Arguments<'_>) {
        self.status.clear();
        self.env.log.out(line);
    }

    /// A catalog sentence on stdout, after the status line goes.
    fn say(&mut self, text: impl Text) {
        self.status.clear();
        self.env.say(text);
    }
}

impl Owner for Client {
    type Event = Event<Frames>;

    fn handle(&mut self, ev: Event<Frames>) -> Flow {
        let received = match ev {
            Event::Opened(id, conn) => {
                let conn = *conn;
                self.peers.insert(id, (sock::canonical(conn.peer()), conn));
                false
            }
            Event::Frame(id, msg) => {
                let from = if id == self.node_id {
                    sock::canonical(self.link.peer())
                } else {
                    self.peers.get(&id).map_or(self.node, |p| p.0)
                };
                match msg {
                    Msg::Resp { nseq, value } if Some(nseq) == self.current => {
                        self.out(format_args!("{} {from}", String::from_utf8_lossy(&value)));
                        self.answers += 1;
                    }
                    _ => self.say(KvText::Incorrect(from)),
                }
                true
            }
            Event::Closed(id, why) if id == self.node_id => {
                self.status.clear();
                self.failure = Some(Error::new(self.env.tr(KvText::NodeClosed {
                    node: self.node,
                    why: &why,
                })));
                return Flow::Exit;
            }
            Event::Closed(id, why) => {
                let peer = self.peers.remove(&id).map(|p| p.0);
                match (peer, why.is_protocol()) {
                    (Some(from), true) => {
                        self.status.clear();
                        self.env.log.debug(KvText::BadAnswer { from, why: &why });
                        self.say(KvText::Incorrect(from));
                        true
                    }
                    _ => false,
                }
            }
        };
        if received && self.window.is_some() {
            self.window = Some(Instant::now() + self.timeout);
        }
        Flow::Continue
    }

    fn line(&mut self, line: Option<String>) -> Flow {
        if self.window.is_some() {
            // Typed during a window: it runs once the window closes.
            match line {
                Some(line) => {
                    self.typed.push_back(line);
                    self.status.typed();
                }
                None => self.input_ended = true,
            }
            return Flow::Continue;
        }
        let Some(line) = line else {
            return Flow::Exit; // end of input acts as Q
        };
        let msg = match parse(&line) {
            Command::Quit => return Flow::Exit,
            Command::Unknown => {
                self.say(KvText::UnknownCommand);
                return Flow::Continue;
            }
            Command::Help => {
                for line in self.env.tr(KvText::Help).lines() {
                    self.env.log.out(line);
                }
                return Flow::Continue;
            }
            Command::Key(key) if key.len() > MAX_SIZE => {
                self.say(KvText::KeyTooLong);
                return Flow::Continue;
            }
            Command::Key(key) => Msg::KeyReq {
                nseq: self.nseq,
                key: key.into_bytes(),
            },
            Command::Topology => Msg::TopoReq { nseq: self.nseq },
        };
        if self.link.send(&msg).is_err() {
            self.failure = Some(Error::new(self.env.tr(KvText::NodeLost(self.node))));
            return Flow::Exit;
        }
        let now = Instant::now();
        self.current = Some(self.nseq);
        self.nseq = self.nseq.wrapping_add(1);
        self.answers = 0;
        self.window = Some(now + self.timeout);
        self.started = Some(now);
        self.redraw = self.status.on().then_some(now + REDRAW);
        Flow::Continue
    }

    fn wants_input(&self) -> bool {
        !self.input_ended && (self.window.is_none() || self.typed.len() < TYPED_MAX)
    }

    fn deadline(&self) -> Option<Instant> {
        match (self.window, self.redraw) {
            (Some(w), Some(r)) => Some(w.min(r)),
            (w, r) => w.or(r),
        }
    }

    fn tick(&mut self, now: Instant) -> Flow {
        let Some(window) = self.window else {
            self.redraw = None;
            return Flow::Continue;
        };
        if now < window {
            // Only the status line is due.
            let elapsed = self.started.map_or(Duration::ZERO, |t| now - t);
            let mut text = self.env.tr(KvText::Waiting {
                elapsed,
                answers: self.answers,
            });
            if !self.typed.is_empty() {
                text.push_str(&self.env.tr(KvText::TypedWait(self.typed.len())));
            }
            self.status.show(&text);
            self.redraw = Some(now + REDRAW);
            return Flow::Continue;
        }
        self.status.clear();
        if self.answers == 0 {
            self.say(KvText::NoResponse);
        }
        self.window = None;
        self.redraw = None;
        // The commands typed meanwhile, in order, until one opens a window again.
        while self.window.is_none() {
            let Some(line) = self.typed.pop_front() else {
                break;
            };
            if let Flow::Exit = self.line(Some(line)) {
                return Flow::Exit;
            }
        }
        if self.input_ended && self.window.is_none() && self.typed.is_empty() {
            return Flow::Exit;
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(parse("? tcpmux"), Command::Key("tcpmux".into()));
        assert_eq!(parse("?nbp "), Command::Key("nbp".into()));
        assert_eq!(parse("T"), Command::Topology);
        assert_eq!(parse("t"), Command::Topology);
        assert_eq!(parse("Q"), Command::Quit);
        assert_eq!(parse("q"), Command::Quit);
        assert_eq!(parse(""), Command::Unknown);
        assert_eq!(parse("  "), Command::Unknown);
        assert_eq!(parse("?"), Command::Help);
        assert_eq!(parse(" ? "), Command::Help);
        assert_eq!(parse("help"), Command::Help);
        assert_eq!(parse("HELP"), Command::Help);
        assert_eq!(parse("? help"), Command::Key("help".into()));
        assert_eq!(parse("a"), Command::Unknown);
        assert_eq!(parse("TT"), Command::Unknown);
    }
}
