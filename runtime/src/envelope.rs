//! The VOSS Automate response envelopes: a list of resources, and one resource.
//!
//! Every field is optional and every object keeps the keys it does not know (`extra`), so an
//! envelope of any API version reads and writes back the same JSON. A field that the API may
//! send as `null` is an `Option<Option<_>>`: absent and `null` stay distinct. Decoding is
//! `__deserialize_object!` (no `flatten` buffering); encoding is derived.

use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A list response: `GET /api/{model_type}/`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(bound(serialize = "T: Serialize"))]
pub struct ListResponse<T> {
    /// The operations the caller may perform on this model type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<String>>,
    /// Where this page is in the whole list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Metadata of the model type: actions, references, summary attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The instances on this page.
    pub resources: Vec<Resource<T>>,
    /// Keys this version of vossgen does not know, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One instance: `GET /api/{model_type}/{pkid}/`, or an element of [`ListResponse::resources`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(bound(serialize = "T: Serialize"))]
pub struct Resource<T> {
    /// The instance's primary key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkid: Option<String>,
    /// Metadata of the instance: actions, references, hierarchy path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The instance's data, typed by the model's schema.
    pub data: T,
    /// Keys this version of vossgen does not know, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Pagination of a list response.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Pagination {
    /// `"asc"` or `"desc"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// The attribute the list is ordered by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    /// The largest `limit` the server accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_limit: Option<u64>,
    /// How many instances come before this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip: Option<u64>,
    /// The URL of this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// The page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// The cap on the total, or `null` for none.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_limit: Option<Option<u64>>,
    /// How many instances the whole list has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Keys this version of vossgen does not know, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Metadata of a model type or an instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Meta {
    /// Tags of the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
    /// Whether the data came from the cache.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached: Option<bool>,
    /// The cache policy, e.g. `"cache_then_device"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_control_policy: Option<String>,
    /// The instance's display title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The business key: `{"hierarchy": true, "unique": ["name"]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_key: Option<Value>,
    /// The schema version of the instance's data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<String>,
    /// Whether this is a summary (the API sends the string `"false"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Value>,
    /// Links by kind: `self`, `parent`, `children`, `device`, `owner`, `foreign_key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub references: Option<BTreeMap<String, Vec<ReferenceLink>>>,
    /// The actions on offer: a list of one-key objects, action name to [`Action`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<BTreeMap<String, Action>>>,
    /// The model type, e.g. `"data/Role"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_type: Option<String>,
    /// The operations specific to this model type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_specific_actions: Option<Vec<String>>,
    /// The attributes shown in summaries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_attrs: Option<Vec<Value>>,
    /// The pkids of the hierarchy nodes above the instance, outermost first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
    /// The API version, e.g. `"21.2"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Tagged versions of the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tagged_versions: Option<Vec<Value>>,
    /// Keys this version of vossgen does not know, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A link in [`Meta::references`]. The API writes `"pkid": null` for the list's own `self`
/// link and `""` for unset links; both are kept as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReferenceLink {
    /// The linked instance's pkid: absent, `null`, `""` or a value.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub pkid: Option<Option<String>>,
    /// The linked instance's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// For foreign keys: the dotted path of the referring field, e.g. `"interfaces.0.name"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For foreign keys: the model type of the referenced instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_type: Option<String>,
    /// Keys this version of vossgen does not know, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An action in [`Meta::actions`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Action {
    /// Whether the operation can run asynchronously (answering with a transaction).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_async: Option<bool>,
    /// The action's class, e.g. `"update"`, `"custom"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// The URL template of the operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// The HTTP method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The display title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the GUI submits, e.g. `"payload"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submit: Option<String>,
    /// The URL of the form the GUI shows for the action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    /// Keys this version of vossgen does not know, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

crate::__deserialize_object! {
    ListResponse<T>, "a VOSS list response", extra: extra as Map<String, Value>,
    { operations: "operations" => opt, pagination: "pagination" => opt, meta: "meta" => opt, resources: "resources" => default }
}

crate::__deserialize_object! {
    Resource<T>, "a VOSS resource", extra: extra as Map<String, Value>,
    { pkid: "pkid" => opt, meta: "meta" => opt, data: "data" => req }
}

crate::__deserialize_object! {
    Pagination, "VOSS pagination", extra: extra as Map<String, Value>,
    {
        direction: "direction" => opt, order_by: "order_by" => opt, maximum_limit: "maximum_limit" => opt,
        skip: "skip" => opt, current: "current" => opt, limit: "limit" => opt,
        total_limit: "total_limit" => present, total: "total" => opt,
    }
}

crate::__deserialize_object! {
    Meta, "VOSS metadata", extra: extra as Map<String, Value>,
    {
        tags: "tags" => opt, cached: "cached" => opt, cache_control_policy: "cache_control_policy" => opt,
        title: "title" => opt, business_key: "business_key" => opt, schema_version: "schema_version" => opt,
        summary: "summary" => opt, references: "references" => opt, actions: "actions" => opt,
        model_type: "model_type" => opt, model_specific_actions: "model_specific_actions" => opt,
        summary_attrs: "summary_attrs" => opt, path: "path" => opt, api_version: "api_version" => opt,
        tagged_versions: "tagged_versions" => opt,
    }
}

crate::__deserialize_object! {
    ReferenceLink, "a VOSS reference", extra: extra as Map<String, Value>,
    { pkid: "pkid" => present, href: "href" => opt, path: "path" => opt, model_type: "model_type" => opt }
}

crate::__deserialize_object! {
    Action, "a VOSS action", extra: extra as Map<String, Value>,
    {
        support_async: "support_async" => opt, class: "class" => opt, href: "href" => opt, method: "method" => opt,
        title: "title" => opt, submit: "submit" => opt, view: "view" => opt,
    }
}

impl<T: crate::Validate> crate::Validate for Resource<T> {
    /// Validates `data`, at `/data`.
    fn validate_at(
        &self,
        path: &mut crate::validate::JsonPath,
        errors: &mut crate::ValidationErrors,
    ) {
        path.push_key("data");
        self.data.validate_at(path, errors);
        path.pop();
    }
}

impl<T: crate::Validate> crate::Validate for ListResponse<T> {
    /// Validates each resource's `data`, at `/resources/{i}/data`.
    fn validate_at(
        &self,
        path: &mut crate::validate::JsonPath,
        errors: &mut crate::ValidationErrors,
    ) {
        path.push_key("resources");
        for (i, r) in self.resources.iter().enumerate() {
            path.push_index(i);
            r.validate_at(path, errors);
            path.pop();
        }
        path.pop();
    }
}
