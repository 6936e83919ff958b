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
}
