//! `netlab mcast send`: every stdin line becomes one datagram to the group. The quit word is
//! sent like any line and then ends the sender (and every receiver); end of input, Ctrl-C and
//! `/quit` end it silently. `/help` and `/quit` are the only local commands: never sent.

use std::net::{SocketAddr, UdpSocket};

use super::config::SendConfig;
use super::socket;
use super::text::McastText;
use super::wire::{self, MAX_DATAGRAM, Message, TooLong};
use crate::net::owner::{self, Flow, Owner};
use crate::net::poller::Poller;
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Error, Result};
use crate::term::log::Dir;
use crate::term::text::os_error;

pub fn run(config: &SendConfig, env: &Env) -> Result<()> {
    let opts = &config.group;
    let (sock, dest, iface) = socket::sender(opts, config.ttl, env.lang())?;
    let iface = iface.shown(opts.iface.as_deref());
    env.note(McastText::Sending {
        dest,
        iface: iface.as_deref(),
        user: &config.user,
        quit: &opts.quit_word,
    });
    let mut sender = Sender {
        env: env.clone(),
        sock,
        dest,
        quit: opts.quit_word.clone(),
        msg: Message {
            user: config.user.clone(),
            data: String::new(),
        },
        buf: Vec::with_capacity(MAX_DATAGRAM + 64),
        failure: None,
    };
    // Nothing arrives but input: a sender never joins the group.
    let nothing = crossbeam_channel::never::<()>();
    let mut poller = Poller::alone(&env.log).context(env.lang(), NetText::CannotStartLoop)?;
    owner::run(
        &mut sender,
        &nothing,
        &mut poller,
        Some(env.lines()),
        &env.stop,
    );
    match sender.failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The sender's state, on the owner runtime.
struct Sender {
    env: Env,
    sock: UdpSocket,
    dest: SocketAddr,
    quit: String,
    /// Reused for every line.
    msg: Message,
    buf: Vec<u8>,
    failure: Option<Error>,
}

impl Owner for Sender {
    type Event = ();

    fn handle(&mut self, _: ()) -> Flow {
        Flow::Continue
    }

    fn line(&mut self, line: Option<String>) -> Flow {
        // The end of input: leave without a word.
        let Some(line) = line else {
            return Flow::Exit;
        };
        if line.is_empty() {
            return Flow::Continue;
        }
        match line.trim() {
            "/quit" => return Flow::Exit,
            "/help" => {
                let help = self.env.tr(McastText::Help { quit: &self.quit });
                for l in help.lines() {
                    self.env.log.out(l);
                }
                return Flow::Continue;
            }
            _ => {}
        }
        self.msg.data = line;
        if let Err(TooLong { size }) = wire::encode(&self.msg, &mut self.buf) {
            self.env.log.warn(McastText::TooLong {
                size,
                limit: MAX_DATAGRAM,
            });
            return Flow::Continue;
        }
        if let Err(e) = self.sock.send_to(&self.buf, self.dest) {
            self.failure = Some(Error::new(self.env.tr(McastText::CannotSend {
                dest: self.dest,
                why: os_error(&e, self.env.lang()),
            })));
            return Flow::Exit;
        }
        if self.env.log.tracing() {
            self.env
                .log
                .trace(Dir::Out, self.dest, &self.msg, Some(&self.buf));
        }
        if self.msg.data == self.quit {
            self.env.note(McastText::QuitSent { quit: &self.quit });
            return Flow::Exit;
        }
        Flow::Continue
    }
}
