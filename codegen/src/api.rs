//! The operations sidecar: `Foo.api.json` beside a schema `Foo.json` says which model type the
//! schema is and which operations the API documents for it. The importer writes these files;
//! the generator reads them. A VOSS schema without one gets the generic operations
//! ([`GenericOperations`]); any other is a plain schema (types, no routes).

use serde::{Deserialize, Serialize};

/// File suffix of an operations sidecar.
pub const API_SUFFIX: &str = ".api.json";
/// File suffix of the example responses kept as test fixtures.
pub const EXAMPLES_SUFFIX: &str = ".examples.json";
/// The suffix of an add form's schema where it differs from the details schema
/// (`data/Role.add.json`, written by `vossgen pull`). Not a model of its own.
pub const ADD_FORM_SUFFIX: &str = ".add.json";

/// Whether `text` can name a model type (`data/Role`): `/`-separated segments, none empty,
/// `.` or `..` (a model type becomes a path under the input root).
pub fn is_model_type(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// The first segment of every VOSS Automate model type.
pub const VOSS_KINDS: &[&str] = &["data", "device", "relation", "view", "tool"];

/// Whether `text` is a VOSS Automate model type: a model type ([`is_model_type`]) of at least
/// two segments whose first is one of [`VOSS_KINDS`] (`data/Role`, `device/cucm/Phone`).
pub fn is_voss_model_type(text: &str) -> bool {
    is_model_type(text)
        && text
            .split_once('/')
            .is_some_and(|(kind, _)| VOSS_KINDS.contains(&kind))
}

/// Which VOSS schemas without an operations sidecar get the generic operations that the API
/// offers for every model (list, get, create, modify, delete, move, export, choices, help, …:
/// what `vossgen::import::generic_api` gives and `vossgen pull` writes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GenericOperations {
    /// A schema whose path under its input root names a VOSS model type
    /// ([`is_voss_model_type`]: first directory `data`, `device`, `relation`, `view` or
    /// `tool`) gets them; other schemas are plain types (the default).
    #[default]
    Auto,
    /// Every schema without a sidecar gets them, its path (without `.json`) as model type.
    On,
    /// Only a sidecar gives operations.
    Off,
}

impl GenericOperations {
    /// Whether a schema without a sidecar, whose path without `.json` is `model_type`, gets
    /// them.
    pub fn applies(self, model_type: &str) -> bool {
        match self {
            GenericOperations::Auto => is_voss_model_type(model_type),
            GenericOperations::On => true,
            GenericOperations::Off => false,
        }
    }
}

/// The contents of a `*.api.json` file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiFile {
    /// Which API: `"voss"` (VOSS Automate) or `"vspark"` (V-Spark `/config`).
    pub api: String,
    /// The model type, e.g. `"data/Role"` (VOSS only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_type: Option<String>,
    /// The page's introduction, used as the model's documentation when the schema has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The API version the example responses came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The largest list page the server accepts (`pagination.maximum_limit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_limit: Option<u64>,
    /// The documented operations, in page order.
    pub operations: Vec<Operation>,
}

/// One documented operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The operation's name in snake_case, unique per model: the generated function's name.
    pub name: String,
    /// The task as the page words it.
    pub task: String,
    /// The HTTP method.
    pub method: String,
    /// The canonical path template: `{pkid}` for path parameters, trailing slash as in the
    /// `actions` hrefs.
    pub path: String,
    /// The path parameters, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path_params: Vec<String>,
    /// The query parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<QueryParam>,
    /// The request body: `"model"` (the model's write payload), `"model:TYPE"` (another
    /// model, e.g. `model:vspark/User`), `"hrefs"`, `"bulk_update"`, `"optional"`, `"json"` or
    /// `"none"`.
    pub payload: String,
    /// The response: `"list"`, `"resource"`, `"transaction"`, `"file"`, `"html"`, `"json"`,
    /// `"status"` or `"model:TYPE"` (a model's JSON, e.g. `model:vspark/User`).
    pub response: String,
    /// Whether the API can run it asynchronously (answering with a transaction).
    pub support_async: bool,
    /// The action's key in the example responses' `actions`, when one matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Where the page documents it: `"task_table"`, `"action"` or `"synopsis"`.
    pub source: String,
}

/// A query parameter of an operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryParam {
    /// The parameter's name.
    pub name: String,
    /// A fixed value (e.g. `model_type=data/Role`); absent for a caller-supplied value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Whether the API requires it.
    #[serde(default)]
    pub required: bool,
}
