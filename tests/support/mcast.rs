//! mcast for the tests: the UDP port each test reserves for itself (so tests running in
//! parallel do not hear each other), our receivers and senders as real processes, and the raw
//! mcast client, a sender and a receiver for datagrams netlab would never send and for the
//! exact bytes it does. Every socket is pinned to 127.0.0.1: no datagram leaves the machine.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use super::{DEADLINE, Proc};

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

/// The group every test uses (the original's).
pub const GROUP: Ipv4Addr = Ipv4Addr::new(224, 3, 29, 71);
/// The interface every socket is pinned to.
pub const LO: Ipv4Addr = Ipv4Addr::LOCALHOST;

/// `netlab mcast recv` on 127.0.0.1, returned once it has joined the group.
pub fn receiver(port: &Port, extra: &[&str]) -> Proc {
    let p = port.s();
    let mut args = vec!["--lang", "en", "mcast", "recv", "-i", "127.0.0.1", "-p", &p];
    args.extend_from_slice(extra);
    let r = Proc::start(&args);
    r.expect_err("Receiver waiting for messages...");
    r
}

/// `netlab mcast send --user USER` on 127.0.0.1, returned once its socket is ready.
pub fn sender(port: &Port, user: &str, extra: &[&str]) -> Proc {
    let p = port.s();
    let mut args = vec![
        "--lang",
        "en",
        "mcast",
        "send",
        "-u",
        user,
        "-i",
        "127.0.0.1",
        "-p",
        &p,
    ];
    args.extend_from_slice(extra);
    let s = Proc::start(&args);
    s.expect_err("sending to 224.3.29.71:");
    s
}

/// The raw mcast client: an IPv4 multicast sender pinned to 127.0.0.1, for datagrams netlab
/// would never send.
pub struct Raw {
    pub sock: Socket,
    to: SockAddr,
}

impl Raw {
    pub fn new(port: &Port) -> Raw {
        let sock = Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::UDP)).unwrap();
        sock.set_multicast_if_v4(&LO).unwrap();
        sock.set_multicast_ttl_v4(1).unwrap();
        sock.bind(&SockAddr::from(SocketAddr::from((LO, 0))))
            .unwrap();
        let to = SockAddr::from(SocketAddrV4::new(GROUP, port.n));
        Raw { sock, to }
    }

    pub fn addr(&self) -> String {
        self.sock
            .local_addr()
            .unwrap()
            .as_socket()
            .unwrap()
            .to_string()
    }

    pub fn send(&self, datagram: &[u8]) {
        assert_eq!(
            self.sock.send_to(datagram, &self.to).unwrap(),
            datagram.len()
        );
    }
}

/// A raw receiver bound to the wildcard address on the test's port, joined to `group` on
/// 127.0.0.1 only (and deaf to the groups other sockets join), to see the exact bytes sent.
pub fn raw_receiver(port: &Port, group: Ipv4Addr) -> std::net::UdpSocket {
    let sock = Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::UDP)).unwrap();
    sock.set_reuse_address(true).unwrap();
    sock.bind(&SockAddr::from(SocketAddr::from((
        Ipv4Addr::UNSPECIFIED,
        port.n,
    ))))
    .unwrap();
    netlab::platform::only_joined_groups_v4(&sock).unwrap();
    sock.join_multicast_v4(&group, &LO).unwrap();
    let sock: std::net::UdpSocket = sock.into();
    sock.set_read_timeout(Some(DEADLINE)).unwrap();
    sock
}
