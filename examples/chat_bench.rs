//! Benchmark of the chat directory server: LIST and ADDR round trips per second with 2,000
//! users registered, next to a bare TCP ping-pong answering lines of the same sizes, in one
//! run. Run with `cargo run --release --example chat_bench`.
//!
//! The server runs in this process (the library's `chat::server::run`, output captured and
//! discarded) on a loopback port; the clients are plain sockets, one request outstanding at a
//! time, so each figure is a latency-bound round-trip rate on one connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::unbounded;

use netlab::chat::config::ServerConfig;
use netlab::chat::server;
use netlab::net::Env;
use netlab::net::log::{Level, Sink, Stream};
use netlab::net::shutdown;
use netlab::net::text::Lang;

const USERS: usize = 2000;
/// Each figure is the median of ROUNDS slices of MEASURE.
const ROUNDS: usize = 7;
const MEASURE: Duration = Duration::from_millis(400);

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let (addr, trigger, server) = start_server();
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
    for _ in 0..ROUNDS {
        lists.push(asker.rate(b"LIST\r\n", list.len()));
        bigs.push(pong.rate(b"BIG\r\n", list.len()));
        addrs.push(asker.rate(b"ADDR user1234\r\n", addr_line.len()));
        smalls.push(pong.rate(b"SMALL\r\n", addr_line.len()));
    }
    let (list_rate, big_rate) = (median(lists), median(bigs));
    let (addr_rate, small_rate) = (median(addrs), median(smalls));

    println!(
        "chat directory, {USERS} users registered, one client, one request at a time \
         (medians of {ROUNDS} interleaved slices of {MEASURE:?}):"
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

    drop(users);
    trigger.fire();
    let _ = server.join();
}

/// The directory server in this process, its output discarded.
fn start_server() -> (
    SocketAddr,
    shutdown::Trigger,
    thread::JoinHandle<netlab::net::Result<()>>,
) {
    let (line_tx, line_rx) = unbounded();
    let (_input_tx, input_rx) = unbounded();
    let (trigger, stop) = shutdown::pair();
    let env = Env::captured(
        Lang::En,
        "server",
        Level::Normal,
        Sink::Channel(line_tx),
        stop,
        input_rx,
    );
    let args = ServerConfig {
        port: 0,
        bind: [127, 0, 0, 1].into(),
        expire: Duration::from_secs(600),
        ..ServerConfig::default()
    };
    let handle = thread::spawn(move || server::run(args, env));
    let addr = loop {
        let line = line_rx.recv().expect("the server stopped");
        if let (Stream::Err, Some(a)) = (line.stream, line.text.strip_prefix("listening on ")) {
            break a.parse().expect("listening address");
        }
    };
    // Keep draining the log so the server never waits on it.
    thread::spawn(move || for _ in line_rx {});
    (addr, trigger, handle)
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
