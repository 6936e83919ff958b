//! Where the proxy's lines go: the frame lines on stdout (`#1 -> MSG …`, with the time since
//! start and, with `--trace=hex`, the bytes), or a diagram: Mermaid or PlantUML drawn at the
//! end (stdout then holds the diagram alone), or a ladder drawn live. Every connection has two
//! participants: a client and the server for the connections accepted on LISTEN, a node and the
//! `client answer port` for a kv answer, a caller and `peer NAME` for a chat call (`--peers`).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Instant;

use super::Config;
use super::frames::Proto;
use super::lane::{Event, Lane};
use super::text::{ProxyText, Side, answer_port_word, peer_word};
use crate::diagram::ladder::Ladder;
use crate::diagram::{Diagram, Format, Step};
use crate::net::Env;
use crate::term::log::hex_row;
use crate::term::text::Text;

/// How many bytes that are not a frame the plain trace shows (`--trace=hex`: all of them), as
/// check's reports bound theirs.
const RAW_SHOWN: usize = 64;

/// What a proxied connection carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A connection accepted on LISTEN, forwarded to TARGET.
    Main,
    /// A node's answer to a kv client, accepted on the proxy's listener for its answer port.
    Answer,
    /// A call between chat peers (`--peers`), accepted on the proxy's listener for the callee;
    /// `owner` is the connection whose directory answer pointed there, when it is the only one
    /// (the caller is drawn on its lifeline).
    Peer { owner: Option<u64>, name: String },
}

pub struct Printer<'a> {
    pub env: &'a Env,
    start: Instant,
    hex: bool,
    target: SocketAddr,
    /// msg: a client named by its OI keeps its address in its name.
    msg: bool,
    /// `--diagram mermaid|plantuml`: drawn at the end.
    diagram: Option<RefCell<Diagram>>,
    /// `--diagram ladder`: drawn live.
    live: Option<Live>,
    /// Each open connection's two participants (their places in the diagram, or the live
    /// ladder's lifelines) and, for answer and peer connections, their names for frame lines.
    ends: RefCell<HashMap<u64, Ends>>,
}

#[derive(Clone)]
struct Ends {
    a: usize,
    b: usize,
    names: Option<(String, String)>,
    /// A connection accepted on LISTEN: its client's address, until the client is named by
    /// its role (a msg OI, a chat USER).
    unnamed: Option<SocketAddr>,
}

/// The live ladder and its count of frames, drawn and left out (`--diagram-limit`).
struct Live {
    ladder: Ladder,
    limit: Option<usize>,
    drawn: Cell<usize>,
    left: Cell<usize>,
}

/// The live ladder's lifelines: the client, the server, and the client answer port (kv) or the
/// peers (chat with `--peers`).
const LIVE_CLIENT: usize = 0;
const LIVE_SERVER: usize = 1;
const LIVE_THIRD: usize = 2;

impl<'a> Printer<'a> {
    pub fn new(cfg: &Config, env: &'a Env) -> Printer<'a> {
        let lang = env.lang();
        let live = (cfg.diagram == Some(Format::Ladder)).then(|| {
            let mut names = vec![
                Side::Client.word(lang).to_string(),
                format!("{} {}", Side::Server.word(lang), cfg.target),
            ];
            if cfg.proto == Proto::Kv {
                names.push(answer_port_word(lang).to_string());
            } else if cfg.proto == Proto::Chat && cfg.peers {
                names.push(peer_word(lang, "").trim().to_string());
            }
            Live {
                ladder: Ladder::new(&names, crate::diagram::ladder_width(), cfg.ascii),
                limit: cfg.diagram_limit,
                drawn: Cell::new(0),
                left: Cell::new(0),
            }
        });
        let p = Printer {
            env,
            start: Instant::now(),
            hex: env.log.trace_mode() == crate::term::log::Trace::Hex,
            target: cfg.target,
            msg: cfg.proto == Proto::Msg,
            diagram: cfg
                .diagram
                .filter(|&f| f != Format::Ladder)
                .map(|_| RefCell::new(Diagram::new(cfg.diagram_limit))),
            live,
            ends: RefCell::new(HashMap::new()),
        };
        if let Some(live) = &p.live {
            for line in live.ladder.head() {
                env.log.out(line);
            }
        }
        p
    }

    /// Draw one step of the live ladder.
    fn live_step(&self, live: &Live, step: Step) {
        let arrow = matches!(step, Step::Arrow { .. });
        if live.limit.is_some_and(|l| live.drawn.get() >= l) {
            if arrow {
                live.left.set(live.left.get() + 1);
            }
            return;
        }
        if arrow {
            live.drawn.set(live.drawn.get() + 1);
        }
        for line in live.ladder.step(&step) {
            self.env.log.out(line);
        }
    }

    /// A connection opened (`from` connected to the proxy, which connects to `to` for it):
    /// its participants, then the line that says so.
    pub fn open(&self, id: u64, kind: &Kind, from: SocketAddr, to: SocketAddr, text: ProxyText) {
        let lang = self.env.lang();
        let server = Side::Server.word(lang);
        let (first, second) = match kind {
            Kind::Main => (
                format!("{} #{id} {from}", Side::Client.word(lang)),
                format!("{server} {}", self.target),
            ),
            Kind::Answer if from.ip() == self.target.ip() => (
                format!("{server} {}", self.target),
                format!("{} {to}", answer_port_word(lang)),
            ),
            Kind::Answer => (
                format!("{server} {}", from.ip()),
                format!("{} {to}", answer_port_word(lang)),
            ),
            Kind::Peer { owner, name } => {
                let ends = self.ends.borrow();
                let caller = match (&self.diagram, owner.and_then(|o| ends.get(&o))) {
                    (Some(d), Some(e)) => d.borrow().participants.get(e.a).cloned(),
                    _ => None,
                };
                drop(ends);
                (
                    caller.unwrap_or_else(|| format!("{} {from}", Side::Client.word(lang))),
                    peer_word(lang, name),
                )
            }
        };
        let (a, b) = match (&self.diagram, kind) {
            (Some(d), _) => {
                let mut d = d.borrow_mut();
                (d.participant(&first), d.participant(&second))
            }
            (None, Kind::Main) => (LIVE_CLIENT, LIVE_SERVER),
            (None, Kind::Answer) => (LIVE_SERVER, LIVE_THIRD),
            (None, Kind::Peer { .. }) => (LIVE_CLIENT, LIVE_THIRD),
        };
        let names = (*kind != Kind::Main).then_some((first, second));
        let unnamed = (*kind == Kind::Main).then_some(from);
        self.ends.borrow_mut().insert(
            id,
            Ends {
                a,
                b,
                names,
                unnamed,
            },
        );
        if self.diagram.is_none() {
            self.note(id, text);
        }
    }

    /// The connection is gone: its participants stay in the diagram, its entry goes.
    pub fn forget(&self, id: u64) {
        self.ends.borrow_mut().remove(&id);
    }

    fn ends_of(&self, id: u64) -> Option<Ends> {
        self.ends.borrow().get(&id).cloned()
    }

    pub fn note(&self, id: u64, text: ProxyText) {
        let line = text.render(self.env.lang());
        let ends = self.ends_of(id);
        let (a, b) = ends.as_ref().map_or((0, 1), |e| (e.a, e.b));
        if let Some(live) = &self.live {
            let step = Step::Note {
                first: a.min(b),
                last: a.max(b),
                text: format!("#{id} {line}"),
            };
            self.live_step(live, step);
            return;
        }
        if let Some(cell) = &self.diagram {
            if ends.is_some() {
                cell.borrow_mut().note(a, b, line);
            }
            return;
        }
        self.env.log.out(format!("#{id} {line}"));
    }

    /// Draw the diagram on stdout (Ctrl-C ended the run).
    pub fn draw(&self, format: Format, ascii: bool) {
        if let Some(live) = &self.live {
            if live.left.get() > 0 {
                let text = crate::diagram::text::DiagramText::LeftOut {
                    shown: live.drawn.get(),
                    left: live.left.get(),
                }
                .render(self.env.lang());
                for line in live.ladder.step(&Step::Note {
                    first: 0,
                    last: 1,
                    text,
                }) {
                    self.env.log.out(line);
                }
            }
            for line in live.ladder.foot() {
                self.env.log.out(line);
            }
            return;
        }
        if let Some(cell) = &self.diagram {
            let width = crate::diagram::ladder_width();
            for line in cell.borrow().render(format, self.env.lang(), width, ascii) {
                self.env.log.out(line);
            }
        }
    }

    /// The client of connection `id` said who it is (`who`: `emitter 1`, `peer Ana`): its
    /// participant takes that name (a msg client keeps its address; a name already taken gets
    /// it too), or, on the live ladder, a note says it. Once per connection.
    fn name_client(&self, id: u64, who: &str) {
        let Some(addr) = self
            .ends
            .borrow_mut()
            .get_mut(&id)
            .and_then(|e| e.unnamed.take())
        else {
            return;
        };
        let Some(e) = self.ends_of(id) else {
            return;
        };
        let name = if self.msg {
            format!("{who} {addr}")
        } else {
            who.to_string()
        };
        if let Some(live) = &self.live {
            let step = Step::Note {
                first: e.a,
                last: e.a,
                text: format!("#{id} {name}"),
            };
            self.live_step(live, step);
            return;
        }
        if let Some(cell) = &self.diagram {
            let mut d = cell.borrow_mut();
            // A name another lifeline has already: the address tells them apart.
            if let Some(old) = d.participants.get(e.a).cloned()
                && !d.rename(&old, &name)
            {
                d.rename(&old, &format!("{who} {addr}"));
            }
        }
    }

    /// What a lane has to tell, printed or drawn.
    pub fn events(&self, id: u64, lane: &mut Lane) {
        if self.live.is_some() || self.diagram.is_some() {
            let named: Vec<String> = lane
                .events
                .iter()
                .filter_map(|ev| match ev {
                    Event::Frame { who: Some(w), .. } if lane.to == Side::Server => Some(w.clone()),
                    _ => None,
                })
                .collect();
            if let Some(who) = named.first() {
                self.name_client(id, who);
            }
        }
        let ends = self.ends_of(id);
        let (a, b) = ends.as_ref().map_or((0, 1), |e| (e.a, e.b));
        let (from, to) = match lane.to {
            Side::Server => (a, b),
            Side::Client => (b, a),
        };
        let (first, last) = (a.min(b), a.max(b));
        let t = self.start.elapsed().as_secs_f64();
        let lang = self.env.lang();
        if let Some(live) = &self.live {
            for ev in lane.events.drain(..) {
                let step = match ev {
                    Event::Frame { line, short, .. } => Step::Arrow {
                        from,
                        to,
                        label: format!("#{id} {}", short.unwrap_or(line)),
                    },
                    Event::Bytes { why, .. } => Step::Arrow {
                        from,
                        to,
                        label: format!("#{id} {}", why.render(lang)),
                    },
                    Event::Note(n) => Step::Note {
                        first,
                        last,
                        text: format!("#{id} {}", n.render(lang)),
                    },
                    Event::Hint(h) => Step::Note {
                        first,
                        last,
                        text: format!("#{id} !! {h}"),
                    },
                };
                self.live_step(live, step);
            }
            return;
        }
        if let Some(cell) = &self.diagram {
            if ends.is_none() {
                lane.events.clear();
                return;
            }
            let mut d = cell.borrow_mut();
            for ev in lane.events.drain(..) {
                match ev {
                    Event::Frame { line, short, .. } => d.arrow(from, to, short.unwrap_or(line)),
                    Event::Bytes { why, .. } => d.arrow(from, to, why.render(lang)),
                    Event::Note(n) => d.note(a, b, n.render(lang)),
                    Event::Hint(h) => d.note(a, b, format!("!! {h}")),
                }
            }
            return;
        }
        // Answer and peer connections name both ends on each line.
        let arrow = match (ends.and_then(|e| e.names), lane.to) {
            (Some((x, y)), Side::Server) => format!("{x} -> {y}:"),
            (Some((x, y)), Side::Client) => format!("{y} -> {x}:"),
            (None, Side::Server) => "->".to_string(),
            (None, Side::Client) => "<-".to_string(),
        };
        for ev in lane.events.drain(..) {
            // Bytes that are not a frame are always shown as bytes (at most RAW_SHOWN of them
            // without --trace=hex), decoded frames only with --trace=hex.
            let (line, bytes, raw) = match ev {
                Event::Frame { line, bytes, .. } => (line, Some(bytes), false),
                Event::Bytes { why, bytes } => (why.render(lang), Some(bytes), true),
                Event::Note(n) => (n.render(lang), None, false),
                Event::Hint(h) => (format!("!! {h}"), None, false),
            };
            match bytes {
                Some(b) => {
                    let size = b.len();
                    self.env
                        .log
                        .out(format!("#{id} {arrow} {line} (+{t:.6}s, {size} bytes)"));
                    let shown = match (self.hex, raw) {
                        (true, _) => size,
                        (false, true) => size.min(RAW_SHOWN),
                        (false, false) => 0,
                    };
                    for (k, row) in b[..shown].chunks(16).enumerate() {
                        self.env
                            .log
                            .out(format!("#{id}      {:04x}  {}", k * 16, hex_row(row)));
                    }
                    if shown < size && raw {
                        let all = crate::check::text::CheckText::BytesInAll(size).render(lang);
                        self.env.log.out(format!("#{id}      {all}"));
                    }
                }
                None => {
                    self.env.log.out(format!("#{id} {arrow} {line}"));
                }
            }
        }
    }
}
