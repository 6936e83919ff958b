//! The en/pt message catalog. Every user-facing sentence is one enum variant with its English
//! and Portuguese text side by side, one file per protocol; the Portuguese strings that the
//! originals quote are reproduced exactly.

pub mod app;
pub mod chat;
pub mod db;
pub mod kv;
pub mod mcast;
pub mod msg;

/// The language of user-facing lines (`--lang`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Pt,
}

impl Lang {
    /// The locale's choice: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not
    /// empty decides; `pt…` means Portuguese, anything else English.
    pub fn from_env() -> Lang {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(get)
            .find(|v| !v.is_empty());
        match locale {
            Some(v) if v.to_ascii_lowercase().starts_with("pt") => Lang::Pt,
            _ => Lang::En,
        }
    }
}

/// A sentence of the catalog.
pub trait Text {
    fn render(&self, lang: Lang) -> String;
}

#[cfg(test)]
mod tests {
    use super::Lang;

    fn lang(vars: &[(&str, &str)]) -> Lang {
        Lang::from_vars(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn locale_precedence() {
        assert_eq!(lang(&[]), Lang::En);
        assert_eq!(lang(&[("LANG", "pt_BR.UTF-8")]), Lang::Pt);
        assert_eq!(lang(&[("LANG", "pt_BR.UTF-8"), ("LC_ALL", "C")]), Lang::En);
        assert_eq!(
            lang(&[("LANG", "en_US"), ("LC_MESSAGES", "pt_PT")]),
            Lang::Pt
        );
        assert_eq!(lang(&[("LC_ALL", ""), ("LANG", "pt")]), Lang::Pt);
    }
}
