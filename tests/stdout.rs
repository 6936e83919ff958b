//! A role that reports what it received (a display's messages, a kv answer, a chat line, a
//! multicast line, an app or echo result) and whose stdout cannot take a line (`/dev/full`,
//! a pipe whose reader is gone) says why on stderr, stops (with its protocol's goodbye) and
//! exits 1: never silence, never exit 0. A msg display does not acknowledge a message it did
//! not show: its OK means "shown".

mod support;

use std::net::TcpListener;

use netlab::msg::wire::{Head, Msg};
use support::chat::{Raw as ChatRaw, loopback, peer_cmd, server as chat_server};
use support::mcast::{Port, Raw as McastRaw};
use support::msg::Raw as MsgRaw;
use support::{BadStdout, DEADLINE, Proc};

const WHY: &str = "error: cannot write to stdout";

/// Both ways a stdout refuses a line.
const BAD: [BadStdout; 2] = [BadStdout::Full, BadStdout::Closed];

#[track_caller]
fn exits_1_saying_why(p: &mut Proc) {
    let status = p.wait_exit(DEADLINE);
    p.expect_err(WHY);
    assert_eq!(status.code(), Some(1), "{:?}", p.stderr_lines());
}

#[test]
fn a_display_that_cannot_show_a_message_does_not_acknowledge_it_and_leaves() {
    for bad in BAD {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap().to_string();
        let mut p = Proc::start_bad_stdout(
            &["--lang", "en", "msg", "display", &addr, "--id", "1007"],
            bad,
        );
        let mut s = MsgRaw::from_stream(l.accept().unwrap().0);
        let Msg::Oi(h) = s.recv() else {
            panic!("{bad:?}: expected OI")
        };
        s.send(&Msg::Ok(h.answer(0, 1007)));
        p.expect_err("registered as display 1007");
        s.send(&Msg::Msg(Head::new(1, 1007, 1, 0), b"never shown".to_vec()));
        // The next frame is the display's goodbye, not an OK for the message it lost.
        match s.recv() {
            Msg::Flw(f) => {
                assert_eq!((f.orig, f.dest), (1007, 0), "{bad:?}");
                s.send(&Msg::Ok(f.answer(0, 1007)));
            }
            other => panic!("{bad:?}: expected FLW, got {other:?} (an OK for a lost message?)"),
        }
        exits_1_saying_why(&mut p);
        s.expect_closed();
    }
}

#[test]
fn a_display_behind_our_server_that_cannot_show_a_message_exits_1() {
    // Our own server and a raw emitter: the display that cannot print the MSG leaves with
    // exit status 1 (the wire, without a server between, is the test above).
    let (_srv, addr) = support::msg::server(&[]);
    let a = addr.to_string();
    let mut p = Proc::start_bad_stdout(
        &["--lang", "en", "msg", "display", &a, "--id", "1001"],
        BadStdout::Closed,
    );
    p.expect_err("registered as display 1001");
    let mut e = MsgRaw::register(addr, 1);
    e.msg(1001, b"lost");
    exits_1_saying_why(&mut p);
}

#[test]
fn a_chat_peer_that_cannot_show_a_line_leaves_and_exits_1() {
    for bad in BAD {
        let (_srv, addr) = chat_server(&[]);
        let server = addr.to_string();
        let mut p = Proc::start_bad_stdout(&peer_cmd("en", "Ana", &server), bad);
        let port = p.listening().port();
        let mut dir = ChatRaw::register(addr, "Bia", 21000);
        let mut raw = ChatRaw::connect(loopback(port));
        raw.send("USER Raw\r\n");
        raw.send("hello\r\n");
        exits_1_saying_why(&mut p);
        // Ana said goodbye to the server: she is no longer listed.
        let list = dir.list();
        assert!(!list.contains("Ana"), "{bad:?}: {list}");
    }
}

#[test]
fn a_kv_client_that_cannot_show_an_answer_exits_1() {
    let t = support::temp::TempDir::new("stdout-kv");
    let db = t.write("db", "k v\n");
    let node = support::kv::node(support::kv::host(90), &db, &[], &[]);
    for bad in BAD {
        let n = node.addr.to_string();
        let mut c = Proc::start_bad_stdout(
            &["--lang", "en", "kv", "client", "--timeout", "2s", "0", &n],
            bad,
        );
        c.listening();
        c.send("? k");
        exits_1_saying_why(&mut c);
    }
}

#[test]
fn an_mcast_receiver_that_cannot_show_a_line_exits_1() {
    for bad in BAD {
        let port = Port::reserve();
        let p = port.s();
        let mut r = Proc::start_bad_stdout(
            &["--lang", "en", "mcast", "recv", "-i", "127.0.0.1", "-p", &p],
            bad,
        );
        r.expect_err("Receiver waiting for messages...");
        McastRaw::new(&port).send(br#"{"user": "Ana", "data": "hi"}"#);
        exits_1_saying_why(&mut r);
    }
}

#[test]
fn app_and_echo_clients_that_cannot_show_the_result_exit_1() {
    let (_app, app) = support::app::server("app", &[]);
    let (_echo, echo) = support::app::server("echo", &[]);
    for bad in BAD {
        let a = app.to_string();
        let mut c =
            Proc::start_bad_stdout(&["--lang", "en", "app", "client", &a, "search", "x"], bad);
        exits_1_saying_why(&mut c);
        let e = echo.to_string();
        let mut c = Proc::start_bad_stdout(&["--lang", "en", "echo", "client", &e, "hi"], bad);
        exits_1_saying_why(&mut c);
    }
}

#[test]
fn the_reason_is_said_in_portuguese_too() {
    let (_echo, echo) = support::app::server("echo", &[]);
    let e = echo.to_string();
    let mut c = Proc::start_bad_stdout(
        &["--lang", "pt", "echo", "client", &e, "oi"],
        BadStdout::Full,
    );
    assert_eq!(c.wait_exit(DEADLINE).code(), Some(1));
    c.expect_err("erro: não foi possível escrever na saída padrão");
}

#[test]
fn a_check_report_that_cannot_be_written_is_an_error() {
    for bad in BAD {
        let mut c = Proc::start_bad_stdout(&["--lang", "en", "check", "msg", "--list"], bad);
        exits_1_saying_why(&mut c);
    }
}

/// Both streams a pipe whose reader is gone (`netlab check … 2>&1 | head -1`): nothing can be
/// said, and netlab still ends with its status (1), not a panic (101).
#[test]
fn with_stdout_and_stderr_both_gone_the_status_still_says_it() {
    use std::process::{Command, Stdio};
    for args in [
        &["--lang", "en", "check", "msg", "--list"][..],
        &["--lang", "pt", "check", "msg", "--list"][..],
        &["--lang", "pt", "msg", "server", "--no-such-flag"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_netlab"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        drop(child.stderr.take());
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > DEADLINE {
                let _ = child.kill();
                panic!("netlab {} did not exit", args.join(" "));
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        let expected = if args.contains(&"--no-such-flag") {
            2
        } else {
            1
        };
        assert_eq!(status.code(), Some(expected), "netlab {}", args.join(" "));
    }
}
