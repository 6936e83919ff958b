//! The node's database: the file format shared with the app server (`dbfile`, the rules
//! of spec/kv.md: the value starts after the one blank that ends the key, or with
//! `--trim-values` at its first non-blank character), loaded into a map, with a warning naming
//! file and line for every line skipped.

use std::collections::HashMap;
use std::path::Path;

use super::text::KvText;
use crate::dbfile::{self, DbText, LoadError, SkipWhy, Source, Values};
use crate::net::{Env, Error, Result};

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
        let rule = if trim_values {
            Values::FirstNonBlank
        } else {
            Values::AfterSeparator
        };
        dbfile::parse_with(text, rule, |line, outcome| match outcome {
            Ok((key, value)) => {
                db.map.insert(key.to_vec(), value.to_vec());
            }
            Err(why) => skipped.push(Skipped { line, why }),
        });
        (db, skipped)
    }

    /// Load `path` in bounded memory and time (at most `max_size` bytes, `dbfile::load`),
    /// warning (in the role's language) about skipped lines, the first few of them, then how
    /// many more. An unreadable or too big file is an error; `None`: Ctrl-C while loading.
    pub fn load(path: &Path, trim_values: bool, max_size: u64, env: &Env) -> Result<Option<Db>> {
        let file = path.display().to_string();
        let mut db = Db::default();
        let src = Source {
            path,
            rule: if trim_values {
                Values::FirstNonBlank
            } else {
                Values::AfterSeparator
            },
            max_size,
            flag: "--max-db-size",
        };
        let loaded = dbfile::load(&src, &env.log, &env.stop, |key, value| {
            db.map.insert(key.to_vec(), value.to_vec());
            Ok(())
        });
        match loaded {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(LoadError::Io(e)) => {
                return Err(Error::new(env.tr(KvText::CannotReadDb {
                    file,
                    why: crate::term::text::os_error(&e, env.lang()),
                })));
            }
            Err(LoadError::TooBig) => {
                return Err(Error::new(env.tr(DbText::TooBig {
                    file: &file,
                    limit: max_size,
                    flag: src.flag,
                })));
            }
        }
        env.note(KvText::DbLoaded {
            file,
            keys: db.len(),
        });
        Ok(Some(db))
    }
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
                    chave2      valor 2\n\
                    shared from-A\n";
        let (db, skipped) = Db::parse(text.as_bytes(), false);
        assert!(skipped.is_empty());
        assert_eq!(db.len(), 3);
        assert_eq!(
            get(&db, "chave1"),
            Some("     valor 1      # Faz parte do valor")
        );
        assert_eq!(get(&db, "chave2"), Some("     valor 2"));
        assert_eq!(get(&db, "shared"), Some("from-A"));
        let (db, _) = Db::parse(text.as_bytes(), true);
        assert_eq!(
            get(&db, "chave1"),
            Some("valor 1      # Faz parte do valor")
        );
        assert_eq!(get(&db, "chave2"), Some("valor 2"));
        assert_eq!(get(&db, "shared"), Some("from-A"));
    }

    #[test]
    fn comments_blanks_repeats_crlf() {
        let text = "#c\r\n\r\n   \r\n\tk1\tv\t1 \r\nk1 last  \r\nk2 #x\r\n#k3 hidden\r\nk4 end";
        let (db, skipped) = Db::parse(text.as_bytes(), false);
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(get(&db, "k1"), Some("last"));
        assert_eq!(get(&db, "k2"), Some("#x"));
        assert_eq!(get(&db, "#k3"), None);
        assert_eq!(get(&db, "k4"), Some("end"));
        assert_eq!(db.len(), 3);
    }

    #[test]
    fn skipped_lines_say_which_and_why() {
        let long = "x".repeat(401);
        let ok = "y".repeat(400);
        let text = format!("alone\nspaces   \n{long} v\nk {long}\n{ok} {ok}\nk2 v\n");
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
        // A 400-byte key and a value of exactly 400 bytes (the separator not counted).
        assert_eq!(db.get(ok.as_bytes()).map(<[u8]>::len), Some(400));
        assert_eq!(get(&db, "k2"), Some("v"));
        // Trimming can bring a value within the bound.
        let text = format!("k   {}\n", "z".repeat(399));
        assert_eq!(Db::parse(text.as_bytes(), false).1.len(), 1);
        assert_eq!(Db::parse(text.as_bytes(), true).1.len(), 0);
    }

    #[test]
    fn etc_services_shape() {
        let text = "# Network services\ntcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer\n";
        let (db, _) = Db::parse(text.as_bytes(), false);
        assert_eq!(
            get(&db, "tcpmux"),
            Some("\t1/tcp\t\t\t\t# TCP port service multiplexer")
        );
    }
}
