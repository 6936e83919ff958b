//! The chat classroom scenario.

use super::Stage;
use crate::net::{Error, Result};

pub fn run(stage: &mut Stage) -> Result<()> {
    let _ = stage;
    Err(Error::new("the chat demo is not built yet"))
}
