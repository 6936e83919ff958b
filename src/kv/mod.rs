//! The kv protocol (spec/kv.md): a peer-to-peer key-value store. Nodes (servents) hold a
//! database each and form an overlay; a client asks its node for a key or the topology, and the
//! node floods the request to its neighbours with TTL 3. Every node within reach that can
//! answer connects back to the client and delivers one RESP.
//!
//! `wire` is the byte format, `db` the database loader, `dedup` the bounded memory of floods
//! already seen, `node` and `client` the two roles.

pub mod client;
pub mod db;
pub mod dedup;
pub mod node;
pub mod wire;

use crate::cli::KvCommand;
use crate::net::{Env, Result};

/// Run one kv role.
pub fn run(cmd: KvCommand, env: Env) -> Result<()> {
    match cmd {
        KvCommand::Node(args) => node::run(args, env),
        KvCommand::Client(args) => client::run(args, env),
    }
}
