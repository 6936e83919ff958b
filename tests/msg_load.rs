//! Load (bounded): 100 emitters × 20 broadcasts reach 100 stop-and-wait displays exactly once
//! and in per-emitter order; then the server holds its full capacity, 999 emitters and 1,000
//! displays, and a QEM lists all 1,999. Raw clients, driven from a few threads.

mod support;

use std::net::SocketAddr;
use std::thread;
use std::time::{Duration, Instant};

use netlab::msg::wire::{Head, Msg};
use support::Proc;
use support::msg::Raw;

const EMITTERS: u16 = 100;
const DISPLAYS: u16 = 100;
const EACH: u32 = 20;
const THREADS: usize = 4;

fn server() -> (Proc, SocketAddr) {
    // Every emitter may get its 20 broadcasts queued before a display acknowledges the
    // first: a display's lane must hold the whole burst of 2,000.
    support::msg::server(&["--queue", "4096"])
}

/// A display's side: answer every MSG with OK; check each emitter's messages arrive once,
/// in order (seq 1, 2, … as each emitter numbers them after its OI).
fn run_displays(mut displays: Vec<Raw>) -> Vec<Raw> {
    let mut next = vec![vec![1u32; EMITTERS as usize + 1]; displays.len()];
    let mut left = vec![EMITTERS as u32 * EACH; displays.len()];
    let total: u32 = left.iter().sum();
    let mut done = 0;
    while done < total {
        // Round robin: each display has at most one MSG outstanding (stop-and-wait), so a
        // blocking read on one never starves the others for long.
        for (i, d) in displays.iter_mut().enumerate() {
            if left[i] == 0 {
                continue;
            }
            match d.recv() {
                Msg::Msg(h, text) => {
                    let from = h.orig as usize;
                    assert!((1..=EMITTERS as usize).contains(&from), "bad orig {h:?}");
                    assert_eq!(h.dest, d.id);
                    assert_eq!(
                        h.seq, next[i][from],
                        "display {} got emitter {from}'s messages out of order or twice",
                        d.id
                    );
                    assert_eq!(text, format!("{from}:{}", h.seq).as_bytes());
                    next[i][from] += 1;
                    left[i] -= 1;
                    done += 1;
                    let id = d.id;
                    d.send(&Msg::Ok(h.answer(id, h.orig)));
                }
                other => panic!("display {}: expected MSG, got {other:?}", d.id),
            }
        }
    }
    for (i, d) in displays.iter().enumerate() {
        assert!(
            next[i][1..].iter().all(|&n| n == EACH + 1),
            "display {}",
            d.id
        );
    }
    displays
}

/// An emitter's side: 20 broadcasts each, pipelined across emitters, every one answered OK.
fn run_emitters(mut emitters: Vec<Raw>) -> Vec<Raw> {
    for _ in 0..EACH {
        let heads: Vec<Head> = emitters
            .iter_mut()
            .map(|e| {
                let seq = e.seq;
                let text = format!("{}:{seq}", e.id);
                e.msg(0, text.as_bytes())
            })
            .collect();
        for (e, h) in emitters.iter_mut().zip(&heads) {
            e.expect_answer(h, true);
        }
    }
    emitters
}

/// Split `items` into `n` groups for `n` threads.
fn groups(items: Vec<Raw>, n: usize) -> Vec<Vec<Raw>> {
    let mut out: Vec<Vec<Raw>> = (0..n).map(|_| Vec::new()).collect();
    for (i, r) in items.into_iter().enumerate() {
        out[i % n].push(r);
    }
    out
}

#[test]
fn load_broadcast_then_full_capacity() {
    let start = Instant::now();
    let (srv, addr) = server();
    let displays: Vec<Raw> = (1000..1000 + DISPLAYS)
        .map(|id| Raw::register(addr, id))
        .collect();
    let emitters: Vec<Raw> = (1..=EMITTERS).map(|id| Raw::register(addr, id)).collect();

    let display_threads: Vec<_> = groups(displays, THREADS)
        .into_iter()
        .map(|g| thread::spawn(move || run_displays(g)))
        .collect();
    let emitter_threads: Vec<_> = groups(emitters, 2)
        .into_iter()
        .map(|g| thread::spawn(move || run_emitters(g)))
        .collect();
    let mut emitters: Vec<Raw> = Vec::new();
    for t in emitter_threads {
        emitters.extend(t.join().unwrap_or_else(|_| srv.fail("an emitter failed")));
    }
    let mut displays: Vec<Raw> = Vec::new();
    for t in display_threads {
        displays.extend(t.join().unwrap_or_else(|_| srv.fail("a display failed")));
    }
    let broadcast = start.elapsed();

    // Full capacity: the 200 above stay; 899 emitters and 900 displays more, all at once.
    for id in EMITTERS + 1..=999 {
        emitters.push(Raw::register(addr, id));
    }
    for id in 1000 + DISPLAYS..=1999 {
        displays.push(Raw::register(addr, id));
    }
    let d1000 = displays.iter_mut().find(|d| d.id == 1000).unwrap();
    let e1 = emitters.iter_mut().find(|e| e.id == 1).unwrap();
    let h = e1.head(1000);
    e1.send(&Msg::Qem(h));
    e1.expect_answer(&h, true);
    match d1000.recv() {
        Msg::Okqem(q, ids) => {
            assert_eq!((q.orig, q.dest, q.seq), (0, 1000, h.seq));
            let all: Vec<u16> = (1..=1999).collect();
            assert_eq!(ids, all, "QEM lists every registered client, ascending");
        }
        other => panic!("display 1000: expected OKQEM, got {other:?}"),
    }
    // Beyond capacity nothing is left: every id of both ranges is taken.
    let mut extra = Raw::connect(addr);
    let h = extra.oi(500);
    extra.expect_answer(&h, false);
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "load test too slow: broadcast {broadcast:?}, total {:?}",
        start.elapsed()
    );
    eprintln!(
        "load: 2,000 broadcasts to 100 displays in {broadcast:?}; total {:?}",
        start.elapsed()
    );
}
