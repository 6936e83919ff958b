//! The bash completion script `completions/netlab.bash`, run in a real bash: what a TAB
//! offers after each of several command lines. `kv node PORT <TAB>` offers files (the
//! database), address arguments never offer files, and `kv <TAB>` lists the subcommands
//! before the flags.

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::temp::TempDir;

/// What `_netlab` puts in COMPREPLY for `words` (the last one is the word being completed),
/// run in `dir`.
fn complete(dir: &std::path::Path, words: &[&str]) -> Option<Vec<String>> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions/netlab.bash");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}' || exit 3; COMP_WORDS=({}); COMP_CWORD={}; _netlab; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .current_dir(dir)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "bash failed on {words:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn tab_offers_what_each_argument_takes() {
    let t = TempDir::new("completion");
    let dir = t.path();
    t.write("db1.txt", b"k v\n");
    t.write("db2.txt", b"k v\n");
    let Some(top) = complete(dir, &["netlab", ""]) else {
        support::skipped("bash is not installed");
        return;
    };
    let files = ["db1.txt".to_string(), "db2.txt".to_string()];

    // Subcommands first, in the order of --help, then the flags.
    assert_eq!(
        top[..9],
        [
            "msg", "kv", "chat", "mcast", "echo", "app", "check", "grade", "demo"
        ]
    );
    let kv = complete(dir, &["netlab", "kv", ""]).unwrap();
    assert_eq!(kv[..2], ["node", "client"], "{kv:?}");
    let first_flag = kv.iter().position(|w| w.starts_with('-')).unwrap();
    assert!(first_flag >= 2, "{kv:?}");

    // kv node PORT <TAB>: the database file.
    let db = complete(dir, &["netlab", "kv", "node", "5000", ""]).unwrap();
    assert_eq!(db, files, "{db:?}");
    // …also after an option with its value.
    let db = complete(
        dir,
        &["netlab", "kv", "node", "-b", "127.0.0.1", "5000", "db"],
    )
    .unwrap();
    assert_eq!(db, files, "{db:?}");
    // The port itself, the neighbours and every address: no files.
    for words in [
        &["netlab", "kv", "node", ""][..],
        &["netlab", "kv", "node", "5000", "db1.txt", ""][..],
        &["netlab", "kv", "node", "-b", ""][..],
        &["netlab", "kv", "client", "6000", ""][..],
        &["netlab", "msg", "emitter", ""][..],
        &["netlab", "chat", "peer", "Ana", ""][..],
        &["netlab", "mcast", "send", "--user", ""][..],
        &["netlab", "echo", "client", ""][..],
    ] {
        let offered = complete(dir, words).unwrap();
        assert!(
            offered.iter().all(|w| !w.starts_with("db")),
            "{words:?} offers files: {offered:?}"
        );
    }
    // Files where a file is wanted; fixed choices where there are some.
    let data = complete(dir, &["netlab", "app", "server", "--data", ""]).unwrap();
    assert_eq!(data, files);
    assert_eq!(
        complete(dir, &["netlab", "--lang", ""]).unwrap(),
        ["en", "pt"]
    );
    assert_eq!(
        complete(dir, &["netlab", "--trace", "=", ""]).unwrap(),
        ["frames", "hex"]
    );
    assert_eq!(
        complete(dir, &["netlab", "demo", "--color", ""]).unwrap(),
        ["auto", "always", "never"]
    );
    let scenarios = complete(dir, &["netlab", "demo", ""]).unwrap();
    assert_eq!(scenarios, ["msg", "kv", "chat", "mcast", "echo", "app"]);
    // A word starting with '-': the options of that subcommand.
    let opts = complete(dir, &["netlab", "kv", "node", "--t"]).unwrap();
    assert_eq!(opts, ["--trim-values", "--trace"]);
}

#[test]
fn other_shells_offer_files_only_for_files() {
    let zsh = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions/_netlab"),
    )
    .unwrap();
    let with_files: Vec<&str> = zsh.lines().filter(|l| l.contains("_files")).collect();
    assert!(!with_files.is_empty());
    for line in &with_files {
        assert!(
            line.contains(":dbfile ")
                || line.contains(":FILE:")
                || line.contains(":dir:")
                || line.contains(":rubric ")
                || line.contains("_files -/"),
            "files offered for something else: {line}"
        );
    }
    assert!(
        zsh.lines()
            .any(|l| l.contains("HOST\\:PORT") && l.contains("_hosts")),
        "addresses complete host names"
    );
}
