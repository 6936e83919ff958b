//! The chat roles' settings: plain values with the documented defaults (`Default`, written once,
//! here). `src/args/chat.rs` builds them from the command line; nothing in this folder imports
//! `cli.rs`.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use crate::net::addr::HostPort;

/// The directory server's port when none is given, on either side.
pub use super::wire::DEFAULT_PORT as PORT;

/// `netlab chat server`.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub port: u16,
    pub bind: IpAddr,
    /// Silence after which a user is cut off.
    pub expire: Duration,
    /// Answer ADDR as `ADDR name:ip:port` (the later edition of the assignment).
    pub addr_with_name: bool,
    /// Connections served at once (fewer when the descriptor limit cannot fit them).
    pub capacity: usize,
}

/// The directory's documented capacity: connections (registered or not) at once.
pub const CAPACITY: usize = 16_000;

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            port: PORT,
            bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            expire: Duration::from_secs(15),
            addr_with_name: false,
            capacity: CAPACITY,
        }
    }
}

/// `netlab chat peer NAME`.
#[derive(Clone, Debug)]
pub struct PeerConfig {
    pub name: String,
    /// The directory server (without a port: [`PORT`]).
    pub server: HostPort,
    /// The port conversations are accepted on (0: the OS picks).
    pub listen: u16,
    /// The address conversations are accepted on.
    pub bind: Option<IpAddr>,
    /// Interval between keepalives to the server.
    pub keepalive: Duration,
}

impl Default for PeerConfig {
    fn default() -> Self {
        PeerConfig {
            name: String::new(),
            server: default_server(),
            listen: 0,
            bind: None,
            keepalive: Duration::from_secs(5),
        }
    }
}

/// Where peers look for the directory by default.
pub fn default_server() -> HostPort {
    HostPort::new("127.0.0.1", Some(PORT))
}

/// One chat role, ready to run.
#[derive(Clone, Debug)]
pub enum Role {
    Server(ServerConfig),
    Peer(PeerConfig),
}
