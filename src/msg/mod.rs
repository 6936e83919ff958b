//! The msg protocol (see `spec/msg.md`): a server relaying text from emitters (ids 1 to 999)
//! to displays (ids 1000 to 1999) over one TCP connection per client, with a 14-byte binary
//! header.
//!
//! `wire` is the byte format (`codec` puts it on connections), `config` holds the roles'
//! settings, `text` their sentences; `server`, `emitter` and `display` are the roles, the
//! last two sharing `session` (registering, numbering, goodbye), the server's flow control
//! split into `lanes` (per display) and `relay` (per emitter request).

pub mod codec;
pub mod config;
pub mod display;
pub mod emitter;
pub mod hints;
mod lanes;
mod relay;
pub mod server;
pub mod session;
pub mod text;
pub mod wire;

use crate::net::{Env, Result};

pub use config::Role;

/// Run one msg role.
pub fn run(role: Role, env: Env) -> Result<()> {
    match role {
        Role::Server(c) => server::run(c, env),
        Role::Emitter(c) => emitter::run(c, env),
        Role::Display(c) => display::run(c, env),
    }
}

/// Seconds since the Unix epoch, truncated to 32 bits: the timestamp of every frame.
pub fn timestamp() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as u32)
        .unwrap_or(0)
}
