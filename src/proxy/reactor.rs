//! The proxy's event loop: one owner thread and one mio `Poll` for the listener and both
//! sockets of every connection (no thread per connection). Each connection is a [`Pair`] of
//! sockets and two [`Lane`]s; the loop reads a source only while its lane has room, writes
//! pieces as they fall due, and sleeps until the next socket event, the next due piece or
//! Ctrl-C (a waker).

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use mio::Registry;

use super::Config;
use super::extra::{Extras, Seen};
use super::frames::{self, Proto};
use super::lane::Lane;
use super::printer::{Kind, Printer};
use super::text::{EndKind, ProxyText, Side};
use crate::net::{Context, Env, Result};
use crate::term::text::os_error;

const LISTENER: Token = Token(0);
const WAKE: Token = Token(1);

/// One socket of a pair.
struct End {
    sock: TcpStream,
    readable: bool,
    writable: bool,
    /// Its read side ended (EOF) or is no longer read.
    eof: bool,
    /// Its write side was shut (the other side's end passed on).
    shut: bool,
}

impl End {
    fn new(sock: TcpStream) -> End {
        End {
            sock,
            readable: true,
            writable: false,
            eof: false,
            shut: false,
        }
    }
}

/// A proxied connection: the client, the server, and a lane each way.
struct Pair {
    id: u64,
    client: End,
    server: End,
    connected: bool,
    kind: Kind,
    /// What its frames are rewritten with (main connections only).
    seen: Seen,
    /// Client to server.
    up: Lane,
    /// Server to client.
    down: Lane,
    dead: bool,
}

pub fn run(cfg: Config, listener: std::net::TcpListener, env: &Env) -> Result<()> {
    let lang = env.lang();
    let mut poll = Poll::new().context(lang, ProxyText::CannotStart)?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKE).context(lang, ProxyText::CannotStart)?);
    listener
        .set_nonblocking(true)
        .context(lang, ProxyText::CannotStart)?;
    let mut listener = TcpListener::from_std(listener);
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)
        .context(lang, ProxyText::CannotStart)?;
    {
        let stop = env.stop.clone();
        let waker = waker.clone();
        std::thread::Builder::new()
            .name("proxy-stop".into())
            .stack_size(64 * 1024)
            .spawn(move || {
                let _ = stop.rx().recv();
                let _ = waker.wake();
            })
            .context(lang, ProxyText::CannotStart)?;
    }
    let printer = Printer::new(&cfg, env);
    let mut extras = Extras::new(cfg.proto, cfg.peers, lang);
    let mut pairs: HashMap<u64, Pair> = HashMap::new();
    let mut next_id = 1u64;
    let mut events = Events::with_capacity(256);
    let mut scratch = vec![0u8; 16 * 1024];
    loop {
        let now = Instant::now();
        let timeout = pairs
            .values()
            .filter_map(next_time)
            .min()
            .map(|t| t.saturating_duration_since(now));
        match poll.poll(&mut events, timeout) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context(lang, ProxyText::CannotStart),
        }
        if env.stop.is_set() {
            let open = pairs.len();
            for (_, mut p) in pairs.drain() {
                stop_pair(&mut p, &printer);
            }
            env.log.info(ProxyText::Stopped { open });
            if let Some(format) = cfg.diagram {
                printer.draw(format, cfg.ascii);
            }
            return Ok(());
        }
        let mut touched: Vec<u64> = Vec::new();
        let mut opener = Opener {
            poll: &poll,
            cfg: &cfg,
            pairs: &mut pairs,
            next_id: &mut next_id,
            printer: &printer,
        };
        for ev in events.iter() {
            match ev.token() {
                LISTENER => {
                    while let Some((sock, from)) = accept_one(&mut listener, &printer) {
                        opener.open(sock, from, cfg.target, Kind::Main);
                    }
                }
                WAKE => {}
                t if extras.has(t) => {
                    let Some(x) = extras.get_mut(t) else {
                        continue;
                    };
                    while let Some((sock, from)) = accept_one(&mut x.listener, &printer) {
                        opener.open(sock, from, x.real, x.kind.clone());
                    }
                }
                Token(t) => {
                    let id = (t as u64 - 2) / 2;
                    let Some(p) = opener.pairs.get_mut(&id) else {
                        continue;
                    };
                    let end = if (t - 2) % 2 == 0 {
                        &mut p.client
                    } else {
                        &mut p.server
                    };
                    if ev.is_readable() || ev.is_read_closed() || ev.is_error() {
                        end.readable = true;
                    }
                    if ev.is_writable() || ev.is_write_closed() || ev.is_error() {
                        end.writable = true;
                    }
                    touched.push(id);
                }
            }
        }
        let now = Instant::now();
        touched.extend(
            pairs
                .values()
                .filter(|p| next_time(p).is_some_and(|t| t <= now))
                .map(|p| p.id),
        );
        touched.sort_unstable();
        touched.dedup();
        for id in touched {
            let Some(p) = pairs.get_mut(&id) else {
                continue;
            };
            pump(p, &printer, &mut scratch, &mut extras, poll.registry());
            if p.dead {
                let mut p = pairs.remove(&id).expect("present");
                let _ = poll.registry().deregister(&mut p.client.sock);
                let _ = poll.registry().deregister(&mut p.server.sock);
                extras.release(poll.registry(), &mut p.seen);
                printer.forget(id);
            }
        }
    }
}

fn next_time(p: &Pair) -> Option<Instant> {
    match (p.up.next_time(), p.down.next_time()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// One connection from a listener (LISTEN or one of the proxy's own); `None` once none waits.
fn accept_one(
    listener: &mut TcpListener,
    printer: &Printer<'_>,
) -> Option<(TcpStream, SocketAddr)> {
    loop {
        match listener.accept() {
            Ok(c) => return Some(c),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return None,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                printer
                    .env
                    .log
                    .warn(crate::net::sentences::NetText::AcceptFailed(&os_error(
                        &e,
                        printer.env.lang(),
                    )));
                return None;
            }
        }
    }
}

/// What opening a pair needs.
struct Opener<'a, 'p> {
    poll: &'a Poll,
    cfg: &'a Config,
    pairs: &'a mut HashMap<u64, Pair>,
    next_id: &'a mut u64,
    printer: &'a Printer<'p>,
}

impl Opener<'_, '_> {
    /// A connection `client` accepted from `from`: the proxy connects to `target` for it.
    fn open(&mut self, mut client: TcpStream, from: SocketAddr, target: SocketAddr, kind: Kind) {
        let (cfg, printer) = (self.cfg, self.printer);
        let id = *self.next_id;
        *self.next_id += 1;
        let via = client.local_addr().unwrap_or(from);
        let text = match &kind {
            Kind::Main => ProxyText::Opened {
                client: from,
                target,
            },
            Kind::Answer => ProxyText::AnswerOpened {
                from,
                via,
                to: target,
            },
            Kind::Peer { name, .. } => ProxyText::PeerOpened {
                from,
                name: name.clone(),
                via,
                to: target,
            },
        };
        printer.open(id, &kind, from, target, text);
        // A node's answer leaves from the node's own loopback address, so that the client
        // still tells which node answered (nodes on 127.0.0.2, 127.0.0.3, … look like hosts).
        let source = (kind == Kind::Answer && from.ip().is_loopback()).then_some(from.ip());
        let mut server = match connect_from(source, target) {
            Ok(s) => s,
            Err(e) => {
                cannot_connect(id, target, &e, printer);
                return;
            }
        };
        let _ = client.set_nodelay(true);
        let token = |side: u64| Token((2 + 2 * id + side) as usize);
        let reg = self
            .poll
            .registry()
            .register(
                &mut client,
                token(0),
                Interest::READABLE | Interest::WRITABLE,
            )
            .and_then(|()| {
                self.poll.registry().register(
                    &mut server,
                    token(1),
                    Interest::READABLE | Interest::WRITABLE,
                )
            });
        if let Err(e) = reg {
            cannot_connect(id, target, &e, printer);
            return;
        }
        let lang = printer.env.lang();
        let seed = cfg.seed.wrapping_add(id.wrapping_mul(2));
        // A kv answer goes from a node to the client: what the client is sent is impaired as
        // `--only to-client` says, and the other way round.
        let (up, down) = match kind {
            Kind::Answer => (cfg.to_client.clone(), cfg.to_server.clone()),
            _ => (cfg.to_server.clone(), cfg.to_client.clone()),
        };
        let seen = Seen {
            client: Some(from),
            client_local: Some(via),
            ..Seen::default()
        };
        let drawn = cfg.diagram.is_some();
        let mut up = Lane::new(cfg.proto, lang, Side::Server, up, seed, drawn);
        let mut down = Lane::new(cfg.proto, lang, Side::Client, down, seed + 1, drawn);
        // The frames `Extras::rewrite` may rewrite are held until whole, even where bytes
        // pass as they come: a kv client's ID, a chat directory's ADDR answer (`--peers`).
        if kind == Kind::Main {
            match cfg.proto {
                Proto::Kv => up = up.holding(frames::starts_kv_id),
                Proto::Chat if cfg.peers => down = down.holding(frames::starts_chat_addr),
                _ => {}
            }
        }
        self.pairs.insert(
            id,
            Pair {
                id,
                kind,
                seen,
                client: End::new(client),
                server: End::new(server),
                connected: false,
                up,
                down,
                dead: false,
            },
        );
    }
}

/// Start connecting to `target`, from `source` when given.
fn connect_from(source: Option<std::net::IpAddr>, target: SocketAddr) -> io::Result<TcpStream> {
    let Some(ip) = source else {
        return TcpStream::connect(target);
    };
    let s = socket2::Socket::new(
        socket2::Domain::for_address(target),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )?;
    s.bind(&SocketAddr::new(ip, 0).into())?;
    s.set_nonblocking(true)?;
    match s.connect(&target.into()) {
        Ok(()) => {}
        Err(e) if crate::platform::connect_in_progress(&e) => {}
        Err(e) => return Err(e),
    }
    Ok(TcpStream::from_std(s.into()))
}

fn cannot_connect(id: u64, target: SocketAddr, e: &io::Error, printer: &Printer<'_>) {
    printer.note(
        id,
        ProxyText::CannotConnect {
            target,
            why: os_error(e, printer.env.lang()),
        },
    );
}

/// Do whatever can be done for one pair now: finish connecting, write what is due, read what
/// there is room for, and end it when both directions are done.
fn pump(
    p: &mut Pair,
    printer: &Printer<'_>,
    scratch: &mut [u8],
    extras: &mut Extras,
    registry: &Registry,
) {
    if !p.connected {
        if !p.server.writable {
            return;
        }
        match p.server.sock.take_error() {
            Ok(Some(e)) | Err(e) => return fail_connect(p, &e, printer),
            Ok(None) => {}
        }
        match p.server.sock.peer_addr() {
            Ok(_) => {
                p.connected = true;
                p.seen.server_local = p.server.sock.local_addr().ok();
                let _ = p.server.sock.set_nodelay(true);
            }
            Err(e) if e.kind() == io::ErrorKind::NotConnected => {
                p.server.writable = false;
                return;
            }
            Err(e) => return fail_connect(p, &e, printer),
        }
    }
    // Only the connections accepted on LISTEN carry addresses to rewrite.
    let rewrites = p.kind == Kind::Main && extras.active();
    loop {
        let now = Instant::now();
        let mut progress = false;
        for dir in [Side::Server, Side::Client] {
            let (lane, src, dst) = match dir {
                Side::Server => (&mut p.up, &mut p.client, &mut p.server),
                Side::Client => (&mut p.down, &mut p.server, &mut p.client),
            };
            if rewrites {
                let (id, seen) = (p.id, &mut p.seen);
                lane.tick_with(now, &mut |frame| {
                    extras.rewrite(registry, id, seen, dir, frame)
                });
            } else {
                lane.tick(now);
            }
            // Write what is due.
            while dst.writable
                && !dst.shut
                && let Some(piece) = lane.out.front()
                && piece.due <= now
            {
                match dst.sock.write(&piece.bytes[piece.off..]) {
                    Ok(n) => {
                        progress = true;
                        if let Some(done) = lane.wrote(n, Instant::now())
                            && let Some(how) = done.then
                        {
                            let frames = lane.frames;
                            printer.note(
                                p.id,
                                ProxyText::Ended {
                                    how,
                                    frames,
                                    toward: dir,
                                },
                            );
                            match how {
                                EndKind::HalfClose => {
                                    let _ = dst.sock.shutdown(Shutdown::Write);
                                    dst.shut = true;
                                    src.eof = true;
                                    // Nothing after the end is ever written (frames held by
                                    // --coalesce would keep the pair from being reaped).
                                    lane.abandon();
                                }
                                EndKind::Close => {
                                    let _ = p.client.sock.shutdown(Shutdown::Both);
                                    let _ = p.server.sock.shutdown(Shutdown::Both);
                                    p.dead = true;
                                    printer.note(p.id, ProxyText::Closed);
                                    return;
                                }
                                EndKind::Reset => {
                                    super::reset(&p.client.sock);
                                    super::reset(&p.server.sock);
                                    p.dead = true;
                                    printer.note(p.id, ProxyText::Closed);
                                    return;
                                }
                            }
                            break;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => dst.writable = false,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return failed(p, dir, &e, printer),
                }
            }
            // Pass an ended stream on once everything before the end was written.
            if lane.finished && lane.drained() && !dst.shut {
                let _ = dst.sock.shutdown(Shutdown::Write);
                dst.shut = true;
                progress = true;
            }
            // Read while there is room.
            while src.readable && !src.eof && !lane.full() {
                match src.sock.read(scratch) {
                    Ok(0) => {
                        src.eof = true;
                        lane.finish(now);
                        printer.events(p.id, lane);
                        let from = match dir {
                            Side::Server => Side::Client,
                            Side::Client => Side::Server,
                        };
                        printer.note(p.id, ProxyText::SideClosed(from));
                        progress = true;
                    }
                    Ok(n) if rewrites => {
                        let (id, seen) = (p.id, &mut p.seen);
                        lane.feed_with(&scratch[..n], now, &mut |frame| {
                            extras.rewrite(registry, id, seen, dir, frame)
                        });
                        printer.events(p.id, lane);
                        progress = true;
                    }
                    Ok(n) => {
                        lane.feed(&scratch[..n], now);
                        printer.events(p.id, lane);
                        progress = true;
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => src.readable = false,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        let from = match dir {
                            Side::Server => Side::Client,
                            Side::Client => Side::Server,
                        };
                        return failed(p, from, &e, printer);
                    }
                }
            }
            printer.events(p.id, lane);
        }
        if p.up.finished && p.down.finished && p.up.drained() && p.down.drained() {
            p.dead = true;
            printer.note(p.id, ProxyText::Closed);
            return;
        }
        if !progress {
            return;
        }
    }
}

fn fail_connect(p: &mut Pair, e: &io::Error, printer: &Printer<'_>) {
    printer.note(
        p.id,
        ProxyText::SideFailed {
            side: Side::Server,
            why: os_error(e, printer.env.lang()),
        },
    );
    let _ = p.client.sock.shutdown(Shutdown::Both);
    p.dead = true;
}

/// One side's connection failed: the other is closed with a reset too, as the failure would
/// have reached it without a proxy.
fn failed(p: &mut Pair, side: Side, e: &io::Error, printer: &Printer<'_>) {
    printer.note(
        p.id,
        ProxyText::SideFailed {
            side,
            why: os_error(e, printer.env.lang()),
        },
    );
    super::reset(&p.client.sock);
    super::reset(&p.server.sock);
    p.dead = true;
}

/// Ctrl-C: write what can be written at once, then close both sides cleanly. A write that
/// carries an end (`--close-after` and the like) is the last of its direction, and the end
/// goes as it says.
fn stop_pair(p: &mut Pair, printer: &Printer<'_>) {
    let now = Instant::now();
    let deadline = now + Duration::from_millis(500);
    for dir in [Side::Server, Side::Client] {
        let (lane, dst) = match dir {
            Side::Server => (&mut p.up, &mut p.server),
            Side::Client => (&mut p.down, &mut p.client),
        };
        lane.hurry(now);
        let mut ended = None;
        while !dst.shut
            && let Some(piece) = lane.out.front()
        {
            match dst.sock.write(&piece.bytes[piece.off..]) {
                Ok(n) => {
                    if let Some(done) = lane.wrote(n, now)
                        && let Some(how) = done.then
                    {
                        ended = Some(how);
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(_) => break,
            }
        }
        printer.events(p.id, lane);
        let Some(how) = ended else { continue };
        let frames = lane.frames;
        printer.note(
            p.id,
            ProxyText::Ended {
                how,
                frames,
                toward: dir,
            },
        );
        match how {
            EndKind::HalfClose => {
                let _ = dst.sock.shutdown(Shutdown::Write);
                dst.shut = true;
                lane.abandon();
            }
            EndKind::Close => break,
            EndKind::Reset => {
                super::reset(&p.client.sock);
                super::reset(&p.server.sock);
                printer.note(p.id, ProxyText::Closed);
                return;
            }
        }
    }
    let _ = p.client.sock.shutdown(Shutdown::Both);
    let _ = p.server.sock.shutdown(Shutdown::Both);
    printer.note(p.id, ProxyText::Closed);
}
