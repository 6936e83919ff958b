//! `netlab generate`: shell completions and man pages rendered from the clap definition in
//! `cli.rs`, so help, man and completions never disagree, and the Wireshark plugin
//! ([`wireshark`]). The committed copies in `completions/`, `man/` and `wireshark/` are
//! checked against this by `tests/generated.rs`.

pub mod wireshark;

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateCommand};
use crate::net::sentences::NetText;
use crate::net::text::Lang;
use crate::net::{Context, Result};

pub fn run(cmd: GenerateCommand, lang: Lang) -> Result<()> {
    match cmd {
        GenerateCommand::Completions { shell } => {
            let mut out = Vec::new();
            completions(shell, &mut out);
            std::io::stdout()
                .write_all(&out)
                .context(lang, NetText::CannotWriteStdout)
        }
        GenerateCommand::Man { dir } => man_pages(&dir, lang),
        GenerateCommand::Wireshark { dir } => wireshark::write(&dir, lang),
    }
}

/// The completion script for `shell`.
pub fn completions(shell: Shell, out: &mut Vec<u8>) {
    clap_complete::generate(shell, &mut Cli::command(), "netlab", out);
}

/// The file name of each shell's completion script in `completions/`.
pub fn completion_file(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "netlab.bash",
        Shell::Zsh => "_netlab",
        Shell::Fish => "netlab.fish",
        Shell::Elvish => "netlab.elv",
        Shell::PowerShell => "_netlab.ps1",
        _ => "netlab.unknown",
    }
}

/// Every shell we ship completions for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// Write `netlab.1` and `netlab-PROTO-ROLE.1` for every (non-hidden) subcommand into `dir`.
pub fn man_pages(dir: &Path, lang: Lang) -> Result<()> {
    std::fs::create_dir_all(dir).context(lang, NetText::CannotCreate(dir))?;
    let mut cmd = Cli::command();
    cmd.build();
    write_pages(&cmd, "netlab", dir, lang)
}

fn write_pages(cmd: &clap::Command, name: &str, dir: &Path, lang: Lang) -> Result<()> {
    let page = cmd
        .clone()
        .name(name.to_string())
        .bin_name(name.replace('-', " "));
    let mut buf = Vec::new();
    // No date: pages must not change with the clock.
    let path = dir.join(format!("{name}.1"));
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .context(lang, NetText::CannotWrite(&path))?;
    std::fs::write(&path, buf).context(lang, NetText::CannotWrite(&path))?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir, lang)?;
    }
    Ok(())
}
