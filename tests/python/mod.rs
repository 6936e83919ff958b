//! Python 3 peers for the interoperability tests (msg, chat, mcast, kv, echo/app): write a
//! student's program (standard library only) into a temporary folder and run it with
//! `python3 -u`, as a [`Proc`] — stdin, stdout and stderr piped, lines captured with deadlines,
//! killed on drop, a failure printing the program, its arguments and everything it printed.
//! When `python3` is missing, each test says so on stderr (past the harness's capture) and
//! returns. Needs `mod support;` beside it.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::Proc;

/// How long a program may take to end after its stdin closes ([`Proc::finish`]): the clients
/// wait out their answer windows first.
pub const FINISH: Duration = Duration::from_secs(30);

/// Is there a `python3` with the modules the programs use? If not, print the visible skip line
/// and return false: the test then returns.
pub fn python3() -> bool {
    let ok = Command::new("python3")
        .args([
            "-c",
            "import json, select, selectors, socket, struct, sys, threading, time",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        // Straight to the stderr handle: the harness captures `eprintln!`, and a skip must
        // show in a normal `cargo test` run.
        let _ = writeln!(std::io::stderr(), "SKIPPED: python3 not found");
    }
    ok
}

/// Run `python3 -u SCRIPT ARGS…`: unbuffered, so every print is a line the test sees at once;
/// UTF-8 on every stream whatever the locale.
pub fn start(script: &str, args: &[&str]) -> Proc {
    let mut command = Command::new("python3");
    command
        .arg("-u")
        .arg(script)
        .args(args)
        .env("PYTHONUTF8", "1")
        .env("PYTHONIOENCODING", "utf-8");
    let name = Path::new(script)
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    Proc::spawn(format!("python3 -u {name} {}", args.join(" ")), command)
}
