//! The bytes of one connection that its codec decodes from: the poller reads into it, the
//! codec reads whole frames out of it, and under `--trace` it keeps what each frame took.

use std::io::{self, BufRead, Read};

use crate::platform::Watched;

/// The buffered side of a connection that a [`Codec`] reads from. It is a `BufRead` over the
/// socket that can also keep a copy of the bytes a frame took, for `--trace=hex`.
///
/// It holds the bytes the [`poller`](super::poller) read, and a codec only ever decodes a
/// frame from it once the whole frame is there ([`Measured`]): reading past them is an end of
/// stream.
pub struct Reader {
    source: Source,
    record: Option<Vec<u8>>,
    /// Bytes of the frame being read, kept or not (the record stops at [`RECORD_MAX`]).
    recorded: usize,
}

/// The most of one frame's bytes a [`Reader`] keeps for `--trace`: every msg frame whole
/// (65,551 bytes at most), and a bound for what does not decode (a line that never ends).
const RECORD_MAX: usize = 64 * 1024 + 32;

/// The bytes a frame took, as far as they were kept, and how many there were in all.
pub(super) struct Recorded {
    pub bytes: Vec<u8>,
    pub total: usize,
}

enum Source {
    Polled {
        /// Non-blocking, registered with the poller's `mio::Poll`.
        stream: Watched,
        /// Initialised throughout; the bytes read are `buf[at..end]`.
        buf: Vec<u8>,
        /// Bytes of `buf` already consumed.
        at: usize,
        end: usize,
    },
}

impl Reader {
    /// A reader whose bytes a poller fills ([`Reader::fill_from_socket`]); `stream` is
    /// non-blocking.
    pub(super) fn polled(stream: Watched, record: bool) -> Reader {
        Reader {
            source: Source::Polled {
                stream,
                buf: Vec::new(),
                at: 0,
                end: 0,
            },
            record: record.then(Vec::new),
            recorded: 0,
        }
    }

    /// A polled reader's socket, to register it with the poller.
    pub(super) fn source(&mut self) -> Option<&mut Watched> {
        let Source::Polled { stream, .. } = &mut self.source;
        Some(stream)
    }

    /// Bytes buffered and not yet consumed.
    pub fn buffered(&self) -> &[u8] {
        let Source::Polled { buf, at, end, .. } = &self.source;
        &buf[*at..*end]
    }

    pub(super) fn take_record(&mut self) -> Option<Recorded> {
        let total = std::mem::take(&mut self.recorded);
        let bytes = std::mem::take(self.record.as_mut()?);
        Some(Recorded { bytes, total })
    }

    /// Keep `bytes` of the frame being read, up to [`RECORD_MAX`].
    fn keep(&mut self, bytes: &[u8]) {
        if let Some(r) = &mut self.record {
            let room = RECORD_MAX.saturating_sub(r.len());
            r.extend_from_slice(&bytes[..bytes.len().min(room)]);
            self.recorded += bytes.len();
        }
    }

    /// A polled reader: one non-blocking read of what the socket has, after the bytes not yet
    /// consumed, with room for at least `need` bytes in all (a frame longer than the buffer).
    /// Returns the bytes read (0: the end of the stream) and whether they filled the room
    /// offered (if not, the socket had no more bytes then). A thread reader's socket is never
    /// read this way.
    pub(super) fn fill_from_socket(&mut self, need: usize) -> io::Result<(usize, bool)> {
        let Source::Polled {
            stream,
            buf,
            at,
            end,
        } = &mut self.source;
        if *at > 0 {
            buf.copy_within(*at..*end, 0);
            *end -= *at;
            *at = 0;
        }
        if *end == 0 && buf.len() > 4 * POLLED_BUF {
            // A long frame is gone: give its room back.
            buf.truncate(POLLED_BUF);
            buf.shrink_to_fit();
        }
        let room = need.saturating_sub(*end).max(POLLED_BUF / 2);
        if buf.len() - *end < room {
            buf.resize((*end + room).max(POLLED_BUF), 0);
        }
        let offered = buf.len() - *end;
        let n = stream.read(&mut buf[*end..])?;
        *end += n;
        Ok((n, n == offered))
    }
}

impl Reader {
    /// Before a read: a reader holding no bytes reads into the poller's spare buffer, so an
    /// idle connection holds no buffer at all (10,000 idle clients cost no 40 MB).
    pub(super) fn borrow_spare(&mut self, spare: &mut Vec<u8>) {
        let Source::Polled { buf, at, end, .. } = &mut self.source;
        if at == end && buf.capacity() == 0 {
            std::mem::swap(buf, spare);
            (*at, *end) = (0, 0);
        }
    }

    /// After its frames were handed over: a reader left with no bytes gives its buffer back
    /// (or, when the poller has one already, lets it go); one holding part of a frame keeps
    /// it, and the poller makes a new spare when it next needs one.
    pub(super) fn return_spare(&mut self, spare: &mut Vec<u8>) {
        let Source::Polled { buf, at, end, .. } = &mut self.source;
        if at != end || buf.capacity() == 0 {
            return;
        }
        if spare.capacity() == 0 {
            std::mem::swap(buf, spare);
        } else {
            *buf = Vec::new();
        }
        (*at, *end) = (0, 0);
    }
}

/// What a polled reader's buffer starts with: most reads of a busy connection fit.
const POLLED_BUF: usize = 4096;

impl Read for Reader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let Source::Polled { buf, at, end, .. } = &mut self.source;
        let n = (*end - *at).min(out.len());
        out[..n].copy_from_slice(&buf[*at..*at + n]);
        *at += n;
        self.keep(&out[..n]);
        Ok(n)
    }
}

impl BufRead for Reader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let Source::Polled { buf, at, end, .. } = &mut self.source;
        Ok(&buf[*at..*end])
    }

    fn consume(&mut self, amt: usize) {
        if let Some(r) = &mut self.record {
            let Source::Polled { buf, at, end, .. } = &self.source;
            let unread = &buf[*at..*end];
            let room = RECORD_MAX.saturating_sub(r.len());
            r.extend_from_slice(&unread[..amt.min(room)]);
            self.recorded += amt;
        }
        let Source::Polled { at, end, .. } = &mut self.source;
        *at = (*at + amt).min(*end);
    }
}
