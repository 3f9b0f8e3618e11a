//! Deep and self-referring input generates or gets a diagnostic: never a crash.

use std::path::PathBuf;
use vossgen::{Layout, Settings};

fn generate(name: &str, schema: serde_json::Value) -> vossgen::Generated {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), schema.to_string()).unwrap();
    vossgen::generate(&Settings {
        inputs: vec![dir.path().to_path_buf()],
        output: PathBuf::from("out.rs"),
        layout: Layout::SingleFile,
        ..Settings::default()
    })
    .unwrap_or_else(|d| panic!("{d}"))
}

/// A chain of 3,000 `$ref`s (the recursive passes run on a thread with a large stack; the
/// default stack overflowed near 2,000 in a debug build).
#[test]
fn a_long_ref_chain_generates() {
    let n = 3000;
    let mut defs = serde_json::Map::new();
    for i in 0..n {
        defs.insert(
            format!("d{i}"),
            serde_json::json!({"$ref": format!("#/definitions/d{}", i + 1)}),
        );
    }
    defs.insert(format!("d{n}"), serde_json::json!({"type": "string"}));
    let generated = generate(
        "Deep.json",
        serde_json::json!({"type": "object", "definitions": defs,
            "properties": {"p": {"$ref": "#/definitions/d0"}}}),
    );
    let text = &generated.files[&PathBuf::from("out.rs")];
    assert!(text.contains("pub p: ::std::option::Option<::std::string::String>"));
}

/// A union whose member is the union itself: that member adds no value, and kept it would make
/// the untagged decode of any other value try the union again without end.
#[test]
fn a_union_holding_itself_drops_that_member() {
    let generated = generate(
        "Loop.json",
        serde_json::json!({"properties": {"p": {"type": [{"type": "object"}, {"$ref": "#/properties/p"}]}}}),
    );
    let text = &generated.files[&PathBuf::from("out.rs")];
    let union = text
        .split("pub enum P {")
        .nth(1)
        .unwrap()
        .split('}')
        .next()
        .unwrap();
    assert!(union.contains("Variant0("), "{union}");
    assert!(!union.contains("Box<self::P>"), "{union}");
}
