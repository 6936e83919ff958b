//! `netlab check` against hostile servers (tests/python/hostile_server.py) and in hostile
//! conditions: a run ends within the ceiling `--list` prints, whatever the server sends (one
//! byte at a time, a line without end, 64 MiB at once); its output and memory stay small; every
//! report parses (JSON with serde_json, JUnit with Python's XML parser) whatever bytes arrived,
//! and JUnit bodies keep their lines; an interrupted run exits 130 or 143 and still writes its
//! reports; a report that cannot be written is an error; a server that stops at the first probe
//! is reported case by case.

mod support;

use std::fs::File;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use support::check::{Report, broken, check};
use support::temp::TempDir;
use support::{Proc, chat};

/// The checker's arguments for a hostile server: short timeouts, no long waits.
const FAST: [&str; 3] = ["--timeout", "300ms", "--quick"];

const PROTOCOLS: [&str; 6] = ["msg", "kv", "chat", "chat-peer", "app", "echo"];

/// The ceiling `netlab check PROTO --list ARGS…` prints on stderr, and how many cases it lists.
fn ceiling(proto: &str, args: &[&str]) -> (Duration, usize) {
    let mut all = vec![proto, "--list"];
    all.extend_from_slice(args);
    let r = check(&all);
    assert!(r.status.success(), "{r}");
    let within = r
        .err
        .split("ends within ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("no ceiling\n{r}"));
    let secs: u64 = if let Some(m) = within.strip_suffix('m') {
        m.parse::<u64>().unwrap() * 60
    } else {
        within.strip_suffix('s').unwrap().parse().unwrap()
    };
    (Duration::from_secs(secs), r.out.lines().count())
}

/// A `netlab check` run whose stdout and stderr go to files, measured while it runs.
struct Bounded {
    status: ExitStatus,
    elapsed: Duration,
    out: Vec<u8>,
    err: String,
    /// The peak resident memory seen, in KiB.
    peak_kib: u64,
}

/// Kills the child if the test gives up on it.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run `netlab --lang en check ARGS…`; fail if it is still running after `limit`.
fn run_bounded(t: &TempDir, name: &str, args: &[&str], limit: Duration) -> Bounded {
    let out_path = t.join(&format!("{name}.out"));
    let err_path = t.join(&format!("{name}.err"));
    let mut all = vec!["--lang", "en", "check"];
    all.extend_from_slice(args);
    let started = Instant::now();
    let child = support::neutral_locale(Command::new(support::bin()).args(&all))
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).unwrap())
        .stderr(File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let mut guard = Guard(child);
    let pid = guard.0.id();
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = guard.0.try_wait().unwrap() {
            break status;
        }
        if let Ok(s) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(kib) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kib = kib;
        }
        let size = std::fs::metadata(&out_path).map_or(0, |m| m.len());
        assert!(
            started.elapsed() < limit && size < 64 << 20,
            "netlab {} still running after {:?} ({size} bytes of stdout)",
            all.join(" "),
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    Bounded {
        status,
        elapsed: started.elapsed(),
        out: std::fs::read(&out_path).unwrap(),
        err: std::fs::read_to_string(&err_path).unwrap(),
        peak_kib,
    }
}

/// Against a server that drips one byte at a time, and one that sends one line without end,
/// every protocol's run ends within the ceiling its `--list` printed, with a case line for
/// every case and small output.
#[test]
fn a_hostile_server_ends_within_the_printed_ceiling() {
    let t = TempDir::new("check-bounds-ceiling");
    let mut runs = Vec::new();
    let mut servers = Vec::new();
    for mode in ["drip", "endless"] {
        let Some((server, addr)) = broken("hostile_server.py", &[mode]) else {
            return;
        };
        servers.push(server);
        for proto in PROTOCOLS {
            runs.push((mode, proto, addr, ceiling(proto, &FAST), &t));
        }
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = runs
            .iter()
            .map(|&(mode, proto, addr, (within, cases), t)| {
                s.spawn(move || {
                    let addr = addr.to_string();
                    let mut args = vec![proto, addr.as_str()];
                    args.extend_from_slice(&FAST);
                    // A margin over the ceiling for the check itself to fail with a message.
                    let r = run_bounded(t, &format!("{mode}-{proto}"), &args, within * 2);
                    let out = String::from_utf8_lossy(&r.out);
                    let what = format!(
                        "{mode} {proto}: {:?} of {within:?}\n{out}\n{}",
                        r.elapsed, r.err
                    );
                    assert!(r.elapsed < within, "over the ceiling: {what}");
                    assert_eq!(r.status.code(), Some(1), "{what}");
                    let lines = out
                        .lines()
                        .filter(|l| {
                            ["PASS ", "FAIL ", "WARN ", "SKIP "]
                                .iter()
                                .any(|w| l.starts_with(w))
                        })
                        .count();
                    assert_eq!(lines, cases, "a line per case: {what}");
                    assert!(
                        r.out.len() < 64 * 1024,
                        "{} bytes of stdout: {what}",
                        r.out.len()
                    );
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
    drop(servers);
}

/// A 64 MiB line and a line streamed without end: what a case shows is cut (`… (N bytes in
/// all)`), stdout and the JUnit file stay small, and so does the checker's memory.
#[test]
fn what_a_case_shows_and_keeps_is_bounded() {
    let t = TempDir::new("check-bounds-memory");
    for mode in ["huge", "endless"] {
        let Some((_server, addr)) = broken("hostile_server.py", &[mode]) else {
            return;
        };
        for proto in ["chat", "app", "echo"] {
            let junit = t.join(&format!("{mode}-{proto}.xml"));
            let addr = addr.to_string();
            let mut args = vec![proto, addr.as_str(), "--junit", &junit];
            args.extend_from_slice(&FAST);
            let (within, _) = ceiling(proto, &FAST);
            let r = run_bounded(&t, &format!("{mode}-{proto}"), &args, within);
            let out = String::from_utf8_lossy(&r.out);
            let what = format!("{mode} {proto}\n{out}\n{}", r.err);
            assert_eq!(r.status.code(), Some(1), "{what}");
            assert!(
                r.out.len() < 64 * 1024,
                "{} bytes of stdout: {what}",
                r.out.len()
            );
            let xml = std::fs::metadata(&junit).unwrap().len();
            assert!(xml < 96 * 1024, "{xml} bytes of JUnit: {what}");
            assert!(
                r.peak_kib < 48 * 1024,
                "peak RSS {} KiB: {what}",
                r.peak_kib
            );
            assert!(out.lines().all(|l| l.len() < 2048), "a long line: {what}");
            if proto == "chat" {
                // An arrival longer than what is shown says how long it was, or that the
                // checker stopped reading it (a line of 64 MiB, or without end).
                let cut = out
                    .lines()
                    .filter_map(|l| l.trim().strip_prefix("… (at least "))
                    .filter_map(|l| l.split_once(" bytes: the checker reads no more"))
                    .map(|(n, _)| n.parse::<usize>().unwrap())
                    .max();
                assert_eq!(cut, Some(1 << 20), "no cut arrival: {what}");
            }
        }
    }
}

/// The failure bodies of a JUnit file, as Python's XML parser reads them (None without python3
/// — the hostile server needs it anyway); the file must parse.
fn junit_failures(path: &str) -> Vec<String> {
    let script = "import sys, json, xml.etree.ElementTree as E\n\
        r = E.parse(sys.argv[1]).getroot()\n\
        print(json.dumps([f.text or '' for f in r.iter('failure')]))\n";
    let out = Command::new("python3")
        .args(["-c", script, path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "not well-formed XML: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default())
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every byte 0x00–0xff, the C1 controls and DEL as UTF-8, U+FFFE and invalid UTF-8 in the
/// answers: every `--json` line is JSON (serde_json) and gives back the characters that
/// arrived, the text report holds no raw control character, and the JUnit file is well-formed
/// XML whose failure bodies are the text report's lines, with real newlines.
#[test]
fn every_report_parses_whatever_bytes_arrive() {
    let Some((_server, addr)) = broken("hostile_server.py", &["bytes"]) else {
        return;
    };
    let t = TempDir::new("check-bounds-bytes");
    let addr = addr.to_string();
    for proto in ["chat", "echo", "msg"] {
        let json = check(&[proto, &addr, "--json", "--timeout", "300ms", "--quick"]);
        assert_eq!(json.status.code(), Some(1), "{json}");
        let objects = json.objects();
        if proto == "chat" {
            let decoded: String = objects
                .iter()
                .filter_map(|o| o["arrived"]["decoded"].as_str())
                .collect();
            for c in ['\u{7f}', '\u{9b}', '\u{85}', '\u{0}', '\u{1b}'] {
                assert!(decoded.contains(c), "{c:?} lost: {json}");
            }
        }
        // (A msg frame is 14 bytes: the payload's start.)
        assert!(
            proto == "msg"
                || objects.iter().any(|o| o["arrived"]["hex"]
                    .as_str()
                    .is_some_and(|h| h.contains("7f 80 81"))),
            "{json}"
        );
        let junit = t.join(&format!("{proto}.xml"));
        let text = check(&[
            proto,
            &addr,
            "--timeout",
            "300ms",
            "--quick",
            "--junit",
            &junit,
        ]);
        assert!(
            text.out
                .bytes()
                .all(|b| b == b'\n' || b == b'\t' || !(b < 0x20 || b == 0x7f)),
            "a raw control character: {text}"
        );
        assert!(
            !text.out.contains('\u{9b}') && !text.out.contains('\u{85}'),
            "{text}"
        );
        let bodies = junit_failures(&junit);
        assert_eq!(bodies.len(), text.lines_of("FAIL").len(), "{text}");
        // Each body is the lines under its FAIL line, one line each (as XML can carry them:
        // a tab as a blank, the two noncharacters made visible).
        let details: Vec<String> = text
            .out
            .split("\nFAIL ")
            .skip(usize::from(!text.out.starts_with("FAIL ")))
            .map(|block| {
                block
                    .lines()
                    .skip(1)
                    // (The case's ladder follows its lines, from its head naming netlab check.)
                    .take_while(|l| l.starts_with("       ") && !l.contains("netlab check"))
                    .filter(|l| !is_hint(l))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .replace('\t', " ")
                    .replace('\u{fffe}', "\\u{fffe}")
                    .replace('\u{ffff}', "\\u{ffff}")
            })
            .collect();
        assert!(
            bodies.iter().any(|b| b.lines().count() >= 3),
            "every body one line? {bodies:?}"
        );
        for body in &bodies {
            assert!(!body.contains("\\n       "), "newlines as \\n: {body:?}");
            // (The text report names a hint already given by reference to its first case;
            // JUnit, read one case at a time, keeps it whole: hints are left out of the match.)
            let body = body
                .lines()
                .filter(|l| !is_hint(l))
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                details.iter().any(|d| d.trim() == body.trim()),
                "{body:?} is not a failure's text\n{text}"
            );
        }
    }
}

/// Is this line of a case's details its hint?
fn is_hint(line: &str) -> bool {
    line.trim_start().starts_with("hint:")
}

/// Start `check chat ADDR --only chat.user.1,chat.expire --junit FILE` against our own chat
/// server, wait until the first case passed (the 15 s expiry case is then running), send
/// `signal`: the run exits 128 + the signal's number, says it was interrupted, and writes what
/// it has.
fn interrupted(signal: &str, code: i32) {
    let t = TempDir::new("check-bounds-interrupt");
    let (_server, addr) = chat::server(&[]);
    let junit = t.join("report.xml");
    let addr = addr.to_string();
    let mut p = Proc::start(&[
        "--lang",
        "en",
        "check",
        "chat",
        &addr,
        "--only",
        "chat.user.1,chat.expire",
        "--junit",
        &junit,
    ]);
    p.expect_out_prefix("PASS chat.user.1 ");
    p.signal(signal);
    let status = p.wait_exit(support::DEADLINE);
    assert_eq!(status.code(), Some(code), "SIG{signal}");
    let out = p.remaining_out();
    assert!(
        out.iter()
            .any(|l| l.starts_with("SKIP chat.expire.1 ") && l.ends_with("(interrupted)")),
        "{out:?}"
    );
    assert!(
        out.last()
            .is_some_and(|l| l == "1 passed, 0 failed, 1 skipped"),
        "{out:?}"
    );
    p.expect_err("error: interrupted: 1 of 2 cases ran");
    if support::python::python3() {
        assert!(junit_failures(&junit).is_empty());
        let xml = std::fs::read_to_string(&junit).unwrap();
        assert!(
            xml.contains("tests=\"2\"") && xml.contains("skipped=\"1\""),
            "{xml}"
        );
    }
}

#[test]
fn an_interrupted_check_exits_130_and_keeps_its_reports() {
    interrupted("INT", 130);
}

#[test]
fn a_terminated_check_exits_143_and_keeps_its_reports() {
    interrupted("TERM", 143);
}

/// stdout on a full disk, or a JUnit file where none can be written: exit 1 and the error on
/// stderr, though every case passed.
#[test]
fn a_report_that_cannot_be_written_is_an_error() {
    let (_server, addr) = support::app::server("echo", &["-b", "127.0.0.1"]);
    let addr = addr.to_string();
    for json in [false, true] {
        let mut args = vec!["--lang", "en", "check", "echo", addr.as_str()];
        if json {
            args.push("--json");
        }
        let out = support::neutral_locale(Command::new(support::bin()).args(&args))
            .stdin(Stdio::null())
            .stdout(File::options().write(true).open("/dev/full").unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "json {json}: {err}");
        assert!(
            err.contains("netlab: error: cannot write the report on stdout: "),
            "json {json}: {err}"
        );
    }
    let t = TempDir::new("check-bounds-unwritable");
    let junit = t.join("no/such/folder/report.xml");
    let r = check(&["echo", &addr, "--junit", &junit]);
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert!(r.err.contains("netlab: error: cannot write"), "{r}");
    assert!(r.err.contains("no/such/folder/report.xml"), "{r}");
}

/// A server that accepts the first probe's connection, closes it, then refuses every other:
/// the run says so, fails the alive case, skips every other case, and writes the JUnit file.
#[test]
fn a_server_that_stops_at_the_first_probe_is_reported() {
    let Some((_server, addr)) = broken("hostile_server.py", &["die-first"]) else {
        return;
    };
    let t = TempDir::new("check-bounds-die-first");
    let junit = t.join("report.xml");
    let r: Report = check(&[
        "echo",
        &addr.to_string(),
        "--timeout",
        "1s",
        "--junit",
        &junit,
    ]);
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert!(
        r.err
            .contains("the server stopped after the first request (the checker's probe)"),
        "{r}"
    );
    let (_, cases) = ceiling("echo", &[]);
    let skipped = r.lines_of("SKIP");
    assert_eq!(skipped.len(), cases - 1, "{r}");
    assert!(
        skipped
            .iter()
            .all(|l| l.ends_with("(the server stopped after its first client)")),
        "{r}"
    );
    assert_eq!(r.lines_of("FAIL").len(), 1, "{r}");
    assert!(
        r.lines_of("FAIL")[0].starts_with("FAIL echo.alive.1 "),
        "{r}"
    );
    assert!(
        r.out
            .ends_with(&format!("0 passed, 1 failed, {} skipped\n", cases - 1)),
        "{r}"
    );
    let bodies = junit_failures(&junit);
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert!(
        bodies[0].contains("the server no longer serves new clients"),
        "{bodies:?}"
    );
}
