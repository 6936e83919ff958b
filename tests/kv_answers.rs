//! The kv client's answer port against strangers: connections that send nothing or half a
//! frame never keep the real answer out (under a low descriptor limit too), they are closed
//! once the answer window passes, what they cost stays bounded, and the port listens only on
//! the address the client reaches its node from unless `-b` says otherwise.

mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use support::kv::{host, quiet_node};
use support::temp::TempDir;
use support::{DEADLINE, Proc};

/// `netlab kv client ARGS… NODE`, under `prlimit --nofile=LIMIT` when given; returned once it
/// is connected, with its answer port's address. `None` (said) without prlimit.
fn client(node: SocketAddr, nofile: Option<&str>, extra: &[&str]) -> Option<(Proc, SocketAddr)> {
    let node = node.to_string();
    let mut args = vec!["--lang", "en", "kv", "client"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["0", &node]);
    let p = match nofile {
        None => Proc::start(&args),
        Some(limit) => {
            if Command::new("prlimit").arg("--version").output().is_err() {
                support::skipped("prlimit not found");
                return None;
            }
            let mut command = Command::new("prlimit");
            command.arg(format!("--nofile={limit}")).arg(support::bin());
            support::neutral_locale(command.args(&args));
            Proc::spawn(
                format!("prlimit --nofile={limit} netlab {}", args.join(" ")),
                command,
            )
        }
    };
    let line = p.expect_err("listening on ");
    let addr: SocketAddr = line.rsplit(' ').next().unwrap().parse().unwrap();
    p.expect_err("connected to node");
    Some((p, addr))
}

/// `n` strangers on `port`: every other one sends half a header and then nothing.
fn strangers(port: SocketAddr, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|i| {
            let mut s = TcpStream::connect_timeout(&port, DEADLINE)
                .unwrap_or_else(|e| panic!("stranger {i}: {e}"));
            if i % 2 == 1 {
                s.write_all(&[0, 9, 0]).unwrap(); // a RESP's type and a third of its nseq
            }
            s
        })
        .collect()
}

fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

/// The stranger's connection is closed by the client (end of stream or reset) within `limit`.
#[track_caller]
fn closed_within(s: &mut TcpStream, limit: Duration) {
    s.set_read_timeout(Some(limit)).unwrap();
    let mut buf = [0; 16];
    match s.read(&mut buf) {
        Ok(0) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        other => panic!("the stranger's connection is still open: {other:?}"),
    }
}

/// Under `ulimit -n 256`, 400 silent or half-sent connections to the answer port: the real
/// answer is still printed, and the strangers are closed once the window passed.
#[test]
fn the_answer_arrives_while_400_strangers_hold_the_port_under_256_descriptors() {
    netlab::net::sock::raise_nofile();
    let t = TempDir::new("kv-answers-256");
    let db = t.write("db.txt", "k value\n");
    let node = quiet_node(host(1), &db, &[]);
    let Some((mut c, port)) = client(node.addr, Some("256:256"), &["--timeout", "2s"]) else {
        return;
    };
    let mut held = strangers(port, 400);
    c.send("? k");
    let line = c.expect_out_prefix("value ");
    let from: SocketAddr = line.parse().unwrap();
    assert_eq!(from.ip(), node.addr.ip());
    closed_within(&mut held[0], Duration::from_secs(10));
    closed_within(held.last_mut().unwrap(), Duration::from_secs(10));
    c.send("Q");
    c.expect_success();
    let warned = c
        .stderr_lines()
        .into_iter()
        .filter(|l| l.contains("warning"))
        .count();
    assert!(warned < 20, "{:?}", c.stderr_lines());
}

/// 2,000 strangers at the default descriptor limit: the answer still arrives, and they cost
/// no thread and little memory (the client holds at most its cap of them, a descriptor each).
#[test]
fn two_thousand_strangers_cost_a_bounded_number_of_threads() {
    netlab::net::sock::raise_nofile();
    let t = TempDir::new("kv-answers-2000");
    let db = t.write("db.txt", "k value\n");
    let node = quiet_node(host(1), &db, &[]);
    let (mut c, port) = client(node.addr, None, &[]).unwrap();
    let _held = strangers(port, 2000);
    c.send("? k");
    c.expect_out_prefix("value ");
    let n = threads(c.pid());
    assert!(
        n < 50,
        "{n} threads with 2,000 strangers on the answer port"
    );
    let rss = support::peak_rss_kib(c.pid());
    assert!(rss < 64 * 1024, "peak RSS {rss} KiB with 2,000 strangers");
    c.send("Q");
    c.expect_success();
}

/// The answer port listens on the address that reaches the node (127.0.0.1 here), not on
/// every interface; `-b 0.0.0.0` asks for every interface.
#[test]
fn the_answer_port_listens_on_the_address_that_reaches_the_node() {
    let t = TempDir::new("kv-answers-bind");
    let db = t.write("db.txt", "k value\n");
    let node = quiet_node(host(1), &db, &[]);
    let (mut c, port) = client(node.addr, None, &[]).unwrap();
    assert_eq!(port.ip().to_string(), "127.0.0.1");
    let elsewhere = SocketAddr::from(([127, 0, 0, 2], port.port()));
    let e = TcpStream::connect_timeout(&elsewhere, DEADLINE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ConnectionRefused, "{e}");
    c.send("? k");
    c.expect_out_prefix("value ");
    c.send("Q");
    c.expect_success();

    let (mut c, port) = client(node.addr, None, &["-b", "0.0.0.0"]).unwrap();
    assert!(port.ip().is_unspecified(), "{port}");
    let elsewhere = SocketAddr::from(([127, 0, 0, 2], port.port()));
    TcpStream::connect_timeout(&elsewhere, DEADLINE).expect("every interface");
    let t0 = Instant::now();
    c.send("? k");
    c.expect_out_prefix("value ");
    assert!(t0.elapsed() < DEADLINE);
    c.send("Q");
    c.expect_success();
}
