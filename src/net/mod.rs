//! Plumbing shared by every protocol, and only that: errors, the role environment, sockets,
//! connection threads, shutdown, stdin, logging and the en/pt text catalog.
//!
//! A protocol module never imports another protocol module; anything two of them need lives
//! here.

pub mod conn;
pub mod dbfile;
pub mod env;
pub mod log;
pub mod shutdown;
pub mod sock;
pub mod stdin;
pub mod text;

use std::fmt;

pub use env::Env;

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

/// Attach "what we were doing" to a lower-level error, as one line.
pub trait Context<T> {
    fn context<D: fmt::Display>(self, what: impl FnOnce() -> D) -> Result<T>;
}

impl<T, E: fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context<D: fmt::Display>(self, what: impl FnOnce() -> D) -> Result<T> {
        self.map_err(|e| Error(format!("{}: {e}", what())))
    }
}

/// Seconds since the Unix epoch, truncated to 32 bits (the wire timestamp of msg).
pub fn unix_time_u32() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as u32)
        .unwrap_or(0)
}
