//! Runs a suite's cases one after the other, each in isolation: on a thread of its own, with
//! fresh connections and a time budget (its sockets are cut when the budget runs out, and any
//! it opens later). After every case a probe, within a budget of its own, checks that the
//! server still accepts and serves a new client; when it does not, the run stops early: the
//! suite's `alive` case fails naming the case after which it happened (or the first probe, for
//! a server that accepted it and then refused), and the cases left are skipped. The budgets
//! add up to the run's ceiling ([`ceiling`]), which `--list` prints. A stop (Ctrl-C, SIGTERM)
//! skips what is left; an interrupted probe says nothing about the server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, select};

use super::Suite;
use super::case::{Case, Ctx, Kind, Outcome, Problem, Verdict};
use super::hint::Hint;
use super::text::CheckText;
use crate::net::Env;

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pass,
    Warn,
    Fail,
    Skip,
}

impl Status {
    /// The word that starts the case's line (the same in every language, for grep).
    pub fn word(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }
}

/// One case's result.
#[derive(Debug)]
pub struct Done {
    pub case: &'static Case,
    pub status: Status,
    pub problem: Option<Problem>,
    pub elapsed: Duration,
}

/// What the run is given.
#[derive(Clone)]
pub struct Plan<'a> {
    pub suite: &'static Suite,
    pub cases: Vec<&'static Case>,
    pub target: SocketAddr,
    pub timeout: Duration,
    pub quick: bool,
    pub strict: bool,
    pub key: &'a str,
    pub tag: u32,
}

impl Plan<'_> {
    fn ctx(&self, case: &Case, env: &Env) -> Ctx {
        let number = self
            .suite
            .cases
            .iter()
            .position(|c| c.id == case.id)
            .map_or(0, |i| i as u32 + 1);
        Ctx {
            target: self.target,
            timeout: self.timeout,
            log: env.log.clone(),
            number,
            tag: self.tag,
            key: self.key.to_string(),
            journal: Arc::default(),
            sockets: Arc::default(),
            client: None,
        }
    }
}

/// What watches a program that the checker started itself (`--exec`): between cases it says
/// whether the program died, and starts it again.
pub trait Watch {
    /// Called after a case ran (`None`: after the first probe). `None`: the program still
    /// runs. Else a note saying that it died (how, what it said last) and where the one started
    /// in its place listens (`None`: it could not be started again).
    fn after(&mut self, case: Option<&'static Case>, env: &Env) -> Option<Died>;
    /// [`Watch::after`] once the program stopped serving: it may still be exiting, so it is
    /// given a moment to.
    fn after_stop(&mut self, case: Option<&'static Case>, env: &Env) -> Option<Died> {
        self.after(case, env)
    }
    /// Why `*.alive.1` fails although every probe was answered: the program died during the
    /// run (and was started again). `None`: it never died.
    fn deaths(&self, env: &Env) -> Option<String>;
}

/// What [`Watch::after`] found.
pub struct Died {
    pub note: String,
    pub restarted: Option<SocketAddr>,
}

/// No watch: the server under test was started by someone else.
struct Unwatched;

impl Watch for Unwatched {
    fn after(&mut self, _: Option<&'static Case>, _: &Env) -> Option<Died> {
        None
    }
    fn deaths(&self, _: &Env) -> Option<String> {
        None
    }
}

/// Run every case of `plan`, handing each result to `emit` as it is known, and return them
/// all. `Err`: the target does not accept connections at all.
pub fn run(plan: &Plan, env: &Env, emit: impl FnMut(&Done)) -> Result<Vec<Done>, Problem> {
    run_watched(plan, env, &mut Unwatched, emit)
}

/// [`run`], with `watch` asked after the first probe and after every case whether the program
/// under test died: a case during which it died says so, the program started again serves
/// the cases left, and `*.alive.1` fails naming the deaths.
pub fn run_watched(
    plan: &Plan,
    env: &Env,
    watch: &mut dyn Watch,
    mut emit: impl FnMut(&Done),
) -> Result<Vec<Done>, Problem> {
    let mut plan = plan.clone();
    let plan = &mut plan;
    // A first probe: the server must be there; whether it answers decides how later probes
    // tell a stopped server (a serving probe, or only a connection).
    let mut serving = true;
    // After which case the server stopped (`None`: after the first probe's client left), and
    // how we know.
    let mut stopped: Option<(Option<&'static str>, Problem)> = None;
    if let Err(first) = probe_once(plan, env, true) {
        if first.unreachable {
            // Nothing ever accepted a connection there.
            return Err(first);
        }
        // An answer that does not decode needs no second try: the server is there.
        let second = if first.answered {
            Err(first)
        } else {
            probe_once(plan, env, true)
        };
        match second {
            Ok(()) => {}
            Err(_) if env.stop.is_set() => {}
            // It accepted the first probe, then refused the second: it stopped at once.
            Err(p) if p.unreachable => {
                env.log.warn(CheckText::StoppedAtFirst(&p.why));
                stopped = Some((None, p));
            }
            Err(p) if p.answered => {
                // It answers, and the answer does not decode: say so once, at the start.
                let why = match &p.hint {
                    Some(h) => format!("{} ({})", p.why, env.tr(*h)),
                    None => p.why.clone(),
                };
                env.log.warn(CheckText::ProbeUndecodable {
                    proto: plan.suite.name,
                    why: &why,
                });
            }
            Err(p) => {
                env.log.warn(CheckText::ProbeUnanswered(&p.why));
                serving = false;
            }
        }
    }
    if stopped.is_none()
        && let Some(died) = watch.after(None, env)
    {
        match died.restarted {
            Some(target) => plan.target = target,
            None => stopped = Some((None, Problem::new(died.note))),
        }
    }
    let alive = plan.suite.cases.iter().find(|c| c.kind == Kind::Alive);
    let mut results = Vec::new();
    let mut last_run: Option<&'static str> = None;
    for &case in &plan.cases {
        if case.kind == Kind::Alive {
            continue;
        }
        let skip = if env.stop.is_set() {
            Some(env.tr(CheckText::Interrupted))
        } else if let Some((after, _)) = &stopped {
            let done = Done {
                case,
                status: Status::Skip,
                problem: Some(Problem::new(env.tr(CheckText::SkippedAfterStop(*after))).stopped()),
                elapsed: Duration::ZERO,
            };
            emit(&done);
            results.push(done);
            continue;
        } else {
            match case.kind {
                Kind::Slow(_) if plan.quick => Some(env.tr(CheckText::SkippedQuick)),
                Kind::Strict if !plan.strict => Some(env.tr(CheckText::SkippedStrict)),
                _ => None,
            }
        };
        if let Some(why) = skip {
            let done = Done {
                case,
                status: Status::Skip,
                problem: Some(Problem::new(why).skipped()),
                elapsed: Duration::ZERO,
            };
            emit(&done);
            results.push(done);
            continue;
        }
        let started = Instant::now();
        let outcome = run_one(plan, case, env);
        let mut done = match outcome {
            Ok(Verdict::Pass) => Done {
                case,
                status: Status::Pass,
                problem: None,
                elapsed: started.elapsed(),
            },
            Ok(Verdict::Warn(p)) => Done {
                case,
                status: Status::Warn,
                problem: Some(p),
                elapsed: started.elapsed(),
            },
            Err(p) => Done {
                case,
                status: if p.skip { Status::Skip } else { Status::Fail },
                problem: Some(p),
                elapsed: started.elapsed(),
            },
        };
        let refused = done.problem.as_ref().is_some_and(|p| p.unreachable);
        let died = if env.stop.is_set() {
            None
        } else {
            watch.after(Some(case), env)
        };
        if let Some(died) = &died {
            // The case's own verdict stands; its report says the program died during it.
            match &mut done.problem {
                Some(p) => {
                    let why = format!("{} — {}", p.why, died.note);
                    *p = std::mem::replace(p, Problem::new(String::new())).reason(why);
                }
                None => done.problem = Some(Problem::new(died.note.clone())),
            }
            if let Some(target) = died.restarted {
                plan.target = target;
            }
        }
        // An interrupted probe says nothing about the server.
        let probed = if env.stop.is_set() {
            Ok(())
        } else if let Some(Died {
            restarted: None,
            note,
        }) = &died
        {
            Err(Problem::new(note.clone()))
        } else {
            still_serves(plan, env, serving)
                .or_else(|p| if env.stop.is_set() { Ok(()) } else { Err(p) })
        };
        // A program that was still exiting when the case ended is found dead now: it is
        // started again, and must serve.
        let probed = match (probed, &died) {
            (Err(p), None) => match watch.after_stop(Some(case), env) {
                Some(died) => {
                    let note = died.note.clone();
                    match &mut done.problem {
                        Some(p) => {
                            let why = format!("{} — {note}", p.why);
                            *p = std::mem::replace(p, Problem::new(String::new())).reason(why);
                        }
                        None => done.problem = Some(Problem::new(note.clone())),
                    }
                    match died.restarted {
                        Some(target) => {
                            plan.target = target;
                            still_serves(plan, env, serving)
                        }
                        None => Err(Problem::new(note)),
                    }
                }
                None => Err(p),
            },
            (probed, _) => probed,
        };
        if let Err(p) = probed {
            if refused {
                // It could not even connect: the server stopped after the case before (or
                // after the first probe).
                done.status = Status::Skip;
                done.problem =
                    Some(Problem::new(env.tr(CheckText::SkippedAfterStop(last_run))).stopped());
                stopped = Some((last_run, p));
            } else {
                stopped = Some((Some(case.id), p));
            }
        }
        last_run = Some(case.id);
        emit(&done);
        results.push(done);
    }
    if let Some(alive) = alive {
        let selected = plan.cases.iter().any(|c| c.id == alive.id);
        let done = match stopped {
            Some((after, p)) => Some(Done {
                case: alive,
                status: Status::Fail,
                problem: Some(
                    Problem::new(env.tr(match after {
                        Some(case) => CheckText::StoppedAfter { case, why: &p.why },
                        None => CheckText::StoppedAfterProbe(&p.why),
                    }))
                    .sent(p.sent.clone().unwrap_or_default())
                    .hint(Hint::StopsAccepting),
                ),
                elapsed: Duration::ZERO,
            }),
            // Whether or not it was selected, as for a server that stopped: the run failed.
            None if !env.stop.is_set()
                && let Some(why) = watch.deaths(env) =>
            {
                Some(Done {
                    case: alive,
                    status: Status::Fail,
                    problem: Some(Problem::new(why).hint(Hint::StopsAccepting)),
                    elapsed: Duration::ZERO,
                })
            }
            // A pass needs an answer to a real request, not only connections accepted.
            None if selected && !env.stop.is_set() && !serving => {
                let (status, problem) = match probe_once(plan, env, true) {
                    Ok(()) => (Status::Pass, None),
                    Err(p) if p.answered => (Status::Pass, None),
                    Err(p) => (
                        Status::Fail,
                        Some(Problem::new(env.tr(CheckText::NeverAnswered(&p.why)))),
                    ),
                };
                Some(Done {
                    case: alive,
                    status,
                    problem,
                    elapsed: Duration::ZERO,
                })
            }
            None if selected && !env.stop.is_set() => Some(Done {
                case: alive,
                status: Status::Pass,
                problem: None,
                elapsed: Duration::ZERO,
            }),
            None if selected => Some(Done {
                case: alive,
                status: Status::Skip,
                problem: Some(Problem::new(env.tr(CheckText::Interrupted)).skipped()),
                elapsed: Duration::ZERO,
            }),
            None => None,
        };
        if let Some(done) = done {
            emit(&done);
            results.push(done);
        }
    }
    Ok(results)
}

/// A case's time budget: its steps' timeouts, its own long wait, and slack for a busy machine.
pub fn case_budget(case: &Case, timeout: Duration) -> Duration {
    let extra = match case.kind {
        Kind::Slow(d) => d,
        _ => Duration::ZERO,
    };
    timeout * 4 + extra + Duration::from_secs(2)
}

/// One liveness probe's time budget (a connection and one exchange, with slack).
pub fn probe_budget(timeout: Duration) -> Duration {
    timeout * 2 + Duration::from_secs(1)
}

/// The longest a run of `cases` can take, whatever the server does: the first probe, then for
/// every case that runs its budget and the probe after it (each probe asked twice).
pub fn ceiling(cases: &[&Case], timeout: Duration, quick: bool, strict: bool) -> Duration {
    let probe = probe_budget(timeout) * 2;
    let run = cases
        .iter()
        .filter(|c| match c.kind {
            Kind::Alive => false,
            Kind::Slow(_) => !quick,
            Kind::Strict => strict,
            Kind::Normal => true,
        })
        .map(|c| case_budget(c, timeout) + probe)
        .sum::<Duration>();
    probe + run
}

/// Run one case on its own thread, within its budget; the "sent" of a problem defaults to the
/// last frame the case sent.
fn run_one(plan: &Plan, case: &'static Case, env: &Env) -> Outcome {
    let ctx = plan.ctx(case, env);
    let journal = ctx.journal.clone();
    let budget = case_budget(case, plan.timeout);
    let outcome = budgeted(ctx, format!("check-{}", case.id), budget, env, case.run);
    match outcome {
        Err(mut p) if !p.skip && p.sent.is_none() => {
            p.sent = Some(journal.lock().map(|j| j.relevant()).unwrap_or_default());
            Err(p)
        }
        Ok(Verdict::Warn(mut p)) if p.sent.is_none() => {
            p.sent = Some(Vec::new());
            Ok(Verdict::Warn(p))
        }
        other => other,
    }
}

/// Run `work` on a thread of its own with `ctx`, for at most `budget` (or until the run is
/// interrupted); then every socket it opened is cut, and any it opens later (a thread that
/// outlived its budget cannot go on reading the server).
fn budgeted<T: Send + 'static>(
    mut ctx: Ctx,
    name: String,
    budget: Duration,
    env: &Env,
    work: fn(&mut Ctx) -> Result<T, Problem>,
) -> Result<T, Problem> {
    let sockets = ctx.sockets.clone();
    let (tx, rx) = bounded(1);
    let spawned = std::thread::Builder::new().name(name).spawn(move || {
        let _ = tx.send(work(&mut ctx));
    });
    if let Err(e) = spawned {
        return Err(Problem::new(env.tr(CheckText::CannotStart(
            &crate::term::text::os_error(&e, env.lang()),
        ))));
    }
    let outcome = select! {
        recv(rx) -> r => r.unwrap_or_else(|_| Err(Problem::new(env.tr(CheckText::Crashed)))),
        recv(env.stop.rx()) -> _ => Err(Problem::new(env.tr(CheckText::Interrupted)).skipped()),
        default(budget) => Err(Problem::new(env.tr(CheckText::OverBudget(budget)))),
    };
    if let Ok(mut all) = sockets.lock() {
        all.cut();
    }
    outcome
}

/// Does the server still accept (and, when `serving`, serve) a new client? Asked twice before
/// answering no: one slow answer on a busy machine is not a stopped server. `Err` with
/// `unreachable` set: the second attempt was refused.
fn probe(plan: &Plan, env: &Env, serving: bool) -> Result<(), Problem> {
    probe_once(plan, env, serving).or_else(|p| {
        if env.stop.is_set() {
            Err(p)
        } else {
            probe_once(plan, env, serving)
        }
    })
}

/// [`probe`] for the runs after the first: an answer that does not decode still proves that
/// the server serves (the first probe said so once).
fn still_serves(plan: &Plan, env: &Env, serving: bool) -> Result<(), Problem> {
    match probe(plan, env, serving) {
        Err(p) if p.answered => Ok(()),
        other => other,
    }
}

fn probe_once(plan: &Plan, env: &Env, serving: bool) -> Result<(), Problem> {
    let mut ctx = plan.ctx(plan.suite.cases.last().expect("a suite has cases"), env);
    ctx.number = 0;
    let work = if serving {
        plan.suite.probe
    } else {
        // Only a refusal tells that a server which never answers has stopped.
        |ctx: &mut Ctx| match ctx.connect() {
            Err(p) if p.unreachable => Err(p),
            _ => Ok(()),
        }
    };
    budgeted(
        ctx,
        "check-probe".into(),
        probe_budget(plan.timeout),
        env,
        work,
    )
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn the_ceiling_adds_the_budgets_of_what_runs() {
        use super::{Kind, ceiling};
        use std::time::Duration;
        let cases: Vec<_> = crate::check::chat::SUITE.cases.iter().collect();
        let t = Duration::from_secs(1);
        let quick = ceiling(&cases, t, true, false);
        let all = ceiling(&cases, t, false, true);
        let slow = cases
            .iter()
            .filter_map(|c| match c.kind {
                Kind::Slow(d) => Some(d),
                _ => None,
            })
            .sum::<Duration>();
        assert!(all > quick + slow, "{all:?} {quick:?}");
        assert!(ceiling(&cases, t * 2, true, false) > quick);
        // The alive case alone costs the first probe only.
        let alive: Vec<_> = cases
            .iter()
            .copied()
            .filter(|c| c.kind == Kind::Alive)
            .collect();
        assert_eq!(ceiling(&alive, t, false, false), super::probe_budget(t) * 2);
    }

    #[test]
    fn status_words() {
        assert_eq!(Status::Pass.word(), "PASS");
        assert_eq!(Status::Skip.word(), "SKIP");
    }
}
