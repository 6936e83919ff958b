//! `netlab proxy PROTOCOL LISTEN TARGET`: forwards every connection accepted on LISTEN to
//! TARGET and prints every frame both ways, decoded as it passes (`#1 -> MSG 1->0 seq=1
//! "Ob-la-di" (+0.081532s, 24 bytes)`, `--trace=hex` adds the bytes), and misbehaves on purpose
//! when asked: split, coalesce, delay, pace, corrupt or end a conversation, one direction or
//! both, each impairment told as it is applied.
//!
//! - `frames.rs`: the protocols as the proxy sees them (cut, decode, hints, fields), pure;
//! - `lane.rs`: one direction: frames and impairments into timed writes, pure;
//! - `reactor.rs`: the one owner thread, a mio poll over every socket;
//! - `printer.rs`: the frame lines, or the diagram, of every connection;
//! - `extra.rs`: the proxy's own listeners for kv answers and chat peers (`--peers`);
//! - `text.rs`: the sentences, en and pt.

mod extra;
pub mod frames;
pub mod lane;
pub mod mcast;
mod printer;
mod reactor;
pub mod text;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

pub use frames::Proto;
use lane::{Corrupt, Plan, Split};
use text::{EndKind, ProxyText};

use crate::net::addr::HostPort;
use crate::net::{Env, Result, sock};
use crate::term::bad_value::{BadValue, Usage};

/// The default pause between the pieces of a split frame: long enough that a program reading
/// once per frame sees the pieces one by one.
pub const DEFAULT_GAP: Duration = Duration::from_millis(20);
/// The default time `--coalesce` waits for more frames before sending what it holds, so
/// request/response traffic never deadlocks.
pub const DEFAULT_HOLD: Duration = Duration::from_millis(100);

/// Which direction the impairments apply to.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Only {
    /// What the client sends
    ToServer,
    /// What the server sends
    ToClient,
}

/// What `netlab proxy` does.
#[derive(Clone, Debug)]
pub struct Config {
    pub proto: Proto,
    pub listen: SocketAddr,
    pub target: SocketAddr,
    /// The impairments of each direction (`None`: passed as they come).
    pub to_server: Option<Plan>,
    pub to_client: Option<Plan>,
    pub seed: u64,
    /// `--diagram`: drawn on stdout at the end instead of the frame lines.
    pub diagram: Option<crate::diagram::Format>,
    pub diagram_limit: Option<usize>,
    pub ascii: bool,
    /// chat `--peers`: the calls the directory announces are carried too.
    pub peers: bool,
}

/// The impairments as the command line gives them.
#[derive(Clone, Debug, Default)]
pub struct Impairments {
    pub split: Option<Split>,
    pub gap: Duration,
    pub coalesce: Option<usize>,
    pub hold: Duration,
    pub delay: Option<Duration>,
    pub jitter: Option<Duration>,
    pub rate: Option<u64>,
    pub close_after: Option<u64>,
    pub reset_after: Option<u64>,
    pub half_close_after: Option<u64>,
    pub corrupt: Option<Corrupt>,
    pub only: Option<Only>,
}

impl Impairments {
    /// The plan of each direction: (to the server, to the client).
    pub fn plans(&self) -> (Option<Plan>, Option<Plan>) {
        let mut ends = Vec::new();
        for (how, n) in [
            (EndKind::Close, self.close_after),
            (EndKind::Reset, self.reset_after),
            (EndKind::HalfClose, self.half_close_after),
        ] {
            if let Some(n) = n {
                ends.push((how, n));
            }
        }
        let plan = Plan {
            split: self.split,
            gap: self.gap,
            coalesce: self.coalesce.unwrap_or(0),
            hold: self.hold,
            delay: self.delay.unwrap_or_default(),
            jitter: self.jitter.unwrap_or_default(),
            rate: self.rate,
            ends,
            corrupt: self.corrupt.clone(),
        };
        match self.only {
            None => (Some(plan.clone()), Some(plan)),
            Some(Only::ToServer) => (Some(plan), None),
            Some(Only::ToClient) => (None, Some(plan)),
        }
    }
}

/// LISTEN as typed: a bare port listens on 127.0.0.1 (nothing leaves the machine unless asked).
pub fn parse_listen(s: &str) -> std::result::Result<SocketAddr, String> {
    if let Ok(port) = s.trim().parse::<u16>() {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    s.trim()
        .parse::<SocketAddr>()
        .map_err(|_| BadValue::Listen(s).say())
}

/// `--split N|field`.
pub fn parse_split(s: &str) -> std::result::Result<Split, String> {
    match s.trim() {
        "field" => Ok(Split::Field),
        n => match n.parse::<usize>() {
            Ok(k) if k > 0 => Ok(Split::Bytes(k)),
            _ => Err(BadValue::Split(s).say()),
        },
    }
}

/// `--corrupt FIELD=VALUE@N` (the field's name is checked against the protocol later). An
/// address field (kv's `ip`) also takes its value as an IPv4 address: `ip=10.0.0.9@1`.
pub fn parse_corrupt(s: &str) -> std::result::Result<Corrupt, String> {
    let bad = || BadValue::Corrupt(s).say();
    let (field, rest) = s.split_once('=').ok_or_else(bad)?;
    let (value, at) = rest.rsplit_once('@').ok_or_else(bad)?;
    let field = field.trim();
    if field.is_empty() {
        return Err(bad());
    }
    let address = ADDRESS_FIELDS.contains(&field);
    let value = match value.trim().parse::<u64>() {
        Ok(v) => v,
        Err(_) => match value.trim().parse::<Ipv4Addr>() {
            Ok(ip) if address => u32::from(ip).into(),
            _ => {
                return Err(Usage::CorruptValue {
                    value: value.trim(),
                    field,
                    address,
                }
                .say());
            }
        },
    };
    let at = at
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| Usage::CorruptAt(at.trim()).say())?;
    Ok(Corrupt {
        field: field.to_string(),
        value,
        at,
        typed: s.trim().to_string(),
    })
}

/// The fields that hold an IPv4 address, which `--corrupt` also takes as `10.0.0.9`.
const ADDRESS_FIELDS: &[&str] = &["ip"];

/// What is wrong with `--corrupt` for `proto`, if anything (a usage error).
pub fn corrupt_problem(proto: Proto, c: &Corrupt) -> Option<Usage<'_>> {
    let names = frames::field_names(proto);
    if names.is_empty() {
        return Some(Usage::NoBinaryFields(proto.name()));
    }
    if !names.contains(&c.field.as_str()) {
        return Some(Usage::NoSuchField {
            proto: proto.name(),
            field: &c.field,
            fields: names.join(", "),
        });
    }
    // Every field is 2 or 4 bytes wide; ip and the 32-bit ones take 4.
    let wide = matches!(c.field.as_str(), "seq" | "timestamp" | "nseq" | "ip");
    let max: u64 = if wide {
        u32::MAX.into()
    } else {
        u16::MAX.into()
    };
    (c.value > max).then_some(Usage::TooLarge {
        value: c.value,
        field: &c.field,
        max,
    })
}

/// A probability as typed: 0 to 1 (`0.25`) or a percentage (`25%`).
pub fn parse_probability(s: &str) -> std::result::Result<f64, String> {
    let t = s.trim();
    let p = match t.strip_suffix('%') {
        Some(n) => n.trim().parse::<f64>().map(|v| v / 100.0),
        None => t.parse::<f64>(),
    };
    match p {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(BadValue::Probability(s).say()),
    }
}

/// Run the proxy until Ctrl-C.
pub fn run(cfg: Config, env: Env) -> Result<()> {
    let (listener, local) = sock::listen_at(cfg.listen.ip(), cfg.listen.port(), &env.log)?;
    env.log.info(ProxyText::Forwarding {
        proto: cfg.proto.name(),
        listen: local,
        target: cfg.target,
    });
    reactor::run(cfg, listener, &env)
}

/// The TARGET, resolved (a bare host takes the protocol's default port).
pub fn resolve_target(proto: Proto, target: &HostPort, env: &Env) -> Result<SocketAddr> {
    sock::lookup(target, proto.default_port(), env.lang())
}

/// Close a socket with a reset (RST) rather than an orderly end.
fn reset(sock: &mio::net::TcpStream) {
    let s = socket2::SockRef::from(sock);
    // Dropped right after: a close with a zero linger time sends RST.
    let _ = s.set_linger(Some(Duration::ZERO));
}
