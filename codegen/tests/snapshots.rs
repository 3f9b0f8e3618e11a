//! Snapshots of what no other test pins: the edge-case fixtures in single-file layout and the
//! warnings they raise. (The bundled models' output is `generated/`, which the freshness test
//! compares byte for byte.) Review changes with `cargo insta review` (or read the `.snap.new`
//! files).

mod common;

use common::root;
use std::path::{Path, PathBuf};
use vossgen::{Layout, Settings};

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
