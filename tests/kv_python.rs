//! kv against Python peers written the way the assignment tells students to write them
//! (`socket`, `select`, `struct.pack` with `!` formats, one `send` per message, `recv` loops):
//! their client against our nodes, our client against their servents, and mixed overlays of
//! their servents and ours, on a line (TTL) and on a ring (duplicate suppression), with
//! requests started on both sides. Every line the clients print is asserted, the only free
//! part being the ephemeral port an answer connection came from.

mod kv_util;
mod python;
mod support;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use kv_util::{Node, host, joined, node};
use python::{FINISH, python3};
use support::temp::TempDir;
use support::{DEADLINE, On, Proc};

/// The quiet window of every client here (ours: `--timeout`; theirs: an argument).
const WINDOW_MS: u64 = 700;

/// TP3client.py: the student's client. `PORT IP:PORT [WINDOW_SECONDS]`; commands on stdin.
/// It listens on PORT (0: the OS picks; it prints the port first), sends ID, then per command
/// a KEYREQ or TOPOREQ, and accepts answer connections until WINDOW passes with none. Each
/// answer connection must carry exactly one RESP and then close, else the answer is incorrect.
const PY_CLIENT: &str = r##"
import select, socket, struct, sys

ID, KEYREQ, TOPOREQ, RESP = 4, 5, 6, 9

def recvall(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data

porto = int(sys.argv[1])
ip_s, porto_s = sys.argv[2].split(":")
janela = float(sys.argv[3]) if len(sys.argv) > 3 else 4.0

escuta = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
escuta.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
escuta.bind(("127.0.0.1", porto))
escuta.listen(10)
porto = escuta.getsockname()[1]
print(f"porto {porto}")

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((ip_s, int(porto_s)))
s.send(struct.pack("!HH", ID, porto))

nseq = 0
for linha in sys.stdin:
    cmd = linha.strip()
    if cmd in ("Q", "q"):
        break
    if cmd.startswith("?") and cmd[1:].strip():
        chave = cmd[1:].strip().encode()
        s.send(struct.pack("!HIH", KEYREQ, nseq, len(chave)) + chave)
    elif cmd in ("T", "t"):
        s.send(struct.pack("!HI", TOPOREQ, nseq))
    else:
        print("Comando desconhecido")
        continue
    esperado = nseq
    nseq += 1
    recebeu = False
    while True:
        prontos, _, _ = select.select([escuta], [], [], janela)
        if not prontos:
            break
        conn, addr = escuta.accept()
        origem = f"{addr[0]}:{addr[1]}"
        conn.settimeout(5)
        try:
            tipo, n, tamanho = struct.unpack("!HIH", recvall(conn, 8))
            valor = recvall(conn, tamanho)
            sobra = conn.recv(1)
        except (ConnectionError, OSError, struct.error):
            tipo, sobra = None, b""
        conn.close()
        if tipo != RESP or n != esperado or sobra:
            print(f"Mensagem incorreta recebida de {origem}")
            continue
        print(f"{valor.decode()} {origem}")
        recebeu = True
    if not recebeu:
        print("Nenhuma resposta recebida")
s.close()
"##;

/// TP3node.py: the student's servent. `PORT DBFILE [IP:PORT ...]`. One select loop over the
/// listening socket and every connection; each message read field by field with `recvall`.
/// Spec behaviour: answers its client's KEYREQ/TOPOREQ and floods with TTL 3 whether or not it
/// has the key; a flood seen before (type, ip, port, nseq) is dropped, its own included; ttl 0
/// dropped; answers on a new connection each; forwards with ttl-1 to every neighbour but the
/// sender. It prints what it does, in the original's words, for the test to wait on.
///
/// With `SLOPPY = True` it makes the mistakes the spec's interop notes expect in the wild: a
/// topology list with a trailing space, floods sent back to the neighbour they came from, and
/// copies forwarded with ttl 0.
const PY_NODE: &str = r##"
import select, socket, struct, sys

ID, KEYREQ, TOPOREQ, KEYFLOOD, TOPOFLOOD, RESP = 4, 5, 6, 7, 8, 9
SLOPPY = False

def recvall(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data

def carregar(caminho):
    banco = {}
    with open(caminho, encoding="utf-8") as f:
        for linha in f:
            linha = linha.rstrip("\n").rstrip("\r")
            if linha.startswith("#") or not linha.strip():
                continue
            chave = linha.split()[0]
            valor = linha[linha.index(chave) + len(chave):]
            if valor.strip():
                banco[chave] = valor
    return banco

porto = int(sys.argv[1])
banco = carregar(sys.argv[2])

servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servidor.bind(("127.0.0.1", porto))
servidor.listen(10)
porto = servidor.getsockname()[1]
print(f"-- SERVENT - Porta: {porto} --")

entradas = [servidor]
servents = []
clientes = {}
vistos = set()

for vizinho in sys.argv[3:]:
    ip, p = vizinho.split(":")
    v = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    v.connect((ip, int(p)))
    v.send(struct.pack("!HH", ID, 0))
    entradas.append(v)
    servents.append(v)
    print(f"Conectado ao vizinho {vizinho}")

def nome(sock):
    return f"{sock.getsockname()[0]}:{porto}"

def responder(ip, p, nseq, valor):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect((ip, p))
    c.send(struct.pack("!HIH", RESP, nseq, len(valor)) + valor)
    c.close()
    print(f"Conectando com o cliente no porto {p}")

def alagar(tipo, ttl, nseq, ip, p, info, exceto=None):
    msg = struct.pack("!HHI4sHH", tipo, ttl, nseq, socket.inet_aton(ip), p, len(info)) + info
    for v in servents:
        if v is not exceto:
            v.send(msg)
            print(f"Enviando mensagem de alagamento para {v.getpeername()}")

def fechar(s):
    entradas.remove(s)
    if s in servents:
        servents.remove(s)
    clientes.pop(s, None)
    print(f"Encerrando conexão em {s.getpeername()}")
    s.close()

while True:
    prontos, _, _ = select.select(entradas, [], [])
    for s in prontos:
        if s is servidor:
            conn, addr = servidor.accept()
            entradas.append(conn)
            print(f"Nova conexão em {addr}")
            continue
        try:
            cabeca = s.recv(2)
            if not cabeca:
                fechar(s)
                continue
            if len(cabeca) < 2:
                cabeca += recvall(s, 1)
            (tipo,) = struct.unpack("!H", cabeca)
            if tipo == ID:
                (p,) = struct.unpack("!H", recvall(s, 2))
                if p == 0:
                    servents.append(s)
                    print(f"Recebeu ID de servent em {s.getpeername()}")
                else:
                    clientes[s] = (s.getpeername()[0], p)
                    print(f"Recebeu ID de cliente no porto {p}")
            elif tipo == KEYREQ:
                nseq, tamanho = struct.unpack("!IH", recvall(s, 6))
                chave = recvall(s, tamanho)
                ip, p = clientes[s]
                vistos.add((KEYFLOOD, ip, p, nseq))
                if chave.decode() in banco:
                    print(f"Servent possui a chave. Enviando resposta para cliente no porto {p}")
                    responder(ip, p, nseq, banco[chave.decode()].encode())
                alagar(KEYFLOOD, 3, nseq, ip, p, chave)
            elif tipo == TOPOREQ:
                (nseq,) = struct.unpack("!I", recvall(s, 4))
                ip, p = clientes[s]
                vistos.add((TOPOFLOOD, ip, p, nseq))
                eu = nome(s).encode()
                print("Requisição de topologia recebida. Iniciando alagamento.")
                responder(ip, p, nseq, eu)
                alagar(TOPOFLOOD, 3, nseq, ip, p, eu)
            elif tipo in (KEYFLOOD, TOPOFLOOD):
                ttl, nseq, ip_b, p, tamanho = struct.unpack("!HI4sHH", recvall(s, 14))
                info = recvall(s, tamanho)
                ip = socket.inet_ntoa(ip_b)
                if (tipo, ip, p, nseq) in vistos:
                    print(f"Alagamento repetido descartado: tipo {tipo} nseq {nseq} ttl {ttl}")
                    continue
                vistos.add((tipo, ip, p, nseq))
                if ttl == 0:
                    continue
                print(f"Mensagem de alagamento recebida: tipo {tipo} nseq {nseq} ttl {ttl}")
                if tipo == KEYFLOOD:
                    if info.decode() in banco:
                        responder(ip, p, nseq, banco[info.decode()].encode())
                elif SLOPPY:
                    info = info + b" " + nome(s).encode() + b" "
                    responder(ip, p, nseq, info)
                else:
                    info = info.rstrip(b" ") + b" " + nome(s).encode()
                    responder(ip, p, nseq, info)
                if SLOPPY:
                    alagar(tipo, ttl - 1, nseq, ip, p, info)
                elif ttl - 1 > 0:
                    alagar(tipo, ttl - 1, nseq, ip, p, info, exceto=s)
            else:
                print(f"Tipo desconhecido {tipo} de {s.getpeername()}")
                fechar(s)
        except (ConnectionError, OSError) as e:
            print(f"Erro: {e}")
            if s in entradas:
                fechar(s)
"##;

/// A Python servent and the address it listens on.
struct PyNode {
    py: Proc,
    addr: SocketAddr,
}

fn py_node(script: &str, db: &str, neighbours: &[SocketAddr]) -> PyNode {
    let mut args = vec!["0".to_string(), db.to_string()];
    args.extend(neighbours.iter().map(|a| a.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let py = python::start(script, &refs);
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
    let window = format!("{WINDOW_MS}ms");
    let node = node.to_string();
    let p = Proc::start(&[
        "--lang",
        lang,
        "kv",
        "client",
        "--timeout",
        &window,
        "0",
        &node,
    ]);
    let port = p.listening().port();
    (p, port)
}

/// The student's client on `node`, waiting until it listens; returns it and its port.
fn their_client(script: &str, node: SocketAddr) -> (Proc, u16) {
    let window = format!("{}", WINDOW_MS as f64 / 1000.0);
    let node = node.to_string();
    let py = python::start(script, &["0", &node, &window]);
    let port: u16 = py
        .expect_out_prefix("porto ")
        .parse()
        .unwrap_or_else(|_| py.fail("no port line"));
    (py, port)
}

/// Send `Q` to our client, wait for its clean exit, return what it printed on stdout.
fn finish_ours(c: &mut Proc) -> Vec<String> {
    c.send("Q");
    c.expect_success();
    let _ = c.remaining_out();
    c.stdout_lines()
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

const DB_TCPMUX: &[u8] = b"# exemplo\ntcpmux      1/tcp      # TCP Port Service Multiplexer\n";
const DB_NBP: &[u8] = b"# exemplo2\nnbp      2/ddp      # Name Binding Protocol\n";

#[test]
fn their_client_against_our_nodes() {
    if !python3() {
        return;
    }
    let s = TempDir::new("kv-their-client");
    let script = s.write("TP3client.py", PY_CLIENT);
    let t = TempDir::new("py-their-client");
    let n1 = node(host(1), &t.write("a.db", DB_TCPMUX), &[], &[]);
    let n2 = node(host(2), &t.write("b.db", DB_NBP), &[n1.addr], &[]);
    joined(&n1, 1);
    let (mut c, port) = their_client(&script, n1.addr);
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
    let s = TempDir::new("kv-their-nodes");
    let script = s.write("TP3node.py", PY_NODE);
    let first = py_node(
        &script,
        &s.write("a.txt", std::str::from_utf8(DB_TCPMUX).unwrap()),
        &[],
    );
    let second = py_node(
        &script,
        &s.write("b.txt", std::str::from_utf8(DB_NBP).unwrap()),
        &[first.addr],
    );
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

/// The line A – P1 – B – P2 – C: our nodes A, B, C (on 127.0.0.`first`, `first`+2, `first`+4)
/// and their servents P1, P2 (`node_py`), each link taken before the next node starts.
struct Line {
    a: Node,
    p1: PyNode,
    b: Node,
    p2: PyNode,
    c: Node,
}

fn line(t: &TempDir, node_py: &str, first: u8) -> Line {
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
    let s = TempDir::new("kv-mixed-line");
    let node_py = s.write("TP3node.py", PY_NODE);
    let client_py = s.write("TP3client.py", PY_CLIENT);
    let t = TempDir::new("py-mixed-line");
    let Line { a, p1, b, p2, c } = line(&t, &node_py, 31);
    let [na, n1, nb, n2, nc] = [a.addr, p1.addr, b.addr, p2.addr, c.addr].map(|x| x.to_string());
    let (ia, ib, ic) = (ip(31), ip(33), ip(35));

    let (mut ours, our_port) = our_client(a.addr, "en");
    let (mut theirs, _) = their_client(&client_py, p2.addr);
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
    assert_eq!(answer(&mine[5]), (" own value of p2".to_string(), LO));
    assert_eq!(
        answers(&mine[6..]),
        set(&[
            ("   held by a", ia),
            ("   held by p1", LO),
            ("   held by b", ib),
            ("   held by p2", LO),
        ]),
        "{mine:?}"
    );
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
            ("   held by p2", LO),
            ("   held by b", ib),
            ("   held by c", ic),
            ("   held by p1", LO),
            ("   held by a", ia),
        ]),
        "{them:?}"
    );
    assert_eq!(answer(&them[10]), (" own value of a".to_string(), ia));
}

/// The ring A – P1 – B – P2 – A (A, B ours; P1, P2 theirs): every copy of a flood that comes
/// round a second way is absorbed, by their servents and by ours, so each node answers each
/// request exactly once, whether the request starts at our node or at theirs.
#[test]
fn mixed_ring_every_node_answers_exactly_once() {
    if !python3() {
        return;
    }
    let s = TempDir::new("kv-mixed-ring");
    let node_py = s.write("TP3node.py", PY_NODE);
    let client_py = s.write("TP3client.py", PY_CLIENT);
    let t = TempDir::new("py-mixed-ring");
    let a = node(host(41), &db_of(&t, "a"), &[], &[]);
    let p1 = py_node(&node_py, &db_of(&t, "p1"), &[a.addr]);
    joined(&a, 1);
    let b = node(host(43), &db_of(&t, "b"), &[p1.addr], &[]);
    py_joined(&p1);
    let p2 = py_node(&node_py, &db_of(&t, "p2"), &[b.addr, a.addr]);
    joined(&b, 1);
    joined(&a, 1);
    let [na, n1, nb, n2] = [a.addr, p1.addr, b.addr, p2.addr].map(|x| x.to_string());
    let (ia, ib) = (ip(41), ip(43));

    let (mut ours, _) = our_client(a.addr, "en");
    let (mut theirs, _) = their_client(&client_py, p1.addr);
    for line in ["? kall", "T"] {
        ours.send(line);
        theirs.send(line);
    }
    let mine = finish_ours(&mut ours);
    let them = finish_theirs(&mut theirs);

    let held = set(&[
        ("   held by a", ia),
        ("   held by p1", LO),
        ("   held by b", ib),
        ("   held by p2", LO),
    ]);
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
        p.py.stdout_lines()
            .iter()
            .filter(|l| l.starts_with("Alagamento repetido descartado"))
            .count()
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
    let s = TempDir::new("kv-sloppy");
    let node_py = s.write(
        "TP3node_sloppy.py",
        &PY_NODE.replace("SLOPPY = False", "SLOPPY = True"),
    );
    let t = TempDir::new("py-sloppy");
    let Line { a, p1, b, p2, c } = line(&t, &node_py, 51);
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
    assert_eq!(
        answers(&mine[4..8]),
        set(&[
            ("   held by a", ia),
            ("   held by p1", LO),
            ("   held by b", ib),
            ("   held by p2", LO),
        ]),
        "{mine:?}"
    );
    assert_eq!(mine[8], "No response received", "{mine:?}");

    let me = "127.0.0.1:".to_string() + &port.to_string();
    let client: SocketAddr = me.parse().unwrap();
    for nseq in 0..3 {
        let at_a = kv_util::counts(&a.proc.stderr_lines(), client, nseq);
        assert!(
            at_a.dup >= 1,
            "A never dropped its own flood {nseq}: {at_a:?}"
        );
        let at_b = kv_util::counts(&b.proc.stderr_lines(), client, nseq);
        assert_eq!(
            (at_b.new, at_b.answers),
            (1, usize::from(nseq < 2)),
            "{at_b:?}"
        );
        assert!(at_b.dead >= 1, "B got no ttl-0 copy back from P2: {at_b:?}");
        let at_c = kv_util::counts(&c.proc.stderr_lines(), client, nseq);
        assert_eq!(
            (at_c.new, at_c.further, at_c.answers),
            (0, 0, 0),
            "{at_c:?}"
        );
        assert!(at_c.dead >= 1, "C got no ttl-0 copy from P2: {at_c:?}");
    }
}
