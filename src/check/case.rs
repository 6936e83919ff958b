//! What a case is, what it runs with, and what it says.
//!
//! A [`Case`] is a numbered rule of a spec (`kv.flood.3`) with its sentence in en and pt and a
//! function that checks it over fresh connections. The function gets a [`Ctx`] (the target, the
//! per-step timeout, the logger, numbers that keep its ids, names and nseqs apart from every
//! other case's) and returns a [`Verdict`] or a [`Problem`]: why it failed, in a sentence, with
//! what was sent, what was expected and what arrived (decoded and as bytes), and a [`Hint`]
//! when the bytes match a known mistake.

use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::hint::Hint;
use super::link::{Got, Link};
use super::text::CheckText;
use crate::term::log::Log;
use crate::term::text::{Lang, Text};

/// One case of a suite.
pub struct Case {
    /// `PROTOCOL.SECTION.N`, the section named after the spec's.
    pub id: &'static str,
    /// The rule, in English and in Portuguese.
    pub title: [&'static str; 2],
    pub kind: Kind,
    pub run: fn(&mut Ctx) -> Outcome,
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

impl Case {
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title[0], self.title[1])
    }
}

/// How a case is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Normal,
    /// Needs a long wait of its own (added to its time budget); `--quick` skips it.
    Slow(Duration),
    /// Checks what the spec fixes beyond the assignment (exact texts, extensions); only run
    /// with `--strict`.
    Strict,
    /// The suite's last case: the server went on accepting and serving after every other
    /// case. The runner decides it from its probes.
    Alive,
}

/// A case that did not fail.
#[derive(Debug)]
pub enum Verdict {
    Pass,
    /// Allowed by the assignment, not by the spec (the problem says what and why).
    Warn(Problem),
}

pub type Outcome = Result<Verdict, Problem>;

/// Bytes and how they read: a frame sent, expected or arrived. What a report shows of them is
/// bounded ([`Shown::BYTES`] bytes, [`Shown::TEXT`] bytes of text), whatever a server sends:
/// `total` says how many bytes there were in all.
#[derive(Clone, Debug, Default)]
pub struct Shown {
    pub text: String,
    pub bytes: Vec<u8>,
    /// How many bytes there were before [`Shown::bytes`] was cut (at least its length).
    pub total: usize,
}

impl Shown {
    /// At most this many bytes are kept (and shown in hex).
    pub const BYTES: usize = 256;
    /// At most this many bytes of the decoded text are kept (then `…`).
    pub const TEXT: usize = 320;

    pub fn new(text: impl Into<String>, mut bytes: Vec<u8>) -> Shown {
        let total = bytes.len();
        if total > Self::BYTES {
            bytes.truncate(Self::BYTES);
            bytes.shrink_to_fit();
        }
        Shown {
            text: cut(text.into(), Self::TEXT),
            bytes,
            total,
        }
    }

    /// Were bytes left out?
    pub fn is_cut(&self) -> bool {
        self.total > self.bytes.len()
    }

    /// A sentence only (what was expected: "nothing", "the connection closed").
    pub fn words(text: impl Into<String>) -> Shown {
        Shown::new(text, Vec::new())
    }
}

/// `text` cut to at most `max` bytes (on a character boundary), `…` marking the cut.
pub fn cut(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
        text.shrink_to_fit();
    }
    text
}

/// Why a case failed (or was skipped, or warned): a [`Detail`], boxed so that the results
/// every step of a case passes along stay small.
#[derive(Debug, Default)]
pub struct Problem(Box<Detail>);

impl std::ops::Deref for Problem {
    type Target = Detail;
    fn deref(&self) -> &Detail {
        &self.0
    }
}

impl std::ops::DerefMut for Problem {
    fn deref_mut(&mut self) -> &mut Detail {
        &mut self.0
    }
}

/// What a [`Problem`] says.
#[derive(Debug, Default)]
pub struct Detail {
    pub skip: bool,
    /// The case could not even connect: the runner checks whether the server stopped.
    pub unreachable: bool,
    /// Nothing at all arrived where an answer was expected.
    pub silent: bool,
    /// Something arrived, but not an answer that decodes: the server serves, wrongly.
    pub answered: bool,
    /// A cause this problem may share with other cases (the summary at the end of a run
    /// groups them); without one, the hint's sentence is the cause.
    pub cause: Option<String>,
    pub why: String,
    /// `None`: the last frame the case sent.
    pub sent: Option<Vec<Shown>>,
    pub expected: Option<Shown>,
    pub arrived: Option<Shown>,
    pub hint: Option<Hint>,
    /// Not run because the program under test stopped or died (graded as a failure, unlike
    /// the skips it is not to blame for).
    pub stopped: bool,
}

impl Problem {
    /// At most this many bytes of a sentence are kept (it may quote what arrived).
    pub const WHY: usize = 1024;

    pub fn new(why: String) -> Problem {
        Problem(Box::new(Detail {
            why: cut(why, Self::WHY),
            ..Detail::default()
        }))
    }

    /// The same problem, as a skip.
    pub fn skipped(mut self) -> Problem {
        self.skip = true;
        self
    }

    /// The same skip, blamed on the program under test: it stopped or died (see
    /// [`Detail::stopped`]).
    pub fn stopped(mut self) -> Problem {
        self.skip = true;
        self.stopped = true;
        self
    }

    /// The same problem, marked as an answer that arrived but does not decode.
    pub fn answered(mut self) -> Problem {
        self.answered = true;
        self
    }

    /// The same problem, with the cause it may share with other cases.
    pub fn cause(mut self, cause: String) -> Problem {
        self.cause = Some(cause);
        self
    }

    /// The cause the summary groups this problem under: its own, or its hint's sentence.
    pub fn shared_cause(&self, lang: Lang) -> Option<String> {
        self.cause
            .clone()
            .or_else(|| self.hint.map(|h| h.render(lang)))
    }

    /// The same problem, said with another sentence.
    pub fn reason(mut self, why: String) -> Problem {
        self.why = cut(why, Self::WHY);
        self
    }

    pub fn sent(mut self, frames: Vec<Shown>) -> Problem {
        self.sent = Some(frames);
        self
    }

    pub fn expected(mut self, e: Shown) -> Problem {
        self.expected = Some(e);
        self
    }

    pub fn arrived(mut self, a: Shown) -> Problem {
        self.arrived = Some(a);
        self
    }

    /// Set the hint unless one is known already (the first, most specific, wins).
    pub fn hint(mut self, h: impl Into<Option<Hint>>) -> Problem {
        if self.hint.is_none() {
            self.hint = h.into();
        }
        self
    }

    /// `then(self)` when nothing arrived at all (the case's own reading of a silence), else
    /// the problem as it is.
    pub fn if_silent(self, then: impl FnOnce(Problem) -> Problem) -> Problem {
        if self.silent { then(self) } else { self }
    }
}

/// Frames sent by one case, for the report's "sent" lines.
pub type Journal = Arc<Mutex<Sent>>;

/// Every frame a case sent, and where the frames its verdict is about begin.
#[derive(Debug, Default)]
pub struct Sent {
    pub frames: Vec<Shown>,
    pub mark: Option<usize>,
}

impl Sent {
    /// At most this many frames from the mark are shown.
    const SHOWN: usize = 4;

    /// What a failure shows: the frames since the mark, or else the last one.
    pub fn relevant(&self) -> Vec<Shown> {
        let from = match self.mark {
            Some(m) => m.min(self.frames.len()),
            None => self.frames.len().saturating_sub(1),
        };
        self.frames[from..]
            .iter()
            .take(Self::SHOWN)
            .cloned()
            .collect()
    }

    pub fn last(&self) -> Option<&Shown> {
        self.frames.last()
    }
}

/// A normal case: its id, its title in en and pt, and what it runs.
pub(super) const fn case(
    id: &'static str,
    en: &'static str,
    pt: &'static str,
    run: fn(&mut Ctx) -> Outcome,
) -> Case {
    Case {
        id,
        title: [en, pt],
        kind: Kind::Normal,
        run,
    }
}

/// What a suite's `Kind::Alive` case runs: the runner itself probes the server after every
/// case and fails this case, naming where, when the server stopped serving.
pub(super) fn alive(_: &mut Ctx) -> Outcome {
    Ok(Verdict::Pass)
}

/// What a case runs with.
pub struct Ctx {
    pub target: SocketAddr,
    /// How long any one expected answer may take.
    pub timeout: Duration,
    pub log: Log,
    /// The case's position in its suite (1…): ids, names and nseqs derive from it, so no two
    /// cases of a run collide, whatever a previous case left behind.
    pub number: u32,
    /// Random per run: names and nseqs of this run differ from a previous run's.
    pub tag: u32,
    /// kv: a key the node holds.
    pub key: String,
    pub(super) journal: Journal,
    /// Every socket the case opened, so the runner can cut them when its budget runs out.
    pub(super) sockets: Arc<Mutex<Sockets>>,
    /// A client check's command, action map and started clients (none for a server check).
    pub client: Option<Arc<super::client::Bench>>,
}

/// The sockets of one case (or probe); once cut, a socket the case still opens is cut at once,
/// so a case thread that outlived its budget cannot go on reading a server.
#[derive(Debug, Default)]
pub struct Sockets {
    open: Vec<TcpStream>,
    cut: bool,
}

impl Sockets {
    /// Shut every socket down, now and from now on.
    pub fn cut(&mut self) {
        self.cut = true;
        for s in self.open.drain(..) {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }

    fn adopt(&mut self, s: TcpStream) {
        if self.cut {
            let _ = s.shutdown(std::net::Shutdown::Both);
        } else {
            self.open.push(s);
        }
    }
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.log.lang()
    }

    pub fn tr(&self, t: impl Text) -> String {
        t.render(self.lang())
    }

    /// The frames sent from now on are what a failure is about (by default, the last one).
    pub fn mark(&self) {
        if let Ok(mut j) = self.journal.lock() {
            j.mark = Some(j.frames.len());
        }
    }

    /// A short wait for something that must not happen, where no later frame can prove it
    /// did not (answers on separate connections): a fifth of the timeout, 100 to 500 ms.
    pub fn quiet(&self) -> Duration {
        (self.timeout / 5).clamp(Duration::from_millis(100), Duration::from_millis(500))
    }

    pub fn fail(&self, why: impl Text) -> Problem {
        Problem::new(self.tr(why))
    }

    pub fn skip(&self, why: impl Text) -> Problem {
        self.fail(why).skipped()
    }

    /// A warning (the case passes): allowed by the assignment, not by the spec.
    pub fn warn(&self, why: impl Text, hint: impl Into<Option<Hint>>) -> Outcome {
        Ok(Verdict::Warn(self.fail(why).hint(hint)))
    }

    /// Connect to the target.
    pub fn connect(&self) -> Result<Link, Problem> {
        self.connect_to(self.target)
    }

    /// Connect to `to`; a refused connection is marked unreachable (the runner then checks
    /// whether the server stopped accepting). One reset as soon as it was accepted is not:
    /// the server accepts, and fails the case.
    pub fn connect_to(&self, to: SocketAddr) -> Result<Link, Problem> {
        match crate::net::sock::connect(to, None, self.timeout) {
            Ok(s) => Ok(self.adopt(s)),
            Err(e) => {
                let mut p = self.fail(CheckText::CannotConnect {
                    to,
                    why: crate::term::text::os_error(&e, self.lang()),
                });
                p.unreachable = e.kind() != std::io::ErrorKind::ConnectionReset;
                Err(p)
            }
        }
    }

    /// A link on a stream the case accepted (kv answers, a chat peer's caller).
    pub fn adopt(&self, stream: TcpStream) -> Link {
        if let Ok(clone) = stream.try_clone()
            && let Ok(mut all) = self.sockets.lock()
        {
            all.adopt(clone);
        }
        Link::new(stream, self.timeout, self.log.clone(), self.journal.clone())
    }

    /// The problem of an arrival that is not the frame expected: why in a sentence, and what
    /// arrived (`show` decodes a frame).
    pub fn unexpected<T>(&self, got: &Got<T>, show: impl Fn(&T) -> String) -> Problem {
        let (why, text) = match &got.what {
            super::link::What::Frame(f) => {
                let text = show(f);
                (self.tr(CheckText::Arrived(&text)), text)
            }
            super::link::What::Nothing => (
                self.tr(CheckText::Nothing(self.timeout)),
                self.tr(CheckText::NothingWord),
            ),
            super::link::What::Closed => {
                (self.tr(CheckText::Closed), self.tr(CheckText::ClosedWord))
            }
            super::link::What::Partial => {
                let n = got.bytes.len();
                (
                    self.tr(CheckText::Partial(n)),
                    self.tr(CheckText::PartialWord(n)),
                )
            }
            super::link::What::Bad(why) => (
                self.tr(CheckText::Undecodable(why)),
                self.tr(CheckText::UndecodableWord),
            ),
        };
        let mut p = Problem::new(why)
            .arrived(Shown::new(text, got.bytes.clone()))
            .hint(got.hint);
        p.silent = matches!(got.what, super::link::What::Nothing);
        p
    }
}
