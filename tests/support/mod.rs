//! The one test harness of the end-to-end tests (every `tests/*.rs` says `mod support;`):
//! [`Proc`] starts the real `netlab` binary (or any program: the Python student programs of
//! `tests/python/`, a binary inside a network namespace), reads its stdout and stderr line by
//! line, waits for lines with a deadline (never a sleep to synchronise), sends signals, and kills
//! the child on drop; a failure message carries the command and everything it printed so far.
//! [`Proc::start_listening`] is the one "start a server and read its port". The submodules hold
//! the rest, each named after its job:
//!
//! - [`temp`]: the one temporary folder type;
//! - [`english`]: the catalogs' English words, for the no-English-in-pt tests;
//! - [`python`]: the student programs of `tests/python/`, or the visible skip without python3;
//! - [`check`]: `netlab check` runs and their reports, and the deliberately broken servers;
//! - [`msg`], [`kv`], [`chat`], [`mcast`], [`app`]: per protocol, the raw client (bytes straight
//!   on a socket, independent of netlab's own code paths) and the starters of our roles.
// Each test binary uses its own part of the harness: what one of them leaves unused is not dead.
#![allow(dead_code)]

pub mod app;
pub mod chat;
pub mod check;
pub mod english;
pub mod kv;
pub mod mcast;
pub mod msg;
pub mod python;
pub mod temp;
pub mod tty;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, unbounded};

/// The default deadline for one expected line.
pub const DEADLINE: Duration = Duration::from_secs(10);

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_netlab")
}

/// One output stream of a child, captured line by line.
struct Captured {
    rx: Receiver<String>,
    all: Arc<Mutex<Vec<String>>>,
    /// The stream reached its end (every line is in `all`).
    done: Arc<std::sync::atomic::AtomicBool>,
}

impl Captured {
    fn start(read: impl std::io::Read + Send + 'static) -> Captured {
        let (tx, rx) = unbounded();
        let all = Arc::new(Mutex::new(Vec::new()));
        let keep = all.clone();
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let ended = done.clone();
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
            ended.store(true, std::sync::atomic::Ordering::Release);
        });
        Captured { rx, all, done }
    }
}

/// Which stream to wait on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum On {
    Out,
    Err,
}

/// A stdout that refuses lines, for the roles that must then stop ([`Proc::start_bad_stdout`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadStdout {
    /// `/dev/full`: every write fails with ENOSPC.
    Full,
    /// A pipe whose reader has gone: every write fails with EPIPE.
    Closed,
}

/// A running child process (`netlab` or any other program), its output captured line by line,
/// killed on drop.
pub struct Proc {
    cmd: String,
    child: Child,
    stdin: Option<ChildStdin>,
    out: Captured,
    err: Captured,
}

impl Proc {
    /// Start `netlab ARGS…` with stdin piped, in a neutral locale (tests pass `--lang`).
    pub fn start(args: &[&str]) -> Proc {
        Self::start_env(args, &[])
    }

    /// [`Proc::start`] with extra environment variables.
    pub fn start_env(args: &[&str], envs: &[(&str, &str)]) -> Proc {
        let mut command = Command::new(bin());
        neutral_locale(command.args(args)).envs(envs.iter().copied());
        Self::spawn(format!("netlab {}", args.join(" ")), command)
    }

    /// Start `netlab ARGS…` reading its stdin from the file `input` (`/dev/zero`: one endless
    /// line); stdout and stderr captured as with [`Proc::start`].
    pub fn start_reading(args: &[&str], input: &str) -> Proc {
        let mut command = Command::new(bin());
        neutral_locale(command.args(args));
        let file = std::fs::File::open(input).unwrap_or_else(|e| panic!("open {input}: {e}"));
        let cmd = format!("netlab {} < {input}", args.join(" "));
        let mut child = command
            .stdin(Stdio::from(file))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd}: {e}"));
        let out = Captured::start(child.stdout.take().unwrap());
        let err = Captured::start(child.stderr.take().unwrap());
        Proc {
            cmd,
            stdin: None,
            child,
            out,
            err,
        }
    }

    /// Start `netlab ARGS…` with a stdout that cannot take a line ([`BadStdout`]); stdin and
    /// stderr piped as with [`Proc::start`] (stdout reads as empty).
    pub fn start_bad_stdout(args: &[&str], stdout: BadStdout) -> Proc {
        let mut command = Command::new(bin());
        neutral_locale(command.args(args));
        let cmd = format!("netlab {} ({stdout:?} stdout)", args.join(" "));
        let out = match stdout {
            BadStdout::Full => Stdio::from(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .expect("open /dev/full"),
            ),
            BadStdout::Closed => Stdio::piped(),
        };
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(out)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd}: {e}"));
        // The reading end closes here: every write gets EPIPE.
        drop(child.stdout.take());
        let err = Captured::start(child.stderr.take().unwrap());
        Proc {
            cmd,
            stdin: child.stdin.take(),
            child,
            out: Captured::start(std::io::empty()),
            err,
        }
    }

    /// Start `netlab ARGS…` (a server, a node, a peer, a client: whatever says
    /// `listening on ADDR:PORT` on stderr) and wait until it listens; return it and the
    /// address it listens on ([`Proc::listening`]).
    #[track_caller]
    pub fn start_listening(args: &[&str]) -> (Proc, SocketAddr) {
        let p = Proc::start(args);
        let addr = p.listening();
        (p, addr)
    }

    /// Start any `command` (the Python peers of the interop tests, say) with stdin, stdout and
    /// stderr piped; `cmd` names it in failure messages.
    pub fn spawn(cmd: String, mut command: Command) -> Proc {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd}: {e}"));
        let out = Captured::start(child.stdout.take().unwrap());
        let err = Captured::start(child.stderr.take().unwrap());
        Proc {
            cmd,
            stdin: child.stdin.take(),
            child,
            out,
            err,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything printed so far on stdout.
    pub fn stdout_lines(&self) -> Vec<String> {
        self.out.all.lock().unwrap().clone()
    }

    /// The lines printed so far on stdout that start with `prefix`.
    pub fn stdout_lines_starting(&self, prefix: &str) -> Vec<String> {
        let all = self.out.all.lock().unwrap();
        all.iter()
            .filter(|l| l.starts_with(prefix))
            .cloned()
            .collect()
    }

    /// Everything printed so far on stderr.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.err.all.lock().unwrap().clone()
    }

    /// Panic with `msg`, the command and all its output so far.
    #[track_caller]
    pub fn fail(&self, msg: &str) -> ! {
        // A moment for the capture threads to collect what the child printed last (a
        // traceback, an error line): that is usually the explanation.
        std::thread::sleep(Duration::from_millis(100));
        panic!(
            "{msg}\n--- command: {}\n--- stdout:\n{}\n--- stderr:\n{}\n---",
            self.cmd,
            self.stdout_lines().join("\n"),
            self.stderr_lines().join("\n")
        );
    }

    /// Wait until a line on `on` satisfies `want`, consuming the lines before it; return it.
    #[track_caller]
    pub fn wait_for(
        &self,
        on: On,
        what: &str,
        timeout: Duration,
        want: impl Fn(&str) -> bool,
    ) -> String {
        let rx = match on {
            On::Out => &self.out.rx,
            On::Err => &self.err.rx,
        };
        let deadline = Instant::now() + timeout;
        loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if want(&line) => return line,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => self.fail(&format!(
                    "timed out after {timeout:?} waiting for {on:?} {what}"
                )),
                Err(RecvTimeoutError::Disconnected) => {
                    self.fail(&format!("{on:?} closed while waiting for {what}"))
                }
            }
        }
    }

    /// Wait for a stdout line equal to `line`.
    #[track_caller]
    pub fn expect_out(&self, line: &str) -> String {
        self.wait_for(On::Out, &format!("line {line:?}"), DEADLINE, |l| l == line)
    }

    /// The very next stdout line must be `line` (nothing lost, duplicated or in between).
    #[track_caller]
    pub fn expect_next_out(&self, line: &str) {
        let got = self.next_out();
        if got != line {
            self.fail(&format!("expected the line {line:?}, got {got:?}"));
        }
    }

    /// Wait for a stdout line starting with `prefix`; return the rest of it.
    #[track_caller]
    pub fn expect_out_prefix(&self, prefix: &str) -> String {
        let what = format!("a line starting {prefix:?}");
        let line = self.wait_for(On::Out, &what, DEADLINE, |l| l.starts_with(prefix));
        line[prefix.len()..].to_string()
    }

    /// Wait for a stdout line containing `needle`.
    #[track_caller]
    pub fn expect_out_has(&self, needle: &str) -> String {
        self.wait_for(On::Out, &format!("a line with {needle:?}"), DEADLINE, |l| {
            l.contains(needle)
        })
    }

    /// Wait for a stderr line containing `needle`.
    #[track_caller]
    pub fn expect_err(&self, needle: &str) -> String {
        self.wait_for(On::Err, &format!("a line with {needle:?}"), DEADLINE, |l| {
            l.contains(needle)
        })
    }

    /// The next stdout line (within the deadline).
    #[track_caller]
    pub fn next_out(&self) -> String {
        self.wait_for(On::Out, "any line", DEADLINE, |_| true)
    }

    /// Assert no stdout line arrives within `quiet` (for "nothing more is printed" checks).
    #[track_caller]
    pub fn expect_no_out(&self, quiet: Duration) {
        if let Ok(line) = self.out.rx.recv_timeout(quiet) {
            self.fail(&format!("unexpected stdout line {line:?}"));
        }
    }

    /// Wait for `listening on ADDR:PORT` (`escutando em ADDR:PORT` in pt) on stderr; return
    /// the address, with a wildcard bind turned into loopback.
    #[track_caller]
    pub fn listening(&self) -> SocketAddr {
        let line = self.wait_for(On::Err, "a listening line", DEADLINE, |l| {
            l.contains("listening on ") || l.contains("escutando em ")
        });
        let text = line.rsplit(' ').next().unwrap();
        let addr: SocketAddr = text
            .parse()
            .unwrap_or_else(|_| self.fail(&format!("bad listening line {line:?}")));
        if addr.ip().is_unspecified() {
            SocketAddr::from(([127, 0, 0, 1], addr.port()))
        } else {
            addr
        }
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

    /// Close stdin (end of file for the child).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Send a signal by name (`INT`, `TERM`) with kill(1).
    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            self.fail(&format!("cannot send SIG{name}"));
        }
    }

    /// Wait for the child to exit within `timeout`.
    #[track_caller]
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                // The capture threads keep reading until the pipes close, so lines printed
                // just before exit still reach `expect_*` and `remaining_out`.
                Ok(Some(status)) => {
                    // Until both streams end (a moment at most; a descendant still holding
                    // them is not waited for long), so `stdout_lines`/`stderr_lines` are whole.
                    let until = Instant::now() + Duration::from_secs(2);
                    let done = |c: &Captured| c.done.load(std::sync::atomic::Ordering::Acquire);
                    while !(done(&self.out) && done(&self.err)) && Instant::now() < until {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    return status;
                }
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                Ok(None) => self.fail(&format!("did not exit within {timeout:?}")),
                Err(e) => self.fail(&format!("wait failed: {e}")),
            }
        }
    }

    /// Wait for exit and assert it is status 0.
    #[track_caller]
    pub fn expect_success(&mut self) {
        let status = self.wait_exit(DEADLINE);
        if !status.success() {
            self.fail(&format!("exited with {status}"));
        }
    }

    /// Close stdin, wait up to `timeout` for exit 0, and return every line printed on stdout.
    #[track_caller]
    pub fn finish(&mut self, timeout: Duration) -> Vec<String> {
        self.close_stdin();
        let status = self.wait_exit(timeout);
        if !status.success() {
            self.fail(&format!("exited with {status}"));
        }
        // Read the capture to the end of the stream, so the list is complete.
        let _ = self.remaining_out();
        self.stdout_lines()
    }

    /// Everything printed on stdout until the process closed it (after it exited).
    pub fn remaining_out(&self) -> Vec<String> {
        let deadline = Instant::now() + DEADLINE;
        let mut lines = Vec::new();
        while let Ok(line) = self
            .out
            .rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            lines.push(line);
        }
        lines
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Say on the terminal that a test is skipped, and why: `SKIPPED: WHY`. Straight to the stderr
/// handle, because the test harness captures `eprintln!` and a skip must show in a normal
/// `cargo test` run.
pub fn skipped(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

/// A connected stream made ready for a raw protocol client: each write leaves at once (no
/// Nagle delay), a read waits at most [`DEADLINE`]. Split into a writer and a buffered reader
/// of the same socket.
pub fn raw_halves(stream: TcpStream) -> (TcpStream, BufReader<TcpStream>) {
    stream.set_nodelay(true).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let reader = BufReader::new(stream.try_clone().unwrap());
    (stream, reader)
}

/// `script -qfec LINE /dev/null`: LINE run by `/bin/sh` on a pseudo-terminal of its own, in
/// the neutral locale; `None`, said as skipped, where util-linux's script(1) is not installed.
/// The shell is named (script runs `$SHELL`), and a LINE that is one program should start with
/// `exec`: a shell left between the terminal and the program takes the terminal's Ctrl-C
/// itself (dash dies of it, script then reports 130, and the program gets a hangup).
pub fn terminal(line: &str) -> Option<Command> {
    let probe = Command::new("script").arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        skipped("script(1) (util-linux) is not installed: no pseudo-terminal for this test");
        return None;
    }
    let mut command = Command::new("script");
    command
        .args(["-qfec", line, "/dev/null"])
        .env("SHELL", "/bin/sh");
    neutral_locale(&mut command);
    Some(command)
}

/// The neutral locale every netlab child runs in (tests choose the language with `--lang`).
pub fn neutral_locale(command: &mut Command) -> &mut Command {
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
}

/// Run `netlab --lang LANG demo SCENARIO` to completion; it must exit 0. Returns its stdout.
#[track_caller]
pub fn demo(lang: &str, scenario: &str) -> String {
    let (status, out, err) = run(&["--lang", lang, "demo", scenario], "");
    assert!(
        status.success(),
        "netlab --lang {lang} demo {scenario}: {status}\n--- stdout:\n{out}\n--- stderr:\n{err}"
    );
    out
}

/// Every one of `lines` is a whole line of `text`.
#[track_caller]
pub fn assert_has_lines(text: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            text.lines().any(|l| l == *line),
            "missing {line:?} in\n{text}"
        );
    }
}

/// Run `netlab ARGS…` to completion with `input` on stdin; return (status, stdout, stderr).
pub fn run(args: &[&str], input: &str) -> (ExitStatus, String, String) {
    let mut child = neutral_locale(Command::new(bin()).args(args))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start netlab");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("wait for netlab");
    let _ = writer.join();
    (
        out.status,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run `ip ARGS…` (iproute2), for the tests that build their own network namespaces.
pub fn ip(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run ip: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The peak resident memory of process `pid` so far (`VmHWM` in /proc/PID/status), in KiB:
/// what the memory-bound tests measure.
#[track_caller]
pub fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_else(|e| panic!("cannot read /proc/{pid}/status (has it exited?): {e}"));
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in /proc/{pid}/status"))
}

/// Every command with subcommands or a role, as typed after `netlab`.
pub const COMMANDS: [&str; 25] = [
    "",
    "check",
    "grade",
    "grade init",
    "proxy",
    "demo",
    "msg",
    "msg server",
    "msg emitter",
    "msg display",
    "kv",
    "kv node",
    "kv client",
    "chat",
    "chat server",
    "chat peer",
    "mcast",
    "mcast send",
    "mcast recv",
    "echo",
    "echo server",
    "echo client",
    "app",
    "app server",
    "app client",
];
