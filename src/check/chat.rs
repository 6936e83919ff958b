//! The chat directory server's cases (spec/chat.md): registering (`user`), the user list
//! (`list`), addresses (`addr`), keepalives (`keep`), line framing (`wire`), the expiry of
//! silent users (`expire`), closing (`close`) and protocol violations (`bad`). The checker
//! plays peers on raw connections; each case's user names are its own.

use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::Suite;
use super::case::{Case, Ctx, Kind, Outcome, Problem, Shown, Verdict, alive, case};
use super::hint::Hint;
use super::link::{Line, Link};
use super::text::CheckText;
use crate::chat::hints::{self, ChatHint};
use crate::chat::wire::{DEFAULT_PORT, Reply, frame, show_addr};

pub static SUITE: Suite = Suite {
    name: "chat",
    cases: CASES,
    probe,
    default_port: Some(DEFAULT_PORT),
};

/// The spec's expiry of a silent user, and the keepalive period.
const EXPIRE: Duration = Duration::from_secs(15);
const KEEPALIVE: Duration = Duration::from_secs(5);

/// User `k` of this case: short, unique in this run and unlike other runs'.
fn name(ctx: &Ctx, k: u8) -> String {
    format!("u{}x{}{}", ctx.tag, ctx.number, (b'a' + k) as char)
}

/// The port user `k` says it listens on (nobody listens: the server only stores it).
fn port(ctx: &Ctx, k: u8) -> u16 {
    20_000 + (ctx.number as u16) * 10 + k as u16
}

/// A line received: its text and its bytes as they came (terminator included), and whether
/// it had a terminator.
struct Got {
    text: String,
    raw: Vec<u8>,
    ended: bool,
}

/// A connection playing one peer.
struct Peer {
    link: Link,
    name: String,
    port: u16,
}

impl Peer {
    fn open(ctx: &Ctx, name: String, port: u16) -> Result<Peer, Problem> {
        Ok(Peer {
            link: ctx.connect()?,
            name,
            port,
        })
    }

    /// Send `line` with `\r\n` (shown as sent, its ending visible).
    fn send(&mut self, line: &str) -> Result<(), Problem> {
        self.link.send(format!("{line}\\r\\n"), &frame(line))
    }

    /// Send bytes as given (several lines, other endings).
    fn send_raw(&mut self, shown: &str, bytes: &[u8]) -> Result<(), Problem> {
        self.link.send(shown, bytes)
    }

    /// The next line; an unterminated one counts after the spec's idle wait (the dedicated
    /// case checks endings).
    fn line(&mut self, ctx: &Ctx) -> Result<Got, Problem> {
        match self.link.line() {
            Line::Done { text, raw } => Ok(Got {
                text,
                raw,
                ended: true,
            }),
            Line::Unterminated(raw) => Ok(Got {
                text: String::from_utf8_lossy(&raw)
                    .trim_end_matches('\r')
                    .to_string(),
                raw,
                ended: false,
            }),
            Line::Nothing => {
                let mut p = ctx.fail(CheckText::Nothing(ctx.timeout));
                p.silent = true;
                Err(p)
            }
            Line::Closed => Err(ctx.fail(CheckText::Closed)),
        }
    }

    /// The next line must be a LIST answer; its names.
    fn list_answer(&mut self, ctx: &Ctx) -> Result<(Vec<String>, Got), Problem> {
        let got = self.line(ctx)?;
        match Reply::parse(&got.text) {
            Reply::List(names) if got.text.starts_with("LIST") => Ok((names, got)),
            _ => Err(ctx
                .fail(CheckText::NotAList)
                .expected(Shown::words("LIST …"))
                .arrived(Shown::new(got.text.clone(), got.raw))),
        }
    }

    fn list(&mut self, ctx: &Ctx) -> Result<(Vec<String>, Got), Problem> {
        self.send("LIST")?;
        self.list_answer(ctx)
    }
}

/// Connect and register user `k`; the server's answer to a LIST right after proves it.
fn register(ctx: &Ctx, k: u8) -> Result<Peer, Problem> {
    register_as(ctx, name(ctx, k), port(ctx, k))
}

fn register_as(ctx: &Ctx, name: String, port: u16) -> Result<Peer, Problem> {
    let mut p = Peer::open(ctx, name, port)?;
    p.send(&format!("USER {}:{}", p.name, p.port))?;
    p.list(ctx)?;
    Ok(p)
}

/// The connection must close within the timeout (an `ERR` line before the end is allowed);
/// returns what arrived first.
fn closes(ctx: &Ctx, p: &mut Peer, why_open: CheckText) -> Result<Vec<u8>, Problem> {
    let (data, closed) = p.link.drain(ctx.timeout);
    if closed {
        return Ok(data);
    }
    let mut problem = ctx
        .fail(why_open)
        .expected(Shown::words(ctx.tr(CheckText::ClosedWord)));
    if !data.is_empty() {
        problem = problem.arrived(Shown::new(
            String::from_utf8_lossy(&data).into_owned(),
            data,
        ));
    }
    Err(problem)
}

/// [`closes`], and the close must be an orderly one: a reset with nothing read back is what a
/// program that never reads does (one that resets every connection would pass otherwise).
fn closes_orderly(ctx: &Ctx, p: &mut Peer, why_open: CheckText) -> Result<Vec<u8>, Problem> {
    let data = closes(ctx, p, why_open)?;
    if p.link.reset && data.is_empty() {
        return Err(ctx
            .fail(CheckText::ResetUnread)
            .expected(Shown::words(ctx.tr(CheckText::ClosedWord))));
    }
    Ok(data)
}

/// The next line on `p` must answer the LIST sent after something that deserves no answer:
/// anything before it is an answer that should not be.
fn silence_then_list(ctx: &Ctx, p: &mut Peer, why: CheckText) -> Result<(), Problem> {
    p.send("LIST")?;
    let got = p.line(ctx)?;
    if !got.text.starts_with("LIST") {
        return Err(ctx
            .fail(why)
            .expected(Shown::words("LIST …"))
            .arrived(Shown::new(got.text, got.raw)));
    }
    Ok(())
}

static PROBES: AtomicU32 = AtomicU32::new(0);

/// The liveness probe: a new user registers and gets a LIST answer.
fn probe(ctx: &mut Ctx) -> Result<(), Problem> {
    let n = PROBES.fetch_add(1, Ordering::Relaxed);
    register_as(ctx, format!("p{}x{n}", ctx.tag), 1).map(drop)
}

// ---------------------------------------------------------------------------------------------
// user: registering

fn user_listed(ctx: &mut Ctx) -> Outcome {
    let a = register(ctx, 0)?;
    let mut b = register(ctx, 1)?;
    let (names, got) = b.list(ctx)?;
    if !names.contains(&a.name) {
        return Err(ctx
            .fail(CheckText::NotListed(&a.name))
            .arrived(Shown::new(got.text, got.raw)));
    }
    Ok(Verdict::Pass)
}

/// `ADDR name` from `asker`: the answer line.
fn addr(ctx: &Ctx, asker: &mut Peer, name: &str) -> Result<Got, Problem> {
    asker.send(&format!("ADDR {name}"))?;
    asker.line(ctx)
}

fn user_address(ctx: &mut Ctx) -> Outcome {
    let a = register(ctx, 0)?;
    let mut b = register(ctx, 1)?;
    addr_of_is(ctx, &mut b, &a, CheckText::WrongAddr)
}

/// `asker`'s ADDR for `a` must give `a`'s own address (`why` when it does not).
fn addr_of_is(ctx: &Ctx, asker: &mut Peer, a: &Peer, why: CheckText) -> Outcome {
    let want = std::net::SocketAddr::new(a.link.local.ip(), a.port);
    let got = addr(ctx, asker, &a.name)?;
    if !hints::addr_is(&got.text, want) {
        return Err(ctx
            .fail(why)
            .expected(Shown::words(format!("ADDR {}", show_addr(want))))
            .arrived(Shown::new(got.text, got.raw)));
    }
    Ok(Verdict::Pass)
}

fn user_taken(ctx: &mut Ctx) -> Outcome {
    let a = register(ctx, 0)?;
    let mut b = register(ctx, 1)?;
    let mut thief = Peer::open(ctx, a.name.clone(), a.port + 1)?;
    let user = format!("USER {}:{}", thief.name, thief.port);
    ctx.mark();
    thief.send(&user)?;
    thief.send("LIST")?;
    closes(ctx, &mut thief, CheckText::TakenAccepted)?;
    addr_of_is(ctx, &mut b, &a, CheckText::TakenOverwritten)
}

fn user_taken_err(ctx: &mut Ctx) -> Outcome {
    let a = register(ctx, 0)?;
    let mut thief = Peer::open(ctx, a.name.clone(), a.port + 1)?;
    thief.send(&format!("USER {}:{}", thief.name, thief.port))?;
    let data = closes(ctx, &mut thief, CheckText::TakenAccepted)?;
    if data != b"ERR name taken\r\n" {
        return Err(ctx
            .fail(CheckText::WrongErr)
            .expected(Shown::new("ERR name taken", b"ERR name taken\r\n".to_vec()))
            .arrived(Shown::new(
                String::from_utf8_lossy(&data).into_owned(),
                data,
            )));
    }
    Ok(Verdict::Pass)
}

fn user_long_name(ctx: &mut Ctx) -> Outcome {
    let short = name(ctx, 0);
    let long: String = short
        .chars()
        .chain(std::iter::repeat('é'))
        .take(32)
        .collect();
    let a = register_as(ctx, long, port(ctx, 0))?;
    let mut b = register(ctx, 1)?;
    let (names, got) = b.list(ctx)?;
    if !names.contains(&a.name) {
        return Err(ctx
            .fail(CheckText::NotListed(&a.name))
            .arrived(Shown::new(got.text, got.raw)));
    }
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// list

fn list_others(ctx: &mut Ctx) -> Outcome {
    let a = register(ctx, 0)?;
    let b = register(ctx, 1)?;
    let mut c = register(ctx, 2)?;
    let (names, got) = c.list(ctx)?;
    let shown = Shown::new(got.text.clone(), got.raw.clone());
    for n in [&a.name, &b.name] {
        if !names.contains(n) {
            return Err(ctx.fail(CheckText::NotListed(n)).arrived(shown));
        }
    }
    if names.contains(&c.name) {
        return Err(ctx.fail(CheckText::AskerListed).arrived(shown));
    }
    match hints::reply(&got.text) {
        Some(h @ ChatHint::SpaceAfterColon) => {
            ctx.warn(CheckText::Tolerated(&got.text), Hint::Chat(h))
        }
        Some(h @ ChatHint::TrailingSpace) => Err(ctx
            .fail(CheckText::TrailingBlanks)
            .arrived(shown)
            .hint(Hint::Chat(h))),
        _ => Ok(Verdict::Pass),
    }
}

fn list_alone(ctx: &mut Ctx) -> Outcome {
    let mut a = register(ctx, 0)?;
    // Users of earlier cases go as the server reads their connections' ends.
    let deadline = Instant::now() + ctx.timeout;
    loop {
        let (names, got) = a.list(ctx)?;
        if names.is_empty() {
            return match hints::reply(&got.text) {
                Some(h @ ChatHint::BareList) => {
                    ctx.warn(CheckText::Tolerated(&got.text), Hint::Chat(h))
                }
                None if got.text == "LIST " => Ok(Verdict::Pass),
                _ => Err(ctx
                    .fail(CheckText::NotEmptyList)
                    .expected(Shown::new("LIST ", b"LIST \r\n".to_vec()))
                    .arrived(Shown::new(got.text, got.raw))),
            };
        }
        if Instant::now() > deadline {
            return Err(ctx.skip(CheckText::OthersOnline(&names.join(", "))));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------------------------------------
// addr

fn addr_form(ctx: &mut Ctx) -> Outcome {
    let a = register(ctx, 0)?;
    let mut b = register(ctx, 1)?;
    let want = std::net::SocketAddr::new(a.link.local.ip(), a.port);
    let got = addr(ctx, &mut b, &a.name)?;
    let exact = format!("ADDR {}", show_addr(want));
    if got.text == exact {
        return Ok(Verdict::Pass);
    }
    match hints::reply(&got.text) {
        Some(h @ ChatHint::AddrWithName) if hints::addr_is(&got.text, want) => {
            ctx.warn(CheckText::Tolerated(&got.text), Hint::Chat(h))
        }
        hint => Err(ctx
            .fail(CheckText::WrongAddr)
            .expected(Shown::words(exact))
            .arrived(Shown::new(got.text, got.raw))
            .hint(hint.map(Hint::Chat))),
    }
}

fn addr_unknown(ctx: &mut Ctx) -> Outcome {
    let mut a = register(ctx, 0)?;
    a.send(&format!("ADDR {}", name(ctx, 9)))?;
    silence_then_list(ctx, &mut a, CheckText::AnsweredUnknownAddr)?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// keep

fn keep_silent(ctx: &mut Ctx) -> Outcome {
    let mut a = register(ctx, 0)?;
    a.send("KEEP")?;
    silence_then_list(ctx, &mut a, CheckText::AnsweredKeep)?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// wire: lines

fn wire_crlf(ctx: &mut Ctx) -> Outcome {
    let a = register(ctx, 0)?;
    let mut b = Peer::open(ctx, name(ctx, 1), port(ctx, 1))?;
    ctx.mark();
    b.send(&format!("USER {}:{}", b.name, b.port))?;
    b.send("LIST")?;
    let list = b.line(ctx)?;
    b.send(&format!("ADDR {}", a.name))?;
    let addr = b.line(ctx)?;
    for got in [list, addr] {
        if let Some(h) = hints::ending(&got.raw) {
            return Err(ctx
                .fail(CheckText::NoCrlf)
                .expected(Shown::new(
                    format!("{}\\r\\n", got.text),
                    [got.text.as_bytes(), b"\r\n"].concat(),
                ))
                .arrived(Shown::new(got.text, got.raw))
                .hint(Hint::Chat(h)));
        }
    }
    Ok(Verdict::Pass)
}

fn wire_bare_lf(ctx: &mut Ctx) -> Outcome {
    let mut a = Peer::open(ctx, name(ctx, 0), port(ctx, 0))?;
    let bytes = format!("USER {}:{}\nLIST\n", a.name, a.port);
    a.send_raw(&bytes.replace('\n', "\\n"), bytes.as_bytes())?;
    a.list_answer(ctx)?;
    Ok(Verdict::Pass)
}

fn wire_coalesced(ctx: &mut Ctx) -> Outcome {
    let mut a = Peer::open(ctx, name(ctx, 0), port(ctx, 0))?;
    let bytes = format!(
        "USER {}:{}\r\nLIST\r\nADDR {}\r\nLIST\r\n",
        a.name, a.port, a.name
    );
    a.send_raw(&bytes.replace("\r\n", "\\r\\n"), bytes.as_bytes())?;
    let one_recv = |p: Problem| p.hint(Hint::OneRecv);
    // Answers without line ends run together: that is their mistake, not a lost line.
    let terminated = |got: Got| -> Result<Got, Problem> {
        if got.ended {
            return Ok(got);
        }
        Err(ctx
            .fail(CheckText::Unterminated(&got.text))
            .arrived(Shown::new(got.text.clone(), got.raw.clone()))
            .hint(hints::ending(&got.raw).map(Hint::Chat)))
    };
    let list = terminated(a.line(ctx).map_err(one_recv)?)?;
    if !matches!(Reply::parse(&list.text), Reply::List(_)) || !list.text.starts_with("LIST") {
        return Err(ctx
            .fail(CheckText::NotAList)
            .expected(Shown::words("LIST …"))
            .arrived(Shown::new(list.text, list.raw))
            .hint(Hint::OneRecv));
    }
    let got = terminated(a.line(ctx).map_err(one_recv)?)?;
    if !got.text.starts_with("ADDR ") {
        return Err(ctx
            .fail(CheckText::NotAnAddr)
            .arrived(Shown::new(got.text, got.raw))
            .hint(Hint::OneRecv));
    }
    terminated(a.line(ctx).map_err(one_recv)?)?;
    Ok(Verdict::Pass)
}

fn wire_split(ctx: &mut Ctx) -> Outcome {
    let mut a = Peer::open(ctx, name(ctx, 0), port(ctx, 0))?;
    let bytes = format!("USER {}:{}\r\nLIST\r\n", a.name, a.port);
    a.link
        .dribble(bytes.replace("\r\n", "\\r\\n"), bytes.as_bytes())
        .map_err(|p| p.hint(Hint::OneRecv))?;
    a.list_answer(ctx).map_err(|p| p.hint(Hint::OneRecv))?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// expire: keepalives

fn expire_silent(ctx: &mut Ctx) -> Outcome {
    let mut silent = register(ctx, 0)?;
    let mut alive = register(ctx, 1)?;
    let start = Instant::now();
    // A tenth over the spec's 15 s, and the timeout, before calling it never.
    let limit = EXPIRE + EXPIRE / 10 + ctx.timeout;
    let closed_at = loop {
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            break None;
        }
        let (_, closed) = silent.link.drain(left.min(KEEPALIVE));
        if closed {
            break Some(start.elapsed());
        }
        alive.send("KEEP")?;
    };
    let Some(at) = closed_at else {
        return Err(ctx
            .fail(CheckText::NeverExpired(limit))
            .sent(Vec::new())
            .hint(Hint::Chat(ChatHint::NoExpiry)));
    };
    if at + Duration::from_secs(1) < EXPIRE {
        return Err(ctx.fail(CheckText::ExpiredEarly(at)).sent(Vec::new()));
    }
    let (names, got) = alive.list(ctx).map_err(|p| {
        let why = format!("{} {}", ctx.tr(CheckText::KeptAliveCut), p.why);
        p.reason(why)
    })?;
    if names.contains(&silent.name) {
        return Err(ctx
            .fail(CheckText::StillListed(&silent.name))
            .arrived(Shown::new(got.text, got.raw)));
    }
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// close

fn close_removes(ctx: &mut Ctx) -> Outcome {
    let gone = register(ctx, 0)?;
    let mut b = register(ctx, 1)?;
    let left = gone.name.clone();
    drop(gone);
    let deadline = Instant::now() + ctx.timeout;
    loop {
        let (names, got) = b.list(ctx)?;
        if !names.contains(&left) {
            return Ok(Verdict::Pass);
        }
        if Instant::now() > deadline {
            return Err(ctx
                .fail(CheckText::StillListed(&left))
                .arrived(Shown::new(got.text, got.raw)));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------------------------------------
// bad: violations

// Each violation is the only line sent: a server that reads it and closes ends in an orderly
// close, never a reset for lines left unread.

fn bad_before_user(ctx: &mut Ctx) -> Outcome {
    let mut a = Peer::open(ctx, name(ctx, 0), port(ctx, 0))?;
    a.send("LIST")?;
    closes_orderly(ctx, &mut a, CheckText::ViolationKept)?;
    Ok(Verdict::Pass)
}

/// Only `:` is forbidden by the original: a name with blanks inside is a good one.
fn bad_name(ctx: &mut Ctx) -> Outcome {
    let mut a = Peer::open(ctx, name(ctx, 0), port(ctx, 0))?;
    a.send(&format!("USER {}:b:{}", a.name, a.port))?;
    closes_orderly(ctx, &mut a, CheckText::ViolationKept)?;
    Ok(Verdict::Pass)
}

fn bad_port(ctx: &mut Ctx) -> Outcome {
    for (k, bad) in ["0", "70000", "x"].iter().enumerate() {
        let mut a = Peer::open(ctx, name(ctx, k as u8), 0)?;
        ctx.mark();
        a.send(&format!("USER {}:{bad}", a.name))?;
        closes_orderly(ctx, &mut a, CheckText::ViolationKept)?;
    }
    Ok(Verdict::Pass)
}

/// A name with a blank inside (`ana julia`) registers: LIST shows it, ADDR finds it.
fn user_blank_name(ctx: &mut Ctx) -> Outcome {
    let blank = format!("{} {}", name(ctx, 0), name(ctx, 2));
    let a = register_as(ctx, blank, port(ctx, 0))?;
    let mut b = register(ctx, 1)?;
    let (names, got) = b.list(ctx)?;
    if !names.contains(&a.name) {
        return Err(ctx
            .fail(CheckText::NotListed(&a.name))
            .arrived(Shown::new(got.text, got.raw)));
    }
    addr_of_is(ctx, &mut b, &a, CheckText::WrongAddr)
}

fn bad_long_line(ctx: &mut Ctx) -> Outcome {
    let mut a = register(ctx, 0)?;
    let long = format!("ADDR {}", "a".repeat(5000));
    ctx.mark();
    a.send_raw(&ctx.tr(CheckText::LongLine(long.len())), &frame(&long))?;
    a.send("LIST")?;
    closes(ctx, &mut a, CheckText::ViolationKept)?;
    Ok(Verdict::Pass)
}

fn bad_vanish(ctx: &mut Ctx) -> Outcome {
    let mut a = Peer::open(ctx, name(ctx, 0), port(ctx, 0))?;
    a.send_raw(&ctx.tr(CheckText::HalfLine), b"USER hal")?;
    drop(a);
    let a = register(ctx, 1)?;
    let mut b = register(ctx, 2)?;
    let (names, got) = b.list(ctx)?;
    if !names.contains(&a.name) {
        return Err(ctx
            .fail(CheckText::NotListed(&a.name))
            .arrived(Shown::new(got.text, got.raw)));
    }
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------

const CASES: &[Case] = &[
    case(
        "chat.user.1",
        "USER name:port registers the user: another user's LIST shows it",
        "USER nome:porta registra o usuário: o LIST de outro usuário o mostra",
        user_listed,
    ),
    case(
        "chat.user.2",
        "a user is registered at its connection's IP and the port it gave (ADDR answers them)",
        "um usuário é registrado no IP da conexão e na porta que deu (o ADDR os responde)",
        user_address,
    ),
    case(
        "chat.user.3",
        "a name already active is refused (the connection closed), and its owner keeps it",
        "um nome já ativo é recusado (a conexão é fechada), e o dono o mantém",
        user_taken,
    ),
    Case {
        kind: Kind::Strict,
        ..case(
            "chat.user.4",
            "a name already active gets `ERR name taken` before the close",
            "um nome já ativo recebe `ERR name taken` antes do fechamento",
            user_taken_err,
        )
    },
    case(
        "chat.user.5",
        "a name of 32 characters, not all ASCII, is accepted",
        "um nome de 32 caracteres, nem todos ASCII, é aceito",
        user_long_name,
    ),
    Case {
        kind: Kind::Strict,
        ..case(
            "chat.user.6",
            "a name with a blank inside (`ana julia`) is accepted: LIST shows it, ADDR finds it",
            "um nome com espaço no meio (`ana julia`) é aceito: o LIST o mostra, o ADDR o acha",
            user_blank_name,
        )
    },
    case(
        "chat.list.1",
        "LIST answers the other active users joined by ':', without the asker",
        "LIST responde os outros usuários ativos unidos por ':', sem quem pergunta",
        list_others,
    ),
    case(
        "chat.list.2",
        "LIST when nobody else is online is answered `LIST ` (with its trailing space)",
        "LIST quando ninguém mais está ativo é respondido `LIST ` (com o espaço final)",
        list_alone,
    ),
    case(
        "chat.addr.1",
        "ADDR name of an active user is answered `ADDR ip:port`",
        "ADDR nome de um usuário ativo é respondido `ADDR ip:porta`",
        addr_form,
    ),
    case(
        "chat.addr.2",
        "ADDR for a name that is not active is answered with silence",
        "ADDR de um nome que não está ativo é respondido com silêncio",
        addr_unknown,
    ),
    case(
        "chat.keep.1",
        "KEEP gets no answer",
        "KEEP não tem resposta",
        keep_silent,
    ),
    case(
        "chat.wire.1",
        "every line the server sends ends in \\r\\n",
        "toda linha que o servidor envia termina em \\r\\n",
        wire_crlf,
    ),
    case(
        "chat.wire.2",
        "lines ending in a bare \\n are accepted",
        "linhas terminadas só em \\n são aceitas",
        wire_bare_lf,
    ),
    case(
        "chat.wire.3",
        "several lines in one segment are each answered, in order",
        "várias linhas num mesmo segmento são respondidas cada uma, em ordem",
        wire_coalesced,
    ),
    case(
        "chat.wire.4",
        "lines sent one byte at a time are understood",
        "linhas enviadas um byte por vez são entendidas",
        wire_split,
    ),
    Case {
        kind: Kind::Slow(Duration::from_secs(20)),
        ..case(
            "chat.expire.1",
            "a user silent for 15 s is cut off and removed; one sending KEEP stays",
            "um usuário calado por 15 s é cortado e removido; um que envia KEEP fica",
            expire_silent,
        )
    },
    case(
        "chat.close.1",
        "a closed connection removes its user at once: LIST no longer shows it",
        "uma conexão fechada remove o usuário na hora: o LIST deixa de mostrá-lo",
        close_removes,
    ),
    case(
        "chat.bad.1",
        "a command before USER closes the connection",
        "um comando antes do USER fecha a conexão",
        bad_before_user,
    ),
    case(
        "chat.bad.2",
        "USER with a ':' in the name closes the connection (blanks inside a name are allowed)",
        "USER com ':' no nome fecha a conexão (espaços no meio de um nome são permitidos)",
        bad_name,
    ),
    case(
        "chat.bad.3",
        "USER with a bad port (0, 70000, x) closes the connection",
        "USER com porta inválida (0, 70000, x) fecha a conexão",
        bad_port,
    ),
    case(
        "chat.bad.4",
        "a line over 4096 bytes closes the connection",
        "uma linha de mais de 4096 bytes fecha a conexão",
        bad_long_line,
    ),
    case(
        "chat.bad.5",
        "a client that vanishes mid-line costs nothing: new users are served",
        "um cliente que some no meio de uma linha não atrapalha: novos usuários são atendidos",
        bad_vanish,
    ),
    Case {
        kind: Kind::Alive,
        ..case(
            "chat.alive.1",
            "the server goes on accepting and serving new users after every case",
            "o servidor continua aceitando e atendendo novos usuários depois de cada caso",
            alive,
        )
    },
];
