//! The chat sentences, en and pt: what the peer shows its user, what the directory server
//! logs, and the narration of `netlab demo chat`. The pt strings quoted by the original
//! (`Ativos (além de você): …`, `Conectado a …`, `Nenhuma conexão P2P ativa`) are exact.

use super::hints::ChatHint;
use super::wire::{BadUser, MAX_LINE, NameError, Violation, WireError};
use crate::term::text::{Lang, Text};

/// One chat sentence.
#[derive(Debug, Clone)]
pub enum Chat<'a> {
    // ----- peer, stdout
    /// The answer to `/list`.
    Online(&'a [String]),
    /// `/chat NAME` got no ADDR answer in time.
    NotOnline(&'a str),
    Connected(&'a str),
    Left(&'a str),
    NoActive,
    /// A line received from a partner.
    Received {
        name: &'a str,
        text: &'a str,
    },
    /// A line we sent, shown locally.
    Sent {
        to: &'a str,
        text: &'a str,
    },
    /// `/bye` closed a conversation.
    Closed(&'a str),
    /// `/to NAME` (or `/chat NAME` for an open conversation).
    NowTalking(&'a str),
    /// A caller became the active conversation, in place of `back`.
    Switched {
        now: &'a str,
        back: &'a str,
    },
    NoConversation(&'a str),
    /// A text line that would read as `DISC` or `USER …` on the other side.
    NotSent,
    Unreachable {
        name: &'a str,
        addr: &'a str,
        why: &'a str,
    },
    SelfChat,
    /// A partner sent a line over the limit; the conversation was cut.
    PartnerTooLong(&'a str),
    /// A partner's queue is full: it does not read.
    PartnerStuck(&'a str),
    UnknownCommand(&'a str),
    /// A command typed without its NAME argument (the command, e.g. `/chat`).
    Usage(&'a str),
    Help,
    // ----- peer, stderr and errors
    /// Registration confirmed (the server answered our first LIST).
    Registered {
        name: &'a str,
        port: u16,
    },
    ServerGone,
    /// The server sent a line longer than a peer reads from it: the peer cut the connection.
    ServerLineTooLong,
    /// `ERR reason` before registration was confirmed.
    RegistrationRefused(&'a str),
    /// `ERR reason` later on.
    ServerError(&'a str),
    CannotReachServer {
        addr: &'a str,
        why: &'a str,
    },
    BadName {
        name: &'a str,
        why: &'a str,
    },
    // ----- server, stderr
    UserJoined {
        name: &'a str,
        addr: &'a str,
    },
    UserLeft(&'a str),
    UserExpired {
        name: &'a str,
        secs: f64,
    },
    ConnRefused {
        addr: &'a str,
        reason: &'a Violation,
    },
    TooSlow(&'a str),
    ConnectionFrom {
        id: u64,
        peer: std::net::SocketAddr,
    },
    ConnectionClosed {
        id: u64,
        why: &'a WireError,
    },
    Ignored {
        id: u64,
        line: &'a str,
    },
    NoExpire,
    // ----- peer, stderr (-v)
    ConversationRequest(std::net::SocketAddr),
    ServerLinkClosed(&'a WireError),
    ConversationClosed {
        id: u64,
        why: &'a WireError,
    },
    IgnoredFromServer(&'a str),
    NoKeepalive,
    CannotListen(&'a str),
    // ----- demo narration
    DemoServer,
    DemoJoins(&'a str),
    DemoLists(&'a str),
    DemoOpens,
    DemoTalk,
    DemoBye,
    DemoNobody,
    DemoExit,
    DemoStop,
}

const HELP_EN: &str = "\
Commands:
  /list         who else is online
  /chat NAME    open a conversation with NAME (it becomes the active one)
  /to NAME      make the open conversation with NAME the active one
  /bye [NAME]   close a conversation (default: the active one)
  /exit         close every conversation and leave
  /help         this list
Any other line is sent to the active conversation.";

const HELP_PT: &str = "\
Comandos:
  /list         quem mais está ativo
  /chat NOME    abre uma conversa com NOME (ela passa a ser a ativa)
  /to NOME      torna ativa a conversa aberta com NOME
  /bye [NOME]   encerra uma conversa (por padrão, a ativa)
  /exit         encerra todas as conversas e sai
  /help         esta lista
Qualquer outra linha é enviada à conversa ativa.";

/// The hints, as one sentence each (`netlab check`).
impl Text for ChatHint {
    fn render(&self, lang: Lang) -> String {
        lang.pick(
            match self {
                ChatHint::MissingCrlf => {
                    "missing \\r\\n: every line ends in \\r\\n, so the receiver can tell where \
                     one ends when several share a segment (one send is not one recv)"
                }
                ChatHint::BareLf => {
                    "the line ends in \\n alone: the protocol ends every line in \\r\\n"
                }
                ChatHint::TrailingSpace => {
                    "trailing spaces: a reply ends right after its last field"
                }
                ChatHint::AddrWithName => {
                    "the later edition's ADDR name:ip:port, which peers accept; the spec's \
                     answer is ADDR ip:port"
                }
                ChatHint::BareList => {
                    "a bare LIST: an empty list is `LIST ` with its trailing space (known peers \
                     split on that space and crash without it)"
                }
                ChatHint::SpaceAfterColon => {
                    "a space after each colon, as in the original's example table; peers accept \
                     it, the spec joins names with a bare colon"
                }
                ChatHint::NoExpiry => {
                    "no keepalive expiry: a user silent for 15 s (3 missed KEEPs) is cut off \
                     with shutdown and removed"
                }
            },
            match self {
                ChatHint::MissingCrlf => {
                    "falta \\r\\n: toda linha termina em \\r\\n, para o receptor saber onde \
                     uma termina quando várias chegam juntas (um send não é um recv)"
                }
                ChatHint::BareLf => {
                    "a linha termina só em \\n: o protocolo termina toda linha em \\r\\n"
                }
                ChatHint::TrailingSpace => {
                    "espaços no fim: uma resposta termina logo depois do último campo"
                }
                ChatHint::AddrWithName => {
                    "o ADDR nome:ip:porta da edição posterior, que os pares aceitam; a resposta \
                     da especificação é ADDR ip:porta"
                }
                ChatHint::BareList => {
                    "um LIST sozinho: a lista vazia é `LIST ` com o espaço final (pares \
                     conhecidos separam por esse espaço e quebram sem ele)"
                }
                ChatHint::SpaceAfterColon => {
                    "um espaço depois de cada dois-pontos, como na tabela de exemplo do \
                     original; os pares aceitam, a especificação junta os nomes só com dois-pontos"
                }
                ChatHint::NoExpiry => {
                    "sem expiração por keepalive: um usuário calado por 15 s (3 KEEPs perdidos) \
                     é cortado com shutdown e removido"
                }
            },
        )
        .into()
    }
}

impl Text for Chat<'_> {
    fn render(&self, lang: Lang) -> String {
        let l = lang;
        match *self {
            Chat::Online([]) => l.pick(
                "Nobody else is online".into(),
                "Nenhum outro usuário ativo".into(),
            ),
            Chat::Online(names) => {
                let names = names.join(", ");
                l.pick(
                    format!("Online (besides you): {names}"),
                    format!("Ativos (além de você): {names}"),
                )
            }
            Chat::NotOnline(n) => l.pick(format!("{n} is not online"), format!("{n} não está ativo")),
            Chat::Connected(n) => l.pick(format!("Connected to {n}"), format!("Conectado a {n}")),
            Chat::Left(n) => l.pick(
                format!("{n} left the conversation"),
                format!("{n} saiu da conversa"),
            ),
            Chat::NoActive => l.pick(
                "No active P2P connection".into(),
                "Nenhuma conexão P2P ativa".into(),
            ),
            Chat::Received { name, text } => format!("{name}: {text}"),
            Chat::Sent { to, text } => l.pick(format!("(to {to}) {text}"), format!("(para {to}) {text}")),
            Chat::Closed(n) => l.pick(
                format!("Conversation with {n} closed"),
                format!("Conversa com {n} encerrada"),
            ),
            Chat::NowTalking(n) => l.pick(
                format!("Now talking to {n}"),
                format!("Agora falando com {n}"),
            ),
            Chat::Switched { now, back } => l.pick(
                format!("Now talking to {now}; /to {back} to go back"),
                format!("Agora falando com {now}; /to {back} para voltar"),
            ),
            Chat::NoConversation(n) => l.pick(
                format!("No conversation with {n}"),
                format!("Nenhuma conversa com {n}"),
            ),
            Chat::NotSent => l.pick(
                "Not sent: the other side would read that line as a protocol command".into(),
                "Não enviada: o outro lado leria essa linha como um comando do protocolo".into(),
            ),
            Chat::Unreachable { name, addr, why } => l.pick(
                format!("Cannot reach {name} at {addr}: {why}"),
                format!("Não foi possível conectar a {name} em {addr}: {why}"),
            ),
            Chat::SelfChat => l.pick(
                "You cannot open a conversation with yourself".into(),
                "Você não pode abrir uma conversa consigo mesmo".into(),
            ),
            Chat::PartnerTooLong(n) => l.pick(
                format!("{n} sent a line over 4096 bytes; conversation closed"),
                format!("{n} enviou uma linha com mais de 4096 bytes; conversa encerrada"),
            ),
            Chat::PartnerStuck(n) => l.pick(
                format!("Not sent: {n} is not reading"),
                format!("Não enviada: {n} não está lendo"),
            ),
            Chat::UnknownCommand(c) => l.pick(
                format!("Unknown command {c} (/help lists the commands)"),
                format!("Comando desconhecido {c} (/help lista os comandos)"),
            ),
            // The argument's name in the user's language, as in the help text.
            Chat::Usage(c) => l.pick(format!("Usage: {c} NAME"), format!("Uso: {c} NOME")),
            Chat::Help => l.pick(HELP_EN.into(), HELP_PT.into()),
            Chat::Registered { name, port } => l.pick(
                format!("registered as {name}, conversations on port {port} (/help lists the commands)"),
                format!("cadastrado como {name}, conversas na porta {port} (/help lista os comandos)"),
            ),
            Chat::ServerLineTooLong => {
                let mib = super::wire::MAX_SERVER_LINE >> 20;
                l.pick(
                    format!(
                        "the server sent a line longer than {mib} MiB, more than any answer can \
                         be: connection cut"
                    ),
                    format!(
                        "o servidor enviou uma linha com mais de {mib} MiB, mais do que qualquer \
                         resposta pode ter: conexão cortada"
                    ),
                )
            }
            Chat::ServerGone => l.pick(
                "the server closed the connection".into(),
                "o servidor encerrou a conexão".into(),
            ),
            Chat::RegistrationRefused(r) => l.pick(
                format!("the server refused the registration: {r}"),
                format!("o servidor recusou o cadastro: {r}"),
            ),
            Chat::ServerError(r) => l.pick(
                format!("the server closed the connection: {r}"),
                format!("o servidor encerrou a conexão: {r}"),
            ),
            Chat::CannotReachServer { addr, why } => l.pick(
                format!("cannot connect to the server {addr}: {why}"),
                format!("não foi possível conectar ao servidor {addr}: {why}"),
            ),
            Chat::BadName { name, why } => l.pick(
                format!("cannot register \"{name}\": {why}"),
                format!("não é possível cadastrar \"{name}\": {why}"),
            ),
            Chat::UserJoined { name, addr } => l.pick(
                format!("{name} registered ({addr})"),
                format!("{name} se cadastrou ({addr})"),
            ),
            Chat::UserLeft(n) => l.pick(format!("{n} disconnected"), format!("{n} desconectou")),
            Chat::UserExpired { name, secs } => l.pick(
                format!("{name} expired: silent for {secs} s"),
                format!("{name} expirou: {secs} s sem sinal"),
            ),
            Chat::ConnRefused { addr, reason } => {
                let reason = reason.render(l);
                l.pick(
                    format!("closed {addr}: {reason}"),
                    format!("conexão {addr} encerrada: {reason}"),
                )
            }
            Chat::TooSlow(who) => l.pick(
                format!("closed {who}: it does not read its answers"),
                format!("conexão {who} encerrada: não lê as respostas"),
            ),
            Chat::ConnectionFrom { id, peer } => l.pick(
                format!("connection {id} from {peer}"),
                format!("conexão {id} de {peer}"),
            ),
            Chat::ConnectionClosed { id, why } => {
                let why = why.render(l);
                l.pick(
                    format!("connection {id} closed: {why}"),
                    format!("conexão {id} encerrada: {why}"),
                )
            }
            Chat::Ignored { id, line } => l.pick(
                format!("connection {id}: ignored \"{line}\""),
                format!("conexão {id}: ignorada a linha \"{line}\""),
            ),
            Chat::NoExpire => l.pick(
                "--expire must be more than 0".into(),
                "--expire precisa ser maior que 0".into(),
            ),
            Chat::ConversationRequest(peer) => l.pick(
                format!("conversation request from {peer}"),
                format!("pedido de conversa de {peer}"),
            ),
            Chat::ServerLinkClosed(why) => {
                let why = why.render(l);
                l.pick(
                    format!("server connection: {why}"),
                    format!("conexão com o servidor: {why}"),
                )
            }
            Chat::ConversationClosed { id, why } => {
                let why = why.render(l);
                l.pick(
                    format!("conversation {id} closed: {why}"),
                    format!("conversa {id} encerrada: {why}"),
                )
            }
            Chat::IgnoredFromServer(line) => l.pick(
                format!("ignored from the server: \"{line}\""),
                format!("ignorada, vinda do servidor: \"{line}\""),
            ),
            Chat::NoKeepalive => l.pick(
                "--keepalive must be more than 0".into(),
                "--keepalive precisa ser maior que 0".into(),
            ),
            Chat::CannotListen(why) => l.pick(
                format!("cannot listen for conversations: {why}"),
                format!("não foi possível escutar conversas: {why}"),
            ),
            Chat::DemoServer => l.pick(
                "The directory server starts on a free loopback port.".into(),
                "O servidor central começa a escutar numa porta livre de loopback.".into(),
            ),
            Chat::DemoJoins(n) => l.pick(
                format!("{n} joins: registers with the server (USER {n}:PORT)."),
                format!("{n} entra: cadastra-se no servidor (USER {n}:PORTA)."),
            ),
            Chat::DemoLists(n) => l.pick(
                format!("{n} asks who else is online (LIST)."),
                format!("{n} pergunta quem mais está ativo (LIST)."),
            ),
            Chat::DemoOpens => l.pick(
                "Camila opens a conversation with Bruno: ADDR Bruno to the server, then a direct TCP connection that starts with USER Camila.".into(),
                "Camila abre uma conversa com Bruno: ADDR Bruno ao servidor, depois uma conexão TCP direta que começa com USER Camila.".into(),
            ),
            Chat::DemoTalk => l.pick(
                "They talk peer to peer; the server sees none of it.".into(),
                "Os dois conversam diretamente; o servidor não vê nada disso.".into(),
            ),
            Chat::DemoBye => l.pick(
                "Bruno says goodbye and closes the conversation (/bye sends DISC).".into(),
                "Bruno se despede e encerra a conversa (/bye envia DISC).".into(),
            ),
            Chat::DemoNobody => l.pick(
                "Ana types a line with no conversation open.".into(),
                "Ana digita uma linha sem nenhuma conversa aberta.".into(),
            ),
            Chat::DemoExit => l.pick(
                "Everyone leaves (/exit); the server sees each connection close.".into(),
                "Todos saem (/exit); o servidor vê cada conexão se encerrar.".into(),
            ),
            Chat::DemoStop => l.pick(
                "The server stops (Ctrl-C).".into(),
                "O servidor é encerrado (Ctrl-C).".into(),
            ),
        }
    }
}

impl Text for NameError {
    fn render(&self, lang: Lang) -> String {
        match self {
            NameError::Empty => lang.pick("empty name", "nome vazio"),
            NameError::TooLong => lang.pick(
                "name longer than 32 characters",
                "nome com mais de 32 caracteres",
            ),
            NameError::Colon => lang.pick("name contains ':'", "o nome contém ':'"),
            NameError::Space => lang.pick(
                "name begins or ends with a blank",
                "o nome começa ou termina com um espaço",
            ),
            NameError::Control => lang.pick(
                "name contains a control character",
                "o nome contém um caractere de controle",
            ),
            NameError::Invisible => lang.pick(
                "name contains an invisible or direction character",
                "o nome contém um caractere invisível ou de direção",
            ),
            NameError::NotUtf8 => lang.pick("name is not UTF-8", "o nome não é UTF-8"),
        }
        .into()
    }
}

impl Text for BadUser {
    fn render(&self, lang: Lang) -> String {
        match self {
            BadUser::Name(e) => {
                let e = e.render(lang);
                lang.pick(format!("bad name: {e}"), format!("nome inválido: {e}"))
            }
            BadUser::Port => lang.pick("bad port", "porta inválida").into(),
        }
    }
}

/// Why the server closed a connection, for its log (the peer reads the wire text,
/// [`Violation::reason`]).
impl Text for Violation {
    fn render(&self, lang: Lang) -> String {
        match self {
            Violation::TooLong => lang.pick(
                format!("line longer than {MAX_LINE} bytes"),
                format!("linha com mais de {MAX_LINE} bytes"),
            ),
            Violation::BadUser(bad) => bad.render(lang),
            Violation::NameTaken => lang
                .pick("the name is already in use", "o nome já está em uso")
                .into(),
            Violation::BeforeUser => lang
                .pick("a command before USER", "um comando antes de USER")
                .into(),
            Violation::Full => lang
                .pick(
                    "the server is full (its capacity of clients is reached)",
                    "o servidor está cheio (atingiu a capacidade de clientes)",
                )
                .into(),
        }
    }
}

/// Why a connection's reader stopped.
impl Text for WireError {
    fn render(&self, lang: Lang) -> String {
        match self {
            WireError::Eof => lang.pick("end of stream", "fim da conexão").into(),
            WireError::TooLong => lang.pick(
                format!("line longer than {MAX_LINE} bytes"),
                format!("linha com mais de {MAX_LINE} bytes"),
            ),
            WireError::Io(e) => crate::term::text::os_error(e, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_sentences() {
        let names = ["Ana".to_string(), "Bruno".to_string()];
        assert_eq!(
            Chat::Online(&names).render(Lang::Pt),
            "Ativos (além de você): Ana, Bruno"
        );
        assert_eq!(
            Chat::Online(&names).render(Lang::En),
            "Online (besides you): Ana, Bruno"
        );
        assert_eq!(
            Chat::Connected("Camila").render(Lang::Pt),
            "Conectado a Camila"
        );
        assert_eq!(Chat::NoActive.render(Lang::Pt), "Nenhuma conexão P2P ativa");
        assert_eq!(Chat::NoActive.render(Lang::En), "No active P2P connection");
        assert_eq!(Chat::NotOnline("Zé").render(Lang::En), "Zé is not online");
        assert_eq!(
            Chat::Left("Bruno").render(Lang::En),
            "Bruno left the conversation"
        );
    }

    #[test]
    fn usage_names_the_argument_in_the_users_language() {
        assert_eq!(Chat::Usage("/chat").render(Lang::En), "Usage: /chat NAME");
        assert_eq!(Chat::Usage("/to").render(Lang::Pt), "Uso: /to NOME");
    }
}
