//! The README and the protocol reference in `doc/` link to each other: every relative link in
//! README.md and doc/*.md names a file of the repository, and a `#fragment` names a heading
//! of that file (as GitHub makes anchors from headings). Every protocol has its reference, and
//! the README sends nobody to a `spec/` folder the repository does not have.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Markdown files whose links are checked.
fn documents() -> Vec<PathBuf> {
    let mut all = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("doc"))
        .expect("doc/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    all.extend(docs);
    all
}

/// The text outside fenced code blocks (links in code are not links).
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Every `[text](target)` target in `text`, inline code spans left out.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in prose(text).lines() {
        // Drop inline code: `[x](y)` inside backticks is not a link.
        let mut plain = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
        }
        let mut rest = plain.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            match after.find(')') {
                Some(end) => {
                    out.push(after[..end].trim().to_string());
                    rest = &after[end..];
                }
                None => break,
            }
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, blanks made dashes.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings (repeated headings get `-1`, `-2`, …).
fn anchors(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut seen = BTreeSet::new();
    for line in prose(&text).lines() {
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let base = slug(&heading.replace('`', ""));
        let mut anchor = base.clone();
        let mut n = 1;
        while seen.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        seen.insert(anchor);
    }
    seen
}

#[test]
fn every_relative_link_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        let dir = doc.parent().unwrap();
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, fragment) = match target.split_once('#') {
                Some((f, frag)) => (f, Some(frag)),
                None => (target.as_str(), None),
            };
            let path = if file.is_empty() {
                doc.clone()
            } else {
                dir.join(file)
            };
            let name = doc.strip_prefix(root()).unwrap().display().to_string();
            if !path.exists() {
                broken.push(format!("{name}: {target} (no such file)"));
                continue;
            }
            if let Some(fragment) = fragment
                && path.extension().is_some_and(|e| e == "md")
                && !anchors(&path).contains(fragment)
            {
                broken.push(format!("{name}: {target} (no such heading)"));
            }
        }
    }
    assert!(checked > 30, "only {checked} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_protocol_has_its_reference_and_the_readme_links_it() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let targets = links(&readme);
    for doc in [
        "doc/msg.md",
        "doc/kv.md",
        "doc/chat.md",
        "doc/mcast.md",
        "doc/app.md",
    ] {
        assert!(root().join(doc).exists(), "{doc} is missing");
        assert!(
            targets.iter().any(|t| t == doc),
            "README.md does not link {doc}"
        );
    }
    assert!(
        !readme.contains("spec/"),
        "README.md names a spec/ folder the repository does not have"
    );
}

#[test]
fn the_anchor_rule_is_githubs() {
    assert_eq!(
        slug("msg — an event-driven message relay"),
        "msg--an-event-driven-message-relay"
    );
    assert_eq!(slug("app: the frame"), "app-the-frame");
    assert_eq!(
        slug("echo and app — the socket tutorial's programs"),
        "echo-and-app--the-socket-tutorials-programs"
    );
}

/// The fenced block that follows the first line containing `after` in README.md.
fn block_after(after: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let at = readme
        .find(after)
        .unwrap_or_else(|| panic!("README.md has no {after:?}"));
    let rest = &readme[at..];
    let open = rest.find("\n```").expect("a fenced block follows") + 1;
    let body = &rest[open..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let close = body.find("\n```").expect("the block ends") + 1;
    body[..close].to_string()
}

fn netlab(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_netlab"))
        .args(args)
        .env("COLUMNS", "80")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run netlab");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The README's ladder is what the command it names prints, not a made-up sample.
#[test]
fn the_readme_ladder_is_what_its_command_draws() {
    let block = block_after("`COLUMNS=80 netlab demo msg --diagram ladder --diagram-limit 9`");
    let drawn = netlab(&[
        "--lang",
        "en",
        "demo",
        "msg",
        "--diagram",
        "ladder",
        "--diagram-limit",
        "9",
    ]);
    assert_eq!(
        block, drawn,
        "README.md's ladder is not what the command draws"
    );
}

/// The README's Mermaid block of the msg demo has the arrows the demo draws (the order of
/// frames between different roles may vary from run to run; the arrows may not).
#[test]
fn the_readme_mermaid_block_has_the_demo_s_arrows() {
    use netlab::diagram::{Step, mermaid};
    let block = block_after("as `netlab demo msg --diagram mermaid` draws it");
    let drawn = netlab(&["--lang", "en", "demo", "msg", "--diagram", "mermaid"]);
    let arrows = |text: &str| {
        let p = mermaid::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let mut all: Vec<(String, String, String)> = p
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Arrow { from, to, label } => Some((
                    p.participants[*from].clone(),
                    p.participants[*to].clone(),
                    label.clone(),
                )),
                Step::Note { .. } => None,
            })
            .collect();
        all.sort();
        (p.participants.clone(), all)
    };
    assert_eq!(
        arrows(&block),
        arrows(&drawn),
        "README.md:\n{block}\ndrawn:\n{drawn}"
    );
}
