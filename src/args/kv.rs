//! `netlab kv …` into the kv roles' settings.

use crate::cli::{KvClientArgs, KvCommand, KvNodeArgs};
use crate::kv::config::{ClientConfig, NodeConfig, Role};

impl From<KvCommand> for Role {
    fn from(cmd: KvCommand) -> Role {
        match cmd {
            KvCommand::Node(a) => Role::Node(a.into()),
            KvCommand::Client(a) => Role::Client(a.into()),
        }
    }
}

impl From<KvNodeArgs> for NodeConfig {
    fn from(a: KvNodeArgs) -> Self {
        NodeConfig {
            port: a.port,
            dbfile: a.dbfile,
            neighbours: a.neighbours,
            bind: a.bind,
            advertise: a.advertise,
            trim_values: a.trim_values,
            dedup_window: a.dedup_window,
            answer_rate: a.answer_rate,
            max_db_size: a.max_db_size,
        }
    }
}

impl From<KvClientArgs> for ClientConfig {
    fn from(a: KvClientArgs) -> Self {
        ClientConfig {
            port: a.port,
            node: a.node,
            bind: a.bind,
            timeout: a.timeout,
            indicator: true,
        }
    }
}
