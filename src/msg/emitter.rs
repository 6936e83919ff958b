//! `netlab msg emitter`: reads commands from stdin and sends them to the server, telling the
//! user briefly what the server answered (OK, or ERRO with the reason it must mean).

use std::collections::HashMap;
use std::time::Instant;

use super::codec::Frames;
use super::config::{EmitterConfig, PORT};
use super::session::{self, Session};
use super::text::{MsgText, Role};
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
    /// An empty line: nothing to do.
    Nothing,
    /// `/who 0` or `/stop 0`: 0 is the server, not a display (FLW to 0 would be this
    /// emitter's own goodbye).
    NotDisplay,
    /// Not understood.
    Bad,
}

/// Parse one input line; plain text goes to `default_dest`.
pub fn parse(line: &str, default_dest: u16) -> Command<'_> {
    let Some(rest) = line.strip_prefix('/') else {
        return if line.is_empty() {
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
                Some(d) if !text.is_empty() => Command::Send(d, text),
                _ => Command::Bad,
            }
        }
        "who" | "stop" => match number(args) {
            None => Command::Bad,
            Some(SERVER) => Command::NotDisplay,
            Some(d) if word == "who" => Command::Who(d),
            Some(d) => Command::Stop(d),
        },
        "quit" if args.is_empty() => Command::Quit,
        "help" => Command::Help,
        _ => Command::Bad,
    }
}

/// What a request asked, so its answer can be explained.
#[derive(Clone, Copy, Debug)]
enum Asked {
    Send(u16),
    Who(u16),
    Stop(u16),
}

pub fn run(config: EmitterConfig, env: Env) -> Result<()> {
    let server = sock::lookup(&config.server, PORT, env.lang())?;
    let Some(session) = session::register(&env, server, EMITTERS, config.id, Role::Emitter)? else {
        return Ok(());
    };
    let events = session.events.clone();
    let mut emitter = Emitter {
        env: env.clone(),
        s: session,
        to: config.to,
        asked: HashMap::new(),
        leaving: None,
    };
    owner::run(&mut emitter, &events, Some(env.lines()), &env.stop);
    emitter.s.close();
    Ok(())
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
}

impl Owner for Emitter {
    type Event = Event<Frames>;

    fn handle(&mut self, ev: Event<Frames>) -> Flow {
        let m = match self.s.frame(ev, &self.env, self.leaving.is_some()) {
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
        Flow::Continue
    }

    fn line(&mut self, line: Option<String>) -> Flow {
        let Some(line) = line else {
            return Flow::Leave; // end of input
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
            Command::Quit => return Flow::Leave,
            Command::Help => {
                self.env.note(MsgText::Help);
                return Flow::Continue;
            }
            Command::Nothing => return Flow::Continue,
            Command::NotDisplay => {
                self.env.note(MsgText::NotADisplay { line: &line });
                return Flow::Continue;
            }
            Command::Bad => {
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
    /// Show an answer briefly; an ERRO says why, from what we asked.
    fn explain(&mut self, m: &Msg) {
        let (ok, seq) = match m {
            Msg::Ok(h) => (true, h.seq),
            Msg::Erro(h) => (false, h.seq),
            other => {
                self.env.log.debug(MsgText::Unexpected(other.name()));
                return;
            }
        };
        let text = match (self.asked.remove(&seq), ok) {
            (Some(Asked::Send(0)), true) => MsgText::OkToAll,
            (Some(Asked::Send(d)), true) => MsgText::OkTo { display: d },
            (Some(Asked::Who(d)), true) => MsgText::OkWho { display: d },
            (Some(Asked::Stop(d)), true) => MsgText::OkStop { display: d },
            (Some(Asked::Send(d) | Asked::Who(d) | Asked::Stop(d)), false) if d != 0 => {
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
    use super::{Command, parse};

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
        assert_eq!(parse("/msg 1002", 0), Command::Bad);
        assert_eq!(parse("/msg x hi", 0), Command::Bad);
        assert_eq!(parse("/who 1001", 0), Command::Who(1001));
        assert_eq!(parse("/stop 1001", 0), Command::Stop(1001));
        assert_eq!(parse("/who", 0), Command::Bad);
        assert_eq!(parse("/who 0", 0), Command::NotDisplay);
        assert_eq!(parse("/stop 0", 0), Command::NotDisplay);
        assert_eq!(parse("/stop  0 ", 0), Command::NotDisplay);
        assert_eq!(parse("/quit", 0), Command::Quit);
        assert_eq!(parse("/help", 0), Command::Help);
        assert_eq!(parse("/nope", 0), Command::Bad);
        assert_eq!(parse("", 0), Command::Nothing);
    }
}
