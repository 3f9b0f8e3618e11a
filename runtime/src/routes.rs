//! Routes: the documented operations as data ([`Route`]), and typed requests built from them
//! ([`Request`]), which any HTTP client can send.
//!
//! Generated code has one function per documented operation returning a `Request<R>`, where
//! `R` is what the response decodes to. Query parameters are checked against the ones the page
//! documents for the operation, path and query values are percent-encoded, and fixed
//! parameters (such as `model_type=data/Role` for a move) are added by the route itself.

use crate::model::Payload;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

pub mod params;
use params::{Param, Takes};

/// A query parameter an operation documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryParam {
    /// Its name.
    pub name: &'static str,
    /// A value the route always sends (`model_type=data/Role`), or `None` when the caller
    /// gives it.
    pub value: Option<&'static str>,
    /// Whether the API requires it.
    pub required: bool,
}

/// One documented operation.
///
/// Generated code writes one static per operation, as `Route { … ..BASE }` over a model's
/// [`Route::model`] base, so that only what differs from the defaults is spelled out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The operation's place among its model's routes (the generated `ROUTES`): what a
    /// server's dispatch matches on.
    pub index: u16,
    /// `"voss"` or `"vspark"`.
    pub api: &'static str,
    /// The model type (`data/Role`) or, for the V-Spark API, `vspark/config`.
    pub model: &'static str,
    /// The operation's name (the generated function's name): `list`, `refresh_access_token`.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, parameters in braces: `/api/data/Role/{pkid}/`.
    pub path: &'static str,
    /// The path parameters, in order.
    pub path_params: &'static [&'static str],
    /// The documented query parameters.
    pub query: &'static [QueryParam],
    /// The request body: `model`, `hrefs`, `bulk_update`, `optional`, `json` or `none`.
    pub payload: &'static str,
    /// What the response is: `list`, `resource`, `transaction`, `file`, `html`, `json` or `status`.
    pub response: &'static str,
    /// Whether the API may answer with a transaction to poll.
    pub support_async: bool,
    /// The largest list page the server accepts, when the page says.
    pub maximum_limit: Option<u64>,
    /// The generic VOSS action this operation is, when it is one: what
    /// [`service::ModelServer`](crate::service::ModelServer) answers it with. `None` for a
    /// model-specific operation and for every V-Spark operation.
    pub action: Option<Action>,
}

/// The actions that VOSS Automate has for every model (the API reference lists them on each
/// model's page), as a server answers them: [`service::ModelServer`](crate::service::ModelServer)
/// has one method each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Action {
    /// `add_form`: the GUI's add form.
    AddForm,
    /// `create`: add an instance (the body is the model).
    Create,
    /// `bulk_delete`: delete instances by pkid.
    BulkDelete,
    /// `bulk_modify_form`: the GUI's bulk-modify form.
    BulkModifyForm,
    /// `bulk_modify`: set fields on instances by pkid.
    BulkModify,
    /// `bulk_export`: export instances by pkid.
    BulkExport,
    /// `bulk_move`: move instances to another hierarchy node.
    BulkMove,
    /// `bulk_purge`: purge instances by pkid.
    BulkPurge,
    /// `bulk_tag`: tag instances.
    BulkTag,
    /// `bulk_tag_version`: tag a version of instances.
    BulkTagVersion,
    /// `export_bulkload_template`: the bulk-load sheet.
    ExportBulkloadTemplate,
    /// `configuration_template`: the model's configuration template.
    ConfigurationTemplate,
    /// `field_display_policy`: the model's field display policy.
    FieldDisplayPolicy,
    /// `migration_template`: the model's migration template.
    MigrationTemplate,
    /// `list`: a page of instances.
    List,
    /// `choices`: the instances at a hierarchy as value-title pairs of their business key
    /// (the API's Choices generic action, with its filter parameters `field`, `choice_title`,
    /// `title`, …).
    Choices,
    /// `help`: the model's help.
    Help,
    /// `modify`: update an instance (the body is the model).
    Modify,
    /// `delete`: delete an instance.
    Delete,
    /// `clone`: a copy of an instance, to add.
    Clone,
    /// `export`: export an instance.
    Export,
    /// `get`: an instance.
    Get,
    /// `instance_help`: an instance's help.
    InstanceHelp,
    /// `move`: move an instance to another hierarchy node.
    Move,
    /// `purge`: purge an instance.
    Purge,
    /// `tag`: tag an instance.
    Tag,
    /// `tag_version`: tag a version of an instance.
    TagVersion,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: &'static [Action] = &[
        Action::AddForm,
        Action::Create,
        Action::BulkDelete,
        Action::BulkModifyForm,
        Action::BulkModify,
        Action::BulkExport,
        Action::BulkMove,
        Action::BulkPurge,
        Action::BulkTag,
        Action::BulkTagVersion,
        Action::ExportBulkloadTemplate,
        Action::ConfigurationTemplate,
        Action::FieldDisplayPolicy,
        Action::MigrationTemplate,
        Action::List,
        Action::Choices,
        Action::Help,
        Action::Modify,
        Action::Delete,
        Action::Clone,
        Action::Export,
        Action::Get,
        Action::InstanceHelp,
        Action::Move,
        Action::Purge,
        Action::Tag,
        Action::TagVersion,
    ];

    /// The operation name, as the API reference and [`Route::operation`] spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Action::AddForm => "add_form",
            Action::Create => "create",
            Action::BulkDelete => "bulk_delete",
            Action::BulkModifyForm => "bulk_modify_form",
            Action::BulkModify => "bulk_modify",
            Action::BulkExport => "bulk_export",
            Action::BulkMove => "bulk_move",
            Action::BulkPurge => "bulk_purge",
            Action::BulkTag => "bulk_tag",
            Action::BulkTagVersion => "bulk_tag_version",
            Action::ExportBulkloadTemplate => "export_bulkload_template",
            Action::ConfigurationTemplate => "configuration_template",
            Action::FieldDisplayPolicy => "field_display_policy",
            Action::MigrationTemplate => "migration_template",
            Action::List => "list",
            Action::Choices => "choices",
            Action::Help => "help",
            Action::Modify => "modify",
            Action::Delete => "delete",
            Action::Clone => "clone",
            Action::Export => "export",
            Action::Get => "get",
            Action::InstanceHelp => "instance_help",
            Action::Move => "move",
            Action::Purge => "purge",
            Action::Tag => "tag",
            Action::TagVersion => "tag_version",
        }
    }

    /// The action an operation name is.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// The [`ModelServer`](crate::service::ModelServer) method that answers it: its name, but
    /// `clone_op` for `clone` (so that it does not shadow `Clone::clone` of a server).
    pub const fn server_method(self) -> &'static str {
        match self {
            Action::Clone => "clone_op",
            a => a.name(),
        }
    }

    /// Whether the request body is the model itself (`create`, `modify`), which the server
    /// decodes and validates before the method sees it.
    pub const fn takes_model(self) -> bool {
        matches!(self, Action::Create | Action::Modify)
    }
}

impl Route {
    /// What the VOSS API's parameter conventions depend on, of this route.
    pub fn conventions(&self) -> params::Conventions<'static> {
        params::Conventions {
            api: self.api,
            operation: self.operation,
            action: self.action,
            method: self.method,
            path: self.path,
            response: self.response,
            support_async: self.support_async,
        }
    }

    /// Whether the operation takes a query parameter by the VOSS API's conventions (its API
    /// Parameters page), whether or not the model's page lists it
    /// ([`Conventions::takes`](params::Conventions::takes)).
    pub fn takes_by_convention(&self, name: &str) -> bool {
        self.conventions().takes(name)
    }

    /// Whether the operation takes a query parameter: documented on its page, or by the API's
    /// conventions ([`Route::takes_by_convention`]).
    pub fn takes(&self, name: &str) -> bool {
        self.query.iter().any(|q| q.name == name) || self.takes_by_convention(name)
    }

    /// Whether a request must name its `hierarchy`: the VOSS API requires it on every request
    /// that does not name an instance's pkid (its API Parameters page). A client-wide
    /// hierarchy (`client::ClientBuilder::hierarchy`, with the `client` feature) satisfies it.
    pub fn requires_hierarchy(&self) -> bool {
        let mut hierarchy = self.query.iter().filter(|q| q.name == "hierarchy");
        if hierarchy.clone().any(|q| q.value.is_some()) {
            return false; // the route sends it itself
        }
        hierarchy.any(|q| q.required) || (self.api == "voss" && !self.path_params.contains(&"pkid"))
    }

    /// The base of a model's routes: its API and model type; no path parameters, no query
    /// parameters, no body, a JSON response, synchronous.
    pub const fn model(api: &'static str, model: &'static str) -> Route {
        Route {
            index: 0,
            api,
            model,
            operation: "",
            method: "GET",
            path: "",
            path_params: &[],
            query: &[],
            payload: "none",
            response: "json",
            support_async: false,
            maximum_limit: None,
            action: None,
        }
    }
}

/// Query-parameter sets that most VOSS operations share, so that generated routes name them
/// instead of spelling them out again.
pub mod query {
    use super::QueryParam;

    const fn optional(name: &'static str) -> QueryParam {
        QueryParam {
            name,
            value: None,
            required: false,
        }
    }

    /// `hierarchy`.
    pub const HIERARCHY: &[QueryParam] = &[optional("hierarchy")];
    /// A list: `hierarchy`, `skip`, `limit`, `order_by`, `direction`, `traversal`.
    pub const LIST: &[QueryParam] = &[
        optional("hierarchy"),
        optional("skip"),
        optional("limit"),
        optional("order_by"),
        optional("direction"),
        optional("traversal"),
    ];
    /// An export: `hierarchy`, `export_format`.
    pub const EXPORT: &[QueryParam] = &[optional("hierarchy"), optional("export_format")];
    /// A form with its schema: `schema=` and `schema_rules=true` (always sent), `hierarchy`.
    pub const FORM: &[QueryParam] = &[
        QueryParam {
            name: "schema",
            value: Some(""),
            required: true,
        },
        QueryParam {
            name: "schema_rules",
            value: Some("true"),
            required: true,
        },
        optional("hierarchy"),
    ];
    /// Every named set, with its name (what the generator looks up).
    pub const SETS: &[(&str, &[QueryParam])] = &[
        ("HIERARCHY", HIERARCHY),
        ("LIST", LIST),
        ("EXPORT", EXPORT),
        ("FORM", FORM),
    ];
}

/// Why a [`Request`] cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// A query parameter the operation does not document.
    UndocumentedParameter {
        /// The operation, as `model.operation`.
        operation: String,
        /// The parameter.
        name: String,
    },
    /// A required query parameter is missing.
    MissingParameter {
        /// The operation.
        operation: String,
        /// The parameter.
        name: String,
    },
    /// `limit` is larger than the API accepts.
    LimitTooLarge {
        /// What was asked.
        limit: u64,
        /// What the API accepts.
        maximum: u64,
    },
    /// The body could not be serialized.
    Body(String),
    /// The base URL and path do not make a valid URI.
    Uri(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::UndocumentedParameter { operation, name } => {
                write!(
                    f,
                    "`{name}` is not a query parameter that {operation} documents"
                )
            }
            RequestError::MissingParameter { operation, name } => {
                write!(f, "{operation} requires the query parameter `{name}`")
            }
            RequestError::LimitTooLarge { limit, maximum } => write!(
                f,
                "limit {limit} is larger than the API's maximum of {maximum}"
            ),
            RequestError::Body(e) => write!(f, "the request body cannot be serialized: {e}"),
            RequestError::Uri(e) => write!(f, "not a valid URI: {e}"),
        }
    }
}

impl std::error::Error for RequestError {}

/// What a path segment may not hold unencoded (RFC 3986 `pchar`).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// What a query key or value may not hold unencoded (`/` and `?` may stand, as the pages
/// write `model_type=data/Role`).
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'&')
    .add(b'=')
    .add(b'+')
    .add(b'[')
    .add(b']');

/// Percent-encodes a path segment.
pub fn encode_segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// Percent-encodes a query key or value.
pub fn encode_query(s: &str) -> String {
    utf8_percent_encode(s, QUERY).to_string()
}

/// Appends `?k=v&…` to a path, keys and values percent-encoded; nothing for no pairs.
pub(crate) fn append_query<'a>(
    out: &mut String,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) {
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&encode_query(k));
        out.push('=');
        out.push_str(&encode_query(v));
    }
}

/// The last segment of a link (`/api/tool/Transaction/42/?x=1` → `42`), without its query,
/// fragment and trailing slash; `None` when it is empty.
pub(crate) fn last_segment(link: &str) -> Option<&str> {
    let path = link.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
}

/// The format of an export (`export_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A zip of JSON, as in the system database.
    Json,
    /// A spreadsheet with columns as in the JSON export.
    RawXlsx,
    /// A spreadsheet arranged by the Field Display Policies.
    Xlsx,
}

impl ExportFormat {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::RawXlsx => "raw_xlsx",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// A request for one documented operation; `R` is what its response decodes to, `Q` the
/// query parameters with typed methods that it takes (see [`params`]; [`params::Unchecked`]
/// for a request made by hand).
pub struct Request<R, Q = params::Unchecked> {
    route: &'static Route,
    path_values: Vec<String>,
    query: Vec<(String, String)>,
    /// Parameters sent as given, without checking them against the documentation.
    unchecked: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, String>>,
    response: PhantomData<fn() -> (R, Q)>,
}

impl<R, Q> Clone for Request<R, Q> {
    fn clone(&self) -> Self {
        Request {
            route: self.route,
            path_values: self.path_values.clone(),
            query: self.query.clone(),
            unchecked: self.unchecked.clone(),
            body: self.body.clone(),
            response: PhantomData,
        }
    }
}

impl<R, Q> fmt::Debug for Request<R, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field(
                "operation",
                &format_args!("{}.{}", self.route.model, self.route.operation),
            )
            .field("path", &self.path())
            .field("query", &RedactedQuery(&self.query))
            .field("unchecked", &RedactedQuery(&self.unchecked))
            .field(
                "body",
                &self.body.as_ref().map(|b| b.as_ref().map(Vec::len)),
            )
            .finish()
    }
}

/// Query parameters for `Debug`, with the values of credentials (`token`, `auth_token`,
/// `password`, …) redacted.
struct RedactedQuery<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedQuery<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = crate::secret::is_secret_name;
        f.debug_list()
            .entries(self.0.iter().map(|(k, v)| {
                (
                    k.as_str(),
                    if secret(k) { "[REDACTED]" } else { v.as_str() },
                )
            }))
            .finish()
    }
}

impl<R, Q> Request<R, Q> {
    /// A request for `route` with its path parameters' values, in order. Generated
    /// operations make them; `Q` is the set of query parameters the operation takes.
    pub fn new(route: &'static Route, path_values: Vec<String>) -> Self {
        Request {
            route,
            path_values,
            query: Vec::new(),
            unchecked: Vec::new(),
            body: None,
            response: PhantomData,
        }
    }

    /// The operation.
    pub fn route(&self) -> &'static Route {
        self.route
    }

    /// Sets a JSON body.
    pub fn json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self
    }

    /// Sets a model as the body, without its read-only fields.
    pub fn payload<T: Payload>(mut self, model: &T) -> Self {
        self.body = Some(
            model
                .to_payload()
                .and_then(|v| serde_json::to_vec(&v))
                .map_err(|e| e.to_string()),
        );
        self
    }

    /// Sets `{"hrefs": [...]}` for the instances with these pkids.
    pub fn hrefs_body<S: AsRef<str>>(self, pkids: &[S]) -> Self {
        let hrefs: Vec<String> = pkids
            .iter()
            .map(|p| format!("/api/{}/{}", self.route.model, p.as_ref()))
            .collect();
        let body = serde_json::json!({ "hrefs": hrefs });
        self.json_body(&body)
    }

    /// Sets the bulk-modify body `{"data": …, "meta": {}, "request_meta": {"hrefs": [...]}}`.
    pub fn bulk_update_body<S: AsRef<str>>(self, pkids: &[S], data: &impl Serialize) -> Self {
        let hrefs: Vec<String> = pkids
            .iter()
            .map(|p| format!("/api/{}/{}", self.route.model, p.as_ref()))
            .collect();
        let body =
            serde_json::json!({ "data": data, "meta": {}, "request_meta": { "hrefs": hrefs } });
        self.json_body(&body)
    }

    /// Sets a query parameter (replacing an earlier value). It must be one the operation
    /// documents; [`Request::into_http`] says so otherwise.
    pub fn param(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_string(), value.to_string()));
        self
    }

    /// A query parameter sent as given, whether or not the operation documents it: for
    /// parameters a newer release adds. [`Request::param`] is checked; this is not.
    pub fn unchecked_param(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.unchecked.retain(|(k, _)| k != name);
        self.unchecked.push((name.to_string(), value.to_string()));
        self
    }

    // The typed query methods: one each, written out so that a parameter the request's set
    // does not take is reported at its own method (a macro would show its insides there).

    /// `nowait=true`: the server answers at once (202) with the transaction to follow
    /// ([`TransactionRef`]) instead of when the write is done. Only operations that run
    /// asynchronously ([`Route::support_async`]) take it.
    pub fn nowait<I>(self, on: bool) -> Self
    where
        Q: Takes<params::Nowait, I>,
    {
        self.param(params::Nowait::NAME, on)
    }

    /// `format=json`, which the VOSS API documents on every request.
    pub fn format_json<I>(self) -> Self
    where
        Q: Takes<params::Format, I>,
    {
        self.param(params::Format::NAME, "json")
    }

    /// `hierarchy`: the hierarchy node (pkid or dotted path) the operation runs at.
    pub fn hierarchy<I>(self, hierarchy: impl fmt::Display) -> Self
    where
        Q: Takes<params::Hierarchy, I>,
    {
        self.param(params::Hierarchy::NAME, hierarchy)
    }

    /// `count=false` on a list: the API does not count every instance (`pagination.total`
    /// is then absent), which is faster on large lists.
    pub fn count<I>(self, on: bool) -> Self
    where
        Q: Takes<params::Count, I>,
    {
        self.param(params::Count::NAME, on)
    }

    /// `template`: the configuration template (by pkid) applied to a `POST`'s payload.
    pub fn template<I>(self, pkid: impl fmt::Display) -> Self
    where
        Q: Takes<params::Template, I>,
    {
        self.param(params::Template::NAME, pkid)
    }

    /// `template_name`: the configuration template (by name) applied to a `POST`'s payload,
    /// or an export's template.
    pub fn template_name<I>(self, name: impl fmt::Display) -> Self
    where
        Q: Takes<params::TemplateName, I>,
    {
        self.param(params::TemplateName::NAME, name)
    }

    /// `policy_name`: the field display policy a read or form applies.
    pub fn policy_name<I>(self, name: impl fmt::Display) -> Self
    where
        Q: Takes<params::PolicyName, I>,
    {
        self.param(params::PolicyName::NAME, name)
    }

    /// `context_hierarchy`: where a move puts the instance (a hierarchy pkid or dotted path).
    pub fn context_hierarchy<I>(self, hierarchy: impl fmt::Display) -> Self
    where
        Q: Takes<params::ContextHierarchy, I>,
    {
        self.param(params::ContextHierarchy::NAME, hierarchy)
    }

    /// `version` of an export (the schema version to export as).
    pub fn export_version<I>(self, version: impl fmt::Display) -> Self
    where
        Q: Takes<params::Version, I>,
    {
        self.param(params::Version::NAME, version)
    }

    /// `schema=true` on an export: include the model's schema.
    pub fn export_schema<I>(self, on: bool) -> Self
    where
        Q: Takes<params::Schema, I>,
    {
        self.param(params::Schema::NAME, on)
    }

    /// `field` of a `choices` request: the business-key field whose values are the choices'
    /// values and titles (e.g. `iso_country_code`).
    pub fn field<I>(self, name: impl fmt::Display) -> Self
    where
        Q: Takes<params::Field, I>,
    {
        self.param(params::Field::NAME, name)
    }

    /// `choice_title` of a `choices` request: the business-key field shown as each choice's
    /// title.
    pub fn choice_title<I>(self, name: impl fmt::Display) -> Self
    where
        Q: Takes<params::ChoiceTitle, I>,
    {
        self.param(params::ChoiceTitle::NAME, name)
    }

    /// `title` of a `choices` request: only the choices whose `field` value starts with this
    /// (all of it with [`Request::filter_condition`]`("equals")`).
    pub fn title<I>(self, start: impl fmt::Display) -> Self
    where
        Q: Takes<params::Title, I>,
    {
        self.param(params::Title::NAME, start)
    }

    /// `filter_condition` of a `choices` request, e.g. `equals` for an exact `title` match.
    pub fn filter_condition<I>(self, condition: impl fmt::Display) -> Self
    where
        Q: Takes<params::FilterCondition, I>,
    {
        self.param(params::FilterCondition::NAME, condition)
    }

    /// `token`: the V-Spark authorization token.
    pub fn token<I>(self, token: impl fmt::Display) -> Self
    where
        Q: Takes<params::Token, I>,
    {
        self.param(params::Token::NAME, token)
    }

    /// `export_format` of an export.
    pub fn export_format<I>(self, format: ExportFormat) -> Self
    where
        Q: Takes<params::ExportFormat, I>,
    {
        self.param(params::ExportFormat::NAME, format.as_str())
    }

    /// V-Spark DELETE: `tree=true` deletes entities that contain others.
    pub fn tree<I>(self, on: bool) -> Self
    where
        Q: Takes<params::Tree, I>,
    {
        self.param(params::Tree::NAME, on)
    }

    /// V-Spark DELETE: `multi=true` allows deleting several entities.
    pub fn multi<I>(self, on: bool) -> Self
    where
        Q: Takes<params::Multi, I>,
    {
        self.param(params::Multi::NAME, on)
    }

    /// `skip`: how many instances come before the page.
    pub fn skip<I>(self, skip: u64) -> Self
    where
        Q: Takes<params::Skip, I>,
    {
        self.param(params::Skip::NAME, skip)
    }

    /// `limit`: the page size, at most the API's `maximum_limit`.
    pub fn limit<I>(self, limit: u64) -> Self
    where
        Q: Takes<params::Limit, I>,
    {
        self.param(params::Limit::NAME, limit)
    }

    /// `order_by`: the attribute to order by.
    pub fn order_by<I>(self, attribute: &str) -> Self
    where
        Q: Takes<params::OrderBy, I>,
    {
        self.param(params::OrderBy::NAME, attribute)
    }

    /// `direction`: `asc` or `desc`.
    pub fn direction<I>(self, direction: &str) -> Self
    where
        Q: Takes<params::Direction, I>,
    {
        self.param(params::Direction::NAME, direction)
    }

    /// `traversal` of a list: how the hierarchy is walked (the API's traversal modes, e.g.
    /// `fulltree`).
    pub fn traversal<I>(self, traversal: impl fmt::Display) -> Self
    where
        Q: Takes<params::Traversal, I>,
    {
        self.param(params::Traversal::NAME, traversal)
    }

    /// Whether a query parameter is set.
    pub fn has_param(&self, name: &str) -> bool {
        self.query.iter().any(|(k, _)| k == name)
    }

    /// Whether the operation documents a query parameter.
    pub fn documents(&self, name: &str) -> bool {
        self.route.query.iter().any(|q| q.name == name)
    }

    /// Whether the operation takes a query parameter: documented, or by the API's
    /// conventions ([`Route::takes`]).
    pub fn takes(&self, name: &str) -> bool {
        self.route.takes(name)
    }

    /// The query parameters set so far (without the route's fixed ones).
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The path with its parameters filled in and percent-encoded.
    pub fn path(&self) -> String {
        let mut out = self.route.path.to_string();
        for (name, value) in self.route.path_params.iter().zip(&self.path_values) {
            out = out.replace(&format!("{{{name}}}"), &encode_segment(value));
        }
        out
    }

    /// The path and query, checked against what the operation documents.
    pub fn path_and_query(&self) -> Result<String, RequestError> {
        let operation = format!("{}.{}", self.route.model, self.route.operation);
        let mut pairs: Vec<(String, String)> = Vec::new();
        let given = |name: &str| {
            self.query.iter().any(|(k, _)| k == name)
                || self.unchecked.iter().any(|(k, _)| k == name)
        };
        for q in self.route.query {
            if let Some(v) = q.value {
                pairs.push((q.name.to_string(), v.to_string()));
            } else if q.required && !given(q.name) {
                return Err(RequestError::MissingParameter {
                    operation,
                    name: q.name.to_string(),
                });
            }
        }
        if self.route.requires_hierarchy() && !given("hierarchy") {
            return Err(RequestError::MissingParameter {
                operation,
                name: "hierarchy".to_string(),
            });
        }
        for (k, v) in &self.query {
            match self.route.query.iter().find(|q| q.name == k) {
                // Taken by the API's conventions, whether the page lists it or not.
                None if self.route.takes_by_convention(k) => pairs.push((k.clone(), v.clone())),
                None => {
                    return Err(RequestError::UndocumentedParameter {
                        operation,
                        name: k.clone(),
                    })
                }
                Some(q) if q.value.is_some() => {}
                Some(_) => pairs.push((k.clone(), v.clone())),
            }
            if k == "limit" {
                if let (Ok(limit), Some(maximum)) = (v.parse::<u64>(), self.route.maximum_limit) {
                    if limit > maximum {
                        return Err(RequestError::LimitTooLarge { limit, maximum });
                    }
                }
            }
        }
        pairs.extend(self.unchecked.iter().cloned());
        let mut out = self.path();
        append_query(
            &mut out,
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        Ok(out)
    }

    /// The request as `http::Request` for a base URL such as `https://voss.example.com`.
    pub fn into_http(self, base_url: &str) -> Result<http::Request<Vec<u8>>, RequestError> {
        let uri = format!(
            "{}{}",
            base_url.trim_end_matches('/'),
            self.path_and_query()?
        );
        let mut builder = http::Request::builder().method(self.route.method).uri(&uri);
        let body = match self.body {
            Some(Ok(bytes)) => {
                builder = builder.header(http::header::CONTENT_TYPE, "application/json");
                bytes
            }
            Some(Err(e)) => return Err(RequestError::Body(e)),
            None => Vec::new(),
        };
        builder
            .header(http::header::ACCEPT, "application/json")
            .body(body)
            .map_err(|e| RequestError::Uri(e.to_string()))
    }
}

/// `GET /api/tool/Transaction/{pkid}/`: a transaction's state, which the client polls.
pub static TRANSACTION_GET: Route = Route {
    index: 0,
    api: "voss",
    model: "tool/Transaction",
    operation: "get",
    method: "GET",
    path: "/api/tool/Transaction/{pkid}/",
    path_params: &["pkid"],
    query: &[QueryParam {
        name: "hierarchy",
        value: None,
        required: false,
    }],
    payload: "none",
    response: "json",
    support_async: false,
    maximum_limit: None,
    action: None,
};

crate::__object! {
    /// The answer of a write that may run asynchronously. By default the server answers when the
    /// write is done, with the resource (`{"pkid", "model_type", "meta", "success"}`); with
    /// `nowait=true` ([`Request::nowait`]) it answers at once with where to follow the transaction
    /// (`{"href", "success", "transaction_id"}`, `tool/Transaction/{pkid}`).
    #[derive(Default, PartialEq)]
    pub struct TransactionRef: "a transaction reference" {
        /// The transaction's URL, e.g. `/api/tool/Transaction/{pkid}` (`nowait` answers).
        pub href: Option<String> = opt("href"),
        /// Whether the request was accepted (or, answered when done, whether it succeeded).
        pub success: Option<bool> = opt("success"),
        /// The transaction's pkid (`nowait` answers).
        pub transaction_id: Option<String> = opt("transaction_id"),
        /// The created or affected resource's pkid (answers given when the write is done).
        pub resource_pkid: Option<String> = opt("pkid"),
        /// The resource's model type (answers given when the write is done).
        pub model_type: Option<String> = opt("model_type"),
        ..
        /// Keys this version of vossgen does not know (`meta`, …).
        pub extra: crate::Extra,
    }
}

impl TransactionRef {
    /// Whether this is the answer of a write that is done (no transaction to follow).
    pub fn is_done(&self) -> bool {
        self.pkid().is_none() && (self.resource_pkid.is_some() || self.success.is_some())
    }

    /// The transaction's pkid: `transaction_id`, or the last segment of `href`.
    pub fn pkid(&self) -> Option<&str> {
        self.transaction_id
            .as_deref()
            .filter(|p| !p.is_empty())
            .or_else(|| self.href.as_deref().and_then(last_segment))
    }
}

/// A file the API sends as an attachment (exports).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileDownload {
    /// The file name from `Content-Disposition`, when given.
    pub filename: Option<String>,
    /// The content type.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// An HTML page (on-line help).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(pub String);

/// A response whose status is all there is to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status(pub u16);

/// The headers of a response (re-exported so that generated code needs no `http` dependency).
pub use http::HeaderMap;

/// A JSON response body as `T`: what generated models' [`FromResponse`] does.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| decode_error(&e))
}

/// How a response body becomes `Self`.
pub trait FromResponse: Sized {
    /// Decodes a successful response.
    fn from_response(status: u16, headers: &http::HeaderMap, body: &[u8]) -> Result<Self, String>;
}

/// A JSON decoding error without the values serde quotes (`invalid type: string "…"`): the
/// response may hold secrets.
fn decode_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    format!(
        "{} at line {} column {}",
        crate::validate::without_values(message),
        e.line(),
        e.column()
    )
}

macro_rules! json_response {
    ($($t:ty $(where $p:ident)?),*) => {$(
        impl$(<$p: serde::de::DeserializeOwned + serde::Serialize + PartialEq>)? FromResponse for $t {
            fn from_response(_: u16, _: &http::HeaderMap, body: &[u8]) -> Result<Self, String> {
                serde_json::from_slice(body).map_err(|e| decode_error(&e))
            }
        }
    )*};
}

json_response!(crate::ListResponse<T> where T, crate::Resource<T> where T, TransactionRef, Value);

impl FromResponse for FileDownload {
    fn from_response(_: u16, headers: &http::HeaderMap, body: &[u8]) -> Result<Self, String> {
        let text = |h: http::header::HeaderName| {
            headers
                .get(h)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let filename =
            text(http::header::CONTENT_DISPOSITION).and_then(|d| content_disposition_filename(&d));
        Ok(FileDownload {
            filename,
            content_type: text(http::header::CONTENT_TYPE),
            bytes: body.to_vec(),
        })
    }
}

/// The file name a `Content-Disposition` value gives (RFC 6266): `filename*` (RFC 8187
/// `charset'language'percent-encoded`, UTF-8 or ISO-8859-1) over `filename` (a token or a
/// quoted string with `\` escapes); parameter names case-insensitive, `;` inside quotes kept.
///
/// Written here rather than taken from the `content_disposition` crate: that crate decodes
/// charsets through `charset` and `encoding_rs` (a large build for one header), while the two
/// charsets RFC 8187 requires need only the percent decoding this crate has already. The RFC's
/// own examples are the tests.
fn content_disposition_filename(value: &str) -> Option<String> {
    // The parameters after the disposition type, split on `;` outside quoted strings.
    let mut params: Vec<(String, String)> = Vec::new();
    let mut rest = value.split_once(';')?.1;
    // A malformed rest (no `=`) ends the parameters; those before it stand.
    while let Some((name, after)) = rest.split_once('=') {
        let after = after.trim_start();
        let (raw, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            out.push(escaped);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => out.push(c),
                }
            }
            let tail = &quoted[end.min(quoted.len())..];
            (out, tail.split_once(';').map(|(_, n)| n))
        } else {
            match after.split_once(';') {
                Some((v, n)) => (v.trim().to_string(), Some(n)),
                None => (after.trim().to_string(), None),
            }
        };
        params.push((name.trim().to_ascii_lowercase(), raw));
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    let extended = params
        .iter()
        .find(|(n, _)| n == "filename*")
        .and_then(|(_, v)| {
            let mut parts = v.splitn(3, '\'');
            let charset = parts.next()?.to_ascii_lowercase();
            let _language = parts.next()?;
            let bytes: Vec<u8> = percent_encoding::percent_decode_str(parts.next()?).collect();
            match charset.as_str() {
                "utf-8" => String::from_utf8(bytes).ok(),
                // ISO-8859-1 maps each byte to the code point of the same number.
                "iso-8859-1" => Some(bytes.iter().map(|&b| char::from(b)).collect()),
                _ => None,
            }
        });
    extended.or_else(|| {
        params
            .into_iter()
            .find(|(n, _)| n == "filename")
            .map(|(_, v)| v)
    })
}

impl FromResponse for Html {
    fn from_response(_: u16, _: &http::HeaderMap, body: &[u8]) -> Result<Self, String> {
        Ok(Html(String::from_utf8_lossy(body).into_owned()))
    }
}

impl FromResponse for Status {
    fn from_response(status: u16, _: &http::HeaderMap, _: &[u8]) -> Result<Self, String> {
        Ok(Status(status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static MOVE: Route = Route {
        index: 0,
        api: "voss",
        model: "data/Role",
        operation: "move",
        method: "POST",
        path: "/api/tool/DataMove/{pkid}/",
        path_params: &["pkid"],
        query: &[
            QueryParam {
                name: "model_type",
                value: Some("data/Role"),
                required: true,
            },
            QueryParam {
                name: "hierarchy",
                value: None,
                required: false,
            },
        ],
        payload: "optional",
        response: "transaction",
        support_async: true,
        maximum_limit: None,
        action: None,
    };

    #[test]
    fn format_nowait_and_unchecked_parameters_are_sent() {
        let r: Request<TransactionRef> = Request::new(&MOVE, vec!["1".into()])
            .format_json()
            .nowait(true)
            .unchecked_param("context_hierarchy", "sys.x");
        assert_eq!(
            r.path_and_query().unwrap(),
            "/api/tool/DataMove/1/?model_type=data/Role&format=json&nowait=true&context_hierarchy=sys.x"
        );
        // `nowait` only where the operation runs asynchronously.
        static SYNC: Route = Route {
            support_async: false,
            ..MOVE
        };
        let sync: Request<TransactionRef> = Request::new(&SYNC, vec!["1".into()]).nowait(true);
        assert!(matches!(
            sync.path_and_query(),
            Err(RequestError::UndocumentedParameter { .. })
        ));
    }

    #[test]
    fn choices_filters_are_typed_and_checked() {
        static CHOICES: Route = Route {
            operation: "choices",
            method: "GET",
            path: "/api/data/Role/choices/",
            path_params: &[],
            query: &[
                QueryParam {
                    name: "field",
                    value: None,
                    required: false,
                },
                QueryParam {
                    name: "choice_title",
                    value: None,
                    required: false,
                },
                QueryParam {
                    name: "title",
                    value: None,
                    required: false,
                },
                QueryParam {
                    name: "filter_condition",
                    value: None,
                    required: false,
                },
            ],
            payload: "none",
            response: "json",
            support_async: false,
            action: Some(Action::Choices),
            ..MOVE
        };
        let r: Request<Value> = Request::new(&CHOICES, vec![])
            .hierarchy("sys")
            .field("iso_country_code")
            .choice_title("country_name")
            .title("BHR")
            .filter_condition("equals");
        assert_eq!(
            r.path_and_query().unwrap(),
            "/api/data/Role/choices/?hierarchy=sys&field=iso_country_code&choice_title=country_name&title=BHR&filter_condition=equals"
        );
        // Where the operation does not take them, they are refused.
        let wrong: Request<TransactionRef> = Request::new(&MOVE, vec!["1".into()]).field("x");
        assert!(matches!(
            wrong.path_and_query(),
            Err(RequestError::UndocumentedParameter { .. })
        ));
    }

    #[test]
    fn content_disposition_file_names() {
        let cases = [
            // RFC 6266 appendix D and RFC 8187's examples.
            ("Attachment; filename=example.html", Some("example.html")),
            (
                "INLINE; FILENAME= \"an example.html\"",
                Some("an example.html"),
            ),
            (
                "attachment; filename*= UTF-8''%e2%82%ac%20rates",
                Some("€ rates"),
            ),
            (
                "attachment; filename=\"EURO rates\"; filename*=utf-8''%e2%82%ac%20rates",
                Some("€ rates"),
            ),
            (
                "attachment; filename*=iso-8859-1'en'%A3%20rates",
                Some("£ rates"),
            ),
            // What splitting on `filename=` got wrong: another parameter ending so, a `;` or
            // an escaped quote inside the quotes.
            ("attachment; xfilename=foo; filename=bar", Some("bar")),
            (
                "attachment; filename=\"a;b \\\"c\\\".csv\"; size=3",
                Some("a;b \"c\".csv"),
            ),
            ("attachment; filename=a.txt; junk", Some("a.txt")),
            ("attachment", None),
            ("attachment; filename*=koi8-r''%C1", None),
        ];
        for (header, expected) in cases {
            assert_eq!(
                content_disposition_filename(header).as_deref(),
                expected,
                "{header}"
            );
        }
    }

    #[test]
    fn a_write_answered_when_done_is_done() {
        let done: TransactionRef = serde_json::from_str(
            r#"{"pkid": "63", "model_type": "data/Role", "meta": {}, "success": true}"#,
        )
        .unwrap();
        assert!(done.is_done());
        assert_eq!(done.resource_pkid.as_deref(), Some("63"));
        assert_eq!(done.pkid(), None);
        assert!(done.extra.contains_key("meta"));
        let later: TransactionRef = serde_json::from_str(
            r#"{"href": "/api/tool/Transaction/42", "success": true, "transaction_id": "42"}"#,
        )
        .unwrap();
        assert!(!later.is_done());
        assert_eq!(later.pkid(), Some("42"));
    }

    #[test]
    fn paths_and_queries_are_encoded_and_checked() {
        let r: Request<TransactionRef> =
            Request::new(&MOVE, vec!["a b/ü".into()]).hierarchy("sys.hcs.CS P&Q");
        assert_eq!(
            r.path_and_query().unwrap(),
            "/api/tool/DataMove/a%20b%2F%C3%BC/?model_type=data/Role&hierarchy=sys.hcs.CS%20P%26Q"
        );
        let bad: Request<TransactionRef> = Request::new(&MOVE, vec!["1".into()]).param("skip", 3);
        assert!(matches!(
            bad.path_and_query(),
            Err(RequestError::UndocumentedParameter { .. })
        ));
        let http = Request::<TransactionRef>::new(&MOVE, vec!["1".into()])
            .into_http("https://h.example/")
            .unwrap();
        assert_eq!(
            http.uri(),
            "https://h.example/api/tool/DataMove/1/?model_type=data/Role"
        );
        assert_eq!(http.method(), "POST");
    }

    #[test]
    fn debug_redacts_credentials() {
        let r: Request<TransactionRef> = Request::new(&MOVE, vec!["1".into()])
            .hierarchy("sys")
            .param("token", "t0k3n");
        let shown = format!("{r:?}");
        assert!(shown.contains("sys") && !shown.contains("t0k3n"), "{shown}");
    }

    #[test]
    fn last_segments_drop_query_fragment_and_slash() {
        assert_eq!(last_segment("/api/tool/Transaction/42/?x=1"), Some("42"));
        assert_eq!(last_segment("/api/data/Role/6a#top"), Some("6a"));
        assert_eq!(last_segment("plain"), Some("plain"));
        assert_eq!(last_segment("/"), None);
        assert_eq!(last_segment(""), None);
    }

    #[test]
    fn transaction_pkid() {
        let t: TransactionRef =
            serde_json::from_str(r#"{"href": "/api/tool/Transaction/abc/", "success": true}"#)
                .unwrap();
        assert_eq!(t.pkid(), Some("abc"));
    }
}
