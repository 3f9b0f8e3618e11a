//! Validation: every draft-03 and VOSS constraint, every error reported with its JSON pointer.
//!
//! Keyword logic lives here once. A schema is compiled (by vossgen, or by the derive) into
//! static [`Node`]s; [`validate_value`] checks any JSON value against a node. Generated models
//! validate their JSON form with it ([`validate_serialized`]): one implementation, no code per
//! field. The derive's typed [`Validate`] impls call the same leaf checks ([`check_str`],
//! [`check_number`], [`check_array_len`], …) on Rust values, so both paths agree.

mod decimal;
mod error;
mod format;
mod interpret;
mod node;
mod table;

pub use decimal::Decimal;
pub use error::{JsonPath, ValidationError, ValidationErrors};
pub use format::check_format;
pub use interpret::{
    check_array_len, check_choice, check_dependencies, check_enum, check_extra_members,
    check_number, check_str, check_unique, json_eq, strip_read_only, validate_value,
};
pub use node::{Additional, Dependency, EnumValues, Format, Items, Node, Pattern, Property, Ty};
pub use table::{
    AdditionalSpec, DependencySpec, ItemsSpec, Link, NodeSpec, PropertySpec, SpecLink, Table,
};

use serde::de::DeserializeOwned;

/// A Rust number as the derive's typed checks read it (`minimum`, `maximum`, `divisibleBy`):
/// every primitive integer and float, and [`Integer`](crate::Integer), so that a field of any of
/// them gets the same checks, on the value its JSON form has (no lossy cast: a `u128` above
/// `i128::MAX` stays itself, an `f32` is its own shortest decimal, as serde_json writes it).
pub trait Numeric {
    /// The exact value; `None` for a float that is not finite.
    fn decimal(&self) -> Option<Decimal>;
}

macro_rules! numeric_integers {
    ($($i:ty),*) => {$(
        impl Numeric for $i {
            fn decimal(&self) -> Option<Decimal> {
                Decimal::parse(&self.to_string())
            }
        }
    )*};
}
numeric_integers!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl Numeric for f64 {
    fn decimal(&self) -> Option<Decimal> {
        Decimal::of_f64(*self)
    }
}

impl Numeric for f32 {
    fn decimal(&self) -> Option<Decimal> {
        Decimal::of_f32(*self)
    }
}

impl Numeric for crate::Integer {
    fn decimal(&self) -> Option<Decimal> {
        Some(self.to_decimal())
    }
}

/// A value that can check itself against its schema.
pub trait Validate {
    /// Every problem of this value, or `Ok`.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.validate_at(&mut JsonPath::root(), &mut errors);
        errors.into_result()
    }

    /// Adds this value's problems to `errors`, with pointers below `path`.
    fn validate_at(&self, path: &mut JsonPath, errors: &mut ValidationErrors);

    /// The type's compiled schema, if it has one (generated models and derived structs do,
    /// through [`Described`]): [`from_str`] checks a document against it before decoding.
    /// `None` (the default) for a type checked by its own code alone, such as a derived enum.
    /// This is why [`from_str`] needs no other bound than `Validate`.
    fn described() -> Option<Description>
    where
        Self: Sized,
    {
        None
    }
}

/// A type's compiled schema, as [`Validate::described`] gives it.
#[derive(Clone, Copy, Debug)]
pub struct Description {
    /// The schema.
    pub schema: &'static Node,
    /// Whether it holds every rule of the type, nested types included (true for generated
    /// models): then [`from_str`] does not run the value's own [`Validate`] after the
    /// schema's verdict.
    pub complete: bool,
}

impl Description {
    /// The description of a [`Described`] type.
    #[inline]
    pub fn of<T: Described>() -> Self {
        Description {
            schema: T::schema(),
            complete: T::SCHEMA_IS_COMPLETE,
        }
    }
}

/// A type with a compiled schema (generated models, derived structs). Its [`Validate`] impl
/// hands it to [`from_str`] through [`Validate::described`]; payloads and the fake server's
/// request checks use it directly.
pub trait Described {
    /// Whether [`schema`](Described::schema) holds every rule of the type, nested types
    /// included (true for generated models): then [`from_str`] does not run the value's own
    /// [`Validate`] after the schema's verdict.
    const SCHEMA_IS_COMPLETE: bool = false;

    /// The type's schema.
    fn schema() -> &'static Node;
}

/// Checks `value` by its JSON form against `node`: what a generated model's
/// [`Validate::validate_at`] does. The JSON form is exactly what the model sends, so the
/// verdict is the interpreter's ([`validate_value`]) on the wire value.
pub fn validate_serialized(
    value: &dyn erased_serde::Serialize,
    node: &'static Node,
    path: &mut JsonPath,
    errors: &mut ValidationErrors,
) {
    match serde_json::to_value(value) {
        Ok(json) => validate_value(node, &json, path, errors),
        // Only a map with non-string keys fails here; generated types have none.
        Err(_) => errors.add(path, "type", "cannot be written as JSON"),
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &mut JsonPath, errors: &mut ValidationErrors) {
        (**self).validate_at(path, errors)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &mut JsonPath, errors: &mut ValidationErrors) {
        if let Some(v) = self {
            v.validate_at(path, errors)
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &mut JsonPath, errors: &mut ValidationErrors) {
        for (i, v) in self.iter().enumerate() {
            path.push_index(i);
            v.validate_at(path, errors);
            path.pop();
        }
    }
}

/// Decodes and validates a JSON document, like `serde_json::from_str`, reporting **every**
/// problem at once, each at its JSON pointer: a missing required field or a value of the wrong
/// type does not hide the others. The document is checked against the type's schema
/// ([`Validate::described`]) by the interpreter (the verdict is the schema's, whatever the Rust
/// type can hold), then decoded, then, unless the schema is complete
/// ([`Description::complete`]), the value's own [`Validate`] runs (hand-written types whose
/// nested types carry their rules in code, and types without a schema).
///
/// ```
/// # use vossgen_runtime::validate::*;
/// // A type with a schema, as vossgen or the derive would make it.
/// #[derive(Debug, serde::Deserialize)]
/// struct Port(u16);
/// static TABLE: Table = Table::new(r#"[{"type":["integer"],"maximum":1000}]"#, &[]);
/// impl Validate for Port {
///     fn validate_at(&self, path: &mut JsonPath, errors: &mut ValidationErrors) {
///         check_number(&Decimal::of_i128(self.0.into()), TABLE.node(0), path, errors);
///     }
///     fn described() -> Option<Description> {
///         Some(Description::of::<Self>())
///     }
/// }
/// impl Described for Port {
///     fn schema() -> &'static Node { TABLE.node(0) }
/// }
/// assert!(from_str::<Port>("80").is_ok());
/// let errors = from_str::<Port>("8080").unwrap_err();
/// assert_eq!(errors.iter().next().unwrap().keyword(), "maximum");
/// ```
pub fn from_str<T: DeserializeOwned + Validate>(text: &str) -> Result<T, ValidationErrors> {
    from_slice(text.as_bytes())
}

/// [`from_str`] for bytes.
pub fn from_slice<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let described = T::described();
    if let Some(description) = described {
        let value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                errors.push(syntax_error(&e));
                return Err(errors);
            }
        };
        validate_value(
            description.schema,
            &value,
            &mut JsonPath::root(),
            &mut errors,
        );
    }
    // Decoded from the text, not the `Value`: a key given twice (which a `Value` silently
    // reduces to the last) is an error at that key.
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let decoded = serde_path_to_error::deserialize::<_, T>(&mut de);
    // Nothing but white space after the value (a `Value` read checked this already).
    if let (Ok(_), Err(e)) = (&decoded, de.end()) {
        errors.push(syntax_error(&e));
        return Err(errors);
    }
    match decoded {
        Ok(decoded) => {
            if !described.is_some_and(|d| d.complete) {
                // Rules the schema does not hold (a hand-written nested type's, or all of a
                // type without a schema): each problem once, after the schema's.
                let mut own = ValidationErrors::new();
                decoded.validate_at(&mut JsonPath::root(), &mut own);
                for e in own {
                    if !errors
                        .iter()
                        .any(|x| x.path() == e.path() && x.keyword() == e.keyword())
                    {
                        errors.push(e);
                    }
                }
            }
            errors.into_result().map(|()| decoded)
        }
        // Not JSON at all (only a type without a schema gets here with it).
        Err(e) if e.inner().is_syntax() || e.inner().is_eof() => {
            errors.push(syntax_error(e.inner()));
            Err(errors)
        }
        // The schema accepts the document but the Rust type cannot hold it: a type without a
        // full compiled schema (a hand-written nested type), a limit of the Rust type (an
        // integer beyond i64), or a key given twice. Serde's error says where and what.
        Err(e) => {
            if errors.is_empty() {
                errors.push(serde_error(e.path(), &e.inner().to_string()));
            }
            Err(errors)
        }
    }
}

/// A document that is not JSON, as a validation error at the root.
fn syntax_error(e: &serde_json::Error) -> ValidationError {
    ValidationError::new(
        "",
        "syntax",
        format!(
            "invalid JSON at line {} column {}: {e}",
            e.line(),
            e.column()
        ),
    )
}

/// A serde error as a validation error: a missing field is `required` and a repeated one `type`,
/// each at the field's pointer; anything else is `type` where serde stopped.
fn serde_error(path: &serde_path_to_error::Path, message: &str) -> ValidationError {
    let pointer = error::pointer_of(path);
    // Serde names the field in both messages; field names are keys, never secret values.
    let field_rules = [
        ("missing field `", "required", "is required"),
        ("duplicate field `", "type", "appears more than once"),
    ];
    for (prefix, keyword, what) in field_rules {
        if let Some(field) = message
            .strip_prefix(prefix)
            .and_then(|m| m.split('`').next())
        {
            let mut p = JsonPath::root();
            p.push_owned(field);
            return ValidationError::new(
                &format!("{pointer}{}", p.pointer()),
                keyword,
                format!("`{field}` {what}"),
            );
        }
    }
    ValidationError::new(
        &pointer,
        "type",
        format!("does not fit the Rust type: {}", without_values(message)),
    )
}

/// Serde's message without the values it quotes (`invalid type: string "hunter2", expected
/// i64` -> `invalid type: expected i64`), so that no value, a secret maybe, reaches a message.
pub(crate) fn without_values(message: &str) -> String {
    let (head, expected) = match message.split_once(", expected ") {
        Some((h, e)) => (h, Some(e)),
        None => (message, None),
    };
    let kind = head.split(':').next().unwrap_or(head).trim();
    let kind = kind.split(['`', '"']).next().unwrap_or(kind).trim();
    match expected {
        Some(e) => format!("{kind}: expected {e}"),
        None => kind.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_values;

    #[test]
    fn serde_messages_lose_their_values() {
        assert_eq!(
            without_values("invalid type: string \"hunter2\", expected i64"),
            "invalid type: expected i64"
        );
        assert_eq!(
            without_values("invalid value: integer `1234`, expected u8"),
            "invalid value: expected u8"
        );
        assert_eq!(
            without_values("unknown variant `secret`, expected one of `a`, `b`"),
            "unknown variant: expected one of `a`, `b`"
        );
    }
}
