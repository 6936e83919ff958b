//! `netlab grade`: the fake class of tests/grade_class/ (five echo servers in Python: Ana's
//! correct, Bruno's serving one client at a time, Carla's that never listens, Davi's that exits
//! at once, Eva's that floods stdout) graded against its rubric. Exact points per submission,
//! each submission's results.json checked against Gradescope's fields, report.csv read, and
//! report.html parsed by Python's html.parser, its cells checked. A submission that hangs is
//! stopped at its budget; `--resume` skips what is graded; `grade init` writes a usable rubric.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::temp::TempDir;
use support::{Proc, python};

fn class_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("grade_class")
}

/// The points each submission must get with tests/grade_class/rubric.toml: 18 possible (the
/// bytes cases 2, 2, 4 and 2, the conn cases 3 each, wire and alive 1).
const EXPECTED: [(&str, f64); 5] = [
    ("ana", 18.0),
    ("bruno", 15.0),
    ("carla", 0.0),
    ("davi", 0.0),
    ("eva", 18.0),
];

/// Run `netlab --lang en grade ARGS…` within `within`; return its exit code, stdout, stderr.
fn grade(args: &[&str], within: Duration) -> (Option<i32>, String, String) {
    let mut all = vec!["--lang", "en", "grade"];
    all.extend_from_slice(args);
    let mut p = Proc::start(&all);
    let status = p.wait_exit(within);
    let out = p.remaining_out().join("\n");
    let err = p.stderr_lines().join("\n");
    (status.code(), out, err)
}

/// Gradescope's results.json, field by field (https://gradescope-autograders.readthedocs.io,
/// "Output format"): what may appear at the top and in a test, and of which type.
fn assert_gradescope(v: &Value, name: &str) {
    const TOP: [&str; 10] = [
        "score",
        "execution_time",
        "output",
        "output_format",
        "test_output_format",
        "test_name_format",
        "visibility",
        "stdout_visibility",
        "extra_data",
        "tests",
    ];
    const TEST: [&str; 11] = [
        "score",
        "max_score",
        "status",
        "name",
        "name_format",
        "number",
        "output",
        "output_format",
        "tags",
        "visibility",
        "extra_data",
    ];
    const VISIBILITY: [&str; 4] = ["hidden", "after_due_date", "after_published", "visible"];
    let top = v
        .as_object()
        .unwrap_or_else(|| panic!("{name}: not an object"));
    for k in top.keys() {
        assert!(
            TOP.contains(&k.as_str()),
            "{name}: unknown top-level field {k}"
        );
    }
    assert!(
        !top.contains_key("max_score"),
        "{name}: no top-level max_score"
    );
    assert!(v["score"].is_number(), "{name}: score");
    assert!(v["output"].is_string(), "{name}: output");
    let tests = v["tests"]
        .as_array()
        .unwrap_or_else(|| panic!("{name}: tests"));
    assert!(!tests.is_empty(), "{name}");
    let mut sum = 0.0;
    for t in tests {
        let obj = t.as_object().unwrap();
        for k in obj.keys() {
            assert!(TEST.contains(&k.as_str()), "{name}: unknown test field {k}");
        }
        for k in ["name", "number", "output", "visibility"] {
            assert!(t[k].is_string(), "{name}: {k} of {t}");
        }
        let (score, max) = (
            t["score"].as_f64().unwrap(),
            t["max_score"].as_f64().unwrap(),
        );
        assert!(0.0 <= score && score <= max, "{name}: {t}");
        assert!(
            VISIBILITY.contains(&t["visibility"].as_str().unwrap()),
            "{t}"
        );
        if let Some(s) = t.get("status") {
            assert!(s == "passed" || s == "failed", "{t}");
        }
        sum += score;
    }
    assert_eq!(
        v["score"].as_f64().unwrap(),
        sum,
        "{name}: score is the tests' sum"
    );
}

/// report.html through Python's html.parser: every table cell (its row's submission, its
/// column's case, its class, its link), every id of the page, and whether a script is there.
fn parse_html(path: &str) -> Value {
    let program = r#"
import html.parser, json, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.cols, self.cells, self.row, self.stack = [], [], [], None, []
        self.script, self.text = False, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: self.ids.append(a["id"])
        if tag == "script": self.script = True
        if tag in ("th", "td", "a"): self.stack.append((tag, a)); self.text = ""
        if tag == "tr": self.row = []
    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None:
            if self.row and self.row[0][0] == "th" and not self.cols:
                self.cols = [t for (_, _, t, _) in self.row]
            elif self.row and self.cols:
                sub = self.row[0][2]
                for i, (kind, cls, text, href) in enumerate(self.row[2:]):
                    self.cells.append({"sub": sub, "case": self.cols[i + 2], "class": cls,
                                       "text": text, "href": href})
            self.row = None
        if tag in ("th", "td") and self.stack:
            t, a = self.stack.pop()
            href = None
            if self.row is not None:
                self.row.append((t, a.get("class"), self.text.strip(), self.href))
            self.href = None
        if tag == "a" and self.stack:
            t, a = self.stack.pop()
            self.href = a.get("href")
    def handle_data(self, d):
        if self.text is not None: self.text += d
p = P(); p.href = None
p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
print(json.dumps({"ids": p.ids, "cells": p.cells, "script": p.script}))
"#;
    let out = Command::new("python3")
        .args(["-c", program, path])
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

#[test]
fn a_class_is_graded_with_exact_points_and_every_report() {
    if !python::python3() {
        return;
    }
    let out = TempDir::new("grade-class");
    let dir = class_dir();
    let rubric = dir.join("rubric.toml");
    let subs: Vec<String> = EXPECTED
        .iter()
        .map(|(n, _)| dir.join(n).to_string_lossy().into_owned())
        .collect();
    let mut args = vec![
        rubric.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend(["--jobs", "2"]);
    args.extend(subs.iter().map(String::as_str));
    let started = Instant::now();
    let (code, stdout, err) = grade(&args, Duration::from_secs(120));
    let took = started.elapsed();
    assert_eq!(code, Some(0), "{stdout}\n{err}");
    // The budget is said first; no progress bar on a pipe (no carriage return, no escape).
    assert!(
        err.lines()
            .next()
            .unwrap_or_default()
            .contains("budget per submission: server"),
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains('\x1b'), "{err:?}");
    // Carla's listen deadline (10 s) is the longest wait; Eva's flood costs nothing.
    assert!(took < Duration::from_secs(60), "{took:?}");

    for (name, points) in EXPECTED {
        let path = out.path().join(name).join("results.json");
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_gradescope(&v, name);
        assert_eq!(v["score"].as_f64(), Some(points), "{name}: {v:#}");
        let max: f64 = v["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["max_score"].as_f64().unwrap())
            .sum();
        assert_eq!(max, 18.0, "{name}");
        let wire = &v["tests"].as_array().unwrap()[6];
        assert!(wire["name"].as_str().unwrap().starts_with("echo.wire.1"));
        assert_eq!(wire["visibility"], "after_due_date", "{name}");
        assert!(
            err.contains(&format!("graded {name}: {points}/18 points")),
            "{err}"
        );
    }
    let davi: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("davi").join("results.json")).unwrap(),
    )
    .unwrap();
    assert!(
        davi.to_string().contains("AttributeError"),
        "Davi's traceback is in his results"
    );

    // report.csv: one row per submission, its points, one column per case group.
    let csv = std::fs::read_to_string(out.path().join("report.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0][..7],
        [
            "submission",
            "points",
            "max_points",
            "echo.bytes",
            "echo.conn",
            "echo.wire",
            "echo.alive"
        ]
    );
    for (row, (name, points)) in rows[1..].iter().zip(EXPECTED) {
        assert_eq!(row[0], name, "{csv}");
        assert_eq!(row[1].parse::<f64>().unwrap(), points, "{csv}");
        assert_eq!(row[2], "18", "{csv}");
    }
    assert_eq!(rows[2][4], "3", "Bruno lost echo.conn.1's 3 points\n{csv}");

    // report.html: no script; every cell links to details that exist, coloured by verdict.
    let html = parse_html(out.path().join("report.html").to_str().unwrap());
    assert_eq!(html["script"], false);
    let ids: Vec<&str> = html["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    let cells = html["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 5 * 8, "{html:#}");
    let mut verdicts: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for c in cells {
        let href = c["href"].as_str().expect("every cell links");
        assert!(
            ids.contains(&href.trim_start_matches('#')),
            "{href} leads nowhere"
        );
        verdicts.insert(
            (
                c["sub"].as_str().unwrap().into(),
                c["case"].as_str().unwrap().into(),
            ),
            (
                c["class"].as_str().unwrap().into(),
                c["text"].as_str().unwrap().into(),
            ),
        );
    }
    for ((sub, case), (class, text)) in &verdicts {
        let expected = match sub.as_str() {
            "bruno" if case == "echo.conn.1" => ("fail", "FAIL"),
            "ana" | "bruno" | "eva" => ("pass", "PASS"),
            // Never listened: every case not run, the program to blame; alive says why.
            _ if case == "echo.alive.1" => ("fail", "FAIL"),
            _ => ("stopped", "SKIP"),
        };
        assert_eq!((class.as_str(), text.as_str()), expected, "{sub} {case}");
    }
    let page = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(page.contains("never listened on port") && page.contains("sokcet"));

    // The class's results.json: every submission, resumable.
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("results.json")).unwrap())
            .unwrap();
    assert_eq!(all["submissions"].as_array().unwrap().len(), 5);
}

#[test]
fn a_hanging_submission_is_stopped_at_its_budget_and_graded_on_what_it_did() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-hang");
    let sub = work.path().join("hangs");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(python::dir().join("exec_hangs.py"), sub.join("server.py")).unwrap();
    let pid_file = work.join("pid");
    let rubric = work.write(
        "rubric.toml",
        format!(
            "protocol = \"echo\"\ntimeout = \"1s\"\n[server]\nrun = \"python3 server.py {{port}} {pid_file}\"\n"
        ),
    );
    let out = work.join("out");
    let started = Instant::now();
    let (code, stdout, err) = grade(
        &[
            &rubric,
            sub.to_str().unwrap(),
            "--out",
            &out,
            "--budget",
            "4s",
        ],
        Duration::from_secs(60),
    );
    let took = started.elapsed();
    assert_eq!(code, Some(0), "{stdout}\n{err}");
    assert!(err.contains("server 4s"), "the budget is said: {err}");
    // 4 s, then at most the check's 5 s to stop, with slack for a busy machine.
    assert!(took < Duration::from_secs(20), "{took:?}");
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(&out).join("hangs").join("results.json")).unwrap(),
    )
    .unwrap();
    assert_gradescope(&v, "hangs");
    assert_eq!(v["score"], 0, "{v:#}");
    let tests = v["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 8, "every case listed is graded: {v:#}");
    assert_eq!(
        tests
            .iter()
            .map(|t| t["max_score"].as_f64().unwrap())
            .sum::<f64>(),
        8.0,
        "cases cut by the budget count as failed: {v:#}"
    );
    assert!(v.to_string().contains("budget (4s) ran out"), "{v:#}");
    #[cfg(target_os = "linux")]
    {
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        assert!(
            stat.is_empty() || stat.contains(") Z"),
            "the hanging server outlived its budget: {stat}"
        );
    }
}

#[test]
fn resume_skips_what_is_graded() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-resume");
    let dir = class_dir();
    let rubric = dir.join("rubric.toml");
    let out = work.join("out");
    let (code, _, err) = grade(
        &[
            rubric.to_str().unwrap(),
            dir.join("ana").to_str().unwrap(),
            "--out",
            &out,
        ],
        Duration::from_secs(60),
    );
    assert_eq!(code, Some(0), "{err}");
    let results = Path::new(&out).join("results.json");
    let first = std::fs::read_to_string(&results).unwrap();
    let (code, _, err) = grade(
        &[
            rubric.to_str().unwrap(),
            dir.join("ana").to_str().unwrap(),
            dir.join("davi").to_str().unwrap(),
            "--out",
            &out,
            "--resume",
            results.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("1 submissions already graded"), "{err}");
    assert!(
        !err.contains("graded ana:"),
        "Ana is not graded again: {err}"
    );
    assert!(err.contains("graded davi: 0/18 points"), "{err}");
    let all: Value = serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    let before: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(
        all["submissions"][0], before["submissions"][0],
        "Ana's kept as graded"
    );
    assert_eq!(all["submissions"][1]["name"], "davi");
}

#[test]
fn init_writes_a_rubric_naming_every_case_that_grades() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-init");
    let (code, rubric, err) = grade(&["init", "echo"], Duration::from_secs(10));
    assert_eq!(code, Some(0), "{err}");
    let list = support::check::check(&["echo", "--list"]);
    for line in list.out.lines() {
        let id = line.split_whitespace().next().unwrap();
        assert!(
            rubric.contains(&format!("\"{id}\"")),
            "{id} missing\n{rubric}"
        );
    }
    // Its [server] runs `python3 server.py {port}`: Ana's folder has one.
    let path = work.write("rubric.toml", format!("{rubric}\n"));
    let out = work.join("out");
    let ana = class_dir().join("ana");
    let (code, _, err) = grade(
        &[&path, ana.to_str().unwrap(), "--out", &out],
        Duration::from_secs(60),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("graded ana: 8/8 points"), "{err}");
}

#[test]
fn a_bad_rubric_or_budget_is_said() {
    let work = TempDir::new("grade-bad");
    let bad = work.write("r.toml", "protocol = \"smtp\"\n[server]\nrun = \"x\"\n");
    let (code, _, err) = grade(
        &[&bad, work.path().to_str().unwrap()],
        Duration::from_secs(10),
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("smtp"), "{err}");
    let ok = work.write(
        "ok.toml",
        "protocol = \"echo\"\n[server]\nrun = \"x {port}\"\n",
    );
    let (code, _, err) = grade(
        &[&ok, work.path().to_str().unwrap(), "--budget", "client=3s"],
        Duration::from_secs(10),
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("--budget client=3s"), "{err}");
    let (code, _, _) = grade(&[&ok], Duration::from_secs(10));
    assert_eq!(code, Some(2), "a submission is required");
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal_only() {
    if !python::python3() {
        return;
    }
    let work = TempDir::new("grade-tty");
    let dir = class_dir();
    let line = format!(
        "exec {} --lang en grade {} {} --out {}",
        support::bin(),
        dir.join("rubric.toml").display(),
        dir.join("ana").display(),
        work.join("out")
    );
    // util-linux's `script` gives the command a terminal.
    let Some(command) = support::terminal(&line) else {
        return;
    };
    let mut p = Proc::spawn(format!("script -qfec {line:?} /dev/null"), command);
    let status = p.wait_exit(Duration::from_secs(60));
    assert!(status.success());
    let seen = p.remaining_out().join("\n");
    assert!(seen.contains("graded ana: 18/18 points"), "{seen:?}");
    assert!(
        seen.contains("1/1") && seen.contains("\x1b[2K"),
        "the bar is drawn and cleared: {seen:?}"
    );
}
