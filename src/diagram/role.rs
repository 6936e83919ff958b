//! `--diagram` on a role (`netlab --diagram mermaid msg display`): the role runs with its lines
//! going through a channel, and its [`crate::term::log::Mark`]s with them; one thread turns the
//! marks into a diagram and passes every line on to stderr (its stdout lines too, so that
//! stdout holds the diagram alone), and the diagram is drawn once the role is over; a ladder
//! on a terminal is drawn live instead, step by step as the frames pass.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender, bounded};

use super::Format;
use super::live::LiveLadder;
use super::traces::FromMarks;
use crate::term::log::{Line, Sink};
use crate::term::text::Lang;

/// The role of the line that tells the thread to draw (no role is named so).
const END: &str = "\0end";

/// The thread collecting one role's lines.
pub struct RoleDiagram {
    tx: Sender<Line>,
    drawn: Receiver<Vec<String>>,
}

/// Start collecting: the sink to give the role's log, and the handle that draws at the end.
/// `name` is the role's participant (`server`, `emitter` until it is `emitter 1`); its peers
/// are named as it knows them (`server 127.0.0.1:21000`), else by address.
pub fn start(
    name: &str,
    lang: Lang,
    format: Format,
    limit: Option<usize>,
    ascii: bool,
) -> (Sink, RoleDiagram) {
    // Lines that may quote the network: bounded, and drained at once by the thread.
    let (tx, rx) = bounded::<Line>(4096);
    let (done_tx, drawn) = bounded(1);
    let name = name.to_string();
    let spawned = std::thread::Builder::new()
        .name("diagram".into())
        .stack_size(256 * 1024)
        .spawn(move || {
            let mut traces = FromMarks::for_role(limit);
            // A ladder on a terminal is drawn as frames pass; elsewhere, once at the end.
            let mut live = (format == Format::Ladder && std::io::stdout().is_terminal())
                .then(|| LiveLadder::new(super::ladder_width(), ascii));
            let draw = |lines: Vec<String>| {
                let mut out = std::io::stdout().lock();
                for l in lines {
                    let _ = writeln!(out, "{}", crate::term::text::safe(&l));
                }
                let _ = out.flush();
            };
            for line in rx {
                if &*line.role == END {
                    if let Some(live) = &mut live {
                        draw(live.finish(&traces.diagram, lang));
                        let _ = done_tx.send(Vec::new());
                        return;
                    }
                    let width = super::ladder_width();
                    let _ = done_tx.send(traces.diagram.render(format, lang, width, ascii));
                    return;
                }
                if let Some(mark) = &line.mark {
                    traces.mark(&name, mark);
                    if let Some(live) = &mut live {
                        draw(live.update(&traces.diagram));
                    }
                    continue;
                }
                let _ = writeln!(std::io::stderr().lock(), "{}: {}", line.role, line.text);
            }
        });
    if spawned.is_err() {
        // No thread: the role prints as without --diagram, and no diagram is drawn.
        let (tx, _) = bounded(1);
        let (_, drawn) = bounded(1);
        return (Sink::Std, RoleDiagram { tx, drawn });
    }
    (Sink::Channel(tx.clone()), RoleDiagram { tx, drawn })
}

impl RoleDiagram {
    /// The role is over: every line it printed is taken in, then the diagram is drawn.
    pub fn finish(self) -> Vec<String> {
        let end = Line::text(Arc::from(END), crate::term::log::Stream::Err, String::new());
        if self.tx.send(end).is_err() {
            return Vec::new();
        }
        self.drawn.recv().unwrap_or_default()
    }
}
