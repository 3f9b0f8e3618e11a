//! What a write came to: [`Transaction`], whether the server answered when the write was done
//! (the API's default) or at once with a transaction to follow (`nowait=true`).

use crate::routes::TransactionRef;
use serde_json::Value;

/// The state of a VOSS transaction (`tool/Transaction`'s `data.status`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransactionStatus {
    /// Waiting in the transaction queue.
    Queued,
    /// Running.
    InProgress,
    /// Finished and succeeded (`Success`, also spelled `Completed` by some releases).
    Success,
    /// Finished and failed (`Fail`, `Failed`, `Error`).
    Fail,
    /// A state this version of vossgen does not know, as the server wrote it; not final.
    Other(String),
}

impl TransactionStatus {
    /// The status a server wrote (case and spaces or underscores do not matter).
    pub fn parse(text: &str) -> TransactionStatus {
        let key: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "queued" | "pending" | "scheduled" => TransactionStatus::Queued,
            "inprogress" | "running" | "processing" => TransactionStatus::InProgress,
            "success" | "succeeded" | "complete" | "completed" => TransactionStatus::Success,
            "fail" | "failed" | "failure" | "error" => TransactionStatus::Fail,
            _ => TransactionStatus::Other(text.to_string()),
        }
    }

    /// Whether the transaction is over ([`Success`](Self::Success) or [`Fail`](Self::Fail)).
    pub fn is_final(&self) -> bool {
        matches!(self, TransactionStatus::Success | TransactionStatus::Fail)
    }
}

/// A finished write: what [`Client::wait_for`](super::Client::wait_for) and
/// [`Client::perform`](super::Client::perform) give.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Transaction {
    /// The transaction's pkid, when the server answered with one (`nowait`).
    pub id: Option<String>,
    /// Its final state.
    pub status: TransactionStatus,
    /// The created or affected resource's pkid, from the synchronous answer or from the
    /// transaction's `data.resource` (its `pkid`, or the last segment of its
    /// `after_transaction`/`href` link).
    pub resource_pkid: Option<String>,
    /// The resource's model type, when the answer says.
    pub model_type: Option<String>,
    /// The whole answer (the synchronous answer, or the last `tool/Transaction` read).
    pub body: Value,
}

impl Transaction {
    /// The transaction an answer given when the write was done is: `success: false` is a
    /// failure, anything else a success.
    pub(super) fn from_done(answer: &TransactionRef, body: Value) -> Transaction {
        Transaction {
            id: None,
            status: if answer.success == Some(false) {
                TransactionStatus::Fail
            } else {
                TransactionStatus::Success
            },
            resource_pkid: answer.resource_pkid.clone(),
            model_type: answer.model_type.clone(),
            body,
        }
    }

    /// A `tool/Transaction` instance as read from the API.
    pub(super) fn from_state(id: &str, state: Value) -> Transaction {
        let data = state.get("data").unwrap_or(&Value::Null);
        let status = data.get("status").and_then(Value::as_str).map_or(
            TransactionStatus::Other(String::new()),
            TransactionStatus::parse,
        );
        let resource = data.get("resource").unwrap_or(&Value::Null);
        let text = |v: &Value, key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let link = ["after_transaction", "href", "uri"]
            .iter()
            .find_map(|k| text(resource, k));
        let (link_type, link_pkid) = link.as_deref().map(split_link).unwrap_or_default();
        Transaction {
            id: Some(id.to_string()),
            status,
            resource_pkid: text(resource, "pkid").or(link_pkid),
            model_type: text(resource, "model_type")
                .or_else(|| text(data, "model_type"))
                .or(link_type),
            body: state,
        }
    }
}

/// The model type and pkid of a resource link, `/api/data/Role/63…/?cache=…` →
/// (`data/Role`, `63…`).
fn split_link(link: &str) -> (Option<String>, Option<String>) {
    let Some(pkid) = crate::routes::last_segment(link) else {
        return (None, None);
    };
    let path = link
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let model = path
        .split_once("/api/")
        .and_then(|(_, rest)| rest.strip_suffix(pkid))
        .map(|m| m.trim_end_matches('/'))
        .filter(|m| !m.is_empty());
    match model {
        Some(model) => (Some(model.to_string()), Some(pkid.to_string())),
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_servers_write_them() {
        use TransactionStatus::*;
        for (text, want) in [
            ("Queued", Queued),
            ("In Progress", InProgress),
            ("in_progress", InProgress),
            ("Success", Success),
            ("Completed", Success),
            ("Fail", Fail),
            ("Failed", Fail),
        ] {
            assert_eq!(TransactionStatus::parse(text), want, "{text}");
        }
        assert_eq!(
            TransactionStatus::parse("Suspended"),
            Other("Suspended".into())
        );
        assert!(Success.is_final() && Fail.is_final() && !InProgress.is_final());
    }

    #[test]
    fn the_resource_comes_from_the_transaction() {
        let state = serde_json::json!({"data": {"status": "Success", "resource": {
            "hierarchy": "sys", "after_transaction": "/api/data/Role/63ab/?cache_control=x"}}});
        let t = Transaction::from_state("t1", state);
        assert_eq!(t.status, TransactionStatus::Success);
        assert_eq!(t.resource_pkid.as_deref(), Some("63ab"));
        assert_eq!(t.model_type.as_deref(), Some("data/Role"));
        let state = serde_json::json!({"data": {"status": "Fail", "resource": {"pkid": "9", "model_type": "device/x/Y"}}});
        let t = Transaction::from_state("t2", state);
        assert_eq!(
            (t.resource_pkid.as_deref(), t.model_type.as_deref()),
            (Some("9"), Some("device/x/Y"))
        );
        assert_eq!(split_link("no api here"), (None, None));
    }
}
