//! The mistakes client programs make, as the client checks name them: each has a stable id
//! (for `--json`) and a sentence in en and pt.

use crate::term::text::{Lang, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientHint {
    /// msg: the OI is numbered 1 (the first message is 0).
    SeqFromOne,
    /// msg: every message carries the same seq.
    SeqStuck,
    /// msg: a display that never answers a MSG with OK.
    NeverAcks,
    /// A line the case waited for on stdout never came, though the frames were answered.
    Buffered,
    /// msg: a display ignores the server's FLW.
    IgnoresFlw,
    /// msg: an emitter that never reads (or never shows) the server's OK/ERRO.
    AnswersUnread,
    /// echo: the client sends a fixed text, not the message it is given.
    FixedMessage,
    /// msg: the text is sent with its terminator (the Enter typed).
    SendsNewline,
    /// kv, chat: the client names the server's port as its own.
    ServerPort,
    /// kv: only the first RESP of a window is shown.
    FirstAnswerOnly,
    /// chat: no KEEP at all.
    KeepMissing,
    /// chat: KEEP, but every 15 s or so.
    KeepSlow,
    /// app: content-length counted in characters.
    LengthInChars,
    /// mcast: the datagram is not the JSON object.
    NotJson,
    /// mcast: invalid JSON ends the receiver.
    BadJsonKills,
    /// mcast: the data shown without its user.
    NoUserShown,
    /// mcast: the sender leaves on the quit word without sending it.
    QuitNotSent,
    /// kv: a RESP's nseq not compared with the current request's.
    StaleResp,
}

impl ClientHint {
    pub fn id(&self) -> &'static str {
        match self {
            ClientHint::SeqFromOne => "seq-from-1",
            ClientHint::SeqStuck => "seq-stuck",
            ClientHint::NeverAcks => "never-acks",
            ClientHint::Buffered => "stdout-buffered",
            ClientHint::IgnoresFlw => "ignores-flw",
            ClientHint::AnswersUnread => "answers-unread",
            ClientHint::FixedMessage => "fixed-message",
            ClientHint::SendsNewline => "sends-newline",
            ClientHint::ServerPort => "server-port",
            ClientHint::FirstAnswerOnly => "first-answer-only",
            ClientHint::KeepMissing => "keep-missing",
            ClientHint::KeepSlow => "keep-slow",
            ClientHint::LengthInChars => "length-in-chars",
            ClientHint::NotJson => "not-json",
            ClientHint::BadJsonKills => "bad-json-kills",
            ClientHint::NoUserShown => "no-user-shown",
            ClientHint::QuitNotSent => "quit-not-sent",
            ClientHint::StaleResp => "stale-resp",
        }
    }
}

impl Text for ClientHint {
    fn render(&self, l: Lang) -> String {
        match self {
            ClientHint::SeqFromOne => l.pick(
                "sequence numbers start at 0: the OI is 0, the first MSG 1",
                "os números de sequência começam em 0: o OI é 0, a primeira MSG 1",
            ),
            ClientHint::SeqStuck => l.pick(
                "the seq goes up by 1 with every message the client originates",
                "o seq aumenta de 1 a cada mensagem que o cliente origina",
            ),
            ClientHint::NeverAcks => l.pick(
                "a display answers every MSG with OK (same seq and timestamp): the server sends \
                 the next one only then",
                "o exibidor responde cada MSG com OK (mesmo seq e timestamp): só então o \
                 servidor manda a próxima",
            ),
            ClientHint::Buffered => l.pick(
                "stdout is a pipe here, not a terminal: flush after each line (fflush, \
                 print(..., flush=True))",
                "aqui a saída padrão é um pipe, não um terminal: esvazie o buffer a cada linha \
                 (fflush, print(..., flush=True))",
            ),
            ClientHint::IgnoresFlw => l.pick(
                "FLW from the server (orig 0) means it is shutting down: answer OK and leave",
                "FLW do servidor (orig 0) quer dizer que ele vai encerrar: responda OK e saia",
            ),
            ClientHint::AnswersUnread => l.pick(
                "the server answers every message with OK or ERRO (14 bytes, same seq): read \
                 each answer and tell the user when it is an ERRO",
                "o servidor responde cada mensagem com OK ou ERRO (14 bytes, mesmo seq): leia \
                 cada resposta e avise o usuário quando for um ERRO",
            ),
            ClientHint::FixedMessage => l.pick(
                "the client sends a fixed text (the tutorial's b\"Hello, world\"?): send the \
                 message it is given on its command line, encoded in UTF-8",
                "o cliente manda um texto fixo (o b\"Hello, world\" do tutorial?): mande a \
                 mensagem que ele recebe na linha de comando, codificada em UTF-8",
            ),
            ClientHint::SendsNewline => l.pick(
                "the text sent ends with the Enter typed: strip the line's \\n",
                "o texto enviado termina com o Enter digitado: tire o \\n da linha",
            ),
            ClientHint::ServerPort => l.pick(
                "that is the server's port: the client names the port it listens on itself, \
                 where the answers come",
                "essa é a porta do servidor: o cliente diz a porta em que ele mesmo escuta, \
                 aonde chegam as respostas",
            ),
            ClientHint::FirstAnswerOnly => l.pick(
                "every node that holds the key answers, each on a connection of its own: keep \
                 accepting and printing RESPs until the window ends",
                "todo nó que tem a chave responde, cada um numa conexão própria: continue \
                 aceitando e mostrando RESPs até a janela acabar",
            ),
            ClientHint::KeepMissing => l.pick(
                "send KEEP every 5 s: the server removes a peer it has not heard from for 15 s",
                "mande KEEP a cada 5 s: o servidor remove um par de quem não ouve nada há 15 s",
            ),
            ClientHint::KeepSlow => l.pick(
                "KEEP every 15 s is the expiry itself: one late packet and the server cuts the \
                 peer; send it every 5 s",
                "KEEP a cada 15 s é o próprio prazo: um pacote atrasado e o servidor corta o \
                 par; mande a cada 5 s",
            ),
            ClientHint::LengthInChars => l.pick(
                "content-length counts bytes, not characters: encode the content first, then \
                 take its len()",
                "content-length conta bytes, não caracteres: codifique o conteúdo antes e então \
                 tome o len()",
            ),
            ClientHint::NotJson => l.pick(
                "each datagram is json.dumps({\"user\": NAME, \"data\": LINE}) encoded in UTF-8",
                "cada datagrama é json.dumps({\"user\": NOME, \"data\": LINHA}) em UTF-8",
            ),
            ClientHint::BadJsonKills => l.pick(
                "anyone can send to a group: catch the error of json.loads and go on",
                "qualquer um pode mandar a um grupo: trate o erro do json.loads e continue",
            ),
            ClientHint::NoUserShown => l.pick(
                "the texts came without who sent them: show each as `user: data`",
                "os textos vieram sem quem os mandou: mostre cada um como `user: data`",
            ),
            ClientHint::QuitNotSent => l.pick(
                "the quit word is sent like any line (every receiver stops on it), then the \
                 sender ends",
                "a palavra de saída é enviada como qualquer linha (todo receptor para com ela), \
                 e então o emissor termina",
            ),
            ClientHint::StaleResp => l.pick(
                "compare a RESP's nseq with the current request's: a late answer to an earlier \
                 one is not this one's",
                "compare o nseq de uma RESP com o do pedido atual: a resposta atrasada de um \
                 anterior não é a deste",
            ),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::hint::Hint;

    #[test]
    fn every_client_hint_has_its_own_id_and_both_sentences() {
        let all = [
            ClientHint::SeqFromOne,
            ClientHint::SeqStuck,
            ClientHint::NeverAcks,
            ClientHint::Buffered,
            ClientHint::IgnoresFlw,
            ClientHint::AnswersUnread,
            ClientHint::FixedMessage,
            ClientHint::SendsNewline,
            ClientHint::ServerPort,
            ClientHint::FirstAnswerOnly,
            ClientHint::KeepMissing,
            ClientHint::KeepSlow,
            ClientHint::LengthInChars,
            ClientHint::NotJson,
            ClientHint::BadJsonKills,
            ClientHint::NoUserShown,
            ClientHint::QuitNotSent,
            ClientHint::StaleResp,
        ];
        let mut ids = std::collections::HashSet::new();
        for h in all {
            let hint = Hint::Client(h);
            assert!(ids.insert(hint.id()), "{}", hint.id());
            let (en, pt) = (hint.render(Lang::En), hint.render(Lang::Pt));
            assert!(!en.is_empty() && !pt.is_empty());
            assert_ne!(en, pt, "{}", hint.id());
        }
    }
}
