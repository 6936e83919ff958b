//! The chat protocol (see `spec/chat.md`): a directory server that knows who is online and
//! where they listen, and peers that register with it and then talk to each other directly.
//!
//! - [`wire`]: line framing (with the interop leniency rules) and the typed lines, pure.
//! - [`codec`]: the lines on connections, for each side of each conversation.
//! - [`config`], [`text`]: the roles' settings and sentences.
//! - [`server`]: `netlab chat server`, the directory.
//! - [`peer`]: `netlab chat peer NAME`, the user's side.

pub mod codec;
pub mod config;
pub mod hints;
pub mod peer;
pub mod server;
pub mod text;
pub mod wire;

use crate::net::{Env, Result};

pub use config::Role;

/// Run one chat role; its log lines carry its name (`server`/`servidor`, or the peer's own).
pub fn run(role: Role, env: Env) -> Result<()> {
    match role {
        Role::Server(c) => {
            let name = env.lang().pick("server", "servidor");
            server::run(c, env.named(name))
        }
        Role::Peer(c) => {
            let name = c.name.clone();
            peer::run(c, env.named(&name))
        }
    }
}
