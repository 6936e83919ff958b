//! The proxy's event loop: one owner thread and one mio `Poll` for the listener and both
//! sockets of every connection (no thread per connection). Each connection is a [`Pair`] of
//! sockets and two [`Lane`]s; the loop reads a source only while its lane has room, writes
//! pieces as they fall due, and sleeps until the next socket event, the next due piece or
//! Ctrl-C (a waker).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use super::Config;
use super::lane::{Event, Lane};
use super::text::{EndKind, ProxyText, Side};
use crate::diagram::ladder::Ladder;
use crate::diagram::{Diagram, Format, Step};
use crate::net::log::hex_row;
use crate::net::text::{Text, os_error};
use crate::net::{Context, Env, Result};

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
    /// Client to server.
    up: Lane,
    /// Server to client.
    down: Lane,
    dead: bool,
}

/// Where a pair's lines go, with its number and the time since start; with `--diagram`, into
/// the diagram instead (drawn at the end, so that stdout holds the diagram alone).
struct Printer<'a> {
    env: &'a Env,
    start: Instant,
    hex: bool,
    diagram: Option<RefCell<Drawing>>,
    /// `--diagram ladder`: drawn live, a client lifeline and a server lifeline, each label
    /// starting with its connection's number.
    live: Option<Live>,
}

/// The live ladder and its count of frames, drawn and left out (`--diagram-limit`).
struct Live {
    ladder: Ladder,
    limit: Option<usize>,
    drawn: Cell<usize>,
    left: Cell<usize>,
}

/// The diagram being drawn and each connection's two participants.
struct Drawing {
    d: Diagram,
    ends: HashMap<u64, (usize, usize)>,
}

impl Printer<'_> {
    /// Draw one step of the live ladder (`client` 0, `server` 1).
    fn live_step(&self, live: &Live, step: Step) {
        let arrow = matches!(step, Step::Arrow { .. });
        if live.limit.is_some_and(|l| live.drawn.get() >= l) {
            if arrow {
                live.left.set(live.left.get() + 1);
            }
            return;
        }
        if arrow {
            live.drawn.set(live.drawn.get() + 1);
        }
        for line in live.ladder.step(&step) {
            self.env.log.out(line);
        }
    }

    fn note(&self, id: u64, text: ProxyText) {
        let line = text.render(self.env.lang());
        if let Some(live) = &self.live {
            let step = Step::Note {
                first: 0,
                last: 1,
                text: format!("#{id} {line}"),
            };
            self.live_step(live, step);
            return;
        }
        if let Some(cell) = &self.diagram {
            let mut dr = cell.borrow_mut();
            let dr = &mut *dr;
            if let ProxyText::Opened { client, target } = &text {
                let lang = self.env.lang();
                let c =
                    dr.d.participant(&format!("{} #{id} {client}", Side::Client.word(lang)));
                let s =
                    dr.d.participant(&format!("{} {target}", Side::Server.word(lang)));
                dr.ends.insert(id, (c, s));
            } else if let Some(&(c, s)) = dr.ends.get(&id) {
                dr.d.note(c, s, line);
            }
            return;
        }
        self.env.log.out(format!("#{id} {line}"));
    }

    /// Draw the diagram on stdout (Ctrl-C ended the run).
    fn draw(&self, format: Format, ascii: bool) {
        if let Some(live) = &self.live {
            if live.left.get() > 0 {
                let text = crate::diagram::text::DiagramText::LeftOut {
                    shown: live.drawn.get(),
                    left: live.left.get(),
                }
                .render(self.env.lang());
                for line in live.ladder.step(&Step::Note {
                    first: 0,
                    last: 1,
                    text,
                }) {
                    self.env.log.out(line);
                }
            }
            for line in live.ladder.foot() {
                self.env.log.out(line);
            }
            return;
        }
        if let Some(cell) = &self.diagram {
            let width = crate::diagram::ladder_width();
            for line in cell
                .borrow()
                .d
                .render(format, self.env.lang(), width, ascii)
            {
                self.env.log.out(line);
            }
        }
    }

    fn events(&self, id: u64, lane: &mut Lane) {
        let arrow = match lane.to {
            Side::Server => "->",
            Side::Client => "<-",
        };
        let t = self.start.elapsed().as_secs_f64();
        let lang = self.env.lang();
        if let Some(live) = &self.live {
            let (from, to) = match lane.to {
                Side::Server => (0, 1),
                Side::Client => (1, 0),
            };
            for ev in lane.events.drain(..) {
                let step = match ev {
                    Event::Frame { line, .. } => Step::Arrow {
                        from,
                        to,
                        label: format!("#{id} {line}"),
                    },
                    Event::Bytes { why, .. } => Step::Arrow {
                        from,
                        to,
                        label: format!("#{id} {}", why.render(lang)),
                    },
                    Event::Note(n) => Step::Note {
                        first: 0,
                        last: 1,
                        text: format!("#{id} {}", n.render(lang)),
                    },
                    Event::Hint(h) => Step::Note {
                        first: 0,
                        last: 1,
                        text: format!("#{id} !! {h}"),
                    },
                };
                self.live_step(live, step);
            }
            return;
        }
        if let Some(cell) = &self.diagram {
            let mut dr = cell.borrow_mut();
            let Some(&(c, s)) = dr.ends.get(&id) else {
                lane.events.clear();
                return;
            };
            let (from, to) = match lane.to {
                Side::Server => (c, s),
                Side::Client => (s, c),
            };
            for ev in lane.events.drain(..) {
                match ev {
                    Event::Frame { line, .. } => dr.d.arrow(from, to, line),
                    Event::Bytes { why, .. } => dr.d.arrow(from, to, why.render(lang)),
                    Event::Note(n) => dr.d.note(c, s, n.render(lang)),
                    Event::Hint(h) => dr.d.note(c, s, format!("!! {h}")),
                }
            }
            return;
        }
        for ev in lane.events.drain(..) {
            let (line, bytes) = match ev {
                Event::Frame { line, bytes } => (line, Some(bytes)),
                Event::Bytes { why, bytes } => (why.render(lang), Some(bytes)),
                Event::Note(n) => (n.render(lang), None),
                Event::Hint(h) => (format!("!! {h}"), None),
            };
            match bytes {
                Some(b) => {
                    let size = b.len();
                    self.env
                        .log
                        .out(format!("#{id} {arrow} {line} (+{t:.6}s, {size} bytes)"));
                    if self.hex {
                        for (k, row) in b.chunks(16).enumerate() {
                            self.env.log.out(format!(
                                "#{id}      {:04x}  {}",
                                k * 16,
                                hex_row(row)
                            ));
                        }
                    }
                }
                None => {
                    self.env.log.out(format!("#{id} {arrow} {line}"));
                }
            }
        }
    }
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
    let printer = Printer {
        env,
        start: Instant::now(),
        hex: env.log.trace_mode() == crate::net::log::Trace::Hex,
        diagram: cfg.diagram.filter(|&f| f != Format::Ladder).map(|_| {
            RefCell::new(Drawing {
                d: Diagram::new(cfg.diagram_limit),
                ends: HashMap::new(),
            })
        }),
        live: (cfg.diagram == Some(Format::Ladder)).then(|| {
            let names = [
                Side::Client.word(lang).to_string(),
                format!("{} {}", Side::Server.word(lang), cfg.target),
            ];
            Live {
                ladder: Ladder::new(&names, crate::diagram::ladder_width(), cfg.ascii),
                limit: cfg.diagram_limit,
                drawn: Cell::new(0),
                left: Cell::new(0),
            }
        }),
    };
    if let Some(live) = &printer.live {
        for line in live.ladder.head() {
            env.log.out(line);
        }
    }
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
        for ev in events.iter() {
            match ev.token() {
                LISTENER => accept(
                    &mut listener,
                    &poll,
                    &cfg,
                    &mut pairs,
                    &mut next_id,
                    &printer,
                ),
                WAKE => {}
                Token(t) => {
                    let id = (t as u64 - 2) / 2;
                    let Some(p) = pairs.get_mut(&id) else {
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
            pump(p, &printer, &mut scratch);
            if p.dead {
                let mut p = pairs.remove(&id).expect("present");
                let _ = poll.registry().deregister(&mut p.client.sock);
                let _ = poll.registry().deregister(&mut p.server.sock);
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

fn accept(
    listener: &mut TcpListener,
    poll: &Poll,
    cfg: &Config,
    pairs: &mut HashMap<u64, Pair>,
    next_id: &mut u64,
    printer: &Printer<'_>,
) {
    loop {
        let (mut client, addr) = match listener.accept() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                printer
                    .env
                    .log
                    .warn(crate::net::sentences::NetText::AcceptFailed(&os_error(
                        &e,
                        printer.env.lang(),
                    )));
                return;
            }
        };
        let id = *next_id;
        *next_id += 1;
        printer.note(
            id,
            ProxyText::Opened {
                client: addr,
                target: cfg.target,
            },
        );
        let mut server = match TcpStream::connect(cfg.target) {
            Ok(s) => s,
            Err(e) => {
                cannot_connect(id, cfg.target, &e, printer);
                continue;
            }
        };
        let _ = client.set_nodelay(true);
        let token = |side: u64| Token((2 + 2 * id + side) as usize);
        let reg = poll
            .registry()
            .register(
                &mut client,
                token(0),
                Interest::READABLE | Interest::WRITABLE,
            )
            .and_then(|()| {
                poll.registry().register(
                    &mut server,
                    token(1),
                    Interest::READABLE | Interest::WRITABLE,
                )
            });
        if let Err(e) = reg {
            cannot_connect(id, cfg.target, &e, printer);
            continue;
        }
        let lang = printer.env.lang();
        let seed = cfg.seed.wrapping_add(id.wrapping_mul(2));
        pairs.insert(
            id,
            Pair {
                id,
                client: End::new(client),
                server: End::new(server),
                connected: false,
                up: Lane::new(cfg.proto, lang, Side::Server, cfg.to_server.clone(), seed),
                down: Lane::new(
                    cfg.proto,
                    lang,
                    Side::Client,
                    cfg.to_client.clone(),
                    seed + 1,
                ),
                dead: false,
            },
        );
    }
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
fn pump(p: &mut Pair, printer: &Printer<'_>, scratch: &mut [u8]) {
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
                let _ = p.server.sock.set_nodelay(true);
            }
            Err(e) if e.kind() == io::ErrorKind::NotConnected => {
                p.server.writable = false;
                return;
            }
            Err(e) => return fail_connect(p, &e, printer),
        }
    }
    loop {
        let now = Instant::now();
        let mut progress = false;
        for dir in [Side::Server, Side::Client] {
            let (lane, src, dst) = match dir {
                Side::Server => (&mut p.up, &mut p.client, &mut p.server),
                Side::Client => (&mut p.down, &mut p.server, &mut p.client),
            };
            lane.tick(now);
            // Write what is due.
            while dst.writable
                && !dst.shut
                && let Some(piece) = lane.out.front()
                && piece.due <= now
            {
                match dst.sock.write(&piece.bytes[piece.off..]) {
                    Ok(n) => {
                        progress = true;
                        if let Some(done) = lane.wrote(n)
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
                                    lane.out.clear();
                                    lane.finished = true;
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

/// Ctrl-C: write what can be written at once, then close both sides cleanly.
fn stop_pair(p: &mut Pair, printer: &Printer<'_>) {
    let now = Instant::now();
    let deadline = now + Duration::from_millis(500);
    for (lane, dst) in [(&mut p.up, &mut p.server), (&mut p.down, &mut p.client)] {
        lane.hurry(now);
        while let Some(piece) = lane.out.front() {
            match dst.sock.write(&piece.bytes[piece.off..]) {
                Ok(n) => {
                    lane.wrote(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(_) => break,
            }
        }
        printer.events(p.id, lane);
    }
    let _ = p.client.sock.shutdown(Shutdown::Both);
    let _ = p.server.sock.shutdown(Shutdown::Both);
    printer.note(p.id, ProxyText::Closed);
}
