//! The kv cell: the kv demo's scenario (src/demo/kv.rs) reduced to one node, the proxy between
//! the client and the node. The client connects and introduces itself (ID with its answer
//! port, which the proxy rewrites to a listener of its own); it asks a key the node holds (the
//! rubric's `key`, the check's: its class's database holds it) and the node's RESP comes back
//! on an answer connection through the proxy, the client printing the value; it asks a key no
//! node holds and no answer comes within its window, the client saying so.
//!
//! Judged on the proxy's trace (the frames' bytes, decoded again here: the client's on its
//! connection, the node's on the answer connections) and the client's output. An answer the
//! node sent that the proxy could not deliver (nothing listening on the port the client's ID
//! named) is the client's to blame, not the node's.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::bench::{self, DeadServers, Started};
use super::trace::{self, Dir, Event};
use super::{Blame, Cell, Failed, Plan, Setup, owner};
use crate::check::client::STARTUP;
use crate::check::client::kv_client::WINDOW;
use crate::check::client::process::{Client, Out};
use crate::grade::text::GradeText;
use crate::kv::wire::{self, Msg};
use crate::proxy::text::{ProxyText, Side};
use crate::term::text::{Lang, Text};

/// The key no node holds.
pub const ABSENT: &str = "netlab-no-such-key";

/// What a client prints this soon after its request is not its "no answer" (as the client
/// check's `kv-client.none.1` counts it).
const EARLY: Duration = Duration::from_secs(1);

/// The key the node holds: the rubric's (the check's `--key`), else the check's default.
pub fn key(setup: &Setup) -> String {
    setup
        .rubric
        .key
        .clone()
        .unwrap_or_else(|| crate::check::config::KEY.to_string())
}

/// netlab's own node's database: the key, and a value of its own.
pub fn own_db(key: &str) -> String {
    format!("# netlab grade --matrix: netlab's node\n{key} value-of-{key}-from-netlab\n")
}

fn steps(lang: Lang) -> Vec<String> {
    (0..3).map(|n| GradeText::KvStep(n).render(lang)).collect()
}

/// The cell as it runs.
struct Run<'a> {
    setup: &'a Setup<'a>,
    plan: &'a Plan,
    proxy: &'a Client,
    at: SocketAddr,
    client: Option<Started>,
    /// The client's connection's number in the trace.
    conn: Option<u32>,
}

pub fn run(setup: &Setup, plan: &Plan, dead: &DeadServers) -> Cell {
    let mut cell = Cell::new(plan, &steps(setup.lang));
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
    };
    cell.run_steps(setup, &proxy, |i, mark| run.step(i, mark));
    drop(run);
    drop(proxy);
    drop(server);
    cell
}

/// The frame in `bytes`, when they are exactly one.
fn decode(bytes: &[u8]) -> Option<Msg> {
    let mut r = bytes;
    wire::decode(&mut r).ok().filter(|_| r.is_empty())
}

fn line(e: &Event) -> String {
    crate::term::text::safe(&e.line).into_owned()
}

/// A free port on loopback, for the client's answers (`{listen}`).
fn free_port() -> u16 {
    crate::check::exec::free_port().unwrap_or(0)
}

impl Run<'_> {
    fn client_failed(&self, frame: String, why: String) -> Failed {
        let exited = self
            .client
            .as_ref()
            .map(|s| super::exited(&s.client, self.setup.lang))
            .unwrap_or_default();
        Failed {
            blame: Blame::Client,
            whose: owner(self.setup.lang, &self.plan.client, &self.plan.role),
            frame,
            why: format!("{why}{exited}"),
        }
    }

    /// The frames the client sent on its connection since `mark` (each event with bytes).
    fn sent<'e>(&self, events: &'e [Event], mark: usize) -> Vec<(&'e Event, Option<Msg>)> {
        events
            .iter()
            .skip(mark)
            .filter(|e| Some(e.conn) == self.conn && e.dir == Some(Dir::ToServer))
            .filter(|e| !e.bytes.is_empty())
            .map(|e| (e, decode(&e.bytes)))
            .collect()
    }

    /// What came on the answer connections (every connection but the client's) since `mark`.
    fn answers<'e>(&self, events: &'e [Event], mark: usize) -> Vec<(&'e Event, Option<Msg>)> {
        events
            .iter()
            .skip(mark)
            .filter(|e| Some(e.conn) != self.conn && !e.bytes.is_empty())
            .map(|e| (e, decode(&e.bytes)))
            .collect()
    }

    /// The proxy's note that it could not reach the client's answer port since `mark`: the
    /// node answered, nothing listened where the client's ID said.
    fn unreached<'e>(&self, events: &'e [Event], mark: usize) -> Option<&'e Event> {
        let lang = self.setup.lang;
        let failed = format!("{}: ", Side::Server.word(lang));
        let anywhere: SocketAddr = ([0, 0, 0, 0], 0).into();
        let refused = ProxyText::CannotConnect {
            target: anywhere,
            why: String::new(),
        }
        .render(lang);
        let refused = refused.split(&anywhere.to_string()).next().unwrap_or("?");
        events.iter().skip(mark).find(|e| {
            Some(e.conn) != self.conn
                && e.dir.is_none()
                && e.bytes.is_empty()
                && (e.line.starts_with(&failed) || e.line.starts_with(refused))
        })
    }

    /// Look at the trace until `judge` says (given the events and whether time is up), or
    /// `within` passes.
    fn watch<T>(
        &mut self,
        within: Duration,
        mut judge: impl FnMut(&Self, &[Event], bool) -> Option<Result<T, Failed>>,
    ) -> Result<T, Failed> {
        let deadline = Instant::now() + within;
        loop {
            let before = self.proxy.total(Out::Stdout);
            let events = trace::parse(&self.proxy.text(Out::Stdout));
            if self.conn.is_none() {
                self.conn = events.first().map(|e| e.conn);
            }
            let over = Instant::now() >= deadline || self.setup.stop.is_set();
            if let Some(verdict) = judge(&*self, &events, over) {
                return verdict;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            // Woken by the trace growing; the client's output is looked at every 25 ms.
            self.proxy
                .printed_more(before, left.min(Duration::from_millis(25)));
        }
    }

    fn type_line(&mut self, line: &str) {
        if let Some(c) = self.client.as_mut() {
            c.client.type_line(line);
        }
    }

    fn printed(&self) -> usize {
        self.client
            .as_ref()
            .map_or(0, |c| c.client.total(Out::Stdout))
    }

    fn step(&mut self, i: usize, mark: usize) -> Result<bool, Failed> {
        match i {
            0 => self.introduce(),
            1 => self.held(mark),
            _ => self.absent(mark),
        }
        .map(|()| true)
    }

    /// The client starts, connects and sends ID with the port it listens on for answers (not
    /// the node's: where it connected, the proxy's port).
    fn introduce(&mut self) -> Result<(), Failed> {
        let lang = self.setup.lang;
        let started = bench::client(
            self.setup,
            &self.plan.client,
            &self.plan.role,
            self.at,
            &[("listen", free_port().to_string())],
        )
        .map_err(|why| self.client_failed(GradeText::NoFrameAtAll.render(lang), why))?;
        self.client = Some(started);
        let want = GradeText::WantId.render(lang);
        self.watch(self.setup.timeout + STARTUP, |r, events, over| {
            match r.sent(events, 0).first() {
                Some((_, Some(Msg::Id { port }))) if *port != 0 && *port != r.at.port() => {
                    Some(Ok(()))
                }
                Some((e, Some(Msg::Id { port }))) if *port == r.at.port() => {
                    let why = format!(
                        "{}; {}",
                        GradeText::InsteadOf(&want).render(lang),
                        GradeText::NamesServerPort.render(lang)
                    );
                    Some(Err(r.client_failed(line(e), why)))
                }
                Some((e, _)) => Some(Err(
                    r.client_failed(line(e), GradeText::InsteadOf(&want).render(lang))
                )),
                None if over => Some(Err(
                    r.client_failed(r.setup.no_frame(), GradeText::Expected(&want).render(lang))
                )),
                None => None,
            }
        })
    }

    /// `? KEY` for a key the node holds: KEYREQ, the node's RESP on an answer connection
    /// through the proxy, the value printed.
    fn held(&mut self, mark: usize) -> Result<(), Failed> {
        let lang = self.setup.lang;
        let key = key(self.setup);
        let from = self.printed();
        self.type_line(&format!("? {key}"));
        let want_req = format!("KEYREQ key={key}");
        self.watch(self.setup.timeout, |r, events, over| {
            let sent = r.sent(events, mark);
            let asked = sent.iter().find_map(|(_, m)| match m {
                Some(Msg::KeyReq { nseq, key: k }) if k == key.as_bytes() => Some(*nseq),
                _ => None,
            });
            let Some(nseq) = asked else {
                if !over {
                    return None;
                }
                return Some(Err(match sent.first() {
                    Some((e, _)) => {
                        r.client_failed(line(e), GradeText::InsteadOf(&want_req).render(lang))
                    }
                    None => r.client_failed(
                        r.setup.no_frame(),
                        GradeText::Expected(&want_req).render(lang),
                    ),
                }));
            };
            let answers = r.answers(events, mark);
            let resp = answers.iter().find_map(|(e, m)| match m {
                Some(Msg::Resp { nseq: n, value }) if *n == nseq => Some((*e, value)),
                _ => None,
            });
            let Some((resp, value)) = resp else {
                if !over {
                    return None;
                }
                if let Some(note) = r.unreached(events, mark) {
                    return Some(Err(
                        r.client_failed(line(note), GradeText::AnswerUnreached.render(lang))
                    ));
                }
                let want = GradeText::WantResp { nseq, key: &key }.render(lang);
                return Some(Err(match answers.first() {
                    Some((e, _)) => r.plan.server_failed(
                        r.setup.lang,
                        line(e),
                        GradeText::InsteadOf(&want).render(lang),
                    ),
                    None => r.plan.server_failed(
                        r.setup.lang,
                        r.setup.no_frame(),
                        GradeText::Expected(&want).render(lang),
                    ),
                }));
            };
            let value = String::from_utf8_lossy(value).into_owned();
            let out = r
                .client
                .as_ref()
                .map(|c| {
                    c.client
                        .wait(Out::Stdout, from, Duration::ZERO, |_| false)
                        .1
                })
                .unwrap_or_default();
            if out.contains(value.trim()) {
                return Some(Ok(()));
            }
            if !over {
                return None;
            }
            let printed = crate::check::client::tail(out.trim());
            let why = GradeText::AnswerNotPrinted {
                text: &value,
                printed: &crate::term::text::safe(&printed),
            }
            .render(lang);
            Some(Err(r.client_failed(line(resp), why)))
        })
    }

    /// `? KEY` for a key no node holds: KEYREQ (once the client is done collecting the answers
    /// of the request before, its window), no RESP for it, and the client says something a
    /// second after its request at the earliest, within its window.
    fn absent(&mut self, mark: usize) -> Result<(), Failed> {
        let lang = self.setup.lang;
        let timeout = self.setup.timeout;
        self.type_line(&format!("? {ABSENT}"));
        let want_req = format!("KEYREQ key={ABSENT}");
        let nseq = self.watch(WINDOW + timeout, |r, events, over| {
            let sent = r.sent(events, mark);
            let asked = sent.iter().find_map(|(_, m)| match m {
                Some(Msg::KeyReq { nseq, key }) if key == ABSENT.as_bytes() => Some(*nseq),
                _ => None,
            });
            match (asked, sent.first()) {
                (Some(nseq), _) => Some(Ok(nseq)),
                (None, _) if !over => None,
                (None, Some((e, _))) => Some(Err(
                    r.client_failed(line(e), GradeText::InsteadOf(&want_req).render(lang))
                )),
                (None, None) => Some(Err(r.client_failed(
                    r.setup.no_frame(),
                    GradeText::Expected(&want_req).render(lang),
                ))),
            }
        })?;
        // What it prints at once (that it sent the request) is no answer to the silence.
        let asked = Instant::now();
        while asked.elapsed() < EARLY && !self.setup.stop.is_set() {
            std::thread::sleep(Duration::from_millis(50));
        }
        let said = |c: &Client| c.total(Out::Stdout) + c.total(Out::Stderr);
        let spoke = self.client.as_ref().is_some_and(|c| {
            let before = said(&c.client);
            let deadline = Instant::now() + WINDOW - EARLY + timeout;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if c.client
                    .printed_more(before, left.min(Duration::from_millis(100)))
                {
                    break true;
                }
                if left.is_zero() || self.setup.stop.is_set() {
                    break false;
                }
            }
        });
        let events = trace::parse(&self.proxy.text(Out::Stdout));
        let wrong = self
            .answers(&events, mark)
            .into_iter()
            .find(|(_, m)| matches!(m, Some(Msg::Resp { nseq: n, .. }) if *n == nseq));
        if let Some((e, _)) = wrong {
            let want = GradeText::NoAnswerFor(ABSENT).render(lang);
            return Err(self.plan.server_failed(
                self.setup.lang,
                line(e),
                GradeText::InsteadOf(&want).render(lang),
            ));
        }
        if !spoke {
            let frame = self
                .sent(&events, mark)
                .iter()
                .rev()
                .find(|(_, m)| matches!(m, Some(Msg::KeyReq { .. })))
                .map(|(e, _)| line(e))
                .unwrap_or_default();
            return Err(
                self.client_failed(frame, GradeText::SaidNothing(WINDOW + timeout).render(lang))
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn netlabs_node_holds_the_key_and_not_the_absent_one() {
        let db = super::own_db("tcpmux");
        let held: Vec<&str> = db
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(held, ["tcpmux"]);
        assert!(!db.contains(&format!("\n{} ", super::ABSENT)));
    }
}
