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
