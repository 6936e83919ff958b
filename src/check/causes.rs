//! The shared causes of a run: one mistake (a little-endian header, a key the node does not
//! hold) fails or skips many cases, and a report that repeats its hint under each of them
//! buries it. [`Causes`] notes every result's cause (its own, or its hint's sentence) as it is
//! reported, tells the report when a cause was shown before (it then names the first case
//! instead of repeating the hint), and ends the run with each cause once and the cases it
//! explains: `33 cases: 768 is 3 byte-swapped: a little-endian type? (msg.oi.1, …)`.

use super::runner::{Done, Status};
use super::text::CheckText;
use crate::term::text::{Lang, Text};

/// One cause and the cases it explains.
struct Group {
    cause: String,
    cases: Vec<&'static str>,
    /// Some of them were skipped for it (a cause worth saying even for one case).
    skipped: bool,
}

#[derive(Default)]
pub struct Causes {
    groups: Vec<Group>,
}

impl Causes {
    /// Note `done`'s cause; the first case that had the same one, when another did.
    pub fn note(&mut self, done: &Done, lang: Lang) -> Option<&'static str> {
        if !matches!(done.status, Status::Fail | Status::Skip) {
            return None;
        }
        let cause = done.problem.as_ref()?.shared_cause(lang)?;
        let skipped = done.status == Status::Skip;
        match self.groups.iter_mut().find(|g| g.cause == cause) {
            Some(g) => {
                g.cases.push(done.case.id);
                g.skipped |= skipped;
                g.cases.first().copied()
            }
            None => {
                self.groups.push(Group {
                    cause,
                    cases: vec![done.case.id],
                    skipped,
                });
                None
            }
        }
    }

    /// The summary's lines: a header, then each cause shared by two cases or more (or one
    /// that made a case skip), most cases first; nothing when there is none.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let mut shown: Vec<&Group> = self
            .groups
            .iter()
            .filter(|g| g.cases.len() > 1 || g.skipped)
            .collect();
        if shown.is_empty() {
            return Vec::new();
        }
        shown.sort_by_key(|g| std::cmp::Reverse(g.cases.len()));
        let mut lines = vec![CheckText::SharedCauses.render_in(lang)];
        for g in shown {
            lines.push(
                CheckText::CauseLine {
                    n: g.cases.len(),
                    cause: &g.cause,
                    cases: &g.cases.join(", "),
                }
                .render_in(lang),
            );
        }
        lines
    }
}

impl CheckText<'_> {
    fn render_in(&self, lang: Lang) -> String {
        self.render(lang)
    }
}

/// A summary line, already in the run's language, for the logger.
pub struct Said(pub String);

impl Text for Said {
    fn render(&self, _: Lang) -> String {
        self.0.clone()
    }
}
