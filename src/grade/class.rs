//! A graded class: every submission with its roles and cases, kept as `DIR/results.json` (what
//! `--resume` reads back), each submission's Gradescope `results.json`, and `report.csv` (one
//! row per submission, one column per case group: the points earned in it).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::job::RoleResult;
use super::matrix::Matrix;
use super::rubric::Rubric;
use super::score::{self, CaseResult};
use super::text::GradeText;
use crate::term::text::{Lang, Text};

/// One submission, graded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Submission {
    /// Its folder's name.
    pub name: String,
    pub dir: String,
    pub roles: Vec<RoleResult>,
    #[serde(default)]
    pub points: f64,
    #[serde(default)]
    pub max_points: f64,
}

impl Submission {
    /// Graded whole: no role was interrupted.
    pub fn complete(&self) -> bool {
        !self.roles.iter().any(|r| r.interrupted)
    }

    pub fn cases(&self) -> impl Iterator<Item = &CaseResult> {
        self.roles.iter().flat_map(|r| r.cases.iter())
    }

    /// Points from the rubric (again: a resumed grading may use a corrected rubric).
    pub fn score(&mut self, rubric: &Rubric) {
        (self.points, self.max_points) = (0.0, 0.0);
        for role in &mut self.roles {
            let (p, m) = score::score(&mut role.cases, Some(rubric));
            self.points += p;
            self.max_points += m;
        }
    }

    /// The notes of every role, on one line.
    pub fn notes(&self) -> String {
        self.roles
            .iter()
            .flat_map(|r| r.notes.iter().map(move |n| format!("{}: {n}", r.role)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Gradescope's results.json for this submission (with its cells of the matrix, and what
    /// it is told of peers it fails with only).
    pub fn gradescope(
        &self,
        rubric: &Rubric,
        matrix: Option<&Matrix>,
        lang: Lang,
    ) -> serde_json::Value {
        let mut output = Vec::new();
        for r in &self.roles {
            output.push(format!(
                "{} ({}): {}",
                r.role,
                r.command,
                score::totals_line(&r.cases, lang)
            ));
            output.extend(r.notes.iter().cloned());
        }
        if let Some(m) = matrix {
            let (p, max) = m.points(&self.name, rubric.matrix_points());
            let (passed, failed) =
                m.of(&self.name).fold(
                    (0, 0),
                    |(p, f), c| {
                        if c.passed() { (p + 1, f) } else { (p, f + 1) }
                    },
                );
            output.push(
                GradeText::MatrixLine {
                    passed,
                    failed,
                    points: &super::matrix::points_text((p, max)),
                }
                .render(lang),
            );
            output.extend(m.peer_notes(&self.name, lang));
        }
        output.push(score::points_line(self.points, self.max_points));
        let cases: Vec<CaseResult> = self.cases().cloned().collect();
        let mut v = score::gradescope(&cases, &output.join("\n"), Some(rubric), lang);
        if let Some(m) = matrix
            && let Some(tests) = v["tests"].as_array_mut()
        {
            let each = rubric.matrix_points();
            for c in m.of(&self.name) {
                let (p, max) = c.points_for(&self.name, each);
                let mut t = serde_json::json!({
                    "name": c.title(lang),
                    "number": (tests.len() + 1).to_string(),
                    "score": score::json_number(p),
                    "max_score": score::json_number(max),
                    "output": c.details(lang).join("\n"),
                    "visibility": "visible",
                });
                if max > 0.0 {
                    t["status"] = serde_json::json!(if c.passed() { "passed" } else { "failed" });
                }
                tests.push(t);
            }
            let total: f64 = tests
                .iter()
                .map(|t| t["score"].as_f64().unwrap_or(0.0))
                .sum();
            v["score"] = score::json_number(total);
        }
        v
    }
}

/// The whole class: what `DIR/results.json` holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Class {
    pub protocol: String,
    pub submissions: Vec<Submission>,
    /// The interop matrix (`--matrix`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<Matrix>,
}

impl Class {
    /// `Err`: why it cannot be used (the system's error in `lang`, or the JSON parser's).
    pub fn load(path: &Path, lang: crate::term::text::Lang) -> Result<Class, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| crate::term::text::os_error(&e, lang))?;
        serde_json::from_str(&text).map_err(|e| e.to_string())
    }

    /// Put `sub` in (in place of an earlier grading of the same name).
    pub fn put(&mut self, sub: Submission) {
        match self.submissions.iter_mut().find(|s| s.name == sub.name) {
            Some(s) => *s = sub,
            None => self.submissions.push(sub),
        }
    }

    /// The case groups (`echo.bytes`), in the order their cases come.
    pub fn groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = Vec::new();
        for c in self.submissions.iter().flat_map(Submission::cases) {
            let g = group(&c.id).to_string();
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
        groups
    }

    /// Every case id, in order.
    pub fn ids(&self) -> Vec<(String, String)> {
        let mut ids: Vec<(String, String)> = Vec::new();
        for c in self.submissions.iter().flat_map(Submission::cases) {
            if !ids.iter().any(|(id, _)| *id == c.id) {
                ids.push((c.id.clone(), c.title.clone()));
            }
        }
        ids
    }

    /// `report.csv`: submission, points, maximum, the points of every case group, notes.
    pub fn csv(&self, lang: Lang) -> String {
        let groups = self.groups();
        let mut out = String::new();
        let mut head = vec![
            GradeText::ColumnSubmission.render(lang),
            GradeText::ColumnPoints.render(lang),
            "max_points".to_string(),
        ];
        head.extend(groups.iter().cloned());
        // The matrix: one column per client role and server, the verdict of the row's client.
        let columns: Vec<(String, String)> = self
            .matrix
            .iter()
            .flat_map(|m| {
                m.roles
                    .iter()
                    .flat_map(|r| m.servers.iter().map(move |s| (r.clone(), s.clone())))
            })
            .collect();
        let matrix = GradeText::ColumnMatrix.render(lang);
        if self.matrix.is_some() {
            head.push(matrix.clone());
        }
        head.extend(columns.iter().map(|(r, s)| format!("{matrix} {r} × {s}")));
        // Chat's peers against each other: the row's peer calling each, and called by each.
        let peers: Vec<(String, String)> = self
            .matrix
            .iter()
            .flat_map(|m| {
                m.roles
                    .iter()
                    .flat_map(|r| m.callees.iter().map(move |c| (r.clone(), c.clone())))
            })
            .collect();
        head.extend(peers.iter().map(|(r, c)| format!("{matrix} {r} → {c}")));
        head.extend(peers.iter().map(|(r, c)| format!("{matrix} {r} ← {c}")));
        head.push(GradeText::ColumnNotes.render(lang));
        out.push_str(&row(&head));
        for s in &self.submissions {
            let mut by_group: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
            for c in s.cases() {
                let e = by_group.entry(group(&c.id)).or_default();
                e.0 += c.points;
                e.1 += c.max_points;
            }
            let mut cells = vec![
                s.name.clone(),
                score::number(s.points),
                score::number(s.max_points),
            ];
            for g in &groups {
                cells.push(match by_group.get(g.as_str()) {
                    Some((p, m)) if *m > 0.0 => score::number(*p),
                    _ => String::new(),
                });
            }
            if let Some(m) = &self.matrix {
                cells.push(score::number(m.points(&s.name, m.each).0));
            }
            for (r, server) in &columns {
                let cell = self
                    .matrix
                    .as_ref()
                    .and_then(|m| m.cell(r, &s.name, server));
                cells.push(cell.map_or_else(String::new, |c| c.status.to_ascii_uppercase()));
            }
            for calling in [true, false] {
                for (r, other) in &peers {
                    let (caller, callee) = if calling {
                        (s.name.as_str(), other.as_str())
                    } else {
                        (other.as_str(), s.name.as_str())
                    };
                    let cell = self
                        .matrix
                        .as_ref()
                        .and_then(|m| m.peer_cell(r, caller, callee));
                    cells.push(cell.map_or_else(String::new, |c| c.status.to_ascii_uppercase()));
                }
            }
            cells.push(s.notes());
            out.push_str(&row(&cells));
        }
        out
    }
}

/// A case's group: its id without the number (`echo.bytes.2` → `echo.bytes`).
pub fn group(id: &str) -> &str {
    id.rsplit_once('.').map_or(id, |(g, _)| g)
}

/// One CSV row (RFC 4180: a cell with a comma, quote or line break is quoted; a cell that a
/// spreadsheet would run as a formula gets a leading quote mark).
fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| {
            let c = if c.starts_with(['=', '+', '-', '@']) && c.parse::<f64>().is_err() {
                format!("'{c}")
            } else {
                c.clone()
            };
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect();
    format!("{}\r\n", cells.join(","))
}

/// Write `contents` to `path` whole or not at all (a file beside it, then renamed): an
/// interrupted grading never leaves half a results.json.
pub fn write(path: &Path, contents: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(
            row(&["a,b".into(), "say \"x\"".into(), "=1+1".into(), "-2".into()]),
            "\"a,b\",\"say \"\"x\"\"\",'=1+1,-2\r\n"
        );
        assert_eq!(group("echo.bytes.2"), "echo.bytes");
    }
}
