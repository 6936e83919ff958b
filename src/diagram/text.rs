//! The diagrams' own sentences, en and pt.

use crate::term::text::{Lang, Text};

#[derive(Clone, Debug)]
pub enum DiagramText {
    /// `--diagram-limit`: how many frames were drawn and how many left out.
    LeftOut { shown: usize, left: usize },
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
        }
    }
}
