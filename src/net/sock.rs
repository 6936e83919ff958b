//! Socket set-up shared by every TCP role: listening with a deep backlog, connecting from a
//! chosen local address, parsing `HOST:PORT` arguments, and the descriptor limit.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use super::log::Log;
use super::sentences::NetText;
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
    log.info(NetText::Listening(local));
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
///
/// The socket allows address reuse: a server that answers on short connections (a kv node)
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

/// Parse `HOST:PORT` (`[v6]:PORT` for IPv6 literals), resolving a host name once. `what`
/// names the argument in the error.
pub fn resolve(spec: &str, what: &str) -> Result<SocketAddr> {
    if let Ok(addr) = spec.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let mut addrs = spec
        .to_socket_addrs()
        .context(|| format!("{what} {spec:?}: expected HOST:PORT"))?;
    // Prefer IPv4: servers bind 0.0.0.0 by default, which ::1 does not reach, and addresses
    // that travel inside frames (kv's answer address) can only be IPv4.
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
    #[cfg(unix)]
    {
        // SAFETY: getrlimit and setrlimit only read and write the struct we pass.
        unsafe {
            let mut lim = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
                return None;
            }
            if lim.rlim_cur < lim.rlim_max {
                let raised = libc::rlimit {
                    rlim_cur: lim.rlim_max,
                    rlim_max: lim.rlim_max,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    lim.rlim_cur = lim.rlim_max;
                }
            }
            #[allow(clippy::unnecessary_cast)] // rlim_t is not u64 everywhere
            Some(lim.rlim_cur as u64)
        }
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// How many clients fit under a descriptor `limit` when each takes `per_client` descriptors
/// and the process keeps `reserve` for itself (stdio, listeners, threads' needs).
pub fn clients_within(limit: u64, per_client: u64, reserve: u64) -> usize {
    (limit.saturating_sub(reserve) / per_client.max(1)) as usize
}
