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
            DiagramText::LeftOut { shown, left } => {
                let (left, shown) = (*left, *shown);
                match lang {
                    Lang::En => format!(
                        "{left} more {} not drawn ({}; --diagram-limit)",
                        if left == 1 { "frame" } else { "frames" },
                        if shown == 1 {
                            "the first one is".to_string()
                        } else {
                            format!("the first {shown} are")
                        }
                    ),
                    Lang::Pt => format!(
                        "mais {left} {} ({}; --diagram-limit)",
                        if left == 1 {
                            "quadro não desenhado"
                        } else {
                            "quadros não desenhados"
                        },
                        if shown == 1 {
                            "o primeiro está".to_string()
                        } else {
                            format!("os {shown} primeiros estão")
                        }
                    ),
                }
            }
            DiagramText::Server(a) => with(lang.pick("server", "servidor"), a),
            DiagramText::Client(a) => with(lang.pick("client", "cliente"), a),
            DiagramText::Node(a) => with(lang.pick("node", "nó"), a),
            DiagramText::Emitter => lang.pick("emitter", "emissor").into(),
            DiagramText::Display => lang.pick("display", "exibidor").into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_left_out_are_counted_in_the_singular_for_one() {
        let said = |shown, left, lang| DiagramText::LeftOut { shown, left }.render(lang);
        assert_eq!(
            said(1, 1, Lang::En),
            "1 more frame not drawn (the first one is; --diagram-limit)"
        );
        assert_eq!(
            said(3, 26, Lang::En),
            "26 more frames not drawn (the first 3 are; --diagram-limit)"
        );
        assert_eq!(
            said(1, 1, Lang::Pt),
            "mais 1 quadro não desenhado (o primeiro está; --diagram-limit)"
        );
        assert_eq!(
            said(3, 26, Lang::Pt),
            "mais 26 quadros não desenhados (os 3 primeiros estão; --diagram-limit)"
        );
    }
}
