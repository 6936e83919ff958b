//! Python 3 children for the interop tests (chat and mcast): write a student's program into a
//! temporary folder, run it with `python3`, read its stdout line by line with a deadline, and
//! kill it on drop so a failing test leaves nothing running. When `python3` is missing the
//! tests say so on stderr (past the harness's capture) and return.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, unbounded};

/// The deadline for one expected line.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Whether `python3` runs; if not, print the visible skip line.
pub fn python3() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import json, select, socket, struct, sys, threading"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        // Straight to the process's stderr, so the skip shows in a normal `cargo test` run.
        let _ = writeln!(std::io::stderr(), "SKIPPED: python3 not found");
    }
    ok
}

/// A temporary folder holding the programs of one test, removed on drop.
pub struct Scripts {
    dir: PathBuf,
}

impl Scripts {
    pub fn new(test: &str) -> Scripts {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "netlab-py-{}-{test}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create the scripts folder");
        Scripts { dir }
    }

    /// Write `text` as `name` and return its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, text).expect("write a Python program");
        path
    }
}

impl Drop for Scripts {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running Python program.
pub struct Py {
    cmd: String,
    child: Child,
    stdin: Option<ChildStdin>,
    out: Receiver<String>,
    all_out: Arc<Mutex<Vec<String>>>,
    all_err: Arc<Mutex<Vec<String>>>,
}

fn capture(
    read: impl std::io::Read + Send + 'static,
) -> (Receiver<String>, Arc<Mutex<Vec<String>>>) {
    let (tx, rx) = unbounded();
    let all = Arc::new(Mutex::new(Vec::new()));
    let keep = all.clone();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(read);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if buf.last() == Some(&b'\n') {
                        buf.pop();
                    }
                    let line = String::from_utf8_lossy(&buf).into_owned();
                    keep.lock().unwrap().push(line.clone());
                    let _ = tx.send(line);
                }
            }
        }
    });
    (rx, all)
}

impl Py {
    /// `python3 SCRIPT ARGS…`, UTF-8 on every stream whatever the locale.
    pub fn start(script: &Path, args: &[&str]) -> Py {
        let mut child = Command::new("python3")
            .arg(script)
            .args(args)
            .env("PYTHONUTF8", "1")
            .env("PYTHONIOENCODING", "utf-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 {script:?}: {e}"));
        let (out, all_out) = capture(child.stdout.take().unwrap());
        let (_, all_err) = capture(child.stderr.take().unwrap());
        let name = script.file_name().unwrap().to_string_lossy();
        Py {
            cmd: format!("python3 {name} {}", args.join(" ")),
            stdin: child.stdin.take(),
            child,
            out,
            all_out,
            all_err,
        }
    }

    /// Panic with `msg`, the command and everything it printed.
    #[track_caller]
    pub fn fail(&self, msg: &str) -> ! {
        panic!(
            "{msg}\n--- command: {}\n--- stdout:\n{}\n--- stderr:\n{}\n---",
            self.cmd,
            self.all_out.lock().unwrap().join("\n"),
            self.all_err.lock().unwrap().join("\n")
        );
    }

    /// The next stdout line, which must come within the deadline.
    #[track_caller]
    pub fn next(&self) -> String {
        match self.out.recv_timeout(DEADLINE) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => self.fail("timed out waiting for a line"),
            Err(RecvTimeoutError::Disconnected) => self.fail("stdout closed"),
        }
    }

    /// The next stdout line must be `want`.
    #[track_caller]
    pub fn expect(&self, want: &str) {
        let got = self.next();
        if got != want {
            self.fail(&format!("expected {want:?}, got {got:?}"));
        }
    }

    /// No stdout line within `quiet`.
    #[track_caller]
    pub fn expect_nothing(&self, quiet: Duration) {
        if let Ok(line) = self.out.recv_timeout(quiet) {
            self.fail(&format!("unexpected line {line:?}"));
        }
    }

    /// Type one line on its stdin.
    #[track_caller]
    pub fn send(&mut self, line: &str) {
        let Some(stdin) = self.stdin.as_mut() else {
            self.fail("stdin already closed")
        };
        if let Err(e) = writeln!(stdin, "{line}").and_then(|_| stdin.flush()) {
            self.fail(&format!("cannot write {line:?}: {e}"));
        }
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Wait for the program to exit within the deadline.
    #[track_caller]
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return status,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                Ok(None) => self.fail("did not exit within the deadline"),
                Err(e) => self.fail(&format!("wait failed: {e}")),
            }
        }
    }
}

impl Drop for Py {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
