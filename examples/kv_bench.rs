//! kv benchmark: `cargo run --release --example kv_bench`.
//!
//! 1. Answers per second one node gives from its own database to 32 concurrent clients.
//!    Every answer is a new TCP connection from the node to the client, so the run also
//!    measures a bare connect-send-close loop (the same frame, no node in between) and a bare
//!    node (`serve bare`: one thread reading every link and answering each request at once on
//!    a new connection, nothing else) under the same clients, and prints the ratios: how close
//!    the node comes to the cost of the connections themselves.
//! 2. The time for a key three hops away to be answered (line A-B-C-D, client on A, key only
//!    on D), median and 99th percentile.
//!
//! ```text
//! cargo run --release --example kv_bench                           # this build, threads load
//! cargo run --release --example kv_bench -- --load epoll           # the clients on one thread
//! cargo run --release --example kv_bench -- --netlab BUILD         # BUILD's nodes instead
//! ```
//!
//! Before and after in one sitting: build the other version's binary (say `git worktree add
//! ../before REF && (cd ../before && cargo build --release)`), then alternate, the same load
//! each time, and compare the ratios to the bare node and loop (not the absolute rates):
//!
//! ```text
//! cargo build --release --example kv_bench
//! for i in 1 2 3; do
//!   target/release/examples/kv_bench --load threads
//!   target/release/examples/kv_bench --load threads --netlab ../before/target/release/netlab
//! done
//! ```
//!
//! Every node runs in a child process of its own (this program run as `kv_bench serve DB
//! [NEIGHBOUR…]`, the library's `kv::node::run`, or `BUILD kv node`), with default settings
//! but for the per-address answer cap, which is off (`--answer-rate 0`), on 127.0.0.1
//! ephemeral ports; so both builds run alike. Every answer leaves a connection in TIME_WAIT
//! for a minute and the host has some 28 000 ephemeral ports, so each measurement stops after
//! `MAX_OPS`.
//!
//! `--load` chooses how the clients of 1 run: `threads` (the default, and the load the
//! README's figures were measured with), a thread per client on blocking sockets, as separate
//! client processes on one laptop are: the node and its clients share the cores as they do in
//! a classroom, so a node that spins cannot win only because the load left it a free core;
//! `epoll`, every client (its link and its answer port) on one thread (a mio poll), the
//! cheapest load there is. The requests, the checks and the counting are the same, so the
//! ratios of the two loads compare. The bare connect-send-close loop is a thread per client in
//! either.

#[path = "common/spawned.rs"]
mod spawned;

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, unbounded};
use mio::{Events, Interest, Poll, Token};

use netlab::kv::config::NodeConfig;
use netlab::kv::{node, wire, wire::Msg};
use netlab::net::Env;
use netlab::net::shutdown;
use netlab::net::sock;
use netlab::term::log::{Level, Line, Sink};
use netlab::term::text::Lang;

const CLIENTS: usize = 32;
const RUN: Duration = Duration::from_secs(3);
const MAX_OPS: u64 = 10_000;
const HOPS_SAMPLES: usize = 300;
/// The value every answer of 1 carries.
const VALUE: &[u8] = b" the value";

fn usage() -> ! {
    eprintln!("usage: kv_bench [--load threads|epoll] [--netlab PATH] [--ops N]");
    std::process::exit(2);
}

/// How the clients of 1 run.
#[derive(Clone, Copy, PartialEq)]
enum Load {
    Threads,
    Epoll,
}

/// How nodes are started.
struct Nodes {
    /// A `netlab` binary to run as the node, in place of this program's.
    netlab: Option<String>,
}

/// A node in a child process, killed on drop.
struct Node {
    addr: SocketAddr,
    child: Child,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Nodes {
    fn start(&self, db: &Path, neighbours: &[SocketAddr]) -> Node {
        let neighbours: Vec<String> = neighbours.iter().map(SocketAddr::to_string).collect();
        match &self.netlab {
            Some(bin) => {
                let mut c = Command::new(bin);
                c.args([
                    "--lang",
                    "en",
                    "kv",
                    "node",
                    "-b",
                    "127.0.0.1",
                    "--answer-rate",
                    "0",
                ]);
                c.arg("0").arg(db).args(&neighbours);
                Node::spawn(c, true)
            }
            None => {
                let mut c = Command::new(std::env::current_exe().unwrap());
                c.arg("serve").arg(db).args(&neighbours);
                Node::spawn(c, false)
            }
        }
    }

    /// The bare node.
    fn bare(&self) -> Node {
        let mut c = Command::new(std::env::current_exe().unwrap());
        c.args(["serve", "bare"]);
        Node::spawn(c, false)
    }
}

impl Node {
    /// Start `cmd` and read its port (`listening on 127.0.0.1:PORT` on stderr, or the port
    /// alone on stdout). What else it says on that
    /// stream is shown when it is a warning or an error.
    fn spawn(cmd: Command, on_stderr: bool) -> Node {
        let (child, port) = spawned::start(cmd, on_stderr, "node", true);
        Node {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            child,
        }
    }
}

/// The child process: this build's node on a loopback port (or `bare`, the bare node), its
/// port printed on stdout, its warnings and errors after it.
fn serve(args: &[String]) -> ! {
    if args.first().map(String::as_str) == Some("bare") {
        bare();
    }
    let db = PathBuf::from(args.first().unwrap_or_else(|| usage()));
    let neighbours: Vec<SocketAddr> = args[1..]
        .iter()
        .map(|a| a.parse().unwrap_or_else(|_| usage()))
        .collect();
    let (tx, rx): (_, Receiver<Line>) = unbounded();
    let (_trigger, stop) = shutdown::pair();
    let (_input_tx, input) = unbounded();
    let env = Env::captured(
        Lang::En,
        "node",
        Level::Normal,
        Sink::Channel(tx),
        stop,
        input,
    );
    let config = NodeConfig {
        port: 0,
        bind: Some(Ipv4Addr::LOCALHOST.into()),
        dbfile: db,
        neighbours: neighbours.iter().map(|&a| a.into()).collect(),
        // Each client here asks thousands of times a second: the cap against amplification
        // (50 answers a second to one address) would measure itself, not the node.
        answer_rate: 0,
        ..NodeConfig::default()
    };
    std::thread::spawn(move || node::run(config, env).expect("node"));
    for line in rx.iter() {
        if let Some(addr) = line.text.strip_prefix("listening on ") {
            let addr: SocketAddr = addr.parse().unwrap();
            println!("{}", addr.port());
        } else if line.text.starts_with("warning") || line.text.starts_with("error") {
            println!("{}", line.text);
        }
    }
    std::process::exit(0);
}

/// The bare node: one thread, one mio poll over its links and its answer connections; each
/// link's ID frame says where its client listens, and each KEYREQ is answered at once with
/// `VALUE` on a new connection (connected without waiting, written once when it is
/// writable, closed), as a node answers from its own database.
fn bare() -> ! {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    println!("{}", listener.local_addr().unwrap().port());
    listener.set_nonblocking(true).unwrap();
    let mut listener = mio::net::TcpListener::from_std(listener);
    let mut poll = Poll::new().unwrap();
    poll.registry()
        .register(&mut listener, Token(0), Interest::READABLE)
        .unwrap();
    struct Link {
        s: mio::net::TcpStream,
        client: SocketAddr,
        inbuf: Vec<u8>,
    }
    let mut links: Vec<Option<Link>> = Vec::new();
    // Answer connections being opened: token ANSWERS + i.
    const ANSWERS: usize = 1 << 20;
    let mut answers: Vec<Option<(mio::net::TcpStream, Vec<u8>)>> = Vec::new();
    let mut events = Events::with_capacity(256);
    let mut scratch = vec![0u8; 16 * 1024];
    loop {
        poll.poll(&mut events, None).unwrap();
        for ev in &events {
            if ev.token() == Token(0) {
                while let Ok((mut s, from)) = listener.accept() {
                    s.set_nodelay(true).unwrap();
                    poll.registry()
                        .register(&mut s, Token(links.len() + 1), Interest::READABLE)
                        .unwrap();
                    links.push(Some(Link {
                        s,
                        client: from,
                        inbuf: Vec::new(),
                    }));
                }
                continue;
            }
            if ev.token().0 >= ANSWERS {
                let i = ev.token().0 - ANSWERS;
                if let Some((mut out, frame)) = answers[i].take() {
                    // Connected (or refused: then the write fails, as the client is gone).
                    let _ = out.write_all(&frame);
                    let _ = poll.registry().deregister(&mut out);
                }
                continue;
            }
            let i = ev.token().0 - 1;
            let Some(link) = links[i].as_mut() else {
                continue;
            };
            let mut open = true;
            loop {
                match link.s.read(&mut scratch) {
                    Ok(0) => {
                        open = false;
                        break;
                    }
                    Ok(n) => link.inbuf.extend_from_slice(&scratch[..n]),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => {
                        open = false;
                        break;
                    }
                }
            }
            loop {
                let mut rest: &[u8] = &link.inbuf;
                let msg = match wire::decode(&mut rest) {
                    Ok(m) => m,
                    Err(_) => break,
                };
                let used = link.inbuf.len() - rest.len();
                link.inbuf.drain(..used);
                match msg {
                    Msg::Id { port } => link.client.set_port(port),
                    Msg::KeyReq { nseq, .. } => {
                        let frame = wire::to_bytes(&Msg::Resp {
                            nseq,
                            value: VALUE.to_vec(),
                        })
                        .unwrap();
                        if let Ok(mut out) = mio::net::TcpStream::connect(link.client) {
                            let slot =
                                answers.iter().position(Option::is_none).unwrap_or_else(|| {
                                    answers.push(None);
                                    answers.len() - 1
                                });
                            poll.registry()
                                .register(&mut out, Token(ANSWERS + slot), Interest::WRITABLE)
                                .unwrap();
                            answers[slot] = Some((out, frame));
                        }
                    }
                    _ => {}
                }
            }
            if !open {
                let _ = poll.registry().deregister(&mut link.s);
                links[i] = None;
            }
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

/// Run `work` on `CLIENTS` threads for `RUN` or until `max_ops` operations are counted;
/// return the operations per second.
fn rate(max_ops: u64, work: impl Fn(&AtomicBool, &AtomicU64) + Sync) -> f64 {
    let done = AtomicBool::new(false);
    let count = AtomicU64::new(0);
    let start = Instant::now();
    let elapsed = std::thread::scope(|s| {
        for _ in 0..CLIENTS {
            s.spawn(|| work(&done, &count));
        }
        while start.elapsed() < RUN && count.load(Ordering::Relaxed) < max_ops {
            std::thread::sleep(Duration::from_millis(5));
        }
        done.store(true, Ordering::Relaxed);
        // The rate counts what was done by now; work finishing after this is not counted.
        (start.elapsed(), count.load(Ordering::Relaxed))
    });
    elapsed.1 as f64 / elapsed.0.as_secs_f64()
}

/// The clients of 1 against the node at `node`, a thread each: answers per second (every
/// answer's nseq checked).
fn threads_rate(node: SocketAddr, max_ops: u64) -> f64 {
    rate(max_ops, |done, count| {
        let mut c = client(node);
        let mut nseq = 0;
        while !done.load(Ordering::Relaxed) {
            c.ask(nseq, b"key");
            nseq += 1;
            count.fetch_add(1, Ordering::Relaxed);
        }
    })
}

/// The clients of 1 against the node at `node`, all on one thread (a mio poll over their
/// answer ports and answer connections): the same requests, checks and counting as
/// [`threads_rate`].
fn epoll_rate(node: SocketAddr, max_ops: u64) -> f64 {
    struct Asker {
        port: mio::net::TcpListener,
        link: TcpStream,
        nseq: u32,
        answer: Option<(mio::net::TcpStream, Vec<u8>)>,
    }
    // As in `rate`, the clients' set-up counts in the time.
    let start = Instant::now();
    let mut poll = Poll::new().unwrap();
    let mut askers: Vec<Asker> = (0..CLIENTS)
        .map(|i| {
            let Client { listener, link } = client(node);
            listener.set_nonblocking(true).unwrap();
            let mut port = mio::net::TcpListener::from_std(listener);
            // Token 2i: the answer port; 2i + 1: the answer connection.
            poll.registry()
                .register(&mut port, Token(2 * i), Interest::READABLE)
                .unwrap();
            Asker {
                port,
                link,
                nseq: 0,
                answer: None,
            }
        })
        .collect();
    let request = |nseq: u32| {
        wire::to_bytes(&Msg::KeyReq {
            nseq,
            key: b"key".to_vec(),
        })
        .unwrap()
    };
    for a in &mut askers {
        a.link.write_all(&request(a.nseq)).unwrap();
    }
    let mut events = Events::with_capacity(256);
    let mut scratch = vec![0u8; 4096];
    let mut count = 0u64;
    while start.elapsed() < RUN && count < max_ops {
        poll.poll(&mut events, Some(Duration::from_millis(100)))
            .unwrap();
        for ev in &events {
            let (i, answer) = (ev.token().0 / 2, ev.token().0 % 2 == 1);
            let a = &mut askers[i];
            if !answer {
                while let Ok((mut s, _)) = a.port.accept() {
                    assert!(a.answer.is_none(), "client {i}: a second answer connection");
                    poll.registry()
                        .register(&mut s, Token(2 * i + 1), Interest::READABLE)
                        .unwrap();
                    a.answer = Some((s, Vec::new()));
                }
                continue;
            }
            let Some((s, inbuf)) = a.answer.as_mut() else {
                continue;
            };
            let mut ended = false;
            loop {
                match s.read(&mut scratch) {
                    Ok(0) => {
                        ended = true;
                        break;
                    }
                    Ok(n) => inbuf.extend_from_slice(&scratch[..n]),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => panic!("client {i}: {e}"),
                }
            }
            match wire::decode(&mut inbuf.as_slice()) {
                Ok(Msg::Resp { nseq, .. }) if nseq == a.nseq => {}
                Err(wire::WireError::Truncated | wire::WireError::Closed) if !ended => continue,
                other => panic!("unexpected answer {other:?}"),
            }
            let (mut s, _) = a.answer.take().unwrap();
            poll.registry().deregister(&mut s).unwrap();
            count += 1;
            a.nseq += 1;
            a.link.write_all(&request(a.nseq)).unwrap();
        }
    }
    count as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("serve") {
        serve(&args[2..]);
    }
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .map(|i| args.get(i + 1).unwrap_or_else(|| usage()).clone())
    };
    let nodes = Nodes {
        netlab: flag("--netlab"),
    };
    let load = match flag("--load").as_deref() {
        None | Some("threads") => Load::Threads,
        Some("epoll") => Load::Epoll,
        Some(_) => usage(),
    };
    let max_ops: u64 = flag("--ops").map_or(MAX_OPS, |n| n.parse().unwrap_or_else(|_| usage()));
    let known = |a: &String| ["--netlab", "--load", "--ops"].contains(&a.as_str());
    if args.len() != 1 + 2 * args.iter().filter(|a| known(a)).count() {
        usage();
    }
    let by_load = |node: SocketAddr| match load {
        Load::Threads => threads_rate(node, max_ops),
        Load::Epoll => epoll_rate(node, max_ops),
    };

    let dir = std::env::temp_dir().join(format!("netlab-kv-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };

    // 1. One node answering from its own database, then the bare node, under the same load.
    let one = nodes.start(&db("one.db", "key the value\n"), &[]);
    let node_rate = by_load(one.addr);
    drop(one);
    let bare_node = nodes.bare();
    let bare_node_rate = by_load(bare_node.addr);
    drop(bare_node);

    // The same answers without a node: connect, one write of the same frame, close, and the
    // receiving side accepts and reads it.
    let frame = wire::to_bytes(&Msg::Resp {
        nseq: 0,
        value: VALUE.to_vec(),
    })
    .unwrap();
    let bare_rate = rate(max_ops, |done, count| {
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
    let a = nodes.start(&db("a.db", "other x\n"), &[]);
    let b = nodes.start(&db("b.db", "other x\n"), &[a.addr]);
    let c = nodes.start(&db("c.db", "other x\n"), &[b.addr]);
    let d = nodes.start(&db("d.db", "far three hops away\n"), &[c.addr]);
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
        "kv benchmark ({}; {CLIENTS} concurrent clients, {}; each rate over {RUN:?} or {max_ops} \
         operations, loopback)",
        nodes.netlab.as_deref().unwrap_or("this build"),
        match load {
            Load::Threads => "a thread each",
            Load::Epoll => "all on one thread",
        }
    );
    println!("  node answering from its own database : {node_rate:>9.0} answers/s");
    println!("  bare node (one thread), same clients : {bare_node_rate:>9.0} answers/s");
    println!("  bare connect-send-close loop         : {bare_rate:>9.0} connections/s");
    println!(
        "  ratio node / bare node               : {:>9.2}",
        node_rate / bare_node_rate
    );
    println!(
        "  ratio node / bare loop               : {:>9.2}",
        node_rate / bare_rate
    );
    println!(
        "  key three hops away (A-B-C-D)        : median {:.3} ms, p99 {:.3} ms ({HOPS_SAMPLES} requests)",
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );
}
