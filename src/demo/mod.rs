//! `netlab demo`: the specs' classroom scenarios, run on loopback ephemeral ports inside this
//! one process, printed as a narrated transcript in which every line carries its role
//! (`[emitter 1] > Ob-la-di`, `[display 1002] Message from 1: Ob-la-di`).
//!
//! A [`Stage`] runs each role on its own thread with an [`Env`] whose output is captured, feeds
//! it input lines, and moves the scenario on only when the line it waits for has appeared
//! (with a deadline), so the transcript is the same on every run.

pub mod app;
pub mod chat;
pub mod kv;
pub mod mcast;
pub mod msg;

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select, unbounded};

use crate::cli::DemoArgs;
use crate::net::env::Input;
use crate::net::log::{Line, Log, Sink, Stream};
use crate::net::shutdown::{self, Trigger};
use crate::net::text::Text;
use crate::net::{Env, Error, Result};

/// How long one step may take before the demo gives up.
pub const STEP: Duration = Duration::from_secs(10);

/// The scenarios, one per protocol.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Msg,
    Kv,
    Chat,
    Mcast,
    App,
}

/// What `netlab demo` plays.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// One scenario; `None`: all of them, in turn.
    pub scenario: Option<Scenario>,
}

impl From<DemoArgs> for Config {
    fn from(a: DemoArgs) -> Self {
        Config {
            scenario: a.scenario,
        }
    }
}

pub fn run(config: Config, env: Env) -> Result<()> {
    let all = [
        Scenario::Msg,
        Scenario::Kv,
        Scenario::Chat,
        Scenario::Mcast,
        Scenario::App,
    ];
    let chosen: Vec<Scenario> = match config.scenario {
        Some(s) => vec![s],
        None => all.to_vec(),
    };
    for (i, scenario) in chosen.into_iter().enumerate() {
        if i > 0 {
            env.log.out("");
        }
        let mut stage = Stage::new(&env);
        let outcome = match scenario {
            Scenario::Msg => msg::run(&mut stage),
            Scenario::Kv => kv::run(&mut stage),
            Scenario::Chat => chat::run(&mut stage),
            Scenario::Mcast => mcast::run(&mut stage),
            Scenario::App => app::run(&mut stage),
        };
        stage.finish();
        outcome?;
        if env.stop.is_set() {
            break;
        }
    }
    Ok(())
}

/// One role running on the stage.
pub struct Actor {
    name: String,
    input: Option<Sender<String>>,
    trigger: Trigger,
    handle: Option<JoinHandle<Result<()>>>,
}

/// The scenario runner: captured roles, their transcript, and the narration.
pub struct Stage {
    env: Env,
    tx: Sender<Line>,
    rx: Receiver<Line>,
    actors: Vec<Actor>,
}

impl Stage {
    pub fn new(env: &Env) -> Stage {
        let (tx, rx) = unbounded();
        Stage {
            env: env.clone(),
            tx,
            rx,
            actors: Vec::new(),
        }
    }

    /// The demo's own environment (language, log level).
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// A narration line, printed as `# text`.
    pub fn narrate(&self, text: impl Text) {
        self.drain();
        self.env.log.out(format_args!("# {}", self.env.tr(text)));
    }

    /// A title line, printed as `== text ==`.
    pub fn title(&self, text: impl Text) {
        self.env
            .log
            .out(format_args!("== {} ==", self.env.tr(text)));
    }

    /// Start a role named `role` (the transcript prefix) on its own thread.
    pub fn spawn<F>(&mut self, role: &str, body: F) -> Result<usize>
    where
        F: FnOnce(Env) -> Result<()> + Send + 'static,
    {
        let (trigger, stop) = shutdown::pair();
        let (input_tx, input_rx) = unbounded();
        let log = Log::new(
            role,
            self.env.log.level(),
            self.env.log.trace_mode(),
            self.env.lang(),
            Sink::Channel(self.tx.clone()),
        );
        let env = Env::new(log, stop, Input::Channel(input_rx));
        let handle = std::thread::Builder::new()
            .name(format!("demo-{role}"))
            .spawn(move || body(env))
            .map_err(|e| Error::new(format!("cannot start {role}: {e}")))?;
        self.actors.push(Actor {
            name: role.to_string(),
            input: Some(input_tx),
            trigger,
            handle: Some(handle),
        });
        Ok(self.actors.len() - 1)
    }

    fn actor(&self, id: usize) -> &Actor {
        &self.actors[id]
    }

    /// Type a line into a role's input; the transcript shows `[role] > line`.
    pub fn type_line(&self, id: usize, line: &str) {
        self.drain();
        let actor = self.actor(id);
        self.env.log.out(format_args!("[{}] > {line}", actor.name));
        if let Some(tx) = &actor.input {
            let _ = tx.send(line.to_string());
        }
    }

    /// Print transcript lines until one from role `id` satisfies `want`; return its text.
    /// Fails after [`STEP`] or on Ctrl-C.
    pub fn expect(&self, id: usize, want: impl Fn(&Line) -> bool) -> Result<String> {
        let name = self.actor(id).name.clone();
        self.expect_from(&name, want)
    }

    /// [`Stage::expect`] for a stdout line containing `needle`.
    pub fn expect_out(&self, id: usize, needle: &str) -> Result<String> {
        self.expect(id, |l| l.stream == Stream::Out && l.text.contains(needle))
            .map_err(|e| Error::new(format!("{e} (waiting for {needle:?})")))
    }

    /// [`Stage::expect`] for a stderr line containing `needle`.
    pub fn expect_err(&self, id: usize, needle: &str) -> Result<String> {
        self.expect(id, |l| l.stream == Stream::Err && l.text.contains(needle))
            .map_err(|e| Error::new(format!("{e} (waiting for {needle:?})")))
    }

    /// Print transcript lines until, for each `(role, stream, needle)`, a line of that role on
    /// that stream containing `needle` has appeared, in any order: roles running at the same
    /// time print in no fixed order. Fails after [`STEP`] or on Ctrl-C.
    pub fn expect_all(&self, wants: &[(usize, Stream, &str)]) -> Result<()> {
        let mut missing: Vec<(String, Stream, &str)> = wants
            .iter()
            .map(|&(id, stream, needle)| (self.actor(id).name.clone(), stream, needle))
            .collect();
        let deadline = Instant::now() + STEP;
        while !missing.is_empty() {
            select! {
                recv(self.rx) -> line => {
                    let Ok(line) = line else { break };
                    self.show(&line);
                    if let Some(i) = missing.iter().position(|(role, stream, needle)| {
                        **role == *line.role && *stream == line.stream && line.text.contains(needle)
                    }) {
                        missing.swap_remove(i);
                    }
                }
                recv(self.env.stop.rx()) -> _ => return Err(Error::new("demo interrupted")),
                default(deadline.saturating_duration_since(Instant::now())) => break,
            }
        }
        match missing.first() {
            None => Ok(()),
            Some((role, _, needle)) => Err(Error::new(format!(
                "demo step timed out: {role} did not say {needle:?}"
            ))),
        }
    }

    /// Wait for a server's `listening on ADDR:PORT` and return the address.
    pub fn listening(&self, id: usize) -> Result<std::net::SocketAddr> {
        let line = self.expect_err(id, "listening on ")?;
        let addr = line.rsplit(' ').next().unwrap_or_default();
        addr.parse()
            .map_err(|_| Error::new(format!("bad listening line {line:?}")))
    }

    fn expect_from(&self, role: &str, want: impl Fn(&Line) -> bool) -> Result<String> {
        let deadline = Instant::now() + STEP;
        loop {
            select! {
                recv(self.rx) -> line => {
                    let Ok(line) = line else { break };
                    self.show(&line);
                    if &*line.role == role && want(&line) {
                        return Ok(line.text);
                    }
                }
                recv(self.env.stop.rx()) -> _ => {
                    return Err(Error::new("demo interrupted"));
                }
                default(deadline.saturating_duration_since(Instant::now())) => break,
            }
        }
        Err(Error::new(format!(
            "demo step timed out: {role} did not say it"
        )))
    }

    fn show(&self, line: &Line) {
        self.env
            .log
            .out(format_args!("[{}] {}", line.role, line.text));
    }

    /// Print every line already captured.
    pub fn drain(&self) {
        while let Ok(line) = self.rx.try_recv() {
            self.show(&line);
        }
    }

    /// Stop a role as Ctrl-C would and wait for it to finish (within [`STEP`]).
    pub fn stop(&mut self, id: usize) -> Result<()> {
        self.actors[id].trigger.fire();
        self.join(id)
    }

    /// Wait for a role to finish by itself (within [`STEP`]); its error is the demo's error.
    pub fn join(&mut self, id: usize) -> Result<()> {
        let Some(handle) = self.actors[id].handle.take() else {
            return Ok(());
        };
        let deadline = Instant::now() + STEP;
        while !handle.is_finished() {
            if Instant::now() > deadline {
                return Err(Error::new(format!(
                    "{} did not finish",
                    self.actors[id].name
                )));
            }
            select! {
                recv(self.rx) -> line => if let Ok(line) = line { self.show(&line) },
                default(Duration::from_millis(20)) => {}
            }
        }
        self.drain();
        let name = self.actors[id].name.clone();
        match handle.join() {
            Ok(r) => r.map_err(|e| Error::new(format!("{name}: {e}"))),
            Err(_) => Err(Error::new(format!("{name} panicked"))),
        }
    }

    /// Stop every role still running (last started first) and print what they said.
    pub fn finish(&mut self) {
        for id in (0..self.actors.len()).rev() {
            if self.actors[id].handle.is_some() {
                let _ = self.stop(id);
            }
        }
        self.drain();
    }
}
