//! A [`Diagram`] as Mermaid `sequenceDiagram` text, bare (no Markdown fence), in the small
//! subset of the grammar that [`parse`] reads back: `participant Pn as NAME`, `Pa->>Pb: TEXT`
//! and `Note over Pa[,Pb]: TEXT`. Texts are escaped with Mermaid's entity codes (`#35;` for
//! `#`, `#59;` for `;`, `#60;`/`#62;` for `<`/`>`, and every control character), so no text
//! can end a statement, open an HTML tag, or start a comment.

use super::{Diagram, Step};

/// The diagram's lines.
pub fn render(d: &Diagram) -> Vec<String> {
    let mut out = vec!["sequenceDiagram".to_string()];
    for (i, p) in d.participants.iter().enumerate() {
        out.push(format!("    participant P{i} as {}", escape(p)));
    }
    for s in &d.steps {
        out.push(match s {
            Step::Arrow { from, to, label } => format!("    P{from}->>P{to}: {}", escape(label)),
            Step::Note { first, last, text } if first == last => {
                format!("    Note over P{first}: {}", escape(text))
            }
            Step::Note { first, last, text } => {
                format!("    Note over P{first},P{last}: {}", escape(text))
            }
        });
    }
    out
}

/// A text made safe for one Mermaid statement.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' | ';' | '<' | '>' | '%' => out.push_str(&format!("#{};", c as u32)),
            c if c.is_control() => out.push_str(&format!("#{};", c as u32)),
            c => out.push(c),
        }
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        // An empty text would leave the statement without its message.
        "#32;".to_string()
    } else if trimmed.len() != out.len() {
        // Blanks at either end would be lost: keep them as entity codes.
        let lead = out.len() - out.trim_start().len();
        let trail = out.len() - out.trim_end().len();
        format!("{}{trimmed}{}", "#32;".repeat(lead), "#32;".repeat(trail))
    } else {
        out
    }
}

/// [`escape`] undone.
pub fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail
            .find(';')
            .ok_or_else(|| format!("a # with no entity code: {text:?}"))?;
        let code: u32 = tail[..end]
            .parse()
            .map_err(|_| format!("not a numeric entity code: {text:?}"))?;
        out.push(char::from_u32(code).ok_or_else(|| format!("bad code {code}"))?);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What [`parse`] reads back.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub participants: Vec<String>,
    pub steps: Vec<Step>,
}

/// Read back the subset [`render`] writes, checking it is well-formed: the header first,
/// participants declared before use, ids that exist, texts with no raw `;`, `<`, `>` or
/// control character and only numeric entity codes.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let mut lines = text.lines();
    if lines.next() != Some("sequenceDiagram") {
        return Err("the first line is not sequenceDiagram".into());
    }
    let mut p = Parsed::default();
    let id = |s: &str, n: usize| -> Result<usize, String> {
        let k: usize = s
            .strip_prefix('P')
            .and_then(|d| d.parse().ok())
            .ok_or_else(|| format!("not a participant id: {s:?}"))?;
        if k < n {
            Ok(k)
        } else {
            Err(format!("{s} used before it is declared"))
        }
    };
    let text_of = |s: &str| -> Result<String, String> {
        if s.is_empty() || s != s.trim() {
            return Err(format!("a text with blanks at an end: {s:?}"));
        }
        // Outside entity codes (`#NNN;`), no `;`, `<`, `>`, `%` or control character.
        let mut raw = String::new();
        let mut rest = s;
        while let Some(at) = rest.find('#') {
            raw.push_str(&rest[..at]);
            let tail = &rest[at + 1..];
            let digits = tail.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 || !tail[digits..].starts_with(';') {
                return Err(format!("a # that is not an entity code: {s:?}"));
            }
            rest = &tail[digits + 1..];
        }
        raw.push_str(rest);
        if raw
            .chars()
            .any(|c| c.is_control() || matches!(c, ';' | '<' | '>' | '%'))
        {
            return Err(format!("a text Mermaid would misread: {s:?}"));
        }
        unescape(s)
    };
    for line in lines {
        let body = line
            .strip_prefix("    ")
            .ok_or_else(|| format!("not indented: {line:?}"))?;
        let n = p.participants.len();
        if let Some(rest) = body.strip_prefix("participant ") {
            let (pid, name) = rest
                .split_once(" as ")
                .ok_or_else(|| format!("a participant with no alias: {line:?}"))?;
            if pid != format!("P{n}") {
                return Err(format!("participants out of order: {line:?}"));
            }
            p.participants.push(text_of(name)?);
        } else if let Some(rest) = body.strip_prefix("Note over ") {
            let (who, t) = rest
                .split_once(": ")
                .ok_or_else(|| format!("a note with no text: {line:?}"))?;
            let (a, b) = match who.split_once(',') {
                Some((a, b)) => (id(a, n)?, id(b, n)?),
                None => (id(who, n)?, id(who, n)?),
            };
            p.steps.push(Step::Note {
                first: a,
                last: b,
                text: text_of(t)?,
            });
        } else {
            let (arrow, t) = body
                .split_once(": ")
                .ok_or_else(|| format!("not a statement of the subset: {line:?}"))?;
            let (a, b) = arrow
                .split_once("->>")
                .ok_or_else(|| format!("not an arrow: {line:?}"))?;
            p.steps.push(Step::Arrow {
                from: id(a, n)?,
                to: id(b, n)?,
                label: text_of(t)?,
            });
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagram {
        let mut d = Diagram::new(None);
        let e = d.participant("emitter 1");
        let s = d.participant("server 127.0.0.1:55555");
        let x = d.participant("display 1001");
        d.arrow(e, s, "MSG 1→0 seq=3 \"Ob-la-di; #1 <b>\"");
        d.note(e, s, "proxy: split MSG seq=3 into 14+2+8");
        d.arrow(s, x, "MSG 1→1001 seq=3 \"x\"");
        d.note(x, x, "  odd\tspacing\u{1b}[2J ");
        d.arrow(x, s, "");
        d
    }

    #[test]
    fn what_is_written_parses_back_to_the_same_diagram() {
        let d = sample();
        let text = render(&d).join("\n");
        let back = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back.participants, d.participants);
        let mut want = d.steps.clone();
        if let Some(Step::Arrow { label, .. }) = want.last_mut() {
            *label = " ".into(); // an empty text is drawn as one blank
        }
        assert_eq!(back.steps, want);
    }

    #[test]
    fn the_parser_refuses_what_mermaid_would_misread() {
        for bad in [
            "graph TD",
            "sequenceDiagram\n    P0->>P1: x",
            "sequenceDiagram\n    participant P0 as a\n    P0->>P0: a;b",
            "sequenceDiagram\n    participant P0 as a\n    P0->>P0: <br>",
            "sequenceDiagram\n    participant P1 as a",
            "sequenceDiagram\nparticipant P0 as a",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
