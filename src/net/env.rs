//! What a role gets from its caller: language, logger, the stop signal and its input lines.
//!
//! `main` builds one from the command line (stdout/stderr, Ctrl-C, stdin); `netlab demo` and
//! in-process tests build several, with channels in place of the terminal.

use crossbeam_channel::Receiver;

use super::log::{Level, Log, Sink};
use super::shutdown::Stop;
use super::text::{Lang, Text};

/// Where a role's input lines come from.
#[derive(Clone, Debug)]
pub enum Input {
    /// The process's stdin, read by a thread started on first use.
    Stdin,
    /// Lines supplied by a caller; a disconnected channel is end of input.
    Channel(Receiver<String>),
}

/// A role's environment.
#[derive(Clone, Debug)]
pub struct Env {
    pub lang: Lang,
    pub log: Log,
    /// Disconnects when the role must stop (Ctrl-C, SIGTERM, or the demo's decision).
    pub stop: Stop,
    input: Input,
}

impl Env {
    pub fn new(lang: Lang, log: Log, stop: Stop, input: Input) -> Self {
        Env {
            lang,
            log,
            stop,
            input,
        }
    }

    /// An environment writing to `sink` under `role`, for in-process use (demo, tests).
    pub fn captured(
        lang: Lang,
        role: &str,
        level: Level,
        sink: Sink,
        stop: Stop,
        input: Receiver<String>,
    ) -> Self {
        Env::new(
            lang,
            Log::new(role, level, false, sink),
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

    /// The role's input lines; the channel disconnects at end of input.
    pub fn lines(&self) -> Receiver<String> {
        match &self.input {
            Input::Stdin => super::stdin::lines(),
            Input::Channel(rx) => rx.clone(),
        }
    }

    /// Render a catalog sentence in this role's language.
    pub fn tr(&self, text: impl Text) -> String {
        text.render(self.lang)
    }

    /// Print a catalog sentence on stdout (what the user asked for).
    pub fn say(&self, text: impl Text) {
        self.log.out(text.render(self.lang));
    }

    /// Print a catalog sentence on stderr (status the user should see, not data), unless `-q`.
    pub fn note(&self, text: impl Text) {
        self.log.info(text.render(self.lang));
    }
}
