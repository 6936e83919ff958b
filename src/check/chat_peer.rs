//! A chat peer's cases (spec/chat.md, "Peer → peer" and "Interop leniency"): the checker calls
//! the peer's listening port as another peer would, and what it can see is the peer closing
//! the conversation when told DISC, however sloppily the lines arrive (`conv`).

use std::thread;
use std::time::Duration;

use super::Suite;
use super::case::{Case, Ctx, Kind, Outcome, Problem, Shown, Verdict, alive, case};
use super::hint::Hint;
use super::link::Link;
use super::text::CheckText;
use crate::chat::wire::IDLE;

pub static SUITE: Suite = Suite {
    name: "chat-peer",
    cases: CASES,
    probe,
    default_port: None,
};

/// The pause that makes an unterminated line count as complete (the spec's 0.5 s, and a
/// margin).
const PAUSE: Duration = Duration::from_millis(IDLE.as_millis() as u64 + 200);

/// The pause between the lines of a caller typing like a person: each line arrives in a
/// `recv` of its own (running lines together is what `conv.4` checks).
const TYPING: Duration = Duration::from_millis(150);

fn caller(ctx: &Ctx) -> String {
    format!("check{}x{}", ctx.tag, ctx.number)
}

/// Send text exactly as given, shown with its endings visible.
fn say(link: &mut Link, text: &str) -> Result<(), Problem> {
    let shown = text.replace('\r', "\\r").replace('\n', "\\n");
    link.send(shown, text.as_bytes())
}

/// The peer must close the conversation within the timeout (after `extra` more, for lines it
/// takes after a pause), in order: a reset with nothing read back is what a program that
/// never reads the lines does.
fn closes(ctx: &Ctx, link: &mut Link, extra: Duration) -> Result<(), Problem> {
    let (data, closed) = closes_any(ctx, link, extra)?;
    if closed && link.reset && data.is_empty() {
        return Err(ctx
            .fail(CheckText::ResetUnread)
            .expected(Shown::words(ctx.tr(CheckText::ClosedWord))));
    }
    Ok(())
}

/// [`closes`], a reset allowed (a peer that cuts a line too long may leave bytes unread).
fn closes_any(ctx: &Ctx, link: &mut Link, extra: Duration) -> Result<(Vec<u8>, bool), Problem> {
    let (data, closed) = link.drain(ctx.timeout + extra);
    if closed {
        return Ok((data, closed));
    }
    let mut p = ctx
        .fail(CheckText::DiscKept(ctx.timeout + extra))
        .expected(Shown::words(ctx.tr(CheckText::ClosedWord)));
    p.silent = data.is_empty();
    if !data.is_empty() {
        p = p.arrived(Shown::new(
            String::from_utf8_lossy(&data).into_owned(),
            data,
        ));
    }
    Err(p)
}

/// The liveness probe: a caller's USER and DISC end in the peer closing.
fn probe(ctx: &mut Ctx) -> Result<(), Problem> {
    let mut link = ctx.connect()?;
    say(&mut link, &format!("USER {}\r\nDISC\r\n", caller(ctx)))?;
    closes(ctx, &mut link, Duration::ZERO)
}

/// A conversation left open, silent, after lines run together or split: one recv taken as
/// one message (a reset or a refusal is another story).
fn one_recv(p: Problem) -> Problem {
    p.if_silent(|p| p.hint(Hint::OneRecv))
}

fn conv_disc(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    ctx.mark();
    say(&mut link, &format!("USER {}\r\n", caller(ctx)))?;
    thread::sleep(TYPING);
    say(&mut link, "Oi! Tudo bem?\r\n")?;
    thread::sleep(TYPING);
    say(&mut link, "DISC\r\n")?;
    closes(ctx, &mut link, Duration::ZERO)?;
    Ok(Verdict::Pass)
}

fn conv_unterminated(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    say(&mut link, &format!("USER {}", caller(ctx)))?;
    thread::sleep(PAUSE);
    say(&mut link, "no line end here")?;
    thread::sleep(PAUSE);
    say(&mut link, "DISC")?;
    closes(ctx, &mut link, PAUSE)?;
    Ok(Verdict::Pass)
}

fn conv_bare_lf(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    say(&mut link, &format!("USER {}\nhello\nDISC\n", caller(ctx)))?;
    closes(ctx, &mut link, Duration::ZERO)?;
    Ok(Verdict::Pass)
}

fn conv_coalesced(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    say(
        &mut link,
        &format!("USER {}\r\nfirst\r\nsecond\r\nDISC\r\n", caller(ctx)),
    )?;
    closes(ctx, &mut link, Duration::ZERO).map_err(one_recv)?;
    Ok(Verdict::Pass)
}

fn conv_split(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    let text = format!("USER {}\r\nhello there\r\nDISC\r\n", caller(ctx));
    link.dribble(text.replace("\r\n", "\\r\\n"), text.as_bytes())
        .map_err(one_recv)?;
    closes(ctx, &mut link, Duration::ZERO).map_err(one_recv)?;
    Ok(Verdict::Pass)
}

fn conv_no_user(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    say(&mut link, "hello without USER\r\n")?;
    say(&mut link, "DISC\r\n")?;
    closes(ctx, &mut link, Duration::ZERO)?;
    Ok(Verdict::Pass)
}

fn conv_two(ctx: &mut Ctx) -> Outcome {
    let mut a = ctx.connect()?;
    let mut b = ctx.connect()?;
    say(&mut a, &format!("USER {}a\r\nfrom a\r\n", caller(ctx)))?;
    say(&mut b, &format!("USER {}b\r\nfrom b\r\n", caller(ctx)))?;
    say(&mut a, "DISC\r\n")?;
    closes(ctx, &mut a, Duration::ZERO)?;
    let (_, closed) = b.drain(ctx.quiet());
    if closed {
        return Err(ctx.fail(CheckText::OtherClosed));
    }
    say(&mut b, "still here\r\nDISC\r\n")?;
    closes(ctx, &mut b, Duration::ZERO)?;
    Ok(Verdict::Pass)
}

fn conv_long_line(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    say(&mut link, &format!("USER {}\r\n", caller(ctx)))?;
    let long = "a".repeat(5000);
    link.send(
        ctx.tr(CheckText::LongLine(long.len())),
        format!("{long}\r\n").as_bytes(),
    )?;
    closes_any(ctx, &mut link, Duration::ZERO)?;
    Ok(Verdict::Pass)
}

fn conv_vanish(ctx: &mut Ctx) -> Outcome {
    let mut gone = ctx.connect()?;
    say(
        &mut gone,
        &format!("USER {}\r\nbye without DISC\r\nhalf a li", caller(ctx)),
    )?;
    drop(gone);
    let mut link = ctx.connect()?;
    say(&mut link, &format!("USER {}b\r\nDISC\r\n", caller(ctx)))?;
    closes(ctx, &mut link, Duration::ZERO)?;
    Ok(Verdict::Pass)
}

const CASES: &[Case] = &[
    case(
        "chat-peer.conv.1",
        "a caller's USER, a text line and DISC, typed apart: the peer closes the conversation",
        "USER, uma linha de texto e DISC de quem chama, digitados à parte: o par fecha a conversa",
        conv_disc,
    ),
    case(
        "chat-peer.conv.2",
        "lines without \\r\\n count after a pause: an unterminated DISC ends the conversation",
        "linhas sem \\r\\n valem depois de uma pausa: um DISC sem terminador encerra a conversa",
        conv_unterminated,
    ),
    case(
        "chat-peer.conv.3",
        "lines ending in a bare \\n are understood",
        "linhas terminadas só em \\n são entendidas",
        conv_bare_lf,
    ),
    case(
        "chat-peer.conv.4",
        "USER, text and DISC in one segment are each understood",
        "USER, texto e DISC num mesmo segmento são entendidos um a um",
        conv_coalesced,
    ),
    case(
        "chat-peer.conv.5",
        "lines sent one byte at a time are understood",
        "linhas enviadas um byte por vez são entendidas",
        conv_split,
    ),
    case(
        "chat-peer.conv.6",
        "a caller that sends text before USER is talked to, and DISC closes",
        "quem chama e envia texto antes do USER é atendido, e o DISC fecha",
        conv_no_user,
    ),
    case(
        "chat-peer.conv.7",
        "two conversations at once: a DISC closes its own and not the other",
        "duas conversas ao mesmo tempo: um DISC fecha a sua e não a outra",
        conv_two,
    ),
    case(
        "chat-peer.conv.8",
        "a line over 4096 bytes closes the conversation",
        "uma linha de mais de 4096 bytes fecha a conversa",
        conv_long_line,
    ),
    case(
        "chat-peer.conv.9",
        "a caller that vanishes mid-line costs nothing: the next caller is served",
        "quem chama e some no meio de uma linha não atrapalha: o seguinte é atendido",
        conv_vanish,
    ),
    Case {
        kind: Kind::Alive,
        ..case(
            "chat-peer.alive.1",
            "the peer goes on accepting conversations after every case",
            "o par continua aceitando conversas depois de cada caso",
            alive,
        )
    },
];
