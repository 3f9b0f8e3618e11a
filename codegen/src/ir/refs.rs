//! `$ref` resolution against RFC 3986 base URIs (see [`super::uri`]).

use super::*;
use std::borrow::Cow;

impl<'a> IrBuilder<'a> {
    pub(super) fn shape_of_ref(&mut self, file: usize, s: &Schema, reference: &str) -> Shape {
        let Some((target_file, pointer)) = self.resolve_at(file, &s.pointer, reference) else {
            self.error(file, &pointer_push(&s.pointer, "$ref"), format!("cannot resolve `$ref` `{reference}` (remote references resolve only to files under the input roots)"));
            return Shape::Any;
        };
        let key = (target_file, pointer.clone());
        if let Some(id) = self.by_node.get(&key) {
            return Shape::Named(*id);
        }
        if self.ref_stack.contains(&key) {
            self.warning(file, &pointer_push(&s.pointer, "$ref"), format!("`$ref` `{reference}` refers back to itself without a type in between; treated as any value"));
            return Shape::Any;
        }
        let Some(node) = self.node(target_file, &pointer) else {
            self.error(
                file,
                &pointer_push(&s.pointer, "$ref"),
                format!("`$ref` `{reference}` points at nothing"),
            );
            return Shape::Any;
        };
        let (module, root_name) = self.file_homes[target_file].clone();
        self.ref_stack.push(key);
        let shape = if pointer.is_empty() {
            Shape::Named(self.named_root(target_file, &node, &module, &root_name))
        } else {
            let last = pointer.rsplit('/').next().unwrap_or("");
            let last = last.replace("~1", "/").replace("~0", "~");
            let names = vec![
                ident::type_name(&last),
                format!("{root_name}{}", ident::type_name(&last)),
            ];
            self.shape_named(target_file, &node, &module, &names, false)
        };
        self.ref_stack.pop();
        shape
    }

    /// The schema at `pointer` in a file: the file's own parsed node when the pointer is a
    /// schema place of its tree, else parsed from the raw document (refs may point into
    /// unknown keys such as `definitions`).
    pub(super) fn node(&mut self, file: usize, pointer: &str) -> Option<Cow<'a, Schema>> {
        let f: &'a SchemaFile = self.files[file];
        if let Some(found) = f.schema.find(pointer) {
            return Some(Cow::Borrowed(found));
        }
        let value = f.document.value().pointer(pointer)?;
        let mut scratch = Diagnostics::new();
        let node = schema::parse_at(&f.path, value, pointer, &mut scratch);
        // Problems inside the tree were reported when the file was read too; `generate`
        // removes the duplicates after sorting.
        self.diags.extend(scratch);
        Some(Cow::Owned(node))
    }

    /// Resolves the `$ref` found at `pointer` in `file` to (file, pointer): the reference is
    /// joined to the base URI in force there (each enclosing `id` changes it; the `$ref`
    /// node's own `id` does not), then looked up among the `id`s of every input, then as a
    /// file under an input root (`http://host/path.json` is `path.json`).
    pub(super) fn resolve_at(
        &self,
        file: usize,
        pointer: &str,
        reference: &str,
    ) -> Option<(usize, String)> {
        let base = self.base_uri(file, pointer);
        let absolute = uri::join(&base, reference);
        let (doc_uri, fragment) = absolute.split_once('#').unwrap_or((&absolute, ""));
        let fragment = percent_decode(fragment);
        let (target, prefix) = if let Some((f, p)) = self.id_index.get(doc_uri) {
            (*f, p.clone())
        } else if let Some(rel) = doc_uri.strip_prefix(uri::FILE_SCHEME) {
            (*self.rels.get(rel)?, String::new())
        } else {
            // http://host/path.json: a file at `path.json` under an input root.
            let (_, rest) = doc_uri.split_once("://")?;
            let path = rest.split_once('/').map(|(_, p)| p).unwrap_or("");
            (*self.rels.get(path)?, String::new())
        };
        if fragment.is_empty() || fragment.starts_with('/') {
            Some((target, format!("{prefix}{fragment}")))
        } else if let Some(found) = self.id_index.get(&format!("{doc_uri}#{fragment}")) {
            Some(found.clone())
        } else {
            // `#name`: a subschema with `"id": "#name"`.
            let doc = self.files[target].document.value();
            find_id(doc, &format!("#{fragment}"), "").map(|p| (target, p))
        }
    }

    /// The base URI in force at `pointer` in `file`, not counting an `id` of the node itself.
    pub(super) fn base_uri(&self, file: usize, pointer: &str) -> String {
        let f = &self.files[file];
        let mut base = format!("{}{}", uri::FILE_SCHEME, f.rel);
        let mut node = f.document.value();
        let tokens: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        for token in &tokens {
            if let Some(id) = node.get("id").and_then(Value::as_str) {
                base = uri::join(&base, id);
            }
            node = match node {
                Value::Object(map) => match map.get(token) {
                    Some(n) => n,
                    None => break,
                },
                Value::Array(list) => match token.parse::<usize>().ok().and_then(|i| list.get(i)) {
                    Some(n) => n,
                    None => break,
                },
                _ => break,
            };
        }
        base
    }
}

pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn find_id(value: &Value, id: &str, pointer: &str) -> Option<String> {
    match value {
        Value::Object(map) => {
            if map.get("id").and_then(Value::as_str) == Some(id) {
                return Some(pointer.to_string());
            }
            map.iter()
                .find_map(|(k, v)| find_id(v, id, &pointer_push(pointer, k)))
        }
        Value::Array(list) => list
            .iter()
            .enumerate()
            .find_map(|(i, v)| find_id(v, id, &pointer_push(pointer, &i.to_string()))),
        _ => None,
    }
}
