//! The validation half of the IR: every schema node as a compiled [`NodeDef`] (refs resolved
//! to node ids, regexes checked, contradictions reported). Emitters turn these into static
//! `vossgen_runtime::validate::Node`s; typed validators and the interpreter both read them.

use super::{IrBuilder, Origin};
use crate::diag::pointer_push;
use crate::ident;
use crate::source::schema::{Additional, Dependency, Items, Schema, SimpleType, TypeEntry};
use serde_json::Value;
use vossgen_runtime::validate::{Decimal, Format, Pattern};

/// Index of a node in [`super::TypeSpace::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub usize);

/// `additionalProperties` / `additionalItems`, compiled.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AdditionalDef {
    /// Anything goes.
    #[default]
    Allowed,
    /// `false`.
    Forbidden,
    /// Must match this node.
    Schema(NodeId),
}

/// `items`, compiled.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ItemsDef {
    /// No `items`.
    #[default]
    Any,
    /// Every item.
    All(NodeId),
    /// A tuple.
    Tuple(Vec<NodeId>),
}

/// A `dependencies` entry, compiled.
#[derive(Clone, Debug, PartialEq)]
pub enum DependencyDef {
    /// Properties that must be present too.
    Properties(Vec<String>),
    /// A schema the whole object must match too.
    Schema(NodeId),
}

/// One compiled schema node.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeDef {
    /// Where it is.
    pub origin: Origin,
    /// The module whose `__schema` submodule holds its static.
    pub module: Vec<String>,
    /// The static's name.
    pub name: String,
    /// `$ref`, resolved.
    pub reference: Option<NodeId>,
    /// `type` names.
    pub types: Vec<SimpleType>,
    /// `type` schema entries.
    pub type_schemas: Vec<NodeId>,
    /// `disallow` names.
    pub disallow: Vec<SimpleType>,
    /// `disallow` schema entries.
    pub disallow_schemas: Vec<NodeId>,
    /// `extends`.
    pub extends: Vec<NodeId>,
    /// `properties`: (wire name, node, enforced `required`).
    pub properties: Vec<(String, NodeId, bool)>,
    /// `patternProperties`.
    pub pattern_properties: Vec<(String, NodeId)>,
    /// `additionalProperties`.
    pub additional_properties: AdditionalDef,
    /// `items`.
    pub items: ItemsDef,
    /// `additionalItems`.
    pub additional_items: AdditionalDef,
    /// `dependencies`.
    pub dependencies: Vec<(String, DependencyDef)>,
    /// `minimum`.
    pub minimum: Option<serde_json::Number>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `maximum`.
    pub maximum: Option<serde_json::Number>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `divisibleBy`.
    pub divisible_by: Option<serde_json::Number>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern` (checked to compile).
    pub pattern: Option<String>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `enum` values as JSON text.
    pub enumeration: Option<Vec<String>>,
    /// Static VOSS `choices` values as JSON text.
    pub choices: Option<Vec<String>>,
    /// `format`, when it is checked.
    pub format: Option<Format>,
    /// A secret: messages never show the value.
    pub secret: bool,
    /// VOSS `readonly`: left out of write payloads.
    pub read_only: bool,
}

impl NodeDef {
    /// The node's subschemas (every link but `$ref`), in keyword order.
    pub fn subschemas(&self) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = Vec::new();
        out.extend(&self.type_schemas);
        out.extend(&self.disallow_schemas);
        out.extend(&self.extends);
        out.extend(self.properties.iter().map(|(_, id, _)| *id));
        out.extend(self.pattern_properties.iter().map(|(_, id)| *id));
        if let AdditionalDef::Schema(id) = self.additional_properties {
            out.push(id);
        }
        match &self.items {
            ItemsDef::All(id) => out.push(*id),
            ItemsDef::Tuple(ids) => out.extend(ids),
            ItemsDef::Any => {}
        }
        if let AdditionalDef::Schema(id) = self.additional_items {
            out.push(id);
        }
        for (_, d) in &self.dependencies {
            if let DependencyDef::Schema(id) = d {
                out.push(*id);
            }
        }
        out
    }

    /// Whether the node says no more than a string enum does: its `type`, `enum` and
    /// `choices` (VOSS `readonly` aside, which is the property's business).
    pub fn is_choice_only(&self) -> bool {
        let bare = NodeDef {
            origin: self.origin.clone(),
            module: self.module.clone(),
            name: self.name.clone(),
            types: self.types.clone(),
            enumeration: self.enumeration.clone(),
            choices: self.choices.clone(),
            read_only: self.read_only,
            ..NodeDef::default()
        };
        *self == bare
    }

    /// Whether the node has keywords that the typed fast path does not check natively; such
    /// values are checked by the interpreter on their JSON form.
    pub fn is_exotic(&self) -> bool {
        self.reference.is_some()
            || !self.type_schemas.is_empty()
            || !self.disallow.is_empty()
            || !self.disallow_schemas.is_empty()
            || !self.extends.is_empty()
            || self
                .dependencies
                .iter()
                .any(|(_, d)| matches!(d, DependencyDef::Schema(_)))
            || matches!(self.items, ItemsDef::Tuple(_))
            || self.types.len() > 1
    }
}

/// The names of the formats vossgen can check (the runtime's [`Format`]s).
pub fn known_formats() -> impl Iterator<Item = &'static str> {
    Format::ALL.into_iter().map(Format::name)
}

impl IrBuilder<'_> {
    /// The compiled node of a schema node (memoized by file and pointer).
    pub(super) fn node_for(&mut self, file: usize, s: &Schema) -> super::NodeId {
        let key = (file, s.pointer.clone());
        if let Some(id) = self.node_by_key.get(&key) {
            return *id;
        }
        let id = NodeId(self.space.nodes.len());
        let module = self.file_homes[file].0.clone();
        let base = static_name(&s.pointer);
        let names = match self.node_names.get_mut(&module) {
            Some(names) => names,
            None => self.node_names.entry(module.clone()).or_default(),
        };
        let name = names.claim(&base);
        self.space.nodes.push(NodeDef {
            origin: self.origin(file, &s.pointer),
            module,
            name,
            ..NodeDef::default()
        });
        self.node_by_key.insert(key, id);
        let def = self.compile(file, s);
        let slot = &mut self.space.nodes[id.0];
        *slot = NodeDef {
            origin: std::mem::take(&mut slot.origin),
            module: std::mem::take(&mut slot.module),
            name: std::mem::take(&mut slot.name),
            ..def
        };
        id
    }

    fn compile(&mut self, file: usize, s: &Schema) -> NodeDef {
        let mut n = NodeDef::default();
        if let Some(r) = &s.reference {
            // An unresolvable ref was reported by the type pass; here it checks nothing.
            if let Some((f, p)) = self.resolve_at(file, &s.pointer, r) {
                let key = (f, p);
                n.reference = match self.node_by_key.get(&key) {
                    Some(id) => Some(*id),
                    None => self.node(f, &key.1).map(|target| self.node_for(f, &target)),
                };
            }
            return n;
        }
        for t in s.types.iter().flatten() {
            match t {
                TypeEntry::Simple(st) => n.types.push(*st),
                TypeEntry::Schema(inner) => n.type_schemas.push(self.node_for(file, inner)),
            }
        }
        if n.types.contains(&SimpleType::Any) {
            n.types.clear();
            n.type_schemas.clear();
        }
        for t in s.disallow.iter().flatten() {
            match t {
                TypeEntry::Simple(st) => n.disallow.push(*st),
                TypeEntry::Schema(inner) => n.disallow_schemas.push(self.node_for(file, inner)),
            }
        }
        n.extends = s.extends.iter().map(|e| self.node_for(file, e)).collect();
        for (name, prop) in &s.properties {
            let id = self.node_for(file, prop);
            // Policy: `required` and `readonly` together mean the server fills the field in; not enforced.
            n.properties
                .push((name.clone(), id, prop.required && !prop.readonly));
        }
        for (pattern, prop) in &s.pattern_properties {
            self.check_regex(
                file,
                &pointer_push(&pointer_push(&s.pointer, "patternProperties"), pattern),
                pattern,
            );
            let id = self.node_for(file, prop);
            n.pattern_properties.push((pattern.clone(), id));
        }
        n.additional_properties = self.additional(file, &s.additional_properties);
        n.items = match &s.items {
            None => ItemsDef::Any,
            Some(Items::All(item)) => ItemsDef::All(self.node_for(file, item)),
            Some(Items::Tuple(list)) => {
                ItemsDef::Tuple(list.iter().map(|i| self.node_for(file, i)).collect())
            }
        };
        n.additional_items = self.additional(file, &s.additional_items);
        for (key, dep) in &s.dependencies {
            let d = match dep {
                Dependency::Property(p) => DependencyDef::Properties(vec![p.clone()]),
                Dependency::Properties(ps) => DependencyDef::Properties(ps.clone()),
                Dependency::Schema(inner) => DependencyDef::Schema(self.node_for(file, inner)),
            };
            n.dependencies.push((key.clone(), d));
        }
        n.minimum = s.minimum.clone();
        n.maximum = s.maximum.clone();
        n.exclusive_minimum = s.exclusive_minimum;
        n.exclusive_maximum = s.exclusive_maximum;
        n.divisible_by = s.divisible_by.clone();
        n.min_length = s.min_length;
        n.max_length = s.max_length;
        // VOSS puts `minItems` on strings; it means nothing there and is not checked.
        n.min_items = s.min_items;
        n.max_items = s.max_items;
        n.unique_items = s.unique_items;
        if let Some(p) = &s.pattern {
            self.check_regex(file, &pointer_push(&s.pointer, "pattern"), p);
            n.pattern = Some(p.clone());
        }
        n.enumeration = s
            .enumeration
            .as_ref()
            .map(|values| values.iter().map(Value::to_string).collect());
        n.choices = s
            .static_choices()
            .map(|c| c.iter().map(|c| c.value.to_string()).collect());
        let is_reference = s.target.is_some() || s.target_model_type.is_some();
        n.format = s
            .format
            .clone()
            // `format: uri` on a reference holds a name, not a URI.
            .filter(|f| !(is_reference && f == "uri"))
            .filter(|f| self.formats.iter().any(|known| known == f))
            .and_then(|f| Format::parse(&f));
        n.secret = s.is_secret();
        n.read_only = s.readonly;
        self.check_contradictions(file, s, &n);
        n
    }

    fn additional(&mut self, file: usize, a: &Option<Additional>) -> AdditionalDef {
        match a {
            None | Some(Additional::Allowed(true)) => AdditionalDef::Allowed,
            Some(Additional::Allowed(false)) => AdditionalDef::Forbidden,
            Some(Additional::Schema(inner)) => AdditionalDef::Schema(self.node_for(file, inner)),
        }
    }

    fn check_regex(&mut self, file: usize, pointer: &str, pattern: &str) {
        let why = match self.patterns.get(pattern) {
            Some(why) => why.clone(),
            None => {
                let why = Pattern::compile_error(pattern);
                self.patterns.insert(pattern.to_string(), why.clone());
                why
            }
        };
        if let Some(why) = why {
            self.error(
                file,
                pointer,
                format!("`{pattern}` is not a regular expression vossgen can check ({why})"),
            );
        }
    }

    /// Bounds that no value of their kind meets are warnings, not errors: values of other
    /// types still satisfy the node (draft-03 keywords apply only to their own type), and
    /// a node nothing satisfies is still a valid schema.
    fn check_contradictions(&mut self, file: usize, s: &Schema, n: &NodeDef) {
        let exact = |n: &Option<serde_json::Number>| n.as_ref().and_then(Decimal::of_json);
        if let (Some(min), Some(max)) = (exact(&n.minimum), exact(&n.maximum)) {
            if min > max || (min == max && (n.exclusive_minimum || n.exclusive_maximum)) {
                self.warning(
                    file,
                    &pointer_push(&s.pointer, "minimum"),
                    format!("`minimum` {min} and `maximum` {max} leave no valid number: only values of other types are valid here"),
                );
            }
        }
        if let (Some(min), Some(max)) = (n.min_length, n.max_length) {
            if min > max {
                self.warning(
                    file,
                    &pointer_push(&s.pointer, "minLength"),
                    format!("`minLength` {min} is greater than `maxLength` {max}: only values of other types than string are valid here"),
                );
            }
        }
        if let (Some(min), Some(max)) = (n.min_items, n.max_items) {
            if min > max {
                self.warning(
                    file,
                    &pointer_push(&s.pointer, "minItems"),
                    format!("`minItems` {min} is greater than `maxItems` {max}: only values of other types than array are valid here"),
                );
            }
        }
        if matches!(&s.enumeration, Some(v) if v.is_empty()) {
            self.error(
                file,
                &pointer_push(&s.pointer, "enum"),
                "`enum` is empty: no value is valid".to_string(),
            );
        }
    }
}

/// `ROOT`, `ADMIN_USER_PASSWORD`, `INTERFACES_ITEMS_NAME`: the pointer without `properties`.
fn static_name(pointer: &str) -> String {
    let words: Vec<String> = pointer
        .split('/')
        .filter(|t| !t.is_empty() && *t != "properties")
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    if words.is_empty() {
        "ROOT".to_string()
    } else {
        let name = ident::const_name(&words.join(" "));
        if name.starts_with('_') {
            format!("N{name}")
        } else {
            name
        }
    }
}
