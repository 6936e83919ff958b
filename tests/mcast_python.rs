//! Interoperability of `netlab mcast` with the original's Python programs (section 2 of the
//! tutorial, turned into the chat of section 4 the way students do it: `json.dumps` of
//! `{"user": …, "data": …}`, one `sendto` per line, `recvfrom(1024)` and `json.loads`).
//! Both sides are pinned to 127.0.0.1 (`IP_MULTICAST_IF` and the membership on Python's side,
//! `--iface 127.0.0.1` on ours), so no datagram leaves the machine. The programs are
//! `tests/python/mcast_sender.py` and `tests/python/mcast_receiver.py`.

mod support;

use support::mcast::{Port, receiver, sender};
use support::python::{self, python3};
use support::{DEADLINE, Proc};

/// Lines with what a student's input() may carry: accents, emoji, quotes, backslashes, JSON
/// look-alikes, a tab and control characters; and how our receiver prints each (control
/// characters made visible, the tab kept: the terminal belongs to the user).
const LINES: [(&str, &str); 4] = [
    ("Olá, grupo multicast!", "Olá, grupo multicast!"),
    ("😀 \"aspas\" e \\barra\\", "😀 \"aspas\" e \\barra\\"),
    (
        "{\"user\": \"not me\", \"data\": \"x\"}",
        "{\"user\": \"not me\", \"data\": \"x\"}",
    ),
    ("tab\there \u{1} DEL\u{7f}", "tab\there \\x01 DEL\\x7f"),
];

#[test]
fn a_python_sender_reaches_our_receivers_sharing_the_port_with_theirs() {
    if !python3() {
        return;
    }
    let port = Port::reserve();
    let p = port.s();
    let receivers: Vec<Proc> = (0..2).map(|_| receiver(&port, &[])).collect();

    // A student's receiver shares the port with ours.
    let mut theirs = python::start("mcast_receiver.py", &[&p]);
    theirs.expect_next_out("Receptor aguardando mensagens...");

    let mut zoe = python::start("mcast_sender.py", &[&p, "Zoë"]);
    for (line, shown) in LINES {
        zoe.send(line);
        for r in &receivers {
            // The very next line: nothing lost, duplicated or reported as malformed.
            assert_eq!(r.next_out(), format!("Zoë: {shown}"));
        }
        theirs.expect_next_out(&format!("Zoë: {line}"));
        theirs.expect_next_out("same bytes as json.dumps");
    }
    zoe.send("sair");
    assert!(zoe.wait_exit(DEADLINE).success());
    theirs.expect_next_out("Zoë: sair");
    theirs.expect_next_out("same bytes as json.dumps");
    assert!(theirs.wait_exit(DEADLINE).success());
    for mut r in receivers {
        assert_eq!(r.next_out(), "Zoë ended the chat.");
        r.expect_success();
        assert!(
            !r.stderr_lines().iter().any(|l| l.contains("ignored")),
            "{:?}",
            r.stderr_lines()
        );
    }
}

#[test]
fn our_sender_reaches_python_receivers_byte_for_byte_and_ours_alongside() {
    if !python3() {
        return;
    }
    let port = Port::reserve();
    let p = port.s();
    let mut receivers: Vec<Proc> = (0..2)
        .map(|_| {
            let r = python::start("mcast_receiver.py", &[&p]);
            r.expect_next_out("Receptor aguardando mensagens...");
            r
        })
        .collect();

    // One of ours shares the port with theirs.
    let mut ours = receiver(&port, &[]);

    let mut ana = sender(&port, "Ana", &[]);
    for (line, shown) in LINES {
        ana.send(line);
        for r in &receivers {
            r.expect_next_out(&format!("Ana: {line}"));
            r.expect_next_out("same bytes as json.dumps");
        }
        assert_eq!(ours.next_out(), format!("Ana: {shown}"));
    }
    ana.send("sair");
    ana.expect_success();
    assert_eq!(ours.next_out(), "Ana ended the chat.");
    ours.expect_success();
    for r in &mut receivers {
        r.expect_next_out("Ana: sair");
        r.expect_next_out("same bytes as json.dumps");
        assert!(r.wait_exit(DEADLINE).success());
    }
}
