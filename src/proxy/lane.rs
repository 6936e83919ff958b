//! One direction of a proxied connection (client to server, or back), pure: bytes go in as they
//! were read, frames are cut and decoded as they complete (so however the sender wrote them),
//! and every decision is told as an [`Event`] for the caller to print. The caller does the
//! reading and writing and asks for no more bytes while [`Lane::full`] (bounded memory whatever
//! the peers do).
//!
//! What is written depends on the direction's [`Plan`]:
//! - **No frame-level impairment** (no split, coalesce, corrupt or end after N frames; see
//!   [`Plan::cuts_frames`]): bytes are forwarded as they were read, one write per read (the
//!   receiver sees the sender's boundaries as far as TCP keeps them: a client's split write
//!   stays split, so the proxy never hides a one-recv-per-message bug). Decoding runs alongside
//!   on a copy of the stream. `--delay`, `--jitter` and `--rate` still apply, to those chunks,
//!   in order. The one exception is a frame the caller rewrites (a kv client's ID with its
//!   answer port, a chat directory's `ADDR` answer with `--peers`): once the bytes so far are
//!   known to start such a frame (`[0, 4]`, `ADDR `; see [`Lane::holding`]), the rest of it is
//!   held until it is whole and then goes rewritten, in one write. The bytes before that point
//!   have gone already, and the rewrite keeps them. A chat line without its `\r\n` has gone
//!   as it came too; after [`CHAT_PAUSE`] it is decoded (and rewritten, if it was held) as whole.
//! - **A frame-level impairment**: frames are cut as they complete and each becomes timed
//!   pieces (split at its fields or every N bytes with `--gap` between every two pieces, also
//!   between the last piece of one frame and the first of the next; held and written together
//!   by `--coalesce`), so the receiver reads what the notes say.

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
    /// The frames this piece completes (for `--close-after` counts in the note).
    pub frames: u64,
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

/// A frame held by `--coalesce`: its bytes, its field cuts, its label.
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
    /// Streaming: what this read forwards (one write per read).
    pending: Vec<u8>,
    /// Streaming: the labels of the frames completed by this read (for the delay note).
    labels: Vec<String>,
    /// Streaming: does an incomplete frame starting so have to be held until whole (it may be
    /// rewritten)?
    hold: Option<fn(&[u8]) -> bool>,
}

impl Lane {
    pub fn new(proto: Proto, lang: Lang, to: Side, plan: Option<Plan>, seed: u64) -> Lane {
        let streams = plan.as_ref().is_none_or(|p| !p.cuts_frames());
        Lane {
            streams,
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
            let rest = &self.buf[at..];
            if self.passing > 0 {
                let n = self.passing.min(rest.len());
                let chunk = rest[..n].to_vec();
                self.passing -= n;
                at += n;
                self.release_raw(chunk, now);
                continue;
            }
            if self.lost {
                let chunk = rest.to_vec();
                at = self.buf.len();
                self.events.push(Event::Bytes {
                    why: ProxyText::Undecodable {
                        proto: self.proto.name(),
                        bytes: chunk.len(),
                    },
                    bytes: chunk.clone(),
                });
                self.release_raw(chunk, now);
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
                        self.events.push(Event::Bytes {
                            why: ProxyText::LongLine { bytes: chunk.len() },
                            bytes: chunk.clone(),
                        });
                        self.release_raw(chunk, now);
                    }
                    break;
                }
                Cut::Bad => {
                    let chunk = rest.to_vec();
                    at = self.buf.len();
                    self.lost = true;
                    self.events.push(Event::Bytes {
                        why: ProxyText::Undecodable {
                            proto: self.proto.name(),
                            bytes: chunk.len(),
                        },
                        bytes: chunk.clone(),
                    });
                    for h in frames::bad_hints(self.proto, &chunk, self.lang) {
                        self.events.push(Event::Hint(h));
                    }
                    self.release_raw(chunk, now);
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

    /// Streaming: the bytes of `buf` up to `upto` not forwarded yet go, with whatever this
    /// read forwards already, as one chunk (timed as the plan says).
    fn forward(&mut self, upto: usize, now: Instant) {
        if self.sent < upto {
            self.pending.extend_from_slice(&self.buf[self.sent..upto]);
            self.sent = upto;
        }
        let chunk = std::mem::take(&mut self.pending);
        let labels = std::mem::take(&mut self.labels);
        if chunk.is_empty() {
            return;
        }
        let label = if labels.is_empty() {
            format!("{} bytes", chunk.len())
        } else {
            labels.join(", ")
        };
        self.held.push(Held {
            bytes: chunk,
            cuts: Vec::new(),
            label,
        });
        self.release(now, None, false);
    }

    /// The source ended: what is left goes as it is, held frames go now.
    pub fn finish(&mut self, now: Instant) {
        self.finished = true;
        self.partial_since = None;
        if self.streams {
            if !self.buf.is_empty() {
                self.events.push(Event::Bytes {
                    why: ProxyText::Truncated {
                        bytes: self.buf.len(),
                    },
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
                why: ProxyText::Truncated { bytes: rest.len() },
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

    /// Everything held or timed goes now (Ctrl-C: deliver before closing).
    pub fn hurry(&mut self, now: Instant) {
        self.release_held(now, false);
        for p in &mut self.out {
            p.due = now;
        }
    }

    /// A whole frame, at `at` in `buf`: shown, shown to `rewrite`, then (streaming) its bytes
    /// not forwarded yet go with this read's, or (frame-level impairments) it is planned.
    fn frame(&mut self, mut bytes: Vec<u8>, at: usize, now: Instant, rewrite: Rewriter<'_>) {
        self.frames += 1;
        let n = self.frames;
        let shown = frames::show(self.proto, &bytes, self.lang, self.to);
        let (short, who) = frames::diagram_label(self.proto, &bytes, self.lang);
        self.events.push(Event::Frame {
            line: shown.line,
            bytes: bytes.clone(),
            short,
            who,
        });
        if let Some(h) = shown.hint {
            self.events.push(Event::Hint(h));
        }
        let rw = rewrite(&bytes);
        if let Some(note) = rw.note {
            self.events.push(Event::Note(note));
        }
        if self.streams {
            let n = bytes.len();
            // What went already of this frame (before it was known to be one to hold) is the
            // start of the rewritten frame too: the rest of it goes.
            let gone = self.sent.saturating_sub(at).min(n);
            if self.sent < at {
                self.pending.extend_from_slice(&self.buf[self.sent..at]);
            }
            let out = rw.bytes.as_deref().unwrap_or(&bytes);
            self.pending.extend_from_slice(&out[gone.min(out.len())..]);
            self.sent = self.sent.max(at + n);
            self.labels.push(shown.label);
            return;
        }
        if let Some(new) = rw.bytes {
            bytes = new;
        }
        let Some(plan) = self.plan.clone() else {
            self.push_piece(bytes, now, None, 1);
            return;
        };
        let cuts = if plan.split == Some(Split::Field) {
            frames::field_cuts(self.proto, &bytes)
        } else {
            Vec::new()
        };
        if let Some(c) = plan.corrupt.as_ref().filter(|c| c.at == n) {
            self.corrupt(&mut bytes, c, &shown.label);
        }
        let end = plan.ends.iter().find(|(_, k)| *k == n).map(|(e, _)| *e);
        self.held.push(Held {
            bytes,
            cuts,
            label: shown.label,
        });
        if end.is_some() {
            self.ending = true;
        }
        if self.held.len() >= plan.coalesce.max(1) || end.is_some() {
            self.release(now, end, false);
        } else if self.held_since.is_none() {
            self.held_since = Some(now);
        }
    }

    fn long_frame(&mut self, start: Vec<u8>, total: usize, now: Instant) {
        self.frames += 1;
        let shown = frames::show(self.proto, &start, self.lang, self.to);
        self.events.push(Event::Frame {
            line: shown.line,
            bytes: start.clone(),
            short: None,
            who: None,
        });
        self.events
            .push(Event::Note(ProxyText::LongFrame { total }));
        if !self.streams {
            self.release_raw(start, now);
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
        match self.plan.clone() {
            None => self.push_piece(bytes, now, None, 0),
            Some(_) => {
                self.held.push(Held {
                    label: format!("{} bytes", bytes.len()),
                    bytes,
                    cuts: Vec::new(),
                });
                self.release(now, None, false);
            }
        }
    }

    fn release_held(&mut self, now: Instant, timed_out: bool) {
        if !self.held.is_empty() {
            self.release(now, None, timed_out);
        }
    }

    /// Turn what is held into timed pieces, telling each impairment applied.
    fn release(&mut self, now: Instant, end: Option<EndKind>, timed_out: bool) {
        let plan = self.plan.clone().unwrap_or_default();
        let held = std::mem::take(&mut self.held);
        self.held_since = None;
        let count = held.len() as u64;
        let labels = held
            .iter()
            .map(|h| h.label.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut chunk = Vec::new();
        let mut cuts = Vec::new();
        for h in &held {
            let base = chunk.len();
            if base > 0 {
                cuts.push(base);
            }
            cuts.extend(h.cuts.iter().map(|c| base + c));
            chunk.extend_from_slice(&h.bytes);
        }
        if count > 1 {
            self.events.push(Event::Note(ProxyText::Coalesced {
                labels: labels.clone(),
                bytes: chunk.len(),
            }));
        } else if timed_out && plan.coalesce > 1 {
            self.events.push(Event::Note(ProxyText::Released {
                labels: labels.clone(),
                after: plan.hold,
            }));
        }
        // Where the chunk is cut into writes.
        let mut sizes: Vec<usize> = match plan.split {
            Some(Split::Bytes(k)) => (0..chunk.len())
                .step_by(k.max(1))
                .map(|s| (chunk.len() - s).min(k.max(1)))
                .collect(),
            Some(Split::Field) => {
                let mut out = Vec::new();
                let mut last = 0;
                for &c in cuts.iter().chain(std::iter::once(&chunk.len())) {
                    if c > last {
                        out.push(c - last);
                        last = c;
                    }
                }
                out
            }
            None => vec![chunk.len()],
        };
        if plan.split.is_some() && sizes.len() > 1 {
            let mut shown: Vec<String> = sizes.iter().take(16).map(|s| s.to_string()).collect();
            if sizes.len() > 16 {
                shown.push("…".into());
            }
            self.events.push(Event::Note(ProxyText::Split {
                label: labels.clone(),
                sizes: shown.join("+"),
            }));
        }
        // A rate is kept by writes of at most a twentieth of a second's worth.
        if let Some(rate) = plan.rate {
            let most = (rate as usize / 20).max(1);
            sizes = sizes
                .into_iter()
                .flat_map(|s| {
                    (0..s)
                        .step_by(most)
                        .map(move |o| (s - o).min(most))
                        .collect::<Vec<_>>()
                })
                .collect();
        }
        let jitter = if plan.jitter.is_zero() {
            Duration::ZERO
        } else {
            plan.jitter.mul_f64(self.rng.unit())
        };
        let mut due = now + plan.delay + jitter;
        // TCP keeps order: nothing is written before what came first; and a split frame's
        // first piece waits the gap after the last piece of the frame before.
        if let Some(last) = self.last_due {
            let gap = if plan.split.is_some() {
                plan.gap
            } else {
                Duration::ZERO
            };
            due = due.max(last + gap);
        }
        let first_due = due.max(self.rate_free.unwrap_or(due));
        let mut off = 0;
        let pieces = sizes.len();
        for (i, size) in sizes.into_iter().enumerate() {
            if i > 0 && plan.split.is_some() {
                due += plan.gap;
            }
            if let Some(free) = self.rate_free {
                due = due.max(free);
            }
            if let Some(rate) = plan.rate {
                self.rate_free = Some(due + Duration::from_secs_f64(size as f64 / rate as f64));
            }
            let last = i + 1 == pieces;
            self.last_due = Some(due);
            let bytes = chunk[off..off + size].to_vec();
            off += size;
            self.queued += bytes.len();
            self.out.push_back(Piece {
                due,
                bytes,
                off: 0,
                then: if last { end } else { None },
                frames: if last { count } else { 0 },
                gap: if plan.split.is_some() {
                    plan.gap
                } else {
                    Duration::ZERO
                },
            });
        }
        let waited = first_due.saturating_duration_since(now);
        let timed = !plan.delay.is_zero() || !plan.jitter.is_zero() || plan.rate.is_some();
        if timed && waited >= Duration::from_millis(1) {
            self.events.push(Event::Note(ProxyText::Delayed {
                label: labels,
                by: Duration::from_millis(waited.as_millis() as u64),
            }));
        }
    }

    fn push_piece(&mut self, bytes: Vec<u8>, now: Instant, then: Option<EndKind>, frames: u64) {
        if bytes.is_empty() {
            return;
        }
        self.queued += bytes.len();
        self.out.push_back(Piece {
            due: now,
            bytes,
            off: 0,
            then,
            frames,
            gap: Duration::ZERO,
        });
    }
}

#[cfg(test)]
mod tests;
