//! The language machinery: which language a user reads (`--lang`, or the locale), the [`Text`]
//! trait every catalog sentence implements, and the terminal-safe rendering of text that came
//! from the network.
//!
//! The sentences themselves live next to the code that speaks them: each protocol's
//! `text.rs`, and `net/sentences.rs` for what the shared plumbing says. A catalog is an enum,
//! one variant per sentence, rendered with [`Lang::pick`] so the English and the Portuguese
//! stand side by side:
//!
//! ```text
//! Message { from, text } => lang.pick(
//!     format!("Message from {from}: {text}"),
//!     format!("Mensagem de {from}: {text}"),
//! ),
//! ```

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU8, Ordering};

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

    /// Make `self` the language of frame notes ([`Lang::for_notes`]); `main` calls this once
    /// with the `--lang` choice.
    pub fn set_for_notes(self) {
        NOTES.store(self as u8 + 1, Ordering::Relaxed);
    }

    /// The language of the few sentences rendered where no `Log` is at hand: the notes
    /// `--trace` adds beside a frame that looks wrong (a frame's `Display` knows no language).
    /// Until [`Lang::set_for_notes`] is called, the locale's.
    pub fn for_notes() -> Lang {
        match NOTES.load(Ordering::Relaxed) {
            1 => Lang::En,
            2 => Lang::Pt,
            _ => Lang::from_env(),
        }
    }

    /// The English or the Portuguese of a sentence.
    pub fn pick<T>(self, en: T, pt: T) -> T {
        match self {
            Lang::En => en,
            Lang::Pt => pt,
        }
    }
}

/// See [`Lang::for_notes`]: 0 unset, else the language's number plus one.
static NOTES: AtomicU8 = AtomicU8::new(0);

/// A sentence of a catalog.
pub trait Text {
    fn render(&self, lang: Lang) -> String;
}

impl<T: Text + ?Sized> Text for &T {
    fn render(&self, lang: Lang) -> String {
        (**self).render(lang)
    }
}

/// Text that came from the network, made safe for a terminal: C0 and C1 control characters
/// and DEL are shown as escapes (`\x1b`, `\r`, `\n`, `\u{9b}`), TAB is kept. A peer can then
/// never move the cursor, clear the screen, set the title, ring the bell or forge a line.
///
/// Every line a role writes passes through this (`net::log` applies it), so a role never has
/// to remember to. It is idempotent: an escaped text contains no control characters.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c if is_unsafe(c) && (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c != '\t' && c.is_control()
}

/// A duration as the command line writes it: `2s`, `500ms`, `1.5s`, `10m`.
pub fn duration(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if ms == 0 && !d.is_zero() {
        return format!("{}us", d.as_micros());
    }
    if ms.is_multiple_of(60_000) && ms >= 60_000 {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else if ms < 1000 {
        format!("{ms}ms")
    } else {
        format!("{}s", d.as_secs_f64())
    }
}

/// Bytes from the network shown as text: invalid UTF-8 replaced, then made terminal-safe.
pub struct Shown<'a>(pub &'a [u8]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&safe(&String::from_utf8_lossy(self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, safe};

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

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(safe("plain, acentuação 🐶"), "plain, acentuação 🐶");
        assert_eq!(safe("\x1b]0;owned\x07"), "\\x1b]0;owned\\x07");
        assert_eq!(safe("\x1b[2J"), "\\x1b[2J");
        assert_eq!(safe("a\rb\nc\td\x7f"), "a\\rb\\nc\td\\x7f");
        assert_eq!(safe("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(safe("\0"), "\\x00");
    }

    #[test]
    fn durations_as_the_command_line_writes_them() {
        use std::time::Duration;
        assert_eq!(super::duration(Duration::from_secs(2)), "2s");
        assert_eq!(super::duration(Duration::from_millis(500)), "500ms");
        assert_eq!(super::duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(super::duration(Duration::from_secs(600)), "10m");
        assert_eq!(super::duration(Duration::ZERO), "0s");
    }

    #[test]
    fn escaping_is_idempotent() {
        let once = safe("\x1b[2J\r\n\u{85}").into_owned();
        assert_eq!(safe(&once), once);
    }
}
