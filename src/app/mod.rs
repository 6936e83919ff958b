//! The socket tutorial's echo and JSON-header app programs (see `spec/app.md`), byte-compatible
//! with the tutorial's Python programs.
//!
//! - `echo`: echo server and (multi-connection) echo client.
//! - `server`/`client`: the app request/response over the `wire` frame.
//! - `serve`: the thread-per-connection server skeleton both servers use.
//! - `table`: the searchable entries (built-in or a kv database file).
//! - `py`: Python's JSON, `str()` and `repr()` renderings, so our bytes match theirs.

pub mod client;
pub mod echo;
pub mod py;
pub mod serve;
pub mod server;
pub mod table;
pub mod wire;

use crate::cli::{AppCommand, EchoCommand};
use crate::net::{Env, Result};

/// Run one echo role.
pub fn run_echo(cmd: EchoCommand, env: Env) -> Result<()> {
    match cmd {
        EchoCommand::Server(args) => echo::server(args, env),
        EchoCommand::Client(args) => echo::client(args, env),
    }
}

/// Run one app role.
pub fn run_app(cmd: AppCommand, env: Env) -> Result<()> {
    match cmd {
        AppCommand::Server(args) => server::server(args, env),
        AppCommand::Client(args) => client::client(args, env),
    }
}
