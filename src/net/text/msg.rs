//! The msg sentences, en and pt: what displays print, what emitters tell their user, the
//! server's notable log lines, and the demo's narration.

use super::{Lang, Text};

/// One msg sentence.
#[derive(Clone, Debug)]
pub enum MsgText<'a> {
    // --- display (stdout)
    /// A relayed MSG.
    Message {
        from: u16,
        text: &'a str,
    },
    /// An OKQEM.
    Clients {
        ids: &'a [u16],
    },
    // --- both clients (stderr)
    /// The id the server accepted.
    Registered {
        role: Role,
        id: u16,
    },
    /// The connection ended without a goodbye.
    ServerGone,
    /// The server refused every id of the range.
    NoFreeId {
        role: Role,
    },
    /// `--id N` was refused.
    IdRefused {
        id: u16,
    },
    /// Ctrl-C or EOF: saying goodbye.
    Leaving,
    /// The server's FLW(orig=0).
    ServerShutdown,
    /// The display's owner asked it to stop.
    StoppedBy {
        emitter: u16,
    },
    /// Someone else asked it to stop.
    NotOwner {
        emitter: u16,
        owner: u16,
    },
    /// Someone asked a display that has no owner to stop.
    NoOwner {
        emitter: u16,
    },
    // --- emitter (stderr)
    OkToAll,
    OkTo {
        display: u16,
    },
    OkWho {
        display: u16,
    },
    OkStop {
        display: u16,
    },
    NotConnected {
        display: u16,
    },
    Refused {
        seq: u32,
    },
    TooLong {
        len: usize,
    },
    Usage {
        line: &'a str,
    },
    /// `/who 0`, `/stop 0`: not sent.
    NotADisplay {
        line: &'a str,
    },
    Help,
    // --- server (stderr)
    ServerDown,
    // --- demo narration
    DemoTitle,
    DemoStart,
    DemoToAll,
    DemoTo1002,
    DemoTo1001,
    DemoWho,
    DemoShutdown,
}

/// Which kind of client a sentence speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Emitter,
    Display,
}

impl Text for MsgText<'_> {
    fn render(&self, lang: Lang) -> String {
        use MsgText::*;
        let pt = lang == Lang::Pt;
        let role = |r: &Role| match (r, pt) {
            (Role::Emitter, false) => "emitter",
            (Role::Display, false) => "display",
            (Role::Emitter, true) => "emissor",
            (Role::Display, true) => "exibidor",
        };
        match self {
            Message { from, text } if pt => format!("Mensagem de {from}: {text}"),
            Message { from, text } => format!("Message from {from}: {text}"),
            Clients { ids } => {
                let list: Vec<String> = ids.iter().map(u16::to_string).collect();
                let word = if pt { "Clientes" } else { "Clients" };
                format!("{word} ({}): {}", ids.len(), list.join(" "))
            }
            Registered { role: r, id } if pt => format!("registrado como {} {id}", role(r)),
            Registered { role: r, id } => format!("registered as {} {id}", role(r)),
            ServerGone if pt => "o servidor foi embora (conexão fechada)".into(),
            ServerGone => "the server went away (connection closed)".into(),
            NoFreeId { role: r } if pt => format!("o servidor recusou todo id de {}", role(r)),
            NoFreeId { role: r } => format!("the server refused every {} id", role(r)),
            IdRefused { id } if pt => {
                format!("o servidor recusou o id {id} (em uso, fora da faixa ou servidor lotado)")
            }
            IdRefused { id } => {
                format!("the server refused id {id} (in use, out of range, or the server is full)")
            }
            Leaving if pt => "saindo (FLW)".into(),
            Leaving => "leaving (FLW)".into(),
            ServerShutdown if pt => "o servidor está encerrando; saindo".into(),
            ServerShutdown => "the server is shutting down; leaving".into(),
            StoppedBy { emitter } if pt => {
                format!("o emissor {emitter} (dono) pediu para encerrar; saindo")
            }
            StoppedBy { emitter } => {
                format!("emitter {emitter} (the owner) asked to stop; leaving")
            }
            NotOwner { emitter, owner } if pt => format!(
                "aviso: o emissor {emitter} pediu para encerrar, mas só o emissor {owner} pode"
            ),
            NotOwner { emitter, owner } => format!(
                "warning: emitter {emitter} asked this display to stop, but only emitter {owner} may"
            ),
            NoOwner { emitter } if pt => format!(
                "aviso: o emissor {emitter} pediu para encerrar, mas este exibidor não tem dono \
                 (--owner)"
            ),
            NoOwner { emitter } => format!(
                "warning: emitter {emitter} asked this display to stop, but it has no owner \
                 (--owner)"
            ),
            OkToAll if pt => "OK: enviada a todos os exibidores".into(),
            OkToAll => "OK: sent to every display".into(),
            OkTo { display } if pt => format!("OK: enviada ao exibidor {display}"),
            OkTo { display } => format!("OK: sent to display {display}"),
            OkWho { display } if pt => {
                format!("OK: o exibidor {display} vai mostrar a lista de clientes")
            }
            OkWho { display } => format!("OK: display {display} will show the client list"),
            OkStop { display } if pt => format!("OK: pedido ao exibidor {display} que encerre"),
            OkStop { display } => format!("OK: asked display {display} to stop"),
            NotConnected { display } if pt => {
                format!("ERRO: o exibidor {display} não está conectado")
            }
            NotConnected { display } => format!("ERRO: display {display} is not connected"),
            Refused { seq } if pt => format!("ERRO: o servidor recusou a mensagem {seq}"),
            Refused { seq } => format!("ERRO: the server refused message {seq}"),
            TooLong { len } if pt => {
                format!("mensagem longa demais ({len} bytes, no máximo 140); não enviada")
            }
            TooLong { len } => format!("message too long ({len} bytes, at most 140); not sent"),
            Usage { line } if pt => {
                format!("comando não entendido: {line:?} (/help lista os comandos)")
            }
            Usage { line } => format!("unknown command: {line:?} (/help lists the commands)"),
            NotADisplay { line } if pt => format!(
                "{line:?}: 0 é o servidor, não um exibidor (exibidores: 1000..=1999); pedido não \
                 enviado"
            ),
            NotADisplay { line } => format!(
                "{line:?}: 0 is the server, not a display (displays: 1000..=1999); not sent"
            ),
            Help if pt => "comandos: TEXTO (ao destino padrão) | /msg D TEXTO | /who D (D mostra \
                           os clientes) | /stop D (pede ao exibidor D que encerre) | /quit | /help"
                .into(),
            Help => "commands: TEXT (to the default destination) | /msg D TEXT | /who D (D shows \
                     the clients) | /stop D (asks display D to stop) | /quit | /help"
                .into(),
            ServerDown if pt => "encerrando: FLW a todos os exibidores".into(),
            ServerDown => "shutting down: FLW to every display".into(),
            DemoTitle if pt => "msg: repetidor de mensagens orientado a eventos".into(),
            DemoTitle => "msg: event-driven message relay".into(),
            DemoStart if pt => {
                "Um servidor, os exibidores 1001 e 1002 e os emissores 1 e 2 se conectam.".into()
            }
            DemoStart => "A server; displays 1001 and 1002 and emitters 1 and 2 connect.".into(),
            DemoToAll if pt => {
                "Teste 1: o emissor 1 envia \"Ob-la-di\" a todos os exibidores.".into()
            }
            DemoToAll => "Test 1: emitter 1 sends \"Ob-la-di\" to every display.".into(),
            DemoTo1002 if pt => "Teste 2: o emissor 1 envia \"Ob-la-da\" ao exibidor 1002.".into(),
            DemoTo1002 => "Test 2: emitter 1 sends \"Ob-la-da\" to display 1002.".into(),
            DemoTo1001 if pt => {
                "Teste 3: o emissor 2 envia \"Life goes on, brah!!!\" ao exibidor 1001.".into()
            }
            DemoTo1001 => {
                "Test 3: emitter 2 sends \"Life goes on, brah!!!\" to display 1001.".into()
            }
            DemoWho if pt => {
                "Teste 4: o emissor 1 envia QEM: o exibidor 1001 mostra a lista de clientes.".into()
            }
            DemoWho => "Test 4: emitter 1 sends QEM: display 1001 shows the client list.".into(),
            DemoShutdown if pt => {
                "Ctrl-C no servidor: FLW a cada exibidor, que responde OK e sai; os emissores \
                 veem a conexão fechar."
                    .into()
            }
            DemoShutdown => "Ctrl-C on the server: FLW to every display, which answers OK and \
                             exits; the emitters see the connection close."
                .into(),
        }
    }
}
