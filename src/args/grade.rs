//! `netlab grade …` into what grading is asked to do.

use crate::cli::{GradeArgs, GradeCommand};
use crate::grade::Config;

impl From<GradeArgs> for Config {
    fn from(a: GradeArgs) -> Config {
        Config {
            init: a.init.map(|GradeCommand::Init { protocol }| protocol),
            // clap requires RUBRIC unless `init` is given.
            rubric: a.rubric.unwrap_or_default(),
            submissions: a.submissions,
            jobs: a.jobs,
            resume: a.resume,
            budget: a.budget,
            out: a.out,
            matrix: a.matrix,
        }
    }
}
