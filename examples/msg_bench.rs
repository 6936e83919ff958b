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
//!     (raw clients on one epoll thread, or a thread each: see `--load`; every delivery
//!     checked): 10 emitters × 10 displays and 50 × 50, each emitter stop-and-wait on its OK,
//!     each display answering every MSG at once; then one emitter and one display, one message at a time: the time from the
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
//! `msg_bench once netlab|python|bare EMITTERS DISPLAYS SECONDS` runs one broadcast and
//! `msg_bench latency netlab|python|bare SECONDS` one latency run (for a profiler, or to see
//! that a load works).
//!
//! `--load` chooses the load generator of (c): `epoll` (the default, and the load the
//! README's figures (c) were measured with, so they can be measured again alike), every client
//! on one epoll thread (`msg_bench/load.rs`), the cheapest load there is; or `threads`, every
//! emitter and display an OS thread of its own on a blocking socket (`msg_bench/threads.rs`),
//! as separate client processes on one laptop are: the relay and its clients then share the
//! cores as in a classroom, so a relay that spins before parking cannot win only because the
//! load left it a free core. The scenario, the checks and the counting are the same, so the
//! ratios of the two loads compare. (d) drives its displays with a thread each and its
//! emitter from the main thread, whichever `--load`.
//!
//! ```text
//! cargo build --release --example msg_bench
//! target/release/examples/msg_bench                        # (a) to (d), epoll load
//! target/release/examples/msg_bench python --load threads  # (c), a thread per client
//! target/release/examples/msg_bench once netlab 10 10 2 --load threads
//! ```
//!
//! Before and after in one sitting: build the other version's binary (say `git worktree add
//! ../before REF && (cd ../before && cargo build --release)`), then alternate, the same load
//! each time, and compare the ratios to the bare relay and the Python relay of each run (not
//! the absolute rates):
//!
//! ```text
//! for i in 1 2 3; do
//!   for load in epoll threads; do
//!     target/release/examples/msg_bench python --load $load
//!     target/release/examples/msg_bench python --load $load --netlab ../before/target/release/netlab
//!   done
//!   target/release/examples/msg_bench lossless
//!   target/release/examples/msg_bench lossless --netlab ../before/target/release/netlab
//! done
//! ```
//!
//! It measures with Linux's epoll and /proc (`msg_bench/linux.rs`); elsewhere it says so and
//! exits.

#[cfg(target_os = "linux")]
#[path = "msg_bench/linux.rs"]
mod linux;
#[cfg(target_os = "linux")]
#[path = "common/spawned.rs"]
mod spawned;

fn main() {
    #[cfg(target_os = "linux")]
    linux::main();
    #[cfg(not(target_os = "linux"))]
    {
        eprintln!("msg_bench: measures with epoll and /proc, which only Linux has");
        std::process::exit(2);
    }
}
