//! Paths and Rust types as text: how one generated module names another's items.

use super::*;

impl Cx<'_> {
    /// The path from module `from` to module `target`, ending in `::`: relative within one
    /// crate (`super::shared::`; `self::` for `from` itself unless `no_self`: in the derive's
    /// blocks `self` is the enclosing module), and through the part's crate name when `target`
    /// is in another crate part (`::NAME_shared::shared::`).
    pub(super) fn module_prefix(
        &self,
        target: &[String],
        from: &[String],
        no_self: bool,
    ) -> String {
        if let Some(parts) = &self.plan.parts {
            if let Some(there) = parts.of_module(target) {
                if parts.of_module(from) != Some(there) {
                    let mut path = format!("::{}::", parts.parts[there].lib);
                    for m in target {
                        path.push_str(m);
                        path.push_str("::");
                    }
                    return path;
                }
            }
        }
        let common = from.iter().zip(target).take_while(|(a, b)| a == b).count();
        let ups = from.len() - common;
        let mut path = if ups == 0 && !no_self {
            "self::".to_string()
        } else {
            "super::".repeat(ups)
        };
        for m in &target[common..] {
            path.push_str(m);
            path.push_str("::");
        }
        path
    }

    /// The path from module `from` to type `id`.
    pub(super) fn type_path_text(&self, id: TypeId, from: &[String]) -> String {
        let t = self.space.get(id);
        let mut path = self.module_prefix(&t.module, from, false);
        path.push_str(&t.name);
        path
    }

    /// The Rust type of `shape`, as seen from module `from`.
    pub(super) fn shape_text(&self, shape: &Shape, from: &[String]) -> String {
        let rt = &self.rt_text;
        match shape {
            Shape::String => "::std::string::String".to_string(),
            // Any size, written back as read (an `i64` would refuse valid integers beyond it).
            Shape::Integer => format!("{rt}::Integer"),
            // JSON's number as written: `30` stays `30` and `30.0` stays `30.0` when written
            // back (an `f64` would make both `30.0`).
            Shape::Number => format!("{rt}::serde_json::Number"),
            Shape::Boolean => "bool".to_string(),
            Shape::Null => "()".to_string(),
            Shape::Any => format!("{rt}::serde_json::Value"),
            Shape::Object => {
                format!("{rt}::serde_json::Map<::std::string::String, {rt}::serde_json::Value>")
            }
            Shape::Secret => format!("{rt}::Secret"),
            Shape::Reference(marker) => {
                format!("{rt}::Reference<{}>", self.type_path_text(*marker, from))
            }
            Shape::Named(id) => self.type_path_text(*id, from),
            Shape::Array(item) => format!("::std::vec::Vec<{}>", self.shape_text(item, from)),
            Shape::Map(value) => format!(
                "{rt}::IndexMap<::std::string::String, {}>",
                self.shape_text(value, from)
            ),
            Shape::Boxed(inner) => format!("::std::boxed::Box<{}>", self.shape_text(inner, from)),
        }
    }

    /// Whether JSON `null` is a value of this shape. Walks unions and newtypes without
    /// recursion, each type once (a union may hold itself: `type: [{…}, {"$ref": "#"}]`).
    pub(super) fn admits_null(&self, shape: &Shape) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![shape];
        while let Some(shape) = stack.pop() {
            match shape {
                Shape::Null | Shape::Any => return true,
                Shape::Boxed(inner) => stack.push(inner),
                Shape::Named(id) if seen.insert(*id) => match &self.space.get(*id).kind {
                    TypeKind::Union(variants) => stack.extend(variants.iter().map(|(_, s)| s)),
                    TypeKind::Newtype(inner) => stack.push(inner),
                    _ => {}
                },
                _ => {}
            }
        }
        false
    }

    /// `#[derive(...)]` of `base` and the `extra_derive` setting, each trait once (by its last
    /// path segment: `Eq` and `::std::cmp::Eq` are the same derive); extra derives of the traits
    /// in `by_hand` are left out (the emitter implements those). Empty when there is none.
    pub(super) fn derive_attr(&self, base: &[&str], by_hand: &[&str]) -> String {
        let last = |p: &str| p.rsplit("::").next().unwrap_or(p).to_string();
        let mut paths: Vec<&str> = base.to_vec();
        for extra in &self.extra_derives {
            let l = last(extra);
            if !by_hand.contains(&l.as_str()) && !paths.iter().any(|p| last(p) == l) {
                paths.push(extra);
            }
        }
        if paths.is_empty() {
            return String::new();
        }
        format!("#[derive({})]", paths.join(", "))
    }
}

pub(super) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
