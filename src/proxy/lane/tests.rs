//! The lane's tests: sans-IO, the clock passed in.

use super::*;
use crate::msg::wire::{Head, Msg};

fn lane(plan: Plan) -> Lane {
    Lane::new(Proto::Msg, Lang::En, Side::Server, Some(plan), 7, false)
}

fn notes(l: &mut Lane) -> Vec<String> {
    use crate::term::text::Text;
    l.events
        .drain(..)
        .filter_map(|e| match e {
            Event::Note(t) => Some(t.render(Lang::En)),
            _ => None,
        })
        .collect()
}

fn sizes(l: &Lane) -> Vec<usize> {
    l.out.iter().map(|p| p.bytes.len()).collect()
}

fn msg(seq: u32, text: &str) -> Vec<u8> {
    Msg::Msg(Head::new(1, 0, seq, 9), text.as_bytes().to_vec()).to_bytes()
}

#[test]
fn split_field_cuts_header_length_text_whatever_the_reads() {
    let now = Instant::now();
    let mut l = lane(Plan {
        split: Some(Split::Field),
        gap: Duration::from_millis(20),
        ..Plan::default()
    });
    let m = msg(3, "Ob-la-di");
    for b in &m {
        l.feed(&[*b], now);
    }
    assert_eq!(sizes(&l), [14, 2, 8]);
    assert_eq!(notes(&mut l), ["proxy: split MSG seq=3 into 14+2+8"]);
    let dues: Vec<_> = l.out.iter().map(|p| p.due - now).collect();
    assert_eq!(dues[1] - dues[0], Duration::from_millis(20));
    let all: Vec<u8> = l.out.iter().flat_map(|p| p.bytes.clone()).collect();
    assert_eq!(all, m);
}

#[test]
fn coalesce_holds_then_writes_once_or_releases_after_hold() {
    let now = Instant::now();
    let mut l = lane(Plan {
        coalesce: 2,
        hold: Duration::from_millis(100),
        ..Plan::default()
    });
    let mut two = msg(1, "a");
    two.extend(msg(2, "b"));
    l.feed(&two[..5], now);
    l.feed(&two[5..], now);
    assert_eq!(sizes(&l), [two.len()]);
    assert_eq!(
        notes(&mut l),
        [format!(
            "proxy: coalesced MSG seq=1, MSG seq=2 into one write of {} bytes",
            two.len()
        )]
    );
    l.out.clear();
    l.feed(&msg(3, "c"), now);
    assert!(l.out.is_empty());
    assert_eq!(l.next_time(), Some(now + Duration::from_millis(100)));
    l.tick(now + Duration::from_millis(100));
    assert_eq!(sizes(&l), [17]);
    assert_eq!(
        notes(&mut l),
        ["proxy: released MSG seq=3 after 100ms alone"]
    );
}

#[test]
fn corrupt_the_nth_frame_and_end_after() {
    let now = Instant::now();
    let mut l = lane(Plan {
        corrupt: Some(Corrupt {
            field: "type".into(),
            value: 9,
            at: 2,
            typed: "type=9@2".into(),
        }),
        ends: vec![(EndKind::Close, 2)],
        ..Plan::default()
    });
    l.feed(&msg(1, "a"), now);
    l.feed(&msg(2, "b"), now);
    assert_eq!(l.out[1].bytes[..2], [0, 9]);
    assert_eq!(l.out[1].then, Some(EndKind::Close));
    assert!(l.full(), "nothing more is read once the end is scheduled");
    assert_eq!(notes(&mut l), ["proxy: corrupted MSG seq=2: type 2 -> 9"]);
}

#[test]
fn delay_and_rate_keep_order_and_pace() {
    let now = Instant::now();
    let mut l = lane(Plan {
        delay: Duration::from_millis(50),
        jitter: Duration::from_millis(30),
        rate: Some(200),
        ..Plan::default()
    });
    for s in 0..4 {
        l.feed(&msg(s, "0123456789"), now);
    }
    let dues: Vec<_> = l.out.iter().map(|p| p.due).collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "in order");
    assert!(dues[0] >= now + Duration::from_millis(50));
    assert!(sizes(&l).iter().all(|&s| s <= 10), "{:?}", sizes(&l));
    // 104 bytes at 200 B/s: the last write no sooner than about half a second on.
    assert!(*dues.last().unwrap() >= now + Duration::from_millis(450));
}

#[test]
fn undecodable_bytes_pass_raw_with_hints() {
    let now = Instant::now();
    let mut l = Lane::new(Proto::Msg, Lang::En, Side::Server, None, 0, false);
    let mut ok = Msg::Ok(Head::new(0, 1, 1, 1)).to_bytes();
    ok.swap(0, 1);
    l.feed(&ok, now);
    assert!(matches!(l.events[0], Event::Bytes { .. }));
    assert!(matches!(l.events[1], Event::Hint(_)));
    assert_eq!(sizes(&l), [14]);
    // Framing is lost: the rest passes as it comes, shown as bytes.
    l.events.clear();
    l.feed(b"abc", now);
    assert_eq!(sizes(&l), [14, 3]);
    assert!(matches!(&l.events[..], [Event::Bytes { bytes, .. }] if bytes == b"abc"));
}

#[test]
fn an_unterminated_chat_line_goes_after_a_pause() {
    let now = Instant::now();
    // Where frames are cut (here by --split), the line waits for the pause.
    let mut l = Lane::new(
        Proto::Chat,
        Lang::En,
        Side::Client,
        Some(Plan {
            split: Some(Split::Bytes(1000)),
            ..Plan::default()
        }),
        1,
        false,
    );
    l.feed(b"USER Ana\r\nOi Ana!", now);
    assert_eq!(sizes(&l), vec![10]);
    l.out.clear();
    l.events.clear();
    assert_eq!(l.next_time(), Some(now + CHAT_PAUSE));
    // More of the line: the pause starts again.
    let later = now + Duration::from_millis(300);
    l.feed(b" Tudo", later);
    assert_eq!(l.next_time(), Some(later + CHAT_PAUSE));
    l.tick(later + CHAT_PAUSE - Duration::from_millis(1));
    assert!(l.out.is_empty(), "still waiting");
    l.tick(later + CHAT_PAUSE);
    assert_eq!(sizes(&l), vec![12]);
    assert!(
        l.events
            .iter()
            .any(|e| matches!(e, Event::Frame { bytes, .. } if bytes == b"Oi Ana! Tudo")),
        "{:?}",
        l.events.len()
    );
    assert!(
        l.events
            .iter()
            .any(|e| matches!(e, Event::Hint(h) if h.contains("\\r\\n")))
    );
    l.out.clear();
    assert_eq!(l.next_time(), None);
}

fn clean(proto: Proto, to: Side) -> Lane {
    Lane::new(proto, Lang::En, to, None, 0, false)
}

fn written(l: &mut Lane) -> Vec<Vec<u8>> {
    l.out.drain(..).map(|p| p.bytes).collect()
}

#[test]
fn a_clean_lane_forwards_each_read_as_it_came_and_decodes_alongside() {
    let now = Instant::now();
    let mut l = clean(Proto::Msg, Side::Server);
    let mut two = msg(1, "Ob-la-di");
    two.extend(msg(2, "Ob-la-da"));
    l.feed(&two[..20], now);
    assert_eq!(written(&mut l), [two[..20].to_vec()]);
    assert!(l.events.is_empty(), "no frame is whole yet");
    // The end of one frame and the start of the next: one write, as read.
    l.feed(&two[20..30], now);
    assert_eq!(written(&mut l), [two[20..30].to_vec()]);
    assert!(matches!(&l.events[..], [Event::Frame { bytes, .. }] if bytes == &two[..24]));
    l.events.clear();
    l.feed(&two[30..], now);
    assert_eq!(written(&mut l), [two[30..].to_vec()]);
    assert_eq!(l.frames, 2);
}

#[test]
fn delay_and_rate_time_the_chunks_of_a_clean_direction() {
    let now = Instant::now();
    let mut l = lane(Plan {
        delay: Duration::from_millis(300),
        rate: Some(1000),
        ..Plan::default()
    });
    let m = msg(1, "0123456789");
    l.feed(&m[..5], now);
    l.feed(&m[5..], now);
    // Pieces of at most 50 bytes (a twentieth of a second), the reads' boundaries kept.
    assert_eq!(sizes(&l), [5, m.len() - 5]);
    assert!(l.out[0].due >= now + Duration::from_millis(300));
    assert!(l.out[1].due >= l.out[0].due + Duration::from_millis(5));
    assert_eq!(
        notes(&mut l),
        [
            "proxy: delayed 5 bytes by 300ms",
            "proxy: delayed MSG seq=1 by 305ms"
        ]
    );
}

#[test]
fn a_kv_id_is_held_until_whole_and_rewritten_other_frames_pass_as_they_come() {
    let now = Instant::now();
    let mut l = clean(Proto::Kv, Side::Server).holding(frames::starts_kv_id);
    let mut rw = |f: &[u8]| match frames::answer_port(Proto::Kv, f) {
        Some(_) => Rewrite {
            bytes: Some(frames::with_answer_port(41234)),
            note: None,
        },
        None => Rewrite::default(),
    };
    let id = frames::with_answer_port(5001);
    // One byte: not known to be an ID yet, so it goes.
    l.feed_with(&id[..1], now, &mut rw);
    assert_eq!(written(&mut l), [vec![0]]);
    // Known to be an ID: held until whole, then the rest of the rewritten one.
    l.feed_with(&id[1..3], now, &mut rw);
    assert!(l.out.is_empty());
    l.feed_with(&id[3..], now, &mut rw);
    assert_eq!(
        written(&mut l),
        [frames::with_answer_port(41234)[1..].to_vec()]
    );
    // A node's ID (port 0) is held the same and goes unchanged.
    let mut l = clean(Proto::Kv, Side::Server).holding(frames::starts_kv_id);
    l.feed_with(&[0, 4, 0], now, &mut rw);
    assert!(l.out.is_empty());
    l.feed_with(&[0], now, &mut rw);
    assert_eq!(written(&mut l), [vec![0, 4, 0, 0]]);
}

#[test]
fn a_chat_addr_answer_is_held_and_rewritten_other_lines_pass_as_they_come() {
    let now = Instant::now();
    let mut l = clean(Proto::Chat, Side::Client).holding(frames::starts_chat_addr);
    let to: std::net::SocketAddr = "127.0.0.1:7000".parse().unwrap();
    let mut rw = |f: &[u8]| Rewrite {
        bytes: frames::chat_addr_rewritten(f, to),
        note: None,
    };
    l.feed_with(b"OK\r\nADD", now, &mut rw);
    assert_eq!(written(&mut l), [b"OK\r\nADD".to_vec()]);
    l.feed_with(b"R 127.0.0.1:", now, &mut rw);
    assert!(l.out.is_empty(), "an ADDR answer is held");
    l.feed_with(b"5555\r\nLI", now, &mut rw);
    assert_eq!(
        written(&mut l),
        [b"R 127.0.0.1:7000\r\nLI".to_vec()],
        "rewritten, and what follows goes with it"
    );
    // An ADDR answer without its \r\n: rewritten after the pause.
    l.feed_with(b"ST\r\nADDR 127.0.0.1:5555", now, &mut rw);
    assert_eq!(written(&mut l), [b"ST\r\n".to_vec()]);
    l.tick_with(now + CHAT_PAUSE, &mut rw);
    assert_eq!(written(&mut l), [b"ADDR 127.0.0.1:7000".to_vec()]);
    // Any other unterminated line went as it came, and is shown after the pause.
    l.events.clear();
    l.feed_with(b"Oi", now, &mut rw);
    assert_eq!(written(&mut l), [b"Oi".to_vec()]);
    l.tick_with(now + CHAT_PAUSE, &mut rw);
    assert!(l.out.is_empty());
    assert!(matches!(&l.events[0], Event::Frame { bytes, .. } if bytes == b"Oi"));
}

#[test]
fn split_pieces_of_adjacent_frames_keep_the_gap() {
    let now = Instant::now();
    let gap = Duration::from_millis(100);
    let mut l = lane(Plan {
        split: Some(Split::Field),
        gap,
        ..Plan::default()
    });
    l.feed(&msg(1, "a"), now);
    l.feed(&msg(2, "b"), now + Duration::from_millis(50));
    let dues: Vec<_> = l.out.iter().map(|p| p.due - now).collect();
    assert!(dues.windows(2).all(|w| w[1] >= w[0] + gap), "{dues:?}");
    // Written late: the next piece still waits the gap after the write.
    let late = now + Duration::from_secs(1);
    let n = l.out[0].bytes.len();
    l.wrote(n, late);
    assert_eq!(l.out[0].due, late + gap);
}

#[test]
fn memory_is_bounded() {
    let now = Instant::now();
    let mut l = lane(Plan {
        delay: Duration::from_secs(10),
        ..Plan::default()
    });
    let m = msg(1, &"x".repeat(140));
    while !l.full() {
        l.feed(&m, now);
    }
    assert!(l.queued < OUT_CAP + m.len());
}

#[test]
fn short_forms_and_senders_are_made_only_for_a_diagram() {
    let now = Instant::now();
    let shown = |diagram: bool, proto: Proto, frame: &[u8]| {
        let mut l = Lane::new(proto, Lang::En, Side::Server, None, 0, diagram);
        l.feed(frame, now);
        match l.events.remove(0) {
            Event::Frame { short, who, .. } => (short, who),
            e => panic!("{e:?}"),
        }
    };
    assert_eq!(
        shown(false, Proto::Chat, b"USER Ana:5000\r\n"),
        (None, None)
    );
    assert_eq!(
        shown(true, Proto::Chat, b"USER Ana:5000\r\n"),
        (None, Some("peer Ana".to_string()))
    );
    // Named as the directory takes a USER line: one it refuses names nobody.
    for refused in [&b"USER Ana\r\n"[..], b"USER Ana:0\r\n", b"USER :5000\r\n"] {
        assert_eq!(shown(true, Proto::Chat, refused), (None, None));
    }
    assert_eq!(shown(false, Proto::Msg, &msg(1, "a")), (None, None));
    assert!(shown(true, Proto::Msg, &msg(1, "a")).0.is_some());
}

#[test]
fn ctrl_c_delivers_what_was_read_as_it_came() {
    let now = Instant::now();
    // A kv ID held to be rewritten goes as it came, unrewritten.
    let mut l = clean(Proto::Kv, Side::Server).holding(frames::starts_kv_id);
    l.feed(&[0, 4, 0x13], now);
    assert!(l.out.is_empty(), "held");
    l.hurry(now);
    assert_eq!(written(&mut l), [vec![0, 4, 0x13]]);
    assert!(matches!(
        &l.events[..],
        [Event::Bytes {
            why: ProxyText::StoppedInFrame { bytes: 3 },
            ..
        }]
    ));
    {
        use crate::term::text::Text;
        let Event::Bytes { why, .. } = &l.events[0] else {
            unreachable!()
        };
        // The sender did not end its stream: the proxy was stopped.
        assert_eq!(
            why.render(Lang::En),
            "stopped (Ctrl-C) inside a frame: 3 bytes of it sent as they came"
        );
    }
    // A chat ADDR answer held the same.
    let mut l = clean(Proto::Chat, Side::Client).holding(frames::starts_chat_addr);
    l.feed(b"OK\r\nADDR 127.0.0.1:55", now);
    assert_eq!(written(&mut l), [b"OK\r\n".to_vec()]);
    l.hurry(now);
    assert_eq!(written(&mut l), [b"ADDR 127.0.0.1:55".to_vec()]);
    // The start of a frame a frame-level plan waits for the rest of; what is timed is due now.
    let mut l = lane(Plan {
        split: Some(Split::Field),
        gap: Duration::from_secs(5),
        ..Plan::default()
    });
    let m = msg(1, "Ob-la-di");
    l.feed(&m, now);
    l.feed(&m[..20], now);
    assert_eq!(sizes(&l), [14, 2, 8], "the second frame is not whole yet");
    l.hurry(now);
    assert!(l.out.iter().all(|p| p.due == now));
    assert_eq!(written(&mut l).concat(), [&m[..], &m[..20]].concat());
}

#[test]
fn the_gap_is_between_split_pieces_not_between_rate_writes() {
    let now = Instant::now();
    let gap = Duration::from_millis(100);
    let mut l = lane(Plan {
        split: Some(Split::Field),
        gap,
        rate: Some(1000),
        ..Plan::default()
    });
    // 14+2+120: the text in writes of 50 bytes (a twentieth of a second at 1000 B/s).
    l.feed(&msg(1, &"x".repeat(120)), now);
    assert_eq!(sizes(&l), [14, 2, 50, 50, 20]);
    let gaps: Vec<_> = l.out.iter().map(|p| p.gap).collect();
    let zero = Duration::ZERO;
    assert_eq!(gaps, [gap, gap, zero, zero, gap]);
    let dues: Vec<_> = l.out.iter().map(|p| p.due - now).collect();
    let ms = Duration::from_millis;
    // 14 bytes take 14ms at the rate, then the gap; inside the text only the rate paces.
    assert_eq!(dues[1] - dues[0], ms(100));
    assert_eq!(dues[2] - dues[1], ms(100));
    assert_eq!(dues[3] - dues[2], ms(50));
    assert_eq!(dues[4] - dues[3], ms(50));
    // Written late, the end of a split piece still waits the gap after; a rate write does not.
    l.wrote(14, now + ms(50));
    assert_eq!(l.out[0].due - now, ms(150));
    l.wrote(2, now + ms(150));
    assert_eq!(l.out[0].due - now, ms(250));
    l.wrote(50, now + ms(260));
    assert_eq!(l.out[0].due - now, ms(260));
}

#[test]
fn frames_after_the_end_in_the_same_read_are_not_delivered() {
    let now = Instant::now();
    for how in [EndKind::Close, EndKind::Reset, EndKind::HalfClose] {
        let mut l = lane(Plan {
            ends: vec![(how, 1)],
            ..Plan::default()
        });
        let three = [msg(1, "a"), msg(2, "b"), msg(3, "c")].concat();
        l.feed(&three, now);
        assert_eq!(l.frames, 1, "{how:?}: nothing after the end is cut");
        assert_eq!(sizes(&l), [msg(1, "a").len()], "{how:?}");
        assert_eq!(l.out[0].then, Some(how));
        // Ctrl-C now: still only the first frame, and no "stream ended" told of the rest.
        l.events.clear();
        l.hurry(now);
        assert_eq!(written(&mut l), [msg(1, "a")], "{how:?}");
        assert!(l.events.is_empty(), "{how:?}: {:?}", l.events);
    }
}

#[test]
fn ctrl_c_sends_nothing_after_the_piece_that_ends() {
    let now = Instant::now();
    let mut l = lane(Plan {
        ends: vec![(EndKind::Close, 1)],
        split: Some(Split::Field),
        gap: Duration::from_secs(5),
        ..Plan::default()
    });
    let m = msg(1, "Ob-la-di");
    l.feed(&m, now);
    l.feed(&msg(2, "x"), now);
    assert_eq!(sizes(&l), [14, 2, 8]);
    l.hurry(now);
    assert!(l.out.iter().all(|p| p.due == now));
    assert_eq!(l.out.back().map(|p| p.then), Some(Some(EndKind::Close)));
    assert_eq!(written(&mut l).concat(), m);
}

#[test]
fn coalesce_with_half_close_drains_once_the_end_is_written() {
    let now = Instant::now();
    let mut l = lane(Plan {
        coalesce: 2,
        hold: Duration::from_millis(100),
        ends: vec![(EndKind::HalfClose, 1)],
        ..Plan::default()
    });
    let two = [msg(1, "a"), msg(2, "b")].concat();
    l.feed(&two, now);
    assert_eq!(sizes(&l), [msg(1, "a").len()]);
    let n = l.out[0].bytes.len();
    let done = l.wrote(n, now).expect("the end piece is written");
    assert_eq!(done.then, Some(EndKind::HalfClose));
    // What the reactor does on a half-close: nothing after the end is ever written.
    l.abandon();
    l.tick(now + Duration::from_secs(1));
    assert!(
        l.drained(),
        "nothing held or waiting: the pair can be reaped"
    );
    assert!(l.finished);
    assert_eq!(l.next_time(), None);
    // Abandoned with frames still held and queued: all of it is dropped.
    let mut l = lane(Plan {
        coalesce: 3,
        hold: Duration::from_secs(5),
        ..Plan::default()
    });
    l.feed(&msg(1, "a"), now);
    assert!(!l.drained(), "held by --coalesce");
    l.abandon();
    assert!(l.drained());
}
