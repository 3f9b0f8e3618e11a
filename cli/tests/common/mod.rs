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

/// `cargo ARGS` in `krate` with its own target directory (the workspace's is locked by the
/// running `cargo test`) and `RUSTFLAGS` as given (`None`: unset): its stderr when it fails.
pub fn cargo_in(
    krate: &Path,
    args: &[&str],
    target: &Path,
    rustflags: Option<&str>,
) -> Result<(), String> {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .current_dir(krate);
    match rustflags {
        Some(flags) => cargo.env("RUSTFLAGS", flags),
        None => cargo.env_remove("RUSTFLAGS"),
    };
    let out = cargo.output().expect("cargo runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
