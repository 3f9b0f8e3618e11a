//! Finding and reading the input files. This and [`crate::output`] are the only places that
//! touch the file system.

use crate::api::{ApiFile, ADD_FORM_SUFFIX, API_SUFFIX, EXAMPLES_SUFFIX};
use crate::diag::{Diagnostic, Diagnostics, Location};
pub mod schema;

use schema::Schema;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One schema file, read and parsed.
#[derive(Clone, Debug)]
pub struct SchemaFile {
    /// Path relative to its input root, `/`-separated: `data/Role.json`.
    pub rel: String,
    /// The path as found on disk (for messages and `rerun-if-changed`).
    pub path: PathBuf,
    /// The schema as written.
    pub schema: Schema,
    /// The raw document, for resolving `$ref` pointers into non-schema places.
    pub document: Document,
    /// The operations sidecar, when there is one.
    pub api: Option<ApiFile>,
    /// The add form's schema (`<name>.add.json` beside it, as `vossgen pull` writes where the
    /// server's add form differs from the details): what creating an instance sends.
    pub add_form: Option<Box<SchemaFile>>,
}

impl SchemaFile {
    /// Whether vossgen supplied it (the draft-03 meta-schema), not an input root.
    pub fn is_built_in(&self) -> bool {
        self.path.starts_with(BUILT_IN_DIR)
    }
}

/// A schema file's raw JSON, which `$ref`s resolve in: pointers into places the schema model
/// does not hold (`definitions`, any key), `id`s and the base URIs they set.
///
/// A document with no `$ref` and no `id` of its own needs its JSON only if another file refers
/// into it: it keeps its text instead (a parsed `Value` costs several times the text; on a
/// thousand VOSS-sized models, most of the reading stage's memory), parsed again on first use.
#[derive(Clone, Debug)]
pub struct Document {
    value: std::sync::OnceLock<Value>,
    /// The text of a document not kept parsed.
    text: Option<Box<str>>,
}

impl Document {
    /// A document kept parsed.
    pub fn parsed(value: Value) -> Document {
        Document {
            value: std::sync::OnceLock::from(value),
            text: None,
        }
    }

    /// `value` read from `text`: kept parsed when it has a `$ref` or an `id` (its own
    /// references and ids are resolved whatever refers to it), as text otherwise.
    fn read(text: String, value: Value) -> Document {
        if has_refs_or_ids(&value) {
            Document::parsed(value)
        } else {
            Document {
                value: std::sync::OnceLock::new(),
                text: Some(text.into_boxed_str()),
            }
        }
    }

    /// The JSON (parsed again from its text on first use, when it was not kept parsed).
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            // The text parsed when it was read.
            (self.text.as_deref())
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or(Value::Null)
        })
    }

    /// The JSON when the document has a `$ref` or an `id` of its own; `None` when it has
    /// neither (so nothing in it needs resolving unless another file refers into it).
    pub fn with_refs_or_ids(&self) -> Option<&Value> {
        match self.text {
            None => self.value.get(),
            Some(_) => None,
        }
    }
}

/// Whether `value` has a `$ref` member or a string `id` member anywhere (data in `enum` and
/// `default` included: a cheap over-approximation).
fn has_refs_or_ids(value: &Value) -> bool {
    any_object(value, |map| {
        map.contains_key("$ref") || map.get("id").is_some_and(Value::is_string)
    })
}

/// Whether any object in `value`, itself included, satisfies `test` (without recursion: input
/// may nest deeper than the stack allows).
fn any_object(value: &Value, test: impl Fn(&serde_json::Map<String, Value>) -> bool) -> bool {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if test(map) {
                    return true;
                }
                stack.extend(map.values());
            }
            Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
    false
}

/// The directory that built-in schemas' paths name.
const BUILT_IN_DIR: &str = "<built-in>";

/// An operations sidecar without a schema of its own (e.g. the V-Spark `/config` routes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiOnly {
    /// Path relative to its input root.
    pub rel: String,
    /// The path on disk.
    pub path: PathBuf,
    /// Its contents.
    pub api: ApiFile,
}

/// Everything read from the inputs.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// Schema files, sorted by `rel` (then root order).
    pub files: Vec<SchemaFile>,
    /// Sidecars with no schema beside them.
    pub api_only: Vec<ApiOnly>,
    /// Every file read.
    pub read_files: Vec<PathBuf>,
    /// Every directory walked.
    pub dirs: Vec<PathBuf>,
}

/// Reads every input root. Problems are collected, never fatal to the other files.
pub fn read_inputs(roots: &[PathBuf], diags: &mut Diagnostics) -> Inputs {
    let mut inputs = Inputs::default();
    for root in roots {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                diags.push(Diagnostic::error(
                    root,
                    Location::File,
                    format!("cannot read input: {e}"),
                ));
                continue;
            }
        };
        let mut found = Vec::new();
        if meta.is_dir() {
            let mut ancestors = Vec::new();
            walk(
                root,
                root,
                &mut ancestors,
                &mut found,
                &mut inputs.dirs,
                diags,
            );
        } else {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            found.push((name, root.clone()));
        }
        found.sort();
        load_root(found, &mut inputs, diags);
    }
    add_builtins(&mut inputs, diags);
    inputs.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    inputs.api_only.sort_by(|a, b| a.rel.cmp(&b.rel));
    inputs
}

impl Inputs {
    /// One schema given as a document, named `name` (a file name such as `schema.json`), as if
    /// read from a file of that name.
    pub fn from_document(name: &str, document: Value, diags: &mut Diagnostics) -> Inputs {
        let path = PathBuf::from(name);
        let schema = schema::parse(&path, &document, diags);
        let mut inputs = Inputs {
            files: vec![SchemaFile {
                rel: name.to_string(),
                path,
                schema,
                document: Document::parsed(document),
                api: None,
                add_form: None,
            }],
            ..Inputs::default()
        };
        add_builtins(&mut inputs, diags);
        inputs
    }
}

/// The id of the draft-03 meta-schema, which vossgen has built in.
pub const DRAFT3_META_ID: &str = "http://json-schema.org/draft-03/schema";
const DRAFT3_META: &str = include_str!("draft-03-schema.json");
const DRAFT3_META_REL: &str = "json-schema.org/draft-03/schema.json";

/// Adds the built-in draft-03 meta-schema when an input refers to it by its id and no input is
/// it: resolving it needs no network. It is generated like any other file
/// (`json_schema_org::draft_03::Schema`).
fn add_builtins(inputs: &mut Inputs, diags: &mut Diagnostics) {
    let referenced = inputs
        .files
        .iter()
        .any(|f| (f.document.with_refs_or_ids()).is_some_and(|d| refers_to(d, DRAFT3_META_ID)));
    let present = inputs
        .files
        .iter()
        .any(|f| f.schema.id.as_deref().map(|i| i.trim_end_matches('#')) == Some(DRAFT3_META_ID));
    if !referenced || present {
        return;
    }
    let path = PathBuf::from(format!("{BUILT_IN_DIR}/{DRAFT3_META_REL}"));
    match serde_json::from_str::<Value>(DRAFT3_META) {
        Ok(document) => {
            let schema = schema::parse(&path, &document, diags);
            inputs.files.push(SchemaFile {
                rel: DRAFT3_META_REL.to_string(),
                path,
                schema,
                document: Document::parsed(document),
                api: None,
                add_form: None,
            });
        }
        Err(e) => diags.push(Diagnostic::error(
            &path,
            Location::File,
            format!("the built-in meta-schema does not parse: {e}"),
        )),
    }
}

/// Whether any `$ref` in `value` points into the document with URI `id`.
fn refers_to(value: &Value, id: &str) -> bool {
    any_object(value, |map| {
        (map.get("$ref").and_then(Value::as_str)).is_some_and(|r| r.split('#').next() == Some(id))
    })
}

/// Collects the `*.json` files under `dir`, in sorted order. Hidden entries (`.git`,
/// `.vscode/settings.json`) are not inputs. Symbolic links are followed, except one that leads
/// back into a directory being walked (`ancestors`, canonical paths), which would never end.
fn walk(
    root: &Path,
    dir: &Path,
    ancestors: &mut Vec<PathBuf>,
    found: &mut Vec<(String, PathBuf)>,
    dirs: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if ancestors.contains(&canonical) {
        diags.push(Diagnostic::warning(
            dir,
            Location::File,
            format!(
                "skipped: a symbolic link back to `{}`, which is already being read",
                canonical.display()
            ),
        ));
        return;
    }
    dirs.push(dir.to_path_buf());
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::error(
                dir,
                Location::File,
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    ancestors.push(canonical);
    for path in paths {
        if path.is_dir() {
            walk(root, &path, ancestors, found, dirs, diags);
        } else if path.extension().is_some_and(|e| e == "json") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            found.push((rel, path));
        }
    }
    ancestors.pop();
}

/// The JSON of the file at `path`, with the text it was parsed from (without a byte-order
/// mark); an error for a file that cannot be read or is not JSON.
fn read_json_text(path: &Path, diags: &mut Diagnostics) -> Option<(String, Value)> {
    let text = read_text(path, diags)?;
    let value = parse_json(path, &text, diags)?;
    Some((text, value))
}

/// The text of the file at `path`, without a byte-order mark; an error if it cannot be read.
fn read_text(path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                Location::File,
                format!("cannot read: {e}"),
            ));
            return None;
        }
    };
    // A byte-order mark (as some Windows editors save UTF-8) is not part of the JSON.
    match text.strip_prefix('\u{feff}') {
        Some(rest) => Some(rest.to_string()),
        None => Some(text),
    }
}

/// The JSON of `text` (the file at `path`); an error at its line and column if it is not JSON.
fn parse_json(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Value> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line_text = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
            let (message, column) = crate::diag::json_error_parts(&e, line_text);
            diags.push(Diagnostic::error(
                path,
                Location::LineCol {
                    line: e.line(),
                    column,
                },
                format!("invalid JSON: {message}"),
            ));
            None
        }
    }
}

/// The operations sidecars under an input root, in path order (what `vossgen pull --refresh`
/// pulls again); problems are reported as for [`read_inputs`].
pub fn read_sidecars(root: &Path, diags: &mut Diagnostics) -> Vec<ApiFile> {
    let mut found = Vec::new();
    walk(
        root,
        root,
        &mut Vec::new(),
        &mut found,
        &mut Vec::new(),
        diags,
    );
    found.sort();
    let mut read = Vec::new();
    sidecars(&found, &mut read, diags)
        .into_values()
        .map(|(_, _, api)| api)
        .collect()
}

/// The sidecars among `found`, by path without their suffix, each read and checked.
type Sidecars = std::collections::BTreeMap<String, (String, PathBuf, ApiFile)>;

fn sidecars(
    found: &[(String, PathBuf)],
    read: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> Sidecars {
    let mut apis = Sidecars::new();
    for (rel, path) in found {
        if let Some(stem) = rel.strip_suffix(API_SUFFIX) {
            read.push(path.clone());
            let Some(text) = read_text(path, diags) else {
                continue;
            };
            // Read straight into its type; only a file that is not one is read as JSON again,
            // for the error's place.
            let parsed = match serde_json::from_str::<ApiFile>(&text) {
                Ok(api) => Ok(api),
                Err(_) => match parse_json(path, &text, diags) {
                    Some(value) => serde_path_to_api(&value),
                    None => continue,
                },
            };
            match parsed {
                Ok(api) => {
                    if check_operation_names(path, &api, diags) {
                        apis.insert(stem.to_string(), (rel.clone(), path.clone(), api));
                    }
                }
                Err((pointer, message)) => {
                    diags.push(Diagnostic::error(path, Location::Pointer(pointer), message))
                }
            }
        }
    }
    apis
}

fn load_root(found: Vec<(String, PathBuf)>, inputs: &mut Inputs, diags: &mut Diagnostics) {
    let mut apis = sidecars(&found, &mut inputs.read_files, diags);
    let mut add_forms: std::collections::BTreeMap<String, (String, PathBuf)> = found
        .iter()
        .filter_map(|(rel, path)| {
            let stem = rel.strip_suffix(ADD_FORM_SUFFIX)?;
            Some((stem.to_string(), (rel.clone(), path.clone())))
        })
        .collect();
    for (rel, path) in found {
        if rel.ends_with(API_SUFFIX)
            || rel.ends_with(EXAMPLES_SUFFIX)
            || rel.ends_with(ADD_FORM_SUFFIX)
        {
            continue;
        }
        inputs.read_files.push(path.clone());
        let Some((text, document)) = read_json_text(&path, diags) else {
            continue;
        };
        let schema = schema::parse(Path::new(&path), &document, diags);
        let document = Document::read(text, document);
        let stem = rel.strip_suffix(".json").unwrap_or(&rel).to_string();
        let api = apis.remove(&stem).map(|(_, _, api)| api);
        let add_form = add_forms.remove(&stem).and_then(|(rel, path)| {
            inputs.read_files.push(path.clone());
            let (text, document) = read_json_text(&path, diags)?;
            let schema = schema::parse(Path::new(&path), &document, diags);
            let document = Document::read(text, document);
            Some(Box::new(SchemaFile {
                rel,
                path,
                schema,
                document,
                api: None,
                add_form: None,
            }))
        });
        inputs.files.push(SchemaFile {
            rel,
            path,
            schema,
            document,
            api,
            add_form,
        });
    }
    for (_, (_, path)) in add_forms {
        inputs.read_files.push(path.clone());
        diags.push(Diagnostic::warning(
            &path,
            Location::File,
            "an add form without its model's schema beside it (the same name without `.add`): ignored",
        ));
    }
    for (_, (rel, path, api)) in apis {
        inputs.api_only.push(ApiOnly { rel, path, api });
    }
}

/// Checks that each operation's name makes its own Rust item: unique per model once written
/// as an identifier, and not `new`, which the model's constructor owns. Reports every clash
/// and returns whether there was none.
fn check_operation_names(path: &Path, api: &ApiFile, diags: &mut Diagnostics) -> bool {
    use std::collections::btree_map::Entry;
    let mut seen = std::collections::BTreeMap::new();
    let mut ok = true;
    for (i, op) in api.operations.iter().enumerate() {
        let name = crate::ident::value_name(&op.name);
        let pointer = format!("/operations/{i}/name");
        let message = if name == "new" {
            Some(format!(
                "operation name `{}` is reserved for the model's constructor; choose another",
                op.name
            ))
        } else {
            match seen.entry(name) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                    None
                }
                Entry::Occupied(first) => Some(format!(
                    "operation name `{}` gives the function `{}`, as /operations/{}/name does; names must be unique per model",
                    op.name,
                    first.key(),
                    first.get()
                )),
            }
        };
        if let Some(message) = message {
            diags.push(Diagnostic::error(path, Location::Pointer(pointer), message));
            ok = false;
        }
    }
    ok
}

/// Decodes a sidecar, naming the place of the problem as a JSON pointer.
fn serde_path_to_api(value: &Value) -> Result<ApiFile, (String, String)> {
    serde_path_to_error::deserialize::<_, ApiFile>(value).map_err(|e| {
        let pointer: String = e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            })
            .map(|t| format!("/{}", crate::diag::escape_pointer_token(&t)))
            .collect();
        (
            pointer,
            format!("not a vossgen operations file: {}", e.inner()),
        )
    })
}

/// Gives pointer diagnostics their line and column, reading each file they name once (only
/// `.json` inputs: pages are located by line already).
pub fn locate(diags: &mut Diagnostics) {
    diags.locate(|path| {
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::read_to_string(path).ok()
        } else {
            None
        }
    });
}

#[cfg(test)]
mod tests {
    use super::Document;
    use serde_json::json;

    #[test]
    fn documents_without_refs_or_ids_keep_their_text_and_parse_it_when_asked() {
        let plain = json!({"properties": {"id": {"type": "string"}, "a": {"enum": [1]}}});
        let doc = Document::read(plain.to_string(), plain.clone());
        assert!(doc.with_refs_or_ids().is_none());
        assert_eq!(doc.value(), &plain);
        for kept in [
            json!({"properties": {"a": {"$ref": "B.json"}}}),
            json!({"items": [{"id": "#item"}]}),
        ] {
            let doc = Document::read(kept.to_string(), kept.clone());
            assert_eq!(doc.with_refs_or_ids(), Some(&kept));
            assert_eq!(doc.value(), &kept);
        }
    }
}
