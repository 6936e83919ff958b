//! `netlab check …` into what the checker is asked to do.

use crate::check::config::Config;
use crate::cli::CheckArgs;

impl From<CheckArgs> for Config {
    fn from(a: CheckArgs) -> Config {
        Config {
            proto: a.protocol,
            target: a.target,
            list: a.list,
            only: crate::check::patterns(&a.only),
            timeout: a.timeout,
            quick: a.quick,
            strict: a.strict,
            junit: a.junit,
            json: a.json,
            key: a.key,
            exec: a.exec,
            gradescope: a.gradescope,
            rubric: a.rubric,
            diagram: None,
            diagram_limit: None,
            ascii: false,
            command: a.command,
            say: a.say,
            say_file: a.say_file,
        }
    }
}
