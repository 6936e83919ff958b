//! The load generator every relay of the comparison is driven by (`--load epoll`): emitters
//! and displays as raw msg clients, on one thread with epoll over non-blocking sockets, so it
//! costs the shared cores as little as a load can (no thread wake-up per frame) and treats
//! every relay alike. `threads.rs` is the same scenario with a thread per client.
//!
//! Each emitter is stop-and-wait: it broadcasts a MSG, waits for its OK, sends the next. Each
//! display answers every MSG at once with an OK (the OKs for the MSGs one read returned leave
//! in one write). Every display checks that it gets every emitter's messages once and in
//! order, and at the end that it got every message an emitter was answered OK for: a relay
//! that loses, repeats or reorders one fails the run.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

pub const HEADER: usize = 14;
pub const MSG: u16 = 2;
pub const OK: u16 = 3;

/// What a broadcast run measured.
pub struct Outcome {
    /// Messages the emitters were answered OK for.
    pub sent: u64,
    /// Messages received by displays (`sent` × displays: checked).
    pub delivered: u64,
    /// From the first MSG to the last delivery.
    pub elapsed: Duration,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.delivered as f64 / self.elapsed.as_secs_f64()
    }
}

pub fn be16(b: &[u8], i: usize) -> u16 {
    u16::from_be_bytes([b[i], b[i + 1]])
}

pub fn be32(b: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

pub fn head(kind: u16, orig: u16, dest: u16, seq: u32, ts: u32, out: &mut Vec<u8>) {
    out.extend_from_slice(&kind.to_be_bytes());
    out.extend_from_slice(&orig.to_be_bytes());
    out.extend_from_slice(&dest.to_be_bytes());
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&ts.to_be_bytes());
}

/// The length of the frame at the start of `b`, once it is all there.
pub fn frame_len(b: &[u8]) -> Option<usize> {
    if b.len() < HEADER {
        return None;
    }
    let len = match be16(b, 0) {
        2 | 6 if b.len() < HEADER + 2 => return None,
        2 => HEADER + 2 + be16(b, 14) as usize,
        6 => HEADER + 2 + 2 * be16(b, 14) as usize,
        _ => HEADER,
    };
    (b.len() >= len).then_some(len)
}

/// One client's connection: registered (blocking), then non-blocking.
struct Peer {
    stream: TcpStream,
    id: u16,
    inbuf: Vec<u8>,
    /// Bytes the socket did not take yet (written when it is writable).
    out: Vec<u8>,
}

impl Peer {
    fn register(addr: SocketAddr, id: u16) -> Peer {
        let mut s = TcpStream::connect(addr).expect("connect to the relay");
        s.set_nodelay(true).unwrap();
        let mut oi = Vec::new();
        head(0, id, 0, 0, 0, &mut oi);
        s.write_all(&oi).unwrap();
        let mut ok = [0u8; HEADER];
        s.read_exact(&mut ok).unwrap();
        assert_eq!(be16(&ok, 0), OK, "OI {id} refused");
        s.set_nonblocking(true).unwrap();
        Peer {
            stream: s,
            id,
            inbuf: Vec::with_capacity(16 * 1024),
            out: Vec::new(),
        }
    }

    /// Read what the socket has (through `scratch`, zeroed once); false at its end.
    fn fill(&mut self, scratch: &mut [u8]) -> bool {
        loop {
            match self.stream.read(scratch) {
                Ok(0) => return false,
                Ok(n) => self.inbuf.extend_from_slice(&scratch[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => panic!("client {}: {e}", self.id),
            }
        }
    }

    /// Write `bytes` (behind what waits); what the socket does not take waits for EPOLLOUT.
    fn send(&mut self, bytes: &[u8], epoll: &Epoll, token: u64) {
        if !self.out.is_empty() {
            self.out.extend_from_slice(bytes);
            return;
        }
        match self.stream.write(bytes) {
            Ok(n) if n == bytes.len() => {}
            Ok(n) => self.park(&bytes[n..], epoll, token),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.park(bytes, epoll, token),
            Err(e) => panic!("client {}: {e}", self.id),
        }
    }

    fn park(&mut self, rest: &[u8], epoll: &Epoll, token: u64) {
        self.out.extend_from_slice(rest);
        epoll.modify(&self.stream, token, true);
    }

    fn writable(&mut self, epoll: &Epoll, token: u64) {
        while !self.out.is_empty() {
            match self.stream.write(&self.out) {
                Ok(n) => {
                    self.out.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) => panic!("client {}: {e}", self.id),
            }
        }
        epoll.modify(&self.stream, token, false);
    }
}

struct Epoll(i32);

impl Epoll {
    fn new() -> Epoll {
        // SAFETY: a plain system call.
        let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        assert!(fd >= 0, "epoll_create1");
        Epoll(fd)
    }

    fn ctl(&self, op: i32, s: &TcpStream, token: u64, out: bool) {
        let events = libc::EPOLLIN as u32 | if out { libc::EPOLLOUT as u32 } else { 0 };
        let mut ev = libc::epoll_event { events, u64: token };
        // SAFETY: a valid epoll descriptor, a live socket and a valid event.
        let r = unsafe { libc::epoll_ctl(self.0, op, s.as_raw_fd(), &mut ev) };
        assert_eq!(r, 0, "epoll_ctl");
    }

    fn add(&self, s: &TcpStream, token: u64) {
        self.ctl(libc::EPOLL_CTL_ADD, s, token, false);
    }

    fn modify(&self, s: &TcpStream, token: u64, out: bool) {
        self.ctl(libc::EPOLL_CTL_MOD, s, token, out);
    }

    /// Wait at most `timeout` for ready sockets; how many `events` holds.
    fn wait(&self, events: &mut [libc::epoll_event], timeout: Duration) -> usize {
        let ms = timeout.as_millis().min(1000) as i32;
        // SAFETY: `events` is a valid buffer of that many entries.
        let n = unsafe { libc::epoll_wait(self.0, events.as_mut_ptr(), events.len() as i32, ms) };
        n.max(0) as usize
    }
}

impl Drop for Epoll {
    fn drop(&mut self) {
        // SAFETY: our own descriptor, closed once.
        unsafe { libc::close(self.0) };
    }
}

/// An emitter's state.
struct Emitter {
    peer: Peer,
    /// The seq of the MSG waiting for its OK (0: none).
    waiting: u32,
    sent_at: Instant,
    /// When its last OK came.
    ok_at: Instant,
    /// MSGs answered OK.
    acked: u64,
}

/// A display's state.
struct Display {
    peer: Peer,
    /// Per emitter (index), the seq expected next.
    next: Vec<u32>,
    got: u64,
}

pub const TEXT: &[u8] = b"Life goes on, brah!!!";

/// `emitters` stop-and-wait emitters broadcasting for `run` to `displays` displays through the
/// relay at `addr`; every delivery checked.
pub fn broadcast(addr: SocketAddr, emitters: u16, displays: u16, run: Duration) -> Outcome {
    drive(addr, emitters, displays, run, None)
}

/// One emitter broadcasting to one display, one message at a time: each message's time from
/// the emitter's MSG until both the display has it and the emitter its OK, for `run`.
pub fn latency(addr: SocketAddr, run: Duration) -> Vec<Duration> {
    let mut times = Vec::new();
    drive(addr, 1, 1, run, Some(&mut times));
    times
}

fn drive(
    addr: SocketAddr,
    emitters: u16,
    displays: u16,
    run: Duration,
    mut lockstep: Option<&mut Vec<Duration>>,
) -> Outcome {
    let epoll = Epoll::new();
    // Displays first, so every broadcast reaches all of them.
    let mut ds: Vec<Display> = (0..displays)
        .map(|i| Display {
            peer: Peer::register(addr, 1000 + i),
            next: vec![1; emitters as usize],
            got: 0,
        })
        .collect();
    let mut es: Vec<Emitter> = (0..emitters)
        .map(|i| Emitter {
            peer: Peer::register(addr, 1 + i),
            waiting: 0,
            sent_at: Instant::now(),
            ok_at: Instant::now(),
            acked: 0,
        })
        .collect();
    // Tokens: displays 0.., emitters after them.
    let d_count = ds.len() as u64;
    for (i, d) in ds.iter().enumerate() {
        epoll.add(&d.peer.stream, i as u64);
    }
    for (i, e) in es.iter().enumerate() {
        epoll.add(&e.peer.stream, d_count + i as u64);
    }
    let start = Instant::now();
    let stop_at = start + run;
    let give_up = stop_at + Duration::from_secs(20);
    let mut frame = Vec::with_capacity(64);
    let mut msg = |e: &mut Emitter, epoll: &Epoll, token: u64| {
        let seq = e.acked as u32 + 1;
        frame.clear();
        head(MSG, e.peer.id, 0, seq, 0, &mut frame);
        frame.extend_from_slice(&(TEXT.len() as u16).to_be_bytes());
        frame.extend_from_slice(TEXT);
        e.waiting = seq;
        e.sent_at = Instant::now();
        e.peer.send(&frame, epoll, token);
    };
    for (i, e) in es.iter_mut().enumerate() {
        msg(e, &epoll, d_count + i as u64);
    }
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 256];
    let mut oks = Vec::with_capacity(16 * 1024);
    let mut scratch = vec![0u8; 64 * 1024];
    let mut last_delivery = start;
    // In lockstep: the display has the message in flight.
    let mut displayed = false;
    loop {
        let now = Instant::now();
        let emitting = es.iter().any(|e| e.waiting != 0);
        let expected: u64 = es.iter().map(|e| e.acked).sum::<u64>();
        if !emitting && ds.iter().all(|d| d.got == expected) {
            break;
        }
        assert!(
            now < give_up,
            "the relay stopped: emitters waiting {}, displays got {:?} of {expected}",
            es.iter().filter(|e| e.waiting != 0).count(),
            ds.iter().map(|d| d.got).collect::<Vec<_>>()
        );
        let n = epoll.wait(&mut events, Duration::from_millis(100));
        for ev in &events[..n] {
            let (token, flags) = (ev.u64, ev.events);
            if token < d_count {
                let d = &mut ds[token as usize];
                if flags & libc::EPOLLOUT as u32 != 0 {
                    d.peer.writable(&epoll, token);
                }
                if flags & (libc::EPOLLIN | libc::EPOLLHUP | libc::EPOLLERR) as u32 == 0 {
                    continue;
                }
                assert!(
                    d.peer.fill(&mut scratch),
                    "the relay closed display {}",
                    d.peer.id
                );
                oks.clear();
                let mut at = 0;
                while let Some(len) = frame_len(&d.peer.inbuf[at..]) {
                    let b = &d.peer.inbuf[at..at + len];
                    at += len;
                    assert_eq!(be16(b, 0), MSG, "display {}: not a MSG", d.peer.id);
                    let (orig, dest, seq, ts) = (be16(b, 2), be16(b, 4), be32(b, 6), be32(b, 10));
                    assert_eq!(dest, d.peer.id, "a MSG for someone else");
                    assert_eq!(&b[HEADER + 2..], TEXT, "the text changed");
                    let e = orig as usize - 1;
                    assert!(e < d.next.len(), "a MSG from an unknown emitter {orig}");
                    assert_eq!(
                        seq, d.next[e],
                        "display {}: emitter {orig}'s messages lost, repeated or reordered",
                        d.peer.id
                    );
                    d.next[e] += 1;
                    d.got += 1;
                    head(OK, d.peer.id, orig, seq, ts, &mut oks);
                }
                d.peer.inbuf.drain(..at);
                if !oks.is_empty() {
                    last_delivery = Instant::now();
                    d.peer.send(&oks, &epoll, token);
                    displayed = true;
                }
            } else {
                let i = (token - d_count) as usize;
                let e = &mut es[i];
                if flags & libc::EPOLLOUT as u32 != 0 {
                    e.peer.writable(&epoll, token);
                }
                if flags & (libc::EPOLLIN | libc::EPOLLHUP | libc::EPOLLERR) as u32 == 0 {
                    continue;
                }
                assert!(
                    e.peer.fill(&mut scratch),
                    "the relay closed emitter {}",
                    e.peer.id
                );
                let mut at = 0;
                while let Some(len) = frame_len(&e.peer.inbuf[at..]) {
                    let b = &e.peer.inbuf[at..at + len];
                    at += len;
                    assert_eq!(be16(b, 0), OK, "emitter {}: not an OK", e.peer.id);
                    assert_eq!(be32(b, 6), e.waiting, "an OK for another message");
                    e.waiting = 0;
                    e.acked += 1;
                    e.ok_at = Instant::now();
                }
                e.peer.inbuf.drain(..at);
            }
        }
        // Emitters answered go on (in lockstep: once the display has the message too).
        let now = Instant::now();
        for (i, e) in es.iter_mut().enumerate() {
            if e.waiting != 0 || now >= stop_at {
                continue;
            }
            if let Some(times) = lockstep.as_deref_mut() {
                if !displayed {
                    continue;
                }
                displayed = false;
                times.push(last_delivery.max(e.ok_at).duration_since(e.sent_at));
            }
            msg(e, &epoll, d_count + i as u64);
        }
    }
    let sent: u64 = es.iter().map(|e| e.acked).sum();
    for d in &ds {
        for (i, e) in es.iter().enumerate() {
            assert_eq!(
                u64::from(d.next[i] - 1),
                e.acked,
                "display {} missed messages of emitter {}",
                d.peer.id,
                e.peer.id
            );
        }
    }
    let delivered = ds.iter().map(|d| d.got).sum();
    assert_eq!(delivered, sent * u64::from(displays));
    Outcome {
        sent,
        delivered,
        elapsed: last_delivery.duration_since(start),
    }
}
