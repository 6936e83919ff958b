//! `netlab mcast recv`: join the group and print every message as `NAME: TEXT` until a sender
//! types the quit word or Ctrl-C arrives; then leave the group. Never reads stdin.
//!
//! The owner reads the socket itself, on its poller ([`Poller::watch`]), when it is readable:
//! no thread of its own. When it falls behind, the kernel's socket buffer absorbs the burst
//! and then drops, as UDP does; a burst is read [`BURST`] datagrams at a time, so Ctrl-C is
//! heard between.
//!
//! stdout carries the messages only (`--show-sender` puts the sender's address first); `-v`
//! adds a stderr line per message, naming its sender. Bad datagrams are warned about within a budget per sender,
//! the rest counted and summarised once a second, so a flood cannot flood the log.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Instant;

use crossbeam_channel::bounded;

use super::config::RecvConfig;
use super::socket::{self, Receiver};
use super::text::McastText;
use super::wire;
use crate::net::owner::{self, Flow, Owner};
use crate::net::poller::Poller;
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Error, Result};
use crate::term::log::Dir;
use crate::term::quota::Quota;
use crate::term::text::os_error;

/// Any UDP payload fits (the IPv6 maximum is 65,527 bytes), so no datagram is ever truncated.
const BUF: usize = 64 * 1024;
/// The most datagrams read before the loop looks at its other work (Ctrl-C, deadlines).
const BURST: usize = 256;

pub fn run(config: &RecvConfig, env: &Env) -> Result<()> {
    let receiver = socket::receiver(&config.group, env.lang())?;
    serve(receiver, config, env)
}

/// The receiving loop on a socket already joined to the group (the demo joins before it starts
/// the senders, so no datagram can go out before someone listens).
pub fn serve(receiver: Receiver, config: &RecvConfig, env: &Env) -> Result<()> {
    let opts = &config.group;
    let group = opts.group.to_string();
    let iface = receiver.iface().shown(opts.iface.as_deref());
    // The port bound (with `-p 0`, the one the system picked).
    let port = receiver.sock.local_addr().map_or(opts.port, |a| a.port());
    env.note(McastText::Joined {
        group: &group,
        port,
        iface: iface.as_deref(),
    });
    env.note(McastText::Waiting);
    let cannot = |e: std::io::Error| {
        Error::new(env.tr(McastText::CannotReceive {
            port: opts.port,
            why: os_error(&e, env.lang()),
        }))
    };
    let mut poller = Poller::alone(&env.log).context(env.lang(), NetText::CannotStartLoop)?;
    // A handle of its own on the socket (the receiver keeps one to leave the group with).
    let sock = receiver.sock.try_clone().map_err(cannot)?;
    sock.set_nonblocking(true).map_err(cannot)?;
    let mut sock = mio::net::UdpSocket::from_std(sock);
    poller.watch(&mut sock).map_err(cannot)?;
    let mut owner = Recv {
        env: env.clone(),
        sock,
        buf: vec![0; BUF],
        quit: opts.quit_word.clone(),
        port: opts.port,
        show_sender: config.show_sender,
        quota: Quota::default(),
        failure: None,
    };
    // Nothing comes on a channel: only datagrams, through the poller.
    let (_tx, nothing) = bounded::<()>(1);
    owner::run(&mut owner, &nothing, &mut poller, None, &env.stop);
    owner.quota.finish(&env.log);
    drop(owner.sock);
    receiver.leave(env.lang())?;
    env.note(McastText::Left { group: &group });
    match owner.failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The receiver's state, on the owner runtime.
struct Recv {
    env: Env,
    sock: mio::net::UdpSocket,
    /// Where a datagram is received (any fits).
    buf: Vec<u8>,
    quit: String,
    port: u16,
    show_sender: bool,
    /// Warnings about bad datagrams, per sender.
    quota: Quota,
    failure: Option<Error>,
}

impl Recv {
    /// One datagram from `from`.
    fn datagram(&mut self, from: SocketAddr, len: usize) -> Flow {
        let datagram = &self.buf[..len];
        let msg = match wire::decode(datagram) {
            Ok(msg) => msg,
            Err(why) => {
                let text = McastText::BadDatagram {
                    from,
                    len: datagram.len(),
                    why: &why,
                };
                self.quota.warn(&self.env.log, from, text, Instant::now());
                return Flow::Continue;
            }
        };
        if self.env.log.tracing() {
            self.env.log.trace(Dir::In, from, &msg, Some(datagram));
        }
        self.env
            .log
            .event(format_args!("message from={from} bytes={}", datagram.len()));
        if msg.data == self.quit {
            self.env.say(McastText::Ended { user: &msg.user });
            return Flow::Exit;
        }
        if self.show_sender {
            self.env
                .log
                .out(format_args!("[{from}] {}: {}", msg.user, msg.data));
        } else {
            self.env.log.out(format_args!("{}: {}", msg.user, msg.data));
        }
        Flow::Continue
    }
}

impl Owner for Recv {
    type Event = ();

    fn handle(&mut self, (): ()) -> Flow {
        Flow::Continue
    }

    /// Read what came, [`BURST`] datagrams at most.
    fn readable(&mut self) -> (Flow, bool) {
        for _ in 0..BURST {
            match self.sock.recv_from(&mut self.buf) {
                Ok((len, from)) => match self.datagram(from, len) {
                    Flow::Continue => {}
                    flow => return (flow, true),
                },
                Err(e) if e.kind() == ErrorKind::WouldBlock => return (Flow::Continue, false),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    self.failure = Some(Error::new(self.env.tr(McastText::CannotReceive {
                        port: self.port,
                        why: os_error(&e, self.env.lang()),
                    })));
                    return (Flow::Exit, false);
                }
            }
        }
        (Flow::Continue, true)
    }

    fn deadline(&self) -> Option<Instant> {
        self.quota.next_due()
    }

    fn tick(&mut self, now: Instant) -> Flow {
        self.quota.flush(&self.env.log, now);
        Flow::Continue
    }
}
