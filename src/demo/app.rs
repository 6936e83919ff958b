//! The app classroom scenario: the tutorial's echo run, its multi-connection run (`-c 2`
//! with two messages), then the app server answering a search hit, a miss, the emoji key and
//! a binary request. Everything on loopback, port 0.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::Stage;
use crate::cli::{
    AppClientArgs, AppCommand, AppServerArgs, EchoClientArgs, EchoCommand, TutorialServerArgs,
};
use crate::net::Result;
use crate::net::text::app::AppText;

fn loopback() -> TutorialServerArgs {
    TutorialServerArgs {
        port: 0,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
    }
}

pub fn run(stage: &mut Stage) -> Result<()> {
    let env = stage.env().clone();
    let tr = |t: AppText| env.tr(t);
    stage.title(tr(AppText::DemoTitle));

    // echo, one connection, then two at once
    stage.narrate(tr(AppText::DemoEcho));
    let server = stage.spawn("echo server", |env| {
        crate::app::run_echo(EchoCommand::Server(loopback()), env)
    })?;
    let addr = stage.listening(server)?;
    echo_client(stage, "echo client", addr, 1, &[])?;
    stage.narrate(tr(AppText::DemoMulti));
    echo_client(
        stage,
        "multiconn client",
        addr,
        2,
        &["Message 1 from client.", "Message 2 from client."],
    )?;
    stage.stop(server)?;

    // app: search hit, miss, emoji, binary
    stage.narrate(tr(AppText::DemoApp));
    let server = stage.spawn("app server", |env| {
        let args = AppServerArgs {
            listen: loopback(),
            data: None,
        };
        crate::app::run_app(AppCommand::Server(args), env)
    })?;
    let addr = stage.listening(server)?;
    let asks = [
        (AppText::DemoHit, "search", "morpheus"),
        (AppText::DemoMiss, "search", "needle"),
        (AppText::DemoEmoji, "search", "\u{1f436}"),
        (AppText::DemoBinary, "binary", "\u{1f603}"),
    ];
    for (say, action, value) in asks {
        stage.narrate(tr(say));
        let client = stage.spawn("app client", move |env| {
            let args = AppClientArgs {
                server: addr.to_string(),
                action: action.to_string(),
                value: value.to_string(),
            };
            crate::app::run_app(AppCommand::Client(args), env)
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
    let args = EchoClientArgs {
        server: addr.to_string(),
        connections: count,
        messages: messages.iter().map(|m| m.to_string()).collect(),
    };
    let client = stage.spawn(role, move |env| {
        crate::app::run_echo(EchoCommand::Client(args), env)
    })?;
    for k in 1..=count {
        stage.expect_out(client, &format!("from connection {k}"))?;
    }
    stage.join(client)
}
