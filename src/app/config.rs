//! The echo and app roles' settings: plain values with the documented defaults (`Default`, written
//! once, here). `src/args/app.rs` builds them from the command line; nothing in this folder imports
//! `cli.rs`.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

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
            max_data_size: crate::dbfile::DEFAULT_MAX_SIZE,
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
