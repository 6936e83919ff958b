//! End-to-end tests of `netlab echo` and `netlab app`: the real binary on loopback port 0,
//! driven by raw sockets written here (independent of the crate's own encoder) and by the
//! real clients. Every bad-input case is followed by proof that a normal client is served.

mod support;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use support::app::*;
use support::temp::TempDir;
use support::{Proc, run};

// ---------------------------------------------------------------------------------------------
// echo

#[test]
fn echo_concurrent_connections_each_get_exactly_their_bytes() {
    let (server, addr) = server("echo", &[]);
    let payload = |k: usize| -> Vec<u8> {
        // Different lengths and every byte value, so a mixed-up echo cannot pass.
        (0..(k * 3001 + 7))
            .map(|i| ((i * 31 + k * 7) % 256) as u8)
            .collect()
    };
    let mut conns: Vec<TcpStream> = (0..20).map(|_| connect(addr)).collect();
    // Everyone sends before anyone reads: the server must hold all 20 at once.
    for (k, c) in conns.iter_mut().enumerate() {
        let p = payload(k);
        let (a, b) = p.split_at(p.len() / 2);
        c.write_all(a).unwrap();
        c.write_all(b).unwrap();
    }
    for (k, c) in conns.iter_mut().enumerate() {
        let want = payload(k);
        let mut got = vec![0u8; want.len()];
        c.read_exact(&mut got).unwrap();
        assert!(got == want, "connection {k} got someone else's bytes");
    }
    drop(conns);
    for _ in 0..20 {
        server.expect_err("closing connection to 127.0.0.1:");
    }
}

#[test]
fn echo_client_multi_connection_run_of_the_tutorial() {
    let (server, addr) = server("echo", &[]);
    let (status, out, err) = run(
        &[
            "echo",
            "client",
            &addr.to_string(),
            "-c",
            "3",
            "Message 1 from client.",
            "Message 2 from client.",
        ],
        "",
    );
    assert!(status.success(), "exit {status}: {err}");
    let want: Vec<String> = (1..=3)
        .map(|k| {
            format!("received 'Message 1 from client.Message 2 from client.' from connection {k}")
        })
        .collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), want);
    server.expect_err("accepted connection from 127.0.0.1:");

    let (status, out, _) = run(&["echo", "client", &addr.to_string()], "");
    assert!(status.success());
    assert_eq!(out, "received 'Hello, world' from connection 1\n");
}

#[test]
fn echo_client_that_vanishes_does_not_disturb_the_others() {
    let (server, addr) = server("echo", &[]);
    let mut steady = connect(addr);
    steady.write_all(b"first half ").unwrap();
    let mut got = [0u8; 11];
    steady.read_exact(&mut got).unwrap();

    // One client leaves with a reset while its echo is in flight, another closes mid-way.
    let rude = connect(addr);
    (&rude).write_all(&[7u8; 100_000]).unwrap();
    socket2::SockRef::from(&rude)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(rude);
    let polite = connect(addr);
    (&polite).write_all(b"bye").unwrap();
    polite.shutdown(Shutdown::Both).unwrap();
    drop(polite);

    steady.write_all(b"second half").unwrap();
    let mut got = [0u8; 11];
    steady.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"second half");
    let (status, out, _) = run(&["echo", "client", &addr.to_string(), "still here"], "");
    assert!(status.success());
    assert_eq!(out, "received 'still here' from connection 1\n");
    drop(steady);
    server.expect_err("closing connection to");
}

/// A fake "echo" server: accepts one connection, reads `n` bytes, replies with `reply`,
/// closes.
fn fake_server(n: usize, reply: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = vec![0u8; n];
        let _ = s.read_exact(&mut buf);
        let _ = s.write_all(reply);
    });
    addr
}

#[test]
fn echo_client_exits_1_on_a_wrong_or_short_echo_and_when_nobody_listens() {
    let addr = fake_server(5, b"HELLO");
    let (status, out, err) = run(&["echo", "client", &addr.to_string(), "hello"], "");
    assert_eq!(status.code(), Some(1), "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("netlab: error: connection 1: the echo differs from the 5 bytes sent"),
        "{err}"
    );

    let addr = fake_server(5, b"he");
    let (status, _, err) = run(&["echo", "client", &addr.to_string(), "hello"], "");
    assert_eq!(status.code(), Some(1));
    assert!(
        err.contains("the server closed after echoing 2 of 5 bytes"),
        "{err}"
    );

    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let (status, _, err) = run(&["echo", "client", &free.to_string()], "");
    assert_eq!(status.code(), Some(1));
    assert!(err.contains(&format!("cannot connect to {free}")), "{err}");
}

#[test]
fn echo_server_stops_gracefully_on_sigint_with_clients_connected() {
    let (mut server, addr) = server("echo", &[]);
    let idle = connect(addr);
    server.expect_err("accepted connection from");
    server.signal("INT");
    // An open connection must not keep the server from exiting, nor make it fail.
    let status = server.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "exit {status}");
    drop(idle);
}

// ---------------------------------------------------------------------------------------------
// app: answers

#[test]
fn app_search_hit_miss_emoji_invalid_action_and_binary() {
    let (server, addr) = server("app", &[]);

    let hit = exchange(addr, &search("ring"));
    assert_eq!(
        hit,
        json_response("{\"result\": \"In the caves beneath the Misty Mountains. \u{1f48d}\"}")
    );
    server.expect_err("received request {'action': 'search', 'value': 'ring'} from 127.0.0.1:");

    assert_eq!(
        exchange(addr, &search("x")),
        json_response(r#"{"result": "No match for \"x\"."}"#)
    );

    // Emoji key and value: content-length counts UTF-8 bytes (the dog is 4 bytes).
    let dog = search("\u{1f436}");
    assert_eq!(&dog[..2], &[0, 103], "header length");
    assert!(String::from_utf8_lossy(&dog).contains("\"content-length\": 37}"));
    let answer = exchange(addr, &dog);
    let content = "{\"result\": \"\u{1f43e} Playing ball! \u{1f3d0}\"}";
    assert_eq!(
        content.len(),
        37,
        "bytes, not characters ({})",
        content.chars().count()
    );
    assert_eq!(answer, json_response(content));
    assert!(String::from_utf8_lossy(&answer).contains("\"content-length\": 37}"));

    let invalid = frame("text/json", "utf-8", br#"{"action": "find", "value": "x"}"#);
    assert_eq!(
        exchange(addr, &invalid),
        json_response(r#"{"result": "Error: invalid action \"find\"."}"#)
    );

    let binary = frame(
        "binary/custom-client-binary-type",
        "binary",
        "binary\u{1f603} and more".as_bytes(),
    );
    let mut want = b"First 10 bytes of request: binary".to_vec();
    want.extend_from_slice("\u{1f603}".as_bytes());
    assert_eq!(
        exchange(addr, &binary),
        frame("binary/custom-server-binary-type", "binary", &want)
    );
    server.expect_err("received binary/custom-client-binary-type request from 127.0.0.1:");
}

#[test]
fn app_client_prints_like_the_tutorial() {
    let (_server, addr) = server("app", &[]);
    let a = addr.to_string();
    for (action, value, want) in [
        (
            "search",
            "morpheus",
            "got result: Follow the white rabbit. \u{1f430}",
        ),
        ("search", "needle", "got result: No match for \"needle\"."),
        (
            "search",
            "\u{1f436}",
            "got result: \u{1f43e} Playing ball! \u{1f3d0}",
        ),
        (
            "binary",
            "\u{1f603}",
            r"got response: b'First 10 bytes of request: binary\xf0\x9f\x98\x83'",
        ),
        (
            "it's",
            "",
            "got response: b\"First 10 bytes of request: it's\"",
        ),
    ] {
        let (status, out, err) = run(&["app", "client", &a, action, value], "");
        assert!(status.success(), "{action} {value}: {err}");
        assert_eq!(out, format!("{want}\n"));
    }
}

#[test]
fn app_large_binary_request_is_answered() {
    let (_server, addr) = server("app", &[]);
    let content: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let mut want = b"First 10 bytes of request: ".to_vec();
    want.extend_from_slice(&content[..10]);
    assert_eq!(
        exchange(addr, &frame("application/octet-stream", "binary", &content)),
        frame("binary/custom-server-binary-type", "binary", &want)
    );
}

// ---------------------------------------------------------------------------------------------
// app: bad frames, each followed by a normal request

/// Send `bytes` (then half-close), expect the server to close without a response and log
/// `reason`, then prove it still serves.
#[track_caller]
fn rejected(server: &Proc, addr: SocketAddr, bytes: &[u8], reason: &str) {
    let mut s = connect(addr);
    s.write_all(bytes).unwrap();
    let _ = s.shutdown(Shutdown::Write);
    let mut got = Vec::new();
    // A reset (the server closing with our bytes unread) is also a close.
    let _ = s.read_to_end(&mut got);
    assert!(
        got.is_empty(),
        "no response expected for {reason:?}, got {got:?}"
    );
    let line = server.expect_err(reason);
    assert!(line.contains("bad request from 127.0.0.1:"), "{line}");
    still_serves(addr);
}

#[test]
fn app_bad_headers_close_the_connection_with_a_reason() {
    let (server, addr) = server("app", &[]);
    let members = [
        ("byteorder", format!("\"byteorder\": \"{}\"", byteorder())),
        (
            "content-type",
            "\"content-type\": \"text/json\"".to_string(),
        ),
        (
            "content-encoding",
            "\"content-encoding\": \"utf-8\"".to_string(),
        ),
        ("content-length", "\"content-length\": 2".to_string()),
    ];
    for (missing, _) in &members {
        let json = members
            .iter()
            .filter(|(name, _)| name != missing)
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let bytes = header_frame(&format!("{{{json}}}"), b"{}");
        rejected(
            &server,
            addr,
            &bytes,
            &format!("missing required header \"{missing}\""),
        );
    }
    rejected(
        &server,
        addr,
        &header_frame("this is not json", b""),
        "the JSON header is not JSON",
    );
    rejected(
        &server,
        addr,
        &header_frame("[\"byteorder\"]", b""),
        "the JSON header is not a JSON object",
    );
    rejected(
        &server,
        addr,
        &header_frame(
            r#"{"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": "2"}"#,
            b"{}",
        ),
        "header \"content-length\" must be a non-negative integer",
    );
    rejected(
        &server,
        addr,
        &frame("text/json", "utf-8", b"{not json"),
        "the request content is not JSON",
    );
    rejected(
        &server,
        addr,
        &frame("text/json", "latin-1", b"{}"),
        "content-encoding \"latin-1\" is not supported",
    );
}

/// A header announcing `length` bytes of binary content, and nothing more.
fn announcing(length: u64) -> Vec<u8> {
    let json = format!(
        r#"{{"byteorder": "{}", "content-type": "binary/x", "content-encoding": "binary", "content-length": {length}}}"#,
        byteorder()
    );
    header_frame(&json, b"")
}

/// Send only a header announcing `length` bytes: the server must refuse it on the header
/// alone, not wait for content that never comes.
#[track_caller]
fn refused_on_the_header(server: &Proc, addr: SocketAddr, length: u64, reason: &str) {
    let mut s = connect(addr);
    s.write_all(&announcing(length)).unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    assert!(got.is_empty());
    server.expect_err(reason);
    still_serves(addr);
}

#[test]
fn app_content_over_max_content_is_refused_before_reading_it() {
    // The default limit is 1 MiB.
    let (srv, addr) = server("app", &[]);
    refused_on_the_header(
        &srv,
        addr,
        1024 * 1024 + 1,
        "content-length 1048577 exceeds the limit of 1048576 bytes",
    );
    // --max-content goes up to the 16 MiB the frame allows, and no further.
    let (srv, addr) = server("app", &["--max-content", "16MiB"]);
    refused_on_the_header(
        &srv,
        addr,
        16 * 1024 * 1024 + 1,
        "content-length 16777217 exceeds the limit of 16777216 bytes",
    );
    let content = vec![7u8; 2 * 1024 * 1024];
    let mut want = b"First 10 bytes of request: ".to_vec();
    want.extend_from_slice(&content[..10]);
    assert_eq!(
        exchange(addr, &frame("application/octet-stream", "binary", &content)),
        frame("binary/custom-server-binary-type", "binary", &want)
    );
    let (srv, addr) = server("app", &["--max-content", "100"]);
    refused_on_the_header(
        &srv,
        addr,
        101,
        "content-length 101 exceeds the limit of 100 bytes",
    );
    for bad in ["17MiB", "lots", "-1"] {
        let (status, _, err) = run(&["app", "server", "-p", "0", "--max-content", bad], "");
        assert_eq!(status.code(), Some(2), "{bad}: {err}");
    }
}

#[test]
fn app_early_close_in_each_part_is_logged() {
    let (server, addr) = server("app", &[]);
    let whole = search("needle");
    rejected(
        &server,
        addr,
        &whole[..1],
        "closed early: got 1 of the 2 bytes of the 2-byte proto-header",
    );
    rejected(
        &server,
        addr,
        &whole[..20],
        "closed early: got 18 of the 103 bytes of the JSON header",
    );
    rejected(
        &server,
        addr,
        &whole[..whole.len() - 5],
        "closed early: got 34 of the 39 bytes of the content",
    );
}

#[test]
fn app_request_dribbled_one_byte_at_a_time_while_others_are_served() {
    let (server, addr) = server("app", &[]);
    let request = search("morpheus");
    let mut slow = connect(addr);
    let (head, tail) = request.split_at(request.len() / 2);
    for b in head {
        slow.write_all(&[*b]).unwrap();
        // Pacing, not synchronisation: it makes the bytes arrive in separate segments.
        thread::sleep(Duration::from_millis(2));
    }
    // Half-way through the slow request, another client is served at once.
    still_serves(addr);
    for b in tail {
        slow.write_all(&[*b]).unwrap();
        thread::sleep(Duration::from_millis(2));
    }
    let mut got = Vec::new();
    slow.read_to_end(&mut got).unwrap();
    assert_eq!(
        got,
        json_response("{\"result\": \"Follow the white rabbit. \u{1f430}\"}")
    );
    server.expect_err("received request {'action': 'search', 'value': 'morpheus'}");
}

#[test]
fn app_fifty_clients_at_once_and_idle_connections_cost_nothing_to_others() {
    let (_server, addr) = server("app", &[]);
    // Silent connections hold their own threads only.
    let idle: Vec<TcpStream> = (0..20).map(|_| connect(addr)).collect();
    let workers: Vec<_> = (0..50)
        .map(|i| {
            thread::spawn(move || {
                let value = format!("key{i}");
                let got = exchange(addr, &search(&value));
                assert_eq!(
                    got,
                    json_response(&format!(r#"{{"result": "No match for \"{value}\"."}}"#))
                );
            })
        })
        .collect();
    for w in workers {
        w.join().expect("a client failed");
    }
    drop(idle);
    still_serves(addr);
}

// ---------------------------------------------------------------------------------------------
// app: data file, client errors, shutdown

#[test]
fn app_data_file_in_the_kv_database_format() {
    let long = "v".repeat(401);
    let db = format!(
        "# comment line\nchave1      valor 1      # Faz parte do valor\n\nemptyvalue\nbig {long}\nmorpheus red pill\r\n"
    );
    let t = TempDir::new("app-data");
    let p = &t.write("db.txt", db);
    let server = Proc::start(&["app", "server", "-p", "0", "--data", p]);
    server.expect_err(&format!("{p}:4: key without a value, line skipped"));
    server.expect_err(&format!("{p}:5: value longer than 400 bytes, line skipped"));
    server.expect_err(&format!("loaded 2 entries from {p}"));
    let addr = server.listening();
    assert_eq!(
        exchange(addr, &search("chave1")),
        // The kv database rule: the blank that ends the key is eaten, the others kept.
        json_response(r#"{"result": "     valor 1      # Faz parte do valor"}"#)
    );
    assert_eq!(
        exchange(addr, &search("morpheus")),
        json_response(r#"{"result": "red pill"}"#),
        "the file replaces the built-in set; \\r\\n is removed"
    );
    assert_eq!(
        exchange(addr, &search("ring")),
        json_response(r#"{"result": "No match for \"ring\"."}"#)
    );

    let (status, _, err) = run(
        &["app", "server", "-p", "0", "--data", "/nonexistent/db"],
        "",
    );
    assert_eq!(status.code(), Some(1));
    assert!(
        err.contains("netlab: error: cannot read /nonexistent/db"),
        "{err}"
    );
}

#[test]
fn app_client_errors_exit_1() {
    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let (status, out, err) = run(&["app", "client", &free.to_string(), "search", "x"], "");
    assert_eq!(status.code(), Some(1));
    assert_eq!(out, "");
    assert!(
        err.contains(&format!("netlab: error: cannot connect to {free}")),
        "{err}"
    );

    // A server that says goodbye (FIN) without answering, then reads what it was sent.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let _ = s.shutdown(Shutdown::Write);
        let _ = s.read_to_end(&mut Vec::new());
    });
    let (status, _, err) = run(&["app", "client", &addr.to_string(), "search", "x"], "");
    assert_eq!(status.code(), Some(1));
    assert!(
        err.contains("the server closed the connection without answering"),
        "{err}"
    );

    let (status, _, _) = run(&["app", "client", "127.0.0.1:1"], "");
    assert_eq!(
        status.code(),
        Some(2),
        "missing arguments are a usage error"
    );
}

#[test]
fn app_server_stops_gracefully_on_sigint() {
    let (mut server, addr) = server("app", &[]);
    let mut half = connect(addr);
    half.write_all(&search("morpheus")[..5]).unwrap();
    server.expect_err("accepted connection from");
    server.signal("INT");
    assert!(server.wait_exit(Duration::from_secs(10)).success());
}

#[test]
fn demo_echo_and_app_run_the_whole_scenarios() {
    let out = support::demo("en", "echo");
    support::assert_has_lines(
        &out,
        &[
            "[echo client] received 'Hello, world' from connection 1",
            "[multiconn client] received 'Message 1 from client.Message 2 from client.' from connection 2",
        ],
    );
    let out = support::demo("en", "app");
    support::assert_has_lines(
        &out,
        &[
            "[app client] got result: Follow the white rabbit. \u{1f430}",
            "[app client] got result: No match for \"needle\".",
            "[app client] got result: \u{1f43e} Playing ball! \u{1f3d0}",
            r"[app client] got response: b'First 10 bytes of request: binary\xf0\x9f\x98\x83'",
        ],
    );
    let out = support::demo("pt", "echo");
    assert!(out.contains("# Várias conexões ao mesmo tempo"), "{out}");
}

// Interoperability with the tutorial's Python programs: tests/app_python.rs.
