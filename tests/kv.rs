//! End-to-end tests of `netlab kv`: real node and client processes over loopback sockets, each
//! node bound to its own 127.0.0.N address so every answer says which node sent it.

mod support;

use std::collections::BTreeSet;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use netlab::kv::wire::{self, Flood, Msg};
use support::kv::*;
use support::run;
use support::temp::TempDir;

const QUIET: Duration = Duration::from_millis(600);

#[test]
fn loader_rules_over_the_wire() {
    let t = TempDir::new("loader");
    let long = "x".repeat(401);
    let text = format!(
        "# comment line\n\
         \n\
         chave1      valor 1      # Faz parte do valor\r\n\
         repeated first\n\
         \t\n\
         lonely\n\
         {long} too long a key\n\
         big {long}\n\
         repeated last\n\
         #hidden not a key\n\
         tabbed\t\tv\n\
         shared from-A\n\
         trailing two  words  \t\n"
    );
    let db = t.write("loader.db", text.as_bytes());
    let n = node(host(2), &db, &[], &[]);
    // The loader runs before the node listens: its lines are all in by now.
    let warnings: Vec<String> = n
        .proc
        .stderr_lines()
        .into_iter()
        .filter(|l| l.contains("warning"))
        .collect();
    let expected: Vec<String> = [
        (6, "key without a value"),
        (7, "key longer than 400 bytes"),
        (8, "value longer than 400 bytes"),
    ]
    .iter()
    .map(|(line, why)| format!("kv: warning: {db}:{line}: {why}, line skipped"))
    .collect();
    assert_eq!(warnings, expected);
    assert!(
        n.proc
            .stderr_lines()
            .contains(&format!("kv: database {db}: 5 key(s)")),
        "{:?}",
        n.proc.stderr_lines()
    );
    let mut c = RawClient::connect(n.addr);
    let from = SocketAddr::new(IpAddr::V4(host(2)), 0);
    let ask = |c: &mut RawClient, nseq, key| -> Vec<String> {
        c.ask(nseq, key, QUIET)
            .into_iter()
            .map(|(a, v)| {
                assert_eq!(a.ip(), from.ip());
                v
            })
            .collect()
    };
    // The value starts after the one blank that ends the key (spec: "Database file").
    assert_eq!(
        ask(&mut c, 0, "chave1"),
        ["     valor 1      # Faz parte do valor"]
    );
    assert_eq!(ask(&mut c, 1, "repeated"), ["last"]);
    assert_eq!(ask(&mut c, 2, "tabbed"), ["\tv"]);
    assert_eq!(ask(&mut c, 5, "shared"), ["from-A"]);
    assert_eq!(ask(&mut c, 6, "trailing"), ["two  words"]);
    assert!(ask(&mut c, 3, "#hidden").is_empty());
    assert!(ask(&mut c, 4, "lonely").is_empty());

    let trimmed = node(host(3), &db, &[], &["--trim-values"]);
    let mut c = RawClient::connect(trimmed.addr);
    let values: Vec<String> = c.ask(0, "chave1", QUIET).into_iter().map(|a| a.1).collect();
    assert_eq!(values, ["valor 1      # Faz parte do valor"]);
    let values: Vec<String> = c.ask(1, "tabbed", QUIET).into_iter().map(|a| a.1).collect();
    assert_eq!(values, ["v"]);
    let values: Vec<String> = c
        .ask(2, "trailing", QUIET)
        .into_iter()
        .map(|a| a.1)
        .collect();
    assert_eq!(values, ["two  words"]);
}

#[test]
fn unreadable_database_and_unreachable_neighbour_are_errors() {
    let t = TempDir::new("errors");
    let missing = t.join("missing.db");
    let (status, _, err) = run(&["kv", "node", "0", &missing], "");
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "netlab: error: cannot read the database {missing}"
        )),
        "{err}"
    );

    let db = t.write("ok.db", b"k v\n");
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = closed.local_addr().unwrap();
    drop(closed);
    let (status, _, err) = run(&["kv", "node", "0", &db, &gone.to_string()], "");
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("netlab: error: cannot reach neighbour {gone}")),
        "{err}"
    );
    let (status, _, err) = run(&["kv", "client", "0", &gone.to_string()], "");
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("netlab: error: cannot connect to node {gone}")),
        "{err}"
    );
    // An address without its port is a bad command line: exit 2, said by clap.
    let (status, _, err) = run(&["kv", "client", "0", "nowhere"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("expected IP:PORT"), "{err}");
}

#[test]
fn etc_services_answers_tcpmux() {
    let Ok(text) = std::fs::read_to_string("/etc/services") else {
        eprintln!("no /etc/services here; skipped");
        return;
    };
    // The value is what follows the blank after the key on tcpmux's line, trailing blanks
    // removed.
    let Some(expected) = text.lines().rev().find_map(|l| {
        let rest = l.strip_prefix("tcpmux")?;
        rest.starts_with([' ', '\t'])
            .then(|| rest[1..].trim_end_matches([' ', '\t']).to_string())
    }) else {
        eprintln!("no tcpmux in /etc/services here; skipped");
        return;
    };
    let n = node(host(4), "/etc/services", &[], &[]);
    let (mut client, _) = client(n.addr, "500ms", "en");
    client.send("? tcpmux");
    let (value, from) = answer(&client.next_out());
    assert_eq!(value, expected);
    assert_eq!(from.ip(), IpAddr::V4(host(4)));
}

/// The original's Test 4: five nodes in a line, a client on the first.
#[test]
fn line_of_five() {
    let t = TempDir::new("line");
    let mut nodes: Vec<Node> = Vec::new();
    for k in 1..=5u8 {
        let mut db = format!("# node {k}\nkey{k} value of node {k}\n");
        if k == 2 || k == 3 {
            db.push_str(&format!("common   held by node {k}\n"));
        }
        let db = t.write(&format!("n{k}.db"), db.as_bytes());
        let prev: Vec<SocketAddr> = nodes.last().map(|n| n.addr).into_iter().collect();
        let n = node(host(10 + k), &db, &prev, &[]);
        if let Some(p) = nodes.last() {
            joined(p, 1);
        }
        nodes.push(n);
    }
    let names: Vec<String> = nodes.iter().map(|n| n.addr.to_string()).collect();
    let (mut c, _) = client(nodes[0].addr, "1s", "en");
    for line in ["T", "? key5", "? common", "? key4"] {
        c.send(line);
    }
    let lines = finish(&mut c);
    let split = lines
        .iter()
        .position(|l| l == "No response received")
        .unwrap_or_else(|| c.fail("no `No response received` for key5"));
    // Topology: exactly the first four, each list the path from n1 to the answering node.
    let topo: BTreeSet<(String, IpAddr)> = lines[..split]
        .iter()
        .map(|l| {
            let (v, from) = answer(l);
            (v, from.ip())
        })
        .collect();
    let expected: BTreeSet<(String, IpAddr)> = (1..=4)
        .map(|k| (names[..k].join(" "), IpAddr::V4(host(10 + k as u8))))
        .collect();
    assert_eq!(topo, expected, "{lines:?}");
    assert_eq!(split, 4, "{lines:?}");
    // Then the two holders of `common`, then key4 from n4 three hops away; nothing from n5.
    let rest: BTreeSet<(String, IpAddr)> = lines[split + 1..]
        .iter()
        .map(|l| {
            let (v, from) = answer(l);
            (v, from.ip())
        })
        .collect();
    let expected: BTreeSet<(String, IpAddr)> = [
        ("  held by node 2".to_string(), IpAddr::V4(host(12))),
        ("  held by node 3".to_string(), IpAddr::V4(host(13))),
        ("value of node 4".to_string(), IpAddr::V4(host(14))),
    ]
    .into_iter()
    .collect();
    assert_eq!(rest, expected, "{lines:?}");
    assert_eq!(lines.len(), split + 4, "{lines:?}");
    // n5 never saw a flood: n4 received ttl 1 and did not forward.
    assert!(
        !nodes[4]
            .proc
            .stderr_lines()
            .iter()
            .any(|l| l.contains("flood ")),
        "n5 saw a flood: {:?}",
        nodes[4].proc.stderr_lines()
    );
}

/// Build an overlay from `edges` (node i connects to the earlier nodes listed for it), start a
/// client on node 0, send `T` and `? common` (every node holds `common`), and check that each
/// node within 3 hops answers exactly once per request and processes each flood once.
fn overlay(name: &str, first_ip: u8, size: usize, edges: &[(usize, usize)]) {
    let t = TempDir::new(name);
    let nodes = start_overlay(&t, first_ip, size, edges, |i| format!("common of {i}\n"));
    let dist = bfs(&adjacency(edges), 0);
    let reach: BTreeSet<usize> = (0..size).filter(|i| dist[i] <= 3).collect();

    let (mut c, port) = client(nodes[0].addr, "1s", "en");
    let answer_to = SocketAddr::from(([127, 0, 0, 1], port));
    c.send("T");
    c.send("? common");
    let lines = finish(&mut c);
    let ip_of = |from: SocketAddr| -> usize {
        let IpAddr::V4(ip) = from.ip() else { panic!() };
        (ip.octets()[3] - first_ip) as usize
    };
    let mut topo = Vec::new();
    let mut common = Vec::new();
    for l in &lines {
        let (v, from) = answer(l);
        let i = ip_of(from);
        if v.starts_with("of ") {
            common.push(i);
            assert_eq!(v, format!("of {i}"));
        } else {
            let names: Vec<&str> = v.split(' ').collect();
            assert_eq!(names[0], nodes[0].addr.to_string(), "{v}");
            assert_eq!(*names.last().unwrap(), nodes[i].addr.to_string(), "{v}");
            assert!(names.len() > dist[&i] && names.len() <= 4, "{v}");
            topo.push(i);
        }
    }
    topo.sort();
    common.sort();
    let reach_v: Vec<usize> = reach.iter().copied().collect();
    assert_eq!(topo, reach_v, "topology answers {lines:?}");
    assert_eq!(common, reach_v, "key answers {lines:?}");

    let refs: Vec<&Node> = nodes.iter().collect();
    for nseq in [0, 1] {
        let all = settled_counts(&refs, answer_to, nseq);
        for (i, c) in all.iter().enumerate() {
            let expect_new = usize::from(i != 0 && reach.contains(&i));
            assert_eq!(c.new, expect_new, "node {i} nseq {nseq}: {all:?}");
            assert_eq!(
                c.answers,
                usize::from(reach.contains(&i)),
                "node {i} nseq {nseq}: {all:?}"
            );
            assert!(c.further <= 2, "node {i} nseq {nseq}: {all:?}");
        }
        // Every copy sent was received once: nothing multiplied, nothing lost.
        let sent: usize = all.iter().map(|c| c.out).sum();
        let received: usize = all.iter().map(Counts::received).sum();
        assert_eq!(sent, received, "{all:?}");
    }
}

#[test]
fn ring_of_six() {
    // 0-1-2-3-4-5-0: node 3 is three hops away both ways and hears the flood twice.
    overlay(
        "ring",
        30,
        6,
        &[(1, 0), (2, 1), (3, 2), (4, 3), (5, 4), (5, 0)],
    );
}

#[test]
fn full_mesh_of_five() {
    let edges: Vec<(usize, usize)> = (0..5).flat_map(|i| (0..i).map(move |j| (i, j))).collect();
    overlay("mesh", 40, 5, &edges);
}

#[test]
fn ring_of_eight_leaves_the_far_node_out() {
    // 0..7 in a ring: node 4 is four hops away both ways.
    let mut edges: Vec<(usize, usize)> = (1..8).map(|i| (i, i - 1)).collect();
    edges.push((7, 0));
    overlay("ring8", 50, 8, &edges);
}

/// A fake node: the test accepts the client's connection and answers it by hand.
#[test]
fn client_reports_incorrect_messages_with_the_senders_address() {
    for (lang, incorrect, none, unknown) in [
        (
            "en",
            "Incorrect message received from",
            "No response received",
            "Unknown command",
        ),
        (
            "pt",
            "Mensagem incorreta recebida de",
            "Nenhuma resposta recebida",
            "Comando desconhecido",
        ),
    ] {
        let fake = TcpListener::bind("127.0.0.1:0").unwrap();
        let (mut c, _) = client(fake.local_addr().unwrap(), "600ms", lang);
        let (mut link, _) = fake.accept().unwrap();
        let Msg::Id { port } = wire::decode(&mut link).unwrap() else {
            panic!("the client did not start with ID")
        };
        assert_ne!(port, 0);
        let answer_to = SocketAddr::from(([127, 0, 0, 1], port));
        c.send("what");
        c.expect_out(unknown);
        c.send("? k");
        assert_eq!(
            wire::decode(&mut link).unwrap(),
            Msg::KeyReq {
                nseq: 0,
                key: b"k".to_vec()
            }
        );
        let deliver = |bytes: &[u8]| -> SocketAddr {
            let mut s = TcpStream::connect(answer_to).unwrap();
            s.write_all(bytes).unwrap();
            s.local_addr().unwrap()
        };
        let resp = |nseq: u32, v: &str| {
            wire::to_bytes(&Msg::Resp {
                nseq,
                value: v.as_bytes().to_vec(),
            })
            .unwrap()
        };
        let from = deliver(&resp(5, "stale"));
        c.expect_out(&format!("{incorrect} {from}"));
        let from = deliver(&resp(0, "good value"));
        c.expect_out(&format!("good value {from}"));
        let from = deliver(&[0, 99, 1, 2, 3]);
        c.expect_out(&format!("{incorrect} {from}"));
        let from = deliver(&wire::to_bytes(&Msg::TopoReq { nseq: 0 }).unwrap());
        c.expect_out(&format!("{incorrect} {from}"));
        // A request nobody answers.
        c.send("T");
        assert_eq!(wire::decode(&mut link).unwrap(), Msg::TopoReq { nseq: 1 });
        c.expect_out(none);
        // Quitting closes the link cleanly: the fake node reads end of stream.
        c.send("q");
        c.expect_success();
        assert!(matches!(
            wire::decode(&mut link),
            Err(wire::WireError::Closed)
        ));
    }
}

/// Bad input of every kind to a live node; after each, a well-behaved client is served.
#[test]
fn bad_input_never_stops_a_node() {
    let t = TempDir::new("bad");
    let db = t.write("n.db", b"k the value\n");
    let n = node(host(60), &db, &[], &[]);
    let check = |what: &str| {
        let mut good = RawClient::connect(n.addr);
        let got = good.ask(0, "k", QUIET);
        assert_eq!(got.len(), 1, "after {what}: {got:?}");
        assert_eq!(got[0].1, "the value", "after {what}");
    };
    let id = wire::to_bytes(&Msg::Id { port: 1 }).unwrap();
    let mut size_401 = vec![0, 5, 0, 0, 0, 0, 0x01, 0x91];
    size_401.extend(std::iter::repeat_n(b'k', 401));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "unknown type",
            [&id[..], &[0, 42, 0, 0]].concat(),
            "unknown message type 42",
        ),
        (
            "size 0",
            [&id[..], &[0, 5, 0, 0, 0, 0, 0, 0]].concat(),
            "size 0 outside 1 to 400",
        ),
        (
            "size 401",
            [&id[..], &size_401].concat(),
            "size 401 outside 1 to 400",
        ),
        (
            "garbage",
            vec![0xde, 0xad, 0xbe, 0xef, 0x00, 0x01],
            "unknown message type",
        ),
        (
            "a flood before ID",
            wire::to_bytes(&Msg::KeyFlood(Flood {
                ttl: 3,
                nseq: 0,
                ip: host(1),
                port: 1,
                info: b"k".to_vec(),
            }))
            .unwrap(),
            "KEYFLOOD before ID",
        ),
    ];
    let mut held = Vec::new();
    for (what, bytes, log) in cases {
        let mut s = TcpStream::connect(n.addr).unwrap();
        s.write_all(&bytes).unwrap();
        n.proc.expect_err(log);
        check(what);
        held.push(s);
    }
    // Half a frame, then silence: the connection stays open while others are served.
    let mut half = TcpStream::connect(n.addr).unwrap();
    half.write_all(&[0, 4, 0]).unwrap();
    check("half a frame");
    // Half a frame, then the peer vanishes.
    let mut gone = TcpStream::connect(n.addr).unwrap();
    gone.write_all(&[0, 4, 0, 0, 0, 5, 0]).unwrap();
    drop(gone);
    n.proc.expect_err("in the middle of a message");
    check("a peer vanishing mid-frame");
    // A neighbour sending client requests, and a client sending floods: ignored.
    let mut odd = raw_neighbour(n.addr);
    odd.write_all(&wire::to_bytes(&Msg::TopoReq { nseq: 0 }).unwrap())
        .unwrap();
    n.proc
        .expect_err("unexpected TOPOREQ from a neighbour, ignored");
    check("a request from a neighbour");
    drop((held, half, odd));
    // And the real client.
    let (mut c, _) = client(n.addr, "400ms", "en");
    c.send("? k");
    let (value, from) = answer(&c.next_out());
    assert_eq!(
        (value.as_str(), from.ip()),
        ("the value", IpAddr::V4(host(60)))
    );
}

#[test]
fn unreachable_client_is_logged_not_fatal() {
    let t = TempDir::new("unreachable");
    let db = t.write("n.db", b"k v\n");
    let n = node(host(61), &db, &[], &[]);
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let nobody = closed.local_addr().unwrap().port();
    drop(closed);
    let spare = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut lost = RawClient::connect_announcing(n.addr, spare, nobody);
    lost.send(&Msg::KeyReq {
        nseq: 0,
        key: b"k".to_vec(),
    });
    n.proc
        .expect_err(&format!("cannot deliver an answer to 127.0.0.1:{nobody}"));
    let mut good = RawClient::connect(n.addr);
    assert_eq!(good.ask(0, "k", QUIET).len(), 1);
}

#[test]
fn a_neighbour_that_dies_is_dropped() {
    let t = TempDir::new("dies");
    let a = node(host(62), &t.write("a.db", b"k of a\n"), &[], &[]);
    let b = node(host(63), &t.write("b.db", b"k of b\n"), &[a.addr], &[]);
    let c = node(host(64), &t.write("c.db", b"k of c\n"), &[a.addr], &[]);
    joined(&a, 2);
    let (mut client, _) = client(a.addr, "1s", "en");
    client.send("? k");
    let mut got: Vec<String> = (0..3).map(|_| answer(&client.next_out()).0).collect();
    got.sort();
    assert_eq!(got, ["of a", "of b", "of c"]);
    drop(b); // killed
    a.proc.expect_err("disconnected, dropped");
    client.send("T");
    client.send("? k");
    let lines = finish(&mut client);
    let after: BTreeSet<String> = lines[3..].iter().map(|l| answer(l).0).collect();
    let expected: BTreeSet<String> = [
        a.addr.to_string(),
        format!("{} {}", a.addr, c.addr),
        "of a".into(),
        "of c".into(),
    ]
    .into_iter()
    .collect();
    assert_eq!(after, expected, "{lines:?}");
    assert_eq!(lines.len(), 7, "{lines:?}");
}

#[test]
fn client_quits_on_eof_and_ctrl_c_closing_its_link() {
    let t = TempDir::new("quit");
    let n = node(host(65), &t.write("n.db", b"k v\n"), &[], &[]);
    let (mut c, _) = client(n.addr, "300ms", "en");
    c.close_stdin();
    c.expect_success();
    n.proc.expect_err("disconnected");
    let (mut c, _) = client(n.addr, "300ms", "en");
    c.send("? k");
    c.expect_out_prefix("v 127.0.0.65:");
    c.signal("INT");
    c.expect_success();
    n.proc.expect_err("disconnected");
    // The node itself stops cleanly on Ctrl-C too.
    let mut n = n;
    n.proc.signal("INT");
    n.proc.expect_success();
}

/// spec: anything but `? KEY`, `T`, `Q` (`t`, `q`) and `help` (or `?` alone) prints
/// `Unknown command` — an empty line included — and the client goes on serving commands.
#[test]
fn client_unknown_commands_blank_lines_included() {
    let t = TempDir::new("unknown");
    let n = node(host(66), &t.write("n.db", b"k v\n"), &[], &[]);
    for (lang, unknown) in [("en", "Unknown command"), ("pt", "Comando desconhecido")] {
        let (mut c, _) = client(n.addr, "300ms", lang);
        for line in ["", "   ", "x", "TQ", "help me"] {
            c.send(line);
            c.expect_out(unknown);
        }
        c.send("? k");
        c.expect_out_prefix("v 127.0.0.66:");
        let lines = finish(&mut c);
        assert_eq!(lines.len(), 6, "{lines:?}");
    }
}

/// `help` and `?` alone list the commands (in the user's language), on stdout; at start the
/// client says which node it talks to, on stderr.
#[test]
fn client_help_lists_the_commands() {
    let t = TempDir::new("help");
    let n = node(host(68), &t.write("n.db", b"k v\n"), &[], &[]);
    for (lang, first, key, connected) in [
        ("en", "Commands:", "  ? KEY ", "connected to node"),
        ("pt", "Comandos:", "  ? CHAVE ", "conectado ao nó"),
    ] {
        let (mut c, _) = client(n.addr, "300ms", lang);
        c.expect_err(&format!("{connected} {}", n.addr));
        for ask in ["help", "?"] {
            c.send(ask);
            c.expect_next_out(first);
            let lines: Vec<String> = (0..4).map(|_| c.next_out()).collect();
            assert!(lines[0].starts_with(key), "{lines:?}");
            for (line, cmd) in lines.iter().zip(["?", "T", "Q", "help"]) {
                assert!(
                    line.trim_start().starts_with(cmd),
                    "{lang} {ask}: {lines:?}"
                );
            }
        }
        // Then it goes on as before, and help sent the node nothing: the first request is
        // still nseq 0.
        c.send("? k");
        let line = c.next_out();
        assert!(line.starts_with("v 127.0.0.68:"), "{line:?}");
        n.proc.expect_err("request KEYREQ nseq=0 key=\"k\" ");
        finish(&mut c);
    }
}

#[test]
fn advertise_names_the_node_in_topology_answers() {
    let t = TempDir::new("advertise");
    let db = t.write("n.db", b"k v\n");
    let a = node(host(66), &db, &[], &["--advertise", "192.0.2.7"]);
    let b = node(host(67), &db, &[a.addr], &[]);
    joined(&a, 1);
    let (mut c, _) = client(a.addr, "1s", "en");
    c.send("T");
    let lines = finish(&mut c);
    let topo: BTreeSet<String> = lines.iter().map(|l| answer(l).0).collect();
    let a_name = format!("192.0.2.7:{}", a.addr.port());
    let expected: BTreeSet<String> = [a_name.clone(), format!("{a_name} {}", b.addr)]
        .into_iter()
        .collect();
    assert_eq!(topo, expected);
}

#[test]
fn demo_runs_in_both_languages() {
    let out = support::demo("en", "kv");
    for needle in [
        "[client] No response received",
        "from 3 hops away.",
        "yellow, held by n2 ",
        "n5 is silent",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    let topology = out
        .lines()
        .filter(|l| l.starts_with("[client] 127.0.0."))
        .count();
    assert_eq!(topology, 4, "{out}");
    let out = support::demo("pt", "kv");
    assert!(out.contains("[cliente] Nenhuma resposta recebida"), "{out}");
    assert!(out.contains("saltos de distância"), "{out}");
}

/// Raw neighbours around one node: forwarding to every neighbour but the sender, TTL
/// handling, topology growth, the 400-byte rule and duplicate suppression, on the wire.
#[test]
fn flood_rules_on_the_wire() {
    let t = TempDir::new("flood");
    let db = t.write("x.db", b"k found here\n");
    let x = node(host(70), &db, &[], &[]);
    let mut n1 = raw_neighbour(x.addr);
    let mut n2 = raw_neighbour(x.addr);
    joined(&x, 2);
    // The client the floods name: a listener nobody else knows about.
    let answers = RawClient::connect(x.addr);
    let client_ip = host(1);
    let flood = |ttl: u16, nseq: u32, info: &[u8]| Flood {
        ttl,
        nseq,
        ip: client_ip,
        port: answers.port,
        info: info.to_vec(),
    };
    let x_name = x.addr.to_string();
    let resp = |nseq: u32| -> Vec<String> {
        answers
            .values(nseq, QUIET)
            .into_iter()
            .map(|(from, v)| {
                assert_eq!(from.ip(), IpAddr::V4(host(70)));
                v
            })
            .collect()
    };

    // KEYFLOOD ttl 3 from n1: answered, forwarded to n2 with ttl 2, not back to n1.
    n1.write_all(&wire::to_bytes(&Msg::KeyFlood(flood(3, 0, b"k"))).unwrap())
        .unwrap();
    assert_eq!(
        wire::decode(&mut n2).unwrap(),
        Msg::KeyFlood(flood(2, 0, b"k"))
    );
    assert_eq!(resp(0), ["found here"]);
    // The same flood again (from either side): dropped.
    n2.write_all(&wire::to_bytes(&Msg::KeyFlood(flood(2, 0, b"k"))).unwrap())
        .unwrap();
    x.proc.expect_err("flood dup KEYFLOOD");
    // TOPOFLOOD ttl 2 with a trailing space: X appends its name, answers, forwards with ttl 1.
    n2.write_all(&wire::to_bytes(&Msg::TopoFlood(flood(2, 1, b"10.9.9.9:1 "))).unwrap())
        .unwrap();
    let grown = format!("10.9.9.9:1 {x_name}");
    assert_eq!(
        wire::decode(&mut n1).unwrap(),
        Msg::TopoFlood(flood(1, 1, grown.as_bytes()))
    );
    assert_eq!(resp(1), [grown]);
    // ttl 1: answered, not forwarded; ttl 0: dropped unanswered.
    n1.write_all(&wire::to_bytes(&Msg::KeyFlood(flood(1, 2, b"k"))).unwrap())
        .unwrap();
    assert_eq!(resp(2), ["found here"]);
    n1.write_all(&wire::to_bytes(&Msg::KeyFlood(flood(0, 3, b"k"))).unwrap())
        .unwrap();
    x.proc.expect_err("flood dead KEYFLOOD");
    assert!(resp(3).is_empty());
    // A copy seen before but carrying more TTL: forwarded again (to n1, not to n2 that sent
    // it), never answered twice.
    n1.write_all(&wire::to_bytes(&Msg::KeyFlood(flood(1, 5, b"k"))).unwrap())
        .unwrap();
    assert_eq!(resp(5), ["found here"]);
    n2.write_all(&wire::to_bytes(&Msg::KeyFlood(flood(3, 5, b"k"))).unwrap())
        .unwrap();
    assert_eq!(
        wire::decode(&mut n1).unwrap(),
        Msg::KeyFlood(flood(2, 5, b"k"))
    );
    x.proc.expect_err("flood further KEYFLOOD");
    assert!(resp(5).is_empty());
    // A topology list that would pass 400 bytes: answered with its last names, not forwarded.
    let mut long = String::from("10.0.0.0:5000");
    for i in 1.. {
        if long.len() > 380 {
            break;
        }
        long.push_str(&format!(" 10.0.0.{i}:5000"));
    }
    assert!(long.len() + 1 + x_name.len() > 400 && long.len() <= 400);
    n1.write_all(&wire::to_bytes(&Msg::TopoFlood(flood(3, 4, long.as_bytes()))).unwrap())
        .unwrap();
    x.proc.expect_err("would exceed 400");
    let got = resp(4);
    assert_eq!(got.len(), 1);
    let full = format!("{long} {x_name}");
    assert!(
        got[0].len() <= 400 && full.ends_with(&format!(" {}", got[0])),
        "{got:?}"
    );
    // Nothing was forwarded after the first two: n1 and n2 have nothing more to read.
    for s in [&mut n1, &mut n2] {
        s.set_read_timeout(Some(QUIET)).unwrap();
        let mut b = [0u8; 1];
        let r = std::io::Read::read(s, &mut b);
        assert!(
            matches!(&r, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "unexpected {r:?}"
        );
    }
}

/// While a window is open the client shows a live status line on stderr only when stderr is a
/// terminal: on a pipe there is none, not a byte of it.
#[test]
fn no_live_status_on_a_pipe() {
    let t = TempDir::new("status-pipe");
    let n = node(host(69), &t.write("n.db", b"k v\n"), &[], &[]);
    let (mut c, _) = client(n.addr, "600ms", "en");
    c.send("? missing");
    c.expect_out("No response received");
    c.send("? k");
    c.expect_out_prefix("v 127.0.0.69:");
    finish(&mut c);
    for line in c.stderr_lines().iter().chain(&c.stdout_lines()) {
        assert!(
            !line.contains("waiting for answers") && !line.contains(['\x1b', '\r']),
            "{line:?}"
        );
    }
}

/// On a terminal (a pseudo-terminal made by `script`), the status line is drawn while the
/// client waits, with the time and the answers so far, and gone before the next line.
#[test]
fn a_live_status_on_a_terminal() {
    let t = TempDir::new("status-tty");
    let n = node(host(71), &t.write("n.db", b"k v\n"), &[], &[]);
    let line = format!(
        "exec {} --lang en kv client --timeout 700ms 0 {}",
        support::bin(),
        n.addr
    );
    let Some(cmd) = support::terminal(&line) else {
        return;
    };
    let mut c = support::Proc::spawn(format!("script -qfec '{line}'"), cmd);
    c.expect_out_has("connected to node");
    c.send("? k");
    // One answer arrives, then the window stays open 700 ms with no more.
    c.send("? missing");
    let done = c.expect_out_has("No response received");
    assert!(
        done.contains("waiting for answers: 0.") && done.contains("s, 0 answers"),
        "{done:?}"
    );
    // Gone before the line: the screen keeps no status row.
    let rows = support::tty::screen(&done);
    assert!(
        rows.iter().all(|r| !r.contains("waiting for answers")),
        "{rows:#?}"
    );
    assert!(
        rows.iter().any(|r| r == "No response received"),
        "{rows:#?}"
    );
    c.send("Q");
    c.expect_success();
    let all = c.stdout_lines().join("\n");
    assert!(all.contains("v 127.0.0.71:"), "{all}");
}
