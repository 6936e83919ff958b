//! `netlab msg emitter`: reads commands from stdin and sends them to the server, telling the
//! user briefly what the server answered (OK, or ERRO with the reason it must mean).
//!
//! At most [`WINDOW`] requests are unanswered at a time: beyond that stdin is not read, so a
//! server applying flow control (answering later) slows the emitter down instead of filling
//! its writer. At the end of input (or `/quit`) it waits for the answers still due, then says
//! goodbye.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::codec::Frames;
use super::config::{EmitterConfig, PORT};
use super::session::{self, Session};
use super::text::{Cmd, HELP, MsgText, Role};
use super::wire::{EMITTERS, MAX_TEXT, Msg, SERVER};
use crate::net::conn::Event;
use crate::net::owner::{self, Flow, Owner};
use crate::net::{Env, Result, sock};

/// One line of input, understood.
#[derive(Debug, PartialEq, Eq)]
pub enum Command<'a> {
    /// MSG to a display (0: all of them).
    Send(u16, &'a str),
    /// QEM: display D shows the client list.
    Who(u16),
    /// FLW to display D.
    Stop(u16),
    Quit,
    Help,
    /// An empty line, or only blanks: nothing to send.
    Nothing,
    /// `/who 0` or `/stop 0`: 0 is the server, not a display (FLW to 0 would be this
    /// emitter's own goodbye).
    NotDisplay,
    /// A known command with wrong arguments: show its usage.
    Usage(Cmd),
    /// Not a command.
    Unknown,
}

/// Parse one input line; plain text goes to `default_dest`.
pub fn parse(line: &str, default_dest: u16) -> Command<'_> {
    let Some(rest) = line.strip_prefix('/') else {
        return if line.trim().is_empty() {
            Command::Nothing
        } else {
            Command::Send(default_dest, line)
        };
    };
    let (word, args) = rest.split_once(' ').unwrap_or((rest, ""));
    let args = args.trim_start();
    let number = |s: &str| s.trim().parse::<u16>().ok();
    match word {
        "msg" => {
            let (d, text) = args.split_once(' ').unwrap_or((args, ""));
            match number(d) {
                Some(d) if !text.trim().is_empty() => Command::Send(d, text),
                _ => Command::Usage(Cmd::Msg),
            }
        }
        "who" | "stop" => match (number(args), word) {
            (None, "who") => Command::Usage(Cmd::Who),
            (None, _) => Command::Usage(Cmd::Stop),
            (Some(SERVER), _) => Command::NotDisplay,
            (Some(d), "who") => Command::Who(d),
            (Some(d), _) => Command::Stop(d),
        },
        "quit" if args.trim().is_empty() => Command::Quit,
        "quit" => Command::Usage(Cmd::Quit),
        "help" => Command::Help,
        _ => Command::Unknown,
    }
}

/// Requests that may be unanswered at once (the server answers later when it applies flow
/// control; meanwhile stdin waits).
pub const WINDOW: usize = 256;
/// At the end of input, how long to wait for the next answer before leaving without it.
const DRAIN: Duration = Duration::from_secs(30);

/// What a request asked, so its answer can be explained.
#[derive(Clone, Copy, Debug)]
enum Asked {
    Send(u16),
    Who(u16),
    Stop(u16),
}

pub fn run(config: EmitterConfig, env: Env) -> Result<()> {
    let server = sock::lookup(&config.server, PORT, env.lang())?;
    let Some((session, mut poller)) =
        session::register(&env, server, EMITTERS, config.id, Role::Emitter)?
    else {
        return Ok(());
    };
    env.note(MsgText::HelpHint);
    let events = session.events.clone();
    let mut emitter = Emitter {
        env: env.clone(),
        s: session,
        to: config.to,
        asked: HashMap::new(),
        leaving: None,
        draining: None,
    };
    owner::run_polled(
        &mut emitter,
        &events,
        &mut poller,
        Some(env.lines()),
        &env.stop,
    );
    emitter.s.end(&env, &mut poller)
}

/// The emitter's state, on the owner runtime.
struct Emitter {
    env: Env,
    s: Session,
    /// Where plain lines go.
    to: u16,
    asked: HashMap<u32, Asked>,
    /// The goodbye's FLW, once sent: its OK ends the run.
    leaving: Option<u32>,
    /// Input ended (or `/quit`) with answers still due: since the last answer came.
    draining: Option<Instant>,
}

impl Owner for Emitter {
    type Event = Event<Frames>;

    fn handle(&mut self, ev: Event<Frames>) -> Flow {
        let m = match self.s.frame(ev, self.leaving.is_some()) {
            Ok(m) => m,
            Err(flow) => return flow,
        };
        match (&m, self.leaving) {
            (Msg::Ok(h), Some(seq)) if h.seq == seq => return Flow::Exit,
            // Our server only closes; others may say goodbye first.
            (Msg::Flw(h), None) if h.orig == SERVER => {
                self.s.answer(h, true);
                self.env.note(MsgText::ServerShutdown);
                return Flow::Exit;
            }
            _ => {}
        }
        self.explain(&m);
        if self.draining.is_some() {
            if self.asked.is_empty() {
                return Flow::Leave;
            }
            self.draining = Some(Instant::now());
        }
        Flow::Continue
    }

    fn wants_input(&self) -> bool {
        self.draining.is_none() && self.asked.len() < WINDOW
    }

    fn deadline(&self) -> Option<Instant> {
        self.draining.map(|since| since + DRAIN)
    }

    fn tick(&mut self, now: Instant) -> Flow {
        match self.draining {
            Some(since) if now >= since + DRAIN => {
                self.env.log.warn(MsgText::Unanswered {
                    count: self.asked.len(),
                });
                Flow::Leave
            }
            _ => Flow::Continue,
        }
    }

    fn line(&mut self, line: Option<String>) -> Flow {
        let Some(line) = line else {
            return self.finish(); // end of input
        };
        let (h, m, asked) = match parse(&line, self.to) {
            Command::Send(_, text) if text.len() > MAX_TEXT => {
                self.env.note(MsgText::TooLong { len: text.len() });
                return Flow::Continue;
            }
            Command::Send(dest, text) => {
                let h = self.s.head(dest);
                (h, Msg::Msg(h, text.as_bytes().to_vec()), Asked::Send(dest))
            }
            Command::Who(d) => {
                let h = self.s.head(d);
                (h, Msg::Qem(h), Asked::Who(d))
            }
            Command::Stop(d) => {
                let h = self.s.head(d);
                (h, Msg::Flw(h), Asked::Stop(d))
            }
            Command::Quit => return self.finish(),
            Command::Help => {
                for row in HELP {
                    self.env.note(MsgText::Help(row));
                }
                return Flow::Continue;
            }
            Command::Nothing => return Flow::Continue,
            Command::NotDisplay => {
                self.env.note(MsgText::NotADisplay { line: &line });
                return Flow::Continue;
            }
            Command::Usage(cmd) => {
                self.env.note(MsgText::CommandUsage(cmd));
                return Flow::Continue;
            }
            Command::Unknown => {
                self.env.note(MsgText::Usage { line: &line });
                return Flow::Continue;
            }
        };
        self.asked.insert(h.seq, asked);
        self.s.send(&m);
        Flow::Continue
    }

    fn goodbye(&mut self) -> Option<Instant> {
        self.env.log.debug(MsgText::Leaving);
        let (seq, until) = self.s.flw();
        self.leaving = Some(seq);
        Some(until)
    }
}

impl Emitter {
    /// No more input: leave once every request is answered.
    fn finish(&mut self) -> Flow {
        if self.asked.is_empty() {
            return Flow::Leave;
        }
        self.draining = Some(Instant::now());
        Flow::Continue
    }

    /// Show an answer briefly; an ERRO says why, from what we asked.
    fn explain(&mut self, m: &Msg) {
        let (ok, h) = match m {
            Msg::Ok(h) => (true, h),
            Msg::Erro(h) => (false, h),
            other => {
                self.s.unexpected(other, &self.env);
                return;
            }
        };
        let seq = h.seq;
        let text = match (self.asked.remove(&seq), ok) {
            (Some(Asked::Send(0)), true) => MsgText::OkToAll,
            (Some(Asked::Send(d)), true) => MsgText::OkTo { display: d },
            (Some(Asked::Who(d)), true) => MsgText::OkWho { display: d },
            (Some(Asked::Stop(d)), true) => MsgText::OkStop { display: d },
            // The display's own refusal comes from it; the server's from 0.
            (Some(Asked::Stop(d)), false) if h.orig == d => MsgText::StopRefused { display: d },
            (Some(Asked::Stop(d)), false) => MsgText::StopFailed { display: d },
            (Some(Asked::Send(d) | Asked::Who(d)), false) if d != 0 => {
                MsgText::NotConnected { display: d }
            }
            (_, false) => MsgText::Refused { seq },
            (None, true) => return,
        };
        self.env.note(text);
    }
}

#[cfg(test)]
mod tests {
    use super::{Cmd, Command, parse};

    #[test]
    fn commands() {
        assert_eq!(parse("Ob-la-di", 0), Command::Send(0, "Ob-la-di"));
        assert_eq!(parse("hi", 1001), Command::Send(1001, "hi"));
        assert_eq!(
            parse("/msg 1002 Ob-la-da", 0),
            Command::Send(1002, "Ob-la-da")
        );
        assert_eq!(
            parse("/msg 1002  two  spaces", 0),
            Command::Send(1002, " two  spaces")
        );
        assert_eq!(parse("/msg 1002", 0), Command::Usage(Cmd::Msg));
        assert_eq!(parse("/msg 1002   ", 0), Command::Usage(Cmd::Msg));
        assert_eq!(parse("/msg x hi", 0), Command::Usage(Cmd::Msg));
        assert_eq!(parse("/msg abc hi", 0), Command::Usage(Cmd::Msg));
        assert_eq!(parse("/msg", 0), Command::Usage(Cmd::Msg));
        assert_eq!(parse("/who 1001", 0), Command::Who(1001));
        assert_eq!(parse("/stop 1001", 0), Command::Stop(1001));
        assert_eq!(parse("/who", 0), Command::Usage(Cmd::Who));
        assert_eq!(parse("/who x", 0), Command::Usage(Cmd::Who));
        assert_eq!(parse("/stop", 0), Command::Usage(Cmd::Stop));
        assert_eq!(parse("/stop 70000", 0), Command::Usage(Cmd::Stop));
        assert_eq!(parse("/quit now", 0), Command::Usage(Cmd::Quit));
        assert_eq!(parse("/who 0", 0), Command::NotDisplay);
        assert_eq!(parse("/stop 0", 0), Command::NotDisplay);
        assert_eq!(parse("/stop  0 ", 0), Command::NotDisplay);
        assert_eq!(parse("/quit", 0), Command::Quit);
        assert_eq!(parse("/help", 0), Command::Help);
        assert_eq!(parse("/nope", 0), Command::Unknown);
        assert_eq!(parse("", 0), Command::Nothing);
        assert_eq!(parse("    ", 0), Command::Nothing);
        assert_eq!(parse(" \t ", 0), Command::Nothing);
        assert_eq!(parse("  padded  ", 0), Command::Send(0, "  padded  "));
    }
}
