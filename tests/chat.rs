//! End-to-end tests of `netlab chat`: the real binary over loopback, driven by raw protocol
//! clients (for exact bytes on the wire) and by other netlab peers (for the user's side).

mod support;

use std::net::{Shutdown, TcpListener};
use std::time::{Duration, Instant};

use support::chat::{Raw, loopback, peer, peer_cmd, server};
use support::{DEADLINE, Proc, run};

// ---------------------------------------------------------------------------------------------
// Helpers

/// A raw caller on our peer's conversation port: it introduces itself as `Raw`, and the peer
/// shows the conversation open.
#[track_caller]
fn raw_caller(peer: &Proc, port: u16) -> Raw {
    let mut raw = Raw::connect(loopback(port));
    raw.send("USER Raw\r\n");
    peer.expect_out("Connected to Raw");
    raw
}

/// The test plays the directory server of our peer `name` (`extra` arguments appended): the
/// peer registers with a listener of the test's, which reads its `USER NAME:PORT` and the
/// `LIST` that follows. Returns the peer and the test's side of that connection.
#[track_caller]
fn directory_for(name: &str, extra: &[&str]) -> (Proc, Raw) {
    let dir = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = dir.local_addr().unwrap().to_string();
    let args = [&peer_cmd("en", name, &addr)[..], extra].concat();
    let (peer, listening) = Proc::start_listening(&args);
    let (stream, _) = dir.accept().unwrap();
    let mut srv = Raw::from_stream(stream);
    srv.expect(&format!("USER {name}:{}", listening.port()));
    srv.expect("LIST");
    (peer, srv)
}

/// Carla (our peer, registered with the test's directory `srv`) asks `/chat NAME`; the test
/// answers the `ADDR NAME` with `answer(PORT)` for a listener of its own, which takes the call
/// and reads `USER Carla`. Returns the test's side of the call.
#[track_caller]
fn carla_calls(carla: &mut Proc, srv: &mut Raw, name: &str, answer: impl Fn(u16) -> String) -> Raw {
    let partner = TcpListener::bind("127.0.0.1:0").unwrap();
    carla.send(&format!("/chat {name}"));
    srv.expect(&format!("ADDR {name}"));
    srv.send(&answer(partner.local_addr().unwrap().port()));
    let (stream, _) = partner.accept().unwrap();
    let mut call = Raw::from_stream(stream);
    call.expect("USER Carla");
    carla.expect_out(&format!("Connected to {name}"));
    call
}

// ---------------------------------------------------------------------------------------------
// Line framing, against the live server

#[test]
fn framing_crlf_bare_lf_several_per_segment_and_split_lines() {
    let (_srv, addr) = server(&[]);
    // Bare LF and CRLF mixed, three lines in one write.
    let mut ana = Raw::connect(addr);
    ana.send("USER Ana:20000\nKEEP\r\nLIST\n");
    ana.expect("LIST ");
    // One line over several writes (nodelay: separate segments), then two in one.
    let mut bruno = Raw::connect(addr);
    for piece in ["US", "ER Bru", "no:21", "500\r", "\nLIST\r\nADDR Ana\r\n"] {
        bruno.send(piece);
        std::thread::sleep(Duration::from_millis(20)); // let each piece leave on its own
    }
    bruno.expect("LIST Ana");
    bruno.expect("ADDR 127.0.0.1:20000");
    assert_eq!(ana.list(), "LIST Bruno");
}

#[test]
fn framing_unterminated_line_is_taken_after_the_idle_delay() {
    let (_srv, addr) = server(&[]);
    let mut ana = Raw::register(addr, "Ana", 20000);
    let mut carla = Raw::connect(addr);
    let sent = Instant::now();
    carla.send("USER Carla:3000"); // no terminator, nothing more
    let deadline = sent + DEADLINE;
    loop {
        let list = ana.list();
        if list == "LIST Carla" {
            break;
        }
        assert_eq!(list, "LIST ", "while Carla's line is pending");
        assert!(Instant::now() < deadline, "Carla never registered");
    }
    let took = sent.elapsed();
    assert!(
        took >= Duration::from_millis(450),
        "the line was taken after {took:?}, before the idle delay"
    );
    // The connection works normally afterwards.
    carla.send("ADDR Ana\r\n");
    carla.expect("ADDR 127.0.0.1:20000");
}

#[test]
fn framing_unterminated_lines_at_a_peer_after_idle_and_at_end_of_stream() {
    let (_srv, addr) = server(&[]);
    let (ana, port) = peer("Ana", addr, &[]);
    let mut raw = Raw::connect(loopback(port));
    raw.send("USER Zed"); // unterminated: taken after the idle delay
    ana.expect_out("Connected to Zed");
    raw.send("first\r\nsecond\nthird without end");
    raw.w.shutdown(Shutdown::Write).unwrap(); // end of stream: the last line counts
    ana.expect_out("Zed: first");
    ana.expect_out("Zed: second");
    ana.expect_out("Zed: third without end");
    ana.expect_out("Zed left the conversation");
}

#[test]
fn framing_line_over_4096_bytes_is_refused_and_the_server_goes_on() {
    let (srv, addr) = server(&[]);
    let mut ana = Raw::register(addr, "Ana", 20000);
    // Exactly 4096 bytes is allowed (an unknown line from a registered user is ignored).
    ana.send(&format!("{}\r\n", "x".repeat(4096)));
    assert_eq!(ana.list(), "LIST ");
    // 4097 bytes, before registration and after it.
    let mut early = Raw::connect(addr);
    early.send(&format!("{}\r\n", "y".repeat(4097)));
    early.expect("ERR line too long");
    early.expect_eof();
    let mut bruno = Raw::register(addr, "Bruno", 21500);
    bruno.send(&"z".repeat(10_000)); // never terminated
    bruno.expect("ERR line too long");
    bruno.expect_eof();
    srv.expect_err("line longer than 4096 bytes");
    // Bruno is gone, Ana is still served.
    assert_eq!(ana.list(), "LIST ");
    let mut camila = Raw::register(addr, "Camila", 45000);
    assert_eq!(camila.list(), "LIST Ana");
}

// ---------------------------------------------------------------------------------------------
// The directory

#[test]
fn list_excludes_the_asker_and_keeps_its_trailing_space_when_alone() {
    let (_srv, addr) = server(&[]);
    let mut ana = Raw::register(addr, "Ana", 20000);
    assert_eq!(ana.list(), "LIST ");
    let mut bruno = Raw::register(addr, "Bruno", 21500);
    assert_eq!(bruno.list(), "LIST Ana");
    let mut camila = Raw::register(addr, "Camila", 45000);
    assert_eq!(camila.list(), "LIST Ana:Bruno");
    assert_eq!(bruno.list(), "LIST Ana:Camila");
    assert_eq!(ana.list(), "LIST Bruno:Camila");
}

#[test]
fn addr_answers_active_users_only() {
    let (_srv, addr) = server(&[]);
    let _ana = Raw::register(addr, "Ana", 20000);
    let mut bruno = Raw::register(addr, "Bruno", 21500);
    bruno.send("ADDR Ana\r\n");
    bruno.expect("ADDR 127.0.0.1:20000");
    // Unknown name: silence. The next line is the answer to the LIST sent after it.
    bruno.send("ADDR Nobody\r\nLIST\r\n");
    bruno.expect("LIST Ana");
}

#[test]
fn addr_with_name_form() {
    let (_srv, addr) = server(&["--addr-with-name"]);
    let _ana = Raw::register(addr, "Ana", 20000);
    let mut bruno = Raw::register(addr, "Bruno", 21500);
    bruno.send("ADDR Ana\r\n");
    bruno.expect("ADDR Ana:127.0.0.1:20000");
}

#[test]
fn bad_and_duplicate_names_and_commands_before_user_are_refused() {
    let (_srv, addr) = server(&[]);
    let mut ana = Raw::register(addr, "Ana", 20000);
    let long = format!("USER {}:1\r\n", "n".repeat(33));
    let cases = [
        ("USER Ana:3000\r\n", "ERR name taken"),
        // Blanks around a name are not part of it.
        ("USER  Ana :3000\r\n", "ERR name taken"),
        ("USER :3000\r\n", "ERR bad name: empty name"),
        ("USER a:b:3000\r\n", "ERR bad name: name contains ':'"),
        (
            "USER Bia\u{7}:3000\r\n",
            "ERR bad name: name contains a control character",
        ),
        (
            long.as_str(),
            "ERR bad name: name longer than 32 characters",
        ),
        ("USER Bia:port\r\n", "ERR bad port"),
        ("USER Bia:70000\r\n", "ERR bad port"),
        ("USER Bia\r\n", "ERR bad port"),
        ("LIST\r\n", "ERR command before USER"),
        ("ADDR Ana\r\n", "ERR command before USER"),
    ];
    for (line, err) in cases {
        let mut raw = Raw::connect(addr);
        raw.send(line);
        assert_eq!(raw.line(), err, "for {line:?}");
        raw.expect_eof();
        // The server still serves, and the refused name was never listed.
        assert_eq!(ana.list(), "LIST ", "after {line:?}");
    }
    // Blanks inside a name are allowed, as the original allows them: LIST shows it whole.
    let julia = Raw::register(addr, "ana julia", 20001);
    assert_eq!(ana.list(), "LIST ana julia");
    drop(julia);
    // A 32-character name with accents is fine.
    let name = "é".repeat(32);
    let _ok = Raw::register(addr, &name, 1);
    assert_eq!(ana.list(), format!("LIST {name}"));
}

#[test]
fn a_silent_user_expires_and_a_keeping_user_stays() {
    let (srv, addr) = server(&["--expire", "1s"]);
    let started = Instant::now();
    let mut silent = Raw::register(addr, "Silent", 1000);
    let mut keeper = Raw::register(addr, "Keeper", 2000);
    // Keep alive every 250 ms until the silent one is cut off.
    let cut = std::thread::spawn(move || {
        silent.expect_eof();
        started.elapsed()
    });
    while !cut.is_finished() {
        keeper.send("KEEP\r\n");
        std::thread::sleep(Duration::from_millis(250));
        assert!(
            started.elapsed() < DEADLINE,
            "the silent user was never cut off"
        );
    }
    let after = cut.join().unwrap();
    assert!(after >= Duration::from_secs(1), "cut after {after:?}");
    srv.expect_err("Silent expired");
    // Keeper goes on for well over twice the expiry delay and is still registered.
    while started.elapsed() < Duration::from_millis(2500) {
        keeper.send("KEEP\r\n");
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(keeper.list(), "LIST ");
    let mut other = Raw::register(addr, "Other", 3000);
    assert_eq!(other.list(), "LIST Keeper");
}

#[test]
fn a_closed_connection_is_removed_at_once() {
    let (srv, addr) = server(&[]); // default 15 s expiry
    let mut ana = Raw::register(addr, "Ana", 20000);
    let bruno = Raw::register(addr, "Bruno", 21500);
    assert_eq!(ana.list(), "LIST Bruno");
    let closed = Instant::now();
    drop(bruno);
    srv.expect_err("Bruno disconnected");
    assert_eq!(ana.list(), "LIST ");
    assert!(closed.elapsed() < Duration::from_secs(5));
    // The name is free again.
    let mut again = Raw::register(addr, "Bruno", 21501);
    assert_eq!(again.list(), "LIST Ana");
}

#[test]
fn a_peer_vanishing_mid_line_does_not_disturb_the_server() {
    let (_srv, addr) = server(&[]);
    let mut ana = Raw::register(addr, "Ana", 20000);
    let mut half = Raw::connect(addr);
    half.send("USER Hal"); // then gone without finishing
    drop(half);
    let mut junk = Raw::register(addr, "Junk", 1);
    junk.send("\u{0}\u{1}garbage\r\nHELLO\r\n\r\n");
    assert_eq!(junk.list(), "LIST Ana");
    assert_eq!(ana.list(), "LIST Junk");
}

#[test]
fn server_ctrl_c_closes_every_connection_and_exits_0() {
    let (mut srv, addr) = server(&[]);
    let mut ana = Raw::register(addr, "Ana", 20000);
    srv.signal("INT");
    ana.expect_eof();
    srv.expect_success();
}

// ---------------------------------------------------------------------------------------------
// Peers

#[test]
fn the_demo_scenario_between_three_peer_processes() {
    let (mut srv, addr) = server(&[]);
    let (mut ana, _) = peer("Ana", addr, &[]);
    let (mut bruno, _) = peer("Bruno", addr, &[]);
    bruno.send("/list");
    bruno.expect_out("Online (besides you): Ana");
    let (mut camila, _) = peer("Camila", addr, &[]);
    camila.send("/list");
    camila.expect_out("Online (besides you): Ana, Bruno");
    camila.send("/chat Bruno");
    camila.expect_out("Connected to Bruno");
    bruno.expect_out("Connected to Camila");
    camila.send("Oi Bruno!");
    camila.expect_out("(to Bruno) Oi Bruno!");
    bruno.expect_out("Camila: Oi Bruno!");
    bruno.send("Tudo bem, Camila?");
    bruno.expect_out("(to Camila) Tudo bem, Camila?");
    camila.expect_out("Bruno: Tudo bem, Camila?");
    bruno.send("Tchau");
    camila.expect_out("Bruno: Tchau");
    bruno.send("/bye");
    bruno.expect_out("Conversation with Camila closed");
    camila.expect_out("Bruno left the conversation");
    ana.send("Alguém aí?");
    ana.expect_out("No active P2P connection");
    for (p, name) in [
        (&mut ana, "Ana"),
        (&mut bruno, "Bruno"),
        (&mut camila, "Camila"),
    ] {
        p.send("/exit");
        p.expect_success();
        srv.expect_err(&format!("{name} disconnected"));
    }
    // Every stdout line, exactly.
    assert_eq!(
        ana.stdout_lines(),
        ["No active P2P connection"],
        "Ana's output"
    );
    assert_eq!(
        bruno.stdout_lines(),
        [
            "Online (besides you): Ana",
            "Connected to Camila",
            "Camila: Oi Bruno!",
            "(to Camila) Tudo bem, Camila?",
            "(to Camila) Tchau",
            "Conversation with Camila closed",
        ]
    );
    assert_eq!(
        camila.stdout_lines(),
        [
            "Online (besides you): Ana, Bruno",
            "Connected to Bruno",
            "(to Bruno) Oi Bruno!",
            "Bruno: Tudo bem, Camila?",
            "Bruno: Tchau",
            "Bruno left the conversation",
        ]
    );
    srv.signal("INT");
    srv.expect_success();
}

#[test]
fn the_demo_in_portuguese_runs_to_the_end() {
    let out = support::demo("pt", "chat");
    support::assert_has_lines(
        &out,
        &[
            "[Bruno] Ativos (além de você): Ana",
            "[Camila] Ativos (além de você): Ana, Bruno",
            "[Bruno] Conectado a Camila",
            "[Bruno] Camila: Oi Bruno!",
            "[Camila] Bruno: Tudo bem, Camila?",
            "[Camila] Bruno saiu da conversa",
            "[Ana] Nenhuma conexão P2P ativa",
        ],
    );
}

#[test]
fn two_conversations_at_once_text_goes_to_the_active_one() {
    let (_srv, addr) = server(&[]);
    let (mut ana, _) = peer("Ana", addr, &[]);
    let (mut bruno, _) = peer("Bruno", addr, &[]);
    let (mut camila, _) = peer("Camila", addr, &[]);
    ana.send("/chat Bruno");
    ana.expect_out("Connected to Bruno");
    bruno.expect_out("Connected to Ana");
    ana.send("/chat Camila");
    ana.expect_out("Connected to Camila");
    camila.expect_out("Connected to Ana");
    // The most recently opened conversation is the active one.
    ana.send("to camila");
    camila.expect_out("Ana: to camila");
    ana.send("/to Bruno");
    ana.expect_out("Now talking to Bruno");
    ana.send("to bruno");
    // Bruno's first line from Ana is the second one: the first went to Camila only.
    assert_eq!(bruno.next_out(), "Ana: to bruno");
    // Incoming lines are shown whichever conversation is active.
    camila.send("from camila");
    ana.expect_out("Camila: from camila");
    bruno.send("from bruno");
    ana.expect_out("Bruno: from bruno");
    // /bye NAME closes that one; the active falls back to the most recent remaining.
    ana.send("/bye Bruno");
    ana.expect_out("Conversation with Bruno closed");
    bruno.expect_out("Ana left the conversation");
    ana.send("still here?");
    camila.expect_out("Ana: still here?");
    // A line that would read as a protocol line is not sent.
    ana.send("DISC");
    ana.expect_out("Not sent: the other side would read that line as a protocol command");
    ana.send("USER Mallory");
    ana.expect_out("Not sent: the other side would read that line as a protocol command");
    ana.send("after");
    assert_eq!(camila.next_out(), "Ana: after");
    ana.send("/exit");
    ana.expect_success();
    camila.expect_out("Ana left the conversation");
}

#[test]
fn chat_with_an_unknown_name_reports_it_is_not_online() {
    let (_srv, addr) = server(&[]);
    let (mut ana, _) = peer("Ana", addr, &[]);
    let asked = Instant::now();
    ana.send("/chat Nobody");
    ana.expect_out("Nobody is not online");
    let took = asked.elapsed();
    assert!(
        took >= Duration::from_millis(2900) && took < Duration::from_secs(5),
        "reported after {took:?}"
    );
    ana.send("hello?");
    ana.expect_out("No active P2P connection");
}

#[test]
fn piped_commands_wait_for_what_the_last_one_asked() {
    // `/chat Ana` then a line at once, from a pipe: the line goes to Ana, not to "no active
    // conversation", and the /list answer comes before what the next line prints.
    let (_srv, addr) = server(&[]);
    let (ana, _) = peer("Ana", addr, &[]);
    let server = addr.to_string();
    let (status, out, err) = run(
        &peer_cmd("en", "Bruno", &server),
        "/list\n/chat Ana\nOi Ana!\n/bye\n",
    );
    assert!(status.success(), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "Online (besides you): Ana",
            "Connected to Ana",
            "(to Ana) Oi Ana!",
            "Conversation with Ana closed",
        ],
        "{err}"
    );
    ana.expect_out("Bruno: Oi Ana!");
}

#[test]
fn a_partner_closing_without_disc_has_left() {
    let (_srv, addr) = server(&[]);
    let (mut ana, port) = peer("Ana", addr, &[]);
    // A raw caller that introduces itself, talks, and closes without DISC.
    let mut raw = Raw::connect(loopback(port));
    raw.send("USER Raw\r\nhi\r\n");
    ana.expect_out("Connected to Raw");
    ana.expect_out("Raw: hi");
    ana.send("hello raw");
    raw.expect("hello raw");
    drop(raw);
    ana.expect_out("Raw left the conversation");
    // A real peer killed outright (no DISC either).
    let (bruno, _) = peer("Bruno", addr, &[]);
    ana.send("/chat Bruno");
    ana.expect_out("Connected to Bruno");
    bruno.expect_out("Connected to Ana");
    drop(bruno); // SIGKILL
    ana.expect_out("Bruno left the conversation");
    ana.send("anyone?");
    ana.expect_out("No active P2P connection");
}

#[test]
fn sigint_to_a_peer_sends_disc_to_every_partner() {
    let (_srv, addr) = server(&[]);
    let (mut ana, port) = peer("Ana", addr, &[]);
    let (mut bruno, _) = peer("Bruno", addr, &[]);
    let mut raw = raw_caller(&ana, port);
    bruno.send("/chat Ana");
    bruno.expect_out("Connected to Ana");
    ana.expect_out("Connected to Bruno");
    ana.signal("INT");
    raw.expect("DISC");
    raw.expect_eof();
    bruno.expect_out("Ana left the conversation");
    ana.expect_success();
}

#[test]
fn the_server_going_away_ends_the_peer_with_status_1() {
    let (mut srv, addr) = server(&[]);
    let (mut ana, port) = peer("Ana", addr, &[]);
    let mut raw = raw_caller(&ana, port);
    srv.signal("INT");
    srv.expect_success();
    raw.expect("DISC");
    raw.expect_eof();
    let status = ana.wait_exit(DEADLINE);
    assert_eq!(status.code(), Some(1), "{status}");
    ana.expect_err("netlab: error: the server closed the connection");
}

#[test]
fn a_refused_registration_prints_the_reason_and_exits_1() {
    let (_srv, addr) = server(&[]);
    let (_ana, _) = peer("Ana", addr, &[]);
    let server = addr.to_string();
    let (status, _out, err) = run(&peer_cmd("en", "Ana", &server), "");
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains("netlab: error: the server refused the registration: name taken"),
        "{err}"
    );
    // A name refused locally never reaches the server: a bad command line, exit 2.
    let (status, _out, err) = run(&["--lang", "en", "chat", "peer", "A:B", "-s", &server], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("name contains ':'"), "{err}");
}

#[test]
fn peers_accept_the_lenient_server_forms() {
    // The test plays a sloppy directory server: `LIST ` with a trailing space, `LIST a: b`,
    // and the `ADDR name:ip:port` form.
    let (mut carla, mut srv) = directory_for("Carla", &[]);
    srv.send("LIST \r\n");
    carla.expect_err("registered as Carla,");
    carla.send("/list");
    srv.expect("LIST");
    srv.send("LIST Ana: Bruno\r\n");
    carla.expect_out("Online (besides you): Ana, Bruno");
    let mut bruno = carla_calls(&mut carla, &mut srv, "Bruno", |p| {
        format!("ADDR Bruno:127.0.0.1:{p}\r\n")
    });
    carla.send("oi");
    bruno.expect("oi");
    // The plain form too.
    let mut ana = carla_calls(&mut carla, &mut srv, "Ana", |p| {
        format!("ADDR 127.0.0.1:{p}\r\n")
    });
    // An ERR from the server ends the peer with its reason.
    srv.send("ERR going down\r\n");
    drop(srv);
    let status = carla.wait_exit(DEADLINE);
    assert_eq!(status.code(), Some(1));
    carla.expect_err("the server closed the connection: going down");
    bruno.expect("DISC");
    ana.expect("DISC");
}

#[test]
fn a_server_silent_when_nobody_else_is_online_does_not_swallow_an_answer() {
    // Some directory servers answer LIST only when someone else is online, so the LIST a
    // peer sends after USER may never be answered; the user's own /list must still print.
    let (mut sol, mut srv) = directory_for("Sol", &[]);
    // Nobody else: no answer. Then Ana joins and Sol asks.
    sol.send("/list");
    srv.expect("LIST");
    srv.send("LIST Ana\r\n");
    sol.expect_out("Online (besides you): Ana");
    sol.expect_err("registered as Sol,");
    // One answer per question from then on, none shown twice.
    sol.send("/list");
    srv.expect("LIST");
    srv.send("LIST Ana:Bruno\r\n");
    assert_eq!(sol.next_out(), "Online (besides you): Ana, Bruno");
    sol.close_stdin();
    drop(srv);
    let _ = sol.wait_exit(DEADLINE);
    let shown = sol.stdout_lines_starting("Online");
    assert_eq!(
        shown,
        [
            "Online (besides you): Ana",
            "Online (besides you): Ana, Bruno"
        ]
    );
}

#[test]
fn peers_send_keep_at_the_keepalive_interval() {
    let (_p, mut srv) = directory_for("Kim", &["--keepalive", "200ms"]);
    let start = Instant::now();
    for _ in 0..3 {
        srv.expect("KEEP");
    }
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(500) && took < Duration::from_secs(3),
        "three keepalives in {took:?}"
    );
}

#[test]
fn piped_input_gets_its_answers_before_the_peer_leaves() {
    let (_srv, addr) = server(&[]);
    let (_bruno, _) = peer("Bruno", addr, &[]);
    let server = addr.to_string();
    let (status, out, err) = run(
        &peer_cmd("pt", "Ana", &server),
        "/list\n/chat Bruno\n/help\n/nope\n/chat\n",
    );
    assert!(status.success(), "{status}\n{err}");
    // Local answers come at once, the server's and the partner's when they arrive.
    for line in [
        "Ativos (além de você): Bruno",
        "Conectado a Bruno",
        "Comandos:",
        "Comando desconhecido /nope (/help lista os comandos)",
        "Uso: /chat NOME",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn a_client_that_never_reads_is_dropped_and_others_are_still_served() {
    let (srv, addr) = server(&[]);
    // Fifty long names make each LIST answer about 1.6 KB.
    let _users: Vec<Raw> = (0..50)
        .map(|i| Raw::register(addr, &format!("{i:02}{}", "n".repeat(30)), 1000 + i))
        .collect();
    let mut hog = Raw::register(addr, "Hog", 1);
    // Ask for 16 MB of answers and read none of them.
    let asks = "LIST\r\n".repeat(10_000);
    hog.send(&asks);
    srv.expect_err("does not read its answers");
    let mut ana = Raw::register(addr, "Ana", 2);
    let list = ana.list();
    assert_eq!(list.split(':').count(), 50, "{list}");
    assert!(!list.contains("Hog"), "{list}");
}

#[test]
fn an_unreachable_server_and_bad_durations_are_clear_errors() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port(); // closed again at once
    let server = format!("127.0.0.1:{port}");
    let (status, _out, err) = run(&peer_cmd("en", "Ana", &server), "");
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "netlab: error: cannot connect to the server {server}:"
        )),
        "{err}"
    );
    // A period of no time is a bad command line: exit 2, nothing started.
    let (status, _out, err) = run(&["chat", "server", "-p", "0", "--expire", "0"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("\"0\" is no time at all"), "{err}");
    let (status, _out, err) = run(&["chat", "peer", "Ana", "--keepalive", "0s"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("\"0s\" is no time at all"), "{err}");
}

#[test]
fn a_partner_sending_a_line_over_4096_bytes_is_cut_off() {
    let (_srv, addr) = server(&[]);
    let (mut ana, port) = peer("Ana", addr, &[]);
    let mut raw = raw_caller(&ana, port);
    raw.send(&format!("{}\r\n", "w".repeat(5000)));
    ana.expect_err("Raw sent a line over 4096 bytes; conversation closed");
    ana.expect_out("Raw left the conversation");
    raw.expect_eof();
    // Ana carries on.
    ana.send("/list");
    ana.expect_out("Nobody else is online");
}

#[test]
fn ipv6_loopback_end_to_end() {
    let (_p, addr) =
        Proc::start_listening(&["--lang", "en", "chat", "server", "-p", "0", "-b", "::1"]);
    assert!(addr.is_ipv6(), "{addr}");
    let mut ana = Raw::register(addr, "Ana", 20000);
    let mut bruno = Raw::register(addr, "Bruno", 21500);
    bruno.send("ADDR Ana\r\n");
    bruno.expect("ADDR [::1]:20000");
    assert_eq!(ana.list(), "LIST Bruno");
    // Two peers over IPv6 find and reach each other.
    let server = addr.to_string();
    let start = |name: &str| {
        let q = Proc::start(&[
            "--lang", "en", "chat", "peer", name, "-s", &server, "-b", "::1",
        ]);
        q.expect_err(&format!("registered as {name},"));
        q
    };
    let mut carla = start("Carla");
    let dora = start("Dora");
    carla.send("/chat Dora");
    carla.expect_out("Connected to Dora");
    dora.expect_out("Connected to Carla");
}

// ---------------------------------------------------------------------------------------------
// The terminal is not the peer's

/// No raw ESC, BEL or CR in any of `lines`.
#[track_caller]
fn no_control_characters(p: &Proc, lines: &[String]) {
    if let Some(l) = lines.iter().find(|l| l.contains(['\x1b', '\x07', '\r'])) {
        p.fail(&format!("a control character reached the terminal: {l:?}"));
    }
}

#[test]
fn a_partners_name_and_lines_reach_stdout_with_control_characters_escaped() {
    let (_srv, addr) = server(&[]);
    let (ana, port) = peer("Ana", addr, &[]);
    let mut mal = Raw::connect(loopback(port));
    // The name sets the window title; the line clears the screen, rings and returns.
    mal.send("USER Mal\x1b]0;owned\x07\r\n");
    mal.send("clear\x1b[2J bell\x07 back\rover\r\n");
    ana.expect_out(r"Connected to Mal\x1b]0;owned\x07");
    ana.expect_out(r"Mal\x1b]0;owned\x07: clear\x1b[2J bell\x07 back\rover");
    drop(mal);
    ana.expect_out(r"Mal\x1b]0;owned\x07 left the conversation");
    no_control_characters(&ana, &ana.stdout_lines());
    no_control_characters(&ana, &ana.stderr_lines());
}

#[test]
fn names_with_control_characters_are_refused_and_ignored_lines_are_logged_escaped() {
    let (srv, addr) = server(&["-v"]);
    for (name, why) in [
        ("Mal\x1b]0;owned\x07", "a control character"),
        ("Bell\x07", "a control character"),
        ("Back\rspace", "a control character"),
    ] {
        let mut raw = Raw::connect(addr);
        raw.send(&format!("USER {name}:3000\r\n"));
        raw.expect(&format!("ERR bad name: name contains {why}"));
        raw.expect_eof();
    }
    let mut ana = Raw::register(addr, "Ana", 20000);
    ana.send("\x1b[2J\x07\r\n");
    srv.expect_err(r#"ignored "\x1b[2J\x07""#);
    assert_eq!(ana.list(), "LIST ");
    no_control_characters(&srv, &srv.stderr_lines());
}

#[test]
fn a_servers_refusal_reason_is_printed_escaped() {
    let (mut carla, mut srv) = directory_for("Carla", &[]);
    srv.send("ERR \x1b]0;owned\x07\r\n");
    drop(srv);
    assert_eq!(carla.wait_exit(DEADLINE).code(), Some(1));
    carla.expect_err(r"the server refused the registration: \x1b]0;owned\x07");
    no_control_characters(&carla, &carla.stderr_lines());
}

/// A name with a blank inside, as real peers register (`ana julia`): the server lists it whole,
/// `/chat ana julia` finds it (the rest of the line is the name), and the conversation works.
#[test]
fn a_name_with_a_blank_inside_registers_and_chats() {
    let (_srv, addr) = server(&[]);
    let (mut julia, _) = peer("ana julia", addr, &[]);
    let (mut bruno, _) = peer("Bruno", addr, &[]);
    bruno.send("/list");
    bruno.expect_out("Online (besides you): ana julia");
    bruno.send("/chat ana julia");
    bruno.expect_out("Connected to ana julia");
    julia.expect_out("Connected to Bruno");
    bruno.send("Oi!");
    julia.expect_out("Bruno: Oi!");
    julia.send("/bye Bruno");
    bruno.expect_out("ana julia left the conversation");
}

#[test]
fn names_with_invisible_or_direction_characters_are_refused() {
    let (_srv, addr) = server(&[]);
    let mut ana = Raw::register(addr, "Ana", 20000);
    // Each would pass for another name, or turn what follows around.
    for name in [
        "Ana\u{200b}",
        "An\u{200d}a",
        "\u{feff}Ana",
        "Bia\u{202e}",
        "\u{2066}Bia\u{2069}",
        "Bia\u{2028}",
    ] {
        let mut raw = Raw::connect(addr);
        raw.send(&format!("USER {name}:3000\r\n"));
        raw.expect("ERR bad name: name contains an invisible or direction character");
        raw.expect_eof();
    }
    assert_eq!(ana.list(), "LIST ");
}

#[test]
fn invisible_and_direction_characters_from_a_partner_reach_stdout_escaped() {
    let (_srv, addr) = server(&[]);
    let (ana, port) = peer("Ana", addr, &[]);
    let mut raw = raw_caller(&ana, port);
    raw.send("pay \u{202e}txt.exe\u{200b} \u{2066}x\u{2069}\u{feff}\r\n");
    ana.expect_out(r"Raw: pay \u{202e}txt.exe\u{200b} \u{2066}x\u{2069}\u{feff}");
    let raw_chars = ['\u{202e}', '\u{200b}', '\u{2066}', '\u{2069}', '\u{feff}'];
    if let Some(l) = ana.stdout_lines().iter().find(|l| l.contains(raw_chars)) {
        ana.fail(&format!(
            "an invisible character reached the terminal: {l:?}"
        ));
    }
}

#[test]
fn a_server_line_over_the_limit_is_said_as_what_it_is() {
    for lang in ["en", "pt"] {
        let dir = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = dir.local_addr().unwrap().to_string();
        let (mut carla, _) = Proc::start_listening(&peer_cmd(lang, "Carla", &addr));
        let (stream, _) = dir.accept().unwrap();
        let mut srv = Raw::from_stream(stream);
        srv.line(); // USER
        // One line past the 4 MiB a peer reads from its server, never terminated.
        let _ = std::io::Write::write_all(&mut srv.w, &vec![b'L'; (4 << 20) + 1024]);
        assert_eq!(carla.wait_exit(DEADLINE).code(), Some(1));
        let err = carla.stderr_lines().join("\n");
        let want = if lang == "en" {
            "the server sent a line longer than 4 MiB, more than any answer can be: connection cut"
        } else {
            "o servidor enviou uma linha com mais de 4 MiB"
        };
        assert!(err.contains(want), "{err}");
        assert!(!err.contains("closed the connection"), "{err}");
        assert!(!err.contains("encerrou a conexão"), "{err}");
    }
}
