//! kv benchmark: `cargo run --release --example kv_bench`.
//!
//! 1. Answers per second one node gives from its own database to many concurrent clients.
//!    Every answer is a new TCP connection from the node to the client, so the run also
//!    measures a bare connect-send-close loop (the same frame, no node in between) and prints
//!    the ratio: how close the node comes to the cost of the connections themselves.
//! 2. The time for a key three hops away to be answered (line A-B-C-D, client on A, key only
//!    on D), median and 99th percentile.
//!
//! Nodes run in this process (the library's `kv::node::run`, default settings but for the
//! per-address answer cap, which is off: no `-b`) on 127.0.0.1 ephemeral ports. Every answer leaves a connection in TIME_WAIT for a minute and
//! the host has some 28 000 ephemeral ports, so each measurement stops after `MAX_OPS`.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, unbounded};

use netlab::kv::config::NodeConfig;
use netlab::kv::{node, wire, wire::Msg};
use netlab::net::Env;
use netlab::net::log::{Level, Line, Sink};
use netlab::net::shutdown::{self, Trigger};
use netlab::net::sock;
use netlab::net::text::Lang;

const CLIENTS: usize = 32;
const RUN: Duration = Duration::from_secs(3);
const MAX_OPS: u64 = 10_000;
const HOPS_SAMPLES: usize = 300;

/// A node running on a thread of this process; stopped on drop.
struct Node {
    addr: SocketAddr,
    trigger: Trigger,
}

impl Drop for Node {
    fn drop(&mut self) {
        self.trigger.fire();
    }
}

fn start_node(db: PathBuf, neighbours: &[SocketAddr]) -> Node {
    let (tx, rx): (_, Receiver<Line>) = unbounded();
    let (trigger, stop) = shutdown::pair();
    let (_input_tx, input) = unbounded();
    let env = Env::captured(
        Lang::En,
        "node",
        Level::Normal,
        Sink::Channel(tx),
        stop,
        input,
    );
    let args = NodeConfig {
        port: 0,
        dbfile: db,
        neighbours: neighbours.iter().map(|&a| a.into()).collect(),
        // Each client here asks thousands of times a second: the cap against amplification
        // (50 answers a second to one address) would measure itself, not the node.
        answer_rate: 0,
        ..NodeConfig::default()
    };
    std::thread::spawn(move || node::run(args, env).expect("node"));
    loop {
        let line = rx.recv().expect("node output");
        if let Some(addr) = line.text.strip_prefix("listening on ") {
            let addr = addr.parse().unwrap();
            // Drain the rest of the node's lines in the background, showing its warnings.
            std::thread::spawn(move || {
                for line in rx.iter() {
                    if line.text.starts_with("warning") || line.text.starts_with("error") {
                        eprintln!("node {addr}: {}", line.text);
                    }
                }
            });
            return Node { addr, trigger };
        }
    }
}

/// A client: its answer listener and its link to the node (ID already sent).
struct Client {
    listener: TcpListener,
    link: TcpStream,
}

fn client(node: SocketAddr) -> Client {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut link = TcpStream::connect(node).unwrap();
    link.set_nodelay(true).unwrap();
    link.write_all(&wire::to_bytes(&Msg::Id { port }).unwrap())
        .unwrap();
    Client { listener, link }
}

impl Client {
    /// One request, one answer: its round trip.
    fn ask(&mut self, nseq: u32, key: &[u8]) -> Duration {
        let t = Instant::now();
        let req = wire::to_bytes(&Msg::KeyReq {
            nseq,
            key: key.to_vec(),
        })
        .unwrap();
        self.link.write_all(&req).unwrap();
        let (mut s, _) = self.listener.accept().unwrap();
        s.set_nonblocking(false).unwrap();
        match wire::decode(&mut s).unwrap() {
            Msg::Resp { nseq: n, .. } if n == nseq => t.elapsed(),
            other => panic!("unexpected answer {other:?}"),
        }
    }

    /// Ask until an answer arrives within a second (while the overlay's links settle).
    fn ask_until_answered(&mut self, mut nseq: u32, key: &[u8]) -> u32 {
        self.listener.set_nonblocking(true).unwrap();
        loop {
            let req = wire::to_bytes(&Msg::KeyReq {
                nseq,
                key: key.to_vec(),
            })
            .unwrap();
            self.link.write_all(&req).unwrap();
            let end = Instant::now() + Duration::from_secs(1);
            while Instant::now() < end {
                if let Ok((mut s, _)) = self.listener.accept() {
                    s.set_nonblocking(false).unwrap();
                    wire::decode(&mut s).unwrap();
                    self.listener.set_nonblocking(false).unwrap();
                    return nseq + 1;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            nseq += 1;
        }
    }
}

/// Run `work` on `CLIENTS` threads for `RUN` or until `MAX_OPS` operations are counted;
/// return the operations per second.
fn rate(work: impl Fn(&AtomicBool, &AtomicU64) + Sync) -> f64 {
    let done = AtomicBool::new(false);
    let count = AtomicU64::new(0);
    let start = Instant::now();
    let elapsed = std::thread::scope(|s| {
        for _ in 0..CLIENTS {
            s.spawn(|| work(&done, &count));
        }
        while start.elapsed() < RUN && count.load(Ordering::Relaxed) < MAX_OPS {
            std::thread::sleep(Duration::from_millis(5));
        }
        done.store(true, Ordering::Relaxed);
        // The rate counts what was done by now; work finishing after this is not counted.
        (start.elapsed(), count.load(Ordering::Relaxed))
    });
    elapsed.1 as f64 / elapsed.0.as_secs_f64()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("netlab-kv-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };

    // 1. One node answering from its own database.
    let one = start_node(db("one.db", "key the value\n"), &[]);
    let node_rate = rate(|done, count| {
        let mut c = client(one.addr);
        let mut nseq = 0;
        while !done.load(Ordering::Relaxed) {
            c.ask(nseq, b"key");
            nseq += 1;
            count.fetch_add(1, Ordering::Relaxed);
        }
    });
    drop(one);

    // The same answers without a node: connect, one write of the same frame, close, and the
    // receiving side accepts and reads it.
    let frame = wire::to_bytes(&Msg::Resp {
        nseq: 0,
        value: b" the value".to_vec(),
    })
    .unwrap();
    let bare_rate = rate(|done, count| {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let to = listener.local_addr().unwrap();
        while !done.load(Ordering::Relaxed) {
            // The node's own way of opening an answer connection, from a bound address.
            let mut out = sock::connect(to, None, Duration::from_secs(3)).unwrap();
            out.write_all(&frame).unwrap();
            drop(out);
            let (mut s, _) = listener.accept().unwrap();
            wire::decode(&mut s).unwrap();
            count.fetch_add(1, Ordering::Relaxed);
        }
    });

    // 2. A key three hops away: A - B - C - D, the key only on D.
    let a = start_node(db("a.db", "other x\n"), &[]);
    let b = start_node(db("b.db", "other x\n"), &[a.addr]);
    let c = start_node(db("c.db", "other x\n"), &[b.addr]);
    let d = start_node(db("d.db", "far three hops away\n"), &[c.addr]);
    let mut cl = client(a.addr);
    // The first answer proves every link of the path is in place.
    let first = cl.ask_until_answered(0, b"far");
    let mut times: Vec<Duration> = (0..HOPS_SAMPLES as u32)
        .map(|i| cl.ask(first + i, b"far"))
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let p99 = times[times.len() * 99 / 100];
    drop((a, b, c, d));
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "kv benchmark ({CLIENTS} concurrent clients, each rate over {RUN:?} or {MAX_OPS} operations, loopback)"
    );
    println!("  node answering from its own database : {node_rate:>9.0} answers/s");
    println!("  bare connect-send-close loop         : {bare_rate:>9.0} connections/s");
    println!(
        "  ratio node / bare                    : {:>9.2}",
        node_rate / bare_rate
    );
    println!(
        "  key three hops away (A-B-C-D)        : median {:.3} ms, p99 {:.3} ms ({HOPS_SAMPLES} requests)",
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );
}
