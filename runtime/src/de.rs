//! Objects that keep the keys they do not declare, and the order all their keys came in, so
//! that writing one back gives the JSON that was read, key for key. One macro,
//! [`__object!`](crate::__object), serves the envelopes and all generated structs; it does not
//! use `#[serde(flatten)]` (which buffers every object before decoding it).
//!
//! Compile cost is the design constraint here: a crate of thousands of generated structs must
//! build. So a struct is data: per struct the macro writes two static tables (wire name,
//! `offset_of!` and a codec per field) and two one-line shims; the reader and the writer that
//! walk the tables are compiled once, here, and a field codec once per field *type* of a crate.
//! The serde work runs on type-erased values (`erased_serde`), instantiated once per format.

use indexmap::IndexMap;
use serde::de::{Deserialize, DeserializeOwned, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};

/// An object key, borrowed from the input when it can be (declared keys never allocate).
#[doc(hidden)]
pub struct Key<'de>(pub Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// In a recorded key order, the place of an undeclared key (the next one of [`Extra`]).
#[doc(hidden)]
pub const EXTRA_KEY: u16 = u16::MAX;

/// The keys of an object that its type does not declare, kept so that writing the object back
/// gives the JSON that was read: values as they came and, with the declared fields, in the
/// order they came. Reads and writes like the `serde_json::Map` it dereferences to; equality and
/// `Debug` look at the keys and values only.
#[derive(Clone, Default)]
pub struct Extra {
    map: Map<String, Value>,
    order: Vec<u16>,
}

impl Extra {
    /// No keys.
    pub fn new() -> Self {
        Self::default()
    }

    /// The keys and values.
    pub fn into_map(self) -> Map<String, Value> {
        self.map
    }
}

impl Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.map
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl Eq for Extra {}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.map.fmt(f)
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Extra {
            map,
            order: Vec::new(),
        }
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Extra::from)
    }
}

/// Where an object keeps its undeclared keys: [`Extra`] (which also keeps the order of all
/// keys), or a typed map when `additionalProperties` gives their schema (in the order they came,
/// after the declared fields).
#[doc(hidden)]
pub trait ExtraMap {
    /// The values' type.
    type Value;
    /// The entries, in the order they are written.
    type Iter<'a>: Iterator<Item = (&'a String, &'a Self::Value)>
    where
        Self: 'a;
    /// Adds an entry.
    fn insert_extra(&mut self, key: String, value: Self::Value);
    /// Records the order of all keys of the object.
    fn set_order(&mut self, order: Vec<u16>);
    /// The recorded order (empty: declared fields first, then these entries).
    fn order(&self) -> &[u16];
    /// The entries.
    fn entries(&self) -> Self::Iter<'_>;
}

impl ExtraMap for Extra {
    type Value = Value;
    type Iter<'a> = serde_json::map::Iter<'a>;
    fn insert_extra(&mut self, key: String, value: Value) {
        self.map.insert(key, value);
    }
    fn set_order(&mut self, order: Vec<u16>) {
        self.order = order;
    }
    fn order(&self) -> &[u16] {
        &self.order
    }
    fn entries(&self) -> Self::Iter<'_> {
        self.map.iter()
    }
}

impl<T> ExtraMap for IndexMap<String, T> {
    type Value = T;
    type Iter<'a>
        = indexmap::map::Iter<'a, String, T>
    where
        T: 'a;
    fn insert_extra(&mut self, key: String, value: T) {
        self.insert(key, value);
    }
    fn set_order(&mut self, _: Vec<u16>) {}
    fn order(&self) -> &[u16] {
        &[]
    }
    fn entries(&self) -> Self::Iter<'_> {
        self.iter()
    }
}

// ---------------------------------------------------------------------------------------------
// Objects as data. A struct written by `__object!` is described by static tables (one to read
// it, one to write it and, with `eq`, one to compare it): for each declared field its wire name, its byte offset in the
// struct and a codec (a few function pointers) chosen by the field's *type*, not by the struct.
// The reader, the writer and the comparison below walk those tables; rustc compiles them once, and a codec once
// per field type of the crate, where it used to compile a `match` over the fields (and a struct
// of partial values with its drop glue) per struct.
//
// Soundness rests on one fact that `__object!` checks at compile time: each table lists every
// field of its struct exactly once, at `offset_of!` that field, with a codec whose stored type
// is the field's type (the `check` function the macro writes). Given that, a codec only ever reads or writes
// a value of its own type at its own offset, and a struct is assumed initialized only after
// every field has been written.
// ---------------------------------------------------------------------------------------------

/// How a field's value is read from the wire; the field kinds ([`Req`], [`Opt`], …) wrap one.
#[doc(hidden)]
pub trait ReadAs {
    /// The value read.
    type Value;
}

/// A value read through its own `Deserialize`.
#[doc(hidden)]
pub struct Plain<T>(std::marker::PhantomData<T>);
/// A struct written by `__object!`, read by the runtime's object reader directly (no erased
/// `Any` box per type).
#[doc(hidden)]
pub struct Nested<T>(std::marker::PhantomData<T>);
/// A `Vec` of structs written by `__object!` (one sequence visitor for every item type).
#[doc(hidden)]
pub struct NestedList<V>(std::marker::PhantomData<V>);

impl<T> ReadAs for Plain<T> {
    type Value = T;
}
impl<T> ReadAs for Nested<T> {
    type Value = T;
}
impl<T> ReadAs for NestedList<Vec<T>> {
    type Value = Vec<T>;
}

/// A [`ReadAs`] that can read.
#[doc(hidden)]
pub trait Read: ReadAs {
    /// Reads the value.
    fn read(d: &mut dyn erased_serde::Deserializer<'_>)
        -> Result<Self::Value, erased_serde::Error>;
}

impl<T: DeserializeOwned> Read for Plain<T> {
    fn read(d: &mut dyn erased_serde::Deserializer<'_>) -> Result<T, erased_serde::Error> {
        erased_serde::deserialize(d)
    }
}
impl<T: ObjectDe> Read for Nested<T> {
    fn read(d: &mut dyn erased_serde::Deserializer<'_>) -> Result<T, erased_serde::Error> {
        read_object(d)
    }
}
impl<T: ObjectDe> Read for NestedList<Vec<T>> {
    fn read(d: &mut dyn erased_serde::Deserializer<'_>) -> Result<Vec<T>, erased_serde::Error> {
        read_nested_list(d)
    }
}

/// A required field: stored as the value; absent is an error.
#[doc(hidden)]
pub struct Req<R>(std::marker::PhantomData<R>);
/// An optional field: stored as `Option`; absent or `null` is `None`.
#[doc(hidden)]
pub struct Opt<R>(std::marker::PhantomData<R>);
/// An optional field whose type admits `null`: stored as `Option`; absent is `None`, a present
/// `null` is `Some` (so that it is written back).
#[doc(hidden)]
pub struct Present<R>(std::marker::PhantomData<R>);
/// A field that is `Default::default()` when absent and always written.
#[doc(hidden)]
pub struct Dflt<R>(std::marker::PhantomData<R>);

/// A field kind: the type a struct stores for it.
#[doc(hidden)]
pub trait Slot {
    /// The field's type in the struct.
    type Stored;
}
impl<R: ReadAs> Slot for Req<R> {
    type Stored = R::Value;
}
impl<R: ReadAs> Slot for Opt<R> {
    type Stored = Option<R::Value>;
}
impl<R: ReadAs> Slot for Present<R> {
    type Stored = Option<R::Value>;
}
impl<R: ReadAs> Slot for Dflt<R> {
    type Stored = R::Value;
}

/// The reading half of a field's codec.
#[doc(hidden)]
pub struct DeCodec {
    /// `null` means absent (an [`Opt`] field): the reader sees it, so that no `Option<T>`
    /// visitor is instantiated per type.
    null_is_absent: bool,
    /// Reads a value and, only on success, writes it at the pointer.
    read: unsafe fn(
        *mut u8,
        &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error>,
    /// Writes the value of an absent field; `None` when the field is required.
    absent: Option<unsafe fn(*mut u8)>,
    /// Drops a written value in place.
    drop: unsafe fn(*mut u8),
}

/// A field kind that can be read: its codec, one per field type in a crate.
#[doc(hidden)]
pub trait DeSlot: Slot {
    /// The codec.
    const DE: &'static DeCodec;
}

// The codecs below are instantiated once per field type of a crate: they use `as` casts and
// `match` rather than `cast()` and `?`, which would instantiate generic helpers per type too.

/// # Safety
/// `p` holds an initialized `S` that is not used again.
unsafe fn drop_at<S>(p: *mut u8) {
    std::ptr::drop_in_place(p as *mut S)
}

unsafe fn read_value<R: Read>(
    p: *mut u8,
    d: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    match R::read(d) {
        Ok(value) => {
            std::ptr::write(p as *mut R::Value, value);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

unsafe fn read_some<R: Read>(
    p: *mut u8,
    d: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    match R::read(d) {
        Ok(value) => {
            std::ptr::write(p as *mut Option<R::Value>, Some(value));
            Ok(())
        }
        Err(e) => Err(e),
    }
}

unsafe fn write_none<T>(p: *mut u8) {
    std::ptr::write(p as *mut Option<T>, None)
}

unsafe fn write_default<T: Default>(p: *mut u8) {
    std::ptr::write(p as *mut T, T::default())
}

impl<R: Read> DeSlot for Req<R> {
    const DE: &'static DeCodec = &DeCodec {
        null_is_absent: false,
        read: read_value::<R>,
        absent: None,
        drop: drop_at::<R::Value>,
    };
}
impl<R: Read> DeSlot for Opt<R> {
    const DE: &'static DeCodec = &DeCodec {
        null_is_absent: true,
        read: read_some::<R>,
        absent: Some(write_none::<R::Value>),
        drop: drop_at::<Option<R::Value>>,
    };
}
impl<R: Read> DeSlot for Present<R> {
    const DE: &'static DeCodec = &DeCodec {
        null_is_absent: false,
        read: read_some::<R>,
        absent: Some(write_none::<R::Value>),
        drop: drop_at::<Option<R::Value>>,
    };
}
impl<R: Read> DeSlot for Dflt<R>
where
    R::Value: Default,
{
    const DE: &'static DeCodec = &DeCodec {
        null_is_absent: false,
        read: read_value::<R>,
        absent: Some(write_default::<R::Value>),
        drop: drop_at::<R::Value>,
    };
}

/// The writing half of a field's codec: hands the value, when there is one, to `f`.
#[doc(hidden)]
pub type SerCodec = unsafe fn(*const u8, &mut dyn FnMut(&dyn erased_serde::Serialize)) -> bool;

/// A field kind that can be written.
#[doc(hidden)]
pub trait SerSlot: Slot {
    /// The codec.
    const SER: SerCodec;
}

/// How a value is lent to the writer: through its own `Serialize`, or, for structs written by
/// `__object!` and lists of them, through their tables (one erased `Serialize` for them all).
#[doc(hidden)]
pub trait Lend: ReadAs {
    /// Hands `value` to `f`.
    fn lend(value: &Self::Value, f: &mut dyn FnMut(&dyn erased_serde::Serialize));
}

impl<T: Serialize> Lend for Plain<T> {
    fn lend(value: &T, f: &mut dyn FnMut(&dyn erased_serde::Serialize)) {
        f(value)
    }
}
impl<T: ObjectSer> Lend for Nested<T> {
    fn lend(value: &T, f: &mut dyn FnMut(&dyn erased_serde::Serialize)) {
        f(&ObjectView::of(value))
    }
}
impl<T: ObjectSer> Lend for NestedList<Vec<T>> {
    fn lend(value: &Vec<T>, f: &mut dyn FnMut(&dyn erased_serde::Serialize)) {
        f(&ListView::of(value))
    }
}

unsafe fn lend_value<R: Lend>(
    p: *const u8,
    f: &mut dyn FnMut(&dyn erased_serde::Serialize),
) -> bool {
    R::lend(&*(p as *const R::Value), f);
    true
}

unsafe fn lend_some<R: Lend>(
    p: *const u8,
    f: &mut dyn FnMut(&dyn erased_serde::Serialize),
) -> bool {
    match &*(p as *const Option<R::Value>) {
        Some(value) => {
            R::lend(value, f);
            true
        }
        None => false,
    }
}

/// A codec trait's impls for the four field kinds: on the value (`Req`, `Dflt`) or on the
/// `Option` (`Opt`, `Present`).
macro_rules! per_kind {
    ($slot:ident, $name:ident: $codec:ty, $bound:ident, $on_value:ident, $on_option:ident) => {
        impl<R: $bound> $slot for Req<R> {
            const $name: $codec = $on_value::<R>;
        }
        impl<R: $bound> $slot for Dflt<R> {
            const $name: $codec = $on_value::<R>;
        }
        impl<R: $bound> $slot for Opt<R> {
            const $name: $codec = $on_option::<R>;
        }
        impl<R: $bound> $slot for Present<R> {
            const $name: $codec = $on_option::<R>;
        }
    };
}

per_kind!(SerSlot, SER: SerCodec, Lend, lend_value, lend_some);

/// A struct written by `__object!`, seen through its table: what nested structs are written as,
/// so that one `Serialize` (and one erased instance of it) serves them all.
#[doc(hidden)]
pub struct ObjectView<'a> {
    base: *const u8,
    table: &'static SerTable,
    _borrow: std::marker::PhantomData<&'a ()>,
}

impl<'a> ObjectView<'a> {
    /// `value` through its table.
    pub fn of<T: ObjectSer>(value: &'a T) -> Self {
        ObjectView {
            base: value as *const T as *const u8,
            table: T::SER,
            _borrow: std::marker::PhantomData,
        }
    }
}

impl Serialize for ObjectView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // SAFETY: `base` borrows a struct that `table` describes (the `ObjectSer` contract).
        unsafe { write_fields(self.base, self.table, serializer) }
    }
}

/// A `Vec` of structs written by `__object!`, seen through their table.
struct ListView<'a> {
    base: *const u8,
    len: usize,
    stride: usize,
    table: &'static SerTable,
    _borrow: std::marker::PhantomData<&'a ()>,
}

impl<'a> ListView<'a> {
    fn of<T: ObjectSer>(items: &'a [T]) -> Self {
        ListView {
            base: items.as_ptr() as *const u8,
            len: items.len(),
            stride: std::mem::size_of::<T>(),
            table: T::SER,
            _borrow: std::marker::PhantomData,
        }
    }
}

impl Serialize for ListView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len))?;
        for i in 0..self.len {
            let item = ObjectView {
                // SAFETY: item `i` of the borrowed slice.
                base: unsafe { self.base.add(i * self.stride) },
                table: self.table,
                _borrow: std::marker::PhantomData,
            };
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// How two values of a field are compared: with their own `PartialEq`, or, for structs written
/// by `__object!` (with `eq`) and lists of them, through their tables.
#[doc(hidden)]
pub trait Compare: ReadAs {
    /// Whether `a` and `b` are equal.
    fn same(a: &Self::Value, b: &Self::Value) -> bool;
}

impl<T: PartialEq> Compare for Plain<T> {
    fn same(a: &T, b: &T) -> bool {
        a == b
    }
}
impl<T: ObjectEq> Compare for Nested<T> {
    fn same(a: &T, b: &T) -> bool {
        object_eq(a, b)
    }
}
impl<T: ObjectEq> Compare for NestedList<Vec<T>> {
    fn same(a: &Vec<T>, b: &Vec<T>) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(a, b)| object_eq(a, b))
    }
}

/// Compares the values of one field kind in two structs.
#[doc(hidden)]
pub type EqCodec = unsafe fn(*const u8, *const u8) -> bool;

/// A field kind that can be compared.
#[doc(hidden)]
pub trait EqSlot: Slot {
    /// The codec.
    const EQ: EqCodec;
}

unsafe fn eq_value<R: Compare>(a: *const u8, b: *const u8) -> bool {
    R::same(&*(a as *const R::Value), &*(b as *const R::Value))
}

unsafe fn eq_some<R: Compare>(a: *const u8, b: *const u8) -> bool {
    match (
        &*(a as *const Option<R::Value>),
        &*(b as *const Option<R::Value>),
    ) {
        (Some(a), Some(b)) => R::same(a, b),
        (None, None) => true,
        _ => false,
    }
}

unsafe fn eq_plain<T: PartialEq>(a: *const u8, b: *const u8) -> bool {
    *(a as *const T) == *(b as *const T)
}

per_kind!(EqSlot, EQ: EqCodec, Compare, eq_value, eq_some);

/// The undeclared keys' comparison.
#[doc(hidden)]
pub trait ExtraEq {
    /// The codec.
    const EQ: EqCodec;
}
impl<M: PartialEq> ExtraEq for M {
    const EQ: EqCodec = eq_plain::<M>;
}

/// How to compare two structs: each field's offset and comparison, the undeclared keys last.
#[doc(hidden)]
pub struct EqTable {
    /// The declared fields' offsets and comparisons.
    pub fields: &'static [(usize, EqCodec)],
    /// `offset_of!` the field that keeps the undeclared keys.
    pub extra_offset: usize,
    /// Its comparison.
    pub extra: EqCodec,
}

/// A struct that the runtime compares from its [`EqTable`]; written by
/// [`__object!`](crate::__object) with `eq`.
///
/// # Safety
/// As for [`ObjectDe`], for `EQ`.
#[doc(hidden)]
pub unsafe trait ObjectEq {
    /// The table.
    const EQ: &'static EqTable;
}

/// # Safety
/// `a` and `b` point to initialized structs that `table` describes.
unsafe fn fields_eq(a: *const u8, b: *const u8, table: &'static EqTable) -> bool {
    table
        .fields
        .iter()
        .all(|(offset, eq)| eq(a.add(*offset), b.add(*offset)))
        && (table.extra)(a.add(table.extra_offset), b.add(table.extra_offset))
}

/// `PartialEq::eq` of every struct written by `__object!` with `eq`: field by field, as the
/// derive would, through the table.
#[doc(hidden)]
pub fn object_eq<T: ObjectEq>(a: &T, b: &T) -> bool {
    // SAFETY: both are `T`, which `T::EQ` describes (the `ObjectEq` contract).
    unsafe {
        fields_eq(
            a as *const T as *const u8,
            b as *const T as *const u8,
            T::EQ,
        )
    }
}

/// The reading half of the undeclared keys' codec (one per [`ExtraMap`] type).
#[doc(hidden)]
pub struct ExtraDeCodec {
    /// Writes an empty map at the pointer.
    init: unsafe fn(*mut u8),
    /// Reads one undeclared key's value into the map at the pointer.
    read: unsafe fn(
        *mut u8,
        String,
        &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error>,
    /// Records the key order in the map at the pointer.
    set_order: unsafe fn(*mut u8, Vec<u16>),
    /// Drops the map in place.
    drop: unsafe fn(*mut u8),
}

/// An [`ExtraMap`] that can be read.
#[doc(hidden)]
pub trait ExtraDe {
    /// The codec.
    const DE: &'static ExtraDeCodec;
}

unsafe fn extra_read<M: ExtraMap>(
    p: *mut u8,
    key: String,
    d: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error>
where
    M::Value: DeserializeOwned,
{
    let value = erased_serde::deserialize(d)?;
    (*(p as *mut M)).insert_extra(key, value);
    Ok(())
}

unsafe fn extra_set_order<M: ExtraMap>(p: *mut u8, order: Vec<u16>) {
    (*(p as *mut M)).set_order(order)
}

impl<M: ExtraMap + Default> ExtraDe for M
where
    M::Value: DeserializeOwned,
{
    const DE: &'static ExtraDeCodec = &ExtraDeCodec {
        init: write_default::<M>,
        read: extra_read::<M>,
        set_order: extra_set_order::<M>,
        drop: drop_at::<M>,
    };
}

/// The undeclared keys seen by the writer (implemented once per extra type, not per struct).
#[doc(hidden)]
pub trait ExtraSer {
    /// The recorded key order (see [`ExtraMap::order`]).
    fn order(&self) -> &[u16];
    /// The undeclared keys, in order.
    fn extras(&self) -> Box<dyn Iterator<Item = (&String, &dyn erased_serde::Serialize)> + '_>;
}

impl<M> ExtraSer for M
where
    M: ExtraMap,
    M::Value: Serialize,
{
    fn order(&self) -> &[u16] {
        ExtraMap::order(self)
    }
    fn extras(&self) -> Box<dyn Iterator<Item = (&String, &dyn erased_serde::Serialize)> + '_> {
        Box::new(
            self.entries()
                .map(|(k, v)| (k, v as &dyn erased_serde::Serialize)),
        )
    }
}

/// The writing half of the undeclared keys' codec: lends the map at the pointer to `f`.
#[doc(hidden)]
pub type ExtraSerCodec = unsafe fn(*const u8, &mut dyn FnMut(&dyn ExtraSer));

unsafe fn lend_extra<M: ExtraSer>(p: *const u8, f: &mut dyn FnMut(&dyn ExtraSer)) {
    f(&*(p as *const M))
}

/// An [`ExtraMap`] that can be written.
#[doc(hidden)]
pub trait ExtraSerSlot {
    /// The codec.
    const SER: ExtraSerCodec;
}

impl<M: ExtraSer> ExtraSerSlot for M {
    const SER: ExtraSerCodec = lend_extra::<M>;
}

/// A declared field, for the reader.
#[doc(hidden)]
pub struct FieldDe {
    /// The wire name.
    pub wire: &'static str,
    /// `offset_of!` the field.
    pub offset: usize,
    /// Its kind's codec.
    pub codec: &'static DeCodec,
}

/// How to read a struct.
#[doc(hidden)]
pub struct DeTable {
    /// The declared fields, in declaration order.
    pub fields: &'static [FieldDe],
    /// `offset_of!` the field that keeps the undeclared keys.
    pub extra_offset: usize,
    /// Its codec.
    pub extra: &'static ExtraDeCodec,
    /// What serde says it expected when the input is not an object.
    pub expecting: &'static str,
}

/// A declared field, for the writer.
#[doc(hidden)]
pub struct FieldSer {
    /// The wire name.
    pub wire: &'static str,
    /// `offset_of!` the field.
    pub offset: usize,
    /// Its kind's codec.
    pub codec: SerCodec,
}

/// How to write a struct.
#[doc(hidden)]
pub struct SerTable {
    /// The declared fields, in declaration order.
    pub fields: &'static [FieldSer],
    /// `offset_of!` the field that keeps the undeclared keys.
    pub extra_offset: usize,
    /// Its codec.
    pub extra: ExtraSerCodec,
}

/// A struct that the runtime reads from its [`DeTable`]; written by [`__object!`](crate::__object).
///
/// # Safety
/// `DE` lists every field of `Self` exactly once, each at its offset and with a codec whose
/// stored type is the field's type (`__object!` checks this at compile time).
#[doc(hidden)]
pub unsafe trait ObjectDe: Sized {
    /// The table.
    const DE: &'static DeTable;
}

/// A struct that the runtime writes from its [`SerTable`]; written by [`__object!`](crate::__object).
///
/// # Safety
/// As for [`ObjectDe`], for `SER`.
#[doc(hidden)]
pub unsafe trait ObjectSer {
    /// The table.
    const SER: &'static SerTable;
}

/// A struct being read: which fields are written so far (dropped again if reading fails).
struct Building {
    base: *mut u8,
    table: &'static DeTable,
    seen: Vec<bool>,
    order: Vec<u16>,
    done: bool,
}

impl Drop for Building {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        // SAFETY: exactly the fields marked seen, and the extra map, are written.
        unsafe {
            for (f, seen) in self.table.fields.iter().zip(&self.seen) {
                if *seen {
                    (f.codec.drop)(self.base.add(f.offset));
                }
            }
            (self.table.extra.drop)(self.base.add(self.table.extra_offset));
        }
    }
}

impl Building {
    fn field(
        &mut self,
        i: usize,
        d: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        let f = &self.table.fields[i];
        // SAFETY: field `i` is not written yet (`seen` is set only after this succeeds), and
        // the codec writes its own type at the field's offset.
        unsafe { (f.codec.read)(self.base.add(f.offset), d)? };
        self.seen[i] = true;
        Ok(())
    }

    fn extra(
        &mut self,
        key: String,
        d: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        // SAFETY: the extra map is initialized before any key is read.
        unsafe { (self.table.extra.read)(self.base.add(self.table.extra_offset), key, d)? };
        self.order.push(EXTRA_KEY);
        Ok(())
    }
}

/// Reads a struct from `d` into `base` following `table`; on success every field is written,
/// on failure none is left written.
///
/// # Safety
/// `base` is valid for writes of the struct that `table` describes (see [`ObjectDe`]).
unsafe fn read_into(
    d: &mut dyn erased_serde::Deserializer<'_>,
    table: &'static DeTable,
    base: *mut u8,
) -> Result<(), erased_serde::Error> {
    // The extra map first: from here on the guard owns it (and drops it if reading fails).
    (table.extra.init)(base.add(table.extra_offset));
    let mut building = Building {
        base,
        table,
        seen: vec![false; table.fields.len()],
        order: Vec::new(),
        done: false,
    };
    serde::Deserializer::deserialize_map(
        d,
        ObjectVisitor {
            building: &mut building,
        },
    )?;
    for (i, f) in table.fields.iter().enumerate() {
        if building.seen[i] {
            continue;
        }
        match f.codec.absent {
            Some(absent) => {
                absent(base.add(f.offset));
                building.seen[i] = true;
            }
            None => return Err(serde::de::Error::missing_field(f.wire)),
        }
    }
    let order = std::mem::take(&mut building.order);
    (table.extra.set_order)(base.add(table.extra_offset), order);
    building.done = true;
    Ok(())
}

struct ObjectVisitor<'a> {
    building: &'a mut Building,
}

enum Target {
    Field(usize),
    Extra(String),
}

struct SlotSeed<'a> {
    building: &'a mut Building,
    slot: Target,
}

/// An erased error as the outer format's error. serde_json has already put the position in
/// the text; it adds it again on the way out, so the inner one is dropped.
fn unerase<E: serde::de::Error>(e: erased_serde::Error) -> E {
    let text = e.to_string();
    let trimmed = match text.rfind(" at line ") {
        Some(at)
            if text[at + 9..].split_once(" column ").is_some_and(|(l, c)| {
                !l.is_empty()
                    && !c.is_empty()
                    && l.bytes().all(|b| b.is_ascii_digit())
                    && c.bytes().all(|b| b.is_ascii_digit())
            }) =>
        {
            &text[..at]
        }
        _ => &text,
    };
    E::custom(trimmed)
}

impl<'de> serde::de::DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if let Target::Field(i) = self.slot {
            if self.building.table.fields[i].codec.null_is_absent {
                return d.deserialize_option(NullIsAbsent {
                    building: self.building,
                    i,
                });
            }
        }
        let mut erased = <dyn erased_serde::Deserializer>::erase(d);
        match self.slot {
            Target::Field(i) => self.building.field(i, &mut erased),
            Target::Extra(key) => self.building.extra(key, &mut erased),
        }
        .map_err(unerase)
    }
}

/// An optional field: `null` leaves it unset, anything else is read as its type.
struct NullIsAbsent<'a> {
    building: &'a mut Building,
    i: usize,
}

impl<'de> Visitor<'de> for NullIsAbsent<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(d);
        self.building.field(self.i, &mut erased).map_err(unerase)
    }
}

impl<'de> Visitor<'de> for ObjectVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.building.table.expecting)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let fields = self.building.table.fields;
            let slot = match fields.iter().position(|f| f.wire == key.as_str()) {
                Some(i) if self.building.seen[i] => {
                    return Err(serde::de::Error::duplicate_field(fields[i].wire))
                }
                Some(i) => {
                    self.building.order.push(i as u16);
                    Target::Field(i)
                }
                None => Target::Extra(key.into_string()),
            };
            map.next_value_seed(SlotSeed {
                building: &mut *self.building,
                slot,
            })?;
        }
        Ok(())
    }
}

/// `Deserialize::deserialize` of every [`__object!`](crate::__object) struct: per struct and
/// input format only this shim; the reader itself is one for all structs.
#[doc(hidden)]
pub fn deserialize_object<'de, T: ObjectDe, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let mut erased = <dyn erased_serde::Deserializer>::erase(d);
    read_object::<T>(&mut erased).map_err(unerase)
}

/// A struct from any (erased) input; also how a field that is itself such a struct is read.
#[doc(hidden)]
pub fn read_object<T: ObjectDe>(
    d: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<T, erased_serde::Error> {
    let mut slot = std::mem::MaybeUninit::<T>::uninit();
    // SAFETY: `T::DE` describes `T` (the `ObjectDe` contract), so `read_into` writes every field
    // of `T` when it succeeds.
    match unsafe { read_into(d, T::DE, slot.as_mut_ptr() as *mut u8) } {
        Ok(()) => Ok(unsafe { slot.assume_init() }),
        Err(e) => Err(e),
    }
}

/// A field that is a list of generated structs: one sequence visitor for every item type
/// (serde's `Vec<T>` visitor, erased, instantiates some thirty methods per `T`).
#[doc(hidden)]
pub fn read_nested_list<T: ObjectDe>(
    d: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<Vec<T>, erased_serde::Error> {
    let mut items = Vec::new();
    read_seq(d, &mut |d| {
        items.push(read_object::<T>(d)?);
        Ok(())
    })?;
    Ok(items)
}

type ItemReader<'a, 'de> =
    dyn FnMut(&mut dyn erased_serde::Deserializer<'de>) -> Result<(), erased_serde::Error> + 'a;

/// Reads a JSON array, handing each item to `item`.
fn read_seq<'de>(
    d: &mut dyn erased_serde::Deserializer<'de>,
    item: &mut ItemReader<'_, 'de>,
) -> Result<(), erased_serde::Error> {
    serde::Deserializer::deserialize_seq(d, SeqVisitor { item })
}

struct SeqVisitor<'a, 'b, 'de> {
    item: &'a mut ItemReader<'b, 'de>,
}

impl<'de> Visitor<'de> for SeqVisitor<'_, '_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(ItemSeed {
                item: &mut *self.item,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct ItemSeed<'a, 'b, 'de> {
    item: &'a mut ItemReader<'b, 'de>,
}

impl<'de> serde::de::DeserializeSeed<'de> for ItemSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(d);
        (self.item)(&mut erased).map_err(unerase)
    }
}

/// `Serialize::serialize` of every [`__object!`](crate::__object) struct: first the keys in the
/// order they were read, then what was not read (declared fields in order, then the other keys).
#[doc(hidden)]
pub fn serialize_object<T: ObjectSer, S: Serializer>(
    object: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    ObjectView::of(object).serialize(serializer)
}

/// # Safety
/// `base` points to an initialized struct that `table` describes.
unsafe fn write_fields<S: Serializer>(
    base: *const u8,
    table: &'static SerTable,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let fields = table.fields;
    let mut map = serializer.serialize_map(None)?;
    let mut failed: Option<S::Error> = None;
    {
        let mut put = |key: &str, value: &dyn erased_serde::Serialize| {
            if failed.is_none() {
                if let Err(e) = map.serialize_entry(key, value) {
                    failed = Some(e);
                }
            }
        };
        (table.extra)(base.add(table.extra_offset), &mut |extra| {
            let mut done = vec![false; fields.len()];
            let mut extras = extra.extras();
            for &position in extra.order() {
                if position == EXTRA_KEY {
                    if let Some((k, v)) = extras.next() {
                        put(k, v);
                    }
                    continue;
                }
                let i = position as usize;
                if i >= fields.len() || std::mem::replace(&mut done[i], true) {
                    continue;
                }
                let f = &fields[i];
                (f.codec)(base.add(f.offset), &mut |v| put(f.wire, v));
            }
            for (f, done) in fields.iter().zip(done) {
                if !done {
                    (f.codec)(base.add(f.offset), &mut |v| put(f.wire, v));
                }
            }
            for (k, v) in extras {
                put(k, v);
            }
        });
    }
    match failed {
        Some(e) => Err(e),
        None => map.end(),
    }
}

/// `Deserialize`, `Serialize` and the tables behind them ([`ObjectDe`], [`ObjectSer`]) of a
/// struct whose declared fields are listed (with their value type) and whose other keys go to
/// an `extra` field ([`ExtraMap`]); the input's key order is kept and written back. Field kinds:
/// `req` (must be present), `opt` (an `Option`; `null` is absent), `present` (an `Option` whose
/// type admits `null`: a present `null` is `Some`), `default` (absent is `Default::default()`,
/// always written). The type in parentheses is the value's type without the `Option`; a kind
/// may be followed by `nested` (the value is itself such a struct) or `nested_list` (a `Vec` of
/// them), which read, write and compare it through its tables. The `@ index` of each field is
/// its place in the list. With `eq,` before the fields, the struct also gets `PartialEq` from a
/// third table (field by field, as the derive compares).
///
/// The struct must list every field here; the macro checks that at compile time (a missing or
/// mistyped field is an error, never undefined behaviour).
///
/// ```ignore
/// vossgen_runtime::__object! {
///     Role, "a data/Role object", extra: extra as vossgen_runtime::Extra,
///     { name: "name" => req(String) @ 0, description: "description" => opt(String) @ 1 }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (
        $ty:ident $(< $($g:ident),+ >)?, $expecting:literal,
        extra: $extra:ident as $extra_ty:ty, $($eq:ident,)?
        { $($field:ident : $wire:literal => $kind:ident $($codec:ident)? ( $t:ty ) @ $idx:literal),* $(,)? }
    ) => {
        const _: () = {
            // What makes the tables below sound: every field of the struct is listed exactly once
            // (the pattern has no `..`), and each is stored as its kind says.
            #[allow(dead_code, clippy::all)]
            fn check $(< $($g),+ >)? (x: &$ty $(< $($g),+ >)?) {
                let $ty { $($field: _,)* $extra: _ } = x;
                $(let _: &<$crate::__object!(@slot $kind [$($codec)?] ($t)) as $crate::__private::Slot>::Stored = &x.$field;)*
                let _: &$extra_ty = &x.$extra;
            }
            // SAFETY: checked by `check` above; offsets come from `offset_of!`.
            unsafe impl $(< $($g: $crate::serde::de::DeserializeOwned),+ >)? $crate::__private::ObjectDe for $ty $(< $($g),+ >)? {
                const DE: &'static $crate::__private::DeTable = &$crate::__private::DeTable {
                    fields: &[$($crate::__private::FieldDe {
                        wire: $wire,
                        offset: ::core::mem::offset_of!(Self, $field),
                        codec: <$crate::__object!(@slot $kind [$($codec)?] ($t)) as $crate::__private::DeSlot>::DE,
                    }),*],
                    extra_offset: ::core::mem::offset_of!(Self, $extra),
                    extra: <$extra_ty as $crate::__private::ExtraDe>::DE,
                    expecting: $expecting,
                };
            }
            // SAFETY: as above.
            unsafe impl $(< $($g: $crate::serde::Serialize),+ >)? $crate::__private::ObjectSer for $ty $(< $($g),+ >)? {
                const SER: &'static $crate::__private::SerTable = &$crate::__private::SerTable {
                    fields: &[$($crate::__private::FieldSer {
                        wire: $wire,
                        offset: ::core::mem::offset_of!(Self, $field),
                        codec: <$crate::__object!(@slot $kind [$($codec)?] ($t)) as $crate::__private::SerSlot>::SER,
                    }),*],
                    extra_offset: ::core::mem::offset_of!(Self, $extra),
                    extra: <$extra_ty as $crate::__private::ExtraSerSlot>::SER,
                };
            }
            $crate::__object!(@eq [$($eq)?] $ty $(< $($g),+ >)?, $extra as $extra_ty, { $($field: $kind [$($codec)?] ($t)),* });
            impl<'de $($(, $g: $crate::serde::de::DeserializeOwned)+)?> $crate::serde::Deserialize<'de> for $ty $(< $($g),+ >)? {
                fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    $crate::__private::deserialize_object(d)
                }
            }
            impl $(< $($g: $crate::serde::Serialize),+ >)? $crate::serde::Serialize for $ty $(< $($g),+ >)? {
                fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    $crate::__private::serialize_object(self, s)
                }
            }
        };
    };
    (@eq [] $($rest:tt)*) => {};
    (@eq [eq] $ty:ident $(< $($g:ident),+ >)?, $extra:ident as $extra_ty:ty, { $($field:ident : $kind:ident [$($c:ident)?] ($t:ty)),* }) => {
        // SAFETY: as for the other tables (the same fields, checked by `check`).
        unsafe impl $(< $($g: ::core::cmp::PartialEq),+ >)? $crate::__private::ObjectEq for $ty $(< $($g),+ >)? {
            const EQ: &'static $crate::__private::EqTable = &$crate::__private::EqTable {
                fields: &[$((
                    ::core::mem::offset_of!(Self, $field),
                    <$crate::__object!(@slot $kind [$($c)?] ($t)) as $crate::__private::EqSlot>::EQ,
                )),*],
                extra_offset: ::core::mem::offset_of!(Self, $extra),
                extra: <$extra_ty as $crate::__private::ExtraEq>::EQ,
            };
        }
        impl $(< $($g: ::core::cmp::PartialEq),+ >)? ::core::cmp::PartialEq for $ty $(< $($g),+ >)? {
            fn eq(&self, other: &Self) -> bool {
                $crate::__private::object_eq(self, other)
            }
        }
    };
    (@slot req [$($c:ident)?] ($t:ty)) => { $crate::__private::Req<$crate::__object!(@read [$($c)?] ($t))> };
    (@slot opt [$($c:ident)?] ($t:ty)) => { $crate::__private::Opt<$crate::__object!(@read [$($c)?] ($t))> };
    (@slot present [$($c:ident)?] ($t:ty)) => { $crate::__private::Present<$crate::__object!(@read [$($c)?] ($t))> };
    (@slot default [$($c:ident)?] ($t:ty)) => { $crate::__private::Dflt<$crate::__object!(@read [$($c)?] ($t))> };
    (@read [nested] ($t:ty)) => { $crate::__private::Nested<$t> };
    (@read [nested_list] ($t:ty)) => { $crate::__private::NestedList<$t> };
    (@read [] ($t:ty)) => { $crate::__private::Plain<$t> };
}

#[cfg(test)]
mod tests {
    //! The object tables' reader, writer and comparison, including the failure paths (a field
    //! that fails after others were written: the guard drops exactly those).
    use super::Extra;
    use indexmap::IndexMap;

    #[derive(Debug, Clone)]
    struct Inner {
        x: String,
        extra: Extra,
    }
    crate::__object! {
        Inner, "an inner", extra: extra as Extra, eq,
        { x: "x" => req(String) @ 0 }
    }

    #[derive(Debug, Clone)]
    struct Outer {
        name: String,
        note: Option<String>,
        maybe: Option<Option<u32>>,
        tags: Vec<String>,
        inner: Option<Inner>,
        list: Option<Vec<Inner>>,
        boxed: Inner,
        extra: Extra,
    }
    crate::__object! {
        Outer, "an outer", extra: extra as Extra, eq,
        {
            name: "name" => req(String) @ 0,
            note: "note" => opt(String) @ 1,
            maybe: "maybe" => present(Option<u32>) @ 2,
            tags: "tags" => default(Vec<String>) @ 3,
            inner: "inner" => opt nested(Inner) @ 4,
            list: "list" => opt nested_list(Vec<Inner>) @ 5,
            boxed: "boxed" => req nested(Inner) @ 6,
        }
    }

    const FULL: &str = r#"{"note":"n","name":"a","extra1":7,"maybe":null,"inner":{"x":"i","k":[1]},"list":[{"x":"1"},{"x":"2","y":null}],"boxed":{"x":"b"},"tags":["t"]}"#;

    #[test]
    fn reads_and_writes_back_key_for_key() {
        let o: Outer = serde_json::from_str(FULL).unwrap();
        assert_eq!(o.name, "a");
        assert_eq!(o.maybe, Some(None));
        assert_eq!(o.extra.get("extra1"), Some(&serde_json::json!(7)));
        assert_eq!(o.list.as_ref().map(Vec::len), Some(2));
        assert_eq!(serde_json::to_string(&o).unwrap(), FULL);
        // Absent: `None`, `Default`; `null` in an `opt` field is absent.
        let o: Outer =
            serde_json::from_str(r#"{"name":"a","note":null,"boxed":{"x":"b"}}"#).unwrap();
        assert_eq!((o.note, o.maybe, o.tags.len()), (None, None, 0));
    }

    #[derive(Debug, Clone)]
    struct Typed {
        id: u32,
        extra: IndexMap<String, u32>,
    }
    crate::__object! {
        Typed, "a typed map", extra: extra as IndexMap<String, u32>, eq,
        { id: "id" => req(u32) @ 0 }
    }

    #[test]
    fn typed_extra_values() {
        let t: Typed = serde_json::from_str(r#"{"z":1,"id":3,"a":2}"#).unwrap();
        assert_eq!(t.extra.keys().collect::<Vec<_>>(), ["z", "a"]);
        // Declared fields first, then the map in the order it came.
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"id":3,"z":1,"a":2}"#
        );
        assert!(serde_json::from_str::<Typed>(r#"{"id":3,"a":"x"}"#).is_err());
        assert_eq!(t.clone(), t);
    }

    #[test]
    fn compares_field_by_field() {
        let a: Outer = serde_json::from_str(FULL).unwrap();
        let mut b = a.clone();
        assert_eq!(a, b);
        b.list.as_mut().unwrap()[1].x = "3".into();
        assert_ne!(a, b);
        let mut c = a.clone();
        c.inner
            .as_mut()
            .unwrap()
            .extra
            .insert("k".into(), serde_json::json!([2]));
        assert_ne!(a, c);
        let mut d = a.clone();
        d.maybe = None;
        assert_ne!(a, d);
    }

    #[test]
    fn every_failure_leaves_nothing_behind() {
        for (text, expected) in [
            (r#"{"name":"a","note":"n"}"#, "missing field `boxed`"),
            (r#"{"name":"a","name":"b"}"#, "duplicate field `name`"),
            (r#"{"name":"a","boxed":{"x":1}}"#, "invalid type"),
            (
                r#"{"name":"a","list":[{"x":"1"},{}],"boxed":{"x":"b"}}"#,
                "missing field `x`",
            ),
            (
                r#"{"tags":["t"],"inner":{"x":"i"},"boxed":{"x":"b"},"name":5}"#,
                "invalid type",
            ),
            (r#"["a"]"#, "an outer"),
        ] {
            let e = serde_json::from_str::<Outer>(text).unwrap_err().to_string();
            assert!(e.contains(expected), "{text}: {e}");
        }
    }
}
