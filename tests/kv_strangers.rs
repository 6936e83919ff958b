//! The kv client's threads do not grow with the connections strangers open to its answer
//! port: its answer port is one poll over every connection (`kv/answers.rs`). With 3,000
//! strangers connected (a third silent, a third sending half a header, a third garbage), the
//! client runs on a handful of threads and still prints the real answer from the real node.

mod support;

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::time::Instant;

use support::kv::{host, quiet_node};
use support::temp::TempDir;
use support::{DEADLINE, Proc};

const STRANGERS: usize = 3000;
/// The client's threads, whatever connects to its answer port: the owner, the answer port's
/// poll, stdin's, the stop signal's and Ctrl-C's, with room to spare.
const MAX_THREADS: usize = 8;

/// The threads of process `pid`.
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .expect("the client's threads")
        .count()
}

/// `n` strangers connected to `port`: one in three sends nothing, one half a RESP header, one
/// bytes that are no frame at all.
fn strangers(port: SocketAddr, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|i| {
            let mut s = TcpStream::connect_timeout(&port, DEADLINE)
                .unwrap_or_else(|e| panic!("stranger {i}: {e}"));
            match i % 3 {
                0 => {}
                1 => s.write_all(&[0, 9, 0]).unwrap(),
                _ => {
                    // The peer may already have closed it (garbage is cut at once): a failed
                    // write is the client doing its job.
                    let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n\xff\xfe\x00\x01");
                }
            }
            s
        })
        .collect()
}

#[test]
fn three_thousand_strangers_on_the_answer_port_cost_no_thread_and_keep_no_answer_out() {
    // This process holds a socket per stranger.
    netlab::net::sock::raise_nofile();
    let started = Instant::now();
    let t = TempDir::new("kv-strangers-3000");
    let db = t.write("db.txt", "k the real value\n");
    let node = quiet_node(host(1), &db, &[]);
    let target = node.addr.to_string();
    let mut c = Proc::start(&["--lang", "en", "kv", "client", "0", &target]);
    let line = c.expect_err("listening on ");
    let port: SocketAddr = line.rsplit(' ').next().unwrap().parse().unwrap();
    c.expect_err("connected to node");
    let before = threads(c.pid());

    let held = strangers(port, STRANGERS);
    let crowded = threads(c.pid());
    assert!(
        crowded <= MAX_THREADS,
        "{crowded} threads with {STRANGERS} strangers on the answer port (at most {MAX_THREADS})"
    );

    c.send("? k");
    // `VALUE FROM`: the value, then the address that delivered it.
    let from: SocketAddr = c.expect_out_prefix("the real value ").parse().unwrap();
    assert_eq!(from.ip(), node.addr.ip(), "the answer came from the node");
    let after = threads(c.pid());
    assert!(
        after <= MAX_THREADS,
        "{after} threads after the answer, {STRANGERS} strangers connected (at most {MAX_THREADS})"
    );
    c.send("Q");
    c.expect_success();
    drop(held);
    eprintln!(
        "{STRANGERS} strangers: client threads {before} before, {crowded} with them, {after} \
         after the answer; {:?} in all",
        started.elapsed()
    );
}

/// Under a low descriptor limit the answer port holds fewer connections, and a burst of
/// strangers many times that (each turn of the client's poller may accept hundreds before it
/// closes those over the cap) never runs the client out of descriptors: the real answer
/// still comes, and the client never says it cannot accept.
#[cfg(target_os = "linux")]
#[test]
fn under_a_low_descriptor_limit_a_burst_of_strangers_keeps_no_answer_out() {
    if std::process::Command::new("prlimit")
        .arg("--version")
        .output()
        .is_err()
    {
        support::skipped("no prlimit here");
        return;
    }
    netlab::net::sock::raise_nofile();
    let t = TempDir::new("kv-strangers-low");
    let db = t.write("db.txt", "k the real value\n");
    let node = quiet_node(host(2), &db, &[]);
    let target = node.addr.to_string();
    let mut cmd = std::process::Command::new("prlimit");
    cmd.args([
        "--nofile=400:400",
        support::bin(),
        "--lang",
        "en",
        "kv",
        "client",
    ])
    .args(["0", &target]);
    support::neutral_locale(&mut cmd);
    let mut c = Proc::spawn("prlimit --nofile=400:400 netlab kv client".into(), cmd);
    let line = c.expect_err("listening on ");
    let port: SocketAddr = line.rsplit(' ').next().unwrap().parse().unwrap();
    c.expect_err("connected to node");
    let held = strangers(port, 1000);
    c.send("? k");
    let from: SocketAddr = c.expect_out_prefix("the real value ").parse().unwrap();
    assert_eq!(from.ip(), node.addr.ip(), "the answer came from the node");
    c.send("Q");
    c.expect_success();
    drop(held);
    let said = c.stderr_lines();
    assert!(
        !said.iter().any(|l| l.contains("cannot accept")),
        "{said:#?}"
    );
    assert!(
        said.iter().any(|l| l.contains("answer port")),
        "the full port is said: {said:#?}"
    );
}
