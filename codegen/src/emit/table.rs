//! Schema tables: each module's schema nodes as one `vossgen_runtime::validate::Table`, a JSON
//! text of [`NodeSpec`]s that the runtime builds into nodes on first use.
//!
//! Layout: a module's table lists its nodes so that every subschema comes before the node
//! that contains it (post-order from the module's nodes, by name). A subschema that lives in
//! another module, or that would close a cycle, is reached through a local entry that is only a
//! `$ref` to it: `$ref`s are followed lazily, so tables may refer to each other and to
//! themselves. The layout is computed once for the whole space and does not depend on the
//! order of traversal beyond the sorted roots, so the text is the same whatever emits it.

use super::code::{tokens, Code};
use super::Cx;
use crate::ir::{AdditionalDef, DependencyDef, ItemsDef, NodeDef, NodeId, TypeSpace};
use proc_macro2::TokenStream;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use vossgen_runtime::validate::{
    AdditionalSpec, DependencySpec, ItemsSpec, NodeSpec, PropertySpec, SpecLink,
};

/// The name of the hidden module holding a module's schema table.
pub const SCHEMA_MODULE: &str = "__schema";

/// One entry of a module's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    /// The node itself.
    Node(NodeId),
    /// Only a `$ref` to the node (which lives elsewhere, or encloses this place).
    Proxy(NodeId),
}

/// Every module's table layout.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    entries: HashMap<Vec<String>, Vec<Entry>>,
    /// The modules that have nodes, sorted.
    modules: Vec<Vec<String>>,
    /// Where each node's own entry is.
    home: HashMap<NodeId, u32>,
}

impl Tables {
    /// The layout of every module's nodes, each module's roots sorted by node name.
    pub(super) fn new(space: &TypeSpace) -> Self {
        let mut by_module: HashMap<&[String], Vec<NodeId>> = HashMap::default();
        for (i, n) in space.nodes.iter().enumerate() {
            by_module.entry(&n.module).or_default().push(NodeId(i));
        }
        let mut tables = Tables::default();
        let mut modules: Vec<&[String]> = by_module.keys().copied().collect();
        modules.sort();
        for module in modules {
            let mut roots = by_module
                .get_mut(module)
                .map(std::mem::take)
                .unwrap_or_default();
            roots.sort_by(|a, b| space.node(*a).name.cmp(&space.node(*b).name));
            let entries = layout(space, module, &roots, &mut tables.home);
            tables.entries.insert(module.to_vec(), entries);
            tables.modules.push(module.to_vec());
        }
        tables
    }

    /// Index of node `id` in its module's table.
    pub(super) fn index(&self, id: NodeId) -> u32 {
        // Every node of the space has a home: `new` lays out every module's nodes.
        self.home.get(&id).copied().unwrap_or(0)
    }
}

/// The entries of `module`'s table, recording each node's index in `home`.
fn layout(
    space: &TypeSpace,
    module: &[String],
    roots: &[NodeId],
    home: &mut HashMap<NodeId, u32>,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut proxies: HashMap<NodeId, u32> = HashMap::default();
    let mut on_path: BTreeSet<NodeId> = BTreeSet::new();
    for &root in roots {
        if home.contains_key(&root) {
            continue;
        }
        // Iterative post-order: schemas may nest deeper than the stack allows recursion.
        let mut stack: Vec<(NodeId, Vec<NodeId>, usize)> =
            vec![(root, space.node(root).subschemas(), 0)];
        on_path.insert(root);
        while let Some((id, children, next)) = stack.last_mut() {
            if let Some(&child) = children.get(*next) {
                *next += 1;
                let c = space.node(child);
                if home.contains_key(&child) && c.module.as_slice() == module {
                    continue;
                }
                if c.module.as_slice() != module || on_path.contains(&child) {
                    proxies.entry(child).or_insert_with(|| {
                        entries.push(Entry::Proxy(child));
                        (entries.len() - 1) as u32
                    });
                    continue;
                }
                on_path.insert(child);
                stack.push((child, c.subschemas(), 0));
            } else {
                let id = *id;
                on_path.remove(&id);
                stack.pop();
                entries.push(Entry::Node(id));
                home.insert(id, (entries.len() - 1) as u32);
            }
        }
    }
    entries
}

/// The text of one table and the modules its links name.
struct TableText {
    text: String,
    deps: Vec<Vec<String>>,
}

fn table_text(space: &TypeSpace, tables: &Tables, module: &[String]) -> Option<TableText> {
    let entries = tables.entries.get(module)?;
    // A `$ref` links to the end of its chain ([`TypeSpace::resolved`]): a node that is only a
    // `$ref` checks nothing of its own (draft-03 ignores a `$ref`'s siblings), so a chain of
    // thousands costs the validator no steps at run time.
    let mut deps: BTreeSet<&Vec<String>> = BTreeSet::new();
    for e in entries {
        let target = match e {
            Entry::Proxy(t) => space.resolved(*t),
            Entry::Node(id) => match space.node(*id).reference {
                Some(t) => space.resolved(t),
                None => continue,
            },
        };
        let m = &space.node(target).module;
        if m.as_slice() != module {
            deps.insert(m);
        }
    }
    let deps: Vec<Vec<String>> = deps.into_iter().cloned().collect();
    let link = |target: NodeId| {
        let target = space.resolved(target);
        let m = &space.node(target).module;
        let i = tables.index(target);
        match deps.iter().position(|d| d == m) {
            Some(t) => SpecLink::There(t as u32, i),
            None => SpecLink::Here(i),
        }
    };
    // Subschemas: the node's own entry when it is in this table, else its proxy.
    let mut proxy_at: HashMap<NodeId, u32> = HashMap::default();
    for (i, e) in entries.iter().enumerate() {
        if let Entry::Proxy(t) = e {
            proxy_at.insert(*t, i as u32);
        }
    }
    // A subschema in another module always has a proxy here; one in this module has a proxy
    // only when it encloses the place (a cycle), and is laid out after it.
    let sub = |id: NodeId| -> u32 {
        match proxy_at.get(&id) {
            Some(p) => *p,
            None => tables.index(id),
        }
    };
    let mut text = String::from("[\n");
    for (i, e) in entries.iter().enumerate() {
        let spec = match e {
            Entry::Proxy(t) => NodeSpec {
                reference: Some(link(*t)),
                ..NodeSpec::default()
            },
            Entry::Node(id) => spec(space.node(*id), &sub, &link),
        };
        if i > 0 {
            text.push_str(",\n");
        }
        // Serializing plain data to a string does not fail.
        text.push_str(&serde_json::to_string(&spec).unwrap_or_default());
    }
    text.push_str("\n]");
    Some(TableText {
        text: inert(&text),
        deps,
    })
}

/// The table form of a node.
fn spec(n: &NodeDef, sub: &dyn Fn(NodeId) -> u32, link: &dyn Fn(NodeId) -> SpecLink) -> NodeSpec {
    let additional = |a: &AdditionalDef| match a {
        AdditionalDef::Allowed => AdditionalSpec::Allowed,
        AdditionalDef::Forbidden => AdditionalSpec::Forbidden,
        AdditionalDef::Schema(id) => AdditionalSpec::Schema(sub(*id)),
    };
    let values = |v: &Option<Vec<String>>| {
        v.as_ref().map(|v| {
            v.iter()
                .filter_map(|j| serde_json::from_str(j).ok())
                .collect()
        })
    };
    NodeSpec {
        reference: n.reference.map(link),
        types: n.types.clone(),
        type_schemas: n.type_schemas.iter().map(|i| sub(*i)).collect(),
        disallow: n.disallow.clone(),
        disallow_schemas: n.disallow_schemas.iter().map(|i| sub(*i)).collect(),
        extends: n.extends.iter().map(|i| sub(*i)).collect(),
        properties: n
            .properties
            .iter()
            .map(|(name, id, required)| PropertySpec(name.clone(), sub(*id), *required))
            .collect(),
        pattern_properties: n
            .pattern_properties
            .iter()
            .map(|(p, id)| (p.clone(), sub(*id)))
            .collect(),
        additional_properties: additional(&n.additional_properties),
        items: match &n.items {
            ItemsDef::Any => ItemsSpec::Any,
            ItemsDef::All(id) => ItemsSpec::All(sub(*id)),
            ItemsDef::Tuple(ids) => ItemsSpec::Tuple(ids.iter().map(|i| sub(*i)).collect()),
        },
        additional_items: additional(&n.additional_items),
        dependencies: n
            .dependencies
            .iter()
            .map(|(k, d)| {
                (
                    k.clone(),
                    match d {
                        DependencyDef::Properties(names) => {
                            DependencySpec::Properties(names.clone())
                        }
                        DependencyDef::Schema(id) => DependencySpec::Schema(sub(*id)),
                    },
                )
            })
            .collect(),
        minimum: n.minimum.clone(),
        exclusive_minimum: n.exclusive_minimum,
        maximum: n.maximum.clone(),
        exclusive_maximum: n.exclusive_maximum,
        divisible_by: n.divisible_by.clone(),
        min_length: n.min_length,
        max_length: n.max_length,
        pattern: n.pattern.clone(),
        min_items: n.min_items,
        max_items: n.max_items,
        unique_items: n.unique_items,
        enumeration: values(&n.enumeration),
        choices: values(&n.choices),
        format: n.format,
        secret: n.secret,
        read_only: n.read_only,
    }
}

/// JSON text with every control and bidirectional-formatting character escaped: the same
/// JSON, and nothing rustc's lints or a reader's terminal would trip on inside the literal.
fn inert(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if (c.is_control() && c != '\n') || super::is_bidi_control(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A raw string literal of `text`, with enough `#`s.
fn raw_literal(text: &str) -> String {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
}

/// One module's schema table, for validating without generated code
/// ([`crate::compile_validator`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleTable {
    /// The module's path.
    pub module: Vec<String>,
    /// The table's JSON text (what `vossgen_runtime::validate::Table::new` takes).
    pub text: String,
    /// The tables its cross-table links name, as indices into the same list.
    pub deps: Vec<usize>,
}

/// Every module's schema table, and where `node` is: (table index, node index).
pub fn module_tables(space: &TypeSpace, node: NodeId) -> (Vec<ModuleTable>, (usize, u32)) {
    let tables = Tables::new(space);
    let modules = &tables.modules;
    let position = |m: &Vec<String>| modules.iter().position(|x| x == m).unwrap_or(0);
    let out = modules
        .iter()
        .map(|m| {
            let TableText { text, deps } = table_text(space, &tables, m).unwrap_or(TableText {
                text: "[]".to_string(),
                deps: Vec::new(),
            });
            ModuleTable {
                module: m.clone(),
                text,
                deps: deps.iter().map(position).collect(),
            }
        })
        .collect();
    let at = (position(&space.node(node).module), tables.index(node));
    (out, at)
}

impl Cx<'_> {
    /// The path of module `target`'s schema module, as seen from module `from`.
    fn schema_module_path(&self, target: &[String], from: &[String]) -> String {
        let mut target = target.to_vec();
        target.push(SCHEMA_MODULE.to_string());
        let path = self.module_prefix(&target, from, true);
        path.trim_end_matches("::").to_string()
    }

    /// An expression of type `&'static Node`: node `id`, as seen from module `from`.
    pub(super) fn node_path_text(&self, id: NodeId, from: &[String]) -> String {
        let n = self.space.node(id);
        let m = self.schema_module_path(&n.module, from);
        format!("{m}::TABLE.node({})", self.tables().index(id))
    }

    /// [`Cx::node_path_text`] as tokens.
    pub(super) fn node_path(&self, id: NodeId, from: &[String]) -> TokenStream {
        tokens(&self.node_path_text(id, from))
    }

    /// Writes the hidden module of `module`'s schema table; nothing when it has no nodes.
    pub(super) fn schema_module_text(&self, code: &mut Code, module: &[String]) {
        let Some(TableText { text, deps }) = table_text(self.space, self.tables(), module) else {
            return;
        };
        let rtv = format!("{}::validate", self.rt_text);
        let mut here = module.to_vec();
        here.push(SCHEMA_MODULE.to_string());
        let deps: Vec<String> = deps
            .iter()
            .map(|d| format!("&{}::TABLE", self.schema_module_path(d, &here)))
            .collect();
        code.doc("The compiled schema of this module's types, for validation.");
        code.line("#[doc(hidden)]");
        code.open(&format!("pub mod {SCHEMA_MODULE}"));
        code.doc("This module's schema nodes: draft-03 keywords, subschemas by index.");
        code.parts(&[
            "pub static TABLE: ",
            &rtv,
            "::Table = ",
            &rtv,
            "::Table::new(",
        ]);
        code.indent();
        // The JSON text is one line a node; a raw literal keeps it readable.
        code.parts(&[&raw_literal(&text), ","]);
        code.parts(&["&[", &deps.join(", "), "],"]);
        code.dedent();
        code.line(");");
        code.close("");
    }

    /// [`Cx::schema_module_text`] as tokens (for the derive).
    pub(super) fn schema_module(&self, module: &[String]) -> TokenStream {
        let mut code = Code::default();
        self.schema_module_text(&mut code, module);
        tokens(&code.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_inert_and_literals_are_raw() {
        assert_eq!(
            inert("[\"a\u{202E}b\u{7f}\"]\n"),
            "[\"a\\u202eb\\u007f\"]\n"
        );
        assert_eq!(raw_literal("x").to_string(), "r#\"x\"#");
        assert_eq!(raw_literal("\"#").to_string(), "r##\"\"#\"##");
    }
}
