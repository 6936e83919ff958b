//! `report.html`: one self-contained page (no JavaScript, no file or font beside it) that reads
//! on a screen and prints. A table, one row per submission and one column per case, each cell
//! coloured by verdict and linking to the case's details further down (why, sent, expected,
//! arrived, hint). Everything a program sent is escaped: a submission cannot write markup.

use std::fmt::Write as _;

use super::class::Class;
use super::matrix::{Cell, Matrix};
use super::score::{self, CaseResult};
use super::text::GradeText;
use crate::check::text::CheckText;
use crate::term::text::{Lang, Text};

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;margin:1.5em;color:#111}\
table{border-collapse:collapse;font-size:.85em}\
th,td{border:1px solid #999;padding:.2em .4em;text-align:center}\
th.case{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;white-space:nowrap}\
th.sub{text-align:left}\
td a{color:inherit;text-decoration:none;display:block}\
.pass{background:#b7e4b0}.warn{background:#f3e3a0}.fail{background:#f2aaa6}\
.skip{background:#e4e4e4}.stopped{background:#e8b4d8}.none{background:#fff}\
.case-details{border-left:.4em solid #999;margin:.6em 0;padding:.2em .8em;break-inside:avoid}\
.case-details.pass{border-color:#3a9a2f}.case-details.fail{border-color:#c0392b}\
.case-details.warn{border-color:#c9a227}.case-details.stopped{border-color:#a33f8a}\
pre{white-space:pre-wrap;word-break:break-all;margin:.1em 0;font-size:.9em}\
dt{font-weight:bold;float:left;width:6em}dd{margin-left:6.5em}\
@media print{*{-webkit-print-color-adjust:exact;print-color-adjust:exact}body{margin:0}\
section{break-before:page}}";

/// Text for HTML: the five special characters escaped (and control characters made visible).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::term::text::safe(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A case's class: its verdict, or `stopped` for a skip the program is to blame for.
fn verdict(c: &CaseResult) -> &'static str {
    match c.status.as_str() {
        "pass" => "pass",
        "warn" => "warn",
        "fail" => "fail",
        _ if c.stopped => "stopped",
        _ => "skip",
    }
}

/// The anchor of case `j` of submission `i` (names are the students', ids ours).
fn anchor(i: usize, id: &str) -> String {
    format!("s{i}-{id}")
}

/// The whole page.
pub fn page(class: &Class, lang: Lang) -> String {
    let ids = class.ids();
    let mut out = String::new();
    let title = esc(&GradeText::ReportTitle(&class.protocol).render(lang));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{}</p>\n",
        lang.pick("en", "pt"),
        esc(&GradeText::Legend.render(lang))
    );
    out.push_str("<table>\n<thead><tr>");
    let _ = write!(
        out,
        "<th class=\"sub\">{}</th><th>{}</th>",
        esc(&GradeText::ColumnSubmission.render(lang)),
        esc(&GradeText::ColumnPoints.render(lang))
    );
    if class.matrix.is_some() {
        let _ = write!(
            out,
            "<th>{}</th>",
            esc(&GradeText::ColumnMatrix.render(lang))
        );
    }
    for (id, title) in &ids {
        let _ = write!(
            out,
            "<th class=\"case\" title=\"{}\">{}</th>",
            esc(title),
            esc(id)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, s) in class.submissions.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th class=\"sub\"><a href=\"#s{i}\">{}</a></th><td>{}/{}</td>",
            esc(&s.name),
            score::number(s.points),
            score::number(s.max_points)
        );
        if let Some(m) = &class.matrix {
            let _ = write!(
                out,
                "<td><a href=\"#matrix\">{}</a></td>",
                super::matrix::points_text(m.points(&s.name, m.each))
            );
        }
        for (id, _) in &ids {
            match s.cases().find(|c| c.id == *id) {
                Some(c) => {
                    let _ = write!(
                        out,
                        "<td class=\"{}\"><a href=\"#{}\">{}</a></td>",
                        verdict(c),
                        anchor(i, id),
                        c.word()
                    );
                }
                None => {
                    let _ = write!(out, "<td class=\"none\"><a href=\"#s{i}\">—</a></td>");
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(m) = &class.matrix {
        matrix(&mut out, m, lang);
    }
    let _ = writeln!(out, "<h2>{}</h2>", esc(&GradeText::Details.render(lang)));
    let label = |t: CheckText| esc(&t.render(lang));
    for (i, s) in class.submissions.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section id=\"s{i}\">\n<h3>{} — {}/{}</h3>",
            esc(&s.name),
            score::number(s.points),
            score::number(s.max_points)
        );
        for r in &s.roles {
            let _ = writeln!(
                out,
                "<p><b>{}</b>: <code>{}</code> — {}</p>",
                esc(&r.role),
                esc(&r.command),
                esc(&score::totals_line(&r.cases, lang))
            );
            for n in &r.notes {
                let _ = writeln!(out, "<p>{}</p>", esc(n));
            }
            for c in &r.cases {
                let _ = write!(
                    out,
                    "<div class=\"case-details {}\" id=\"{}\">\n<h4>{} {} {} ({}/{})</h4>\n",
                    verdict(c),
                    anchor(i, &c.id),
                    c.word(),
                    esc(&c.id),
                    esc(&c.title),
                    score::number(c.points),
                    score::number(c.max_points)
                );
                match &c.why {
                    Some(why) => {
                        let _ = writeln!(out, "<p>{}</p>", esc(why));
                    }
                    None => {
                        let _ = writeln!(out, "<p>{}</p>", esc(&GradeText::Passed.render(lang)));
                    }
                }
                let mut dl = String::new();
                let shown = |dl: &mut String, l: &str, s: &score::Shown| {
                    let _ = write!(dl, "<dt>{l}</dt><dd><pre>{}</pre>", esc(&s.decoded));
                    if !s.hex.is_empty() {
                        let _ = write!(dl, "<pre>{}</pre>", esc(&s.hex));
                    }
                    dl.push_str("</dd>\n");
                };
                for s in &c.sent {
                    shown(&mut dl, &label(CheckText::LabelSent), s);
                }
                if let Some(e) = &c.expected {
                    shown(&mut dl, &label(CheckText::LabelExpected), e);
                }
                if let Some(a) = &c.arrived {
                    shown(&mut dl, &label(CheckText::LabelArrived), a);
                }
                if let Some(h) = &c.hint {
                    let _ = writeln!(
                        dl,
                        "<dt>{}</dt><dd>{}</dd>",
                        label(CheckText::LabelHint),
                        esc(&h.text)
                    );
                }
                if !dl.is_empty() {
                    let _ = write!(out, "<dl>\n{dl}</dl>\n");
                }
                out.push_str("</div>\n");
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The anchor of cell `i` of the matrix.
fn cell_anchor(i: usize) -> String {
    format!("m{i}")
}

/// The interop matrix: one table per client role (clients down, servers across), each cell
/// coloured by verdict and linking to its details (the steps, the frame that went wrong and
/// whose, the proxy's trace).
fn matrix(out: &mut String, m: &Matrix, lang: Lang) {
    let _ = writeln!(
        out,
        "<section id=\"matrix\">\n<h2>{}</h2>\n<p>{}</p>",
        esc(&GradeText::MatrixHeading.render(lang)),
        esc(&GradeText::MatrixLegend.render(lang))
    );
    let index = |c: &Cell| m.cells.iter().position(|x| std::ptr::eq(x, c)).unwrap_or(0);
    for role in &m.roles {
        let _ = write!(
            out,
            "<h3>{}</h3>\n<table class=\"matrix\" data-role=\"{}\">\n<thead><tr><th class=\"sub\">{}</th>",
            esc(&GradeText::MatrixRole(role).render(lang)),
            esc(role),
            esc(&GradeText::MatrixCorner.render(lang))
        );
        for s in &m.servers {
            let _ = write!(out, "<th>{}</th>", esc(s));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for client in &m.clients {
            let _ = write!(out, "<tr><th class=\"sub\">{}</th>", esc(client));
            for server in &m.servers {
                cell_td(out, m.cell(role, client, server), lang, &index);
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        if !m.callees.is_empty() {
            peers(out, m, role, lang, &index);
        }
    }
    for (i, c) in m.cells.iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"case-details {}\" id=\"{}\">\n<h4>{} {}</h4>\n<ol>",
            esc(&c.status),
            cell_anchor(i),
            esc(&c.status.to_ascii_uppercase()),
            esc(&c.title(lang))
        );
        for s in &c.steps {
            let _ = write!(
                out,
                "<li class=\"{}\">{} {}</li>",
                esc(&s.status),
                esc(&s.status.to_ascii_uppercase()),
                esc(&s.name)
            );
        }
        out.push_str("</ol>\n");
        if let (Some(frame), Some(whose)) = (&c.frame, &c.whose) {
            let _ = writeln!(
                out,
                "<p>{}</p>",
                esc(&GradeText::WentWrong { frame, whose }.render(lang))
            );
        }
        if let Some(why) = &c.why {
            let _ = writeln!(out, "<p>{}</p>", esc(why));
        }
        if !c.trace.is_empty() {
            let _ = writeln!(
                out,
                "<pre class=\"trace\">{}</pre>",
                c.trace
                    .iter()
                    .map(|l| esc(l))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}

/// Chat's peers against each other: callers down (netlab's first), callees across, netlab's
/// directory in every cell; a submission against itself is its cell with netlab's server.
/// One cell of a matrix table: its verdict, coloured, linking to its details; a dash where
/// no cell was run.
fn cell_td(out: &mut String, cell: Option<&Cell>, lang: Lang, index: &dyn Fn(&Cell) -> usize) {
    match cell {
        Some(c) => {
            let _ = write!(
                out,
                "<td class=\"{}\" title=\"{}\"><a href=\"#{}\">{}</a></td>",
                esc(&c.status),
                esc(&c.title(lang)),
                cell_anchor(index(c)),
                esc(&c.status.to_ascii_uppercase())
            );
        }
        None => out.push_str("<td class=\"none\">—</td>"),
    }
}

fn peers(out: &mut String, m: &Matrix, role: &str, lang: Lang, index: &dyn Fn(&Cell) -> usize) {
    let _ = write!(
        out,
        "<h3>{}</h3>\n<table class=\"matrix\" data-role=\"peers\">\n<thead><tr><th class=\"sub\">{}</th>",
        esc(&GradeText::PeerTable.render(lang)),
        esc(&GradeText::PeerCorner.render(lang))
    );
    for callee in &m.callees {
        let _ = write!(out, "<th>{}</th>", esc(callee));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let callers =
        std::iter::once(super::matrix::NETLAB).chain(m.clients.iter().map(String::as_str));
    for caller in callers {
        let _ = write!(out, "<tr><th class=\"sub\">{}</th>", esc(caller));
        for callee in &m.callees {
            cell_td(out, m.peer_cell(role, caller, callee), lang, index);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_from_a_program_is_escaped() {
        assert_eq!(
            super::esc("<script>\"a\" & 'b'\x1b"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;\\x1b"
        );
    }
}
