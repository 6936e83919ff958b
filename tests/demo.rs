//! `netlab demo` for a room: every scenario in turn with a closing sentence each, the echo
//! part on its own, a transcript whose lines come in the same order on every run, narration
//! after the lines of the step before it, the Portuguese demo without English, `--step`
//! driven through a pipe, `--pace`, narration wrapped at blanks, and colour only where asked
//! for (never on a pipe unless `--color always`; NO_COLOR honoured on a terminal).

mod support;

use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::english::english_words;
use support::{Proc, run};

const SCENARIOS: [&str; 6] = ["msg", "kv", "chat", "mcast", "echo", "app"];

/// `netlab --lang LANG demo` run once per test binary (it takes a few seconds).
fn whole(lang: &str) -> &'static str {
    static EN: OnceLock<String> = OnceLock::new();
    static PT: OnceLock<String> = OnceLock::new();
    let cell = if lang == "pt" { &PT } else { &EN };
    cell.get_or_init(|| {
        let (status, out, err) = run(&["--lang", lang, "demo"], "");
        assert!(
            status.success(),
            "netlab --lang {lang} demo failed: {status}\n{out}\n{err}"
        );
        out
    })
}

/// Run netlab with extra environment variables; (status, stdout, stderr).
fn run_env(args: &[&str], envs: &[(&str, &str)]) -> (bool, String, String) {
    let mut command = Command::new(support::bin());
    support::neutral_locale(command.args(args))
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .envs(envs.iter().copied())
        .stdin(Stdio::null());
    let out = command.output().expect("start netlab");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_scenario_runs_in_turn_and_ends_with_a_closing_sentence() {
    for (lang, sample, closing) in [
        (
            "en",
            "[display 1002] Message from 1: Ob-la-di",
            "# That was ",
        ),
        (
            "pt",
            "[exibidor 1002] Mensagem de 1: Ob-la-di",
            "# Isso foi o ",
        ),
    ] {
        let out = whole(lang);
        let titles: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("== "))
            .map(|t| t[3..].split(':').next().unwrap_or_default())
            .collect();
        assert_eq!(
            titles, SCENARIOS,
            "the scenarios, in order ({lang}):\n{out}"
        );
        assert!(
            out.lines().any(|l| l == sample),
            "{sample:?} missing:\n{out}"
        );
        // Each scenario's last narration is its closing sentence, naming the scenario.
        let parts: Vec<&str> = out.split("\n== ").collect();
        for (part, name) in parts.iter().zip(SCENARIOS) {
            let last = part
                .lines()
                .rfind(|l| l.starts_with("# "))
                .unwrap_or_default();
            assert!(
                last.starts_with(&format!("{closing}{name}")),
                "{name} ({lang}) does not end with its closing sentence: {last:?}"
            );
        }
    }
}

#[test]
fn the_echo_part_runs_alone() {
    let (ok, out, err) = run_env(&["--lang", "en", "demo", "echo"], &[]);
    assert!(ok, "{err}");
    let titles: Vec<&str> = out.lines().filter(|l| l.starts_with("== ")).collect();
    assert_eq!(titles.len(), 1, "{out}");
    assert!(titles[0].starts_with("== echo:"), "{out}");
    assert!(
        out.contains("[echo client] received 'Hello, world' from connection 1"),
        "{out}"
    );
    assert!(!out.contains("[app "), "the app part ran too:\n{out}");
}

/// Port numbers change from run to run; nothing else may. Every number after a `:` and
/// every number of five digits or more is a port here.
fn masked(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut after_colon = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut number = c.to_string();
            while let Some(d) = chars.next_if(|d| d.is_ascii_digit()) {
                number.push(d);
            }
            if after_colon || number.len() >= 5 {
                out.push_str("PORT");
            } else {
                out.push_str(&number);
            }
            after_colon = false;
            continue;
        }
        after_colon = c == ':';
        out.push(c);
    }
    out
}

#[test]
fn the_lines_of_a_step_come_in_the_same_order_on_every_run() {
    for scenario in ["msg", "chat"] {
        let runs: Vec<String> = (0..3)
            .map(|_| {
                let (ok, out, err) = run_env(&["--lang", "en", "demo", scenario], &[]);
                assert!(ok, "{err}");
                masked(&out)
            })
            .collect();
        assert_eq!(runs[0], runs[1], "demo {scenario}: two runs differ");
        assert_eq!(runs[0], runs[2], "demo {scenario}: two runs differ");
    }
}

/// The line index of the first line satisfying `want`.
fn index_of(out: &str, what: &str, want: impl Fn(&str) -> bool) -> usize {
    out.lines()
        .position(want)
        .unwrap_or_else(|| panic!("no line {what} in\n{out}"))
}

#[test]
fn narration_comes_after_the_lines_of_the_step_before_it() {
    let out = whole("en");
    // msg: both displays print the first message before test 2 is announced.
    let test2 = index_of(out, "# Test 2", |l| l.starts_with("# Test 2"));
    for display in ["[display 1001]", "[display 1002]"] {
        let got = index_of(out, "Ob-la-di", |l| {
            l.starts_with(display) && l.ends_with("Message from 1: Ob-la-di")
        });
        assert!(
            got < test2,
            "{display} printed after the next narration:\n{out}"
        );
    }
    // kv: the last node's link is taken before the client is announced.
    let client = index_of(out, "# A client", |l| l.starts_with("# A client"));
    let joined = index_of(out, "[n4] … joined", |l| {
        l.starts_with("[n4] neighbour") && l.ends_with("joined")
    });
    assert!(joined < client, "{out}");
}

#[test]
fn the_kv_part_explains_the_nodes_leaving() {
    let (ok, out, err) = run_env(&["--lang", "en", "demo", "kv"], &[]);
    assert!(ok, "{err}");
    let explained = index_of(&out, "# The demo now stops the nodes", |l| {
        l.starts_with("# The demo now stops the nodes")
    });
    let left: Vec<usize> = out
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("disconnected, dropped"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(left.len(), 4, "{out}");
    assert!(left.iter().all(|&i| i > explained), "{out}");
    // n5 stops first, so n4 loses its neighbour first.
    let order: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("disconnected, dropped"))
        .map(|l| &l[..4])
        .collect();
    assert_eq!(order, ["[n4]", "[n3]", "[n2]", "[n1]"], "{out}");
}

#[test]
fn the_portuguese_demo_has_no_english_lines() {
    // The word list is the English catalog's: the English demo is full of it.
    assert!(english_words(whole("en")).len() > 100);
    let english = english_words(whole("pt"));
    assert!(
        english.is_empty(),
        "English in the pt demo:\n{}",
        english.join("\n")
    );
}

#[test]
fn step_waits_for_one_line_of_input_per_step_through_a_pipe() {
    let mut demo = Proc::start(&["--lang", "en", "demo", "--step", "msg"]);
    // The first step's narration shows, then the demo waits before playing it.
    demo.expect_out_prefix("# A server; displays 1001 and 1002");
    demo.expect_err("press Enter for the next step");
    demo.expect_no_out(Duration::from_millis(400));
    // One line: one step, its lines, then the next narration and the wait.
    demo.send("");
    demo.expect_out_prefix("[server] emitter 2 joined (");
    demo.expect_out_prefix("# Test 1:");
    demo.expect_err("press Enter for the next step");
    demo.expect_no_out(Duration::from_millis(300));
    demo.send("");
    demo.expect_out("[display 1002] Message from 1: Ob-la-di");
    demo.expect_out_prefix("# Test 2:");
    demo.expect_err("press Enter for the next step");
    // End of input: the rest runs without waiting, to the closing sentence.
    demo.close_stdin();
    demo.expect_out_prefix("# That was msg");
    demo.expect_success();
}

#[test]
fn ctrl_c_at_the_step_prompt_stops_at_once_with_status_0() {
    let mut demo = Proc::start(&["--lang", "en", "demo", "--step", "msg"]);
    demo.send("");
    demo.expect_out_prefix("# Test 1:");
    demo.expect_err("press Enter for the next step");
    demo.signal("INT");
    let status = demo.wait_exit(Duration::from_secs(5));
    assert_eq!(status.code(), Some(0), "{:?}", demo.stderr_lines());
    // The step announced was not played.
    let out = demo.remaining_out();
    assert!(
        !demo.stdout_lines().iter().any(|l| l.contains("> Ob-la-di")),
        "{out:?}"
    );
}

#[test]
fn pace_waits_before_each_step() {
    // demo echo has three steps after the first (multi-connection, closing): two waits.
    let started = Instant::now();
    let (ok, _, err) = run_env(&["--lang", "en", "demo", "--pace", "0.4", "echo"], &[]);
    assert!(ok, "{err}");
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "--pace 0.4 took only {:?}",
        started.elapsed()
    );
    let (status, _, err) = run(&["demo", "--step", "--pace", "1", "echo"], "");
    assert_eq!(status.code(), Some(2), "--step and --pace together: {err}");
}

/// The narration lines of a transcript, each narration joined back into one sentence.
fn narrations(out: &str) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let mut open = false;
    for line in out.lines() {
        match line.strip_prefix("# ") {
            Some(text) if open && !ends_sentence(all.last().unwrap()) => {
                let last = all.last_mut().unwrap();
                last.push(' ');
                last.push_str(text);
            }
            Some(text) => {
                all.push(text.to_string());
                open = true;
            }
            None => open = false,
        }
    }
    all
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with('.') || text.ends_with(')') || text.ends_with('!')
}

#[test]
fn narration_wraps_at_blanks_to_the_width() {
    // On a pipe: one line per narration, unless COLUMNS says otherwise.
    let (ok, flat, err) = run_env(&["--lang", "en", "demo", "kv"], &[]);
    assert!(ok, "{err}");
    assert!(
        flat.lines()
            .any(|l| l.starts_with("# ") && l.chars().count() > 100),
        "a pipe gets narration unwrapped:\n{flat}"
    );
    let (ok, narrow, err) = run_env(&["--lang", "en", "demo", "kv"], &[("COLUMNS", "40")]);
    assert!(ok, "{err}");
    for line in narrow.lines().filter(|l| l.starts_with("# ")) {
        assert!(
            line.chars().count() <= 40 || !line[2..].contains(' '),
            "longer than 40 columns: {line:?}"
        );
    }
    // The same sentences, cut only at blanks (the addresses in them differ between runs).
    let want: Vec<String> = narrations(&flat).iter().map(|n| masked(n)).collect();
    let got: Vec<String> = narrations(&narrow).iter().map(|n| masked(n)).collect();
    assert_eq!(got, want);
}

#[test]
fn no_colour_on_a_pipe_unless_always() {
    let (ok, out, err) = run_env(&["--lang", "en", "demo", "echo"], &[]);
    assert!(ok, "{err}");
    assert!(!out.contains('\x1b'), "colour on a pipe:\n{out}");
    let (ok, out, err) = run_env(&["--lang", "en", "demo", "--color", "always", "echo"], &[]);
    assert!(ok, "{err}");
    assert!(out.contains("\x1b[32m[echo server]\x1b[0m"), "{out:?}");
    // `always` means always, NO_COLOR or not; `never` means never.
    let (_, out, _) = run_env(
        &["--lang", "en", "demo", "--color", "always", "echo"],
        &[("NO_COLOR", "1")],
    );
    assert!(out.contains('\x1b'), "{out:?}");
    let (_, out, _) = run_env(&["--lang", "en", "demo", "--color", "never", "echo"], &[]);
    assert!(!out.contains('\x1b'), "{out:?}");
}

/// Run the demo on a terminal: `script` gives it a pseudo-terminal. Its transcript is what
/// the terminal received.
fn on_a_terminal(envs: &[(&str, &str)]) -> Option<String> {
    let mut command = support::terminal(&format!("exec {} --lang en demo echo", support::bin()))?;
    command
        .env_remove("NO_COLOR")
        .envs(envs.iter().copied())
        .stdin(Stdio::null());
    let out = command.output().expect("run script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let Some(out) = on_a_terminal(&[("COLUMNS", "50")]) else {
        return;
    };
    assert!(out.contains("\x1b[32m[echo server]\x1b[0m"), "{out:?}");
    for line in out.lines().filter(|l| l.starts_with("# ")) {
        let line = line.trim_end_matches('\r');
        assert!(line.chars().count() <= 50, "not wrapped: {line:?}");
    }
    let Some(out) = on_a_terminal(&[("NO_COLOR", "1")]) else {
        return;
    };
    assert!(!out.contains("\x1b["), "NO_COLOR ignored: {out:?}");
}

#[test]
fn an_unknown_scenario_is_a_usage_error() {
    let (status, _, err) = run(&["demo", "ftp"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("ftp"), "{err}");
}

#[test]
fn role_lines_wrap_at_blanks_no_role_is_red_and_databases_show_by_name() {
    for width in [44usize, 57] {
        let columns = width.to_string();
        let (ok, out, err) = run_env(
            &["--lang", "en", "demo", "--color", "always", "kv"],
            &[("COLUMNS", &columns)],
        );
        assert!(ok, "{err}");
        assert!(
            !out.contains("\x1b[31m") && !out.contains("\x1b[91m"),
            "red: {out:?}"
        );
        let plain = strip_colour(&out);
        for line in plain.lines() {
            let fits = line.chars().count() <= width;
            assert!(
                fits || !line.trim_start().contains(' '),
                "not wrapped at {width}: {line:?}"
            );
        }
        // A role line's continuation is indented under its text; no address is cut.
        assert!(
            plain.lines().any(|l| l.starts_with("         1")),
            "{plain}"
        );
        assert!(
            !plain.contains(&std::env::temp_dir().display().to_string()),
            "{plain}"
        );
        assert!(plain.contains("[n1] database n1.db: 1 key(s)"), "{plain}");
        // The sum stays whole.
        assert!(plain.contains("1\u{a0}-\u{a0}1\u{a0}=\u{a0}0"), "{plain}");
    }
}

/// `text` without the colour codes the demo adds.
fn strip_colour(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find('m').map_or(after.len(), |m| m + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// On a terminal, Ctrl-C at the step prompt is a key: the demo stops at once, the prompt's
/// line is cleared (nothing garbled left on screen), no further step is played, status 0.
#[test]
fn on_a_terminal_ctrl_c_at_the_step_prompt_clears_the_line_and_exits_0() {
    const PROMPT: &str = "press Enter for the next step";
    let cmd = format!("exec {} --lang en demo --step msg", support::bin());
    let Some(mut tty) = support::tty::Tty::start(&cmd) else {
        return;
    };
    tty.shows(PROMPT);
    tty.keys("\r");
    tty.until("the second prompt", |s| s.matches(PROMPT).count() >= 2);
    // The narration of the step to come is shown before its wait.
    let before = tty.seen();
    let last_prompt = before.rfind(PROMPT).unwrap();
    assert!(
        before[..last_prompt].rfind("\n# ").unwrap()
            > before[..last_prompt].rfind("\n[").unwrap_or(0),
        "the wait came before its step's narration: {before:?}"
    );
    tty.keys("\x03");
    assert_eq!(tty.exit_code(), Some(0), "{:?}", tty.seen());
    let seen = tty.seen();
    // After the prompt: the echoed ^C, the line cleared, and nothing played.
    let after = &seen[before.len()..];
    assert!(
        after.contains("\x1b[2K") || after.contains("\x1b[K"),
        "{after:?}"
    );
    // The prompt Ctrl-C answered is cleared (whatever became of the one Enter answered).
    let prompts = |text: &str| {
        support::tty::screen(text)
            .iter()
            .filter(|r| r.contains(PROMPT))
            .count()
    };
    assert!(prompts(&before) >= 1, "{before:?}");
    assert_eq!(
        prompts(&seen),
        prompts(&before) - 1,
        "a prompt left on screen: {:#?}",
        support::tty::screen(&seen)
    );
    // What follows is the roles leaving: no narration, no message sent or shown.
    let after_rows = support::tty::screen(after);
    assert!(
        !after_rows
            .iter()
            .any(|r| r.starts_with("# ") || r.contains("] > ") || r.contains("Message from")),
        "a step was played after Ctrl-C: {after_rows:#?}"
    );
}
