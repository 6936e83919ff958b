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
            &["chat", "peer", "Ana Maria"][..],
            "name contains whitespace",
        ),
        (&["chat", "peer", "A:B"][..], "name contains ':'"),
        (
            &["kv", "node", "5000", "db.txt", "5000"][..],
            "the port is missing",
        ),
        (&["kv", "client", "0", "nowhere"][..], "the port is missing"),
        (
            &["app", "client", "1.2.3.4:x", "search", "a"][..],
            "\"x\" is not a port",
        ),
        (&["app", "client", "search"][..], "ARGS"),
        (
            &["msg", "server", "-b", "no such host"][..],
            "not HOST:PORT",
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
