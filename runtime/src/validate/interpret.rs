//! The one implementation of every keyword: [`validate_value`] over JSON values, and the leaf
//! checks that generated typed validators call too.

use super::error::{JsonPath, ValidationErrors};
use super::format::check_format;
use super::node::{Additional, Dependency, Items, Node, Ty};
use super::Decimal;
use serde_json::Value;

/// [`strip_read_only`]: most nested steps followed before a reference loop is assumed.
const MAX_DEPTH: usize = 256;

/// How many (schema node, instance value) steps may nest: far beyond real schemas and
/// documents (a 60-level recursive instance, a chain of hundreds of `$ref`s), and within a
/// 2 MiB thread stack in a debug build (measured: 1,200 steps fit, 1,600 do not; the test
/// `nesting_past_the_cap_is_reported_not_a_crash` runs at the cap on a test thread).
const MAX_NESTING: usize = 1_000;

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if is_integer(n) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Draft-03 integers are numbers written without a fraction or exponent (`1.0` is a number,
/// as python-jsonschema's Draft3Validator has it). Decided on the text serde_json keeps: with
/// the `exact-numbers` feature (its `arbitrary_precision`) that is the document's own, so
/// integers of any size count and `-0` is an integer where `-0.0` is not; without it serde_json
/// reads `-0` as the double -0.0, taken as the integer it more likely was.
fn is_integer(n: &serde_json::Number) -> bool {
    if n.is_i64() || n.is_u64() {
        return true;
    }
    if !cfg!(feature = "exact-numbers")
        && n.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative())
    {
        return true;
    }
    let text = n.to_string();
    !text.contains(['.', 'e', 'E'])
}

fn ty_matches(ty: Ty, value: &Value) -> bool {
    match (ty, value) {
        (Ty::Any, _) => true,
        (Ty::String, Value::String(_)) => true,
        (Ty::Number, Value::Number(_)) => true,
        (Ty::Integer, Value::Number(n)) => is_integer(n),
        (Ty::Boolean, Value::Bool(_)) => true,
        (Ty::Object, Value::Object(_)) => true,
        (Ty::Array, Value::Array(_)) => true,
        (Ty::Null, Value::Null) => true,
        _ => false,
    }
}

/// JSON equality: numbers compare by exact value (`1` equals `1.0`, `9007199254740993` does
/// not equal `9007199254740992`), objects by key set.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number_eq(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn number_eq(x: &serde_json::Number, y: &serde_json::Number) -> bool {
    match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
        (Some(i), Some(j), _, _) => i == j,
        (_, _, Some(i), Some(j)) => i == j,
        _ => Decimal::of_json(x) == Decimal::of_json(y),
    }
}

/// Feeds `value` to `state` so that values [`json_eq`] calls equal hash the same: numbers by
/// their exact decimal value, object members in any order.
fn json_hash<H: std::hash::Hasher>(value: &Value, state: &mut H) {
    use std::hash::{Hash, Hasher};
    match value {
        Value::Null => state.write_u8(0),
        Value::Bool(b) => {
            state.write_u8(1);
            b.hash(state);
        }
        Value::Number(n) => {
            state.write_u8(2);
            Decimal::of_json(n).hash(state);
        }
        Value::String(s) => {
            state.write_u8(3);
            s.hash(state);
        }
        Value::Array(items) => {
            state.write_u8(4);
            state.write_usize(items.len());
            for item in items {
                json_hash(item, state);
            }
        }
        Value::Object(map) => {
            // Members in any order: a sum of each member's own hash.
            let sum = map.iter().fold(0u64, |sum, (k, v)| {
                let mut member = std::collections::hash_map::DefaultHasher::new();
                k.hash(&mut member);
                json_hash(v, &mut member);
                sum.wrapping_add(member.finish())
            });
            state.write_u8(5);
            state.write_usize(map.len());
            state.write_u64(sum);
        }
    }
}

/// Checks `value` against `node`, adding every problem to `errors` at pointers below `path`.
pub fn validate_value(
    node: &'static Node,
    value: &Value,
    path: &mut JsonPath,
    errors: &mut ValidationErrors,
) {
    validate_depth(node, value, path, errors, &mut Walk::default());
}

/// What the interpreter is in the middle of: each (schema node, instance value) pair on the
/// current path. Meeting a pair again means the schema came back to the same place through
/// `$ref`/`extends` without descending into the instance: that visit cannot find anything
/// the first one does not, so it stops there (the fixpoint; python-jsonschema would recurse
/// until its stack ran out). Depth is bounded separately, by [`MAX_NESTING`].
///
/// It also knows whether the value at hand is inside a secret (`is_password`,
/// `store_encrypted`): then no message shows a value, however deep the schema that reports it
/// (an `extends`, an item, a member).
#[derive(Default)]
struct Walk {
    on_path: std::collections::HashSet<(usize, usize)>,
    secret: bool,
}

fn is_valid(node: &'static Node, value: &Value, walk: &mut Walk) -> bool {
    let mut scratch = ValidationErrors::new();
    validate_depth(node, value, &mut JsonPath::root(), &mut scratch, walk);
    scratch.is_empty()
}

fn validate_depth(
    node: &'static Node,
    value: &Value,
    path: &mut JsonPath,
    errors: &mut ValidationErrors,
    walk: &mut Walk,
) {
    let at = (node as *const Node as usize, value as *const Value as usize);
    if walk.on_path.contains(&at) {
        return;
    }
    if walk.on_path.len() >= MAX_NESTING {
        errors.add(
            path,
            "$ref",
            format!("schema and instance nest deeper than {MAX_NESTING} levels together; vossgen does not check deeper"),
        );
        return;
    }
    walk.on_path.insert(at);
    let outer = walk.secret;
    walk.secret |= node.secret;
    validate_node(node, value, path, errors, walk);
    walk.secret = outer;
    walk.on_path.remove(&at);
}

fn validate_node(
    node: &'static Node,
    value: &Value,
    path: &mut JsonPath,
    errors: &mut ValidationErrors,
    walk: &mut Walk,
) {
    if let Some(target) = node.reference {
        return validate_depth(target.get(), value, path, errors, walk);
    }
    if !node.types.is_empty() || !node.type_schemas.is_empty() {
        let ok = node.types.iter().any(|t| ty_matches(*t, value))
            || node.type_schemas.iter().any(|s| is_valid(s, value, walk));
        if !ok {
            let mut names: Vec<&str> = node.types.iter().map(|t| t.name()).collect();
            if !node.type_schemas.is_empty() {
                names.push("a value matching one of the type schemas");
            }
            errors.add(
                path,
                "type",
                format!("expected {}, found {}", names.join(" or "), kind(value)),
            );
        }
    }
    if node.disallow.iter().any(|t| ty_matches(*t, value))
        || node
            .disallow_schemas
            .iter()
            .any(|s| is_valid(s, value, walk))
    {
        errors.add(
            path,
            "disallow",
            format!("a value of type {} is not allowed here", kind(value)),
        );
    }
    for base in node.extends {
        validate_depth(base, value, path, errors, walk);
    }
    let secret = walk.secret;
    check_enum_in(value, node, secret, path, errors);
    match value {
        Value::String(s) => {
            check_str_in(s, node, secret, path, errors);
            check_choice_in(s, node, secret, path, errors);
        }
        Value::Number(n) => {
            let bounded =
                node.minimum.is_some() || node.maximum.is_some() || node.divisible_by.is_some();
            if let Some(d) = bounded.then(|| Decimal::of_json(n)).flatten() {
                check_number(&d, node, path, errors);
            }
        }
        Value::Array(items) => {
            check_array_len(items.len(), node, path, errors);
            check_unique(items, node, path, errors);
            for (i, v) in items.iter().enumerate() {
                let schema = match &node.items {
                    Items::Any => continue,
                    Items::All(item) => Some(*item),
                    Items::Tuple(schemas) => schemas.get(i).copied(),
                };
                path.push_index(i);
                match (schema, &node.additional_items) {
                    (Some(s), _) => validate_depth(s, v, path, errors, walk),
                    (None, Additional::Allowed) => {}
                    (None, Additional::Forbidden) => {
                        let allowed = if let Items::Tuple(t) = &node.items {
                            t.len()
                        } else {
                            0
                        };
                        errors.add(
                            path,
                            "additionalItems",
                            format!("at most {allowed} items are allowed"),
                        )
                    }
                    (None, Additional::Schema(s)) => validate_depth(s, v, path, errors, walk),
                }
                path.pop();
            }
        }
        Value::Object(map) => {
            for p in node.properties {
                match map.get(p.name) {
                    Some(v) => {
                        path.push_key(p.name);
                        validate_depth(p.node, v, path, errors, walk);
                        path.pop();
                    }
                    None if p.required => {
                        path.push_key(p.name);
                        errors.add(path, "required", format!("`{}` is required", p.name));
                        path.pop();
                    }
                    None => {}
                }
            }
            for (key, v) in map {
                let declared = node.properties.iter().any(|p| p.name == key);
                member(node, key, v, declared, path, errors, walk);
            }
            check_dependencies(node, &|k| map.contains_key(k), path, errors);
            for (key, dependency) in node.dependencies {
                if let (true, Dependency::Schema(s)) = (map.contains_key(*key), dependency) {
                    validate_depth(s, value, path, errors, walk);
                }
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

/// `patternProperties` and `additionalProperties` for one member of an object; `declared`
/// says whether `properties` lists it.
fn member(
    node: &'static Node,
    key: &str,
    v: &Value,
    declared: bool,
    path: &mut JsonPath,
    errors: &mut ValidationErrors,
    walk: &mut Walk,
) {
    let mut matched = declared;
    for (pattern, schema) in node.pattern_properties {
        if pattern.is_match(key) == Some(true) {
            matched = true;
            path.push_owned(key);
            validate_depth(schema, v, path, errors, walk);
            path.pop();
        }
    }
    if !matched {
        path.push_owned(key);
        match &node.additional_properties {
            Additional::Allowed => {}
            Additional::Forbidden => errors.add(
                path,
                "additionalProperties",
                format!("`{key}` is not a property the schema allows"),
            ),
            Additional::Schema(s) => validate_depth(s, v, path, errors, walk),
        }
        path.pop();
    }
}

/// The members of a typed struct that `properties` does not declare (its `extra` map):
/// `patternProperties` and `additionalProperties`.
pub fn check_extra_members(
    node: &'static Node,
    extra: &serde_json::Map<String, Value>,
    path: &mut JsonPath,
    errors: &mut ValidationErrors,
) {
    // The common case (no patterns, anything allowed) has nothing to check.
    if node.pattern_properties.is_empty()
        && matches!(node.additional_properties, Additional::Allowed)
    {
        return;
    }
    for (key, v) in extra {
        member(node, key, v, false, path, errors, &mut Walk::default());
    }
}

/// `dependencies` naming properties: each present key's dependencies must be present too.
pub fn check_dependencies(
    node: &Node,
    present: &dyn Fn(&str) -> bool,
    path: &JsonPath,
    errors: &mut ValidationErrors,
) {
    for (key, dependency) in node.dependencies {
        if let (true, Dependency::Properties(names)) = (present(key), dependency) {
            for name in names.iter().filter(|n| !present(n)) {
                errors.add(
                    path,
                    "dependencies",
                    format!("`{key}` requires `{name}` to be present"),
                );
            }
        }
    }
}

/// `enum`, by JSON equality.
pub fn check_enum(value: &Value, node: &Node, path: &JsonPath, errors: &mut ValidationErrors) {
    check_enum_in(value, node, node.secret, path, errors)
}

/// [`check_enum`] of a value that is secret when `secret` (or its node says so).
fn check_enum_in(
    value: &Value,
    node: &Node,
    secret: bool,
    path: &JsonPath,
    errors: &mut ValidationErrors,
) {
    if let Some(values) = node.enumeration {
        if !values.values().iter().any(|v| json_eq(v, value)) {
            let shown = if secret || node.secret {
                "the value".to_string()
            } else {
                short(value)
            };
            errors.add(
                path,
                "enum",
                format!("{shown} is not one of {}", values.json.join(", ")),
            );
        }
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// `minLength`, `maxLength` (in Unicode code points), `pattern` and `format` on a string.
pub fn check_str(s: &str, node: &Node, path: &JsonPath, errors: &mut ValidationErrors) {
    check_str_in(s, node, node.secret, path, errors)
}

/// [`check_str`] of a value that is secret when `secret` (or its node says so).
fn check_str_in(
    s: &str,
    node: &Node,
    secret: bool,
    path: &JsonPath,
    errors: &mut ValidationErrors,
) {
    if node.min_length.is_some() || node.max_length.is_some() {
        let n = s.chars().count() as u64;
        if let Some(min) = node.min_length.filter(|m| n < *m) {
            errors.add(
                path,
                "minLength",
                format!("must be at least {min} characters long (is {n})"),
            );
        }
        if let Some(max) = node.max_length.filter(|m| n > *m) {
            errors.add(
                path,
                "maxLength",
                format!("must be at most {max} characters long (is {n})"),
            );
        }
    }
    if let Some(p) = node.pattern {
        if p.is_match(s) == Some(false) {
            errors.add(
                path,
                "pattern",
                format!("does not match the pattern `{}`", p.source),
            );
        }
    }
    if let Some(f) = node.format {
        if !check_format(f, s) {
            let what = if secret || node.secret {
                "the value".to_string()
            } else {
                format!("{:?}", s)
            };
            errors.add(
                path,
                "format",
                format!("{what} is not a valid {}", f.name()),
            );
        }
    }
}

/// `minimum`, `maximum` (with their exclusive flags) and `divisibleBy` on a number.
pub fn check_number(v: &Decimal, node: &Node, path: &JsonPath, errors: &mut ValidationErrors) {
    if let Some(min) = &node.minimum {
        if v < min || (node.exclusive_minimum && v == min) {
            let rel = if node.exclusive_minimum {
                "greater than"
            } else {
                "at least"
            };
            errors.add(path, "minimum", format!("must be {rel} {min}"));
        }
    }
    if let Some(max) = &node.maximum {
        if v > max || (node.exclusive_maximum && v == max) {
            let rel = if node.exclusive_maximum {
                "less than"
            } else {
                "at most"
            };
            errors.add(path, "maximum", format!("must be {rel} {max}"));
        }
    }
    // Draft-03: "no remainder", on the decimal values (0.3 is a multiple of 0.1). A zero or
    // negative divisor is refused by the generator; here it divides nothing.
    if let Some(d) = node.divisible_by.as_ref().filter(|d| !d.is_zero()) {
        if !v.is_multiple_of(d) {
            errors.add(path, "divisibleBy", format!("must be divisible by {d}"));
        }
    }
}

/// `minItems` and `maxItems` on an array of `len` items.
pub fn check_array_len(len: usize, node: &Node, path: &JsonPath, errors: &mut ValidationErrors) {
    let n = len as u64;
    if let Some(min) = node.min_items.filter(|m| n < *m) {
        errors.add(
            path,
            "minItems",
            format!("must have at least {min} item(s) (has {n})"),
        );
    }
    if let Some(max) = node.max_items.filter(|m| n > *m) {
        errors.add(
            path,
            "maxItems",
            format!("must have at most {max} item(s) (has {n})"),
        );
    }
}

/// `uniqueItems`, by JSON equality.
pub fn check_unique(items: &[Value], node: &Node, path: &JsonPath, errors: &mut ValidationErrors) {
    if !node.unique_items {
        return;
    }
    // Linear: items are grouped by a hash that equal items share, and only items of one group
    // are compared (a quadratic scan made 100,000 items take minutes).
    let mut seen: std::collections::HashMap<u64, Vec<usize>> =
        std::collections::HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut state = std::collections::hash_map::DefaultHasher::new();
        json_hash(item, &mut state);
        let group = seen.entry(std::hash::Hasher::finish(&state)).or_default();
        if let Some(&j) = group.iter().find(|&&j| json_eq(&items[j], item)) {
            errors.add(path, "uniqueItems", format!("items {j} and {i} are equal"));
            return;
        }
        group.push(i);
    }
}

/// VOSS static `choices` (and `enum`) on a string: a value outside the list is reported.
pub fn check_choice(s: &str, node: &Node, path: &JsonPath, errors: &mut ValidationErrors) {
    check_choice_in(s, node, node.secret, path, errors)
}

/// [`check_choice`] of a value that is secret when `secret` (or its node says so).
fn check_choice_in(
    s: &str,
    node: &Node,
    secret: bool,
    path: &JsonPath,
    errors: &mut ValidationErrors,
) {
    let what = |s: &str| {
        if secret || node.secret {
            "the value".to_string()
        } else {
            format!("{s:?}")
        }
    };
    if let Some(choices) = node.choices {
        if !choices.contains_str(s) {
            errors.add(
                path,
                "choices",
                format!(
                    "{} is not one of the choices {}",
                    what(s),
                    choices.json.join(", ")
                ),
            );
        }
    }
}

/// Removes from `value` (JSON that `node` describes) every member whose schema is VOSS
/// `readonly`, at every depth: in declared properties (also through `extends` and `$ref`),
/// in array items and in `additionalProperties` values. What [`Payload`](crate::Payload)
/// sends on create and update.
pub fn strip_read_only(node: &'static Node, value: &mut Value) {
    strip_depth(node, value, 0)
}

fn strip_depth(node: &'static Node, value: &mut Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let node = node.resolved();
    for base in node.extends {
        strip_depth(base, value, depth + 1);
    }
    match value {
        Value::Object(map) => {
            for p in node.properties {
                if p.node.read_only || p.node.resolved().read_only {
                    map.shift_remove(p.name);
                } else if let Some(v) = map.get_mut(p.name) {
                    strip_depth(p.node, v, depth + 1);
                }
            }
            if let Additional::Schema(s) = node.additional_properties {
                for (key, v) in map.iter_mut() {
                    if !node.properties.iter().any(|p| p.name == key) {
                        strip_depth(s, v, depth + 1);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                let schema = match &node.items {
                    Items::Any => None,
                    Items::All(item) => Some(*item),
                    Items::Tuple(schemas) => schemas.get(i).copied(),
                };
                if let Some(s) = schema {
                    strip_depth(s, v, depth + 1);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::node::{EnumValues, Pattern, Property};
    use serde_json::json;

    static NAME: Node = Node {
        types: &[Ty::String],
        max_length: Some(3),
        ..Node::ANY
    };
    static SECRET: Node = Node {
        types: &[Ty::String],
        pattern: Some(&PAT),
        secret: true,
        ..Node::ANY
    };
    static PAT: Pattern = Pattern::new(".{8,}");
    static KIND: EnumValues = EnumValues::new(&["\"a\"", "\"b\""]);
    static KIND_NODE: Node = Node {
        types: &[Ty::String],
        choices: Some(&KIND),
        ..Node::ANY
    };
    static ROOT: Node = Node {
        types: &[Ty::Object],
        properties: &[
            Property {
                name: "name",
                node: &NAME,
                required: true,
            },
            Property {
                name: "password",
                node: &SECRET,
                required: false,
            },
            Property {
                name: "kind",
                node: &KIND_NODE,
                required: false,
            },
            Property {
                name: "a/b",
                node: &NAME,
                required: true,
            },
        ],
        additional_properties: Additional::Forbidden,
        ..Node::ANY
    };

    #[test]
    fn reports_every_error_with_wire_pointers() {
        let mut errors = ValidationErrors::new();
        validate_value(
            &ROOT,
            &json!({"password": "short", "kind": "c", "extra": 1}),
            &mut JsonPath::root(),
            &mut errors,
        );
        let got: Vec<(String, String)> = errors
            .iter()
            .map(|e| (e.path().to_string(), e.keyword().to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("/name".into(), "required".into()),
                ("/password".into(), "pattern".into()),
                ("/kind".into(), "choices".into()),
                ("/a~1b".into(), "required".into()),
                ("/extra".into(), "additionalProperties".into()),
            ]
        );
        assert!(!errors.to_string().contains("short"));
    }

    #[test]
    fn json_equality_of_numbers() {
        assert!(json_eq(&json!(1), &json!(1.0)));
        assert!(json_eq(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(!json_eq(&json!(1), &json!(true)));
        assert!(json_eq(&json!(1e2), &json!(100)));
        assert!(!json_eq(
            &json!(9007199254740993u64),
            &json!(9007199254740992.0)
        ));
    }

    #[test]
    fn unique_items_group_equal_values_whatever_their_spelling() {
        let table =
            crate::validate::Table::leak(r#"[{"uniqueItems":true}]"#.to_string(), Vec::new())
                .unwrap();
        let node = table.node(0);
        let verdict = |v: Value| {
            let mut errors = ValidationErrors::new();
            validate_value(node, &v, &mut JsonPath::root(), &mut errors);
            errors
                .iter()
                .map(|e| e.message().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(verdict(json!([1, 2, 1.0])), ["items 0 and 2 are equal"]);
        assert_eq!(
            verdict(json!([{"a": 1, "b": [2]}, {"b": [2.0], "a": 1}])),
            ["items 0 and 1 are equal"]
        );
        assert!(verdict(json!([1, true, "1", [1], {"1": 1}, null, 0, false])).is_empty());
        assert!(verdict(json!([9007199254740993u64, 9007199254740992.0])).is_empty());
        // Many items: grouped by hash, not compared pairwise (the speed is in bench/).
        let many: Vec<Value> = (0..20_000).map(|i| json!({"id": i})).collect();
        assert!(verdict(Value::Array(many.clone())).is_empty());
        let mut twice = many;
        twice.push(json!({"id": 7}));
        assert_eq!(
            verdict(Value::Array(twice)),
            ["items 7 and 20000 are equal"]
        );
    }

    #[test]
    fn lengths_count_code_points() {
        let mut errors = ValidationErrors::new();
        check_str("ééé", &NAME, &JsonPath::root(), &mut errors);
        assert!(errors.is_empty());
        check_str("éééé", &NAME, &JsonPath::root(), &mut errors);
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn decimal_divisibility_and_bounds() {
        let table = crate::validate::Table::leak(
            r#"[{"divisibleBy":0.0001,"maximum":9007199254740992}]"#.to_string(),
            Vec::new(),
        )
        .unwrap();
        let node = table.node(0);
        let count = |text: &str| {
            let mut errors = ValidationErrors::new();
            let v: Value = serde_json::from_str(text).unwrap();
            validate_value(node, &v, &mut JsonPath::root(), &mut errors);
            errors.len()
        };
        assert_eq!(count("0.0075"), 0);
        assert_eq!(count("0.00751"), 1);
        assert_eq!(count("9007199254740993"), 1);
        assert_eq!(count("-0"), 0);
        assert!(is_integer(&serde_json::from_str("-0").unwrap()));
        assert!(!is_integer(&serde_json::from_str("1.0").unwrap()));
    }

    #[test]
    fn read_only_members_are_stripped_at_every_depth() {
        static RO: Node = Node {
            read_only: true,
            ..Node::ANY
        };
        static INNER: Node = Node {
            properties: &[
                Property {
                    name: "id",
                    node: &RO,
                    required: false,
                },
                Property {
                    name: "name",
                    node: &NAME,
                    required: false,
                },
            ],
            ..Node::ANY
        };
        static BY_REF: Node = Node {
            reference: Some(crate::validate::Link::Node(&INNER)),
            ..Node::ANY
        };
        static BASE: Node = Node {
            properties: &[Property {
                name: "created",
                node: &RO,
                required: false,
            }],
            ..Node::ANY
        };
        static ROOT: Node = Node {
            extends: &[&BASE],
            properties: &[
                Property {
                    name: "one",
                    node: &BY_REF,
                    required: false,
                },
                Property {
                    name: "list",
                    node: &LIST,
                    required: false,
                },
                Property {
                    name: "pair",
                    node: &PAIR,
                    required: false,
                },
            ],
            additional_properties: Additional::Schema(&INNER),
            ..Node::ANY
        };
        static LIST: Node = Node {
            items: Items::All(&INNER),
            ..Node::ANY
        };
        static PAIR: Node = Node {
            items: Items::Tuple(&[&RO, &INNER]),
            ..Node::ANY
        };
        let mut value = json!({
            "created": 1,
            "one": {"id": 1, "name": "a"},
            "list": [{"id": 2, "name": "b"}, {"id": 3}],
            "pair": [{"id": 4}, {"id": 5, "name": "c"}],
            "other": {"id": 6, "name": "d"}
        });
        strip_read_only(&ROOT, &mut value);
        assert_eq!(
            value,
            json!({
                "one": {"name": "a"},
                "list": [{"name": "b"}, {}],
                "pair": [{"id": 4}, {"name": "c"}],
                "other": {"name": "d"}
            })
        );
    }
}
