//! Compiles the JSON-Schema-Test-Suite draft-03 cases with the generator. Each group's schema
//! is generated on its own, so a schema vossgen rejects becomes failing cases with the reason,
//! not a broken build. Output: `$OUT_DIR/conformance.rs`, the generated modules plus the table
//! of cases. Re-runs when the suite folder or `VOSSGEN_CONFORMANCE_DIR` changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The suites: (name, folder under the conformance dir, recursive).
const SUITES: &[(&str, &str, bool)] = &[
    ("draft3", "draft3", false),
    ("draft3-optional", "draft3/optional", true),
];

/// vossgen's own cases in the suite's format, for keywords the shared suite leaves out.
const EXTRA_SUITE: (&str, &str) = ("vossgen-extra", "fixtures/conformance-extra");

fn json_files(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            if recursive {
                json_files(&p, true, out);
            }
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

pub fn generate(manifest_dir: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-env-changed=VOSSGEN_CONFORMANCE_DIR");
    let root = std::env::var_os("VOSSGEN_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir.join("../../shared/conformance"));
    println!("cargo:rerun-if-changed={}", root.display());
    let remotes = root.join("remotes");
    let work = out_dir.join("conformance-inputs");
    let _ = std::fs::remove_dir_all(&work);

    let mut modules = String::new();
    let mut table = String::new();
    writeln!(
        table,
        "/// Where the suite was read from.\npub const SUITE_DIR: &str = {:?};",
        root.display().to_string()
    )
    .unwrap();
    writeln!(
        table,
        "/// Every case.\npub fn cases() -> Vec<Case> {{\n    vec!["
    )
    .unwrap();
    let suites = SUITES
        .iter()
        .map(|(name, folder, recursive)| (*name, root.join(folder), *recursive))
        .chain(std::iter::once((
            EXTRA_SUITE.0,
            manifest_dir.join(EXTRA_SUITE.1),
            false,
        )));
    for (suite, dir, recursive) in suites {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        json_files(&dir, recursive, &mut files);
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let rel = file
                .strip_prefix(&dir)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let groups: Vec<serde_json::Value> = match std::fs::read_to_string(&file)
                .map_err(|e| e.to_string())
                .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
            {
                Ok(g) => g,
                Err(e) => {
                    writeln!(table, "        Case {{ suite: {suite:?}, file: {rel:?}, group: \"(file)\", description: \"(file)\", data: \"null\", valid: true, run: |_| Err({:?}.to_string()), agree: |_| Ok(()) }},", format!("cannot read the suite file: {e}")).unwrap();
                    continue;
                }
            };
            for (g, group) in groups.iter().enumerate() {
                let group_desc = group["description"].as_str().unwrap_or("");
                let module = format!(
                    "{}_{}_g{g}",
                    slug(suite),
                    slug(rel.trim_end_matches(".json"))
                );
                let input = work.join(&module);
                std::fs::create_dir_all(&input).unwrap();
                let schema_text = serde_json::to_string_pretty(&group["schema"]).unwrap();
                std::fs::write(input.join("Case.json"), &schema_text).unwrap();
                let mut settings = vossgen::Settings {
                    inputs: vec![input.clone()],
                    output: PathBuf::from("case.rs"),
                    layout: vossgen::Layout::SingleFile,
                    ..vossgen::Settings::default()
                };
                if schema_text.contains("localhost:1234") {
                    settings.inputs.push(remotes.clone());
                }
                let (run, agree) = match vossgen::generate(&settings) {
                    Ok(generated) => {
                        let text = &generated.files[Path::new("case.rs")];
                        writeln!(
                            modules,
                            "#[allow(dead_code, missing_docs)]\npub mod {module} {{\n{text}\n}}"
                        )
                        .unwrap();
                        let ty = format!("self::{module}::case::Case");
                        (
                            format!("|s| vossgen_runtime::from_str::<{ty}>(s).map(|_| ()).map_err(|e| e.to_string())"),
                            format!("|s| super::agree::<{ty}>(s)"),
                        )
                    }
                    Err(diags) => (
                        format!(
                            "|_| Err({:?}.to_string())",
                            format!(
                                "vossgen rejected the schema: {}",
                                diags.to_string().replace('\n', "; ")
                            )
                        ),
                        "|_| Ok(())".to_string(),
                    ),
                };
                for test in group["tests"].as_array().into_iter().flatten() {
                    let description = test["description"].as_str().unwrap_or("");
                    let data = test["data"].to_string();
                    let valid = test["valid"].as_bool().unwrap_or(false);
                    writeln!(
                        table,
                        "        Case {{ suite: {suite:?}, file: {rel:?}, group: {group_desc:?}, description: {description:?}, data: {data:?}, valid: {valid}, run: {run}, agree: {agree} }},"
                    )
                    .unwrap();
                }
            }
        }
    }
    writeln!(table, "    ]\n}}").unwrap();
    std::fs::write(
        out_dir.join("conformance.rs"),
        format!("{modules}\n{table}"),
    )
    .unwrap();
}
