//! The committed completions/, man/ and wireshark/ must be exactly what `netlab generate`
//! renders from the current command-line definition and wire modules.
//! `NETLAB_BLESS=1 cargo test --test generated` refreshes them.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::temp::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten().filter(|e| e.path().is_file()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            files.insert(name, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

fn generate(into: &Path) {
    let completions = into.join("completions");
    std::fs::create_dir_all(&completions).unwrap();
    for (shell, file) in [
        ("bash", "netlab.bash"),
        ("zsh", "_netlab"),
        ("fish", "netlab.fish"),
        ("elvish", "netlab.elv"),
        ("powershell", "_netlab.ps1"),
    ] {
        let out = Command::new(support::bin())
            .args(["generate", "completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "generate completions {shell} failed");
        std::fs::write(completions.join(file), out.stdout).unwrap();
    }
    let man = into.join("man");
    let status = Command::new(support::bin())
        .args(["generate", "man"])
        .arg(&man)
        .status()
        .unwrap();
    assert!(status.success(), "generate man failed");
    let status = Command::new(support::bin())
        .args(["generate", "wireshark"])
        .arg(into.join("wireshark"))
        .status()
        .unwrap();
    assert!(status.success(), "generate wireshark failed");
}

fn compare(kind: &str, fresh: &Path, committed: &Path, bless: bool) -> Vec<String> {
    let want = read_dir(fresh);
    let have = read_dir(committed);
    if bless {
        let _ = std::fs::remove_dir_all(committed);
        std::fs::create_dir_all(committed).unwrap();
        for (name, bytes) in &want {
            std::fs::write(committed.join(name), bytes).unwrap();
        }
        return Vec::new();
    }
    let mut problems = Vec::new();
    for (name, bytes) in &want {
        match have.get(name) {
            None => problems.push(format!("{kind}/{name} is missing")),
            Some(b) if b != bytes => {
                let diff = Command::new("diff")
                    .arg("-u")
                    .arg(committed.join(name))
                    .arg(fresh.join(name))
                    .output()
                    .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                    .unwrap_or_default();
                problems.push(format!("{kind}/{name} is stale:\n{diff}"));
            }
            Some(_) => {}
        }
    }
    for name in have.keys().filter(|n| !want.contains_key(*n)) {
        problems.push(format!("{kind}/{name} is no longer generated"));
    }
    problems
}

#[test]
fn completions_man_pages_and_wireshark_plugin_are_fresh() {
    let t = TempDir::new("generated");
    let tmp = t.path();
    generate(tmp);
    let bless = std::env::var_os("NETLAB_BLESS").is_some();
    let mut problems = compare(
        "completions",
        &tmp.join("completions"),
        &root().join("completions"),
        bless,
    );
    problems.extend(compare("man", &tmp.join("man"), &root().join("man"), bless));
    // (After man/: blessing man/ rewrites the folder.)
    let (fresh_pt, pt) = (tmp.join("man").join("pt"), root().join("man").join("pt"));
    problems.extend(compare("man/pt", &fresh_pt, &pt, bless));
    problems.extend(compare(
        "wireshark",
        &tmp.join("wireshark"),
        &root().join("wireshark"),
        bless,
    ));
    assert!(
        problems.is_empty(),
        "{}\n\nrefresh with: NETLAB_BLESS=1 cargo test --test generated",
        problems.join("\n")
    );
}

#[test]
fn every_subcommand_has_a_man_page() {
    let man = read_dir(&root().join("man"));
    for page in [
        "netlab.1",
        "netlab-msg-server.1",
        "netlab-msg-emitter.1",
        "netlab-msg-display.1",
        "netlab-demo.1",
    ] {
        assert!(man.contains_key(page), "man/{page} is missing");
    }
    assert!(
        !man.keys().any(|p| p.contains("generate")),
        "the hidden generate command has no page"
    );
}
