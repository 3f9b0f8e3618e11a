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

/// `{"type": "object", "properties": {"p": <a chain of n `$ref`s to a string>}}`.
fn chain(n: usize) -> serde_json::Value {
    let mut defs = serde_json::Map::new();
    for i in 0..n {
        defs.insert(
            format!("d{i}"),
            serde_json::json!({"$ref": format!("#/definitions/d{}", i + 1)}),
        );
    }
    defs.insert(format!("d{n}"), serde_json::json!({"type": "string"}));
    serde_json::json!({"type": "object", "definitions": defs,
        "properties": {"p": {"$ref": "#/definitions/d0"}}})
}

/// A chain of 3,000 `$ref`s (the recursive passes run on a thread with a large stack; the
/// default stack overflowed near 2,000 in a debug build).
#[test]
fn a_long_ref_chain_generates() {
    let generated = generate("Deep.json", chain(3000));
    let text = &generated.files[&PathBuf::from("out.rs")];
    assert!(text.contains("pub p: ::std::option::Option<::std::string::String>"));
}

/// `compile_validator` walks a chain of 5,000 `$ref`s on a stack of its own, whatever the
/// caller's (here 256 KiB), and the table links the chain's start to its end: validating
/// takes no step a hop (the interpreter stops at 1,000 nested steps).
#[test]
fn a_long_ref_chain_compiles_for_validation_from_a_small_stack() {
    let compiled = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(|| vossgen::compile_validator("Chain.json", chain(5000)))
        .unwrap()
        .join()
        .unwrap()
        .unwrap_or_else(|d| panic!("{d}"));
    let root = compiled.root_node().unwrap();
    let check = |value: serde_json::Value| {
        let mut errors = vossgen_runtime::ValidationErrors::new();
        vossgen_runtime::validate::validate_value(
            root,
            &value,
            &mut vossgen_runtime::validate::JsonPath::root(),
            &mut errors,
        );
        errors
            .iter()
            .map(|e| format!("{} {}", e.path(), e.keyword()))
            .collect::<Vec<_>>()
    };
    assert_eq!(check(serde_json::json!({"p": "x"})), Vec::<String>::new());
    assert_eq!(check(serde_json::json!({"p": 1})), ["/p type"]);
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
