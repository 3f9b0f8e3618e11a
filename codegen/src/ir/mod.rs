//! Stage 2: the IR. A [`TypeSpace`] holds every Rust item to generate, each with the file and
//! JSON pointer it came from. Emitters read only this, never raw JSON.
//!
//! Determinism: every table is a `Vec` in input order (files sorted by path, keys in file
//! order) or an ordered map; emitters sort items by (module, name), so the bytes never depend
//! on traversal or hash order. Named types are keyed by (file, pointer) before their contents
//! are built, so `$ref` cycles resolve; cycles through direct fields are then boxed.
//!
//! One builder ([`TypeSpace::build`]) runs the passes; each concern is its own file: the items
//! (`items.rs`), modules (`layout.rs`), names (`names.rs`), Rust types of schema nodes
//! (`types.rs`), `$ref` resolution (`refs.rs`, `uri.rs`), defaults (`defaults.rs`), docs
//! (`docs.rs`), compiled validation nodes ([`nodes`]), cycles (`cycles.rs`, [`graph`]), shared
//! items ([`share`]), operations ([`ops`]) and dependencies between models ([`deps`]).

mod cycles;
mod defaults;
pub mod deps;
mod docs;
pub mod graph;
mod items;
mod layout;
mod names;
pub mod nodes;
pub mod ops;
mod refs;
pub mod share;
mod types;
mod uri;
mod views;

pub use items::{
    ApiModule, ConstValue, DefaultConst, DirModule, Docs, Field, ModelDef, Origin, Shape, TypeDef,
    TypeId, TypeKind, Variant,
};

pub use nodes::known_formats;
pub use nodes::{AdditionalDef, DependencyDef, ItemsDef, NodeDef, NodeId};

use crate::diag::{pointer_push, Diagnostic, Diagnostics, Location};
use crate::ident::{self, Namer};
use crate::source::schema::{self, Additional, Items, Schema, SimpleType, TypeEntry};
use crate::source::{Inputs, SchemaFile};
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
    /// The list-entry types of models (see [`ModelDef::summary`]), each with its model's root:
    /// read views, not payloads.
    pub summaries: BTreeMap<TypeId, TypeId>,
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

    /// The node a `$ref` chain ends at, however long; `id` itself when the chain comes back
    /// to itself (a chain without a loop has fewer hops than there are nodes).
    pub fn resolved(&self, id: NodeId) -> NodeId {
        let mut at = id;
        for _ in 0..=self.nodes.len() {
            match self.nodes[at.0].reference {
                Some(next) => at = next,
                None => return at,
            }
        }
        id
    }

    /// Builds the IR from the inputs with `options`. Problems are added to `diags`.
    pub fn build(inputs: &Inputs, options: &Options, diags: &mut Diagnostics) -> TypeSpace {
        let mut b = IrBuilder::new(inputs, diags);
        b.formats = options.formats.clone();
        b.layout();
        for i in 0..inputs.files.len() {
            b.model(i);
        }
        b.warn_uninhabited();
        b.break_union_loops();
        b.box_cycles();
        b.share_enums();
        b.summaries();
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

/// What the IR takes of the settings (see [`crate::Settings::ir_options`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The `format` names validators check.
    pub formats: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            formats: known_formats().map(str::to_string).collect(),
        }
    }
}

/// What makes two reference markers the same: (target model type, target attribute, URL).
type MarkerKey = (Option<String>, Option<String>, String);

struct IrBuilder<'a> {
    inputs: &'a Inputs,
    /// Every schema document: the models' files (same index as [`Inputs::files`] and
    /// [`TypeSpace::models`]), then their add forms.
    files: Vec<&'a SchemaFile>,
    /// By model file: the index in `files` of its add form.
    add_forms: Vec<Option<usize>>,
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
        // The models' files, then their add forms.
        let mut files: Vec<&'a SchemaFile> = inputs.files.iter().collect();
        let mut add_forms = vec![None; inputs.files.len()];
        for (i, f) in inputs.files.iter().enumerate() {
            if let Some(add) = &f.add_form {
                add_forms[i] = Some(files.len());
                files.push(add);
            }
        }
        let mut id_index = HashMap::default();
        let mut rels = HashMap::default();
        for (i, f) in files.iter().enumerate() {
            let base = format!("{}{}", uri::FILE_SCHEME, f.rel);
            // A document without `id`s has none to add.
            if let Some(document) = f.document.with_refs_or_ids() {
                uri::collect_ids(document, &base, "", &mut |canonical, pointer| {
                    id_index.entry(canonical).or_insert((i, pointer));
                });
            }
            rels.entry(f.rel.clone()).or_insert(i);
        }
        IrBuilder {
            inputs,
            files,
            add_forms,
            diags,
            space: TypeSpace::default(),
            by_node: HashMap::default(),
            markers: HashMap::default(),
            namers: HashMap::default(),
            file_homes: Vec::new(),
            api_homes: Vec::new(),
            id_index,
            rels,
            ref_stack: Vec::new(),
            node_by_key: HashMap::default(),
            node_names: HashMap::default(),
            formats: Vec::new(),
            shared: Vec::new(),
            patterns: HashMap::default(),
        }
    }

    fn origin(&self, file: usize, pointer: &str) -> Origin {
        let f = &self.files[file];
        Origin {
            path: f.path.clone(),
            rel: f.rel.clone(),
            pointer: pointer.to_string(),
        }
    }

    fn error(&mut self, file: usize, pointer: &str, message: impl Into<String>) {
        let path = self.files[file].path.clone();
        self.diags.push(Diagnostic::error(
            path,
            Location::Pointer(pointer.to_string()),
            message,
        ));
    }

    fn warning(&mut self, file: usize, pointer: &str, message: impl Into<String>) {
        let path = self.files[file].path.clone();
        self.diags.push(Diagnostic::warning(
            path,
            Location::Pointer(pointer.to_string()),
            message,
        ));
    }

    /// Types the operations of every sidecar, once every model is known (a `model:TYPE` kind
    /// may name any of them), and claims their names after the types'.
    fn operations(&mut self) {
        let mut by_type = HashMap::default();
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
                m.add_form,
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
                &a.api, model, &stem, &mut namer, None, &by_type, None, &a.path, self.diags,
            );
            self.space.apis.push(ApiModule {
                rel: a.rel.clone(),
                description: a.api.description.clone(),
                ops: built,
            });
        }
    }
}
