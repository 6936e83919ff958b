//! A ladder drawn as its diagram grows (`--diagram ladder` on a terminal, for a role's traces
//! and the demo): each new step is drawn as it comes, and a participant that appears redraws
//! the names over the lifelines, now one more. On a pipe the ladder is drawn once at the end
//! instead ([`super::Diagram::render`]), the same as the golden files.

use super::Diagram;
use super::ladder::Ladder;
use crate::term::text::Lang;

pub struct LiveLadder {
    width: usize,
    ascii: bool,
    ladder: Option<Ladder>,
    participants: usize,
    steps: usize,
}

impl LiveLadder {
    pub fn new(width: usize, ascii: bool) -> LiveLadder {
        LiveLadder {
            width,
            ascii,
            ladder: None,
            participants: 0,
            steps: 0,
        }
    }

    /// The lines that draw what `d` gained since the last call.
    pub fn update(&mut self, d: &Diagram) -> Vec<String> {
        let mut out = Vec::new();
        // One participant alone has nothing to draw yet (a role listening, no peer).
        if d.participants.len() < 2 && d.steps.is_empty() {
            return out;
        }
        if d.participants.len() != self.participants || self.ladder.is_none() {
            let ladder = Ladder::new(&d.participants, self.width, self.ascii);
            out.extend(ladder.head());
            self.ladder = Some(ladder);
            self.participants = d.participants.len();
        }
        if let Some(ladder) = &self.ladder {
            for s in d.steps.iter().skip(self.steps) {
                out.extend(ladder.step(s));
            }
        }
        self.steps = d.steps.len();
        out
    }

    /// The last lines: the note on frames left out, if any, and the lifelines' ends.
    pub fn finish(&mut self, d: &Diagram, lang: Lang) -> Vec<String> {
        let mut out = self.update(&d.finished(lang));
        if let Some(ladder) = &self.ladder {
            out.extend(ladder.foot());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_step_by_step_it_ends_as_the_whole_ladder_does() {
        let mut d = Diagram::new(Some(2));
        let mut live = LiveLadder::new(80, true);
        let mut lines = Vec::new();
        let a = d.participant("emitter 1");
        let b = d.participant("server");
        d.arrow(a, b, "OI orig=1 dest=0 seq=0");
        lines.extend(live.update(&d));
        d.arrow(b, a, "OK orig=0 dest=1 seq=0");
        d.arrow(a, b, "left out");
        lines.extend(live.update(&d));
        lines.extend(live.finish(&d, Lang::En));
        assert_eq!(
            lines,
            d.render(super::super::Format::Ladder, Lang::En, 80, true)
        );
        // A participant that appears draws the names again, over three lifelines.
        let c = d.participant("display 1001");
        d.note(c, c, "late");
        let more = live.update(&d);
        assert!(more[0].contains("display 1001"), "{more:?}");
    }
}
