//! The three reports of a run: the text lines (one per case, the details of a failure or a
//! warning under it, the totals last), one JSON object per case (`--json`), and a JUnit XML
//! file (`--junit FILE`) for CI and GitHub Classroom. Whatever bytes a server sent, each stays
//! what it claims to be: JSON lines parse (every control character escaped, DEL and C1 too),
//! the XML is well-formed, text lines are terminal-safe, and what they show of an arrival is
//! bounded ([`Shown`]).

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{Value, json};

use super::case::Shown;
use super::runner::{Done, Status};
use super::text::CheckText;
use crate::term::log::hex_row;
use crate::term::text::{Lang, Text, safe};

/// Passed (warnings included), failed, skipped.
pub fn totals(results: &[Done]) -> (usize, usize, usize) {
    let count = |f: fn(Status) -> bool| results.iter().filter(|d| f(d.status)).count();
    (
        count(|s| matches!(s, Status::Pass | Status::Warn)),
        count(|s| s == Status::Fail),
        count(|s| s == Status::Skip),
    )
}

/// The text lines of one result: `FAIL kv.flood.3 the rule`, then, for a failure or a
/// warning, why, what was sent, expected and arrived (decoded and in hex), and the hint.
pub fn text(done: &Done, lang: Lang) -> Vec<String> {
    let case = done.case;
    let mut head = format!("{} {} {}", done.status.word(), case.id, case.title(lang));
    let Some(p) = &done.problem else {
        return vec![head];
    };
    if done.status == Status::Skip {
        let _ = write!(head, " ({})", p.why);
        return vec![head];
    }
    let mut lines = vec![head];
    let pad = "       ";
    lines.push(format!("{pad}{}", p.why));
    let labels = [
        CheckText::LabelSent.render(lang),
        CheckText::LabelExpected.render(lang),
        CheckText::LabelArrived.render(lang),
        CheckText::LabelHint.render(lang),
    ];
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 1;
    let label = |i: usize| format!("{:<width$}", labels[i]);
    let blank = " ".repeat(width);
    let shown = |lines: &mut Vec<String>, i: usize, s: &Shown| {
        lines.push(format!("{pad}{} {}", label(i), s.text));
        for row in hex_rows(s, lang) {
            lines.push(format!("{pad}{blank} {row}"));
        }
    };
    for s in p.sent.iter().flatten() {
        shown(&mut lines, 0, s);
    }
    if let Some(e) = &p.expected {
        shown(&mut lines, 1, e);
    }
    if let Some(a) = &p.arrived {
        shown(&mut lines, 2, a);
    }
    if let Some(h) = &p.hint {
        lines.push(format!("{pad}{} {}", label(3), h.render(lang)));
    }
    lines
}

/// The bytes kept of `s` in hex rows of 16, then how many there were when some were left out
/// (at least as many as the checker reads of one answer, when it stopped reading there).
fn hex_rows(s: &Shown, lang: Lang) -> Vec<String> {
    let mut rows: Vec<String> = s.bytes.chunks(16).map(hex_row).collect();
    if s.total >= super::link::KEEP {
        rows.push(CheckText::BytesAtLeast(s.total).render(lang));
    } else if s.is_cut() {
        rows.push(CheckText::BytesInAll(s.total).render(lang));
    }
    rows
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// `bytes`: how many there were in all (`hex` holds at most [`Shown::BYTES`] of them).
fn shown_json(s: &Shown) -> Value {
    json!({ "decoded": s.text, "hex": hex(&s.bytes), "bytes": s.total.max(s.bytes.len()) })
}

/// One result as one line of JSON. Characters that JSON lets through raw but a terminal would
/// obey or hide (DEL, the C1 controls, the invisible and direction marks) are escaped too
/// (`\u007f`, `\u202e`), so the line is both valid JSON and
/// terminal-safe as it is.
pub fn json(done: &Done, lang: Lang) -> String {
    json_line(&json_value(done, lang))
}

/// A JSON value as one line, escaped as [`json`] says.
pub fn json_line(value: &Value) -> String {
    let raw = value.to_string();
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_control() || crate::term::text::invisible(c) {
            // Outside strings serde_json writes no control character, and inside them it
            // escapes those below 0x20: what is left is DEL and C1, inside strings (and the
            // invisible and direction characters a terminal would obey or hide).
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// One result as a JSON value.
pub fn json_value(done: &Done, lang: Lang) -> Value {
    let mut obj = json!({
        "id": done.case.id,
        "status": done.status.word().to_ascii_lowercase(),
        "title": done.case.title(lang),
        "seconds": secs(done.elapsed),
    });
    if let Some(p) = &done.problem {
        let map = obj.as_object_mut().expect("an object");
        map.insert("why".into(), json!(p.why));
        if p.stopped {
            map.insert("stopped".into(), json!(true));
        }
        if let Some(sent) = &p.sent {
            map.insert("sent".into(), sent.iter().map(shown_json).collect());
        }
        if let Some(e) = &p.expected {
            map.insert("expected".into(), shown_json(e));
        }
        if let Some(a) = &p.arrived {
            map.insert("arrived".into(), shown_json(a));
        }
        if let Some(h) = &p.hint {
            map.insert(
                "hint".into(),
                json!({ "id": h.id(), "text": h.render(lang) }),
            );
        }
    }
    obj
}

fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// Text for XML: terminal-safe (no control characters, which XML 1.0 cannot carry even
/// escaped; the two noncharacters it forbids made visible too), then the five special
/// characters escaped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in safe(text).chars() {
        match c {
            '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit XML of a run: one `testsuite` named after what was checked, one `testcase` per
/// case (its class the case's section), failures with their details, warnings as passes with
/// their details in `system-out`.
pub fn junit(suite: &str, results: &[Done], lang: Lang) -> String {
    junit_scored(suite, results, lang, |_| None)
}

/// [`junit`] with points: `points` gives a case's points earned and possible (`--rubric`),
/// written as its properties `points` and `max_points`, and their sums as the suite's.
pub fn junit_scored(
    suite: &str,
    results: &[Done],
    lang: Lang,
    points: impl Fn(&Done) -> Option<(String, String)>,
) -> String {
    let (_, failed, skipped) = totals(results);
    let time: f64 = results.iter().map(|d| secs(d.elapsed)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"netlab check\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" \
         skipped=\"{skipped}\" time=\"{time:.3}\">",
        results.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" \
         skipped=\"{skipped}\" time=\"{time:.3}\">",
        xml(suite),
        results.len()
    );
    let scored: Vec<Option<(String, String)>> = results.iter().map(&points).collect();
    if scored.iter().any(Option::is_some) {
        let sum = |f: fn(&(String, String)) -> &String| {
            scored
                .iter()
                .flatten()
                .map(|p| f(p).parse::<f64>().unwrap_or(0.0))
                .sum::<f64>()
        };
        let _ = writeln!(
            out,
            "    <properties>\n      <property name=\"points\" value=\"{}\"/>\n      \
             <property name=\"max_points\" value=\"{}\"/>\n    </properties>",
            crate::grade::score::number(sum(|p| &p.0)),
            crate::grade::score::number(sum(|p| &p.1))
        );
    }
    for (done, scored) in results.iter().zip(&scored) {
        let id = done.case.id;
        let class = id.rsplit_once('.').map_or(id, |(c, _)| c);
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
            xml(class),
            xml(&format!("{id} {}", done.case.title(lang))),
            secs(done.elapsed)
        );
        // Line by line: the body keeps real newlines (xml() makes them visible, as `\n`).
        let details = || {
            text(done, lang)[1..]
                .iter()
                .map(|l| xml(l))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let props = match scored {
            Some((earned, max)) => format!(
                "\n      <properties><property name=\"points\" value=\"{earned}\"/>\
                 <property name=\"max_points\" value=\"{max}\"/></properties>"
            ),
            None => String::new(),
        };
        match (&done.problem, done.status) {
            (None, _) if props.is_empty() => out.push_str("/>\n"),
            (None, _) => {
                let _ = writeln!(out, ">{props}\n    </testcase>");
            }
            (Some(p), Status::Fail) => {
                let _ = writeln!(
                    out,
                    ">{props}\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                    xml(&p.why),
                    details()
                );
            }
            (Some(p), Status::Skip) => {
                let _ = writeln!(
                    out,
                    ">{props}\n      <skipped message=\"{}\"/>\n    </testcase>",
                    xml(&p.why)
                );
            }
            (Some(_), _) => {
                let _ = writeln!(
                    out,
                    ">{props}\n      <system-out>{}</system-out>\n    </testcase>",
                    details()
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped_and_safe() {
        assert_eq!(xml("a<b & \"c\"\x1b"), "a&lt;b &amp; &quot;c&quot;\\x1b");
    }

    #[test]
    fn hex_is_cut() {
        assert_eq!(hex(&[0, 0xab]), "00 ab");
        let rows = hex_rows(&Shown::new("x", vec![0; 200]), Lang::En);
        assert_eq!(rows.len(), 13);
        let rows = hex_rows(&Shown::new("x", vec![0; 1000]), Lang::En);
        assert_eq!(rows.len(), Shown::BYTES / 16 + 1);
        assert_eq!(rows.last().unwrap(), "… (1000 bytes in all)");
        let rows = hex_rows(
            &Shown::new("x", vec![0; super::super::link::KEEP]),
            Lang::En,
        );
        assert!(
            rows.last()
                .unwrap()
                .starts_with("… (at least 1048576 bytes")
        );
    }

    /// A failure whose arrival holds every character a server can send.
    fn hostile() -> Done {
        let text: String = (0u32..0x100)
            .filter_map(char::from_u32)
            .chain(['\u{fffe}', '\u{ffff}', '\u{2028}'])
            .collect();
        let mut bytes: Vec<u8> = (0..=255).collect();
        bytes.extend_from_slice(b"\xc3\x28 and more");
        Done {
            case: &crate::check::chat::SUITE.cases[0],
            status: Status::Fail,
            problem: Some(
                super::super::case::Problem::new(format!("why {text}"))
                    .arrived(Shown::new(text.clone(), bytes)),
            ),
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn json_lines_are_json_and_terminal_safe() {
        let done = hostile();
        let line = json(&done, Lang::En);
        assert!(!line.chars().any(char::is_control), "{line}");
        assert_eq!(safe(&line), line);
        assert!(
            line.contains("\\u007f") && line.contains("\\u009b"),
            "{line}"
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        let decoded = v["arrived"]["decoded"].as_str().unwrap();
        assert!(decoded.contains('\u{7f}') && decoded.contains('\u{9b}'));
        assert_eq!(v["arrived"]["bytes"], 267);
        assert_eq!(
            v["arrived"]["hex"].as_str().unwrap().len(),
            Shown::BYTES * 3 - 1
        );
    }

    #[test]
    fn junit_bodies_keep_their_lines() {
        let done = hostile();
        let xml = junit("x", std::slice::from_ref(&done), Lang::En);
        let body = xml
            .split("<failure")
            .nth(1)
            .and_then(|f| f.split_once('>'))
            .and_then(|(_, b)| b.split_once("</failure>"))
            .unwrap()
            .0;
        assert_eq!(
            body.lines().count(),
            text(&done, Lang::En).len() - 1,
            "{body}"
        );
        assert!(!body.chars().any(|c| c.is_control() && c != '\n'), "{body}");
        assert!(!body.contains('\u{fffe}') && !body.contains('\u{ffff}'));
        assert!(body.contains("… (267 bytes in all)"), "{body}");
    }

    #[test]
    fn xml_refuses_what_xml_cannot_carry() {
        assert_eq!(xml("a\u{fffe}\u{9b}b"), "a\\u{fffe}\\u{9b}b");
    }
}
