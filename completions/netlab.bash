# bash completion for netlab (rendered from its command-line definition by
# `netlab generate completions bash`). Load it with `source netlab.bash`, or let the
# bash-completion package load it from ~/.local/share/bash-completion/completions/netlab.

# The subcommands of a command path, in the order of `netlab --help`.
_netlab_subs() {
    case "$1" in
        "netlab") echo "msg kv chat mcast echo app check grade demo proxy help" ;;
        "netlab msg") echo "server emitter display help" ;;
        "netlab kv") echo "node client help" ;;
        "netlab chat") echo "server peer help" ;;
        "netlab mcast") echo "send recv help" ;;
        "netlab echo") echo "server client help" ;;
        "netlab app") echo "server client help" ;;
        "netlab grade") echo "init help" ;;
    esac
}

# Is $2 a subcommand of the command path $1?
_netlab_is_sub() {
    case "$1|$2" in
        "netlab|msg") return 0 ;;
        "netlab|kv") return 0 ;;
        "netlab|chat") return 0 ;;
        "netlab|mcast") return 0 ;;
        "netlab|echo") return 0 ;;
        "netlab|app") return 0 ;;
        "netlab|check") return 0 ;;
        "netlab|grade") return 0 ;;
        "netlab|demo") return 0 ;;
        "netlab|proxy") return 0 ;;
        "netlab|help") return 0 ;;
        "netlab msg|server") return 0 ;;
        "netlab msg|emitter") return 0 ;;
        "netlab msg|display") return 0 ;;
        "netlab msg|help") return 0 ;;
        "netlab kv|node") return 0 ;;
        "netlab kv|client") return 0 ;;
        "netlab kv|help") return 0 ;;
        "netlab chat|server") return 0 ;;
        "netlab chat|peer") return 0 ;;
        "netlab chat|help") return 0 ;;
        "netlab mcast|send") return 0 ;;
        "netlab mcast|recv") return 0 ;;
        "netlab mcast|help") return 0 ;;
        "netlab echo|server") return 0 ;;
        "netlab echo|client") return 0 ;;
        "netlab echo|help") return 0 ;;
        "netlab app|server") return 0 ;;
        "netlab app|client") return 0 ;;
        "netlab app|help") return 0 ;;
        "netlab grade|init") return 0 ;;
        "netlab grade|help") return 0 ;;
    esac
    return 1
}

# The options of a command path.
_netlab_opts() {
    case "$1" in
        "netlab") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab msg") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab msg server") echo "-p --port -b --bind --max-emitters --max-displays --queue --ack-timeout --hello-timeout --stall-timeout --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab msg emitter") echo "--id --to --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab msg display") echo "--id --owner --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab kv") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab kv node") echo "-b --bind --advertise --trim-values --dedup-window --answer-rate --max-db-size --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab kv client") echo "-b --bind --timeout --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab chat") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab chat server") echo "-p --port -b --bind --expire --addr-with-name --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab chat peer") echo "-s --server -l --listen -b --bind --keepalive --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab mcast") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab mcast send") echo "-u --user --ttl -g --group -p --port -i --iface --loop --no-loop --quit-word --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab mcast recv") echo "-g --group -p --port -i --iface --loop --no-loop --quit-word --show-sender --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab echo") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab echo server") echo "-p --port -b --bind --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab echo client") echo "-c --connections --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab app") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab app server") echo "-p --port -b --bind --data --max-data-size --max-content --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab app client") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab check") echo "--list --only --timeout --quick --strict --junit --json --key --exec --gradescope --rubric --say --say-file --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab grade") echo "--jobs --resume --budget --out --matrix --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab grade init") echo "--lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab demo") echo "--step --pace --color --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
        "netlab proxy") echo "--split --gap --coalesce --hold --delay --jitter --rate --close-after --reset-after --half-close-after --corrupt --only --drop --duplicate --reorder -i --iface --seed --peers --lang -v --verbose -q --quiet --trace --diagram --diagram-limit --ascii -h --help -V --version" ;;
    esac
}

# Does option $2 of command path $1 take the next word as its value?
_netlab_takes_value() {
    case "$1|$2" in
        "netlab|--lang") return 0 ;;
        "netlab|--diagram") return 0 ;;
        "netlab|--diagram-limit") return 0 ;;
        "netlab msg|--lang") return 0 ;;
        "netlab msg|--diagram") return 0 ;;
        "netlab msg|--diagram-limit") return 0 ;;
        "netlab msg server|-p"|"netlab msg server|--port") return 0 ;;
        "netlab msg server|-b"|"netlab msg server|--bind") return 0 ;;
        "netlab msg server|--max-emitters") return 0 ;;
        "netlab msg server|--max-displays") return 0 ;;
        "netlab msg server|--queue") return 0 ;;
        "netlab msg server|--ack-timeout") return 0 ;;
        "netlab msg server|--hello-timeout") return 0 ;;
        "netlab msg server|--stall-timeout") return 0 ;;
        "netlab msg server|--lang") return 0 ;;
        "netlab msg server|--diagram") return 0 ;;
        "netlab msg server|--diagram-limit") return 0 ;;
        "netlab msg emitter|--id") return 0 ;;
        "netlab msg emitter|--to") return 0 ;;
        "netlab msg emitter|--lang") return 0 ;;
        "netlab msg emitter|--diagram") return 0 ;;
        "netlab msg emitter|--diagram-limit") return 0 ;;
        "netlab msg display|--id") return 0 ;;
        "netlab msg display|--owner") return 0 ;;
        "netlab msg display|--lang") return 0 ;;
        "netlab msg display|--diagram") return 0 ;;
        "netlab msg display|--diagram-limit") return 0 ;;
        "netlab kv|--lang") return 0 ;;
        "netlab kv|--diagram") return 0 ;;
        "netlab kv|--diagram-limit") return 0 ;;
        "netlab kv node|-b"|"netlab kv node|--bind") return 0 ;;
        "netlab kv node|--advertise") return 0 ;;
        "netlab kv node|--dedup-window") return 0 ;;
        "netlab kv node|--answer-rate") return 0 ;;
        "netlab kv node|--max-db-size") return 0 ;;
        "netlab kv node|--lang") return 0 ;;
        "netlab kv node|--diagram") return 0 ;;
        "netlab kv node|--diagram-limit") return 0 ;;
        "netlab kv client|-b"|"netlab kv client|--bind") return 0 ;;
        "netlab kv client|--timeout") return 0 ;;
        "netlab kv client|--lang") return 0 ;;
        "netlab kv client|--diagram") return 0 ;;
        "netlab kv client|--diagram-limit") return 0 ;;
        "netlab chat|--lang") return 0 ;;
        "netlab chat|--diagram") return 0 ;;
        "netlab chat|--diagram-limit") return 0 ;;
        "netlab chat server|-p"|"netlab chat server|--port") return 0 ;;
        "netlab chat server|-b"|"netlab chat server|--bind") return 0 ;;
        "netlab chat server|--expire") return 0 ;;
        "netlab chat server|--lang") return 0 ;;
        "netlab chat server|--diagram") return 0 ;;
        "netlab chat server|--diagram-limit") return 0 ;;
        "netlab chat peer|-s"|"netlab chat peer|--server") return 0 ;;
        "netlab chat peer|-l"|"netlab chat peer|--listen") return 0 ;;
        "netlab chat peer|-b"|"netlab chat peer|--bind") return 0 ;;
        "netlab chat peer|--keepalive") return 0 ;;
        "netlab chat peer|--lang") return 0 ;;
        "netlab chat peer|--diagram") return 0 ;;
        "netlab chat peer|--diagram-limit") return 0 ;;
        "netlab mcast|--lang") return 0 ;;
        "netlab mcast|--diagram") return 0 ;;
        "netlab mcast|--diagram-limit") return 0 ;;
        "netlab mcast send|-u"|"netlab mcast send|--user") return 0 ;;
        "netlab mcast send|--ttl") return 0 ;;
        "netlab mcast send|-g"|"netlab mcast send|--group") return 0 ;;
        "netlab mcast send|-p"|"netlab mcast send|--port") return 0 ;;
        "netlab mcast send|-i"|"netlab mcast send|--iface") return 0 ;;
        "netlab mcast send|--quit-word") return 0 ;;
        "netlab mcast send|--lang") return 0 ;;
        "netlab mcast send|--diagram") return 0 ;;
        "netlab mcast send|--diagram-limit") return 0 ;;
        "netlab mcast recv|-g"|"netlab mcast recv|--group") return 0 ;;
        "netlab mcast recv|-p"|"netlab mcast recv|--port") return 0 ;;
        "netlab mcast recv|-i"|"netlab mcast recv|--iface") return 0 ;;
        "netlab mcast recv|--quit-word") return 0 ;;
        "netlab mcast recv|--lang") return 0 ;;
        "netlab mcast recv|--diagram") return 0 ;;
        "netlab mcast recv|--diagram-limit") return 0 ;;
        "netlab echo|--lang") return 0 ;;
        "netlab echo|--diagram") return 0 ;;
        "netlab echo|--diagram-limit") return 0 ;;
        "netlab echo server|-p"|"netlab echo server|--port") return 0 ;;
        "netlab echo server|-b"|"netlab echo server|--bind") return 0 ;;
        "netlab echo server|--lang") return 0 ;;
        "netlab echo server|--diagram") return 0 ;;
        "netlab echo server|--diagram-limit") return 0 ;;
        "netlab echo client|-c"|"netlab echo client|--connections") return 0 ;;
        "netlab echo client|--lang") return 0 ;;
        "netlab echo client|--diagram") return 0 ;;
        "netlab echo client|--diagram-limit") return 0 ;;
        "netlab app|--lang") return 0 ;;
        "netlab app|--diagram") return 0 ;;
        "netlab app|--diagram-limit") return 0 ;;
        "netlab app server|-p"|"netlab app server|--port") return 0 ;;
        "netlab app server|-b"|"netlab app server|--bind") return 0 ;;
        "netlab app server|--data") return 0 ;;
        "netlab app server|--max-data-size") return 0 ;;
        "netlab app server|--max-content") return 0 ;;
        "netlab app server|--lang") return 0 ;;
        "netlab app server|--diagram") return 0 ;;
        "netlab app server|--diagram-limit") return 0 ;;
        "netlab app client|--lang") return 0 ;;
        "netlab app client|--diagram") return 0 ;;
        "netlab app client|--diagram-limit") return 0 ;;
        "netlab check|--only") return 0 ;;
        "netlab check|--timeout") return 0 ;;
        "netlab check|--junit") return 0 ;;
        "netlab check|--key") return 0 ;;
        "netlab check|--exec") return 0 ;;
        "netlab check|--gradescope") return 0 ;;
        "netlab check|--rubric") return 0 ;;
        "netlab check|--say") return 0 ;;
        "netlab check|--say-file") return 0 ;;
        "netlab check|--lang") return 0 ;;
        "netlab check|--diagram") return 0 ;;
        "netlab check|--diagram-limit") return 0 ;;
        "netlab grade|--jobs") return 0 ;;
        "netlab grade|--resume") return 0 ;;
        "netlab grade|--budget") return 0 ;;
        "netlab grade|--out") return 0 ;;
        "netlab grade|--lang") return 0 ;;
        "netlab grade|--diagram") return 0 ;;
        "netlab grade|--diagram-limit") return 0 ;;
        "netlab grade init|--lang") return 0 ;;
        "netlab grade init|--diagram") return 0 ;;
        "netlab grade init|--diagram-limit") return 0 ;;
        "netlab demo|--pace") return 0 ;;
        "netlab demo|--color") return 0 ;;
        "netlab demo|--lang") return 0 ;;
        "netlab demo|--diagram") return 0 ;;
        "netlab demo|--diagram-limit") return 0 ;;
        "netlab proxy|--split") return 0 ;;
        "netlab proxy|--gap") return 0 ;;
        "netlab proxy|--coalesce") return 0 ;;
        "netlab proxy|--hold") return 0 ;;
        "netlab proxy|--delay") return 0 ;;
        "netlab proxy|--jitter") return 0 ;;
        "netlab proxy|--rate") return 0 ;;
        "netlab proxy|--close-after") return 0 ;;
        "netlab proxy|--reset-after") return 0 ;;
        "netlab proxy|--half-close-after") return 0 ;;
        "netlab proxy|--corrupt") return 0 ;;
        "netlab proxy|--only") return 0 ;;
        "netlab proxy|--drop") return 0 ;;
        "netlab proxy|--duplicate") return 0 ;;
        "netlab proxy|--reorder") return 0 ;;
        "netlab proxy|-i"|"netlab proxy|--iface") return 0 ;;
        "netlab proxy|--seed") return 0 ;;
        "netlab proxy|--lang") return 0 ;;
        "netlab proxy|--diagram") return 0 ;;
        "netlab proxy|--diagram-limit") return 0 ;;
    esac
    return 1
}

# What the value of option $2 of command path $1 is completed with.
_netlab_option_offer() {
    case "$1|$2" in
        "netlab|--lang") echo "words en pt" ;;
        "netlab|--trace") echo "words frames hex" ;;
        "netlab|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab|--diagram-limit") echo "nothing" ;;
        "netlab msg|--lang") echo "words en pt" ;;
        "netlab msg|--trace") echo "words frames hex" ;;
        "netlab msg|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab msg|--diagram-limit") echo "nothing" ;;
        "netlab msg server|-p"|"netlab msg server|--port") echo "nothing" ;;
        "netlab msg server|-b"|"netlab msg server|--bind") echo "hosts" ;;
        "netlab msg server|--max-emitters") echo "nothing" ;;
        "netlab msg server|--max-displays") echo "nothing" ;;
        "netlab msg server|--queue") echo "nothing" ;;
        "netlab msg server|--ack-timeout") echo "nothing" ;;
        "netlab msg server|--hello-timeout") echo "nothing" ;;
        "netlab msg server|--stall-timeout") echo "nothing" ;;
        "netlab msg server|--lang") echo "words en pt" ;;
        "netlab msg server|--trace") echo "words frames hex" ;;
        "netlab msg server|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab msg server|--diagram-limit") echo "nothing" ;;
        "netlab msg emitter|--id") echo "nothing" ;;
        "netlab msg emitter|--to") echo "nothing" ;;
        "netlab msg emitter|--lang") echo "words en pt" ;;
        "netlab msg emitter|--trace") echo "words frames hex" ;;
        "netlab msg emitter|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab msg emitter|--diagram-limit") echo "nothing" ;;
        "netlab msg display|--id") echo "nothing" ;;
        "netlab msg display|--owner") echo "nothing" ;;
        "netlab msg display|--lang") echo "words en pt" ;;
        "netlab msg display|--trace") echo "words frames hex" ;;
        "netlab msg display|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab msg display|--diagram-limit") echo "nothing" ;;
        "netlab kv|--lang") echo "words en pt" ;;
        "netlab kv|--trace") echo "words frames hex" ;;
        "netlab kv|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab kv|--diagram-limit") echo "nothing" ;;
        "netlab kv node|-b"|"netlab kv node|--bind") echo "hosts" ;;
        "netlab kv node|--advertise") echo "nothing" ;;
        "netlab kv node|--dedup-window") echo "nothing" ;;
        "netlab kv node|--answer-rate") echo "nothing" ;;
        "netlab kv node|--max-db-size") echo "nothing" ;;
        "netlab kv node|--lang") echo "words en pt" ;;
        "netlab kv node|--trace") echo "words frames hex" ;;
        "netlab kv node|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab kv node|--diagram-limit") echo "nothing" ;;
        "netlab kv client|-b"|"netlab kv client|--bind") echo "hosts" ;;
        "netlab kv client|--timeout") echo "nothing" ;;
        "netlab kv client|--lang") echo "words en pt" ;;
        "netlab kv client|--trace") echo "words frames hex" ;;
        "netlab kv client|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab kv client|--diagram-limit") echo "nothing" ;;
        "netlab chat|--lang") echo "words en pt" ;;
        "netlab chat|--trace") echo "words frames hex" ;;
        "netlab chat|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab chat|--diagram-limit") echo "nothing" ;;
        "netlab chat server|-p"|"netlab chat server|--port") echo "nothing" ;;
        "netlab chat server|-b"|"netlab chat server|--bind") echo "hosts" ;;
        "netlab chat server|--expire") echo "nothing" ;;
        "netlab chat server|--lang") echo "words en pt" ;;
        "netlab chat server|--trace") echo "words frames hex" ;;
        "netlab chat server|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab chat server|--diagram-limit") echo "nothing" ;;
        "netlab chat peer|-s"|"netlab chat peer|--server") echo "hosts" ;;
        "netlab chat peer|-l"|"netlab chat peer|--listen") echo "nothing" ;;
        "netlab chat peer|-b"|"netlab chat peer|--bind") echo "hosts" ;;
        "netlab chat peer|--keepalive") echo "nothing" ;;
        "netlab chat peer|--lang") echo "words en pt" ;;
        "netlab chat peer|--trace") echo "words frames hex" ;;
        "netlab chat peer|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab chat peer|--diagram-limit") echo "nothing" ;;
        "netlab mcast|--lang") echo "words en pt" ;;
        "netlab mcast|--trace") echo "words frames hex" ;;
        "netlab mcast|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab mcast|--diagram-limit") echo "nothing" ;;
        "netlab mcast send|-u"|"netlab mcast send|--user") echo "nothing" ;;
        "netlab mcast send|--ttl") echo "nothing" ;;
        "netlab mcast send|-g"|"netlab mcast send|--group") echo "nothing" ;;
        "netlab mcast send|-p"|"netlab mcast send|--port") echo "nothing" ;;
        "netlab mcast send|-i"|"netlab mcast send|--iface") echo "nothing" ;;
        "netlab mcast send|--quit-word") echo "nothing" ;;
        "netlab mcast send|--lang") echo "words en pt" ;;
        "netlab mcast send|--trace") echo "words frames hex" ;;
        "netlab mcast send|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab mcast send|--diagram-limit") echo "nothing" ;;
        "netlab mcast recv|-g"|"netlab mcast recv|--group") echo "nothing" ;;
        "netlab mcast recv|-p"|"netlab mcast recv|--port") echo "nothing" ;;
        "netlab mcast recv|-i"|"netlab mcast recv|--iface") echo "nothing" ;;
        "netlab mcast recv|--quit-word") echo "nothing" ;;
        "netlab mcast recv|--lang") echo "words en pt" ;;
        "netlab mcast recv|--trace") echo "words frames hex" ;;
        "netlab mcast recv|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab mcast recv|--diagram-limit") echo "nothing" ;;
        "netlab echo|--lang") echo "words en pt" ;;
        "netlab echo|--trace") echo "words frames hex" ;;
        "netlab echo|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab echo|--diagram-limit") echo "nothing" ;;
        "netlab echo server|-p"|"netlab echo server|--port") echo "nothing" ;;
        "netlab echo server|-b"|"netlab echo server|--bind") echo "hosts" ;;
        "netlab echo server|--lang") echo "words en pt" ;;
        "netlab echo server|--trace") echo "words frames hex" ;;
        "netlab echo server|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab echo server|--diagram-limit") echo "nothing" ;;
        "netlab echo client|-c"|"netlab echo client|--connections") echo "nothing" ;;
        "netlab echo client|--lang") echo "words en pt" ;;
        "netlab echo client|--trace") echo "words frames hex" ;;
        "netlab echo client|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab echo client|--diagram-limit") echo "nothing" ;;
        "netlab app|--lang") echo "words en pt" ;;
        "netlab app|--trace") echo "words frames hex" ;;
        "netlab app|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab app|--diagram-limit") echo "nothing" ;;
        "netlab app server|-p"|"netlab app server|--port") echo "nothing" ;;
        "netlab app server|-b"|"netlab app server|--bind") echo "hosts" ;;
        "netlab app server|--data") echo "files" ;;
        "netlab app server|--max-data-size") echo "nothing" ;;
        "netlab app server|--max-content") echo "nothing" ;;
        "netlab app server|--lang") echo "words en pt" ;;
        "netlab app server|--trace") echo "words frames hex" ;;
        "netlab app server|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab app server|--diagram-limit") echo "nothing" ;;
        "netlab app client|--lang") echo "words en pt" ;;
        "netlab app client|--trace") echo "words frames hex" ;;
        "netlab app client|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab app client|--diagram-limit") echo "nothing" ;;
        "netlab check|--only") echo "nothing" ;;
        "netlab check|--timeout") echo "nothing" ;;
        "netlab check|--junit") echo "files" ;;
        "netlab check|--key") echo "nothing" ;;
        "netlab check|--exec") echo "nothing" ;;
        "netlab check|--gradescope") echo "files" ;;
        "netlab check|--rubric") echo "files" ;;
        "netlab check|--say") echo "nothing" ;;
        "netlab check|--say-file") echo "files" ;;
        "netlab check|--lang") echo "words en pt" ;;
        "netlab check|--trace") echo "words frames hex" ;;
        "netlab check|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab check|--diagram-limit") echo "nothing" ;;
        "netlab grade|--jobs") echo "nothing" ;;
        "netlab grade|--resume") echo "files" ;;
        "netlab grade|--budget") echo "nothing" ;;
        "netlab grade|--out") echo "dirs" ;;
        "netlab grade|--lang") echo "words en pt" ;;
        "netlab grade|--trace") echo "words frames hex" ;;
        "netlab grade|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab grade|--diagram-limit") echo "nothing" ;;
        "netlab grade init|--lang") echo "words en pt" ;;
        "netlab grade init|--trace") echo "words frames hex" ;;
        "netlab grade init|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab grade init|--diagram-limit") echo "nothing" ;;
        "netlab demo|--pace") echo "nothing" ;;
        "netlab demo|--color") echo "words auto always never" ;;
        "netlab demo|--lang") echo "words en pt" ;;
        "netlab demo|--trace") echo "words frames hex" ;;
        "netlab demo|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab demo|--diagram-limit") echo "nothing" ;;
        "netlab proxy|--split") echo "nothing" ;;
        "netlab proxy|--gap") echo "nothing" ;;
        "netlab proxy|--coalesce") echo "nothing" ;;
        "netlab proxy|--hold") echo "nothing" ;;
        "netlab proxy|--delay") echo "nothing" ;;
        "netlab proxy|--jitter") echo "nothing" ;;
        "netlab proxy|--rate") echo "nothing" ;;
        "netlab proxy|--close-after") echo "nothing" ;;
        "netlab proxy|--reset-after") echo "nothing" ;;
        "netlab proxy|--half-close-after") echo "nothing" ;;
        "netlab proxy|--corrupt") echo "nothing" ;;
        "netlab proxy|--only") echo "words to-server to-client" ;;
        "netlab proxy|--drop") echo "nothing" ;;
        "netlab proxy|--duplicate") echo "nothing" ;;
        "netlab proxy|--reorder") echo "nothing" ;;
        "netlab proxy|-i"|"netlab proxy|--iface") echo "nothing" ;;
        "netlab proxy|--seed") echo "nothing" ;;
        "netlab proxy|--lang") echo "words en pt" ;;
        "netlab proxy|--trace") echo "words frames hex" ;;
        "netlab proxy|--diagram") echo "words mermaid plantuml ladder" ;;
        "netlab proxy|--diagram-limit") echo "nothing" ;;
        *) echo nothing ;;
    esac
}

# What positional argument number $2 (from 0) of command path $1 is completed with.
_netlab_positional_offer() {
    case "$1|$2" in
        "netlab msg server|0") echo "nothing" ;;
        "netlab msg emitter|0") echo "hosts" ;;
        "netlab msg display|0") echo "hosts" ;;
        "netlab kv node|0") echo "nothing" ;;
        "netlab kv node|1") echo "files" ;;
        "netlab kv node|"*) echo "hosts" ;;
        "netlab kv client|0") echo "nothing" ;;
        "netlab kv client|1") echo "hosts" ;;
        "netlab chat server|0") echo "nothing" ;;
        "netlab chat peer|0") echo "nothing" ;;
        "netlab chat peer|1") echo "hosts" ;;
        "netlab echo server|0") echo "nothing" ;;
        "netlab echo client|"*) echo "nothing" ;;
        "netlab app server|0") echo "nothing" ;;
        "netlab app client|"*) echo "nothing" ;;
        "netlab check|0") echo "words msg kv chat chat-peer app echo msg-display msg-emitter kv-client chat-client app-client echo-client mcast-send mcast-recv" ;;
        "netlab check|1") echo "nothing" ;;
        "netlab check|"*) echo "nothing" ;;
        "netlab grade|0") echo "files" ;;
        "netlab grade|"*) echo "dirs" ;;
        "netlab grade init|0") echo "words msg kv chat chat-peer app echo msg-display msg-emitter kv-client chat-client app-client echo-client mcast-send mcast-recv" ;;
        "netlab demo|0") echo "words msg kv chat mcast echo app" ;;
        "netlab proxy|0") echo "words msg kv chat app echo mcast" ;;
        "netlab proxy|1") echo "nothing" ;;
        "netlab proxy|2") echo "hosts" ;;
        *) echo nothing ;;
    esac
}

# Fill COMPREPLY for the word $2 with an offer: files, dirs, hosts, nothing, or words A B….
_netlab_offer() {
    local offer="$1" cur="$2"
    case "$offer" in
        files)
            compopt -o filenames 2>/dev/null
            COMPREPLY=( $(compgen -f -- "$cur") ) ;;
        dirs)
            compopt -o filenames 2>/dev/null
            COMPREPLY=( $(compgen -d -- "$cur") ) ;;
        hosts) COMPREPLY=( $(compgen -A hostname -- "$cur") ) ;;
        words\ *) COMPREPLY=( $(compgen -W "${offer#words }" -- "$cur") ) ;;
        *) COMPREPLY=() ;;
    esac
}

_netlab() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" path="netlab" npos=0 skip=0 i w
    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
    COMPREPLY=()
    for (( i = 1; i < COMP_CWORD; i++ )); do
        w="${COMP_WORDS[i]}"
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
        _netlab_offer "$(_netlab_option_offer "$path" "${COMP_WORDS[COMP_CWORD-2]}")" "$cur"
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
}

# Subcommands before options, as listed (bash 4.4 and later keep the order).
complete -o nosort -F _netlab netlab 2>/dev/null || complete -F _netlab netlab
