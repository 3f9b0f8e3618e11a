//! ARCHITECTURE.md's layering, checked on the source: each module of the library names only
//! the modules it may use (`crate::MODULE` paths; root re-exports such as `crate::Settings`
//! are refused in the library so that every use names its module), and only the edges touch
//! the file system.

use std::collections::BTreeMap;
use std::path::Path;

/// What each module of `codegen/src` may name (`lib` is the pipeline's functions at the root).
/// Stages only look back: nothing before `emit` knows about it, `emit` knows neither the
/// settings nor the output, `output` knows nothing of the settings.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diag", &[]),
    ("ident", &[]),
    ("api", &[]),
    ("source", &["api", "diag", "ident"]),
    ("ir", &["api", "diag", "ident", "source"]),
    ("emit", &["diag", "ident", "ir"]),
    ("output", &["diag", "emit"]),
    ("settings", &["api", "diag", "emit", "ir", "lib", "output"]),
    ("import", &["api", "diag", "ident"]),
    ("derive", &["diag", "emit", "ident", "ir", "source"]),
    ("macros", &["emit", "lib", "settings"]),
];

/// The modules that may use `std::fs`: the edges.
const FILE_SYSTEM: &[&str] = &["source", "output"];

/// The code of `text` without comments (line comments and doc comments), roughly: enough to
/// see paths.
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim().is_empty())
}

/// The module (first path segment under `src`) of each `.rs` file, with its text.
fn sources() -> BTreeMap<String, Vec<(String, String)>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap();
                let first = rel.components().next().unwrap().as_os_str();
                let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
                let text = std::fs::read_to_string(&path).unwrap();
                out.entry(module)
                    .or_default()
                    .push((rel.display().to_string(), text));
            }
        }
    }
    out
}

/// Every `crate::NAME` a line names: the module, `lib` for a root function, or the name
/// itself (capitalized) for a root re-export.
fn crate_paths(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = if after.starts_with('{') {
            "{".to_string()
        } else {
            after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        };
        let module = ALLOWED.iter().any(|(m, _)| *m == name);
        out.push(
            if module || name.starts_with(|c: char| c.is_uppercase() || c == '{') {
                name
            } else {
                "lib".to_string()
            },
        );
        rest = after;
    }
    out
}

#[test]
fn each_stage_names_only_the_stages_before_it() {
    let mut wrong = Vec::new();
    for (module, files) in sources() {
        if module == "lib" {
            continue;
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            wrong.push(format!(
                "module `{module}` is not in this test's table: say what it may use"
            ));
            continue;
        };
        for (file, text) in files {
            for line in code_lines(&text) {
                for used in crate_paths(line) {
                    if used != module && !allowed.contains(&used.as_str()) {
                        wrong.push(format!("{file}: `{module}` names `crate::{used}`: {line}"));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn only_the_edges_touch_the_file_system() {
    let mut wrong = Vec::new();
    for (module, files) in sources() {
        if FILE_SYSTEM.contains(&module.as_str()) {
            continue;
        }
        for (file, text) in files {
            for line in code_lines(&text) {
                if line.contains("std::fs") || line.contains("fs::") && line.contains("use std") {
                    wrong.push(format!("{file}: {line}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "only {FILE_SYSTEM:?} may use std::fs:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_what_it_should() {
    assert_eq!(crate_paths("use crate::ir::{A, B};"), ["ir"]);
    assert_eq!(crate_paths("crate::generate(&s)"), ["lib"]);
    assert_eq!(crate_paths("use crate::{Diagnostic};"), ["{"]);
    assert_eq!(crate_paths("x: crate::Settings"), ["Settings"]);
    assert_eq!(
        code_lines("/// crate::output\nlet a = 1; // crate::x").count(),
        1
    );
}

/// The library carries no command line: a crate that uses only `Builder` and the macros
/// (`tests/downstream`) compiles no clap and no allocator.
#[test]
fn library_users_compile_no_command_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "vossgen-downstream",
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("vossgen-codegen"), "{tree}");
    for line in tree.lines() {
        let name = line.split(' ').next().unwrap_or("");
        assert!(
            !matches!(name, "clap" | "clap_builder" | "mimalloc"),
            "a library user compiles {name}:\n{tree}"
        );
    }
}

/// ARCHITECTURE.md: each stage is a folder of `codegen/src`.
#[test]
fn each_stage_is_a_folder() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for stage in ["source", "ir", "emit", "output"] {
        assert!(src.join(stage).join("mod.rs").is_file(), "{stage}/mod.rs");
        assert!(!src.join(format!("{stage}.rs")).exists(), "{stage}.rs");
    }
}
