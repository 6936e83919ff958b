//! The kv sentences, en and pt. The client's three fixed lines reproduce the original's
//! Portuguese exactly (`Mensagem incorreta recebida de`, `Nenhuma resposta recebida`,
//! `Comando desconhecido`).

use std::net::SocketAddr;

use super::{Lang, Text};

#[derive(Clone, Debug)]
pub enum KvText {
    /// Client: an answer that is not a RESP for the current request, or malformed.
    Incorrect(SocketAddr),
    /// Client: the quiet window ended without a valid answer.
    NoResponse,
    /// Client: a line that is not `? KEY`, `T` or `Q`.
    UnknownCommand,
    /// Client: `? KEY` with a key the wire cannot carry.
    KeyTooLong,
    /// Node: the database is loaded.
    DbLoaded {
        file: String,
        keys: usize,
    },
    // --- demo narration
    DemoTitle,
    DemoLine,
    DemoClient,
    DemoTopology,
    /// (node number, its address, hops from the client's node)
    DemoAnswered(usize, String, usize),
    DemoFifthSilent,
    DemoAskFifth,
    DemoNoResponse,
    DemoAskSecond,
    DemoFoundSecond(String),
    DemoQuit,
}

fn pick(lang: Lang, en: String, pt: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Pt => pt,
    }
}

impl Text for KvText {
    fn render(&self, lang: Lang) -> String {
        use KvText::*;
        match self {
            Incorrect(a) => pick(
                lang,
                format!("Incorrect message received from {a}"),
                format!("Mensagem incorreta recebida de {a}"),
            ),
            NoResponse => pick(
                lang,
                "No response received".into(),
                "Nenhuma resposta recebida".into(),
            ),
            UnknownCommand => pick(
                lang,
                "Unknown command".into(),
                "Comando desconhecido".into(),
            ),
            KeyTooLong => pick(
                lang,
                "Key too long (at most 400 bytes)".into(),
                "Chave longa demais (no máximo 400 bytes)".into(),
            ),
            DbLoaded { file, keys } => pick(
                lang,
                format!("database {file}: {keys} key(s)"),
                format!("banco {file}: {keys} chave(s)"),
            ),
            DemoTitle => pick(
                lang,
                "kv: a peer-to-peer key-value store, requests flooded with TTL 3".into(),
                "kv: armazenamento chave-valor entre pares, requisições alagadas com TTL 3".into(),
            ),
            DemoLine => pick(
                lang,
                "Five nodes in a line, n1 - n2 - n3 - n4 - n5, each started with the previous one \
                 as its neighbour; each one listens on its own loopback address, like five hosts."
                    .into(),
                "Cinco nós em linha, n1 - n2 - n3 - n4 - n5, cada um iniciado com o anterior como \
                 vizinho; cada um escuta no seu próprio endereço de loopback, como cinco máquinas."
                    .into(),
            ),
            DemoClient => pick(
                lang,
                "A client connects to n1. It listens for answers first: every answer arrives on \
                 a new connection from the node that has it."
                    .into(),
                "Um cliente se conecta a n1. Ele escuta as respostas antes: cada resposta chega \
                 numa conexão nova, vinda do nó que a tem."
                    .into(),
            ),
            DemoTopology => pick(
                lang,
                "T asks for the topology: n1 answers with its own name and floods a TOPOFLOOD \
                 with TTL 3; every node that receives it appends its name and answers."
                    .into(),
                "T pede a topologia: n1 responde com o próprio nome e alaga um TOPOFLOOD com TTL \
                 3; cada nó que o recebe acrescenta seu nome e responde."
                    .into(),
            ),
            DemoAnswered(n, addr, hops) => match (lang, hops) {
                (Lang::En, 0) => format!("n{n} ({addr}) answered directly: the client's own node."),
                (Lang::En, 1) => format!("n{n} ({addr}) answered from 1 hop away."),
                (Lang::En, h) => format!("n{n} ({addr}) answered from {h} hops away."),
                (Lang::Pt, 0) => {
                    format!("n{n} ({addr}) respondeu diretamente: é o nó do próprio cliente.")
                }
                (Lang::Pt, 1) => format!("n{n} ({addr}) respondeu a 1 salto de distância."),
                (Lang::Pt, h) => format!("n{n} ({addr}) respondeu a {h} saltos de distância."),
            },
            DemoFifthSilent => pick(
                lang,
                "n5 is silent: the flood left n1 with TTL 3, n2 passed it on with 2, n3 with 1, \
                 and n4 received its last hop: 1 - 1 = 0, so n4 answered but did not forward."
                    .into(),
                "n5 fica em silêncio: o alagamento saiu de n1 com TTL 3, n2 o repassou com 2, n3 \
                 com 1, e n4 recebeu o último salto: 1 - 1 = 0, então n4 respondeu mas não \
                 repassou."
                    .into(),
            ),
            DemoAskFifth => pick(
                lang,
                "Now a key that only n5 holds.".into(),
                "Agora uma chave que só n5 tem.".into(),
            ),
            DemoNoResponse => pick(
                lang,
                "Out of reach: n5 is four hops away, so the client's quiet window ends with no \
                 answer."
                    .into(),
                "Fora de alcance: n5 está a quatro saltos, então a janela de espera do cliente \
                 termina sem resposta."
                    .into(),
            ),
            DemoAskSecond => pick(
                lang,
                "A key that n2 holds: n1 does not have it, but floods the KEYFLOOD anyway.".into(),
                "Uma chave que n2 tem: n1 não a tem, mas alaga o KEYFLOOD mesmo assim.".into(),
            ),
            DemoFoundSecond(addr) => pick(
                lang,
                format!(
                    "Found: n2 ({addr}) answered from 1 hop away, on a connection of its own \
                     (the value keeps its leading blanks, as the database file has them)."
                ),
                format!(
                    "Encontrada: n2 ({addr}) respondeu a 1 salto, numa conexão própria (o valor \
                     mantém os espaços iniciais, como no arquivo do banco)."
                ),
            ),
            DemoQuit => pick(
                lang,
                "Q closes the client's connection to n1; the nodes keep running until stopped."
                    .into(),
                "Q fecha a conexão do cliente com n1; os nós continuam até serem parados.".into(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_originals_sentences() {
        let a: SocketAddr = "127.0.0.1:38628".parse().unwrap();
        let both = |t: KvText| (t.render(Lang::En), t.render(Lang::Pt));
        assert_eq!(
            both(KvText::Incorrect(a)),
            (
                "Incorrect message received from 127.0.0.1:38628".into(),
                "Mensagem incorreta recebida de 127.0.0.1:38628".into()
            )
        );
        assert_eq!(
            both(KvText::NoResponse),
            (
                "No response received".into(),
                "Nenhuma resposta recebida".into()
            )
        );
        assert_eq!(
            both(KvText::UnknownCommand),
            ("Unknown command".into(), "Comando desconhecido".into())
        );
    }
}
