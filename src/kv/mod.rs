//! The kv protocol (spec/kv.md): a peer-to-peer key-value store. Nodes (servents) hold a
//! database each and form an overlay; a client asks its node for a key or the topology, and the
//! node floods the request to its neighbours with TTL 3. Every node within reach that can
//! answer connects back to the client and delivers one RESP.
//!
//! `wire` is the byte format (`codec` puts it on connections), `db` the database loader,
//! `dedup` the bounded memory of floods already seen, `deliver` the answer connections that
//! no destination can stall, `hints` the mistakes of other implementations, `config` and
//! `text` the roles' settings and sentences, `node` and `client` the two roles.

pub mod answers;
pub mod client;
pub mod codec;
pub mod config;
pub mod db;
pub mod dedup;
pub mod deliver;
pub mod hints;
pub mod node;
pub mod text;
pub mod wire;

use crate::net::{Env, Result};

pub use config::Role;

/// Run one kv role.
pub fn run(role: Role, env: Env) -> Result<()> {
    match role {
        Role::Node(c) => node::run(c, env),
        Role::Client(c) => client::run(c, env),
    }
}
