//! Validation errors and the JSON pointers they carry.

use std::fmt;

/// A JSON pointer under construction: wire names and indexes, pushed and popped while walking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath {
    segments: Vec<Segment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(&'static str),
    Owned(String),
    Index(usize),
}

impl JsonPath {
    /// The document root (`""`).
    pub fn root() -> Self {
        Self::default()
    }

    /// Descends into an object member with a name known at compile time.
    pub fn push_key(&mut self, key: &'static str) {
        self.segments.push(Segment::Key(key));
    }

    /// Descends into an object member.
    pub fn push_owned(&mut self, key: &str) {
        self.segments.push(Segment::Owned(key.to_string()));
    }

    /// Descends into an array element.
    pub fn push_index(&mut self, index: usize) {
        self.segments.push(Segment::Index(index));
    }

    /// Goes back up one level.
    pub fn pop(&mut self) {
        self.segments.pop();
    }

    /// The RFC 6901 pointer: `/AdminUser/account_information/security_questions/0/answer`.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            out.push('/');
            match s {
                Segment::Key(k) => escape_into(&mut out, k),
                Segment::Owned(k) => escape_into(&mut out, k),
                Segment::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }
}

fn escape_into(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut p = JsonPath::root();
    for seg in path.iter() {
        match seg {
            serde_path_to_error::Segment::Seq { index } => p.push_index(*index),
            serde_path_to_error::Segment::Map { key } => p.push_owned(key),
            serde_path_to_error::Segment::Enum { variant } => p.push_owned(variant),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    p.pointer()
}

/// One problem: where (a JSON pointer of wire names), which keyword, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    path: String,
    keyword: String,
    message: String,
}

impl ValidationError {
    /// An error at `path` (a JSON pointer) for `keyword`.
    pub fn new(path: &str, keyword: &str, message: impl Into<String>) -> Self {
        ValidationError {
            path: path.to_string(),
            keyword: keyword.to_string(),
            message: message.into(),
        }
    }

    /// The RFC 6901 JSON pointer of the value at fault, built from wire names (`""` is the
    /// document itself).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The schema keyword that failed: `"required"`, `"maxLength"`, `"pattern"`, `"choices"`, …
    pub fn keyword(&self) -> &str {
        &self.keyword
    }

    /// What is wrong, readable. Never contains the value of a secret field.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(f, "{path}: {} ({})", self.message, self.keyword)
    }
}

impl std::error::Error for ValidationError {}

/// Every problem of one value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    errors: Vec<ValidationError>,
}

impl ValidationErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, error: ValidationError) {
        self.errors.push(error);
    }

    /// Adds an error at the current path.
    pub fn add(&mut self, path: &JsonPath, keyword: &str, message: impl Into<String>) {
        self.errors
            .push(ValidationError::new(&path.pointer(), keyword, message));
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// All of them, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.errors.iter()
    }

    /// `Ok(())` when empty.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    /// One error a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_nest() {
        let mut p = JsonPath::root();
        p.push_key("AdminUser");
        p.push_owned("a/b~c");
        p.push_index(0);
        assert_eq!(p.pointer(), "/AdminUser/a~1b~0c/0");
        p.pop();
        p.pop();
        assert_eq!(p.pointer(), "/AdminUser");
    }
}
