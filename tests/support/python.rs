//! The Python 3 student programs of the interoperability tests (msg, chat, mcast, kv,
//! echo/app): the programs in `tests/python/` (standard library only), run from disk with
//! `python3 -u` as a [`Proc`] — stdin, stdout and stderr piped, lines captured with deadlines,
//! killed on drop, a failure printing the program, its arguments and everything it printed.
//! When `python3` is missing, [`python3`] prints the visible skip line and each test returns.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::Proc;

/// How long a program may take to end after its stdin closes ([`Proc::finish`]): the clients
/// wait out their answer windows first.
pub const FINISH: Duration = Duration::from_secs(30);

/// The folder of the student programs, `tests/python/`.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("python")
}

/// The text of the program `file` of `tests/python/`, for a test that runs a variant of it.
pub fn source(file: &str) -> String {
    let path = dir().join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

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
        super::skipped("python3 not found");
    }
    ok
}

/// Run the program `file` of `tests/python/` with `args`.
pub fn start(file: &str, args: &[&str]) -> Proc {
    start_script(&dir().join(file), args)
}

/// Run `python3 -u SCRIPT ARGS…`: unbuffered, so every print is a line the test sees at once;
/// UTF-8 on every stream whatever the locale; the shared modules of `tests/python/` importable
/// wherever the script is (a variant in a [`TempDir`](super::temp::TempDir) too), and no
/// bytecode written next to them.
pub fn start_script(script: &Path, args: &[&str]) -> Proc {
    let mut command = Command::new("python3");
    command
        .arg("-u")
        .arg(script)
        .args(args)
        .env("PYTHONPATH", dir())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUTF8", "1")
        .env("PYTHONIOENCODING", "utf-8");
    let name = script.file_name().unwrap_or_default().to_string_lossy();
    Proc::spawn(format!("python3 -u {name} {}", args.join(" ")), command)
}
