# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_netlab_global_optspecs
    string join \n lang= v/verbose q/quiet trace= diagram= diagram-limit= ascii h/help V/version
end

function __fish_netlab_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_netlab_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_netlab_using_subcommand
    set -l cmd (__fish_netlab_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c netlab -n "__fish_netlab_needs_command" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_needs_command" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_needs_command" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_needs_command" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_needs_command" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_needs_command" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_needs_command" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_needs_command" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "msg" -d 'Binary message relay: a server, emitters that send, displays that print'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "kv" -d 'Peer-to-peer key-value store with TTL-limited flooding'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "chat" -d 'Text-line P2P chat with a directory server'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "mcast" -d 'UDP multicast chat with JSON datagrams'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "echo" -d 'The socket tutorial\'s echo client and server'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "app" -d 'The socket tutorial\'s JSON-header request/response application'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "check" -d 'Check a server (or a chat peer) against the spec: numbered cases, a reason for every failure, and a hint when the bytes match a known mistake'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "grade" -d 'Grade a class: every submission\'s roles checked against a rubric, with points, Gradescope results and a class report'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "demo" -d 'Narrated classroom scenarios on loopback (all of them without an argument)'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "proxy" -d 'Watch two programs talk: forward connections, print every frame decoded, and misbehave on purpose when asked (split, coalesce, delay, corrupt, close)'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "generate" -d 'Write shell completions or man pages (used to refresh completions/ and man/)'
complete -c netlab -n "__fish_netlab_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -f -a "server" -d 'Relay messages from emitters to displays'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -f -a "emitter" -d 'Send stdin lines as messages (ids 1 to 999)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -f -a "display" -d 'Print the messages relayed to it (ids 1000 to 1999)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and not __fish_seen_subcommand_from server emitter display help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -s p -l port -d 'TCP port to listen on (0: the OS picks)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -s b -l bind -d 'Address to bind (an IP, or a name such as localhost)' -r -f -a "(__fish_print_hostnames)"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l max-emitters -d 'Most emitters registered at once (0 to 999)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l max-displays -d 'Most displays registered at once (0 to 1000)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l queue -d 'Messages waiting per display; when its queue is full, the emitters feeding it wait' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l ack-timeout -d 'How long a display may leave a message unacknowledged (e.g. 2s, 500ms)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l hello-timeout -d 'How long a new connection has to complete its OI' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l stall-timeout -d 'How long a display that holds emitters back may take no data before it is dropped' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from server" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -l id -d 'Id to register (1 to 999); without it the lowest free one is found' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -l to -d 'Default destination of plain lines: a display id, or 0 for every display' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from emitter" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -l id -d 'Id to register (1000 to 1999); without it the lowest free one from 1001 (1000 has no owner)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -l owner -d 'The emitter allowed to stop this display (1 to 999) [default: own id minus 1000]' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from display" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from help" -f -a "server" -d 'Relay messages from emitters to displays'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from help" -f -a "emitter" -d 'Send stdin lines as messages (ids 1 to 999)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from help" -f -a "display" -d 'Print the messages relayed to it (ids 1000 to 1999)'
complete -c netlab -n "__fish_netlab_using_subcommand msg; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -f -a "node" -d 'A servent: holds a database, answers clients, floods requests to its neighbours'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -f -a "client" -d 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and not __fish_seen_subcommand_from node client help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -s b -l bind -d 'Address to bind; outgoing connections also leave from it' -r -f -a "(__fish_print_hostnames)"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l advertise -d 'IP to give as this node\'s address in topology answers' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l dedup-window -d 'How long a flood is remembered, its later copies dropped (e.g. 10s, 1500ms)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l answer-rate -d 'Most answer connections opened to one client address per second (0: no cap)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l max-db-size -d 'Largest database file loaded (e.g. 1GiB, 200MiB); a larger one is an error' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l trim-values -d 'Start each value at its first non-blank character (the assignment\'s rule) instead of after the one blank that ends the key'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from node" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -s b -l bind -d 'Address to receive answers on; the connection to the node also leaves from it [default: the address that reaches the node; 0.0.0.0: every interface]' -r -f -a "(__fish_print_hostnames)"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -l timeout -d 'Quiet time that ends the collection of answers (e.g. 4s, 1500ms)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from client" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from help" -f -a "node" -d 'A servent: holds a database, answers clients, floods requests to its neighbours'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from help" -f -a "client" -d 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits'
complete -c netlab -n "__fish_netlab_using_subcommand kv; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -f -a "server" -d 'The directory: who is online and where they listen'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -f -a "peer" -d 'Register with the directory and chat with other peers directly'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and not __fish_seen_subcommand_from server peer help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -s p -l port -d 'TCP port to listen on (0: the OS picks)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -s b -l bind -d 'Address to bind (an IP, or a name such as localhost)' -r -f -a "(__fish_print_hostnames)"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -l expire -d 'Silence after which a user is cut off (e.g. 15s)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -l addr-with-name -d 'Answer ADDR as `ADDR name:ip:port` (the later edition of the assignment)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from server" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -s s -l server -d 'The same as the HOST:PORT argument (the older spelling)' -r -f -a "(__fish_print_hostnames)"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -s l -l listen -d 'TCP port to accept conversations on (0: the OS picks)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -s b -l bind -d 'Address to bind for conversations' -r -f -a "(__fish_print_hostnames)"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -l keepalive -d 'Interval between keepalives to the server' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from peer" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from help" -f -a "server" -d 'The directory: who is online and where they listen'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from help" -f -a "peer" -d 'Register with the directory and chat with other peers directly'
complete -c netlab -n "__fish_netlab_using_subcommand chat; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -f -a "send" -d 'Send stdin lines to the group as JSON datagrams'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -f -a "recv" -d 'Join the group and print every message'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and not __fish_seen_subcommand_from send recv help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -s u -l user -d 'Name carried in every message (not empty)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l ttl -d 'Multicast TTL (hops, 0 to 255; 0 stays on this host, 1 on the local network)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -s g -l group -d 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -s p -l port -d 'UDP port' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -s i -l iface -d 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system\'s choice]' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l quit-word -d 'The line that ends the chat' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l loop -d 'Receive our own datagrams on this host (the default)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l no-loop -d 'Do not receive our own datagrams on this host'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from send" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -s g -l group -d 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -s p -l port -d 'UDP port' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -s i -l iface -d 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system\'s choice]' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l quit-word -d 'The line that ends the chat' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l loop -d 'Receive our own datagrams on this host (the default)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l no-loop -d 'Do not receive our own datagrams on this host'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l show-sender -d 'Print each message with its sender\'s address first: `[IP:PORT] NAME: TEXT`'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from recv" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from help" -f -a "send" -d 'Send stdin lines to the group as JSON datagrams'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from help" -f -a "recv" -d 'Join the group and print every message'
complete -c netlab -n "__fish_netlab_using_subcommand mcast; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -f -a "server" -d 'Echo every byte back until the client closes; many clients at once'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -f -a "client" -d 'Send messages on one or more connections and check the echo'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and not __fish_seen_subcommand_from server client help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -s p -l port -d 'TCP port to listen on (0: the OS picks)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -s b -l bind -d 'Address to bind (an IP, or a name such as localhost)' -r -f -a "(__fish_print_hostnames)"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from server" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -s c -l connections -d 'Connections to open at once' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from client" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from help" -f -a "server" -d 'Echo every byte back until the client closes; many clients at once'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from help" -f -a "client" -d 'Send messages on one or more connections and check the echo'
complete -c netlab -n "__fish_netlab_using_subcommand echo; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -f -a "server" -d 'Answer JSON-header requests: search a table, or describe a binary request'
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -f -a "client" -d 'Send one request and print the response'
complete -c netlab -n "__fish_netlab_using_subcommand app; and not __fish_seen_subcommand_from server client help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -s p -l port -d 'TCP port to listen on (0: the OS picks)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -s b -l bind -d 'Address to bind (an IP, or a name such as localhost)' -r -f -a "(__fish_print_hostnames)"
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -l data -d 'Searchable entries, in the kv database format [default: the tutorial\'s built-in set]' -r -F
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -l max-data-size -d 'Largest --data file loaded (e.g. 1GiB, 200MiB); a larger one is an error' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -l max-content -d 'The largest content a request may announce (bytes, or with KiB or MiB; at most 16 MiB); a request over it is refused on its header' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from server" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from client" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "server" -d 'Answer JSON-header requests: search a table, or describe a binary request'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "client" -d 'Send one request and print the response'
complete -c netlab -n "__fish_netlab_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand check" -l only -d 'Run only these cases: an id (kv.flood.3) or a prefix (kv.flood), comma-separated or repeated' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand check" -l timeout -d 'How long any one expected answer may take, however slowly its bytes come (e.g. 2s, 500ms)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand check" -l junit -d 'Also write the results as JUnit XML to FILE (for CI and GitHub Classroom)' -r -F
complete -c netlab -n "__fish_netlab_using_subcommand check" -l key -d 'kv: a key the node holds (its value is learned from the answer)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand check" -l exec -d 'Start the server under test with this command (no HOST:PORT then): `{port}` is a free port; it is started again between cases if it died, and stopped with its process group at the end (e.g. "python3 server.py {port}")' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand check" -l gradescope -d 'Also write Gradescope\'s results.json to FILE (points from --rubric, else 1 per case)' -r -F
complete -c netlab -n "__fish_netlab_using_subcommand check" -l rubric -d 'The points of the cases (a `netlab grade` rubric, TOML or JSON): the `Points N/M` line, --junit and --gradescope carry them' -r -F
complete -c netlab -n "__fish_netlab_using_subcommand check" -l say -d 'A client check: what to type for ACTION (broadcast, unicast, qem, stop-display, list, chat, bye, quit), `{text}`, `{dest}`, `{name}` filled in; repeated [default: netlab\'s own commands, e.g. quit=/quit]' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand check" -l say-file -d 'A client check: a file of ACTION=TEMPLATE lines (`#` comments); --say wins over it' -r -F
complete -c netlab -n "__fish_netlab_using_subcommand check" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand check" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand check" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand check" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand check" -l list -d 'List the cases (numbered by spec section) without running them, and the longest a run of them can take'
complete -c netlab -n "__fish_netlab_using_subcommand check" -l quick -d 'Skip the cases that need long waits (the 15 s keepalive expiry, the 10 s OI deadline)'
complete -c netlab -n "__fish_netlab_using_subcommand check" -l strict -d 'Also run the strict cases (exact texts and timestamps, extensions)'
complete -c netlab -n "__fish_netlab_using_subcommand check" -l json -d 'One JSON object per case on stdout instead of text'
complete -c netlab -n "__fish_netlab_using_subcommand check" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand check" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand check" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand check" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l jobs -d 'Grade this many submissions at once (each on ports of its own)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l resume -d 'Skip the submissions already graded in this file (an earlier run\'s results.json)' -r -F
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l budget -d 'The longest one role of one submission may take: TIME for every role, or ROLE=TIME (repeated) [default: the check\'s ceiling for the server, 5m for a client role]' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l out -d 'Where the results and reports go' -r -f -a "(__fish_complete_directories)"
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l matrix -d 'Also run every submission\'s clients against every submission\'s server and netlab\'s, the protocol\'s classroom scenario through netlab\'s proxy (msg, echo, app, kv, chat)'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -a "init" -d 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and not __fish_seen_subcommand_from init help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout'
complete -c netlab -n "__fish_netlab_using_subcommand grade; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand demo" -l pace -d 'Wait this many seconds before each step (e.g. 2, 1.5, 500ms)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand demo" -l color -d 'Colour each role\'s lines: on a terminal only (auto; NO_COLOR turns it off), always, or never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set (to anything but an empty string)'
always\t'Always, even on a pipe and with NO_COLOR set'
never\t'Never'"
complete -c netlab -n "__fish_netlab_using_subcommand demo" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand demo" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand demo" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand demo" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand demo" -l step -d 'Show each step\'s narration, then wait for Enter before playing it (one line of input per step; at end of input the demo runs on without waiting; Ctrl-C stops it, status 0)'
complete -c netlab -n "__fish_netlab_using_subcommand demo" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand demo" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand demo" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand demo" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l split -d 'Write each frame N bytes at a time, or cut at its fields (`field`: after msg\'s header and length, 14+2+8; inside a bare header; around kv\'s data; app\'s length and header; a chat line inside its text and between CR and LF)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l gap -d 'The pause between the pieces of a split frame (--split) [default: 20ms]' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l coalesce -d 'Hold up to N frames and deliver them in one write' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l hold -d 'How long --coalesce waits for more frames before sending what it holds (mcast: how long --reorder holds a datagram back when no next one comes) [default: 100ms]' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l delay -d 'Deliver every frame this much later (order is kept, as TCP keeps it)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l jitter -d 'Add a random delay from 0 up to TIME to every frame (order is kept)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l rate -d 'Deliver at most BYTES per second' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l close-after -d 'Close both sides once N frames went one way' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l reset-after -d 'Reset (RST) both sides once N frames went one way' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l half-close-after -d 'End the stream toward the receiver once N frames went its way (the other way goes on)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l corrupt -d 'Set a field of the Nth frame to VALUE (`type=9@3`; names as the protocol reference has them: msg type orig dest seq timestamp length count, kv type port nseq size ttl ip, app length)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l only -d 'Apply the impairments to one direction only' -r -f -a "to-server\t'What the client sends'
to-client\t'What the server sends'"
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l drop -d 'mcast: drop each datagram with probability P (0 to 1, or a percentage: 10%)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l duplicate -d 'mcast: send each datagram twice with probability P' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l reorder -d 'mcast: hold each datagram back with probability P and deliver it after the next one (alone after --hold if no next one comes)' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -s i -l iface -d 'mcast: the interface every socket is pinned to (its IPv4 address or name) [default: 127.0.0.1]' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l seed -d 'Seed of the random choices (--jitter, --drop, --duplicate, --reorder), to repeat a run exactly' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l peers -d 'chat: carry the peers\' calls too: each peer address in the directory\'s ADDR answers is rewritten to a listener of the proxy that forwards to the peer, so conversations are decoded and impaired (at most 64 such listeners; kv answers are always carried)'
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand proxy" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -f -a "completions" -d 'Print the completion script for SHELL on stdout'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -f -a "man" -d 'Write netlab.1 and one page per subcommand into DIR'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -f -a "wireshark" -d 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and not __fish_seen_subcommand_from completions man wireshark help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from completions" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from man" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -l lang -d 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]' -r -f -a "en\t''
pt\t''"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -l trace -d 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes' -r -f -a "frames\t'One decoded line per frame'
hex\t'The decoded line, a relative timestamp and a hex dump'"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -l diagram -d 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role\'s traced frames (its own stdout lines then go to stderr), the proxy\'s connections (at Ctrl-C), the demo\'s roles; for `check`, the format of each failing case\'s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)' -r -f -a "mermaid\t'Mermaid `sequenceDiagram` text (a Markdown block of kind mermaid renders it)'
plantuml\t'PlantUML text (@startuml … @enduml)'
ladder\t'A ladder drawn on the terminal, wrapped to its width'"
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -l diagram-limit -d 'Draw at most N frames, then a note saying how many were left out' -r -f
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -s v -l verbose -d 'Log more: every connection and routing decision (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -s q -l quiet -d 'Log only errors (stderr)'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -l ascii -d 'Draw the ladder in plain ASCII rather than box-drawing characters'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from wireshark" -s V -l version -d 'Print version'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "completions" -d 'Print the completion script for SHELL on stdout'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "man" -d 'Write netlab.1 and one page per subcommand into DIR'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "wireshark" -d 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR'
complete -c netlab -n "__fish_netlab_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "msg" -d 'Binary message relay: a server, emitters that send, displays that print'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "kv" -d 'Peer-to-peer key-value store with TTL-limited flooding'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "chat" -d 'Text-line P2P chat with a directory server'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "mcast" -d 'UDP multicast chat with JSON datagrams'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "echo" -d 'The socket tutorial\'s echo client and server'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "app" -d 'The socket tutorial\'s JSON-header request/response application'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "check" -d 'Check a server (or a chat peer) against the spec: numbered cases, a reason for every failure, and a hint when the bytes match a known mistake'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "grade" -d 'Grade a class: every submission\'s roles checked against a rubric, with points, Gradescope results and a class report'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "demo" -d 'Narrated classroom scenarios on loopback (all of them without an argument)'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "proxy" -d 'Watch two programs talk: forward connections, print every frame decoded, and misbehave on purpose when asked (split, coalesce, delay, corrupt, close)'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "generate" -d 'Write shell completions or man pages (used to refresh completions/ and man/)'
complete -c netlab -n "__fish_netlab_using_subcommand help; and not __fish_seen_subcommand_from msg kv chat mcast echo app check grade demo proxy generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from msg" -f -a "server" -d 'Relay messages from emitters to displays'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from msg" -f -a "emitter" -d 'Send stdin lines as messages (ids 1 to 999)'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from msg" -f -a "display" -d 'Print the messages relayed to it (ids 1000 to 1999)'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from kv" -f -a "node" -d 'A servent: holds a database, answers clients, floods requests to its neighbours'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from kv" -f -a "client" -d 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from chat" -f -a "server" -d 'The directory: who is online and where they listen'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from chat" -f -a "peer" -d 'Register with the directory and chat with other peers directly'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from mcast" -f -a "send" -d 'Send stdin lines to the group as JSON datagrams'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from mcast" -f -a "recv" -d 'Join the group and print every message'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from echo" -f -a "server" -d 'Echo every byte back until the client closes; many clients at once'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from echo" -f -a "client" -d 'Send messages on one or more connections and check the echo'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from app" -f -a "server" -d 'Answer JSON-header requests: search a table, or describe a binary request'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from app" -f -a "client" -d 'Send one request and print the response'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from grade" -f -a "init" -d 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "completions" -d 'Print the completion script for SHELL on stdout'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "man" -d 'Write netlab.1 and one page per subcommand into DIR'
complete -c netlab -n "__fish_netlab_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "wireshark" -d 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR'
