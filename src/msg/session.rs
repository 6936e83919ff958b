//! A client's session with the server, shared by emitter and display: connect and register
//! (probing for a free id when none is given), number and send frames, and say goodbye.

use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, bounded};

use super::codec::{Frames, undecoded_phrase};
use super::hints;
use super::text::{MsgText, Role};
use super::timestamp;
use super::wire::{Head, Msg, WireError};
use crate::diagram::text::DiagramText;
use crate::net::conn::{Conn, ConnId, Event, OnFull, Opts};
use crate::net::owner::{self, Flow};
use crate::net::poller::Poller;
use crate::net::{Env, Error, Result, sock};
use crate::term::log::Mark;
use crate::term::text::{Text, os_error};

/// Events of a client's connection that do not come from its poller: none (the channel only
/// keeps the owner's loop shape).
pub type Events = Receiver<Event<Frames>>;

/// How long the server may take to answer an OI.
const ANSWER: Duration = Duration::from_secs(10);
/// How long a goodbye waits for the server's OK (the spec's 2 s).
pub const GOODBYE: Duration = Duration::from_secs(2);
/// A client's connection: a client never floods, so its outbox is far from full.
const OPTS: Opts = Opts {
    name: "msg",
    outbox: 1024,
    on_full: OnFull::Report,
};

/// How the registered connection ended without a goodbye.
enum Lost {
    /// The server went away, or closed this client's connection.
    Gone(MsgText<'static>),
    /// Bytes from the server that do not decode: the reader stopped, the connection is cut.
    Undecodable(WireError),
}

/// What came on a connection while its OI waited for an answer.
enum Heard {
    Ok,
    Erro,
    Closed(WireError),
}

/// A registered client.
pub struct Session {
    pub id: u16,
    pub conn: Conn<Frames>,
    /// The connection's number: events of earlier (probing) connections carry others.
    pub conn_id: ConnId,
    pub events: Events,
    pub server: SocketAddr,
    /// The next sequence number this client originates.
    seq: u32,
    /// The server's all-zero frames were reported.
    padded: bool,
    /// The connection ended without the server's goodbye (it went away, dropped this client,
    /// or sent bytes that do not decode): the run's error (exit status 1).
    lost: Option<Lost>,
    /// Emitter or display: only a display looks whether the server still runs ([`gone`]).
    role: Role,
}

/// Connect to `server` and register: with `fixed`, that id or an error; without, the lowest
/// id of `range` the server accepts. Copes with servers that keep the connection after ERRO
/// (the next OI goes on it) and with servers that close it (reconnect, try the same id
/// again). `None`: stopped (Ctrl-C) before registering. The session's connection is read
/// and written by the returned poller, the owner's.
pub fn register(
    env: &Env,
    server: SocketAddr,
    range: RangeInclusive<u16>,
    fixed: Option<u16>,
    role: Role,
) -> Result<Option<(Session, Poller<Frames>)>> {
    let cannot = |e: std::io::Error| {
        Error::new(env.tr(MsgText::CannotConnect {
            server,
            why: os_error(&e, env.lang()),
        }))
    };
    let (_tx, rx) = bounded(1);
    let mut poller = Poller::alone(&env.log).map_err(cannot)?;
    // Ctrl-C while waiting for an answer ends the wait at once.
    let (_, _ringing) = owner::edge(poller.bell(), &env.stop, None);
    let mut candidate = fixed.unwrap_or(*range.start());
    let mut seq = 0u32;
    let mut conn_id: ConnId = 0;
    'connect: loop {
        conn_id += 1;
        let stream = sock::connect(server, None, ANSWER).map_err(cannot)?;
        env.log.mark(Mark::Peer {
            addr: server,
            name: DiagramText::Server(Some(server)).render(env.lang()),
        });
        let conn = poller
            .dial(OPTS, conn_id, stream, Frames::new(), &env.log)
            .map_err(cannot)?;
        let mut answered = false;
        loop {
            let _ = conn.send(&Msg::Oi(Head::new(candidate, 0, seq, timestamp())));
            seq = seq.wrapping_add(1);
            let deadline = Instant::now() + ANSWER;
            // Wait for this OI's answer; any OK/ERRO will do (only one OI is outstanding).
            // Events of earlier connections are let by.
            let accepted = loop {
                if env.stop.is_set() {
                    return Ok(None);
                }
                let now = Instant::now();
                if now >= deadline {
                    return Err(Error::new(env.tr(MsgText::NoAnswer {
                        server,
                        after: ANSWER,
                    })));
                }
                let mut heard = None;
                poller.turn(Some(deadline - now), &mut |ev| {
                    heard = match ev {
                        Event::Frame(c, Msg::Ok(_)) if c == conn_id => Some(Heard::Ok),
                        Event::Frame(c, Msg::Erro(_)) if c == conn_id => Some(Heard::Erro),
                        Event::Closed(c, why) if c == conn_id => Some(Heard::Closed(why)),
                        _ => None,
                    };
                    // What comes after the answer waits for the owner's loop.
                    if heard.is_some() {
                        Flow::Leave
                    } else {
                        Flow::Continue
                    }
                });
                match heard {
                    Some(Heard::Ok) => break true,
                    Some(Heard::Erro) => break false,
                    Some(Heard::Closed(why)) => {
                        // The server answered, and what it said does not decode: say so,
                        // not that it closed (it did not).
                        if let WireError::UnknownType(_) = why
                            && let Some(what) = undecoded_phrase(&why, env.lang())
                        {
                            return Err(Error::new(
                                env.tr(MsgText::UndecodableAnswer { server, what }),
                            ));
                        }
                        if !answered {
                            return Err(Error::new(env.tr(MsgText::ClosedBeforeAnswer { server })));
                        }
                        // This server closes after ERRO: a new connection, same candidate.
                        continue 'connect;
                    }
                    None => {}
                }
            };
            answered = true;
            if accepted {
                env.log
                    .mark(Mark::Named(super::text::named(candidate, env.lang())));
                env.note(MsgText::Registered {
                    role,
                    id: candidate,
                });
                let session = Session {
                    id: candidate,
                    conn,
                    conn_id,
                    events: rx,
                    server,
                    seq,
                    padded: false,
                    lost: None,
                    role,
                };
                return Ok(Some((session, poller)));
            }
            if fixed.is_some() {
                return Err(Error::new(env.tr(MsgText::IdRefused { id: candidate })));
            }
            if candidate >= *range.end() {
                return Err(Error::new(env.tr(MsgText::NoFreeId { role })));
            }
            env.log.debug(MsgText::TryingNext { id: candidate });
            candidate += 1;
        }
    }
}

/// How long the check that the server still runs may take.
const PROBE: Duration = Duration::from_millis(500);

/// The connection closed without a goodbye: did the server go away, or only close this
/// connection (it dropped this client)? A server that still accepts connections did not go
/// away. (A stopping server stops accepting before it closes its clients.) A process being
/// killed may still complete one handshake while its descriptors are being closed, so the
/// server counts as running only if a second try a moment later connects too.
///
/// Only a display asks: a stopping server says goodbye to its displays (FLW), so a display
/// sees a bare close only when the server died or dropped it. Emitters get no goodbye (the
/// spec: the server closes their connections), so every stop of a server would be followed
/// by one probe per emitter, each refused with a reset: the RSTs a class sees in Wireshark
/// and reads as a fault. An emitter says what it knows instead ([`MsgText::ServerClosed`]).
fn gone(server: SocketAddr, role: Role) -> MsgText<'static> {
    if role == Role::Emitter {
        return MsgText::ServerClosed;
    }
    let accepts = || std::net::TcpStream::connect_timeout(&server, PROBE).is_ok();
    if accepts() && {
        std::thread::sleep(Duration::from_millis(100));
        accepts()
    } {
        MsgText::ServerClosedUs
    } else {
        MsgText::ServerGone
    }
}

impl Session {
    /// A fresh header from this client: its id, the next sequence number, the time now.
    pub fn head(&mut self, dest: u16) -> Head {
        let h = Head::new(self.id, dest, self.seq, timestamp());
        self.seq = self.seq.wrapping_add(1);
        h
    }

    pub fn send(&self, m: &Msg) {
        let _ = self.conn.send(m);
    }

    /// Answer `to` with OK or ERRO (same seq and timestamp, addressed to its sender).
    pub fn answer(&self, to: &Head, ok: bool) {
        let h = to.answer(self.id, to.orig);
        self.send(&if ok { Msg::Ok(h) } else { Msg::Erro(h) });
    }

    /// A frame the client has no use for: all-zero frames (a server padding fixed-size
    /// fields) are reported once as a warning, anything else only under `-v`.
    pub fn unexpected(&mut self, m: &Msg, env: &Env) {
        if !hints::padding(m) {
            env.log.debug(MsgText::Unexpected(m.name()));
        } else if !self.padded {
            self.padded = true;
            env.log.warn(MsgText::ServerPadding);
        }
    }

    /// The frame an event brings on the registered connection, or what the owner does
    /// instead: nothing for an event of an earlier (probing) connection; exit when the
    /// connection ended (the run's error, unless the client is leaving anyway: [`Session::end`]).
    pub fn frame(&mut self, ev: Event<Frames>, leaving: bool) -> Result<Msg, Flow> {
        match ev {
            Event::Frame(c, m) if c == self.conn_id => Ok(m),
            Event::Closed(c, why) if c == self.conn_id => {
                if !leaving {
                    self.lost = Some(match why {
                        // A stream that ends inside a frame was closed: it says nothing
                        // wrong about the frame (its bytes are traced all the same).
                        WireError::UnknownType(_) => Lost::Undecodable(why),
                        _ => Lost::Gone(gone(self.server, self.role)),
                    });
                }
                Err(Flow::Exit)
            }
            _ => Err(Flow::Continue),
        }
    }

    /// Close (as [`Session::close`]) and say how the run ended: an error when the server went
    /// away or dropped this client (exit status 1, as every client whose server vanishes);
    /// `Ok` after Ctrl-C, `/quit`, the end of input or the server's own goodbye.
    pub fn end(mut self, env: &Env, poller: &mut Poller<Frames>) -> Result<()> {
        let lost = self.lost.take();
        self.close(poller);
        match lost {
            Some(Lost::Gone(why)) => Err(Error::new(env.tr(why))),
            Some(Lost::Undecodable(why)) => {
                let what = undecoded_phrase(&why, env.lang()).unwrap_or_else(|| why.to_string());
                Err(Error::new(env.tr(MsgText::UndecodableFrame { what })))
            }
            None => Ok(()),
        }
    }

    /// Say goodbye: FLW. Returns its sequence number (the server's OK echoes it) and until
    /// when to wait for that OK.
    pub fn flw(&mut self) -> (u32, Instant) {
        let h = self.head(0);
        self.send(&Msg::Flw(h));
        (h.seq, Instant::now() + GOODBYE)
    }

    /// Close after the last frames are written (bounded: a peer that does not read cannot
    /// hold the process).
    pub fn close(self, poller: &mut Poller<Frames>) {
        drop(self);
        poller.finish(Instant::now() + GOODBYE);
    }
}
