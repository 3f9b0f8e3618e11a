//! The expansion behind `#[derive(vossgen_macros::Validate)]`.
//!
//! `#[validate(...)]` attributes, named after the draft-03 keywords, become the same IR that
//! schemas become (a [`NodeDef`] per field, a struct [`TypeDef`]), and the generator's emitter
//! writes the validator: there is no second copy of any keyword's logic. Wire names are
//! serde's own (its attribute parser, `serde_derive_internals`: `rename`, `rename_all`,
//! `rename_all_fields`, `skip`, `flatten`, tagging), so error pointers match the JSON.
//!
//! Keywords on a collection apply to what fits: `min_items`, `max_items` and `unique_items` to
//! the collection; string and number keywords to its items (`Vec<String>` with `max_length`
//! limits each string).

use crate::emit;
use crate::ident::{self, Namer};
use crate::ir::AdditionalDef;
use crate::ir::{
    known_formats, Docs, Field, ItemsDef, NodeDef, NodeId, Origin, Shape, TypeDef, TypeId,
    TypeKind, TypeSpace,
};
use crate::source::schema::SimpleType;
use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Expr, Fields, Lit, Meta, Type};
use vossgen_runtime::validate::{Format, Pattern};

/// Every `#[validate(...)]` key, for error messages.
pub const KEYWORDS: &[&str] = &[
    "max_length",
    "min_length",
    "pattern",
    "format",
    "choices",
    "minimum",
    "maximum",
    "exclusive_minimum",
    "exclusive_maximum",
    "divisible_by",
    "min_items",
    "max_items",
    "unique_items",
    "nested",
    "secret",
    "custom",
];

/// Expands the derive. All attribute mistakes are reported together, each at its span.
pub fn expand_validate(input: &DeriveInput) -> TokenStream {
    let mut cx = Cx {
        errors: Vec::new(),
        space: TypeSpace::default(),
        names: Namer::new(),
    };
    let out = cx.expand(input);
    match cx.errors.into_iter().reduce(|mut a, b| {
        a.combine(b);
        a
    }) {
        // Like thiserror: on error, still emit a minimal impl so that one mistake does not
        // cascade into "Validate is not implemented" errors elsewhere.
        Some(err) => {
            let name = &input.ident;
            let (ig, tg, wc) = input.generics.split_for_impl();
            let e = err.to_compile_error();
            quote! {
                #e
                impl #ig ::vossgen_runtime::validate::Validate for #name #tg #wc {
                    fn validate_at(&self, _: &mut ::vossgen_runtime::validate::JsonPath, _: &mut ::vossgen_runtime::validate::ValidationErrors) {}
                }
            }
        }
        None => out,
    }
}

struct Cx {
    errors: Vec<syn::Error>,
    space: TypeSpace,
    names: Namer,
}

/// What `#[validate(...)]` on one field says.
#[derive(Default)]
struct Rules {
    /// `custom = path`: functions `fn(&T) -> Result<(), String>` run on the value.
    custom: Vec<String>,
    max_length: Option<u64>,
    min_length: Option<u64>,
    pattern: Option<String>,
    format: Option<String>,
    choices: Option<Vec<String>>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
    divisible_by: Option<f64>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    unique_items: bool,
    nested: bool,
    secret: bool,
    /// The span of each string keyword and number keyword given, to report misuse.
    string_span: Option<Span>,
    number_span: Option<Span>,
    items_span: Option<Span>,
}

/// What serde's own attribute parser says of a field: its wire name when deserializing, and
/// whether it is skipped or flattened.
#[derive(Clone)]
struct SerdeField {
    wire: String,
    skip: bool,
    flatten: bool,
}

/// A variant as serde sees it: its wire name and its fields.
struct SerdeVariant {
    wire: String,
    fields: Vec<SerdeField>,
}

/// How an enum is written (serde's tagging).
#[derive(Default)]
struct SerdeView {
    /// A struct's fields, one per syn field, in order.
    fields: Vec<SerdeField>,
    /// An enum's variants, one per syn variant, in order.
    variants: Vec<SerdeVariant>,
    untagged: bool,
    tag: Option<String>,
    content: Option<String>,
}

impl SerdeView {
    /// Reads the serde attributes of `input` with serde's parser (as `derive(Deserialize)`
    /// does). Mistakes in them are serde's derive's to report, not this one's.
    fn of(input: &DeriveInput) -> SerdeView {
        use serde_derive_internals::{ast, attr::TagType, Ctxt, Derive};
        let cx = Ctxt::new();
        let private = quote::format_ident!("__private");
        let container = ast::Container::from_ast(&cx, input, Derive::Deserialize, &private);
        // The context must be checked, or it panics when dropped.
        let _ = cx.check();
        let Some(container) = container else {
            return SerdeView::default();
        };
        let field = |f: &ast::Field| SerdeField {
            wire: f.attrs.name().deserialize_name().value.clone(),
            skip: f.attrs.skip_deserializing(),
            flatten: f.attrs.flatten(),
        };
        let mut view = SerdeView::default();
        match container.attrs.tag() {
            TagType::External => {}
            TagType::Internal { tag } => view.tag = Some(tag.clone()),
            TagType::Adjacent { tag, content } => {
                view.tag = Some(tag.clone());
                view.content = Some(content.clone());
            }
            TagType::None => view.untagged = true,
        }
        match &container.data {
            ast::Data::Struct(_, fields) => view.fields = fields.iter().map(field).collect(),
            ast::Data::Enum(variants) => {
                view.variants = variants
                    .iter()
                    .map(|v| SerdeVariant {
                        wire: v.attrs.name().deserialize_name().value.clone(),
                        fields: v.fields.iter().map(field).collect(),
                    })
                    .collect();
            }
        }
        view
    }
}

fn lit_str(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

/// An integer or float literal, maybe negated.
fn lit_number(expr: &Expr) -> Option<f64> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse::<f64>().ok(),
            Lit::Float(f) => f.base10_parse::<f64>().ok(),
            _ => None,
        },
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => lit_number(&u.expr).map(|v| -v),
        Expr::Group(g) => lit_number(&g.expr),
        _ => None,
    }
}

fn lit_count(expr: &Expr) -> Option<u64> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse::<u64>().ok(),
            _ => None,
        },
        Expr::Group(g) => lit_count(&g.expr),
        _ => None,
    }
}

/// The last path segment's name and its generic type arguments.
fn type_parts(ty: &Type) -> Option<(String, Vec<&Type>)> {
    match ty {
        Type::Path(p) => {
            let seg = p.path.segments.last()?;
            let args = match &seg.arguments {
                syn::PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Some((seg.ident.to_string(), args))
        }
        Type::Reference(r) => type_parts(&r.elem),
        Type::Group(g) => type_parts(&g.elem),
        Type::Paren(p) => type_parts(&p.elem),
        _ => None,
    }
}

impl Cx {
    fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    fn expand(&mut self, input: &DeriveInput) -> TokenStream {
        let serde = SerdeView::of(input);
        let name = input.ident.to_string();
        let options = emit::Options::default();
        match &input.data {
            Data::Struct(s) => {
                let fields = self.fields(&s.fields, &serde.fields);
                let root = self.object_node(&fields);
                let id = TypeId(self.space.types.len());
                self.space.types.push(TypeDef {
                    name: name.clone(),
                    module: Vec::new(),
                    origin: Origin::default(),
                    docs: Docs::default(),
                    kind: match &s.fields {
                        // A newtype is checked as its one field, at the same place.
                        Fields::Unnamed(u) if u.unnamed.len() == 1 => TypeKind::Newtype(
                            fields
                                .first()
                                .map(|f| f.shape.clone())
                                .unwrap_or(Shape::Null),
                        ),
                        _ => TypeKind::Struct {
                            fields: fields.clone(),
                            extra_ident: String::new(),
                            extra_value: Shape::Any,
                        },
                    },
                    node: Some(match (&s.fields, fields.first()) {
                        (Fields::Unnamed(u), Some(f)) if u.unnamed.len() == 1 => f.node,
                        _ => root,
                    }),
                });
                if !self.errors.is_empty() {
                    return TokenStream::new();
                }
                if let Fields::Unnamed(u) = &s.fields {
                    if u.unnamed.len() != 1 {
                        self.error(u.span(), "derive(Validate) supports structs with named fields and newtypes (one unnamed field)");
                        return TokenStream::new();
                    }
                }
                let items = emit::validator_items(&self.space, &options, id);
                self.wrap(input, items)
            }
            Data::Enum(e) => {
                let mut arms = Vec::new();
                for (i, v) in e.variants.iter().enumerate() {
                    let (vname, serde_fields) = match serde.variants.get(i) {
                        Some(sv) => (sv.wire.clone(), sv.fields.clone()),
                        None => (v.ident.to_string(), Vec::new()),
                    };
                    let fields = self.fields(&v.fields, &serde_fields);
                    // serde writes a newtype variant's value itself, not a one-item array.
                    let newtype = matches!(&v.fields, Fields::Unnamed(u) if u.unnamed.len() == 1);
                    let ident = &v.ident;
                    let checks: Vec<TokenStream> = fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let var = quote::format_ident!("__field{i}");
                            emit::field_check(&self.space, &options, f, quote!(#var), &[], !newtype)
                        })
                        .collect();
                    let bindings: Vec<TokenStream> = match &v.fields {
                        Fields::Named(n) => n
                            .named
                            .iter()
                            .enumerate()
                            .map(|(i, f)| {
                                let id = f
                                    .ident
                                    .as_ref()
                                    .map(|i| i.to_token_stream())
                                    .unwrap_or_default();
                                let var = quote::format_ident!("__field{i}");
                                quote!(#id: #var)
                            })
                            .collect(),
                        Fields::Unnamed(u) => (0..u.unnamed.len())
                            .map(|i| {
                                let var = quote::format_ident!("__field{i}");
                                quote!(#var)
                            })
                            .collect(),
                        Fields::Unit => Vec::new(),
                    };
                    let pattern = match &v.fields {
                        Fields::Named(_) => quote!(Self::#ident { #(#bindings,)* .. }),
                        Fields::Unnamed(_) => quote!(Self::#ident(#(#bindings),*)),
                        Fields::Unit => quote!(Self::#ident),
                    };
                    let (push, pop) =
                        if serde.untagged || serde.tag.is_some() && serde.content.is_none() {
                            (quote!(), quote!())
                        } else {
                            let key = serde.content.clone().unwrap_or(vname);
                            (quote!(path.push_owned(#key);), quote!(path.pop();))
                        };
                    let unused: Vec<TokenStream> = (0..bindings.len())
                        .map(|i| {
                            let var = quote::format_ident!("__field{i}");
                            quote!(let _ = #var;)
                        })
                        .collect();
                    arms.push(quote!(#pattern => { #(#unused)* #push #(#checks)* #pop }));
                }
                if !self.errors.is_empty() {
                    return TokenStream::new();
                }
                let schema = emit::schema_items(&self.space, &options, &[]);
                let name = &input.ident;
                let (ig, tg, wc) = input.generics.split_for_impl();
                let body = quote! {
                    #schema
                    impl #ig ::vossgen_runtime::validate::Validate for #name #tg #wc {
                        #[allow(unused_variables)]
                        fn validate_at(&self, path: &mut ::vossgen_runtime::validate::JsonPath, errors: &mut ::vossgen_runtime::validate::ValidationErrors) {
                            match self {
                                #(#arms)*
                                #[allow(unreachable_patterns)]
                                _ => {}
                            }
                        }
                    }
                };
                quote!(const _: () = { #body };)
            }
            Data::Union(u) => {
                self.error(
                    u.union_token.span,
                    "derive(Validate) does not support unions",
                );
                TokenStream::new()
            }
        }
    }

    /// Puts the generated items in a block; generic structs get the impl's generics.
    fn wrap(&mut self, input: &DeriveInput, items: TokenStream) -> TokenStream {
        if input.generics.params.is_empty() {
            return quote!(const _: () = { #items };);
        }
        // The emitter writes `impl Validate for Name`; give it the generics of the input.
        let name = &input.ident;
        let (ig, tg, wc) = input.generics.split_for_impl();
        let mut tokens = Vec::new();
        let mut iter = items.into_iter().peekable();
        while let Some(tt) = iter.next() {
            let is_impl = matches!(&tt, proc_macro2::TokenTree::Ident(i) if i == "impl");
            tokens.push(tt);
            if is_impl {
                tokens.extend(ig.to_token_stream());
                // ... `Trait for Name` then the type's generics and where clause.
                for tt in iter.by_ref() {
                    let is_name = matches!(&tt, proc_macro2::TokenTree::Ident(i) if i == name);
                    tokens.push(tt);
                    if is_name {
                        tokens.extend(tg.to_token_stream());
                        tokens.extend(wc.to_token_stream());
                        break;
                    }
                }
            }
        }
        let items: TokenStream = tokens.into_iter().collect();
        quote!(const _: () = { #items };)
    }

    fn rules(&mut self, attrs: &[syn::Attribute]) -> Rules {
        let mut r = Rules::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("validate")) {
            let list = match &attr.meta {
                Meta::List(l) => l,
                other => {
                    self.error(other.span(), "expected #[validate(...)]");
                    continue;
                }
            };
            let metas = match list.parse_args_with(
                syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated,
            ) {
                Ok(m) => m,
                Err(e) => {
                    self.errors.push(e);
                    continue;
                }
            };
            for meta in metas {
                self.rule(&meta, &mut r);
            }
        }
        r
    }

    fn rule(&mut self, meta: &Meta, r: &mut Rules) {
        let key = meta
            .path()
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let span = meta.span();
        let value = match meta {
            Meta::NameValue(nv) => Some(&nv.value),
            _ => None,
        };
        let flag = matches!(meta, Meta::Path(_));
        let need = |cx: &mut Cx, what: &str| {
            cx.error(
                span,
                format!(
                    "`{key}` takes {what}, e.g. `{key} = {}`",
                    match what {
                        "a string" => "\"…\"",
                        "a non-negative integer" => "10",
                        _ => "1.5",
                    }
                ),
            )
        };
        match key.as_str() {
            "max_length" | "min_length" | "min_items" | "max_items" => {
                match value.and_then(lit_count) {
                    Some(n) => {
                        let slot = match key.as_str() {
                            "max_length" => &mut r.max_length,
                            "min_length" => &mut r.min_length,
                            "min_items" => &mut r.min_items,
                            _ => &mut r.max_items,
                        };
                        if slot.replace(n).is_some() {
                            self.error(span, format!("`{key}` is given twice"));
                        }
                        if key.ends_with("length") {
                            r.string_span = Some(span);
                        } else {
                            r.items_span = Some(span);
                        }
                    }
                    None => need(self, "a non-negative integer"),
                }
            }
            "minimum" | "maximum" | "divisible_by" => match value.and_then(lit_number) {
                Some(n) => {
                    if key == "divisible_by" && n <= 0.0 {
                        self.error(span, "`divisible_by` must be greater than 0");
                    }
                    let slot = match key.as_str() {
                        "minimum" => &mut r.minimum,
                        "maximum" => &mut r.maximum,
                        _ => &mut r.divisible_by,
                    };
                    if slot.replace(n).is_some() {
                        self.error(span, format!("`{key}` is given twice"));
                    }
                    r.number_span = Some(span);
                }
                None => need(self, "a number"),
            },
            "exclusive_minimum" | "exclusive_maximum" => {
                // A flag on `minimum`/`maximum` (draft-03), or the bound itself.
                let bound = if flag {
                    None
                } else {
                    value.and_then(lit_number)
                };
                if !flag && bound.is_none() {
                    need(self, "a number (or no value, as a flag on minimum/maximum)");
                }
                if key == "exclusive_minimum" {
                    r.exclusive_minimum = true;
                    if bound.is_some() {
                        r.minimum = bound;
                    }
                } else {
                    r.exclusive_maximum = true;
                    if bound.is_some() {
                        r.maximum = bound;
                    }
                }
                r.number_span = Some(span);
            }
            "pattern" => match value.and_then(lit_str) {
                Some(p) => {
                    if let Some(why) = Pattern::compile_error(&p) {
                        self.error(
                            value.map(|v| v.span()).unwrap_or(span),
                            format!("`{p}` is not a valid pattern: {why}"),
                        );
                    }
                    r.pattern = Some(p);
                    r.string_span = Some(span);
                }
                None => need(self, "a string"),
            },
            "format" => match value.and_then(lit_str) {
                Some(f) if Format::parse(&f).is_some() => {
                    r.format = Some(f);
                    r.string_span = Some(span);
                }
                Some(f) => self.error(
                    value.map(|v| v.span()).unwrap_or(span),
                    format!(
                        "unknown format `{f}` (known: {})",
                        known_formats().collect::<Vec<_>>().join(", ")
                    ),
                ),
                None => need(self, "a string"),
            },
            "choices" => match meta {
                Meta::List(l) => match l.parse_args_with(
                    syn::punctuated::Punctuated::<syn::LitStr, syn::Token![,]>::parse_terminated,
                ) {
                    Ok(list) if !list.is_empty() => {
                        r.choices = Some(list.iter().map(|s| s.value()).collect());
                        r.string_span = Some(span);
                    }
                    Ok(_) => self.error(span, "`choices` needs at least one value"),
                    Err(e) => self.error(
                        e.span(),
                        "`choices` takes string literals: `choices(\"a\", \"b\")`",
                    ),
                },
                _ => self.error(span, "`choices` takes a list: `choices(\"a\", \"b\")`"),
            },
            "custom" => {
                let path = match value {
                    Some(Expr::Path(p)) => Some(p.path.clone()),
                    Some(v) => lit_str(v).and_then(|t| syn::parse_str::<syn::Path>(&t).ok()),
                    None => None,
                };
                match path {
                    Some(p) => r.custom.push(p.to_token_stream().to_string()),
                    None => need(
                        self,
                        "a function path: `custom = check_name` (fn(&T) -> Result<(), String>)",
                    ),
                }
            }
            "unique_items" | "nested" | "secret" => {
                if !flag {
                    self.error(span, format!("`{key}` is a flag and takes no value"));
                }
                match key.as_str() {
                    "unique_items" => {
                        r.unique_items = true;
                        r.items_span = Some(span);
                    }
                    "nested" => r.nested = true,
                    _ => r.secret = true,
                }
            }
            _ => self.error(
                meta.path().span(),
                format!(
                    "unknown validate attribute `{key}` (expected one of: {})",
                    KEYWORDS.join(", ")
                ),
            ),
        }
    }

    /// The shape of a Rust type; `nested` decides whether other types are validated.
    fn shape_of(&mut self, ty: &Type, nested: bool) -> (Shape, bool) {
        let Some((name, args)) = type_parts(ty) else {
            return (self.opaque(nested), false);
        };
        let shape = match (name.as_str(), args.as_slice()) {
            ("Option", [inner]) => return (self.shape_of(inner, nested).0, true),
            ("Box" | "Rc" | "Arc", [inner]) => {
                Shape::Boxed(Box::new(self.shape_of(inner, nested).0))
            }
            ("String" | "str" | "Cow" | "Reference", _) => Shape::String,
            ("Secret", _) => Shape::Secret,
            (
                "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64"
                | "u128" | "usize" | "Integer",
                _,
            ) => Shape::Integer,
            ("f32" | "f64", _) => Shape::Number,
            ("bool", _) => Shape::Boolean,
            ("Value", _) => Shape::Any,
            ("Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "IndexSet", [inner]) => {
                Shape::Array(Box::new(self.shape_of(inner, nested).0))
            }
            ("HashMap" | "BTreeMap" | "IndexMap", [_, value]) => {
                Shape::Map(Box::new(self.shape_of(value, nested).0))
            }
            _ => self.opaque(nested),
        };
        (shape, false)
    }

    /// A type vossgen does not know: validated through its own `Validate` when `nested`,
    /// otherwise not looked into (`Null` carries no checks).
    fn opaque(&mut self, nested: bool) -> Shape {
        if !nested {
            return Shape::Null;
        }
        let id = TypeId(self.space.types.len());
        self.space.types.push(TypeDef {
            name: String::new(),
            module: Vec::new(),
            origin: Origin::default(),
            docs: Docs::default(),
            kind: TypeKind::Newtype(Shape::Any),
            node: None,
        });
        Shape::Named(id)
    }

    fn new_node(&mut self, base: &str, def: NodeDef) -> NodeId {
        let id = NodeId(self.space.nodes.len());
        let name = self.names.claim(&ident::const_name(base));
        self.space.nodes.push(NodeDef {
            name,
            module: Vec::new(),
            ..def
        });
        id
    }

    /// The fields of a struct or variant; `serde` holds serde's view of each, in order.
    fn fields(&mut self, fields: &Fields, serde: &[SerdeField]) -> Vec<Field> {
        let mut out = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            let rules = self.rules(&f.attrs);
            let rust_name = f
                .ident
                .as_ref()
                .map(|i| i.to_string().trim_start_matches("r#").to_string())
                .unwrap_or_else(|| i.to_string());
            let seen = serde.get(i).cloned().unwrap_or(SerdeField {
                wire: rust_name.clone(),
                skip: false,
                flatten: false,
            });
            if seen.skip {
                continue;
            }
            let (wire, flatten) = (seen.wire, seen.flatten);
            let (shape, optional) = self.shape_of(&f.ty, rules.nested);
            // A `Secret` is secret whether or not the attribute says so.
            let rules = Rules {
                secret: rules.secret || matches!(leaf(&shape), Shape::Secret),
                ..rules
            };
            let node = self.field_node(&rust_name, &shape, &rules, f.ty.span());
            out.push(Field {
                wire,
                ident: f
                    .ident
                    .as_ref()
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| i.to_string()),
                shape,
                optional,
                required: !optional,
                readonly: false,
                secret: rules.secret,
                default: None,
                docs: Docs::default(),
                origin: Origin::default(),
                node,
                flatten,
                custom: rules.custom.clone(),
            });
        }
        out
    }

    /// The node of a field: collection keywords on the collection, the rest on the leaf.
    fn field_node(&mut self, base: &str, shape: &Shape, r: &Rules, span: Span) -> NodeId {
        let leaf_shape = leaf(shape);
        let stringy = matches!(leaf_shape, Shape::String | Shape::Secret);
        let numeric = matches!(leaf_shape, Shape::Integer | Shape::Number);
        if let (Some(s), false) = (r.string_span, stringy) {
            self.error(s, "string keywords (length, pattern, format, choices) apply to String fields (or collections of them)");
        }
        if let (Some(s), false) = (r.number_span, numeric) {
            self.error(s, "number keywords (minimum, maximum, divisible_by) apply to number fields (or collections of them)");
        }
        let collection = matches!(strip_box(shape), Shape::Array(_));
        if let (Some(s), false) = (r.items_span, collection) {
            self.error(
                s,
                "`min_items`, `max_items` and `unique_items` apply to collections (Vec, sets)",
            );
        }
        if let (Some(min), Some(max)) = (r.min_length, r.max_length) {
            if min > max {
                self.error(
                    r.string_span.unwrap_or(span),
                    format!("`min_length` {min} is greater than `max_length` {max}"),
                );
            }
        }
        if let (Some(min), Some(max)) = (r.minimum, r.maximum) {
            if min > max {
                self.error(
                    r.number_span.unwrap_or(span),
                    format!("`minimum` {min} is greater than `maximum` {max}"),
                );
            }
        }
        let leaf_def = NodeDef {
            types: simple(leaf_shape).into_iter().collect(),
            min_length: r.min_length,
            max_length: r.max_length,
            pattern: r.pattern.clone(),
            format: r.format.as_deref().and_then(Format::parse),
            choices: r.choices.as_ref().map(|c| {
                c.iter()
                    .map(|v| serde_json::Value::from(v.as_str()).to_string())
                    .collect()
            }),
            minimum: r.minimum.and_then(serde_json::Number::from_f64),
            maximum: r.maximum.and_then(serde_json::Number::from_f64),
            exclusive_minimum: r.exclusive_minimum,
            exclusive_maximum: r.exclusive_maximum,
            divisible_by: r.divisible_by.and_then(serde_json::Number::from_f64),
            secret: r.secret,
            ..NodeDef::default()
        };
        self.node_for_shape(base, shape, r, leaf_def)
    }

    fn node_for_shape(
        &mut self,
        base: &str,
        shape: &Shape,
        r: &Rules,
        leaf_def: NodeDef,
    ) -> NodeId {
        match shape {
            Shape::Boxed(inner) => self.node_for_shape(base, inner, r, leaf_def),
            Shape::Array(item) => {
                let item_node =
                    self.node_for_shape(&format!("{base} item"), item, &Rules::default(), leaf_def);
                self.new_node(
                    base,
                    NodeDef {
                        types: vec![SimpleType::Array],
                        items: ItemsDef::All(item_node),
                        min_items: r.min_items,
                        max_items: r.max_items,
                        unique_items: r.unique_items,
                        secret: r.secret,
                        ..NodeDef::default()
                    },
                )
            }
            Shape::Map(value) => {
                let value_node = self.node_for_shape(
                    &format!("{base} value"),
                    value,
                    &Rules::default(),
                    leaf_def,
                );
                self.new_node(
                    base,
                    NodeDef {
                        types: vec![SimpleType::Object],
                        additional_properties: AdditionalDef::Schema(value_node),
                        ..NodeDef::default()
                    },
                )
            }
            _ => self.new_node(base, leaf_def),
        }
    }

    /// The struct's own node: an object whose non-optional fields are required.
    fn object_node(&mut self, fields: &[Field]) -> NodeId {
        // A flattened field's members are the object's own; it is no property itself.
        let properties = fields
            .iter()
            .filter(|f| !f.flatten)
            .map(|f| (f.wire.clone(), f.node, f.required))
            .collect();
        self.new_node(
            "root",
            NodeDef {
                types: vec![SimpleType::Object],
                properties,
                ..NodeDef::default()
            },
        )
    }
}

fn strip_box(shape: &Shape) -> &Shape {
    match shape {
        Shape::Boxed(inner) => strip_box(inner),
        s => s,
    }
}

/// The innermost element of collections.
fn leaf(shape: &Shape) -> &Shape {
    match shape {
        Shape::Boxed(inner) | Shape::Array(inner) | Shape::Map(inner) => leaf(inner),
        s => s,
    }
}

fn simple(shape: &Shape) -> Option<SimpleType> {
    Some(match shape {
        Shape::String | Shape::Secret | Shape::Reference(_) => SimpleType::String,
        Shape::Integer => SimpleType::Integer,
        Shape::Number => SimpleType::Number,
        Shape::Boolean => SimpleType::Boolean,
        Shape::Array(_) => SimpleType::Array,
        Shape::Map(_) | Shape::Object => SimpleType::Object,
        _ => return None,
    })
}
