//! `netlab check mcast-send -- COMMAND…` and `netlab check mcast-recv -- COMMAND…`: netlab
//! plays the other side of the multicast chat (spec/mcast.md) on the loopback interface only:
//! every socket of the check, and the client through `{iface}`, is pinned to 127.0.0.1, the
//! group is one of the administratively scoped 239.255.0.0/16 and the port a free one, so no
//! datagram leaves the machine. The sender: one JSON object per line with the original's keys,
//! the quit word sent and the program gone. The receiver: `user: data` for datagrams from
//! several senders, invalid JSON survived, the quit word obeyed.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use super::super::case::{Ctx, Outcome, Problem, Shown, Verdict, case};
use super::super::hint::Hint;
use super::super::text::CheckText;
use super::super::{Case, Suite};
use super::hints::ClientHint;
use super::process::{Client, Out};
use super::text::ClientText;
use super::{Role, no_probe, vars};
use crate::mcast::config::GroupConfig;
use crate::mcast::socket;
use crate::mcast::wire::{self, Message, QUIT_WORD};

pub static SEND: Suite = Suite {
    name: "mcast-send",
    cases: SEND_CASES,
    probe: no_probe,
    default_port: None,
};

pub static SEND_ROLE: Role = Role {
    suite: &SEND,
    uses: &[("mcast-send.json.1", &["broadcast"])],
};

pub static RECV: Suite = Suite {
    name: "mcast-recv",
    cases: RECV_CASES,
    probe: no_probe,
    default_port: None,
};

pub static RECV_ROLE: Role = Role {
    suite: &RECV,
    uses: &[],
};

static SEND_CASES: &[Case] = &[
    case(
        "mcast-send.json.1",
        "a line typed goes as one datagram: a JSON object {\"user\", \"data\"}",
        "uma linha digitada vai como um datagrama: um objeto JSON {\"user\", \"data\"}",
        send_json_1,
    ),
    case(
        "mcast-send.quit.1",
        "the quit word (`sair`) is sent, then the sender leaves",
        "a palavra de saída (`sair`) é enviada, e então o emissor sai",
        send_quit_1,
    ),
];

static RECV_CASES: &[Case] = &[
    case(
        "mcast-recv.show.1",
        "shows `user: data` for datagrams from several senders",
        "mostra `user: data` para datagramas de vários emissores",
        recv_show_1,
    ),
    case(
        "mcast-recv.bad.1",
        "a datagram that is not JSON does not stop it",
        "um datagrama que não é JSON não o interrompe",
        recv_bad_1,
    ),
    case(
        "mcast-recv.quit.1",
        "the quit word from a sender ends it",
        "a palavra de saída de um emissor o encerra",
        recv_quit_1,
    ),
];

/// The only interface the check uses.
const IFACE: Ipv4Addr = Ipv4Addr::LOCALHOST;

/// A group of this case, administratively scoped (never routed beyond a site, and here never
/// beyond loopback), and a free port.
fn group(ctx: &Ctx) -> Result<(Ipv4Addr, u16), Problem> {
    let port = UdpSocket::bind((IFACE, 0))
        .and_then(|s| s.local_addr())
        .map(|a| a.port())
        .map_err(|_| ctx.fail(CheckText::CannotListen))?;
    let n = ctx.tag % 200 + 20;
    Ok((Ipv4Addr::new(239, 255, n as u8, ctx.number as u8), port))
}

fn config(g: Ipv4Addr, port: u16) -> GroupConfig {
    GroupConfig {
        group: IpAddr::V4(g),
        port,
        iface: Some(IFACE.to_string()),
        multicast_loop: true,
        ..GroupConfig::default()
    }
}

fn user(ctx: &Ctx) -> String {
    format!("ck{}", ctx.number)
}

/// Start the client with `{group}`, `{port}`, `{iface}`, `{name}` (and `{server}`:
/// GROUP:PORT).
fn start(ctx: &Ctx, g: Ipv4Addr, port: u16) -> Result<Client, Problem> {
    ctx.start(&vars(
        SocketAddr::from((g, port)),
        &[
            ("group", g.to_string()),
            ("iface", IFACE.to_string()),
            ("name", user(ctx)),
        ],
    ))
}

/// netlab's receiver on the group: the next datagram within `within`, as bytes.
fn listen(ctx: &Ctx, g: Ipv4Addr, port: u16) -> Result<UdpSocket, Problem> {
    socket::receiver(&config(g, port), ctx.lang())
        .map(|r| r.sock)
        .map_err(|e| ctx.fail(ClientText::CannotJoin(&e.to_string())))
}

fn next_datagram(sock: &UdpSocket, within: Duration) -> Option<Vec<u8>> {
    let deadline = Instant::now() + within;
    let mut buf = vec![0u8; 65536];
    while Instant::now() < deadline {
        if let Ok((n, _)) = sock.recv_from(&mut buf) {
            return Some(buf[..n].to_vec());
        }
    }
    None
}

fn decoded(ctx: &Ctx, c: &Client, d: Option<Vec<u8>>, want: &Message) -> Result<Message, Problem> {
    let mut wanted = Vec::new();
    let _ = wire::encode(want, &mut wanted);
    let expected = Shown::new(String::from_utf8_lossy(&wanted).into_owned(), wanted);
    let Some(d) = d else {
        return Err(super::msg_display::with_output(
            {
                let mut p = ctx.fail(CheckText::Nothing(ctx.timeout)).expected(expected);
                p.silent = true;
                p
            },
            ctx,
            c,
        ));
    };
    let arrived = Shown::new(String::from_utf8_lossy(&d).into_owned(), d.clone());
    match wire::decode(&d) {
        Ok(m) => Ok(m),
        Err(e) => Err(ctx
            .fail(CheckText::Undecodable(&e.to_string()))
            .expected(expected)
            .arrived(arrived)
            .hint(Hint::Client(ClientHint::NotJson))),
    }
}

fn send_json_1(ctx: &mut Ctx) -> Outcome {
    let (g, port) = group(ctx)?;
    let sock = listen(ctx, g, port)?;
    let mut c = start(ctx, g, port)?;
    let text = format!("netlab check {}", ctx.tag % 10_000);
    let want = Message {
        user: user(ctx),
        data: text.clone(),
    };
    let line = ctx.say("broadcast", &[("text", text.clone())]);
    // A sender may still be starting: the line waits in its stdin.
    ctx.type_line(&mut c, &line)?;
    let d = next_datagram(&sock, ctx.timeout + super::STARTUP);
    let m = decoded(ctx, &c, d.clone(), &want)?;
    if m.data != want.data || m.user != want.user {
        let d = d.unwrap_or_default();
        return Err(ctx
            .fail(ClientText::NotTheDatagram)
            .arrived(Shown::new(String::from_utf8_lossy(&d).into_owned(), d)));
    }
    Ok(Verdict::Pass)
}

fn send_quit_1(ctx: &mut Ctx) -> Outcome {
    let (g, port) = group(ctx)?;
    let sock = listen(ctx, g, port)?;
    let mut c = start(ctx, g, port)?;
    let want = Message {
        user: user(ctx),
        data: QUIT_WORD.into(),
    };
    ctx.type_line(&mut c, QUIT_WORD)?;
    let d = next_datagram(&sock, ctx.timeout + super::STARTUP);
    // The datagram's layout is json.1's: here only that the word went out.
    let plain = d
        .as_deref()
        .is_some_and(|b| b.trim_ascii() == QUIT_WORD.as_bytes());
    let m = match decoded(ctx, &c, d, &want) {
        Err(_) if plain => want.clone(),
        Err(p) if p.silent => return Err(p.hint(Hint::Client(ClientHint::QuitNotSent))),
        other => other?,
    };
    if m.data != QUIT_WORD {
        return Err(ctx
            .fail(CheckText::Arrived(&m.data))
            .expected(Shown::words(QUIT_WORD)));
    }
    if c.exited(ctx.timeout).is_none() {
        return Err(ctx.fail(ClientText::DidNotLeave(ctx.timeout)));
    }
    Ok(Verdict::Pass)
}

/// netlab's senders: one socket per user, each its own source port.
fn sender(ctx: &Ctx, g: Ipv4Addr, port: u16) -> Result<(UdpSocket, SocketAddr), Problem> {
    socket::sender(&config(g, port), 1, ctx.lang())
        .map(|(s, to, _)| (s, to))
        .map_err(|e| ctx.fail(ClientText::CannotJoin(&e.to_string())))
}

fn datagram(u: &str, data: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = wire::encode(
        &Message {
            user: u.into(),
            data: data.into(),
        },
        &mut out,
    );
    out
}

/// Send a datagram and note it as sent.
fn send(ctx: &Ctx, s: &UdpSocket, to: SocketAddr, bytes: &[u8]) {
    if let Ok(mut j) = ctx.journal.lock() {
        j.frames.push(Shown::new(
            String::from_utf8_lossy(bytes).into_owned(),
            bytes.to_vec(),
        ));
    }
    let _ = s.send_to(bytes, to);
}

/// Start the receiver and wait until it shows what netlab sends (a greeting sent every 100 ms:
/// the receiver joins the group when it will).
fn ready(ctx: &Ctx) -> Result<(Client, UdpSocket, SocketAddr, Ipv4Addr, u16), Problem> {
    let (g, port) = group(ctx)?;
    let c = start(ctx, g, port)?;
    let (s, to) = sender(ctx, g, port)?;
    let hello = format!("hello {}", ctx.tag % 10_000);
    let bytes = datagram("netlab", &hello);
    let deadline = Instant::now() + ctx.timeout + super::STARTUP;
    loop {
        let _ = s.send_to(&bytes, to);
        if c.wait_out(0, Duration::from_millis(100), |o| o.contains(&hello))
            .0
        {
            return Ok((c, s, to, g, port));
        }
        if Instant::now() >= deadline || c.exited(Duration::ZERO).is_some() {
            return Err(ctx
                .gone(&c, ClientText::NotShown(&format!("netlab: {hello}")))
                .sent(vec![Shown::new(
                    String::from_utf8_lossy(&bytes).into_owned(),
                    bytes.clone(),
                )]));
        }
    }
}

fn recv_show_1(ctx: &mut Ctx) -> Outcome {
    let (c, s1, to, g, port) = ready(ctx)?;
    let (s2, _) = sender(ctx, g, port)?;
    let from = c.total(Out::Stdout);
    let lines = [
        (format!("ana{}", ctx.number), "Oi, tudo bem?".to_string()),
        (format!("bruno{}", ctx.number), "Tudo, e você?".to_string()),
    ];
    ctx.mark();
    send(ctx, &s1, to, &datagram(&lines[0].0, &lines[0].1));
    send(ctx, &s2, to, &datagram(&lines[1].0, &lines[1].1));
    let want: Vec<String> = lines.iter().map(|(u, d)| format!("{u}: {d}")).collect();
    let (found, out) = c.wait_out(from, ctx.timeout, |o| {
        want.iter().all(|w| o.contains(w.as_str()))
    });
    if !found {
        let shown = want.iter().filter(|w| out.contains(w.as_str())).count();
        let texts_only = lines.iter().all(|(_, d)| out.contains(d.as_str()));
        return Err(ctx
            .not_shown(
                &c,
                ClientText::NotAllShown {
                    shown,
                    of: want.len(),
                },
                &want[0],
            )
            .expected(Shown::words(want.join(" / ")))
            .hint(texts_only.then_some(Hint::Client(ClientHint::NoUserShown))));
    }
    Ok(Verdict::Pass)
}

fn recv_bad_1(ctx: &mut Ctx) -> Outcome {
    let (c, s, to, _, _) = ready(ctx)?;
    let from = c.total(Out::Stdout);
    ctx.mark();
    send(ctx, &s, to, b"{\"user\": \"ana\", \"data\": ");
    std::thread::sleep(super::msg_display::PACE);
    let u = format!("ana{}", ctx.number);
    // Only the text: how a line is laid out is show.1's.
    let line = format!("still here {}", ctx.tag % 10_000);
    send(ctx, &s, to, &datagram(&u, &line));
    let (found, _) = c.wait_out(from, ctx.timeout, |o| o.contains(&line));
    if !found {
        let status = c.exited(Duration::ZERO).map(|s| s.to_string());
        let why = match &status {
            Some(status) => ClientText::Died(status),
            None => ClientText::NotShown(&line),
        };
        return Err(ctx
            .gone(&c, why)
            .expected(Shown::words(line.clone()))
            .hint(Hint::Client(ClientHint::BadJsonKills)));
    }
    Ok(Verdict::Pass)
}

fn recv_quit_1(ctx: &mut Ctx) -> Outcome {
    let (c, s, to, _, _) = ready(ctx)?;
    ctx.mark();
    send(
        ctx,
        &s,
        to,
        &datagram(&format!("ana{}", ctx.number), QUIT_WORD),
    );
    if c.exited(ctx.timeout).is_none() {
        return Err(ctx.fail(ClientText::DidNotLeave(ctx.timeout)));
    }
    Ok(Verdict::Pass)
}
