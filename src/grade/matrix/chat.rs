//! The chat cell: the spec's session (Ana, Bruno) with two peers of the row's submission and
//! the column's directory server, `netlab proxy chat --peers` in front of the server: the
//! directory's ADDR answers are rewritten to listeners of the proxy, so the conversation
//! passes it too. Steps: Ana registers; Bruno registers; Bruno's list shows Ana; Bruno's
//! chat command asks ADDR Ana and calls her through the proxy, `USER Bruno` first; a line from
//! Bruno shown by Ana; a line from Ana shown by Bruno.
//!
//! The same cell runs with peers of two submissions (or one and netlab's) against netlab's
//! directory: the row's peer calls (Bruno), the column's is called (Ana).
//!
//! Judged on the proxy's trace (each line's bytes, parsed again here: the peers' on their
//! directory connections, the directory's answers, the call's lines each way) and the peers'
//! output. A peer's frame that went wrong is its submission's to blame (the client's; the
//! callee's when the callee is another submission's; netlab's when the peer is netlab's), a
//! directory answer the server's. A line that went on the call without its `\r\n` and was not
//! shown is the sender's (netlab's peer takes it after a pause; others wait for the end of
//! the line), any other line not shown the receiver's.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::bench::{self, DeadServers, Started};
use super::trace::{self, Dir, Event};
use super::{Blame, Callee, Cell, Failed, Party, Plan, Setup, owner};
use crate::chat::wire::{PeerLine, Reply, Request};
use crate::check::client::STARTUP;
use crate::check::client::process::{Client, Out};
use crate::grade::text::GradeText;
use crate::proxy::text::{ProxyText, Side, peer_word};
use crate::term::text::{Lang, Text};

/// The spec's session: Ana is called, Bruno calls.
pub const CALLEE: &str = "Ana";
pub const CALLER: &str = "Bruno";
/// The lines of the conversation.
const TO_CALLEE: &str = "Oi Ana!";
const TO_CALLER: &str = "Tudo bem, Bruno?";

fn steps(lang: Lang) -> Vec<String> {
    (0..6)
        .map(|n| GradeText::ChatStep(n).render(lang))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    Callee,
    Caller,
}

impl Who {
    fn name(self) -> &'static str {
        match self {
            Who::Callee => CALLEE,
            Who::Caller => CALLER,
        }
    }
}

/// The cell as it runs.
struct Run<'a> {
    setup: &'a Setup<'a>,
    plan: &'a Plan,
    proxy: &'a Client,
    at: SocketAddr,
    callee: Option<Started>,
    caller: Option<Started>,
    /// Their directory connections' numbers in the trace, and the call's.
    callee_conn: Option<u32>,
    caller_conn: Option<u32>,
    call_conn: Option<u32>,
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
        callee: None,
        caller: None,
        callee_conn: None,
        caller_conn: None,
        call_conn: None,
    };
    cell.run_steps(setup, &proxy, |i, mark| run.step(i, mark));
    drop(run);
    drop(proxy);
    drop(server);
    cell
}

/// The line in `bytes`, without its ending.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .trim_end_matches(['\r', '\n'])
        .to_string()
}

fn line(e: &Event) -> String {
    crate::term::text::safe(&e.line).into_owned()
}

fn free_port() -> u16 {
    crate::check::exec::free_port().unwrap_or(0)
}

impl Run<'_> {
    fn started(&self, who: Who) -> Option<&Started> {
        match who {
            Who::Callee => self.callee.as_ref(),
            Who::Caller => self.caller.as_ref(),
        }
    }

    fn conn(&self, who: Who) -> Option<u32> {
        match who {
            Who::Callee => self.callee_conn,
            Who::Caller => self.caller_conn,
        }
    }

    /// Whose peer `who` is (`None`: netlab's).
    fn party(&self, who: Who) -> &Option<Party> {
        match (who, &self.plan.callee) {
            (Who::Callee, Callee::Of(p)) => p,
            _ => &self.plan.client,
        }
    }

    fn client_failed(&self, who: Who, frame: String, why: String) -> Failed {
        let exited = self
            .started(who)
            .map(|s| super::exited(&s.client, self.setup.lang))
            .unwrap_or_default();
        let party = self.party(who);
        let blame = match (party, who, &self.plan.callee) {
            (None, _, _) => Blame::Netlab,
            (Some(_), Who::Callee, Callee::Of(_)) => Blame::Callee,
            (Some(_), _, _) => Blame::Client,
        };
        Failed {
            blame,
            whose: format!(
                "{} ({})",
                owner(self.setup.lang, party, &self.plan.role),
                who.name()
            ),
            frame,
            why: format!("{why}{exited}"),
        }
    }

    /// The lines on `who`'s directory connection going `dir` since `mark`.
    fn on<'e>(&self, events: &'e [Event], mark: usize, who: Who, dir: Dir) -> Vec<&'e Event> {
        let conn = self.conn(who);
        events
            .iter()
            .skip(mark)
            .filter(|e| conn == Some(e.conn) && e.dir == Some(dir) && !e.bytes.is_empty())
            .collect()
    }

    /// The call's lines from `who` since `mark`. On a call the proxy names both ends on each
    /// line: the callee's lines start with `peer Ana -> `.
    fn said<'e>(&self, events: &'e [Event], mark: usize, who: Who) -> Vec<&'e Event> {
        let from_callee = format!("{} -> ", peer_word(self.setup.lang, CALLEE));
        events
            .iter()
            .skip(mark)
            .filter(|e| Some(e.conn) == self.call_conn && !e.bytes.is_empty())
            .filter(|e| e.line.starts_with(&from_callee) == (who == Who::Callee))
            .collect()
    }

    /// The proxy's note that it could not reach the callee where the directory said, since
    /// `mark`.
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
        let known = [self.callee_conn, self.caller_conn];
        events.iter().skip(mark).find(|e| {
            !known.contains(&Some(e.conn))
                && e.dir.is_none()
                && e.bytes.is_empty()
                && (e.line.starts_with(&failed) || e.line.starts_with(refused))
        })
    }

    /// What `who` printed on stdout from byte `from` on.
    fn printed(&self, who: Who, from: usize) -> String {
        self.started(who)
            .map(|s| {
                s.client
                    .wait(Out::Stdout, from, Duration::ZERO, |_| false)
                    .1
            })
            .unwrap_or_default()
    }

    fn total(&self, who: Who) -> usize {
        self.started(who).map_or(0, |s| s.client.total(Out::Stdout))
    }

    fn type_line(&mut self, who: Who, line: &str) {
        let started = match who {
            Who::Callee => self.callee.as_mut(),
            Who::Caller => self.caller.as_mut(),
        };
        if let Some(s) = started {
            s.client.type_line(line);
        }
    }

    /// Look at the trace until `judge` says (given the events and whether time is up), or
    /// `within` passes.
    fn watch<T>(
        &mut self,
        within: Duration,
        mut judge: impl FnMut(&mut Self, &[Event], bool) -> Option<Result<T, Failed>>,
    ) -> Result<T, Failed> {
        let deadline = Instant::now() + within;
        loop {
            let before = self.proxy.total(Out::Stdout);
            let events = trace::parse(&self.proxy.text(Out::Stdout));
            let over = Instant::now() >= deadline || self.setup.stop.is_set();
            if let Some(verdict) = judge(&mut *self, &events, over) {
                return verdict;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            // Woken by the trace growing; the peers' output is looked at every 25 ms.
            self.proxy
                .printed_more(before, left.min(Duration::from_millis(25)));
        }
    }

    fn step(&mut self, i: usize, mark: usize) -> Result<bool, Failed> {
        match i {
            0 => self.register(Who::Callee, mark),
            1 => self.register(Who::Caller, mark),
            2 => self.list(mark),
            3 => self.call(mark),
            4 => self.talk(Who::Caller, mark),
            _ => self.talk(Who::Callee, mark),
        }
        .map(|()| true)
    }

    /// `who` starts and registers: `USER name:port` on a connection of its own.
    fn register(&mut self, who: Who, mark: usize) -> Result<(), Failed> {
        let lang = self.setup.lang;
        let started = bench::client(
            self.setup,
            self.party(who),
            &self.plan.role,
            self.at,
            &[
                ("name", who.name().to_string()),
                ("listen", free_port().to_string()),
            ],
        )
        .map_err(|why| self.client_failed(who, GradeText::NoFrameAtAll.render(lang), why))?;
        match who {
            Who::Callee => self.callee = Some(started),
            Who::Caller => self.caller = Some(started),
        }
        let want = format!("USER {}:PORT", who.name());
        self.watch(self.setup.timeout + STARTUP, |r, events, over| {
            // Its connection: the first one since `mark` that is not the other peer's.
            if r.conn(who).is_none() {
                let other = [r.callee_conn, r.caller_conn];
                let conn = events
                    .iter()
                    .skip(mark)
                    .map(|e| e.conn)
                    .find(|c| !other.contains(&Some(*c)));
                match who {
                    Who::Callee => r.callee_conn = conn,
                    Who::Caller => r.caller_conn = conn,
                }
            }
            let sent = r.on(events, mark, who, Dir::ToServer);
            match sent.first() {
                Some(e) => Some(match Request::parse(&text(&e.bytes)) {
                    Ok(Request::User { name, port })
                        if name == who.name() && port != 0 && port != r.at.port() =>
                    {
                        Ok(())
                    }
                    // Its own port is where callers reach it; the directory's reaches no peer.
                    Ok(Request::User { port, .. }) if port == r.at.port() => Err(r.client_failed(
                        who,
                        line(e),
                        format!(
                            "{}; {}",
                            GradeText::InsteadOf(&want).render(lang),
                            GradeText::NamesServerPort.render(lang)
                        ),
                    )),
                    _ => {
                        Err(r.client_failed(who, line(e), GradeText::InsteadOf(&want).render(lang)))
                    }
                }),
                None if over => Some(Err(r.client_failed(
                    who,
                    r.setup.no_frame(),
                    GradeText::Expected(&want).render(lang),
                ))),
                None => None,
            }
        })
    }

    /// The caller's list action: LIST, the directory's answer naming the callee, shown.
    fn list(&mut self, mark: usize) -> Result<(), Failed> {
        let lang = self.setup.lang;
        let from = self.total(Who::Caller);
        let typed = self
            .caller
            .as_ref()
            .and_then(|s| bench::say(s, "list", &[]));
        if let Some(l) = typed {
            self.type_line(Who::Caller, &l);
        }
        let want_list = GradeText::WantList(CALLEE).render(lang);
        self.watch(self.setup.timeout, |r, events, over| {
            let sent = r.on(events, mark, Who::Caller, Dir::ToServer);
            let asked = sent
                .iter()
                .any(|e| matches!(Request::parse(&text(&e.bytes)), Ok(Request::List)));
            if !asked {
                let not_keep = sent
                    .iter()
                    .find(|e| !matches!(Request::parse(&text(&e.bytes)), Ok(Request::Keep)));
                return match (over, not_keep) {
                    (false, _) => None,
                    (true, Some(e)) => Some(Err(r.client_failed(
                        Who::Caller,
                        line(e),
                        GradeText::InsteadOf("LIST").render(lang),
                    ))),
                    (true, None) => Some(Err(r.client_failed(
                        Who::Caller,
                        r.setup.no_frame(),
                        GradeText::Expected("LIST").render(lang),
                    ))),
                };
            }
            let answers = r.on(events, mark, Who::Caller, Dir::ToClient);
            let listed = answers.iter().find(|e| {
                matches!(Reply::parse(&text(&e.bytes)), Reply::List(names) if names.iter().any(|n| n == CALLEE))
            });
            let Some(listed) = listed else {
                if !over {
                    return None;
                }
                return Some(Err(match answers.first() {
                    Some(e) => {
                        r.plan.server_failed(r.setup.lang, line(e), GradeText::InsteadOf(&want_list).render(lang))
                    }
                    None => {
                        r.plan.server_failed(r.setup.lang, r.setup.no_frame(), GradeText::Expected(&want_list).render(lang))
                    }
                }));
            };
            let out = r.printed(Who::Caller, from);
            if out.contains(CALLEE) {
                return Some(Ok(()));
            }
            if !over {
                return None;
            }
            Some(Err(r.not_printed(Who::Caller, line(listed), CALLEE, &out)))
        })
    }

    fn not_printed(&self, who: Who, frame: String, shown: &str, out: &str) -> Failed {
        let printed = crate::check::client::tail(out.trim());
        let why = GradeText::PeerNotPrinted {
            name: who.name(),
            text: shown,
            printed: &crate::term::text::safe(&printed),
        }
        .render(self.setup.lang);
        self.client_failed(who, frame, why)
    }

    /// The caller's chat action: ADDR Ana, the directory's answer, the call through the
    /// proxy with `USER Bruno` first.
    fn call(&mut self, mark: usize) -> Result<(), Failed> {
        let lang = self.setup.lang;
        let typed = self
            .caller
            .as_ref()
            .and_then(|s| bench::say(s, "chat", &[("name", CALLEE.to_string())]));
        if let Some(l) = typed {
            self.type_line(Who::Caller, &l);
        }
        let want_addr = format!("ADDR {CALLEE}");
        let want_user = format!("USER {CALLER}");
        self.watch(self.setup.timeout, |r, events, over| {
            let sent = r.on(events, mark, Who::Caller, Dir::ToServer);
            let asked = sent.iter().any(
                |e| matches!(Request::parse(&text(&e.bytes)), Ok(Request::Addr(n)) if n == CALLEE),
            );
            if !asked {
                let not_keep = sent
                    .iter()
                    .find(|e| !matches!(Request::parse(&text(&e.bytes)), Ok(Request::Keep)));
                return match (over, not_keep) {
                    (false, _) => None,
                    (true, Some(e)) => Some(Err(r.client_failed(
                        Who::Caller,
                        line(e),
                        GradeText::InsteadOf(&want_addr).render(lang),
                    ))),
                    (true, None) => Some(Err(r.client_failed(
                        Who::Caller,
                        r.setup.no_frame(),
                        GradeText::Expected(&want_addr).render(lang),
                    ))),
                };
            }
            let answers = r.on(events, mark, Who::Caller, Dir::ToClient);
            let answered = answers
                .iter()
                .any(|e| matches!(Reply::parse(&text(&e.bytes)), Reply::Addr { .. }));
            if !answered {
                if !over {
                    return None;
                }
                let want = GradeText::WantAddr(CALLEE).render(lang);
                return Some(Err(match answers.first() {
                    Some(e) => r.plan.server_failed(
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
            }
            // The call: the first connection since `mark` that is neither peer's directory
            // connection and carries a line.
            if r.call_conn.is_none() {
                let known = [r.callee_conn, r.caller_conn];
                r.call_conn = events
                    .iter()
                    .skip(mark)
                    .filter(|e| !e.bytes.is_empty() && !known.contains(&Some(e.conn)))
                    .map(|e| e.conn)
                    .next();
            }
            let said = r.said(events, mark, Who::Caller);
            match said.first() {
                Some(e) => Some(match PeerLine::parse(&text(&e.bytes)) {
                    PeerLine::User(n) if n == CALLER => Ok(()),
                    _ => Err(r.client_failed(
                        Who::Caller,
                        line(e),
                        GradeText::InsteadOf(&want_user).render(lang),
                    )),
                }),
                None if !over => None,
                None => Some(Err(match r.unreached(events, mark) {
                    // The directory named where the callee registered; nothing listened there.
                    Some(note) => r.client_failed(
                        Who::Callee,
                        line(note),
                        GradeText::CalleeUnreached(CALLEE).render(lang),
                    ),
                    None => r.client_failed(
                        Who::Caller,
                        r.setup.no_frame(),
                        GradeText::Expected(&want_user).render(lang),
                    ),
                })),
            }
        })
    }

    /// `who` types a line on the call; it passes the proxy and the other peer shows it.
    fn talk(&mut self, who: Who, mark: usize) -> Result<(), Failed> {
        let lang = self.setup.lang;
        let (to, line_text) = match who {
            Who::Caller => (Who::Callee, TO_CALLEE),
            Who::Callee => (Who::Caller, TO_CALLER),
        };
        let from = self.total(to);
        self.type_line(who, line_text);
        let want = format!("\"{line_text}\"");
        self.watch(self.setup.timeout, |r, events, over| {
            let said = r.said(events, mark, who);
            let sent = said.iter().find(|e| {
                matches!(PeerLine::parse(&text(&e.bytes)), PeerLine::Text(t) if t.trim() == line_text)
            });
            let Some(sent) = sent else {
                if !over {
                    return None;
                }
                return Some(Err(match said.first() {
                    Some(e) => r.client_failed(who, line(e), GradeText::InsteadOf(&want).render(lang)),
                    None => r.client_failed(who, r.setup.no_frame(), GradeText::Expected(&want).render(lang)),
                }));
            };
            let out = r.printed(to, from);
            if out.contains(line_text) {
                return Some(Ok(()));
            }
            if !over {
                return None;
            }
            // Not shown: the sender's when its line had no end, else the receiver's.
            if !sent.bytes.ends_with(b"\n") {
                let why = GradeText::Unterminated {
                    name: to.name(),
                    text: line_text,
                }
                .render(lang);
                return Some(Err(r.client_failed(who, line(sent), why)));
            }
            Some(Err(r.not_printed(to, line(sent), line_text, &out)))
        })
    }
}
