//! Interoperability with msg programs written the way the original assignment tells students
//! to (Python 3, standard library only: `struct.pack('!HHHII', …)`, one `send` per message,
//! `recv` loops that read the 14-byte header, then the body). Both directions:
//!
//! - a student's display and emitter against our server (their display must decode our
//!   relayed frames and its OKs must drive our stop-and-wait; their emitter's MSG must reach
//!   our display, and every answer must be byte-exact);
//! - our emitter and displays against a student's `select()` server written to the original
//!   (OI→OK/ERRO, MSG relay, QEM→OKQEM, FLW→OK), which records every byte we send.
//!
//! The programs are `tests/python/msg_display.py`, `msg_emitter.py` and `msg_select_server.py`
//! (their shared start in `msg_common.py`). Each test prints `SKIPPED: python3 not found` on
//! stderr and returns when there is no `python3` on PATH.

mod support;

use std::cell::RefCell;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use netlab::msg::wire::{Head, Msg};
use serde_json::Value;
use support::python::{self, python3};
use support::{DEADLINE, Proc};

/// A student's program (`tests/python/msg_*.py`) printing one JSON report per line.
struct Student {
    py: Proc,
    /// Reports read but not yet taken (see [`Student::take`]).
    pending: RefCell<Vec<Value>>,
}

impl Student {
    fn start(file: &str, args: &[&str]) -> Student {
        Student {
            py: python::start(file, args),
            pending: RefCell::new(Vec::new()),
        }
    }

    /// The next report (a JSON object per line).
    #[track_caller]
    fn report(&self) -> Value {
        let line = self.py.next_out();
        serde_json::from_str(&line).unwrap_or_else(|_| self.py.fail(&format!("not JSON: {line}")))
    }

    /// Take the earliest report not yet taken that satisfies `want` (reports that do not
    /// are kept for later calls, in order), waiting for it if need be.
    #[track_caller]
    fn take(&self, what: &str, want: impl Fn(&Value) -> bool) -> Value {
        let mut pending = self.pending.borrow_mut();
        if let Some(i) = pending.iter().position(&want) {
            return pending.remove(i);
        }
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            let r = self.report();
            if want(&r) {
                return r;
            }
            pending.push(r);
        }
        drop(pending);
        self.py.fail(&format!("no report {what}"))
    }
}

fn now() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as u32
}

/// Hex field `key` of a report, as bytes.
#[track_caller]
fn bytes(r: &Value, key: &str) -> Vec<u8> {
    let hex = r[key].as_str().unwrap_or_else(|| panic!("no {key} in {r}"));
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// The timestamp field of a frame.
fn ts_of(frame: &[u8]) -> u32 {
    u32::from_be_bytes(frame[10..14].try_into().unwrap())
}

/// A timestamp taken between `t0` and now (whole seconds).
#[track_caller]
fn assert_recent(ts: u32, t0: u32) {
    assert!(
        (t0..=now()).contains(&ts),
        "timestamp {ts} not taken during the test ({t0}..)"
    );
}

/// Our server with `--trace`, `extra` arguments appended, and its host and port as arguments
/// for the Python programs.
fn our_server(extra: &[&str]) -> (Proc, String, String) {
    let args = [&["--trace"], extra].concat();
    let (p, addr) = support::msg::server(&args);
    (p, addr.ip().to_string(), addr.port().to_string())
}

/// A student's display behind our server: it decodes our relayed MSGs and OKQEM byte for
/// byte, its OKs (with dest 0) drive our stop-and-wait (the ack deadline is far away, so
/// without valid OKs the second message would never come), and on Ctrl-C our server's FLW
/// reaches it and its OK is counted.
#[test]
fn student_display_decodes_our_relayed_frames() {
    if !python3() {
        return;
    }
    let t0 = now();
    let (mut srv, host, port) = our_server(&["--ack-timeout", "60s"]);
    let mut py = Student::start("msg_display.py", &[&host, &port, "1001"]);
    let r = py.report();
    let ok = bytes(&r, "hex");
    assert_eq!(ok, Msg::Ok(Head::new(0, 1001, 0, ts_of(&ok))).to_bytes());
    assert_recent(ts_of(&ok), t0);

    let addr = format!("{host}:{port}");
    let ours = Proc::start(&["msg", "display", &addr, "--id", "1002"]);
    ours.expect_err("registered as display 1002");
    let mut e = Proc::start(&["msg", "emitter", &addr, "--id", "1"]);
    e.expect_err("registered as emitter 1");

    // Pipelined: the server holds each one until the Python display's OK for the last.
    e.send("Ob-la-di");
    e.send("/msg 1001 Ob-la-da");
    e.send("/msg 1001 ação, 140 bytes max");
    e.send("/who 1001");
    let expected: [(u32, &str); 3] = [(1, "Ob-la-di"), (2, "Ob-la-da"), (3, "ação, 140 bytes max")];
    for (seq, text) in expected {
        let r = py.report();
        assert_eq!(r["event"], "frame", "{r}");
        let got = bytes(&r, "hex");
        let ts = ts_of(&got);
        assert_recent(ts, t0);
        let want = Msg::Msg(Head::new(1, 1001, seq, ts), text.as_bytes().to_vec()).to_bytes();
        assert_eq!(got, want, "relayed MSG {seq}");
    }
    let r = py.report();
    let got = bytes(&r, "hex");
    // The OKQEM echoes the QEM's seq (4) and timestamp, and lists everyone ascending.
    let qem_ts = ts_of(&got);
    assert_recent(qem_ts, t0);
    assert_eq!(
        got,
        Msg::Okqem(Head::new(0, 1001, 4, qem_ts), vec![1, 1001, 1002]).to_bytes()
    );
    assert_eq!(py.report()["ids"], serde_json::json!([1, 1001, 1002]));
    ours.expect_out("Message from 1: Ob-la-di");
    for answer in [
        "OK: sent to every display",
        "OK: sent to display 1001",
        "OK: display 1001 will show the client list",
    ] {
        e.expect_err(answer);
    }
    // Its OKs (orig 1001, dest 0) matched: nothing was left unacknowledged.
    for seq in 1..=3 {
        let tail = format!("OK orig=1001 dest=0 seq={seq} ");
        srv.wait_for(support::On::Err, &tail, DEADLINE, |l| {
            l.contains("trace <- 127.0.0.1:") && l.contains(&tail)
        });
    }

    srv.signal("INT");
    let r = py.report();
    let got = bytes(&r, "hex");
    assert_eq!(
        got,
        Msg::Flw(Head::new(0, 1001, 0, ts_of(&got))).to_bytes(),
        "the server's goodbye"
    );
    assert_eq!(py.report()["event"], "bye");
    assert!(py.py.wait_exit(DEADLINE).success());
    srv.expect_success();
    let lines = srv.stderr_lines();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("OK orig=1001 dest=0 seq=0")),
        "its OK to FLW was not seen: {lines:?}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("does not acknowledge") || l.contains("did not answer FLW")),
        "{lines:?}"
    );
    e.expect_err("the server closed the connection (it stopped");
    // Our server closes an emitter without a goodbye: exit status 1.
    assert_eq!(e.wait_exit(DEADLINE).code(), Some(1));
}

/// A student's emitter against our server: each answer is byte-exact (orig 0, dest its id,
/// its seq and timestamp echoed), its MSGs reach our display, its QEM makes our display
/// list the clients, bad requests get ERRO, and after FLW's OK nothing more comes.
#[test]
fn student_emitter_reaches_our_display() {
    if !python3() {
        return;
    }
    let (srv, host, port) = our_server(&[]);
    let addr = format!("{host}:{port}");
    let d = Proc::start(&["--lang", "pt", "msg", "display", &addr, "--id", "1001"]);
    d.expect_err("registrado como exibidor 1001");
    let long = "x".repeat(141);
    let actions = serde_json::json!([
        ["msg", 0, "Oi, tudo bem?"],
        ["msg", 1001, "ação"],
        ["qem", 1001, ""],
        ["msg", 1999, "ninguém"],
        ["msg", 0, long],
        ["qem", 1999, ""],
        ["flw", 0, ""],
    ])
    .to_string();
    let mut py = Student::start("msg_emitter.py", &[&host, &port, "5", &actions]);
    // (type sent, accepted?)
    let answers = [
        (0, true),
        (2, true),
        (2, true),
        (5, true),
        (2, false),
        (2, false),
        (5, false),
        (1, true),
    ];
    for (seq, (kind, ok)) in answers.into_iter().enumerate() {
        let r = py.report();
        assert_eq!(
            (r["sent"].as_u64(), r["seq"].as_u64()),
            (Some(kind), Some(seq as u64))
        );
        let ts = r["ts"].as_u64().unwrap() as u32;
        let h = Head::new(0, 5, seq as u32, ts);
        let want = if ok { Msg::Ok(h) } else { Msg::Erro(h) };
        assert_eq!(bytes(&r, "answer"), want.to_bytes(), "answer to {r}");
    }
    assert_eq!(
        py.report(),
        serde_json::json!({"event": "after-flw", "hex": ""})
    );
    assert!(py.py.wait_exit(DEADLINE).success());
    d.expect_out("Mensagem de 5: Oi, tudo bem?");
    d.expect_out("Mensagem de 5: ação");
    // The list is made when the OKQEM is sent to the display (a queued one holds no list):
    // by then the emitter may have sent its FLW and left.
    let list = d.expect_out_has("Clientes (");
    assert!(
        ["Clientes (2): 5 1001", "Clientes (1): 1001"].contains(&list.as_str()),
        "{list}"
    );
    srv.expect_err("for display 1999, which is not connected");
    srv.expect_err("with 141 bytes of text");
}

/// Our emitter and displays against a student's select() server written to the original:
/// id probing copes with its ERRO (next id, same connection), every frame we send is
/// byte-exact, its relayed MSGs and OKQEM are printed, its ERRO is explained, and FLW ends
/// each session with exit 0.
#[test]
fn our_clients_against_a_student_select_server() {
    if !python3() {
        return;
    }
    let t0 = now();
    let py = Student::start("msg_select_server.py", &[]);
    let first = py.py.next_out();
    let addr = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| py.py.fail(&format!("unexpected first line {first:?}")))
        .to_string();

    // A frame the student server received from client `from` (None: not registered), or
    // sent to client `to`; each is taken once, in the order it happened.
    let received = |from: Option<u64>| {
        let r = py.take(&format!("from {from:?}"), |r| {
            r.get("frm").is_some_and(|f| f.as_u64() == from)
        });
        bytes(&r, "hex")
    };
    let sent_to = |to: u64| {
        let r = py.take(&format!("to {to}"), |r| {
            r.get("to") == Some(&Value::from(to))
        });
        bytes(&r, "hex")
    };

    let mut d0 = Proc::start(&["msg", "display", &addr]);
    d0.expect_err("registered as display 1001");
    let oi = received(None);
    assert_eq!(oi, Msg::Oi(Head::new(1001, 0, 0, ts_of(&oi))).to_bytes());
    assert_recent(ts_of(&oi), t0);
    assert_eq!(
        sent_to(1001),
        Msg::Ok(Head::new(0, 1001, 0, ts_of(&oi))).to_bytes()
    );

    // The second display is refused 1001 and takes 1002 on the same connection, with the
    // next sequence number.
    let mut d1 = Proc::start(&["--lang", "pt", "msg", "display", &addr]);
    d1.expect_err("registrado como exibidor 1002");
    let oi = received(None);
    assert_eq!(oi, Msg::Oi(Head::new(1001, 0, 0, ts_of(&oi))).to_bytes());
    let oi = received(None);
    assert_eq!(oi, Msg::Oi(Head::new(1002, 0, 1, ts_of(&oi))).to_bytes());
    assert_eq!(
        sent_to(1002),
        Msg::Ok(Head::new(0, 1002, 1, ts_of(&oi))).to_bytes()
    );

    let mut e = Proc::start(&["msg", "emitter", &addr]);
    e.expect_err("registered as emitter 1");
    let oi = received(None);
    assert_eq!(oi, Msg::Oi(Head::new(1, 0, 0, ts_of(&oi))).to_bytes());
    assert_eq!(
        sent_to(1),
        Msg::Ok(Head::new(0, 1, 0, ts_of(&oi))).to_bytes()
    );

    e.send("Ob-la-di");
    e.expect_err("OK: sent to every display");
    d0.expect_out("Message from 1: Ob-la-di");
    d1.expect_out("Mensagem de 1: Ob-la-di");
    let m = received(Some(1));
    assert_eq!(
        m,
        Msg::Msg(Head::new(1, 0, 1, ts_of(&m)), b"Ob-la-di".to_vec()).to_bytes()
    );
    assert_recent(ts_of(&m), t0);
    // Each display's OK echoes the relayed frame's seq and timestamp, to the emitter.
    let display_ok = |d: u16, seq: u32| {
        let relayed = sent_to(d as u64);
        let ok = received(Some(d as u64));
        assert_eq!(
            ok,
            Msg::Ok(Head::new(d, 1, seq, ts_of(&relayed))).to_bytes(),
            "display {d}'s OK to MSG {seq}"
        );
    };
    display_ok(1001, 1);
    display_ok(1002, 1);

    e.send("/msg 1002 Ob-la-da");
    e.expect_err("OK: sent to display 1002");
    d1.expect_out("Mensagem de 1: Ob-la-da");
    let m = received(Some(1));
    assert_eq!(
        m,
        Msg::Msg(Head::new(1, 1002, 2, ts_of(&m)), b"Ob-la-da".to_vec()).to_bytes()
    );
    display_ok(1002, 2);

    e.send("/who 1001");
    e.expect_err("OK: display 1001 will show the client list");
    d0.expect_out("Clients (3): 1 1001 1002");
    let q = received(Some(1));
    assert_eq!(q, Msg::Qem(Head::new(1, 1001, 3, ts_of(&q))).to_bytes());

    e.send("/msg 1005 anyone?");
    e.expect_err("ERRO: display 1005 is not connected");
    let _ = received(Some(1));

    e.send("/quit");
    e.expect_success();
    let f = received(Some(1));
    assert_eq!(f, Msg::Flw(Head::new(1, 0, 5, ts_of(&f))).to_bytes());

    // Ctrl-C on the displays: FLW with their next seq (1001: OI 0, FLW 1; 1002: OI 0 and 1,
    // FLW 2), OK, exit 0.
    for (d, p, seq) in [(1001u16, &mut d0, 1u32), (1002, &mut d1, 2)] {
        p.signal("INT");
        p.expect_success();
        // Nothing from it in between: OKQEM is a response, never acknowledged.
        let f = received(Some(d as u64));
        assert_eq!(f, Msg::Flw(Head::new(d, 0, seq, ts_of(&f))).to_bytes());
        assert_recent(ts_of(&f), t0);
    }
    assert_eq!(d0.stdout_lines().len(), 2, "{:?}", d0.stdout_lines());
    assert_eq!(d1.stdout_lines().len(), 2, "{:?}", d1.stdout_lines());
}
