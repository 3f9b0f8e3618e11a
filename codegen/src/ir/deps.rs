//! Which models need which: a model's code names another model's types (a `$ref` across
//! files), its schema nodes, or its payload in an operation. Cargo features follow these edges
//! (a model's feature enables those of the models it needs), and so does the model filter.

use super::ops::{Answer, Body, OpsDef};
use super::{NodeId, Shape, TypeDef, TypeId, TypeKind, TypeSpace};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// For each model (by index), the other models it uses directly, sorted.
pub fn direct(space: &TypeSpace) -> Vec<Vec<usize>> {
    let owner = owners(space);
    let model_of = |module: &[String]| owner.get(module).copied();
    let mut deps: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); space.models.len()];
    let mut add = |from: Option<usize>, to: Option<usize>| {
        if let (Some(a), Some(b)) = (from, to) {
            if a != b {
                deps[a].insert(b);
            }
        }
    };
    for t in &space.types {
        let from = model_of(&t.module);
        let mut ids = Vec::new();
        type_refs(t, &mut ids);
        if let Some(node) = t.node {
            add(from, model_of(&space.node(node).module));
        }
        for id in ids {
            add(from, model_of(&space.get(id).module));
        }
    }
    for n in &space.nodes {
        let from = model_of(&n.module);
        for child in node_children(n) {
            add(from, model_of(&space.node(child).module));
        }
    }
    for (i, m) in space.models.iter().enumerate() {
        for other in m.ops.iter().flat_map(ops_models) {
            add(Some(i), Some(other));
        }
    }
    deps.into_iter().map(|d| d.into_iter().collect()).collect()
}

/// Each model's module -> the model's index.
pub fn owners(space: &TypeSpace) -> HashMap<&[String], usize> {
    space
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.module.as_slice(), i))
        .collect()
}

/// The types that type `t`'s code names: field, item, value and variant types, markers, the
/// type an alias stands for.
pub fn type_refs(t: &TypeDef, ids: &mut Vec<TypeId>) {
    match &t.kind {
        TypeKind::Struct {
            fields,
            extra_value,
            ..
        } => {
            for f in fields {
                shape_types(&f.shape, ids);
            }
            shape_types(extra_value, ids);
        }
        TypeKind::Newtype(shape) => shape_types(shape, ids),
        TypeKind::Union(variants) => {
            for (_, shape) in variants {
                shape_types(shape, ids);
            }
        }
        TypeKind::Alias(id) => ids.push(*id),
        TypeKind::Enum { .. } | TypeKind::Target { .. } => {}
    }
}

/// The models an API module's operations name.
pub fn api_models(ops: &OpsDef) -> Vec<usize> {
    let set: BTreeSet<usize> = ops_models(ops).collect();
    set.into_iter().collect()
}

fn ops_models(ops: &OpsDef) -> impl Iterator<Item = usize> + '_ {
    ops.ops.iter().flat_map(|op| {
        let body = match op.body {
            Body::Other(m) => Some(m),
            _ => None,
        };
        let answer = match op.answer {
            Answer::Other(m) => Some(m),
            _ => None,
        };
        body.into_iter().chain(answer)
    })
}

/// `roots` and every model they need, directly or not, sorted.
pub fn closure(direct: &[Vec<usize>], roots: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<usize> = roots.into_iter().collect();
    while let Some(m) = stack.pop() {
        if seen.insert(m) {
            stack.extend(direct[m].iter().copied().filter(|d| !seen.contains(d)));
        }
    }
    seen.into_iter().collect()
}

pub(super) fn shape_types(shape: &Shape, out: &mut Vec<TypeId>) {
    match shape {
        Shape::Named(id) | Shape::Reference(id) => out.push(*id),
        Shape::Array(inner) | Shape::Map(inner) | Shape::Boxed(inner) => shape_types(inner, out),
        Shape::String
        | Shape::Integer
        | Shape::Number
        | Shape::Boolean
        | Shape::Null
        | Shape::Any
        | Shape::Object
        | Shape::Secret => {}
    }
}

fn node_children(n: &super::NodeDef) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = n.reference.into_iter().collect();
    out.extend(n.subschemas());
    out
}

/// What to generate: a flag per model and per API module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// By model index.
    pub models: Vec<bool>,
    /// By API module index.
    pub apis: Vec<bool>,
}

impl Selection {
    /// Everything.
    pub fn all(space: &TypeSpace) -> Selection {
        Selection {
            models: vec![true; space.models.len()],
            apis: vec![true; space.apis.len()],
        }
    }
}

/// Whether `pattern` names the model or module at `rel` (an input path without its suffix)
/// with model type `model_type`.
fn names(pattern: &str, rel: &str, model_type: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if let Some(dir) = pattern
        .strip_suffix("/*")
        .or_else(|| pattern.strip_suffix('/'))
    {
        let under = |path: &str| {
            path.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        return under(rel) || under(model_type);
    }
    pattern == rel || pattern == model_type
}

/// The models and API modules `patterns` name, with every model they need. Empty patterns
/// select everything. Each pattern that names nothing is returned as an error.
pub fn select(
    space: &TypeSpace,
    direct: &[Vec<usize>],
    patterns: &[String],
) -> Result<Selection, Vec<String>> {
    if patterns.is_empty() {
        return Ok(Selection::all(space));
    }
    let model_rel = |i: usize| {
        let rel = &space.models[i].rel;
        rel.strip_suffix(".json").unwrap_or(rel).to_string()
    };
    let api_rel = |i: usize| {
        let rel = &space.apis[i].rel;
        rel.strip_suffix(crate::api::API_SUFFIX)
            .unwrap_or(rel)
            .to_string()
    };
    let mut roots = Vec::new();
    let mut apis = vec![false; space.apis.len()];
    let mut unmatched = Vec::new();
    for p in patterns {
        let mut hit = false;
        for i in 0..space.models.len() {
            if names(p, &model_rel(i), &space.models[i].model_type) {
                roots.push(i);
                hit = true;
            }
        }
        for (i, a) in space.apis.iter().enumerate() {
            if names(p, &api_rel(i), &a.ops.model) {
                apis[i] = true;
                roots.extend(api_models(&a.ops));
                hit = true;
            }
        }
        if !hit {
            unmatched.push(p.clone());
        }
    }
    if !unmatched.is_empty() {
        return Err(unmatched);
    }
    let mut models = vec![false; space.models.len()];
    for m in closure(direct, roots) {
        models[m] = true;
    }
    Ok(Selection { models, apis })
}
