//! `netlab grade --matrix`: every submission's client, for each client role the rubric names,
//! against every submission's server and netlab's own. A cell runs the protocol's classroom
//! scenario (the demo's) with that client, netlab's own for the other roles, and that server,
//! `netlab proxy PROTOCOL … --trace=hex` between them: the proxy's trace is the evidence. PASS
//! when every step's effect is seen; else FAIL naming the first frame that went wrong and whose
//! it was (or "no frame" when nothing came within the step's deadline).
//!
//! - [`trace`]: the proxy's trace read back; [`bench`]: a cell's processes (the server, the
//!   proxy, the clients), every one killed with its process group when the cell ends;
//! - [`msg`]: the msg scenario (Figure 1's steps); [`app`]: echo's and app's (the socket
//!   tutorial's runs); [`kv`]: the kv demo's with one node (a key it holds, one none holds);
//!   [`chat`]: the spec's session, two peers registering, listing and talking through the
//!   proxy (`--peers`).
//!
//! Chat has a second part: its peers against each other. For every ordered pair of
//! submissions (netlab's own peer among them, not against itself) one cell: the first's peer
//! calls (Bruno), the second's is called (Ana), netlab's directory between them, so it is
//! never a submission's to blame. A submission against itself is its cell with netlab's
//! directory, not run twice.
//!
//! Scoring (`[points] matrix = N`): a cell is worth N to each submission in it (its client's,
//! its server's, its callee's; once when they are the same). A failed cell costs its points
//! only to the side whose frame went wrong; for the other it counts in neither the score nor
//! the maximum.

pub mod app;
pub mod bench;
pub mod chat;
pub mod kv;
pub mod msg;
pub mod trace;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use serde::{Deserialize, Serialize};

use super::rubric::{Rubric, SERVER};
use super::score;
use super::text::GradeText;
use crate::check::Proto;
use crate::check::client::process::{Client, Out};
use crate::check::exec::Program;
use crate::net::shutdown::Stop;
use crate::term::text::{Lang, Text};

/// The name netlab's own programs go by in the matrix.
pub const NETLAB: &str = "netlab";
/// At most this many lines of the proxy's trace are kept per cell.
pub const TRACE_LINES: usize = 40;

/// Whose frame went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Blame {
    /// The client under test (the row's).
    Client,
    /// The server (the column's).
    Server,
    /// netlab's own client playing the other role, or netlab's bench.
    Netlab,
    /// The called peer of a chat cell of peers against each other (the column's), when it is
    /// another submission's than the caller's.
    Callee,
}

/// One step of a cell's scenario, and whether its effect was seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepDone {
    pub name: String,
    /// `pass`, `fail`, or `skip` (not reached).
    pub status: String,
}

/// One cell: a client role of one submission (or netlab) against one server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub role: String,
    /// The client's submission (`netlab` for netlab's own).
    pub client: String,
    /// The server's submission (`netlab` for netlab's own).
    pub server: String,
    /// Chat peers against each other: the called peer's submission (`netlab` for netlab's
    /// own); the calling one is `client`. None when both peers are the client's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callee: Option<String>,
    /// `pass` or `fail`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blame: Option<Blame>,
    /// Whose frame went wrong, as people say it ("bruno's emitter").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whose: Option<String>,
    /// The step that failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The frame that went wrong, decoded as the proxy showed it, or "no frame".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    pub steps: Vec<StepDone>,
    /// The proxy's decoded trace (from the failed step on, for a failure).
    #[serde(default)]
    pub trace: Vec<String>,
    #[serde(default)]
    pub seconds: f64,
}

/// Why a step failed: what the cell says of it.
pub struct Failed {
    pub blame: Blame,
    pub whose: String,
    pub frame: String,
    pub why: String,
}

impl Cell {
    /// A cell about to run `plan`: no step run yet.
    pub fn new(plan: &Plan, steps: &[String]) -> Cell {
        Cell {
            role: plan.role.clone(),
            client: name(&plan.client),
            server: name(&plan.server),
            callee: match &plan.callee {
                Callee::Own => None,
                Callee::Of(p) => Some(name(p)),
            },
            status: "fail".into(),
            blame: None,
            whose: None,
            step: None,
            frame: None,
            why: None,
            steps: steps
                .iter()
                .map(|n| StepDone {
                    name: n.clone(),
                    status: "skip".into(),
                })
                .collect(),
            trace: Vec::new(),
            seconds: 0.0,
        }
    }

    /// Step `i` failed.
    pub fn failed(&mut self, i: usize, f: Failed) {
        if let Some(s) = self.steps.get_mut(i) {
            s.status = "fail".into();
            self.step = Some(s.name.clone());
        }
        self.status = "fail".into();
        self.blame = Some(f.blame);
        self.whose = Some(f.whose);
        self.frame = Some(f.frame);
        self.why = Some(f.why);
    }

    /// Run every step with `step` (`Ok(false)`: not run, the client has no way to do it), then
    /// keep the proxy's trace (from the failed step on).
    pub fn run_steps(
        &mut self,
        setup: &Setup,
        proxy: &Client,
        mut step: impl FnMut(usize, usize) -> Result<bool, Failed>,
    ) {
        let mut failed_at = None;
        for i in 0..self.steps.len() {
            if setup.stop.is_set() {
                self.status = "skip".into();
                self.why = Some(crate::check::text::CheckText::Interrupted.render(setup.lang));
                break;
            }
            let mark = trace::parse(&proxy.text(Out::Stdout)).len();
            match step(i, mark) {
                Ok(true) => self.steps[i].status = "pass".into(),
                Ok(false) => {}
                Err(f) => {
                    self.failed(i, f);
                    failed_at = Some(mark);
                    break;
                }
            }
        }
        if self.step.is_none() && self.status != "skip" {
            self.status = "pass".into();
        }
        // Every event is one decoded line: at most the last TRACE_LINES, and those of the
        // failed step among them (what came before it may be what went wrong: an answer that
        // arrived early).
        let lines = trace::decoded_lines(&proxy.text(Out::Stdout));
        let from = failed_at
            .unwrap_or(0)
            .min(lines.len().saturating_sub(TRACE_LINES));
        self.trace = lines.into_iter().skip(from).take(TRACE_LINES).collect();
    }

    pub fn passed(&self) -> bool {
        self.status == "pass"
    }

    /// What the cell counts for submission `name`: (earned, possible).
    pub fn points_for(&self, name: &str, each: f64) -> (f64, f64) {
        let as_client = self.client == name;
        let as_server = self.server == name;
        let as_callee = self.callee.as_deref() == Some(name);
        if !as_client && !as_server && !as_callee {
            return (0.0, 0.0);
        }
        if self.passed() {
            return (each, each);
        }
        let to_blame = match self.blame {
            Some(Blame::Client) => as_client,
            Some(Blame::Server) => as_server,
            Some(Blame::Callee) => as_callee,
            _ => false,
        };
        if to_blame { (0.0, each) } else { (0.0, 0.0) }
    }

    /// The cell's name in a submission's results: `matrix: emitter ana × server bruno`.
    pub fn title(&self, lang: Lang) -> String {
        if let Some(callee) = &self.callee {
            return GradeText::PeerCellTitle {
                caller: &self.client,
                callee,
            }
            .render(lang);
        }
        GradeText::CellTitle {
            role: &self.role,
            client: &self.client,
            server: &self.server,
        }
        .render(lang)
    }

    /// Its details, one line each: the verdict, the failed step, the frame, why, the trace.
    pub fn details(&self, lang: Lang) -> Vec<String> {
        let mut lines = vec![format!(
            "{} {}",
            self.status.to_ascii_uppercase(),
            self.title(lang)
        )];
        if let Some(step) = &self.step {
            lines.push(GradeText::FailedStep(step).render(lang));
        }
        if let (Some(frame), Some(whose)) = (&self.frame, &self.whose) {
            lines.push(GradeText::WentWrong { frame, whose }.render(lang));
        }
        if let Some(why) = &self.why {
            lines.push(why.clone());
        }
        lines.extend(self.trace.iter().map(|l| format!("  {l}")));
        lines
    }
}

/// The whole matrix: its rows (client roles × clients), columns (servers) and cells.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    pub roles: Vec<String>,
    pub clients: Vec<String>,
    /// netlab's first, then the submissions'.
    pub servers: Vec<String>,
    /// Chat: the called peers of the peers' table (netlab's first, then the submissions'); its
    /// callers are netlab's and `clients`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callees: Vec<String>,
    pub cells: Vec<Cell>,
    /// The points of a cell (the rubric's `matrix`).
    #[serde(default)]
    pub each: f64,
}

impl Matrix {
    pub fn cell(&self, role: &str, client: &str, server: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| {
            c.role == role && c.client == client && c.server == server && c.callee.is_none()
        })
    }

    /// The chat cell of `caller`'s peer calling `callee`'s with netlab's directory: one's own
    /// is its cell with netlab's server.
    pub fn peer_cell(&self, role: &str, caller: &str, callee: &str) -> Option<&Cell> {
        if caller == callee {
            return self.cell(role, caller, NETLAB);
        }
        self.cells
            .iter()
            .find(|c| c.role == role && c.client == caller && c.callee.as_deref() == Some(callee))
    }

    /// Submission `name`'s points in the matrix: (earned, possible).
    pub fn points(&self, name: &str, each: f64) -> (f64, f64) {
        self.cells.iter().fold((0.0, 0.0), |(p, m), c| {
            let (cp, cm) = c.points_for(name, each);
            (p + cp, m + cm)
        })
    }

    /// The cells submission `name` is in (as client, server or callee).
    pub fn of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Cell> + 'a {
        self.cells.iter().filter(move |c| {
            c.client == name || c.server == name || c.callee.as_deref() == Some(name)
        })
    }

    /// What submission `name` is told of its clients that work with netlab's server but fail
    /// against a peer's: which peer, and why.
    pub fn peer_notes(&self, name: &str, lang: Lang) -> Vec<String> {
        let mut notes = Vec::new();
        for c in self.cells.iter().filter(|c| {
            c.client == name
                && c.server != NETLAB
                && c.server != name
                && c.callee.is_none()
                && !c.passed()
        }) {
            if !self
                .cell(&c.role, name, NETLAB)
                .is_some_and(|with_netlab| with_netlab.passed())
            {
                continue;
            }
            notes.push(
                GradeText::OnlyWithPeer {
                    role: &c.role,
                    peer: &c.server,
                    step: c.step.as_deref().unwrap_or_default(),
                    frame: c.frame.as_deref().unwrap_or_default(),
                    whose: c.whose.as_deref().unwrap_or_default(),
                }
                .render(lang),
            );
        }
        notes.extend(self.peer_notes_chat(name, lang));
        notes
    }

    /// Chat peers against each other: what submission `name` is told of its peer failing with
    /// another submission's where it works with netlab's in the same place (caller or callee).
    fn peer_notes_chat(&self, name: &str, lang: Lang) -> Vec<String> {
        let mut notes = Vec::new();
        for c in self.cells.iter().filter(|c| !c.passed()) {
            let Some(callee) = c.callee.as_deref() else {
                continue;
            };
            let (calling, peer) = if c.client == name && callee != NETLAB {
                (true, callee)
            } else if callee == name && c.client != NETLAB {
                (false, c.client.as_str())
            } else {
                continue;
            };
            let with_netlab = if calling {
                self.peer_cell(&c.role, name, NETLAB)
            } else {
                self.peer_cell(&c.role, NETLAB, name)
            };
            if !with_netlab.is_some_and(Cell::passed) {
                continue;
            }
            notes.push(
                GradeText::OnlyWithOtherPeer {
                    calling,
                    peer,
                    step: c.step.as_deref().unwrap_or_default(),
                    frame: c.frame.as_deref().unwrap_or_default(),
                    whose: c.whose.as_deref().unwrap_or_default(),
                    why: c.why.as_deref().unwrap_or_default(),
                }
                .render(lang),
            );
        }
        notes
    }

    /// `PASS`/`FAIL` counts, for the line said at the end.
    pub fn counts(&self) -> (usize, usize) {
        let passed = self.cells.iter().filter(|c| c.passed()).count();
        (passed, self.cells.len() - passed)
    }
}

/// Which protocols have a matrix scenario, and their client roles.
pub fn client_roles(proto: Proto) -> Option<&'static [&'static str]> {
    match proto {
        Proto::Msg => Some(&["display", "emitter"]),
        Proto::Echo | Proto::App | Proto::Kv | Proto::Chat => Some(&["client"]),
        _ => None,
    }
}

/// One submission as the matrix sees it.
#[derive(Clone, Debug)]
pub struct Party {
    pub name: String,
    pub dir: PathBuf,
}

/// What every cell shares.
pub struct Setup<'a> {
    pub exe: &'a Path,
    pub lang: Lang,
    pub rubric: &'a Rubric,
    pub proto: Proto,
    /// A step's deadline (the rubric's timeout); a step that starts a program gets
    /// [`crate::check::client::STARTUP`] more.
    pub timeout: Duration,
    pub stop: &'a Stop,
}

impl Setup<'_> {
    /// Why a step failed when nothing came within its deadline.
    pub fn no_frame(&self) -> String {
        GradeText::NoFrame(self.timeout).render(self.lang)
    }
}

/// One cell to run: the client role, whose client (`None`: netlab's), whose server, and for
/// chat whose peer is called.
#[derive(Clone, Debug)]
pub struct Plan {
    pub role: String,
    pub client: Option<Party>,
    pub server: Option<Party>,
    pub callee: Callee,
}

impl Plan {
    /// A step failed on the server's frame (or on none from it).
    pub fn server_failed(&self, lang: Lang, frame: String, why: String) -> Failed {
        Failed {
            blame: Blame::Server,
            whose: owner(lang, &self.server, SERVER),
            frame,
            why,
        }
    }
}

/// Whose peer a chat cell calls.
#[derive(Clone, Debug)]
pub enum Callee {
    /// A second one of the client's submission (every cell of the other protocols too).
    Own,
    /// Another submission's (`None`: netlab's), with netlab's directory.
    Of(Option<Party>),
}

fn name(p: &Option<Party>) -> String {
    p.as_ref()
        .map_or_else(|| NETLAB.to_string(), |p| p.name.clone())
}

/// The client roles of the matrix: the protocol's the rubric names.
fn roles(setup: &Setup) -> Vec<String> {
    client_roles(setup.proto)
        .unwrap_or_default()
        .iter()
        .filter(|r| setup.rubric.roles.contains_key(**r))
        .map(|r| r.to_string())
        .collect()
}

/// The servers of the matrix: netlab's, then the submissions' when the rubric has a server.
fn servers(setup: &Setup, parties: &[Party]) -> Vec<Option<Party>> {
    let mut servers: Vec<Option<Party>> = vec![None];
    if setup.rubric.roles.contains_key(SERVER) {
        servers.extend(parties.iter().cloned().map(Some));
    }
    servers
}

/// Every cell of the matrix of `parties`: each client against each server; for chat, each
/// peer calling each other submission's and netlab's (netlab's calling each submission's).
pub fn plans(setup: &Setup, parties: &[Party]) -> Vec<Plan> {
    let roles = roles(setup);
    let servers = servers(setup, parties);
    let mut plans = Vec::new();
    for role in &roles {
        for client in parties {
            for server in &servers {
                plans.push(Plan {
                    role: role.clone(),
                    client: Some(client.clone()),
                    server: server.clone(),
                    callee: Callee::Own,
                });
            }
        }
        if setup.proto != Proto::Chat {
            continue;
        }
        let peers: Vec<Option<Party>> = std::iter::once(None)
            .chain(parties.iter().cloned().map(Some))
            .collect();
        for caller in &peers {
            for callee in &peers {
                if name(caller) == name(callee) {
                    continue;
                }
                plans.push(Plan {
                    role: role.clone(),
                    client: caller.clone(),
                    server: None,
                    callee: Callee::Of(callee.clone()),
                });
            }
        }
    }
    plans
}

/// Run the matrix of `parties` (`jobs` cells at once), saying progress with `progress`.
pub fn run(
    setup: &Setup,
    parties: &[Party],
    jobs: u16,
    progress: &(dyn Fn(&Cell) + Sync),
) -> Matrix {
    let plans = plans(setup, parties);
    let mut matrix = Matrix {
        roles: roles(setup),
        clients: parties.iter().map(|p| p.name.clone()).collect(),
        servers: servers(setup, parties).iter().map(name).collect(),
        callees: if setup.proto == Proto::Chat {
            std::iter::once(NETLAB.to_string())
                .chain(parties.iter().map(|p| p.name.clone()))
                .collect()
        } else {
            Vec::new()
        },
        cells: Vec::new(),
        each: setup.rubric.matrix_points(),
    };
    let (work_tx, work_rx) = bounded::<Plan>(plans.len().max(1));
    for p in plans {
        let _ = work_tx.send(p);
    }
    drop(work_tx);
    let (done_tx, done_rx) = bounded::<Cell>(usize::from(jobs.max(1)));
    let dead = bench::DeadServers::default();
    std::thread::scope(|scope| {
        for n in 0..jobs.max(1) {
            let (work_rx, done_tx, dead) = (work_rx.clone(), done_tx.clone(), &dead);
            let _ = std::thread::Builder::new()
                .name(format!("matrix-{n}"))
                .spawn_scoped(scope, move || {
                    while let Ok(plan) = work_rx.recv() {
                        if setup.stop.is_set() {
                            break;
                        }
                        let cell = run_cell(setup, &plan, dead);
                        if done_tx.send(cell).is_err() {
                            break;
                        }
                    }
                });
        }
        drop(done_tx);
        while let Ok(cell) = done_rx.recv() {
            progress(&cell);
            matrix.cells.push(cell);
        }
    });
    // The order of the table: role, the cells with a server of each, the peers' (each
    // client, netlab's last), server, callee.
    let pos = |list: &[String], x: &str| list.iter().position(|n| n == x).unwrap_or(usize::MAX);
    let (r, c, s, e) = (
        matrix.roles.clone(),
        matrix.clients.clone(),
        matrix.servers.clone(),
        matrix.callees.clone(),
    );
    matrix.cells.sort_by_key(|cell| {
        (
            pos(&r, &cell.role),
            cell.callee.is_some(),
            pos(&c, &cell.client),
            pos(&s, &cell.server),
            cell.callee.as_deref().map_or(0, |x| pos(&e, x)),
        )
    });
    matrix
}

/// Run one cell.
fn run_cell(setup: &Setup, plan: &Plan, dead: &bench::DeadServers) -> Cell {
    let started = Instant::now();
    let mut cell = match setup.proto {
        Proto::Msg => msg::run(setup, plan, dead),
        Proto::Echo | Proto::App => app::run(setup, plan, dead),
        Proto::Kv => kv::run(setup, plan, dead),
        Proto::Chat => chat::run(setup, plan, dead),
        _ => unreachable!("only protocols with a scenario have a matrix"),
    };
    cell.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    cell
}

/// Start a cell's server and the proxy in front of it: the server, the proxy, where the
/// proxy listens; `None` when either could not start (the cell failed at its first step).
pub fn open(
    setup: &Setup,
    plan: &Plan,
    dead: &bench::DeadServers,
    cell: &mut Cell,
) -> Option<(Program, Client, SocketAddr)> {
    let server = match bench::server(setup, &plan.server, dead) {
        Ok(s) => s,
        Err(why) => {
            cell.failed(
                0,
                Failed {
                    blame: Blame::Server,
                    whose: owner(setup.lang, &plan.server, SERVER),
                    frame: GradeText::NoFrameAtAll.render(setup.lang),
                    why,
                },
            );
            return None;
        }
    };
    match bench::proxy(setup, server.addr()) {
        Ok((proxy, at)) => Some((server, proxy, at)),
        Err(why) => {
            cell.failed(
                0,
                Failed {
                    blame: Blame::Netlab,
                    whose: NETLAB.into(),
                    frame: GradeText::NoFrameAtAll.render(setup.lang),
                    why: GradeText::NoProxy(&why).render(setup.lang),
                },
            );
            None
        }
    }
}

/// "emitter of ana", "server of netlab".
pub fn owner(lang: Lang, party: &Option<Party>, role: &str) -> String {
    GradeText::Owner {
        name: &name(party),
        role,
    }
    .render(lang)
}

/// `; it exited (status 1): …` when `client` has exited, else nothing.
pub fn exited(client: &Client, lang: Lang) -> String {
    match client.exited(Duration::ZERO) {
        Some(status) => {
            let err = client.text(Out::Stderr);
            let err = crate::check::client::tail(err.trim())
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" | ");
            format!(
                "; {}",
                GradeText::Exited {
                    status: &status.to_string(),
                    stderr: &crate::term::text::safe(&err),
                }
                .render(lang)
            )
        }
        None => String::new(),
    }
}

/// A cell's points as `number` writes them, for the report.
pub fn points_text(p: (f64, f64)) -> String {
    format!("{}/{}", score::number(p.0), score::number(p.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(role: &str, client: &str, server: &str, blame: Option<Blame>) -> Cell {
        Cell {
            role: role.into(),
            client: client.into(),
            server: server.into(),
            callee: None,
            status: if blame.is_some() { "fail" } else { "pass" }.into(),
            blame,
            whose: blame.map(|_| format!("server of {server}")),
            step: blame.map(|_| "the display registers".to_string()),
            frame: blame.map(|_| "ERRO orig=0 dest=1001".to_string()),
            why: None,
            steps: Vec::new(),
            trace: Vec::new(),
            seconds: 0.0,
        }
    }

    #[test]
    fn a_failed_cell_costs_only_the_side_to_blame() {
        let m = Matrix {
            roles: vec!["display".into()],
            clients: vec!["ana".into(), "bia".into()],
            servers: vec![NETLAB.into(), "ana".into(), "bia".into()],
            callees: Vec::new(),
            each: 1.0,
            cells: vec![
                cell("display", "ana", NETLAB, None),
                cell("display", "ana", "ana", None),
                cell("display", "ana", "bia", Some(Blame::Server)),
                cell("display", "bia", NETLAB, Some(Blame::Client)),
                cell("display", "bia", "ana", Some(Blame::Client)),
                cell("display", "bia", "bia", Some(Blame::Client)),
            ],
        };
        // Ana: 3 cells as client (1 failed, Bia's server to blame: neither), 1 more as
        // server (Bia's display to blame: neither): 2 of 2.
        assert_eq!(m.points("ana", 1.0), (2.0, 2.0));
        // Bia: her display failed three times on its own frames; her server failed Ana's
        // display; Ana's display passed nowhere with her server.
        assert_eq!(m.points("bia", 2.0), (0.0, 8.0));
        // Ana is told that her display works with netlab's server but not with Bia's.
        let notes = m.peer_notes("ana", Lang::En);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("bia's") && notes[0].contains("ERRO orig=0"),
            "{}",
            notes[0]
        );
        // Bia fails with netlab's server too: no such note for her.
        assert!(m.peer_notes("bia", Lang::En).is_empty());
        assert_eq!(m.counts(), (2, 4));
    }

    /// A chat cell of peers against each other (`caller` calls `callee`, netlab's directory).
    fn call(caller: &str, callee: &str, blame: Option<Blame>) -> Cell {
        Cell {
            callee: Some(callee.into()),
            whose: blame.map(|_| "client of bia (Ana)".to_string()),
            ..cell("client", caller, NETLAB, blame)
        }
    }

    #[test]
    fn peers_against_each_other_cost_only_the_peer_to_blame() {
        let m = Matrix {
            roles: vec!["client".into()],
            clients: vec!["ana".into(), "bia".into()],
            servers: vec![NETLAB.into()],
            callees: vec![NETLAB.into(), "ana".into(), "bia".into()],
            each: 1.0,
            cells: vec![
                cell("client", "ana", NETLAB, None),
                cell("client", "bia", NETLAB, Some(Blame::Client)),
                call("ana", NETLAB, None),
                call(NETLAB, "ana", None),
                call("bia", NETLAB, None),
                call(NETLAB, "bia", None),
                call("ana", "bia", Some(Blame::Callee)),
                call("bia", "ana", Some(Blame::Client)),
            ],
        };
        // A submission against itself is its cell with netlab's directory.
        assert_eq!(m.peer_cell("client", "bia", "bia").unwrap().callee, None);
        assert_eq!(m.cell("client", "ana", NETLAB).unwrap().callee, None);
        assert!(m.peer_cell("client", NETLAB, NETLAB).is_none());
        // Ana: 3 cells passed, the two with Bia's peer count in neither.
        assert_eq!(m.points("ana", 1.0), (3.0, 3.0));
        assert_eq!(m.of("ana").count(), 5);
        // Bia: 2 passed with netlab's peer; her own cell and both with Ana's failed on her side.
        assert_eq!(m.points("bia", 1.0), (2.0, 5.0));
        // Bia is told of Ana's peer as callee and as caller; Ana of Bia's, both ways.
        let notes = m.peer_notes("bia", Lang::En);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("when it calls ana's")));
        assert!(notes.iter().any(|n| n.contains("when ana's does")));
        let notes = m.peer_notes("ana", Lang::Pt);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().all(|n| n.contains("client of bia (Ana)")));
        assert!(notes.iter().any(|n| n.contains("quando chama o de bia")));
        // The titles name both peers.
        assert_eq!(
            m.peer_cell("client", "ana", "bia").unwrap().title(Lang::En),
            "matrix: peer of ana calls peer of bia (directory of netlab)"
        );
    }

    #[test]
    fn a_cell_of_an_older_results_json_reads_back_without_a_callee() {
        let old = r#"{"role":"client","client":"ana","server":"bia","status":"fail",
            "blame":"server","steps":[]}"#;
        let c: Cell = serde_json::from_str(old).unwrap();
        assert_eq!((c.callee, c.blame), (None, Some(Blame::Server)));
        let new = serde_json::to_value(call("ana", "bia", Some(Blame::Callee))).unwrap();
        assert_eq!(new["blame"], "callee");
        assert_eq!(new["callee"], "bia");
        let own = serde_json::to_value(cell("client", "ana", NETLAB, None)).unwrap();
        assert!(own.get("callee").is_none(), "{own}");
    }
}
