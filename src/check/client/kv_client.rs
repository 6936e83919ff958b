//! `netlab check kv-client -- COMMAND…`: netlab plays the kv node for a client (spec/kv.md).
//! Each case starts the client with `{listen}` (a free port for its answers) and `{server}`,
//! types the original's keys (`? KEY`, `T`) and checks what arrives: ID with the port it
//! listens on, then KEYREQ and TOPOREQ with nseq from 0, +1 per request; and what it prints of
//! the RESPs netlab sends as a node would, each on a new connection to that port: one, three at
//! once, one split byte by byte, one late in the 4 s window, a topology, none at all.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use super::super::case::{Ctx, Kind, Outcome, Problem, Shown, Verdict, case};
use super::super::hint::Hint;
use super::super::link::{Got, Link, What};
use super::super::text::CheckText;
use super::super::{Case, Suite};
use super::hints::ClientHint;
use super::process::{Client, Out};
use super::text::ClientText;
use super::{Role, no_probe, vars};
use crate::kv::hints;
use crate::kv::wire::{self, Msg, WireError};

pub static SUITE: Suite = Suite {
    name: "kv-client",
    cases: CASES,
    probe: no_probe,
    default_port: None,
};

pub static ROLE: Role = Role {
    suite: &SUITE,
    uses: &[],
};

/// How long the original's client collects answers after a request.
pub const WINDOW: Duration = Duration::from_secs(4);

/// What a client prints this soon after a request is not its "no answer".
const EARLY: Duration = Duration::from_secs(1);

/// When the late answer comes, within the window.
const LATE: Duration = Duration::from_millis(3500);

static CASES: &[Case] = &[
    case(
        "kv-client.id.1",
        "introduces itself with ID first, naming the port it listens on",
        "apresenta-se primeiro com ID, com a porta em que escuta",
        id_1,
    ),
    case(
        "kv-client.key.1",
        "`? KEY` sends KEYREQ: nseq 0, the key's size and bytes",
        "`? CHAVE` envia KEYREQ: nseq 0, o tamanho e os bytes da chave",
        key_1,
    ),
    case(
        "kv-client.topo.1",
        "`T` sends TOPOREQ, nseq 0",
        "`T` envia TOPOREQ, nseq 0",
        topo_1,
    ),
    Case {
        id: "kv-client.seq.1",
        title: [
            "nseq goes up by 1 per request, key or topology",
            "o nseq aumenta de 1 por pedido, de chave ou de topologia",
        ],
        kind: Kind::Slow(WINDOW),
        run: seq_1,
    },
    case(
        "kv-client.resp.1",
        "prints the value of a RESP that comes on a new connection",
        "mostra o valor de uma RESP que chega numa conexão nova",
        resp_1,
    ),
    case(
        "kv-client.resp.2",
        "prints three RESPs that come at once, on three connections",
        "mostra três RESPs que chegam juntas, em três conexões",
        resp_2,
    ),
    case(
        "kv-client.resp.3",
        "prints a RESP that arrives one byte at a time",
        "mostra uma RESP que chega um byte por vez",
        resp_3,
    ),
    Case {
        id: "kv-client.resp.4",
        title: [
            "prints a RESP that comes 3.5 s after the request, within the 4 s window",
            "mostra uma RESP que chega 3,5 s depois do pedido, dentro da janela de 4 s",
        ],
        kind: Kind::Slow(WINDOW),
        run: resp_4,
    },
    case(
        "kv-client.topo.2",
        "prints a topology answer whole",
        "mostra inteira uma resposta de topologia",
        topo_2,
    ),
    Case {
        id: "kv-client.late.1",
        title: [
            "a RESP of an earlier request, late, is not shown as the current one's",
            "uma RESP atrasada de um pedido anterior não é mostrada como a do pedido atual",
        ],
        kind: Kind::Slow(WINDOW),
        run: late_1,
    },
    Case {
        id: "kv-client.none.1",
        title: [
            "says so when no answer comes within the 4 s window",
            "avisa quando nenhuma resposta chega na janela de 4 s",
        ],
        kind: Kind::Slow(WINDOW),
        run: none_1,
    },
];

fn shown(m: &Msg) -> Shown {
    Shown::new(m.to_string(), wire::to_bytes(m).unwrap_or_default())
}

fn recv(ctx: &Ctx, link: &mut Link) -> Got<Msg> {
    link.begin();
    match wire::decode(link) {
        Ok(m) => {
            link.trace_in(&m);
            link.arrival(What::Frame(m), None)
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

/// A client started, connected to netlab's node: its process, its connection, the port it was
/// told to listen on, the port node netlab listens on, and the port its ID named (once seen).
struct Session {
    client: Client,
    link: Link,
    listen: u16,
    node: u16,
    id: Option<u16>,
}

impl Session {
    /// Where answers go: the port the ID named; the port it was told to listen on when the
    /// ID named none yet, or named the node's own port (a mistake `id.1` reports).
    fn answer_to(&self) -> SocketAddr {
        let port = match self.id {
            Some(p) if p != 0 && p != self.node => p,
            _ => self.listen,
        };
        SocketAddr::from(([127, 0, 0, 1], port))
    }
}

/// A free port on loopback for the client to listen on.
fn free_port(ctx: &Ctx) -> Result<u16, Problem> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|_| ctx.fail(CheckText::CannotListen))
}

fn session(ctx: &Ctx) -> Result<Session, Problem> {
    let (listener, at) = ctx.listen()?;
    let listen = free_port(ctx)?;
    let client = ctx.start(&vars(at, &[("listen", listen.to_string())]))?;
    let link = ctx.accept(&listener, &client)?;
    Ok(Session {
        client,
        link,
        listen,
        node: at.port(),
        id: None,
    })
}

/// Type `line`, then take the request it sends (an ID on the way is noted).
fn request(ctx: &Ctx, s: &mut Session, line: &str, want: &Msg) -> Result<(Msg, Vec<u8>), Problem> {
    ctx.type_line(&mut s.client, line)?;
    loop {
        let got = recv(ctx, &mut s.link);
        let Some(m) = got.frame() else {
            return Err(super::msg_display::with_output(
                ctx.unexpected(&got, |m: &Msg| m.to_string())
                    .expected(shown(want)),
                ctx,
                &s.client,
            ));
        };
        match m {
            Msg::Id { port } => s.id = Some(*port),
            m if m.kind() == want.kind() => {
                let bytes = got.bytes.clone();
                return Ok((got.into_frame().expect("a frame"), bytes));
            }
            m => {
                return Err(ctx
                    .fail(CheckText::WrongType {
                        got: wire::type_name(m.kind()),
                        want: wire::type_name(want.kind()),
                    })
                    .expected(shown(want))
                    .arrived(Shown::new(m.to_string(), got.bytes.clone())));
            }
        }
    }
}

fn nseq_of(m: &Msg) -> u32 {
    match m {
        Msg::KeyReq { nseq, .. } | Msg::TopoReq { nseq } | Msg::Resp { nseq, .. } => *nseq,
        _ => 0,
    }
}

/// A key of this case.
fn key(ctx: &Ctx) -> String {
    format!("k{}", ctx.tag % 10_000 + 100 * ctx.number)
}

/// A value of this case that no other output can contain by chance.
fn value(ctx: &Ctx, k: u32) -> String {
    format!("netlab-value-{}-{k}", ctx.tag % 10_000 + 100 * ctx.number)
}

/// `? KEY` typed and its KEYREQ taken: its nseq.
fn ask(ctx: &Ctx, s: &mut Session) -> Result<u32, Problem> {
    let k = key(ctx);
    let want = Msg::KeyReq {
        nseq: 0,
        key: k.clone().into_bytes(),
    };
    let (m, _) = request(ctx, s, &format!("? {k}"), &want)?;
    late_id(ctx, s);
    Ok(nseq_of(&m))
}

/// A client that sent its request before its ID (`id.1` fails it for that) is still answered
/// where its late ID says: wait a moment for it.
fn late_id(ctx: &Ctx, s: &mut Session) {
    if s.id.is_some() {
        return;
    }
    s.link.patience(ctx.quiet());
    if let Some(Msg::Id { port }) = recv(ctx, &mut s.link).frame() {
        s.id = Some(*port);
    }
    s.link.patience(ctx.timeout);
}

/// Open an answer connection as a node does.
fn answer_link(ctx: &Ctx, s: &Session) -> Result<Link, Problem> {
    ctx.connect_to(s.answer_to()).map_err(|p| {
        let mut p = p;
        p.unreachable = false;
        p
    })
}

/// Send RESP(nseq, value) on its own connection (`dribble`: one byte at a time).
fn answer(ctx: &Ctx, s: &Session, nseq: u32, v: &str, dribble: bool) -> Result<(), Problem> {
    let m = Msg::Resp {
        nseq,
        value: v.as_bytes().to_vec(),
    };
    let bytes = wire::to_bytes(&m).unwrap_or_default();
    let mut link = answer_link(ctx, s)?;
    if dribble {
        link.dribble(&m, &bytes)
    } else {
        link.send(&m, &bytes)
    }
}

/// Wait until stdout shows every one of `values`.
fn prints(
    ctx: &Ctx,
    s: &Session,
    from: usize,
    values: &[String],
    within: Duration,
) -> Result<(), Problem> {
    let (found, out) = s.client.wait_out(from, within, |o| {
        values.iter().all(|v| o.contains(v.as_str()))
    });
    if found {
        return Ok(());
    }
    let missing: Vec<&str> = values
        .iter()
        .filter(|v| !out.contains(v.as_str()))
        .map(String::as_str)
        .collect();
    let why = if values.len() == 1 {
        ClientText::NotShown(missing[0])
    } else {
        ClientText::NotAllShown {
            shown: values.len() - missing.len(),
            of: values.len(),
        }
    };
    let first_only = values.len() > 1 && missing.len() == values.len() - 1;
    Err(ctx
        .not_shown(&s.client, why, missing[0])
        .expected(Shown::words(values.join(" ")))
        .hint(first_only.then_some(Hint::Client(ClientHint::FirstAnswerOnly))))
}

/// The nseq of a first request: 0, or a WARN for 1 (as one implementation numbers them).
fn first_nseq(ctx: &Ctx, m: &Msg, bytes: &[u8], want: &Msg) -> Outcome {
    match nseq_of(m) {
        0 => Ok(Verdict::Pass),
        1 => Ok(Verdict::Warn(
            ctx.fail(CheckText::FieldIs {
                field: "nseq",
                got: "1".into(),
                want: "0".into(),
            })
            .expected(shown(want))
            .arrived(Shown::new(m.to_string(), bytes.to_vec()))
            .hint(Hint::Client(ClientHint::SeqFromOne)),
        )),
        n => Err(ctx
            .fail(CheckText::FieldIs {
                field: "nseq",
                got: n.to_string(),
                want: "0".into(),
            })
            .expected(shown(want))
            .arrived(Shown::new(m.to_string(), bytes.to_vec()))),
    }
}

fn id_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let k = key(ctx);
    ctx.mark();
    ctx.type_line(&mut s.client, &format!("? {k}"))?;
    let want = Msg::Id { port: s.listen };
    let got = recv(ctx, &mut s.link);
    let Some(m) = got.frame() else {
        return Err(super::msg_display::with_output(
            ctx.unexpected(&got, |m: &Msg| m.to_string())
                .expected(shown(&want)),
            ctx,
            &s.client,
        ));
    };
    let arrived = Shown::new(m.to_string(), got.bytes.clone());
    let Msg::Id { port } = *m else {
        return Err(ctx
            .fail(ClientText::NotFirst {
                first: wire::type_name(m.kind()),
                want: "ID",
            })
            .expected(shown(&want))
            .arrived(arrived));
    };
    if port == 0 || port == s.node {
        let p = ctx
            .fail(ClientText::IdPort {
                port,
                listen: s.listen,
            })
            .expected(shown(&want))
            .arrived(arrived);
        return Err(if port == s.node {
            p.hint(Hint::Client(ClientHint::ServerPort))
        } else {
            p
        });
    }
    // It must really listen there: a node will connect to it.
    if let Err(p) = ctx.connect_to(SocketAddr::from(([127, 0, 0, 1], port))) {
        return Err(ctx
            .fail(ClientText::NotListening { port, why: &p.why })
            .expected(shown(&want))
            .arrived(arrived));
    }
    Ok(Verdict::Pass)
}

fn key_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let k = key(ctx);
    let want = Msg::KeyReq {
        nseq: 0,
        key: k.clone().into_bytes(),
    };
    ctx.mark();
    let (m, bytes) = request(ctx, &mut s, &format!("? {k}"), &want)?;
    if let Msg::KeyReq { key: got, .. } = &m
        && got != k.as_bytes()
    {
        return Err(ctx
            .fail(ClientText::KeyNotTyped)
            .expected(shown(&want))
            .arrived(Shown::new(m.to_string(), bytes)));
    }
    first_nseq(ctx, &m, &bytes, &want)
}

fn topo_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let want = Msg::TopoReq { nseq: 0 };
    ctx.mark();
    let (m, bytes) = request(ctx, &mut s, "T", &want)?;
    first_nseq(ctx, &m, &bytes, &want)
}

fn seq_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    ctx.mark();
    let first = ask(ctx, &mut s)?;
    // The client may read `T` only after its window: wait for it that long.
    s.link.patience(WINDOW + ctx.timeout);
    let want = Msg::TopoReq { nseq: first + 1 };
    let (m, bytes) = request(ctx, &mut s, "T", &want)?;
    let got = nseq_of(&m);
    if got != first + 1 {
        let p = ctx
            .fail(CheckText::FieldIs {
                field: "nseq",
                got: got.to_string(),
                want: (first + 1).to_string(),
            })
            .expected(shown(&want))
            .arrived(Shown::new(m.to_string(), bytes));
        return Err(if got == first {
            p.hint(Hint::Client(ClientHint::SeqStuck))
        } else {
            p
        });
    }
    Ok(Verdict::Pass)
}

fn resp_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let from = s.client.total(Out::Stdout);
    ctx.mark();
    let n = ask(ctx, &mut s)?;
    let v = value(ctx, 1);
    answer(ctx, &s, n, &v, false)?;
    prints(ctx, &s, from, &[v], ctx.timeout)?;
    Ok(Verdict::Pass)
}

fn resp_2(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let from = s.client.total(Out::Stdout);
    ctx.mark();
    let n = ask(ctx, &mut s)?;
    let values: Vec<String> = (1..=3).map(|k| value(ctx, k)).collect();
    // Three nodes' answers at once: every connection open before the first RESP is sent.
    let mut links = Vec::new();
    for _ in &values {
        links.push(answer_link(ctx, &s)?);
    }
    for (link, v) in links.iter_mut().zip(&values) {
        let m = Msg::Resp {
            nseq: n,
            value: v.as_bytes().to_vec(),
        };
        link.send(&m, &wire::to_bytes(&m).unwrap_or_default())?;
    }
    drop(links);
    prints(ctx, &s, from, &values, ctx.timeout)?;
    Ok(Verdict::Pass)
}

fn resp_3(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let from = s.client.total(Out::Stdout);
    ctx.mark();
    let n = ask(ctx, &mut s)?;
    let v = value(ctx, 1);
    // A client that closes the connection before the last byte took the first piece for all.
    answer(ctx, &s, n, &v, true).map_err(|p| p.hint(Hint::OneRecv))?;
    prints(ctx, &s, from, &[v], ctx.timeout).map_err(|p| p.hint(Hint::OneRecv))?;
    Ok(Verdict::Pass)
}

fn resp_4(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let from = s.client.total(Out::Stdout);
    ctx.mark();
    let n = ask(ctx, &mut s)?;
    std::thread::sleep(LATE);
    let v = value(ctx, 1);
    answer(ctx, &s, n, &v, false)?;
    prints(ctx, &s, from, &[v], ctx.timeout)
        .map_err(|p| p.reason(ctx.tr(ClientText::LateNotShown(LATE))))?;
    Ok(Verdict::Pass)
}

fn topo_2(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let from = s.client.total(Out::Stdout);
    let want = Msg::TopoReq { nseq: 0 };
    ctx.mark();
    let (m, _) = request(ctx, &mut s, "T", &want)?;
    late_id(ctx, &mut s);
    let base = 20000 + (ctx.tag % 10_000) as u16;
    let topo = format!(
        "127.0.0.1:{base} 127.0.0.2:{} 127.0.0.3:{}",
        base + 1,
        base + 2
    );
    answer(ctx, &s, nseq_of(&m), &topo, false)?;
    prints(ctx, &s, from, &[topo], ctx.timeout)?;
    Ok(Verdict::Pass)
}

fn none_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    ctx.mark();
    ask(ctx, &mut s)?;
    // What it prints at once (that it sent the request) is no answer to the silence: the
    // sign counted is printed after a second at least.
    let printed = |c: &Client| c.total(Out::Stdout) + c.total(Out::Stderr);
    std::thread::sleep(EARLY);
    let before = printed(&s.client);
    if !s.client.printed_more(before, WINDOW - EARLY + ctx.timeout) {
        return Err(ctx.gone(&s.client, ClientText::NoNoAnswer(WINDOW + ctx.timeout)));
    }
    Ok(Verdict::Pass)
}

fn late_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let from = s.client.total(Out::Stdout);
    let first = ask(ctx, &mut s)?;
    // The first window ends unanswered; the next request goes out.
    s.link.patience(WINDOW + ctx.timeout);
    let want = Msg::TopoReq { nseq: first + 1 };
    ctx.mark();
    let (m, _) = request(ctx, &mut s, "T", &want)?;
    s.link.patience(ctx.timeout);
    let current = nseq_of(&m);
    // The first request's answer, late: a node far away, or a slow one.
    let stale = value(ctx, 9);
    answer(ctx, &s, first, &stale, false)?;
    let (shown, _) = s
        .client
        .wait_out(from, ctx.quiet(), |o| o.contains(stale.as_str()));
    if shown && current != first {
        return Err(ctx
            .gone(&s.client, ClientText::StaleShown(first))
            .hint(Hint::Client(ClientHint::StaleResp)));
    }
    // And the current one's answer still is (the client goes on).
    let topo = format!("127.0.0.1:{}", 20000 + ctx.number);
    answer(ctx, &s, current, &topo, false)?;
    prints(ctx, &s, from, &[topo], ctx.timeout)?;
    Ok(Verdict::Pass)
}
