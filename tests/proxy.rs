//! End-to-end tests of `netlab proxy`: the real binary between netlab's own roles (every
//! impairment keeps every protocol working: netlab's readers do not care how bytes are cut),
//! between raw sockets (the exact bytes, the ends, the corruption), and in front of a student's
//! Python server that takes one recv() for one message, which the impairments break as a
//! student would see it.

mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use netlab::msg::wire::{self, Head, Msg, WireError};
use support::msg::Raw;
use support::{DEADLINE, Proc, run};

/// `netlab --lang en proxy PROTO 0 TARGET EXTRA…`, once it listens.
fn proxy(proto: &str, target: SocketAddr, extra: &[&str]) -> (Proc, SocketAddr) {
    let t = target.to_string();
    let mut args = vec!["--lang", "en", "proxy", proto, "0", t.as_str()];
    args.extend_from_slice(extra);
    Proc::start_listening(&args)
}

/// A listener standing in for a server, and the one connection the proxy makes to it.
fn fake_server() -> (TcpListener, SocketAddr) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let a = l.local_addr().unwrap();
    (l, a)
}

fn accept(l: &TcpListener) -> TcpStream {
    let (s, _) = l.accept().unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    s
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    s.set_nodelay(true).unwrap();
    s
}

fn ok(seq: u32) -> Vec<u8> {
    Msg::Ok(Head::new(0, 1, seq, 7)).to_bytes()
}

/// Every impairment and some combinations, each run as a fresh proxy.
const IMPAIRMENTS: &[&[&str]] = &[
    &[],
    &["--split", "1", "--gap", "2ms"],
    &["--split", "field"],
    &["--coalesce", "2"],
    &["--coalesce", "3", "--hold", "30ms", "--split", "field"],
    &["--delay", "30ms", "--jitter", "20ms", "--seed", "7"],
    &["--rate", "4000"],
    &[
        "--split",
        "3",
        "--coalesce",
        "2",
        "--delay",
        "10ms",
        "--only",
        "to-client",
    ],
];

/// The note each impairment set must have shown at least once.
fn expected_note(extra: &[&str]) -> Option<&'static str> {
    if extra.contains(&"--split") {
        Some("proxy: split ")
    } else if extra.contains(&"--coalesce") {
        Some("proxy: ")
    } else if extra.contains(&"--delay") || extra.contains(&"--rate") {
        Some("proxy: delayed ")
    } else {
        None
    }
}

#[test]
fn msg_roles_work_through_every_impairment() {
    let (_server, addr) = support::msg::server(&[]);
    for (k, extra) in IMPAIRMENTS.iter().enumerate() {
        let (px, paddr) = proxy("msg", addr, extra);
        let display_id = (1001 + k).to_string();
        let display =
            support::msg::client("display", paddr, &["--lang", "en", "--id", &display_id]);
        display.expect_err(&format!("registered as display {display_id}"));
        let mut emitter = support::msg::client("emitter", paddr, &["--lang", "en"]);
        emitter.expect_err("registered as emitter");
        for text in ["Ob-la-di", "Ob-la-da, life goes on"] {
            emitter.send(&format!("/msg {display_id} {text}"));
            display.expect_out_has(&format!(": {text}"));
            emitter.expect_err("OK: sent to display");
        }
        emitter.close_stdin();
        emitter.expect_success();
        px.expect_out_has("-> MSG ");
        px.expect_out_has("<- MSG ");
        if let Some(note) = expected_note(extra) {
            px.expect_out_has(note);
        }
        for line in px.stdout_lines() {
            assert!(
                !line.contains("not a msg frame"),
                "{extra:?}: the proxy lost framing: {line}"
            );
        }
    }
}

#[test]
fn split_field_cuts_msg_as_the_protocol_reference_draws_it() {
    let (_server, addr) = support::msg::server(&[]);
    let (px, paddr) = proxy("msg", addr, &["--split", "field"]);
    let _display = Raw::register(paddr, 1001);
    let mut e = Raw::register(paddr, 1);
    let h = e.msg(1001, b"Ob-la-di");
    e.expect_answer(&h, true);
    px.expect_out_has("proxy: split OI seq=0 into 2+12");
    let line = px.expect_out_has("-> proxy: split MSG seq=1 into 14+2+8");
    assert!(line.starts_with('#'), "{line}");
}

#[test]
fn kv_client_and_node_work_through_the_proxy() {
    let t = support::temp::TempDir::new("proxy-kv");
    let db = t.write("n.db", "tcpmux 1/tcp\nsecret forty two\n");
    let node = support::kv::node(support::kv::host(1), &db, &[], &[]);
    for extra in [
        &["--split", "field"][..],
        &["--split", "1", "--gap", "1ms"],
        &["--coalesce", "2"],
        &["--delay", "20ms", "--rate", "500"],
    ] {
        let (px, paddr) = proxy("kv", node.addr, extra);
        let (mut client, _) = support::kv::client(paddr, "1s", "en");
        client.send("? secret");
        let (value, _) = support::kv::answer(&client.next_out());
        assert_eq!(value, "forty two", "{extra:?}");
        px.expect_out_has("proxy: answer port ");
        px.expect_out_has("-> KEYREQ");
        px.expect_out_has("-> client answer port 127.0.0.1:");
        client.send("Q");
        client.expect_success();
    }
}

/// A kv client's answer port is rewritten to a listener of the proxy, so the nodes' answers
/// pass the proxy too (decoded, from the node that holds the key, however far it is).
#[test]
fn kv_answers_come_back_through_a_listener_of_the_proxy() {
    let t = support::temp::TempDir::new("proxy-kv-answers");
    let far_db = t.write("far.db", "far-key from the second node\n");
    let near_db = t.write("near.db", "near-key from the first node\n");
    let far = support::kv::node(support::kv::host(3), &far_db, &[], &[]);
    let near = support::kv::node(support::kv::host(2), &near_db, &[far.addr], &[]);
    support::kv::joined(&far, 1);
    let (px, paddr) = proxy("kv", near.addr, &[]);
    let (mut client, port) = support::kv::client(paddr, "1s", "en");
    // Shown as it came, then rewritten.
    px.expect_out_has(&format!("-> ID port={port} "));
    let rewritten = px.expect_out_has("proxy: answer port ");
    let (_, via) = rewritten
        .rsplit_once(" -> ")
        .unwrap_or_else(|| panic!("{rewritten}"));
    let via: SocketAddr = via.parse().unwrap_or_else(|_| panic!("{rewritten}"));
    assert!(
        rewritten.contains(&format!("proxy: answer port 127.0.0.1:{port} -> ")),
        "{rewritten}"
    );
    assert_ne!(via.port(), port, "{rewritten}");
    client.send("? near-key");
    let (value, from) = support::kv::answer(&client.next_out());
    assert_eq!(value, "from the first node");
    assert_eq!(from.ip(), near.addr.ip(), "the answer still names its node");
    let opened = px.expect_out_has("open: answer connection ");
    assert!(
        opened.contains(&format!(
            "(on {via}) -> client answer port 127.0.0.1:{port}"
        )),
        "{opened}"
    );
    px.expect_out_has(&format!(
        "server {} -> client answer port 127.0.0.1:{port}: RESP nseq=0",
        near.addr
    ));
    client.send("? far-key");
    let (value, from) = support::kv::answer(&client.next_out());
    assert_eq!(value, "from the second node");
    assert_eq!(from.ip(), far.addr.ip());
    px.expect_out_has(&format!(
        "server {} -> client answer port 127.0.0.1:{port}: RESP nseq=1",
        far.addr.ip()
    ));
    client.send("Q");
    client.expect_success();
}

#[test]
fn chat_peers_register_and_list_through_the_proxy() {
    let (_srv, addr) = support::chat::server(&[]);
    for extra in [
        &["--split", "field"][..],
        &["--coalesce", "2", "--hold", "50ms"],
        &["--split", "2", "--delay", "10ms"],
    ] {
        let (px, paddr) = proxy("chat", addr, extra);
        let (mut ana, _) = support::chat::peer("Ana", paddr, &[]);
        let (mut bruno, _) = support::chat::peer("Bruno", paddr, &[]);
        bruno.send("/list");
        bruno.expect_out("Online (besides you): Ana");
        px.expect_out_has("-> USER Ana");
        for p in [&mut ana, &mut bruno] {
            p.send("/exit");
            p.expect_success();
        }
    }
}

/// With `--peers` the directory's ADDR answers point at the proxy, so a call between peers is
/// decoded (and impaired) too; without it the call goes straight from peer to peer.
#[test]
fn chat_peers_calls_pass_the_proxy_only_with_peers() {
    let (_srv, addr) = support::chat::server(&[]);
    for peers in [true, false] {
        let extra: &[&str] = if peers {
            &["--peers", "--split", "3"]
        } else {
            &[]
        };
        let (px, paddr) = proxy("chat", addr, extra);
        let (mut ana, ana_port) = support::chat::peer("Ana", paddr, &[]);
        let (mut bruno, _) = support::chat::peer("Bruno", paddr, &[]);
        px.expect_out_has("-> USER Bruno");
        bruno.send("/chat Ana");
        bruno.expect_out("Connected to Ana");
        ana.expect_out("Connected to Bruno");
        bruno.send("Oi Ana!");
        ana.expect_out("Bruno: Oi Ana!");
        ana.send("Tudo bem, Bruno?");
        bruno.expect_out("Ana: Tudo bem, Bruno?");
        px.expect_out_has("-> ADDR Ana");
        px.expect_out_has(&format!("<- ADDR 127.0.0.1:{ana_port}"));
        if peers {
            let note = px.expect_out_has("proxy: peer Ana ");
            assert!(
                note.contains(&format!(
                    "proxy: peer Ana 127.0.0.1:{ana_port} -> 127.0.0.1:"
                )),
                "{note}"
            );
            px.expect_out_has("open: call ");
            px.expect_out_has("-> peer Ana: USER Bruno");
            px.expect_out_has("-> peer Ana: Oi Ana!");
            px.expect_out_has("proxy: split Oi");
            px.expect_out_has("peer Ana -> client 127.0.0.1:");
        }
        for p in [&mut ana, &mut bruno] {
            p.send("/exit");
            p.expect_success();
        }
        if !peers {
            // Give the proxy its last lines, then look at all of them.
            px.expect_out_has("#2 closed");
            for line in px.stdout_lines() {
                assert!(
                    !line.contains("Oi Ana!") && !line.contains("peer Ana"),
                    "without --peers the call passed the proxy: {line}"
                );
            }
        }
    }
}

#[test]
fn app_and_echo_clients_work_through_the_proxy() {
    let (_app, app_addr) = support::app::server("app", &[]);
    let (_echo, echo_addr) = support::app::server("echo", &[]);
    for extra in [
        &["--split", "field"][..],
        &["--split", "5", "--gap", "1ms"],
        &["--coalesce", "2", "--hold", "20ms"],
        &["--delay", "15ms", "--jitter", "15ms"],
    ] {
        let (px, paddr) = proxy("app", app_addr, extra);
        let (status, out, err) = run(
            &["app", "client", &paddr.to_string(), "search", "morpheus"],
            "",
        );
        assert!(status.success(), "{extra:?}: {err}");
        assert_eq!(
            out, "got result: Follow the white rabbit. 🐰\n",
            "{extra:?}"
        );
        px.expect_out_has("-> {\"byteorder\"");

        let (px, paddr) = proxy("echo", echo_addr, extra);
        let (status, out, err) = run(&["echo", "client", &paddr.to_string(), "hello"], "");
        assert!(status.success(), "{extra:?}: {err}");
        assert_eq!(out, "received 'hello' from connection 1\n", "{extra:?}");
        px.expect_out_has("<- b'");
    }
}

#[test]
fn corrupt_rewrites_the_named_field_of_the_nth_frame_only() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy(
        "msg",
        target,
        &["--corrupt", "seq=77@2", "--only", "to-server"],
    );
    let mut c = connect(paddr);
    let s = accept(&l);
    for seq in 1..=3 {
        c.write_all(&ok(seq)).unwrap();
    }
    let mut r = std::io::BufReader::new(s);
    let seqs: Vec<u32> = (0..3)
        .map(|_| wire::decode(&mut r).unwrap().head().seq)
        .collect();
    assert_eq!(seqs, [1, 77, 3]);
    px.expect_out_has("proxy: corrupted OK seq=2: seq 2 -> 77");
}

#[test]
fn corrupt_names_only_fields_of_the_protocol() {
    for (proto, spec) in [
        ("msg", "ttl=1@1"),
        ("chat", "type=1@1"),
        ("msg", "type=70000@1"),
    ] {
        let (status, _, err) = run(&["proxy", proto, "0", "127.0.0.1:9", "--corrupt", spec], "");
        assert_eq!(status.code(), Some(2), "{proto} {spec}: {err}");
        assert!(err.contains("--corrupt"), "{err}");
    }
    let (status, _, err) = run(&["proxy", "msg", "0", "127.0.0.1:9", "--split", "0"], "");
    assert_eq!(status.code(), Some(2), "{err}");
}

#[test]
fn close_after_ends_both_sides_once_the_nth_frame_is_delivered() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy(
        "msg",
        target,
        &["--close-after", "2", "--only", "to-server"],
    );
    let mut c = connect(paddr);
    let mut s = accept(&l);
    for seq in 1..=2 {
        c.write_all(&ok(seq)).unwrap();
    }
    let mut got = Vec::new();
    s.read_to_end(&mut got).unwrap();
    assert_eq!(got, [ok(1), ok(2)].concat(), "both frames, then the end");
    let mut rest = Vec::new();
    c.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());
    px.expect_out_has("proxy: closed both sides after 2 frames");
}

#[test]
fn reset_after_resets_both_sides() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy("msg", target, &["--reset-after", "1"]);
    let mut c = connect(paddr);
    let mut s = accept(&l);
    c.write_all(&ok(1)).unwrap();
    let mut got = [0u8; 14];
    s.read_exact(&mut got).unwrap();
    px.expect_out_has("proxy: reset both sides after 1 frame");
    assert!(!px.stdout_lines().iter().any(|l| l.contains("1 frames")));
    let mut buf = [0u8; 16];
    let e = c.read(&mut buf).expect_err("a reset, not an end of stream");
    assert_eq!(e.kind(), ErrorKind::ConnectionReset);
}

#[test]
fn half_close_after_ends_one_direction_and_the_other_goes_on() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy(
        "msg",
        target,
        &["--half-close-after", "1", "--only", "to-client"],
    );
    let mut c = connect(paddr);
    let mut s = accept(&l);
    s.write_all(&ok(1)).unwrap();
    let mut r = std::io::BufReader::new(c.try_clone().unwrap());
    assert!(matches!(wire::decode(&mut r), Ok(Msg::Ok(_))));
    assert!(
        matches!(wire::decode(&mut r), Err(WireError::Eof)),
        "the client's stream ended"
    );
    px.expect_out_has("proxy: half-closed toward the client after 1 frame");
    // The client still talks to the server.
    c.write_all(&ok(5)).unwrap();
    let mut got = [0u8; 14];
    s.read_exact(&mut got).unwrap();
    assert_eq!(got.to_vec(), ok(5));
}

#[test]
fn half_close_with_coalesce_drops_the_held_rest_and_the_pair_closes() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy(
        "msg",
        target,
        &[
            "--coalesce",
            "2",
            "--hold",
            "20ms",
            "--half-close-after",
            "1",
            "--only",
            "to-client",
        ],
    );
    let mut c = connect(paddr);
    let mut s = accept(&l);
    // Two frames in one write: the second comes after the end, and is never delivered.
    s.write_all(&[ok(1), ok(2)].concat()).unwrap();
    let mut got = Vec::new();
    c.read_to_end(&mut got).unwrap();
    assert_eq!(got, ok(1), "the first frame, then the end, nothing after");
    px.expect_out_has("proxy: half-closed toward the client after 1 frame");
    // The client ends its side too: the pair is done and closed, within the deadline.
    c.shutdown(std::net::Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());
    drop(s);
    px.expect_out_has("#1 closed");
}

#[test]
fn ctrl_c_delivers_nothing_after_an_end_after_n_frames() {
    let (l, target) = fake_server();
    let (mut px, paddr) = proxy(
        "msg",
        target,
        &["--close-after", "1", "--delay", "5s", "--only", "to-server"],
    );
    let mut c = connect(paddr);
    let mut s = accept(&l);
    c.write_all(&[ok(1), ok(2), ok(3)].concat()).unwrap();
    px.expect_out_has("-> OK ");
    px.signal("INT");
    // The first frame, held for the delay, goes, then the end: nothing read after it.
    let mut got = Vec::new();
    s.read_to_end(&mut got).unwrap();
    assert_eq!(got, ok(1));
    let mut rest = Vec::new();
    c.read_to_end(&mut rest).unwrap();
    px.expect_err("stopped: 1 connection closed");
    px.expect_success();
    let out = px.stdout_lines();
    assert!(
        out.iter()
            .any(|l| l.contains("proxy: closed both sides after 1 frame")),
        "{out:?}"
    );
    assert_eq!(
        out.iter().filter(|l| l.contains("-> OK ")).count(),
        1,
        "{out:?}"
    );
}

#[test]
fn undecodable_bytes_pass_unchanged_with_the_checker_hint() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy("msg", target, &[]);
    let mut c = connect(paddr);
    let mut s = accept(&l);
    let mut little = ok(1);
    little.swap(0, 1); // OK written little-endian: type 768
    c.write_all(&little).unwrap();
    let mut got = [0u8; 14];
    s.read_exact(&mut got).unwrap();
    assert_eq!(got.to_vec(), little);
    px.expect_out_has("-> 14 bytes that are not a msg frame");
    let hint = px.expect_out_has("-> !! ");
    assert!(hint.contains("768"), "{hint}");
}

#[test]
fn trace_hex_shows_the_bytes_of_every_frame() {
    let (l, target) = fake_server();
    let t = target.to_string();
    let (px, paddr) =
        Proc::start_listening(&["--lang", "en", "--trace=hex", "proxy", "msg", "0", &t]);
    let mut c = connect(paddr);
    let _s = accept(&l);
    c.write_all(&ok(1)).unwrap();
    let line = px.expect_out_has("-> OK orig=0 dest=1 seq=1");
    assert!(line.ends_with(", 14 bytes)"), "{line}");
    px.expect_out_has("0000  00 03 00 00 00 01 00 00  00 01 00 00 00 07");
}

#[test]
fn portuguese_notes() {
    let (l, target) = fake_server();
    let t = target.to_string();
    let (px, paddr) =
        Proc::start_listening(&["--lang", "pt", "proxy", "msg", "0", &t, "--split", "field"]);
    let mut c = connect(paddr);
    let _s = accept(&l);
    c.write_all(&ok(1)).unwrap();
    px.expect_out_has("aberta: cliente");
    px.expect_out_has("proxy: dividiu OK seq=1 em 2+12");
}

#[test]
fn a_server_that_reads_nothing_costs_the_proxy_bounded_memory() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy("echo", target, &[]);
    let mut c = connect(paddr);
    let _s = accept(&l); // never read
    c.set_write_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 256 << 20 {
        match c.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    assert!(sent < 256 << 20, "the proxy read everything: {sent} bytes");
    let rss = support::peak_rss_kib(px.pid());
    eprintln!("pushed {sent} bytes toward a server that reads nothing; proxy peak RSS {rss} KiB");
    assert!(
        rss < 40 * 1024,
        "peak RSS {rss} KiB after {sent} bytes pushed"
    );
}

#[test]
fn ctrl_c_closes_both_sides_and_exits_0() {
    let (l, target) = fake_server();
    let (mut px, paddr) = proxy("msg", target, &["--delay", "5s"]);
    let mut c = connect(paddr);
    let mut s = accept(&l);
    c.write_all(&ok(1)).unwrap();
    px.expect_out_has("-> OK ");
    px.signal("INT");
    // What was held for the delay is delivered before the end.
    let mut got = Vec::new();
    s.read_to_end(&mut got).unwrap();
    assert_eq!(got, ok(1));
    let mut rest = Vec::new();
    c.read_to_end(&mut rest).unwrap();
    px.expect_err("stopped: 1 connection closed");
    px.expect_success();
}

/// The student's server of `tests/python/one_recv_msg_server.py`, once it listens.
fn one_recv_server() -> Option<(Proc, SocketAddr)> {
    support::check::broken("one_recv_msg_server.py", &[])
}

/// Send OI then MSG, each after the answer to the one before; the answers' sequence numbers.
fn oi_then_msg(to: SocketAddr) -> Result<Vec<u32>, WireError> {
    let mut raw = Raw::connect(to);
    raw.set_read_timeout(Duration::from_secs(2));
    let mut seqs = Vec::new();
    raw.oi(1);
    seqs.push(raw.try_recv()?.head().seq);
    raw.id = 1;
    raw.msg(0, b"Ob-la-di");
    seqs.push(raw.try_recv()?.head().seq);
    Ok(seqs)
}

#[test]
fn one_recv_per_message_works_directly_and_through_a_clean_proxy() {
    let Some((server, addr)) = one_recv_server() else {
        return;
    };
    assert_eq!(oi_then_msg(addr).unwrap(), [0, 1]);
    server.expect_out("MSG from 1: Ob-la-di");
    let (_px, paddr) = proxy("msg", addr, &[]);
    assert_eq!(oi_then_msg(paddr).unwrap(), [0, 1]);
    server.expect_out("MSG from 1: Ob-la-di");
    // Coalescing request/response traffic never deadlocks: what is held goes after --hold.
    let (px, paddr) = proxy("msg", addr, &["--coalesce", "2", "--only", "to-server"]);
    assert_eq!(oi_then_msg(paddr).unwrap(), [0, 1]);
    server.expect_out("MSG from 1: Ob-la-di");
    px.expect_out_has("proxy: released OI seq=0 after 100ms alone");
}

#[test]
fn split_field_breaks_a_server_that_takes_one_recv_for_one_message() {
    let Some((server, addr)) = one_recv_server() else {
        return;
    };
    // A long gap: the server's recv() surely returns the first piece alone.
    let (px, paddr) = proxy(
        "msg",
        addr,
        &["--split", "field", "--gap", "200ms", "--only", "to-server"],
    );
    let got = oi_then_msg(paddr);
    assert!(got.is_err(), "the server answered a split frame: {got:?}");
    px.expect_out_has("proxy: split OI seq=0 into 2+12");
    // What the student sees: the traceback of a short read.
    server.expect_err("struct.error");
}

#[test]
fn coalesce_breaks_a_server_that_takes_one_recv_for_one_message() {
    let Some((server, addr)) = one_recv_server() else {
        return;
    };
    let (px, paddr) = proxy("msg", addr, &["--coalesce", "2", "--only", "to-server"]);
    let mut raw = Raw::connect(paddr);
    raw.set_read_timeout(Duration::from_secs(1));
    // OI and MSG without waiting in between, as a program that pipelines does.
    raw.oi(1);
    raw.id = 1;
    raw.msg(0, b"Ob-la-di");
    px.expect_out_has("proxy: coalesced OI seq=0, MSG seq=1 into one write of 38 bytes");
    assert_eq!(raw.try_recv().unwrap().head().seq, 0, "the OI is answered");
    let second = raw.try_recv();
    assert!(
        matches!(&second, Err(WireError::Io(e)) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "the MSG should have been lost: {second:?}"
    );
    server.expect_out("type 0 from 1");
    assert!(
        !server.stdout_lines().iter().any(|l| l.starts_with("MSG")),
        "the server saw the MSG: {:?}",
        server.stdout_lines()
    );
}

/// A network namespace of its own (only `lo`, up), deleted on drop: a private network stack,
/// so the relay's groups and ports are the test's alone and nothing can leave the machine.
struct Ns(String);

impl Ns {
    fn new(test: &str) -> Option<Ns> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "nlpx{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        if let Err(why) = support::ip(&["netns", "add", &name]) {
            support::skipped(&format!("{test}: no network namespaces here ({why})"));
            return None;
        }
        let ns = Ns(name);
        if let Err(why) = support::ip(&["-n", &ns.0, "link", "set", "lo", "up"]) {
            support::skipped(&format!(
                "{test}: cannot bring lo up in a namespace ({why})"
            ));
            return None;
        }
        Some(ns)
    }

    /// `netlab --lang en ARGS…` inside the namespace.
    fn start(&self, args: &[&str]) -> Proc {
        let mut command = std::process::Command::new("ip");
        command
            .args(["netns", "exec", &self.0, support::bin(), "--lang", "en"])
            .args(args);
        support::neutral_locale(&mut command);
        Proc::spawn(
            format!("(in {}) netlab {}", self.0, args.join(" ")),
            command,
        )
    }
}

impl Drop for Ns {
    fn drop(&mut self) {
        let _ = support::ip(&["netns", "del", &self.0]);
    }
}

/// `N relayed, D dropped, U duplicated, R reordered` as numbers.
fn counts(line: &str) -> [u64; 4] {
    let n: Vec<u64> = line
        .split(", ")
        .map(|part| part.split(' ').next().unwrap().parse().unwrap())
        .collect();
    [n[0], n[1], n[2], n[3]]
}

/// One relay run in `ns`: 100 lines sent to group 1, relayed with seeded drop, duplicate and
/// reorder to group 2; returns the count line and what the receiver printed.
fn mcast_run(ns: &Ns, seed: &str) -> (String, Vec<String>) {
    let mut receiver = ns.start(&[
        "mcast",
        "recv",
        "-g",
        "224.3.29.72",
        "-p",
        "5008",
        "-i",
        "127.0.0.1",
    ]);
    receiver.expect_err("Receiver waiting for messages...");
    let mut px = ns.start(&[
        "proxy",
        "mcast",
        "224.3.29.71:5007",
        "224.3.29.72:5008",
        "-i",
        "127.0.0.1",
        "--drop",
        "0.2",
        "--duplicate",
        "20%",
        "--reorder",
        "0.2",
        "--seed",
        seed,
        "--hold",
        "5s",
    ]);
    px.expect_err("relaying the datagrams of 224.3.29.71:5007 to 224.3.29.72:5008");
    let mut sender = ns.start(&[
        "mcast",
        "send",
        "-u",
        "Ana",
        "-p",
        "5007",
        "-i",
        "127.0.0.1",
    ]);
    sender.expect_err("sending to 224.3.29.71:5007");
    for k in 1..=100 {
        sender.send(&k.to_string());
    }
    sender.close_stdin();
    sender.expect_success();
    px.expect_out_has("data=\"100\"");
    px.signal("INT");
    let line = px.expect_out_has(" relayed, ");
    px.expect_success();
    let [relayed, dropped, duplicated, _] = counts(&line);
    assert_eq!(relayed + dropped, 100, "{line}");
    // Every datagram the relay sent, and nothing else.
    let want = (relayed + duplicated) as usize;
    for _ in 0..want {
        receiver.expect_out_prefix("Ana: ");
    }
    receiver.expect_no_out(Duration::from_millis(300));
    receiver.signal("INT");
    receiver.expect_success();
    (line, receiver.stdout_lines())
}

#[test]
fn mcast_relay_counts_are_exact_and_a_seed_repeats_them() {
    let Some(ns) = Ns::new("mcast_relay_counts_are_exact_and_a_seed_repeats_them") else {
        return;
    };
    let (line, got) = mcast_run(&ns, "42");
    let [relayed, dropped, duplicated, reordered] = counts(&line);
    assert!(dropped > 0 && duplicated > 0 && reordered > 0, "{line}");
    assert_eq!(got.len() as u64, relayed + duplicated, "{line}\n{got:?}");
    let numbers: Vec<u32> = got
        .iter()
        .map(|l| l.strip_prefix("Ana: ").unwrap().parse().unwrap())
        .collect();
    let descents = numbers.windows(2).filter(|w| w[1] < w[0]).count() as u64;
    assert_eq!(descents, reordered, "{line}\n{numbers:?}");
    let repeats = numbers.windows(2).filter(|w| w[1] == w[0]).count() as u64;
    assert!(repeats <= duplicated, "{line}\n{numbers:?}");
    // The same seed, the same decisions.
    let (again, got_again) = mcast_run(&ns, "42");
    assert_eq!(again, line);
    assert_eq!(got_again, got);
}

#[test]
fn mcast_flags_and_tcp_flags_do_not_mix() {
    for args in [
        &[
            "proxy",
            "mcast",
            "224.3.29.71:5007",
            "224.3.29.72:5008",
            "--split",
            "1",
        ][..],
        &["proxy", "msg", "0", "127.0.0.1:9", "--drop", "0.1"],
        &["proxy", "kv", "0", "127.0.0.1:9", "--peers"],
        &[
            "proxy",
            "mcast",
            "224.3.29.71:5007",
            "224.3.29.72:5008",
            "--peers",
        ],
        &["proxy", "mcast", "224.3.29.71:5007", "224.3.29.71:5007"],
        &["proxy", "mcast", "127.0.0.1:5007", "224.3.29.72:5008"],
        &[
            "proxy",
            "mcast",
            "224.3.29.71:5007",
            "224.3.29.72:5008",
            "--drop",
            "1.5",
        ],
    ] {
        let (status, _, err) = run(args, "");
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
    }
}

// What each side reads, read by read: the proxy forwards as the sender wrote (a clean
// direction), or exactly as its notes say it cut (a frame-level impairment).

use std::sync::mpsc;
use std::time::Instant;

/// Every read a socket makes, as it makes it: (bytes, when), until its stream ends.
fn record(s: &TcpStream) -> mpsc::Receiver<(Vec<u8>, Instant)> {
    let mut s = s.try_clone().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 || tx.send((buf[..n].to_vec(), Instant::now())).is_err() {
                break;
            }
        }
    });
    rx
}

/// The next read, or the test fails saying what it waited for.
fn next_read(rx: &mpsc::Receiver<(Vec<u8>, Instant)>, what: &str) -> (Vec<u8>, Instant) {
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("no read: {what}"))
}

/// The sizes of the reads that carry the next `total` bytes.
fn read_sizes(rx: &mpsc::Receiver<(Vec<u8>, Instant)>, total: usize) -> (Vec<usize>, Vec<u8>) {
    let (mut sizes, mut all) = (Vec::new(), Vec::new());
    while all.len() < total {
        let (b, _) = next_read(rx, &format!("{} of {total} bytes came", all.len()));
        sizes.push(b.len());
        all.extend(b);
    }
    (sizes, all)
}

fn msg_frame(seq: u32, text: &str) -> Vec<u8> {
    Msg::Msg(Head::new(1, 0, seq, 7), text.as_bytes().to_vec()).to_bytes()
}

/// The sizes a `proxy: split LABEL into A+B+…` note lists.
fn split_note(px: &Proc, label: &str) -> Vec<usize> {
    let line = px.expect_out_has(&format!("proxy: split {label} into "));
    let (_, sizes) = line.rsplit_once(" into ").unwrap();
    sizes.split('+').map(|s| s.parse().unwrap()).collect()
}

#[test]
fn a_clean_proxy_forwards_a_split_write_as_two_reads() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy("msg", target, &[]);
    let mut c = connect(paddr);
    let s = accept(&l);
    let reads = record(&s);
    let m = msg_frame(1, "Ob-la-di");
    assert_eq!(m.len(), 24);
    c.write_all(&m[..20]).unwrap();
    // The server reads the first 20 bytes before the client writes the rest.
    let (first, _) = reads
        .recv_timeout(Duration::from_secs(3))
        .expect("the proxy held the first 20 bytes of a frame (it must forward them as they came)");
    assert_eq!(first, m[..20]);
    c.write_all(&m[20..]).unwrap();
    let (second, _) = next_read(&reads, "the last 4 bytes");
    assert_eq!(second, m[20..]);
    // Decoded all the same, as one frame.
    let line = px.expect_out_has("-> MSG orig=1 dest=0 seq=1");
    assert!(line.ends_with(", 24 bytes)"), "{line}");
}

#[test]
fn split_field_gap_separates_the_pieces_of_adjacent_frames() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy(
        "msg",
        target,
        &["--split", "field", "--gap", "100ms", "--only", "to-server"],
    );
    let mut c = connect(paddr);
    let s = accept(&l);
    let reads = record(&s);
    let oi = Msg::Oi(Head::new(1, 0, 0, 7)).to_bytes();
    let m = msg_frame(1, "Ob-la-di");
    c.write_all(&oi).unwrap();
    c.write_all(&m).unwrap();
    let (sizes, all) = read_sizes(&reads, oi.len() + m.len());
    assert_eq!(all, [oi.clone(), m.clone()].concat());
    let mut noted = split_note(&px, "OI seq=0");
    noted.extend(split_note(&px, "MSG seq=1"));
    assert_eq!(noted, [2, 12, 14, 2, 8]);
    assert_eq!(
        sizes, noted,
        "the server reads exactly the pieces the notes list"
    );
}

#[test]
fn split_n_writes_n_bytes_at_a_time_frame_after_frame() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy("msg", target, &["--split", "5", "--only", "to-server"]);
    let mut c = connect(paddr);
    let s = accept(&l);
    let reads = record(&s);
    let two = [msg_frame(1, "Ob-la-di"), msg_frame(2, "Ob-la-da")].concat();
    c.write_all(&two[..24]).unwrap();
    std::thread::sleep(Duration::from_millis(50)); // the client's own pause between writes
    c.write_all(&two[24..]).unwrap();
    let (sizes, all) = read_sizes(&reads, two.len());
    assert_eq!(all, two);
    let mut noted = split_note(&px, "MSG seq=1");
    noted.extend(split_note(&px, "MSG seq=2"));
    assert_eq!(noted, [5, 5, 5, 5, 4, 5, 5, 5, 5, 4]);
    assert_eq!(sizes, noted);
}

#[test]
fn only_to_client_leaves_what_the_client_writes_as_it_was_written() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy(
        "msg",
        target,
        &["--split", "1", "--gap", "10ms", "--only", "to-client"],
    );
    let mut c = connect(paddr);
    let mut s = accept(&l);
    let at_server = record(&s);
    let at_client = record(&c);
    let m = msg_frame(1, "Ob-la-di");
    c.write_all(&m[..20]).unwrap();
    let (first, _) = at_server
        .recv_timeout(Duration::from_secs(3))
        .expect("the first 20 bytes were held: --only to-client must leave this way untouched");
    assert_eq!(first.len(), 20);
    c.write_all(&m[20..]).unwrap();
    assert_eq!(next_read(&at_server, "the last 4 bytes").0.len(), 4);
    s.write_all(&ok(1)).unwrap();
    let (sizes, all) = read_sizes(&at_client, 14);
    assert_eq!(all, ok(1));
    assert_eq!(sizes, [1; 14]);
    px.expect_out_has("<- proxy: split OK seq=1 into 1+1+1");
    assert!(
        !px.stdout_lines().iter().any(|l| l.contains("-> proxy:")),
        "{:?}",
        px.stdout_lines()
    );
}

#[test]
fn delay_delays_and_rate_paces() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy("msg", target, &["--delay", "300ms"]);
    let mut c = connect(paddr);
    let s = accept(&l);
    let reads = record(&s);
    let sent = Instant::now();
    c.write_all(&ok(1)).unwrap();
    let (got, at) = next_read(&reads, "the delayed OK");
    let waited = at - sent;
    eprintln!("--delay 300ms: read {waited:?} after the write");
    assert_eq!(got, ok(1));
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    px.expect_out_has("proxy: delayed ");

    let (l, target) = fake_server();
    let (_px, paddr) = proxy("msg", target, &["--rate", "1000"]);
    let mut c = connect(paddr);
    let s = accept(&l);
    let reads = record(&s);
    let two = [msg_frame(1, &"x".repeat(84)), msg_frame(2, &"y".repeat(84))].concat();
    assert_eq!(two.len(), 200);
    let sent = Instant::now();
    c.write_all(&two).unwrap();
    let mut got = Vec::new();
    let mut last = sent;
    while got.len() < two.len() {
        let (b, at) = next_read(&reads, "the paced bytes");
        got.extend(b);
        last = at;
    }
    let took = last - sent;
    eprintln!("--rate 1000: 200 bytes took {took:?}");
    assert_eq!(got, two);
    assert!(took >= Duration::from_millis(150), "{took:?}");
}

#[test]
fn coalesce_delivers_two_frames_in_one_read() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy("msg", target, &["--coalesce", "2"]);
    let mut c = connect(paddr);
    let s = accept(&l);
    let reads = record(&s);
    c.write_all(&ok(1)).unwrap();
    std::thread::sleep(Duration::from_millis(20)); // the client's own pause between writes
    c.write_all(&ok(2)).unwrap();
    let (got, _) = next_read(&reads, "the two OKs");
    assert_eq!(got, [ok(1), ok(2)].concat(), "one read");
    px.expect_out_has("proxy: coalesced OK seq=1, OK seq=2 into one write of 28 bytes");
}

#[test]
fn undecodable_bytes_are_shown_in_hex_in_the_plain_trace() {
    let (l, target) = fake_server();
    let (px, paddr) = proxy("msg", target, &[]);
    let mut c = connect(paddr);
    let s = accept(&l);
    let reads = record(&s);
    let mut bad = vec![0x09u8, 0x00]; // type 2304: MSG written little-endian
    bad.extend((0..98u8).map(|b| b.wrapping_mul(7)));
    c.write_all(&bad).unwrap();
    let (_, all) = read_sizes(&reads, bad.len());
    assert_eq!(all, bad);
    px.expect_out_has("-> 100 bytes that are not a msg frame");
    px.expect_out_has("0000  09 00 00 07 0e 15 1c 23  2a 31 38 3f 46 4d 54 5b");
    px.expect_out_has("0030  ");
    px.expect_out_has("… (100 bytes in all)");
    assert!(
        !px.stdout_lines().iter().any(|l| l.contains("0040  ")),
        "at most 64 bytes shown: {:?}",
        px.stdout_lines()
    );
}
