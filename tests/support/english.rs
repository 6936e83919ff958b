//! The English of the catalogs, for the tests that a Portuguese transcript (the demo, every
//! role's start-up) has none: the words to look for, and the wire data no program translates.

/// English words of the catalogs, which may not appear in a Portuguese transcript.
pub const ENGLISH: &[&str] = &[
    "on",
    "to",
    "lists",
    "commands",
    "messages",
    "group",
    "port",
    "shutting",
    "leaving",
    "accepted",
    "closing",
    "connection",
    "received",
    "got",
    "request",
    "response",
    "result",
    "the",
    "and",
    "with",
    "from",
    "is",
    "are",
    "of",
    "listening",
    "server",
    "client",
    "display",
    "emitter",
    "receiver",
    "sender",
    "node",
    "nodes",
    "neighbour",
    "joined",
    "disconnected",
    "dropped",
    "registered",
    "connected",
    "sent",
    "every",
    "press",
    "step",
    "timed",
    "held",
    "by",
    "yellow",
    "red",
    "key",
    "value",
    "answered",
    "hops",
    "that",
    "was",
    "database",
    "waiting",
    "left",
];

/// What the Portuguese demo shows in English on purpose: wire data, which no program
/// translates (the tutorial's texts and the messages people type). The tutorial's log lines
/// (`accepted connection from`, `got result:`) are translated like every other sentence.
const TUTORIAL: [&str; 9] = [
    "First 10 bytes of request",
    "Follow the white rabbit.",
    "No match for",
    "No match",
    "Playing ball!",
    "Message 1 from client.",
    "Message 2 from client.",
    "Hello, world",
    "Life goes on, brah!!!",
];

/// The words of [`ENGLISH`] in `text`, outside wire data, each with its line.
pub fn english_words(text: &str) -> Vec<String> {
    let mut english = Vec::new();
    for line in text.lines() {
        let mut rest = line.to_string();
        for t in TUTORIAL {
            rest = rest.replace(t, " ");
        }
        let words = rest
            .split_whitespace()
            .filter(|w| !w.contains('/') && !w.contains(':'))
            .flat_map(|w| w.split(|c: char| !c.is_alphabetic()))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase);
        for word in words {
            if ENGLISH.contains(&word.as_str()) {
                english.push(format!("{word:?} in {line:?}"));
            }
        }
    }
    english
}
