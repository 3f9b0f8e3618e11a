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

/// ARCHITECTURE.md: every generated function is `#[inline]`, so that it is compiled in the
/// crate that calls it, not in the generated crate (trait method declarations, which are
/// generic over `Self`, aside). Checked on the bundled models (crate layout, with operations,
/// API modules and their server traits) and on the edge-case fixtures, parsed with syn.
#[test]
fn every_generated_function_is_inline() {
    let root = root();
    let mut checked = 0;
    let mut missing = Vec::new();
    for (inputs, output, layout) in [
        (root.join("schemas"), "src", Layout::Files),
        (
            root.join("tests/fixtures/schemas"),
            "fixtures.rs",
            Layout::SingleFile,
        ),
    ] {
        let settings = Settings {
            inputs: vec![inputs],
            output: PathBuf::from(output),
            layout,
            ..Settings::default()
        };
        let generated = vossgen::generate(&settings).unwrap_or_else(|d| panic!("{d}"));
        for (path, text) in &generated.files {
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            walk(&file.items, &mut |name, attrs| {
                checked += 1;
                if !attrs.iter().any(|a| a.path().is_ident("inline")) {
                    missing.push(format!("{}: {name}", path.display()));
                }
            });
        }
    }
    assert!(checked > 100, "only {checked} functions seen");
    assert!(missing.is_empty(), "not #[inline]: {missing:#?}");
}

/// Calls `f` with the name and attributes of every free function and impl method in `items`
/// (inline modules included).
fn walk(items: &[syn::Item], f: &mut dyn FnMut(String, &[syn::Attribute])) {
    for item in items {
        match item {
            syn::Item::Fn(item) => f(item.sig.ident.to_string(), &item.attrs),
            syn::Item::Impl(item) => {
                for i in &item.items {
                    if let syn::ImplItem::Fn(m) = i {
                        f(m.sig.ident.to_string(), &m.attrs);
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    walk(items, f);
                }
            }
            _ => {}
        }
    }
}
