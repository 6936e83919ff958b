//! `netlab msg display`: prints what the server relays (messages, client lists), answers
//! every MSG it printed with OK (an OK means "shown": when stdout cannot take a message, it
//! is not acknowledged and the display says goodbye and exits 1), and stops when its owner, the server or Ctrl-C says so. Requests to stop
//! from others are refused (ERRO) with a warning, rate-limited: a flood of them costs a few
//! lines a second.

use std::time::Instant;

use super::codec::Frames;
use super::config::{DisplayConfig, PORT};
use super::session::{self, Session};
use super::text::{MsgText, Role};
use super::wire::{DISPLAYS, Msg, SERVER, lossy};
use crate::net::conn::Event;
use crate::net::owner::{self, Flow, Owner};
use crate::net::{Env, Result, sock};
use crate::term::quota::Quota;

/// The first display id found without `--id`: the first one an emitter owns.
const FIRST_OWNED: u16 = 1001;

pub fn run(config: DisplayConfig, env: Env) -> Result<()> {
    let server = sock::lookup(&config.server, PORT, env.lang())?;
    // Without `--id`, the first display is 1001, owned by emitter 1: display 1000's owner
    // would be emitter 0, which does not exist (0 is the server).
    let range = match config.id {
        Some(_) => DISPLAYS,
        None => FIRST_OWNED..=*DISPLAYS.end(),
    };
    let Some((session, mut poller)) =
        session::register(&env, server, range, config.id, Role::Display)?
    else {
        return Ok(());
    };
    let owner = config.owner.unwrap_or(session.id - 1000);
    if owner == 0 {
        env.note(MsgText::Unowned { id: session.id });
    }
    let events = session.events.clone();
    let mut display = Display {
        env: env.clone(),
        s: session,
        owner,
        leaving: None,
        quota: Quota::default(),
    };
    // A display never reads stdin: it may run in the background.
    owner::run_polled(&mut display, &events, &mut poller, None, &env.stop);
    display.s.end(&env, &mut poller)
}

/// The display's state, on the owner runtime.
struct Display {
    env: Env,
    s: Session,
    /// The emitter whose FLW it obeys (0: none).
    owner: u16,
    /// The goodbye's FLW, once sent: its OK ends the run.
    leaving: Option<u32>,
    /// Repeated refusals (they all come through the server).
    quota: Quota,
}

impl Owner for Display {
    type Event = Event<Frames>;

    fn handle(&mut self, ev: Event<Frames>) -> Flow {
        let m = match self.s.frame(ev, self.leaving.is_some()) {
            Ok(m) => m,
            Err(flow) => return flow,
        };
        if let Some(seq) = self.leaving {
            // What the server relayed before it read our FLW is still ours to show (the
            // emitters were told OK); it is not acknowledged: the server forgets us on FLW.
            match m {
                Msg::Ok(h) if h.seq == seq => return Flow::Exit,
                Msg::Msg(h, text) => self.env.say(MsgText::Message {
                    from: h.orig,
                    text: &lossy(&text),
                }),
                Msg::Okqem(_, ids) => self.env.say(MsgText::Clients { ids: &ids }),
                _ => {}
            }
            return Flow::Continue;
        }
        match m {
            // OK means "shown": a message stdout did not take is not acknowledged, and the
            // display leaves (the log said why; the exit status is 1).
            Msg::Msg(h, text) => {
                let shown = self.env.log.say(MsgText::Message {
                    from: h.orig,
                    text: &lossy(&text),
                });
                if !shown {
                    return Flow::Leave;
                }
                self.s.answer(&h, true);
            }
            // A response: not acknowledged. Whatever its orig (one implementation puts the
            // asking emitter's id there).
            Msg::Okqem(_, ids) => self.env.say(MsgText::Clients { ids: &ids }),
            Msg::Flw(h) if h.orig == SERVER => {
                self.s.answer(&h, true);
                self.env.note(MsgText::ServerShutdown);
                return Flow::Exit;
            }
            Msg::Flw(h) if h.orig == self.owner => {
                self.s.answer(&h, true);
                self.env.note(MsgText::StoppedBy { emitter: h.orig });
                return Flow::Leave;
            }
            Msg::Flw(h) => {
                self.s.answer(&h, false);
                if self.quota.allow(self.s.server, Instant::now()) {
                    self.env.note(match self.owner {
                        0 => MsgText::NoOwner { emitter: h.orig },
                        owner => MsgText::NotOwner {
                            emitter: h.orig,
                            owner,
                        },
                    });
                }
            }
            other => self.s.unexpected(&other, &self.env),
        }
        Flow::Continue
    }

    fn deadline(&self) -> Option<Instant> {
        self.quota.next_due()
    }

    fn tick(&mut self, now: Instant) -> Flow {
        self.quota.flush(&self.env.log, now);
        Flow::Continue
    }

    fn goodbye(&mut self) -> Option<Instant> {
        let (seq, until) = self.s.flw();
        self.leaving = Some(seq);
        Some(until)
    }
}
