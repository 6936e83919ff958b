//! One command line for every role: a bad value is a usage error (exit 2, clap's message,
//! nothing started); server addresses are `HOST:PORT` or a bare host that takes the protocol's
//! default port; host names work where addresses do, bind addresses included.

mod support;

use support::{Proc, run};

#[test]
fn bad_values_are_usage_errors() {
    for (args, said) in [
        (
            &["msg", "emitter", "127.0.0.1:abc"][..],
            "\"abc\" is not a port",
        ),
        (&["msg", "display", "[::1"][..], "'[' without its ']'"),
        (
            &["msg", "emitter", "42375"][..],
            "\"42375\" looks like a port",
        ),
        (&["mcast", "send", "-u", ""][..], "an empty name"),
        (&["chat", "peer", "Ana", "10001"][..], "looks like a port"),
        (
            &["chat", "peer", "Ana "][..],
            "name begins or ends with a blank",
        ),
        (&["chat", "peer", "A:B"][..], "name contains ':'"),
        (
            &["kv", "node", "5000", "db.txt", "5000"][..],
            "\"5000\" looks like a port",
        ),
        (&["kv", "client", "0", "nowhere"][..], "the port is missing"),
        (
            &["app", "client", "1.2.3.4:x", "search", "a"][..],
            "\"x\" is not a port",
        ),
        (&["app", "client", "search"][..], "not provided: VALUE"),
        (
            &["msg", "server", "-b", "no such host"][..],
            "not an IP address nor a host name (example: 127.0.0.1;",
        ),
    ] {
        let (status, out, err) = run(args, "");
        assert_eq!(status.code(), Some(2), "netlab {args:?}: {err}");
        assert!(err.contains(said), "netlab {args:?} said {err:?}");
        assert!(err.starts_with("error: "), "not clap's style: {err:?}");
        assert!(out.is_empty(), "{out}");
    }
}

#[test]
fn a_bind_address_may_be_a_name() {
    let (mut srv, addr) = Proc::start_listening(&["msg", "server", "-b", "localhost", "-p", "0"]);
    assert!(addr.ip().is_loopback(), "{addr}");
    srv.signal("INT");
    srv.expect_success();
}

#[test]
fn a_bare_host_takes_the_protocols_default_port() {
    // Nothing listens on the chat directory's port here (it is outside the ephemeral range,
    // so no test's server can have it): the error names the port the bare host got.
    let (status, _, err) = run(&["--lang", "en", "chat", "peer", "Ana", "127.0.0.1"], "");
    if status.code() == Some(1) {
        assert!(err.contains("127.0.0.1:10000"), "{err}");
    }
    // The older spelling means the same.
    let (status2, _, err2) = run(
        &["--lang", "en", "chat", "peer", "Ana", "-s", "127.0.0.1"],
        "",
    );
    assert_eq!(status.code(), status2.code(), "{err} / {err2}");
}

#[test]
fn a_first_echo_argument_that_is_not_an_address_is_a_message() {
    let (mut srv, addr) = Proc::start_listening(&["echo", "server", "-p", "0"]);
    let a = addr.to_string();
    let (status, out, err) = run(&["echo", "client", &a, "Olá 🐶"], "");
    assert!(status.success(), "{err}");
    assert_eq!(out, "received 'Olá 🐶' from connection 1\n");
    // Without an address first, the text is still a message (sent to the default port), never
    // a host name to look up.
    let (_, _, err) = run(&["--lang", "en", "echo", "client", "Olá 🐶"], "");
    assert!(
        !err.contains("Olá"),
        "the message was taken for a host: {err}"
    );
    srv.signal("INT");
    srv.expect_success();
}

#[test]
fn ranges_are_written_for_people() {
    for (args, said) in [
        (
            &["msg", "emitter", "--id", "1000"][..],
            "\"1000\" is not an id from 1 to 999",
        ),
        (
            &["msg", "display", "--id", "7"][..],
            "\"7\" is not an id from 1000 to 1999",
        ),
        (
            &["mcast", "send", "-u", "Ana", "--ttl", "300"][..],
            "\"300\" is not a number from 0 to 255",
        ),
        (
            &["echo", "client", "-c", "0"][..],
            "\"0\" is not a number of 1 or more",
        ),
        (
            &["msg", "server", "--queue", "lots"][..],
            "\"lots\" is not a number of 1 or more",
        ),
    ] {
        let (status, out, err) = run(args, "");
        assert_eq!(status.code(), Some(2), "netlab {args:?}: {err}");
        assert!(err.contains(said), "netlab {args:?} said {err:?}");
        assert!(err.contains("try '--help'"), "not clap's style: {err:?}");
        assert!(!err.contains("..="), "{err:?}");
        assert!(out.is_empty(), "{out}");
    }
}

#[test]
fn help_texts_write_ranges_for_people() {
    for args in [
        &["msg", "emitter", "--help"][..],
        &["msg", "display", "--help"][..],
        &["msg", "server", "--help"][..],
        &["mcast", "send", "--help"][..],
        &["chat", "peer", "--help"][..],
        &["msg", "--help"][..],
    ] {
        let (status, out, _) = run(args, "");
        assert!(status.success(), "netlab {args:?}");
        assert!(!out.contains("..="), "netlab {args:?}:\n{out}");
    }
    let (_, out, _) = run(&["msg", "emitter", "--help"], "");
    assert!(out.contains("1 to 999"), "{out}");
}

#[test]
fn a_missing_argument_shows_the_usage_line() {
    for (args, usage) in [
        (
            &["kv", "node"][..],
            "Usage: netlab kv node <PORT> <DBFILE> [IP:PORT]...",
        ),
        (
            &["kv", "client", "0"][..],
            "Usage: netlab kv client <PORT> <IP:PORT>",
        ),
        (
            &["chat", "peer"][..],
            "Usage: netlab chat peer <NAME> [HOST:PORT]",
        ),
        (
            &["mcast", "send"][..],
            "Usage: netlab mcast send --user <NAME>",
        ),
        (
            &["app", "client"][..],
            "Usage: netlab app client [OPTIONS] [HOST:PORT] ACTION VALUE",
        ),
    ] {
        let (status, out, err) = run(args, "");
        assert_eq!(status.code(), Some(2), "netlab {args:?}: {err}");
        assert!(err.contains(usage), "netlab {args:?} said {err:?}");
        assert!(out.is_empty(), "{out}");
    }
}

/// A usage error found after clap parsed the line shows the usage of the subcommand typed,
/// as clap's own errors do, not the whole program's `netlab [OPTIONS] <COMMAND>`.
#[test]
fn a_late_usage_error_shows_the_usage_of_the_subcommand_typed() {
    for (args, usage) in [
        (
            &["--lang", "en", "demo", "msg", "--diagram-limit", "3"][..],
            "Usage: netlab demo ",
        ),
        (
            &[
                "--lang",
                "en",
                "proxy",
                "msg",
                "0",
                "127.0.0.1:1",
                "--hold",
                "1s",
            ],
            "Usage: netlab proxy ",
        ),
        (
            &["--lang", "en", "app", "client", "127.0.0.1:24401", "search"],
            "Usage: netlab app client ",
        ),
        (
            &[
                "--lang",
                "pt",
                "check",
                "msg",
                "127.0.0.1:1",
                "--only",
                "nothing.such",
            ],
            "Uso: netlab check ",
        ),
        (
            &[
                "--lang",
                "pt",
                "app",
                "client",
                "1.2.3.4.5:9",
                "search",
                "x",
            ],
            "valor inválido '1.2.3.4.5:9' para '[HOST:PORTA]'",
        ),
    ] {
        let (status, _, err) = run(args, "");
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(usage), "{args:?}: {err}");
        assert!(
            !err.contains("netlab [OPTIONS] <COMMAND>")
                && !err.contains("netlab [OPÇÕES] <COMANDO>"),
            "{args:?}: {err}"
        );
    }
}

/// A late usage error on a command line holding a path that is not UTF-8 (a student's folder
/// named in Latin-1): exit 2 with the subcommand's usage, not a panic.
#[cfg(unix)]
#[test]
fn a_late_usage_error_beside_a_path_that_is_not_utf8_is_still_exit_2() {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::OsStr::from_bytes(b"caf\xe9.db");
    let out = std::process::Command::new(support::bin())
        .args(["--lang", "en", "kv", "node", "0"])
        .arg(path)
        .args(["--diagram-limit", "3"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("Usage: netlab kv node "), "{err}");
}
