//! The value parsers' errors (a port, a duration, an id out of range, an address, a size…)
//! speak the command line's language: under `--lang pt` no English word is left, under
//! `--lang en` the English sentence stands, and the exit status is 2 either way.

mod support;

use support::english::english_words;
use support::run;

/// A bad value for each kind of parser, as a user would type it.
const BAD: &[&[&str]] = &[
    &["msg", "server", "-p", "abc"],
    &["msg", "server", "-p", "99999"],
    &["msg", "server", "--ack-timeout", "xyz"],
    &["msg", "server", "--ack-timeout", "2d"],
    &["msg", "server", "--max-emitters", "5000"],
    &["msg", "emitter", "--id", "5000"],
    &["msg", "display", "--id", "5"],
    &["kv", "client", "abc", "127.0.0.1:5"],
    &["kv", "client", "0", "nothost"],
    &["kv", "client", "0", "4000"],
    &["kv", "node", "0", "x", "--max-db-size", "0"],
    &["kv", "node", "0", "x", "-b", "a b"],
    &["chat", "peer", "Ana", "-s", "127.0.0.1:abc"],
    &["chat", "peer", "Ana", "-s", "[::1"],
    &["chat", "peer", "a:b"],
    &["chat", "server", "--expire", "0"],
    &["mcast", "recv", "-g", "1.2.3.4"],
    &["mcast", "recv", "-g", "nogroup"],
    &["mcast", "send", "-u", " "],
    &["echo", "client", "-c", "x"],
    &["app", "server", "--max-content", "17MiB"],
    &["app", "server", "--max-content", "lots"],
    &["proxy", "msg", "x y", "127.0.0.1:1"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--split", "zz"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--coalesce", "1"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--drop", "2"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--corrupt", "x"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--rate", "0"],
    &["grade", "--jobs", "0", "x"],
];

/// English words of these sentences that are no Portuguese word.
const WORDS: &[&str] = &[
    "is",
    "not",
    "number",
    "duration",
    "examples",
    "example",
    "expected",
    "missing",
    "port",
    "address",
    "size",
    "neither",
    "nor",
    "probability",
    "group",
    "empty",
    "looks",
    "give",
    "too",
    "long",
    "name",
    "contains",
    "more",
    "from",
    "frames",
    "bytes of",
    "allowed",
    "between",
    "without",
    "its",
    "brackets",
    "letters",
    "digits",
    "dots",
    "time",
    "at",
    "all",
    "only",
    "or",
    "an",
    "the",
    "of",
    "to",
    "largest",
    "accepted",
    "day",
    "receivers",
];

/// What an error says beyond what the user typed: quoted values, `<NAME>`s and flags left out.
fn said(err: &str) -> String {
    let line = err.lines().next().unwrap_or_default();
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '<' | '`') => {
                quote = Some(if c == '<' { '>' } else { c })
            }
            None => out.push(c),
        }
    }
    out.split_whitespace()
        .filter(|w| !w.starts_with('-') && !w.chars().any(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn value_errors_speak_portuguese_under_lang_pt() {
    for args in BAD {
        let pt_args = [&["--lang", "pt"], *args].concat();
        let (status, _, pt) = run(&pt_args, "");
        assert_eq!(status.code(), Some(2), "netlab {pt_args:?}: {pt}");
        assert!(
            pt.starts_with("erro: valor inválido"),
            "netlab {pt_args:?}: {pt}"
        );
        let words = said(&pt);
        let english: Vec<&str> = words
            .split(|c: char| !c.is_alphabetic())
            // (Names in capitals, HOST:PORT, are placeholders.)
            .filter(|w| w.chars().any(char::is_lowercase))
            .filter(|w| WORDS.contains(&w.to_lowercase().as_str()))
            .collect();
        assert!(
            english.is_empty() && english_words(&words).is_empty(),
            "netlab {pt_args:?}: English {english:?} in {pt}"
        );
        // The same mistake in English says it in English (so the list above is a real check).
        let en_args = [&["--lang", "en"], *args].concat();
        let (status, _, en) = run(&en_args, "");
        assert_eq!(status.code(), Some(2), "netlab {en_args:?}: {en}");
        let en_words = said(&en);
        assert!(
            en_words
                .split(|c: char| !c.is_alphabetic())
                .any(|w| WORDS.contains(&w.to_lowercase().as_str())),
            "netlab {en_args:?}: {en}"
        );
    }
}
