//! The app server's searchable entries: the tutorial's built-in `request_search` table, or a
//! file in the kv database format (`spec/kv.md`, "Database file").
//!

use std::collections::HashMap;
use std::path::Path;

use crate::dbfile::{self, DbText, LoadError, SkipWhy, Source, Values};
use crate::net::sentences::NetText;
use crate::net::{Context, Env, Error, Result};

/// Key → value, read-only once built (the server's threads share it without a lock).
#[derive(Clone, Debug, Default)]
pub struct Table {
    entries: HashMap<String, String>,
}

impl Table {
    /// The tutorial's `request_search`.
    pub fn builtin() -> Table {
        let entries = [
            ("morpheus", "Follow the white rabbit. \u{1f430}"),
            (
                "ring",
                "In the caves beneath the Misty Mountains. \u{1f48d}",
            ),
            ("\u{1f436}", "\u{1f43e} Playing ball! \u{1f3d0}"),
        ];
        Table {
            entries: entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// Load a database file (`dbfile`, the kv format) in bounded memory and time (at
    /// most `max_size` bytes); skipped lines are warned about on the role's log, the first few
    /// of them, then how many more. An unreadable or too big file is an error; `None`: Ctrl-C
    /// while loading.
    pub fn load(path: &Path, max_size: u64, env: &Env) -> Result<Option<Table>> {
        let mut entries = HashMap::new();
        let src = Source {
            path,
            rule: Values::AfterSeparator,
            max_size,
            flag: "--max-data-size",
        };
        let loaded = dbfile::load(&src, &env.log, &env.stop, |key, value| {
            match (std::str::from_utf8(key), std::str::from_utf8(value)) {
                (Ok(k), Ok(v)) => {
                    entries.insert(k.to_string(), v.to_string());
                    Ok(())
                }
                _ => Err(SkipWhy::NotUtf8),
            }
        });
        match loaded {
            Ok(true) => Ok(Some(Table { entries })),
            Ok(false) => Ok(None),
            Err(LoadError::Io(e)) => Err(e).context(env.lang(), NetText::CannotRead(path)),
            Err(LoadError::TooBig) => Err(Error::new(env.tr(DbText::TooBig {
                file: &path.display().to_string(),
                limit: max_size,
                flag: src.flag,
            }))),
        }
    }

    /// Parse database text; the last of repeated keys wins. A line that is not UTF-8 is
    /// skipped too: JSON carries text, so it could be neither searched for nor sent.
    pub fn parse(bytes: &[u8], mut skipped: impl FnMut(usize, SkipWhy)) -> Table {
        let mut entries = HashMap::new();
        dbfile::parse_with(
            bytes,
            Values::AfterSeparator,
            |line, outcome| match outcome {
                Ok((key, value)) => match (std::str::from_utf8(key), std::str::from_utf8(value)) {
                    (Ok(k), Ok(v)) => {
                        entries.insert(k.to_string(), v.to_string());
                    }
                    _ => skipped(line, SkipWhy::NotUtf8),
                },
                Err(why) => skipped(line, why),
            },
        );
        Table { entries }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> (Table, Vec<(usize, SkipWhy)>) {
        let mut skips = Vec::new();
        let table = Table::parse(text, |n, why| skips.push((n, why)));
        (table, skips)
    }

    #[test]
    fn value_starts_after_the_one_blank_that_ends_the_key() {
        // The kv database rule: the separator is eaten, the other blanks and `#` kept.
        let (t, skips) = parse(b"chave1      valor 1      # Faz parte do valor\n");
        assert_eq!(
            t.get("chave1"),
            Some("     valor 1      # Faz parte do valor")
        );
        assert!(skips.is_empty());
    }

    #[test]
    fn comments_blanks_crlf_and_repeats() {
        let (t, skips) = parse(b"# comment\n\n   \r\nk\tone\r\nk two\n  lead  v\nlast x");
        assert_eq!(t.get("k"), Some("two"), "last value wins, \\r\\n removed");
        assert_eq!(t.get("lead"), Some(" v"));
        assert_eq!(
            t.get("last"),
            Some("x"),
            "a last line without newline counts"
        );
        assert_eq!(t.len(), 3);
        assert!(skips.is_empty());
    }

    #[test]
    fn bad_lines_are_skipped_with_their_number() {
        let long = "v".repeat(401);
        let text = format!(
            "alone\nk {long}\n{} v\nok {}\nbad \u{ff}\n",
            "k".repeat(401),
            "v".repeat(399)
        );
        let mut bytes = text.into_bytes();
        // Make the last line invalid UTF-8 (a lone 0xff byte).
        let at = bytes.len() - 3;
        bytes.splice(at..at + 2, [0xff]);
        let (t, skips) = parse(&bytes);
        assert_eq!(
            skips,
            vec![
                (1, SkipWhy::NoValue),
                (2, SkipWhy::ValueTooLong),
                (3, SkipWhy::KeyTooLong),
                (5, SkipWhy::NotUtf8),
            ]
        );
        assert_eq!(t.get("ok").map(str::len), Some(399));
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn builtin_is_the_tutorials() {
        let t = Table::builtin();
        assert_eq!(
            t.get("morpheus"),
            Some("Follow the white rabbit. \u{1f430}")
        );
        assert_eq!(
            t.get("\u{1f436}"),
            Some("\u{1f43e} Playing ball! \u{1f3d0}")
        );
        assert_eq!(t.len(), 3);
    }
}
