//! vossgen against python-jsonschema's `Draft3Validator` on the committed random corpus
//! (`tests/differential/corpus.jsonl`, made by `gen.py` and labelled by `label.py`).
//!
//! Each group's schema is compiled by vossgen in memory (`vossgen::compile_validator`: the
//! generator's own stages and checks) and each instance is checked by the runtime's
//! interpreter, the one that generated models' `from_str` gives its verdict with. A refused
//! schema counts as a disagreement on each of its instances.
//!
//! Each instance also goes through the typed `from_str` of the schema's generated model (all
//! the corpus's schemas generated as one crate by the build script, `build/differential.rs`):
//! its verdict must be the interpreter's, and a value it accepts must write back as the
//! instance's exact text.
//!
//! Fails on any disagreement not listed in `tests/differential/known.txt` (each entry with its
//! reason: an oracle quirk or a point the spec leaves open), and on any listed entry that
//! agrees now. `VOSSGEN_DIFFERENTIAL=FILE` runs another labelled corpus (same format).

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use vossgen_runtime::validate::{validate_value, JsonPath, Node, Validate, ValidationErrors};

include!(concat!(env!("OUT_DIR"), "/differential.rs"));

/// The typed `from_str`: the value written back, or the errors.
fn check<T: DeserializeOwned + Serialize + Validate>(text: &str) -> Result<String, String> {
    match vossgen_runtime::from_str::<T>(text) {
        Ok(v) => Ok(serde_json::to_string(&v).unwrap_or_else(|e| format!("<not written: {e}>"))),
        Err(e) => Err(e.to_string().replace('\n', "; ")),
    }
}

fn root_node(schema: &Value) -> Result<&'static Node, String> {
    vossgen::compile_validator("schema.json", schema.clone())
        .map_err(|d| format!("refused: {}", d.to_string().trim().replace('\n', " | ")))?
        .root_node()
}

/// What the typed `from_str` of a schema's model made of an instance.
enum Typed {
    /// The interpreter's verdict, and a value it accepts written back as the same text.
    Agrees,
    /// Another verdict, or another text written back: why.
    Differs(String),
    /// The schema has no model (vossgen refused it, see `REFUSED`).
    NoModel,
}

fn typed_problem(id: u64, instance: &Value, interpreter_valid: bool) -> Typed {
    let text = instance.to_string();
    match typed_check(id, &text) {
        None if TYPED && !REFUSED.contains(&id) => {
            Typed::Differs("the schema has no generated model".to_string())
        }
        None => Typed::NoModel,
        Some(Err(e)) if interpreter_valid => Typed::Differs(format!(
            "instance {text}: the typed from_str says invalid ({e}), the interpreter valid"
        )),
        Some(Ok(_)) if !interpreter_valid => Typed::Differs(format!(
            "instance {text}: the typed from_str says valid, the interpreter invalid"
        )),
        Some(Ok(back)) if back != text => {
            Typed::Differs(format!("instance {text} is written back as {back}"))
        }
        Some(_) => Typed::Agrees,
    }
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/differential");
    let corpus =
        std::env::var("VOSSGEN_DIFFERENTIAL").unwrap_or_else(|_| format!("{dir}/corpus.jsonl"));
    let text =
        std::fs::read_to_string(&corpus).unwrap_or_else(|e| panic!("cannot read {corpus}: {e}"));
    let known_text = std::fs::read_to_string(format!("{dir}/known.txt")).unwrap_or_default();
    // `id:index  reason`
    let mut known: BTreeMap<String, String> = BTreeMap::new();
    for line in known_text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        known.insert(key.to_string(), reason.trim().to_string());
    }
    let (mut pairs, mut agreed, mut listed, mut typed_pairs) = (0usize, 0usize, 0usize, 0usize);
    let mut unexpected = Vec::new();
    let mut seen_known = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let group: Value = serde_json::from_str(line).expect("corpus lines are JSON");
        let id = &group["id"];
        let node = root_node(&group["schema"]);
        for (i, test) in group["tests"].as_array().into_iter().flatten().enumerate() {
            pairs += 1;
            let key = format!("{id}:{i}");
            let (instance, expected) = (&test[0], test[1].as_bool() == Some(true));
            let verdict = node.as_ref().map(|node| {
                let mut errors = ValidationErrors::new();
                validate_value(node, instance, &mut JsonPath::root(), &mut errors);
                errors
            });
            if let Ok(errors) = &verdict {
                let number = group["id"].as_u64().unwrap_or(0);
                match typed_problem(number, instance, errors.is_empty()) {
                    Typed::Agrees => typed_pairs += 1,
                    Typed::Differs(why) => {
                        typed_pairs += 1;
                        unexpected.push(format!("{key}: schema {}: {why}", group["schema"]));
                    }
                    Typed::NoModel => {}
                }
            }
            let ok = match &verdict {
                Ok(errors) => errors.is_empty() == expected,
                Err(_) => false,
            };
            if ok {
                agreed += 1;
                if known.contains_key(&key) {
                    seen_known.push(key);
                }
                continue;
            }
            if known.contains_key(&key) {
                listed += 1;
                continue;
            }
            let got = match &verdict {
                Ok(e) if e.is_empty() => "valid".to_string(),
                Ok(e) => format!("invalid ({})", e.to_string().replace('\n', "; ")),
                Err(why) => why.to_string(),
            };
            unexpected.push(format!(
                "{key}: schema {} instance {instance}: oracle says {}, vossgen {got}",
                group["schema"],
                if expected { "valid" } else { "invalid" }
            ));
        }
    }
    if !TYPED {
        unexpected.push("the corpus's schemas did not generate as one crate".to_string());
    }
    println!(
        "differential: {pairs} pairs, {agreed} agree, {listed} listed disagreements, \
         {typed_pairs} through the typed from_str, {} unexpected",
        unexpected.len()
    );
    for u in unexpected.iter().take(40) {
        println!("  {u}");
    }
    if let Ok(out) = std::env::var("VOSSGEN_DIFFERENTIAL_OUT") {
        let _ = std::fs::write(out, unexpected.join("\n"));
    }
    for k in &seen_known {
        println!("  {k}: listed in known.txt but agrees now: remove it");
    }
    if !unexpected.is_empty() || !seen_known.is_empty() {
        std::process::exit(1);
    }
}
