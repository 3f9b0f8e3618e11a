//! Compiled schemas as data. vossgen writes each module's schema nodes as one [`Table`]: a
//! JSON array of [`NodeSpec`]s, the schema's own keywords with links to other nodes as
//! indices. The table builds its [`Node`]s once, on first use. Data costs the compiler
//! nothing to check, where one `static` per node cost it time and memory at every model.
//!
//! [`NodeSpec`] is also the vocabulary vossgen itself compiles schemas into: what the
//! generator writes and what the runtime reads are the same type.

use super::node::{Additional, Dependency, EnumValues, Format, Items, Node, Pattern, Property, Ty};
use super::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::sync::OnceLock;

/// One module's compiled schema nodes: JSON text, built into [`Node`]s on first use.
///
/// Node `i` of the text may use nodes before it (its subschemas) and refer by `$ref` to any
/// node of this table or of a table in `deps` (followed when validation reaches it, so tables
/// may refer to each other and to themselves).
pub struct Table {
    text: &'static str,
    deps: &'static [&'static Table],
    nodes: OnceLock<Result<Box<[&'static Node]>, String>>,
}

impl Table {
    /// A table of the nodes `text` writes (a JSON array of [`NodeSpec`]); `deps` are the
    /// tables its `[table, node]` links name, in order.
    pub const fn new(text: &'static str, deps: &'static [&'static Table]) -> Table {
        Table {
            text,
            deps,
            nodes: OnceLock::new(),
        }
    }

    /// A table made at run time (tools, tests), whose links name `deps`: leaked, like the
    /// statics generated code uses. Its nodes are built at once; an error says what is wrong
    /// with the text.
    pub fn leak(text: String, deps: Vec<&'static Table>) -> Result<&'static Table, String> {
        let table: &'static Table = Box::leak(Box::new(Table::new(
            Box::leak(text.into_boxed_str()),
            Box::leak(deps.into_boxed_slice()),
        )));
        table.try_nodes()?;
        Ok(table)
    }

    /// Node `index`.
    ///
    /// # Panics
    /// When the table's text is not what vossgen writes (generated code was edited by hand) or
    /// `index` is out of range: both are bugs of the code that holds the table.
    pub fn node(&'static self, index: usize) -> &'static Node {
        match self.try_nodes() {
            Ok(nodes) => nodes.get(index).copied().unwrap_or_else(|| {
                panic!(
                    "vossgen: schema table has {} nodes, node {index} was asked for",
                    nodes.len()
                )
            }),
            Err(e) => panic!("vossgen: {e}; regenerate the code"),
        }
    }

    fn try_nodes(&'static self) -> Result<&'static [&'static Node], String> {
        match self.nodes.get_or_init(|| build(self)) {
            Ok(nodes) => Ok(nodes),
            Err(e) => Err(e.clone()),
        }
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table")
            .field(
                "nodes",
                &self.nodes.get().map(|n| n.as_ref().map(|n| n.len())),
            )
            .finish_non_exhaustive()
    }
}

/// Where a `$ref` leads.
#[derive(Clone, Copy)]
pub enum Link {
    /// A node built elsewhere.
    Node(&'static Node),
    /// Node `index` of a table, looked up when followed.
    Table(&'static Table, u32),
}

impl Link {
    /// The node linked to.
    pub fn get(self) -> &'static Node {
        match self {
            Link::Node(n) => n,
            Link::Table(t, i) => t.node(i as usize),
        }
    }
}

impl fmt::Debug for Link {
    // Links may form cycles: show where, not what.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Link::Node(n) => write!(f, "Link::Node({:p})", *n),
            Link::Table(t, i) => write!(f, "Link::Table({:p}, {i})", *t),
        }
    }
}

/// A link in a table's text: node `n` of this table, or `[t, n]`: node `n` of dependency `t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SpecLink {
    /// A node of this table.
    Here(u32),
    /// A node of dependency table `.0`.
    There(u32, u32),
}

/// `additionalProperties` / `additionalItems` in a table: absent (anything), `false`, or a
/// node index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AdditionalSpec {
    /// Anything goes.
    #[default]
    Allowed,
    /// `false`.
    Forbidden,
    /// Must match this node.
    Schema(u32),
}

/// `items` in a table: absent, one node index, or an array of them (a tuple).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ItemsSpec {
    /// No `items`.
    #[default]
    Any,
    /// Every item.
    All(u32),
    /// Item `i` matches node `i`.
    Tuple(Vec<u32>),
}

/// A `dependencies` entry in a table: property names, or a node index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DependencySpec {
    /// These properties must be present too.
    Properties(Vec<String>),
    /// The object must match this node too.
    Schema(u32),
}

/// A property in a table: `[name, node, required]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PropertySpec(pub String, pub u32, pub bool);

/// One schema node as a table writes it: draft-03's keywords (and VOSS's) under their own
/// names, subschemas as indices of earlier nodes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NodeSpec {
    /// `$ref`: the node is exactly the linked one.
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<SpecLink>,
    /// Simple types of `type`.
    #[serde(rename = "type", skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<Ty>,
    /// Schema entries of `type`.
    #[serde(rename = "typeSchemas", skip_serializing_if = "Vec::is_empty")]
    pub type_schemas: Vec<u32>,
    /// Simple types of `disallow`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disallow: Vec<Ty>,
    /// Schema entries of `disallow`.
    #[serde(rename = "disallowSchemas", skip_serializing_if = "Vec::is_empty")]
    pub disallow_schemas: Vec<u32>,
    /// `extends`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extends: Vec<u32>,
    /// `properties`, with whether each is required.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<PropertySpec>,
    /// `patternProperties`.
    #[serde(rename = "patternProperties", skip_serializing_if = "Vec::is_empty")]
    pub pattern_properties: Vec<(String, u32)>,
    /// `additionalProperties`.
    #[serde(
        rename = "additionalProperties",
        skip_serializing_if = "AdditionalSpec::is_allowed"
    )]
    pub additional_properties: AdditionalSpec,
    /// `items`.
    #[serde(skip_serializing_if = "ItemsSpec::is_any")]
    pub items: ItemsSpec,
    /// `additionalItems`.
    #[serde(
        rename = "additionalItems",
        skip_serializing_if = "AdditionalSpec::is_allowed"
    )]
    pub additional_items: AdditionalSpec,
    /// `dependencies`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<(String, DependencySpec)>,
    /// `minimum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<serde_json::Number>,
    /// `exclusiveMinimum`.
    #[serde(rename = "exclusiveMinimum", skip_serializing_if = "is_false")]
    pub exclusive_minimum: bool,
    /// `maximum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<serde_json::Number>,
    /// `exclusiveMaximum`.
    #[serde(rename = "exclusiveMaximum", skip_serializing_if = "is_false")]
    pub exclusive_maximum: bool,
    /// `divisibleBy`.
    #[serde(rename = "divisibleBy", skip_serializing_if = "Option::is_none")]
    pub divisible_by: Option<serde_json::Number>,
    /// `minLength`.
    #[serde(rename = "minLength", skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// `maxLength`.
    #[serde(rename = "maxLength", skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// `pattern`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// `minItems`.
    #[serde(rename = "minItems", skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// `maxItems`.
    #[serde(rename = "maxItems", skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    #[serde(rename = "uniqueItems", skip_serializing_if = "is_false")]
    pub unique_items: bool,
    /// `enum`.
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enumeration: Option<Vec<Value>>,
    /// VOSS static `choices` (their values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<Value>>,
    /// `format`, when checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// VOSS `is_password` / `store_encrypted`.
    #[serde(skip_serializing_if = "is_false")]
    pub secret: bool,
    /// VOSS `readonly`.
    #[serde(rename = "readonly", skip_serializing_if = "is_false")]
    pub read_only: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl AdditionalSpec {
    fn is_allowed(&self) -> bool {
        *self == AdditionalSpec::Allowed
    }
}

impl ItemsSpec {
    fn is_any(&self) -> bool {
        *self == ItemsSpec::Any
    }
}

impl Serialize for AdditionalSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AdditionalSpec::Allowed => s.serialize_bool(true),
            AdditionalSpec::Forbidden => s.serialize_bool(false),
            AdditionalSpec::Schema(i) => s.serialize_u32(*i),
        }
    }
}

impl<'de> Deserialize<'de> for AdditionalSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Flag(bool),
            Node(u32),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Flag(true) => AdditionalSpec::Allowed,
            Raw::Flag(false) => AdditionalSpec::Forbidden,
            Raw::Node(i) => AdditionalSpec::Schema(i),
        })
    }
}

/// Builds every node of `table`, each after the nodes it contains.
fn build(table: &'static Table) -> Result<Box<[&'static Node]>, String> {
    let specs: Vec<NodeSpec> = serde_json::from_str(table.text)
        .map_err(|e| format!("a compiled schema table does not parse ({e})"))?;
    let mut built: Vec<&'static Node> = Vec::with_capacity(specs.len());
    for (i, spec) in specs.into_iter().enumerate() {
        let node = spec
            .build(table, &built)
            .map_err(|e| format!("node {i} of a compiled schema table: {e}"))?;
        built.push(Box::leak(Box::new(node)));
    }
    Ok(built.into_boxed_slice())
}

fn leak<T>(v: Vec<T>) -> &'static [T] {
    if v.is_empty() {
        return &[];
    }
    Box::leak(v.into_boxed_slice())
}

fn leak_str(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

impl NodeSpec {
    /// The node this spec describes, in `table`, whose earlier nodes are `built`.
    fn build(self, table: &'static Table, built: &[&'static Node]) -> Result<Node, String> {
        let at = |i: u32| -> Result<&'static Node, String> {
            built.get(i as usize).copied().ok_or_else(|| {
                format!(
                    "subschema {i} is not before it (the table has {} so far)",
                    built.len()
                )
            })
        };
        let all = |ids: Vec<u32>| -> Result<&'static [&'static Node], String> {
            Ok(leak(
                ids.into_iter().map(at).collect::<Result<Vec<_>, _>>()?,
            ))
        };
        let additional = |a: AdditionalSpec| -> Result<Additional, String> {
            Ok(match a {
                AdditionalSpec::Allowed => Additional::Allowed,
                AdditionalSpec::Forbidden => Additional::Forbidden,
                AdditionalSpec::Schema(i) => Additional::Schema(at(i)?),
            })
        };
        let values =
            |v: Option<Vec<Value>>| v.map(|v| &*Box::leak(Box::new(EnumValues::from_values(v))));
        let reference = match self.reference {
            None => None,
            Some(SpecLink::Here(i)) => Some(Link::Table(table, i)),
            Some(SpecLink::There(t, i)) => {
                let dep = table
                    .deps
                    .get(t as usize)
                    .ok_or_else(|| format!("links to table {t}, which it does not have"))?;
                Some(Link::Table(dep, i))
            }
        };
        Ok(Node {
            reference,
            types: leak(self.types),
            type_schemas: all(self.type_schemas)?,
            disallow: leak(self.disallow),
            disallow_schemas: all(self.disallow_schemas)?,
            extends: all(self.extends)?,
            properties: leak(
                self.properties
                    .into_iter()
                    .map(|PropertySpec(name, i, required)| {
                        Ok(Property {
                            name: leak_str(name),
                            node: at(i)?,
                            required,
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?,
            ),
            pattern_properties: leak(
                self.pattern_properties
                    .into_iter()
                    .map(|(p, i)| Ok((&*Box::leak(Box::new(Pattern::new(leak_str(p)))), at(i)?)))
                    .collect::<Result<Vec<_>, String>>()?,
            ),
            additional_properties: additional(self.additional_properties)?,
            items: match self.items {
                ItemsSpec::Any => Items::Any,
                ItemsSpec::All(i) => Items::All(at(i)?),
                ItemsSpec::Tuple(ids) => Items::Tuple(all(ids)?),
            },
            additional_items: additional(self.additional_items)?,
            dependencies: leak(
                self.dependencies
                    .into_iter()
                    .map(|(key, d)| {
                        Ok((
                            leak_str(key),
                            match d {
                                DependencySpec::Properties(names) => Dependency::Properties(leak(
                                    names.into_iter().map(leak_str).collect(),
                                )),
                                DependencySpec::Schema(i) => Dependency::Schema(at(i)?),
                            },
                        ))
                    })
                    .collect::<Result<Vec<_>, String>>()?,
            ),
            minimum: self.minimum.as_ref().and_then(Decimal::of_json),
            exclusive_minimum: self.exclusive_minimum,
            maximum: self.maximum.as_ref().and_then(Decimal::of_json),
            exclusive_maximum: self.exclusive_maximum,
            divisible_by: self.divisible_by.as_ref().and_then(Decimal::of_json),
            min_length: self.min_length,
            max_length: self.max_length,
            pattern: self
                .pattern
                .map(|p| &*Box::leak(Box::new(Pattern::new(leak_str(p))))),
            min_items: self.min_items,
            max_items: self.max_items,
            unique_items: self.unique_items,
            enumeration: values(self.enumeration),
            choices: values(self.choices),
            format: self.format,
            secret: self.secret,
            read_only: self.read_only,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{validate_value, JsonPath, ValidationErrors};
    use serde_json::json;

    fn errors(node: &'static Node, v: Value) -> Vec<String> {
        let mut errors = ValidationErrors::new();
        validate_value(node, &v, &mut JsonPath::root(), &mut errors);
        errors
            .iter()
            .map(|e| format!("{} {}", e.path(), e.keyword()))
            .collect()
    }

    #[test]
    fn a_table_builds_nested_and_recursive_nodes() {
        // 0: string; 1: {$ref: 2} (a link forward, to the root); 2: the root.
        let text = r#"[
            {"type":["string"],"maxLength":3},
            {"$ref":2},
            {"type":["object"],"properties":[["name",0,true],["child",1,false]],"additionalProperties":false}
        ]"#;
        let table = Table::leak(text.to_string(), Vec::new()).unwrap();
        let root = table.node(2);
        assert!(errors(root, json!({"name":"ab","child":{"name":"cd"}})).is_empty());
        assert_eq!(
            errors(root, json!({"name":"abcd","child":{"x":1}})),
            [
                "/name maxLength",
                "/child/name required",
                "/child/x additionalProperties"
            ]
        );
    }

    #[test]
    fn a_table_out_of_order_or_malformed_is_refused() {
        assert!(Table::leak(r#"[{"items":1},{}]"#.to_string(), Vec::new())
            .unwrap_err()
            .contains("not before it"));
        assert!(Table::leak(r#"[{"nope":1}]"#.to_string(), Vec::new())
            .unwrap_err()
            .contains("does not parse"));
        assert!(Table::leak(r#"[{"$ref":[0,0]}]"#.to_string(), Vec::new())
            .unwrap_err()
            .contains("links to table 0"));
    }

    #[test]
    fn specs_round_trip_through_their_text() {
        let spec = NodeSpec {
            reference: Some(SpecLink::There(1, 4)),
            types: vec![Ty::String, Ty::Null],
            additional_properties: AdditionalSpec::Forbidden,
            additional_items: AdditionalSpec::Schema(3),
            items: ItemsSpec::Tuple(vec![1, 2]),
            dependencies: vec![
                ("a".into(), DependencySpec::Properties(vec!["b".into()])),
                ("c".into(), DependencySpec::Schema(0)),
            ],
            format: Some(Format::DateTime),
            enumeration: Some(vec![json!(1), json!("x")]),
            ..NodeSpec::default()
        };
        let text = serde_json::to_string(&spec).unwrap();
        assert_eq!(
            text,
            r#"{"$ref":[1,4],"type":["string","null"],"additionalProperties":false,"items":[1,2],"additionalItems":3,"dependencies":[["a",["b"]],["c",0]],"enum":[1,"x"],"format":"date-time"}"#
        );
        assert_eq!(serde_json::from_str::<NodeSpec>(&text).unwrap(), spec);
    }
}
