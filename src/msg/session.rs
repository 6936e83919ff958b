//! A client's session with the server, shared by emitter and display: connect and register
//! (probing for a free id when none is given), number and send frames, and say goodbye.

use std::io::BufReader;
use std::net::{SocketAddr, TcpStream};
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, bounded, select};

use super::wire::{self, Head, Msg, WireError};
use crate::net::conn::{Conn, ConnId, Event};
use crate::net::log::Dir;
use crate::net::text::msg::{MsgText, Role};
use crate::net::{Context, Env, Error, Result, sock, unix_time_u32};

/// Events of a client's connection(s).
pub type Events = Receiver<Event<Msg, WireError>>;

/// How long the server may take to answer an OI.
const ANSWER: Duration = Duration::from_secs(10);
/// How long a goodbye waits for the server's OK (the spec's 2 s).
pub const GOODBYE: Duration = Duration::from_secs(2);
/// Frames a client may have waiting to be written.
const QUEUE: usize = 1024;

/// A registered client.
pub struct Session {
    pub id: u16,
    pub conn: Conn,
    /// The connection's number: events of earlier (probing) connections carry others.
    pub conn_id: ConnId,
    pub events: Events,
    pub server: SocketAddr,
    /// The next sequence number this client originates.
    seq: u32,
}

/// Connect to `server` and register: with `fixed`, that id or an error; without, the lowest
/// id of `range` the server accepts. Copes with servers that keep the connection after ERRO
/// (the next OI goes on it) and with servers that close it (reconnect, try the same id
/// again). `None`: stopped (Ctrl-C) before registering.
pub fn register(
    env: &Env,
    server: SocketAddr,
    range: RangeInclusive<u16>,
    fixed: Option<u16>,
    role: Role,
) -> Result<Option<Session>> {
    let (tx, rx) = bounded(256);
    let mut candidate = fixed.unwrap_or(*range.start());
    let mut seq = 0u32;
    let mut conn_id: ConnId = 0;
    'connect: loop {
        conn_id += 1;
        let stream = sock::connect(server, None, ANSWER)
            .context(|| format!("cannot connect to the server at {server}"))?;
        let conn = Conn::start(
            "msg",
            conn_id,
            stream,
            QUEUE,
            |r: &mut BufReader<TcpStream>| wire::decode(r),
            tx.clone(),
        )
        .context(|| format!("cannot use the connection to {server}"))?;
        let mut answered = false;
        loop {
            let oi = Msg::Oi(Head::new(candidate, 0, seq, unix_time_u32()));
            seq = seq.wrapping_add(1);
            send(env, &conn, &oi);
            let deadline = Instant::now() + ANSWER;
            // Wait for this OI's answer; any OK/ERRO will do (only one OI is outstanding).
            let accepted = loop {
                select! {
                    recv(rx) -> ev => match ev {
                        Ok(Event::Frame(c, m)) if c == conn_id => {
                            env.log.trace(Dir::In, server, &m);
                            match m {
                                Msg::Ok(_) => break true,
                                Msg::Erro(_) => break false,
                                _ => {}
                            }
                        }
                        Ok(Event::Closed(c, _)) if c == conn_id => {
                            if !answered {
                                return Err(Error::new(format!(
                                    "the server at {server} closed the connection without answering OI"
                                )));
                            }
                            // This server closes after ERRO: a new connection, same candidate.
                            continue 'connect;
                        }
                        Ok(_) => {} // from an earlier connection
                        Err(_) => return Err(Error::new("connection threads stopped")),
                    },
                    recv(env.stop.rx()) -> _ => return Ok(None),
                    default(deadline.saturating_duration_since(Instant::now())) => {
                        return Err(Error::new(format!(
                            "the server at {server} did not answer OI within {}s",
                            ANSWER.as_secs()
                        )));
                    }
                }
            };
            answered = true;
            if accepted {
                env.note(MsgText::Registered {
                    role,
                    id: candidate,
                });
                return Ok(Some(Session {
                    id: candidate,
                    conn,
                    conn_id,
                    events: rx,
                    server,
                    seq,
                }));
            }
            if fixed.is_some() {
                return Err(Error::new(env.tr(MsgText::IdRefused { id: candidate })));
            }
            if candidate >= *range.end() {
                return Err(Error::new(env.tr(MsgText::NoFreeId { role })));
            }
            env.log
                .debug(format_args!("id {candidate} refused; trying the next one"));
            candidate += 1;
        }
    }
}

/// Trace and queue one frame (a client never floods: its queue is far from full).
pub fn send(env: &Env, conn: &Conn, m: &Msg) {
    env.log.trace(Dir::Out, conn.peer(), m);
    let _ = conn.send_now(m.to_bytes());
}

impl Session {
    /// A fresh header from this client: its id, the next sequence number, the time now.
    pub fn head(&mut self, dest: u16) -> Head {
        let h = Head::new(self.id, dest, self.seq, unix_time_u32());
        self.seq = self.seq.wrapping_add(1);
        h
    }

    pub fn send(&self, env: &Env, m: &Msg) {
        send(env, &self.conn, m);
    }

    /// Answer `to` with OK or ERRO (same seq and timestamp, addressed to its sender).
    pub fn answer(&self, env: &Env, to: &Head, ok: bool) {
        let h = to.answer(self.id, to.orig);
        self.send(env, &if ok { Msg::Ok(h) } else { Msg::Erro(h) });
    }

    /// Is this event about the registered connection (not an earlier probing one)?
    pub fn ours(&self, ev: &Event<Msg, WireError>) -> bool {
        match ev {
            Event::Frame(c, _) | Event::Closed(c, _) | Event::Opened(c, _) => *c == self.conn_id,
        }
    }

    /// FLW, then wait up to 2 s for the server's OK (or the connection's end), then close.
    /// Frames arriving meanwhile (answers to earlier requests) go to `earlier`.
    pub fn goodbye(mut self, env: &Env, mut earlier: impl FnMut(&Msg)) {
        let h = self.head(0);
        self.send(env, &Msg::Flw(h));
        let deadline = Instant::now() + GOODBYE;
        loop {
            select! {
                recv(self.events) -> ev => match ev {
                    Ok(Event::Frame(c, m)) if c == self.conn_id => {
                        env.log.trace(Dir::In, self.server, &m);
                        if matches!(&m, Msg::Ok(a) if a.seq == h.seq) {
                            break;
                        }
                        earlier(&m);
                    }
                    Ok(Event::Closed(c, _)) if c == self.conn_id => break,
                    Ok(_) => {}
                    Err(_) => break,
                },
                default(deadline.saturating_duration_since(Instant::now())) => break,
            }
        }
        self.close();
    }

    /// Close after the last frames are written (bounded: a peer that does not read cannot
    /// hold the process).
    pub fn close(self) {
        let deadline = Instant::now() + GOODBYE;
        while self.conn.unsent() > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        drop(self.conn);
    }
}
