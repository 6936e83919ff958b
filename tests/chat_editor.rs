//! `netlab chat peer` on a terminal (a pseudo-terminal made by `script`): the user's line is
//! edited, and a line arriving while the user types is printed above the prompt, never inside
//! the half-typed line; Ctrl-C (a key in the editor's raw mode) is the orderly goodbye, and the
//! terminal is handed back in the mode it had. On a pipe nothing changes (tests/chat.rs).

mod support;

use std::net::TcpListener;

use support::tty::{Tty, screen};

use support::chat::{Raw, peer, server};

/// Wait until the editor's prompt is the last row, empty.
#[track_caller]
fn prompt(tty: &Tty) {
    tty.until("the prompt", |s| {
        screen(s).last().is_some_and(|r| r == "> ")
    });
}

#[test]
fn screen_rows_follow_carriage_returns_and_erasures() {
    assert_eq!(
        screen("> half\r\x1b[KBruno: oi\r\n> half"),
        ["Bruno: oi", "> half"]
    );
    assert_eq!(screen("abc\rx\x1b[1mY\x1b[0m"), ["xYc"]);
    assert_eq!(screen("> \r\x1b[2Cab"), ["> ab"]);
}

#[test]
fn a_line_arriving_while_the_user_types_prints_above_the_prompt() {
    let (_srv, addr) = server(&[]);
    let (mut bruno, _) = peer("Bruno", addr, &[]);
    // `stty -g` before and after: the terminal must be handed back as it was.
    let script = format!(
        "stty -g; {} --lang en chat peer Ana -s {addr} -b 127.0.0.1; echo \"status $?\"; stty -g",
        support::bin()
    );
    let Some(mut ana) = Tty::start(&script) else {
        return;
    };
    ana.shows("registered as Ana");
    prompt(&ana);
    ana.keys("/chat Bruno\r");
    bruno.expect_out("Connected to Ana");
    ana.shows("Connected to Bruno");
    ana.keys("half typed lin");
    ana.shows("half typed lin");
    bruno.send("Oi Ana, tudo bem?");
    ana.shows("Bruno: Oi Ana, tudo bem?");
    ana.keys("e\r");
    // The typed line went out whole, though a line was printed while it was typed.
    bruno.expect_out("Ana: half typed line");
    ana.keys("/exit\r");
    bruno.expect_out("Ana left the conversation");
    assert_eq!(ana.exit_code(), Some(0));
    ana.shows("status 0");
    let rows = screen(&ana.seen());
    // The incoming line has a row of its own, and the user's line is shown whole.
    assert!(
        rows.iter().any(|r| r == "Bruno: Oi Ana, tudo bem?"),
        "{rows:#?}"
    );
    assert!(rows.iter().any(|r| r == "> half typed line"), "{rows:#?}");
    assert!(!rows.iter().any(|r| r.contains("linBruno")), "{rows:#?}");
    // The prompt left after /exit is wiped: the next row is the shell's.
    let at = rows.iter().position(|r| r == "> /exit").unwrap();
    let status = rows.iter().position(|r| r == "status 0").unwrap();
    assert!(
        rows[at + 1..status].iter().all(|r| !r.starts_with('>')),
        "{rows:#?}"
    );
    // The terminal's mode, before and after.
    let modes: Vec<&String> = rows
        .iter()
        .filter(|r| r.split(':').count() > 10 && !r.contains(' '))
        .collect();
    assert_eq!(modes.len(), 2, "{rows:#?}");
    assert_eq!(
        modes[0], modes[1],
        "the terminal was not handed back as it was"
    );
}

#[test]
fn ctrl_c_in_the_editor_says_goodbye_and_ctrl_d_ends_the_input() {
    let (_srv, addr) = server(&[]);
    let (bruno, _) = peer("Bruno", addr, &[]);
    let script = format!(
        "{} --lang en chat peer Ana -s {addr} -b 127.0.0.1",
        support::bin()
    );
    let Some(mut ana) = Tty::start(&script) else {
        return;
    };
    prompt(&ana);
    ana.keys("/chat Bruno\r");
    bruno.expect_out("Connected to Ana");
    // Ctrl-C with a half-typed line: the orderly goodbye (DISC to every partner), exit 0.
    ana.keys("never sent\x03");
    bruno.expect_out("Ana left the conversation");
    assert_eq!(ana.exit_code(), Some(0));
    assert!(
        !bruno
            .stdout_lines()
            .iter()
            .any(|l| l.contains("never sent"))
    );

    // Ctrl-D on an empty line: the end of input, as on a pipe; exit 0.
    let script = format!(
        "{} --lang en chat peer Caio -s {addr} -b 127.0.0.1",
        support::bin()
    );
    let mut caio = Tty::start(&script).unwrap();
    prompt(&caio);
    caio.keys("\x04");
    assert_eq!(caio.exit_code(), Some(0));
}

#[test]
fn a_second_ctrl_c_during_the_goodbye_exits_at_once() {
    let (_srv, addr) = server(&[]);
    // A partner that never closes: the goodbye waits for it, and a second Ctrl-C ends that.
    let partner = TcpListener::bind("127.0.0.1:0").unwrap();
    let _dora = Raw::register(addr, "Dora", partner.local_addr().unwrap().port());
    let script = format!(
        "{} --lang en chat peer Ana -s {addr} -b 127.0.0.1",
        support::bin()
    );
    let Some(mut ana) = Tty::start(&script) else {
        return;
    };
    prompt(&ana);
    ana.keys("/chat Dora\r");
    let (stream, _) = partner.accept().unwrap();
    let mut call = Raw::from_stream(stream);
    call.expect("USER Ana");
    ana.shows("Connected to Dora");
    ana.keys("\x03");
    // The DISC is sent once the editor gave the terminal back: Ctrl-C is a signal again.
    call.expect("DISC");
    ana.keys("\x03");
    assert_eq!(ana.exit_code(), Some(130));
}

#[test]
fn on_a_pipe_the_lines_are_plain_as_before() {
    let (_srv, addr) = server(&[]);
    let (bruno, _) = peer("Bruno", addr, &[]);
    let server = addr.to_string();
    let (status, out, err) = support::run(
        &support::chat::peer_cmd("en", "Ana", &server),
        "/chat Bruno\nhello Bruno\n/exit\n",
    );
    assert!(status.success(), "{status}\n{err}");
    bruno.expect_out("Ana: hello Bruno");
    // No prompt, no escape, no carriage return: exactly the lines, as without an editor.
    assert_eq!(out, "Connected to Bruno\n(to Bruno) hello Bruno\n", "{err}");
    assert!(
        !err.contains(['\x1b', '\r']) && !err.contains("> "),
        "{err:?}"
    );
}
