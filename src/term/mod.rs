//! The terminal side every role shares: the log (what a role says, its `--trace`, colour
//! only on a terminal), input lines and the line editor, status lines redrawn in place, the
//! language machinery (`Lang`, catalogs, OS errors in the user's language, control
//! characters escaped), durations and byte counts as people read them, and the quota that
//! keeps a peer's repeated mistakes to a few lines.

pub mod bad_value;
pub mod bytes;
pub mod duration;
pub mod editor;
pub mod log;
pub mod quota;
pub mod status;
pub mod stdin;
pub mod text;
