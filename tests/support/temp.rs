//! The one temporary folder type of the tests: databases, data files, program variants and
//! generated output live in a folder of their own per test (named after the test and this
//! process, so tests running in parallel never share one), removed on drop.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A temporary folder, removed with everything in it on drop.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// A new empty folder for the test `test`.
    pub fn new(test: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "netlab-test-{}-{test}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path of `name` in the folder (which need not exist), as a string.
    pub fn join(&self, name: &str) -> String {
        self.path.join(name).to_string_lossy().into_owned()
    }

    /// Write `contents` as `file`; return its path, as the argument a program is given.
    pub fn write(&self, file: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.join(file);
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
