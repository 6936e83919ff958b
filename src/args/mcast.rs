//! `netlab mcast …` into the mcast roles' settings.

use crate::cli::{McastCommand, McastGroup, McastRecvArgs, McastSendArgs};
use crate::mcast::config::{GroupConfig, RecvConfig, Role, SendConfig};

impl From<McastCommand> for Role {
    fn from(cmd: McastCommand) -> Role {
        match cmd {
            McastCommand::Send(a) => Role::Send(a.into()),
            McastCommand::Recv(a) => Role::Recv(a.into()),
        }
    }
}

impl From<McastGroup> for GroupConfig {
    fn from(a: McastGroup) -> Self {
        GroupConfig {
            group: a.group,
            port: a.port,
            iface: a.iface,
            // `--loop`/`--no-loop`, the last one given winning; on by default.
            multicast_loop: !a.no_loop,
            quit_word: a.quit_word,
        }
    }
}

impl From<McastSendArgs> for SendConfig {
    fn from(a: McastSendArgs) -> Self {
        SendConfig {
            user: a.user,
            ttl: a.ttl,
            group: a.group.into(),
        }
    }
}

impl From<McastRecvArgs> for RecvConfig {
    fn from(a: McastRecvArgs) -> Self {
        RecvConfig {
            group: a.group.into(),
            show_sender: a.show_sender,
        }
    }
}
