//! Every example response of the seed pages reads into the generated types and writes back as
//! the same JSON, key for key in the same order, and secrets never reach Debug output.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Debug;
use voss_api::{
    data::Role, device::exchange::ManagementRoleAssignment, relation::HcsAdminUserRel,
    relation::SparkCustomer, vspark::User,
};
use vossgen_runtime::{ListResponse, Model, Resource};

fn round_trip<T: DeserializeOwned + Serialize + Debug>(what: &str, value: &Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what}: does not decode: {e}"));
    let back = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(&back, value, "{what}: the round trip changed the JSON");
    // Exactly: the same text, keys in the order the API sent them.
    let text = serde_json::to_string_pretty(value).unwrap();
    assert_eq!(
        serde_json::to_string_pretty(&typed).unwrap(),
        text,
        "{what}: the round trip changed the text"
    );
    typed
}

fn check_model<T: DeserializeOwned + Serialize + PartialEq + Debug + Model>(
    examples: &Value,
) -> usize
where
    T::Summary: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let mut n = 0;
    if let Some(list) = examples.get("list") {
        let l: ListResponse<T::Summary> = round_trip(&format!("{} list", T::MODEL_TYPE), list);
        n += 1 + l.resources.len();
    }
    if let Some(instance) = examples.get("instance") {
        let _: Resource<T> = round_trip(&format!("{} instance", T::MODEL_TYPE), instance);
        n += 1;
    }
    n
}

#[test]
fn every_seed_example_round_trips_exactly() {
    let mut seen = Vec::new();
    for (model, examples) in vossgen_tests::examples() {
        let count = match model.as_str() {
            "data/Role" => check_model::<Role>(&examples),
            "relation/SparkCustomer" => check_model::<SparkCustomer>(&examples),
            "relation/HcsAdminUserREL" => check_model::<HcsAdminUserRel>(&examples),
            "device/exchange/ManagementRoleAssignment" => {
                check_model::<ManagementRoleAssignment>(&examples)
            }
            "vspark/User" => {
                let _: User = round_trip("vspark user", &examples["instance"]);
                1
            }
            other => panic!("an example for {other} has no test: add it here"),
        };
        assert!(count > 0, "{model}: no example was checked");
        seen.push(model);
    }
    assert_eq!(
        seen.len(),
        5,
        "expected examples for the five seed pages, found {seen:?}"
    );
}

#[test]
fn models_know_their_type_and_schema_version() {
    assert_eq!(Role::MODEL_TYPE, "data/Role");
    assert_eq!(Role::SCHEMA_VERSION, "0.2.4");
    assert_eq!(HcsAdminUserRel::MODEL_TYPE, "relation/HcsAdminUserREL");
    assert_eq!(SparkCustomer::SCHEMA_VERSION, "1.2.7");
    assert_eq!(
        ManagementRoleAssignment::MODEL_TYPE,
        "device/exchange/ManagementRoleAssignment"
    );
    assert_eq!(User::MODEL_TYPE, "vspark/User");
}

#[test]
fn secrets_stay_out_of_debug_and_display() {
    let examples = vossgen_tests::examples();
    let spark = &examples
        .iter()
        .find(|(m, _)| m == "relation/SparkCustomer")
        .expect("SparkCustomer examples")
        .1;
    let resource: Resource<SparkCustomer> =
        serde_json::from_value(spark["instance"].clone()).unwrap();
    let refresh = resource
        .data
        .refresh_token
        .as_ref()
        .expect("the example has a refresh token");
    assert!(refresh.expose().starts_with("YWE3YWE5"));
    let debug = format!("{resource:?} {:#?}", resource.data);
    assert!(
        !debug.contains(refresh.expose()),
        "the refresh token leaked into Debug"
    );
    assert!(debug.contains("[REDACTED]"));
    assert_eq!(refresh.to_string(), "[REDACTED]");

    // A password set by hand: Debug of the whole tree never shows it, serde sends it as is.
    let user: HcsAdminUserRel = serde_json::from_value(serde_json::json!({
        "hcsUname": "u", "AdminUser": {"username": "u", "role": "r", "password": "correct horse battery"}
    }))
    .unwrap();
    assert!(!format!("{user:?}").contains("correct horse"));
    assert_eq!(
        serde_json::to_value(&user).unwrap()["AdminUser"]["password"],
        "correct horse battery"
    );
}

/// The seed's ManagementRoleAssignment list is an empty page whose `meta.summary_attrs` names
/// what its entries carry (`Name`, `hierarchy_friendly_name`); entries made as the other seed
/// lists make theirs (those attributes, `pkid`, `hierarchy_path`) lack `Role` and `User`, which
/// the details schema requires. The list operation's answer reads them and writes them back.
#[test]
fn lists_with_summary_entries_decode() {
    use voss_api::device::exchange::management_role_assignment::ManagementRoleAssignmentSummary;
    use vossgen_runtime::routes::{FromResponse, HeaderMap, Request};
    use vossgen_runtime::validate::Validate;

    let examples = vossgen_tests::examples()
        .into_iter()
        .find(|(m, _)| m == "device/exchange/ManagementRoleAssignment")
        .expect("the seed's examples")
        .1;
    let mut list = examples["list"].clone();
    assert_eq!(
        list["resources"],
        serde_json::json!([]),
        "the seed's page is empty"
    );
    let attrs: Vec<String> = list["meta"]["summary_attrs"]
        .as_array()
        .expect("summary_attrs")
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(attrs, ["Name", "hierarchy_friendly_name"]);
    let entry = |i: usize| {
        let pkid = format!("65f0a1b2c3d4e5f60718293{i}");
        let mut data = serde_json::Map::new();
        data.insert("pkid".into(), pkid.clone().into());
        for a in &attrs {
            data.insert(a.clone(), format!("{a} {i}").into());
        }
        data.insert("hierarchy_path".into(), "sys.hcs.CS-P".into());
        serde_json::json!({
            "pkid": pkid,
            "meta": {
                "summary": "true",
                "model_type": "device/exchange/ManagementRoleAssignment",
                "references": {"self": [{"pkid": pkid, "href": format!("/api/device/exchange/ManagementRoleAssignment/{pkid}/")}]}
            },
            "data": data,
        })
    };
    list["resources"] = serde_json::json!([entry(0), entry(1)]);
    list["pagination"]["total"] = 2.into();

    // The details type cannot read a summary: `Role` and `User` are required.
    let full = serde_json::from_value::<ListResponse<ManagementRoleAssignment>>(list.clone());
    assert!(full.unwrap_err().to_string().contains("missing field"));

    // What `list()` answers can, and gives the JSON back exactly.
    fn answer<R: FromResponse, Q>(_: Request<R, Q>, body: &[u8]) -> R {
        R::from_response(200, &HeaderMap::new(), body).expect("the list decodes")
    }
    let body = serde_json::to_vec(&list).unwrap();
    let page: ListResponse<ManagementRoleAssignmentSummary> =
        answer(ManagementRoleAssignment::list(), &body);
    assert_eq!(page.resources.len(), 2);
    assert_eq!(page.resources[1].data.name.as_deref(), Some("Name 1"));
    assert_eq!(page.resources[1].data.role, None);
    assert_eq!(
        page.resources[0].data.extra["hierarchy_friendly_name"],
        "hierarchy_friendly_name 0"
    );
    assert_eq!(serde_json::to_value(&page).unwrap(), list);
    let _: ListResponse<ManagementRoleAssignmentSummary> = round_trip("summary list", &list);

    // Summaries are validated as the details are, but for the required fields.
    page.validate().expect("a summary lacks required fields");
    let mut bad = list.clone();
    bad["resources"][1]["data"]["WhenCreated"] = "yesterday".into();
    let errors =
        vossgen_runtime::validate::from_str::<ListResponse<ManagementRoleAssignmentSummary>>(
            &bad.to_string(),
        )
        .unwrap_err();
    let found: Vec<(String, String)> = errors
        .iter()
        .map(|e| (e.path().to_string(), e.keyword().to_string()))
        .collect();
    assert_eq!(
        found,
        [(
            "/resources/1/data/WhenCreated".to_string(),
            "format".to_string()
        )]
    );
}
