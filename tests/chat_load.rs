//! Bounded load on the chat directory server: 2,000 registered raw clients sending KEEP
//! (driven from a few threads) while 20 of them ask LIST and ADDR in a loop. Every answer
//! must be exact and nobody may expire, with a short `--expire` so that a lost keepalive
//! would show within the run; and the server's threads do not grow with its users (its owner
//! reads and writes every socket).

mod support;

use std::io::Write;
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use support::chat::{Raw, server};

const USERS: usize = 2000;
/// The server's threads, however many users: the owner, the acceptor, the stop signal's and
/// Ctrl-C's, with room to spare.
const MAX_THREADS: usize = 8;
const ASKERS: usize = 20;
const EXPIRE: &str = "3s";
const KEEP_EVERY: Duration = Duration::from_millis(700);
/// Longer than the expiry delay, so a user the server forgot to refresh would be cut.
const RUN: Duration = Duration::from_secs(5);

fn name(i: usize) -> String {
    format!("user{i:04}")
}

fn port(i: usize) -> u16 {
    10_000 + i as u16
}

/// A user that asks (a raw client), and the names its LIST answers must hold.
struct Asker {
    index: usize,
    raw: Raw,
    expected: Vec<String>,
}

impl Asker {
    /// Send `req`; the answer line (CRLF-terminated, within the deadline, before any close).
    fn ask(&mut self, req: &str) -> String {
        self.raw.send(req);
        self.raw.line()
    }

    /// The LIST answer as a sorted list of names.
    fn list(&mut self) -> Vec<String> {
        let line = self.ask("LIST\r\n");
        let body = line.strip_prefix("LIST ").unwrap_or_else(|| {
            assert_eq!(line, "LIST", "not a LIST answer");
            ""
        });
        let mut names: Vec<String> = body
            .split(':')
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect();
        names.sort();
        names
    }
}

#[test]
fn two_thousand_users_keep_alive_while_twenty_ask() {
    // This process holds a socket per user.
    netlab::net::sock::raise_nofile();
    let (srv, addr) = server(&["--expire", EXPIRE]);
    let started = Instant::now();

    // Connect and register everyone; the first ASKERS users are the askers.
    let mut keepers = Vec::new();
    let mut askers = Vec::new();
    let all: Vec<String> = (0..USERS).map(name).collect();
    for i in 0..USERS {
        let user = format!("USER {}:{}\r\n", name(i), port(i));
        if i < ASKERS {
            let mut raw = Raw::connect(addr);
            raw.send(&user);
            let mut expected = all.clone();
            expected.remove(i);
            askers.push(Asker {
                index: i,
                raw,
                expected,
            });
        } else {
            // Keepers only write: a plain stream (no reader, no second descriptor).
            let mut s = TcpStream::connect(addr).expect("connect");
            s.set_nodelay(true).unwrap();
            s.write_all(user.as_bytes()).unwrap();
            keepers.push(s);
        }
    }
    // Registration is complete once an asker sees everyone else (answers are the only sync).
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let names = askers[0].list();
        if names.len() == USERS - 1 {
            break;
        }
        assert!(Instant::now() < deadline, "only {} registered", names.len());
        // The askers must stay alive while we wait.
        for a in &mut askers[1..] {
            a.raw.send("KEEP\r\n");
        }
        for k in &mut keepers {
            k.write_all(b"KEEP\r\n").unwrap();
        }
    }
    let registered = started.elapsed();
    let threads = std::fs::read_dir(format!("/proc/{}/task", srv.pid()))
        .expect("the server's threads")
        .count();
    assert!(
        threads <= MAX_THREADS,
        "{threads} threads for {USERS} users (at most {MAX_THREADS})"
    );

    let stop = Arc::new(AtomicBool::new(false));
    // Keepers: four threads, each keeping its share alive.
    let chunk = keepers.len().div_ceil(4);
    let mut keep_threads = Vec::new();
    let mut keepers = keepers;
    while !keepers.is_empty() {
        let mut share: Vec<TcpStream> = keepers.drain(..chunk.min(keepers.len())).collect();
        let stop = stop.clone();
        keep_threads.push(thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let round = Instant::now();
                for s in &mut share {
                    s.write_all(b"KEEP\r\n")
                        .expect("a keeper's connection failed");
                }
                while round.elapsed() < KEEP_EVERY && !stop.load(Ordering::Relaxed) {
                    thread::sleep(Duration::from_millis(50));
                }
            }
            share
        }));
    }
    // Askers: four threads of five, LIST and ADDR in turn until the run is over.
    let answers = Arc::new(AtomicUsize::new(0));
    let mut ask_threads = Vec::new();
    let mut askers = askers;
    while !askers.is_empty() {
        let mut share: Vec<Asker> = askers.drain(..5.min(askers.len())).collect();
        let answers = answers.clone();
        ask_threads.push(thread::spawn(move || {
            let begin = Instant::now();
            let mut round = 0usize;
            while begin.elapsed() < RUN {
                for a in &mut share {
                    let names = a.list();
                    assert!(
                        names == a.expected,
                        "{}: LIST has {} names, expected {}",
                        name(a.index),
                        names.len(),
                        a.expected.len()
                    );
                    let target = (a.index * 97 + round * 31 + 1) % USERS;
                    let target = if target == a.index {
                        (target + 1) % USERS
                    } else {
                        target
                    };
                    let line = a.ask(&format!("ADDR {}\r\n", name(target)));
                    assert_eq!(line, format!("ADDR 127.0.0.1:{}", port(target)));
                    answers.fetch_add(2, Ordering::Relaxed);
                }
                round += 1;
            }
            share
        }));
    }
    let askers: Vec<Asker> = ask_threads
        .into_iter()
        .flat_map(|t| t.join().expect("an asker failed"))
        .collect();
    stop.store(true, Ordering::Relaxed);
    let keepers: Vec<TcpStream> = keep_threads
        .into_iter()
        .flat_map(|t| t.join().expect("a keeper failed"))
        .collect();

    let total = answers.load(Ordering::Relaxed);
    assert!(total >= ASKERS * 2, "only {total} answers");
    // Nobody expired: the server never said so, and a last LIST still has everyone.
    let mut askers = askers;
    assert_eq!(askers[0].list().len(), USERS - 1);
    assert!(
        !srv.stderr_lines().iter().any(|l| l.contains("expired")),
        "someone expired"
    );
    eprintln!(
        "{USERS} users registered in {registered:?} ({threads} server threads); {total} correct \
         LIST/ADDR answers in {RUN:?}"
    );
    drop(keepers);
}
