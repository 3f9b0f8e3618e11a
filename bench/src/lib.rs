//! Inputs for the benchmarks: the seed examples, a synthetic list of 10,000 resources, and a
//! draft-07 translation of a draft-03 schema for the `jsonschema` crate.

use serde_json::{json, Map, Value};

fn read(rel: &str) -> Value {
    let path = format!("{}/../schemas/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
}

/// The bundled examples of a model: `data/Role` -> `{"list": …, "instance": …}`.
pub fn examples(model: &str) -> Value {
    read(&format!("{model}.examples.json"))
}

/// The draft-03 schema of a model.
pub fn schema(model: &str) -> Value {
    read(&format!("{model}.json"))
}

/// A list response with `n` resources, made from the example's resources with new pkids.
pub fn synthetic_list(model: &str, n: usize) -> Value {
    let list = examples(model)["list"].clone();
    let samples = list["resources"].as_array().cloned().unwrap_or_default();
    let mut resources = Vec::with_capacity(n);
    for i in 0..n {
        let mut r = samples[i % samples.len()].clone();
        r["pkid"] = json!(format!("{i:024x}"));
        r["data"]["name"] = json!(format!("role-{i}"));
        resources.push(r);
    }
    let mut out = list;
    out["resources"] = Value::Array(resources);
    out
}

/// A draft-07 translation of a draft-03 schema: boolean `required` becomes the parent's list,
/// `divisibleBy` is `multipleOf`, exclusive bounds become numbers, `extends` is `allOf`,
/// `disallow` is `not`, static VOSS `choices` are an `enum`; other VOSS keys are dropped.
pub fn draft7(schema: &Value) -> Value {
    let Value::Object(map) = schema else { return schema.clone() };
    let mut out = Map::new();
    let mut required = Vec::new();
    for (k, v) in map {
        match k.as_str() {
            "$schema" | "required" | "target" | "target_attr" | "target_model_type" | "is_password" | "store_encrypted" | "readonly"
            | "displayable" | "schema_version" | "__type_requested" | "__type_mapping_type" | "__WARNING" | "name" | "title"
            | "description" | "default" => {}
            "choices" => {
                if let Some(list) = v.as_array().filter(|l| !l.is_empty()) {
                    out.insert("enum".into(), Value::Array(list.iter().map(|c| c["value"].clone()).collect()));
                }
            }
            "format" if v == "uri" && map.contains_key("target") => {}
            "properties" => {
                let mut props = Map::new();
                for (name, p) in v.as_object().into_iter().flatten() {
                    if p.get("required") == Some(&Value::Bool(true)) && p.get("readonly") != Some(&Value::Bool(true)) {
                        required.push(Value::String(name.clone()));
                    }
                    props.insert(name.clone(), draft7(p));
                }
                out.insert("properties".into(), Value::Object(props));
            }
            "items" | "additionalProperties" | "additionalItems" => {
                out.insert(k.clone(), if v.is_object() { draft7(v) } else { v.clone() });
            }
            "divisibleBy" => {
                out.insert("multipleOf".into(), v.clone());
            }
            "exclusiveMinimum" | "exclusiveMaximum" => {}
            "minimum" if map.get("exclusiveMinimum") == Some(&Value::Bool(true)) => {
                out.insert("exclusiveMinimum".into(), v.clone());
            }
            "maximum" if map.get("exclusiveMaximum") == Some(&Value::Bool(true)) => {
                out.insert("exclusiveMaximum".into(), v.clone());
            }
            "extends" => {
                let list = if let Value::Array(l) = v { l.iter().map(draft7).collect() } else { vec![draft7(v)] };
                out.insert("allOf".into(), Value::Array(list));
            }
            "disallow" => {
                out.insert("not".into(), json!({"type": v}));
            }
            "type" if v == "any" => {}
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    Value::Object(out)
}

/// The draft-07 schema of a list response whose resources' `data` follow `data`.
pub fn list_schema(data: &Value) -> Value {
    json!({"type": "object", "properties": {"resources": {"type": "array", "items": {"type": "object", "properties": {"data": data}}}}})
}
