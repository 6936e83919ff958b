//! The bash completion script (`netlab generate completions bash`), rendered from the clap
//! definition in `cli.rs`.
//!
//! clap_complete's bash script completes option values only, and offers files for anything it
//! knows nothing about; this one follows the value hints of positional arguments too. It
//! walks the words typed so far to find the subcommand and how many positional arguments
//! were given, then offers:
//!
//! - after an option that takes a value: that value (files for a file, host names for an
//!   address, the choices of a fixed set, nothing for a number or a name);
//! - for a word starting with `-`: the options of that subcommand;
//! - where a subcommand is expected: the subcommands first, then the options, unsorted;
//! - otherwise what the next positional argument takes (`kv node PORT <TAB>` offers files:
//!   the database; `kv node PORT DB <TAB>` offers host names: the neighbours).

use clap::{Arg, ValueHint};

/// What a value is completed with.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Offer {
    Files,
    Dirs,
    Hosts,
    Words(Vec<String>),
    Nothing,
}

impl Offer {
    fn of(arg: &Arg) -> Offer {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            return Offer::Words(values);
        }
        match arg.get_value_hint() {
            ValueHint::AnyPath | ValueHint::FilePath | ValueHint::ExecutablePath => Offer::Files,
            ValueHint::DirPath => Offer::Dirs,
            ValueHint::Hostname => Offer::Hosts,
            _ => Offer::Nothing,
        }
    }

    /// The word `_netlab_offer` understands.
    fn word(&self) -> String {
        match self {
            Offer::Files => "files".into(),
            Offer::Dirs => "dirs".into(),
            Offer::Hosts => "hosts".into(),
            Offer::Nothing => "nothing".into(),
            Offer::Words(w) => format!("words {}", w.join(" ")),
        }
    }
}

/// One command of the tree, by its path (`netlab kv node`).
struct Node<'a> {
    path: String,
    cmd: &'a clap::Command,
}

fn nodes<'a>(cmd: &'a clap::Command, path: String, out: &mut Vec<Node<'a>>) {
    out.push(Node {
        path: path.clone(),
        cmd,
    });
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        nodes(sub, format!("{path} {}", sub.get_name()), out);
    }
}

fn options(cmd: &clap::Command) -> impl Iterator<Item = &Arg> {
    cmd.get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set())
}

/// The spellings of an option: `-b`, `--bind`.
fn spellings(arg: &Arg) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = arg.get_short() {
        out.push(format!("-{s}"));
    }
    if let Some(l) = arg.get_long() {
        out.push(format!("--{l}"));
    }
    out
}

/// Does the option take the next word as its value (`-b ADDR`, not `--trace[=HOW]`)?
fn takes_next_word(arg: &Arg) -> bool {
    arg.get_num_args()
        .is_some_and(|r| r.takes_values() && r.min_values() > 0)
        && !arg.is_require_equals_set()
}

/// The whole script.
pub fn script(cmd: &clap::Command) -> String {
    let mut tree = Vec::new();
    nodes(cmd, cmd.get_name().to_string(), &mut tree);

    let mut subs = String::new();
    let mut is_sub = String::new();
    let mut opts = String::new();
    let mut takes = String::new();
    let mut hints = String::new();
    let mut positionals = String::new();
    for node in &tree {
        let path = &node.path;
        let names: Vec<&str> = node
            .cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| s.get_name())
            .collect();
        if !names.is_empty() {
            subs.push_str(&format!(
                "        \"{path}\") echo \"{}\" ;;\n",
                names.join(" ")
            ));
            for name in &names {
                is_sub.push_str(&format!("        \"{path}|{name}\") return 0 ;;\n"));
            }
        }
        let words: Vec<String> = options(node.cmd).flat_map(spellings).collect();
        opts.push_str(&format!(
            "        \"{path}\") echo \"{}\" ;;\n",
            words.join(" ")
        ));
        for arg in options(node.cmd).filter(|a| takes_next_word(a) || a.is_require_equals_set()) {
            let patterns: Vec<String> = spellings(arg)
                .iter()
                .map(|s| format!("\"{path}|{s}\""))
                .collect();
            if takes_next_word(arg) {
                takes.push_str(&format!("        {}) return 0 ;;\n", patterns.join("|")));
            }
            hints.push_str(&format!(
                "        {}) echo \"{}\" ;;\n",
                patterns.join("|"),
                Offer::of(arg).word()
            ));
        }
        let visible = node.cmd.get_positionals().filter(|a| !a.is_hide_set());
        for (index, arg) in visible.enumerate() {
            let many = matches!(arg.get_action(), clap::ArgAction::Append)
                || arg.get_num_args().is_some_and(|r| r.max_values() > 1);
            let pattern = if many {
                format!("\"{path}|\"*")
            } else {
                format!("\"{path}|{index}\"")
            };
            positionals.push_str(&format!(
                "        {pattern}) echo \"{}\" ;;\n",
                Offer::of(arg).word()
            ));
            if many {
                break;
            }
        }
    }

    format!(
        r#"# bash completion for netlab (rendered from its command-line definition by
# `netlab generate completions bash`). Load it with `source netlab.bash`, or let the
# bash-completion package load it from ~/.local/share/bash-completion/completions/netlab.

# The subcommands of a command path, in the order of `netlab --help`.
_netlab_subs() {{
    case "$1" in
{subs}    esac
}}

# Is $2 a subcommand of the command path $1?
_netlab_is_sub() {{
    case "$1|$2" in
{is_sub}    esac
    return 1
}}

# The options of a command path.
_netlab_opts() {{
    case "$1" in
{opts}    esac
}}

# Does option $2 of command path $1 take the next word as its value?
_netlab_takes_value() {{
    case "$1|$2" in
{takes}    esac
    return 1
}}

# What the value of option $2 of command path $1 is completed with.
_netlab_option_offer() {{
    case "$1|$2" in
{hints}        *) echo nothing ;;
    esac
}}

# What positional argument number $2 (from 0) of command path $1 is completed with.
_netlab_positional_offer() {{
    case "$1|$2" in
{positionals}        *) echo nothing ;;
    esac
}}

# Fill COMPREPLY for the word $2 with an offer: files, dirs, hosts, nothing, or words A B….
_netlab_offer() {{
    local offer="$1" cur="$2"
    case "$offer" in
        files)
            compopt -o filenames 2>/dev/null
            COMPREPLY=( $(compgen -f -- "$cur") ) ;;
        dirs)
            compopt -o filenames 2>/dev/null
            COMPREPLY=( $(compgen -d -- "$cur") ) ;;
        hosts) COMPREPLY=( $(compgen -A hostname -- "$cur") ) ;;
        words\ *) COMPREPLY=( $(compgen -W "${{offer#words }}" -- "$cur") ) ;;
        *) COMPREPLY=() ;;
    esac
}}

_netlab() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="" path="netlab" npos=0 skip=0 i w
    (( COMP_CWORD > 0 )) && prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    COMPREPLY=()
    for (( i = 1; i < COMP_CWORD; i++ )); do
        w="${{COMP_WORDS[i]}}"
        if (( skip )); then skip=0; continue; fi
        case "$w" in
            =) skip=1 ;;
            --*=*) ;;
            -?*) _netlab_takes_value "$path" "$w" && skip=1 ;;
            *)
                if (( npos == 0 )) && _netlab_is_sub "$path" "$w"; then
                    path="$path $w"
                else
                    npos=$(( npos + 1 ))
                fi ;;
        esac
    done
    # `--trace=` and `--trace=he`: bash splits the word at the `=`.
    if [[ "$cur" == "=" ]]; then
        _netlab_offer "$(_netlab_option_offer "$path" "$prev")" ""
        return 0
    fi
    if [[ "$prev" == "=" ]] && (( COMP_CWORD > 1 )); then
        _netlab_offer "$(_netlab_option_offer "$path" "${{COMP_WORDS[COMP_CWORD-2]}}")" "$cur"
        return 0
    fi
    if [[ "$prev" == -?* ]] && _netlab_takes_value "$path" "$prev"; then
        _netlab_offer "$(_netlab_option_offer "$path" "$prev")" "$cur"
        return 0
    fi
    if [[ "$cur" == -* ]]; then
        COMPREPLY=( $(compgen -W "$(_netlab_opts "$path")" -- "$cur") )
        return 0
    fi
    local subs
    subs="$(_netlab_subs "$path")"
    if [[ -n "$subs" ]] && (( npos == 0 )); then
        COMPREPLY=( $(compgen -W "$subs" -- "$cur") $(compgen -W "$(_netlab_opts "$path")" -- "$cur") )
        return 0
    fi
    _netlab_offer "$(_netlab_positional_offer "$path" "$npos")" "$cur"
}}

# Subcommands before options, as listed (bash 4.4 and later keep the order).
complete -o nosort -F _netlab netlab 2>/dev/null || complete -F _netlab netlab
"#
    )
}
