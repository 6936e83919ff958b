//! What the shared plumbing itself says, en and pt: the prefixes of error and warning lines,
//! the listening address, accept and descriptor troubles, the summary of rate-limited
//! warnings, and the database-file warnings (the format is shared by more than one protocol).

use std::net::SocketAddr;

use crate::dbfile::SkipWhy;
use crate::term::text::{Lang, Text};

/// One sentence of the plumbing.
#[derive(Clone, Debug)]
pub enum NetText<'a> {
    /// Starts an error line (`netlab: error: …`).
    ErrorPrefix,
    /// Starts a warning line.
    WarningPrefix,
    /// A server is bound; scripts and tests read the port from this line's last word
    /// (`listening on ADDR:PORT`, `escutando em ADDR:PORT`).
    Listening(SocketAddr),
    AcceptFailed(&'a str),
    /// `accept` keeps failing: how many times since the last line.
    AcceptFailedAgain {
        times: u64,
        why: &'a str,
    },
    CannotStartThreads(&'a str),
    /// An accepted connection could not be taken on (its peer already gone, or out of
    /// resources): it is closed.
    CannotTakeConnection(&'a str),
    /// The descriptor limit cannot fit the configured capacity.
    CapacityReduced {
        clients: usize,
        limit: u64,
    },
    /// Connections closed at once because `capacity` were being served (counted since the
    /// last such line).
    Full {
        refused: u64,
        capacity: usize,
    },
    /// The rate-limited warnings of one peer, counted.
    MoreLikeThis {
        count: u64,
        peer: &'a str,
    },
    /// A peer did not read what it was sent and its queue overflowed: this frame is dropped.
    NotReading {
        peer: SocketAddr,
    },
    /// A peer did not read what it was sent: its connection is cut.
    NotReadingCut {
        peer: SocketAddr,
    },
    /// A database line was skipped: `FILE:LINE: why, line skipped`.
    DbSkipped {
        file: &'a str,
        line: usize,
        why: SkipWhy,
    },
    /// The database warnings not written: `FILE: N more lines skipped`.
    DbSkippedMore {
        file: &'a str,
        count: u64,
    },
    /// A database file over its size limit (set by `flag`).
    DbTooBig {
        file: &'a str,
        limit: u64,
        flag: &'a str,
    },
    CannotStartAccepting,
    /// The role's poller (its event loop) could not be made.
    CannotStartLoop,
    CannotListen(SocketAddr),
    CannotReadBound,
    CannotRead(&'a std::path::Path),
    CannotWrite(&'a std::path::Path),
    CannotCreate(&'a std::path::Path),
    CannotWriteStdout,
    /// An input line longer than the limit (in bytes) was skipped.
    InputLineTooLong(usize),
    /// stdout refused a line of what the role reports: the role stops (exit status 1).
    StdoutFailed(&'a str),
    /// A host name given on the command line does not resolve.
    CannotResolve {
        host: &'a str,
        why: &'a str,
    },
    /// `main`: the Ctrl-C handler could not be installed.
    NoSignalHandler(&'a str),
}

impl Text for NetText<'_> {
    fn render(&self, lang: Lang) -> String {
        use NetText::*;
        match self {
            ErrorPrefix => lang.pick("error:", "erro:").into(),
            WarningPrefix => lang.pick("warning:", "aviso:").into(),
            // Scripts, tests and `netlab demo` read the port from the last word.
            Listening(addr) => lang.pick(
                format!("listening on {addr}"),
                format!("escutando em {addr}"),
            ),
            AcceptFailed(why) => lang.pick(
                format!("cannot accept a connection: {why}"),
                format!("não foi possível aceitar uma conexão: {why}"),
            ),
            AcceptFailedAgain { times, why } => lang.pick(
                format!("cannot accept a connection ({times} more times): {why}"),
                format!("não foi possível aceitar uma conexão (mais {times} vezes): {why}"),
            ),
            CannotTakeConnection(why) => lang.pick(
                format!("cannot take on an accepted connection: {why}"),
                format!("não foi possível assumir uma conexão aceita: {why}"),
            ),
            CannotStartThreads(why) => lang.pick(
                format!("cannot start the threads of a connection: {why}"),
                format!("não foi possível iniciar as threads de uma conexão: {why}"),
            ),
            CapacityReduced { clients, limit } => lang.pick(
                format!("capacity reduced to {clients} clients (descriptor limit {limit})"),
                format!("capacidade reduzida a {clients} clientes (limite de descritores {limit})"),
            ),
            Full { refused, capacity } => {
                let (en, pt) = match refused {
                    1 => (
                        "1 connection refused and closed at once".to_string(),
                        "1 conexão recusada e fechada de imediato".to_string(),
                    ),
                    n => (
                        format!("{n} connections refused and closed at once"),
                        format!("{n} conexões recusadas e fechadas de imediato"),
                    ),
                };
                lang.pick(
                    format!("full ({capacity} connections at a time): {en}"),
                    format!("lotado ({capacity} conexões por vez): {pt}"),
                )
            }
            MoreLikeThis { count, peer } => lang.pick(
                format!("… {count} more like this from {peer}"),
                format!("… mais {count} como esta de {peer}"),
            ),
            NotReading { peer } => lang.pick(
                format!("{peer} does not read what it is sent: a frame to it was dropped"),
                format!("{peer} não lê o que recebe: um quadro para ele foi descartado"),
            ),
            NotReadingCut { peer } => lang.pick(
                format!("{peer} does not read what it is sent: connection cut"),
                format!("{peer} não lê o que recebe: conexão cortada"),
            ),
            DbSkipped { file, line, why } => lang.pick(
                format!("{file}:{line}: {}, line skipped", why.render(lang)),
                format!("{file}:{line}: {}, linha ignorada", why.render(lang)),
            ),
            DbSkippedMore { file, count } => lang.pick(
                format!("{file}: … {count} more lines skipped"),
                format!("{file}: … mais {count} linhas ignoradas"),
            ),
            DbTooBig { file, limit, flag } => {
                let limit = crate::dbfile::size(*limit);
                lang.pick(
                    format!(
                        "{file} is larger than the database limit of {limit} ({flag} raises it); \
                         not loaded"
                    ),
                    format!(
                        "{file} é maior que o limite de {limit} para bancos de dados ({flag} o \
                         aumenta); não carregado"
                    ),
                )
            }
            CannotStartAccepting => lang
                .pick(
                    "cannot start accepting connections",
                    "não foi possível começar a aceitar conexões",
                )
                .into(),
            CannotStartLoop => lang
                .pick(
                    "cannot start the event loop",
                    "não foi possível iniciar o laço de eventos",
                )
                .into(),
            CannotListen(addr) => lang.pick(
                format!("cannot listen on {addr}"),
                format!("não foi possível escutar em {addr}"),
            ),
            CannotReadBound => lang
                .pick(
                    "cannot read the bound address",
                    "não foi possível ler o endereço em uso",
                )
                .into(),
            CannotRead(path) => lang.pick(
                format!("cannot read {}", path.display()),
                format!("não foi possível ler {}", path.display()),
            ),
            CannotWrite(path) => lang.pick(
                format!("cannot write {}", path.display()),
                format!("não foi possível escrever {}", path.display()),
            ),
            CannotCreate(path) => lang.pick(
                format!("cannot create {}", path.display()),
                format!("não foi possível criar {}", path.display()),
            ),
            CannotWriteStdout => lang
                .pick(
                    "cannot write to stdout",
                    "não foi possível escrever na saída padrão",
                )
                .into(),
            InputLineTooLong(limit) => {
                let kib = limit / 1024;
                lang.pick(
                    format!("an input line longer than {kib} KiB, more than any message can carry, was skipped"),
                    format!("uma linha de entrada com mais de {kib} KiB, mais do que qualquer mensagem pode levar, foi ignorada"),
                )
            }
            StdoutFailed(why) => lang.pick(
                format!("cannot write to stdout ({why}): stopping, since what comes next could not be shown either"),
                format!("não foi possível escrever na saída padrão ({why}): parando, pois o que vier também não poderia ser mostrado"),
            ),
            CannotResolve { host, why } => lang.pick(
                format!("cannot find the address of {host}: {why}"),
                format!("não foi possível achar o endereço de {host}: {why}"),
            ),
            NoSignalHandler(why) => lang.pick(
                format!("cannot install the Ctrl-C handler: {why}"),
                format!("não foi possível instalar o tratador de Ctrl-C: {why}"),
            ),
        }
    }
}

impl Text for SkipWhy {
    fn render(&self, lang: Lang) -> String {
        match self {
            SkipWhy::NoValue => lang.pick("key without a value", "chave sem valor"),
            SkipWhy::KeyTooLong => {
                lang.pick("key longer than 400 bytes", "chave com mais de 400 bytes")
            }
            SkipWhy::ValueTooLong => {
                lang.pick("value longer than 400 bytes", "valor com mais de 400 bytes")
            }
            SkipWhy::NotUtf8 => lang.pick("not UTF-8", "não é UTF-8"),
            SkipWhy::LineTooLong => {
                return lang.pick(
                    format!("line longer than {} bytes", crate::dbfile::MAX_LINE),
                    format!("linha com mais de {} bytes", crate::dbfile::MAX_LINE),
                );
            }
        }
        .into()
    }
}

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
    NotIp(&'a str),
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
    NotHost,
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
            NotIp(value) => lang.pick(
                format!("{value:?} is not an IP address (example: 224.3.29.71)"),
                format!("{value:?} não é um endereço IP (exemplo: 224.3.29.71)"),
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
            NotHost => lang
                .pick(
                    "not HOST:PORT (a host name has letters, digits, '-', '_' and dots)",
                    "não é HOST:PORTA (um nome de host tem letras, dígitos, '-', '_' e pontos)",
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
