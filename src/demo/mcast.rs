//! The mcast classroom scenario (the original's gif): two receivers and two senders on this
//! host; each sender's line reaches both receivers and not the other sender; Ana types `sair`
//! and both receivers stop. Every socket is pinned to the loopback interface (127.0.0.1) and
//! the port is one nobody else is using, so no datagram leaves the machine and no other
//! receiver on the host hears the demo (nor the demo them).

use std::net::{IpAddr, Ipv4Addr, UdpSocket};

use super::Stage;
use super::text::{DemoText, Role as Label};
use crate::mcast::config::{GroupConfig, RecvConfig, SendConfig};
use crate::mcast::text::McastText;
use crate::mcast::{recv, send, socket};
use crate::net::{Error, Result};
use crate::term::log::{Level, Stream};

const GROUP: IpAddr = IpAddr::V4(Ipv4Addr::new(224, 3, 29, 71));
const QUIT: &str = "sair";

/// A UDP port no socket on the host is bound to right now (the system picks it).
fn free_port(stage: &Stage) -> Result<u16> {
    let no_port = |e: std::io::Error| {
        Error::new(
            stage
                .env()
                .tr(DemoText::NoFreePort(crate::term::text::os_error(
                    &e,
                    stage.env().lang(),
                ))),
        )
    };
    let probe = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).map_err(no_port)?;
    Ok(probe.local_addr().map_err(no_port)?.port())
}

fn group(port: u16) -> GroupConfig {
    GroupConfig {
        group: GROUP,
        port,
        iface: Some("127.0.0.1".into()),
        quit_word: QUIT.into(),
        ..GroupConfig::default()
    }
}

pub fn run(stage: &mut Stage) -> Result<()> {
    let port = free_port(stage)?;
    let env = stage.env().clone();
    let chatty = env.log.level() >= Level::Normal;
    let group_text = GROUP.to_string();
    stage.narrate(McastText::DemoReceivers {
        group: &group_text,
        port,
    });
    let mut receivers = Vec::new();
    for k in 1..=2 {
        let name = stage.role(Label::Receiver(k));
        let args = RecvConfig {
            group: group(port),
            ..RecvConfig::default()
        };
        // Join here, before any sender starts, so the first line cannot go out unheard.
        let joined = socket::receiver(&args.group, env.lang())?;
        let id = stage.spawn(&name, move |env| recv::serve(joined, &args, &env))?;
        if chatty {
            stage.expect_err(id, &env.tr(McastText::Waiting))?;
        }
        receivers.push(id);
    }

    stage.narrate(McastText::DemoSenders);
    let mut senders = Vec::new();
    for user in ["Ana", "Bia"] {
        let args = SendConfig {
            user: user.into(),
            ttl: 1,
            group: group(port),
        };
        let id = stage.spawn(&stage.role(Label::Sender(user)), move |env| {
            send::run(&args, &env)
        })?;
        if chatty {
            let ready = env.tr(McastText::Sending {
                dest: (GROUP, port).into(),
                iface: Some("127.0.0.1"),
                user,
                quit: QUIT,
            });
            stage.expect_err(id, &ready)?;
        }
        senders.push(id);
    }
    let (ana, bia) = (senders[0], senders[1]);

    stage.narrate(McastText::DemoBoth);
    for (sender, user, line) in [
        (ana, "Ana", "Olá, grupo multicast!"),
        (bia, "Bia", "Oi, Ana! Recebi aqui."),
    ] {
        stage.type_line(sender, line);
        let want = format!("{user}: {line}");
        stage.expect_all(&[
            (receivers[0], Stream::Out, &want),
            (receivers[1], Stream::Out, &want),
        ])?;
    }
    stage.narrate(McastText::DemoNotSenders);

    stage.narrate(McastText::DemoQuit { quit: QUIT });
    stage.type_line(ana, QUIT);
    let ended = env.tr(McastText::Ended { user: "Ana" });
    stage.expect_all(&[
        (receivers[0], Stream::Out, &ended),
        (receivers[1], Stream::Out, &ended),
    ])?;
    for &r in &receivers {
        stage.join(r)?;
    }
    stage.join(ana)?;

    stage.narrate(McastText::DemoDone);
    stage.stop(bia)
}
