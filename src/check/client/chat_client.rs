//! `netlab check chat-client -- COMMAND…`: netlab plays the chat directory server for a peer
//! (spec/chat.md): its registration (`USER name:port` with a port it really listens on), its
//! keepalive (KEEP every 5 s), LIST and ADDR on the mapped actions (`--say list=…`,
//! `chat=…`, `bye=…`), the conversation it opens (`USER name` first, DISC on bye), `\r\n` on
//! every line, and answers split and coalesced on the stream. Every case starts the peer with
//! `{name}` (the name the case wants), `{server}` and `{listen}`.

use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use super::super::case::{Ctx, Kind, Outcome, Problem, Shown, Verdict, case};
use super::super::hint::Hint;
use super::super::link::{Line, Link};
use super::super::text::CheckText;
use super::super::{Case, Suite};
use super::hints::ClientHint;
use super::process::{Client, Out};
use super::text::ClientText;
use super::{Role, no_probe, vars};
use crate::chat::hints::{self as chat_hints, ChatHint};
use crate::chat::wire::{Reply, Request};

pub static SUITE: Suite = Suite {
    name: "chat-client",
    cases: CASES,
    probe: no_probe,
    default_port: None,
};

pub static ROLE: Role = Role {
    suite: &SUITE,
    uses: &[
        ("chat-client.list.1", &["list"]),
        ("chat-client.addr.1", &["chat"]),
        ("chat-client.addr.2", &["chat"]),
        ("chat-client.wire.1", &["list", "chat"]),
        ("chat-client.wire.2", &["list"]),
        ("chat-client.bye.1", &["chat", "bye"]),
    ],
};

/// The keepalive period of the spec, and the expiry of its server (3 periods).
const KEEP: Duration = Duration::from_secs(5);
const EXPIRY: Duration = Duration::from_secs(15);
/// How late a KEEP may be (a busy machine, a timer started after a prompt).
const KEEP_SLACK: Duration = Duration::from_millis(1500);

static CASES: &[Case] = &[
    case(
        "chat-client.user.1",
        "registers with `USER name:port`, a port it really listens on",
        "registra-se com `USER nome:porta`, uma porta em que escuta de fato",
        user_1,
    ),
    case(
        "chat-client.crlf.1",
        "ends the lines it sends the server with \\r\\n",
        "termina com \\r\\n as linhas que manda ao servidor",
        crlf_1,
    ),
    Case {
        id: "chat-client.keep.1",
        title: [
            "sends KEEP every 5 s (the server cuts a peer silent for 15 s)",
            "manda KEEP a cada 5 s (o servidor corta um par calado por 15 s)",
        ],
        kind: Kind::Slow(EXPIRY),
        run: keep_1,
    },
    case(
        "chat-client.list.1",
        "the list action sends LIST and shows the names of the answer",
        "a ação de listar manda LIST e mostra os nomes da resposta",
        list_1,
    ),
    case(
        "chat-client.addr.1",
        "the chat action sends ADDR name, connects to `ADDR ip:port` and sends `USER name` first",
        "a ação de conversar manda ADDR nome, conecta a `ADDR ip:porta` e manda `USER nome` \
         primeiro",
        addr_1,
    ),
    case(
        "chat-client.addr.2",
        "connects to the later edition's `ADDR name:ip:port` too",
        "conecta também ao `ADDR nome:ip:porta` da edição posterior",
        addr_2,
    ),
    case(
        "chat-client.wire.1",
        "reads two answers that arrive in one segment (`LIST …\\r\\nADDR …\\r\\n`)",
        "lê duas respostas que chegam num só segmento (`LIST …\\r\\nADDR …\\r\\n`)",
        wire_1,
    ),
    case(
        "chat-client.wire.2",
        "reads a LIST answer that arrives one byte at a time",
        "lê uma resposta LIST que chega um byte por vez",
        wire_2,
    ),
    case(
        "chat-client.bye.1",
        "the bye action sends DISC to the partner",
        "a ação de encerrar manda DISC ao parceiro",
        bye_1,
    ),
];

/// A peer started and registered: its process, its server connection, its name, the port
/// its USER named, the lines it sent the server (raw, for `crlf.1`).
struct Session {
    client: Client,
    link: Link,
    name: String,
    port: u16,
    server_port: u16,
    raws: Vec<Vec<u8>>,
}

fn line_of(l: &Line) -> Option<(String, Vec<u8>)> {
    match l {
        Line::Done { text, raw } => Some((text.clone(), raw.clone())),
        // Unterminated for the spec's idle wait: a line all the same (crlf.1 judges it).
        Line::Unterminated(raw) => Some((String::from_utf8_lossy(raw).into_owned(), raw.clone())),
        Line::Nothing | Line::Closed => None,
    }
}

fn name(ctx: &Ctx) -> String {
    format!("ck{}x{}", ctx.number, ctx.tag % 1000)
}

fn free_port(ctx: &Ctx) -> Result<u16, Problem> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|_| ctx.fail(CheckText::CannotListen))
}

fn nothing_or_closed(ctx: &Ctx, l: &Line, want: &str) -> Problem {
    let (why, word) = match l {
        Line::Closed => (ctx.tr(CheckText::Closed), ctx.tr(CheckText::ClosedWord)),
        _ => (
            ctx.tr(CheckText::Nothing(ctx.timeout)),
            ctx.tr(CheckText::NothingWord),
        ),
    };
    let mut p = Problem::new(why)
        .expected(Shown::words(want.to_string()))
        .arrived(Shown::words(word));
    p.silent = matches!(l, Line::Nothing);
    p
}

fn session(ctx: &Ctx) -> Result<Session, Problem> {
    let (listener, at) = ctx.listen()?;
    let nm = name(ctx);
    let listen = free_port(ctx)?;
    let client = ctx.start(&vars(
        at,
        &[("name", nm.clone()), ("listen", listen.to_string())],
    ))?;
    let mut link = ctx.accept(&listener, &client)?;
    let want = format!("USER {nm}:PORT");
    let l = link.line();
    let Some((text, raw)) = line_of(&l) else {
        return Err(super::msg_display::with_output(
            nothing_or_closed(ctx, &l, &want),
            ctx,
            &client,
        ));
    };
    let arrived = Shown::new(text.clone(), raw.clone());
    let (got_name, port) = match Request::parse(&text) {
        Ok(Request::User { name, port }) => (name, port),
        _ => {
            return Err(ctx
                .fail(ClientText::NotFirst {
                    first: text.split_whitespace().next().unwrap_or(""),
                    want: "USER name:port",
                })
                .expected(Shown::words(want))
                .arrived(arrived));
        }
    };
    Ok(Session {
        client,
        link,
        name: got_name,
        port,
        server_port: at.port(),
        raws: vec![raw],
    })
}

/// Send the server's line(s) `text` (each with `\r\n`) in one write.
fn say_lines(s: &mut Session, lines: &[String]) -> Result<(), Problem> {
    let mut bytes = Vec::new();
    for l in lines {
        bytes.extend_from_slice(l.as_bytes());
        bytes.extend_from_slice(b"\r\n");
    }
    s.link.send(lines.join("\\r\\n"), &bytes)
}

/// Read the peer's lines until one starting with `verb` (KEEPs noted, other LISTs answered
/// with the empty list, as a server would); its text.
fn until(ctx: &Ctx, s: &mut Session, verb: &str, within: Duration) -> Result<String, Problem> {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(nothing_or_closed(ctx, &Line::Nothing, verb));
        }
        s.link.patience(left);
        let l = s.link.line();
        s.link.patience(ctx.timeout);
        let Some((text, raw)) = line_of(&l) else {
            return Err(super::msg_display::with_output(
                nothing_or_closed(ctx, &l, verb),
                ctx,
                &s.client,
            ));
        };
        s.raws.push(raw);
        if text == verb || text.starts_with(&format!("{verb} ")) {
            return Ok(text);
        }
        if text == "LIST" {
            say_lines(s, &[Reply::list_line([])])?;
        }
    }
}

/// Let the peer settle after registering (a LIST of its own answered, a prompt drawn): a
/// user types only once the program is up.
fn settle(ctx: &Ctx, s: &mut Session) -> Result<(), Problem> {
    let _ = until(ctx, s, "\u{0}", ctx.quiet());
    Ok(())
}

/// Listen where the ADDR answer will point: a partner peer of netlab's.
fn partner(ctx: &Ctx) -> Result<(TcpListener, SocketAddr), Problem> {
    ctx.listen()
}

/// Type the chat action for `who`, take its `ADDR who`.
fn ask_addr(ctx: &Ctx, s: &mut Session, who: &str) -> Result<(), Problem> {
    let line = ctx.say("chat", &[("name", who.to_string())]);
    ctx.type_line(&mut s.client, &line)?;
    let text = until(ctx, s, "ADDR", ctx.timeout)?;
    let asked = text.strip_prefix("ADDR ").unwrap_or("").trim();
    if asked != who {
        return Err(ctx
            .fail(CheckText::Arrived(&text))
            .expected(Shown::words(format!("ADDR {who}"))));
    }
    Ok(())
}

/// The peer's call on `listener`: accepted, its first line `USER name`.
fn called(ctx: &Ctx, s: &Session, listener: &TcpListener) -> Result<Link, Problem> {
    let mut call = ctx.accept(listener, &s.client)?;
    let want = format!("USER {}", s.name);
    let l = call.line();
    let Some((text, raw)) = line_of(&l) else {
        return Err(nothing_or_closed(ctx, &l, &want));
    };
    if text.trim_end() != want {
        return Err(ctx
            .fail(CheckText::Arrived(&text))
            .expected(Shown::new(
                format!("{want}\\r\\n"),
                format!("{want}\r\n").into_bytes(),
            ))
            .arrived(Shown::new(text.clone(), raw)));
    }
    Ok(call)
}

fn user_1(ctx: &mut Ctx) -> Outcome {
    let s = session(ctx)?;
    let want = Shown::words(format!("USER {}:PORT", name(ctx)));
    let arrived = Shown::new(
        String::from_utf8_lossy(&s.raws[0]).into_owned(),
        s.raws[0].clone(),
    );
    if s.port == s.server_port || s.port == 0 {
        let p = ctx
            .fail(ClientText::UserPort(s.port))
            .expected(want)
            .arrived(arrived)
            .sent(Vec::new());
        return Err(if s.port == s.server_port {
            p.hint(Hint::Client(ClientHint::ServerPort))
        } else {
            p
        });
    }
    if let Err(p) = ctx.connect_to(SocketAddr::from(([127, 0, 0, 1], s.port))) {
        return Err(ctx
            .fail(ClientText::NotListening {
                port: s.port,
                why: &p.why,
            })
            .expected(want)
            .arrived(arrived)
            .sent(Vec::new()));
    }
    Ok(Verdict::Pass)
}

fn crlf_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    // USER, and whatever else it says in the next keepalive period (KEEP, LIST).
    let _ = until(ctx, &mut s, "\u{0}", KEEP + KEEP_SLACK);
    for raw in &s.raws {
        if let Some(h) = chat_hints::ending(raw) {
            let text = String::from_utf8_lossy(raw).into_owned();
            return Err(ctx
                .fail(CheckText::NoCrlf)
                .arrived(Shown::new(text, raw.clone()))
                .hint(Hint::Chat(h))
                .sent(Vec::new()));
        }
    }
    Ok(Verdict::Pass)
}

fn keep_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    let registered = Instant::now();
    let mut last = registered;
    for _ in 0..2 {
        match until(
            ctx,
            &mut s,
            "KEEP",
            EXPIRY + KEEP_SLACK - last.elapsed().min(EXPIRY),
        ) {
            Ok(_) => {
                let gap = last.elapsed();
                if gap > KEEP + KEEP_SLACK {
                    return Err(ctx
                        .fail(ClientText::KeepLate(gap))
                        .hint(Hint::Client(ClientHint::KeepSlow))
                        .sent(Vec::new()));
                }
                last = Instant::now();
            }
            Err(p) if p.silent => {
                return Err(ctx
                    .fail(ClientText::NoKeep(last.elapsed()))
                    .hint(Hint::Client(ClientHint::KeepMissing))
                    .sent(Vec::new()));
            }
            Err(p) => return Err(p),
        }
    }
    Ok(Verdict::Pass)
}

fn list_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    settle(ctx, &mut s)?;
    let from = s.client.total(Out::Stdout);
    ctx.mark();
    let line = ctx.say("list", &[]);
    ctx.type_line(&mut s.client, &line)?;
    until(ctx, &mut s, "LIST", ctx.timeout)?;
    let names = [format!("ana{}", ctx.number), format!("bruno{}", ctx.number)];
    say_lines(
        &mut s,
        &[Reply::list_line(names.iter().map(String::as_str))],
    )?;
    shows_all(ctx, &s, from, &names, None)
}

/// Stdout shows every one of `names` within the timeout.
fn shows_all(ctx: &Ctx, s: &Session, from: usize, names: &[String], hint: Option<Hint>) -> Outcome {
    let (found, out) = s.client.wait_out(from, ctx.timeout, |o| {
        names.iter().all(|n| o.contains(n.as_str()))
    });
    if !found {
        let shown = names.iter().filter(|n| out.contains(n.as_str())).count();
        return Err(ctx
            .not_shown(
                &s.client,
                ClientText::NamesNotShown {
                    shown,
                    of: names.len(),
                },
                &names[0],
            )
            .expected(Shown::words(names.join(", ")))
            .hint(hint));
    }
    Ok(Verdict::Pass)
}

fn addr_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    settle(ctx, &mut s)?;
    let who = format!("bruno{}", ctx.number);
    let (listener, at) = partner(ctx)?;
    ctx.mark();
    ask_addr(ctx, &mut s, &who)?;
    say_lines(&mut s, &[format!("ADDR {at}")])?;
    match called(ctx, &s, &listener) {
        Ok(_) => Ok(Verdict::Pass),
        Err(p) if p.why == ctx.tr(ClientText::NeverConnected(ctx.timeout + super::STARTUP)) => {
            // Perhaps it reads only the later edition's form: ask again with that one.
            ask_addr(ctx, &mut s, &who).map_err(|_| p_clone(&p))?;
            say_lines(&mut s, &[format!("ADDR {who}:{at}")])?;
            match called(ctx, &s, &listener) {
                Ok(_) => ctx.warn(
                    ClientText::OnlyForm("ADDR name:ip:port"),
                    Hint::Chat(ChatHint::AddrWithName),
                ),
                Err(_) => Err(p.hint(Hint::Chat(ChatHint::AddrWithName))),
            }
        }
        Err(p) => Err(p),
    }
}

fn p_clone(p: &Problem) -> Problem {
    Problem::new(p.why.clone())
}

fn addr_2(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    settle(ctx, &mut s)?;
    let who = format!("bruno{}", ctx.number);
    let (listener, at) = partner(ctx)?;
    ctx.mark();
    ask_addr(ctx, &mut s, &who)?;
    say_lines(&mut s, &[format!("ADDR {who}:{at}")])?;
    match called(ctx, &s, &listener) {
        Ok(_) => Ok(Verdict::Pass),
        Err(p) if p.why == ctx.tr(ClientText::NeverConnected(ctx.timeout + super::STARTUP)) => ctx
            .warn(
                ClientText::OnlyForm("ADDR ip:port"),
                Hint::Chat(ChatHint::AddrWithName),
            ),
        Err(p) => Err(p),
    }
}

fn wire_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    settle(ctx, &mut s)?;
    let who = format!("bruno{}", ctx.number);
    let (listener, at) = partner(ctx)?;
    let from = s.client.total(Out::Stdout);
    let names = [format!("ana{}", ctx.number), who.clone()];
    let list = Reply::list_line(names.iter().map(String::as_str));
    ctx.mark();
    let line = ctx.say("list", &[]);
    ctx.type_line(&mut s.client, &line)?;
    until(ctx, &mut s, "LIST", ctx.timeout)?;
    let line = ctx.say("chat", &[("name", who.clone())]);
    ctx.type_line(&mut s.client, &line)?;
    if until(ctx, &mut s, "ADDR", ctx.quiet()).is_ok() {
        // Both questions out before either answer: the answers share a segment.
        say_lines(&mut s, &[list, format!("ADDR {at}")])?;
    } else {
        // A client that waits for each answer before the next question cannot get two in one
        // segment from any server: its LIST answered alone, the ADDR answer comes in two
        // pieces instead.
        say_lines(&mut s, &[list])?;
        until(ctx, &mut s, "ADDR", ctx.timeout)?;
        let addr = format!("ADDR {at}\r\n");
        s.link
            .send_split(addr.trim_end(), addr.as_bytes(), &[addr.len() / 2])?;
    }
    called(ctx, &s, &listener).map_err(|p| p.hint(Hint::OneRecv))?;
    shows_all(ctx, &s, from, &names, Some(Hint::OneRecv))
}

fn wire_2(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    settle(ctx, &mut s)?;
    let from = s.client.total(Out::Stdout);
    ctx.mark();
    let line = ctx.say("list", &[]);
    ctx.type_line(&mut s.client, &line)?;
    until(ctx, &mut s, "LIST", ctx.timeout)?;
    let names = [format!("ana{}", ctx.number), format!("bruno{}", ctx.number)];
    let reply = format!("{}\r\n", Reply::list_line(names.iter().map(String::as_str)));
    s.link.dribble(reply.trim_end(), reply.as_bytes())?;
    shows_all(ctx, &s, from, &names, Some(Hint::OneRecv))
}

fn bye_1(ctx: &mut Ctx) -> Outcome {
    let mut s = session(ctx)?;
    settle(ctx, &mut s)?;
    let who = format!("bruno{}", ctx.number);
    let (listener, at) = partner(ctx)?;
    ask_addr(ctx, &mut s, &who)?;
    say_lines(&mut s, &[format!("ADDR {at}")])?;
    let mut call = called(ctx, &s, &listener)?;
    ctx.mark();
    let line = ctx.say("bye", &[("name", who.clone())]);
    ctx.type_line(&mut s.client, &line)?;
    let l = call.line();
    match line_of(&l) {
        Some((text, _)) if text.trim_end() == "DISC" => Ok(Verdict::Pass),
        Some((text, raw)) => Err(ctx
            .fail(CheckText::Arrived(&text))
            .expected(Shown::new("DISC\\r\\n", b"DISC\r\n".to_vec()))
            .arrived(Shown::new(text.clone(), raw))),
        None => Err(ctx
            .fail(ClientText::NoDisc)
            .expected(Shown::new("DISC\\r\\n", b"DISC\r\n".to_vec()))),
    }
}
