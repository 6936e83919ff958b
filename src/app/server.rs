//! `netlab app server`: one request per connection, one response, then close, as the
//! tutorial's `app-server.py`/`libserver.py` do. A text/json request is searched in the
//! table; any other content-type gets the binary answer `First 10 bytes of request: …`.
//! A bad frame closes its connection with a logged reason; the other connections never notice.
//!
//! Memory: a request announcing more content than `--max-content` is refused on its header,
//! before any content is read. A binary request's content is read and dropped as it arrives
//! (its answer needs the first 10 bytes); a text/json request's content is held while it is
//! read and parsed, and all connections together hold at most [`CONTENT_BUDGET`] of it (one
//! more is refused as busy). Connections are served at most [`CAPACITY`] at once
//! (`app::served`), each with a thread holding an 8 KiB read buffer.

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

use super::config::{AppServerConfig, CAPACITY};
use super::py;
use super::served;
use super::table::Table;
use super::text::AppText;
use super::wire::{self, ContentError, Frame, SERVER_BINARY, TEXT_JSON, WireError};
use crate::net::{Env, Result, sock};
use crate::term::log::{Dir, Log};
use crate::term::text::Text;

/// What the binary answer starts with.
pub const BINARY_PREFIX: &[u8] = b"First 10 bytes of request: ";

/// How much of a binary request's content its answer shows (and the server keeps).
const BINARY_KEEP: u64 = 10;

/// Bytes of text/json content all connections together may hold while reading requests.
pub const CONTENT_BUDGET: u64 = 64 * 1024 * 1024;

/// Connection threads only hold a small buffer and a parser; JSON nesting is bounded by
/// serde_json's recursion limit, which this comfortably covers.
const STACK: usize = 256 * 1024;

/// `netlab app server`.
pub fn server(config: AppServerConfig, env: Env) -> Result<()> {
    let table = match &config.data {
        None => Table::builtin(),
        Some(path) => {
            let file = path.display().to_string();
            let Some(table) = Table::load(path, config.max_data_size, &env)? else {
                return Ok(()); // Ctrl-C while loading
            };
            env.note(AppText::TableLoaded {
                file,
                entries: table.len(),
            });
            table
        }
    };
    let listener = sock::listen(config.listen.bind, config.listen.port, &env.log)?;
    serve_app(listener, table, config.max_content, &env)
}

/// Serve an already bound listener until `env.stop` (the benchmark calls this directly),
/// refusing contents over `max_content` bytes.
pub fn serve_app(listener: TcpListener, table: Table, max_content: u64, env: &Env) -> Result<()> {
    let shared = Arc::new(Shared {
        table,
        max_content,
        budget: Budget::default(),
    });
    let log = env.log.clone();
    served::serve(
        "app",
        listener,
        STACK,
        CAPACITY,
        env,
        move |stream, peer| {
            log.info(AppText::Accepted(peer.to_string()));
            handle(stream, peer, &shared, &log);
            log.info(AppText::Closing(peer.to_string()));
        },
    )
}

/// What every connection's thread reads.
struct Shared {
    table: Table,
    max_content: u64,
    budget: Budget,
}

/// The bytes of text/json content held by all connections (at most [`CONTENT_BUDGET`]).
#[derive(Default)]
struct Budget {
    held: AtomicU64,
}

impl Budget {
    /// Hold `n` more bytes, if they fit.
    fn take(&self, n: u64) -> Option<Held<'_>> {
        let mut held = self.held.load(Ordering::Relaxed);
        loop {
            if held + n > CONTENT_BUDGET {
                return None;
            }
            match self.held.compare_exchange_weak(
                held,
                held + n,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(Held { budget: self, n }),
                Err(now) => held = now,
            }
        }
    }
}

/// Bytes of the budget held by one request until it is answered.
struct Held<'a> {
    budget: &'a Budget,
    n: u64,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.budget.held.fetch_sub(self.n, Ordering::AcqRel);
    }
}

/// Why a request is refused (and its connection closed).
#[derive(Debug)]
pub enum Refusal {
    /// The frame itself: a bad header, content over the limit, an early close.
    Wire(WireError),
    /// text/json content that is not UTF-8 JSON, or not an object.
    Content(ContentError),
    /// A search value that is a list or an object (Python cannot hash either).
    Unhashable,
    /// The text/json contents being read already hold the whole budget.
    Busy { limit: u64 },
}

/// Read one request, answer it, and return (the caller's drop closes the connection).
fn handle(stream: TcpStream, peer: SocketAddr, shared: &Shared, log: &Log) {
    let bad = |why: Refusal| {
        log.warn(AppText::BadRequest {
            peer: peer.to_string(),
            why: why.render(log.lang()),
        })
    };
    let mut reader = BufReader::with_capacity(8192, &stream);
    let header = match wire::read_header(&mut reader, shared.max_content) {
        Ok(header) => header,
        Err(WireError::Closed) => {
            // Connected and left without a byte: a port probe, not worth a warning.
            log.debug(AppText::Probe { peer });
            return;
        }
        Err(e) => return bad(Refusal::Wire(e)),
    };
    log.event(format_args!(
        "request from={peer} content-type={} content-length={}",
        header.content_type, header.content_length
    ));
    let json = header.content_type == TEXT_JSON;
    let _held = if json {
        let Some(held) = shared.budget.take(header.content_length) else {
            return bad(Refusal::Busy {
                limit: CONTENT_BUDGET,
            });
        };
        Some(held)
    } else {
        None
    };
    let keep = if json {
        header.content_length
    } else {
        BINARY_KEEP
    };
    let content = match wire::read_content(&mut reader, &header, keep) {
        Ok(content) => content,
        Err(e) => return bad(Refusal::Wire(e)),
    };
    let frame = Frame { header, content };
    if log.tracing() {
        log.trace(Dir::In, peer, wire::Trace(&frame), None);
    }
    let request = match Request::from_frame(frame) {
        Ok(r) => r,
        Err(why) => return bad(why),
    };
    let response = match request.answer(&shared.table) {
        Ok(r) => r,
        Err(why) => return bad(why),
    };
    log.info(request.log_line(peer));
    let mut bytes = Vec::new();
    if let Err(e) = wire::encode(&response, &mut bytes) {
        return bad(Refusal::Wire(e));
    }
    if log.tracing() {
        log.trace(Dir::Out, peer, wire::Trace(&response), Some(&bytes));
    }
    log.debug(AppText::Sending {
        bytes: py::repr_bytes(&bytes),
        peer,
    });
    if let Err(e) = (&stream).write_all(&bytes) {
        log.warn(AppText::SendFailed {
            peer: peer.to_string(),
            why: crate::term::text::os_error(&e, log.lang()),
        });
    }
}

/// A decoded request.
#[derive(Debug, PartialEq)]
pub enum Request {
    /// A text/json request: the decoded object (or whatever JSON value was sent).
    Json(Value),
    /// Any other content-type: the start of the content (all a server keeps of it).
    Binary {
        content_type: String,
        content: Vec<u8>,
    },
}

impl Request {
    /// Interpret a frame's content by its content-type (exactly `text/json` means JSON, as
    /// in the tutorial; everything else is binary).
    pub fn from_frame(frame: Frame) -> Result<Request, Refusal> {
        if frame.header.content_type != TEXT_JSON {
            return Ok(Request::Binary {
                content_type: frame.header.content_type,
                content: frame.content,
            });
        }
        wire::json_content(&frame)
            .map(Request::Json)
            .map_err(Refusal::Content)
    }

    /// The response frame, or why the request cannot be answered (the tutorial's server
    /// fails on these too, and closes the connection).
    pub fn answer(&self, table: &Table) -> Result<Frame, Refusal> {
        match self {
            Request::Json(value) => {
                let result = search_result(value, table)?;
                let content = py::json_object_of_strings(&[("result", &result)]);
                Ok(Frame::new(TEXT_JSON, "utf-8", content.into_bytes()))
            }
            Request::Binary { content, .. } => {
                let mut out = BINARY_PREFIX.to_vec();
                out.extend_from_slice(&content[..content.len().min(10)]);
                Ok(Frame::new(SERVER_BINARY, "binary", out))
            }
        }
    }

    /// The tutorial's log line for this request.
    fn log_line(&self, peer: SocketAddr) -> AppText {
        match self {
            Request::Json(value) => {
                let mut repr = String::new();
                py::repr_value(value, &mut repr);
                AppText::ReceivedJson {
                    repr,
                    peer: peer.to_string(),
                }
            }
            Request::Binary { content_type, .. } => AppText::ReceivedBinary {
                content_type: content_type.clone(),
                peer: peer.to_string(),
            },
        }
    }
}

/// The `result` text for a JSON request: the table's entry, `No match for "VALUE".`, or
/// `Error: invalid action "ACTION".`, with VALUE and ACTION shown as Python's `str()` would
/// (a missing one is `None`).
fn search_result(request: &Value, table: &Table) -> Result<String, Refusal> {
    let Value::Object(map) = request else {
        return Err(Refusal::Content(ContentError::NotObject));
    };
    let action = map.get("action");
    if action.and_then(Value::as_str) != Some("search") {
        return Ok(format!("Error: invalid action \"{}\".", py::str_of(action)));
    }
    let query = map.get("value");
    if matches!(query, Some(Value::Array(_) | Value::Object(_))) {
        // A Python dict cannot be searched with a list or dict (unhashable): the tutorial's
        // server fails the request, and so do we.
        return Err(Refusal::Unhashable);
    }
    let hit = query.and_then(Value::as_str).and_then(|q| table.get(q));
    Ok(match hit {
        Some(entry) => entry.to_string(),
        None => format!("No match for \"{}\".", py::str_of(query)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ask(request: Value) -> String {
        let frame = Request::Json(request).answer(&Table::builtin()).unwrap();
        assert_eq!(frame.header.content_type, TEXT_JSON);
        String::from_utf8(frame.content).unwrap()
    }

    #[test]
    fn json_answers_are_byte_identical_to_the_tutorials() {
        assert_eq!(
            ask(json!({"action": "search", "value": "needle"})),
            r#"{"result": "No match for \"needle\"."}"#
        );
        assert_eq!(
            ask(json!({"action": "search", "value": "\u{1f436}"})),
            "{\"result\": \"\u{1f43e} Playing ball! \u{1f3d0}\"}"
        );
        assert_eq!(
            ask(json!({"action": "find", "value": "x"})),
            r#"{"result": "Error: invalid action \"find\"."}"#
        );
        assert_eq!(
            ask(json!({"value": "x"})),
            r#"{"result": "Error: invalid action \"None\"."}"#
        );
        assert_eq!(
            ask(json!({"action": "search", "value": 5})),
            r#"{"result": "No match for \"5\"."}"#
        );
    }

    #[test]
    fn requests_python_rejects_are_rejected() {
        let table = Table::builtin();
        assert!(Request::Json(json!(["search"])).answer(&table).is_err());
        assert!(
            Request::Json(json!({"action": "search", "value": ["a"]}))
                .answer(&table)
                .is_err()
        );
        let latin = Frame::new(TEXT_JSON, "latin-1", b"{}".to_vec());
        assert!(Request::from_frame(latin).is_err());
        let junk = Frame::new(TEXT_JSON, "utf-8", b"{nope".to_vec());
        assert!(Request::from_frame(junk).is_err());
    }

    #[test]
    fn binary_answer_holds_the_first_ten_bytes() {
        let frame = Frame::new("x/y", "binary", "binary\u{1f603}tail".as_bytes().to_vec());
        let answer = Request::from_frame(frame)
            .unwrap()
            .answer(&Table::builtin())
            .unwrap();
        assert_eq!(answer.header.content_type, SERVER_BINARY);
        assert_eq!(answer.header.content_encoding, "binary");
        assert_eq!(
            answer.content,
            "First 10 bytes of request: binary\u{1f603}".as_bytes()
        );
        let short = Frame::new("x/y", "binary", b"ab".to_vec());
        let answer = Request::from_frame(short)
            .unwrap()
            .answer(&Table::builtin())
            .unwrap();
        assert_eq!(answer.content, b"First 10 bytes of request: ab");
    }
}
