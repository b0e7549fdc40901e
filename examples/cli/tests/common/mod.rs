//! What the tests of the `iuran` program share: running it from the repository root as a
//! user would, and a scratch folder for its files.

// Each test file uses what it needs of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where the program runs (paths in tests are relative to it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `iuran` with these arguments from the repository root.
pub fn iuran(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iuran"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run iuran")
}

/// A path in this test run's own scratch folder.
pub fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iuran-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Program output as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
