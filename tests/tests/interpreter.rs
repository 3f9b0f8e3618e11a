//! Issue #9's interpreter cases, each schema compiled in memory by `vossgen::compile_validator`
//! and checked by the runtime's interpreter (the verdict `from_str` gives).

use serde_json::{json, Value};
use vossgen_runtime::validate::{validate_value, JsonPath, Node, ValidationErrors};

fn node(schema: Value) -> &'static Node {
    vossgen::compile_validator("schema.json", schema)
        .expect("compiles")
        .root_node()
        .expect("tables build")
}

fn errors(node: &'static Node, value: &Value) -> Vec<String> {
    let mut errors = ValidationErrors::new();
    validate_value(node, value, &mut JsonPath::root(), &mut errors);
    errors
        .iter()
        .map(|e| format!("{} {}", e.path(), e.keyword()))
        .collect()
}

#[test]
fn deep_recursive_instances_and_long_ref_chains_are_checked() {
    let tree = node(
        json!({"type": "object", "properties": {"child": {"$ref": "#"}, "n": {"type": "integer"}}}),
    );
    let mut value = json!({"n": 1});
    for _ in 0..60 {
        value = json!({"child": value});
    }
    assert!(errors(tree, &value).is_empty());
    let mut bad = json!({"n": "x"});
    for _ in 0..60 {
        bad = json!({"child": bad});
    }
    assert_eq!(errors(tree, &bad).len(), 1);
}

#[test]
fn nesting_past_the_cap_is_reported_not_a_crash() {
    let tree = node(json!({"type": "object", "properties": {"child": {"$ref": "#"}}}));
    let mut value = json!({});
    for _ in 0..600 {
        value = json!({"child": value});
    }
    // Each level is two steps (the property's `$ref`, then the root): 1,200 > the 1,000 cap.
    let found = errors(tree, &value);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with(" $ref"), "{found:?}");
    let mut value = json!({});
    for _ in 0..400 {
        value = json!({"child": value});
    }
    assert!(errors(tree, &value).is_empty());
}

#[test]
fn long_ref_chains_are_checked() {
    // 300 acyclic `$ref` hops, then a real constraint.
    let mut defs = serde_json::Map::new();
    for i in 0..300 {
        defs.insert(
            format!("d{i}"),
            json!({"$ref": format!("#/definitions/d{}", i + 1)}),
        );
    }
    defs.insert("d300".into(), json!({"type": "string"}));
    let chain = node(json!({"$ref": "#/definitions/d0", "definitions": defs}));
    assert!(errors(chain, &json!("ok")).is_empty());
    assert_eq!(errors(chain, &json!(1)), [" type"]);
}

#[test]
fn a_schema_that_comes_back_to_itself_without_descending_terminates() {
    let s = node(
        json!({"$ref": "#/definitions/a", "definitions": {"a": {"minimum": 2, "extends": [{"$ref": "#"}, {"extends": {"$ref": "#"}}]}}}),
    );
    assert_eq!(errors(s, &json!(1)), [" minimum"]);
    assert!(errors(s, &json!(3)).is_empty());
}

#[test]
fn ecma_patterns_with_look_around_and_backreferences_run() {
    let password = node(json!({"type": "string", "pattern": "^(?=.*[A-Z])(?=.*[0-9]).{8,}$"}));
    assert!(errors(password, &json!("Secret123")).is_empty());
    assert_eq!(errors(password, &json!("secret123")), [" pattern"]);
    let twice = node(json!({"pattern": "(a)\\1"}));
    assert!(errors(twice, &json!("xaa")).is_empty());
    assert_eq!(errors(twice, &json!("ab")), [" pattern"]);
}

#[test]
fn numbers_are_compared_and_divided_exactly() {
    let cases = [
        (json!({"divisibleBy": 1}), "1.000000000001", false),
        (json!({"divisibleBy": 1e10}), "0.1", false),
        (
            json!({"type": "integer", "divisibleBy": 2}),
            "10000000000000001",
            false,
        ),
        (json!({"divisibleBy": 0.1}), "0.3", true),
        (
            json!({"maximum": 9007199254740992u64}),
            "9007199254740993",
            false,
        ),
        (json!({"maximum": 100}), "100.00000000000001", false),
        (json!({"type": "integer"}), "-0", true),
    ];
    for (schema, text, valid) in cases {
        let n = node(schema.clone());
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(errors(n, &value).is_empty(), valid, "{schema} on {text}");
    }
}

#[test]
fn bounds_no_value_of_their_type_meets_are_warnings_not_refusals() {
    for (schema, valid) in [
        (
            json!({"type": ["string", "integer"], "minimum": 5, "maximum": 1}),
            json!("any string"),
        ),
        (
            json!({"dependencies": {"a": {"minItems": 3, "maxItems": 1}}}),
            json!({"a": 1}),
        ),
        (json!({"minLength": 3, "maxLength": 1}), json!(5)),
    ] {
        let n = node(schema.clone());
        assert!(errors(n, &valid).is_empty(), "{schema}");
    }
}
