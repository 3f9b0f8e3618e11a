//! Types that several schemas spell the same, made once for the whole crate.
//!
//! The crate's shared module (`shared`, claimed at the crate root after the directories and
//! files) holds every reference marker (one per target model, attribute and URL, whoever
//! refers to it) and every string enum whose values, titles and schema are the same in two
//! places or more. Where such an enum was written, a type alias keeps its local name and docs,
//! so `role::Interface::Role` still reads as before; the code behind it exists once. What
//! rustc pays for grows with the distinct choice lists and targets, not with the models.

use super::{Docs, IrBuilder, NodeId, TypeDef, TypeId, TypeKind, TypeSpace};
use std::collections::{BTreeMap, BTreeSet};

/// The shared module's candidate names, first free one wins.
pub(super) const MODULE_NAMES: [&str; 2] = ["shared", "vossgen_shared"];

/// What makes two string enums the same: each value with its title, the catch-all's name,
/// and the JSON texts of the node's `type`, `enum` and `choices`.
type EnumKey = (Vec<(String, Option<String>)>, String, String);

impl IrBuilder<'_> {
    /// Moves each string enum that occurs twice or more (the same values, titles and schema)
    /// into the shared module; its occurrences become aliases of it. A model's root type is
    /// never shared.
    pub(super) fn share_enums(&mut self) {
        // A model's root (or its add form's) keeps its own type: the model's trait impls
        // (`Model`, `FromResponse`, …) are written for it, once a model.
        let roots: BTreeSet<TypeId> = (self.space.models.iter())
            .flat_map(|m| std::iter::once(m.root).chain(m.add_form))
            .collect();
        let mut groups: BTreeMap<EnumKey, Vec<TypeId>> = BTreeMap::new();
        for (i, t) in self.space.types.iter().enumerate() {
            if roots.contains(&TypeId(i)) {
                continue;
            }
            if let Some(key) = self.enum_key(t) {
                groups.entry(key).or_default().push(TypeId(i));
            }
        }
        // Deterministic: groups in the order of their first member (type order follows the
        // sorted input files), names claimed in that order.
        let mut groups: Vec<Vec<TypeId>> = groups.into_values().filter(|g| g.len() > 1).collect();
        groups.sort_by_key(|g| g[0]);
        let shared = self.shared.clone();
        for members in groups {
            let first = self.space.types[members[0].0].clone();
            let Some(first_node) = first.node else {
                continue;
            };
            let name = self.claim(&shared, std::slice::from_ref(&first.name));
            let mut node = self.space.nodes[first_node.0].clone();
            node.module = shared.clone();
            node.name = self
                .node_names
                .entry(shared.clone())
                .or_default()
                .claim(&super::ident::const_name(&name));
            node.read_only = false;
            let node_id = NodeId(self.space.nodes.len());
            self.space.nodes.push(node);
            let values: Vec<String> = match &first.kind {
                TypeKind::Enum { variants, .. } => {
                    variants.iter().map(|v| format!("`{}`", v.value)).collect()
                }
                _ => Vec::new(),
            };
            let shown = values.len().min(8);
            let mut list = values[..shown].join(", ");
            if values.len() > shown {
                list.push_str(", …");
            }
            let shared_id = TypeId(self.space.types.len());
            self.space.types.push(TypeDef {
                name,
                module: shared.clone(),
                docs: Docs {
                    title: Some(format!("One of {list}.")),
                    description: None,
                    notes: vec![format!(
                        "{} places in the schemas list these values, with the same titles: \
                         each names this type by an alias of its own.",
                        members.len()
                    )],
                },
                node: Some(node_id),
                ..first
            });
            for m in members {
                self.space.types[m.0].kind = TypeKind::Alias(shared_id);
            }
        }
    }

    fn enum_key(&self, t: &TypeDef) -> Option<EnumKey> {
        let TypeKind::Enum { variants, other } = &t.kind else {
            return None;
        };
        let n = self.space.node(t.node?);
        if !n.is_choice_only() {
            return None;
        }
        let values = variants
            .iter()
            .map(|v| (v.value.clone(), v.title.clone()))
            .collect();
        let schema = format!("{:?}|{:?}|{:?}", n.types, n.enumeration, n.choices);
        Some((values, other.clone(), schema))
    }
}

/// For each type of the shared module, the models (by index) whose code names it, sorted: the
/// shared item is compiled when any of them is.
pub fn users(space: &TypeSpace, shared: &[String]) -> BTreeMap<TypeId, Vec<usize>> {
    let owner = super::deps::owners(space);
    let mut users: BTreeMap<TypeId, BTreeSet<usize>> = BTreeMap::new();
    for t in &space.types {
        let Some(&model) = owner.get(t.module.as_slice()) else {
            continue;
        };
        let mut ids = Vec::new();
        super::deps::type_refs(t, &mut ids);
        for id in ids {
            if space.get(id).module == shared {
                users.entry(id).or_default().insert(model);
            }
        }
    }
    users
        .into_iter()
        .map(|(id, models)| (id, models.into_iter().collect()))
        .collect()
}
