//! `netlab check msg-emitter -- COMMAND…`: netlab plays the msg server for an emitter
//! (spec/msg.md). Each case starts the emitter, answers its OI, types what the case needs
//! (the `--say` map: the original leaves the emitter's interface to the student) and checks
//! the frames that arrive: MSG layout and numbering, unicast, QEM, an ERRO (the emitter goes on
//! and tells its user), FLW at the end.

use super::super::case::{Ctx, Outcome, Problem, Shown, Verdict, case};
use super::super::hint::Hint;
use super::super::{Case, Suite};
use super::hints::ClientHint;
use super::msg_display::{Session, check_oi, expect, field, now, send, session, shown};
use super::process::Out;
use super::text::ClientText;
use super::{Role, no_probe};
use crate::msg::hints::{self, Field, MsgHint};
use crate::msg::wire::{EMITTERS, Head, MAX_TEXT, Msg};
use std::time::{Duration, Instant};

pub static SUITE: Suite = Suite {
    name: "msg-emitter",
    cases: CASES,
    probe: no_probe,
    default_port: None,
};

pub static ROLE: Role = Role {
    suite: &SUITE,
    uses: &[
        ("msg-emitter.msg.1", &["broadcast"]),
        ("msg-emitter.seq.1", &["broadcast"]),
        ("msg-emitter.msg.2", &["unicast"]),
        ("msg-emitter.qem.1", &["qem"]),
        ("msg-emitter.erro.1", &["broadcast"]),
        ("msg-emitter.answer.1", &["broadcast"]),
        ("msg-emitter.flw.2", &["quit"]),
    ],
};

static CASES: &[Case] = &[
    case(
        "msg-emitter.oi.1",
        "registers with OI: an id from 1 to 999, dest 0, seq 0",
        "registra-se com OI: um id de 1 a 999, dest 0, seq 0",
        oi_1,
    ),
    case(
        "msg-emitter.msg.1",
        "a line typed goes as one MSG to every display: dest 0, its length, the text unpadded",
        "uma linha digitada vai como uma MSG a todos os exibidores: dest 0, seu tamanho, o texto \
         sem enchimento",
        msg_1,
    ),
    case(
        "msg-emitter.seq.1",
        "numbers its messages on from the OI's seq, +1 each",
        "numera as mensagens a partir do seq do OI, +1 cada",
        seq_1,
    ),
    case(
        "msg-emitter.msg.2",
        "a message to one display carries its id as dest",
        "uma mensagem a um exibidor leva o id dele em dest",
        msg_2,
    ),
    case(
        "msg-emitter.qem.1",
        "asks a display for the client list with QEM",
        "pede a lista de clientes a um exibidor com QEM",
        qem_1,
    ),
    case(
        "msg-emitter.erro.1",
        "goes on after an ERRO: the next line typed is sent",
        "continua depois de um ERRO: a próxima linha digitada é enviada",
        erro_1,
    ),
    case(
        "msg-emitter.answer.1",
        "reads the answer to each message and shows an ERRO to its user",
        "lê a resposta a cada mensagem e mostra um ERRO ao usuário",
        answer_1,
    ),
    case(
        "msg-emitter.flw.1",
        "at the end of its input it says goodbye with FLW and leaves",
        "no fim da entrada despede-se com FLW e sai",
        flw_1,
    ),
    case(
        "msg-emitter.flw.2",
        "the quit command says goodbye with FLW and leaves",
        "o comando de sair despede-se com FLW e sai",
        flw_2,
    ),
];

fn wanted_id(ctx: &Ctx) -> Vec<(&'static str, String)> {
    vec![("id", (10 * ctx.number).to_string())]
}

/// A display id for the case's unicasts and QEMs.
fn display(ctx: &Ctx) -> u16 {
    1000 + 10 * ctx.number as u16 + 1
}

fn text(ctx: &Ctx, k: u32) -> String {
    format!("netlab check {}-{k}", ctx.tag % 10_000 + 100 * ctx.number)
}

fn start(ctx: &Ctx) -> Result<(Session, Msg), Problem> {
    let (s, oi, _) = session(ctx, &wanted_id(ctx))?;
    Ok((s, oi))
}

/// Type `action` (with `fill`), then take the frame it sends, which must be a `want`.
fn typed(
    ctx: &Ctx,
    s: &mut Session,
    action: &str,
    fill: &[(&str, String)],
    want: &Msg,
) -> Result<(Msg, Vec<u8>), Problem> {
    let line = ctx.say(action, fill);
    ctx.type_line(&mut s.client, &line)?;
    expect(ctx, &mut s.link, want).map_err(|p| super::msg_display::with_output(p, ctx, &s.client))
}

/// A MSG that arrived must be `want` (orig, dest, text); the seq is the caller's to judge.
fn check_msg(ctx: &Ctx, s: &Session, m: &Msg, bytes: &[u8], want: &Msg) -> Result<(), Problem> {
    let (Msg::Msg(g, gt), Msg::Msg(w, wt)) = (m, want) else {
        return Ok(());
    };
    if g.orig != s.id {
        return Err(field(
            ctx,
            m,
            bytes,
            want,
            Field::Orig,
            g.orig.into(),
            s.id.into(),
        ));
    }
    if g.dest != w.dest {
        return Err(field(
            ctx,
            m,
            bytes,
            want,
            Field::Dest,
            g.dest.into(),
            w.dest.into(),
        ));
    }
    if gt != wt {
        let hint = if hints::padded_text(gt) {
            Some(Hint::Msg(MsgHint::FixedText))
        } else if gt
            .strip_suffix(b"\n")
            .map(|t| t.strip_suffix(b"\r").unwrap_or(t))
            == Some(wt)
        {
            Some(Hint::Client(ClientHint::SendsNewline))
        } else {
            hints::text_length(gt.len()).map(Hint::Msg)
        };
        return Err(ctx
            .fail(ClientText::TextNotTyped)
            .expected(shown(want))
            .arrived(Shown::new(m.to_string(), bytes.to_vec()))
            .hint(hint));
    }
    if gt.len() > MAX_TEXT {
        return Err(ctx
            .fail(super::super::text::CheckText::BadSize(gt.len()))
            .arrived(Shown::new(m.to_string(), bytes.to_vec())));
    }
    Ok(())
}

/// Answer a frame from the emitter with OK.
fn ok(s: &mut Session, m: &Msg) -> Result<(), Problem> {
    let h = *m.head();
    send(&mut s.link, &Msg::Ok(h.answer(0, s.id)))
}

fn oi_1(ctx: &mut Ctx) -> Outcome {
    let (_s, oi, bytes) = session(ctx, &wanted_id(ctx))?;
    check_oi(ctx, &oi, &bytes, EMITTERS).map_err(|p| p.sent(Vec::new()))?;
    Ok(Verdict::Pass)
}

fn msg_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _) = start(ctx)?;
    let t = text(ctx, 1);
    let want = Msg::Msg(Head::new(s.id, 0, 1, now()), t.clone().into_bytes());
    ctx.mark();
    let (m, bytes) = typed(ctx, &mut s, "broadcast", &[("text", t)], &want)?;
    check_msg(ctx, &s, &m, &bytes, &want)?;
    ok(&mut s, &m)?;
    Ok(Verdict::Pass)
}

fn seq_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, oi) = start(ctx)?;
    let mut seq = oi.head().seq;
    ctx.mark();
    for k in 1..=2 {
        let t = text(ctx, k);
        let want = Msg::Msg(Head::new(s.id, 0, seq + 1, now()), t.clone().into_bytes());
        let (m, bytes) = typed(ctx, &mut s, "broadcast", &[("text", t)], &want)?;
        let got = m.head().seq;
        if got != seq + 1 {
            let p = field(ctx, &m, &bytes, &want, Field::Seq, got, seq + 1);
            return Err(if got == seq {
                p.hint(Hint::Client(ClientHint::SeqStuck))
            } else {
                p
            });
        }
        seq = got;
        ok(&mut s, &m)?;
    }
    Ok(Verdict::Pass)
}

fn msg_2(ctx: &mut Ctx) -> Outcome {
    let (mut s, _) = start(ctx)?;
    let t = text(ctx, 1);
    let d = display(ctx);
    let want = Msg::Msg(Head::new(s.id, d, 1, now()), t.clone().into_bytes());
    ctx.mark();
    let (m, bytes) = typed(
        ctx,
        &mut s,
        "unicast",
        &[("dest", d.to_string()), ("text", t)],
        &want,
    )?;
    // Only the destination: the text's layout is msg.1's.
    let g = *m.head();
    if g.dest != d {
        return Err(field(
            ctx,
            &m,
            &bytes,
            &want,
            Field::Dest,
            g.dest.into(),
            d.into(),
        ));
    }
    ok(&mut s, &m)?;
    Ok(Verdict::Pass)
}

fn qem_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _) = start(ctx)?;
    let d = display(ctx);
    let want = Msg::Qem(Head::new(s.id, d, 1, now()));
    ctx.mark();
    let (m, bytes) = typed(ctx, &mut s, "qem", &[("dest", d.to_string())], &want)?;
    let g = *m.head();
    if g.dest != d {
        return Err(field(
            ctx,
            &m,
            &bytes,
            &want,
            Field::Dest,
            g.dest.into(),
            d.into(),
        ));
    }
    if g.orig != s.id {
        return Err(field(
            ctx,
            &m,
            &bytes,
            &want,
            Field::Orig,
            g.orig.into(),
            s.id.into(),
        ));
    }
    ok(&mut s, &m)?;
    Ok(Verdict::Pass)
}

fn erro_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _) = start(ctx)?;
    let t = text(ctx, 1);
    let want = Msg::Msg(Head::new(s.id, 0, 1, now()), t.clone().into_bytes());
    ctx.mark();
    let (m, _) = typed(ctx, &mut s, "broadcast", &[("text", t)], &want)?;
    let h = *m.head();
    send(&mut s.link, &Msg::Erro(h.answer(0, s.id)))?;
    let t = text(ctx, 2);
    let want = Msg::Msg(Head::new(s.id, 0, h.seq + 1, now()), t.clone().into_bytes());
    let (m, _) = typed(ctx, &mut s, "broadcast", &[("text", t)], &want)
        .map_err(|p| p.reason(ctx.tr(ClientText::NoMsgAfterErro)))?;
    ok(&mut s, &m)?;
    Ok(Verdict::Pass)
}

/// Words that tell a user an answer was an error or a refusal (en, pt, es; any case).
const ERROR_WORDS: &[&str] = &[
    "erro", "error", "refus", "recus", "rejeit", "reject", "fail", "falh", "fracas",
];

fn says_error(text: &str) -> bool {
    let t = text.to_lowercase();
    ERROR_WORDS.iter().any(|w| t.contains(w))
}

/// A first message answered OK, a second answered ERRO: within the timeout the client's
/// stdout or stderr must say something of an error. One that never reads its socket (the
/// answers pile up unread) or reads and drops them shows nothing of it.
fn answer_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, oi) = start(ctx)?;
    let mut seq = oi.head().seq;
    ctx.mark();
    let t = text(ctx, 1);
    let want = Msg::Msg(Head::new(s.id, 0, seq + 1, now()), t.clone().into_bytes());
    let (m, _) = typed(ctx, &mut s, "broadcast", &[("text", t)], &want)?;
    seq = m.head().seq;
    ok(&mut s, &m)?;
    let t = text(ctx, 2);
    let want = Msg::Msg(Head::new(s.id, 0, seq + 1, now()), t.clone().into_bytes());
    let (m, _) = typed(ctx, &mut s, "broadcast", &[("text", t)], &want)?;
    // What it printed so far (the OK's note, a prompt) is not the ERRO's.
    let (out, err) = (s.client.total(Out::Stdout), s.client.total(Out::Stderr));
    send(&mut s.link, &Msg::Erro(m.head().answer(0, s.id)))?;
    let deadline = Instant::now() + ctx.timeout;
    let step = Duration::from_millis(50);
    loop {
        let (on_out, _) = s.client.wait(Out::Stdout, out, step, says_error);
        let (on_err, _) = s.client.wait(Out::Stderr, err, Duration::ZERO, says_error);
        if on_out || on_err {
            return Ok(Verdict::Pass);
        }
        if Instant::now() >= deadline || s.client.exited(Duration::ZERO).is_some() {
            break;
        }
    }
    let hint = Some(Hint::Client(ClientHint::AnswersUnread));
    let (new_out, new_err) = (
        s.client.total(Out::Stdout) > out,
        s.client.total(Out::Stderr) > err,
    );
    let p = if new_err && !new_out {
        ctx.gone(&s.client, ClientText::NoErroShown)
    } else {
        ctx.not_shown(&s.client, ClientText::NoErroShown, "")
    };
    Err(p.hint(hint))
}

/// After `leave` (close stdin, or type quit): FLW (answered OK), then the process ends.
fn goodbye(ctx: &Ctx, s: &mut Session) -> Outcome {
    let want = Msg::Flw(Head::new(s.id, 0, 1, now()));
    let (m, bytes) = expect(ctx, &mut s.link, &want).map_err(|p| match p.arrived.as_ref() {
        Some(_) if p.silent => p,
        _ => p.reason(ctx.tr(ClientText::NoFlwAtEnd)),
    })?;
    let g = *m.head();
    if g.dest != 0 {
        return Err(field(ctx, &m, &bytes, &want, Field::Dest, g.dest.into(), 0));
    }
    ok(s, &m)?;
    if s.client.exited(ctx.timeout).is_none() {
        return Err(ctx.fail(ClientText::DidNotLeave(ctx.timeout)));
    }
    Ok(Verdict::Pass)
}

fn flw_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _) = start(ctx)?;
    ctx.mark();
    s.client.close_stdin();
    goodbye(ctx, &mut s)
}

fn flw_2(ctx: &mut Ctx) -> Outcome {
    let (mut s, _) = start(ctx)?;
    ctx.mark();
    let line = ctx.say("quit", &[]);
    ctx.type_line(&mut s.client, &line)?;
    goodbye(ctx, &mut s)
}
