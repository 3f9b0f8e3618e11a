//! A newcomer's crate, made from the README alone: the fenced blocks of its "Your own crate"
//! section that begin with a `file:` line are written to those paths (the `../vossgen/` of the
//! Cargo.toml pointed at this clone), the schemas it names are copied in, and the crate is
//! built and run outside the workspace. The README cannot drift from what works.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `(path, text)` of every fenced block whose first line is `# file: PATH` or `// file: PATH`.
fn files_of(readme: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with("```") {
            continue;
        }
        let block: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        let Some(first) = block.first() else { continue };
        let path = first
            .strip_prefix("# file: ")
            .or_else(|| first.strip_prefix("// file: "));
        if let Some(path) = path {
            files.push((path.trim().to_string(), block.join("\n") + "\n"));
        }
    }
    files
}

#[test]
fn the_readme_blocks_are_found() {
    let readme = "```toml\n# file: Cargo.toml\n[package]\n```\ntext\n```rust\n// file: src/main.rs\nfn main() {}\n```\n```rust\nfn other() {}\n```\n";
    let files = files_of(readme);
    assert_eq!(
        files,
        [
            (
                "Cargo.toml".to_string(),
                "# file: Cargo.toml\n[package]\n".to_string()
            ),
            (
                "src/main.rs".to_string(),
                "// file: src/main.rs\nfn main() {}\n".to_string()
            ),
        ]
    );
}

#[test]
fn a_crate_made_from_the_readme_builds_and_runs() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let files = files_of(&readme);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["Cargo.toml", "build.rs", "src/main.rs"]);

    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path().join("my-voss-app");
    let clone = format!("{}/", root.display());
    for (path, text) in &files {
        let text = if path == "Cargo.toml" {
            assert!(text.contains("\"../vossgen/"), "{text}");
            text.replace("\"../vossgen/", &format!("\"{clone}"))
        } else {
            text.clone()
        };
        let at = krate.join(path);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, text).unwrap();
    }
    // The schemas the README says to copy.
    let schemas = krate.join("schemas/data");
    std::fs::create_dir_all(&schemas).unwrap();
    for name in ["Role.json", "Role.api.json"] {
        std::fs::copy(root.join("schemas/data").join(name), schemas.join(name)).unwrap();
    }
    // The workspace's lockfile: the same versions, nothing new to download.
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();

    let out = Command::new(env!("CARGO"))
        .args(["run", "-q"])
        // Its own target directory: the workspace's is locked by the running `cargo test`.
        .env("CARGO_TARGET_DIR", root.join("target/newcomer"))
        .env_remove("RUSTFLAGS")
        .current_dir(&krate)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the README's crate failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.trim(), "role Admin at pkid 42");
}

#[test]
fn a_build_script_reports_each_problem_once_and_fails() {
    let root = root();
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path();
    let write = |rel: &str, text: &str| {
        let at = krate.join(rel);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, text).unwrap();
    };
    write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"broken\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [build-dependencies]\nvossgen = {{ package = \"vossgen-codegen\", path = \"{}/codegen\" }}\n",
            root.display()
        ),
    );
    write(
        "build.rs",
        "fn main() {\n    vossgen::Builder::new().input(\"schemas\").build();\n}\n",
    );
    write("src/lib.rs", "");
    write("schemas/data/Bad.json", "{\"type\": \"object\",\n");
    write(
        "schemas/data/Warned.json",
        r#"{"type": "object", "properties": {"n": {"type": "integer", "default": "0"}}}"#,
    );
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["build"])
        .env("CARGO_TARGET_DIR", root.join("target/newcomer"))
        .current_dir(krate)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let count = |needle: &str| stderr.matches(needle).count();
    assert_eq!(count("Bad.json:2:1: invalid JSON"), 1, "{stderr}");
    assert_eq!(count("Warned.json#/properties/n/default"), 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
