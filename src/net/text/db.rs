//! The database file's warnings (shared by `kv node` and `app server --data`), en and pt.

use super::{Lang, Text};
use crate::net::dbfile::SkipWhy;

impl Text for SkipWhy {
    fn render(&self, lang: Lang) -> String {
        let (en, pt) = match self {
            SkipWhy::NoValue => ("key without a value", "chave sem valor"),
            SkipWhy::KeyTooLong => ("key longer than 400 bytes", "chave com mais de 400 bytes"),
            SkipWhy::ValueTooLong => ("value longer than 400 bytes", "valor com mais de 400 bytes"),
            SkipWhy::NotUtf8 => ("not UTF-8", "não é UTF-8"),
        };
        match lang {
            Lang::En => en.into(),
            Lang::Pt => pt.into(),
        }
    }
}

/// A database line was skipped: `FILE:LINE: why, line skipped`.
pub struct Skipped<'a> {
    pub file: &'a str,
    pub line: usize,
    pub why: SkipWhy,
}

impl Text for Skipped<'_> {
    fn render(&self, lang: Lang) -> String {
        let Skipped { file, line, why } = self;
        match lang {
            Lang::En => format!("{file}:{line}: {}, line skipped", why.render(lang)),
            Lang::Pt => format!("{file}:{line}: {}, linha ignorada", why.render(lang)),
        }
    }
}
