//! The kv classroom scenario (the original's Test 4): five nodes in a line, each started with
//! the previous one as its neighbour, a client on the first. `T` reaches only the first four
//! (TTL 3), a key held only by the fifth gets no response, a key held by the second is found.
//! Then the nodes are stopped, the fifth first, and each neighbour drops the link it loses.
//!
//! Each node binds its own loopback address (127.0.0.2 … 127.0.0.6, as `-b` would), so the
//! transcript shows five distinct hosts; where those addresses cannot be bound (systems that
//! only configure 127.0.0.1) every node uses 127.0.0.1 with its own port.

use std::cell::RefCell;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::Stage;
use super::text::{DemoText, Role as Label};
use crate::kv::config::{ClientConfig, NodeConfig};
use crate::kv::text::KvText;
use crate::kv::{client, node};
use crate::net::sentences::NetText;
use crate::net::{Context, Error, Result};
use crate::term::log::Stream;

/// The client's quiet window in the demo (the default 4 s would make it slow to watch).
const WINDOW: Duration = Duration::from_millis(1000);

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The addresses the five nodes bind.
fn node_ips() -> [IpAddr; 5] {
    let distinct = std::net::TcpListener::bind((Ipv4Addr::new(127, 0, 0, 2), 0)).is_ok();
    std::array::from_fn(|k| {
        if distinct {
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + k as u8))
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        }
    })
}

pub fn run(stage: &mut Stage) -> Result<()> {
    let env = stage.env().clone();
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let dir = TempDir(std::env::temp_dir().join(format!(
        "netlab-kv-demo-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    )));
    std::fs::create_dir_all(&dir.0).context(env.lang(), NetText::CannotCreate(&dir.0))?;
    // The nodes name their database by its path: the reader needs only its name.
    stage.hide(format!("{}{}", dir.0.display(), std::path::MAIN_SEPARATOR));

    stage.narrate(KvText::DemoLine);
    let ips = node_ips();
    let mut nodes: Vec<(usize, SocketAddr)> = Vec::new();
    let lang = env.lang();
    for (k, &ip) in ips.iter().enumerate() {
        // Node k holds one fruit of its own.
        let (key, value) = DemoText::fruit(k + 1, lang);
        let db = dir.0.join(format!("n{}.db", k + 1));
        std::fs::write(
            &db,
            format!("# demo database of n{}\n{key} {value}\n", k + 1),
        )
        .context(env.lang(), NetText::CannotWrite(&db))?;
        let args = NodeConfig {
            port: 0,
            dbfile: db,
            neighbours: nodes.last().map(|&(_, a)| a.into()).into_iter().collect(),
            bind: Some(ip),
            ..NodeConfig::default()
        };
        let id = stage.spawn(&format!("n{}", k + 1), move |env| node::run(args, env))?;
        let addr = stage.listening(id)?;
        if let Some(&(prev, _)) = nodes.last() {
            // The previous node has taken the link: floods will use it.
            let joined = env.tr(KvText::NeighbourJoined(addr));
            let needle = joined.split(&addr.to_string()).next().unwrap_or_default();
            stage.expect_err(prev, needle)?;
        }
        nodes.push((id, addr));
    }

    stage.narrate(KvText::DemoClient);
    let client = stage.spawn(&stage.role(Label::Client), {
        let args = ClientConfig {
            port: 0,
            node: nodes[0].1.into(),
            bind: Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            timeout: WINDOW,
            // The demo's stderr is the transcript, not a terminal of the client's own.
            indicator: false,
        };
        move |env| client::run(args, env)
    })?;
    stage.listening(client)?;

    stage.narrate(KvText::DemoTopology);
    stage.type_line(client, "T");
    let answers = RefCell::new(Vec::new());
    stage.expect(client, |l| {
        if l.stream == Stream::Out {
            answers.borrow_mut().push(l.text.clone());
        }
        answers.borrow().len() == 4
    })?;
    let mut by_hops: Vec<(usize, usize, String)> = Vec::new();
    for line in answers.into_inner() {
        // `NAME NAME … DELIVERED-FROM`: the last name is the node that answered.
        let names: Vec<&str> = line.split(' ').collect();
        let list = &names[..names.len().saturating_sub(1)];
        let Some(last) = list.last() else {
            return Err(Error::new(env.tr(DemoText::UnexpectedAnswer(&line))));
        };
        let Some(k) = nodes.iter().position(|(_, a)| a.to_string() == *last) else {
            return Err(Error::new(env.tr(DemoText::UnknownNode(&line))));
        };
        by_hops.push((list.len() - 1, k + 1, last.to_string()));
    }
    by_hops.sort();
    for (hops, n, addr) in by_hops {
        stage.narrate(KvText::DemoAnswered(n, addr, hops));
    }
    stage.narrate(KvText::DemoFifthSilent);

    stage.narrate(KvText::DemoAskFifth);
    stage.type_line(client, &format!("? {}", DemoText::fruit(5, lang).0));
    stage.expect_out(client, &env.tr(KvText::NoResponse))?;
    stage.narrate(KvText::DemoNoResponse);

    stage.narrate(KvText::DemoAskSecond);
    let (key, value) = DemoText::fruit(2, lang);
    stage.type_line(client, &format!("? {key}"));
    stage.expect_out(client, value)?;
    stage.narrate(KvText::DemoFoundSecond(nodes[1].1.to_string()));

    // The client reads Q once its window has closed, so no answer is cut short.
    stage.type_line(client, "Q");
    stage.join(client)?;
    stage.narrate(KvText::DemoQuit);

    // The nodes stop, the last first: each time the node before it loses its neighbour.
    stage.narrate(DemoText::KvStopNodes);
    let probe: SocketAddr = (Ipv4Addr::UNSPECIFIED, 0).into();
    let left = env.tr(KvText::NeighbourLeft(probe));
    let (before, after) = left.split_once(&probe.to_string()).unwrap_or((&left, ""));
    for k in (1..nodes.len()).rev() {
        stage.stop(nodes[k].0)?;
        let prev = nodes[k - 1].0;
        stage.expect(prev, |l| {
            l.stream == Stream::Err && l.text.starts_with(before) && l.text.ends_with(after)
        })?;
    }
    stage.stop(nodes[0].0)
}
