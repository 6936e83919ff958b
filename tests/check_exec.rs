//! `netlab check PROTOCOL --exec "COMMAND {port}"`: the checker starts the server under test
//! itself on a free port, waits for it to listen, starts it again when it died between cases
//! (saying so in the case's report, with the end of its stderr), and stops its whole process
//! group at the end (a child that ignores SIGTERM too). A program that never listens or exits
//! at once is reported, every case failing, within the listen deadline. Points: `--rubric`,
//! the `Points N/M` line, JUnit properties, Gradescope's results.json.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::check::check;
use support::temp::TempDir;
use support::{Proc, python};

/// The class of tests/grade_class/ (its submissions are reused here one by one).
fn class(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("grade_class")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

fn script(file: &str) -> String {
    python::dir().join(file).to_string_lossy().into_owned()
}

/// Is process `pid` still running (not gone, not a zombie)?
#[cfg(target_os = "linux")]
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| !rest.starts_with('Z')))
        .unwrap_or(false)
}

/// Wait until nothing runs under any of `pids`, at most `within`.
#[cfg(target_os = "linux")]
fn gone(pids: &[u32], within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if !pids.iter().any(|p| running(*p)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn the_server_is_started_checked_and_stopped_with_its_process_group() {
    if !python::python3() {
        return;
    }
    let dir = TempDir::new("exec-group");
    let pids = dir.join("pids");
    let exec = format!("python3 {} {{port}} {pids}", script("exec_echo.py"));
    let r = check(&["echo", "--exec", &exec, "--timeout", "2s", "--json"]);
    assert!(r.status.success(), "{r}");
    for o in r.objects() {
        assert!(
            o["status"] == "pass",
            "every case passes against a correct server\n{r}"
        );
    }
    assert!(r.err.contains("started `python3"), "{r}");
    let text = std::fs::read_to_string(&pids).expect("the server wrote its pids");
    let pids: Vec<u32> = text
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(pids.len(), 2, "{text}");
    #[cfg(target_os = "linux")]
    assert!(
        gone(&pids, Duration::from_secs(5)),
        "the server or its SIGTERM-ignoring child outlived the check: {pids:?}"
    );
}

#[test]
fn a_server_that_dies_is_started_again_and_each_death_is_reported() {
    if !python::python3() {
        return;
    }
    // It serves 3 clients then exits with status 3: the listen check, the first probe and the
    // first case use them up.
    let exec = format!("python3 {} {{port}} 3", script("exec_dies.py"));
    let r = check(&[
        "echo",
        "--exec",
        &exec,
        "--timeout",
        "1s",
        "--json",
        "--only",
        "echo.bytes",
    ]);
    assert_eq!(r.status.code(), Some(1), "{r}");
    let first = r.case("echo.bytes.1");
    let why = first["why"].as_str().unwrap_or_default();
    assert!(
        why.contains("found dead after echo.bytes.1 (status 3)")
            && why.contains("served 3 clients, bye")
            && why.contains("started again on port"),
        "{r}"
    );
    // Every case ran, each against a server started again: none skipped.
    for id in ["echo.bytes.2", "echo.bytes.3", "echo.bytes.4"] {
        assert_ne!(r.case(id)["status"], "skip", "{id}\n{r}");
    }
    let alive = r.case("echo.alive.1");
    assert_eq!(alive["status"], "fail", "{r}");
    assert!(
        alive["why"].as_str().unwrap().contains("died") && alive["hint"]["id"].is_string(),
        "{r}"
    );
}

#[test]
fn a_server_that_exits_at_once_fails_every_case_with_its_traceback() {
    if !python::python3() {
        return;
    }
    let dir = TempDir::new("exec-exits");
    let junit = dir.join("junit.xml");
    let gradescope = dir.join("results.json");
    let started = Instant::now();
    let exec = format!("python3 {}", class("davi/server.py"));
    let r = check(&[
        "echo",
        "--exec",
        &exec,
        "--junit",
        &junit,
        "--gradescope",
        &gradescope,
    ]);
    assert!(started.elapsed() < Duration::from_secs(10), "{r}");
    assert_eq!(r.status.code(), Some(1), "{r}");
    let fail = r.lines_of("FAIL");
    assert_eq!(fail.len(), 1, "{r}");
    assert!(fail[0].starts_with("FAIL echo.alive.1"), "{r}");
    assert!(
        r.out.contains("before it listened")
            && r.out.contains("AttributeError")
            && r.out.contains("sokcet"),
        "the traceback is quoted\n{r}"
    );
    assert_eq!(r.lines_of("SKIP").len(), 7, "{r}");
    assert!(r.out.lines().any(|l| l == "Points 0/8"), "{r}");
    // The reports are written all the same.
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<property name=\"max_points\" value=\"8\"/>"),
        "{xml}"
    );
    let g: Value = serde_json::from_str(&std::fs::read_to_string(&gradescope).unwrap()).unwrap();
    assert_eq!(g["score"], 0);
    assert!(g["output"].as_str().unwrap().contains("sokcet"), "{g:#}");
}

#[test]
fn a_server_that_never_listens_is_said_within_the_listen_deadline() {
    if !python::python3() {
        return;
    }
    let started = Instant::now();
    let exec = format!("python3 {} {{port}}", class("carla/server.py"));
    let r = check(&["echo", "--exec", &exec, "--json", "--only", "echo.bytes.1"]);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "{took:?}\n{r}");
    assert_eq!(r.status.code(), Some(1), "{r}");
    let alive = r.case("echo.alive.1");
    let why = alive["why"].as_str().unwrap();
    assert!(
        why.contains("never listened on port") && why.contains("type the port to listen on:"),
        "{r}"
    );
    assert_eq!(r.case("echo.bytes.1")["stopped"], true, "{r}");
}

#[test]
fn points_come_from_the_rubric_in_every_report() {
    if !python::python3() {
        return;
    }
    let dir = TempDir::new("exec-points");
    let junit = dir.join("junit.xml");
    let gradescope = dir.join("results.json");
    let exec = format!("python3 {} {{port}}", class("bruno/server.py"));
    let r = check(&[
        "echo",
        "--exec",
        &exec,
        "--timeout",
        "1s",
        "--rubric",
        &class("rubric.toml"),
        "--junit",
        &junit,
        "--gradescope",
        &gradescope,
    ]);
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert_eq!(r.lines_of("FAIL").len(), 1, "{r}");
    assert!(r.lines_of("FAIL")[0].starts_with("FAIL echo.conn.1"), "{r}");
    // 2+2+4+2 bytes, 3+3 conn, 1 wire, 1 alive; echo.conn.1 (3) failed.
    assert!(r.out.lines().any(|l| l == "Points 15/18"), "{r}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<property name=\"points\" value=\"15\"/>")
            && xml.contains("<property name=\"max_points\" value=\"18\"/>"),
        "{xml}"
    );
    assert!(
        xml.contains(
            "<properties><property name=\"points\" value=\"0\"/><property name=\"max_points\" \
             value=\"3\"/></properties>\n      <failure"
        ),
        "{xml}"
    );
    let g: Value = serde_json::from_str(&std::fs::read_to_string(&gradescope).unwrap()).unwrap();
    assert_eq!(g["score"], 15, "{g:#}");
    let tests = g["tests"].as_array().unwrap();
    let wire = tests
        .iter()
        .find(|t| t["name"].as_str().unwrap().starts_with("echo.wire.1 "))
        .unwrap();
    assert_eq!(wire["visibility"], "after_due_date");
    assert_eq!(
        tests
            .iter()
            .map(|t| t["max_score"].as_f64().unwrap())
            .sum::<f64>(),
        18.0
    );
}

#[test]
fn exec_and_an_address_are_a_usage_error() {
    let r = check(&["echo", "127.0.0.1:9", "--exec", "python3 x.py {port}"]);
    assert_eq!(r.status.code(), Some(2), "{r}");
    let r = check(&["echo", "--exec", "python3 'x.py {port}", "--quick"]);
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert!(r.err.contains("quote is not closed"), "{r}");
}

#[test]
fn an_interrupted_check_stops_its_server() {
    if !python::python3() {
        return;
    }
    let dir = TempDir::new("exec-interrupt");
    let pids = dir.join("pids");
    let exec = format!("python3 {} {{port}} {pids}", script("exec_echo.py"));
    let mut p = Proc::start(&["--lang", "en", "check", "echo", "--exec", &exec, "--json"]);
    p.expect_err("started `python3");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !Path::new(&pids).exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    p.signal("TERM");
    let status = p.wait_exit(Duration::from_secs(20));
    assert_eq!(status.code(), Some(143));
    #[cfg(target_os = "linux")]
    {
        let pids: Vec<u32> = std::fs::read_to_string(&pids)
            .unwrap()
            .split_whitespace()
            .map(|p| p.parse().unwrap())
            .collect();
        assert!(gone(&pids, Duration::from_secs(5)), "{pids:?}");
    }
}

#[test]
fn a_port_taken_before_the_server_binds_it_costs_a_new_port() {
    if !python::python3() {
        return;
    }
    let dir = TempDir::new("exec-collides");
    let marker = dir.join("first-start");
    let exec = format!("python3 {} {{port}} {marker}", script("exec_collides.py"));
    let r = check(&["echo", "--exec", &exec, "--json", "--only", "echo.bytes.1"]);
    assert!(r.status.success(), "{r}");
    assert!(Path::new(&marker).exists(), "the first start ran");
    assert_eq!(r.case("echo.bytes.1")["status"], "pass", "{r}");
}

#[test]
fn a_rubric_of_another_protocol_is_refused() {
    let dir = TempDir::new("exec-rubric");
    let rubric = dir.write(
        "r.toml",
        "protocol = \"msg\"\n[server]\nrun = \"x {port}\"\n",
    );
    let r = check(&["echo", "127.0.0.1:9", "--rubric", &rubric]);
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert!(r.err.contains("protocol = \"msg\", not echo"), "{r}");
    assert!(r.out.is_empty(), "nothing ran: {r}");
}
