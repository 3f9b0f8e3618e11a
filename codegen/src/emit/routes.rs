//! Operations, per model (or API module) and never crate-wide: a hidden `__routes` module of
//! static `Route`s and their table `ALL`, one function per operation returning a typed
//! `Request`, a server trait with one method per operation and a `serve` function that makes a
//! runtime `Service` of an implementation, dispatching on the route's index.

use super::code::{lit, tokens, Code};
use super::{doc_text, ident, Cx};
use crate::ir::ops::{Answer, Body, OpDef, OpsDef};
use proc_macro2::TokenStream;
use quote::quote;
use vossgen_runtime::routes::params;

/// The hidden module holding a model's routes.
pub const ROUTES_MODULE: &str = "__routes";

/// The base route every static of a model's `__routes` spreads.
const BASE: &str = "BASE";

impl Cx<'_> {
    /// `__routes`: `BASE`, one static per operation with what differs from it, and `ALL`.
    fn route_statics(&self, code: &mut Code, ops: &OpsDef) {
        let r = format!("{}::routes", self.rt_text);
        code.doc("The documented operations, as data.");
        code.line("#[doc(hidden)]");
        code.open(&format!("pub mod {ROUTES_MODULE}"));
        code.line("#![allow(missing_docs)]");
        code.parts(&[
            "const ",
            BASE,
            ": ",
            &r,
            "::Route = ",
            &r,
            "::Route::model(",
            &lit(&ops.api),
            ", ",
            &lit(&ops.model),
            ");",
        ]);
        for op in &ops.ops {
            code.open(&format!(
                "pub static {}: {r}::Route = {r}::Route",
                op.route_static
            ));
            code.parts(&["index: ", &op.index.to_string(), ","]);
            code.parts(&["operation: ", &lit(&op.name), ","]);
            code.parts(&["path: ", &lit(&op.path), ","]);
            if op.method != "GET" {
                code.parts(&["method: ", &lit(&op.method), ","]);
            }
            if !op.path_params.is_empty() {
                let params: Vec<String> = op.path_params.iter().map(|p| lit(p)).collect();
                code.parts(&["path_params: &[", &params.join(", "), "],"]);
            }
            if !op.query.is_empty() {
                code.parts(&["query: ", &self.query_set(op), ","]);
            }
            if op.body_kind != "none" {
                code.parts(&["payload: ", &lit(&op.body_kind), ","]);
            }
            if op.answer_kind != "json" {
                code.parts(&["response: ", &lit(&op.answer_kind), ","]);
            }
            if op.support_async {
                code.line("support_async: true,");
            }
            if let Some(m) = op.maximum_limit {
                code.parts(&[
                    "maximum_limit: ::std::option::Option::Some(",
                    &m.to_string(),
                    "),",
                ]);
            }
            if let Some(action) = op.action {
                code.parts(&[
                    "action: ::std::option::Option::Some(",
                    &r,
                    "::Action::",
                    &format!("{action:?}"),
                    "),",
                ]);
            }
            code.parts(&["..", BASE]);
            code.close(";");
        }
        code.list(
            &format!("pub static ALL: &[&{r}::Route] = &["),
            ops.ops.iter().map(|op| format!("&{}", op.route_static)),
            "];",
        );
        code.close("");
    }

    /// An operation's query parameters: the runtime's shared set when they are one, else a
    /// literal.
    fn query_set(&self, op: &OpDef) -> String {
        let r = format!("{}::routes", self.rt_text);
        let shared = vossgen_runtime::routes::query::SETS
            .iter()
            .find(|(_, set)| {
                set.len() == op.query.len()
                    && set.iter().zip(&op.query).all(|(a, b)| {
                        a.name == b.name
                            && a.value == b.value.as_deref()
                            && a.required == b.required
                    })
            });
        if let Some((name, _)) = shared {
            return format!("{r}::query::{name}");
        }
        let query: Vec<String> = op
            .query
            .iter()
            .map(|q| {
                let value = match &q.value {
                    Some(v) => format!("::std::option::Option::Some({})", lit(v)),
                    None => "::std::option::Option::None".to_string(),
                };
                format!(
                    "{r}::QueryParam {{ name: {}, value: {value}, required: {} }}",
                    lit(&q.name),
                    q.required
                )
            })
            .collect();
        format!("&[{}]", query.join(", "))
    }

    /// The type a request body decodes to, for the server: the model's own or another model's.
    fn body_type(&self, body: &Body, root: Option<&str>, from: &[String]) -> Option<String> {
        match body {
            Body::Model => root.map(str::to_string),
            Body::Other(m) => Some(self.type_path_text(self.space.models[*m].root, from)),
            Body::AddForm(id) => Some(self.type_path_text(*id, from)),
            _ => None,
        }
    }

    /// One function per operation. `root` is the model's type for a VOSS model (resource
    /// answers are typed with it) and `entry` its list entries' type, `None` for an API module.
    fn operation_fns(
        &self,
        code: &mut Code,
        ops: &OpsDef,
        (root, entry): (Option<&str>, Option<&str>),
        from: &[String],
    ) {
        let rt = &self.rt_text;
        let r = format!("{rt}::routes");
        let value = format!("{rt}::serde_json::Value");
        for op in &ops.ops {
            let response = match (&op.answer, root) {
                (Answer::List, Some(_)) => {
                    format!("{rt}::ListResponse<{}>", entry.or(root).unwrap_or_default())
                }
                (Answer::Resource, Some(m)) => format!("{rt}::Resource<{m}>"),
                (Answer::Transaction, _) => format!("{r}::TransactionRef"),
                (Answer::File, _) => format!("{r}::FileDownload"),
                (Answer::Html, _) => format!("{r}::Html"),
                (Answer::Status, _) => format!("{r}::Status"),
                (Answer::Other(m), _) => self.type_path_text(self.space.models[*m].root, from),
                _ => value.clone(),
            };
            let mut args: Vec<String> = op.path_args.iter().map(|p| format!("{p}: &str")).collect();
            let mut generics = Vec::new();
            let body = match (&op.body, self.body_type(&op.body, root, from)) {
                (_, Some(ty)) => {
                    args.push(format!("payload: &{ty}"));
                    ".payload(payload)".to_string()
                }
                (Body::Hrefs, _) => {
                    let s = &ops.server_param;
                    generics.push(format!("{s}: ::std::convert::AsRef<str>"));
                    args.push(format!("pkids: &[{s}]"));
                    ".hrefs_body(pkids)".to_string()
                }
                (Body::BulkUpdate, _) => {
                    let s = &ops.server_param;
                    generics.push(format!("{s}: ::std::convert::AsRef<str>"));
                    args.push(format!("pkids: &[{s}]"));
                    args.push(format!("data: &{value}"));
                    ".bulk_update_body(pkids, data)".to_string()
                }
                (Body::Json | Body::Model | Body::Other(_) | Body::AddForm(_), _) => {
                    let b = &ops.body_param;
                    generics.push(format!(
                        "{b}: {rt}::serde::Serialize + ?::std::marker::Sized"
                    ));
                    args.push(format!("body: &{b}"));
                    ".json_body(body)".to_string()
                }
                (Body::None, _) => String::new(),
            };
            let generics = if generics.is_empty() {
                String::new()
            } else {
                format!("<{}>", generics.join(", "))
            };
            let path_values: Vec<String> = op
                .path_args
                .iter()
                .map(|p| format!("::std::string::ToString::to_string({p})"))
                .collect();
            code.docs(&operation_docs(op));
            code.line("#[inline]");
            code.open(&format!(
                "pub fn {}{generics}({}) -> {r}::Request<{response}, {rt}::params![{}]>",
                op.function,
                args.join(", "),
                op.params.join(", "),
            ));
            code.parts(&[
                &r,
                "::Request::new(&",
                ROUTES_MODULE,
                "::",
                &op.route_static,
                ", ::std::vec![",
                &path_values.join(", "),
                "])",
                &body,
            ]);
            code.close("");
        }
    }

    /// The server of a model or API module: its `serve`, and a trait for the operations that
    /// are not generic actions. A model's generic actions are the runtime's `ModelServer`
    /// methods (one trait for every model); a model with no other operation gets no trait.
    fn server(&self, ops: &OpsDef, root_text: Option<&str>, from: &[String]) -> TokenStream {
        let rt = &self.rt;
        let root = root_text.map(tokens);
        let root = root.as_ref();
        let svc = quote!(#rt::service);
        let serve = ident(&ops.serve);
        let s = ident(&ops.server_param);
        let routes = ident(ROUTES_MODULE);
        let trait_name = match (&ops.server, root) {
            (Some(trait_name), _) => trait_name,
            // An API module always has a trait (`ir::ops`).
            (None, None) => return quote!(),
            (None, Some(root)) => {
                let serve_doc = format!(
                    " Serves the operations of `{}` with `server`, whose methods of the runtime's `service::ModelServer` answer them. Model payloads are decoded and validated before the method is called: an invalid body is answered 422 with every error.",
                    ops.model,
                );
                return quote! {
                    #[doc = #serve_doc]
                    #[inline]
                    pub fn #serve<#s: #svc::ModelServer<#root>>(server: ::std::sync::Arc<#s>) -> #svc::Service {
                        #svc::serve_model::<#root, #s>(#routes::ALL, server)
                    }
                };
            }
        };
        let trait_name = ident(trait_name);
        let future = quote!(impl #svc::Answer);
        let mut methods = Vec::new();
        let mut arms = Vec::new();
        for op in ops.ops.iter().filter(|op| op.action.is_none()) {
            let method = ident(&op.method_name);
            let index = proc_macro2::Literal::u16_unsuffixed(op.index);
            let task = op.task.trim_end().trim_end_matches('.');
            let doc = format!(" {} (`{} {}`).", doc_text(task), op.method, op.path);
            match self
                .body_type(&op.body, root_text, from)
                .map(|t| tokens(&t))
            {
                Some(ty) => {
                    methods.push(quote! {
                        #[doc = #doc]
                        #[doc = ""]
                        #[doc = " `payload` is the request body, decoded and validated."]
                        fn #method(&self, call: #svc::Call, payload: #ty) -> #future {
                            let _ = payload;
                            #svc::not_implemented(call)
                        }
                    });
                    arms.push(quote! {
                        #index => match #svc::payload::<#ty>(&call) {
                            ::std::result::Result::Ok(payload) => ::std::boxed::Box::pin(async move {
                                #trait_name::#method(&*server, call, payload).await
                            }),
                            ::std::result::Result::Err(reply) => #svc::ready(reply),
                        },
                    });
                }
                None => {
                    methods.push(quote! {
                        #[doc = #doc]
                        fn #method(&self, call: #svc::Call) -> #future {
                            #svc::not_implemented(call)
                        }
                    });
                    arms.push(quote! {
                        #index => ::std::boxed::Box::pin(async move { #trait_name::#method(&*server, call).await }),
                    });
                }
            }
        }
        let (supertrait, fallback, generic_note) = match root {
            Some(root) => (
                quote!(#svc::ModelServer<#root>),
                quote!(#svc::dispatch_action::<#root, #s>(server, call)),
                " The generic actions (list, get, create, …) are the methods of its supertrait, the runtime's `ModelServer`.",
            ),
            None => (
                quote!(::std::marker::Send + ::std::marker::Sync + 'static),
                quote!(#svc::ready(#svc::Reply::not_implemented(call.route))),
                "",
            ),
        };
        let trait_doc = format!(
            " The server side of `{}`: one method per documented operation of its own, each answering 501 Not Implemented until an implementation overrides it.{generic_note} [`{}`] makes a service of an implementation for the runtime's `server::router`.",
            ops.model, ops.serve
        );
        let serve_doc = format!(
            " Serves the operations of `{}` with `server`. Model payloads are decoded and validated before the method is called: an invalid body is answered 422 with every error.",
            ops.model
        );
        quote! {
            #[doc = #trait_doc]
            pub trait #trait_name: #supertrait {
                #(#methods)*
            }
            #[doc = #serve_doc]
            #[inline]
            pub fn #serve<#s: #trait_name>(server: ::std::sync::Arc<#s>) -> #svc::Service {
                // One small future per arm, not one `async` block awaiting every method's: the
                // latter's `Send` proof grew faster than linearly with the crate.
                #svc::Service::new(#routes::ALL, server, |server, call| -> #svc::ReplyFuture {
                    match call.route.index {
                        #(#arms)*
                        _ => #fallback,
                    }
                })
            }
        }
    }

    /// Writes the items of an API module (an operations sidecar without a schema) at `module`.
    pub(super) fn api_items(&self, code: &mut Code, index: usize, module: &[String]) {
        let ops = &self.space.apis[index].ops;
        self.route_statics(code, ops);
        code.doc("The documented operations of this module, as data.");
        code.parts(&[
            "pub static ROUTES: &[&",
            &self.rt_text,
            "::routes::Route] = ",
            ROUTES_MODULE,
            "::ALL;",
        ]);
        self.operation_fns(code, ops, (None, None), module);
        code.tokens(self.server(ops, None, module), self.options.pretty);
    }

    /// Writes the operations of a VOSS model: its routes, an `impl` with one function each,
    /// and its server.
    pub(super) fn model_route_items(&self, code: &mut Code, model: usize) {
        let m = &self.space.models[model];
        let Some(ops) = &m.ops else { return };
        let name = &self.space.get(m.root).name;
        self.route_statics(code, ops);
        code.doc("The documented operations of this model.");
        code.open(&format!("impl {name}"));
        code.doc("The documented operations, as data.");
        code.parts(&[
            "pub const ROUTES: &'static [&'static ",
            &self.rt_text,
            "::routes::Route] = ",
            ROUTES_MODULE,
            "::ALL;",
        ]);
        let entry = m.summary.map(|s| self.space.get(s).name.as_str());
        self.operation_fns(code, ops, (Some(name), entry), &m.module);
        code.close("");
        code.tokens(self.server(ops, Some(name), &m.module), self.options.pretty);
    }
}

/// An operation function's documentation: the task, the request line, the query parameters.
fn operation_docs(op: &OpDef) -> Vec<String> {
    let mut lines = vec![doc_text(&op.task)];
    lines.push(String::new());
    lines.push(format!("`{} {}`", op.method, op.path));
    let documented: Vec<String> = op
        .query
        .iter()
        .map(|q| match &q.value {
            Some(v) => format!("`{}={}` (always sent)", q.name, v),
            None if q.required => format!("`{}` (required)", q.name),
            None => format!("`{}`", q.name),
        })
        .collect();
    if !documented.is_empty() {
        lines.push(String::new());
        lines.push(format!("Query parameters: {}.", documented.join(", ")));
    }
    let methods: Vec<String> = op
        .params
        .iter()
        .filter_map(|ty| params::ALL.iter().find(|(_, t, _)| t == ty))
        .map(|(_, _, method)| format!("`{method}`"))
        .collect();
    if !methods.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "Typed query methods of its `Request`: {}.",
            methods.join(", ")
        ));
    }
    if op.support_async {
        lines.push(String::new());
        lines.push("May run asynchronously: the answer names a transaction to follow.".to_string());
    }
    lines
}
