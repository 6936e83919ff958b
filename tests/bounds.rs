//! Memory stays bounded under hostile load, for the roles the protocol tests do not flood
//! already (robustness.md, "Bounded memory, everywhere"): 2,000 connections each holding a
//! frame at its limit against every TCP server, and a flood into a kv client, a multicast
//! receiver whose stdout nobody reads, an echo server whose clients never read, and a msg
//! emitter whose "server" floods it. Peak RSS is read from /proc (VmHWM).

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use support::chat::{Unread, flood};
use support::mcast::{Port, Raw};
use support::temp::TempDir;
use support::{DEADLINE, Proc, peak_rss_kib};

/// The bound every flooded role must stay under.
const LIMIT_KIB: u64 = 256 * 1024;
/// The bound with 2,000 hostile connections at their limit (robustness.md: well under 1 GB).
const HOSTILE_LIMIT_KIB: u64 = 512 * 1024;

/// Open `n` connections to `addr`, each sending `partial` (a frame that never ends) and then
/// nothing; they stay open until dropped. Fewer than `n` if this process cannot hold them.
fn hostile(addr: SocketAddr, n: usize, partial: &[u8]) -> Vec<TcpStream> {
    netlab::net::sock::raise_nofile();
    let mut held = Vec::with_capacity(n);
    for _ in 0..n {
        let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(5)) else {
            break;
        };
        let _ = s.write_all(partial);
        held.push(s);
    }
    held
}

/// The server at `addr` still answers a well-behaved exchange (`ask` → a reply starting with
/// `want`) while the hostile connections are held.
#[track_caller]
fn still_serves(addr: SocketAddr, ask: &[u8], want: &[u8]) {
    let mut s = TcpStream::connect_timeout(&addr, DEADLINE).expect("connect while loaded");
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    s.write_all(ask).unwrap();
    let mut got = vec![0u8; want.len()];
    s.read_exact(&mut got).expect("an answer while loaded");
    assert_eq!(got, want);
}

#[test]
fn two_thousand_hostile_connections_cost_bounded_memory() {
    // msg: 13 bytes of a 14-byte header each.
    let (srv, addr) = Proc::start_listening(&["msg", "server", "-p", "0", "-b", "127.0.0.1"]);
    let held = hostile(addr, 2000, &[0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert!(held.len() >= 1900, "only {} connections", held.len());
    let oi = [0u8, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    still_serves(addr, &oi, &[0, 3, 0, 0, 0, 1]);
    let peak = peak_rss_kib(srv.pid());
    assert!(peak < HOSTILE_LIMIT_KIB, "msg server: {peak} KiB");
    drop(held);

    // chat: a line of 4,000 bytes without its end each.
    let (srv, addr) = Proc::start_listening(&["chat", "server", "-p", "0", "-b", "127.0.0.1"]);
    let held = hostile(addr, 2000, &vec![b'x'; 4000]);
    assert!(held.len() >= 1900, "only {} connections", held.len());
    still_serves(addr, b"USER Zed:5000\r\nLIST\r\n", b"LIST ");
    let peak = peak_rss_kib(srv.pid());
    assert!(peak < HOSTILE_LIMIT_KIB, "chat server: {peak} KiB");
    drop(held);

    // kv: a KEYREQ announcing 400 bytes of key, 399 of them sent, each after an ID.
    let t = TempDir::new("bounds-kv");
    let db = t.write("db.txt", b"k v\n");
    let (srv, addr) = Proc::start_listening(&["kv", "node", "0", &db, "-b", "127.0.0.1"]);
    let mut frame = vec![0, 4, 0, 1, 0, 5, 0, 0, 0, 0, 1, 0x90];
    frame.extend(std::iter::repeat_n(b'k', 399));
    let held = hostile(addr, 2000, &frame);
    assert!(held.len() >= 1900, "only {} connections", held.len());
    let peak = peak_rss_kib(srv.pid());
    assert!(peak < HOSTILE_LIMIT_KIB, "kv node: {peak} KiB");
    drop(held);

    // echo and app: a thread each, a read buffer each.
    let (srv, addr) = Proc::start_listening(&["echo", "server", "-p", "0"]);
    let held = hostile(addr, 2000, b"no end");
    assert!(held.len() >= 1900, "only {} connections", held.len());
    still_serves(addr, b"ping", b"ping");
    let peak = peak_rss_kib(srv.pid());
    assert!(peak < HOSTILE_LIMIT_KIB, "echo server: {peak} KiB");
}

#[test]
fn an_echo_server_whose_clients_never_read_stays_bounded() {
    let (srv, addr) = Proc::start_listening(&["echo", "server", "-p", "0"]);
    // 20 clients pour bytes in and read nothing back: TCP slows them down, nothing piles up.
    let floods: Vec<_> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            std::thread::spawn(move || flood(&mut s, &[b'e'; 64 * 1024], Duration::from_secs(3)))
        })
        .collect();
    for f in floods {
        f.join().unwrap();
    }
    let peak = peak_rss_kib(srv.pid());
    assert!(peak < LIMIT_KIB, "echo server: {peak} KiB");
    still_serves(addr, b"ping", b"ping");
}

#[test]
fn a_kv_client_flooded_with_answers_stays_bounded() {
    // A client whose node is a listener of ours; "answers" pour in on connection after
    // connection, each many RESPs long, for 3 s.
    let node = TcpListener::bind("127.0.0.1:0").unwrap();
    let node_addr = node.local_addr().unwrap().to_string();
    let mut client = Unread::start(&["kv", "client", "0", &node_addr, "-b", "127.0.0.1"]);
    let line = client.expect_err("listening on ");
    let answers: SocketAddr = line.rsplit(' ').next().unwrap().parse().unwrap();
    let (_link, _) = node.accept().unwrap();
    let mut resp = vec![0, 9, 0, 0, 0, 0, 1, 0x90];
    resp.extend(std::iter::repeat_n(b'v', 400));
    let burst = resp.repeat(100);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        let Ok(mut s) = TcpStream::connect_timeout(&answers, Duration::from_secs(1)) else {
            continue;
        };
        flood(&mut s, &burst, Duration::from_millis(50));
    }
    assert!(client.alive(), "the client died");
    let peak = peak_rss_kib(client.pid());
    assert!(peak < LIMIT_KIB, "kv client: {peak} KiB");
}

#[test]
fn a_multicast_receiver_whose_stdout_nobody_reads_stays_bounded() {
    let port = Port::reserve();
    let p = port.s();
    let mut recv = Unread::start(&["mcast", "recv", "-i", "127.0.0.1", "-p", &p]);
    recv.expect_err("Receiver waiting for messages");
    let raw = Raw::new(&port);
    let line = format!(r#"{{"user": "Flood", "data": "{}"}}"#, "d".repeat(1300));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        raw.send(line.as_bytes());
    }
    assert!(recv.alive(), "the receiver died");
    let peak = peak_rss_kib(recv.pid());
    assert!(peak < LIMIT_KIB, "mcast recv: {peak} KiB");
}

#[test]
fn a_msg_emitter_flooded_by_its_server_stays_bounded() {
    // A "server" that accepts the OI and then pours unsolicited OKs and MSGs at the emitter.
    let srv = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = srv.local_addr().unwrap().to_string();
    let mut emitter = Unread::start(&["msg", "emitter", &addr, "--id", "1"]);
    let (mut s, _) = srv.accept().unwrap();
    let mut oi = [0u8; 14];
    s.read_exact(&mut oi).unwrap();
    let mut ok = oi;
    ok[1] = 3; // OK, same seq and timestamp
    s.write_all(&ok).unwrap();
    emitter.expect_err("registered as emitter 1");
    let mut junk = Vec::new();
    for _ in 0..100 {
        junk.extend_from_slice(&[0, 3, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0]);
        junk.extend_from_slice(&[
            0, 2, 0, 5, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 3, b'h', b'i', b'!',
        ]);
    }
    // Whole frames only (a partial write must not break the framing): a thread writes them
    // until the socket is shut, for as long as the emitter takes them.
    let writer = s.try_clone().unwrap();
    let pour = std::thread::spawn(move || {
        let mut w = writer;
        while w.write_all(&junk).is_ok() {}
    });
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        assert!(emitter.alive(), "the emitter died");
        std::thread::sleep(Duration::from_millis(100));
    }
    let peak = peak_rss_kib(emitter.pid());
    assert!(peak < LIMIT_KIB, "msg emitter: {peak} KiB");
    let _ = s.shutdown(std::net::Shutdown::Both);
    pour.join().unwrap();
}
