//! The operations sidecar: `Foo.api.json` beside a schema `Foo.json` says which model type the
//! schema is and which operations the API documents for it. The importer writes these files;
//! the generator reads them. A schema without one is a plain schema (types, no routes).

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
