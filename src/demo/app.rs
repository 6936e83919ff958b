//! The app classroom scenario: the tutorial's echo run, its multi-connection run (`-c 2`
//! with two messages), then the app server answering a search hit, a miss, the emoji key and
//! a binary request. Everything on loopback, port 0.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::Stage;
use crate::app::config::{AppClientConfig, AppServerConfig, EchoClientConfig, Listen};
use crate::app::text::AppText;
use crate::app::{client, echo, server};
use crate::net::Result;

fn loopback() -> Listen {
    Listen {
        port: 0,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
    }
}

pub fn run(stage: &mut Stage) -> Result<()> {
    stage.title(AppText::DemoTitle);

    // echo, one connection, then two at once
    stage.narrate(AppText::DemoEcho);
    let server = stage.spawn("echo server", |env| echo::server(loopback(), env))?;
    let addr = stage.listening(server)?;
    echo_client(stage, "echo client", addr, 1, &[])?;
    stage.narrate(AppText::DemoMulti);
    echo_client(
        stage,
        "multiconn client",
        addr,
        2,
        &["Message 1 from client.", "Message 2 from client."],
    )?;
    stage.stop(server)?;

    // app: search hit, miss, emoji, binary
    stage.narrate(AppText::DemoApp);
    let server = stage.spawn("app server", |env| {
        let config = AppServerConfig {
            listen: loopback(),
            ..AppServerConfig::default()
        };
        server::server(config, env)
    })?;
    let addr = stage.listening(server)?;
    let asks = [
        (AppText::DemoHit, "search", "morpheus"),
        (AppText::DemoMiss, "search", "needle"),
        (AppText::DemoEmoji, "search", "\u{1f436}"),
        (AppText::DemoBinary, "binary", "\u{1f603}"),
    ];
    for (say, action, value) in asks {
        stage.narrate(say);
        let client = stage.spawn("app client", move |env| {
            let config = AppClientConfig {
                server: addr.into(),
                action: action.to_string(),
                value: value.to_string(),
            };
            client::client(config, env)
        })?;
        stage.expect_out(client, "got ")?;
        stage.join(client)?;
    }
    stage.stop(server)
}

/// Run `netlab echo client ADDR -c count MESSAGES…` and wait for all its lines.
fn echo_client(
    stage: &mut Stage,
    role: &str,
    addr: SocketAddr,
    count: u32,
    messages: &[&str],
) -> Result<()> {
    let config = EchoClientConfig {
        server: addr.into(),
        connections: count,
        messages: messages.iter().map(|m| m.to_string()).collect(),
    };
    let client = stage.spawn(role, move |env| echo::client(config, env))?;
    for k in 1..=count {
        stage.expect_out(client, &format!("from connection {k}"))?;
    }
    stage.join(client)
}
