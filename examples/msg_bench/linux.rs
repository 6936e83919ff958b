//! The benchmark itself: its load generator and bare relay wait on epoll, and relays' peak
//! RSS is read from /proc, so it runs on Linux (see `msg_bench.rs`).

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

#[path = "bare.rs"]
mod bare;
#[path = "load.rs"]
mod load;
#[path = "threads.rs"]
mod threads;

use crossbeam_channel::unbounded;

use netlab::msg::config::ServerConfig;
use netlab::msg::server;
use netlab::msg::wire::{self, Head, Msg};
use netlab::net::Env;
use netlab::net::shutdown::{self, Trigger};
use netlab::term::log::{Level, Sink};
use netlab::term::text::Lang;

/// How long each measurement runs.
const RUN: Duration = Duration::from_secs(1);
/// (a) and (b) alternate this many times: the machine may be shared, so a single pair says
/// little; medians of rounds taken side by side say more.
const ROUNDS: usize = 5;
/// Rounds of (c) and (d), each relay once per round.
const RELAY_ROUNDS: usize = 3;
/// The student's relay.
const PYTHON_RELAY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/python/msg_select_server.py"
);

pub fn main() {
    let all: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        all.iter()
            .position(|a| a == name)
            .map(|i| all.get(i + 1).unwrap_or_else(|| usage()).clone())
    };
    let netlab = flag("--netlab");
    let load = match flag("--load").as_deref() {
        None | Some("epoll") => Load::Epoll,
        Some("threads") => Load::Threads,
        Some(_) => usage(),
    };
    // The positional arguments: everything but the flags and their values.
    let mut args = Vec::new();
    let mut rest = all.iter();
    while let Some(a) = rest.next() {
        if a == "--netlab" || a == "--load" {
            rest.next();
        } else {
            args.push(a.clone());
        }
    }
    let relays = Relays { netlab, load };
    match args.get(1).map(String::as_str) {
        Some("serve") => serve(args.get(2).map(String::as_str).unwrap_or("netlab")),
        Some("once") => {
            let n = |i: usize| -> u64 {
                args.get(i)
                    .and_then(|a| a.parse().ok())
                    .unwrap_or_else(|| usage())
            };
            let relay = relays.start(&args[2]);
            let o = load.broadcast(relay.addr, n(3) as u16, n(4) as u16, secs(n(5)));
            println!(
                "{:.0} deliveries/s ({} messages in {:.2} s; {} load; relay pid {}, peak RSS {:.1} MiB)",
                o.per_second(),
                o.sent,
                o.elapsed.as_secs_f64(),
                load.name(),
                relay.child.as_ref().map_or(0, Child::id),
                relay.peak_rss_mib()
            );
        }
        Some("latency") => {
            let seconds = args
                .get(3)
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| usage());
            let relay = relays.start(args.get(2).unwrap_or_else(|| usage()));
            let t = relays.load.latency(relay.addr, secs(seconds));
            println!("{} ({} load)", latency_line(t), load.name());
        }
        Some("python") => versus_python(&relays),
        Some("lossless") => lossless_all(&relays),
        None => {
            in_process();
            println!();
            versus_python(&relays);
            println!();
            lossless_all(&relays);
        }
        Some(_) => usage(),
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: msg_bench [python | lossless | once RELAY EMITTERS DISPLAYS SECONDS | latency RELAY SECONDS] \
         (RELAY: netlab, python, bare or HOST:PORT) \
         [--load epoll|threads] [--netlab PATH]"
    );
    std::process::exit(2);
}

/// Which load generator drives the relays of (c).
#[derive(Clone, Copy)]
enum Load {
    /// Every client on one epoll thread (`load.rs`).
    Epoll,
    /// A thread per client, blocking sockets (`threads.rs`).
    Threads,
}

impl Load {
    fn name(self) -> &'static str {
        match self {
            Load::Epoll => "epoll",
            Load::Threads => "threads",
        }
    }

    fn broadcast(
        self,
        addr: SocketAddr,
        emitters: u16,
        displays: u16,
        run: Duration,
    ) -> load::Outcome {
        match self {
            Load::Epoll => load::broadcast(addr, emitters, displays, run),
            Load::Threads => threads::broadcast(addr, emitters, displays, run),
        }
    }

    fn latency(self, addr: SocketAddr, run: Duration) -> Vec<Duration> {
        match self {
            Load::Epoll => load::latency(addr, run),
            Load::Threads => threads::latency(addr, run),
        }
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// (a) and (b), alternating.
fn in_process() {
    let mut a = Vec::new();
    let mut b = Vec::new();
    let mut ratio = Vec::new();
    for round in 1..=ROUNDS {
        let ra = ping_pong();
        let rb = relay_round_trips();
        println!(
            "round {round}: (a) {ra:>8.0} round trips/s   (b) {rb:>8.0} round trips/s   (b)/(a) {:.2}",
            rb / ra
        );
        a.push(ra);
        b.push(rb);
        ratio.push(rb / ra);
    }
    println!(
        "(a) bare TCP ping-pong, 14-byte frames:     {:>9.0} round trips/s (median)",
        median(&mut a)
    );
    println!(
        "(b) MSG->OK through the server, 1 display:  {:>9.0} round trips/s (median)",
        median(&mut b)
    );
    println!(
        "(b)/(a) = {:.2} (median of the rounds' ratios)",
        median(&mut ratio)
    );
}

/// The relays of (c) and (d).
const NETLAB: &str = "netlab";
const PYTHON: &str = "python";
const BARE: &str = "bare";

/// (c): broadcast deliveries per second through netlab, the Python relay and the bare relay,
/// alternating; then each one's latency.
fn versus_python(relays: &Relays) {
    println!(
        "(c) broadcast deliveries/s, each emitter stop-and-wait on its OK, each display \
         answering every MSG at once (medians of {RELAY_ROUNDS} alternating rounds of {}s; \
         {} load):",
        RUN.as_secs(),
        relays.load.name()
    );
    let which = [NETLAB, PYTHON, BARE];
    for (e, d) in [(10u16, 10u16), (50, 50)] {
        let mut rates = vec![Vec::new(); which.len()];
        let mut rss = vec![0f64; which.len()];
        for _ in 0..RELAY_ROUNDS {
            for (i, w) in which.iter().enumerate() {
                let relay = relays.start(w);
                rates[i].push(relays.load.broadcast(relay.addr, e, d, RUN).per_second());
                rss[i] = rss[i].max(relay.peak_rss_mib());
            }
        }
        let m: Vec<f64> = rates.iter_mut().map(|r| median(r)).collect();
        println!(
            "    {e:>2} emitters x {d:>2} displays:  netlab {:>7.0}/s ({:.1} MiB)   Python relay \
             {:>7.0}/s ({:.1} MiB)   netlab/Python {:.2}   bare relay {:>7.0}/s   netlab/bare {:.2}",
            m[0],
            rss[0],
            m[1],
            rss[1],
            m[0] / m[1],
            m[2],
            m[0] / m[2]
        );
    }
    println!("    latency, 1 emitter and 1 display, MSG -> at the display and OK at the emitter:");
    for w in which {
        let relay = relays.start(w);
        let t = relays.load.latency(relay.addr, RUN);
        println!(
            "      {:<13} {}",
            match w {
                NETLAB => "netlab",
                PYTHON => "Python relay",
                _ => "bare relay",
            },
            latency_line(t)
        );
    }
}

/// The median and 99th percentile of `t`, and how many.
fn latency_line(mut t: Vec<Duration>) -> String {
    t.sort();
    let at = |q: f64| t[((t.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e6;
    format!(
        "median {:>5.0} us   p99 {:>5.0} us   ({} messages)",
        at(0.5),
        at(0.99),
        t.len()
    )
}

/// (d) for 1, 10 and 50 displays.
fn lossless_all(relays: &Relays) {
    println!("(d) lossless sustained delivery, one emitter broadcasting as fast as OKs return:");
    for displays in [1u16, 10, 50] {
        lossless(relays, displays);
    }
}

/// The child process: the server (or the bare relay) on a loopback port, which it prints.
fn serve(which: &str) -> ! {
    if which == BARE {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        println!("{}", l.local_addr().unwrap().port());
        bare::run(l);
    }
    let (addr, _trigger, _server) = start_server(1024);
    println!("{}", addr.port());
    loop {
        thread::park();
    }
}

/// How the relays are started.
struct Relays {
    /// A `netlab` binary to run as the server, in place of this program's.
    netlab: Option<String>,
    /// The load generator of (c).
    load: Load,
}

impl Relays {
    /// `which` relay in a child process, listening on a loopback port (or one already
    /// running, at `which` = HOST:PORT).
    fn start(&self, which: &str) -> Relay {
        if let Ok(addr) = which.parse() {
            return Relay { child: None, addr };
        }
        let cmd = match (which, &self.netlab) {
            (PYTHON, _) => {
                let mut c = Command::new("python3");
                c.args([PYTHON_RELAY, "--quiet"]);
                c
            }
            (NETLAB, Some(bin)) => {
                let mut c = Command::new(bin);
                c.args(["msg", "server", "-p", "0", "-b", "127.0.0.1"]);
                c
            }
            (NETLAB | BARE, _) => {
                let mut c = Command::new(std::env::current_exe().unwrap());
                c.args(["serve", which]);
                c
            }
            _ => panic!("no relay {which}: netlab, python or bare"),
        };
        // The port is said on stdout; `netlab msg server` logs it on stderr.
        let on_stderr = which == NETLAB && self.netlab.is_some();
        let (child, port) = crate::spawned::start(cmd, on_stderr, "relay", false);
        Relay {
            child: Some(child),
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }
}

/// A relay in a child process, killed on drop.
struct Relay {
    child: Option<Child>,
    addr: SocketAddr,
}

impl Relay {
    /// Peak resident memory so far, in MiB.
    fn peak_rss_mib(&self) -> f64 {
        let Some(child) = &self.child else {
            return f64::NAN;
        };
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(f64::NAN);
        kib / 1024.0
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One run of (d) against `relay`: deliveries per second, every one checked.
fn lossless_run(relay: &Relay, displays: u16) -> f64 {
    let ds: Vec<Client> = (0..displays)
        .map(|i| Client::register(relay.addr, 1000 + i))
        .collect();
    let mut e = Client::register(relay.addr, 1);
    let start = Instant::now();
    let dts: Vec<_> = ds
        .into_iter()
        .map(|mut d| {
            thread::spawn(move || {
                let mut next = 1u32;
                loop {
                    match d.recv() {
                        Msg::Msg(h, text) => {
                            assert_eq!(h.seq, next, "display {}: lost or out of order", d.id);
                            next += 1;
                            let id = d.id;
                            d.send(&Msg::Ok(h.answer(id, h.orig)));
                            if text == b"end" {
                                break;
                            }
                        }
                        other => panic!("display {}: {other:?}", d.id),
                    }
                }
                d.leave();
                u64::from(next - 1)
            })
        })
        .collect();
    // IN_FLIGHT MSGs unanswered at any time, the next sent as each OK returns: the emitter
    // outruns stop-and-wait displays, so the lanes fill and the relay must hold it back.
    const IN_FLIGHT: u64 = 64;
    let text = b"Ob-la-di, ob-la-da, life goes on";
    let mut sent = 0u64;
    for _ in 0..IN_FLIGHT {
        e.msg(0, text);
        sent += 1;
    }
    let mut answered = 0u64;
    while answered < sent {
        match e.recv() {
            Msg::Ok(_) => answered += 1,
            other => panic!("emitter: {other:?}"),
        }
        if start.elapsed() < RUN {
            e.msg(0, text);
            sent += 1;
        }
    }
    e.msg(0, b"end");
    assert!(matches!(e.recv(), Msg::Ok(_)));
    sent += 1;
    let got: Vec<u64> = dts.into_iter().map(|t| t.join().unwrap()).collect();
    let elapsed = start.elapsed();
    assert!(
        got.iter().all(|&n| n == sent),
        "every display got all {sent}: {got:?}"
    );
    e.leave();
    rate(sent * u64::from(displays), elapsed)
}

/// (d) with `displays` displays: server and bare relay alternate over the rounds.
fn lossless(relays: &Relays, displays: u16) {
    let (mut ours, mut bare, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ours_rss, mut bare_rss) = (0f64, 0f64);
    for _ in 0..RELAY_ROUNDS {
        let server = relays.start(NETLAB);
        let o = lossless_run(&server, displays);
        ours_rss = ours_rss.max(server.peak_rss_mib());
        drop(server);
        let relay = relays.start(BARE);
        let b = lossless_run(&relay, displays);
        bare_rss = bare_rss.max(relay.peak_rss_mib());
        drop(relay);
        ours.push(o);
        bare.push(b);
        ratio.push(o / b);
    }
    println!(
        "    {displays:>2} display(s): server {:>9.0} deliveries/s (peak RSS {ours_rss:.1} MiB)   \
         bare relay {:>9.0} /s (peak RSS {bare_rss:.1} MiB)   server/bare {:.2} (medians)",
        median(&mut ours),
        median(&mut bare),
        median(&mut ratio)
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|x, y| x.total_cmp(y));
    v[v.len() / 2]
}

fn rate(n: u64, t: Duration) -> f64 {
    n as f64 / t.as_secs_f64()
}

fn ping_pong() -> f64 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let echo = thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        s.set_nodelay(true).unwrap();
        let mut buf = [0u8; 14];
        while s.read_exact(&mut buf).is_ok() {
            if s.write_all(&buf).is_err() {
                break;
            }
        }
    });
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_nodelay(true).unwrap();
    let frame = Msg::Ok(Head::new(1, 0, 0, 0)).to_bytes();
    let mut buf = [0u8; 14];
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < RUN {
        for _ in 0..1000 {
            s.write_all(&frame).unwrap();
            s.read_exact(&mut buf).unwrap();
        }
        n += 1000;
    }
    let r = rate(n, start.elapsed());
    drop(s);
    echo.join().unwrap();
    r
}

/// The real server on an ephemeral loopback port, in this process.
fn start_server(queue: u32) -> (SocketAddr, Trigger, JoinHandle<()>) {
    let (trigger, stop) = shutdown::pair();
    let (tx, rx) = unbounded();
    let (_input_tx, input) = unbounded();
    let env = Env::captured(
        Lang::En,
        "server",
        Level::Normal,
        Sink::Channel(tx),
        stop,
        input,
    );
    let args = ServerConfig {
        port: 0,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        lane_limit: queue,
        ..ServerConfig::default()
    };
    let handle = thread::spawn(move || server::run(args, env).expect("server"));
    let line = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("listening line");
    let addr: SocketAddr = line.text.rsplit(' ').next().unwrap().parse().unwrap();
    // Keep draining the log so a warning would be seen, not block anything.
    thread::spawn(move || {
        for line in rx {
            if line.text.contains("warning") || line.text.contains("error") {
                eprintln!("server: {}", line.text);
            }
        }
    });
    (addr, trigger, handle)
}

/// A raw client: one frame per write, decode from a buffered reader.
struct Client {
    id: u16,
    seq: u32,
    w: TcpStream,
    r: std::io::BufReader<TcpStream>,
}

impl Client {
    fn register(addr: SocketAddr, id: u16) -> Client {
        let s = TcpStream::connect(addr).unwrap();
        s.set_nodelay(true).unwrap();
        let mut c = Client {
            id,
            seq: 0,
            w: s.try_clone().unwrap(),
            r: std::io::BufReader::new(s),
        };
        c.send(&Msg::Oi(Head::new(id, 0, 0, 0)));
        c.seq = 1;
        assert!(matches!(c.recv(), Msg::Ok(_)), "OI {id} refused");
        c
    }

    fn send(&mut self, m: &Msg) {
        self.w.write_all(&m.to_bytes()).unwrap();
    }

    fn recv(&mut self) -> Msg {
        wire::decode(&mut self.r).unwrap()
    }

    fn msg(&mut self, dest: u16, text: &[u8]) {
        let h = Head::new(self.id, dest, self.seq, 0);
        self.seq += 1;
        self.send(&Msg::Msg(h, text.to_vec()));
    }

    fn leave(mut self) {
        let h = Head::new(self.id, 0, self.seq, 0);
        self.send(&Msg::Flw(h));
        while !matches!(self.recv(), Msg::Ok(a) if a.seq == h.seq) {}
    }
}

/// (b): the emitter does stop-and-wait MSG→OK round trips to display 1000, which answers
/// every MSG. The server answers the emitter as soon as a MSG is queued for the display,
/// so an emitter going flat out gains on a stop-and-wait display and would, given time,
/// overflow its queue (and get it dropped, as the spec wants). The figure is therefore
/// the sustained rate: when the display lags more than `WINDOW` messages behind, the emitter
/// waits for it, and that time counts.
fn relay_round_trips() -> f64 {
    const WINDOW: u64 = 512;
    let (addr, trigger, server) = start_server(1024);
    let (progress, acked) = crossbeam_channel::unbounded::<u64>();
    let mut d = Client::register(addr, 1000);
    let dt = thread::spawn(move || {
        let mut got = 0u64;
        loop {
            match d.recv() {
                Msg::Msg(h, text) => {
                    let id = d.id;
                    d.send(&Msg::Ok(h.answer(id, h.orig)));
                    got += 1;
                    if got.is_multiple_of(128) {
                        let _ = progress.send(got);
                    }
                    if text == b"end" {
                        break;
                    }
                }
                other => panic!("display: {other:?}"),
            }
        }
        d.leave();
        got
    });
    let mut e = Client::register(addr, 1);
    let text = b"Ob-la-di, ob-la-da";
    let start = Instant::now();
    let mut n = 0u64;
    let mut seen = 0u64;
    let mut waits = 0u64;
    while start.elapsed() < RUN {
        for _ in 0..256 {
            while let Ok(s) = acked.try_recv() {
                seen = s;
            }
            while n - seen > WINDOW {
                waits += 1;
                seen = acked.recv().expect("display alive");
            }
            e.msg(1000, text);
            match e.recv() {
                Msg::Ok(_) => {}
                other => panic!("emitter: {other:?}"),
            }
            n += 1;
        }
    }
    let r = rate(n, start.elapsed());
    e.msg(1000, b"end");
    let got = dt.join().expect("the display received every message");
    assert_eq!(got, n + 1, "the display received every message");
    if waits > 0 {
        eprintln!("    (b): the emitter waited {waits} times for the display to catch up");
    }
    e.leave();
    trigger.fire();
    server.join().unwrap();
    r
}
