//! Exit statuses agree across the clients of every protocol: the server vanishing under a
//! client is a runtime error (1, with one line saying so); the user's own end (Ctrl-C,
//! `/quit`, the end of input) is 0.

mod support;

use support::chat::peer;
use support::chat::server as chat_server;
use support::msg::{client as msg_client, server as msg_server};
use support::{DEADLINE, Proc};

#[track_caller]
fn exits_1_saying(p: &mut Proc, why: &str) {
    let status = p.wait_exit(DEADLINE);
    let line = p.expect_err(why);
    assert!(line.contains("error:"), "not said as an error: {line}");
    assert_eq!(status.code(), Some(1), "{:?}", p.stderr_lines());
}

#[test]
fn msg_clients_whose_server_vanishes_exit_1() {
    let (srv, addr) = msg_server(&[]);
    let mut e = msg_client("emitter", addr, &["--id", "1"]);
    e.expect_err("registered as emitter 1");
    let mut d = msg_client("display", addr, &["--id", "1001"]);
    d.expect_err("registered as display 1001");
    srv.signal("KILL");
    exits_1_saying(
        &mut e,
        "the server closed the connection (it stopped, or dropped this emitter)",
    );
    exits_1_saying(&mut d, "the server went away (connection closed)");
}

#[test]
fn msg_clients_that_end_by_themselves_exit_0() {
    let (_srv, addr) = msg_server(&[]);
    for how in ["/quit", "end of input", "INT"] {
        let mut e = msg_client("emitter", addr, &["--id", "2"]);
        e.expect_err("registered as emitter 2");
        match how {
            "/quit" => e.send("/quit"),
            "end of input" => e.close_stdin(),
            signal => e.signal(signal),
        }
        e.expect_success();
    }
}

#[test]
fn a_chat_peer_whose_server_vanishes_exits_1_and_quit_is_0() {
    let (srv, addr) = chat_server(&[]);
    let (mut quits, _) = peer("Bia", addr, &[]);
    quits.send("/quit");
    quits.expect_success();
    let (mut ends, _) = peer("Caio", addr, &[]);
    ends.close_stdin();
    ends.expect_success();
    let (mut interrupted, _) = peer("Duda", addr, &[]);
    interrupted.signal("INT");
    interrupted.expect_success();
    let (mut ana, _) = peer("Ana", addr, &[]);
    srv.signal("KILL");
    exits_1_saying(&mut ana, "the server closed the connection");
}

#[test]
fn a_kv_client_whose_node_vanishes_exits_1_and_end_of_input_is_0() {
    let t = support::temp::TempDir::new("exit-kv");
    let db = t.write("db", "k v\n");
    let node = support::kv::node(support::kv::host(91), &db, &[], &[]);
    let (mut ends, _) = support::kv::client(node.addr, "1s", "en");
    ends.close_stdin();
    ends.expect_success();
    let (mut c, _) = support::kv::client(node.addr, "1s", "en");
    node.proc.signal("KILL");
    let status = c.wait_exit(DEADLINE);
    assert_eq!(status.code(), Some(1), "{:?}", c.stderr_lines());
    c.expect_err("error:");
}
