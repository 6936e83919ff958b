//! The client: reads `? KEY`, `T` and `Q` from stdin, sends KEYREQ/TOPOREQ to its node, and
//! collects the answers that nodes deliver on new connections to its listening port until the
//! quiet window (`--timeout`, 4 s) passes with no message at all (spec/kv.md, "Client
//! behaviour").
//!
//! One owner (`net::owner`): stdin lines, connection events (the node's link and every
//! answer connection) and the window's deadline. While a window is open and stderr is a
//! terminal, a live status line shows how long it has waited and how many answers came
//! (`term::status`); it is cleared before every line the client prints. When stdin is the
//! terminal too, what the user types meanwhile stays on screen: the status keeps a row of its
//! own above the typing row, the client's lines go above it, and a command entered is shown
//! there with a note that it waits for the window.
//!
//! The answer port ([`answers`](super::answers)) is open to anyone who can reach it, so it
//! listens on the address the client reaches its node from (the address the node gives the
//! others for answers; `-b` chooses another), closes every answer connection once the answer
//! window passed, and holds at most [`MAX_ANSWER_CONNS`] at once (fewer under a low descriptor
//! limit), a new one taking the place of the oldest silent one: an answer still arrives while
//! strangers hold the rest.

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;

use super::answers::AnswerPort;
use super::codec::Frames;
use super::config::ClientConfig;
use super::text::KvText;
use super::wire::{MAX_SIZE, Msg, WireError};
use crate::net::accept::ACCEPT_MAX;
use crate::net::conn::{Conn, Event, Ids, OnFull, Opts};
use crate::net::owner::{self, Flow, Owner};
use crate::net::poller::Poller;
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Error, Result, sock};
use crate::platform;
use crate::term::quota::{self, Quota};
use crate::term::status::Status;
use crate::term::text::Text;
use crate::term::text::os_error;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the live status line is redrawn (and when it first appears).
const REDRAW: Duration = Duration::from_millis(100);
/// The link to the node, and the answer connections (one RESP each).
const LINK: Opts = Opts {
    name: "kv-client",
    outbox: 64,
    on_full: OnFull::Report,
};
/// Answer connections open at once, at most: every node within a flood's reach answering
/// together, many times over (each answer connection lives a few milliseconds), while what
/// strangers can hold stays small (a descriptor and a kilobyte each).
pub const MAX_ANSWER_CONNS: usize = 512;
/// Descriptors one answer connection costs.
const FDS_PER_ANSWER: u64 = platform::FDS_PER_CONN;
/// Descriptors kept for the rest: stdio, the listener, the link to the node and its threads'
/// handles, the system's own; and, twice over, the connections one turn of the poller may
/// accept before the owner closes those over the cap (they are freed the turn after).
const FDS_RESERVE: u64 = 32 + 2 * ACCEPT_MAX as u64;

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

/// How long what is queued for the node may take to be written at the end.
const LINGER: Duration = Duration::from_secs(2);

/// Run a client until `Q`, end of input or Ctrl-C.
pub fn run(config: ClientConfig, env: Env) -> Result<()> {
    // Every answer is a connection of its own: many may arrive at once.
    let limit = sock::raise_nofile();
    let cap = limit.map_or(MAX_ANSWER_CONNS, |l| {
        sock::clients_within(l, FDS_PER_ANSWER, FDS_RESERVE).clamp(1, MAX_ANSWER_CONNS)
    });
    env.log.debug(KvText::AnswerCap { cap, limit });
    let node = sock::lookup(&config.node, 0, env.lang())?;
    let from = config.bind.filter(|ip| !ip.is_unspecified());
    let unreachable = |e: std::io::Error| {
        Error::new(env.tr(KvText::CannotReachNode {
            node,
            why: os_error(&e, env.lang()),
        }))
    };
    let stream = sock::connect(node, from, CONNECT_TIMEOUT).map_err(unreachable)?;
    // Answers come to the address this client reaches its node from: the node names it to the
    // others. `-b` says otherwise (`-b 0.0.0.0`: every interface). Listening starts before the
    // node learns the port, so no answer can come before it.
    let bind: IpAddr = match config.bind {
        Some(ip) => ip,
        None => stream.local_addr().map_err(unreachable)?.ip(),
    };
    let (listener, local) = sock::listen_at(bind, config.port, &env.log)?;
    // In a diagram, the answers go to a participant of their own.
    env.log.mark(crate::term::log::Mark::Listening {
        addr: local,
        name: Some(crate::proxy::text::answer_port_word(env.lang()).to_string()),
    });
    env.log.mark(crate::term::log::Mark::Peer {
        addr: node,
        name: crate::term::text::Text::render(
            &crate::diagram::text::DiagramText::Node(Some(node)),
            env.lang(),
        ),
    });
    let port = local.port();
    // Nothing comes but the sockets' frames (and input lines).
    let (_tx, events) = bounded::<Event<Frames>>(1);
    let mut poller = Poller::alone(&env.log).map_err(unreachable)?;
    // The link and the answer connections number from one count.
    let ids = Ids::default();
    let answers = poller
        .listen(LINK, listener, ids.clone(), Frames::new)
        .context(env.lang(), NetText::CannotStartAccepting)?;
    let link = poller
        .dial(LINK, ids.next(), stream, Frames::new(), &env.log)
        .map_err(unreachable)?;
    let _ = link.send(&Msg::Id { port });
    env.log.debug(KvText::ClientListens(port));
    env.note(KvText::ClientReady { node });

    let mut client = Client {
        env: env.clone(),
        node,
        link,
        port: AnswerPort::new(cap, config.timeout),
        timeout: config.timeout,
        cap,
        quota: Quota::default(),
        quota_due: None,
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
    owner::run_polled(
        &mut client,
        &events,
        &mut poller,
        Some(env.lines()),
        &env.stop,
    );
    if env.stop.is_set() {
        // Ctrl-C: the shell's prompt comes next, on a row of its own.
        client.status.interrupted();
    }
    client.quota.finish(&env.log);
    let failure = client.failure.take();
    // Accepting stops first (nothing new to finish); letting the link go, then finishing the
    // poller, writes anything queued, then closes it cleanly (FIN).
    drop(answers);
    drop(client);
    poller.finish(Instant::now() + LINGER);
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The client's state, on the owner runtime. While a window is open, input waits (as in the
/// original, a new command starts after the previous answers are in); Ctrl-C is heard at once.
struct Client {
    env: Env,
    node: SocketAddr,
    link: Conn<Frames>,
    /// The answer connections open.
    port: AnswerPort,
    /// The quiet time that closes a window (and an answer connection's life).
    timeout: Duration,
    /// Answer connections open at once, at most.
    cap: usize,
    /// Warnings about strangers on the answer port, per host.
    quota: Quota,
    quota_due: Option<Instant>,
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
    /// A frame from `from`: the answer to the current request, or an incorrect message.
    fn received(&mut self, from: SocketAddr, msg: Msg) -> bool {
        match msg {
            Msg::Resp { nseq, value } if Some(nseq) == self.current => {
                self.out(format_args!("{} {from}", String::from_utf8_lossy(&value)));
                self.answers += 1;
            }
            _ => self.say(KvText::Incorrect(from)),
        }
        true
    }

    /// A warning about a stranger, counted per host: a flood from one host says a few lines
    /// and then how many more.
    fn warn_about(&mut self, from: SocketAddr, text: KvText<'_>) {
        self.status.clear();
        let now = Instant::now();
        self.quota.warn(&self.env.log, quota::host(from), text, now);
        self.quota_due = self.quota.next_due();
    }

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
        let link = self.link.id();
        let received = match ev {
            // An answer connection (the link was dialled: no Opened comes for it).
            Event::Opened(_, conn) => {
                if let Some(from) = self.port.opened(*conn, Instant::now()) {
                    let cap = self.cap;
                    self.warn_about(from, KvText::AnswerPortFull { cap, from });
                }
                false
            }
            // The node may answer on the link itself.
            Event::Frame(id, msg) if id == link => {
                self.received(sock::canonical(self.link.peer()), msg)
            }
            Event::Frame(id, msg) => match self.port.frame(id) {
                Some(from) => self.received(from, msg),
                None => false, // closed already: its window passed, or it made room
            },
            Event::Closed(id, why) if id == link => {
                self.status.clear();
                // Bytes that do not decode stopped our reader: the node did not close.
                let node = self.node;
                let said = match why.is_protocol() && !matches!(why, WireError::Truncated) {
                    true => KvText::NodeUndecodable { node, why: &why },
                    false => KvText::NodeClosed { node, why: &why },
                };
                self.failure = Some(Error::new(self.env.tr(said)));
                return Flow::Exit;
            }
            Event::Closed(id, why) => match self.port.closed(id) {
                // Bytes that break the framing: an incorrect answer.
                Some(from) if why.is_protocol() => {
                    self.status.clear();
                    self.env.log.debug(KvText::BadAnswer { from, why: &why });
                    self.say(KvText::Incorrect(from));
                    true
                }
                _ => false,
            },
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
                    self.status.typed(&self.env.tr(KvText::TypedLine(&line)));
                    self.typed.push_back(line);
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
        [
            self.window,
            self.redraw,
            self.quota_due,
            self.port.deadline(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn tick(&mut self, now: Instant) -> Flow {
        for from in self.port.expire(now) {
            let after = self.timeout;
            self.warn_about(from, KvText::AnswerSilent { from, after });
        }
        if self.quota_due.is_some_and(|due| due <= now) {
            self.quota.flush(&self.env.log, now);
            self.quota_due = self.quota.next_due();
        }
        let Some(window) = self.window else {
            self.redraw = None;
            return Flow::Continue;
        };
        if now < window {
            // Only the status line may be due (or an answer connection's window passed).
            if self.redraw.is_none_or(|due| due > now) {
                return Flow::Continue;
            }
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
        self.status.end();
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
            // On the terminal, the command is said again before its results: they follow
            // their own command, not the last one typed.
            self.status.note(&self.env.tr(KvText::TypedRuns(&line)));
            if let Flow::Exit = self.line(Some(line)) {
                return Flow::Exit;
            }
        }
        if self.window.is_none() {
            // Nothing is collected now: lines are printed as usual again.
            self.status.release();
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
