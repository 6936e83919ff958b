//! The proxy's listeners of its own, for the connections the protocol announces rather than
//! makes through LISTEN: a kv client's answer port (the nodes connect there to answer) and, with
//! `--peers`, the chat peers the directory tells of (`ADDR ip:port`). A frame passing the proxy
//! that names such an address is rewritten to name a listener of the proxy instead, opened on
//! the address the other side reaches the proxy at; whatever connects there is forwarded to the
//! real address, decoded and impaired like any other connection. Listeners are shared by the
//! connections that named the same address and closed with the last of them; at most
//! [`MAX_LISTENERS`] are open at once, after which addresses pass unchanged (said once).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use mio::net::TcpListener;
use mio::{Interest, Registry, Token};

use super::frames::{self, Proto};
use super::lane::Rewrite;
use super::printer::Kind;
use super::text::{ProxyText, Side};
use crate::term::text::{Lang, os_error};

/// The most listeners for answer and peer connections open at once: enough for a classroom's
/// clients through one proxy, few enough that a client announcing a new answer port per
/// connection cannot make the proxy hold thousands of sockets.
pub const MAX_LISTENERS: usize = 64;

/// Listener tokens start here, far above the connections' (two per connection, from 2).
const FIRST_TOKEN: usize = usize::MAX / 2;

/// One listener of the proxy, standing for `real`.
pub struct Extra {
    pub listener: TcpListener,
    pub local: SocketAddr,
    pub real: SocketAddr,
    pub kind: Kind,
    /// The connections whose frames named it.
    users: usize,
}

/// What a main connection knows for rewriting its frames.
#[derive(Debug, Default)]
pub struct Seen {
    /// The client as the proxy sees it, and the proxy's address it reached.
    pub client: Option<SocketAddr>,
    pub client_local: Option<SocketAddr>,
    /// The proxy's own address on its connection to the server (what the server sees).
    pub server_local: Option<SocketAddr>,
    /// Chat: the name the client last asked the directory for (`ADDR Ana`).
    pub asked: Option<String>,
    /// The listeners this connection holds (keys into [`Extras`]).
    pub holds: Vec<(SocketAddr, IpAddr)>,
}

/// Every listener of the proxy's own.
pub struct Extras {
    proto: Proto,
    peers: bool,
    lang: Lang,
    by_key: HashMap<(SocketAddr, IpAddr), Extra>,
    by_token: HashMap<Token, (SocketAddr, IpAddr)>,
    next_token: usize,
    /// The limit was said.
    full_said: bool,
}

impl Extras {
    pub fn new(proto: Proto, peers: bool, lang: Lang) -> Extras {
        Extras {
            proto,
            peers,
            lang,
            by_key: HashMap::new(),
            by_token: HashMap::new(),
            next_token: FIRST_TOKEN,
            full_said: false,
        }
    }

    pub fn has(&self, token: Token) -> bool {
        self.by_token.contains_key(&token)
    }

    pub fn get_mut(&mut self, token: Token) -> Option<&mut Extra> {
        let key = self.by_token.get(&token)?;
        self.by_key.get_mut(key)
    }

    /// Does this connection's protocol rewrite anything at all?
    pub fn active(&self) -> bool {
        self.proto == Proto::Kv || (self.proto == Proto::Chat && self.peers)
    }

    /// A whole frame of main connection `id` going toward `to`: rewritten when it names an
    /// address the proxy carries.
    pub fn rewrite(
        &mut self,
        registry: &Registry,
        id: u64,
        seen: &mut Seen,
        to: Side,
        frame: &[u8],
    ) -> Rewrite {
        match (self.proto, to) {
            (Proto::Kv, Side::Server) => {
                let (Some(port), Some(client)) =
                    (frames::answer_port(self.proto, frame), seen.client)
                else {
                    return Rewrite::default();
                };
                let real = SocketAddr::new(client.ip(), port);
                // The node answers the address it sees this connection come from.
                let ip = seen.server_local.map_or(client.ip(), |a| a.ip());
                match self.listen(registry, id, seen, real, ip, Kind::Answer) {
                    Ok(local) => Rewrite {
                        bytes: Some(frames::with_answer_port(local.port())),
                        note: Some(ProxyText::AnswerPortRewritten {
                            from: real,
                            to: local,
                        }),
                    },
                    Err(note) => Rewrite {
                        bytes: None,
                        note: Some(note.unwrap_or(ProxyText::KvAnswerPort { port })),
                    },
                }
            }
            (Proto::Chat, Side::Server) if self.peers => {
                if let Some(name) = frames::chat_addr_request(frame) {
                    seen.asked = Some(name);
                }
                Rewrite::default()
            }
            (Proto::Chat, Side::Client) if self.peers => {
                let Some((named, real)) = frames::chat_addr_answer(frame) else {
                    return Rewrite::default();
                };
                let name = named
                    .or_else(|| seen.asked.take())
                    .unwrap_or_else(|| real.to_string());
                // The client calls the peer at the address it reached the proxy at.
                let ip = seen.client_local.map_or(real.ip(), |a| a.ip());
                let kind = Kind::Peer {
                    owner: Some(id),
                    name: name.clone(),
                };
                match self.listen(registry, id, seen, real, ip, kind) {
                    Ok(local) => Rewrite {
                        bytes: frames::chat_addr_rewritten(frame, local),
                        note: Some(ProxyText::PeerRewritten {
                            name,
                            from: real,
                            to: local,
                        }),
                    },
                    Err(note) => Rewrite { bytes: None, note },
                }
            }
            _ => Rewrite::default(),
        }
    }

    /// The listener on `ip` for `real` (opened unless one is open), held by `seen`; `Err` with
    /// what to say (nothing: the limit was said before).
    fn listen(
        &mut self,
        registry: &Registry,
        id: u64,
        seen: &mut Seen,
        real: SocketAddr,
        ip: IpAddr,
        kind: Kind,
    ) -> Result<SocketAddr, Option<ProxyText>> {
        let key = (real, ip);
        if let Some(e) = self.by_key.get_mut(&key) {
            if !seen.holds.contains(&key) {
                seen.holds.push(key);
                e.users += 1;
            }
            if let Kind::Peer { owner, .. } = &mut e.kind
                && *owner != Some(id)
            {
                // Two clients were told this address: a call may come from either.
                *owner = None;
            }
            return Ok(e.local);
        }
        if self.by_key.len() >= MAX_LISTENERS {
            if self.full_said {
                return Err(None);
            }
            self.full_said = true;
            return Err(Some(ProxyText::ListenersFull { max: MAX_LISTENERS }));
        }
        let at = SocketAddr::new(ip, 0);
        let opened = TcpListener::bind(at).and_then(|mut l| {
            let token = Token(self.next_token);
            let local = l.local_addr()?;
            registry.register(&mut l, token, Interest::READABLE)?;
            Ok((l, token, local))
        });
        let (listener, token, local) = match opened {
            Ok(x) => x,
            Err(e) => {
                return Err(Some(ProxyText::CannotListen {
                    at,
                    why: os_error(&e, self.lang),
                }));
            }
        };
        self.next_token += 1;
        self.by_token.insert(token, key);
        self.by_key.insert(
            key,
            Extra {
                listener,
                local,
                real,
                kind,
                users: 1,
            },
        );
        seen.holds.push(key);
        Ok(local)
    }

    /// A main connection closed: the listeners it alone held are closed.
    pub fn release(&mut self, registry: &Registry, seen: &mut Seen) {
        for key in seen.holds.drain(..) {
            let Some(e) = self.by_key.get_mut(&key) else {
                continue;
            };
            e.users -= 1;
            if e.users == 0 {
                let mut e = self.by_key.remove(&key).expect("present");
                let _ = registry.deregister(&mut e.listener);
                self.by_token.retain(|_, k| *k != key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_frame(port: u16) -> Vec<u8> {
        frames::with_answer_port(port)
    }

    fn seen() -> Seen {
        Seen {
            client: Some("127.0.0.1:40000".parse().unwrap()),
            client_local: Some("127.0.0.1:6000".parse().unwrap()),
            server_local: Some("127.0.0.1:40001".parse().unwrap()),
            ..Seen::default()
        }
    }

    #[test]
    fn listeners_are_shared_bounded_and_closed_with_their_last_user() {
        let poll = mio::Poll::new().unwrap();
        let reg = poll.registry();
        let mut x = Extras::new(Proto::Kv, false, Lang::En);
        let mut conns: Vec<Seen> = Vec::new();
        for k in 0..MAX_LISTENERS as u16 {
            let mut s = seen();
            let rw = x.rewrite(reg, k as u64, &mut s, Side::Server, &id_frame(5000 + k));
            assert!(
                matches!(rw.note, Some(ProxyText::AnswerPortRewritten { .. })),
                "{k}: {rw:?}"
            );
            conns.push(s);
        }
        // The same answer address again: the same listener, no new one.
        let mut again = seen();
        let rw = x.rewrite(reg, 100, &mut again, Side::Server, &id_frame(5000));
        let first = match (&rw.note, &conns[0].holds[..]) {
            (Some(ProxyText::AnswerPortRewritten { to, .. }), [_]) => *to,
            other => panic!("{other:?}"),
        };
        assert_eq!(rw.bytes, Some(id_frame(first.port())));
        // Full: said once, then the port passes unchanged with the plain note.
        let mut late = seen();
        let rw = x.rewrite(reg, 101, &mut late, Side::Server, &id_frame(6000));
        assert!(matches!(
            rw.note,
            Some(ProxyText::ListenersFull { max: MAX_LISTENERS })
        ));
        assert_eq!(rw.bytes, None);
        let rw = x.rewrite(reg, 102, &mut late, Side::Server, &id_frame(6001));
        assert!(matches!(
            rw.note,
            Some(ProxyText::KvAnswerPort { port: 6001 })
        ));
        // A listener two connections hold stays until both are gone; then its slot is free.
        x.release(reg, &mut conns[0]);
        let rw = x.rewrite(reg, 103, &mut late, Side::Server, &id_frame(6002));
        assert!(rw.bytes.is_none());
        x.release(reg, &mut again);
        let rw = x.rewrite(reg, 104, &mut late, Side::Server, &id_frame(6003));
        assert!(matches!(
            rw.note,
            Some(ProxyText::AnswerPortRewritten { .. })
        ));
        // A node's ID (port 0) and frames the other way are never rewritten.
        let rw = x.rewrite(reg, 105, &mut seen(), Side::Server, &id_frame(0));
        assert!(rw.bytes.is_none() && rw.note.is_none());
        let rw = x.rewrite(reg, 106, &mut seen(), Side::Client, &id_frame(7000));
        assert!(rw.bytes.is_none() && rw.note.is_none());
    }
}
