//! Rust items from schema nodes: structs, string enums, unions, arrays, newtypes and reference markers.

use super::*;
use std::borrow::Cow;

impl IrBuilder<'_> {
    /// The root type of a file: always a named type, so that it can implement `Model`.
    pub(super) fn named_root(
        &mut self,
        file: usize,
        schema: &Schema,
        module: &[String],
        name: &str,
    ) -> TypeId {
        if let Some(id) = self.by_node.get(&(file, String::new())) {
            return *id;
        }
        // On the `$ref` stack while it is built, so that a chain of aliases leading back here
        // (`A.json` = `$ref` `B.json` = `$ref` `A.json`) stops with a warning instead of
        // building this root a second time.
        if schema.reference.is_none() && schema.single_type() == Some(SimpleType::Array) {
            // Reserved before its items are built, as `structure` does for objects, so that a
            // `$ref` back to the root from inside the array names it (the `Vec` makes the
            // recursion finite).
            let kind = TypeKind::Newtype(Shape::Any);
            let id = self.push_type(file, schema, module, name.to_string(), kind);
            self.by_node.insert((file, String::new()), id);
            let items = self.array_of(file, schema, module, &[name.to_string()]);
            self.space.types[id.0].kind = TypeKind::Newtype(items);
            return id;
        }
        self.ref_stack.push((file, String::new()));
        let shape = self.shape_named(file, schema, module, &[name.to_string()], true);
        self.ref_stack.pop();
        match shape {
            Shape::Named(id) if self.space.types[id.0].name == name => id,
            other => {
                // A scalar, array, union member or referenced type: wrap it.
                let id = self.push_type(
                    file,
                    schema,
                    module,
                    name.to_string(),
                    TypeKind::Newtype(other),
                );
                self.by_node.insert((file, String::new()), id);
                id
            }
        }
    }

    pub(super) fn push_type(
        &mut self,
        file: usize,
        schema: &Schema,
        module: &[String],
        name: String,
        kind: TypeKind,
    ) -> TypeId {
        let node = Some(self.node_for(file, schema));
        let id = TypeId(self.space.types.len());
        let docs = self.docs(schema);
        self.space.types.push(TypeDef {
            name,
            module: module.to_vec(),
            origin: self.origin(file, &schema.pointer),
            docs,
            kind,
            node,
        });
        id
    }

    /// The shape of a schema node; `candidates` name the type if one is needed. `is_root`
    /// means the first candidate is already claimed for this node.
    pub(super) fn shape_named(
        &mut self,
        file: usize,
        s: &Schema,
        module: &[String],
        candidates: &[String],
        is_root: bool,
    ) -> Shape {
        // A type lives in the module of the file it is written in, whoever reaches it first.
        let home = self.file_homes[file].0.clone();
        let module: &[String] = if is_root { module } else { &home };
        if let Some(reference) = &s.reference {
            return self.shape_of_ref(file, s, reference);
        }
        let key = (file, s.pointer.clone());
        if let Some(id) = self.by_node.get(&key) {
            return Shape::Named(*id);
        }
        // A secret string is a `Secret`; a secret of any other type (or of several, or of
        // any) keeps its type and is hidden by its field (`redacted` in its table) and the validator.
        if s.is_secret() && s.single_type() == Some(SimpleType::String) && s.properties.is_empty() {
            return Shape::Secret;
        }
        let has_target = s.target.is_some() || s.target_model_type.is_some();
        if has_target
            && s.static_choices().is_none()
            && matches!(s.single_type(), None | Some(SimpleType::String))
        {
            let field = candidates.first().cloned().unwrap_or_default();
            return Shape::Reference(self.marker(s, &field));
        }
        let string_values: Option<Vec<(String, Option<String>)>> =
            if let Some(choices) = s.static_choices() {
                choices
                    .iter()
                    .map(|c| c.value.as_str().map(|v| (v.to_string(), c.title.clone())))
                    .collect()
            } else {
                s.enumeration
                    .as_ref()
                    .filter(|e| !e.is_empty())
                    .and_then(|e| {
                        e.iter()
                            .map(|v| v.as_str().map(|v| (v.to_string(), None)))
                            .collect()
                    })
            };
        if let Some(values) = string_values {
            if matches!(s.single_type(), None | Some(SimpleType::String)) {
                return Shape::Named(
                    self.string_enum(file, s, module, candidates, is_root, values),
                );
            }
        }
        let untyped = s.types.as_ref().is_none_or(|t| t.is_empty());
        if untyped
            && (!s.properties.is_empty()
                || s.extends.iter().any(|e| !e.properties.is_empty())
                || s.items.is_some())
        {
            // Without `type`, `properties` and `items` constrain objects and arrays but any
            // other value is valid too.
            return Shape::Named(self.untyped(file, s, module, candidates, is_root));
        }
        let types: Vec<TypeEntry> = match &s.types {
            Some(t) if !t.is_empty() => t.clone(),
            _ => vec![TypeEntry::Simple(SimpleType::Any)],
        };
        if types.len() > 1 {
            if types
                .iter()
                .any(|t| matches!(t, TypeEntry::Simple(SimpleType::Any)))
            {
                return Shape::Any;
            }
            return Shape::Named(self.union(file, s, module, candidates, is_root, &types));
        }
        match &types[0] {
            TypeEntry::Schema(inner) => self.shape_named(file, inner, module, candidates, is_root),
            TypeEntry::Simple(t) => match t {
                SimpleType::String => Shape::String,
                SimpleType::Integer => Shape::Integer,
                SimpleType::Number => Shape::Number,
                SimpleType::Boolean => Shape::Boolean,
                SimpleType::Null => Shape::Null,
                SimpleType::Any => Shape::Any,
                SimpleType::Array => self.array_of(file, s, module, candidates),
                SimpleType::Object => {
                    let has_props = !s.properties.is_empty()
                        || s.extends
                            .iter()
                            .any(|e| self.resolved_has_properties(file, e));
                    if has_props {
                        Shape::Named(self.structure(file, s, module, candidates, is_root))
                    } else if let (Some(Additional::Schema(value)), true) =
                        (&s.additional_properties, s.pattern_properties.is_empty())
                    {
                        let names: Vec<String> =
                            candidates.iter().map(|c| format!("{c}Value")).collect();
                        Shape::Map(Box::new(
                            self.shape_named(file, value, module, &names, false),
                        ))
                    } else {
                        Shape::Object
                    }
                }
            },
        }
    }

    pub(super) fn resolved_has_properties(&mut self, file: usize, s: &Schema) -> bool {
        if !s.properties.is_empty() {
            return true;
        }
        match &s.reference {
            Some(r) => self
                .resolve_at(file, &s.pointer, r)
                .and_then(|(f, p)| self.node(f, &p))
                .is_some_and(|n| !n.properties.is_empty()),
            None => false,
        }
    }

    pub(super) fn string_enum(
        &mut self,
        file: usize,
        s: &Schema,
        module: &[String],
        candidates: &[String],
        is_root: bool,
        values: Vec<(String, Option<String>)>,
    ) -> TypeId {
        let name = self.name_for(module, candidates, is_root);
        let mut namer = Namer::new();
        let mut variants: Vec<Variant> = Vec::new();
        for (value, title) in values {
            if variants.iter().any(|v| v.value == value) {
                continue;
            }
            variants.push(Variant {
                ident: namer.claim(&ident::type_name(&value)),
                value,
                title,
            });
        }
        let other = namer.claim_first(&["Other".to_string(), "UnknownValue".to_string()]);
        let id = self.push_type(file, s, module, name, TypeKind::Enum { variants, other });
        self.by_node.insert((file, s.pointer.clone()), id);
        id
    }

    pub(super) fn union(
        &mut self,
        file: usize,
        s: &Schema,
        module: &[String],
        candidates: &[String],
        is_root: bool,
        types: &[TypeEntry],
    ) -> TypeId {
        let name = self.name_for(module, candidates, is_root);
        let id = self.push_type(file, s, module, name.clone(), TypeKind::Union(Vec::new()));
        self.by_node.insert((file, s.pointer.clone()), id);
        let mut namer = Namer::new();
        let mut variants = Vec::new();
        let mut ordered: Vec<&TypeEntry> = types.iter().collect();
        // serde tries untagged variants in order: integers before numbers.
        ordered.sort_by_key(|t| match t {
            TypeEntry::Simple(SimpleType::Null) => 0,
            TypeEntry::Simple(SimpleType::Boolean) => 1,
            TypeEntry::Simple(SimpleType::Integer) => 2,
            TypeEntry::Simple(SimpleType::Number) => 3,
            _ => 4,
        });
        for (i, t) in ordered.into_iter().enumerate() {
            let (vname, shape) = match t {
                TypeEntry::Simple(st) => {
                    let shape = match st {
                        SimpleType::String => Shape::String,
                        SimpleType::Integer => Shape::Integer,
                        SimpleType::Number => Shape::Number,
                        SimpleType::Boolean => Shape::Boolean,
                        SimpleType::Null => Shape::Null,
                        SimpleType::Object => Shape::Object,
                        SimpleType::Array => Shape::Array(Box::new(Shape::Any)),
                        SimpleType::Any => Shape::Any,
                    };
                    (ident::type_name(st.name()), shape)
                }
                TypeEntry::Schema(inner) => {
                    let label = inner
                        .title
                        .clone()
                        .map(|t| ident::type_name(&t))
                        .unwrap_or_else(|| format!("Variant{i}"));
                    let names = vec![format!("{name}{label}")];
                    (label, self.shape_named(file, inner, module, &names, false))
                }
            };
            // A variant that is the union itself (`type: [{…}, {"$ref": "#"}]`) reads any
            // value: see `break_union_loops`.
            variants.push((namer.claim(&vname), shape));
        }
        self.space.types[id.0].kind = TypeKind::Union(variants);
        id
    }

    /// `Vec` of the `items` schema's shape (named `…Item`); a tuple is a `Vec` of any value.
    pub(super) fn array_of(
        &mut self,
        file: usize,
        s: &Schema,
        module: &[String],
        candidates: &[String],
    ) -> Shape {
        match &s.items {
            Some(Items::All(item)) => {
                let names: Vec<String> = candidates.iter().map(|c| format!("{c}Item")).collect();
                Shape::Array(Box::new(
                    self.shape_named(file, item, module, &names, false),
                ))
            }
            _ => Shape::Array(Box::new(Shape::Any)),
        }
    }

    /// A schema with `properties` or `items` but no `type`: an untagged union of the object
    /// (or array) and any other value.
    pub(super) fn untyped(
        &mut self,
        file: usize,
        s: &Schema,
        module: &[String],
        candidates: &[String],
        is_root: bool,
    ) -> TypeId {
        let name = self.name_for(module, candidates, is_root);
        let id = self.push_type(file, s, module, name.clone(), TypeKind::Union(Vec::new()));
        self.by_node.insert((file, s.pointer.clone()), id);
        let objectish =
            !s.properties.is_empty() || s.extends.iter().any(|e| !e.properties.is_empty());
        let typed = if objectish {
            let names = [format!("{name}Object")];
            (
                "Object".to_string(),
                Shape::Named(self.structure(file, s, module, &names, false)),
            )
        } else {
            (
                "Array".to_string(),
                self.array_of(file, s, module, std::slice::from_ref(&name)),
            )
        };
        self.space.types[id.0].kind =
            TypeKind::Union(vec![typed, ("Other".to_string(), Shape::Any)]);
        id
    }

    pub(super) fn structure(
        &mut self,
        file: usize,
        s: &Schema,
        module: &[String],
        candidates: &[String],
        is_root: bool,
    ) -> TypeId {
        let name = self.name_for(module, candidates, is_root);
        let id = self.push_type(file, s, module, name.clone(), TypeKind::Newtype(Shape::Any));
        // An untyped schema's union may already stand for this node.
        self.by_node.entry((file, s.pointer.clone())).or_insert(id);

        // Properties of `extends` first (resolved), then the schema's own, which win.
        let mut bases: Vec<(usize, Cow<Schema>)> = Vec::new();
        for base in &s.extends {
            let resolved = match &base.reference {
                Some(r) => self
                    .resolve_at(file, &base.pointer, r)
                    .and_then(|(f, p)| self.node(f, &p).map(|n| (f, n))),
                None => Some((file, Cow::Borrowed(base))),
            };
            bases.extend(resolved);
        }
        let mut props: Vec<(usize, &String, &Schema)> = Vec::new();
        let own = std::iter::once((file, s));
        for (f, node) in bases.iter().map(|(f, n)| (*f, &**n)).chain(own) {
            for (k, v) in &node.properties {
                props.retain(|(_, existing, _)| *existing != k);
                props.push((f, k, v));
            }
        }

        let mut field_names = Namer::new();
        let mut fields = Vec::new();
        for (pfile, wire, prop) in props {
            let type_name = ident::type_name(wire);
            let names = vec![type_name.clone(), format!("{name}{type_name}")];
            let shape = self.shape_named(pfile, prop, module, &names, false);
            let ident = field_names.claim(&ident::value_name(wire));
            let secret = prop.is_secret();
            let readonly = prop.readonly;
            let required = prop.required;
            let mut docs = self.docs(prop);
            if required && readonly {
                docs.notes.push(
                    "The schema marks this field both required and read-only: the server fills it in, so it is optional here and never sent in write payloads.".to_string(),
                );
            } else if readonly {
                docs.notes
                    .push("Read-only: never sent in write payloads.".to_string());
            }
            if secret {
                docs.notes
                    .push("Secret: never shown by Debug or Display.".to_string());
            }
            let node = self.node_for(pfile, prop);
            let default = prop
                .default
                .as_ref()
                .and_then(|d| self.default_const(pfile, prop, &shape, wire, d));
            fields.push(Field {
                wire: wire.clone(),
                ident,
                shape,
                optional: !required || readonly,
                required,
                readonly,
                secret,
                default,
                docs,
                origin: self.origin(pfile, &prop.pointer),
                node,
                flatten: false,
                custom: Vec::new(),
            });
        }
        let extra_ident =
            field_names.claim_first(&["extra".to_string(), "extra_fields".to_string()]);
        let extra_value = match (&s.additional_properties, s.pattern_properties.is_empty()) {
            (Some(Additional::Schema(v)), true) => {
                let names = vec![format!("{name}Value")];
                self.shape_named(file, v, module, &names, false)
            }
            _ => Shape::Any,
        };
        self.space.types[id.0].kind = TypeKind::Struct {
            fields,
            extra_ident,
            extra_value,
        };
        id
    }

    pub(super) fn marker(&mut self, s: &Schema, field: &str) -> TypeId {
        let url = s.target.clone().unwrap_or_default();
        let module = &self.shared.clone();
        let key = (
            s.target_model_type.clone(),
            s.target_attr.clone(),
            url.clone(),
        );
        if let Some(id) = self.markers.get(&key) {
            return *id;
        }
        let model = s
            .target_model_type
            .as_deref()
            .map(|m| m.rsplit('/').next().unwrap_or(m).to_string());
        let base = match (&model, &s.target_attr) {
            (Some(m), Some(a)) => format!("{}{}", ident::type_name(m), ident::type_name(a)),
            (Some(m), None) => ident::type_name(m),
            (None, Some(a)) => format!("{field}{}", ident::type_name(a)),
            (None, None) => field.to_string(),
        };
        let name = self.claim(module, &[format!("{base}Ref"), format!("{base}Target")]);
        let docs = Docs {
            title: Some(match (&s.target_model_type, &s.target_attr) {
                (Some(m), Some(a)) => format!("Marks a reference to a `{m}` by its `{a}`."),
                (Some(m), None) => format!("Marks a reference to a `{m}`."),
                (None, _) => "Marks a reference whose target the schema does not name.".to_string(),
            }),
            ..Docs::default()
        };
        let id = TypeId(self.space.types.len());
        let origin = Origin {
            path: PathBuf::new(),
            rel: String::new(),
            pointer: s.pointer.clone(),
        };
        self.space.types.push(TypeDef {
            name,
            module: module.to_vec(),
            origin,
            docs,
            kind: TypeKind::Target {
                model_type: s.target_model_type.clone(),
                attr: s.target_attr.clone(),
                url,
            },
            node: None,
        });
        self.markers.insert(key, id);
        id
    }
}
