//! kv for the tests: our nodes and clients as real processes, each node on its own loopback
//! address; the raw kv client speaking the wire format directly (for bad input, fakes and
//! load); answer addresses that black-hole or refuse; the counting of the nodes' `-v` flood
//! lines; a process's peak memory; and hop distances in an overlay.

use std::collections::HashMap;
use std::io::{ErrorKind, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use netlab::kv::wire::{self, Msg};

use super::temp::TempDir;
use super::{DEADLINE, Proc};

/// The loopback address `127.0.0.N`, so nodes look like distinct hosts.
pub fn host(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(127, 0, 0, n)
}

/// A running node and the address it listens on.
pub struct Node {
    pub proc: Proc,
    pub addr: SocketAddr,
}

/// Start `netlab -v kv node -b IP 0 DB NEIGHBOURS…` and wait until it listens.
pub fn node(ip: Ipv4Addr, db: &str, neighbours: &[SocketAddr], extra: &[&str]) -> Node {
    let bind = ip.to_string();
    let mut args: Vec<String> = ["-v", "--lang", "en", "kv", "node", "-b", &bind]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("0".into());
    args.push(db.into());
    args.extend(neighbours.iter().map(|a| a.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (proc, addr) = Proc::start_listening(&refs);
    Node { proc, addr }
}

/// Start an overlay of `size` nodes: node i on 127.0.0.(`first_ip` + i), its database the text
/// `db(i)` (written into `t`), connecting to node j for each edge (i, j) (j < i, an earlier
/// node). Returned once every node has taken all its links.
pub fn start_overlay(
    t: &TempDir,
    first_ip: u8,
    size: usize,
    edges: &[(usize, usize)],
    db: impl Fn(usize) -> String,
) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    for i in 0..size {
        let db = t.write(&format!("n{i}.db"), db(i));
        let to: Vec<SocketAddr> = edges
            .iter()
            .filter(|e| e.0 == i)
            .map(|e| nodes[e.1].addr)
            .collect();
        nodes.push(node(host(first_ip + i as u8), &db, &to, &[]));
    }
    for (i, n) in nodes.iter().enumerate() {
        joined(n, edges.iter().filter(|e| e.1 == i).count());
    }
    nodes
}

/// Wait until `node` has taken `n` more neighbour links (its `neighbour … joined` lines), so
/// floods it starts will use them.
pub fn joined(node: &Node, n: usize) {
    for _ in 0..n {
        node.proc.expect_err("joined");
    }
}

/// Start `netlab --lang en kv node -b IP 0 DB EXTRA…` without `-v` (for tests that count
/// every line a node logs) and wait until it listens.
pub fn quiet_node(ip: Ipv4Addr, db: &str, extra: &[&str]) -> Node {
    let bind = ip.to_string();
    let mut args = vec!["--lang", "en", "kv", "node", "-b", &bind];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["0", db]);
    let (proc, addr) = Proc::start_listening(&args);
    Node { proc, addr }
}

/// Start `netlab -v kv client --timeout WINDOW 0 NODE` and wait until it listens; return it
/// and the port it announced (where answers come).
pub fn client(node: SocketAddr, window: &str, lang: &str) -> (Proc, u16) {
    let node = node.to_string();
    let (proc, addr) = Proc::start_listening(&[
        "-v",
        "--lang",
        lang,
        "kv",
        "client",
        "--timeout",
        window,
        "0",
        &node,
    ]);
    (proc, addr.port())
}

/// Send `Q` to our client, wait for its clean exit, and return everything it printed on stdout.
pub fn finish(client: &mut Proc) -> Vec<String> {
    client.send("Q");
    client.expect_success();
    // Wait for the capture to reach end of stream, so the list is complete.
    let _ = client.remaining_out();
    client.stdout_lines()
}

/// Split a client answer line `VALUE IP:PORT` into the value and the delivering address.
pub fn answer(line: &str) -> (String, SocketAddr) {
    let (value, from) = line
        .rsplit_once(' ')
        .unwrap_or_else(|| panic!("not an answer: {line:?}"));
    (
        value.to_string(),
        from.parse()
            .unwrap_or_else(|_| panic!("not an answer: {line:?}")),
    )
}

/// The raw kv client: it speaks the wire format directly, for bad input, fakes and load.
pub struct RawClient {
    pub listener: TcpListener,
    pub port: u16,
    pub link: TcpStream,
}

impl RawClient {
    /// Listen on 127.0.0.1:0, connect to `node`, send ID(port).
    pub fn connect(node: SocketAddr) -> RawClient {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        Self::connect_announcing(node, listener, port)
    }

    /// Like [`RawClient::connect`] but announcing `port` (which may be nobody's).
    pub fn connect_announcing(node: SocketAddr, listener: TcpListener, port: u16) -> RawClient {
        listener.set_nonblocking(true).unwrap();
        let mut link = TcpStream::connect(node).unwrap();
        link.write_all(&wire::to_bytes(&Msg::Id { port }).unwrap())
            .unwrap();
        RawClient {
            listener,
            port,
            link,
        }
    }

    pub fn send(&mut self, msg: &Msg) {
        self.link.write_all(&wire::to_bytes(msg).unwrap()).unwrap();
    }

    /// Every message delivered to the listening port until `quiet` passes with none (at most
    /// `limit` in all): (sender, message).
    pub fn collect(&self, quiet: Duration, limit: Duration) -> Vec<(SocketAddr, Msg)> {
        let end = Instant::now() + limit;
        let mut last = Instant::now();
        let mut got = Vec::new();
        while Instant::now() < end && last.elapsed() < quiet {
            match self.listener.accept() {
                Ok((mut s, from)) => {
                    s.set_nonblocking(false).unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                    loop {
                        match wire::decode(&mut s) {
                            Ok(m) => got.push((from, m)),
                            Err(wire::WireError::Closed) => break,
                            Err(e) => panic!("bad answer from {from}: {e}"),
                        }
                    }
                    last = Instant::now();
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(2))
                }
                Err(e) => panic!("accept: {e}"),
            }
        }
        got
    }

    /// KEYREQ(nseq, key), then the values delivered and who delivered them.
    pub fn ask(&mut self, nseq: u32, key: &str, quiet: Duration) -> Vec<(SocketAddr, String)> {
        self.send(&Msg::KeyReq {
            nseq,
            key: key.as_bytes().to_vec(),
        });
        self.values(nseq, quiet)
    }

    /// The RESP values for `nseq` delivered until `quiet` passes (other messages fail).
    pub fn values(&self, nseq: u32, quiet: Duration) -> Vec<(SocketAddr, String)> {
        self.collect(quiet, Duration::from_secs(20))
            .into_iter()
            .map(|(from, m)| match m {
                Msg::Resp { nseq: n, value } if n == nseq => {
                    (from, String::from_utf8_lossy(&value).into_owned())
                }
                other => panic!("unexpected {other:?} from {from}"),
            })
            .collect()
    }
}

impl RawClient {
    /// The first message delivered to the listening port within `limit`, and how long it
    /// took to come.
    pub fn first(&self, limit: Duration) -> Option<(SocketAddr, Msg, Duration)> {
        let start = Instant::now();
        while start.elapsed() < limit {
            match self.listener.accept() {
                Ok((mut s, from)) => {
                    let took = start.elapsed();
                    s.set_nonblocking(false).unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                    let m = wire::decode(&mut s).unwrap_or_else(|e| panic!("from {from}: {e}"));
                    return Some((from, m, took));
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(1))
                }
                Err(e) => panic!("accept: {e}"),
            }
        }
        None
    }
}

/// An address whose connects hang: a listener with a backlog of 0 that never accepts, its
/// queue filled with connections held here, so Linux drops every further SYN and a connect
/// to it times out. Dropping it releases the port.
pub struct BlackHole {
    pub addr: SocketAddr,
    _listener: socket2::Socket,
    _held: Vec<TcpStream>,
}

pub fn black_hole() -> BlackHole {
    use socket2::{Domain, SockAddr, Socket, Type};
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener
        .bind(&SockAddr::from(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))))
        .unwrap();
    listener.listen(0).unwrap();
    let addr = listener.local_addr().unwrap().as_socket().unwrap();
    let mut held = Vec::new();
    // Fill the queue: connect until a connect hangs.
    loop {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(s) => held.push(s),
            Err(e) if e.kind() == ErrorKind::TimedOut => break,
            Err(e) => panic!("filling the black hole {addr}: {e}"),
        }
        assert!(held.len() < 64, "the backlog of {addr} never filled");
    }
    BlackHole {
        addr,
        _listener: listener,
        _held: held,
    }
}

/// `n` ports of 127.0.0.1 where nobody listens (each was bound a moment ago, then freed), so
/// a connect to one is refused.
pub fn refusing_ports(n: usize) -> Vec<u16> {
    let held: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    held.iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// Wait until `node`'s stderr lines satisfy `done` (within `limit`); return them.
#[track_caller]
pub fn wait_lines(
    node: &Node,
    limit: Duration,
    what: &str,
    done: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let end = Instant::now() + limit;
    loop {
        let lines = node.proc.stderr_lines();
        if done(&lines) {
            return lines;
        }
        if Instant::now() > end {
            node.proc
                .fail(&format!("timed out after {limit:?} waiting for {what}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The number a log line starts with after `prefix` (`kv: warning: 450 answers…` → 450).
pub fn leading_count(line: &str, prefix: &str) -> Option<u64> {
    line.strip_prefix(prefix)?.split(' ').next()?.parse().ok()
}

/// A raw neighbour of `node`: connected, ID(0) sent (a servent, not a client), reads waiting at
/// most [`DEADLINE`]; the stream carries floods both ways.
pub fn raw_neighbour(node: SocketAddr) -> TcpStream {
    let mut s = TcpStream::connect(node).unwrap();
    s.write_all(&wire::to_bytes(&Msg::Id { port: 0 }).unwrap())
        .unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    s
}

/// Counts of one node's `-v` flood lines for one request: `flood KIND …` with `nseq=N` and
/// `client=IP:PORT`, plus `answer nseq=N to=IP:PORT`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub further: usize,
    pub dup: usize,
    pub dead: usize,
    pub out: usize,
    pub answers: usize,
}

impl Counts {
    /// Copies received, whatever became of them.
    pub fn received(&self) -> usize {
        self.new + self.further + self.dup + self.dead
    }
}

pub fn counts(lines: &[String], client: SocketAddr, nseq: u32) -> Counts {
    let who = format!("client={client} nseq={nseq} ");
    let to = format!("answer nseq={nseq} to={client}");
    let mut c = Counts::default();
    for l in lines {
        if l.ends_with(&to) {
            c.answers += 1;
        }
        let Some(rest) = l.strip_prefix("kv: flood ") else {
            continue;
        };
        if !rest.contains(&who) {
            continue;
        }
        match rest.split(' ').next() {
            Some("new") => c.new += 1,
            Some("further") => c.further += 1,
            Some("dup") => c.dup += 1,
            Some("dead") => c.dead += 1,
            Some("out") => c.out += 1,
            _ => {}
        }
    }
    c
}

/// Wait (with a deadline) until every copy of the request sent by any node has been received
/// by some node, then return each node's counts.
pub fn settled_counts(nodes: &[&Node], client: SocketAddr, nseq: u32) -> Vec<Counts> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let all: Vec<Counts> = nodes
            .iter()
            .map(|n| counts(&n.proc.stderr_lines(), client, nseq))
            .collect();
        let sent: usize = all.iter().map(|c| c.out).sum();
        let received: usize = all.iter().map(Counts::received).sum();
        if sent == received && sent > 0 {
            return all;
        }
        if Instant::now() > deadline {
            panic!("floods never settled: sent {sent}, received {received}: {all:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The adjacency lists of the undirected graph with `edges`.
pub fn adjacency(edges: &[(usize, usize)]) -> HashMap<usize, Vec<usize>> {
    let mut adj: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(a, b) in edges {
        adj.entry(a).or_default().push(b);
        adj.entry(b).or_default().push(a);
    }
    adj
}

/// Shortest hop counts from `from` in an undirected graph given as adjacency lists.
pub fn bfs(adj: &HashMap<usize, Vec<usize>>, from: usize) -> HashMap<usize, usize> {
    let mut dist = HashMap::from([(from, 0)]);
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(n) = queue.pop_front() {
        let d = dist[&n];
        for &m in adj.get(&n).into_iter().flatten() {
            if let std::collections::hash_map::Entry::Vacant(e) = dist.entry(m) {
                e.insert(d + 1);
                queue.push_back(m);
            }
        }
    }
    dist
}
