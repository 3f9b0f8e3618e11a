//! Snapshots of the generated code: one per bundled model, in single-file layout, plus the
//! module files. Review changes with `cargo insta review` (or read the `.snap.new` files).

mod common;

use common::root;
use std::path::{Path, PathBuf};
use vossgen::{Layout, Settings};

#[test]
fn bundled_models() {
    let root = root();
    let settings = Settings {
        inputs: vec![root.join("schemas")],
        output: PathBuf::from("out"),
        ..Settings::default()
    };
    let generated = vossgen::generate(&settings).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.files.len(), 12);
    for (path, text) in &generated.files {
        let name = path
            .strip_prefix("out")
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn edge_case_fixtures_single_file() {
    let root = root();
    let settings = Settings {
        inputs: vec![root.join("tests/fixtures/schemas")],
        output: PathBuf::from("fixtures.rs"),
        layout: Layout::SingleFile,
        ..Settings::default()
    };
    let generated = vossgen::generate(&settings).unwrap_or_else(|d| panic!("{d}"));
    let warnings: Vec<String> = generated
        .diagnostics
        .iter()
        .map(|d| d.to_string().replace(&format!("{}/", root.display()), ""))
        .collect();
    insta::assert_snapshot!("edge_case_warnings", warnings.join("\n"));
    insta::assert_snapshot!(
        "edge_case_fixtures",
        &generated.files[Path::new("fixtures.rs")]
    );
}
