//! The key-value database file format ("Database file" in the protocol reference), shared by
//! the roles that serve a table of keys:
//!
//! - A line whose first character is `#` is a comment; blank lines are skipped.
//! - The key is the first whitespace-delimited word; the value is everything after it up to the
//!   end of the line, leading whitespace and `#` included (only `\n` or `\r\n` is removed).
//!   With `trim_values` the value starts at its first non-blank character instead.
//! - A repeated key: the last value wins (the caller inserts in file order).
//! - A key without a value (nothing but blanks after it), a key over 400 bytes or a value over
//!   400 bytes: the line is skipped, and the caller warns naming the file and line.
//!
//! Keys and values are bytes: a database need not be UTF-8.

/// Longest key and value (the wire limit on a field of the protocol that defined the format).
pub const MAX_FIELD: usize = 400;

/// Why a line was skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipWhy {
    NoValue,
    KeyTooLong,
    ValueTooLong,
    /// Only for readers that need text (answers given as JSON).
    NotUtf8,
}

/// One line's outcome: its key and value, or why it was skipped.
pub type Outcome<'a> = Result<(&'a [u8], &'a [u8]), SkipWhy>;

/// Walk the lines of a database, calling `each(line_number, outcome)` for every line that is
/// neither a comment nor blank, in file order (1-based line numbers).
pub fn parse<'a>(text: &'a [u8], trim_values: bool, mut each: impl FnMut(usize, Outcome<'a>)) {
    let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop(); // the file's final newline ends the last line, it starts none
    }
    for (i, line) in lines.into_iter().enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(outcome) = parse_line(line, trim_values) {
            each(i + 1, outcome);
        }
    }
}

fn parse_line(line: &[u8], trim_values: bool) -> Option<Outcome<'_>> {
    if line.first() == Some(&b'#') {
        return None;
    }
    let start = line.iter().position(|b| !b.is_ascii_whitespace())?; // None: blank
    let rest = &line[start..];
    let end = rest
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let (key, mut value) = rest.split_at(end);
    if value.iter().all(u8::is_ascii_whitespace) {
        return Some(Err(SkipWhy::NoValue));
    }
    if trim_values {
        let first = value
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(value.len());
        value = &value[first..];
    }
    if key.len() > MAX_FIELD {
        return Some(Err(SkipWhy::KeyTooLong));
    }
    if value.len() > MAX_FIELD {
        return Some(Err(SkipWhy::ValueTooLong));
    }
    Some(Ok((key, value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Owned = (usize, Result<(String, String), SkipWhy>);

    fn all(text: &str, trim: bool) -> Vec<Owned> {
        let mut out = Vec::new();
        parse(text.as_bytes(), trim, |n, r| {
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
        assert_eq!(
            all(text, false),
            vec![entry(
                2,
                "chave1",
                "      valor 1      # Faz parte do valor"
            )]
        );
        assert_eq!(
            all(text, true),
            vec![entry(2, "chave1", "valor 1      # Faz parte do valor")]
        );
    }

    #[test]
    fn comments_blanks_crlf_and_a_last_line_without_newline() {
        let text = "#c\r\n\r\n   \r\n\tk1\tv\t1 \r\nk2 #x\r\n#k3 hidden\r\nk4 end";
        assert_eq!(
            all(text, false),
            vec![
                entry(4, "k1", "\tv\t1 "),
                entry(5, "k2", " #x"),
                entry(7, "k4", " end"),
            ]
        );
    }

    #[test]
    fn bounds_and_empty_values() {
        let ok = "y".repeat(400);
        let long = "x".repeat(401);
        let text = format!(
            "alone\nspaces   \n{long} v\nk {long}\n{ok} {}\n",
            &ok[..399]
        );
        let got = all(&text, false);
        assert_eq!(got[0], (1, Err(SkipWhy::NoValue)));
        assert_eq!(got[1], (2, Err(SkipWhy::NoValue)));
        assert_eq!(got[2], (3, Err(SkipWhy::KeyTooLong)));
        assert_eq!(got[3], (4, Err(SkipWhy::ValueTooLong)));
        // A 400-byte key and a value of exactly 400 bytes (the separator space included).
        assert!(matches!(&got[4], (5, Ok((k, v))) if k.len() == 400 && v.len() == 400));
    }
}
