//! A [`Diagram`] drawn for a terminal: one lifeline per participant, one arrow per frame with
//! its label above it, wrapped to fit between the two lifelines, and notes across the width.
//! Box-drawing characters, or plain ASCII (`--ascii`). Pure: the caller gives the width.

use super::{Diagram, Step};
use crate::term::text::{char_width, wrap};

/// The characters a ladder is drawn with.
struct Pen {
    line: char,
    dash: char,
    right: char,
    left: char,
    tee_right: char,
    tee_left: char,
    note: &'static str,
}

const BOXES: Pen = Pen {
    line: '│',
    dash: '─',
    right: '▶',
    left: '◀',
    tee_right: '├',
    tee_left: '┤',
    note: "※ ",
};

const ASCII: Pen = Pen {
    line: '|',
    dash: '-',
    right: '>',
    left: '<',
    tee_right: '+',
    tee_left: '+',
    note: "* ",
};

/// A row of cells, one per column (a wide character takes its cell and blanks the next).
struct Row(Vec<char>);

impl Row {
    fn new(width: usize) -> Row {
        Row(vec![' '; width])
    }

    fn put(&mut self, at: usize, c: char) {
        if let Some(cell) = self.0.get_mut(at) {
            *cell = c;
        }
    }

    /// Write `text` from column `at` on, stopping at `end` (exclusive).
    fn write(&mut self, at: usize, end: usize, text: &str) {
        let mut col = at;
        for c in text.chars() {
            let w = char_width(c);
            if col + w > end {
                break;
            }
            self.put(col, c);
            for k in 1..w {
                self.put(col + k, '\0');
            }
            col += w;
        }
    }

    fn text(&self) -> String {
        let s: String = self.0.iter().filter(|&&c| c != '\0').collect();
        s.trim_end().to_string()
    }
}

/// Cut `text` into lines of at most `width` columns: at blanks where it can, inside a word
/// where it must.
fn fit(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in wrap(text, width) {
        let mut cur = String::new();
        let mut w = 0;
        for c in line.chars() {
            let cw = char_width(c);
            if w + cw > width && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
                w = 0;
            }
            cur.push(c);
            w += cw;
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// The ladder's lines, each at most `width` columns.
pub fn render(d: &Diagram, width: usize, ascii: bool) -> Vec<String> {
    let ladder = Ladder::new(&d.participants, width, ascii);
    let mut out = ladder.head();
    for s in &d.steps {
        out.extend(ladder.step(s));
    }
    out.extend(ladder.foot());
    out
}

/// A ladder whose participants are known from the start, drawn step by step as the exchange
/// goes on (`netlab proxy --diagram ladder` draws it live).
pub struct Ladder {
    names: Vec<String>,
    pen: &'static Pen,
    width: usize,
    slot: usize,
}

impl Ladder {
    pub fn new(participants: &[String], width: usize, ascii: bool) -> Ladder {
        let n = participants.len().max(1);
        let width = width.max(8 * n).max(20);
        Ladder {
            names: participants.to_vec(),
            pen: if ascii { &ASCII } else { &BOXES },
            width,
            slot: width / n,
        }
    }

    fn col(&self, i: usize) -> usize {
        self.slot * i + self.slot / 2
    }

    fn lifelines(&self) -> Row {
        let mut r = Row::new(self.width);
        for i in 0..self.names.len() {
            r.put(self.col(i), self.pen.line);
        }
        r
    }

    /// The names, centred over their lifelines and cut to their slot, then the lifelines.
    pub fn head(&self) -> Vec<String> {
        let mut names = Row::new(self.width);
        for (i, p) in self.names.iter().enumerate() {
            let name = fit(p, self.slot.saturating_sub(1)).remove(0);
            let w: usize = name.chars().map(char_width).sum();
            let at = self.col(i).saturating_sub(w / 2);
            names.write(at, at + self.slot, &name);
        }
        vec![names.text(), self.lifelines().text()]
    }

    pub fn foot(&self) -> Vec<String> {
        vec![self.lifelines().text()]
    }

    /// The lines of one step.
    pub fn step(&self, s: &Step) -> Vec<String> {
        let pen = self.pen;
        let width = self.width;
        let mut out = Vec::new();
        match s {
            Step::Arrow { from, to, label } => {
                // `--ascii`: a short label's arrow (`1→1001`) in ASCII too.
                let label = if self.pen.dash == '-' {
                    label.replace('→', "->")
                } else {
                    label.clone()
                };
                let label = &label;
                let (a, b) = (self.col(*from.min(to)), self.col(*from.max(to)));
                let room = b.saturating_sub(a).saturating_sub(3).max(8);
                for line in fit(label, room) {
                    let mut r = self.lifelines();
                    r.write(a + 2, (a + 2 + room).min(width), &line);
                    out.push(r.text());
                }
                let mut r = self.lifelines();
                for x in a + 1..b {
                    r.put(x, pen.dash);
                }
                if to > from {
                    r.put(a, pen.tee_right);
                    r.put(b - 1, pen.right);
                } else if to < from {
                    r.put(b, pen.tee_left);
                    r.put(a + 1, pen.left);
                }
                out.push(r.text());
            }
            Step::Note { first, text, .. } => {
                // Near the right edge a note moves left to keep 40 columns of room.
                let at = (self.col(*first) + 2).min(width.saturating_sub(40.min(width)));
                let room = width - at;
                for (k, line) in fit(text, room - pen.note.chars().count())
                    .iter()
                    .enumerate()
                {
                    let mut r = self.lifelines();
                    let lead = if k == 0 { pen.note } else { "  " };
                    r.write(at, width, &format!("{lead}{line}"));
                    out.push(r.text());
                }
            }
        }
        out
    }
}
