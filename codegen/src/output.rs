//! The edge: writing generated files, and comparing them with what is on disk.

use crate::diag::{Diagnostic, Location};
use crate::emit::{Files, GENERATED_MARKER};
use std::path::{Path, PathBuf};

/// What a write did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written (new or changed).
    pub written: Vec<PathBuf>,
    /// Files left alone because they already had this content.
    pub unchanged: Vec<PathBuf>,
    /// Stale generated files removed.
    pub removed: Vec<PathBuf>,
}

/// Writes `files` (absolute paths), touching only those whose content changed. With
/// `clean_dir`, generated files under it that are no longer produced are removed (only files
/// starting with the `@generated` marker; nothing else is ever deleted).
pub fn write_all(files: &Files, clean_dir: Option<&Path>) -> Result<WriteReport, Diagnostic> {
    let io = |path: &Path, what: &str, e: std::io::Error| {
        Diagnostic::error(path, Location::File, format!("cannot {what}: {e}"))
    };
    let mut report = WriteReport::default();
    for (path, content) in files {
        if std::fs::read_to_string(path).is_ok_and(|old| old == *content) {
            report.unchanged.push(path.clone());
            continue;
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, "create directory", e))?;
        }
        std::fs::write(path, content).map_err(|e| io(path, "write", e))?;
        report.written.push(path.clone());
    }
    if let Some(dir) = clean_dir {
        for stale in stale_generated(files, dir) {
            std::fs::remove_file(&stale).map_err(|e| io(&stale, "remove stale file", e))?;
            report.removed.push(stale);
        }
    }
    Ok(report)
}

/// Generated `.rs` files under `dir` that `files` does not produce.
fn stale_generated(files: &Files, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs")
                && !files.contains_key(&p)
                && std::fs::read_to_string(&p).is_ok_and(|t| t.starts_with(GENERATED_MARKER))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// One difference between the generated files and the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Staleness {
    /// The file does not exist.
    Missing(PathBuf),
    /// The file's content differs (line endings aside).
    Differs(PathBuf),
    /// A generated file that would no longer be produced.
    Extra(PathBuf),
}

impl std::fmt::Display for Staleness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Staleness::Missing(p) => write!(f, "missing: {}", p.display()),
            Staleness::Differs(p) => write!(f, "out of date: {}", p.display()),
            Staleness::Extra(p) => write!(f, "no longer generated: {}", p.display()),
        }
    }
}

/// Compares `files` with the disk; `clean_dir` also finds generated files no longer produced.
pub fn check(files: &Files, clean_dir: Option<&Path>) -> Vec<Staleness> {
    let normalize = |s: &str| s.replace("\r\n", "\n");
    let mut out = Vec::new();
    for (path, content) in files {
        match std::fs::read_to_string(path) {
            Err(_) => out.push(Staleness::Missing(path.clone())),
            Ok(old) if normalize(&old) != normalize(content) => {
                out.push(Staleness::Differs(path.clone()))
            }
            Ok(_) => {}
        }
    }
    if let Some(dir) = clean_dir {
        out.extend(
            stale_generated(files, dir)
                .into_iter()
                .map(Staleness::Extra),
        );
    }
    out
}
