//! Generated validators on the seed models: every error at once, at wire-name pointers, with
//! the schema keyword, and never a secret in a message.

use voss_api::data::Role;
use voss_api::relation::{HcsAdminUserRel, SparkCustomer};
use vossgen_runtime::{from_slice, from_str, Validate, ValidationErrors};

fn pairs(errors: &ValidationErrors) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = errors
        .iter()
        .map(|e| (e.path().to_string(), e.keyword().to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn role_with_three_problems_reports_all_three() {
    let doc =
        r#"{"access_profile": "AP", "interface": "mobile", "rules": {"hierarchy_types": []}}"#;
    let errors = from_str::<Role>(doc).unwrap_err();
    assert_eq!(
        pairs(&errors),
        vec![
            ("/interface".to_string(), "choices".to_string()),
            ("/name".to_string(), "required".to_string()),
            ("/rules/hierarchy_types".to_string(), "minItems".to_string()),
        ],
        "{errors}"
    );
}

#[test]
fn the_fast_path_reports_the_same_as_the_full_report() {
    // With `name` present the document decodes, so the typed validator answers.
    let doc = r#"{"name": "r", "access_profile": "AP", "interface": "mobile", "rules": {"hierarchy_types": []}}"#;
    let role: Role = serde_json::from_str(doc).unwrap();
    let typed = role.validate().unwrap_err();
    assert_eq!(
        pairs(&typed),
        vec![
            ("/interface".to_string(), "choices".to_string()),
            ("/rules/hierarchy_types".to_string(), "minItems".to_string()),
        ]
    );
    assert_eq!(
        pairs(&from_slice::<Role>(doc.as_bytes()).unwrap_err()),
        pairs(&typed)
    );
}

#[test]
fn short_password_is_a_pattern_error_without_the_password() {
    let doc =
        r#"{"hcsUname": "u", "AdminUser": {"username": "u", "role": "r", "password": "hunter2"}}"#;
    let errors = from_str::<HcsAdminUserRel>(doc).unwrap_err();
    assert_eq!(
        pairs(&errors),
        vec![("/AdminUser/password".to_string(), "pattern".to_string())]
    );
    let shown = format!("{errors} {errors:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(errors
        .iter()
        .next()
        .unwrap()
        .message()
        .contains("does not match the pattern"));
}

#[test]
fn wrong_types_do_not_hide_other_errors() {
    let doc = r#"{"hcsUname": 5, "AdminUser": {"username": "u", "role": "r", "password": "short",
        "account_information": {"security_questions": [{"question": "q"}, {"question": 1, "answer": "a"}],
        "num_of_failed_login_attempts": "many"}}}"#;
    let errors = from_str::<HcsAdminUserRel>(doc).unwrap_err();
    assert_eq!(
        pairs(&errors),
        vec![
            (
                "/AdminUser/account_information/num_of_failed_login_attempts".to_string(),
                "type".to_string()
            ),
            (
                "/AdminUser/account_information/security_questions/0/answer".to_string(),
                "required".to_string()
            ),
            (
                "/AdminUser/account_information/security_questions/1/question".to_string(),
                "type".to_string()
            ),
            ("/AdminUser/password".to_string(), "pattern".to_string()),
            ("/hcsUname".to_string(), "type".to_string()),
        ],
        "{errors}"
    );
}

#[test]
fn seed_data_is_valid_including_uri_formatted_references() {
    for (model, examples) in vossgen_tests::examples() {
        let instances: Vec<&serde_json::Value> = examples
            .get("list")
            .and_then(|l| l["resources"].as_array())
            .into_iter()
            .flatten()
            .map(|r| &r["data"])
            .chain(examples.get("instance").map(|i| i.get("data").unwrap_or(i)))
            .collect();
        for data in instances {
            let text = data.to_string();
            let result = match model.as_str() {
                "data/Role" => from_str::<Role>(&text).map(|_| ()),
                "relation/SparkCustomer" => from_str::<SparkCustomer>(&text).map(|_| ()),
                "relation/HcsAdminUserREL" => from_str::<HcsAdminUserRel>(&text).map(|_| ()),
                "vspark/User" => from_str::<voss_api::vspark::User>(&text).map(|_| ()),
                other => panic!("no validation test for {other}"),
            };
            assert!(
                result.is_ok(),
                "{model}: the seed data is reported invalid: {}",
                result.unwrap_err()
            );
        }
    }
}

#[test]
fn syntax_errors_are_one_error_at_the_document() {
    let errors = from_str::<Role>("{\"name\": ").unwrap_err();
    assert_eq!(pairs(&errors), vec![(String::new(), "syntax".to_string())]);
}

#[test]
fn envelopes_validate_their_data_with_full_pointers() {
    use vossgen_runtime::{ListResponse, Resource};
    let list: ListResponse<Role> = serde_json::from_value(serde_json::json!({
        "resources": [
            {"pkid": "1", "data": {"name": "a", "access_profile": "AP", "interface": "administration"}},
            {"pkid": "2", "data": {"name": "b", "access_profile": "AP", "interface": "bogus"}}
        ]
    }))
    .unwrap();
    let errors = list.validate().unwrap_err();
    assert_eq!(
        pairs(&errors),
        vec![(
            "/resources/1/data/interface".to_string(),
            "choices".to_string()
        )]
    );
    let one: Resource<Role> = serde_json::from_value(
        serde_json::json!({"data": {"name": "a", "access_profile": "AP", "interface": "x"}}),
    )
    .unwrap();
    assert_eq!(
        pairs(&one.validate().unwrap_err()),
        vec![("/data/interface".to_string(), "choices".to_string())]
    );
}

#[test]
fn whole_responses_get_the_full_report() {
    use vossgen_runtime::{ListResponse, Resource};
    // The second resource lacks `name` (so the document does not decode) and has a bad interface.
    let body = r#"{"resources": [
        {"pkid": "1", "data": {"name": "a", "access_profile": "AP", "interface": "administration"}},
        {"pkid": "2", "data": {"access_profile": "AP", "interface": "bogus"}}
    ]}"#;
    let errors = from_str::<ListResponse<Role>>(body).unwrap_err();
    assert_eq!(
        pairs(&errors),
        vec![
            (
                "/resources/1/data/interface".to_string(),
                "choices".to_string()
            ),
            ("/resources/1/data/name".to_string(), "required".to_string()),
        ]
    );
    let one = from_str::<Resource<Role>>(
        r#"{"data": {"name": "a", "access_profile": "AP", "interface": "none"}}"#,
    )
    .unwrap();
    assert_eq!(one.data.name, "a");
}

#[test]
fn a_key_given_twice_is_an_error_at_that_key() {
    // A `serde_json::Value` keeps the last of two equal keys, so the schema alone would pass the
    // document; the typed decode does not, and the report says which key.
    let doc = r#"{"name": "Admin", "access_profile": "AP", "interface": "administration",
        "rules": {"hierarchy_types": ["x"], "hierarchy_types": ["y"]}}"#;
    let errors = from_str::<Role>(doc).unwrap_err();
    assert_eq!(
        pairs(&errors),
        vec![("/rules/hierarchy_types".to_string(), "type".to_string())],
        "{errors}"
    );
    assert!(
        errors.to_string().contains("appears more than once"),
        "{errors}"
    );
}

#[test]
fn integer_fields_hold_any_json_integer_and_write_it_back_exactly() {
    // Draft-03's `integer` has no size: the typed decoding accepts what the schema accepts
    // (the interpreter and Draft3Validator say valid) and the value is written back as read.
    for n in [
        "0",
        "-0",
        "7",
        "-9223372036854775809",
        "18446744073709551616",
        "123456789012345678901234567890123456789012345678901234567890",
    ] {
        let doc = format!(
            r#"{{"hcsUname":"h","AdminUser":{{"username":"u","role":"r","account_information":{{"num_of_failed_login_attempts":{n}}}}}}}"#
        );
        let user = from_str::<HcsAdminUserRel>(&doc).unwrap_or_else(|e| panic!("{n}: {e}"));
        let attempts = user
            .admin_user
            .as_ref()
            .unwrap()
            .account_information
            .as_ref()
            .unwrap()
            .num_of_failed_login_attempts
            .clone()
            .unwrap();
        assert_eq!(attempts.to_string(), n);
        assert_eq!(serde_json::to_string(&user).unwrap(), doc, "{n}");
    }
    // Not integers in draft-03, in either path.
    for n in ["1.0", "1e2", "-0.0"] {
        let doc = format!(
            r#"{{"hcsUname":"h","AdminUser":{{"username":"u","role":"r","account_information":{{"num_of_failed_login_attempts":{n}}}}}}}"#
        );
        let errors = from_str::<HcsAdminUserRel>(&doc).unwrap_err();
        assert_eq!(
            pairs(&errors),
            vec![(
                "/AdminUser/account_information/num_of_failed_login_attempts".to_string(),
                "type".to_string()
            )],
            "{n}: {errors}"
        );
    }
}
