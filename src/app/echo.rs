//! `netlab echo server` and `netlab echo client`: the tutorial's echo and multi-connection
//! programs. The server echoes every byte on the same connection until the client closes;
//! the client opens `-c N` connections at once, sends its messages on each, and checks that
//! exactly the bytes it sent come back.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

use crossbeam_channel::{bounded, select};

use super::config::{CAPACITY, DEFAULT_MESSAGE, EchoClientConfig, Listen, PORT};
use super::served;
use super::text::AppText;
use crate::net::conn::STACK;
use crate::net::{Env, Error, Result, sock};
use crate::term::log::{Dir, Log};
use crate::term::text::os_error;

/// How long a client waits for a connection to be accepted.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Echo chunk size: one read, one write.
const CHUNK: usize = 16 * 1024;

/// `netlab echo server`.
pub fn server(config: Listen, env: Env) -> Result<()> {
    let listener = sock::listen(config.bind, config.port, &env.log)?;
    serve_echo(listener, &env)
}

/// Serve an already bound listener until `env.stop` (the benchmark calls this directly).
pub fn serve_echo(listener: std::net::TcpListener, env: &Env) -> Result<()> {
    let log = env.log.clone();
    served::serve(
        "echo",
        listener,
        STACK,
        CAPACITY,
        env,
        move |stream, peer| {
            log.info(AppText::Accepted(peer.to_string()));
            echo_until_closed(stream, peer, &log);
            log.info(AppText::Closing(peer.to_string()));
        },
    )
}

/// Copy everything the peer sends back to it until it closes (or the connection fails).
fn echo_until_closed(mut stream: TcpStream, peer: SocketAddr, log: &Log) {
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                log.debug(AppText::ConnError {
                    peer,
                    why: crate::term::text::os_error(&e, log.lang()),
                });
                return;
            }
        };
        if log.tracing() {
            log.trace(
                Dir::In,
                peer,
                super::py::repr_bytes(&buf[..n]),
                Some(&buf[..n]),
            );
        }
        if let Err(e) = stream.write_all(&buf[..n]) {
            log.debug(AppText::ConnError {
                peer,
                why: crate::term::text::os_error(&e, log.lang()),
            });
            return;
        }
    }
}

/// `netlab echo client`.
pub fn client(args: EchoClientConfig, env: Env) -> Result<()> {
    let addr = sock::lookup(&args.server, PORT, env.lang())?;
    let messages: Vec<Vec<u8>> = if args.messages.is_empty() {
        vec![DEFAULT_MESSAGE.as_bytes().to_vec()]
    } else {
        args.messages
            .iter()
            .map(|m| m.as_bytes().to_vec())
            .collect()
    };
    let results = run_connections(addr, args.connections, &messages, &env)?;
    let mut failed: Vec<String> = Vec::new();
    for outcome in results {
        match outcome {
            Ok((conn, text)) => env.say(AppText::EchoReceived { text, conn }),
            Err(why) => failed.push(why),
        }
    }
    match failed.len() {
        0 => Ok(()),
        // One failure is the error line itself; several are listed, then counted.
        1 => Err(Error::new(failed.remove(0))),
        n => {
            for why in &failed {
                env.log.error(AppText::Failure(why.clone()));
            }
            Err(Error::new(env.tr(AppText::EchoFailures {
                failed: n,
                total: args.connections,
            })))
        }
    }
}

/// Open `count` connections (all of them before any sends), run each on its own thread, and
/// return the outcomes in connection order: the echoed text, or why it failed. `Ok(vec![])`
/// if stopped by Ctrl-C.
fn run_connections(
    addr: SocketAddr,
    count: u32,
    messages: &[Vec<u8>],
    env: &Env,
) -> Result<Vec<Result<(u32, String), String>>> {
    let mut streams = Vec::with_capacity(count as usize);
    env.log.mark(crate::term::log::Mark::Peer {
        addr,
        name: crate::term::text::Text::render(
            &crate::diagram::text::DiagramText::Server(Some(addr)),
            env.lang(),
        ),
    });
    for k in 1..=count {
        env.log.debug(AppText::Starting { conn: k, addr });
        let stream = sock::connect(addr, None, CONNECT_TIMEOUT).map_err(|e| {
            Error::new(env.tr(AppText::CannotConnect {
                addr: addr.to_string(),
                why: os_error(&e, env.lang()),
            }))
        })?;
        streams.push(stream);
    }
    // One outcome per connection: room for all of them.
    let (tx, rx) = bounded(count as usize);
    for (k, stream) in (1..=count).zip(streams) {
        let tx = tx.clone();
        let messages = messages.to_vec();
        let worker_env = env.clone();
        thread::Builder::new()
            .name(format!("echo-client-{k}"))
            .stack_size(STACK)
            .spawn(move || {
                let outcome = one_connection(k, stream, &messages, &worker_env);
                let _ = tx.send((k, outcome));
            })
            .map_err(|e| Error::new(env.tr(AppText::NoThread(os_error(&e, env.lang())))))?;
    }
    drop(tx);
    let mut slots: Vec<Option<Result<(u32, String), String>>> = vec![None; count as usize];
    let mut left = count;
    while left > 0 {
        select! {
            recv(rx) -> got => match got {
                Ok((k, outcome)) => {
                    slots[(k - 1) as usize] = Some(outcome.map(|text| (k, text)));
                    left -= 1;
                }
                Err(_) => break,
            },
            recv(env.stop.rx()) -> _ => return Ok(Vec::new()),
        }
    }
    Ok(slots.into_iter().flatten().collect())
}

/// Send every message in order (on a second thread, so a large echo never deadlocks against
/// our own unread replies), read back as many bytes as were sent, and compare.
fn one_connection(
    k: u32,
    stream: TcpStream,
    messages: &[Vec<u8>],
    env: &Env,
) -> Result<String, String> {
    let sent: Vec<u8> = messages.concat();
    let mut writer = stream.try_clone().map_err(|e| {
        env.tr(AppText::EchoFailed {
            conn: k,
            why: os_error(&e, env.lang()),
        })
    })?;
    let peer = stream.peer_addr().ok();
    let log = env.log.clone();
    let mut reader = stream;
    let (wrote, got) = thread::scope(|s| {
        let w = thread::Builder::new()
            .name(format!("echo-client-{k}-send"))
            .stack_size(STACK)
            .spawn_scoped(s, || {
                for m in messages {
                    if let Some(p) = peer.filter(|_| log.tracing()) {
                        log.trace(Dir::Out, p, super::py::repr_bytes(m), Some(m));
                    }
                    writer.write_all(m)?;
                }
                Ok::<(), std::io::Error>(())
            });
        let w = match w {
            Ok(w) => w,
            Err(e) => return (Err(e), Ok(Vec::new())),
        };
        let mut got = Vec::with_capacity(sent.len());
        let read = (&mut reader).take(sent.len() as u64).read_to_end(&mut got);
        let wrote = w
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("writer panicked")));
        (wrote, read.map(|_| got))
    });
    let got = got.map_err(|e| {
        env.tr(AppText::EchoFailed {
            conn: k,
            why: os_error(&e, env.lang()),
        })
    })?;
    if got.len() < sent.len() {
        if let Err(e) = wrote {
            return Err(env.tr(AppText::EchoFailed {
                conn: k,
                why: os_error(&e, env.lang()),
            }));
        }
        return Err(env.tr(AppText::EchoShort {
            conn: k,
            got: got.len(),
            want: sent.len(),
        }));
    }
    if got != sent {
        return Err(env.tr(AppText::EchoDiffers {
            conn: k,
            sent: sent.len(),
        }));
    }
    env.log.debug(AppText::ClosingConn(k));
    Ok(String::from_utf8_lossy(&got).into_owned())
}
