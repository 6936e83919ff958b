//! The man pages in `man/` (rendered from cli.rs; tests/generated.rs checks they are fresh):
//! the sections a reader looks for, a DESCRIPTION that says more than NAME, a SYNOPSIS that
//! shows option values and repetition, EXAMPLES (never a heading "EXTRA"), EXIT STATUS, SEE
//! ALSO, the commands of the interactive roles, and no backtick printed literally. Where
//! man(1) is installed, every page also renders without a warning.

mod support;

use std::path::PathBuf;
use std::process::Command;

fn pages() -> Vec<(String, String)> {
    pages_in("man")
}

/// The pages in `dir` (`man`, `man/pt`), by file name.
fn pages_in(dir: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut all: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    assert!(all.len() > 15, "man/ holds {} pages", all.len());
    all
}

fn page(name: &str) -> String {
    pages()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("man/{name} is missing"))
        .1
}

/// The text lines of section `name` (between `.SH NAME` and the next `.SH`).
fn section(page: &str, name: &str) -> Option<Vec<String>> {
    let heading = if name.contains(' ') {
        format!(".SH \"{name}\"")
    } else {
        format!(".SH {name}")
    };
    let mut lines = page.lines().skip_while(|l| *l != heading);
    lines.next()?;
    Some(
        lines
            .take_while(|l| !l.starts_with(".SH "))
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn every_page_has_the_sections_a_reader_looks_for() {
    for (name, text) in pages() {
        for wanted in ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"] {
            assert!(section(&text, wanted).is_some(), "{name}: no {wanted}");
        }
        assert!(section(&text, "EXTRA").is_none(), "{name}: a section EXTRA");
        let status = section(&text, "EXIT STATUS").unwrap().join("\n");
        for code in ["\n0\n", "\n1\n", "\n2\n"] {
            assert!(status.contains(code), "{name}: exit status {code:?}");
        }
        let is_role = name.matches('-').count() == 2 || name == "netlab-demo.1";
        if is_role || name == "netlab.1" {
            let examples =
                section(&text, "EXAMPLES").unwrap_or_else(|| panic!("{name}: no EXAMPLES"));
            assert!(
                examples.iter().any(|l| l.starts_with("netlab ")),
                "{name}: no example command: {examples:?}"
            );
        }
    }
}

#[test]
fn description_says_more_than_name() {
    for (name, text) in pages() {
        let what = section(&text, "NAME").unwrap().join(" ");
        let what = what.split(" \\- ").nth(1).unwrap_or_default().to_string();
        let description = section(&text, "DESCRIPTION").unwrap();
        let first = description.first().cloned().unwrap_or_default();
        assert!(!first.is_empty(), "{name}: an empty DESCRIPTION");
        assert!(
            !first.starts_with(what.trim_end_matches('.')),
            "{name}: DESCRIPTION repeats NAME: {first:?}"
        );
    }
}

#[test]
fn no_backtick_is_printed_literally() {
    for (name, text) in pages() {
        for line in text.lines().filter(|l| !l.starts_with('.')) {
            assert!(!line.contains('`'), "{name}: a raw backtick in {line:?}");
        }
    }
    // What was between backticks is set in bold.
    let node = page("netlab-kv-node.1");
    assert!(node.contains("\\fBKEY VALUE\\fR"), "{node}");
}

#[test]
fn synopsis_shows_option_values_and_repetition() {
    let node = section(&page("netlab-kv-node.1"), "SYNOPSIS")
        .unwrap()
        .join(" ");
    for wanted in [
        "\\fBnetlab kv node\\fR",
        "[\\fB\\-b\\fR|\\fB\\-\\-bind\\fR \\fIADDR\\fR]",
        "[\\fB\\-\\-advertise\\fR \\fIIP\\fR]",
        "[\\fB\\-\\-trace\\fR[=\\fIHOW\\fR]]",
        "\\fIPORT\\fR \\fIDBFILE\\fR [\\fIIP:PORT\\fR]...",
    ] {
        assert!(node.contains(wanted), "{wanted:?} not in {node}");
    }
    let send = section(&page("netlab-mcast-send.1"), "SYNOPSIS")
        .unwrap()
        .join(" ");
    assert!(
        send.contains(" \\fB\\-u\\fR|\\fB\\-\\-user\\fR \\fINAME\\fR "),
        "a required option has no brackets: {send}"
    );
    let echo = section(&page("netlab-echo-client.1"), "SYNOPSIS")
        .unwrap()
        .join(" ");
    assert!(
        echo.ends_with("[\\fIHOST:PORT\\fR] [\\fIMESSAGE\\fR]..."),
        "{echo}"
    );
    let top = section(&page("netlab.1"), "SYNOPSIS").unwrap().join(" ");
    assert!(top.ends_with("\\fICOMMAND\\fR"), "{top}");
}

#[test]
fn the_interactive_roles_list_their_commands() {
    for (name, commands) in [
        (
            "netlab-msg-emitter.1",
            &["/msg D", "/who D", "/stop D", "/quit"][..],
        ),
        ("netlab-kv-client.1", &["? KEY", "T ", "Q "][..]),
        (
            "netlab-chat-peer.1",
            &["/list", "/chat NAME", "/bye", "/exit"][..],
        ),
        ("netlab-mcast-send.1", &["sair"][..]),
    ] {
        let listed = section(&page(name), "COMMANDS")
            .unwrap_or_else(|| panic!("{name}: no COMMANDS"))
            .join("\n");
        for c in commands {
            assert!(listed.contains(c), "{name}: {c:?} not in {listed}");
        }
    }
    assert!(section(&page("netlab-msg-server.1"), "COMMANDS").is_none());
}

#[test]
fn see_also_names_the_related_pages_and_the_reference() {
    let see = section(&page("netlab-msg-emitter.1"), "SEE ALSO")
        .unwrap()
        .join(" ");
    for wanted in [
        "\\fBnetlab\\fR(1)",
        "\\fBnetlab\\-msg\\fR(1)",
        "\\fBnetlab\\-msg\\-server\\fR(1)",
        "\\fBnetlab\\-msg\\-display\\fR(1)",
        "doc/msg.md",
    ] {
        assert!(see.contains(wanted), "{wanted:?} not in {see}");
    }
    // Every page it names exists.
    let names: Vec<String> = pages().into_iter().map(|(n, _)| n).collect();
    for (name, text) in pages() {
        let see = section(&text, "SEE ALSO").unwrap().join(" ");
        for reference in see.split("\\fB").skip(1) {
            let page = reference.split("\\fR").next().unwrap().replace("\\-", "-");
            assert!(
                names.contains(&format!("{page}.1")),
                "{name} names {page}(1)"
            );
        }
    }
}

/// `man/pt/` has the same pages in Portuguese: Portuguese section headings, and a NAME, a
/// DESCRIPTION and a COMMANDS section of their own (not the English text).
#[test]
fn every_page_has_its_portuguese_page() {
    let en = pages();
    let pt = pages_in("man/pt");
    let names = |p: &[(String, String)]| p.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&en), names(&pt));
    for ((name, en), (_, pt)) in en.iter().zip(&pt) {
        for heading in [
            "NOME",
            "SINOPSE",
            "DESCRIÇÃO",
            "OPÇÕES",
            "\"STATUS DE SAÍDA\"",
        ] {
            assert!(
                pt.contains(&format!("\n.SH {heading}\n")),
                "pt/{name}: no {heading}"
            );
        }
        for english in [
            ".SH NAME\n",
            ".SH DESCRIPTION\n",
            ".SH EXAMPLES\n",
            ".SH COMMANDS\n",
            "[default: ",
            "Possible values:",
            "Print help",
            "Print version",
            "netlab manual",
            "The protocol reference",
        ] {
            assert!(!pt.contains(english), "pt/{name} says {english:?}");
        }
        for section in ["NAME", "DESCRIPTION", "COMMANDS"] {
            let pt_section = match section {
                "NAME" => "NOME",
                "DESCRIPTION" => "DESCRIÇÃO",
                _ => "COMANDOS",
            };
            let (Some(e), Some(p)) = (section_of(en, section), section_of(pt, pt_section)) else {
                continue;
            };
            assert_ne!(e, p, "pt/{name}: the {section} section is the English one");
        }
    }
}

/// The text lines under `.SH TITLE` (a one-word title).
fn section_of(page: &str, title: &str) -> Option<Vec<String>> {
    let heading = format!(".SH {title}");
    let mut lines = page.lines().skip_while(|l| *l != heading);
    lines.next()?;
    Some(
        lines
            .take_while(|l| !l.starts_with(".SH"))
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn every_page_renders_without_a_warning() {
    if Command::new("man").arg("--version").output().is_err() {
        support::skipped("man(1) is not installed");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let all = pages().into_iter().map(|(n, _)| root.join("man").join(n));
    let pt = pages_in("man/pt")
        .into_iter()
        .map(|(n, _)| root.join("man/pt").join(n));
    for path in all.chain(pt) {
        let name = path.display().to_string();
        let out = Command::new("man")
            .args(["--warnings=all", "-l"])
            .arg(&path)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .output()
            .unwrap();
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && warnings.is_empty(),
            "{name}: {warnings}"
        );
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(!shown.contains('`'), "{name} shows a backtick");
    }
}
