//! `netlab msg emitter`: reads commands from stdin and sends them to the server, telling the
//! user briefly what the server answered (OK, or ERRO with the reason it must mean).

use std::collections::HashMap;

use crossbeam_channel::select;

use super::session;
use super::wire::{EMITTERS, MAX_TEXT, Msg, SERVER};
use crate::cli::MsgEmitterArgs;
use crate::net::conn::Event;
use crate::net::log::Dir;
use crate::net::text::msg::{MsgText, Role};
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

pub fn run(args: MsgEmitterArgs, env: Env) -> Result<()> {
    let server = sock::resolve_or_port(&args.server, 55555, "server")?;
    let Some(mut s) = session::register(&env, server, EMITTERS, args.id, Role::Emitter)? else {
        return Ok(());
    };
    let lines = env.lines();
    let mut asked: HashMap<u32, Asked> = HashMap::new();
    loop {
        select! {
            recv(lines) -> line => {
                let Ok(line) = line else { break }; // end of input
                match parse(&line, args.to) {
                    Command::Send(dest, text) => {
                        if text.len() > MAX_TEXT {
                            env.note(MsgText::TooLong { len: text.len() });
                            continue;
                        }
                        let h = s.head(dest);
                        asked.insert(h.seq, Asked::Send(dest));
                        s.send(&env, &Msg::Msg(h, text.as_bytes().to_vec()));
                    }
                    Command::Who(d) => {
                        let h = s.head(d);
                        asked.insert(h.seq, Asked::Who(d));
                        s.send(&env, &Msg::Qem(h));
                    }
                    Command::Stop(d) => {
                        let h = s.head(d);
                        asked.insert(h.seq, Asked::Stop(d));
                        s.send(&env, &Msg::Flw(h));
                    }
                    Command::Quit => break,
                    Command::Help => env.note(MsgText::Help),
                    Command::Nothing => {}
                    Command::NotDisplay => env.note(MsgText::NotADisplay { line: &line }),
                    Command::Bad => env.note(MsgText::Usage { line: &line }),
                }
            }
            recv(s.events) -> ev => {
                let Ok(ev) = ev else { break };
                if !s.ours(&ev) {
                    continue;
                }
                match ev {
                    Event::Frame(_, m) => {
                        env.log.trace(Dir::In, s.server, &m);
                        if let Msg::Flw(h) = &m {
                            // Our server only closes; others may say goodbye first.
                            if h.orig == SERVER {
                                s.answer(&env, h, true);
                                env.note(MsgText::ServerShutdown);
                                s.close();
                                return Ok(());
                            }
                        }
                        explain(&env, &mut asked, &m);
                    }
                    Event::Closed(..) | Event::Opened(..) => {
                        env.note(MsgText::ServerGone);
                        return Ok(());
                    }
                }
            }
            recv(env.stop.rx()) -> _ => break,
        }
    }
    env.log.debug(env.tr(MsgText::Leaving));
    s.goodbye(&env, |m| explain(&env, &mut asked, m));
    Ok(())
}

/// Show an answer briefly; an ERRO says why, from what we asked.
fn explain(env: &Env, asked: &mut HashMap<u32, Asked>, m: &Msg) {
    let (ok, seq) = match m {
        Msg::Ok(h) => (true, h.seq),
        Msg::Erro(h) => (false, h.seq),
        other => {
            env.log
                .debug(format_args!("ignoring an unexpected {}", other.name()));
            return;
        }
    };
    let text = match (asked.remove(&seq), ok) {
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
    env.note(text);
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
