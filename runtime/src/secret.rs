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
