//! The kv client's answer port: the connections nodes deliver answers on are accepted and read
//! by the client's own poller, like its link to the node (a descriptor each, no thread), and
//! [`AnswerPort`] keeps them, with the clock passed in.
//!
//! The port is open to anyone who can reach it, so a stranger must never keep the real
//! answers out:
//! - every connection is closed once the answer window passed since it opened (a node sends
//!   its answer at once and closes);
//! - at most `cap` are open at once (fitted to the descriptor limit). When that many are open,
//!   a new one takes the place of one that already answered, or else of the oldest one that
//!   sent nothing: it is closed at once, so the real answer still gets in while strangers
//!   hold the rest.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::codec::Frames;
use crate::net::conn::{Conn, ConnId};
use crate::net::sock;

/// One connection to the answer port.
struct Answerer {
    conn: Conn<Frames>,
    from: SocketAddr,
    /// When it is closed.
    due: Instant,
    /// It delivered a frame: nothing is lost by closing it.
    answered: bool,
}

/// The answer connections open, in the order they opened (which is the order of their
/// deadlines: every one gets the same window).
pub struct AnswerPort {
    cap: usize,
    window: Duration,
    open: VecDeque<Answerer>,
}

impl AnswerPort {
    /// At most `cap` connections at once, each closed `window` after it opened.
    pub fn new(cap: usize, window: Duration) -> AnswerPort {
        AnswerPort {
            cap: cap.max(1),
            window,
            open: VecDeque::new(),
        }
    }

    /// A connection came (at `now`): kept until its window passes. When the port is full, one
    /// that answered makes room, or else the oldest; returned is who that was, when it had
    /// sent nothing (said as a full port).
    pub fn opened(&mut self, conn: Conn<Frames>, now: Instant) -> Option<SocketAddr> {
        let mut evicted = None;
        if self.open.len() >= self.cap {
            let i = self.open.iter().position(|a| a.answered).unwrap_or(0);
            if let Some(a) = self.close(i) {
                evicted = (!a.answered).then_some(a.from);
            }
        }
        self.open.push_back(Answerer {
            from: sock::canonical(conn.peer()),
            conn,
            due: now + self.window,
            answered: false,
        });
        evicted
    }

    /// A frame came on connection `id`: who sent it, if it is an answer connection still open.
    pub fn frame(&mut self, id: ConnId) -> Option<SocketAddr> {
        let a = self.open.iter_mut().find(|a| a.conn.id() == id)?;
        a.answered = true;
        Some(a.from)
    }

    /// Connection `id` ended: who it was, if it is an answer connection still open.
    pub fn closed(&mut self, id: ConnId) -> Option<SocketAddr> {
        let i = self.open.iter().position(|a| a.conn.id() == id)?;
        self.open.remove(i).map(|a| a.from)
    }

    /// When the next connection's window passes.
    pub fn deadline(&self) -> Option<Instant> {
        self.open.front().map(|a| a.due)
    }

    /// Close the connections whose window passed by `now`; returned are those that sent
    /// nothing.
    pub fn expire(&mut self, now: Instant) -> Vec<SocketAddr> {
        let mut silent = Vec::new();
        while self.open.front().is_some_and(|a| a.due <= now) {
            if let Some(a) = self.close(0)
                && !a.answered
            {
                silent.push(a.from);
            }
        }
        silent
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.open.len()
    }

    /// Close connection `i` at once (both ways: a stranger holding it learns at once).
    fn close(&mut self, i: usize) -> Option<Answerer> {
        let a = self.open.remove(i)?;
        a.conn.close_now();
        Some(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::conn::{OnFull, Opts};
    use crate::term::log::{Level, Log, Sink, Trace};
    use crate::term::text::Lang;

    const OPTS: Opts = Opts {
        name: "t",
        outbox: 4,
        on_full: OnFull::Report,
    };

    fn conn(id: ConnId, port: u16) -> Conn<Frames> {
        let log = Log::new("t", Level::Quiet, Trace::Off, Lang::En, Sink::Std);
        let peer = SocketAddr::from(([127, 0, 0, 1], port));
        Conn::memory(OPTS, id, peer, &log).0
    }

    fn from(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    #[test]
    fn a_window_closes_each_connection_and_says_the_silent_ones() {
        let t = Instant::now();
        let w = Duration::from_millis(700);
        let mut port = AnswerPort::new(8, w);
        port.opened(conn(1, 1001), t);
        port.opened(conn(2, 1002), t + Duration::from_millis(100));
        assert_eq!(port.frame(1), Some(from(1001)));
        assert_eq!(port.deadline(), Some(t + w));
        // Not before the window passed.
        assert!(port.expire(t + w - Duration::from_millis(1)).is_empty());
        assert_eq!(port.len(), 2);
        // The first answered: closed without a word; the second sent nothing.
        assert!(port.expire(t + w).is_empty());
        assert_eq!(
            port.expire(t + w + Duration::from_millis(100)),
            [from(1002)]
        );
        assert_eq!(port.len(), 0);
        assert_eq!(port.deadline(), None);
    }

    #[test]
    fn a_full_port_makes_room_with_one_that_answered_or_else_the_oldest() {
        let t = Instant::now();
        let mut port = AnswerPort::new(2, Duration::from_secs(1));
        assert_eq!(port.opened(conn(1, 1001), t), None);
        assert_eq!(port.opened(conn(2, 1002), t), None);
        port.frame(2);
        // Full: the one that answered goes, and nobody is said.
        assert_eq!(port.opened(conn(3, 1003), t), None);
        assert_eq!(port.frame(2), None);
        // Full again, nobody answered: the oldest goes, and is said.
        assert_eq!(port.opened(conn(4, 1004), t), Some(from(1001)));
        assert_eq!(port.len(), 2);
        assert_eq!(port.frame(1), None);
        assert_eq!(port.frame(4), Some(from(1004)));
    }

    #[test]
    fn only_its_own_connections_are_its_concern() {
        let t = Instant::now();
        let mut port = AnswerPort::new(2, Duration::from_secs(1));
        port.opened(conn(5, 1005), t);
        assert_eq!(port.frame(9), None);
        assert_eq!(port.closed(9), None);
        assert_eq!(port.closed(5), Some(from(1005)));
        assert_eq!(port.closed(5), None);
    }
}
