//! The one event loop every role runs on. A role's state is an [`Owner`]: it handles one event
//! at a time and never blocks; [`run_polled`] does the waiting on the role's [`Poller`]: its
//! connections' frames, the events of its own threads, input lines and the stop signal (both
//! rung in by one [`edge`] thread), the owner's next deadline, the short spin before waiting,
//! and the bounded goodbye (rust-analyzer's split of `next_event` from `handle_event`). [`run`]
//! is the same loop for a role with no connections on the poller (multicast, the
//! thread-per-connection servers).
//!
//! ```text
//!             ┌───────── run_polled ─────────┐
//! sockets ───▶│ turn: spin, then wait        │──▶ owner.handle(frame | opened | closed)
//! events  ───▶│   (their senders ring)       │──▶ owner.handle(ev)
//! input   ───▶│   (unless !wants_input)      │──▶ owner.line(Some(l) | None)
//! stop    ───▶│   deadline() passed          │──▶ owner.tick(now)
//!             │   nothing left to do         │──▶ owner.flush()
//!             └──────────────────────────────┘
//! stop or Flow::Leave ──▶ owner.goodbye() → a deadline; events and frames keep flowing to
//!                         handle() until it says Flow::Exit or the deadline passes
//! ```
//!
//! Spinning: a server owner looks at its sockets for [`Owner::SPIN`] before waiting, so a frame
//! that arrives meanwhile is taken without a wake-up (a system call on each side, and on a
//! quiet machine a cross-core wake-up, which costs more than handling a request). Under steady
//! traffic the loop never waits, so deadlines and the stop signal are checked on every turn.

use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, never, select};

use super::shutdown::Stop;
use super::{
    codec::NoConns,
    conn::{Event, Measured},
    poller::Poller,
};

/// What the owner wants after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Go on.
    Continue,
    /// Say goodbye ([`Owner::goodbye`]), then end.
    Leave,
    /// End now (after a goodbye: it is complete).
    Exit,
}

/// A role's state and its reactions.
pub trait Owner {
    /// Everything the role's threads send it (usually an enum wrapping `net::conn::Event`).
    type Event;

    /// How long to poll for the next event before parking (servers on a hot path).
    const SPIN: Duration = Duration::ZERO;

    /// One event. During the goodbye too: the owner knows it is leaving.
    fn handle(&mut self, event: Self::Event) -> Flow;

    /// One input line, or `None` at the end of input.
    fn line(&mut self, _line: Option<String>) -> Flow {
        Flow::Continue
    }

    /// Whether to read input now (a client collecting answers may hold the next command).
    fn wants_input(&self) -> bool {
        true
    }

    /// When [`Owner::tick`] must run next.
    fn deadline(&self) -> Option<Instant> {
        None
    }

    /// The deadline has passed.
    fn tick(&mut self, _now: Instant) -> Flow {
        Flow::Continue
    }

    /// The source the owner's poller watches for it ([`Poller::watch`]: a UDP socket) is
    /// readable: read it until a read would block, since readiness is reported once per
    /// arrival, or stop earlier (other work waits) and say it may have more. Returns what the
    /// owner wants, and whether the source may have more.
    fn readable(&mut self) -> (Flow, bool) {
        (Flow::Continue, false)
    }

    /// Nothing more is queued: a chance to write out what was batched.
    fn flush(&mut self) {}

    /// Start saying goodbye (the stop signal, or [`Flow::Leave`]); return until when events
    /// may still complete it (`None`: nothing to wait for). Called once.
    fn goodbye(&mut self) -> Option<Instant> {
        None
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The owner said [`Flow::Exit`], or its goodbye needed no wait.
    Done,
    /// The goodbye's deadline passed before the owner said it was complete.
    GoodbyeTimedOut,
}

/// The start of every turn: a deadline that passed is ticked (`Some` of what the owner
/// says), and the stop signal starts the goodbye (`Some(Leave)`); `None`: go on with events.
fn due<O: Owner>(owner: &mut O, stop: &Stop) -> Option<Flow> {
    if let Some(due) = owner.deadline() {
        let now = Instant::now();
        if due <= now {
            return Some(owner.tick(now));
        }
    }
    stop.is_set().then_some(Flow::Leave)
}

/// Hand a line (or the end of input, after which input is no longer read) to the owner.
fn read_line<O: Owner>(
    owner: &mut O,
    input: &mut Option<Receiver<String>>,
    line: Option<String>,
) -> Flow {
    if line.is_none() {
        *input = None;
    }
    owner.line(line)
}

/// Run `owner` until it exits: on its connections' frames (`poller`: from
/// [`Acceptor::owned`](super::conn::Acceptor::owned) or [`Poller::dial`]), the events of its
/// own threads (`events`, each sent through an [`Outlet`](super::poller::Outlet), which rings
/// the poller's bell), the optional `input` lines, its deadlines, and `stop` (which starts the
/// goodbye). Everything is handed to `owner` on this thread.
pub fn run_polled<O, C>(
    owner: &mut O,
    events: &Receiver<O::Event>,
    poller: &mut Poller<C>,
    input: Option<Receiver<String>>,
    stop: &Stop,
) -> Ended
where
    O: Owner,
    O::Event: From<Event<C>>,
    C: Measured,
{
    serve(owner, events, poller, input, stop, |owner, ev| {
        owner.handle(ev.into())
    })
}

/// [`run_polled`] for an owner with no connections on the poller (made with
/// [`Poller::alone`]): what it hears comes on `events`, from its own threads (a served
/// connection's) through an [`Outlet`](super::poller::Outlet) of `poller`, or from a source
/// the poller watches for it ([`Poller::watch`]: mcast's UDP socket).
pub fn run<O: Owner>(
    owner: &mut O,
    events: &Receiver<O::Event>,
    poller: &mut Poller<NoConns>,
    input: Option<Receiver<String>>,
    stop: &Stop,
) -> Ended {
    // A poller of no connections reports none.
    serve(owner, events, poller, input, stop, |_, _| Flow::Continue)
}

/// The one loop, then the one goodbye: events and sockets, until the owner says it is
/// complete or the goodbye's deadline passes.
fn serve<O, C>(
    owner: &mut O,
    events: &Receiver<O::Event>,
    poller: &mut Poller<C>,
    input: Option<Receiver<String>>,
    stop: &Stop,
    mut frames: impl FnMut(&mut O, Event<C>) -> Flow,
) -> Ended
where
    O: Owner,
    C: Measured,
{
    let (mut lines, _edge) = edge(poller.bell(), stop, input);
    if turns(owner, events, poller, &mut lines, stop, &mut frames) == Flow::Exit {
        owner.flush();
        return Ended::Done;
    }
    let Some(deadline) = owner.goodbye() else {
        owner.flush();
        return Ended::Done;
    };
    let ended = loop {
        let now = Instant::now();
        if now >= deadline {
            break Ended::GoodbyeTimedOut;
        }
        let flow = match events.try_recv() {
            Ok(ev) => owner.handle(ev),
            Err(_) if poller.take_readable() => readable(owner, poller),
            Err(_) => poller.turn(Some(deadline - now), &mut |ev| frames(owner, ev)),
        };
        if flow == Flow::Exit {
            break Ended::Done;
        }
    };
    owner.flush();
    ended
}

/// The one thread at the edge of a polled owner: it rings the bell when the stop signal
/// comes, and passes the input lines on one at a time, ringing for each (a line waits there
/// while the owner does not want input, so the reader behind it waits too). It ends when the
/// returned guard is dropped.
pub(crate) fn edge(
    bell: super::poller::Bell,
    stop: &Stop,
    input: Option<Receiver<String>>,
) -> (Option<Receiver<String>>, crossbeam_channel::Sender<()>) {
    let (done_tx, done) = crossbeam_channel::bounded::<()>(0);
    let (tx, rx) = crossbeam_channel::bounded::<String>(1);
    let stopped = stop.rx().clone();
    let has_input = input.is_some();
    let _ = std::thread::Builder::new()
        .name("edge".into())
        .stack_size(super::conn::STACK)
        .spawn(move || {
            let none = never();
            let mut input = input;
            let mut stopped = Some(stopped);
            let mut tx = Some(tx);
            loop {
                let lines = input.as_ref().unwrap_or(&none);
                let stop_rx = stopped.clone().unwrap_or_else(never);
                select! {
                    recv(stop_rx) -> _ => {
                        stopped = None;
                        bell.ring();
                    }
                    recv(lines) -> line => match line {
                        Ok(line) => {
                            let Some(out) = &tx else { continue };
                            select! {
                                send(out, line) -> sent => {
                                    if sent.is_err() {
                                        return;
                                    }
                                    bell.ring();
                                }
                                recv(done) -> _ => return,
                            }
                        }
                        Err(_) => {
                            // The end of input: the owner sees the channel disconnect.
                            input = None;
                            tx = None;
                            bell.ring();
                        }
                    },
                    recv(done) -> _ => return,
                }
            }
        });
    (has_input.then_some(rx), done_tx)
}

/// The watched source is readable: the owner reads it (and is asked again on the next turn
/// when it says it may have more).
fn readable<O: Owner, C: Measured>(owner: &mut O, poller: &mut Poller<C>) -> Flow {
    let (flow, more) = owner.readable();
    if more {
        poller.readable_again();
    }
    flow
}

/// The loop's turns, until the owner leaves or exits (the returned flow).
fn turns<O, C>(
    owner: &mut O,
    events: &Receiver<O::Event>,
    poller: &mut Poller<C>,
    input: &mut Option<Receiver<String>>,
    stop: &Stop,
    frames: &mut impl FnMut(&mut O, Event<C>) -> Flow,
) -> Flow
where
    O: Owner,
    C: Measured,
{
    loop {
        // Checked on every turn: under steady traffic the loop never waits.
        match due(owner, stop) {
            Some(Flow::Continue) => continue,
            Some(flow) => return flow,
            None => {}
        }
        // The sockets are the owner's main source: a channel nobody sends on any more ends
        // nothing.
        if let Ok(ev) = events.try_recv() {
            match owner.handle(ev) {
                Flow::Continue => continue,
                flow => return flow,
            }
        }
        if let Some(rx) = input.as_ref().filter(|_| owner.wants_input()) {
            let line = match rx.try_recv() {
                Ok(line) => Some(Some(line)),
                Err(crossbeam_channel::TryRecvError::Disconnected) => Some(None),
                Err(crossbeam_channel::TryRecvError::Empty) => None,
            };
            if let Some(line) = line {
                match read_line(owner, input, line) {
                    Flow::Continue => continue,
                    flow => return flow,
                }
            }
        }
        // As `run` spins on its channel: look at the sockets without waiting for up to
        // Owner::SPIN (a frame that comes meanwhile is taken without a wake-up), then wait.
        // Between looks the core is offered to other threads: on two cores the peers this
        // waits for often need it. In examples/msg_bench.rs a 50 µs spin without yielding
        // measured 0.7 to 1.0 of a 10 µs one at 50×50; yielding, the same as 10 µs, and one
        // display's lossless rate twice as high.
        let mut took = false;
        let started = Instant::now();
        loop {
            let mut flow = poller.turn(Some(Duration::ZERO), &mut |ev| {
                took = true;
                frames(owner, ev)
            });
            // The watched source after the sockets' turn: a source that always has more
            // still lets the rest (sockets, the bell, input, deadlines) be looked at between
            // its bursts.
            if flow == Flow::Continue && poller.take_readable() {
                took = true;
                flow = readable(owner, poller);
            }
            if flow != Flow::Continue {
                return flow;
            }
            // The bell answered here may have been the stop signal's: the loop must look at
            // it before waiting, since that ring is spent.
            let woke = took || poller.rang() || poller.readable_pending() || !events.is_empty();
            if woke || started.elapsed() >= O::SPIN {
                break;
            }
            std::thread::yield_now();
        }
        if took || poller.rang() || poller.readable_pending() || !events.is_empty() {
            continue;
        }
        owner.flush();
        let wait = owner
            .deadline()
            .map(|due| due.saturating_duration_since(Instant::now()));
        match poller.turn(wait, &mut |ev| frames(owner, ev)) {
            Flow::Continue => {}
            flow => return flow,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::poller::Outlet;
    use crate::net::shutdown;
    use crate::term::text::Lang;
    use crossbeam_channel::bounded;

    /// Counts events, leaves after `leave_after`, and completes its goodbye on event 100.
    #[derive(Default)]
    struct Counter {
        seen: Vec<u32>,
        lines: Vec<Option<String>>,
        ticks: u32,
        due: Option<Instant>,
        leaving: bool,
        leave_after: u32,
    }

    impl Owner for Counter {
        type Event = u32;

        fn handle(&mut self, ev: u32) -> Flow {
            self.seen.push(ev);
            if self.leaving && ev == 100 {
                return Flow::Exit;
            }
            if ev == self.leave_after {
                Flow::Leave
            } else {
                Flow::Continue
            }
        }

        fn line(&mut self, line: Option<String>) -> Flow {
            self.lines.push(line);
            Flow::Continue
        }

        fn deadline(&self) -> Option<Instant> {
            self.due
        }

        fn tick(&mut self, _now: Instant) -> Flow {
            self.ticks += 1;
            self.due = None;
            Flow::Continue
        }

        fn goodbye(&mut self) -> Option<Instant> {
            self.leaving = true;
            Some(Instant::now() + Duration::from_secs(5))
        }
    }

    #[test]
    fn events_lines_ticks_and_a_completed_goodbye() {
        let (tx, rx) = bounded(16);
        let (ltx, lrx) = bounded(4);
        let (_trigger, stop) = shutdown::pair();
        let mut owner = Counter {
            leave_after: 3,
            due: Some(Instant::now()),
            ..Counter::default()
        };
        ltx.send("hello".to_string()).unwrap();
        drop(ltx);
        for ev in [1, 2, 3, 4, 100] {
            tx.send(ev).unwrap();
        }
        let ended = run(&mut owner, &rx, &mut idle(), Some(lrx), &stop);
        assert_eq!(ended, Ended::Done);
        assert_eq!(owner.seen, [1, 2, 3, 4, 100]);
        assert_eq!(owner.ticks, 1);
        // The line is read whenever the loop parks; the end of input is reported once.
        assert!(owner.lines.len() <= 2);
    }

    #[test]
    fn stop_starts_the_goodbye_and_its_deadline_ends_it() {
        struct Slow;
        impl Owner for Slow {
            type Event = ();
            fn handle(&mut self, _: ()) -> Flow {
                Flow::Continue
            }
            fn goodbye(&mut self) -> Option<Instant> {
                Some(Instant::now() + Duration::from_millis(20))
            }
        }
        let (_tx, rx) = bounded::<()>(1);
        let (trigger, stop) = shutdown::pair();
        trigger.fire();
        assert_eq!(
            run(&mut Slow, &rx, &mut idle(), None, &stop),
            Ended::GoodbyeTimedOut
        );
    }

    /// An event sent through an outlet while the loop waits wakes it: the run ends at once,
    /// not at the owner's deadline 10 s away.
    #[test]
    fn an_outlet_wakes_the_waiting_loop() {
        let (tx, rx) = bounded(4);
        let (_trigger, stop) = shutdown::pair();
        let mut poller = idle();
        let outlet = Outlet::new(tx, poller.bell());
        let mut owner = Counter {
            leave_after: 1,
            due: Some(Instant::now() + Duration::from_secs(10)),
            ..Counter::default()
        };
        let started = Instant::now();
        let sender = std::thread::spawn(move || {
            outlet.send(1).unwrap();
            outlet.send(100).unwrap();
        });
        let ended = run(&mut owner, &rx, &mut poller, None, &stop);
        sender.join().unwrap();
        assert_eq!(ended, Ended::Done);
        assert_eq!(owner.seen, [1, 100]);
        assert_eq!(owner.ticks, 0);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    /// A watched socket is read when it is readable, a few datagrams at a time when the owner
    /// says it may have more, until every one is in.
    #[test]
    fn a_watched_socket_is_read_in_bursts_until_it_would_block() {
        struct Reader {
            sock: mio::net::UdpSocket,
            got: Vec<u8>,
            gave_up_at: Instant,
        }
        impl Owner for Reader {
            type Event = ();
            fn handle(&mut self, (): ()) -> Flow {
                Flow::Continue
            }
            fn readable(&mut self) -> (Flow, bool) {
                let mut buf = [0u8; 8];
                for _ in 0..3 {
                    match self.sock.recv_from(&mut buf) {
                        Ok((1, _)) => self.got.push(buf[0]),
                        Ok(_) => panic!("a datagram of one byte was sent"),
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            return (Flow::Continue, false);
                        }
                        Err(e) => panic!("{e}"),
                    }
                    if self.got.len() == 10 {
                        return (Flow::Exit, false);
                    }
                }
                (Flow::Continue, true)
            }
            fn deadline(&self) -> Option<Instant> {
                Some(self.gave_up_at)
            }
            fn tick(&mut self, _: Instant) -> Flow {
                Flow::Exit
            }
        }
        let std_sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        std_sock.set_nonblocking(true).unwrap();
        let to = std_sock.local_addr().unwrap();
        let mut sock = mio::net::UdpSocket::from_std(std_sock);
        let mut poller = idle();
        poller.watch(&mut sock).unwrap();
        let sender = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        for i in 0..10u8 {
            sender.send_to(&[i], to).unwrap();
        }
        let mut owner = Reader {
            sock,
            got: Vec::new(),
            gave_up_at: Instant::now() + Duration::from_secs(10),
        };
        let (_tx, rx) = bounded::<()>(1);
        let (_trigger, stop) = shutdown::pair();
        assert_eq!(run(&mut owner, &rx, &mut poller, None, &stop), Ended::Done);
        assert_eq!(owner.got, (0..10).collect::<Vec<u8>>());
    }

    fn idle() -> Poller<NoConns> {
        use crate::term::log::{Level, Log, Sink, Trace};
        let log = Log::new("t", Level::Quiet, Trace::Off, Lang::En, Sink::Std);
        Poller::alone(&log).unwrap()
    }
}
