//! Generates the differential corpus's schemas as typed models, for `tests/differential.rs`
//! to run every instance through the typed `from_str` (the interpreter's verdict is checked
//! there too, without generated code).
//!
//! All schemas are generated together, as one crate of thousands of models would be (types
//! shared across models, names claimed crate-wide); a schema vossgen refuses is left out and
//! named, and the test reports it. Output: `$OUT_DIR/differential.rs`. The corpus is
//! `differential/corpus.jsonl`, or `$VOSSGEN_DIFFERENTIAL` (as for the test itself).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn settings(input: &Path) -> vossgen::Settings {
    vossgen::Settings {
        inputs: vec![input.to_path_buf()],
        output: PathBuf::from("differential.rs"),
        layout: vossgen::Layout::SingleFile,
        ..vossgen::Settings::default()
    }
}

pub fn generate(manifest_dir: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-env-changed=VOSSGEN_DIFFERENTIAL");
    let corpus = std::env::var_os("VOSSGEN_DIFFERENTIAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir.join("differential/corpus.jsonl"));
    println!("cargo:rerun-if-changed={}", corpus.display());
    let text = std::fs::read_to_string(&corpus).unwrap_or_default();
    let work = out_dir.join("differential-inputs");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let mut ids = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        // A line that is not JSON is the test's to report.
        let Ok(group) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(id) = group["id"].as_u64() else {
            continue;
        };
        let schema = serde_json::to_string(&group["schema"]).unwrap();
        std::fs::write(work.join(format!("S{id}.json")), schema).unwrap();
        ids.push(id);
    }
    // Refused schemas (the test reports each) are found one by one and generated without.
    let mut refused = Vec::new();
    let mut generated = vossgen::generate(&settings(&work));
    if generated.is_err() {
        let one = out_dir.join("differential-one");
        for &id in &ids {
            let _ = std::fs::remove_dir_all(&one);
            std::fs::create_dir_all(&one).unwrap();
            let name = format!("S{id}.json");
            std::fs::copy(work.join(&name), one.join(&name)).unwrap();
            if vossgen::generate(&settings(&one)).is_err() {
                std::fs::remove_file(work.join(&name)).unwrap();
                refused.push(id);
            }
        }
        generated = vossgen::generate(&settings(&work));
    }
    let generated = generated.ok();
    let mut out = String::new();
    let mut arms = String::new();
    if let Some(g) = &generated {
        let code = &g.files[Path::new("differential.rs")];
        writeln!(
            out,
            "#[allow(dead_code, missing_docs, unused_imports)]\npub mod typed {{\n{code}\n}}"
        )
        .unwrap();
        for id in ids.iter().filter(|id| !refused.contains(id)) {
            writeln!(arms, "        {id} => Some(check::<typed::S{id}>(text)),").unwrap();
        }
    }
    writeln!(
        out,
        "/// What the typed `from_str` of schema `id`'s model makes of `text`: the value written
/// back, or the errors; `None` when the schema has no model (refused, see [`REFUSED`]).
pub fn typed_check(id: u64, text: &str) -> Option<Result<String, String>> {{
    match id {{
{arms}        _ => None,
    }}
}}

/// The schemas vossgen refused (each generated alone); when the corpus as a whole failed
/// to generate otherwise, [`TYPED`] is false.
pub const REFUSED: &[u64] = &{refused:?};

/// Whether the corpus generated (all but [`REFUSED`]).
pub const TYPED: bool = {};",
        generated.is_some()
    )
    .unwrap();
    std::fs::write(out_dir.join("differential.rs"), out).unwrap();
}
