//! echo and app under hostile load: oversize requests are refused on their header, binary
//! contents are not held, text/json contents share a budget, and the number of connections
//! served at once follows the descriptor limit; memory stays bounded throughout.

mod support;

use std::io::{Read, Write};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use support::app::*;
use support::{DEADLINE, Proc, peak_rss_kib};

const PEAK_KIB: u64 = 256 * 1024;

/// Send `bytes` (a write failing because the server closed is part of the test) and read
/// until the server closes; return what it sent.
fn send_and_read(addr: std::net::SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut s = connect(addr);
    let _ = s.write_all(bytes);
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    got
}

/// Wait until `count` stderr lines of `p` contain `needle`.
#[track_caller]
fn logged(p: &Proc, needle: &str, count: usize) {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let seen = p
            .stderr_lines()
            .iter()
            .filter(|l| l.contains(needle))
            .count();
        if seen >= count {
            return;
        }
        if Instant::now() > deadline {
            p.fail(&format!("{seen} of {count} stderr lines with {needle:?}"));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn eighty_clients_sending_one_byte_over_the_limit_are_refused_and_memory_stays_low() {
    let (server, addr) = server("app", &[]);
    let content = vec![b'x'; 1024 * 1024 + 1];
    let request = frame("application/octet-stream", "binary", &content);
    let clients: Vec<_> = (0..80)
        .map(|_| {
            let request = request.clone();
            thread::spawn(move || send_and_read(addr, &request))
        })
        .collect();
    for c in clients {
        assert!(
            c.join().unwrap().is_empty(),
            "a refused client got an answer"
        );
    }
    logged(
        &server,
        "content-length 1048577 exceeds the limit of 1048576 bytes",
        80,
    );
    still_serves(addr);
    let peak = peak_rss_kib(server.pid());
    assert!(peak < PEAK_KIB, "peak RSS {peak} KiB");
    eprintln!("80 refused requests of 1 MiB + 1 byte: server peak RSS {peak} KiB");
}

#[test]
fn binary_contents_are_answered_without_being_held() {
    let (server, addr) = server("app", &["--max-content", "16MiB"]);
    let content: Vec<u8> = (0..16 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let request = frame("application/octet-stream", "binary", &content);
    let mut want = b"First 10 bytes of request: ".to_vec();
    want.extend_from_slice(&content[..10]);
    let answer = frame("binary/custom-server-binary-type", "binary", &want);
    // Sixteen at once: 256 MiB of content if the server kept it.
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let (request, answer) = (request.clone(), answer.clone());
            thread::spawn(move || assert!(send_and_read(addr, &request) == answer))
        })
        .collect();
    for c in clients {
        c.join().expect("a client got a wrong answer");
    }
    let peak = peak_rss_kib(server.pid());
    assert!(peak < 64 * 1024, "peak RSS {peak} KiB");
    eprintln!("16 binary requests of 16 MiB: server peak RSS {peak} KiB");
}

#[test]
fn json_contents_being_read_share_a_budget_and_one_more_is_refused_as_busy() {
    let (server, addr) = server("app", &["-v", "--max-content", "16MiB"]);
    // Four requests announce 16 MiB of JSON each and send none of it: they hold the 64 MiB.
    let json = format!(
        r#"{{"byteorder": "{}", "content-type": "text/json", "content-encoding": "utf-8", "content-length": 16777216}}"#,
        byteorder()
    );
    let holders: Vec<_> = (0..4)
        .map(|_| {
            let mut s = connect(addr);
            s.write_all(&header_frame(&json, b"")).unwrap();
            s
        })
        .collect();
    logged(&server, "content-length=16777216", 4);
    // A small search now finds no room: refused at once, not left waiting.
    assert!(send_and_read(addr, &search("morpheus")).is_empty());
    server.expect_err("the server is busy");
    // Binary requests need no room.
    let got = send_and_read(addr, &frame("x/y", "binary", b"0123456789abc"));
    assert!(!got.is_empty(), "a binary request was not answered");
    // Once the holders leave, searches are answered again.
    drop(holders);
    logged(
        &server,
        "closed early: got 0 of the 16777216 bytes of the content",
        4,
    );
    let deadline = Instant::now() + DEADLINE;
    while send_and_read(addr, &search("morpheus")).is_empty() {
        assert!(Instant::now() < deadline, "the budget was never given back");
    }
}

#[test]
fn under_a_low_descriptor_limit_one_connection_more_is_closed_at_once() {
    let have_prlimit = Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_prlimit {
        support::skipped("prlimit (util-linux) is not installed");
        return;
    }
    for proto in ["echo", "app"] {
        let mut command = Command::new("prlimit");
        command
            .args(["--nofile=256:256", support::bin()])
            .args(["--lang", "en", proto, "server", "-p", "0"]);
        support::neutral_locale(&mut command);
        let server = Proc::spawn(
            format!("prlimit --nofile=256:256 netlab {proto} server"),
            command,
        );
        let addr = server.listening();
        let line = server.expect_err("capacity reduced to ");
        assert!(line.ends_with("clients (descriptor limit 256)"), "{line}");
        let capacity: usize = line
            .split("capacity reduced to ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| server.fail("no client count"));
        let mut idle: Vec<_> = (0..capacity).map(|_| connect(addr)).collect();
        logged(&server, "accepted connection from", capacity);
        // One more: closed at once, without a byte.
        let start = Instant::now();
        let mut extra = connect(addr);
        let mut got = Vec::new();
        let _ = extra.read_to_end(&mut got);
        assert!(got.is_empty());
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
        server.expect_err(&format!(
            "full ({capacity} connections at a time): 1 connection refused and closed at once"
        ));
        // A place freed is served again.
        drop(idle.pop());
        logged(&server, "closing connection to", 1);
        if proto == "app" {
            still_serves(addr);
        } else {
            let mut s = connect(addr);
            s.write_all(b"ping").unwrap();
            let mut echo = [0u8; 4];
            s.read_exact(&mut echo).unwrap();
            assert_eq!(&echo, b"ping");
        }
    }
}
