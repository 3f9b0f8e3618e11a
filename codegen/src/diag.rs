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

impl Severity {
    /// `error` or `warning`, as diagnostics are labelled.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
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
        write!(f, "{}: {}", self.severity.as_str(), self.text())
    }
}

impl Diagnostic {
    /// The same diagnostic with its file named relative to `base` when it is under it (the
    /// macro names files as its argument does, relative to the crate).
    pub fn relative_to(&self, base: &Path) -> Diagnostic {
        let mut d = self.clone();
        if let Ok(rel) = self.file.strip_prefix(base) {
            d.file = rel.to_path_buf();
        }
        d
    }

    /// The diagnostic without its severity: `data/Role.json#/properties/name/maxLength:
    /// expected a non-negative integer (line 3, column 5)`, for tools that label it themselves
    /// (Cargo's `cargo::error=`, the compiler's warnings).
    pub fn text(&self) -> String {
        let mut text = self.file.display().to_string();
        match &self.location {
            Location::File => {}
            Location::LineCol { line, column } => text.push_str(&format!(":{line}:{column}")),
            Location::Pointer(p) => {
                text.push('#');
                text.push_str(p);
            }
        }
        text.push_str(": ");
        text.push_str(&self.message);
        if let Some((line, column)) = self.position {
            text.push_str(&format!(" (line {line}, column {column})"));
        }
        text
    }

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
    pointer_positions(text, &[pointer])[0]
}

/// [`pointer_position`] of each of `pointers`, in one reading of the text: what is not on the
/// way to one of them is skipped whole. Of duplicate keys the last counts, as serde_json reads
/// them.
pub fn pointer_positions(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let offsets = pointer_offsets(text, pointers);
    // Offsets to lines and columns in one pass over the text, in offset order.
    let mut order: Vec<usize> = (0..offsets.len())
        .filter(|&i| offsets[i].is_some())
        .collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![None; pointers.len()];
    let (mut line, mut line_start, mut counted) = (1, 0, 0);
    for i in order {
        let Some(offset) = offsets[i] else { continue };
        for k in memchr::memchr_iter(b'\n', &text.as_bytes()[counted..offset]) {
            line += 1;
            line_start = counted + k + 1;
        }
        counted = offset;
        out[i] = Some((line, text[line_start..offset].chars().count() + 1));
    }
    out
}

/// What a container being read is, and how long the pointer was outside it.
enum Frame {
    Object(usize),
    Array(usize, usize),
}

/// The byte offset each of `pointers` starts at (see [`pointer_positions`]).
fn pointer_offsets(text: &str, pointers: &[&str]) -> Vec<Option<usize>> {
    use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
    let mut out = vec![None; pointers.len()];
    let mut wanted: HashMap<&str, Vec<usize>> = HashMap::default();
    // Every pointer on the way to a wanted one: only those are entered.
    let mut on_the_way: HashSet<&str> = HashSet::default();
    for (i, p) in pointers.iter().enumerate() {
        if !(p.is_empty() || p.starts_with('/')) {
            continue;
        }
        wanted.entry(p).or_default().push(i);
        on_the_way.insert("");
        for (k, _) in p.match_indices('/').skip(1) {
            on_the_way.insert(&p[..k]);
        }
    }
    if wanted.is_empty() {
        return out;
    }
    let mut scan = Scan {
        bytes: text.as_bytes(),
        at: 0,
    };
    let _ = scan.walk(&wanted, &on_the_way, &mut out);
    out
}

/// The bytes a skipped container is read for (strings, brackets), as a table: one lookup a
/// byte instead of five comparisons.
const CONTAINER_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'{' as usize] = true;
    table[b'[' as usize] = true;
    table[b'}' as usize] = true;
    table[b']' as usize] = true;
    table
};

/// A cursor over JSON text for [`pointer_positions`].
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scan<'a> {
    /// Reads the document, recording where each wanted pointer starts; `None` at malformed
    /// text (what was recorded before stays).
    fn walk(
        &mut self,
        wanted: &rustc_hash::FxHashMap<&str, Vec<usize>>,
        on_the_way: &rustc_hash::FxHashSet<&str>,
        out: &mut [Option<usize>],
    ) -> Option<()> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut path = String::new();
        // The pointers on the way already entered: entered again (a duplicate key), what was
        // found under the first is forgotten, as serde_json keeps only the last.
        let mut entered_before: rustc_hash::FxHashSet<String> = Default::default();
        self.space();
        let mut start = self.at;
        loop {
            // At a value whose pointer is `path`; its member's key (or itself) is at `start`.
            if let Some(indices) = wanted.get(path.as_str()) {
                for &i in indices {
                    out[i] = Some(start);
                }
            }
            let mut entered = false;
            if on_the_way.contains(path.as_str()) {
                if !entered_before.insert(path.clone()) {
                    for (p, indices) in wanted {
                        if p.len() > path.len()
                            && p.starts_with(path.as_str())
                            && p.as_bytes()[path.len()] == b'/'
                        {
                            for &i in indices {
                                out[i] = None;
                            }
                        }
                    }
                }
                match self.bytes.get(self.at)? {
                    b'{' => {
                        self.at += 1;
                        stack.push(Frame::Object(path.len()));
                        entered = true;
                    }
                    b'[' => {
                        self.at += 1;
                        stack.push(Frame::Array(path.len(), 0));
                        entered = true;
                    }
                    _ => {}
                }
            }
            if !entered {
                self.skip_value()?;
            }
            // The next value: the first of a container just entered, or the one after.
            let mut first = entered;
            loop {
                self.space();
                let frame = stack.last_mut()?;
                let (len, closer) = match frame {
                    Frame::Object(len) => (*len, b'}'),
                    Frame::Array(len, _) => (*len, b']'),
                };
                path.truncate(len);
                let b = *self.bytes.get(self.at)?;
                if b == closer {
                    self.at += 1;
                    stack.pop();
                    if stack.is_empty() {
                        return Some(());
                    }
                    first = false;
                    continue;
                }
                if !first {
                    (b == b',').then_some(())?;
                    self.at += 1;
                    self.space();
                }
                match frame {
                    Frame::Object(_) => {
                        start = self.at;
                        let key = self.key()?;
                        self.space();
                        (self.bytes.get(self.at) == Some(&b':')).then_some(())?;
                        self.at += 1;
                        self.space();
                        path.push('/');
                        push_pointer_token(&mut path, &key);
                    }
                    Frame::Array(_, index) => {
                        if !first {
                            *index += 1;
                        }
                        start = self.at;
                        path.push('/');
                        path.push_str(&index.to_string());
                    }
                }
                break;
            }
        }
    }

    /// A key: the string token, decoded (borrowed when it has no escape); the cursor ends
    /// after it.
    fn key(&mut self) -> Option<std::borrow::Cow<'a, str>> {
        let bytes: &'a [u8] = self.bytes;
        let start = self.at;
        self.skip_string()?;
        let raw = &bytes[start + 1..self.at - 1];
        if !raw.contains(&b'\\') {
            return std::str::from_utf8(raw)
                .ok()
                .map(std::borrow::Cow::Borrowed);
        }
        serde_json::from_slice(&bytes[start..self.at])
            .ok()
            .map(std::borrow::Cow::Owned)
    }

    fn space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        (self.bytes.get(self.at) == Some(&b'"')).then_some(())?;
        self.at += 1;
        loop {
            let rest = self.bytes.get(self.at..)?;
            let k = memchr::memchr2(b'"', b'\\', rest)?;
            self.at += k;
            if rest[k] == b'"' {
                self.at += 1;
                return Some(());
            }
            self.at += 2;
        }
    }

    /// Skips one value of any depth (bracket counting, strings skipped whole).
    fn skip_value(&mut self) -> Option<()> {
        match self.bytes.get(self.at)? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    let rest = self.bytes.get(self.at..)?;
                    self.at += rest.iter().position(|&b| CONTAINER_BYTES[usize::from(b)])?;
                    match self.bytes[self.at] {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        _ => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
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
        // The diagnostics to place, by file: each file is read, and scanned, once.
        let mut by_file: std::collections::BTreeMap<PathBuf, Vec<usize>> = Default::default();
        for (i, d) in self.items.iter().enumerate() {
            if matches!(d.location, Location::Pointer(_)) && d.position.is_none() {
                by_file.entry(d.file.clone()).or_default().push(i);
            }
        }
        for (file, items) in by_file {
            let Some(text) = read(&file) else { continue };
            let pointers: Vec<&str> = items
                .iter()
                .map(|&i| match &self.items[i].location {
                    Location::Pointer(p) => p.as_str(),
                    _ => "",
                })
                .collect();
            let positions = pointer_positions(text.trim_start_matches('\u{feff}'), &pointers);
            for (i, position) in items.into_iter().zip(positions) {
                self.items[i].position = position;
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
    let mut out = String::with_capacity(token.len());
    push_pointer_token(&mut out, token);
    out
}

/// Appends `token` escaped as a JSON Pointer reference token (`~` -> `~0`, `/` -> `~1`).
pub fn push_pointer_token(out: &mut String, token: &str) {
    let mut rest = token;
    while let Some(at) = rest.find(['~', '/']) {
        out.push_str(&rest[..at]);
        out.push_str(if rest.as_bytes()[at] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// `base` with one more reference token.
pub fn pointer_push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + 1 + token.len());
    out.push_str(base);
    out.push('/');
    push_pointer_token(&mut out, token);
    out
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
        // All at once, in any order, repeated, with one that is not a pointer: the same.
        let all = [
            "/a/b/2/0", "", "/f", "/a/d~1e", "/nope", "/a/b/1/c", "/a", "/a/b/0", "/a/b/3", "/a",
            "x", "/a/b", "/a/b/2",
        ];
        let one_by_one: Vec<_> = all.iter().map(|p| at(p)).collect();
        assert_eq!(super::pointer_positions(text, &all), one_by_one);
        // Under a duplicate key only the last occurrence counts.
        let text = "{\"a\": {\"b\": 1}, \"a\": {\"c\": 2}}";
        assert_eq!(
            super::pointer_positions(text, &["/a/b", "/a/c", "/a"]),
            [None, Some((1, 23)), Some((1, 17))]
        );
        // Escaped keys are matched decoded; a key with `~` and `/` is escaped in the pointer.
        let text = "{\"a\\\"b\": {\"~x/y\": [true, {\"k\": null}]}}";
        assert_eq!(
            super::pointer_positions(text, &["/a\"b/~0x~1y/1/k", "/a\"b"]),
            [Some((1, 27)), Some((1, 2))]
        );
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
