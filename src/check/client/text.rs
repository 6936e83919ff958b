//! The client checks' sentences, en and pt: what happened to the process under test and why a
//! client case failed. The cases' rules (their titles) stand in each role's file of cases.

use std::time::Duration;

use crate::term::text::{Lang, Text, duration};

#[derive(Clone, Debug)]
pub enum ClientText<'a> {
    // ----- the process
    CannotRun {
        command: &'a str,
        why: &'a str,
    },
    Started(&'a str),
    /// A line typed on the client's stdin (as "sent").
    Typed(&'a str),
    StdinClosed(&'a str),
    CannotAccept(&'a str),
    ExitedBeforeConnecting(&'a str),
    NeverConnected(Duration),
    OnStdout(&'a str),
    OnStderr(&'a str),
    OnStderrInstead,
    /// `--list`: the actions a case types.
    Says(&'a str),
    BadSay(&'a str),
    /// `--list`: how many cases, the longest their run can take, the timeout.
    Ceiling {
        cases: usize,
        within: Duration,
        timeout: Duration,
    },
    NoInterrupt,
    // ----- msg
    IdOutside {
        id: u16,
        lo: u16,
        hi: u16,
    },
    NotShown(&'a str),
    NoSender {
        text: &'a str,
        from: u16,
    },
    NotAllShown {
        shown: usize,
        of: usize,
    },
    ListNotShown,
    NoAnswer(&'a str),
    Died(&'a str),
    DidNotLeave(Duration),
    NoFlwOnInterrupt,
    NoErroShown,
    NoMsgAfterErro,
    NoFlwAtEnd,
    TextNotTyped,
    // ----- kv
    NotFirst {
        first: &'a str,
        want: &'a str,
    },
    IdPort {
        port: u16,
        listen: u16,
    },
    NotListening {
        port: u16,
        why: &'a str,
    },
    KeyNotTyped,
    LateNotShown(Duration),
    NoNoAnswer(Duration),
    StaleShown(u32),
    // ----- chat
    KeepLate(Duration),
    NoKeep(Duration),
    NamesNotShown {
        shown: usize,
        of: usize,
    },
    OnlyForm(&'a str),
    NoDisc,
    UserPort(u16),
    // ----- app, echo
    BadRequest(&'a str),
    ContentType(&'a str),
    NotTheRequest,
    NotTheMessage,
    // ----- mcast
    CannotJoin(&'a str),
    NotTheDatagram,
}

impl Text for ClientText<'_> {
    fn render(&self, l: Lang) -> String {
        use ClientText::*;
        match self {
            CannotRun { command, why } => l.pick(
                format!("cannot run the client `{command}`: {why}"),
                format!("não consigo executar o cliente `{command}`: {why}"),
            ),
            Started(c) => l.pick(format!("started {c}"), format!("iniciado {c}")),
            Typed(line) => l.pick(format!("typed: {line}"), format!("digitado: {line}")),
            StdinClosed(line) => l.pick(
                format!("the client no longer reads its input (typing {line:?})"),
                format!("o cliente não lê mais a entrada (ao digitar {line:?})"),
            ),
            CannotAccept(why) => l.pick(
                format!("netlab's listening socket failed: {why}"),
                format!("o socket de escuta do netlab falhou: {why}"),
            ),
            ExitedBeforeConnecting(status) => l.pick(
                format!("the client ended ({status}) before it connected"),
                format!("o cliente terminou ({status}) antes de conectar"),
            ),
            NeverConnected(d) => l.pick(
                format!("the client did not connect within {}", duration(*d)),
                format!("o cliente não conectou em {}", duration(*d)),
            ),
            OnStdout(t) => l.pick(format!("stdout: {t:?}"), format!("saída: {t:?}")),
            OnStderr(t) => l.pick(format!("stderr: {t:?}"), format!("erro: {t:?}")),
            OnStderrInstead => l
                .pick("it went to stderr", "foi para a saída de erro")
                .into(),
            Says(a) => l.pick(format!("types: {a}"), format!("digita: {a}")),
            BadSay(line) => l.pick(
                format!(
                    "{line:?} is not ACTION=TEMPLATE with a known action (broadcast, unicast, \
                     qem, stop-display, list, chat, bye, quit)"
                ),
                format!(
                    "{line:?} não é AÇÃO=MODELO com uma ação conhecida (broadcast, unicast, \
                     qem, stop-display, list, chat, bye, quit)"
                ),
            ),
            Ceiling {
                cases,
                within,
                timeout,
            } => l.pick(
                format!(
                    "{cases} cases; with --timeout {} a run ends within {}, whatever the \
                     client does",
                    duration(*timeout),
                    duration(*within)
                ),
                format!(
                    "{cases} casos; com --timeout {} uma execução termina em até {}, \
                     faça o cliente o que fizer",
                    duration(*timeout),
                    duration(*within)
                ),
            ),
            NoInterrupt => l
                .pick(
                    "this system has no Ctrl-C signal to send a process",
                    "este sistema não tem um sinal de Ctrl-C para mandar a um processo",
                )
                .into(),
            IdOutside { id, lo, hi } => l.pick(
                format!("the OI's id is {id}, not one from {lo} to {hi}"),
                format!("o id do OI é {id}, não um de {lo} a {hi}"),
            ),
            NotShown(t) => l.pick(
                format!("{t:?} never appeared on stdout"),
                format!("{t:?} nunca apareceu na saída padrão"),
            ),
            NoSender { text, from } => l.pick(
                format!("{text:?} appeared on stdout without its sender {from} on its line"),
                format!("{text:?} apareceu na saída sem o remetente {from} na sua linha"),
            ),
            NotAllShown { shown, of } => l.pick(
                format!("{shown} of the {of} messages sent in one segment appeared on stdout"),
                format!("{shown} das {of} mensagens mandadas num segmento apareceram na saída"),
            ),
            ListNotShown => l
                .pick(
                    "the OKQEM's ids never appeared together on one line of stdout",
                    "os ids do OKQEM nunca apareceram juntos numa linha da saída",
                )
                .into(),
            NoAnswer(what) => l.pick(
                format!("no answer to the {what}"),
                format!("nenhuma resposta ao {what}"),
            ),
            Died(status) => l.pick(
                format!("the client ended ({status})"),
                format!("o cliente terminou ({status})"),
            ),
            DidNotLeave(d) => l.pick(
                format!(
                    "the client answered but was still running {} later",
                    duration(*d)
                ),
                format!(
                    "o cliente respondeu mas seguia rodando {} depois",
                    duration(*d)
                ),
            ),
            NoFlwOnInterrupt => l
                .pick(
                    "on Ctrl-C the client left without FLW (the original's extra credit)",
                    "no Ctrl-C o cliente saiu sem FLW (o ponto extra do original)",
                )
                .into(),
            NoErroShown => l
                .pick(
                    "the user was not told of the ERRO: nothing printed after it speaks of an \
                     error or a refusal",
                    "o usuário não soube do ERRO: nada mostrado depois dele fala de erro ou \
                     recusa",
                )
                .into(),
            NoMsgAfterErro => l
                .pick(
                    "after an ERRO the next line typed was not sent",
                    "depois de um ERRO a próxima linha digitada não foi enviada",
                )
                .into(),
            NotFirst { first, want } => l.pick(
                format!("the first message is {first}, not {want}"),
                format!("a primeira mensagem é {first}, não {want}"),
            ),
            IdPort { port, listen } => l.pick(
                format!(
                    "the ID names port {port}, not a port the client listens on (it was given \
                     {listen})"
                ),
                format!(
                    "o ID diz a porta {port}, não uma porta em que o cliente escuta (ele recebeu \
                     {listen})"
                ),
            ),
            NotListening { port, why } => l.pick(
                format!("nothing listens on port {port}, which the ID names: {why}"),
                format!("nada escuta na porta {port}, que o ID diz: {why}"),
            ),
            KeyNotTyped => l
                .pick(
                    "the KEYREQ's key is not the key typed",
                    "a chave do KEYREQ não é a chave digitada",
                )
                .into(),
            LateNotShown(d) => l.pick(
                format!(
                    "a RESP that came {} after the request was not shown",
                    duration(*d)
                ),
                format!(
                    "uma RESP que chegou {} depois do pedido não foi mostrada",
                    duration(*d)
                ),
            ),
            NoNoAnswer(d) => l.pick(
                format!(
                    "nothing was printed within {} of a request nobody answered",
                    duration(*d)
                ),
                format!(
                    "nada foi mostrado em {} depois de um pedido que ninguém respondeu",
                    duration(*d)
                ),
            ),
            StaleShown(n) => l.pick(
                format!("the value of a RESP with nseq {n}, an earlier request's, was shown"),
                format!("o valor de uma RESP com nseq {n}, de um pedido anterior, foi mostrado"),
            ),
            KeepLate(d) => l.pick(
                format!(
                    "a KEEP came {} after the one before (every 5 s expected)",
                    duration(*d)
                ),
                format!(
                    "um KEEP veio {} depois do anterior (esperado a cada 5 s)",
                    duration(*d)
                ),
            ),
            NoKeep(d) => l.pick(
                format!(
                    "no KEEP within {}: the spec's server cuts a peer silent for 15 s",
                    duration(*d)
                ),
                format!(
                    "nenhum KEEP em {}: o servidor da especificação corta um par calado por 15 s",
                    duration(*d)
                ),
            ),
            NamesNotShown { shown, of } => l.pick(
                format!("{shown} of the {of} names of the answer appeared on stdout"),
                format!("{shown} dos {of} nomes da resposta apareceram na saída"),
            ),
            OnlyForm(form) => l.pick(
                format!("the client connects only on the form {form}"),
                format!("o cliente só conecta com a forma {form}"),
            ),
            NoDisc => l
                .pick(
                    "no DISC came on the conversation",
                    "nenhum DISC veio na conversa",
                )
                .into(),
            UserPort(port) => l.pick(
                format!("the USER names port {port}, not a port the peer listens on"),
                format!("o USER diz a porta {port}, não uma porta em que o par escuta"),
            ),
            BadRequest(why) => l.pick(
                format!("the request does not read as a frame: {why}"),
                format!("o pedido não se lê como um quadro: {why}"),
            ),
            ContentType(t) => l.pick(
                format!("a search request's content-type is {t:?}"),
                format!("o content-type de um pedido de busca é {t:?}"),
            ),
            NotTheRequest => l
                .pick(
                    "the content is not the search request given",
                    "o conteúdo não é o pedido de busca dado",
                )
                .into(),
            NotTheMessage => l
                .pick(
                    "the bytes sent are not the message given",
                    "os bytes enviados não são a mensagem dada",
                )
                .into(),
            CannotJoin(why) => l.pick(
                format!("netlab cannot use the group on 127.0.0.1: {why}"),
                format!("o netlab não consegue usar o grupo em 127.0.0.1: {why}"),
            ),
            NotTheDatagram => l
                .pick(
                    "the datagram's user or data is not the name and line given",
                    "o user ou o data do datagrama não é o nome e a linha dados",
                )
                .into(),
            TextNotTyped => l
                .pick(
                    "the MSG's text is not the line typed",
                    "o texto da MSG não é a linha digitada",
                )
                .into(),
            NoFlwAtEnd => l
                .pick("the client left without FLW", "o cliente saiu sem FLW")
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_exist_in_both_languages() {
        let d = Duration::from_secs(4);
        let all = [
            ClientText::CannotRun {
                command: "x",
                why: "y",
            },
            ClientText::Typed("? k"),
            ClientText::StdinClosed("x"),
            ClientText::ExitedBeforeConnecting("exit status: 1"),
            ClientText::NeverConnected(d),
            ClientText::OnStdout("a"),
            ClientText::OnStderrInstead,
            ClientText::Says("list"),
            ClientText::BadSay("x"),
            ClientText::Ceiling {
                cases: 3,
                within: d,
                timeout: d,
            },
            ClientText::NoInterrupt,
            ClientText::IdOutside {
                id: 1,
                lo: 1000,
                hi: 1999,
            },
            ClientText::NotShown("x"),
            ClientText::NoSender { text: "x", from: 7 },
            ClientText::NotAllShown { shown: 1, of: 3 },
            ClientText::ListNotShown,
            ClientText::Died("signal 9"),
            ClientText::DidNotLeave(d),
            ClientText::NoFlwOnInterrupt,
            ClientText::NoErroShown,
            ClientText::NoMsgAfterErro,
            ClientText::NoFlwAtEnd,
            ClientText::TextNotTyped,
            ClientText::NotFirst {
                first: "KEYREQ",
                want: "ID",
            },
            ClientText::IdPort { port: 1, listen: 2 },
            ClientText::NotListening { port: 1, why: "x" },
            ClientText::KeyNotTyped,
            ClientText::LateNotShown(d),
            ClientText::NoNoAnswer(d),
            ClientText::StaleShown(3),
            ClientText::KeepLate(d),
            ClientText::NoKeep(d),
            ClientText::NamesNotShown { shown: 1, of: 2 },
            ClientText::OnlyForm("ADDR ip:port"),
            ClientText::NoDisc,
            ClientText::UserPort(10000),
            ClientText::BadRequest("x"),
            ClientText::ContentType("x"),
            ClientText::NotTheRequest,
            ClientText::NotTheMessage,
            ClientText::CannotJoin("x"),
            ClientText::NotTheDatagram,
        ];
        for t in all {
            let (en, pt) = (t.render(Lang::En), t.render(Lang::Pt));
            assert!(!en.is_empty() && !pt.is_empty(), "{t:?}");
            assert_ne!(en, pt, "{t:?}");
        }
    }
}
