//! The echo and app sentences, en and pt.
//!
//! The lines the tutorial's programs print (`accepted connection from …`, `closing connection
//! to …`, `received request …`, `received '…' from connection K`, `got result: …`, `got
//! response: …`) read as the tutorial's in English and are translated in Portuguese, like
//! every other sentence. Protocol content (`No match for "x".`) is wire data and never goes
//! through this catalog.

use std::net::SocketAddr;

use super::server::Refusal;
use super::wire::{BadValue, ContentError, Part, WireError};
use crate::term::text::{Lang, Text};

/// One sentence of echo and app.
#[derive(Clone, Debug)]
pub enum AppText {
    // -- the tutorial's own lines (in English word for word)
    Accepted(String),
    Closing(String),
    EchoReceived {
        text: String,
        conn: u32,
    },
    ReceivedJson {
        repr: String,
        peer: String,
    },
    ReceivedBinary {
        content_type: String,
        peer: String,
    },
    GotResult(String),
    GotResponse(String),
    // -- netlab's own sentences
    BadRequest {
        peer: String,
        why: String,
    },
    SendFailed {
        peer: String,
        why: String,
    },
    EchoDiffers {
        conn: u32,
        sent: usize,
    },
    EchoShort {
        conn: u32,
        got: usize,
        want: usize,
    },
    EchoFailed {
        conn: u32,
        why: String,
    },
    EchoFailures {
        failed: usize,
        total: u32,
    },
    CannotConnect {
        addr: String,
        why: String,
    },
    NoResponse {
        addr: String,
        why: String,
    },
    BadResponse {
        addr: String,
        why: String,
    },
    TableLoaded {
        file: String,
        entries: usize,
    },
    ConnError {
        peer: SocketAddr,
        why: String,
    },
    /// One of several echo connections failed (the sentence says how).
    Failure(String),
    // (the multi-connection client's and libclient's own lines)
    Starting {
        conn: u32,
        addr: SocketAddr,
    },
    StartingTo(SocketAddr),
    ClosingConn(u32),
    NoThread(String),
    /// The thread doing the app client's exchange ended without an outcome.
    ClientThreadFailed,
    /// The server closed the connection before its response began.
    NoAnswer,
    Sending {
        bytes: String,
        peer: SocketAddr,
    },
    Probe {
        peer: SocketAddr,
    },
    // -- demo narration
    DemoEcho,
    DemoMulti,
    DemoApp,
    DemoHit,
    DemoMiss,
    DemoEmoji,
    DemoBinary,
}

impl Text for AppText {
    fn render(&self, lang: Lang) -> String {
        use AppText::*;
        let l = lang;
        match self {
            // The tutorial's own lines (its words in English).
            Accepted(peer) => l.pick(
                format!("accepted connection from {peer}"),
                format!("conexão aceita de {peer}"),
            ),
            Closing(peer) => l.pick(
                format!("closing connection to {peer}"),
                format!("fechando a conexão com {peer}"),
            ),
            EchoReceived { text, conn } => l.pick(
                format!("received '{text}' from connection {conn}"),
                format!("recebido '{text}' pela conexão {conn}"),
            ),
            ReceivedJson { repr, peer } => l.pick(
                format!("received request {repr} from {peer}"),
                format!("pedido {repr} recebido de {peer}"),
            ),
            ReceivedBinary { content_type, peer } => l.pick(
                format!("received {content_type} request from {peer}"),
                format!("pedido {content_type} recebido de {peer}"),
            ),
            GotResult(result) => l.pick(
                format!("got result: {result}"),
                format!("resultado: {result}"),
            ),
            GotResponse(repr) => l.pick(
                format!("got response: {repr}"),
                format!("resposta: {repr}"),
            ),
            Starting { conn, addr } => l.pick(
                format!("starting connection {conn} to {addr}"),
                format!("abrindo a conexão {conn} com {addr}"),
            ),
            StartingTo(addr) => l.pick(
                format!("starting connection to {addr}"),
                format!("abrindo uma conexão com {addr}"),
            ),
            ClosingConn(conn) => l.pick(
                format!("closing connection {conn}"),
                format!("fechando a conexão {conn}"),
            ),
            ConnError { peer, why } => format!("{peer}: {why}"),
            Failure(why) => why.clone(),
            // netlab's own sentences.
            BadRequest { peer, why } => l.pick(
                format!("bad request from {peer}: {why}"),
                format!("pedido inválido de {peer}: {why}"),
            ),
            SendFailed { peer, why } => l.pick(
                format!("cannot send the response to {peer}: {why}"),
                format!("não foi possível enviar a resposta a {peer}: {why}"),
            ),
            EchoDiffers { conn, sent } => l.pick(
                format!("connection {conn}: the echo differs from the {sent} bytes sent"),
                format!("conexão {conn}: o eco difere dos {sent} bytes enviados"),
            ),
            EchoShort { conn, got, want } => l.pick(
                format!(
                    "connection {conn}: the server closed after echoing {got} of {want} bytes"
                ),
                format!("conexão {conn}: o servidor fechou após ecoar {got} de {want} bytes"),
            ),
            EchoFailed { conn, why } => l.pick(
                format!("connection {conn}: {why}"),
                format!("conexão {conn}: {why}"),
            ),
            EchoFailures { failed, total } => l.pick(
                format!("{failed} of {total} connections failed"),
                format!("{failed} de {total} conexões falharam"),
            ),
            CannotConnect { addr, why } => l.pick(
                format!("cannot connect to {addr}: {why}"),
                format!("não foi possível conectar a {addr}: {why}"),
            ),
            NoResponse { addr, why } => l.pick(
                format!("no response from {addr}: {why}"),
                format!("nenhuma resposta de {addr}: {why}"),
            ),
            BadResponse { addr, why } => l.pick(
                format!("bad response from {addr}: {why}"),
                format!("resposta inválida de {addr}: {why}"),
            ),
            TableLoaded { file, entries } => l.pick(
                format!("loaded {entries} entries from {file}"),
                format!("{entries} entradas carregadas de {file}"),
            ),
            NoThread(why) => l.pick(
                format!("cannot start a connection thread: {why}"),
                format!("não foi possível iniciar a thread de uma conexão: {why}"),
            ),
            ClientThreadFailed => l
                .pick(
                    "the client's connection thread failed",
                    "a thread da conexão do cliente falhou",
                )
                .into(),
            NoAnswer => l
                .pick(
                    "the server closed the connection without answering",
                    "o servidor encerrou a conexão sem responder",
                )
                .into(),
            Sending { bytes, peer } => l.pick(
                format!("sending {bytes} to {peer}"),
                format!("enviando {bytes} para {peer}"),
            ),
            Probe { peer } => l.pick(
                format!("{peer}: connected and left without a byte"),
                format!("{peer}: conectou e saiu sem enviar nada"),
            ),
            DemoEcho => l
                .pick(
                    "An echo server sends every byte back; the client sends \"Hello, world\" and checks the echo.",
                    "Um servidor de eco devolve cada byte; o cliente envia \"Hello, world\" e confere o eco.",
                )
                .into(),
            DemoMulti => l
                .pick(
                    "Several connections at once: two connections, two messages each, each gets back exactly its own bytes.",
                    "Várias conexões ao mesmo tempo: duas conexões, duas mensagens cada, cada uma recebe exatamente os seus bytes.",
                )
                .into(),
            DemoApp => l
                .pick(
                    "The app server answers one request per connection: 2-byte proto-header, JSON header, content.",
                    "O servidor app responde a um pedido por conexão: cabeçalho de 2 bytes, cabeçalho JSON, conteúdo.",
                )
                .into(),
            DemoHit => l
                .pick(
                    "A search for a key that exists.",
                    "Uma busca por uma chave que existe.",
                )
                .into(),
            DemoMiss => l
                .pick(
                    "A search that misses: the answer says No match.",
                    "Uma busca sem resultado: a resposta diz No match.",
                )
                .into(),
            DemoEmoji => l
                .pick(
                    "An emoji key and value: content-length counts UTF-8 bytes, not characters.",
                    "Chave e valor com emoji: content-length conta bytes UTF-8, não caracteres.",
                )
                .into(),
            DemoBinary => l
                .pick(
                    "Any other action makes a binary request; the server returns its first 10 bytes.",
                    "Qualquer outra ação vira um pedido binário; o servidor devolve os 10 primeiros bytes.",
                )
                .into(),
        }
    }
}

impl Text for Part {
    fn render(&self, lang: Lang) -> String {
        match self {
            Part::ProtoHeader => lang.pick("the 2-byte proto-header", "do proto-header de 2 bytes"),
            Part::JsonHeader => lang.pick("the JSON header", "do cabeçalho JSON"),
            Part::Content => lang.pick("the content", "do conteúdo"),
        }
        .into()
    }
}

impl Text for BadValue {
    fn render(&self, lang: Lang) -> String {
        match self {
            BadValue::ByteOrder => lang.pick(
                "must be \"little\" or \"big\"",
                "precisa ser \"little\" ou \"big\"",
            ),
            BadValue::Length => lang.pick(
                "must be a non-negative integer",
                "precisa ser um inteiro não negativo",
            ),
            BadValue::NotString => lang.pick("must be a string", "precisa ser uma string"),
        }
        .into()
    }
}

/// Why a frame could not be read or written.
impl Text for WireError {
    fn render(&self, lang: Lang) -> String {
        let l = lang;
        match self {
            WireError::Closed => l
                .pick(
                    "closed before sending a frame",
                    "fechou a conexão antes de enviar um quadro",
                )
                .into(),
            WireError::Truncated { part, got, want } => {
                let part = part.render(l);
                l.pick(
                    format!("closed early: got {got} of the {want} bytes of {part}"),
                    format!("fechou antes da hora: chegaram {got} dos {want} bytes {part}"),
                )
            }
            WireError::Io(e) => crate::term::text::os_error(e, lang),
            WireError::HeaderNotJson(why) => l.pick(
                format!("the JSON header is not JSON: {why}"),
                format!("o cabeçalho JSON não é JSON: {why}"),
            ),
            WireError::HeaderNotObject => l
                .pick(
                    "the JSON header is not a JSON object",
                    "o cabeçalho JSON não é um objeto JSON",
                )
                .into(),
            WireError::MissingField(name) => l.pick(
                format!("missing required header \"{name}\""),
                format!("falta o cabeçalho obrigatório \"{name}\""),
            ),
            WireError::BadField { field, why } => {
                let why = why.render(l);
                l.pick(
                    format!("header \"{field}\" {why}"),
                    format!("o cabeçalho \"{field}\" {why}"),
                )
            }
            WireError::TooLong { length, limit } => l.pick(
                format!("content-length {length} exceeds the limit of {limit} bytes"),
                format!("content-length {length} excede o limite de {limit} bytes"),
            ),
            WireError::HeaderTooLong(n) => l.pick(
                format!("a JSON header of {n} bytes does not fit in 65535"),
                format!("um cabeçalho JSON de {n} bytes não cabe em 65535"),
            ),
        }
    }
}

/// Which frame a [`Content`] sentence is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// Why the text/json content of a request or a response cannot be used.
#[derive(Clone, Copy, Debug)]
pub struct Content<'a>(pub Side, pub &'a ContentError);

impl Text for Content<'_> {
    fn render(&self, lang: Lang) -> String {
        let l = lang;
        let (en, pt) = match self.0 {
            Side::Request => ("request", "do pedido"),
            Side::Response => ("response", "da resposta"),
        };
        match self.1 {
            ContentError::Encoding(enc) => l.pick(
                format!("content-encoding \"{enc}\" is not supported for text/json (only utf-8)"),
                format!("content-encoding \"{enc}\" não é aceito para text/json (somente utf-8)"),
            ),
            ContentError::NotJson(why) => l.pick(
                format!("the {en} content is not JSON: {why}"),
                format!("o conteúdo {pt} não é JSON: {why}"),
            ),
            ContentError::NotObject => l.pick(
                format!("the {en} content is not a JSON object"),
                format!("o conteúdo {pt} não é um objeto JSON"),
            ),
        }
    }
}

/// Why the app server refused a request.
impl Text for Refusal {
    fn render(&self, lang: Lang) -> String {
        let l = lang;
        match self {
            Refusal::Wire(e) => e.render(l),
            Refusal::Content(why) => Content(Side::Request, why).render(l),
            Refusal::Unhashable => l
                .pick(
                    "the search value is a list or an object",
                    "o valor buscado é uma lista ou um objeto",
                )
                .into(),
            Refusal::Busy { limit } => {
                let mib = limit >> 20;
                l.pick(
                    format!(
                        "the server is busy: the requests being read already hold its {mib} MiB for contents"
                    ),
                    format!(
                        "o servidor está ocupado: os pedidos em leitura já ocupam os seus {mib} MiB para conteúdos"
                    ),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tutorial_lines_are_the_tutorials_in_english_and_translated_in_pt() {
        // The result is wire data: the same in both; the words around it are translated.
        let line = AppText::GotResult("No match for \"needle\".".into());
        assert_eq!(
            line.render(Lang::En),
            "got result: No match for \"needle\"."
        );
        assert_eq!(line.render(Lang::Pt), "resultado: No match for \"needle\".");
        let echo = AppText::EchoReceived {
            text: "Hello, world".into(),
            conn: 1,
        };
        assert_eq!(
            echo.render(Lang::En),
            "received 'Hello, world' from connection 1"
        );
        assert_eq!(
            echo.render(Lang::Pt),
            "recebido 'Hello, world' pela conexão 1"
        );
    }

    #[test]
    fn own_sentences_are_translated() {
        let s = AppText::BadRequest {
            peer: "127.0.0.1:1".into(),
            why: "x".into(),
        };
        assert_ne!(s.render(Lang::Pt), s.render(Lang::En));
        let cut = WireError::Truncated {
            part: Part::JsonHeader,
            got: 18,
            want: 103,
        };
        assert_eq!(
            cut.render(Lang::Pt),
            "fechou antes da hora: chegaram 18 dos 103 bytes do cabeçalho JSON"
        );
        let why = ContentError::NotObject;
        assert_eq!(
            Content(Side::Response, &why).render(Lang::Pt),
            "o conteúdo da resposta não é um objeto JSON"
        );
    }
}
