//! The chat wire format, pure: line framing (with the interop leniency rules) and the typed
//! lines of both conversations (peer ↔ directory server, peer ↔ peer). No sockets, no threads,
//! no printing; the reader it decodes from is anything implementing [`Source`].
//!
//! Framing: a line ends in `\r\n` or a bare `\n`; several lines may share a segment and one
//! line may span several. A line still unterminated after [`IDLE`] with nothing more arriving,
//! or at end of stream, is taken as complete (students' peers often omit the `\r\n`). The idle
//! wait is armed only while a partial line is pending, so a quiet connection costs nothing.

use std::fmt;
use std::io::{self, BufRead, ErrorKind};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// The directory server's default TCP port.
pub const DEFAULT_PORT: u16 = 10000;

/// The longest line accepted from an untrusted sender, in bytes without the terminator.
pub const MAX_LINE: usize = 4096;

/// The longest line a peer accepts from its directory server: a `LIST` of thousands of users
/// is legitimately longer than [`MAX_LINE`], and cutting it would hide users.
pub const MAX_SERVER_LINE: usize = 4 << 20;

/// How long an unterminated line may sit with nothing more arriving before it counts as
/// complete.
pub const IDLE: Duration = Duration::from_millis(500);

/// The longest user name, in characters.
pub const MAX_NAME: usize = 32;

/// A byte stream whose reads can be bounded in time: the decoder arms the bound only while it
/// holds a partial line. A read that times out must fail with `WouldBlock` or `TimedOut`.
pub trait Source: BufRead {
    fn set_idle(&mut self, limit: Option<Duration>) -> io::Result<()>;
}

/// Why no further line can be read.
#[derive(Debug)]
pub enum WireError {
    /// The stream ended cleanly between lines.
    Eof,
    /// A line exceeded the limit (a protocol violation).
    TooLong,
    /// The connection failed.
    Io(io::Error),
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Eof => f.write_str("end of stream"),
            WireError::TooLong => write!(f, "line longer than {MAX_LINE} bytes"),
            WireError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for WireError {
    fn from(e: io::Error) -> Self {
        WireError::Io(e)
    }
}

/// Reassembles lines from a [`Source`]; one per connection, kept across calls.
#[derive(Debug)]
pub struct LineReader {
    partial: Vec<u8>,
    limit: usize,
    idle: Duration,
    armed: bool,
}

impl LineReader {
    /// A reader refusing lines longer than `limit` bytes.
    pub fn new(limit: usize) -> Self {
        LineReader {
            partial: Vec::new(),
            limit,
            idle: IDLE,
            armed: false,
        }
    }

    /// The next line, without its terminator (invalid UTF-8 replaced).
    pub fn next_line<S: Source>(&mut self, src: &mut S) -> Result<String, WireError> {
        loop {
            let chunk = match src.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) && self.armed => {
                    // Idle with a partial line: the sender meant it as a whole line.
                    if self.partial.is_empty() {
                        self.disarm(src)?;
                        continue;
                    }
                    return self.take(src);
                }
                Err(e) => return Err(WireError::Io(e)),
            };
            if chunk.is_empty() {
                return if self.partial.is_empty() {
                    Err(WireError::Eof)
                } else {
                    self.take(src)
                };
            }
            if let Some(end) = chunk.iter().position(|&b| b == b'\n') {
                self.partial.extend_from_slice(&chunk[..end]);
                src.consume(end + 1);
                return self.take(src);
            }
            let n = chunk.len();
            self.partial.extend_from_slice(chunk);
            src.consume(n);
            // One byte of slack: a full-length line whose `\r` arrived without its `\n` yet.
            if self.partial.len() > self.limit + 1 {
                return Err(WireError::TooLong);
            }
            if !self.armed {
                src.set_idle(Some(self.idle))?;
                self.armed = true;
            }
        }
    }

    fn take<S: Source>(&mut self, src: &mut S) -> Result<String, WireError> {
        self.disarm(src)?;
        if self.partial.last() == Some(&b'\r') {
            self.partial.pop();
        }
        if self.partial.len() > self.limit {
            return Err(WireError::TooLong);
        }
        let line = match String::from_utf8(std::mem::take(&mut self.partial)) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(line)
    }

    fn disarm<S: Source>(&mut self, src: &mut S) -> io::Result<()> {
        if self.armed {
            src.set_idle(None)?;
            self.armed = false;
        }
        Ok(())
    }

    /// Read and drop everything until the stream ends (after a violation, so the connection
    /// closes with a FIN rather than a reset that could destroy the `ERR` line in flight).
    pub fn drain<S: Source>(&mut self, src: &mut S) -> WireError {
        let _ = self.disarm(src);
        loop {
            match src.fill_buf() {
                Ok([]) => return WireError::Eof,
                Ok(chunk) => {
                    let n = chunk.len();
                    src.consume(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return WireError::Io(e),
            }
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// Append `line` and the `\r\n` terminator.
pub fn put_line(out: &mut Vec<u8>, line: &str) {
    out.extend_from_slice(line.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// `line` with its terminator, ready to send.
pub fn frame(line: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len() + 2);
    put_line(&mut out, line);
    out
}

// ---------------------------------------------------------------------------------------------
// Names

/// Why a name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong,
    Colon,
    Space,
    Control,
    /// A character that shows as nothing or turns the text around (`Ana\u{200b}` would pass
    /// for `Ana`): [`crate::term::text::invisible`].
    Invisible,
    /// Bytes that are not UTF-8 (replaced by U+FFFD when the line was read).
    NotUtf8,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameError::Empty => "empty name",
            NameError::TooLong => "name longer than 32 characters",
            NameError::Colon => "name contains ':'",
            NameError::Space => "name begins or ends with a blank",
            NameError::Control => "name contains a control character",
            NameError::Invisible => "name contains an invisible or direction character",
            NameError::NotUtf8 => "name is not UTF-8",
        })
    }
}

/// A name is 1 to 32 characters with no `:` and no control characters. Blanks inside a name
/// are allowed (the original forbids only `:`, and real peers register `ana julia`); blanks
/// around it are not part of it (a `USER` line's are trimmed).
pub fn check_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > MAX_NAME {
        return Err(NameError::TooLong);
    }
    for c in name.chars() {
        if looks_like_nothing(c) {
            return Err(NameError::Invisible);
        }
        if c == ':' {
            return Err(NameError::Colon);
        }
        if c.is_whitespace() && !c.is_control() && (name.starts_with(c) || name.ends_with(c)) {
            return Err(NameError::Space);
        }
        if c.is_control() {
            return Err(NameError::Control);
        }
        // What a line reader puts in place of bytes that are not UTF-8.
        if c == char::REPLACEMENT_CHARACTER {
            return Err(NameError::NotUtf8);
        }
    }
    Ok(())
}

/// The blanks trimmed around a name: spaces and tabs only, so that an invisible or line
/// separator character around a name is refused, never quietly dropped.
fn blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// A name must look like what it is: a character a terminal shows as nothing, or that
/// reverses what follows, would let `Ana\u{200b}` pass for `Ana`.
fn looks_like_nothing(c: char) -> bool {
    crate::term::text::invisible(c)
}

// ---------------------------------------------------------------------------------------------
// Peer → server

/// A line a peer sends to the directory server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `USER name:port`
    User { name: String, port: u16 },
    /// `LIST`
    List,
    /// `KEEP`
    Keep,
    /// `ADDR name`
    Addr(String),
    /// Anything else (ignored by the server once registered).
    Other(String),
}

/// Why a `USER` line is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadUser {
    Name(NameError),
    Port,
}

impl fmt::Display for BadUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadUser::Name(e) => write!(f, "bad name: {e}"),
            BadUser::Port => f.write_str("bad port"),
        }
    }
}

/// Why the directory server closes a connection after `ERR reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A line over [`MAX_LINE`].
    TooLong,
    /// A malformed `USER` line.
    BadUser(BadUser),
    /// The name is active on another connection.
    NameTaken,
    /// `LIST`, `ADDR`, … before `USER`.
    BeforeUser,
    /// The server holds as many connections as it can.
    Full,
}

impl Violation {
    /// The reason as `ERR reason` carries it: wire text, the same in every language.
    pub fn reason(&self) -> String {
        match self {
            Violation::TooLong => "line too long".into(),
            Violation::BadUser(bad) => bad.to_string(),
            Violation::NameTaken => "name taken".into(),
            Violation::BeforeUser => "command before USER".into(),
            Violation::Full => "server full".into(),
        }
    }
}

impl Request {
    /// Parse one line. Trailing blanks are forgiven; a `USER` with a bad name or port is an
    /// error (the server refuses it).
    pub fn parse(line: &str) -> Result<Request, BadUser> {
        let line = line.trim_end();
        let (word, rest) = match line.split_once(' ') {
            Some((w, r)) => (w, Some(r)),
            None => (line, None),
        };
        Ok(match (word, rest) {
            ("LIST", None) => Request::List,
            ("KEEP", None) => Request::Keep,
            ("ADDR", Some(name)) => Request::Addr(name.trim().to_string()),
            ("USER", Some(arg)) => {
                let arg = arg.trim_matches(blank);
                let (name, port) = arg.rsplit_once(':').ok_or(BadUser::Port)?;
                let name = name.trim_matches(blank);
                check_name(name).map_err(BadUser::Name)?;
                // Digits only: `+5000` is not a port a peer can be reached at.
                let port = Some(port)
                    .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|p| p.parse::<u16>().ok())
                    .filter(|&p| p != 0)
                    .ok_or(BadUser::Port)?;
                Request::User {
                    name: name.to_string(),
                    port,
                }
            }
            ("USER", None) => return Err(BadUser::Port),
            _ => Request::Other(line.to_string()),
        })
    }

    /// The line for this request, without terminator.
    pub fn line(&self) -> String {
        match self {
            Request::User { name, port } => format!("USER {name}:{port}"),
            Request::List => "LIST".into(),
            Request::Keep => "KEEP".into(),
            Request::Addr(name) => format!("ADDR {name}"),
            Request::Other(line) => line.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Server → peer

/// A line the directory server sends to a peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `LIST n1:n2:…` (`LIST ` with its trailing space, or a bare `LIST`: nobody else).
    List(Vec<String>),
    /// `ADDR ip:port`, or `ADDR name:ip:port` in the later edition.
    Addr {
        name: Option<String>,
        addr: SocketAddr,
    },
    /// `ERR reason`, just before the server closes the connection.
    Err(String),
    /// A line we do not understand.
    Other(String),
}

impl Reply {
    /// Parse one line, accepting a space after each `:` of a `LIST`, a trailing space after
    /// a bare `LIST`, both `ADDR` forms, and IPv6 with or without brackets.
    pub fn parse(line: &str) -> Reply {
        let trimmed = line.trim_end();
        if trimmed == "LIST" {
            return Reply::List(Vec::new());
        }
        if let Some(names) = trimmed.strip_prefix("LIST ") {
            let names = names
                .split(':')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from)
                .collect();
            return Reply::List(names);
        }
        if let Some((name, addr)) = trimmed
            .strip_prefix("ADDR ")
            .and_then(|arg| parse_addr(arg.trim()))
        {
            return Reply::Addr { name, addr };
        }
        if trimmed == "ERR" {
            return Reply::Err(String::new());
        }
        if let Some(reason) = trimmed.strip_prefix("ERR ") {
            return Reply::Err(reason.trim().to_string());
        }
        Reply::Other(line.to_string())
    }

    /// `LIST …` for `names`: the template `LIST <names>`, so with no names it keeps its
    /// trailing space (known peers split on it; a bare `LIST` crashes some of them).
    pub fn list_line<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
        let mut out = String::from("LIST ");
        for (i, name) in names.into_iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            out.push_str(name);
        }
        out
    }

    /// The line for this reply, without terminator.
    pub fn line(&self) -> String {
        match self {
            Reply::List(names) => Reply::list_line(names.iter().map(String::as_str)),
            Reply::Addr { name: None, addr } => format!("ADDR {}", show_addr(*addr)),
            Reply::Addr {
                name: Some(name),
                addr,
            } => format!("ADDR {name}:{}", show_addr(*addr)),
            Reply::Err(reason) => format!("ERR {reason}"),
            Reply::Other(line) => line.clone(),
        }
    }
}

/// `ip:port`, with brackets around an IPv6 address; an IPv4-mapped address shows as IPv4.
pub fn show_addr(addr: SocketAddr) -> String {
    SocketAddr::new(addr.ip().to_canonical(), addr.port()).to_string()
}

/// `ip:port` or `name:ip:port`.
fn parse_addr(arg: &str) -> Option<(Option<String>, SocketAddr)> {
    if let Some(addr) = plain_addr(arg) {
        return Some((None, addr));
    }
    let (name, rest) = arg.split_once(':')?;
    let addr = plain_addr(rest)?;
    Some((Some(name.to_string()), addr))
}

/// `ip:port`, `[v6]:port` or an unbracketed `v6:port`.
fn plain_addr(s: &str) -> Option<SocketAddr> {
    if let Ok(addr) = s.parse::<SocketAddr>() {
        return Some(addr);
    }
    let (ip, port) = s.rsplit_once(':')?;
    let ip: IpAddr = ip.parse().ok()?;
    Some(SocketAddr::new(ip, port.parse().ok()?))
}

// ---------------------------------------------------------------------------------------------
// Peer ↔ peer

/// A line on a conversation between two peers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerLine {
    /// `USER name`: the caller introduces itself (first line).
    User(String),
    /// `DISC`: the sender is about to close.
    Disc,
    /// Anything else is chat text.
    Text(String),
}

impl PeerLine {
    pub fn parse(line: &str) -> PeerLine {
        if line.trim_end() == "DISC" {
            return PeerLine::Disc;
        }
        if let Some(name) = line.strip_prefix("USER ") {
            return PeerLine::User(name.trim().to_string());
        }
        PeerLine::Text(line.to_string())
    }

    /// Would this text, sent as chat, read as a protocol line on the other side?
    pub fn is_protocol(text: &str) -> bool {
        !matches!(PeerLine::parse(text), PeerLine::Text(_))
    }

    pub fn line(&self) -> String {
        match self {
            PeerLine::User(name) => format!("USER {name}"),
            PeerLine::Disc => "DISC".into(),
            PeerLine::Text(text) => text.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::io::Read;

    /// A scripted source: each step is a chunk of bytes, or `None` for "nothing arrives within
    /// the idle bound" (reported as `WouldBlock` only while the bound is armed; an unarmed
    /// read would block, which the script treats as a bug in the decoder).
    struct Script {
        steps: VecDeque<Option<Vec<u8>>>,
        current: Vec<u8>,
        pos: usize,
        armed: bool,
        arms: usize,
    }

    impl Script {
        fn new(steps: Vec<Option<&[u8]>>) -> Self {
            Script {
                steps: steps.into_iter().map(|s| s.map(<[u8]>::to_vec)).collect(),
                current: Vec::new(),
                pos: 0,
                armed: false,
                arms: 0,
            }
        }
    }

    impl Read for Script {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let chunk = self.fill_buf()?;
            let n = chunk.len().min(buf.len());
            buf[..n].copy_from_slice(&chunk[..n]);
            self.consume(n);
            Ok(n)
        }
    }

    impl BufRead for Script {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            if self.pos == self.current.len() {
                match self.steps.pop_front() {
                    None => return Ok(&[]),
                    Some(None) => {
                        assert!(self.armed, "the decoder waited without an idle bound");
                        return Err(ErrorKind::WouldBlock.into());
                    }
                    Some(Some(chunk)) => {
                        self.current = chunk;
                        self.pos = 0;
                    }
                }
            }
            Ok(&self.current[self.pos..])
        }
        fn consume(&mut self, n: usize) {
            self.pos += n;
        }
    }

    impl Source for Script {
        fn set_idle(&mut self, limit: Option<Duration>) -> io::Result<()> {
            self.armed = limit.is_some();
            self.arms += usize::from(self.armed);
            Ok(())
        }
    }

    fn lines(steps: Vec<Option<&[u8]>>) -> (Vec<String>, WireError, Script) {
        let mut src = Script::new(steps);
        let mut reader = LineReader::new(MAX_LINE);
        let mut out = Vec::new();
        loop {
            match reader.next_line(&mut src) {
                Ok(line) => out.push(line),
                Err(e) => return (out, e, src),
            }
        }
    }

    #[test]
    fn crlf_and_bare_lf_and_several_per_segment() {
        let (got, end, src) = lines(vec![Some(b"USER Ana:20000\r\nLIST\nKEEP\r\n")]);
        assert_eq!(got, ["USER Ana:20000", "LIST", "KEEP"]);
        assert!(matches!(end, WireError::Eof));
        assert_eq!(src.arms, 0, "whole lines never arm the idle bound");
    }

    #[test]
    fn one_line_over_several_segments() {
        let (got, _, _) = lines(vec![
            Some(b"US"),
            Some(b"ER Ana:2"),
            Some(b"0000\r"),
            Some(b"\n"),
        ]);
        assert_eq!(got, ["USER Ana:20000"]);
    }

    #[test]
    fn unterminated_line_taken_after_idle_and_at_eof() {
        let (got, end, _) = lines(vec![
            Some(b"USER Bia"),
            None,
            Some(b"oi\r\nDI"),
            Some(b"SC"),
        ]);
        assert_eq!(got, ["USER Bia", "oi", "DISC"]);
        assert!(matches!(end, WireError::Eof));
    }

    #[test]
    fn idle_after_cr_only() {
        let (got, _, _) = lines(vec![Some(b"DISC\r"), None]);
        assert_eq!(got, ["DISC"]);
    }

    #[test]
    fn limit_is_4096_bytes_without_terminator() {
        let ok = vec![b'a'; MAX_LINE];
        let mut data = ok.clone();
        data.extend_from_slice(b"\r\n");
        let (got, end, _) = lines(vec![Some(&data)]);
        assert_eq!(got, [String::from_utf8(ok).unwrap()]);
        assert!(matches!(end, WireError::Eof));

        let long = vec![b'a'; MAX_LINE + 1];
        let (got, end, _) = lines(vec![Some(&long), Some(b"\r\n")]);
        assert!(got.is_empty());
        assert!(matches!(end, WireError::TooLong), "{end:?}");

        // Over the limit in pieces, never terminated.
        let piece = vec![b'b'; 1000];
        let (got, end, _) = lines(vec![Some(&piece); 6]);
        assert!(got.is_empty());
        assert!(matches!(end, WireError::TooLong), "{end:?}");
    }

    #[test]
    fn requests() {
        assert_eq!(
            Request::parse("USER Ana:20000"),
            Ok(Request::User {
                name: "Ana".into(),
                port: 20000
            })
        );
        assert_eq!(Request::parse("LIST "), Ok(Request::List));
        assert_eq!(Request::parse("KEEP"), Ok(Request::Keep));
        assert_eq!(
            Request::parse("ADDR Bruno"),
            Ok(Request::Addr("Bruno".into()))
        );
        assert_eq!(Request::parse("HELLO"), Ok(Request::Other("HELLO".into())));
        assert_eq!(Request::parse("USER Ana"), Err(BadUser::Port));
        assert_eq!(Request::parse("USER Ana:x"), Err(BadUser::Port));
        assert_eq!(Request::parse("USER Ana:70000"), Err(BadUser::Port));
        assert_eq!(
            Request::parse("USER a:b:1"),
            Err(BadUser::Name(NameError::Colon))
        );
        assert_eq!(
            Request::parse("USER :1"),
            Err(BadUser::Name(NameError::Empty))
        );
        let long = format!("USER {}:1", "x".repeat(33));
        assert_eq!(
            Request::parse(&long),
            Err(BadUser::Name(NameError::TooLong))
        );
        assert_eq!(
            Request::parse("USER A\u{1}b:1"),
            Err(BadUser::Name(NameError::Control))
        );
        assert_eq!(
            Request::parse("USER \u{fffd}\u{fffd}:5000"),
            Err(BadUser::Name(NameError::NotUtf8))
        );
        assert_eq!(Request::parse("USER Ana:+5000"), Err(BadUser::Port));
        assert_eq!(Request::parse("USER Ana:"), Err(BadUser::Port));
        for r in [
            Request::User {
                name: "Zé".into(),
                port: 1,
            },
            Request::List,
            Request::Keep,
            Request::Addr("Ana".into()),
        ] {
            assert_eq!(Request::parse(&r.line()), Ok(r));
        }
    }

    #[test]
    fn names() {
        assert_eq!(check_name(&"é".repeat(32)), Ok(()));
        assert_eq!(check_name("ana julia"), Ok(()));
        assert_eq!(check_name("a\u{a0}b"), Ok(()));
        assert_eq!(check_name(" ana"), Err(NameError::Space));
        assert_eq!(check_name("ana "), Err(NameError::Space));
        assert_eq!(check_name("a\tb"), Err(NameError::Control));
        assert_eq!(check_name("a:b"), Err(NameError::Colon));
        assert_eq!(
            Request::parse("USER ana julia:20180"),
            Ok(Request::User {
                name: "ana julia".into(),
                port: 20180
            })
        );
        assert_eq!(
            Request::parse("USER ana julia :20180"),
            Ok(Request::User {
                name: "ana julia".into(),
                port: 20180
            })
        );
    }

    #[test]
    fn replies() {
        assert_eq!(Reply::parse("LIST"), Reply::List(vec![]));
        assert_eq!(Reply::parse("LIST "), Reply::List(vec![]));
        assert_eq!(
            Reply::parse("LIST Ana: Bruno"),
            Reply::List(vec!["Ana".into(), "Bruno".into()])
        );
        let v4: SocketAddr = "200.235.90.80:21500".parse().unwrap();
        assert_eq!(
            Reply::parse("ADDR 200.235.90.80:21500"),
            Reply::Addr {
                name: None,
                addr: v4
            }
        );
        assert_eq!(
            Reply::parse("ADDR Bruno:200.235.90.80:21500"),
            Reply::Addr {
                name: Some("Bruno".into()),
                addr: v4
            }
        );
        let v6: SocketAddr = "[::1]:9".parse().unwrap();
        assert_eq!(
            Reply::parse("ADDR ::1:9"),
            Reply::Addr {
                name: None,
                addr: v6
            }
        );
        assert_eq!(
            Reply::parse("ADDR Bia:[::1]:9"),
            Reply::Addr {
                name: Some("Bia".into()),
                addr: v6
            }
        );
        assert_eq!(
            Reply::parse("ERR name taken"),
            Reply::Err("name taken".into())
        );
        assert_eq!(Reply::list_line(["Ana", "Bruno"]), "LIST Ana:Bruno");
        assert_eq!(Reply::list_line([]), "LIST ");
        let mapped: SocketAddr = "[::ffff:10.0.0.1]:5".parse().unwrap();
        assert_eq!(show_addr(mapped), "10.0.0.1:5");
    }

    #[test]
    fn peer_lines() {
        assert_eq!(
            PeerLine::parse("USER Camila"),
            PeerLine::User("Camila".into())
        );
        assert_eq!(PeerLine::parse("DISC"), PeerLine::Disc);
        assert_eq!(
            PeerLine::parse("Oi Bruno!"),
            PeerLine::Text("Oi Bruno!".into())
        );
        assert!(PeerLine::is_protocol("DISC"));
        assert!(PeerLine::is_protocol("USER x"));
        assert!(!PeerLine::is_protocol("USERS are here"));
        assert!(!PeerLine::is_protocol("DISCO"));
    }
}
