//! The msg server's threads do not grow with its connections: its owner reads and writes every
//! socket itself. With 999 emitters, 1,000 displays and 5,000 connections that never say OI,
//! it runs on a handful of threads, and a broadcast still reaches every display.

mod support;

use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use netlab::msg::wire::Msg;
use support::msg::{Raw, server};

const EMITTERS: u16 = 999;
const DISPLAYS: u16 = 1000;
const HALF_OPEN: usize = 5000;
/// The owner, the acceptor, the stop signal's and Ctrl-C's, with room to spare.
const MAX_THREADS: usize = 8;
/// Descriptors the server then holds (one a connection) and this test holds (two a
/// registered client, one a half-open connection), with room for the rest of each process.
const SERVER_FDS: u64 = EMITTERS as u64 + DISPLAYS as u64 + HALF_OPEN as u64 + 200;
const TEST_FDS: u64 = 2 * (EMITTERS as u64 + DISPLAYS as u64) + HALF_OPEN as u64 + 200;

/// The threads of process `pid`.
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .expect("the server's threads")
        .count()
}

/// The open descriptors of process `pid`.
fn descriptors(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("the server's descriptors")
        .count()
}

#[test]
fn seven_thousand_connections_on_at_most_eight_threads() {
    // The server inherits the limit raised here (and raises its own to the hard limit).
    let limit = netlab::net::sock::raise_nofile().unwrap_or(0);
    if limit < SERVER_FDS.max(TEST_FDS) {
        support::skipped(&format!(
            "msg_threads needs {} open descriptors, the hard limit is {limit}: raise it \
             (ulimit -Hn) to run this test",
            SERVER_FDS.max(TEST_FDS)
        ));
        return;
    }
    // The half-open connections must stay for the whole test.
    let (srv, addr) = server(&["--hello-timeout", "120s"]);
    let pid = srv.pid();
    let start = Instant::now();
    let mut displays: Vec<Raw> = (1000..1000 + DISPLAYS)
        .map(|id| Raw::register(addr, id))
        .collect();
    let mut emitters: Vec<Raw> = (1..=EMITTERS).map(|id| Raw::register(addr, id)).collect();
    let half_open: Vec<TcpStream> = (0..HALF_OPEN).map(|_| connect(addr)).collect();

    // Every connection accepted: the server holds one descriptor for each (the poller
    // watches the connection's own).
    let connections = (EMITTERS + DISPLAYS) as usize + HALF_OPEN;
    let deadline = Instant::now() + Duration::from_secs(60);
    while descriptors(pid) < connections {
        assert!(
            Instant::now() < deadline,
            "the server holds {} descriptors for {connections} connections",
            descriptors(pid)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let held = threads(pid);
    assert!(
        held <= MAX_THREADS,
        "{held} threads for {connections} connections (at most {MAX_THREADS})"
    );

    // A broadcast from the last emitter reaches every display, each answering OK.
    let e = emitters.last_mut().unwrap();
    let h = e.msg(0, b"to everyone");
    for d in &mut displays {
        match d.recv() {
            Msg::Msg(m, text) => {
                assert_eq!((m.orig, m.dest, m.seq), (EMITTERS, d.id, h.seq));
                assert_eq!(text, b"to everyone");
                let id = d.id;
                d.send(&Msg::Ok(m.answer(id, m.orig)));
            }
            other => panic!("display {}: expected the MSG, got {other:?}", d.id),
        }
    }
    emitters.last_mut().unwrap().expect_answer(&h, true);
    let relaying = threads(pid);
    assert!(
        relaying <= MAX_THREADS,
        "{relaying} threads after a broadcast to {DISPLAYS} displays (at most {MAX_THREADS})"
    );
    // The half-open connections were held all along (not cut for their silence).
    let held_fds = descriptors(pid);
    assert!(held_fds >= connections, "connections were cut");
    // One descriptor a connection: the poller watches the connection's own.
    assert!(
        held_fds <= connections + 64,
        "{held_fds} descriptors for {connections} connections"
    );
    drop(half_open);
    eprintln!(
        "msg server: {connections} connections on {} threads (after the broadcast: {relaying}); \
         {:?} in all",
        held,
        start.elapsed()
    );
}

fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).expect("connect to the server")
}
