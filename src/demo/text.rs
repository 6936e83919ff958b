//! What the demo itself says, en and pt: the scenarios' titles and closing sentences, the
//! names of the roles on the stage, its prompt, the narration of the kv nodes stopping, the
//! demo's kv databases, and its errors. The narration of each scenario's steps is in the
//! protocol's own catalog, next to the sentences the roles print.

use super::Scenario;
use crate::term::text::{Lang, Text};

/// A role on the stage, as its lines are prefixed (`[display 1001]`, `[exibidor 1001]`).
#[derive(Clone, Copy, Debug)]
pub enum Role<'a> {
    Server,
    Display(u16),
    Emitter(u16),
    Client,
    Receiver(usize),
    Sender(&'a str),
    EchoServer,
    EchoClient,
    MulticonnClient,
    AppServer,
    AppClient,
}

#[derive(Clone, Debug)]
pub enum DemoText<'a> {
    Title(Scenario),
    /// The scenario's last sentence: what it showed.
    Closing(Scenario),
    /// `--step`: waiting for Enter.
    PressEnter,
    /// kv: the nodes are stopped, the last one first, and their neighbours see the links go.
    KvStopNodes,
    // --- errors
    Interrupted,
    TimedOut {
        role: &'a str,
        what: &'a str,
    },
    DidNotFinish(&'a str),
    Panicked(&'a str),
    RoleFailed {
        role: &'a str,
        why: String,
    },
    CannotStart {
        role: &'a str,
        why: String,
    },
    BadListening(&'a str),
    UnexpectedAnswer(&'a str),
    UnknownNode(&'a str),
    NoFreePort(String),
}

impl DemoText<'_> {
    /// The key and value of node `n`'s demo database.
    pub fn fruit(n: usize, lang: Lang) -> (&'static str, &'static str) {
        const EN: [(&str, &str); 5] = [
            ("apple", "red, held by n1"),
            ("banana", "yellow, held by n2"),
            ("cherry", "dark red, held by n3"),
            ("date", "brown, held by n4"),
            ("elderberry", "purple, held only by n5"),
        ];
        const PT: [(&str, &str); 5] = [
            ("abacaxi", "amarelo, guardado em n1"),
            ("banana", "amarela, guardada em n2"),
            ("caju", "vermelho, guardado em n3"),
            ("damasco", "laranja, guardado em n4"),
            ("figo", "roxo, guardado só em n5"),
        ];
        lang.pick(EN, PT)[(n - 1).min(4)]
    }
}

impl Text for Role<'_> {
    fn render(&self, l: Lang) -> String {
        match *self {
            Role::Server => l.pick("server", "servidor").into(),
            Role::Display(id) => l.pick(format!("display {id}"), format!("exibidor {id}")),
            Role::Emitter(id) => l.pick(format!("emitter {id}"), format!("emissor {id}")),
            Role::Client => l.pick("client", "cliente").into(),
            Role::Receiver(k) => l.pick(format!("receiver {k}"), format!("receptor {k}")),
            Role::Sender(name) => l.pick(format!("sender {name}"), format!("emissor {name}")),
            Role::EchoServer => l.pick("echo server", "servidor echo").into(),
            Role::EchoClient => l.pick("echo client", "cliente echo").into(),
            Role::MulticonnClient => l.pick("multiconn client", "cliente multiconexão").into(),
            Role::AppServer => l.pick("app server", "servidor app").into(),
            Role::AppClient => l.pick("app client", "cliente app").into(),
        }
    }
}

fn title(s: Scenario, l: Lang) -> &'static str {
    match s {
        Scenario::Msg => l.pick(
            "msg: event-driven message relay",
            "msg: repetidor de mensagens orientado a eventos",
        ),
        Scenario::Kv => l.pick(
            "kv: a peer-to-peer key-value store, requests flooded with TTL 3",
            "kv: armazenamento chave-valor entre pares, pedidos inundados com TTL 3",
        ),
        Scenario::Chat => l.pick(
            "chat: P2P chat with a directory server",
            "chat: bate-papo P2P com servidor central",
        ),
        Scenario::Mcast => l.pick(
            "mcast: a UDP multicast chat with JSON messages",
            "mcast: chat multicast UDP com mensagens JSON",
        ),
        Scenario::Echo => l.pick(
            "echo: the socket tutorial's echo programs",
            "echo: os programas de eco do tutorial de sockets",
        ),
        Scenario::App => l.pick(
            "app: the socket tutorial's request and response with a JSON header",
            "app: pedido e resposta com cabeçalho JSON, do tutorial de sockets",
        ),
    }
}

fn closing(s: Scenario, l: Lang) -> &'static str {
    match s {
        Scenario::Msg => l.pick(
            "That was msg: every message was answered OK once it was queued for its displays, \
             each display acknowledged every message it printed, and everyone said goodbye on \
             the wire (FLW) before leaving.",
            "Isso foi o msg: cada mensagem recebeu OK assim que entrou na fila dos seus \
             exibidores, cada exibidor confirmou cada mensagem que mostrou, e todos se \
             despediram pela rede (FLW) antes de sair.",
        ),
        Scenario::Kv => l.pick(
            "That was kv: a request reaches every node within three hops and no further, \
             every node that can answer connects back to the client on its own, and a node \
             that leaves is dropped by its neighbours.",
            "Isso foi o kv: um pedido alcança todos os nós a até três saltos e nenhum além, \
             cada nó que pode responder se conecta sozinho ao cliente, e um nó que sai é \
             removido pelos seus vizinhos.",
        ),
        Scenario::Chat => l.pick(
            "That was chat: the server only says who is online and where; every word of the \
             conversation went directly from peer to peer.",
            "Isso foi o chat: o servidor só diz quem está ativo e onde; cada palavra da \
             conversa foi direto de um par ao outro.",
        ),
        Scenario::Mcast => l.pick(
            "That was mcast: one datagram sent once reached every receiver in the group, and \
             the quit word stopped them all.",
            "Isso foi o mcast: um datagrama enviado uma vez chegou a todos os receptores do \
             grupo, e a palavra de saída parou todos eles.",
        ),
        Scenario::Echo => l.pick(
            "That was echo: every connection got back exactly the bytes it sent, however many \
             connections were open at once.",
            "Isso foi o echo: cada conexão recebeu de volta exatamente os bytes que enviou, \
             com quantas conexões abertas ao mesmo tempo houvesse.",
        ),
        Scenario::App => l.pick(
            "That was app: one request and one response per connection, each framed by its \
             length and a JSON header that says how to read the content.",
            "Isso foi o app: um pedido e uma resposta por conexão, cada um delimitado pelo seu \
             tamanho e por um cabeçalho JSON que diz como ler o conteúdo.",
        ),
    }
}

impl Text for DemoText<'_> {
    fn render(&self, l: Lang) -> String {
        use DemoText::*;
        match self {
            Title(s) => title(*s, l).into(),
            Closing(s) => closing(*s, l).into(),
            PressEnter => l
                .pick(
                    "press Enter for the next step",
                    "tecle Enter para o próximo passo",
                )
                .into(),
            KvStopNodes => l
                .pick(
                    "The demo now stops the nodes, n5 first, as Ctrl-C would: each time, the \
                     neighbour on the other end of the link sees the connection close and drops \
                     it from its neighbour set, so no flood is sent to a node that is gone.",
                    "Agora a demonstração para os nós, n5 primeiro, como faria um Ctrl-C: a cada \
                     vez, o vizinho do outro lado do enlace vê a conexão fechar e o remove do seu \
                     conjunto de vizinhos, e nenhuma inundação vai para um nó que já saiu.",
                )
                .into(),
            Interrupted => l
                .pick("demo interrupted", "demonstração interrompida")
                .into(),
            TimedOut { role, what } => l.pick(
                format!("demo step timed out: {role} did not say \"{what}\""),
                format!("um passo da demonstração esgotou o tempo: {role} não disse \"{what}\""),
            ),
            DidNotFinish(role) => l.pick(
                format!("{role} did not finish"),
                format!("{role} não terminou"),
            ),
            Panicked(role) => l.pick(
                format!("{role} stopped on an internal error"),
                format!("{role} parou por um erro interno"),
            ),
            RoleFailed { role, why } => format!("{role}: {why}"),
            CannotStart { role, why } => l.pick(
                format!("cannot start {role}: {why}"),
                format!("não foi possível iniciar {role}: {why}"),
            ),
            BadListening(line) => l.pick(
                format!("unexpected listening line \"{line}\""),
                format!("linha de escuta inesperada \"{line}\""),
            ),
            UnexpectedAnswer(line) => l.pick(
                format!("unexpected topology answer \"{line}\""),
                format!("resposta de topologia inesperada \"{line}\""),
            ),
            UnknownNode(line) => l.pick(
                format!("an answer from an unknown node: \"{line}\""),
                format!("uma resposta de um nó desconhecido: \"{line}\""),
            ),
            NoFreePort(why) => l.pick(
                format!("cannot find a free UDP port: {why}"),
                format!("não foi possível achar uma porta UDP livre: {why}"),
            ),
        }
    }
}
