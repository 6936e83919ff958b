
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'netlab' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'netlab'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'netlab' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('msg', 'msg', [CompletionResultType]::ParameterValue, 'Binary message relay: a server, emitters that send, displays that print')
            [CompletionResult]::new('kv', 'kv', [CompletionResultType]::ParameterValue, 'Peer-to-peer key-value store with TTL-limited flooding')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Text-line P2P chat with a directory server')
            [CompletionResult]::new('mcast', 'mcast', [CompletionResultType]::ParameterValue, 'UDP multicast chat with JSON datagrams')
            [CompletionResult]::new('echo', 'echo', [CompletionResultType]::ParameterValue, 'The socket tutorial''s echo client and server')
            [CompletionResult]::new('app', 'app', [CompletionResultType]::ParameterValue, 'The socket tutorial''s JSON-header request/response application')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a server (or a chat peer) against the spec: numbered cases, a reason for every failure, and a hint when the bytes match a known mistake')
            [CompletionResult]::new('grade', 'grade', [CompletionResultType]::ParameterValue, 'Grade a class: every submission''s roles checked against a rubric, with points, Gradescope results and a class report')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Narrated classroom scenarios on loopback (all of them without an argument)')
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Watch two programs talk: forward connections, print every frame decoded, and misbehave on purpose when asked (split, coalesce, delay, corrupt, close)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write shell completions or man pages (used to refresh completions/ and man/)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;msg' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Relay messages from emitters to displays')
            [CompletionResult]::new('emitter', 'emitter', [CompletionResultType]::ParameterValue, 'Send stdin lines as messages (ids 1 to 999)')
            [CompletionResult]::new('display', 'display', [CompletionResultType]::ParameterValue, 'Print the messages relayed to it (ids 1000 to 1999)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;msg;server' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'TCP port to listen on (0: the OS picks)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'TCP port to listen on (0: the OS picks)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Address to bind (an IP, or a name such as localhost)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to bind (an IP, or a name such as localhost)')
            [CompletionResult]::new('--max-emitters', '--max-emitters', [CompletionResultType]::ParameterName, 'Most emitters registered at once (0 to 999)')
            [CompletionResult]::new('--max-displays', '--max-displays', [CompletionResultType]::ParameterName, 'Most displays registered at once (0 to 1000)')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Messages waiting per display; when its queue is full, the emitters feeding it wait')
            [CompletionResult]::new('--ack-timeout', '--ack-timeout', [CompletionResultType]::ParameterName, 'How long a display may leave a message unacknowledged (e.g. 2s, 500ms)')
            [CompletionResult]::new('--hello-timeout', '--hello-timeout', [CompletionResultType]::ParameterName, 'How long a new connection has to complete its OI')
            [CompletionResult]::new('--stall-timeout', '--stall-timeout', [CompletionResultType]::ParameterName, 'How long a display that holds emitters back may take no data before it is dropped')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;msg;emitter' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Id to register (1 to 999); without it the lowest free one is found')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Default destination of plain lines: a display id, or 0 for every display')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;msg;display' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Id to register (1000 to 1999); without it the lowest free one from 1001 (1000 has no owner)')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The emitter allowed to stop this display (1 to 999) [default: own id minus 1000]')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;msg;help' {
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Relay messages from emitters to displays')
            [CompletionResult]::new('emitter', 'emitter', [CompletionResultType]::ParameterValue, 'Send stdin lines as messages (ids 1 to 999)')
            [CompletionResult]::new('display', 'display', [CompletionResultType]::ParameterValue, 'Print the messages relayed to it (ids 1000 to 1999)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;msg;help;server' {
            break
        }
        'netlab;msg;help;emitter' {
            break
        }
        'netlab;msg;help;display' {
            break
        }
        'netlab;msg;help;help' {
            break
        }
        'netlab;kv' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'A servent: holds a database, answers clients, floods requests to its neighbours')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;kv;node' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Address to bind; outgoing connections also leave from it')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to bind; outgoing connections also leave from it')
            [CompletionResult]::new('--advertise', '--advertise', [CompletionResultType]::ParameterName, 'IP to give as this node''s address in topology answers')
            [CompletionResult]::new('--dedup-window', '--dedup-window', [CompletionResultType]::ParameterName, 'How long a flood is remembered, its later copies dropped (e.g. 10s, 1500ms)')
            [CompletionResult]::new('--answer-rate', '--answer-rate', [CompletionResultType]::ParameterName, 'Most answer connections opened to one client address per second (0: no cap)')
            [CompletionResult]::new('--max-db-size', '--max-db-size', [CompletionResultType]::ParameterName, 'Largest database file loaded (e.g. 1GiB, 200MiB); a larger one is an error')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('--trim-values', '--trim-values', [CompletionResultType]::ParameterName, 'Start each value at its first non-blank character (the assignment''s rule) instead of after the one blank that ends the key')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;kv;client' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Address to receive answers on; the connection to the node also leaves from it [default: the address that reaches the node; 0.0.0.0: every interface]')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to receive answers on; the connection to the node also leaves from it [default: the address that reaches the node; 0.0.0.0: every interface]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Quiet time that ends the collection of answers (e.g. 4s, 1500ms)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;kv;help' {
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'A servent: holds a database, answers clients, floods requests to its neighbours')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;kv;help;node' {
            break
        }
        'netlab;kv;help;client' {
            break
        }
        'netlab;kv;help;help' {
            break
        }
        'netlab;chat' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'The directory: who is online and where they listen')
            [CompletionResult]::new('peer', 'peer', [CompletionResultType]::ParameterValue, 'Register with the directory and chat with other peers directly')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;chat;server' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'TCP port to listen on (0: the OS picks)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'TCP port to listen on (0: the OS picks)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Address to bind (an IP, or a name such as localhost)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to bind (an IP, or a name such as localhost)')
            [CompletionResult]::new('--expire', '--expire', [CompletionResultType]::ParameterName, 'Silence after which a user is cut off (e.g. 15s)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('--addr-with-name', '--addr-with-name', [CompletionResultType]::ParameterName, 'Answer ADDR as `ADDR name:ip:port` (the later edition of the assignment)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;chat;peer' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The same as the HOST:PORT argument (the older spelling)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The same as the HOST:PORT argument (the older spelling)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'TCP port to accept conversations on (0: the OS picks)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'TCP port to accept conversations on (0: the OS picks)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Address to bind for conversations')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to bind for conversations')
            [CompletionResult]::new('--keepalive', '--keepalive', [CompletionResultType]::ParameterName, 'Interval between keepalives to the server')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;chat;help' {
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'The directory: who is online and where they listen')
            [CompletionResult]::new('peer', 'peer', [CompletionResultType]::ParameterValue, 'Register with the directory and chat with other peers directly')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;chat;help;server' {
            break
        }
        'netlab;chat;help;peer' {
            break
        }
        'netlab;chat;help;help' {
            break
        }
        'netlab;mcast' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send stdin lines to the group as JSON datagrams')
            [CompletionResult]::new('recv', 'recv', [CompletionResultType]::ParameterValue, 'Join the group and print every message')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;mcast;send' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Name carried in every message (not empty)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Name carried in every message (not empty)')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Multicast TTL (hops, 0 to 255; 0 stays on this host, 1 on the local network)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'UDP port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'UDP port')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system''s choice]')
            [CompletionResult]::new('--iface', '--iface', [CompletionResultType]::ParameterName, 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system''s choice]')
            [CompletionResult]::new('--quit-word', '--quit-word', [CompletionResultType]::ParameterName, 'The line that ends the chat')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('--loop', '--loop', [CompletionResultType]::ParameterName, 'Receive our own datagrams on this host (the default)')
            [CompletionResult]::new('--no-loop', '--no-loop', [CompletionResultType]::ParameterName, 'Do not receive our own datagrams on this host')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;mcast;recv' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'UDP port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'UDP port')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system''s choice]')
            [CompletionResult]::new('--iface', '--iface', [CompletionResultType]::ParameterName, 'Interface: its name (e.g. lo), or for IPv4 its local address (e.g. 127.0.0.1), for IPv6 its index [default: the system''s choice]')
            [CompletionResult]::new('--quit-word', '--quit-word', [CompletionResultType]::ParameterName, 'The line that ends the chat')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('--loop', '--loop', [CompletionResultType]::ParameterName, 'Receive our own datagrams on this host (the default)')
            [CompletionResult]::new('--no-loop', '--no-loop', [CompletionResultType]::ParameterName, 'Do not receive our own datagrams on this host')
            [CompletionResult]::new('--show-sender', '--show-sender', [CompletionResultType]::ParameterName, 'Print each message with its sender''s address first: `[IP:PORT] NAME: TEXT`')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;mcast;help' {
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send stdin lines to the group as JSON datagrams')
            [CompletionResult]::new('recv', 'recv', [CompletionResultType]::ParameterValue, 'Join the group and print every message')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;mcast;help;send' {
            break
        }
        'netlab;mcast;help;recv' {
            break
        }
        'netlab;mcast;help;help' {
            break
        }
        'netlab;echo' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Echo every byte back until the client closes; many clients at once')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Send messages on one or more connections and check the echo')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;echo;server' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'TCP port to listen on (0: the OS picks)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'TCP port to listen on (0: the OS picks)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Address to bind (an IP, or a name such as localhost)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to bind (an IP, or a name such as localhost)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;echo;client' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Connections to open at once')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Connections to open at once')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;echo;help' {
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Echo every byte back until the client closes; many clients at once')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Send messages on one or more connections and check the echo')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;echo;help;server' {
            break
        }
        'netlab;echo;help;client' {
            break
        }
        'netlab;echo;help;help' {
            break
        }
        'netlab;app' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Answer JSON-header requests: search a table, or describe a binary request')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Send one request and print the response')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;app;server' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'TCP port to listen on (0: the OS picks)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'TCP port to listen on (0: the OS picks)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Address to bind (an IP, or a name such as localhost)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to bind (an IP, or a name such as localhost)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Searchable entries, in the kv database format [default: the tutorial''s built-in set]')
            [CompletionResult]::new('--max-data-size', '--max-data-size', [CompletionResultType]::ParameterName, 'Largest --data file loaded (e.g. 1GiB, 200MiB); a larger one is an error')
            [CompletionResult]::new('--max-content', '--max-content', [CompletionResultType]::ParameterName, 'The largest content a request may announce (bytes, or with KiB or MiB; at most 16 MiB); a request over it is refused on its header')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;app;client' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;app;help' {
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Answer JSON-header requests: search a table, or describe a binary request')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Send one request and print the response')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;app;help;server' {
            break
        }
        'netlab;app;help;client' {
            break
        }
        'netlab;app;help;help' {
            break
        }
        'netlab;check' {
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these cases: an id (kv.flood.3) or a prefix (kv.flood), comma-separated or repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long any one expected answer may take, however slowly its bytes come (e.g. 2s, 500ms)')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write the results as JUnit XML to FILE (for CI and GitHub Classroom)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'kv: a key the node holds (its value is learned from the answer)')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Start the server under test with this command (no HOST:PORT then): `{port}` is a free port; it is started again between cases if it died, and stopped with its process group at the end (e.g. "python3 server.py {port}")')
            [CompletionResult]::new('--gradescope', '--gradescope', [CompletionResultType]::ParameterName, 'Also write Gradescope''s results.json to FILE (points from --rubric, else 1 per case)')
            [CompletionResult]::new('--rubric', '--rubric', [CompletionResultType]::ParameterName, 'The points of the cases (a `netlab grade` rubric, TOML or JSON): the `Points N/M` line, --junit and --gradescope carry them')
            [CompletionResult]::new('--say', '--say', [CompletionResultType]::ParameterName, 'A client check: what to type for ACTION (broadcast, unicast, qem, stop-display, list, chat, bye, quit), `{text}`, `{dest}`, `{name}` filled in; repeated [default: netlab''s own commands, e.g. quit=/quit]')
            [CompletionResult]::new('--say-file', '--say-file', [CompletionResultType]::ParameterName, 'A client check: a file of ACTION=TEMPLATE lines (`#` comments); --say wins over it')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the cases (numbered by spec section) without running them, and the longest a run of them can take')
            [CompletionResult]::new('--quick', '--quick', [CompletionResultType]::ParameterName, 'Skip the cases that need long waits (the 15 s keepalive expiry, the 10 s OI deadline)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Also run the strict cases (exact texts and timestamps, extensions)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per case on stdout instead of text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;grade' {
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Grade this many submissions at once (each on ports of its own)')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Skip the submissions already graded in this file (an earlier run''s results.json)')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'The longest one role of one submission may take: TIME for every role, or ROLE=TIME (repeated) [default: the check''s ceiling for the server, 5m for a client role]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where the results and reports go')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('--matrix', '--matrix', [CompletionResultType]::ParameterName, 'Also run every submission''s clients against every submission''s server and netlab''s, the protocol''s classroom scenario through netlab''s proxy (msg, echo, app, kv, chat)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;grade;init' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;grade;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;grade;help;init' {
            break
        }
        'netlab;grade;help;help' {
            break
        }
        'netlab;demo' {
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, 'Wait this many seconds before each step (e.g. 2, 1.5, 500ms)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour each role''s lines: on a terminal only (auto; NO_COLOR turns it off), always, or never')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'Show each step''s narration, then wait for Enter before playing it (one line of input per step; at end of input the demo runs on without waiting; Ctrl-C stops it, status 0)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;proxy' {
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'Write each frame N bytes at a time, or cut at its fields (`field`: after msg''s header and length, 14+2+8; inside a bare header; around kv''s data; app''s length and header; a chat line inside its text and between CR and LF)')
            [CompletionResult]::new('--gap', '--gap', [CompletionResultType]::ParameterName, 'The pause between the pieces of a split frame (--split) [default: 20ms]')
            [CompletionResult]::new('--coalesce', '--coalesce', [CompletionResultType]::ParameterName, 'Hold up to N frames and deliver them in one write')
            [CompletionResult]::new('--hold', '--hold', [CompletionResultType]::ParameterName, 'How long --coalesce waits for more frames before sending what it holds (mcast: how long --reorder holds a datagram back when no next one comes) [default: 100ms]')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Deliver every frame this much later (order is kept, as TCP keeps it)')
            [CompletionResult]::new('--jitter', '--jitter', [CompletionResultType]::ParameterName, 'Add a random delay from 0 up to TIME to every frame (order is kept)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Deliver at most BYTES per second')
            [CompletionResult]::new('--close-after', '--close-after', [CompletionResultType]::ParameterName, 'Close both sides once N frames went one way')
            [CompletionResult]::new('--reset-after', '--reset-after', [CompletionResultType]::ParameterName, 'Reset (RST) both sides once N frames went one way')
            [CompletionResult]::new('--half-close-after', '--half-close-after', [CompletionResultType]::ParameterName, 'End the stream toward the receiver once N frames went its way (the other way goes on)')
            [CompletionResult]::new('--corrupt', '--corrupt', [CompletionResultType]::ParameterName, 'Set a field of the Nth frame to VALUE (`type=9@3`; names as the protocol reference has them: msg type orig dest seq timestamp length count, kv type port nseq size ttl ip, app length)')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Apply the impairments to one direction only')
            [CompletionResult]::new('--drop', '--drop', [CompletionResultType]::ParameterName, 'mcast: drop each datagram with probability P (0 to 1, or a percentage: 10%)')
            [CompletionResult]::new('--duplicate', '--duplicate', [CompletionResultType]::ParameterName, 'mcast: send each datagram twice with probability P')
            [CompletionResult]::new('--reorder', '--reorder', [CompletionResultType]::ParameterName, 'mcast: hold each datagram back with probability P and deliver it after the next one (alone after --hold if no next one comes)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'mcast: the interface every socket is pinned to (its IPv4 address or name) [default: 127.0.0.1]')
            [CompletionResult]::new('--iface', '--iface', [CompletionResultType]::ParameterName, 'mcast: the interface every socket is pinned to (its IPv4 address or name) [default: 127.0.0.1]')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the random choices (--jitter, --drop, --duplicate, --reorder), to repeat a run exactly')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('--peers', '--peers', [CompletionResultType]::ParameterName, 'chat: carry the peers'' calls too: each peer address in the directory''s ADDR answers is rewritten to a listener of the proxy that forwards to the peer, so conversations are decoded and impaired (at most 64 such listeners; kv answers are always carried)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;generate' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for SHELL on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write netlab.1 and one page per subcommand into DIR')
            [CompletionResult]::new('wireshark', 'wireshark', [CompletionResultType]::ParameterValue, 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;generate;completions' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;generate;man' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;generate;wireshark' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of user-facing lines [default: from LC_ALL, LC_MESSAGES or LANG]')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Show every frame sent and received, decoded (stderr); `--trace=hex` adds the time since start, the size and a hex dump of the bytes')
            [CompletionResult]::new('--diagram', '--diagram', [CompletionResultType]::ParameterName, 'Draw the exchange as a sequence diagram on stdout, alone, once it is over (Mermaid and PlantUML text bare, without a Markdown fence): a role''s traced frames (its own stdout lines then go to stderr), the proxy''s connections (at Ctrl-C), the demo''s roles; for `check`, the format of each failing case''s exchange in the text report (drawn without this flag too: a ladder there, Mermaid in --json, at most 12 frames unless --diagram-limit says otherwise)')
            [CompletionResult]::new('--diagram-limit', '--diagram-limit', [CompletionResultType]::ParameterName, 'Draw at most N frames, then a note saying how many were left out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more: every connection and routing decision (stderr)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Log only errors (stderr)')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw the ladder in plain ASCII rather than box-drawing characters')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'netlab;generate;help' {
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for SHELL on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write netlab.1 and one page per subcommand into DIR')
            [CompletionResult]::new('wireshark', 'wireshark', [CompletionResultType]::ParameterValue, 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;generate;help;completions' {
            break
        }
        'netlab;generate;help;man' {
            break
        }
        'netlab;generate;help;wireshark' {
            break
        }
        'netlab;generate;help;help' {
            break
        }
        'netlab;help' {
            [CompletionResult]::new('msg', 'msg', [CompletionResultType]::ParameterValue, 'Binary message relay: a server, emitters that send, displays that print')
            [CompletionResult]::new('kv', 'kv', [CompletionResultType]::ParameterValue, 'Peer-to-peer key-value store with TTL-limited flooding')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Text-line P2P chat with a directory server')
            [CompletionResult]::new('mcast', 'mcast', [CompletionResultType]::ParameterValue, 'UDP multicast chat with JSON datagrams')
            [CompletionResult]::new('echo', 'echo', [CompletionResultType]::ParameterValue, 'The socket tutorial''s echo client and server')
            [CompletionResult]::new('app', 'app', [CompletionResultType]::ParameterValue, 'The socket tutorial''s JSON-header request/response application')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a server (or a chat peer) against the spec: numbered cases, a reason for every failure, and a hint when the bytes match a known mistake')
            [CompletionResult]::new('grade', 'grade', [CompletionResultType]::ParameterValue, 'Grade a class: every submission''s roles checked against a rubric, with points, Gradescope results and a class report')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Narrated classroom scenarios on loopback (all of them without an argument)')
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Watch two programs talk: forward connections, print every frame decoded, and misbehave on purpose when asked (split, coalesce, delay, corrupt, close)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write shell completions or man pages (used to refresh completions/ and man/)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'netlab;help;msg' {
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Relay messages from emitters to displays')
            [CompletionResult]::new('emitter', 'emitter', [CompletionResultType]::ParameterValue, 'Send stdin lines as messages (ids 1 to 999)')
            [CompletionResult]::new('display', 'display', [CompletionResultType]::ParameterValue, 'Print the messages relayed to it (ids 1000 to 1999)')
            break
        }
        'netlab;help;msg;server' {
            break
        }
        'netlab;help;msg;emitter' {
            break
        }
        'netlab;help;msg;display' {
            break
        }
        'netlab;help;kv' {
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'A servent: holds a database, answers clients, floods requests to its neighbours')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Ask the overlay for keys (`? KEY`) and its topology (`T`); `Q` quits')
            break
        }
        'netlab;help;kv;node' {
            break
        }
        'netlab;help;kv;client' {
            break
        }
        'netlab;help;chat' {
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'The directory: who is online and where they listen')
            [CompletionResult]::new('peer', 'peer', [CompletionResultType]::ParameterValue, 'Register with the directory and chat with other peers directly')
            break
        }
        'netlab;help;chat;server' {
            break
        }
        'netlab;help;chat;peer' {
            break
        }
        'netlab;help;mcast' {
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send stdin lines to the group as JSON datagrams')
            [CompletionResult]::new('recv', 'recv', [CompletionResultType]::ParameterValue, 'Join the group and print every message')
            break
        }
        'netlab;help;mcast;send' {
            break
        }
        'netlab;help;mcast;recv' {
            break
        }
        'netlab;help;echo' {
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Echo every byte back until the client closes; many clients at once')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Send messages on one or more connections and check the echo')
            break
        }
        'netlab;help;echo;server' {
            break
        }
        'netlab;help;echo;client' {
            break
        }
        'netlab;help;app' {
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Answer JSON-header requests: search a table, or describe a binary request')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Send one request and print the response')
            break
        }
        'netlab;help;app;server' {
            break
        }
        'netlab;help;app;client' {
            break
        }
        'netlab;help;check' {
            break
        }
        'netlab;help;grade' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a starting rubric naming every case of PROTOCOL, commented, on stdout')
            break
        }
        'netlab;help;grade;init' {
            break
        }
        'netlab;help;demo' {
            break
        }
        'netlab;help;proxy' {
            break
        }
        'netlab;help;generate' {
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for SHELL on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write netlab.1 and one page per subcommand into DIR')
            [CompletionResult]::new('wireshark', 'wireshark', [CompletionResultType]::ParameterValue, 'Write netlab.lua, the Wireshark dissectors of every protocol, into DIR')
            break
        }
        'netlab;help;generate;completions' {
            break
        }
        'netlab;help;generate;man' {
            break
        }
        'netlab;help;generate;wireshark' {
            break
        }
        'netlab;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
