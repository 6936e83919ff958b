//! The proxy's trace (`netlab --trace=hex proxy …` on stdout) read back into events: which
//! connection (`#1`), which way (`->` the client sent, `<-` the server sent), the decoded line
//! as the proxy wrote it, and the bytes from its hex rows. The bytes, not the words, are what a
//! scenario judges (decoded again by the protocol's own decoder), so the trace reads the same
//! in every language.

/// Which way a frame went through the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// From the client to the server (`->`).
    ToServer,
    /// From the server to the client (`<-`).
    ToClient,
}

/// One thing the proxy saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The connection's number (`#1`: the first client to connect).
    pub conn: u32,
    /// `None` for a note (a connection opened or closed, an impairment).
    pub dir: Option<Dir>,
    /// The line as the proxy wrote it, without its time and size.
    pub line: String,
    /// The bytes of a frame (or of bytes that are not one); empty for a note.
    pub bytes: Vec<u8>,
}

/// Every event of `text`, in order. A line that is not the proxy's is ignored.
pub fn parse(text: &str) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix('#') else {
            continue;
        };
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let Ok(conn) = rest[..digits].parse::<u32>() else {
            continue;
        };
        let rest = &rest[digits..];
        // A hex row: `#1      0000  4f 49 …  |OI…|`, the bytes of the event before it.
        if let Some(row) = rest.strip_prefix("      ") {
            if let Some(last) = events.last_mut().filter(|e| e.conn == conn) {
                let hex = row.split('|').next().unwrap_or_default();
                let mut words = hex.split_whitespace();
                // The first word is the offset.
                if words.next().is_some() {
                    last.bytes.extend(
                        words
                            .filter(|w| w.len() == 2)
                            .filter_map(|w| u8::from_str_radix(w, 16).ok()),
                    );
                }
            }
            continue;
        }
        let rest = rest.trim_start();
        let (dir, body) = if let Some(b) = rest.strip_prefix("-> ") {
            (Some(Dir::ToServer), b)
        } else if let Some(b) = rest.strip_prefix("<- ") {
            (Some(Dir::ToClient), b)
        } else {
            (None, rest)
        };
        // `… (+0.081532s, 24 bytes)`: the time and size go.
        let body = match body.rfind(" (+") {
            Some(i) if body.ends_with(')') => &body[..i],
            _ => body,
        };
        events.push(Event {
            conn,
            dir,
            line: body.to_string(),
            bytes: Vec::new(),
        });
    }
    events
}

/// The trace as a person reads it: every line but the hex rows.
pub fn decoded_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            let rest = l.trim_start_matches('#');
            let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            l.starts_with('#') && !rest.starts_with("      ")
        })
        .map(|l| crate::term::text::safe(l).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_notes_and_bytes_are_read_back() {
        let text = "\
#1 open: client 127.0.0.1:5 -> server 127.0.0.1:6
#1 -> OI orig=1001 dest=0 seq=0 ts=7 (+0.000100s, 16 bytes)
#1      0000  00 00 03 e9 00 00 00 00  00 00 00 00 00 00 00 07  |................|
#1 <- OK orig=0 dest=1001 seq=0 ts=7 (+0.000200s, 16 bytes)
#1      0000  00 03 00 00 03 e9 00 00  00 00 00 00 00 00 00 07  |................|
#2 -> 18 bytes that are not a msg frame (forwarded as they come) (+0.1s, 18 bytes)
#2      0000  02 00 01 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
#2      0010  41 42                                             |AB|
#1 the client closed its side; passed on
";
        let ev = parse(text);
        assert_eq!(ev.len(), 5);
        assert_eq!(ev[0].dir, None);
        assert_eq!(ev[1].dir, Some(Dir::ToServer));
        assert_eq!(ev[1].line, "OI orig=1001 dest=0 seq=0 ts=7");
        assert_eq!(ev[1].bytes.len(), 16);
        assert_eq!(&ev[1].bytes[2..4], &[0x03, 0xe9]);
        assert_eq!(ev[2].dir, Some(Dir::ToClient));
        assert_eq!(ev[3].conn, 2);
        assert_eq!(ev[3].bytes.len(), 18);
        assert_eq!(&ev[3].bytes[16..], b"AB");
        assert_eq!(decoded_lines(text).len(), 5);
    }
}
