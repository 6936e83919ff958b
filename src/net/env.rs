//! What a role gets from its caller: its logger (which knows the language), the stop signal
//! and its input lines.
//!
//! `main` builds one from the command line (stdout/stderr, Ctrl-C, stdin); `netlab demo` and
//! in-process tests build several, with channels in place of the terminal.

use std::sync::{Arc, OnceLock};

use crossbeam_channel::Receiver;

use super::shutdown::Stop;
use crate::term::log::{Level, Log, Sink, Trace};
use crate::term::text::{Lang, Text};

/// Where a role's input lines come from.
#[derive(Clone, Debug)]
pub enum Input {
    /// The process's stdin, read by one thread started on first use.
    Stdin(Arc<OnceLock<Receiver<String>>>),
    /// Lines supplied by a caller; a disconnected channel is end of input.
    Channel(Receiver<String>),
}

impl Input {
    /// The process's stdin.
    pub fn stdin() -> Input {
        Input::Stdin(Arc::default())
    }
}

/// A role's environment.
#[derive(Clone, Debug)]
pub struct Env {
    pub log: Log,
    /// Disconnects when the role must stop (Ctrl-C, SIGTERM, or the demo's decision).
    pub stop: Stop,
    input: Input,
}

impl Env {
    pub fn new(log: Log, stop: Stop, input: Input) -> Self {
        Env { log, stop, input }
    }

    /// An environment writing to `sink` under `role`, for in-process use (demo, tests,
    /// benchmarks).
    pub fn captured(
        lang: Lang,
        role: &str,
        level: Level,
        sink: Sink,
        stop: Stop,
        input: Receiver<String>,
    ) -> Self {
        Env::new(
            Log::new(role, level, Trace::Off, lang, sink),
            stop,
            Input::Channel(input),
        )
    }

    /// The same environment for another role name (a demo runs several roles).
    pub fn named(&self, role: &str) -> Self {
        Env {
            log: self.log.named(role),
            ..self.clone()
        }
    }

    pub fn lang(&self) -> Lang {
        self.log.lang()
    }

    /// The role's input lines; the channel disconnects at end of input. Every call returns
    /// the same lines (stdin is read by one thread).
    pub fn lines(&self) -> Receiver<String> {
        match &self.input {
            Input::Stdin(once) => once
                .get_or_init(|| crate::term::stdin::lines(self.log.clone()))
                .clone(),
            Input::Channel(rx) => rx.clone(),
        }
    }

    /// [`Env::lines`] for a role the user types into while lines arrive: on a terminal, read
    /// with the line editor ([`crate::term::editor`]), which prints every line above its prompt
    /// until [`crate::term::editor::finish`]; on a pipe, the same plain lines as [`Env::lines`].
    pub fn edited_lines(&self) -> Receiver<String> {
        match &self.input {
            Input::Stdin(once) => once
                .get_or_init(|| {
                    crate::term::editor::lines(self.log.clone())
                        .unwrap_or_else(|| crate::term::stdin::lines(self.log.clone()))
                })
                .clone(),
            Input::Channel(rx) => rx.clone(),
        }
    }

    /// Render a catalog sentence in this role's language.
    pub fn tr(&self, text: impl Text) -> String {
        text.render(self.lang())
    }

    /// Print a catalog sentence on stdout (what the user asked for). When stdout cannot take
    /// it, the log says so and the role stops ([`Log::out`]); a role whose next step depends
    /// on the line being shown asks [`Log::say`] itself.
    pub fn say(&self, text: impl Text) {
        self.log.say(text);
    }

    /// Print a catalog sentence on stderr (status the user should see, not data), unless `-q`.
    pub fn note(&self, text: impl Text) {
        self.log.info(text);
    }
}
