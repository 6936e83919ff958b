//! Line output for a role: user-facing lines (stdout) and logs (stderr) with the role as
//! prefix, filtered by `-q`/`-v`, in the user's language, plus `--trace` frame dumps.
//!
//! Every line goes through a [`Sink`]: the process's own stdout/stderr, or a channel that
//! `netlab demo` reads to narrate several roles running in one process. Whatever a line holds,
//! the sink writes it terminal-safe ([`text::safe`]): remote text never reaches the terminal
//! raw, whichever role printed it and however.
//!
//! While a line editor holds the terminal ([`super::editor`]), the lines bound for it go
//! through the editor, which prints them above its prompt ([`print_above`]): a line that
//! arrives while the user types never lands inside the half-typed line.
//!
//! Logs are catalog sentences ([`Text`]), so they exist in en and pt; the only free-form lines
//! are stdout data ([`Log::out`]), `-v` event lines made of `key=value` fields
//! ([`Log::event`]), and traces.

use std::fmt;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use crossbeam_channel::Sender;

use super::text::{self, Lang, Style, Text};
use crate::net::sentences::NetText;

/// Which standard stream a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// One line captured by a [`Sink::Channel`]: a line of text, or (with `mark`, and no text)
/// what a diagram is drawn from.
#[derive(Clone, Debug)]
pub struct Line {
    pub role: Arc<str>,
    pub stream: Stream,
    pub text: String,
    pub mark: Option<Mark>,
}

impl Line {
    /// A line of text.
    pub fn text(role: Arc<str>, stream: Stream, text: String) -> Line {
        Line {
            role,
            stream,
            text,
            mark: None,
        }
    }
}

/// What a role tells a diagram ([`Log::with_marks`]), as data rather than as sentences: the
/// same in every language, and whatever `-q` or `--trace` say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The role listens at `addr`; `name` is the participant when it is not the role itself
    /// (a kv client's answer port).
    Listening {
        addr: SocketAddr,
        name: Option<String>,
    },
    /// Who the role is, once it knows (`emitter 1`, once registered).
    Named(String),
    /// Who is at `addr`, as the role knows it (`server 127.0.0.1:21000`, which it dialled).
    Peer { addr: SocketAddr, name: String },
    /// A frame sent to or received from `peer`, in its short form
    /// (`MSG 1→1001 seq=3 "Ob-la-di"`).
    Frame {
        dir: Dir,
        peer: SocketAddr,
        label: String,
    },
    /// A remark on the frames of `peer` (a hint).
    Remark { peer: SocketAddr, text: String },
}

/// Where a role's lines go.
#[derive(Clone, Debug)]
pub enum Sink {
    /// The process's stdout and stderr.
    Std,
    /// A channel (used by `netlab demo` and by tests running roles in-process).
    Channel(Sender<Line>),
}

/// The first error a stdout line met (a full disk, a closed pipe): a role whose stdout is a
/// report (`netlab check`) names it.
static STDOUT_ERROR: OnceLock<std::io::Error> = OnceLock::new();

/// The first error writing a line on the process's stdout met, if any.
pub fn stdout_error() -> Option<&'static std::io::Error> {
    STDOUT_ERROR.get()
}

/// Stdout failed to take a line once: every later stdout line is dropped unwritten, and
/// `main` ends the process with status 1.
static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Has stdout refused a line (full disk, closed pipe, `| head -1` gone)? Then what the role
/// reported did not all reach the user, and the run is a failure (exit status 1).
pub fn stdout_failed() -> bool {
    STDOUT_FAILED.load(Ordering::SeqCst)
}

/// Prints one whole line (its `\n` included) above a line editor's prompt.
pub type Printer = Box<dyn FnMut(String) -> std::io::Result<()> + Send>;

/// Where the lines bound for the terminal go while a line editor holds it.
pub struct Above {
    pub print: Printer,
    /// stdout is that terminal, so its lines go there (a redirected stdout keeps its lines).
    pub stdout: bool,
    /// stderr is the same terminal, so its lines go there too (a redirected stderr does not).
    pub stderr: bool,
}

/// The line editor's printer while it holds the terminal.
static ABOVE: Mutex<Option<Above>> = Mutex::new(None);

/// Route the process's stdout lines (and its stderr lines, when `stderr`) through a line
/// editor's printer, or back to the streams with `None`; returns the printer that was set.
pub fn print_above(above: Option<Above>) -> Option<Above> {
    let mut slot = ABOVE.lock().unwrap_or_else(|e| e.into_inner());
    std::mem::replace(&mut *slot, above)
}

/// A line through the line editor's printer, when one holds the terminal (and, for a stderr
/// line, when stderr is that terminal): `None` when the line is the stream's to write.
fn through_editor(stderr: bool, line: &str) -> Option<std::io::Result<()>> {
    let mut slot = ABOVE.lock().unwrap_or_else(|e| e.into_inner());
    let above = slot.as_mut().filter(|above| match stderr {
        true => above.stderr,
        false => above.stdout,
    })?;
    Some((above.print)(format!("{line}\n")))
}

impl Sink {
    /// Write one line, made terminal-safe. Stdout lines go out unprefixed (they are what the
    /// user asked for); stderr lines are prefixed by the role. A stdout line that could not be
    /// written is an error ([`Log::out`] says it and stops the role); a stderr line has
    /// nowhere else to go.
    pub fn write(&self, role: &Arc<str>, stream: Stream, line: &str) -> std::io::Result<()> {
        let line = text::safe(line);
        match self {
            Sink::Std => match stream {
                // Both locks flush per line: stdout is line-buffered, stderr unbuffered.
                Stream::Out => write_stdout(&line),
                Stream::Err => {
                    let line = format!("{role}: {line}");
                    if through_editor(true, &line).is_none() {
                        let _ = writeln!(std::io::stderr().lock(), "{line}");
                    }
                    Ok(())
                }
            },
            Sink::Channel(tx) => {
                let _ = tx.send(Line::text(role.clone(), stream, line.into_owned()));
                Ok(())
            }
        }
    }

    /// Write one stdout line made of styled parts: each part terminal-safe, and on
    /// [`Sink::Std`] with `colour` on, in its style. A channel gets the plain text.
    pub fn write_styled(
        &self,
        role: &Arc<str>,
        parts: &[(Style, &str)],
        colour: bool,
    ) -> std::io::Result<()> {
        match self {
            Sink::Std => {
                let line: String = parts
                    .iter()
                    .map(|&(style, part)| text::paint(style, part, colour))
                    .collect();
                write_stdout(&line)
            }
            Sink::Channel(_) => {
                let line: String = parts.iter().map(|&(_, part)| part).collect();
                self.write(role, Stream::Out, &line)
            }
        }
    }
}

/// One line on the process's stdout, or the error that kept it out. Once stdout has failed,
/// nothing more is tried: a line after a lost one would mislead.
fn write_stdout(line: &str) -> std::io::Result<()> {
    if stdout_failed() {
        return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
    }
    let written = match through_editor(false, line) {
        Some(written) => written,
        None => writeln!(std::io::stdout().lock(), "{line}"),
    };
    if let Err(e) = &written {
        // (A copy that keeps the OS error number, which the user's language renders.)
        let copy = e.raw_os_error().map_or_else(
            || std::io::Error::new(e.kind(), e.to_string()),
            std::io::Error::from_raw_os_error,
        );
        let _ = STDOUT_ERROR.set(copy);
    }
    written
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// Send [`Mark`]s down the channel (a diagram is drawn from them).
    marks: bool,
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
            marks: false,
        }
    }

    /// The same log, also sending [`Mark`]s when its sink is a channel: what a diagram of the
    /// role's exchange is drawn from (`--diagram`).
    pub fn with_marks(self) -> Self {
        Log {
            marks: matches!(self.sink, Sink::Channel(_)),
            ..self
        }
    }

    /// Does this log send [`Mark`]s?
    pub fn marking(&self) -> bool {
        self.marks
    }

    /// Tell the diagram something (nothing without [`Log::with_marks`]).
    pub fn mark(&self, mark: Mark) {
        if let (true, Sink::Channel(tx)) = (self.marks, &self.sink) {
            let _ = tx.send(Line {
                role: self.role.clone(),
                stream: Stream::Err,
                text: String::new(),
                mark: Some(mark),
            });
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
    /// Returns whether stdout took it: when it cannot (a full disk, a closed pipe), the role
    /// must not act as if the user saw it (a display does not acknowledge the message); the
    /// first failure is said on stderr and stops the role (its goodbye, then exit status 1).
    pub fn out(&self, line: impl fmt::Display) -> bool {
        let done = self.sink.write(&self.role, Stream::Out, &line.to_string());
        self.taken(done)
    }

    /// A stdout line in styles (colour only when `colour`; see [`Sink::write_styled`]).
    /// Returns whether stdout took it, as [`Log::out`].
    pub fn out_styled(&self, parts: &[(Style, &str)], colour: bool) -> bool {
        let done = self.sink.write_styled(&self.role, parts, colour);
        self.taken(done)
    }

    /// A catalog sentence on stdout. Returns whether stdout took it, as [`Log::out`].
    pub fn say(&self, text: impl Text) -> bool {
        let done = self
            .sink
            .write(&self.role, Stream::Out, &text.render(self.lang));
        self.taken(done)
    }

    /// The outcome of a stdout write: the first failure is said (why, and that the role
    /// stops) and stops the process's role, as Ctrl-C would but ending with status 1.
    fn taken(&self, done: std::io::Result<()>) -> bool {
        let Err(e) = done else {
            return true;
        };
        if !STDOUT_FAILED.swap(true, Ordering::SeqCst) {
            let why = text::os_error(&e, self.lang);
            self.error(NetText::StdoutFailed(&why));
            crate::net::shutdown::stop_process();
        }
        false
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
            self.stderr(&text.render(self.lang));
        }
    }

    /// A detail shown with `-v`.
    pub fn debug(&self, text: impl Text) {
        if self.level >= Level::Verbose {
            self.stderr(&text.render(self.lang));
        }
    }

    /// A `-v` event line made of `key=value` fields (the same in every language, so scripts
    /// and tests can grep it), e.g. `flood new KEYFLOOD client=127.0.0.1:6000 nseq=0`.
    pub fn event(&self, fields: fmt::Arguments<'_>) {
        if self.level >= Level::Verbose {
            self.stderr(&fields.to_string());
        }
    }

    pub fn verbose(&self) -> bool {
        self.level >= Level::Verbose
    }

    /// Is `--trace` on, or a diagram drawn? Check before building an expensive dump.
    pub fn tracing(&self) -> bool {
        self.trace != Trace::Off || self.marks
    }

    /// `--trace`: one decoded frame, sent or received, with the peer it went to or came from:
    ///
    /// ```text
    /// trace <- 127.0.0.1:40112 MSG 1->0 seq=1 "Ob-la-di"
    /// ```
    ///
    /// With `--trace=hex` the line also says when (seconds since the role started) and how
    /// many bytes, and a hex dump of the bytes follows (when the caller has them):
    ///
    /// ```text
    /// trace <- 127.0.0.1:40112 MSG 1->0 seq=1 "Ob-la-di" (+0.081532s, 24 bytes)
    /// trace      0000  00 02 00 01 00 00 00 00  00 01 65 a1 b2 c3 00 08  |..........e.....|
    /// trace      0010  4f 62 2d 6c 61 2d 64 69                           |Ob-la-di|
    /// ```
    pub fn trace(
        &self,
        dir: Dir,
        peer: SocketAddr,
        frame: impl fmt::Display,
        bytes: Option<&[u8]>,
    ) {
        if self.marks {
            // The short form, where the frame has one (`{:#}`): the diagram's arrow label.
            self.mark(Mark::Frame {
                dir,
                peer,
                label: format!("{frame:#}"),
            });
        }
        let arrow = match dir {
            Dir::In => "<-",
            Dir::Out => "->",
        };
        match self.trace {
            Trace::Off => {}
            Trace::Frames => {
                self.stderr(&format!("trace {arrow} {peer} {frame}"));
            }
            Trace::Hex => {
                let t = self.start.elapsed().as_secs_f64();
                let size = match bytes {
                    Some(b) => format!(", {} bytes", b.len()),
                    None => String::new(),
                };
                self.stderr(&format!("trace {arrow} {peer} {frame} (+{t:.6}s{size})"));
                for (k, row) in bytes.unwrap_or_default().chunks(16).enumerate() {
                    self.stderr(&format!("trace      {:04x}  {}", k * 16, hex_row(row)));
                }
            }
        }
    }

    /// `--trace`: bytes from `peer` that are no frame (framing lost, a line over the limit),
    /// in hex whatever the trace mode, after `what` says what they are (`total`: how many there
    /// were, of which `bytes` were kept). At most [`UNDECODED_SHOWN`] are dumped:
    ///
    /// ```text
    /// trace <- 127.0.0.1:55555 undecodable: unknown message type 768 (14 bytes)
    /// trace      0000  03 00 ea 03 00 00 00 00  00 00 00 00 00 00     |..............|
    /// ```
    pub fn trace_undecoded(&self, peer: SocketAddr, what: &str, bytes: &[u8], total: usize) {
        if !self.tracing() {
            return;
        }
        let total = total.max(bytes.len());
        if self.marks {
            self.mark(Mark::Frame {
                dir: Dir::In,
                peer,
                label: format!("{what} ({total} bytes)"),
            });
        }
        if self.trace == Trace::Off {
            return;
        }
        let when = match self.trace {
            Trace::Hex => format!("+{:.6}s, ", self.start.elapsed().as_secs_f64()),
            _ => String::new(),
        };
        self.stderr(&format!("trace <- {peer} {what} ({when}{total} bytes)"));
        let shown = &bytes[..bytes.len().min(UNDECODED_SHOWN)];
        for (k, row) in shown.chunks(16).enumerate() {
            self.stderr(&format!("trace      {:04x}  {}", k * 16, hex_row(row)));
        }
        if shown.len() < total {
            self.stderr(&format!("trace      … ({total} bytes in all)"));
        }
    }

    /// `--trace`: a remark already rendered in this log's language (a codec's hint), written
    /// as [`Log::trace_note`] writes a sentence.
    pub fn trace_remark(&self, peer: SocketAddr, remark: &str) {
        if self.marks {
            self.mark(Mark::Remark {
                peer,
                text: remark.to_string(),
            });
        }
        if self.trace != Trace::Off {
            self.stderr(&format!("trace !! {peer} {remark}"));
        }
    }

    /// `--trace`: a remark about the frames of `peer` that the decoded line cannot say by
    /// itself, e.g. that a length only makes sense byte-swapped. Written `trace !! PEER note`,
    /// right after the frame it is about. This is where diagnosis hints (a frame that only
    /// fits byte-swapped, a field off by one) are shown.
    pub fn trace_note(&self, peer: SocketAddr, note: impl Text) {
        if self.tracing() {
            self.trace_remark(peer, &note.render(self.lang));
        }
    }

    /// A line on stderr (nowhere else to say it if stderr fails).
    fn stderr(&self, line: &str) {
        let _ = self.sink.write(&self.role, Stream::Err, line);
    }

    fn prefixed(&self, prefix: NetText, text: impl Text) {
        let line = format!("{} {}", prefix.render(self.lang), text.render(self.lang));
        self.stderr(&line);
    }
}

/// How many bytes that did not decode `--trace` dumps (a line over a 4 MiB limit is not
/// worth 4 MiB of hex).
pub const UNDECODED_SHOWN: usize = 256;

/// One row of a hex dump, as `hexdump -C` lays it out: up to 16 bytes in two groups of 8,
/// then the printable ASCII ones between bars (others as `.`):
/// `00 02 00 01 4f 6c                                 |....Ol|`.
pub fn hex_row(row: &[u8]) -> String {
    let mut out = String::with_capacity(16 * 3 + 20);
    for i in 0..16 {
        if i == 8 {
            out.push(' ');
        }
        match row.get(i) {
            Some(b) => out.push_str(&format!("{b:02x} ")),
            None => out.push_str("   "),
        }
    }
    out.push_str(" |");
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
            format!("00 02 00 01 4f 6c {} |....Ol|", "   ".repeat(10) + " ")
        );
        let full: Vec<u8> = (b'a'..=b'p').collect();
        assert_eq!(
            hex_row(&full),
            "61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  |abcdefghijklmnop|"
        );
    }

    #[test]
    fn hex_trace_lines() {
        use super::{Dir, Level, Log, Sink, Trace};
        use crate::term::text::Lang;
        let (tx, rx) = crossbeam_channel::unbounded();
        let log = Log::new("t", Level::Normal, Trace::Hex, Lang::En, Sink::Channel(tx));
        let peer = "127.0.0.1:9".parse().unwrap();
        let bytes: Vec<u8> = (0..20).collect();
        log.trace(Dir::In, peer, "FRAME x=1", Some(&bytes));
        let lines: Vec<String> = rx.try_iter().map(|l| l.text).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[0].starts_with("trace <- 127.0.0.1:9 FRAME x=1 (+0."),
            "{}",
            lines[0]
        );
        assert!(lines[0].ends_with("s, 20 bytes)"), "{}", lines[0]);
        assert!(
            lines[1].starts_with("trace      0000  00 01 02 03"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("trace      0010  10 11 12 13 "),
            "{}",
            lines[2]
        );
        assert!(lines[2].ends_with("|....|"), "{}", lines[2]);
    }
}
