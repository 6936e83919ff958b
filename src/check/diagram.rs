//! A failing case's exchange as a sequence diagram, drawn without asking: what the checker
//! sent, what arrived and, where the diagram stands alone, why it fails, what was expected
//! and the hint as notes. The text report draws it under the case (a ladder, or the format
//! `--diagram` names; with `--diagram`, warnings too) without the notes, which the case's own
//! lines just said; `--json` carries it as Mermaid text with them; at most `--diagram-limit`
//! frames ([`super::config::DIAGRAM_LIMIT`] without it).

use std::net::SocketAddr;

use super::runner::{Done, Status};
use super::text::CheckText;
use crate::diagram::Diagram;
use crate::term::text::{Lang, Text};

/// The diagram of a failure, or of a warning when `warnings` (`None` for a pass or a skip),
/// with at most `limit` frames; the verdict, expectation and hint as notes when `notes`.
pub fn of(
    done: &Done,
    target: SocketAddr,
    lang: Lang,
    warnings: bool,
    limit: usize,
    notes: bool,
) -> Option<Diagram> {
    let drawn = match done.status {
        Status::Fail => true,
        Status::Warn => warnings,
        _ => false,
    };
    if !drawn {
        return None;
    }
    let p = done.problem.as_ref()?;
    let mut d = Diagram::new(Some(limit));
    let us = d.participant("netlab check");
    let them = d.participant(&target.to_string());
    for s in p.sent.iter().flatten() {
        d.arrow(us, them, s.text.clone());
    }
    if let Some(a) = &p.arrived {
        d.arrow(them, us, a.text.clone());
    }
    if !notes {
        return Some(d);
    }
    d.note(us, them, p.why.clone());
    if let Some(e) = &p.expected {
        d.note(
            us,
            them,
            format!("{} {}", CheckText::LabelExpected.render(lang), e.text),
        );
    }
    if let Some(h) = &p.hint {
        d.note(
            us,
            them,
            format!("{} {}", CheckText::LabelHint.render(lang), h.render(lang)),
        );
    }
    Some(d)
}
