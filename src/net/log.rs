//! Line output for a role: user-facing lines (stdout) and logs (stderr) with the role as
//! prefix, filtered by `-q`/`-v`, plus `--trace` frame dumps.
//!
//! Every line goes through a [`Sink`]: the process's own stdout/stderr, or a channel that
//! `netlab demo` reads to narrate several roles running in one process.

use std::fmt;
use std::io::Write;
use std::sync::Arc;

use crossbeam_channel::Sender;

/// Which standard stream a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// One line captured by a [`Sink::Channel`].
#[derive(Clone, Debug)]
pub struct Line {
    pub role: Arc<str>,
    pub stream: Stream,
    pub text: String,
}

/// Where a role's lines go.
#[derive(Clone, Debug)]
pub enum Sink {
    /// The process's stdout and stderr.
    Std,
    /// A channel (used by `netlab demo` and by tests running roles in-process).
    Channel(Sender<Line>),
}

impl Sink {
    /// Write one line. Stdout lines go out unprefixed (they are what the user asked for);
    /// stderr lines are prefixed by the role.
    pub fn write(&self, role: &Arc<str>, stream: Stream, text: fmt::Arguments<'_>) {
        match self {
            Sink::Std => match stream {
                // Both locks flush per line: stdout is line-buffered, stderr unbuffered.
                Stream::Out => {
                    let _ = writeln!(std::io::stdout().lock(), "{text}");
                }
                Stream::Err => {
                    let _ = writeln!(std::io::stderr().lock(), "{role}: {text}");
                }
            },
            Sink::Channel(tx) => {
                let _ = tx.send(Line {
                    role: role.clone(),
                    stream,
                    text: text.to_string(),
                });
            }
        }
    }
}

/// How chatty the stderr log is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `-q`: errors only.
    Quiet,
    /// Default: errors, warnings and notable events.
    Normal,
    /// `-v`: also every connection and routing decision.
    Verbose,
}

/// Direction of a traced frame.
#[derive(Clone, Copy, Debug)]
pub enum Dir {
    In,
    Out,
}

/// A role's logger. Cheap to clone (threads of the role each hold one).
#[derive(Clone, Debug)]
pub struct Log {
    role: Arc<str>,
    level: Level,
    trace: bool,
    sink: Sink,
}

impl Log {
    pub fn new(role: impl Into<Arc<str>>, level: Level, trace: bool, sink: Sink) -> Self {
        Log {
            role: role.into(),
            level,
            trace,
            sink,
        }
    }

    /// The same settings under another role name.
    pub fn named(&self, role: impl Into<Arc<str>>) -> Self {
        Log {
            role: role.into(),
            ..self.clone()
        }
    }

    pub fn role(&self) -> &str {
        &self.role
    }

    pub fn level(&self) -> Level {
        self.level
    }

    pub fn sink(&self) -> &Sink {
        &self.sink
    }

    /// A user-facing stdout line.
    pub fn out(&self, text: impl fmt::Display) {
        self.sink
            .write(&self.role, Stream::Out, format_args!("{text}"));
    }

    pub fn error(&self, msg: impl fmt::Display) {
        self.sink
            .write(&self.role, Stream::Err, format_args!("error: {msg}"));
    }

    pub fn warn(&self, msg: impl fmt::Display) {
        if self.level >= Level::Normal {
            self.sink
                .write(&self.role, Stream::Err, format_args!("warning: {msg}"));
        }
    }

    pub fn info(&self, msg: impl fmt::Display) {
        if self.level >= Level::Normal {
            self.sink
                .write(&self.role, Stream::Err, format_args!("{msg}"));
        }
    }

    pub fn debug(&self, msg: impl fmt::Display) {
        if self.level >= Level::Verbose {
            self.sink
                .write(&self.role, Stream::Err, format_args!("{msg}"));
        }
    }

    pub fn verbose(&self) -> bool {
        self.level >= Level::Verbose
    }

    /// Is `--trace` on? Check before building an expensive dump.
    pub fn tracing(&self) -> bool {
        self.trace
    }

    /// `--trace`: one decoded frame, sent or received, with the peer it went to or came from.
    pub fn trace(&self, dir: Dir, peer: impl fmt::Display, frame: impl fmt::Debug) {
        if self.trace {
            let arrow = match dir {
                Dir::In => "<-",
                Dir::Out => "->",
            };
            self.sink.write(
                &self.role,
                Stream::Err,
                format_args!("trace {arrow} {peer} {frame:?}"),
            );
        }
    }
}
