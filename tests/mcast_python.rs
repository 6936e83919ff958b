//! Interoperability of `netlab mcast` with the original's Python programs (section 2 of the
//! tutorial, turned into the chat of section 4 the way students do it: `json.dumps` of
//! `{"user": …, "data": …}`, one `sendto` per line, `recvfrom(1024)` and `json.loads`).
//! Both sides are pinned to 127.0.0.1 (`IP_MULTICAST_IF` and the membership on Python's side,
//! `--iface 127.0.0.1` on ours), so no datagram leaves the machine.

mod mcast_port;
mod python;
mod support;

use mcast_port::Port;
use python::python3;
use support::temp::TempDir;
use support::{DEADLINE, Proc};

/// The student's sender: `sender.py PORT USER`, one datagram per stdin line, `sair` ends it.
const SENDER: &str = r#"
import json, socket, struct, sys

MULTICAST_GROUP = '224.3.29.71'
MULTICAST_PORT = int(sys.argv[1])
user = sys.argv[2]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
ttl = struct.pack('b', 1)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
# Pinned to the loopback interface: the datagrams never leave the machine.
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('127.0.0.1'))

while True:
    try:
        data = input()
    except EOFError:
        break
    message = {"user": user, "data": data}
    sock.sendto(json.dumps(message).encode('utf-8'), (MULTICAST_GROUP, MULTICAST_PORT))
    if data == "sair":
        break
"#;

/// The student's receiver: `receiver.py PORT`. Prints `user: data` for each message, then
/// whether the bytes are exactly what its own `json.dumps` writes for that message; stops on
/// `sair`.
const RECEIVER: &str = r#"
import json, socket, struct, sys

MULTICAST_GROUP = '224.3.29.71'
MULTICAST_PORT = int(sys.argv[1])

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('', MULTICAST_PORT))
group = socket.inet_aton(MULTICAST_GROUP)
# The membership on the loopback interface only.
mreq = struct.pack('4s4s', group, socket.inet_aton('127.0.0.1'))
sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)

print("Receptor aguardando mensagens...", flush=True)
while True:
    data, addr = sock.recvfrom(1024)
    message = json.loads(data.decode('utf-8'))
    print(f"{message['user']}: {message['data']}", flush=True)
    same = data == json.dumps({"user": message["user"], "data": message["data"]}).encode('utf-8')
    print("same bytes as json.dumps" if same else f"DIFFERENT: {data!r}", flush=True)
    if message['data'] == "sair":
        break
"#;

/// Lines with what a student's input() may carry: accents, emoji, quotes, backslashes, JSON
/// look-alikes, a tab and a control character.
const LINES: [&str; 4] = [
    "Olá, grupo multicast!",
    "😀 \"aspas\" e \\barra\\",
    "{\"user\": \"not me\", \"data\": \"x\"}",
    "tab\there \u{1} DEL\u{7f}",
];

#[test]
fn a_python_sender_reaches_our_receivers_sharing_the_port_with_theirs() {
    if !python3() {
        return;
    }
    let scripts = TempDir::new("mcast-send");
    let sender_py = scripts.write("sender.py", SENDER);
    let port = Port::reserve();
    let p = port.n.to_string();
    let receivers: Vec<Proc> = (0..2)
        .map(|_| {
            let r = Proc::start(&[
                "--lang",
                "en",
                "mcast",
                "recv",
                "--iface",
                "127.0.0.1",
                "-p",
                &p,
            ]);
            r.expect_err("Receiver waiting for messages...");
            r
        })
        .collect();

    // A student's receiver shares the port with ours.
    let mut theirs = python::start(&scripts.write("receiver.py", RECEIVER), &[&p]);
    theirs.expect_next_out("Receptor aguardando mensagens...");

    let mut zoe = python::start(&sender_py, &[&p, "Zoë"]);
    for line in LINES {
        zoe.send(line);
        for r in &receivers {
            // The very next line: nothing lost, duplicated or reported as malformed.
            assert_eq!(r.next_out(), format!("Zoë: {line}"));
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
    let scripts = TempDir::new("mcast-recv");
    let receiver_py = scripts.write("receiver.py", RECEIVER);
    let port = Port::reserve();
    let p = port.n.to_string();
    let mut receivers: Vec<Proc> = (0..2)
        .map(|_| {
            let r = python::start(&receiver_py, &[&p]);
            r.expect_next_out("Receptor aguardando mensagens...");
            r
        })
        .collect();

    // One of ours shares the port with theirs.
    let mut ours = Proc::start(&[
        "--lang",
        "en",
        "mcast",
        "recv",
        "--iface",
        "127.0.0.1",
        "-p",
        &p,
    ]);
    ours.expect_err("Receiver waiting for messages...");

    let mut ana = Proc::start(&[
        "--lang",
        "en",
        "mcast",
        "send",
        "--user",
        "Ana",
        "--iface",
        "127.0.0.1",
        "-p",
        &p,
    ]);
    ana.expect_err("sending to 224.3.29.71:");
    for line in LINES {
        ana.send(line);
        for r in &receivers {
            r.expect_next_out(&format!("Ana: {line}"));
            r.expect_next_out("same bytes as json.dumps");
        }
        assert_eq!(ours.next_out(), format!("Ana: {line}"));
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
