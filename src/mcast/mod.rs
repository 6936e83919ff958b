//! The mcast protocol (see `spec/mcast.md`): a chat over UDP multicast where every message is
//! one JSON datagram `{"user": NAME, "data": TEXT}`. `send` turns stdin lines into datagrams;
//! `recv` joins the group and prints them; the quit word (`sair`) stops every receiver.
//!
//! `wire` is the datagram format, `socket` the multicast set-up, `config` and `text` the roles'
//! settings and sentences.

pub mod config;
pub mod recv;
pub mod send;
pub mod socket;
pub mod text;
pub mod wire;

use crate::net::{Env, Result};

pub use config::Role;

/// Run one mcast role.
pub fn run(role: Role, env: Env) -> Result<()> {
    match role {
        Role::Send(c) => send::run(&c, &env),
        Role::Recv(c) => recv::run(&c, &env),
    }
}
