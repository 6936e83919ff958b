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
