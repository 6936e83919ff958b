//! The load generator with a thread per client (`--load threads`): every emitter and every
//! display is an OS thread of its own on a blocking socket, as separate client processes on
//! one laptop would be. The scenario and the counting are `load.rs`'s, so the two loads'
//! ratios compare: each emitter is stop-and-wait on its OK, each display answers the MSGs one
//! read returned with their OKs in one write, every display checks every emitter's messages
//! arrive once and in order and, at the end, that it got every message an emitter was
//! answered OK for; the time runs from the first MSG to the last delivery.
//!
//! A relay that keeps a core busy (spinning before it parks) gains nothing here from a load
//! that leaves it one: the clients' threads want the cores too.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, unbounded};

use super::load::{HEADER, MSG, OK, Outcome, TEXT, be16, be32, frame_len, head};

/// How long a blocked read waits before the client looks at the clock again.
const POLL: Duration = Duration::from_millis(50);

/// `emitters` stop-and-wait emitters broadcasting for `run` to `displays` displays through the
/// relay at `addr`, a thread each; every delivery checked.
pub fn broadcast(addr: SocketAddr, emitters: u16, displays: u16, run: Duration) -> Outcome {
    drive(addr, emitters, displays, run, false).0
}

/// One emitter broadcasting to one display, one message at a time, a thread each: each
/// message's time from the emitter's MSG until both the display has it and the emitter its OK.
pub fn latency(addr: SocketAddr, run: Duration) -> Vec<Duration> {
    drive(addr, 1, 1, run, true).1
}

/// A client's socket, registered with OI (blocking, a read timeout to watch the clock).
fn register(addr: SocketAddr, id: u16) -> TcpStream {
    let mut s = TcpStream::connect(addr).expect("connect to the relay");
    s.set_nodelay(true).unwrap();
    let mut oi = Vec::new();
    head(0, id, 0, 0, 0, &mut oi);
    s.write_all(&oi).unwrap();
    let mut ok = [0u8; HEADER];
    s.read_exact(&mut ok).unwrap();
    assert_eq!(be16(&ok, 0), OK, "OI {id} refused");
    s.set_read_timeout(Some(POLL)).unwrap();
    s
}

/// Read what comes into `inbuf`; false when nothing came within [`POLL`].
fn fill(s: &mut TcpStream, inbuf: &mut Vec<u8>, scratch: &mut [u8], id: u16) -> bool {
    match s.read(scratch) {
        Ok(0) => panic!("the relay closed client {id}"),
        Ok(n) => {
            inbuf.extend_from_slice(&scratch[..n]);
            true
        }
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
            ) =>
        {
            false
        }
        Err(e) => panic!("client {id}: {e}"),
    }
}

/// What a display thread ends with.
struct Displayed {
    id: u16,
    /// Per emitter (index), the seq expected next.
    next: Vec<u32>,
    got: u64,
    /// When its last MSG came.
    last: Instant,
}

/// A display: answers every MSG, checks the order, until it has `expected` (known once the
/// emitters stopped) messages.
fn display(
    mut s: TcpStream,
    id: u16,
    emitters: u16,
    start: (Instant, Instant, Arc<Barrier>),
    expected: Arc<AtomicU64>,
    seen: Option<Sender<Instant>>,
) -> Displayed {
    let (begin, give_up, barrier) = start;
    let mut next = vec![1u32; emitters as usize];
    let mut got = 0u64;
    let mut last = begin;
    let mut inbuf = Vec::with_capacity(16 * 1024);
    let mut scratch = vec![0u8; 64 * 1024];
    let mut oks = Vec::with_capacity(16 * 1024);
    barrier.wait();
    while got != expected.load(Ordering::Acquire) {
        assert!(
            Instant::now() < give_up,
            "the relay stopped: display {id} got {got}"
        );
        if !fill(&mut s, &mut inbuf, &mut scratch, id) {
            continue;
        }
        oks.clear();
        let mut at = 0;
        while let Some(len) = frame_len(&inbuf[at..]) {
            let b = &inbuf[at..at + len];
            at += len;
            assert_eq!(be16(b, 0), MSG, "display {id}: not a MSG");
            let (orig, dest, seq, ts) = (be16(b, 2), be16(b, 4), be32(b, 6), be32(b, 10));
            assert_eq!(dest, id, "a MSG for someone else");
            assert_eq!(&b[HEADER + 2..], TEXT, "the text changed");
            let e = orig as usize - 1;
            assert!(e < next.len(), "a MSG from an unknown emitter {orig}");
            assert_eq!(
                seq, next[e],
                "display {id}: emitter {orig}'s messages lost, repeated or reordered"
            );
            next[e] += 1;
            got += 1;
            head(OK, id, orig, seq, ts, &mut oks);
        }
        inbuf.drain(..at);
        if !oks.is_empty() {
            last = Instant::now();
            if let Some(seen) = &seen {
                let _ = seen.send(last);
            }
            s.write_all(&oks)
                .unwrap_or_else(|e| panic!("display {id}: {e}"));
        }
    }
    Displayed {
        id,
        next,
        got,
        last,
    }
}

/// An emitter: MSG, wait for its OK, the next, until `stop_at`; its count of MSGs answered OK
/// (and in lockstep the times, each once the display has the message too).
fn emitter(
    mut s: TcpStream,
    id: u16,
    stop_at: Instant,
    start: (Instant, Instant, Arc<Barrier>),
    seen: Option<Receiver<Instant>>,
) -> (u64, Vec<Duration>) {
    let (_, give_up, barrier) = start;
    let mut frame = Vec::with_capacity(64);
    let mut inbuf = Vec::with_capacity(1024);
    let mut scratch = vec![0u8; 4096];
    let mut acked = 0u64;
    let mut times = Vec::new();
    barrier.wait();
    loop {
        let seq = acked as u32 + 1;
        frame.clear();
        head(MSG, id, 0, seq, 0, &mut frame);
        frame.extend_from_slice(&(TEXT.len() as u16).to_be_bytes());
        frame.extend_from_slice(TEXT);
        let sent_at = Instant::now();
        s.write_all(&frame)
            .unwrap_or_else(|e| panic!("emitter {id}: {e}"));
        let len = loop {
            if let Some(len) = frame_len(&inbuf) {
                break len;
            }
            assert!(
                Instant::now() < give_up,
                "the relay stopped: emitter {id} waits for its OK"
            );
            fill(&mut s, &mut inbuf, &mut scratch, id);
        };
        assert_eq!(be16(&inbuf, 0), OK, "emitter {id}: not an OK");
        assert_eq!(be32(&inbuf, 6), seq, "an OK for another message");
        inbuf.drain(..len);
        acked += 1;
        let ok_at = Instant::now();
        if let Some(seen) = &seen {
            let displayed = seen
                .recv_timeout(give_up.saturating_duration_since(ok_at))
                .expect("the display got the message");
            times.push(displayed.max(ok_at).duration_since(sent_at));
        }
        if ok_at >= stop_at {
            return (acked, times);
        }
    }
}

fn drive(
    addr: SocketAddr,
    emitters: u16,
    displays: u16,
    run: Duration,
    lockstep: bool,
) -> (Outcome, Vec<Duration>) {
    // Displays first, so every broadcast reaches all of them.
    let ds: Vec<TcpStream> = (0..displays).map(|i| register(addr, 1000 + i)).collect();
    let es: Vec<TcpStream> = (0..emitters).map(|i| register(addr, 1 + i)).collect();
    let (seen_tx, seen_rx) = if lockstep {
        let (tx, rx) = unbounded();
        (Some(tx), Some(rx))
    } else {
        (None, None)
    };
    // Every client starts at once, past the barrier.
    let barrier = Arc::new(Barrier::new(ds.len() + es.len() + 1));
    let expected = Arc::new(AtomicU64::new(u64::MAX));
    let start = Instant::now();
    let stop_at = start + run;
    let give_up = stop_at + Duration::from_secs(20);
    let at = |b: &Arc<Barrier>| (start, give_up, b.clone());
    let display_threads: Vec<_> = ds
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let (start, expected, seen) = (at(&barrier), expected.clone(), seen_tx.clone());
            thread::spawn(move || display(s, 1000 + i as u16, emitters, start, expected, seen))
        })
        .collect();
    let emitter_threads: Vec<_> = es
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let (start, seen) = (at(&barrier), seen_rx.clone());
            thread::spawn(move || emitter(s, 1 + i as u16, stop_at, start, seen))
        })
        .collect();
    drop(seen_tx);
    barrier.wait();
    let mut acked = Vec::new();
    let mut times = Vec::new();
    for t in emitter_threads {
        let (n, ts) = t.join().expect("an emitter failed");
        acked.push(n);
        times.extend(ts);
    }
    let sent: u64 = acked.iter().sum();
    expected.store(sent, Ordering::Release);
    let ds: Vec<Displayed> = display_threads
        .into_iter()
        .map(|t| t.join().expect("a display failed"))
        .collect();
    for d in &ds {
        for (i, &n) in acked.iter().enumerate() {
            assert_eq!(
                u64::from(d.next[i] - 1),
                n,
                "display {} missed messages of emitter {}",
                d.id,
                i + 1
            );
        }
    }
    let delivered = ds.iter().map(|d| d.got).sum();
    assert_eq!(delivered, sent * u64::from(displays));
    let last = ds.iter().map(|d| d.last).max().unwrap_or(start);
    let outcome = Outcome {
        sent,
        delivered,
        elapsed: last.duration_since(start),
    };
    (outcome, times)
}
