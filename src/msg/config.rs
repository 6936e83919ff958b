//! The msg roles' settings: plain values with the documented defaults (`Default`, written once,
//! here). `src/args/msg.rs` builds them from the command line; nothing in this folder imports
//! `cli.rs`. `cli.rs` shows these defaults in `--help`; the demo, the benchmarks and the tests
//! start roles from them.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use crate::net::addr::HostPort;

/// The server's port when none is given, on either side.
pub use super::wire::DEFAULT_PORT as PORT;

/// `netlab msg server`.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub port: u16,
    pub bind: IpAddr,
    pub max_emitters: u16,
    pub max_displays: u16,
    /// Frames that may wait in each display's lane (`--queue`); when a lane is full, the
    /// emitters feeding it wait.
    pub lane_limit: u32,
    /// How long a display may leave a message unacknowledged.
    pub ack_timeout: Duration,
    /// How long a new connection has to complete its OI.
    pub hello_timeout: Duration,
    /// How long a display holding emitters back (or a peer whose answers pile up) may take
    /// no data at all before it is dropped.
    pub stall_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            port: PORT,
            bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            max_emitters: 999,
            max_displays: 1000,
            lane_limit: 1024,
            ack_timeout: Duration::from_secs(2),
            hello_timeout: Duration::from_secs(10),
            stall_timeout: Duration::from_secs(10),
        }
    }
}

/// `netlab msg emitter`.
#[derive(Clone, Debug)]
pub struct EmitterConfig {
    /// The server (without a port: [`PORT`]).
    pub server: HostPort,
    /// The id to register; `None`: the lowest free one.
    pub id: Option<u16>,
    /// Where plain lines go (0: every display).
    pub to: u16,
}

impl Default for EmitterConfig {
    fn default() -> Self {
        EmitterConfig {
            server: default_server(),
            id: None,
            to: 0,
        }
    }
}

/// `netlab msg display`.
#[derive(Clone, Debug)]
pub struct DisplayConfig {
    pub server: HostPort,
    pub id: Option<u16>,
    /// The emitter allowed to stop it; `None`: its own id minus 1000.
    pub owner: Option<u16>,
}

impl Default for DisplayConfig {
    fn default() -> Self {
        DisplayConfig {
            server: default_server(),
            id: None,
            owner: None,
        }
    }
}

/// Where clients look for the server by default.
pub fn default_server() -> HostPort {
    HostPort::new("127.0.0.1", Some(PORT))
}

/// One msg role, ready to run.
#[derive(Clone, Debug)]
pub enum Role {
    Server(ServerConfig),
    Emitter(EmitterConfig),
    Display(DisplayConfig),
}
