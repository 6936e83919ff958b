//! End-to-end tests of `netlab msg`: the real binary over loopback sockets, raw protocol
//! clients for bad input, signals for graceful shutdown.

mod support;

use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use netlab::msg::wire::{Head, Msg};
use support::msg::{Raw, client, served, server};
use support::{DEADLINE, Proc};

/// The lines of `role` in a demo transcript, without the prefix.
fn lines_of(transcript: &str, role: &str) -> Vec<String> {
    let prefix = format!("[{role}] ");
    transcript
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(str::to_string)
        .collect()
}

#[test]
fn demo_en() {
    let out = support::demo("en", "msg");
    assert_eq!(
        lines_of(&out, "display 1001"),
        [
            "registered as display 1001",
            "Message from 1: Ob-la-di",
            "Message from 2: Life goes on, brah!!!",
            "Clients (4): 1 2 1001 1002",
            "the server is shutting down; leaving",
        ]
    );
    assert_eq!(
        lines_of(&out, "display 1002"),
        [
            "registered as display 1002",
            "Message from 1: Ob-la-di",
            "Message from 1: Ob-la-da",
            "the server is shutting down; leaving",
        ]
    );
    let e1 = lines_of(&out, "emitter 1");
    for want in [
        "> Ob-la-di",
        "OK: sent to every display (if any is connected)",
        "> /msg 1002 Ob-la-da",
        "OK: sent to display 1002",
        "> /who 1001",
        "OK: display 1001 will show the client list",
        "the server closed the connection (it stopped, or dropped this emitter)",
    ] {
        assert!(
            e1.iter().any(|l| l == want),
            "emitter 1 lacks {want:?}: {e1:?}"
        );
    }
    assert!(lines_of(&out, "emitter 2").contains(&"> /msg 1001 Life goes on, brah!!!".into()));
}

#[test]
fn demo_pt() {
    let out = support::demo("pt", "msg");
    assert_eq!(
        lines_of(&out, "exibidor 1001"),
        [
            "registrado como exibidor 1001",
            "Mensagem de 1: Ob-la-di",
            "Mensagem de 2: Life goes on, brah!!!",
            "Clientes (4): 1 2 1001 1002",
            "o servidor está encerrando; saindo",
        ]
    );
    assert_eq!(
        lines_of(&out, "exibidor 1002"),
        [
            "registrado como exibidor 1002",
            "Mensagem de 1: Ob-la-di",
            "Mensagem de 1: Ob-la-da",
            "o servidor está encerrando; saindo",
        ]
    );
}

#[test]
fn bad_unknown_type_closes_only_that_connection() {
    let (srv, addr) = server(&[]);
    let mut bad = Raw::register(addr, 5);
    let mut frame = Msg::Qem(Head::new(5, 1000, 1, 1)).to_bytes();
    frame[1] = 9;
    bad.send_bytes(&frame);
    bad.expect_closed();
    srv.expect_err("unknown message type 9");
    served(addr, 5, 1000); // its id is free again
}

#[test]
fn bad_msg_sizes_are_refused_and_the_stream_stays_in_sync() {
    let (srv, addr) = server(&[]);
    let mut d = Raw::register(addr, 1000);
    let mut e = Raw::register(addr, 1);
    for len in [141usize, 0, 65535] {
        let h = e.msg(1000, &vec![b'x'; len]);
        e.expect_answer(&h, false);
        srv.expect_err(&format!("with {len} bytes of text"));
    }
    // The same connection is still in sync: a 140-byte message goes through.
    let h = e.msg(1000, &[b'y'; 140]);
    e.expect_answer(&h, true);
    match d.recv() {
        Msg::Msg(r, text) => {
            assert_eq!((r.orig, r.seq, text.len()), (1, h.seq, 140));
            d.send(&Msg::Ok(r.answer(1000, 1)));
        }
        other => panic!("expected the 140-byte MSG, got {other:?}"),
    }
    served(addr, 2, 1001);
}

#[test]
fn bad_orig_spoofing_is_refused_and_not_routed() {
    let (srv, addr) = server(&[]);
    let mut d = Raw::register(addr, 1000);
    let mut e = Raw::register(addr, 1);
    let spoof = Head::new(7, 0, e.next_seq(), 1);
    e.send(&Msg::Msg(spoof, b"I am 7".to_vec()));
    e.expect_answer(&spoof, false);
    srv.expect_err("with orig 7 on the connection of 1");
    // The display's next message is the genuine one: the spoofed one was not routed.
    let h = e.msg(0, b"genuine");
    e.expect_answer(&h, true);
    match d.recv() {
        Msg::Msg(r, text) => assert_eq!((r.orig, text.as_slice()), (1, &b"genuine"[..])),
        other => panic!("expected the genuine MSG, got {other:?}"),
    }
    served(addr, 2, 1001);
}

#[test]
fn bad_msg_before_oi_is_refused() {
    let (srv, addr) = server(&[]);
    let mut raw = Raw::connect(addr);
    let h = Head::new(3, 0, 0, 1);
    raw.send(&Msg::Msg(h, b"who am I".to_vec()));
    raw.expect_answer(&h, false);
    srv.expect_err("refused MSG before a successful OI");
    // It may still register afterwards.
    let oi = raw.oi(3);
    raw.expect_answer(&oi, true);
    served(addr, 1, 1000);
}

#[test]
fn bad_msg_qem_flw_from_a_display_are_refused() {
    let (srv, addr) = server(&[]);
    let mut d = Raw::register(addr, 1000);
    let h = d.msg(0, b"displays do not send");
    d.expect_answer(&h, false);
    srv.expect_err("display 1000");
    let h = d.head(1000);
    d.send(&Msg::Qem(h));
    d.expect_answer(&h, false);
    served(addr, 1, 1001);
}

#[test]
fn bad_unknown_destination_is_refused() {
    let (srv, addr) = server(&[]);
    let mut e = Raw::register(addr, 1);
    let h = e.msg(1005, b"anyone?");
    e.expect_answer(&h, false);
    srv.expect_err("for display 1005, which is not connected");
    let h = e.head(1005);
    e.send(&Msg::Qem(h));
    e.expect_answer(&h, false);
    let h = e.head(1005);
    e.send(&Msg::Flw(h));
    e.expect_answer(&h, false);
    // An emitter id is not a display either.
    let h = e.msg(2, b"emitters do not display");
    e.expect_answer(&h, false);
    served(addr, 2, 1000);
}

#[test]
fn bad_duplicate_id_is_refused_and_the_connection_kept() {
    let (srv, addr) = server(&[]);
    let _first = Raw::register(addr, 1);
    let mut second = Raw::connect(addr);
    let h = second.oi(1);
    second.expect_answer(&h, false);
    srv.expect_err("refused OI for id 1: that id is in use");
    let h = second.oi(2000);
    second.expect_answer(&h, false);
    let h = second.oi(0);
    second.expect_answer(&h, false);
    // Same connection, another id.
    let h = second.oi(2);
    second.expect_answer(&h, true);
    served(addr, 3, 1000);
}

#[test]
fn bad_capacity_limits_refuse_oi() {
    let (_srv, addr) = server(&["--max-emitters", "1", "--max-displays", "1"]);
    let _e = Raw::register(addr, 1);
    let _d = Raw::register(addr, 1000);
    let mut more = Raw::connect(addr);
    let h = more.oi(2);
    more.expect_answer(&h, false);
    let h = more.oi(1001);
    more.expect_answer(&h, false);
    // Room again once someone leaves.
    _e.leave();
    let h = more.oi(2);
    more.expect_answer(&h, true);
}

#[test]
fn bad_half_frame_then_silence_costs_only_its_connection() {
    let (srv, addr) = server(&[]);
    let mut half = Raw::register(addr, 9);
    let frame = Msg::Msg(Head::new(9, 0, 1, 1), b"never finished".to_vec()).to_bytes();
    half.send_bytes(&frame[..7]);
    served(addr, 1, 1000);
    // A half frame before the OI too.
    let mut half2 = Raw::connect(addr);
    half2.send_bytes(&frame[..20]);
    served(addr, 2, 1001);
    drop(half);
    srv.expect_err("emitter 9 (127.0.0.1");
    assert!(
        srv.stderr_lines()
            .iter()
            .any(|l| l.ends_with("in the middle of a frame (7 bytes)"))
    );
    drop(half2);
    srv.expect_err("in the middle of a frame (20 bytes)");
    served(addr, 9, 1002);
}

#[test]
fn bad_silent_connection_is_closed_after_the_oi_deadline() {
    let (srv, addr) = server(&["--hello-timeout", "300ms"]);
    let start = Instant::now();
    let mut silent = Raw::connect(addr);
    silent.expect_closed();
    assert!(start.elapsed() >= Duration::from_millis(250));
    srv.expect_err("no OI within");
    // Registered clients are not subject to the deadline.
    let mut e = Raw::register(addr, 1);
    let mut d = Raw::register(addr, 1000);
    let h = e.msg(1000, b"after the deadline");
    std::thread::sleep(Duration::from_millis(500)); // past the deadline on purpose
    e.expect_answer(&h, true);
    assert!(matches!(d.recv(), Msg::Msg(..)));
    served(addr, 2, 1001);
}

/// A display that never reads (tiny receive buffer, kernel buffers fill up) holds back only
/// the emitters that feed it: it is first marked as not acknowledging and sent to without
/// waiting; once its socket, writer and lane are full, emitter 1 (broadcasting) waits for it,
/// while emitter 2, which feeds only display 1000, is answered promptly the whole time. After
/// the stall deadline the stuck display is dropped (logged), emitter 1's waiting broadcast is
/// answered OK (it was queued to display 1000), and display 1000 has every message of both
/// emitters, in order.
#[test]
fn stuck_display_holds_back_only_its_emitters_until_the_stall_deadline() {
    let (srv, addr) = server(&[
        "--ack-timeout",
        "500ms",
        "--stall-timeout",
        "2s",
        "--queue",
        "64",
    ]);
    // The stuck display: a receive buffer as small as the kernel allows, never read.
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(2048).unwrap();
    socket.connect(&addr.into()).unwrap();
    let mut stuck = Raw::from_stream(socket.into());
    let h = stuck.oi(1001);
    stuck.expect_answer(&h, true);

    let mut good = Raw::register(addr, 1000);
    let mut e1 = Raw::register(addr, 1);
    let mut e2 = Raw::register(addr, 2);
    // Display 1000 answers every MSG and checks each emitter's order, until both said "end".
    let reader = std::thread::spawn(move || {
        let mut next = [0u32, 1, 1];
        let mut ended = 0;
        while ended < 2 {
            match good.recv() {
                Msg::Msg(r, text) => {
                    let from = r.orig as usize;
                    assert_eq!(r.seq, next[from], "emitter {from}'s messages out of order");
                    next[from] += 1;
                    good.send(&Msg::Ok(r.answer(1000, r.orig)));
                    if text == b"end" {
                        ended += 1;
                    }
                }
                other => panic!("display 1000: expected MSG, got {other:?}"),
            }
        }
        (good, next)
    });
    // Emitter 1 broadcasts batches of 100 until told to stop; every answer must be OK.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop1 = stop.clone();
    let flood = std::thread::spawn(move || {
        let text = [b'z'; 140];
        let mut slowest = Duration::ZERO;
        for _ in 0..1000 {
            if stop1.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            let t = Instant::now();
            let heads: Vec<Head> = (0..100).map(|_| e1.msg(0, &text)).collect();
            for h in &heads {
                e1.expect_answer(h, true);
            }
            slowest = slowest.max(t.elapsed());
        }
        let h = e1.msg(0, b"end");
        e1.expect_answer(&h, true);
        (slowest, h.seq)
    });
    srv.expect_err("display 1001 does not acknowledge");
    let dropped = |srv: &Proc| {
        srv.stderr_lines()
            .iter()
            .any(|l| l.contains("display 1001 took no data for 2s; dropping it"))
    };
    // Meanwhile emitter 2's messages to display 1000 go through at once.
    let mut slowest2 = Duration::ZERO;
    let start = Instant::now();
    while !dropped(&srv) {
        assert!(start.elapsed() < Duration::from_secs(60), "never dropped");
        let t = Instant::now();
        let h = e2.msg(1000, b"not held back");
        e2.expect_answer(&h, true);
        slowest2 = slowest2.max(t.elapsed());
        std::thread::sleep(Duration::from_millis(20)); // pacing, not synchronisation
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (slowest1, last1) = flood
        .join()
        .unwrap_or_else(|_| srv.fail("emitter 1 failed"));
    let h = e2.msg(1000, b"end");
    e2.expect_answer(&h, true);
    let (good, next) = reader
        .join()
        .unwrap_or_else(|_| srv.fail("display 1000 failed"));
    assert_eq!(next[1], last1 + 1, "display 1000 got every broadcast");
    assert_eq!(
        next[2],
        h.seq + 1,
        "display 1000 got every message of emitter 2"
    );
    assert!(
        slowest1 >= Duration::from_millis(1500),
        "emitter 1 was never held back by the stuck display ({slowest1:?})"
    );
    assert!(
        slowest2 < Duration::from_millis(1000),
        "emitter 2 was delayed ({slowest2:?}) by a display it does not feed"
    );
    let lines = srv.stderr_lines();
    let warned: Vec<_> = lines
        .iter()
        .filter(|l| l.contains("does not acknowledge"))
        .collect();
    assert_eq!(
        warned.len(),
        1,
        "the ack fallback is logged once: {warned:?}"
    );
    good.leave();
    served(addr, 3, 1002);
}

#[test]
fn sigint_server_says_goodbye_to_every_display() {
    let (mut srv, addr) = server(&["--trace"]);
    let mut d1 = client("display", addr, &["--id", "1001"]);
    d1.expect_err("registered as display 1001");
    let mut d2 = client("display", addr, &["--id", "1002", "--lang", "pt"]);
    d2.expect_err("registrado como exibidor 1002");
    let mut e = client("emitter", addr, &["--id", "1"]);
    e.expect_err("registered as emitter 1");
    e.send("before the end");
    d1.expect_out("Message from 1: before the end");
    d2.expect_out("Mensagem de 1: before the end");

    srv.signal("INT");
    for (d, id) in [(&mut d1, 1001), (&mut d2, 1002)] {
        d.expect_success();
        for line in d.stderr_lines() {
            assert!(
                !line.contains("error") && !line.contains("warning"),
                "display {id} said {line:?}"
            );
        }
    }
    assert_eq!(d1.stdout_lines(), ["Message from 1: before the end"]);
    assert_eq!(d2.stdout_lines(), ["Mensagem de 1: before the end"]);
    d1.expect_err("the server is shutting down; leaving");
    srv.expect_success();
    for id in [1001, 1002] {
        let ok = format!("OK orig={id} dest=0 seq=0");
        assert!(
            srv.stderr_lines()
                .iter()
                .any(|l| l.contains("trace <-") && l.contains(&ok)),
            "display {id} did not answer FLW: {:?}",
            srv.stderr_lines()
        );
    }
    e.expect_err("the server closed the connection (it stopped");
    // Our server closes an emitter without a goodbye: the server vanished under it.
    assert_eq!(e.wait_exit(DEADLINE).code(), Some(1));
    assert!(
        !srv.stderr_lines()
            .iter()
            .any(|l| l.contains("did not answer FLW")),
        "{:?}",
        srv.stderr_lines()
    );
}

/// A raw server for one client: accept, answer its OI, return the connection.
fn raw_server() -> (TcpListener, SocketAddr) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let a = l.local_addr().unwrap();
    (l, a)
}

fn accept(l: &TcpListener) -> Raw {
    let (s, _) = l.accept().unwrap();
    Raw::from_stream(s)
}

/// Our `role` with `id`, registered with a raw server: the client, and the server's side.
fn registered_raw(role: &str, id: u16) -> (Proc, Raw) {
    let (l, addr) = raw_server();
    let ids = id.to_string();
    let p = client(role, addr, &["--id", &ids]);
    let mut s = accept(&l);
    let Msg::Oi(h) = s.recv() else {
        panic!("{role}: expected OI")
    };
    assert_eq!((h.orig, h.dest, h.seq), (id, 0, 0));
    s.send(&Msg::Ok(h.answer(0, id)));
    p.expect_err(&format!("registered as {role} {id}"));
    (p, s)
}

#[test]
fn sigint_emitter_and_display_send_flw_and_exit_0() {
    for (role, id) in [("emitter", 7u16), ("display", 1007)] {
        let (mut p, mut s) = registered_raw(role, id);
        p.signal("INT");
        match s.recv() {
            Msg::Flw(f) => {
                assert_eq!((f.orig, f.dest, f.seq), (id, 0, 1), "{role}");
                s.send(&Msg::Ok(f.answer(0, id)));
            }
            other => panic!("{role}: expected FLW, got {other:?}"),
        }
        let t = Instant::now();
        p.expect_success();
        assert!(
            t.elapsed() < Duration::from_millis(1500),
            "{role} waited for the timeout"
        );
        s.expect_closed();
    }
}

/// A server that pads fixed-size fields sends all-zero frames: each client says so once, as a
/// warning, and goes on (the display still shows what comes next).
#[test]
fn clients_warn_once_about_a_server_sending_all_zero_frames() {
    const WARNING: &str = "the server sends all-zero frames";
    for (role, id) in [("emitter", 8u16), ("display", 1008)] {
        let (mut p, mut s) = registered_raw(role, id);
        s.send_bytes(&[0; 3 * 14]);
        p.expect_err(WARNING);
        s.send_bytes(&[0; 14]);
        if role == "display" {
            s.send(&Msg::Msg(
                Head::new(1, id, 1, 0),
                b"after the zeros".to_vec(),
            ));
            p.expect_out("Message from 1: after the zeros");
            let Msg::Ok(ok) = s.recv() else {
                panic!("the display did not acknowledge")
            };
            assert_eq!(ok.seq, 1);
        }
        p.signal("INT");
        let Msg::Flw(f) = s.recv() else {
            panic!("{role}: expected FLW")
        };
        s.send(&Msg::Ok(f.answer(0, id)));
        p.expect_success();
        let warned = p
            .stderr_lines()
            .iter()
            .filter(|l| l.contains(WARNING))
            .count();
        assert_eq!(warned, 1, "{role}: {:?}", p.stderr_lines());
    }
}

/// The server reads its sockets and waits on them on its own thread: a Ctrl-C that comes
/// while it looks at them without waiting (just after start, say) must still end it at once.
#[test]
fn a_server_interrupted_as_soon_as_it_listens_exits_at_once() {
    for _ in 0..20 {
        let (mut srv, _addr) = server(&[]);
        srv.signal("INT");
        let t = Instant::now();
        srv.expect_success();
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    }
}

#[test]
fn id_probing_finds_the_lowest_free_ids() {
    let (_srv, addr) = server(&[]);
    let e1 = client("emitter", addr, &[]);
    e1.expect_err("registered as emitter 1");
    let e2 = client("emitter", addr, &[]);
    e2.expect_err("registered as emitter 2");
    // The first display an emitter owns: 1000 would belong to no one.
    let d = client("display", addr, &[]);
    d.expect_err("registered as display 1001");
    let taken = client("emitter", addr, &["--id", "2"]);
    taken.expect_err("the server refused id 2");
    let mut taken = taken;
    assert_eq!(taken.wait_exit(DEADLINE).code(), Some(1));
}

/// A server that closes the connection after ERRO: the client reconnects and goes on.
#[test]
fn id_probing_copes_with_a_server_that_closes_after_erro() {
    let (l, addr) = raw_server();
    let p = client("emitter", addr, &[]);
    for refused in [1u16, 2] {
        let mut s = accept(&l);
        let Msg::Oi(h) = s.recv() else {
            panic!("expected OI")
        };
        assert_eq!(h.orig, refused);
        s.send(&Msg::Erro(h.answer(0, refused)));
        // It may already have sent the next OI on this connection: we close anyway.
        drop(s);
    }
    loop {
        let mut s = accept(&l);
        let Ok(Msg::Oi(h)) = s.try_recv() else {
            continue;
        };
        assert_eq!(h.orig, 3, "after ERRO for 1 and 2, it tries 3");
        s.send(&Msg::Ok(h.answer(0, 3)));
        p.expect_err("registered as emitter 3");
        break;
    }
}

#[test]
fn stop_obeys_only_the_owner() {
    let (_srv, addr) = server(&[]);
    let mut d = client("display", addr, &["--id", "1001"]);
    d.expect_err("registered as display 1001");
    let mut e2 = client("emitter", addr, &["--id", "2"]);
    e2.expect_err("registered as emitter 2");
    let mut e1 = client("emitter", addr, &["--id", "1"]);
    e1.expect_err("registered as emitter 1");

    e2.send("/stop 1001");
    e2.expect_err("ERRO: display 1001 refused to stop: only its owner may stop it");
    d.expect_err("warning: emitter 2 asked this display to stop, but only emitter 1 may");
    e1.send("still running?");
    d.expect_out("Message from 1: still running?");

    e1.send("/stop 1001");
    e1.expect_err("OK: display 1001 agreed to stop");
    d.expect_err("emitter 1 (the owner) asked to stop; leaving");
    d.expect_success();
    e1.send("/msg 1001 gone?");
    e1.expect_err("ERRO: display 1001 is not connected");
    e2.send("/quit");
    e2.expect_success();
}

#[test]
fn emitter_commands_and_feedback() {
    let (_srv, addr) = server(&[]);
    let d = client("display", addr, &["--id", "1003", "--owner", "4"]);
    d.expect_err("registered as display 1003");
    let mut e = client("emitter", addr, &["--id", "4", "--to", "1003"]);
    e.expect_err("registered as emitter 4");
    e.send("plain line to the default destination");
    e.expect_err("OK: sent to display 1003");
    d.expect_out("Message from 4: plain line to the default destination");
    e.send("/msg 1005 hello?");
    e.expect_err("ERRO: display 1005 is not connected");
    e.send("/who 1005");
    e.expect_err("ERRO: display 1005 is not connected");
    e.send(&"x".repeat(141));
    e.expect_err("message too long (141 bytes, at most 140); not sent");
    e.send("/frobnicate");
    e.expect_err("unknown command: \"/frobnicate\"");
    e.send("/help");
    e.expect_err("/msg D TEXT");
    e.send("/who 1003");
    d.expect_out("Clients (2): 4 1003");
    // Invalid UTF-8 reaches the display and is shown lossily.
    let mut raw = Raw::register(addr, 5);
    let h = raw.msg(1003, &[b'o', 0xff, b'i']);
    raw.expect_answer(&h, true);
    d.expect_out("Message from 5: o\u{fffd}i");
    e.send("/quit");
    e.expect_success();
}

#[test]
fn emitter_exits_0_on_end_of_input_after_its_answers() {
    let (srv, addr) = server(&["-v"]);
    let mut e = client("emitter", addr, &["--id", "8"]);
    e.expect_err("registered as emitter 8");
    e.send("/msg 1999 nobody");
    e.close_stdin();
    e.expect_err("ERRO: display 1999 is not connected");
    e.expect_success();
    srv.expect_err("emitter 8 left");
}

/// A server that says goodbye to emitters too (ours only closes): the emitter answers OK
/// and exits 0.
#[test]
fn emitter_obeys_a_server_flw() {
    let (l, addr) = raw_server();
    let mut p = client("emitter", addr, &["--id", "3"]);
    let mut s = accept(&l);
    let Msg::Oi(h) = s.recv() else {
        panic!("expected OI")
    };
    s.send(&Msg::Ok(h.answer(0, 3)));
    p.expect_err("registered as emitter 3");
    let flw = Head::new(0, 3, 0, 1_700_000_000);
    s.send(&Msg::Flw(flw));
    match s.recv() {
        Msg::Ok(a) => assert_eq!((a.orig, a.dest, a.seq, a.ts), (3, 0, 0, flw.ts)),
        other => panic!("expected OK, got {other:?}"),
    }
    p.expect_err("the server is shutting down; leaving");
    p.expect_success();
}

/// `/stop 0` would be a FLW with dest 0, which is the emitter's own goodbye; `/who 0` a QEM
/// no display can show. Both are refused locally, and the emitter stays registered.
#[test]
fn emitter_refuses_stop_0_and_who_0_locally() {
    let (srv, addr) = server(&["-v"]);
    let d = client("display", addr, &["--id", "1000"]);
    d.expect_err("registered as display 1000");
    let mut e = client("emitter", addr, &["--id", "1"]);
    e.expect_err("registered as emitter 1");
    e.send("/stop 0");
    e.expect_err("\"/stop 0\": 0 is the server, not a display (displays: 1000 to 1999); not sent");
    e.send("/who 0");
    e.expect_err("\"/who 0\": 0 is the server, not a display");
    e.send("still registered");
    e.expect_err("OK: sent to every display");
    d.expect_out("Message from 1: still registered");
    assert!(
        !srv.stderr_lines()
            .iter()
            .any(|l| l.contains("emitter 1 left")),
        "the emitter left: {:?}",
        srv.stderr_lines()
    );
    e.send("/quit");
    e.expect_success();
}

/// A MSG, QEM or FLW for a display whose queue is full waits (no answer yet: it is not
/// queued); when that display is dropped for taking no data for the stall deadline, the
/// request is answered ERRO, and the display is gone.
#[test]
fn request_waiting_for_a_stalled_display_gets_erro_when_it_is_dropped() {
    let (srv, addr) = server(&[
        "--queue",
        "1",
        "--ack-timeout",
        "60s",
        "--stall-timeout",
        "500ms",
    ]);
    let mut e = Raw::register(addr, 1);
    for (display, kind) in [(1000u16, "MSG"), (1001, "QEM"), (1002, "FLW")] {
        // Registered, never answers: the first MSG stays outstanding, the second waits.
        let mut d = Raw::register(addr, display);
        for text in [&b"outstanding"[..], b"queued"] {
            let h = e.msg(display, text);
            e.expect_answer(&h, true);
        }
        let h = e.head(display);
        let t = Instant::now();
        e.send(&match kind {
            "MSG" => Msg::Msg(h, b"one too many".to_vec()),
            "QEM" => Msg::Qem(h),
            _ => Msg::Flw(h),
        });
        e.expect_answer(&h, false);
        assert!(
            t.elapsed() >= Duration::from_millis(450),
            "{kind}: answered before the stall deadline"
        );
        srv.expect_err(&format!(
            "display {display} took no data for 500ms; dropping it"
        ));
        if kind == "MSG" {
            // (Later ones may be counted instead: three warnings a second per peer.)
            srv.expect_err(
                "refused MSG for display 1000, which went away before it could be queued",
            );
        }
        d.expect_closed();
        // Gone from the registry.
        let h = e.msg(display, b"gone?");
        e.expect_answer(&h, false);
    }
    served(addr, 2, 1003);
}

/// A MSG (or OKQEM) that arrives while a display waits for the OK to its goodbye was
/// relayed before the server read the FLW: it is printed, not lost.
#[test]
fn display_prints_what_arrives_while_it_says_goodbye() {
    let (l, addr) = raw_server();
    let mut p = client("display", addr, &["--id", "1001"]);
    let mut s = accept(&l);
    let Msg::Oi(h) = s.recv() else {
        panic!("expected OI")
    };
    s.send(&Msg::Ok(h.answer(0, 1001)));
    p.expect_err("registered as display 1001");
    p.signal("INT");
    let Msg::Flw(f) = s.recv() else {
        panic!("expected FLW")
    };
    s.send(&Msg::Msg(
        Head::new(3, 1001, 9, 1),
        b"just in time".to_vec(),
    ));
    s.send(&Msg::Okqem(Head::new(0, 1001, 4, 1), vec![3, 1001]));
    s.send(&Msg::Ok(f.answer(0, 1001)));
    p.expect_out("Message from 3: just in time");
    p.expect_out("Clients (2): 3 1001");
    p.expect_success();
    assert_eq!(p.stdout_lines().len(), 2, "{:?}", p.stdout_lines());
    s.expect_closed();
}

/// A known command with wrong arguments prints that command's usage (not "unknown
/// command"); `/help` is a table, one command per line; a hint to it comes at start; a line of
/// blanks is not sent. In English and Portuguese.
#[test]
fn emitter_usage_lines_help_table_and_blank_lines() {
    use netlab::msg::text::{HELP, MsgText};
    use netlab::term::text::{Lang, Text};
    let (_srv, addr) = server(&[]);
    let d = client("display", addr, &["--id", "1000"]);
    d.expect_err("registered as display 1000");
    let cases = [
        (
            "en",
            Lang::En,
            "/help lists the commands",
            [
                (
                    "/msg abc hi",
                    "usage: /msg D TEXT (D: a display, 1000 to 1999, or 0 for every display)",
                ),
                ("/msg 1001", "usage: /msg D TEXT"),
                ("/who", "usage: /who D (D: a display, 1000 to 1999)"),
                ("/who x", "usage: /who D"),
                ("/stop", "usage: /stop D (D: a display, 1000 to 1999)"),
                ("/quit now", "usage: /quit (no arguments)"),
            ],
        ),
        (
            "pt",
            Lang::Pt,
            "/help lista os comandos",
            [
                (
                    "/msg abc hi",
                    "uso: /msg D TEXTO (D: um exibidor, de 1000 a 1999, ou 0 para todos)",
                ),
                ("/msg 1001", "uso: /msg D TEXTO"),
                ("/who", "uso: /who D (D: um exibidor, de 1000 a 1999)"),
                ("/who x", "uso: /who D"),
                ("/stop", "uso: /stop D (D: um exibidor, de 1000 a 1999)"),
                ("/quit now", "uso: /quit (sem argumentos)"),
            ],
        ),
    ];
    for (i, (lang, l, hint, usages)) in cases.into_iter().enumerate() {
        let id = (i + 1).to_string();
        let mut e = client("emitter", addr, &["--id", &id, "--lang", lang]);
        e.expect_err(hint);
        for (input, usage) in usages {
            e.send(input);
            e.expect_err(usage);
        }
        let errs = e.stderr_lines();
        assert!(
            !errs
                .iter()
                .any(|l| l.contains("unknown command") || l.contains("não entendido")),
            "{errs:?}"
        );
        // Only blanks: not sent; the next line is.
        e.send("    ");
        e.send("after the blanks");
        d.expect_next_out(&format!("Message from {id}: after the blanks"));
        // Its OK first, so that nothing comes between the lines of the table.
        e.expect_err(&MsgText::OkToAll.render(l));
        e.send("/help");
        let last = format!("msg: {}", MsgText::Help(*HELP.last().unwrap()).render(l));
        e.wait_for(support::On::Err, "the end of /help", DEADLINE, |line| {
            line == last
        });
        let errs = e.stderr_lines();
        let table: Vec<String> = HELP
            .iter()
            .map(|&row| format!("msg: {}", MsgText::Help(row).render(l)))
            .collect();
        let at = errs.len() - table.len();
        assert_eq!(errs[at..], table[..], "one command per line");
        assert!(table[2].starts_with("msg:   /msg D TEX"), "{table:?}");
        e.send("/quit");
        e.expect_success();
    }
}

#[test]
fn bad_msg_ids_and_counts_exit_2_with_the_range_written_for_people() {
    for (args, want) in [
        (
            &["msg", "emitter", "--id", "5000"][..],
            "\"5000\" is not an id from 1 to 999",
        ),
        (
            &["msg", "emitter", "--id", "0"][..],
            "\"0\" is not an id from 1 to 999",
        ),
        (
            &["msg", "display", "--id", "5"][..],
            "\"5\" is not an id from 1000 to 1999",
        ),
        (
            &["msg", "display", "--owner", "1000"][..],
            "is not an id from 1 to 999",
        ),
        (
            &["msg", "server", "--max-emitters", "1000"][..],
            "is not a number from 0 to 999",
        ),
        (
            &["msg", "server", "--max-displays", "1001"][..],
            "is not a number from 0 to 1000",
        ),
        (
            &["msg", "server", "--stall-timeout", "soon"][..],
            "is not a duration",
        ),
    ] {
        let (status, _, err) = support::run(args, "");
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

/// Joins and leaves are logged at the default level, one line each, in en and pt.
#[test]
fn server_logs_joins_and_leaves() {
    for (lang, joined_d, joined_e, left_d, left_e) in [
        (
            "en",
            "msg: display 1001 joined (127.0.0.1:",
            "msg: emitter 1 joined (127.0.0.1:",
            "msg: display 1001 left",
            "msg: emitter 1 left (connection closed without FLW)",
        ),
        (
            "pt",
            "msg: o exibidor 1001 entrou (127.0.0.1:",
            "msg: o emissor 1 entrou (127.0.0.1:",
            "msg: o exibidor 1001 saiu",
            "msg: o emissor 1 saiu (conexão fechada sem FLW)",
        ),
    ] {
        let (srv, addr) = server(&["--lang", lang]);
        let d = Raw::register(addr, 1001);
        srv.wait_for(support::On::Err, joined_d, DEADLINE, |l| {
            l.starts_with(joined_d)
        });
        let e = Raw::register(addr, 1);
        srv.wait_for(support::On::Err, joined_e, DEADLINE, |l| {
            l.starts_with(joined_e)
        });
        d.leave();
        srv.wait_for(support::On::Err, left_d, DEADLINE, |l| l == left_d);
        drop(e);
        srv.wait_for(support::On::Err, left_e, DEADLINE, |l| l == left_e);
    }
}
