//! A Portuguese-speaking class reads Portuguese: every role's start-up (and goodbye) under
//! `--lang pt` has no English sentence, bind lines included (`escutando em ADDR:PORT`), and
//! the common operating-system errors are translated with their number kept.

mod support;

use support::english::english_words;
use support::mcast::Port;
use support::{DEADLINE, Proc, run};

/// Every line `p` printed, on both streams.
fn transcript(p: &Proc) -> String {
    let mut lines = p.stderr_lines();
    lines.extend(p.stdout_lines());
    lines.join("\n")
}

/// Assert `p` said no English word of the catalogs.
#[track_caller]
fn no_english(p: &Proc) {
    let english = english_words(&transcript(p));
    if !english.is_empty() {
        p.fail(&format!("English under --lang pt:\n{}", english.join("\n")));
    }
}

/// Interrupt a server (as Ctrl-C would) and wait for it to exit.
fn stop(p: &mut Proc) {
    p.signal("INT");
    p.wait_exit(DEADLINE);
}

#[test]
fn every_role_starts_and_stops_in_portuguese() {
    // msg: a server, a display, an emitter.
    let (mut server, addr) = Proc::start_listening(&[
        "--lang",
        "pt",
        "msg",
        "server",
        "-p",
        "0",
        "-b",
        "127.0.0.1",
    ]);
    let a = addr.to_string();
    let mut display = Proc::start(&["--lang", "pt", "msg", "display", &a, "--id", "1001"]);
    display.expect_err("registrado como exibidor 1001");
    let mut emitter = Proc::start(&["--lang", "pt", "msg", "emitter", &a, "--id", "1"]);
    emitter.expect_err("registrado como emissor 1");
    emitter.close_stdin();
    emitter.wait_exit(DEADLINE);
    stop(&mut server);
    display.wait_exit(DEADLINE);
    for p in [&server, &display, &emitter] {
        no_english(p);
    }

    // kv: a node and a client.
    let dir = support::temp::TempDir::new("pt-kv");
    let db = dir.path().join("n1.db");
    std::fs::write(&db, "banana amarela\n").unwrap();
    let db = db.to_string_lossy().into_owned();
    let (mut node, addr) =
        Proc::start_listening(&["--lang", "pt", "kv", "node", "0", &db, "-b", "127.0.0.1"]);
    let a = addr.to_string();
    let mut client = Proc::start(&["--lang", "pt", "kv", "client", "0", &a]);
    client.listening();
    client.send("Q");
    client.close_stdin();
    client.wait_exit(DEADLINE);
    stop(&mut node);
    for p in [&node, &client] {
        no_english(p);
    }

    // chat: a server and a peer.
    let (mut server, addr) = Proc::start_listening(&[
        "--lang",
        "pt",
        "chat",
        "server",
        "-p",
        "0",
        "-b",
        "127.0.0.1",
    ]);
    let a = addr.to_string();
    let mut bia = Proc::start(&["--lang", "pt", "chat", "peer", "Bia", "-s", &a]);
    bia.expect_err("cadastrad");
    server.expect_err("Bia se cadastrou");
    bia.close_stdin();
    bia.wait_exit(DEADLINE);
    stop(&mut server);
    assert!(
        server.stderr_lines()[0].starts_with("servidor: escutando em "),
        "{:?}",
        server.stderr_lines()
    );
    for p in [&server, &bia] {
        no_english(p);
    }

    // mcast: a receiver and a sender.
    let port = Port::reserve();
    let p = port.s();
    let common = ["-i", "127.0.0.1", "-p", &p];
    let mut recv = Proc::start(&[&["--lang", "pt", "mcast", "recv"][..], &common].concat());
    recv.expect_err("Receptor aguardando mensagens...");
    let mut send =
        Proc::start(&[&["--lang", "pt", "mcast", "send", "-u", "Ana"][..], &common].concat());
    send.expect_err("enviando para");
    send.send("sair");
    send.close_stdin();
    send.wait_exit(DEADLINE);
    recv.wait_exit(DEADLINE);
    for p in [&recv, &send] {
        no_english(p);
    }

    // echo and app: servers and clients.
    for protocol in ["echo", "app"] {
        let (mut server, addr) =
            Proc::start_listening(&["--lang", "pt", protocol, "server", "-p", "0"]);
        let a = addr.to_string();
        let mut client = match protocol {
            "echo" => Proc::start(&["--lang", "pt", "echo", "client", &a, "-c", "2", "Oi"]),
            _ => Proc::start(&["--lang", "pt", "app", "client", &a, "search", "morpheus"]),
        };
        client.close_stdin();
        client.expect_success();
        let _ = client.remaining_out();
        server.expect_err("fechando a conexão com");
        stop(&mut server);
        for p in [&server, &client] {
            no_english(p);
        }
    }
}

#[test]
fn bind_lines_are_translated_and_english_stays_for_scripts() {
    let (mut en, _) = Proc::start_listening(&["--lang", "en", "msg", "server", "-p", "0"]);
    assert!(en.stderr_lines()[0].starts_with("msg: listening on "));
    stop(&mut en);
    let (mut pt, _) = Proc::start_listening(&["--lang", "pt", "msg", "server", "-p", "0"]);
    assert!(pt.stderr_lines()[0].starts_with("msg: escutando em "));
    stop(&mut pt);
}

#[test]
fn operating_system_errors_in_portuguese_keep_their_number() {
    let dir = support::temp::TempDir::new("pt-os");
    let missing = dir.path().join("missing.db");
    let missing = missing.to_string_lossy();
    for args in [
        &["--lang", "pt", "kv", "node", "0", &missing][..],
        &[
            "--lang", "pt", "app", "server", "-p", "0", "--data", &missing,
        ][..],
    ] {
        let (status, _, err) = run(args, "");
        assert_eq!(status.code(), Some(1), "{err}");
        assert!(
            err.contains("arquivo ou diretório inexistente (erro 2 do sistema)"),
            "{err}"
        );
        assert!(!err.contains("No such file"), "{err}");
    }
    // A directory where a file is expected.
    let dir_arg = dir.path().to_string_lossy().into_owned();
    let (_, _, err) = run(&["--lang", "pt", "kv", "node", "0", &dir_arg], "");
    assert!(err.contains("é um diretório (erro 21 do sistema)"), "{err}");
    // And in English, the system's own words.
    let (_, _, err) = run(&["--lang", "en", "kv", "node", "0", &missing], "");
    assert!(
        err.contains("No such file or directory (os error 2)"),
        "{err}"
    );
}

/// A port on loopback where nothing listens: a listener's, closed.
fn refused_port() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = l.local_addr().unwrap();
    drop(l);
    addr.to_string()
}

#[test]
fn checks_and_grades_say_operating_system_errors_in_portuguese() {
    let refused = "conexão recusada (erro 111 do sistema)";
    let missing = "arquivo ou diretório inexistente (erro 2 do sistema)";
    // A server that refuses: every server suite says so in Portuguese.
    for suite in ["msg", "kv", "chat", "echo", "app"] {
        let at = refused_port();
        let (status, out, err) = run(&["--lang", "pt", "check", suite, &at], "");
        let said = format!("{out}{err}");
        assert_ne!(status.code(), Some(0), "{said}");
        assert!(said.contains(refused), "check {suite}: {said}");
        assert!(
            !said.contains("Connection refused"),
            "check {suite}: {said}"
        );
    }
    // A client that cannot run.
    let (_, out, err) = run(
        &[
            "--lang",
            "pt",
            "check",
            "msg-display",
            "--",
            "/nonexistent/prog",
        ],
        "",
    );
    let said = format!("{out}{err}");
    assert!(said.contains(missing), "{said}");
    assert!(!said.contains("No such file"), "{said}");
    // A rubric that is not there, for grade and for check --rubric.
    let dir = support::temp::TempDir::new("pt-grade");
    let out_dir = dir.path().to_string_lossy().into_owned();
    let (status, _, err) = run(
        &[
            "--lang",
            "pt",
            "grade",
            "/nonexistent/rubric.toml",
            &out_dir,
        ],
        "",
    );
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains(missing), "{err}");
    assert!(!err.contains("No such file"), "{err}");
    let at = refused_port();
    let (_, _, err) = run(
        &[
            "--lang",
            "pt",
            "check",
            "msg",
            &at,
            "--rubric",
            "/nonexistent/rubric.toml",
        ],
        "",
    );
    assert!(err.contains(missing), "{err}");
    // LANG=pt_BR.UTF-8 alone does the same.
    let at = refused_port();
    let out = support::neutral_locale(
        std::process::Command::new(support::bin()).args(["check", "kv", &at]),
    )
    .env("LANG", "pt_BR.UTF-8")
    .output()
    .expect("run netlab");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains(refused), "{said}");
}

#[test]
fn a_bad_address_gets_an_example_that_fits_it() {
    // A node's address: HOST:PORT, not a multicast group.
    let (status, _, err) = run(&["--lang", "pt", "kv", "client", "0", "1.2.3"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("127.0.0.1:5000"), "{err}");
    assert!(!err.contains("224.3.29.71"), "{err}");
    // An address to bind to: an IP address, never HOST:PORT.
    for bind in ["1.2.3", "5000"] {
        let (status, _, err) = run(&["--lang", "pt", "msg", "server", "-b", bind], "");
        assert_eq!(status.code(), Some(2), "{err}");
        let flat = err.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("(exemplo: 127.0.0.1)"), "{err}");
        assert!(!err.contains("HOST:PORTA"), "{err}");
    }
    // A group keeps its multicast example.
    let (status, _, err) = run(
        &["--lang", "pt", "mcast", "recv", "-g", "1.2.3", "-i", "lo"],
        "",
    );
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("224.3.29.71"), "{err}");
}

/// The sentences of a help: what is not a command line, a flag's name or code in backticks.
fn sentences(help: &str) -> String {
    let mut out = String::new();
    let mut commands = false;
    let mut code_open = false;
    let mut values_open = false;
    let mut examples = false;
    for line in help.lines() {
        // Under `Comandos:`, each line starts with a command's name.
        commands = match line {
            "Comandos:" => true,
            "" => false,
            _ => commands,
        };
        // The examples are command lines, one perhaps wrapped onto the next line.
        examples = match line {
            "Exemplos:" | "Exemplo:" => true,
            "" => false,
            _ => examples,
        };
        if examples {
            continue;
        }
        let t = line.trim_start();
        let t = match commands && line.starts_with("  ") && !line.starts_with("   ") {
            true => t.split_once(' ').map_or("", |(_, rest)| rest),
            false => t,
        };
        let mut names = t.to_string();
        // The possible values' names, on as many lines as the wrap puts them.
        if values_open {
            match names.find(']') {
                Some(b) => {
                    names.replace_range(..=b, " ");
                    values_open = false;
                }
                None => names.clear(),
            }
        }
        while let Some(a) = names.find("[valores possíveis:") {
            match names[a..].find(']') {
                Some(b) => names.replace_range(a..=a + b, " "),
                None => {
                    names.truncate(a);
                    values_open = true;
                }
            }
        }
        let t = names.as_str();
        let code = ["netlab ", "printf ", "seq ", "-", "[", "<", "Uso:"];
        if code.iter().any(|c| t.starts_with(c)) && !t.starts_with("- ") {
            continue;
        }
        // Code in backticks and a possible value's name are not sentences.
        let mut rest = t.trim_start_matches("- ").to_string();
        // Code that a wrap carried over to this line, up to its closing backtick.
        if code_open {
            match rest.find('`') {
                Some(b) => {
                    rest.replace_range(..=b, " ");
                    code_open = false;
                }
                None => rest.clear(),
            }
        }
        while let (Some(a), Some(b)) = (rest.find('`'), rest.rfind('`'))
            && a < b
        {
            rest.replace_range(a..=b, " ");
        }
        // Code that goes on on the next line.
        if let Some(a) = rest.find('`') {
            rest.truncate(a);
            code_open = true;
        }
        // Names in capitals (LC_MESSAGES, HOST:PORT, FILE) are not words of a sentence.
        let words: Vec<&str> = rest
            .split_whitespace()
            .filter(|w| w.chars().any(|c| c.is_lowercase()))
            .collect();
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

/// `netlab --lang pt COMMAND FLAG` with COLUMNS set, or on a pipe without it: its stdout.
fn pt_help(command: &str, flag: &str, columns: Option<&str>) -> String {
    let mut cmd = std::process::Command::new(support::bin());
    support::neutral_locale(cmd.args(["--lang", "pt"]))
        .args(command.split_whitespace())
        .arg(flag)
        .env_remove("COLUMNS");
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{command} {flag}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// clap's own English words, which it puts in the help however the help is translated.
const CLAP_ENGLISH: [&str; 9] = [
    "[default:",
    "[possible values:",
    "default:",
    "possible",
    "values:",
    "[OPTIONS]",
    "<COMMAND>",
    "exists",
    "tip:",
];

#[test]
fn help_is_portuguese_under_lang_pt_and_a_portuguese_locale() {
    for command in support::COMMANDS {
        for flag in ["--help", "-h"] {
            for (columns, width) in [(Some("80"), 80), (None, 100)] {
                let out = pt_help(command, flag, columns);
                let what = format!("netlab --lang pt {command} {flag} (COLUMNS={columns:?})");
                assert!(out.contains("Uso: netlab"), "{what}:\n{out}");
                let english = english_words(&sentences(&out));
                assert!(english.is_empty(), "{what}:\n{}\n{out}", english.join("\n"));
                for word in CLAP_ENGLISH {
                    assert!(!out.contains(word), "{what}: {word:?}\n{out}");
                }
                for line in out.lines() {
                    // No line left holding one word of a list (`mermaid,`).
                    let t = line.trim();
                    assert!(
                        t.contains(' ') || !t.ends_with(','),
                        "{what}: {line:?}\n{out}"
                    );
                    assert!(line.chars().count() <= width, "{what}: {line:?}\n{out}");
                    assert_eq!(line, line.trim_end(), "{what}: {line:?}");
                }
            }
        }
    }
    // The locale alone is enough, and English stays English.
    let mut cmd = std::process::Command::new(support::bin());
    let out = cmd
        .args(["msg", "server", "--help"])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "pt_BR.UTF-8")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("Repassa as mensagens"), "{out}");
    let (_, out, _) = run(&["--lang", "en", "msg", "server", "--help"], "");
    assert!(
        out.contains("Relay messages from emitters to displays"),
        "{out}"
    );
    assert!(out.contains("Usage: netlab msg server"), "{out}");
}

/// clap's tip for a flag given before the subcommand it belongs to, in Portuguese.
#[test]
fn a_flag_of_a_subcommand_given_before_it_gets_a_portuguese_tip() {
    let (status, out, err) = run(&["--lang", "pt", "--color", "maybe", "demo"], "");
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("dica: "), "{err}");
    assert!(err.contains("'demo --color'"), "{err}");
    for word in CLAP_ENGLISH {
        assert!(!err.contains(word), "{word:?}\n{err}");
    }
    assert!(err.contains("Uso: netlab "), "{err}");
}

#[test]
fn command_line_errors_are_portuguese_with_their_usage_line_and_status_2() {
    for (args, said) in [
        (
            &["--lang", "pt", "msg", "server", "-x"][..],
            "erro: argumento inesperado '-x'",
        ),
        (
            &["--lang", "pt", "kv", "client"][..],
            "erro: faltam estes argumentos obrigatórios:",
        ),
        (
            &["--lang", "pt", "msg", "serve"][..],
            "erro: subcomando desconhecido 'serve'",
        ),
        (
            &["--lang", "pt", "app", "client", "127.0.0.1:1", "foo"][..],
            "erro: faltam estes argumentos obrigatórios: VALOR",
        ),
        (
            &["msg", "server", "0", "-p", "0", "--lang=pt"][..],
            "erro: o argumento '[PORTA]' não pode ser usado com '--port <PORTA>'",
        ),
    ] {
        let (status, out, err) = run(args, "");
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.starts_with(said), "{args:?}: {err}");
        assert!(err.contains("Uso: netlab "), "{err}");
        assert!(err.contains("Para saber mais, tente '--help'."), "{err}");
        assert!(!err.contains("error:") && !err.contains("Usage:"), "{err}");
    }
}
