//! What `netlab grade` says, en and pt: the budgets at the start, one line per graded
//! submission, the reports written, and the words of the class report.

use std::time::Duration;

use crate::net::text::{Lang, Text, duration};

#[derive(Clone, Debug)]
pub enum GradeText<'a> {
    /// `role 90s` pairs, joined.
    Budgets(&'a str),
    /// A submission graded: its name, points, maximum, and what else to say.
    Graded {
        name: &'a str,
        points: &'a str,
        of: &'a str,
        notes: &'a str,
    },
    /// Already graded in the file `--resume` read.
    Resumed(usize),
    Wrote(&'a str),
    NoCheck {
        target: &'a str,
        why: &'a str,
    },
    OverBudget(Duration),
    CheckEnded {
        status: &'a str,
        stderr: &'a str,
    },
    CannotResume {
        path: &'a str,
        why: &'a str,
    },
    NotAFolder(&'a str),
    BadBudget(&'a str),
    Interrupted {
        graded: usize,
        of: usize,
    },
    // ----- the class report
    ReportTitle(&'a str),
    ColumnSubmission,
    ColumnPoints,
    ColumnNotes,
    Details,
    Passed,
    /// The legend of the colours.
    Legend,
}

impl Text for GradeText<'_> {
    fn render(&self, l: Lang) -> String {
        use GradeText::*;
        match self {
            Budgets(b) => l.pick(
                format!("budget per submission: {b} (--budget ROLE=TIME changes it)"),
                format!("orçamento por submissão: {b} (--budget PAPEL=TEMPO o muda)"),
            ),
            Graded {
                name,
                points,
                of,
                notes,
            } => l.pick(
                format!("graded {name}: {points}/{of} points{notes}"),
                format!("avaliado {name}: {points}/{of} pontos{notes}"),
            ),
            Resumed(n) => l.pick(
                format!("{n} submissions already graded (--resume): not graded again"),
                format!("{n} submissões já avaliadas (--resume): não são avaliadas de novo"),
            ),
            Wrote(path) => l.pick(format!("wrote {path}"), format!("escrito {path}")),
            NoCheck { target, why } => l.pick(
                format!("netlab check {target} cannot grade this role: {why}"),
                format!("netlab check {target} não consegue avaliar este papel: {why}"),
            ),
            OverBudget(d) => l.pick(
                format!("not run: the role's budget ({}) ran out", duration(*d)),
                format!(
                    "não executado: o orçamento do papel ({}) acabou",
                    duration(*d)
                ),
            ),
            CheckEnded { status, stderr } => l.pick(
                format!("not run: the check ended ({status}): {stderr}"),
                format!("não executado: o check terminou ({status}): {stderr}"),
            ),
            CannotResume { path, why } => l.pick(
                format!("cannot resume from {path}: {why}"),
                format!("não consigo retomar de {path}: {why}"),
            ),
            NotAFolder(p) => l.pick(
                format!("{p} is not a folder (a submission is a folder)"),
                format!("{p} não é uma pasta (uma submissão é uma pasta)"),
            ),
            BadBudget(b) => l.pick(
                format!("--budget {b}: TIME or ROLE=TIME, with a role the rubric names"),
                format!("--budget {b}: TEMPO ou PAPEL=TEMPO, com um papel da rubrica"),
            ),
            Interrupted { graded, of } => l.pick(
                format!(
                    "interrupted: {graded} of {of} submissions graded (--resume goes on from there)"
                ),
                format!(
                    "interrompido: {graded} de {of} submissões avaliadas (--resume continua dali)"
                ),
            ),
            ReportTitle(p) => l.pick(format!("netlab grade: {p}"), format!("netlab grade: {p}")),
            ColumnSubmission => l.pick("submission", "submissão").into(),
            ColumnPoints => l.pick("points", "pontos").into(),
            ColumnNotes => l.pick("notes", "observações").into(),
            Details => l.pick("Details", "Detalhes").into(),
            Passed => l.pick("passed", "passou").into(),
            Legend => l
                .pick(
                    "PASS and WARN earn the case's points, FAIL none; SKIP counts in neither \
                     the score nor the maximum unless the program is to blame (stopped, died, \
                     out of budget), when it counts as a FAIL.",
                    "PASS e WARN ganham os pontos do caso, FAIL nenhum; SKIP não conta na nota \
                     nem no máximo, a não ser que a culpa seja do programa (parou, morreu, \
                     estourou o orçamento), quando conta como FAIL.",
                )
                .into(),
        }
    }
}
