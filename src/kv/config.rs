//! The kv roles' settings: plain values with the documented defaults (`Default`, written once,
//! here). `src/args/kv.rs` builds them from the command line; nothing in this folder imports
//! `cli.rs`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::net::addr::HostPort;

/// `netlab kv node PORT DBFILE [IP:PORT…]`.
#[derive(Clone, Debug)]
pub struct NodeConfig {
    /// The listening port (0: the OS picks), also the PORT of the node's name.
    pub port: u16,
    pub dbfile: PathBuf,
    /// Neighbours to connect to at start.
    pub neighbours: Vec<HostPort>,
    /// The address to bind; outgoing connections leave from it too when it names one.
    pub bind: Option<IpAddr>,
    /// The IP in this node's name in topology answers.
    pub advertise: Option<IpAddr>,
    /// Start each value at its first non-blank character (the assignment's rule).
    pub trim_values: bool,
    /// How long a flood is remembered (duplicates of it dropped).
    pub dedup_window: Duration,
    /// Answer connections opened to one client address per second; 0: no cap.
    pub answer_rate: u32,
    /// The database file's size limit, in bytes.
    pub max_db_size: u64,
}

impl Default for NodeConfig {
    fn default() -> Self {
        NodeConfig {
            port: 0,
            dbfile: PathBuf::new(),
            neighbours: Vec::new(),
            bind: None,
            advertise: None,
            trim_values: false,
            dedup_window: super::dedup::EXPIRY,
            answer_rate: super::deliver::RATE,
            max_db_size: crate::dbfile::DEFAULT_MAX_SIZE,
        }
    }
}

/// `netlab kv client PORT IP:PORT`.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// Where answers are received (0: the OS picks).
    pub port: u16,
    /// The node.
    pub node: HostPort,
    pub bind: Option<IpAddr>,
    /// The quiet time that ends the collection of answers.
    pub timeout: Duration,
    /// Show a live indicator on stderr while answers are collected, when stderr is a
    /// terminal (off for in-process roles, whose stderr is not theirs).
    pub indicator: bool,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            port: 0,
            node: HostPort::new("127.0.0.1", None),
            bind: None,
            timeout: Duration::from_secs(4),
            indicator: false,
        }
    }
}

/// One kv role, ready to run.
#[derive(Clone, Debug)]
pub enum Role {
    Node(NodeConfig),
    Client(ClientConfig),
}
