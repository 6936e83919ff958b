//! A per-peer budget for repeated warnings, so a flood of bad frames never floods the log:
//! the first few warnings about one peer are written, the rest are counted and summarised at
//! most once a second (`… 2417 more like this from 127.0.0.1:40112`).
//!
//! The owner thread holds one; the clock is passed in, so the logic is tested without sleeping.
//! It needs [`Quota::flush`] from the owner's tick ([`Quota::next_due`] says when).
//!
//! A budget is kept per address. A problem that a peer repeats by reconnecting (each time from
//! a new port) is counted per host with [`host`]: port 0, which no peer ever has, stands for
//! the whole host, and its summary names the host alone.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::log::Log;
use super::text::Text;
use crate::net::sentences::NetText;

/// Warnings written per peer and window before the rest are counted.
pub const BURST: u32 = 3;
/// The window, and the most often a summary is written for one peer.
pub const WINDOW: Duration = Duration::from_secs(1);

#[derive(Debug)]
struct Budget {
    /// When the current window started.
    since: Instant,
    written: u32,
    /// Counted and not yet reported.
    suppressed: u64,
}

/// The key that counts the warnings about every connection from `peer`'s host together.
pub fn host(peer: SocketAddr) -> SocketAddr {
    SocketAddr::new(peer.ip().to_canonical(), 0)
}

/// How a summary names a peer: `IP:PORT`, or the IP alone for a [`host`] key.
fn shown(peer: SocketAddr) -> String {
    match peer.port() {
        0 => peer.ip().to_string(),
        _ => peer.to_string(),
    }
}

/// The warning budgets of every peer that recently caused one.
#[derive(Debug, Default)]
pub struct Quota {
    peers: HashMap<SocketAddr, Budget>,
}

impl Quota {
    /// Write `text` as a warning about `peer`, unless this peer used its budget in the
    /// current window (then it is only counted).
    pub fn warn(&mut self, log: &Log, peer: SocketAddr, text: impl Text, now: Instant) {
        if self.allow(peer, now) {
            log.warn(text);
        }
    }

    /// Count one warning about `peer`: true if it should be written.
    pub fn allow(&mut self, peer: SocketAddr, now: Instant) -> bool {
        let b = self.peers.entry(peer).or_insert(Budget {
            since: now,
            written: 0,
            suppressed: 0,
        });
        if now.duration_since(b.since) >= WINDOW && b.suppressed == 0 {
            b.since = now;
            b.written = 0;
        }
        if b.written < BURST {
            b.written += 1;
            true
        } else {
            b.suppressed += 1;
            false
        }
    }

    /// When the next summary is due, if any.
    pub fn next_due(&self) -> Option<Instant> {
        self.peers
            .values()
            .filter(|b| b.suppressed > 0)
            .map(|b| b.since + WINDOW)
            .min()
    }

    /// Write the summaries that are due, and forget peers that have been quiet.
    pub fn flush(&mut self, log: &Log, now: Instant) {
        self.peers.retain(|peer, b| {
            if now.duration_since(b.since) < WINDOW {
                return true;
            }
            if b.suppressed == 0 {
                return false; // a whole window without trouble
            }
            log.warn(NetText::MoreLikeThis {
                count: b.suppressed,
                peer: &shown(*peer),
            });
            // The next window starts with its budget spent: a steady flood gets one line a
            // second, not BURST + 1.
            b.since = now;
            b.written = BURST;
            b.suppressed = 0;
            true
        });
    }

    /// The end of the run: write every summary still owed, due or not (what was counted is
    /// reported, however soon the role stops).
    pub fn finish(&mut self, log: &Log) {
        for (peer, b) in self.peers.drain() {
            if b.suppressed > 0 {
                log.warn(NetText::MoreLikeThis {
                    count: b.suppressed,
                    peer: &shown(peer),
                });
            }
        }
    }

    /// Peers with a budget in use (for tests and limits).
    pub fn len(&self) -> usize {
        self.peers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.peers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::log::{Level, Line, Sink, Trace};
    use crate::term::text::Lang;
    use crossbeam_channel::{Receiver, unbounded};

    fn log() -> (Log, Receiver<Line>) {
        let (tx, rx) = unbounded();
        (
            Log::new("t", Level::Normal, Trace::Off, Lang::En, Sink::Channel(tx)),
            rx,
        )
    }

    fn peer(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    #[test]
    fn a_flood_is_a_few_lines_then_one_summary_a_second() {
        let (log, lines) = log();
        let mut q = Quota::default();
        let t0 = Instant::now();
        for i in 0..20_000u32 {
            let now = t0 + Duration::from_micros(u64::from(i) * 100); // 2 s of flood
            q.warn(&log, peer(1), NetText::AcceptFailed("bad"), now);
            if q.next_due().is_some_and(|due| due <= now) {
                q.flush(&log, now);
            }
        }
        let got: Vec<String> = lines.try_iter().map(|l| l.text).collect();
        assert_eq!(got.len(), BURST as usize + 1, "{got:?}");
        assert!(got[BURST as usize].contains("more like this from 127.0.0.1:1"));
        q.flush(&log, t0 + Duration::from_secs(5));
        let last: Vec<String> = lines.try_iter().map(|l| l.text).collect();
        assert_eq!(last.len(), 1);
        // Quiet since: forgotten at the next flush.
        q.flush(&log, t0 + Duration::from_secs(10));
        assert!(q.is_empty());
    }

    #[test]
    fn a_host_budget_covers_every_port_and_its_summary_names_the_host() {
        let (log, lines) = log();
        let mut q = Quota::default();
        let t0 = Instant::now();
        for port in 1..=10 {
            q.warn(&log, host(peer(port)), NetText::AcceptFailed("bad"), t0);
        }
        q.flush(&log, t0 + WINDOW);
        let got: Vec<String> = lines.try_iter().map(|l| l.text).collect();
        assert_eq!(got.len(), BURST as usize + 1, "{got:?}");
        assert!(
            got[BURST as usize].ends_with("more like this from 127.0.0.1"),
            "{got:?}"
        );
    }

    #[test]
    fn what_was_counted_is_reported_at_the_end() {
        let (log, lines) = log();
        let mut q = Quota::default();
        let now = Instant::now();
        for _ in 0..BURST + 3 {
            q.warn(&log, peer(7), NetText::AcceptFailed("bad"), now);
        }
        q.finish(&log);
        let got: Vec<String> = lines.try_iter().map(|l| l.text).collect();
        assert_eq!(got.len(), BURST as usize + 1, "{got:?}");
        assert!(
            got.last()
                .unwrap()
                .contains("3 more like this from 127.0.0.1:7")
        );
        assert!(q.is_empty());
    }

    #[test]
    fn peers_have_budgets_of_their_own() {
        let mut q = Quota::default();
        let now = Instant::now();
        for _ in 0..BURST {
            assert!(q.allow(peer(1), now));
        }
        assert!(!q.allow(peer(1), now));
        assert!(q.allow(peer(2), now));
        // A new window after a quiet one starts a fresh budget.
        let mut q = Quota::default();
        assert!(q.allow(peer(3), now));
        assert!(q.allow(peer(3), now + WINDOW * 2));
    }
}
