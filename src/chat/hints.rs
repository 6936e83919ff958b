//! Known mistakes of chat servers in the wild, recognised from the lines they send (pure: no
//! sockets, no printing). `netlab check` names them under a failure or a warning; each hint's
//! sentence is in `text.rs`.
//!
//! - Line endings: a reply with no terminator at all (the sender relies on one `recv` being
//!   one line), or a bare `\n` where the protocol says `\r\n`.
//! - Replies with trailing blanks, `LIST a: b` (a space after the colon, as in the original's
//!   example table), a bare `LIST` when nobody else is online, and the later edition's
//!   `ADDR name:ip:port`.
//! - A server that never expires silent users.

use super::wire::{Reply, show_addr};

/// One recognised mistake (or tolerated variant).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatHint {
    /// A line with no terminator at all.
    MissingCrlf,
    /// A line ending in `\n` alone.
    BareLf,
    /// A reply with trailing blanks (other than `LIST `'s one).
    TrailingSpace,
    /// `ADDR name:ip:port`, the later edition's form.
    AddrWithName,
    /// `LIST` alone for an empty list.
    BareList,
    /// `LIST a: b`.
    SpaceAfterColon,
    /// A silent user was never cut off.
    NoExpiry,
}

/// How a received line ended: `raw` is the line as it arrived, with whatever terminator it had.
pub fn ending(raw: &[u8]) -> Option<ChatHint> {
    if raw.ends_with(b"\r\n") {
        None
    } else if raw.ends_with(b"\n") {
        Some(ChatHint::BareLf)
    } else {
        Some(ChatHint::MissingCrlf)
    }
}

/// What a server's reply (without its terminator) gives away.
pub fn reply(line: &str) -> Option<ChatHint> {
    if line == "LIST" {
        return Some(ChatHint::BareList);
    }
    if let Some(names) = line.strip_prefix("LIST ") {
        if names.contains(": ") {
            return Some(ChatHint::SpaceAfterColon);
        }
        if !names.is_empty() && names.ends_with([' ', '\t']) {
            return Some(ChatHint::TrailingSpace);
        }
        return None;
    }
    if line.ends_with([' ', '\t']) {
        return Some(ChatHint::TrailingSpace);
    }
    match Reply::parse(line) {
        Reply::Addr { name: Some(_), .. } => Some(ChatHint::AddrWithName),
        _ => None,
    }
}

/// Does `line` say `ADDR` with exactly `addr` (either form)?
pub fn addr_is(line: &str, addr: std::net::SocketAddr) -> bool {
    matches!(Reply::parse(line), Reply::Addr { addr: a, .. } if show_addr(a) == show_addr(addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings() {
        assert_eq!(ending(b"LIST a\r\n"), None);
        assert_eq!(ending(b"LIST a\n"), Some(ChatHint::BareLf));
        assert_eq!(ending(b"LIST a"), Some(ChatHint::MissingCrlf));
    }

    #[test]
    fn replies() {
        assert_eq!(reply("LIST "), None);
        assert_eq!(reply("LIST Ana:Bruno"), None);
        assert_eq!(reply("LIST"), Some(ChatHint::BareList));
        assert_eq!(reply("LIST Ana: Bruno"), Some(ChatHint::SpaceAfterColon));
        assert_eq!(reply("LIST Ana "), Some(ChatHint::TrailingSpace));
        assert_eq!(reply("ADDR 127.0.0.1:5000"), None);
        assert_eq!(reply("ADDR 127.0.0.1:5000 "), Some(ChatHint::TrailingSpace));
        assert_eq!(
            reply("ADDR Ana:127.0.0.1:5000"),
            Some(ChatHint::AddrWithName)
        );
        let a = "127.0.0.1:5000".parse().unwrap();
        assert!(addr_is("ADDR 127.0.0.1:5000", a));
        assert!(addr_is("ADDR Ana:127.0.0.1:5000", a));
        assert!(!addr_is("ADDR 127.0.0.1:5001", a));
    }
}
