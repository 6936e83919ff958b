//! The client: reads `? KEY`, `T` and `Q` from stdin, sends KEYREQ/TOPOREQ to its node, and
//! collects the answers that nodes deliver on new connections to its listening port until the
//! quiet window (`--timeout`, 4 s) passes with no message at all (spec/kv.md, "Client
//! behaviour").
//!
//! One owner thread: stdin lines, connection events (the node's link and every answer
//! connection) and the window's deadline meet in one `select!`. While a window is open, stdin
//! waits (as in the original, a new command starts after the previous answers are in); Ctrl-C
//! is heard at once.

use std::collections::HashMap;
use std::io::BufReader;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crossbeam_channel::{after, bounded, never, select};

use super::wire::{self, MAX_SIZE, Msg, WireError};
use crate::cli::KvClientArgs;
use crate::net::conn::{Acceptor, Conn, ConnId, Event, Ids};
use crate::net::log::Dir;
use crate::net::text::kv::KvText;
use crate::net::{Context, Env, Error, Result, sock};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A parsed stdin line.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Key(String),
    Topology,
    Quit,
    /// Anything else, an empty line included (spec: "Anything else prints Unknown command").
    Unknown,
}

fn parse(line: &str) -> Command {
    let line = line.trim();
    match line {
        "T" | "t" => Command::Topology,
        "Q" | "q" => Command::Quit,
        _ => match line.strip_prefix('?').map(str::trim) {
            Some(key) if !key.is_empty() => Command::Key(key.to_string()),
            _ => Command::Unknown,
        },
    }
}

fn decoder() -> impl FnMut(&mut BufReader<TcpStream>) -> Result<Msg, WireError> {
    |r: &mut BufReader<TcpStream>| wire::decode(r)
}

/// An IPv4-mapped address shown as IPv4.
fn shown(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), addr.port()),
            None => addr,
        },
        IpAddr::V4(_) => addr,
    }
}

/// Run a client until `Q`, end of input or Ctrl-C.
pub fn run(args: KvClientArgs, env: Env) -> Result<()> {
    let node = sock::resolve(&args.node, "node")?;
    let bind = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let from = args.bind.filter(|ip| !ip.is_unspecified());
    // Listen first: answers may arrive as soon as the first request is out.
    let listener = sock::listen(bind, args.port, &env.log)?;
    let port = listener
        .local_addr()
        .context(|| "cannot read the bound address")?
        .port();
    let stream = sock::connect(node, from, CONNECT_TIMEOUT)
        .map_err(|e| Error::new(format!("cannot connect to node {node}: {e}")))?;
    let (tx, events) = bounded(1024);
    let ids = Ids::default();
    let node_id = ids.next();
    let link = Conn::start("kv-client", node_id, stream, 64, decoder(), tx.clone())
        .context(|| format!("cannot start the connection to node {node}"))?;
    let id_msg = Msg::Id { port };
    env.log.trace(Dir::Out, node, &id_msg);
    // An ID always encodes; a full queue is impossible on a fresh connection.
    let _ = link.send(wire::to_bytes(&id_msg).unwrap_or_default());
    env.log.debug(format_args!(
        "connected to node {node}, answers to port {port}"
    ));
    let _acceptor = Acceptor::start("kv-client", listener, ids, 4, decoder, tx, env.log.clone())
        .context(|| "cannot start accepting answers")?;

    let lines = env.lines();
    let mut peers: HashMap<ConnId, (SocketAddr, Conn)> = HashMap::new();
    let mut nseq: u32 = 0;
    let mut current: Option<u32> = None;
    let mut window: Option<Instant> = None;
    let mut answered = false;

    loop {
        let deadline = match window {
            Some(at) => after(at.saturating_duration_since(Instant::now())),
            None => never(),
        };
        let input = if window.is_some() {
            never()
        } else {
            lines.clone()
        };
        select! {
            recv(input) -> line => {
                let Ok(line) = line else { break }; // end of input acts as Q
                let msg = match parse(&line) {
                    Command::Quit => break,
                    Command::Unknown => {
                        env.say(KvText::UnknownCommand);
                        continue;
                    }
                    Command::Key(key) if key.len() > MAX_SIZE => {
                        env.say(KvText::KeyTooLong);
                        continue;
                    }
                    Command::Key(key) => Msg::KeyReq { nseq, key: key.into_bytes() },
                    Command::Topology => Msg::TopoReq { nseq },
                };
                env.log.trace(Dir::Out, node, &msg);
                let frame = wire::to_bytes(&msg).map_err(|e| Error::new(e.to_string()))?;
                if link.send(frame).is_err() {
                    return Err(Error::new(format!("the connection to node {node} is lost")));
                }
                current = Some(nseq);
                nseq = nseq.wrapping_add(1);
                answered = false;
                window = Some(Instant::now() + args.timeout);
            }
            recv(events) -> ev => {
                let Ok(ev) = ev else { break };
                let received = match ev {
                    Event::Opened(id, conn) => {
                        peers.insert(id, (shown(conn.peer()), conn));
                        false
                    }
                    Event::Frame(id, msg) => {
                        let from = if id == node_id {
                            shown(link.peer())
                        } else {
                            peers.get(&id).map_or(node, |p| p.0)
                        };
                        env.log.trace(Dir::In, from, &msg);
                        match msg {
                            Msg::Resp { nseq: n, value } if Some(n) == current => {
                                env.log.out(format_args!(
                                    "{} {from}",
                                    String::from_utf8_lossy(&value)
                                ));
                                answered = true;
                            }
                            _ => env.say(KvText::Incorrect(from)),
                        }
                        true
                    }
                    Event::Closed(id, why) if id == node_id => {
                        return Err(Error::new(format!(
                            "node {node} closed the connection ({why})"
                        )));
                    }
                    Event::Closed(id, why) => {
                        let peer = peers.remove(&id).map(|p| p.0);
                        match (peer, why.is_protocol()) {
                            (Some(from), true) => {
                                env.log.debug(format_args!("{from}: {why}"));
                                env.say(KvText::Incorrect(from));
                                true
                            }
                            _ => false,
                        }
                    }
                };
                if received && window.is_some() {
                    window = Some(Instant::now() + args.timeout);
                }
            }
            recv(deadline) -> _ => {
                if !answered {
                    env.say(KvText::NoResponse);
                }
                window = None;
            }
            recv(env.stop.rx()) -> _ => break,
        }
    }
    // Dropping the link writes anything queued, then closes it cleanly (FIN).
    drop(link);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(parse("? tcpmux"), Command::Key("tcpmux".into()));
        assert_eq!(parse("?nbp "), Command::Key("nbp".into()));
        assert_eq!(parse("T"), Command::Topology);
        assert_eq!(parse("t"), Command::Topology);
        assert_eq!(parse("Q"), Command::Quit);
        assert_eq!(parse("q"), Command::Quit);
        assert_eq!(parse(""), Command::Unknown);
        assert_eq!(parse("  "), Command::Unknown);
        assert_eq!(parse("?"), Command::Unknown);
        assert_eq!(parse("a"), Command::Unknown);
        assert_eq!(parse("TT"), Command::Unknown);
    }
}
