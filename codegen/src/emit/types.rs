//! The Rust types of the IR, written as text ([`Code`]): structs (with the runtime's
//! `__object!` table and their `new`), aliases, newtypes, untagged unions and reference
//! markers. String enums are in [`super::enums`].

use super::code::{lit, Code};
use super::{doc_text_keep_code, Cx};
use crate::ir::{ConstValue, Field, Shape, TypeDef, TypeId, TypeKind};

/// The doc lines of a struct's map of undeclared keys.
const EXTRA_DOCS: [&str; 2] = [
    "Keys the schema does not list (such as `pkid` or `hierarchy_path`), kept so that",
    "serializing gives back the JSON that was read.",
];

impl Cx<'_> {
    /// Writes type `id` and its impls (but not its validator).
    pub(super) fn type_item(&self, code: &mut Code, id: TypeId) {
        let t = self.space.get(id);
        match &t.kind {
            TypeKind::Struct {
                fields,
                extra_ident,
                extra_value,
            } => {
                let summary_of = self.space.summaries.get(&id).map(|r| self.space.get(*r));
                self.structure(code, t, fields, extra_ident, extra_value, summary_of);
                // A list entry is read, never sent.
                if summary_of.is_none() {
                    self.payload_impl(code, t);
                }
            }
            TypeKind::Enum { variants, other } => self.string_enum(code, t, variants, other),
            TypeKind::Alias(target) => {
                let path = self.type_path_text(*target, &t.module);
                code.item();
                code.docs(&self.item_docs(
                    &t.docs,
                    &format!("The `{}` value.", t.name),
                    &[self.origin_note(t)],
                ));
                code.parts(&["pub type ", &t.name, " = ", &path, ";"]);
            }
            TypeKind::Newtype(shape) => self.newtype(code, t, shape),
            TypeKind::Union(variants) => self.union(code, t, variants),
            TypeKind::Target {
                model_type,
                attr,
                url,
            } => self.target(code, t, model_type, attr, url),
        }
    }

    pub(super) fn origin_note(&self, t: &TypeDef) -> String {
        if t.origin.rel.is_empty() {
            String::new()
        } else {
            format!("Schema: `{}#{}`.", t.origin.rel, t.origin.pointer)
        }
    }

    /// How the runtime's object table handles a field: its kind (`req`, `opt`, `present`)
    /// and access (`nested`, `nested_list`, `text` or none).
    fn field_codec(&self, f: &Field) -> (&'static str, Option<&'static str>) {
        let kind = if !f.optional {
            "req"
        } else if self.admits_null(&f.shape) {
            // `Option` would read `null` as absent and lose it on the way back.
            "present"
        } else {
            "opt"
        };
        let is_struct = |id: &TypeId| matches!(self.space.get(*id).kind, TypeKind::Struct { .. });
        let is_str_enum = |id: &TypeId| {
            let mut id = *id;
            while let TypeKind::Alias(to) = self.space.get(id).kind {
                id = to;
            }
            matches!(self.space.get(id).kind, TypeKind::Enum { .. })
        };
        // A nested struct, or a list of them, is read by the runtime's object reader directly:
        // no per-type `Vec` visitor or `Any` box. String enums and references go through their
        // wire string (`WireStr`).
        let access = match (kind, &f.shape) {
            ("present", _) => None,
            (_, Shape::Named(id)) if is_struct(id) => Some("nested"),
            (_, Shape::Array(item)) if matches!(&**item, Shape::Named(id) if is_struct(id)) => {
                Some("nested_list")
            }
            (_, Shape::Reference(_)) => Some("text"),
            (_, Shape::Named(id)) if is_str_enum(id) => Some("text"),
            _ => None,
        };
        (kind, access)
    }

    fn structure(
        &self,
        code: &mut Code,
        t: &TypeDef,
        fields: &[Field],
        extra_ident: &str,
        extra_value: &Shape,
        summary_of: Option<&TypeDef>,
    ) {
        let rt = &self.rt_text;
        let name = t.name.as_str();
        // `Deserialize`, `Serialize`, `Clone`, `Debug` and `PartialEq` come from the runtime's
        // `__object!`: one table per struct, walked by the runtime's one reader, writer,
        // clone, `Debug` and comparison.
        let derives = self.derive_attr(&[], &["Clone", "Debug", "PartialEq"]);
        let extra_ty = match extra_value {
            Shape::Any => format!("{rt}::Extra"),
            other => format!(
                "{rt}::IndexMap<::std::string::String, {}>",
                self.shape_text(other, &t.module)
            ),
        };
        let types: Vec<String> = fields
            .iter()
            .map(|f| self.shape_text(&f.shape, &t.module))
            .collect();

        // The struct is written by `__object!` from its one list of fields: each field's type,
        // then its kind and wire name.
        code.item();
        code.open(&format!("{rt}::__object!"));
        code.docs(&self.item_docs(
            &t.docs,
            &format!("The `{name}` object."),
            &[self.origin_note(t)],
        ));
        if !derives.is_empty() {
            code.line(&derives);
        }
        code.open(&format!(
            "pub struct {name}: {}, eq",
            lit(&format!("a JSON object for {name}"))
        ));
        for (f, ty) in fields.iter().zip(&types) {
            if let Some(root) = summary_of {
                // The model's struct documents the field: a link, not a second copy.
                code.doc(&format!(
                    "`{}`: see [`{}::{}`].",
                    f.wire,
                    root.name,
                    f.ident.trim_start_matches("r#")
                ));
            } else {
                let mut notes = vec![format!("Wire name: `{}`.", f.wire)];
                if f.required && !f.readonly {
                    notes.push("Required.".to_string());
                }
                code.docs(&self.item_docs(&f.docs, &format!("The `{}` property.", f.wire), &notes));
            }
            let (kind, access) = self.field_codec(f);
            let access = access.map(|a| format!(" {a}")).unwrap_or_default();
            // A secret that is not a string, so not a `Secret`, is redacted by the table.
            let redacted = if f.secret && !matches!(f.shape, Shape::Secret) {
                " redacted"
            } else {
                ""
            };
            let (open, close) = if f.optional {
                ("::std::option::Option<", ">")
            } else {
                ("", "")
            };
            code.parts(&[
                "pub ",
                &f.ident,
                ": ",
                open,
                ty,
                close,
                " = ",
                kind,
                &access,
                "(",
                &lit(&f.wire),
                ")",
                redacted,
                ",",
            ]);
        }
        code.line("..");
        for l in EXTRA_DOCS {
            code.doc(l);
        }
        code.parts(&["pub ", extra_ident, ": ", &extra_ty, ","]);
        code.close("");
        code.close("");

        // A list entry is read, not built: no `new` (and it has no defaults of its own).
        if summary_of.is_some() {
            return;
        }
        // `new`: the required fields as arguments, every other field unset; the defaults.
        code.item();
        code.open(&format!("impl {name}"));
        if fields.iter().all(|f| f.optional) {
            code.doc(&format!("A `{name}` with every field unset."));
        } else {
            code.doc(&format!(
                "A `{name}` with its required fields; every other field is unset."
            ));
        }
        code.line("#[inline]");
        code.line("#[allow(clippy::too_many_arguments)]");
        let params: Vec<String> = fields
            .iter()
            .zip(&types)
            .filter(|(f, _)| !f.optional)
            .map(|(f, ty)| format!("{}: impl ::std::convert::Into<{ty}>", f.ident))
            .collect();
        let one_line = format!("pub fn new({}) -> Self", params.join(", "));
        if params.is_empty() || one_line.len() + 4 * 2 + 2 <= 100 {
            code.open(&one_line);
        } else {
            code.list("pub fn new(", params, ") -> Self {");
            code.indent();
        }
        code.open(name);
        for f in fields {
            if f.optional {
                code.parts(&[&f.ident, ": ::std::option::Option::None,"]);
            } else {
                code.parts(&[&f.ident, ": ", &f.ident, ".into(),"]);
            }
        }
        code.parts(&[extra_ident, ": ::std::default::Default::default(),"]);
        code.close("");
        code.close("");
        for f in fields {
            let Some(d) = &f.default else { continue };
            let (cty, value) = match &d.value {
                ConstValue::Bool(b) => ("bool".to_string(), b.to_string()),
                ConstValue::Int(i) => (
                    format!("{}::Integer", self.rt_text),
                    format!(
                        "{}::Integer::from_i64({})",
                        self.rt_text,
                        proc_macro2::Literal::i64_unsuffixed(*i)
                    ),
                ),
                ConstValue::Float(x) => (
                    "f64".to_string(),
                    proc_macro2::Literal::f64_suffixed(*x).to_string(),
                ),
                ConstValue::Str(s) => ("&'static str".to_string(), lit(s)),
                ConstValue::Variant(enum_id, variant) => {
                    let path = self.type_path_text(*enum_id, &t.module);
                    let value = format!("{path}::{variant}");
                    (path, value)
                }
            };
            let fill = if matches!(d.value, ConstValue::Float(_)) {
                format!(
                    "use this to fill it in (`serde_json::Number::from_f64({})`)",
                    d.ident
                )
            } else {
                "use this to fill it in".to_string()
            };
            code.doc(&format!(
                "The schema's default for `{}`. The field stays unset when the API omits it; {fill}.",
                f.wire
            ));
            code.parts(&["pub const ", &d.ident, ": ", &cty, " = ", &value, ";"]);
        }
        code.close("");
    }

    /// `Payload`: the runtime's default strips what the schema marks read-only.
    pub(super) fn payload_impl(&self, code: &mut Code, t: &TypeDef) {
        code.item();
        code.parts(&["impl ", &self.rt_text, "::Payload for ", &t.name, " {}"]);
    }

    /// The docs, derives (`Clone`, `Debug`, `PartialEq`, serde's) and serde attribute
    /// (`transparent` or `untagged`) of a newtype or union.
    fn serde_item_head(&self, code: &mut Code, t: &TypeDef, fallback: &str, serde: &str) {
        let rt = &self.rt_text;
        let (ser, de) = (
            format!("{rt}::serde::Serialize"),
            format!("{rt}::serde::Deserialize"),
        );
        code.item();
        code.docs(&self.item_docs(&t.docs, fallback, &[self.origin_note(t)]));
        code.line(&self.derive_attr(
            &[
                "::std::clone::Clone",
                "::std::fmt::Debug",
                "::std::cmp::PartialEq",
                &ser,
                &de,
            ],
            &[],
        ));
        let krate = lit(&format!("{rt}::serde"));
        code.parts(&["#[serde(crate = ", &krate, ", ", serde, ")]"]);
    }

    fn newtype(&self, code: &mut Code, t: &TypeDef, shape: &Shape) {
        let fallback = format!("The `{}` value.", t.name);
        self.serde_item_head(code, t, &fallback, "transparent");
        code.parts(&["pub struct ", &t.name, "("]);
        code.indent();
        code.doc("The value.");
        code.parts(&[
            &self.object_only(shape),
            "pub ",
            &self.shape_text(shape, &t.module),
            ",",
        ]);
        code.dedent();
        code.line(");");
        self.payload_impl(code, t);
    }

    fn union(&self, code: &mut Code, t: &TypeDef, variants: &[(String, Shape)]) {
        let fallback = format!("One of the types `{}` allows.", t.name);
        self.serde_item_head(code, t, &fallback, "untagged");
        code.open(&format!("pub enum {}", t.name));
        for (v, shape) in variants {
            code.doc(&format!("The value as `{v}`."));
            if matches!(shape, Shape::Null) {
                code.parts(&[v, ","]);
            } else {
                code.parts(&[
                    v,
                    "(",
                    &self.object_only(shape),
                    &self.shape_text(shape, &t.module),
                    "),",
                ]);
            }
        }
        code.close("");
        self.payload_impl(code, t);
    }

    /// The `deserialize_with` attribute a JSON-object shape needs as a union variant or a
    /// newtype (the runtime's `object_only`: a buffered `exact-numbers` number is not an
    /// object), or nothing.
    fn object_only(&self, shape: &Shape) -> String {
        match shape {
            Shape::Object | Shape::Map(_) => format!(
                "#[serde(deserialize_with = \"{}::__private::object_only\")] ",
                self.rt_text
            ),
            _ => String::new(),
        }
    }

    fn target(
        &self,
        code: &mut Code,
        t: &TypeDef,
        model_type: &Option<String>,
        attr: &Option<String>,
        url: &str,
    ) {
        // vossgen's own words: code spans kept.
        let title = t.docs.title.as_deref().unwrap_or("Marks a reference.");
        let opt = |v: &Option<String>| match v {
            Some(s) => format!("::std::option::Option::Some({})", lit(s)),
            None => "::std::option::Option::None".to_string(),
        };
        code.item();
        code.doc(&doc_text_keep_code(title));
        code.line("#[derive(::std::fmt::Debug)]");
        code.parts(&["pub enum ", &t.name, " {}"]);
        code.item();
        code.open(&format!("impl {}::Target for {}", self.rt_text, t.name));
        code.parts(&[
            "const MODEL_TYPE: ::std::option::Option<&'static str> = ",
            &opt(model_type),
            ";",
        ]);
        code.parts(&[
            "const ATTR: ::std::option::Option<&'static str> = ",
            &opt(attr),
            ";",
        ]);
        code.parts(&["const CHOICES_URL: &'static str = ", &lit(url), ";"]);
        code.close("");
    }
}
