//! msg for the tests: our server and clients as real processes on loopback, and the raw msg
//! client — frames straight on a socket, so a test can send exactly what a misbehaving (or
//! merely foreign) program would, and play a server to our clients.

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::Duration;

use netlab::msg::wire::{self, Head, Msg, WireError};

use super::Proc;

/// Our server on a free loopback port, `extra` arguments appended; returned once it listens.
pub fn server(extra: &[&str]) -> (Proc, SocketAddr) {
    let mut args = vec!["msg", "server", "-p", "0", "-b", "127.0.0.1"];
    args.extend_from_slice(extra);
    Proc::start_listening(&args)
}

/// Our server run under `prlimit --nofile=SOFT:HARD` (`limit` is `SOFT:HARD`), returned once
/// it listens; `None` (said on stderr) when prlimit is missing or the hard limit asked for is
/// above this process's own.
pub fn server_with_nofile(limit: &str, extra: &[&str]) -> Option<(Proc, SocketAddr)> {
    let hard: u64 = limit.split(':').nth(1)?.parse().ok()?;
    if open_files_hard_limit().is_some_and(|ours| ours < hard) {
        super::skipped(&format!("the hard descriptor limit is below {hard}"));
        return None;
    }
    if Command::new("prlimit").arg("--version").output().is_err() {
        super::skipped("prlimit not found");
        return None;
    }
    let mut command = Command::new("prlimit");
    command.arg(format!("--nofile={limit}")).arg(super::bin());
    let mut args = vec!["msg", "server", "-p", "0", "-b", "127.0.0.1"];
    args.extend_from_slice(extra);
    super::neutral_locale(command.args(&args));
    let p = Proc::spawn(
        format!("prlimit --nofile={limit} netlab {}", args.join(" ")),
        command,
    );
    let addr = p.listening();
    Some((p, addr))
}

/// This process's hard limit on open files (from /proc/self/limits).
fn open_files_hard_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(4)?.parse().ok()
}

/// `netlab msg ROLE ADDR EXTRA…`: our emitter or display, connecting to `addr`.
pub fn client(role: &str, addr: SocketAddr, extra: &[&str]) -> Proc {
    let a = addr.to_string();
    let mut args = vec!["msg", role, a.as_str()];
    args.extend_from_slice(extra);
    Proc::start(&args)
}

/// A raw msg client (or, from an accepted stream, the server side of one connection).
pub struct Raw {
    pub id: u16,
    pub seq: u32,
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Raw {
    pub fn connect(addr: SocketAddr) -> Raw {
        let stream = TcpStream::connect(addr).expect("connect to the server");
        Raw::from_stream(stream)
    }

    pub fn from_stream(stream: TcpStream) -> Raw {
        let (writer, reader) = super::raw_halves(stream);
        Raw {
            id: 0,
            seq: 0,
            writer,
            reader,
        }
    }

    /// Connect and register as `id`; panics unless the server says OK.
    pub fn register(addr: SocketAddr, id: u16) -> Raw {
        let mut raw = Raw::connect(addr);
        let h = raw.oi(id);
        match raw.recv() {
            Msg::Ok(a) => {
                assert_eq!((a.orig, a.dest, a.seq, a.ts), (0, id, h.seq, h.ts));
            }
            other => panic!("OI {id}: expected OK, got {other:?}"),
        }
        raw.id = id;
        raw
    }

    /// Send OI for `id` (without waiting).
    pub fn oi(&mut self, id: u16) -> Head {
        let h = Head::new(id, 0, self.next_seq(), 1_700_000_000);
        self.send(&Msg::Oi(h));
        h
    }

    pub fn next_seq(&mut self) -> u32 {
        let s = self.seq;
        self.seq += 1;
        s
    }

    /// A fresh header from this client to `dest`.
    pub fn head(&mut self, dest: u16) -> Head {
        Head::new(self.id, dest, self.next_seq(), 1_700_000_000)
    }

    pub fn send(&mut self, m: &Msg) {
        self.send_bytes(&m.to_bytes());
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the socket");
    }

    /// MSG `text` to `dest`; returns its header.
    pub fn msg(&mut self, dest: u16, text: &[u8]) -> Head {
        let h = self.head(dest);
        self.send(&Msg::Msg(h, text.to_vec()));
        h
    }

    pub fn try_recv(&mut self) -> Result<Msg, WireError> {
        wire::decode(&mut self.reader)
    }

    #[track_caller]
    pub fn recv(&mut self) -> Msg {
        self.try_recv()
            .unwrap_or_else(|e| panic!("client {}: no frame: {e}", self.id))
    }

    /// The next frame must be OK (`ok`) or ERRO answering `h`.
    #[track_caller]
    pub fn expect_answer(&mut self, h: &Head, ok: bool) {
        match self.recv() {
            Msg::Ok(a) if ok && a.seq == h.seq && a.ts == h.ts => {}
            Msg::Erro(a) if !ok && a.seq == h.seq && a.ts == h.ts => {}
            other => panic!(
                "client {}: expected {} for seq {}, got {other:?}",
                self.id,
                if ok { "OK" } else { "ERRO" },
                h.seq
            ),
        }
    }

    /// The connection must end (EOF or reset) within the read timeout.
    #[track_caller]
    pub fn expect_closed(&mut self) {
        loop {
            match self.try_recv() {
                Ok(_) => continue,
                Err(WireError::Eof | WireError::Truncated { .. }) => return,
                Err(WireError::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
                    ) =>
                {
                    return;
                }
                Err(e) => panic!("client {}: expected the connection to close: {e}", self.id),
            }
        }
    }

    /// FLW and its OK.
    pub fn leave(mut self) {
        let h = self.head(0);
        self.send(&Msg::Flw(h));
        self.expect_answer(&h, true);
    }

    pub fn set_read_timeout(&self, t: Duration) {
        self.reader.get_ref().set_read_timeout(Some(t)).unwrap();
    }

    /// Another handle on the socket, to write from a thread of its own while this one reads
    /// (a client that pipelines must keep reading its answers).
    pub fn writer(&self) -> TcpStream {
        self.writer.try_clone().expect("clone the socket")
    }
}

/// Proof that the server still serves well-behaved clients: a fresh display and emitter
/// register, a MSG goes through, both leave.
pub fn served(addr: SocketAddr, emitter: u16, display: u16) {
    let mut d = Raw::register(addr, display);
    let mut e = Raw::register(addr, emitter);
    let h = e.msg(display, b"still here");
    match d.recv() {
        Msg::Msg(r, text) => {
            assert_eq!((r.orig, r.dest, r.seq), (emitter, display, h.seq));
            assert_eq!(text, b"still here");
            d.send(&Msg::Ok(r.answer(display, emitter)));
        }
        other => panic!("display {display}: expected MSG, got {other:?}"),
    }
    e.expect_answer(&h, true);
    e.leave();
    d.leave();
}
