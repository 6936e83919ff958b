//! msg relay benchmark: `cargo run --release --example msg_bench`.
//!
//! (a) a bare TCP ping-pong of 14-byte frames between two threads over loopback — the floor
//!     any relay is measured against;
//! (b) one emitter's MSG→OK round trips per second through the real server (started
//!     in-process from the library), with one display attached that answers every MSG;
//! (c) netlab's server next to a student's relay, `tests/python/msg_select_server.py --quiet`
//!     (the interoperability tests' student server without its reports: one Python
//!     `select()` loop, as the assignment is usually written: it relays a MSG to every display
//!     at once, without waiting for their OKs), both driven by the same load generator
//!     (`load`: raw clients on one epoll thread, every delivery checked): 10 emitters × 10
//!     displays and 50 × 50, each emitter stop-and-wait on its OK, each display answering every
//!     MSG at once; then one emitter and one display, one message at a time: the time from the
//!     emitter's MSG until the display has it and the emitter its OK. The bare relay of (d) is
//!     measured alongside: the most any relay doing the spec's per-display stop-and-wait gets
//!     from this load on this machine;
//! (d) lossless sustained delivery: one raw emitter broadcasting as fast as its OKs return (64
//!     in flight, the next sent as each OK comes back) to 1, 10 and 50 displays that answer
//!     every MSG: the lanes (the default `--queue` of 1024) fill, so flow control is at work;
//!     every message is counted, in order, at every display; through the server and through a
//!     bare relay (`bare`: one epoll thread doing the same per-display stop-and-wait and flow
//!     control).
//!
//! In (c) and (d) every relay runs in a child process of its own (this program run as
//! `msg_bench serve netlab|bare`, or the Python relay), so its peak RSS can be
//! read from /proc. Runs of one kind alternate between the relays, and medians are reported.
//!
//! `msg_bench python` runs (c) alone, `msg_bench lossless` (d) alone; `--netlab PATH` makes
//! (c) and (d) start `PATH msg server` (another build) in place of this program's server;
//! `msg_bench once netlab|python|bare EMITTERS DISPLAYS SECONDS` runs one broadcast (for a
//! profiler).
//!
//! It measures with Linux's epoll and /proc (`msg_bench/linux.rs`); elsewhere it says so and
//! exits.

#[cfg(target_os = "linux")]
#[path = "msg_bench/linux.rs"]
mod linux;

fn main() {
    #[cfg(target_os = "linux")]
    linux::main();
    #[cfg(not(target_os = "linux"))]
    {
        eprintln!("msg_bench: measures with epoll and /proc, which only Linux has");
        std::process::exit(2);
    }
}
