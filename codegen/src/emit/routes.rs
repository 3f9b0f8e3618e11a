//! Operations, per model (or API module) and never crate-wide: a hidden `__routes` module of
//! static `Route`s and their table `ALL`, one function per operation returning a typed
//! `Request`, a server trait with one method per operation and a `serve` function that makes a
//! runtime `Service` of an implementation, dispatching on the route's index.

use super::{doc_text, docs_attrs, ident, Cx};
use crate::ir::ops::{Answer, Body, OpDef, OpsDef};
use proc_macro2::TokenStream;
use quote::quote;

/// The hidden module holding a model's routes.
pub const ROUTES_MODULE: &str = "__routes";

/// The base route every static of a model's `__routes` spreads.
const BASE: &str = "BASE";

impl Cx<'_> {
    fn routes_path(&self) -> TokenStream {
        let rt = &self.rt;
        quote!(#rt::routes)
    }

    /// `__routes`: `BASE`, one static per operation with what differs from it, and `ALL`.
    fn route_statics(&self, ops: &OpsDef) -> TokenStream {
        let r = self.routes_path();
        let base = ident(BASE);
        let statics = ops.ops.iter().map(|op| {
            let name = ident(&op.route_static);
            let index = proc_macro2::Literal::u16_unsuffixed(op.index);
            let (operation, path) = (&op.name, &op.path);
            let mut fields = vec![
                quote!(index: #index),
                quote!(operation: #operation),
                quote!(path: #path),
            ];
            if op.method != "GET" {
                let method = &op.method;
                fields.push(quote!(method: #method));
            }
            if !op.path_params.is_empty() {
                let params = &op.path_params;
                fields.push(quote!(path_params: &[#(#params),*]));
            }
            if !op.query.is_empty() {
                let query = self.query_set(op);
                fields.push(quote!(query: #query));
            }
            if op.body_kind != "none" {
                let kind = &op.body_kind;
                fields.push(quote!(payload: #kind));
            }
            if op.answer_kind != "json" {
                let kind = &op.answer_kind;
                fields.push(quote!(response: #kind));
            }
            if op.support_async {
                fields.push(quote!(support_async: true));
            }
            if let Some(m) = op.maximum_limit {
                let m = proc_macro2::Literal::u64_unsuffixed(m);
                fields.push(quote!(maximum_limit: ::std::option::Option::Some(#m)));
            }
            if let Some(action) = op.action {
                let variant = ident(&format!("{action:?}"));
                fields.push(quote!(action: ::std::option::Option::Some(#r::Action::#variant)));
            }
            quote! {
                pub static #name: #r::Route = #r::Route { #(#fields,)* ..#base };
            }
        });
        let all = ops.ops.iter().map(|op| ident(&op.route_static));
        let (api, model) = (&ops.api, &ops.model);
        let m = ident(ROUTES_MODULE);
        quote! {
            /// The documented operations, as data.
            #[doc(hidden)]
            pub mod #m {
                #![allow(missing_docs)]
                const #base: #r::Route = #r::Route::model(#api, #model);
                #(#statics)*
                pub static ALL: &[&#r::Route] = &[#(&#all),*];
            }
        }
    }

    /// An operation's query parameters: the runtime's shared set when they are one, else a
    /// literal.
    fn query_set(&self, op: &OpDef) -> TokenStream {
        let r = self.routes_path();
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
            let name = ident(name);
            return quote!(#r::query::#name);
        }
        let query = op.query.iter().map(|q| {
            let qn = &q.name;
            let value = match &q.value {
                Some(v) => quote!(::std::option::Option::Some(#v)),
                None => quote!(::std::option::Option::None),
            };
            let required = q.required;
            quote!(#r::QueryParam { name: #qn, value: #value, required: #required })
        });
        quote!(&[#(#query),*])
    }

    /// The type a request body decodes to, for the server: the model's own or another model's.
    fn body_type(
        &self,
        body: &Body,
        root: Option<&TokenStream>,
        from: &[String],
    ) -> Option<TokenStream> {
        match body {
            Body::Model => root.cloned(),
            Body::Other(m) => Some(self.type_path(self.space.models[*m].root, from)),
            _ => None,
        }
    }

    /// One function per operation. `root` is the model's type for a VOSS model (list and
    /// resource answers are typed with it), `None` for an API module.
    fn operation_fns(
        &self,
        ops: &OpsDef,
        root: Option<&TokenStream>,
        from: &[String],
    ) -> Vec<TokenStream> {
        let rt = &self.rt;
        let r = self.routes_path();
        let value = quote!(#rt::serde_json::Value);
        let routes = ident(ROUTES_MODULE);
        ops.ops
            .iter()
            .map(|op| {
                let fname = ident(&op.function);
                let route = ident(&op.route_static);
                let response = match (&op.answer, root) {
                    (Answer::List, Some(m)) => quote!(#rt::ListResponse<#m>),
                    (Answer::Resource, Some(m)) => quote!(#rt::Resource<#m>),
                    (Answer::Transaction, _) => quote!(#r::TransactionRef),
                    (Answer::File, _) => quote!(#r::FileDownload),
                    (Answer::Html, _) => quote!(#r::Html),
                    (Answer::Status, _) => quote!(#r::Status),
                    (Answer::Other(m), _) => self.type_path(self.space.models[*m].root, from),
                    _ => value.clone(),
                };
                let mut args = Vec::new();
                let mut generics = Vec::new();
                let path_idents: Vec<_> = op.path_args.iter().map(|p| ident(p)).collect();
                for p in &path_idents {
                    args.push(quote!(#p: &str));
                }
                let body = match (&op.body, self.body_type(&op.body, root, from)) {
                    (_, Some(ty)) => {
                        args.push(quote!(payload: &#ty));
                        quote!(.payload(payload))
                    }
                    (Body::Hrefs, _) => {
                        generics.push(quote!(S: ::std::convert::AsRef<str>));
                        args.push(quote!(pkids: &[S]));
                        quote!(.hrefs_body(pkids))
                    }
                    (Body::BulkUpdate, _) => {
                        generics.push(quote!(S: ::std::convert::AsRef<str>));
                        args.push(quote!(pkids: &[S]));
                        args.push(quote!(data: &#value));
                        quote!(.bulk_update_body(pkids, data))
                    }
                    (Body::Json | Body::Model | Body::Other(_), _) => {
                        generics.push(quote!(B: #rt::serde::Serialize + ?::std::marker::Sized));
                        args.push(quote!(body: &B));
                        quote!(.json_body(body))
                    }
                    (Body::None, _) => quote!(),
                };
                let docs = docs_attrs(&operation_docs(op));
                let generics = if generics.is_empty() { quote!() } else { quote!(<#(#generics),*>) };
                quote! {
                    #docs
                    pub fn #fname #generics (#(#args),*) -> #r::Request<#response> {
                        #r::Request::new(&#routes::#route, ::std::vec![#(::std::string::ToString::to_string(#path_idents)),*])#body
                    }
                }
            })
            .collect()
    }

    /// The server of a model or API module: its `serve`, and a trait for the operations that
    /// are not generic actions. A model's generic actions are the runtime's `ModelServer`
    /// methods (one trait for every model); a model with no other operation gets no trait.
    fn server(&self, ops: &OpsDef, root: Option<&TokenStream>, from: &[String]) -> TokenStream {
        let rt = &self.rt;
        let svc = quote!(#rt::service);
        let serve = ident(&ops.serve);
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
                    pub fn #serve<S: #svc::ModelServer<#root>>(server: ::std::sync::Arc<S>) -> #svc::Service {
                        #svc::serve_model::<#root, S>(#routes::ALL, server)
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
            match self.body_type(&op.body, root, from) {
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
                quote!(#svc::dispatch_action::<#root, S>(server, call)),
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
            pub fn #serve<S: #trait_name>(server: ::std::sync::Arc<S>) -> #svc::Service {
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

    /// The items of an API module (an operations sidecar without a schema) at `module`.
    pub(super) fn api_items(&self, index: usize, module: &[String]) -> TokenStream {
        let ops = &self.space.apis[index].ops;
        let statics = self.route_statics(ops);
        let fns = self.operation_fns(ops, None, module);
        let server = self.server(ops, None, module);
        let r = self.routes_path();
        let routes = ident(ROUTES_MODULE);
        quote! {
            #statics
            /// The documented operations of this module, as data.
            pub static ROUTES: &[&#r::Route] = #routes::ALL;
            #(#fns)*
            #server
        }
    }

    /// The operations of a VOSS model: its routes, an `impl` with one function each, and its
    /// server.
    pub(super) fn model_route_items(&self, model: usize) -> TokenStream {
        let m = &self.space.models[model];
        let Some(ops) = &m.ops else { return quote!() };
        let statics = self.route_statics(ops);
        let name = ident(&self.space.get(m.root).name);
        let root = quote!(#name);
        let fns = self.operation_fns(ops, Some(&root), &m.module);
        let server = self.server(ops, Some(&root), &m.module);
        let r = self.routes_path();
        let routes = ident(ROUTES_MODULE);
        quote! {
            #statics
            /// The documented operations of this model.
            impl #name {
                /// The documented operations, as data.
                pub const ROUTES: &'static [&'static #r::Route] = #routes::ALL;
                #(#fns)*
            }
            #server
        }
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
    if op.support_async {
        lines.push(String::new());
        lines.push("May run asynchronously: the answer names a transaction to follow.".to_string());
    }
    lines
}
