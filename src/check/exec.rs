//! `netlab check PROTOCOL --exec "python3 server.py {port}"`: the checker starts the server
//! under test itself. It picks a free loopback port (bound on port 0 and released; another
//! one when the program could not listen because something took it meanwhile), starts the
//! command with `{port}` (and `{host}`) replaced and `PORT` in its environment, waits for it to listen (connection attempts
//! until a deadline; "never listened" with the end of its stderr when it does not), starts it
//! again between cases when it died (the case says so, with its stderr's end), and at the end
//! stops it with its whole process group: SIGTERM, then SIGKILL for whatever outlived a short
//! grace (a child that ignores SIGTERM too). The process-group code is Unix's, in [`group`];
//! elsewhere the program alone is killed.
//!
//! The program's stdout and stderr are read as they come (a program that floods them is never
//! blocked, and costs no memory): only their last bytes are kept, to quote.

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::case::{Case, Kind, Problem};
use super::exec_text::ExecText;
use super::runner::{Died, Done, Plan, Status, Watch};
use super::text::CheckText;
use crate::net::Env;
use crate::platform;
use crate::term::text::{Lang, Text};

/// How long a started program may take to listen.
pub const LISTEN: Duration = Duration::from_secs(10);
/// How many bytes of the end of its stderr a report quotes.
pub const TAIL: usize = 600;
/// How long a program has to end after SIGTERM before its group gets SIGKILL.
const GRACE: Duration = Duration::from_millis(500);
/// How long a program that stopped serving is given to finish exiting.
const EXITING: Duration = Duration::from_secs(1);
/// How many ports are tried when the program cannot listen because its port was taken.
const PORT_TRIES: usize = 3;

/// A command line split into words, as a shell would for plain words and quotes ('…', "…",
/// and a backslash outside single quotes); no variables, globs or pipes.
pub fn words(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut started = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("'".into()),
                    }
                }
            }
            '"' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c) => word.push(c),
                            None => return Err("\"".into()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("\"".into()),
                    }
                }
            }
            '\\' => {
                started = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                started = true;
                word.push(c);
            }
        }
    }
    if started {
        words.push(word);
    }
    Ok(words)
}

/// The last [`TAIL`] bytes a stream of the program wrote, read by a thread of its own.
#[derive(Clone, Default)]
struct Tail(Arc<Mutex<Vec<u8>>>);

impl Tail {
    fn drain(&self, mut from: impl Read + Send + 'static, name: &str) {
        let tail = self.clone();
        let _ = std::thread::Builder::new()
            .name(name.into())
            .stack_size(64 * 1024)
            .spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = from.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    if let Ok(mut t) = tail.0.lock() {
                        t.extend_from_slice(&buf[..n]);
                        if t.len() > TAIL * 2 {
                            let cut = t.len() - TAIL;
                            t.drain(..cut);
                        }
                    }
                }
            });
    }

    /// The end of what was written, as text on one line (newlines as ` | `), at most [`TAIL`]
    /// bytes.
    fn text(&self) -> String {
        let bytes = self.0.lock().map(|t| t.clone()).unwrap_or_default();
        let from = bytes.len().saturating_sub(TAIL);
        let text = String::from_utf8_lossy(&bytes[from..]);
        text.lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// Why a program could not be brought to listen.
#[derive(Debug)]
pub struct NotListening(pub String);

/// The program under test, started by the checker.
pub struct Program {
    words: Vec<String>,
    lang: Lang,
    /// The folder it runs in (`None`: ours).
    dir: Option<std::path::PathBuf>,
    child: Option<Child>,
    port: u16,
    stderr: Tail,
    /// The program's deaths, each said once (the case during which it was found dead).
    deaths: Vec<String>,
}

impl Program {
    /// Start `command` (`{port}` and `{host}` replaced in its words) and wait until it
    /// listens on 127.0.0.1.
    pub fn start(command: &str, lang: Lang) -> Result<Program, NotListening> {
        Program::start_in(command, None, lang)
    }

    /// [`Program::start`] in the folder `dir` (a submission's, for `netlab grade --matrix`).
    pub fn start_in(
        command: &str,
        dir: Option<&std::path::Path>,
        lang: Lang,
    ) -> Result<Program, NotListening> {
        let words =
            words(command).map_err(|q| NotListening(ExecText::Unquoted(&q).render(lang)))?;
        if words.is_empty() {
            return Err(NotListening(ExecText::Empty.render(lang)));
        }
        let mut program = Program {
            words,
            lang,
            dir: dir.map(std::path::Path::to_path_buf),
            child: None,
            port: 0,
            stderr: Tail::default(),
            deaths: Vec::new(),
        };
        program.launch()?;
        Ok(program)
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// The command line as given, for reports.
    pub fn command(&self) -> String {
        self.words.join(" ")
    }

    /// Start it on a free port and wait until it listens; a port taken meanwhile by someone
    /// else costs a new port, at most [`PORT_TRIES`] times.
    fn launch(&mut self) -> Result<(), NotListening> {
        let mut last = None;
        for _ in 0..PORT_TRIES {
            match self.launch_on(free_port().map_err(|e| self.io(e))?) {
                Ok(()) => return Ok(()),
                Err((why, collided)) => {
                    self.kill();
                    if !collided {
                        return Err(why);
                    }
                    last = Some(why);
                }
            }
        }
        Err(last.unwrap_or_else(|| NotListening(String::new())))
    }

    fn io(&self, e: std::io::Error) -> NotListening {
        NotListening(crate::term::text::os_error(&e, self.lang))
    }

    /// `Err((why, collided))`: `collided` when it exited and its port is now someone else's.
    fn launch_on(&mut self, port: u16) -> Result<(), (NotListening, bool)> {
        self.port = port;
        // Something listens there already (another process took it since): its answer to the
        // probe below would pass for our program's.
        if TcpStream::connect_timeout(&self.addr(), Duration::from_millis(200)).is_ok() {
            return Err((NotListening(String::new()), true));
        }
        let args: Vec<String> = self
            .words
            .iter()
            .map(|w| {
                w.replace("{port}", &port.to_string())
                    .replace("{host}", "127.0.0.1")
            })
            .collect();
        let mut command = Command::new(&args[0]);
        command
            .args(&args[1..])
            // For a program that reads its port from the environment rather than its
            // arguments.
            .env("PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        platform::own_group(&mut command);
        let mut child = command.spawn().map_err(|e| {
            let why = ExecText::CannotRun {
                program: &args[0],
                why: &crate::term::text::os_error(&e, self.lang),
            };
            (NotListening(why.render(self.lang)), false)
        })?;
        self.stderr = Tail::default();
        if let Some(out) = child.stdout.take() {
            // Read and forgotten: a program never blocks on a full stdout.
            Tail::default().drain(out, "check-exec-out");
        }
        if let Some(err) = child.stderr.take() {
            self.stderr.drain(err, "check-exec-err");
        }
        self.child = Some(child);
        let deadline = Instant::now() + LISTEN;
        let addr = self.addr();
        loop {
            if let Some(status) = self.exited() {
                let collided = TcpListener::bind(addr).is_err();
                let why = ExecText::ExitedBeforeListening {
                    status: &exit_text(status, self.lang),
                    stderr: &self.stderr.text(),
                };
                return Err((NotListening(why.render(self.lang)), collided));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                // Connected: and to our program, unless it died meanwhile.
                if self.exited().is_none() {
                    return Ok(());
                }
                continue;
            }
            if Instant::now() >= deadline {
                let why = ExecText::NeverListened {
                    port,
                    within: LISTEN,
                    stderr: &self.stderr.text(),
                };
                return Err((NotListening(why.render(self.lang)), false));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Has it exited (and how)?
    fn exited(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    /// Stop it and its process group.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            platform::stop_group(&mut child, GRACE);
        }
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        self.kill();
    }
}

impl Watch for Program {
    fn after(&mut self, case: Option<&'static Case>, env: &Env) -> Option<Died> {
        let status = self.exited()?;
        let lang = env.lang();
        let stderr = self.stderr.text();
        let death = ExecText::Died {
            case: case.map(|c| c.id),
            status: &exit_text(status, lang),
            stderr: &stderr,
        }
        .render(lang);
        self.deaths.push(death.clone());
        self.kill();
        match self.launch() {
            Ok(()) => Some(Died {
                note: format!("{death}; {}", ExecText::Restarted(self.port).render(lang)),
                restarted: Some(self.addr()),
            }),
            Err(NotListening(why)) => Some(Died {
                note: format!("{death}; {why}"),
                restarted: None,
            }),
        }
    }

    fn after_stop(&mut self, case: Option<&'static Case>, env: &Env) -> Option<Died> {
        let deadline = Instant::now() + EXITING;
        while self.exited().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.after(case, env)
    }

    fn deaths(&self, env: &Env) -> Option<String> {
        let first = self.deaths.first()?;
        Some(
            ExecText::Deaths {
                n: self.deaths.len(),
                first,
            }
            .render(env.lang()),
        )
    }
}

/// The results of a run whose program never listened: every case the run would have run is
/// a skip blamed on the program (a failure in points), the alive case fails saying why (the
/// selected cases without it: [`ExecText::NotStarted`] says enough); the
/// cases it would not have run (strict, `--quick`) are skipped as usual.
pub fn not_run(
    plan: &Plan,
    why: &str,
    env: &Env,
    mut emit: impl FnMut(&Done),
) -> Result<Vec<Done>, Problem> {
    let mut results = Vec::new();
    let alive = plan.suite.cases.iter().find(|c| c.kind == Kind::Alive);
    for &case in &plan.cases {
        let (status, problem) = match case.kind {
            Kind::Alive => continue,
            Kind::Slow(_) if plan.quick => (
                Status::Skip,
                Problem::new(env.tr(CheckText::SkippedQuick)).skipped(),
            ),
            Kind::Strict if !plan.strict => (
                Status::Skip,
                Problem::new(env.tr(CheckText::SkippedStrict)).skipped(),
            ),
            _ => (
                Status::Skip,
                Problem::new(env.tr(ExecText::NotStarted(alive.map_or("", |a| a.id)))).stopped(),
            ),
        };
        let done = Done {
            case,
            status,
            problem: Some(problem),
            elapsed: Duration::ZERO,
        };
        emit(&done);
        results.push(done);
    }
    // Said whether or not it was selected, as when a server stops (the run failed).
    if let Some(alive) = alive {
        let done = Done {
            case: alive,
            status: Status::Fail,
            problem: Some(Problem::new(why.to_string())),
            elapsed: Duration::ZERO,
        };
        emit(&done);
        results.push(done);
    }
    Ok(results)
}

/// A port nothing listens on now: bound on port 0 and released, and not one this process
/// handed out lately. The system may give a released port to the next bind at once; two
/// programs started on the same port at the same time (`grade --jobs`) would make the second's
/// "it listens" probe reach the first, and its cases judge the wrong program.
pub(crate) fn free_port() -> std::io::Result<u16> {
    static RECENT: std::sync::Mutex<std::collections::VecDeque<u16>> =
        std::sync::Mutex::new(std::collections::VecDeque::new());
    let mut recent = RECENT.lock().unwrap_or_else(|e| e.into_inner());
    for _ in 0..64 {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
            .local_addr()?
            .port();
        if !recent.contains(&port) {
            if recent.len() >= 1024 {
                recent.pop_front();
            }
            recent.push_back(port);
            return Ok(port);
        }
    }
    Err(std::io::ErrorKind::AddrInUse.into())
}

/// `status 3`, `signal 9 (SIGKILL)`.
fn exit_text(status: ExitStatus, lang: Lang) -> String {
    match (status.code(), platform::ended_by_signal(status)) {
        (Some(code), _) => ExecText::ExitCode(code).render(lang),
        (None, Some(sig)) => ExecText::Signal(sig).render(lang),
        (None, None) => status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            words("python3 server.py {port}").unwrap(),
            ["python3", "server.py", "{port}"]
        );
        assert_eq!(
            words(r#" a 'b c' "d \"e\"" f\ g '' "#).unwrap(),
            ["a", "b c", "d \"e\"", "f g", ""]
        );
        assert!(words("a 'b").is_err());
        assert!(words("").unwrap().is_empty());
    }
}
