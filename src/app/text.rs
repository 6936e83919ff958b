//! The echo and app sentences, en and pt.
//!
//! The lines the tutorial's programs print (`accepted connection from …`, `closing connection
//! to …`, `received request …`, `received '…' from connection K`, `got result: …`, `got
//! response: …`) are quoted in English by the Portuguese report the spec comes from, so they
//! read the same in both languages. Protocol content (`No match for "x".`) is wire data and
//! never goes through this catalog.

use std::net::SocketAddr;

use crate::net::text::{Lang, Text};

/// One sentence of echo and app.
#[derive(Clone, Debug)]
pub enum AppText {
    // -- the tutorial's own lines (identical in pt, as the report quotes them)
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
    // (the multi-connection client's and libclient's own lines, also the same in pt)
    Starting {
        conn: u32,
        addr: SocketAddr,
    },
    StartingTo(SocketAddr),
    ClosingConn(u32),
    NoThread(String),
    Sending {
        bytes: String,
        peer: SocketAddr,
    },
    Probe {
        peer: SocketAddr,
    },
    // -- demo narration
    DemoTitle,
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
        let pt = lang == Lang::Pt;
        match self {
            Accepted(peer) => format!("accepted connection from {peer}"),
            Closing(peer) => format!("closing connection to {peer}"),
            EchoReceived { text, conn } => format!("received '{text}' from connection {conn}"),
            ReceivedJson { repr, peer } => format!("received request {repr} from {peer}"),
            ReceivedBinary { content_type, peer } => {
                format!("received {content_type} request from {peer}")
            }
            GotResult(result) => format!("got result: {result}"),
            GotResponse(repr) => format!("got response: {repr}"),
            BadRequest { peer, why } if pt => format!("pedido inválido de {peer}: {why}"),
            BadRequest { peer, why } => format!("bad request from {peer}: {why}"),
            SendFailed { peer, why } if pt => {
                format!("não foi possível enviar a resposta a {peer}: {why}")
            }
            SendFailed { peer, why } => format!("cannot send the response to {peer}: {why}"),
            EchoDiffers { conn, sent } if pt => format!(
                "conexão {conn}: o eco difere dos {sent} bytes enviados"
            ),
            EchoDiffers { conn, sent } => {
                format!("connection {conn}: the echo differs from the {sent} bytes sent")
            }
            EchoShort { conn, got, want } if pt => format!(
                "conexão {conn}: o servidor fechou após ecoar {got} de {want} bytes"
            ),
            EchoShort { conn, got, want } => format!(
                "connection {conn}: the server closed after echoing {got} of {want} bytes"
            ),
            EchoFailed { conn, why } if pt => format!("conexão {conn}: {why}"),
            EchoFailed { conn, why } => format!("connection {conn}: {why}"),
            EchoFailures { failed, total } if pt => {
                format!("{failed} de {total} conexões falharam")
            }
            EchoFailures { failed, total } => {
                format!("{failed} of {total} connections failed")
            }
            CannotConnect { addr, why } if pt => {
                format!("não foi possível conectar a {addr}: {why}")
            }
            CannotConnect { addr, why } => format!("cannot connect to {addr}: {why}"),
            NoResponse { addr, why } if pt => format!("nenhuma resposta de {addr}: {why}"),
            NoResponse { addr, why } => format!("no response from {addr}: {why}"),
            BadResponse { addr, why } if pt => format!("resposta inválida de {addr}: {why}"),
            BadResponse { addr, why } => format!("bad response from {addr}: {why}"),
            TableLoaded { file, entries } if pt => {
                format!("{entries} entradas carregadas de {file}")
            }
            TableLoaded { file, entries } => format!("loaded {entries} entries from {file}"),
            ConnError { peer, why } => format!("{peer}: {why}"),
            Failure(why) => why.clone(),
            Starting { conn, addr } => format!("starting connection {conn} to {addr}"),
            StartingTo(addr) => format!("starting connection to {addr}"),
            ClosingConn(conn) => format!("closing connection {conn}"),
            NoThread(why) if pt => {
                format!("não foi possível iniciar a thread de uma conexão: {why}")
            }
            NoThread(why) => format!("cannot start a connection thread: {why}"),
            Sending { bytes, peer } if pt => format!("enviando {bytes} para {peer}"),
            Sending { bytes, peer } => format!("sending {bytes} to {peer}"),
            Probe { peer } if pt => format!("{peer}: conectou e saiu sem enviar nada"),
            Probe { peer } => format!("{peer}: connected and left without a byte"),
            DemoTitle if pt => "echo e app: os programas do tutorial de sockets".into(),
            DemoTitle => "echo and app: the socket tutorial's programs".into(),
            DemoEcho if pt => {
                "Um servidor de eco devolve cada byte; o cliente envia \"Hello, world\" e confere o eco."
                    .into()
            }
            DemoEcho => {
                "An echo server sends every byte back; the client sends \"Hello, world\" and checks the echo."
                    .into()
            }
            DemoMulti if pt => {
                "Várias conexões ao mesmo tempo: duas conexões, duas mensagens cada, cada uma recebe exatamente os seus bytes."
                    .into()
            }
            DemoMulti => {
                "Several connections at once: two connections, two messages each, each gets back exactly its own bytes."
                    .into()
            }
            DemoApp if pt => {
                "O servidor app responde a um pedido por conexão: cabeçalho de 2 bytes, cabeçalho JSON, conteúdo."
                    .into()
            }
            DemoApp => {
                "The app server answers one request per connection: 2-byte proto-header, JSON header, content."
                    .into()
            }
            DemoHit if pt => "Uma busca por uma chave que existe.".into(),
            DemoHit => "A search for a key that exists.".into(),
            DemoMiss if pt => "Uma busca sem resultado: a resposta diz No match.".into(),
            DemoMiss => "A search that misses: the answer says No match.".into(),
            DemoEmoji if pt => {
                "Chave e valor com emoji: content-length conta bytes UTF-8, não caracteres.".into()
            }
            DemoEmoji => {
                "An emoji key and value: content-length counts UTF-8 bytes, not characters.".into()
            }
            DemoBinary if pt => {
                "Qualquer outra ação vira um pedido binário; o servidor devolve os 10 primeiros bytes."
                    .into()
            }
            DemoBinary => {
                "Any other action makes a binary request; the server returns its first 10 bytes."
                    .into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tutorial_lines_read_the_same_in_pt() {
        let line = AppText::GotResult("No match for \"needle\".".into());
        assert_eq!(line.render(Lang::Pt), line.render(Lang::En));
        assert_eq!(
            line.render(Lang::En),
            "got result: No match for \"needle\"."
        );
        let echo = AppText::EchoReceived {
            text: "Hello, world".into(),
            conn: 1,
        };
        assert_eq!(
            echo.render(Lang::Pt),
            "received 'Hello, world' from connection 1"
        );
    }

    #[test]
    fn own_sentences_are_translated() {
        let s = AppText::BadRequest {
            peer: "127.0.0.1:1".into(),
            why: "x".into(),
        };
        assert_ne!(s.render(Lang::Pt), s.render(Lang::En));
    }
}
