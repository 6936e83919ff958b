//! A thread turning stdin lines into a channel, so a role's owner can `select!` on input,
//! network events and the stop signal together.
//!
//! Memory stays bounded whatever stdin holds (`< /dev/zero` is one endless line): a line
//! longer than [`MAX_LINE`] is not kept. It is said at once (a warning) and skipped to its
//! end, and the lines after it are read as usual. Every protocol refuses far shorter lines by
//! its own rule (a msg text of 140 bytes, a chat line of 4096, a kv key of 400, an mcast
//! datagram), so nothing a protocol could carry is lost.

use std::io::{BufRead, ErrorKind};

use crossbeam_channel::{Receiver, bounded};

use super::log::Log;
use crate::net::sentences::NetText;

/// The longest input line kept, in bytes (without its terminator): 64 KiB, more than any
/// protocol here carries in one message (the msg wire's longest text is 65,535 bytes, and
/// its server takes 140).
pub const MAX_LINE: usize = 64 * 1024;

/// Start reading stdin. Each line arrives without its `\n`/`\r\n` (invalid UTF-8 is replaced);
/// a line over [`MAX_LINE`] is skipped with a warning on `log`; the channel disconnects at
/// end of input or on a read error.
pub fn lines(log: Log) -> Receiver<String> {
    let (tx, rx) = bounded(64);
    std::thread::Builder::new()
        .name("stdin".into())
        .stack_size(64 * 1024)
        .spawn(move || {
            let stdin = std::io::stdin();
            let mut lines = Bounded::new(stdin.lock(), MAX_LINE);
            while let Some(line) = lines.next(|| log.warn(NetText::InputLineTooLong(MAX_LINE))) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        })
        .expect("spawn stdin thread");
    rx
}

/// Lines of at most `limit` bytes from a reader, in bounded memory.
struct Bounded<R> {
    r: R,
    limit: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> Bounded<R> {
    fn new(r: R, limit: usize) -> Self {
        Bounded {
            r,
            limit,
            buf: Vec::new(),
        }
    }

    /// The next line that fits, its terminator removed; `skipped` is called once for each
    /// line over the limit, as soon as it is known to be one. `None`: the end of input (or a
    /// read error).
    fn next(&mut self, mut skipped: impl FnMut()) -> Option<String> {
        self.buf.clear();
        let mut skipping = false;
        loop {
            let chunk = match self.r.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return None,
            };
            if chunk.is_empty() {
                // The end of input: a last line without its newline still counts.
                return (!skipping && !self.buf.is_empty()).then(|| self.take());
            }
            let (part, ends) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..=i], true),
                None => (chunk, false),
            };
            let n = part.len();
            if !skipping {
                self.buf.extend_from_slice(part);
                // The terminator does not count.
                let kept = self.buf.len() - usize::from(ends);
                if kept > self.limit {
                    skipping = true;
                    self.buf = Vec::new();
                    skipped();
                }
            }
            self.r.consume(n);
            if ends {
                if !skipping {
                    return Some(self.take());
                }
                skipping = false;
            }
        }
    }

    fn take(&mut self) -> String {
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        String::from_utf8_lossy(&self.buf).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::Bounded;

    fn all(input: &[u8], limit: usize) -> (Vec<String>, usize) {
        let mut lines = Bounded::new(input, limit);
        let mut skipped = 0;
        let mut out = Vec::new();
        while let Some(l) = lines.next(|| skipped += 1) {
            out.push(l);
        }
        (out, skipped)
    }

    #[test]
    fn lines_over_the_limit_are_skipped_and_the_rest_read() {
        let (lines, skipped) = all(b"abc\r\nabcdef\nxy\n\nlast", 4);
        assert_eq!(lines, ["abc", "xy", "", "last"]);
        assert_eq!(skipped, 1);
        // Exactly at the limit is fine; one byte more is not; an endless last line neither.
        let (lines, skipped) = all(b"abcd\nabcde\nzzzzzzzzzz", 4);
        assert_eq!(lines, ["abcd"]);
        assert_eq!(skipped, 2);
    }

    #[test]
    fn memory_stays_bounded_on_an_endless_line() {
        // 10 MB without a newline: enough to overflow any line buffer that was not bounded.
        let endless = std::io::Read::take(std::io::repeat(0), 10_000_000);
        let mut lines = Bounded::new(std::io::BufReader::with_capacity(4096, endless), 1000);
        let mut skipped = 0;
        assert_eq!(lines.next(|| skipped += 1), None);
        assert_eq!(skipped, 1);
        assert!(lines.buf.capacity() < 4096 + 1000);
    }
}
