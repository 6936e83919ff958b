//! Socket set-up shared by every TCP role: listening with a deep backlog, connecting from a
//! chosen local address, parsing `HOST:PORT` arguments, and the descriptor limit.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use super::addr::HostPort;
use super::sentences::{Lookup, NetText};
use super::{Context, Error, Result};
use crate::term::log::Log;
use crate::term::text::{Lang, Text};

/// Listen backlog: load tests open a thousand connections at once.
const BACKLOG: i32 = 4096;

/// Bind and listen on `bind:port` (port 0: the OS picks), then log `listening on ADDR:PORT`,
/// the line callers and tests wait for to learn the port.
pub fn listen(bind: IpAddr, port: u16, log: &Log) -> Result<TcpListener> {
    listen_at(bind, port, log).map(|(listener, _)| listener)
}

/// [`listen`], also returning the address bound (the port the OS picked, with port 0).
pub fn listen_at(bind: IpAddr, port: u16, log: &Log) -> Result<(TcpListener, SocketAddr)> {
    let addr = SocketAddr::new(bind, port);
    let listener = listen_quiet(addr).context(log.lang(), NetText::CannotListen(addr))?;
    let local = listener
        .local_addr()
        .context(log.lang(), NetText::CannotReadBound)?;
    log.info(NetText::Listening(local));
    log.mark(crate::term::log::Mark::Listening {
        addr: local,
        name: None,
    });
    Ok((listener, local))
}

/// [`listen`] without the log line.
pub fn listen_quiet(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // Restarting a server right after Ctrl-C must not fail on TIME_WAIT.
    socket.set_reuse_address(true)?;
    if addr.is_ipv6() {
        // `::` serves IPv4 clients too.
        socket.set_only_v6(false)?;
    }
    socket.bind(&SockAddr::from(addr))?;
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

/// Connect to `to`, leaving from `from` (port chosen by the OS) when given, within `timeout`.
/// The stream has Nagle off: every protocol here is request/response with small frames.
///
/// The socket allows address reuse: a server that answers on short connections
/// leaves thousands of them in TIME_WAIT a second under load, and those must never keep other
/// programs on this host, which bind with address reuse too, from binding their ports.
pub fn connect(to: SocketAddr, from: Option<IpAddr>, timeout: Duration) -> io::Result<TcpStream> {
    let socket = Socket::new(Domain::for_address(to), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    if let Some(ip) = from {
        socket.bind(&SockAddr::from(SocketAddr::new(ip, 0)))?;
    }
    socket.connect_timeout(&SockAddr::from(to), timeout)?;
    let stream: TcpStream = socket.into();
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Resolve an address typed by the user (`default_port` when it has none), as a runtime
/// error in the user's language when the name does not resolve.
pub fn lookup(addr: &HostPort, default_port: u16, lang: Lang) -> Result<SocketAddr> {
    addr.resolve_one(default_port).map_err(|e| {
        Error::new(
            NetText::CannotResolve {
                host: &addr.host,
                why: &Lookup::of(&e, lang),
            }
            .render(lang),
        )
    })
}

/// An IPv4-mapped IPv6 address (a dual-stack socket's view of an IPv4 peer) as the IPv4
/// address it is.
pub fn canonical(addr: SocketAddr) -> SocketAddr {
    SocketAddr::new(addr.ip().to_canonical(), addr.port())
}

/// The address to show for a listener bound to `local`: a wildcard bind is shown as loopback,
/// which is where a caller on this machine reaches it.
pub fn reachable(local: SocketAddr) -> SocketAddr {
    match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from(([127, 0, 0, 1], local.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), local.port())
        }
        _ => local,
    }
}

/// Raise the soft limit on open descriptors to the hard limit (servers hold several per
/// client) and return the limit now in force (`None` where it cannot be read).
pub fn raise_nofile() -> Option<u64> {
    crate::platform::raise_nofile()
}

/// How many clients fit under a descriptor `limit` when each takes `per_client` descriptors
/// and the process keeps `reserve` for itself (stdio, listeners, threads' needs).
pub fn clients_within(limit: u64, per_client: u64, reserve: u64) -> usize {
    (limit.saturating_sub(reserve) / per_client.max(1)) as usize
}
