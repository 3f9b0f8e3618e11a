//! What a server implementation of the API sees and answers: [`Call`] and [`Reply`]. Generated
//! code defines a trait per API with one method per operation in these terms; the `server`
//! feature's `server::router` serves it over HTTP.

use crate::routes::Route;
use crate::validate::ValidationErrors;
use serde::Serialize;
use std::collections::BTreeMap;

/// One incoming call of a documented operation.
#[derive(Debug, Clone)]
pub struct Call {
    /// The operation.
    pub route: &'static Route,
    /// Path parameters by name (`pkid`, `co_short`, …), decoded.
    pub path: BTreeMap<String, String>,
    /// Query parameters by name, decoded.
    pub query: BTreeMap<String, String>,
    /// The request body.
    pub body: Vec<u8>,
}

impl Call {
    /// A path parameter, or `""`.
    pub fn path_param(&self, name: &str) -> &str {
        self.path.get(name).map(String::as_str).unwrap_or("")
    }

    /// A query parameter.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }
}

/// An answer: status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The content type.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(body) => Reply {
                status,
                content_type: "application/json",
                body,
            },
            Err(e) => Reply::error(500, &format!("the reply cannot be serialized: {e}")),
        }
    }

    /// `{"error": message}` with a status.
    pub fn error(status: u16, message: &str) -> Self {
        Reply {
            status,
            content_type: "application/json",
            body: serde_json::json!({ "error": message })
                .to_string()
                .into_bytes(),
        }
    }

    /// 501, the default of every operation a server does not implement.
    pub fn not_implemented(route: &Route) -> Self {
        Reply::error(
            501,
            &format!("{}.{} is not implemented", route.model, route.operation),
        )
    }

    /// 422 with every validation error: `{"errors": [{"pointer", "keyword", "message"}]}`.
    pub fn invalid(errors: &ValidationErrors) -> Self {
        let list: Vec<serde_json::Value> = errors
            .iter()
            .map(|e| serde_json::json!({ "pointer": e.path(), "keyword": e.keyword(), "message": e.message() }))
            .collect();
        Reply::json(422, &serde_json::json!({ "errors": list }))
    }
}
