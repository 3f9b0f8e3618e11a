//! Stage 1: a faithful model of a draft-03 schema (plus the VOSS extensions) as written.
//!
//! Nothing is resolved or interpreted here: `$ref` stays a string, `extends` stays a list. Each
//! node keeps its JSON pointer so that later stages can name the place of any problem. Keys
//! that are not draft-03 or VOSS keywords are kept in [`Schema::extra`], never an error;
//! a keyword with a value of the wrong JSON type is an error at its pointer.

use crate::diag::{pointer_push, Diagnostic, Diagnostics, Location};
use serde_json::{Map, Number, Value};
use std::path::Path;

/// A draft-03 simple type name: the runtime's own [`Ty`](vossgen_runtime::validate::Ty), so
/// that the generator and the validators it feeds speak one vocabulary.
pub use vossgen_runtime::validate::Ty as SimpleType;

/// One entry of a `type` or `disallow` union.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeEntry {
    /// A simple type name.
    Simple(SimpleType),
    /// A schema: the instance must match it.
    Schema(Box<Schema>),
}

/// `additionalProperties` / `additionalItems`: a boolean or a schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Additional {
    /// `true` or `false`.
    Allowed(bool),
    /// A schema the additional members must match.
    Schema(Box<Schema>),
}

/// `items`: one schema for all items, or a tuple.
#[derive(Clone, Debug, PartialEq)]
pub enum Items {
    /// Every item matches this schema.
    All(Box<Schema>),
    /// Item `i` matches schema `i`.
    Tuple(Vec<Schema>),
}

/// One `dependencies` entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Dependency {
    /// `"dep": "other"`: `other` must be present too.
    Property(String),
    /// `"dep": ["a", "b"]`: all must be present too.
    Properties(Vec<String>),
    /// `"dep": {…}`: the instance must match this schema too.
    Schema(Box<Schema>),
}

/// A VOSS static choice: `{"value": …, "title": …}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The value sent on the wire.
    pub value: Value,
    /// The display title, if any.
    pub title: Option<String>,
}

/// One schema node, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    /// Where the node is in its file (RFC 6901).
    pub pointer: String,
    /// `type`, as a list (a single name is a list of one); `None` when absent.
    pub types: Option<Vec<TypeEntry>>,
    /// `properties`, in file order.
    pub properties: Vec<(String, Schema)>,
    /// `patternProperties`, in file order.
    pub pattern_properties: Vec<(String, Schema)>,
    /// `additionalProperties`.
    pub additional_properties: Option<Additional>,
    /// `items`.
    pub items: Option<Items>,
    /// `additionalItems`.
    pub additional_items: Option<Additional>,
    /// `required` (draft-03: a boolean on the property's own schema).
    pub required: bool,
    /// `dependencies`, in file order.
    pub dependencies: Vec<(String, Dependency)>,
    /// `minimum`.
    pub minimum: Option<Number>,
    /// `maximum`.
    pub maximum: Option<Number>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `pattern` (ECMA 262).
    pub pattern: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `enum`.
    pub enumeration: Option<Vec<Value>>,
    /// `default`, as written (it may not match `type`).
    pub default: Option<Value>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// `divisibleBy`.
    pub divisible_by: Option<Number>,
    /// `disallow`.
    pub disallow: Option<Vec<TypeEntry>>,
    /// `extends` (a single schema is a list of one).
    pub extends: Vec<Schema>,
    /// `id`.
    pub id: Option<String>,
    /// `$ref`.
    pub reference: Option<String>,
    /// `$schema`.
    pub meta_schema: Option<String>,
    /// VOSS `choices`: static values, or `[]` when the choices come from `target`.
    pub choices: Option<Vec<Choice>>,
    /// VOSS `target`: the URL the choices come from.
    pub target: Option<String>,
    /// VOSS `target_attr`: the attribute of the target the value holds.
    pub target_attr: Option<String>,
    /// VOSS `target_model_type`.
    pub target_model_type: Option<String>,
    /// VOSS `is_password`.
    pub is_password: bool,
    /// VOSS `store_encrypted`.
    pub store_encrypted: bool,
    /// VOSS `readonly`.
    pub readonly: bool,
    /// VOSS `displayable`.
    pub displayable: Option<bool>,
    /// VOSS `schema_version`.
    pub schema_version: Option<String>,
    /// VOSS `__type_requested`.
    pub type_requested: Option<String>,
    /// VOSS `__type_mapping_type`.
    pub type_mapping_type: Option<String>,
    /// VOSS `__WARNING`.
    pub warning: Option<String>,
    /// Every other key, in file order (e.g. `valid_re`, `attr_props`, `name`).
    pub extra: Vec<(String, Value)>,
}

impl Schema {
    /// Whether a value is a secret (`is_password` or `store_encrypted`).
    pub fn is_secret(&self) -> bool {
        self.is_password || self.store_encrypted
    }

    /// The simple type names of `type`, ignoring schema entries.
    pub fn simple_types(&self) -> Vec<SimpleType> {
        self.types
            .iter()
            .flatten()
            .filter_map(|t| match t {
                TypeEntry::Simple(s) => Some(*s),
                TypeEntry::Schema(_) => None,
            })
            .collect()
    }

    /// The one simple type, when `type` names exactly one.
    pub fn single_type(&self) -> Option<SimpleType> {
        match self.types.as_deref() {
            Some([TypeEntry::Simple(t)]) => Some(*t),
            _ => None,
        }
    }

    /// Whether static choices are given (a non-empty `choices` list).
    pub fn static_choices(&self) -> Option<&[Choice]> {
        self.choices.as_deref().filter(|c| !c.is_empty())
    }

    /// The node's direct subschemas, in no particular order.
    pub fn children(&self) -> impl Iterator<Item = &Schema> {
        fn entries(list: &Option<Vec<TypeEntry>>) -> impl Iterator<Item = &Schema> {
            list.iter().flatten().filter_map(|t| match t {
                TypeEntry::Schema(s) => Some(&**s),
                TypeEntry::Simple(_) => None,
            })
        }
        fn additional(a: &Option<Additional>) -> Option<&Schema> {
            match a {
                Some(Additional::Schema(s)) => Some(s),
                _ => None,
            }
        }
        let items = self.items.iter().flat_map(|i| match i {
            Items::All(s) => std::slice::from_ref(&**s),
            Items::Tuple(list) => list.as_slice(),
        });
        entries(&self.types)
            .chain(entries(&self.disallow))
            .chain(self.properties.iter().map(|(_, s)| s))
            .chain(self.pattern_properties.iter().map(|(_, s)| s))
            .chain(additional(&self.additional_properties))
            .chain(additional(&self.additional_items))
            .chain(items)
            .chain(self.extends.iter())
            .chain(self.dependencies.iter().filter_map(|(_, d)| match d {
                Dependency::Schema(s) => Some(&**s),
                _ => None,
            }))
    }

    /// The subschema at `pointer` (as its [`Schema::pointer`] spells it), when it is a
    /// schema place of this tree; `None` for places the model does not hold as schemas
    /// (`definitions`, any unknown key), which only the raw document has.
    pub fn find(&self, pointer: &str) -> Option<&Schema> {
        let mut at = self;
        while at.pointer != pointer {
            at = at.children().find(|c| {
                pointer
                    .strip_prefix(c.pointer.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })?;
        }
        Some(at)
    }
}

/// Parses a schema document; all problems are reported, each at its pointer.
pub fn parse(file: &Path, value: &Value, diags: &mut Diagnostics) -> Schema {
    parse_at(file, value, "", diags)
}

/// Parses the schema found at `pointer` in a document (`value` is the node itself).
pub fn parse_at(file: &Path, value: &Value, pointer: &str, diags: &mut Diagnostics) -> Schema {
    let mut p = Parser { file, diags };
    p.schema(value, pointer)
}

struct Parser<'a> {
    file: &'a Path,
    diags: &'a mut Diagnostics,
}

impl Parser<'_> {
    fn error(&mut self, pointer: &str, message: String) {
        self.diags.push(Diagnostic::error(
            self.file,
            Location::Pointer(pointer.to_string()),
            message,
        ));
    }

    fn schema(&mut self, value: &Value, pointer: &str) -> Schema {
        let mut s = Schema {
            pointer: pointer.to_string(),
            ..Schema::default()
        };
        let Value::Object(map) = value else {
            self.error(
                pointer,
                format!("expected a schema (a JSON object), found {}", kind(value)),
            );
            return s;
        };
        for (key, v) in map {
            let at = pointer_push(pointer, key);
            match key.as_str() {
                "type" => s.types = self.type_union(v, &at),
                "disallow" => s.disallow = self.type_union(v, &at),
                "properties" => s.properties = self.schema_map(v, &at),
                "patternProperties" => s.pattern_properties = self.schema_map(v, &at),
                "additionalProperties" => s.additional_properties = self.additional(v, &at),
                "additionalItems" => s.additional_items = self.additional(v, &at),
                "items" => {
                    s.items = match v {
                        Value::Array(list) => Some(Items::Tuple(
                            list.iter()
                                .enumerate()
                                .map(|(i, item)| {
                                    self.schema(item, &pointer_push(&at, &i.to_string()))
                                })
                                .collect(),
                        )),
                        Value::Object(_) => Some(Items::All(Box::new(self.schema(v, &at)))),
                        _ => {
                            self.error(
                                &at,
                                format!(
                                    "`items` takes a schema or an array of schemas, found {}",
                                    kind(v)
                                ),
                            );
                            None
                        }
                    }
                }
                "required" => s.required = self.boolean(v, &at, key),
                "dependencies" => s.dependencies = self.dependencies(v, &at),
                "minimum" => s.minimum = self.number(v, &at, key),
                "maximum" => s.maximum = self.number(v, &at, key),
                "exclusiveMinimum" => s.exclusive_minimum = self.boolean(v, &at, key),
                "exclusiveMaximum" => s.exclusive_maximum = self.boolean(v, &at, key),
                "minItems" => s.min_items = self.count(v, &at, key),
                "maxItems" => s.max_items = self.count(v, &at, key),
                "uniqueItems" => s.unique_items = self.boolean(v, &at, key),
                "pattern" => s.pattern = self.string(v, &at, key),
                "minLength" => s.min_length = self.count(v, &at, key),
                "maxLength" => s.max_length = self.count(v, &at, key),
                "enum" => match v {
                    Value::Array(list) => s.enumeration = Some(list.clone()),
                    _ => self.error(&at, format!("`enum` takes an array, found {}", kind(v))),
                },
                "default" => s.default = Some(v.clone()),
                "title" => s.title = self.text(v),
                "description" => s.description = self.text(v),
                "format" => s.format = self.string(v, &at, key),
                "divisibleBy" => {
                    s.divisible_by = self.number(v, &at, key);
                    if s.divisible_by
                        .as_ref()
                        .and_then(Number::as_f64)
                        .is_some_and(|d| d <= 0.0)
                    {
                        self.error(&at, "`divisibleBy` must be greater than 0".to_string());
                    }
                }
                "extends" => {
                    s.extends = match v {
                        Value::Array(list) => list
                            .iter()
                            .enumerate()
                            .map(|(i, item)| self.schema(item, &pointer_push(&at, &i.to_string())))
                            .collect(),
                        _ => vec![self.schema(v, &at)],
                    }
                }
                "id" => s.id = self.string(v, &at, key),
                "$ref" => s.reference = self.string(v, &at, key),
                "$schema" => s.meta_schema = self.string(v, &at, key),
                "choices" => s.choices = self.choices(v, &at),
                "target" => s.target = self.string(v, &at, key),
                "target_attr" => s.target_attr = self.string(v, &at, key),
                "target_model_type" => s.target_model_type = self.string(v, &at, key),
                "is_password" => s.is_password = self.boolean(v, &at, key),
                "store_encrypted" => s.store_encrypted = self.boolean(v, &at, key),
                "readonly" => s.readonly = self.boolean(v, &at, key),
                "displayable" => s.displayable = Some(self.boolean(v, &at, key)),
                "schema_version" => s.schema_version = self.text(v),
                "__type_requested" => s.type_requested = self.text(v),
                "__type_mapping_type" => s.type_mapping_type = self.text(v),
                "__WARNING" => s.warning = self.text(v),
                _ => s.extra.push((key.clone(), v.clone())),
            }
        }
        s
    }

    fn type_union(&mut self, v: &Value, at: &str) -> Option<Vec<TypeEntry>> {
        let entry = |p: &mut Self, item: &Value, at: &str| match item {
            Value::String(name) => match SimpleType::parse(name) {
                Some(t) => Some(TypeEntry::Simple(t)),
                None => {
                    p.error(at, format!("unknown type `{name}` (draft-03 types: string, number, integer, boolean, object, array, null, any)"));
                    None
                }
            },
            Value::Object(_) => Some(TypeEntry::Schema(Box::new(p.schema(item, at)))),
            _ => {
                p.error(
                    at,
                    format!("a type is a name or a schema, found {}", kind(item)),
                );
                None
            }
        };
        match v {
            Value::Array(list) => Some(
                list.iter()
                    .enumerate()
                    .filter_map(|(i, item)| entry(self, item, &pointer_push(at, &i.to_string())))
                    .collect(),
            ),
            _ => entry(self, v, at).map(|e| vec![e]),
        }
    }

    fn schema_map(&mut self, v: &Value, at: &str) -> Vec<(String, Schema)> {
        match v {
            Value::Object(map) => map
                .iter()
                .map(|(k, item)| (k.clone(), self.schema(item, &pointer_push(at, k))))
                .collect(),
            _ => {
                self.error(
                    at,
                    format!("expected an object of schemas, found {}", kind(v)),
                );
                Vec::new()
            }
        }
    }

    fn additional(&mut self, v: &Value, at: &str) -> Option<Additional> {
        match v {
            Value::Bool(b) => Some(Additional::Allowed(*b)),
            Value::Object(_) => Some(Additional::Schema(Box::new(self.schema(v, at)))),
            _ => {
                self.error(
                    at,
                    format!("expected a boolean or a schema, found {}", kind(v)),
                );
                None
            }
        }
    }

    fn dependencies(&mut self, v: &Value, at: &str) -> Vec<(String, Dependency)> {
        let Value::Object(map) = v else {
            self.error(
                at,
                format!("`dependencies` takes an object, found {}", kind(v)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, dep) in map {
            let dat = pointer_push(at, k);
            let d = match dep {
                Value::String(s) => Dependency::Property(s.clone()),
                Value::Array(list) => {
                    let names: Vec<String> = list
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect();
                    if names.len() != list.len() {
                        self.error(
                            &dat,
                            "a dependency list holds property names (strings)".to_string(),
                        );
                    }
                    Dependency::Properties(names)
                }
                Value::Object(_) => Dependency::Schema(Box::new(self.schema(dep, &dat))),
                _ => {
                    self.error(
                        &dat,
                        format!(
                            "a dependency is a name, a list of names or a schema, found {}",
                            kind(dep)
                        ),
                    );
                    continue;
                }
            };
            out.push((k.clone(), d));
        }
        out
    }

    fn choices(&mut self, v: &Value, at: &str) -> Option<Vec<Choice>> {
        let Value::Array(list) = v else {
            self.error(at, format!("`choices` takes an array, found {}", kind(v)));
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in list.iter().enumerate() {
            match item {
                Value::Object(map) if map.contains_key("value") => out.push(Choice {
                    value: map["value"].clone(),
                    title: map.get("title").and_then(Value::as_str).map(str::to_string),
                }),
                // A bare value is a choice whose title is the value.
                Value::String(_) | Value::Number(_) | Value::Bool(_) => out.push(Choice {
                    value: item.clone(),
                    title: None,
                }),
                _ => self.error(
                    &pointer_push(at, &i.to_string()),
                    format!(
                        "a choice is {{\"value\": …, \"title\": …}}, found {}",
                        kind(item)
                    ),
                ),
            }
        }
        Some(out)
    }

    fn boolean(&mut self, v: &Value, at: &str, key: &str) -> bool {
        match v {
            Value::Bool(b) => *b,
            Value::Array(_) if key == "required" => {
                self.error(at, "draft-03 `required` is a boolean on each property, not a list (that is draft-04)".to_string());
                false
            }
            _ => {
                self.error(
                    at,
                    format!("`{key}` takes true or false, found {}", kind(v)),
                );
                false
            }
        }
    }

    fn number(&mut self, v: &Value, at: &str, key: &str) -> Option<Number> {
        match v {
            Value::Number(n) => Some(n.clone()),
            _ => {
                self.error(at, format!("`{key}` takes a number, found {}", kind(v)));
                None
            }
        }
    }

    fn count(&mut self, v: &Value, at: &str, key: &str) -> Option<u64> {
        match v {
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    return Some(u);
                }
                if let Some(f) = n.as_f64() {
                    if f >= 0.0 && f.fract() == 0.0 && f < 9.0e15 {
                        return Some(f as u64);
                    }
                }
                self.error(
                    at,
                    format!("`{key}` takes a non-negative integer, found {n}"),
                );
                None
            }
            _ => {
                self.error(
                    at,
                    format!("`{key}` takes a non-negative integer, found {}", kind(v)),
                );
                None
            }
        }
    }

    fn string(&mut self, v: &Value, at: &str, key: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.error(at, format!("`{key}` takes a string, found {}", kind(v)));
                None
            }
        }
    }

    /// Free text (title, description, VOSS notes): a non-string is kept as its JSON text.
    fn text(&mut self, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

/// `"a string"`, `"an object"`, … for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Turns a JSON map into the keys of an object in file order (used by tests and the importer).
pub fn keys(map: &Map<String, Value>) -> Vec<&str> {
    map.keys().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn load(v: Value) -> (Schema, Diagnostics) {
        let mut d = Diagnostics::new();
        let s = parse(Path::new("t.json"), &v, &mut d);
        (s, d)
    }

    #[test]
    fn find_reaches_every_schema_place_and_only_those() {
        let doc = json!({
            "type": ["string", {"title": "in type"}],
            "disallow": {"title": "in disallow"},
            "properties": {"a": {"title": "a"}, "ab": {"properties": {"c/d": {"title": "c/d"}}}},
            "patternProperties": {"^x": {"title": "pattern"}},
            "additionalProperties": {"title": "additional"},
            "items": [{"title": "tuple 0"}, {"items": {"title": "nested item"}}],
            "additionalItems": {"title": "additional item"},
            "extends": {"title": "extends"},
            "dependencies": {"a": {"title": "dependency"}, "b": "a"},
            "definitions": {"x": {"title": "not a schema place"}}
        });
        let (s, d) = load(doc.clone());
        assert!(d.is_empty());
        let mut found = 0;
        for (pointer, title) in [
            ("/type/1", "in type"),
            ("/disallow", "in disallow"),
            ("/properties/a", "a"),
            ("/properties/ab/properties/c~1d", "c/d"),
            ("/patternProperties/^x", "pattern"),
            ("/additionalProperties", "additional"),
            ("/items/0", "tuple 0"),
            ("/items/1/items", "nested item"),
            ("/additionalItems", "additional item"),
            ("/extends", "extends"),
            ("/dependencies/a", "dependency"),
        ] {
            let node = s
                .find(pointer)
                .unwrap_or_else(|| panic!("{pointer} not found"));
            assert_eq!(node.title.as_deref(), Some(title));
            // The same node as parsing the document at that place.
            let direct = parse_at(
                Path::new("t.json"),
                doc.pointer(pointer).unwrap(),
                pointer,
                &mut Diagnostics::new(),
            );
            assert_eq!(*node, direct);
            found += 1;
        }
        assert_eq!(found, 11);
        assert_eq!(s.find("").map(|n| n.pointer.as_str()), Some(""));
        for elsewhere in [
            "/definitions/x",
            "/properties/abc",
            "/properties/a/title",
            "/items/2",
            "/dependencies/b",
        ] {
            assert!(s.find(elsewhere).is_none(), "{elsewhere}");
        }
    }

    #[test]
    fn whole_vocabulary_is_read() {
        let (s, d) = load(json!({
            "type": ["string", {"type": "integer"}, "null"],
            "properties": {"a": {"required": true, "readonly": true, "is_password": true}},
            "patternProperties": {"^x": {}},
            "additionalProperties": false,
            "items": [{}, {}],
            "additionalItems": {"type": "string"},
            "dependencies": {"a": "b", "c": ["d"], "e": {"type": "object"}},
            "minimum": 1, "maximum": 2.5, "exclusiveMinimum": true, "exclusiveMaximum": false,
            "minItems": 1, "maxItems": 3, "uniqueItems": true, "pattern": "^a", "minLength": 2,
            "maxLength": 5, "enum": [1, "x"], "default": "0", "title": "T", "description": "D",
            "format": "uri", "divisibleBy": 0.5, "disallow": "null", "extends": {"id": "e"},
            "id": "i", "$ref": "#/x", "$schema": "http://json-schema.org/draft-03/schema",
            "choices": [{"value": "a", "title": "A"}], "target": "/api/x", "target_attr": "name",
            "target_model_type": "data/X", "store_encrypted": true, "displayable": false,
            "schema_version": "1.0", "__type_requested": "System.String",
            "__type_mapping_type": "String", "__WARNING": "forced", "valid_re": "x", "name": "n"
        }));
        assert!(d.is_empty(), "{d}");
        assert_eq!(s.types.as_ref().unwrap().len(), 3);
        assert!(
            s.properties[0].1.required
                && s.properties[0].1.readonly
                && s.properties[0].1.is_secret()
        );
        assert_eq!(s.properties[0].1.pointer, "/properties/a");
        assert!(matches!(s.items, Some(Items::Tuple(ref t)) if t.len() == 2));
        assert_eq!(s.dependencies.len(), 3);
        assert_eq!(s.extends.len(), 1);
        assert_eq!(
            s.extra,
            vec![
                ("valid_re".to_string(), json!("x")),
                ("name".to_string(), json!("n"))
            ]
        );
        assert_eq!(s.static_choices().unwrap()[0].title.as_deref(), Some("A"));
    }

    #[test]
    fn wrong_keyword_types_are_all_reported_with_pointers() {
        let (_, d) = load(json!({
            "properties": {"a": {"maxLength": "ten", "required": ["x"]}, "b": {"type": "str"}},
            "divisibleBy": 0
        }));
        let text = d.to_string();
        assert_eq!(d.errors().count(), 4, "{text}");
        assert!(text
            .contains("t.json#/properties/a/maxLength: `maxLength` takes a non-negative integer"));
        assert!(text.contains("t.json#/properties/a/required: draft-03 `required` is a boolean"));
        assert!(text.contains("t.json#/properties/b/type: unknown type `str`"));
        assert!(text.contains("t.json#/divisibleBy: `divisibleBy` must be greater than 0"));
    }

    #[test]
    fn voss_min_items_on_strings_and_unknown_keys_are_metadata() {
        let (s, d) = load(
            json!({"type": "string", "minItems": 1, "attr_props": {"x": 1}, "documentation": "d"}),
        );
        assert!(d.is_empty());
        assert_eq!(s.min_items, Some(1));
        assert_eq!(s.extra.len(), 2);
    }
}
