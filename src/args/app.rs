//! `netlab echo …` and `netlab app …` into the tutorial roles' settings.

use crate::app::config::{
    AppClientConfig, AppServerConfig, EchoClientConfig, Listen, Role, default_server,
};
use crate::cli::{
    AppClientArgs, AppCommand, AppServerArgs, EchoClientArgs, EchoCommand, TutorialServerArgs,
};
use crate::net::addr::HostPort;

impl From<EchoCommand> for Role {
    fn from(cmd: EchoCommand) -> Role {
        match cmd {
            EchoCommand::Server(a) => Role::EchoServer(a.into()),
            EchoCommand::Client(a) => Role::EchoClient(a.into()),
        }
    }
}

impl From<AppCommand> for Role {
    fn from(cmd: AppCommand) -> Role {
        match cmd {
            AppCommand::Server(a) => Role::AppServer(a.into()),
            AppCommand::Client(a) => Role::AppClient(a.into()),
        }
    }
}

impl From<TutorialServerArgs> for Listen {
    fn from(a: TutorialServerArgs) -> Self {
        Listen {
            port: a.listen_port(),
            bind: a.bind,
        }
    }
}

impl From<EchoClientArgs> for EchoClientConfig {
    fn from(a: EchoClientArgs) -> Self {
        // The first word is the server when it reads as an address, else a message.
        let mut words = a.words;
        let server = match words.first() {
            Some(w) if HostPort::looks_like_address(w) => {
                HostPort::parse(&words.remove(0)).unwrap_or_else(|_| default_server())
            }
            _ => default_server(),
        };
        EchoClientConfig {
            server,
            connections: a.connections,
            messages: words,
        }
    }
}

impl From<AppServerArgs> for AppServerConfig {
    fn from(a: AppServerArgs) -> Self {
        AppServerConfig {
            listen: a.listen.into(),
            data: a.data,
            max_data_size: a.max_data_size,
            max_content: a.max_content,
        }
    }
}

impl From<AppClientArgs> for AppClientConfig {
    fn from(a: AppClientArgs) -> Self {
        // `Cli::check` has refused a server that does not parse.
        let (server, action, value) = a
            .split()
            .map(|(s, a, v)| (s, a.to_string(), v.to_string()))
            .unwrap_or_default();
        AppClientConfig {
            server: server.unwrap_or_else(default_server),
            action,
            value,
        }
    }
}
