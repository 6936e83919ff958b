//! Addresses as people type them, one rule for every role: `HOST:PORT`, a bare `HOST` (then
//! the protocol's default port applies), `[v6]:PORT` or a bare IPv6 literal; host names
//! everywhere, bind addresses included (`-b localhost`). The syntax is checked while the
//! command line is parsed (a bad value is a usage error, exit 2); names are resolved when the
//! role starts (a name that does not resolve is a runtime error, exit 1).

use crate::net::sentences::{Lookup, NetText};
use crate::term::bad_value::BadValue;
use crate::term::text::Text;
use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::str::FromStr;

/// A host and maybe a port, as typed (not yet resolved).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPort {
    pub host: String,
    pub port: Option<u16>,
}

impl HostPort {
    pub fn new(host: impl Into<String>, port: Option<u16>) -> HostPort {
        HostPort {
            host: host.into(),
            port,
        }
    }

    /// Parse `HOST:PORT`, `HOST`, `[v6]:PORT`, `[v6]` or a bare IPv6 literal.
    pub fn parse(s: &str) -> Result<HostPort, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err(BadValue::EmptyAddress.say());
        }
        if let Ok(ip) = s.parse::<IpAddr>() {
            return Ok(HostPort::new(ip.to_string(), None));
        }
        if let Some(rest) = s.strip_prefix('[') {
            let (ip, after) = rest
                .split_once(']')
                .ok_or_else(|| BadValue::NoClosingBracket.say())?;
            let ip: IpAddr = ip.parse().map_err(|_| BadValue::NotIpv6InBrackets.say())?;
            return match after {
                "" => Ok(HostPort::new(ip.to_string(), None)),
                _ => match after.strip_prefix(':') {
                    Some(port) => Ok(HostPort::new(ip.to_string(), Some(parse_port(port)?))),
                    None => Err(BadValue::ExpectedIpv6Port.say()),
                },
            };
        }
        let (host, port) = match s.rsplit_once(':') {
            Some((host, port)) => (host, Some(parse_port(port)?)),
            None => (s, None),
        };
        check_host(host, Expected::HostPort)?;
        Ok(HostPort::new(host, port))
    }

    /// Like [`HostPort::parse`], but the port must be given (a peer with no default port).
    pub fn parse_with_port(s: &str) -> Result<HostPort, String> {
        let hp = HostPort::parse(s)?;
        if hp.port.is_none() {
            return Err(BadValue::PortMissing.say());
        }
        Ok(hp)
    }

    /// Does `s` look like an address rather than a sentence? An IP literal, anything with a
    /// port, `localhost`, or a dotted host name (`example.org`). Used where a first argument
    /// may be either (`echo client "Olá 🐶"` sends a message; `echo client 10.0.0.2` connects).
    pub fn looks_like_address(s: &str) -> bool {
        match HostPort::parse(s) {
            Err(_) => false,
            Ok(hp) => {
                hp.port.is_some()
                    || hp.host.parse::<IpAddr>().is_ok()
                    || hp.host.eq_ignore_ascii_case("localhost")
                    || hp.host.contains('.')
            }
        }
    }

    /// The port, or `default` when none was given.
    pub fn port_or(&self, default: u16) -> u16 {
        self.port.unwrap_or(default)
    }

    /// Resolve to socket addresses, IPv4 first (servers bind 0.0.0.0 by default, which ::1
    /// does not reach, and an address that travels inside a frame can only be IPv4).
    pub fn resolve(&self, default_port: u16) -> io::Result<Vec<SocketAddr>> {
        let port = self.port_or(default_port);
        let mut all: Vec<SocketAddr> = match self.host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => (self.host.as_str(), port).to_socket_addrs()?.collect(),
        };
        all.sort_by_key(|a| !a.is_ipv4());
        if all.is_empty() {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no address found"));
        }
        Ok(all)
    }

    /// The first address [`HostPort::resolve`] gives.
    pub fn resolve_one(&self, default_port: u16) -> io::Result<SocketAddr> {
        self.resolve(default_port).map(|all| all[0])
    }
}

impl fmt::Display for HostPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v6 = self.host.contains(':');
        match (self.port, v6) {
            (Some(p), true) => write!(f, "[{}]:{p}", self.host),
            (Some(p), false) => write!(f, "{}:{p}", self.host),
            (None, _) => f.write_str(&self.host),
        }
    }
}

impl FromStr for HostPort {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HostPort::parse(s)
    }
}

impl From<SocketAddr> for HostPort {
    fn from(a: SocketAddr) -> Self {
        HostPort::new(a.ip().to_string(), Some(a.port()))
    }
}

/// A bind address: an IP literal, or a host name that resolves to one (`localhost`).
pub fn parse_bind(s: &str) -> Result<IpAddr, String> {
    let s = s.trim();
    let s = s
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(s);
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Ok(ip);
    }
    check_host(s, Expected::Bind)?;
    let lang = crate::term::text::command_line_lang();
    let not_found = |why: &Lookup| NetText::CannotResolve { host: s, why }.render(lang);
    let mut all: Vec<IpAddr> = (s, 0)
        .to_socket_addrs()
        .map_err(|e| not_found(&Lookup::of(&e, lang)))?
        .map(|a| a.ip())
        .collect();
    all.sort_by_key(|ip| !ip.is_ipv4());
    all.first()
        .copied()
        .ok_or_else(|| not_found(&Lookup::NotFound))
}

/// What a host name stands in: a node's `HOST:PORT`, or an address to bind to.
#[derive(Clone, Copy)]
enum Expected {
    HostPort,
    Bind,
}

fn parse_port(port: &str) -> Result<u16, String> {
    port.parse::<u16>()
        .map_err(|_| BadValue::NotPort(port).say())
}

/// A host name: letters, digits, `-`, `_` and dots (no blanks, no second colon), and not only
/// digits and dots (a bare number is a port someone forgot the host of, and the resolver would
/// take `42375` for the address 0.0.165.135).
fn check_host(host: &str, expected: Expected) -> Result<(), String> {
    let numeric = host.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !host.is_empty() && numeric && host.parse::<IpAddr>().is_err() {
        return Err(match (host.parse::<u16>(), expected) {
            (Ok(port), Expected::HostPort) => BadValue::LooksLikePort { host, port }.say(),
            (Ok(_), Expected::Bind) => BadValue::BindLooksLikePort(host).say(),
            (Err(_), Expected::HostPort) => BadValue::NotHostIp(host).say(),
            (Err(_), Expected::Bind) => BadValue::NotBindIp(host).say(),
        });
    }
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
    match (ok, expected) {
        (true, _) => Ok(()),
        (false, Expected::HostPort) => Err(BadValue::NotHost.say()),
        (false, Expected::Bind) => Err(BadValue::NotBindHost.say()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hp(host: &str, port: Option<u16>) -> HostPort {
        HostPort::new(host, port)
    }

    #[test]
    fn the_forms_people_type() {
        assert_eq!(
            HostPort::parse("127.0.0.1:55555"),
            Ok(hp("127.0.0.1", Some(55555)))
        );
        assert_eq!(HostPort::parse("127.0.0.1"), Ok(hp("127.0.0.1", None)));
        assert_eq!(
            HostPort::parse("localhost:10000"),
            Ok(hp("localhost", Some(10000)))
        );
        assert_eq!(HostPort::parse("localhost"), Ok(hp("localhost", None)));
        assert_eq!(HostPort::parse("[::1]:5000"), Ok(hp("::1", Some(5000))));
        assert_eq!(HostPort::parse("::1"), Ok(hp("::1", None)));
        assert_eq!(HostPort::parse("[fe80::1]"), Ok(hp("fe80::1", None)));
        assert_eq!(hp("::1", Some(5000)).to_string(), "[::1]:5000");
        assert_eq!(hp("10.0.0.2", Some(7)).to_string(), "10.0.0.2:7");
    }

    #[test]
    fn what_is_refused() {
        for bad in [
            "127.0.0.1:abc",
            "127.0.0.1:70000",
            "",
            "Olá 🐶",
            "a b:5",
            "[::1",
            "[nope]:1",
            "[::1]x",
        ] {
            assert!(HostPort::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(HostPort::parse_with_port("5000").is_err());
        for number in ["42375", "10001", "1.2.3", "300.1.1.1"] {
            assert!(
                HostPort::parse(number).is_err(),
                "{number} taken for a host"
            );
        }
        assert!(
            HostPort::parse("42375")
                .unwrap_err()
                .contains("looks like a port")
        );
        assert!(HostPort::parse_with_port("127.0.0.1:5000").is_ok());
    }

    #[test]
    fn an_address_or_a_message() {
        for yes in [
            "127.0.0.1",
            "localhost",
            "example.org",
            "h:80",
            "::1",
            "[::1]:9",
        ] {
            assert!(HostPort::looks_like_address(yes), "{yes}");
        }
        for no in ["Olá 🐶", "Hello, world", "hello", "Message 1 from client."] {
            assert!(!HostPort::looks_like_address(no), "{no}");
        }
    }

    #[test]
    fn binds_take_names_too() {
        assert_eq!(parse_bind("127.0.0.2"), Ok("127.0.0.2".parse().unwrap()));
        assert_eq!(parse_bind("[::1]"), Ok("::1".parse().unwrap()));
        assert!(parse_bind("localhost").unwrap().is_loopback());
        assert!(parse_bind("no such host").is_err());
    }
}
