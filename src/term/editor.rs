//! Input lines read with a line editor (rustyline), for a role the user types into while lines
//! arrive (`netlab chat peer`): every line the role prints goes above the prompt, so a line
//! arriving while the user types never lands inside the half-typed line.
//!
//! Only when stdin and stdout are both terminals (and the terminal's mode can be saved, see
//! [`SavedTerminal`]): otherwise [`lines`] says `None` and the caller reads stdin as plain lines
//! ([`super::stdin`]), so a pipe sees exactly what it saw before.
//!
//! Keys, in the editor's raw mode: Enter sends the line; Ctrl-D on an empty line is the end of
//! input, as on a pipe; Ctrl-C is a key here, not a signal, so it is handed to the same stop
//! path the signal takes ([`shutdown::interrupt`]): the first one starts the goodbye (and gives
//! the terminal back, so a second Ctrl-C is a signal again and exits at once).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use crossbeam_channel::{Receiver, bounded};
use rustyline::error::ReadlineError;
use rustyline::{Config, DefaultEditor, ExternalPrinter};

use super::log::{self, Above, Log};
use super::stdin::MAX_LINE;
use crate::net::sentences::NetText;
use crate::net::shutdown;
use crate::platform::SavedTerminal;

/// What the user sees before the line being typed.
const PROMPT: &str = "> ";

/// Lines typed and kept in the editor's history (the up arrow), at most.
const HISTORY: usize = 100;

/// The terminal's mode before the editor took it, while the editor holds it.
static HELD: Mutex<Option<SavedTerminal>> = Mutex::new(None);

/// Start reading stdin with the line editor, when stdin and stdout are terminals: lines as
/// [`super::stdin::lines`] gives them (a line over [`MAX_LINE`] skipped with a warning; the
/// channel disconnects at end of input), and from now until [`finish`], the lines `log` and
/// every other logger of the process write to the terminal are printed above the prompt.
/// `None`: not a terminal (or no editor there); read stdin as plain lines.
pub fn lines(log: Log) -> Option<Receiver<String>> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    let saved = SavedTerminal::save()?;
    let config = Config::builder()
        .max_history_size(HISTORY)
        .ok()?
        .auto_add_history(true)
        .build();
    let mut editor = DefaultEditor::with_config(config).ok()?;
    // Fails where the terminal is not one the editor drives (TERM=dumb, say).
    let printer = editor.create_external_printer().ok()?;
    let printer = Mutex::new(printer);
    *HELD.lock().unwrap_or_else(|e| e.into_inner()) = Some(saved);
    // A second signal ends the process with no destructor run: the terminal is put back then.
    shutdown::at_exit(finish);
    log::print_above(Some(Above {
        print: Box::new(move |line| {
            let mut printer = printer.lock().unwrap_or_else(|e| e.into_inner());
            printer.print(line).map_err(std::io::Error::other)
        }),
        stdout: true,
        stderr: std::io::stderr().is_terminal(),
    }));
    let (tx, rx) = bounded(64);
    std::thread::Builder::new()
        .name("editor".into())
        .spawn(move || {
            loop {
                match editor.readline(PROMPT) {
                    Ok(line) if line.len() > MAX_LINE => {
                        log.warn(NetText::InputLineTooLong(MAX_LINE));
                    }
                    Ok(line) => {
                        if tx.send(line).is_err() {
                            break;
                        }
                    }
                    Err(ReadlineError::Interrupted) => {
                        // The editor gave the terminal back when readline returned; the role
                        // says its goodbye with lines printed as usual. The input channel stays
                        // open: the end of input is not what happened.
                        release();
                        shutdown::interrupt();
                        std::mem::forget(tx);
                        return;
                    }
                    // Ctrl-D, or the terminal is gone.
                    Err(_) => break,
                }
            }
            release();
        })
        .ok()?;
    Some(rx)
}

/// The editor no longer holds the terminal: lines go to the streams again.
fn release() {
    HELD.lock().unwrap_or_else(|e| e.into_inner()).take();
    log::print_above(None);
}

/// The role is over: when the editor still holds the terminal (it waits for a key), lines go to
/// the streams again, the prompt is wiped and the terminal is put back in the mode it had, so
/// the shell gets it as it was. Nothing when no editor was started or it already let go (end of
/// input, Ctrl-C).
pub fn finish() {
    let Some(saved) = HELD.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return;
    };
    log::print_above(None);
    saved.restore();
    // Back to the start of the prompt's line and clear it; bracketed paste off, as the editor
    // turns it off when it gives the terminal back itself.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(b"\r\x1b[K\x1b[?2004l");
    let _ = out.flush();
}
