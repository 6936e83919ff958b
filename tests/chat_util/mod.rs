//! chat test helpers shared by the end-to-end, load and Python interop tests: our directory
//! server and our peers as real processes on loopback, in English.
#![allow(dead_code)]

use std::net::SocketAddr;

use crate::support::Proc;

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
    let p = Proc::start(&args);
    let addr = p.listening();
    (p, addr)
}

/// Our peer `name` (`extra` arguments appended) registered with the server at `server`, and
/// the port it takes conversations on.
pub fn peer(name: &str, server: SocketAddr, extra: &[&str]) -> (Proc, u16) {
    let server = server.to_string();
    let mut args = peer_cmd("en", name, &server);
    args.extend_from_slice(extra);
    let p = Proc::start(&args);
    let port = p.listening().port();
    p.expect_err(&format!("registered as {name},"));
    (p, port)
}

/// 127.0.0.1:`port`.
pub fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}
