//! A one-line live status on stderr (`waiting for answers: 1.2 s, 2 answers`), redrawn in
//! place. It is written only when stderr is a terminal — never on a pipe or into a file, where
//! it would be noise in someone's log. No colour, so `NO_COLOR` has nothing to turn off.
//!
//! When stdin is that terminal too, the user may type (cooked mode: the kernel echoes the
//! keys) while the status shows, and the status keeps out of the way of what is typed:
//!
//! - the status is a row of its own just above the row being typed on, redrawn with the
//!   cursor saved and restored (`ESC 7` … `ESC 8`), so the half-typed text stays and the keys
//!   keep landing after it;
//! - every line printed meanwhile (stdout's, and stderr's) is inserted above the status
//!   ([`log::print_above`]), never into the half-typed text;
//! - a line typed and entered is taken out of the typing row and put above the status as the
//!   caller says it (the command with a note that it waits), so the screen keeps a transcript;
//! - while it is held, the terminal does not wrap lines (`ESC [ ? 7 l`): what is typed stays
//!   on one row (a line wider than the terminal shows cut at its right edge until Enter, and
//!   then whole), so the row above it is always the status. Wrapping comes back when it is
//!   let go, and on drop.
//!
//! Otherwise (stdin not a terminal: nobody types into it) the status is drawn on the cursor's
//! row and erased before every line the role prints.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::log::{self, Above};
use super::text::{char_width, safe};

/// Save and restore the cursor (DECSC, DECRC).
const SAVE: &str = "\x1b7";
const RESTORE: &str = "\x1b8";
/// Lines wrap at the right edge (DECAWM), or do not.
const WRAP: &str = "\x1b[?7h";
const NO_WRAP: &str = "\x1b[?7l";
/// Up one row, delete it (the rows below move up), back down to the cursor's row: the row
/// above the cursor's is gone and the cursor keeps its column.
const DELETE_ROW_ABOVE: &str = "\x1b7\x1b[A\x1b[M\x1b8\x1b[A";

/// The status line of one role (the owner thread holds it).
#[derive(Debug)]
pub struct Status {
    on: bool,
    /// Drawn on the cursor's row (stdin is not a terminal).
    shown: bool,
    /// stdin is the terminal too: the status keeps out of what is typed.
    typing: bool,
    /// stdout is the terminal too: its lines go above the status.
    stdout: bool,
    /// stderr is a terminal (whether or not the status is wanted).
    terminal: bool,
    /// While it holds the terminal (the status row, lines printed above it).
    held: Option<Arc<Mutex<Rows>>>,
}

/// What the status has on the screen while it holds the terminal.
#[derive(Debug, Default)]
struct Rows {
    /// The status row is just above the typing row.
    status: bool,
}

impl Status {
    /// A status line if `wanted` and stderr is a terminal; otherwise one that writes nothing.
    pub fn new(wanted: bool) -> Status {
        let terminal = std::io::stderr().is_terminal();
        let on = wanted && terminal;
        Status {
            on,
            shown: false,
            typing: on && std::io::stdin().is_terminal(),
            stdout: std::io::stdout().is_terminal(),
            terminal,
            held: None,
        }
    }

    /// Whether it is drawn at all (a role need not schedule redraws otherwise).
    pub fn on(&self) -> bool {
        self.on
    }

    /// Draw `text` in place of what the line showed.
    pub fn show(&mut self, text: &str) {
        if !self.on {
            return;
        }
        let text = safe(text);
        if self.typing {
            let cols = columns();
            let text = clip(&text, cols.saturating_sub(1).max(1));
            let rows = self.hold();
            let mut rows = rows.lock().unwrap_or_else(|e| e.into_inner());
            let out = match rows.status {
                true => format!("{SAVE}\x1b[A\r{text}\x1b[K{RESTORE}"),
                false => above(false, &text, cols),
            };
            rows.status = true;
            put(&out);
            return;
        }
        // Carriage return, the text, then erase whatever a longer earlier text left.
        put(&format!("\r{text}\x1b[K"));
        self.shown = true;
    }

    /// A line is about to be printed: erase the status from the cursor's row (when the status
    /// holds the terminal, the line goes above it and the status stays).
    pub fn clear(&mut self) {
        if !self.shown {
            return;
        }
        put("\r\x1b[K");
        self.shown = false;
    }

    /// What the status showed is over (its window closed): the status goes, from its own row
    /// or from the cursor's. Lines printed still go above the row being typed on, until
    /// [`Status::release`].
    pub fn end(&mut self) {
        self.clear();
        if let Some(rows) = &self.held {
            let mut rows = rows.lock().unwrap_or_else(|e| e.into_inner());
            if std::mem::take(&mut rows.status) {
                put(DELETE_ROW_ABOVE);
            }
        }
    }

    /// Give the terminal back: the status goes, lines wrap again and are printed as usual.
    pub fn release(&mut self) {
        self.end();
        if self.held.take().is_some() {
            log::print_above(None);
            wrap_again();
        }
    }

    /// A line was typed while the status showed, and the terminal echoed it (with its Enter,
    /// the cursor is on the row below it). It is shown as `shown` instead (the command, with a
    /// note that it waits): above the status, where the lines printed go.
    pub fn typed(&mut self, shown: &str) {
        if !self.typing {
            return;
        }
        let cols = columns();
        let rows = self.hold();
        let rows = rows.lock().unwrap_or_else(|e| e.into_inner());
        let out = format!(
            "{DELETE_ROW_ABOVE}{}",
            above(rows.status, &safe(shown), cols)
        );
        put(&out);
    }

    /// A line about what was typed (a command kept while a window was open, which runs now),
    /// put above the row being typed on, where the lines printed go. Only when stdin is the
    /// terminal too, as for [`Status::typed`]: nothing is said on a pipe.
    pub fn note(&mut self, shown: &str) {
        if !self.typing {
            return;
        }
        let cols = columns();
        let rows = self.hold();
        let rows = rows.lock().unwrap_or_else(|e| e.into_inner());
        put(&above(rows.status, &safe(shown), cols));
    }

    /// The role was interrupted (Ctrl-C): the terminal is given back, and on a terminal the
    /// cursor is left at the start of a row of its own, so that the shell's next prompt does
    /// not start after the `^C` the terminal echoed (or what was half typed). A cursor already
    /// at the start of a row stays there: no blank row is added.
    pub fn interrupted(&mut self) {
        self.release();
        if self.terminal {
            put(&fresh_row(columns()));
        }
    }

    /// Hold the terminal, if not yet: lines are printed above the status, and what is typed
    /// does not wrap.
    fn hold(&mut self) -> Arc<Mutex<Rows>> {
        if let Some(rows) = &self.held {
            return rows.clone();
        }
        let rows = Arc::new(Mutex::new(Rows::default()));
        let shared = rows.clone();
        // (Lines reach the printer terminal-safe, with their newline.)
        let print = Box::new(move |line: String| {
            let rows = shared.lock().unwrap_or_else(|e| e.into_inner());
            let line = line.strip_suffix('\n').unwrap_or(&line);
            let mut err = std::io::stderr().lock();
            err.write_all(above(rows.status, line, columns()).as_bytes())?;
            err.flush()
        });
        log::print_above(Some(Above {
            print,
            stdout: self.stdout,
            stderr: true,
        }));
        // A second Ctrl-C ends the process with no destructor run: wrapping is put back then too.
        WRAP_OFF.store(true, Ordering::SeqCst);
        crate::net::shutdown::at_exit(wrap_again);
        put(NO_WRAP);
        self.held = Some(rows.clone());
        rows
    }
}

impl Drop for Status {
    fn drop(&mut self) {
        self.release();
    }
}

/// Line wrapping is off (a status holds the terminal).
static WRAP_OFF: AtomicBool = AtomicBool::new(false);

/// Lines wrap again, if a status had turned wrapping off.
fn wrap_again() {
    if WRAP_OFF.swap(false, Ordering::SeqCst) {
        put(WRAP);
    }
}

/// One write of `out` on stderr.
fn put(out: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(out.as_bytes());
    let _ = err.flush();
}

/// The terminal's width (stderr's), 80 when it does not say.
fn columns() -> usize {
    crate::platform::stderr_width().unwrap_or(80)
}

/// What prints `line` above the status row (`status`: there is one) or, without one, above
/// the typing row, leaving the cursor where it was in the typing row: room below first (the
/// screen scrolls if the cursor is at its foot), then as many blank rows as the line takes
/// inserted, the line written there with wrapping on (and ended), and the cursor back, that
/// many rows lower.
fn above(status: bool, line: &str, cols: usize) -> String {
    let n = rows_of(line, cols);
    let mut out = String::with_capacity(line.len() + 32);
    for _ in 0..n {
        out.push_str("\x1bD"); // down one row (scrolls at the foot), same column
    }
    for _ in 0..n {
        out.push_str("\x1bM"); // and back up
    }
    out.push_str(SAVE);
    if status {
        out.push_str("\x1b[A");
    }
    // (The newline after the line moves onto a row that is there: nothing scrolls, and a
    // copy of the session, `script`'s, keeps the line as a line.)
    out.push_str(&format!(
        "\x1b[{n}L\r{WRAP}{line}{NO_WRAP}\r\n{RESTORE}\x1b[{n}B"
    ));
    out
}

/// What leaves the cursor at the start of a row with nothing on it, a new one only if the
/// cursor's row has something left of the cursor (the way shells keep a prompt off a row a
/// program left unfinished): a row's width of blanks, with wrapping on. From the start of a
/// row they fill it and the cursor waits at its right edge, where a carriage return takes it
/// back to the start of that same row; from further right they wrap onto the next row, and
/// the carriage return goes to the start of that one. Then that row is erased.
fn fresh_row(cols: usize) -> String {
    format!("{WRAP}{}\r\x1b[K", " ".repeat(cols.max(1)))
}

/// How many rows `line` takes on a terminal `cols` wide (a wide character that does not fit
/// at the end of a row goes to the next); colour escapes take none.
fn rows_of(line: &str, cols: usize) -> usize {
    let cols = cols.max(2);
    let (mut rows, mut col) = (1, 0);
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: parameters, then one final byte in @..~.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        let w = char_width(c);
        if col + w > cols {
            rows += 1;
            col = 0;
        }
        col += w;
    }
    rows
}

/// `text` cut to at most `cols` columns.
fn clip(text: &str, cols: usize) -> String {
    let mut width = 0;
    text.chars()
        .take_while(|&c| {
            width += char_width(c);
            width <= cols
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwanted_is_never_drawn() {
        let mut s = Status::new(false);
        assert!(!s.on());
        s.show("waiting");
        assert!(!s.shown);
        assert!(s.held.is_none());
    }

    #[test]
    fn a_line_takes_the_rows_it_wraps_on() {
        assert_eq!(rows_of("", 80), 1);
        assert_eq!(rows_of(&"a".repeat(80), 80), 1);
        assert_eq!(rows_of(&"a".repeat(81), 80), 2);
        assert_eq!(rows_of(&"a".repeat(160), 80), 2);
        // A wide character that does not fit in the last column starts the next row.
        assert_eq!(rows_of(&format!("{}字", "a".repeat(79)), 80), 2);
        assert_eq!(rows_of("\x1b[1mbold\x1b[0m", 4), 1);
    }

    #[test]
    fn a_fresh_row_is_a_rows_width_of_blanks_then_back_and_erased() {
        assert_eq!(fresh_row(3), "\x1b[?7h   \r\x1b[K");
    }

    #[test]
    fn a_status_is_cut_to_the_width() {
        assert_eq!(clip("waiting for answers", 7), "waiting");
        assert_eq!(clip("字字字", 5), "字字");
        assert_eq!(clip("ok", 80), "ok");
    }
}
