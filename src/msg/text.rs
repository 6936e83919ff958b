//! The msg sentences, en and pt: what displays print, what emitters tell their user, what the
//! server logs, and the demo's narration.

use std::net::SocketAddr;
use std::time::Duration;

use super::hints::{self, MsgHint};
use super::wire::WireError;
use crate::term::text::{Lang, Text, duration, os_error};

/// Which kind of client a sentence speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Emitter,
    Display,
}

impl Role {
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Role::Emitter => lang.pick("emitter", "emissor"),
            Role::Display => lang.pick("display", "exibidor"),
        }
    }

    /// The role an id belongs to (a display's, in the displays' range; else an emitter's).
    pub fn of(id: u16) -> Role {
        if super::wire::DISPLAYS.contains(&id) {
            Role::Display
        } else {
            Role::Emitter
        }
    }
}

/// A registered client by role and id: `display 1001`, `exibidor 1001`.
pub fn named(id: u16, lang: Lang) -> String {
    format!("{} {id}", Role::of(id).word(lang))
}

/// An emitter command whose usage is shown when its arguments are wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmd {
    Msg,
    Who,
    Stop,
    Quit,
}

/// The rows of the emitter's `/help`, one command per line.
pub const HELP: [HelpRow; 7] = [
    HelpRow::Title,
    HelpRow::Text,
    HelpRow::Msg,
    HelpRow::Who,
    HelpRow::Stop,
    HelpRow::Quit,
    HelpRow::Help,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpRow {
    Title,
    Text,
    Msg,
    Who,
    Stop,
    Quit,
    Help,
}

/// A connection as the server's log names it: `display 1001 (127.0.0.1:4242)`, or only its
/// address before it registered.
#[derive(Clone, Copy, Debug)]
pub struct Who {
    pub id: u16,
    pub peer: SocketAddr,
}

impl Who {
    fn render(&self, lang: Lang) -> String {
        let Who { id, peer } = *self;
        match id {
            0 => peer.to_string(),
            id if super::wire::DISPLAYS.contains(&id) => {
                format!("{} {id} ({peer})", Role::Display.word(lang))
            }
            id => format!("{} {id} ({peer})", Role::Emitter.word(lang)),
        }
    }
}

/// Why the server refused or ignored a frame.
#[derive(Clone, Copy, Debug)]
pub enum Why {
    BeforeOi,
    Spoofed {
        orig: u16,
        id: u16,
    },
    AlreadyRegistered,
    FromDisplay,
    TextSize(usize),
    NotConnected(u16),
    /// The display (0: every display waited for) left or was dropped before the request
    /// could be placed in its lane.
    WentAway(u16),
    /// A relayed FLW the display did not answer within the ack deadline.
    NoAnswer(u16),
}

impl Why {
    fn render(&self, lang: Lang) -> String {
        match *self {
            Why::BeforeOi => lang
                .pick("before a successful OI", "antes de um OI aceito")
                .into(),
            Why::Spoofed { orig, id } => lang.pick(
                format!("with orig {orig} on the connection of {id}"),
                format!("com orig {orig} na conexão de {id}"),
            ),
            Why::AlreadyRegistered => lang
                .pick("again (already registered)", "de novo (já registrado)")
                .into(),
            Why::FromDisplay => lang.pick("from a display", "de um exibidor").into(),
            Why::TextSize(n) => {
                let why = lang.pick(
                    format!("with {n} bytes of text (1 to 140 allowed)"),
                    format!("com {n} bytes de texto (de 1 a 140)"),
                );
                match hints::text_length(n) {
                    Some(hint) => format!("{why} — {}", hint.render(lang)),
                    None => why,
                }
            }
            Why::NotConnected(d) => lang.pick(
                format!("for display {d}, which is not connected"),
                format!("para o exibidor {d}, que não está conectado"),
            ),
            Why::WentAway(0) => lang
                .pick(
                    "for every display, all of which went away before it could be queued",
                    "para todos os exibidores, que saíram antes de o pedido entrar na fila",
                )
                .into(),
            Why::WentAway(d) => lang.pick(
                format!("for display {d}, which went away before it could be queued"),
                format!("para o exibidor {d}, que saiu antes de o pedido entrar na fila"),
            ),
            Why::NoAnswer(d) => lang.pick(
                format!("for display {d}, which did not answer it in time"),
                format!("para o exibidor {d}, que não respondeu a tempo"),
            ),
        }
    }
}

/// Why the server refused an OI.
#[derive(Clone, Copy, Debug)]
pub enum OiRefusal {
    EmittersFull,
    DisplaysFull,
    OutOfRange,
    InUse,
    /// The descriptor limit allows this many clients, and they are registered.
    Capacity(usize),
}

/// One msg sentence.
#[derive(Clone, Debug)]
pub enum MsgText<'a> {
    // --- display (stdout)
    /// A relayed MSG.
    Message {
        from: u16,
        text: &'a str,
    },
    /// An OKQEM.
    Clients {
        ids: &'a [u16],
    },
    // --- both clients (stderr)
    /// The id the server accepted.
    Registered {
        role: Role,
        id: u16,
    },
    /// The connection ended without a goodbye, and the server no longer answers.
    ServerGone,
    /// The connection ended without a goodbye, but the server still accepts connections.
    ServerClosedUs,
    /// An emitter's connection ended without a goodbye (none is sent to emitters): the
    /// server stopped, or dropped this emitter.
    ServerClosed,
    /// The server refused every id of the range.
    NoFreeId {
        role: Role,
    },
    /// `--id N` was refused (N is in range: the command line checked it).
    IdRefused {
        id: u16,
    },
    /// A display whose owner would be emitter 0 (display 1000 without `--owner`).
    Unowned {
        id: u16,
    },
    /// Probing: this id was refused, the next one is tried.
    TryingNext {
        id: u16,
    },
    /// Ctrl-C or EOF: saying goodbye.
    Leaving,
    /// The server's FLW(orig=0).
    ServerShutdown,
    /// The display's owner asked it to stop.
    StoppedBy {
        emitter: u16,
    },
    /// Someone else asked it to stop.
    NotOwner {
        emitter: u16,
        owner: u16,
    },
    /// Someone asked a display that has no owner to stop.
    NoOwner {
        emitter: u16,
    },
    /// A frame a client does not expect (by its type name).
    Unexpected(&'static str),
    /// All-zero frames from the server (said once per session).
    ServerPadding,
    CannotConnect {
        server: SocketAddr,
        why: String,
    },
    ClosedBeforeAnswer {
        server: SocketAddr,
    },
    /// What bytes that do not decode as a frame are (`--trace`, and the errors below).
    Undecodable(&'a WireError),
    /// The answer to OI arrived and does not decode: `what` says how ([`MsgText::Undecodable`],
    /// and the hint when there is one).
    UndecodableAnswer {
        server: SocketAddr,
        what: String,
    },
    /// After registration, bytes from the server that do not decode: the connection is cut.
    UndecodableFrame {
        what: String,
    },
    NoAnswer {
        server: SocketAddr,
        after: Duration,
    },
    // --- emitter (stderr)
    OkToAll,
    OkTo {
        display: u16,
    },
    OkWho {
        display: u16,
    },
    OkStop {
        display: u16,
    },
    /// The display's own ERRO to `/stop`: not its owner.
    StopRefused {
        display: u16,
    },
    /// The server's ERRO to `/stop`.
    StopFailed {
        display: u16,
    },
    NotConnected {
        display: u16,
    },
    Refused {
        seq: u32,
    },
    TooLong {
        len: usize,
    },
    /// Not a command.
    Usage {
        line: &'a str,
    },
    /// A command with wrong arguments: how it is used.
    CommandUsage(Cmd),
    /// `/who 0`, `/stop 0`: not sent.
    NotADisplay {
        line: &'a str,
    },
    /// One row of `/help`.
    Help(HelpRow),
    /// At start: where the commands are.
    HelpHint,
    /// Leaving with requests the server never answered.
    Unanswered {
        count: usize,
    },
    // --- server (stderr)
    ServerDown,
    Connected(SocketAddr),
    NoOi {
        who: Who,
        after: Duration,
    },
    Deaf {
        display: u16,
        after: Duration,
    },
    ClosedUnregistered(Who),
    /// A registered client closed its connection without FLW.
    LeftClosed(Who),
    UnknownType {
        who: Who,
        kind: u16,
    },
    MidFrame {
        who: Who,
        got: usize,
    },
    ConnFailed {
        who: Who,
        why: String,
    },
    LeftFlw(Who),
    Refusing {
        who: Who,
        name: &'static str,
        why: Why,
    },
    IgnoringResponse {
        who: Who,
        name: &'static str,
        why: Why,
    },
    Stray {
        who: Who,
        name: &'static str,
    },
    /// All-zero frames after a MSG: the client pads its text to 140 bytes (said once per
    /// connection; the frames are still answered ERRO).
    Padding(Who),
    OiRefused {
        peer: SocketAddr,
        id: u16,
        why: OiRefusal,
    },
    Joined {
        id: u16,
        peer: SocketAddr,
    },
    /// A display held emitters back and took no data for the stall deadline.
    Stalled {
        display: u16,
        after: Duration,
        waiting: usize,
    },
    /// A peer read none of its answers for the stall deadline.
    NotReadingFor {
        who: Who,
        after: Duration,
    },
    Unmatched {
        display: u16,
        ok: bool,
        seq: u32,
    },
    /// A display's answer with a field other than expected, taken as the answer to its
    /// outstanding frame all the same (said once per display, with -v or --trace).
    OddAnswer {
        display: u16,
        ok: bool,
        field: &'static str,
        got: u32,
        expected: u32,
    },
    AgreedToStop {
        display: u16,
    },
    RefusedToStop {
        display: u16,
        emitter: u16,
    },
    RefusedMessage {
        display: u16,
        seq: u32,
    },
    AsksToStop {
        emitter: u16,
        display: u16,
    },
    NotReading(Who),
    AlreadyFailed(Who),
    NoFlwAnswer {
        displays: usize,
        after: Duration,
    },
    // --- demo narration
    DemoStart,
    DemoToAll,
    DemoTo1002,
    DemoTo1001,
    DemoWho,
    DemoShutdown,
}

/// The hints, as one sentence each (`netlab check`, the server's log, `--trace`).
impl Text for MsgHint {
    fn render(&self, lang: Lang) -> String {
        match *self {
            MsgHint::Swapped { field, got, meant } => lang.pick(
                format!(
                    "{got} is {meant} byte-swapped: a little-endian {}?",
                    field.name()
                ),
                format!(
                    "{got} é {meant} com os bytes invertidos: o campo {} em little-endian?",
                    field.name()
                ),
            ),
            MsgHint::FixedText => lang
                .pick(
                    "NUL padding after the text: is MSG text sent as a fixed 140-byte field? \
                     Send exactly `length` bytes of text, nothing after them",
                    "bytes NUL depois do texto: o texto da MSG vai num campo fixo de 140 bytes? \
                     Envie exatamente `length` bytes de texto, nada depois",
                )
                .into(),
            MsgHint::KeptTimestamp => lang
                .pick(
                    "the relayed MSG keeps the emitter's timestamp: the server puts its own \
                     receive time there",
                    "a MSG repassada mantém o timestamp do emissor: o servidor deve pôr ali a \
                     hora em que a recebeu",
                )
                .into(),
            MsgHint::LaterEdition => lang
                .pick(
                    "8-byte frames that read as the later edition (OI=3, server 65535): netlab \
                     speaks the 14-byte edition",
                    "quadros de 8 bytes que se leem como a edição posterior (OI=3, servidor \
                     65535): o netlab fala a edição de 14 bytes",
                )
                .into(),
            MsgHint::DestNotRewritten => lang
                .pick(
                    "the broadcast was relayed as received: each copy's dest is the id of the \
                     display it goes to",
                    "a mensagem para todos foi repassada como chegou: o dest de cada cópia é o \
                     id do exibidor que a recebe",
                )
                .into(),
        }
    }
}

impl Text for MsgText<'_> {
    fn render(&self, lang: Lang) -> String {
        use MsgText::*;
        let l = lang;
        match self {
            Message { from, text } => l.pick(
                format!("Message from {from}: {text}"),
                format!("Mensagem de {from}: {text}"),
            ),
            Clients { ids } => {
                let list: Vec<String> = ids.iter().map(u16::to_string).collect();
                let word = l.pick("Clients", "Clientes");
                format!("{word} ({}): {}", ids.len(), list.join(" "))
            }
            Registered { role, id } => l.pick(
                format!("registered as {} {id}", role.word(l)),
                format!("registrado como {} {id}", role.word(l)),
            ),
            ServerGone => l
                .pick(
                    "the server went away (connection closed)",
                    "o servidor foi embora (conexão fechada)",
                )
                .into(),
            ServerClosed => l
                .pick(
                    "the server closed the connection (it stopped, or dropped this emitter)",
                    "o servidor fechou a conexão (ele parou, ou largou este emissor)",
                )
                .into(),
            ServerClosedUs => l
                .pick(
                    "the server closed the connection (it is still running)",
                    "o servidor fechou a conexão (ele continua no ar)",
                )
                .into(),
            NoFreeId { role } => l.pick(
                format!("the server refused every {} id", role.word(l)),
                format!("o servidor recusou todo id de {}", role.word(l)),
            ),
            IdRefused { id } => l.pick(
                format!("the server refused id {id} (in use, or the server is full)"),
                format!("o servidor recusou o id {id} (em uso, ou o servidor está lotado)"),
            ),
            Unowned { id } => l.pick(
                format!("display {id} has no owner: no emitter can /stop it (--owner ID gives it one)"),
                format!(
                    "o exibidor {id} não tem dono: nenhum emissor pode pará-lo com /stop (--owner ID lhe dá um)"
                ),
            ),
            TryingNext { id } => l.pick(
                format!("id {id} refused; trying the next one"),
                format!("id {id} recusado; tentando o próximo"),
            ),
            Leaving => l.pick("leaving (FLW)", "saindo (FLW)").into(),
            ServerShutdown => l
                .pick(
                    "the server is shutting down; leaving",
                    "o servidor está encerrando; saindo",
                )
                .into(),
            StoppedBy { emitter } => l.pick(
                format!("emitter {emitter} (the owner) asked to stop; leaving"),
                format!("o emissor {emitter} (dono) pediu para encerrar; saindo"),
            ),
            NotOwner { emitter, owner } => l.pick(
                format!(
                    "warning: emitter {emitter} asked this display to stop, but only emitter \
                     {owner} may"
                ),
                format!(
                    "aviso: o emissor {emitter} pediu para encerrar, mas só o emissor {owner} pode"
                ),
            ),
            NoOwner { emitter } => l.pick(
                format!(
                    "warning: emitter {emitter} asked this display to stop, but it has no owner \
                     (--owner)"
                ),
                format!(
                    "aviso: o emissor {emitter} pediu para encerrar, mas este exibidor não tem \
                     dono (--owner)"
                ),
            ),
            Unexpected(name) => l.pick(
                format!("ignoring an unexpected {name}"),
                format!("ignorando um {name} inesperado"),
            ),
            ServerPadding => l
                .pick(
                    "the server sends all-zero frames (is MSG text sent as a fixed 140-byte \
                     field?): ignored; said once",
                    "o servidor envia quadros só de zeros (o texto da MSG vai num campo fixo \
                     de 140 bytes?): ignorados; dito uma vez",
                )
                .into(),
            CannotConnect { server, why } => l.pick(
                format!("cannot connect to the server at {server}: {why}"),
                format!("não foi possível conectar ao servidor em {server}: {why}"),
            ),
            Undecodable(e) => match e {
                WireError::UnknownType(t) => l.pick(
                    format!("undecodable: unknown message type {t}, framing lost"),
                    format!(
                        "indecifrável: tipo de mensagem {t} desconhecido, enquadramento perdido"
                    ),
                ),
                WireError::Truncated { got } => l.pick(
                    format!("undecodable: the stream ended inside a frame ({got} bytes of it)"),
                    format!(
                        "indecifrável: a conexão terminou no meio de um quadro ({got} bytes dele)"
                    ),
                ),
                WireError::Eof => l.pick("end of stream", "fim da conexão").into(),
                WireError::Io(e) => os_error(e, l),
            },
            UndecodableAnswer { server, what } => l.pick(
                format!("an answer that does not decode as OK arrived from {server} ({what})"),
                format!("chegou de {server} uma resposta que não se decodifica como OK ({what})"),
            ),
            UndecodableFrame { what } => l.pick(
                format!(
                    "a frame that does not decode arrived from the server ({what}): connection cut"
                ),
                format!(
                    "chegou do servidor um quadro que não se decodifica ({what}): conexão cortada"
                ),
            ),
            ClosedBeforeAnswer { server } => l.pick(
                format!("the server at {server} closed the connection without answering OI"),
                format!("o servidor em {server} fechou a conexão sem responder ao OI"),
            ),
            NoAnswer { server, after } => l.pick(
                format!(
                    "the server at {server} did not answer OI within {}",
                    duration(*after)
                ),
                format!(
                    "o servidor em {server} não respondeu ao OI em {}",
                    duration(*after)
                ),
            ),
            // The OK says the message is in the lane of every display connected, not that one is:
            // with none, it reached no one.
            OkToAll => l
                .pick(
                    "OK: sent to every display (if any is connected)",
                    "OK: enviada a todos os exibidores (se houver algum conectado)",
                )
                .into(),
            OkTo { display } => l.pick(
                format!("OK: sent to display {display}"),
                format!("OK: enviada ao exibidor {display}"),
            ),
            OkWho { display } => l.pick(
                format!("OK: display {display} will show the client list"),
                format!("OK: o exibidor {display} vai mostrar a lista de clientes"),
            ),
            OkStop { display } => l.pick(
                format!("OK: display {display} agreed to stop"),
                format!("OK: o exibidor {display} aceitou encerrar"),
            ),
            StopRefused { display } => l.pick(
                format!("ERRO: display {display} refused to stop: only its owner may stop it"),
                format!(
                    "ERRO: o exibidor {display} recusou-se a encerrar: só o dono pode encerrá-lo"
                ),
            ),
            StopFailed { display } => l.pick(
                format!("ERRO: display {display} is not connected, or did not answer"),
                format!("ERRO: o exibidor {display} não está conectado, ou não respondeu"),
            ),
            NotConnected { display } => l.pick(
                format!("ERRO: display {display} is not connected"),
                format!("ERRO: o exibidor {display} não está conectado"),
            ),
            Refused { seq } => l.pick(
                format!("ERRO: the server refused message {seq}"),
                format!("ERRO: o servidor recusou a mensagem {seq}"),
            ),
            TooLong { len } => l.pick(
                format!("message too long ({len} bytes, at most 140); not sent"),
                format!("mensagem longa demais ({len} bytes, no máximo 140); não enviada"),
            ),
            Usage { line } => l.pick(
                format!("unknown command: \"{line}\" (/help lists the commands)"),
                format!("comando não entendido: \"{line}\" (/help lista os comandos)"),
            ),
            CommandUsage(cmd) => match cmd {
                Cmd::Msg => l.pick(
                    "usage: /msg D TEXT (D: a display, 1000 to 1999, or 0 for every display)",
                    "uso: /msg D TEXTO (D: um exibidor, de 1000 a 1999, ou 0 para todos)",
                ),
                Cmd::Who => l.pick(
                    "usage: /who D (D: a display, 1000 to 1999)",
                    "uso: /who D (D: um exibidor, de 1000 a 1999)",
                ),
                Cmd::Stop => l.pick(
                    "usage: /stop D (D: a display, 1000 to 1999)",
                    "uso: /stop D (D: um exibidor, de 1000 a 1999)",
                ),
                Cmd::Quit => l.pick("usage: /quit (no arguments)", "uso: /quit (sem argumentos)"),
            }
            .into(),
            NotADisplay { line } => l.pick(
                format!(
                    "\"{line}\": 0 is the server, not a display (displays: 1000 to 1999); not \
                     sent"
                ),
                format!(
                    "\"{line}\": 0 é o servidor, não um exibidor (exibidores: de 1000 a 1999); \
                     pedido não enviado"
                ),
            ),
            Help(row) => {
                let (cmd, what) = match row {
                    HelpRow::Title => {
                        return l.pick("commands:", "comandos:").into();
                    }
                    HelpRow::Text => (
                        l.pick("TEXT", "TEXTO"),
                        l.pick(
                            "sends TEXT to the default destination (--to; 0: every display)",
                            "envia TEXTO ao destino padrão (--to; 0: todos os exibidores)",
                        ),
                    ),
                    HelpRow::Msg => (
                        l.pick("/msg D TEXT", "/msg D TEXTO"),
                        l.pick(
                            "sends TEXT to display D (0: every display)",
                            "envia TEXTO ao exibidor D (0: todos os exibidores)",
                        ),
                    ),
                    HelpRow::Who => (
                        "/who D",
                        l.pick(
                            "display D shows the list of clients",
                            "o exibidor D mostra a lista de clientes",
                        ),
                    ),
                    HelpRow::Stop => (
                        "/stop D",
                        l.pick(
                            "asks display D to stop (only its owner may)",
                            "pede ao exibidor D que encerre (só o dono pode)",
                        ),
                    ),
                    HelpRow::Quit => (
                        "/quit",
                        l.pick(
                            "leaves (so do Ctrl-C and the end of input)",
                            "sai (assim como Ctrl-C e o fim da entrada)",
                        ),
                    ),
                    HelpRow::Help => ("/help", l.pick("this list", "esta lista")),
                };
                format!("  {cmd:<14} {what}")
            }
            HelpHint => l
                .pick("/help lists the commands", "/help lista os comandos")
                .into(),
            Unanswered { count } => l.pick(
                format!("{count} request(s) got no answer from the server; leaving anyway"),
                format!("{count} pedido(s) sem resposta do servidor; saindo mesmo assim"),
            ),
            ServerDown => l
                .pick(
                    "shutting down: FLW to every display",
                    "encerrando: FLW a todos os exibidores",
                )
                .into(),
            Connected(peer) => l.pick(format!("{peer}: connected"), format!("{peer}: conectou-se")),
            NoOi { who, after } => l.pick(
                format!(
                    "{}: no OI within {}; closing the connection",
                    who.render(l),
                    duration(*after)
                ),
                format!(
                    "{}: nenhum OI em {}; fechando a conexão",
                    who.render(l),
                    duration(*after)
                ),
            ),
            Deaf { display, after } => l.pick(
                format!(
                    "display {display} does not acknowledge (no OK within {}); sending to it \
                     without waiting from now on",
                    duration(*after)
                ),
                format!(
                    "o exibidor {display} não confirma (nenhum OK em {}); de agora em diante \
                     recebe sem espera",
                    duration(*after)
                ),
            ),
            ClosedUnregistered(who) => l.pick(
                format!("{}: closed", who.render(l)),
                format!("{}: fechou", who.render(l)),
            ),
            LeftClosed(who) => l.pick(
                format!("{} left (connection closed without FLW)", named(who.id, l)),
                format!("o {} saiu (conexão fechada sem FLW)", named(who.id, l)),
            ),
            UnknownType { who, kind } => {
                let line = l.pick(
                    format!(
                        "{} sent unknown message type {kind}: framing is lost, closing that \
                         connection",
                        who.render(l)
                    ),
                    format!(
                        "{} enviou o tipo de mensagem desconhecido {kind}: o enquadramento se \
                         perdeu, fechando essa conexão",
                        who.render(l)
                    ),
                );
                match hints::unknown_type(*kind) {
                    Some(hint) => format!("{line} — {}", hint.render(l)),
                    None => line,
                }
            }
            MidFrame { who, got } => l.pick(
                format!(
                    "{} closed the connection in the middle of a frame ({got} bytes)",
                    who.render(l)
                ),
                format!(
                    "{} fechou a conexão no meio de um quadro ({got} bytes)",
                    who.render(l)
                ),
            ),
            ConnFailed { who, why } => l.pick(
                format!("{}: connection failed: {why}", who.render(l)),
                format!("{}: a conexão falhou: {why}", who.render(l)),
            ),
            LeftFlw(who) => l.pick(
                format!("{} left", named(who.id, l)),
                format!("o {} saiu", named(who.id, l)),
            ),
            Refusing { who, name, why } => l.pick(
                format!("{}: refused {name} {}", who.render(l), why.render(l)),
                format!("{}: recusado {name} {}", who.render(l), why.render(l)),
            ),
            IgnoringResponse { who, name, why } => l.pick(
                format!("{}: ignoring {name} {}", who.render(l), why.render(l)),
                format!("{}: ignorando {name} {}", who.render(l), why.render(l)),
            ),
            Stray { who, name } => l.pick(
                format!("{}: ignoring a stray {name}", who.render(l)),
                format!("{}: ignorando um {name} avulso", who.render(l)),
            ),
            Padding(who) => {
                let line = l.pick(
                    format!(
                        "{}: all-zero frames after a MSG (each answered ERRO; said once)",
                        who.render(l)
                    ),
                    format!(
                        "{}: quadros só de zeros depois de uma MSG (cada um respondido com ERRO; \
                         dito uma vez)",
                        who.render(l)
                    ),
                );
                format!("{line} — {}", MsgHint::FixedText.render(l))
            }
            OiRefused { peer, id, why } => {
                let why = match why {
                    OiRefusal::EmittersFull => l.pick(
                        "the server has its most emitters",
                        "o servidor está com o máximo de emissores",
                    ),
                    OiRefusal::DisplaysFull => l.pick(
                        "the server has its most displays",
                        "o servidor está com o máximo de exibidores",
                    ),
                    OiRefusal::OutOfRange => l.pick(
                        "not an emitter (1 to 999) or display (1000 to 1999) id",
                        "não é um id de emissor (de 1 a 999) nem de exibidor (de 1000 a 1999)",
                    ),
                    OiRefusal::InUse => l.pick("that id is in use", "esse id está em uso"),
                    OiRefusal::Capacity(n) => {
                        return l.pick(
                            format!(
                                "{peer}: refused OI for id {id}: the server is at its capacity \
                                 of {n} clients (descriptor limit)"
                            ),
                            format!(
                                "{peer}: OI recusado para o id {id}: o servidor está na \
                                 capacidade máxima de {n} clientes (limite de descritores)"
                            ),
                        );
                    }
                };
                l.pick(
                    format!("{peer}: refused OI for id {id}: {why}"),
                    format!("{peer}: OI recusado para o id {id}: {why}"),
                )
            }
            Joined { id, peer } => l.pick(
                format!("{} joined ({peer})", named(*id, l)),
                format!("o {} entrou ({peer})", named(*id, l)),
            ),
            Stalled {
                display,
                after,
                waiting,
            } => l.pick(
                format!(
                    "display {display} took no data for {}; dropping it, and the {waiting} \
                     message(s) waiting for it",
                    duration(*after)
                ),
                format!(
                    "o exibidor {display} não recebeu dados em {}; desligando-o, com as \
                     {waiting} mensagem(ns) que o esperavam",
                    duration(*after)
                ),
            ),
            NotReadingFor { who, after } => l.pick(
                format!(
                    "{} read none of its answers for {}; dropping it",
                    who.render(l),
                    duration(*after)
                ),
                format!(
                    "{} não leu nenhuma resposta em {}; desligando-o",
                    who.render(l),
                    duration(*after)
                ),
            ),
            Unmatched { display, ok, seq } => {
                let name = if *ok { "OK" } else { "ERRO" };
                l.pick(
                    format!(
                        "display {display}: ignoring an {name} that matches nothing (seq {seq})"
                    ),
                    format!(
                        "exibidor {display}: ignorando um {name} que não corresponde a nada (seq \
                         {seq})"
                    ),
                )
            }
            OddAnswer {
                display,
                ok,
                field,
                got,
                expected,
            } => {
                let name = if *ok { "OK" } else { "ERRO" };
                l.pick(
                    format!(
                        "display {display}: its {name} has {field}={got} (expected \
                         {field}={expected}); taken as its answer all the same (said once)"
                    ),
                    format!(
                        "exibidor {display}: seu {name} tem {field}={got} (esperado \
                         {field}={expected}); aceito como sua resposta mesmo assim (dito uma vez)"
                    ),
                )
            }
            AgreedToStop { display } => l.pick(
                format!("display {display} agreed to stop"),
                format!("o exibidor {display} aceitou encerrar"),
            ),
            RefusedToStop { display, emitter } => l.pick(
                format!(
                    "display {display} refused to stop at the request of emitter {emitter} (not \
                     its owner)"
                ),
                format!(
                    "o exibidor {display} recusou-se a encerrar a pedido do emissor {emitter} \
                     (não é o dono)"
                ),
            ),
            RefusedMessage { display, seq } => l.pick(
                format!("display {display} refused message {seq}"),
                format!("o exibidor {display} recusou a mensagem {seq}"),
            ),
            AsksToStop { emitter, display } => l.pick(
                format!("emitter {emitter} asks display {display} to stop"),
                format!("o emissor {emitter} pede ao exibidor {display} que encerre"),
            ),
            NotReading(who) => l.pick(
                format!(
                    "{} does not read what it is sent; dropping it",
                    who.render(l)
                ),
                format!("{} não lê o que recebe; desligando-o", who.render(l)),
            ),
            AlreadyFailed(who) => l.pick(
                format!("{}: connection already failed", who.render(l)),
                format!("{}: a conexão já tinha falhado", who.render(l)),
            ),
            NoFlwAnswer { displays, after } => l.pick(
                format!(
                    "{displays} display(s) did not answer FLW within {}",
                    duration(*after)
                ),
                format!(
                    "{displays} exibidor(es) não responderam ao FLW em {}",
                    duration(*after)
                ),
            ),
            DemoStart => l
                .pick(
                    "A server; displays 1001 and 1002 and emitters 1 and 2 connect.",
                    "Um servidor, os exibidores 1001 e 1002 e os emissores 1 e 2 se conectam.",
                )
                .into(),
            DemoToAll => l
                .pick(
                    "Test 1: emitter 1 sends \"Ob-la-di\" to every display.",
                    "Teste 1: o emissor 1 envia \"Ob-la-di\" a todos os exibidores.",
                )
                .into(),
            DemoTo1002 => l
                .pick(
                    "Test 2: emitter 1 sends \"Ob-la-da\" to display 1002.",
                    "Teste 2: o emissor 1 envia \"Ob-la-da\" ao exibidor 1002.",
                )
                .into(),
            DemoTo1001 => l
                .pick(
                    "Test 3: emitter 2 sends \"Life goes on, brah!!!\" to display 1001.",
                    "Teste 3: o emissor 2 envia \"Life goes on, brah!!!\" ao exibidor 1001.",
                )
                .into(),
            DemoWho => l
                .pick(
                    "Test 4: emitter 1 sends QEM: display 1001 shows the client list.",
                    "Teste 4: o emissor 1 envia QEM: o exibidor 1001 mostra a lista de clientes.",
                )
                .into(),
            DemoShutdown => l
                .pick(
                    "Ctrl-C on the server: FLW to every display, which answers OK and exits; the \
                     emitters see the connection close.",
                    "Ctrl-C no servidor: FLW a cada exibidor, que responde OK e sai; os emissores \
                     veem a conexão fechar.",
                )
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_and_their_notes() {
        let who = Who {
            id: 1,
            peer: "127.0.0.1:4000".parse().unwrap(),
        };
        let line = MsgText::Padding(who).render(Lang::En);
        assert!(line.starts_with("emitter 1 (127.0.0.1:4000): all-zero frames after a MSG"));
        assert!(line.contains("fixed 140-byte field"), "{line}");
        assert!(
            Why::TextSize(512)
                .render(Lang::En)
                .ends_with("— 512 is 2 byte-swapped: a little-endian length?")
        );
        assert_eq!(
            Why::TextSize(141).render(Lang::En),
            "with 141 bytes of text (1 to 140 allowed)"
        );
        let who = Who { id: 0, ..who };
        assert!(
            MsgText::UnknownType { who, kind: 768 }
                .render(Lang::Pt)
                .ends_with("— 768 é 3 com os bytes invertidos: o campo type em little-endian?")
        );
    }
}
