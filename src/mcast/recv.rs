//! `netlab mcast recv`: join the group and print every message as `NAME: TEXT` until a sender
//! types the quit word or Ctrl-C arrives; then leave the group. Never reads stdin.
//!
//! A reader thread receives the datagrams and hands them to the owner through a bounded
//! channel (when the owner falls behind, the kernel's socket buffer absorbs the burst and then
//! drops, as UDP does); it reads with a short timeout so it notices when the owner is done.
//!
//! stdout carries the messages only (`--show-sender` puts the sender's address first); `-v`
//! adds a stderr line per message, naming its sender. Bad datagrams are warned about within a budget per sender,
//! the rest counted and summarised once a second, so a flood cannot flood the log.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crossbeam_channel::bounded;

use super::config::RecvConfig;
use super::socket::{self, Receiver};
use super::text::McastText;
use super::wire;
use crate::net::owner::{self, Flow, Owner};
use crate::net::poller::{Outlet, Poller};
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Error, Result};
use crate::term::log::Dir;
use crate::term::quota::Quota;
use crate::term::text::os_error;

/// Any UDP payload fits (the IPv6 maximum is 65,527 bytes), so no datagram is ever truncated.
const BUF: usize = 64 * 1024;
/// Datagrams waiting for the owner.
const QUEUE: usize = 1024;

pub fn run(config: &RecvConfig, env: &Env) -> Result<()> {
    let receiver = socket::receiver(&config.group, env.lang())?;
    serve(receiver, config, env)
}

/// What the reader thread hands the owner.
enum Ev {
    Datagram(SocketAddr, Vec<u8>),
    Failed(std::io::Error),
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
    let (tx, rx) = bounded(QUEUE);
    let cannot = |e: std::io::Error| {
        Error::new(env.tr(McastText::CannotReceive {
            port: opts.port,
            why: os_error(&e, env.lang()),
        }))
    };
    let mut poller = Poller::alone(&env.log).context(env.lang(), NetText::CannotStartLoop)?;
    let tx = Outlet::new(tx, poller.bell());
    let done = Arc::new(AtomicBool::new(false));
    let sock = receiver.sock.try_clone().map_err(cannot)?;
    let reader = {
        let done = done.clone();
        std::thread::Builder::new()
            .name("mcast-reader".into())
            .spawn(move || read_datagrams(&sock, &tx, &done))
            .map_err(|e| {
                Error::new(env.tr(McastText::CannotReceive {
                    port: opts.port,
                    why: e.to_string(),
                }))
            })?
    };
    let mut owner = Recv {
        env: env.clone(),
        quit: opts.quit_word.clone(),
        port: opts.port,
        show_sender: config.show_sender,
        quota: Quota::default(),
        failure: None,
    };
    owner::run(&mut owner, &rx, &mut poller, None, &env.stop);
    owner.quota.finish(&env.log);
    done.store(true, Ordering::Release);
    drop(rx);
    let _ = reader.join();
    receiver.leave(env.lang())?;
    env.note(McastText::Left { group: &group });
    match owner.failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Receive until `done`, or until the owner is gone.
fn read_datagrams(sock: &std::net::UdpSocket, tx: &Outlet<Ev>, done: &AtomicBool) {
    let mut buf = vec![0u8; BUF];
    while !done.load(Ordering::Acquire) {
        let ev = match sock.recv_from(&mut buf) {
            Ok((len, from)) => Ev::Datagram(from, buf[..len].to_vec()),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                continue;
            }
            Err(e) => Ev::Failed(e),
        };
        let failed = matches!(ev, Ev::Failed(_));
        if tx.send(ev).is_err() || failed {
            return;
        }
    }
}

/// The receiver's state, on the owner runtime.
struct Recv {
    env: Env,
    quit: String,
    port: u16,
    show_sender: bool,
    /// Warnings about bad datagrams, per sender.
    quota: Quota,
    failure: Option<Error>,
}

impl Owner for Recv {
    type Event = Ev;

    fn handle(&mut self, ev: Ev) -> Flow {
        let (from, datagram) = match ev {
            Ev::Datagram(from, d) => (from, d),
            Ev::Failed(e) => {
                self.failure = Some(Error::new(self.env.tr(McastText::CannotReceive {
                    port: self.port,
                    why: os_error(&e, self.env.lang()),
                })));
                return Flow::Exit;
            }
        };
        let msg = match wire::decode(&datagram) {
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
            self.env.log.trace(Dir::In, from, &msg, Some(&datagram));
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

    fn deadline(&self) -> Option<Instant> {
        self.quota.next_due()
    }

    fn tick(&mut self, now: Instant) -> Flow {
        self.quota.flush(&self.env.log, now);
        Flow::Continue
    }
}
