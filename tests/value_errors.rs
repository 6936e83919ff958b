//! The value parsers' errors (a port, a duration, an id out of range, an address, a size…)
//! speak the command line's language: under `--lang pt` no English word is left, under
//! `--lang en` the English sentence stands, and the exit status is 2 either way.

mod support;

use support::english::english_words;
use support::run;

/// A bad value for each kind of parser, as a user would type it.
const BAD: &[&[&str]] = &[
    &["msg", "server", "-p", "abc"],
    &["msg", "server", "-p", "99999"],
    &["msg", "server", "--ack-timeout", "xyz"],
    &["msg", "server", "--ack-timeout", "2d"],
    &["msg", "server", "--max-emitters", "5000"],
    &["msg", "emitter", "--id", "5000"],
    &["msg", "display", "--id", "5"],
    &["kv", "client", "abc", "127.0.0.1:5"],
    &["kv", "client", "0", "nothost"],
    &["kv", "client", "0", "4000"],
    &["kv", "node", "0", "x", "--max-db-size", "0"],
    &["kv", "node", "0", "x", "-b", "a b"],
    &["chat", "peer", "Ana", "-s", "127.0.0.1:abc"],
    &["chat", "peer", "Ana", "-s", "[::1"],
    &["chat", "peer", "a:b"],
    &["chat", "server", "--expire", "0"],
    &["mcast", "recv", "-g", "1.2.3.4"],
    &["mcast", "recv", "-g", "nogroup"],
    &["mcast", "send", "-u", " "],
    &["echo", "client", "-c", "x"],
    &["app", "server", "--max-content", "17MiB"],
    &["app", "server", "--max-content", "lots"],
    &["proxy", "msg", "x y", "127.0.0.1:1"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--split", "zz"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--coalesce", "1"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--drop", "2"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--corrupt", "x"],
    &["proxy", "msg", "0", "127.0.0.1:1", "--rate", "0"],
    &["grade", "--jobs", "0", "x"],
];

/// English words of these sentences that are no Portuguese word.
const WORDS: &[&str] = &[
    "is",
    "not",
    "number",
    "duration",
    "examples",
    "example",
    "expected",
    "missing",
    "port",
    "address",
    "size",
    "neither",
    "nor",
    "probability",
    "group",
    "empty",
    "looks",
    "give",
    "too",
    "long",
    "name",
    "contains",
    "more",
    "from",
    "frames",
    "bytes of",
    "allowed",
    "between",
    "without",
    "its",
    "brackets",
    "letters",
    "digits",
    "dots",
    "time",
    "at",
    "all",
    "only",
    "or",
    "an",
    "the",
    "of",
    "to",
    "largest",
    "accepted",
    "day",
    "receivers",
];

/// What an error says beyond what the user typed: quoted values, `<NAME>`s and flags left out.
fn said(err: &str) -> String {
    let line = err.lines().next().unwrap_or_default();
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '<' | '`') => {
                quote = Some(if c == '<' { '>' } else { c })
            }
            None => out.push(c),
        }
    }
    out.split_whitespace()
        .filter(|w| !w.starts_with('-') && !w.chars().any(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn value_errors_speak_portuguese_under_lang_pt() {
    for args in BAD {
        let pt_args = [&["--lang", "pt"], *args].concat();
        let (status, _, pt) = run(&pt_args, "");
        assert_eq!(status.code(), Some(2), "netlab {pt_args:?}: {pt}");
        assert!(
            pt.starts_with("erro: valor inválido"),
            "netlab {pt_args:?}: {pt}"
        );
        let words = said(&pt);
        let english: Vec<&str> = words
            .split(|c: char| !c.is_alphabetic())
            // (Names in capitals, HOST:PORT, are placeholders.)
            .filter(|w| w.chars().any(char::is_lowercase))
            .filter(|w| WORDS.contains(&w.to_lowercase().as_str()))
            .collect();
        assert!(
            english.is_empty() && english_words(&words).is_empty(),
            "netlab {pt_args:?}: English {english:?} in {pt}"
        );
        // The same mistake in English says it in English (so the list above is a real check).
        let en_args = [&["--lang", "en"], *args].concat();
        let (status, _, en) = run(&en_args, "");
        assert_eq!(status.code(), Some(2), "netlab {en_args:?}: {en}");
        let en_words = said(&en);
        assert!(
            en_words
                .split(|c: char| !c.is_alphabetic())
                .any(|w| WORDS.contains(&w.to_lowercase().as_str())),
            "netlab {en_args:?}: {en}"
        );
    }
}

/// A command line whose values each parse but which asks what cannot be done, with what it
/// must say in English and in Portuguese.
const MISUSED: &[(&[&str], &str, &str)] = &[
    (
        &["proxy", "mcast", "[ff02::1:3]:21020", "[ff02::1:4]:21020"],
        "an IPv6 group needs --iface: the loopback's name (lo on Linux, lo0 on macOS)",
        "um grupo IPv6 precisa de --iface: o nome da interface de loopback (lo no Linux, lo0 no \
         macOS)",
    ),
    (
        &["proxy", "kv", "0", "127.0.0.1:1", "--corrupt", "bogus=1@1"],
        "invalid value 'bogus=1@1' for '--corrupt <FIELD=VALUE@N>': kv has no field \"bogus\" \
         (its fields: type, port, nseq, size, ttl, ip)",
        "valor inválido 'bogus=1@1' para '--corrupt <CAMPO=VALOR@N>': kv não tem o campo \
         \"bogus\" (os seus campos: type, port, nseq, size, ttl, ip)",
    ),
    (
        &[
            "proxy",
            "msg",
            "0",
            "127.0.0.1:1",
            "--corrupt",
            "type=70000@1",
        ],
        "70000 is larger than the field type holds (65535)",
        "70000 é maior do que o campo type comporta (65535)",
    ),
    (
        &["proxy", "msg", "0", "127.0.0.1:1", "--drop", "0.1"],
        "--drop is for mcast only",
        "--drop é só para mcast",
    ),
    (
        &["proxy", "mcast", "239.1.2.3:21020", "239.1.2.3:21020"],
        "the two groups are the same: the relay would hear itself",
        "os dois grupos são o mesmo: o repasse ouviria a si mesmo",
    ),
    (
        &[
            "proxy",
            "mcast",
            "239.1.2.3:21020",
            "239.1.2.4:21020",
            "--split",
            "1",
        ],
        "--split is for the TCP protocols, not mcast",
        "--split é para os protocolos TCP, não para mcast",
    ),
    (
        &["proxy", "mcast", "127.0.0.1:21020", "239.1.2.4:21020"],
        "127.0.0.1:21020 is not a multicast group:port",
        "127.0.0.1:21020 não é grupo:porta multicast",
    ),
    (
        &["proxy", "kv", "0", "127.0.0.1:1", "--peers"],
        "--peers is for chat only",
        "--peers é só para chat",
    ),
    (
        &["proxy", "msg", "0", "127.0.0.1:1", "--hold", "0"],
        "invalid value '0' for '--hold <TIME>': \"0\" is no time at all",
        "valor inválido '0' para '--hold <TEMPO>': \"0\" não é tempo nenhum",
    ),
    (
        &["proxy", "msg", "0", "127.0.0.1:1", "--delay", "0"],
        "\"0\" is no time at all",
        "\"0\" não é tempo nenhum",
    ),
    (
        &["proxy", "msg", "0", "127.0.0.1:1", "--hold", "1s"],
        "--hold only changes what --coalesce does: give --coalesce too",
        "--hold só muda o que --coalesce faz: dê --coalesce também",
    ),
    (
        &[
            "proxy",
            "mcast",
            "239.1.2.3:21020",
            "239.1.2.4:21020",
            "--hold",
            "1s",
        ],
        "--hold only changes what --reorder does: give --reorder too",
        "--hold só muda o que --reorder faz: dê --reorder também",
    ),
    (
        &["proxy", "msg", "0", "127.0.0.1:1", "--gap", "1s"],
        "--gap only changes what --split does: give --split too",
        "--gap só muda o que --split faz: dê --split também",
    ),
    (
        &["proxy", "msg", "0", "127.0.0.1:1", "--only", "to-server"],
        "--only picks the direction of the impairments: give one too",
        "--only escolhe a direção das perturbações: dê uma também",
    ),
    (
        &["proxy", "msg", "0", "127.0.0.1:1", "--seed", "7"],
        "--seed repeats the random choices of --jitter, --drop, --duplicate or --reorder",
        "--seed repete as escolhas aleatórias de --jitter, --drop, --duplicate ou --reorder",
    ),
    (
        &["proxy", "msg", "0", "127.0.0.1:1", "-i", "lo"],
        "--iface is for mcast only",
        "--iface é só para mcast",
    ),
    (
        &[
            "proxy",
            "kv",
            "0",
            "127.0.0.1:1",
            "--corrupt",
            "ip=1.2.3.4.5@1",
        ],
        "\"1.2.3.4.5\" is neither a number nor an IPv4 address for the field ip",
        "\"1.2.3.4.5\" não é um número nem um endereço IPv4 para o campo ip",
    ),
    (
        &[
            "proxy",
            "kv",
            "0",
            "127.0.0.1:1",
            "--corrupt",
            "ttl=1.2.3.4@1",
        ],
        "\"1.2.3.4\" is not a number for the field ttl",
        "\"1.2.3.4\" não é um número para o campo ttl",
    ),
    (
        &["proxy", "kv", "0", "127.0.0.1:1", "--corrupt", "ttl=1@0"],
        "\"0\" after the @ is not a frame number of 1 or more",
        "\"0\" depois do @ não é um número de quadro de 1 ou mais",
    ),
    (
        &[
            "proxy",
            "mcast",
            "239.1.2.3:21020",
            "239.1.2.4:21020",
            "-i",
            "nosuchif",
        ],
        "--iface \"nosuchif\": for an IPv4 group give the interface's IPv4 address or its name",
        "--iface \"nosuchif\": para um grupo IPv4, informe o endereço IPv4 da interface",
    ),
    (
        &["mcast", "recv", "-i", "nosuchif"],
        "--iface \"nosuchif\": for an IPv4 group",
        "--iface \"nosuchif\": para um grupo IPv4",
    ),
    (
        &["mcast", "send", "-u", "Ana", "-i", "nosuchif"],
        "--iface \"nosuchif\": for an IPv4 group",
        "--iface \"nosuchif\": para um grupo IPv4",
    ),
    (
        &["check", "msg", "127.0.0.1:1", "--timeout", "0"],
        "invalid value '0' for '--timeout <TIME>': a case needs time",
        "valor inválido '0' para '--timeout <TEMPO>': um caso precisa de tempo",
    ),
    (
        &["check", "msg", "127.0.0.1:1", "--only", "nothing.here"],
        "for '--only <PATTERN>'",
        "para '--only <PADRÃO>'",
    ),
    (
        &["check", "msg-display", "--say", "bogus=x", "--", "x"],
        "for '--say <ACTION=TEMPLATE>'",
        "para '--say <AÇÃO=MODELO>': as ações são",
    ),
    (
        &["app", "client", "nothost:x", "search", "v"],
        "invalid value 'nothost:x' for '[HOST:PORT]'",
        "valor inválido 'nothost:x' para '[HOST:PORTA]'",
    ),
    // A negative number reaches the value parser (not clap's "unexpected argument").
    (
        &[
            "demo",
            "msg",
            "--diagram",
            "ladder",
            "--diagram-limit",
            "-1",
        ],
        "invalid value '-1' for '--diagram-limit <N>': \"-1\" is not a number from 1 to 1000000",
        "valor inválido '-1' para '--diagram-limit <N>': \"-1\" não é um número de 1 a 1000000",
    ),
    (
        &["check", "msg", "127.0.0.1:1", "--only", "nothing.here"],
        "no msg case matches (--list shows them)",
        "nenhum caso de msg corresponde (--list os mostra)",
    ),
    (
        &["check", "msg-display"],
        "netlab check msg-display needs the client's command after --",
        "netlab check msg-display precisa do comando do cliente depois de --",
    ),
    (
        &["check", "msg-display", "127.0.0.1:1", "--", "x"],
        "netlab check msg-display checks a client",
        "netlab check msg-display verifica um cliente",
    ),
    (
        &["check", "msg", "127.0.0.1:1", "--", "x"],
        "netlab check msg checks a server at HOST:PORT: COMMAND, --say",
        "netlab check msg verifica um servidor em HOST:PORTA: COMANDO, --say",
    ),
    (
        &["mcast", "--diagram", "mermaid", "recv"],
        "--diagram draws TCP exchanges",
        "--diagram desenha trocas TCP",
    ),
    (
        &["app", "client", "127.0.0.1:1", "search"],
        "the following required arguments were not provided: VALUE (after 127.0.0.1:1 search)",
        "faltam estes argumentos obrigatórios: VALOR (depois de 127.0.0.1:1 search)",
    ),
];

/// `netlab ARGS…`, stopped after 10 seconds if it took the command line and runs on (which
/// is the failure: a usage error exits at once).
fn run_briefly(args: &[&str]) -> (std::process::ExitStatus, String, String) {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = support::neutral_locale(Command::new(support::bin()).args(args))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start netlab");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn usage_errors_say_what_cannot_be_done_in_both_languages() {
    for (args, en, pt) in MISUSED {
        for (lang, want) in [("en", en), ("pt", pt)] {
            let all = [&["--lang", lang], *args].concat();
            let (status, out, err) = run_briefly(&all);
            assert_eq!(status.code(), Some(2), "netlab {all:?}: {out}{err}");
            // The error's paragraph, unwrapped (the usage line after it left out).
            let paragraph = err.split("\n\n").next().unwrap_or_default();
            let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains(*want),
                "netlab {all:?}: want {want:?} in\n{err}"
            );
            // (Field names and the commands shown as examples are the program's own words.)
            let names = ["campos:", "netlab check", "VALOR", "ações são"];
            if lang == "pt" && !names.iter().any(|n| want.contains(n)) {
                let words = said(&flat);
                assert!(
                    english_words(&words).is_empty(),
                    "netlab {all:?}: English {:?} in {err}",
                    english_words(&words)
                );
            }
        }
    }
}

/// A value for an address field is taken as an IPv4 address too.
#[test]
fn corrupt_takes_an_address_field_as_an_ipv4_address() {
    let (mut px, _) = support::Proc::start_listening(&[
        "--lang",
        "en",
        "proxy",
        "kv",
        "0",
        "127.0.0.1:9",
        "--corrupt",
        "ip=10.0.0.9@1",
    ]);
    px.signal("INT");
    px.expect_success();
    // A protocol without that field: refused, quoting the value as it was typed.
    let (status, _, err) = support::run(
        &[
            "--lang",
            "en",
            "proxy",
            "msg",
            "0",
            "127.0.0.1:9",
            "--corrupt",
            "ip=1.2.3.4@1",
        ],
        "",
    );
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("invalid value 'ip=1.2.3.4@1'"), "{err}");
}
