//! The VOSS Automate response envelopes: a list of resources, and one resource.
//!
//! Every field is optional and every object keeps the keys it does not know (`extra`), so an
//! envelope of any API version reads and writes back the same JSON. A field that the API may
//! send as `null` is an `Option<Option<_>>`: absent and `null` stay distinct. Decoding is
//! `__object!`, which also writes keys back in the order they were read.

use crate::Extra;
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeMap;

crate::__object! {
    /// A list response: `GET /api/{model_type}/`.
    ///
    /// Reading and writing one needs `T: DeserializeOwned + Serialize + PartialEq`, as every
    /// generated model and `serde_json::Value` are: the envelopes are read, written and compared
    /// through the same per-field tables as generated structs.
    #[derive(Clone, Debug, PartialEq)]
    pub struct ListResponse<T>: "a VOSS list response" {
        /// The operations the caller may perform on this model type.
        pub operations: Option<Vec<String>> = opt("operations"),
        /// Where this page is in the whole list.
        pub pagination: Option<Pagination> = opt("pagination"),
        /// Metadata of the model type: actions, references, summary attributes.
        pub meta: Option<Meta> = opt("meta"),
        /// The instances on this page.
        pub resources: Vec<Resource<T>> = default("resources"),
        ..
        /// Keys this version of vossgen does not know, kept for the round trip.
        pub extra: Extra,
    }
}

crate::__object! {
    /// One instance: `GET /api/{model_type}/{pkid}/`, or an element of [`ListResponse::resources`].
    ///
    /// Reading and writing one needs `T: DeserializeOwned + Serialize + PartialEq` (see
    /// [`ListResponse`]).
    #[derive(Clone, Debug, PartialEq)]
    pub struct Resource<T>: "a VOSS resource" {
        /// The instance's primary key.
        pub pkid: Option<String> = opt("pkid"),
        /// Metadata of the instance: actions, references, hierarchy path.
        pub meta: Option<Meta> = opt("meta"),
        /// The instance's data, typed by the model's schema.
        pub data: T = req("data"),
        ..
        /// Keys this version of vossgen does not know, kept for the round trip.
        pub extra: Extra,
    }
}

crate::__object! {
    /// Pagination of a list response.
    #[derive(Default, PartialEq)]
    pub struct Pagination: "VOSS pagination" {
        /// `"asc"` or `"desc"`.
        pub direction: Option<String> = opt("direction"),
        /// The attribute the list is ordered by.
        pub order_by: Option<String> = opt("order_by"),
        /// The largest `limit` the server accepts.
        pub maximum_limit: Option<u64> = opt("maximum_limit"),
        /// How many instances come before this page.
        pub skip: Option<u64> = opt("skip"),
        /// The URL of this page.
        pub current: Option<String> = opt("current"),
        /// The page size.
        pub limit: Option<u64> = opt("limit"),
        /// The cap on the total, or `null` for none.
        pub total_limit: Option<Option<u64>> = present("total_limit"),
        /// How many instances the whole list has.
        pub total: Option<u64> = opt("total"),
        ..
        /// Keys this version of vossgen does not know, kept for the round trip.
        pub extra: Extra,
    }
}

crate::__object! {
    /// Metadata of a model type or an instance.
    #[derive(Default, PartialEq)]
    pub struct Meta: "VOSS metadata" {
        /// Tags of the instance.
        pub tags: Option<Vec<Value>> = opt("tags"),
        /// Whether the data came from the cache.
        pub cached: Option<bool> = opt("cached"),
        /// The cache policy, e.g. `"cache_then_device"`.
        pub cache_control_policy: Option<String> = opt("cache_control_policy"),
        /// The instance's display title.
        pub title: Option<String> = opt("title"),
        /// The business key: `{"hierarchy": true, "unique": ["name"]}`.
        pub business_key: Option<Value> = opt("business_key"),
        /// The schema version of the instance's data.
        pub schema_version: Option<String> = opt("schema_version"),
        /// Whether this is a summary (the API sends the string `"false"`).
        pub summary: Option<Value> = opt("summary"),
        /// Links by kind: `self`, `parent`, `children`, `device`, `owner`, `foreign_key` (in the
        /// order the API sent them).
        pub references: Option<IndexMap<String, Vec<ReferenceLink>>> = opt("references"),
        /// The actions on offer: a list of one-key objects, action name to [`Action`].
        pub actions: Option<Vec<BTreeMap<String, Action>>> = opt("actions"),
        /// The model type, e.g. `"data/Role"`.
        pub model_type: Option<String> = opt("model_type"),
        /// The operations specific to this model type.
        pub model_specific_actions: Option<Vec<String>> = opt("model_specific_actions"),
        /// The attributes shown in summaries.
        pub summary_attrs: Option<Vec<Value>> = opt("summary_attrs"),
        /// The pkids of the hierarchy nodes above the instance, outermost first.
        pub path: Option<Vec<String>> = opt("path"),
        /// The API version, e.g. `"21.2"`.
        pub api_version: Option<String> = opt("api_version"),
        /// Tagged versions of the instance.
        pub tagged_versions: Option<Vec<Value>> = opt("tagged_versions"),
        ..
        /// Keys this version of vossgen does not know, kept for the round trip.
        pub extra: Extra,
    }
}

crate::__object! {
    /// A link in [`Meta::references`]. The API writes `"pkid": null` for the list's own `self`
    /// link and `""` for unset links; both are kept as they are.
    #[derive(Default, PartialEq)]
    pub struct ReferenceLink: "a VOSS reference" {
        /// The linked instance's pkid: absent, `null`, `""` or a value.
        pub pkid: Option<Option<String>> = present("pkid"),
        /// The linked instance's URL.
        pub href: Option<String> = opt("href"),
        /// For foreign keys: the dotted path of the referring field, e.g. `"interfaces.0.name"`.
        pub path: Option<String> = opt("path"),
        /// For foreign keys: the model type of the referenced instance.
        pub model_type: Option<String> = opt("model_type"),
        ..
        /// Keys this version of vossgen does not know, kept for the round trip.
        pub extra: Extra,
    }
}

crate::__object! {
    /// An action in [`Meta::actions`].
    #[derive(Default, PartialEq)]
    pub struct Action: "a VOSS action" {
        /// Whether the operation can run asynchronously (answering with a transaction).
        pub support_async: Option<bool> = opt("support_async"),
        /// The action's class, e.g. `"update"`, `"custom"`.
        pub class: Option<String> = opt("class"),
        /// The URL template of the operation.
        pub href: Option<String> = opt("href"),
        /// The HTTP method.
        pub method: Option<String> = opt("method"),
        /// The display title.
        pub title: Option<String> = opt("title"),
        /// What the GUI submits, e.g. `"payload"`.
        pub submit: Option<String> = opt("submit"),
        /// The URL of the form the GUI shows for the action.
        pub view: Option<String> = opt("view"),
        ..
        /// Keys this version of vossgen does not know, kept for the round trip.
        pub extra: Extra,
    }
}

use crate::validate::Description;

impl<T: crate::Validate + 'static> crate::Validate for Resource<T> {
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

    /// An object whose `data` is `T`, when `T` has a schema.
    fn described() -> Option<Description> {
        let inner = T::described()?;
        Some(Description {
            schema: resource_node::<T>(inner.schema),
            complete: inner.complete,
        })
    }
}

impl<T: crate::Validate + 'static> crate::Validate for ListResponse<T> {
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

    /// An object whose `resources` are [`Resource<T>`]s, when `T` has a schema.
    fn described() -> Option<Description> {
        let inner = T::described()?;
        Some(Description {
            schema: list_node::<T>(inner.schema),
            complete: inner.complete,
        })
    }
}

/// The compiled schema of an envelope around `T`, built once per type and kept for the life of
/// the program (statics cannot be generic).
fn envelope_node<T: 'static>(
    build: impl FnOnce() -> crate::validate::Node,
) -> &'static crate::validate::Node {
    use std::any::TypeId;
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static NODES: OnceLock<Mutex<HashMap<TypeId, &'static crate::validate::Node>>> =
        OnceLock::new();
    let nodes = || {
        NODES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    };
    if let Some(node) = nodes().get(&TypeId::of::<T>()) {
        return node;
    }
    // Built without the lock held: building an envelope asks for the schema of the one inside.
    let built: &'static crate::validate::Node = Box::leak(Box::new(build()));
    nodes().entry(TypeId::of::<T>()).or_insert(built)
}

impl<T: crate::Described + 'static> crate::Described for Resource<T> {
    /// An object whose `data` is `T`.
    fn schema() -> &'static crate::validate::Node {
        resource_node::<T>(T::schema())
    }
}

impl<T: crate::Described + 'static> crate::Described for ListResponse<T> {
    /// An object whose `resources` are [`Resource<T>`]s.
    fn schema() -> &'static crate::validate::Node {
        list_node::<T>(T::schema())
    }
}

/// The schema of a [`Resource<T>`] whose data has schema `data`.
fn resource_node<T: 'static>(
    data: &'static crate::validate::Node,
) -> &'static crate::validate::Node {
    use crate::validate::{Node, Property, Ty};
    envelope_node::<Resource<T>>(|| Node {
        types: &[Ty::Object],
        properties: Box::leak(Box::new([Property {
            name: "data",
            node: data,
            required: true,
        }])),
        ..Node::ANY
    })
}

/// The schema of a [`ListResponse<T>`] whose items' data has schema `data`.
fn list_node<T: 'static>(data: &'static crate::validate::Node) -> &'static crate::validate::Node {
    use crate::validate::{Items, Node, Property, Ty};
    envelope_node::<ListResponse<T>>(|| {
        let resources: &'static Node = Box::leak(Box::new(Node {
            types: &[Ty::Array],
            items: Items::All(resource_node::<T>(data)),
            ..Node::ANY
        }));
        Node {
            types: &[Ty::Object],
            properties: Box::leak(Box::new([Property {
                name: "resources",
                node: resources,
                required: false,
            }])),
            ..Node::ANY
        }
    })
}
