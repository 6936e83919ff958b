//! The app classroom scenario.

use super::Stage;
use crate::net::{Error, Result};

pub fn run(stage: &mut Stage) -> Result<()> {
    let _ = stage;
    Err(Error::new("the app demo is not built yet"))
}
