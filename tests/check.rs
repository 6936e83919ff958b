//! `netlab check` against netlab's own servers: every case of every protocol passes (no false
//! alarm), the slow ones included once (the 15 s keepalive expiry, the 10 s OI deadline); the
//! reports (text, `--json`, JUnit XML parsed by a real XML parser); the command line (`--list`,
//! `--only`, exit 2 for a bad one); Portuguese; the man page lists every case id.

mod support;

use std::collections::BTreeSet;

use support::check::check;
use support::temp::TempDir;
use support::{chat, kv, msg};

/// The ids `--list` gives for a protocol.
fn ids(proto: &str) -> Vec<String> {
    let r = check(&[proto, "--list"]);
    assert!(r.status.success(), "{r}");
    r.out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

const PROTOCOLS: [&str; 6] = ["msg", "kv", "chat", "chat-peer", "app", "echo"];

/// A kv node whose database holds the key the checker asks for.
fn kv_node(t: &TempDir) -> kv::Node {
    let db = t.write(
        "db.txt",
        "tcpmux 1/tcp # TCP Port Service Multiplexer\nnbp 2/ddp\n",
    );
    kv::node(kv::host(1), &db, &[], &[])
}

#[test]
fn own_msg_server_passes_every_case() {
    let (_server, addr) = msg::server(&[]);
    let r = check(&["msg", &addr.to_string(), "--quick", "--strict"]);
    r.assert_clean();
    assert_eq!(r.lines_of("SKIP").len(), 1, "only the slow case\n{r}");
    assert_eq!(r.lines_of("PASS").len(), ids("msg").len() - 1, "{r}");
}

#[test]
fn own_kv_node_passes_every_case() {
    let t = TempDir::new("check-kv");
    let node = kv_node(&t);
    let r = check(&["kv", &node.addr.to_string(), "--strict"]);
    r.assert_clean();
    assert_eq!(r.lines_of("PASS").len(), ids("kv").len(), "{r}");
}

#[test]
fn own_chat_server_passes_every_case() {
    let (_server, addr) = chat::server(&[]);
    let r = check(&["chat", &addr.to_string(), "--quick", "--strict"]);
    r.assert_clean();
    assert_eq!(r.lines_of("SKIP").len(), 1, "only the slow case\n{r}");
}

#[test]
fn own_chat_peer_passes_every_case() {
    let (_server, addr) = chat::server(&[]);
    let (_peer, port) = chat::peer("Ana", addr, &[]);
    let r = check(&["chat-peer", &chat::loopback(port).to_string(), "--strict"]);
    r.assert_clean();
    assert_eq!(r.lines_of("PASS").len(), ids("chat-peer").len(), "{r}");
}

#[test]
fn own_app_and_echo_servers_pass_every_case() {
    for proto in ["app", "echo"] {
        let (_server, addr) = support::app::server(proto, &["-b", "127.0.0.1"]);
        let r = check(&[proto, &addr.to_string(), "--strict"]);
        r.assert_clean();
        assert_eq!(r.lines_of("PASS").len(), ids(proto).len(), "{proto}\n{r}");
    }
}

/// The waits that --quick skips, once each, at the same time: our chat server cuts a silent
/// user after 15 s and keeps the one that sends KEEP; a student's server that never expires
/// users fails that case with the hint; our msg server closes a connection that sends no OI.
#[test]
fn slow_cases_pass_on_ours_and_name_a_server_that_never_expires() {
    let ours = std::thread::spawn(|| {
        let (_server, addr) = chat::server(&[]);
        check(&["chat", &addr.to_string(), "--only", "chat.expire"])
    });
    let hello = std::thread::spawn(|| {
        let (_server, addr) = msg::server(&[]);
        check(&["msg", &addr.to_string(), "--only", "msg.bad.4"])
    });
    let theirs = std::thread::spawn(|| {
        if !support::python::python3() {
            return None;
        }
        // The student's server of the interop tests: its users never expire.
        let p = support::python::start("chat_server.py", &[]);
        let line = p.wait_for(support::On::Out, "its port", support::DEADLINE, |l| {
            l.starts_with("port ")
        });
        let addr = format!("127.0.0.1:{}", &line[5..]);
        let r = check(&["chat", &addr, "--only", "chat.expire", "--json"]);
        drop(p);
        Some(r)
    });
    let ours = ours.join().unwrap();
    ours.assert_clean();
    assert_eq!(ours.lines_of("PASS").len(), 1, "{ours}");
    let hello = hello.join().unwrap();
    hello.assert_clean();
    assert_eq!(hello.lines_of("PASS").len(), 1, "{hello}");
    if let Some(theirs) = theirs.join().unwrap() {
        assert_eq!(theirs.status.code(), Some(1), "{theirs}");
        assert_eq!(
            theirs.verdict("chat.expire.1"),
            ("fail".into(), Some("no-expiry".into())),
            "{theirs}"
        );
    }
}

#[test]
fn json_gives_one_object_per_case() {
    let (_server, addr) = support::app::server("echo", &["-b", "127.0.0.1"]);
    let r = check(&["echo", &addr.to_string(), "--json"]);
    assert!(r.status.success(), "{r}");
    let objects = r.objects();
    let got: Vec<&str> = objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(got, ids("echo"), "{r}");
    for o in &objects {
        assert_eq!(o["status"], "pass", "{r}");
        assert!(o["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(o["seconds"].is_number());
    }
    // The totals go to stderr, so stdout stays JSON.
    assert!(r.err.contains("passed, 0 failed, 0 skipped"), "{r}");
}

/// Parse a JUnit file with Python's XML parser; return (tests attribute, testcase elements,
/// failures attribute, failure elements, skipped elements), or None without python3.
fn parse_junit(path: &str) -> Option<(usize, usize, usize, usize, usize)> {
    if !support::python::python3() {
        return None;
    }
    let script = "import sys, xml.etree.ElementTree as E\n\
        r = E.parse(sys.argv[1]).getroot()\n\
        s = r.find('testsuite')\n\
        cases = s.findall('testcase')\n\
        print(s.get('tests'), len(cases), s.get('failures'), \
        sum(1 for c in cases if c.find('failure') is not None), \
        sum(1 for c in cases if c.find('skipped') is not None))\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script, path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "not valid XML: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(path).unwrap_or_default()
    );
    let nums: Vec<usize> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    Some((nums[0], nums[1], nums[2], nums[3], nums[4]))
}

#[test]
fn junit_lists_every_case() {
    let t = TempDir::new("check-junit");
    let (_server, addr) = chat::server(&[]);
    let file = t.join("report.xml");
    let r = check(&["chat", &addr.to_string(), "--quick", "--junit", &file]);
    r.assert_clean();
    if let Some((tests, cases, failures, failed, skipped)) = parse_junit(&file) {
        assert_eq!((tests, cases), (ids("chat").len(), ids("chat").len()));
        assert_eq!((failures, failed), (0, 0));
        assert_eq!(skipped, 3, "the slow case and the two strict ones");
    }
}

#[test]
fn a_failing_run_fills_the_junit_failures() {
    let t = TempDir::new("check-junit-fail");
    // A plain TCP listener that reads and never answers: every case fails.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    let file = t.join("report.xml");
    let r = check(&[
        "echo",
        &addr.to_string(),
        "--timeout",
        "200ms",
        "--only",
        "echo.bytes",
        "--junit",
        &file,
    ]);
    assert_eq!(r.status.code(), Some(1), "{r}");
    let failed = r.lines_of("FAIL").len();
    assert_eq!(failed, 4, "{r}");
    assert!(r.out.contains("0 passed, 4 failed, 0 skipped"), "{r}");
    if let Some((tests, cases, failures, failed_elems, _)) = parse_junit(&file) {
        assert_eq!((tests, cases, failures, failed_elems), (4, 4, 4, 4));
    }
}

#[test]
fn list_only_and_bad_command_lines() {
    // Every protocol lists its cases without an address; ids are numbered by section.
    for proto in PROTOCOLS {
        let all = ids(proto);
        assert!(all.len() > 5, "{proto}: {all:?}");
        assert!(all.iter().all(|i| i.starts_with(&format!("{proto}."))));
        assert_eq!(all.last().unwrap(), &format!("{proto}.alive.1"));
    }
    let r = check(&["kv", "--list", "--only", "flood.3,kv.dedup"]);
    let got: Vec<&str> = r
        .out
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(got, ["kv.flood.3", "kv.dedup.1", "kv.dedup.2"], "{r}");
    for bad in [
        &["kv"][..],
        &["chat-peer"],
        &["msg", "--only", "msg.nothing"],
        &["msg", "--timeout", "soon"],
        &["ftp", "127.0.0.1:21"],
        &["msg", "127.0.0.1:abc"],
    ] {
        let r = check(bad);
        assert_eq!(r.status.code(), Some(2), "{bad:?}\n{r}");
        assert!(r.err.contains("error:"), "{bad:?}\n{r}");
    }
}

#[test]
fn an_address_with_nothing_behind_it_is_an_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = check(&["echo", &format!("127.0.0.1:{port}")]);
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert!(r.err.starts_with("netlab: error: cannot connect to"), "{r}");
}

#[test]
fn portuguese_reports() {
    let (_server, addr) = support::app::server("app", &["-b", "127.0.0.1"]);
    let (status, out, _) = support::run(
        &[
            "--lang",
            "pt",
            "check",
            "app",
            &addr.to_string(),
            "--only",
            "app.search",
        ],
        "",
    );
    assert!(status.success(), "{out}");
    support::assert_has_lines(
        &out,
        &[
            "PASS app.search.3 uma busca de chave desconhecida responde `No match for \"KEY\".` (ou 'KEY')",
            "SKIP app.search.2 morpheus é respondido com a entrada exata do tutorial (estrito: rode com --strict)",
            "4 passaram, 0 falharam, 1 pulado",
        ],
    );
}

#[test]
fn the_man_page_lists_every_case() {
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/netlab-check.1"),
    )
    .expect("man/netlab-check.1 (NETLAB_BLESS=1 cargo test --test generated)");
    // roff escapes the hyphens of "chat-peer".
    let page = page.replace("\\-", "-");
    let mut missing = BTreeSet::new();
    for proto in PROTOCOLS {
        for id in ids(proto) {
            if !page.contains(&id) {
                missing.insert(id);
            }
        }
    }
    assert!(missing.is_empty(), "not in the man page: {missing:?}");
}

#[test]
fn the_protocol_reference_links_every_case_to_its_rule() {
    for proto in PROTOCOLS {
        let doc = match proto {
            "chat-peer" => "chat",
            "echo" => "app",
            p => p,
        };
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("doc/{doc}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        for id in ids(proto) {
            let row = text
                .lines()
                .find(|l| l.starts_with(&format!("| `{id}` |")))
                .unwrap_or_else(|| panic!("{id} is not in doc/{doc}.md"));
            // The row links the section that states the rule, and that section exists.
            let anchor = row
                .rsplit("](#")
                .next()
                .and_then(|a| a.strip_suffix(") |"))
                .unwrap_or_else(|| panic!("{id}: no link in {row:?}"));
            let found = text
                .lines()
                .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")))
                .any(|h| {
                    let a: String = h
                        .to_lowercase()
                        .chars()
                        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == ' ' || *c == '_')
                        .collect();
                    a.replace(' ', "-") == anchor
                });
            assert!(found, "{id}: doc/{doc}.md has no section #{anchor}");
        }
    }
}
