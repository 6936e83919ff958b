//! chat for the tests: our directory server and our peers as real processes on loopback, in
//! English, and the raw chat client that writes exactly the bytes given and reads lines with a
//! deadline (to the server, to a peer, or as the server a peer registers with).

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, unbounded};

use super::{DEADLINE, Proc};

/// `--lang LANG chat peer NAME -s SERVER -b 127.0.0.1`: our peer on loopback.
pub fn peer_cmd<'a>(lang: &'a str, name: &'a str, server: &'a str) -> Vec<&'a str> {
    vec![
        "--lang",
        lang,
        "chat",
        "peer",
        name,
        "-s",
        server,
        "-b",
        "127.0.0.1",
    ]
}

/// Our directory server on a free loopback port, `extra` arguments appended.
pub fn server(extra: &[&str]) -> (Proc, SocketAddr) {
    let mut args = vec![
        "--lang",
        "en",
        "chat",
        "server",
        "-p",
        "0",
        "-b",
        "127.0.0.1",
    ];
    args.extend_from_slice(extra);
    Proc::start_listening(&args)
}

/// Our peer `name` (`extra` arguments appended) registered with the server at `server`, and
/// the port it takes conversations on.
pub fn peer(name: &str, server: SocketAddr, extra: &[&str]) -> (Proc, u16) {
    let server = server.to_string();
    let mut args = peer_cmd("en", name, &server);
    args.extend_from_slice(extra);
    let (p, addr) = Proc::start_listening(&args);
    let port = addr.port();
    p.expect_err(&format!("registered as {name},"));
    (p, port)
}

/// 127.0.0.1:`port`.
pub fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// The raw chat client (or, from an accepted stream, the other side of a peer's connection):
/// writes exactly the bytes given, reads lines with a deadline.
pub struct Raw {
    pub w: TcpStream,
    r: BufReader<TcpStream>,
}

impl Raw {
    pub fn connect(addr: SocketAddr) -> Raw {
        let w = TcpStream::connect(addr).expect("connect");
        Raw::from_stream(w)
    }

    pub fn from_stream(stream: TcpStream) -> Raw {
        let (w, r) = super::raw_halves(stream);
        Raw { w, r }
    }

    /// Register `name` and wait until the server has processed it (its LIST answer).
    pub fn register(addr: SocketAddr, name: &str, port: u16) -> Raw {
        let mut raw = Raw::connect(addr);
        raw.send(&format!("USER {name}:{port}\r\nLIST\r\n"));
        let line = raw.line();
        assert!(line.starts_with("LIST"), "{name}: unexpected {line:?}");
        raw
    }

    pub fn send(&mut self, data: &str) {
        self.w.write_all(data.as_bytes()).expect("write");
    }

    /// The next line without its terminator; fails on end of stream or after the deadline.
    #[track_caller]
    pub fn line(&mut self) -> String {
        let mut buf = Vec::new();
        match self.r.read_until(b'\n', &mut buf) {
            Ok(0) => panic!("end of stream while waiting for a line"),
            Ok(_) if buf.ends_with(b"\r\n") => {
                buf.truncate(buf.len() - 2);
                String::from_utf8(buf).unwrap()
            }
            Ok(_) => panic!("line not terminated by CRLF: {buf:?}"),
            Err(e) => panic!("no line within the deadline: {e}"),
        }
    }

    #[track_caller]
    pub fn expect(&mut self, want: &str) {
        assert_eq!(self.line(), want);
    }

    /// The server closes the connection (nothing more arrives, then end of stream).
    #[track_caller]
    pub fn expect_eof(&mut self) {
        let mut rest = Vec::new();
        match self.r.read_to_end(&mut rest) {
            Ok(_) => assert!(rest.is_empty(), "unexpected data {rest:?} before the end"),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
            Err(e) => panic!("the connection was not closed: {e}"),
        }
    }

    pub fn list(&mut self) -> String {
        self.send("LIST\r\n");
        self.line()
    }
}

/// `netlab ARGS…` whose stdout is a pipe nobody reads (once the pipe's buffer is full, every
/// line it prints blocks it), its stderr read line by line; killed on drop.
pub struct Unread {
    child: Child,
    _stdout: ChildStdout,
    err: Receiver<String>,
}

impl Unread {
    pub fn start(args: &[&str]) -> Unread {
        let mut child = super::neutral_locale(Command::new(super::bin()).args(args))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start netlab");
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, err) = unbounded();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Unread {
            child,
            _stdout: stdout,
            err,
        }
    }

    /// Our peer `name` registered with `server`, its stdout unread, and its conversation port.
    pub fn peer(name: &str, server: SocketAddr) -> (Unread, u16) {
        let server = server.to_string();
        let p = Unread::start(&peer_cmd("en", name, &server));
        let line = p.expect_err("listening on ");
        let port = line.rsplit(':').next().unwrap().parse().unwrap();
        p.expect_err(&format!("registered as {name},"));
        (p, port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Wait for a stderr line containing `needle`.
    #[track_caller]
    pub fn expect_err(&self, needle: &str) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            match self
                .err
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(e) => panic!("no stderr line with {needle:?}: {e}"),
            }
        }
    }

    /// Still running?
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("wait").is_none()
    }
}

impl Drop for Unread {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Write `chunk` to `to` again and again for `run`, whatever the other side does: a write
/// that blocks longer than a moment is retried until the time is up, and a failed connection
/// ends the flood. Returns how many bytes were taken.
pub fn flood(to: &mut TcpStream, chunk: &[u8], run: Duration) -> u64 {
    to.set_write_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let start = Instant::now();
    let mut sent = 0u64;
    while start.elapsed() < run {
        match to.write(chunk) {
            Ok(n) => sent += n as u64,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    sent
}
