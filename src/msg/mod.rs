//! The msg protocol (see `spec/msg.md`).

use crate::cli::MsgCommand;
use crate::net::{Env, Error, Result};

/// Run one msg role.
pub fn run(cmd: MsgCommand, env: Env) -> Result<()> {
    let _ = (cmd, env);
    Err(Error::new("msg: not built yet"))
}
