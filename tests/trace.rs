//! `--trace` and `--trace=hex` end to end: each frame a role sends or receives is one
//! `trace -> PEER FRAME` / `trace <- PEER FRAME` line on stderr; with `hex` the line also says
//! when (seconds since start) and how many bytes, and a hex dump of exactly those bytes
//! follows, 16 to a row with an offset and the printable ones on the right.

mod support;

use support::Proc;
use support::msg::server;

/// The rows of the hex dump that follow a trace line, as bytes.
fn dumped(lines: &[String], from: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for row in lines[from + 1..]
        .iter()
        .take_while(|l| l.starts_with("msg: trace      "))
    {
        let row = &row["msg: trace      ".len()..];
        let (offset, rest) = row.split_once("  ").expect("an offset");
        assert_eq!(
            usize::from_str_radix(offset, 16).unwrap(),
            bytes.len(),
            "{row}"
        );
        let hex = rest.split("  |").next().unwrap();
        bytes.extend(
            hex.split_whitespace()
                .map(|b| u8::from_str_radix(b, 16).unwrap()),
        );
    }
    bytes
}

#[test]
fn hex_shows_time_size_and_the_bytes_of_every_frame() {
    let (mut srv, addr) = server(&[]);
    let a = addr.to_string();
    let mut emitter = Proc::start(&[
        "--lang",
        "en",
        "--trace=hex",
        "msg",
        "emitter",
        &a,
        "--id",
        "7",
    ]);
    emitter.expect_err("registered as emitter 7");
    emitter.send("Ob-la-di");
    emitter.expect_err("OK: sent to every display");
    emitter.close_stdin();
    emitter.expect_success();
    let lines = emitter.stderr_lines();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("msg: trace -> {addr} MSG orig=7 dest=0 seq=1")))
        .unwrap_or_else(|| emitter.fail("no traced MSG"));
    let line = &lines[at];
    assert!(line.contains("\"Ob-la-di\" (+"), "{line}");
    assert!(line.ends_with("s, 24 bytes)"), "{line}");
    let bytes = dumped(&lines, at);
    assert_eq!(bytes.len(), 24, "{lines:#?}");
    assert_eq!(&bytes[..6], &[0, 2, 0, 7, 0, 0], "type MSG, orig 7, dest 0");
    assert_eq!(&bytes[14..], b"\x00\x08Ob-la-di");
    assert!(lines[at + 2].ends_with("|Ob-la-di|"), "{}", lines[at + 2]);
    // What came in is dumped too: the server's OK to the OI.
    let ok = lines
        .iter()
        .position(|l| l.starts_with(&format!("msg: trace <- {addr} OK orig=0 dest=7 seq=0")))
        .unwrap_or_else(|| emitter.fail("no traced OK"));
    assert!(lines[ok].ends_with("s, 14 bytes)"), "{}", lines[ok]);
    assert_eq!(&dumped(&lines, ok)[..6], &[0, 3, 0, 0, 0, 7]);
    srv.signal("INT");
    srv.expect_success();
}

#[test]
fn plain_trace_is_one_line_per_frame() {
    let (mut srv, addr) = server(&[]);
    let a = addr.to_string();
    let mut emitter = Proc::start(&["--lang", "en", "--trace", "msg", "emitter", &a, "--id", "8"]);
    emitter.expect_err(&format!("trace <- {addr} OK orig=0 dest=8 seq=0"));
    emitter.close_stdin();
    emitter.expect_success();
    let lines = emitter.stderr_lines();
    let traced: Vec<&String> = lines.iter().filter(|l| l.contains("trace")).collect();
    assert!(
        traced
            .iter()
            .all(|l| l.starts_with(&format!("msg: trace -> {addr} "))
                || l.starts_with(&format!("msg: trace <- {addr} "))),
        "{traced:#?}"
    );
    assert!(
        traced.iter().all(|l| !l.contains("bytes)")),
        "no sizes without hex: {traced:#?}"
    );
    srv.signal("INT");
    srv.expect_success();
}

/// A little-endian OK (type 3 written as `03 00`, read as 768), answering `h` for `id`.
fn ok_little_endian(h: &netlab::msg::wire::Head, id: u16) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&3u16.to_le_bytes());
    b.extend_from_slice(&0u16.to_le_bytes());
    b.extend_from_slice(&id.to_le_bytes());
    b.extend_from_slice(&h.seq.to_le_bytes());
    b.extend_from_slice(&h.ts.to_le_bytes());
    b
}

#[test]
fn an_answer_to_oi_that_does_not_decode_is_traced_byte_by_byte_and_named() {
    use netlab::msg::wire::Msg;
    for (role, id) in [("emitter", 5u16), ("display", 1005)] {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let a = addr.to_string();
        let ids = id.to_string();
        let mut p = Proc::start(&["--lang", "en", "--trace", "msg", role, &a, "--id", &ids]);
        let mut s = support::msg::Raw::from_stream(l.accept().unwrap().0);
        let Msg::Oi(h) = s.recv() else {
            panic!("{role}: expected OI")
        };
        let bytes = ok_little_endian(&h, id);
        s.send_bytes(&bytes);
        let status = p.wait_exit(support::DEADLINE);
        assert_eq!(status.code(), Some(1), "{role}: {:?}", p.stderr_lines());
        let err = p.stderr_lines();
        let at = err
            .iter()
            .position(|l| {
                l == &format!(
                    "msg: trace <- {addr} undecodable: unknown message type 768, framing lost (14 bytes)"
                )
            })
            .unwrap_or_else(|| panic!("{role}: the undecodable answer is not traced: {err:#?}"));
        // Its bytes, in hex, even without =hex; then the hint.
        assert_eq!(dumped(&err, at), bytes, "{role}: {err:#?}");
        assert!(
            err.iter().any(|l| l
                == &format!("msg: trace !! {addr} 768 is 3 byte-swapped: a little-endian type?")),
            "{role}: {err:#?}"
        );
        let last = err.last().unwrap();
        assert_eq!(
            last,
            &format!(
                "netlab: error: an answer that does not decode as OK arrived from {addr} \
                 (undecodable: unknown message type 768, framing lost — 768 is 3 byte-swapped: \
                 a little-endian type?)"
            ),
            "{role}"
        );
        assert!(
            !err.iter().any(|l| l.contains("closed the connection")),
            "{err:#?}"
        );
        drop(s);
    }
}

#[test]
fn a_frame_that_does_not_decode_after_registration_is_said_as_such_in_portuguese_too() {
    use netlab::msg::wire::{Head, Msg};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let a = addr.to_string();
    let mut p = Proc::start(&[
        "--lang", "pt", "--trace", "msg", "display", &a, "--id", "1006",
    ]);
    let mut s = support::msg::Raw::from_stream(l.accept().unwrap().0);
    let Msg::Oi(h) = s.recv() else {
        panic!("expected OI")
    };
    s.send(&Msg::Ok(h.answer(0, 1006)));
    p.expect_err("registrado como exibidor 1006");
    // A MSG whose type is little-endian: 02 00 is 512.
    let mut m = Msg::Msg(Head::new(1, 1006, 1, 0), b"oi".to_vec()).to_bytes();
    m.swap(0, 1);
    s.send_bytes(&m);
    assert_eq!(p.wait_exit(support::DEADLINE).code(), Some(1));
    let err = p.stderr_lines().join("\n");
    for want in [
        "indecifrável: tipo de mensagem 512 desconhecido, enquadramento perdido",
        "512 é 2 com os bytes invertidos",
        "netlab: erro: chegou do servidor um quadro que não se decodifica",
        "conexão cortada",
    ] {
        assert!(err.contains(want), "{want:?} missing:\n{err}");
    }
    assert!(!err.contains("fechou a conexão"), "{err}");
}

#[test]
fn kv_and_chat_trace_bytes_that_do_not_decode() {
    // kv: a "node" that answers the client's connection with a little-endian RESP type.
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let a = addr.to_string();
    let mut c = Proc::start(&["--lang", "en", "--trace", "kv", "client", "0", &a]);
    let (mut node, _) = l.accept().unwrap();
    std::io::Write::write_all(&mut node, &[0x09, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap();
    assert_eq!(c.wait_exit(support::DEADLINE).code(), Some(1));
    let err = c.stderr_lines().join("\n");
    assert!(
        err.contains(&format!(
            "kv: trace <- {addr} undecodable: unknown message type 2304"
        )),
        "{err}"
    );
    assert!(err.contains("kv: trace      0000  09 00"), "{err}");
    assert!(
        err.contains(&format!("node {addr} sent bytes that do not decode")),
        "{err}"
    );
    assert!(!err.contains("closed the connection"), "{err}");
    drop(node);

    // chat: a directory server whose line never ends.
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let a = addr.to_string();
    let mut args = support::chat::peer_cmd("en", "Ana", &a);
    args.insert(0, "--trace");
    let (mut p, _) = Proc::start_listening(&args);
    let (mut srv, _) = l.accept().unwrap();
    let _ = std::io::Write::write_all(&mut srv, &vec![b'L'; (4 << 20) + 100]);
    assert_eq!(p.wait_exit(support::DEADLINE).code(), Some(1));
    let err = p.stderr_lines().join("\n");
    assert!(
        err.contains(&format!(
            "Ana: trace <- {addr} the server sent a line longer than 4 MiB"
        )),
        "{err}"
    );
    // The first bytes in hex, then how many there were (more than the limit), not 4 MiB of hex.
    assert!(err.contains("Ana: trace      0000  4c 4c 4c"), "{err}");
    let all = err
        .split("… (")
        .nth(1)
        .and_then(|r| r.split(" bytes in all)").next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no byte count: {err}"));
    assert!(all > 4 << 20, "{all}");
    assert!(
        err.lines().filter(|l| l.contains("trace      ")).count() <= 17,
        "{err}"
    );
}

/// A relayed MSG is traced when it goes out to the display, not when it waits in the
/// display's lane: a display that does not acknowledge is shown receiving one message only.
#[test]
fn a_relayed_msg_is_traced_when_it_is_sent_not_when_it_is_queued() {
    let (srv, addr) = server(&["--trace"]);
    let mut d = support::msg::Raw::register(addr, 1001);
    let mut e = support::msg::Raw::register(addr, 1);
    for text in [&b"one"[..], b"two", b"three"] {
        e.msg(1001, text);
    }
    // The display gets the first and does not answer it.
    let netlab::msg::wire::Msg::Msg(first, _) = d.recv() else {
        panic!("expected MSG")
    };
    // The server has read all three (its trace of the third arriving), and then whatever it
    // does with them (a QEM from the emitter, answered after, marks the end).
    srv.wait_for(
        support::On::Err,
        "the third MSG read",
        support::DEADLINE,
        |l| l.contains("trace <-") && l.contains("MSG orig=1 dest=1001 seq=3"),
    );
    let h = e.head(1);
    e.send(&netlab::msg::wire::Msg::Qem(h));
    srv.wait_for(support::On::Err, "the QEM read", support::DEADLINE, |l| {
        l.contains("trace <-") && l.contains(&format!("QEM orig=1 dest=1 seq={}", h.seq))
    });
    let sent_to_display = |srv: &Proc| {
        srv.stderr_lines()
            .iter()
            .filter(|l| l.contains("trace ->") && l.contains("MSG orig=1 dest=1001"))
            .count()
    };
    assert_eq!(sent_to_display(&srv), 1, "{:#?}", srv.stderr_lines());
    // Its OK lets the next one out, and only then is that one traced.
    d.send(&netlab::msg::wire::Msg::Ok(first.answer(1001, 0)));
    let _second = d.recv();
    srv.wait_for(
        support::On::Err,
        "the second MSG sent",
        support::DEADLINE,
        |l| l.contains("trace ->") && l.contains("MSG orig=1 dest=1001") && l.contains("\"two\""),
    );
    assert_eq!(sent_to_display(&srv), 2, "{:#?}", srv.stderr_lines());
}
