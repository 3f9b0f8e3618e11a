//! The items of the IR: types, fields, shapes, models and modules, each with its origin.

use super::*;

/// Index of a type in [`TypeSpace::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Where an item came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file as read.
    pub path: PathBuf,
    /// The file relative to its input root.
    pub rel: String,
    /// The JSON pointer of the schema node.
    pub pointer: String,
}

/// Documentation of an item: the schema's own words plus vossgen's notes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Notes: VOSS metadata, policies applied, unknown keys.
    pub notes: Vec<String>,
}

/// The Rust shape of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `()`: JSON `null`.
    Null,
    /// `serde_json::Value`: "any", or no type.
    Any,
    /// `serde_json::Map<String, Value>`: an object with no declared properties.
    Object,
    /// `vossgen_runtime::Secret`.
    Secret,
    /// `vossgen_runtime::Reference<marker>`.
    Reference(TypeId),
    /// A generated type.
    Named(TypeId),
    /// `Vec<_>`.
    Array(Box<Shape>),
    /// `IndexMap<String, _>` (keys in the order they came).
    Map(Box<Shape>),
    /// `Box<_>`: breaks a cycle.
    Boxed(Box<Shape>),
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire: String,
    /// The Rust identifier (maybe `r#type`).
    pub ident: String,
    /// The value's shape (without the `Option`).
    pub shape: Shape,
    /// Whether the Rust field is an `Option` (not required, or required and read-only).
    pub optional: bool,
    /// `required` as the schema says.
    pub required: bool,
    /// VOSS `readonly`: never sent in write payloads.
    pub readonly: bool,
    /// `is_password` / `store_encrypted`.
    pub secret: bool,
    /// The default, as a typed constant, when one can be made.
    pub default: Option<DefaultConst>,
    /// Documentation.
    pub docs: Docs,
    /// Where the property's schema is.
    pub origin: Origin,
    /// The property's compiled schema.
    pub node: NodeId,
    /// The value's members stand in the parent object (serde's `flatten`, from the derive):
    /// its errors take no path segment of its own.
    pub flatten: bool,
    /// Paths of the derive's `custom` functions, `fn(&T) -> Result<(), String>`, run on the
    /// value after the keywords (schemas never have any).
    pub custom: Vec<String>,
}

/// A typed constant for a `default`.
#[derive(Clone, Debug, PartialEq)]
pub struct DefaultConst {
    /// The constant's name, e.g. `DEFAULT_SYNC`.
    pub ident: String,
    /// The value.
    pub value: ConstValue,
}

/// The value of a [`DefaultConst`].
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    /// `bool`.
    Bool(bool),
    /// `i64`.
    Int(i64),
    /// `f64`.
    Float(f64),
    /// `&'static str` (strings, secrets and references).
    Str(String),
    /// A variant of a generated enum.
    Variant(TypeId, String),
}

/// A variant of a string enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The Rust identifier.
    pub ident: String,
    /// The wire string.
    pub value: String,
    /// The choice's title, if any.
    pub title: Option<String>,
}

/// What kind of item a type is.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with declared properties; unknown keys are kept in `extra`.
    Struct {
        /// The declared properties, in schema order.
        fields: Vec<Field>,
        /// The field holding undeclared keys.
        extra_ident: String,
        /// The shape of undeclared values: `Any` unless `additionalProperties` is a schema.
        extra_value: Shape,
    },
    /// A string enum (`choices` or `enum`) that keeps unknown values in a catch-all variant.
    Enum {
        /// Known values, in schema order.
        variants: Vec<Variant>,
        /// The catch-all variant's identifier.
        other: String,
    },
    /// A newtype around a shape (a model whose root is not an object).
    Newtype(Shape),
    /// An untagged union (`type` with several entries).
    Union(Vec<(String, Shape)>),
    /// Another name for a type of the crate's shared module (see [`share`]): a string enum
    /// that other schemas spell the same.
    Alias(TypeId),
    /// A marker naming what a reference points at.
    Target {
        /// `target_model_type`.
        model_type: Option<String>,
        /// `target_attr`.
        attr: Option<String>,
        /// `target`.
        url: String,
    },
}

/// A generated type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// The module it lives in (Rust identifiers from the crate root).
    pub module: Vec<String>,
    /// Where it came from.
    pub origin: Origin,
    /// Documentation.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
    /// The compiled schema it was made from (none for reference markers).
    pub node: Option<NodeId>,
}

/// A model: the root type of one schema file.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelDef {
    /// `data/Role`, or the file path for plain schemas.
    pub model_type: String,
    /// `schema_version`, or `""`.
    pub schema_version: String,
    /// The root type.
    pub root: TypeId,
    /// The model's own module (`["data", "role"]`).
    pub module: Vec<String>,
    /// The operations, when the schema has a sidecar (or gets the generic ones).
    pub ops: Option<ops::OpsDef>,
    /// The type of its list entries, when the root cannot read one (see `views.rs`); the root
    /// otherwise.
    pub summary: Option<TypeId>,
    /// The root type of its add form, when the inputs have one (`<name>.add.json`): what
    /// `create` sends.
    pub add_form: Option<TypeId>,
    /// The schema file relative to its input root.
    pub rel: String,
}

/// A module of the output: a directory of the input (a file's module is a [`ModelDef`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DirModule {
    /// Child directory modules, by Rust name.
    pub dirs: BTreeMap<String, DirModule>,
    /// Models directly in this directory: (file module name, model index).
    pub models: BTreeMap<String, usize>,
    /// Operation sidecars without a schema in this directory: (module name, index in
    /// [`TypeSpace::apis`]).
    pub apis: BTreeMap<String, usize>,
    /// The input directory, `/`-separated (`""` for the root).
    pub rel: String,
}

/// An operations sidecar without a schema of its own (the V-Spark `/config` routes): a module
/// of functions.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiModule {
    /// The sidecar relative to its input root.
    pub rel: String,
    /// The page's introduction.
    pub description: Option<String>,
    /// The operations.
    pub ops: ops::OpsDef,
}
