//! `netlab msg …` into the msg roles' settings.

use crate::cli::{MsgCommand, MsgDisplayArgs, MsgEmitterArgs, MsgServerArgs};
use crate::msg::config::{DisplayConfig, EmitterConfig, Role, ServerConfig};

impl From<MsgCommand> for Role {
    fn from(cmd: MsgCommand) -> Role {
        match cmd {
            MsgCommand::Server(a) => Role::Server(a.into()),
            MsgCommand::Emitter(a) => Role::Emitter(a.into()),
            MsgCommand::Display(a) => Role::Display(a.into()),
        }
    }
}

impl From<MsgServerArgs> for ServerConfig {
    fn from(a: MsgServerArgs) -> Self {
        ServerConfig {
            port: a.listen_port(),
            bind: a.bind,
            max_emitters: a.max_emitters,
            max_displays: a.max_displays,
            lane_limit: a.queue,
            ack_timeout: a.ack_timeout,
            hello_timeout: a.hello_timeout,
            stall_timeout: a.stall_timeout,
        }
    }
}

impl From<MsgEmitterArgs> for EmitterConfig {
    fn from(a: MsgEmitterArgs) -> Self {
        EmitterConfig {
            server: a.server,
            id: a.id,
            to: a.to,
        }
    }
}

impl From<MsgDisplayArgs> for DisplayConfig {
    fn from(a: MsgDisplayArgs) -> Self {
        DisplayConfig {
            server: a.server,
            id: a.id,
            owner: a.owner,
        }
    }
}
