//! echo and app for the tests: our servers as real processes, and the raw app client: frames
//! built here the way the tutorial's libclient.py builds them (independent of netlab's own
//! encoder), sent on a plain socket, and the proof that a server still answers a normal request.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use super::Proc;

/// Our `echo` or `app` server (`proto`) on 127.0.0.1 port 0, `extra` arguments appended;
/// returned once it listens.
pub fn server(proto: &str, extra: &[&str]) -> (Proc, SocketAddr) {
    let args = [&[proto, "server", "-p", "0"], extra].concat();
    Proc::start_listening(&args)
}

/// How long a raw read or write may wait.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// `sys.byteorder` of this machine: what a Python peer here would put in its headers.
pub fn byteorder() -> &'static str {
    if cfg!(target_endian = "big") {
        "big"
    } else {
        "little"
    }
}

/// A connection to `addr` with deadlines on reads and writes, each write sent at once.
pub fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    s.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
    s.set_nodelay(true).unwrap();
    s
}

/// A frame exactly as libclient.py builds it: `json.dumps(header, ensure_ascii=False)` with
/// default separators, then the content.
pub fn frame(content_type: &str, encoding: &str, content: &[u8]) -> Vec<u8> {
    header_frame(
        &format!(
            r#"{{"byteorder": "{}", "content-type": "{content_type}", "content-encoding": "{encoding}", "content-length": {}}}"#,
            byteorder(),
            content.len()
        ),
        content,
    )
}

/// proto-header + the given JSON header text + content.
pub fn header_frame(json: &str, content: &[u8]) -> Vec<u8> {
    let mut out = (json.len() as u16).to_be_bytes().to_vec();
    out.extend_from_slice(json.as_bytes());
    out.extend_from_slice(content);
    out
}

/// The tutorial's search request for `value`.
pub fn search(value: &str) -> Vec<u8> {
    let content = format!(r#"{{"action": "search", "value": "{value}"}}"#);
    frame("text/json", "utf-8", content.as_bytes())
}

/// Send `bytes`, then read until the server closes; return everything it sent.
pub fn exchange(addr: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut s = connect(addr);
    s.write_all(bytes).unwrap();
    let mut got = Vec::new();
    s.read_to_end(&mut got).expect("read the response");
    got
}

/// The response the tutorial's server sends for the JSON result `content` (already
/// JSON-encoded).
pub fn json_response(content: &str) -> Vec<u8> {
    frame("text/json", "utf-8", content.as_bytes())
}

/// Prove the app server still answers a normal request.
#[track_caller]
pub fn still_serves(addr: SocketAddr) {
    assert_eq!(
        exchange(addr, &search("morpheus")),
        json_response("{\"result\": \"Follow the white rabbit. \u{1f430}\"}"),
        "a normal request after the bad one"
    );
}
