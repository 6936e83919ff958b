//! The chat directory server with 10,000 registered users, at the spec's default expiry (15 s):
//! a handful of threads (its owner reads and writes every socket), bounded memory, LIST still
//! answered with every name, and the keepalive expiry still exact: the users that stop
//! keeping alive leave LIST at their deadline (not before it, and within the server's check
//! period after it), the ones that go on keeping alive every 5 s (as the spec's peers do)
//! never leave.
#![cfg(target_os = "linux")]

mod support;

use std::collections::HashSet;
use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{Sender, bounded};
use support::chat::{Raw, server};

const USERS: usize = 10_000;
/// The users (the first ones) that stop keeping alive at a moment the test chooses.
const SILENT: usize = 1_000;
/// The threads the keeping-alive users are spread over.
const KEEPER_THREADS: usize = 4;
/// The server's threads, however many users: the owner, the acceptor, the stop signal's and
/// Ctrl-C's, with room to spare.
const MAX_THREADS: usize = 8;
/// Peak resident memory of the server with every user registered.
const MAX_RSS_KIB: u64 = 60 * 1024;
/// The spec's expiry: 3 × the 5 s keepalive (the server's default `--expire`).
const EXPIRE: Duration = Duration::from_secs(15);
/// The spec's keepalive period.
const KEEP_EVERY: Duration = Duration::from_secs(5);
/// How late after its deadline a silent user may still be listed: the server checks every
/// tenth of the expiry, at most every second (`chat/server.rs`), plus scheduling on shared
/// cores.
const LATE: Duration = Duration::from_millis(2500);

fn name(i: usize) -> String {
    format!("user{i:05}")
}

/// Connect and register users `range` (their USER lines written, nothing read: keepers only
/// write, one descriptor each).
fn register(addr: SocketAddr, range: std::ops::Range<usize>) -> Vec<TcpStream> {
    range
        .map(|i| {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.set_nodelay(true).unwrap();
            s.write_all(format!("USER {}:{}\r\n", name(i), 20_000 + i).as_bytes())
                .unwrap();
            s
        })
        .collect()
}

fn keep(streams: &mut [TcpStream]) {
    for s in streams {
        s.write_all(b"KEEP\r\n")
            .expect("a user's connection failed");
    }
}

/// Wait up to `period` for `flag`; true when it was raised.
fn wait_for(flag: &AtomicBool, period: Duration) -> bool {
    let begin = Instant::now();
    while begin.elapsed() < period {
        if flag.load(Ordering::Relaxed) {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    flag.load(Ordering::Relaxed)
}

/// Users `range`, registered and kept alive every [`KEEP_EVERY`] until `stop`; their
/// connections stay open until the thread is joined.
fn keepers(
    addr: SocketAddr,
    range: std::ops::Range<usize>,
    stop: Arc<AtomicBool>,
) -> JoinHandle<Vec<TcpStream>> {
    thread::spawn(move || {
        let mut streams = register(addr, range);
        while !wait_for(&stop, KEEP_EVERY) {
            keep(&mut streams);
        }
        streams
    })
}

/// The silent users: registered and kept alive like the others until `silence`; then one last
/// KEEP each, the moments before the first and after the last of them sent on `last`, and
/// nothing more (their connections stay open until `stop`).
fn silent(
    addr: SocketAddr,
    silence: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    last: Sender<(Instant, Instant)>,
) -> JoinHandle<Vec<TcpStream>> {
    thread::spawn(move || {
        let mut streams = register(addr, 0..SILENT);
        while !wait_for(&silence, KEEP_EVERY) {
            keep(&mut streams);
        }
        let first = Instant::now();
        keep(&mut streams);
        last.send((first, Instant::now())).unwrap();
        while !wait_for(&stop, KEEP_EVERY) {}
        streams
    })
}

/// The names of a LIST answer, and when the answer came.
fn list(asker: &mut Raw) -> (HashSet<String>, Instant) {
    let line = asker.list();
    let at = Instant::now();
    let body = line
        .strip_prefix("LIST ")
        .unwrap_or_else(|| panic!("not a LIST answer: {:?}", &line[..line.len().min(40)]));
    let names = body
        .split(':')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect();
    (names, at)
}

fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .expect("the server's threads")
        .count()
}

#[test]
fn ten_thousand_users_few_threads_bounded_memory_list_answered_expiry_exact() {
    // This process holds a socket per user.
    netlab::net::sock::raise_nofile();
    let started = Instant::now();
    let (srv, addr) = server(&[]);
    let mut asker = Raw::register(addr, "asker", 9999);

    let stop = Arc::new(AtomicBool::new(false));
    let silence = Arc::new(AtomicBool::new(false));
    let (last_tx, last_rx) = bounded(1);
    let mut held = vec![silent(addr, silence.clone(), stop.clone(), last_tx)];
    let share = (USERS - SILENT).div_ceil(KEEPER_THREADS);
    for k in 0..KEEPER_THREADS {
        let from = SILENT + k * share;
        held.push(keepers(addr, from..(from + share).min(USERS), stop.clone()));
    }

    // Registration is complete once the asker sees everyone (answers are the only sync).
    let all: HashSet<String> = (0..USERS).map(name).collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (names, _) = list(&mut asker);
        if names == all {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {} of {USERS} registered",
            names.len()
        );
        // A user refused (the server full: `ERR server full`, then closed) ends its thread.
        if held.iter().any(JoinHandle::is_finished) {
            let said: Vec<String> = srv
                .stderr_lines()
                .into_iter()
                .filter(|l| l.contains("warning") || l.contains("error"))
                .take(5)
                .collect();
            panic!(
                "a user's connection was closed while {} of {USERS} were registered; the \
                 server said {said:?}",
                names.len()
            );
        }
        thread::sleep(Duration::from_millis(200));
    }
    let registered = started.elapsed();
    let crowded = threads(srv.pid());
    assert!(
        crowded <= MAX_THREADS,
        "{crowded} threads for {USERS} users (at most {MAX_THREADS})"
    );

    // The silent users' last lines.
    silence.store(true, Ordering::Relaxed);
    let (first, last) = last_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the silent users' last KEEP");
    let due = first + EXPIRE;
    let late = last + EXPIRE + LATE;
    let silent: HashSet<String> = (0..SILENT).map(name).collect();
    let staying: HashSet<String> = all.difference(&silent).cloned().collect();

    // Until shortly before the deadline everyone is listed (a LIST now and then also keeps
    // the asker alive).
    while Instant::now() + Duration::from_millis(1500) < due {
        let (names, _) = list(&mut asker);
        assert!(
            names == all,
            "{} of {USERS} listed before any deadline",
            names.len()
        );
        thread::sleep(Duration::from_millis(500));
    }
    // Then closely: no silent user leaves before its deadline, all have left by a check
    // period after it, and the others stay.
    let mut gone_at = None;
    let mut first_gone = None;
    while gone_at.is_none() {
        let (names, at) = list(&mut asker);
        let missing = staying.difference(&names).count();
        assert_eq!(missing, 0, "{missing} users that keep alive left LIST");
        let listed = silent.intersection(&names).count();
        if listed < SILENT {
            assert!(
                at >= due,
                "{} silent users left LIST {:?} before their deadline",
                SILENT - listed,
                due - at
            );
            first_gone.get_or_insert(at);
        }
        if listed == 0 {
            gone_at = Some(at);
        } else {
            assert!(
                at <= late,
                "{listed} silent users still listed {:?} after their deadline",
                at - due
            );
        }
        thread::sleep(Duration::from_millis(50));
    }
    let gone_at = gone_at.unwrap();
    // The others stay on, through another keepalive period.
    let after = Instant::now();
    while after.elapsed() < KEEP_EVERY {
        let (names, _) = list(&mut asker);
        assert!(
            names == staying,
            "{} listed, {} expected",
            names.len(),
            staying.len()
        );
        thread::sleep(Duration::from_millis(500));
    }
    let threads_after = threads(srv.pid());
    assert!(
        threads_after <= MAX_THREADS,
        "{threads_after} threads for {USERS} users (at most {MAX_THREADS})"
    );
    let rss = support::peak_rss_kib(srv.pid());
    assert!(
        rss < MAX_RSS_KIB,
        "peak RSS {rss} KiB with {USERS} users (under {MAX_RSS_KIB})"
    );
    let expired = srv
        .stderr_lines()
        .iter()
        .filter(|l| l.contains(" expired: silent for "))
        .count();
    assert_eq!(expired, SILENT, "the server said so for each silent user");

    stop.store(true, Ordering::Relaxed);
    for h in held {
        drop(h.join().expect("a user thread failed"));
    }
    eprintln!(
        "{USERS} users registered in {registered:?} ({crowded} server threads, peak RSS {} \
         MiB); silent users left LIST {:?} to {:?} after their deadline; {:?} in all",
        rss / 1024,
        first_gone.unwrap().saturating_duration_since(due),
        gone_at.saturating_duration_since(due),
        started.elapsed()
    );
}
