//! The hint engine outside `netlab check`: the roles' own warnings and `--trace` name a known
//! mistake when the bytes give it away, once, instead of a flood of puzzling lines.

mod support;

use std::io::Write;

use netlab::msg::wire::Msg;
use support::msg::Raw;
use support::temp::TempDir;

/// A MSG whose text is NUL-padded to 140 bytes (the padding arrives as nine all-zero frames):
/// the server's log says so in one line, not nine refusals; `--trace` notes each zero frame.
#[test]
fn msg_server_names_a_fixed_size_text_once() {
    let (server, addr) = support::msg::server(&["--lang", "en", "--trace"]);
    let mut e = Raw::register(addr, 1);
    let h = e.msg(0, b"hi");
    e.send_bytes(&[0u8; 9 * 14]);
    e.expect_answer(&h, true);
    // Every zero frame is still answered (its orig is not the emitter's): nine ERROs.
    for _ in 0..9 {
        match e.recv() {
            Msg::Erro(a) => assert_eq!((a.seq, a.ts), (0, 0)),
            other => panic!("expected ERRO, got {other:?}"),
        }
    }
    e.leave();
    // The trace of the OK to that FLW comes after every line about the frames before it.
    server.expect_err("OK orig=0 dest=1 seq=2 ");
    let lines = server.stderr_lines();
    let warned: Vec<&String> = lines.iter().filter(|l| l.contains("warning")).collect();
    assert_eq!(warned.len(), 1, "{lines:#?}");
    assert!(
        warned[0].contains("emitter 1 (")
            && warned[0].contains("all-zero frames after a MSG")
            && warned[0].contains("fixed 140-byte field"),
        "{lines:#?}"
    );
    let noted = lines
        .iter()
        .filter(|l| {
            l.contains("trace <- ") && l.contains("OI orig=0 dest=0 seq=0 ts=0 — NUL padding")
        })
        .count();
    assert_eq!(noted, 9, "{lines:#?}");
}

/// A KEYREQ whose size is little-endian: the node's protocol error says it is 6 byte-swapped.
#[test]
fn kv_node_names_a_little_endian_size() {
    let t = TempDir::new("check-hints-kv");
    let db = t.write("db.txt", "tcpmux 1/tcp\n");
    let node = support::kv::node(support::kv::host(1), &db, &[], &["--trace"]);
    let mut c = support::kv::RawClient::connect(node.addr);
    let mut frame = vec![0, 5, 0, 0, 0, 7];
    frame.extend_from_slice(&6u16.to_le_bytes());
    frame.extend_from_slice(b"tcpmux");
    c.link.write_all(&frame).unwrap();
    // The trace shows the bytes first (`undecodable: …`); the node's warning follows.
    let line = node
        .proc
        .wait_for(support::On::Err, "the warning", support::DEADLINE, |l| {
            l.contains("outside 1 to 400") && !l.contains("trace")
        });
    assert!(
        line.ends_with(
            "size 1536 outside 1 to 400 — 6 byte-swapped: a little-endian size?; connection closed"
        ),
        "{line}"
    );
    // A flood whose ttl is little-endian is noted in the trace.
    let mut n = support::kv::raw_neighbour(node.addr);
    let mut flood = vec![0, 7];
    flood.extend_from_slice(&3u16.to_le_bytes());
    flood.extend_from_slice(&[0, 0, 0, 1, 127, 0, 0, 1, 0x17, 0x70, 0, 1, b'k']);
    n.write_all(&flood).unwrap();
    let line = node.proc.expect_err("KEYFLOOD ttl=768");
    assert!(
        line.ends_with("— 768 is 3 byte-swapped: a little-endian ttl?"),
        "{line}"
    );
}
