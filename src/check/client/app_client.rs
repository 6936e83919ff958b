//! `netlab check app-client -- COMMAND…` and `netlab check echo-client -- COMMAND…`: netlab
//! plays the socket tutorial's servers (spec/app.md) for a client that takes its request on
//! the command line (`{action}`, `{value}`). The app client's request framing (2-byte
//! big-endian header length, the JSON header's keys, a content-length in bytes), and what it
//! prints of a response that comes whole or one byte at a time; the echo client's message, and
//! the echo it prints, whole or one byte at a time.

use std::time::Instant;

use super::super::case::{Ctx, Outcome, Problem, Shown, Verdict, case};
use super::super::hint::Hint;
use super::super::link::Link;
use super::super::{Case, Suite};
use super::hints::ClientHint;
use super::process::{Client, Out};
use super::text::ClientText;
use super::{Role, no_probe, vars};
use crate::app::wire::{self, Frame, WireError};

pub static APP: Suite = Suite {
    name: "app-client",
    cases: APP_CASES,
    probe: no_probe,
    default_port: None,
};

pub static APP_ROLE: Role = Role {
    suite: &APP,
    uses: &[],
};

pub static ECHO: Suite = Suite {
    name: "echo-client",
    cases: ECHO_CASES,
    probe: no_probe,
    default_port: None,
};

pub static ECHO_ROLE: Role = Role {
    suite: &ECHO,
    uses: &[],
};

static APP_CASES: &[Case] = &[
    case(
        "app-client.frame.1",
        "frames a search request: header length, JSON header keys, content-length in bytes",
        "enquadra um pedido de busca: tamanho do cabeçalho, chaves do cabeçalho JSON, \
         content-length em bytes",
        app_frame_1,
    ),
    case(
        "app-client.resp.1",
        "prints the result of a response",
        "mostra o resultado de uma resposta",
        app_resp_1,
    ),
    case(
        "app-client.resp.2",
        "reads a response that arrives one byte at a time",
        "lê uma resposta que chega um byte por vez",
        app_resp_2,
    ),
];

static ECHO_CASES: &[Case] = &[
    case(
        "echo-client.send.1",
        "sends the message it is given, byte for byte",
        "manda a mensagem que recebe, byte a byte",
        echo_send_1,
    ),
    case(
        "echo-client.echo.1",
        "prints the echo",
        "mostra o eco",
        echo_echo_1,
    ),
    case(
        "echo-client.echo.2",
        "reads an echo that arrives one byte at a time",
        "lê um eco que chega um byte por vez",
        echo_echo_2,
    ),
];

/// The largest request content the check reads.
const MAX: u64 = 64 * 1024;

/// A search value with letters outside ASCII: its length in bytes is not its length in
/// characters.
fn search_value(ctx: &Ctx) -> String {
    format!("ação-{}", ctx.number)
}

/// A result this case's response carries.
fn result(ctx: &Ctx) -> String {
    format!("netlab-result-{}-{}", ctx.tag % 10_000, ctx.number)
}

/// Start the client with `{action}` and `{value}` and take its connection.
fn start(ctx: &Ctx, action: &str, value: &str) -> Result<(Client, Link), Problem> {
    let (listener, at) = ctx.listen()?;
    let client = ctx.start(&vars(
        at,
        &[("action", action.to_string()), ("value", value.to_string())],
    ))?;
    let link = ctx.accept(&listener, &client)?;
    Ok((client, link))
}

/// Read the client's request frame; `Err` with what arrived.
fn request(ctx: &Ctx, c: &Client, link: &mut Link) -> Result<Frame, Problem> {
    link.begin();
    match wire::decode(link, MAX) {
        Ok(f) => {
            link.trace_in(wire::Trace(&f));
            Ok(f)
        }
        Err(e) => {
            let bytes = link.got().to_vec();
            let silent = matches!(&e, WireError::Io(io) if matches!(io.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut))
                && bytes.is_empty();
            let why = crate::term::text::Text::render(&e, ctx.lang());
            let mut p = ctx.fail(ClientText::BadRequest(&why)).arrived(Shown::new(
                String::from_utf8_lossy(&bytes).into_owned(),
                bytes,
            ));
            p.silent = silent;
            Err(super::msg_display::with_output(p, ctx, c))
        }
    }
}

/// A search response carrying `r`, framed as the tutorial's server does.
fn response(r: &str) -> Vec<u8> {
    let content = serde_json::json!({ "result": r }).to_string().into_bytes();
    let mut out = Vec::new();
    let _ = wire::encode(&Frame::new("text/json", "utf-8", content), &mut out);
    out
}

/// Wait until stdout shows `t`.
fn prints(ctx: &Ctx, c: &Client, t: &str, hint: Option<Hint>) -> Outcome {
    let (found, _) = c.wait_out(0, ctx.timeout, |o| o.contains(t));
    if found {
        return Ok(Verdict::Pass);
    }
    Err(ctx
        .not_shown(c, ClientText::NotShown(t), t)
        .expected(Shown::words(t.to_string()))
        .hint(hint))
}

fn app_frame_1(ctx: &mut Ctx) -> Outcome {
    let v = search_value(ctx);
    let (c, mut link) = start(ctx, "search", &v)?;
    let want = serde_json::json!({ "action": "search", "value": v });
    let f = request(ctx, &c, &mut link).map_err(|p| {
        // A content-length counted in characters: the content read stops short of its end.
        let short = v.chars().count() != v.len();
        p.hint(short.then_some(Hint::Client(ClientHint::LengthInChars)))
    })?;
    let arrived = {
        let mut b = Vec::new();
        let _ = wire::encode(&f, &mut b);
        Shown::new(String::from_utf8_lossy(&b).into_owned(), b)
    };
    if f.header.content_type != "text/json" {
        return Err(ctx
            .fail(ClientText::ContentType(&f.header.content_type))
            .expected(Shown::words("text/json"))
            .arrived(arrived));
    }
    match serde_json::from_slice::<serde_json::Value>(&f.content) {
        Ok(got) if got == want => Ok(Verdict::Pass),
        Ok(_) | Err(_) => {
            // Bytes left after the content announced, that complete it: the length was
            // counted in characters.
            let mut full = f.content.clone();
            full.extend(take(ctx, &mut link, b"}"));
            let chars = serde_json::from_slice::<serde_json::Value>(&full).ok()
                == Some(want.clone())
                && String::from_utf8_lossy(&full).chars().count() as u64 == f.header.content_length;
            Err(ctx
                .fail(ClientText::NotTheRequest)
                .expected(Shown::words(want.to_string()))
                .arrived(arrived)
                .hint(chars.then_some(Hint::Client(ClientHint::LengthInChars))))
        }
    }
}

fn app_resp_1(ctx: &mut Ctx) -> Outcome {
    let v = format!("key-{}", ctx.number);
    let (c, mut link) = start(ctx, "search", &v)?;
    let _ = request(ctx, &c, &mut link);
    let r = result(ctx);
    let bytes = response(&r);
    link.send(format!("response {{\"result\": {r:?}}}"), &bytes)?;
    prints(ctx, &c, &r, None)
}

fn app_resp_2(ctx: &mut Ctx) -> Outcome {
    let v = format!("key-{}", ctx.number);
    let (c, mut link) = start(ctx, "search", &v)?;
    let _ = request(ctx, &c, &mut link);
    let r = result(ctx);
    let bytes = response(&r);
    // A client that closes after the first piece took it for the whole response.
    link.dribble(format!("response {{\"result\": {r:?}}}"), &bytes)
        .map_err(|p| super::msg_display::with_output(p, ctx, &c).hint(Hint::OneRecv))?;
    prints(ctx, &c, &r, Some(Hint::OneRecv))
}

/// A message of this case for the echo client.
/// How every message an echo case gives starts.
const ECHO_TAG: &str = "netlab-echo-";

fn message(ctx: &Ctx) -> String {
    format!("{ECHO_TAG}{}-{}", ctx.tag % 10_000, ctx.number)
}

/// Read what the client sends until `want` came whole, nothing more comes for a moment, the
/// client closes, or the timeout passes.
fn take(ctx: &Ctx, link: &mut Link, want: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let deadline = Instant::now() + ctx.timeout;
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    while !got.ends_with(want) && got.len() < super::process::KEEP {
        let left = deadline.saturating_duration_since(Instant::now());
        let wait = if got.is_empty() {
            left
        } else {
            left.min(ctx.quiet())
        };
        if wait.is_zero() {
            break;
        }
        link.patience(wait);
        match link.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
        }
    }
    link.patience(ctx.timeout);
    got
}

fn echo_send_1(ctx: &mut Ctx) -> Outcome {
    let m = message(ctx);
    let (c, mut link) = start(ctx, "", &m)?;
    let got = take(ctx, &mut link, m.as_bytes());
    if got != m.as_bytes() {
        // Nothing of the message given (its fixed part): a text of the program's own.
        let fixed = !got.is_empty()
            && !got
                .windows(ECHO_TAG.len())
                .any(|w| w == ECHO_TAG.as_bytes());
        let hint = fixed.then_some(Hint::Client(ClientHint::FixedMessage));
        return Err(super::msg_display::with_output(
            ctx.fail(ClientText::NotTheMessage)
                .expected(Shown::new(m.clone(), m.clone().into_bytes()))
                .arrived(Shown::new(String::from_utf8_lossy(&got).into_owned(), got))
                .hint(hint),
            ctx,
            &c,
        ));
    }
    Ok(Verdict::Pass)
}

/// Echo back what the client sent (one byte at a time with `dribble`); stdout must show it.
fn echo_back(ctx: &Ctx, dribble: bool) -> Outcome {
    let m = message(ctx);
    let (c, mut link) = start(ctx, "", &m)?;
    let got = take(ctx, &mut link, m.as_bytes());
    if got.is_empty() {
        return Err(ctx.gone(&c, ClientText::NoAnswer("echo")));
    }
    let text = String::from_utf8_lossy(&got).into_owned();
    let sent = if dribble {
        link.dribble(&text, &got)
    } else {
        link.send(&text, &got)
    };
    let hint = dribble.then_some(Hint::OneRecv);
    sent.map_err(|p| super::msg_display::with_output(p, ctx, &c).hint(hint))?;
    link.shutdown_write();
    let (found, _) = c.wait_out(0, ctx.timeout, |o| o.contains(text.trim()));
    if !found {
        return Err(ctx
            .not_shown(&c, ClientText::NotShown(text.trim()), text.trim())
            .expected(Shown::words(text.trim().to_string()))
            .hint(hint));
    }
    // The whole echo, not its first piece on a line of its own.
    if dribble && !c.text(Out::Stdout).contains(text.trim()) {
        return Err(ctx.fail(ClientText::NotShown(text.trim())).hint(hint));
    }
    Ok(Verdict::Pass)
}

fn echo_echo_1(ctx: &mut Ctx) -> Outcome {
    echo_back(ctx, false)
}

fn echo_echo_2(ctx: &mut Ctx) -> Outcome {
    echo_back(ctx, true)
}
