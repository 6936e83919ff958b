//! The `netlab` binary: parse the command line, install Ctrl-C, run the chosen role, and turn
//! its outcome into an exit status (0 success, 1 runtime error, 2 usage error from clap).

use std::process::ExitCode;

use clap::Parser;

use netlab::cli::{Cli, Command};
use netlab::net::env::Input;
use netlab::net::log::{Level, Log, Sink};
use netlab::net::text::Lang;
use netlab::net::{Env, Result, shutdown};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("netlab: error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let g = &cli.global;
    let level = if g.quiet {
        Level::Quiet
    } else if g.verbose {
        Level::Verbose
    } else {
        Level::Normal
    };
    let lang = g.lang.unwrap_or_else(Lang::from_env);
    let env = |role: &str| -> Result<Env> {
        let stop = shutdown::install_ctrlc()?;
        let log = Log::new(role, level, g.trace, Sink::Std);
        Ok(Env::new(lang, log, stop, Input::Stdin))
    };
    match cli.command {
        Command::Msg(cmd) => netlab::msg::run(cmd, env("msg")?),
        Command::Kv(cmd) => netlab::kv::run(cmd, env("kv")?),
        Command::Chat(cmd) => netlab::chat::run(cmd, env("chat")?),
        Command::Mcast(cmd) => netlab::mcast::run(cmd, env("mcast")?),
        Command::Echo(cmd) => netlab::app::run_echo(cmd, env("echo")?),
        Command::App(cmd) => netlab::app::run_app(cmd, env("app")?),
        Command::Demo(args) => netlab::demo::run(args, env("demo")?),
        Command::Generate(cmd) => netlab::generate::run(cmd),
    }
}
