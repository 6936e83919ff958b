//! The diagrams' own sentences and words, en and pt.

use std::net::SocketAddr;

use crate::term::text::{Lang, Text};

#[derive(Clone, Debug)]
pub enum DiagramText {
    /// `--diagram-limit`: how many frames were drawn and how many left out.
    LeftOut {
        shown: usize,
        left: usize,
    },
    /// A participant by its role, with its address when known (`server 127.0.0.1:21000`).
    Server(Option<SocketAddr>),
    Client(Option<SocketAddr>),
    Node(Option<SocketAddr>),
    /// A role's own participant before it knows more (`emitter`, `display`).
    Emitter,
    Display,
}

fn with(word: &str, addr: &Option<SocketAddr>) -> String {
    match addr {
        Some(a) => format!("{word} {a}"),
        None => word.to_string(),
    }
}

impl Text for DiagramText {
    fn render(&self, lang: Lang) -> String {
        match self {
            DiagramText::LeftOut { shown, left } => lang.pick(
                format!("{left} more frames not drawn (the first {shown} are; --diagram-limit)"),
                format!(
                    "mais {left} quadros não desenhados (os {shown} primeiros estão; \
                     --diagram-limit)"
                ),
            ),
            DiagramText::Server(a) => with(lang.pick("server", "servidor"), a),
            DiagramText::Client(a) => with(lang.pick("client", "cliente"), a),
            DiagramText::Node(a) => with(lang.pick("node", "nó"), a),
            DiagramText::Emitter => lang.pick("emitter", "emissor").into(),
            DiagramText::Display => lang.pick("display", "exibidor").into(),
        }
    }
}
