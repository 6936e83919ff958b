//! The echo and app roles' settings: plain values with the documented defaults (`Default`,
//! written once, here), built from the command line by `From` (the only place in this folder
//! that knows clap).

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use crate::cli::{
    AppClientArgs, AppCommand, AppServerArgs, EchoClientArgs, EchoCommand, TutorialServerArgs,
};

/// The tutorial's port, on both sides.
pub const PORT: u16 = 65432;
/// The message the echo client sends when none is given.
pub const DEFAULT_MESSAGE: &str = "Hello, world";

/// Where a tutorial server listens (the tutorial binds 127.0.0.1).
#[derive(Clone, Copy, Debug)]
pub struct Listen {
    pub port: u16,
    pub bind: IpAddr,
}

impl Default for Listen {
    fn default() -> Self {
        Listen {
            port: PORT,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        }
    }
}

/// `netlab echo client`.
#[derive(Clone, Debug)]
pub struct EchoClientConfig {
    /// The server, `HOST:PORT` or a bare host.
    pub server: String,
    /// Connections opened at once.
    pub connections: u32,
    /// Sent in order on each connection; none: [`DEFAULT_MESSAGE`].
    pub messages: Vec<String>,
}

impl Default for EchoClientConfig {
    fn default() -> Self {
        EchoClientConfig {
            server: default_server(),
            connections: 1,
            messages: Vec::new(),
        }
    }
}

/// `netlab app server`.
#[derive(Clone, Debug, Default)]
pub struct AppServerConfig {
    pub listen: Listen,
    /// Searchable entries in the kv database format; none: the tutorial's built-in set.
    pub data: Option<PathBuf>,
}

/// `netlab app client HOST:PORT ACTION VALUE`.
#[derive(Clone, Debug)]
pub struct AppClientConfig {
    pub server: String,
    pub action: String,
    pub value: String,
}

/// Where clients look for the server by default.
pub fn default_server() -> String {
    format!("127.0.0.1:{PORT}")
}

/// One echo or app role, ready to run.
#[derive(Clone, Debug)]
pub enum Role {
    EchoServer(Listen),
    EchoClient(EchoClientConfig),
    AppServer(AppServerConfig),
    AppClient(AppClientConfig),
}

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
            port: a.port,
            bind: a.bind,
        }
    }
}

impl From<EchoClientArgs> for EchoClientConfig {
    fn from(a: EchoClientArgs) -> Self {
        EchoClientConfig {
            server: a.server,
            connections: a.connections,
            messages: a.messages,
        }
    }
}

impl From<AppServerArgs> for AppServerConfig {
    fn from(a: AppServerArgs) -> Self {
        AppServerConfig {
            listen: a.listen.into(),
            data: a.data,
        }
    }
}

impl From<AppClientArgs> for AppClientConfig {
    fn from(a: AppClientArgs) -> Self {
        AppClientConfig {
            server: a.server,
            action: a.action,
            value: a.value,
        }
    }
}
