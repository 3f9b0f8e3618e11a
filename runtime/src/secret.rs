//! Secret values: fields marked `is_password` or `store_encrypted`.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// A secret string: a password, a token, an encrypted-at-rest value.
///
/// `Debug` and `Display` print `[REDACTED]`; the memory is zeroized on drop (by
/// [`secrecy`]); serde writes the value unchanged, so a round trip through the API's JSON is
/// exact. Read it with [`Secret::expose`].
///
/// ```
/// let token = vossgen_runtime::Secret::new("hunter22");
/// assert_eq!(format!("{token:?}"), "Secret([REDACTED])");
/// assert_eq!(token.to_string(), "[REDACTED]");
/// assert_eq!(token.expose(), "hunter22");
/// assert_eq!(vossgen_runtime::serde_json::to_string(&token).unwrap(), "\"hunter22\"");
/// ```
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The secret value. Keep it out of logs.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The length of the secret in Unicode code points, which is safe to report.
    pub fn char_count(&self) -> usize {
        self.expose().chars().count()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

/// Whether a name the schema does not describe (a query parameter, an undeclared member) looks
/// like it holds a credential: `token`, `password`, `secret` or `key` in any case, anywhere in
/// the name (`auth_token`, `newPassword`, `api_key`). Such values are left out of `Debug`.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["token", "password", "secret", "key"]
        .iter()
        .any(|s| name.contains(s))
}

/// A JSON value for `Debug`, with the values of members whose names look like credentials
/// ([`is_secret_name`]) redacted at every depth; otherwise as `serde_json::Value` prints.
pub(crate) struct RedactedJson<'a>(pub(crate) &'a serde_json::Value);

impl fmt::Debug for RedactedJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            serde_json::Value::Object(map) => {
                f.write_str("Object ")?;
                RedactedMap(map).fmt(f)
            }
            serde_json::Value::Array(items) => {
                f.write_str("Array ")?;
                f.debug_list()
                    .entries(items.iter().map(RedactedJson))
                    .finish()
            }
            other => other.fmt(f),
        }
    }
}

/// A JSON object's members for `Debug`, as [`RedactedJson`] prints them.
pub(crate) struct RedactedMap<'a>(pub(crate) &'a serde_json::Map<String, serde_json::Value>);

impl fmt::Debug for RedactedMap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (k, v) in self.0 {
            if is_secret_name(k) {
                map.entry(k, &format_args!("[REDACTED]"));
            } else {
                map.entry(k, &RedactedJson(v));
            }
        }
        map.finish()
    }
}
