//! The socket tutorial's servers (spec/app.md): the app server's JSON-header frame (`frame`),
//! its search (`search`) and binary (`binary`) answers, bad frames (`bad`) and a request that
//! arrives in pieces (`wire`); and the echo server (`bytes`, `conn`, `wire`).

use serde_json::Value;

use super::Suite;
use super::case::{Case, Ctx, Kind, Outcome, Problem, Shown, Verdict, alive, case};
use super::hint::Hint;
use super::link::{Got, Link, What};
use super::text::CheckText;
use crate::app::py;
use crate::app::wire::{
    self, ByteOrder, CLIENT_BINARY, DEFAULT_PORT, Frame, SERVER_BINARY, TEXT_JSON, Trace, WireError,
};
use crate::term::bytes::read_full;

pub static APP: Suite = Suite {
    name: "app",
    cases: APP_CASES,
    probe: app_probe,
    default_port: Some(DEFAULT_PORT),
};

pub static ECHO: Suite = Suite {
    name: "echo",
    cases: ECHO_CASES,
    probe: echo_probe,
    default_port: Some(DEFAULT_PORT),
};

fn show(f: &Frame) -> String {
    Trace(f).to_string()
}

fn encoded(f: &Frame) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = wire::encode(f, &mut out);
    out
}

/// The tutorial client's search request.
fn search(value: &str) -> Frame {
    let content = py::json_object_of_strings(&[("action", "search"), ("value", value)]);
    Frame::new(TEXT_JSON, "utf-8", content.into_bytes())
}

fn send(link: &mut Link, f: &Frame) -> Result<(), Problem> {
    link.send(show(f), &encoded(f))
}

fn recv(ctx: &Ctx, link: &mut Link) -> Got<Frame> {
    link.begin();
    // The largest content the frame allows: the checker reads whatever the server sends.
    match wire::decode(link, wire::MAX_CONTENT) {
        Ok(f) => {
            link.trace_in(show(&f));
            link.arrival(What::Frame(f), None)
        }
        Err(WireError::Closed) => link.arrival(What::Closed, None),
        Err(WireError::Truncated { .. }) => link.arrival(What::Partial, None),
        Err(WireError::Io(e)) => link.ended(&e),
        Err(e) => link.arrival(What::Bad(ctx.tr(CheckText::BadHeader(&ctx.tr(&e)))), None),
    }
}

/// One request, one response frame, then the server closes (nothing after the frame).
fn exchange(ctx: &Ctx, request: &Frame) -> Result<Frame, Problem> {
    let mut link = ctx.connect()?;
    send(&mut link, request)?;
    response(ctx, &mut link)
}

fn response(ctx: &Ctx, link: &mut Link) -> Result<Frame, Problem> {
    let got = recv(ctx, link);
    if got.frame().is_none() {
        return Err(ctx.unexpected(&got, show));
    }
    let frame = got.into_frame().expect("a frame");
    let (rest, closed) = link.drain(ctx.timeout);
    if !rest.is_empty() {
        return Err(ctx
            .fail(CheckText::AfterFrame(rest.len()))
            .arrived(Shown::new(py::repr_bytes(&rest), rest)));
    }
    if !closed {
        return Err(ctx.fail(CheckText::StillOpen(ctx.timeout)));
    }
    Ok(frame)
}

/// The `result` of a text/json response.
fn result_of(ctx: &Ctx, f: &Frame) -> Result<String, Problem> {
    let arrived = || Shown::new(show(f), encoded(f));
    if f.header.content_type != TEXT_JSON || !wire::is_utf8(&f.header.content_encoding) {
        return Err(ctx
            .fail(CheckText::HeaderIs {
                got: format!("{} {}", f.header.content_type, f.header.content_encoding),
                want: "text/json utf-8".into(),
            })
            .arrived(arrived()));
    }
    match serde_json::from_slice::<Value>(&f.content) {
        Ok(Value::Object(map)) => match map.get("result") {
            Some(Value::String(r)) => Ok(r.clone()),
            _ => Err(ctx.fail(CheckText::NoResult).arrived(arrived())),
        },
        _ => Err(ctx.fail(CheckText::NoResult).arrived(arrived())),
    }
}

fn expect_result(ctx: &Ctx, request: &Frame, want: &str) -> Outcome {
    let f = exchange(ctx, request)?;
    let got = result_of(ctx, &f)?;
    if got != want && got != single_quoted(want) {
        let expected = py::json_object_of_strings(&[("result", want)]);
        return Err(ctx
            .fail(CheckText::WrongResult)
            .expected(Shown::new(expected.clone(), expected.into_bytes()))
            .arrived(Shown::new(show(&f), encoded(&f))));
    }
    Ok(Verdict::Pass)
}

/// The tutorial's answer with single quotes where its transcript shows double ones
/// (`No match for 'needle'.`): its own published server answers so, and both are the
/// original.
fn single_quoted(text: &str) -> String {
    text.replace('"', "'")
}

fn app_probe(ctx: &mut Ctx) -> Result<(), Problem> {
    let mut link = ctx.connect()?;
    send(&mut link, &search("morpheus"))?;
    match recv(ctx, &mut link).what {
        What::Frame(_) => Ok(()),
        _ => Err(ctx.fail(CheckText::ProbeSilent)),
    }
}

// ---------------------------------------------------------------------------------------------
// app

fn frame_json(ctx: &mut Ctx) -> Outcome {
    let f = exchange(ctx, &search("morpheus"))?;
    result_of(ctx, &f)?;
    Ok(Verdict::Pass)
}

fn frame_big_endian(ctx: &mut Ctx) -> Outcome {
    let mut request = search("ring");
    request.header.byteorder = match ByteOrder::native() {
        ByteOrder::Little => ByteOrder::Big,
        ByteOrder::Big => ByteOrder::Little,
    };
    let f = exchange(ctx, &request)?;
    result_of(ctx, &f)?;
    Ok(Verdict::Pass)
}

fn search_hit(ctx: &mut Ctx) -> Outcome {
    let f = exchange(ctx, &search("morpheus"))?;
    let result = result_of(ctx, &f)?;
    if result.starts_with("No match for ") || result.starts_with("Error: ") {
        return Err(ctx
            .fail(CheckText::NoHit("morpheus"))
            .arrived(Shown::new(show(&f), encoded(&f))));
    }
    Ok(Verdict::Pass)
}

fn search_hit_exact(ctx: &mut Ctx) -> Outcome {
    expect_result(
        ctx,
        &search("morpheus"),
        "Follow the white rabbit. \u{1f430}",
    )
}

fn search_miss(ctx: &mut Ctx) -> Outcome {
    let key = format!("needle-{}", ctx.tag);
    expect_result(ctx, &search(&key), &format!("No match for \"{key}\"."))
}

fn search_emoji(ctx: &mut Ctx) -> Outcome {
    let f = exchange(ctx, &search("\u{1f436}"))?;
    let result = result_of(ctx, &f)?;
    let hit = "\u{1f43e} Playing ball! \u{1f3d0}";
    let miss = "No match for \"\u{1f436}\".";
    if result != hit && result != miss && result != single_quoted(miss) {
        return Err(ctx
            .fail(CheckText::WrongResult)
            .arrived(Shown::new(show(&f), encoded(&f))));
    }
    Ok(Verdict::Pass)
}

fn search_bad_action(ctx: &mut Ctx) -> Outcome {
    let content = py::json_object_of_strings(&[("action", "find"), ("value", "x")]);
    let request = Frame::new(TEXT_JSON, "utf-8", content.into_bytes());
    expect_result(ctx, &request, "Error: invalid action \"find\".")
}

fn binary_first_ten(ctx: &mut Ctx) -> Outcome {
    let content = b"binary\x00\xff\x01\x80tail of it".to_vec();
    let request = Frame::new(CLIENT_BINARY, "binary", content.clone());
    let f = exchange(ctx, &request)?;
    let mut want_content = crate::app::server::BINARY_PREFIX.to_vec();
    want_content.extend_from_slice(&content[..10]);
    let want = Frame::new(SERVER_BINARY, "binary", want_content.clone());
    if f.header.content_type != SERVER_BINARY
        || f.header.content_encoding != "binary"
        || f.content != want_content
    {
        return Err(ctx
            .fail(CheckText::WrongBinary)
            .expected(Shown::new(show(&want), encoded(&want)))
            .arrived(Shown::new(show(&f), encoded(&f))));
    }
    Ok(Verdict::Pass)
}

/// A bad frame: the server closes without answering.
fn closed_unanswered(ctx: &Ctx, shown: &str, bytes: &[u8]) -> Outcome {
    let mut link = ctx.connect()?;
    link.send(shown, bytes)?;
    let (data, closed) = link.drain(ctx.timeout);
    if !closed {
        let mut p = ctx.fail(CheckText::StillOpen(ctx.timeout));
        if !data.is_empty() {
            p = p.arrived(Shown::new(py::repr_bytes(&data), data));
        }
        return Err(p);
    }
    Ok(Verdict::Pass)
}

fn raw_frame(json: &str, content: &[u8]) -> Vec<u8> {
    let mut out = (json.len() as u16).to_be_bytes().to_vec();
    out.extend_from_slice(json.as_bytes());
    out.extend_from_slice(content);
    out
}

fn bad_missing_field(ctx: &mut Ctx) -> Outcome {
    let json =
        r#"{"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8"}"#;
    closed_unanswered(ctx, json, &raw_frame(json, b"{}"))
}

fn bad_not_json(ctx: &mut Ctx) -> Outcome {
    let json = "this is not JSON";
    closed_unanswered(ctx, json, &raw_frame(json, b""))
}

fn bad_vanish(ctx: &mut Ctx) -> Outcome {
    let mut gone = ctx.connect()?;
    let bytes = encoded(&search("morpheus"));
    gone.send(ctx.tr(CheckText::HalfFrame(20)), &bytes[..20])?;
    drop(gone);
    let f = exchange(ctx, &search("morpheus"))?;
    result_of(ctx, &f)?;
    Ok(Verdict::Pass)
}

fn wire_dribbled(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    let request = search("ring");
    link.dribble(show(&request), &encoded(&request))
        .map_err(|p| p.hint(Hint::OneRecv))?;
    let f = response(ctx, &mut link).map_err(|p| p.hint(Hint::OneRecv))?;
    result_of(ctx, &f)?;
    Ok(Verdict::Pass)
}

// ---------------------------------------------------------------------------------------------
// echo

/// Read exactly `n` bytes (what arrived, if fewer).
fn read_n(link: &mut Link, n: usize) -> Result<Vec<u8>, Vec<u8>> {
    link.begin();
    let mut buf = vec![0u8; n];
    match read_full(link, &mut buf) {
        Ok(got) if got == n => Ok(buf),
        _ => Err(link.got().to_vec()),
    }
}

/// `data` sent (one write, or `dribble`), the same bytes back.
fn echoed(ctx: &Ctx, link: &mut Link, data: &[u8], dribble: bool) -> Result<(), Problem> {
    let shown = py::repr_bytes(&data[..data.len().min(64)]);
    if dribble {
        link.dribble(&shown, data)
            .map_err(|p| p.hint(Hint::OneRecv))?;
    } else {
        link.send(&shown, data)?;
    }
    match read_n(link, data.len()) {
        Ok(back) if back == data => Ok(()),
        Ok(back) | Err(back) => {
            let why = if back.len() < data.len() {
                CheckText::EchoShort {
                    got: back.len(),
                    sent: data.len(),
                }
            } else {
                CheckText::EchoDiffers
            };
            Err(ctx
                .fail(why)
                .expected(Shown::new(shown.clone(), data.to_vec()))
                .arrived(Shown::new(
                    py::repr_bytes(&back[..back.len().min(64)]),
                    back,
                ))
                .hint(dribble.then_some(Hint::OneRecv)))
        }
    }
}

fn echo_probe(ctx: &mut Ctx) -> Result<(), Problem> {
    let mut link = ctx.connect()?;
    echoed(ctx, &mut link, b"ping", false)
}

fn bytes_hello(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    echoed(ctx, &mut link, b"Hello, world", false)?;
    Ok(Verdict::Pass)
}

fn bytes_all_values(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    let all: Vec<u8> = (0..=255).collect();
    echoed(ctx, &mut link, &all, false)?;
    Ok(Verdict::Pass)
}

fn bytes_large(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    let data: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
    echoed(ctx, &mut link, &data, false)?;
    Ok(Verdict::Pass)
}

fn bytes_in_order(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    for m in ["Message 1 from client.", "Message 2 from client.", "Olá 🐶"] {
        echoed(ctx, &mut link, m.as_bytes(), false)?;
    }
    Ok(Verdict::Pass)
}

fn conn_two(ctx: &mut Ctx) -> Outcome {
    let mut a = ctx.connect()?;
    let mut b = ctx.connect()?;
    echoed(ctx, &mut b, b"second connection first", false)?;
    echoed(ctx, &mut a, b"first connection second", false)?;
    Ok(Verdict::Pass)
}

fn conn_until_close(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    echoed(ctx, &mut link, b"stay with me", false)?;
    let (_, closed) = link.drain(ctx.quiet());
    if closed {
        return Err(ctx.fail(CheckText::ClosedEarly));
    }
    link.shutdown_write();
    let (_, closed) = link.drain(ctx.timeout);
    if !closed {
        return Err(ctx.fail(CheckText::StillOpenAfterFin(ctx.timeout)));
    }
    Ok(Verdict::Pass)
}

fn echo_dribbled(ctx: &mut Ctx) -> Outcome {
    let mut link = ctx.connect()?;
    echoed(ctx, &mut link, b"one byte at a time", true)?;
    Ok(Verdict::Pass)
}

const APP_CASES: &[Case] = &[
    case(
        "app.frame.1",
        "a search is answered with one frame (all four header keys, content-length in bytes, text/json utf-8), then the server closes",
        "uma busca é respondida com um quadro (as quatro chaves do cabeçalho, content-length em bytes, text/json utf-8), e o servidor fecha",
        frame_json,
    ),
    case(
        "app.frame.2",
        "a request whose byteorder is the other one is answered the same",
        "um pedido com o outro byteorder é respondido do mesmo jeito",
        frame_big_endian,
    ),
    case(
        "app.search.1",
        "a search for a known key (morpheus) answers its entry",
        "uma busca de chave conhecida (morpheus) responde a entrada dela",
        search_hit,
    ),
    Case {
        kind: Kind::Strict,
        ..case(
            "app.search.2",
            "morpheus is answered with the tutorial's exact entry",
            "morpheus é respondido com a entrada exata do tutorial",
            search_hit_exact,
        )
    },
    case(
        "app.search.3",
        "a search for an unknown key answers `No match for \"KEY\".` (or 'KEY')",
        "uma busca de chave desconhecida responde `No match for \"KEY\".` (ou 'KEY')",
        search_miss,
    ),
    case(
        "app.search.4",
        "a search for an emoji is framed in bytes both ways and answered",
        "uma busca por um emoji é enquadrada em bytes nos dois sentidos e respondida",
        search_emoji,
    ),
    case(
        "app.search.5",
        "an unknown action answers `Error: invalid action \"ACTION\".` (or 'ACTION')",
        "uma ação desconhecida responde `Error: invalid action \"ACTION\".` (ou 'ACTION')",
        search_bad_action,
    ),
    case(
        "app.binary.1",
        "a binary request is answered binary/custom-server-binary-type with its first 10 bytes",
        "um pedido binário é respondido com binary/custom-server-binary-type e os 10 primeiros bytes dele",
        binary_first_ten,
    ),
    case(
        "app.bad.1",
        "a JSON header missing content-length closes the connection unanswered",
        "um cabeçalho JSON sem content-length fecha a conexão sem resposta",
        bad_missing_field,
    ),
    case(
        "app.bad.2",
        "a header that is not JSON closes the connection unanswered",
        "um cabeçalho que não é JSON fecha a conexão sem resposta",
        bad_not_json,
    ),
    case(
        "app.bad.3",
        "a client that vanishes mid-request costs nothing: the next one is answered",
        "um cliente que some no meio do pedido não atrapalha: o seguinte é respondido",
        bad_vanish,
    ),
    case(
        "app.wire.1",
        "a request sent one byte at a time is answered",
        "um pedido enviado um byte por vez é respondido",
        wire_dribbled,
    ),
    Case {
        kind: Kind::Alive,
        ..case(
            "app.alive.1",
            "the server goes on accepting and answering after every case",
            "o servidor continua aceitando e respondendo depois de cada caso",
            alive,
        )
    },
];

const ECHO_CASES: &[Case] = &[
    case(
        "echo.bytes.1",
        "a message comes back exactly",
        "uma mensagem volta exatamente igual",
        bytes_hello,
    ),
    case(
        "echo.bytes.2",
        "all 256 byte values come back exactly",
        "os 256 valores de byte voltam exatamente iguais",
        bytes_all_values,
    ),
    case(
        "echo.bytes.3",
        "64 KiB in one write come back whole",
        "64 KiB numa escrita voltam inteiros",
        bytes_large,
    ),
    case(
        "echo.bytes.4",
        "three messages on one connection come back in order",
        "três mensagens numa conexão voltam em ordem",
        bytes_in_order,
    ),
    case(
        "echo.conn.1",
        "two connections at once are both served",
        "duas conexões ao mesmo tempo são ambas atendidas",
        conn_two,
    ),
    case(
        "echo.conn.2",
        "the connection stays open until the client closes, then the server closes it",
        "a conexão fica aberta até o cliente fechar, e então o servidor a fecha",
        conn_until_close,
    ),
    case(
        "echo.wire.1",
        "bytes sent one at a time come back",
        "bytes enviados um por vez voltam",
        echo_dribbled,
    ),
    Case {
        kind: Kind::Alive,
        ..case(
            "echo.alive.1",
            "the server goes on accepting and echoing after every case",
            "o servidor continua aceitando e ecoando depois de cada caso",
            alive,
        )
    },
];
