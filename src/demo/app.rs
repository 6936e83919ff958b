//! The app classroom scenario: the tutorial's application server answering a search hit, a
//! miss, the emoji key and a binary request, one client per request. Everything on
//! loopback, port 0.

use super::Stage;
use super::echo::loopback;
use super::text::Role as Label;
use crate::app::config::{AppClientConfig, AppServerConfig};
use crate::app::text::AppText;
use crate::app::{client, server};
use crate::net::Result;

pub fn run(stage: &mut Stage) -> Result<()> {
    stage.narrate(AppText::DemoApp);
    let server = stage.spawn(&stage.role(Label::AppServer), |env| {
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
    let role = stage.role(Label::AppClient);
    for (say, action, value) in asks {
        stage.narrate(say);
        let client = stage.spawn(&role, move |env| {
            let config = AppClientConfig {
                server: addr.into(),
                action: action.to_string(),
                value: value.to_string(),
            };
            client::client(config, env)
        })?;
        // `got result: …` (JSON) or `got response: …` (binary), in the reader's language.
        let got = match action {
            "search" => stage.env().tr(AppText::GotResult(String::new())),
            _ => stage.env().tr(AppText::GotResponse(String::new())),
        };
        stage.expect_out(client, &got)?;
        stage.join(client)?;
    }
    stage.stop(server)
}
