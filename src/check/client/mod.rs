//! `netlab check ROLE -- COMMAND…`: the client checks. netlab plays the server (on loopback,
//! port 0), starts the student's client once per case ([`process`]), types on its stdin what
//! the case needs (the original's keys where it defines them, else the `--say` map), reads what
//! it sends on the wire and what it shows on stdout, and reports numbered cases with the same
//! machinery as the server checks: [`Case`], [`Problem`], the text, `--json` and `--junit`
//! reports, the shared causes, en and pt.
//!
//! - [`process`]: the client as a process (placeholders, its own group, bounded output, kill);
//! - [`text`]: the client checks' sentences; [`hints`]: the mistakes clients make;
//! - one file of cases per role: [`msg_display`], [`msg_emitter`], [`kv_client`],
//!   [`chat_client`], [`app_client`] (app and echo),
//!   [`mcast`] (send and recv, on loopback only).

pub mod app_client;
pub mod chat_client;
pub mod hints;
pub mod kv_client;
pub mod mcast;
pub mod msg_display;
pub mod msg_emitter;
pub mod process;
pub mod text;

use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, select};

use super::case::{Case, Ctx, Kind, Outcome, Problem, Shown, Verdict};
use super::link::Link;
use super::runner::{Done, Status};
use super::text::CheckText;
use super::{Config, Proto, Suite, causes, report, runner};
use crate::net::{Context, Env, Error, Result};
use process::{Client, Killer, Out};
use text::ClientText;

/// A client role netlab checks: its suite, and the actions (`--say`) each case types.
pub struct Role {
    pub suite: &'static Suite,
    /// Case id → the actions it types.
    pub uses: &'static [(&'static str, &'static [&'static str])],
}

impl Role {
    pub fn uses(&self, id: &str) -> &'static [&'static str] {
        self.uses
            .iter()
            .find(|(c, _)| *c == id)
            .map_or(&[], |(_, a)| a)
    }
}

/// The role of a client target; `None` for a server target.
pub fn role(p: Proto) -> Option<&'static Role> {
    match p {
        Proto::MsgDisplay => Some(&msg_display::ROLE),
        Proto::MsgEmitter => Some(&msg_emitter::ROLE),
        Proto::KvClient => Some(&kv_client::ROLE),
        Proto::ChatClient => Some(&chat_client::ROLE),
        Proto::AppClient => Some(&app_client::APP_ROLE),
        Proto::EchoClient => Some(&app_client::ECHO_ROLE),
        Proto::McastSend => Some(&mcast::SEND_ROLE),
        Proto::McastRecv => Some(&mcast::RECV_ROLE),
        _ => None,
    }
}

/// Every client role, in the order of the command line's list.
pub const ALL: [Proto; 8] = [
    Proto::MsgDisplay,
    Proto::MsgEmitter,
    Proto::KvClient,
    Proto::ChatClient,
    Proto::AppClient,
    Proto::EchoClient,
    Proto::McastSend,
    Proto::McastRecv,
];

/// What each action types when `--say` does not say: netlab's own clients' commands.
/// `{text}`, `{dest}`, `{name}` are filled in by the case.
pub const SAY: [(&str, &str); 8] = [
    ("broadcast", "{text}"),
    ("unicast", "/msg {dest} {text}"),
    ("qem", "/who {dest}"),
    ("stop-display", "/stop {dest}"),
    ("list", "/list"),
    ("chat", "/chat {name}"),
    ("bye", "/bye"),
    ("quit", "/quit"),
];

/// The action map: the defaults, then `--say-file` lines, then `--say` (the last word wins).
/// `Err`: the line that is not `ACTION=TEMPLATE` of a known action.
pub fn say_map(
    say: &[String],
    file: Option<&str>,
) -> std::result::Result<Vec<(String, String)>, String> {
    let mut map: Vec<(String, String)> = SAY
        .iter()
        .map(|(a, t)| (a.to_string(), t.to_string()))
        .collect();
    let from_file = file
        .into_iter()
        .flat_map(str::lines)
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    for line in from_file.chain(say.iter().map(String::as_str)) {
        let Some((action, template)) = line.split_once('=') else {
            return Err(line.to_string());
        };
        let action = action.trim();
        match map.iter_mut().find(|(a, _)| a == action) {
            Some(slot) => slot.1 = template.to_string(),
            None => return Err(line.to_string()),
        }
    }
    Ok(map)
}

/// What every case of a run shares: the command and the action map.
#[derive(Debug)]
pub struct Setup {
    pub command: Vec<String>,
    pub say: Vec<(String, String)>,
}

/// One case's bench: the setup, and every client it started (killed when the case ends).
#[derive(Default)]
pub struct Bench {
    pub setup: Option<Arc<Setup>>,
    kids: Mutex<Vec<Killer>>,
}

impl Bench {
    fn kill_all(&self) {
        if let Ok(mut kids) = self.kids.lock() {
            for k in kids.drain(..) {
                k.kill();
            }
        }
    }
}

/// A client's environment and placeholders (`{host}` is also `NETLAB_HOST`, …).
pub type Vars = Vec<(&'static str, String)>;

/// The placeholders of a client of the server at `at`, plus `extra`.
pub fn vars(at: SocketAddr, extra: &[(&'static str, String)]) -> Vars {
    let mut v = vec![
        ("host", at.ip().to_string()),
        ("port", at.port().to_string()),
        ("server", at.to_string()),
    ];
    v.extend_from_slice(extra);
    v
}

impl Ctx {
    fn bench(&self) -> &Bench {
        self.client
            .as_deref()
            .expect("a client case runs on a bench")
    }

    fn setup(&self) -> &Setup {
        self.bench()
            .setup
            .as_deref()
            .expect("a client case has a setup")
    }

    /// A listening socket on loopback, port 0: netlab's side of the case.
    pub fn listen(&self) -> std::result::Result<(TcpListener, SocketAddr), Problem> {
        let l = TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.local_addr().map(|a| (l, a)))
            .map_err(|_| self.fail(CheckText::CannotListen))?;
        Ok(l)
    }

    /// Start the client under test with `vars`.
    pub fn start(&self, vars: &Vars) -> std::result::Result<Client, Problem> {
        let setup = self.setup();
        let c = Client::start(&setup.command, vars).map_err(|e| {
            self.fail(ClientText::CannotRun {
                command: &setup.command.join(" "),
                why: &crate::term::text::os_error(&e, self.lang()),
            })
        })?;
        if let Ok(mut kids) = self.bench().kids.lock() {
            kids.push(c.killer());
        }
        self.log.debug(ClientText::Started(&c.shown));
        Ok(c)
    }

    /// What the action `action` types, its `{…}` filled with `fill`.
    pub fn say(&self, action: &str, fill: &[(&str, String)]) -> String {
        let template = self
            .setup()
            .say
            .iter()
            .find(|(a, _)| a == action)
            .map_or("", |(_, t)| t.as_str());
        process::substitute(template, fill)
    }

    /// Type `line` on the client's stdin (recorded as sent, so a failure shows it).
    pub fn type_line(&self, c: &mut Client, line: &str) -> std::result::Result<(), Problem> {
        if let Ok(mut j) = self.journal.lock() {
            j.frames.push(Shown::new(
                self.tr(ClientText::Typed(line)),
                format!("{line}\n").into_bytes(),
            ));
        }
        if c.type_line(line) {
            Ok(())
        } else {
            Err(self.gone(c, ClientText::StdinClosed(line)))
        }
    }

    /// Wait for the client to connect to `listener`; a client that exits first, or never
    /// connects, fails the case with what it printed.
    pub fn accept(&self, listener: &TcpListener, c: &Client) -> std::result::Result<Link, Problem> {
        let _ = listener.set_nonblocking(true);
        let deadline = Instant::now() + self.timeout + STARTUP;
        loop {
            match listener.accept() {
                Ok((s, _)) => {
                    let _ = s.set_nonblocking(false);
                    return Ok(self.adopt(s));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => {
                    return Err(
                        self.fail(ClientText::CannotAccept(&crate::term::text::os_error(
                            &e,
                            self.lang(),
                        ))),
                    );
                }
            }
            if let Some(status) = c.exited(Duration::ZERO) {
                return Err(self.gone(c, ClientText::ExitedBeforeConnecting(&status.to_string())));
            }
            if Instant::now() >= deadline {
                return Err(self.gone(c, ClientText::NeverConnected(self.timeout + STARTUP)));
            }
            // A listener has no accept-with-deadline in std: look often.
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// What the case waited for on stdout (`needle`) never came: the problem shows stdout,
    /// says when the text went to stderr instead, and, for a client that ended in failure,
    /// shows its last words.
    pub fn not_shown(&self, c: &Client, why: ClientText, needle: &str) -> Problem {
        if let Some(status) = c.exited(Duration::ZERO)
            && !status.success()
        {
            let died = self.tr(ClientText::Died(&status.to_string()));
            let p = self.gone(c, why);
            let both = format!("{}; {died}", p.why);
            return p.reason(both);
        }
        let out = c.text(Out::Stdout);
        let p = self
            .fail(why)
            .arrived(printed(self, Out::Stdout, &tail(&out)));
        if !needle.is_empty() && c.text(Out::Stderr).contains(needle) {
            let both = format!("{} ({})", p.why, self.tr(ClientText::OnStderrInstead));
            return p.reason(both);
        }
        p
    }

    /// A problem with what the client printed last (its stderr, else its stdout) as "arrived".
    pub fn gone(&self, c: &Client, why: ClientText) -> Problem {
        let err = c.text(Out::Stderr);
        let (which, text) = if err.trim().is_empty() {
            (Out::Stdout, c.text(Out::Stdout))
        } else {
            (Out::Stderr, err)
        };
        self.fail(why).arrived(printed(self, which, &tail(&text)))
    }
}

/// How long a client may take to start (an interpreter loading) on top of the timeout.
pub const STARTUP: Duration = Duration::from_secs(2);

/// The last lines of `text` (at most [`Shown::TEXT`] bytes).
pub fn tail(text: &str) -> String {
    let mut from = text.len().saturating_sub(Shown::TEXT - 8);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..].to_string()
}

/// Output of the client for a report: which stream, its text (and bytes).
pub fn printed(ctx: &Ctx, which: Out, text: &str) -> Shown {
    let label = match which {
        Out::Stdout => ClientText::OnStdout(text),
        Out::Stderr => ClientText::OnStderr(text),
    };
    Shown::new(ctx.tr(label), text.as_bytes().to_vec())
}

/// Is `needle` in `hay` as a whole number (not inside a longer one)?
pub fn has_number(hay: &str, needle: u32) -> bool {
    hay.split(|c: char| !c.is_ascii_digit())
        .any(|w| w.parse::<u32>().ok() == Some(needle) && !w.is_empty())
}

/// A suite needs a probe; a client suite has none (each case starts its own client).
pub(crate) fn no_probe(_: &mut Ctx) -> std::result::Result<(), Problem> {
    Ok(())
}

/// Run the cases of a client role against COMMAND: exit statuses as the server checks'.
pub fn run(config: Config, env: Env, role: &'static Role) -> Result<ExitCode> {
    let lang = env.lang();
    let suite = role.suite;
    let cases = super::select(suite, &config.only);
    if config.list {
        for c in &cases {
            let uses = role.uses(c.id);
            let says = if uses.is_empty() {
                String::new()
            } else {
                format!("  [{}]", env.tr(ClientText::Says(&uses.join(", "))))
            };
            env.log.out(format!(
                "{:<24} {}{}{}",
                c.id,
                c.title(lang),
                super::tag(c.kind),
                says
            ));
        }
        let within = ceiling(&cases, config.timeout, config.quick, config.strict);
        env.note(ClientText::Ceiling {
            cases: cases.len(),
            within: Duration::from_secs(within.as_secs() + u64::from(within.subsec_nanos() > 0)),
            timeout: config.timeout,
        });
        return super::finish(&env, Ok(ExitCode::SUCCESS));
    }
    let file = match &config.say_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .context(lang, crate::net::sentences::NetText::CannotRead(path))?,
        ),
        None => None,
    };
    let say = say_map(&config.say, file.as_deref())
        .map_err(|line| Error::new(env.tr(ClientText::BadSay(&line))))?;
    let setup = Arc::new(Setup {
        command: config.command.clone(),
        say,
    });
    let mut causes = causes::Causes::default();
    let mut results: Vec<Done> = Vec::new();
    for &case in &cases {
        let skip = if env.stop.is_set() {
            Some(env.tr(CheckText::Interrupted))
        } else {
            match case.kind {
                Kind::Slow(_) if config.quick => Some(env.tr(CheckText::SkippedQuick)),
                Kind::Strict if !config.strict => Some(env.tr(CheckText::SkippedStrict)),
                _ => None,
            }
        };
        let started = Instant::now();
        let outcome = match skip {
            Some(why) => Err(Problem::new(why).skipped()),
            None => run_one(case, &setup, &config, &env),
        };
        let (status, problem) = match outcome {
            Ok(Verdict::Pass) => (Status::Pass, None),
            Ok(Verdict::Warn(p)) => (Status::Warn, Some(p)),
            Err(p) => (if p.skip { Status::Skip } else { Status::Fail }, Some(p)),
        };
        let done = Done {
            case,
            status,
            problem,
            elapsed: started.elapsed(),
        };
        let first = causes.note(&done, lang);
        if config.json {
            env.log.out(report::json(&done, lang));
        } else {
            let mut lines = report::text(&done, lang);
            if let (Some(first), Some(hint), Some(last)) = (
                first,
                done.problem.as_ref().and_then(|p| p.hint),
                lines.last_mut(),
            ) && done.status == Status::Fail
                && let Some(head) = last.strip_suffix(&env.tr(hint))
            {
                *last = format!("{head}{}", env.tr(CheckText::SameCause(first)));
            }
            for line in lines {
                env.log.out(line);
            }
        }
        results.push(done);
    }
    for line in causes.lines(lang) {
        if config.json {
            env.note(causes::Said(line));
        } else {
            env.log.out(line);
        }
    }
    let (passed, failed, skipped) = report::totals(&results);
    let totals = CheckText::Totals {
        passed,
        failed,
        skipped,
    };
    if config.json {
        env.note(totals);
    } else {
        env.say(totals);
    }
    let interrupted = env.stop.is_set();
    if interrupted {
        let ran = results.iter().filter(|d| d.status != Status::Skip).count();
        env.log.error(CheckText::InterruptedRun {
            ran,
            of: results.len(),
        });
    }
    if let Some(path) = &config.junit {
        let what = format!(
            "netlab check {} -- {}",
            suite.name,
            config.command.join(" ")
        );
        std::fs::write(path, report::junit(&what, &results, lang))
            .context(lang, crate::net::sentences::NetText::CannotWrite(path))?;
    }
    let code = if interrupted {
        ExitCode::from(crate::net::shutdown::exit_status().unwrap_or(130))
    } else if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    super::finish(&env, Ok(code))
}

/// A client case's budget: the server checks' budget, and the client's start-up.
pub fn case_budget(case: &Case, timeout: Duration) -> Duration {
    runner::case_budget(case, timeout) + STARTUP
}

/// The longest a run of `cases` can take (no probes: each case starts its own client).
pub fn ceiling(cases: &[&Case], timeout: Duration, quick: bool, strict: bool) -> Duration {
    cases
        .iter()
        .filter(|c| match c.kind {
            Kind::Alive => false,
            Kind::Slow(_) => !quick,
            Kind::Strict => strict,
            Kind::Normal => true,
        })
        .map(|c| case_budget(c, timeout))
        .sum()
}

/// Run one case on a thread of its own within its budget; then every client it started is
/// killed (with its group) and every socket it opened cut, whatever the case thread does.
fn run_one(case: &'static Case, setup: &Arc<Setup>, config: &Config, env: &Env) -> Outcome {
    let bench = Arc::new(Bench {
        setup: Some(setup.clone()),
        kids: Mutex::default(),
    });
    let number = case_number(case);
    let mut ctx = Ctx {
        target: SocketAddr::from(([127, 0, 0, 1], 0)),
        timeout: config.timeout,
        log: env.log.clone(),
        number,
        tag: super::run_tag(),
        key: String::new(),
        journal: Arc::default(),
        sockets: Arc::default(),
        client: Some(bench.clone()),
    };
    let journal = ctx.journal.clone();
    let sockets = ctx.sockets.clone();
    let budget = case_budget(case, config.timeout);
    let (tx, rx) = bounded(1);
    let spawned = std::thread::Builder::new()
        .name(format!("check-{}", case.id))
        .spawn(move || {
            let _ = tx.send((case.run)(&mut ctx));
        });
    let outcome = match spawned {
        Err(e) => Err(Problem::new(env.tr(CheckText::CannotStart(
            &crate::term::text::os_error(&e, env.lang()),
        )))),
        Ok(_) => select! {
            recv(rx) -> r => r.unwrap_or_else(|_| Err(Problem::new(env.tr(CheckText::Crashed)))),
            recv(env.stop.rx()) -> _ => Err(Problem::new(env.tr(CheckText::Interrupted)).skipped()),
            default(budget) => Err(Problem::new(env.tr(CheckText::OverBudget(budget)))),
        },
    };
    bench.kill_all();
    if let Ok(mut all) = sockets.lock() {
        all.cut();
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

/// The case's position in its suite (1…), as the server checks number theirs.
fn case_number(case: &Case) -> u32 {
    ALL.iter()
        .filter_map(|p| role(*p))
        .find_map(|r| r.suite.cases.iter().position(|c| c.id == case.id))
        .map_or(1, |i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_numbered_prefixed_and_their_actions_exist() {
        for p in ALL {
            let r = role(p).unwrap();
            for c in r.suite.cases {
                assert!(c.id.starts_with(&format!("{}.", r.suite.name)), "{}", c.id);
                let parts: Vec<&str> = c.id.split('.').collect();
                assert_eq!(parts.len(), 3, "{}", c.id);
                assert!(parts[2].parse::<u32>().is_ok(), "{}", c.id);
                assert_ne!(c.title[0], c.title[1], "{}: no Portuguese", c.id);
                for a in r.uses(c.id) {
                    assert!(SAY.iter().any(|(s, _)| s == a), "{}: {a}", c.id);
                }
            }
            for (id, _) in r.uses {
                assert!(r.suite.cases.iter().any(|c| c.id == *id), "{id}");
            }
        }
    }

    #[test]
    fn the_say_map_takes_files_then_flags() {
        let m = say_map(
            &["quit=sair".into()],
            Some("# comment\nbroadcast=send {text}\nquit=q\n"),
        )
        .unwrap();
        let get = |a: &str| m.iter().find(|(x, _)| x == a).unwrap().1.clone();
        assert_eq!(get("broadcast"), "send {text}");
        assert_eq!(get("quit"), "sair");
        assert_eq!(get("qem"), "/who {dest}");
        assert_eq!(say_map(&["nope=x".into()], None), Err("nope=x".into()));
        assert_eq!(say_map(&["quit".into()], None), Err("quit".into()));
    }

    #[test]
    fn numbers_are_found_whole() {
        assert!(has_number("Message from 7: hi", 7));
        assert!(!has_number("Message from 17: hi", 7));
        assert!(has_number("Clientes (3): 17 230 1004", 1004));
    }
}
