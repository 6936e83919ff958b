//! The mcast protocol (see `spec/mcast.md`): a chat over UDP multicast where every message is
//! one JSON datagram `{"user": NAME, "data": TEXT}`. `send` turns stdin lines into datagrams;
//! `recv` joins the group and prints them; the quit word (`sair`) stops every receiver.

pub mod recv;
pub mod send;
pub mod socket;
pub mod wire;

use crate::cli::McastCommand;
use crate::net::{Env, Result};

/// Run one mcast role.
pub fn run(cmd: McastCommand, env: Env) -> Result<()> {
    match cmd {
        McastCommand::Send(args) => send::run(&args, &env),
        McastCommand::Recv(args) => recv::run(&args, &env),
    }
}
