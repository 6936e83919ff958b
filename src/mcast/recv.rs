//! `netlab mcast recv`: join the group and print every message as `NAME: TEXT` until a sender
//! types the quit word or Ctrl-C arrives; then leave the group. Never reads stdin.
//!
//! The socket reads with a short timeout so the loop looks at the stop signal a few times a
//! second and a Ctrl-C never waits behind a blocked `recv`.

use std::io::ErrorKind;

use super::socket::{self, Receiver};
use super::wire;
use crate::cli::McastRecvArgs;
use crate::net::log::Dir;
use crate::net::text::mcast::McastText;
use crate::net::{Context, Env, Result};

/// Any UDP payload fits (the IPv6 maximum is 65,527 bytes), so no datagram is ever truncated.
const BUF: usize = 64 * 1024;

pub fn run(args: &McastRecvArgs, env: &Env) -> Result<()> {
    let receiver = socket::receiver(&args.group)?;
    serve(receiver, args, env)
}

/// The receiving loop on a socket already joined to the group (the demo joins before it starts
/// the senders, so no datagram can go out before someone listens).
pub fn serve(receiver: Receiver, args: &McastRecvArgs, env: &Env) -> Result<()> {
    let opts = &args.group;
    let group = opts.group.to_string();
    env.note(McastText::Joined {
        group: &group,
        port: opts.port,
        iface: opts.iface.as_deref(),
    });
    env.note(McastText::Waiting);
    let verbose = env.log.verbose();
    let mut buf = vec![0u8; BUF];
    while !env.stop.is_set() {
        let (len, from) = match receiver.sock.recv_from(&mut buf) {
            Ok(got) => got,
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                continue;
            }
            Err(e) => return Err(e).context(|| format!("cannot receive on port {}", opts.port)),
        };
        let msg = match wire::decode(&buf[..len]) {
            Ok(msg) => msg,
            Err(why) => {
                env.log.warn(env.tr(McastText::BadDatagram {
                    from,
                    len,
                    why: &why,
                }));
                continue;
            }
        };
        env.log.trace(Dir::In, from, &msg);
        if msg.data == opts.quit_word {
            env.say(McastText::Ended { user: &msg.user });
            break;
        }
        if verbose {
            env.log
                .out(format_args!("[{from}] {}: {}", msg.user, msg.data));
        } else {
            env.log.out(format_args!("{}: {}", msg.user, msg.data));
        }
    }
    receiver.leave()?;
    env.note(McastText::Left { group: &group });
    Ok(())
}
