//! The msg server's cases (spec/msg.md): registering (`oi`), leaving (`flw`), routing
//! (`route`), text sizes (`size`), the relay's timestamp (`ts`), client lists (`qem`),
//! stop-and-wait towards displays (`wait`), framing on the stream (`wire`) and bad input
//! (`bad`). The checker plays emitters and displays on raw connections; each case takes its
//! ids from its own number (emitters 10n…10n+9, displays 1000+10n…), so no two cases share one.

use std::thread;
use std::time::{Duration, Instant};

use super::Suite;
use super::case::{Case, Ctx, Kind, Outcome, Problem, Shown, Verdict, alive, case};
use super::hint::Hint;
use super::link::{Got, Link, What};
use super::text::CheckText;
use crate::msg::hints::{self, Field, MsgHint};
use crate::msg::wire::{self, DEFAULT_PORT, Head, MAX_TEXT, Msg, WireError};

pub static SUITE: Suite = Suite {
    name: "msg",
    cases: CASES,
    probe,
    default_port: Some(DEFAULT_PORT),
};

/// The emitter id the liveness probe registers (no case uses it).
const PROBE_ID: u16 = 998;

fn now() -> u32 {
    crate::msg::timestamp()
}

fn show(m: &Msg) -> String {
    m.to_string()
}

fn shown(m: &Msg) -> Shown {
    Shown::new(show(m), m.to_bytes())
}

/// Emitter `k` (0..=9) of this case.
fn emitter(ctx: &Ctx, k: u16) -> u16 {
    10 * ctx.number as u16 + k
}

/// Display `k` (0..=9) of this case.
fn display(ctx: &Ctx, k: u16) -> u16 {
    1000 + 10 * ctx.number as u16 + k
}

/// A connection playing one client: its id (0 before OI) and its next sequence number.
struct Client {
    link: Link,
    id: u16,
    seq: u32,
}

impl Client {
    fn open(ctx: &Ctx) -> Result<Client, Problem> {
        Ok(Client {
            link: ctx.connect()?,
            id: 0,
            seq: 0,
        })
    }

    /// A fresh header from this client (the next seq, the time now).
    fn head(&mut self, dest: u16) -> Head {
        let h = Head::new(self.id, dest, self.seq, now());
        self.seq += 1;
        h
    }

    fn send(&mut self, m: &Msg) -> Result<(), Problem> {
        self.link.send(show(m), &m.to_bytes())
    }

    fn msg(&mut self, dest: u16, text: &[u8]) -> Result<Head, Problem> {
        let h = self.head(dest);
        self.send(&Msg::Msg(h, text.to_vec()))?;
        Ok(h)
    }

    fn recv(&mut self, ctx: &Ctx) -> Got<Msg> {
        recv(ctx, &mut self.link)
    }
}

/// Read one frame (its bytes kept for the report). Bytes that read as the later edition's
/// frames are named so whatever they decode to here.
fn recv(ctx: &Ctx, link: &mut Link) -> Got<Msg> {
    let mut got = recv_frame(ctx, link);
    if let Some(h) = hints::later_edition(&got.bytes) {
        got.hint = Some(Hint::Msg(h));
    }
    got
}

fn recv_frame(ctx: &Ctx, link: &mut Link) -> Got<Msg> {
    link.begin();
    match wire::decode(link) {
        Ok(m) => {
            link.trace_in(show(&m));
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
    }
}

/// The frame `want` must have arrived: same type and header (and body). An ERRO is compared
/// on seq and timestamp only (the original lets its ids be anything).
fn check_frame(ctx: &Ctx, got: Got<Msg>, want: &Msg) -> Result<Msg, Problem> {
    let expected = shown(want);
    let Some(m) = got.frame() else {
        return Err(ctx.unexpected(&got, show).expected(expected));
    };
    let problem = |why: CheckText, hint: Option<MsgHint>| {
        ctx.fail(why)
            .expected(shown(want))
            .arrived(Shown::new(show(m), got.bytes.clone()))
            .hint(hint.map(Hint::Msg))
            .hint(got.hint)
    };
    if m.kind() != want.kind() {
        return Err(problem(
            CheckText::WrongType {
                got: m.name(),
                want: want.name(),
            },
            None,
        ));
    }
    let (g, w) = (m.head(), want.head());
    let mut fields = vec![(Field::Seq, g.seq, w.seq), (Field::Timestamp, g.ts, w.ts)];
    if !matches!(want, Msg::Erro(_)) {
        fields.insert(0, (Field::Dest, g.dest.into(), w.dest.into()));
        fields.insert(0, (Field::Orig, g.orig.into(), w.orig.into()));
    }
    for (field, got_v, want_v) in fields {
        if got_v != want_v {
            let hint = match field {
                Field::Seq | Field::Timestamp => hints::swapped32(field, want_v, got_v),
                _ => hints::swapped16(field, want_v as u16, got_v as u16),
            };
            return Err(problem(
                CheckText::FieldIs {
                    field: field.name(),
                    got: got_v.to_string(),
                    want: want_v.to_string(),
                },
                hint,
            ));
        }
    }
    if let (Msg::Msg(_, gt), Msg::Msg(_, wt)) = (m, want)
        && gt != wt
    {
        let hint = hints::padded_text(gt).then_some(MsgHint::FixedText);
        return Err(problem(CheckText::TextDiffers, hint));
    }
    Ok(got.into_frame().expect("a frame"))
}

/// The answer (`ok`: OK, else ERRO) to `to`, from the server to client `c`.
fn answer(ctx: &Ctx, c: &mut Client, to: &Head, ok: bool) -> Result<(), Problem> {
    let h = to.answer(0, to.orig);
    let want = if ok { Msg::Ok(h) } else { Msg::Erro(h) };
    let got = c.recv(ctx);
    check_frame(ctx, got, &want).map(drop)
}

/// After a MSG of `len` bytes of text from `e` got nothing back (`p` is silent): send the
/// NUL padding a reader of fixed 140-byte texts still waits for, and name that mistake if the
/// server answers now.
fn pad_probe(ctx: &Ctx, e: &mut Client, len: usize, p: Problem) -> Problem {
    if !p.silent || len >= MAX_TEXT {
        return p;
    }
    let pad = vec![0u8; MAX_TEXT - len];
    let sent = ctx.journal.lock().ok().and_then(|j| j.last().cloned());
    if e.link
        .send(ctx.tr(CheckText::Padding(pad.len())), &pad)
        .is_err()
    {
        return p;
    }
    e.link.patience(ctx.quiet());
    let answered = e.recv(ctx).frame().is_some();
    e.link.patience(ctx.timeout);
    let p = p.sent(sent.into_iter().collect());
    if answered {
        let why = format!(
            "{}; {}",
            p.why,
            ctx.tr(CheckText::AnsweredAfterPadding(pad.len()))
        );
        p.reason(why).hint(Hint::Msg(MsgHint::FixedText))
    } else {
        p
    }
}

/// Connect and register `id` (OI with seq 0, the time now); the server must answer OK.
fn register(ctx: &Ctx, id: u16) -> Result<Client, Problem> {
    let mut c = Client::open(ctx)?;
    oi(ctx, &mut c, id, true)?;
    c.id = id;
    Ok(c)
}

/// Send OI for `id` on `c`; the answer must be OK (`ok`) or ERRO.
fn oi(ctx: &Ctx, c: &mut Client, id: u16, ok: bool) -> Result<(), Problem> {
    let h = Head::new(id, 0, c.seq, now());
    c.seq += 1;
    c.send(&Msg::Oi(h))?;
    answer(ctx, c, &h, ok)
}

/// Display `d` must receive MSG(orig=from, dest=to, seq, text); it answers OK.
fn relayed(ctx: &Ctx, d: &mut Client, from: &Head, text: &[u8]) -> Result<Head, Problem> {
    let to = d.id;
    let got = d.recv(ctx);
    let hint = match got.frame() {
        Some(m) if hints::padding(m) => Some(Hint::Msg(MsgHint::FixedText)),
        Some(Msg::Msg(h, _)) if to != 0 && h.dest == 0 && from.dest == 0 => {
            Some(Hint::Msg(MsgHint::DestNotRewritten))
        }
        _ => None,
    };
    // The relayed timestamp is the server's: compare the rest, then take its timestamp.
    let ts = match got.frame() {
        Some(m) => m.head().ts,
        None => now(),
    };
    let want = Msg::Msg(Head::new(from.orig, to, from.seq, ts), text.to_vec());
    let m = check_frame(ctx, got, &want).map_err(|p| p.hint(hint))?;
    let h = *m.head();
    d.send(&Msg::Ok(h.answer(d.id, h.orig)))?;
    Ok(h)
}

/// Nothing arrives on `c` before `barrier` (a frame the case made the server send after the
/// one that must not arrive): the next frame must be the barrier MSG.
fn next_is(ctx: &Ctx, c: &mut Client, barrier: &[u8], bad: CheckText) -> Result<Head, Problem> {
    let got = c.recv(ctx);
    match got.frame() {
        Some(Msg::Msg(h, text)) if text == barrier => {
            let h = *h;
            c.send(&Msg::Ok(h.answer(c.id, h.orig)))?;
            Ok(h)
        }
        Some(m) => {
            let m = m.clone();
            let text = String::from_utf8_lossy(barrier).into_owned();
            Err(ctx
                .fail(bad)
                .expected(Shown::words(
                    ctx.tr(CheckText::NothingThen(&format!("MSG \"{text}\""))),
                ))
                .arrived(Shown::new(show(&m), got.bytes.clone()))
                .hint(got.hint))
        }
        None => Err(ctx.unexpected(&got, show)),
    }
}

/// A relay that must go through: emitter `e` sends `text` to display `d`, which gets it and
/// acknowledges; `e` gets its OK.
fn relay(ctx: &Ctx, e: &mut Client, d: &mut Client, text: &[u8]) -> Result<(), Problem> {
    let h = e.msg(d.id, text)?;
    relayed(ctx, d, &h, text).map_err(|p| pad_probe(ctx, e, text.len(), p))?;
    answer(ctx, e, &h, true)
}

/// The liveness probe: a new emitter registers (OK or ERRO: any answer proves it serves; an
/// answer that does not decode is said as such, with its hint).
fn probe(ctx: &mut Ctx) -> Result<(), Problem> {
    let mut c = Client::open(ctx)?;
    let h = Head::new(PROBE_ID, 0, 0, now());
    c.send(&Msg::Oi(h))?;
    let got = c.recv(ctx);
    match got.what {
        What::Frame(Msg::Ok(_)) if got.hint.is_none() => {
            c.id = PROBE_ID;
            let flw = c.head(0);
            let _ = c.send(&Msg::Flw(flw));
            let _ = c.recv(ctx);
            Ok(())
        }
        What::Frame(_) => Ok(()),
        What::Nothing | What::Closed => Err(ctx.fail(CheckText::ProbeSilent)),
        What::Partial | What::Bad(_) => Err(ctx.unexpected(&got, show).answered()),
    }
}

// ---------------------------------------------------------------------------------------------
// oi: registering

fn oi_emitter(ctx: &mut Ctx) -> Outcome {
    register(ctx, emitter(ctx, 0))?;
    Ok(Verdict::Pass)
}

fn oi_display(ctx: &mut Ctx) -> Outcome {
    register(ctx, display(ctx, 0))?;
    Ok(Verdict::Pass)
}

fn oi_in_use(ctx: &mut Ctx) -> Outcome {
    let id = emitter(ctx, 0);
    let _first = register(ctx, id)?;
    let mut second = Client::open(ctx)?;
    oi(ctx, &mut second, id, false)?;
    Ok(Verdict::Pass)
}

fn oi_retry(ctx: &mut Ctx) -> Outcome {
    let id = emitter(ctx, 0);
    let _first = register(ctx, id)?;
    let mut second = Client::open(ctx)?;
    oi(ctx, &mut second, id, false)?;
    let h = Head::new(emitter(ctx, 1), 0, second.seq, now());
    second.seq += 1;
    second.send(&Msg::Oi(h))?;
    let got = second.recv(ctx);
    if matches!(got.what, What::Closed) {
        return ctx.warn(CheckText::ClosedAfterErro, None);
    }
    check_frame(ctx, got, &Msg::Ok(h.answer(0, h.orig)))?;
    Ok(Verdict::Pass)
}

fn oi_out_of_range(ctx: &mut Ctx) -> Outcome {
    for id in [0, 2000, 65535] {
        let mut c = Client::open(ctx)?;
        oi(ctx, &mut c, id, false)?;
    }
    Ok(Verdict::Pass)
}

fn oi_range_ends(ctx: &mut Ctx) -> Outcome {
    let mut held = Vec::new();
    for id in [1, 999, 1000, 1999] {
        held.push(register(ctx, id)?);
    }
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// flw: leaving

fn flw_ok(ctx: &mut Ctx) -> Outcome {
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h = e.head(0);
    e.send(&Msg::Flw(h))?;
    answer(ctx, &mut e, &h, true)?;
    Ok(Verdict::Pass)
}

/// OI for `id` on `c` until OK, within the timeout (a server may free an id when it reads
/// the close rather than at once).
fn oi_until_free(ctx: &Ctx, c: &mut Client, id: u16) -> Result<(), Problem> {
    let deadline = Instant::now() + ctx.timeout;
    loop {
        let h = Head::new(id, 0, c.seq, now());
        c.seq += 1;
        c.send(&Msg::Oi(h))?;
        let got = c.recv(ctx);
        match got.frame() {
            Some(Msg::Ok(_)) => {
                check_frame(ctx, got, &Msg::Ok(h.answer(0, id)))?;
                return Ok(());
            }
            Some(Msg::Erro(_)) if Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(20));
            }
            Some(Msg::Erro(_)) => {
                return Err(ctx
                    .fail(CheckText::IdStillTaken(id))
                    .expected(shown(&Msg::Ok(h.answer(0, id))))
                    .arrived(Shown::new(
                        show(got.frame().expect("a frame")),
                        got.bytes.clone(),
                    )));
            }
            _ => {
                return Err(ctx
                    .unexpected(&got, show)
                    .expected(shown(&Msg::Ok(h.answer(0, id)))));
            }
        }
    }
}

fn flw_frees_id(ctx: &mut Ctx) -> Outcome {
    let id = emitter(ctx, 0);
    let mut e = register(ctx, id)?;
    let h = e.head(0);
    e.send(&Msg::Flw(h))?;
    answer(ctx, &mut e, &h, true)?;
    drop(e);
    let mut again = Client::open(ctx)?;
    oi_until_free(ctx, &mut again, id)?;
    Ok(Verdict::Pass)
}

fn flw_nothing_more(ctx: &mut Ctx) -> Outcome {
    let mut gone = register(ctx, display(ctx, 0))?;
    let mut stays = register(ctx, display(ctx, 1))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h = gone.head(0);
    gone.send(&Msg::Flw(h))?;
    answer(ctx, &mut gone, &h, true)?;
    let text = b"after FLW";
    let m = e.msg(0, text)?;
    relayed(ctx, &mut stays, &m, text)?;
    answer(ctx, &mut e, &m, true)?;
    // The broadcast reached the display that stays: it went out to the one that left at the
    // same time, if at all.
    gone.link.patience(ctx.quiet());
    let got = gone.recv(ctx);
    if let Some(m) = got.frame() {
        let m = m.clone();
        return Err(ctx
            .fail(CheckText::SentAfterFlw)
            .arrived(Shown::new(show(&m), got.bytes)));
    }
    Ok(Verdict::Pass)
}

fn flw_stop_display(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h = e.head(d.id);
    e.send(&Msg::Flw(h))?;
    let got = d.recv(ctx);
    let ts = got.frame().map_or(0, |m| m.head().ts);
    let m = check_frame(ctx, got, &Msg::Flw(Head::new(e.id, d.id, h.seq, ts)))?;
    d.send(&Msg::Ok(m.head().answer(d.id, e.id)))?;
    // The display's own answer, relayed: from the display (netlab) or from the server.
    let got = e.recv(ctx);
    let orig = match got.frame() {
        Some(Msg::Ok(a)) if a.orig == d.id => d.id,
        _ => 0,
    };
    check_frame(ctx, got, &Msg::Ok(h.answer(orig, h.orig)))?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// route: relaying

fn route_one(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    relay(ctx, &mut e, &mut d, b"Oi, tudo bem?")?;
    // A second one right behind: padding after the first would show here.
    relay(ctx, &mut e, &mut d, b"Ob-la-di")?;
    Ok(Verdict::Pass)
}

fn route_all(ctx: &mut Ctx) -> Outcome {
    let mut d1 = register(ctx, display(ctx, 0))?;
    let mut d2 = register(ctx, display(ctx, 1))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let text = b"Ob-la-da";
    let h = e.msg(0, text)?;
    relayed(ctx, &mut d1, &h, text)?;
    relayed(ctx, &mut d2, &h, text)?;
    answer(ctx, &mut e, &h, true)?;
    Ok(Verdict::Pass)
}

fn route_unknown(ctx: &mut Ctx) -> Outcome {
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h = e.msg(display(ctx, 9), b"anybody there?")?;
    answer(ctx, &mut e, &h, false)?;
    Ok(Verdict::Pass)
}

fn route_to_emitter(ctx: &mut Ctx) -> Outcome {
    let _other = register(ctx, emitter(ctx, 1))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h = e.msg(emitter(ctx, 1), b"to an emitter")?;
    answer(ctx, &mut e, &h, false)?;
    Ok(Verdict::Pass)
}

/// A MSG that must be refused (ERRO to `bad`) and not relayed (display `d`'s next MSG is the
/// barrier `e` sends afterwards).
fn refused_not_relayed(
    ctx: &Ctx,
    bad: &mut Client,
    sent: Head,
    d: &mut Client,
    e: &mut Client,
) -> Result<(), Problem> {
    answer(ctx, bad, &sent, false)?;
    let barrier = b"barrier";
    let h = e.msg(d.id, barrier)?;
    next_is(ctx, d, barrier, CheckText::RelayedAnyway)?;
    answer(ctx, e, &h, true)
}

fn route_spoofed(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let mut liar = register(ctx, emitter(ctx, 1))?;
    let h = Head::new(e.id, d.id, liar.seq, now());
    liar.seq += 1;
    liar.send(&Msg::Msg(h, b"I am someone else".to_vec()))?;
    refused_not_relayed(ctx, &mut liar, h, &mut d, &mut e)?;
    Ok(Verdict::Pass)
}

fn route_before_oi(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let mut early = Client::open(ctx)?;
    let h = Head::new(emitter(ctx, 1), d.id, 0, now());
    early.send(&Msg::Msg(h, b"too early".to_vec()))?;
    refused_not_relayed(ctx, &mut early, h, &mut d, &mut e)?;
    Ok(Verdict::Pass)
}

fn route_from_display(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let mut d2 = register(ctx, display(ctx, 1))?;
    let h = d2.msg(d.id, b"displays only listen")?;
    refused_not_relayed(ctx, &mut d2, h, &mut d, &mut e)?;
    Ok(Verdict::Pass)
}

fn route_bytes(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    relay(ctx, &mut e, &mut d, &[b'o', 0xff, 0xfe, b'i', 0xc3])?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// size: text lengths

fn size_refused(ctx: &Ctx, len: usize) -> Outcome {
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h = e.msg(0, &vec![b'x'; len])?;
    answer(ctx, &mut e, &h, false)?;
    // The body was read whole: the next frame is understood.
    let q = e.head(0);
    e.send(&Msg::Flw(q))?;
    answer(ctx, &mut e, &q, true)?;
    Ok(Verdict::Pass)
}

fn size_empty(ctx: &mut Ctx) -> Outcome {
    size_refused(ctx, 0)
}

fn size_too_long(ctx: &mut Ctx) -> Outcome {
    size_refused(ctx, MAX_TEXT + 1)
}

fn size_relayed(ctx: &Ctx, len: usize) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
    relay(ctx, &mut e, &mut d, &text)?;
    Ok(Verdict::Pass)
}

fn size_one(ctx: &mut Ctx) -> Outcome {
    size_relayed(ctx, 1)
}

fn size_max(ctx: &mut Ctx) -> Outcome {
    size_relayed(ctx, MAX_TEXT)
}

// ---------------------------------------------------------------------------------------------
// ts: the relay's timestamp

/// A day: farther than that from our clock is no receive time.
const DAY: u32 = 86_400;

/// Relay a MSG whose own timestamp is a day old; return the relayed timestamp and the shown
/// frame.
fn relayed_ts(ctx: &Ctx) -> Result<(u32, u32, Shown), Problem> {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let old = now() - DAY;
    let h = Head::new(e.id, d.id, e.seq, old);
    e.seq += 1;
    e.send(&Msg::Msg(h, b"what time is it?".to_vec()))?;
    let got = d.recv(ctx);
    let arrived = got.frame().map(|m| Shown::new(show(m), got.bytes.clone()));
    let r = relayed_frame(ctx, got, &h, d.id)?;
    d.send(&Msg::Ok(r.answer(d.id, r.orig)))?;
    answer(ctx, &mut e, &h, true)?;
    Ok((old, r.ts, arrived.unwrap_or_default()))
}

/// The MSG relayed from `from` to display `to`, whatever its timestamp.
fn relayed_frame(ctx: &Ctx, got: Got<Msg>, from: &Head, to: u16) -> Result<Head, Problem> {
    let ts = got.frame().map_or(0, |m| m.head().ts);
    let want = Msg::Msg(
        Head::new(from.orig, to, from.seq, ts),
        b"what time is it?".to_vec(),
    );
    check_frame(ctx, got, &want).map(|m| *m.head())
}

fn ts_fresh(ctx: &mut Ctx) -> Outcome {
    let (old, ts, arrived) = relayed_ts(ctx)?;
    let clock = now();
    if ts == old {
        return Err(ctx
            .fail(CheckText::KeptTimestamp)
            .arrived(arrived)
            .hint(Hint::Msg(MsgHint::KeptTimestamp)));
    }
    if ts.abs_diff(clock) > DAY {
        let hint = hints::frame(&Msg::Ok(Head::new(0, 0, 0, ts)), clock).map(Hint::Msg);
        return Err(ctx
            .fail(CheckText::FieldIs {
                field: "timestamp",
                got: ts.to_string(),
                want: format!("≈ {clock}"),
            })
            .arrived(arrived)
            .hint(hint));
    }
    Ok(Verdict::Pass)
}

fn ts_exact(ctx: &mut Ctx) -> Outcome {
    let before = now();
    let (_, ts, arrived) = relayed_ts(ctx)?;
    let after = now();
    if ts + 1 < before || ts > after + 1 {
        return Err(ctx
            .fail(CheckText::FieldIs {
                field: "timestamp",
                got: ts.to_string(),
                want: ctx.tr(CheckText::Between(before.into(), after.into())),
            })
            .arrived(arrived));
    }
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// qem: client lists

/// A display and an emitter; the emitter's QEM for the display, answered OK; what the
/// display then receives.
fn qem_answered(ctx: &Ctx) -> Result<(Client, Client, Head, Got<Msg>), Problem> {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h = e.head(d.id);
    e.send(&Msg::Qem(h))?;
    answer(ctx, &mut e, &h, true)?;
    let got = d.recv(ctx);
    Ok((d, e, h, got))
}

fn qem_list(ctx: &mut Ctx) -> Outcome {
    let (d, e, h, got) = qem_answered(ctx)?;
    let Some(Msg::Okqem(g, ids)) = got.frame() else {
        let want = Msg::Okqem(h.answer(0, d.id), vec![e.id, d.id]);
        return Err(ctx.unexpected(&got, show).expected(shown(&want)));
    };
    let (g, ids) = (*g, ids.clone());
    let arrived = Shown::new(show(got.frame().expect("a frame")), got.bytes.clone());
    // What was expected: the ids that arrived with the two of this case, ascending (never a
    // copy of what arrived).
    let mut sorted_ids = ids.clone();
    sorted_ids.extend([e.id, d.id]);
    sorted_ids.sort_unstable();
    sorted_ids.dedup();
    let want = Msg::Okqem(h.answer(0, d.id), sorted_ids);
    let mut warn = None;
    if g.orig != 0 {
        // One known implementation puts the emitter's id there; displays accept it.
        warn = Some(CheckText::FieldIs {
            field: "orig",
            got: g.orig.to_string(),
            want: "0".into(),
        });
    }
    for (field, got_v, want_v) in [
        (Field::Dest, g.dest as u32, d.id as u32),
        (Field::Seq, g.seq, h.seq),
        (Field::Timestamp, g.ts, h.ts),
    ] {
        if got_v != want_v {
            let hint = match field {
                Field::Dest => hints::swapped16(field, want_v as u16, got_v as u16),
                _ => hints::swapped32(field, want_v, got_v),
            };
            return Err(ctx
                .fail(CheckText::FieldIs {
                    field: field.name(),
                    got: got_v.to_string(),
                    want: want_v.to_string(),
                })
                .expected(shown(&want))
                .arrived(arrived)
                .hint(hint.map(Hint::Msg)));
        }
    }
    let sorted = ids.windows(2).all(|w| w[0] < w[1]);
    if !ids.contains(&e.id) || !ids.contains(&d.id) || !sorted {
        return Err(ctx
            .fail(CheckText::BadList {
                emitter: e.id,
                display: d.id,
            })
            .expected(shown(&want))
            .arrived(arrived));
    }
    match warn {
        Some(w) => ctx.warn(w, None),
        None => Ok(Verdict::Pass),
    }
}

fn qem_unknown(ctx: &mut Ctx) -> Outcome {
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h = e.head(display(ctx, 9));
    e.send(&Msg::Qem(h))?;
    answer(ctx, &mut e, &h, false)?;
    Ok(Verdict::Pass)
}

fn qem_not_acked(ctx: &mut Ctx) -> Outcome {
    let (mut d, mut e, _, got) = qem_answered(ctx)?;
    if !matches!(got.frame(), Some(Msg::Okqem(..))) {
        return Err(ctx.unexpected(&got, show));
    }
    // Not acknowledged: a MSG must come at once all the same.
    let text = b"after the list";
    let m = e.msg(d.id, text)?;
    d.link.patience(ctx.timeout.min(Duration::from_secs(1)));
    relayed(ctx, &mut d, &m, text).map_err(|p| {
        if p.arrived.as_ref().is_some_and(|a| a.bytes.is_empty()) {
            ctx.fail(CheckText::WaitsForOkqemAck)
        } else {
            p
        }
    })?;
    answer(ctx, &mut e, &m, true)?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// wait: stop-and-wait towards displays

fn wait_one_outstanding(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let h1 = e.msg(d.id, b"first")?;
    let h2 = e.msg(d.id, b"second")?;
    let got = d.recv(ctx);
    let ts = got.frame().map_or(0, |m| m.head().ts);
    let first = check_frame(
        ctx,
        got,
        &Msg::Msg(Head::new(e.id, d.id, h1.seq, ts), b"first".to_vec()),
    )?;
    // Not acknowledged yet: the second must wait.
    d.link.patience(ctx.quiet());
    let got = d.recv(ctx);
    if let Some(m) = got.frame() {
        let m = m.clone();
        return Err(ctx
            .fail(CheckText::NoStopAndWait)
            .arrived(Shown::new(show(&m), got.bytes)));
    }
    d.link.patience(ctx.timeout);
    d.send(&Msg::Ok(first.head().answer(d.id, e.id)))?;
    relayed(ctx, &mut d, &h2, b"second")?;
    answer(ctx, &mut e, &h1, true)?;
    answer(ctx, &mut e, &h2, true)?;
    Ok(Verdict::Pass)
}

fn wait_in_order(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let sent: Vec<(Head, Vec<u8>)> = (0..20)
        .map(|i| {
            let text = format!("message {i}").into_bytes();
            e.msg(d.id, &text).map(|h| (h, text))
        })
        .collect::<Result<_, _>>()?;
    for (h, text) in &sent {
        relayed(ctx, &mut d, h, text)?;
    }
    for (h, _) in &sent {
        answer(ctx, &mut e, h, true)?;
    }
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// wire: frames on the stream

/// A one-recv reader fails here: name it (the frames were right, only their segments
/// differed).
fn one_recv(p: Problem) -> Problem {
    p.hint(Hint::OneRecv)
}

fn wire_dribbled(ctx: &mut Ctx) -> Outcome {
    let mut c = Client::open(ctx)?;
    let id = emitter(ctx, 0);
    let h = Head::new(id, 0, 0, now());
    let oi = Msg::Oi(h);
    c.link
        .dribble(show(&oi), &oi.to_bytes())
        .map_err(one_recv)?;
    answer(ctx, &mut c, &h, true).map_err(one_recv)?;
    Ok(Verdict::Pass)
}

fn wire_coalesced(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut c = Client::open(ctx)?;
    let id = emitter(ctx, 0);
    let h = Head::new(id, 0, 0, now());
    let text = b"two frames, one segment";
    let m = Head::new(id, d.id, 1, now());
    let mut bytes = Msg::Oi(h).to_bytes();
    bytes.extend(Msg::Msg(m, text.to_vec()).to_bytes());
    c.link.send(
        format!(
            "{} + {}",
            show(&Msg::Oi(h)),
            show(&Msg::Msg(m, text.to_vec()))
        ),
        &bytes,
    )?;
    answer(ctx, &mut c, &h, true).map_err(one_recv)?;
    relayed(ctx, &mut d, &m, text).map_err(one_recv)?;
    answer(ctx, &mut c, &m, true).map_err(one_recv)?;
    Ok(Verdict::Pass)
}

fn wire_split_text(ctx: &mut Ctx) -> Outcome {
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 0))?;
    let text = b"one message over three segments";
    let h = e.head(d.id);
    let m = Msg::Msg(h, text.to_vec());
    e.link
        .send_split(show(&m), &m.to_bytes(), &[9, 20])
        .map_err(one_recv)?;
    relayed(ctx, &mut d, &h, text).map_err(one_recv)?;
    answer(ctx, &mut e, &h, true).map_err(one_recv)?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// bad: bad input

fn bad_unknown_type(ctx: &mut Ctx) -> Outcome {
    let mut e = register(ctx, emitter(ctx, 0))?;
    let mut frame = Msg::Qem(e.head(0)).to_bytes();
    frame[1] = 9;
    e.link.send(ctx.tr(CheckText::TypeNine), &frame)?;
    let (data, closed) = e.link.drain(ctx.timeout);
    if !closed {
        let mut p = ctx.fail(CheckText::StillOpen(ctx.timeout));
        if !data.is_empty() {
            p = p.arrived(Shown::new(ctx.tr(CheckText::Bytes(data.len())), data));
        }
        return Ok(Verdict::Warn(p));
    }
    Ok(Verdict::Pass)
}

fn bad_vanish(ctx: &mut Ctx) -> Outcome {
    let mut c = Client::open(ctx)?;
    let h = Head::new(emitter(ctx, 0), 0, 0, now());
    let oi = Msg::Oi(h).to_bytes();
    c.link.send(ctx.tr(CheckText::HalfFrame(7)), &oi[..7])?;
    drop(c);
    let mut d = register(ctx, display(ctx, 0))?;
    let mut e = register(ctx, emitter(ctx, 1))?;
    relay(ctx, &mut e, &mut d, b"still here?")?;
    Ok(Verdict::Pass)
}

fn bad_closed_frees_id(ctx: &mut Ctx) -> Outcome {
    let id = emitter(ctx, 0);
    drop(register(ctx, id)?);
    let mut again = Client::open(ctx)?;
    oi_until_free(ctx, &mut again, id)?;
    Ok(Verdict::Pass)
}

/// The spec's limit for a connection to complete its OI.
const HELLO: Duration = Duration::from_secs(10);

fn bad_silent(ctx: &mut Ctx) -> Outcome {
    let mut c = Client::open(ctx)?;
    let (data, closed) = c.link.drain(HELLO + ctx.timeout);
    if !closed {
        let mut p = ctx.fail(CheckText::SilentKept(HELLO + ctx.timeout));
        if !data.is_empty() {
            p = p.arrived(Shown::new(ctx.tr(CheckText::Bytes(data.len())), data));
        }
        return Ok(Verdict::Warn(p.sent(Vec::new())));
    }
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------

const fn strict(c: Case) -> Case {
    Case {
        kind: Kind::Strict,
        ..c
    }
}

const CASES: &[Case] = &[
    case(
        "msg.oi.1",
        "an OI for an emitter id is answered OK (orig 0, dest the id, the OI's seq and timestamp)",
        "um OI com id de emissor é respondido com OK (orig 0, dest o id, o seq e o timestamp do OI)",
        oi_emitter,
    ),
    case(
        "msg.oi.2",
        "an OI for a display id is answered OK",
        "um OI com id de exibidor é respondido com OK",
        oi_display,
    ),
    case(
        "msg.oi.3",
        "an OI for an id in use is answered ERRO with the OI's seq and timestamp",
        "um OI com id em uso é respondido com ERRO, com o seq e o timestamp do OI",
        oi_in_use,
    ),
    case(
        "msg.oi.4",
        "after an ERRO the connection stays open: an OI for a free id on it is accepted",
        "depois de um ERRO a conexão continua aberta: um OI com id livre nela é aceito",
        oi_retry,
    ),
    case(
        "msg.oi.5",
        "OIs for ids 0, 2000 and 65535 (outside both ranges) are answered ERRO",
        "OIs com os ids 0, 2000 e 65535 (fora das duas faixas) são respondidos com ERRO",
        oi_out_of_range,
    ),
    case(
        "msg.oi.6",
        "ids 1, 999, 1000 and 1999, the ends of both ranges, are accepted",
        "os ids 1, 999, 1000 e 1999, as pontas das duas faixas, são aceitos",
        oi_range_ends,
    ),
    case(
        "msg.flw.1",
        "FLW is answered OK with its seq and timestamp",
        "FLW é respondido com OK, com o seq e o timestamp dele",
        flw_ok,
    ),
    case(
        "msg.flw.2",
        "after FLW the server forgets the client: its id is accepted again",
        "depois do FLW o servidor esquece o cliente: o id dele é aceito de novo",
        flw_frees_id,
    ),
    case(
        "msg.flw.3",
        "after FLW a display is sent nothing more (a broadcast skips it)",
        "depois do FLW nada mais é enviado ao exibidor (uma mensagem para todos o pula)",
        flw_nothing_more,
    ),
    strict(case(
        "msg.flw.4",
        "FLW to a display is relayed to it (orig the emitter); the emitter gets the display's OK \
         (orig the display or the server) once it agrees",
        "FLW para um exibidor é repassado a ele (orig o emissor); o emissor recebe o OK do \
         exibidor (orig o exibidor ou o servidor) quando ele aceita",
        flw_stop_display,
    )),
    case(
        "msg.route.1",
        "MSG to a display is relayed to it (orig, dest, seq and text kept) and answered OK",
        "MSG para um exibidor é repassada a ele (orig, dest, seq e texto mantidos) e respondida com OK",
        route_one,
    ),
    case(
        "msg.route.2",
        "MSG with dest 0 reaches every display, dest rewritten to each display's id",
        "MSG com dest 0 chega a todo exibidor, com o dest trocado pelo id de cada um",
        route_all,
    ),
    case(
        "msg.route.3",
        "MSG to a display that is not connected is answered ERRO",
        "MSG para um exibidor que não está conectado é respondida com ERRO",
        route_unknown,
    ),
    case(
        "msg.route.4",
        "MSG addressed to an emitter's id is answered ERRO",
        "MSG endereçada ao id de um emissor é respondida com ERRO",
        route_to_emitter,
    ),
    case(
        "msg.route.5",
        "MSG with another client's orig is answered ERRO and not relayed",
        "MSG com o orig de outro cliente é respondida com ERRO e não é repassada",
        route_spoofed,
    ),
    case(
        "msg.route.6",
        "MSG before a successful OI is answered ERRO and not relayed",
        "MSG antes de um OI aceito é respondida com ERRO e não é repassada",
        route_before_oi,
    ),
    case(
        "msg.route.7",
        "MSG from a display is answered ERRO and not relayed",
        "MSG de um exibidor é respondida com ERRO e não é repassada",
        route_from_display,
    ),
    case(
        "msg.route.8",
        "text that is not UTF-8 is relayed byte for byte",
        "texto que não é UTF-8 é repassado byte a byte",
        route_bytes,
    ),
    case(
        "msg.size.1",
        "MSG with 0 bytes of text is answered ERRO",
        "MSG com 0 bytes de texto é respondida com ERRO",
        size_empty,
    ),
    case(
        "msg.size.2",
        "MSG with 1 byte of text is relayed",
        "MSG com 1 byte de texto é repassada",
        size_one,
    ),
    case(
        "msg.size.3",
        "MSG with 140 bytes of text is relayed whole",
        "MSG com 140 bytes de texto é repassada inteira",
        size_max,
    ),
    case(
        "msg.size.4",
        "MSG with 141 bytes is answered ERRO, and the next frame on that connection is understood",
        "MSG com 141 bytes é respondida com ERRO, e o quadro seguinte nessa conexão é entendido",
        size_too_long,
    ),
    case(
        "msg.ts.1",
        "a relayed MSG carries the server's receive time, not the emitter's timestamp",
        "uma MSG repassada leva a hora em que o servidor a recebeu, não o timestamp do emissor",
        ts_fresh,
    ),
    strict(case(
        "msg.ts.2",
        "the relayed timestamp is the receive time to the second",
        "o timestamp repassado é a hora de recebimento, ao segundo",
        ts_exact,
    )),
    case(
        "msg.qem.1",
        "QEM is answered OK, and the display gets OKQEM (the QEM's seq) listing the clients ascending",
        "QEM é respondida com OK, e o exibidor recebe OKQEM (com o seq da QEM) com os clientes em ordem crescente",
        qem_list,
    ),
    case(
        "msg.qem.2",
        "QEM for a display that is not connected is answered ERRO",
        "QEM para um exibidor que não está conectado é respondida com ERRO",
        qem_unknown,
    ),
    case(
        "msg.qem.3",
        "OKQEM is not acknowledged: a MSG after it reaches the display at once",
        "OKQEM não é confirmada: uma MSG depois dela chega ao exibidor na hora",
        qem_not_acked,
    ),
    case(
        "msg.wait.1",
        "a display has at most one unacknowledged MSG; the next one follows its OK",
        "um exibidor tem no máximo uma MSG sem confirmação; a seguinte vem depois do OK dele",
        wait_one_outstanding,
    ),
    case(
        "msg.wait.2",
        "20 MSGs to one display all arrive, in order, and each is answered OK",
        "20 MSGs para um exibidor chegam todas, em ordem, e cada uma é respondida com OK",
        wait_in_order,
    ),
    case(
        "msg.wire.1",
        "an OI sent one byte at a time is answered",
        "um OI enviado um byte por vez é respondido",
        wire_dribbled,
    ),
    case(
        "msg.wire.2",
        "OI and MSG in one segment are both handled",
        "OI e MSG num mesmo segmento são ambos tratados",
        wire_coalesced,
    ),
    case(
        "msg.wire.3",
        "a MSG split inside its text is relayed whole",
        "uma MSG partida no meio do texto é repassada inteira",
        wire_split_text,
    ),
    case(
        "msg.bad.1",
        "an unknown type closes that connection (framing is lost)",
        "um tipo desconhecido fecha aquela conexão (o enquadramento se perdeu)",
        bad_unknown_type,
    ),
    case(
        "msg.bad.2",
        "a client that vanishes mid-frame costs nothing: new clients are served",
        "um cliente que some no meio de um quadro não atrapalha: novos clientes são atendidos",
        bad_vanish,
    ),
    case(
        "msg.bad.3",
        "the id of a client that closed without FLW is free again",
        "o id de um cliente que fechou sem FLW fica livre de novo",
        bad_closed_frees_id,
    ),
    Case {
        kind: Kind::Slow(HELLO),
        ..case(
            "msg.bad.4",
            "a connection that sends no OI within 10 s is closed",
            "uma conexão que não envia OI em 10 s é fechada",
            bad_silent,
        )
    },
    Case {
        kind: Kind::Alive,
        ..case(
            "msg.alive.1",
            "the server goes on accepting and serving new clients after every case",
            "o servidor continua aceitando e atendendo novos clientes depois de cada caso",
            alive,
        )
    },
];
