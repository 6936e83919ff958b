//! The sentences of a check that starts its server itself (`--exec`) and of its points
//! (`--rubric`, `--gradescope`), en and pt. The line `Points 37/48` is the same in every
//! language, like the status words: CI reporters read it.

use std::time::Duration;

use crate::term::text::{Lang, Text, duration};

#[derive(Clone, Debug)]
pub enum ExecText<'a> {
    /// A quote left open in `--exec`.
    Unquoted(&'a str),
    Empty,
    CannotRun {
        program: &'a str,
        why: &'a str,
    },
    ExitedBeforeListening {
        status: &'a str,
        stderr: &'a str,
    },
    NeverListened {
        port: u16,
        within: Duration,
        stderr: &'a str,
    },
    /// Found dead after a case (`None`: after the first probe).
    Died {
        case: Option<&'a str>,
        status: &'a str,
        stderr: &'a str,
    },
    Restarted(u16),
    /// `*.alive.1` of a program that died `n` times.
    Deaths {
        n: usize,
        first: &'a str,
    },
    ExitCode(i32),
    Signal(i32),
    /// The run did not start: the program never listened (why).
    NotRun(&'a str),
    /// A case not run: the program never listened (the alive case says why).
    NotStarted(&'a str),
    /// The start of a run: what is started, and where it listens.
    Started {
        command: &'a str,
        port: u16,
    },
    /// `--exec` and a HOST:PORT both given.
    ExecAndAddress,
    /// A file of points that cannot be used.
    BadRubric {
        path: &'a str,
        why: &'a str,
    },
}

fn said(stderr: &str, lang: Lang) -> String {
    if stderr.is_empty() {
        lang.pick(" (nothing on stderr)", " (nada no stderr)")
            .into()
    } else {
        lang.pick(
            format!("; its stderr ended with: {stderr}"),
            format!("; seu stderr terminou com: {stderr}"),
        )
    }
}

impl Text for ExecText<'_> {
    fn render(&self, l: Lang) -> String {
        use ExecText::*;
        match self {
            Unquoted(q) => l.pick(
                format!("--exec: a {q} quote is not closed"),
                format!("--exec: uma aspa {q} não foi fechada"),
            ),
            Empty => l
                .pick("--exec: no command", "--exec: nenhum comando")
                .into(),
            CannotRun { program, why } => l.pick(
                format!("cannot run {program}: {why}"),
                format!("não consigo executar {program}: {why}"),
            ),
            ExitedBeforeListening { status, stderr } => l.pick(
                format!("the server exited ({status}) before it listened{}", said(stderr, l)),
                format!("o servidor terminou ({status}) antes de escutar{}", said(stderr, l)),
            ),
            NeverListened {
                port,
                within,
                stderr,
            } => l.pick(
                format!(
                    "the server never listened on port {port} (given {}){}",
                    duration(*within),
                    said(stderr, l)
                ),
                format!(
                    "o servidor nunca escutou na porta {port} (esperado por {}){}",
                    duration(*within),
                    said(stderr, l)
                ),
            ),
            Died {
                case: Some(case),
                status,
                stderr,
            } => l.pick(
                format!("the server was found dead after {case} ({status}){}", said(stderr, l)),
                format!(
                    "o servidor foi encontrado morto depois de {case} ({status}){}",
                    said(stderr, l)
                ),
            ),
            Died {
                case: None,
                status,
                stderr,
            } => l.pick(
                format!(
                    "the server died after its first client ({status}){}",
                    said(stderr, l)
                ),
                format!(
                    "o servidor morreu depois do primeiro cliente ({status}){}",
                    said(stderr, l)
                ),
            ),
            Restarted(port) => l.pick(
                format!("started again on port {port}"),
                format!("iniciado de novo na porta {port}"),
            ),
            Deaths { n: 1, first } => l.pick(
                format!("the server died once and was started again: {first}"),
                format!("o servidor morreu uma vez e foi iniciado de novo: {first}"),
            ),
            Deaths { n, first } => l.pick(
                format!("the server died {n} times and was started again each time; first: {first}"),
                format!(
                    "o servidor morreu {n} vezes e foi iniciado de novo a cada vez; a primeira: {first}"
                ),
            ),
            ExitCode(code) => l.pick(format!("status {code}"), format!("status {code}")),
            Signal(sig) => l.pick(format!("signal {sig}"), format!("sinal {sig}")),
            NotRun(why) => l.pick(format!("not run: {why}"), format!("não executado: {why}")),
            NotStarted(alive) => l.pick(
                format!("not run: the server did not listen (see {alive})"),
                format!("não executado: o servidor não escutou (veja {alive})"),
            ),
            Started { command, port } => l.pick(
                format!("started `{command}`: it listens on port {port}"),
                format!("iniciado `{command}`: escuta na porta {port}"),
            ),
            ExecAndAddress => l
                .pick(
                    "--exec starts the server on a port of its own: give no HOST:PORT",
                    "--exec inicia o servidor numa porta própria: não dê HOST:PORTA",
                )
                .into(),
            BadRubric { path, why } => l.pick(
                format!("the rubric {path} cannot be used: {why}"),
                format!("a rubrica {path} não pode ser usada: {why}"),
            ),
        }
    }
}
