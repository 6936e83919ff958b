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

/// The language of the command line (`--lang`, else the locale), which the value parsers
/// speak: `main` sets it before parsing ([`set_command_line_lang`]); English until then.
static COMMAND_LINE_PT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Set the language the value parsers' errors speak (`main`, before parsing).
pub fn set_command_line_lang(lang: Lang) {
    COMMAND_LINE_PT.store(lang == Lang::Pt, std::sync::atomic::Ordering::Relaxed);
}

/// The language the value parsers' errors speak.
pub fn command_line_lang() -> Lang {
    if COMMAND_LINE_PT.load(std::sync::atomic::Ordering::Relaxed) {
        Lang::Pt
    } else {
        Lang::En
    }
}

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

    /// The English or the Portuguese of a sentence.
    pub fn pick<T>(self, en: T, pt: T) -> T {
        match self {
            Lang::En => en,
            Lang::Pt => pt,
        }
    }
}

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
/// and DEL are shown as escapes (`\x1b`, `\r`, `\n`, `\u{9b}`), TAB is kept; so are the
/// invisible and direction-changing characters ([`invisible`]: `\u{202e}`, `\u{200b}`). A
/// peer can then never move the cursor, clear the screen, set the title, ring the bell, forge
/// a line, reverse what follows or pass one text off as another that looks the same.
///
/// Every line a role writes passes through this (`term::log` applies it), so a role never has
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
    (c != '\t' && c.is_control()) || invisible(c)
}

/// A character a terminal shows as nothing, or that changes the direction of what follows:
/// zero-width spaces and joiners and the direction marks (U+200B–200F), the line and
/// paragraph separators (U+2028, U+2029), the bidirectional embeddings, overrides and
/// isolates (U+202A–202E, U+2066–2069), the word joiner and invisible operators
/// (U+2060–2064), and the byte-order mark (U+FEFF). `Ana\u{200b}` looks exactly like `Ana`;
/// `\u{202e}` prints what follows backwards.
pub fn invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xfeff
    )
}

/// `--color`: when our own output is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Colour {
    /// On a terminal, unless NO_COLOR is set (to anything but an empty string).
    Auto,
    /// Always, even on a pipe and with NO_COLOR set.
    Always,
    /// Never.
    Never,
}

impl Colour {
    /// Whether a stream that is (or is not) a terminal gets colour, NO_COLOR read from the
    /// environment.
    pub fn enabled(self, terminal: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        self.decide(terminal, no_color)
    }

    fn decide(self, terminal: bool, no_color: bool) -> bool {
        match self {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => terminal && !no_color,
        }
    }
}

/// How a piece of our own output looks on a colour terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Bold,
    /// A foreground colour (an SGR code: 31 to 36, 91 to 96).
    Fg(u8),
    /// Bold and a foreground colour.
    BoldFg(u8),
}

impl Style {
    fn sgr(self) -> Option<String> {
        match self {
            Style::Plain => None,
            Style::Bold => Some("1".into()),
            Style::Fg(c) => Some(c.to_string()),
            Style::BoldFg(c) => Some(format!("1;{c}")),
        }
    }
}

/// `text` made terminal-safe ([`safe`]) and, when `colour` is on, wrapped in the escape
/// sequences of `style`. The escapes are ours: they are added after the text was made safe.
pub fn paint(style: Style, text: &str, colour: bool) -> String {
    let text = safe(text);
    match style.sgr().filter(|_| colour) {
        Some(code) => format!("\x1b[{code}m{text}\x1b[0m"),
        None => text.into_owned(),
    }
}

/// The width of stdout's terminal in columns, when stdout is a terminal that knows it.
pub fn terminal_width() -> Option<usize> {
    crate::platform::terminal_width()
}

/// How many columns a character takes on a terminal: 2 for the wide ones (East Asian
/// ideographs, emoji), 0 for combining marks and variation selectors, 1 otherwise.
pub fn char_width(c: char) -> usize {
    match c as u32 {
        0x0300..=0x036f | 0x200b..=0x200f | 0xfe00..=0xfe0f => 0,
        0x1100..=0x115f
        | 0x2e80..=0xa4cf
        | 0xac00..=0xd7a3
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f
        | 0xff00..=0xff60
        | 0xffe0..=0xffe6
        | 0x1f300..=0x1faff
        | 0x20000..=0x3fffd => 2,
        _ => 1,
    }
}

/// The columns a text takes on a terminal.
pub fn text_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Break `text` into lines of at most `width` columns, at blanks only: a word is never cut,
/// and a word longer than `width` gets a line of its own. Runs of blanks between words
/// become one space where the line breaks, and are kept elsewhere.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = text_width(word);
        if line.is_empty() {
            line.push_str(word);
            line_width = w;
        } else if line_width + 1 + w <= width {
            line.push(' ');
            line.push_str(word);
            line_width += 1 + w;
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
            line_width = w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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

/// An operating-system error in the user's language: the common ones (a refused or timed-out
/// connection, a port in use, a missing file…) translated, the others as the system says them;
/// the system's error number is kept, for a search.
pub fn os_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    if lang == Lang::En {
        return e.to_string();
    }
    let said = match e.kind() {
        ConnectionRefused => "conexão recusada",
        ConnectionReset => "conexão reiniciada pelo outro lado",
        ConnectionAborted => "conexão abortada",
        TimedOut => "tempo esgotado",
        AddrInUse => "endereço já em uso",
        AddrNotAvailable => "endereço indisponível nesta máquina",
        PermissionDenied => "permissão negada",
        NotFound => "arquivo ou diretório inexistente",
        BrokenPipe => "o outro lado fechou a conexão",
        NetworkUnreachable => "rede inalcançável",
        HostUnreachable => "máquina inalcançável",
        InvalidInput => "argumento inválido",
        AlreadyExists => "o arquivo já existe",
        IsADirectory => "é um diretório",
        NotADirectory => "não é um diretório",
        ReadOnlyFilesystem => "sistema de arquivos somente leitura",
        StorageFull => "não há espaço no dispositivo",
        NotConnected => "não conectado",
        _ => return e.to_string(),
    };
    match e.raw_os_error() {
        Some(n) => format!("{said} (erro {n} do sistema)"),
        None => said.to_string(),
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
    fn colour_decisions() {
        use super::Colour::*;
        assert!(Auto.decide(true, false));
        assert!(!Auto.decide(false, false), "never on a pipe");
        assert!(!Auto.decide(true, true), "NO_COLOR");
        assert!(Always.decide(false, true));
        assert!(!Never.decide(true, false));
    }

    #[test]
    fn paint_escapes_the_text_and_adds_only_our_codes() {
        use super::{Style, paint};
        assert_eq!(
            paint(Style::Fg(32), "a\x1bb", true),
            "\x1b[32ma\\x1bb\x1b[0m"
        );
        assert_eq!(paint(Style::Fg(32), "ab", false), "ab");
        assert_eq!(paint(Style::Plain, "ab", true), "ab");
    }

    #[test]
    fn wrapping_never_cuts_a_word() {
        use super::wrap;
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("aa bb cc", 8), ["aa bb cc"]);
        assert_eq!(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
        assert_eq!(wrap("", 10), [""]);
        // Emoji take two columns each.
        assert_eq!(wrap("olá 🐶🐶 x", 8), ["olá 🐶🐶", "x"]);
        assert_eq!(wrap("olá 🐶🐶 x", 7), ["olá", "🐶🐶 x"]);
        let text = "Five nodes in a line, each started with the previous one as its neighbour.";
        for width in 10..40 {
            let lines = wrap(text, width);
            assert_eq!(lines.join(" "), text);
            assert!(
                lines
                    .iter()
                    .all(|l| super::text_width(l) <= width || !l.contains(' '))
            );
        }
    }

    #[test]
    fn os_errors_in_portuguese() {
        let missing = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            super::os_error(&missing, Lang::Pt),
            "arquivo ou diretório inexistente (erro 2 do sistema)"
        );
        let directory = std::io::Error::from_raw_os_error(21);
        assert_eq!(
            super::os_error(&directory, Lang::Pt),
            "é um diretório (erro 21 do sistema)"
        );
        let refused = std::io::Error::from_raw_os_error(111);
        assert_eq!(super::os_error(&refused, Lang::En), refused.to_string());
        if refused.kind() == std::io::ErrorKind::ConnectionRefused {
            assert_eq!(
                super::os_error(&refused, Lang::Pt),
                "conexão recusada (erro 111 do sistema)"
            );
        }
    }

    #[test]
    fn invisible_and_direction_characters_are_made_visible() {
        assert_eq!(safe("Ana\u{200b}"), "Ana\\u{200b}");
        assert_eq!(safe("a\u{202e}txt.exe"), "a\\u{202e}txt.exe");
        for c in [
            '\u{200f}', '\u{2028}', '\u{2029}', '\u{2066}', '\u{2069}', '\u{feff}',
        ] {
            assert_eq!(safe(&c.to_string()), format!("\\u{{{:x}}}", c as u32));
        }
        // Visible neighbours are kept: an en dash, an ellipsis, a non-breaking space.
        assert_eq!(safe("a – b … c\u{a0}"), "a – b … c\u{a0}");
    }

    #[test]
    fn escaping_is_idempotent() {
        let once = safe("\x1b[2J\r\n\u{85}").into_owned();
        assert_eq!(safe(&once), once);
    }
}
