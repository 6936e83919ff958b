//! The client under test as a process: COMMAND started once per case with its placeholders
//! (`{host}`, `{port}`, `{server}`, `{listen}`, `{id}`, …) substituted and the same values in
//! its environment (`NETLAB_HOST`, `NETLAB_PORT`, …), its stdin typed line by line, its stdout
//! and stderr read on threads of their own into bounded buffers ([`KEEP`] bytes each), and
//! killed with every process it started when the case ends or its budget runs out, whether or
//! not it would obey SIGTERM.
//!
//! The one place that knows about process groups is [`group`]: on Unix the client leads a
//! group of its own (a `sh -c` wrapper, a Python child, all go together); elsewhere the plain
//! `Child::kill` is all there is.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::platform;

/// At most this many bytes of each of stdout and stderr are kept (then only counted).
pub const KEEP: usize = 64 * 1024;

/// What a client printed on one stream.
#[derive(Debug, Default)]
struct Stream {
    bytes: Vec<u8>,
    /// How many bytes there were in all (some not kept past [`KEEP`]).
    total: usize,
    ended: bool,
}

/// stdout and stderr as they arrive, with a condition to wait on.
#[derive(Debug, Default)]
struct Output {
    streams: Mutex<[Stream; 2]>,
    grew: Condvar,
}

/// Which of the client's output streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Out {
    Stdout = 0,
    Stderr = 1,
}

/// One running client. Dropped, it is killed (its whole group) and reaped.
pub struct Client {
    child: Arc<Mutex<Running>>,
    stdin: Option<ChildStdin>,
    output: Arc<Output>,
    /// The command line as run, for reports.
    pub shown: String,
}

/// The child, and whether it was reaped: from then on its id may name another process (once
/// its group is gone too), so it is never signalled again.
struct Running {
    child: Child,
    reaped: bool,
}

impl Running {
    /// Its status if it ended; its group (what it left running) is killed at once, while the
    /// group still holds the id.
    fn try_wait(&mut self) -> Option<ExitStatus> {
        if self.reaped {
            return self.child.try_wait().ok().flatten();
        }
        let status = self.child.try_wait().ok().flatten()?;
        platform::kill_group(&self.child);
        self.reaped = true;
        Some(status)
    }

    fn kill(&mut self) {
        if !self.reaped {
            platform::kill_group(&self.child);
            let _ = self.child.kill();
            let _ = self.child.wait();
            self.reaped = true;
        }
    }
}

/// A handle the runner keeps to kill a client whose case outlived its budget.
#[derive(Clone)]
pub struct Killer(Arc<Mutex<Running>>);

impl Killer {
    pub fn kill(&self) {
        if let Ok(mut c) = self.0.lock() {
            c.kill();
        }
    }
}

/// `template` with every `{name}` of `vars` replaced (an unknown `{name}` stays as it is).
pub fn substitute(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

impl Client {
    /// Start `command` with `vars` substituted in every word and given as `NETLAB_NAME`
    /// variables too.
    pub fn start(command: &[String], vars: &[(&str, String)]) -> std::io::Result<Client> {
        Client::start_in(command, vars, None)
    }

    /// [`Client::start`] in the folder `dir` (a submission's, for `netlab grade --matrix`).
    pub fn start_in(
        command: &[String],
        vars: &[(&str, String)],
        dir: Option<&std::path::Path>,
    ) -> std::io::Result<Client> {
        let words: Vec<String> = command.iter().map(|w| substitute(w, vars)).collect();
        let Some((program, args)) = words.split_first() else {
            return Err(std::io::ErrorKind::InvalidInput.into());
        };
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // stdout is a pipe: without this a Python client's prints would wait in its buffer
            // until it exits.
            .env("PYTHONUNBUFFERED", "1");
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        for (name, value) in vars {
            cmd.env(format!("NETLAB_{}", name.to_uppercase()), value);
        }
        platform::own_group(&mut cmd);
        let mut child = cmd.spawn()?;
        let output = Arc::new(Output::default());
        for (i, pipe) in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .enumerate()
        {
            let Some(mut pipe) = pipe else { continue };
            let output = output.clone();
            let _ = thread::Builder::new()
                .name("check-client-out".into())
                .stack_size(64 * 1024)
                .spawn(move || {
                    let mut chunk = [0u8; 8192];
                    loop {
                        let n = pipe.read(&mut chunk).unwrap_or(0);
                        let Ok(mut all) = output.streams.lock() else {
                            return;
                        };
                        let s = &mut all[i];
                        if n == 0 {
                            s.ended = true;
                            output.grew.notify_all();
                            return;
                        }
                        s.total += n;
                        let room = KEEP.saturating_sub(s.bytes.len()).min(n);
                        s.bytes.extend_from_slice(&chunk[..room]);
                        output.grew.notify_all();
                    }
                });
        }
        let stdin = child.stdin.take();
        Ok(Client {
            child: Arc::new(Mutex::new(Running {
                child,
                reaped: false,
            })),
            stdin,
            output,
            shown: words.join(" "),
        })
    }

    pub fn killer(&self) -> Killer {
        Killer(self.child.clone())
    }

    /// Type `line` and Enter. False when the client no longer reads its stdin.
    pub fn type_line(&mut self, line: &str) -> bool {
        match &mut self.stdin {
            Some(s) => s
                .write_all(format!("{line}\n").as_bytes())
                .and_then(|()| s.flush())
                .is_ok(),
            None => false,
        }
    }

    /// Close its stdin (the end of input, Ctrl-D).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Everything kept of one stream so far, lossily decoded.
    pub fn text(&self, which: Out) -> String {
        self.output
            .streams
            .lock()
            .map(|s| String::from_utf8_lossy(&s[which as usize].bytes).into_owned())
            .unwrap_or_default()
    }

    /// How many bytes of one stream came so far (kept or not).
    pub fn total(&self, which: Out) -> usize {
        self.output
            .streams
            .lock()
            .map(|s| s[which as usize].total)
            .unwrap_or(0)
    }

    /// Wait until `found` says yes about what stdout (lossily decoded) holds from byte `from`
    /// on, or `within` passes, or stdout ends. The text from `from` either way.
    pub fn wait_out(
        &self,
        from: usize,
        within: Duration,
        found: impl Fn(&str) -> bool,
    ) -> (bool, String) {
        self.wait(Out::Stdout, from, within, found)
    }

    pub fn wait(
        &self,
        which: Out,
        from: usize,
        within: Duration,
        found: impl Fn(&str) -> bool,
    ) -> (bool, String) {
        let deadline = Instant::now() + within;
        let Ok(mut all) = self.output.streams.lock() else {
            return (false, String::new());
        };
        loop {
            let s = &all[which as usize];
            let text =
                String::from_utf8_lossy(s.bytes.get(from..).unwrap_or_default()).into_owned();
            if found(&text) {
                return (true, text);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || s.ended {
                return (false, text);
            }
            all = match self.output.grew.wait_timeout(all, left) {
                Ok((g, _)) => g,
                Err(_) => return (false, text),
            };
        }
    }

    /// Wait until stdout and stderr together hold more than `before` bytes, or `within`
    /// passes. Did they?
    pub fn printed_more(&self, before: usize, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        let Ok(mut all) = self.output.streams.lock() else {
            return false;
        };
        loop {
            if all[0].total + all[1].total > before {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || (all[0].ended && all[1].ended) {
                return false;
            }
            all = match self.output.grew.wait_timeout(all, left) {
                Ok((g, _)) => g,
                Err(_) => return false,
            };
        }
    }

    /// Its exit status, if it exited within `within`.
    pub fn exited(&self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Ok(mut c) = self.child.lock()
                && let Some(status) = c.try_wait()
            {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            // A process's end has no channel to wait on without a reaper thread: look often.
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Interrupt it as Ctrl-C on a terminal would (its whole group). False where there is no
    /// such signal.
    pub fn interrupt(&self) -> bool {
        self.child
            .lock()
            .map(|c| !c.reaped && platform::interrupt_group(&c.child))
            .unwrap_or(false)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.stdin = None;
        self.killer().kill();
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".into(), "-c".into(), script.into()]
    }

    #[test]
    fn placeholders_are_substituted_in_words_and_environment() {
        let vars = [
            ("host", "127.0.0.1".to_string()),
            ("port", "4242".to_string()),
        ];
        let c = Client::start(&sh("echo {host}:{port} $NETLAB_PORT {nope}"), &vars).unwrap();
        let (found, text) = c.wait_out(0, Duration::from_secs(5), |t| t.contains('\n'));
        assert!(found, "{text:?}");
        assert_eq!(text, "127.0.0.1:4242 4242 {nope}\n");
    }

    #[test]
    fn typed_lines_reach_stdin_and_output_is_bounded() {
        let mut c =
            Client::start(&sh("read l; echo got $l; head -c 200000 /dev/zero"), &[]).unwrap();
        assert!(c.type_line("hello"));
        let (found, _) = c.wait_out(0, Duration::from_secs(5), |t| t.starts_with("got hello\n"));
        assert!(found);
        assert!(c.exited(Duration::from_secs(5)).is_some());
        let _ = c.wait_out(0, Duration::from_secs(5), |_| false);
        assert_eq!(c.text(Out::Stdout).len(), KEEP);
        assert_eq!(c.total(Out::Stdout), 200_000 + "got hello\n".len());
    }

    #[test]
    fn a_client_that_ignores_sigterm_dies_with_its_children() {
        // A shell that ignores TERM and a child of it that would outlive it.
        let c = Client::start(&sh("trap '' TERM; sleep 30 & echo $!; wait"), &[]).unwrap();
        let (_, text) = c.wait_out(0, Duration::from_secs(5), |t| t.contains('\n'));
        let grandchild: i32 = text.trim().parse().unwrap();
        let started = Instant::now();
        drop(c);
        // Gone, or a zombie waiting for whoever adopted it to reap it.
        let alive = || {
            std::fs::read_to_string(format!("/proc/{grandchild}/stat")).is_ok_and(|s| {
                !s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('Z')
            })
        };
        while alive() {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "the child lives on"
            );
            thread::sleep(Duration::from_millis(10));
        }
    }
}
