//! What a server implementation of the API sees and answers: [`Call`] and [`Reply`]. The
//! actions every VOSS model has are the methods of one trait, [`ModelServer`], defined here once
//! for all models; generated code adds a trait only where a model documents operations of its
//! own (and for each V-Spark API module), and a `serve` function per model that makes a
//! [`Service`] of an implementation. The `server` feature's `server::router` serves any number
//! of services over HTTP.

use crate::routes::{Action, Route};
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

/// What a server decodes and validates from a request body before a method sees it: the
/// model (`modify`) and its add form (`create`).
pub trait Decoded:
    serde::de::DeserializeOwned + crate::Validate + crate::Described + Send + 'static
{
}

impl<T> Decoded for T where
    T: serde::de::DeserializeOwned + crate::Validate + crate::Described + Send + 'static
{
}

/// The request body of `call` decoded and validated as `T`, or the 422 reply with every error.
pub fn payload<T>(call: &Call) -> Result<T, Reply>
where
    T: serde::de::DeserializeOwned + crate::Validate + crate::Described,
{
    crate::from_slice::<T>(&call.body).map_err(|errors| Reply::invalid(&errors))
}

/// A fake or a proxy of one VOSS model `M`: one method per generic action ([`Action`]), each
/// answering 501 Not Implemented until an implementation overrides it. `create` gets the
/// request body decoded and validated as `M::AddForm` (the model itself unless it has an add
/// form), `modify` as `M` (an invalid body is answered 422 with every error before the method
/// is called); the other methods read what they need from the [`Call`]. A generated module's `serve(server)` makes a [`Service`] of an implementation.
///
/// ```ignore
/// struct Fake;
/// impl ModelServer<Role> for Fake {
///     async fn get(&self, call: Call) -> Reply {
///         Reply::json(200, &serde_json::json!({ "pkid": call.path_param("pkid") }))
///     }
/// }
/// let service = role::serve(std::sync::Arc::new(Fake));
/// ```
#[allow(unused_variables)]
pub trait ModelServer<M: crate::Model>: Send + Sync + 'static {
    /// `add_form`: the GUI's add form.
    fn add_form(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `create`: `payload` is the request body, decoded and validated as the model's add form
    /// (the model itself unless the inputs gave one).
    fn create(&self, call: Call, payload: M::AddForm) -> impl Answer {
        not_implemented(call)
    }
    /// `bulk_delete`.
    fn bulk_delete(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `bulk_modify_form`: the GUI's bulk-modify form.
    fn bulk_modify_form(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `bulk_modify`.
    fn bulk_modify(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `bulk_export`.
    fn bulk_export(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `bulk_move`.
    fn bulk_move(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `bulk_purge`.
    fn bulk_purge(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `bulk_tag`.
    fn bulk_tag(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `bulk_tag_version`.
    fn bulk_tag_version(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `export_bulkload_template`.
    fn export_bulkload_template(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `configuration_template`.
    fn configuration_template(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `field_display_policy`.
    fn field_display_policy(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `migration_template`.
    fn migration_template(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `list`: a page of instances.
    fn list(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `choices`: value-title pairs of the instances' business keys.
    fn choices(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `help`.
    fn help(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `modify`: `payload` is the request body, decoded and validated.
    fn modify(&self, call: Call, payload: M) -> impl Answer {
        not_implemented(call)
    }
    /// `delete`.
    fn delete(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `clone` (named so that it does not shadow `Clone::clone` of a server that derives it).
    fn clone_op(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `export`.
    fn export(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `get`: one instance.
    fn get(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `instance_help`.
    fn instance_help(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `move`.
    fn r#move(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `purge`.
    fn purge(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `tag`.
    fn tag(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
    /// `tag_version`.
    fn tag_version(&self, call: Call) -> impl Answer {
        not_implemented(call)
    }
}

/// Answers `call` with the [`ModelServer`] method of its route's [`Action`] (501 when the route
/// is not a generic action). What a generated `serve` ends in.
pub fn dispatch_action<M, S>(server: Arc<S>, call: Call) -> ReplyFuture
where
    M: crate::Model + Decoded,
    M::AddForm: Decoded,
    S: ModelServer<M> + ?Sized,
{
    let Some(action) = call.route.action else {
        return ready(Reply::not_implemented(call.route));
    };
    match action {
        Action::Create => match payload::<M::AddForm>(&call) {
            Err(reply) => ready(reply),
            Ok(payload) => Box::pin(async move { server.create(call, payload).await }),
        },
        Action::Modify => match payload::<M>(&call) {
            Err(reply) => ready(reply),
            Ok(payload) => Box::pin(async move { server.modify(call, payload).await }),
        },
        Action::AddForm => Box::pin(async move { server.add_form(call).await }),
        Action::BulkDelete => Box::pin(async move { server.bulk_delete(call).await }),
        Action::BulkModifyForm => Box::pin(async move { server.bulk_modify_form(call).await }),
        Action::BulkModify => Box::pin(async move { server.bulk_modify(call).await }),
        Action::BulkExport => Box::pin(async move { server.bulk_export(call).await }),
        Action::BulkMove => Box::pin(async move { server.bulk_move(call).await }),
        Action::BulkPurge => Box::pin(async move { server.bulk_purge(call).await }),
        Action::BulkTag => Box::pin(async move { server.bulk_tag(call).await }),
        Action::BulkTagVersion => Box::pin(async move { server.bulk_tag_version(call).await }),
        Action::ExportBulkloadTemplate => {
            Box::pin(async move { server.export_bulkload_template(call).await })
        }
        Action::ConfigurationTemplate => {
            Box::pin(async move { server.configuration_template(call).await })
        }
        Action::FieldDisplayPolicy => {
            Box::pin(async move { server.field_display_policy(call).await })
        }
        Action::MigrationTemplate => Box::pin(async move { server.migration_template(call).await }),
        Action::List => Box::pin(async move { server.list(call).await }),
        Action::Choices => Box::pin(async move { server.choices(call).await }),
        Action::Help => Box::pin(async move { server.help(call).await }),
        Action::Delete => Box::pin(async move { server.delete(call).await }),
        Action::Clone => Box::pin(async move { server.clone_op(call).await }),
        Action::Export => Box::pin(async move { server.export(call).await }),
        Action::Get => Box::pin(async move { server.get(call).await }),
        Action::InstanceHelp => Box::pin(async move { server.instance_help(call).await }),
        Action::Move => Box::pin(async move { server.r#move(call).await }),
        Action::Purge => Box::pin(async move { server.purge(call).await }),
        Action::Tag => Box::pin(async move { server.tag(call).await }),
        Action::TagVersion => Box::pin(async move { server.tag_version(call).await }),
    }
}

/// A [`Service`] answering `routes` with `server`'s [`ModelServer`] methods: the `serve` of a
/// model without operations of its own.
pub fn serve_model<M, S>(routes: &'static [&'static Route], server: Arc<S>) -> Service
where
    M: crate::Model + Decoded,
    M::AddForm: Decoded,
    S: ModelServer<M>,
{
    Service::new(routes, server, dispatch_action::<M, S>)
}

/// One incoming call of a documented operation. Its `Debug` shows the operation and the path
/// parameters, but only the names of the query parameters and the length of the body: they
/// may carry a token or a password.
#[derive(Clone)]
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

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field(
                "route",
                &format_args!(
                    "{} {} ({} {})",
                    self.route.model, self.route.operation, self.route.method, self.route.path
                ),
            )
            .field("path", &self.path)
            .field("query", &self.query.keys().collect::<Vec<_>>())
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
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
