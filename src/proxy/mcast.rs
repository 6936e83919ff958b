//! `netlab proxy mcast GROUP:PORT GROUP2:PORT2`: relays the datagrams of one multicast group to
//! another (senders on the first, receivers on the second), every socket pinned to one
//! interface (127.0.0.1 unless `-i` says otherwise), each datagram shown decoded, and on the way
//! dropped, duplicated or held back behind the next one with seeded probabilities. Ctrl-C
//! delivers what is held and ends with `N relayed, D dropped, U duplicated, R reordered`.
//!
//! One thread and one mio `Poll`: the receiving socket and Ctrl-C (a waker) share one wait,
//! whose only timeout is a held datagram's deadline; the decisions are pure ([`Relay`]), so a
//! seed repeats a run.

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::lane::Rng;
use super::text::{McastCounts, ProxyText};
use crate::mcast::config::GroupConfig;
use crate::mcast::{socket, wire};
use crate::net::{Context, Env, Result};
use crate::term::text::Text;

const SOCKET: mio::Token = mio::Token(0);
const WAKE: mio::Token = mio::Token(1);

/// What `netlab proxy mcast` does.
#[derive(Clone, Debug)]
pub struct McastConfig {
    pub from: SocketAddr,
    pub to: SocketAddr,
    pub iface: String,
    /// Probabilities, 0 to 1.
    pub drop: f64,
    pub duplicate: f64,
    pub reorder: f64,
    /// How long a datagram held back for reordering waits for the next one.
    pub hold: Duration,
    pub seed: u64,
}

/// What to do with datagrams: the pure part of the relay.
pub struct Relay {
    cfg: McastConfig,
    rng: Rng,
    /// How many datagrams came so far (datagram numbers start at 1).
    seen: u64,
    /// Held back: its number, bytes, copies, since when.
    held: Option<(u64, Vec<u8>, u32, Instant)>,
    pub counts: McastCounts,
}

/// A datagram to send, `copies` times.
#[derive(Debug, PartialEq, Eq)]
pub struct Out {
    pub bytes: Vec<u8>,
    pub copies: u32,
}

impl Relay {
    pub fn new(cfg: McastConfig) -> Relay {
        let rng = Rng::new(cfg.seed);
        Relay {
            cfg,
            rng,
            seen: 0,
            held: None,
            counts: McastCounts::default(),
        }
    }

    /// A datagram came: what to send now, and the notes to show. Three draws per datagram
    /// whatever happens, so a seed gives the same decisions whatever came before.
    pub fn datagram(&mut self, bytes: Vec<u8>, now: Instant) -> (Vec<Out>, Vec<ProxyText>) {
        self.seen += 1;
        let n = self.seen;
        let (drop, dup, reorder) = (self.rng.unit(), self.rng.unit(), self.rng.unit());
        let mut out = Vec::new();
        let mut notes = Vec::new();
        if drop < self.cfg.drop {
            self.counts.dropped += 1;
            notes.push(ProxyText::Dropped { n });
            return (out, notes);
        }
        let copies = if dup < self.cfg.duplicate {
            self.counts.duplicated += 1;
            notes.push(ProxyText::Duplicated { n });
            2
        } else {
            1
        };
        if self.held.is_none() && reorder < self.cfg.reorder {
            notes.push(ProxyText::HeldBack { n });
            self.held = Some((n, bytes, copies, now));
            return (out, notes);
        }
        self.counts.relayed += 1;
        out.push(Out { bytes, copies });
        if let Some((h, bytes, copies, _)) = self.held.take() {
            self.counts.relayed += 1;
            self.counts.reordered += 1;
            notes.push(ProxyText::Reordered { n: h, after: n });
            out.push(Out { bytes, copies });
        }
        (out, notes)
    }

    /// When the datagram held back goes alone, if one is held.
    pub fn next_time(&self) -> Option<Instant> {
        self.held
            .as_ref()
            .map(|(_, _, _, since)| *since + self.cfg.hold)
    }

    /// A held datagram whose wait is over (or, `now` None, at the end) goes alone.
    pub fn release(&mut self, now: Option<Instant>) -> Option<Out> {
        let (_, _, _, since) = self.held.as_ref()?;
        if now.is_some_and(|t| t < *since + self.cfg.hold) {
            return None;
        }
        let (_, bytes, copies, _) = self.held.take()?;
        self.counts.relayed += 1;
        Some(Out { bytes, copies })
    }
}

/// Run the relay until Ctrl-C.
pub fn run(cfg: McastConfig, env: Env) -> Result<()> {
    let lang = env.lang();
    let log = &env.log;
    let group = |addr: SocketAddr| GroupConfig {
        group: addr.ip(),
        port: addr.port(),
        iface: Some(cfg.iface.clone()),
        multicast_loop: true,
        ..GroupConfig::default()
    };
    let receiver = socket::receiver(&group(cfg.from), lang)?;
    let (sender, dest, _) = socket::sender(&group(cfg.to), 1, lang)?;
    log.info(ProxyText::Relaying {
        from: cfg.from,
        to: dest,
    });
    let start = Instant::now();
    let mut relay = Relay::new(cfg);
    let mut buf = vec![0u8; 64 * 1024];
    let send = |out: &Out| -> Result<()> {
        for _ in 0..out.copies {
            sender
                .send_to(&out.bytes, dest)
                .context(lang, ProxyText::CannotRelay)?;
        }
        Ok(())
    };
    // The receiver stays for leaving the group at the end; a duplicate of its socket is
    // read without blocking under the poll.
    let mut poll = mio::Poll::new().context(lang, ProxyText::CannotStart)?;
    let waker = std::sync::Arc::new(
        mio::Waker::new(poll.registry(), WAKE).context(lang, ProxyText::CannotStart)?,
    );
    let std_sock = receiver
        .sock
        .try_clone()
        .and_then(|s| s.set_nonblocking(true).map(|()| s))
        .context(lang, ProxyText::CannotStart)?;
    let mut sock = mio::net::UdpSocket::from_std(std_sock);
    poll.registry()
        .register(&mut sock, SOCKET, mio::Interest::READABLE)
        .context(lang, ProxyText::CannotStart)?;
    {
        let stop = env.stop.clone();
        let waker = waker.clone();
        std::thread::Builder::new()
            .name("proxy-stop".into())
            .stack_size(64 * 1024)
            .spawn(move || {
                let _ = stop.rx().recv();
                let _ = waker.wake();
            })
            .context(lang, ProxyText::CannotStart)?;
    }
    let mut events = mio::Events::with_capacity(8);
    // Read at once: a datagram may have come before the registration.
    let mut readable = true;
    while !env.stop.is_set() {
        if let Some(out) = relay.release(Some(Instant::now())) {
            send(&out)?;
        }
        if !readable {
            let timeout = relay
                .next_time()
                .map(|t| t.saturating_duration_since(Instant::now()));
            match poll.poll(&mut events, timeout) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e).context(lang, ProxyText::CannotRelay),
            }
            readable = events.iter().any(|ev| ev.token() == SOCKET);
            continue;
        }
        let (n, from) = match sock.recv_from(&mut buf) {
            Ok(got) => got,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                readable = false;
                continue;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context(lang, ProxyText::CannotRelay),
        };
        let bytes = buf[..n].to_vec();
        let shown = match wire::decode(&bytes) {
            Ok(m) => m.to_string(),
            Err(e) => format!("{} ({e})", crate::app::py::repr_bytes(&bytes)),
        };
        let t = start.elapsed().as_secs_f64();
        log.out(format!(
            "-> {shown} (+{t:.6}s, {n} bytes) {}",
            ProxyText::From(from).render(lang)
        ));
        let (outs, notes) = relay.datagram(bytes, Instant::now());
        for note in notes {
            log.out(note.render(lang));
        }
        for out in &outs {
            send(out)?;
        }
    }
    if let Some(out) = relay.release(None) {
        send(&out)?;
    }
    let _ = receiver.leave(lang);
    log.out(ProxyText::McastCounts(relay.counts).render(lang));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(drop: f64, duplicate: f64, reorder: f64) -> McastConfig {
        McastConfig {
            from: "224.3.29.71:5007".parse().unwrap(),
            to: "224.3.29.72:5008".parse().unwrap(),
            iface: "127.0.0.1".into(),
            drop,
            duplicate,
            reorder,
            hold: Duration::from_millis(100),
            seed: 42,
        }
    }

    /// Run `n` datagrams (their numbers as bytes) through; what is sent, in order.
    fn through(r: &mut Relay, n: u8) -> Vec<u8> {
        let now = Instant::now();
        let mut sent = Vec::new();
        for k in 1..=n {
            for o in r.datagram(vec![k], now).0 {
                for _ in 0..o.copies {
                    sent.push(o.bytes[0]);
                }
            }
        }
        if let Some(o) = r.release(None) {
            for _ in 0..o.copies {
                sent.push(o.bytes[0]);
            }
        }
        sent
    }

    #[test]
    fn counts_add_up_and_a_seed_repeats_a_run() {
        let mut a = Relay::new(cfg(0.2, 0.2, 0.2));
        let sent = through(&mut a, 200);
        let c = a.counts;
        assert_eq!(c.relayed + c.dropped, 200);
        assert_eq!(sent.len() as u64, c.relayed + c.duplicated);
        let descents = sent.windows(2).filter(|w| w[1] < w[0]).count() as u64;
        assert_eq!(descents, c.reordered);
        assert!(
            c.dropped > 0 && c.duplicated > 0 && c.reordered > 0,
            "{c:?}"
        );
        let mut b = Relay::new(cfg(0.2, 0.2, 0.2));
        assert_eq!(through(&mut b, 200), sent);
    }

    #[test]
    fn nothing_asked_nothing_changed() {
        let mut r = Relay::new(cfg(0.0, 0.0, 0.0));
        assert_eq!(through(&mut r, 50), (1..=50).collect::<Vec<u8>>());
    }

    #[test]
    fn a_held_datagram_goes_alone_after_the_hold() {
        let mut r = Relay::new(cfg(0.0, 0.0, 1.0));
        let now = Instant::now();
        let (out, _) = r.datagram(vec![1], now);
        assert!(out.is_empty());
        assert!(r.release(Some(now + Duration::from_millis(50))).is_none());
        assert!(r.release(Some(now + Duration::from_millis(100))).is_some());
        assert_eq!(r.counts.reordered, 0);
    }
}
