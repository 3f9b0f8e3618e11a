//! The importer on pages it has not seen: other layouts of the same template.

use std::path::PathBuf;

fn page() -> String {
    let lines = [
        "[Index]",
        "A line on a phone.",
        "Model ref.: device/cucm/Line",
        "The full URL would include the host-proxy name: https://[host-proxy].",
        "{",
        "  \"$schema\": \"http://json-schema.org/draft-03/schema\",",
        "  \"type\": \"object\",",
        "  \"properties\": {",
        "    \"pattern\": {\"type\": \"string\", \"required\": true, \"title\": \"Directory Number\"},",
        "    \"routePartitionName\": {\"type\": \"string\", \"format\": \"uri\", \"choices\": [], \"target\": \"/api/device/cucm/RoutePartition/choices/?auth_token=[authtoken], \"target_model_type\": \"device/cucm/RoutePartition\", \"target_attr\": \"name\"}",
        "  },",
        "  \"schema_version\": \"10.5\"",
        "}",
        "Task | Call | URL | Parameters | Payload |",
        "---|---|---|---|---|",
        "Create | POST | /api/device/cucm/Line/ | hierarchy=[hierarchy] |",
        "|",
        "Task | Call | URL | Parameters | Response |",
        "---|---|---|---|---|",
        "Get | GET | /api/device/cucm/Line/[pkid]/ | hierarchy=[hierarchy] | The device/cucm/Line instance with [pkid]. |",
        "List | GET | /api/device/cucm/Line/ |",
        "|",
        "(The list will return 0 to 3 device/cucm/Line instances)",
        "{ \"pagination\": { \"maximum_limit\": 500, \"current\": \"/api/device/cucm/Line/?skip=0&limit=3\" }, \"meta\": { \"api_version\": \"21.2\", \"actions\": [ { \"list\": { \"support_async\": false, \"href\": \"/api/device/cucm/Line/?hierarchy=[hierarchy]\", \"method\": \"GET\", \"view\": \"/x/?auth_token=[authtoken] } } ] }, \"resources\": [ { \"pkid\": \"1\", \"data\": { \"pattern\": \"1000\", \"routePartitionName\": \"\" } } ] }",
    ];
    lines.join("\r\n") + "\r\n"
}

/// Imports `text` as the page `line.txt`.
fn import_line(text: String) -> vossgen::import::Imported {
    vossgen::import::import_pages(&[(PathBuf::from("line.txt"), text)])
}

/// The operations sidecar the Line page gives.
fn line_api(imported: &vossgen::import::Imported) -> vossgen::api::ApiFile {
    serde_json::from_str(&imported.files[&PathBuf::from("device/cucm/Line.api.json")]).unwrap()
}

#[test]
fn a_page_in_another_layout_imports() {
    let imported = import_line(page());
    assert!(
        !imported.diagnostics.has_errors(),
        "{}",
        imported.diagnostics
    );
    let warnings: Vec<String> = imported
        .diagnostics
        .warnings()
        .map(|w| w.to_string())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("warning: line.txt:10:"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("warning: line.txt:24:"),
        "{warnings:?}"
    );

    let files: Vec<String> = imported
        .files
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "device/cucm/Line.api.json",
            "device/cucm/Line.examples.json",
            "device/cucm/Line.json"
        ]
    );
    let api = line_api(&imported);
    assert_eq!(api.model_type.as_deref(), Some("device/cucm/Line"));
    assert_eq!(api.maximum_limit, Some(500));
    let ops: Vec<(&str, &str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o.method.as_str(), o.path.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("create", "POST", "/api/device/cucm/Line/"),
            ("get", "GET", "/api/device/cucm/Line/{pkid}/"),
            ("list", "GET", "/api/device/cucm/Line/")
        ]
    );
    let list = api.operations.iter().find(|o| o.name == "list").unwrap();
    assert!(
        list.query.iter().any(|q| q.name == "skip") && list.query.iter().any(|q| q.name == "limit")
    );

    // And what it imported generates, and the example decodes into it.
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in &imported.files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let settings = vossgen::Settings {
        inputs: vec![dir.path().to_path_buf()],
        output: PathBuf::from("out"),
        ..vossgen::Settings::default()
    };
    let generated = vossgen::generate(&settings).unwrap_or_else(|d| panic!("{d}"));
    let line = &generated.files[&PathBuf::from("out/device/cucm/line.rs")];
    assert!(line.contains("pub struct Line"));
    assert!(line.contains("Reference<super::super::super::shared::RoutePartitionNameRef>"));
    assert!(generated.files[&PathBuf::from("out/shared.rs")]
        .contains("pub enum RoutePartitionNameRef {}"));
    assert!(line.contains("pub fn get("));
}

#[test]
fn a_page_without_a_schema_or_with_a_broken_one_is_an_error_at_its_place() {
    let broken = page().replace("\"type\": \"object\",", "\"type\": \"object\"");
    let imported = import_line(broken);
    let errors: Vec<String> = imported
        .diagnostics
        .errors()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: line.txt:8:3: invalid JSON: expected `,` or `}`"),
        "{errors:?}"
    );
    assert!(imported.files.is_empty());

    let no_schema = "[Index]\nModel ref.: data/Thing\nno JSON here\n".to_string();
    let imported = vossgen::import::import_pages(&[(PathBuf::from("thing.txt"), no_schema)]);
    assert_eq!(
        imported.diagnostics.errors().next().unwrap().to_string(),
        "error: thing.txt: the page has no schema (no JSON block with `$schema`)"
    );
}

#[test]
fn a_byte_order_mark_does_not_change_the_import() {
    let plain = import_line(page());
    let marked = format!("\u{feff}{}", page());
    let with_bom = import_line(marked);
    assert!(
        !with_bom.diagnostics.has_errors(),
        "{}",
        with_bom.diagnostics
    );
    assert_eq!(plain.files, with_bom.files);
}

#[test]
fn an_operation_never_takes_the_constructors_name() {
    let text = page().replace("Create | POST", "New | POST");
    let imported = import_line(text);
    assert!(
        !imported.diagnostics.has_errors(),
        "{}",
        imported.diagnostics
    );
    let api = line_api(&imported);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert!(names.contains(&"new2"), "{names:?}");
    assert!(!names.contains(&"new"), "{names:?}");
}
