//! The generic operations a pulled or schema-only model gets are the ones its reference page
//! documents: compared with the imported pages of the bundled models.

use serde_json::Value;
use vossgen::api::ApiFile;

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/../schemas/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// What a caller sees of an operation (not where it was read).
fn shape(api: &ApiFile, name: &str) -> Option<Value> {
    let op = api.operations.iter().find(|o| o.name == name)?;
    let mut v = serde_json::to_value(op).unwrap();
    for key in ["task", "source", "action"] {
        v.as_object_mut().unwrap().remove(key);
    }
    // The pages list hierarchy where the generic table does not, or the reverse: the API
    // takes it on every request either way.
    v["query"]
        .as_array_mut()
        .unwrap()
        .retain(|q| q["name"] != "hierarchy");
    Some(v)
}

#[test]
fn generic_operations_match_the_pages() {
    for model in [
        "relation/SparkCustomer",
        "device/exchange/ManagementRoleAssignment",
        "data/Role",
    ] {
        let page: ApiFile = serde_json::from_value(read(&format!("{model}.api.json"))).unwrap();
        let examples = read(&format!("{model}.examples.json"));
        let generic = vossgen::import::generic_api(model, examples.get("list"));
        assert_eq!(generic.model_type.as_deref(), Some(model));
        assert_eq!(generic.api_version, page.api_version);
        assert_eq!(generic.maximum_limit, page.maximum_limit);
        let mut compared = 0;
        for op in &generic.operations {
            match shape(&page, &op.name) {
                Some(documented) => {
                    assert_eq!(
                        shape(&generic, &op.name).unwrap(),
                        documented,
                        "{model} {}",
                        op.name
                    );
                    compared += 1;
                }
                // Generic actions some pages leave out; every other one is on every page.
                None => assert!(
                    match model {
                        // The API guide's generic action, on no model's page.
                        _ if op.name == "choices" => true,
                        "data/Role" => ["move", "bulk_move"].contains(&op.name.as_str()),
                        "relation/SparkCustomer" =>
                            ["bulk_modify_form", "bulk_modify", "clone"].contains(&op.name.as_str()),
                        _ => false,
                    },
                    "{model}: {} is not on the page",
                    op.name
                ),
            }
        }
        assert!(compared >= 12, "{model}: {compared}");
        // The custom actions a list reports come along (SparkCustomer's +RefreshAccessToken).
        if model == "relation/SparkCustomer" {
            assert!(generic
                .operations
                .iter()
                .any(|o| o.path.contains("+RefreshAccessToken")));
        }
    }
}

#[test]
fn pulled_files_are_the_input_layout() {
    let schema = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let add = serde_json::json!({"type": "object", "properties": {"a": {"type": "string", "required": true}}});
    let files = vossgen::import::pulled_files("data/Thing", &schema, Some(&add), None);
    let names: Vec<String> = files.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "data/Thing.add.json",
            "data/Thing.api.json",
            "data/Thing.json"
        ]
    );
    // The same add form as the details: no second file.
    let files = vossgen::import::pulled_files("data/Thing", &schema, Some(&schema), None);
    assert_eq!(files.len(), 2);
    assert!(files.values().all(|t| t.ends_with('\n')));
}

/// Generates one file from the input root `dir` with these settings.
fn generate(dir: &std::path::Path, set: &[(&str, &str)]) -> vossgen::Generated {
    let mut settings = vossgen::Settings {
        inputs: vec![dir.to_path_buf()],
        output: dir.join("out.rs"),
        layout: vossgen::settings::Layout::SingleFile,
        ..Default::default()
    };
    for (key, value) in set {
        settings.set(key, value).unwrap();
    }
    vossgen::generate(&settings).unwrap()
}

/// Generates from `files` (path under the input root, schema) with `generic_operations` set
/// to `which`; gives each model's type and its operations' names.
fn operations_of(files: &[(&str, Value)], which: &str) -> Vec<(String, Vec<String>)> {
    let dir = tempfile::tempdir().unwrap();
    for (rel, schema) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_json::to_string(schema).unwrap()).unwrap();
    }
    let generated = generate(dir.path(), &[("generic_operations", which)]);
    generated
        .space
        .models
        .iter()
        .map(|m| {
            let names = m
                .ops
                .iter()
                .flat_map(|o| o.ops.iter().map(|op| op.name.clone()))
                .collect();
            (m.model_type.clone(), names)
        })
        .collect()
}

#[test]
fn schema_only_voss_models_get_the_generic_operations() {
    let phone = serde_json::json!({"type": "object", "properties": {
        "name": {"type": "string", "required": true},
        "description": {"type": "string"}
    }});
    let plain = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let generic: Vec<String> = vossgen::import::generic_api("device/cucm/Phone", None)
        .operations
        .into_iter()
        .map(|o| o.name)
        .collect();
    for name in [
        "list", "get", "create", "modify", "delete", "move", "export", "help", "choices",
    ] {
        assert!(generic.contains(&name.to_string()), "{name} in {generic:?}");
    }
    let files = [
        ("device/cucm/Phone.json", phone.clone()),
        ("vspark/Thing.json", plain.clone()),
    ];
    // Auto: the VOSS path gets them, the other is plain types.
    assert_eq!(
        operations_of(&files, "auto"),
        [
            ("device/cucm/Phone".to_string(), generic.clone()),
            ("vspark/Thing".to_string(), vec![])
        ]
    );
    // On: every schema without a sidecar; off: none.
    let on = operations_of(&files, "on");
    assert_eq!(on[1].1.len(), generic.len());
    assert!(operations_of(&files, "off")
        .iter()
        .all(|(_, ops)| ops.is_empty()));

    // A sidecar keeps precedence: HcsAdminUserREL's page documents no move.
    let rel = "relation/HcsAdminUserREL";
    let files = [
        (&*format!("{rel}.json"), read(&format!("{rel}.json"))),
        (
            &*format!("{rel}.api.json"),
            read(&format!("{rel}.api.json")),
        ),
    ];
    let ops = &operations_of(&files, "on")[0].1;
    assert!(
        ops.contains(&"list".to_string()) && !ops.contains(&"move".to_string()),
        "{ops:?}"
    );
}

#[test]
fn schema_only_models_get_routes_and_list_entries() {
    // The generated code of a schema-only VOSS model names its routes and its list entries.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device/cucm/Phone.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        r#"{"type": "object", "properties": {"name": {"type": "string", "required": true}}}"#,
    )
    .unwrap();
    let generated = generate(dir.path(), &[]);
    let text = generated.files.values().next().unwrap();
    for needle in [
        // Lists take the API's pagination parameters, whatever the page lists.
        "pub fn list() -> ::vossgen_runtime::routes::Request<::vossgen_runtime::ListResponse<PhoneSummary>, \
         ::vossgen_runtime::params![Hierarchy, Format, Count, Skip, Limit, OrderBy, Direction, Traversal, PolicyName]>",
        "pub fn r#move(pkid: &str)",
        "type Summary = PhoneSummary;",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
}

#[test]
fn an_add_form_is_what_create_sends() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "data/Thing.json",
        r#"{"type": "object", "properties": {"name": {"type": "string", "required": true},
            "status": {"type": "string", "readonly": true}}}"#,
    );
    write(
        "data/Thing.add.json",
        r#"{"type": "object", "title": "Add a thing", "properties": {
            "name": {"type": "string", "required": true},
            "template": {"type": "string", "required": true}}}"#,
    );
    // An add form without its schema is not a model: a warning names it.
    write("data/Orphan.add.json", r#"{"type": "object"}"#);
    let generated = generate(dir.path(), &[]);
    assert_eq!(generated.space.models.len(), 1);
    let m = &generated.space.models[0];
    let add = generated.space.get(m.add_form.expect("an add form"));
    assert_eq!(add.name, "ThingAddForm");
    assert_eq!(add.docs.title.as_deref(), Some("Add a thing"));
    let text = generated.files.values().next().unwrap();
    for needle in [
        "pub struct ThingAddForm",
        "template: impl ::std::convert::Into<::std::string::String>,",
        "pub fn create(payload: &self::ThingAddForm)",
        // Modify sends the details.
        "pub fn modify(pkid: &str, payload: &Thing)",
        "type AddForm = ThingAddForm;",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    let warnings: Vec<String> = generated
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("Orphan.add.json") && w.contains("add form without")),
        "{warnings:?}"
    );
    assert!(generated
        .input_files
        .iter()
        .any(|p| p.ends_with("data/Thing.add.json")));
}

/// A sidecar that is not JSON is an error at its line and column; one that is JSON but not an
/// operations file, at the JSON pointer of what is wrong; a sidecar with a key twice is read as
/// JSON reads it (the last one counts).
#[test]
fn sidecar_errors_name_the_file_and_the_place() {
    let api =
        serde_json::to_string_pretty(&vossgen::import::generic_api("data/Thing", None)).unwrap();
    let cases: [(&str, String, Option<&str>); 3] = [
        (
            "not JSON",
            api.replacen('{', "{,", 1),
            Some("Thing.api.json:1:"),
        ),
        (
            "wrong type",
            api.replacen("\"api\": \"voss\"", "\"api\": 5", 1),
            Some("Thing.api.json#/api:"),
        ),
        (
            "a key twice",
            api.replacen(
                "\"api\": \"voss\"",
                "\"api\": \"vspark\", \"api\": \"voss\"",
                1,
            ),
            None,
        ),
    ];
    for (case, text, error) in cases {
        assert_ne!(text, api, "{case}: the mutation did not apply");
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(
            data.join("Thing.json"),
            r#"{"type": "object", "properties": {"name": {"type": "string"}}}"#,
        )
        .unwrap();
        std::fs::write(data.join("Thing.api.json"), text).unwrap();
        let settings = vossgen::Settings {
            inputs: vec![dir.path().to_path_buf()],
            output: dir.path().join("out.rs"),
            layout: vossgen::settings::Layout::SingleFile,
            ..Default::default()
        };
        match (vossgen::generate(&settings), error) {
            (Err(diags), Some(place)) => {
                let text = diags.to_string();
                assert!(text.contains(place), "{case}: {text}");
            }
            (Ok(generated), None) => {
                assert!(generated.space.apis.is_empty(), "{case}");
                // The last `api` counts (`voss`, not the first one's `vspark`).
                let ops = generated.space.models[0].ops.as_ref();
                assert_eq!(ops.map(|o| o.api.as_str()), Some("voss"), "{case}");
            }
            (Ok(_), Some(_)) => panic!("{case}: no error"),
            (Err(diags), None) => panic!("{case}: {diags}"),
        }
    }
}
