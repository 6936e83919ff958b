//! `netlab generate man DIR`: `netlab.1` and one page per subcommand (`netlab-kv-node.1`),
//! rendered from the clap definition in `cli.rs`, in English, and under `DIR/pt/` in
//! Portuguese (from the Portuguese command tree of [`crate::help_pt`]).
//!
//! clap_mangen renders the title, NAME, the option lists and the subcommand list; this module
//! writes the rest in roff: a SYNOPSIS that shows every option's value and which arguments
//! repeat, a DESCRIPTION that does not repeat NAME (the command's long help without its first
//! paragraph), the COMMANDS an interactive role reads on stdin, EXAMPLES (from the
//! `Examples:` of the command's after-help), EXIT STATUS and SEE ALSO. `` `code` `` in help
//! texts is set in bold instead of printed with its backticks.

use std::path::Path;

use clap::{Arg, ArgAction};

use crate::chat::text::Chat;
use crate::msg::text::MsgText;
use crate::net::sentences::NetText;
use crate::net::{Context, Result};
use crate::term::text::{Lang, Text};

/// The pages' version string.
const SOURCE: &str = concat!("netlab ", env!("CARGO_PKG_VERSION"));

/// Write `netlab.1` and `netlab-PROTO-ROLE.1` for every (non-hidden) subcommand into `dir`,
/// and the same pages in Portuguese into `dir/pt` (`lang`: the language of the errors).
pub fn write_pages(dir: &Path, lang: Lang) -> Result<()> {
    for (dir, pages_lang) in [(dir.to_path_buf(), Lang::En), (dir.join("pt"), Lang::Pt)] {
        std::fs::create_dir_all(&dir).context(lang, NetText::CannotCreate(&dir))?;
        for (name, page) in pages(pages_lang) {
            let path = dir.join(format!("{name}.1"));
            std::fs::write(&path, page).context(lang, NetText::CannotWrite(&path))?;
        }
    }
    Ok(())
}

/// Every page in `lang`, by name (`netlab`, `netlab-msg`, `netlab-msg-server`, …), in tree
/// order.
pub fn pages(lang: Lang) -> Vec<(String, String)> {
    use clap::CommandFactory;
    let cmd = match lang {
        Lang::En => crate::cli::Cli::command(),
        Lang::Pt => crate::help_pt::command(),
    };
    // `netlab help` works, but has no page of its own.
    let mut cmd = without_help(cmd);
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, &[], lang, &mut out);
    out
}

fn without_help(cmd: clap::Command) -> clap::Command {
    cmd.disable_help_subcommand(true)
        .mut_subcommands(without_help)
}

/// The visible subcommands of `cmd` (not `help`, not hidden ones).
fn visible(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

fn collect(
    cmd: &clap::Command,
    parents: &[&clap::Command],
    lang: Lang,
    out: &mut Vec<(String, String)>,
) {
    let mut path: Vec<&str> = parents.iter().map(|c| c.get_name()).collect();
    path.push(cmd.get_name());
    let name = path.join("-");
    let page = page(cmd, parents, &path, lang);
    out.push((
        name,
        match lang {
            Lang::En => page,
            Lang::Pt => portuguese(&page),
        },
    ));
    let mut chain = parents.to_vec();
    chain.push(cmd);
    for sub in visible(cmd) {
        collect(sub, &chain, lang, out);
    }
}

/// The section headings, in English and Portuguese: netlab's and those clap_mangen writes
/// (its own, and the help headings of cli.rs in capitals).
const SECTIONS: &[(&str, &str)] = &[
    ("NAME", "NOME"),
    ("SYNOPSIS", "SINOPSE"),
    ("DESCRIPTION", "DESCRIÇÃO"),
    ("OPTIONS", "OPÇÕES"),
    ("\"GLOBAL OPTIONS\"", "\"OPÇÕES GLOBAIS\""),
    ("DIAGRAMS", "DIAGRAMAS"),
    ("IMPAIRMENTS", "PERTURBAÇÕES"),
    ("COMMANDS", "COMANDOS"),
    ("SUBCOMMANDS", "SUBCOMANDOS"),
    ("CASES", "CASOS"),
    ("DETAILS", "DETALHES"),
    ("EXAMPLES", "EXEMPLOS"),
    ("\"EXIT STATUS\"", "\"STATUS DE SAÍDA\""),
    ("\"SEE ALSO\"", "\"VEJA TAMBÉM\""),
    ("VERSION", "VERSÃO"),
];

/// A page rendered from the Portuguese command tree with its remaining English words (the
/// section headings, clap_mangen's own words) in Portuguese.
fn portuguese(roff: &str) -> String {
    let lines: Vec<String> = roff
        .lines()
        .map(|line| match line.strip_prefix(".SH ") {
            Some(title) => match SECTIONS.iter().find(|(en, _)| *en == title) {
                Some((_, pt)) => format!(".SH {pt}"),
                None => line.to_string(),
            },
            None => line.to_string(),
        })
        .collect();
    crate::help_pt::clap_words_roff(&(lines.join("\n") + "\n"))
}

/// One page: `path` is `["netlab", "kv", "node"]`.
fn page(cmd: &clap::Command, parents: &[&clap::Command], path: &[&str], lang: Lang) -> String {
    let name = path.join("-");
    let words = path.join(" ");
    let shown = cmd.clone().name(name.clone()).bin_name(words.clone());
    let man = clap_mangen::Man::new(shown);
    let mut roff = String::from(PREAMBLE);
    // The title by hand: clap_mangen drops an empty date, which shifts the fields after it.
    roff += &format!(
        ".TH {} 1 \"\" \"{SOURCE}\" \"{}\"\n.nh\n",
        name.to_uppercase().replace('-', "\\-"),
        lang.pick("netlab manual", "manual do netlab")
    );
    roff += &rendered(|w| man.render_name_section(w));
    roff += &synopsis(cmd, &words);
    roff += &description(cmd);
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        roff += &rendered(|w| man.render_options_section(w));
    }
    if let Some(list) = commands(&words, lang) {
        roff += &commands_section(&list, lang);
    }
    if visible(cmd).next().is_some() {
        roff += &rendered(|w| man.render_subcommands_section(w));
    }
    roff += &details(cmd);
    roff += &examples(cmd);
    roff += exit_status(lang);
    roff += &see_also(cmd, parents, path, lang);
    roff += &rendered(|w| man.render_version_section(w));
    backticks(&roff)
}

/// One section clap_mangen renders, without the preamble it starts every section with (the
/// page has it once, at the top).
fn rendered(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    // Rendering into memory cannot fail.
    let _ = render(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    match text.strip_prefix(PREAMBLE) {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// What roff (via clap_mangen) writes first in every section it renders.
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// Text for a roff text line: backslashes, dashes and apostrophes escaped, and a leading `.`
/// kept from reading as a request.
fn esc(text: &str) -> String {
    let s = text
        .replace('\\', "\\\\")
        .replace('-', "\\-")
        .replace('\'', "\\*(Aq");
    if s.starts_with('.') {
        format!("\\&{s}")
    } else {
        s
    }
}

fn bold(text: &str) -> String {
    format!("\\fB{}\\fR", esc(text))
}

fn italic(text: &str) -> String {
    format!("\\fI{}\\fR", esc(text))
}

/// `` `code` `` on text lines becomes bold code; control lines are left alone.
fn backticks(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        if line.starts_with('.') || line.matches('`').count() < 2 {
            out.push_str(line);
        } else {
            let mut parts = line.split('`').peekable();
            let mut inside = false;
            let mut pairs = line.matches('`').count() / 2;
            while let Some(part) = parts.next() {
                out.push_str(part);
                if parts.peek().is_none() {
                    break;
                }
                if inside {
                    out.push_str("\\fR");
                    inside = false;
                } else if pairs > 0 {
                    out.push_str("\\fB");
                    inside = true;
                    pairs -= 1;
                } else {
                    out.push('`');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Is this the `-h`/`-V` clap adds to every command?
fn is_help_or_version(arg: &Arg) -> bool {
    matches!(
        arg.get_action(),
        ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
    )
}

/// The value names an argument shows (`ADDR`, `HOST:PORT`), or its id in capitals.
fn value_name(arg: &Arg) -> String {
    arg.get_value_names()
        .map(|v| {
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
}

/// Does the argument take several values or repeat?
fn repeats(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Append | ArgAction::Count)
        || arg.get_num_args().is_some_and(|r| r.max_values() > 1)
}

/// One option as the synopsis writes it: `[-b|--bind ADDR]`, `[--trace[=HOW]]`, `-u|--user NAME`.
fn synopsis_option(arg: &Arg) -> String {
    let mut s = match (arg.get_short(), arg.get_long()) {
        (Some(short), Some(long)) => format!(
            "{}|{}",
            bold(&format!("-{short}")),
            bold(&format!("--{long}"))
        ),
        (Some(short), None) => bold(&format!("-{short}")),
        (None, Some(long)) => bold(&format!("--{long}")),
        (None, None) => return String::new(),
    };
    let range = arg.get_num_args().unwrap_or_default();
    if range.takes_values() {
        let value = italic(&value_name(arg));
        match (range.min_values() == 0, arg.is_require_equals_set()) {
            (true, true) => s.push_str(&format!("[={value}]")),
            (true, false) => s.push_str(&format!(" [{value}]")),
            (false, true) => s.push_str(&format!("={value}")),
            (false, false) => s.push_str(&format!(" {value}")),
        }
    }
    if repeats(arg) && !range.takes_values() {
        s.push_str("...");
    }
    if arg.is_required_set() {
        s
    } else {
        format!("[{s}]")
    }
}

/// One positional argument: `PORT`, `[HOST:PORT]`, `[IP:PORT]...`.
fn synopsis_positional(arg: &Arg) -> String {
    let mut s = italic(&value_name(arg));
    if !arg.is_required_set() {
        s = format!("[{s}]");
    }
    if repeats(arg) {
        s.push_str("...");
    }
    s
}

/// The positional part of an overridden usage (`[HOST:PORT] ACTION VALUE`), set in italics
/// with its brackets and dots in roman.
fn synopsis_usage_words(usage: &str, words: &str) -> String {
    let tail = match usage.split_once("[OPTIONS]") {
        Some((_, tail)) => tail,
        None => usage.strip_prefix(words).unwrap_or(usage),
    };
    tail.split_whitespace()
        .map(|word| {
            let dots = word.ends_with("...");
            let core = word.trim_end_matches("...");
            let (open, inner, close) =
                match core.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
                    Some(inner) => ("[", inner, "]"),
                    None => ("", core, ""),
                };
            format!(
                "{open}{}{close}{}",
                italic(inner),
                if dots { "..." } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn synopsis(cmd: &clap::Command, words: &str) -> String {
    let mut parts = vec![bold(words)];
    let options = cmd
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set() && !is_help_or_version(a));
    parts.extend(options.map(synopsis_option));
    match cmd.get_overridden_usage() {
        Some(usage) => parts.push(synopsis_usage_words(&usage.to_string(), words)),
        None => parts.extend(
            cmd.get_positionals()
                .filter(|a| !a.is_hide_set())
                .map(synopsis_positional),
        ),
    }
    if visible(cmd).next().is_some() {
        parts.push(italic(cmd.get_subcommand_value_name().unwrap_or("COMMAND")));
    }
    format!(".SH SYNOPSIS\n{}\n", parts.join(" "))
}

/// The long help without the paragraph NAME already shows; paragraphs become `.PP`.
fn description(cmd: &clap::Command) -> String {
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    let long = match cmd.get_long_about() {
        Some(long) => long.to_string(),
        None => return String::new(),
    };
    let mut paragraphs: Vec<&str> = long
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs
        .first()
        .is_some_and(|p| p.trim_end_matches('.') == about.trim_end_matches('.'))
    {
        paragraphs.remove(0);
    }
    if paragraphs.is_empty() {
        return String::new();
    }
    let body: Vec<String> = paragraphs
        .iter()
        .map(|p| esc(&p.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    format!(".SH DESCRIPTION\n{}\n", body.join("\n.PP\n"))
}

/// The lines an interactive role reads on stdin, as the role itself lists them (its catalog's
/// help), for the four roles that read commands.
fn commands(words: &str, lang: Lang) -> Option<String> {
    match words {
        "netlab msg emitter" => Some(
            crate::msg::text::HELP
                .iter()
                .skip(1) // the title row: the section has its own heading
                .map(|row| MsgText::Help(*row).render(lang))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        "netlab chat peer" => Some(without_title(&Chat::Help.render(lang))),
        "netlab kv client" => Some(without_title(&crate::kv::text::KvText::Help.render(lang))),
        "netlab mcast send" => Some(without_title(
            &crate::mcast::text::McastText::Help {
                quit: crate::mcast::wire::QUIT_WORD,
            }
            .render(lang),
        )),
        _ => None,
    }
}

/// A role's help without its first line (`Commands:`): the section has its own heading.
fn without_title(help: &str) -> String {
    let mut lines = help.lines();
    lines.next();
    lines.map(str::trim_start).collect::<Vec<_>>().join("\n")
}

fn commands_section(list: &str, lang: Lang) -> String {
    let lines: Vec<String> = list.lines().map(esc).collect();
    format!(
        ".SH COMMANDS\n{}\n.PP\n.RS 4\n.nf\n{}\n.fi\n.RE\n",
        lang.pick(
            "Lines read on standard input:",
            "Linhas lidas da entrada padrão:"
        ),
        lines.join("\n")
    )
}

/// What a command's long help adds after its options (`netlab check`: every case, by id), up
/// to its exit status and examples (which have sections of their own), as a literal block.
fn details(cmd: &clap::Command) -> String {
    let Some(after) = cmd.get_after_long_help().map(|a| a.to_string()) else {
        return String::new();
    };
    let lines: Vec<String> = after
        .lines()
        .take_while(|l| {
            let l = l.trim_start();
            !l.starts_with("Exit status") && !l.starts_with("Example")
        })
        .map(esc)
        .collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return String::new();
    }
    let title = if cmd.get_name() == "check" {
        "CASES"
    } else {
        "DETAILS"
    };
    format!(".SH {title}\n.nf\n{}\n.fi\n", lines.join("\n"))
}

/// The command lines listed under `Examples:` (or `Example:`) in the after-help, one per
/// line, each set as a literal block.
fn examples(cmd: &clap::Command) -> String {
    let Some(after) = cmd.get_after_help().map(|a| a.to_string()) else {
        return String::new();
    };
    let lines: Vec<&str> = after
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("Example"))
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let body: Vec<String> = lines.iter().map(|l| esc(l)).collect();
    format!(".SH EXAMPLES\n.RS 4\n.nf\n{}\n.fi\n.RE\n", body.join("\n"))
}

fn exit_status(lang: Lang) -> &'static str {
    lang.pick(EXIT_STATUS, EXIT_STATUS_PT)
}

const EXIT_STATUS: &str = "\
.SH \"EXIT STATUS\"
.TP
0
Success. Ctrl\\-C (SIGINT) and SIGTERM end a role with 0 too, after it has said goodbye on the wire (FLW, DISC, leaving the group); so do a client's /quit, the end of its input, and a msg server's goodbye (FLW).
.TP
1
A runtime error: an address that does not resolve or cannot be reached, a port in use, an unreadable file, a server or node that vanishes under a client (its connection closed without a goodbye), a stdout that cannot take what the role reports (a full disk, a closed pipe: the role says goodbye and stops; a msg display does not acknowledge a message it could not print). One line says what failed: \\fBnetlab: error: \\&...\\fR
.TP
2
A bad command line: an unknown flag, a missing argument, or a value that does not parse (a port that is not a number, a chat name with a colon).
";

const EXIT_STATUS_PT: &str = "\
.SH \"EXIT STATUS\"
.TP
0
Sucesso. Ctrl\\-C (SIGINT) e SIGTERM também encerram um papel com 0, depois de ele se despedir na rede (FLW, DISC, saída do grupo); assim também o /quit de um cliente, o fim da sua entrada e a despedida de um servidor msg (FLW).
.TP
1
Um erro durante a execução: um endereço que não resolve ou não é alcançável, uma porta em uso, um arquivo ilegível, um servidor ou nó que some sob um cliente (a conexão fechada sem despedida), uma saída padrão que não aceita o que o papel relata (um disco cheio, um pipe fechado: o papel se despede e para; um exibidor msg não confirma uma mensagem que não conseguiu mostrar). Uma linha diz o que falhou: \\fBnetlab: erro: \\&...\\fR
.TP
2
Uma linha de comando inválida: uma opção desconhecida, um argumento faltando, ou um valor que não se interpreta (uma porta que não é um número, um nome de bate\\-papo com dois\\-pontos).
";

/// The protocol reference of a top-level subcommand, in the source tree's `doc/`.
fn doc_of(top: &str) -> Option<&'static str> {
    match top {
        "msg" => Some("doc/msg.md"),
        "kv" => Some("doc/kv.md"),
        "chat" => Some("doc/chat.md"),
        "mcast" => Some("doc/mcast.md"),
        "echo" | "app" => Some("doc/app.md"),
        _ => None,
    }
}

fn see_also(cmd: &clap::Command, parents: &[&clap::Command], path: &[&str], lang: Lang) -> String {
    let mut refs: Vec<String> = Vec::new();
    // Up the tree, the page's siblings, and its subcommands.
    for k in 1..path.len() {
        refs.push(path[..k].join("-"));
    }
    if let Some(parent) = parents.last() {
        let up = path[..path.len() - 1].join("-");
        refs.extend(
            visible(parent)
                .filter(|s| s.get_name() != cmd.get_name())
                .map(|s| format!("{up}-{}", s.get_name())),
        );
    }
    let here = path.join("-");
    refs.extend(visible(cmd).map(|s| format!("{here}-{}", s.get_name())));
    let mut out = format!(
        ".SH \"SEE ALSO\"\n{}\n",
        refs.iter()
            .map(|r| format!("{}(1)", bold(r)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let docs: Vec<&str> = match path.get(1) {
        Some(top) => doc_of(top).into_iter().collect(),
        None => vec![
            "doc/msg.md",
            "doc/kv.md",
            "doc/chat.md",
            "doc/mcast.md",
            "doc/app.md",
        ],
    };
    if !docs.is_empty() {
        out.push_str(".PP\n");
        let docs = docs.join(", ");
        out.push_str(&esc(&lang.pick(
            format!(
                "The protocol reference in netlab's source tree: {docs} (the wire format, every \
                 rule netlab follows, every option, and the interop leniency); README.md for a \
                 tour."
            ),
            format!(
                "A referência do protocolo na árvore de código do netlab: {docs} (o formato na \
                 rede, cada regra que o netlab segue, cada opção e a tolerância de \
                 interoperação); README.md para um passeio."
            ),
        )));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_become_bold() {
        assert_eq!(backticks("a `b` c `d`\n"), "a \\fBb\\fR c \\fBd\\fR\n");
        assert_eq!(backticks("odd ` one\n"), "odd ` one\n");
        assert_eq!(backticks(".TP `x`\n"), ".TP `x`\n");
        assert_eq!(backticks("`a` and ` b\n"), "\\fBa\\fR and ` b\n");
    }

    #[test]
    fn escapes() {
        assert_eq!(esc("-b 'x' a\\b"), "\\-b \\*(Aqx\\*(Aq a\\\\b");
        assert_eq!(esc(".hidden"), "\\&.hidden");
    }
}
