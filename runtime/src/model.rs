//! The traits every generated model implements.

use crate::validate::Described;
use serde_json::Value;

/// A VOSS Automate model: a generated top-level type that knows its model type and the schema
/// version it was generated from.
///
/// ```
/// use vossgen_runtime::Model;
/// struct Role;
/// impl Model for Role {
///     const MODEL_TYPE: &'static str = "data/Role";
///     const SCHEMA_VERSION: &'static str = "0.2.4";
///     type Summary = Role;
///     type AddForm = Role;
/// }
/// assert_eq!(Role::MODEL_TYPE, "data/Role");
/// ```
pub trait Model {
    /// The model type as the API names it, e.g. `"data/Role"`; the file path under the input
    /// root for a plain schema file.
    const MODEL_TYPE: &'static str;
    /// The schema's `schema_version`, or `""` when the schema has none.
    const SCHEMA_VERSION: &'static str;
    /// The type of the entries of a list response ([`crate::ListResponse`]): a list answers
    /// each instance with its summary data, which may lack fields the model requires. `Self`
    /// when the model requires none; otherwise a generated `<Model>Summary` with the same
    /// fields, each optional.
    type Summary;
    /// What creating an instance sends: `Self`, or a generated `<Model>AddForm` where the
    /// inputs hold the server's add form and it differs from the details schema (as
    /// `vossgen pull` writes it: `<name>.add.json`).
    type AddForm;
}

/// The JSON a value sends to the API on create and update.
///
/// Serializing a generated type with serde gives back exactly what the API sent, read-only
/// fields included, so that responses round-trip. A write payload must leave the read-only
/// fields out: [`Payload::to_payload`] does that, at every depth.
pub trait Payload: serde::Serialize + Described {
    /// Removes the keys of read-only fields from `value`, which is `self` serialized: by
    /// default every member the type's schema marks `readonly`, at every depth.
    fn strip_read_only(value: &mut Value) {
        crate::validate::strip_read_only(Self::schema(), value)
    }

    /// `self` as JSON, without read-only fields.
    fn to_payload(&self) -> Result<Value, serde_json::Error> {
        let mut value = serde_json::to_value(self)?;
        Self::strip_read_only(&mut value);
        Ok(value)
    }
}
