//! The bare relay the msg server is measured against: a plain forwarder doing the same
//! per-display stop-and-wait with the same bounded lanes and the same flow control (an
//! emitter whose broadcast finds a full lane is not read until it got in), and nothing else:
//! no deadlines, no logs, no checks beyond what forwarding needs.
//!
//! As fast as it honestly gets: one thread, no locks, no channels, no thread wake-ups; epoll
//! over non-blocking sockets, every frame written with one `send` straight from the event
//! loop, buffers reused.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsRawFd, RawFd};

/// Frames that may wait per display (the server's default `--queue`).
const LANE: usize = 1024;
const LISTENER: u64 = u64::MAX;

struct Peer {
    stream: TcpStream,
    /// Bytes read and not yet handled.
    inbuf: Vec<u8>,
    /// Bytes the socket did not take yet.
    out: Vec<u8>,
    id: u16,
    /// Not read while its request waits for room.
    held: bool,
    // A display:
    lane: VecDeque<Vec<u8>>,
    outstanding: bool,
    waiters: VecDeque<usize>,
    // An emitter: the broadcast waiting for room, and the displays it waits for.
    request: Option<(u16, u32, u32, Vec<u8>)>,
    waiting: Vec<usize>,
}

struct Relay {
    epoll: RawFd,
    peers: Vec<Option<Peer>>,
    displays: Vec<usize>,
}

fn frame(kind: u16, orig: u16, dest: u16, seq: u32, ts: u32, text: Option<&[u8]>) -> Vec<u8> {
    let mut f = Vec::with_capacity(16 + text.map_or(0, <[u8]>::len));
    f.extend_from_slice(&kind.to_be_bytes());
    f.extend_from_slice(&orig.to_be_bytes());
    f.extend_from_slice(&dest.to_be_bytes());
    f.extend_from_slice(&seq.to_be_bytes());
    f.extend_from_slice(&ts.to_be_bytes());
    if let Some(t) = text {
        f.extend_from_slice(&(t.len() as u16).to_be_bytes());
        f.extend_from_slice(t);
    }
    f
}

fn be16(b: &[u8], i: usize) -> u16 {
    u16::from_be_bytes([b[i], b[i + 1]])
}

fn be32(b: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Serve on `listener` forever.
pub fn run(listener: TcpListener) -> ! {
    listener.set_nonblocking(true).unwrap();
    // SAFETY: plain epoll calls on descriptors this function owns.
    let epoll = unsafe { libc::epoll_create1(0) };
    assert!(epoll >= 0, "epoll_create1");
    let mut relay = Relay {
        epoll,
        peers: Vec::new(),
        displays: Vec::new(),
    };
    relay.watch(
        listener.as_raw_fd(),
        LISTENER,
        libc::EPOLLIN as u32,
        libc::EPOLL_CTL_ADD,
    );
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 256];
    loop {
        // SAFETY: `events` is a valid buffer of that many entries.
        let n = unsafe { libc::epoll_wait(epoll, events.as_mut_ptr(), events.len() as i32, -1) };
        for ev in &events[..n.max(0) as usize] {
            let (token, flags) = (ev.u64, ev.events);
            if token == LISTENER {
                while let Ok((s, _)) = listener.accept() {
                    relay.add(s);
                }
                continue;
            }
            let slot = token as usize;
            if flags & libc::EPOLLOUT as u32 != 0 {
                relay.flush(slot);
            }
            if flags & (libc::EPOLLIN | libc::EPOLLHUP | libc::EPOLLERR) as u32 != 0 {
                relay.read(slot);
            }
        }
    }
}

impl Relay {
    fn watch(&self, fd: RawFd, token: u64, events: u32, op: i32) {
        let mut ev = libc::epoll_event { events, u64: token };
        // SAFETY: a valid epoll descriptor and event.
        unsafe { libc::epoll_ctl(self.epoll, op, fd, &mut ev) };
    }

    fn add(&mut self, stream: TcpStream) {
        stream.set_nonblocking(true).unwrap();
        stream.set_nodelay(true).unwrap();
        let slot = self
            .peers
            .iter()
            .position(Option::is_none)
            .unwrap_or_else(|| {
                self.peers.push(None);
                self.peers.len() - 1
            });
        self.watch(
            stream.as_raw_fd(),
            slot as u64,
            libc::EPOLLIN as u32,
            libc::EPOLL_CTL_ADD,
        );
        self.peers[slot] = Some(Peer {
            stream,
            inbuf: Vec::with_capacity(4096),
            out: Vec::new(),
            id: 0,
            held: false,
            lane: VecDeque::new(),
            outstanding: false,
            waiters: VecDeque::new(),
            request: None,
            waiting: Vec::new(),
        });
    }

    fn peer(&mut self, slot: usize) -> &mut Peer {
        self.peers[slot].as_mut().expect("a live peer")
    }

    /// Read what the socket has, then handle whole frames.
    fn read(&mut self, slot: usize) {
        let Some(p) = self.peers[slot].as_mut() else {
            return;
        };
        let mut buf = [0u8; 8192];
        loop {
            match p.stream.read(&mut buf) {
                Ok(0) => return self.close(slot),
                Ok(n) => p.inbuf.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(_) => return self.close(slot),
            }
        }
        self.handle(slot);
    }

    /// Handle the whole frames buffered for `slot`, unless it is held.
    fn handle(&mut self, slot: usize) {
        let mut at = 0;
        loop {
            let p = self.peer(slot);
            if p.held {
                break;
            }
            let b = &p.inbuf[at..];
            if b.len() < 14 {
                break;
            }
            let kind = be16(b, 0);
            let len = match kind {
                2 if b.len() >= 16 => 16 + be16(b, 14) as usize,
                2 => break,
                _ => 14,
            };
            if b.len() < len {
                break;
            }
            let (orig, seq, ts) = (be16(b, 2), be32(b, 6), be32(b, 10));
            let text = (kind == 2).then(|| b[16..len].to_vec());
            at += len;
            match kind {
                0 => {
                    self.peer(slot).id = orig;
                    if orig >= 1000 {
                        self.displays.push(slot);
                    }
                    self.send(slot, &frame(3, 0, orig, seq, ts, None));
                }
                1 => {
                    self.send(slot, &frame(3, 0, orig, seq, ts, None));
                    return self.close(slot);
                }
                2 => self.broadcast(slot, orig, seq, text.unwrap_or_default()),
                3 => self.acked(slot),
                _ => {}
            }
        }
        if let Some(p) = self.peers[slot].as_mut() {
            p.inbuf.drain(..at);
        }
    }

    /// A MSG to every display: queued where there is room, else the emitter waits.
    fn broadcast(&mut self, slot: usize, orig: u16, seq: u32, text: Vec<u8>) {
        let mut waiting = Vec::new();
        for i in 0..self.displays.len() {
            let d = self.displays[i];
            let full = {
                let dp = self.peer(d);
                dp.lane.len() >= LANE || !dp.waiters.is_empty()
            };
            if full {
                waiting.push(d);
                self.peer(d).waiters.push_back(slot);
            } else {
                let id = self.peer(d).id;
                self.deliver(d, frame(2, orig, id, seq, 0, Some(&text)));
            }
        }
        if waiting.is_empty() {
            self.send(slot, &frame(3, 0, orig, seq, 0, None));
            return;
        }
        let p = self.peer(slot);
        p.request = Some((orig, seq, 0, text));
        p.waiting = waiting;
        p.held = true;
        let fd = p.stream.as_raw_fd();
        self.watch(fd, slot as u64, 0, libc::EPOLL_CTL_MOD);
    }

    /// Into display `d`'s lane; sent at once if nothing is outstanding.
    fn deliver(&mut self, d: usize, f: Vec<u8>) {
        let dp = self.peer(d);
        if dp.outstanding {
            dp.lane.push_back(f);
        } else {
            dp.outstanding = true;
            self.send(d, &f);
        }
    }

    /// A display's OK: the next frame goes, and a waiting emitter gets in.
    fn acked(&mut self, d: usize) {
        let dp = self.peer(d);
        dp.outstanding = false;
        if let Some(f) = dp.lane.pop_front() {
            dp.outstanding = true;
            self.send(d, &f);
        }
        while self.peer(d).lane.len() < LANE {
            let Some(e) = self.peer(d).waiters.pop_front() else {
                break;
            };
            let Some(ep) = self.peers[e].as_mut() else {
                continue;
            };
            let Some(i) = ep.waiting.iter().position(|&w| w == d) else {
                continue;
            };
            ep.waiting.swap_remove(i);
            let (orig, seq, _, text) = ep.request.clone().expect("a waiting request");
            let done = ep.waiting.is_empty();
            let id = self.peer(d).id;
            self.deliver(d, frame(2, orig, id, seq, 0, Some(&text)));
            if done {
                let ep = self.peer(e);
                ep.request = None;
                ep.held = false;
                let fd = ep.stream.as_raw_fd();
                self.watch(fd, e as u64, libc::EPOLLIN as u32, libc::EPOLL_CTL_MOD);
                self.send(e, &frame(3, 0, orig, seq, 0, None));
                self.handle(e);
            }
        }
    }

    /// One frame in one `send`; what the socket does not take waits for EPOLLOUT.
    fn send(&mut self, slot: usize, f: &[u8]) {
        let p = self.peer(slot);
        if !p.out.is_empty() {
            p.out.extend_from_slice(f);
            return;
        }
        let fd = p.stream.as_raw_fd();
        // SAFETY: a live socket and a valid buffer.
        let n = unsafe {
            libc::send(
                fd,
                f.as_ptr().cast(),
                f.len(),
                libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
            )
        };
        let n = if n < 0 { 0 } else { n as usize };
        if n < f.len() {
            p.out.extend_from_slice(&f[n..]);
            let held = p.held;
            let events = libc::EPOLLOUT as u32 | if held { 0 } else { libc::EPOLLIN as u32 };
            self.watch(fd, slot as u64, events, libc::EPOLL_CTL_MOD);
        }
    }

    fn flush(&mut self, slot: usize) {
        let Some(p) = self.peers[slot].as_mut() else {
            return;
        };
        let fd = p.stream.as_raw_fd();
        // SAFETY: a live socket and a valid buffer.
        let n = unsafe {
            libc::send(
                fd,
                p.out.as_ptr().cast(),
                p.out.len(),
                libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
            )
        };
        if n > 0 {
            p.out.drain(..n as usize);
        }
        if p.out.is_empty() {
            let events = if p.held { 0 } else { libc::EPOLLIN as u32 };
            self.watch(fd, slot as u64, events, libc::EPOLL_CTL_MOD);
        }
    }

    fn close(&mut self, slot: usize) {
        if let Some(p) = self.peers[slot].take() {
            self.watch(p.stream.as_raw_fd(), 0, 0, libc::EPOLL_CTL_DEL);
        }
        self.displays.retain(|&d| d != slot);
        for p in self.peers.iter_mut().flatten() {
            p.waiters.retain(|&w| w != slot);
        }
    }
}
