//! chat under hostile load: memory stays bounded while a partner or a client floods (TCP
//! slows the flooder, nothing piles up), the directory's capacity follows the descriptor
//! limit and refuses one client more at once, and repeated problems are summarised in the log
//! instead of filling it.

mod support;

use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use support::chat::{Raw, Unread, flood, loopback, server};
use support::peak_rss_kib;
use support::{DEADLINE, Proc};

/// How long each flood lasts.
const FLOOD: Duration = Duration::from_secs(5);
/// The bound on peak resident memory under a flood.
const PEAK_KIB: u64 = 256 * 1024;

/// Sample the peak memory of `pid` until `done` says the flood is over; return the last figure.
fn watch_peak(pid: u32, done: impl Fn() -> bool) -> u64 {
    let mut peak = peak_rss_kib(pid);
    while !done() {
        thread::sleep(Duration::from_millis(200));
        peak = peak_rss_kib(pid);
        assert!(peak < PEAK_KIB, "peak RSS {peak} KiB during the flood");
    }
    peak
}

/// Wait until some stderr line of `p`, in any order, contains `needle`.
#[track_caller]
fn logged(p: &Proc, needle: &str) {
    let deadline = Instant::now() + DEADLINE;
    while !p.stderr_lines().iter().any(|l| l.contains(needle)) {
        if Instant::now() > deadline {
            p.fail(&format!("no stderr line with {needle:?}"));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_partner_flooding_a_peer_whose_stdout_nobody_reads_is_slowed_not_stored() {
    let (_srv, addr) = server(&[]);
    let (mut ana, port) = Unread::peer("Ana", addr);
    let before = peak_rss_kib(ana.pid());
    let mut partner = Raw::connect(loopback(port));
    partner.send("USER Flood\r\n");
    // Ordinary chat lines, 64 KiB at a time, for the whole flood.
    let line = format!("{}\r\n", "all work and no play ".repeat(4));
    let chunk = line.repeat(65_536 / line.len());
    let mut w = partner.w.try_clone().unwrap();
    let flooder = thread::spawn(move || flood(&mut w, chunk.as_bytes(), FLOOD));
    let peak = watch_peak(ana.pid(), || flooder.is_finished());
    let sent = flooder.join().unwrap();
    // The flood did reach the peer before TCP pushed back.
    assert!(sent > 1 << 20, "only {sent} bytes went out");
    assert!(ana.alive(), "the peer died under the flood");
    eprintln!("peer: {sent} bytes flooded in {FLOOD:?}; peak RSS {before} -> {peak} KiB");
}

#[test]
fn a_directory_flooded_by_clients_stays_bounded_and_its_log_short() {
    let (srv, addr) = server(&["-v"]);
    let mut ana = Raw::register(addr, "Ana", 20000);
    let mut spammer = Raw::register(addr, "Flood", 20001);
    let hog = Raw::register(addr, "Hog", 20002);
    let before = peak_rss_kib(srv.pid());
    // One floods lines the server must read and ignore (each would be a -v line), the other
    // asks LIST after LIST and reads none of the answers.
    let mut w = spammer.w.try_clone().unwrap();
    let lines = "KEEP\r\nno such command\r\n".repeat(3000);
    let spam = thread::spawn(move || flood(&mut w, lines.as_bytes(), FLOOD));
    let mut h = hog.w.try_clone().unwrap();
    let asks = "LIST\r\n".repeat(10_000);
    let hogging = thread::spawn(move || flood(&mut h, asks.as_bytes(), FLOOD));
    let peak = watch_peak(srv.pid(), || spam.is_finished() && hogging.is_finished());
    let spammed = spam.join().unwrap();
    hogging.join().unwrap();
    assert!(spammed > 1 << 20, "only {spammed} bytes of spam went out");
    logged(&srv, "does not read its answers");
    logged(&srv, "more like this from 127.0.0.1:");
    // The spammer is still registered and served; the hog is gone.
    assert_eq!(ana.list(), "LIST Flood");
    spammer.send("LIST\r\n");
    let ignored = srv
        .stderr_lines()
        .iter()
        .filter(|l| l.contains("ignored"))
        .count();
    assert!(ignored < 100, "{ignored} lines about ignored lines");
    drop(hog);
    eprintln!("server: {spammed} bytes of spam; peak RSS {before} -> {peak} KiB");
}

#[test]
fn clients_reconnecting_to_repeat_a_refusal_get_a_few_log_lines_and_a_summary() {
    let (srv, addr) = server(&[]);
    for _ in 0..200 {
        let mut raw = Raw::connect(addr);
        raw.send("USER a:b:1\r\n");
        raw.expect("ERR bad name: name contains ':'");
    }
    let summary = srv.expect_err("more like this from 127.0.0.1");
    assert!(summary.ends_with("from 127.0.0.1"), "{summary}");
    let refused = srv
        .stderr_lines()
        .iter()
        .filter(|l| l.contains("closed 127.0.0.1:"))
        .count();
    assert!(refused < 10, "{refused} lines for 200 refusals");
    // Still serving.
    let mut ana = Raw::register(addr, "Ana", 20000);
    assert_eq!(ana.list(), "LIST ");
}

#[test]
fn under_a_low_descriptor_limit_the_capacity_is_reduced_and_one_more_is_refused_at_once() {
    let have_prlimit = Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_prlimit {
        support::skipped("prlimit (util-linux) is not installed");
        return;
    }
    let mut command = Command::new("prlimit");
    command.args(["--nofile=256:256", support::bin()]).args([
        "--lang",
        "en",
        "chat",
        "server",
        "-p",
        "0",
        "-b",
        "127.0.0.1",
    ]);
    support::neutral_locale(&mut command);
    let srv = Proc::spawn(
        "prlimit --nofile=256:256 netlab chat server".into(),
        command,
    );
    let line = srv.expect_err("capacity reduced to ");
    assert!(line.ends_with("(descriptor limit 256)"), "{line}");
    let clients: usize = line
        .split("capacity reduced to ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| srv.fail("no client count"));
    assert!((1..4000).contains(&clients), "{line}");
    let addr = srv.listening();
    // Exactly that many fit: every one is registered and answered.
    let mut users: Vec<Raw> = (0..clients)
        .map(|i| Raw::register(addr, &format!("u{i}"), 1000 + i as u16))
        .collect();
    // One more is refused at once, before it says anything.
    let asked = Instant::now();
    let mut extra = Raw::connect(addr);
    extra.expect("ERR server full");
    extra.expect_eof();
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "refused after {:?}",
        asked.elapsed()
    );
    srv.expect_err("the server is full");
    // Those inside are still served; a place freed is taken again.
    assert!(users[0].list().starts_with("LIST u1:"));
    drop(users.pop());
    srv.expect_err(&format!("u{} disconnected", clients - 1));
    let deadline = Instant::now() + DEADLINE;
    let mut again = loop {
        // The freed descriptors may take a moment to be closed by the departing threads.
        let mut raw = Raw::connect(addr);
        raw.send("USER late:9\r\nLIST\r\n");
        let line = raw.line();
        if line.starts_with("LIST ") {
            break raw;
        }
        assert_eq!(line, "ERR server full");
        assert!(Instant::now() < deadline, "the freed place was never taken");
    };
    assert!(again.list().contains("u0"));
}
