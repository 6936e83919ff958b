//! The node's database file (spec/kv.md, "Database file"): one `KEY VALUE…` per line.
//!
//! - A line whose first character is `#` is a comment; blank lines are skipped.
//! - The key is the first whitespace-delimited word; the value is everything after it up to the
//!   end of the line, leading whitespace and `#` included (only `\n` or `\r\n` is removed).
//!   With `--trim-values` the value starts at its first non-blank character instead.
//! - A repeated key: the last value wins.
//! - A key without a value (nothing but blanks after it), a key over 400 bytes or a value over
//!   400 bytes: the line is skipped with a warning naming the file and line.
//!
//! Keys and values are bytes: a database need not be UTF-8.

use std::collections::HashMap;
use std::path::Path;

use super::wire::MAX_SIZE;
use crate::net::text::kv::{KvText, SkipWhy};
use crate::net::{Context, Env, Result};

/// Keys and their values.
#[derive(Debug, Default, Clone)]
pub struct Db {
    map: HashMap<Vec<u8>, Vec<u8>>,
}

/// A line the loader skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line number.
    pub line: usize,
    pub why: SkipWhy,
}

impl Db {
    pub fn get(&self, key: &[u8]) -> Option<&[u8]> {
        self.map.get(key).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Parse a whole file's bytes; returns the database and the lines skipped.
    pub fn parse(text: &[u8], trim_values: bool) -> (Db, Vec<Skipped>) {
        let mut db = Db::default();
        let mut skipped = Vec::new();
        let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
        if lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop(); // the file's final newline ends the last line, it starts none
        }
        for (i, line) in lines.into_iter().enumerate() {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            match parse_line(line, trim_values) {
                Parsed::Nothing => {}
                Parsed::Entry(key, value) => {
                    db.map.insert(key.to_vec(), value.to_vec());
                }
                Parsed::Skip(why) => skipped.push(Skipped { line: i + 1, why }),
            }
        }
        (db, skipped)
    }

    /// Load `path`, warning (in the role's language) about every skipped line. An unreadable
    /// file is an error.
    pub fn load(path: &Path, trim_values: bool, env: &Env) -> Result<Db> {
        let text = std::fs::read(path)
            .context(|| format!("cannot read the database {}", path.display()))?;
        let (db, skipped) = Db::parse(&text, trim_values);
        let file = path.display().to_string();
        for s in skipped {
            env.log.warn(env.tr(KvText::DbSkipped {
                file: file.clone(),
                line: s.line,
                why: s.why,
            }));
        }
        env.note(KvText::DbLoaded {
            file,
            keys: db.len(),
        });
        Ok(db)
    }
}

enum Parsed<'a> {
    Nothing,
    Entry(&'a [u8], &'a [u8]),
    Skip(SkipWhy),
}

fn parse_line(line: &[u8], trim_values: bool) -> Parsed<'_> {
    if line.first() == Some(&b'#') {
        return Parsed::Nothing;
    }
    let Some(start) = line.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Parsed::Nothing; // blank
    };
    let rest = &line[start..];
    let end = rest
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let (key, mut value) = rest.split_at(end);
    if value.iter().all(u8::is_ascii_whitespace) {
        return Parsed::Skip(SkipWhy::NoValue);
    }
    if trim_values {
        let first = value
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(value.len());
        value = &value[first..];
    }
    if key.len() > MAX_SIZE {
        return Parsed::Skip(SkipWhy::KeyTooLong);
    }
    if value.len() > MAX_SIZE {
        return Parsed::Skip(SkipWhy::ValueTooLong);
    }
    Parsed::Entry(key, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(db: &'a Db, key: &str) -> Option<&'a str> {
        db.get(key.as_bytes())
            .map(|v| std::str::from_utf8(v).unwrap())
    }

    #[test]
    fn the_reports_example() {
        let text = "# Comentário, descartado\n\
                    chave1      valor 1      # Faz parte do valor\n\
                    chave2      valor 2\n";
        let (db, skipped) = Db::parse(text.as_bytes(), false);
        assert!(skipped.is_empty());
        assert_eq!(db.len(), 2);
        assert_eq!(
            get(&db, "chave1"),
            Some("      valor 1      # Faz parte do valor")
        );
        assert_eq!(get(&db, "chave2"), Some("      valor 2"));
        let (db, _) = Db::parse(text.as_bytes(), true);
        assert_eq!(
            get(&db, "chave1"),
            Some("valor 1      # Faz parte do valor")
        );
        assert_eq!(get(&db, "chave2"), Some("valor 2"));
    }

    #[test]
    fn comments_blanks_repeats_crlf() {
        let text = "#c\r\n\r\n   \r\n\tk1\tv\t1 \r\nk1 last\r\nk2 #x\r\n#k3 hidden\r\nk4 end";
        let (db, skipped) = Db::parse(text.as_bytes(), false);
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(get(&db, "k1"), Some(" last"));
        assert_eq!(get(&db, "k2"), Some(" #x"));
        assert_eq!(get(&db, "#k3"), None);
        assert_eq!(get(&db, "k4"), Some(" end"));
        assert_eq!(db.len(), 3);
    }

    #[test]
    fn skipped_lines_say_which_and_why() {
        let long = "x".repeat(401);
        let ok = "y".repeat(400);
        let text = format!(
            "alone\nspaces   \n{long} v\nk {long}\n{ok} {}\nk2 v\n",
            &ok[..399]
        );
        let (db, skipped) = Db::parse(text.as_bytes(), false);
        assert_eq!(
            skipped,
            vec![
                Skipped {
                    line: 1,
                    why: SkipWhy::NoValue
                },
                Skipped {
                    line: 2,
                    why: SkipWhy::NoValue
                },
                Skipped {
                    line: 3,
                    why: SkipWhy::KeyTooLong
                },
                Skipped {
                    line: 4,
                    why: SkipWhy::ValueTooLong
                },
            ]
        );
        // 400-byte key and a value of exactly 400 bytes (the separator space included).
        assert_eq!(db.get(ok.as_bytes()).map(<[u8]>::len), Some(400));
        assert_eq!(get(&db, "k2"), Some(" v"));
        // Trimming can bring a value within the bound.
        let text = format!("k  {}\n", "z".repeat(399));
        assert_eq!(Db::parse(text.as_bytes(), false).1.len(), 1);
        assert_eq!(Db::parse(text.as_bytes(), true).1.len(), 0);
    }

    #[test]
    fn etc_services_shape() {
        let text = "# Network services\ntcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer\n";
        let (db, _) = Db::parse(text.as_bytes(), false);
        assert_eq!(
            get(&db, "tcpmux"),
            Some("\t\t1/tcp\t\t\t\t# TCP port service multiplexer")
        );
    }
}
