//! The chat protocol (see `spec/chat.md`).

use crate::cli::ChatCommand;
use crate::net::{Env, Error, Result};

/// Run one chat role.
pub fn run(cmd: ChatCommand, env: Env) -> Result<()> {
    let _ = (cmd, env);
    Err(Error::new("chat: not built yet"))
}
