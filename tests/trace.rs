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
