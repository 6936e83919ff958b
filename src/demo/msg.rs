//! The msg classroom scenario (the original's Figure 1 tests): a server, displays 1001 and
//! 1002, emitters 1 and 2; "Ob-la-di" to all, "Ob-la-da" to 1002, "Life goes on, brah!!!"
//! to 1001, a QEM shown on 1001; then Ctrl-C on the server and everyone leaves cleanly.

use std::net::{IpAddr, Ipv4Addr};

use super::Stage;
use super::text::Role as Label;
use crate::msg::config::{DisplayConfig, EmitterConfig, ServerConfig};
use crate::msg::text::{MsgText, Role};
use crate::msg::{display, emitter, server};
use crate::net::Result;
use crate::net::addr::HostPort;
use crate::term::log::Stream::{Err, Out};

pub fn run(stage: &mut Stage) -> Result<()> {
    let env = stage.env().clone();
    stage.narrate(MsgText::DemoStart);

    let srv = stage.spawn(&stage.role(Label::Server), |env| {
        server::run(
            ServerConfig {
                port: 0,
                bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
                ..ServerConfig::default()
            },
            env,
        )
    })?;
    let addr: HostPort = stage.listening(srv)?.into();

    let mut displays = Vec::new();
    for id in [1001u16, 1002] {
        let server = addr.clone();
        let d = stage.spawn(&stage.role(Label::Display(id)), move |env| {
            display::run(
                DisplayConfig {
                    server,
                    id: Some(id),
                    ..DisplayConfig::default()
                },
                env,
            )
        })?;
        // The client's line and the server's, so the step always ends the same way.
        let registered = env.tr(MsgText::Registered {
            role: Role::Display,
            id,
        });
        let joined = joined(&env, id);
        stage.expect_all(&[(d, Err, &registered), (srv, Err, &joined)])?;
        displays.push(d);
    }
    let mut emitters = Vec::new();
    for id in [1u16, 2] {
        let server = addr.clone();
        let e = stage.spawn(&stage.role(Label::Emitter(id)), move |env| {
            emitter::run(
                EmitterConfig {
                    server,
                    id: Some(id),
                    ..EmitterConfig::default()
                },
                env,
            )
        })?;
        // The client's line and the server's, so the step always ends the same way.
        let registered = env.tr(MsgText::Registered {
            role: Role::Emitter,
            id,
        });
        let joined = joined(&env, id);
        stage.expect_all(&[(e, Err, &registered), (srv, Err, &joined)])?;
        emitters.push(e);
    }
    let (d1001, d1002) = (displays[0], displays[1]);
    let (e1, e2) = (emitters[0], emitters[1]);
    let message = |from: u16, text: &str| env.tr(MsgText::Message { from, text });

    stage.narrate(MsgText::DemoToAll);
    stage.type_line(e1, "Ob-la-di");
    stage.expect_all(&[
        (e1, Err, &env.tr(MsgText::OkToAll)),
        (d1001, Out, &message(1, "Ob-la-di")),
        (d1002, Out, &message(1, "Ob-la-di")),
    ])?;

    stage.narrate(MsgText::DemoTo1002);
    stage.type_line(e1, "/msg 1002 Ob-la-da");
    stage.expect_all(&[
        (e1, Err, &env.tr(MsgText::OkTo { display: 1002 })),
        (d1002, Out, &message(1, "Ob-la-da")),
    ])?;

    stage.narrate(MsgText::DemoTo1001);
    stage.type_line(e2, "/msg 1001 Life goes on, brah!!!");
    stage.expect_all(&[
        (e2, Err, &env.tr(MsgText::OkTo { display: 1001 })),
        (d1001, Out, &message(2, "Life goes on, brah!!!")),
    ])?;

    stage.narrate(MsgText::DemoWho);
    stage.type_line(e1, "/who 1001");
    let ids = [1, 2, 1001, 1002];
    stage.expect_all(&[
        (e1, Err, &env.tr(MsgText::OkWho { display: 1001 })),
        (d1001, Out, &env.tr(MsgText::Clients { ids: &ids })),
    ])?;

    stage.narrate(MsgText::DemoShutdown);
    stage.stop(srv)?;
    // A display is told (FLW) and leaves; our server only closes an emitter's connection,
    // and an emitter whose server closed it ends with an error (exit status 1).
    for id in displays {
        stage.join(id)?;
    }
    for id in emitters {
        stage.join_failing(id)?;
    }
    Ok(())
}

/// The start of the server's line for a client that joined (before its address).
fn joined(env: &crate::net::Env, id: u16) -> String {
    let peer = std::net::SocketAddr::from(([127, 0, 0, 1], 1));
    let line = env.tr(MsgText::Joined { id, peer });
    line.split(" (").next().unwrap_or_default().to_string()
}
