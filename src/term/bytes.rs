//! Reading frames out of a byte stream, for the pure codecs: fill a buffer completely or say
//! how much of it arrived before the stream ended, and (for their tests) a reader that hands
//! out one byte per call, like a frame dribbled over as many segments as it has bytes.

use std::io::{self, Read};

/// Read until `buf` is full or the stream ends; return how many bytes arrived (less than
/// `buf.len()` only at the end of the stream). `Interrupted` is retried.
pub fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// A reader handing out at most one byte per `read` call.
pub struct Trickle<'a>(pub &'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.0.split_first() {
            Some((b, rest)) if !buf.is_empty() => {
                buf[0] = *b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_short_and_trickled() {
        let mut buf = [0u8; 4];
        assert_eq!(read_full(&mut &b"abcdef"[..], &mut buf).unwrap(), 4);
        assert_eq!(&buf, b"abcd");
        assert_eq!(read_full(&mut &b"ab"[..], &mut buf).unwrap(), 2);
        assert_eq!(read_full(&mut Trickle(b"wxyz"), &mut buf).unwrap(), 4);
        assert_eq!(&buf, b"wxyz");
    }
}
