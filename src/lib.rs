//! netlab: the reference implementation of five classic socket-programming assignments.

pub mod app;
pub mod args;
pub mod chat;
pub mod check;
pub mod cli;
pub mod dbfile;
pub mod demo;
pub mod diagram;
pub mod generate;
pub mod grade;
pub mod help_pt;
pub mod kv;
pub mod mcast;
pub mod msg;
pub mod net;
pub mod platform;
pub mod proxy;
pub mod term;
