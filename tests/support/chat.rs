//! chat for the tests: our directory server and our peers as real processes on loopback, in
//! English, and the raw chat client that writes exactly the bytes given and reads lines with a
//! deadline (to the server, to a peer, or as the server a peer registers with).

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};

use super::Proc;

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
