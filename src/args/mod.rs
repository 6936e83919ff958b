//! The command line's values turned into each role's settings: one `From` per clap type of
//! `cli.rs` into the plain Config its module defines (the proxy: a function that resolves
//! TARGET and starts it). The dependency goes one way, from the command line to the
//! protocols: `cli.rs` and this folder import the protocols' configs, no protocol imports
//! `cli.rs`, and a role started without a command line (the demo, the tests, the benchmarks)
//! starts from the same Configs and their `Default`.

mod app;
mod chat;
mod check;
mod demo;
mod grade;
mod kv;
mod mcast;
mod msg;
pub mod proxy;
