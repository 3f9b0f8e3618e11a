//! Procedural macros for vossgen. Thin shells: the work is in the `vossgen` library, shared
//! with the CLI and `build.rs`.
//!
//! - [`import_schemas!`](import_schemas): schemas to types, inside any crate.
//! - [`Validate`](derive@Validate): the draft-03 validators, on hand-written types.

use proc_macro::TokenStream;

/// Generates the types (and validators) of a schema file or directory, like `vossgen generate`
/// and `vossgen::Builder`, in place.
///
/// The path is relative to the calling crate's manifest directory. Settings follow as
/// `key = value` (see `vossgen::Settings::set`). A bad path or a bad schema is a compile
/// error at the literal, naming the schema's file and position. Editing a schema file rebuilds
/// the calling crate (a file added to a directory is seen at the next rebuild).
///
/// ```ignore
/// mod models {
///     vossgen_macros::import_schemas!("schemas", doc_metadata = false);
/// }
/// ```
#[proc_macro]
pub fn import_schemas(input: TokenStream) -> TokenStream {
    vossgen::macros::expand_import(input.into()).into()
}

/// Implements `vossgen_runtime::Validate` for a hand-written struct or enum (and, for a
/// struct, `Described`: its compiled schema) from `#[validate(...)]` attributes named after
/// the draft-03 keywords: `max_length`, `min_length`, `pattern`, `format = "…"`,
/// `choices("a", "b")`, `minimum`, `maximum`, `exclusive_minimum`, `exclusive_maximum`,
/// `divisible_by`, `min_items`, `max_items`, `unique_items`, `nested` (the field implements
/// `Validate`) and `secret` (its value never appears in messages). `vossgen_runtime::from_str`
/// takes any `Validate` type. Error pointers use serde's wire names, read by serde's own
/// attribute parser (`rename`, `rename_all`, `rename_all_fields`, `skip`, `flatten`, tagging).
///
/// ```ignore
/// #[derive(serde::Deserialize, vossgen_macros::Validate)]
/// #[serde(rename_all = "camelCase")]
/// struct Account {
///     #[validate(min_length = 1, max_length = 64)]
///     user_name: String,
///     #[validate(pattern = ".{8,}", secret)]
///     password: String,
/// }
/// ```
#[proc_macro_derive(Validate, attributes(validate))]
pub fn derive_validate(input: TokenStream) -> TokenStream {
    match syn::parse::<syn::DeriveInput>(input) {
        Ok(input) => vossgen::derive::expand_validate(&input).into(),
        Err(e) => e.to_compile_error().into(),
    }
}
