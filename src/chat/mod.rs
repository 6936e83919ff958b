//! The chat protocol (see `spec/chat.md`): a directory server that knows who is online and
//! where they listen, and peers that register with it and then talk to each other directly.
//!
//! - [`wire`]: line framing (with the interop leniency rules) and the typed lines, pure.
//! - [`server`]: `netlab chat server`, the directory.
//! - [`peer`]: `netlab chat peer NAME`, the user's side.

pub mod peer;
pub mod server;
pub mod wire;

use crate::cli::ChatCommand;
use crate::net::{Env, Result};

/// Run one chat role.
pub fn run(cmd: ChatCommand, env: Env) -> Result<()> {
    match cmd {
        ChatCommand::Server(args) => server::run(args, env.named("server")),
        ChatCommand::Peer(args) => {
            let role = args.name.clone();
            peer::run(args, env.named(&role))
        }
    }
}
