//! The kv node's cases (spec/kv.md): connections and IDs (`id`), key requests (`key`),
//! topology (`topo`), flood forwarding and TTL (`flood`), duplicate suppression (`dedup`),
//! field sizes (`size`), framing on the stream (`wire`) and bad input (`bad`).
//!
//! The checker plays the node's client (a connection with ID(port), and the listener the
//! answers come to on new connections) and its neighbours (connections with ID(0), over which
//! the node floods and to which we send floods). Before a case relies on the node knowing its
//! neighbours, a client's TOPOREQ must have reached each of them ([`linked`]): that also
//! learns the node's own name (`IP:PORT`) from its answer. Each case's nseqs are its own.

use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::Suite;
use super::case::{Case, Ctx, Kind, Outcome, Problem, Shown, Verdict, alive, case};
use super::hint::Hint;
use super::link::{Got, Link, What};
use super::text::CheckText;
use crate::kv::hints::{self, Field, KvHint};
use crate::kv::wire::{self, Flood, MAX_SIZE, Msg, TTL, WireError};

pub static SUITE: Suite = Suite {
    name: "kv",
    cases: CASES,
    probe,
    default_port: None,
};

fn show(m: &Msg) -> String {
    m.to_string()
}

fn bytes(m: &Msg) -> Vec<u8> {
    wire::to_bytes(m).unwrap_or_default()
}

fn shown(m: &Msg) -> Shown {
    Shown::new(show(m), bytes(m))
}

/// The `k`-th nseq of this case (0..=19), unlike any other case's or run's.
fn nseq(ctx: &Ctx, k: u32) -> u32 {
    ctx.tag.wrapping_mul(1000).wrapping_add(ctx.number * 20 + k)
}

/// Read one frame (its bytes kept for the report).
fn recv(ctx: &Ctx, link: &mut Link) -> Got<Msg> {
    link.begin();
    match wire::decode(link) {
        Ok(m) => {
            link.trace_in(show(&m));
            let hint = match &m {
                Msg::KeyFlood(f) | Msg::TopoFlood(f) => hints::flood(f).map(Hint::Kv),
                _ => None,
            };
            link.arrival(What::Frame(m), hint)
        }
        Err(WireError::Closed) => link.arrival(What::Closed, None),
        Err(WireError::Truncated) => link.arrival(What::Partial, None),
        Err(WireError::UnknownType(t)) => link.arrival(
            What::Bad(ctx.tr(CheckText::UnknownType(t))),
            hints::unknown_type(t).map(Hint::Kv),
        ),
        Err(WireError::BadSize(n)) => link.arrival(
            What::Bad(ctx.tr(CheckText::BadSize(n))),
            hints::bad_size(n).map(Hint::Kv),
        ),
        Err(WireError::Io(e)) => link.ended(&e),
    }
}

/// The local IPv4 address that reaches the node (the one it will see our connections come
/// from, and answer to). Nothing is sent: a UDP "connect" only picks the route.
fn local_ip(target: SocketAddr) -> Ipv4Addr {
    let ip = UdpSocket::bind(("0.0.0.0", 0))
        .and_then(|u| u.connect(target).and_then(|()| u.local_addr()))
        .map(|a| a.ip());
    match ip {
        Ok(IpAddr::V4(ip)) if !ip.is_unspecified() => ip,
        _ => Ipv4Addr::LOCALHOST,
    }
}

/// Where the node's answers come: a listener on our address, and each answer connection read
/// to its end.
struct Answers {
    listener: TcpListener,
    ip: Ipv4Addr,
    port: u16,
}

/// One answer connection: its frames, its bytes, whether it closed, what broke it.
struct Answer {
    frames: Vec<Msg>,
    bytes: Vec<u8>,
    closed: bool,
    bad: Option<Got<Msg>>,
}

impl Answers {
    /// Listen on a port below 32768 (or, `high`, from 32768 up): nodes that read ports as
    /// signed 16-bit numbers fail only the second.
    fn open(ctx: &Ctx, high: bool) -> Result<Answers, Problem> {
        let ip = local_ip(ctx.target);
        let seed = ctx.tag.wrapping_mul(7919) ^ ctx.number.wrapping_mul(104_729);
        let candidates: Vec<u16> = if high {
            std::iter::once(0)
                .chain((0..40).map(|i| 61_000 + ((seed + i * 131) % 4_500) as u16))
                .collect()
        } else {
            (0..40)
                .map(|i| 20_000 + ((seed + i * 131) % 12_000) as u16)
                .chain(std::iter::once(0))
                .collect()
        };
        for port in candidates {
            let Ok(listener) = crate::net::sock::listen_quiet(SocketAddr::new(ip.into(), port))
            else {
                continue;
            };
            let Ok(bound) = listener.local_addr() else {
                continue;
            };
            if (bound.port() >= 32768) == high {
                let _ = listener.set_nonblocking(true);
                return Ok(Answers {
                    listener,
                    ip,
                    port: bound.port(),
                });
            }
        }
        Err(ctx.fail(CheckText::CannotListen))
    }

    /// The next answer connection within `within`, read to its end.
    fn next(&self, ctx: &Ctx, within: Duration) -> Option<Answer> {
        let deadline = Instant::now() + within;
        let stream = loop {
            match self.listener.accept() {
                Ok((s, _)) => break s,
                Err(e) if e.kind() == ErrorKind::WouldBlock && Instant::now() < deadline => {
                    thread::sleep(Duration::from_millis(2));
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        };
        let _ = stream.set_nonblocking(false);
        let mut link = ctx.adopt(stream);
        let mut answer = Answer {
            frames: Vec::new(),
            bytes: Vec::new(),
            closed: false,
            bad: None,
        };
        loop {
            let got = recv(ctx, &mut link);
            answer.bytes.extend_from_slice(&got.bytes);
            match got.what {
                What::Frame(m) => answer.frames.push(m),
                What::Closed => {
                    answer.closed = true;
                    return Some(answer);
                }
                What::Nothing => return Some(answer),
                _ => {
                    answer.bad = Some(got);
                    return Some(answer);
                }
            }
        }
    }

    /// The RESP for `nseq`: its value, and the connection that brought it.
    fn resp(&self, ctx: &Ctx, n: u32) -> Result<(Vec<u8>, Answer), Problem> {
        self.resp_unless(ctx, n, None)
    }

    /// [`Answers::resp`], failing with `why` if a RESP for `before` comes first: answers for
    /// other nseqs are let by, so without this one that must not come at all could be taken
    /// and dropped while waiting.
    fn resp_unless(
        &self,
        ctx: &Ctx,
        n: u32,
        before: Option<(u32, CheckText)>,
    ) -> Result<(Vec<u8>, Answer), Problem> {
        let deadline = Instant::now() + ctx.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(answer) = self.next(ctx, left) else {
                let got: Got<Msg> = Got {
                    what: What::Nothing,
                    bytes: Vec::new(),
                    hint: None,
                };
                return Err(ctx.unexpected(&got, show));
            };
            if let Some(bad) = &answer.bad {
                return Err(ctx.unexpected(bad, show));
            }
            if let Some((k, why)) = &before
                && let Some(m) = answer
                    .frames
                    .iter()
                    .find(|m| matches!(m, Msg::Resp { nseq, .. } if nseq == k))
            {
                return Err(ctx
                    .fail(why.clone())
                    .arrived(Shown::new(show(m), answer.bytes)));
            }
            let value = answer.frames.iter().find_map(|m| match m {
                Msg::Resp { nseq, value } if *nseq == n => Some(value.clone()),
                _ => None,
            });
            if let Some(value) = value {
                return Ok((value, answer));
            }
            let swapped = answer.frames.iter().find_map(|m| match m {
                Msg::Resp { nseq, .. } => hints::swapped32(Field::Nseq, n, *nseq),
                _ => None,
            });
            if swapped.is_some() || answer.frames.is_empty() {
                let what = answer.frames.first().map(show).unwrap_or_default();
                return Err(ctx
                    .fail(CheckText::NotTheAnswer(n))
                    .arrived(Shown::new(what, answer.bytes))
                    .hint(swapped.map(Hint::Kv)));
            }
        }
    }

    /// No RESP for `nseq` within `within` (answers for other nseqs are let by).
    fn none_for(&self, ctx: &Ctx, n: u32, within: Duration, why: CheckText) -> Result<(), Problem> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            let Some(answer) = self.next(ctx, left) else {
                return Ok(());
            };
            if let Some(m) = answer
                .frames
                .iter()
                .find(|m| matches!(m, Msg::Resp { nseq, .. } if *nseq == n))
            {
                return Err(ctx.fail(why).arrived(Shown::new(show(m), answer.bytes)));
            }
        }
    }
}

/// A connection to the node: a client (after ID(port)) or a neighbour (after ID(0)).
struct Peer {
    link: Link,
}

impl Peer {
    fn open(ctx: &Ctx, port: u16) -> Result<Peer, Problem> {
        let mut link = ctx.connect()?;
        let id = Msg::Id { port };
        link.send(show(&id), &bytes(&id))?;
        Ok(Peer { link })
    }

    fn client(ctx: &Ctx, answers: &Answers) -> Result<Peer, Problem> {
        Peer::open(ctx, answers.port)
    }

    fn neighbour(ctx: &Ctx) -> Result<Peer, Problem> {
        Peer::open(ctx, 0)
    }

    fn send(&mut self, m: &Msg) -> Result<(), Problem> {
        self.link.send(show(m), &bytes(m))
    }

    fn recv(&mut self, ctx: &Ctx) -> Got<Msg> {
        recv(ctx, &mut self.link)
    }
}

/// A flood from us: answers to our listener, `info` the key or the list so far.
fn flood(answers: &Answers, ttl: u16, n: u32, info: &[u8]) -> Flood {
    Flood {
        ttl,
        nseq: n,
        ip: answers.ip,
        port: answers.port,
        info: info.to_vec(),
    }
}

/// The next frame on neighbour `nb` must be `want` (a KEYFLOOD or TOPOFLOOD): same type and
/// fields; the problem names the first field that differs, with a byte-order hint.
fn expect_flood(ctx: &Ctx, nb: &mut Peer, want: &Msg) -> Result<(), Problem> {
    let got = nb.recv(ctx);
    check_flood(ctx, got, want)
}

/// [`expect_flood`] of a frame already read.
fn check_flood(ctx: &Ctx, got: Got<Msg>, want: &Msg) -> Result<(), Problem> {
    let expected = shown(want);
    let Some(m) = got.frame() else {
        return Err(ctx.unexpected(&got, show).expected(expected));
    };
    let arrived = Shown::new(show(m), got.bytes.clone());
    let fail = |why: CheckText, hint: Option<KvHint>| {
        ctx.fail(why)
            .expected(shown(want))
            .arrived(arrived.clone())
            .hint(hint.map(Hint::Kv))
            .hint(got.hint)
    };
    let (g, w) = match (m, want) {
        (Msg::KeyFlood(g), Msg::KeyFlood(w)) | (Msg::TopoFlood(g), Msg::TopoFlood(w)) => (g, w),
        _ => {
            return Err(fail(
                CheckText::WrongType {
                    got: wire::type_name(m.kind()),
                    want: wire::type_name(want.kind()),
                },
                None,
            ));
        }
    };
    if g.nseq != w.nseq {
        return Err(fail(
            CheckText::FieldIs {
                field: "nseq",
                got: g.nseq.to_string(),
                want: w.nseq.to_string(),
            },
            hints::swapped32(Field::Nseq, w.nseq, g.nseq),
        ));
    }
    if g.ttl != w.ttl {
        let hint = hints::swapped16(Field::Ttl, w.ttl, g.ttl).or(match (g.ttl, w.ttl) {
            (0, _) => Some(KvHint::TtlForwardsDead),
            _ => None,
        });
        return Err(fail(
            CheckText::FieldIs {
                field: "ttl",
                got: g.ttl.to_string(),
                want: w.ttl.to_string(),
            },
            hint,
        ));
    }
    if g.ip != w.ip || g.port != w.port {
        return Err(fail(
            CheckText::FieldIs {
                field: "ip_orig:port_orig",
                got: format!("{}:{}", g.ip, g.port),
                want: format!("{}:{}", w.ip, w.port),
            },
            hints::swapped16(Field::Port, w.port, g.port),
        ));
    }
    if g.info != w.info {
        return Err(fail(
            CheckText::FieldIs {
                field: "info",
                got: format!("{}", wire::Shown(&g.info)),
                want: format!("{}", wire::Shown(&w.info)),
            },
            hints::topology(&g.info),
        ));
    }
    Ok(())
}

/// The next frame on `nb` must be the barrier flood `barrier` (proof that what was sent
/// before it was not forwarded to `nb`); `why` says what arriving first means, with `hint`.
fn next_is(
    ctx: &Ctx,
    nb: &mut Peer,
    barrier: &Msg,
    why: CheckText,
    hint: Option<KvHint>,
) -> Result<(), Problem> {
    let got = nb.recv(ctx);
    let same = |a: &Msg, b: &Msg| match (a, b) {
        (Msg::KeyFlood(x), Msg::KeyFlood(y)) | (Msg::TopoFlood(x), Msg::TopoFlood(y)) => {
            x.nseq == y.nseq
        }
        _ => false,
    };
    match got.frame() {
        Some(m) if same(m, barrier) => expect_flood_frame(ctx, m, &got, barrier),
        Some(m) => Err(ctx
            .fail(why)
            .expected(nothing_then(ctx, barrier))
            .arrived(Shown::new(show(m), got.bytes.clone()))
            .hint(hint.map(Hint::Kv))),
        None => Err(ctx
            .unexpected(&got, show)
            .expected(nothing_then(ctx, barrier))),
    }
}

/// "Nothing, then the barrier", decoded, with the barrier's bytes.
fn nothing_then(ctx: &Ctx, barrier: &Msg) -> Shown {
    Shown::new(
        ctx.tr(CheckText::NothingThen(&show(barrier))),
        bytes(barrier),
    )
}

/// The barrier arrived; its fields must be right too.
fn expect_flood_frame(ctx: &Ctx, m: &Msg, got: &Got<Msg>, want: &Msg) -> Result<(), Problem> {
    let (Msg::KeyFlood(g) | Msg::TopoFlood(g), Msg::KeyFlood(w) | Msg::TopoFlood(w)) = (m, want)
    else {
        return Ok(());
    };
    if g.ttl != w.ttl || g.info != w.info {
        return Err(ctx
            .fail(CheckText::FieldIs {
                field: "ttl",
                got: g.ttl.to_string(),
                want: w.ttl.to_string(),
            })
            .expected(shown(want))
            .arrived(Shown::new(show(m), got.bytes.clone())));
    }
    Ok(())
}

/// Neighbours the node has taken as such: a client's TOPOREQ reached each of them. Returns
/// the node's name (its answer to that TOPOREQ).
///
/// The node may read a new neighbour's ID(0) after the client's request (they come on
/// different connections), so the request is repeated (a few rounds, each its own nseq) until
/// every neighbour has got one; a neighbour, once linked, gets every later round, in order,
/// and is read up to the last.
fn linked(ctx: &Ctx, answers: &Answers, nbs: &mut [&mut Peer]) -> Result<String, Problem> {
    const ROUNDS: u32 = 5;
    let short = ctx.quiet().min(Duration::from_millis(200));
    let mut c = Peer::client(ctx, answers)?;
    let mut sent: Vec<u32> = Vec::new();
    let mut caught_up = vec![false; nbs.len()];
    for round in 0..ROUNDS {
        let n = nseq(ctx, 19 - round);
        c.send(&Msg::TopoReq { nseq: n })?;
        sent.push(n);
        let (name, _) = answers.resp(ctx, n)?;
        let want = Msg::TopoFlood(Flood {
            ttl: TTL,
            nseq: n,
            ip: answers.ip,
            port: answers.port,
            info: name.clone(),
        });
        for (i, nb) in nbs.iter_mut().enumerate() {
            caught_up[i] = false;
            let last = round + 1 == ROUNDS;
            nb.link.patience(if last { ctx.timeout } else { short });
            loop {
                let got = nb.recv(ctx);
                let nseq_in = match got.frame() {
                    Some(Msg::TopoFlood(f)) if sent.contains(&f.nseq) => Some(f.nseq),
                    _ => None,
                };
                match nseq_in {
                    Some(m) if m == n => {
                        nb.link.patience(ctx.timeout);
                        check_flood(ctx, got, &want).map_err(not_linked(ctx))?;
                        caught_up[i] = true;
                        break;
                    }
                    // An earlier round's copy, late.
                    Some(_) => {}
                    None if matches!(got.what, What::Nothing) && !last => break,
                    None => {
                        nb.link.patience(ctx.timeout);
                        return Err(not_linked(ctx)(
                            ctx.unexpected(&got, show).expected(shown(&want)),
                        ));
                    }
                }
            }
            nb.link.patience(ctx.timeout);
        }
        if caught_up.iter().all(|&c| c) {
            return Ok(String::from_utf8_lossy(&name).into_owned());
        }
    }
    unreachable!("the last round fails or succeeds")
}

/// A problem found while linking neighbours, said as such.
fn not_linked(ctx: &Ctx) -> impl Fn(Problem) -> Problem + '_ {
    move |p| {
        let why = format!("{} {}", ctx.tr(CheckText::NotLinked), p.why);
        p.reason(why)
    }
}

/// The liveness probe: a new client's TOPOREQ is answered.
fn probe(ctx: &mut Ctx) -> Result<(), Problem> {
    toporeq_answered(ctx)
}

fn toporeq_answered(ctx: &Ctx) -> Result<(), Problem> {
    let answers = Answers::open(ctx, false)?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 18);
    c.send(&Msg::TopoReq { nseq: n })?;
    answers.resp(ctx, n).map(drop)
}

/// The tag of the last run in which a RESP for the held key arrived: from then on, a silence
/// for it is a failure, not a key the node lacks.
static HELD: AtomicU32 = AtomicU32::new(u32::MAX);

/// A key that no node holds.
fn missing_key(ctx: &Ctx) -> Vec<u8> {
    format!("no-such-key-{}-{}", ctx.tag, ctx.number).into_bytes()
}

fn held_key(ctx: &Ctx) -> Vec<u8> {
    ctx.key.as_bytes().to_vec()
}

/// The RESP for a key the node should hold. A silence while the node answers TOPOREQ, and no
/// RESP for the key yet in this run, is a node that does not hold it: the case is skipped,
/// its shared cause telling to name a key with `--key`. Otherwise a silence names `--key`.
fn value_of(ctx: &Ctx, answers: &Answers, n: u32) -> Result<Vec<u8>, Problem> {
    match answers.resp(ctx, n) {
        Ok((v, _)) => {
            HELD.store(ctx.tag, Ordering::Relaxed);
            Ok(v)
        }
        Err(p) if p.silent => {
            if HELD.load(Ordering::Relaxed) != ctx.tag && toporeq_answered(ctx).is_ok() {
                return Err(ctx
                    .skip(CheckText::KeyNotHeld(&ctx.key))
                    .cause(ctx.tr(CheckText::NameAKey(&ctx.key))));
            }
            Err(p.reason(ctx.tr(CheckText::NoValue(&ctx.key))))
        }
        Err(p) => Err(p),
    }
}

// ---------------------------------------------------------------------------------------------
// id: connections

fn id_new_connection(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    c.send(&Msg::TopoReq { nseq: n })?;
    match answers.resp(ctx, n) {
        Ok(_) => Ok(Verdict::Pass),
        Err(p) if p.silent => {
            // Perhaps it came back on the request's connection.
            c.link.patience(ctx.quiet());
            let got = c.recv(ctx);
            if let Some(m) = got.frame() {
                return Err(ctx
                    .fail(CheckText::AnsweredOnRequest)
                    .arrived(Shown::new(show(m), got.bytes.clone()))
                    .hint(Hint::Kv(KvHint::SameConnection)));
            }
            Err(p)
        }
        Err(p) => Err(p),
    }
}

fn id_high_port(ctx: &mut Ctx) -> Outcome {
    let high = Answers::open(ctx, true)?;
    let mut c = Peer::client(ctx, &high)?;
    let n = nseq(ctx, 0);
    ctx.mark();
    c.send(&Msg::TopoReq { nseq: n })?;
    match high.resp(ctx, n) {
        Ok(_) => Ok(Verdict::Pass),
        Err(p) if p.silent => {
            let low = Answers::open(ctx, false)?;
            let mut c = Peer::client(ctx, &low)?;
            let m = nseq(ctx, 1);
            c.send(&Msg::TopoReq { nseq: m })?;
            let signed = low.resp(ctx, m).is_ok();
            Err(ctx
                .fail(CheckText::HighPortUnanswered(high.port))
                .hint(signed.then_some(Hint::Kv(KvHint::SignedPort))))
        }
        Err(p) => Err(p),
    }
}

fn id_neighbour(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a])?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// key: key requests

fn key_answered(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    c.send(&Msg::KeyReq {
        nseq: n,
        key: held_key(ctx),
    })?;
    value_of(ctx, &answers, n)?;
    Ok(Verdict::Pass)
}

fn key_one_resp(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    c.send(&Msg::TopoReq { nseq: n })?;
    let (_, answer) = answers.resp(ctx, n)?;
    if answer.frames.len() != 1 || !answer.closed {
        let what = answer
            .frames
            .iter()
            .map(show)
            .collect::<Vec<_>>()
            .join(" + ");
        return Err(ctx
            .fail(CheckText::NotOneResp {
                frames: answer.frames.len(),
                closed: answer.closed,
            })
            .arrived(Shown::new(what, answer.bytes)));
    }
    Ok(Verdict::Pass)
}

fn key_flooded(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    let key = missing_key(ctx);
    c.send(&Msg::KeyReq {
        nseq: n,
        key: key.clone(),
    })?;
    let want = Msg::KeyFlood(flood(&answers, TTL, n, &key));
    expect_flood(ctx, &mut a, &want)?;
    expect_flood(ctx, &mut b, &want)?;
    answers.none_for(ctx, n, ctx.quiet(), CheckText::AnsweredMissing)?;
    Ok(Verdict::Pass)
}

fn key_held_flooded(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a])?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    c.send(&Msg::KeyReq {
        nseq: n,
        key: held_key(ctx),
    })?;
    value_of(ctx, &answers, n)?;
    let want = Msg::KeyFlood(flood(&answers, TTL, n, &held_key(ctx)));
    expect_flood(ctx, &mut a, &want)
        .map_err(|p| p.if_silent(|p| p.hint(Hint::Kv(KvHint::StopsFlooding))))?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// topo: topology

fn topo_answered(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    c.send(&Msg::TopoReq { nseq: n })?;
    let (name, answer) = answers.resp(ctx, n)?;
    let text = String::from_utf8_lossy(&name).into_owned();
    match text.parse::<SocketAddr>() {
        Ok(a) if a.port() == ctx.target.port() => Ok(Verdict::Pass),
        _ => Err(ctx
            .fail(CheckText::NotItsName {
                got: &text,
                port: ctx.target.port(),
            })
            .arrived(Shown::new(format!("{}", wire::Shown(&name)), answer.bytes))
            .hint(hints::topology(&name).map(Hint::Kv))),
    }
}

fn topo_flooded(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    // `linked` is this very rule, for two neighbours at once.
    linked(ctx, &answers, &mut [&mut a, &mut b])?;
    Ok(Verdict::Pass)
}

/// A TOPOFLOOD with `info` (ttl 3) from neighbour A: answered with the grown list, and that
/// list forwarded to B with ttl 2.
fn topo_grown(ctx: &Ctx, info: &[u8]) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    let name = linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let n = nseq(ctx, 0);
    a.send(&Msg::TopoFlood(flood(&answers, TTL, n, info)))?;
    let trimmed = String::from_utf8_lossy(info)
        .trim_end_matches(' ')
        .to_string();
    let grown = format!("{trimmed} {name}").into_bytes();
    let (value, answer) = answers.resp(ctx, n)?;
    if value != grown {
        let want = Msg::Resp {
            nseq: n,
            value: grown,
        };
        return Err(ctx
            .fail(CheckText::WrongList)
            .expected(shown(&want))
            .arrived(Shown::new(
                show(&Msg::Resp {
                    nseq: n,
                    value: value.clone(),
                }),
                answer.bytes,
            ))
            .hint(hints::topology(&value).map(Hint::Kv)));
    }
    expect_flood(
        ctx,
        &mut b,
        &Msg::TopoFlood(flood(&answers, TTL - 1, n, &grown)),
    )?;
    Ok(Verdict::Pass)
}

fn topo_appends(ctx: &mut Ctx) -> Outcome {
    topo_grown(ctx, b"10.9.9.9:5000")
}

fn topo_trailing_space(ctx: &mut Ctx) -> Outcome {
    topo_grown(ctx, b"10.9.9.9:5000 ")
}

fn topo_too_long(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    let name = linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let mut list = String::new();
    let mut i = 0;
    while list.len() < MAX_SIZE - 10 {
        list.push_str(&format!("10.9.{}.{}:5000 ", i / 250, i % 250 + 1));
        i += 1;
    }
    let list = list.trim_end().as_bytes()[..MAX_SIZE - 8].to_vec();
    let n = nseq(ctx, 0);
    ctx.mark();
    a.send(&Msg::TopoFlood(flood(&answers, TTL, n, &list)))?;
    answers.resp(ctx, n)?;
    let barrier = Msg::TopoFlood(flood(&answers, 2, nseq(ctx, 1), b"10.9.9.9:5000"));
    a.send(&barrier)?;
    let mut forwarded = flood(&answers, 1, nseq(ctx, 1), b"10.9.9.9:5000");
    forwarded.info = format!("10.9.9.9:5000 {name}").into_bytes();
    next_is(
        ctx,
        &mut b,
        &Msg::TopoFlood(forwarded),
        CheckText::ForwardedTooLong,
        None,
    )?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// flood: forwarding and TTL

fn flood_forwarded(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    let mut c = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a, &mut b, &mut c])?;
    let n = nseq(ctx, 0);
    let key = missing_key(ctx);
    ctx.mark();
    a.send(&Msg::KeyFlood(flood(&answers, TTL, n, &key)))?;
    let want = Msg::KeyFlood(flood(&answers, TTL - 1, n, &key));
    expect_flood(ctx, &mut b, &want)?;
    expect_flood(ctx, &mut c, &want)?;
    // Not back to A: a flood from B reaches A first.
    let m = nseq(ctx, 1);
    b.send(&Msg::KeyFlood(flood(&answers, 2, m, &key)))?;
    next_is(
        ctx,
        &mut a,
        &Msg::KeyFlood(flood(&answers, 1, m, &key)),
        CheckText::BackToSender,
        None,
    )?;
    answers.none_for(ctx, n, ctx.quiet(), CheckText::AnsweredMissing)?;
    Ok(Verdict::Pass)
}

fn flood_ttl_two(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let n = nseq(ctx, 0);
    let key = missing_key(ctx);
    a.send(&Msg::KeyFlood(flood(&answers, 2, n, &key)))?;
    expect_flood(ctx, &mut b, &Msg::KeyFlood(flood(&answers, 1, n, &key)))?;
    Ok(Verdict::Pass)
}

/// A flood (`topo`: TOPOFLOOD, else KEYFLOOD for the held key) arriving with ttl 1: answered,
/// not forwarded.
fn ttl_one(ctx: &Ctx, topo: bool) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    let name = linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let info: &[u8] = if topo {
        b"10.9.9.9:5000"
    } else {
        ctx.key.as_bytes()
    };
    let make = |f: Flood| {
        if topo {
            Msg::TopoFlood(f)
        } else {
            Msg::KeyFlood(f)
        }
    };
    if !topo {
        // First a copy with ttl 2: the node must hold the key (and answer live copies).
        let n0 = nseq(ctx, 2);
        a.send(&make(flood(&answers, 2, n0, info)))?;
        value_of(ctx, &answers, n0)?;
        let _ = b.recv(ctx);
    }
    let n = nseq(ctx, 0);
    ctx.mark();
    a.send(&make(flood(&answers, 1, n, info)))?;
    answers.resp(ctx, n).map_err(|p| {
        p.if_silent(|_| {
            ctx.fail(CheckText::LastHopUnanswered)
                .hint(Hint::Kv(KvHint::TtlDecrementsFirst))
        })
    })?;
    let m = nseq(ctx, 1);
    let barrier = b"10.9.9.9:5000";
    a.send(&Msg::TopoFlood(flood(&answers, 2, m, barrier)))?;
    let mut forwarded = flood(&answers, 1, m, barrier);
    forwarded.info = format!("10.9.9.9:5000 {name}").into_bytes();
    next_is(
        ctx,
        &mut b,
        &Msg::TopoFlood(forwarded),
        CheckText::ForwardedDead,
        Some(KvHint::TtlForwardsDead),
    )?;
    Ok(Verdict::Pass)
}

fn flood_ttl_one_key(ctx: &mut Ctx) -> Outcome {
    ttl_one(ctx, false)
}

fn flood_ttl_one_topo(ctx: &mut Ctx) -> Outcome {
    ttl_one(ctx, true)
}

fn flood_ttl_zero(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    let name = linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let n = nseq(ctx, 0);
    let list = b"10.9.9.9:5000";
    ctx.mark();
    a.send(&Msg::TopoFlood(flood(&answers, 0, n, list)))?;
    let m = nseq(ctx, 1);
    a.send(&Msg::TopoFlood(flood(&answers, 2, m, list)))?;
    let mut forwarded = flood(&answers, 1, m, list);
    forwarded.info = format!("10.9.9.9:5000 {name}").into_bytes();
    next_is(
        ctx,
        &mut b,
        &Msg::TopoFlood(forwarded),
        CheckText::ForwardedDead,
        Some(KvHint::TtlForwardsDead),
    )?;
    answers
        .none_for(ctx, n, ctx.quiet(), CheckText::AnsweredDead)
        .map_err(|p| p.hint(Hint::Kv(KvHint::TtlForwardsDead)))?;
    Ok(Verdict::Pass)
}

fn flood_held_forwarded(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let n = nseq(ctx, 0);
    let key = held_key(ctx);
    a.send(&Msg::KeyFlood(flood(&answers, TTL, n, &key)))?;
    value_of(ctx, &answers, n)?;
    expect_flood(
        ctx,
        &mut b,
        &Msg::KeyFlood(flood(&answers, TTL - 1, n, &key)),
    )
    .map_err(|p| p.if_silent(|p| p.hint(Hint::Kv(KvHint::StopsFlooding))))?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// dedup: duplicate suppression

fn dedup_second_copy(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    let mut c = Peer::neighbour(ctx)?;
    let name = linked(ctx, &answers, &mut [&mut a, &mut b, &mut c])?;
    let n = nseq(ctx, 0);
    let list = b"10.9.9.9:5000";
    a.send(&Msg::TopoFlood(flood(&answers, TTL, n, list)))?;
    answers.resp(ctx, n)?;
    let grown = format!("10.9.9.9:5000 {name}").into_bytes();
    let copy = Msg::TopoFlood(flood(&answers, TTL - 1, n, &grown));
    expect_flood(ctx, &mut b, &copy)?;
    expect_flood(ctx, &mut c, &copy)?;
    // The same flood again, from B, as a cycle in the overlay would bring it; then a new
    // flood, the barrier, on the same link (so a node with a thread per link handles the
    // two in order).
    ctx.mark();
    b.send(&Msg::TopoFlood(flood(&answers, TTL - 1, n, list)))?;
    let m = nseq(ctx, 1);
    b.send(&Msg::TopoFlood(flood(&answers, 2, m, list)))?;
    let mut forwarded = flood(&answers, 1, m, list);
    forwarded.info = grown.clone();
    next_is(
        ctx,
        &mut a,
        &Msg::TopoFlood(forwarded),
        CheckText::DuplicateForwarded,
        Some(KvHint::NoDedup),
    )?;
    answers
        .resp_unless(ctx, m, Some((n, CheckText::DuplicateAnswered)))
        .map_err(|p| p.hint(Hint::Kv(KvHint::NoDedup)))?;
    answers
        .none_for(ctx, n, ctx.quiet(), CheckText::DuplicateAnswered)
        .map_err(|p| p.hint(Hint::Kv(KvHint::NoDedup)))?;
    Ok(Verdict::Pass)
}

fn dedup_own_flood(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    let name = linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let mut client = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    client.send(&Msg::TopoReq { nseq: n })?;
    answers.resp(ctx, n)?;
    let own = Msg::TopoFlood(flood(&answers, TTL, n, name.as_bytes()));
    expect_flood(ctx, &mut a, &own)?;
    expect_flood(ctx, &mut b, &own)?;
    // A sends it back, one node further, as a cycle A → X → node would.
    let back = format!("{name} 10.9.9.9:5000").into_bytes();
    ctx.mark();
    a.send(&Msg::TopoFlood(flood(&answers, TTL - 1, n, &back)))?;
    let m = nseq(ctx, 1);
    let list = b"10.9.9.9:5000";
    a.send(&Msg::TopoFlood(flood(&answers, 2, m, list)))?;
    let mut forwarded = flood(&answers, 1, m, list);
    forwarded.info = format!("10.9.9.9:5000 {name}").into_bytes();
    next_is(
        ctx,
        &mut b,
        &Msg::TopoFlood(forwarded),
        CheckText::OwnFloodForwarded,
        Some(KvHint::OriginNotRecorded),
    )?;
    answers
        .resp_unless(ctx, m, Some((n, CheckText::OwnFloodAnswered)))
        .map_err(|p| p.hint(Hint::Kv(KvHint::OriginNotRecorded)))?;
    answers
        .none_for(ctx, n, ctx.quiet(), CheckText::OwnFloodAnswered)
        .map_err(|p| p.hint(Hint::Kv(KvHint::OriginNotRecorded)))?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// size: field sizes

fn key_flooded_intact(ctx: &Ctx, key: &[u8]) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a])?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    c.send(&Msg::KeyReq {
        nseq: n,
        key: key.to_vec(),
    })?;
    expect_flood(ctx, &mut a, &Msg::KeyFlood(flood(&answers, TTL, n, key)))?;
    Ok(Verdict::Pass)
}

fn size_one(ctx: &mut Ctx) -> Outcome {
    key_flooded_intact(ctx, b"\x01")
}

fn size_max(ctx: &mut Ctx) -> Outcome {
    let key: Vec<u8> = (0..MAX_SIZE).map(|i| b'a' + (i % 26) as u8).collect();
    key_flooded_intact(ctx, &key)
}

/// A KEYREQ whose size field is `size` (the bytes follow): not flooded; the node goes on.
fn size_refused(ctx: &Ctx, size: u16) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a])?;
    let mut bad = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    let mut frame = wire::KEYREQ.to_be_bytes().to_vec();
    frame.extend_from_slice(&n.to_be_bytes());
    frame.extend_from_slice(&size.to_be_bytes());
    frame.extend(std::iter::repeat_n(b'k', size as usize));
    ctx.mark();
    bad.link
        .send(format!("KEYREQ nseq={n} size={size} key=\"k…\""), &frame)?;
    let mut c = Peer::client(ctx, &answers)?;
    let m = nseq(ctx, 1);
    let key = missing_key(ctx);
    c.send(&Msg::KeyReq {
        nseq: m,
        key: key.clone(),
    })?;
    next_is(
        ctx,
        &mut a,
        &Msg::KeyFlood(flood(&answers, TTL, m, &key)),
        CheckText::BadSizeFlooded(size),
        None,
    )?;
    Ok(Verdict::Pass)
}

fn size_too_long(ctx: &mut Ctx) -> Outcome {
    size_refused(ctx, MAX_SIZE as u16 + 1)
}

fn size_zero(ctx: &mut Ctx) -> Outcome {
    size_refused(ctx, 0)
}

// ---------------------------------------------------------------------------------------------
// wire: frames on the stream

fn one_recv(p: Problem) -> Problem {
    p.hint(Hint::OneRecv)
}

fn wire_dribbled(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a])?;
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 0);
    let key = missing_key(ctx);
    let req = Msg::KeyReq {
        nseq: n,
        key: key.clone(),
    };
    c.link.dribble(show(&req), &bytes(&req)).map_err(one_recv)?;
    expect_flood(ctx, &mut a, &Msg::KeyFlood(flood(&answers, TTL, n, &key))).map_err(one_recv)?;
    Ok(Verdict::Pass)
}

fn wire_coalesced(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let name = linked(ctx, &answers, &mut [&mut a])?;
    let mut link = ctx.connect()?;
    let (n, m) = (nseq(ctx, 0), nseq(ctx, 1));
    let key = missing_key(ctx);
    let frames = [
        Msg::Id { port: answers.port },
        Msg::KeyReq {
            nseq: n,
            key: key.clone(),
        },
        Msg::TopoReq { nseq: m },
    ];
    let all: Vec<u8> = frames.iter().flat_map(bytes).collect();
    let shown: Vec<String> = frames.iter().map(show).collect();
    link.send(shown.join(" + "), &all)?;
    expect_flood(ctx, &mut a, &Msg::KeyFlood(flood(&answers, TTL, n, &key))).map_err(one_recv)?;
    expect_flood(
        ctx,
        &mut a,
        &Msg::TopoFlood(flood(&answers, TTL, m, name.as_bytes())),
    )
    .map_err(one_recv)?;
    answers.resp(ctx, m).map_err(one_recv)?;
    Ok(Verdict::Pass)
}

fn wire_two_floods(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    linked(ctx, &answers, &mut [&mut a, &mut b])?;
    let key = missing_key(ctx);
    let (n, m) = (nseq(ctx, 0), nseq(ctx, 1));
    let f1 = Msg::KeyFlood(flood(&answers, TTL, n, &key));
    let f2 = Msg::KeyFlood(flood(&answers, TTL, m, &key));
    let mut all = bytes(&f1);
    all.extend(bytes(&f2));
    a.link
        .send(format!("{} + {}", show(&f1), show(&f2)), &all)?;
    expect_flood(ctx, &mut b, &Msg::KeyFlood(flood(&answers, 2, n, &key))).map_err(one_recv)?;
    expect_flood(ctx, &mut b, &Msg::KeyFlood(flood(&answers, 2, m, &key))).map_err(one_recv)?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// bad: bad input

fn bad_vanish(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut gone = Peer::client(ctx, &answers)?;
    let req = bytes(&Msg::KeyReq {
        nseq: nseq(ctx, 0),
        key: missing_key(ctx),
    });
    gone.link.send(ctx.tr(CheckText::HalfFrame(5)), &req[..5])?;
    drop(gone);
    let mut c = Peer::client(ctx, &answers)?;
    let n = nseq(ctx, 1);
    c.send(&Msg::TopoReq { nseq: n })?;
    answers.resp(ctx, n)?;
    Ok(Verdict::Pass)
}

fn bad_neighbour_leaves(ctx: &mut Ctx) -> Outcome {
    let answers = Answers::open(ctx, false)?;
    let mut a = Peer::neighbour(ctx)?;
    let mut b = Peer::neighbour(ctx)?;
    let name = linked(ctx, &answers, &mut [&mut a, &mut b])?;
    drop(b);
    let mut c = Peer::client(ctx, &answers)?;
    for k in 0..3 {
        let n = nseq(ctx, k);
        c.send(&Msg::TopoReq { nseq: n })?;
        answers.resp(ctx, n)?;
        expect_flood(
            ctx,
            &mut a,
            &Msg::TopoFlood(flood(&answers, TTL, n, name.as_bytes())),
        )?;
    }
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------

const CASES: &[Case] = &[
    case(
        "kv.id.1",
        "a client's request is answered on a new connection to its IP and the port its ID announced",
        "o pedido de um cliente é respondido numa conexão nova para o IP dele e a porta anunciada no ID",
        id_new_connection,
    ),
    case(
        "kv.id.2",
        "answers reach a client that announced a port from 32768 up",
        "as respostas chegam a um cliente que anunciou uma porta a partir de 32768",
        id_high_port,
    ),
    case(
        "kv.id.3",
        "ID(0) makes the connection a neighbour link: floods go over it",
        "ID(0) torna a conexão um enlace de vizinho: as inundações passam por ela",
        id_neighbour,
    ),
    case(
        "kv.key.1",
        "KEYREQ for a key the node holds (--key) is answered with RESP(nseq, value)",
        "KEYREQ de uma chave que o nó tem (--key) é respondido com RESP(nseq, valor)",
        key_answered,
    ),
    case(
        "kv.key.2",
        "an answer connection carries exactly one RESP, then closes",
        "uma conexão de resposta leva exatamente uma RESP e depois fecha",
        key_one_resp,
    ),
    case(
        "kv.key.3",
        "KEYREQ is flooded to every neighbour as KEYFLOOD(ttl 3, nseq, client IP and port, key); a key not held gets no answer",
        "KEYREQ é inundado a todo vizinho como KEYFLOOD(ttl 3, nseq, IP e porta do cliente, chave); chave ausente não tem resposta",
        key_flooded,
    ),
    case(
        "kv.key.4",
        "KEYREQ for a key the node holds is answered and still flooded",
        "KEYREQ de uma chave que o nó tem é respondido e ainda assim inundado",
        key_held_flooded,
    ),
    case(
        "kv.topo.1",
        "TOPOREQ is answered with RESP(nseq, \"IP:PORT\"), PORT the node's own",
        "TOPOREQ é respondido com RESP(nseq, \"IP:PORTA\"), PORTA a do próprio nó",
        topo_answered,
    ),
    case(
        "kv.topo.2",
        "TOPOREQ is flooded to every neighbour as TOPOFLOOD(ttl 3) with the node's name",
        "TOPOREQ é inundado a todo vizinho como TOPOFLOOD(ttl 3) com o nome do nó",
        topo_flooded,
    ),
    case(
        "kv.topo.3",
        "a TOPOFLOOD is answered with the list plus \" IP:PORT\", and forwarded with it and ttl − 1",
        "um TOPOFLOOD é respondido com a lista mais \" IP:PORTA\", e repassado com ela e ttl − 1",
        topo_appends,
    ),
    case(
        "kv.topo.4",
        "trailing spaces of a TOPOFLOOD's list are removed before appending",
        "os espaços finais da lista de um TOPOFLOOD são removidos antes de acrescentar",
        topo_trailing_space,
    ),
    case(
        "kv.topo.5",
        "a TOPOFLOOD whose list would pass 400 bytes is answered, not forwarded",
        "um TOPOFLOOD cuja lista passaria de 400 bytes é respondido, não repassado",
        topo_too_long,
    ),
    case(
        "kv.flood.1",
        "a KEYFLOOD is forwarded with ttl − 1 to every neighbour but the sender, unanswered when the key is not held",
        "um KEYFLOOD é repassado com ttl − 1 a todo vizinho menos o remetente, sem resposta se a chave não está ali",
        flood_forwarded,
    ),
    case(
        "kv.flood.2",
        "a KEYFLOOD arriving with ttl 2 is forwarded with ttl 1",
        "um KEYFLOOD que chega com ttl 2 é repassado com ttl 1",
        flood_ttl_two,
    ),
    case(
        "kv.flood.3",
        "a KEYFLOOD arriving with ttl 1 is answered and not forwarded",
        "um KEYFLOOD que chega com ttl 1 é respondido e não é repassado",
        flood_ttl_one_key,
    ),
    case(
        "kv.flood.4",
        "a TOPOFLOOD arriving with ttl 1 is answered and not forwarded",
        "um TOPOFLOOD que chega com ttl 1 é respondido e não é repassado",
        flood_ttl_one_topo,
    ),
    case(
        "kv.flood.5",
        "a flood arriving with ttl 0 is dropped: not answered, not forwarded",
        "uma inundação que chega com ttl 0 é descartada: sem resposta, sem repasse",
        flood_ttl_zero,
    ),
    case(
        "kv.flood.6",
        "a node that holds the key answers a KEYFLOOD and still forwards it",
        "um nó que tem a chave responde a um KEYFLOOD e ainda assim o repassa",
        flood_held_forwarded,
    ),
    case(
        "kv.dedup.1",
        "a flood seen before (same type, ip, port, nseq) is neither answered nor forwarded again",
        "uma inundação já vista (mesmo tipo, ip, porta, nseq) não é respondida nem repassada de novo",
        dedup_second_copy,
    ),
    case(
        "kv.dedup.2",
        "the node records the floods it starts: its own, come back, is not answered again",
        "o nó registra as inundações que inicia: a própria, quando volta, não é respondida de novo",
        dedup_own_flood,
    ),
    case(
        "kv.size.1",
        "a key of 1 byte is flooded intact",
        "uma chave de 1 byte é inundada intacta",
        size_one,
    ),
    case(
        "kv.size.2",
        "a key of 400 bytes is flooded intact",
        "uma chave de 400 bytes é inundada intacta",
        size_max,
    ),
    case(
        "kv.size.3",
        "a KEYREQ with size 401 is refused (not flooded) and the node goes on",
        "um KEYREQ com tamanho 401 é recusado (não é inundado) e o nó continua",
        size_too_long,
    ),
    case(
        "kv.size.4",
        "a KEYREQ with size 0 is refused (not flooded) and the node goes on",
        "um KEYREQ com tamanho 0 é recusado (não é inundado) e o nó continua",
        size_zero,
    ),
    case(
        "kv.wire.1",
        "a KEYREQ sent one byte at a time is flooded",
        "um KEYREQ enviado um byte por vez é inundado",
        wire_dribbled,
    ),
    case(
        "kv.wire.2",
        "ID, KEYREQ and TOPOREQ in one segment are all handled",
        "ID, KEYREQ e TOPOREQ num mesmo segmento são todos tratados",
        wire_coalesced,
    ),
    case(
        "kv.wire.3",
        "two floods from a neighbour in one segment are both forwarded",
        "duas inundações de um vizinho num mesmo segmento são ambas repassadas",
        wire_two_floods,
    ),
    case(
        "kv.bad.1",
        "a client that vanishes mid-frame costs nothing: new clients are answered",
        "um cliente que some no meio de um quadro não atrapalha: novos clientes são respondidos",
        bad_vanish,
    ),
    case(
        "kv.bad.2",
        "a neighbour that disconnects is dropped; floods go on to the others",
        "um vizinho que se desconecta é removido; as inundações seguem para os outros",
        bad_neighbour_leaves,
    ),
    Case {
        kind: Kind::Alive,
        ..case(
            "kv.alive.1",
            "the node goes on accepting and answering new clients after every case",
            "o nó continua aceitando e respondendo novos clientes depois de cada caso",
            alive,
        )
    },
];
