//! The socket tutorial's echo and JSON-header app programs (see `spec/app.md`), byte-compatible
//! with the tutorial's Python programs.
//!
//! - `echo`: echo server and (multi-connection) echo client.
//! - `server`/`client`: the app request/response over the `wire` frame.
//! - `table`: the searchable entries (built-in or a kv database file).
//! - `py`: Python's JSON, `str()` and `repr()` renderings, so our bytes match theirs.
//! - `config`, `text`: the roles' settings and sentences.
//!
//! Both servers run a thread per connection (`app::served`): their connections share no
//! mutable state.

pub mod client;
pub mod config;
pub mod echo;
pub mod py;
pub mod served;
pub mod server;
pub mod table;
pub mod text;
pub mod wire;

use crate::net::{Env, Result};

pub use config::Role;

/// Run one echo or app role.
pub fn run(role: Role, env: Env) -> Result<()> {
    match role {
        Role::EchoServer(c) => echo::server(c, env),
        Role::EchoClient(c) => echo::client(c, env),
        Role::AppServer(c) => server::server(c, env),
        Role::AppClient(c) => client::client(c, env),
    }
}
