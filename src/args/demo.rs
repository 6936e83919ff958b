//! `netlab demo …` into what the demo plays, and how.

use crate::cli::DemoArgs;
use crate::demo::{Config, Pause};

impl From<DemoArgs> for Config {
    fn from(a: DemoArgs) -> Self {
        let pause = match (a.step, a.pace) {
            (true, _) => Pause::Step,
            (false, Some(d)) => Pause::Pace(d),
            (false, None) => Pause::None,
        };
        Config {
            scenario: a.scenario,
            pause,
            colour: a.color,
            diagram: None,
            diagram_limit: None,
            ascii: false,
        }
    }
}
