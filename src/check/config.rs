//! What `netlab check` is asked to do: plain values with the documented defaults (`Default`,
//! written once, here), and what clap cannot say about a client check's command line.
//! `src/args/check.rs` builds them from the command line.

use std::path::PathBuf;
use std::time::Duration;

use super::Proto;
use crate::net::addr::HostPort;

/// The per-case timeout when none is given.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// The frames a failing case's diagram draws at most without `--diagram-limit` (then a note
/// says how many were left out): a long exchange does not flood the report.
pub const DIAGRAM_LIMIT: usize = 12;
/// The kv key looked up when none is given: the first entry of `/etc/services`, the database
/// of the original's examples.
pub const KEY: &str = "tcpmux";

#[derive(Debug, Clone)]
pub struct Config {
    pub proto: Proto,
    pub target: Option<HostPort>,
    pub list: bool,
    /// Case ids or prefixes; empty: every case.
    pub only: Vec<String>,
    pub timeout: Duration,
    pub quick: bool,
    pub strict: bool,
    pub junit: Option<PathBuf>,
    pub json: bool,
    pub key: String,
    /// `--exec`: the command that starts the server under test (`{port}` filled in).
    pub exec: Option<String>,
    /// `--gradescope FILE`: Gradescope's results.json.
    pub gradescope: Option<PathBuf>,
    /// `--rubric FILE`: the points of the cases.
    pub rubric: Option<PathBuf>,
    /// Each failing case's exchange is drawn, in the text report as a ladder (`--diagram`
    /// chooses another format, and warnings are drawn too) and in `--json` as Mermaid text.
    pub diagram: Option<crate::diagram::Format>,
    /// At most this many frames a case (`--diagram-limit`; else [`DIAGRAM_LIMIT`]).
    pub diagram_limit: Option<usize>,
    pub ascii: bool,
    /// A client check: the client's command line (with its `{…}` placeholders).
    pub command: Vec<String>,
    /// A client check: `ACTION=TEMPLATE` words, then a file of them.
    pub say: Vec<String>,
    pub say_file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            proto: Proto::Msg,
            target: None,
            list: false,
            only: Vec::new(),
            timeout: TIMEOUT,
            quick: false,
            strict: false,
            junit: None,
            json: false,
            key: KEY.to_string(),
            exec: None,
            gradescope: None,
            rubric: None,
            diagram: None,
            diagram_limit: None,
            ascii: false,
            command: Vec::new(),
            say: Vec::new(),
            say_file: None,
        }
    }
}

/// What clap cannot say about a client check's command line (exit 2): a client check needs
/// COMMAND and no HOST:PORT (netlab is the server), a server check no COMMAND, and every
/// `--say` must name a known action.
pub fn client_usage(a: &Config) -> Option<String> {
    use crate::term::bad_value::Usage;
    let name = super::suite(a.proto).name;
    if super::client::role(a.proto).is_none() {
        return (!a.command.is_empty() || !a.say.is_empty() || a.say_file.is_some())
            .then(|| Usage::CheckServerNoCommand(name).say());
    }
    if let Some(t) = &a.target {
        return Some(
            Usage::CheckClientNoTarget {
                suite: name,
                target: t.to_string(),
            }
            .say(),
        );
    }
    if a.command.is_empty() && !a.list {
        return Some(Usage::CheckClientNeedsCommand(name).say());
    }
    super::client::say_map(&a.say, None)
        .err()
        .map(|line| Usage::CheckSayAction(line.to_string()).say())
}
