//! The derive on enums and generic structs.

use vossgen_downstream::shapes::{Booking, Borrowed, Endpoint, Item, Page, Port, Record, Target};
use vossgen_runtime::Validate;

fn pairs<T: Validate>(v: &T) -> Vec<(String, String)> {
    match v.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e
            .iter()
            .map(|e| (e.path().to_string(), e.keyword().to_string()))
            .collect(),
    }
}

#[test]
fn externally_tagged_enum_paths_start_with_the_variant() {
    let t: Target = serde_json::from_str(r#"{"user": {"name": "x"}}"#).unwrap();
    assert_eq!(
        pairs(&t),
        [("/user/name".to_string(), "minLength".to_string())]
    );
    let t: Target = serde_json::from_str(r#"{"group_id": 0}"#).unwrap();
    assert_eq!(
        pairs(&t),
        [("/group_id".to_string(), "minimum".to_string())]
    );
    let t: Target = serde_json::from_str(r#"{"range": [-1, 11]}"#).unwrap();
    assert_eq!(
        pairs(&t),
        [
            ("/range/0".to_string(), "minimum".to_string()),
            ("/range/1".to_string(), "maximum".to_string())
        ]
    );
    let t: Target = serde_json::from_str(r#""nobody""#).unwrap();
    assert!(pairs(&t).is_empty());
}

#[test]
fn untagged_enum_paths_are_the_value() {
    let p: Port = serde_json::from_str("70000").unwrap();
    assert_eq!(pairs(&p), [(String::new(), "maximum".to_string())]);
    let p: Port = serde_json::from_str(r#""HTTP""#).unwrap();
    assert_eq!(pairs(&p), [(String::new(), "pattern".to_string())]);
}

#[test]
fn generic_structs_validate_their_items() {
    let page: Page<Item> =
        serde_json::from_str(r#"{"items": [{"label": "ok"}, {"label": "long"}, {"label": "x"}]}"#)
            .unwrap();
    assert_eq!(
        pairs(&page),
        [
            ("/items".to_string(), "maxItems".to_string()),
            ("/items/1/label".to_string(), "maxLength".to_string())
        ]
    );
}

#[test]
fn flattened_fields_are_checked_where_serde_writes_them() {
    let r: Record = serde_json::from_str(r#"{"name": "", "changed_by": "Bob"}"#).unwrap();
    assert_eq!(
        pairs(&r),
        [
            ("/name".to_string(), "minLength".to_string()),
            ("/changed_by".to_string(), "pattern".to_string())
        ]
    );
    let errors =
        vossgen_runtime::from_str::<Record>(r#"{"name": "x", "changed_by": "Bob"}"#).unwrap_err();
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.path(), e.keyword()))
            .collect::<Vec<_>>(),
        [("/changed_by", "pattern")]
    );
}

#[test]
fn borrowed_and_shared_text_fields_take_the_string_checks() {
    let ok = Borrowed {
        name: "abc",
        code: "xyz".into(),
        note: "n".into(),
        tags: vec!["a"],
    };
    assert!(ok.validate().is_ok());
    let owned = String::from("X1");
    let bad = Borrowed {
        name: "abcd",
        code: std::borrow::Cow::Owned(owned),
        note: "".into(),
        tags: vec!["a", "b"],
    };
    let got: Vec<String> = pairs(&bad).into_iter().map(|(p, _)| p).collect();
    assert_eq!(got, ["/name", "/code", "/note", "/tags"]);
}

#[test]
fn wire_names_follow_serdes_own_rules() {
    let e: Endpoint = serde_json::from_str(r#"{"h_t_t_p_server": {"hostName": "a"}}"#).unwrap();
    assert_eq!(
        pairs(&e),
        [(
            "/h_t_t_p_server/hostName".to_string(),
            "minLength".to_string()
        )]
    );
    let errors = vossgen_runtime::from_str::<Endpoint>(r#"{"h_t_t_p_server": {"hostName": "a"}}"#)
        .unwrap_err();
    assert_eq!(
        errors.iter().next().unwrap().path(),
        "/h_t_t_p_server/hostName"
    );
}

#[test]
fn custom_functions_report_at_their_field() {
    let b: Booking =
        serde_json::from_str(r#"{"from": "1999-12-31", "guests": ["a", "b", "a"]}"#).unwrap();
    assert_eq!(
        pairs(&b),
        [
            ("/from".to_string(), "custom".to_string()),
            ("/guests".to_string(), "custom".to_string())
        ]
    );
    let errors = vossgen_runtime::from_str::<Booking>(r#"{"from": "1999"}"#).unwrap_err();
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.path(), e.keyword(), e.message()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "/from",
                "minLength",
                "must be at least 10 characters long (is 4)"
            ),
            ("/from", "custom", "1999 is in the past")
        ]
    );
    let ok: Booking = serde_json::from_str(r#"{"from": "2024-01-01"}"#).unwrap();
    assert!(pairs(&ok).is_empty());
}

#[test]
fn numbers_of_every_type_are_checked_by_their_exact_value() {
    use vossgen_downstream::numbers::Quantities;
    let ok = format!(
        r#"{{"count": 4, "limit": 10, "huge": {}, "ratio": 0.1}}"#,
        u128::MAX
    );
    let q: Quantities = serde_json::from_str(&ok).unwrap();
    assert!(pairs(&q).is_empty(), "{:?}", pairs(&q));
    let bad = r#"{"count": -3, "limit": 11, "huge": 0, "ratio": 0.2}"#;
    let q: Quantities = serde_json::from_str(bad).unwrap();
    assert_eq!(
        pairs(&q),
        [
            ("/count".to_string(), "minimum".to_string()),
            ("/count".to_string(), "divisibleBy".to_string()),
            ("/limit".to_string(), "maximum".to_string()),
            ("/huge".to_string(), "minimum".to_string()),
            ("/ratio".to_string(), "maximum".to_string()),
        ]
    );
}
