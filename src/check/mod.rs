//! `netlab check PROTOCOL HOST:PORT`: the conformance checker. It plays the clients (and for
//! kv also the node's neighbours and its client's answer listener) of a server under test and
//! runs numbered cases tied to the sections of the spec, each in isolation with a timeout,
//! and says for every failure what was sent, expected and arrived, decoded and in hex, with a
//! hint when the bytes match a mistake seen in the wild.
//!
//! - [`case`]: a case, its context and its outcome; [`link`]: the raw connection it uses;
//! - [`runner`]: cases in isolation, the liveness probe, stopping early;
//! - [`report`]: text, `--json`, `--junit`; [`hint`]: the hints' shared vocabulary;
//!   [`causes`]: the causes many cases share, said once at the end;
//! - one file of cases per protocol: [`msg`], [`kv`], [`chat`], [`chat_peer`], [`app`] (app
//!   and echo); [`text`]: the checker's sentences; [`config`]: its command line.

pub mod app;
pub mod case;
pub mod causes;
pub mod chat;
pub mod chat_peer;
pub mod client;
pub mod config;
pub mod diagram;
pub mod exec;
pub mod exec_text;
pub mod hint;
pub mod kv;
pub mod link;
pub mod msg;
pub mod report;
pub mod runner;
pub mod text;

use std::process::ExitCode;
use std::time::Duration;

use case::{Case, Ctx, Kind, Problem};
pub use config::Config;
use text::CheckText;

use crate::net::{Context, Env, Error, Result, sock};

/// What is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Proto {
    /// A msg server
    Msg,
    /// One kv node (check plays its client and its neighbours)
    Kv,
    /// A chat directory server
    Chat,
    /// A chat peer's listening port
    ChatPeer,
    /// An app server (the tutorial's JSON-header framing)
    App,
    /// An echo server
    Echo,
    /// A msg display (netlab plays the server; COMMAND after `--`)
    MsgDisplay,
    /// A msg emitter (netlab plays the server; COMMAND after `--`)
    MsgEmitter,
    /// A kv client (netlab plays its node; COMMAND after `--`)
    KvClient,
    /// A chat peer's directory side and its calls (netlab plays the server; COMMAND after `--`)
    ChatClient,
    /// An app client (netlab plays the tutorial's server; COMMAND after `--`)
    AppClient,
    /// An echo client (netlab plays the echo server; COMMAND after `--`)
    EchoClient,
    /// A multicast sender (netlab receives, on 127.0.0.1 only; COMMAND after `--`)
    McastSend,
    /// A multicast receiver (netlab sends, on 127.0.0.1 only; COMMAND after `--`)
    McastRecv,
}

/// A protocol's cases and its liveness probe.
pub struct Suite {
    /// The protocol's name, as typed.
    pub name: &'static str,
    pub cases: &'static [Case],
    /// Open a fresh connection and get one answer: proof that the server still serves.
    pub probe: fn(&mut Ctx) -> Result<(), Problem>,
    /// The port of a bare HOST (none: HOST:PORT is required).
    pub default_port: Option<u16>,
}

pub fn suite(p: Proto) -> &'static Suite {
    match p {
        Proto::Msg => &msg::SUITE,
        Proto::Kv => &kv::SUITE,
        Proto::Chat => &chat::SUITE,
        Proto::ChatPeer => &chat_peer::SUITE,
        Proto::App => &app::APP,
        Proto::Echo => &app::ECHO,
        Proto::MsgDisplay => &client::msg_display::SUITE,
        Proto::MsgEmitter => &client::msg_emitter::SUITE,
        Proto::KvClient => &client::kv_client::SUITE,
        Proto::ChatClient => &client::chat_client::SUITE,
        Proto::AppClient => &client::app_client::APP,
        Proto::EchoClient => &client::app_client::ECHO,
        Proto::McastSend => &client::mcast::SEND,
        Proto::McastRecv => &client::mcast::RECV,
    }
}

/// Every suite, in the order of the command line's list.
pub const ALL: [Proto; 6] = [
    Proto::Msg,
    Proto::Kv,
    Proto::Chat,
    Proto::ChatPeer,
    Proto::App,
    Proto::Echo,
];

/// `--only` values: comma-separated ids or prefixes, each given any number of times.
pub fn patterns(only: &[String]) -> Vec<String> {
    only.iter()
        .flat_map(|o| o.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

/// Does case `id` of `suite` match the pattern (the id, a prefix ending at a dot, with or
/// without the protocol's name in front)?
fn matches(suite: &Suite, id: &str, pattern: &str) -> bool {
    let full = if pattern.starts_with(&format!("{}.", suite.name)) || pattern == suite.name {
        pattern.to_string()
    } else {
        format!("{}.{pattern}", suite.name)
    };
    let full = full.trim_end_matches('.');
    id == full || id.starts_with(&format!("{full}."))
}

/// The cases `only` selects (all of them when it is empty).
pub fn select(suite: &'static Suite, only: &[String]) -> Vec<&'static Case> {
    suite
        .cases
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|p| matches(suite, c.id, p)))
        .collect()
}

/// The list of every case of every suite, for `--help` and the man page.
pub fn catalog() -> String {
    let mut out = String::from(
        "Cases (each one runs on fresh connections, with a timeout; [slow] ones are skipped by \
         --quick, [strict] ones run only with --strict):\n",
    );
    for p in ALL {
        let s = suite(p);
        out.push('\n');
        for c in s.cases {
            out.push_str(&format!("  {:<20} {}{}\n", c.id, c.title[0], tag(c.kind)));
        }
    }
    out.push_str(
        "\nClient cases (netlab plays the server and runs COMMAND, given after --, once per \
         case):\n",
    );
    for p in client::ALL {
        let s = suite(p);
        out.push('\n');
        for c in s.cases {
            out.push_str(&format!("  {:<24} {}{}\n", c.id, c.title[0], tag(c.kind)));
        }
    }
    out
}

fn tag(kind: Kind) -> &'static str {
    match kind {
        Kind::Slow(_) => " [slow]",
        Kind::Strict => " [strict]",
        _ => "",
    }
}

/// A number that differs from run to run (names, nseqs), without a random-number crate.
fn run_tag() -> u32 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (t.subsec_nanos() ^ (t.as_secs() as u32).rotate_left(16) ^ std::process::id()) % 1_000_000
}

/// Run `netlab check`: exit 0 when no case failed, 1 otherwise (or when a report could not be
/// written), 128 + the signal's number when interrupted (130, 143): whatever ran is reported.
pub fn run(config: Config, env: Env) -> Result<ExitCode> {
    if let Some(role) = client::role(config.proto) {
        return client::run(config, env, role);
    }
    let lang = env.lang();
    let suite = suite(config.proto);
    let cases = select(suite, &config.only);
    if config.list {
        for c in &cases {
            env.log
                .out(format!("{:<20} {}{}", c.id, c.title(lang), tag(c.kind)));
        }
        // On stderr: stdout stays a list of ids for scripts.
        let within = runner::ceiling(&cases, config.timeout, config.quick, config.strict);
        env.note(CheckText::Ceiling {
            cases: cases.len(),
            within: Duration::from_secs(within.as_secs() + u64::from(within.subsec_nanos() > 0)),
            timeout: config.timeout,
        });
        return finish(&env, Ok(ExitCode::SUCCESS));
    }
    // Points are read before anything runs: a rubric that cannot be used is said at once.
    let rubric = match &config.rubric {
        Some(path) => Some(
            crate::grade::rubric::Rubric::load(path, env.lang()).map_err(|why| {
                Error::new(env.tr(exec_text::ExecText::BadRubric {
                    path: &path.display().to_string(),
                    why: &why,
                }))
            })?,
        ),
        None => None,
    };
    if let Some(r) = &rubric {
        // A rubric of another protocol would give every case its default points.
        let p = r.protocol.to_ascii_lowercase();
        if suite.name != p && !suite.name.starts_with(&format!("{p}-")) {
            let path = config.rubric.as_deref().unwrap_or(std::path::Path::new(""));
            return Err(Error::new(env.tr(exec_text::ExecText::BadRubric {
                path: &path.display().to_string(),
                why: &format!("protocol = \"{}\", not {}", r.protocol, suite.name),
            })));
        }
    }
    // With --exec the checker starts the server itself, or says why it could not.
    let mut program = None;
    let mut never_listened = None;
    let target = match (&config.exec, &config.target) {
        (Some(_), Some(_)) => return Err(Error::new(env.tr(exec_text::ExecText::ExecAndAddress))),
        (Some(command), None) => match exec::Program::start(command, lang) {
            Ok(p) => {
                env.note(exec_text::ExecText::Started {
                    command: &p.command(),
                    port: p.addr().port(),
                });
                let addr = p.addr();
                program = Some(p);
                addr
            }
            Err(exec::NotListening(why)) => {
                env.log.warn(exec_text::ExecText::NotRun(&why));
                never_listened = Some(why);
                std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0))
            }
        },
        (None, Some(target)) => sock::lookup(target, suite.default_port.unwrap_or(0), lang)?,
        (None, None) => return Err(Error::new(env.tr(CheckText::NeedsAddress(suite.name)))),
    };
    let plan = runner::Plan {
        suite,
        cases,
        target,
        timeout: config.timeout,
        quick: config.quick,
        strict: config.strict,
        key: &config.key,
        tag: run_tag(),
    };
    let mut causes = causes::Causes::default();
    let emit = |done: &runner::Done| {
        let first = causes.note(done, lang);
        let limit = config.diagram_limit.unwrap_or(config::DIAGRAM_LIMIT);
        let warnings = config.diagram.is_some();
        let drawn = diagram::of(done, target, lang, warnings, limit, config.json);
        if config.json {
            let mut value = report::json_value(done, lang);
            if let (Some(d), Some(map)) = (&drawn, value.as_object_mut()) {
                let format = crate::diagram::Format::Mermaid;
                map.insert(
                    "diagram".into(),
                    d.render(format, lang, 80, false).join("\n").into(),
                );
            }
            env.log.out(report::json_line(&value));
        } else {
            let mut lines = report::text(done, lang);
            // A hint shown under an earlier case is named, not repeated.
            if let (Some(first), Some(hint), Some(last)) = (
                first,
                done.problem.as_ref().and_then(|p| p.hint),
                lines.last_mut(),
            ) && done.status == runner::Status::Fail
                && let Some(head) = last.strip_suffix(&env.tr(hint))
            {
                *last = format!("{head}{}", env.tr(CheckText::SameCause(first)));
            }
            for line in lines {
                env.log.out(line);
            }
            if let Some(d) = &drawn {
                let width = crate::diagram::ladder_width().saturating_sub(7);
                let format = config.diagram.unwrap_or(crate::diagram::Format::Ladder);
                for line in d.render(format, lang, width, config.ascii) {
                    env.log.out(format!("       {line}"));
                }
            }
        }
    };
    let results = match (&never_listened, &mut program) {
        (Some(why), _) => exec::not_run(&plan, why, &env, emit),
        (None, Some(program)) => runner::run_watched(&plan, &env, program, emit),
        (None, None) => runner::run(&plan, &env, emit),
    }
    .map_err(|p| Error::new(p.why.clone()))?;
    // The server is stopped (its whole process group) before the reports are written.
    drop(program);
    for line in causes.lines(lang) {
        if config.json {
            env.note(causes::Said(line));
        } else {
            env.log.out(line);
        }
    }
    let scored = (rubric.is_some() || config.gradescope.is_some() || config.junit.is_some())
        .then(|| crate::grade::points::Scored::new(&results, rubric.as_ref(), lang));
    if let Some(scored) = &scored {
        let line = scored.line();
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
        env.note(totals.clone());
    } else {
        env.say(totals.clone());
    }
    let interrupted = env.stop.is_set();
    if interrupted {
        let ran = results
            .iter()
            .filter(|d| d.status != runner::Status::Skip)
            .count();
        env.log.error(CheckText::InterruptedRun {
            ran,
            of: results.len(),
        });
    }
    let what = match &config.exec {
        Some(command) => format!("netlab check {} --exec {command}", suite.name),
        None => format!("netlab check {} {target}", suite.name),
    };
    if let Some(path) = &config.junit {
        let xml = match &scored {
            Some(s) => report::junit_scored(&what, &results, lang, |d| s.of(d)),
            None => report::junit(&what, &results, lang),
        };
        std::fs::write(path, xml)
            .context(lang, crate::net::sentences::NetText::CannotWrite(path))?;
    }
    if let (Some(path), Some(scored)) = (&config.gradescope, &scored) {
        let mut output = vec![what.clone()];
        output.extend(never_listened.iter().cloned());
        output.push(env.tr(totals.clone()));
        output.push(scored.line());
        let json = scored.gradescope(&output.join("\n"), rubric.as_ref(), lang);
        std::fs::write(path, format!("{json:#}\n"))
            .context(lang, crate::net::sentences::NetText::CannotWrite(path))?;
    }
    let code = if interrupted {
        ExitCode::from(crate::net::shutdown::exit_status().unwrap_or(130))
    } else if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    finish(&env, Ok(code))
}

/// A report that did not reach stdout is an error, whatever the cases said.
fn finish(env: &Env, code: Result<ExitCode>) -> Result<ExitCode> {
    let _ = std::io::Write::flush(&mut std::io::stdout());
    match crate::term::log::stdout_error() {
        Some(e) => Err(Error::new(env.tr(CheckText::StdoutUnwritable(
            crate::term::text::os_error(e, env.lang()),
        )))),
        None => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_numbered_and_prefixed() {
        let mut seen = std::collections::HashSet::new();
        for p in ALL {
            let s = suite(p);
            assert_eq!(
                s.cases.last().map(|c| c.kind),
                Some(Kind::Alive),
                "{}: the alive case comes last",
                s.name
            );
            for c in s.cases {
                assert!(seen.insert(c.id), "duplicate id {}", c.id);
                assert!(c.id.starts_with(&format!("{}.", s.name)), "{}", c.id);
                let parts: Vec<&str> = c.id.split('.').collect();
                assert_eq!(parts.len(), 3, "{}", c.id);
                assert!(parts[2].parse::<u32>().is_ok(), "{}", c.id);
                assert!(!c.title[0].is_empty() && !c.title[1].is_empty());
                assert_ne!(c.title[0], c.title[1], "{}: no Portuguese", c.id);
            }
        }
    }

    #[test]
    fn patterns_select_by_id_or_prefix() {
        let s = suite(Proto::Kv);
        let ids = |only: &[&str]| -> Vec<&str> {
            let only: Vec<String> =
                patterns(&only.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            select(s, &only).iter().map(|c| c.id).collect()
        };
        assert_eq!(ids(&["kv.flood.1"]), ["kv.flood.1"]);
        assert_eq!(ids(&["flood.1"]), ["kv.flood.1"]);
        assert!(ids(&["kv.flood"]).len() > 3);
        assert!(
            ids(&["kv.flood."])
                .iter()
                .all(|i| i.starts_with("kv.flood."))
        );
        assert_eq!(ids(&["kv.flood.1,kv.topo.1"]), ["kv.topo.1", "kv.flood.1"]);
        assert!(ids(&["nothing"]).is_empty());
        assert_eq!(ids(&[]).len(), s.cases.len());
    }
}
