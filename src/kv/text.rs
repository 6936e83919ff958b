//! The kv sentences, en and pt: the client's lines (its three fixed ones reproduce the
//! original's Portuguese exactly: `Mensagem incorreta recebida de`, `Nenhuma resposta
//! recebida`, `Comando desconhecido`), what a node logs, and the demo's narration.

use std::net::SocketAddr;
use std::time::Duration;

use super::deliver::{CONNECT_TIMEOUT, PAUSE};
use super::hints::{self, KvHint};
use super::wire::{MAX_SIZE, WireError, type_name};
use crate::term::text::{Lang, Text, duration};

/// Who a connection turned out to be, for the node's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    Neighbour,
    Client,
}

#[derive(Clone, Debug)]
pub enum KvText<'a> {
    // --- client (stdout)
    /// An answer that is not a RESP for the current request, or malformed.
    Incorrect(SocketAddr),
    /// The quiet window ended without a valid answer.
    NoResponse,
    /// A line that is not `? KEY`, `T` or `Q`.
    UnknownCommand,
    /// `? KEY` with a key the wire cannot carry.
    KeyTooLong,
    /// `help` or `?` alone: the commands, one a line.
    Help,
    /// After `Waiting`: commands typed during the window run once it closes.
    TypedWait(usize),
    /// A command typed during a window, as the terminal keeps it: it runs once the window
    /// closes.
    TypedLine(&'a str),
    /// A command typed during a window, said again on the terminal when its turn comes: what
    /// follows is its results.
    TypedRuns(&'a str),
    /// The live indicator while answers are collected (stderr, on a terminal only).
    Waiting {
        elapsed: Duration,
        answers: usize,
    },
    // --- client (stderr, errors)
    CannotReachNode {
        node: SocketAddr,
        why: String,
    },
    NodeLost(SocketAddr),
    NodeClosed {
        node: SocketAddr,
        why: &'a WireError,
    },
    /// The node sent bytes that do not decode: the client cut the connection.
    NodeUndecodable {
        node: SocketAddr,
        why: &'a WireError,
    },
    /// What bytes that do not decode are (`--trace`).
    Undecodable(&'a WireError),
    /// At start: which node the client talks to.
    ClientReady {
        node: SocketAddr,
    },
    /// `-v`: where answers are expected.
    ClientListens(u16),
    /// `-v`: an answer connection that broke the framing.
    BadAnswer {
        from: SocketAddr,
        why: &'a WireError,
    },
    /// An answer connection that sent nothing for the answer window: closed.
    AnswerSilent {
        from: SocketAddr,
        after: Duration,
    },
    /// The answer port holds its most connections: the oldest silent one is closed to make
    /// room.
    AnswerPortFull {
        cap: usize,
        from: SocketAddr,
    },
    /// `-v`: how many answer connections may be open at once, and the descriptor limit.
    AnswerCap {
        cap: usize,
        limit: Option<u64>,
    },
    // --- node (stderr)
    DbLoaded {
        file: String,
        keys: usize,
    },
    CannotReadDb {
        file: String,
        why: String,
    },
    CannotReachNeighbour {
        addr: SocketAddr,
        why: String,
    },
    NeighbourConnected(SocketAddr),
    NeighbourJoined(SocketAddr),
    NeighbourLeft(SocketAddr),
    ClientJoined {
        peer: SocketAddr,
        answers_to: SocketAddr,
    },
    ClientLeft(SocketAddr),
    ConnectionFrom(SocketAddr),
    Disconnected(SocketAddr),
    /// The peer broke the protocol; the connection is closed.
    ProtocolError {
        peer: SocketAddr,
        why: &'a WireError,
    },
    ConnError {
        peer: SocketAddr,
        why: String,
    },
    BeforeId {
        peer: SocketAddr,
        kind: u16,
    },
    UnexpectedFrom {
        peer: SocketAddr,
        kind: u16,
        from: Peer,
    },
    CannotDeliver {
        to: SocketAddr,
        why: String,
    },
    /// More answers to `to` that could not be delivered, in the last second.
    MoreUndelivered {
        to: SocketAddr,
        count: u64,
    },
    /// A connect to `to` timed out: its answers are skipped for a pause.
    AnswerDown {
        to: SocketAddr,
        why: String,
    },
    /// The pause of `to` is over; how many answers it missed.
    AnswersSkipped {
        to: SocketAddr,
        count: u64,
    },
    /// Answers to `to` over the rate cap in the last second.
    AnswersCapped {
        to: SocketAddr,
        count: u64,
        rate: u32,
    },
    /// Answers to `to` dropped because too many already waited for it.
    AnswersCrowded {
        to: SocketAddr,
        count: u64,
    },
    /// Answers dropped in the last second because too many waited in all.
    AnswersBacklog {
        count: u64,
    },
    /// Warnings about answers not written in the last second (too many, about any number of
    /// addresses).
    MoreAnswerWarnings {
        count: u64,
    },
    NotIpv4(SocketAddr),
    TopologyTooLong {
        len: usize,
    },
    CannotStartDelivery(String),
    DeliveryStopped,
    // --- demo narration
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

impl Text for WireError {
    fn render(&self, lang: Lang) -> String {
        match self {
            WireError::Closed => lang.pick("connection closed", "conexão fechada").into(),
            WireError::Truncated => lang
                .pick(
                    "connection closed in the middle of a message",
                    "conexão fechada no meio de uma mensagem",
                )
                .into(),
            WireError::UnknownType(t) => with_hint(
                lang.pick(
                    format!("unknown message type {t}"),
                    format!("tipo de mensagem desconhecido {t}"),
                ),
                hints::unknown_type(*t),
                lang,
            ),
            WireError::BadSize(n) => with_hint(
                lang.pick(
                    format!("size {n} outside 1 to {MAX_SIZE}"),
                    format!("tamanho {n} fora de 1 a {MAX_SIZE}"),
                ),
                hints::bad_size(*n),
                lang,
            ),
            WireError::Io(e) => crate::term::text::os_error(e, lang),
        }
    }
}

/// `why`, and after a dash the short form of a byte-order hint: `size 1536 outside 1 to 400 — 6
/// byte-swapped: a little-endian size?`.
fn with_hint(why: String, hint: Option<KvHint>, lang: Lang) -> String {
    match hint {
        Some(KvHint::Swapped { field, meant, .. }) => lang.pick(
            format!(
                "{why} — {meant} byte-swapped: a little-endian {}?",
                field.name()
            ),
            format!(
                "{why} — {meant} com os bytes invertidos: o campo {} em little-endian?",
                field.name()
            ),
        ),
        Some(hint) => format!("{why} — {}", hint.render(lang)),
        None => why,
    }
}

/// The hints, as one sentence each (`netlab check`, the node's log, `--trace`).
impl Text for KvHint {
    fn render(&self, lang: Lang) -> String {
        let l = lang;
        match *self {
            KvHint::Swapped { field, got, meant } => l.pick(
                format!(
                    "{got} is {meant} byte-swapped: a little-endian {}?",
                    field.name()
                ),
                format!(
                    "{got} é {meant} com os bytes invertidos: o campo {} em little-endian?",
                    field.name()
                ),
            ),
            KvHint::SignedPort => l
                .pick(
                    "answers reach a port below 32768 but not one above: is the port read as a \
                     signed 16-bit number? Ports are unsigned (0 to 65535)",
                    "as respostas chegam a uma porta abaixo de 32768, mas não acima: a porta é \
                     lida como um número de 16 bits com sinal? Portas não têm sinal (0 a 65535)",
                )
                .into(),
            KvHint::TtlForwardsDead => l
                .pick(
                    "TTL off by one: a copy that arrives with ttl 1 is answered but not \
                     forwarded (ttl − 1 = 0 goes nowhere)",
                    "TTL errado por um: uma cópia que chega com ttl 1 é respondida, mas não \
                     repassada (ttl − 1 = 0 não vai a lugar nenhum)",
                )
                .into(),
            KvHint::TtlDecrementsFirst => l
                .pick(
                    "TTL off by one: the ttl is decremented before answering; a copy that \
                     arrives with ttl 1 is still answered, and only ttl 0 is dropped",
                    "TTL errado por um: o ttl é decrementado antes de responder; uma cópia que \
                     chega com ttl 1 ainda é respondida, e só ttl 0 é descartada",
                )
                .into(),
            KvHint::StopsFlooding => l
                .pick(
                    "the node stops flooding once it has the key: it must answer and still \
                     forward, so every copy of the key within reach answers",
                    "o nó para a inundação quando tem a chave: ele deve responder e ainda \
                     repassar, para que toda cópia da chave ao alcance responda",
                )
                .into(),
            KvHint::NoDedup => l
                .pick(
                    "no duplicate suppression: a flood is identified by (type, ip_orig, \
                     port_orig, nseq), and a copy seen before is dropped silently",
                    "sem supressão de duplicatas: uma inundação é identificada por (tipo, \
                     ip_orig, port_orig, nseq), e uma cópia já vista é descartada em silêncio",
                )
                .into(),
            KvHint::OriginNotRecorded => l
                .pick(
                    "the node does not record the floods it starts: its own request, come back \
                     around a cycle, is answered twice",
                    "o nó não registra as inundações que inicia: o próprio pedido, de volta por \
                     um ciclo, é respondido duas vezes",
                )
                .into(),
            KvHint::TrailingSpace => l
                .pick(
                    "trailing spaces kept: remove them from the list before appending \
                     \" IP:PORT\"",
                    "espaços finais mantidos: remova-os da lista antes de acrescentar \
                     \" IP:PORTA\"",
                )
                .into(),
            KvHint::SameConnection => l
                .pick(
                    "the answer came on the request's connection: answers travel on a new \
                     connection to (IP, announced port), one RESP each",
                    "a resposta veio na conexão do pedido: respostas vão numa conexão nova para \
                     (IP, porta anunciada), uma RESP cada",
                )
                .into(),
        }
    }
}

impl Text for KvText<'_> {
    fn render(&self, lang: Lang) -> String {
        use KvText::*;
        let l = lang;
        match self {
            Incorrect(a) => l.pick(
                format!("Incorrect message received from {a}"),
                format!("Mensagem incorreta recebida de {a}"),
            ),
            NoResponse => l
                .pick("No response received", "Nenhuma resposta recebida")
                .into(),
            UnknownCommand => l.pick("Unknown command", "Comando desconhecido").into(),
            KeyTooLong => l
                .pick(
                    "Key too long (at most 400 bytes)",
                    "Chave longa demais (no máximo 400 bytes)",
                )
                .into(),
            Help => l
                .pick(
                    "Commands:\n\
                     \x20 ? KEY   ask every node within 3 hops for KEY\n\
                     \x20 T       ask for the topology (the nodes within 3 hops)\n\
                     \x20 Q       quit (end of input and Ctrl-C too)\n\
                     \x20 help    this list (? alone too)",
                    "Comandos:\n\
                     \x20 ? CHAVE  pergunta a CHAVE a todos os nós a até 3 saltos\n\
                     \x20 T        pede a topologia (os nós a até 3 saltos)\n\
                     \x20 Q        sai (o fim da entrada e Ctrl-C também)\n\
                     \x20 help     esta lista (? sozinho também)",
                )
                .into(),
            TypedWait(n) => match n {
                1 => l.pick(
                    "; 1 typed command waits".to_string(),
                    "; 1 comando digitado espera".to_string(),
                ),
                n => l.pick(
                    format!("; {n} typed commands wait"),
                    format!("; {n} comandos digitados esperam"),
                ),
            },
            TypedLine(line) => l.pick(
                format!("{line}   (waits for the answers to come in)"),
                format!("{line}   (espera as respostas chegarem)"),
            ),
            TypedRuns(line) => l.pick(
                format!("{line}   (runs now)"),
                format!("{line}   (executa agora)"),
            ),
            Waiting { elapsed, answers } => {
                let secs = format!("{:.1}", elapsed.as_secs_f64());
                match l {
                    Lang::En => format!(
                        "waiting for answers: {secs} s, {}",
                        count(*answers as u64, "answer", "answers")
                    ),
                    Lang::Pt => format!(
                        "esperando respostas: {} s, {}",
                        secs.replace('.', ","),
                        count(*answers as u64, "resposta", "respostas")
                    ),
                }
            }
            CannotReachNode { node, why } => l.pick(
                format!("cannot connect to node {node}: {why}"),
                format!("não foi possível conectar ao nó {node}: {why}"),
            ),
            NodeLost(node) => l.pick(
                format!("the connection to node {node} is lost"),
                format!("a conexão com o nó {node} se perdeu"),
            ),
            NodeUndecodable { node, why } => l.pick(
                format!(
                    "node {node} sent bytes that do not decode ({}): connection cut",
                    why.render(l)
                ),
                format!(
                    "o nó {node} enviou bytes que não se decodificam ({}): conexão cortada",
                    why.render(l)
                ),
            ),
            Undecodable(why) => l.pick(
                format!("undecodable: {}", why.render(l)),
                format!("indecifrável: {}", why.render(l)),
            ),
            // A plain close is said once; any other reason follows in parentheses.
            NodeClosed {
                node,
                why: WireError::Closed,
            } => l.pick(
                format!("node {node} closed the connection"),
                format!("o nó {node} fechou a conexão"),
            ),
            NodeClosed { node, why } => l.pick(
                format!("node {node} closed the connection ({})", why.render(l)),
                format!("o nó {node} fechou a conexão ({})", why.render(l)),
            ),
            ClientListens(port) => l.pick(
                format!("answers are expected on port {port}"),
                format!("respostas esperadas na porta {port}"),
            ),
            ClientReady { node } => l.pick(
                format!("connected to node {node} (help lists the commands)"),
                format!("conectado ao nó {node} (help lista os comandos)"),
            ),
            BadAnswer { from, why } => format!("{from}: {}", why.render(l)),
            AnswerSilent { from, after } => l.pick(
                format!(
                    "{from} sent no answer within {} on the answer port: connection closed",
                    duration(*after)
                ),
                format!(
                    "{from} não enviou resposta em {} na porta de respostas: conexão fechada",
                    duration(*after)
                ),
            ),
            AnswerPortFull { cap, from } => l.pick(
                format!(
                    "the answer port holds its most connections at once ({cap}): closed the \
                     one from {from}, which sent nothing"
                ),
                format!(
                    "a porta de respostas está com o máximo de conexões simultâneas ({cap}): \
                     fechada a de {from}, que não enviou nada"
                ),
            ),
            AnswerCap { cap, limit } => match limit {
                Some(limit) => l.pick(
                    format!("at most {cap} answer connections at once (descriptor limit {limit})"),
                    format!(
                        "no máximo {cap} conexões de resposta simultâneas (limite de \
                         descritores {limit})"
                    ),
                ),
                None => l.pick(
                    format!("at most {cap} answer connections at once"),
                    format!("no máximo {cap} conexões de resposta simultâneas"),
                ),
            },
            DbLoaded { file, keys } => l.pick(
                format!("database {file}: {keys} key(s)"),
                format!("banco {file}: {keys} chave(s)"),
            ),
            CannotReadDb { file, why } => l.pick(
                format!("cannot read the database {file}: {why}"),
                format!("não foi possível ler o banco {file}: {why}"),
            ),
            CannotReachNeighbour { addr, why } => l.pick(
                format!("cannot reach neighbour {addr}: {why}"),
                format!("não foi possível alcançar o vizinho {addr}: {why}"),
            ),
            NeighbourConnected(peer) => l.pick(
                format!("connected to neighbour {peer}"),
                format!("conectado ao vizinho {peer}"),
            ),
            NeighbourJoined(peer) => l.pick(
                format!("neighbour {peer} joined"),
                format!("o vizinho {peer} entrou"),
            ),
            NeighbourLeft(peer) => l.pick(
                format!("neighbour {peer} disconnected, dropped"),
                format!("o vizinho {peer} desconectou-se e foi removido"),
            ),
            ClientJoined { peer, answers_to } => l.pick(
                format!("client {peer} answers to {answers_to}"),
                format!("o cliente {peer} recebe respostas em {answers_to}"),
            ),
            ClientLeft(addr) => l.pick(
                format!("client {addr} disconnected"),
                format!("o cliente {addr} desconectou-se"),
            ),
            ConnectionFrom(peer) => l.pick(
                format!("connection from {peer}"),
                format!("conexão de {peer}"),
            ),
            Disconnected(peer) => l.pick(
                format!("{peer} disconnected"),
                format!("{peer} desconectou-se"),
            ),
            ProtocolError { peer, why } => l.pick(
                format!("{peer}: {}; connection closed", why.render(l)),
                format!("{peer}: {}; conexão fechada", why.render(l)),
            ),
            ConnError { peer, why } => format!("{peer}: {why}"),
            BeforeId { peer, kind } => l.pick(
                format!("{peer}: {} before ID; connection closed", type_name(*kind)),
                format!("{peer}: {} antes do ID; conexão fechada", type_name(*kind)),
            ),
            UnexpectedFrom { peer, kind, from } => {
                let name = type_name(*kind);
                match from {
                    Peer::Neighbour => l.pick(
                        format!("{peer}: unexpected {name} from a neighbour, ignored"),
                        format!("{peer}: {name} inesperado de um vizinho, ignorado"),
                    ),
                    Peer::Client => l.pick(
                        format!("{peer}: unexpected {name} from a client, ignored"),
                        format!("{peer}: {name} inesperado de um cliente, ignorado"),
                    ),
                }
            }
            CannotDeliver { to, why } => l.pick(
                format!("cannot deliver an answer to {to}: {why}"),
                format!("não foi possível entregar uma resposta a {to}: {why}"),
            ),
            MoreUndelivered { to, count: n } => match (l, n) {
                (Lang::En, 1) => format!("… 1 more answer to {to} could not be delivered"),
                (Lang::En, n) => format!("… {n} more answers to {to} could not be delivered"),
                (Lang::Pt, 1) => format!("… mais 1 resposta para {to} não pôde ser entregue"),
                (Lang::Pt, n) => {
                    format!("… mais {n} respostas para {to} não puderam ser entregues")
                }
            },
            AnswerDown { to, why } => l.pick(
                format!(
                    "cannot connect to {to} within {} ({why}): its answers are skipped for {}",
                    duration(CONNECT_TIMEOUT),
                    duration(PAUSE)
                ),
                format!(
                    "não foi possível conectar a {to} em {} ({why}): suas respostas são \
                     descartadas por {}",
                    duration(CONNECT_TIMEOUT),
                    duration(PAUSE)
                ),
            ),
            AnswersSkipped { to, count: n } => l.pick(
                format!(
                    "{} to {to} skipped while it could not be reached; trying it again",
                    count(*n, "answer", "answers")
                ),
                format!(
                    "{} para {to} {} enquanto estava inalcançável; tentando de novo",
                    count(*n, "resposta", "respostas"),
                    dropped_pt(*n)
                ),
            ),
            AnswersCapped { to, count: n, rate } => l.pick(
                format!(
                    "{} to {to} dropped in the last second: at most {rate} a second to one \
                     address",
                    count(*n, "answer", "answers")
                ),
                format!(
                    "{} para {to} {} no último segundo: no máximo {rate} por segundo para um \
                     endereço",
                    count(*n, "resposta", "respostas"),
                    dropped_pt(*n)
                ),
            ),
            AnswersCrowded { to, count: n } => l.pick(
                format!(
                    "{} to {to} dropped in the last second: too many were waiting for it",
                    count(*n, "answer", "answers")
                ),
                format!(
                    "{} para {to} {} no último segundo: muitas já esperavam por ele",
                    count(*n, "resposta", "respostas"),
                    dropped_pt(*n)
                ),
            ),
            MoreAnswerWarnings { count: n } => match (l, n) {
                (Lang::En, 1) => "… 1 more warning about answers in the last second".into(),
                (Lang::En, n) => format!("… {n} more warnings about answers in the last second"),
                (Lang::Pt, 1) => "… mais 1 aviso sobre respostas no último segundo".into(),
                (Lang::Pt, n) => format!("… mais {n} avisos sobre respostas no último segundo"),
            },
            AnswersBacklog { count: n } => l.pick(
                format!(
                    "too many answers waiting: {} dropped in the last second",
                    count(*n, "answer", "answers")
                ),
                format!(
                    "respostas demais esperando: {} {} no último segundo",
                    count(*n, "resposta", "respostas"),
                    dropped_pt(*n)
                ),
            ),
            NotIpv4(to) => l.pick(
                format!("client {to} is not IPv4: its request is answered here but not flooded"),
                format!(
                    "o cliente {to} não é IPv4: seu pedido é respondido aqui, mas não inundado"
                ),
            ),
            TopologyTooLong { len } => l.pick(
                format!(
                    "topology list of {len} bytes would exceed {MAX_SIZE}: answered with its \
                     last names, not forwarded"
                ),
                format!(
                    "a lista de topologia de {len} bytes passaria de {MAX_SIZE}: respondida com \
                     os últimos nomes, não repassada"
                ),
            ),
            CannotStartDelivery(why) => l.pick(
                format!("cannot start a delivery thread: {why}"),
                format!("não foi possível iniciar uma thread de entrega: {why}"),
            ),
            DeliveryStopped => l
                .pick(
                    "no delivery thread could be started",
                    "nenhuma thread de entrega pôde ser iniciada",
                )
                .into(),
            DemoLine => l
                .pick(
                    "Five nodes in a line, n1 - n2 - n3 - n4 - n5, each started with the \
                     previous one as its neighbour; each one listens on its own loopback \
                     address, like five hosts.",
                    "Cinco nós em linha, n1 - n2 - n3 - n4 - n5, cada um iniciado com o anterior \
                     como vizinho; cada um escuta no seu próprio endereço de loopback, como \
                     cinco máquinas.",
                )
                .into(),
            DemoClient => l
                .pick(
                    "A client connects to n1. It listens for answers first: every answer \
                     arrives on a new connection from the node that has it.",
                    "Um cliente se conecta a n1. Ele escuta as respostas antes: cada resposta \
                     chega numa conexão nova, vinda do nó que a tem.",
                )
                .into(),
            DemoTopology => l
                .pick(
                    "T asks for the topology: n1 answers with its own name and floods a \
                     TOPOFLOOD with TTL 3; every node that receives it appends its name and \
                     answers.",
                    "T pede a topologia: n1 responde com o próprio nome e inunda a rede com um \
                     TOPOFLOOD de TTL 3; cada nó que o recebe acrescenta seu nome e responde.",
                )
                .into(),
            DemoAnswered(n, addr, hops) => match (l, hops) {
                (Lang::En, 0) => format!("n{n} ({addr}) answered directly: the client's own node."),
                (Lang::En, 1) => format!("n{n} ({addr}) answered from 1 hop away."),
                (Lang::En, h) => format!("n{n} ({addr}) answered from {h} hops away."),
                (Lang::Pt, 0) => {
                    format!("n{n} ({addr}) respondeu diretamente: é o nó do próprio cliente.")
                }
                (Lang::Pt, 1) => format!("n{n} ({addr}) respondeu a 1 salto de distância."),
                (Lang::Pt, h) => format!("n{n} ({addr}) respondeu a {h} saltos de distância."),
            },
            // No-break spaces keep `1 - 1 = 0` on one line where the narration wraps.
            DemoFifthSilent => l
                .pick(
                    "n5 is silent: the flood left n1 with TTL 3, n2 passed it on with 2, n3 with \
                     1, and n4 received its last hop: 1\u{a0}-\u{a0}1\u{a0}=\u{a0}0, so n4 answered but did not \
                     forward.",
                    "n5 fica em silêncio: a inundação saiu de n1 com TTL 3, n2 a repassou com 2, \
                     n3 com 1, e n4 recebeu o último salto: 1\u{a0}-\u{a0}1\u{a0}=\u{a0}0, então n4 respondeu mas \
                     não repassou.",
                )
                .into(),
            DemoAskFifth => l
                .pick(
                    "Now a key that only n5 holds.",
                    "Agora uma chave que só n5 tem.",
                )
                .into(),
            DemoNoResponse => l
                .pick(
                    "Out of reach: n5 is four hops away, so the client's quiet window ends with \
                     no answer.",
                    "Fora de alcance: n5 está a quatro saltos, então a janela de espera do \
                     cliente termina sem resposta.",
                )
                .into(),
            DemoAskSecond => l
                .pick(
                    "A key that n2 holds: n1 does not have it, but floods the KEYFLOOD anyway.",
                    "Uma chave que n2 tem: n1 não a tem, mas inunda o KEYFLOOD mesmo assim.",
                )
                .into(),
            DemoFoundSecond(addr) => l.pick(
                format!(
                    "Found: n2 ({addr}) answered from 1 hop away, on a connection of its own \
                     (the value is the rest of its database line after the key and one blank)."
                ),
                format!(
                    "Encontrada: n2 ({addr}) respondeu a 1 salto, numa conexão própria (o valor \
                     é o resto da linha do banco depois da chave e de um espaço)."
                ),
            ),
            DemoQuit => l
                .pick(
                    "Q closes the client's connection to n1; the nodes keep running until \
                     stopped.",
                    "Q fecha a conexão do cliente com n1; os nós continuam até serem parados.",
                )
                .into(),
        }
    }
}

/// `1 answer`, `2 answers`.
fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "descartada" agreeing with "resposta(s)".
fn dropped_pt(n: u64) -> &'static str {
    if n == 1 { "descartada" } else { "descartadas" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_swapped_fields_say_so_in_the_error() {
        assert_eq!(
            WireError::BadSize(1536).render(Lang::En),
            "size 1536 outside 1 to 400 — 6 byte-swapped: a little-endian size?"
        );
        assert_eq!(
            WireError::BadSize(1536).render(Lang::Pt),
            "tamanho 1536 fora de 1 a 400 — 6 com os bytes invertidos: o campo size em \
             little-endian?"
        );
        assert_eq!(
            WireError::BadSize(401).render(Lang::En),
            "size 401 outside 1 to 400"
        );
        assert_eq!(
            WireError::UnknownType(2304).render(Lang::En),
            "unknown message type 2304 — 9 byte-swapped: a little-endian type?"
        );
    }

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
