//! `netlab msg display`: prints what the server relays (messages, client lists), answers
//! every MSG with OK, and stops when its owner, the server or Ctrl-C says so.

use crossbeam_channel::select;

use super::session;
use super::wire::{DISPLAYS, Msg, SERVER, lossy};
use crate::cli::MsgDisplayArgs;
use crate::net::conn::Event;
use crate::net::log::Dir;
use crate::net::text::msg::{MsgText, Role};
use crate::net::{Env, Result, sock};

pub fn run(args: MsgDisplayArgs, env: Env) -> Result<()> {
    let server = sock::resolve_or_port(&args.server, 55555, "server")?;
    let Some(s) = session::register(&env, server, DISPLAYS, args.id, Role::Display)? else {
        return Ok(());
    };
    // Display 1001 belongs to emitter 1; display 1000 has no default owner (0 is the server).
    let owner = args.owner.unwrap_or(s.id - 1000);
    let stop_refused = |emitter| match owner {
        0 => MsgText::NoOwner { emitter },
        owner => MsgText::NotOwner { emitter, owner },
    };
    loop {
        select! {
            recv(s.events) -> ev => {
                let Ok(ev) = ev else { break };
                if !s.ours(&ev) {
                    continue;
                }
                let m = match ev {
                    Event::Frame(_, m) => m,
                    Event::Closed(..) | Event::Opened(..) => {
                        env.note(MsgText::ServerGone);
                        return Ok(());
                    }
                };
                env.log.trace(Dir::In, s.server, &m);
                match m {
                    Msg::Msg(h, text) => {
                        env.say(MsgText::Message { from: h.orig, text: &lossy(&text) });
                        s.answer(&env, &h, true);
                    }
                    // A response: not acknowledged. Whatever its orig (one implementation
                    // puts the asking emitter's id there).
                    Msg::Okqem(_, ids) => env.say(MsgText::Clients { ids: &ids }),
                    Msg::Flw(h) if h.orig == SERVER => {
                        s.answer(&env, &h, true);
                        env.note(MsgText::ServerShutdown);
                        s.close();
                        return Ok(());
                    }
                    Msg::Flw(h) if h.orig == owner => {
                        s.answer(&env, &h, true);
                        env.note(MsgText::StoppedBy { emitter: h.orig });
                        break;
                    }
                    Msg::Flw(h) => {
                        s.answer(&env, &h, false);
                        env.note(stop_refused(h.orig));
                    }
                    other => env
                        .log
                        .debug(format_args!("ignoring an unexpected {}", other.name())),
                }
            }
            recv(env.stop.rx()) -> _ => break,
        }
    }
    // What the server relayed before it read our FLW is still ours to show (the emitters
    // were told OK); it is not acknowledged: the server forgets us on FLW.
    s.goodbye(&env, |m| match m {
        Msg::Msg(h, text) => env.say(MsgText::Message {
            from: h.orig,
            text: &lossy(text),
        }),
        Msg::Okqem(_, ids) => env.say(MsgText::Clients { ids }),
        _ => {}
    });
    Ok(())
}
