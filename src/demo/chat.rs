//! The chat classroom scenario (the original's table): a directory server; Ana, Bruno and
//! Camila join in turn; Bruno and Camila list who is online; Camila opens a conversation with
//! Bruno, they talk, Bruno says goodbye and closes it; Ana types with no conversation open;
//! everyone leaves. Every step waits for the line that proves it happened.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::Stage;
use super::text::Role as Label;
use crate::chat::config::{PeerConfig, ServerConfig};
use crate::chat::text::Chat;
use crate::chat::{peer, server};
use crate::net::Result;
use crate::term::log::Stream;

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

pub fn run(stage: &mut Stage) -> Result<()> {
    let env = stage.env().clone();
    stage.narrate(Chat::DemoServer);
    let srv = stage.spawn(&stage.role(Label::Server), |env| {
        server::run(
            ServerConfig {
                port: 0,
                bind: LOOPBACK,
                ..ServerConfig::default()
            },
            env,
        )
    })?;
    let addr = stage.listening(srv)?;

    let ana = join(stage, "Ana", addr)?;
    let bruno = join(stage, "Bruno", addr)?;

    stage.narrate(Chat::DemoLists("Bruno"));
    stage.type_line(bruno, "/list");
    let names = ["Ana".to_string()];
    stage.expect_out(bruno, &stage.env().tr(Chat::Online(&names)))?;

    let camila = join(stage, "Camila", addr)?;
    stage.narrate(Chat::DemoLists("Camila"));
    stage.type_line(camila, "/list");
    let names = ["Ana".to_string(), "Bruno".to_string()];
    stage.expect_out(camila, &env.tr(Chat::Online(&names)))?;

    stage.narrate(Chat::DemoOpens);
    stage.type_line(camila, "/chat Bruno");
    // In causal order: Camila connects, then Bruno reads her USER line.
    stage.expect_out(camila, &env.tr(Chat::Connected("Bruno")))?;
    stage.expect_out(bruno, &env.tr(Chat::Connected("Camila")))?;

    stage.narrate(Chat::DemoTalk);
    stage.type_line(camila, "Oi Bruno!");
    stage.expect_out(bruno, "Camila: Oi Bruno!")?;
    stage.type_line(bruno, "Tudo bem, Camila?");
    stage.expect_out(camila, "Bruno: Tudo bem, Camila?")?;

    stage.narrate(Chat::DemoBye);
    stage.type_line(bruno, "Tchau");
    stage.expect_out(camila, "Bruno: Tchau")?;
    stage.type_line(bruno, "/bye");
    stage.expect_all(&[
        (bruno, Stream::Out, &env.tr(Chat::Closed("Camila"))),
        (camila, Stream::Out, &env.tr(Chat::Left("Bruno"))),
    ])?;

    stage.narrate(Chat::DemoNobody);
    stage.type_line(ana, "Alguém aí?");
    stage.expect_out(ana, &env.tr(Chat::NoActive))?;

    stage.narrate(Chat::DemoExit);
    for (id, name) in [(ana, "Ana"), (bruno, "Bruno"), (camila, "Camila")] {
        stage.type_line(id, "/exit");
        stage.expect_err(srv, &env.tr(Chat::UserLeft(name)))?;
        stage.join(id)?;
    }

    stage.narrate(Chat::DemoStop);
    stage.stop(srv)
}

/// Start a peer and wait until the server has registered it.
fn join(stage: &mut Stage, name: &str, server: SocketAddr) -> Result<usize> {
    let env = stage.env().clone();
    stage.narrate(Chat::DemoJoins(name));
    let args = PeerConfig {
        name: name.to_string(),
        server: server.into(),
        bind: Some(LOOPBACK),
        ..PeerConfig::default()
    };
    let id = stage.spawn(name, move |env| peer::run(args, env))?;
    // "registered as NAME, conversations on port …": the part before the port.
    let registered = env.tr(Chat::Registered { name, port: 0 });
    let needle = registered.split(',').next().unwrap_or(&registered);
    stage.expect_err(id, needle)?;
    Ok(id)
}
