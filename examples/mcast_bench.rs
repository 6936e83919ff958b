//! Multicast throughput on loopback: one sender, two receivers, every socket pinned to
//! 127.0.0.1 (nothing leaves the machine), through netlab's own socket set-up and wire code.
//!
//!     cargo run --release --example mcast_bench [DATAGRAMS]
//!
//! Three runs of DATAGRAMS (default 200,000) each:
//! - `json, flat out`: netlab's encode + sendto as fast as the sender goes; each receiver
//!   decodes. UDP has no flow control, so what the receivers cannot keep up with is lost:
//!   the loss is counted per receiver.
//! - `bytes, flat out`: the same datagram pre-encoded, receivers only count: the cost of the
//!   JSON on both ends, as a ratio.
//! - `json, windowed`: the sender stays at most WINDOW datagrams ahead of the slower receiver:
//!   the rate at which nothing is lost.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use netlab::mcast::config::GroupConfig;
use netlab::mcast::socket;
use netlab::mcast::wire::{self, Message};

const WINDOW: u64 = 128;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Json,
    Bytes,
    Windowed,
}

struct Outcome {
    sent: u64,
    /// From the first send to the last send.
    send_secs: f64,
    /// From the first send to the last datagram either receiver got.
    recv_secs: f64,
    got: [u64; 2],
}

fn group(port: u16) -> GroupConfig {
    GroupConfig {
        port,
        iface: Some("127.0.0.1".into()),
        ..GroupConfig::default()
    }
}

fn free_port() -> u16 {
    let probe = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).expect("a free UDP port");
    probe.local_addr().unwrap().port()
}

fn run(mode: Mode, n: u64) -> Outcome {
    let g = group(free_port());
    let done = Arc::new(AtomicBool::new(false));
    let counts: Arc<[AtomicU64; 2]> = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
    // Nanoseconds after `start` of the last datagram received, per receiver.
    let last: Arc<[AtomicU64; 2]> = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
    let start = Instant::now();
    let mut receivers = Vec::new();
    for k in 0..2 {
        let r = socket::receiver(&g, netlab::term::text::Lang::En)
            .expect("join the group on 127.0.0.1");
        let (done, counts, last) = (done.clone(), counts.clone(), last.clone());
        receivers.push(thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match r.sock.recv_from(&mut buf) {
                    Ok((len, _)) => {
                        let ok = mode == Mode::Bytes || wire::decode(&buf[..len]).is_ok();
                        if ok {
                            counts[k].fetch_add(1, Ordering::Relaxed);
                            last[k].store(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
                        }
                    }
                    // Read timeout (socket::POLL): over once the sender is done and quiet.
                    Err(_) if done.load(Ordering::Acquire) => break,
                    Err(_) => {}
                }
            }
        }));
    }

    let (sock, dest, _) =
        socket::sender(&g, 1, netlab::term::text::Lang::En).expect("sender on 127.0.0.1");
    let mut msg = Message {
        user: "Ana".into(),
        data: String::new(),
    };
    let mut buf = Vec::with_capacity(256);
    let fixed = {
        msg.data = "message number 100000 of the benchmark".into();
        let mut b = Vec::new();
        wire::encode(&msg, &mut b).unwrap();
        b
    };
    let first = start.elapsed();
    for i in 0..n {
        if mode == Mode::Windowed {
            // Wait (bounded: a lost datagram must not stall us) for the slower receiver.
            let stall = Instant::now();
            while i - counts[0]
                .load(Ordering::Relaxed)
                .min(counts[1].load(Ordering::Relaxed))
                > WINDOW
                && stall.elapsed() < Duration::from_millis(20)
            {
                thread::yield_now();
            }
        }
        let datagram = if mode == Mode::Bytes {
            &fixed[..]
        } else {
            msg.data.clear();
            let _ = write!(msg.data, "message number {i} of the benchmark");
            wire::encode(&msg, &mut buf).unwrap();
            &buf[..]
        };
        sock.send_to(datagram, dest).expect("send");
    }
    let send_secs = (start.elapsed() - first).as_secs_f64();
    // The receivers are done once they have everything, or after a bounded wait (the rest was
    // lost: UDP has no retransmission).
    let deadline = Instant::now() + Duration::from_secs(2);
    while counts.iter().any(|c| c.load(Ordering::Relaxed) < n) && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
    }
    done.store(true, Ordering::Release);
    for r in receivers {
        r.join().unwrap();
    }
    let end = last
        .iter()
        .map(|l| l.load(Ordering::Relaxed))
        .max()
        .unwrap_or(0);
    Outcome {
        sent: n,
        send_secs,
        recv_secs: (Duration::from_nanos(end).saturating_sub(first)).as_secs_f64(),
        got: [
            counts[0].load(Ordering::Relaxed),
            counts[1].load(Ordering::Relaxed),
        ],
    }
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .map(|a| a.replace('_', "").parse().expect("DATAGRAMS is a number"))
        .unwrap_or(200_000);
    println!("mcast: one sender, two receivers, 224.3.29.71 on 127.0.0.1, {n} datagrams per run");
    println!(
        "{:<16} {:>9} {:>12} {:>11} {:>11} {:>8} {:>14}",
        "run", "sent", "sent/s", "recv 1", "recv 2", "loss %", "delivered/s"
    );
    let mut rates = Vec::new();
    for (name, mode) in [
        ("json, flat out", Mode::Json),
        ("bytes, flat out", Mode::Bytes),
        ("json, windowed", Mode::Windowed),
    ] {
        let o = run(mode, n);
        let delivered = (o.got[0] + o.got[1]) as f64;
        let loss = 100.0 * (1.0 - delivered / (2 * o.sent) as f64);
        let sent_rate = o.sent as f64 / o.send_secs;
        let delivered_rate = delivered / o.recv_secs;
        println!(
            "{name:<16} {:>9} {:>12.0} {:>11} {:>11} {:>8.2} {:>14.0}",
            o.sent, sent_rate, o.got[0], o.got[1], loss, delivered_rate
        );
        rates.push((sent_rate, delivered_rate));
    }
    println!(
        "sending rate, json / pre-encoded bytes: {:.2} (the cost of encoding each line)",
        rates[0].0 / rates[1].0
    );
    println!(
        "delivered rate, windowed / flat out (json): {:.2} (lossless pacing against flooding)",
        rates[2].1 / rates[0].1
    );
}
