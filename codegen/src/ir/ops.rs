//! Operations in the IR: each sidecar's operations with typed request bodies and answers, and
//! every name the emitters give them (functions, route statics, the server trait, its methods
//! and its `serve` function) claimed from the [`Namer`] of the namespace it lives in.

use crate::api::{ApiFile, Operation, QueryParam};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ident::{self, Namer};
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use vossgen_runtime::routes::params::{self, Conventions};
use vossgen_runtime::routes::Action;

/// What an operation sends as its request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// Nothing (`"none"`), or a body the caller does not choose (`"optional"`).
    None,
    /// The model's own payload (`"model"` in a model's sidecar).
    Model,
    /// The model's add form, where its inputs have one: what `create` sends.
    AddForm(super::TypeId),
    /// Another model's payload (`"model:TYPE"`): its index in [`super::TypeSpace::models`].
    Other(usize),
    /// A list of pkids (`"hrefs"`).
    Hrefs,
    /// pkids and the fields to set on each (`"bulk_update"`).
    BulkUpdate,
    /// Any JSON the caller gives (`"json"`, or `"model"` where there is no model).
    Json,
}

/// What an operation answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A page of the model's instances (`"list"`).
    List,
    /// One instance with its metadata (`"resource"`).
    Resource,
    /// A transaction to follow (`"transaction"`).
    Transaction,
    /// A file download (`"file"`).
    File,
    /// An HTML page (`"html"`).
    Html,
    /// A status object (`"status"`).
    Status,
    /// Another model's JSON (`"model:TYPE"`): its index in [`super::TypeSpace::models`].
    Other(usize),
    /// Any JSON (`"json"`, or `"list"`/`"resource"` where there is no model).
    Json,
}

/// One operation, ready to emit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpDef {
    /// Its place among its model's routes (what the server dispatch matches on).
    pub index: u16,
    /// The documented name (`bulk_delete`), as the route carries it.
    pub name: String,
    /// The generated function (an associated function of the model, or a module function).
    pub function: String,
    /// The static holding its route, in the model's `__routes` module.
    pub route_static: String,
    /// The generic VOSS action this is, answered by the runtime's `ModelServer` (a model's
    /// operation whose name is an action's and whose body is the model exactly when the
    /// action's is); `None` for a model-specific operation and for every API module operation.
    pub action: Option<Action>,
    /// The server trait's method (an operation that is not a generic action).
    pub method_name: String,
    /// The task as the page words it.
    pub task: String,
    /// The HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// Path parameters as the path names them, in order.
    pub path_params: Vec<String>,
    /// The Rust arguments for them.
    pub path_args: Vec<String>,
    /// Query parameters.
    pub query: Vec<QueryParam>,
    /// The query parameters with typed methods that the operation takes (documented without
    /// a fixed value, or by the VOSS API's conventions): their type names in the runtime's
    /// `routes::params`, in its order.
    pub params: Vec<&'static str>,
    /// The request body.
    pub body: Body,
    /// The sidecar's body kind, as the route carries it.
    pub body_kind: String,
    /// The answer.
    pub answer: Answer,
    /// The sidecar's answer kind, as the route carries it.
    pub answer_kind: String,
    /// Whether the API may answer with a transaction.
    pub support_async: bool,
    /// The largest page the server accepts (lists only).
    pub maximum_limit: Option<u64>,
}

/// The operations of one model or API module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpsDef {
    /// `"voss"` or `"vspark"`.
    pub api: String,
    /// What the routes name as their model: the model type, or the API module's path.
    pub model: String,
    /// The server trait, for the operations that are not generic actions (`None` when every
    /// operation is one: the runtime's `ModelServer` serves them all).
    pub server: Option<String>,
    /// The function that makes a service of a server.
    pub serve: String,
    /// The type parameter of `serve` (the server) and of the operations that take pkids: `S`,
    /// claimed in the module's namespace after its types, so that it never hides one (a model
    /// named `S`).
    pub server_param: String,
    /// The type parameter of the operations that take any serializable body: `B`, claimed as
    /// [`OpsDef::server_param`] is.
    pub body_param: String,
    /// The operations, in sidecar order.
    pub ops: Vec<OpDef>,
}

/// Names that a model's operation functions must not take: what the emitter gives its types
/// (constructor, enum helpers) and the methods of the traits they implement or that users call
/// on them (`Role::clone(pkid)` would shadow `Clone::clone`).
const TAKEN_BY_TRAITS: &[&str] = &[
    "new",
    "as_str",
    "is_known",
    "clone",
    "clone_from",
    "default",
    "fmt",
    "eq",
    "ne",
    "hash",
    "cmp",
    "partial_cmp",
    "serialize",
    "deserialize",
    "validate",
    "validate_at",
    "schema",
    "to_string",
    "to_owned",
    "from",
    "into",
    "try_from",
    "try_into",
    "from_str",
    "as_ref",
    "borrow",
    "drop",
];

/// Names used inside generated server code that a trait method must not take.
const TAKEN_IN_SERVER: &[&str] = &["call", "payload", "server"];

/// Builds the operations of a sidecar. A model's sidecar (a schema beside it) names its
/// module's namespace as `module`, where the server trait and `serve` are claimed; its
/// functions are associated functions of the model's type, claimed in `functions` away from
/// trait methods. An API module's (`module: None`) are module functions, all in `functions`.
/// `models` maps model types to model indices (for `model:TYPE`). Problems go to `diags` at
/// the sidecar's JSON pointer.
#[allow(clippy::too_many_arguments)]
pub fn build(
    api: &ApiFile,
    model: &str,
    server_stem: &str,
    functions: &mut Namer,
    module: Option<&mut Namer>,
    models: &HashMap<String, usize>,
    add_form: Option<super::TypeId>,
    file: &Path,
    diags: &mut Diagnostics,
) -> OpsDef {
    let has_model = module.is_some();
    if has_model {
        for taken in TAKEN_BY_TRAITS {
            functions.reserve(taken);
        }
    }
    let mut statics = Namer::new();
    statics.reserve("ALL");
    statics.reserve("BASE");
    // A server type usually derives `Clone` and more: its trait's methods keep out of their way.
    let mut methods = Namer::new();
    for taken in TAKEN_IN_SERVER.iter().chain(TAKEN_BY_TRAITS) {
        methods.reserve(taken);
    }
    if has_model {
        // A model's trait extends `ModelServer`: its methods keep out of that trait's way.
        for action in Action::ALL {
            methods.reserve(&ident::value_name(action.server_method()));
        }
    }
    let mut error = |i: usize, key: &str, message: String| {
        diags.push(Diagnostic::error(
            file,
            Location::Pointer(format!("/operations/{i}/{key}")),
            message,
        ))
    };
    let mut ops = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        let base = ident::value_name(&op.name);
        let function = claim_op(functions, &base);
        check_path(op, &mut |key, m| error(i, key, m));
        let body = match op.payload.as_str() {
            "none" | "optional" => Body::None,
            "model" if has_model => match add_form {
                Some(id) if Action::from_name(&op.name) == Some(Action::Create) => {
                    Body::AddForm(id)
                }
                _ => Body::Model,
            },
            "model" | "json" => Body::Json,
            "hrefs" => Body::Hrefs,
            "bulk_update" => Body::BulkUpdate,
            kind => match other_model(kind, models) {
                Ok(m) => Body::Other(m),
                Err(message) => {
                    error(i, "payload", message);
                    Body::Json
                }
            },
        };
        let answer = match op.response.as_str() {
            "list" if has_model => Answer::List,
            "resource" if has_model => Answer::Resource,
            "list" | "resource" | "json" => Answer::Json,
            "transaction" => Answer::Transaction,
            "file" => Answer::File,
            "html" => Answer::Html,
            "status" => Answer::Status,
            kind => match other_model(kind, models) {
                Ok(m) => Answer::Other(m),
                Err(message) => {
                    error(i, "response", message);
                    Answer::Json
                }
            },
        };
        let Ok(index) = u16::try_from(i) else {
            error(
                i,
                "name",
                "more than 65,535 operations in one sidecar".into(),
            );
            break;
        };
        let action = Action::from_name(&op.name).filter(|a| {
            has_model && a.takes_model() == matches!(body, Body::Model | Body::AddForm(_))
        });
        let method_name = match action {
            Some(a) => ident::value_name(a.server_method()),
            None => claim_op(&mut methods, &base),
        };
        let conventions = Conventions {
            api: &api.api,
            operation: &op.name,
            action,
            method: &op.method,
            path: &op.path,
            response: &op.response,
            support_async: op.support_async,
        };
        let params = params::ALL
            .iter()
            .filter(
                |(wire, _, _)| match op.query.iter().find(|q| q.name == *wire) {
                    Some(q) => q.value.is_none(),
                    None => conventions.takes(wire),
                },
            )
            .map(|(_, ty, _)| *ty)
            .collect();
        ops.push(OpDef {
            index,
            name: op.name.clone(),
            function,
            route_static: statics.claim(&ident::const_name(&op.name)),
            action,
            method_name,
            task: op.task.clone(),
            method: op.method.clone(),
            path: op.path.clone(),
            path_params: op.path_params.clone(),
            path_args: op
                .path_params
                .iter()
                .map(|p| ident::value_name(p))
                .collect(),
            query: op.query.clone(),
            params,
            body,
            body_kind: op.payload.clone(),
            answer,
            answer_kind: op.response.clone(),
            support_async: op.support_async,
            maximum_limit: api.maximum_limit.filter(|_| op.name == "list"),
        });
    }
    let module = match module {
        Some(m) => m,
        None => functions,
    };
    // An API module has no model, hence no `ModelServer`: its trait serves every operation.
    let custom = !has_model || ops.iter().any(|o| o.action.is_none());
    OpsDef {
        api: api.api.clone(),
        model: model.to_string(),
        server: custom.then(|| module.claim(&format!("{server_stem}Server"))),
        serve: module.claim("serve"),
        server_param: module.claim("S"),
        body_param: module.claim("B"),
        ops,
    }
}

/// `base`, or `base_op` (then `base_op2`, …) when `base` is taken.
fn claim_op(namer: &mut Namer, base: &str) -> String {
    if namer.is_taken(base) {
        namer.claim(&format!("{}_op", base.trim_start_matches("r#")))
    } else {
        namer.claim(base)
    }
}

/// The model a `model:TYPE` kind names.
fn other_model(kind: &str, models: &HashMap<String, usize>) -> Result<usize, String> {
    let Some(model_type) = kind.strip_prefix("model:") else {
        return Err(format!("unknown kind `{kind}`"));
    };
    models
        .get(model_type)
        .copied()
        .ok_or_else(|| format!("`{kind}` names a model type that no input schema has"))
}

/// Every `{name}` of the path is a path parameter and every path parameter is in the path, once.
fn check_path(op: &Operation, error: &mut dyn FnMut(&str, String)) {
    let mut placeholders = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            error("path", format!("`{}` has a `{{` without its `}}`", op.path));
            return;
        };
        placeholders.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    for p in &placeholders {
        if !op.path_params.iter().any(|q| q == p) {
            error(
                "path",
                format!(
                    "the path `{}` has `{{{p}}}`, which `path_params` does not list: the function would send it literally",
                    op.path
                ),
            );
        }
    }
    for (j, q) in op.path_params.iter().enumerate() {
        let uses = placeholders.iter().filter(|p| *p == q).count();
        if uses != 1 {
            error(
                &format!("path_params/{j}"),
                format!(
                    "path parameter `{q}` appears {uses} times in the path `{}`; it must appear once",
                    op.path
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(name: &str, path: &str, params: &[&str], payload: &str, response: &str) -> Operation {
        Operation {
            name: name.into(),
            task: String::new(),
            method: "GET".into(),
            path: path.into(),
            path_params: params.iter().map(|p| p.to_string()).collect(),
            query: Vec::new(),
            payload: payload.into(),
            response: response.into(),
            support_async: false,
            action: None,
            source: "synopsis:1".into(),
        }
    }

    fn built(ops: Vec<Operation>, has_model: bool) -> (OpsDef, Vec<String>) {
        let api = ApiFile {
            api: "voss".into(),
            model_type: None,
            description: None,
            api_version: None,
            maximum_limit: Some(50),
            operations: ops,
        };
        let mut diags = Diagnostics::new();
        let (mut functions, mut module) = (Namer::new(), Namer::new());
        module.reserve("Thing");
        module.reserve("ThingServer");
        let models = HashMap::from_iter([("vspark/User".to_string(), 7)]);
        let out = build(
            &api,
            "data/Thing",
            "Thing",
            &mut functions,
            has_model.then_some(&mut module),
            &models,
            None,
            Path::new("Thing.api.json"),
            &mut diags,
        );
        let messages = diags.iter().map(|d| d.to_string()).collect();
        (out, messages)
    }

    #[test]
    fn kinds_are_typed_and_unknown_ones_are_errors_at_their_pointer() {
        let (ops, errors) = built(
            vec![
                op("list", "/l/", &[], "none", "list"),
                op("save", "/s/", &[], "model:vspark/User", "model:vspark/User"),
                op("odd", "/o/", &[], "model:data/Nope", "pdf"),
            ],
            true,
        );
        assert_eq!(ops.ops[0].answer, Answer::List);
        assert_eq!(ops.ops[0].maximum_limit, Some(50));
        assert_eq!(
            (&ops.ops[1].body, &ops.ops[1].answer),
            (&Body::Other(7), &Answer::Other(7))
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains("/operations/2/payload") && errors[0].contains("model:data/Nope")
        );
        assert!(errors[1].contains("/operations/2/response") && errors[1].contains("`pdf`"));
        // Without a model, list and resource answers are plain JSON and `model` any body.
        let (ops, _) = built(vec![op("list", "/l/", &[], "model", "list")], false);
        assert_eq!(
            (&ops.ops[0].body, &ops.ops[0].answer),
            (&Body::Json, &Answer::Json)
        );
    }

    #[test]
    fn every_path_placeholder_is_a_parameter_and_back() {
        let (_, errors) = built(
            vec![
                op("get", "/x/{pkid}/", &[], "none", "json"),
                op("put", "/x/", &["pkid"], "none", "json"),
                op("ok", "/x/{a}/{b}/", &["a", "b"], "none", "json"),
            ],
            true,
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("/operations/0/path") && errors[0].contains("{pkid}"));
        assert!(errors[1].contains("/operations/1/path_params/0"));
    }

    #[test]
    fn names_are_claimed_around_what_is_taken() {
        let (ops, errors) = built(
            vec![
                op("clone", "/c/", &[], "none", "json"),
                op("all", "/a/", &[], "none", "json"),
                op("call", "/b/", &[], "none", "json"),
            ],
            true,
        );
        assert!(errors.is_empty());
        let names: Vec<_> = ops
            .ops
            .iter()
            .map(|o| {
                (
                    o.function.as_str(),
                    o.route_static.as_str(),
                    o.method_name.as_str(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("clone_op", "CLONE", "clone_op"),
                ("all", "ALL2", "all"),
                ("call", "CALL", "call_op")
            ]
        );
        assert_eq!(
            (ops.server.as_deref(), ops.serve.as_str()),
            (Some("ThingServer2"), "serve")
        );
    }

    #[test]
    fn generic_actions_go_to_model_server_and_only_the_rest_get_a_trait() {
        let (ops, errors) = built(
            vec![
                op("list", "/l/", &[], "none", "list"),
                op("create", "/c/", &[], "model", "transaction"),
                op("clone", "/k/", &[], "none", "json"),
            ],
            true,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let actions: Vec<_> = ops.ops.iter().map(|o| o.action).collect();
        assert_eq!(
            actions,
            [
                Some(Action::List),
                Some(Action::Create),
                Some(Action::Clone)
            ]
        );
        assert_eq!(ops.ops[2].method_name, "clone_op");
        assert_eq!(ops.server, None);

        // `create` whose body is not the model is the model's own operation: its trait method
        // keeps out of `ModelServer::create`. An API module has no `ModelServer` at all.
        let (ops, _) = built(vec![op("create", "/c/", &[], "json", "json")], true);
        assert_eq!(
            (ops.ops[0].action, ops.ops[0].method_name.as_str()),
            (None, "create_op")
        );
        assert!(ops.server.is_some());
        let (ops, _) = built(vec![op("list", "/l/", &[], "none", "json")], false);
        assert_eq!(ops.ops[0].action, None);
        assert!(ops.server.is_some());
    }
}
