//! echo and app against the socket tutorial's Python programs, written as the tutorial writes
//! them: `echo-client.py`/`echo-server.py` (one blocking connection), `multiconn-client.py`/
//! `multiconn-server.py` (non-blocking sockets under `selectors`), and clients and servers
//! framed like `libclient.py`/`libserver.py` (2-byte big-endian proto-header, the JSON header
//! from `json.dumps(..., ensure_ascii=False)`, then the content). Both directions each time:
//! their client against our server, our client against their server; exact lines and bytes.

mod python;
mod support;

use python::{FINISH, python3};
use support::temp::TempDir;
use support::{Proc, run};

/// The tutorial's echo-client.py (HOST and PORT from the command line), printing also the
/// local port it used so the test can find it in our server's log.
const ECHO_CLIENT: &str = r##"
import socket, sys
HOST, PORT = sys.argv[1], int(sys.argv[2])
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    print(f"local port {s.getsockname()[1]}")
    s.sendall(b"Hello, world")
    data = s.recv(1024)
print(f"Received {data!r}")
"##;

/// The tutorial's echo-server.py: one connection, echo until the client closes, exit. Port 0,
/// printed; and everything it echoed, printed at the end.
const ECHO_SERVER: &str = r##"
import socket
HOST, PORT = "127.0.0.1", 0
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    print(f"port {s.getsockname()[1]}")
    conn, addr = s.accept()
    echoed = b""
    with conn:
        print(f"Connected by {addr}")
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data)
            echoed += data
print(f"echoed {echoed!r}")
"##;

/// The tutorial's multiconn-client.py, as the report quotes its output.
const MULTICONN_CLIENT: &str = r##"
import selectors, socket, sys, types

sel = selectors.DefaultSelector()
messages = [b"Message 1 from client.", b"Message 2 from client."]

def start_connections(host, port, num_conns):
    server_addr = (host, port)
    for i in range(0, num_conns):
        connid = i + 1
        print(f"starting connection {connid} to {server_addr}")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex(server_addr)
        events = selectors.EVENT_READ | selectors.EVENT_WRITE
        data = types.SimpleNamespace(
            connid=connid,
            msg_total=sum(len(m) for m in messages),
            recv_total=0,
            messages=messages.copy(),
            outb=b"",
        )
        sel.register(sock, events, data=data)

def service_connection(key, mask):
    sock = key.fileobj
    data = key.data
    if mask & selectors.EVENT_READ:
        recv_data = sock.recv(1024)
        if recv_data:
            print(f"received {recv_data!r} from connection {data.connid}")
            data.recv_total += len(recv_data)
        if not recv_data or data.recv_total == data.msg_total:
            print(f"closing connection {data.connid}")
            sel.unregister(sock)
            sock.close()
    if mask & selectors.EVENT_WRITE:
        if not data.outb and data.messages:
            data.outb = data.messages.pop(0)
        if data.outb:
            print(f"sending {data.outb!r} to connection {data.connid}")
            sent = sock.send(data.outb)
            data.outb = data.outb[sent:]

host, port, num_conns = sys.argv[1:4]
start_connections(host, int(port), int(num_conns))
try:
    while True:
        events = sel.select(timeout=1)
        for key, mask in events:
            service_connection(key, mask)
        if not sel.get_map():
            break
finally:
    sel.close()
"##;

/// The tutorial's multiconn-server.py (port 0, printed), which runs until killed. (It polls
/// for writability while a connection is open, as the tutorial does: busy only briefly here.)
const MULTICONN_SERVER: &str = r##"
import selectors, socket, types

sel = selectors.DefaultSelector()

def accept_wrapper(sock):
    conn, addr = sock.accept()
    print(f"accepted connection from {addr}")
    conn.setblocking(False)
    data = types.SimpleNamespace(addr=addr, inb=b"", outb=b"")
    events = selectors.EVENT_READ | selectors.EVENT_WRITE
    sel.register(conn, events, data=data)

def service_connection(key, mask):
    sock = key.fileobj
    data = key.data
    if mask & selectors.EVENT_READ:
        recv_data = sock.recv(1024)
        if recv_data:
            data.outb += recv_data
        else:
            print(f"closing connection to {data.addr}")
            sel.unregister(sock)
            sock.close()
    if mask & selectors.EVENT_WRITE:
        if data.outb:
            print(f"echoing {data.outb!r} to {data.addr}")
            sent = sock.send(data.outb)
            data.outb = data.outb[sent:]

lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lsock.bind(("127.0.0.1", 0))
lsock.listen()
print(f"listening on {lsock.getsockname()}")
lsock.setblocking(False)
sel.register(lsock, selectors.EVENT_READ, data=None)
while True:
    for key, mask in sel.select(timeout=None):
        if key.data is None:
            accept_wrapper(key.fileobj)
        else:
            service_connection(key, mask)
"##;

/// A client framed like libclient.py (create_request as in app-client.py): sends the request,
/// reads the response by its proto-header, JSON header and content-length, then checks that
/// the server closed, that the response is byte-identical to what libserver.py builds for the
/// same content, and prints what the tutorial prints.
const APP_CLIENT: &str = r##"
import json, socket, struct, sys

def recvall(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(4096 if n - len(data) > 4096 else n - len(data))
        if not chunk:
            raise RuntimeError("Peer closed.")
        data += chunk
    return data

def json_encode(obj, encoding):
    return json.dumps(obj, ensure_ascii=False).encode(encoding)

def create_message(content_bytes, content_type, content_encoding):
    jsonheader = {
        "byteorder": sys.byteorder,
        "content-type": content_type,
        "content-encoding": content_encoding,
        "content-length": len(content_bytes),
    }
    jsonheader_bytes = json_encode(jsonheader, "utf-8")
    return struct.pack(">H", len(jsonheader_bytes)) + jsonheader_bytes + content_bytes

host, port, action, value = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if action == "search":
    request = create_message(json_encode(dict(action=action, value=value), "utf-8"), "text/json", "utf-8")
else:
    request = create_message(bytes(action + value, encoding="utf-8"), "binary/custom-client-binary-type", "binary")

sock = socket.create_connection((host, port))
sock.sendall(request)
hdrlen = struct.unpack(">H", recvall(sock, 2))[0]
raw_header = recvall(sock, hdrlen)
jsonheader = json.loads(raw_header.decode("utf-8"))
for reqhdr in ("byteorder", "content-length", "content-type", "content-encoding"):
    if reqhdr not in jsonheader:
        raise ValueError(f"Missing required header '{reqhdr}'.")
content = recvall(sock, jsonheader["content-length"])
closed = sock.recv(1) == b""
sock.close()
data = struct.pack(">H", hdrlen) + raw_header + content
print("server closed" if closed else "server did NOT close")
if jsonheader["content-type"] == "text/json":
    response = json.loads(content.decode(jsonheader["content-encoding"]))
    same = data == create_message(json_encode(response, "utf-8"), "text/json", "utf-8")
    print("identical" if same else f"DIFFERENT {data!r}")
    print(f"got result: {response.get('result')}")
else:
    same = data == create_message(content, "binary/custom-server-binary-type", "binary")
    print("identical" if same else f"DIFFERENT {data!r}")
    print(f"got response: {content!r}")
"##;

/// A server framed like libserver.py, answering from the tutorial's request_search table:
/// reads the request by its headers, checks that it is byte-identical to what libclient.py
/// builds for the same content, logs as the tutorial does, answers, closes. Serves
/// `sys.argv[1]` connections, then exits.
const APP_SERVER: &str = r##"
import json, socket, struct, sys

request_search = {
    "morpheus": "Follow the white rabbit. \U0001f430",
    "ring": "In the caves beneath the Misty Mountains. \U0001f48d",
    "\U0001f436": "\U0001f43e Playing ball! \U0001f3d0",
}

def recvall(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(4096 if n - len(data) > 4096 else n - len(data))
        if not chunk:
            raise RuntimeError("Peer closed.")
        data += chunk
    return data

def json_encode(obj, encoding):
    return json.dumps(obj, ensure_ascii=False).encode(encoding)

def create_message(content_bytes, content_type, content_encoding):
    jsonheader = {
        "byteorder": sys.byteorder,
        "content-type": content_type,
        "content-encoding": content_encoding,
        "content-length": len(content_bytes),
    }
    jsonheader_bytes = json_encode(jsonheader, "utf-8")
    return struct.pack(">H", len(jsonheader_bytes)) + jsonheader_bytes + content_bytes

lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lsock.bind(("127.0.0.1", 0))
lsock.listen()
print(f"listening on {lsock.getsockname()}")
for _ in range(int(sys.argv[1])):
    conn, addr = lsock.accept()
    print(f"accepted connection from {addr}")
    hdrlen = struct.unpack(">H", recvall(conn, 2))[0]
    raw_header = recvall(conn, hdrlen)
    jsonheader = json.loads(raw_header.decode("utf-8"))
    request = recvall(conn, jsonheader["content-length"])
    data = struct.pack(">H", hdrlen) + raw_header + request
    if jsonheader["content-type"] == "text/json":
        request = json.loads(request.decode(jsonheader["content-encoding"]))
        same = data == create_message(json_encode(request, "utf-8"), "text/json", "utf-8")
        print("request identical" if same else f"request DIFFERENT {data!r}")
        print(f"received request {request!r} from {addr}")
        action = request.get("action")
        if action == "search":
            query = request.get("value")
            answer = request_search.get(query) or f'No match for "{query}".'
            content = {"result": answer}
        else:
            content = {"result": f'Error: invalid action "{action}".'}
        response = create_message(json_encode(content, "utf-8"), "text/json", "utf-8")
    else:
        same = data == create_message(request, jsonheader["content-type"], "binary")
        print("request identical" if same else f"request DIFFERENT {data!r}")
        print(f"received {jsonheader['content-type']} request from {addr}")
        response = create_message(b"First 10 bytes of request: " + request[:10], "binary/custom-server-binary-type", "binary")
    conn.sendall(response)
    print(f"closing connection to {addr}")
    conn.close()
"##;

/// Start our server (`echo` or `app`) on 127.0.0.1 port 0; return it and its port.
fn our_server(proto: &str) -> (Proc, String) {
    let p = Proc::start(&[proto, "server", "-p", "0"]);
    let port = p.listening().port().to_string();
    (p, port)
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
    let s = TempDir::new("echo-their-clients");
    let (server, port) = our_server("echo");

    // echo-client.py: one connection, "Hello, world", one recv.
    let mut one = python::start(
        &s.write("echo-client.py", ECHO_CLIENT),
        &["127.0.0.1", &port],
    );
    let lines = one.finish(FINISH);
    let local = lines[0]
        .strip_prefix("local port ")
        .unwrap_or_else(|| one.fail("no port"));
    assert_eq!(lines[1..], ["Received b'Hello, world'"], "{lines:?}");
    server.expect_err(&format!("echo: accepted connection from 127.0.0.1:{local}"));
    server.expect_err(&format!("echo: closing connection to 127.0.0.1:{local}"));

    // multiconn-client.py with 2 connections: each gets back exactly its two messages, in
    // order, however the server's echoes are cut into recv()s.
    let mut multi = python::start(
        &s.write("multiconn-client.py", MULTICONN_CLIENT),
        &["127.0.0.1", &port, "2"],
    );
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
    let s = TempDir::new("echo-their-servers");

    // echo-server.py serves exactly one connection.
    let mut one = python::start(&s.write("echo-server.py", ECHO_SERVER), &[]);
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
    let multi = python::start(&s.write("multiconn-server.py", MULTICONN_SERVER), &[]);
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
    let accepted = multi
        .stdout_lines()
        .iter()
        .filter(|l| l.starts_with("accepted connection from ('127.0.0.1', "))
        .count();
    assert_eq!(accepted, 2, "{:?}", multi.stdout_lines());
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
    let s = TempDir::new("app-their-client");
    let script = s.write("app-client.py", APP_CLIENT);
    let (server, port) = our_server("app");
    for (action, value, want) in app_cases() {
        let mut c = python::start(&script, &["127.0.0.1", &port, action, value]);
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
    let s = TempDir::new("app-their-server");
    let cases = app_cases();
    let count = cases.len().to_string();
    let mut server = python::start(&s.write("app-server.py", APP_SERVER), &[&count]);
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
