//! Multicast socket set-up with socket2, for both families: the interface choice (`--iface`),
//! the sender's TTL/hops and loop, the receiver's shared port and group membership.
//!
//! After set-up the sockets are plain `std::net::UdpSocket`s.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6, UdpSocket};
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use super::config::GroupConfig;
use super::text::Setup;
use crate::net::{Context, Error, Result};
use crate::platform;
use crate::term::text::{Lang, Text};

/// The interface a socket is pinned to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Iface {
    /// Let the system choose (its multicast route; usually the default route's interface).
    System,
    /// IPv4: the local address of the interface.
    V4(Ipv4Addr),
    /// IPv6: the interface index.
    V6(u32),
}

impl Iface {
    /// Interpret `--iface` for `group`: for an IPv4 group the interface's IPv4 address or its
    /// name (then its first IPv4 address), for an IPv6 group an interface name or index.
    pub fn parse(group: IpAddr, iface: Option<&str>, lang: Lang) -> Result<Iface> {
        let Some(text) = iface.map(str::trim) else {
            return Ok(Iface::System);
        };
        match group {
            IpAddr::V4(_) => text
                .parse::<Ipv4Addr>()
                .ok()
                .or_else(|| platform::interface_ipv4(text))
                .map(Iface::V4)
                .ok_or_else(|| Error::new(Setup::IfaceV4(text.to_string()).render(lang))),
            IpAddr::V6(_) => {
                if let Ok(index) = text.parse::<u32>() {
                    return Ok(Iface::V6(index));
                }
                ifindex(text)
                    .map(Iface::V6)
                    .ok_or_else(|| Error::new(Setup::IfaceV6(text.to_string()).render(lang)))
            }
        }
    }
}

impl Iface {
    /// `--iface` as the log lines show it: as typed, with the address it stands for when it
    /// was an interface name (`lo (127.0.0.1)`).
    pub fn shown(self, given: Option<&str>) -> Option<String> {
        let given = given?.trim();
        match self {
            Iface::V4(addr) if given != addr.to_string() => Some(format!("{given} ({addr})")),
            _ => Some(given.to_string()),
        }
    }
}

/// An interface's index from its name (Linux: /sys/class/net/NAME/ifindex).
fn ifindex(name: &str) -> Option<u32> {
    if name.is_empty() || name.contains(['/', '\0']) || name == "." || name == ".." {
        return None;
    }
    let text = std::fs::read_to_string(format!("/sys/class/net/{name}/ifindex")).ok()?;
    text.trim().parse().ok()
}

/// Where datagrams go: the group and port, with the IPv6 scope (interface) filled in, which a
/// link-local group such as ff02::… needs.
pub fn destination(group: IpAddr, port: u16, iface: Iface) -> SocketAddr {
    match group {
        IpAddr::V4(g) => SocketAddr::from((g, port)),
        IpAddr::V6(g) => {
            let scope = match iface {
                Iface::V6(index) => index,
                _ => 0,
            };
            SocketAddr::V6(SocketAddrV6::new(g, port, 0, scope))
        }
    }
}

fn udp(group: IpAddr, lang: Lang) -> Result<Socket> {
    let domain = match group {
        IpAddr::V4(_) => Domain::IPV4,
        IpAddr::V6(_) => Domain::IPV6,
    };
    Socket::new(domain, Type::DGRAM, Some(Protocol::UDP)).context(lang, Setup::CreateSocket)
}

/// A socket for sending to the group with the given TTL (hops) and loop setting, its outgoing
/// interface pinned when `iface` says so. For IPv4 it is also bound to the interface's address,
/// so the datagrams carry that source address.
pub fn sender(opts: &GroupConfig, ttl: u32, lang: Lang) -> Result<(UdpSocket, SocketAddr, Iface)> {
    let group = opts.group;
    let iface = Iface::parse(group, opts.iface.as_deref(), lang)?;
    let sock = udp(group, lang)?;
    let looped = opts.multicast_loop;
    match iface {
        Iface::V4(addr) => {
            sock.set_multicast_if_v4(&addr)
                .context(lang, Setup::SendThrough(addr.to_string()))?;
            sock.bind(&SockAddr::from(SocketAddr::from((addr, 0))))
                .context(lang, Setup::BindTo(addr.to_string()))?;
        }
        Iface::V6(index) => sock
            .set_multicast_if_v6(index)
            .context(lang, Setup::SendThroughIface(index))?,
        Iface::System => {}
    }
    match group {
        IpAddr::V4(_) => {
            sock.set_multicast_ttl_v4(ttl).context(lang, Setup::Ttl)?;
            sock.set_multicast_loop_v4(looped)
                .context(lang, Setup::Loop)?;
        }
        IpAddr::V6(_) => {
            sock.set_multicast_hops_v6(ttl).context(lang, Setup::Hops)?;
            sock.set_multicast_loop_v6(looped)
                .context(lang, Setup::Loop)?;
        }
    }
    Ok((sock.into(), destination(group, opts.port, iface), iface))
}

/// A receiving socket joined to the group on `iface`.
pub struct Receiver {
    pub sock: UdpSocket,
    group: IpAddr,
    iface: Iface,
}

/// How often a blocked receive wakes up to look at the stop signal.
pub const POLL: Duration = Duration::from_millis(100);

/// Bind the port (shared with other receivers on this host) on the wildcard address, join the
/// group, and read with a timeout of [`POLL`].
pub fn receiver(opts: &GroupConfig, lang: Lang) -> Result<Receiver> {
    let group = opts.group;
    let iface = Iface::parse(group, opts.iface.as_deref(), lang)?;
    let sock = udp(group, lang)?;
    // Several receivers on one host share the port: on Linux SO_REUSEADDR alone does it for
    // UDP (and is what Python receivers set, so ours can share with theirs); the BSDs and macOS
    // want SO_REUSEPORT as well for a multicast port.
    sock.set_reuse_address(true)
        .context(lang, Setup::Option("SO_REUSEADDR"))?;
    platform::share_multicast_port(&sock).context(lang, Setup::Option("SO_REUSEPORT"))?;
    let port = opts.port;
    let bind: SocketAddr = match group {
        IpAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, port).into(),
        IpAddr::V6(_) => {
            sock.set_only_v6(true)
                .context(lang, Setup::Option("IPV6_V6ONLY"))?;
            (Ipv6Addr::UNSPECIFIED, port).into()
        }
    };
    sock.bind(&SockAddr::from(bind))
        .context(lang, Setup::BindPort(port))?;
    let looped = opts.multicast_loop;
    match (group, iface) {
        (IpAddr::V4(g), iface) => {
            platform::only_joined_groups_v4(&sock)
                .context(lang, Setup::Option("IP_MULTICAST_ALL"))?;
            let local = match iface {
                Iface::V4(addr) => addr,
                _ => Ipv4Addr::UNSPECIFIED,
            };
            sock.set_multicast_loop_v4(looped)
                .context(lang, Setup::Loop)?;
            sock.join_multicast_v4(&g, &local)
                .context(lang, Setup::Join(g.to_string(), local.to_string()))?;
        }
        (IpAddr::V6(g), iface) => {
            platform::only_joined_groups_v6(&sock)
                .context(lang, Setup::Option("IPV6_MULTICAST_ALL"))?;
            let index = match iface {
                Iface::V6(i) => i,
                _ => 0,
            };
            sock.set_multicast_loop_v6(looped)
                .context(lang, Setup::Loop)?;
            sock.join_multicast_v6(&g, index)
                .context(lang, Setup::Join(g.to_string(), index.to_string()))?;
        }
    }
    let sock: UdpSocket = sock.into();
    sock.set_read_timeout(Some(POLL))
        .context(lang, Setup::Option("SO_RCVTIMEO"))?;
    Ok(Receiver { sock, group, iface })
}

impl Receiver {
    /// The interface the membership is on.
    pub fn iface(&self) -> Iface {
        self.iface
    }

    /// Drop the membership (closing the socket would too; saying it is clearer).
    pub fn leave(&self, lang: Lang) -> Result<()> {
        match (self.group, self.iface) {
            (IpAddr::V4(g), Iface::V4(addr)) => self.sock.leave_multicast_v4(&g, &addr),
            (IpAddr::V4(g), _) => self.sock.leave_multicast_v4(&g, &Ipv4Addr::UNSPECIFIED),
            (IpAddr::V6(g), Iface::V6(i)) => self.sock.leave_multicast_v6(&g, i),
            (IpAddr::V6(g), _) => self.sock.leave_multicast_v6(&g, 0),
        }
        .context(lang, Setup::Leave(self.group.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iface_by_family() {
        let v4: IpAddr = "224.3.29.71".parse().unwrap();
        let v6: IpAddr = "ff02::1:3".parse().unwrap();
        assert_eq!(Iface::parse(v4, None, Lang::En).unwrap(), Iface::System);
        assert_eq!(
            Iface::parse(v4, Some("127.0.0.1"), Lang::En).unwrap(),
            Iface::V4(Ipv4Addr::LOCALHOST)
        );
        assert!(
            Iface::parse(v4, Some("no-such-if0"), Lang::En)
                .unwrap_err()
                .to_string()
                .contains("IPv4 address or its name")
        );
        if std::path::Path::new("/sys/class/net/lo").exists() {
            let lo = Iface::parse(v4, Some("lo"), Lang::En).unwrap();
            assert_eq!(lo, Iface::V4(Ipv4Addr::LOCALHOST));
            assert_eq!(lo.shown(Some("lo")).as_deref(), Some("lo (127.0.0.1)"));
            assert_eq!(lo.shown(Some("127.0.0.1")).as_deref(), Some("127.0.0.1"));
        }
        assert_eq!(Iface::parse(v6, Some("7"), Lang::En).unwrap(), Iface::V6(7));
        assert!(Iface::parse(v6, Some("no-such-if0"), Lang::En).is_err());
        assert!(Iface::parse(v6, Some("../lo"), Lang::En).is_err());
        if std::path::Path::new("/sys/class/net/lo/ifindex").exists() {
            assert!(matches!(
                Iface::parse(v6, Some("lo"), Lang::En),
                Ok(Iface::V6(_))
            ));
        }
    }

    #[test]
    fn v6_destination_carries_the_scope() {
        let g: IpAddr = "ff02::1:3".parse().unwrap();
        let SocketAddr::V6(d) = destination(g, 5007, Iface::V6(4)) else {
            panic!()
        };
        assert_eq!((d.port(), d.scope_id()), (5007, 4));
    }
}
