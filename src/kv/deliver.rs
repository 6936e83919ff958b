//! Answer delivery: every RESP is its own short connection to the client (connect, one write,
//! close), and no destination may stall the others (spec/kv.md, "Answer delivery never stalls
//! on one destination" and "No amplification").
//!
//! [`Deliveries`] is the owner's bookkeeping, with the clock passed in (tested without
//! sleeping): which answers wait for which destination, how many connects run for each, and
//! what each destination did lately. A small pool of connect threads ([`Pool`]) does the
//! connecting; each hands the answer back on a channel of its own, and the owner hands out
//! the next. The owner never waits: it gives a thread work only when one is free.
//!
//! - **Concurrent, bounded connects.** Each connect gives up after [`CONNECT_TIMEOUT`]. At most
//!   [`PER_DEST`] run for one destination (IP:port) at once, and one only until a connect to it
//!   has succeeded, so a dead address holds one thread, not many. Destinations take turns.
//! - **A destination that timed out is skipped.** Its waiting answers are dropped and new ones
//!   skipped for [`PAUSE`] (said once; how many were skipped is said when the pause ends); then
//!   it is tried again.
//! - **Refused is retried briefly.** Some clients open their listening socket only after
//!   sending the request: a refused connect is tried again after each of [`RETRIES`] (about
//!   300 ms in all) before the answer is given up.
//! - **A rate cap per destination** (50 answer connections a second by default, `0`: none): the
//!   request's answer address is whatever the request says, so without it a node could be made
//!   to hammer any address. What is over the cap is dropped, and counted once a second.
//! - **Bounded memory**: at most [`MAX_PENDING`] answers wait in all (each at most 412 bytes of
//!   frame: about 3.5 MB), at most [`MAX_QUEUE`] for one destination, [`MAX_DESTS`]
//!   destinations are tracked; beyond that answers are dropped and counted once a second.
//!   When everything waiting is full, an answer to a destination with little waiting takes
//!   the place of the oldest answer of one with much waiting: a flood naming many addresses
//!   cannot crowd out a client asking once.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::io::{ErrorKind, Write};
use std::net::{IpAddr, SocketAddr};
use std::thread;
use std::time::{Duration, Instant};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};

use crossbeam_channel::{Receiver, Sender, bounded};

use crate::net::conn::STACK;
use crate::net::sock;

/// How long one answer connection may take to be set up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Connects in flight to one destination at once (once one has succeeded; before, one).
pub const PER_DEST: usize = 4;
/// How long a destination whose connect timed out is skipped.
pub const PAUSE: Duration = Duration::from_secs(5);
/// The waits before each new try of a refused answer connection (300 ms in all).
pub const RETRIES: [Duration; 4] = [
    Duration::from_millis(25),
    Duration::from_millis(50),
    Duration::from_millis(100),
    Duration::from_millis(125),
];
/// Answer connections opened to one destination per second, by default.
pub const RATE: u32 = 50;
/// The window of the rate cap and of the drop counts.
pub const WINDOW: Duration = Duration::from_secs(1);
/// Answers waiting (for a connect thread or a retry), all destinations together.
pub const MAX_PENDING: usize = 8192;
/// Answers waiting for one destination.
pub const MAX_QUEUE: usize = 64;
/// Destinations tracked at once (one is forgotten a second after its last activity).
pub const MAX_DESTS: usize = 16_384;
/// Connect threads.
pub const POOL: usize = 32;
/// A destination's queue is noted as heavy each time it grows by this many.
const HEAVY: usize = 8;
/// Warnings said per window, all destinations together: a flood naming thousands of
/// addresses is a few lines a second, not one per address.
pub const SAID: u32 = 5;

/// One answer on its way: where, which request, the encoded RESP.
#[derive(Debug)]
pub struct Answer {
    pub to: SocketAddr,
    pub nseq: u32,
    pub frame: Vec<u8>,
    /// Retries done so far (after refused connects).
    tries: u8,
}

/// What became of one connect-and-write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Nobody listens there (yet).
    Refused(String),
    /// The connect timed out, or the host is unreachable.
    TimedOut(String),
    /// Any other failure.
    Failed(String),
}

impl Outcome {
    /// Classify the result of a connect-and-write; why it failed said in `lang`.
    pub fn of(result: std::io::Result<()>, lang: crate::term::text::Lang) -> Outcome {
        match result {
            Ok(()) => Outcome::Sent,
            Err(e) => {
                let why = crate::term::text::os_error(&e, lang);
                match e.kind() {
                    ErrorKind::ConnectionRefused => Outcome::Refused(why),
                    ErrorKind::TimedOut
                    | ErrorKind::WouldBlock
                    | ErrorKind::HostUnreachable
                    | ErrorKind::NetworkUnreachable => Outcome::TimedOut(why),
                    _ => Outcome::Failed(why),
                }
            }
        }
    }
}

/// What [`Deliveries::offer`] did with an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offered {
    /// It waits for a connect thread.
    Queued,
    /// Over the destination's rate cap (or its queue is full): dropped.
    Capped,
    /// The destination is paused after a timeout: dropped.
    Skipped,
    /// Too many answers waiting in all: dropped.
    Backlog,
}

/// Something the owner should say (or, for `Retry`, show with `-v`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A connect to `to` timed out: its answers are skipped for [`PAUSE`].
    Down { to: SocketAddr, why: String },
    /// The pause of `to` ended; `count` answers were skipped meanwhile.
    Skipped { to: SocketAddr, count: u64 },
    /// Over the rate cap in the last window.
    Capped {
        to: SocketAddr,
        count: u64,
        rate: u32,
    },
    /// Dropped in the last window because too many answers waited for `to`.
    Crowded { to: SocketAddr, count: u64 },
    /// The first answer to `to` in a window that could not be delivered.
    Failed { to: SocketAddr, why: String },
    /// The others of that window.
    MoreFailed { to: SocketAddr, count: u64 },
    /// Dropped in the last window because too many answers waited in all.
    Backlog { count: u64 },
    /// A refused answer will be tried again (`attempt` 1 is the first retry).
    Retry {
        to: SocketAddr,
        nseq: u32,
        attempt: usize,
    },
    /// Warnings not said in the last window: more than [`SAID`] came, about any number of
    /// destinations.
    Hushed { count: u64 },
}

impl Note {
    /// A warning for the log (as opposed to a `-v` detail or a summary).
    fn is_warning(&self) -> bool {
        !matches!(self, Note::Retry { .. } | Note::Hushed { .. })
    }
}

/// One destination's state.
#[derive(Debug, Default)]
struct Dest {
    /// Answers waiting for a connect thread, oldest first.
    queue: VecDeque<Answer>,
    in_flight: usize,
    /// Answers waiting for a retry.
    retrying: usize,
    /// A connect to it succeeded since it was last forgotten or timed out.
    reached: bool,
    /// Listed in the ready ring.
    ready: bool,
    /// The current window's start: the rate cap and drop counts are per window.
    window: Option<Instant>,
    opened: u32,
    capped: u64,
    crowded: u64,
    failed: u64,
    /// Skipped until then, after a timeout.
    down_until: Option<Instant>,
    skipped: u64,
}

impl Dest {
    fn limit(&self) -> usize {
        if self.reached { PER_DEST } else { 1 }
    }

    fn can_start(&self) -> bool {
        self.down_until.is_none() && !self.queue.is_empty() && self.in_flight < self.limit()
    }

    fn idle(&self) -> bool {
        self.queue.is_empty()
            && self.in_flight == 0
            && self.retrying == 0
            && self.window.is_none()
            && self.down_until.is_none()
    }
}

#[derive(Debug)]
enum Timer {
    Retry(Answer),
    /// The window of a destination that started at that instant ends.
    Window(SocketAddr, Instant),
    /// The pause of a destination ends.
    Up(SocketAddr),
    /// The window of the backlog count ends.
    Backlog,
    /// The window of the warnings' budget ends.
    Hush,
}

/// A timer in the heap, ordered by when it is due (then by creation).
#[derive(Debug)]
struct Due {
    at: Instant,
    seq: u64,
    timer: Timer,
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}

impl Eq for Due {}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Due {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// The delivery bookkeeping (held by the node's owner thread).
#[derive(Debug)]
pub struct Deliveries {
    /// Answer connections per destination and second; 0: no cap.
    rate: u32,
    dests: HashMap<SocketAddr, Dest>,
    /// Destinations that can start a connect, in turn.
    ready: VecDeque<SocketAddr>,
    /// Destinations with many answers waiting (listed each time their queue grows by
    /// [`HEAVY`]; entries may be stale): where room is made when everything is full.
    heavy: VecDeque<SocketAddr>,
    timers: BinaryHeap<Reverse<Due>>,
    seq: u64,
    /// Answers queued or waiting for a retry.
    pending: usize,
    backlog: u64,
    backlog_since: Option<Instant>,
    notes: Vec<Note>,
    /// The warnings' budget: since when, how many said, how many not.
    hush_since: Option<Instant>,
    said: u32,
    hushed: u64,
}

impl Deliveries {
    /// `rate`: answer connections per destination and second (0: no cap).
    pub fn new(rate: u32) -> Deliveries {
        Deliveries {
            rate,
            dests: HashMap::new(),
            ready: VecDeque::new(),
            heavy: VecDeque::new(),
            timers: BinaryHeap::new(),
            seq: 0,
            pending: 0,
            backlog: 0,
            backlog_since: None,
            notes: Vec::new(),
            hush_since: None,
            said: 0,
            hushed: 0,
        }
    }

    /// An answer to deliver.
    pub fn offer(&mut self, to: SocketAddr, nseq: u32, frame: Vec<u8>, now: Instant) -> Offered {
        if self.dests.len() >= MAX_DESTS && !self.dests.contains_key(&to) {
            return self.over_backlog(now);
        }
        if self.pending >= MAX_PENDING && !self.make_room(to, now) {
            return self.over_backlog(now);
        }
        if self
            .dests
            .get(&to)
            .and_then(|d| d.down_until)
            .is_some_and(|t| now >= t)
        {
            self.up(to); // the pause is over, its timer not yet seen
        }
        self.roll_window(to, now);
        let rate = self.rate;
        let d = self.dests.entry(to).or_default();
        if d.down_until.is_some() {
            d.skipped += 1;
            return Offered::Skipped;
        }
        if rate > 0 && d.opened >= rate {
            d.capped += 1;
            return Offered::Capped;
        }
        if d.queue.len() >= MAX_QUEUE {
            d.crowded += 1;
            return Offered::Capped;
        }
        d.opened += 1;
        d.queue.push_back(Answer {
            to,
            nseq,
            frame,
            tries: 0,
        });
        let waiting = d.queue.len();
        self.pending += 1;
        if waiting.is_multiple_of(HEAVY) {
            self.heavy.push_back(to);
            if self.heavy.len() > MAX_PENDING {
                self.heavy.pop_front(); // stale hints go first
            }
        }
        self.make_ready(to);
        Offered::Queued
    }

    /// Everything is full: drop the oldest answer of a destination with more waiting than
    /// `to` has (plus one), found among the heavy ones. True if room was made.
    fn make_room(&mut self, to: SocketAddr, now: Instant) -> bool {
        let has = self.dests.get(&to).map_or(0, |d| d.queue.len());
        for _ in 0..16 {
            let Some(victim) = self.heavy.pop_front() else {
                return false;
            };
            let waiting = self.dests.get(&victim).map_or(0, |d| d.queue.len());
            if waiting < HEAVY {
                continue; // no longer heavy: a stale hint
            }
            if victim == to || waiting <= has + 1 {
                // `to` has about as much waiting itself: it gets no room, the hint stays.
                self.heavy.push_back(victim);
                return false;
            }
            self.roll_window(victim, now);
            let Some(d) = self.dests.get_mut(&victim) else {
                continue;
            };
            d.queue.pop_front();
            d.crowded += 1;
            self.pending -= 1;
            if waiting > HEAVY {
                self.heavy.push_back(victim);
            }
            return true;
        }
        false
    }

    /// The next answer a free connect thread should take, if any (the destinations take
    /// turns); it counts as in flight until [`Deliveries::done`].
    pub fn take(&mut self) -> Option<Answer> {
        while let Some(to) = self.ready.pop_front() {
            let Some(d) = self.dests.get_mut(&to) else {
                continue;
            };
            d.ready = false;
            if !d.can_start() {
                continue;
            }
            let Some(answer) = d.queue.pop_front() else {
                continue;
            };
            d.in_flight += 1;
            self.pending -= 1;
            self.make_ready(to);
            return Some(answer);
        }
        None
    }

    /// A connect thread finished `answer` with `outcome`.
    pub fn done(&mut self, mut answer: Answer, outcome: Outcome, now: Instant) {
        let to = answer.to;
        let Some(d) = self.dests.get_mut(&to) else {
            return;
        };
        d.in_flight = d.in_flight.saturating_sub(1);
        match outcome {
            Outcome::Sent => d.reached = true,
            Outcome::Refused(_)
                if d.down_until.is_none() && usize::from(answer.tries) < RETRIES.len() =>
            {
                let wait = RETRIES[usize::from(answer.tries)];
                answer.tries += 1;
                d.retrying += 1;
                self.pending += 1;
                self.notes.push(Note::Retry {
                    to,
                    nseq: answer.nseq,
                    attempt: usize::from(answer.tries),
                });
                self.at(now + wait, Timer::Retry(answer));
            }
            Outcome::TimedOut(_) if d.down_until.is_some() => d.skipped += 1,
            Outcome::TimedOut(why) => {
                // Its waiting answers would only wait for the same fate.
                d.down_until = Some(now + PAUSE);
                d.reached = false;
                let dropped = d.queue.len();
                d.queue.clear();
                d.skipped += 1 + dropped as u64;
                self.pending -= dropped;
                self.notes.push(Note::Down { to, why });
                self.at(now + PAUSE, Timer::Up(to));
            }
            Outcome::Refused(why) | Outcome::Failed(why) => self.failed(to, why, now),
        }
        self.make_ready(to);
        self.forget_if_idle(to);
    }

    /// When [`Deliveries::tick`] must run next.
    pub fn next_due(&self) -> Option<Instant> {
        self.timers.peek().map(|Reverse(d)| d.at)
    }

    /// Run the timers due by `now`: retries go back in line, windows close (with their
    /// counts), pauses end.
    pub fn tick(&mut self, now: Instant) {
        while self.timers.peek().is_some_and(|Reverse(d)| d.at <= now) {
            let Some(Reverse(due)) = self.timers.pop() else {
                break;
            };
            match due.timer {
                Timer::Retry(answer) => self.retry(answer),
                Timer::Window(to, start) => {
                    if self.dests.get(&to).and_then(|d| d.window) == Some(start) {
                        self.close_window(to);
                        self.forget_if_idle(to);
                    }
                }
                Timer::Up(to) => self.up(to),
                Timer::Backlog => {
                    if self.backlog > 0 {
                        self.notes.push(Note::Backlog {
                            count: self.backlog,
                        });
                    }
                    self.backlog = 0;
                    self.backlog_since = None;
                }
                Timer::Hush => {
                    if self.hushed > 0 {
                        self.notes.push(Note::Hushed { count: self.hushed });
                    }
                    self.hushed = 0;
                    self.hush_since = None;
                }
            }
        }
    }

    /// What happened since the last call, for the owner to say: at most [`SAID`] warnings a
    /// window, the others counted in a [`Note::Hushed`] at the window's end.
    pub fn notes(&mut self, now: Instant) -> Vec<Note> {
        if self.notes.is_empty() {
            return Vec::new();
        }
        let mut notes = std::mem::take(&mut self.notes);
        let hushed_before = self.hushed;
        notes.retain(|note| {
            if !note.is_warning() {
                return true;
            }
            if self.hush_since.is_none_or(|since| now >= since + WINDOW) && self.hushed == 0 {
                self.hush_since = Some(now);
                self.said = 0;
            }
            if self.said < SAID {
                self.said += 1;
                return true;
            }
            self.hushed += 1;
            false
        });
        // One summary per window: its timer is set by the first warning not said.
        if hushed_before == 0
            && self.hushed > 0
            && let Some(since) = self.hush_since
        {
            self.at(since + WINDOW, Timer::Hush);
        }
        notes
    }

    /// Answers waiting (queued or for a retry).
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Destinations tracked.
    pub fn destinations(&self) -> usize {
        self.dests.len()
    }

    fn at(&mut self, at: Instant, timer: Timer) {
        self.seq += 1;
        self.timers.push(Reverse(Due {
            at,
            seq: self.seq,
            timer,
        }));
    }

    fn make_ready(&mut self, to: SocketAddr) {
        if let Some(d) = self.dests.get_mut(&to)
            && !d.ready
            && d.can_start()
        {
            d.ready = true;
            self.ready.push_back(to);
        }
    }

    fn forget_if_idle(&mut self, to: SocketAddr) {
        if self.dests.get(&to).is_some_and(Dest::idle) {
            self.dests.remove(&to);
        }
    }

    /// Start a new window for `to` if it has none or it is over (saying the old one's counts).
    fn roll_window(&mut self, to: SocketAddr, now: Instant) {
        let window = self.dests.get(&to).and_then(|d| d.window);
        if window.is_some_and(|start| now < start + WINDOW) {
            return;
        }
        if window.is_some() {
            self.close_window(to);
        }
        self.dests.entry(to).or_default().window = Some(now);
        self.at(now + WINDOW, Timer::Window(to, now));
    }

    fn close_window(&mut self, to: SocketAddr) {
        let Some(d) = self.dests.get_mut(&to) else {
            return;
        };
        let rate = self.rate;
        if d.capped > 0 {
            self.notes.push(Note::Capped {
                to,
                count: d.capped,
                rate,
            });
        }
        if d.crowded > 0 {
            self.notes.push(Note::Crowded {
                to,
                count: d.crowded,
            });
        }
        if d.failed > 1 {
            self.notes.push(Note::MoreFailed {
                to,
                count: d.failed - 1,
            });
        }
        d.window = None;
        d.opened = 0;
        d.capped = 0;
        d.crowded = 0;
        d.failed = 0;
    }

    fn failed(&mut self, to: SocketAddr, why: String, now: Instant) {
        self.roll_window(to, now);
        let Some(d) = self.dests.get_mut(&to) else {
            return;
        };
        d.failed += 1;
        if d.failed == 1 {
            self.notes.push(Note::Failed { to, why });
        }
    }

    fn retry(&mut self, answer: Answer) {
        let to = answer.to;
        let Some(d) = self.dests.get_mut(&to) else {
            self.pending -= 1;
            return;
        };
        d.retrying -= 1;
        if d.down_until.is_some() {
            d.skipped += 1;
            self.pending -= 1;
        } else {
            // A retry goes first: it has waited longest.
            d.queue.push_front(answer);
            self.make_ready(to);
        }
        self.forget_if_idle(to);
    }

    fn up(&mut self, to: SocketAddr) {
        let Some(d) = self.dests.get_mut(&to) else {
            return;
        };
        if d.down_until.take().is_none() {
            return;
        }
        if d.skipped > 0 {
            self.notes.push(Note::Skipped {
                to,
                count: d.skipped,
            });
        }
        d.skipped = 0;
        self.forget_if_idle(to);
    }

    fn over_backlog(&mut self, now: Instant) -> Offered {
        self.backlog += 1;
        if self.backlog_since.is_none() {
            self.backlog_since = Some(now);
            self.at(now + WINDOW, Timer::Backlog);
        }
        Offered::Backlog
    }
}

/// The connect threads, started as answers need them (at most [`POOL`]): a node that answers
/// nobody runs none.
pub struct Pool {
    /// Answers to deliver; holds [`POOL`]: the owner hands one out only when fewer than that
    /// are out, so a send never waits.
    jobs: Sender<Answer>,
    /// What a new thread takes its answers from.
    rx: Receiver<Answer>,
    /// Answers done, with their outcomes.
    done_tx: Sender<(Answer, Outcome)>,
    done: Receiver<(Answer, Outcome)>,
    /// Threads running.
    threads: usize,
    /// Set by a thread that woke the owner, cleared by the owner before it looks.
    woken: Arc<AtomicBool>,
    /// Where answer connections leave from.
    from: Option<IpAddr>,
    /// The language a failed delivery is said in.
    lang: crate::term::text::Lang,
    wake: Arc<dyn Fn() + Send + Sync>,
}

impl Pool {
    /// The pool, with no thread yet: each connects to an answer's destination (leaving from
    /// `from` when the node is bound to one address), writes the frame in one call, closes,
    /// and hands the answer back with its outcome, calling `wake` if the owner may not be
    /// looking. Finished answers travel on a channel of their own, so a peer flooding the
    /// owner's events never delays them.
    pub fn new(
        from: Option<IpAddr>,
        lang: crate::term::text::Lang,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Pool {
        let (jobs, rx) = bounded::<Answer>(POOL);
        // Never full: it holds at most the answers out, and those are at most POOL.
        let (done_tx, done) = bounded::<(Answer, Outcome)>(POOL);
        Pool {
            jobs,
            rx,
            done_tx,
            done,
            threads: 0,
            woken: Arc::new(AtomicBool::new(false)),
            from,
            lang,
            wake: Arc::new(wake),
        }
    }

    /// Hand `answer` to a connect thread; `out` answers are out already (fewer than [`POOL`]).
    /// A thread is started when every one running is busy; when none can be (and none runs),
    /// the answer comes back with why.
    pub fn give(&mut self, answer: Answer, out: usize) -> Result<(), (Answer, std::io::Error)> {
        if out >= self.threads
            && self.threads < POOL
            && let Err(e) = self.start()
            && self.threads == 0
        {
            return Err((answer, e));
        }
        // Room always: fewer than POOL are out. The threads running take it when free.
        let _ = self.jobs.try_send(answer);
        Ok(())
    }

    fn start(&mut self) -> std::io::Result<()> {
        let rx = self.rx.clone();
        let done = self.done_tx.clone();
        let woken = self.woken.clone();
        let wake = self.wake.clone();
        let from = self.from;
        let lang = self.lang;
        thread::Builder::new()
            .name(format!("kv-node-deliver-{}", self.threads))
            .stack_size(STACK)
            .spawn(move || {
                for answer in rx.iter() {
                    let sent = sock::connect(answer.to, from, CONNECT_TIMEOUT)
                        .and_then(|mut s| s.write_all(&answer.frame));
                    if done.send((answer, Outcome::of(sent, lang))).is_err() {
                        return; // the owner is gone
                    }
                    if !woken.swap(true, AtomicOrdering::SeqCst) {
                        wake();
                    }
                }
            })?;
        self.threads += 1;
        Ok(())
    }

    /// The answers finished since the last look. Call it on every wake-up and whenever the
    /// owner handles anything while answers are out: a thread wakes the owner only when it is
    /// the first to finish since the owner last looked.
    pub fn finished(&self) -> crossbeam_channel::TryIter<'_, (Answer, Outcome)> {
        self.woken.store(false, AtomicOrdering::SeqCst);
        self.done.try_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    fn refused() -> Outcome {
        Outcome::Refused("connection refused".into())
    }

    fn timed_out() -> Outcome {
        Outcome::TimedOut("timed out".into())
    }

    /// Take every answer a free thread could start now.
    fn take_all(d: &mut Deliveries) -> Vec<Answer> {
        std::iter::from_fn(|| d.take()).collect()
    }

    #[test]
    fn destinations_take_turns_and_one_connect_until_reached() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(0);
        for n in 0..3 {
            assert_eq!(d.offer(addr(1), n, vec![n as u8], t0), Offered::Queued);
            assert_eq!(d.offer(addr(2), n, vec![n as u8], t0), Offered::Queued);
        }
        // Never reached yet: one connect each.
        let first = take_all(&mut d);
        assert_eq!(
            first.iter().map(|a| (a.to, a.nseq)).collect::<Vec<_>>(),
            [(addr(1), 0), (addr(2), 0)]
        );
        // Once reached, up to PER_DEST at once.
        let mut first = first.into_iter();
        d.done(first.next().unwrap(), Outcome::Sent, t0);
        let more = take_all(&mut d);
        assert_eq!(
            more.iter().map(|a| (a.to, a.nseq)).collect::<Vec<_>>(),
            [(addr(1), 1), (addr(1), 2)]
        );
        assert_eq!(d.pending(), 2, "addr(2) still has two waiting");
    }

    #[test]
    fn at_most_per_dest_in_flight() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(0);
        for n in 0..20 {
            d.offer(addr(1), n, vec![], t0);
        }
        let one = d.take().unwrap();
        d.done(one, Outcome::Sent, t0);
        let running = take_all(&mut d);
        assert_eq!(running.len(), PER_DEST);
        for a in running {
            d.done(a, Outcome::Sent, t0);
        }
        assert_eq!(take_all(&mut d).len(), PER_DEST);
    }

    #[test]
    fn a_timeout_pauses_the_destination_and_the_others_go_on() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(0);
        for n in 0..10 {
            d.offer(addr(9), n, vec![], t0);
        }
        d.offer(addr(1), 0, vec![], t0);
        let hung = d.take().unwrap();
        assert_eq!(hung.to, addr(9));
        // The other destination is not behind it.
        assert_eq!(d.take().unwrap().to, addr(1));
        assert!(d.take().is_none(), "one connect at a time to a new address");
        let t1 = t0 + CONNECT_TIMEOUT;
        d.done(hung, timed_out(), t1);
        let notes: Vec<Note> = d.notes(t0);
        assert_eq!(
            notes,
            [Note::Down {
                to: addr(9),
                why: "timed out".into()
            }]
        );
        assert_eq!(d.pending(), 0, "the nine waiting for it are dropped");
        assert_eq!(d.offer(addr(9), 10, vec![], t1), Offered::Skipped);
        assert_eq!(d.offer(addr(2), 0, vec![], t1), Offered::Queued);
        assert_eq!(d.take().unwrap().to, addr(2));
        // The pause ends: the count is said once, and the address is tried again.
        assert_eq!(d.next_due(), Some(t0 + WINDOW), "the first window's end");
        d.tick(t1 + PAUSE);
        let notes: Vec<Note> = d.notes(t0);
        assert!(
            notes.contains(&Note::Skipped {
                to: addr(9),
                count: 11
            }),
            "{notes:?}"
        );
        assert_eq!(d.offer(addr(9), 11, vec![], t1 + PAUSE), Offered::Queued);
        assert_eq!(d.take().unwrap().nseq, 11);
    }

    #[test]
    fn refused_is_retried_within_about_300_ms_then_given_up() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(0);
        d.offer(addr(5), 7, b"frame".to_vec(), t0);
        let mut now = t0;
        let mut answer = d.take().unwrap();
        for (i, wait) in RETRIES.iter().enumerate() {
            d.done(answer, refused(), now);
            assert_eq!(
                d.notes(t0),
                [Note::Retry {
                    to: addr(5),
                    nseq: 7,
                    attempt: i + 1
                }]
            );
            assert!(d.take().is_none(), "not before its wait");
            assert_eq!(d.pending(), 1);
            now += *wait;
            assert_eq!(d.next_due(), Some(now));
            d.tick(now);
            answer = d.take().expect("retried");
            assert_eq!(answer.frame, b"frame");
        }
        assert!(now - t0 <= Duration::from_millis(300));
        d.done(answer, refused(), now);
        assert_eq!(
            d.notes(t0),
            [Note::Failed {
                to: addr(5),
                why: "connection refused".into()
            }]
        );
        assert_eq!(d.pending(), 0);
        // A refused answer that then gets through.
        d.tick(now + WINDOW);
        d.offer(addr(5), 8, vec![], now + WINDOW);
        let a = d.take().unwrap();
        d.done(a, refused(), now + WINDOW);
        d.tick(now + WINDOW + RETRIES[0]);
        let a = d.take().unwrap();
        assert_eq!(a.nseq, 8);
        d.done(a, Outcome::Sent, now + WINDOW + RETRIES[0]);
        assert!(
            !d.notes(t0)
                .into_iter()
                .any(|n| matches!(n, Note::Failed { .. }))
        );
    }

    #[test]
    fn failures_are_said_once_a_window_then_counted() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(0);
        for n in 0..5 {
            d.offer(addr(3), n, vec![], t0);
        }
        while let Some(a) = d.take() {
            d.done(a, Outcome::Failed("reset".into()), t0);
        }
        d.tick(t0 + WINDOW);
        let notes: Vec<Note> = d.notes(t0);
        assert_eq!(
            notes,
            [
                Note::Failed {
                    to: addr(3),
                    why: "reset".into()
                },
                Note::MoreFailed {
                    to: addr(3),
                    count: 4
                }
            ]
        );
        assert_eq!(d.destinations(), 0, "an idle destination is forgotten");
    }

    #[test]
    fn the_rate_cap_drops_and_counts_once_a_window() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(RATE);
        let mut queued = 0;
        for n in 0..500u32 {
            let now = t0 + Duration::from_micros(u64::from(n) * 100);
            match d.offer(addr(4), n, vec![], now) {
                Offered::Queued => queued += 1,
                Offered::Capped => {}
                other => panic!("{other:?}"),
            }
            // Deliver as fast as asked, so the queue bound plays no part.
            while let Some(a) = d.take() {
                d.done(a, Outcome::Sent, now);
            }
        }
        assert_eq!(queued, RATE);
        assert!(
            d.notes(t0).is_empty(),
            "said at the window's end, not per drop"
        );
        d.tick(t0 + WINDOW);
        assert_eq!(
            d.notes(t0),
            [Note::Capped {
                to: addr(4),
                count: 450,
                rate: RATE
            }]
        );
        // A new window, a new allowance; other destinations were never limited.
        assert_eq!(d.offer(addr(4), 0, vec![], t0 + WINDOW), Offered::Queued);
        assert_eq!(d.offer(addr(6), 0, vec![], t0), Offered::Queued);
    }

    #[test]
    fn memory_is_bounded() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(0);
        // One destination that never drains holds at most MAX_QUEUE.
        for n in 0..1000 {
            d.offer(addr(1), n, vec![0; 16], t0);
        }
        assert_eq!(d.pending(), MAX_QUEUE);
        d.tick(t0 + WINDOW);
        assert_eq!(
            d.notes(t0),
            [Note::Crowded {
                to: addr(1),
                count: 1000 - MAX_QUEUE as u64
            }]
        );
        // Many destinations: at most MAX_PENDING in all.
        let mut backlog = 0;
        for port in 2..=u16::MAX {
            for n in 0..2 {
                if d.offer(addr(port), n, vec![], t0 + WINDOW) == Offered::Backlog {
                    backlog += 1;
                }
            }
        }
        assert_eq!(d.pending(), MAX_PENDING);
        assert!(d.destinations() <= MAX_DESTS);
        assert!(backlog > 0);
        d.tick(t0 + WINDOW * 2);
        assert!(
            d.notes(t0)
                .into_iter()
                .any(|n| n == Note::Backlog { count: backlog }),
            "the backlog is counted once a window"
        );
    }

    #[test]
    fn a_flood_naming_many_addresses_leaves_room_for_a_client_asking_once() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(0);
        // Nothing is delivered: everything waits.
        'fill: for n in 0.. {
            for port in 1..=200 {
                if d.offer(addr(port), n, vec![], t0) != Offered::Queued {
                    break 'fill;
                }
            }
        }
        assert_eq!(d.pending(), MAX_PENDING);
        // The flood goes on: its own addresses get no room (each has as much waiting as any).
        for n in 0..10_000 {
            let port = 1 + (n % 200) as u16;
            assert_ne!(d.offer(addr(port), n, vec![], t0), Offered::Queued);
        }
        let before = d.pending();
        // A new client's one answer gets in; the total stays bounded.
        assert_eq!(d.offer(addr(9999), 0, vec![], t0), Offered::Queued);
        assert_eq!(d.pending(), before);
        assert_eq!(d.offer(addr(9998), 0, vec![], t0), Offered::Queued);
        d.tick(t0 + WINDOW);
        let crowded: u64 = d
            .notes(t0)
            .into_iter()
            .filter_map(|n| match n {
                Note::Crowded { count, .. } => Some(count),
                _ => None,
            })
            .sum();
        assert!(crowded >= 2, "the room made is counted");
    }

    #[test]
    fn warnings_about_many_addresses_are_a_few_a_second() {
        let t0 = Instant::now();
        let mut d = Deliveries::new(0);
        let mut said = Vec::new();
        for port in 1..=1000 {
            d.offer(addr(port), 0, vec![], t0);
            let a = d.take().unwrap();
            d.done(a, Outcome::Failed("reset".into()), t0);
            said.extend(d.notes(t0));
        }
        assert_eq!(said.len(), SAID as usize, "{said:?}");
        d.tick(t0 + WINDOW);
        let later = d.notes(t0 + WINDOW);
        assert!(
            later.contains(&Note::Hushed {
                count: 1000 - u64::from(SAID)
            }),
            "{later:?}"
        );
        // -v details are never held back.
        d.offer(addr(1), 1, vec![], t0 + WINDOW);
        let a = d.take().unwrap();
        d.done(a, refused(), t0 + WINDOW);
        assert!(
            d.notes(t0 + WINDOW)
                .iter()
                .any(|n| matches!(n, Note::Retry { .. }))
        );
    }

    #[test]
    fn errors_are_classified() {
        use std::io::Error;
        assert_eq!(
            Outcome::of(Ok(()), crate::term::text::Lang::En),
            Outcome::Sent
        );
        assert!(matches!(
            Outcome::of(
                Err(Error::from(ErrorKind::ConnectionRefused)),
                crate::term::text::Lang::En
            ),
            Outcome::Refused(_)
        ));
        assert!(matches!(
            Outcome::of(
                Err(Error::from(ErrorKind::TimedOut)),
                crate::term::text::Lang::En
            ),
            Outcome::TimedOut(_)
        ));
        assert!(matches!(
            Outcome::of(
                Err(Error::from(ErrorKind::ConnectionReset)),
                crate::term::text::Lang::En
            ),
            Outcome::Failed(_)
        ));
    }
}
