//! A command on a pseudo-terminal of its own (util-linux's `script`): keys typed into it, what
//! the terminal showed read back raw, and the rows a screen would show for it.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::DEADLINE;

/// A command run on a pseudo-terminal by `script`: keys written to it, everything the terminal
/// showed read back raw (escapes and carriage returns included).
pub struct Tty {
    child: Child,
    keys: ChildStdin,
    seen: Arc<Mutex<String>>,
}

impl Tty {
    /// `sh -c SCRIPT` on a new terminal (`TERM=xterm`, colour allowed); `None` (the test is
    /// skipped) without script(1).
    pub fn start(script: &str) -> Option<Tty> {
        Some(Tty::on(super::terminal(script)?))
    }

    /// `ARGS` (a program and its arguments) on a new terminal made by Python's `pty.spawn`,
    /// which, unlike script(1), takes no part in job control (a test that stops the program
    /// with SIGSTOP needs that); `None` (skipped) without python3.
    pub fn start_bare(args: &[&str]) -> Option<Tty> {
        const SPAWN: &str = "import os, pty, sys; \
                             sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))";
        let probe = std::process::Command::new("python3")
            .arg("--version")
            .output();
        if !probe.is_ok_and(|o| o.status.success()) {
            super::skipped("python3 is not installed: no pseudo-terminal for this test");
            return None;
        }
        let mut command = std::process::Command::new("python3");
        command.args(["-c", SPAWN]).args(args);
        super::neutral_locale(&mut command);
        Some(Tty::on(command))
    }

    fn on(mut command: std::process::Command) -> Tty {
        let mut child = command
            .env("TERM", "xterm")
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let seen = Arc::new(Mutex::new(String::new()));
        let mut out = child.stdout.take().unwrap();
        let keep = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                keep.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let keys = child.stdin.take().unwrap();
        Tty { child, keys, seen }
    }

    /// The process the terminal's maker (script, or Python's pty.spawn) runs: the command
    /// (which `exec`s in place of script's shell).
    pub fn command_pid(&self) -> u32 {
        let children = format!("/proc/{0}/task/{0}/children", self.child.id());
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(pid) = std::fs::read_to_string(&children)
                .ok()
                .and_then(|s| s.split_whitespace().next().and_then(|p| p.parse().ok()))
            {
                return pid;
            }
            assert!(Instant::now() < deadline, "script started no command");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn seen(&self) -> String {
        self.seen.lock().unwrap().clone()
    }

    /// Wait until what the terminal showed satisfies `want`.
    #[track_caller]
    pub fn until(&self, what: &str, want: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !want(&self.seen()) {
            assert!(Instant::now() < deadline, "no {what}: {:?}", self.seen());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Wait until the terminal showed `needle`.
    #[track_caller]
    pub fn shows(&self, needle: &str) {
        self.until(needle, |s| s.contains(needle));
    }

    pub fn keys(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    /// Wait for the exit of `script` (which exits as its command did).
    #[track_caller]
    pub fn exit_code(&mut self) -> Option<i32> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "no exit: {:?}", self.seen());
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The rows a terminal shows for `raw` output, as far as a line editor's and a status line's
/// drawing goes, on a screen with no foot (nothing scrolls off) and no right edge (nothing
/// wraps): a newline starts the next row, a carriage return goes back to the start of the
/// row, `ESC [ K` erases to its end, `ESC [ N A` / `B` / `C` move N rows up, down, N columns
/// right, `ESC [ N L` / `M` insert / delete N rows at the cursor's (which goes to the row's
/// start), `ESC 7` / `ESC 8` save / restore the cursor, `ESC D` / `ESC M` move down / up a row
/// in the same column; other escape sequences draw nothing.
pub fn screen(raw: &str) -> Vec<String> {
    let mut rows: Vec<Vec<char>> = vec![Vec::new()];
    let (mut r, mut col) = (0usize, 0usize);
    let mut saved = (0, 0);
    let mut chars = raw.chars().peekable();
    let down = |rows: &mut Vec<Vec<char>>, r: usize| {
        if r + 1 >= rows.len() {
            rows.resize(r + 2, Vec::new());
        }
        r + 1
    };
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                r = down(&mut rows, r);
                col = 0;
            }
            '\r' => col = 0,
            '\x1b' => match chars.next() {
                // CSI: parameters, then one final byte in @..~.
                Some('[') => {
                    let mut params = String::new();
                    let mut end = ' ';
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            end = c;
                            break;
                        }
                        params.push(c);
                    }
                    let n = params.parse::<usize>().unwrap_or(1).max(1);
                    match end {
                        'K' => rows[r].truncate(col),
                        'A' => r = r.saturating_sub(n),
                        'B' => {
                            for _ in 0..n {
                                r = down(&mut rows, r);
                            }
                        }
                        'C' => col += n,
                        'L' if !params.starts_with('?') => {
                            for _ in 0..n {
                                rows.insert(r, Vec::new());
                            }
                            col = 0;
                        }
                        'M' => {
                            for _ in 0..n.min(rows.len() - r) {
                                rows.remove(r);
                            }
                            if rows.len() <= r {
                                rows.resize(r + 1, Vec::new());
                            }
                            col = 0;
                        }
                        _ => {}
                    }
                }
                Some('7') => saved = (r, col),
                Some('8') => {
                    (r, col) = saved;
                    if rows.len() <= r {
                        rows.resize(r + 1, Vec::new());
                    }
                }
                Some('D') => r = down(&mut rows, r),
                Some('M') => r = r.saturating_sub(1),
                _ => {}
            },
            c if c.is_control() => {}
            c => {
                let row = &mut rows[r];
                if col < row.len() {
                    row[col] = c;
                } else {
                    row.resize(col, ' ');
                    row.push(c);
                }
                col += 1;
            }
        }
    }
    let last = rows.len() - 1;
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let row: String = row.into_iter().collect();
            // (The cursor's row is kept as drawn: a prompt's blank counts.)
            match i == last {
                true => row,
                false => row.trim_end().to_string(),
            }
        })
        .collect()
}
