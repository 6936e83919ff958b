//! A cell's processes: the server (a submission's, in its folder, or netlab's own) started on
//! a free port, `netlab --trace=hex proxy` in front of it, and the clients, each a
//! [`Client`] leading a process group of its own. Each is killed with its group when dropped,
//! so a cell leaves nothing running whatever happened in it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Party, Setup};
use crate::check::Proto;
use crate::check::client::process::{Client, Out};
use crate::check::client::{self, STARTUP};
use crate::check::exec::{NotListening, Program};
use crate::grade::rubric::SERVER;
use crate::term::text::Text;

/// The servers that never listened, with why: not started again for their other cells.
#[derive(Default)]
pub struct DeadServers(Mutex<HashMap<String, String>>);

/// A word for [`crate::check::exec::words`]: quoted, a quote inside escaped.
fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

fn lang_name(setup: &Setup) -> &'static str {
    setup.lang.pick("en", "pt")
}

/// Start the server of `party` (`None`: netlab's own) and wait until it listens.
pub fn server(setup: &Setup, party: &Option<Party>, dead: &DeadServers) -> Result<Program, String> {
    let proto = crate::check::suite(setup.proto).name;
    match party {
        Some(p) => {
            if let Some(why) = dead.0.lock().ok().and_then(|d| d.get(&p.name).cloned()) {
                return Err(why);
            }
            let run = &setup.rubric.roles[SERVER].run;
            Program::start_in(run, Some(&p.dir), setup.lang).map_err(|NotListening(why)| {
                if let Ok(mut d) = dead.0.lock() {
                    d.insert(p.name.clone(), why.clone());
                }
                why
            })
        }
        None if setup.proto == Proto::Kv => own_node(setup),
        None => {
            let run = format!(
                "{} --lang {} {proto} server --bind 127.0.0.1 {{port}}",
                quoted(setup.exe),
                lang_name(setup)
            );
            Program::start(&run, setup.lang).map_err(|NotListening(why)| why)
        }
    }
}

/// netlab's own kv node, holding the scenario's key in a database of its own: written for it,
/// removed once the node has loaded it (a node loads its database before it listens).
fn own_node(setup: &Setup) -> Result<Program, String> {
    static NODES: AtomicUsize = AtomicUsize::new(0);
    let db = std::env::temp_dir().join(format!(
        "netlab-matrix-{}-{}.db",
        std::process::id(),
        NODES.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&db, super::kv::own_db(&super::kv::key(setup))).map_err(|e| {
        format!(
            "{}: {}",
            crate::net::sentences::NetText::CannotWrite(&db).render(setup.lang),
            crate::term::text::os_error(&e, setup.lang)
        )
    })?;
    let run = format!(
        "{} --lang {} kv node {{port}} {} --bind 127.0.0.1",
        quoted(setup.exe),
        lang_name(setup),
        quoted(&db)
    );
    let node = Program::start(&run, setup.lang).map_err(|NotListening(why)| why);
    let _ = std::fs::remove_file(&db);
    node
}

/// Start netlab's proxy in front of `target`: the proxy, and where it listens.
pub fn proxy(setup: &Setup, target: SocketAddr) -> Result<(Client, SocketAddr), String> {
    let mut words: Vec<String> = vec![
        setup.exe.display().to_string(),
        "--lang".into(),
        lang_name(setup).into(),
        "--trace=hex".into(),
        "proxy".into(),
        crate::check::suite(setup.proto).name.to_string(),
        "127.0.0.1:0".into(),
        target.to_string(),
    ];
    // Chat: the directory's ADDR answers rewritten, so the peers' conversation passes too.
    if setup.proto == Proto::Chat {
        words.push("--peers".into());
    }
    let proxy =
        Client::start(&words, &[]).map_err(|e| crate::term::text::os_error(&e, setup.lang))?;
    let (found, text) = proxy.wait(Out::Stderr, 0, STARTUP + setup.timeout, |t| {
        listening(t).is_some()
    });
    match listening(&text) {
        Some(at) if found => Ok((proxy, at)),
        _ => Err(crate::term::text::safe(text.trim()).into_owned()),
    }
}

/// The first loopback address with a port in `text` (the proxy's "listening on" line).
fn listening(text: &str) -> Option<SocketAddr> {
    text.split_whitespace()
        .filter_map(|w| {
            w.trim_end_matches([',', ';', ')', '.'])
                .parse::<SocketAddr>()
                .ok()
        })
        .find(|a| a.port() != 0 && a.ip().is_loopback())
}

/// Actions a submission's client is asked for only when the rubric names them.
const OPTIONAL: [&str; 2] = ["qem", "quit"];

/// A client, started: the process and what each action types.
pub struct Started {
    pub client: Client,
    pub say: Vec<(String, String)>,
}

/// Start `role`'s client of `party` (`None`: netlab's own) against `at`, with the
/// placeholders `extra` (`{id}` for msg, `{action}` and `{value}` for echo and app, `{listen}`
/// for kv, `{name}` and `{listen}` for chat).
pub fn client(
    setup: &Setup,
    party: &Option<Party>,
    role: &str,
    at: SocketAddr,
    extra: &[(&'static str, String)],
) -> Result<Started, String> {
    let vars = client::vars(at, extra);
    let (words, say, dir) = match party {
        Some(p) => {
            let r = &setup.rubric.roles[role];
            let words = crate::check::exec::words(&r.run)
                .map_err(|q| format!("{}: unmatched {q}", r.run))?;
            let said: Vec<String> = r.say.iter().map(|(a, t)| format!("{a}={t}")).collect();
            let mut say = client::say_map(&said, None).map_err(|l| format!("say: {l}"))?;
            // The original leaves the emitter's interface to the student: a QEM or a quit
            // command is typed only when the rubric names it (else no QEM step, and the end
            // of input says goodbye).
            say.retain(|(a, _)| !OPTIONAL.contains(&a.as_str()) || r.say.contains_key(a));
            (words, say, Some(p.dir.as_path()))
        }
        None => {
            let mut words = vec![
                setup.exe.display().to_string(),
                "--lang".into(),
                lang_name(setup).into(),
                crate::check::suite(setup.proto).name.to_string(),
            ];
            let tail: &[&str] = match setup.proto {
                Proto::Msg => &["{server}", "--id", "{id}"],
                Proto::App => &["{server}", "{action}", "{value}"],
                Proto::Kv => &["{listen}", "{server}"],
                Proto::Chat => &["{name}", "{server}", "--listen", "{listen}"],
                _ => &["{server}", "{value}"],
            };
            // netlab's chat client is its peer.
            words.push(
                if setup.proto == Proto::Chat {
                    "peer"
                } else {
                    role
                }
                .into(),
            );
            words.extend(tail.iter().map(|w| w.to_string()));
            let say = client::say_map(&[], None).unwrap_or_default();
            (words, say, None)
        }
    };
    let client = Client::start_in(&words, &vars, dir).map_err(|e| {
        crate::check::client::text::ClientText::CannotRun {
            command: &words.join(" "),
            why: &crate::term::text::os_error(&e, setup.lang),
        }
        .render(setup.lang)
    })?;
    Ok(Started { client, say })
}

/// What `action` types, its `{…}` filled with `fill` (`None`: the client has no such action).
pub fn say(started: &Started, action: &str, fill: &[(&str, String)]) -> Option<String> {
    started
        .say
        .iter()
        .find(|(a, _)| a == action)
        .map(|(_, t)| client::process::substitute(t, fill))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_listening_address_is_found_in_either_language() {
        let a = super::listening("netlab: listening on 127.0.0.1:4242\n").unwrap();
        assert_eq!(a.port(), 4242);
        let b = super::listening("netlab: escutando em 127.0.0.1:4243\n").unwrap();
        assert_eq!(b.port(), 4243);
        assert!(super::listening("nothing yet").is_none());
    }
}
