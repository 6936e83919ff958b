//! What `netlab check` is asked to do, built from its command line (the only file of the
//! checker that imports `cli`).

use std::path::PathBuf;
use std::time::Duration;

use super::Proto;
use crate::cli::CheckArgs;
use crate::net::addr::HostPort;

/// The per-case timeout when none is given.
pub const TIMEOUT: Duration = Duration::from_secs(2);
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
    /// `--diagram`: each failing case's exchange, as a ladder in the text report and as
    /// Mermaid text in `--json`.
    pub diagram: Option<crate::diagram::Format>,
    pub ascii: bool,
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
            ascii: false,
        }
    }
}

impl From<CheckArgs> for Config {
    fn from(a: CheckArgs) -> Config {
        Config {
            proto: a.protocol,
            target: a.target,
            list: a.list,
            only: super::patterns(&a.only),
            timeout: a.timeout,
            quick: a.quick,
            strict: a.strict,
            junit: a.junit,
            json: a.json,
            key: a.key,
            exec: a.exec,
            gradescope: a.gradescope,
            rubric: a.rubric,
            diagram: None,
            ascii: false,
        }
    }
}
