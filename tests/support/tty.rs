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
        let mut command = super::terminal(script)?;
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
        Some(Tty { child, keys, seen })
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

/// The rows a terminal shows for `raw` output, as far as a line editor's drawing goes: a
/// carriage return goes back to the start of the row, `ESC [ K` erases to its end, `ESC [ N C`
/// moves N columns right, other escape sequences draw nothing, a newline starts the next row.
pub fn screen(raw: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut row: Vec<char> = Vec::new();
    let mut col = 0;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                rows.push(row.iter().collect::<String>().trim_end().to_string());
                row.clear();
                col = 0;
            }
            '\r' => col = 0,
            '\x1b' => {
                // CSI: parameters, then one final byte in @..~.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    let mut params = String::new();
                    let mut end = ' ';
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            end = c;
                            break;
                        }
                        params.push(c);
                    }
                    match end {
                        'K' => row.truncate(col),
                        'C' => col += params.parse::<usize>().unwrap_or(1),
                        _ => {}
                    }
                } else {
                    chars.next();
                }
            }
            c if c.is_control() => {}
            c => {
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
    rows.push(row.iter().collect());
    rows
}
