//! What a server implementation of the API sees and answers: [`Call`] and [`Reply`]. Generated
//! code defines a trait per model (and per API module) with one method per operation in these
//! terms, and a `serve` function that makes a [`Service`] of an implementation; the `server`
//! feature's `server::router` serves any number of services over HTTP.

use crate::routes::Route;
use crate::validate::ValidationErrors;
use serde::Serialize;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The future of a [`Service`]'s reply.
pub type ReplyFuture = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// What a generated server method returns: a future of its [`Reply`] that can move between
/// threads. Every such future is one; an `async` block in an implementation is.
pub trait Answer: Future<Output = Reply> + Send {}

impl<F: Future<Output = Reply> + Send> Answer for F {}

/// Some routes and the function that answers a call of any of them: what a generated
/// `serve(server)` returns for one model, and what `server::router` serves.
#[derive(Clone)]
pub struct Service {
    routes: &'static [&'static Route],
    handler: Arc<dyn Fn(Call) -> ReplyFuture + Send + Sync>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("routes", &self.routes.len())
            .finish_non_exhaustive()
    }
}

impl Service {
    /// `routes`, each call answered by `handler`.
    pub fn from_fn<F, Fut>(routes: &'static [&'static Route], handler: F) -> Service
    where
        F: Fn(Call) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Reply> + Send + 'static,
    {
        Service {
            routes,
            handler: Arc::new(move |call| Box::pin(handler(call))),
        }
    }

    /// `routes` answered by `dispatch(server, call)`: what generated `serve` functions call.
    pub fn new<S, Fut>(
        routes: &'static [&'static Route],
        server: Arc<S>,
        dispatch: fn(Arc<S>, Call) -> Fut,
    ) -> Service
    where
        S: ?Sized + Send + Sync + 'static,
        Fut: Future<Output = Reply> + Send + 'static,
    {
        Service::from_fn(routes, move |call| dispatch(server.clone(), call))
    }

    /// The routes this service answers.
    pub fn routes(&self) -> &'static [&'static Route] {
        self.routes
    }

    /// Answers `call`.
    pub fn call(&self, call: Call) -> ReplyFuture {
        (self.handler)(call)
    }
}

/// A reply that is already there, as a [`ReplyFuture`].
pub fn ready(reply: Reply) -> ReplyFuture {
    Box::pin(std::future::ready(reply))
}

/// The default of every generated server method: 501 Not Implemented.
pub fn not_implemented(call: Call) -> std::future::Ready<Reply> {
    std::future::ready(Reply::not_implemented(call.route))
}

/// The request body of `call` decoded and validated as `T`, or the 422 reply with every error.
pub fn payload<T>(call: &Call) -> Result<T, Reply>
where
    T: serde::de::DeserializeOwned + crate::Validate + crate::Described,
{
    crate::from_slice::<T>(&call.body).map_err(|errors| Reply::invalid(&errors))
}

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
