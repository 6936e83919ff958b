//! `netlab demo`: the specs' classroom scenarios, run on loopback ephemeral ports inside this
//! one process, printed as a narrated transcript in which every line carries its role
//! (`[emitter 1] > Ob-la-di`, `[display 1002] Message from 1: Ob-la-di`).
//!
//! A [`Stage`] runs each role on its own thread with an [`Env`] whose output is captured, feeds
//! it input lines, and moves the scenario on only when the line it waits for has appeared
//! (with a deadline). What the roles print during one action (a line typed, a role started
//! or stopped) is held back until the action is over and nothing more arrives for a moment,
//! then shown role by role: the role that acted first, then the others in the order they
//! were started. So the transcript reads the same on every run, and a narration never comes
//! before the lines of the step before it.
//!
//! The [`Show`] is the room's side: `--step` (Enter before each step; one line of input per
//! step, so it works through a pipe; at end of input the demo runs on), `--pace` (a pause
//! before each step), narration wrapped at blanks to the terminal's width (not wrapped on a
//! pipe, unless COLUMNS is set), and a colour per role on a terminal (`--color`, NO_COLOR).

pub mod app;
pub mod chat;
pub mod echo;
pub mod kv;
pub mod mcast;
pub mod msg;
pub mod text;

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, bounded, select, unbounded};

use crate::diagram::live::LiveLadder;
use crate::diagram::traces::FromMarks;
use crate::net::env::Input;
use crate::net::sentences::NetText;
use crate::net::shutdown::{self, Trigger};
use crate::net::{Env, Error, Result};
use crate::term::log::{Line, Log, Sink, Stream};
use crate::term::text::{Colour, Style, Text, terminal_width, text_width, wrap};
use text::DemoText;

/// How long one step may take before the demo gives up.
pub const STEP: Duration = Duration::from_secs(10);

/// After an action, how long the stage waits for one more line before it shows the step's
/// lines: roles that run at the same time print a moment apart.
const SETTLE: Duration = Duration::from_millis(40);

/// The scenarios, in the order `netlab demo` plays them.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// A server, displays 1001 and 1002, emitters 1 and 2: the assignment's four tests
    Msg,
    /// Five nodes in a line and a client: the TTL stops the flood at the fourth node
    Kv,
    /// A directory server; Ana, Bruno and Camila list, chat and leave
    Chat,
    /// Two receivers and two senders on loopback; sair ends the chat
    Mcast,
    /// The tutorial's echo run and its multi-connection run
    Echo,
    /// The tutorial's app: a search hit, a miss, the emoji key, a binary request
    App,
}

impl Scenario {
    pub const ALL: [Scenario; 6] = [
        Scenario::Msg,
        Scenario::Kv,
        Scenario::Chat,
        Scenario::Mcast,
        Scenario::Echo,
        Scenario::App,
    ];
}

/// What waits between two steps.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Pause {
    /// Nothing: the demo runs straight through.
    #[default]
    None,
    /// A line of input (Enter).
    Step,
    /// A fixed time.
    Pace(Duration),
}

/// What `netlab demo` plays, and how.
#[derive(Clone, Debug)]
pub struct Config {
    /// One scenario; `None`: all of them, in turn.
    pub scenario: Option<Scenario>,
    pub pause: Pause,
    pub colour: Colour,
    /// `--diagram`: the exchange drawn instead of the transcript.
    pub diagram: Option<crate::diagram::Format>,
    pub diagram_limit: Option<usize>,
    pub ascii: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            scenario: None,
            pause: Pause::None,
            colour: Colour::Auto,
            diagram: None,
            diagram_limit: None,
            ascii: false,
        }
    }
}

pub fn run(config: Config, env: Env) -> Result<()> {
    let show = Show::new(&config, &env);
    let chosen: Vec<Scenario> = match config.scenario {
        Some(s) => vec![s],
        None => Scenario::ALL.to_vec(),
    };
    for scenario in chosen {
        let mut stage = Stage::new(&env, &show);
        stage.title(DemoText::Title(scenario));
        let outcome = match scenario {
            Scenario::Msg => msg::run(&mut stage),
            Scenario::Kv => kv::run(&mut stage),
            Scenario::Chat => chat::run(&mut stage),
            Scenario::Mcast => mcast::run(&mut stage),
            Scenario::Echo => echo::run(&mut stage),
            Scenario::App => app::run(&mut stage),
        };
        stage.finish();
        if outcome.is_err() && env.stop.is_set() {
            // Ctrl-C: the roles have said goodbye; an interruption is not a failure.
            env.log.info(DemoText::Interrupted);
            return Ok(());
        }
        outcome?;
        stage.narrate(DemoText::Closing(scenario));
        if env.stop.is_set() {
            break;
        }
    }
    show.draw(&config);
    Ok(())
}

/// The transcript's look and pace, shared by the scenarios of one run.
pub struct Show {
    log: Log,
    env: Env,
    colour: bool,
    /// Narration is wrapped to this many columns (`None`: not wrapped).
    width: Option<usize>,
    pause: Cell<Pause>,
    /// A narration was shown since the last pause: the step it announces waits for it.
    dirty: Cell<bool>,
    /// A title was shown before (scenarios are separated by a blank line).
    titled: Cell<bool>,
    /// `--diagram`: the roles' traces, drawn at the end in place of the transcript.
    drawing: Option<RefCell<FromMarks>>,
    /// `--diagram ladder` on a terminal: drawn as the frames pass instead.
    live: Option<RefCell<LiveLadder>>,
}

impl Show {
    fn new(config: &Config, env: &Env) -> Show {
        let terminal = std::io::stdout().is_terminal();
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0);
        let width = if terminal {
            Some(terminal_width().or(columns).unwrap_or(80))
        } else {
            columns
        };
        Show {
            log: env.log.clone(),
            env: env.clone(),
            colour: config.colour.enabled(terminal),
            width,
            pause: Cell::new(config.pause),
            dirty: Cell::new(false),
            titled: Cell::new(false),
            drawing: config
                .diagram
                .map(|_| RefCell::new(FromMarks::new(config.diagram_limit))),
            live: (config.diagram == Some(crate::diagram::Format::Ladder) && terminal).then(|| {
                RefCell::new(LiveLadder::new(
                    crate::diagram::ladder_width(),
                    config.ascii,
                ))
            }),
        }
    }

    /// Draw the diagram (`--diagram`) on stdout, alone.
    fn draw(&self, config: &Config) {
        if let (Some(cell), Some(live)) = (&self.drawing, &self.live) {
            let d = &cell.borrow().diagram;
            for line in live.borrow_mut().finish(d, self.env.lang()) {
                self.log.out(line);
            }
            return;
        }
        if let (Some(cell), Some(format)) = (&self.drawing, config.diagram) {
            let width = crate::diagram::ladder_width();
            let d = &cell.borrow().diagram;
            for line in d.render(format, self.env.lang(), width, config.ascii) {
                self.log.out(line);
            }
        }
    }

    /// Before a step's action: wait as `--step` or `--pace` says, if a narration was shown
    /// since the last wait (so the reader reads what is about to happen, then lets it happen).
    fn wait(&self) {
        if !self.dirty.replace(false) || self.env.stop.is_set() {
            return;
        }
        match self.pause.get() {
            Pause::None => {}
            Pause::Pace(d) => {
                let _ = self.env.stop.rx().recv_timeout(d);
            }
            Pause::Step => {
                let prompt = self.env.tr(DemoText::PressEnter);
                let terminal = std::io::stderr().is_terminal();
                if terminal {
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "({prompt}) ");
                    let _ = err.flush();
                } else {
                    self.log.info(DemoText::PressEnter);
                }
                let lines = self.env.lines();
                let mut entered = false;
                select! {
                    recv(lines) -> line => match line {
                        Ok(_) => entered = true,
                        // End of input: the rest runs without waiting.
                        Err(_) => self.pause.set(Pause::None),
                    },
                    recv(self.env.stop.rx()) -> _ => {}
                }
                if terminal {
                    // The prompt (and the Enter a terminal echoed, or its ^C) leave no trace.
                    let erase = if entered && std::io::stdin().is_terminal() {
                        "\x1b[1A\x1b[2K"
                    } else {
                        "\r\x1b[2K"
                    };
                    let _ = write!(std::io::stderr().lock(), "{erase}");
                }
            }
        }
    }

    fn title(&self, text: &str) {
        if self.drawing.is_some() {
            return;
        }
        if self.titled.replace(true) {
            self.log.out("");
        }
        let title = format!("== {text} ==");
        let lines = match self.width {
            Some(w) => wrap(&title, w),
            None => vec![title],
        };
        for line in lines {
            self.log.out_styled(&[(Style::Bold, &line)], self.colour);
        }
    }

    fn narrate(&self, text: &str) {
        if self.drawing.is_some() {
            return;
        }
        let lines = match self.width {
            Some(w) => wrap(text, w.saturating_sub(2).max(20)),
            None => vec![text.to_string()],
        };
        for line in lines {
            self.log.out(format_args!("# {line}"));
        }
        self.dirty.set(true);
    }

    /// `[role] text`, the role in its colour.
    fn role_line(&self, role: &str, colour: u8, text: &str, typed: bool) {
        if self.drawing.is_some() {
            return;
        }
        let tag = format!("[{role}]");
        let style = if typed { Style::Bold } else { Style::Plain };
        let text = if typed {
            format!("> {text}")
        } else {
            text.to_string()
        };
        // Wrapped at blanks like narration (a terminal would cut an address or a word in
        // two), the next lines indented under the text.
        let indent = text_width(&tag) + 1;
        let lines = match self.width {
            Some(w) => wrap(&text, w.saturating_sub(indent).max(20)),
            None => vec![text],
        };
        let pad = " ".repeat(indent);
        for (k, line) in lines.iter().enumerate() {
            let head: (Style, &str) = match k {
                0 => (Style::Fg(colour), &tag),
                _ => (Style::Plain, &pad[1..]),
            };
            self.log
                .out_styled(&[head, (Style::Plain, " "), (style, line)], self.colour);
        }
    }
}

/// What a step did to its role: the order its lines are shown in depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// A line was typed: what the role says about it comes first.
    Typed,
    /// The role was started or stopped: its log first, what the others say about it next,
    /// and what it printed on stdout (its answers) last.
    Started,
}

/// The colours of the roles, in the order they are started: never red or bright red, which
/// read as an error.
const PALETTE: [u8; 9] = [32, 34, 35, 36, 33, 92, 94, 95, 96];

/// One role running on the stage.
pub struct Actor {
    name: Arc<str>,
    input: Option<Sender<String>>,
    trigger: Trigger,
    handle: Option<JoinHandle<Result<()>>>,
}

/// The scenario runner: captured roles, their transcript, and the narration.
pub struct Stage<'s> {
    env: Env,
    show: &'s Show,
    tx: Sender<Line>,
    rx: Receiver<Line>,
    actors: Vec<Actor>,
    /// Lines of the current step, not shown yet.
    pending: RefCell<Vec<Line>>,
    /// The role the current step's action was about, and what the action was.
    acting: Cell<Option<(usize, Action)>>,
    /// Something happened since the lines were last shown.
    active: Cell<bool>,
    /// The pending lines an expectation was met by: each line meets one expectation at most,
    /// and the others stay for the next ones (roles print in no fixed order, so the line a
    /// later expectation wants may have come while an earlier one was waited for).
    used: RefCell<HashSet<usize>>,
    /// Text the transcript leaves out of the roles' lines (the demo's temporary folder: the
    /// reader sees `n1.db`, not where the demo put it).
    hidden: RefCell<Vec<String>>,
}

impl<'s> Stage<'s> {
    pub fn new(env: &Env, show: &'s Show) -> Stage<'s> {
        // The roles' lines (they may quote the network): bounded like every such channel; a
        // role that outruns the transcript waits for it.
        let (tx, rx) = bounded(4096);
        Stage {
            env: env.clone(),
            show,
            tx,
            rx,
            actors: Vec::new(),
            pending: RefCell::new(Vec::new()),
            acting: Cell::new(None),
            active: Cell::new(false),
            used: RefCell::new(HashSet::new()),
            hidden: RefCell::new(Vec::new()),
        }
    }

    /// The demo's own environment (language, log level).
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// A narration line (wrapped as the show says), printed as `# text`; it starts a step.
    pub fn narrate(&self, text: impl Text) {
        self.flush();
        self.show.narrate(&self.env.tr(text));
    }

    /// A title line, printed as `== text ==`.
    pub fn title(&self, text: impl Text) {
        self.flush();
        self.show.title(&self.env.tr(text));
    }

    /// Leave `text` out of the roles' lines from now on.
    pub fn hide(&self, text: String) {
        self.hidden.borrow_mut().push(text);
    }

    /// A role's name in the reader's language.
    pub fn role(&self, role: text::Role<'_>) -> String {
        self.env.tr(role)
    }

    /// Start a role named `role` (the transcript prefix) on its own thread.
    pub fn spawn<F>(&mut self, role: &str, body: F) -> Result<usize>
    where
        F: FnOnce(Env) -> Result<()> + Send + 'static,
    {
        self.flush();
        self.show.wait();
        if self.env.stop.is_set() {
            return Err(self.interrupted());
        }
        let (trigger, stop) = shutdown::pair();
        let (input_tx, input_rx) = unbounded();
        let name: Arc<str> = role.into();
        let log = Log::new(
            name.clone(),
            self.env.log.level(),
            self.env.log.trace_mode(),
            self.env.lang(),
            Sink::Channel(self.tx.clone()),
        );
        // `--diagram`: the roles tell the diagram what it is drawn from, as data.
        let log = match self.show.drawing {
            Some(_) => log.with_marks(),
            None => log,
        };
        let env = Env::new(log, stop, Input::Channel(input_rx));
        let handle = std::thread::Builder::new()
            .name(format!("demo-{role}"))
            .spawn(move || body(env))
            .map_err(|e| {
                Error::new(self.env.tr(DemoText::CannotStart {
                    role,
                    why: crate::term::text::os_error(&e, self.env.lang()),
                }))
            })?;
        self.actors.push(Actor {
            name,
            input: Some(input_tx),
            trigger,
            handle: Some(handle),
        });
        let id = self.actors.len() - 1;
        self.act(id, Action::Started);
        Ok(id)
    }

    fn actor(&self, id: usize) -> &Actor {
        &self.actors[id]
    }

    /// A new action about role `id` starts a step of its own.
    fn act(&self, id: usize, action: Action) {
        self.acting.set(Some((id, action)));
        self.active.set(true);
    }

    /// Type a line into a role's input; the transcript shows `[role] > line`.
    pub fn type_line(&self, id: usize, line: &str) {
        self.flush();
        self.show.wait();
        if self.env.stop.is_set() {
            // Interrupted at the prompt: the step is not played (what waits for it fails).
            return;
        }
        let actor = self.actor(id);
        self.show
            .role_line(&actor.name, PALETTE[id % PALETTE.len()], line, true);
        self.act(id, Action::Typed);
        if let Some(tx) = &actor.input {
            let _ = tx.send(line.to_string());
        }
    }

    /// Collect transcript lines until one from role `id` satisfies `want`; return its text.
    /// Fails after [`STEP`] or on Ctrl-C.
    pub fn expect(&self, id: usize, want: impl Fn(&Line) -> bool) -> Result<String> {
        let name = self.actor(id).name.clone();
        self.expect_from(&name, want)
    }

    /// [`Stage::expect`] for a stdout line containing `needle`.
    pub fn expect_out(&self, id: usize, needle: &str) -> Result<String> {
        self.expect_all(&[(id, Stream::Out, needle)])?;
        Ok(self.last_text(id, Stream::Out, needle))
    }

    /// [`Stage::expect`] for a stderr line containing `needle`.
    pub fn expect_err(&self, id: usize, needle: &str) -> Result<String> {
        self.expect_all(&[(id, Stream::Err, needle)])?;
        Ok(self.last_text(id, Stream::Err, needle))
    }

    /// The latest line of the step from role `id` on `stream` containing `needle`.
    fn last_text(&self, id: usize, stream: Stream, needle: &str) -> String {
        let name = &self.actor(id).name;
        self.pending
            .borrow()
            .iter()
            .rev()
            .find(|l| l.role == *name && l.stream == stream && l.text.contains(needle))
            .map(|l| l.text.clone())
            .unwrap_or_default()
    }

    /// Collect transcript lines until, for each `(role, stream, needle)`, a line of that role
    /// on that stream containing `needle` has appeared, in any order: roles running at the
    /// same time print in no fixed order. Fails after [`STEP`] or on Ctrl-C.
    pub fn expect_all(&self, wants: &[(usize, Stream, &str)]) -> Result<()> {
        let mut missing: Vec<(Arc<str>, Stream, &str)> = wants
            .iter()
            .map(|&(id, stream, needle)| (self.actor(id).name.clone(), stream, needle))
            .collect();
        // Whether `line` meets one of the missing expectations (which is then met).
        let tick = |missing: &mut Vec<(Arc<str>, Stream, &str)>, line: &Line| -> bool {
            let Some(i) = missing.iter().position(|(role, stream, needle)| {
                *role == line.role && *stream == line.stream && line.text.contains(needle)
            }) else {
                return false;
            };
            missing.swap_remove(i);
            true
        };
        for (at, line) in self.pending.borrow().iter().enumerate() {
            if !self.used.borrow().contains(&at) && tick(&mut missing, line) {
                self.used.borrow_mut().insert(at);
            }
        }
        let deadline = Instant::now() + STEP;
        while !missing.is_empty() {
            select! {
                recv(self.rx) -> line => {
                    let Ok(line) = line else { break };
                    if tick(&mut missing, &line) {
                        self.used.borrow_mut().insert(self.pending.borrow().len());
                    }
                    self.pending.borrow_mut().push(line);
                }
                recv(self.env.stop.rx()) -> _ => return Err(self.interrupted()),
                default(deadline.saturating_duration_since(Instant::now())) => break,
            }
        }
        match missing.first() {
            None => Ok(()),
            Some((role, _, needle)) => {
                self.flush();
                Err(Error::new(
                    self.env.tr(DemoText::TimedOut { role, what: needle }),
                ))
            }
        }
    }

    /// Wait for a server's `listening on ADDR:PORT` and return the address.
    pub fn listening(&self, id: usize) -> Result<std::net::SocketAddr> {
        let listening = self.env.tr(NetText::Listening(([0, 0, 0, 0], 0).into()));
        let line = self.expect_err(id, listening.trim_end_matches("0.0.0.0:0"))?;
        let addr = line.rsplit(' ').next().unwrap_or_default();
        addr.parse()
            .map_err(|_| Error::new(self.env.tr(DemoText::BadListening(&line))))
    }

    fn expect_from(&self, role: &str, want: impl Fn(&Line) -> bool) -> Result<String> {
        let early = self
            .pending
            .borrow()
            .iter()
            .enumerate()
            .position(|(at, l)| {
                !self.used.borrow().contains(&at) && l.mark.is_none() && &*l.role == role && want(l)
            });
        if let Some(at) = early {
            self.used.borrow_mut().insert(at);
            return Ok(self.pending.borrow()[at].text.clone());
        }
        let deadline = Instant::now() + STEP;
        loop {
            select! {
                recv(self.rx) -> line => {
                    let Ok(line) = line else { break };
                    let found = line.mark.is_none() && &*line.role == role && want(&line);
                    let text = line.text.clone();
                    if found {
                        self.used.borrow_mut().insert(self.pending.borrow().len());
                    }
                    self.pending.borrow_mut().push(line);
                    if found {
                        return Ok(text);
                    }
                }
                recv(self.env.stop.rx()) -> _ => return Err(self.interrupted()),
                default(deadline.saturating_duration_since(Instant::now())) => break,
            }
        }
        self.flush();
        Err(Error::new(
            self.env.tr(DemoText::TimedOut { role, what: "…" }),
        ))
    }

    fn interrupted(&self) -> Error {
        self.flush();
        Error::new(self.env.tr(DemoText::Interrupted))
    }

    /// Show the current step's lines once nothing more has arrived for [`SETTLE`], role by
    /// role (each role's lines in the order it printed them): the role the step acted on
    /// first, then the others in the order they were started; when the step started or
    /// stopped the role, its stdout lines (answers it got) come last.
    fn flush(&self) {
        if self.active.replace(false) {
            let deadline = Instant::now() + Duration::from_secs(1);
            while let Ok(line) = self
                .rx
                .recv_timeout(SETTLE.min(deadline.saturating_duration_since(Instant::now())))
            {
                self.pending.borrow_mut().push(line);
            }
        } else {
            self.pending.borrow_mut().extend(self.rx.try_iter());
        }
        let mut lines = std::mem::take(&mut *self.pending.borrow_mut());
        self.used.borrow_mut().clear();
        if let Some(cell) = &self.show.drawing {
            // In the order they were printed: the diagram's arrows follow the exchange.
            for line in &lines {
                if let Some(mark) = &line.mark {
                    cell.borrow_mut().mark(&line.role, mark);
                }
            }
            if let Some(live) = &self.show.live {
                for l in live.borrow_mut().update(&cell.borrow().diagram) {
                    self.show.log.out(l);
                }
            }
            return;
        }
        let acting = self
            .acting
            .get()
            .map(|(id, action)| (self.actors[id].name.clone(), action));
        let rank = |line: &Line| -> usize {
            if let Some((name, action)) = &acting
                && *name == line.role
            {
                return match (action, line.stream) {
                    (Action::Started, Stream::Out) => usize::MAX,
                    _ => 0,
                };
            }
            match self.actors.iter().position(|a| a.name == line.role) {
                Some(i) => i + 1,
                None => usize::MAX - 1,
            }
        };
        lines.sort_by_key(rank);
        for line in lines {
            let colour = match self.actors.iter().position(|a| a.name == line.role) {
                Some(i) => PALETTE[i % PALETTE.len()],
                None => 37,
            };
            let mut text = line.text;
            for hidden in self.hidden.borrow().iter() {
                text = text.replace(hidden.as_str(), "");
            }
            self.show.role_line(&line.role, colour, &text, false);
        }
    }

    /// Stop a role as Ctrl-C would and wait for it to finish (within [`STEP`]).
    pub fn stop(&mut self, id: usize) -> Result<()> {
        self.flush();
        self.show.wait();
        self.act(id, Action::Started);
        self.actors[id].trigger.fire();
        self.join(id)
    }

    /// Wait for a role to finish by itself (within [`STEP`]); its error is the demo's error.
    pub fn join(&mut self, id: usize) -> Result<()> {
        let name = self.actors[id].name.clone();
        self.ended(id)?.map_err(|e| {
            self.flush();
            Error::new(self.env.tr(DemoText::RoleFailed {
                role: &name,
                why: e.to_string(),
            }))
        })
    }

    /// Wait for a role that ends with an error of its own, as the scene means it to (an
    /// emitter whose server stopped: exit status 1 on the command line): its error is shown as
    /// its last line, as the command line shows it on stderr.
    pub fn join_failing(&mut self, id: usize) -> Result<()> {
        if let Err(e) = self.ended(id)? {
            let line = Line::text(self.actors[id].name.clone(), Stream::Err, e.to_string());
            self.pending.borrow_mut().push(line);
        }
        Ok(())
    }

    /// Wait for a role to finish (within [`STEP`]): `Err` if it did not or panicked, else what
    /// it returned.
    fn ended(&mut self, id: usize) -> Result<Result<()>> {
        let Some(handle) = self.actors[id].handle.take() else {
            return Ok(Ok(()));
        };
        self.active.set(true);
        let name = self.actors[id].name.clone();
        let deadline = Instant::now() + STEP;
        while !handle.is_finished() {
            if Instant::now() > deadline {
                self.flush();
                return Err(Error::new(self.env.tr(DemoText::DidNotFinish(&name))));
            }
            select! {
                recv(self.rx) -> line => if let Ok(line) = line {
                    self.pending.borrow_mut().push(line);
                },
                default(Duration::from_millis(20)) => {}
            }
        }
        match handle.join() {
            Ok(r) => Ok(r),
            Err(_) => {
                self.flush();
                Err(Error::new(self.env.tr(DemoText::Panicked(&name))))
            }
        }
    }

    /// Stop every role still running (last started first) and show what they said.
    pub fn finish(&mut self) {
        for id in (0..self.actors.len()).rev() {
            if self.actors[id].handle.is_some() {
                let _ = self.stop(id);
            }
        }
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::text::MsgText;
    use crate::term::log::Level;
    use crate::term::text::Lang;

    /// A role that, once typed to, waits for `before` (if given), tells `start` (if given),
    /// waits for `after` (if given), prints `text`, tells `then` (if given), and stays.
    fn speaker(
        text: &'static str,
        start: Option<Sender<()>>,
        after: Option<Receiver<()>>,
        then: Option<Sender<()>>,
    ) -> impl FnOnce(Env) -> Result<()> + Send + 'static {
        move |env: Env| {
            let _ = env.lines().recv();
            if let Some(start) = start {
                let _ = start.send(());
            }
            if let Some(after) = after {
                let _ = after.recv();
            }
            env.say(MsgText::Message { from: 1, text });
            if let Some(then) = then {
                let _ = then.send(());
            }
            let _ = env.lines().recv();
            Ok(())
        }
    }

    #[test]
    fn a_line_that_came_while_another_was_awaited_still_meets_its_expectation() {
        let (_trigger, stop) = shutdown::pair();
        let (sink, _shown) = unbounded();
        let env = Env::captured(
            Lang::En,
            "demo",
            Level::Normal,
            Sink::Channel(sink),
            stop,
            crossbeam_channel::never(),
        );
        let show = Show::new(&Config::default(), &env);
        let mut stage = Stage::new(&env, &show);
        // c, typed to, lets b speak, and speaks once b has.
        let (go_b, b_may) = bounded(1);
        let (b_spoke, c_may) = bounded(1);
        let b = stage.spawn("b", speaker("from b", None, Some(b_may), Some(b_spoke)));
        let c = stage.spawn("c", speaker("from c", Some(go_b), Some(c_may), None));
        let (b, c) = (b.unwrap(), c.unwrap());
        stage.type_line(b, "go");
        stage.type_line(c, "go");
        // b's line comes while c's is awaited; then b's is awaited.
        stage.expect_out(c, "from c").unwrap();
        stage.expect_out(b, "from b").unwrap();
    }
}
