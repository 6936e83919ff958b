//! A failing case's exchange as a sequence diagram (`netlab check --diagram …`): what the
//! checker sent, what arrived, why it fails, what was expected and the hint as notes. The text
//! report draws it as a ladder under the case, `--json` carries it as Mermaid text.

use std::net::SocketAddr;

use super::runner::{Done, Status};
use super::text::CheckText;
use crate::diagram::Diagram;
use crate::term::text::{Lang, Text};

/// The diagram of a failure or a warning (`None` for a pass or a skip).
pub fn of(done: &Done, target: SocketAddr, lang: Lang) -> Option<Diagram> {
    if !matches!(done.status, Status::Fail | Status::Warn) {
        return None;
    }
    let p = done.problem.as_ref()?;
    let mut d = Diagram::new(None);
    let us = d.participant("netlab check");
    let them = d.participant(&target.to_string());
    for s in p.sent.iter().flatten() {
        d.arrow(us, them, s.text.clone());
    }
    if let Some(a) = &p.arrived {
        d.arrow(them, us, a.text.clone());
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
