//! Sequence diagrams: the Mermaid text netlab writes parses with the `sequenceDiagram` subset
//! it emits (and renders with the real Mermaid CLI where it is installed), ladders match their
//! golden files at 80 columns (`NETLAB_BLESS=1` rewrites them), and the demo and the proxy
//! draw what really passed.

mod support;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

use netlab::diagram::{Diagram, Format, Step, mermaid};
use netlab::msg::wire::{Head, Msg};
use netlab::term::text::Lang;
use support::{DEADLINE, Proc, run};

/// A fixed exchange: the msg scenario's first message, a split, a hint, a long label, a wide
/// character, a frame back across two lifelines.
fn sample() -> Diagram {
    let mut d = Diagram::new(None);
    let e = d.participant("emitter 1");
    let s = d.participant("server 127.0.0.1:55555");
    let x = d.participant("display 1001");
    d.arrow(e, s, "OI orig=1 dest=0 seq=0");
    d.arrow(s, e, "OK orig=0 dest=1 seq=0");
    d.arrow(e, s, "MSG orig=1 dest=0 seq=1 len=8 \"Ob-la-di\"");
    d.note(e, s, "proxy: split MSG seq=1 into 14+2+8");
    d.arrow(s, x, "MSG orig=1 dest=1001 seq=1 len=8 \"Ob-la-di\"");
    d.arrow(
        x,
        e,
        "a frame across two lifelines with a label long enough to wrap twice over",
    );
    d.note(
        x,
        x,
        "a note over one participant, near the right edge, wrapped to the width",
    );
    d.arrow(e, x, "Olá 🦀");
    d
}

fn golden(name: &str, got: &[String]) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "golden", name]
        .iter()
        .collect();
    let got = got.join("\n") + "\n";
    if std::env::var_os("NETLAB_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (NETLAB_BLESS=1 writes it)", path.display()));
    assert_eq!(
        got,
        want,
        "{} differs (NETLAB_BLESS=1 rewrites it)",
        path.display()
    );
}

#[test]
fn ladder_at_80_columns_matches_its_golden_files() {
    let d = sample();
    let boxes = d.render(Format::Ladder, Lang::En, 80, false);
    let ascii = d.render(Format::Ladder, Lang::En, 80, true);
    for lines in [&boxes, &ascii] {
        for l in lines.iter() {
            assert!(netlab::term::text::text_width(l) <= 80, "too wide: {l:?}");
        }
    }
    assert!(
        ascii
            .iter()
            .all(|l| l.chars().all(|c| c.is_ascii() || c == 'á' || c == '🦀'))
    );
    golden("ladder_80.txt", &boxes);
    golden("ladder_80_ascii.txt", &ascii);
}

#[test]
fn the_limit_is_a_note_in_every_format() {
    let mut d = Diagram::new(Some(2));
    let a = d.participant("client");
    let b = d.participant("server");
    for k in 0..5 {
        d.arrow(a, b, format!("frame {k}"));
    }
    for f in [Format::Mermaid, Format::Plantuml, Format::Ladder] {
        let text = d.render(f, Lang::En, 80, false).join("\n");
        assert!(text.contains("3 more frames not drawn"), "{f:?}\n{text}");
        assert!(!text.contains("frame 2"), "{f:?}\n{text}");
    }
}

#[test]
fn mermaid_of_the_sample_parses_back() {
    let d = sample();
    let text = d.render(Format::Mermaid, Lang::En, 80, false).join("\n");
    let p = mermaid::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(p.participants, d.participants);
    assert_eq!(p.steps, d.steps);
}

#[test]
fn demo_msg_draws_figure_one_as_bare_mermaid() {
    let (status, out, err) = run(&["--lang", "en", "demo", "msg", "--diagram", "mermaid"], "");
    assert!(status.success(), "{err}");
    let p = mermaid::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    for who in [
        "server",
        "display 1001",
        "display 1002",
        "emitter 1",
        "emitter 2",
    ] {
        assert!(
            p.participants.iter().any(|n| n == who),
            "{who} missing\n{out}"
        );
    }
    let id = |name: &str| p.participants.iter().position(|n| n == name).unwrap();
    let has = |from: &str, to: &str, needle: &str| {
        p.steps.iter().any(|s| {
            matches!(s, Step::Arrow { from: f, to: t, label }
                if *f == id(from) && *t == id(to) && label.contains(needle))
        })
    };
    assert!(has("emitter 1", "server", "\"Ob-la-di\""), "{out}");
    assert!(has("server", "display 1001", "\"Ob-la-di\""), "{out}");
    assert!(has("server", "display 1002", "\"Ob-la-da\""), "{out}");
    assert!(
        has("emitter 2", "server", "\"Life goes on, brah!!!\""),
        "{out}"
    );
    assert!(has("server", "display 1001", "OKQEM"), "{out}");
    assert!(
        !out.contains("[emitter"),
        "the transcript is not mixed in\n{out}"
    );
}

/// The Mermaid the proxy draws at Ctrl-C for one frame each way, split at its fields
/// (`--split field`), and the target's address.
fn proxy_split_mermaid() -> (String, String) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let t = l.local_addr().unwrap().to_string();
    let (mut px, paddr) = Proc::start_listening(&[
        "--lang",
        "en",
        "proxy",
        "msg",
        "0",
        &t,
        "--split",
        "field",
        "--diagram",
        "mermaid",
    ]);
    let mut c = TcpStream::connect(paddr).unwrap();
    let (mut s, _) = l.accept().unwrap();
    c.write_all(&Msg::Ok(Head::new(0, 1, 1, 7)).to_bytes())
        .unwrap();
    s.write_all(&Msg::Erro(Head::new(1, 0, 1, 7)).to_bytes())
        .unwrap();
    let mut got = [0u8; 14];
    std::io::Read::read_exact(&mut c, &mut got).unwrap();
    c.set_read_timeout(Some(DEADLINE)).unwrap();
    px.signal("INT");
    px.expect_success();
    let out = px.remaining_out().join("\n");
    let out = if out.is_empty() {
        px.stdout_lines().join("\n")
    } else {
        out
    };
    (out, t)
}

#[test]
fn proxy_draws_the_exchange_with_its_impairments_at_ctrl_c() {
    let (out, t) = proxy_split_mermaid();
    let p = mermaid::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(p.participants.len(), 2, "{out}");
    assert!(
        p.participants[0].starts_with("client #1 127.0.0.1:"),
        "{out}"
    );
    assert_eq!(p.participants[1], format!("server {t}"));
    assert!(
        p.steps.contains(&Step::Arrow {
            from: 0,
            to: 1,
            label: "OK 0→1 seq=1".into()
        }),
        "{out}"
    );
    assert!(
        p.steps.iter().any(
            |s| matches!(s, Step::Arrow { from: 1, to: 0, label } if label.starts_with("ERRO"))
        ),
        "{out}"
    );
    assert!(
        p.steps.iter().any(
            |s| matches!(s, Step::Note { text, .. } if text == "proxy: split OK seq=1 into 2+12")
        ),
        "{out}"
    );
}

/// The real Mermaid renders what netlab writes, where its CLI (`mmdc`, the npm package
/// @mermaid-js/mermaid-cli with a system Chromium) is installed; elsewhere a loud skip.
#[test]
fn the_real_mermaid_renders_the_demo_diagram() {
    let mmdc = std::env::var("NETLAB_MMDC").unwrap_or_else(|_| "mmdc".into());
    if std::process::Command::new(&mmdc)
        .arg("--version")
        .output()
        .is_err()
    {
        support::skipped(
            "the Mermaid CLI (mmdc) is not installed; the diagrams were checked by \
             the parser test only (npm install -g @mermaid-js/mermaid-cli with \
             PUPPETEER_SKIP_DOWNLOAD=1 and a system chromium, then NETLAB_MMDC=mmdc)",
        );
        return;
    }
    let dir = support::temp::TempDir::new("mermaid");
    let render = |name: &str, text: &str, shown: &[&str]| {
        let input = dir.write(&format!("{name}.mmd"), text.as_bytes());
        let output = format!("{input}.svg");
        let r = std::process::Command::new(&mmdc)
            .args(["-i", &input, "-o", &output])
            .output()
            .unwrap();
        assert!(
            r.status.success(),
            "{name}: {}\n{text}",
            String::from_utf8_lossy(&r.stderr)
        );
        let svg = std::fs::read_to_string(&output).unwrap();
        for s in shown {
            assert!(
                svg.contains(s),
                "{name}: the rendered diagram lacks {s:?}\n{text}"
            );
        }
    };
    // The demo, in English and (with accents in its names and notes) in Portuguese.
    for (lang, scenario, shown) in [
        ("en", "msg", &["Ob-la-di", "emitter 1", "display 1001"][..]),
        ("pt", "kv", &["porta de respostas do cliente"][..]),
        ("pt", "chat", &["Ana"][..]),
    ] {
        let (status, out, err) = run(
            &["--lang", lang, "demo", scenario, "--diagram", "mermaid"],
            "",
        );
        assert!(status.success(), "{err}");
        render(&format!("{lang}-{scenario}"), &out, shown);
    }
    // The proxy's: a participant with `#` (written as an entity) and impairment notes.
    let (out, _) = proxy_split_mermaid();
    render("proxy", &out, &["client #1", "split OK seq=1 into 2+12"]);
    // A failing check case's, from --json: the verdict, expectation and hint as notes.
    if let Some((_server, addr)) =
        support::check::broken("broken_msg_server.py", &["little-endian"])
    {
        let a = addr.to_string();
        let (_, out, _) = run(
            &[
                "--lang", "en", "check", "msg", &a, "--only", "msg.oi.1", "--json",
            ],
            "",
        );
        let case: serde_json::Value = out
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["id"] == "msg.oi.1")
            .unwrap_or_else(|| panic!("no msg.oi.1 object\n{out}"));
        let text = case["diagram"].as_str().unwrap();
        render("check", text, &["byte-swapped"]);
    }
}

#[test]
fn a_role_draws_its_own_traced_frames_and_keeps_stdout_for_the_diagram() {
    let (_server, addr) = support::msg::server(&[]);
    let a = addr.to_string();
    let (status, out, err) = run(
        &[
            "--lang",
            "en",
            "--diagram",
            "mermaid",
            "msg",
            "emitter",
            &a,
            "--id",
            "1",
        ],
        "Ob-la-di\n",
    );
    assert!(status.success(), "{err}");
    let p = mermaid::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(
        p.participants,
        ["emitter 1".to_string(), format!("server {a}")]
    );
    let labels: Vec<&str> = p
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Arrow { label, .. } => Some(label.split(' ').next().unwrap()),
            Step::Note { .. } => None,
        })
        .collect();
    assert_eq!(labels, ["OI", "OK", "MSG", "OK", "FLW", "OK"], "{out}");
    assert!(p.steps.iter().any(
        |s| matches!(s, Step::Arrow { from: 0, to: 1, label } if label.ends_with("\"Ob-la-di\""))
    ));
    // The role's own lines went to stderr, and no trace line with them.
    assert!(err.contains("OK: sent to every display"), "{err}");
    assert!(!err.contains("trace "), "{err}");
}

#[test]
fn diagram_is_refused_where_there_is_no_tcp_exchange_to_draw() {
    for args in [
        &[
            "--diagram",
            "mermaid",
            "proxy",
            "mcast",
            "224.3.29.71:5007",
            "224.3.29.72:5008",
        ][..],
        &["--diagram", "ladder", "mcast", "recv"],
        &["--diagram-limit", "3", "msg", "server"],
    ] {
        let (status, _, err) = run(args, "");
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
    }
}

#[test]
fn failing_check_cases_carry_their_exchange_as_a_ladder_or_as_mermaid() {
    let Some((_server, addr)) = support::check::broken("broken_msg_server.py", &["little-endian"])
    else {
        return;
    };
    let a = addr.to_string();
    let (_, out, err) = run(
        &[
            "--lang",
            "en",
            "--diagram",
            "ladder",
            "--ascii",
            "check",
            "msg",
            &a,
            "--only",
            "msg.oi.1",
        ],
        "",
    );
    let lines: Vec<&str> = out.lines().collect();
    let fail = lines
        .iter()
        .position(|l| l.starts_with("FAIL msg.oi.1"))
        .unwrap_or_else(|| panic!("no failure\n{out}\n{err}"));
    let ladder = &lines[fail..];
    let head = ladder
        .iter()
        .position(|l| l.contains("netlab check") && l.contains(&a))
        .unwrap_or_else(|| panic!("no ladder under the case\n{out}"));
    assert!(
        ladder[head..]
            .iter()
            .any(|l| l.contains("+----") && l.contains(">|")),
        "{out}"
    );
    // The case's lines above said why, what was expected and the hint: the ladder under it
    // does not say them again (each hint is said in full once).
    assert_eq!(
        lines.iter().filter(|l| l.contains("byte-swapped")).count(),
        1,
        "{out}"
    );

    let (_, out, _) = run(
        &[
            "--lang",
            "en",
            "--diagram",
            "mermaid",
            "check",
            "msg",
            &a,
            "--only",
            "msg.oi.1",
            "--json",
        ],
        "",
    );
    let case: serde_json::Value = out
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["id"] == "msg.oi.1")
        .unwrap_or_else(|| panic!("no msg.oi.1 object\n{out}"));
    let text = case["diagram"]
        .as_str()
        .unwrap_or_else(|| panic!("no diagram: {case}"));
    let p = mermaid::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(p.participants, ["netlab check".to_string(), a.clone()]);
    assert!(
        matches!(&p.steps[0], Step::Arrow { from: 0, to: 1, label } if label.starts_with("OI "))
    );
    assert!(
        p.steps
            .iter()
            .any(|s| matches!(s, Step::Note { text, .. } if text.starts_with("hint: ")))
    );

    // Without --diagram a failing case carries its exchange all the same: Mermaid in --json,
    // a box-drawn ladder under the case in the text report.
    let (_, out, _) = run(
        &[
            "--lang", "en", "check", "msg", &a, "--only", "msg.oi.1", "--json",
        ],
        "",
    );
    let case: serde_json::Value = out
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["id"] == "msg.oi.1")
        .unwrap_or_else(|| panic!("no msg.oi.1 object\n{out}"));
    let text = case["diagram"]
        .as_str()
        .unwrap_or_else(|| panic!("no diagram without --diagram: {case}"));
    mermaid::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let (_, out, _) = run(
        &["--lang", "en", "check", "msg", &a, "--only", "msg.oi.1"],
        "",
    );
    let fail = out
        .find("FAIL msg.oi.1")
        .unwrap_or_else(|| panic!("no failure\n{out}"));
    assert!(
        out[fail..].contains("netlab check") && out[fail..].contains("─▶│"),
        "{out}"
    );
    // --diagram FORMAT chooses the text report's format.
    let (_, out, _) = run(
        &[
            "--lang",
            "en",
            "--diagram",
            "mermaid",
            "check",
            "msg",
            &a,
            "--only",
            "msg.oi.1",
        ],
        "",
    );
    assert!(out.contains("       sequenceDiagram"), "{out}");
}

#[test]
fn proxy_draws_a_ladder_live_as_frames_pass() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let t = l.local_addr().unwrap().to_string();
    let mut px = Proc::start_env(
        &[
            "--lang",
            "en",
            "--diagram",
            "ladder",
            "--ascii",
            "--diagram-limit",
            "2",
            "proxy",
            "msg",
            "0",
            &t,
            "--split",
            "field",
        ],
        &[("COLUMNS", "80")],
    );
    let paddr = px.listening();
    let head = px.next_out();
    assert!(
        head.trim_start().starts_with("client") && head.ends_with(&format!("server {t}")),
        "{head}"
    );
    let mut c = TcpStream::connect(paddr).unwrap();
    let (_s, _) = l.accept().unwrap();
    c.write_all(&Msg::Ok(Head::new(0, 1, 1, 7)).to_bytes())
        .unwrap();
    // Drawn while the connection is open: before any Ctrl-C.
    px.expect_out_has("#1 OK 0->1 seq=1");
    let arrow = px.next_out();
    assert!(arrow.contains("+---") && arrow.ends_with(">|"), "{arrow}");
    px.expect_out_has("* #1 proxy: split OK seq=1 into 2+12");
    for seq in 2..=4 {
        c.write_all(&Msg::Ok(Head::new(0, 1, seq, 7)).to_bytes())
            .unwrap();
    }
    px.expect_out_has("#1 OK 0->1 seq=2");
    px.signal("INT");
    px.expect_success();
    let rest = px.remaining_out().join("\n");
    let all = px.stdout_lines().join("\n");
    assert!(all.contains("2 more frames not drawn"), "{all}\n{rest}");
    assert!(!all.contains("seq=3"), "{all}");
    for line in px.stdout_lines() {
        assert!(line.chars().count() <= 80 && line.is_ascii(), "{line:?}");
    }
}

/// A kv answer reaches the client through the proxy's own listener: in the diagram it is an
/// arrow from the node to a participant of its own, the client answer port.
#[test]
fn proxy_draws_kv_answers_to_the_client_answer_port() {
    let t = support::temp::TempDir::new("diagram-kv");
    let db = t.write("n.db", "secret forty two\n");
    let node = support::kv::node(support::kv::host(2), &db, &[], &[]);
    let target = node.addr.to_string();
    let (mut px, paddr) = Proc::start_listening(&[
        "--lang",
        "en",
        "proxy",
        "kv",
        "0",
        &target,
        "--diagram",
        "mermaid",
    ]);
    let (mut client, port) = support::kv::client(paddr, "1s", "en");
    client.send("? secret");
    let (value, _) = support::kv::answer(&client.next_out());
    assert_eq!(value, "forty two");
    client.send("Q");
    client.expect_success();
    px.signal("INT");
    px.expect_success();
    let _ = px.remaining_out();
    let out = px.stdout_lines().join("\n");
    let p = mermaid::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    let at = |name: &str| {
        p.participants
            .iter()
            .position(|x| x == name)
            .unwrap_or_else(|| panic!("no participant {name:?}:\n{out}"))
    };
    let server = at(&format!("server {target}"));
    let answers = at(&format!("client answer port 127.0.0.1:{port}"));
    assert!(
        p.steps.iter().any(|s| matches!(
            s,
            Step::Arrow { from, to, label }
                if *from == server && *to == answers && label == "RESP nseq=0 value=\"forty two\""
        )),
        "{out}"
    );
    assert!(
        p.steps.iter().any(
            |s| matches!(s, Step::Note { text, .. } if text.starts_with("proxy: answer port 127.0.0.1:"))
        ),
        "{out}"
    );
}

/// On a terminal a role's ladder is drawn live, step by step as its frames pass (here the
/// terminal is a pseudo-terminal made by `script`; Ctrl-C is typed into it).
#[test]
fn a_role_on_a_terminal_draws_its_ladder_live() {
    let line = format!(
        "exec {} --lang en --diagram ladder --ascii msg server 0",
        support::bin()
    );
    let Some(mut command) = support::terminal(&line) else {
        return;
    };
    command.env("COLUMNS", "80");
    let mut server = Proc::spawn(format!("script -qfec '{line}'"), command);
    // The terminal shows stdout and stderr alike.
    let listening = server.expect_out_has("listening on ");
    let addr: std::net::SocketAddr = listening
        .trim_end()
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{listening:?}"));
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], addr.port()));
    let _display = support::msg::Raw::register(addr, 1001);
    // Drawn while the server runs: the names over two lifelines, then the OI's arrow.
    let head = server.expect_out_has("server");
    assert!(head.contains("127.0.0.1:"), "{head:?}");
    server.expect_out_has("OI 1001->0 seq=0");
    // From the client, drawn right of the server that listened first.
    let arrow = server.expect_out_has("---");
    assert!(
        arrow.contains("|<---") && arrow.trim_end().ends_with('+'),
        "{arrow:?}"
    );
    server.expect_out_has("OK 0->1001 seq=0");
    // Ctrl-C typed on the terminal: the server ends, the lifelines' ends are drawn, and the
    // ladder is not drawn a second time.
    server.send("\u{3}");
    server.expect_success();
    let _ = server.remaining_out();
    let all = server.stdout_lines();
    let heads = all
        .iter()
        .filter(|l| l.trim_start().starts_with("server") && l.contains("127.0.0.1:"))
        .count();
    assert_eq!(heads, 1, "{all:#?}");
    for l in &all {
        assert!(l.trim_end().chars().count() <= 80, "{l:?}");
    }
}

/// The proxy's live ladder for kv has a third lifeline, the client answer port, and the
/// answers are drawn to it as they pass.
#[test]
fn proxy_live_ladder_draws_kv_answers_on_a_lifeline_of_their_own() {
    let t = support::temp::TempDir::new("diagram-kv-live");
    let db = t.write("n.db", "secret forty two\n");
    let node = support::kv::node(support::kv::host(2), &db, &[], &[]);
    let target = node.addr.to_string();
    let mut px = Proc::start_env(
        &[
            "--lang",
            "en",
            "--diagram",
            "ladder",
            "--ascii",
            "proxy",
            "kv",
            "0",
            &target,
        ],
        &[("COLUMNS", "80")],
    );
    let paddr = px.listening();
    let head = px.next_out();
    let names: Vec<&str> = head
        .split("  ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(names.len(), 3, "{head:?}");
    assert!(names[2].starts_with("client answer"), "{head:?}");
    let lifelines = px.next_out();
    let cols: Vec<usize> = lifelines.match_indices('|').map(|(i, _)| i).collect();
    assert_eq!(cols.len(), 3, "{lifelines:?}");
    let (mut client, _) = support::kv::client(paddr, "1s", "en");
    client.send("? secret");
    let (value, _) = support::kv::answer(&client.next_out());
    assert_eq!(value, "forty two");
    // The answer, connection #2, from the server's lifeline to the third one.
    px.expect_out_has("#2 RESP nseq=0");
    let arrow = px.expect_out_has("--");
    assert_eq!(arrow.find('+'), Some(cols[1]), "{arrow:?}");
    assert_eq!(arrow.find('>'), Some(cols[2] - 1), "{arrow:?}");
    client.send("Q");
    client.expect_success();
    px.signal("INT");
    px.expect_success();
}

/// With chat `--peers`, a call between peers is drawn too: from the caller's lifeline (the
/// client whose directory answer the proxy rewrote) to a participant named after the peer.
#[test]
fn proxy_draws_chat_calls_to_the_peer_by_name() {
    let (_srv, addr) = support::chat::server(&[]);
    let target = addr.to_string();
    let (mut px, paddr) = Proc::start_listening(&[
        "--lang",
        "en",
        "proxy",
        "chat",
        "0",
        &target,
        "--peers",
        "--diagram",
        "mermaid",
    ]);
    let (mut ana, _) = support::chat::peer("Ana", paddr, &[]);
    let (mut bruno, _) = support::chat::peer("Bruno", paddr, &[]);
    bruno.send("/list");
    bruno.expect_out("Online (besides you): Ana");
    bruno.send("/chat Ana");
    ana.expect_out("Connected to Bruno");
    bruno.send("Oi Ana!");
    ana.expect_out("Bruno: Oi Ana!");
    for p in [&mut ana, &mut bruno] {
        p.send("/exit");
        p.expect_success();
    }
    px.signal("INT");
    px.expect_success();
    let _ = px.remaining_out();
    let out = px.stdout_lines().join("\n");
    let p = mermaid::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    // The caller is named by its USER line; the callee by the name the directory gave.
    let bruno_at = p
        .participants
        .iter()
        .position(|x| x == "peer Bruno")
        .unwrap_or_else(|| panic!("{out}"));
    let ana_at = p
        .participants
        .iter()
        .position(|x| x == "peer Ana")
        .unwrap_or_else(|| panic!("{out}"));
    for label in ["USER Bruno", "Oi Ana!"] {
        assert!(
            p.steps.contains(&Step::Arrow {
                from: bruno_at,
                to: ana_at,
                label: label.into()
            }),
            "{label}: {out}"
        );
    }
}

/// The arrows of a Mermaid diagram as (from, to, label), participants by name.
fn arrows_of(text: &str) -> Vec<(String, String, String)> {
    let p = mermaid::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    p.steps
        .iter()
        .filter_map(|s| match s {
            Step::Arrow { from, to, label } => Some((
                p.participants[*from].clone(),
                p.participants[*to].clone(),
                label.clone(),
            )),
            Step::Note { .. } => None,
        })
        .collect()
}

/// Diagrams are drawn from what the roles know, not from their sentences: in Portuguese
/// (`--lang pt` or `LANG=pt_BR.UTF-8`) the demos draw the arrows they draw in English.
#[test]
fn the_portuguese_demos_draw_the_english_arrows() {
    let en_names = |n: &str| {
        n.replace("servidor", "server")
            .replace("exibidor", "display")
            .replace("emissor", "emitter")
    };
    let sorted = |text: &str| {
        let mut all: Vec<_> = arrows_of(text)
            .into_iter()
            .map(|(a, b, l)| (en_names(&a), en_names(&b), l))
            .collect();
        all.sort();
        all
    };
    let (status, en, err) = run(&["--lang", "en", "demo", "msg", "--diagram", "mermaid"], "");
    assert!(status.success(), "{err}");
    let (status, pt, err) = run(&["--lang", "pt", "demo", "msg", "--diagram", "mermaid"], "");
    assert!(status.success(), "{err}");
    let en = sorted(&en);
    assert!(en.len() > 20, "{en:?}");
    assert_eq!(sorted(&pt), en);
    assert!(
        en.contains(&(
            "server".into(),
            "display 1001".into(),
            "MSG 1→1001 seq=1 \"Ob-la-di\"".into()
        )),
        "{en:?}"
    );
    let out = std::process::Command::new(support::bin())
        .args(["demo", "msg", "--diagram", "mermaid"])
        .env("LANG", "pt_BR.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("participant P0 as servidor"), "{text}");
    assert_eq!(sorted(&text), en);
    // The other demos: as many arrows in pt as in en (addresses differ from run to run).
    for demo in ["kv", "chat", "app", "echo"] {
        for format in ["mermaid", "ladder"] {
            let count = |lang: &str| {
                let (status, out, err) =
                    run(&["--lang", lang, "demo", demo, "--diagram", format], "");
                assert!(status.success(), "{demo} {lang}: {err}");
                match format {
                    "mermaid" => arrows_of(&out).len(),
                    _ => out
                        .lines()
                        .filter(|l| l.contains("─▶") || l.contains("◀─"))
                        .count(),
                }
            };
            let en = count("en");
            assert!(en > 0, "{demo} {format}: no arrow in en");
            assert_eq!(count("pt"), en, "{demo} {format}");
        }
    }
}

/// `--diagram` is a global flag: before the subcommand with `--diagram-limit` or `--ascii`
/// after it, or the other way round; without any `--diagram`, those two are a usage error.
#[test]
fn diagram_flags_are_taken_on_either_side_of_the_subcommand() {
    for args in [
        &[
            "--diagram",
            "mermaid",
            "demo",
            "msg",
            "--diagram-limit",
            "2",
        ][..],
        &[
            "--diagram-limit",
            "2",
            "demo",
            "msg",
            "--diagram",
            "mermaid",
        ],
        &[
            "demo",
            "msg",
            "--diagram",
            "mermaid",
            "--diagram-limit",
            "2",
        ],
    ] {
        let mut all = vec!["--lang", "en"];
        all.extend_from_slice(args);
        let (status, out, err) = run(&all, "");
        assert!(status.success(), "{args:?}: {err}");
        assert_eq!(arrows_of(&out).len(), 2, "{args:?}\n{out}");
    }
    let (status, out, err) = run(
        &[
            "--lang",
            "en",
            "--diagram",
            "ladder",
            "demo",
            "msg",
            "--ascii",
            "--diagram-limit",
            "2",
        ],
        "",
    );
    assert!(status.success(), "{err}");
    assert!(out.contains("+---") && out.is_ascii(), "{out}");
    for (lang, want) in [
        (
            "en",
            "--diagram-limit shapes a diagram: give --diagram <FORMAT> too",
        ),
        (
            "pt",
            "--diagram-limit molda um diagrama: dê também --diagram <FORMATO>",
        ),
    ] {
        let (status, _, err) = run(&["--lang", lang, "demo", "msg", "--diagram-limit", "2"], "");
        assert_eq!(status.code(), Some(2), "{err}");
        assert!(err.contains(want), "{err}");
    }
    let (status, _, err) = run(&["--lang", "en", "demo", "msg", "--ascii"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("--ascii shapes a diagram"), "{err}");
}

/// `--diagram-limit 3` on a real command: three arrows, then the note saying how many frames
/// were left out, in every format.
#[test]
fn the_limit_leaves_frames_out_end_to_end_in_every_format() {
    let (status, all, err) = run(&["--lang", "en", "demo", "msg", "--diagram", "mermaid"], "");
    assert!(status.success(), "{err}");
    let left = arrows_of(&all).len() - 3;
    let note = format!("{left} more frames not drawn (the first 3 are; --diagram-limit)");
    for format in ["mermaid", "plantuml", "ladder"] {
        let (status, out, err) = run(
            &[
                "--lang",
                "en",
                "demo",
                "msg",
                "--diagram",
                format,
                "--diagram-limit",
                "3",
            ],
            "",
        );
        assert!(status.success(), "{format}: {err}");
        // (Mermaid writes the `;` as its entity code.)
        let shown = out.replace("#59;", ";");
        assert!(shown.contains(&note), "{format}: no {note:?}\n{out}");
        let arrows = match format {
            "mermaid" => arrows_of(&out).len(),
            "plantuml" => out.lines().filter(|l| l.contains(" -> ")).count(),
            _ => out
                .lines()
                .filter(|l| l.contains("─▶") || l.contains("◀─"))
                .count(),
        };
        assert_eq!(arrows, 3, "{format}\n{out}");
    }
}

/// The proxy names a msg client by its role once its OI has passed, keeping its address.
#[test]
fn proxy_names_a_msg_client_by_its_oi() {
    let (_server, addr) = support::msg::server(&[]);
    let target = addr.to_string();
    let (mut px, paddr) = Proc::start_listening(&[
        "--lang",
        "en",
        "proxy",
        "msg",
        "0",
        &target,
        "--diagram",
        "mermaid",
    ]);
    let (status, _, err) = run(
        &["msg", "emitter", &paddr.to_string(), "--id", "7"],
        "Ob-la-di\n",
    );
    assert!(status.success(), "{err}");
    px.signal("INT");
    px.expect_success();
    let _ = px.remaining_out();
    let out = px.stdout_lines().join("\n");
    let p = mermaid::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert!(
        p.participants[0].starts_with("emitter 7 127.0.0.1:"),
        "{out}"
    );
    assert!(
        arrows_of(&out)
            .iter()
            .any(|(_, _, l)| l == "MSG 7→0 seq=1 \"Ob-la-di\""),
        "{out}"
    );
}
