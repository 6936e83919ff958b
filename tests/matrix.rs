//! `netlab grade --matrix`: the fake msg class of tests/matrix_class/ (five submissions, each a
//! server, a display and an emitter in Python: Ana's correct; Bruno's emitter little-endian,
//! Carla's server relaying texts of any size, Davi's display leaving without OK on the
//! server's FLW, Eva's emitter leaving without FLW at the end of its input) graded with the
//! interop matrix: every display and emitter against every server and netlab's, through
//! netlab's proxy. Bruno's emitter fails against every server, netlab's included, and nothing
//! else fails (the other mistakes are outside the classroom scenario); the points per
//! submission are exact with `matrix = 1`; report.csv and report.html (parsed by Python's
//! html.parser) show the same matrix, each cell linking to its details.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::temp::TempDir;
use support::{Proc, python};

fn class_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("matrix_class")
}

const SUBS: [&str; 5] = ["ana", "bruno", "carla", "davi", "eva"];
const SERVERS: [&str; 6] = ["netlab", "ana", "bruno", "carla", "davi", "eva"];

/// The points each submission must get: its roles' cases (3 server, 2 display, 2 emitter, one
/// each), then the matrix at 1 per cell. A submission is in 20 cells (its display and emitter
/// against 6 servers, the 5 clients of each role against its server, its own counted once).
/// Bruno's 6 emitter cells fail on his frames: 0 of 6 for him; for the servers' owners they
/// count in neither score nor maximum (19 of 19).
const EXPECTED: [(&str, f64, f64); 5] = [
    ("ana", 7.0 + 19.0, 7.0 + 19.0),
    // Both emitter cases fail (little-endian MSG and FLW); 14 of his 20 cells pass.
    ("bruno", 5.0 + 14.0, 7.0 + 20.0),
    // msg.size.4 fails.
    ("carla", 6.0 + 19.0, 7.0 + 19.0),
    // msg-display.flw.1 fails.
    ("davi", 6.0 + 19.0, 7.0 + 19.0),
    // msg-emitter.flw.1 fails.
    ("eva", 6.0 + 19.0, 7.0 + 19.0),
];

/// The matrix tables of report.html: every cell (its table's role, its row's client, its
/// column's server, its class, its text, its link), every id of the page, whether a script is
/// there.
fn parse_html(path: &Path) -> Value {
    let program = r#"
import html.parser, json, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.cells, self.script = [], [], False
        self.role, self.cols, self.row, self.cell, self.href, self.text = None, [], None, None, None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.append(a["id"])
        if tag == "script": self.script = True
        if tag == "table":
            self.role = a.get("data-role") if a.get("class") == "matrix" else None
            self.cols = []
        if self.role is None: return
        if tag == "tr": self.row = []
        if tag in ("th", "td"): self.cell = (tag, a.get("class")); self.text = ""; self.href = None
        if tag == "a": self.href = a.get("href")
    def handle_endtag(self, tag):
        if self.role is None: return
        if tag in ("th", "td") and self.cell:
            self.row.append((self.cell[0], self.cell[1], self.text.strip(), self.href))
            self.cell, self.text = None, None
        if tag == "tr" and self.row is not None:
            if not self.cols:
                self.cols = [t for (_, _, t, _) in self.row]
            else:
                client = self.row[0][2]
                for i, (kind, cls, text, href) in enumerate(self.row[1:]):
                    self.cells.append({"role": self.role, "client": client,
                                       "server": self.cols[i + 1], "class": cls,
                                       "text": text, "href": href})
            self.row = None
        if tag == "table": self.role = None
    def handle_data(self, d):
        if self.text is not None: self.text += d
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
print(json.dumps({"ids": p.ids, "cells": p.cells, "script": p.script}))
"#;
    let out = Command::new("python3")
        .args(["-c", program, path.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "html.parser: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What a cell must be: only Bruno's emitter fails, wherever it runs.
fn expected(role: &str, client: &str) -> &'static str {
    if role == "emitter" && client == "bruno" {
        "fail"
    } else {
        "pass"
    }
}

#[test]
fn the_matrix_fails_the_broken_client_against_every_server_and_only_it() {
    if !python::python3() {
        return;
    }
    let out = TempDir::new("grade-matrix");
    let dir = class_dir();
    let rubric = dir.join("rubric.toml");
    let subs: Vec<String> = SUBS
        .iter()
        .map(|n| dir.join(n).to_string_lossy().into_owned())
        .collect();
    let mut args = vec![
        "--lang",
        "en",
        "grade",
        rubric.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--matrix",
        "--jobs",
        "2",
    ];
    args.extend(subs.iter().map(String::as_str));
    let started = Instant::now();
    let mut p = Proc::start(&args);
    let status = p.wait_exit(Duration::from_secs(240));
    let took = started.elapsed();
    let err = p.stderr_lines().join("\n");
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.contains("matrix: 60 cells"), "{err}");
    assert!(err.contains("matrix: 54 PASS, 6 FAIL"), "{err}");
    // Roles and 60 cells of about a second each, two at a time.
    assert!(took < Duration::from_secs(180), "{took:?}");

    // The class's results.json: the matrix, each cell's verdict, the frame and whose.
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("results.json")).unwrap())
            .unwrap();
    let m = &all["matrix"];
    assert_eq!(m["servers"], serde_json::json!(SERVERS));
    let cells = m["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 2 * 5 * 6, "{m:#}");
    for c in cells {
        let (role, client) = (c["role"].as_str().unwrap(), c["client"].as_str().unwrap());
        assert_eq!(c["status"], expected(role, client), "{c:#}");
        if c["status"] == "fail" {
            // The first frame that went wrong: the emitter's little-endian MSG, at the
            // broadcast step, Bruno's.
            assert_eq!(c["blame"], "client", "{c:#}");
            assert_eq!(c["whose"], "emitter of bruno", "{c:#}");
            assert!(
                c["frame"].as_str().unwrap().contains("not a msg frame"),
                "{c:#}"
            );
            assert!(
                c["step"].as_str().unwrap().contains("every display"),
                "{c:#}"
            );
            let trace = c["trace"].to_string();
            assert!(trace.contains("little-endian"), "the proxy's hint: {c:#}");
        } else {
            assert!(
                c["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|s| s["status"] == "pass")
            );
            let trace = c["trace"].to_string();
            assert!(
                trace.contains("Ob-la-di") && trace.contains("OKQEM"),
                "{c:#}"
            );
        }
    }

    // Each submission's results.json: its points exact, its cells as tests.
    for (name, points, max) in EXPECTED {
        let v: Value = serde_json::from_str(
            &std::fs::read_to_string(out.path().join(name).join("results.json")).unwrap(),
        )
        .unwrap();
        let tests = v["tests"].as_array().unwrap();
        let sum: f64 = tests.iter().map(|t| t["score"].as_f64().unwrap()).sum();
        let most: f64 = tests.iter().map(|t| t["max_score"].as_f64().unwrap()).sum();
        assert_eq!(
            (v["score"].as_f64().unwrap(), sum, most),
            (points, points, max),
            "{name}: {v:#}"
        );
        let cells: Vec<&Value> = tests
            .iter()
            .filter(|t| t["name"].as_str().unwrap().starts_with("matrix: "))
            .collect();
        assert_eq!(cells.len(), 20, "{name}");
        for t in &cells {
            for k in ["name", "number", "output", "visibility"] {
                assert!(t[k].is_string(), "{t}");
            }
        }
        let (mp, mm) = if name == "bruno" {
            (14.0, 20.0)
        } else {
            (19.0, 19.0)
        };
        assert!(
            err.contains(&format!(
                "graded {name} with the matrix: {points}/{max} points (matrix {mp}/{mm})"
            )),
            "{err}"
        );
        let output = v["output"].as_str().unwrap();
        assert!(
            output.contains(&format!("Points {}/{}", points, max)),
            "{output}"
        );
    }

    // report.csv: one matrix column per role and server, the row's client's verdict.
    let csv = std::fs::read_to_string(out.path().join("report.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    for (i, name) in SUBS.iter().enumerate() {
        let row = &rows[i + 1];
        assert_eq!(row[0], *name);
        let col = rows[0].iter().position(|h| *h == "matrix").unwrap();
        let want = if *name == "bruno" { "14" } else { "19" };
        assert_eq!(row[col], want, "{name}'s matrix points: {csv}");
        for role in ["display", "emitter"] {
            for server in SERVERS {
                let col = rows[0]
                    .iter()
                    .position(|h| *h == format!("matrix {role} × {server}"))
                    .unwrap_or_else(|| panic!("no column for {role} × {server}: {csv}"));
                assert_eq!(
                    row[col],
                    expected(role, name).to_uppercase(),
                    "{name} {role} × {server}"
                );
            }
        }
    }

    // report.html: the matrix as tables coloured by verdict, each cell linking to details that
    // hold the steps and the proxy's trace; no script.
    let html = parse_html(&out.path().join("report.html"));
    assert_eq!(html["script"], false);
    let ids: Vec<&str> = html["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    let cells = html["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 60, "{html:#}");
    let page = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    for c in cells {
        let (role, client) = (c["role"].as_str().unwrap(), c["client"].as_str().unwrap());
        let want = expected(role, client);
        assert_eq!(c["class"], want, "{c}");
        assert_eq!(c["text"], want.to_uppercase(), "{c}");
        let href = c["href"].as_str().expect("every cell links");
        let id = href.trim_start_matches('#');
        assert!(ids.contains(&id), "{href} leads nowhere");
        let details = &page[page.find(&format!("id=\"{id}\"")).unwrap()..];
        let details = &details[..details.find("</div>").unwrap()];
        assert!(details.contains("Ob-la-di") || details.contains("not a msg frame"));
        if want == "fail" {
            assert!(
                details.contains("emitter of bruno") && details.contains("little-endian"),
                "{details}"
            );
        }
    }
}

/// A threaded echo server taking its port; with `upper`, what it echoes is upper-cased (a
/// server's mistake every client sees).
const ECHO_SERVER: &str = r#"
import socket, sys, threading
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen()
upper = len(sys.argv) > 2
def serve(c):
    with c:
        while True:
            d = c.recv(1024)
            if not d:
                break
            c.sendall(d.upper() if upper else d)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
"#;

#[test]
fn an_echo_server_to_blame_fails_its_column_and_the_clients_are_told() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-matrix-echo");
    for (name, extra) in [("ana", ""), ("bruno", " upper")] {
        let dir = work.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("server.py"), ECHO_SERVER).unwrap();
        std::fs::copy(
            python::dir().join("broken_echo_client.py"),
            dir.join("client.py"),
        )
        .unwrap();
        std::fs::write(dir.join("extra"), extra).unwrap();
    }
    // Bruno's server is started with `upper` (the rubric's run reads it from his folder).
    let rubric = work.write(
        "rubric.toml",
        "protocol = \"echo\"\n[server]\nrun = \"sh -c 'exec python3 server.py {port}$(cat extra)'\"\n\
         only = [\"echo.bytes.1\"]\n[client]\nrun = \"python3 client.py correct {host} {port} {value}\"\n\
         only = [\"echo-client.echo.1\"]\n[points]\nmatrix = 1\n",
    );
    let out = work.join("out");
    let ana = work.join("ana");
    let bruno = work.join("bruno");
    let mut p = Proc::start(&[
        "--lang", "en", "grade", &rubric, &ana, &bruno, "--out", &out, "--matrix",
    ]);
    let status = p.wait_exit(Duration::from_secs(120));
    let err = p.stderr_lines().join("\n");
    assert_eq!(status.code(), Some(0), "{err}");
    let all: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(&out).join("results.json")).unwrap(),
    )
    .unwrap();
    let cells = all["matrix"]["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 2 * 3, "{all:#}");
    for c in cells {
        if c["server"] == "bruno" {
            assert_eq!(c["status"], "fail", "{c:#}");
            assert_eq!(c["blame"], "server", "{c:#}");
            assert_eq!(c["whose"], "server of bruno", "{c:#}");
            assert!(
                c["frame"].as_str().unwrap().contains("HELLO, WORLD"),
                "{c:#}"
            );
        } else {
            assert_eq!(c["status"], "pass", "{c:#}");
        }
    }
    // Ana's client works with netlab's server, not with Bruno's: she is told which and why.
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(&out).join("ana").join("results.json")).unwrap(),
    )
    .unwrap();
    let output = v["output"].as_str().unwrap();
    assert!(
        output.contains("your client works with netlab's server but not with bruno's")
            && output.contains("HELLO, WORLD"),
        "{output}"
    );
    // Points: Ana's 3 client cells and 2 server cells (her own once): the one with Bruno's
    // server counts in neither; her case 1 + 1. Bruno: his server failed both clients.
    assert_eq!(v["score"].as_f64(), Some(2.0 + 3.0), "{v:#}");
    let b: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(&out).join("bruno").join("results.json")).unwrap(),
    )
    .unwrap();
    let max: f64 = b["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["max_score"].as_f64().unwrap())
        .sum();
    // bytes.1 fails (0/1), echo.1 passes (1/1); cells: his client with netlab's and Ana's
    // servers pass (2/2), both clients with his server fail on his frames (0/2).
    assert_eq!(
        (b["score"].as_f64(), max),
        (Some(1.0 + 2.0), 2.0 + 4.0),
        "{b:#}"
    );
}

/// The fake kv class: Ana's node and client (tests/python's kv_node.py and kv_client.py), Bruno's
/// node the same and his client naming the node's port in its ID instead of its own
/// (broken_kv_client.py's `server-port`: the answers go to the node's address, never to him).
/// Each submission's client against netlab's node and each submission's node, through the
/// proxy's answer listener: Bruno's client fails at its ID against every node, on his side,
/// and nothing else fails; the absent key goes unanswered and Ana's client says so.
#[test]
fn the_kv_matrix_fails_the_client_that_names_the_wrong_answer_port_and_only_it() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-matrix-kv");
    let node = python::source("kv_node.py");
    let (all, err) = grade_kv_class(
        &work,
        &[
            ("ana", &python::source("kv_client.py"), &node, ""),
            (
                "bruno",
                &python::source("broken_kv_client.py"),
                &node,
                "server-port",
            ),
        ],
    );
    assert!(err.contains("matrix: 6 cells"), "{err}");
    assert!(err.contains("matrix: 3 PASS, 3 FAIL"), "{err}");
    assert_eq!(
        all["matrix"]["servers"],
        serde_json::json!(["netlab", "ana", "bruno"])
    );
    let cells = all["matrix"]["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 2 * 3, "{all:#}");
    for c in cells {
        let trace = c["trace"].to_string();
        if c["client"] == "bruno" {
            assert_eq!(c["status"], "fail", "{c:#}");
            assert_eq!(c["blame"], "client", "{c:#}");
            assert_eq!(c["whose"], "client of bruno", "{c:#}");
            // The first frame that went wrong: its ID, naming the port it connected to.
            assert!(
                c["step"]
                    .as_str()
                    .unwrap()
                    .starts_with("the client introduces itself"),
                "{c:#}"
            );
            assert!(
                c["frame"].as_str().unwrap().starts_with("ID port="),
                "{c:#}"
            );
            assert!(
                c["why"]
                    .as_str()
                    .unwrap()
                    .contains("the port of the server it connected to"),
                "{c:#}"
            );
        } else {
            assert_eq!(c["status"], "pass", "{c:#}");
            assert!(
                c["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|s| s["status"] == "pass"),
                "{c:#}"
            );
            // The answer came through the proxy's answer listener, from the node.
            assert!(trace.contains("proxy: answer port "), "{c:#}");
            assert!(trace.contains("-> client answer port "), "{c:#}");
            assert!(trace.contains("RESP nseq=0"), "{c:#}");
            assert!(trace.contains("KEYREQ nseq=1"), "{c:#}");
            assert!(!trace.contains("RESP nseq=1"), "{c:#}");
        }
    }
    // Matrix points: Ana's 3 client cells pass and Bruno's client with her node counts in
    // neither; Bruno's 3 client cells fail on his frames, Ana's client with his node passes.
    assert!(err.contains("(matrix 3/3)"), "{err}");
    assert!(err.contains("(matrix 1/4)"), "{err}");
}

/// The fake chat class: Ana's directory server and peer (tests/python's chat_server.py, taking
/// its port, and chat_peer.py), Bruno's the same but his peer registering the directory's port
/// instead of its own (so its callers reach the directory, never him). Two peers of each
/// submission against netlab's directory and each submission's, through `netlab proxy chat
/// --peers`: Bruno's peers fail at Ana's registration, on his side, against every directory;
/// with the other peers (netlab's directory), his fails at its own registration, as caller or
/// callee, on his side; nothing else fails.
#[test]
fn the_chat_matrix_fails_the_peer_that_registers_the_wrong_port_and_only_it() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-matrix-chat");
    let server = python::source("chat_server.py").replace(
        "srv.bind((\"127.0.0.1\", 0))",
        "srv.bind((\"127.0.0.1\", int(sys.argv[1])))",
    );
    assert!(server.contains("sys.argv[1]"), "chat_server.py changed");
    let peer = python::source("chat_peer.py");
    let wrong = peer.replace(
        "send(server, f\"USER {name}:{my_port}\")",
        "send(server, f\"USER {name}:{server_port}\")",
    );
    assert_ne!(peer, wrong, "chat_peer.py changed");
    let (all, err) = grade_chat_class(
        &work,
        &[
            ("ana", Some(&server), &peer),
            ("bruno", Some(&server), &wrong),
        ],
        5,
    );
    // 2 × 3 peers against directories, then 3 × 2 ordered pairs of peers (netlab's among them).
    assert!(err.contains("matrix: 12 cells"), "{err}");
    assert!(err.contains("matrix: 5 PASS, 7 FAIL"), "{err}");
    let cells = all["matrix"]["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 2 * 3 + 3 * 2, "{all:#}");
    for c in cells {
        let trace = c["trace"].to_string();
        let callee = c["callee"].as_str();
        if callee.is_some() {
            assert_eq!(c["server"], "netlab", "{c:#}");
        }
        if c["client"] == "bruno" && callee.is_some() {
            assert_eq!(c["status"], "fail", "{c:#}");
            assert_eq!(c["blame"], "client", "{c:#}");
            assert_eq!(c["whose"], "client of bruno (Bruno)", "{c:#}");
            assert_eq!(c["step"], "Bruno registers (USER)", "{c:#}");
        } else if callee == Some("bruno") {
            assert_eq!(c["status"], "fail", "{c:#}");
            assert_eq!(c["blame"], "callee", "{c:#}");
            assert_eq!(c["whose"], "client of bruno (Ana)", "{c:#}");
            assert_eq!(c["step"], "Ana registers (USER)", "{c:#}");
        } else if c["client"] == "bruno" {
            assert_eq!(c["status"], "fail", "{c:#}");
            assert_eq!(c["blame"], "client", "{c:#}");
            // The first frame that went wrong: Ana's registration, naming the directory's port.
            assert_eq!(c["whose"], "client of bruno (Ana)", "{c:#}");
            assert_eq!(c["step"], "Ana registers (USER)", "{c:#}");
            assert!(
                c["frame"].as_str().unwrap().starts_with("USER Ana:"),
                "{c:#}"
            );
            assert!(
                c["why"]
                    .as_str()
                    .unwrap()
                    .contains("the port of the server it connected to"),
                "{c:#}"
            );
        } else {
            assert_eq!(c["status"], "pass", "{c:#}");
            // The call passed the proxy: the directory's answer rewritten, the lines decoded.
            assert!(trace.contains("proxy: peer Ana "), "{c:#}");
            assert!(trace.contains("-> peer Ana: USER Bruno"), "{c:#}");
            assert!(trace.contains("-> peer Ana: Oi Ana!"), "{c:#}");
            assert!(trace.contains("peer Ana -> "), "{c:#}");
        }
    }
    // Ana: her 3 cells with directories, 2 with netlab's peer; those with Bruno's count in
    // neither. Bruno: his server passed Ana's peers; everything else failed on his frames.
    assert!(err.contains("(matrix 5/5)"), "{err}");
    assert!(err.contains("(matrix 1/8)"), "{err}");
}

/// Run `netlab grade --matrix` on the chat class `subs` (name, directory server program if
/// any, peer program) under `work`, each peer started as `peer.py NAME PORT crlf WAIT`: the
/// class's results.json (in `work`'s `out`) and what grade said on stderr.
fn grade_chat_class(
    work: &TempDir,
    subs: &[(&str, Option<&str>, &str)],
    wait: u32,
) -> (Value, String) {
    let server = if subs.iter().any(|(_, server, _)| server.is_some()) {
        "[server]\nrun = \"python3 -u server.py {port}\"\nonly = [\"chat.list.1\"]\n"
    } else {
        ""
    };
    let rubric = work.write(
        "rubric.toml",
        format!(
            "protocol = \"chat\"\ntimeout = \"2s\"\n{server}\
             [client]\nrun = \"python3 -u peer.py {{name}} {{port}} crlf {wait}\"\n\
             only = [\"chat-client.list.1\"]\n[points]\nmatrix = 1\n"
        ),
    );
    let mut args: Vec<String> = ["--lang", "en", "grade"].map(String::from).to_vec();
    args.push(rubric);
    for (name, server, peer) in subs {
        let dir = work.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        if let Some(server) = server {
            std::fs::write(dir.join("server.py"), server).unwrap();
        }
        std::fs::write(dir.join("peer.py"), peer).unwrap();
        args.push(work.join(name));
    }
    let out = work.join("out");
    args.extend(["--out".into(), out.clone(), "--matrix".into()]);
    args.extend(["--jobs".into(), "2".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut p = Proc::start(&args);
    let status = p.wait_exit(Duration::from_secs(180));
    let err = p.stderr_lines().join("\n");
    assert_eq!(status.code(), Some(0), "{err}");
    let all: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(&out).join("results.json")).unwrap(),
    )
    .unwrap();
    (all, err)
}

/// Run `netlab grade --matrix` on the kv class `subs` (name, client program, node program,
/// what the client's command line starts with) under `work`: the class's results.json and
/// what grade said on stderr.
fn grade_kv_class(work: &TempDir, subs: &[(&str, &str, &str, &str)]) -> (Value, String) {
    let mut args: Vec<String> = ["--lang", "en", "grade"].map(String::from).to_vec();
    let rubric = work.write(
        "rubric.toml",
        "protocol = \"kv\"\ntimeout = \"2s\"\nkey = \"matrix-key\"\n\
         [server]\nrun = \"python3 -u node.py {port} db.txt\"\nonly = [\"kv.key.1\"]\n\
         [client]\nrun = \"sh -c 'exec python3 -u client.py $(cat mistake) {listen} {server}'\"\n\
         only = [\"kv-client.key.1\"]\n[points]\nmatrix = 1\n",
    );
    args.push(rubric);
    for (name, client, node, mistake) in subs {
        let dir = work.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("node.py"), node).unwrap();
        std::fs::write(dir.join("client.py"), client).unwrap();
        std::fs::copy(python::dir().join("kv_common.py"), dir.join("kv_common.py")).unwrap();
        std::fs::write(dir.join("mistake"), mistake).unwrap();
        std::fs::write(
            dir.join("db.txt"),
            format!("# {name}'s node\nmatrix-key the value from {name}'s node\n"),
        )
        .unwrap();
        args.push(work.join(name));
    }
    let out = work.join("out");
    args.extend(["--out".into(), out.clone(), "--matrix".into()]);
    args.extend(["--jobs".into(), "2".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut p = Proc::start(&args);
    let status = p.wait_exit(Duration::from_secs(180));
    let err = p.stderr_lines().join("\n");
    assert_eq!(status.code(), Some(0), "{err}");
    let all: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(&out).join("results.json")).unwrap(),
    )
    .unwrap();
    (all, err)
}

/// The blame goes where the wrong frame came from, never to a correct node: Carla's client
/// names in its ID a port it holds but does not listen on (the node's answer reaches nothing:
/// her fault, not the node's), Davi's node answers every key, one it does not hold too (his
/// node's fault, seen only at the key no node holds, so only with his node).
#[test]
fn a_kv_answer_to_nowhere_is_the_clients_fault_and_an_answer_to_an_absent_key_the_nodes() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-matrix-kv-blame");
    let client = python::source("kv_client.py");
    let nowhere = client.replace(
        "s.send(struct.pack(\"!HH\", ID, porto))",
        "livre = socket.socket()\nlivre.bind((\"127.0.0.1\", 0))\n\
         s.send(struct.pack(\"!HH\", ID, livre.getsockname()[1]))",
    );
    assert_ne!(client, nowhere, "kv_client.py changed");
    let node = python::source("kv_node.py");
    let any_key = node
        .replacen("if chave.decode() in banco:", "if True:", 1)
        .replacen(
            "responder(ip, p, nseq, banco[chave.decode()].encode())",
            "responder(ip, p, nseq, banco.get(chave.decode(), \"nao encontrado\").encode())",
            1,
        );
    assert!(any_key.contains("nao encontrado"), "kv_node.py changed");
    let (all, err) = grade_kv_class(
        &work,
        &[
            ("carla", &nowhere, &node, ""),
            ("davi", &client, &any_key, ""),
        ],
    );
    assert!(err.contains("matrix: 2 PASS, 4 FAIL"), "{err}");
    for c in all["matrix"]["cells"].as_array().unwrap() {
        match (c["client"].as_str().unwrap(), c["server"].as_str().unwrap()) {
            ("carla", _) => {
                assert_eq!(c["status"], "fail", "{c:#}");
                assert_eq!(c["blame"], "client", "{c:#}");
                assert_eq!(c["whose"], "client of carla", "{c:#}");
                assert!(
                    c["why"]
                        .as_str()
                        .unwrap()
                        .contains("nothing listened on the port"),
                    "{c:#}"
                );
            }
            ("davi", "davi") => {
                assert_eq!(c["status"], "fail", "{c:#}");
                assert_eq!(c["blame"], "server", "{c:#}");
                assert_eq!(c["whose"], "server of davi", "{c:#}");
                assert!(
                    c["step"]
                        .as_str()
                        .unwrap()
                        .starts_with("a key no node holds")
                );
                assert!(
                    c["frame"]
                        .as_str()
                        .unwrap()
                        .contains("RESP nseq=1 value=\"nao encontrado\""),
                    "{c:#}"
                );
            }
            _ => assert_eq!(c["status"], "pass", "{c:#}"),
        }
    }
    // Carla: her client failed everywhere (0 of 3), her node passed Davi's client (1 of 1);
    // Davi: his client passed with the others' nodes, his node failed his own client.
    assert!(err.contains("(matrix 1/4)"), "{err}");
    assert!(err.contains("(matrix 2/3)"), "{err}");
}

/// The blame in a chat cell goes where the wrong line came from: Carla's peers register a port
/// they hold but do not listen on (a call finds nothing there: her fault, not the
/// directory's), Davi's directory lists nobody (his server's fault, for every peer).
#[test]
fn a_call_to_nowhere_is_the_peers_fault_and_an_empty_list_the_directorys() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-matrix-chat-blame");
    let server = python::source("chat_server.py").replace(
        "srv.bind((\"127.0.0.1\", 0))",
        "srv.bind((\"127.0.0.1\", int(sys.argv[1])))",
    );
    let nobody = server.replace("others = [n for n in users if n != me]", "others = []");
    assert_ne!(server, nobody, "chat_server.py changed");
    let peer = python::source("chat_peer.py");
    let nowhere = peer.replace(
        "send(server, f\"USER {name}:{my_port}\")",
        "livre = socket.socket()\nlivre.bind((\"127.0.0.1\", 0))\n\
         send(server, f\"USER {name}:{livre.getsockname()[1]}\")",
    );
    assert_ne!(peer, nowhere, "chat_peer.py changed");
    let (all, err) = grade_chat_class(
        &work,
        &[
            ("carla", Some(&server), &nowhere),
            ("davi", Some(&nobody), &peer),
        ],
        5,
    );
    assert!(err.contains("matrix: 6 PASS, 6 FAIL"), "{err}");
    for c in all["matrix"]["cells"].as_array().unwrap() {
        // Peers against each other, netlab's directory: Carla's fails only when called.
        if let Some(callee) = c["callee"].as_str() {
            if callee == "carla" {
                assert_eq!(c["status"], "fail", "{c:#}");
                assert_eq!(c["blame"], "callee", "{c:#}");
                assert_eq!(c["whose"], "client of carla (Ana)", "{c:#}");
                assert!(
                    c["why"]
                        .as_str()
                        .unwrap()
                        .contains("nothing listened where Ana registered"),
                    "{c:#}"
                );
            } else {
                assert_eq!(c["status"], "pass", "{c:#}");
            }
            continue;
        }
        match (c["client"].as_str().unwrap(), c["server"].as_str().unwrap()) {
            // Davi's directory fails first: its LIST names nobody.
            (_, "davi") => {
                assert_eq!(c["status"], "fail", "{c:#}");
                assert_eq!(c["blame"], "server", "{c:#}");
                assert_eq!(c["whose"], "server of davi", "{c:#}");
                assert_eq!(c["step"], "Bruno's list shows Ana (LIST)", "{c:#}");
                assert!(c["frame"].as_str().unwrap().starts_with("LIST"), "{c:#}");
            }
            ("carla", _) => {
                assert_eq!(c["status"], "fail", "{c:#}");
                assert_eq!(c["blame"], "client", "{c:#}");
                assert_eq!(c["whose"], "client of carla (Ana)", "{c:#}");
                assert!(
                    c["why"]
                        .as_str()
                        .unwrap()
                        .contains("nothing listened where Ana registered"),
                    "{c:#}"
                );
            }
            _ => assert_eq!(c["status"], "pass", "{c:#}"),
        }
    }
    // Carla: 1 of 3 with directories; calling Davi's and netlab's peers passes, called by
    // them fails. Davi: 2 of 4 with directories, 3 of 3 with peers (Carla's failing him counts
    // in neither).
    assert!(err.contains("graded carla with the matrix: "), "{err}");
    assert!(err.contains("(matrix 3/7)"), "{err}");
    assert!(err.contains("(matrix 5/7)"), "{err}");
}

#[test]
fn a_matrix_that_cannot_run_is_refused_at_the_start() {
    let work = TempDir::new("grade-matrix-refused");
    let sub = work.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    for (rubric, said) in [
        (
            "protocol = \"chat-peer\"\n[server]\nrun = \"x {port}\"\n[client]\nrun = \"y\"\n",
            "--matrix: chat-peer has no matrix scenario (these have: ",
        ),
        (
            "protocol = \"msg\"\n[server]\nrun = \"x {port}\"\n",
            "--matrix: the rubric names none of the client roles (display, emitter)",
        ),
    ] {
        let path = work.write("rubric.toml", rubric);
        let out = work.join("out");
        let mut p = Proc::start(&[
            "--lang", "en", "grade", &path, &sub, "--out", &out, "--matrix",
        ]);
        let status = p.wait_exit(Duration::from_secs(20));
        let err = p.stderr_lines().join("\n");
        assert_eq!(status.code(), Some(1), "{err}");
        assert!(err.contains(said), "{err}");
        assert!(!Path::new(&out).exists(), "nothing graded: {out}");
    }
}

/// Chat peers against each other: Ana's and Carla's peers are tests/python's chat_peer.py
/// (which splits what it receives on `\r\n` only), Bruno's the same but sending its chat text
/// without `\r\n` (the spec's leniency: netlab's peer takes such a line after a pause, the proxy
/// passes it on after the same pause; a peer that waits for the end of the line never shows
/// it). No server in the rubric: every cell has netlab's directory. Each ordered pair of
/// submissions, netlab's peer among them: Bruno's peer passes with netlab's both ways and
/// fails with every student's (his own too), on his side as caller and as callee; the others
/// pass with each other and with netlab's, and each side is told which peer and why.
#[test]
fn chat_peers_against_each_other_blame_the_peer_whose_line_had_no_end() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-matrix-peers");
    let peer = python::source("chat_peer.py");
    let sloppy = peer.replace(
        "                send(partner, text)",
        "                partner.send(text.encode(\"utf-8\"))",
    );
    assert_ne!(peer, sloppy, "chat_peer.py changed");
    let started = Instant::now();
    let (all, err) = grade_chat_class(
        &work,
        &[
            ("ana", None, &peer),
            ("bruno", None, &sloppy),
            ("carla", None, &peer),
        ],
        0,
    );
    let out = work.join("out");
    // Each submission with netlab's directory (3), each ordered pair of the 4 peers but
    // netlab's with itself (12).
    assert!(err.contains("matrix: 15 cells"), "{err}");
    assert!(err.contains("matrix: 10 PASS, 5 FAIL"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(120));
    let m = &all["matrix"];
    assert_eq!(m["servers"], serde_json::json!(["netlab"]));
    assert_eq!(
        m["callees"],
        serde_json::json!(["netlab", "ana", "bruno", "carla"])
    );
    let cells = m["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 15, "{m:#}");
    let mut pairs = Vec::new();
    for c in cells {
        let caller = c["client"].as_str().unwrap();
        // A submission against itself: both its peers, no callee named.
        let callee = c["callee"].as_str().unwrap_or(caller);
        assert_eq!(c["server"], "netlab", "{c:#}");
        pairs.push((caller.to_string(), callee.to_string()));
        let trace = c["trace"].to_string();
        match (caller, callee) {
            ("bruno", _) if callee != "netlab" => {
                assert_eq!(c["status"], "fail", "{c:#}");
                assert_eq!(c["blame"], "client", "{c:#}");
                assert_eq!(c["whose"], "client of bruno (Bruno)", "{c:#}");
                assert_eq!(c["step"], "a line from Bruno, shown by Ana", "{c:#}");
                assert!(c["frame"].as_str().unwrap().contains("Oi Ana!"), "{c:#}");
                assert!(
                    c["why"].as_str().unwrap().contains("no \\r\\n at its end"),
                    "{c:#}"
                );
                assert!(
                    trace.contains("missing \\\\r\\\\n"),
                    "the proxy's hint: {c:#}"
                );
            }
            (_, "bruno") if caller != "netlab" => {
                assert_eq!(c["status"], "fail", "{c:#}");
                assert_eq!(c["blame"], "callee", "{c:#}");
                assert_eq!(c["whose"], "client of bruno (Ana)", "{c:#}");
                assert_eq!(c["step"], "a line from Ana, shown by Bruno", "{c:#}");
                assert!(
                    c["frame"].as_str().unwrap().contains("Tudo bem, Bruno?"),
                    "{c:#}"
                );
            }
            _ => {
                assert_eq!(c["status"], "pass", "{c:#}");
                assert!(c["blame"].is_null(), "{c:#}");
                assert!(trace.contains("-> peer Ana: USER Bruno"), "{c:#}");
                assert!(trace.contains("-> peer Ana: Oi Ana!"), "{c:#}");
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    assert_eq!(pairs.len(), 15, "no cell run twice: {pairs:?}");
    // Points: Ana and Carla 5 of 5 (the cells with Bruno's peer count in neither); Bruno 2 of
    // 7 (with netlab's peer both ways), his one case passes for each.
    assert!(
        err.contains("graded ana with the matrix: 6/6 points (matrix 5/5)"),
        "{err}"
    );
    assert!(
        err.contains("graded carla with the matrix: 6/6 points (matrix 5/5)"),
        "{err}"
    );
    assert!(
        err.contains("graded bruno with the matrix: 3/8 points (matrix 2/7)"),
        "{err}"
    );
    // Each is told which peer it fails with, and why.
    let output = |name: &str| {
        let v: Value = serde_json::from_str(
            &std::fs::read_to_string(Path::new(&out).join(name).join("results.json")).unwrap(),
        )
        .unwrap();
        v["output"].as_str().unwrap().to_string()
    };
    let b = output("bruno");
    for peer in ["ana", "carla"] {
        assert!(
            b.contains(&format!(
                "your peer works when it calls netlab's peer but not when it calls {peer}'s: \
                 at \"a line from Bruno, shown by Ana\""
            )),
            "{b}"
        );
        assert!(
            b.contains(&format!(
                "your peer works when netlab's peer calls it but not when {peer}'s does: at \
                 \"a line from Ana, shown by Bruno\""
            )),
            "{b}"
        );
    }
    assert!(b.contains("no \\r\\n at its end"), "{b}");
    let a = output("ana");
    assert!(
        a.contains("your peer works when it calls netlab's peer but not when it calls bruno's")
            && a.contains("(client of bruno (Ana))"),
        "{a}"
    );
    assert!(!a.contains("carla's"), "{a}");

    // report.csv: the row's peer calling each, called by each.
    let csv = std::fs::read_to_string(Path::new(&out).join("report.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let col = |h: &str| {
        rows[0]
            .iter()
            .position(|x| *x == h)
            .unwrap_or_else(|| panic!("no column {h}: {csv}"))
    };
    let (ana_row, bruno_row) = (&rows[1], &rows[2]);
    assert_eq!((ana_row[0], bruno_row[0]), ("ana", "bruno"));
    assert_eq!(ana_row[col("matrix client → bruno")], "FAIL");
    assert_eq!(ana_row[col("matrix client ← bruno")], "FAIL");
    assert_eq!(ana_row[col("matrix client → carla")], "PASS");
    assert_eq!(ana_row[col("matrix client ← netlab")], "PASS");
    assert_eq!(bruno_row[col("matrix client → netlab")], "PASS");
    assert_eq!(bruno_row[col("matrix client ← netlab")], "PASS");
    assert_eq!(bruno_row[col("matrix client → bruno")], "FAIL");

    // report.html: the peers' table, callers down and callees across, each cell linking to
    // its details; netlab's peer against itself is no cell.
    let html = parse_html(&Path::new(&out).join("report.html"));
    let peers: Vec<&Value> = html["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["role"] == "peers")
        .collect();
    assert_eq!(peers.len(), 16, "{html:#}");
    for c in peers {
        let (caller, callee) = (c["client"].as_str().unwrap(), c["server"].as_str().unwrap());
        if caller == "netlab" && callee == "netlab" {
            assert_eq!(c["class"], "none", "{c}");
            continue;
        }
        let bruno_fails =
            (caller == "bruno" && callee != "netlab") || (callee == "bruno" && caller != "netlab");
        let want = if bruno_fails { "fail" } else { "pass" };
        assert_eq!(c["class"], want, "{c}");
        assert!(c["href"].as_str().unwrap().starts_with("#m"), "{c}");
    }
}
