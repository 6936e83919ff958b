//! msg under load, faults and hostile input: lossless flow control (nothing acknowledged is
//! lost, no acknowledging display is dropped, a stuck one only after the stall deadline),
//! bounded memory, descriptor limits, rate-limited logs, and a terminal that stays the user's.
//! Real processes on loopback; raw clients where a test needs exact frames.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use netlab::msg::wire::{Head, Msg};
use support::msg::{Raw, client, served, server, server_with_nofile};
use support::peak_rss_kib;
use support::{DEADLINE, Proc};

/// The bound on peak resident memory under a flood.
const RSS_LIMIT_KIB: u64 = 256 * 1024;

/// `seq 20000 | netlab msg emitter`, with two of our displays and a raw one that answers
/// every MSG at once: every display gets all 20,000 in order, and the emitter every OK.
#[test]
fn seq_20000_reaches_every_display_in_order() {
    const N: u32 = 20_000;
    let (_srv, addr) = server(&[]);
    let d1 = client("display", addr, &["--id", "1001"]);
    d1.expect_err("registered as display 1001");
    let d2 = client("display", addr, &["--id", "1002"]);
    d2.expect_err("registered as display 1002");
    let mut raw = Raw::register(addr, 1003);
    let fast = thread::spawn(move || {
        for i in 1..=N {
            match raw.recv() {
                Msg::Msg(h, text) => {
                    assert_eq!(text, i.to_string().as_bytes(), "raw display: out of order");
                    raw.send(&Msg::Ok(h.answer(1003, h.orig)));
                }
                other => panic!("raw display: expected MSG {i}, got {other:?}"),
            }
        }
        raw.leave();
    });
    let mut e = client("emitter", addr, &["--id", "1"]);
    e.expect_err("registered as emitter 1");
    for i in 1..=N {
        e.send(&i.to_string());
    }
    e.close_stdin();
    if !e.wait_exit(Duration::from_secs(120)).success() {
        e.fail("the emitter failed");
    }
    let errs = e.stderr_lines();
    assert!(
        !errs.iter().any(|l| l.contains("ERRO")),
        "the emitter got ERRO: {:?}",
        errs.iter().find(|l| l.contains("ERRO"))
    );
    let oks = errs
        .iter()
        .filter(|l| *l == "msg: OK: sent to every display (if any is connected)");
    assert_eq!(oks.count(), N as usize, "one OK per message");
    fast.join()
        .expect("the raw display got every message in order");
    for d in [&d1, &d2] {
        d.expect_out(&format!("Message from 1: {N}"));
        let lines = d.stdout_lines();
        assert_eq!(lines.len(), N as usize);
        for (i, line) in lines.iter().enumerate() {
            assert_eq!(*line, format!("Message from 1: {}", i + 1));
        }
    }
}

/// 5,000 FLW(dest=1001) from an emitter that is not 1001's owner: each gets the display's
/// own ERRO, the display stays registered (its warnings rate-limited) and prints the next
/// message; then the non-owner's `/stop` reports the refusal, the owner's succeeds.
#[test]
fn a_flood_of_stop_requests_from_a_non_owner_never_drops_the_display() {
    const FLOOD: usize = 5000;
    let (srv, addr) = server(&[]);
    let mut d = client("display", addr, &["--id", "1001"]);
    d.expect_err("registered as display 1001");
    let mut owner = client("emitter", addr, &["--id", "1"]);
    owner.expect_err("registered as emitter 1");
    let mut other = Raw::register(addr, 2);
    let heads: Vec<Head> = (0..FLOOD).map(|_| other.head(1001)).collect();
    let bytes: Vec<u8> = heads.iter().flat_map(|h| Msg::Flw(*h).to_bytes()).collect();
    let mut w = other.writer();
    let writer = thread::spawn(move || w.write_all(&bytes).unwrap());
    for h in &heads {
        match other.recv() {
            // The display's answer, relayed: orig is the display.
            Msg::Erro(a) => assert_eq!((a.orig, a.dest, a.seq, a.ts), (1001, 2, h.seq, h.ts)),
            m => srv.fail(&format!(
                "FLW {}: expected the display's ERRO, got {m:?}",
                h.seq
            )),
        }
    }
    writer.join().unwrap();
    owner.send("after the flood");
    d.expect_out("Message from 1: after the flood");
    // A few warnings, then a count.
    d.expect_err("more like this from");
    let refusals = d
        .stderr_lines()
        .iter()
        .filter(|l| l.contains("asked this display to stop"))
        .count();
    assert!(refusals < 20, "{refusals} refusal warnings for one flood");
    assert!(
        srv.stderr_lines().len() < 100,
        "the server logged {} lines",
        srv.stderr_lines().len()
    );

    let mut e3 = client("emitter", addr, &["--id", "3"]);
    e3.expect_err("registered as emitter 3");
    e3.send("/stop 1001");
    e3.expect_err("ERRO: display 1001 refused to stop: only its owner may stop it");
    let mut e4 = client("emitter", addr, &["--id", "4", "--lang", "pt"]);
    e4.expect_err("registrado como emissor 4");
    e4.send("/stop 1001");
    e4.expect_err("ERRO: o exibidor 1001 recusou-se a encerrar: só o dono pode encerrá-lo");
    owner.send("/stop 1001");
    owner.expect_err("OK: display 1001 agreed to stop");
    d.expect_success();
    e3.send("/stop 1001");
    e3.expect_err("ERRO: display 1001 is not connected, or did not answer");
}

/// A display that never acknowledges but reads, slowly, through a tiny receive buffer: once
/// deaf it is sent to without waiting, as fast as its socket drains, and the emitter is held
/// back by it — it is never dropped, and it gets every message in order.
#[test]
fn a_deaf_display_that_reads_slowly_is_never_dropped() {
    const N: u32 = 5000;
    let (srv, addr) = server(&["--ack-timeout", "200ms"]);
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(2048).unwrap();
    socket.connect(&addr.into()).unwrap();
    let mut deaf = Raw::from_stream(socket.into());
    let h = deaf.oi(1000);
    deaf.expect_answer(&h, true);
    let reader = thread::spawn(move || {
        for i in 1..=N {
            match deaf.recv() {
                Msg::Msg(h, _) => assert_eq!(h.seq, i, "the deaf display: lost or out of order"),
                other => panic!("deaf display: expected MSG {i}, got {other:?}"),
            }
            if i % 20 == 0 {
                thread::sleep(Duration::from_millis(2)); // a slow reader, on purpose
            }
        }
    });
    let mut e = Raw::register(addr, 1);
    let mut w = e.writer();
    let flood = thread::spawn(move || {
        let mut buf = Vec::new();
        for seq in 1..=N {
            let m = Msg::Msg(Head::new(1, 0, seq, 1), vec![b'd'; 100]);
            netlab::msg::wire::encode(&m, &mut buf);
        }
        w.write_all(&buf).unwrap();
    });
    for seq in 1..=N {
        match e.recv() {
            Msg::Ok(a) => assert_eq!(a.seq, seq),
            m => srv.fail(&format!("MSG {seq}: expected OK, got {m:?}")),
        }
    }
    flood.join().unwrap();
    reader
        .join()
        .unwrap_or_else(|_| srv.fail("the deaf display lost messages"));
    srv.expect_err("display 1000 does not acknowledge");
    assert!(
        !srv.stderr_lines().iter().any(|l| l.contains("dropping")),
        "{:?}",
        srv.stderr_lines()
    );
}

/// Kills a child on drop.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Our display with its stdout a pipe nobody reads (yet): it blocks writing, so it stops
/// answering. A raw emitter floods it through the server for 5 s: the peak memory of the
/// display and of the server stays bounded, and the display is not dropped before the stall
/// deadline; then it is (logged), the emitter's waiting MSG gets ERRO and every answer before
/// was OK. Once its stdout is read again, the display prints every message it got, in order,
/// and says the server closed the connection — not that the server went away.
#[test]
fn a_display_whose_stdout_is_not_read_is_dropped_only_at_the_stall_deadline() {
    // The default deadlines: 2 s to acknowledge, 10 s of taking nothing.
    let (srv, addr) = server(&[]);
    let a = addr.to_string();
    let mut command = Command::new(support::bin());
    support::neutral_locale(command.args(["msg", "display", &a, "--id", "1001"]));
    let mut display = Killed(
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the display"),
    );
    let pid = display.0.id();
    // Its stderr, line by line (stdout stays unread).
    let (err_tx, err_rx) = crossbeam_channel::unbounded();
    let err = BufReader::new(display.0.stderr.take().unwrap());
    thread::spawn(move || {
        for line in err.lines().map_while(Result::ok) {
            let _ = err_tx.send(line);
        }
    });
    let registered = err_rx.recv_timeout(DEADLINE).expect("the display starts");
    assert_eq!(registered, "msg: registered as display 1001");

    let mut e = Raw::register(addr, 1);
    let mut w = e.writer();
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    // MSGs written as fast as the server takes them (it stops reading when it must).
    let flood = thread::spawn(move || {
        let mut seq = 1u32;
        let mut buf = Vec::new();
        while !stopped.load(Ordering::Relaxed) {
            buf.clear();
            for _ in 0..64 {
                let text = format!("{seq} {}", "x".repeat(120));
                netlab::msg::wire::encode(
                    &Msg::Msg(Head::new(1, 1001, seq, 1), text.into_bytes()),
                    &mut buf,
                );
                seq += 1;
            }
            if w.write_all(&buf).is_err() {
                break;
            }
        }
        let _ = w.shutdown(std::net::Shutdown::Write);
        seq - 1
    });
    // Its answers, in order: a run of OKs, then (once the display is gone) only ERROs.
    let answers = thread::spawn(move || {
        e.set_read_timeout(Duration::from_secs(30));
        let (mut ok, mut erro) = (0u32, 0u32);
        while let Ok(m) = e.try_recv() {
            match m {
                Msg::Ok(h) if erro == 0 => {
                    assert_eq!(h.seq, ok + 1, "OKs out of order");
                    ok += 1;
                }
                Msg::Erro(_) => erro += 1,
                other => panic!("emitter: unexpected {other:?} after {ok} OK, {erro} ERRO"),
            }
        }
        (ok, erro)
    });

    let start = Instant::now();
    let (mut display_peak, mut server_peak) = (0, 0);
    while start.elapsed() < Duration::from_secs(5) {
        display_peak = display_peak.max(peak_rss_kib(pid));
        server_peak = server_peak.max(peak_rss_kib(srv.pid()));
        thread::sleep(Duration::from_millis(100)); // sampling, not synchronisation
    }
    let dropped = |srv: &Proc| {
        srv.stderr_lines()
            .iter()
            .any(|l| l.contains("display 1001 took no data for 10s; dropping it"))
    };
    assert!(!dropped(&srv), "dropped before the stall deadline");
    assert!(
        display_peak < RSS_LIMIT_KIB,
        "display peak RSS {display_peak} KiB"
    );
    assert!(
        server_peak < RSS_LIMIT_KIB,
        "server peak RSS {server_peak} KiB"
    );
    srv.wait_for(
        support::On::Err,
        "the stall drop",
        Duration::from_secs(30),
        |l| l.contains("display 1001 took no data for 10s; dropping it"),
    );
    assert!(start.elapsed() >= Duration::from_secs(10));
    stop.store(true, Ordering::Relaxed);
    let sent = flood.join().unwrap();
    let (ok, erro) = answers.join().expect("the answers were in order");
    assert_eq!(ok + erro, sent, "every MSG was answered");
    assert!(ok > 0 && erro > 0, "{ok} OK, {erro} ERRO");

    // Read the display's output now: what it got, in order, then the truth about the close.
    let out = BufReader::new(display.0.stdout.take().unwrap());
    let mut expect = 1u32;
    for line in out.lines() {
        let line = line.unwrap();
        let rest = line
            .strip_prefix("Message from 1: ")
            .unwrap_or_else(|| panic!("display printed {line:?}"));
        let seq: u32 = rest.split(' ').next().unwrap().parse().unwrap();
        assert_eq!(seq, expect, "the display printed messages out of order");
        expect += 1;
    }
    assert!(expect > 1, "the display printed nothing");
    let status = display.0.wait().unwrap();
    let err: String = err_rx.iter().collect::<Vec<_>>().join("\n");
    // Dropped by its server: a runtime error (exit status 1), said as what it is.
    assert_eq!(status.code(), Some(1), "display: {status}\n{err}");
    assert!(
        err.contains("the server closed the connection (it is still running)"),
        "{err}"
    );
    assert!(!err.contains("the server went away"), "{err}");
    served(addr, 2, 1002);
}

/// A server that is killed: the display says it went away.
#[test]
fn the_display_says_the_server_went_away_when_it_did() {
    let (srv, addr) = server(&[]);
    let d = client("display", addr, &["--id", "1001", "--lang", "pt"]);
    d.expect_err("registrado como exibidor 1001");
    srv.signal("KILL");
    d.expect_err("o servidor foi embora (conexão fechada)");
}

/// ESC, BEL and CR in a relayed MSG reach the display's stdout made visible.
#[test]
fn control_characters_in_a_message_reach_stdout_escaped() {
    let (_srv, addr) = server(&[]);
    let d = client("display", addr, &["--id", "1000"]);
    d.expect_err("registered as display 1000");
    let mut e = Raw::register(addr, 1);
    let h = e.msg(1000, b"a\x1b]0;owned\x07b\rc\x1b[2J");
    e.expect_answer(&h, true);
    d.expect_out("Message from 1: a\\x1b]0;owned\\x07b\\rc\\x1b[2J");
}

/// 20,000 spoofed 17-byte MSGs from one peer: each is refused, the log stays under 100
/// lines (a few warnings, then counts), and the server still serves a good client.
#[test]
fn twenty_thousand_refused_frames_from_one_peer_log_under_100_lines() {
    const N: usize = 20_000;
    let (srv, addr) = server(&[]);
    let mut bad = Raw::register(addr, 1);
    let frame = Msg::Msg(Head::new(7, 0, 1, 1), b"x".to_vec()).to_bytes();
    assert_eq!(frame.len(), 17);
    let bytes = frame.repeat(N);
    let mut w = bad.writer();
    let writer = thread::spawn(move || w.write_all(&bytes).unwrap());
    for i in 0..N {
        match bad.recv() {
            Msg::Erro(_) => {}
            m => srv.fail(&format!("frame {i}: expected ERRO, got {m:?}")),
        }
    }
    writer.join().unwrap();
    served(addr, 2, 1000);
    srv.expect_err("more like this from 127.0.0.1:");
    let lines = srv.stderr_lines();
    assert!(lines.len() < 100, "{} log lines: {lines:?}", lines.len());
}

/// Warnings held back by the per-peer quota are still counted when the server stops at once:
/// every refused frame is either logged or in the closing summary.
#[test]
fn a_server_stopped_at_once_still_reports_the_warnings_it_held_back() {
    const N: usize = 50;
    let (mut srv, addr) = server(&[]);
    let mut bad = Raw::register(addr, 1);
    for _ in 0..N {
        bad.send(&Msg::Msg(Head::new(7, 0, 1, 1), b"x".to_vec()));
    }
    for i in 0..N {
        match bad.recv() {
            Msg::Erro(_) => {}
            m => srv.fail(&format!("frame {i}: expected ERRO, got {m:?}")),
        }
    }
    srv.signal("INT");
    srv.expect_success();
    let lines = srv.stderr_lines();
    let logged = lines
        .iter()
        .filter(|l| l.contains("refused MSG with orig 7"))
        .count();
    let summed: usize = lines
        .iter()
        .filter_map(|l| l.split_once(" more like this from 127.0.0.1:"))
        .map(|(before, _)| before.rsplit(' ').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(logged + summed, N, "{lines:?}");
}

/// Under a soft descriptor limit of 1024 (hard 20000) the server raises its limit and
/// registers its full capacity: 999 emitters and 1,000 displays.
#[test]
fn full_capacity_under_a_soft_descriptor_limit_of_1024() {
    netlab::net::sock::raise_nofile(); // this test holds 4,000 descriptors itself
    let Some((srv, addr)) = server_with_nofile("1024:20000", &[]) else {
        return;
    };
    let start = Instant::now();
    let mut clients = Vec::new();
    for id in (1..=999).chain(1000..=1999) {
        clients.push(Raw::register(addr, id));
    }
    let e1 = &mut clients[0];
    let h = e1.head(1999);
    e1.send(&Msg::Qem(h));
    e1.expect_answer(&h, true);
    match clients.last_mut().unwrap().recv() {
        Msg::Okqem(_, ids) => assert_eq!(ids.len(), 1999),
        other => panic!("display 1999: expected OKQEM, got {other:?}"),
    }
    assert!(
        !srv.stderr_lines()
            .iter()
            .any(|l| l.contains("capacity reduced")),
        "{:?}",
        srv.stderr_lines()
    );
    assert!(start.elapsed() < Duration::from_secs(60), "too slow");
}

/// Under a hard limit of 256 descriptors, the server says once how many clients fit and
/// refuses the next one at once with ERRO (never leaves it hanging); a place that frees up is
/// taken again.
#[test]
fn a_low_descriptor_limit_reduces_capacity_and_refuses_beyond_it_at_once() {
    let Some((srv, addr)) = server_with_nofile("256:256", &[]) else {
        return;
    };
    // Said before `listening on`.
    let line = srv
        .stderr_lines()
        .into_iter()
        .find(|l| l.contains("capacity reduced to "))
        .unwrap_or_else(|| srv.fail("no capacity line"));
    let n: usize = line
        .split("capacity reduced to ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| srv.fail(&format!("bad line {line:?}")));
    assert!(line.ends_with("clients (descriptor limit 256)"), "{line}");
    // One descriptor a client (the poller shares it), a few kept back.
    assert!(n > 128 && n < 256, "{n} clients under 256 descriptors");
    let mut clients: Vec<Raw> = (1..=n as u16).map(|id| Raw::register(addr, id)).collect();
    let mut extra = Raw::connect(addr);
    let t = Instant::now();
    let h = extra.oi(1000);
    extra.expect_answer(&h, false);
    assert!(t.elapsed() < Duration::from_secs(1), "refused late");
    srv.expect_err(&format!(
        "refused OI for id 1000: the server is at its capacity of {n} clients"
    ));
    clients.pop().unwrap().leave();
    let h = extra.oi(1000);
    extra.expect_answer(&h, true);
    let count = srv
        .stderr_lines()
        .iter()
        .filter(|l| l.contains("capacity reduced"))
        .count();
    assert_eq!(count, 1, "said once");
}
