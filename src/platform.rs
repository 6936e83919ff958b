//! What differs between the systems netlab builds on (Linux, macOS and the BSDs, Windows), and
//! only that: every `cfg` on the operating system is here, so the rest of the code reads the
//! same everywhere. The event loop itself is mio's (epoll, kqueue, IOCP); what is left is a
//! send flag, what a short read means to it, the descriptor limit,
//! the terminal's width and its saved mode, the multicast socket options that exist on one system only, and which
//! stop signal came.

use std::io::{self, IoSlice, Read, Write};
use std::net::{Ipv4Addr, Shutdown, TcpStream};
use std::sync::Arc;

use socket2::Socket;

/// The flags of a direct write from the owner's thread ([`Conn::push`](crate::net::conn::Conn::push)):
/// never block, and never raise SIGPIPE (a peer that vanished is reported by the poller).
/// 0 where there is no such per-call flag (Windows): frames then always go through the
/// poller.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(super) const DONTWAIT: i32 = libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
pub(super) const DONTWAIT: i32 = libc::MSG_DONTWAIT;
#[cfg(not(unix))]
pub(super) const DONTWAIT: i32 = 0;

/// Whether a read that filled less than the room it was given emptied the socket, so the next
/// bytes to come raise a new readiness event: true of epoll and kqueue (a new edge with every
/// arrival). mio on Windows signals a socket again only after a read said `WouldBlock`.
pub(super) const SHORT_READ_DRAINS: bool = cfg!(not(windows));

/// A connection's socket as the poller watches, reads and writes it. On Unix it is the very
/// descriptor the connection's handle holds (registered by number): one descriptor per
/// connection, so a server's clients are not halved by the descriptor limit. mio on Windows
/// must own what it registers (it re-arms the socket when a read would block): a handle of
/// its own there, where there is no descriptor limit to spare.
pub(super) struct Watched {
    #[cfg(unix)]
    stream: Arc<TcpStream>,
    #[cfg(not(unix))]
    stream: mio::net::TcpStream,
}

/// Descriptors a connection costs (its handle and the poller's).
pub const FDS_PER_CONN: u64 = if cfg!(unix) { 1 } else { 2 };

impl Watched {
    /// Watch `stream` (made non-blocking: for every handle on it).
    pub(super) fn new(stream: &Arc<TcpStream>) -> io::Result<Watched> {
        stream.set_nonblocking(true)?;
        #[cfg(unix)]
        return Ok(Watched {
            stream: stream.clone(),
        });
        #[cfg(not(unix))]
        Ok(Watched {
            stream: mio::net::TcpStream::from_std(stream.try_clone()?),
        })
    }

    pub(super) fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let mut stream: &TcpStream = &self.stream;
        #[cfg(not(unix))]
        let mut stream: &mio::net::TcpStream = &self.stream;
        stream.read(buf)
    }

    pub(super) fn write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        #[cfg(unix)]
        let mut stream: &TcpStream = &self.stream;
        #[cfg(not(unix))]
        let mut stream: &mio::net::TcpStream = &self.stream;
        stream.write_vectored(bufs)
    }

    pub(super) fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.stream.shutdown(how)
    }
}

impl Watched {
    /// What mio registers: the descriptor itself on Unix, mio's own socket elsewhere.
    fn source<R>(&mut self, f: impl FnOnce(&mut dyn mio::event::Source) -> R) -> R {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            f(&mut mio::unix::SourceFd(&self.stream.as_raw_fd()))
        }
        #[cfg(not(unix))]
        f(&mut self.stream)
    }
}

impl mio::event::Source for Watched {
    fn register(
        &mut self,
        registry: &mio::Registry,
        token: mio::Token,
        interests: mio::Interest,
    ) -> io::Result<()> {
        self.source(|s| s.register(registry, token, interests))
    }

    fn reregister(
        &mut self,
        registry: &mio::Registry,
        token: mio::Token,
        interests: mio::Interest,
    ) -> io::Result<()> {
        self.source(|s| s.reregister(registry, token, interests))
    }

    fn deregister(&mut self, registry: &mio::Registry) -> io::Result<()> {
        self.source(|s| s.deregister(registry))
    }
}

/// Raise the soft limit on open descriptors to the hard limit and return the limit now in
/// force (`None` where there is no such limit to read).
pub(crate) fn raise_nofile() -> Option<u64> {
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

/// The width of stdout's terminal in columns, when stdout is a terminal that knows it.
pub(crate) fn terminal_width() -> Option<usize> {
    #[cfg(unix)]
    {
        width_of(libc::STDOUT_FILENO)
    }
    #[cfg(not(unix))]
    None
}

/// The width of stderr's terminal in columns, when stderr is a terminal that knows it.
pub(crate) fn stderr_width() -> Option<usize> {
    #[cfg(unix)]
    {
        width_of(libc::STDERR_FILENO)
    }
    #[cfg(not(unix))]
    None
}

#[cfg(unix)]
fn width_of(fd: libc::c_int) -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills the winsize we pass; nothing else is touched.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } == 0;
    (ok && ws.ws_col > 0).then_some(ws.ws_col as usize)
}

/// The terminal's mode as it was before the line editor put it in raw mode, to put back when
/// the role ends while the editor still waits for a key (the editor itself restores it only
/// when its read returns). Only where the mode can be saved and restored (POSIX termios):
/// elsewhere [`SavedTerminal::save`] says `None` and input is read as lines, unedited.
pub(crate) struct SavedTerminal {
    #[cfg(unix)]
    termios: libc::termios,
}

impl SavedTerminal {
    /// stdin's terminal mode now, when stdin is a terminal whose mode can be restored.
    pub(crate) fn save() -> Option<SavedTerminal> {
        #[cfg(unix)]
        {
            // SAFETY: tcgetattr fills the termios we pass; nothing else is touched.
            let mut termios: libc::termios = unsafe { std::mem::zeroed() };
            let ok = unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut termios) } == 0;
            ok.then_some(SavedTerminal { termios })
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// Put stdin's terminal back in the saved mode.
    pub(crate) fn restore(&self) {
        #[cfg(unix)]
        // SAFETY: tcsetattr reads the termios tcgetattr filled for the same descriptor.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.termios);
        }
    }
}

/// Let several multicast receivers on this host share a port: SO_REUSEADDR alone does it on
/// Linux and Windows (and is what Python receivers set, so ours can share with theirs); the
/// BSDs and macOS want SO_REUSEPORT as well.
pub fn share_multicast_port(sock: &Socket) -> io::Result<()> {
    #[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
    sock.set_reuse_port(true)?;
    let _ = sock;
    Ok(())
}

/// Hear only the IPv4 groups this socket joined: bound to the wildcard address, a Linux socket
/// would otherwise get the datagrams of every group any socket on the host has joined on its
/// port (IP_MULTICAST_ALL; elsewhere only joined groups are heard anyway).
pub fn only_joined_groups_v4(sock: &Socket) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    sock.set_multicast_all_v4(false)?;
    let _ = sock;
    Ok(())
}

/// [`only_joined_groups_v4`] for IPv6 (IPV6_MULTICAST_ALL).
pub fn only_joined_groups_v6(sock: &Socket) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    sock.set_multicast_all_v6(false)?;
    let _ = sock;
    Ok(())
}

/// The first IPv4 address of the interface called `name` (getifaddrs).
pub fn interface_ipv4(name: &str) -> Option<Ipv4Addr> {
    #[cfg(unix)]
    {
        let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
        // SAFETY: getifaddrs fills `list` with a linked list that we only read, and free once
        // with freeifaddrs; every pointer is checked for null before it is followed, and an
        // address is read as sockaddr_in only when its family says AF_INET.
        unsafe {
            if libc::getifaddrs(&mut list) != 0 {
                return None;
            }
            let mut found = None;
            let mut at = list;
            while !at.is_null() {
                let entry = &*at;
                at = entry.ifa_next;
                if entry.ifa_name.is_null() || entry.ifa_addr.is_null() {
                    continue;
                }
                if i32::from((*entry.ifa_addr).sa_family) != libc::AF_INET {
                    continue;
                }
                if std::ffi::CStr::from_ptr(entry.ifa_name).to_bytes() != name.as_bytes() {
                    continue;
                }
                let sin = &*(entry.ifa_addr as *const libc::sockaddr_in);
                found = Some(Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)));
                break;
            }
            libc::freeifaddrs(list);
            found
        }
    }
    #[cfg(not(unix))]
    {
        let _ = name;
        None
    }
}

/// The last stop signal received (SIGINT, SIGTERM), 0 before any.
#[cfg(unix)]
static SIGNAL: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);
/// The handlers `ctrlc` installed, for SIGINT and SIGTERM, which ours calls in turn.
#[cfg(unix)]
static PREVIOUS: [std::sync::atomic::AtomicUsize; 2] = [
    std::sync::atomic::AtomicUsize::new(0),
    std::sync::atomic::AtomicUsize::new(0),
];

/// 128 + the number of the stop signal that came (130 for SIGINT, 143 for SIGTERM), if one
/// did. Windows has one console stop (Ctrl-C, Ctrl-Break, closing): `None`, and the caller
/// takes it as Ctrl-C's 130.
pub(super) fn signal_status() -> Option<u8> {
    #[cfg(unix)]
    match SIGNAL.load(std::sync::atomic::Ordering::Relaxed) {
        0 => None,
        n => u8::try_from(128 + n).ok(),
    }
    #[cfg(not(unix))]
    None
}

/// Put a handler in front of `ctrlc`'s that notes which signal came, then hands it on: the
/// stop signal alone does not tell SIGINT from SIGTERM, and an interrupted run's exit status
/// must. Call after `ctrlc::set_handler`.
pub(super) fn remember_signals() {
    #[cfg(unix)]
    for (i, sig) in [libc::SIGINT, libc::SIGTERM].into_iter().enumerate() {
        // SAFETY: sigaction with a zeroed struct, a handler that only touches atomics and
        // calls the previous plain handler (async-signal-safe), and a valid out pointer.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, std::ptr::null(), &mut old) != 0
                || old.sa_flags & libc::SA_SIGINFO != 0
            {
                continue;
            }
            PREVIOUS[i].store(old.sa_sigaction, std::sync::atomic::Ordering::Relaxed);
            let mut new = old;
            new.sa_sigaction = remember as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigaction(sig, &new, std::ptr::null_mut());
        }
    }
}

#[cfg(unix)]
extern "C" fn remember(sig: libc::c_int) {
    use std::sync::atomic::Ordering;
    SIGNAL.store(sig, Ordering::Relaxed);
    let i = usize::from(sig != libc::SIGINT);
    let previous = PREVIOUS[i].load(Ordering::Relaxed);
    if previous != libc::SIG_DFL && previous != libc::SIG_IGN {
        // SAFETY: `previous` is the plain handler (no SA_SIGINFO) that was installed for sig.
        let handler: extern "C" fn(libc::c_int) = unsafe { std::mem::transmute(previous) };
        handler(sig);
    }
}

/// A non-blocking connect that has begun and goes on (`EINPROGRESS` on Unix; Windows says
/// `WSAEWOULDBLOCK`, which is `WouldBlock`).
pub fn connect_in_progress(e: &io::Error) -> bool {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::EINPROGRESS) {
        return true;
    }
    e.kind() == io::ErrorKind::WouldBlock
}

/// A stream mio accepted, as the standard library's (which every connection is held as).
pub(super) fn std_stream(stream: mio::net::TcpStream) -> std::net::TcpStream {
    #[cfg(unix)]
    return std::net::TcpStream::from(std::os::fd::OwnedFd::from(stream));
    #[cfg(windows)]
    return std::net::TcpStream::from(std::os::windows::io::OwnedSocket::from(stream));
}

/// Start `command` as the leader of a new process group (Unix), so it and everything it starts
/// can be stopped together; elsewhere it is started as it is.
pub fn own_group(command: &mut std::process::Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    #[cfg(not(unix))]
    let _ = command;
}

/// Send `signal` to the group `child` leads (Unix; false elsewhere, or when it is gone). Only
/// for a child not reaped yet, or just reaped: POSIX keeps its id from reuse while its group
/// lives.
#[cfg(unix)]
fn signal_group(child: &std::process::Child, signal: libc::c_int) -> bool {
    match libc::pid_t::try_from(child.id()) {
        // SAFETY: killpg only sends a signal; the group is the one this child leads
        // (own_group), and a group already gone is just ESRCH.
        Ok(pid) => unsafe { libc::killpg(pid, signal) == 0 },
        Err(_) => false,
    }
}

/// SIGKILL to what is left of the group `child` leads (a grandchild, a child that ignores
/// SIGTERM); nothing elsewhere.
pub fn kill_group(child: &std::process::Child) {
    #[cfg(unix)]
    signal_group(child, libc::SIGKILL);
    #[cfg(not(unix))]
    let _ = child;
}

/// SIGINT to the group `child` leads, as a terminal's Ctrl-C: false where there is no such
/// thing (Windows) or it could not be sent.
pub fn interrupt_group(child: &std::process::Child) -> bool {
    #[cfg(unix)]
    return signal_group(child, libc::SIGINT);
    #[cfg(not(unix))]
    {
        let _ = child;
        false
    }
}

/// Stop the group `child` leads: SIGTERM, up to `grace` for the leader to end, then SIGKILL to
/// whatever is left, and the leader reaped. Elsewhere the child is killed.
pub fn stop_group(child: &mut std::process::Child, grace: std::time::Duration) {
    #[cfg(unix)]
    if signal_group(child, libc::SIGTERM) {
        let deadline = std::time::Instant::now() + grace;
        while std::time::Instant::now() < deadline {
            if matches!(child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        signal_group(child, libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = grace;
    let _ = child.kill();
    let _ = child.wait();
}

/// The signal that ended a process, if one did (Unix).
pub fn ended_by_signal(status: std::process::ExitStatus) -> Option<i32> {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal()
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        None
    }
}
