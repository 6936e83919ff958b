//! `netlab generate`: shell completions and man pages rendered from the clap definition in
//! `cli.rs`, so help, man and completions never disagree, and the Wireshark plugin
//! ([`wireshark`]). The committed copies in `completions/`, `man/` and `wireshark/` are
//! checked against this by `tests/generated.rs`.

pub mod bash;
pub mod man;
pub mod wireshark;

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateCommand};
use crate::net::sentences::NetText;
use crate::net::{Context, Result};
use crate::term::text::Lang;

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

/// The completion script for `shell`. Bash gets netlab's own script ([`bash`]); the other
/// shells clap_complete's, from a definition in which a value with no hint (a number, a
/// name, an address) is marked as such, so that no shell offers files for it.
pub fn completions(shell: Shell, out: &mut Vec<u8>) {
    let mut cmd = hinted(Cli::command());
    cmd.build();
    match shell {
        Shell::Bash => out.extend_from_slice(bash::script(&cmd).as_bytes()),
        _ => clap_complete::generate(shell, &mut cmd, "netlab", out),
    }
}

/// `cmd` with [`clap::ValueHint::Other`] on every value that has no hint (paths have one:
/// clap infers it from their type).
fn hinted(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|arg| {
        let takes = arg.get_num_args().is_none_or(|r| r.takes_values());
        if arg.get_value_hint() == clap::ValueHint::Unknown
            && takes
            && arg.get_action().takes_values()
        {
            arg.value_hint(clap::ValueHint::Other)
        } else {
            arg
        }
    })
    .mut_subcommands(hinted)
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
    man::write_pages(dir, lang)
}
