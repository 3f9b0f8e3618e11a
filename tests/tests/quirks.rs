//! One test per quirk of the seed pages that the generated types must survive.

use serde_json::json;
use voss_api::data::role::{Interface, Rules};
use voss_api::data::Role;
use voss_api::device::exchange::ManagementRoleAssignment;
use voss_api::relation::hcs_admin_user_rel::{AccountInformation, AdminUser};
use voss_api::relation::HcsAdminUserRel;
use voss_api::relation::SparkCustomer;
use vossgen_runtime::{Payload, Reference};

#[test]
// The point is to check generated constants.
#[allow(clippy::assertions_on_constants)]
fn integer_default_written_as_a_string_is_a_typed_constant() {
    // The schema says `"type": "integer", "default": "0"`.
    assert_eq!(
        AccountInformation::DEFAULT_NUM_OF_FAILED_LOGIN_ATTEMPTS,
        0i64
    );
    // The default is not filled in on read: an absent field stays absent, so the round trip holds.
    let info: AccountInformation = serde_json::from_value(json!({})).unwrap();
    assert_eq!(info.num_of_failed_login_attempts, None);
    assert_eq!(serde_json::to_value(&info).unwrap(), json!({}));
    assert_eq!(AdminUser::DEFAULT_LANGUAGE, "en-us");
    assert!(!AdminUser::DEFAULT_SET_LANGUAGE);
}

#[test]
fn uri_format_on_references_holds_names() {
    let user: AdminUser = serde_json::from_value(json!({
        "username": "x", "role": "AAAGlobalENTCustomerAdministrator", "language": "en-us",
        "account_information": {"credential_policy": "AAAGlobal-CP"}
    }))
    .unwrap();
    assert_eq!(user.role.get(), Some("AAAGlobalENTCustomerAdministrator"));
    type RoleRef = voss_api::shared::RoleNameRef;
    assert_eq!(Reference::<RoleRef>::target_model_type(), Some("data/Role"));
    assert_eq!(Reference::<RoleRef>::target_attr(), Some("name"));
    let policy = user.account_information.unwrap().credential_policy.unwrap();
    assert_eq!(policy.as_str(), "AAAGlobal-CP");
}

#[test]
fn empty_string_is_an_unset_reference_kept_on_the_wire() {
    let role: Role = serde_json::from_value(json!({
        "name": "r", "access_profile": "AP", "interface": "administration", "selfservice_links": ""
    }))
    .unwrap();
    let links = role.selfservice_links.as_ref().unwrap();
    assert!(links.is_unset());
    assert_eq!(links.get(), None);
    assert_eq!(
        serde_json::to_value(&role).unwrap()["selfservice_links"],
        ""
    );
}

#[test]
fn keys_the_schema_does_not_list_are_kept() {
    let data = json!({
        "name": "AAAGlobalCustomerAdministrator", "access_profile": "HcsCustomerAdminAP",
        "interface": "administration", "pkid": "63054c52c46e74b4687bca5e",
        "hierarchy_friendly_name": "AAAGlobal (Customer)", "hierarchy_path": "sys.hcs.CS-P.CS-NB.AAAGlobal"
    });
    let role: Role = serde_json::from_value(data.clone()).unwrap();
    assert_eq!(role.extra["pkid"], "63054c52c46e74b4687bca5e");
    assert_eq!(role.extra["hierarchy_path"], "sys.hcs.CS-P.CS-NB.AAAGlobal");
    assert_eq!(serde_json::to_value(&role).unwrap(), data);
}

#[test]
fn choice_outside_the_list_still_parses_and_round_trips() {
    let role: Role =
        serde_json::from_value(json!({"name": "r", "access_profile": "AP", "interface": "mobile"}))
            .unwrap();
    assert_eq!(role.interface, Interface::Other("mobile".to_string()));
    assert!(!role.interface.is_known());
    assert_eq!(serde_json::to_value(&role).unwrap()["interface"], "mobile");
    assert_eq!(Interface::from("selfservice"), Interface::Selfservice);
    assert_eq!(
        Interface::VALUES,
        &["administration", "selfservice", "none"]
    );
}

#[test]
fn required_and_readonly_fields_are_optional_and_never_sent() {
    // SecurityGroup, Policy and Computer are `required` and `readonly` (forced, `__WARNING`).
    let mra: ManagementRoleAssignment = serde_json::from_value(json!({
        "Role": "Mail Recipients", "User": "alice", "SecurityGroup": "sg", "Guid": "g-1", "Name": "n"
    }))
    .unwrap();
    assert_eq!(mra.security_group.as_deref(), Some("sg"));
    assert_eq!(mra.policy, None);
    let payload = mra.to_payload().unwrap();
    assert_eq!(
        payload,
        json!({"Role": "Mail Recipients", "User": "alice", "Name": "n"})
    );
    // The response keeps everything.
    assert_eq!(serde_json::to_value(&mra).unwrap()["Guid"], "g-1");
}

#[test]
fn readonly_fields_are_stripped_at_every_depth() {
    let rel: HcsAdminUserRel = serde_json::from_value(json!({
        "hcsUname": "u",
        "AdminUser": {"username": "u", "role": "r", "account_information": {
            "locked": false, "last_login_time": "2019-11-14T14:00:01.222Z",
            "password_last_change_time": "2019-11-14T11:38:35.327Z"
        }}
    }))
    .unwrap();
    let payload = rel.to_payload().unwrap();
    assert_eq!(
        payload["AdminUser"]["account_information"],
        json!({"locked": false})
    );
}

#[test]
fn keyword_and_odd_property_names_keep_their_wire_names() {
    let mra: ManagementRoleAssignment =
        serde_json::from_value(json!({"Role": "r", "User": "u", "PSComputerName": "host"}))
            .unwrap();
    assert_eq!(mra.ps_computer_name.as_deref(), Some("host"));
    assert_eq!(mra.role, "r");
    let spark: SparkCustomer =
        serde_json::from_value(json!({"name": "n", "shadow": [{"name": "s"}]})).unwrap();
    assert_eq!(spark.shadow.unwrap()[0].name, "s");
    let rules: Rules = serde_json::from_value(json!({"hierarchy_types": ["Customer"]})).unwrap();
    assert_eq!(rules.hierarchy_types.unwrap()[0].as_str(), "Customer");
}

#[test]
fn new_takes_the_required_fields_and_leaves_the_rest_unset() {
    let role = Role::new("Admin", "HcsCustomerAdminAP", Interface::Administration);
    assert_eq!(
        serde_json::to_value(&role).unwrap(),
        json!({"name": "Admin", "access_profile": "HcsCustomerAdminAP", "interface": "administration"})
    );
    assert!(role.menu_layout.is_none() && role.extra.is_empty());
    // The same from plain strings (a reference, an enum value and a name all convert).
    let same = Role::new("Admin", "HcsCustomerAdminAP", "administration");
    assert_eq!(same, role);
    let user = voss_api::relation::hcs_admin_user_rel::AdminUser::new("alice", "AdminRole");
    assert_eq!(user.role.get(), Some("AdminRole"));
}
