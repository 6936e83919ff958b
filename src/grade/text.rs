//! What `netlab grade` says, en and pt: the budgets at the start, one line per graded
//! submission, the reports written, and the words of the class report.

use std::time::Duration;

use crate::term::text::{Lang, Text, duration};

#[derive(Clone, Debug)]
pub enum GradeText<'a> {
    /// `role 90s` pairs, joined.
    Budgets(&'a str),
    /// A submission graded: its name, points, maximum, and what else to say.
    Graded {
        name: &'a str,
        points: &'a str,
        of: &'a str,
        notes: &'a str,
    },
    /// A submission's points once the matrix is in.
    WithMatrix {
        name: &'a str,
        points: &'a str,
        of: &'a str,
        matrix: &'a str,
    },
    /// Already graded in the file `--resume` read.
    Resumed(usize),
    Wrote(&'a str),
    NoCheck {
        target: &'a str,
        why: &'a str,
    },
    OverBudget(Duration),
    CheckEnded {
        status: &'a str,
        stderr: &'a str,
    },
    CannotResume {
        path: &'a str,
        why: &'a str,
    },
    NotAFolder(&'a str),
    BadBudget(&'a str),
    Interrupted {
        graded: usize,
        of: usize,
    },
    // ----- the class report
    ReportTitle(&'a str),
    ColumnSubmission,
    ColumnPoints,
    ColumnNotes,
    Details,
    Passed,
    /// The legend of the colours.
    Legend,
    // ----- the interop matrix (--matrix)
    /// The protocol has no matrix scenario (yet): the protocols that have one.
    NoMatrix {
        proto: &'a str,
        have: &'a str,
    },
    /// The rubric names no client role the matrix can run.
    NoMatrixRoles(&'a str),
    /// The matrix is starting: how many cells, and whether chat peers meet each other too.
    MatrixStart {
        cells: usize,
        peers: bool,
    },
    /// One cell done.
    CellDone {
        word: &'a str,
        title: &'a str,
    },
    /// The matrix is done.
    MatrixDone {
        passed: usize,
        failed: usize,
    },
    /// A cell's name: `matrix: emitter of ana × server of bruno`.
    CellTitle {
        role: &'a str,
        client: &'a str,
        server: &'a str,
    },
    /// The step of Figure 1 number `n` (msg).
    MsgStep(usize),
    /// The echo (`echo`) or app cell's step number `n`.
    AppStep {
        n: usize,
        echo: bool,
    },
    /// The kv cell's step number `n`.
    KvStep(usize),
    /// What a kv client sends first.
    WantId,
    /// The node's answer to request `nseq` for `key`.
    WantResp {
        nseq: u32,
        key: &'a str,
    },
    /// The node answered; the proxy could not reach the port the client's ID named.
    AnswerUnreached,
    /// No answer is the right one for a key no node holds.
    NoAnswerFor(&'a str),
    /// A kv client silent after a request nobody answered.
    SaidNothing(Duration),
    /// The chat cell's step number `n`.
    ChatStep(usize),
    /// A LIST answer naming `name`.
    WantList(&'a str),
    /// An ADDR answer for `name`.
    WantAddr(&'a str),
    /// The directory named where the callee registered; nothing listened there.
    CalleeUnreached(&'a str),
    /// A port named as the client's own is the one of the server it connected to.
    NamesServerPort,
    /// A kv answer delivered where the client's ID said, not printed.
    AnswerNotPrinted {
        text: &'a str,
        printed: &'a str,
    },
    /// A line delivered where a peer registered, not printed.
    PeerNotPrinted {
        name: &'a str,
        text: &'a str,
        printed: &'a str,
    },
    TheMessage(&'a str),
    TheEcho(&'a str),
    TheSearch(&'a str),
    AResult,
    /// A client did not print what it got.
    NotPrinted {
        text: &'a str,
        printed: &'a str,
    },
    FailedStep(&'a str),
    WentWrong {
        frame: &'a str,
        whose: &'a str,
    },
    /// "ana's emitter".
    Owner {
        name: &'a str,
        role: &'a str,
    },
    /// What a registering client sends.
    WantOi {
        display: bool,
    },
    /// A frame came where `label` was expected.
    InsteadOf(&'a str),
    /// Nothing came where `label` was expected.
    Expected(&'a str),
    NoFrame(Duration),
    /// The program never got to send a frame (it never started or never listened).
    NoFrameAtAll,
    NoProxy(&'a str),
    NotShown {
        text: &'a str,
        printed: &'a str,
    },
    Exited {
        status: &'a str,
        stderr: &'a str,
    },
    /// A client that works with netlab's server but not with a peer's.
    OnlyWithPeer {
        role: &'a str,
        peer: &'a str,
        step: &'a str,
        frame: &'a str,
        whose: &'a str,
    },
    MatrixHeading,
    /// A client role's table: its name in the reader's language.
    MatrixRole(&'a str),
    MatrixLegend,
    /// A submission's matrix in its results: its cells passed and failed, its points.
    MatrixLine {
        passed: usize,
        failed: usize,
        points: &'a str,
    },
    /// The matrix's corner: clients down, servers across.
    MatrixCorner,
    ColumnMatrix,
    /// A chat cell of two submissions' peers (or netlab's) with netlab's directory.
    PeerCellTitle {
        caller: &'a str,
        callee: &'a str,
    },
    /// The table of chat peers against each other, and its corner.
    PeerTable,
    PeerCorner,
    /// A peer that works with netlab's peer but not with another submission's (`calling`: as
    /// the caller, else as the callee).
    OnlyWithOtherPeer {
        calling: bool,
        peer: &'a str,
        step: &'a str,
        frame: &'a str,
        whose: &'a str,
        why: &'a str,
    },
    /// A chat line sent without its line ending, not shown by the peer it went to.
    Unterminated {
        name: &'a str,
        text: &'a str,
    },
}

/// A role's name in `l` (the rubric's section names are English).
fn role_word(role: &str, l: Lang) -> String {
    match role {
        "server" => l.pick("server", "servidor"),
        "display" => l.pick("display", "exibidor"),
        "emitter" => l.pick("emitter", "emissor"),
        "client" => l.pick("client", "cliente"),
        "peer" => l.pick("peer", "par"),
        other => other,
    }
    .to_string()
}

impl Text for GradeText<'_> {
    fn render(&self, l: Lang) -> String {
        use GradeText::*;
        match self {
            Budgets(b) => l.pick(
                format!("budget per submission: {b} (--budget ROLE=TIME changes it)"),
                format!("orçamento por submissão: {b} (--budget PAPEL=TEMPO o muda)"),
            ),
            Graded {
                name,
                points,
                of,
                notes,
            } => l.pick(
                format!("graded {name}: {points}/{of} points{notes}"),
                format!("avaliado {name}: {points}/{of} pontos{notes}"),
            ),
            WithMatrix {
                name,
                points,
                of,
                matrix,
            } => l.pick(
                format!("graded {name} with the matrix: {points}/{of} points (matrix {matrix})"),
                format!("avaliado {name} com a matriz: {points}/{of} pontos (matriz {matrix})"),
            ),
            Resumed(n) => l.pick(
                format!("{n} submissions already graded (--resume): not graded again"),
                format!("{n} submissões já avaliadas (--resume): não são avaliadas de novo"),
            ),
            Wrote(path) => l.pick(format!("wrote {path}"), format!("escrito {path}")),
            NoCheck { target, why } => l.pick(
                format!("netlab check {target} cannot grade this role: {why}"),
                format!("netlab check {target} não consegue avaliar este papel: {why}"),
            ),
            OverBudget(d) => l.pick(
                format!("not run: the role's budget ({}) ran out", duration(*d)),
                format!(
                    "não executado: o orçamento do papel ({}) acabou",
                    duration(*d)
                ),
            ),
            CheckEnded { status, stderr } => l.pick(
                format!("not run: the check ended ({status}): {stderr}"),
                format!("não executado: o check terminou ({status}): {stderr}"),
            ),
            CannotResume { path, why } => l.pick(
                format!("cannot resume from {path}: {why}"),
                format!("não consigo retomar de {path}: {why}"),
            ),
            NotAFolder(p) => l.pick(
                format!("{p} is not a folder (a submission is a folder)"),
                format!("{p} não é uma pasta (uma submissão é uma pasta)"),
            ),
            BadBudget(b) => l.pick(
                format!("--budget {b}: TIME or ROLE=TIME, with a role the rubric names"),
                format!("--budget {b}: TEMPO ou PAPEL=TEMPO, com um papel da rubrica"),
            ),
            Interrupted { graded, of } => l.pick(
                format!(
                    "interrupted: {graded} of {of} submissions graded (--resume goes on from there)"
                ),
                format!(
                    "interrompido: {graded} de {of} submissões avaliadas (--resume continua dali)"
                ),
            ),
            ReportTitle(p) => l.pick(format!("netlab grade: {p}"), format!("netlab grade: {p}")),
            ColumnSubmission => l.pick("submission", "submissão").into(),
            ColumnPoints => l.pick("points", "pontos").into(),
            ColumnNotes => l.pick("notes", "observações").into(),
            Details => l.pick("Details", "Detalhes").into(),
            Passed => l.pick("passed", "passou").into(),
            Legend => l
                .pick(
                    "PASS and WARN earn the case's points, FAIL none; SKIP counts in neither \
                     the score nor the maximum unless the program is to blame (stopped, died, \
                     out of budget), when it counts as a FAIL.",
                    "PASS e WARN ganham os pontos do caso, FAIL nenhum; SKIP não conta na nota \
                     nem no máximo, a não ser que a culpa seja do programa (parou, morreu, \
                     estourou o orçamento), quando conta como FAIL.",
                )
                .into(),
            NoMatrix { proto, have } => l.pick(
                format!("--matrix: {proto} has no matrix scenario (these have: {have})"),
                format!("--matrix: {proto} não tem cenário de matriz (estes têm: {have})"),
            ),
            NoMatrixRoles(roles) => l.pick(
                format!("--matrix: the rubric names none of the client roles ({roles})"),
                format!("--matrix: a rubrica não nomeia nenhum dos papéis de cliente ({roles})"),
            ),
            MatrixStart { cells: n, peers: false } => l.pick(
                format!("matrix: {n} cells (every client against every server, through netlab's proxy)"),
                format!("matriz: {n} células (cada cliente contra cada servidor, pelo proxy do netlab)"),
            ),
            MatrixStart { cells: n, peers: true } => l.pick(
                format!("matrix: {n} cells (every peer against every directory, and every peer calling every other, through netlab's proxy)"),
                format!("matriz: {n} células (cada par contra cada diretório, e cada par chamando cada outro, pelo proxy do netlab)"),
            ),
            CellDone { word, title } => format!("{word} {title}"),
            MatrixDone { passed, failed } => l.pick(
                format!("matrix: {passed} PASS, {failed} FAIL"),
                format!("matriz: {passed} PASS, {failed} FAIL"),
            ),
            CellTitle {
                role,
                client,
                server,
            } => l.pick(
                format!(
                    "matrix: {} of {client} × server of {server}",
                    role_word(role, l)
                ),
                format!(
                    "matriz: {} de {client} × servidor de {server}",
                    role_word(role, l)
                ),
            ),
            MsgStep(n) => match n {
                0 => l.pick("the display registers", "o exibidor se registra"),
                1 => l.pick("the emitter registers", "o emissor se registra"),
                2 => l.pick(
                    "a message to every display, shown and OK'd",
                    "uma mensagem a todos os exibidores, mostrada e com OK",
                ),
                3 => l.pick(
                    "a message to one display, shown and OK'd",
                    "uma mensagem a um exibidor, mostrada e com OK",
                ),
                4 => l.pick(
                    "QEM: the list of clients shown by the display",
                    "QEM: a lista de clientes mostrada pelo exibidor",
                ),
                _ => l.pick(
                    "the emitter says goodbye (FLW), OK'd",
                    "o emissor se despede (FLW), com OK",
                ),
            }
            .into(),
            AppStep { n, echo } => match (n, echo) {
                (0, true) => l.pick(
                    "the client sends its message",
                    "o cliente manda a sua mensagem",
                ),
                (1, true) => l.pick(
                    "the server echoes it back, byte for byte",
                    "o servidor a devolve, byte a byte",
                ),
                (_, true) => l.pick("the client prints the echo", "o cliente mostra o eco"),
                (0, false) => l.pick(
                    "the client sends a search request",
                    "o cliente manda um pedido de busca",
                ),
                (1, false) => l.pick(
                    "the server answers with a result",
                    "o servidor responde com um resultado",
                ),
                _ => l.pick(
                    "the client prints the result",
                    "o cliente mostra o resultado",
                ),
            }
            .into(),
            KvStep(n) => match n {
                0 => l.pick(
                    "the client introduces itself (ID with its answer port)",
                    "o cliente se apresenta (ID com a sua porta de respostas)",
                ),
                1 => l.pick(
                    "a key the node holds: its RESP through the proxy, the value printed",
                    "uma chave que o nó tem: a RESP pelo proxy, o valor mostrado",
                ),
                _ => l.pick(
                    "a key no node holds: no answer, and the client says so",
                    "uma chave que nenhum nó tem: nenhuma resposta, e o cliente avisa",
                ),
            }
            .into(),
            WantId => l
                .pick(
                    "ID naming the port the client listens on for answers (not 0)",
                    "ID com a porta em que o cliente escuta as respostas (não 0)",
                )
                .into(),
            WantResp { nseq, key } => l.pick(
                format!("RESP nseq={nseq} with the value of {key} (does the node's database hold it? the rubric's `key` names it)"),
                format!("RESP nseq={nseq} com o valor de {key} (o banco de dados do nó a tem? a `key` da rubrica a nomeia)"),
            ),
            AnswerUnreached => l
                .pick(
                    "the node answered, but nothing listened on the port the client's ID named",
                    "o nó respondeu, mas nada escutava na porta que o ID do cliente nomeou",
                )
                .into(),
            NoAnswerFor(key) => l.pick(
                format!("no answer (no node holds {key})"),
                format!("nenhuma resposta (nenhum nó tem {key})"),
            ),
            SaidNothing(d) => l.pick(
                format!(
                    "no answer came and the client said nothing within {} of its request \
                     (it should say that no answer came)",
                    duration(*d)
                ),
                format!(
                    "nenhuma resposta chegou e o cliente não disse nada em {} após o pedido \
                     (deveria avisar que nenhuma resposta chegou)",
                    duration(*d)
                ),
            ),
            ChatStep(n) => match n {
                0 => l.pick("Ana registers (USER)", "Ana se registra (USER)"),
                1 => l.pick("Bruno registers (USER)", "Bruno se registra (USER)"),
                2 => l.pick(
                    "Bruno's list shows Ana (LIST)",
                    "a lista de Bruno mostra Ana (LIST)",
                ),
                3 => l.pick(
                    "Bruno calls Ana (ADDR, then USER Bruno through the proxy)",
                    "Bruno chama Ana (ADDR, depois USER Bruno pelo proxy)",
                ),
                4 => l.pick(
                    "a line from Bruno, shown by Ana",
                    "uma linha de Bruno, mostrada por Ana",
                ),
                _ => l.pick(
                    "a line from Ana, shown by Bruno",
                    "uma linha de Ana, mostrada por Bruno",
                ),
            }
            .into(),
            WantList(name) => l.pick(
                format!("a LIST answer naming {name}"),
                format!("uma resposta LIST com {name}"),
            ),
            WantAddr(name) => l.pick(
                format!("an ADDR answer with where {name} listens"),
                format!("uma resposta ADDR com onde {name} escuta"),
            ),
            CalleeUnreached(name) => l.pick(
                format!("nothing listened where {name} registered (the port of its USER line)"),
                format!("nada escutava onde {name} se registrou (a porta da sua linha USER)"),
            ),
            PeerNotPrinted {
                name,
                text,
                printed,
            } => l.pick(
                format!("the line went where {name} registered; {name} did not print \"{text}\" on stdout (it printed: {printed})"),
                format!("a linha foi para onde {name} se registrou; {name} não mostrou \"{text}\" na saída (imprimiu: {printed})"),
            ),
            NamesServerPort => l
                .pick(
                    "it names the port of the server it connected to, not one it listens on",
                    "ele nomeia a porta do servidor a que se conectou, não uma em que escuta",
                )
                .into(),
            AnswerNotPrinted { text, printed } => l.pick(
                format!("the answer went to the port the client's ID named; the client did not print \"{text}\" on stdout (it printed: {printed})"),
                format!("a resposta foi para a porta que o ID do cliente nomeou; o cliente não mostrou \"{text}\" na saída (imprimiu: {printed})"),
            ),
            TheMessage(m) => l.pick(
                format!("the message \"{m}\""),
                format!("a mensagem \"{m}\""),
            ),
            TheEcho(m) => l.pick(
                format!("the echo of what the client sent (\"{m}\")"),
                format!("o eco do que o cliente mandou (\"{m}\")"),
            ),
            TheSearch(v) => l.pick(
                format!("a request frame, text/json {{\"action\": \"search\", \"value\": \"{v}\"}}"),
                format!("um quadro de pedido, text/json {{\"action\": \"search\", \"value\": \"{v}\"}}"),
            ),
            AResult => l
                .pick(
                    "a response frame, text/json {\"result\": …}",
                    "um quadro de resposta, text/json {\"result\": …}",
                )
                .into(),
            NotPrinted { text, printed } => l.pick(
                format!("the client got it but did not print \"{text}\" on stdout (it printed: {printed})"),
                format!("o cliente recebeu mas não mostrou \"{text}\" na saída (ele imprimiu: {printed})"),
            ),
            FailedStep(step) => l.pick(
                format!("failed at: {step}"),
                format!("falhou em: {step}"),
            ),
            WentWrong { frame, whose } => l.pick(
                format!("the frame that went wrong: {frame} ({whose})"),
                format!("o quadro que deu errado: {frame} ({whose})"),
            ),
            Owner { name, role } => l.pick(
                format!("{} of {name}", role_word(role, l)),
                format!("{} de {name}", role_word(role, l)),
            ),
            WantOi { display } => match display {
                true => l.pick("OI with a display id (1000 to 1999)", "OI com id de exibidor (1000 a 1999)"),
                false => l.pick("OI with an emitter id (1 to 999)", "OI com id de emissor (1 a 999)"),
            }
            .into(),
            InsteadOf(label) => l.pick(
                format!("expected {label}"),
                format!("esperado {label}"),
            ),
            Expected(label) => l.pick(
                format!("expected {label}; nothing came"),
                format!("esperado {label}; nada chegou"),
            ),
            NoFrame(d) => l.pick(
                format!("no frame (within {})", duration(*d)),
                format!("nenhum quadro (em {})", duration(*d)),
            ),
            NoFrameAtAll => l.pick("no frame", "nenhum quadro").into(),
            NoProxy(why) => l.pick(
                format!("netlab's proxy did not start: {why}"),
                format!("o proxy do netlab não iniciou: {why}"),
            ),
            NotShown { text, printed } => l.pick(
                format!("the display got it but did not show \"{text}\" on stdout (it printed: {printed})"),
                format!("o exibidor recebeu mas não mostrou \"{text}\" na saída (ele imprimiu: {printed})"),
            ),
            Exited { status, stderr } => l.pick(
                format!("it exited ({status}): {stderr}"),
                format!("ele terminou ({status}): {stderr}"),
            ),
            OnlyWithPeer {
                role,
                peer,
                step,
                frame,
                whose,
            } => l.pick(
                format!(
                    "your {} works with netlab's server but not with {peer}'s: at \"{step}\", \
                     {frame} ({whose})",
                    role_word(role, l)
                ),
                format!(
                    "o seu {} funciona com o servidor do netlab mas não com o de {peer}: em \
                     \"{step}\", {frame} ({whose})",
                    role_word(role, l)
                ),
            ),
            MatrixLine {
                passed,
                failed,
                points,
            } => l.pick(
                format!("matrix: {passed} PASS, {failed} FAIL ({points} points)"),
                format!("matriz: {passed} PASS, {failed} FAIL ({points} pontos)"),
            ),
            MatrixRole(role) => role_word(role, l),
            MatrixHeading => l.pick("Interop matrix", "Matriz de interoperação").into(),
            MatrixLegend => l
                .pick(
                    "Each cell: the client of the row against the server of the column, the \
                     classroom scenario through netlab's proxy. PASS when every step's effect \
                     was seen; FAIL names the first frame that went wrong and whose it was. A \
                     failed cell costs points only to the side to blame.",
                    "Cada célula: o cliente da linha contra o servidor da coluna, o cenário de \
                     sala de aula pelo proxy do netlab. PASS quando o efeito de cada passo foi \
                     visto; FAIL nomeia o primeiro quadro que deu errado e de quem era. Uma \
                     célula que falhou só tira pontos do lado culpado.",
                )
                .into(),
            MatrixCorner => l.pick("client \\ server", "cliente \\ servidor").into(),
            ColumnMatrix => l.pick("matrix", "matriz").into(),
            PeerCellTitle { caller, callee } => l.pick(
                format!("matrix: peer of {caller} calls peer of {callee} (directory of netlab)"),
                format!("matriz: par de {caller} chama par de {callee} (diretório do netlab)"),
            ),
            PeerTable => l
                .pick(
                    "Peers against each other: the peer of the row calls the peer of the \
                     column, netlab's directory between them",
                    "Pares entre si: o par da linha chama o par da coluna, com o diretório do \
                     netlab",
                )
                .into(),
            PeerCorner => l.pick("caller \\ callee", "quem chama \\ chamado").into(),
            OnlyWithOtherPeer {
                calling,
                peer,
                step,
                frame,
                whose,
                why,
            } => match calling {
                true => l.pick(
                    format!(
                        "your peer works when it calls netlab's peer but not when it calls \
                         {peer}'s: at \"{step}\", {frame} ({whose}); {why}"
                    ),
                    format!(
                        "o seu par funciona quando chama o par do netlab mas não quando chama o \
                         de {peer}: em \"{step}\", {frame} ({whose}); {why}"
                    ),
                ),
                false => l.pick(
                    format!(
                        "your peer works when netlab's peer calls it but not when {peer}'s \
                         does: at \"{step}\", {frame} ({whose}); {why}"
                    ),
                    format!(
                        "o seu par funciona quando o par do netlab o chama mas não quando o de \
                         {peer} chama: em \"{step}\", {frame} ({whose}); {why}"
                    ),
                ),
            },
            Unterminated { name, text } => l.pick(
                format!(
                    "the line \"{text}\" has no \\r\\n at its end (every line ends in \\r\\n); \
                     {name} did not show it"
                ),
                format!(
                    "a linha \"{text}\" não tem \\r\\n no fim (toda linha termina em \\r\\n); \
                     {name} não a mostrou"
                ),
            ),
        }
    }
}
