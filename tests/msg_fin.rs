//! A msg server stopped by Ctrl-C ends every connection with a FIN, never a reset: after its
//! goodbye it shuts its side, reads (and drops) what the clients still send until they close,
//! and only then closes. Raw clients, emitters and displays, read to the end of the stream
//! and must see it end (a read of 0), never ECONNRESET, even a client that had sent bytes the
//! server had not read.

mod support;

use std::io::{BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use netlab::msg::wire::{self, Head, Msg, WireError};
use support::msg::{Raw, server};

/// Read `stream` to its end, answering a FLW with OK (as a display does); the end must be a
/// read of 0 (bounded by a read timeout). Then, our side still open, `late` bytes the server
/// must read though it said goodbye, and our FIN when `fin` (else the server closes first,
/// and a reset, if it sends one, finds the socket open and shows in the last read). Returns
/// the stream, for a last read once the server has exited.
fn read_to_fin(stream: TcpStream, who: &str, late: &[u8], fin: bool) -> TcpStream {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answers = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    loop {
        match wire::decode(&mut reader) {
            Ok(Msg::Flw(h)) => {
                let ok = Msg::Ok(Head::new(h.dest, h.orig, h.seq, h.ts));
                let _ = answers.write_all(&ok.to_bytes());
            }
            Ok(_) => {}
            Err(WireError::Eof) => break,
            Err(WireError::Io(e)) => panic!("{who}: the connection ended with {e}, not a FIN"),
            Err(e) => panic!("{who}: {e}"),
        }
    }
    answers
        .write_all(late)
        .unwrap_or_else(|e| panic!("{who}: a write after the server's FIN: {e}"));
    if fin {
        answers.shutdown(Shutdown::Write).unwrap();
    }
    answers
}

/// After the server exited: nothing more, and no reset.
fn ended_cleanly(mut stream: TcpStream, who: &str) {
    let mut buf = [0u8; 64];
    match stream.read(&mut buf) {
        Ok(0) => {}
        Ok(n) => panic!("{who}: {n} bytes after the end"),
        Err(e) => panic!("{who}: the connection was reset ({e}), not closed with a FIN"),
    }
}

#[test]
fn ctrl_c_ends_every_connection_with_a_fin_even_with_bytes_unread() {
    let (mut srv, addr) = server(&[]);
    let display = Raw::register(addr, 1001);
    let mut emitter = Raw::register(addr, 1);
    let quiet = Raw::register(addr, 2);
    let (d, q, e) = (display.writer(), quiet.writer(), emitter.writer());
    drop((display, quiet));
    // A late frame from each, after the server's FIN: a MSG, an OK, half a header.
    let late_msg = Msg::Msg(Head::new(1, 1001, 99, 0), b"late".to_vec()).to_bytes();
    let late_ok = Msg::Ok(Head::new(1001, 0, 99, 0)).to_bytes();
    let readers = [
        std::thread::spawn(move || read_to_fin(d, "display 1001", &late_ok, true)),
        std::thread::spawn(move || read_to_fin(q, "emitter 2", &[0, 2, 0, 2], true)),
    ];
    srv.signal("INT");
    // Bytes sent as it stops, which it may or may not have read before its goodbye.
    for _ in 0..50 {
        emitter.msg(1001, b"as it stops");
    }
    drop(emitter);
    // Emitter 1 sends its late MSG and waits for the server to close first.
    let e = read_to_fin(e, "emitter 1", &late_msg, false);
    let mut ends = vec![(e, "emitter 1")];
    for (r, who) in readers.into_iter().zip(["display 1001", "emitter 2"]) {
        ends.push((r.join().unwrap(), who));
    }
    // The server waits (a bounded time) for emitter 1 to close, then closes: with nothing
    // left unread, with a FIN.
    srv.expect_success();
    for (stream, who) in ends {
        ended_cleanly(stream, who);
    }
}
