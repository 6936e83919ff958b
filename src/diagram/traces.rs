//! A [`Diagram`] from roles' `--trace` lines (`trace -> PEER FRAME`, `trace <- PEER FRAME`,
//! `trace !! PEER note`) and their `listening on ADDR` lines, as `netlab demo --diagram`
//! collects them: a frame is drawn once, from the side that connected (it names its peer by
//! the address that peer listens on), between the two roles by name.

use std::collections::HashMap;
use std::net::SocketAddr;

use super::Diagram;

/// Builds a diagram from the lines of several roles, in the order they were printed.
#[derive(Debug, Default)]
pub struct FromTraces {
    pub diagram: Diagram,
    /// Who listens where.
    listening: HashMap<SocketAddr, String>,
    /// One role's traces: a peer that does not listen here is a participant of its own,
    /// named by its address.
    by_address: bool,
}

impl FromTraces {
    pub fn new(limit: Option<usize>) -> FromTraces {
        FromTraces {
            diagram: Diagram::new(limit),
            listening: HashMap::new(),
            by_address: false,
        }
    }

    /// For one role's own traces (`netlab --diagram … msg display`).
    pub fn for_role(limit: Option<usize>) -> FromTraces {
        FromTraces {
            by_address: true,
            ..FromTraces::new(limit)
        }
    }

    /// The role listening on `addr` (by port too: a wildcard bind is reached on loopback).
    fn who(&self, addr: SocketAddr) -> Option<&str> {
        self.listening.get(&addr).map(String::as_str).or_else(|| {
            self.listening
                .iter()
                .find(|(a, _)| a.port() == addr.port() && a.ip().is_unspecified())
                .map(|(_, r)| r.as_str())
        })
    }

    /// One line `role` printed (stderr or stdout).
    pub fn line(&mut self, role: &str, text: &str) {
        if let Some(addr) = text.strip_prefix("listening on ") {
            if let Ok(addr) = addr.trim().parse() {
                self.listening.insert(addr, role.to_string());
            }
            self.diagram.participant(role);
            return;
        }
        let Some(rest) = text.strip_prefix("trace ") else {
            return;
        };
        let Some((dir, rest)) = rest.split_once(' ') else {
            return;
        };
        let Some((peer, what)) = rest.split_once(' ') else {
            return;
        };
        let Ok(peer) = peer.parse::<SocketAddr>() else {
            return;
        };
        let other = match self.who(peer) {
            Some(r) => r.to_string(),
            None if self.by_address => peer.to_string(),
            // The listening side's own view: the connecting side draws the frame.
            None => return,
        };
        if other == role {
            return;
        }
        let me = self.diagram.participant(role);
        let them = self.diagram.participant(&other);
        // `--trace=hex` adds `(+0.081532s, 24 bytes)`: the diagram keeps the frame alone.
        let what = match what.rfind(" (+") {
            Some(at) if what.ends_with(" bytes)") || what.ends_with("s)") => &what[..at],
            _ => what,
        };
        match dir {
            "->" => self.diagram.arrow(me, them, what),
            "<-" => self.diagram.arrow(them, me, what),
            "!!" => self.diagram.note(me, them, what),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::Step;

    #[test]
    fn frames_are_drawn_once_between_roles_by_name() {
        let mut t = FromTraces::new(None);
        t.line("server", "listening on 127.0.0.1:5000");
        t.line("server", "trace <- 127.0.0.1:40000 OI orig=1");
        t.line("emitter 1", "trace -> 127.0.0.1:5000 OI orig=1");
        t.line(
            "emitter 1",
            "trace <- 127.0.0.1:5000 OK orig=0 (+0.1s, 14 bytes)",
        );
        t.line("emitter 1", "trace !! 127.0.0.1:5000 a hint");
        t.line("emitter 1", "trace      0000  00 03");
        let d = &t.diagram;
        assert_eq!(d.participants, ["server", "emitter 1"]);
        assert_eq!(
            d.steps,
            [
                Step::Arrow {
                    from: 1,
                    to: 0,
                    label: "OI orig=1".into()
                },
                Step::Arrow {
                    from: 0,
                    to: 1,
                    label: "OK orig=0".into()
                },
                Step::Note {
                    first: 0,
                    last: 1,
                    text: "a hint".into()
                },
            ]
        );
    }
}
