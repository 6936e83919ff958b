
use builtin;
use str;

set edit:completion:arg-completer[netlab] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'netlab'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'netlab'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand msg 'Binary message relay: a server, emitters that send, displays that print'
            cand kv 'Peer-to-peer key-value store with TTL-limited flooding'
            cand chat 'Text-line P2P chat with a directory server'
            cand mcast 'UDP multicast chat with JSON datagrams'
            cand echo 'The socket tutorial''s echo client and server'
            cand app 'The socket tutorial''s JSON-header request/response application'
            cand check 'Check a server (or a chat peer) against the spec: numbered cases, a reason for every failure, and a hint when the bytes match a known mistake'
            cand grade 'Grade a class: every submission''s roles checked against a rubric, with points, Gradescope results and a class report'
            cand demo 'Narrated classroom scenarios on loopback (all of them without an argument)'
            cand proxy 'Watch two programs talk: forward connections, print every frame decoded, and misbehave on purpose when asked (split, coalesce, delay, corrupt, close)'
            cand generate 'Write shell completions or man pages (used to refresh completions/ and man/)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;msg'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand server 'Relay messages from emitters to displays'
            cand emitter 'Send stdin lines as messages (ids 1 to 999)'
            cand display 'Print the messages relayed to it (ids 1000 to 1999)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;msg;server'= {
            cand -p 'TCP port to listen on (0: the OS picks)'
            cand --port 'TCP port to listen on (0: the OS picks)'
            cand -b 'Address to bind (an IP, or a name such as localhost)'
            cand --bind 'Address to bind (an IP, or a name such as localhost)'
            cand --max-emitters 'Most emitters registered at once (0 to 999)'
            cand --max-displays 'Most displays registered at once (0 to 1000)'
            cand --queue 'Messages waiting per display; when its queue is full, the emitters feeding it wait'
            cand --ack-timeout 'How long a display may leave a message unacknowledged (e.g. 2s, 500ms)'
            cand --hello-timeout 'How long a new connection has to complete its OI'
            cand --stall-timeout 'How long a display that holds emitters back may take no data before it is dropped'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;msg;emitter'= {
            cand --id 'Id to register (1 to 999); without it the lowest free one is found'
            cand --to 'Default destination of plain lines: a display id, or 0 for every display'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;msg;display'= {
            cand --id 'Id to register (1000 to 1999); without it the lowest free one from 1001 (1000 has no owner)'
            cand --owner 'The emitter allowed to stop this display (1 to 999) [default: own id minus 1000]'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;msg;help'= {
            cand server 'Relay messages from emitters to displays'
            cand emitter 'Send stdin lines as messages (ids 1 to 999)'
            cand display 'Print the messages relayed to it (ids 1000 to 1999)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;msg;help;server'= {
        }
        &'netlab;msg;help;emitter'= {
        }
        &'netlab;msg;help;display'= {
        }
        &'netlab;msg;help;help'= {
        }
        &'netlab;kv'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand node 'A servent: holds a database, answers clients, floods requests to its neighbours'
            cand client 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;kv;node'= {
            cand -b 'Address to bind; outgoing connections also leave from it'
            cand --bind 'Address to bind; outgoing connections also leave from it'
            cand --advertise 'IP to give as this node''s address in topology answers'
            cand --dedup-window 'How long a flood is remembered, its later copies dropped (e.g. 10s, 1500ms)'
            cand --answer-rate 'Most answer connections opened to one client address per second (0: no cap)'
            cand --max-db-size 'Largest database file loaded (e.g. 1GiB, 200MiB); a larger one is an error'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand --trim-values 'Start each value at its first non-blank character (the assignment''s rule) instead of after the one blank that ends the key'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;kv;client'= {
            cand -b 'Address to receive answers on; the connection to the node also leaves from it [default: the address that reaches the node; 0.0.0.0: every interface]'
            cand --bind 'Address to receive answers on; the connection to the node also leaves from it [default: the address that reaches the node; 0.0.0.0: every interface]'
            cand --timeout 'Quiet time that ends the collection of answers (e.g. 4s, 1500ms)'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;kv;help'= {
            cand node 'A servent: holds a database, answers clients, floods requests to its neighbours'
            cand client 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;kv;help;node'= {
        }
        &'netlab;kv;help;client'= {
        }
        &'netlab;kv;help;help'= {
        }
        &'netlab;chat'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand server 'The directory: who is online and where they listen'
            cand peer 'Register with the directory and chat with other peers directly'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;chat;server'= {
            cand -p 'TCP port to listen on (0: the OS picks)'
            cand --port 'TCP port to listen on (0: the OS picks)'
            cand -b 'Address to bind (an IP, or a name such as localhost)'
            cand --bind 'Address to bind (an IP, or a name such as localhost)'
            cand --expire 'Silence after which a user is cut off (e.g. 15s)'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand --addr-with-name 'Answer ADDR as `ADDR name:ip:port` (the later edition of the assignment)'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;chat;peer'= {
            cand -s 'The same as the HOST:PORT argument (the older spelling)'
            cand --server 'The same as the HOST:PORT argument (the older spelling)'
            cand -l 'TCP port to accept conversations on (0: the OS picks)'
            cand --listen 'TCP port to accept conversations on (0: the OS picks)'
            cand -b 'Address to bind for conversations'
            cand --bind 'Address to bind for conversations'
            cand --keepalive 'Interval between keepalives to the server'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;chat;help'= {
            cand server 'The directory: who is online and where they listen'
            cand peer 'Register with the directory and chat with other peers directly'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;chat;help;server'= {
        }
        &'netlab;chat;help;peer'= {
        }
        &'netlab;chat;help;help'= {
        }
        &'netlab;mcast'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand send 'Send stdin lines to the group as JSON datagrams'
            cand recv 'Join the group and print every message'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;mcast;send'= {
            cand -u 'Name carried in every message (not empty)'
            cand --user 'Name carried in every message (not empty)'
            cand --ttl 'Multicast TTL (hops, 0 to 255; 0 stays on this host, 1 on the local network)'
            cand -g 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)'
            cand --group 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)'
            cand -p 'UDP port'
            cand --port 'UDP port'
            cand -i 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system''s choice]'
            cand --iface 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system''s choice]'
            cand --quit-word 'The line that ends the chat'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand --loop 'Receive our own datagrams on this host (the default)'
            cand --no-loop 'Do not receive our own datagrams on this host'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;mcast;recv'= {
            cand -g 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)'
            cand --group 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)'
            cand -p 'UDP port'
            cand --port 'UDP port'
            cand -i 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system''s choice]'
            cand --iface 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system''s choice]'
            cand --quit-word 'The line that ends the chat'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand --loop 'Receive our own datagrams on this host (the default)'
            cand --no-loop 'Do not receive our own datagrams on this host'
            cand --show-sender 'Print each message with its sender''s address first: `[IP:PORT] NAME: TEXT`'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;mcast;help'= {
            cand send 'Send stdin lines to the group as JSON datagrams'
            cand recv 'Join the group and print every message'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;mcast;help;send'= {
        }
        &'netlab;mcast;help;recv'= {
        }
        &'netlab;mcast;help;help'= {
        }
        &'netlab;echo'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand server 'Echo every byte back until the client closes; many clients at once'
            cand client 'Send messages on one or more connections and check the echo'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;echo;server'= {
            cand -p 'TCP port to listen on (0: the OS picks)'
            cand --port 'TCP port to listen on (0: the OS picks)'
            cand -b 'Address to bind (an IP, or a name such as localhost)'
            cand --bind 'Address to bind (an IP, or a name such as localhost)'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;echo;client'= {
            cand -c 'Connections to open at once'
            cand --connections 'Connections to open at once'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;echo;help'= {
            cand server 'Echo every byte back until the client closes; many clients at once'
            cand client 'Send messages on one or more connections and check the echo'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;echo;help;server'= {
        }
        &'netlab;echo;help;client'= {
        }
        &'netlab;echo;help;help'= {
        }
        &'netlab;app'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand server 'Answer JSON-header requests: search a table, or describe a binary request'
            cand client 'Send one request and print the response'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;app;server'= {
            cand -p 'TCP port to listen on (0: the OS picks)'
            cand --port 'TCP port to listen on (0: the OS picks)'
            cand -b 'Address to bind (an IP, or a name such as localhost)'
            cand --bind 'Address to bind (an IP, or a name such as localhost)'
            cand --data 'Searchable entries, in the kv database format [default: the tutorial''s built-in set]'
            cand --max-data-size 'Largest --data file loaded (e.g. 1GiB, 200MiB); a larger one is an error'
            cand --max-content 'The largest content a request may announce (bytes, or with KiB or MiB; at most 16 MiB); a request over it is refused on its header'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;app;client'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;app;help'= {
            cand server 'Answer JSON-header requests: search a table, or describe a binary request'
            cand client 'Send one request and print the response'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;app;help;server'= {
        }
        &'netlab;app;help;client'= {
        }
        &'netlab;app;help;help'= {
        }
        &'netlab;check'= {
            cand --only 'Run only these cases: an id (kv.flood.3) or a prefix (kv.flood), comma-separated or repeated'
            cand --timeout 'How long any one expected answer may take, however slowly its bytes come (e.g. 2s, 500ms)'
            cand --junit 'Also write the results as JUnit XML to FILE (for CI and GitHub Classroom)'
            cand --key 'kv: a key the node holds (its value is learned from the answer)'
            cand --exec 'Start the server under test with this command (no HOST:PORT then): `{port}` is a free port; it is started again between cases if it died, and stopped with its process group at the end (e.g. "python3 server.py {port}")'
            cand --gradescope 'Also write Gradescope''s results.json to FILE (points from --rubric, else 1 per case)'
            cand --rubric 'The points of the cases (a `netlab grade` rubric, TOML or JSON): the `Points N/M` line, --junit and --gradescope carry them'
            cand --say 'A client check: what to type for ACTION (broadcast, unicast, qem, stop-display, list, chat, bye, quit), `{text}`, `{dest}`, `{name}` filled in; repeated [default: netlab''s own commands, e.g. quit=/quit]'
            cand --say-file 'A client check: a file of ACTION=TEMPLATE lines (`#` comments); --say wins over it'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand --list 'List the cases (numbered by spec section) without running them, and the longest a run of them can take'
            cand --quick 'Skip the cases that need long waits (the 15 s keepalive expiry, the 10 s OI deadline)'
            cand --strict 'Also run the strict cases (exact texts and timestamps, extensions)'
            cand --json 'One JSON object per case on stdout instead of text'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;grade'= {
            cand --jobs 'Grade this many submissions at once (each on ports of its own)'
            cand --resume 'Skip the submissions already graded in this file (an earlier run''s results.json)'
            cand --budget 'The longest one role of one submission may take: TIME for every role, or ROLE=TIME (repeated) [default: the check''s ceiling for the server, 5m for a client role]'
            cand --out 'Where the results and reports go'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand --matrix 'Also run every submission''s clients against every submission''s server and netlab''s, the protocol''s classroom scenario through netlab''s proxy (msg, echo, app, kv, chat)'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;grade;init'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;grade;help'= {
            cand init 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;grade;help;init'= {
        }
        &'netlab;grade;help;help'= {
        }
        &'netlab;demo'= {
            cand --pace 'Wait this many seconds before each step (e.g. 2, 1.5, 500ms)'
            cand --color 'Colour each role''s lines: on a terminal only (auto; NO_COLOR turns it off), always, or never'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand --step 'Show each step''s narration, then wait for Enter before playing it (one line of input per step; at end of input the demo runs on without waiting; Ctrl-C stops it, status 0)'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;proxy'= {
            cand --split 'Write each frame N bytes at a time, or cut at its fields (`field`: after msg''s header and length, 14+2+8; inside a bare header; around kv''s data; app''s length and header; a chat line inside its text and between CR and LF)'
            cand --gap 'The pause between the pieces of a split frame (--split) [default: 20ms]'
            cand --coalesce 'Hold up to N frames and deliver them in one write'
            cand --hold 'How long --coalesce waits for more frames before sending what it holds (mcast: how long --reorder holds a datagram back when no next one comes) [default: 100ms]'
            cand --delay 'Deliver every frame this much later (order is kept, as TCP keeps it)'
            cand --jitter 'Add a random delay from 0 up to TIME to every frame (order is kept)'
            cand --rate 'Deliver at most BYTES per second'
            cand --close-after 'Close both sides once N frames went one way'
            cand --reset-after 'Reset (RST) both sides once N frames went one way'
            cand --half-close-after 'End the stream toward the receiver once N frames went its way (the other way goes on)'
            cand --corrupt 'Set a field of the Nth frame to VALUE (`type=9@3`; names as the protocol reference has them: msg type orig dest seq timestamp length count, kv type port nseq size ttl ip, app length)'
            cand --only 'Apply the impairments to one direction only'
            cand --drop 'mcast: drop each datagram with probability P (0 to 1, or a percentage: 10%)'
            cand --duplicate 'mcast: send each datagram twice with probability P'
            cand --reorder 'mcast: hold each datagram back with probability P and deliver it after the next one (alone after --hold if no next one comes)'
            cand -i 'mcast: the interface every socket is pinned to (its IPv4 address or name) [default: 127.0.0.1]'
            cand --iface 'mcast: the interface every socket is pinned to (its IPv4 address or name) [default: 127.0.0.1]'
            cand --seed 'Seed of the random choices (--jitter, --drop, --duplicate, --reorder), to repeat a run exactly'
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand --peers 'chat: carry the peers'' calls too: each peer address in the directory''s ADDR answers is rewritten to a listener of the proxy that forwards to the peer, so conversations are decoded and impaired (at most 64 such listeners; kv answers are always carried)'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;generate'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand completions 'Print the completion script for SHELL on stdout'
            cand man 'Write netlab.1 and one page per subcommand into DIR'
            cand wireshark 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;generate;completions'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;generate;man'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;generate;wireshark'= {
            cand --lang 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]'
            cand --trace 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes'
            cand --diagram 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)'
            cand --diagram-limit 'Draw at most N frames, then a note saying how many were left out'
            cand -v 'Log more: every connection and routing decision (stderr)'
            cand --verbose 'Log more: every connection and routing decision (stderr)'
            cand -q 'Log only errors (stderr)'
            cand --quiet 'Log only errors (stderr)'
            cand --ascii 'Draw the ladder in plain ASCII rather than box-drawing characters'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'netlab;generate;help'= {
            cand completions 'Print the completion script for SHELL on stdout'
            cand man 'Write netlab.1 and one page per subcommand into DIR'
            cand wireshark 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;generate;help;completions'= {
        }
        &'netlab;generate;help;man'= {
        }
        &'netlab;generate;help;wireshark'= {
        }
        &'netlab;generate;help;help'= {
        }
        &'netlab;help'= {
            cand msg 'Binary message relay: a server, emitters that send, displays that print'
            cand kv 'Peer-to-peer key-value store with TTL-limited flooding'
            cand chat 'Text-line P2P chat with a directory server'
            cand mcast 'UDP multicast chat with JSON datagrams'
            cand echo 'The socket tutorial''s echo client and server'
            cand app 'The socket tutorial''s JSON-header request/response application'
            cand check 'Check a server (or a chat peer) against the spec: numbered cases, a reason for every failure, and a hint when the bytes match a known mistake'
            cand grade 'Grade a class: every submission''s roles checked against a rubric, with points, Gradescope results and a class report'
            cand demo 'Narrated classroom scenarios on loopback (all of them without an argument)'
            cand proxy 'Watch two programs talk: forward connections, print every frame decoded, and misbehave on purpose when asked (split, coalesce, delay, corrupt, close)'
            cand generate 'Write shell completions or man pages (used to refresh completions/ and man/)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'netlab;help;msg'= {
            cand server 'Relay messages from emitters to displays'
            cand emitter 'Send stdin lines as messages (ids 1 to 999)'
            cand display 'Print the messages relayed to it (ids 1000 to 1999)'
        }
        &'netlab;help;msg;server'= {
        }
        &'netlab;help;msg;emitter'= {
        }
        &'netlab;help;msg;display'= {
        }
        &'netlab;help;kv'= {
            cand node 'A servent: holds a database, answers clients, floods requests to its neighbours'
            cand client 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits'
        }
        &'netlab;help;kv;node'= {
        }
        &'netlab;help;kv;client'= {
        }
        &'netlab;help;chat'= {
            cand server 'The directory: who is online and where they listen'
            cand peer 'Register with the directory and chat with other peers directly'
        }
        &'netlab;help;chat;server'= {
        }
        &'netlab;help;chat;peer'= {
        }
        &'netlab;help;mcast'= {
            cand send 'Send stdin lines to the group as JSON datagrams'
            cand recv 'Join the group and print every message'
        }
        &'netlab;help;mcast;send'= {
        }
        &'netlab;help;mcast;recv'= {
        }
        &'netlab;help;echo'= {
            cand server 'Echo every byte back until the client closes; many clients at once'
            cand client 'Send messages on one or more connections and check the echo'
        }
        &'netlab;help;echo;server'= {
        }
        &'netlab;help;echo;client'= {
        }
        &'netlab;help;app'= {
            cand server 'Answer JSON-header requests: search a table, or describe a binary request'
            cand client 'Send one request and print the response'
        }
        &'netlab;help;app;server'= {
        }
        &'netlab;help;app;client'= {
        }
        &'netlab;help;check'= {
        }
        &'netlab;help;grade'= {
            cand init 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout'
        }
        &'netlab;help;grade;init'= {
        }
        &'netlab;help;demo'= {
        }
        &'netlab;help;proxy'= {
        }
        &'netlab;help;generate'= {
            cand completions 'Print the completion script for SHELL on stdout'
            cand man 'Write netlab.1 and one page per subcommand into DIR'
            cand wireshark 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR'
        }
        &'netlab;help;generate;completions'= {
        }
        &'netlab;help;generate;man'= {
        }
        &'netlab;help;generate;wireshark'= {
        }
        &'netlab;help;help'= {
        }
    ]
    $completions[$command]
}
