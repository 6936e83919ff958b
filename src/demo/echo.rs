//! The echo classroom scenario: the tutorial's echo run (one connection, `Hello, world`), then
//! its multi-connection run (`-c 2` with two messages). Everything on loopback, port 0.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::Stage;
use super::text::Role as Label;
use crate::app::config::{EchoClientConfig, Listen};
use crate::app::echo;
use crate::app::text::AppText;
use crate::net::Result;

/// Where the tutorial's servers listen in the demo.
pub fn loopback() -> Listen {
    Listen {
        port: 0,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
    }
}

pub fn run(stage: &mut Stage) -> Result<()> {
    stage.narrate(AppText::DemoEcho);
    let server = stage.spawn(&stage.role(Label::EchoServer), |env| {
        echo::server(loopback(), env)
    })?;
    let addr = stage.listening(server)?;
    echo_client(stage, &stage.role(Label::EchoClient), addr, 1, &[])?;
    stage.narrate(AppText::DemoMulti);
    echo_client(
        stage,
        &stage.role(Label::MulticonnClient),
        addr,
        2,
        &["Message 1 from client.", "Message 2 from client."],
    )?;
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
        // The end of the line `received '…' from connection K`, in the reader's language.
        let line = stage.env().tr(AppText::EchoReceived {
            text: String::new(),
            conn: k,
        });
        let tail = line
            .rsplit_once('\'')
            .map_or(line.as_str(), |(_, tail)| tail);
        stage.expect_out(client, tail)?;
    }
    stage.join(client)
}
