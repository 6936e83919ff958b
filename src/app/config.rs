//! The echo and app roles' settings: plain values with the documented defaults (`Default`,
//! written once, here), built from the command line by `From` (the only place in this folder
//! that knows clap).

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use crate::cli::{
    AppClientArgs, AppCommand, AppServerArgs, EchoClientArgs, EchoCommand, TutorialServerArgs,
};
use crate::net::addr::HostPort;

/// The tutorial's port, on both sides.
pub use super::wire::DEFAULT_PORT as PORT;
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
    /// The server (without a port: [`PORT`]).
    pub server: HostPort,
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
#[derive(Clone, Debug)]
pub struct AppServerConfig {
    pub listen: Listen,
    /// Searchable entries in the kv database format; none: the tutorial's built-in set.
    pub data: Option<PathBuf>,
    /// The `data` file's size limit, in bytes.
    pub max_data_size: u64,
    /// The largest content a request may announce, in bytes (at most 16 MiB).
    pub max_content: u64,
}

impl Default for AppServerConfig {
    fn default() -> Self {
        AppServerConfig {
            listen: Listen::default(),
            data: None,
            max_data_size: crate::net::dbfile::DEFAULT_MAX_SIZE,
            max_content: super::wire::DEFAULT_MAX_CONTENT,
        }
    }
}

/// Connections an echo or app server serves at once (fewer when the descriptor limit cannot
/// fit them: 2 per connection); one more is closed at once.
pub const CAPACITY: usize = 4096;

/// `netlab app client HOST:PORT ACTION VALUE`.
#[derive(Clone, Debug)]
pub struct AppClientConfig {
    pub server: HostPort,
    pub action: String,
    pub value: String,
}

/// Where clients look for the server by default.
pub fn default_server() -> HostPort {
    HostPort::new("127.0.0.1", Some(PORT))
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
