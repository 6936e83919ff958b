//! `netlab demo` with no argument plays every scenario in turn, in one process, and exits 0.

mod support;

use support::run;

#[test]
fn every_scenario_runs_in_turn() {
    for (lang, sample, app) in [
        (
            "en",
            "[display 1002] Message from 1: Ob-la-di",
            "echo and app",
        ),
        ("pt", "[display 1002] Mensagem de 1: Ob-la-di", "echo e app"),
    ] {
        let (status, out, err) = run(&["--lang", lang, "demo"], "");
        assert!(
            status.success(),
            "netlab --lang {lang} demo failed: {status}\n{out}\n{err}"
        );
        let titles: Vec<&str> = out.lines().filter(|l| l.starts_with("== ")).collect();
        let order: Vec<&str> = titles
            .iter()
            .map(|t| t[3..].split(':').next().unwrap_or_default())
            .collect();
        assert_eq!(
            order,
            ["msg", "kv", "chat", "mcast", app],
            "the scenarios, in order ({lang}):\n{out}"
        );
        assert!(
            out.lines().any(|l| l == sample),
            "{sample:?} missing:\n{out}"
        );
    }
}

#[test]
fn an_unknown_scenario_is_a_usage_error() {
    let (status, _, err) = run(&["demo", "ftp"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("ftp"), "{err}");
}
