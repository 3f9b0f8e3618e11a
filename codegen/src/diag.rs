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
    /// For a [`Location::Pointer`], the 1-based line and column where the pointed-at member
    /// (its key) or item starts in the file, once [`Diagnostics::locate`] has read it.
    pub position: Option<(usize, usize)>,
}

impl Diagnostic {
    /// An error at `location` in `file`.
    pub fn error(file: impl AsRef<Path>, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            location,
            message: message.into(),
            position: None,
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
        write!(f, ": {}", self.message)?;
        if let Some((line, column)) = self.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The 1-based line and column of the diagnostic: its own for [`Location::LineCol`], the
    /// located one for a pointer.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match &self.location {
            Location::LineCol { line, column } => Some((*line, *column)),
            _ => self.position,
        }
    }
}

/// Where the value at JSON pointer `pointer` starts in the JSON document `text`: the 1-based
/// line and column (in characters) of its member's key, or of the item or root value itself.
/// `None` when the text does not hold that pointer. Reads the text once, without recursion.
pub fn pointer_position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut scan = Scan { bytes, at: 0 };
    scan.space();
    let mut start = scan.at;
    if !pointer.is_empty() {
        let tokens = pointer.strip_prefix('/')?.split('/');
        for token in tokens {
            let token = token.replace("~1", "/").replace("~0", "~");
            match bytes.get(scan.at)? {
                b'{' => {
                    scan.at += 1;
                    let mut found = None;
                    loop {
                        scan.space();
                        if bytes.get(scan.at) == Some(&b'}') {
                            scan.at += 1;
                            break;
                        }
                        let key_at = scan.at;
                        let key = scan.string()?;
                        scan.space();
                        (bytes.get(scan.at) == Some(&b':')).then_some(())?;
                        scan.at += 1;
                        scan.space();
                        // The last of duplicate keys wins, as serde_json reads them.
                        if key == token {
                            found = Some((key_at, scan.at));
                        }
                        scan.skip_value()?;
                        scan.space();
                        match bytes.get(scan.at)? {
                            b',' => scan.at += 1,
                            b'}' => {
                                scan.at += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                    let (key_at, value_at) = found?;
                    start = key_at;
                    scan.at = value_at;
                }
                b'[' => {
                    let index: usize = token.parse().ok()?;
                    scan.at += 1;
                    for _ in 0..index {
                        scan.space();
                        scan.skip_value()?;
                        scan.space();
                        (bytes.get(scan.at) == Some(&b',')).then_some(())?;
                        scan.at += 1;
                    }
                    scan.space();
                    if bytes.get(scan.at) == Some(&b']') {
                        return None;
                    }
                    start = scan.at;
                }
                _ => return None,
            }
        }
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line, column))
}

/// A cursor over JSON text for [`pointer_position`].
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scan<'_> {
    fn space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string token, decoded; the cursor ends after it.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.skip_string()?;
        serde_json::from_slice(&self.bytes[start..self.at]).ok()
    }

    fn skip_string(&mut self) -> Option<()> {
        (self.bytes.get(self.at) == Some(&b'"')).then_some(())?;
        self.at += 1;
        loop {
            match self.bytes.get(self.at)? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }

    /// Skips one value of any depth (bracket counting, strings skipped whole).
    fn skip_value(&mut self) -> Option<()> {
        match self.bytes.get(self.at)? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.bytes.get(self.at)? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                // A number or literal runs to the next delimiter.
                let start = self.at;
                while !matches!(
                    self.bytes.get(self.at),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
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

    /// Gives each pointer diagnostic its line and column ([`Diagnostic::position`]), reading
    /// each file it names once through `read` (the edge that may read files, see
    /// `source::locate`). Files `read` cannot give, or pointers the text does not hold, keep
    /// their pointer alone.
    pub fn locate(&mut self, mut read: impl FnMut(&Path) -> Option<String>) {
        let mut texts: std::collections::HashMap<PathBuf, Option<String>> =
            std::collections::HashMap::new();
        for d in &mut self.items {
            let Location::Pointer(pointer) = &d.location else {
                continue;
            };
            if d.position.is_some() {
                continue;
            }
            let text = texts.entry(d.file.clone()).or_insert_with(|| read(&d.file));
            if let Some(text) = text {
                d.position = pointer_position(text.trim_start_matches('\u{feff}'), pointer);
            }
        }
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
    fn locate_reads_each_file_once_and_keeps_pointers_it_cannot_place() {
        let mut diags = Diagnostics::new();
        let at = |file: &str, pointer: &str| {
            Diagnostic::error(file, Location::Pointer(pointer.into()), "m")
        };
        diags.push(at("a.json", "/x"));
        diags.push(at("a.json", "/missing"));
        diags.push(at("gone.json", "/x"));
        diags.push(Diagnostic::error("a.json", Location::File, "m"));
        let mut reads = Vec::new();
        diags.locate(|path| {
            reads.push(path.to_path_buf());
            (path == Path::new("a.json")).then(|| "\u{feff}{\n \"x\": 1}".to_string())
        });
        assert_eq!(reads, [PathBuf::from("a.json"), PathBuf::from("gone.json")]);
        let positions: Vec<_> = diags.iter().map(|d| d.position).collect();
        assert_eq!(positions, [Some((2, 2)), None, None, None]);
        assert!(diags
            .iter()
            .next()
            .unwrap()
            .to_string()
            .ends_with("m (line 2, column 2)"));
    }

    #[test]
    fn pointers_are_located_in_the_text() {
        let text = "{\n  \"a\": {\"b\": [1, {\"c\": \"x,}]\"}, [2]],\n   \"d/e\": 3},\n  \"f\": true, \"f\": 4\n}";
        let at = |p: &str| super::pointer_position(text, p);
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/a"), Some((2, 3)));
        assert_eq!(at("/a/b"), Some((2, 9)));
        assert_eq!(at("/a/b/0"), Some((2, 15)));
        assert_eq!(at("/a/b/1/c"), Some((2, 19)));
        assert_eq!(at("/a/b/2"), Some((2, 33)));
        assert_eq!(at("/a/b/2/0"), Some((2, 34)));
        assert_eq!(at("/a/d~1e"), Some((3, 4)));
        // The last of duplicate keys, as serde_json reads them.
        assert_eq!(at("/f"), Some((4, 14)));
        assert_eq!(at("/a/b/3"), None);
        assert_eq!(at("/nope"), None);
        assert_eq!(super::pointer_position("{\"a\": [", "/a/0"), None);
    }

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
