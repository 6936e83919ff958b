//! The node's memory of floods already seen, keyed on (type, client ip, announced port, nseq),
//! bounded in time (entries expire after 10 s, `--dedup-window`) and in size (the oldest go
//! first). Ten seconds is far longer than any copy can still be travelling three hops, and
//! short enough that a client restarted on the same port (its nseq starts at 0 again) is
//! served again within seconds.
//!
//! Each entry also keeps the largest TTL seen for that flood. A later copy is never answered
//! again, but one that arrives with more TTL than any before is forwarded again: on a loaded
//! overlay a copy can reach a node over a longer path first, and without this the nodes behind
//! it that the shorter path can still reach would never see the request.

use std::collections::{HashMap, VecDeque};
use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

/// How long a flood is remembered by default.
pub const EXPIRY: Duration = Duration::from_secs(10);
/// Most floods remembered at once.
pub const CAPACITY: usize = 100_000;

/// What identifies one flood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FloodKey {
    pub kind: u16,
    pub ip: Ipv4Addr,
    pub port: u16,
    pub nseq: u32,
}

/// What to do with a copy of a flood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// First copy: answer and forward.
    New,
    /// Seen before, but this copy can travel further: forward only.
    Further,
    /// Seen before with at least this TTL: drop.
    Duplicate,
}

#[derive(Debug)]
pub struct Dedup {
    best: HashMap<FloodKey, u16>,
    order: VecDeque<(Instant, FloodKey)>,
    expiry: Duration,
    capacity: usize,
}

impl Default for Dedup {
    fn default() -> Self {
        Dedup::new(EXPIRY, CAPACITY)
    }
}

impl Dedup {
    pub fn new(expiry: Duration, capacity: usize) -> Dedup {
        Dedup {
            best: HashMap::new(),
            order: VecDeque::new(),
            expiry,
            capacity: capacity.max(1),
        }
    }

    /// Record a copy of `key` carrying `ttl` (the originating node records `u16::MAX`, so its
    /// own flood coming back is always a duplicate).
    pub fn check(&mut self, key: FloodKey, ttl: u16, now: Instant) -> Seen {
        self.expire(now);
        if let Some(best) = self.best.get_mut(&key) {
            if ttl > *best {
                *best = ttl;
                return Seen::Further;
            }
            return Seen::Duplicate;
        }
        if self.best.len() >= self.capacity
            && let Some((_, old)) = self.order.pop_front()
        {
            self.best.remove(&old);
        }
        self.best.insert(key, ttl);
        self.order.push_back((now, key));
        Seen::New
    }

    fn expire(&mut self, now: Instant) {
        while let Some(&(at, key)) = self.order.front() {
            if now.duration_since(at) < self.expiry {
                break;
            }
            self.order.pop_front();
            self.best.remove(&key);
        }
    }

    pub fn len(&self) -> usize {
        self.best.len()
    }

    pub fn is_empty(&self) -> bool {
        self.best.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(nseq: u32) -> FloodKey {
        FloodKey {
            kind: 7,
            ip: Ipv4Addr::LOCALHOST,
            port: 6000,
            nseq,
        }
    }

    #[test]
    fn duplicates_further_and_expiry() {
        let t0 = Instant::now();
        let mut d = Dedup::new(EXPIRY, 10);
        assert_eq!(d.check(key(0), 1, t0), Seen::New);
        assert_eq!(d.check(key(0), 1, t0), Seen::Duplicate);
        assert_eq!(d.check(key(0), 2, t0), Seen::Further);
        assert_eq!(d.check(key(0), 2, t0), Seen::Duplicate);
        assert_eq!(d.check(key(0), 1, t0), Seen::Duplicate);
        // Another type, port or nseq is another flood.
        assert_eq!(d.check(FloodKey { kind: 8, ..key(0) }, 3, t0), Seen::New);
        assert_eq!(d.check(FloodKey { port: 1, ..key(0) }, 3, t0), Seen::New);
        assert_eq!(d.check(key(1), 3, t0), Seen::New);
        // The origin's own record absorbs every copy.
        assert_eq!(d.check(key(9), u16::MAX, t0), Seen::New);
        assert_eq!(d.check(key(9), 3, t0), Seen::Duplicate);
        let almost = t0 + EXPIRY - Duration::from_millis(1);
        assert_eq!(
            d.check(key(0), 1, almost),
            Seen::Duplicate,
            "still remembered"
        );
        let later = t0 + EXPIRY;
        assert_eq!(d.check(key(0), 1, later), Seen::New, "expired after 10 s");
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn ten_seconds_by_default() {
        assert_eq!(EXPIRY, Duration::from_secs(10));
        assert_eq!(Dedup::default().expiry, EXPIRY);
    }

    #[test]
    fn bounded() {
        let t0 = Instant::now();
        let mut d = Dedup::new(EXPIRY, 3);
        for n in 0..10 {
            assert_eq!(d.check(key(n), 3, t0), Seen::New);
            assert!(d.len() <= 3);
        }
        assert_eq!(d.check(key(9), 3, t0), Seen::Duplicate);
        assert_eq!(
            d.check(key(0), 3, t0),
            Seen::New,
            "the oldest was forgotten"
        );
    }
}
