//! Benchmark of the chat directory server, with 2,000 users registered, next to bare line
//! servers answering lines of the same sizes, in one run:
//!
//! 1. one client, one request at a time: LIST and ADDR round trips per second, next to a bare
//!    TCP ping-pong (a thread answering fixed lines);
//! 2. `ASKERS` users at once, each asking ADDR (then, in a second figure, LIST) one request at
//!    a time, every answer checked: answers per second, next to a bare one-thread line server
//!    (mio) under the same load.
//!
//! ```text
//! cargo run --release --example chat_bench                          # this build, threads load
//! cargo run --release --example chat_bench -- --load epoll          # the askers on one thread
//! cargo run --release --example chat_bench -- --netlab BUILD        # BUILD's server instead
//! ```
//!
//! Before and after in one sitting: build the other version's binary (say `git worktree add
//! ../before REF && (cd ../before && cargo build --release)`), then alternate, the same load
//! each time, and compare the ratios to the bare servers (not the absolute rates):
//!
//! ```text
//! cargo build --release --example chat_bench
//! for i in 1 2 3; do
//!   target/release/examples/chat_bench --load threads
//!   target/release/examples/chat_bench --load threads --netlab ../before/target/release/netlab
//! done
//! ```
//!
//! The server runs in a child process of its own (this program run as `chat_bench serve`, the
//! library's `chat::server::run` on a loopback port, or `BUILD chat server`), so the two
//! builds run alike and its peak RSS and threads can be read (Linux's /proc; elsewhere not
//! shown). The bare server of 2 runs in a child too (`chat_bench serve bare BIG SMALL`).
//!
//! `--load` chooses how the askers of 2 run: `threads` (the default), a thread per user on a
//! blocking socket, as separate peer processes on one laptop are: the server and its clients
//! share the cores as they do in a classroom, so a server that spins before parking cannot win
//! only because the load left it a free core; `epoll`, every asker on one thread (a mio poll),
//! the cheapest load there is. The scenario and the counting are the same, so the ratios of
//! the two loads compare. The 2,000 registered users are idle sockets in either load.

#[path = "common/spawned.rs"]
mod spawned;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::unbounded;
use mio::{Events, Interest, Poll, Token};

use netlab::chat::config::ServerConfig;
use netlab::chat::server;
use netlab::net::Env;
use netlab::net::shutdown;
use netlab::term::log::{Level, Sink, Stream};
use netlab::term::text::Lang;

const USERS: usize = 2000;
/// Each figure is the median of ROUNDS slices of MEASURE (`--rounds N` for another count:
/// `--rounds 1` to see that it runs).
const ROUNDS: usize = 7;
const MEASURE: Duration = Duration::from_millis(400);
/// The users asking at once in 2.
const ASKERS: usize = 50;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn usage() -> ! {
    eprintln!("usage: chat_bench [--load threads|epoll] [--netlab PATH] [--rounds N]");
    std::process::exit(2);
}

/// How the askers of 2 run.
#[derive(Clone, Copy, PartialEq)]
enum Load {
    Threads,
    Epoll,
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
    let netlab = flag("--netlab");
    let load = match flag("--load").as_deref() {
        None | Some("threads") => Load::Threads,
        Some("epoll") => Load::Epoll,
        Some(_) => usage(),
    };
    let rounds: usize = flag("--rounds").map_or(ROUNDS, |r| r.parse().unwrap_or_else(|_| usage()));
    let known = |a: &String| ["--netlab", "--load", "--rounds"].contains(&a.as_str());
    if args.len() != 1 + 2 * args.iter().filter(|a| known(a)).count() {
        usage();
    }
    let server = Server::start(netlab.as_deref());
    let addr = server.addr;
    // Register everyone (kept open for the whole run; the expiry is set beyond it).
    let mut users = Vec::with_capacity(USERS);
    for i in 0..USERS {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(format!("USER user{i:04}:{}\r\n", 10_000 + i).as_bytes())
            .unwrap();
        users.push(s);
    }
    let mut asker = Client::connect(addr);
    asker.send("USER bench:9999\r\n");
    let deadline = Instant::now() + Duration::from_secs(30);
    let list = loop {
        let line = asker.round_trip(b"LIST\r\n");
        if line.split(':').count() == USERS {
            break line;
        }
        assert!(Instant::now() < deadline, "registration did not complete");
    };
    let addr_line = asker.round_trip(b"ADDR user1234\r\n");
    assert_eq!(addr_line.trim_end(), "ADDR 127.0.0.1:11234");

    // The bare baseline: a thread-per-connection line server answering with fixed lines of
    // the same sizes.
    let (pong_addr, _pong) = start_pong(list.len(), addr_line.len());
    let mut pong = Client::connect(pong_addr);

    // The machine is shared: measure in short interleaved slices and keep the medians, so a
    // burst of outside load hits both sides of each ratio alike.
    let (mut lists, mut bigs, mut addrs, mut smalls) = (vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        lists.push(asker.rate(b"LIST\r\n", list.len()));
        bigs.push(pong.rate(b"BIG\r\n", list.len()));
        addrs.push(asker.rate(b"ADDR user1234\r\n", addr_line.len()));
        smalls.push(pong.rate(b"SMALL\r\n", addr_line.len()));
    }
    let (list_rate, big_rate) = (median(lists), median(bigs));
    let (addr_rate, small_rate) = (median(addrs), median(smalls));

    println!(
        "chat directory ({}), {USERS} users registered",
        netlab.as_deref().unwrap_or("this build")
    );
    println!(
        "1. one client, one request at a time (medians of {rounds} interleaved slices of \
         {MEASURE:?}):"
    );
    println!(
        "  LIST ({:>6} bytes): {:>9.0} round trips/s   bare TCP ping-pong, same size: {:>9.0}/s   ratio {:.2}",
        list.len(),
        list_rate,
        big_rate,
        list_rate / big_rate
    );
    println!(
        "  ADDR ({:>6} bytes): {:>9.0} round trips/s   bare TCP ping-pong, same size: {:>9.0}/s   ratio {:.2}",
        addr_line.len(),
        addr_rate,
        small_rate,
        addr_rate / small_rate
    );

    // 2. Many askers at once, against the server and the bare one-thread server (started
    // once the size of the askers' LIST answers is known).
    let mut askers = Askers::register(addr, ASKERS);
    let list_size = askers.list_size();
    let bare = Server::bare(list_size, addr_line.len());
    let mut bare_askers = Askers::connect(bare.addr, ASKERS);
    println!(
        "2. {ASKERS} users at once, each one request at a time, every answer checked (load: {}; \
         medians of {rounds} interleaved slices of {MEASURE:?}):",
        match load {
            Load::Threads => "a thread per user",
            Load::Epoll => "every user on one thread",
        }
    );
    for ask in [Ask::Addr, Ask::List(list_size)] {
        let (mut ours, mut theirs, mut ratio) = (vec![], vec![], vec![]);
        for _ in 0..rounds {
            let o = askers.rate(load, ask, true);
            let b = bare_askers.rate(load, ask, false);
            ours.push(o);
            theirs.push(b);
            ratio.push(o / b);
        }
        println!(
            "  {:<4} ({:>6} bytes): {:>9.0} answers/s   bare one-thread server: {:>9.0}/s   ratio {:.2}",
            match ask {
                Ask::Addr => "ADDR",
                Ask::List(_) => "LIST",
            },
            ask.size(),
            median(ours),
            median(theirs),
            median(ratio)
        );
    }
    if let Some((rss, threads)) = server.measured() {
        println!("  server: peak RSS {rss:.1} MiB, {threads} threads");
    }
    drop(users);
}

/// The child process: this build's directory server (or `bare BIG SMALL`, the bare one-thread
/// line server) on a loopback port, which it prints on stdout.
fn serve(args: &[String]) -> ! {
    if args.first().map(String::as_str) == Some("bare") {
        let size = |i: usize| {
            args.get(i)
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| usage())
        };
        bare(size(1), size(2));
    }
    let (line_tx, line_rx) = unbounded();
    let (_input_tx, input_rx) = unbounded();
    let (_trigger, stop) = shutdown::pair();
    let env = Env::captured(
        Lang::En,
        "server",
        Level::Normal,
        Sink::Channel(line_tx),
        stop,
        input_rx,
    );
    let config = ServerConfig {
        port: 0,
        bind: [127, 0, 0, 1].into(),
        expire: Duration::from_secs(600),
        ..ServerConfig::default()
    };
    thread::spawn(move || server::run(config, env));
    loop {
        let line = line_rx.recv().expect("the server stopped");
        if let (Stream::Err, Some(a)) = (line.stream, line.text.strip_prefix("listening on ")) {
            let a: SocketAddr = a.parse().expect("listening address");
            println!("{}", a.port());
            break;
        }
    }
    // Keep draining the log so the server never waits on it.
    for _ in line_rx {}
    std::process::exit(0);
}

/// A server in a child process, killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// This build's server, or `netlab`'s (another build's binary).
    fn start(netlab: Option<&str>) -> Server {
        match netlab {
            Some(bin) => {
                let mut c = Command::new(bin);
                c.args([
                    "--lang",
                    "en",
                    "chat",
                    "server",
                    "-p",
                    "0",
                    "-b",
                    "127.0.0.1",
                ]);
                c.args(["--expire", "600s"]);
                Server::spawn(c, true)
            }
            None => {
                let mut c = Command::new(std::env::current_exe().unwrap());
                c.arg("serve");
                Server::spawn(c, false)
            }
        }
    }

    fn bare(big: usize, small: usize) -> Server {
        let mut c = Command::new(std::env::current_exe().unwrap());
        c.args(["serve", "bare", &big.to_string(), &small.to_string()]);
        Server::spawn(c, false)
    }

    /// Start `cmd` and read its port (`listening on 127.0.0.1:PORT` on stderr, or the port
    /// alone on stdout).
    fn spawn(cmd: Command, on_stderr: bool) -> Server {
        let (child, port) = spawned::start(cmd, on_stderr, "server", false);
        Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }

    /// Peak RSS in MiB and threads, from /proc (Linux).
    fn measured(&self) -> Option<(f64, usize)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let field = |name: &str| -> Option<f64> {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        };
        Some((field("VmHWM:")? / 1024.0, field("Threads:")? as usize))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bare one-thread line server: one mio poll over every connection, answering `BIG` and
/// `LIST` with a `big`-byte line and anything else with a `small`-byte line (terminators included).
fn bare(big: usize, small: usize) -> ! {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    println!("{}", listener.local_addr().unwrap().port());
    listener.set_nonblocking(true).unwrap();
    let mut listener = mio::net::TcpListener::from_std(listener);
    let answer = |n: usize| {
        let mut v = vec![b'x'; n - 2];
        v.extend_from_slice(b"\r\n");
        v
    };
    let (big, small) = (answer(big), answer(small));
    let mut poll = Poll::new().unwrap();
    poll.registry()
        .register(&mut listener, Token(0), Interest::READABLE)
        .unwrap();
    struct Conn {
        s: mio::net::TcpStream,
        inbuf: Vec<u8>,
        out: Vec<u8>,
    }
    let mut conns: Vec<Option<Conn>> = Vec::new();
    let mut events = Events::with_capacity(256);
    let mut scratch = vec![0u8; 64 * 1024];
    loop {
        poll.poll(&mut events, None).unwrap();
        for ev in &events {
            if ev.token() == Token(0) {
                while let Ok((mut s, _)) = listener.accept() {
                    s.set_nodelay(true).unwrap();
                    let token = Token(conns.len() + 1);
                    poll.registry()
                        .register(&mut s, token, Interest::READABLE)
                        .unwrap();
                    conns.push(Some(Conn {
                        s,
                        inbuf: Vec::new(),
                        out: Vec::new(),
                    }));
                }
                continue;
            }
            let i = ev.token().0 - 1;
            let Some(c) = conns[i].as_mut() else { continue };
            let mut open = true;
            loop {
                match c.s.read(&mut scratch) {
                    Ok(0) => {
                        open = false;
                        break;
                    }
                    Ok(n) => c.inbuf.extend_from_slice(&scratch[..n]),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => {
                        open = false;
                        break;
                    }
                }
            }
            while let Some(end) = c.inbuf.iter().position(|&b| b == b'\n') {
                let reply = if c.inbuf.starts_with(b"BIG") || c.inbuf.starts_with(b"LIST") {
                    &big
                } else {
                    &small
                };
                c.out.extend_from_slice(reply);
                c.inbuf.drain(..=end);
            }
            while !c.out.is_empty() && open {
                match c.s.write(&c.out) {
                    Ok(n) => {
                        c.out.drain(..n);
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        // Answers are as big as a LIST and asked one at a time: the socket
                        // takes the next part soon; wait for it here (the askers wait too).
                        thread::yield_now();
                    }
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => open = false,
                }
            }
            if !open {
                let _ = poll.registry().deregister(&mut c.s);
                conns[i] = None;
            }
        }
    }
}

/// What the askers of 2 ask.
#[derive(Clone, Copy)]
enum Ask {
    Addr,
    /// LIST, whose answer has this many bytes.
    List(usize),
}

impl Ask {
    /// The request of asker `i`'s `n`th question, and its answer (exact from the server).
    fn request(self, i: usize, n: u64) -> (Vec<u8>, String) {
        match self {
            Ask::Addr => {
                let t = (i * 97 + n as usize * 31) % USERS;
                (
                    format!("ADDR user{t:04}\r\n").into_bytes(),
                    format!("ADDR 127.0.0.1:{}\r\n", 10_000 + t),
                )
            }
            Ask::List(_) => (b"LIST\r\n".to_vec(), String::new()),
        }
    }

    /// The size of every answer, terminator included.
    fn size(self) -> usize {
        match self {
            Ask::Addr => "ADDR 127.0.0.1:10000\r\n".len(),
            Ask::List(n) => n,
        }
    }
}

/// A line server answering `BIG` with a `big`-byte line and anything else with a
/// `small`-byte line (both sizes including the terminator).
fn start_pong(big: usize, small: usize) -> (SocketAddr, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let answer = |n: usize| {
        let mut v = vec![b'x'; n - 2];
        v.extend_from_slice(b"\r\n");
        v
    };
    let (big, small) = (answer(big), answer(small));
    let handle = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_nodelay(true).unwrap();
        let mut out = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    let reply = if line.starts_with("BIG") {
                        &big
                    } else {
                        &small
                    };
                    if out.write_all(reply).is_err() {
                        return;
                    }
                }
            }
        }
    });
    (addr, handle)
}

struct Client {
    w: TcpStream,
    r: BufReader<TcpStream>,
    line: String,
}

impl Client {
    fn connect(addr: SocketAddr) -> Client {
        let w = TcpStream::connect(addr).unwrap();
        w.set_nodelay(true).unwrap();
        let r = BufReader::with_capacity(64 * 1024, w.try_clone().unwrap());
        Client {
            w,
            r,
            line: String::new(),
        }
    }

    fn send(&mut self, data: &str) {
        self.w.write_all(data.as_bytes()).unwrap();
    }

    fn round_trip(&mut self, req: &[u8]) -> String {
        self.w.write_all(req).unwrap();
        self.line.clear();
        let n = self.r.read_line(&mut self.line).unwrap();
        assert!(n > 0, "connection closed");
        self.line.clone()
    }

    /// Round trips per second of `req`, each answer checked for its expected size.
    fn rate(&mut self, req: &[u8], size: usize) -> f64 {
        // Warm up, then measure for a fixed time.
        for _ in 0..200 {
            self.round_trip(req);
        }
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < MEASURE {
            for _ in 0..50 {
                self.w.write_all(req).unwrap();
                self.line.clear();
                let got = self.r.read_line(&mut self.line).unwrap();
                assert_eq!(got, size, "unexpected answer size");
            }
            n += 50;
        }
        n as f64 / start.elapsed().as_secs_f64()
    }
}

/// The users of 2, a connection each (blocking between measurements).
struct Askers {
    streams: Vec<TcpStream>,
}

impl Askers {
    /// `n` users registered with the server at `addr` (`asker00`, … so every LIST answer has
    /// the same size).
    fn register(addr: SocketAddr, n: usize) -> Askers {
        let mut a = Askers::connect(addr, n);
        for (i, s) in a.streams.iter_mut().enumerate() {
            s.write_all(format!("USER asker{i:02}:{}\r\n", 9000 + i).as_bytes())
                .unwrap();
        }
        // Every one is registered once the last one's LIST has them all.
        let expected = USERS + 1 + n - 1;
        let deadline = Instant::now() + Duration::from_secs(30);
        while a.list_names(n - 1) < expected {
            assert!(Instant::now() < deadline, "the askers did not register");
        }
        a
    }

    /// `n` connections to `addr` (the bare server).
    fn connect(addr: SocketAddr, n: usize) -> Askers {
        let streams = (0..n)
            .map(|_| {
                let s = TcpStream::connect(addr).expect("connect");
                s.set_nodelay(true).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                s
            })
            .collect();
        Askers { streams }
    }

    /// The names in asker `i`'s LIST answer.
    fn list_names(&mut self, i: usize) -> usize {
        let line = self.list_line(i);
        line.trim_end().split(':').count()
    }

    fn list_line(&mut self, i: usize) -> String {
        let s = &mut self.streams[i];
        s.write_all(b"LIST\r\n").unwrap();
        let mut line = String::new();
        BufReader::new(&*s).read_line(&mut line).unwrap();
        line
    }

    /// The size of a LIST answer (the same for every asker).
    fn list_size(&mut self) -> usize {
        self.list_line(0).len()
    }

    /// Every asker asking `ask`, one request at a time, for [`MEASURE`] (the last answers
    /// waited for): answers per second, each checked for its size (and, when `exact`, its
    /// text).
    fn rate(&mut self, load: Load, ask: Ask, exact: bool) -> f64 {
        let (answers, elapsed) = match load {
            Load::Threads => self.threads(ask, exact),
            Load::Epoll => self.epoll(ask, exact),
        };
        answers as f64 / elapsed.as_secs_f64()
    }

    fn threads(&mut self, ask: Ask, exact: bool) -> (u64, Duration) {
        let barrier = Barrier::new(self.streams.len() + 1);
        let start = Instant::now();
        let (answers, last) = thread::scope(|scope| {
            let handles: Vec<_> = self
                .streams
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let barrier = &barrier;
                    scope.spawn(move || {
                        let mut w = s;
                        let mut r = BufReader::with_capacity(64 * 1024, s);
                        let mut line = String::new();
                        barrier.wait();
                        let stop_at = start + MEASURE;
                        let mut n = 0u64;
                        loop {
                            let (req, want) = ask.request(i, n);
                            w.write_all(&req).unwrap();
                            line.clear();
                            r.read_line(&mut line).expect("an answer");
                            check(ask, exact, &line, &want);
                            n += 1;
                            let now = Instant::now();
                            if now >= stop_at {
                                return (n, now);
                            }
                        }
                    })
                })
                .collect();
            barrier.wait();
            handles
                .into_iter()
                .map(|h| h.join().expect("an asker failed"))
                .fold((0, start), |(n, last), (k, at)| (n + k, last.max(at)))
        });
        (answers, last.duration_since(start))
    }

    fn epoll(&mut self, ask: Ask, exact: bool) -> (u64, Duration) {
        let mut poll = Poll::new().unwrap();
        let mut conns: Vec<(mio::net::TcpStream, Vec<u8>, u64, bool)> = self
            .streams
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let s = s.try_clone().unwrap();
                s.set_nonblocking(true).unwrap();
                let mut s = mio::net::TcpStream::from_std(s);
                poll.registry()
                    .register(&mut s, Token(i), Interest::READABLE)
                    .unwrap();
                (s, Vec::with_capacity(64 * 1024), 0, true)
            })
            .collect();
        let mut events = Events::with_capacity(256);
        let mut scratch = vec![0u8; 64 * 1024];
        let start = Instant::now();
        let stop_at = start + MEASURE;
        let mut last = start;
        let mut answers = 0u64;
        for (i, (s, _, n, _)) in conns.iter_mut().enumerate() {
            send(s, &ask.request(i, *n).0);
        }
        let mut asking = conns.len();
        while asking > 0 {
            poll.poll(&mut events, Some(Duration::from_secs(10)))
                .unwrap();
            assert!(!events.is_empty(), "no answer within 10 s");
            for ev in &events {
                let i = ev.token().0;
                let (s, inbuf, n, open) = &mut conns[i];
                loop {
                    match s.read(&mut scratch) {
                        Ok(0) => panic!("the server closed asker {i}"),
                        Ok(k) => inbuf.extend_from_slice(&scratch[..k]),
                        Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                        Err(e) if e.kind() == ErrorKind::Interrupted => {}
                        Err(e) => panic!("asker {i}: {e}"),
                    }
                }
                let Some(end) = inbuf.iter().position(|&b| b == b'\n') else {
                    continue;
                };
                let line = String::from_utf8_lossy(&inbuf[..=end]).into_owned();
                assert_eq!(
                    end + 1,
                    inbuf.len(),
                    "asker {i}: an answer nobody asked for"
                );
                inbuf.clear();
                check(ask, exact, &line, &ask.request(i, *n).1);
                *n += 1;
                answers += 1;
                let now = Instant::now();
                last = now;
                if now >= stop_at {
                    *open = false;
                    asking -= 1;
                } else {
                    send(s, &ask.request(i, *n).0);
                }
            }
        }
        for (mut s, ..) in conns {
            poll.registry().deregister(&mut s).unwrap();
        }
        for s in &self.streams {
            s.set_nonblocking(false).unwrap();
        }
        (answers, last.duration_since(start))
    }
}

/// Write a request whole: a few bytes on a socket with nothing else in flight always fit.
fn send(s: &mut mio::net::TcpStream, req: &[u8]) {
    let n = s.write(req).expect("send a request");
    assert_eq!(n, req.len(), "the socket took part of a request");
}

/// An answer of `ask`'s size, and when `exact`, `want` itself (ADDR's).
fn check(ask: Ask, exact: bool, line: &str, want: &str) {
    assert_eq!(
        line.len(),
        ask.size(),
        "an answer of another size: {:.60}",
        line
    );
    if exact && !want.is_empty() {
        assert_eq!(line, want);
    } else if exact {
        assert!(line.starts_with("LIST "), "not a LIST answer: {line:.60}");
    }
}
