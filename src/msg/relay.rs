//! What emitters ask the server: MSG (to one display or all), QEM, and FLW to a display.
//!
//! A request is placed at once in the lane of every display with room, and answered OK (an
//! OK always means placed in a lane). Where a lane is full, the request *waits*
//! ([`Pending`]): the emitter is stopped (not read; what it already sent is set aside in
//! order) until every full lane it feeds has let it in, then it is answered and goes on. A relayed FLW is answered with
//! the display's own answer, so the emitter waits for that too. One request at a time per
//! emitter keeps its frames in order in every lane and its answers in the order it asked.

use super::lanes::Kind;
use super::server::Server;
use super::text::{MsgText, Why};
use super::timestamp;
use super::wire::{Head, MAX_TEXT, Msg, SERVER};
use crate::net::conn::ConnId;

/// What a waiting request delivers.
pub(super) enum Req {
    /// A MSG; `ts` is the relay's timestamp (when the server received it).
    Text { text: Vec<u8>, ts: u32 },
    /// A QEM: an OKQEM to the display.
    List,
    /// A FLW to a display.
    Stop,
}

/// An emitter's request that is not answered yet.
pub(super) struct Pending {
    /// As the emitter sent it (the answer echoes its seq and timestamp).
    pub head: Head,
    pub req: Req,
    /// Displays whose full lanes it still waits to get into.
    pub waiting: Vec<u16>,
    /// Placed in at least one display's lane.
    pub placed: bool,
    /// A FLW placed in this display's lane, whose answer is awaited.
    pub answer_from: Option<u16>,
}

impl Pending {
    /// The frame as the display receives it, built from the request.
    fn message(&self, d: u16) -> Msg {
        let h = self.head;
        match &self.req {
            Req::Text { text, ts } => Msg::Msg(Head::new(h.orig, d, h.seq, *ts), text.clone()),
            Req::List => Msg::Okqem(h.answer(SERVER, d), Vec::new()),
            Req::Stop => Msg::Flw(Head::new(h.orig, d, h.seq, timestamp())),
        }
    }

    /// The request, as the log names it when it is refused.
    fn asked(&self) -> Msg {
        match self.req {
            Req::Text { .. } => Msg::Msg(self.head, Vec::new()),
            Req::List => Msg::Qem(self.head),
            Req::Stop => Msg::Flw(self.head),
        }
    }
}

impl Server {
    /// MSG from emitter connection `c`: to every display (`dest` 0) or to one. `long`: the
    /// length of a text too long to have been kept.
    pub(super) fn relay(&mut self, c: ConnId, h: Head, text: &[u8], long: Option<usize>) {
        let from = h.orig;
        let len = long.unwrap_or(text.len());
        if len == 0 || len > MAX_TEXT {
            self.refuse(c, &Msg::Msg(h, Vec::new()), Why::TextSize(len));
            return;
        }
        // The relay's timestamp: when the server received it.
        let ts = timestamp();
        if h.dest == 0 {
            let mut all = std::mem::take(&mut self.scratch);
            all.clear();
            all.extend(self.displays.iter().copied());
            let mut waiting = Vec::new();
            let mut placed = false;
            for &d in &all {
                match self.display(d) {
                    Some(dc) if self.has_room(d) => {
                        self.place_text(dc, Head::new(from, d, h.seq, ts), text);
                        placed = true;
                    }
                    Some(_) => waiting.push(d),
                    None => {} // dropped meanwhile
                }
            }
            self.scratch = all;
            if !waiting.is_empty() {
                let req = Req::Text {
                    text: text.to_vec(),
                    ts,
                };
                self.wait(c, h, req, waiting, placed);
                return;
            }
        } else {
            let Some(dc) = self.display(h.dest) else {
                self.refuse(c, &Msg::Msg(h, Vec::new()), Why::NotConnected(h.dest));
                return;
            };
            if !self.has_room(h.dest) {
                let req = Req::Text {
                    text: text.to_vec(),
                    ts,
                };
                self.wait(c, h, req, vec![h.dest], false);
                return;
            }
            self.place_text(dc, Head::new(from, h.dest, h.seq, ts), text);
        }
        self.log.event(format_args!(
            "relay MSG seq={} from={from} to={}",
            h.seq,
            if h.dest == 0 { "all" } else { "one" }
        ));
        self.answer(c, Msg::Ok(h.answer(SERVER, from)));
    }

    /// QEM from emitter connection `c`: display `h.dest` will show the client list.
    pub(super) fn qem(&mut self, c: ConnId, h: Head) {
        let Some(dc) = self.display(h.dest) else {
            self.refuse(c, &Msg::Qem(h), Why::NotConnected(h.dest));
            return;
        };
        if !self.has_room(h.dest) {
            self.wait(c, h, Req::List, vec![h.dest], false);
            return;
        }
        let list = Msg::Okqem(h.answer(SERVER, h.dest), Vec::new());
        self.place_msg(dc, &list, Kind::List { ts: h.ts });
        self.answer(c, Msg::Ok(h.answer(SERVER, h.orig)));
    }

    /// FLW(dest=D) from emitter connection `c`: relayed to display D through its lane (it
    /// must not overtake the messages waiting for D), which decides (owner rule); the emitter
    /// waits for D's answer.
    pub(super) fn stop_display(&mut self, c: ConnId, h: Head) {
        let Some(dc) = self.display(h.dest) else {
            self.refuse(c, &Msg::Flw(h), Why::NotConnected(h.dest));
            return;
        };
        self.log.debug(MsgText::AsksToStop {
            emitter: h.orig,
            display: h.dest,
        });
        if !self.has_room(h.dest) {
            self.wait(c, h, Req::Stop, vec![h.dest], false);
            return;
        }
        let p = Pending {
            head: h,
            req: Req::Stop,
            waiting: Vec::new(),
            placed: true,
            answer_from: Some(h.dest),
        };
        let m = p.message(h.dest);
        let cl = self.clients.get_mut(&c).expect("the asking emitter");
        cl.pending = Some(p);
        cl.conn.pause();
        self.place_msg(dc, &m, Kind::Stop { emitter: c });
    }

    /// Emitter connection `c` waits with its request for room in the lanes of `waiting`.
    fn wait(&mut self, c: ConnId, head: Head, req: Req, waiting: Vec<u16>, placed: bool) {
        for &d in &waiting {
            if let Some(dc) = self.display(d) {
                self.add_waiter(dc, c);
            }
        }
        let cl = self.clients.get_mut(&c).expect("the asking emitter");
        cl.pending = Some(Pending {
            head,
            req,
            waiting,
            placed,
            answer_from: None,
        });
        cl.conn.pause();
    }

    /// Room in display connection `dc` (display `d`) for waiting emitter `e`: its request
    /// gets in; once in every lane it waited for, it is answered. Returns whether it got in
    /// (false: the emitter or its request is gone).
    pub(super) fn admit(&mut self, e: ConnId, dc: ConnId, d: u16) -> bool {
        let Some(p) = self.clients.get_mut(&e).and_then(|cl| cl.pending.as_mut()) else {
            return false;
        };
        let Some(i) = p.waiting.iter().position(|&w| w == d) else {
            return false;
        };
        p.waiting.swap_remove(i);
        p.placed = true;
        let m = p.message(d);
        let kind = match p.req {
            Req::Text { .. } => None,
            Req::List => Some(Kind::List { ts: p.head.ts }),
            Req::Stop => {
                p.answer_from = Some(d);
                Some(Kind::Stop { emitter: e })
            }
        };
        let done = p.waiting.is_empty();
        match (kind, m) {
            (None, Msg::Msg(h, text)) => self.place_text(dc, h, &text),
            (Some(kind), m) => self.place_msg(dc, &m, kind),
            (None, _) => unreachable!("a text request makes a MSG"),
        }
        if done {
            self.settle(e);
        }
        true
    }

    /// Display `d` went away while emitter `e` waited for room in it.
    pub(super) fn unwait(&mut self, e: ConnId, d: u16) {
        let Some(p) = self.clients.get_mut(&e).and_then(|cl| cl.pending.as_mut()) else {
            return;
        };
        let Some(i) = p.waiting.iter().position(|&w| w == d) else {
            return;
        };
        p.waiting.swap_remove(i);
        if p.waiting.is_empty() {
            self.settle(e);
        }
    }

    /// Emitter `e`'s request waits for no lane any more: answer it (OK if it was placed
    /// in any lane; a FLW waits on for the display's answer) and go on.
    fn settle(&mut self, e: ConnId) {
        let Some(cl) = self.clients.get_mut(&e) else {
            return;
        };
        let Some(p) = cl.pending.as_ref() else {
            return;
        };
        if p.answer_from.is_some() {
            return; // a FLW in the display's lane: its answer is awaited
        }
        let p = cl.pending.take().expect("checked");
        if p.placed {
            self.answer(e, Msg::Ok(p.head.answer(SERVER, p.head.orig)));
        } else {
            self.refuse(e, &p.asked(), Why::WentAway(p.head.dest));
        }
        self.go_on(e);
    }

    /// Display `d` answered the FLW of emitter `e`: the emitter gets the display's own
    /// answer (orig = the display).
    pub(super) fn stop_answered(&mut self, e: ConnId, d: u16, ok: bool) {
        let Some(cl) = self.clients.get_mut(&e) else {
            return; // the emitter left meanwhile
        };
        if cl.pending.as_ref().is_none_or(|p| p.answer_from != Some(d)) {
            return;
        }
        let p = cl.pending.take().expect("checked");
        let peer = cl.conn.peer();
        let h = Head::new(d, p.head.orig, p.head.seq, p.head.ts);
        if ok {
            self.log.debug(MsgText::AgreedToStop { display: d });
            self.answer(e, Msg::Ok(h));
        } else {
            self.info_about(
                peer,
                MsgText::RefusedToStop {
                    display: d,
                    emitter: p.head.orig,
                },
            );
            self.answer(e, Msg::Erro(h));
        }
        self.go_on(e);
    }

    /// The FLW of emitter `e` to display `d` got no answer (`why`): the server refuses it.
    pub(super) fn stop_failed(&mut self, e: ConnId, d: u16, why: Why) {
        let Some(cl) = self.clients.get_mut(&e) else {
            return;
        };
        if cl.pending.as_ref().is_none_or(|p| p.answer_from != Some(d)) {
            return;
        }
        let p = cl.pending.take().expect("checked");
        self.refuse(e, &p.asked(), why);
        self.go_on(e);
    }
}
