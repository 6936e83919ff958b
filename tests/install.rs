//! The README's install steps work on a bare machine: `tests/install.sh` runs them, exactly as
//! written, with a temporary HOME, then checks that a new shell finds `man netlab-kv-node`, the
//! bash completion and the program. Here `cargo install` (a release build) is replaced by the
//! binary this test suite built; `.ci/run` runs the whole script, cargo install included.

mod support;

use std::process::Command;

#[test]
fn the_readme_install_steps_work_with_a_fresh_home() {
    for tool in ["bash", "man"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            support::skipped(&format!("{tool} is not installed (.ci/run installs it)"));
            return;
        }
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/install.sh");
    let out = Command::new("bash")
        .args([script, "--installed-binary", support::bin()])
        .output()
        .expect("run tests/install.sh");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "tests/install.sh failed:\n{said}");
    for check in [
        "ok: man -w netlab-kv-node",
        "ok: complete -p netlab",
        "ok: netlab is",
    ] {
        assert!(said.contains(check), "{check:?} missing:\n{said}");
    }
}
