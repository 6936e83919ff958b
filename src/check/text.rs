//! The checker's sentences, en and pt: why a case failed, what a run says about itself, and
//! the labels of a report. The cases' own rules (their titles) stand next to them in each
//! protocol's file of cases; the hints' sentences are in the protocols' `text.rs`.
//!
//! The status words (`PASS`, `FAIL`, `WARN`, `SKIP`) and case ids are the same in every
//! language, so scripts can read any report.

use std::net::SocketAddr;
use std::time::Duration;

use crate::term::text::{Lang, Text, duration};

#[derive(Clone, Debug)]
pub enum CheckText<'a> {
    // ----- the run
    Totals {
        passed: usize,
        failed: usize,
        skipped: usize,
    },
    LabelSent,
    LabelExpected,
    LabelArrived,
    LabelHint,
    NeedsAddress(&'a str),
    ProbeUnanswered(&'a str),
    ProbeSilent,
    /// The first probe's answer arrived but does not decode (the protocol, why).
    ProbeUndecodable {
        proto: &'a str,
        why: &'a str,
    },
    /// `*.alive.1` without a single answered probe.
    NeverAnswered(&'a str),
    /// The header of the shared causes at the end of a run.
    SharedCauses,
    /// One shared cause: how many cases, the cause, their ids.
    CauseLine {
        n: usize,
        cause: &'a str,
        cases: &'a str,
    },
    /// A hint already shown under an earlier case.
    SameCause(&'a str),
    Interrupted,
    /// `None`: after the first probe.
    SkippedAfterStop(Option<&'a str>),
    SkippedQuick,
    SkippedStrict,
    StoppedAfter {
        case: &'a str,
        why: &'a str,
    },
    StoppedAfterProbe(&'a str),
    CannotStart(&'a str),
    Crashed,
    OverBudget(Duration),
    // ----- hints of no protocol
    OneRecv,
    StopsAccepting,
    // ----- arrivals
    CannotConnect {
        to: SocketAddr,
        why: String,
    },
    CannotSend(&'a str),
    CannotListen,
    Arrived(&'a str),
    Nothing(Duration),
    NothingWord,
    /// Nothing, then the frame that proves it (a barrier).
    NothingThen(&'a str),
    Closed,
    ClosedWord,
    Partial(usize),
    PartialWord(usize),
    Undecodable(&'a str),
    UndecodableWord,
    UnknownType(u16),
    BadSize(usize),
    Bytes(usize),
    HalfFrame(usize),
    HalfLine,
    LongLine(usize),
    StillOpen(Duration),
    // ----- comparisons
    WrongType {
        got: &'a str,
        want: &'a str,
    },
    FieldIs {
        field: &'a str,
        got: String,
        want: String,
    },
    /// A value expected within a range (`FieldIs`'s expectation).
    Between(u64, u64),
    /// A variant the assignment allows and the spec does not use.
    Tolerated(&'a str),
    // ----- msg
    TextDiffers,
    Padding(usize),
    AnsweredAfterPadding(usize),
    ClosedAfterErro,
    IdStillTaken(u16),
    SentAfterFlw,
    RelayedAnyway,
    KeptTimestamp,
    BadList {
        emitter: u16,
        display: u16,
    },
    WaitsForOkqemAck,
    NoStopAndWait,
    TypeNine,
    SilentKept(Duration),
    // ----- kv
    NotLinked,
    NotTheAnswer(u32),
    NoValue(&'a str),
    /// No RESP for the held key while TOPOREQ is answered.
    KeyNotHeld(&'a str),
    /// The shared cause of the skipped key cases.
    NameAKey(&'a str),
    AnsweredOnRequest,
    HighPortUnanswered(u16),
    NotOneResp {
        frames: usize,
        closed: bool,
    },
    AnsweredMissing,
    NotItsName {
        got: &'a str,
        port: u16,
    },
    WrongList,
    ForwardedTooLong,
    BackToSender,
    LastHopUnanswered,
    ForwardedDead,
    AnsweredDead,
    DuplicateForwarded,
    DuplicateAnswered,
    OwnFloodForwarded,
    OwnFloodAnswered,
    BadSizeFlooded(u16),
    // ----- chat
    NotAList,
    NotAnAddr,
    NotListed(&'a str),
    StillListed(&'a str),
    AskerListed,
    TrailingBlanks,
    NotEmptyList,
    OthersOnline(&'a str),
    WrongAddr,
    TakenAccepted,
    TakenOverwritten,
    WrongErr,
    AnsweredUnknownAddr,
    AnsweredKeep,
    NoCrlf,
    NeverExpired(Duration),
    ExpiredEarly(Duration),
    KeptAliveCut,
    ViolationKept,
    /// A reset with nothing read: not the orderly close a case waits for.
    ResetUnread,
    /// Answers that arrived without line ends, run together.
    Unterminated(&'a str),
    DiscKept(Duration),
    OtherClosed,
    // ----- app and echo
    BadHeader(&'a str),
    AfterFrame(usize),
    HeaderIs {
        got: String,
        want: String,
    },
    NoResult,
    WrongResult,
    NoHit(&'a str),
    WrongBinary,
    EchoShort {
        got: usize,
        sent: usize,
    },
    EchoDiffers,
    ClosedEarly,
    StillOpenAfterFin(Duration),
    // ----- the run's bounds, its end and its reports
    /// The first probe's connection was accepted, the next one refused (why).
    StoppedAtFirst(&'a str),
    /// `--list`: how many cases would run, and the longest such a run can take.
    Ceiling {
        cases: usize,
        within: Duration,
        timeout: Duration,
    },
    /// The end of what a report shows of a long arrival.
    BytesInAll(usize),
    /// The same, for an arrival cut where the checker stops reading.
    BytesAtLeast(usize),
    /// A signal stopped the run: how many cases ran, of how many.
    InterruptedRun {
        ran: usize,
        of: usize,
    },
    /// Writing the text or JSON report on stdout failed (why).
    StdoutUnwritable(String),
}

impl Text for CheckText<'_> {
    fn render(&self, lang: Lang) -> String {
        use CheckText::*;
        let l = lang;
        match self {
            Totals {
                passed,
                failed,
                skipped,
            } => {
                let pt = |n: usize, one: &str, many: &str| {
                    format!("{n} {}", if n == 1 { one } else { many })
                };
                l.pick(
                    format!("{passed} passed, {failed} failed, {skipped} skipped"),
                    format!(
                        "{}, {}, {}",
                        pt(*passed, "passou", "passaram"),
                        pt(*failed, "falhou", "falharam"),
                        pt(*skipped, "pulado", "pulados")
                    ),
                )
            }
            LabelSent => l.pick("sent:", "enviado:").into(),
            LabelExpected => l.pick("expected:", "esperado:").into(),
            LabelArrived => l.pick("arrived:", "chegou:").into(),
            LabelHint => l.pick("hint:", "dica:").into(),
            NeedsAddress(p) => l.pick(
                format!("netlab check {p} needs the HOST:PORT of what it checks"),
                format!("netlab check {p} precisa do HOST:PORTA do que vai verificar"),
            ),
            ProbeUnanswered(why) => l.pick(
                format!(
                    "the server does not answer a first client ({why}); from now on a refused \
                     connection is the only sign that it stopped"
                ),
                format!(
                    "o servidor não responde a um primeiro cliente ({why}); daqui em diante só \
                     uma conexão recusada mostra que ele parou"
                ),
            ),
            ProbeUndecodable { proto, why } => l.pick(
                format!("answers arrive but do not decode as {proto} frames: {why}"),
                format!("respostas chegam mas não se decodificam como quadros {proto}: {why}"),
            ),
            NeverAnswered(why) => l.pick(
                format!(
                    "no new client's request was ever answered ({why}): a connection accepted \
                     is no proof that the server serves"
                ),
                format!(
                    "o pedido de um cliente novo nunca foi respondido ({why}): uma conexão \
                     aceita não prova que o servidor atende"
                ),
            ),
            SharedCauses => l.pick("shared causes:", "causas comuns:").into(),
            CauseLine { n, cause, cases } => l.pick(
                format!(
                    "  {n} {}: {cause} ({cases})",
                    if *n == 1 { "case" } else { "cases" }
                ),
                format!(
                    "  {n} {}: {cause} ({cases})",
                    if *n == 1 { "caso" } else { "casos" }
                ),
            ),
            SameCause(first) => l.pick(
                format!("as in {first} (see the shared causes at the end)"),
                format!("como em {first} (veja as causas comuns no fim)"),
            ),
            ProbeSilent => l
                .pick(
                    "a new client got no answer",
                    "um cliente novo não teve resposta",
                )
                .into(),
            Interrupted => l.pick("interrupted", "interrompido").into(),
            SkippedAfterStop(Some(case)) => l.pick(
                format!("the server stopped after {case}"),
                format!("o servidor parou depois de {case}"),
            ),
            SkippedAfterStop(None) => l
                .pick(
                    "the server stopped after its first client",
                    "o servidor parou depois do primeiro cliente",
                )
                .into(),
            SkippedQuick => l
                .pick(
                    "a long wait: --quick skips it",
                    "espera longa: --quick o pula",
                )
                .into(),
            SkippedStrict => l
                .pick("strict: run with --strict", "estrito: rode com --strict")
                .into(),
            StoppedAfter { case, why } => l.pick(
                format!(
                    "after {case} (whose clients had just disconnected) the server no longer \
                     serves new clients: {why}"
                ),
                format!(
                    "depois de {case} (cujos clientes tinham acabado de se desconectar) o \
                     servidor não atende mais clientes novos: {why}"
                ),
            ),
            StoppedAfterProbe(why) => l.pick(
                format!(
                    "once its first client (the checker's probe) had left, the server no \
                     longer serves new clients: {why}"
                ),
                format!(
                    "depois que o primeiro cliente (a sonda do verificador) saiu, o servidor não \
                     atende mais clientes novos: {why}"
                ),
            ),
            CannotStart(why) => l.pick(
                format!("cannot start the case: {why}"),
                format!("não foi possível iniciar o caso: {why}"),
            ),
            Crashed => l
                .pick(
                    "the case ended without a verdict",
                    "o caso terminou sem veredito",
                )
                .into(),
            OverBudget(d) => l.pick(
                format!("the case did not finish within {}", duration(*d)),
                format!("o caso não terminou em {}", duration(*d)),
            ),
            OneRecv => l
                .pick(
                    "one recv taken as one message? TCP is a byte stream: a frame may arrive \
                     in pieces, or several in one segment; read each frame by its length (or \
                     each line to its end) from the stream",
                    "um recv tomado como uma mensagem? TCP é um fluxo de bytes: um quadro pode \
                     chegar em pedaços, ou vários num segmento; leia cada quadro pelo tamanho \
                     (ou cada linha até o fim) a partir do fluxo",
                )
                .into(),
            StopsAccepting => l
                .pick(
                    "the server exits or stops accepting when a client disconnects: a client \
                     leaving (even mid-frame) must cost only its own connection",
                    "o servidor termina ou para de aceitar quando um cliente se desconecta: a \
                     saída de um cliente (mesmo no meio de um quadro) só pode custar a conexão \
                     dele",
                )
                .into(),
            CannotConnect { to, why } => l.pick(
                format!("cannot connect to {to}: {why}"),
                format!("não foi possível conectar a {to}: {why}"),
            ),
            CannotSend(why) => l.pick(
                format!("cannot send: {why}"),
                format!("não foi possível enviar: {why}"),
            ),
            CannotListen => l
                .pick(
                    "cannot listen for the node's answers",
                    "não foi possível escutar as respostas do nó",
                )
                .into(),
            Arrived(what) => l.pick(
                format!("something else arrived: {what}"),
                format!("chegou outra coisa: {what}"),
            ),
            Nothing(d) => l.pick(
                format!("nothing arrived within {}", duration(*d)),
                format!("nada chegou em {}", duration(*d)),
            ),
            NothingWord => l.pick("nothing", "nada").into(),
            NothingThen(next) => l.pick(
                format!("nothing, then {next}"),
                format!("nada, e depois {next}"),
            ),
            Closed => l
                .pick("the connection was closed", "a conexão foi fechada")
                .into(),
            ClosedWord => l
                .pick("the connection closed", "o fechamento da conexão")
                .into(),
            Partial(n) => l.pick(
                format!("an incomplete frame arrived: {n} bytes, then nothing"),
                format!("chegou um quadro incompleto: {n} bytes, e depois nada"),
            ),
            PartialWord(n) => l.pick(
                format!("{n} bytes of a frame"),
                format!("{n} bytes de um quadro"),
            ),
            Undecodable(why) => l.pick(
                format!("bytes that do not decode arrived: {why}"),
                format!("chegaram bytes que não se decodificam: {why}"),
            ),
            UndecodableWord => l
                .pick("bytes that do not decode", "bytes que não se decodificam")
                .into(),
            UnknownType(t) => l.pick(
                format!("unknown message type {t}"),
                format!("tipo de mensagem desconhecido {t}"),
            ),
            BadSize(n) => l.pick(
                format!("size {n} outside 1 to 400"),
                format!("tamanho {n} fora de 1 a 400"),
            ),
            Bytes(n) => l.pick(format!("{n} bytes"), format!("{n} bytes")),
            HalfFrame(n) => l.pick(
                format!("the first {n} bytes of a frame, then the close"),
                format!("os {n} primeiros bytes de um quadro, e depois o fechamento"),
            ),
            HalfLine => l
                .pick(
                    "half a line, then the close",
                    "meia linha, e depois o fechamento",
                )
                .into(),
            LongLine(n) => l.pick(
                format!("a line of {n} bytes"),
                format!("uma linha de {n} bytes"),
            ),
            StillOpen(d) => l.pick(
                format!("the connection is still open after {}", duration(*d)),
                format!("a conexão continua aberta depois de {}", duration(*d)),
            ),
            WrongType { got, want } => l.pick(
                format!("{got} arrived where {want} was expected"),
                format!("chegou {got} onde se esperava {want}"),
            ),
            FieldIs { field, got, want } => l.pick(
                format!("{field} is {got}, expected {want}"),
                format!("{field} é {got}, esperado {want}"),
            ),
            Between(lo, hi) => l.pick(
                format!("between {lo} and {hi}"),
                format!("entre {lo} e {hi}"),
            ),
            Tolerated(line) => l.pick(
                format!("\"{line}\": allowed by the assignment, not the spec's form"),
                format!("\"{line}\": permitido pelo enunciado, mas não é a forma da especificação"),
            ),
            TextDiffers => l
                .pick(
                    "the relayed text differs from the text sent",
                    "o texto repassado difere do texto enviado",
                )
                .into(),
            Padding(n) => l.pick(
                format!("{n} NUL bytes (the rest of a fixed 140-byte text)"),
                format!("{n} bytes NUL (o resto de um texto fixo de 140 bytes)"),
            ),
            AnsweredAfterPadding(n) => l.pick(
                format!("with {n} more NUL bytes sent, the server answered"),
                format!("com mais {n} bytes NUL enviados, o servidor respondeu"),
            ),
            ClosedAfterErro => l
                .pick(
                    "the server closed the connection after ERRO: the spec keeps it open so \
                     the client may try another id",
                    "o servidor fechou a conexão depois do ERRO: a especificação a mantém \
                     aberta para o cliente tentar outro id",
                )
                .into(),
            IdStillTaken(id) => l.pick(
                format!("id {id} is still refused: its client is gone"),
                format!("o id {id} continua recusado: o cliente dele já saiu"),
            ),
            SentAfterFlw => l
                .pick(
                    "the display that left with FLW was still sent a MSG",
                    "o exibidor que saiu com FLW ainda recebeu uma MSG",
                )
                .into(),
            RelayedAnyway => l
                .pick(
                    "the refused MSG was relayed anyway",
                    "a MSG recusada foi repassada mesmo assim",
                )
                .into(),
            KeptTimestamp => l
                .pick(
                    "the relayed MSG carries the emitter's day-old timestamp",
                    "a MSG repassada leva o timestamp de um dia atrás do emissor",
                )
                .into(),
            BadList { emitter, display } => l.pick(
                format!(
                    "the list must hold emitter {emitter} and display {display}, ascending, \
                     each once"
                ),
                format!(
                    "a lista deve ter o emissor {emitter} e o exibidor {display}, em ordem \
                     crescente, uma vez cada"
                ),
            ),
            WaitsForOkqemAck => l
                .pick(
                    "the MSG after an OKQEM was held back: the server waits for an OK that a \
                     response (OKQEM) never gets",
                    "a MSG depois de uma OKQEM ficou retida: o servidor espera um OK que uma \
                     resposta (OKQEM) nunca recebe",
                )
                .into(),
            NoStopAndWait => l
                .pick(
                    "a second MSG arrived before the first was acknowledged (no stop-and-wait)",
                    "uma segunda MSG chegou antes de a primeira ser confirmada (sem \
                     para-e-espera)",
                )
                .into(),
            TypeNine => l
                .pick(
                    "a frame of type 9 (unknown)",
                    "um quadro do tipo 9 (desconhecido)",
                )
                .into(),
            SilentKept(d) => l.pick(
                format!(
                    "a connection that sent nothing is still open after {}",
                    duration(*d)
                ),
                format!(
                    "uma conexão que não enviou nada continua aberta depois de {}",
                    duration(*d)
                ),
            ),
            NotLinked => l
                .pick(
                    "the node did not flood a client's TOPOREQ to its new neighbour:",
                    "o nó não inundou o TOPOREQ de um cliente para o vizinho novo:",
                )
                .into(),
            NotTheAnswer(n) => l.pick(
                format!("an answer arrived, but not RESP for nseq {n}"),
                format!("chegou uma resposta, mas não a RESP do nseq {n}"),
            ),
            KeyNotHeld(key) => l.pick(
                format!(
                    "no RESP for the key \"{key}\" though TOPOREQ is answered: the node does \
                     not seem to hold it"
                ),
                format!(
                    "nenhuma RESP para a chave \"{key}\" embora o TOPOREQ seja respondido: o nó \
                     parece não tê-la"
                ),
            ),
            NameAKey(key) => l.pick(
                format!(
                    "the node does not seem to hold the key \"{key}\": name one it holds with \
                     --key"
                ),
                format!(
                    "o nó parece não ter a chave \"{key}\": indique uma que ele tenha com --key"
                ),
            ),
            NoValue(key) => l.pick(
                format!(
                    "no RESP for the key \"{key}\" (if the node does not hold it, name one it \
                     holds with --key)"
                ),
                format!(
                    "nenhuma RESP para a chave \"{key}\" (se o nó não a tem, indique uma que \
                     ele tenha com --key)"
                ),
            ),
            AnsweredOnRequest => l
                .pick(
                    "the RESP came on the request's connection",
                    "a RESP veio na conexão do pedido",
                )
                .into(),
            HighPortUnanswered(p) => l.pick(
                format!("no answer reached port {p}"),
                format!("nenhuma resposta chegou à porta {p}"),
            ),
            NotOneResp { frames, closed } => match (l, closed) {
                (Lang::En, true) => format!("the answer connection carried {frames} frames"),
                (Lang::En, false) => {
                    format!("the answer connection carried {frames} frame(s) and was not closed")
                }
                (Lang::Pt, true) => format!("a conexão de resposta levou {frames} quadros"),
                (Lang::Pt, false) => {
                    format!("a conexão de resposta levou {frames} quadro(s) e não foi fechada")
                }
            },
            AnsweredMissing => l
                .pick(
                    "the node answered a key it does not hold",
                    "o nó respondeu uma chave que não tem",
                )
                .into(),
            NotItsName { got, port } => l.pick(
                format!("\"{got}\" is not IP:PORT with the node's port {port}"),
                format!("\"{got}\" não é IP:PORTA com a porta {port} do nó"),
            ),
            WrongList => l
                .pick(
                    "the answer is not the list plus \" IP:PORT\" of the node",
                    "a resposta não é a lista mais \" IP:PORTA\" do nó",
                )
                .into(),
            ForwardedTooLong => l
                .pick(
                    "the list over 400 bytes was forwarded",
                    "a lista de mais de 400 bytes foi repassada",
                )
                .into(),
            BackToSender => l
                .pick(
                    "the flood was sent back to the neighbour it came from",
                    "a inundação voltou para o vizinho de onde veio",
                )
                .into(),
            LastHopUnanswered => l
                .pick(
                    "the copy that arrived with ttl 1 was not answered",
                    "a cópia que chegou com ttl 1 não foi respondida",
                )
                .into(),
            ForwardedDead => l
                .pick(
                    "a copy that should die here was forwarded",
                    "uma cópia que devia morrer aqui foi repassada",
                )
                .into(),
            AnsweredDead => l
                .pick(
                    "the copy that arrived with ttl 0 was answered",
                    "a cópia que chegou com ttl 0 foi respondida",
                )
                .into(),
            DuplicateForwarded => l
                .pick(
                    "the second copy of the flood was forwarded",
                    "a segunda cópia da inundação foi repassada",
                )
                .into(),
            DuplicateAnswered => l
                .pick(
                    "the second copy of the flood was answered",
                    "a segunda cópia da inundação foi respondida",
                )
                .into(),
            OwnFloodForwarded => l
                .pick(
                    "the node's own flood, come back, was forwarded again",
                    "a inundação do próprio nó, de volta, foi repassada de novo",
                )
                .into(),
            OwnFloodAnswered => l
                .pick(
                    "the node's own flood, come back, was answered again",
                    "a inundação do próprio nó, de volta, foi respondida de novo",
                )
                .into(),
            BadSizeFlooded(n) => l.pick(
                format!("the KEYREQ with size {n} was flooded"),
                format!("o KEYREQ com tamanho {n} foi inundado"),
            ),
            NotAList => l
                .pick("the answer is not a LIST", "a resposta não é um LIST")
                .into(),
            NotAnAddr => l
                .pick("the answer is not an ADDR", "a resposta não é um ADDR")
                .into(),
            NotListed(name) => l.pick(
                format!("{name} is not in the list"),
                format!("{name} não está na lista"),
            ),
            StillListed(name) => l.pick(
                format!("{name} is still in the list"),
                format!("{name} continua na lista"),
            ),
            AskerListed => l
                .pick(
                    "the list shows the user who asked",
                    "a lista mostra o próprio usuário que perguntou",
                )
                .into(),
            TrailingBlanks => l
                .pick("the list ends in blanks", "a lista termina em espaços")
                .into(),
            NotEmptyList => l
                .pick(
                    "an empty list is not answered `LIST `",
                    "a lista vazia não é respondida `LIST `",
                )
                .into(),
            OthersOnline(names) => l.pick(
                format!("other users are online ({names})"),
                format!("há outros usuários ativos ({names})"),
            ),
            WrongAddr => l
                .pick(
                    "the ADDR answer is not the user's IP and port",
                    "a resposta ADDR não é o IP e a porta do usuário",
                )
                .into(),
            TakenAccepted => l
                .pick(
                    "the taken name was not refused: the connection is still open",
                    "o nome em uso não foi recusado: a conexão continua aberta",
                )
                .into(),
            TakenOverwritten => l
                .pick(
                    "the name now points to the second registration",
                    "o nome agora aponta para o segundo cadastro",
                )
                .into(),
            WrongErr => l
                .pick(
                    "the refusal is not the line `ERR name taken`",
                    "a recusa não é a linha `ERR name taken`",
                )
                .into(),
            AnsweredUnknownAddr => l
                .pick(
                    "ADDR for an inactive name was answered",
                    "ADDR de um nome inativo foi respondido",
                )
                .into(),
            AnsweredKeep => l.pick("KEEP was answered", "KEEP foi respondido").into(),
            NoCrlf => l
                .pick(
                    "a line from the server does not end in \\r\\n",
                    "uma linha do servidor não termina em \\r\\n",
                )
                .into(),
            NeverExpired(d) => l.pick(
                format!("the silent user is still connected after {}", duration(*d)),
                format!(
                    "o usuário calado continua conectado depois de {}",
                    duration(*d)
                ),
            ),
            ExpiredEarly(d) => l.pick(
                format!(
                    "the silent user was cut off after only {:.1} s",
                    d.as_secs_f64()
                ),
                format!(
                    "o usuário calado foi cortado depois de só {:.1} s",
                    d.as_secs_f64()
                ),
            ),
            KeptAliveCut => l
                .pick(
                    "the user sending KEEP was cut off too:",
                    "o usuário que enviava KEEP também foi cortado:",
                )
                .into(),
            ViolationKept => l
                .pick(
                    "the violation did not close the connection",
                    "a violação não fechou a conexão",
                )
                .into(),
            ResetUnread => l
                .pick(
                    "the connection was reset with nothing read back: a reset is not the \
                     orderly close expected (did the program read the lines at all?)",
                    "a conexão foi reiniciada (reset) sem nada lido de volta: um reset não é o \
                     fechamento ordenado esperado (o programa chegou a ler as linhas?)",
                )
                .into(),
            Unterminated(text) => l.pick(
                format!("the answers arrived without line ends, run together: {text}"),
                format!("as respostas chegaram sem fim de linha, emendadas: {text}"),
            ),
            DiscKept(d) => l.pick(
                format!("the conversation is still open {} after DISC", duration(*d)),
                format!("a conversa continua aberta {} depois do DISC", duration(*d)),
            ),
            OtherClosed => l
                .pick(
                    "a DISC on one conversation closed the other too",
                    "um DISC numa conversa fechou a outra também",
                )
                .into(),
            BadHeader(why) => l.pick(
                format!("a bad JSON header: {why}"),
                format!("um cabeçalho JSON inválido: {why}"),
            ),
            AfterFrame(n) => l.pick(
                format!(
                    "{n} bytes arrived after the frame (is content-length counted in \
                     characters instead of bytes?)"
                ),
                format!(
                    "chegaram {n} bytes depois do quadro (o content-length conta caracteres em \
                     vez de bytes?)"
                ),
            ),
            HeaderIs { got, want } => l.pick(
                format!("the header says {got}, expected {want}"),
                format!("o cabeçalho diz {got}, esperado {want}"),
            ),
            NoResult => l
                .pick(
                    "the content is not a JSON object with a \"result\" text",
                    "o conteúdo não é um objeto JSON com um texto \"result\"",
                )
                .into(),
            WrongResult => l
                .pick(
                    "the result is not the expected one",
                    "o resultado não é o esperado",
                )
                .into(),
            NoHit(key) => l.pick(
                format!("the search for {key} found nothing"),
                format!("a busca por {key} não achou nada"),
            ),
            WrongBinary => l
                .pick(
                    "the binary answer is not the expected one",
                    "a resposta binária não é a esperada",
                )
                .into(),
            EchoShort { got, sent } => l.pick(
                format!("{got} of the {sent} bytes came back"),
                format!("voltaram {got} dos {sent} bytes"),
            ),
            EchoDiffers => l
                .pick(
                    "the bytes that came back differ",
                    "os bytes que voltaram são diferentes",
                )
                .into(),
            ClosedEarly => l
                .pick(
                    "the server closed before the client did",
                    "o servidor fechou antes do cliente",
                )
                .into(),
            StillOpenAfterFin(d) => l.pick(
                format!(
                    "the server kept the connection open {} after the client closed its side",
                    duration(*d)
                ),
                format!(
                    "o servidor manteve a conexão aberta {} depois de o cliente fechar o lado \
                     dele",
                    duration(*d)
                ),
            ),
            StoppedAtFirst(why) => l.pick(
                format!(
                    "the server stopped after the first request (the checker's probe): {why}; \
                     no case can run"
                ),
                format!(
                    "o servidor parou depois do primeiro pedido (a sonda do verificador): {why}; \
                     nenhum caso pode rodar"
                ),
            ),
            Ceiling {
                cases,
                within,
                timeout,
            } => l.pick(
                format!(
                    "{cases} cases; with --timeout {} a run ends within {}, whatever the server \
                     does",
                    duration(*timeout),
                    duration(*within)
                ),
                format!(
                    "{cases} casos; com --timeout {} uma execução termina em até {}, faça o \
                     servidor o que fizer",
                    duration(*timeout),
                    duration(*within)
                ),
            ),
            BytesInAll(n) => l.pick(
                format!("… ({n} bytes in all)"),
                format!("… ({n} bytes ao todo)"),
            ),
            BytesAtLeast(n) => l.pick(
                format!("… (at least {n} bytes: the checker reads no more of one answer)"),
                format!(
                    "… (pelo menos {n} bytes: o verificador não lê mais que isso de uma resposta)"
                ),
            ),
            InterruptedRun { ran, of } => l.pick(
                format!("interrupted: {ran} of {of} cases ran; the reports hold what they found"),
                format!(
                    "interrompido: {ran} de {of} casos rodaram; os relatórios trazem o que eles \
                     acharam"
                ),
            ),
            StdoutUnwritable(why) => l.pick(
                format!("cannot write the report on stdout: {why}"),
                format!("não foi possível escrever o relatório na saída padrão: {why}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_in_both_languages() {
        let t = CheckText::Totals {
            passed: 3,
            failed: 1,
            skipped: 2,
        };
        assert_eq!(t.render(Lang::En), "3 passed, 1 failed, 2 skipped");
        assert_eq!(t.render(Lang::Pt), "3 passaram, 1 falhou, 2 pulados");
    }
}
