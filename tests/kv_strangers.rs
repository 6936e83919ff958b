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
