//! Stage 2: the IR. A [`TypeSpace`] holds every Rust item to generate, each with the file and
//! JSON pointer it came from. Emitters read only this, never raw JSON.
//!
//! Determinism: every table is a `Vec` in input order (files sorted by path, keys in file
//! order) or an ordered map; emitters sort items by (module, name), so the bytes never depend
//! on traversal or hash order. Named types are keyed by (file, pointer) before their contents
//! are built, so `$ref` cycles resolve; cycles through direct fields are then boxed.

pub mod deps;
pub mod graph;
pub mod nodes;
pub mod ops;
pub mod share;
mod uri;

pub use nodes::known_formats;
pub use nodes::{AdditionalDef, DependencyDef, ItemsDef, NodeDef, NodeId};

use crate::diag::{pointer_push, Diagnostic, Diagnostics, Location};
use crate::ident::{self, Namer};
use crate::schema::{self, Additional, Items, Schema, SimpleType, TypeEntry};
use crate::source::Inputs;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Index of a type in [`TypeSpace::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Where an item came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file as read.
    pub path: PathBuf,
    /// The file relative to its input root.
    pub rel: String,
    /// The JSON pointer of the schema node.
    pub pointer: String,
}

/// Documentation of an item: the schema's own words plus vossgen's notes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Notes: VOSS metadata, policies applied, unknown keys.
    pub notes: Vec<String>,
}

/// The Rust shape of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `()`: JSON `null`.
    Null,
    /// `serde_json::Value`: "any", or no type.
    Any,
    /// `serde_json::Map<String, Value>`: an object with no declared properties.
    Object,
    /// `vossgen_runtime::Secret`.
    Secret,
    /// `vossgen_runtime::Reference<marker>`.
    Reference(TypeId),
    /// A generated type.
    Named(TypeId),
    /// `Vec<_>`.
    Array(Box<Shape>),
    /// `IndexMap<String, _>` (keys in the order they came).
    Map(Box<Shape>),
    /// `Box<_>`: breaks a cycle.
    Boxed(Box<Shape>),
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire: String,
    /// The Rust identifier (maybe `r#type`).
    pub ident: String,
    /// The value's shape (without the `Option`).
    pub shape: Shape,
    /// Whether the Rust field is an `Option` (not required, or required and read-only).
    pub optional: bool,
    /// `required` as the schema says.
    pub required: bool,
    /// VOSS `readonly`: never sent in write payloads.
    pub readonly: bool,
    /// `is_password` / `store_encrypted`.
    pub secret: bool,
    /// The default, as a typed constant, when one can be made.
    pub default: Option<DefaultConst>,
    /// Documentation.
    pub docs: Docs,
    /// Where the property's schema is.
    pub origin: Origin,
    /// The property's compiled schema.
    pub node: NodeId,
    /// The value's members stand in the parent object (serde's `flatten`, from the derive):
    /// its errors take no path segment of its own.
    pub flatten: bool,
}

/// A typed constant for a `default`.
#[derive(Clone, Debug, PartialEq)]
pub struct DefaultConst {
    /// The constant's name, e.g. `DEFAULT_SYNC`.
    pub ident: String,
    /// The value.
    pub value: ConstValue,
}

/// The value of a [`DefaultConst`].
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    /// `bool`.
    Bool(bool),
    /// `i64`.
    Int(i64),
    /// `f64`.
    Float(f64),
    /// `&'static str` (strings, secrets and references).
    Str(String),
    /// A variant of a generated enum.
    Variant(TypeId, String),
}

/// A variant of a string enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The Rust identifier.
    pub ident: String,
    /// The wire string.
    pub value: String,
    /// The choice's title, if any.
    pub title: Option<String>,
}

/// What kind of item a type is.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with declared properties; unknown keys are kept in `extra`.
    Struct {
        /// The declared properties, in schema order.
        fields: Vec<Field>,
        /// The field holding undeclared keys.
        extra_ident: String,
        /// The shape of undeclared values: `Any` unless `additionalProperties` is a schema.
        extra_value: Shape,
    },
    /// A string enum (`choices` or `enum`) that keeps unknown values in a catch-all variant.
    Enum {
        /// Known values, in schema order.
        variants: Vec<Variant>,
        /// The catch-all variant's identifier.
        other: String,
    },
    /// A newtype around a shape (a model whose root is not an object).
    Newtype(Shape),
    /// An untagged union (`type` with several entries).
    Union(Vec<(String, Shape)>),
    /// Another name for a type of the crate's shared module (see [`share`]): a string enum
    /// that other schemas spell the same.
    Alias(TypeId),
    /// A marker naming what a reference points at.
    Target {
        /// `target_model_type`.
        model_type: Option<String>,
        /// `target_attr`.
        attr: Option<String>,
        /// `target`.
        url: String,
    },
}

/// A generated type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// The module it lives in (Rust identifiers from the crate root).
    pub module: Vec<String>,
    /// Where it came from.
    pub origin: Origin,
    /// Documentation.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
    /// The compiled schema it was made from (none for reference markers).
    pub node: Option<NodeId>,
}

/// A model: the root type of one schema file.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelDef {
    /// `data/Role`, or the file path for plain schemas.
    pub model_type: String,
    /// `schema_version`, or `""`.
    pub schema_version: String,
    /// The root type.
    pub root: TypeId,
    /// The model's own module (`["data", "role"]`).
    pub module: Vec<String>,
    /// The operations, when the schema has a sidecar.
    pub ops: Option<ops::OpsDef>,
    /// The schema file relative to its input root.
    pub rel: String,
}

/// A module of the output: a directory of the input (a file's module is a [`ModelDef`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DirModule {
    /// Child directory modules, by Rust name.
    pub dirs: BTreeMap<String, DirModule>,
    /// Models directly in this directory: (file module name, model index).
    pub models: BTreeMap<String, usize>,
    /// Operation sidecars without a schema in this directory: (module name, index in
    /// [`TypeSpace::apis`]).
    pub apis: BTreeMap<String, usize>,
    /// The input directory, `/`-separated (`""` for the root).
    pub rel: String,
}

/// An operations sidecar without a schema of its own (the V-Spark `/config` routes): a module
/// of functions.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiModule {
    /// The sidecar relative to its input root.
    pub rel: String,
    /// The page's introduction.
    pub description: Option<String>,
    /// The operations.
    pub ops: ops::OpsDef,
}

/// Everything to generate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeSpace {
    /// Every type, by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Every model, sorted by file.
    pub models: Vec<ModelDef>,
    /// The module tree.
    pub root: DirModule,
    /// Operation sidecars without a schema.
    pub apis: Vec<ApiModule>,
    /// Every compiled schema node, by [`NodeId`].
    pub nodes: Vec<NodeDef>,
    /// Each module's types, sorted by name (an index, so that emitting is linear).
    pub by_module: BTreeMap<Vec<String>, Vec<TypeId>>,
    /// For each model, the other models its code uses directly (see [`deps::direct`]).
    pub deps: Vec<Vec<usize>>,
    /// Structs that require a value of their own type again (through required properties
    /// only): no finite value exists, and their validation would recurse without end.
    pub endless: std::collections::BTreeSet<TypeId>,
    /// The module of the types several models share (see [`share`]).
    pub shared: Vec<String>,
    /// For each type of the shared module, the models whose code names it, sorted.
    pub shared_users: BTreeMap<TypeId, Vec<usize>>,
}

impl TypeSpace {
    /// The type with this id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The types homed in `module`, sorted by name.
    pub fn types_in(&self, module: &[String]) -> &[TypeId] {
        self.by_module
            .get(module)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &NodeDef {
        &self.nodes[id.0]
    }

    /// The node a `$ref` chain ends at.
    pub fn resolved(&self, mut id: NodeId) -> NodeId {
        for _ in 0..64 {
            match self.nodes[id.0].reference {
                Some(next) => id = next,
                None => break,
            }
        }
        id
    }

    /// Builds the IR from the inputs; `formats` are the `format` names to check. Problems are
    /// added to `diags`.
    pub fn build(inputs: &Inputs, formats: &[String], diags: &mut Diagnostics) -> TypeSpace {
        let mut b = IrBuilder::new(inputs, diags);
        b.formats = formats.to_vec();
        b.layout();
        for i in 0..inputs.files.len() {
            b.model(i);
        }
        b.warn_uninhabited();
        b.box_cycles();
        b.share_enums();
        b.operations();
        b.space.shared = b.shared.clone();
        let mut space = b.space;
        for (i, t) in space.types.iter().enumerate() {
            space
                .by_module
                .entry(t.module.clone())
                .or_default()
                .push(TypeId(i));
        }
        let types = &space.types;
        for ids in space.by_module.values_mut() {
            ids.sort_by(|a, b| types[a.0].name.cmp(&types[b.0].name));
        }
        space.deps = deps::direct(&space);
        space.shared_users = share::users(&space, &space.shared);
        space
    }
}

/// What makes two reference markers the same: (target model type, target attribute, URL).
type MarkerKey = (Option<String>, Option<String>, String);

struct IrBuilder<'a> {
    inputs: &'a Inputs,
    diags: &'a mut Diagnostics,
    space: TypeSpace,
    /// (file, pointer) -> named type.
    by_node: HashMap<(usize, String), TypeId>,
    /// (module, model_type, attr, url) -> marker.
    markers: HashMap<MarkerKey, TypeId>,
    /// One namespace per module.
    namers: HashMap<Vec<String>, Namer>,
    /// Each file's module and model name.
    file_homes: Vec<(Vec<String>, String)>,
    /// Each operations-only sidecar's module.
    api_homes: Vec<Vec<String>>,
    /// Canonical URI of every schema with an `id` -> (file, pointer).
    id_index: HashMap<String, (usize, String)>,
    /// Rel path -> file.
    rels: HashMap<String, usize>,
    /// The `$ref` chain being followed, to stop loops.
    ref_stack: Vec<(usize, String)>,
    /// (file, pointer) -> compiled node.
    node_by_key: HashMap<(usize, String), NodeId>,
    /// One namespace of node statics per module.
    node_names: HashMap<Vec<String>, Namer>,
    /// The formats to check.
    formats: Vec<String>,
    /// The shared module (see [`share`]).
    shared: Vec<String>,
    /// Each distinct `pattern` checked so far -> why it does not compile, if it does not
    /// (a corpus repeats the same few patterns thousands of times).
    patterns: HashMap<String, Option<String>>,
}

impl<'a> IrBuilder<'a> {
    fn new(inputs: &'a Inputs, diags: &'a mut Diagnostics) -> Self {
        let mut id_index = HashMap::new();
        let mut rels = HashMap::new();
        for (i, f) in inputs.files.iter().enumerate() {
            let base = format!("{}{}", uri::FILE_SCHEME, f.rel);
            uri::collect_ids(&f.document, &base, "", &mut |canonical, pointer| {
                id_index.entry(canonical).or_insert((i, pointer));
            });
            rels.entry(f.rel.clone()).or_insert(i);
        }
        IrBuilder {
            inputs,
            diags,
            space: TypeSpace::default(),
            by_node: HashMap::new(),
            markers: HashMap::new(),
            namers: HashMap::new(),
            file_homes: Vec::new(),
            api_homes: Vec::new(),
            id_index,
            rels,
            ref_stack: Vec::new(),
            node_by_key: HashMap::new(),
            node_names: HashMap::new(),
            formats: Vec::new(),
            shared: Vec::new(),
            patterns: HashMap::new(),
        }
    }

    /// Assigns each file its module: directories first (they win a name clash), then files.
    fn layout(&mut self) {
        let mut dir_names: HashMap<String, Vec<String>> = HashMap::new();
        dir_names.insert(String::new(), Vec::new());
        // Top-level modules become files in the crate's `src/`, where Cargo gives `lib.rs`,
        // `main.rs` and `bin/` their own meaning.
        let top = self.namers.entry(Vec::new()).or_default();
        for taken in ident::CRATE_ROOT_FILES {
            top.reserve(taken);
        }
        // Directories, parents before children (files are sorted by rel).
        let mut dirs: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let rels = self
            .inputs
            .files
            .iter()
            .map(|f| &f.rel)
            .chain(self.inputs.api_only.iter().map(|a| &a.rel));
        for rel in rels {
            let parts: Vec<&str> = rel.split('/').collect();
            for depth in 1..parts.len() {
                dirs.insert(parts[..depth].join("/"));
            }
        }
        let mut dirs: Vec<String> = dirs.into_iter().collect();
        dirs.sort_by_key(|d| (d.matches('/').count(), d.clone()));
        for d in &dirs {
            let (parent, last) = d.rsplit_once('/').unwrap_or(("", d));
            let parent_mod = dir_names[parent].clone();
            let name = self
                .namers
                .entry(parent_mod.clone())
                .or_default()
                .claim(&ident::module_name(last));
            let mut module = parent_mod;
            module.push(name.clone());
            dir_names.insert(d.clone(), module.clone());
            insert_dir(&mut self.space.root, &module, d);
        }
        for f in &self.inputs.files {
            let (dir, file) = f.rel.rsplit_once('/').unwrap_or(("", &f.rel));
            let stem = file.strip_suffix(".json").unwrap_or(file);
            let dir_mod = dir_names[dir].clone();
            let namer = self.namers.entry(dir_mod.clone()).or_default();
            let file_mod = namer.claim(&ident::module_name(stem));
            let mut module = dir_mod;
            module.push(file_mod);
            // The model's type name is re-exported by the directory's module, so it is claimed
            // there (where `Role.json` and `role.json` meet) and then held in its own module.
            let name = namer.claim(&ident::type_name(stem));
            self.namers
                .entry(module.clone())
                .or_default()
                .reserve(&name);
            self.file_homes.push((module, name));
        }
        for (i, a) in self.inputs.api_only.iter().enumerate() {
            let (dir, file) = a.rel.rsplit_once('/').unwrap_or(("", &a.rel));
            let stem = file.strip_suffix(crate::api::API_SUFFIX).unwrap_or(file);
            let dir_mod = dir_names[dir].clone();
            let name = self
                .namers
                .entry(dir_mod.clone())
                .or_default()
                .claim(&ident::module_name(stem));
            dir_at(&mut self.space.root, &dir_mod)
                .apis
                .insert(name.clone(), i);
            let mut module = dir_mod;
            module.push(name);
            self.api_homes.push(module);
        }
        let names = share::MODULE_NAMES.map(String::from);
        let shared = self
            .namers
            .entry(Vec::new())
            .or_default()
            .claim_first(&names);
        self.shared = vec![shared];
    }

    fn origin(&self, file: usize, pointer: &str) -> Origin {
        let f = &self.inputs.files[file];
        Origin {
            path: f.path.clone(),
            rel: f.rel.clone(),
            pointer: pointer.to_string(),
        }
    }

    fn error(&mut self, file: usize, pointer: &str, message: impl Into<String>) {
        let path = self.inputs.files[file].path.clone();
        self.diags.push(Diagnostic::error(
            path,
            Location::Pointer(pointer.to_string()),
            message,
        ));
    }

    fn warning(&mut self, file: usize, pointer: &str, message: impl Into<String>) {
        let path = self.inputs.files[file].path.clone();
        self.diags.push(Diagnostic::warning(
            path,
            Location::Pointer(pointer.to_string()),
            message,
        ));
    }

    fn model(&mut self, file: usize) {
        let f = &self.inputs.files[file];
        let schema = f.schema.clone();
        let (module, name) = self.file_homes[file].clone();
        let model_type = f
            .api
            .as_ref()
            .and_then(|a| a.model_type.clone())
            .unwrap_or_else(|| f.rel.strip_suffix(".json").unwrap_or(&f.rel).to_string());
        let root = self.named_root(file, &schema, &module, &name);
        if let Some(desc) = f.api.as_ref().and_then(|a| a.description.clone()) {
            let t = &mut self.space.types[root.0];
            if t.docs.description.is_none() {
                t.docs.description = Some(desc);
            }
        }
        self.space.models.push(ModelDef {
            model_type,
            schema_version: schema.schema_version.clone().unwrap_or_default(),
            root,
            module: module.clone(),
            ops: None,
            rel: f.rel.clone(),
        });
        let (dir, file_mod) = module.split_at(module.len() - 1);
        let model_index = self.space.models.len() - 1;
        dir_at(&mut self.space.root, dir)
            .models
            .insert(file_mod[0].clone(), model_index);
    }

    /// The root type of a file: always a named type, so that it can implement `Model`.
    fn named_root(
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

    fn push_type(
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

    /// Claims a name in `module`: the first free candidate.
    fn claim(&mut self, module: &[String], candidates: &[String]) -> String {
        self.namers
            .entry(module.to_vec())
            .or_default()
            .claim_first(candidates)
    }

    /// The shape of a schema node; `candidates` name the type if one is needed. `is_root`
    /// means the first candidate is already claimed for this node.
    fn shape_named(
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
        if s.is_secret()
            && matches!(s.single_type(), None | Some(SimpleType::String))
            && s.properties.is_empty()
        {
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
            TypeEntry::Schema(inner) => {
                let inner = (**inner).clone();
                self.shape_named(file, &inner, module, candidates, is_root)
            }
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
                        let value = (**value).clone();
                        let names: Vec<String> =
                            candidates.iter().map(|c| format!("{c}Value")).collect();
                        Shape::Map(Box::new(
                            self.shape_named(file, &value, module, &names, false),
                        ))
                    } else {
                        Shape::Object
                    }
                }
            },
        }
    }

    fn resolved_has_properties(&mut self, file: usize, s: &Schema) -> bool {
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

    fn name_for(&mut self, module: &[String], candidates: &[String], is_root: bool) -> String {
        if is_root {
            candidates[0].clone()
        } else {
            let mut all: Vec<String> = candidates.to_vec();
            if all.is_empty() {
                all.push("Type".to_string());
            }
            self.claim(module, &all)
        }
    }

    fn string_enum(
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

    fn union(
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
                    let inner = (**inner).clone();
                    let label = inner
                        .title
                        .clone()
                        .map(|t| ident::type_name(&t))
                        .unwrap_or_else(|| format!("Variant{i}"));
                    let names = vec![format!("{name}{label}")];
                    (label, self.shape_named(file, &inner, module, &names, false))
                }
            };
            variants.push((namer.claim(&vname), shape));
        }
        self.space.types[id.0].kind = TypeKind::Union(variants);
        id
    }

    /// `Vec` of the `items` schema's shape (named `…Item`); a tuple is a `Vec` of any value.
    fn array_of(
        &mut self,
        file: usize,
        s: &Schema,
        module: &[String],
        candidates: &[String],
    ) -> Shape {
        match &s.items {
            Some(Items::All(item)) => {
                let item = (**item).clone();
                let names: Vec<String> = candidates.iter().map(|c| format!("{c}Item")).collect();
                Shape::Array(Box::new(
                    self.shape_named(file, &item, module, &names, false),
                ))
            }
            _ => Shape::Array(Box::new(Shape::Any)),
        }
    }

    /// A schema with `properties` or `items` but no `type`: an untagged union of the object
    /// (or array) and any other value.
    fn untyped(
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

    fn structure(
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
        let mut props: Vec<(usize, String, Schema)> = Vec::new();
        for base in &s.extends {
            let resolved = match &base.reference {
                Some(r) => self
                    .resolve_at(file, &base.pointer, r)
                    .and_then(|(f, p)| self.node(f, &p).map(|n| (f, n))),
                None => Some((file, base.clone())),
            };
            if let Some((f, node)) = resolved {
                for (k, v) in node.properties {
                    props.retain(|(_, existing, _)| existing != &k);
                    props.push((f, k, v));
                }
            }
        }
        for (k, v) in &s.properties {
            props.retain(|(_, existing, _)| existing != k);
            props.push((file, k.clone(), v.clone()));
        }

        let mut field_names = Namer::new();
        let mut fields = Vec::new();
        for (pfile, wire, prop) in props {
            let type_name = ident::type_name(&wire);
            let names = vec![type_name.clone(), format!("{name}{type_name}")];
            let shape = self.shape_named(pfile, &prop, module, &names, false);
            let ident = field_names.claim(&ident::value_name(&wire));
            let secret = prop.is_secret();
            let readonly = prop.readonly;
            let required = prop.required;
            let mut docs = self.docs(&prop);
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
            let node = self.node_for(pfile, &prop);
            let default = prop
                .default
                .as_ref()
                .and_then(|d| self.default_const(pfile, &prop, &shape, &wire, d));
            fields.push(Field {
                wire,
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
            });
        }
        let extra_ident =
            field_names.claim_first(&["extra".to_string(), "extra_fields".to_string()]);
        let extra_value = match (&s.additional_properties, s.pattern_properties.is_empty()) {
            (Some(Additional::Schema(v)), true) => {
                let v = (**v).clone();
                let names = vec![format!("{name}Value")];
                self.shape_named(file, &v, module, &names, false)
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

    fn marker(&mut self, s: &Schema, field: &str) -> TypeId {
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

    /// A typed constant for `default`: converted when the conversion is lossless (the string
    /// `"0"` on an integer), otherwise a warning and no constant.
    fn default_const(
        &mut self,
        file: usize,
        prop: &Schema,
        shape: &Shape,
        wire: &str,
        value: &Value,
    ) -> Option<DefaultConst> {
        let at = pointer_push(&prop.pointer, "default");
        let ident = format!("DEFAULT_{}", ident::const_name(wire));
        let converted = match (shape, value) {
            (Shape::Boolean, Value::Bool(b)) => Some(ConstValue::Bool(*b)),
            (Shape::Boolean, Value::String(s)) if s == "true" || s == "false" => {
                Some(ConstValue::Bool(s == "true"))
            }
            (Shape::Integer, Value::Number(n)) => n
                .as_i64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                        .map(|f| f as i64)
                })
                .map(ConstValue::Int),
            (Shape::Integer, Value::String(s)) => s
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|i| i.to_string() == s.trim())
                .map(ConstValue::Int),
            (Shape::Number, Value::Number(n)) => n.as_f64().map(ConstValue::Float),
            (Shape::Number, Value::String(s)) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(ConstValue::Float),
            (Shape::String | Shape::Secret | Shape::Reference(_), Value::String(s)) => {
                Some(ConstValue::Str(s.clone()))
            }
            (Shape::String | Shape::Reference(_), Value::Number(n)) => {
                Some(ConstValue::Str(n.to_string()))
            }
            (Shape::String | Shape::Reference(_), Value::Bool(b)) => {
                Some(ConstValue::Str(b.to_string()))
            }
            (Shape::Named(id), Value::String(s)) => match &self.space.types[id.0].kind {
                TypeKind::Enum { variants, .. } => variants
                    .iter()
                    .find(|v| &v.value == s)
                    .map(|v| ConstValue::Variant(*id, v.ident.clone())),
                _ => None,
            },
            _ => None,
        };
        let type_matches = match (shape, value) {
            (Shape::Boolean, Value::Bool(_)) | (Shape::Number, Value::Number(_)) => true,
            (Shape::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (
                Shape::String | Shape::Secret | Shape::Reference(_) | Shape::Named(_),
                Value::String(_),
            ) => true,
            _ => false,
        };
        match &converted {
            Some(_) if type_matches => {}
            Some(_) => self.warning(file, &at, format!("default {value} does not match the property's type; converted losslessly for the typed constant, the wire value is untouched")),
            None => {
                let simple = matches!(shape, Shape::Boolean | Shape::Integer | Shape::Number | Shape::String | Shape::Secret | Shape::Reference(_));
                if simple || matches!(shape, Shape::Named(id) if matches!(self.space.types[id.0].kind, TypeKind::Enum { .. })) {
                    self.warning(file, &at, format!("default {value} cannot be converted to the property's type without loss; no typed constant is generated"));
                }
            }
        }
        converted.map(|value| DefaultConst { ident, value })
    }

    fn docs(&self, s: &Schema) -> Docs {
        let mut notes = Vec::new();
        if let Some(f) = &s.format {
            let why = if f == "uri" && (s.target.is_some() || s.target_model_type.is_some()) {
                " (on a reference, whose values are names: not checked as a URI)"
            } else if f == "link" {
                " (a VOSS GUI link)"
            } else {
                ""
            };
            notes.push(format!("Format: `{f}`{why}."));
        }
        if s.target.is_some() || s.target_model_type.is_some() {
            let model = s.target_model_type.as_deref().unwrap_or("(unnamed)");
            let attr = s
                .target_attr
                .as_deref()
                .map(|a| format!(" by `{a}`"))
                .unwrap_or_default();
            notes.push(format!(
                "References `{model}`{attr}; an empty string means unset."
            ));
        }
        if let Some(d) = &s.default {
            notes.push(format!("Default: `{d}`."));
        }
        if let Some(w) = &s.warning {
            notes.push(format!("VOSS warning: {w}"));
        }
        if let Some(t) = &s.type_requested {
            if !t.is_empty() {
                notes.push(format!("Upstream type: `{t}`."));
            }
        }
        if s.displayable == Some(false) {
            notes.push("Not displayed in the GUI.".to_string());
        }
        let extras: Vec<&str> = s
            .extra
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| *k != "name" && *k != "$comment")
            .collect();
        if !extras.is_empty() {
            notes.push(format!(
                "Other schema keys: {}.",
                extras
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Docs {
            title: s.title.clone(),
            description: s.description.clone(),
            notes,
        }
    }

    // ---- $ref resolution ----

    fn shape_of_ref(&mut self, file: usize, s: &Schema, reference: &str) -> Shape {
        let Some((target_file, pointer)) = self.resolve_at(file, &s.pointer, reference) else {
            self.error(file, &pointer_push(&s.pointer, "$ref"), format!("cannot resolve `$ref` `{reference}` (remote references resolve only to files under the input roots)"));
            return Shape::Any;
        };
        let key = (target_file, pointer.clone());
        if let Some(id) = self.by_node.get(&key) {
            return Shape::Named(*id);
        }
        if self.ref_stack.contains(&key) {
            self.warning(file, &pointer_push(&s.pointer, "$ref"), format!("`$ref` `{reference}` refers back to itself without a type in between; treated as any value"));
            return Shape::Any;
        }
        let Some(node) = self.node(target_file, &pointer) else {
            self.error(
                file,
                &pointer_push(&s.pointer, "$ref"),
                format!("`$ref` `{reference}` points at nothing"),
            );
            return Shape::Any;
        };
        let (module, root_name) = self.file_homes[target_file].clone();
        self.ref_stack.push(key);
        let shape = if pointer.is_empty() {
            Shape::Named(self.named_root(target_file, &node, &module, &root_name))
        } else {
            let last = pointer.rsplit('/').next().unwrap_or("");
            let last = last.replace("~1", "/").replace("~0", "~");
            let names = vec![
                ident::type_name(&last),
                format!("{root_name}{}", ident::type_name(&last)),
            ];
            self.shape_named(target_file, &node, &module, &names, false)
        };
        self.ref_stack.pop();
        shape
    }

    /// The schema at `pointer` in a file (parsed on demand: refs may point into unknown keys
    /// such as `definitions`).
    fn node(&mut self, file: usize, pointer: &str) -> Option<Schema> {
        let f = &self.inputs.files[file];
        let value = f.document.pointer(pointer)?;
        let mut scratch = Diagnostics::new();
        let node = schema::parse_at(&f.path, value, pointer, &mut scratch);
        // Problems inside the tree were reported when the file was read too; `generate`
        // removes the duplicates after sorting.
        self.diags.extend(scratch);
        Some(node)
    }

    /// Resolves the `$ref` found at `pointer` in `file` to (file, pointer): the reference is
    /// joined to the base URI in force there (each enclosing `id` changes it; the `$ref`
    /// node's own `id` does not), then looked up among the `id`s of every input, then as a
    /// file under an input root (`http://host/path.json` is `path.json`).
    fn resolve_at(&self, file: usize, pointer: &str, reference: &str) -> Option<(usize, String)> {
        let base = self.base_uri(file, pointer);
        let absolute = uri::join(&base, reference);
        let (doc_uri, fragment) = absolute.split_once('#').unwrap_or((&absolute, ""));
        let fragment = percent_decode(fragment);
        let (target, prefix) = if let Some((f, p)) = self.id_index.get(doc_uri) {
            (*f, p.clone())
        } else if let Some(rel) = doc_uri.strip_prefix(uri::FILE_SCHEME) {
            (*self.rels.get(rel)?, String::new())
        } else {
            // http://host/path.json: a file at `path.json` under an input root.
            let (_, rest) = doc_uri.split_once("://")?;
            let path = rest.split_once('/').map(|(_, p)| p).unwrap_or("");
            (*self.rels.get(path)?, String::new())
        };
        if fragment.is_empty() || fragment.starts_with('/') {
            Some((target, format!("{prefix}{fragment}")))
        } else if let Some(found) = self.id_index.get(&format!("{doc_uri}#{fragment}")) {
            Some(found.clone())
        } else {
            // `#name`: a subschema with `"id": "#name"`.
            let doc = &self.inputs.files[target].document;
            find_id(doc, &format!("#{fragment}"), "").map(|p| (target, p))
        }
    }

    /// The base URI in force at `pointer` in `file`, not counting an `id` of the node itself.
    fn base_uri(&self, file: usize, pointer: &str) -> String {
        let f = &self.inputs.files[file];
        let mut base = format!("{}{}", uri::FILE_SCHEME, f.rel);
        let mut node = &f.document;
        let tokens: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        for token in &tokens {
            if let Some(id) = node.get("id").and_then(Value::as_str) {
                base = uri::join(&base, id);
            }
            node = match node {
                Value::Object(map) => match map.get(token) {
                    Some(n) => n,
                    None => break,
                },
                Value::Array(list) => match token.parse::<usize>().ok().and_then(|i| list.get(i)) {
                    Some(n) => n,
                    None => break,
                },
                _ => break,
            };
        }
        base
    }

    // ---- cycles ----

    /// Boxes struct fields whose type leads back to the struct through direct fields
    /// (Tarjan's strongly connected components; linear in the number of types).
    fn box_cycles(&mut self) {
        let n = self.space.types.len();
        let scc = tarjan(&self.direct_edges(false));
        for i in 0..n {
            let same = |s: &Shape| matches!(s, Shape::Named(id) if scc[id.0] == scc[i]);
            match &mut self.space.types[i].kind {
                TypeKind::Struct { fields, .. } => {
                    for f in fields.iter_mut() {
                        if same(&f.shape) {
                            f.shape = Shape::Boxed(Box::new(f.shape.clone()));
                        }
                    }
                }
                TypeKind::Newtype(s) if same(s) => *s = Shape::Boxed(Box::new(s.clone())),
                TypeKind::Union(vs) => {
                    for (_, s) in vs.iter_mut() {
                        if same(s) {
                            *s = Shape::Boxed(Box::new(s.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// For each type, the types it holds directly (not through a `Vec`, map or `Box`): with
    /// `required_only`, only those every value must hold (required fields and newtypes;
    /// a union needs just one of its variants, so it holds none for sure).
    fn direct_edges(&self, required_only: bool) -> Vec<Vec<usize>> {
        self.space
            .types
            .iter()
            .map(|t| {
                let shapes: Vec<&Shape> = match &t.kind {
                    TypeKind::Struct { fields, .. } => fields
                        .iter()
                        .filter(|f| !(required_only && f.optional))
                        .map(|f| &f.shape)
                        .collect(),
                    TypeKind::Newtype(s) => vec![s],
                    TypeKind::Union(v) if !required_only => v.iter().map(|(_, s)| s).collect(),
                    _ => Vec::new(),
                };
                shapes
                    .into_iter()
                    .filter_map(|s| match s {
                        Shape::Named(id) => Some(id.0),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    /// Types the operations of every sidecar, once every model is known (a `model:TYPE` kind
    /// may name any of them), and claims their names after the types'.
    fn operations(&mut self) {
        let mut by_type = HashMap::new();
        for (i, m) in self.space.models.iter().enumerate() {
            by_type.entry(m.model_type.clone()).or_insert(i);
        }
        for i in 0..self.space.models.len() {
            let f = &self.inputs.files[i];
            let Some(api) = &f.api else { continue };
            let m = &self.space.models[i];
            let root = self.space.types[m.root.0].name.clone();
            let mut functions = Namer::new();
            let namer = self.namers.entry(m.module.clone()).or_default();
            let built = ops::build(
                api,
                &m.model_type,
                &root,
                &mut functions,
                Some(namer),
                &by_type,
                &f.path,
                self.diags,
            );
            self.space.models[i].ops = Some(built);
        }
        for (a, module) in self.inputs.api_only.iter().zip(&self.api_homes) {
            let model = a.rel.strip_suffix(crate::api::API_SUFFIX).unwrap_or(&a.rel);
            let stem = ident::type_name(module.last().map(String::as_str).unwrap_or("api"));
            // Functions, the server trait and `serve` share the module's one namespace.
            let mut namer = Namer::new();
            let built = ops::build(
                &a.api, model, &stem, &mut namer, None, &by_type, &a.path, self.diags,
            );
            self.space.apis.push(ApiModule {
                rel: a.rel.clone(),
                description: a.api.description.clone(),
                ops: built,
            });
        }
    }

    /// Warns at each required property that leads back to its own type through required
    /// properties only: no finite JSON value fits such a schema (and rustc, seeing that a
    /// value's validation could never end, warns `unconditional_recursion`).
    fn warn_uninhabited(&mut self) {
        let scc = tarjan(&self.direct_edges(true));
        let types = &self.space.types;
        let mut found = Vec::new();
        for (i, t) in types.iter().enumerate() {
            if let TypeKind::Struct { fields, .. } = &t.kind {
                for f in fields.iter().filter(|f| !f.optional) {
                    if matches!(&f.shape, Shape::Named(id) if scc[id.0] == scc[i]) {
                        found.push((f.origin.clone(), f.wire.clone()));
                        self.space.endless.insert(TypeId(i));
                    }
                }
            }
        }
        for (origin, wire) in found {
            self.diags.push(Diagnostic::warning(
                &origin.path,
                Location::Pointer(origin.pointer),
                format!("required property `{wire}` leads back to its own type through required properties only: no finite value fits this schema"),
            ));
        }
    }
}

fn insert_dir(root: &mut DirModule, module: &[String], rel: &str) {
    let node = dir_at(root, module);
    node.rel = rel.to_string();
}

fn dir_at<'m>(root: &'m mut DirModule, module: &[String]) -> &'m mut DirModule {
    let mut node = root;
    for m in module {
        node = node.dirs.entry(m.clone()).or_default();
    }
    node
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn find_id(value: &Value, id: &str, pointer: &str) -> Option<String> {
    match value {
        Value::Object(map) => {
            if map.get("id").and_then(Value::as_str) == Some(id) {
                return Some(pointer.to_string());
            }
            map.iter()
                .find_map(|(k, v)| find_id(v, id, &pointer_push(pointer, k)))
        }
        Value::Array(list) => list
            .iter()
            .enumerate()
            .find_map(|(i, v)| find_id(v, id, &pointer_push(pointer, &i.to_string()))),
        _ => None,
    }
}

/// Component index of each node; a node alone in its component without a self-edge gets a
/// component of its own that no other node has.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let mut comp = graph::components(edges);
    let n = edges.len();
    let comps = comp.iter().copied().max().map_or(0, |c| c + 1);
    // A node alone in its component is "in a cycle" only with a self-edge: give the others
    // unique components so that `same` is false for them.
    let mut sizes = vec![0usize; comps];
    for c in &comp {
        sizes[*c] += 1;
    }
    for v in 0..n {
        if sizes[comp[v]] == 1 && !edges[v].contains(&v) {
            comp[v] = usize::MAX - v;
        }
    }
    comp
}
