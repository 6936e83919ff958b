//! The rubric: one small file per assignment, TOML or JSON, naming the protocol, how to start
//! each role of a submission, the points of every case and which cases students see only
//! after the deadline.
//!
//! ```toml
//! protocol = "msg"
//! hidden = ["msg.bad"]
//! [server]
//! run = "python3 server.py {port}"
//! [emitter]
//! run = "python3 emissor.py {host} {port}"
//! say = { broadcast = "{text}", unicast = "{dest} {text}" }
//! [points]
//! default = 1
//! "msg.oi" = 2
//! ```
//!
//! `[server]` is the role `netlab check PROTOCOL --exec RUN` grades; every other section is a
//! client role, graded by `netlab check PROTOCOL-ROLE [--say ACTION=TEMPLATE]… -- RUN`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::check::{self, Proto};

/// The name of the server role's section.
pub const SERVER: &str = "server";

#[derive(Debug, Clone, Deserialize)]
pub struct Points {
    /// The points of a case no key names.
    #[serde(default = "one")]
    pub default: f64,
    /// Case ids or prefixes (`msg.oi`, `msg.oi.3`): the longest that matches wins.
    #[serde(flatten)]
    pub by_case: BTreeMap<String, f64>,
}

fn one() -> f64 {
    1.0
}

impl Default for Points {
    fn default() -> Self {
        Points {
            default: 1.0,
            by_case: BTreeMap::new(),
        }
    }
}

/// How to start one role of a submission.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The command, run in the submission's folder: `{port}` (server) or `{host}` and
    /// `{port}` (clients) are filled in by the check.
    pub run: String,
    /// A client's commands: what to type for each action (`broadcast = "{text}"`).
    #[serde(default)]
    pub say: BTreeMap<String, String>,
    /// How long this role of one submission may take (e.g. "90s"); default: derived.
    #[serde(default)]
    pub budget: Option<String>,
    /// The cases of this role to run (ids or prefixes), in place of the rubric's `only`.
    #[serde(default)]
    pub only: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Rubric {
    pub protocol: String,
    /// Case ids or prefixes shown to students only after the deadline.
    #[serde(default)]
    pub hidden: Vec<String>,
    #[serde(default)]
    pub points: Points,
    /// The check's `--timeout` (e.g. "1s").
    #[serde(default)]
    pub timeout: Option<String>,
    /// The check's `--quick`, `--strict`, `--key`, `--only`.
    #[serde(default)]
    pub quick: bool,
    #[serde(default)]
    pub strict: bool,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub only: Vec<String>,
    /// Every other key: the role sections, read into [`Rubric::roles`] by [`Rubric::load`].
    #[serde(flatten)]
    rest: BTreeMap<String, serde_json::Value>,
    /// `[server]`, `[display]`, `[emitter]`, …
    #[serde(skip)]
    pub roles: BTreeMap<String, Role>,
}

impl Rubric {
    /// Read a rubric: JSON when the file says so (`.json`, or a first `{`), TOML otherwise.
    /// `Err`: why it cannot be used (the system's error in `lang`, or a sentence of the
    /// parser, in English).
    pub fn load(path: &Path, lang: crate::term::text::Lang) -> Result<Rubric, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| crate::term::text::os_error(&e, lang))?;
        let json =
            path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
        let mut rubric: Rubric = if json {
            serde_json::from_str(&text).map_err(|e| e.to_string())?
        } else {
            toml::from_str(&text).map_err(|e| one_line(&e.to_string()))?
        };
        rubric.validate()?;
        Ok(rubric)
    }

    /// The protocol as the checker names it.
    pub fn proto(&self) -> Result<Proto, String> {
        <Proto as clap::ValueEnum>::from_str(&self.protocol, true).map_err(|_| {
            let names: Vec<&str> = check::ALL.iter().map(|p| check::suite(*p).name).collect();
            format!(
                "protocol = \"{}\": not one of {}",
                self.protocol,
                names.join(", ")
            )
        })
    }

    fn validate(&mut self) -> Result<(), String> {
        let suite = check::suite(self.proto()?);
        for (name, value) in std::mem::take(&mut self.rest) {
            if !value.is_object() {
                return Err(format!(
                    "{name}: neither an option of the rubric (protocol, hidden, timeout, quick, \
                     strict, key, only) nor a role's section ([server], …)"
                ));
            }
            let role: Role = serde_json::from_value(value).map_err(|e| format!("[{name}]: {e}"))?;
            self.roles.insert(name, role);
        }
        if self.roles.is_empty() {
            return Err("no role: a [server] section (run = \"…{port}…\") at least".into());
        }
        if !self.points.default.is_finite() || self.points.default < 0.0 {
            return Err("points.default: a number of 0 or more".into());
        }
        for (key, p) in &self.points.by_case {
            if !p.is_finite() || *p < 0.0 {
                return Err(format!("points.\"{key}\": a number of 0 or more"));
            }
            // A key of the server's suite must name one of its cases (a typo would silently
            // give the default); keys of client roles are checked by their checks.
            if (key == suite.name || key.starts_with(&format!("{}.", suite.name)))
                && !suite.cases.iter().any(|c| covers(key, c.id))
            {
                return Err(format!(
                    "points.\"{key}\": no {} case has that id",
                    suite.name
                ));
            }
        }
        for (name, role) in &self.roles {
            if role.run.trim().is_empty() {
                return Err(format!("[{name}] run: a command"));
            }
            if name == SERVER && !role.say.is_empty() {
                return Err(format!("[{name}] say: only client roles type commands"));
            }
            if let Some(b) = &role.budget {
                crate::term::duration::parse_duration(b)
                    .map_err(|e| format!("[{name}] budget: {e}"))?;
            }
        }
        if let Some(t) = &self.timeout {
            let t =
                crate::term::duration::parse_duration(t).map_err(|e| format!("timeout: {e}"))?;
            if t.is_zero() {
                return Err("timeout: a case needs time".into());
            }
        }
        Ok(())
    }

    /// The check's per-case timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
            .as_deref()
            .and_then(|t| crate::term::duration::parse_duration(t).ok())
            .unwrap_or(check::config::TIMEOUT)
    }

    /// The points of case `id`.
    pub fn points(&self, id: &str) -> f64 {
        self.points
            .by_case
            .iter()
            .filter(|(k, _)| covers(k, id))
            .max_by_key(|(k, _)| k.trim_end_matches('.').len())
            .map_or(self.points.default, |(_, p)| *p)
    }

    /// The cases role `name` runs: its own `only`, else the rubric's.
    pub fn only(&self, name: &str) -> &[String] {
        match self.roles.get(name) {
            Some(r) if !r.only.is_empty() => &r.only,
            _ => &self.only,
        }
    }

    /// The points of one cell of the interop matrix (`[points] matrix = N`; none by default).
    pub fn matrix_points(&self) -> f64 {
        self.points.by_case.get("matrix").copied().unwrap_or(0.0)
    }

    /// Is case `id` shown to students only after the deadline?
    pub fn hidden(&self, id: &str) -> bool {
        self.hidden.iter().any(|h| covers(h, id))
    }

    /// The `netlab check` target of role `name`: the protocol for the server, else
    /// `PROTOCOL-ROLE` (`msg-display`, `kv-client`).
    pub fn target(&self, name: &str) -> String {
        let proto = self.protocol.to_ascii_lowercase();
        if name == SERVER {
            proto
        } else {
            format!("{proto}-{name}")
        }
    }
}

/// A parser's message on one line (TOML's spans several, with a caret under the spot).
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '|' || c == '^' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Does the id or prefix `key` cover case `id` (`msg.oi` covers `msg.oi.3`, not `msg.oio.1`)?
pub fn covers(key: &str, id: &str) -> bool {
    let key = key.trim_end_matches('.');
    !key.is_empty() && (id == key || id.strip_prefix(key).is_some_and(|r| r.starts_with('.')))
}

/// `netlab grade init PROTOCOL`: a starting rubric with every case of the protocol, commented.
pub fn init(proto: Proto) -> String {
    let suite = check::suite(proto);
    let mut out = format!(
        "# netlab grade rubric: netlab grade rubric.toml SUBMISSION_DIR…\n\
         # Rubrica do netlab grade: netlab grade rubrica.toml PASTA_DE_SUBMISSÃO…\n\
         protocol = \"{}\"\n\
         # Cases (ids or prefixes) students see only after the deadline (Gradescope visibility).\n\
         # Casos (ids ou prefixos) que os alunos veem só depois do prazo.\n\
         hidden = []\n\
         # The check's options / as opções do check: timeout = \"2s\", quick = true, strict = true\n\
         \n\
         # How to start a submission's server, in its folder; {{port}} is a free port.\n\
         # Como iniciar o servidor de uma submissão, na sua pasta; {{port}} é uma porta livre.\n\
         [server]\n\
         run = \"python3 server.py {{port}}\"\n\
         # budget = \"120s\"   # the longest one submission's server may take / o máximo por submissão\n\
         \n\
         # Client roles (netlab check {}-ROLE … -- COMMAND): / Papéis de cliente:\n\
         # [client]\n\
         # run = \"python3 client.py {{host}} {{port}}\"\n\
         # say = {{ ACTION = \"TEMPLATE\" }}\n\
         # only = [\"CASE\"]   # this role's cases only / só estes casos do papel\n\
         \n\
         # Points per case id or prefix (the longest prefix wins); the rest get `default`.\n\
         # Pontos por id ou prefixo de caso (vale o prefixo mais longo); os demais valem `default`.\n\
         [points]\n\
         default = 1\n\
         # matrix = 0             # points per cell of `netlab grade --matrix` / pontos por célula da matriz\n",
        suite.name, suite.name
    );
    for c in suite.cases {
        out.push_str(&format!(
            "# \"{}\" = 1{}   # {}\n",
            c.id,
            " ".repeat(20usize.saturating_sub(c.id.len())),
            c.title[0]
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric(text: &str) -> Result<Rubric, String> {
        let mut r: Rubric = toml::from_str(text).map_err(|e| e.to_string())?;
        r.validate()?;
        Ok(r)
    }

    #[test]
    fn the_longest_prefix_wins() {
        let r = rubric(
            "protocol = \"msg\"\n[server]\nrun = \"x {port}\"\n[points]\ndefault = 1\n\
             \"msg.oi\" = 2\n\"msg.oi.3\" = 5\n\"msg.flw.\" = 3\n",
        )
        .unwrap();
        assert_eq!(r.points("msg.oi.1"), 2.0);
        assert_eq!(r.points("msg.oi.3"), 5.0);
        assert_eq!(r.points("msg.flw.2"), 3.0);
        assert_eq!(r.points("msg.route.1"), 1.0);
        assert!(covers("msg.oi", "msg.oi.1") && !covers("msg.o", "msg.oi.1"));
        assert_eq!(r.target("server"), "msg");
        assert_eq!(r.target("display"), "msg-display");
    }

    #[test]
    fn mistakes_are_named() {
        let bad = |t: &str| rubric(t).unwrap_err();
        assert!(bad("protocol = \"smtp\"\n[server]\nrun = \"x\"").contains("smtp"));
        assert!(bad("protocol = \"msg\"").contains("[server]"));
        assert!(
            bad("protocol = \"msg\"\n[server]\nrun = \"x\"\n[points]\n\"msg.oops\" = 2")
                .contains("msg.oops")
        );
        // A misspelt option is not taken for a role.
        let typo = bad("protocol = \"msg\"\ntimout = \"1s\"\n[server]\nrun = \"x\"");
        assert!(typo.contains("timout"), "{typo}");
        assert!(
            bad("protocol = \"msg\"\n[server]\nrun = \"x\"\nbudget = \"soon\"").contains("budget")
        );
    }

    #[test]
    fn init_is_a_rubric_naming_every_case() {
        for p in check::ALL {
            let text = init(p);
            let r = rubric(&text).unwrap();
            assert_eq!(r.proto().unwrap(), p);
            for c in check::suite(p).cases {
                assert!(text.contains(&format!("\"{}\"", c.id)), "{}", c.id);
            }
        }
    }
}
