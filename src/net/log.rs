//! Line output for a role: user-facing lines (stdout) and logs (stderr) with the role as
//! prefix, filtered by `-q`/`-v`, in the user's language, plus `--trace` frame dumps.
//!
//! Every line goes through a [`Sink`]: the process's own stdout/stderr, or a channel that
//! `netlab demo` reads to narrate several roles running in one process. Whatever a line holds,
//! the sink writes it terminal-safe ([`text::safe`]): remote text never reaches the terminal
//! raw, whichever role printed it and however.
//!
//! Logs are catalog sentences ([`Text`]), so they exist in en and pt; the only free-form lines
//! are stdout data ([`Log::out`]), `-v` event lines made of `key=value` fields
//! ([`Log::event`]), and traces.

use std::fmt;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use crossbeam_channel::Sender;

use super::sentences::NetText;
use super::text::{self, Lang, Text};

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
    /// Write one line, made terminal-safe. Stdout lines go out unprefixed (they are what the
    /// user asked for); stderr lines are prefixed by the role.
    pub fn write(&self, role: &Arc<str>, stream: Stream, line: &str) {
        let line = text::safe(line);
        match self {
            Sink::Std => match stream {
                // Both locks flush per line: stdout is line-buffered, stderr unbuffered.
                Stream::Out => {
                    let _ = writeln!(std::io::stdout().lock(), "{line}");
                }
                Stream::Err => {
                    let _ = writeln!(std::io::stderr().lock(), "{role}: {line}");
                }
            },
            Sink::Channel(tx) => {
                let _ = tx.send(Line {
                    role: role.clone(),
                    stream,
                    text: line.into_owned(),
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

/// `--trace`: off, one decoded line per frame, or that line with a timestamp and a hex dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Trace {
    #[default]
    Off,
    Frames,
    Hex,
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
    trace: Trace,
    lang: Lang,
    sink: Sink,
    /// Where trace timestamps count from.
    start: Instant,
}

impl Log {
    pub fn new(
        role: impl Into<Arc<str>>,
        level: Level,
        trace: Trace,
        lang: Lang,
        sink: Sink,
    ) -> Self {
        Log {
            role: role.into(),
            level,
            trace,
            lang,
            sink,
            start: Instant::now(),
        }
    }

    /// The same settings under another role name.
    pub fn named(&self, role: impl Into<Arc<str>>) -> Self {
        Log {
            role: role.into(),
            ..self.clone()
        }
    }

    pub fn level(&self) -> Level {
        self.level
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn trace_mode(&self) -> Trace {
        self.trace
    }

    /// Render a sentence in this log's language.
    pub fn tr(&self, text: impl Text) -> String {
        text.render(self.lang)
    }

    /// A stdout line of data (a relayed message, an answer): what the user asked for.
    pub fn out(&self, line: impl fmt::Display) {
        self.sink.write(&self.role, Stream::Out, &line.to_string());
    }

    /// A catalog sentence on stdout.
    pub fn say(&self, text: impl Text) {
        self.sink
            .write(&self.role, Stream::Out, &text.render(self.lang));
    }

    pub fn error(&self, text: impl Text) {
        self.prefixed(NetText::ErrorPrefix, text);
    }

    pub fn warn(&self, text: impl Text) {
        if self.level >= Level::Normal {
            self.prefixed(NetText::WarningPrefix, text);
        }
    }

    /// A notable event (joins, leaves, the listening address), unless `-q`.
    pub fn info(&self, text: impl Text) {
        if self.level >= Level::Normal {
            self.sink
                .write(&self.role, Stream::Err, &text.render(self.lang));
        }
    }

    /// A detail shown with `-v`.
    pub fn debug(&self, text: impl Text) {
        if self.level >= Level::Verbose {
            self.sink
                .write(&self.role, Stream::Err, &text.render(self.lang));
        }
    }

    /// A `-v` event line made of `key=value` fields (the same in every language, so scripts
    /// and tests can grep it), e.g. `flood new KEYFLOOD client=127.0.0.1:6000 nseq=0`.
    pub fn event(&self, fields: fmt::Arguments<'_>) {
        if self.level >= Level::Verbose {
            self.sink
                .write(&self.role, Stream::Err, &fields.to_string());
        }
    }

    pub fn verbose(&self) -> bool {
        self.level >= Level::Verbose
    }

    /// Is `--trace` on? Check before building an expensive dump.
    pub fn tracing(&self) -> bool {
        self.trace != Trace::Off
    }

    /// `--trace`: one decoded frame, sent or received, with the peer it went to or came from,
    /// and with `--trace=hex` its bytes (when the caller has them).
    pub fn trace(
        &self,
        dir: Dir,
        peer: SocketAddr,
        frame: impl fmt::Display,
        bytes: Option<&[u8]>,
    ) {
        let arrow = match dir {
            Dir::In => "<-",
            Dir::Out => "->",
        };
        match self.trace {
            Trace::Off => {}
            Trace::Frames => self.sink.write(
                &self.role,
                Stream::Err,
                &format!("trace {arrow} {peer} {frame}"),
            ),
            Trace::Hex => {
                let t = self.start.elapsed().as_secs_f64();
                self.sink.write(
                    &self.role,
                    Stream::Err,
                    &format!("trace {arrow} {peer} {frame} (+{t:.6}s)"),
                );
                for row in bytes.unwrap_or_default().chunks(16) {
                    self.sink.write(
                        &self.role,
                        Stream::Err,
                        &format!("trace    {}", hex_row(row)),
                    );
                }
            }
        }
    }

    fn prefixed(&self, prefix: NetText, text: impl Text) {
        let line = format!("{} {}", prefix.render(self.lang), text.render(self.lang));
        self.sink.write(&self.role, Stream::Err, &line);
    }
}

/// One row of a hex dump: `00 02 00 01 …  |..Ol|`.
pub fn hex_row(row: &[u8]) -> String {
    let mut out = String::with_capacity(16 * 3 + 20);
    for (i, b) in row.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&format!("{b:02x}"));
    }
    for _ in row.len()..16 {
        out.push_str("   ");
    }
    out.push_str("  |");
    out.extend(row.iter().map(|&b| {
        if b.is_ascii_graphic() || b == b' ' {
            b as char
        } else {
            '.'
        }
    }));
    out.push('|');
    out
}

#[cfg(test)]
mod tests {
    use super::hex_row;

    #[test]
    fn hex_rows() {
        assert_eq!(
            hex_row(&[0, 2, 0, 1, b'O', b'l']),
            format!("00 02 00 01 4f 6c{}  |....Ol|", "   ".repeat(10))
        );
    }
}
