//! msg: what a display's answers mean to the server, whatever their fields say, and the
//! server's goodbye reaching a display at once, whatever its stop-and-wait lane holds.
//! Raw displays on loopback, so each test sends exactly what another implementation would.

mod support;

use std::io::Read;
use std::net::Shutdown;
use std::thread;
use std::time::{Duration, Instant};

use netlab::msg::wire::{Head, Msg, WireError};
use support::msg::{Raw, server};

/// A display that answers every MSG with `OK(orig=0, dest=emitter)` (the server's own OK
/// format): its OKs acknowledge, so 1,000 messages sent at full speed go through without one
/// wait on the ack deadline; every one is delivered in order and acknowledged to the emitter.
#[test]
fn a_display_that_acks_with_orig_0_is_never_waited_for() {
    const N: u32 = 1000;
    let (srv, addr) = server(&["-v"]);
    let mut d = Raw::register(addr, 1001);
    let mut e = Raw::register(addr, 1);
    let start = Instant::now();
    let display = thread::spawn(move || {
        let mut last = Instant::now();
        let mut longest = Duration::ZERO;
        for i in 1..=N {
            match d.recv() {
                Msg::Msg(h, text) => {
                    assert_eq!(text, i.to_string().as_bytes(), "out of order");
                    longest = longest.max(last.elapsed());
                    last = Instant::now();
                    d.send(&Msg::Ok(Head::new(0, h.orig, h.seq, h.ts)));
                }
                other => panic!("display: expected MSG {i}, got {other:?}"),
            }
        }
        longest
    });
    // Sent at full speed from a thread of its own, while the OKs are read here.
    let mut heads = Vec::new();
    let mut frames = Vec::new();
    for i in 1..=N {
        let h = e.head(1001);
        frames.extend_from_slice(&Msg::Msg(h, i.to_string().into_bytes()).to_bytes());
        heads.push(h);
    }
    let mut w = e.writer();
    let writer = thread::spawn(move || std::io::Write::write_all(&mut w, &frames).unwrap());
    for h in &heads {
        e.expect_answer(h, true);
    }
    writer.join().unwrap();
    let longest = display
        .join()
        .expect("the display got every message in order");
    let took = start.elapsed();
    assert!(
        longest < Duration::from_secs(1),
        "a MSG waited {longest:?} for the one before it to be acknowledged"
    );
    assert!(
        took < Duration::from_secs(20),
        "1,000 messages took {took:?}"
    );
    let lines = srv.stderr_lines();
    for bad in ["does not acknowledge", "ignoring", "refus"] {
        assert!(
            !lines.iter().any(|l| l.contains(bad)),
            "{bad:?} in the server's log: {lines:?}"
        );
    }
    // The odd field is noted, once.
    let notes = lines.iter().filter(|l| l.contains("orig=0")).count();
    assert_eq!(notes, 1, "{lines:?}");
}

/// Ctrl-C while a display holds a MSG it has not acknowledged: the server's FLW reaches it
/// at once (not after the ack deadline), the display's OK ends the goodbye, the connection
/// closes cleanly (FIN, not a reset) and the server does not claim the display was silent.
#[test]
fn the_goodbye_reaches_a_display_that_holds_an_unacknowledged_msg() {
    let (mut srv, addr) = server(&["--ack-timeout", "30s"]);
    let mut d = Raw::register(addr, 1001);
    let mut e = Raw::register(addr, 1);
    let first = e.msg(1001, b"one");
    e.expect_answer(&first, true);
    let second = e.msg(1001, b"two");
    e.expect_answer(&second, true);
    match d.recv() {
        Msg::Msg(h, text) => assert_eq!((h.seq, text.as_slice()), (first.seq, &b"one"[..])),
        other => panic!("expected MSG one, got {other:?}"),
    }
    // Not acknowledged: "two" waits in the lane behind it.
    let signalled = Instant::now();
    srv.signal("INT");
    d.set_read_timeout(Duration::from_secs(10));
    let flw = loop {
        match d.recv() {
            Msg::Flw(h) => break h,
            Msg::Msg(..) => {} // what the lane held may come first, never instead
            other => panic!("expected the server's FLW, got {other:?}"),
        }
    };
    let waited = signalled.elapsed();
    assert!(
        waited < Duration::from_secs(1),
        "the FLW came {waited:?} after Ctrl-C"
    );
    assert_eq!((flw.orig, flw.dest), (0, 1001));
    d.send(&Msg::Ok(flw.answer(1001, 0)));
    // After the goodbye: end of stream, not a reset.
    let mut rest = Vec::new();
    loop {
        match d.try_recv() {
            Ok(m) => rest.push(m),
            Err(WireError::Eof) => break,
            Err(e) => panic!("the connection did not end cleanly: {e} (after {rest:?})"),
        }
    }
    srv.expect_success();
    let lines = srv.stderr_lines();
    assert!(
        !lines.iter().any(|l| l.contains("did not answer FLW")),
        "{lines:?}"
    );
    drop(e);
}

/// The same with a display that reads nothing after its FLW answer and closes only its
/// writing half: the server still reads the answer and exits at once.
#[test]
fn a_display_answering_the_goodbye_then_half_closing_ends_it_at_once() {
    let (mut srv, addr) = server(&["--ack-timeout", "30s"]);
    let mut d = Raw::register(addr, 1001);
    let mut e = Raw::register(addr, 1);
    let h = e.msg(1001, b"held");
    e.expect_answer(&h, true);
    assert!(matches!(d.recv(), Msg::Msg(..)));
    let signalled = Instant::now();
    srv.signal("INT");
    let flw = match d.recv() {
        Msg::Flw(h) => h,
        other => panic!("expected the server's FLW, got {other:?}"),
    };
    d.send(&Msg::Ok(flw.answer(1001, 0)));
    let s = d.writer();
    s.shutdown(Shutdown::Write).unwrap();
    srv.expect_success();
    assert!(
        signalled.elapsed() < Duration::from_secs(2),
        "the goodbye took {:?}",
        signalled.elapsed()
    );
    let mut buf = Vec::new();
    let mut s = s;
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.read_to_end(&mut buf)
        .expect("end of stream after the goodbye, not a reset");
    drop(e);
}
