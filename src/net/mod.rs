//! The transport every protocol shares, and only that: errors, the role environment, the
//! owner runtime and its reactor (the poller, connections, codecs, accepting), sockets,
//! addresses, shutdown, and the few sentences the plumbing itself says. What differs between
//! platforms is [`crate::platform`]. The terminal side (logging, input lines, the language machinery) is
//! [`crate::term`].
//!
//! A protocol module never imports another protocol module; anything two of them need lives
//! here.

pub mod accept;
pub mod addr;
pub mod codec;
pub mod conn;
pub mod env;
pub mod owner;
pub mod poller;
pub mod reader;
pub mod sentences;
pub mod shutdown;
pub mod sock;

use std::fmt;

pub use env::Env;

use crate::term::text::{Lang, Text, os_error};

/// A runtime error: one line saying what failed and where (`main` prints it as
/// `netlab: error: …` and exits 1).
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(msg: impl Into<String>) -> Self {
        Error(msg.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Attach "what we were doing" to an operating-system error, as one line in the user's
/// language: `what` is a catalog sentence, the error its detail (`text::os_error`).
pub trait Context<T> {
    fn context(self, lang: Lang, what: impl Text) -> Result<T>;
}

impl<T> Context<T> for std::io::Result<T> {
    fn context(self, lang: Lang, what: impl Text) -> Result<T> {
        self.map_err(|e| Error(format!("{}: {}", what.render(lang), os_error(&e, lang))))
    }
}
