//! The mcast protocol (see `spec/mcast.md`).

use crate::cli::McastCommand;
use crate::net::{Env, Error, Result};

/// Run one mcast role.
pub fn run(cmd: McastCommand, env: Env) -> Result<()> {
    let _ = (cmd, env);
    Err(Error::new("mcast: not built yet"))
}
