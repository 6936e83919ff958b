//! One direction of a proxied connection (client to server, or back), pure: bytes go in as they
//! were read, frames are cut and decoded as they complete (so however the sender wrote them),
//! and every decision is told as an [`Event`] for the caller to print. The caller does the
//! reading and writing and asks for no more bytes while [`Lane::full`] (bounded memory whatever
//! the peers do).
//!
//! What is written depends on the direction's [`Plan`]:
//! - **A clean direction** (no frame-level impairment: no split, coalesce, corrupt or end after
//!   N frames; see [`Plan::cuts_frames`]) forwards each read as it came, in one write, and
//!   decodes alongside (the receiver sees the sender's boundaries as far as TCP keeps them: a
//!   client's split write stays split, so the proxy never hides a one-recv-per-message bug).
//!   With no plan at all the read's bytes become one write as they are; `--delay`, `--jitter`
//!   and `--rate` time those writes, in order (and only then is a wait noted). The one
//!   exception is a frame the caller rewrites (a kv client's ID with its answer port, a chat
//!   directory's `ADDR` answer with `--peers`): once the bytes so far are known to start such
//!   a frame (`[0, 4]`, `ADDR `; see [`Lane::holding`]), the rest of it is held until it is
//!   whole and then goes rewritten, in one write. The bytes before that point have gone
//!   already, and the rewrite keeps them. A chat line without its `\r\n` has gone as it came
//!   too; after [`CHAT_PAUSE`] it is decoded (and rewritten, if it was held) as whole.
//! - **A frame-level impairment**: frames are cut as they complete and each becomes timed
//!   pieces (split at its fields or every N bytes with `--gap` between every two pieces, also
//!   between the last piece of one frame and the first of the next; held and written together
//!   by `--coalesce`), so the receiver reads what the notes say. `--rate` cuts a piece further
//!   into writes of a twentieth of a second's worth, paced by the rate alone (no gap).
//!
//! At Ctrl-C ([`Lane::hurry`]) everything goes at once, the bytes read but not sent too: a
//! frame held to be rewritten or still incomplete goes as it came, unrewritten (told as
//! stopped inside a frame, not as a stream that ended).
//!
//! Once an end after N frames is scheduled (`--close-after` and the like), nothing read after
//! the Nth frame is cut, held or sent, at Ctrl-C neither: the peer gets what the notes say.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::frames::{self, Cut, Proto};
use super::text::{EndKind, ProxyText, Side};
use crate::term::text::Lang;

/// The most bytes of one frame the proxy keeps to decode it; a longer frame (app content) is
/// shown by its start and the rest passes through.
pub const FRAME_CAP: usize = 128 * 1024;
/// The most bytes waiting to be written in one direction before its source is not read.
pub const OUT_CAP: usize = 64 * 1024;
/// A chat line still without its `\r\n` after this long with nothing more arriving is taken
/// as whole (the spec's leniency: a peer may omit it), so it reaches a peer that takes it so.
pub const CHAT_PAUSE: Duration = Duration::from_millis(500);

/// `--split`: a fixed size, or at the protocol's field boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Bytes(usize),
    Field,
}

/// `--corrupt FIELD=VALUE@N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corrupt {
    pub field: String,
    pub value: u64,
    pub at: u64,
    /// As the user typed it (an address field's value stays dotted in what is said of it).
    pub typed: String,
}

/// The impairments of one direction.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub split: Option<Split>,
    pub gap: Duration,
    /// Frames per write (0 or 1: off).
    pub coalesce: usize,
    pub hold: Duration,
    pub delay: Duration,
    pub jitter: Duration,
    /// Bytes per second.
    pub rate: Option<u64>,
    /// After the Nth frame of this direction is delivered.
    pub ends: Vec<(EndKind, u64)>,
    pub corrupt: Option<Corrupt>,
}

impl Plan {
    /// Does this plan work on whole frames (split, coalesce, corrupt, end after N frames)?
    /// Otherwise bytes pass as they were read, only timed.
    pub fn cuts_frames(&self) -> bool {
        self.split.is_some() || self.coalesce > 1 || self.corrupt.is_some() || !self.ends.is_empty()
    }

    /// Are writes timed (`--delay`, `--jitter`, `--rate`): a write that waits is noted.
    fn timed(&self) -> bool {
        !self.delay.is_zero() || !self.jitter.is_zero() || self.rate.is_some()
    }

    /// The least time between two pieces of a split frame, and after its last piece.
    fn split_gap(&self) -> Duration {
        if self.split.is_some() {
            self.gap
        } else {
            Duration::ZERO
        }
    }

    pub fn is_clean(&self) -> bool {
        self.split.is_none()
            && self.coalesce <= 1
            && self.delay.is_zero()
            && self.jitter.is_zero()
            && self.rate.is_none()
            && self.ends.is_empty()
            && self.corrupt.is_none()
    }
}

/// What a lane tells its caller to print.
#[derive(Debug)]
pub enum Event {
    /// A frame as it came, decoded (`bytes`: all of it, or its start for a long one); `short`:
    /// its short form for a diagram, where it has one; `who`: the sender it names (a msg OI's
    /// `emitter 1`, a chat USER's `peer Ana`).
    Frame {
        line: String,
        bytes: Vec<u8>,
        short: Option<String>,
        who: Option<String>,
    },
    /// Bytes that are not a frame, with why.
    Bytes {
        why: ProxyText,
        bytes: Vec<u8>,
    },
    Note(ProxyText),
    /// What `check` would say about a frame or bytes.
    Hint(String),
}

/// A write to make at `due`; `then` ends the connection once it is written.
#[derive(Debug)]
pub struct Piece {
    pub due: Instant,
    pub bytes: Vec<u8>,
    pub off: usize,
    pub then: Option<EndKind>,
    /// `--split`: the least time between this piece written and the next one.
    pub gap: Duration,
}

/// A tiny seeded generator (splitmix64): the jitter of a run is reproducible with `--seed`.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the caller does with a whole frame before it is planned: new bytes to send instead
/// (an address rewritten), and what to say about it.
#[derive(Debug, Default)]
pub struct Rewrite {
    pub bytes: Option<Vec<u8>>,
    pub note: Option<ProxyText>,
}

/// The caller's look at each whole frame as it comes (decoded first, as it came).
pub type Rewriter<'a> = &'a mut dyn FnMut(&[u8]) -> Rewrite;

/// A frame (or bytes that are not one) under a frame-level impairment, waiting to be planned:
/// held until `--coalesce` has its count or its hold is over, else released at once. Its
/// bytes, its field cuts, its label.
struct Held {
    bytes: Vec<u8>,
    cuts: Vec<usize>,
    label: String,
}

pub struct Lane {
    proto: Proto,
    lang: Lang,
    /// Where the bytes go.
    pub to: Side,
    plan: Option<Plan>,
    rng: Rng,
    buf: Vec<u8>,
    /// Bytes of a long frame still to pass unshown.
    passing: usize,
    /// Framing is lost (bytes that are not a frame came): the rest is forwarded as it comes.
    lost: bool,
    /// Frames seen so far.
    pub frames: u64,
    held: Vec<Held>,
    held_since: Option<Instant>,
    /// Chat: when the last bytes of an unterminated line came.
    partial_since: Option<Instant>,
    pub out: VecDeque<Piece>,
    /// Bytes in `out` and `held`.
    queued: usize,
    last_due: Option<Instant>,
    rate_free: Option<Instant>,
    /// An end was scheduled: nothing more is read from the source.
    pub ending: bool,
    /// The source ended (or the lane was half-closed): nothing more comes.
    pub finished: bool,
    pub events: Vec<Event>,
    /// Bytes forwarded as they come (no frame-level impairment).
    streams: bool,
    /// Streaming: how many bytes at the start of `buf` have been forwarded (or replaced).
    sent: usize,
    /// Streaming: what this read forwards so far, where a frame in it was rewritten (else the
    /// read's bytes go straight from `buf`).
    pending: Vec<u8>,
    /// Streaming, timed: the labels of the frames completed by this read (for the delay note).
    labels: Vec<String>,
    /// A diagram is drawn: each frame gets its short form and the sender it names.
    diagram: bool,
    /// Streaming: does an incomplete frame starting so have to be held until whole (it may be
    /// rewritten)?
    hold: Option<fn(&[u8]) -> bool>,
}

impl Lane {
    /// A lane toward `to`; `diagram`: a diagram is drawn (its frames' short forms are made).
    pub fn new(
        proto: Proto,
        lang: Lang,
        to: Side,
        plan: Option<Plan>,
        seed: u64,
        diagram: bool,
    ) -> Lane {
        let streams = plan.as_ref().is_none_or(|p| !p.cuts_frames());
        Lane {
            streams,
            diagram,
            sent: 0,
            pending: Vec::new(),
            labels: Vec::new(),
            hold: None,
            proto,
            lang,
            to,
            plan: plan.filter(|p| !p.is_clean()),
            rng: Rng::new(seed),
            buf: Vec::new(),
            passing: 0,
            lost: false,
            frames: 0,
            held: Vec::new(),
            held_since: None,
            partial_since: None,
            out: VecDeque::new(),
            queued: 0,
            last_due: None,
            rate_free: None,
            ending: false,
            finished: false,
            events: Vec::new(),
        }
    }

    /// The frames this lane's caller may rewrite start so (`hold` says it of a frame's first
    /// bytes): when bytes pass as they come, the rest of such a frame is held until it is whole.
    pub fn holding(mut self, hold: fn(&[u8]) -> bool) -> Lane {
        self.hold = Some(hold);
        self
    }

    /// Should the source not be read now (enough waits to be written, or framed)?
    pub fn full(&self) -> bool {
        self.queued >= OUT_CAP || self.buf.len() >= FRAME_CAP || self.ending || self.finished
    }

    /// Nothing held or waiting to be written.
    pub fn drained(&self) -> bool {
        self.out.is_empty() && self.held.is_empty()
    }

    /// `n` bytes of the front piece were written at `now`; the piece, once all of it was
    /// (the next one then waits the split's gap from now at least).
    pub fn wrote(&mut self, n: usize, now: Instant) -> Option<Piece> {
        let front = self.out.front_mut()?;
        front.off += n;
        self.queued -= n;
        if front.off < front.bytes.len() {
            return None;
        }
        let done = self.out.pop_front()?;
        if let Some(next) = self.out.front_mut() {
            next.due = next.due.max(now + done.gap);
        }
        Some(done)
    }

    /// When this lane next has something to do by itself: a piece falls due, held frames go.
    pub fn next_time(&self) -> Option<Instant> {
        let held = self
            .held_since
            .zip(self.plan.as_ref())
            .map(|(t, p)| t + p.hold);
        let front = self.out.front().map(|p| p.due);
        let partial = self.partial_since.map(|t| t + CHAT_PAUSE);
        [held, front, partial].into_iter().flatten().min()
    }

    /// Bytes read from the source.
    pub fn feed(&mut self, data: &[u8], now: Instant) {
        self.feed_with(data, now, &mut |_| Rewrite::default());
    }

    /// Bytes read from the source, each whole frame shown to `rewrite` first (the reactor
    /// rewrites the addresses it carries: a kv client's answer port, a chat peer's address).
    pub fn feed_with(&mut self, data: &[u8], now: Instant, rewrite: Rewriter<'_>) {
        if data.is_empty() {
            return;
        }
        self.buf.extend_from_slice(data);
        let mut at = 0;
        while at < self.buf.len() {
            if self.ending {
                // An end is scheduled after a frame before: what came after it is never
                // delivered (the peer gets what the notes say, no more).
                at = self.buf.len();
                break;
            }
            let rest = &self.buf[at..];
            if self.passing > 0 {
                let n = self.passing.min(rest.len());
                self.passing -= n;
                if !self.streams {
                    let chunk = rest[..n].to_vec();
                    self.release_raw(chunk, now);
                }
                at += n;
                continue;
            }
            if self.lost {
                let chunk = rest.to_vec();
                at = self.buf.len();
                let why = ProxyText::Undecodable {
                    proto: self.proto.name(),
                    bytes: chunk.len(),
                };
                self.not_frame(why, chunk, Vec::new(), now);
                break;
            }
            match frames::cut(self.proto, rest) {
                Cut::Frame(n) if n <= rest.len() => {
                    let frame = rest[..n].to_vec();
                    self.frame(frame, at, now, rewrite);
                    at += n;
                }
                Cut::Frame(n) if n > FRAME_CAP && rest.len() >= FRAME_CAP.min(4096) => {
                    // Show the start, let the rest pass as it comes.
                    let start = rest.to_vec();
                    at = self.buf.len();
                    self.passing = n - start.len();
                    self.long_frame(start, n, now);
                }
                Cut::Frame(_) | Cut::Need => {
                    if rest.len() >= FRAME_CAP {
                        let chunk = rest.to_vec();
                        at = self.buf.len();
                        let why = ProxyText::LongLine { bytes: chunk.len() };
                        self.not_frame(why, chunk, Vec::new(), now);
                    }
                    break;
                }
                Cut::Bad => {
                    let chunk = rest.to_vec();
                    at = self.buf.len();
                    self.lost = true;
                    let why = ProxyText::Undecodable {
                        proto: self.proto.name(),
                        bytes: chunk.len(),
                    };
                    let hints = frames::bad_hints(self.proto, &chunk, self.lang);
                    self.not_frame(why, chunk, hints, now);
                    break;
                }
            }
        }
        if self.streams {
            // What is left is the start of a frame: it goes now, unless it may be rewritten.
            let held = self
                .hold
                .is_some_and(|h| at < self.buf.len() && h(&self.buf[at..]));
            let upto = if held { at } else { self.buf.len() };
            self.forward(upto, now);
            self.sent -= at;
        }
        self.buf.drain(..at);
        let unterminated = self.proto == Proto::Chat && !self.buf.is_empty() && !self.lost;
        self.partial_since = unterminated.then_some(now);
    }

    /// Streaming: the bytes of `buf` up to `upto` not forwarded yet go, after what this read
    /// rewrote, as one write (timed as the plan says, if it says).
    fn forward(&mut self, upto: usize, now: Instant) {
        let chunk = if self.pending.is_empty() {
            // Nothing rewritten: the read's bytes, copied once.
            self.buf[self.sent.min(upto)..upto].to_vec()
        } else {
            let mut chunk = std::mem::take(&mut self.pending);
            if self.sent < upto {
                chunk.extend_from_slice(&self.buf[self.sent..upto]);
            }
            chunk
        };
        self.sent = self.sent.max(upto);
        if chunk.is_empty() {
            self.labels.clear();
            return;
        }
        if self.plan.is_none() {
            self.push_piece(chunk, now);
            return;
        }
        let len = chunk.len();
        let first = self.schedule(chunk, &[], None, now);
        if let Some(by) = self.waits(first, now) {
            let label = if self.labels.is_empty() {
                format!("{len} bytes")
            } else {
                self.labels.join(", ")
            };
            self.events
                .push(Event::Note(ProxyText::Delayed { label, by }));
        }
        self.labels.clear();
    }

    /// The source ended: what is left goes as it is, held frames go now.
    pub fn finish(&mut self, now: Instant) {
        self.end_source(now, false);
    }

    /// Nothing more comes from the source (`stopped`: because the proxy was stopped, not
    /// because the sender ended its stream): what is left goes as it is, held frames go now.
    fn end_source(&mut self, now: Instant, stopped: bool) {
        let cut = |bytes: usize| {
            if stopped {
                ProxyText::StoppedInFrame { bytes }
            } else {
                ProxyText::Truncated { bytes }
            }
        };
        self.finished = true;
        self.partial_since = None;
        if self.ending {
            // What is after the end is not delivered.
            self.buf.clear();
            return;
        }
        if self.streams {
            if !self.buf.is_empty() {
                self.events.push(Event::Bytes {
                    why: cut(self.buf.len()),
                    bytes: self.buf.clone(),
                });
            }
            self.forward(self.buf.len(), now);
            self.buf.clear();
            self.sent = 0;
            return;
        }
        if !self.buf.is_empty() {
            let rest = std::mem::take(&mut self.buf);
            self.events.push(Event::Bytes {
                why: cut(rest.len()),
                bytes: rest.clone(),
            });
            self.release_raw(rest, now);
        }
        self.release_held(now, false);
    }

    /// Time passed: held frames whose hold is over go alone.
    pub fn tick(&mut self, now: Instant) {
        self.tick_with(now, &mut |_| Rewrite::default());
    }

    /// Time passed: held frames whose hold is over go alone, and a chat line unterminated for
    /// [`CHAT_PAUSE`] goes as a frame (shown to `rewrite` first, as any frame).
    pub fn tick_with(&mut self, now: Instant, rewrite: Rewriter<'_>) {
        if let (Some(since), Some(plan)) = (self.held_since, self.plan.as_ref())
            && now >= since + plan.hold
        {
            self.release_held(now, true);
        }
        if let Some(since) = self.partial_since
            && now >= since + CHAT_PAUSE
        {
            self.partial_since = None;
            if !self.buf.is_empty() {
                let line = self.buf.clone();
                let n = line.len();
                self.frame(line, 0, now, rewrite);
                if self.streams {
                    self.forward(n, now);
                }
                self.buf.clear();
                self.sent = 0;
            }
        }
    }

    /// Ctrl-C: everything goes now, to be delivered before closing: what is held or timed,
    /// and the bytes read but not sent (a frame held to be rewritten, the start of a frame a
    /// frame-level impairment waits for the rest of) as they came, unrewritten, as
    /// [`Lane::finish`] sends them, told as stopped inside a frame. Once an end is scheduled,
    /// only what goes up to the piece that carries it.
    pub fn hurry(&mut self, now: Instant) {
        if !self.ending {
            self.end_source(now, true);
        }
        self.finished = true;
        for p in &mut self.out {
            p.due = now;
        }
        // Nothing goes after the piece that ends the connection.
        if let Some(i) = self.out.iter().position(|p| p.then.is_some()) {
            for p in self.out.drain(i + 1..) {
                self.queued -= p.bytes.len() - p.off;
            }
        }
    }

    /// The direction was ended (half-closed): nothing held or waiting is ever written.
    pub fn abandon(&mut self) {
        self.held.clear();
        self.held_since = None;
        self.out.clear();
        self.queued = 0;
        self.buf.clear();
        self.partial_since = None;
        self.finished = true;
    }

    /// A whole frame, at `at` in `buf`: shown, shown to `rewrite`, then (streaming) what of it
    /// was rewritten goes with this read's bytes, or (frame-level impairments) it is planned.
    fn frame(&mut self, mut bytes: Vec<u8>, at: usize, now: Instant, rewrite: Rewriter<'_>) {
        self.frames += 1;
        let n = self.frames;
        let shown = frames::show(self.proto, &bytes, self.lang, self.to);
        let (short, who) = if self.diagram {
            frames::diagram_label(self.proto, &bytes, self.lang)
        } else {
            (None, None)
        };
        let rw = rewrite(&bytes);
        if self.streams {
            if let Some(out) = &rw.bytes {
                // What went already of this frame (before it was known to be one to hold) is
                // the start of the rewritten frame too: the rest of it goes.
                let len = bytes.len();
                let gone = self.sent.saturating_sub(at).min(len);
                if self.sent < at {
                    self.pending.extend_from_slice(&self.buf[self.sent..at]);
                }
                self.pending.extend_from_slice(&out[gone.min(out.len())..]);
                self.sent = self.sent.max(at + len);
            }
            // Else its bytes go as they are, with the read's others.
            if self.plan.as_ref().is_some_and(Plan::timed) {
                self.labels.push(shown.label);
            }
            self.frame_events(shown.line, bytes, short, who, shown.hint, rw.note);
            return;
        }
        self.frame_events(shown.line, bytes.clone(), short, who, shown.hint, rw.note);
        if let Some(new) = rw.bytes {
            bytes = new;
        }
        let Some(plan) = self.plan.as_ref() else {
            self.push_piece(bytes, now);
            return;
        };
        let cuts = if plan.split == Some(Split::Field) {
            frames::field_cuts(self.proto, &bytes)
        } else {
            Vec::new()
        };
        let end = plan.ends.iter().find(|(_, k)| *k == n).map(|(e, _)| *e);
        let coalesce = plan.coalesce.max(1);
        if let Some(c) = plan.corrupt.clone().filter(|c| c.at == n) {
            self.corrupt(&mut bytes, &c, &shown.label);
        }
        self.hold_frame(bytes, cuts, shown.label);
        if end.is_some() {
            self.ending = true;
        }
        if self.held.len() >= coalesce || end.is_some() {
            self.release(now, end, false);
        } else if self.held_since.is_none() {
            self.held_since = Some(now);
        }
    }

    /// What a frame tells, in order: itself, its hint, the rewrite's note.
    fn frame_events(
        &mut self,
        line: String,
        bytes: Vec<u8>,
        short: Option<String>,
        who: Option<String>,
        hint: Option<String>,
        note: Option<ProxyText>,
    ) {
        self.events.push(Event::Frame {
            line,
            bytes,
            short,
            who,
        });
        if let Some(h) = hint {
            self.events.push(Event::Hint(h));
        }
        if let Some(note) = note {
            self.events.push(Event::Note(note));
        }
    }

    fn long_frame(&mut self, start: Vec<u8>, total: usize, now: Instant) {
        self.frames += 1;
        let shown = frames::show(self.proto, &start, self.lang, self.to);
        let (bytes, raw) = if self.streams {
            (start, None)
        } else {
            (start.clone(), Some(start))
        };
        self.events.push(Event::Frame {
            line: shown.line,
            bytes,
            short: None,
            who: None,
        });
        self.events
            .push(Event::Note(ProxyText::LongFrame { total }));
        if let Some(raw) = raw {
            self.release_raw(raw, now);
        }
    }

    /// Bytes that are not a frame, told with why and the hints they give, then sent (streaming:
    /// with the read's other bytes).
    fn not_frame(&mut self, why: ProxyText, bytes: Vec<u8>, hints: Vec<String>, now: Instant) {
        let raw = (!self.streams).then(|| bytes.clone());
        self.events.push(Event::Bytes { why, bytes });
        self.events.extend(hints.into_iter().map(Event::Hint));
        if let Some(raw) = raw {
            self.release_raw(raw, now);
        }
    }

    fn corrupt(&mut self, bytes: &mut [u8], c: &Corrupt, label: &str) {
        let found = frames::fields(self.proto, bytes)
            .into_iter()
            .find(|f| f.name == c.field);
        let Some(f) = found else {
            self.events.push(Event::Note(ProxyText::NoSuchField {
                label: label.to_string(),
                field: c.field.clone(),
            }));
            return;
        };
        let slot = &mut bytes[f.at..f.at + f.width];
        let from = slot.iter().fold(0u64, |v, &b| v << 8 | b as u64);
        let to = c.value & ((1u64 << (8 * f.width)) - 1);
        for (i, b) in slot.iter_mut().enumerate() {
            *b = (to >> (8 * (f.width - 1 - i))) as u8;
        }
        self.events.push(Event::Note(ProxyText::Corrupted {
            label: label.to_string(),
            field: c.field.clone(),
            from,
            to,
        }));
    }

    /// Bytes that are not a whole frame (undecodable, a long frame's rest, a stream's
    /// truncated end): after whatever is held, split by size if asked, never coalesced.
    fn release_raw(&mut self, bytes: Vec<u8>, now: Instant) {
        if self.streams {
            // Forwarded with the read's other bytes.
            return;
        }
        self.release_held(now, false);
        if self.plan.is_none() {
            self.push_piece(bytes, now);
        } else {
            let label = format!("{} bytes", bytes.len());
            self.hold_frame(bytes, Vec::new(), label);
            self.release(now, None, false);
        }
    }

    fn hold_frame(&mut self, bytes: Vec<u8>, cuts: Vec<usize>, label: String) {
        self.queued += bytes.len();
        self.held.push(Held { bytes, cuts, label });
    }

    fn release_held(&mut self, now: Instant, timed_out: bool) {
        if !self.held.is_empty() {
            self.release(now, None, timed_out);
        }
    }

    /// Turn what is held into timed pieces, telling each impairment applied.
    fn release(&mut self, now: Instant, end: Option<EndKind>, timed_out: bool) {
        let mut held = std::mem::take(&mut self.held);
        self.held_since = None;
        let count = held.len() as u64;
        let (split, coalesce, hold) = self
            .plan
            .as_ref()
            .map_or((None, 0, Duration::ZERO), |p| (p.split, p.coalesce, p.hold));
        let labels = held
            .iter()
            .map(|h| h.label.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        // The held bytes in one chunk, and where the frames in it and their fields start.
        let (chunk, fields) = if held.len() == 1 {
            let h = held.remove(0);
            (h.bytes, h.cuts)
        } else {
            let mut chunk = Vec::with_capacity(held.iter().map(|h| h.bytes.len()).sum());
            let mut cuts = Vec::new();
            for h in &held {
                let base = chunk.len();
                if base > 0 {
                    cuts.push(base);
                }
                cuts.extend(h.cuts.iter().map(|c| base + c));
                chunk.extend_from_slice(&h.bytes);
            }
            (chunk, cuts)
        };
        self.queued -= chunk.len();
        if count > 1 {
            self.events.push(Event::Note(ProxyText::Coalesced {
                labels: labels.clone(),
                bytes: chunk.len(),
            }));
        } else if timed_out && coalesce > 1 {
            self.events.push(Event::Note(ProxyText::Released {
                labels: labels.clone(),
                after: hold,
            }));
        }
        // Where the split cuts the chunk into pieces (offsets strictly inside, increasing).
        let cuts: Vec<usize> = match split {
            Some(Split::Bytes(k)) => (k.max(1)..chunk.len()).step_by(k.max(1)).collect(),
            Some(Split::Field) => {
                let mut last = 0;
                fields
                    .into_iter()
                    .filter(|&c| {
                        let inside = c > last && c < chunk.len();
                        last = last.max(c);
                        inside
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        if !cuts.is_empty() {
            let bounds: Vec<usize> = std::iter::once(0)
                .chain(cuts.iter().copied())
                .chain(std::iter::once(chunk.len()))
                .collect();
            let mut shown: Vec<String> = bounds
                .windows(2)
                .take(16)
                .map(|w| (w[1] - w[0]).to_string())
                .collect();
            if bounds.len() - 1 > 16 {
                shown.push("…".into());
            }
            self.events.push(Event::Note(ProxyText::Split {
                label: labels.clone(),
                sizes: shown.join("+"),
            }));
        }
        let first = self.schedule(chunk, &cuts, end, now);
        if let Some(by) = self.waits(first, now) {
            self.events
                .push(Event::Note(ProxyText::Delayed { label: labels, by }));
        }
    }

    /// Queue `chunk` as timed writes: cut at `cuts` (the split's pieces, the plan's `--gap`
    /// apart, and after the last one before what comes next), each piece in writes of at most
    /// a twentieth of a second's worth at `--rate`, none before what came first (TCP keeps
    /// order). `end` goes with the last write. Returns when the first is due.
    fn schedule(
        &mut self,
        mut chunk: Vec<u8>,
        cuts: &[usize],
        end: Option<EndKind>,
        now: Instant,
    ) -> Instant {
        let (delay, jitter, rate, gap) = self.plan.as_ref().map_or(
            (Duration::ZERO, Duration::ZERO, None, Duration::ZERO),
            |p| (p.delay, p.jitter, p.rate, p.split_gap()),
        );
        let jitter = if jitter.is_zero() {
            Duration::ZERO
        } else {
            jitter.mul_f64(self.rng.unit())
        };
        let mut due = now + delay + jitter;
        // A split frame's first piece waits the gap after the last piece of the frame before.
        if let Some(last) = self.last_due {
            due = due.max(last + gap);
        }
        let len = chunk.len();
        let most = rate.map(|r| (r as usize / 20).max(1));
        // One write of all of it: the chunk itself goes, uncopied.
        let whole = cuts.is_empty() && most.is_none_or(|m| len <= m);
        let mut first = None;
        let mut start = 0;
        for (i, stop) in cuts.iter().copied().chain(std::iter::once(len)).enumerate() {
            if i > 0 {
                due += gap;
            }
            let mut off = start;
            while off < stop {
                let size = most.map_or(stop - off, |m| (stop - off).min(m));
                if let Some(free) = self.rate_free {
                    due = due.max(free);
                }
                if let Some(rate) = rate {
                    self.rate_free = Some(due + Duration::from_secs_f64(size as f64 / rate as f64));
                }
                first.get_or_insert(due);
                self.last_due = Some(due);
                let last = off + size == len;
                let bytes = if whole {
                    std::mem::take(&mut chunk)
                } else {
                    chunk[off..off + size].to_vec()
                };
                self.queued += bytes.len();
                self.out.push_back(Piece {
                    due,
                    bytes,
                    off: 0,
                    then: if last { end } else { None },
                    // Only the end of a split piece waits the gap.
                    gap: if off + size == stop {
                        gap
                    } else {
                        Duration::ZERO
                    },
                });
                off += size;
            }
            start = stop;
        }
        first.unwrap_or(due)
    }

    /// How long a write first due at `first` waits, if the plan times writes and it is a
    /// millisecond or more (to be noted).
    fn waits(&self, first: Instant, now: Instant) -> Option<Duration> {
        let waited = first.saturating_duration_since(now);
        (self.plan.as_ref().is_some_and(Plan::timed) && waited >= Duration::from_millis(1))
            .then(|| Duration::from_millis(waited.as_millis() as u64))
    }

    /// An untimed write, due now.
    fn push_piece(&mut self, bytes: Vec<u8>, now: Instant) {
        if bytes.is_empty() {
            return;
        }
        self.queued += bytes.len();
        self.out.push_back(Piece {
            due: now,
            bytes,
            off: 0,
            then: None,
            gap: Duration::ZERO,
        });
    }
}

#[cfg(test)]
mod tests;
