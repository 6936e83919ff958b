//! End-to-end tests of `netlab mcast send|recv` on the loopback interface: every socket, ours
//! and the test's, is pinned to 127.0.0.1, so no datagram leaves the machine. Each test uses a
//! port of its own (reserved for the test's lifetime), so tests running in parallel do not
//! hear each other.

mod support;

use std::net::{Ipv4Addr, SocketAddrV4};
use std::time::{Duration, Instant};

use socket2::SockAddr;
use support::mcast::{GROUP, LO, Port, Raw, raw_receiver, receiver, sender};
use support::{DEADLINE, Proc, run};

#[test]
fn two_receivers_two_senders_each_line_once_and_the_quit_word_stops_both() {
    let port = Port::reserve();
    let mut r1 = receiver(&port, &[]);
    let mut r2 = receiver(&port, &[]);
    let mut ana = sender(&port, "Ana", &[]);
    let mut bia = sender(&port, "Bia", &[]);

    let script = [
        ("Ana", "Olá, grupo multicast!"),
        ("Bia", "oi Ana 🦀"),
        ("Ana", "{\"user\": \"not me\"} \\ \"quoted\""),
    ];
    for (user, line) in script {
        let who = if user == "Ana" { &mut ana } else { &mut bia };
        who.send(line);
        let want = format!("{user}: {line}");
        // next_out, not expect_out: the very next line must be this one, so nothing was
        // duplicated or lost before it.
        assert_eq!(r1.next_out(), want);
        assert_eq!(r2.next_out(), want);
    }

    ana.send("sair");
    assert_eq!(r1.next_out(), "Ana ended the chat.");
    assert_eq!(r2.next_out(), "Ana ended the chat.");
    for r in [&mut r1, &mut r2] {
        r.expect_success();
        assert!(r.remaining_out().is_empty(), "nothing after the end");
        r.expect_err("left 224.3.29.71");
    }
    ana.expect_success();
    ana.expect_err("sent sair");
    // Senders print nothing on stdout and never hear each other (they never join).
    bia.send("anyone?");
    bia.close_stdin();
    bia.expect_success();
    assert!(ana.stdout_lines().is_empty() && bia.stdout_lines().is_empty());
}

#[test]
fn eof_and_ctrl_c_send_nothing_and_empty_lines_are_skipped() {
    let port = Port::reserve();
    let mut r = receiver(&port, &[]);

    let mut eof = sender(&port, "Eof", &[]);
    eof.close_stdin();
    eof.expect_success();

    let mut int = sender(&port, "Int", &[]);
    int.signal("INT");
    int.expect_success();

    let mut ana = sender(&port, "Ana", &[]);
    ana.send("");
    ana.send("after");
    // Had either sender sent the quit word, or the empty line gone out, it would come first.
    assert_eq!(r.next_out(), "Ana: after");

    // Ctrl-C on a receiver: leaves the group, exit 0.
    r.signal("INT");
    r.expect_success();
    r.expect_err("left 224.3.29.71");
    assert_eq!(r.stdout_lines(), ["Ana: after"]);
}

#[test]
fn receiver_survives_bad_datagrams_and_reads_big_ones_whole() {
    let port = Port::reserve();
    let r1 = receiver(&port, &[]);
    let r2 = receiver(&port, &["--show-sender"]);
    let raw = Raw::new(&port);
    let from = raw.addr();
    let bad: [(&[u8], &str); 9] = [
        (b"\xff\xfe{}", "not UTF-8 (invalid byte at offset 0)"),
        (
            b"{\"user\": \"a\xe9\"}",
            "not UTF-8 (invalid byte at offset 11)",
        ),
        (b"hello", "not JSON ("),
        (b"", "not JSON ("),
        (b"[\"user\", \"data\"]", "not a JSON object but an array"),
        (br#"{"data": "x"}"#, r#""user" is missing"#),
        (br#"{"user": "a"}"#, r#""data" is missing"#),
        (
            br#"{"user": 1, "data": "x"}"#,
            r#""user" is not a string but a number"#,
        ),
        (
            br#"{"user": "a", "data": null}"#,
            r#""data" is not a string but null"#,
        ),
    ];
    for (datagram, reason) in bad {
        // Each from a sender of its own: one sender's warnings beyond the first few in a
        // second are only counted.
        let bad_sender = Raw::new(&port);
        let from = bad_sender.addr();
        bad_sender.send(datagram);
        for r in [&r1, &r2] {
            let line = r.expect_err(reason);
            let head = format!(
                "ignored a datagram from {from} ({} bytes): ",
                datagram.len()
            );
            assert!(line.contains(&head), "{line:?} lacks {head:?}");
        }
    }
    // Still serving: a good datagram with extra fields, then a real sender.
    raw.send(br#"{"user": "Raw", "data": "ok", "seq": 1, "x": [null]}"#);
    assert_eq!(r1.next_out(), "Raw: ok");
    assert_eq!(r2.next_out(), format!("[{from}] Raw: ok"));

    // Far over our sender's limit, still one datagram: read whole, not cut at 1400 or 1024.
    let big = "x".repeat(60_000);
    raw.send(format!(r#"{{"user": "Big", "data": "{big}"}}"#).as_bytes());
    assert_eq!(r1.next_out(), format!("Big: {big}"));
    assert_eq!(r2.next_out(), format!("[{from}] Big: {big}"));

    let mut ana = sender(&port, "Ana", &[]);
    ana.send("still here");
    assert_eq!(r1.next_out(), "Ana: still here");
    let line = r2.next_out();
    assert!(line.ends_with("] Ana: still here"), "{line:?}");
    assert!(r1.stdout_lines().iter().all(|l| !l.contains("hello")));
}

#[test]
fn a_line_over_the_limit_is_refused_and_nothing_is_sent() {
    let port = Port::reserve();
    let r = receiver(&port, &[]);
    let mut ana = sender(&port, "Ana", &[]);
    // The datagram is the line plus this envelope.
    let envelope = r#"{"user": "Ana", "data": ""}"#.len();
    let fits = "y".repeat(1400 - envelope);
    let over = "z".repeat(1400 - envelope + 1);

    ana.send(&over);
    ana.expect_err("line not sent: as a datagram it would be 1401 bytes, over the 1400-byte limit");
    // Non-ASCII travels escaped (\u00e9: six bytes each), which is what counts.
    let accents = "é".repeat(240);
    ana.send(&accents);
    ana.expect_err(&format!(
        "line not sent: as a datagram it would be {} bytes",
        envelope + 6 * 240
    ));
    ana.send(&fits);
    // The refused lines never went out: the exact-limit line is the first thing printed.
    assert_eq!(r.next_out(), format!("Ana: {fits}"));
    ana.send("short");
    assert_eq!(r.next_out(), "Ana: short");
}

#[test]
fn datagrams_are_what_python_json_dumps_writes() {
    let port = Port::reserve();
    let listen = raw_receiver(&port, GROUP);
    let mut ana = sender(&port, "Zoë", &[]);
    ana.send("olá \"mundo\" 😀");
    let mut buf = [0u8; 2048];
    let (n, from) = listen.recv_from(&mut buf).unwrap();
    // Python 3: json.dumps({"user": "Zoë", "data": "olá \"mundo\" 😀"}).encode('utf-8')
    assert_eq!(
        std::str::from_utf8(&buf[..n]).unwrap(),
        r#"{"user": "Zo\u00eb", "data": "ol\u00e1 \"mundo\" \ud83d\ude00"}"#
    );
    assert_eq!(
        from.ip(),
        LO,
        "the sender is pinned to the loopback address"
    );
}

#[test]
fn custom_quit_word_and_portuguese() {
    let port = Port::reserve();
    let p = port.s();
    // Both pinned to the test's port on 127.0.0.1, both with the custom quit word.
    let common = ["-i", "127.0.0.1", "-p", &p, "--quit-word", "tchau"];
    let mut r = Proc::start(&[&["--lang", "pt", "mcast", "recv"][..], &common].concat());
    r.expect_err("Receptor aguardando mensagens...");
    let mut s =
        Proc::start(&[&["--lang", "pt", "mcast", "send", "-u", "Ana"][..], &common].concat());
    s.expect_err("digite tchau para encerrar o chat");
    s.send("sair");
    assert_eq!(r.next_out(), "Ana: sair");
    s.send("tchau");
    assert_eq!(r.next_out(), "Ana encerrou o chat.");
    r.expect_success();
    s.expect_success();
}

#[test]
fn bad_command_lines() {
    let (status, _, err) = run(&["mcast", "recv", "-g", "10.0.0.1", "-i", "127.0.0.1"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("not a multicast group"), "{err}");

    for (group, why) in [
        ("fe80::1", "not a multicast group"),
        ("lo", "is not an IP address"),
    ] {
        let (status, _, err) = run(&["mcast", "send", "-u", "a", "-g", group], "hi\n");
        assert_eq!(status.code(), Some(2), "{err}");
        assert!(err.contains(why), "{err}");
    }

    let (status, _, err) = run(&["mcast", "send", "-u", "a", "--ttl", "256"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("0 to 255") && !err.contains("..="), "{err}");

    let (status, _, err) = run(&["mcast", "send"], "");
    assert_eq!(status.code(), Some(2), "{err}");

    // An interface that does not exist: a usage error (exit 2), before any socket exists,
    // with the usage of the command typed.
    let (status, _, err) = run(&["mcast", "send", "-u", "a", "-i", "no-such-if0"], "hi\n");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(
            "error: --iface \"no-such-if0\": for an IPv4 group give the interface's IPv4 \
             address or its name"
        ),
        "{err}"
    );
    assert!(err.contains("Usage: netlab mcast send "), "{err}");
    let (status, _, err) = run(
        &["mcast", "recv", "-g", "ff02::1:3", "-i", "no-such-if0"],
        "",
    );
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("interface name or index"), "{err}");
}

#[test]
fn receiver_ignores_stdin_and_stops_quickly_on_ctrl_c() {
    let port = Port::reserve();
    let mut r = receiver(&port, &[]);
    r.send("typed into a receiver");
    r.close_stdin();
    let start = std::time::Instant::now();
    r.signal("TERM");
    r.expect_success();
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(r.stdout_lines().is_empty());
}

#[test]
fn a_receiver_hears_only_its_own_group_on_a_shared_port() {
    let port = Port::reserve();
    let r = receiver(&port, &[]);
    // Another socket on the host joins a second group on the same port (IP_MULTICAST_ALL
    // off is what keeps its datagrams away from our wildcard-bound receiver).
    let other = Ipv4Addr::new(224, 3, 29, 72);
    let member = raw_receiver(&port, other);
    let raw = Raw::new(&port);
    raw.sock
        .send_to(
            br#"{"user": "Other", "data": "wrong group"}"#,
            &SockAddr::from(SocketAddrV4::new(other, port.n)),
        )
        .unwrap();
    let mut got = [0u8; 256];
    // The other group's member got it, so it was on the wire before our next datagram.
    let n = member.recv(&mut got).unwrap();
    assert_eq!(&got[..n], br#"{"user": "Other", "data": "wrong group"}"#);
    raw.send(br#"{"user": "Raw", "data": "right group"}"#);
    assert_eq!(r.next_out(), "Raw: right group");
}

#[test]
fn the_demo_runs_in_both_languages() {
    for (lang, ended, receivers) in [
        (
            "en",
            "Ana ended the chat.",
            ["[receiver 1]", "[receiver 2]"],
        ),
        (
            "pt",
            "Ana encerrou o chat.",
            ["[receptor 1]", "[receptor 2]"],
        ),
    ] {
        let out = support::demo(lang, "mcast");
        for r in receivers {
            for line in [
                "Ana: Olá, grupo multicast!",
                "Bia: Oi, Ana! Recebi aqui.",
                ended,
            ] {
                let want = format!("{r} {line}");
                assert_eq!(
                    out.lines().filter(|l| *l == want).count(),
                    1,
                    "{want:?} once in\n{out}"
                );
            }
        }
        assert!(out.contains("127.0.0.1"), "{out}");
    }
}

#[test]
fn an_interface_name_works_for_an_ipv4_group() {
    let port = Port::reserve();
    let p = port.s();
    let common = ["-i", "lo", "-p", &p];
    let r = Proc::start(&[&["--lang", "en", "mcast", "recv"][..], &common].concat());
    r.expect_err("joined 224.3.29.71 port ");
    assert!(
        r.stderr_lines()[0].ends_with("on lo (127.0.0.1)"),
        "{:?}",
        r.stderr_lines()
    );
    r.expect_err("Receiver waiting for messages...");
    let mut s =
        Proc::start(&[&["--lang", "en", "mcast", "send", "-u", "Ana"][..], &common].concat());
    s.expect_err("via lo (127.0.0.1) as Ana");
    s.send("by name");
    assert_eq!(r.next_out(), "Ana: by name");
    // The datagram left from the loopback address: the name stood for it.
    let listen = raw_receiver(&port, GROUP);
    s.send("again");
    let mut buf = [0u8; 256];
    let (_, from) = listen.recv_from(&mut buf).unwrap();
    assert_eq!(from.ip(), LO);
}

#[test]
fn help_and_quit_are_local_and_the_quit_word_still_ends_the_chat() {
    let port = Port::reserve();
    let mut r = receiver(&port, &[]);
    let mut ana = sender(&port, "Ana", &[]);
    ana.send("/help");
    assert_eq!(ana.next_out(), "Commands:");
    ana.expect_out("  sair   end the chat for everyone: it is sent, and every receiver stops");
    ana.send("  /quit  ");
    ana.expect_success();
    assert!(ana.stderr_lines().iter().all(|l| !l.contains("sent sair")));
    // Neither command went out: the receiver's first line is Bia's, and it is still running.
    let mut bia = sender(&port, "Bia", &[]);
    bia.send("first");
    assert_eq!(r.next_out(), "Bia: first");
    bia.send("sair");
    assert_eq!(r.next_out(), "Bia ended the chat.");
    r.expect_success();
    bia.expect_success();
}

#[test]
fn verbose_adds_stderr_lines_only_and_show_sender_adds_the_column() {
    let port = Port::reserve();
    let plain = receiver(&port, &[]);
    let verbose = receiver(&port, &["-v"]);
    let column = receiver(&port, &["--show-sender"]);
    let raw = Raw::new(&port);
    let from = raw.addr();
    raw.send(br#"{"user": "Raw", "data": "hi"}"#);
    assert_eq!(plain.next_out(), "Raw: hi");
    assert_eq!(verbose.next_out(), "Raw: hi");
    assert_eq!(column.next_out(), format!("[{from}] Raw: hi"));
    verbose.expect_err(&format!("message from={from} bytes=29"));
}

#[test]
fn a_flood_of_bad_datagrams_is_summarised_and_good_ones_still_print() {
    let port = Port::reserve();
    let r = receiver(&port, &[]);
    let raw = Raw::new(&port);
    let from = raw.addr();
    for i in 0..100_000u32 {
        raw.send(format!("not json {i}").as_bytes());
    }
    // Good datagrams still print (one sent after another: the flood may have overflowed the
    // socket buffer, and UDP drops what does not fit).
    let deadline = Instant::now() + DEADLINE;
    let mut n = 0;
    loop {
        raw.send(format!(r#"{{"user": "Raw", "data": "good {n}"}}"#).as_bytes());
        // Retried at this pace until the deadline (polling, not synchronising on a sleep).
        std::thread::sleep(Duration::from_millis(100));
        if let Some(line) = r.stdout_lines().first() {
            assert!(line.starts_with("Raw: good "), "{line:?}");
            break;
        }
        n += 1;
        assert!(Instant::now() < deadline, "no good datagram printed");
    }
    r.expect_err(&format!("more like this from {from}"));
    let lines = r.stderr_lines();
    assert!(lines.len() < 100, "{} stderr lines", lines.len());
    let warned = lines
        .iter()
        .filter(|l| l.contains("ignored a datagram"))
        .count();
    assert!((1..=10).contains(&warned), "{warned} warnings");
}

#[test]
fn warnings_counted_just_before_the_end_are_still_reported() {
    let port = Port::reserve();
    let mut r = receiver(&port, &[]);
    let raw = Raw::new(&port);
    let from = raw.addr();
    for i in 0..6u32 {
        raw.send(format!("not json {i}").as_bytes());
    }
    // The quit word right behind: the receiver ends long before a summary is due.
    raw.send(br#"{"user": "Raw", "data": "sair"}"#);
    r.expect_success();
    let lines = r.stderr_lines();
    let warned = lines
        .iter()
        .filter(|l| l.contains("ignored a datagram"))
        .count();
    let summary = format!("{} more like this from {from}", 6 - warned);
    assert!(
        lines.iter().any(|l| l.contains(&summary)),
        "no {summary:?}: {lines:?}"
    );
}

#[test]
fn control_characters_in_a_datagram_are_shown_escaped() {
    let port = Port::reserve();
    let r = receiver(&port, &[]);
    let raw = Raw::new(&port);
    raw.send(
        br#"{"user": "Mal\u001b]0;owned\u0007", "data": "clear\u001b[2J bell\u0007 back\rover"}"#,
    );
    assert_eq!(
        r.next_out(),
        r"Mal\x1b]0;owned\x07: clear\x1b[2J bell\x07 back\rover"
    );
    // A quit word from such a sender too.
    raw.send(br#"{"user": "Mal\u001b[2J", "data": "sair"}"#);
    assert_eq!(r.next_out(), r"Mal\x1b[2J ended the chat.");
}
