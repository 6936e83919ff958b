//! A thread turning stdin lines into a channel, so a role's owner can `select!` on input,
//! network events and the stop signal together.

use std::io::BufRead;

use crossbeam_channel::{Receiver, bounded};

/// Start reading stdin. Each line arrives without its `\n`/`\r\n` (invalid UTF-8 is replaced);
/// the channel disconnects at end of input or on a read error.
pub fn lines() -> Receiver<String> {
    let (tx, rx) = bounded(64);
    std::thread::Builder::new()
        .name("stdin".into())
        .stack_size(64 * 1024)
        .spawn(move || {
            let stdin = std::io::stdin();
            let mut lock = stdin.lock();
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match lock.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        while matches!(buf.last(), Some(b'\n' | b'\r')) {
                            buf.pop();
                        }
                        if tx.send(String::from_utf8_lossy(&buf).into_owned()).is_err() {
                            break;
                        }
                    }
                }
            }
        })
        .expect("spawn stdin thread");
    rx
}
