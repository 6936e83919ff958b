//! kv nodes under hostile or unlucky conditions (spec/robustness.md and spec/kv.md, "Answer
//! delivery never stalls on one destination", "No amplification"): an answer address that
//! black-holes, one that refuses until its client starts listening, a client asking hundreds of
//! times a second for answers to one address, floods of unexpected frames, a flood that would
//! grow memory, the dedup window, the descriptor limit, and control characters in values.
//! Real node processes on their own loopback addresses, raw clients speaking the wire format.

mod support;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::process::Command;
use std::time::{Duration, Instant};

use netlab::kv::wire::{self, Flood, Msg};
use support::kv::*;
use support::temp::TempDir;
use support::{DEADLINE, Proc, peak_rss_kib};

/// Every request of `msgs` in one write, as a hostile client would send them.
fn burst(c: &mut RawClient, msgs: impl Iterator<Item = Msg>) {
    let mut bytes = Vec::new();
    for m in msgs {
        bytes.extend(wire::to_bytes(&m).unwrap());
    }
    c.link.write_all(&bytes).unwrap();
}

/// The answers to `nseq` for key `k` from a fresh well-behaved client, and how long the first
/// took to arrive.
fn time_an_answer(node: SocketAddr) -> Duration {
    let mut good = RawClient::connect(node);
    good.send(&Msg::KeyReq {
        nseq: 0,
        key: b"k".to_vec(),
    });
    let Some((_, msg, took)) = good.first(Duration::from_secs(5)) else {
        panic!("no answer within 5 s");
    };
    assert_eq!(
        msg,
        Msg::Resp {
            nseq: 0,
            value: b"v".to_vec()
        }
    );
    took
}

/// The sum of the counts of the warnings about `to` that say answers were dropped or skipped.
fn dropped_to(lines: &[String], to: SocketAddr) -> u64 {
    let about = format!(" answers to {to} ");
    let about_one = format!(" answer to {to} ");
    lines
        .iter()
        .filter(|l| l.contains(&about) || l.contains(&about_one))
        .filter(|l| l.contains("dropped") || l.contains("skipped"))
        .filter_map(|l| leading_count(l, "kv: warning: "))
        .sum()
}

/// 200 `T` whose answers go to an address that black-holes: a well-behaved client is still
/// answered at once, the black hole is said once, and every one of the 200 answers is
/// accounted for in the log (dropped over the rate cap or its queue, or skipped).
#[test]
fn a_black_hole_answer_address_never_stalls_the_others() {
    let t = TempDir::new("blackhole");
    let db = t.write("n.db", b"k v\n");
    for (ip, extra) in [(150, &[][..]), (151, &["--answer-rate", "0"][..])] {
        let n = quiet_node(host(ip), &db, extra);
        let hole = black_hole();
        let spare = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut hostile = RawClient::connect_announcing(n.addr, spare, hole.addr.port());
        burst(&mut hostile, (0..200).map(|nseq| Msg::TopoReq { nseq }));
        for round in 0..3 {
            let took = time_an_answer(n.addr);
            assert!(
                took < Duration::from_secs(1),
                "{extra:?} round {round}: answered after {took:?}"
            );
        }
        let down = format!("cannot connect to {} within 2s", hole.addr);
        n.proc.expect_err(&down);
        // Answered at once while the black hole is skipped, too.
        assert!(time_an_answer(n.addr) < Duration::from_secs(1));
        // After the pause: how many were skipped, and nothing unaccounted for.
        let lines = wait_lines(&n, DEADLINE, "all 200 answers accounted for", |l| {
            dropped_to(l, hole.addr) >= 200
        });
        assert_eq!(dropped_to(&lines, hole.addr), 200, "{lines:#?}");
        assert_eq!(
            lines.iter().filter(|l| l.contains(&down)).count(),
            1,
            "said once: {lines:#?}"
        );
        assert!(lines.len() < 12, "a few lines: {lines:#?}");
    }
}

/// A client that starts listening only after its request is out (students' clients do): the
/// refused answer connection is tried again and the answer arrives.
#[test]
fn a_refused_answer_is_retried_until_the_client_listens() {
    let t = TempDir::new("refused");
    let n = node(host(152), &t.write("n.db", b"k late but here\n"), &[], &[]);
    let port = refusing_ports(1)[0];
    let spare = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut late = RawClient::connect_announcing(n.addr, spare, port);
    late.send(&Msg::KeyReq {
        nseq: 0,
        key: b"k".to_vec(),
    });
    n.proc.expect_err(&format!(
        "answer retry nseq=0 to=127.0.0.1:{port} attempt=1"
    ));
    // Now it listens.
    late.listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    late.listener.set_nonblocking(true).unwrap();
    let got = late.values(0, Duration::from_millis(600));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "late but here");
    assert!(
        !n.proc
            .stderr_lines()
            .iter()
            .any(|l| l.contains("cannot deliver")),
        "{:#?}",
        n.proc.stderr_lines()
    );
}

/// A client asking 500 times at once for answers to its one address gets the cap (50 a
/// second), and the node says how many it dropped in one line.
#[test]
fn answers_to_one_address_are_capped() {
    let t = TempDir::new("cap");
    let n = quiet_node(host(153), &t.write("n.db", b"k v\n"), &[]);
    let mut greedy = RawClient::connect(n.addr);
    let to = SocketAddr::from(([127, 0, 0, 1], greedy.port));
    burst(
        &mut greedy,
        (0..500).map(|nseq| Msg::KeyReq {
            nseq,
            key: b"k".to_vec(),
        }),
    );
    let got = greedy.collect(Duration::from_millis(1500), Duration::from_secs(10));
    assert_eq!(got.len(), 50, "{} answers", got.len());
    let lines = wait_lines(&n, DEADLINE, "the drops counted", |l| {
        dropped_to(l, to) >= 450
    });
    assert_eq!(dropped_to(&lines, to), 450, "{lines:#?}");
    let about: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains(&format!(" to {to} ")))
        .collect();
    assert_eq!(about.len(), 1, "{lines:#?}");
    assert!(
        about[0].ends_with("dropped in the last second: at most 50 a second to one address"),
        "{about:?}"
    );
    // Another address is not limited by this one's cap.
    assert!(time_an_answer(n.addr) < Duration::from_secs(1));
}

/// 20,000 frames a client must not send, from one peer: a few warnings, then counts once a
/// second; every frame accounted for, under 100 lines in all; the node serves on.
#[test]
fn a_flood_of_bad_frames_is_a_few_log_lines() {
    let t = TempDir::new("badflood");
    let n = quiet_node(host(154), &t.write("n.db", b"k v\n"), &[]);
    let mut bad = RawClient::connect(n.addr);
    let peer = bad.link.local_addr().unwrap();
    let flood = Flood {
        ttl: 3,
        nseq: 1,
        ip: host(1),
        port: 1,
        info: b"k".to_vec(),
    };
    burst(&mut bad, (0..20_000).map(|_| Msg::KeyFlood(flood.clone())));
    let one = format!("kv: warning: {peer}: unexpected KEYFLOOD from a client, ignored");
    let more = format!(" more like this from {peer}");
    let counted = |lines: &[String]| -> u64 {
        let single = lines.iter().filter(|l| **l == one).count() as u64;
        let summed: u64 = lines
            .iter()
            .filter(|l| l.ends_with(&more))
            .filter_map(|l| leading_count(l, "kv: warning: … "))
            .sum();
        single + summed
    };
    let lines = wait_lines(&n, DEADLINE, "20000 warnings counted", |l| {
        counted(l) >= 20_000
    });
    assert_eq!(counted(&lines), 20_000, "{lines:#?}");
    assert!(lines.len() < 100, "{} lines: {lines:#?}", lines.len());
    assert!(time_an_answer(n.addr) < Duration::from_secs(1));
}

/// A neighbour flooding KEYFLOODs as fast as it can, each answered to an address that
/// refuses, while another neighbour never reads what it is forwarded: the node's peak memory
/// stays under 256 MB, its log is a few lines a second, and a client is still answered at
/// once (the flooder is read more slowly while the node's events pile up).
#[test]
fn a_flooded_node_stays_within_256_mb() {
    let t = TempDir::new("rss");
    let n = quiet_node(host(155), &t.write("n.db", b"k v\n"), &[]);
    let mut flooder = raw_neighbour(n.addr);
    let _deaf = raw_neighbour(n.addr);
    let ports = refusing_ports(200);
    let start = Instant::now();
    let mut nseq = 0u32;
    while start.elapsed() < Duration::from_secs(3) {
        let mut bytes = Vec::with_capacity(64 * 1024);
        for _ in 0..2000 {
            let f = Flood {
                ttl: 3,
                nseq,
                ip: host(1),
                port: ports[nseq as usize % ports.len()],
                info: b"k".to_vec(),
            };
            bytes.extend(wire::to_bytes(&Msg::KeyFlood(f)).unwrap());
            nseq += 1;
        }
        flooder.write_all(&bytes).unwrap();
    }
    let peak = peak_rss_kib(n.proc.pid());
    assert!(peak < 256 * 1024, "peak RSS {peak} kB after {nseq} floods");
    assert!(time_an_answer(n.addr) < Duration::from_secs(1));
    // Thousands of refused answers to 200 addresses: a few warnings a second.
    let lines = n.proc.stderr_lines();
    assert!(lines.len() < 60, "{} lines: {lines:#?}", lines.len());
    eprintln!("{nseq} floods in 3 s: peak RSS {peak} kB");
}

/// `--dedup-window 1s`: a copy of a flood is a duplicate within the window and new again
/// after it; by default (10 s) it is still a duplicate then.
#[test]
fn the_dedup_window() {
    let t = TempDir::new("dedup");
    let db = t.write("n.db", b"other x\n");
    let short = node(host(156), &db, &[], &["--dedup-window", "1s"]);
    let long = node(host(157), &db, &[], &[]);
    let mut to_short = raw_neighbour(short.addr);
    let mut to_long = raw_neighbour(long.addr);
    joined(&short, 1);
    joined(&long, 1);
    let copy = wire::to_bytes(&Msg::KeyFlood(Flood {
        ttl: 2,
        nseq: 0,
        ip: host(1),
        port: 9,
        info: b"k".to_vec(),
    }))
    .unwrap();
    let new = |n: &Node| {
        n.proc
            .stderr_lines()
            .iter()
            .filter(|l| l.starts_with("kv: flood new KEYFLOOD client=127.0.0.1:9 nseq=0"))
            .count()
    };
    let first = Instant::now();
    to_short.write_all(&copy).unwrap();
    to_long.write_all(&copy).unwrap();
    short.proc.expect_err("flood new KEYFLOOD");
    long.proc.expect_err("flood new KEYFLOOD");
    // The same copy every 100 ms until the short window forgets it.
    let again = loop {
        to_short.write_all(&copy).unwrap();
        to_long.write_all(&copy).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        if new(&short) == 2 {
            break first.elapsed();
        }
        assert!(first.elapsed() < DEADLINE, "never new again");
    };
    assert!(again >= Duration::from_secs(1), "new again after {again:?}");
    assert!(again < Duration::from_secs(3), "new again after {again:?}");
    long.proc.expect_err("flood dup KEYFLOOD");
    assert_eq!(new(&long), 1, "{:#?}", long.proc.stderr_lines());
}

/// The node raises its soft descriptor limit to the hard one.
#[test]
fn the_node_raises_its_descriptor_limit() {
    let t = TempDir::new("nofile");
    let db = t.write("n.db", b"k v\n");
    let mut cmd = Command::new("prlimit");
    cmd.args([
        "--nofile=256:2048",
        support::bin(),
        "--lang",
        "en",
        "kv",
        "node",
    ])
    .args(["-b", "127.0.0.158", "0", &db]);
    support::neutral_locale(&mut cmd);
    if Command::new("prlimit").arg("--version").output().is_err() {
        support::skipped("no prlimit here");
        return;
    }
    let p = Proc::spawn("prlimit --nofile=256:2048 netlab kv node".into(), cmd);
    p.listening();
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", p.pid())).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&fields[3..5], ["2048", "2048"], "{line}");
}

/// Out of descriptors, the node says it cannot accept, waits between tries instead of
/// spinning on a listener that stays readable, and serves again once connections close.
#[cfg(target_os = "linux")]
#[test]
fn out_of_descriptors_the_node_pauses_accepting_and_serves_again() {
    if Command::new("prlimit").arg("--version").output().is_err() {
        support::skipped("no prlimit here");
        return;
    }
    let t = TempDir::new("emfile");
    let db = t.write("n.db", b"k v\n");
    let mut cmd = Command::new("prlimit");
    cmd.args([
        "--nofile=40:40",
        support::bin(),
        "--lang",
        "en",
        "kv",
        "node",
    ])
    .args(["-b", "127.0.0.161", "0", &db]);
    support::neutral_locale(&mut cmd);
    let p = Proc::spawn("prlimit --nofile=40:40 netlab kv node".into(), cmd);
    let addr = p.listening();
    // More connections than the node has descriptors: the kernel completes their handshakes
    // (the backlog is deep), the node cannot take them all.
    let hold: Vec<std::net::TcpStream> = (0..80)
        .map(|_| std::net::TcpStream::connect(addr).unwrap())
        .collect();
    p.expect_err("cannot accept a connection");
    // A second of waiting with the listener still readable: a node that tried again at once
    // would use the whole second on a core.
    let before = cpu_seconds(p.pid());
    std::thread::sleep(Duration::from_secs(1));
    let used = cpu_seconds(p.pid()) - before;
    assert!(used < 0.3, "{used:.2} s of CPU in 1 s out of descriptors");
    drop(hold);
    let mut c = RawClient::connect(addr);
    let got = c.ask(1, "k", Duration::from_secs(1));
    assert_eq!(
        got.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>(),
        ["v"],
        "{:#?}",
        p.stderr_lines()
    );
}

/// The CPU time process `pid` used so far (user and system), from /proc.
#[cfg(target_os = "linux")]
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name (in parentheses, which may hold blanks): fields 14 and 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    // SAFETY: sysconf only reads a configuration value.
    ticks / unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64
}

/// A value with ESC, BEL and CR, printed by our client: shown escaped, never raw.
#[test]
fn control_characters_in_a_value_are_shown_escaped() {
    let t = TempDir::new("escape");
    let db = t.write("n.db", b"evil \x1b]0;owned\x07 \x1b[2J and\rCR\n");
    let n = node(host(159), &db, &[], &[]);
    let (mut c, _) = client(n.addr, "300ms", "en");
    c.send("? evil");
    let line = c.next_out();
    let (value, from) = answer(&line);
    assert_eq!(value, "\\x1b]0;owned\\x07 \\x1b[2J and\\rCR");
    assert_eq!(from.ip(), IpAddr::V4(host(159)));
    finish(&mut c);
}
