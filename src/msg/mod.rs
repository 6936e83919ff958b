//! The msg protocol (see `spec/msg.md`): a server relaying text from emitters (ids 1..=999)
//! to displays (ids 1000..=1999) over one TCP connection per client, with a 14-byte binary
//! header.

pub mod display;
pub mod emitter;
pub mod server;
pub mod session;
pub mod wire;

use crate::cli::MsgCommand;
use crate::net::{Env, Result};

/// Run one msg role.
pub fn run(cmd: MsgCommand, env: Env) -> Result<()> {
    match cmd {
        MsgCommand::Server(args) => server::run(args, env),
        MsgCommand::Emitter(args) => emitter::run(args, env),
        MsgCommand::Display(args) => display::run(args, env),
    }
}
