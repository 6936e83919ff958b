//! One role of one submission, graded by this same binary run as a subprocess:
//! `netlab check TARGET --json … --exec RUN` for the server, `netlab check PROTOCOL-ROLE --json
//! … [--say ACTION=TEMPLATE]… -- RUN…` for a client role, in the submission's folder. The
//! subprocess is stopped at the role's budget (SIGTERM, so it stops its own server; SIGKILL
//! after a grace) and the role is graded on what it reported by then: the cases it listed
//! (`--list`) but never reported count as failures, "not run: the budget ran out".
//!
//! Running `check` as a process keeps grading decoupled from the checks: a role is graded the
//! same way whichever check plays it, and a check that hangs or crashes costs its role only.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, select};
use serde::{Deserialize, Serialize};

use super::rubric::{Role, Rubric, SERVER};
use super::score::CaseResult;
use super::text::GradeText;
use crate::check::text::CheckText;
use crate::net::shutdown::Stop;
use crate::term::text::{Lang, Text};

/// How long a check has to stop (and stop its server) after SIGTERM.
const GRACE: Duration = Duration::from_secs(5);
/// The longest line of a check's `--json` kept (a check bounds its own far below this).
const LINE: u64 = 1 << 20;

/// One role of one submission, graded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoleResult {
    pub role: String,
    /// The check that graded it (`msg`, `msg-display`).
    pub target: String,
    pub command: String,
    pub cases: Vec<CaseResult>,
    /// What the run said about itself (stopped at its budget, the check's own errors).
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub seconds: f64,
    /// Grading was interrupted: this role is graded again by `--resume`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
}

/// What a role is graded with.
pub struct Job<'a> {
    pub exe: &'a Path,
    pub lang: Lang,
    pub rubric: &'a Rubric,
    pub name: &'a str,
    pub role: &'a Role,
    pub dir: &'a Path,
    pub budget: Duration,
}

impl Job<'_> {
    /// The check's options the rubric sets.
    fn common(&self, args: &mut Vec<String>) {
        args.extend(["--lang".into(), lang_name(self.lang).into(), "check".into()]);
        args.push(self.rubric.target(self.name));
    }

    fn filters(&self, args: &mut Vec<String>) {
        if self.rubric.quick {
            args.push("--quick".into());
        }
        if self.rubric.strict {
            args.push("--strict".into());
        }
        for o in self.rubric.only(self.name) {
            args.extend(["--only".into(), o.clone()]);
        }
    }

    /// The ids and titles of the cases the check will run (`check TARGET --list`).
    pub fn list(&self) -> Result<Vec<(String, String)>, String> {
        let mut args = Vec::new();
        self.common(&mut args);
        args.push("--list".into());
        self.filters(&mut args);
        let out = Command::new(self.exe)
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| crate::term::text::os_error(&e, self.lang))?;
        if !out.status.success() {
            return Err(tail(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let (id, title) = l.split_once(' ').unwrap_or((l, ""));
                let title = title.trim();
                let title = title
                    .strip_suffix(" [slow]")
                    .or_else(|| title.strip_suffix(" [strict]"))
                    .unwrap_or(title);
                (!id.is_empty()).then(|| (id.to_string(), title.to_string()))
            })
            .collect())
    }

    /// The command line of the check that grades this role.
    fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        self.common(&mut args);
        args.push("--json".into());
        self.filters(&mut args);
        if let Some(t) = &self.rubric.timeout {
            args.extend(["--timeout".into(), t.clone()]);
        }
        if let Some(k) = &self.rubric.key {
            args.extend(["--key".into(), k.clone()]);
        }
        if self.name == SERVER {
            args.extend(["--exec".into(), self.role.run.clone()]);
        } else {
            for (action, template) in &self.role.say {
                args.extend(["--say".into(), format!("{action}={template}")]);
            }
            args.push("--".into());
            args.extend(crate::check::exec::words(&self.role.run).unwrap_or_default());
        }
        args
    }

    /// Grade the role: run its check within the budget, and read what it reported.
    pub fn run(&self, stop: &Stop) -> RoleResult {
        let started = Instant::now();
        let mut result = RoleResult {
            role: self.name.to_string(),
            target: self.rubric.target(self.name),
            command: self.role.run.clone(),
            cases: Vec::new(),
            notes: Vec::new(),
            seconds: 0.0,
            interrupted: false,
        };
        let listed = match self.list() {
            Ok(l) => l,
            Err(why) => {
                result.notes.push(
                    GradeText::NoCheck {
                        target: &result.target,
                        why: &why,
                    }
                    .render(self.lang),
                );
                return result;
            }
        };
        let mut command = Command::new(self.exe);
        command
            .args(self.args())
            .current_dir(self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        crate::platform::own_group(&mut command);
        let mut child = match command.spawn() {
            Ok(c) => c,
            Err(e) => {
                result
                    .notes
                    .push(crate::term::text::os_error(&e, self.lang));
                return result;
            }
        };
        let (tx, lines) = bounded::<String>(64);
        if let Some(out) = child.stdout.take() {
            let _ = std::thread::Builder::new()
                .name("grade-out".into())
                .spawn(move || {
                    let mut reader = BufReader::new(out);
                    loop {
                        let mut line = Vec::new();
                        match (&mut reader).take(LINE).read_until(b'\n', &mut line) {
                            Ok(0) | Err(_) => break,
                            Ok(_) => {
                                let line = String::from_utf8_lossy(&line).trim_end().to_string();
                                if tx.send(line).is_err() {
                                    break;
                                }
                            }
                        }
                    }
                });
        }
        let (etx, errs) = bounded::<Vec<u8>>(1);
        if let Some(mut err) = child.stderr.take() {
            let _ = std::thread::Builder::new()
                .name("grade-err".into())
                .spawn(move || {
                    let mut kept = Vec::new();
                    let mut buf = [0u8; 8192];
                    while let Ok(n) = err.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        kept.extend_from_slice(&buf[..n]);
                        if kept.len() > 8192 {
                            kept.drain(..kept.len() - 4096);
                        }
                    }
                    let _ = etx.send(kept);
                });
        }
        let deadline = started + self.budget;
        let mut over = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            select! {
                recv(lines) -> line => match line {
                    Ok(line) => {
                        if let Ok(case) = serde_json::from_str::<CaseResult>(&line) {
                            result.cases.push(case);
                        }
                    }
                    Err(_) => break,
                },
                recv(stop.rx()) -> _ => {
                    result.interrupted = true;
                    break;
                }
                default(left) => {
                    over = true;
                    break;
                }
            }
        }
        // SIGTERM first: the check then stops its own server's process group.
        crate::platform::stop_group(&mut child, GRACE);
        let status = child.wait().ok();
        // What it wrote while stopping (its interrupted cases) is read, then judged below.
        while let Ok(line) = lines.recv_timeout(Duration::from_secs(1)) {
            if let Ok(case) = serde_json::from_str::<CaseResult>(&line) {
                result.cases.push(case);
            }
        }
        let stderr = errs.recv_timeout(GRACE).unwrap_or_default();
        result.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
        let interrupted = CheckText::Interrupted.render(self.lang);
        let why = if over {
            let why = GradeText::OverBudget(self.budget).render(self.lang);
            result.notes.push(why.clone());
            why
        } else if result.interrupted {
            interrupted.clone()
        } else {
            let why = GradeText::CheckEnded {
                status: &status.map_or_else(String::new, |s| s.to_string()),
                stderr: &tail(&stderr),
            }
            .render(self.lang);
            if result.cases.len() < listed.len() {
                result.notes.push(why.clone());
            }
            why
        };
        let blamed = !result.interrupted;
        if over {
            // Cases the stop interrupted were not run because the budget ran out.
            for c in &mut result.cases {
                if c.status == "skip" && !c.stopped && c.why.as_deref() == Some(&interrupted) {
                    c.why = Some(why.clone());
                    c.stopped = true;
                }
            }
        }
        for (id, title) in &listed {
            if !result.cases.iter().any(|c| &c.id == id) {
                result
                    .cases
                    .push(CaseResult::not_run(id, title, why.clone(), blamed));
            }
        }
        // In the order the check lists them.
        result.cases.sort_by_key(|c| {
            listed
                .iter()
                .position(|(id, _)| *id == c.id)
                .unwrap_or(usize::MAX)
        });
        result
    }
}

/// `--lang`'s value for `lang`.
fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Pt => "pt",
    }
}

/// The last lines of a stream, on one line.
fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(600)..]);
    crate::term::text::safe(
        &text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" | "),
    )
    .into_owned()
}
