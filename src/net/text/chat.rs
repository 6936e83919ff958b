//! The chat sentences, en and pt: what the peer shows its user, what the directory server
//! logs, and the narration of `netlab demo chat`. The pt strings quoted by the original
//! (`Ativos (além de você): …`, `Conectado a …`, `Nenhuma conexão P2P ativa`) are exact.

use super::{Lang, Text};

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
        reason: &'a str,
    },
    TooSlow(&'a str),
    // ----- demo narration
    DemoTitle,
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

impl Text for Chat<'_> {
    fn render(&self, lang: Lang) -> String {
        let pt = lang == Lang::Pt;
        let pick = |en: String, pt_text: String| if pt { pt_text } else { en };
        match *self {
            Chat::Online([]) => pick(
                "Nobody else is online".into(),
                "Nenhum outro usuário ativo".into(),
            ),
            Chat::Online(names) => {
                let names = names.join(", ");
                pick(
                    format!("Online (besides you): {names}"),
                    format!("Ativos (além de você): {names}"),
                )
            }
            Chat::NotOnline(n) => pick(format!("{n} is not online"), format!("{n} não está ativo")),
            Chat::Connected(n) => pick(format!("Connected to {n}"), format!("Conectado a {n}")),
            Chat::Left(n) => pick(
                format!("{n} left the conversation"),
                format!("{n} saiu da conversa"),
            ),
            Chat::NoActive => pick(
                "No active P2P connection".into(),
                "Nenhuma conexão P2P ativa".into(),
            ),
            Chat::Received { name, text } => format!("{name}: {text}"),
            Chat::Sent { to, text } => pick(format!("(to {to}) {text}"), format!("(para {to}) {text}")),
            Chat::Closed(n) => pick(
                format!("Conversation with {n} closed"),
                format!("Conversa com {n} encerrada"),
            ),
            Chat::NowTalking(n) => pick(
                format!("Now talking to {n}"),
                format!("Agora falando com {n}"),
            ),
            Chat::NoConversation(n) => pick(
                format!("No conversation with {n}"),
                format!("Nenhuma conversa com {n}"),
            ),
            Chat::NotSent => pick(
                "Not sent: the other side would read that line as a protocol command".into(),
                "Não enviada: o outro lado leria essa linha como um comando do protocolo".into(),
            ),
            Chat::Unreachable { name, addr, why } => pick(
                format!("Cannot reach {name} at {addr}: {why}"),
                format!("Não foi possível conectar a {name} em {addr}: {why}"),
            ),
            Chat::SelfChat => pick(
                "You cannot open a conversation with yourself".into(),
                "Você não pode abrir uma conversa consigo mesmo".into(),
            ),
            Chat::PartnerTooLong(n) => pick(
                format!("{n} sent a line over 4096 bytes; conversation closed"),
                format!("{n} enviou uma linha com mais de 4096 bytes; conversa encerrada"),
            ),
            Chat::PartnerStuck(n) => pick(
                format!("Not sent: {n} is not reading"),
                format!("Não enviada: {n} não está lendo"),
            ),
            Chat::UnknownCommand(c) => pick(
                format!("Unknown command {c} (/help lists the commands)"),
                format!("Comando desconhecido {c} (/help lista os comandos)"),
            ),
            // The argument's name in the user's language, as in the help text.
            Chat::Usage(c) => pick(format!("Usage: {c} NAME"), format!("Uso: {c} NOME")),
            Chat::Help => pick(HELP_EN.into(), HELP_PT.into()),
            Chat::Registered { name, port } => pick(
                format!("registered as {name}, conversations on port {port} (/help lists the commands)"),
                format!("cadastrado como {name}, conversas na porta {port} (/help lista os comandos)"),
            ),
            Chat::ServerGone => pick(
                "the server closed the connection".into(),
                "o servidor encerrou a conexão".into(),
            ),
            Chat::RegistrationRefused(r) => pick(
                format!("the server refused the registration: {r}"),
                format!("o servidor recusou o cadastro: {r}"),
            ),
            Chat::ServerError(r) => pick(
                format!("the server closed the connection: {r}"),
                format!("o servidor encerrou a conexão: {r}"),
            ),
            Chat::CannotReachServer { addr, why } => pick(
                format!("cannot connect to the server {addr}: {why}"),
                format!("não foi possível conectar ao servidor {addr}: {why}"),
            ),
            Chat::BadName { name, why } => pick(
                format!("cannot register {name:?}: {why}"),
                format!("não é possível cadastrar {name:?}: {why}"),
            ),
            Chat::UserJoined { name, addr } => pick(
                format!("{name} registered ({addr})"),
                format!("{name} cadastrado ({addr})"),
            ),
            Chat::UserLeft(n) => pick(format!("{n} disconnected"), format!("{n} desconectou")),
            Chat::UserExpired { name, secs } => pick(
                format!("{name} expired: silent for {secs} s"),
                format!("{name} expirou: {secs} s sem sinal"),
            ),
            Chat::ConnRefused { addr, reason } => pick(
                format!("closed {addr}: {reason}"),
                format!("conexão {addr} encerrada: {reason}"),
            ),
            Chat::TooSlow(who) => pick(
                format!("closed {who}: it does not read its answers"),
                format!("conexão {who} encerrada: não lê as respostas"),
            ),
            Chat::DemoTitle => pick(
                "chat: P2P chat with a directory server".into(),
                "chat: bate-papo P2P com servidor central".into(),
            ),
            Chat::DemoServer => pick(
                "The directory server starts on a free loopback port.".into(),
                "O servidor central começa a escutar numa porta livre de loopback.".into(),
            ),
            Chat::DemoJoins(n) => pick(
                format!("{n} joins: registers with the server (USER {n}:PORT)."),
                format!("{n} entra: cadastra-se no servidor (USER {n}:PORTA)."),
            ),
            Chat::DemoLists(n) => pick(
                format!("{n} asks who else is online (LIST)."),
                format!("{n} pergunta quem mais está ativo (LIST)."),
            ),
            Chat::DemoOpens => pick(
                "Camila opens a conversation with Bruno: ADDR Bruno to the server, then a direct TCP connection that starts with USER Camila.".into(),
                "Camila abre uma conversa com Bruno: ADDR Bruno ao servidor, depois uma conexão TCP direta que começa com USER Camila.".into(),
            ),
            Chat::DemoTalk => pick(
                "They talk peer to peer; the server sees none of it.".into(),
                "Os dois conversam diretamente; o servidor não vê nada disso.".into(),
            ),
            Chat::DemoBye => pick(
                "Bruno says goodbye and closes the conversation (/bye sends DISC).".into(),
                "Bruno se despede e encerra a conversa (/bye envia DISC).".into(),
            ),
            Chat::DemoNobody => pick(
                "Ana types a line with no conversation open.".into(),
                "Ana digita uma linha sem nenhuma conversa aberta.".into(),
            ),
            Chat::DemoExit => pick(
                "Everyone leaves (/exit); the server sees each connection close.".into(),
                "Todos saem (/exit); o servidor vê cada conexão se encerrar.".into(),
            ),
            Chat::DemoStop => pick(
                "The server stops (Ctrl-C).".into(),
                "O servidor é encerrado (Ctrl-C).".into(),
            ),
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
