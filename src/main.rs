//! The `netlab` binary: parse the command line, install Ctrl-C, run the chosen role, and turn
//! its outcome into an exit status (0 success, 1 runtime error, stdout that refused a line
//! included, 2 usage error from clap).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use netlab::cli::{Cli, Command, TraceMode};
use netlab::help_pt;
use netlab::net::env::Input;
use netlab::net::sentences::NetText;
use netlab::net::{Env, Result, shutdown};
use netlab::term::log::{Level, Log, Sink, Trace};
use netlab::term::text::{Lang, Text};

fn main() -> ExitCode {
    // The language is known before parsing: the help and clap's errors speak it too.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = help_pt::lang_of(&args);
    netlab::term::text::set_command_line_lang(lang);
    let cli = match lang {
        Lang::Pt => help_pt::parse(args),
        Lang::En => Cli::parse_from(args),
    };
    if let Err(e) = cli.check() {
        match help_pt::lang_of(&std::env::args_os().collect::<Vec<_>>()) {
            Lang::Pt => help_pt::exit(e),
            Lang::En => e.exit(),
        }
    }
    let lang = cli.global.lang.unwrap_or_else(Lang::from_env);
    match run(cli, lang) {
        Ok(code) => code,
        Err(e) => {
            // The error may quote a peer (a refusal's reason): terminal-safe like every line.
            let line = format!("netlab: {} {e}", NetText::ErrorPrefix.render(lang));
            // A stderr that is gone (a closed pipe) takes nothing: the status still says it.
            let _ = writeln!(std::io::stderr(), "{}", netlab::term::text::safe(&line));
            ExitCode::from(1)
        }
    }
}

/// A role's own participant in its diagram, by its role (`emitter` becomes `emitter 1` once
/// registered; a chat peer is `peer NAME`).
fn participant(command: &Command, lang: Lang) -> String {
    use netlab::cli::{AppCommand, ChatCommand, EchoCommand, KvCommand, MsgCommand};
    use netlab::diagram::text::DiagramText;
    let text = match command {
        Command::Msg(MsgCommand::Emitter(_)) => DiagramText::Emitter,
        Command::Msg(MsgCommand::Display(_)) => DiagramText::Display,
        Command::Kv(KvCommand::Node(_)) => DiagramText::Node(None),
        Command::Kv(KvCommand::Client(_))
        | Command::Echo(EchoCommand::Client(_))
        | Command::App(AppCommand::Client(_)) => DiagramText::Client(None),
        Command::Chat(ChatCommand::Peer(a)) => {
            return netlab::proxy::text::peer_word(lang, &a.name);
        }
        _ => DiagramText::Server(None),
    };
    text.render(lang)
}

fn run(cli: Cli, lang: Lang) -> Result<ExitCode> {
    let g = &cli.global;
    let level = if g.quiet {
        Level::Quiet
    } else if g.verbose {
        Level::Verbose
    } else {
        Level::Normal
    };
    let trace = match g.trace {
        None => Trace::Off,
        Some(TraceMode::Frames) => Trace::Frames,
        Some(TraceMode::Hex) => Trace::Hex,
    };
    // `--diagram` on a role: its lines go through the diagram's thread (src/diagram/role.rs).
    let drawn = matches!(
        cli.command,
        Command::Msg(_) | Command::Kv(_) | Command::Chat(_) | Command::Echo(_) | Command::App(_)
    );
    let drawing = std::cell::RefCell::new(None);
    let me = participant(&cli.command, lang);
    let env = |role: &str| -> Result<Env> {
        let stop = shutdown::install_ctrlc(lang)?;
        let log = match g.diagram.diagram.filter(|_| drawn) {
            Some(format) => {
                let (sink, d) = netlab::diagram::role::start(
                    &me,
                    lang,
                    format,
                    g.diagram.diagram_limit,
                    g.diagram.ascii,
                );
                *drawing.borrow_mut() = Some(d);
                Log::new(role, level, trace, lang, sink).with_marks()
            }
            None => Log::new(role, level, trace, lang, Sink::Std),
        };
        Ok(Env::new(log, stop, Input::stdin()))
    };
    let diagram = g.diagram.clone();
    let code = match cli.command {
        Command::Check(args) => {
            let mut config = netlab::check::config::Config::from(args);
            config.diagram = diagram.diagram;
            config.diagram_limit = diagram.diagram_limit;
            config.ascii = diagram.ascii;
            netlab::check::run(config, env("check")?)
        }
        Command::Grade(args) => netlab::grade::run(args.into(), env("grade")?),
        Command::Msg(cmd) => done(netlab::msg::run(cmd.into(), env("msg")?)),
        Command::Kv(cmd) => done(netlab::kv::run(cmd.into(), env("kv")?)),
        Command::Chat(cmd) => done(netlab::chat::run(cmd.into(), env("chat")?)),
        Command::Mcast(cmd) => done(netlab::mcast::run(cmd.into(), env("mcast")?)),
        Command::Echo(cmd) => done(netlab::app::run(cmd.into(), env("echo")?)),
        Command::App(cmd) => done(netlab::app::run(cmd.into(), env("app")?)),
        Command::Demo(args) => {
            let mut config = netlab::demo::Config::from(args);
            config.diagram = diagram.diagram;
            config.diagram_limit = diagram.diagram_limit;
            config.ascii = diagram.ascii;
            done(netlab::demo::run(config, env("demo")?))
        }
        Command::Proxy(args) => done(netlab::args::proxy::start(*args, &diagram, env("proxy")?)),
        Command::Generate(cmd) => done(netlab::generate::run(cmd, lang)),
    };
    // A role's diagram is drawn once it ended, whatever the outcome.
    if let Some(d) = drawing.into_inner() {
        // Finished first: a live ladder's last lines are written by its own thread.
        let lines = d.finish();
        let mut stdout = std::io::stdout().lock();
        for line in lines {
            if writeln!(stdout, "{}", netlab::term::text::safe(&line)).is_err() {
                break;
            }
        }
    }
    let code = code?;
    // stdout refused what the role reported (the log said so when it happened): a failure.
    if netlab::term::log::stdout_failed() {
        return Ok(ExitCode::from(1));
    }
    Ok(code)
}

/// A role that ran to its end: status 0 (unless stdout failed, which `run` checks after).
fn done(ran: Result<()>) -> Result<ExitCode> {
    ran.map(|()| ExitCode::SUCCESS)
}
