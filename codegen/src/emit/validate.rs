//! Validators from the IR: every type gets `Validate` (the interpreter on its JSON form, written
//! as text, or for the derive a typed fast path that calls the runtime's leaf checks) and
//! `Described` (its node in its module's schema table, see [`super::table`]).

use super::code::Code;
use super::{ident, Cx};
use crate::ir::{AdditionalDef, Field, ItemsDef, NodeId, Shape, TypeId, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

impl Cx<'_> {
    pub(super) fn rtv(&self) -> TokenStream {
        let rt = &self.rt;
        quote!(#rt::validate)
    }

    /// `Validate` (whose `described` names the schema) and `Described` of a generated model's
    /// type: the interpreter on its JSON form (structs through their object table: one erased
    /// `Serialize` for all of them), no code per field.
    pub(super) fn validate_text(&self, code: &mut Code, id: TypeId) {
        let t = self.space.get(id);
        let Some(node) = t.node else { return };
        if matches!(t.kind, TypeKind::Alias(_)) {
            return;
        }
        let rt = &self.rt_text;
        let node_path = self.node_path_text(node, &t.module);
        let (check, value) = match &t.kind {
            TypeKind::Struct { .. } => (format!("{rt}::__private::validate_object"), "self"),
            TypeKind::Enum { .. } => (format!("{rt}::__private::validate_str"), "self.as_str()"),
            _ => (format!("{rt}::validate::validate_serialized"), "self"),
        };
        code.item();
        code.open(&format!("impl {rt}::validate::Validate for {}", t.name));
        if self.space.endless.contains(&id) {
            // vossgen warned at the schema already; rustc's warning would fail a
            // deny(warnings) crate.
            code.line("#[allow(unconditional_recursion)]");
        }
        code.line("#[inline]");
        code.line("fn validate_at(");
        code.indent();
        code.line("&self,");
        code.parts(&["path: &mut ", rt, "::validate::JsonPath,"]);
        code.parts(&["errors: &mut ", rt, "::validate::ValidationErrors,"]);
        code.dedent();
        code.open(")");
        code.parts(&[&check, "(", value, ", ", &node_path, ", path, errors);"]);
        code.close("");
        code.line("#[inline]");
        code.parts(&[
            "fn described() -> ::std::option::Option<",
            rt,
            "::validate::Description> {",
        ]);
        code.indent();
        code.parts(&[
            "::std::option::Option::Some(",
            rt,
            "::validate::Description::of::<Self>())",
        ]);
        code.close("");
        code.close("");
        code.item();
        code.open(&format!("impl {rt}::validate::Described for {}", t.name));
        code.line("const SCHEMA_IS_COMPLETE: bool = true;");
        code.line("#[inline]");
        code.parts(&["fn schema() -> &'static ", rt, "::validate::Node {"]);
        code.indent();
        code.line(&node_path);
        code.close("");
        code.close("");
    }

    /// `Validate` and `Described` for one type of the derive: a typed fast path.
    pub(super) fn validate_impls(&self, id: TypeId) -> TokenStream {
        let t = self.space.get(id);
        let Some(node) = t.node else { return quote!() };
        if matches!(t.kind, TypeKind::Alias(_)) {
            return quote!();
        }
        let rt = &self.rt;
        let rtv = self.rtv();
        let name = ident(&t.name);
        let node_path = self.node_path(node, &t.module);
        let resolved = self.space.node(self.space.resolved(node));
        let body = match &t.kind {
            TypeKind::Struct {
                fields,
                extra_value,
                extra_ident,
            } if !resolved.is_exotic() && resolved.enumeration.is_none() => {
                let rnode = self.node_path(self.space.resolved(node), &t.module);
                let mut steps = Vec::new();
                for f in fields {
                    let wire = &f.wire;
                    let fid = ident(&f.ident);
                    let mut check = self.value_check(&f.shape, f.node, quote!(v), &t.module);
                    check.extend(custom_checks(f, quote!(v)));
                    // `patternProperties` apply to declared properties too; the wire name is
                    // known now, so the match is decided here.
                    for (pattern, pp_node) in &resolved.pattern_properties {
                        if vossgen_runtime::validate::Pattern::matches_once(pattern, wire)
                            == Some(true)
                        {
                            let extra = self.interpreted(*pp_node, quote!(v), &t.module);
                            check = quote!(#check #extra);
                        }
                    }
                    if check.is_empty() {
                        continue;
                    }
                    // A flattened value's members are the parent's: no segment of its own.
                    let (push, pop) = if f.flatten {
                        (quote!(), quote!())
                    } else {
                        (quote!(path.push_key(#wire);), quote!(path.pop();))
                    };
                    if f.optional {
                        steps.push(quote!(if let ::std::option::Option::Some(v) = &self.#fid { #push #check #pop }));
                    } else {
                        steps.push(quote!({ let v = &self.#fid; #push #check #pop }));
                    }
                }
                // A hand-written struct (the derive) has no map of undeclared keys.
                let has_extra = !extra_ident.is_empty();
                let extra = ident(if has_extra { extra_ident } else { "extra" });
                match (extra_value, &resolved.additional_properties) {
                    _ if !has_extra => {}
                    (Shape::Any, _) => steps.push(
                        quote!(#rtv::check_extra_members(#rnode, &self.#extra, path, errors);),
                    ),
                    (shape, AdditionalDef::Schema(value_node)) => {
                        let check = self.value_check(shape, *value_node, quote!(v), &t.module);
                        if !check.is_empty() {
                            steps.push(quote!(for (k, v) in &self.#extra { path.push_owned(k); #check path.pop(); }));
                        }
                    }
                    _ => {}
                }
                if !resolved.dependencies.is_empty() {
                    let arms = fields.iter().map(|f| {
                        let wire = &f.wire;
                        let fid = ident(&f.ident);
                        if f.optional {
                            quote!(#wire => self.#fid.is_some(),)
                        } else {
                            quote!(#wire => true,)
                        }
                    });
                    let other = if has_extra {
                        quote!(other => self.#extra.contains_key(other),)
                    } else {
                        quote!(_ => false,)
                    };
                    steps.push(quote! {
                        #rtv::check_dependencies(#rnode, &|key: &str| match key { #(#arms)* #other }, path, errors);
                    });
                }
                quote!(#(#steps)*)
            }
            TypeKind::Newtype(shape) => {
                let check = self.value_check(shape, node, quote!(v), &t.module);
                if check.is_empty() {
                    check
                } else {
                    quote!(let v = &self.0; #check)
                }
            }
            TypeKind::Enum { .. } => {
                self.leaf_checks(&Shape::String, node, quote!(self.as_str()), &t.module)
            }
            // Unions, and structs whose schema has keywords the fast path does not cover:
            // the interpreter checks the JSON form.
            _ => quote! {
                if let ::std::result::Result::Ok(json) = #rt::serde_json::to_value(self) {
                    #rtv::validate_value(#node_path, &json, path, errors);
                }
            },
        };
        let (path_arg, errors_arg) = if body.is_empty() {
            (quote!(_path), quote!(_errors))
        } else {
            (quote!(path), quote!(errors))
        };
        // vossgen warned at the schema already; rustc's warning would fail a deny(warnings) crate.
        let endless = self
            .space
            .endless
            .contains(&id)
            .then(|| quote!(#[allow(unconditional_recursion)]));
        quote! {
            impl #rtv::Validate for #name {
                #endless
                fn validate_at(&self, #path_arg: &mut #rtv::JsonPath, #errors_arg: &mut #rtv::ValidationErrors) {
                    #body
                }
                fn described() -> ::std::option::Option<#rtv::Description> {
                    ::std::option::Option::Some(#rtv::Description::of::<Self>())
                }
            }
            impl #rtv::Described for #name {
                fn schema() -> &'static #rtv::Node {
                    #node_path
                }
            }
        }
    }

    /// Checks of `var` (an expression of type `&T` for `shape`) against node `node`, at `path`.
    pub(super) fn value_check(
        &self,
        shape: &Shape,
        node: NodeId,
        var: TokenStream,
        from: &[String],
    ) -> TokenStream {
        let rt = &self.rt;
        let rtv = self.rtv();
        let rid = self.space.resolved(node);
        let n = self.space.node(rid);
        let np = self.node_path(rid, from);
        match shape {
            Shape::Named(_) => quote!(#rtv::Validate::validate_at(#var, path, errors);),
            Shape::Boxed(inner) => self.value_check(inner, node, quote!(&**#var), from),
            Shape::Any => quote!(#rtv::validate_value(#np, #var, path, errors);),
            // Keywords the fast path does not cover: the interpreter checks the JSON form.
            Shape::Object => self.interpreted(node, var, from),
            _ if n.is_exotic() => self.interpreted(node, var, from),
            Shape::Array(item) => {
                let mut steps = Vec::new();
                if n.min_items.is_some() || n.max_items.is_some() {
                    steps.push(quote!(#rtv::check_array_len(#var.len(), #np, path, errors);));
                }
                if n.unique_items {
                    steps.push(quote! {
                        if let ::std::result::Result::Ok(#rt::serde_json::Value::Array(items)) = #rt::serde_json::to_value(#var) {
                            #rtv::check_unique(&items, #np, path, errors);
                        }
                    });
                }
                if n.enumeration.is_some() {
                    steps.push(quote! {
                        if let ::std::result::Result::Ok(json) = #rt::serde_json::to_value(#var) {
                            #rtv::check_enum(&json, #np, path, errors);
                        }
                    });
                }
                if let ItemsDef::All(item_node) = &n.items {
                    let check = self.value_check(item, *item_node, quote!(item), from);
                    if !check.is_empty() {
                        steps.push(quote!(for (i, item) in #var.iter().enumerate() { path.push_index(i); #check path.pop(); }));
                    }
                }
                quote!(#(#steps)*)
            }
            Shape::Map(value) => {
                let mut steps = Vec::new();
                if let AdditionalDef::Schema(value_node) = &n.additional_properties {
                    let check = self.value_check(value, *value_node, quote!(item), from);
                    if !check.is_empty() {
                        steps.push(quote!(for (k, item) in #var.iter() { path.push_owned(k); #check path.pop(); }));
                    }
                }
                if !n.dependencies.is_empty() {
                    steps.push(quote!(#rtv::check_dependencies(#np, &|key: &str| #var.contains_key(key), path, errors);));
                }
                quote!(#(#steps)*)
            }
            // Any text type: `String`, and in derived code also `&str`, `Cow<str>`, `Box<str>`.
            Shape::String => self.leaf_checks(
                shape,
                node,
                quote!(::std::convert::AsRef::<str>::as_ref(&#var)),
                from,
            ),
            Shape::Secret => self.leaf_checks(shape, node, quote!(#var.expose()), from),
            Shape::Reference(_) => self.leaf_checks(shape, node, quote!(#var.as_str()), from),
            // Numbers stay references: `Integer` is not `Copy`.
            Shape::Integer | Shape::Number => self.leaf_checks(shape, node, var, from),
            Shape::Boolean | Shape::Null => self.leaf_checks(shape, node, quote!(*#var), from),
        }
    }

    fn interpreted(&self, node: NodeId, var: TokenStream, from: &[String]) -> TokenStream {
        let rt = &self.rt;
        let rtv = self.rtv();
        let np = self.node_path(node, from);
        quote! {
            if let ::std::result::Result::Ok(json) = #rt::serde_json::to_value(#var) {
                #rtv::validate_value(#np, &json, path, errors);
            }
        }
    }

    /// Leaf checks of a scalar `var` (`&str` for strings, a reference for numbers, the value
    /// itself for booleans).
    fn leaf_checks(
        &self,
        shape: &Shape,
        node: NodeId,
        var: TokenStream,
        from: &[String],
    ) -> TokenStream {
        let rt = &self.rt;
        let rtv = self.rtv();
        let rid = self.space.resolved(node);
        let n = self.space.node(rid);
        let np = self.node_path(rid, from);
        let mut steps = Vec::new();
        let stringy = matches!(shape, Shape::String | Shape::Secret | Shape::Reference(_));
        if stringy {
            if n.min_length.is_some()
                || n.max_length.is_some()
                || n.pattern.is_some()
                || n.format.is_some()
            {
                steps.push(quote!(#rtv::check_str(#var, #np, path, errors);));
            }
            if n.choices.is_some() {
                steps.push(quote!(#rtv::check_choice(#var, #np, path, errors);));
            }
        }
        let numeric = matches!(shape, Shape::Integer | Shape::Number);
        if numeric && (n.minimum.is_some() || n.maximum.is_some() || n.divisible_by.is_some()) {
            steps.push(quote!(if let ::std::option::Option::Some(d) = #rtv::Numeric::decimal(#var) { #rtv::check_number(&d, #np, path, errors); }));
        }
        if n.enumeration.is_some() {
            let json = match shape {
                Shape::Null => quote!(#rt::serde_json::Value::Null),
                _ => quote!(#rt::serde_json::to_value(#var).unwrap_or_default()),
            };
            steps.push(quote!(#rtv::check_enum(&#json, #np, path, errors);));
        }
        quote!(#(#steps)*)
    }
}

/// Calls of a derived field's `custom` functions on `var` (a reference to the value): an
/// `Err(message)` is an error at the field, keyword `custom`.
pub(super) fn custom_checks(field: &Field, var: TokenStream) -> TokenStream {
    field
        .custom
        .iter()
        .filter_map(|p| syn::parse_str::<syn::Path>(p).ok())
        .map(|p| {
            quote! {
                if let ::std::result::Result::Err(message) = #p(#var) {
                    errors.add(path, "custom", message);
                }
            }
        })
        .collect()
}
