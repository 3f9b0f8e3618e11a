//! Route stubs from the operations sidecars: a hidden `__routes` module of static
//! `vossgen_runtime::routes::Route`s per model (or API module), one function per documented
//! operation returning a typed `Request`, and the crate's `ROUTES` table.

use super::{doc_text, docs_attrs, ident, Cx};
use crate::api::{ApiFile, Operation};
use crate::ir::DirModule;
use proc_macro2::TokenStream;
use quote::quote;

/// The hidden module holding a model's routes.
pub const ROUTES_MODULE: &str = "__routes";

fn static_name(op: &Operation) -> proc_macro2::Ident {
    ident(&crate::ident::const_name(&op.name))
}

impl Cx<'_> {
    fn routes_path(&self) -> TokenStream {
        let rt = &self.rt;
        quote!(#rt::routes)
    }

    /// `__routes`: one static per operation.
    pub(super) fn route_statics(&self, api: &ApiFile, model: &str) -> TokenStream {
        let r = self.routes_path();
        let statics = api.operations.iter().map(|op| {
            let name = static_name(op);
            let (api_name, operation, method, path) = (&api.api, &op.name, &op.method, &op.path);
            let params = &op.path_params;
            let query = op.query.iter().map(|q| {
                let qn = &q.name;
                let value = match &q.value {
                    Some(v) => quote!(::std::option::Option::Some(#v)),
                    None => quote!(::std::option::Option::None),
                };
                let required = q.required;
                quote!(#r::QueryParam { name: #qn, value: #value, required: #required })
            });
            let (payload, response, support_async) = (&op.payload, &op.response, op.support_async);
            let max = match (op.name.as_str(), api.maximum_limit) {
                ("list", Some(m)) => quote!(::std::option::Option::Some(#m)),
                _ => quote!(::std::option::Option::None),
            };
            quote! {
                pub static #name: #r::Route = #r::Route {
                    api: #api_name,
                    model: #model,
                    operation: #operation,
                    method: #method,
                    path: #path,
                    path_params: &[#(#params),*],
                    query: &[#(#query),*],
                    payload: #payload,
                    response: #response,
                    support_async: #support_async,
                    maximum_limit: #max,
                };
            }
        });
        let m = ident(ROUTES_MODULE);
        quote! {
            /// The documented operations, as data.
            #[doc(hidden)]
            pub mod #m {
                #![allow(missing_docs)]
                #(#statics)*
            }
        }
    }

    /// One function per operation. `model` is the root type's name for a VOSS model (list and
    /// resource responses are typed with it), `None` for an API module.
    pub(super) fn operation_fns(
        &self,
        api: &ApiFile,
        model: Option<&str>,
        routes_from_here: TokenStream,
        from: &[String],
    ) -> Vec<TokenStream> {
        let rt = &self.rt;
        let r = self.routes_path();
        let value = quote!(#rt::serde_json::Value);
        api.operations
            .iter()
            .map(|op| {
                let fname = ident(&crate::ident::value_name(&op.name));
                let route = static_name(op);
                let root = model.map(|m| {
                    let m = ident(m);
                    quote!(#m)
                });
                let response = match (op.response.as_str(), &root) {
                    ("list", Some(m)) => quote!(#rt::ListResponse<#m>),
                    ("resource", Some(m)) => quote!(#rt::Resource<#m>),
                    ("transaction", _) => quote!(#r::TransactionRef),
                    ("file", _) => quote!(#r::FileDownload),
                    ("html", _) => quote!(#r::Html),
                    ("status", _) => quote!(#r::Status),
                    (kind, _) => self.model_by_kind(kind, from).unwrap_or_else(|| value.clone()),
                };
                let mut args = Vec::new();
                let mut generics = Vec::new();
                let path_idents: Vec<_> = op.path_params.iter().map(|p| ident(&crate::ident::value_name(p))).collect();
                for p in &path_idents {
                    args.push(quote!(#p: &str));
                }
                let named_payload = self.model_by_kind(&op.payload, from);
                let body = match (op.payload.as_str(), &root) {
                    ("model", Some(m)) => {
                        args.push(quote!(payload: &#m));
                        quote!(.payload(payload))
                    }
                    _ if named_payload.is_some() => {
                        args.push(quote!(payload: &#named_payload));
                        quote!(.payload(payload))
                    }
                    ("hrefs", _) => {
                        generics.push(quote!(S: ::std::convert::AsRef<str>));
                        args.push(quote!(pkids: &[S]));
                        quote!(.hrefs_body(pkids))
                    }
                    ("bulk_update", _) => {
                        generics.push(quote!(S: ::std::convert::AsRef<str>));
                        args.push(quote!(pkids: &[S]));
                        args.push(quote!(data: &#value));
                        quote!(.bulk_update_body(pkids, data))
                    }
                    ("json" | "model", _) => {
                        generics.push(quote!(B: #rt::serde::Serialize + ?::std::marker::Sized));
                        args.push(quote!(body: &B));
                        quote!(.json_body(body))
                    }
                    _ => quote!(),
                };
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
                let docs = docs_attrs(&lines);
                let generics = if generics.is_empty() { quote!() } else { quote!(<#(#generics),*>) };
                quote! {
                    #docs
                    pub fn #fname #generics (#(#args),*) -> #r::Request<#response> {
                        #r::Request::new(&#routes_from_here::#route, ::std::vec![#(::std::string::ToString::to_string(#path_idents)),*])#body
                    }
                }
            })
            .collect()
    }

    /// The path from `from` to the root type of the model a `model:TYPE` kind names.
    pub(super) fn model_by_kind(&self, kind: &str, from: &[String]) -> Option<TokenStream> {
        let model_type = kind.strip_prefix("model:")?;
        let m = self
            .space
            .models
            .iter()
            .find(|m| m.model_type == model_type)?;
        Some(self.type_path(m.root, from))
    }

    /// The items of an API module (an operations sidecar without a schema) at `module`.
    pub(super) fn api_items(&self, index: usize, module: &[String]) -> TokenStream {
        let a = &self.space.apis[index];
        let model = a.rel.strip_suffix(crate::api::API_SUFFIX).unwrap_or(&a.rel);
        let statics = self.route_statics(&a.api, model);
        let m = ident(ROUTES_MODULE);
        let fns = self.operation_fns(&a.api, None, quote!(#m), module);
        quote!(#statics #(#fns)*)
    }

    /// The operations of a VOSS model: its routes and an `impl` with one function each.
    pub(super) fn model_route_items(&self, model: usize) -> TokenStream {
        let m = &self.space.models[model];
        let Some(api) = &m.api else { return quote!() };
        let statics = self.route_statics(api, &m.model_type);
        let root = &self.space.get(m.root).name;
        let name = ident(root);
        let routes = ident(ROUTES_MODULE);
        let fns = self.operation_fns(api, Some(root), quote!(#routes), &m.module);
        quote! {
            #statics
            /// The documented operations of this model.
            impl #name {
                #(#fns)*
            }
        }
    }

    /// `ROUTES`: every route of the crate, for servers and tools.
    pub(super) fn route_table(&self) -> TokenStream {
        let r = self.routes_path();
        let mut entries = Vec::new();
        collect_routes(self, &self.space.root, &mut Vec::new(), &mut entries);
        if entries.is_empty() {
            return quote!();
        }
        let servers = self.server_traits();
        quote! {
            /// Every documented operation of every model and API in this crate.
            #[allow(clippy::all)]
            pub static ROUTES: &[&#r::Route] = &[#(#entries),*];
            #servers
        }
    }

    /// One trait per API (`VossServer`, `VsparkServer`): a method per operation, answering
    /// 501 until implemented; and `dispatch_voss`/`dispatch_vspark`, which decode and validate
    /// model payloads (422 with every error) before calling the method.
    fn server_traits(&self) -> TokenStream {
        let rt = &self.rt;
        let svc = quote!(#rt::service);
        let mut apis: std::collections::BTreeMap<String, Vec<ApiEntry<'_>>> = Default::default();
        let mut visit = Vec::new();
        collect_apis(self, &self.space.root, &mut Vec::new(), &mut visit);
        for (model, root, api, prefix) in visit {
            apis.entry(api.api.clone())
                .or_default()
                .push((model, root, api, prefix));
        }
        let mut out = Vec::new();
        for (api_name, entries) in apis {
            let pascal = crate::ident::type_name(&api_name);
            let trait_name = ident(&format!("{pascal}Server"));
            let dispatch = ident(&format!(
                "dispatch_{}",
                crate::ident::module_name(&api_name)
            ));
            let mut namer = crate::ident::Namer::new();
            let mut methods = Vec::new();
            let mut arms = Vec::new();
            for (model, root, api, prefix) in entries {
                for op in &api.operations {
                    let base = if prefix.is_empty() {
                        op.name.clone()
                    } else {
                        format!("{prefix}_{}", op.name)
                    };
                    let method = ident(&namer.claim(&crate::ident::value_name(&base)));
                    let doc = format!(" {} (`{} {}`).", doc_text(&op.task), op.method, op.path);
                    let operation = &op.name;
                    // The payload's type: the model's own, or the one `model:TYPE` names.
                    let typed_payload = match (op.payload.as_str(), &root) {
                        ("model", Some(root)) => Some(root.clone()),
                        (kind, _) => self.model_by_kind(kind, &[]),
                    };
                    match (typed_payload.as_ref(), ()) {
                        (Some(root), ()) => {
                            methods.push(quote! {
                                #[doc = #doc]
                                #[doc = ""]
                                #[doc = " `payload` is the request body, decoded and validated."]
                                fn #method(&self, call: #svc::Call, payload: #root) -> impl ::std::future::Future<Output = #svc::Reply> + ::std::marker::Send {
                                    async move {
                                        let _ = payload;
                                        #svc::Reply::not_implemented(call.route)
                                    }
                                }
                            });
                            arms.push(quote! {
                                (#model, #operation) => match #rt::from_slice::<#root>(&call.body) {
                                    ::std::result::Result::Ok(payload) => server.#method(call, payload).await,
                                    ::std::result::Result::Err(errors) => #svc::Reply::invalid(&errors),
                                },
                            });
                        }
                        _ => {
                            methods.push(quote! {
                                #[doc = #doc]
                                fn #method(&self, call: #svc::Call) -> impl ::std::future::Future<Output = #svc::Reply> + ::std::marker::Send {
                                    async move { #svc::Reply::not_implemented(call.route) }
                                }
                            });
                            arms.push(quote!((#model, #operation) => server.#method(call).await,));
                        }
                    }
                }
            }
            let trait_doc = format!(" The server side of the `{api_name}` API: one method per documented operation, each answering 501 Not Implemented until a server implements it. Serve it with `{dispatch}` and the runtime's `server::router`.");
            let dispatch_doc = " Calls the method of `server` for `call`'s operation. Model payloads are decoded and validated first: an invalid body is answered 422 with every error.";
            out.push(quote! {
                #[doc = #trait_doc]
                #[allow(clippy::all)]
                pub trait #trait_name: ::std::marker::Send + ::std::marker::Sync {
                    #(#methods)*
                }
                #[doc = #dispatch_doc]
                #[allow(clippy::all)]
                pub async fn #dispatch<S: #trait_name + ?::std::marker::Sized>(server: &S, call: #svc::Call) -> #svc::Reply {
                    match (call.route.model, call.route.operation) {
                        #(#arms)*
                        _ => #svc::Reply::not_implemented(call.route),
                    }
                }
            });
        }
        quote!(#(#out)*)
    }
}

/// An API file with what the server trait needs: (model, root type path, file, method prefix).
type ApiEntry<'s> = (String, Option<TokenStream>, &'s ApiFile, String);

/// Every API file with what the server trait needs.
fn collect_apis<'s>(
    cx: &Cx<'s>,
    dir: &'s DirModule,
    path: &mut Vec<String>,
    out: &mut Vec<ApiEntry<'s>>,
) {
    for (name, model) in &dir.models {
        let m = &cx.space.models[*model];
        if let Some(api) = &m.api {
            let segs = path.iter().map(|p| ident(p));
            let root = ident(&cx.space.get(m.root).name);
            let file = ident(name);
            out.push((
                m.model_type.clone(),
                Some(quote!(#(#segs::)* #file::#root)),
                api,
                name.trim_start_matches("r#").to_string(),
            ));
        }
    }
    for index in dir.apis.values() {
        let a = &cx.space.apis[*index];
        let model = a
            .rel
            .strip_suffix(crate::api::API_SUFFIX)
            .unwrap_or(&a.rel)
            .to_string();
        out.push((model, None, &a.api, String::new()));
    }
    for (name, child) in &dir.dirs {
        path.push(name.clone());
        collect_apis(cx, child, path, out);
        path.pop();
    }
}

fn collect_routes(
    cx: &Cx<'_>,
    dir: &DirModule,
    path: &mut Vec<String>,
    out: &mut Vec<TokenStream>,
) {
    let routes = ident(ROUTES_MODULE);
    let prefix = |path: &[String], last: &str| {
        let segs = path
            .iter()
            .map(|p| ident(p))
            .chain(std::iter::once(ident(last)));
        quote!(#(#segs::)*)
    };
    for (name, model) in &dir.models {
        if let Some(api) = &cx.space.models[*model].api {
            let p = prefix(path, name);
            for op in &api.operations {
                let s = static_name(op);
                out.push(quote!(&#p #routes::#s));
            }
        }
    }
    for (name, index) in &dir.apis {
        let p = prefix(path, name);
        for op in &cx.space.apis[*index].api.operations {
            let s = static_name(op);
            out.push(quote!(&#p #routes::#s));
        }
    }
    for (name, child) in &dir.dirs {
        path.push(name.clone());
        collect_routes(cx, child, path, out);
        path.pop();
    }
}
