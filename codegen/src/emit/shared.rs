//! The crate's shared module (see [`crate::ir::share`]): reference markers and the string
//! enums several schemas spell the same. Each item is emitted when a selected model uses it
//! and, with features on, compiled when any of its users' features is on.

use super::code::{lit, Code};
use super::Cx;
use crate::ir::TypeId;

impl Cx<'_> {
    /// The shared module's body, or `None` when it would be empty.
    pub(super) fn shared_text(&self) -> Option<String> {
        let space = self.space;
        let shared = &space.shared;
        let mut body = String::new();
        for &id in space.types_in(shared) {
            let Some(gate) = self.shared_gate(id) else {
                continue;
            };
            let mut code = Code::gated(gate);
            self.type_item(&mut code, id);
            self.validate_text(&mut code, id);
            body.push_str(&code.finish());
        }
        if body.is_empty() {
            return None;
        }
        // One table for every shared node, whatever the features: data costs nothing to
        // compile, and the gated types' indices stay the same under any features.
        let mut code = Code::default();
        self.schema_module_text(&mut code, shared);
        body.push_str(&code.finish());
        Some(body)
    }

    /// The `#[cfg(any(feature = …))]` lines over the features of the selected models that use
    /// shared type `id` (none without features); `None` when no selected model uses it.
    fn shared_gate(&self, id: TypeId) -> Option<Vec<String>> {
        let users = self.space.shared_users.get(&id)?;
        let selected: Vec<usize> = users
            .iter()
            .copied()
            .filter(|m| self.plan.has_model(*m))
            .collect();
        if selected.is_empty() {
            return None;
        }
        if self.plan.table.is_none() {
            return Some(Vec::new());
        }
        let features: Vec<String> = selected
            .iter()
            .filter_map(|m| self.plan.models.get(*m).and_then(Option::as_ref))
            .map(|f| format!("feature = {}", lit(f)))
            .collect();
        let any = features.join(", ");
        Some(vec![
            format!("#[cfg(any({any}))]"),
            format!("#[cfg_attr(docsrs, doc(cfg(any({any}))))]"),
        ])
    }
}

/// The shared module's docs.
pub(super) fn shared_docs() -> Vec<String> {
    vec![
        "What several models share, made once for the whole crate: a marker type for each \
         model and attribute that references point at, and each list of choices that more \
         than one schema spells the same (each model names it by an alias of its own)."
            .to_string(),
    ]
}
