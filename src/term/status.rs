//! A one-line live status on stderr (`waiting for answers: 1.2 s, 2 answers`), redrawn in
//! place. It is written only when stderr is a terminal — never on a pipe or into a file, where
//! it would be noise in someone's log — and the role clears it before it prints its next line,
//! so it never mixes with output. No colour, so `NO_COLOR` has nothing to turn off.

use std::io::{IsTerminal, Write};

use super::text::safe;

/// The status line of one role (the owner thread holds it).
#[derive(Debug)]
pub struct Status {
    on: bool,
    shown: bool,
    /// A line typed on the terminal moved the cursor below the drawn line (its echo and
    /// Enter): the next draw goes back up to it, so no stale copy is left behind.
    below: bool,
}

impl Status {
    /// A status line if `wanted` and stderr is a terminal; otherwise one that writes nothing.
    pub fn new(wanted: bool) -> Status {
        Status {
            on: wanted && std::io::stderr().is_terminal(),
            shown: false,
            below: false,
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
        // Carriage return, the text, then erase whatever a longer earlier text left.
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{}\r{}\x1b[K", self.up(), safe(text));
        let _ = err.flush();
        self.shown = true;
    }

    /// Erase the line, leaving the cursor at its start for the next output line.
    pub fn clear(&mut self) {
        if !self.shown {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{}\r\x1b[K", self.up());
        let _ = err.flush();
        self.shown = false;
    }

    /// A line was typed while the status showed: on a terminal its echo ended with the
    /// cursor on the next line.
    pub fn typed(&mut self) {
        self.below = self.shown && std::io::stdin().is_terminal();
    }

    /// Back up to the drawn line, if a typed line left the cursor below it.
    fn up(&mut self) -> &'static str {
        match std::mem::take(&mut self.below) {
            true => "\x1b[1A",
            false => "",
        }
    }
}

impl Drop for Status {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn unwanted_is_never_drawn() {
        let mut s = Status::new(false);
        assert!(!s.on());
        s.show("waiting");
        assert!(!s.shown);
    }
}
