//! What the shared plumbing itself says, en and pt: the prefixes of error and warning lines,
//! the listening address, accept and descriptor troubles, the summary of rate-limited
//! warnings.

use std::net::SocketAddr;

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
        why: &'a Lookup,
    },
    /// `main`: the Ctrl-C handler could not be installed.
    NoSignalHandler(&'a str),
}

/// Why a host name did not resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The resolver does not know the name (or it has no address).
    NotFound,
    /// The name server did not answer now.
    TryAgain,
    /// Anything else, as the system says it (in the user's language when it is an OS error).
    Other(String),
}

impl Lookup {
    /// Why a lookup failed, from the error the resolver gave (std says a resolver's failure
    /// only in words: `failed to lookup address information: Name or service not known`).
    pub fn of(e: &std::io::Error, lang: Lang) -> Lookup {
        let said = e.to_string();
        let not_found = [
            "Name or service not known",
            "No address associated with hostname",
            "nodename nor servname provided",
            "no address found",
        ];
        if e.kind() == std::io::ErrorKind::NotFound || not_found.iter().any(|s| said.contains(s)) {
            Lookup::NotFound
        } else if said.contains("Temporary failure in name resolution") {
            Lookup::TryAgain
        } else {
            Lookup::Other(crate::term::text::os_error(e, lang))
        }
    }
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
            CannotResolve { host, why } => match why {
                Lookup::NotFound => lang.pick(
                    format!("the name {host} was not found"),
                    format!("o nome {host} não foi encontrado"),
                ),
                Lookup::TryAgain => lang.pick(
                    format!("the name {host} could not be looked up now: the name server did not answer (try again later)"),
                    format!("o nome {host} não pôde ser procurado agora: o servidor de nomes não respondeu (tente mais tarde)"),
                ),
                Lookup::Other(why) => lang.pick(
                    format!("cannot find the address of {host}: {why}"),
                    format!("não foi possível achar o endereço de {host}: {why}"),
                ),
            },
            NoSignalHandler(why) => lang.pick(
                format!("cannot install the Ctrl-C handler: {why}"),
                format!("não foi possível instalar o tratador de Ctrl-C: {why}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Lookup, NetText};
    use crate::term::text::{Lang, Text};
    use std::io;

    /// What std gives when the resolver does not know a name (no lookup here: no traffic).
    fn resolver(said: &str) -> io::Error {
        io::Error::other(format!("failed to lookup address information: {said}"))
    }

    #[test]
    fn a_name_that_does_not_resolve_is_said_plainly() {
        let unknown = Lookup::of(&resolver("Name or service not known"), Lang::Pt);
        assert_eq!(unknown, Lookup::NotFound);
        let said = |why: &Lookup, lang| {
            NetText::CannotResolve {
                host: "nosuch.invalid",
                why,
            }
            .render(lang)
        };
        assert_eq!(
            said(&unknown, Lang::Pt),
            "o nome nosuch.invalid não foi encontrado"
        );
        assert_eq!(
            said(&unknown, Lang::En),
            "the name nosuch.invalid was not found"
        );
        let later = Lookup::of(&resolver("Temporary failure in name resolution"), Lang::Pt);
        assert_eq!(later, Lookup::TryAgain);
        assert!(said(&later, Lang::Pt).contains("servidor de nomes não respondeu"));
        // An OS error keeps its number, in the user's language.
        let refused = Lookup::of(&io::Error::from_raw_os_error(111), Lang::Pt);
        if let Lookup::Other(why) = &refused {
            assert!(why.contains("111"), "{why}");
        }
    }
}
