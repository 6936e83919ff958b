//! Input is bounded: a role reading stdin (`msg emitter`, `chat peer`, `kv client`, `mcast
//! send`) given an endless line (`< /dev/zero`) says so once, skips it and stays small; a line
//! longer than any message can carry is refused with a message and the lines after it go on.

mod support;

use std::time::{Duration, Instant};

use support::chat::{peer_cmd, server as chat_server};
use support::mcast::Port;
use support::msg::{client as msg_client, server as msg_server};
use support::{DEADLINE, Proc, peak_rss_kib};

const SKIPPED: &str =
    "an input line longer than 64 KiB, more than any message can carry, was skipped";
/// Far above what a role needs (a few MB), far below what an unbounded line reaches in a
/// second (gigabytes).
const RSS_LIMIT_KIB: u64 = 64 * 1024;

/// `p` reads `/dev/zero`: it says the line is skipped, and for a while of reading its peak
/// RSS stays small; then Ctrl-C still ends it with 0.
#[track_caller]
fn stays_small(mut p: Proc, what: &str) {
    p.expect_err(SKIPPED);
    let start = Instant::now();
    let mut peak = 0;
    while start.elapsed() < Duration::from_millis(1500) {
        peak = peak.max(peak_rss_kib(p.pid()));
        std::thread::sleep(Duration::from_millis(100)); // sampling, not synchronisation
    }
    assert!(peak < RSS_LIMIT_KIB, "{what}: peak RSS {peak} KiB");
    let warned = p
        .stderr_lines()
        .iter()
        .filter(|l| l.contains(SKIPPED))
        .count();
    assert_eq!(warned, 1, "{what}: one endless line, one warning");
    p.signal("INT");
    let status = p.wait_exit(DEADLINE);
    assert!(status.success(), "{what}: {status}");
}

#[test]
fn an_endless_line_on_stdin_is_skipped_in_bounded_memory() {
    let (_msg, addr) = msg_server(&[]);
    let a = addr.to_string();
    let e = Proc::start_reading(
        &["--lang", "en", "msg", "emitter", &a, "--id", "1"],
        "/dev/zero",
    );
    stays_small(e, "msg emitter");

    let (_chat, addr) = chat_server(&[]);
    let a = addr.to_string();
    stays_small(
        Proc::start_reading(&peer_cmd("en", "Ana", &a), "/dev/zero"),
        "chat peer",
    );

    let t = support::temp::TempDir::new("stdin-kv");
    let db = t.write("db", "k v\n");
    let node = support::kv::node(support::kv::host(92), &db, &[], &[]);
    let n = node.addr.to_string();
    let c = Proc::start_reading(&["--lang", "en", "kv", "client", "0", &n], "/dev/zero");
    stays_small(c, "kv client");

    let port = Port::reserve();
    let p = port.s();
    let args = [
        "--lang",
        "en",
        "mcast",
        "send",
        "-u",
        "Ana",
        "-i",
        "127.0.0.1",
        "-p",
        &p,
    ];
    stays_small(Proc::start_reading(&args, "/dev/zero"), "mcast send");
}

#[test]
fn a_line_too_long_is_refused_and_the_next_one_goes_through() {
    let (_srv, addr) = msg_server(&[]);
    let d = msg_client("display", addr, &["--id", "1001", "--lang", "pt"]);
    d.expect_err("registrado como exibidor 1001");
    let mut e = msg_client("emitter", addr, &["--id", "1", "--lang", "pt"]);
    e.expect_err("registrado como emissor 1");
    e.send(&"x".repeat(200_000));
    e.expect_err("uma linha de entrada com mais de 64 KiB, mais do que qualquer mensagem pode levar, foi ignorada");
    e.send("depois");
    d.expect_out("Mensagem de 1: depois");
    assert_eq!(d.stdout_lines(), ["Mensagem de 1: depois"]);
    e.close_stdin();
    e.expect_success();
}
