//! The `netlab` binary: parse the command line, install Ctrl-C, run the chosen role, and turn
//! its outcome into an exit status (0 success, 1 runtime error, 2 usage error from clap).

use std::process::ExitCode;

use clap::Parser;

use netlab::cli::{Cli, Command, TraceMode};
use netlab::help_pt;
use netlab::net::env::Input;
use netlab::net::log::{Level, Log, Sink, Trace};
use netlab::net::sentences::NetText;
use netlab::net::text::{Lang, Text};
use netlab::net::{Env, Result, shutdown};

fn main() -> ExitCode {
    // The language is known before parsing: the help and clap's errors speak it too.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match help_pt::lang_of(&args) {
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
            eprintln!("{}", netlab::net::text::safe(&line));
            ExitCode::from(1)
        }
    }
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
    let env = |role: &str| -> Result<Env> {
        let stop = shutdown::install_ctrlc(lang)?;
        let log = Log::new(role, level, trace, lang, Sink::Std);
        Ok(Env::new(log, stop, Input::stdin()))
    };
    match cli.command {
        Command::Check(args) => return netlab::check::run(args.into(), env("check")?),
        Command::Msg(cmd) => netlab::msg::run(cmd.into(), env("msg")?),
        Command::Kv(cmd) => netlab::kv::run(cmd.into(), env("kv")?),
        Command::Chat(cmd) => netlab::chat::run(cmd.into(), env("chat")?),
        Command::Mcast(cmd) => netlab::mcast::run(cmd.into(), env("mcast")?),
        Command::Echo(cmd) => netlab::app::run(cmd.into(), env("echo")?),
        Command::App(cmd) => netlab::app::run(cmd.into(), env("app")?),
        Command::Demo(args) => netlab::demo::run(args.into(), env("demo")?),
        Command::Generate(cmd) => netlab::generate::run(cmd, lang),
    }?;
    Ok(ExitCode::SUCCESS)
}
