//! References: string fields whose schema names a `target` model.

use std::fmt;
use std::marker::PhantomData;

/// What a [`Reference`] points at. Generated code defines one marker type per distinct target.
pub trait Target {
    /// The target model type (`target_model_type`), e.g. `"data/Role"`, when the schema names it.
    const MODEL_TYPE: Option<&'static str>;
    /// The attribute of the target whose value the reference holds (`target_attr`), e.g. `"name"`.
    const ATTR: Option<&'static str>;
    /// The `target` URL template the API offers choices from.
    const CHOICES_URL: &'static str;
}

/// A reference to an instance of another model, as the API writes it: a plain string (usually
/// the target's name). The empty string means "unset", and is kept as it is on the wire.
///
/// ```
/// use vossgen_runtime::{Reference, Target};
/// struct RoleName;
/// impl Target for RoleName {
///     const MODEL_TYPE: Option<&'static str> = Some("data/Role");
///     const ATTR: Option<&'static str> = Some("name");
///     const CHOICES_URL: &'static str = "/api/data/Role/choices/?field=name";
/// }
/// let r: Reference<RoleName> = vossgen_runtime::serde_json::from_str("\"Admin\"").unwrap();
/// assert_eq!(r.get(), Some("Admin"));
/// assert_eq!(Reference::<RoleName>::target_model_type(), Some("data/Role"));
/// let unset: Reference<RoleName> = vossgen_runtime::serde_json::from_str("\"\"").unwrap();
/// assert!(unset.is_unset());
/// assert_eq!(vossgen_runtime::serde_json::to_string(&unset).unwrap(), "\"\"");
/// ```
pub struct Reference<T: ?Sized> {
    value: String,
    target: PhantomData<fn() -> T>,
}

impl<T: Target + ?Sized> Reference<T> {
    /// A reference holding `value` as written on the wire.
    pub fn new(value: impl Into<String>) -> Self {
        Reference {
            value: value.into(),
            target: PhantomData,
        }
    }

    /// The unset reference: the empty string.
    pub fn unset() -> Self {
        Self::new(String::new())
    }

    /// The wire string, unchanged.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The referenced value, or `None` when unset (empty string).
    pub fn get(&self) -> Option<&str> {
        if self.value.is_empty() {
            None
        } else {
            Some(&self.value)
        }
    }

    /// Whether the reference is unset (the empty string).
    pub fn is_unset(&self) -> bool {
        self.value.is_empty()
    }

    /// The target model type, e.g. `"data/Role"`.
    pub fn target_model_type() -> Option<&'static str> {
        T::MODEL_TYPE
    }

    /// The target attribute, e.g. `"name"`.
    pub fn target_attr() -> Option<&'static str> {
        T::ATTR
    }
}

impl<T: ?Sized> Clone for Reference<T> {
    fn clone(&self) -> Self {
        Reference {
            value: self.value.clone(),
            target: PhantomData,
        }
    }
}

impl<T: ?Sized> PartialEq for Reference<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: ?Sized> Eq for Reference<T> {}

impl<T: ?Sized> fmt::Debug for Reference<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Reference").field(&self.value).finish()
    }
}

impl<T: ?Sized> fmt::Display for Reference<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

/// The wire string, as [`Reference::as_str`] gives it.
impl<T: ?Sized> AsRef<str> for Reference<T> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl<T: Target + ?Sized> From<&str> for Reference<T> {
    fn from(value: &str) -> Self {
        Reference::new(value)
    }
}

impl<T: Target + ?Sized> From<String> for Reference<T> {
    fn from(value: String) -> Self {
        Reference::new(value)
    }
}

impl<T: ?Sized> crate::de::WireStr for Reference<T> {
    fn wire(&self) -> &str {
        &self.value
    }
    fn from_wire(value: String) -> Self {
        Reference {
            value,
            target: PhantomData,
        }
    }
}

impl<T: ?Sized> serde::Serialize for Reference<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl<'de, T: ?Sized> serde::Deserialize<'de> for Reference<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|value| Reference {
            value,
            target: PhantomData,
        })
    }
}
