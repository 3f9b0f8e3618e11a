//! Just enough RFC 3986 to resolve `$ref` and `id` the way draft-03 does, offline.
//!
//! Not the `url` crate: it follows the WHATWG URL standard (backslashes as slashes, default
//! ports dropped, paths and fragments percent-encoded) and needs an absolute base, where `$ref`
//! resolution is RFC 3986's and a schema file's base is its relative path. The test
//! `joins_as_python_jsonschema_does_where_the_url_crate_differs` shows each difference.

use crate::diag::push_pointer_token;
use serde_json::Value;

/// The scheme of a file's own URI: `vossgen:///data/Role.json` is `data/Role.json` under an
/// input root.
pub const FILE_SCHEME: &str = "vossgen:///";

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// `reference` resolved against `base`.
pub fn join(base: &str, reference: &str) -> String {
    if has_scheme(reference) {
        return normalize(reference);
    }
    let base = base.split('#').next().unwrap_or(base);
    if reference.is_empty() {
        return base.to_string();
    }
    if let Some(fragment) = reference.strip_prefix('#') {
        return format!("{base}#{fragment}");
    }
    let (authority, path) = split_authority(base);
    let scheme = authority.split("://").next().unwrap_or("");
    let joined = if reference.starts_with("//") {
        format!("{scheme}:{reference}")
    } else if reference.starts_with('/') {
        format!("{authority}{reference}")
    } else {
        let dir = match path.rfind('/') {
            Some(i) => &path[..=i],
            None => "/",
        };
        format!("{authority}{dir}{reference}")
    };
    normalize(&joined)
}

/// `("scheme://authority", "/path")`; `("", s)` when `s` has no authority.
fn split_authority(s: &str) -> (&str, &str) {
    match s.find("://") {
        Some(i) => {
            let after = &s[i + 3..];
            let slash = after.find('/').map(|j| i + 3 + j).unwrap_or(s.len());
            (&s[..slash], &s[slash..])
        }
        None => ("", s),
    }
}

/// Removes `.` and `..` path segments.
fn normalize(uri: &str) -> String {
    let (main, fragment) = match uri.split_once('#') {
        Some((m, f)) => (m, Some(f)),
        None => (uri, None),
    };
    let (prefix, path) = split_authority(main);
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
            }
            s => out.push(s),
        }
        // Keep the trailing slash of `a/.` or `a/..`.
        if i == segments.len() - 1 && (*seg == "." || *seg == "..") {
            out.push("");
        }
    }
    let mut s = format!("{prefix}{}", out.join("/"));
    if let Some(f) = fragment {
        s.push('#');
        s.push_str(f);
    }
    s
}

/// Calls `found(canonical URI, pointer)` for every schema with a string `id` in `value`, the
/// canonical URI being the `id` resolved against the enclosing base, in document order.
/// Iterative (input depth needs memory, not stack) and without a string per node: one pointer
/// buffer is cut back and extended as the walk goes.
pub fn collect_ids(
    value: &Value,
    base: &str,
    pointer: &str,
    found: &mut dyn FnMut(String, String),
) {
    enum Token<'v> {
        Root,
        Key(&'v str),
        Index(usize),
    }
    // Every base in force somewhere: the given one and each `id` resolved.
    let mut bases = vec![base.to_string()];
    let mut path = pointer.to_string();
    // (node, its token, its parent's pointer length, index of its enclosing base)
    let mut stack = vec![(value, Token::Root, path.len(), 0)];
    while let Some((value, token, parent_len, mut base)) = stack.pop() {
        path.truncate(parent_len);
        match token {
            Token::Root => {}
            Token::Key(key) => {
                path.push('/');
                push_pointer_token(&mut path, key);
            }
            Token::Index(i) => {
                path.push('/');
                path.push_str(&i.to_string());
            }
        }
        let here = path.len();
        match value {
            Value::Object(map) => {
                if let Some(id) = map.get("id").and_then(Value::as_str) {
                    let joined = join(&bases[base], id);
                    found(joined.trim_end_matches('#').to_string(), path.clone());
                    bases.push(joined);
                    base = bases.len() - 1;
                }
                // Reversed onto the stack: taken off in document order. `enum` and
                // `default` hold data, not schemas.
                for (k, v) in map.iter().rev() {
                    if k != "enum" && k != "default" && (v.is_object() || v.is_array()) {
                        stack.push((v, Token::Key(k), here, base));
                    }
                }
            }
            Value::Array(list) => {
                for (i, v) in list.iter().enumerate().rev() {
                    if v.is_object() || v.is_array() {
                        stack.push((v, Token::Index(i), here, base));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        let table = [
            (
                "http://localhost:1234/",
                "baseUriChange/",
                "http://localhost:1234/baseUriChange/",
            ),
            (
                "http://localhost:1234/baseUriChange/",
                "folderInteger.json",
                "http://localhost:1234/baseUriChange/folderInteger.json",
            ),
            (
                "http://localhost:1234/sibling_id/base/",
                "foo.json",
                "http://localhost:1234/sibling_id/base/foo.json",
            ),
            (
                "vossgen:///edge/Refs.json",
                "../shared/Contact.json",
                "vossgen:///shared/Contact.json",
            ),
            (
                "vossgen:///edge/Refs.json",
                "#/definitions/a",
                "vossgen:///edge/Refs.json#/definitions/a",
            ),
            ("vossgen:///a/b.json", "/c.json", "vossgen:///c.json"),
            ("http://x/a/b", "http://y/c#d", "http://y/c#d"),
            ("http://x/a/b", "", "http://x/a/b"),
        ];
        for (base, r, want) in table {
            assert_eq!(join(base, r), want, "join({base:?}, {r:?})");
        }
    }

    /// Why not the `url` crate: it implements the WHATWG URL standard for browsers, not RFC
    /// 3986, and resolves differently from the reference a draft-03 user compares with
    /// (python-jsonschema, through `urllib.parse.urljoin`: the expected values below are its
    /// answers); it also cannot hold a relative base such as a schema file's own path.
    #[test]
    fn joins_as_python_jsonschema_does_where_the_url_crate_differs() {
        let cases = [
            // WHATWG reads `\` as `/` in http URLs; RFC 3986 and Python keep it.
            ("http://x.y/a/b.json", "c\\d.json", "http://x.y/a/c\\d.json"),
            // WHATWG percent-encodes; the `$ref` names the file as written.
            ("http://x.y/a/b.json", "c d.json", "http://x.y/a/c d.json"),
            // WHATWG drops a scheme's default port, so that an `id` spelled with it is not
            // the URI a `$ref` resolves to any more.
            ("http://x.y:80/a/b.json", "c.json", "http://x.y:80/a/c.json"),
            // WHATWG encodes the fragment, which is a JSON pointer.
            (
                "http://x.y/a/b.json",
                "#/definitions/a b",
                "http://x.y/a/b.json#/definitions/a b",
            ),
        ];
        for (base, reference, python) in cases {
            assert_eq!(
                join(base, reference),
                python,
                "join({base:?}, {reference:?})"
            );
            let whatwg = url::Url::parse(base).unwrap().join(reference).unwrap();
            assert_ne!(
                whatwg.as_str(),
                python,
                "the url crate now agrees: {reference:?}"
            );
        }
        assert!(url::Url::parse("data/Role.json").is_err());
        assert_eq!(
            join("vossgen:///data/Role.json", "../x.json"),
            "vossgen:///x.json"
        );
    }

    fn ids(value: &Value) -> Vec<(String, String)> {
        let mut found = Vec::new();
        collect_ids(value, "vossgen:///d/M.json", "", &mut |uri, pointer| {
            found.push((uri, pointer))
        });
        found
    }

    #[test]
    fn ids_are_found_in_document_order_against_their_enclosing_base() {
        let doc = serde_json::json!({
            "id": "http://x/root/",
            "properties": {
                "a/b": {"id": "inner.json#", "items": [{"id": "#one"}, {"type": "string"}, {"id": "two"}]},
                "c~": {"properties": {"d": {"id": "d.json"}}},
                "enum": [{"id": "not-a-schema"}],
                "e": {"default": {"id": "data"}, "enum": [{"id": "data"}]}
            },
            "extends": {"id": "/abs"}
        });
        // `enum` and `default` keywords hold data; so is skipped, by its key, a property named
        // `enum` (`/properties/enum/0` is not looked at).
        let want = [
            ("http://x/root/", ""),
            ("http://x/root/inner.json", "/properties/a~1b"),
            ("http://x/root/inner.json#one", "/properties/a~1b/items/0"),
            ("http://x/root/two", "/properties/a~1b/items/2"),
            ("http://x/root/d.json", "/properties/c~0/properties/d"),
            ("http://x/abs", "/extends"),
        ]
        .map(|(u, p)| (u.to_string(), p.to_string()));
        assert_eq!(ids(&doc), want);
    }

    #[test]
    fn ids_are_collected_without_recursion() {
        let mut doc = serde_json::json!({"id": "leaf.json"});
        for _ in 0..100_000 {
            // Not `json!`, which would copy `doc` by serializing it (recursively).
            doc = Value::Object([("items".to_string(), doc)].into_iter().collect());
        }
        let found = ids(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "vossgen:///d/leaf.json");
        assert_eq!(found[0].1.len(), "/items".len() * 100_000);
        // Dropping a Value this deep recurses: leave it to the process.
        std::mem::forget(doc);
    }
}
