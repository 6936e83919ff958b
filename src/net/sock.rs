//! Socket set-up shared by every TCP role: listening with a deep backlog, connecting from a
//! chosen local address, and parsing `HOST:PORT` arguments.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use super::log::Log;
use super::{Context, Error, Result};

/// Listen backlog: load tests open a thousand connections at once.
const BACKLOG: i32 = 4096;

/// Bind and listen on `bind:port` (port 0: the OS picks), then log `listening on ADDR:PORT`,
/// the line callers and tests wait for to learn the port.
pub fn listen(bind: IpAddr, port: u16, log: &Log) -> Result<TcpListener> {
    let addr = SocketAddr::new(bind, port);
    let listener = listen_quiet(addr).context(|| format!("cannot listen on {addr}"))?;
    let local = listener
        .local_addr()
        .context(|| "cannot read the bound address")?;
    log.info(format_args!("listening on {local}"));
    Ok(listener)
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
pub fn connect(to: SocketAddr, from: Option<IpAddr>, timeout: Duration) -> io::Result<TcpStream> {
    let stream = match from {
        None => TcpStream::connect_timeout(&to, timeout)?,
        Some(ip) => {
            let socket = Socket::new(Domain::for_address(to), Type::STREAM, Some(Protocol::TCP))?;
            socket.bind(&SockAddr::from(SocketAddr::new(ip, 0)))?;
            socket.connect_timeout(&SockAddr::from(to), timeout)?;
            socket.into()
        }
    };
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Parse `HOST:PORT` (`[v6]:PORT` for IPv6 literals), resolving a host name once. `what`
/// names the argument in the error.
pub fn resolve(spec: &str, what: &str) -> Result<SocketAddr> {
    if let Ok(addr) = spec.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let mut addrs = spec
        .to_socket_addrs()
        .context(|| format!("{what} {spec:?}: expected HOST:PORT"))?;
    // Prefer IPv4: kv floods can only carry IPv4 answer addresses.
    let all: Vec<SocketAddr> = addrs.by_ref().collect();
    all.iter()
        .find(|a| a.is_ipv4())
        .or_else(|| all.first())
        .copied()
        .ok_or_else(|| Error::new(format!("{what} {spec:?}: no address found")))
}

/// Parse `HOST:PORT`, accepting a bare host or IP (then `default_port` applies).
pub fn resolve_or_port(spec: &str, default_port: u16, what: &str) -> Result<SocketAddr> {
    if let Ok(ip) = spec.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, default_port));
    }
    let has_port = spec
        .rsplit_once(':')
        .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
    if has_port {
        resolve(spec, what)
    } else {
        resolve(&format!("{spec}:{default_port}"), what)
    }
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
