//! A compiled schema: static data that generated code (or the derive) builds once.

use super::table::Link;
use super::Decimal;
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

/// A draft-03 simple type.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Ty {
    /// `"string"`
    String,
    /// `"number"` (integers included)
    Number,
    /// `"integer"`
    Integer,
    /// `"boolean"`
    Boolean,
    /// `"object"`
    Object,
    /// `"array"`
    Array,
    /// `"null"`
    Null,
    /// `"any"`
    Any,
}

impl Ty {
    /// The name as schemas write it.
    pub fn name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Number => "number",
            Ty::Integer => "integer",
            Ty::Boolean => "boolean",
            Ty::Object => "object",
            Ty::Array => "array",
            Ty::Null => "null",
            Ty::Any => "any",
        }
    }

    /// The type a schema names; `None` for names draft-03 does not define.
    pub fn parse(name: &str) -> Option<Ty> {
        Some(match name {
            "string" => Ty::String,
            "number" => Ty::Number,
            "integer" => Ty::Integer,
            "boolean" => Ty::Boolean,
            "object" => Ty::Object,
            "array" => Ty::Array,
            "null" => Ty::Null,
            "any" => Ty::Any,
            _ => return None,
        })
    }
}

/// An ECMA 262 pattern, compiled on first use (vossgen checks it compiles when generating).
///
/// A pattern the `regex` crate accepts runs there, in linear time whatever the input; a
/// pattern that needs ECMA 262's backtracking features (look-around, backreferences) runs on
/// `regress`, an ECMA 262 engine.
pub struct Pattern {
    /// The pattern as the schema writes it.
    pub source: &'static str,
    regex: OnceLock<Option<Compiled>>,
}

enum Compiled {
    Linear(Regex),
    Ecma(regress::Regex),
}

impl Compiled {
    fn new(source: &str) -> Result<Compiled, String> {
        match Regex::new(source) {
            Ok(r) => Ok(Compiled::Linear(r)),
            // Both refuse it: `regex`'s message says where and why.
            Err(linear) => regress::Regex::new(source)
                .map(Compiled::Ecma)
                .map_err(|_| {
                    let text = linear.to_string();
                    let last = text.lines().last().unwrap_or("").trim();
                    last.strip_prefix("error: ").unwrap_or(last).to_string()
                }),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        match self {
            Compiled::Linear(r) => r.is_match(text),
            Compiled::Ecma(r) => r.find(text).is_some(),
        }
    }
}

impl Pattern {
    /// A pattern; compiled on first use.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            regex: OnceLock::new(),
        }
    }

    /// Why `source` is not a pattern vossgen can run, or `None` when it is.
    pub fn compile_error(source: &str) -> Option<String> {
        Compiled::new(source).err()
    }

    /// Whether `text` contains a match (patterns are not anchored); `None` if the pattern does
    /// not compile.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        self.regex
            .get_or_init(|| Compiled::new(self.source).ok())
            .as_ref()
            .map(|r| r.is_match(text))
    }

    /// [`is_match`](Pattern::is_match) for a pattern used once (compiled, not kept).
    pub fn matches_once(source: &str, text: &str) -> Option<bool> {
        Compiled::new(source).ok().map(|r| r.is_match(text))
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// The values of `enum` or VOSS `choices`, as JSON texts parsed on first use.
pub struct EnumValues {
    /// Each value as JSON text.
    pub json: &'static [&'static str],
    parsed: OnceLock<Vec<Value>>,
}

impl EnumValues {
    /// Values given as JSON texts.
    pub const fn new(json: &'static [&'static str]) -> Self {
        EnumValues {
            json,
            parsed: OnceLock::new(),
        }
    }

    /// Values given as JSON values (a table's); their texts are kept for messages.
    pub fn from_values(values: Vec<Value>) -> Self {
        let json: Vec<&'static str> = values
            .iter()
            .map(|v| &*Box::leak(v.to_string().into_boxed_str()))
            .collect();
        EnumValues {
            json: Box::leak(json.into_boxed_slice()),
            parsed: OnceLock::from(values),
        }
    }

    /// The values.
    pub fn values(&self) -> &[Value] {
        self.parsed.get_or_init(|| {
            self.json
                .iter()
                .filter_map(|j| serde_json::from_str(j).ok())
                .collect()
        })
    }

    /// Whether the string `s` is one of the values.
    pub fn contains_str(&self, s: &str) -> bool {
        self.values().iter().any(|v| v.as_str() == Some(s))
    }
}

impl std::fmt::Debug for EnumValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.json).finish()
    }
}

/// `additionalProperties` / `additionalItems`.
#[derive(Debug)]
pub enum Additional {
    /// Anything goes (the default).
    Allowed,
    /// `false`.
    Forbidden,
    /// Must match this schema.
    Schema(&'static Node),
}

/// `items`.
#[derive(Debug)]
pub enum Items {
    /// No `items`.
    Any,
    /// Every item matches this.
    All(&'static Node),
    /// Item `i` matches schema `i`; the rest follow `additional_items`.
    Tuple(&'static [&'static Node]),
}

/// A `dependencies` entry.
#[derive(Debug)]
pub enum Dependency {
    /// These properties must be present too.
    Properties(&'static [&'static str]),
    /// The instance must match this schema too.
    Schema(&'static Node),
}

/// A `format` vossgen checks.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `date-time` (RFC 3339).
    DateTime,
    /// `date` (`YYYY-MM-DD`).
    Date,
    /// `time` (`hh:mm:ss`).
    Time,
    /// `utc-millisec` (a number).
    UtcMillisec,
    /// `regex` (compiles).
    Regex,
    /// `color` (CSS 2.1: a name, `#rgb` or `#rrggbb`).
    Color,
    /// `ip-address` (IPv4).
    IpAddress,
    /// `ipv6`.
    Ipv6,
    /// `host-name` (RFC 1034).
    HostName,
    /// `email`.
    Email,
    /// `uri` (absolute).
    Uri,
}

impl Format {
    /// The format's name as schemas write it.
    pub fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Time => "time",
            Format::UtcMillisec => "utc-millisec",
            Format::Regex => "regex",
            Format::Color => "color",
            Format::IpAddress => "ip-address",
            Format::Ipv6 => "ipv6",
            Format::HostName => "host-name",
            Format::Email => "email",
            Format::Uri => "uri",
        }
    }

    /// Every format vossgen checks.
    pub const ALL: [Format; 11] = [
        Format::DateTime,
        Format::Date,
        Format::Time,
        Format::UtcMillisec,
        Format::Regex,
        Format::Color,
        Format::IpAddress,
        Format::Ipv6,
        Format::HostName,
        Format::Email,
        Format::Uri,
    ];

    /// The format with this name; `None` for names vossgen does not check.
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A property of an object schema.
#[derive(Debug)]
pub struct Property {
    /// The wire name.
    pub name: &'static str,
    /// Its schema.
    pub node: &'static Node,
    /// Whether it must be present.
    pub required: bool,
}

/// One compiled schema node. Build with struct update syntax from [`Node::ANY`].
#[derive(Debug)]
pub struct Node {
    /// `$ref`: when set, the node is exactly the linked one.
    pub reference: Option<Link>,
    /// Simple types of `type` (empty and no `type_schemas`: any type).
    pub types: &'static [Ty],
    /// Schema entries of `type`.
    pub type_schemas: &'static [&'static Node],
    /// Simple types of `disallow`.
    pub disallow: &'static [Ty],
    /// Schema entries of `disallow`.
    pub disallow_schemas: &'static [&'static Node],
    /// `extends`.
    pub extends: &'static [&'static Node],
    /// `properties` with their `required`.
    pub properties: &'static [Property],
    /// `patternProperties`.
    pub pattern_properties: &'static [(&'static Pattern, &'static Node)],
    /// `additionalProperties`.
    pub additional_properties: Additional,
    /// `items`.
    pub items: Items,
    /// `additionalItems`.
    pub additional_items: Additional,
    /// `dependencies`.
    pub dependencies: &'static [(&'static str, Dependency)],
    /// `minimum`.
    pub minimum: Option<Decimal>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `maximum`.
    pub maximum: Option<Decimal>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `divisibleBy`.
    pub divisible_by: Option<Decimal>,
    /// `minLength` (code points).
    pub min_length: Option<u64>,
    /// `maxLength` (code points).
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<&'static Pattern>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `enum`.
    pub enumeration: Option<&'static EnumValues>,
    /// VOSS static `choices`.
    pub choices: Option<&'static EnumValues>,
    /// `format`, when checked.
    pub format: Option<Format>,
    /// VOSS `is_password` / `store_encrypted`: messages never show the value.
    pub secret: bool,
    /// VOSS `readonly`: the server fills the value in; write payloads leave it out
    /// ([`strip_read_only`](super::strip_read_only)).
    pub read_only: bool,
}

impl Node {
    /// The empty schema: every value is valid.
    pub const ANY: Node = Node {
        reference: None,
        types: &[],
        type_schemas: &[],
        disallow: &[],
        disallow_schemas: &[],
        extends: &[],
        properties: &[],
        pattern_properties: &[],
        additional_properties: Additional::Allowed,
        items: Items::Any,
        additional_items: Additional::Allowed,
        dependencies: &[],
        minimum: None,
        exclusive_minimum: false,
        maximum: None,
        exclusive_maximum: false,
        divisible_by: None,
        min_length: None,
        max_length: None,
        pattern: None,
        min_items: None,
        max_items: None,
        unique_items: false,
        enumeration: None,
        choices: None,
        format: None,
        secret: false,
        read_only: false,
    };

    /// The node a `$ref` chain ends at.
    pub fn resolved(&'static self) -> &'static Node {
        let mut n = self;
        let mut hops = 0;
        while let Some(r) = n.reference {
            n = r.get();
            hops += 1;
            if hops > 64 {
                break;
            }
        }
        n
    }
}
