//! A [`Diagram`] from the [`Mark`]s roles send (where they listen, who they are, who they
//! dialled, their traced frames in short form), as `netlab demo --diagram` and a role's own
//! `--diagram` collect them: data, not sentences, so the same in every language. A frame is
//! drawn once, from the side that connected (it names its peer by the address that peer
//! listens on), between the two roles by name.

use std::collections::HashMap;
use std::net::SocketAddr;

use super::Diagram;
use crate::term::log::{Dir, Mark};

/// Builds a diagram from the marks of several roles, in the order they were sent.
#[derive(Debug, Default)]
pub struct FromMarks {
    pub diagram: Diagram,
    /// Who listens where.
    listening: HashMap<SocketAddr, String>,
    /// One role's traces: a peer that does not listen here is a participant of its own,
    /// named as the role knows it (`server ADDR`, which it dialled) or by its address.
    by_address: bool,
    /// One role's own traces: the peers it named ([`Mark::Peer`]).
    peers: HashMap<SocketAddr, String>,
    /// Roles that named themselves ([`Mark::Named`]): the role's name → its participant.
    named: HashMap<String, String>,
}

impl FromMarks {
    pub fn new(limit: Option<usize>) -> FromMarks {
        FromMarks {
            diagram: Diagram::new(limit),
            ..FromMarks::default()
        }
    }

    /// For one role's own traces (`netlab --diagram … msg display`).
    pub fn for_role(limit: Option<usize>) -> FromMarks {
        FromMarks {
            by_address: true,
            ..FromMarks::new(limit)
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

    /// The participant `role` is drawn as.
    fn me(&self, role: &str) -> String {
        self.named
            .get(role)
            .cloned()
            .unwrap_or_else(|| role.to_string())
    }

    /// One mark `role` sent.
    pub fn mark(&mut self, role: &str, mark: &Mark) {
        let me = self.me(role);
        let (dir, peer, what) = match mark {
            Mark::Listening { addr, name } => {
                let name = name.clone().unwrap_or_else(|| me.clone());
                self.listening.insert(*addr, name);
                self.diagram.participant(&me);
                return;
            }
            Mark::Named(name) => {
                // A role's own diagram: the role is named as it says, from now on and on the
                // lifeline it already has (the demo names its roles itself).
                // A name another participant has already is not taken: the role keeps its
                // own lifeline.
                if self.by_address && *name != me && self.diagram.rename(&me, name) {
                    for r in self.listening.values_mut().filter(|r| **r == me) {
                        *r = name.clone();
                    }
                    self.named.insert(role.to_string(), name.clone());
                }
                return;
            }
            Mark::Peer { addr, name } => {
                if self.by_address {
                    self.peers.insert(*addr, name.clone());
                }
                return;
            }
            Mark::Frame { dir, peer, label } => (Some(*dir), *peer, label),
            Mark::Remark { peer, text } => (None, *peer, text),
        };
        let other = match self.who(peer) {
            Some(r) => r.to_string(),
            None if self.by_address => self
                .peers
                .get(&peer)
                .cloned()
                .unwrap_or_else(|| peer.to_string()),
            // The listening side's own view: the connecting side draws the frame.
            None => return,
        };
        if other == me {
            return;
        }
        let a = self.diagram.participant(&me);
        let b = self.diagram.participant(&other);
        match dir {
            Some(Dir::Out) => self.diagram.arrow(a, b, what.as_str()),
            Some(Dir::In) => self.diagram.arrow(b, a, what.as_str()),
            None => self.diagram.note(a, b, what.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::Step;

    fn frame(dir: Dir, peer: &str, label: &str) -> Mark {
        Mark::Frame {
            dir,
            peer: peer.parse().unwrap(),
            label: label.into(),
        }
    }

    #[test]
    fn frames_are_drawn_once_between_roles_by_name() {
        let mut t = FromMarks::new(None);
        t.mark(
            "server",
            &Mark::Listening {
                addr: "127.0.0.1:5000".parse().unwrap(),
                name: None,
            },
        );
        t.mark("server", &frame(Dir::In, "127.0.0.1:40000", "OI 1→0 seq=0"));
        t.mark(
            "emitter 1",
            &frame(Dir::Out, "127.0.0.1:5000", "OI 1→0 seq=0"),
        );
        t.mark(
            "emitter 1",
            &frame(Dir::In, "127.0.0.1:5000", "OK 0→1 seq=0"),
        );
        t.mark(
            "emitter 1",
            &Mark::Remark {
                peer: "127.0.0.1:5000".parse().unwrap(),
                text: "a hint".into(),
            },
        );
        let d = &t.diagram;
        assert_eq!(d.participants, ["server", "emitter 1"]);
        assert_eq!(
            d.steps,
            [
                Step::Arrow {
                    from: 1,
                    to: 0,
                    label: "OI 1→0 seq=0".into()
                },
                Step::Arrow {
                    from: 0,
                    to: 1,
                    label: "OK 0→1 seq=0".into()
                },
                Step::Note {
                    first: 0,
                    last: 1,
                    text: "a hint".into()
                },
            ]
        );
    }

    #[test]
    fn a_role_alone_names_itself_and_the_server_it_dialled() {
        let mut t = FromMarks::for_role(None);
        let server: SocketAddr = "127.0.0.1:21000".parse().unwrap();
        t.mark(
            "emitter",
            &Mark::Peer {
                addr: server,
                name: format!("server {server}"),
            },
        );
        t.mark(
            "emitter",
            &frame(Dir::Out, "127.0.0.1:21000", "OI 1→0 seq=0"),
        );
        t.mark("emitter", &Mark::Named("emitter 1".into()));
        t.mark(
            "emitter",
            &frame(Dir::In, "127.0.0.1:21000", "OK 0→1 seq=0"),
        );
        t.mark("emitter", &frame(Dir::Out, "127.0.0.1:40000", "x"));
        assert_eq!(
            t.diagram.participants,
            ["emitter 1", "server 127.0.0.1:21000", "127.0.0.1:40000"]
        );
        assert_eq!(t.diagram.steps.len(), 3);
    }
}
