//! Just enough RFC 3986 to resolve `$ref` and `id` the way draft-03 does, offline.

use crate::diag::pointer_push;
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
/// canonical URI being the `id` resolved against the enclosing base.
pub fn collect_ids(
    value: &Value,
    base: &str,
    pointer: &str,
    found: &mut dyn FnMut(String, String),
) {
    match value {
        Value::Object(map) => {
            let mut base = base.to_string();
            if let Some(id) = map.get("id").and_then(Value::as_str) {
                base = join(&base, id);
                found(base.trim_end_matches('#').to_string(), pointer.to_string());
            }
            for (k, v) in map {
                // `enum` and `default` hold data, not schemas.
                if k == "enum" || k == "default" {
                    continue;
                }
                collect_ids(v, &base, &pointer_push(pointer, k), found);
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                collect_ids(v, base, &pointer_push(pointer, &i.to_string()), found);
            }
        }
        _ => {}
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
}
