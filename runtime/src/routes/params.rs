//! The query parameters an operation takes, in its request's type: a typed method of
//! [`Request`](super::Request) for a parameter the operation does not take is a compile error,
//! not a refusal at run time.
//!
//! Generated operations return `Request<R, Q>` where `Q` lists the parameters with typed
//! methods that the operation takes (documented on its page or by the VOSS API's conventions,
//! [`Conventions`]), as [`With`]`<P, With<…, End>>` in the order of [`ALL`]:
//!
//! ```compile_fail,E0277
//! # use vossgen_runtime::routes::{params::*, Request, Route, TransactionRef};
//! # static MOVE: Route = Route::model("voss", "data/Role");
//! // A move runs asynchronously and is given its destination: it takes `nowait` and
//! // `context_hierarchy`, not `count`.
//! let r: Request<TransactionRef, With<Nowait, With<ContextHierarchy>>> =
//!     Request::new(&MOVE, vec!["1".into()]);
//! let r = r.nowait(true).context_hierarchy("sys.hcs");
//! let r = r.count(false); // error: this operation does not take the query parameter `Count`
//! ```
//!
//! A request made by hand without a set ([`Unchecked`], the default) has every typed method;
//! [`Request::path_and_query`](super::Request::path_and_query) checks them against the route
//! at run time, as it does for [`Request::param`](super::Request::param) on any request.

use super::Action;
use std::marker::PhantomData;

/// A query parameter that [`Request`](super::Request) has a typed method for.
pub trait Param {
    /// Its name on the wire.
    const NAME: &'static str;
}

macro_rules! params {
    ($($(#[$doc:meta])* $ty:ident = $name:literal => $method:ident,)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug)]
            pub enum $ty {}
            impl Param for $ty {
                const NAME: &'static str = $name;
            }
        )*
        /// Every parameter with a typed method: (wire name, type name, method of
        /// [`Request`](super::Request)), in the order sets list them.
        pub const ALL: &[(&str, &str, &str)] =
            &[$(($name, stringify!($ty), stringify!($method)),)*];
    };
}

params! {
    /// `hierarchy`: [`Request::hierarchy`](super::Request::hierarchy).
    Hierarchy = "hierarchy" => hierarchy,
    /// `format`: [`Request::format_json`](super::Request::format_json).
    Format = "format" => format_json,
    /// `nowait`: [`Request::nowait`](super::Request::nowait).
    Nowait = "nowait" => nowait,
    /// `count`: [`Request::count`](super::Request::count).
    Count = "count" => count,
    /// `skip`: [`Request::skip`](super::Request::skip).
    Skip = "skip" => skip,
    /// `limit`: [`Request::limit`](super::Request::limit).
    Limit = "limit" => limit,
    /// `order_by`: [`Request::order_by`](super::Request::order_by).
    OrderBy = "order_by" => order_by,
    /// `direction`: [`Request::direction`](super::Request::direction).
    Direction = "direction" => direction,
    /// `traversal`: [`Request::traversal`](super::Request::traversal).
    Traversal = "traversal" => traversal,
    /// `template`: [`Request::template`](super::Request::template).
    Template = "template" => template,
    /// `template_name`: [`Request::template_name`](super::Request::template_name).
    TemplateName = "template_name" => template_name,
    /// `policy_name`: [`Request::policy_name`](super::Request::policy_name).
    PolicyName = "policy_name" => policy_name,
    /// `context_hierarchy`: [`Request::context_hierarchy`](super::Request::context_hierarchy).
    ContextHierarchy = "context_hierarchy" => context_hierarchy,
    /// `version`: [`Request::export_version`](super::Request::export_version).
    Version = "version" => export_version,
    /// `schema`: [`Request::export_schema`](super::Request::export_schema).
    Schema = "schema" => export_schema,
    /// `export_format`: [`Request::export_format`](super::Request::export_format).
    ExportFormat = "export_format" => export_format,
    /// `field`: [`Request::field`](super::Request::field).
    Field = "field" => field,
    /// `choice_title`: [`Request::choice_title`](super::Request::choice_title).
    ChoiceTitle = "choice_title" => choice_title,
    /// `title`: [`Request::title`](super::Request::title).
    Title = "title" => title,
    /// `filter_condition`: [`Request::filter_condition`](super::Request::filter_condition).
    FilterCondition = "filter_condition" => filter_condition,
    /// `token`: [`Request::token`](super::Request::token).
    Token = "token" => token,
    /// `tree`: [`Request::tree`](super::Request::tree).
    Tree = "tree" => tree,
    /// `multi`: [`Request::multi`](super::Request::multi).
    Multi = "multi" => multi,
}

/// A set of query parameters: `P`, then the set `Rest`.
pub struct With<P, Rest = End>(PhantomData<fn() -> (P, Rest)>);

/// The empty set of query parameters.
#[derive(Debug)]
pub enum End {}

/// The set of a request made by hand: every typed method, each checked against the route
/// when the request is made ([`Request::path_and_query`](super::Request::path_and_query)).
#[derive(Debug)]
pub enum Unchecked {}

/// Where [`Takes`] found a parameter: at the head of the set.
#[derive(Debug)]
pub enum Here {}

/// Where [`Takes`] found a parameter: in the rest of the set, at `I`.
pub struct There<I>(PhantomData<I>);

/// That a set of query parameters holds `P`. `I` says where, and is always inferred: bounds
/// read `Q: Takes<Nowait, I>` with `I` a parameter of the method.
#[diagnostic::on_unimplemented(
    message = "this operation does not take the query parameter `{P}`",
    label = "`{P}` is not among the query parameters of this request's type",
    note = "an operation's query parameters are in its documentation and in its `Request` type; `Request::unchecked_param` sends a parameter unchecked"
)]
pub trait Takes<P: Param, I> {}

// Not recommended in errors: a missing parameter's error names the parameter, not these.
#[diagnostic::do_not_recommend]
impl<P: Param, Rest> Takes<P, Here> for With<P, Rest> {}
#[diagnostic::do_not_recommend]
impl<P: Param, Q: Param, Rest: Takes<P, I>, I> Takes<P, There<I>> for With<Q, Rest> {}
#[diagnostic::do_not_recommend]
impl<P: Param> Takes<P, Here> for Unchecked {}

/// What the VOSS API's parameter conventions (its API Parameters page) depend on: a route's
/// ([`Route::conventions`](super::Route::conventions)), or an operation's that a generator is
/// about to write.
#[derive(Debug, Clone, Copy)]
pub struct Conventions<'a> {
    /// `"voss"` or `"vspark"`.
    pub api: &'a str,
    /// The operation's name.
    pub operation: &'a str,
    /// The generic action it is, if any.
    pub action: Option<Action>,
    /// The HTTP method.
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
    /// What the response is (`list`, …).
    pub response: &'a str,
    /// Whether it may run asynchronously.
    pub support_async: bool,
}

impl Conventions<'_> {
    /// Whether the operation takes a query parameter by the VOSS API's conventions, whether
    /// or not its page lists it: `format` and `hierarchy` on every request; `nowait` on writes
    /// that run asynchronously; `count` and the pagination parameters (`skip`, `limit`,
    /// `order_by`, `direction`, `traversal`, as a list answer's `pagination.current` shows
    /// them) on lists; `template`/`template_name` (a configuration
    /// template) on `POST`s and add forms; `policy_name` (a field display policy) on reads
    /// and forms; `context_hierarchy` (the destination) on moves; `version`, `schema` and
    /// `template_name` on exports. The V-Spark API has no such conventions.
    pub fn takes(&self, name: &str) -> bool {
        if self.api != "voss" {
            return false;
        }
        let is = |a: Action| self.action == Some(a) || self.operation == a.name();
        let export = is(Action::Export) || is(Action::BulkExport);
        match name {
            "format" | "hierarchy" => true,
            "nowait" => self.support_async,
            "count" | "skip" | "limit" | "order_by" | "direction" | "traversal" => {
                self.response == "list"
            }
            "template" => self.method == "POST" || is(Action::AddForm),
            "template_name" => self.method == "POST" || is(Action::AddForm) || export,
            "policy_name" => self.method == "GET",
            "context_hierarchy" => {
                is(Action::Move) || is(Action::BulkMove) || self.path.contains("/DataMove/")
            }
            "version" | "schema" => export,
            _ => false,
        }
    }
}

/// The type of a set of query parameters, by their names in [`routes::params`](crate::routes::params):
/// `params![Hierarchy, Nowait]` is `With<Hierarchy, With<Nowait>>`, `params![]` is [`End`].
/// Generated operations spell their sets so.
///
/// ```
/// use vossgen_runtime::routes::{params::*, Request, Route, TransactionRef};
/// static MOVE: Route = Route {
///     operation: "move",
///     method: "POST",
///     support_async: true,
///     ..Route::model("voss", "data/Role")
/// };
/// let r: Request<TransactionRef, vossgen_runtime::params![Hierarchy, Nowait, ContextHierarchy]> =
///     Request::new(&MOVE, vec!["1".into()]);
/// let r = r.hierarchy("sys").nowait(true).context_hierarchy("sys.hcs");
/// assert_eq!(r.path_and_query().unwrap(), "?hierarchy=sys&nowait=true&context_hierarchy=sys.hcs");
/// ```
#[macro_export]
macro_rules! params {
    () => { $crate::routes::params::End };
    ($first:ident $(, $rest:ident)* $(,)?) => {
        $crate::routes::params::With<$crate::routes::params::$first, $crate::params![$($rest),*]>
    };
}
