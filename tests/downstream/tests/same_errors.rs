//! build.rs, the macro and the derive give the same types and the same errors.

use downstream::from_build::device::cucm::phone as built;
use downstream::from_macro::device::cucm::phone as macroed;
use serde_json::json;
use vossgen_downstream as downstream;
use vossgen_runtime::{from_str, Model, Payload, Validate, ValidationErrors};

fn pairs(e: &ValidationErrors) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = e
        .iter()
        .map(|e| (e.path().to_string(), e.keyword().to_string()))
        .collect();
    v.sort();
    v
}

fn all_three(doc: &serde_json::Value) -> [Result<(), Vec<(String, String)>>; 3] {
    let text = doc.to_string();
    let r = |res: Result<(), ValidationErrors>| res.map_err(|e| pairs(&e));
    [
        r(from_str::<built::Phone>(&text).map(|_| ())),
        r(from_str::<macroed::Phone>(&text).map(|_| ())),
        r(from_str::<downstream::hand_written::Phone>(&text).map(|_| ())),
    ]
}

#[test]
fn the_same_types_from_build_rs_and_the_macro() {
    assert_eq!(built::Phone::MODEL_TYPE, "device/cucm/Phone");
    assert_eq!(macroed::Phone::MODEL_TYPE, built::Phone::MODEL_TYPE);
    assert_eq!(built::Phone::SCHEMA_VERSION, "11.5.1");
    // A string default on an integer is a typed constant, the same both ways.
    assert_eq!(built::LinesItem::DEFAULT_INDEX, 1);
    assert_eq!(
        macroed::LinesItem::DEFAULT_INDEX,
        built::LinesItem::DEFAULT_INDEX
    );
    // Rust keywords as property names.
    let doc = json!({"name": "SEP001122334455", "type": "Cisco 8841", "match": true, "loop": "x"});
    let a: built::Phone = serde_json::from_value(doc.clone()).unwrap();
    let b: macroed::Phone = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(a.r#type, built::Type::Cisco8841);
    assert_eq!(a.r#match, Some(true));
    assert_eq!(a.r#loop.as_deref(), Some("x"));
    assert_eq!(serde_json::to_value(&a).unwrap(), doc);
    assert_eq!(serde_json::to_value(&b).unwrap(), doc);
}

#[test]
fn valid_documents_pass_all_three() {
    let doc = json!({
        "name": "SEP001122334455", "type": "Cisco 8865", "callingSearchSpaceName": "Internal",
        "password": "123456",
        "lines": [{"index": 1, "dirn": {"pattern": "\\+4412345"}, "speeddials": [{"label": "Home", "number": "1"}]}]
    });
    for (i, r) in all_three(&doc).into_iter().enumerate() {
        assert_eq!(r, Ok(()), "variant {i}");
    }
}

#[test]
fn invalid_documents_give_the_same_errors_from_all_three() {
    let doc = json!({
        "name": "SEP0011223344556677", "type": "Cisco 7940", "password": "12",
        "lines": [
            {"index": 0, "dirn": {"pattern": "1234567890123456789012345"}},
            {"speeddials": [{"label": "a label that is far too long for the phone", "number": "2"}]}
        ]
    });
    let want = vec![
        ("/lines/0/dirn/pattern".to_string(), "maxLength".to_string()),
        ("/lines/0/index".to_string(), "minimum".to_string()),
        (
            "/lines/1/speeddials/0/label".to_string(),
            "maxLength".to_string(),
        ),
        ("/name".to_string(), "maxLength".to_string()),
        ("/name".to_string(), "pattern".to_string()),
        ("/password".to_string(), "pattern".to_string()),
        ("/type".to_string(), "choices".to_string()),
    ];
    for (i, r) in all_three(&doc).into_iter().enumerate() {
        assert_eq!(r, Err(want.clone()), "variant {i}");
    }
    let text = doc.to_string();
    let errors = from_str::<downstream::hand_written::Phone>(&text).unwrap_err();
    assert!(!errors.to_string().contains("\"12\""), "{errors}");
}

#[test]
fn a_missing_required_field_is_reported_by_all_three() {
    let doc = json!({"type": "Cisco 8841", "lines": []});
    let want = vec![
        ("/lines".to_string(), "minItems".to_string()),
        ("/name".to_string(), "required".to_string()),
    ];
    for (i, r) in all_three(&doc).into_iter().enumerate() {
        assert_eq!(r, Err(want.clone()), "variant {i}");
    }
}

#[test]
fn secrets_stay_secret_and_payloads_are_the_same() {
    let doc = json!({"name": "SEP001122334455", "type": "Cisco 8841", "password": "987654"});
    let a: built::Phone = serde_json::from_value(doc.clone()).unwrap();
    let h: downstream::hand_written::Phone = serde_json::from_value(doc.clone()).unwrap();
    assert!(!format!("{a:?}").contains("987654"));
    assert!(!format!("{h:?}").contains("987654"));
    assert_eq!(a.to_payload().unwrap(), doc);
    assert!(a.validate().is_ok() && h.validate().is_ok());
}

#[test]
fn a_missing_field_inside_a_nested_hand_written_type_is_required_at_its_pointer() {
    let doc = json!({"name": "SEP001122334455", "type": "Cisco 8841", "lines": [{"speeddials": [{"label": "a"}]}]});
    let want = vec![(
        "/lines/0/speeddials/0/number".to_string(),
        "required".to_string(),
    )];
    for (i, r) in all_three(&doc).into_iter().enumerate() {
        assert_eq!(r, Err(want.clone()), "variant {i}");
    }
}

#[test]
fn a_schema_only_voss_model_gets_the_generic_operations_both_ways() {
    // `device/cucm/Phone.json` has no operations sidecar: its path names a VOSS model type, so
    // it gets the actions the API has for every model, and typed list entries.
    let names = |routes: &[&vossgen_runtime::routes::Route]| -> Vec<&str> {
        routes.iter().map(|r| r.operation).collect()
    };
    assert_eq!(names(built::Phone::ROUTES), names(macroed::Phone::ROUTES));
    for op in [
        "list", "create", "get", "modify", "delete", "move", "choices",
    ] {
        assert!(names(built::Phone::ROUTES).contains(&op), "{op}");
    }
    assert_eq!(built::Phone::get("p1").path(), "/api/device/cucm/Phone/p1/");
    let page: vossgen_runtime::ListResponse<<built::Phone as Model>::Summary> =
        serde_json::from_value(
            json!({"resources": [{"pkid": "p1", "data": {"name": "SEP001122334455"}}]}),
        )
        .unwrap();
    let entry: &built::PhoneSummary = &page.resources[0].data;
    assert_eq!(entry.name.as_deref(), Some("SEP001122334455"));
    assert_eq!(
        entry.r#type, None,
        "required in the details, absent from a summary"
    );
    // A generic list takes the API's pagination parameters, typed.
    let _: vossgen_runtime::routes::Request<
        vossgen_runtime::ListResponse<macroed::PhoneSummary>,
        _,
    > = macroed::Phone::list().skip(10).limit(5).order_by("name");
}

/// A chain of 5,000 `$ref`s through the macro: its end's type, its schema's checks.
#[test]
fn the_macro_walks_a_long_ref_chain() {
    let chain: downstream::deep::Chain = from_str(r#"{"p": "x", "q": 1}"#).unwrap();
    assert_eq!(chain.p.as_deref(), Some("x"));
    assert_eq!(serde_json::to_string(&chain).unwrap(), r#"{"p":"x","q":1}"#);
    let refused = from_str::<downstream::deep::Chain>(r#"{"p": 5}"#).unwrap_err();
    assert!(refused.to_string().contains("/p"), "{refused}");
}
