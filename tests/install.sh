#!/usr/bin/env bash
# The README's install steps, exactly as written (the sh block after the `install-steps`
# marker in README.md), run with a temporary HOME; then a new shell must find the man page
# (`man -w netlab-kv-node`), the completion (`complete -p netlab`) and the program.
#
#   tests/install.sh                        what CI runs (.ci/run): every step, cargo install too
#   tests/install.sh --installed-binary BIN every step but `cargo install`, whose result (the
#                                           binary in ~/.cargo/bin) is BIN copied there; the
#                                           cargo test tests/install.rs runs this (a release
#                                           build is not cheap)
#
# Needs bash and man (man-db). Nothing outside the temporary HOME is changed: cargo keeps using
# the real toolchain and crate cache, and installs into the temporary HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

binary=""
if [[ "${1:-}" == "--installed-binary" ]]; then
    binary=$(realpath "${2:?--installed-binary needs the binary}")
fi

steps=$(awk '
    /<!-- install-steps/ { armed = 1; next }
    armed && /^```sh/   { inside = 1; next }
    inside && /^```/    { exit }
    inside              { print }
' README.md)
if [[ -z "$steps" ]]; then
    echo "install: no install steps found in README.md" >&2
    exit 1
fi
if ! grep -q '^cargo install ' <<<"$steps"; then
    echo "install: the README's steps do not start with cargo install" >&2
    exit 1
fi

home=$(mktemp -d /tmp/netlab-install.XXXXXX)
trap 'rm -rf "$home"' EXIT

# The toolchain and the crate cache stay where they are; what cargo installs goes into the
# temporary HOME, where `cargo install` would put it for a user with that HOME.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export CARGO_INSTALL_ROOT="$home/.cargo"
export HOME="$home"
unset MANPATH
# A new user's PATH: cargo's bin folder, not ~/.local/bin (so man does not search
# ~/.local/share/man by itself: the steps must make it).
export PATH="$home/.cargo/bin:$PATH"

if [[ -n "$binary" ]]; then
    echo "install: cargo install replaced by a copy of $binary"
    mkdir -p "$home/.cargo/bin"
    cp "$binary" "$home/.cargo/bin/netlab"
    steps=$(grep -v '^cargo install ' <<<"$steps")
fi

echo "install: running the README's steps with HOME=$home"
(cd "$repo" && bash -euo pipefail -c "$steps")

# A new interactive shell, as a user opening a terminal gets one (stdin is not a terminal
# here: bash's job-control warning on stderr is expected and dropped).
fresh() {
    env -u MANPATH HOME="$home" PATH="$PATH" bash -ic "$1" 2>/dev/null
}

fail=0
page=$(fresh 'man -w netlab-kv-node') || true
if [[ "$page" == "$home/.local/share/man/man1/netlab-kv-node.1" ]]; then
    echo "install: ok: man -w netlab-kv-node -> $page"
else
    echo "install: FAIL: man -w netlab-kv-node gave '${page}'" >&2
    fail=1
fi
page=$(fresh 'man -L pt_BR -w netlab-kv-node') || true
if [[ "$page" == "$home/.local/share/man/pt/man1/netlab-kv-node.1" ]]; then
    echo "install: ok: man -L pt_BR -w netlab-kv-node -> $page"
else
    echo "install: FAIL: man -L pt_BR -w netlab-kv-node gave '${page}'" >&2
    fail=1
fi
completion=$(fresh 'complete -p netlab') || true
if [[ "$completion" == *"-F _netlab"* ]]; then
    echo "install: ok: complete -p netlab -> $completion"
else
    echo "install: FAIL: complete -p netlab gave '${completion}'" >&2
    fail=1
fi
# A login shell (a new tmux window, macOS Terminal) reads ~/.profile, not ~/.bashrc: the steps
# make it read ~/.bashrc too.
login() {
    env -u MANPATH HOME="$home" PATH="$PATH" bash -lic "$1" 2>/dev/null
}
completion=$(login 'complete -p netlab') || true
page=$(login 'man -w netlab-kv-node') || true
if [[ "$completion" == *"-F _netlab"* && "$page" == "$home/.local/share/man/man1/netlab-kv-node.1" ]]; then
    echo "install: ok: a login shell has the completion and the man pages"
else
    echo "install: FAIL: a login shell gave '${completion}' and '${page}'" >&2
    fail=1
fi
# zsh (macOS's shell) reads neither file: the README's zsh block (the indented sh block after
# its **zsh** note), run the same way, gives a new interactive zsh the completion and the pages.
zsh_steps=$(awk '
    /^- \*\*zsh\*\*/        { armed = 1; next }
    armed && /^ *```sh/      { inside = 1; next }
    inside && /^ *```/       { exit }
    inside                   { sub(/^  /, ""); print }
' README.md)
if [[ -z "$zsh_steps" ]]; then
    echo "install: FAIL: no zsh steps found in README.md" >&2
    fail=1
elif ! command -v zsh >/dev/null 2>&1; then
    echo "install: SKIPPED: zsh is not installed; the README's zsh steps were not tried" >&2
else
    (cd "$repo" && bash -euo pipefail -c "$zsh_steps")
    said=$(env -u MANPATH HOME="$home" PATH="$PATH" zsh -ic \
        'print -r -- "${_comps[netlab]}"; man -w netlab-kv-node' 2>/dev/null) || true
    if [[ "$said" == $'_netlab\n'"$home/.local/share/man/man1/netlab-kv-node.1" ]]; then
        echo "install: ok: a new zsh has the completion (_netlab) and the man pages"
    else
        echo "install: FAIL: a new zsh gave '${said}'" >&2
        fail=1
    fi
fi
found=$(fresh 'command -v netlab') || true
if [[ "$found" == "$home/.cargo/bin/netlab" ]] && fresh 'netlab --version' >/dev/null; then
    echo "install: ok: netlab is $found"
else
    echo "install: FAIL: netlab on PATH is '${found}'" >&2
    fail=1
fi
exit "$fail"
