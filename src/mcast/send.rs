//! `netlab mcast send`: every stdin line becomes one datagram to the group. The quit word is
//! sent like any line and then ends the sender; end of input and Ctrl-C end it silently.

use crossbeam_channel::select;

use super::socket;
use super::wire::{self, MAX_DATAGRAM, Message, TooLong};
use crate::cli::McastSendArgs;
use crate::net::log::Dir;
use crate::net::text::mcast::McastText;
use crate::net::{Context, Env, Result};

pub fn run(args: &McastSendArgs, env: &Env) -> Result<()> {
    let opts = &args.group;
    let (sock, dest, _) = socket::sender(opts, args.ttl)?;
    env.note(McastText::Sending {
        dest,
        iface: opts.iface.as_deref(),
        user: &args.user,
        quit: &opts.quit_word,
    });
    let lines = env.lines();
    let mut msg = Message {
        user: args.user.clone(),
        data: String::new(),
    };
    let mut buf = Vec::with_capacity(MAX_DATAGRAM + 64);
    loop {
        select! {
            recv(lines) -> line => {
                // A disconnected channel is end of input: leave without a word.
                let Ok(line) = line else { return Ok(()) };
                if line.is_empty() {
                    continue;
                }
                msg.data = line;
                if let Err(TooLong { size }) = wire::encode(&msg, &mut buf) {
                    env.log.warn(env.tr(McastText::TooLong { size, limit: MAX_DATAGRAM }));
                    continue;
                }
                sock.send_to(&buf, dest)
                    .context(|| format!("cannot send to {dest}"))?;
                env.log.trace(Dir::Out, dest, &msg);
                if msg.data == opts.quit_word {
                    env.note(McastText::QuitSent { quit: &opts.quit_word });
                    return Ok(());
                }
            }
            recv(env.stop.rx()) -> _ => return Ok(()),
        }
    }
}
