//! Python peers for the interop tests of kv and echo/app: write a small Python 3 program (the
//! standard library only) into a temporary folder and run it with `python3 -u`, its stdout and
//! stderr captured line by line. Every child is killed on drop, so a failing test leaves
//! nothing running; every wait has a deadline; a failure prints the program's name, arguments
//! and everything it printed.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, unbounded};

/// The default deadline for one expected line or an exit.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Is `python3` on PATH? If not, say so on the real stderr (past the harness's capture, so the
/// skip shows in a normal `cargo test` run) and return false: the test then returns.
pub fn python3() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import json, select, selectors, socket, struct, sys"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        let _ = writeln!(std::io::stderr(), "SKIPPED: python3 not found");
    }
    ok
}

/// A temporary folder holding the Python programs of one test, removed on drop.
pub struct Scripts(pub PathBuf);

impl Scripts {
    pub fn new(name: &str) -> Scripts {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "netlab-py-{}-{name}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scripts(dir)
    }

    /// Write `file` with `text`; return its path as a string.
    pub fn file(&self, file: &str, text: &str) -> String {
        let path = self.0.join(file);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Scripts {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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
                    while matches!(buf.last(), Some(b'\n' | b'\r')) {
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

/// A running Python program.
pub struct Py {
    cmd: String,
    child: Child,
    stdin: Option<ChildStdin>,
    out: Receiver<String>,
    out_all: Arc<Mutex<Vec<String>>>,
    err_all: Arc<Mutex<Vec<String>>>,
}

impl Py {
    /// Run `python3 -u SCRIPT ARGS…` (unbuffered, so every print is a line the test sees at
    /// once) with stdin piped.
    pub fn start(script: &str, args: &[&str]) -> Py {
        let mut child = Command::new("python3")
            .arg("-u")
            .arg(script)
            .args(args)
            .env("PYTHONIOENCODING", "utf-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 {script}: {e}"));
        let (out, out_all) = capture(child.stdout.take().unwrap());
        let (_, err_all) = capture(child.stderr.take().unwrap());
        let name = std::path::Path::new(script)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Py {
            cmd: format!("python3 {name} {}", args.join(" ")),
            stdin: child.stdin.take(),
            child,
            out,
            out_all,
            err_all,
        }
    }

    pub fn stdout_lines(&self) -> Vec<String> {
        self.out_all.lock().unwrap().clone()
    }

    /// Panic with `msg`, the command and all its output so far.
    #[track_caller]
    pub fn fail(&self, msg: &str) -> ! {
        panic!(
            "{msg}\n--- command: {}\n--- stdout:\n{}\n--- stderr:\n{}\n---",
            self.cmd,
            self.stdout_lines().join("\n"),
            self.err_all.lock().unwrap().join("\n")
        );
    }

    /// Wait for a stdout line satisfying `want`, consuming the lines before it; return it.
    #[track_caller]
    pub fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            match self
                .out
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) if want(&line) => return line,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    self.fail(&format!("timed out waiting for {what}"))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.fail(&format!("stdout closed while waiting for {what}"))
                }
            }
        }
    }

    /// Wait for a stdout line starting with `prefix`; return the rest of it.
    #[track_caller]
    pub fn expect_prefix(&self, prefix: &str) -> String {
        let line = self.wait_for(&format!("a line starting {prefix:?}"), |l| {
            l.starts_with(prefix)
        });
        line[prefix.len()..].to_string()
    }

    /// Wait for the stdout line `line`.
    #[track_caller]
    pub fn expect(&self, line: &str) {
        self.wait_for(&format!("the line {line:?}"), |l| l == line);
    }

    /// Write one line to stdin.
    #[track_caller]
    pub fn send(&mut self, line: &str) {
        let Some(stdin) = self.stdin.as_mut() else {
            self.fail("stdin already closed")
        };
        if let Err(e) = writeln!(stdin, "{line}").and_then(|_| stdin.flush()) {
            self.fail(&format!("cannot write {line:?} to stdin: {e}"));
        }
    }

    /// Close stdin, wait (bounded) for a successful exit, and return every stdout line.
    #[track_caller]
    pub fn finish(&mut self) -> Vec<String> {
        self.stdin = None;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) if status.success() => break,
                Ok(Some(status)) => self.fail(&format!("exited with {status}")),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                Ok(None) => self.fail("did not exit within 30 s"),
                Err(e) => self.fail(&format!("wait failed: {e}")),
            }
        }
        // Drain the capture to the end of the stream, so the list is complete.
        while self.out.recv_timeout(DEADLINE).is_ok() {}
        self.stdout_lines()
    }
}

impl Drop for Py {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
