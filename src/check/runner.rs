//! Runs a suite's cases one after the other, each in isolation: on a thread of its own, with
//! fresh connections and a time budget (its sockets are cut when the budget runs out). After
//! every case a probe checks that the server still accepts and serves a new client; when it
//! does not, the run stops early: the suite's `alive` case fails naming the case after which
//! it happened, and the cases left are skipped.

use std::net::{Shutdown, SocketAddr};
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
        }
    }
}

/// Run every case of `plan`, handing each result to `emit` as it is known, and return them
/// all. `Err`: the target does not accept connections at all.
pub fn run(plan: &Plan, env: &Env, mut emit: impl FnMut(&Done)) -> Result<Vec<Done>, Problem> {
    // A first probe: the server must be there; whether it answers decides how later probes
    // tell a stopped server (a serving probe, or only a connection).
    let serving = match probe(plan, env, true) {
        Ok(()) => true,
        Err(p) if p.unreachable => return Err(p),
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
            true
        }
        Err(p) => {
            env.log.warn(CheckText::ProbeUnanswered(&p.why));
            false
        }
    };
    let alive = plan.suite.cases.iter().find(|c| c.kind == Kind::Alive);
    let mut results = Vec::new();
    // After which case the server stopped (`None`: after the first probe's client left), and
    // how we know.
    let mut stopped: Option<(Option<&'static str>, Problem)> = None;
    let mut last_run: Option<&'static str> = None;
    for &case in &plan.cases {
        if case.kind == Kind::Alive {
            continue;
        }
        let skip = if env.stop.is_set() {
            Some(env.tr(CheckText::Interrupted))
        } else if let Some((after, _)) = &stopped {
            Some(env.tr(CheckText::SkippedAfterStop(*after)))
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
        if let Err(p) = still_serves(plan, env, serving) {
            if refused {
                // It could not even connect: the server stopped after the case before (or
                // after the first probe).
                done.status = Status::Skip;
                done.problem =
                    Some(Problem::new(env.tr(CheckText::SkippedAfterStop(last_run))).skipped());
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
            None => None,
        };
        if let Some(done) = done {
            emit(&done);
            results.push(done);
        }
    }
    Ok(results)
}

/// Run one case on its own thread, within its budget; the "sent" of a problem defaults to the
/// last frame the case sent.
fn run_one(plan: &Plan, case: &'static Case, env: &Env) -> Outcome {
    let mut ctx = plan.ctx(case, env);
    let journal = ctx.journal.clone();
    let sockets = ctx.sockets.clone();
    let extra = match case.kind {
        Kind::Slow(d) => d,
        _ => Duration::ZERO,
    };
    let budget = plan.timeout * 4 + extra + Duration::from_secs(2);
    let (tx, rx) = bounded(1);
    let spawned = std::thread::Builder::new()
        .name(format!("check-{}", case.id))
        .spawn(move || {
            let _ = tx.send((case.run)(&mut ctx));
        });
    if let Err(e) = spawned {
        return Err(Problem::new(env.tr(CheckText::CannotStart(&e.to_string()))));
    }
    let outcome = select! {
        recv(rx) -> r => r.unwrap_or_else(|_| Err(Problem::new(env.tr(CheckText::Crashed)))),
        recv(env.stop.rx()) -> _ => Err(Problem::new(env.tr(CheckText::Interrupted)).skipped()),
        default(budget) => Err(Problem::new(env.tr(CheckText::OverBudget(budget)))),
    };
    // Whatever the case left open is closed now (a case that ran out of time is cut off).
    if let Ok(all) = sockets.lock() {
        for s in all.iter() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
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

/// Does the server still accept (and, when `serving`, serve) a new client? Asked twice before
/// answering no: one slow answer on a busy machine is not a stopped server.
fn probe(plan: &Plan, env: &Env, serving: bool) -> Result<(), Problem> {
    probe_once(plan, env, serving).or_else(|_| probe_once(plan, env, serving))
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
    let result = if serving {
        (plan.suite.probe)(&mut ctx)
    } else {
        // Only a refusal tells that a server which never answers has stopped.
        match ctx.connect() {
            Err(p) if p.unreachable => Err(p),
            _ => Ok(()),
        }
    };
    if let Ok(all) = ctx.sockets.lock() {
        for s in all.iter() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn status_words() {
        assert_eq!(Status::Pass.word(), "PASS");
        assert_eq!(Status::Skip.word(), "SKIP");
    }
}
