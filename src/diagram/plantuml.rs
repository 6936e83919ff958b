//! A [`Diagram`] as PlantUML text (`@startuml` … `@enduml`): participants by alias, `->`
//! arrows, `note over`. A backslash is doubled (PlantUML reads `\n` as a line break), quotes
//! in names become apostrophes, control characters are shown as `\xNN`.

use super::{Diagram, Step};

pub fn render(d: &Diagram) -> Vec<String> {
    let mut out = vec!["@startuml".to_string()];
    for (i, p) in d.participants.iter().enumerate() {
        out.push(format!(
            "participant \"{}\" as P{i}",
            escape(p).replace('"', "'")
        ));
    }
    for s in &d.steps {
        out.push(match s {
            Step::Arrow { from, to, label } => format!("P{from} -> P{to} : {}", escape(label)),
            Step::Note { first, last, text } if first == last => {
                format!("note over P{first} : {}", escape(text))
            }
            Step::Note { first, last, text } => {
                format!("note over P{first}, P{last} : {}", escape(text))
            }
        });
    }
    out.push("@enduml".to_string());
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_statement_per_step() {
        let mut d = Diagram::new(None);
        let a = d.participant("client \"x\"");
        let b = d.participant("server");
        d.arrow(a, b, "LIST\\r\\n\n");
        d.note(a, b, "hint");
        assert_eq!(
            render(&d),
            [
                "@startuml",
                "participant \"client 'x'\" as P0",
                "participant \"server\" as P1",
                "P0 -> P1 : LIST\\\\r\\\\n\\x0a",
                "note over P0, P1 : hint",
                "@enduml",
            ]
        );
    }
}
