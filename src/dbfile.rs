//! The key-value database file format ("Database file" in the protocol reference), shared by
//! the roles that serve a table of keys:
//!
//! - A line whose first character is `#` is a comment; blank lines are skipped.
//! - The key is the first whitespace-delimited word. Where its value starts is the reader's
//!   [`Values`] rule: after the one blank that ends the key (the protocol's rule: `shared
//!   from-A` gives `from-A`, further blanks and `#` kept), or at the first non-blank character
//!   after it (the assignment's rule). The line ending (`\n` or `\r\n`) and trailing blanks
//!   are removed.
//! - A repeated key: the last value wins (the caller inserts in file order).
//! - A key without a value (nothing but blanks after it), a key over 400 bytes or a value over
//!   400 bytes: the line is skipped, and the caller warns naming the file and line.
//!
//! Keys and values are bytes: a database need not be UTF-8.
//!
//! [`load`] reads a file in bounded memory and time, whatever it is (`/dev/zero`, a pipe that
//! never ends, random bytes): a file over the size limit is refused, a line over
//! [`MAX_LINE`] is skipped without being kept, the warnings about skipped lines are summarised
//! after the first few, and Ctrl-C ends the loading at once.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::time::Instant;

use crossbeam_channel::{Sender, bounded, select};

use crate::net::shutdown::Stop;
use crate::term::log::Log;
use crate::term::quota::{BURST, WINDOW};
use crate::term::text::{Lang, Text};

/// Longest key and value (the wire limit on a field of the protocol that defined the format).
pub const MAX_FIELD: usize = 400;

/// Longest line kept: ten times the longest useful one (a 400-byte key, a blank, a 400-byte
/// value), so blanks around them never matter; a longer line is skipped with a warning.
pub const MAX_LINE: usize = 4096;

/// The default size limit of a database file: 1 GiB, ten times the largest database seen in
/// use (100 MB, loaded in about a second). It bounds the time and memory of a start.
pub const DEFAULT_MAX_SIZE: u64 = 1 << 30;

/// How much the reader thread reads at once, and how many such chunks may wait.
const CHUNK: usize = 64 * 1024;
const CHUNKS: usize = 4;

/// Why a line was skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipWhy {
    NoValue,
    KeyTooLong,
    ValueTooLong,
    /// Only for readers that need text (answers given as JSON).
    NotUtf8,
    /// Longer than [`MAX_LINE`].
    LineTooLong,
}

/// One line's outcome: its key and value, or why it was skipped.
pub type Outcome<'a> = Result<(&'a [u8], &'a [u8]), SkipWhy>;

/// Where a value starts, and whether its trailing blanks are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// After the one blank (space or tab) that ends the key, further blanks kept; trailing
    /// blanks removed. The protocol's rule (and what every known implementation answers).
    AfterSeparator,
    /// At the first non-blank character after the key; trailing blanks removed (the
    /// assignment's rule, `kv node --trim-values`).
    FirstNonBlank,
}

/// Walk the lines of a database, calling `each(line_number, outcome)` for every line that is
/// neither a comment nor blank, in file order (1-based line numbers), with the values taken as
/// `rule` says.
pub fn parse_with<'a>(text: &'a [u8], rule: Values, mut each: impl FnMut(usize, Outcome<'a>)) {
    let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop(); // the file's final newline ends the last line, it starts none
    }
    for (i, line) in lines.into_iter().enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(outcome) = parse_line(line, rule) {
            each(i + 1, outcome);
        }
    }
}

/// Why a database could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// It could not be opened or read.
    Io(io::Error),
    /// It is larger than the size limit.
    TooBig,
}

/// What to load, and how.
pub struct Source<'a> {
    pub path: &'a Path,
    pub rule: Values,
    /// The size limit, in bytes.
    pub max_size: u64,
    /// The flag that sets the limit, named when a file passes it.
    pub flag: &'static str,
}

/// Load a database file: `each(key, value)` for every entry in file order, which may refuse
/// it (`Err(why)`: skipped like a bad line). Skipped lines are warned about on `log` naming
/// file and line, the first few of them; the rest are counted, at most one line a second.
/// Returns `Ok(false)` when `stop` fired while loading (Ctrl-C: the caller ends at once).
///
/// The file is read by a thread of its own, so neither a read that blocks (a pipe, a slow
/// disk) nor an endless file keeps Ctrl-C from working.
pub fn load(
    src: &Source<'_>,
    log: &Log,
    stop: &Stop,
    mut each: impl FnMut(&[u8], &[u8]) -> Result<(), SkipWhy>,
) -> Result<bool, LoadError> {
    let (tx, rx) = bounded::<Piece>(CHUNKS);
    let path = src.path.to_path_buf();
    let max = src.max_size;
    std::thread::Builder::new()
        .name("db-reader".into())
        .stack_size(64 * 1024)
        .spawn(move || read_chunks(&path, max, &tx))
        .map_err(LoadError::Io)?;
    let file = src.path.display().to_string();
    let mut lines = Lines::default();
    let mut skips = Skips::new(log, &file);
    let mut take = |n: usize, outcome: Outcome<'_>| {
        let why = match outcome {
            Ok((k, v)) => match each(k, v) {
                Ok(()) => return,
                Err(why) => why,
            },
            Err(why) => why,
        };
        skips.skipped(n, why);
    };
    let outcome = loop {
        select! {
            recv(stop.rx()) -> _ => break Ok(false),
            recv(rx) -> piece => match piece {
                Ok(Piece::Data(chunk)) => lines.feed(&chunk, src.rule, &mut take),
                Ok(Piece::Failed(e)) => break Err(LoadError::Io(e)),
                Ok(Piece::TooBig) => break Err(LoadError::TooBig),
                Err(_) => {
                    // The end of the file.
                    lines.end(src.rule, &mut take);
                    break Ok(true);
                }
            },
        }
    };
    // What was counted is said, however the loading ended.
    skips.finish();
    outcome
}

/// What the reader thread hands the loader.
enum Piece {
    Data(Vec<u8>),
    Failed(io::Error),
    /// Over the size limit (a regular file says so before it is read).
    TooBig,
}

/// The reader thread: `path` in chunks, up to `max` bytes and no further.
fn read_chunks(path: &Path, max: u64, tx: &Sender<Piece>) {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let _ = tx.send(Piece::Failed(e));
            return;
        }
    };
    if file.metadata().is_ok_and(|m| m.is_file() && m.len() > max) {
        let _ = tx.send(Piece::TooBig);
        return;
    }
    let mut total: u64 = 0;
    loop {
        let mut buf = vec![0; CHUNK];
        match file.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                total += n as u64;
                if total > max {
                    let _ = tx.send(Piece::TooBig);
                    return;
                }
                buf.truncate(n);
                if tx.send(Piece::Data(buf)).is_err() {
                    return; // the loader stopped
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                let _ = tx.send(Piece::Failed(e));
                return;
            }
        }
    }
}

/// Lines cut out of chunks as they come, each at most [`MAX_LINE`] bytes kept.
#[derive(Default)]
struct Lines {
    line: Vec<u8>,
    /// The current line passed [`MAX_LINE`]: the rest of it is skipped.
    long: bool,
    /// Lines ended so far.
    number: usize,
}

impl Lines {
    fn feed(&mut self, mut chunk: &[u8], rule: Values, each: &mut impl FnMut(usize, Outcome<'_>)) {
        while !chunk.is_empty() {
            let (part, ended) = match newline(chunk) {
                Some(i) => (&chunk[..i], true),
                None => (chunk, false),
            };
            if !self.long {
                if self.line.len() + part.len() > MAX_LINE {
                    self.long = true;
                    self.line.clear();
                } else {
                    self.line.extend_from_slice(part);
                }
            }
            if !ended {
                return;
            }
            self.finish_line(rule, each);
            chunk = &chunk[part.len() + 1..];
        }
    }

    fn finish_line(&mut self, rule: Values, each: &mut impl FnMut(usize, Outcome<'_>)) {
        self.number += 1;
        if std::mem::take(&mut self.long) {
            each(self.number, Err(SkipWhy::LineTooLong));
        } else {
            let line = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
            if let Some(outcome) = parse_line(line, rule) {
                each(self.number, outcome);
            }
        }
        self.line.clear();
    }

    /// The end of the file: a last line without a newline still counts.
    fn end(&mut self, rule: Values, each: &mut impl FnMut(usize, Outcome<'_>)) {
        if self.long || !self.line.is_empty() {
            self.finish_line(rule, each);
        }
    }
}

/// Where the first `\n` of `bytes` is. `BufRead::skip_until` searches with the standard
/// library's own `memchr`, built optimised with the standard library: an endless file is
/// scanned at memory speed, whatever this build's optimisation.
fn newline(bytes: &[u8]) -> Option<usize> {
    use std::io::BufRead;
    let mut rest = bytes;
    let n = rest.skip_until(b'\n').ok()?;
    (n > 0 && bytes[n - 1] == b'\n').then(|| n - 1)
}

/// The warnings about one file's skipped lines: the first [`BURST`] written, the rest counted
/// and summarised at most once a [`WINDOW`], and at the end.
struct Skips<'a> {
    log: &'a Log,
    file: &'a str,
    written: u32,
    suppressed: u64,
    since: Instant,
}

impl<'a> Skips<'a> {
    fn new(log: &'a Log, file: &'a str) -> Self {
        Skips {
            log,
            file,
            written: 0,
            suppressed: 0,
            since: Instant::now(),
        }
    }

    fn skipped(&mut self, line: usize, why: SkipWhy) {
        if self.written < BURST {
            self.written += 1;
            self.log.warn(DbText::Skipped {
                file: self.file,
                line,
                why,
            });
            return;
        }
        self.suppressed += 1;
        if self.since.elapsed() >= WINDOW {
            self.finish();
        }
    }

    fn finish(&mut self) {
        if self.suppressed > 0 {
            self.log.warn(DbText::SkippedMore {
                file: self.file,
                count: self.suppressed,
            });
        }
        self.suppressed = 0;
        self.since = Instant::now();
    }
}

/// A size as people read it: `1 GiB`, `64 MiB`, `512 KiB`, `1000 bytes`.
pub fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (scale, unit) in UNITS {
        if bytes >= scale && bytes.is_multiple_of(scale) {
            return format!("{} {unit}", bytes / scale);
        }
    }
    format!("{bytes} bytes")
}

fn is_blank(b: &u8) -> bool {
    b.is_ascii_whitespace()
}

fn parse_line(line: &[u8], rule: Values) -> Option<Outcome<'_>> {
    if line.first() == Some(&b'#') {
        return None;
    }
    let start = line.iter().position(|b| !is_blank(b))?; // None: blank
    let rest = &line[start..];
    let end = rest.iter().position(is_blank).unwrap_or(rest.len());
    let (key, after) = rest.split_at(end);
    if after.iter().all(is_blank) {
        return Some(Err(SkipWhy::NoValue));
    }
    let value = match rule {
        // `after` starts with the blank that ended the key (it is not empty: see above).
        Values::AfterSeparator => trim_end(&after[1..]),
        Values::FirstNonBlank => {
            let first = after
                .iter()
                .position(|b| !is_blank(b))
                .unwrap_or(after.len());
            trim_end(&after[first..])
        }
    };
    if value.is_empty() {
        return Some(Err(SkipWhy::NoValue));
    }
    if key.len() > MAX_FIELD {
        return Some(Err(SkipWhy::KeyTooLong));
    }
    if value.len() > MAX_FIELD {
        return Some(Err(SkipWhy::ValueTooLong));
    }
    Some(Ok((key, value)))
}

fn trim_end(value: &[u8]) -> &[u8] {
    let end = value
        .iter()
        .rposition(|b| !is_blank(b))
        .map_or(0, |i| i + 1);
    &value[..end]
}

/// What loading a database file says, en and pt.
#[derive(Clone, Debug)]
pub enum DbText<'a> {
    /// A line was skipped: `FILE:LINE: why, line skipped`.
    Skipped {
        file: &'a str,
        line: usize,
        why: SkipWhy,
    },
    /// The warnings not written: `FILE: N more lines skipped`.
    SkippedMore { file: &'a str, count: u64 },
    /// A file over its size limit (set by `flag`).
    TooBig {
        file: &'a str,
        limit: u64,
        flag: &'a str,
    },
}

impl Text for DbText<'_> {
    fn render(&self, lang: Lang) -> String {
        use DbText::*;
        match self {
            Skipped { file, line, why } => lang.pick(
                format!("{file}:{line}: {}, line skipped", why.render(lang)),
                format!("{file}:{line}: {}, linha ignorada", why.render(lang)),
            ),
            SkippedMore { file, count } => lang.pick(
                format!("{file}: … {count} more lines skipped"),
                format!("{file}: … mais {count} linhas ignoradas"),
            ),
            TooBig { file, limit, flag } => {
                let limit = size(*limit);
                lang.pick(
                    format!(
                        "{file} is larger than the database limit of {limit} ({flag} raises it); \
                         not loaded"
                    ),
                    format!(
                        "{file} é maior que o limite de {limit} para bancos de dados ({flag} o \
                         aumenta); não carregado"
                    ),
                )
            }
        }
    }
}

impl Text for SkipWhy {
    fn render(&self, lang: Lang) -> String {
        match self {
            SkipWhy::NoValue => lang.pick("key without a value", "chave sem valor"),
            SkipWhy::KeyTooLong => {
                lang.pick("key longer than 400 bytes", "chave com mais de 400 bytes")
            }
            SkipWhy::ValueTooLong => {
                lang.pick("value longer than 400 bytes", "valor com mais de 400 bytes")
            }
            SkipWhy::NotUtf8 => lang.pick("not UTF-8", "não é UTF-8"),
            SkipWhy::LineTooLong => {
                return lang.pick(
                    format!("line longer than {} bytes", MAX_LINE),
                    format!("linha com mais de {} bytes", MAX_LINE),
                );
            }
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Owned = (usize, Result<(String, String), SkipWhy>);

    fn all(text: &str, rule: Values) -> Vec<Owned> {
        let mut out = Vec::new();
        parse_with(text.as_bytes(), rule, |n, r| {
            out.push((
                n,
                r.map(|(k, v)| {
                    (
                        String::from_utf8_lossy(k).into_owned(),
                        String::from_utf8_lossy(v).into_owned(),
                    )
                }),
            ))
        });
        out
    }

    fn entry(n: usize, k: &str, v: &str) -> Owned {
        (n, Ok((k.into(), v.into())))
    }

    #[test]
    fn the_reports_example() {
        let text = "# Comentário, descartado\nchave1      valor 1      # Faz parte do valor\n";
        // The separator eaten, the other five blanks kept.
        assert_eq!(
            all(text, Values::AfterSeparator),
            vec![entry(2, "chave1", "     valor 1      # Faz parte do valor")]
        );
        assert_eq!(
            all(text, Values::FirstNonBlank),
            vec![entry(2, "chave1", "valor 1      # Faz parte do valor")]
        );
    }

    #[test]
    fn one_blank_ends_the_key_and_trailing_blanks_go() {
        let text = "shared from-A\nk2\tv  \t\r\nk3  two  blanks \nk4 \t\n";
        assert_eq!(
            all(text, Values::AfterSeparator),
            vec![
                entry(1, "shared", "from-A"),
                entry(2, "k2", "v"),
                entry(3, "k3", " two  blanks"),
                (4, Err(SkipWhy::NoValue)),
            ]
        );
        assert_eq!(
            all(text, Values::FirstNonBlank),
            vec![
                entry(1, "shared", "from-A"),
                entry(2, "k2", "v"),
                entry(3, "k3", "two  blanks"),
                (4, Err(SkipWhy::NoValue)),
            ]
        );
    }

    #[test]
    fn comments_blanks_crlf_and_a_last_line_without_newline() {
        let text = "#c\r\n\r\n   \r\n\tk1\tv\t1 \r\nk2 #x\r\n#k3 hidden\r\nk4 end";
        assert_eq!(
            all(text, Values::AfterSeparator),
            vec![
                entry(4, "k1", "v\t1"),
                entry(5, "k2", "#x"),
                entry(7, "k4", "end"),
            ]
        );
    }

    #[test]
    fn bounds_and_empty_values() {
        let ok = "y".repeat(400);
        let long = "x".repeat(401);
        let text = format!(
            "alone\nspaces   \n{long} v\nk {long}\n{ok} {ok}\nk2  {}\n",
            &ok[..399]
        );
        let got = all(&text, Values::AfterSeparator);
        assert_eq!(got[0], (1, Err(SkipWhy::NoValue)));
        assert_eq!(got[1], (2, Err(SkipWhy::NoValue)));
        assert_eq!(got[2], (3, Err(SkipWhy::KeyTooLong)));
        assert_eq!(got[3], (4, Err(SkipWhy::ValueTooLong)));
        // A 400-byte key and a value of exactly 400 bytes (the separator not counted).
        assert!(matches!(&got[4], (5, Ok((k, v))) if k.len() == 400 && v.len() == 400));
        // One blank kept before 399 bytes: 400.
        assert!(matches!(&got[5], (6, Ok((_, v))) if v.len() == 400));
        // Trailing blanks do not count towards the bound.
        let text = format!("k {}{}\n", "z".repeat(400), " ".repeat(10));
        assert!(all(&text, Values::AfterSeparator)[0].1.is_ok());
    }

    /// Lines fed in chunks of any size read as the whole text does; a line over
    /// [`MAX_LINE`] is one skip, however it is cut.
    #[test]
    fn lines_in_chunks_read_as_the_whole_text() {
        let long = "z".repeat(MAX_LINE + 1);
        let text = format!("#c\r\nk1 v1\r\n\n{long}\nk2  two\nalone\n{long}");
        let whole = all(&text, Values::AfterSeparator);
        assert_eq!(whole.len(), 5); // the long lines read as keys without values here
        for size in [1, 2, 3, 7, 64, 5000] {
            let mut got: Vec<Owned> = Vec::new();
            let mut lines = Lines::default();
            let mut each = |n: usize, r: Outcome<'_>| {
                got.push((
                    n,
                    r.map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(v).into_owned(),
                        )
                    }),
                ))
            };
            for chunk in text.as_bytes().chunks(size) {
                lines.feed(chunk, Values::AfterSeparator, &mut each);
            }
            lines.end(Values::AfterSeparator, &mut each);
            assert_eq!(
                got,
                vec![
                    entry(2, "k1", "v1"),
                    (4, Err(SkipWhy::LineTooLong)),
                    entry(5, "k2", " two"),
                    (6, Err(SkipWhy::NoValue)),
                    (7, Err(SkipWhy::LineTooLong)),
                ],
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn sizes_as_people_read_them() {
        assert_eq!(size(1 << 30), "1 GiB");
        assert_eq!(size(200 << 20), "200 MiB");
        assert_eq!(size(2048), "2 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }
}
