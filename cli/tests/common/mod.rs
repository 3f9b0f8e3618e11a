//! Helpers shared by the CLI's integration tests: the library's (`root`, `files_under`) and
//! the CLI itself.
#![allow(dead_code)]

#[path = "../../../codegen/tests/common/mod.rs"]
mod library;

pub use library::*;

use std::path::Path;
use std::process::Command;

/// The exit code and output (stdout, then stderr) of `vossgen ARGS` run in `cwd`.
pub fn vossgen(args: &[&str], cwd: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vossgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}
