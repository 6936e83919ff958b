//! The msg cell: Figure 1's steps (the demo's, src/demo/msg.rs) with one display, one emitter
//! and one server, the proxy between the clients and the server. The client under test plays
//! its role, netlab's own client the other. Steps: the display registers; the emitter
//! registers; a broadcast text, relayed to the display, shown by it and OK'd to the emitter; a
//! unicast to the display, the same; a QEM (when the emitter has one), the list reaching the
//! display and shown; the emitter's goodbye (FLW), OK'd.
//!
//! What each step waits for is a list of [`Want`]s, judged on the proxy's trace (the frames'
//! bytes, decoded again here) and the display's stdout; the first one unmet names the frame
//! that went wrong and whose it was.

use std::time::{Duration, Instant};

use super::bench::{self, DeadServers, Started};
use super::trace::{self, Dir, Event};
use super::{Blame, Cell, Failed, Plan, Setup};
use crate::check::client::process::{Client, Out};
use crate::check::client::{STARTUP, has_number};
use crate::grade::text::GradeText;
use crate::msg::wire::{self, Msg};
use crate::term::text::Text;

/// The texts of the scenario: the demo's.
const TO_ALL: &str = "Ob-la-di";
const TO_ONE: &str = "Ob-la-da";
/// The ids asked for (`{id}`); a client may take another, read from its OI.
const DISPLAY_ID: u16 = 1001;
const EMITTER_ID: u16 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Display,
    Emitter,
}

impl Who {
    fn role(self) -> &'static str {
        match self {
            Who::Display => "display",
            Who::Emitter => "emitter",
        }
    }
}

/// What a step waits for.
enum Want {
    /// A frame on `who`'s connection, going `dir`, that `test` accepts; `label` is what was
    /// expected, as the report says it.
    Frame {
        who: Who,
        dir: Dir,
        label: String,
        test: Box<dyn Fn(&Msg) -> bool>,
    },
    /// The display's stdout, from byte `from` on, shows `text` (or the number `id`).
    Shows { from: usize, text: Show },
}

enum Show {
    Text(&'static str),
    Id(u16),
}

/// The cell as it runs.
struct Run<'a> {
    setup: &'a Setup<'a>,
    plan: &'a Plan,
    proxy: &'a Client,
    /// Where the proxy listens: where the clients connect.
    at: std::net::SocketAddr,
    display: Option<Started>,
    emitter: Option<Started>,
    /// Their connections' numbers in the trace.
    d_conn: Option<u32>,
    e_conn: Option<u32>,
    d_id: u16,
    e_id: u16,
}

/// The steps' names, in order.
fn steps(lang: crate::term::text::Lang) -> Vec<String> {
    (0..6).map(|i| GradeText::MsgStep(i).render(lang)).collect()
}

pub fn run(setup: &Setup, plan: &Plan, dead: &DeadServers) -> Cell {
    let mut cell = Cell::new(plan, &steps(setup.lang));
    let Some((server, proxy, at)) = super::open(setup, plan, dead, &mut cell) else {
        return cell;
    };
    let mut run = Run {
        setup,
        plan,
        proxy: &proxy,
        at,
        display: None,
        emitter: None,
        d_conn: None,
        e_conn: None,
        d_id: DISPLAY_ID,
        e_id: EMITTER_ID,
    };
    cell.run_steps(setup, &proxy, |i, mark| run.step(i, mark));
    drop(run);
    drop(proxy);
    drop(server);
    cell
}

fn owner(setup: &Setup, party: &Option<super::Party>, role: &str) -> String {
    super::owner(setup.lang, party, role)
}

/// The frame in `bytes`, when they are exactly one.
fn decode(bytes: &[u8]) -> Option<Msg> {
    let mut r = bytes;
    wire::decode(&mut r).ok().filter(|_| r.is_empty())
}

impl Run<'_> {
    fn party(&self, who: Who) -> &Option<super::Party> {
        if who.role() == self.plan.role {
            &self.plan.client
        } else {
            &None
        }
    }

    fn blame(&self, who: Who) -> Blame {
        if who.role() == self.plan.role {
            Blame::Client
        } else {
            Blame::Netlab
        }
    }

    fn started(&self, who: Who) -> Option<&Started> {
        match who {
            Who::Display => self.display.as_ref(),
            Who::Emitter => self.emitter.as_ref(),
        }
    }

    fn conn(&self, who: Who) -> Option<u32> {
        match who {
            Who::Display => self.d_conn,
            Who::Emitter => self.e_conn,
        }
    }

    /// Start `who` against the proxy.
    fn start(&mut self, who: Who, id: u16) -> Result<(), Failed> {
        let at = self.at;
        let started = bench::client(
            self.setup,
            self.party(who),
            who.role(),
            at,
            &[("id", id.to_string())],
        )
        .map_err(|why| Failed {
            blame: self.blame(who),
            whose: owner(self.setup, self.party(who), who.role()),
            frame: GradeText::NoFrameAtAll.render(self.setup.lang),
            why,
        })?;
        match who {
            Who::Display => self.display = Some(started),
            Who::Emitter => self.emitter = Some(started),
        }
        Ok(())
    }

    /// Type `action` on the emitter; `false` when it has no such action.
    fn type_action(&mut self, action: &str, fill: &[(&str, String)]) -> bool {
        let Some(e) = self.emitter.as_mut() else {
            return false;
        };
        match bench::say(e, action, fill) {
            Some(line) => {
                e.client.type_line(&line);
                true
            }
            None => false,
        }
    }

    /// Run step `i`: `Ok(false)` when the client has no way to do it (a QEM the rubric does
    /// not name).
    fn step(&mut self, i: usize, mark: usize) -> Result<bool, Failed> {
        let lang = self.setup.lang;
        let timeout = self.setup.timeout;
        let shown_from = |r: &Run| {
            r.display
                .as_ref()
                .map_or(0, |d| d.client.total(Out::Stdout))
        };
        let frame =
            |who: Who, dir: Dir, label: String, test: Box<dyn Fn(&Msg) -> bool>| Want::Frame {
                who,
                dir,
                label,
                test,
            };
        let ok = || -> Box<dyn Fn(&Msg) -> bool> { Box::new(|m| matches!(m, Msg::Ok(_))) };
        match i {
            0 => {
                self.start(Who::Display, DISPLAY_ID)?;
                let wants = vec![
                    frame(
                        Who::Display,
                        Dir::ToServer,
                        GradeText::WantOi { display: true }.render(lang),
                        Box::new(|m| matches!(m, Msg::Oi(h) if wire::DISPLAYS.contains(&h.orig))),
                    ),
                    frame(Who::Display, Dir::ToClient, "OK".into(), ok()),
                ];
                self.judge(mark, wants, timeout + STARTUP)?;
                self.d_id = self.first_oi(Who::Display, mark).unwrap_or(DISPLAY_ID);
                Ok(true)
            }
            1 => {
                self.start(Who::Emitter, EMITTER_ID)?;
                let wants = vec![
                    frame(
                        Who::Emitter,
                        Dir::ToServer,
                        GradeText::WantOi { display: false }.render(lang),
                        Box::new(|m| matches!(m, Msg::Oi(h) if wire::EMITTERS.contains(&h.orig))),
                    ),
                    frame(Who::Emitter, Dir::ToClient, "OK".into(), ok()),
                ];
                self.judge(mark, wants, timeout + STARTUP)?;
                self.e_id = self.first_oi(Who::Emitter, mark).unwrap_or(EMITTER_ID);
                Ok(true)
            }
            2 | 3 => {
                let (text, dest) = if i == 2 {
                    (TO_ALL, 0)
                } else {
                    (TO_ONE, self.d_id)
                };
                let from = shown_from(self);
                let (action, fill) = if i == 2 {
                    ("broadcast", vec![("text", text.to_string())])
                } else {
                    (
                        "unicast",
                        vec![("dest", dest.to_string()), ("text", text.to_string())],
                    )
                };
                self.type_action(action, &fill);
                let is_text =
                    move |m: &Msg| matches!(m, Msg::Msg(_, t) if t.as_slice() == text.as_bytes());
                let wants = vec![
                    frame(
                        Who::Emitter,
                        Dir::ToServer,
                        format!("MSG dest={dest} \"{text}\""),
                        Box::new(move |m| is_text(m) && m.head().dest == dest),
                    ),
                    frame(
                        Who::Display,
                        Dir::ToClient,
                        format!("MSG \"{text}\""),
                        Box::new(is_text),
                    ),
                    frame(Who::Display, Dir::ToServer, "OK".into(), ok()),
                    frame(Who::Emitter, Dir::ToClient, "OK".into(), ok()),
                    Want::Shows {
                        from,
                        text: Show::Text(text),
                    },
                ];
                self.judge(mark, wants, timeout).map(|()| true)
            }
            4 => {
                let d_id = self.d_id;
                let e_id = self.e_id;
                let from = shown_from(self);
                if !self.type_action("qem", &[("dest", d_id.to_string())]) {
                    return Ok(false);
                }
                let wants = vec![
                    frame(
                        Who::Emitter,
                        Dir::ToServer,
                        format!("QEM dest={d_id}"),
                        Box::new(move |m| matches!(m, Msg::Qem(h) if h.dest == d_id)),
                    ),
                    frame(
                        Who::Display,
                        Dir::ToClient,
                        format!("OKQEM [{e_id}, {d_id}]"),
                        Box::new(
                            move |m| matches!(m, Msg::Okqem(_, ids) if ids.contains(&e_id) && ids.contains(&d_id)),
                        ),
                    ),
                    frame(Who::Emitter, Dir::ToClient, "OK".into(), ok()),
                    Want::Shows {
                        from,
                        text: Show::Id(e_id),
                    },
                ];
                self.judge(mark, wants, timeout).map(|()| true)
            }
            _ => {
                if !self.type_action("quit", &[])
                    && let Some(e) = self.emitter.as_mut()
                {
                    e.client.close_stdin();
                }
                let wants = vec![
                    frame(
                        Who::Emitter,
                        Dir::ToServer,
                        "FLW".into(),
                        Box::new(|m| matches!(m, Msg::Flw(_))),
                    ),
                    frame(Who::Emitter, Dir::ToClient, "OK".into(), ok()),
                ];
                self.judge(mark, wants, timeout).map(|()| true)
            }
        }
    }

    /// The id of `who`'s first OI since `mark`.
    fn first_oi(&self, who: Who, mark: usize) -> Option<u16> {
        let conn = self.conn(who)?;
        trace::parse(&self.proxy.text(Out::Stdout))
            .into_iter()
            .skip(mark)
            .filter(|e| e.conn == conn && e.dir == Some(Dir::ToServer))
            .find_map(|e| match decode(&e.bytes) {
                Some(Msg::Oi(h)) => Some(h.orig),
                _ => None,
            })
    }

    /// Learn the connection of a client just started: the first new one in the trace.
    fn learn_conns(&mut self, events: &[Event]) {
        for e in events {
            if Some(e.conn) == self.d_conn || Some(e.conn) == self.e_conn {
                continue;
            }
            if self.display.is_some() && self.d_conn.is_none() {
                self.d_conn = Some(e.conn);
            } else if self.emitter.is_some() && self.e_conn.is_none() {
                self.e_conn = Some(e.conn);
            }
        }
    }

    /// Wait until every want is met, or `within` passes: then the first unmet one fails.
    fn judge(&mut self, mark: usize, wants: Vec<Want>, within: Duration) -> Result<(), Failed> {
        let deadline = Instant::now() + within;
        loop {
            let before = self.proxy.total(Out::Stdout);
            let events = trace::parse(&self.proxy.text(Out::Stdout));
            self.learn_conns(&events);
            let (met, used) = self.met(&events[mark.min(events.len())..], &wants);
            if met.iter().all(|m| *m) {
                return Ok(());
            }
            if Instant::now() >= deadline || self.setup.stop.is_set() {
                let first = met.iter().position(|m| !m).unwrap_or(0);
                return Err(self.failure(&events[mark.min(events.len())..], &wants[first], &used));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            // Woken by the trace growing; a display's output is looked at every 25 ms.
            self.proxy
                .printed_more(before, left.min(Duration::from_millis(25)));
        }
    }

    /// Which wants are met by `events` (each frame meets one want at most), and the events
    /// used.
    fn met(&self, events: &[Event], wants: &[Want]) -> (Vec<bool>, Vec<bool>) {
        let mut used = vec![false; events.len()];
        let mut met = Vec::with_capacity(wants.len());
        for w in wants {
            let ok = match w {
                Want::Frame { who, dir, test, .. } => {
                    let conn = self.conn(*who);
                    let found = events.iter().enumerate().position(|(k, e)| {
                        !used[k]
                            && conn == Some(e.conn)
                            && e.dir == Some(*dir)
                            && decode(&e.bytes).is_some_and(|m| test(&m))
                    });
                    if let Some(k) = found {
                        used[k] = true;
                    }
                    found.is_some()
                }
                Want::Shows { from, text } => self.display.as_ref().is_some_and(|d| {
                    // What it printed since the step began (by byte, decoded after).
                    let (found, _) =
                        d.client
                            .wait(Out::Stdout, *from, Duration::ZERO, |out| match text {
                                Show::Text(t) => out.contains(t),
                                Show::Id(id) => has_number(out, u32::from(*id)),
                            });
                    found
                }),
            };
            met.push(ok);
        }
        (met, used)
    }

    /// What the cell says of the unmet `want`.
    fn failure(&self, events: &[Event], want: &Want, used: &[bool]) -> Failed {
        let lang = self.setup.lang;
        match want {
            Want::Frame {
                who, dir, label, ..
            } => {
                let (whose, blame) = match dir {
                    Dir::ToServer => (
                        owner(self.setup, self.party(*who), who.role()),
                        self.blame(*who),
                    ),
                    Dir::ToClient => (
                        owner(self.setup, &self.plan.server, "server"),
                        Blame::Server,
                    ),
                };
                let conn = self.conn(*who);
                let wrong = events
                    .iter()
                    .enumerate()
                    .find(|(k, e)| !used[*k] && conn == Some(e.conn) && e.dir == Some(*dir));
                let (frame, mut why) = match wrong {
                    Some((_, e)) => (
                        crate::term::text::safe(&e.line).into_owned(),
                        GradeText::InsteadOf(label).render(lang),
                    ),
                    None => (
                        self.setup.no_frame(),
                        GradeText::Expected(label).render(lang),
                    ),
                };
                if *dir == Dir::ToServer {
                    why.push_str(&self.exited(*who));
                }
                Failed {
                    blame,
                    whose,
                    frame,
                    why,
                }
            }
            Want::Shows { from, text } => {
                let shown = match text {
                    Show::Text(t) => t.to_string(),
                    Show::Id(id) => id.to_string(),
                };
                let printed = self
                    .display
                    .as_ref()
                    .map(|d| {
                        let (_, out) = d.client.wait(Out::Stdout, *from, Duration::ZERO, |_| false);
                        crate::check::client::tail(out.trim())
                    })
                    .unwrap_or_default();
                let got = events
                    .iter()
                    .rfind(|e| self.d_conn == Some(e.conn) && e.dir == Some(Dir::ToClient))
                    .map(|e| crate::term::text::safe(&e.line).into_owned())
                    .unwrap_or_default();
                let mut why = GradeText::NotShown {
                    text: &shown,
                    printed: &crate::term::text::safe(&printed),
                }
                .render(lang);
                why.push_str(&self.exited(Who::Display));
                Failed {
                    blame: self.blame(Who::Display),
                    whose: owner(self.setup, self.party(Who::Display), "display"),
                    frame: got,
                    why,
                }
            }
        }
    }

    /// `; it exited (status 1): …` when `who` has exited, else nothing.
    fn exited(&self, who: Who) -> String {
        self.started(who)
            .map(|s| super::exited(&s.client, self.setup.lang))
            .unwrap_or_default()
    }
}
