//! Why a value on the command line does not parse (a usage error, exit 2), en and pt: what
//! the value parsers of cli.rs, addresses and the proxy's flags say.

use crate::term::text::{Lang, Text};

/// Why a value on the command line does not parse (a usage error, exit 2): what the value
/// parsers of cli.rs, addresses and the proxy's flags say, in the language of the command line
/// ([`crate::term::text::command_line_lang`]).
#[derive(Clone, Debug)]
pub enum BadValue<'a> {
    /// `"5000" is not an id from 1 to 999`.
    Range {
        value: &'a str,
        what: Counted,
        lo: String,
        hi: String,
    },
    /// `"0" is not a number of 1 or more`.
    AtLeast {
        value: &'a str,
        lo: String,
    },
    Duration(&'a str),
    /// `-1s`.
    NegativeDuration(&'a str),
    DurationTooLong {
        value: &'a str,
        max_secs: u64,
    },
    NoTime(&'a str),
    DbSize(&'a str),
    ContentSize(&'a str),
    ContentTooBig {
        value: &'a str,
        max: u64,
    },
    /// A group address that is not an IP literal.
    NotGroupIp(&'a str),
    /// A dotted number that is no IP address, where an address to bind to was expected.
    NotBindIp(&'a str),
    /// A dotted number that is no IP address, where a node's `HOST:PORT` was expected.
    NotHostIp(&'a str),
    NotGroup(&'a str),
    EmptyMcastName,
    EmptyAddress,
    NoClosingBracket,
    NotIpv6InBrackets,
    ExpectedIpv6Port,
    PortMissing,
    NotPort(&'a str),
    LooksLikePort {
        host: &'a str,
        port: u16,
    },
    /// A bare number given where an address to bind to was expected (`-b 5000`).
    BindLooksLikePort(&'a str),
    NotHost,
    /// A bind address with characters no host name has.
    NotBindHost,

    Listen(&'a str),
    Split(&'a str),
    Corrupt(&'a str),
    Probability(&'a str),
}

/// What a number in a range counts.
#[derive(Clone, Copy, Debug)]
pub enum Counted {
    Number,
    Id,
    Frames,
}

impl BadValue<'_> {
    /// This sentence in the command line's language.
    pub fn say(&self) -> String {
        self.render(crate::term::text::command_line_lang())
    }
}

impl Text for BadValue<'_> {
    fn render(&self, lang: Lang) -> String {
        use BadValue::*;
        match self {
            Range { value, what, lo, hi } => {
                let (en, pt) = match what {
                    Counted::Number => ("a number", "um número"),
                    Counted::Id => ("an id", "um id"),
                    Counted::Frames => ("a number of frames", "um número de quadros"),
                };
                lang.pick(
                    format!("\"{value}\" is not {en} from {lo} to {hi}"),
                    format!("\"{value}\" não é {pt} de {lo} a {hi}"),
                )
            }
            AtLeast { value, lo } => lang.pick(
                format!("\"{value}\" is not a number of {lo} or more"),
                format!("\"{value}\" não é um número de {lo} ou mais"),
            ),
            Duration(value) => lang.pick(
                format!("\"{value}\" is not a duration (examples: 2s, 500ms, 1.5)"),
                format!("\"{value}\" não é uma duração (exemplos: 2s, 500ms, 1.5)"),
            ),
            NegativeDuration(value) => lang.pick(
                format!("\"{value}\": a duration cannot be negative (examples: 2s, 500ms, 1.5)"),
                format!("\"{value}\": uma duração não pode ser negativa (exemplos: 2s, 500ms, 1.5)"),
            ),
            DurationTooLong { value, max_secs } => lang.pick(
                format!("\"{value}\" is too long: the largest duration accepted is {max_secs}s (one day)"),
                format!("\"{value}\" é longo demais: a maior duração aceita é {max_secs}s (um dia)"),
            ),
            NoTime(value) => lang.pick(
                format!("\"{value}\" is no time at all: give more than 0"),
                format!("\"{value}\" não é tempo nenhum: dê mais que 0"),
            ),
            DbSize(value) => lang.pick(
                format!("{value:?} is not a size of 1 byte or more (examples: 1GiB, 200MiB, 1048576)"),
                format!("{value:?} não é um tamanho de 1 byte ou mais (exemplos: 1GiB, 200MiB, 1048576)"),
            ),
            ContentSize(value) => lang.pick(
                format!("{value:?} is not a size (examples: 1048576, 512KiB, 1MiB)"),
                format!("{value:?} não é um tamanho (exemplos: 1048576, 512KiB, 1MiB)"),
            ),
            ContentTooBig { value, max } => lang.pick(
                format!("{value:?} is over the most allowed, 16 MiB ({max} bytes)"),
                format!("{value:?} passa do máximo permitido, 16 MiB ({max} bytes)"),
            ),
            NotGroupIp(value) => lang.pick(
                format!("{value:?} is not an IP address (example: 224.3.29.71)"),
                format!("{value:?} não é um endereço IP (exemplo: 224.3.29.71)"),
            ),
            NotBindIp(value) => lang.pick(
                format!("{value:?} is not an IP address (example: 127.0.0.1)"),
                format!("{value:?} não é um endereço IP (exemplo: 127.0.0.1)"),
            ),
            NotHostIp(value) => lang.pick(
                format!("{value:?} is not an IP address: give HOST:PORT (example: 127.0.0.1:5000)"),
                format!("{value:?} não é um endereço IP: dê HOST:PORTA (exemplo: 127.0.0.1:5000)"),
            ),
            NotGroup(ip) => lang.pick(
                format!("{ip} is not a multicast group (IPv4 224.0.0.0/4, IPv6 ff00::/8)"),
                format!("{ip} não é um grupo multicast (IPv4 224.0.0.0/4, IPv6 ff00::/8)"),
            ),
            EmptyMcastName => lang
                .pick(
                    "an empty name: receivers show it before every line",
                    "um nome vazio: os receptores o mostram antes de cada linha",
                )
                .into(),
            EmptyAddress => lang
                .pick(
                    "an empty address (expected HOST:PORT)",
                    "um endereço vazio (esperado HOST:PORTA)",
                )
                .into(),
            NoClosingBracket => lang
                .pick("a '[' without its ']'", "um '[' sem o seu ']'")
                .into(),
            NotIpv6InBrackets => lang
                .pick(
                    "not an IPv6 address between the brackets",
                    "não há um endereço IPv6 entre os colchetes",
                )
                .into(),
            ExpectedIpv6Port => lang
                .pick("expected [IPv6]:PORT", "esperado [IPv6]:PORTA")
                .into(),
            PortMissing => lang
                .pick(
                    "expected IP:PORT (the port is missing)",
                    "esperado IP:PORTA (falta a porta)",
                )
                .into(),
            NotPort(port) => lang.pick(
                format!("\"{port}\" is not a port (0 to 65535)"),
                format!("\"{port}\" não é uma porta (de 0 a 65535)"),
            ),
            LooksLikePort { host, port } => lang.pick(
                format!("\"{host}\" looks like a port: give HOST:PORT (e.g. 127.0.0.1:{port})"),
                format!("\"{host}\" parece uma porta: dê HOST:PORTA (p. ex. 127.0.0.1:{port})"),
            ),
            BindLooksLikePort(value) => lang.pick(
                format!("\"{value}\" looks like a port: give an IP address of this machine (example: 127.0.0.1)"),
                format!("\"{value}\" parece uma porta: dê um endereço IP desta máquina (exemplo: 127.0.0.1)"),
            ),
            NotHost => lang
                .pick(
                    "not HOST:PORT (a host name has letters, digits, '-', '_' and dots)",
                    "não é HOST:PORTA (um nome de host tem letras, dígitos, '-', '_' e pontos)",
                )
                .into(),
            NotBindHost => lang
                .pick(
                    "not an IP address nor a host name (example: 127.0.0.1; a host name has letters, digits, '-', '_' and dots)",
                    "não é um endereço IP nem um nome de host (exemplo: 127.0.0.1; um nome de host tem letras, dígitos, '-', '_' e pontos)",
                )
                .into(),

            Listen(value) => lang.pick(
                format!("\"{value}\" is not PORT or IP:PORT (examples: 0, 127.0.0.1:6000, [::1]:6000)"),
                format!("\"{value}\" não é PORTA nem IP:PORTA (exemplos: 0, 127.0.0.1:6000, [::1]:6000)"),
            ),
            Split(value) => lang.pick(
                format!("\"{value}\" is neither a number of bytes (1 or more) nor `field`"),
                format!("\"{value}\" não é um número de bytes (1 ou mais) nem `field`"),
            ),
            Corrupt(value) => lang.pick(
                format!("\"{value}\" is not FIELD=VALUE@N (example: type=9@3)"),
                format!("\"{value}\" não é CAMPO=VALOR@N (exemplo: type=9@3)"),
            ),
            Probability(value) => lang.pick(
                format!("\"{value}\" is not a probability from 0 to 1 (examples: 0.1, 25%)"),
                format!("\"{value}\" não é uma probabilidade de 0 a 1 (exemplos: 0.1, 25%)"),
            ),
        }
    }
}

/// What a command line asks that cannot be done, though each value parses (a usage error,
/// exit 2), en and pt: flags that need a partner or another protocol, values that the
/// protocol or the suite does not have. Said by [`crate::cli::Cli::check`].
#[derive(Clone, Debug)]
pub enum Usage<'a> {
    /// `--diagram` where nothing is drawn.
    NoDiagram,
    /// `--diagram-limit` or `--ascii` (the flag) with no `--diagram` to shape.
    DiagramShape(&'static str),
    /// A proxy flag of the TCP protocols given to the mcast relay.
    TcpOnly(&'static str),
    /// A proxy flag of the mcast relay given to a TCP protocol.
    McastOnly(&'static str),
    /// `--peers` on another protocol than chat.
    ChatOnly(&'static str),
    /// `--hold` (or another flag) without the flag it serves.
    Needs {
        flag: &'static str,
        partner: &'static str,
    },
    /// `--only` without an impairment to apply to one direction.
    OnlyAlone,
    /// `--seed` without a random choice to repeat.
    SeedAlone,
    /// The mcast relay's LISTEN or TARGET is not a multicast group:port.
    NotGroupPort(String),
    /// The mcast relay's two groups are one.
    SameGroups,
    /// `--corrupt` as given, and why the protocol cannot do it.
    Corrupt {
        value: String,
        why: Box<Usage<'a>>,
    },
    NoBinaryFields(&'static str),
    NoSuchField {
        proto: &'static str,
        field: &'a str,
        fields: String,
    },
    TooLarge {
        value: u64,
        field: &'a str,
        max: u64,
    },
    /// `--corrupt`'s VALUE is not a number (or, for an address, an IPv4 address).
    CorruptValue {
        value: &'a str,
        field: &'a str,
        address: bool,
    },
    /// `--corrupt`'s N is not a frame number.
    CorruptAt(&'a str),
    /// `--iface` that names no interface (its sentence from the mcast roles).
    Iface(String),
    /// `proxy mcast` with an IPv6 group and no `--iface` (the default is 127.0.0.1).
    Ipv6NeedsIface,
    /// `app client`'s first word, meant as the server, that is not one.
    BadServer {
        value: &'a str,
        why: String,
    },
    /// `check --timeout 0`.
    CheckTimeoutZero,
    /// `check --only PATTERN` that matches no case.
    CheckNoCase {
        patterns: String,
        suite: &'static str,
    },
    /// `check PROTOCOL` without the HOST:PORT it needs.
    CheckNeedsTarget(&'static str),
    /// `check SERVER-SUITE` with a client check's options.
    CheckServerNoCommand(&'static str),
    /// `check CLIENT-SUITE HOST:PORT`.
    CheckClientNoTarget {
        suite: &'static str,
        target: String,
    },
    /// `check CLIENT-SUITE` without the client's command.
    CheckClientNeedsCommand(&'static str),
    /// `check … --say LINE` whose action is not one of the client's.
    CheckSayAction(String),
    /// `app client` words missing: the names of the missing ones, and the words given.
    Missing {
        names: &'static str,
        after: String,
    },
}

impl Usage<'_> {
    /// This sentence in the command line's language.
    pub fn say(&self) -> String {
        self.render(crate::term::text::command_line_lang())
    }
}

impl Text for Usage<'_> {
    fn render(&self, lang: Lang) -> String {
        use Usage::*;
        match self {
            NoDiagram => lang
                .pick(
                    "--diagram draws TCP exchanges: a role's, the proxy's (not mcast), the \
                     demo's or a failing check case's",
                    "--diagram desenha trocas TCP: as de um papel, as do proxy (não mcast), as \
                     da demo ou as de um caso do check que falhou",
                )
                .into(),
            DiagramShape(flag) => lang.pick(
                format!(
                    "{flag} shapes a diagram: give --diagram <FORMAT> too (mermaid, plantuml \
                     or ladder)"
                ),
                format!(
                    "{flag} molda um diagrama: dê também --diagram <FORMATO> (mermaid, \
                     plantuml ou ladder)"
                ),
            ),
            TcpOnly(flag) => lang.pick(
                format!("{flag} is for the TCP protocols, not mcast"),
                format!("{flag} é para os protocolos TCP, não para mcast"),
            ),
            McastOnly(flag) => lang.pick(
                format!("{flag} is for mcast only"),
                format!("{flag} é só para mcast"),
            ),
            ChatOnly(flag) => lang.pick(
                format!("{flag} is for chat only"),
                format!("{flag} é só para chat"),
            ),
            Needs { flag, partner } => lang.pick(
                format!("{flag} only changes what {partner} does: give {partner} too"),
                format!("{flag} só muda o que {partner} faz: dê {partner} também"),
            ),
            OnlyAlone => lang
                .pick(
                    "--only picks the direction of the impairments: give one too (--split, \
                     --coalesce, --delay, --jitter, --rate, --close-after, --reset-after, \
                     --half-close-after, --corrupt)",
                    "--only escolhe a direção das perturbações: dê uma também (--split, \
                     --coalesce, --delay, --jitter, --rate, --close-after, --reset-after, \
                     --half-close-after, --corrupt)",
                )
                .into(),
            SeedAlone => lang
                .pick(
                    "--seed repeats the random choices of --jitter, --drop, --duplicate or \
                     --reorder: give one of them too",
                    "--seed repete as escolhas aleatórias de --jitter, --drop, --duplicate ou \
                     --reorder: dê uma delas também",
                )
                .into(),
            NotGroupPort(what) => lang.pick(
                format!("{what} is not a multicast group:port"),
                format!("{what} não é grupo:porta multicast"),
            ),
            SameGroups => lang
                .pick(
                    "the two groups are the same: the relay would hear itself",
                    "os dois grupos são o mesmo: o repasse ouviria a si mesmo",
                )
                .into(),
            Corrupt { value, why } => lang.pick(
                format!(
                    "invalid value '{value}' for '--corrupt <FIELD=VALUE@N>': {}",
                    why.render(lang)
                ),
                format!(
                    "valor inválido '{value}' para '--corrupt <CAMPO=VALOR@N>': {}",
                    why.render(lang)
                ),
            ),
            NoBinaryFields(proto) => lang.pick(
                format!("{proto} frames have no binary fields for --corrupt"),
                format!("os quadros {proto} não têm campos binários para --corrupt"),
            ),
            NoSuchField {
                proto,
                field,
                fields,
            } => lang.pick(
                format!("{proto} has no field \"{field}\" (its fields: {fields})"),
                format!("{proto} não tem o campo \"{field}\" (os seus campos: {fields})"),
            ),
            TooLarge { value, field, max } => lang.pick(
                format!("{value} is larger than the field {field} holds ({max})"),
                format!("{value} é maior do que o campo {field} comporta ({max})"),
            ),
            CorruptValue {
                value,
                field,
                address: true,
            } => lang.pick(
                format!(
                    "\"{value}\" is neither a number nor an IPv4 address for the field {field} \
                     (examples: {field}=10.0.0.9@1, {field}=167772169@1)"
                ),
                format!(
                    "\"{value}\" não é um número nem um endereço IPv4 para o campo {field} \
                     (exemplos: {field}=10.0.0.9@1, {field}=167772169@1)"
                ),
            ),
            CorruptValue { value, field, .. } => lang.pick(
                format!("\"{value}\" is not a number for the field {field} (example: {field}=9@3)"),
                format!("\"{value}\" não é um número para o campo {field} (exemplo: {field}=9@3)"),
            ),
            CorruptAt(at) => lang.pick(
                format!(
                    "\"{at}\" after the @ is not a frame number of 1 or more (example: type=9@3)"
                ),
                format!(
                    "\"{at}\" depois do @ não é um número de quadro de 1 ou mais (exemplo: \
                     type=9@3)"
                ),
            ),
            Iface(why) => why.clone(),
            Ipv6NeedsIface => lang
                .pick(
                    "an IPv6 group needs --iface: the loopback's name (lo on Linux, lo0 on macOS) \
                     keeps the datagrams on this machine",
                    "um grupo IPv6 precisa de --iface: o nome da interface de loopback (lo no \
                     Linux, lo0 no macOS) mantém os datagramas nesta máquina",
                )
                .into(),
            BadServer { value, why } => lang.pick(
                format!("invalid value '{value}' for '[HOST:PORT]': {why}"),
                format!("valor inválido '{value}' para '[HOST:PORTA]': {why}"),
            ),
            CheckTimeoutZero => lang
                .pick(
                    "invalid value '0' for '--timeout <TIME>': a case needs time",
                    "valor inválido '0' para '--timeout <TEMPO>': um caso precisa de tempo",
                )
                .into(),
            CheckNoCase { patterns, suite } => lang.pick(
                format!(
                    "invalid value '{patterns}' for '--only <PATTERN>': no {suite} case matches \
                     (--list shows them)"
                ),
                format!(
                    "valor inválido '{patterns}' para '--only <PADRÃO>': nenhum caso de {suite} \
                     corresponde (--list os mostra)"
                ),
            ),
            CheckNeedsTarget(suite) => lang.pick(
                format!("netlab check {suite} needs the HOST:PORT of what it checks"),
                format!("netlab check {suite} precisa do HOST:PORTA do que verifica"),
            ),
            CheckServerNoCommand(suite) => lang.pick(
                format!(
                    "netlab check {suite} checks a server at HOST:PORT: COMMAND, --say and \
                     --say-file are for the client checks (msg-display, msg-emitter, …)"
                ),
                format!(
                    "netlab check {suite} verifica um servidor em HOST:PORTA: COMANDO, --say e \
                     --say-file são para as verificações de clientes (msg-display, msg-emitter, \
                     …)"
                ),
            ),
            CheckClientNoTarget { suite, target } => lang.pick(
                format!(
                    "netlab check {suite} checks a client: netlab is the server, so it takes no \
                     HOST:PORT ({target}); give the client's command after --, with {{server}} \
                     where its address goes"
                ),
                format!(
                    "netlab check {suite} verifica um cliente: o netlab é o servidor, então não \
                     recebe HOST:PORTA ({target}); dê o comando do cliente depois de --, com \
                     {{server}} onde vai o endereço"
                ),
            ),
            CheckClientNeedsCommand(suite) => lang.pick(
                format!(
                    "netlab check {suite} needs the client's command after --, e.g. netlab check \
                     {suite} -- python3 client.py {{host}} {{port}}"
                ),
                format!(
                    "netlab check {suite} precisa do comando do cliente depois de --, p. ex. \
                     netlab check {suite} -- python3 client.py {{host}} {{port}}"
                ),
            ),
            CheckSayAction(line) => lang.pick(
                format!(
                    "invalid value '{line}' for '--say <ACTION=TEMPLATE>': the actions are \
                     broadcast, unicast, qem, stop-display, list, chat, bye, quit"
                ),
                format!(
                    "valor inválido '{line}' para '--say <AÇÃO=MODELO>': as ações são \
                     broadcast, unicast, qem, stop-display, list, chat, bye, quit"
                ),
            ),
            Missing { names, after } if after.is_empty() => lang.pick(
                format!("the following required arguments were not provided: {names}"),
                format!("faltam estes argumentos obrigatórios: {}", pt_names(names)),
            ),
            Missing { names, after } => lang.pick(
                format!(
                    "the following required arguments were not provided: {names} (after {after})"
                ),
                format!(
                    "faltam estes argumentos obrigatórios: {} (depois de {after})",
                    pt_names(names)
                ),
            ),
        }
    }
}

/// `app client`'s missing words (`ACTION VALUE`) as its Portuguese usage names them.
fn pt_names(names: &str) -> String {
    names.replace("ACTION", "AÇÃO").replace("VALUE", "VALOR")
}
