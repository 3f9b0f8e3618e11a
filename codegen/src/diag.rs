//! Diagnostics: every problem found in the input, each with its file and place, collected so
//! that the user sees all of them at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Errors stop generation; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation cannot produce correct output.
    Error,
    /// Output is produced, but the input has a quirk worth knowing about.
    Warning,
}

/// Where in a file a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The whole file.
    File,
    /// A 1-based line and column, for syntax errors and page text.
    LineCol {
        /// 1-based line.
        line: usize,
        /// 1-based column, counted in characters.
        column: usize,
    },
    /// An RFC 6901 JSON pointer into the file's JSON document (`""` is the root).
    Pointer(String),
}

/// One problem in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it (or relative to the input root).
    pub file: PathBuf,
    /// The place in the file.
    pub location: Location,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// An error at `location` in `file`.
    pub fn error(file: impl AsRef<Path>, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            location,
            message: message.into(),
        }
    }

    /// A warning at `location` in `file`.
    pub fn warning(file: impl AsRef<Path>, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, location, message)
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `error: data/Role.json#/properties/name/maxLength: expected a non-negative integer`, or
    /// `warning: page.txt:5:1234: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.file.display())?;
        match &self.location {
            Location::File => {}
            Location::LineCol { line, column } => write!(f, ":{line}:{column}")?,
            Location::Pointer(p) => write!(f, "#{p}")?,
        }
        write!(f, ": {}", self.message)
    }
}

/// All diagnostics of one run, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// All of them, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Sorts by file, then place, then message, so that output does not depend on the order
    /// the files were visited in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, &a.location, a.severity, &a.message).cmp(&(
                &b.file,
                &b.location,
                b.severity,
                &b.message,
            ))
        });
    }
}

impl Diagnostics {
    /// Removes repeated diagnostics; call after [`Diagnostics::sort`], which makes them adjacent.
    pub fn dedup(&mut self) {
        self.items.dedup();
    }
}

impl fmt::Display for Diagnostics {
    /// One diagnostic a line, then a summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        let errors = self.errors().count();
        let warnings = self.items.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

impl std::error::Error for Diagnostics {}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A serde_json syntax error as (its message without "at line L column C", its 1-based
/// character column in `line`, the text of the line it points into): serde_json counts bytes.
pub fn json_error_parts(e: &serde_json::Error, line: &str) -> (String, usize) {
    let message = e.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    let mut byte = e.column().min(line.len());
    while !line.is_char_boundary(byte) {
        byte -= 1;
    }
    (message, line[..byte].chars().count().max(1))
}

/// Escapes one RFC 6901 reference token: `~` as `~0`, `/` as `~1`.
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `base` with one more reference token.
pub fn pointer_push(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_pointer_token(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_place() {
        let d = Diagnostic::error(
            "data/Role.json",
            Location::Pointer("/properties/a~1b".into()),
            "bad",
        );
        assert_eq!(d.to_string(), "error: data/Role.json#/properties/a~1b: bad");
        let w = Diagnostic::warning("p.txt", Location::LineCol { line: 3, column: 7 }, "fixed");
        assert_eq!(w.to_string(), "warning: p.txt:3:7: fixed");
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer_push("/properties", "a/b~c"), "/properties/a~1b~0c");
    }
}
