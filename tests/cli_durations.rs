//! Every duration flag of every role refuses what it cannot mean: a value beyond the largest
//! accepted (a day) is a usage error (exit 2) that names that largest value, never a panic.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `netlab ARGS…` must exit 2 at once, saying the largest duration accepted.
#[track_caller]
fn refused(args: &[&str]) {
    refused_saying(args, "the largest duration accepted is 86400s");
}

/// `netlab ARGS…` must exit 2 at once, saying `said`.
#[track_caller]
fn refused_saying(args: &[&str], said: &str) {
    let mut child = support::neutral_locale(Command::new(support::bin()).args(args))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start netlab");
    // A role that took the value would run on: it is stopped, and that is the failure.
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "netlab {}: {}\n{err}",
        args.join(" "),
        out.status
    );
    let flat = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(said), "netlab {}:\n{err}", args.join(" "));
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn huge_durations_are_usage_errors_naming_the_largest_accepted() {
    for huge in [
        "1e30",
        "18446744073709551615s",
        "1e20",
        "86401",
        "1441m",
        "1e300ms",
    ] {
        refused(&["msg", "server", "-p", "0", "--ack-timeout", huge]);
        refused(&["msg", "server", "-p", "0", "--hello-timeout", huge]);
        refused(&["msg", "server", "-p", "0", "--stall-timeout", huge]);
        refused(&["kv", "node", "0", "/dev/null", "--dedup-window", huge]);
        refused(&["kv", "client", "0", "127.0.0.1:9", "--timeout", huge]);
        refused(&["chat", "server", "-p", "0", "--expire", huge]);
        refused(&["chat", "peer", "Ana", "--keepalive", huge]);
        refused(&["check", "msg", "127.0.0.1:9", "--timeout", huge]);
        refused(&["demo", "msg", "--pace", huge]);
        for flag in ["--gap", "--hold", "--delay", "--jitter"] {
            refused(&["proxy", "msg", "0", "127.0.0.1:9", flag, huge]);
        }
    }
}

/// Every duration flag of every role.
const DURATION_FLAGS: &[(&[&str], &str)] = &[
    (&["msg", "server", "-p", "0"], "--ack-timeout"),
    (&["msg", "server", "-p", "0"], "--hello-timeout"),
    (&["msg", "server", "-p", "0"], "--stall-timeout"),
    (&["kv", "node", "0", "/dev/null"], "--dedup-window"),
    (&["kv", "client", "0", "127.0.0.1:9"], "--timeout"),
    (&["chat", "server", "-p", "0"], "--expire"),
    (&["chat", "peer", "Ana"], "--keepalive"),
    (&["check", "msg", "127.0.0.1:9"], "--timeout"),
    (&["demo", "msg"], "--pace"),
    (&["proxy", "msg", "0", "127.0.0.1:9"], "--gap"),
    (&["proxy", "msg", "0", "127.0.0.1:9"], "--hold"),
    (&["proxy", "msg", "0", "127.0.0.1:9"], "--delay"),
    (&["proxy", "msg", "0", "127.0.0.1:9"], "--jitter"),
];

/// A negative duration is a value the flag takes, and refuses as negative, in both languages
/// (not clap's `unexpected argument '-1'`).
#[test]
fn negative_durations_are_refused_as_negative() {
    for (role, flag) in DURATION_FLAGS {
        for negative in ["-1s", "-1", "-500ms"] {
            for (lang, said) in [
                ("en", "a duration cannot be negative"),
                ("pt", "uma duração não pode ser negativa"),
            ] {
                let args = [&["--lang", lang], *role, &[*flag, negative]].concat();
                refused_saying(&args, said);
            }
        }
    }
}

/// The largest value itself is accepted: the role starts (and is stopped here).
#[test]
fn a_day_is_accepted() {
    let (mut srv, _addr) =
        support::msg::server(&["--ack-timeout", "86400s", "--stall-timeout", "1440m"]);
    srv.signal("INT");
    srv.expect_success();
}
