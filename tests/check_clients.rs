//! `netlab check ROLE -- COMMAND…`, the client checks: netlab plays the server and runs the
//! client once per case. netlab's own clients pass every case; each deliberately broken
//! client of `tests/python/broken_*_{display,emitter,…}.py` (one mistake each) fails the case
//! its mistake is about, with the hint that names it, and nothing else. The process side: a
//! client that ignores SIGTERM and starts children is killed with them at the case's deadline;
//! the placeholders also come as NETLAB_* variables; `--say` maps a student's own interface.

mod support;

// (Used by the Linux-only process tests.)
#[cfg(target_os = "linux")]
use std::path::PathBuf;
#[cfg(target_os = "linux")]
use std::time::{Duration, Instant};

use support::check::{Report, check};
use support::temp::TempDir;
use support::{bin, python};

fn script(name: &str) -> String {
    python::dir().join(name).display().to_string()
}

/// Every case passed, with no warning.
#[track_caller]
fn all_pass(r: &Report) {
    r.assert_clean();
    assert!(r.lines_of("WARN").is_empty(), "{r}");
    assert!(r.lines_of("SKIP").is_empty(), "{r}");
}

/// `--json`: case `id` failed with `hint`, every other case passed (`also`: allowed verdicts
/// of other cases, e.g. a warning the mistake also earns).
#[track_caller]
fn only_fails(r: &Report, id: &str, hint: &str, also: &[(&str, &str)]) {
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert_eq!(
        r.verdict(id),
        ("fail".to_string(), Some(hint.to_string())),
        "{r}"
    );
    for o in r.objects() {
        let case = o["id"].as_str().unwrap_or_default();
        if case == id {
            continue;
        }
        let status = o["status"].as_str().unwrap_or_default();
        let allowed = also.iter().any(|(c, s)| *c == case && *s == status);
        assert!(status == "pass" || allowed, "{case} is {status}\n{r}");
    }
}

#[test]
fn netlab_s_display_passes_every_case() {
    let r = check(&["msg-display", "--", bin(), "msg", "display", "{server}"]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 10, "{r}");
}

#[test]
fn netlab_s_emitter_passes_every_case() {
    let r = check(&["msg-emitter", "--", bin(), "msg", "emitter", "{server}"]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 9, "{r}");
}

fn display(mistake: &str) -> Option<Report> {
    if !python::python3() {
        return None;
    }
    let s = script("broken_msg_display.py");
    Some(check(&[
        "msg-display",
        "--json",
        "--",
        "python3",
        &s,
        mistake,
        "{host}",
        "{port}",
        "{id}",
    ]))
}

fn emitter(mistake: &str) -> Option<Report> {
    if !python::python3() {
        return None;
    }
    let s = script("broken_msg_emitter.py");
    Some(check(&[
        "msg-emitter",
        "--json",
        "--say",
        "unicast=@{dest} {text}",
        "--say",
        "qem=?{dest}",
        "--say",
        "quit=sair",
        "--",
        "python3",
        &s,
        mistake,
        "{host}",
        "{port}",
        "{id}",
    ]))
}

#[test]
fn a_correct_python_display_passes_every_case() {
    let Some(r) = display("correct") else { return };
    assert_eq!(r.status.code(), Some(0), "{r}");
    assert!(r.objects().iter().all(|o| o["status"] == "pass"), "{r}");
}

#[test]
fn a_display_that_never_acknowledges() {
    let Some(r) = display("no-ack") else { return };
    only_fails(&r, "msg-display.ack.1", "never-acks", &[]);
}

#[test]
fn a_display_that_takes_one_recv_for_one_frame() {
    let Some(r) = display("one-recv") else { return };
    only_fails(&r, "msg-display.wire.2", "one-recv", &[]);
}

#[test]
fn a_correct_python_emitter_passes_every_case_with_its_own_interface() {
    let Some(r) = emitter("correct") else { return };
    assert_eq!(r.status.code(), Some(0), "{r}");
    assert!(r.objects().iter().all(|o| o["status"] == "pass"), "{r}");
}

#[test]
fn an_emitter_that_numbers_from_one() {
    let Some(r) = emitter("seq-from-1") else {
        return;
    };
    only_fails(&r, "msg-emitter.oi.1", "seq-from-1", &[]);
}

#[test]
fn an_emitter_that_sends_the_enter() {
    let Some(r) = emitter("newline") else { return };
    only_fails(&r, "msg-emitter.msg.1", "sends-newline", &[]);
}

#[test]
fn an_emitter_that_never_reads_the_answers() {
    let Some(r) = emitter("no-answers") else {
        return;
    };
    only_fails(&r, "msg-emitter.answer.1", "answers-unread", &[]);
}

#[test]
fn the_list_names_the_actions_each_case_types() {
    let r = check(&["msg-emitter", "--list"]);
    assert!(r.status.success(), "{r}");
    let line = r
        .out
        .lines()
        .find(|l| l.starts_with("msg-emitter.msg.2 "))
        .unwrap_or_else(|| panic!("{r}"));
    assert!(line.ends_with("[types: unicast]"), "{line}");
    assert!(r.err.contains("whatever the client does"), "{r}");
}

#[test]
fn command_lines_a_client_check_refuses() {
    let usage = |args: &[&str]| {
        let r = check(args);
        assert_eq!(r.status.code(), Some(2), "{args:?}\n{r}");
        r.err
    };
    assert!(usage(&["msg-display"]).contains("needs the client's command after --"));
    assert!(usage(&["msg-display", "127.0.0.1:5", "--", "x"]).contains("takes no HOST:PORT"));
    assert!(usage(&["msg", "127.0.0.1:5", "--", "x"]).contains("checks a server"));
    assert!(usage(&["msg-emitter", "--say", "shout=x", "--", "x"]).contains("--say"));
}

#[test]
fn placeholders_also_come_in_the_environment() {
    if !python::python3() {
        return;
    }
    let s = script("broken_msg_display.py");
    let line = format!("exec python3 {s} correct \"$NETLAB_HOST\" \"$NETLAB_PORT\" \"$NETLAB_ID\"");
    let r = check(&["msg-display", "--only", "show", "--", "sh", "-c", &line]);
    all_pass(&r);
}

#[test]
fn the_say_file_maps_a_student_s_interface() {
    if !python::python3() {
        return;
    }
    let t = TempDir::new("check-clients-say");
    let file = t.write(
        "say.txt",
        "# the emitter of the assignment\nunicast=@{dest} {text}\nqem=?{dest}\nquit=sair\n",
    );
    let s = script("broken_msg_emitter.py");
    let r = check(&[
        "msg-emitter",
        "--say-file",
        &file,
        "--only",
        "msg.2,qem,flw.2",
        "--",
        "python3",
        &s,
        "correct",
        "{host}",
        "{port}",
        "{id}",
    ]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 3, "{r}");
}

/// A client that never connects, ignores SIGTERM and leaves a child behind: the case fails
/// saying so within its budget, and neither process outlives it.
#[cfg(target_os = "linux")]
#[test]
fn a_client_that_ignores_sigterm_is_killed_with_its_children() {
    let t = TempDir::new("check-clients-kill");
    let pids: PathBuf = t.path().join("pids");
    let line = format!(
        "trap '' TERM; sleep 60 & echo $$ $! > {}; wait",
        pids.display()
    );
    let started = Instant::now();
    let r = check(&[
        "msg-display",
        "--timeout",
        "500ms",
        "--only",
        "oi.1",
        "--",
        "sh",
        "-c",
        &line,
    ]);
    assert!(started.elapsed() < Duration::from_secs(20), "{r}");
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert!(r.out.contains("the client did not connect within"), "{r}");
    let pids = std::fs::read_to_string(&pids).unwrap();
    for pid in pids.split_whitespace() {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit(')').next().unwrap_or("").trim_start();
        assert!(
            stat.is_empty() || state.starts_with('Z'),
            "{pid} lives: {stat}"
        );
    }
}

#[test]
fn a_failure_in_portuguese_and_in_junit() {
    if !python::python3() {
        return;
    }
    let t = TempDir::new("check-clients-junit");
    let junit = t.path().join("report.xml");
    let s = script("broken_msg_display.py");
    let (status, out, err) = support::run(
        &[
            "--lang",
            "pt",
            "check",
            "msg-display",
            "--only",
            "ack",
            "--junit",
            &junit.display().to_string(),
            "--",
            "python3",
            &s,
            "no-ack",
            "{host}",
            "{port}",
            "{id}",
        ],
        "",
    );
    assert_eq!(status.code(), Some(1), "{out}{err}");
    assert!(
        out.contains("FAIL msg-display.ack.1 responde uma MSG com OK"),
        "{out}"
    );
    assert!(out.contains("dica:"), "{out}");
    assert!(out.contains("o exibidor responde cada MSG com OK"), "{out}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("msg-display.ack.1") && xml.contains("<failure"),
        "{xml}"
    );
}

#[test]
fn netlab_s_kv_client_passes_every_case() {
    let r = check(&[
        "kv-client",
        "--",
        bin(),
        "kv",
        "client",
        "{listen}",
        "{server}",
    ]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 11, "{r}");
}

fn kv_client(mistake: &str, only: &str) -> Option<Report> {
    if !python::python3() {
        return None;
    }
    let s = script("broken_kv_client.py");
    let mut args = vec!["kv-client", "--json"];
    if !only.is_empty() {
        args.extend(["--only", only]);
    }
    args.extend(["--", "python3", &s, mistake, "{listen}", "{server}"]);
    Some(check(&args))
}

#[test]
fn a_correct_python_kv_client_passes_every_case() {
    let Some(r) = kv_client("correct", "") else {
        return;
    };
    assert_eq!(r.status.code(), Some(0), "{r}");
    assert!(r.objects().iter().all(|o| o["status"] == "pass"), "{r}");
}

// The mistakes below run the cases that need no 4 s window (the correct client above runs
// them all): the slow cases do not depend on these mistakes.
const KV_FAST: &str = "id,key,topo,resp.1,resp.2,resp.3";

#[test]
fn a_kv_client_that_names_the_node_s_port() {
    let Some(r) = kv_client("server-port", KV_FAST) else {
        return;
    };
    only_fails(&r, "kv-client.id.1", "server-port", &[]);
}

#[test]
fn a_kv_client_that_takes_one_recv_for_a_resp() {
    let Some(r) = kv_client("one-recv", KV_FAST) else {
        return;
    };
    only_fails(&r, "kv-client.resp.3", "one-recv", &[]);
}

#[test]
fn a_kv_client_that_shows_the_first_answer_only() {
    let Some(r) = kv_client("first-only", KV_FAST) else {
        return;
    };
    only_fails(&r, "kv-client.resp.2", "first-answer-only", &[]);
}

#[test]
fn a_kv_client_numbering_from_one_is_warned() {
    let Some(r) = kv_client("nseq-from-1", "key,topo") else {
        return;
    };
    assert_eq!(r.status.code(), Some(0), "{r}");
    for id in ["kv-client.key.1", "kv-client.topo.1"] {
        assert_eq!(
            r.verdict(id),
            ("warn".to_string(), Some("seq-from-1".to_string())),
            "{r}"
        );
    }
}

#[test]
fn netlab_s_chat_peer_passes_every_client_case() {
    let r = check(&[
        "chat-client",
        "--",
        bin(),
        "chat",
        "peer",
        "{name}",
        "{server}",
    ]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 9, "{r}");
}

fn chat_client(mistake: &str, only: &str) -> Option<Report> {
    if !python::python3() {
        return None;
    }
    let s = script("broken_chat_client.py");
    let mut args = vec!["chat-client", "--json"];
    if !only.is_empty() {
        args.extend(["--only", only]);
    }
    args.extend([
        "--", "python3", &s, mistake, "{name}", "{server}", "{listen}",
    ]);
    Some(check(&args))
}

#[test]
fn a_correct_python_chat_peer_passes_every_client_case() {
    let Some(r) = chat_client("correct", "") else {
        return;
    };
    assert_eq!(r.status.code(), Some(0), "{r}");
    assert!(r.objects().iter().all(|o| o["status"] == "pass"), "{r}");
}

// Without the 10 s keepalive case, which these mistakes do not touch (the correct peer above
// runs it).
const CHAT_FAST: &str = "user,crlf,list,addr,wire,bye";

#[test]
fn a_chat_peer_that_registers_the_server_s_port() {
    let Some(r) = chat_client("server-port", CHAT_FAST) else {
        return;
    };
    only_fails(&r, "chat-client.user.1", "server-port", &[]);
}

#[test]
fn a_chat_peer_that_never_sends_keep() {
    let Some(r) = chat_client("no-keep", "user,keep") else {
        return;
    };
    only_fails(&r, "chat-client.keep.1", "keep-missing", &[]);
}

/// KEEP every 15 s (the expiry itself): the first comes some 15 s after USER, too late.
#[test]
fn a_chat_peer_that_keeps_alive_every_15_s() {
    let Some(r) = chat_client("keep-15", "user,keep") else {
        return;
    };
    only_fails(&r, "chat-client.keep.1", "keep-slow", &[]);
}

#[test]
fn a_chat_peer_that_takes_one_recv_for_one_line() {
    let Some(r) = chat_client("one-recv", CHAT_FAST) else {
        return;
    };
    // Both stream cases, joined and split, with the same hint (said once, as a shared cause).
    only_fails(
        &r,
        "chat-client.wire.1",
        "one-recv",
        &[("chat-client.wire.2", "fail")],
    );
    assert_eq!(
        r.verdict("chat-client.wire.2"),
        ("fail".to_string(), Some("one-recv".to_string()))
    );
}

#[test]
fn netlab_s_app_and_echo_clients_pass_every_case() {
    let r = check(&[
        "app-client",
        "--",
        bin(),
        "app",
        "client",
        "{server}",
        "{action}",
        "{value}",
    ]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 3, "{r}");
    let r = check(&[
        "echo-client",
        "--",
        bin(),
        "echo",
        "client",
        "{server}",
        "{value}",
    ]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 3, "{r}");
}

/// `netlab check ROLE --json -- python3 SCRIPT MISTAKE ARGS…`.
fn python_client(role: &str, file: &str, mistake: &str, args: &[&str]) -> Option<Report> {
    if !python::python3() {
        return None;
    }
    let s = script(file);
    let mut all = vec![role, "--json", "--", "python3", &s, mistake];
    all.extend_from_slice(args);
    Some(check(&all))
}

fn app_client(mistake: &str) -> Option<Report> {
    python_client(
        "app-client",
        "broken_app_client.py",
        mistake,
        &["{host}", "{port}", "{action}", "{value}"],
    )
}

fn echo_client(mistake: &str) -> Option<Report> {
    python_client(
        "echo-client",
        "broken_echo_client.py",
        mistake,
        &["{host}", "{port}", "{value}"],
    )
}

#[test]
fn correct_python_app_and_echo_clients_pass_every_case() {
    for r in [app_client("correct"), echo_client("correct")]
        .into_iter()
        .flatten()
    {
        assert_eq!(r.status.code(), Some(0), "{r}");
        assert!(r.objects().iter().all(|o| o["status"] == "pass"), "{r}");
    }
}

#[test]
fn an_app_client_counting_characters_in_content_length() {
    let Some(r) = app_client("chars-length") else {
        return;
    };
    only_fails(&r, "app-client.frame.1", "length-in-chars", &[]);
}

#[test]
fn an_app_client_that_takes_one_recv_for_the_response() {
    let Some(r) = app_client("one-recv") else {
        return;
    };
    only_fails(&r, "app-client.resp.2", "one-recv", &[]);
}

#[test]
fn an_echo_client_that_sends_a_fixed_message() {
    let Some(r) = echo_client("fixed-message") else {
        return;
    };
    only_fails(&r, "echo-client.send.1", "fixed-message", &[]);
}

#[test]
fn an_echo_client_that_takes_one_recv_for_the_echo() {
    let Some(r) = echo_client("one-recv") else {
        return;
    };
    only_fails(&r, "echo-client.echo.2", "one-recv", &[]);
}

#[test]
fn netlab_s_mcast_sender_and_receiver_pass_every_case_on_loopback() {
    let r = check(&[
        "mcast-send",
        "--",
        bin(),
        "mcast",
        "send",
        "-u",
        "{name}",
        "-g",
        "{group}",
        "-p",
        "{port}",
        "-i",
        "{iface}",
    ]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 2, "{r}");
    let r = check(&[
        "mcast-recv",
        "--",
        bin(),
        "mcast",
        "recv",
        "-g",
        "{group}",
        "-p",
        "{port}",
        "-i",
        "{iface}",
    ]);
    all_pass(&r);
    assert_eq!(r.lines_of("PASS").len(), 3, "{r}");
}

fn mcast_sender(mistake: &str) -> Option<Report> {
    python_client(
        "mcast-send",
        "broken_mcast_sender.py",
        mistake,
        &["{group}", "{port}", "{iface}", "{name}"],
    )
}

fn mcast_receiver(mistake: &str) -> Option<Report> {
    python_client(
        "mcast-recv",
        "broken_mcast_receiver.py",
        mistake,
        &["{group}", "{port}", "{iface}"],
    )
}

#[test]
fn correct_python_mcast_programs_pass_every_case() {
    for r in [mcast_sender("correct"), mcast_receiver("correct")]
        .into_iter()
        .flatten()
    {
        assert_eq!(r.status.code(), Some(0), "{r}");
        assert!(r.objects().iter().all(|o| o["status"] == "pass"), "{r}");
    }
}

#[test]
fn an_mcast_sender_of_plain_text() {
    let Some(r) = mcast_sender("plain-text") else {
        return;
    };
    only_fails(&r, "mcast-send.json.1", "not-json", &[]);
}

#[test]
fn an_mcast_sender_that_keeps_the_quit_word_to_itself() {
    let Some(r) = mcast_sender("quiet-quit") else {
        return;
    };
    only_fails(&r, "mcast-send.quit.1", "quit-not-sent", &[]);
}

#[test]
fn an_mcast_receiver_that_shows_no_user() {
    let Some(r) = mcast_receiver("data-only") else {
        return;
    };
    only_fails(&r, "mcast-recv.show.1", "no-user-shown", &[]);
}

#[test]
fn an_mcast_receiver_killed_by_bad_json() {
    let Some(r) = mcast_receiver("bad-json") else {
        return;
    };
    only_fails(&r, "mcast-recv.bad.1", "bad-json-kills", &[]);
}

#[test]
fn a_kv_client_that_sends_its_id_late_fails_the_ordering_case_only() {
    let Some(r) = kv_client("late-id", KV_FAST) else {
        return;
    };
    assert_eq!(r.status.code(), Some(1), "{r}");
    assert_eq!(r.verdict("kv-client.id.1").0, "fail", "{r}");
    assert!(
        r.case("kv-client.id.1")["why"]
            .as_str()
            .is_some_and(|w| w.contains("the first message is KEYREQ, not ID")),
        "{r}"
    );
    for o in r.objects() {
        if o["id"] != "kv-client.id.1" {
            assert_eq!(o["status"], "pass", "{r}");
        }
    }
}

/// Ctrl-C during a case: the run exits 130 saying so, the case is `SKIP … (interrupted)`, and
/// the client (in a process group of its own, which a terminal's Ctrl-C does not reach) is
/// killed all the same.
#[cfg(target_os = "linux")]
#[test]
fn an_interrupted_client_check_exits_130_and_kills_the_client() {
    let t = TempDir::new("check-clients-int");
    let pidfile = t.path().join("pid");
    let line = format!("echo $$ > {}; exec sleep 60", pidfile.display());
    let mut p = support::Proc::start(&[
        "--lang",
        "en",
        "check",
        "msg-display",
        "--timeout",
        "20s",
        "--",
        "sh",
        "-c",
        &line,
    ]);
    let deadline = Instant::now() + support::DEADLINE;
    let pid = loop {
        if let Ok(pid) = std::fs::read_to_string(&pidfile)
            && pid.ends_with('\n')
        {
            break pid.trim().to_string();
        }
        assert!(Instant::now() < deadline, "the client never started");
        std::thread::sleep(Duration::from_millis(10));
    };
    p.signal("INT");
    let status = p.wait_exit(support::DEADLINE);
    assert_eq!(status.code(), Some(130));
    let out = p.remaining_out().join("\n");
    assert!(
        out.contains("SKIP msg-display.oi.1") && out.contains("(interrupted)"),
        "{out}"
    );
    assert!(p.stderr_lines().iter().any(|l| l.contains("interrupted")));
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat.rsplit(')').next().unwrap_or("").trim_start();
    assert!(
        stat.is_empty() || state.starts_with('Z'),
        "{pid} lives: {stat}"
    );
}

#[test]
fn a_kv_client_that_shows_a_late_answer_to_an_earlier_request() {
    let Some(r) = kv_client("any-nseq", &format!("{KV_FAST},late")) else {
        return;
    };
    only_fails(&r, "kv-client.late.1", "stale-resp", &[]);
}

/// A display whose prints wait in a buffer (stdout is a pipe): the hint says to flush; the
/// same display with its prints on stderr is told where they went instead.
#[test]
fn a_display_whose_output_is_buffered_or_on_stderr() {
    if !python::python3() {
        return;
    }
    let t = TempDir::new("check-clients-buffered");
    let source = std::fs::read_to_string(script("broken_msg_display.py")).unwrap();
    let buffered = t.write("buffered.py", source.replace(", flush=True", ""));
    let r = check(&[
        "msg-display",
        "--json",
        "--only",
        "show",
        "--",
        "env",
        "-u",
        "PYTHONUNBUFFERED",
        "python3",
        &buffered,
        "correct",
        "{host}",
        "{port}",
        "{id}",
    ]);
    assert_eq!(
        r.verdict("msg-display.show.1"),
        ("fail".to_string(), Some("stdout-buffered".to_string())),
        "{r}"
    );
    let on_stderr = t.write(
        "stderr.py",
        source.replace("flush=True)", "flush=True, file=sys.stderr)"),
    );
    let r = check(&[
        "msg-display",
        "--json",
        "--only",
        "show",
        "--",
        "python3",
        &on_stderr,
        "correct",
        "{host}",
        "{port}",
        "{id}",
    ]);
    let c = r.case("msg-display.show.1");
    assert_eq!(c["status"], "fail", "{r}");
    assert!(c["hint"].is_null(), "{r}");
    assert!(
        c["why"]
            .as_str()
            .is_some_and(|w| w.ends_with("(it went to stderr)")),
        "{r}"
    );
}
