//! Sequence diagrams of a decoded exchange: participants named by role and address
//! (`emitter 1`, `server 127.0.0.1:55555`), one arrow per frame with its short decoded form
//! (`MSG 1→1001 seq=3 "Ob-la-di"`), and notes for impairments and hints. Drawn as Mermaid
//! (`sequenceDiagram`, for Markdown that GitHub renders), PlantUML, or a terminal ladder
//! (box-drawing characters, or plain ASCII).
//!
//! - `mermaid.rs`, `plantuml.rs`, `ladder.rs`: one renderer each, pure;
//! - `live.rs`: a ladder drawn as its diagram grows (on a terminal);
//! - `text.rs`: the diagrams' own sentences (the note on frames left out), en and pt;
//! - `traces.rs`: a diagram from the marks roles send (`netlab demo --diagram`), `role.rs`:
//!   a role's own (`netlab --diagram … msg emitter`).
//!
//! Sources build a [`Diagram`] as frames pass (those two, `netlab proxy --diagram`, a failing
//! `netlab check` case) and render it once the exchange is over.

pub mod ladder;
pub mod live;
pub mod mermaid;
pub mod plantuml;
pub mod role;
pub mod text;
pub mod traces;

use crate::term::text::{Lang, Text};
use text::DiagramText;

/// How a diagram is drawn.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)
    Mermaid,
    /// PlantUML text (@startuml … @enduml)
    Plantuml,
    /// A ladder drawn on the terminal, wrapped to its width
    Ladder,
}

/// One step of a diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A frame from one participant to another.
    Arrow {
        from: usize,
        to: usize,
        label: String,
    },
    /// A remark over one participant or the span between two.
    Note {
        first: usize,
        last: usize,
        text: String,
    },
}

/// A diagram being built: participants in order of first appearance, and steps.
#[derive(Clone, Debug, Default)]
pub struct Diagram {
    pub participants: Vec<String>,
    pub steps: Vec<Step>,
    /// At most this many arrows (`--diagram-limit`); `None`: all.
    limit: Option<usize>,
    arrows: usize,
    /// Arrows beyond the limit, counted.
    left_out: usize,
}

impl Diagram {
    pub fn new(limit: Option<usize>) -> Diagram {
        Diagram {
            limit,
            ..Diagram::default()
        }
    }

    /// Name participant `old` `new` from now on, on the lifeline it has (if it has one yet),
    /// unless `new` is another participant's name: false then, and nothing changes (two
    /// lifelines are never merged into one).
    pub fn rename(&mut self, old: &str, new: &str) -> bool {
        if old != new && self.participants.iter().any(|p| p == new) {
            return false;
        }
        if let Some(p) = self.participants.iter_mut().find(|p| *p == old) {
            *p = new.to_string();
        }
        true
    }

    /// The participant named `name` (added at the end if new).
    pub fn participant(&mut self, name: &str) -> usize {
        match self.participants.iter().position(|p| p == name) {
            Some(i) => i,
            None => {
                self.participants.push(name.to_string());
                self.participants.len() - 1
            }
        }
    }

    fn full(&self) -> bool {
        self.limit.is_some_and(|l| self.arrows >= l)
    }

    pub fn arrow(&mut self, from: usize, to: usize, label: impl Into<String>) {
        if self.full() {
            self.left_out += 1;
            return;
        }
        self.arrows += 1;
        self.steps.push(Step::Arrow {
            from,
            to,
            label: label.into(),
        });
    }

    /// A note over `a` and `b` (the same for one participant). Notes after the limit go
    /// with their frames.
    pub fn note(&mut self, a: usize, b: usize, text: impl Into<String>) {
        if self.full() && self.left_out > 0 {
            return;
        }
        self.steps.push(Step::Note {
            first: a.min(b),
            last: a.max(b),
            text: text.into(),
        });
    }

    /// How many arrows were left out.
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    /// The steps to draw: with the note on frames left out at the end, in `lang`.
    pub fn finished(&self, lang: Lang) -> Diagram {
        let mut d = self.clone();
        if self.left_out > 0 && !d.participants.is_empty() {
            d.steps.push(Step::Note {
                first: 0,
                last: d.participants.len() - 1,
                text: DiagramText::LeftOut {
                    shown: self.arrows,
                    left: self.left_out,
                }
                .render(lang),
            });
        }
        d
    }

    /// The diagram drawn in `format` (`width` and `ascii` are the ladder's), one line each.
    pub fn render(&self, format: Format, lang: Lang, width: usize, ascii: bool) -> Vec<String> {
        let d = self.finished(lang);
        match format {
            Format::Mermaid => mermaid::render(&d),
            Format::Plantuml => plantuml::render(&d),
            Format::Ladder => ladder::render(&d, width, ascii),
        }
    }
}

/// The width a ladder gets: the terminal's, else COLUMNS, else 80.
pub fn ladder_width() -> usize {
    crate::term::text::terminal_width()
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .filter(|&w| w >= 20)
        .unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_leaves_frames_out_and_says_how_many() {
        let mut d = Diagram::new(Some(2));
        let a = d.participant("client");
        let b = d.participant("server");
        assert_eq!(d.participant("client"), a);
        for k in 0..5 {
            d.arrow(a, b, format!("frame {k}"));
            d.note(a, b, "note");
        }
        assert_eq!(d.left_out(), 3);
        let f = d.finished(Lang::En);
        let arrows = f
            .steps
            .iter()
            .filter(|s| matches!(s, Step::Arrow { .. }))
            .count();
        assert_eq!(arrows, 2);
        assert!(matches!(
            f.steps.last(),
            Some(Step::Note { text, .. }) if text.contains("3 more frames")
        ));
    }
}
