//! `netlab grade RUBRIC SUBMISSION_DIR…`: a whole class graded in one command. Every role the
//! rubric names, of every submission (a folder each), is graded by `netlab check` run as a
//! subprocess in that folder ([`job`]), within a budget per role printed at the start; one
//! submission after another, or `--jobs N` at once (each check picks ports of its own).
//! Everything goes under `--out DIR`: `SUBMISSION/results.json` (Gradescope's format),
//! `results.json` (the whole class, rewritten after every submission, which `--resume` reads
//! back to skip what is graded), `report.csv` and `report.html`. A progress bar is drawn on a
//! terminal only; on a pipe one line per submission.
//!
//! - [`rubric`]: the rubric file and `grade init`; [`score`]: how a case counts, Gradescope's
//!   format; [`points`]: points for a single `netlab check` run;
//! - [`job`]: one role of one submission; [`class`]: the class's results and report.csv;
//!   [`html`]: report.html; [`text`]: what grade says;
//! - [`matrix`]: `--matrix`, every submission's clients against every server, run after the
//!   submissions are graded, its points added to theirs.

pub mod class;
pub mod html;
pub mod job;
pub mod matrix;
pub mod points;
pub mod rubric;
pub mod score;
pub mod text;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crossbeam_channel::bounded;

use crate::check::causes::Said;
use crate::check::{self, runner};
use crate::net::{Context, Env, Error, Result};
use crate::term::text::{Text, duration, os_error};
use class::{Class, Submission};
use rubric::{Rubric, SERVER};
use text::GradeText;

/// A client role's budget when none is given: its cases are not known to this binary.
pub const CLIENT_BUDGET: Duration = Duration::from_secs(300);

/// What `netlab grade` is asked to do (built from the command line by `src/args/grade.rs`).
#[derive(Clone, Debug)]
pub struct Config {
    /// `grade init PROTOCOL`: write a starting rubric instead of grading.
    pub init: Option<check::Proto>,
    pub rubric: PathBuf,
    /// The submissions, one folder each, in the command line's order.
    pub submissions: Vec<PathBuf>,
    /// Submissions graded at once.
    pub jobs: u16,
    /// An earlier run's results.json: what it graded is skipped.
    pub resume: Option<PathBuf>,
    /// `TIME` or `ROLE=TIME` words, as given.
    pub budget: Vec<String>,
    /// Where the results and reports go.
    pub out: PathBuf,
    /// Every client against every server, through the proxy (`--matrix`).
    pub matrix: bool,
}

/// Run `netlab grade` (or `grade init`). Exit 0 once every submission is graded, whatever
/// their points; 1 for a rubric, folder or report that cannot be used; 130 or 143 when
/// interrupted (what was graded is written, and `--resume` goes on from there).
pub fn run(config: Config, env: Env) -> Result<ExitCode> {
    let lang = env.lang();
    if let Some(protocol) = config.init {
        for line in rubric::init(protocol).lines() {
            env.log.out(line);
        }
        return finish(Ok(ExitCode::SUCCESS), lang);
    }
    let path = config.rubric.clone();
    let rubric = Rubric::load(&path, lang).map_err(|why| {
        Error::new(env.tr(check::exec_text::ExecText::BadRubric {
            path: &path.display().to_string(),
            why: &why,
        }))
    })?;
    let subs = submissions(&config.submissions, &env)?;
    if config.matrix {
        matrix_possible(&rubric, &env)?;
    }
    let parties: Vec<matrix::Party> = subs
        .iter()
        .map(|(name, dir)| matrix::Party {
            name: name.clone(),
            dir: dir.clone(),
        })
        .collect();
    let budgets = budgets(&rubric, &config.budget, &env)?;
    let said: Vec<String> = budgets
        .iter()
        .map(|(role, b)| format!("{role} {}", duration(*b)))
        .collect();
    env.note(GradeText::Budgets(&said.join(", ")));
    std::fs::create_dir_all(&config.out).context(
        lang,
        crate::net::sentences::NetText::CannotWrite(&config.out),
    )?;
    let mut class = Class {
        protocol: rubric.protocol.clone(),
        submissions: Vec::new(),
        matrix: None,
    };
    if let Some(path) = &config.resume {
        class = Class::load(path, lang).map_err(|why| {
            Error::new(env.tr(GradeText::CannotResume {
                path: &path.display().to_string(),
                why: &why,
            }))
        })?;
        class.submissions.retain(Submission::complete);
        class.protocol = rubric.protocol.clone();
        // The matrix depends on every submission: run again whole when asked.
        class.matrix = None;
    }
    let todo: Vec<(String, PathBuf)> = subs
        .into_iter()
        .filter(|(name, _)| !class.submissions.iter().any(|s| s.name == *name))
        .collect();
    let resumed = config.submissions.len() - todo.len();
    if resumed > 0 {
        env.note(GradeText::Resumed(resumed));
    }
    let exe = std::env::current_exe().map_err(|e| Error::new(os_error(&e, lang)))?;
    let bar = if std::io::stderr().is_terminal() && !todo.is_empty() {
        let bar = indicatif::ProgressBar::new(todo.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let total = todo.len();
    let (work_tx, work_rx) = bounded::<(String, PathBuf)>(total.max(1));
    for t in todo {
        let _ = work_tx.send(t);
    }
    drop(work_tx);
    let (done_tx, done_rx) = bounded::<Submission>(usize::from(config.jobs));
    let mut graded = 0;
    std::thread::scope(|scope| {
        for n in 0..config.jobs {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            let (rubric, budgets, exe, env) = (&rubric, &budgets, &exe, &env);
            let _ = std::thread::Builder::new()
                .name(format!("grade-{n}"))
                .spawn_scoped(scope, move || {
                    while let Ok((name, dir)) = work_rx.recv() {
                        if env.stop.is_set() {
                            break;
                        }
                        let sub = grade_one(rubric, budgets, exe, env, name, &dir);
                        if done_tx.send(sub).is_err() {
                            break;
                        }
                    }
                });
        }
        drop(done_tx);
        {
            while let Ok(mut sub) = done_rx.recv() {
                {
                    sub.score(&rubric);
                    if sub.complete() {
                        graded += 1;
                        bar.inc(1);
                    }
                    let notes = match sub.notes() {
                        n if n.is_empty() => String::new(),
                        n => format!(" ({n})"),
                    };
                    let line = env.tr(GradeText::Graded {
                        name: &sub.name,
                        points: &score::number(sub.points),
                        of: &score::number(sub.max_points),
                        notes: &notes,
                    });
                    if bar.is_hidden() {
                        env.note(Said(line));
                    } else {
                        bar.println(crate::term::text::safe(&line));
                    }
                    if let Err(e) = write_submission(&config.out, &sub, &rubric, None, lang) {
                        env.log.error(Said(e));
                    }
                    class.put(sub);
                    let path = config.out.join("results.json");
                    if let Err(e) = class::write(&path, &json(&class)) {
                        env.log.error(Said(cannot_write(&path, &e, lang)));
                    }
                }
            }
        }
    });
    bar.finish_and_clear();
    if config.matrix && !env.stop.is_set() {
        class.matrix = Some(run_matrix(&rubric, &parties, &exe, &env, config.jobs));
    }
    // The command line's order, then what an earlier run graded.
    let order = |s: &Submission| {
        config
            .submissions
            .iter()
            .position(|d| name_of(d) == s.name)
            .unwrap_or(usize::MAX)
    };
    class.submissions.sort_by_key(order);
    for s in &mut class.submissions {
        s.score(&rubric);
        if let Some(m) = &class.matrix {
            let (p, max) = m.points(&s.name, rubric.matrix_points());
            s.points += p;
            s.max_points += max;
        }
    }
    if let Some(m) = &class.matrix {
        for s in &class.submissions {
            env.note(GradeText::WithMatrix {
                name: &s.name,
                points: &score::number(s.points),
                of: &score::number(s.max_points),
                matrix: &matrix::points_text(m.points(&s.name, m.each)),
            });
            if let Err(e) = write_submission(&config.out, s, &rubric, Some(m), lang) {
                env.log.error(Said(e));
            }
        }
    }
    for (file, contents) in [
        ("results.json", json(&class)),
        ("report.csv", class.csv(lang)),
        ("report.html", html::page(&class, lang)),
    ] {
        let path = config.out.join(file);
        class::write(&path, &contents)
            .context(lang, crate::net::sentences::NetText::CannotWrite(&path))?;
        env.note(GradeText::Wrote(&path.display().to_string()));
    }
    if env.stop.is_set() {
        env.log.error(GradeText::Interrupted { graded, of: total });
        return finish(
            Ok(ExitCode::from(
                crate::net::shutdown::exit_status().unwrap_or(130),
            )),
            lang,
        );
    }
    finish(Ok(ExitCode::SUCCESS), lang)
}

fn json(class: &Class) -> String {
    format!(
        "{:#}\n",
        serde_json::to_value(class).unwrap_or(serde_json::Value::Null)
    )
}

fn finish(code: Result<ExitCode>, lang: crate::term::text::Lang) -> Result<ExitCode> {
    let _ = std::io::Write::flush(&mut std::io::stdout());
    match crate::term::log::stdout_error() {
        Some(e) => Err(Error::new(
            check::text::CheckText::StdoutUnwritable(os_error(e, lang)).render(lang),
        )),
        None => code,
    }
}

/// A submission's name: its folder's.
fn name_of(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
}

/// The submissions: folders, each named after itself (a second folder of the same name gets
/// `-2`, …).
fn submissions(dirs: &[PathBuf], env: &Env) -> Result<Vec<(String, PathBuf)>> {
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    for d in dirs {
        if !d.is_dir() {
            return Err(Error::new(
                env.tr(GradeText::NotAFolder(&d.display().to_string())),
            ));
        }
        let base = name_of(d);
        let mut name = base.clone();
        let mut n = 1;
        while out.iter().any(|(o, _)| *o == name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        out.push((name, d.canonicalize().unwrap_or_else(|_| d.clone())));
    }
    Ok(out)
}

/// Each role's budget: `--budget ROLE=TIME`, else `--budget TIME`, else the rubric's, else
/// derived: for the server, the check's ceiling for its cases plus two starts of the program
/// and slack; for a client role, [`CLIENT_BUDGET`].
fn budgets(rubric: &Rubric, given: &[String], env: &Env) -> Result<Vec<(String, Duration)>> {
    let bad = |b: &str| Error::new(env.tr(GradeText::BadBudget(b)));
    let mut all = None;
    let mut by_role = Vec::new();
    for b in given {
        match b.split_once('=') {
            Some((role, t)) if rubric.roles.contains_key(role) => {
                by_role.push((
                    role.to_string(),
                    crate::term::duration::parse_duration(t).map_err(|_| bad(b))?,
                ));
            }
            Some(_) => return Err(bad(b)),
            None => all = Some(crate::term::duration::parse_duration(b).map_err(|_| bad(b))?),
        }
    }
    let mut out = Vec::new();
    // The server first: clients may need it (the matrix's order too).
    let mut names: Vec<&String> = rubric.roles.keys().collect();
    names.sort_by_key(|n| *n != SERVER);
    for name in names {
        let role = &rubric.roles[name];
        let derived = || {
            if name == SERVER {
                let proto = rubric.proto().unwrap_or(check::Proto::Msg);
                let suite = check::suite(proto);
                let only = check::patterns(rubric.only(SERVER));
                let cases = check::select(suite, &only);
                runner::ceiling(&cases, rubric.timeout(), rubric.quick, rubric.strict)
                    + check::exec::LISTEN * 2
                    + Duration::from_secs(10)
            } else {
                CLIENT_BUDGET
            }
        };
        let b = by_role
            .iter()
            .find(|(r, _)| r == name)
            .map(|(_, b)| *b)
            .or(all)
            .or_else(|| {
                role.budget
                    .as_deref()
                    .and_then(|b| crate::term::duration::parse_duration(b).ok())
            })
            .unwrap_or_else(derived);
        out.push((name.clone(), b));
    }
    Ok(out)
}

/// Grade every role of one submission, one after another.
fn grade_one(
    rubric: &Rubric,
    budgets: &[(String, Duration)],
    exe: &Path,
    env: &Env,
    name: String,
    dir: &Path,
) -> Submission {
    let mut roles = Vec::new();
    for (role, budget) in budgets {
        let job = job::Job {
            exe,
            lang: env.lang(),
            rubric,
            name: role,
            role: &rubric.roles[role],
            dir,
            budget: *budget,
        };
        roles.push(job.run(&env.stop));
    }
    Submission {
        name,
        dir: dir.display().to_string(),
        roles,
        points: 0.0,
        max_points: 0.0,
    }
}

/// Can `--matrix` run with this rubric? Its protocol needs a scenario, and the rubric a client
/// role of it.
fn matrix_possible(rubric: &Rubric, env: &Env) -> Result<()> {
    let proto = rubric.proto().unwrap_or(check::Proto::Msg);
    let Some(roles) = matrix::client_roles(proto) else {
        let have: Vec<&str> = check::ALL
            .iter()
            .filter(|p| matrix::client_roles(**p).is_some())
            .map(|p| check::suite(*p).name)
            .collect();
        return Err(Error::new(env.tr(GradeText::NoMatrix {
            proto: &rubric.protocol,
            have: &have.join(", "),
        })));
    };
    if !roles.iter().any(|r| rubric.roles.contains_key(*r)) {
        return Err(Error::new(
            env.tr(GradeText::NoMatrixRoles(&roles.join(", "))),
        ));
    }
    Ok(())
}

/// Run the interop matrix, one line per cell on stderr.
fn run_matrix(
    rubric: &Rubric,
    parties: &[matrix::Party],
    exe: &Path,
    env: &Env,
    jobs: u16,
) -> matrix::Matrix {
    let setup = matrix::Setup {
        exe,
        lang: env.lang(),
        rubric,
        proto: rubric.proto().unwrap_or(check::Proto::Msg),
        timeout: rubric.timeout(),
        stop: &env.stop,
    };
    env.note(GradeText::MatrixStart {
        cells: matrix::plans(&setup, parties).len(),
        peers: setup.proto == check::Proto::Chat,
    });
    let progress = |cell: &matrix::Cell| {
        let mut line = env.tr(GradeText::CellDone {
            word: &cell.status.to_ascii_uppercase(),
            title: &cell.title(env.lang()),
        });
        if let (Some(frame), Some(whose)) = (&cell.frame, &cell.whose) {
            line.push_str(&format!(": {frame} ({whose})"));
        }
        env.note(Said(line));
    };
    let m = matrix::run(&setup, parties, jobs, &progress);
    let (passed, failed) = m.counts();
    env.note(GradeText::MatrixDone { passed, failed });
    m
}

/// `DIR/<submission>/results.json`.
fn write_submission(
    out: &Path,
    sub: &Submission,
    rubric: &Rubric,
    matrix: Option<&matrix::Matrix>,
    lang: crate::term::text::Lang,
) -> std::result::Result<(), String> {
    let dir = out.join(&sub.name);
    std::fs::create_dir_all(&dir).map_err(|e| cannot_write(&dir, &e, lang))?;
    let path = dir.join("results.json");
    class::write(
        &path,
        &format!("{:#}\n", sub.gradescope(rubric, matrix, lang)),
    )
    .map_err(|e| cannot_write(&path, &e, lang))
}

/// `cannot write PATH: why`, in `lang`, the system's error number kept.
fn cannot_write(path: &Path, e: &std::io::Error, lang: crate::term::text::Lang) -> String {
    format!(
        "{}: {}",
        crate::net::sentences::NetText::CannotWrite(path).render(lang),
        os_error(e, lang)
    )
}
