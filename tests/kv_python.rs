//! kv against Python peers written the way the assignment tells students to write them
//! (`socket`, `select`, `struct.pack` with `!` formats, one `send` per message, `recv` loops):
//! their client against our nodes, our client against their servents, and mixed overlays of
//! their servents and ours, on a line (TTL) and on a ring (duplicate suppression), with
//! requests started on both sides. Every line the clients print is asserted, the only free
//! part being the ephemeral port an answer connection came from. The programs are
//! `tests/python/kv_client.py` and `tests/python/kv_node.py` (their `recvall` in
//! `kv_common.py`).

mod support;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use support::kv::{self, Node, finish as finish_ours, host, joined, node};
use support::python::{self, FINISH, python3};
use support::temp::TempDir;
use support::{DEADLINE, On, Proc};

/// The quiet window of every client here (ours: `--timeout`; theirs: an argument).
const WINDOW_MS: u64 = 700;

/// The student's servent, `tests/python/kv_node.py` (TP3node.py).
fn node_py() -> PathBuf {
    python::dir().join("kv_node.py")
}

/// A Python servent and the address it listens on.
struct PyNode {
    py: Proc,
    addr: SocketAddr,
}

/// Start the servent `script` (`kv_node.py` or a variant) on `db`, linked to `neighbours`.
fn py_node(script: &Path, db: &str, neighbours: &[SocketAddr]) -> PyNode {
    let mut args = vec!["0".to_string(), db.to_string()];
    args.extend(neighbours.iter().map(|a| a.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let py = python::start_script(script, &refs);
    let port: u16 = py
        .expect_out_prefix("-- SERVENT - Porta: ")
        .trim_end_matches(" --")
        .parse()
        .unwrap_or_else(|_| py.fail("no port in the servent's first line"));
    for n in neighbours {
        py.expect_out(&format!("Conectado ao vizinho {n}"));
    }
    PyNode {
        py,
        addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
    }
}

/// Wait until the Python servent has taken one more neighbour link (its ID(0) read).
fn py_joined(n: &PyNode) {
    n.py.wait_for(On::Out, "a servent's ID", DEADLINE, |l| {
        l.starts_with("Recebeu ID de servent em")
    });
}

/// Our client on `node` (`--timeout` the window), waiting until it listens; returns it and
/// the port it announced.
fn our_client(node: SocketAddr, lang: &str) -> (Proc, u16) {
    kv::client(node, &format!("{WINDOW_MS}ms"), lang)
}

/// The student's client (`tests/python/kv_client.py`, TP3client.py) on `node`, waiting until it
/// listens; returns it and its port.
fn their_client(node: SocketAddr) -> (Proc, u16) {
    let window = format!("{}", WINDOW_MS as f64 / 1000.0);
    let node = node.to_string();
    let py = python::start("kv_client.py", &["0", &node, &window]);
    let port: u16 = py
        .expect_out_prefix("porto ")
        .parse()
        .unwrap_or_else(|_| py.fail("no port line"));
    (py, port)
}

/// The student's client's stdout after `Q`, without its first (port) line.
fn finish_theirs(c: &mut Proc) -> Vec<String> {
    c.send("Q");
    let mut lines = c.finish(FINISH);
    lines.remove(0);
    lines
}

/// An answer line `VALUE IP:PORT` as (VALUE, IP), checking that PORT is a real port: answers
/// come on new connections, from ephemeral ports nobody can predict.
fn answer(line: &str) -> (String, IpAddr) {
    let (value, from) = line
        .rsplit_once(' ')
        .unwrap_or_else(|| panic!("not an answer line: {line:?}"));
    let from: SocketAddr = from
        .parse()
        .unwrap_or_else(|_| panic!("not an answer line: {line:?}"));
    assert_ne!(from.port(), 0, "{line:?}");
    (value.to_string(), from.ip())
}

/// The answer lines `lines[range]` as a set of (value, sender IP); they must be all distinct.
fn answers(lines: &[String]) -> BTreeSet<(String, IpAddr)> {
    let set: BTreeSet<_> = lines.iter().map(|l| answer(l)).collect();
    assert_eq!(set.len(), lines.len(), "an answer arrived twice: {lines:?}");
    set
}

fn set(items: &[(&str, IpAddr)]) -> BTreeSet<(String, IpAddr)> {
    items.iter().map(|(v, ip)| (v.to_string(), *ip)).collect()
}

const LO: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

fn ip(n: u8) -> IpAddr {
    IpAddr::V4(host(n))
}

/// The report's Test 2 transcript (two servents, the client on the first; tcpmux on the
/// first, nbp on the second), checked line by line: what the client prints in order.
#[track_caller]
fn report_test_2(
    lines: &[String],
    first: SocketAddr,
    second: SocketAddr,
    from: [IpAddr; 2],
    no_response: &str,
    unknown: &str,
) {
    assert_eq!(lines.len(), 6, "{lines:?}");
    assert_eq!(
        answer(&lines[0]),
        (
            "      1/tcp      # TCP Port Service Multiplexer".to_string(),
            from[0]
        ),
        "{lines:?}"
    );
    assert_eq!(
        answers(&lines[1..3]),
        set(&[
            (&first.to_string(), from[0]),
            (&format!("{first} {second}"), from[1]),
        ]),
        "{lines:?}"
    );
    assert_eq!(lines[3], no_response, "{lines:?}");
    assert_eq!(
        answer(&lines[4]),
        (
            "      2/ddp      # Name Binding Protocol".to_string(),
            from[1]
        ),
        "{lines:?}"
    );
    assert_eq!(lines[5], unknown, "{lines:?}");
}

/// The report's databases: the blank that ends the key, then the six blanks its transcript
/// shows before each value.
const DB_TCPMUX: &[u8] = b"# exemplo\ntcpmux       1/tcp      # TCP Port Service Multiplexer\n";
const DB_NBP: &[u8] = b"# exemplo2\nnbp       2/ddp      # Name Binding Protocol\n";

#[test]
fn their_client_against_our_nodes() {
    if !python3() {
        return;
    }
    let t = TempDir::new("py-their-client");
    let n1 = node(host(1), &t.write("a.db", DB_TCPMUX), &[], &[]);
    let n2 = node(host(2), &t.write("b.db", DB_NBP), &[n1.addr], &[]);
    joined(&n1, 1);
    let (mut c, port) = their_client(n1.addr);
    for line in ["? tcpmux", "T", "? tcp", "? nbp", "a"] {
        c.send(line);
    }
    let lines = finish_theirs(&mut c);
    // n2 is bound to 127.0.0.2: its answers leave from there.
    report_test_2(
        &lines,
        n1.addr,
        n2.addr,
        [host(1).into(), host(2).into()],
        "Nenhuma resposta recebida",
        "Comando desconhecido",
    );
    // Their ID('!HH') was read as a client announcing its port.
    n1.proc.expect_err(&format!("answers to 127.0.0.1:{port}"));
}

#[test]
fn our_client_against_their_servents() {
    if !python3() {
        return;
    }
    let t = TempDir::new("kv-their-nodes");
    let first = py_node(&node_py(), &t.write("a.txt", DB_TCPMUX), &[]);
    let second = py_node(&node_py(), &t.write("b.txt", DB_NBP), &[first.addr]);
    py_joined(&first);
    let (mut c, port) = our_client(first.addr, "pt");
    first
        .py
        .expect_out(&format!("Recebeu ID de cliente no porto {port}"));
    for line in ["? tcpmux", "T", "? tcp", "? nbp", "a"] {
        c.send(line);
    }
    let lines = finish_ours(&mut c);
    report_test_2(
        &lines,
        first.addr,
        second.addr,
        [LO, LO],
        "Nenhuma resposta recebida",
        "Comando desconhecido",
    );
    // Q closed our link cleanly: their servent saw the connection end.
    first
        .py
        .wait_for(On::Out, "the client's link closing", DEADLINE, |l| {
            l.starts_with("Encerrando conexão em")
        });
}

/// A database for one node of a mixed overlay: its own key `k{name}` and the shared `kall`,
/// each with a value naming the node.
fn db_of(t: &TempDir, name: &str) -> String {
    t.write(
        &format!("{name}.db"),
        format!("# {name}\nk{name} own value of {name}\nkall   held by {name}\n").as_bytes(),
    )
}

/// The answers to `? kall` from A, P1, B and P2 (each holds `kall` with its own name, see
/// [`db_of`]), each delivered from its node's address: A's `ia`, B's `ib`, the servents' LO.
fn held_by_a_p1_b_p2(ia: IpAddr, ib: IpAddr) -> BTreeSet<(String, IpAddr)> {
    set(&[
        ("  held by a", ia),
        ("  held by p1", LO),
        ("  held by b", ib),
        ("  held by p2", LO),
    ])
}

/// The line A – P1 – B – P2 – C: our nodes A, B, C (on 127.0.0.`first`, `first`+2, `first`+4)
/// and their servents P1, P2 (`node_py`), each link taken before the next node starts.
struct Line {
    a: Node,
    p1: PyNode,
    b: Node,
    p2: PyNode,
    c: Node,
}

fn line(t: &TempDir, node_py: &Path, first: u8) -> Line {
    let a = node(host(first), &db_of(t, "a"), &[], &[]);
    let p1 = py_node(node_py, &db_of(t, "p1"), &[a.addr]);
    joined(&a, 1);
    let b = node(host(first + 2), &db_of(t, "b"), &[p1.addr], &[]);
    py_joined(&p1);
    let p2 = py_node(node_py, &db_of(t, "p2"), &[b.addr]);
    joined(&b, 1);
    let c = node(host(first + 4), &db_of(t, "c"), &[p2.addr], &[]);
    py_joined(&p2);
    Line { a, p1, b, p2, c }
}

/// The line A – P1 – B – P2 – C (A, B, C ours; P1, P2 theirs). Our client on A: topology and
/// keys reach exactly A, P1, B and P2 (TTL 3), C is out of reach. Their client on P2, at the
/// same time: the flood their servent starts crosses our B and reaches A three hops away; C
/// answers from one hop.
#[test]
fn mixed_line_ttl_with_requests_from_both_ends() {
    if !python3() {
        return;
    }
    let t = TempDir::new("py-mixed-line");
    let Line { a, p1, b, p2, c } = line(&t, &node_py(), 31);
    let [na, n1, nb, n2, nc] = [a.addr, p1.addr, b.addr, p2.addr, c.addr].map(|x| x.to_string());
    let (ia, ib, ic) = (ip(31), ip(33), ip(35));

    let (mut ours, our_port) = our_client(a.addr, "en");
    let (mut theirs, _) = their_client(p2.addr);
    for line in ["T", "? kc", "? kp2", "? kall"] {
        ours.send(line);
    }
    for line in ["T", "? kall", "? ka"] {
        theirs.send(line);
    }
    let mine = finish_ours(&mut ours);
    let them = finish_theirs(&mut theirs);

    // Ours, from A: T (4 answers), kc (none), kp2 (1), kall (4).
    assert_eq!(mine.len(), 10, "{mine:?}");
    assert_eq!(
        answers(&mine[..4]),
        set(&[
            (&na, ia),
            (&format!("{na} {n1}"), LO),
            (&format!("{na} {n1} {nb}"), ib),
            (&format!("{na} {n1} {nb} {n2}"), LO),
        ]),
        "{mine:?}"
    );
    assert_eq!(mine[4], "No response received", "{mine:?}");
    assert_eq!(answer(&mine[5]), ("own value of p2".to_string(), LO));
    assert_eq!(answers(&mine[6..]), held_by_a_p1_b_p2(ia, ib), "{mine:?}");
    // C never saw a flood of our client's: P2 got it with ttl 1 and did not pass it on.
    let ours_at = format!("client=127.0.0.1:{our_port} ");
    assert!(
        !c.proc
            .stderr_lines()
            .iter()
            .any(|l| l.starts_with("kv: flood") && l.contains(&ours_at)),
        "C saw our client's flood: {:?}",
        c.proc.stderr_lines()
    );

    // Theirs, from P2: T (5 answers: P2, B, C, P1, A), kall (5), ka (A, three hops away).
    assert_eq!(them.len(), 11, "{them:?}");
    assert_eq!(
        answers(&them[..5]),
        set(&[
            (&n2, LO),
            (&format!("{n2} {nb}"), ib),
            (&format!("{n2} {nc}"), ic),
            (&format!("{n2} {nb} {n1}"), LO),
            (&format!("{n2} {nb} {n1} {na}"), ia),
        ]),
        "{them:?}"
    );
    assert_eq!(
        answers(&them[5..10]),
        set(&[
            ("  held by p2", LO),
            ("  held by b", ib),
            ("  held by c", ic),
            ("  held by p1", LO),
            ("  held by a", ia),
        ]),
        "{them:?}"
    );
    assert_eq!(answer(&them[10]), ("own value of a".to_string(), ia));
}

/// The ring A – P1 – B – P2 – A (A, B ours; P1, P2 theirs): every copy of a flood that comes
/// round a second way is absorbed, by their servents and by ours, so each node answers each
/// request exactly once, whether the request starts at our node or at theirs.
#[test]
fn mixed_ring_every_node_answers_exactly_once() {
    if !python3() {
        return;
    }
    let t = TempDir::new("py-mixed-ring");
    let a = node(host(41), &db_of(&t, "a"), &[], &[]);
    let p1 = py_node(&node_py(), &db_of(&t, "p1"), &[a.addr]);
    joined(&a, 1);
    let b = node(host(43), &db_of(&t, "b"), &[p1.addr], &[]);
    py_joined(&p1);
    let p2 = py_node(&node_py(), &db_of(&t, "p2"), &[b.addr, a.addr]);
    joined(&b, 1);
    joined(&a, 1);
    let [na, n1, nb, n2] = [a.addr, p1.addr, b.addr, p2.addr].map(|x| x.to_string());
    let (ia, ib) = (ip(41), ip(43));

    let (mut ours, _) = our_client(a.addr, "en");
    let (mut theirs, _) = their_client(p1.addr);
    for line in ["? kall", "T"] {
        ours.send(line);
        theirs.send(line);
    }
    let mine = finish_ours(&mut ours);
    let them = finish_theirs(&mut theirs);

    let held = held_by_a_p1_b_p2(ia, ib);
    // Topology: one answer from each node, delivered from its own address, each the path the
    // copy it answered took round the ring. Which copy reaches a node first is a race (on a
    // busy machine the ring's long way round can win), so any simple path of at most three
    // hops along the ring is right.
    let ring = [na.clone(), n1.clone(), nb.clone(), n2.clone()];
    let from_ip = [ia, LO, ib, LO];
    let topology = |lines: &[String], origin: usize| {
        let got = answers(lines);
        let mut last: Vec<usize> = Vec::new();
        for (path, from) in &got {
            let hops: Vec<usize> = path
                .split(' ')
                .map(|n| ring.iter().position(|r| r == n).unwrap_or(usize::MAX))
                .collect();
            let simple = hops.iter().collect::<BTreeSet<_>>().len() == hops.len();
            let along = hops.windows(2).all(|w| {
                w[0] < 4 && w[1] < 4 && ((w[0] + 1) % 4 == w[1] || (w[1] + 1) % 4 == w[0])
            });
            assert!(
                hops[0] == origin && hops.len() <= 4 && simple && along,
                "not a path from {}: {path:?} in {lines:?}",
                ring[origin]
            );
            let end = *hops.last().unwrap();
            assert_eq!(*from, from_ip[end], "{path:?} delivered from {from}");
            last.push(end);
        }
        last.sort();
        assert_eq!(last, [0, 1, 2, 3], "one answer per node: {lines:?}");
    };
    assert_eq!(mine.len(), 8, "{mine:?}");
    assert_eq!(answers(&mine[..4]), held, "{mine:?}");
    topology(&mine[4..], 0);
    assert_eq!(them.len(), 8, "{them:?}");
    assert_eq!(answers(&them[..4]), held, "{them:?}");
    topology(&them[4..], 1);
    // Their servents did drop repeated copies (without dedup P2 would have answered twice).
    let dropped = |p: &PyNode| {
        p.py.stdout_lines_starting("Alagamento repetido descartado")
            .len()
    };
    assert!(
        dropped(&p1) + dropped(&p2) > 0,
        "no duplicate reached their servents"
    );
}

/// The line A – P1 – B – P2 – C with sloppy servents (trailing space in topology lists, floods
/// sent back where they came from, ttl-0 copies forwarded): our nodes absorb all of it. Our
/// client on A still gets exactly one answer from each node within three hops; A drops its own
/// flood coming back; B appends to P1's list without a double space; the ttl-0 copies P2 sends
/// to B and C are dropped quietly, so C, four hops away, never answers.
#[test]
fn sloppy_servents_are_absorbed() {
    if !python3() {
        return;
    }
    let t = TempDir::new("py-sloppy");
    let source = python::source("kv_node.py");
    assert_eq!(
        source.matches("SLOPPY = False").count(),
        1,
        "kv_node.py's switch"
    );
    let node_py = t.write(
        "kv_node_sloppy.py",
        source.replace("SLOPPY = False", "SLOPPY = True"),
    );
    let Line { a, p1, b, p2, c } = line(&t, Path::new(&node_py), 51);
    let [na, n1, nb, n2] = [a.addr, p1.addr, b.addr, p2.addr].map(|x| x.to_string());
    let (ia, ib) = (ip(51), ip(53));

    let (mut ours, port) = our_client(a.addr, "en");
    for line in ["T", "? kall", "? kc"] {
        ours.send(line);
    }
    let mine = finish_ours(&mut ours);
    assert_eq!(mine.len(), 9, "{mine:?}");
    assert_eq!(
        answers(&mine[..4]),
        set(&[
            (&na, ia),
            (&format!("{na} {n1} "), LO),
            (&format!("{na} {n1} {nb}"), ib),
            (&format!("{na} {n1} {nb} {n2} "), LO),
        ]),
        "{mine:?}"
    );
    assert_eq!(answers(&mine[4..8]), held_by_a_p1_b_p2(ia, ib), "{mine:?}");
    assert_eq!(mine[8], "No response received", "{mine:?}");

    let me = "127.0.0.1:".to_string() + &port.to_string();
    let client: SocketAddr = me.parse().unwrap();
    for nseq in 0..3 {
        let at_a = kv::counts(&a.proc.stderr_lines(), client, nseq);
        assert!(
            at_a.dup >= 1,
            "A never dropped its own flood {nseq}: {at_a:?}"
        );
        let at_b = kv::counts(&b.proc.stderr_lines(), client, nseq);
        assert_eq!(
            (at_b.new, at_b.answers),
            (1, usize::from(nseq < 2)),
            "{at_b:?}"
        );
        assert!(at_b.dead >= 1, "B got no ttl-0 copy back from P2: {at_b:?}");
        let at_c = kv::counts(&c.proc.stderr_lines(), client, nseq);
        assert_eq!(
            (at_c.new, at_c.further, at_c.answers),
            (0, 0, 0),
            "{at_c:?}"
        );
        assert!(at_c.dead >= 1, "C got no ttl-0 copy from P2: {at_c:?}");
    }
}
