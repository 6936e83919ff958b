//! echo and app against the socket tutorial's Python programs, written as the tutorial writes
//! them: `echo-client.py`/`echo-server.py` (one blocking connection), `multiconn-client.py`/
//! `multiconn-server.py` (non-blocking sockets under `selectors`), and clients and servers
//! framed like `libclient.py`/`libserver.py` (2-byte big-endian proto-header, the JSON header
//! from `json.dumps(..., ensure_ascii=False)`, then the content). Both directions each time:
//! their client against our server, our client against their server; exact lines and bytes.
//! The programs are `tests/python/{echo,multiconn,app}_{client,server}.py` (the framing the app
//! ones share in `app_framing.py`).

mod support;

use support::python::{self, FINISH, python3};
use support::{Proc, run};

/// Start our server (`echo` or `app`) on 127.0.0.1 port 0; return it and its port.
fn our_server(proto: &str) -> (Proc, String) {
    let (p, addr) = support::app::server(proto, &[]);
    (p, addr.port().to_string())
}

/// The port from a Python server's `listening on ('127.0.0.1', PORT)` or `port PORT` line.
fn py_port(line: &str) -> String {
    line.trim_end_matches(')')
        .rsplit([' ', ','])
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn tutorial_echo_clients_against_our_echo_server() {
    if !python3() {
        return;
    }
    let (server, port) = our_server("echo");

    // echo-client.py: one connection, "Hello, world", one recv.
    let mut one = python::start("echo_client.py", &["127.0.0.1", &port]);
    let lines = one.finish(FINISH);
    let local = lines[0]
        .strip_prefix("local port ")
        .unwrap_or_else(|| one.fail("no port"));
    assert_eq!(lines[1..], ["Received b'Hello, world'"], "{lines:?}");
    server.expect_err(&format!("echo: accepted connection from 127.0.0.1:{local}"));
    server.expect_err(&format!("echo: closing connection to 127.0.0.1:{local}"));

    // multiconn-client.py with 2 connections: each gets back exactly its two messages, in
    // order, however the server's echoes are cut into recv()s.
    let mut multi = python::start("multiconn_client.py", &["127.0.0.1", &port, "2"]);
    let lines = multi.finish(FINISH);
    for k in 1..=2 {
        let sent: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_suffix(&format!(" to connection {k}")))
            .collect();
        assert_eq!(
            sent,
            [
                "sending b'Message 1 from client.'",
                "sending b'Message 2 from client.'"
            ],
            "{lines:?}"
        );
        let received: String = lines
            .iter()
            .filter_map(|l| {
                l.strip_prefix("received b'")?
                    .strip_suffix(&format!("' from connection {k}"))
            })
            .collect();
        assert_eq!(
            received, "Message 1 from client.Message 2 from client.",
            "{lines:?}"
        );
        let closing = format!("closing connection {k}");
        assert_eq!(
            lines.iter().filter(|l| **l == closing).count(),
            1,
            "{lines:?}"
        );
    }
    // Our server saw both go, and still serves.
    for _ in 0..2 {
        server.expect_err("echo: closing connection to 127.0.0.1:");
    }
    let (status, out, err) = run(&["echo", "client", &format!("127.0.0.1:{port}")], "");
    assert!(status.success(), "{err}");
    assert_eq!(out, "received 'Hello, world' from connection 1\n");
}

#[test]
fn our_echo_client_against_tutorial_echo_servers() {
    if !python3() {
        return;
    }

    // echo-server.py serves exactly one connection.
    let mut one = python::start("echo_server.py", &[]);
    let port = py_port(&one.expect_out_prefix("port "));
    let (status, out, err) = run(&["echo", "client", &format!("127.0.0.1:{port}")], "");
    assert!(status.success(), "{err}");
    assert_eq!(out, "received 'Hello, world' from connection 1\n");
    let lines = one.finish(FINISH);
    assert!(
        lines[1].starts_with("Connected by ('127.0.0.1', "),
        "{lines:?}"
    );
    assert_eq!(lines[2..], ["echoed b'Hello, world'"], "{lines:?}");

    // multiconn-server.py with the report's multi-connection run.
    let multi = python::start("multiconn_server.py", &[]);
    let port = py_port(&multi.expect_out_prefix("listening on "));
    let (status, out, err) = run(
        &[
            "echo",
            "client",
            &format!("127.0.0.1:{port}"),
            "-c",
            "2",
            "Message 1 from client.",
            "Message 2 from client.",
        ],
        "",
    );
    assert!(status.success(), "{err}");
    assert_eq!(
        out,
        "received 'Message 1 from client.Message 2 from client.' from connection 1\n\
         received 'Message 1 from client.Message 2 from client.' from connection 2\n"
    );
    // Their server saw two connections open and close (we closed each after its echo).
    for _ in 0..2 {
        multi.expect_out_prefix("closing connection to ('127.0.0.1', ");
    }
    let accepted = multi.stdout_lines_starting("accepted connection from ('127.0.0.1', ");
    assert_eq!(accepted.len(), 2, "{:?}", multi.stdout_lines());
}

/// (action, value, the last line app-client.py prints) for every kind of request.
fn app_cases() -> [(&'static str, &'static str, &'static str); 6] {
    [
        (
            "search",
            "morpheus",
            "got result: Follow the white rabbit. \u{1f430}",
        ),
        ("search", "needle", "got result: No match for \"needle\"."),
        (
            "search",
            "nee\"dle\\",
            "got result: No match for \"nee\"dle\\\".",
        ),
        (
            "search",
            "\u{1f436}",
            "got result: \u{1f43e} Playing ball! \u{1f3d0}",
        ),
        (
            "nope",
            "x",
            r"got response: b'First 10 bytes of request: nopex'",
        ),
        (
            "binary",
            "\u{1f603}",
            r"got response: b'First 10 bytes of request: binary\xf0\x9f\x98\x83'",
        ),
    ]
}

#[test]
fn libclient_framed_client_against_our_app_server() {
    if !python3() {
        return;
    }
    let (server, port) = our_server("app");
    for (action, value, want) in app_cases() {
        let mut c = python::start("app_client.py", &["127.0.0.1", &port, action, value]);
        assert_eq!(
            c.finish(FINISH),
            ["server closed", "identical", want],
            "{action} {value}"
        );
    }
    server.expect_err(
        "app: received request {'action': 'search', 'value': 'morpheus'} from 127.0.0.1:",
    );
}

#[test]
fn our_app_client_against_libserver_framed_server() {
    if !python3() {
        return;
    }
    let cases = app_cases();
    let count = cases.len().to_string();
    let mut server = python::start("app_server.py", &[&count]);
    let at = format!(
        "127.0.0.1:{}",
        py_port(&server.expect_out_prefix("listening on "))
    );
    for (action, value, want) in cases {
        let (status, out, err) = run(&["app", "client", &at, action, value], "");
        assert!(status.success(), "{action} {value}: {err}");
        assert_eq!(out, format!("{want}\n"), "{action} {value}");
        server.expect_out("request identical");
    }
    let lines = server.finish(FINISH);
    assert!(
        lines.iter().any(|l| l.starts_with(
            "received request {'action': 'search', 'value': 'needle'} from ('127.0.0.1', "
        )),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("DIFFERENT")), "{lines:?}");
}
