//! Benchmark of `netlab echo` and `netlab app` on loopback, in one run:
//!
//! 1. echo round trips per second (one 64-byte message written, the same 64 bytes read back)
//!    through netlab's echo server, against a bare TCP ping-pong server (a plain read/write
//!    loop) with the same message size, on 1 and on 8 connections; each server's best of
//!    five alternating runs; the ratio is netlab/bare.
//! 2. app requests per second with 50 concurrent clients, each request a full tutorial
//!    exchange (connect, JSON-header search request, response, server closes).
//!
//! Run: `cargo run --release --example app_bench`

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use netlab::app::table::Table;
use netlab::net::Env;
use netlab::net::shutdown;
use netlab::term::log::{Level, Sink};
use netlab::term::text::Lang;

const MESSAGE: usize = 64;
const ROUND_TRIPS: usize = 40_000;
const APP_CLIENTS: usize = 50;
const APP_REQUESTS_PER_CLIENT: usize = 200;

fn quiet_env(role: &str) -> (shutdown::Trigger, Env) {
    let (trigger, stop) = shutdown::pair();
    let (_tx, rx) = crossbeam_channel::unbounded();
    let env = Env::captured(Lang::En, role, Level::Quiet, Sink::Std, stop, rx);
    (trigger, env)
}

fn loopback() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").expect("bind")
}

/// The baseline: a thread per connection copying bytes back, nothing else.
fn bare_echo(listener: TcpListener) {
    for stream in listener.incoming() {
        let Ok(mut s) = stream else { continue };
        let _ = s.set_nodelay(true);
        thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            while let Ok(n) = s.read(&mut buf) {
                if n == 0 || s.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        });
    }
}

/// `conns` connections at once, each doing `ROUND_TRIPS / conns` ping-pongs; round trips/s.
fn ping_pong(addr: SocketAddr, conns: usize) -> f64 {
    let per = ROUND_TRIPS / conns;
    let start = Instant::now();
    let workers: Vec<_> = (0..conns)
        .map(|k| {
            thread::spawn(move || {
                let mut s = TcpStream::connect(addr).expect("connect");
                s.set_nodelay(true).unwrap();
                let out = [b'a' + (k % 26) as u8; MESSAGE];
                let mut back = [0u8; MESSAGE];
                for _ in 0..per {
                    s.write_all(&out).unwrap();
                    s.read_exact(&mut back).unwrap();
                    assert_eq!(back, out);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("echo worker");
    }
    (per * conns) as f64 / start.elapsed().as_secs_f64()
}

/// The request app-client.py sends for `search morpheus`.
fn search_request() -> Vec<u8> {
    let content = br#"{"action": "search", "value": "morpheus"}"#;
    let order = if cfg!(target_endian = "big") {
        "big"
    } else {
        "little"
    };
    let header = format!(
        r#"{{"byteorder": "{order}", "content-type": "text/json", "content-encoding": "utf-8", "content-length": {}}}"#,
        content.len()
    );
    let mut out = (header.len() as u16).to_be_bytes().to_vec();
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(content);
    out
}

fn app_requests_per_second(addr: SocketAddr) -> (f64, Duration) {
    let request = search_request();
    let start = Instant::now();
    let workers: Vec<_> = (0..APP_CLIENTS)
        .map(|_| {
            let request = request.clone();
            thread::spawn(move || {
                let mut worst = Duration::ZERO;
                let mut got = Vec::with_capacity(256);
                for _ in 0..APP_REQUESTS_PER_CLIENT {
                    let t = Instant::now();
                    let mut s = TcpStream::connect(addr).expect("connect");
                    s.set_nodelay(true).unwrap();
                    s.write_all(&request).unwrap();
                    got.clear();
                    s.read_to_end(&mut got).unwrap();
                    assert!(
                        got.ends_with("Follow the white rabbit. \u{1f430}\"}".as_bytes()),
                        "unexpected response {got:?}"
                    );
                    worst = worst.max(t.elapsed());
                }
                worst
            })
        })
        .collect();
    let worst = workers
        .into_iter()
        .map(|w| w.join().expect("app worker"))
        .max()
        .unwrap_or_default();
    let total = APP_CLIENTS * APP_REQUESTS_PER_CLIENT;
    (total as f64 / start.elapsed().as_secs_f64(), worst)
}

fn main() {
    // Servers: netlab echo and app in-process (quiet logs), the bare baseline.
    let echo_listener = loopback();
    let echo_addr = echo_listener.local_addr().unwrap();
    let (echo_stop, echo_env) = quiet_env("echo");
    let echo = thread::spawn(move || netlab::app::echo::serve_echo(echo_listener, &echo_env));

    let bare_listener = loopback();
    let bare_addr = bare_listener.local_addr().unwrap();
    thread::spawn(move || bare_echo(bare_listener));

    let app_listener = loopback();
    let app_addr = app_listener.local_addr().unwrap();
    let (app_stop, app_env) = quiet_env("app");
    let app = thread::spawn(move || {
        netlab::app::server::serve_app(
            app_listener,
            Table::builtin(),
            netlab::app::wire::DEFAULT_MAX_CONTENT,
            &app_env,
        )
    });

    println!("echo: {MESSAGE}-byte round trips, {ROUND_TRIPS} per run");
    for conns in [1, 8] {
        // Alternate the two servers and keep each one's best of five runs: the machine is
        // shared, and the best run is the one least disturbed by others.
        let (mut ours, mut bare) = (0f64, 0f64);
        for _ in 0..5 {
            bare = bare.max(ping_pong(bare_addr, conns));
            ours = ours.max(ping_pong(echo_addr, conns));
        }
        println!(
            "  {conns} connection(s): netlab {ours:>9.0} round trips/s, bare TCP {bare:>9.0} round trips/s, ratio {:.2}",
            ours / bare
        );
    }

    let total = APP_CLIENTS * APP_REQUESTS_PER_CLIENT;
    let (rate, worst) = app_requests_per_second(app_addr);
    println!(
        "app: {APP_CLIENTS} concurrent clients, {total} requests (one connection each): \
         {rate:.0} requests/s, slowest request {:.1} ms",
        worst.as_secs_f64() * 1e3
    );

    echo_stop.fire();
    app_stop.fire();
    echo.join().unwrap().unwrap();
    app.join().unwrap().unwrap();
}
