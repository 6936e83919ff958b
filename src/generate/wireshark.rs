//! `netlab generate wireshark DIR`: writes `DIR/netlab.lua`, the Wireshark Lua plugin that
//! dissects all five protocols (`netlab_msg`, `netlab_kv`, `netlab_chat`, `netlab_mcast`,
//! `netlab_app`).
//!
//! The Lua is the template `netlab.lua.in` next to this file; every number and word the
//! dissectors depend on (type codes and names, header and field sizes, limits, default ports,
//! command words) is filled in here from the wire modules, most of it by encoding sample
//! frames, so the dissectors cannot drift from the code. The committed copy
//! `wireshark/netlab.lua` is checked against this by `tests/generated.rs`.

use std::net::Ipv4Addr;
use std::path::Path;

use crate::net::sentences::NetText;
use crate::net::{Context, Result};
use crate::term::text::Lang;
use crate::{app, chat, kv, mcast, msg};

const TEMPLATE: &str = include_str!("netlab.lua.in");

/// The plugin's file name in the directory it is written to.
pub const FILE: &str = "netlab.lua";

/// Write the plugin into `dir` (created if needed).
pub fn write(dir: &Path, lang: Lang) -> Result<()> {
    std::fs::create_dir_all(dir).context(lang, NetText::CannotCreate(dir))?;
    let path = dir.join(FILE);
    std::fs::write(&path, plugin()).context(lang, NetText::CannotWrite(&path))
}

/// The plugin's text: the template with every `@NAME@` filled in.
pub fn plugin() -> String {
    let mut lua = TEMPLATE.to_string();
    for (name, value) in values() {
        lua = lua.replace(&format!("@{name}@"), &value);
    }
    lua
}

/// A Lua string literal (the values are ASCII; quotes and backslashes escaped).
fn lua_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Lua table entries `    [code] = value,`, one a line.
fn entries<V: std::fmt::Display>(items: impl IntoIterator<Item = (u16, V)>) -> String {
    items
        .into_iter()
        .map(|(code, v)| format!("    [{code}] = {v},"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first word of a line our encoder writes.
fn word(line: String) -> String {
    line.split(' ').next().unwrap_or_default().to_string()
}

fn values() -> Vec<(&'static str, String)> {
    use msg::wire as m;
    let head = m::Head::default();
    // The bytes each msg body adds before its text or ids: an empty MSG's body.
    let msg_body = m::Msg::Msg(head, Vec::new()).encoded_len() - m::HEADER;

    use kv::wire as k;
    let flood = k::Flood {
        ttl: k::TTL,
        nseq: 0,
        ip: Ipv4Addr::LOCALHOST,
        port: 1,
        info: b"x".to_vec(),
    };
    // One frame of each type, with one byte of key, value or info where there is one.
    let samples = [
        (k::Msg::Id { port: 0 }, false),
        (
            k::Msg::KeyReq {
                nseq: 0,
                key: b"x".to_vec(),
            },
            true,
        ),
        (k::Msg::TopoReq { nseq: 0 }, false),
        (k::Msg::KeyFlood(flood.clone()), true),
        (k::Msg::TopoFlood(flood), true),
        (
            k::Msg::Resp {
                nseq: 0,
                value: b"x".to_vec(),
            },
            true,
        ),
    ];
    let kinds = samples.iter().map(|(msg, _)| msg.kind());
    let kv_types = entries(kinds.map(|t| (t, lua_str(k::type_name(t)))));
    let kv_fixed = entries(samples.iter().map(|(msg, sized)| {
        let len = k::to_bytes(msg).expect("a valid sample").len();
        (msg.kind(), len - usize::from(*sized))
    }));
    let kv_sized = entries(
        samples
            .iter()
            .filter(|(_, sized)| *sized)
            .map(|(msg, _)| (msg.kind(), "true")),
    );

    use chat::wire::{PeerLine, Reply, Request};
    let chat_words = [
        word(
            Request::User {
                name: "a".into(),
                port: 1,
            }
            .line(),
        ),
        word(Request::List.line()),
        word(Request::Keep.line()),
        word(Request::Addr("a".into()).line()),
        word(PeerLine::Disc.line()),
        word(Reply::Err("a".into()).line()),
    ];

    use app::wire as a;
    let sample = a::Frame::new(a::TEXT_JSON, "utf-8", b"{}".to_vec());
    let mut encoded = Vec::new();
    a::encode(&sample, &mut encoded).expect("a small frame encodes");
    let proto_header = encoded.len() - a::header_json(&sample.header).len() - sample.content.len();

    let mcast_fields = [mcast::wire::Field::User, mcast::wire::Field::Data];
    let join = |items: Vec<String>| items.join(", ");

    vec![
        ("VERSION", env!("CARGO_PKG_VERSION").to_string()),
        ("MSG_PORT", m::DEFAULT_PORT.to_string()),
        ("MSG_HEADER", m::HEADER.to_string()),
        ("MSG_BODY", msg_body.to_string()),
        ("MSG_MAX_TEXT", m::MAX_TEXT.to_string()),
        ("MSG_SERVER", m::SERVER.to_string()),
        (
            "MSG_EMITTERS",
            format!("{}, {}", m::EMITTERS.start(), m::EMITTERS.end()),
        ),
        (
            "MSG_DISPLAYS",
            format!("{}, {}", m::DISPLAYS.start(), m::DISPLAYS.end()),
        ),
        (
            "MSG_TYPES",
            entries((0u16..).zip(m::NAMES.iter().map(|n| lua_str(n)))),
        ),
        ("KV_PORT", "0".to_string()),
        ("KV_MAX_SIZE", k::MAX_SIZE.to_string()),
        ("KV_TTL", k::TTL.to_string()),
        ("KV_TYPES", kv_types),
        ("KV_FIXED", kv_fixed),
        ("KV_SIZED", kv_sized),
        ("CHAT_PORT", chat::wire::DEFAULT_PORT.to_string()),
        ("CHAT_MAX_LINE", chat::wire::MAX_LINE.to_string()),
        ("CHAT_MAX_NAME", chat::wire::MAX_NAME.to_string()),
        (
            "CHAT_WORDS",
            join(chat_words.iter().map(|w| lua_str(w)).collect()),
        ),
        ("MCAST_PORT", mcast::wire::DEFAULT_PORT.to_string()),
        ("MCAST_QUIT", lua_str(mcast::wire::QUIT_WORD)),
        (
            "MCAST_FIELDS",
            join(mcast_fields.iter().map(|f| lua_str(f.name())).collect()),
        ),
        ("MCAST_MAX_DATAGRAM", mcast::wire::MAX_DATAGRAM.to_string()),
        ("APP_PORT", a::DEFAULT_PORT.to_string()),
        ("APP_PROTO_HEADER", proto_header.to_string()),
        ("APP_MAX_CONTENT", a::MAX_CONTENT.to_string()),
        ("APP_TEXT_JSON", lua_str(a::TEXT_JSON)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    #[test]
    fn every_placeholder_is_filled() {
        let lua = plugin();
        let left: Vec<&str> = lua.lines().filter(|l| l.contains('@')).collect();
        assert!(left.is_empty(), "unfilled placeholders: {left:?}");
        for (name, _) in values() {
            assert!(
                TEMPLATE.contains(&format!("@{name}@")),
                "{name} is never used"
            );
        }
    }

    #[test]
    fn sizes_come_from_the_encoders() {
        let lua = plugin();
        assert!(lua.contains("local MSG_HEADER = 14 "));
        assert!(lua.contains("local MSG_BODY = 2 "));
        assert!(lua.contains("    [2] = \"MSG\","));
        assert!(
            lua.contains("    [7] = 16,"),
            "KEYFLOOD: 16 bytes before its info"
        );
        assert!(lua.contains("    [4] = 4,"), "ID: 4 bytes");
        assert!(lua.contains("local APP_PROTO_HEADER = 2 "));
        assert!(lua.contains("\"USER\", \"LIST\", \"KEEP\", \"ADDR\", \"DISC\", \"ERR\""));
    }

    /// The default of `--port` (or `--quit-word`) on the command line of `path`.
    fn default_of(path: &[&str], arg: &str) -> String {
        let mut cmd = Cli::command();
        cmd.build();
        let mut sub = &cmd;
        for name in path {
            sub = sub.find_subcommand(name).expect("a subcommand");
        }
        let arg = sub
            .get_arguments()
            .find(|a| a.get_id() == arg)
            .expect("the argument");
        arg.get_default_values()[0].to_string_lossy().into_owned()
    }

    #[test]
    fn default_ports_are_the_command_line_defaults() {
        let port = |path: &[&str]| default_of(path, "port");
        assert_eq!(
            port(&["msg", "server"]),
            msg::wire::DEFAULT_PORT.to_string()
        );
        assert_eq!(
            port(&["chat", "server"]),
            chat::wire::DEFAULT_PORT.to_string()
        );
        assert_eq!(
            port(&["mcast", "recv"]),
            mcast::wire::DEFAULT_PORT.to_string()
        );
        assert_eq!(
            port(&["app", "server"]),
            app::wire::DEFAULT_PORT.to_string()
        );
        assert_eq!(
            port(&["echo", "server"]),
            app::wire::DEFAULT_PORT.to_string()
        );
        assert_eq!(
            default_of(&["mcast", "recv"], "quit_word"),
            mcast::wire::QUIT_WORD
        );
    }
}
