//! `netlab check` for the tests: run it against a server and read its report (text lines,
//! `--json` objects, the totals line), and start the deliberately broken servers of
//! `tests/python/broken_*.py`, each with one mistake of the wild.

use std::net::SocketAddr;
use std::process::ExitStatus;

use serde_json::Value;

use super::Proc;

/// What one run of `netlab check` printed, and how it ended.
pub struct Report {
    pub status: ExitStatus,
    pub out: String,
    pub err: String,
}

impl Report {
    /// Every stdout line that is a JSON object (`--json`).
    pub fn objects(&self) -> Vec<Value> {
        self.out
            .lines()
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}\n{self}"))
            })
            .collect()
    }

    /// The JSON object of case `id` (`--json`).
    #[track_caller]
    pub fn case(&self, id: &str) -> Value {
        self.objects()
            .into_iter()
            .find(|o| o["id"] == id)
            .unwrap_or_else(|| panic!("no case {id} in\n{self}"))
    }

    /// The status (`pass`, `fail`, `warn`, `skip`) and hint id of case `id` (`--json`).
    #[track_caller]
    pub fn verdict(&self, id: &str) -> (String, Option<String>) {
        let c = self.case(id);
        (
            c["status"].as_str().unwrap_or_default().to_string(),
            c["hint"]["id"].as_str().map(String::from),
        )
    }

    /// The lines starting with `word` (`PASS`, `FAIL`, …) in a text report.
    pub fn lines_of(&self, word: &str) -> Vec<&str> {
        self.out
            .lines()
            .filter(|l| l.starts_with(&format!("{word} ")))
            .collect()
    }

    /// The run passed: exit 0, no FAIL line, the totals say 0 failed.
    #[track_caller]
    pub fn assert_clean(&self) {
        assert!(self.status.success(), "exit {}\n{self}", self.status);
        assert!(self.lines_of("FAIL").is_empty(), "a false alarm\n{self}");
        assert!(
            self.out
                .lines()
                .last()
                .is_some_and(|l| l.contains(" passed, 0 failed, ")),
            "no totals line\n{self}"
        );
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "--- stdout:\n{}--- stderr:\n{}---", self.out, self.err)
    }
}

/// Run `netlab --lang en check ARGS…` to its end.
pub fn check(args: &[&str]) -> Report {
    let mut all = vec!["--lang", "en", "check"];
    all.extend_from_slice(args);
    let (status, out, err) = super::run(&all, "");
    Report { status, out, err }
}

/// Start `tests/python/SCRIPT ARGS…` (a broken server printing `listening on ADDR` on
/// stderr) and wait until it listens; `None` (with the visible skip) without python3.
pub fn broken(script: &str, args: &[&str]) -> Option<(Proc, SocketAddr)> {
    if !super::python::python3() {
        return None;
    }
    let p = super::python::start(script, args);
    let addr = p.listening();
    Some((p, addr))
}
