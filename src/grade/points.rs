//! The points of one `netlab check` run (`--rubric`, `--gradescope`, `--junit`): its results
//! scored as [`score`](super::score) says, the `Points 37/48` line, JUnit's properties and
//! Gradescope's results.json.

use serde_json::Value;

use super::rubric::Rubric;
use super::score::{self, CaseResult};
use crate::check::runner::Done;
use crate::term::text::Lang;

/// A run's results with their points.
pub struct Scored {
    cases: Vec<CaseResult>,
    pub earned: f64,
    pub max: f64,
}

impl Scored {
    /// Score `results` with the rubric's points (1 a case without one).
    pub fn new(results: &[Done], rubric: Option<&Rubric>, lang: Lang) -> Scored {
        let mut cases: Vec<CaseResult> = results.iter().map(|d| CaseResult::of(d, lang)).collect();
        let (earned, max) = score::score(&mut cases, rubric);
        Scored { cases, earned, max }
    }

    /// `Points 37/48`.
    pub fn line(&self) -> String {
        score::points_line(self.earned, self.max)
    }

    /// The points earned and possible of one result, as JUnit's properties carry them.
    pub fn of(&self, done: &Done) -> Option<(String, String)> {
        self.cases
            .iter()
            .find(|c| c.id == done.case.id)
            .map(|c| (score::number(c.points), score::number(c.max_points)))
    }

    /// Gradescope's results.json of this run.
    pub fn gradescope(&self, output: &str, rubric: Option<&Rubric>, lang: Lang) -> Value {
        score::gradescope(&self.cases, output, rubric, lang)
    }
}
