//! A benchmark's server in a child process of its own: started, its port read from what it
//! says first (the port alone, or `listening on HOST:PORT`; warnings and errors before it are
//! shown), and the rest of what it says drained, so it never blocks on a full pipe.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::thread;

/// Start `cmd` (`who` names it in what is shown) and read its port on stderr or stdout. What
/// it says later is shown when `show_later` and it is a warning or an error.
pub fn start(
    mut cmd: Command,
    on_stderr: bool,
    who: &'static str,
    show_later: bool,
) -> (Child, u16) {
    if on_stderr {
        cmd.stderr(Stdio::piped());
    } else {
        cmd.stdout(Stdio::piped());
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("start the {who}: {e}"));
    let out: Box<dyn Read + Send> = if on_stderr {
        Box::new(child.stderr.take().unwrap())
    } else {
        Box::new(child.stdout.take().unwrap())
    };
    let mut lines = BufReader::new(out);
    // The port alone, or the line `listening on HOST:PORT` (warnings before it, such as the
    // capacity lowered to fit the descriptor limit, are shown).
    let port: u16 = loop {
        let mut line = String::new();
        if lines
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("the {who}'s output: {e}"))
            == 0
        {
            panic!("the {who} ended before it said its port");
        }
        let line = line.trim();
        if let Ok(port) = line.parse() {
            break port;
        }
        match line.split_once("listening on ") {
            Some((_, addr)) => {
                break addr
                    .rsplit(':')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| panic!("no port in {line:?}"));
            }
            None if line.contains("warning") || line.contains("error") => {
                eprintln!("{who}: {line}")
            }
            None => {}
        }
    };
    thread::spawn(move || {
        for line in lines.lines().map_while(Result::ok) {
            if show_later && (line.contains("warning") || line.contains("error")) {
                eprintln!("{who} {port}: {line}");
            }
        }
    });
    (child, port)
}
