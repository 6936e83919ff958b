//! Bounded load: 40 node processes in a random connected overlay (seeded, so every run builds
//! the same one), 50 raw protocol clients querying at once. Each client must receive exactly
//! the answers the TTL allows: one from every node within 3 hops of its own node that can
//! answer (computed by BFS over the overlay), nothing more.

mod support;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use netlab::kv::wire::Msg;
use support::kv::*;
use support::temp::TempDir;

const NODES: usize = 40;
const CLIENTS: usize = 50;
const FIRST_IP: u8 = 100;

/// xorshift64*: a small deterministic generator (no rand crate).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What one client asks.
#[derive(Clone, Debug)]
enum Ask {
    Topology,
    Key(String),
}

#[test]
fn forty_nodes_fifty_clients() {
    let mut rng = Rng(0x6b76_2d6c_6f61_6421);
    // Node i links to one random earlier node (so the overlay is connected) and, one time in
    // three, to a second one (so it has cycles).
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for i in 1..NODES {
        let a = rng.below(i);
        edges.push((i, a));
        if i > 1 && rng.below(3) == 0 {
            let b = rng.below(i);
            if b != a {
                edges.push((i, b));
            }
        }
    }
    let adj = adjacency(&edges);
    // Node i holds `own-i`, and `shared` when i is a multiple of 3.
    let holds_shared = |i: usize| i.is_multiple_of(3);
    let t = TempDir::new("load");
    let nodes = start_overlay(&t, FIRST_IP, NODES, &edges, |i| {
        let mut text = format!("own-{i} value {i}\n");
        if holds_shared(i) {
            text.push_str(&format!("shared from {i}\n"));
        }
        text
    });

    let plans: Vec<(usize, Ask)> = (0..CLIENTS)
        .map(|c| {
            let at = rng.below(NODES);
            let ask = match c % 3 {
                0 => Ask::Topology,
                1 => Ask::Key("shared".into()),
                _ => Ask::Key(format!("own-{}", rng.below(NODES))),
            };
            (at, ask)
        })
        .collect();
    let results: Vec<Vec<(SocketAddr, String)>> = std::thread::scope(|s| {
        let handles: Vec<_> = plans
            .iter()
            .map(|(at, ask)| {
                let addr = nodes[*at].addr;
                s.spawn(move || {
                    let mut c = RawClient::connect(addr);
                    let nseq = 7;
                    c.send(&match ask {
                        Ask::Topology => Msg::TopoReq { nseq },
                        Ask::Key(k) => Msg::KeyReq {
                            nseq,
                            key: k.as_bytes().to_vec(),
                        },
                    });
                    c.values(nseq, Duration::from_millis(1500))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let index = |from: SocketAddr| -> usize {
        let IpAddr::V4(ip) = from.ip() else {
            panic!("answer from {from}")
        };
        (ip.octets()[3] - FIRST_IP) as usize
    };
    let mut answers = 0;
    for ((at, ask), got) in plans.iter().zip(&results) {
        let dist = bfs(&adj, *at);
        let within: BTreeSet<usize> = dist
            .iter()
            .filter(|(_, d)| **d <= 3)
            .map(|(n, _)| *n)
            .collect();
        let expected: Vec<(usize, String)> = match ask {
            Ask::Topology => within.iter().map(|&n| (n, String::new())).collect(),
            Ask::Key(k) if k == "shared" => within
                .iter()
                .filter(|&&n| holds_shared(n))
                .map(|&n| (n, format!("from {n}")))
                .collect(),
            Ask::Key(k) => {
                let n: usize = k.strip_prefix("own-").unwrap().parse().unwrap();
                if within.contains(&n) {
                    vec![(n, format!("value {n}"))]
                } else {
                    vec![]
                }
            }
        };
        let mut seen: Vec<(usize, String)> = got
            .iter()
            .map(|(from, v)| {
                let n = index(*from);
                match ask {
                    Ask::Topology => {
                        // The path from the client's node to the answering node.
                        let names: Vec<&str> = v.split(' ').collect();
                        assert_eq!(names[0], nodes[*at].addr.to_string(), "{v}");
                        assert_eq!(*names.last().unwrap(), nodes[n].addr.to_string(), "{v}");
                        assert!(names.len() > dist[&n] && names.len() <= 4, "{v}");
                        (n, String::new())
                    }
                    Ask::Key(_) => (n, v.clone()),
                }
            })
            .collect();
        seen.sort();
        assert_eq!(
            seen, expected,
            "client on node {at} asking {ask:?} (overlay edges {edges:?})"
        );
        answers += seen.len();
    }
    eprintln!("{CLIENTS} clients received {answers} answers, all expected");
}
