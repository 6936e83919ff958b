//! Each display's lane: the frames waiting for it, sent one unacknowledged MSG at a time
//! (stop-and-wait), and the emitters waiting for room in it.
//!
//! ```text
//! emitter ──MSG──▶ room in the lane? ──yes──▶ items ──pump──▶ display ──OK──▶ next item
//!                        │ no                   ▲
//!                        ▼                      │ (when the lane is down to half, in order)
//!                  waiters: the emitter waits, not read, until its frame gets in
//! ```
//!
//! A lane holds at most `--queue` items, and nobody gets in while others wait (first come,
//! first served). A display that misses an ack deadline is *deaf*: from then on it is sent to
//! without waiting, as fast as its socket takes frames (at most [`IN_OUTBOX`] wait in its
//! connection's outbox, so its answers always have room), and its lane fills only when its
//! socket does not drain. A display that holds emitters back and takes nothing (no ack, nothing written) for
//! the stall deadline is dropped, with what waits only for it.

use std::cmp::Reverse;
use std::collections::VecDeque;
use std::time::Instant;

use super::server::Server;
use super::text::{MsgText, Why};
use super::wire::{self, Head, Msg, SERVER};
use crate::net::conn::ConnId;

/// Frames of a lane that may wait in the display's outbox (its socket is full).
const IN_OUTBOX: usize = 32;
/// ... and the outbox's backlog at which the lane sends more.
const REFILL: usize = 16;

/// What a lane item is.
#[derive(Clone, Copy, Debug)]
pub(super) enum Kind {
    /// A relayed MSG: answered by the display.
    Msg,
    /// An OKQEM: a response, not answered; its list is made when it is sent.
    List { ts: u32 },
    /// A relayed FLW: answered by the display; the answer goes to `emitter`.
    Stop { emitter: ConnId },
    /// The server's goodbye.
    Farewell,
}

/// A frame waiting in a lane.
pub(super) struct Item {
    pub seq: u32,
    pub frame: Vec<u8>,
    pub kind: Kind,
}

/// The frame a stop-and-wait display has not answered yet.
pub(super) struct Outstanding {
    pub seq: u32,
    /// Its orig (the emitter's id; 0 for the server's own FLW): an answer's expected dest.
    pub from: u16,
    /// Its delivery number (matches its ack deadline).
    pub number: u64,
    pub kind: Kind,
}

/// A FLW sent to a deaf display, whose answer is still awaited.
pub(super) struct StopWait {
    seq: u32,
    number: u64,
    emitter: ConnId,
    /// The asking emitter's id: the display's answer is addressed to it (a deaf display's
    /// late answers to MSGs may carry the same seq).
    asked_by: u16,
}

#[derive(Default)]
pub(super) struct Lane {
    pub items: VecDeque<Item>,
    pub outstanding: Option<Outstanding>,
    /// Deliveries so far (numbers the ack deadlines).
    delivered: u64,
    /// Missed an ack deadline: sent to without waiting from then on.
    deaf: bool,
    /// Emitters whose request waits for room here, first come first served.
    pub waiters: VecDeque<ConnId>,
    /// When a frame last left the lane (or it started holding someone back).
    moved: Option<Instant>,
    stops: Vec<StopWait>,
    /// The goodbye's FLW was sent.
    pub farewell_sent: bool,
    /// An answer with an odd field was noted (once per display).
    odd_noted: bool,
}

impl Lane {
    /// The server is shutting down: what the lane holds goes out without waiting for
    /// acknowledgements (like a deaf display's), so the goodbye's FLW right behind it leaves
    /// at once; an unacknowledged MSG holds nothing back any more.
    pub fn flush(&mut self) {
        self.outstanding = None;
        self.deaf = true;
    }
}

impl Server {
    /// May a new request be placed in display `d`'s lane now?
    pub(super) fn has_room(&self, d: u16) -> bool {
        let Some(c) = self.display(d) else {
            return false;
        };
        let lane = &self.clients[&c].lane;
        lane.items.len() < self.lane_limit && lane.waiters.is_empty()
    }

    /// Place a relayed MSG in the lane of display `h.dest` (which has room) and send what may
    /// be sent.
    pub(super) fn place_text(&mut self, c: ConnId, h: Head, text: &[u8]) {
        let mut frame = Vec::with_capacity(wire::HEADER + 2 + text.len());
        wire::encode_text(&h, text, &mut frame);
        self.place(c, h.seq, frame, Kind::Msg);
    }

    /// Place a frame that is not a MSG (FLW, OKQEM) in the lane of display connection `c`.
    pub(super) fn place_msg(&mut self, c: ConnId, m: &Msg, kind: Kind) {
        let frame = match kind {
            Kind::List { .. } => Vec::new(), // made when sent
            _ => m.to_bytes(),
        };
        self.place(c, m.head().seq, frame, kind);
    }

    fn place(&mut self, c: ConnId, seq: u32, frame: Vec<u8>, kind: Kind) {
        let cl = self.clients.get_mut(&c).expect("a registered display");
        cl.lane.items.push_back(Item { seq, frame, kind });
        self.pump(c);
    }

    /// Send what display connection `c` may be sent now: up to and including the next frame
    /// it must answer, or (deaf) as much as its outbox takes.
    fn pump(&mut self, c: ConnId) {
        loop {
            let Some(cl) = self.clients.get_mut(&c) else {
                return;
            };
            let lane = &mut cl.lane;
            if lane.items.is_empty() || (!lane.deaf && lane.outstanding.is_some()) {
                return;
            }
            if cl.conn.unsent() >= IN_OUTBOX {
                // The display's socket takes nothing more now: go on when it drained.
                if cl.conn.when_drained(REFILL) {
                    continue;
                }
                return;
            }
            let item = lane.items.pop_front().expect("not empty");
            let now = Instant::now();
            lane.moved = Some(now);
            let answered = matches!(item.kind, Kind::Msg | Kind::Stop { .. } | Kind::Farewell);
            if answered {
                lane.delivered += 1;
                let number = lane.delivered;
                if let Kind::Stop { emitter } = item.kind
                    && lane.deaf
                {
                    lane.stops.push(StopWait {
                        seq: item.seq,
                        number,
                        emitter,
                        // The relayed FLW's orig.
                        asked_by: u16::from_be_bytes([item.frame[2], item.frame[3]]),
                    });
                } else if !lane.deaf {
                    lane.outstanding = Some(Outstanding {
                        seq: item.seq,
                        from: u16::from_be_bytes([item.frame[2], item.frame[3]]),
                        number,
                        kind: item.kind,
                    });
                }
                self.acks.push_back((now + self.ack_timeout, c, number));
            }
            let frame = match item.kind {
                Kind::List { ts } => self.client_list(c, item.seq, ts),
                Kind::Farewell => {
                    cl.lane.farewell_sent = true;
                    item.frame
                }
                _ => item.frame,
            };
            // Traced as it leaves the lane, not when it joined it: a display that does not
            // acknowledge must not seem to receive what waits behind its outstanding frame.
            if self.log.tracing()
                && !matches!(item.kind, Kind::List { .. })
                && let Ok(m) = wire::decode(&mut &frame[..])
            {
                self.clients[&c].conn.trace_out(&m, &frame);
            }
            if !self.push(c, frame) {
                return;
            }
        }
    }

    /// The OKQEM for display connection `c`, answering the QEM `seq`/`ts`: every client
    /// registered now.
    fn client_list(&self, c: ConnId, seq: u32, ts: u32) -> Vec<u8> {
        let cl = &self.clients[&c];
        let m = Msg::Okqem(Head::new(SERVER, cl.id, seq, ts), self.registered_ids());
        let frame = m.to_bytes();
        cl.conn.trace_out(&m, &frame);
        frame
    }

    /// Let the emitters waiting for room in display connection `c` in, in order, once the
    /// lane is down to half (so a waiting emitter is resumed for a run of messages, not for
    /// each one). Returns whether anyone got in.
    fn serve(&mut self, c: ConnId) -> bool {
        let mut served = false;
        loop {
            let Some(cl) = self.clients.get_mut(&c) else {
                return served;
            };
            let d = cl.id;
            let len = cl.lane.items.len();
            if len >= self.lane_limit || (!served && len > self.lane_low) {
                return served;
            }
            let Some(e) = cl.lane.waiters.pop_front() else {
                return served;
            };
            if self.admit(e, c, d) {
                served = true;
            }
        }
    }

    /// The lane of display connection `c` moved (an answer, a drained outbox, deafness):
    /// send what may be sent and let waiting emitters in.
    pub(super) fn lane_moved(&mut self, c: ConnId) {
        self.pump(c);
        while self.serve(c) {
            self.pump(c);
        }
    }

    /// An OK (or ERRO) from display connection `c`: if the display has an outstanding frame
    /// (stop-and-wait: at most one), it answers that one, whatever its orig, dest and seq say
    /// (the connection says who sent it; an odd field is noted once), and the lane moves on;
    /// if it answers a relayed FLW sent to a deaf display, the emitter gets it. Anything else
    /// matches nothing and is ignored. Either way the connection is read on.
    pub(super) fn acked(&mut self, c: ConnId, h: Head, ok: bool) {
        let Some(cl) = self.clients.get_mut(&c) else {
            return;
        };
        let d = cl.id;
        let lane = &mut cl.lane;
        if let Some(o) = lane.outstanding.take() {
            let odd = if h.orig != d {
                Some(("orig", u32::from(h.orig), u32::from(d)))
            } else if h.dest != o.from && h.dest != SERVER {
                Some(("dest", u32::from(h.dest), u32::from(o.from)))
            } else if h.seq != o.seq {
                Some(("seq", h.seq, o.seq))
            } else {
                None
            };
            if let Some((field, got, expected)) = odd
                && !std::mem::replace(&mut lane.odd_noted, true)
            {
                let note = MsgText::OddAnswer {
                    display: d,
                    ok,
                    field,
                    got,
                    expected,
                };
                if self.log.verbose() {
                    self.log.debug(note);
                } else {
                    self.log.trace_note(self.clients[&c].conn.peer(), note);
                }
            }
            match o.kind {
                Kind::Stop { emitter } => self.stop_answered(emitter, d, ok),
                Kind::Msg if !ok => {
                    let peer = self.clients[&c].conn.peer();
                    self.warn_about(
                        peer,
                        MsgText::RefusedMessage {
                            display: d,
                            seq: h.seq,
                        },
                    );
                }
                _ => {}
            }
            self.lane_moved(c);
            return;
        }
        if let Some(i) = lane
            .stops
            .iter()
            .position(|s| s.seq == h.seq && s.asked_by == h.dest)
        {
            let s = lane.stops.swap_remove(i);
            self.stop_answered(s.emitter, d, ok);
            return;
        }
        self.log.debug(MsgText::Unmatched {
            display: d,
            ok,
            seq: h.seq,
        });
    }

    /// Ack deadline `n` of connection `c` passed. If its frame is still unanswered, the
    /// display is deaf from now on (logged once); a relayed FLW it did not answer is refused.
    pub(super) fn ack_due(&mut self, c: ConnId, n: u64) {
        let Some(cl) = self.clients.get_mut(&c) else {
            return;
        };
        let d = cl.id;
        let lane = &mut cl.lane;
        if lane.outstanding.as_ref().is_some_and(|o| o.number == n) {
            let o = lane.outstanding.take().expect("checked");
            lane.deaf = true;
            self.log.warn(MsgText::Deaf {
                display: d,
                after: self.ack_timeout,
            });
            if let Kind::Stop { emitter } = o.kind {
                self.stop_failed(emitter, d, Why::NoAnswer(d));
            }
            self.lane_moved(c);
        } else if let Some(i) = lane.stops.iter().position(|s| s.number == n) {
            let s = lane.stops.swap_remove(i);
            self.stop_failed(s.emitter, d, Why::NoAnswer(d));
        }
    }

    /// Schedule a stall check of connection `c` (a display holding emitters back, or a peer
    /// not reading its answers), unless one is scheduled.
    pub(super) fn arm_stall(&mut self, c: ConnId) {
        let Some(cl) = self.clients.get_mut(&c) else {
            return;
        };
        if !cl.stall_armed {
            cl.stall_armed = true;
            self.stalls
                .push(Reverse((Instant::now() + self.stall_timeout, c)));
        }
    }

    /// An emitter starts waiting for room in display connection `c`.
    pub(super) fn add_waiter(&mut self, c: ConnId, emitter: ConnId) {
        let Some(cl) = self.clients.get_mut(&c) else {
            return;
        };
        if cl.lane.waiters.is_empty() {
            // Holding someone back starts the stall clock.
            cl.lane.moved = Some(Instant::now());
        }
        cl.lane.waiters.push_back(emitter);
        self.arm_stall(c);
    }

    /// A stall check of connection `c` is due: drop it if it took no data for the whole
    /// stall deadline while holding emitters back (a display) or while its answers waited (any
    /// peer); otherwise check again when it could be.
    pub(super) fn stall_due(&mut self, c: ConnId, now: Instant) {
        let Some(cl) = self.clients.get_mut(&c) else {
            return;
        };
        cl.stall_armed = false;
        let wrote = cl.conn.last_write();
        let limit = self.stall_timeout;
        let mut next: Option<Instant> = None;
        if let Some(since) = cl.backed_up {
            let last = since.max(wrote);
            if now.duration_since(last) >= limit {
                let who = cl.who();
                self.log.warn(MsgText::NotReadingFor { who, after: limit });
                self.cut(c);
                return;
            }
            next = Some(last + limit);
        }
        if !cl.lane.waiters.is_empty() {
            let last = cl.lane.moved.unwrap_or(now).max(wrote);
            if now.duration_since(last) >= limit {
                let text = MsgText::Stalled {
                    display: cl.id,
                    after: limit,
                    waiting: cl.lane.items.len(),
                };
                self.log.warn(text);
                self.cut(c);
                return;
            }
            next = Some(next.map_or(last + limit, |n| n.min(last + limit)));
        }
        if let Some(due) = next {
            cl.stall_armed = true;
            self.stalls.push(Reverse((due, c)));
        }
    }

    /// Display `d` is gone (left or dropped), with its lane: the relayed FLWs it did not
    /// answer are refused, and the emitters waiting for room in it wait no more.
    pub(super) fn display_gone(&mut self, d: u16, lane: &mut Lane) {
        let mut stops: Vec<ConnId> = lane.stops.drain(..).map(|s| s.emitter).collect();
        if let Some(Outstanding {
            kind: Kind::Stop { emitter },
            ..
        }) = lane.outstanding.take()
        {
            stops.push(emitter);
        }
        stops.extend(lane.items.drain(..).filter_map(|i| match i.kind {
            Kind::Stop { emitter } => Some(emitter),
            _ => None,
        }));
        for e in stops {
            self.stop_failed(e, d, Why::WentAway(d));
        }
        for e in std::mem::take(&mut lane.waiters) {
            self.unwait(e, d);
        }
    }
}
