//! `netlab check msg-display -- COMMAND…`: netlab plays the msg server for a display
//! (spec/msg.md). Each case starts the display, answers its OI, and relays it what a real
//! server would: MSGs whole, byte by byte and several in one segment, an OKQEM, an ERRO, a frame
//! of unknown type, the server's FLW; then a Ctrl-C. What it sends is checked on the wire, what
//! it shows on stdout. The msg helpers here serve the emitter's cases too.

use std::time::Duration;

use super::super::case::{Ctx, Kind, Outcome, Problem, Shown, Verdict, case};
use super::super::hint::Hint;
use super::super::link::{Got, Link, What};
use super::super::text::CheckText;
use super::super::{Case, Suite};
use super::hints::ClientHint;
use super::process::Client;
use super::text::ClientText;
use super::{Role, has_number, no_probe, vars};
use crate::msg::hints::{self, Field};
use crate::msg::wire::{self, DISPLAYS, Head, Msg, WireError};

pub static SUITE: Suite = Suite {
    name: "msg-display",
    cases: CASES,
    probe: no_probe,
    default_port: None,
};

pub static ROLE: Role = Role {
    suite: &SUITE,
    uses: &[],
};

static CASES: &[Case] = &[
    case(
        "msg-display.oi.1",
        "registers with OI: an id from 1000 to 1999, dest 0, seq 0",
        "registra-se com OI: um id de 1000 a 1999, dest 0, seq 0",
        oi_1,
    ),
    case(
        "msg-display.show.1",
        "shows a relayed MSG on stdout, with its sender's id",
        "mostra na saída uma MSG repassada, com o id do remetente",
        show_1,
    ),
    case(
        "msg-display.ack.1",
        "answers a MSG with OK, the MSG's seq and timestamp",
        "responde uma MSG com OK, o seq e o timestamp da MSG",
        ack_1,
    ),
    case(
        "msg-display.wire.1",
        "reads a MSG that arrives one byte at a time",
        "lê uma MSG que chega um byte por vez",
        wire_1,
    ),
    case(
        "msg-display.wire.2",
        "reads three MSGs that arrive in one segment",
        "lê três MSGs que chegam num só segmento",
        wire_2,
    ),
    case(
        "msg-display.qem.1",
        "shows the list of clients of an OKQEM",
        "mostra a lista de clientes de um OKQEM",
        qem_1,
    ),
    case(
        "msg-display.bad.1",
        "an ERRO from the server does not stop it",
        "um ERRO do servidor não o interrompe",
        bad_1,
    ),
    case(
        "msg-display.bad.2",
        "a frame of an unknown type does not crash it",
        "um quadro de tipo desconhecido não o derruba",
        bad_2,
    ),
    case(
        "msg-display.flw.1",
        "on the server's FLW it answers OK and leaves",
        "no FLW do servidor responde OK e sai",
        flw_1,
    ),
    Case {
        id: "msg-display.int.1",
        title: [
            "on Ctrl-C it says goodbye with FLW first (the original's extra credit)",
            "no Ctrl-C despede-se antes com FLW (o ponto extra do original)",
        ],
        kind: Kind::Normal,
        run: int_1,
    },
];

pub(super) fn now() -> u32 {
    crate::msg::timestamp()
}

pub(super) fn shown(m: &Msg) -> Shown {
    Shown::new(m.to_string(), m.to_bytes())
}

/// Send one frame.
pub(super) fn send(link: &mut Link, m: &Msg) -> Result<(), Problem> {
    link.send(m.to_string(), &m.to_bytes())
}

/// Read one frame (its bytes kept for the report).
pub(super) fn recv(ctx: &Ctx, link: &mut Link) -> Got<Msg> {
    link.begin();
    let mut got = match wire::decode(link) {
        Ok(m) => {
            link.trace_in(&m);
            let hint = hints::frame(&m, now()).map(Hint::Msg);
            link.arrival(What::Frame(m), hint)
        }
        Err(WireError::Eof) => link.arrival(What::Closed, None),
        Err(WireError::Truncated { .. }) => link.arrival(What::Partial, None),
        Err(WireError::UnknownType(t)) => link.arrival(
            What::Bad(ctx.tr(CheckText::UnknownType(t))),
            hints::unknown_type(t).map(Hint::Msg),
        ),
        Err(WireError::Io(e)) => link.ended(&e),
    };
    if let Some(h) = hints::later_edition(&got.bytes) {
        got.hint = Some(Hint::Msg(h));
    }
    got
}

/// The next frame, which must be of the type `want` names (`want`'s other fields are what the
/// report shows as expected).
pub(super) fn expect(ctx: &Ctx, link: &mut Link, want: &Msg) -> Result<(Msg, Vec<u8>), Problem> {
    let got = recv(ctx, link);
    let Some(m) = got.frame() else {
        return Err(ctx
            .unexpected(&got, |m: &Msg| m.to_string())
            .expected(shown(want)));
    };
    if m.kind() != want.kind() {
        return Err(ctx
            .fail(CheckText::WrongType {
                got: m.name(),
                want: want.name(),
            })
            .expected(shown(want))
            .arrived(Shown::new(m.to_string(), got.bytes.clone()))
            .hint(got.hint));
    }
    let bytes = got.bytes.clone();
    Ok((got.into_frame().expect("a frame"), bytes))
}

/// A field of `m` is not `want`: the problem, with the byte-swap hint when it is one.
pub(super) fn field(
    ctx: &Ctx,
    m: &Msg,
    bytes: &[u8],
    want: &Msg,
    f: Field,
    got_v: u32,
    want_v: u32,
) -> Problem {
    let hint = match f {
        Field::Seq | Field::Timestamp => hints::swapped32(f, want_v, got_v),
        _ => hints::swapped16(f, want_v as u16, got_v as u16),
    };
    ctx.fail(CheckText::FieldIs {
        field: f.name(),
        got: got_v.to_string(),
        want: want_v.to_string(),
    })
    .expected(shown(want))
    .arrived(Shown::new(m.to_string(), bytes.to_vec()))
    .hint(hint.map(Hint::Msg))
}

/// Check an OI: its id in `range`, dest 0, seq 0.
pub(super) fn check_oi(
    ctx: &Ctx,
    oi: &Msg,
    bytes: &[u8],
    range: std::ops::RangeInclusive<u16>,
) -> Result<(), Problem> {
    let h = *oi.head();
    let want = Msg::Oi(Head::new(
        h.orig.clamp(*range.start(), *range.end()),
        0,
        0,
        h.ts,
    ));
    if !range.contains(&h.orig) {
        let swapped = range.contains(&h.orig.swap_bytes()).then_some(());
        return Err(ctx
            .fail(ClientText::IdOutside {
                id: h.orig,
                lo: *range.start(),
                hi: *range.end(),
            })
            .expected(Shown::words(ctx.tr(CheckText::Between(
                u64::from(*range.start()),
                u64::from(*range.end()),
            ))))
            .arrived(Shown::new(oi.to_string(), bytes.to_vec()))
            .hint(swapped.and_then(|()| {
                hints::swapped16(Field::Orig, h.orig.swap_bytes(), h.orig).map(Hint::Msg)
            })));
    }
    if h.dest != 0 {
        return Err(field(ctx, oi, bytes, &want, Field::Dest, h.dest.into(), 0));
    }
    if h.seq != 0 {
        let p = field(ctx, oi, bytes, &want, Field::Seq, h.seq, 0);
        return Err(if h.seq == 1 {
            p.hint(Hint::Client(ClientHint::SeqFromOne))
        } else {
            p
        });
    }
    Ok(())
}

/// A msg client started and registered: the process, its connection, its id.
pub(super) struct Session {
    pub client: Client,
    pub link: Link,
    pub id: u16,
}

/// Start the client, take its OI (whatever its fields: the `oi` cases judge them) and answer
/// OK. The OI and its bytes come back too.
pub(super) fn session(
    ctx: &Ctx,
    extra: &[(&'static str, String)],
) -> Result<(Session, Msg, Vec<u8>), Problem> {
    let (listener, at) = ctx.listen()?;
    let client = ctx.start(&vars(at, extra))?;
    let mut link = ctx.accept(&listener, &client)?;
    drop(listener);
    let want = Msg::Oi(Head::new(0, 0, 0, now()));
    let (oi, bytes) = expect(ctx, &mut link, &want).map_err(|p| with_output(p, ctx, &client))?;
    let h = *oi.head();
    send(&mut link, &Msg::Ok(h.answer(0, h.orig)))?;
    pace();
    Ok((
        Session {
            client,
            link,
            id: h.orig,
        },
        oi,
        bytes,
    ))
}

/// The pause between two frames a case sends apart, as a server's would come apart: only the
/// `wire` cases coalesce or split frames on purpose.
pub(super) const PACE: Duration = Duration::from_millis(150);

pub(super) fn pace() {
    std::thread::sleep(PACE);
}

/// A problem whose "arrived" says nothing useful yet: add what the client printed last.
pub(super) fn with_output(p: Problem, ctx: &Ctx, c: &Client) -> Problem {
    if p.silent || p.arrived.as_ref().is_none_or(|a| a.bytes.is_empty()) {
        let g = ctx.gone(c, ClientText::Died(""));
        match g.arrived.clone() {
            Some(a) if !a.bytes.is_empty() => {
                let mut p = p;
                p.arrived = Some(a);
                p
            }
            _ => p,
        }
    } else {
        p
    }
}

fn wanted_id(ctx: &Ctx) -> Vec<(&'static str, String)> {
    vec![("id", (1000 + 10 * ctx.number as u16).to_string())]
}

/// A text of this case that no other line can contain by chance.
fn text(ctx: &Ctx, k: u32) -> String {
    format!("netlab check {}-{k}", ctx.tag % 10_000 + 100 * ctx.number)
}

/// The emitter id this case's messages come from.
fn sender(ctx: &Ctx, k: u16) -> u16 {
    10 * ctx.number as u16 + k
}

/// A relayed MSG to the display.
fn relayed(ctx: &Ctx, s: &Session, k: u16, seq: u32) -> (Msg, String) {
    let t = text(ctx, u32::from(k));
    (
        Msg::Msg(
            Head::new(sender(ctx, k), s.id, seq, now()),
            t.clone().into_bytes(),
        ),
        t,
    )
}

/// Wait for the display to answer `m` with OK carrying its seq.
fn acked(ctx: &Ctx, s: &mut Session, m: &Msg) -> Result<(), Problem> {
    let h = *m.head();
    let want = Msg::Ok(Head::new(s.id, 0, h.seq, h.ts));
    let (ok, bytes) = expect(ctx, &mut s.link, &want)
        .map_err(|p| p.if_silent(|p| p.hint(Hint::Client(ClientHint::NeverAcks))))?;
    let g = *ok.head();
    if g.seq != h.seq {
        return Err(field(ctx, &ok, &bytes, &want, Field::Seq, g.seq, h.seq));
    }
    Ok(())
}

/// Wait until stdout shows `t`, on a line with the sender's id.
fn shows(ctx: &Ctx, s: &Session, from: usize, t: &str, by: u16) -> Result<(), Problem> {
    let (found, out) = s.client.wait_out(from, ctx.timeout, |o| o.contains(t));
    if !found {
        // Buffered, unless it went to stderr (the problem says so) or the client died.
        let elsewhere = s.client.text(super::process::Out::Stderr).contains(t)
            || s.client.exited(Duration::ZERO).is_some();
        return Err(ctx
            .not_shown(&s.client, ClientText::NotShown(t), t)
            .expected(Shown::words(t.to_string()))
            .hint((!elsewhere).then_some(Hint::Client(ClientHint::Buffered))));
    }
    let line = out.lines().find(|l| l.contains(t)).unwrap_or_default();
    if !has_number(&line.replace(t, ""), u32::from(by)) {
        return Err(ctx
            .fail(ClientText::NoSender { text: t, from: by })
            .arrived(super::printed(ctx, super::process::Out::Stdout, line)));
    }
    Ok(())
}

fn oi_1(ctx: &mut Ctx) -> Outcome {
    let (_s, oi, bytes) = session(ctx, &wanted_id(ctx))?;
    check_oi(ctx, &oi, &bytes, DISPLAYS).map_err(|p| p.sent(Vec::new()))?;
    Ok(Verdict::Pass)
}

fn show_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    let from = s.client.total(super::process::Out::Stdout);
    let (m, t) = relayed(ctx, &s, 1, 0);
    ctx.mark();
    send(&mut s.link, &m)?;
    shows(ctx, &s, from, &t, sender(ctx, 1)).map_err(|p| {
        // The buffering hint only when the display did read the message.
        if p.hint == Some(Hint::Client(ClientHint::Buffered)) {
            s.link.patience(ctx.quiet());
            if recv(ctx, &mut s.link).frame().is_none() {
                let mut p = p;
                p.hint = None;
                return p;
            }
        }
        p
    })?;
    Ok(Verdict::Pass)
}

fn ack_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    let (m, _) = relayed(ctx, &s, 1, 37);
    ctx.mark();
    send(&mut s.link, &m)?;
    acked(ctx, &mut s, &m)?;
    Ok(Verdict::Pass)
}

fn wire_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    let from = s.client.total(super::process::Out::Stdout);
    let (m, t) = relayed(ctx, &s, 1, 5);
    ctx.mark();
    s.link.dribble(&m, &m.to_bytes())?;
    let hint = Hint::OneRecv;
    shows(ctx, &s, from, &t, sender(ctx, 1)).map_err(|mut p| {
        p.hint = Some(hint);
        p
    })?;
    Ok(Verdict::Pass)
}

fn wire_2(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    let from = s.client.total(super::process::Out::Stdout);
    let msgs: Vec<(Msg, String)> = (1..=3).map(|k| relayed(ctx, &s, k, u32::from(k))).collect();
    let bytes: Vec<u8> = msgs.iter().flat_map(|(m, _)| m.to_bytes()).collect();
    let names: Vec<String> = msgs.iter().map(|(m, _)| m.to_string()).collect();
    ctx.mark();
    s.link.send(names.join(" + "), &bytes)?;
    let hint = Hint::OneRecv;
    let texts: Vec<&str> = msgs.iter().map(|(_, t)| t.as_str()).collect();
    let (all, out) = s
        .client
        .wait_out(from, ctx.timeout, |o| texts.iter().all(|t| o.contains(t)));
    if !all {
        let n = texts.iter().filter(|t| out.contains(**t)).count();
        return Err(ctx
            .not_shown(
                &s.client,
                ClientText::NotAllShown { shown: n, of: 3 },
                texts[0],
            )
            .hint(hint));
    }
    Ok(Verdict::Pass)
}

fn qem_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    let from = s.client.total(super::process::Out::Stdout);
    let ids = vec![sender(ctx, 1), sender(ctx, 2), s.id];
    let m = Msg::Okqem(Head::new(0, s.id, 3, now()), ids.clone());
    ctx.mark();
    send(&mut s.link, &m)?;
    let listed = |o: &str| {
        o.lines()
            .any(|l| ids.iter().all(|&id| has_number(l, u32::from(id))))
    };
    let (found, _) = s.client.wait_out(from, ctx.timeout, listed);
    if !found {
        let words: Vec<String> = ids.iter().map(u16::to_string).collect();
        return Err(ctx
            .not_shown(&s.client, ClientText::ListNotShown, "")
            .expected(Shown::words(words.join(" "))));
    }
    Ok(Verdict::Pass)
}

fn bad_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    let from = s.client.total(super::process::Out::Stdout);
    ctx.mark();
    send(&mut s.link, &Msg::Erro(Head::new(0, s.id, 7, now())))?;
    pace();
    let (m, t) = relayed(ctx, &s, 1, 8);
    send(&mut s.link, &m)?;
    shows(ctx, &s, from, &t, sender(ctx, 1)).map_err(|p| died(ctx, &s, p))?;
    Ok(Verdict::Pass)
}

/// After a frame meant to upset it: a client that ended says so (its status, its last words).
fn died(ctx: &Ctx, s: &Session, p: Problem) -> Problem {
    match s.client.exited(Duration::ZERO) {
        Some(status) => ctx
            .gone(&s.client, ClientText::Died(&status.to_string()))
            .expected(p.expected.clone().unwrap_or_default()),
        None => p,
    }
}

fn bad_2(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    // Type 9, a bare header: the stream's framing is lost, so the display may go on reading
    // or close the connection; what it must not do is crash.
    let mut bad = Msg::Ok(Head::new(0, s.id, 9, now())).to_bytes();
    bad[1] = 9;
    ctx.mark();
    let from = s.client.total(super::process::Out::Stdout);
    s.link.send(ctx.tr(CheckText::UnknownType(9)), &bad)?;
    pace();
    let (m, t) = relayed(ctx, &s, 1, 10);
    if send(&mut s.link, &m).is_ok() && shows(ctx, &s, from, &t, sender(ctx, 1)).is_ok() {
        return Ok(Verdict::Pass);
    }
    match s.client.exited(ctx.quiet()) {
        None => Ok(Verdict::Pass),
        Some(status) if status.success() => Ok(Verdict::Pass),
        // Leaving on purpose, saying why (a runtime error, status 1), is closing the
        // connection; a crash is a signal, a panic or an uncaught exception.
        Some(status) if !crashed(&status, &s.client.text(super::process::Out::Stderr)) => {
            Ok(Verdict::Pass)
        }
        Some(status) => Err(ctx.gone(&s.client, ClientText::Died(&status.to_string()))),
    }
}

/// Did a client that exited with `status`, its stderr ending in `stderr`, crash (killed by a
/// signal, a Rust panic, an uncaught Python or Java exception) rather than leave on purpose?
fn crashed(status: &std::process::ExitStatus, stderr: &str) -> bool {
    status.code().is_none_or(|c| c == 101 || c >= 128)
        || [
            "Traceback (most recent call last)",
            "panicked at",
            "Exception in thread",
            "Segmentation fault",
        ]
        .iter()
        .any(|sign| stderr.contains(sign))
}

fn flw_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    let flw = Msg::Flw(Head::new(0, s.id, 11, now()));
    ctx.mark();
    send(&mut s.link, &flw)?;
    let want = Msg::Ok(Head::new(s.id, 0, 11, flw.head().ts));
    let (ok, bytes) = expect(ctx, &mut s.link, &want)
        .map_err(|p| p.hint(Hint::Client(ClientHint::IgnoresFlw)))?;
    if ok.head().seq != 11 {
        return Err(field(
            ctx,
            &ok,
            &bytes,
            &want,
            Field::Seq,
            ok.head().seq,
            11,
        ));
    }
    if s.client.exited(ctx.timeout).is_none() {
        return Err(ctx
            .fail(ClientText::DidNotLeave(ctx.timeout))
            .hint(Hint::Client(ClientHint::IgnoresFlw)));
    }
    Ok(Verdict::Pass)
}

fn int_1(ctx: &mut Ctx) -> Outcome {
    let (mut s, _, _) = session(ctx, &wanted_id(ctx))?;
    // Ctrl-C comes from a user who saw it work: one message shown and answered first (or a
    // short wait, for a display that does not answer).
    let (m, _) = relayed(ctx, &s, 1, 12);
    send(&mut s.link, &m)?;
    s.link.patience(ctx.quiet());
    let _ = recv(ctx, &mut s.link);
    s.link.patience(ctx.timeout);
    goodbye_on_interrupt(ctx, &mut s)
}

/// Ctrl-C: a FLW (answered OK) before the connection closes; a close without it is a WARN
/// (the original's extra credit).
pub(super) fn goodbye_on_interrupt(ctx: &Ctx, s: &mut Session) -> Outcome {
    ctx.mark();
    if !s.client.interrupt() {
        return Err(ctx.skip(ClientText::NoInterrupt));
    }
    let want = Msg::Flw(Head::new(s.id, 0, 0, now()));
    loop {
        let got = recv(ctx, &mut s.link);
        match got.frame() {
            Some(Msg::Flw(h)) => {
                let h = *h;
                let _ = send(&mut s.link, &Msg::Ok(h.answer(0, h.orig)));
                return Ok(Verdict::Pass);
            }
            // Whatever else it says on its way out (an OK owed), read on.
            Some(_) => continue,
            None if matches!(got.what, What::Closed) => {
                return ctx.warn(ClientText::NoFlwOnInterrupt, None);
            }
            None => {
                return Err(ctx
                    .unexpected(&got, |m: &Msg| m.to_string())
                    .expected(shown(&want)));
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::crashed;
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    #[test]
    fn a_crash_is_a_signal_a_panic_or_an_uncaught_exception_not_a_reasoned_exit() {
        let code = |c: i32| ExitStatus::from_raw(c << 8);
        assert!(!crashed(
            &code(1),
            "netlab: error: a frame that does not decode arrived"
        ));
        assert!(crashed(
            &code(1),
            "Traceback (most recent call last):\n  File"
        ));
        assert!(crashed(&code(101), "thread 'main' panicked at src/main.rs"));
        assert!(crashed(&ExitStatus::from_raw(11), "")); // SIGSEGV
    }
}
