//! The crate's shared module (see [`crate::ir::share`]): reference markers and the string
//! enums several schemas spell the same. Each item is emitted when a selected model uses it
//! and, with features on, compiled when any of its users' features is on.

use super::Cx;
use crate::ir::TypeId;
use proc_macro2::TokenStream;
use quote::quote;

impl Cx<'_> {
    /// The items of the shared module, or `None` when it would be empty.
    pub(super) fn shared_items(&self) -> Option<TokenStream> {
        let space = self.space;
        let shared = &space.shared;
        let mut items = Vec::new();
        for &id in space.types_in(shared) {
            let Some(gate) = self.shared_gate(id) else {
                continue;
            };
            let item = self.type_item(id);
            let impls = self.validate_impls(id);
            items.push(with_attrs(quote!(#item #impls), &gate));
        }
        if items.is_empty() {
            return None;
        }
        // One table for every shared node, whatever the features: data costs nothing to
        // compile, and the gated types' indices stay the same under any features.
        let schema = self.schema_module(shared);
        Some(quote!(#(#items)* #schema))
    }

    /// `#[cfg(any(feature = …))]` over the features of the selected models that use shared
    /// type `id` (nothing without features); `None` when no selected model uses it.
    fn shared_gate(&self, id: TypeId) -> Option<TokenStream> {
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
            return Some(quote!());
        }
        let features: Vec<&String> = selected
            .iter()
            .filter_map(|m| self.plan.models.get(*m).and_then(Option::as_ref))
            .collect();
        Some(quote! {
            #[cfg(any(#(feature = #features),*))]
            #[cfg_attr(docsrs, doc(cfg(any(#(feature = #features),*))))]
        })
    }
}

/// `items` with `attrs` on each item.
fn with_attrs(items: TokenStream, attrs: &TokenStream) -> TokenStream {
    if attrs.is_empty() {
        return items;
    }
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let each = file.items.iter().map(|item| quote!(#attrs #item));
            quote!(#(#each)*)
        }
        // Emitted code always parses; keep it whole if it ever does not, rustc will say why.
        Err(_) => items,
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
