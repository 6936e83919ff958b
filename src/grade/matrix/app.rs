//! The echo and app cells: the socket tutorial's runs (the demo's, src/demo/echo.rs and
//! src/demo/app.rs) with one client and one server, the proxy between them. Echo: the client
//! sends its message (`Hello, world`), the server echoes it back byte for byte, the client
//! prints it. App: the client sends a search request for `morpheus` (text/json), the server
//! answers a response carrying a result, the client prints the result.
//!
//! The client's bytes and the server's are read back from the proxy's trace and put end to end
//! (echo has no frames; an app frame may come in pieces), then judged.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::bench::{self, DeadServers, Started};
use super::trace::{self, Dir, Event};
use super::{Blame, Cell, Failed, Plan, Setup, owner};
use crate::app::wire;
use crate::check::Proto;
use crate::check::client::STARTUP;
use crate::check::client::process::{Client, Out};
use crate::grade::text::GradeText;
use crate::term::text::{Lang, Text};

/// The echo client's message: the tutorial's.
const MESSAGE: &str = "Hello, world";
/// The app client's search: the tutorial's first hit.
const SEARCH: &str = "morpheus";
/// The largest app content read back.
const MAX: u64 = 64 * 1024;

fn steps(proto: Proto, lang: Lang) -> Vec<String> {
    let echo = proto == Proto::Echo;
    (0..3)
        .map(|n| GradeText::AppStep { n, echo }.render(lang))
        .collect()
}

/// The cell as it runs.
struct Run<'a> {
    setup: &'a Setup<'a>,
    plan: &'a Plan,
    proxy: &'a Client,
    at: std::net::SocketAddr,
    client: Option<Started>,
    conn: Option<u32>,
    /// The app response's result, once read.
    result: Option<String>,
}

pub fn run(setup: &Setup, plan: &Plan, dead: &DeadServers) -> Cell {
    let mut cell = Cell::new(plan, &steps(setup.proto, setup.lang));
    let Some((server, proxy, at)) = super::open(setup, plan, dead, &mut cell) else {
        return cell;
    };
    let mut run = Run {
        setup,
        plan,
        proxy: &proxy,
        at,
        client: None,
        conn: None,
        result: None,
    };
    cell.run_steps(setup, &proxy, |i, mark| run.step(i, mark));
    drop(run);
    drop(proxy);
    drop(server);
    cell
}

/// The bytes of every event of `conn` going `dir`, end to end, and the events.
fn stream(events: &[Event], conn: Option<u32>, dir: Dir) -> (Vec<u8>, Vec<&Event>) {
    let evs: Vec<&Event> = events
        .iter()
        .filter(|e| Some(e.conn) == conn && e.dir == Some(dir))
        .collect();
    (evs.iter().flat_map(|e| e.bytes.clone()).collect(), evs)
}

/// An app frame's JSON content, when `bytes` start with a whole frame: `Ok(None)` while more
/// bytes are needed, `Err` when they are not a frame.
fn app_json(bytes: &[u8]) -> Result<Option<Value>, String> {
    let mut r = bytes;
    match wire::decode(&mut r, MAX) {
        Ok(f) => wire::json_content(&f)
            .map(Some)
            .map_err(|e| format!("{e:?}")),
        Err(wire::WireError::Closed | wire::WireError::Truncated { .. }) => Ok(None),
        Err(e) => Err(format!("{e:?}")),
    }
}

impl Run<'_> {
    fn client_owner(&self) -> String {
        owner(self.setup.lang, &self.plan.client, &self.plan.role)
    }

    fn step(&mut self, i: usize, mark: usize) -> Result<bool, Failed> {
        let lang = self.setup.lang;
        let echo = self.setup.proto == Proto::Echo;
        let within = self.setup.timeout + if i == 0 { STARTUP } else { Duration::ZERO };
        if i == 0 {
            let extra = if echo {
                vec![("action", String::new()), ("value", MESSAGE.to_string())]
            } else {
                vec![
                    ("action", "search".to_string()),
                    ("value", SEARCH.to_string()),
                ]
            };
            let started = bench::client(
                self.setup,
                &self.plan.client,
                &self.plan.role,
                self.at,
                &extra,
            )
            .map_err(|why| Failed {
                blame: Blame::Client,
                whose: self.client_owner(),
                frame: GradeText::NoFrameAtAll.render(lang),
                why,
            })?;
            self.client = Some(started);
        }
        let deadline = Instant::now() + within;
        loop {
            let before = self.proxy.total(Out::Stdout);
            let events = trace::parse(&self.proxy.text(Out::Stdout));
            if self.conn.is_none() {
                self.conn = events.get(mark).map(|e| e.conn);
            }
            let (sent, sent_evs) = stream(&events, self.conn, Dir::ToServer);
            let (got, got_evs) = stream(&events, self.conn, Dir::ToClient);
            let over = Instant::now() >= deadline || self.setup.stop.is_set();
            let first = |evs: &[&Event]| {
                evs.first().map_or_else(
                    || self.setup.no_frame(),
                    |e| crate::term::text::safe(&e.line).into_owned(),
                )
            };
            let client_failed = |frame: String, why: String| Failed {
                blame: Blame::Client,
                whose: self.client_owner(),
                frame,
                why: format!("{why}{}", self.exited()),
            };
            let server_failed =
                |frame: String, why: String| self.plan.server_failed(lang, frame, why);
            match (i, echo) {
                // The request.
                (0, true) => {
                    let want = GradeText::TheMessage(MESSAGE).render(lang);
                    if sent == MESSAGE.as_bytes() {
                        return Ok(true);
                    }
                    if over || !MESSAGE.as_bytes().starts_with(&sent) {
                        let why = if sent.is_empty() {
                            GradeText::Expected(&want)
                        } else {
                            GradeText::InsteadOf(&want)
                        };
                        return Err(client_failed(first(&sent_evs), why.render(lang)));
                    }
                }
                (0, false) => {
                    let want = GradeText::TheSearch(SEARCH).render(lang);
                    match app_json(&sent) {
                        Ok(Some(v)) if v["action"] == "search" && v["value"] == SEARCH => {
                            return Ok(true);
                        }
                        Ok(None) if !over => {}
                        Ok(None) if sent.is_empty() => {
                            return Err(client_failed(
                                first(&sent_evs),
                                GradeText::Expected(&want).render(lang),
                            ));
                        }
                        Ok(_) | Err(_) => {
                            return Err(client_failed(
                                first(&sent_evs),
                                GradeText::InsteadOf(&want).render(lang),
                            ));
                        }
                    }
                }
                // The answer.
                (1, true) => {
                    let want = GradeText::TheEcho(MESSAGE).render(lang);
                    if got == sent {
                        return Ok(true);
                    }
                    if over || !sent.starts_with(&got) {
                        let why = if got.is_empty() {
                            GradeText::Expected(&want)
                        } else {
                            GradeText::InsteadOf(&want)
                        };
                        return Err(server_failed(first(&got_evs), why.render(lang)));
                    }
                }
                (1, false) => {
                    let want = GradeText::AResult.render(lang);
                    match app_json(&got) {
                        Ok(Some(v)) if v["result"].is_string() => {
                            self.result = v["result"].as_str().map(str::to_string);
                            return Ok(true);
                        }
                        Ok(None) if !over => {}
                        Ok(None) if got.is_empty() => {
                            return Err(server_failed(
                                first(&got_evs),
                                GradeText::Expected(&want).render(lang),
                            ));
                        }
                        Ok(_) | Err(_) => {
                            return Err(server_failed(
                                first(&got_evs),
                                GradeText::InsteadOf(&want).render(lang),
                            ));
                        }
                    }
                }
                // What the client prints.
                _ => {
                    let text = if echo {
                        MESSAGE.to_string()
                    } else {
                        self.result.clone().unwrap_or_default()
                    };
                    let out = self
                        .client
                        .as_ref()
                        .map(|c| c.client.text(Out::Stdout))
                        .unwrap_or_default();
                    if out.contains(&text) {
                        return Ok(true);
                    }
                    if over {
                        let printed = crate::check::client::tail(out.trim());
                        let why = GradeText::NotPrinted {
                            text: &text,
                            printed: &crate::term::text::safe(&printed),
                        }
                        .render(lang);
                        let frame = got_evs
                            .last()
                            .map(|e| crate::term::text::safe(&e.line).into_owned())
                            .unwrap_or_default();
                        return Err(client_failed(frame, why));
                    }
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            self.proxy
                .printed_more(before, left.min(Duration::from_millis(25)));
        }
    }

    fn exited(&self) -> String {
        self.client
            .as_ref()
            .map(|s| super::exited(&s.client, self.setup.lang))
            .unwrap_or_default()
    }
}
