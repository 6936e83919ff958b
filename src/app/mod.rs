//! The socket tutorial's echo and JSON-header app programs (see `spec/app.md`).

use crate::cli::{AppCommand, EchoCommand};
use crate::net::{Env, Error, Result};

/// Run one echo role.
pub fn run_echo(cmd: EchoCommand, env: Env) -> Result<()> {
    let _ = (cmd, env);
    Err(Error::new("echo: not built yet"))
}

/// Run one app role.
pub fn run_app(cmd: AppCommand, env: Env) -> Result<()> {
    let _ = (cmd, env);
    Err(Error::new("app: not built yet"))
}
