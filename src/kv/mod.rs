//! The kv protocol (see `spec/kv.md`).

use crate::cli::KvCommand;
use crate::net::{Env, Error, Result};

/// Run one kv role.
pub fn run(cmd: KvCommand, env: Env) -> Result<()> {
    let _ = (cmd, env);
    Err(Error::new("kv: not built yet"))
}
