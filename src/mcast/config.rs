//! The mcast roles' settings: plain values with the documented defaults (`Default`, written once,
//! here). `src/args/mcast.rs` builds them from the command line; nothing in this folder imports
//! `cli.rs`.

use std::net::{IpAddr, Ipv4Addr};

/// Group, port and interface, shared by send and recv.
#[derive(Clone, Debug)]
pub struct GroupConfig {
    /// IPv4 224.0.0.0/4 or IPv6 ff00::/8.
    pub group: IpAddr,
    pub port: u16,
    /// IPv4: the interface's local address or its name; IPv6: its name or index. `None`: the
    /// system's choice (its multicast route, usually the default route's interface).
    pub iface: Option<String>,
    /// Receive our own datagrams on this host.
    pub multicast_loop: bool,
    /// The line that ends the chat.
    pub quit_word: String,
}

impl Default for GroupConfig {
    fn default() -> Self {
        GroupConfig {
            group: IpAddr::V4(Ipv4Addr::new(224, 3, 29, 71)),
            port: super::wire::DEFAULT_PORT,
            iface: None,
            multicast_loop: true,
            quit_word: super::wire::QUIT_WORD.into(),
        }
    }
}

/// `netlab mcast send`.
#[derive(Clone, Debug)]
pub struct SendConfig {
    /// The name carried in every message.
    pub user: String,
    /// Multicast TTL (hops; 1 stays on the local network).
    pub ttl: u32,
    pub group: GroupConfig,
}

impl Default for SendConfig {
    fn default() -> Self {
        SendConfig {
            user: String::new(),
            ttl: 1,
            group: GroupConfig::default(),
        }
    }
}

/// `netlab mcast recv`.
#[derive(Clone, Debug, Default)]
pub struct RecvConfig {
    pub group: GroupConfig,
    /// Print each message with its sender's address first (`[IP:PORT] NAME: TEXT`).
    pub show_sender: bool,
}

/// One mcast role, ready to run.
#[derive(Clone, Debug)]
pub enum Role {
    Send(SendConfig),
    Recv(RecvConfig),
}
