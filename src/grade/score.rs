//! What a graded case is (the `--json` object of `netlab check`, read back), how it counts,
//! and Gradescope's `results.json`.
//!
//! Scoring: a PASS or a WARN earns the case's points, a FAIL none; a case not run because the
//! program stopped, died or ran out of its budget counts as a FAIL; a case skipped for a reason
//! the submission is not to blame for (strict and not asked for, `--quick`, an interrupted
//! run, a kv key the node was not given) counts in neither the score nor the maximum.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::rubric::Rubric;
use crate::check::runner::Done;
use crate::check::text::CheckText;
use crate::term::text::{Lang, Text};

/// What a check showed of some bytes (`decoded` text, `hex`, how many `bytes` in all).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Shown {
    pub decoded: String,
    #[serde(default)]
    pub hex: String,
    #[serde(default)]
    pub bytes: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HintSaid {
    pub id: String,
    pub text: String,
}

/// One case's result, as `netlab check --json` writes it, with its points once scored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CaseResult {
    pub id: String,
    /// `pass`, `warn`, `fail`, `skip`.
    pub status: String,
    pub title: String,
    #[serde(default)]
    pub seconds: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Not run because the program stopped, died or ran out of its budget.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stopped: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<Shown>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Shown>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrived: Option<Shown>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<HintSaid>,
    /// Earned and possible, once scored.
    #[serde(default)]
    pub points: f64,
    #[serde(default)]
    pub max_points: f64,
}

/// How a case counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    Earned,
    Failed,
    Neither,
}

impl CaseResult {
    /// A result of this run, as `--json` would write it.
    pub fn of(done: &Done, lang: Lang) -> CaseResult {
        let value = crate::check::report::json_value(done, lang);
        serde_json::from_value(value).unwrap_or_else(|_| CaseResult {
            id: done.case.id.into(),
            status: done.status.word().to_ascii_lowercase(),
            title: done.case.title(lang).into(),
            seconds: 0.0,
            why: None,
            stopped: false,
            sent: Vec::new(),
            expected: None,
            arrived: None,
            hint: None,
            points: 0.0,
            max_points: 0.0,
        })
    }

    /// A case that did not run: `stopped` when the submission is to blame.
    pub fn not_run(id: &str, title: &str, why: String, stopped: bool) -> CaseResult {
        CaseResult {
            id: id.into(),
            status: "skip".into(),
            title: title.into(),
            seconds: 0.0,
            why: Some(why),
            stopped,
            sent: Vec::new(),
            expected: None,
            arrived: None,
            hint: None,
            points: 0.0,
            max_points: 0.0,
        }
    }

    pub fn counts(&self) -> Counts {
        match self.status.as_str() {
            "pass" | "warn" => Counts::Earned,
            "fail" => Counts::Failed,
            _ if self.stopped => Counts::Failed,
            _ => Counts::Neither,
        }
    }

    /// Set `points` and `max_points` from `points` (the case's value in the rubric).
    pub fn score(&mut self, points: f64) {
        (self.points, self.max_points) = match self.counts() {
            Counts::Earned => (points, points),
            Counts::Failed => (0.0, points),
            Counts::Neither => (0.0, 0.0),
        };
    }

    /// The word of its verdict (`PASS`, `FAIL`, …).
    pub fn word(&self) -> String {
        self.status.to_ascii_uppercase()
    }

    /// Its details as the text report writes them: why, sent, expected, arrived, hint.
    pub fn details(&self, lang: Lang) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(why) = &self.why {
            lines.push(why.clone());
        }
        let label = |t: CheckText| t.render(lang);
        for s in &self.sent {
            lines.push(format!("{} {}", label(CheckText::LabelSent), s.decoded));
        }
        if let Some(e) = &self.expected {
            lines.push(format!("{} {}", label(CheckText::LabelExpected), e.decoded));
        }
        if let Some(a) = &self.arrived {
            lines.push(format!("{} {}", label(CheckText::LabelArrived), a.decoded));
            if !a.hex.is_empty() {
                lines.push(format!("{} {}", " ".repeat(8), a.hex));
            }
        }
        if let Some(h) = &self.hint {
            lines.push(format!("{} {}", label(CheckText::LabelHint), h.text));
        }
        lines
    }
}

/// Score every case with the rubric's points; the sum earned and possible.
pub fn score(cases: &mut [CaseResult], rubric: Option<&Rubric>) -> (f64, f64) {
    let mut total = (0.0, 0.0);
    for c in cases {
        c.score(rubric.map_or(1.0, |r| r.points(&c.id)));
        total.0 += c.points;
        total.1 += c.max_points;
    }
    total
}

/// Points as people write them: `37`, `2.5`.
pub fn number(p: f64) -> String {
    let rounded = (p * 1000.0).round() / 1000.0;
    format!("{rounded}")
}

/// The summary line CI reporters read: `Points 37/48` (the same in every language).
pub fn points_line(earned: f64, max: f64) -> String {
    format!("Points {}/{}", number(earned), number(max))
}

pub fn json_number(p: f64) -> Value {
    let rounded = (p * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        json!(rounded as i64)
    } else {
        json!(rounded)
    }
}

/// Gradescope's `results.json`: top-level `score` and `output` (no `max_score`: Gradescope
/// sums the tests'), and per test `name`, `number`, `score`, `max_score`, `output`,
/// `visibility` (and `status` for a test that counts).
pub fn gradescope(
    cases: &[CaseResult],
    output: &str,
    rubric: Option<&Rubric>,
    lang: Lang,
) -> Value {
    let score: f64 = cases.iter().map(|c| c.points).sum();
    let tests: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut details = vec![format!("{} {} {}", c.word(), c.id, c.title)];
            details.extend(c.details(lang));
            let hidden = rubric.is_some_and(|r| r.hidden(&c.id));
            let mut test = json!({
                "name": format!("{} {}", c.id, c.title),
                "number": (i + 1).to_string(),
                "score": json_number(c.points),
                "max_score": json_number(c.max_points),
                "output": details.join("\n"),
                "visibility": if hidden { "after_due_date" } else { "visible" },
            });
            let status = match c.counts() {
                Counts::Earned => Some("passed"),
                Counts::Failed => Some("failed"),
                Counts::Neither => None,
            };
            if let Some(s) = status {
                test["status"] = json!(s);
            }
            test
        })
        .collect();
    json!({ "score": json_number(score), "output": output, "tests": tests })
}

/// Pass, fail, skip counts of `cases` (warnings as passes), as the check's totals line.
pub fn totals_line(cases: &[CaseResult], lang: Lang) -> String {
    let count = |s: &[&str]| {
        cases
            .iter()
            .filter(|c| s.contains(&c.status.as_str()))
            .count()
    };
    CheckText::Totals {
        passed: count(&["pass", "warn"]),
        failed: count(&["fail"]),
        skipped: count(&["skip"]),
    }
    .render(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(status: &str, stopped: bool) -> CaseResult {
        let mut c = CaseResult::not_run("echo.bytes.1", "t", "why".into(), stopped);
        c.status = status.into();
        c
    }

    #[test]
    fn scoring_follows_the_rules() {
        let mut cases = vec![
            case("pass", false),
            case("warn", false),
            case("fail", false),
            case("skip", true),
            case("skip", false),
        ];
        assert_eq!(score(&mut cases, None), (2.0, 4.0));
        assert_eq!(cases[4].max_points, 0.0);
        assert_eq!(points_line(37.0, 48.0), "Points 37/48");
        assert_eq!(points_line(2.5, 3.0), "Points 2.5/3");
    }
}
