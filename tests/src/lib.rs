//! Cross-crate and downstream tests for vossgen. The tests live in `tests/`; this library
//! holds what they share.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The bundled example responses: (model path like `data/Role`, the examples object).
pub fn examples() -> Vec<(String, serde_json::Value)> {
    let root = workspace_root().join("schemas");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("schemas/ is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if let Some(name) = path.to_str().and_then(|p| p.strip_suffix(".examples.json"))
            {
                let rel = Path::new(name)
                    .strip_prefix(&root)
                    .expect("under schemas/")
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path).expect("readable");
                out.push((rel, serde_json::from_str(&text).expect("examples are JSON")));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every Rust block of the README, compiled (and run, unless marked) as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
