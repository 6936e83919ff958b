//! `netlab chat …` into the chat roles' settings.

use crate::chat::config::{PeerConfig, Role, ServerConfig, default_server};
use crate::cli::{ChatCommand, ChatPeerArgs, ChatServerArgs};

impl From<ChatCommand> for Role {
    fn from(cmd: ChatCommand) -> Role {
        match cmd {
            ChatCommand::Server(a) => Role::Server(a.into()),
            ChatCommand::Peer(a) => Role::Peer(a.into()),
        }
    }
}

impl From<ChatServerArgs> for ServerConfig {
    fn from(a: ChatServerArgs) -> Self {
        ServerConfig {
            port: a.listen_port(),
            bind: a.bind,
            expire: a.expire,
            addr_with_name: a.addr_with_name,
            ..ServerConfig::default()
        }
    }
}

impl From<ChatPeerArgs> for PeerConfig {
    fn from(a: ChatPeerArgs) -> Self {
        PeerConfig {
            name: a.name,
            server: a.server.or(a.server_flag).unwrap_or_else(default_server),
            listen: a.listen,
            bind: a.bind,
            keepalive: a.keepalive,
        }
    }
}
