//! Interoperability of `netlab chat` with Python programs written the way the assignment tells
//! students to write them (one `send` per message, `\r\n` after each, a `recv` loop that splits
//! on `\r\n`, `select` over keyboard and sockets): their peer against our directory server,
//! our peers against their directory server, and their peer chatting with ours directly in
//! both directions, with and without `\r\n`. Every line they receive is printed with `repr()`,
//! so the assertions are on exact bytes. The programs are `tests/python/chat_peer.py` and
//! `tests/python/chat_server.py`.

mod support;

use support::chat::{loopback, peer, server};
use support::python::{self, python3};
use support::{DEADLINE, On, Proc};

// ---------------------------------------------------------------------------------------------
// Helpers

/// The `port N` line a Python program prints first.
#[track_caller]
fn port_of(py: &Proc) -> u16 {
    let line = py.next_out();
    line.strip_prefix("port ")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| py.fail(&format!("expected `port N`, got {line:?}")))
}

/// Type `line` into a Python peer and wait until it has read it.
#[track_caller]
fn type_in(py: &mut Proc, line: &str) {
    py.send(line);
    py.expect_next_out(&format!("> {line}"));
}

/// The next line of the Python server that is not a keepalive (`NAME: 'KEEP'`).
#[track_caller]
fn next_skipping_keep(dir: &Proc) -> String {
    dir.wait_for(On::Out, "a line other than a keepalive", DEADLINE, |l| {
        !l.ends_with(": 'KEEP'")
    })
}

/// The next line of the Python server that is not a keepalive must be `want`.
#[track_caller]
fn expect_skipping_keep(dir: &Proc, want: &str) {
    let got = next_skipping_keep(dir);
    if got != want {
        dir.fail(&format!("expected {want:?}, got {got:?}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Their peer, our server

#[test]
fn python_peers_register_list_addr_and_keep_on_our_server() {
    if !python3() {
        return;
    }
    let (srv, addr) = server(&["--expire", "1s"]);
    let sp = addr.port().to_string();

    // Ana ends every line with \r\n and sends KEEP every 0.2 s.
    let mut ana = python::start("chat_peer.py", &["Ana", &sp, "crlf", "0.2"]);
    let ana_port = port_of(&ana);
    srv.expect_err(&format!("Ana registered (127.0.0.1:{ana_port})"));
    type_in(&mut ana, "/list");
    ana.expect_next_out("server: 'LIST '");

    // Bia never sends \r\n (each line is taken after the idle delay) and no KEEP.
    let mut bia = python::start("chat_peer.py", &["Bia", &sp, "bare", "0"]);
    let bia_port = port_of(&bia);
    srv.expect_err(&format!("Bia registered (127.0.0.1:{bia_port})"));
    type_in(&mut ana, "/list");
    ana.expect_next_out("server: 'LIST Bia'");
    // No answer at all for a name nobody uses: the next line Ana gets answers her LIST.
    type_in(&mut ana, "/addr Nobody");
    type_in(&mut ana, "/list");
    ana.expect_next_out("server: 'LIST Bia'");

    type_in(&mut bia, "/list");
    bia.expect_next_out("server: 'LIST Ana'");
    type_in(&mut bia, "/addr Ana");
    bia.expect_next_out(&format!("server: 'ADDR 127.0.0.1:{ana_port}'"));

    // Bia's last line came after Ana's: when Bia's silence has cut her off, Ana has been
    // silent longer than --expire too, but her KEEPs kept her registered.
    srv.expect_err("Bia expired: silent for 1 s");
    bia.expect_next_out("server closed");
    type_in(&mut ana, "/list");
    ana.expect_next_out("server: 'LIST '");
    assert!(
        !srv.stderr_lines().iter().any(|l| l.contains("Ana expired")),
        "{:?}",
        srv.stderr_lines()
    );

    // A second Ana is refused with the reason, then closed.
    let other = python::start("chat_peer.py", &["Ana", &sp, "crlf", "0"]);
    port_of(&other);
    other.expect_next_out("server: 'ERR name taken'");
    other.expect_next_out("server closed");

    type_in(&mut ana, "/exit");
    assert!(ana.wait_exit(DEADLINE).success());
    srv.expect_err("Ana disconnected");
}

// ---------------------------------------------------------------------------------------------
// Our peers, their server

#[test]
fn our_peers_work_with_a_python_directory_server() {
    if !python3() {
        return;
    }
    let dir = python::start("chat_server.py", &[]);
    let sp = port_of(&dir);

    let (mut ana, ana_port) = peer("Ana", loopback(sp), &["--keepalive", "300ms"]);
    expect_skipping_keep(&dir, &format!("127.0.0.1: 'USER Ana:{ana_port}'"));
    expect_skipping_keep(&dir, "Ana: 'LIST'");
    // `LIST ` with a trailing space: nobody else.
    ana.send("/list");
    expect_skipping_keep(&dir, "Ana: 'LIST'");
    ana.expect_out("Nobody else is online");

    let (mut bruno, bruno_port) = peer("Bruno", loopback(sp), &[]);
    expect_skipping_keep(&dir, &format!("127.0.0.1: 'USER Bruno:{bruno_port}'"));
    expect_skipping_keep(&dir, "Bruno: 'LIST'");
    bruno.send("/list");
    expect_skipping_keep(&dir, "Bruno: 'LIST'");
    bruno.expect_out("Online (besides you): Ana");

    bruno.send("/chat Ana");
    expect_skipping_keep(&dir, "Bruno: 'ADDR Ana'");
    bruno.expect_out("Connected to Ana");
    ana.expect_out("Connected to Bruno");
    bruno.send("Oi Ana!");
    bruno.expect_out("(to Ana) Oi Ana!");
    ana.expect_out("Bruno: Oi Ana!");
    ana.send("Tudo bem?");
    bruno.expect_out("Ana: Tudo bem?");
    bruno.send("/bye");
    bruno.expect_out("Conversation with Ana closed");
    ana.expect_out("Bruno left the conversation");

    // Our keepalive reaches their server as a bare KEEP line.
    wait_keep(&dir, "Ana");

    ana.send("/exit");
    ana.expect_success();
    bruno.close_stdin();
    bruno.expect_success();
    let mut closed = [dir_closed(&dir), dir_closed(&dir)];
    closed.sort();
    assert_eq!(closed, ["Ana: closed", "Bruno: closed"]);
}

/// The next line of the Python server that is not a keepalive, which must be a close.
#[track_caller]
fn dir_closed(dir: &Proc) -> String {
    let got = next_skipping_keep(dir);
    if !got.ends_with(": closed") {
        dir.fail(&format!("expected a close, got {got:?}"));
    }
    got
}

/// Wait for `NAME: 'KEEP'` on the Python server (nothing but keepalives may come before it).
#[track_caller]
fn wait_keep(dir: &Proc, name: &str) {
    let want = format!("{name}: 'KEEP'");
    let got = dir.wait_for(On::Out, &format!("the line {want:?}"), DEADLINE, |l| {
        l == want || !l.ends_with(": 'KEEP'")
    });
    if got != want {
        dir.fail(&format!("expected {want:?}, got {got:?}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Their peer and ours, directly

#[test]
fn a_python_peer_and_ours_chat_in_both_directions() {
    if !python3() {
        return;
    }
    let (srv, addr) = server(&[]);
    let sp = addr.port().to_string();
    let (mut bruno, bruno_port) = peer("Bruno", addr, &[]);
    let mut camila = python::start("chat_peer.py", &["Camila", &sp, "crlf", "0"]);
    let camila_port = port_of(&camila);
    srv.expect_err(&format!("Camila registered (127.0.0.1:{camila_port})"));

    // Camila calls Bruno: ADDR from our server, USER Camila to our peer.
    type_in(&mut camila, "/chat Bruno");
    camila.expect_next_out(&format!("server: 'ADDR 127.0.0.1:{bruno_port}'"));
    camila.expect_next_out("calling Bruno");
    bruno.expect_out("Connected to Camila");
    type_in(&mut camila, "Oi Bruno!");
    bruno.expect_out("Camila: Oi Bruno!");
    bruno.send("Tudo bem, Camila?");
    camila.expect_next_out("peer: 'Tudo bem, Camila?'");
    bruno.send("/bye");
    camila.expect_next_out("peer: 'DISC'");
    camila.expect_next_out("peer closed");

    // Bruno calls Camila: she reads exactly `USER Bruno`.
    bruno.send("/chat Camila");
    camila.expect_next_out("accepted");
    camila.expect_next_out("peer: 'USER Bruno'");
    bruno.expect_out("Connected to Camila");
    type_in(&mut camila, "Oi");
    bruno.expect_out("Camila: Oi");
    bruno.send("E aí? 😀");
    camila.expect_next_out("peer: 'E aí? 😀'");
    type_in(&mut camila, "/bye");
    bruno.expect_out("Camila left the conversation");

    // A sloppy peer: no \r\n on USER (to the server and to us), on text, on DISC.
    let mut dani = python::start("chat_peer.py", &["Dani", &sp, "bare", "0"]);
    let dani_port = port_of(&dani);
    srv.expect_err(&format!("Dani registered (127.0.0.1:{dani_port})"));
    type_in(&mut dani, "/chat Bruno");
    dani.expect_next_out(&format!("server: 'ADDR 127.0.0.1:{bruno_port}'"));
    dani.expect_next_out("calling Bruno");
    bruno.expect_out("Connected to Dani");
    type_in(&mut dani, "sem fim de linha");
    bruno.expect_out("Dani: sem fim de linha");
    // DISC and the close at once: the unterminated DISC is taken at end of stream.
    type_in(&mut dani, "/bye");
    bruno.expect_out("Dani left the conversation");
    let received = bruno.stdout_lines_starting("Dani: ");
    assert_eq!(
        received,
        ["Dani: sem fim de linha"],
        "no DISC shown as text"
    );

    // Our /exit says DISC to a Python partner before closing.
    type_in(&mut camila, "/chat Bruno");
    camila.expect_next_out(&format!("server: 'ADDR 127.0.0.1:{bruno_port}'"));
    camila.expect_next_out("calling Bruno");
    bruno.expect_out("Connected to Camila");
    bruno.send("/exit");
    camila.expect_next_out("peer: 'DISC'");
    camila.expect_next_out("peer closed");
    bruno.expect_success();
    srv.wait_for(On::Err, "Bruno disconnected", DEADLINE, |l| {
        l.contains("Bruno disconnected")
    });
}
