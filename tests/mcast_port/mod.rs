//! The UDP port each mcast test (end-to-end and Python interop) reserves for itself, so tests
//! running in parallel do not hear each other.
#![allow(dead_code)]

use std::net::{Ipv4Addr, SocketAddr};

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

/// A UDP port reserved for one test: held by a socket bound to 127.0.0.1 with SO_REUSEADDR,
/// which keeps other tests' port-0 binds off it but lets the receivers share it (and, being
/// bound to a unicast address, never receives the group's datagrams itself).
pub struct Port {
    _hold: Socket,
    pub n: u16,
}

impl Port {
    pub fn reserve() -> Port {
        let hold = Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::UDP)).unwrap();
        hold.set_reuse_address(true).unwrap();
        hold.bind(&SockAddr::from(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))))
            .unwrap();
        let n = hold.local_addr().unwrap().as_socket().unwrap().port();
        Port { _hold: hold, n }
    }

    /// The port number, as an argument.
    pub fn s(&self) -> String {
        self.n.to_string()
    }
}
