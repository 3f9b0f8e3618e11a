//! Objects that keep the keys they do not declare, and the order all their keys came in, so
//! that writing one back gives the JSON that was read, key for key. One macro,
//! [`__object!`](crate::__object), serves the envelopes and all generated structs; it does not
//! use `#[serde(flatten)]` (which buffers every object before decoding it).
//!
//! Compile cost is the design constraint here: a crate of thousands of generated structs must
//! build. So a struct is data: per struct the macro writes one static table (wire name,
//! `offset_of!` and a codec per field) and a few one-line shims; the reader, writer, comparison
//! and drop that walk the tables are compiled once, here, and a field codec once per field
//! *type* of a crate. The serde work runs on type-erased values (`erased_serde`), instantiated
//! once per format.

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
/// order they came. Reads and writes like the `serde_json::Map` it dereferences to; equality
/// looks at the keys and values only, and so does `Debug`, which redacts the values of members
/// named like credentials.
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
    /// The members as a map, with the values of those whose names look like credentials
    /// (`password`, `token`, … at any depth: a V-Spark user's `auth.password`) redacted: the
    /// schema does not say what they hold.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::secret::RedactedMap(&self.map).fmt(f)
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
// Objects as data. A struct written by `__object!` is described by one static table: for each
// declared field its wire name, its byte offset in the struct and a codec (a few function
// pointers) chosen by the field's *type*, not by the struct; the table also knows the struct's
// size and alignment. The reader, the writer, the comparison and the drop below walk those
// tables; rustc compiles them once, and a codec once per field type of a crate.
//
// Structs nested in structs, and lists of them, are read, written, compared and dropped through
// their own tables, so that no serde visitor, `Vec` growth, iterator adapter or drop glue is
// instantiated per struct type: in a crate of thousands of structs those per-type copies were
// most of what LLVM compiled.
//
// Soundness rests on one fact that holds by construction: each table lists every field of its
// struct exactly once, at `offset_of!` that field, with a codec whose stored type is the
// field's type. `__object!` writes the struct and its table from one list of fields, and a
// field's codec is the `Slot` of its kind *for the field's own type* (`opt` for `Option<T>`,
// …), whose stored type is that type (`stored_types_agree`). Given that, a codec only ever
// reads, writes or drops a value of its own type at its own offset, and a struct is assumed
// initialized only after every field has been written. A struct dropped through its table has
// its fields dropped, not a `Drop` impl of its own: the `Object` contract excludes those (a
// `Drop` impl can only be written in the struct's own crate, and vossgen writes none).
// ---------------------------------------------------------------------------------------------

/// How a field's value is read, written, compared and dropped: through its own serde impls and
/// `PartialEq` ([`Plain`]), as a struct written by `__object!` ([`Nested`]), as a `Vec` of
/// them ([`NestedList`]), or through its wire string ([`Text`]).
#[doc(hidden)]
pub trait Access<T> {
    /// Reads a value.
    fn read(d: &mut dyn erased_serde::Deserializer<'_>) -> Result<T, erased_serde::Error>;
    /// Drops the value at `p`.
    ///
    /// # Safety
    /// `p` holds an initialized `T` that is not used again.
    unsafe fn drop_value(p: *mut T) {
        std::ptr::drop_in_place(p)
    }
    /// How the runtime writes and compares a value.
    const OPS: ValueOps;
}

/// How a codec writes and compares a value.
#[doc(hidden)]
pub enum ValueOps {
    /// Through a function per type.
    Fns {
        /// Hands the value at the pointer to the writer.
        ser: LendFn,
        /// Compares the values at two pointers.
        eq: unsafe fn(*const u8, *const u8) -> bool,
    },
    /// Through the value's wire string ([`WireStr`]): only this accessor is per type.
    Wire(unsafe fn(*const u8) -> *const str),
}

// The `ValueOps` functions, one per value type; `p`, `a` and `b` point to initialized values of it.

unsafe fn wire_of<T: WireStr>(p: *const u8) -> *const str {
    (*(p as *const T)).wire()
}

unsafe fn lend_plain<T: Serialize>(p: *const u8, f: &mut dyn FnMut(&dyn erased_serde::Serialize)) {
    f(&*(p as *const T))
}

unsafe fn eq_plain<T: PartialEq>(a: *const u8, b: *const u8) -> bool {
    *(a as *const T) == *(b as *const T)
}

unsafe fn lend_nested<T: Object>(p: *const u8, f: &mut dyn FnMut(&dyn erased_serde::Serialize)) {
    f(&ObjectView::of(&*(p as *const T)))
}

unsafe fn eq_nested<T: Object>(a: *const u8, b: *const u8) -> bool {
    fields_eq(a, b, T::TABLE)
}

unsafe fn lend_list<T: Object>(p: *const u8, f: &mut dyn FnMut(&dyn erased_serde::Serialize)) {
    f(&ListView::of(&*(p as *const Vec<T>)))
}

unsafe fn eq_list<T: Object>(a: *const u8, b: *const u8) -> bool {
    let (a, b) = (&*(a as *const Vec<T>), &*(b as *const Vec<T>));
    lists_eq(
        (a.as_ptr() as *const u8, a.len()),
        (b.as_ptr() as *const u8, b.len()),
        T::TABLE,
    )
}

/// A value read through its own `Deserialize` (and written and compared through its own
/// `Serialize` and `PartialEq`).
#[doc(hidden)]
pub struct Plain;
/// A struct written by `__object!`, handled through its table.
#[doc(hidden)]
pub struct Nested;
/// A `Vec` of structs written by `__object!`, handled through their table.
#[doc(hidden)]
pub struct NestedList;

impl<T: DeserializeOwned + Serialize + PartialEq> Access<T> for Plain {
    fn read(d: &mut dyn erased_serde::Deserializer<'_>) -> Result<T, erased_serde::Error> {
        erased_serde::deserialize(d)
    }
    const OPS: ValueOps = ValueOps::Fns {
        ser: lend_plain::<T>,
        eq: eq_plain::<T>,
    };
}

impl<T: Object> Access<T> for Nested {
    fn read(d: &mut dyn erased_serde::Deserializer<'_>) -> Result<T, erased_serde::Error> {
        read_object(d)
    }
    unsafe fn drop_value(p: *mut T) {
        drop_object(p as *mut u8, T::TABLE)
    }
    const OPS: ValueOps = ValueOps::Fns {
        ser: lend_nested::<T>,
        eq: eq_nested::<T>,
    };
}

impl<T: Object> Access<Vec<T>> for NestedList {
    fn read(d: &mut dyn erased_serde::Deserializer<'_>) -> Result<Vec<T>, erased_serde::Error> {
        let list = read_list(d, T::TABLE)?;
        // SAFETY: `read_list` allocated `cap` items of `T::TABLE`'s layout, which is `T`'s
        // (the `Object` contract), with the global allocator, and wrote the first `len`.
        Ok(unsafe { Vec::from_raw_parts(list.ptr as *mut T, list.len, list.cap) })
    }
    unsafe fn drop_value(p: *mut Vec<T>) {
        let list = std::mem::ManuallyDrop::new(std::ptr::read(p));
        drop_list(
            RawList {
                ptr: list.as_ptr() as *mut u8,
                len: list.len(),
                cap: list.capacity(),
            },
            T::TABLE,
        )
    }
    const OPS: ValueOps = ValueOps::Fns {
        ser: lend_list::<T>,
        eq: eq_list::<T>,
    };
}

/// A value written on the wire as a JSON string and nothing else: generated string enums and
/// [`Reference`](crate::Reference)s. Fields of these types are read, written and compared
/// through the string ([`Text`]), so that no serde impl is instantiated per type.
#[doc(hidden)]
pub trait WireStr: Sized {
    /// The wire string.
    fn wire(&self) -> &str;
    /// The value a wire string stands for (every string stands for one).
    fn from_wire(value: String) -> Self;
}

/// `Deserialize::deserialize` of a [`WireStr`] type.
#[doc(hidden)]
pub fn deserialize_wire_str<'de, T: WireStr, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    match String::deserialize(d) {
        Ok(value) => Ok(T::from_wire(value)),
        Err(e) => Err(e),
    }
}

/// A [`WireStr`] value, handled through its string.
#[doc(hidden)]
pub struct Text;

impl<T: WireStr> Access<T> for Text {
    fn read(d: &mut dyn erased_serde::Deserializer<'_>) -> Result<T, erased_serde::Error> {
        match erased_serde::deserialize::<String>(d) {
            Ok(value) => Ok(T::from_wire(value)),
            Err(e) => Err(e),
        }
    }
    const OPS: ValueOps = ValueOps::Wire(wire_of::<T>);
}

/// A required field of type `T`: absent is an error.
#[doc(hidden)]
pub struct Req<T, R = Plain>(std::marker::PhantomData<(fn() -> T, R)>);
/// An optional field, of type `T = Option<_>`: absent or `null` is `None`.
#[doc(hidden)]
pub struct Opt<T, R = Plain>(std::marker::PhantomData<(fn() -> T, R)>);
/// An optional field, of type `T = Option<_>`, whose inner type admits `null`: absent is
/// `None`, a present `null` is `Some` (so that it is written back).
#[doc(hidden)]
pub struct Present<T, R = Plain>(std::marker::PhantomData<(fn() -> T, R)>);
/// A field of type `T` that is `Default::default()` when absent and always written.
#[doc(hidden)]
pub struct Dflt<T, R = Plain>(std::marker::PhantomData<(fn() -> T, R)>);

/// The names `__object!` spells field kinds and accesses with (a field `f: F = opt nested("f")`
/// has the codec of `Opt<F, Nested>`), so that it needs no helper macro per field.
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub mod slots {
    /// See [`Req`](super::Req).
    pub type req<T, R = super::Plain> = super::Req<T, R>;
    /// See [`Opt`](super::Opt).
    pub type opt<T, R = super::Plain> = super::Opt<T, R>;
    /// See [`Present`](super::Present).
    pub type present<T, R = super::Plain> = super::Present<T, R>;
    /// See [`Dflt`](super::Dflt).
    pub type default<T, R = super::Plain> = super::Dflt<T, R>;
    /// See [`Nested`](super::Nested).
    pub type nested = super::Nested;
    /// See [`NestedList`](super::NestedList).
    pub type nested_list = super::NestedList;
    /// See [`Text`](super::Text).
    pub type text = super::Text;
}

/// Hands the value at the pointer to the writer.
type LendFn = unsafe fn(*const u8, &mut dyn FnMut(&dyn erased_serde::Serialize));

/// A field's codec: how the runtime reads, writes, compares and drops the field in place.
#[doc(hidden)]
pub struct Codec {
    /// `null` means absent (an [`Opt`] field): the reader sees it, so that no `Option<T>`
    /// visitor is instantiated per type.
    null_is_absent: bool,
    /// Reads a value and, only on success, writes the field at the pointer.
    read: unsafe fn(
        *mut u8,
        &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error>,
    /// Writes the field of an absent key; `None` when the field is required.
    absent: Option<unsafe fn(*mut u8)>,
    /// Drops the field in place.
    drop: unsafe fn(*mut u8),
    /// For a field stored as an `Option`: the value in it, or null for `None`.
    inner: Option<unsafe fn(*const u8) -> *const u8>,
    /// How the value (not the field: see `inner`) is written and compared.
    ops: ValueOps,
    /// The stored type's size and alignment: where the next field of a `#[repr(C)]` struct
    /// goes (see [`c_fields`]).
    layout: std::alloc::Layout,
}

impl Codec {
    /// The value of the field at `p`, or null when it is a `None`.
    ///
    /// # Safety
    /// `p` holds an initialized field of this codec.
    unsafe fn value(&self, p: *const u8) -> *const u8 {
        match self.inner {
            Some(inner) => inner(p),
            None => p,
        }
    }

    /// Hands the field's value, when there is one, to `f`; `false` when there is none.
    ///
    /// # Safety
    /// As for [`Codec::value`].
    unsafe fn lend(&self, p: *const u8, f: &mut dyn FnMut(&dyn erased_serde::Serialize)) -> bool {
        let value = self.value(p);
        if value.is_null() {
            return false;
        }
        match self.ops {
            ValueOps::Fns { ser, .. } => ser(value, f),
            ValueOps::Wire(wire) => f(&&*wire(value)),
        }
        true
    }

    /// Whether two fields are equal (`None` equals `None` only).
    ///
    /// # Safety
    /// Both hold initialized fields of this codec.
    unsafe fn same(&self, a: *const u8, b: *const u8) -> bool {
        match (self.value(a), self.value(b)) {
            (a, b) if a.is_null() || b.is_null() => a.is_null() && b.is_null(),
            (a, b) => match self.ops {
                ValueOps::Fns { eq, .. } => eq(a, b),
                ValueOps::Wire(wire) => *wire(a) == *wire(b),
            },
        }
    }
}

/// A field kind: the type a struct stores for it and its codec (one per field type of a crate).
#[doc(hidden)]
pub trait Slot {
    /// The field's type in the struct.
    type Stored;
    /// The codec.
    const CODEC: &'static Codec;
}

// The codecs below are instantiated once per field type of a crate, so they are kept small:
// `as` casts and `match` rather than `cast()`, `?` and `Option` methods (which would
// instantiate generic helpers per type too), and the work on an `Option` field split into one
// small accessor per type (`inner`) and the rest, which is not generic.

unsafe fn read_value<T, R: Access<T>>(
    p: *mut u8,
    d: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    match R::read(d) {
        Ok(value) => {
            std::ptr::write(p as *mut T, value);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

unsafe fn read_some<T, R: Access<T>>(
    p: *mut u8,
    d: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    match R::read(d) {
        Ok(value) => {
            std::ptr::write(p as *mut Option<T>, Some(value));
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

unsafe fn drop_value<T, R: Access<T>>(p: *mut u8) {
    R::drop_value(p as *mut T)
}

unsafe fn drop_some<T, R: Access<T>>(p: *mut u8) {
    if let Some(value) = &mut *(p as *mut Option<T>) {
        R::drop_value(value)
    }
}

unsafe fn inner<T>(p: *const u8) -> *const u8 {
    match &*(p as *const Option<T>) {
        Some(value) => value as *const T as *const u8,
        None => std::ptr::null(),
    }
}

/// The codec of a field stored as the value itself.
const fn value_codec<T, R: Access<T>>(absent: Option<unsafe fn(*mut u8)>) -> Codec {
    Codec {
        null_is_absent: false,
        read: read_value::<T, R>,
        absent,
        drop: drop_value::<T, R>,
        inner: None,
        ops: R::OPS,
        layout: std::alloc::Layout::new::<T>(),
    }
}

/// The codec of a field stored as an `Option` of the value.
const fn option_codec<T, R: Access<T>>(null_is_absent: bool) -> Codec {
    Codec {
        null_is_absent,
        read: read_some::<T, R>,
        absent: Some(write_none::<T>),
        drop: drop_some::<T, R>,
        inner: Some(inner::<T>),
        ops: R::OPS,
        layout: std::alloc::Layout::new::<Option<T>>(),
    }
}

impl<T, R: Access<T>> Slot for Req<T, R> {
    type Stored = T;
    const CODEC: &'static Codec = &value_codec::<T, R>(None);
}
impl<T, R: Access<T>> Slot for Opt<Option<T>, R> {
    type Stored = Option<T>;
    const CODEC: &'static Codec = &option_codec::<T, R>(true);
}
impl<T, R: Access<T>> Slot for Present<Option<T>, R> {
    type Stored = Option<T>;
    const CODEC: &'static Codec = &option_codec::<T, R>(false);
}
impl<T: Default, R: Access<T>> Slot for Dflt<T, R> {
    type Stored = T;
    const CODEC: &'static Codec = &value_codec::<T, R>(Some(write_default::<T>));
}

/// What makes `__object!` sound: a kind's type parameter is the type of the field it is used
/// for, and its codec's stored type is that same type, for every kind, value type and access.
/// Compiling this function is the check (a mismatch fails the runtime's own build).
#[allow(dead_code, clippy::type_complexity)]
fn stored_types_agree<T: Default, R: Access<T>>() {
    let _: fn(<Req<T, R> as Slot>::Stored) -> T = |x| x;
    let _: fn(<Opt<Option<T>, R> as Slot>::Stored) -> Option<T> = |x| x;
    let _: fn(<Present<Option<T>, R> as Slot>::Stored) -> Option<T> = |x| x;
    let _: fn(<Dflt<T, R> as Slot>::Stored) -> T = |x| x;
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

/// Lends the map at the pointer to the writer.
type ExtraLendFn = unsafe fn(*const u8, &mut dyn FnMut(&dyn ExtraSer));

/// The codec of the field that keeps the undeclared keys (one per [`ExtraMap`] type).
#[doc(hidden)]
pub struct ExtraCodec {
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
    /// Lends the map at the pointer to the writer.
    ser: ExtraLendFn,
    /// Compares the maps at two pointers.
    eq: unsafe fn(*const u8, *const u8) -> bool,
}

/// An [`ExtraMap`] a struct written by `__object!` can keep its undeclared keys in.
#[doc(hidden)]
pub trait ExtraSlot {
    /// The codec.
    const CODEC: &'static ExtraCodec;
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

unsafe fn extra_lend<M: ExtraSer>(p: *const u8, f: &mut dyn FnMut(&dyn ExtraSer)) {
    f(&*(p as *const M))
}

unsafe fn extra_drop<M>(p: *mut u8) {
    std::ptr::drop_in_place(p as *mut M)
}

unsafe fn extra_eq<M: PartialEq>(a: *const u8, b: *const u8) -> bool {
    *(a as *const M) == *(b as *const M)
}

impl<M: ExtraMap + Default + PartialEq> ExtraSlot for M
where
    M::Value: DeserializeOwned + Serialize,
{
    const CODEC: &'static ExtraCodec = &ExtraCodec {
        init: write_default::<M>,
        read: extra_read::<M>,
        set_order: extra_set_order::<M>,
        drop: extra_drop::<M>,
        ser: extra_lend::<M>,
        eq: extra_eq::<M>,
    };
}

/// Clones the stored value at the first pointer into the second (uninitialized).
type CloneFn = unsafe fn(*const u8, *mut u8);
/// Lends the stored value at the pointer to `Debug` output.
type DebugFn = unsafe fn(*const u8, &mut dyn FnMut(&dyn fmt::Debug));

/// How a stored type is cloned and shown: what `#[derive(Clone, Debug)]` would do per field,
/// one per stored type of a crate instead of one body per struct.
#[doc(hidden)]
pub struct StdOps {
    clone: CloneFn,
    debug: DebugFn,
}

unsafe fn clone_at<S: Clone>(src: *const u8, dst: *mut u8) {
    std::ptr::write(dst as *mut S, (*(src as *const S)).clone())
}

unsafe fn debug_at<S: fmt::Debug>(p: *const u8, f: &mut dyn FnMut(&dyn fmt::Debug)) {
    f(&*(p as *const S))
}

/// A type stored in a field of a struct written by `__object!`: every `Clone + Debug` type.
#[doc(hidden)]
pub trait StdSlot {
    /// Its clone and `Debug`.
    const STD: &'static StdOps;
}

impl<S: Clone + fmt::Debug> StdSlot for S {
    const STD: &'static StdOps = &StdOps {
        clone: clone_at::<S>,
        debug: debug_at::<S>,
    };
}

/// What a type parameter of a struct written by `__object!` must be.
#[doc(hidden)]
pub trait FieldType: DeserializeOwned + Serialize + PartialEq {}
impl<T: DeserializeOwned + Serialize + PartialEq> FieldType for T {}

/// A declared field of a struct written by `__object!`.
#[doc(hidden)]
pub struct Field {
    /// The wire name.
    pub wire: &'static str,
    /// The Rust name, as `Debug` shows it (`r#` is left out there).
    pub name: &'static str,
    /// The field's offset (computed by [`c_fields`]).
    pub offset: usize,
    /// Its kind's codec.
    pub codec: &'static Codec,
    /// `Debug` shows `"[REDACTED]"` instead of the value (a secret not stored as a `Secret`).
    pub redacted: bool,
}

/// The fields of a `#[repr(C)]` struct written by `__object!`, given in declaration order as
/// (wire name, Rust name, codec, redacted), with their offsets: the C layout puts each field at
/// the first multiple of its alignment after the previous one. The struct's extra field comes
/// last: `extra_offset` (`offset_of!` it) and `extra_align` check the computation (a mismatch
/// is a compile error), so that one `offset_of!` per struct stands for one per field (each
/// cost rustc as much as the rest of the field's table entry).
#[doc(hidden)]
pub const fn c_fields<const N: usize>(
    decl: [(&'static str, &'static str, &'static Codec, bool); N],
    extra_offset: usize,
    extra_align: usize,
) -> [Field; N] {
    const NONE: Field = Field {
        wire: "",
        name: "",
        offset: 0,
        codec: <Req<()> as Slot>::CODEC,
        redacted: false,
    };
    let mut fields = [NONE; N];
    let mut end: usize = 0;
    let mut i = 0;
    while i < N {
        let (wire, name, codec, redacted) = decl[i];
        let offset = end.next_multiple_of(codec.layout.align());
        fields[i] = Field {
            wire,
            name,
            offset,
            codec,
            redacted,
        };
        end = offset + codec.layout.size();
        i += 1;
    }
    assert!(
        end.next_multiple_of(extra_align) == extra_offset,
        "the fields are not laid out as #[repr(C)]"
    );
    fields
}

/// How the runtime reads, writes, compares and drops a struct written by `__object!`.
#[doc(hidden)]
pub struct Table {
    /// The declared fields, in declaration order.
    pub fields: &'static [Field],
    /// `offset_of!` the field that keeps the undeclared keys.
    pub extra_offset: usize,
    /// Its codec.
    pub extra: &'static ExtraCodec,
    /// `size_of` and `align_of` the struct.
    pub layout: std::alloc::Layout,
    /// What serde says it expected when the input is not an object.
    pub expecting: &'static str,
    /// The struct's name, as `Debug` shows it.
    pub name: &'static str,
    /// The Rust name of the field that keeps the undeclared keys.
    pub extra_name: &'static str,
}

/// A struct that the runtime reads, writes, compares and drops from its [`Table`]; written by
/// [`__object!`](crate::__object).
///
/// # Safety
/// `TABLE` lists every field of `Self` exactly once, each at its offset and with a codec whose
/// stored type is the field's type, its `layout` is `Self`'s, and `Self` has no `Drop` impl of
/// its own (dropping it is dropping its fields). `__object!` writes the struct and its table
/// from one list of fields.
#[doc(hidden)]
pub unsafe trait Object: Sized {
    /// The table.
    const TABLE: &'static Table;
}

/// An [`Object`] that is cloned and shown through its table: what its fields' stored types
/// are ([`StdSlot`]); written by [`__object!`](crate::__object) for a struct without type
/// parameters.
///
/// # Safety
/// `STD` has one entry per field of `TABLE`, in its order, each for the field's stored type,
/// then one for the extra field's type.
#[doc(hidden)]
pub unsafe trait ObjectStd: Object {
    /// The stored types' clone and `Debug`.
    const STD: &'static [&'static StdOps];
}

/// Drops the struct at `base` field by field, as its drop glue would.
///
/// # Safety
/// `base` holds an initialized struct that `table` describes and that is not used again.
unsafe fn drop_object(base: *mut u8, table: &'static Table) {
    for f in table.fields {
        (f.codec.drop)(base.add(f.offset));
    }
    (table.extra.drop)(base.add(table.extra_offset));
}

/// Whether the structs at `a` and `b` are equal, field by field, as the derive compares.
///
/// # Safety
/// `a` and `b` point to initialized structs that `table` describes.
unsafe fn fields_eq(a: *const u8, b: *const u8, table: &'static Table) -> bool {
    for f in table.fields {
        if !f.codec.same(a.add(f.offset), b.add(f.offset)) {
            return false;
        }
    }
    (table.extra.eq)(a.add(table.extra_offset), b.add(table.extra_offset))
}

/// Whether two slices of structs are equal.
///
/// # Safety
/// Each is a pointer and length of a slice of initialized structs that `table` describes.
unsafe fn lists_eq(a: (*const u8, usize), b: (*const u8, usize), table: &'static Table) -> bool {
    if a.1 != b.1 {
        return false;
    }
    let stride = table.layout.size();
    for i in 0..a.1 {
        if !fields_eq(a.0.add(i * stride), b.0.add(i * stride), table) {
            return false;
        }
    }
    true
}

/// `PartialEq::eq` of every struct written by `__object!` with `eq`: field by field, as the
/// derive would, through the table.
#[doc(hidden)]
pub fn object_eq<T: Object>(a: &T, b: &T) -> bool {
    // SAFETY: both are `T`, which `T::TABLE` describes (the `Object` contract).
    unsafe {
        fields_eq(
            a as *const T as *const u8,
            b as *const T as *const u8,
            T::TABLE,
        )
    }
}

/// `Clone::clone` of every struct written by `__object!`: field by field, as the derive
/// would, through the table.
#[doc(hidden)]
pub fn clone_object<T: ObjectStd>(object: &T) -> T {
    let mut slot = std::mem::MaybeUninit::<T>::uninit();
    // SAFETY: `T::TABLE` and `T::STD` describe `T` (the `Object` and `ObjectStd` contracts):
    // `clone_fields` writes every field of the slot.
    unsafe {
        clone_fields(
            object as *const T as *const u8,
            slot.as_mut_ptr() as *mut u8,
            T::TABLE,
            T::STD,
        );
        slot.assume_init()
    }
}

/// Clones the struct at `src` into `dst` field by field; if a clone panics, the fields already
/// written are dropped.
///
/// # Safety
/// `src` holds an initialized struct that `table` and `std` describe; `dst` is valid for
/// writing one.
unsafe fn clone_fields(
    src: *const u8,
    dst: *mut u8,
    table: &'static Table,
    std: &'static [&'static StdOps],
) {
    struct Written {
        dst: *mut u8,
        table: &'static Table,
        done: usize,
    }
    impl Drop for Written {
        fn drop(&mut self) {
            for f in &self.table.fields[..self.done] {
                // SAFETY: the first `done` fields were written and are not used again.
                unsafe { (f.codec.drop)(self.dst.add(f.offset)) }
            }
        }
    }
    let mut written = Written {
        dst,
        table,
        done: 0,
    };
    for (f, ops) in table.fields.iter().zip(std) {
        (ops.clone)(src.add(f.offset), dst.add(f.offset));
        written.done += 1;
    }
    let extra = std[table.fields.len()];
    (extra.clone)(src.add(table.extra_offset), dst.add(table.extra_offset));
    std::mem::forget(written);
}

/// `Debug::fmt` of every struct written by `__object!`: what the derive shows, through the
/// table (a redacted field shows `"[REDACTED]"`).
#[doc(hidden)]
pub fn debug_object<T: ObjectStd>(object: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    // SAFETY: `object` is a `T`, which `T::TABLE` and `T::STD` describe.
    unsafe { debug_fields(object as *const T as *const u8, T::TABLE, T::STD, f) }
}

/// # Safety
/// `base` holds an initialized struct that `table` and `std` describe.
unsafe fn debug_fields(
    base: *const u8,
    table: &'static Table,
    std: &'static [&'static StdOps],
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let shown = |name: &'static str| name.strip_prefix("r#").unwrap_or(name);
    let mut out = f.debug_struct(table.name);
    for (field, ops) in table.fields.iter().zip(std) {
        if field.redacted {
            out.field(shown(field.name), &"[REDACTED]");
        } else {
            (ops.debug)(base.add(field.offset), &mut |v| {
                out.field(shown(field.name), v);
            });
        }
    }
    (std[table.fields.len()].debug)(base.add(table.extra_offset), &mut |v| {
        out.field(shown(table.extra_name), v);
    });
    out.finish()
}

/// A list of structs being read, or read: what a `Vec` of them is made from.
struct RawList {
    ptr: *mut u8,
    len: usize,
    cap: usize,
}

/// Drops the first `len` structs of `list` and frees its memory, as `Vec`'s drop would.
///
/// # Safety
/// `list` was allocated with the global allocator for `cap` structs of `table.layout` (or has
/// `cap == 0`), its first `len` structs are initialized, and none is used again.
unsafe fn drop_list(list: RawList, table: &'static Table) {
    let size = table.layout.size();
    for i in 0..list.len {
        drop_object(list.ptr.add(i * size), table);
    }
    if list.cap != 0 {
        // `Layout::array` of `cap` items: it was allocated so.
        let bytes =
            std::alloc::Layout::from_size_align_unchecked(size * list.cap, table.layout.align());
        std::alloc::dealloc(list.ptr, bytes);
    }
}

/// A list being read: dropped (items and memory) if reading fails.
struct ListGuard {
    list: RawList,
    table: &'static Table,
}

impl Drop for ListGuard {
    fn drop(&mut self) {
        let list = RawList { ..self.list };
        // SAFETY: the guard owns the list, and exactly its first `len` items are written.
        unsafe { drop_list(list, self.table) }
    }
}

impl ListGuard {
    /// Room for one more item, growing the allocation as `Vec` does.
    fn reserve_one(&mut self) -> Result<(), erased_serde::Error> {
        if self.list.len < self.list.cap {
            return Ok(());
        }
        let layout = self.table.layout;
        let cap = if self.list.cap == 0 {
            4
        } else {
            self.list.cap * 2
        };
        let bytes = layout
            .size()
            .checked_mul(cap)
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or_else(|| serde::de::Error::custom("the list is too long to hold in memory"))?;
        // SAFETY: a multiple of the item size (itself a multiple of its alignment), below
        // `isize::MAX`.
        let new = unsafe { std::alloc::Layout::from_size_align_unchecked(bytes, layout.align()) };
        // SAFETY: sizes are non-zero (every object keeps an extra map, so it is not zero-sized);
        // the old allocation, if any, had `cap` items of `layout`.
        let ptr = unsafe {
            if self.list.cap == 0 {
                std::alloc::alloc(new)
            } else {
                let old = std::alloc::Layout::from_size_align_unchecked(
                    layout.size() * self.list.cap,
                    layout.align(),
                );
                std::alloc::realloc(self.list.ptr, old, bytes)
            }
        };
        if ptr.is_null() {
            std::alloc::handle_alloc_error(new);
        }
        self.list.ptr = ptr;
        self.list.cap = cap;
        Ok(())
    }
}

/// Reads a JSON array of structs that `table` describes into memory laid out as a `Vec` of them.
fn read_list(
    d: &mut dyn erased_serde::Deserializer<'_>,
    table: &'static Table,
) -> Result<RawList, erased_serde::Error> {
    assert!(table.layout.size() != 0, "objects keep an extra map");
    let mut guard = ListGuard {
        list: RawList {
            // `Vec`'s empty pointer: dangling and aligned.
            ptr: table.layout.align() as *mut u8,
            len: 0,
            cap: 0,
        },
        table,
    };
    read_seq(d, &mut |d| {
        guard.reserve_one()?;
        // SAFETY: item `len` is within the allocation and not written; `read_into` writes a
        // whole struct there or nothing.
        unsafe {
            let slot = guard.list.ptr.add(guard.list.len * table.layout.size());
            read_into(d, table, slot)?;
        }
        guard.list.len += 1;
        Ok(())
    })?;
    let list = RawList { ..guard.list };
    std::mem::forget(guard);
    Ok(list)
}

/// A struct being read: which fields are written so far (dropped again if reading fails).
struct Building {
    base: *mut u8,
    table: &'static Table,
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
/// `base` is valid for writes of the struct that `table` describes (see [`Object`]).
unsafe fn read_into(
    d: &mut dyn erased_serde::Deserializer<'_>,
    table: &'static Table,
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

/// A struct written by `__object!`, seen through its table: what nested structs are written as,
/// so that one `Serialize` (and one erased instance of it) serves them all.
#[doc(hidden)]
pub struct ObjectView<'a> {
    base: *const u8,
    table: &'static Table,
    _borrow: std::marker::PhantomData<&'a ()>,
}

impl<'a> ObjectView<'a> {
    /// `value` through its table.
    pub fn of<T: Object>(value: &'a T) -> Self {
        ObjectView {
            base: value as *const T as *const u8,
            table: T::TABLE,
            _borrow: std::marker::PhantomData,
        }
    }
}

impl Serialize for ObjectView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // SAFETY: `base` borrows a struct that `table` describes (the `Object` contract).
        unsafe { write_fields(self.base, self.table, serializer) }
    }
}

/// A `Vec` of structs written by `__object!`, seen through their table.
struct ListView<'a> {
    base: *const u8,
    len: usize,
    table: &'static Table,
    _borrow: std::marker::PhantomData<&'a ()>,
}

impl<'a> ListView<'a> {
    fn of<T: Object>(items: &'a [T]) -> Self {
        ListView {
            base: items.as_ptr() as *const u8,
            len: items.len(),
            table: T::TABLE,
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
                // SAFETY: item `i` of the borrowed slice (the stride is the struct's size).
                base: unsafe { self.base.add(i * self.table.layout.size()) },
                table: self.table,
                _borrow: std::marker::PhantomData,
            };
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
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
        let mut first = true;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if std::mem::take(&mut first) && key.as_str() == JSON_NUMBER_TOKEN {
                // A number, as serde_json's `arbitrary_precision` hands it over where serde
                // buffers the input (the variants of an untagged union): not an object.
                return Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Other("a number"),
                    &self,
                ));
            }
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

/// The key of the one-entry map serde_json's `arbitrary_precision` (feature `exact-numbers`)
/// writes a number as when the reader asks for any value (serde_json's private
/// `number::TOKEN`).
pub(crate) const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// `Deserialize::deserialize` of every [`__object!`](crate::__object) struct: per struct and
/// input format only this shim; the reader itself is one for all structs.
#[doc(hidden)]
pub fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let mut erased = <dyn erased_serde::Deserializer>::erase(d);
    read_object::<T>(&mut erased).map_err(unerase)
}

/// A struct from any (erased) input; also how a field that is itself such a struct is read.
fn read_object<T: Object>(
    d: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<T, erased_serde::Error> {
    let mut slot = std::mem::MaybeUninit::<T>::uninit();
    // SAFETY: `T::TABLE` describes `T` (the `Object` contract), so `read_into` writes every
    // field of `T` when it succeeds.
    match unsafe { read_into(d, T::TABLE, slot.as_mut_ptr() as *mut u8) } {
        Ok(()) => Ok(unsafe { slot.assume_init() }),
        Err(e) => Err(e),
    }
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
pub fn serialize_object<T: Object, S: Serializer>(
    object: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    ObjectView::of(object).serialize(serializer)
}

/// # Safety
/// `base` points to an initialized struct that `table` describes.
unsafe fn write_fields<S: Serializer>(
    base: *const u8,
    table: &'static Table,
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
        (table.extra.ser)(base.add(table.extra_offset), &mut |extra| {
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
                f.codec.lend(base.add(f.offset), &mut |v| put(f.wire, v));
            }
            for (f, done) in fields.iter().zip(done) {
                if !done {
                    f.codec.lend(base.add(f.offset), &mut |v| put(f.wire, v));
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

/// A struct, and its `Deserialize`, `Serialize`, `Clone`, `Debug` and the table behind them
/// ([`Object`]). Each declared field is written with its type and, after `=`, how it is on the
/// wire: its kind and its wire name. The field after `..` keeps the other keys (an
/// [`ExtraMap`]); the input's key order is kept and written back. Kinds: `req` (must be
/// present), `opt` (an `Option`; `null` is absent), `present` (an `Option` of a type that
/// admits `null`: a present `null` is `Some`), `default` (absent is `Default::default()`,
/// always written). A kind may be followed by `nested` (the value is itself such a struct) or
/// `nested_list` (a `Vec` of them), which read, write, compare and drop it through its table,
/// or by `text` (a [`WireStr`] type, handled through its string). A field followed by
/// `redacted` shows as `"[REDACTED]"` in `Debug`. With `, eq` after the expected-input text,
/// the struct also gets `PartialEq` from the table (field by field, as the derive compares).
/// Every field type must be `PartialEq` either way (the table can compare). A struct without
/// type parameters also gets `Clone` and `Debug` from the table (what the derives would give,
/// without a body per struct: its field types must be `Clone` and `Debug`); a generic struct
/// derives its own. Attributes and doc comments go on the struct and its fields as written.
///
/// The macro writes the struct itself, so its table lists every field exactly once, and a
/// field's codec is chosen for the field's own type (a kind that does not fit the type is a
/// compile error): nothing is left to check against a separately written struct (that check
/// cost a third of the compile time of a large generated crate). The struct must not
/// implement `Drop`.
///
/// ```ignore
/// vossgen_runtime::__object! {
///     /// A role.
///     pub struct Role: "a data/Role object", eq {
///         /// The role's name.
///         pub name: String = req("name"),
///         pub description: Option<String> = opt("description"),
///         pub pin: Option<String> = opt("pin") redacted,
///         ..
///         /// Keys the schema does not list.
///         pub extra: vossgen_runtime::Extra,
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (
        $(#[$attr:meta])*
        $vis:vis struct $ty:ident $(< $($g:ident),+ >)? : $expecting:literal $(, $eq:ident)? {
            $(
                $(#[$fattr:meta])*
                pub $field:ident : $ft:ty = $kind:ident $($access:ident)? ( $wire:literal ) $($redacted:ident)?,
            )*
            ..
            $(#[$eattr:meta])*
            pub $extra:ident : $extra_ty:ty $(,)?
        }
    ) => {
        $(#[$attr])*
        // The C layout: each field's offset follows from the ones before it (`c_fields`).
        #[repr(C)]
        $vis struct $ty $(< $($g),+ >)? {
            $(
                $(#[$fattr])*
                pub $field: $ft,
            )*
            $(#[$eattr])*
            pub $extra: $extra_ty,
        }
        const _: () = {
            // SAFETY: the struct above has exactly these fields, in this order, each with a
            // codec for its own type (see `stored_types_agree`); being `#[repr(C)]`, each is at
            // the offset `c_fields` computes from the codecs' layouts (which it checks against
            // `offset_of!` the extra field, declared last).
            unsafe impl $(< $($g: $crate::__private::FieldType),+ >)? $crate::__private::Object for $ty $(< $($g),+ >)? {
                const TABLE: &'static $crate::__private::Table = &$crate::__private::Table {
                    fields: &$crate::__private::c_fields(
                        [$((
                            $wire,
                            ::core::stringify!($field),
                            <$crate::__private::slots::$kind<$ft $(, $crate::__private::slots::$access)?> as $crate::__private::Slot>::CODEC,
                            $crate::__object!(@redacted $($redacted)?),
                        )),*],
                        ::core::mem::offset_of!(Self, $extra),
                        ::core::mem::align_of::<$extra_ty>(),
                    ),
                    extra_offset: ::core::mem::offset_of!(Self, $extra),
                    extra: <$extra_ty as $crate::__private::ExtraSlot>::CODEC,
                    layout: ::core::alloc::Layout::new::<Self>(),
                    expecting: $expecting,
                    name: ::core::stringify!($ty),
                    extra_name: ::core::stringify!($extra),
                };
            }
            $crate::__object!(@eq [$($eq)?] $ty $(< $($g),+ >)?);
            impl<'de $($(, $g: $crate::__private::FieldType)+)?> $crate::serde::Deserialize<'de> for $ty $(< $($g),+ >)? {
                fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    $crate::__private::deserialize_object(d)
                }
            }
            impl $(< $($g: $crate::__private::FieldType),+ >)? $crate::serde::Serialize for $ty $(< $($g),+ >)? {
                fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    $crate::__private::serialize_object(self, s)
                }
            }
            $crate::__object!(@std [$($($g)+)?] $ty, $($ft,)* $extra_ty);
        };
    };
    (@std [] $ty:ident, $($stored:ty),+) => {
        // SAFETY: one entry per field of `TABLE`, in its order, then the extra field's.
        unsafe impl $crate::__private::ObjectStd for $ty {
            const STD: &'static [&'static $crate::__private::StdOps] =
                &[$(<$stored as $crate::__private::StdSlot>::STD),+];
        }
        impl ::core::clone::Clone for $ty {
            // Inline, as the derive's: compiled only in the crates that clone.
            #[inline]
            fn clone(&self) -> Self {
                $crate::__private::clone_object(self)
            }
        }
        impl ::core::fmt::Debug for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__private::debug_object(self, f)
            }
        }
    };
    (@std [$($g:ident)+] $($rest:tt)*) => {};
    (@redacted) => { false };
    (@redacted redacted) => { true };
    (@eq [] $($rest:tt)*) => {};
    (@eq [eq] $ty:ident $(< $($g:ident),+ >)?) => {
        impl $(< $($g: $crate::__private::FieldType),+ >)? ::core::cmp::PartialEq for $ty $(< $($g),+ >)? {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                $crate::__private::object_eq(self, other)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    //! The object tables' reader, writer and comparison, including the failure paths (a field
    //! that fails after others were written: the guard drops exactly those).
    use super::Extra;
    use indexmap::IndexMap;

    crate::__object! {
        struct Inner: "an inner", eq {
            pub x: String = req("x"),
            ..
            pub extra: Extra,
        }
    }
    crate::__object! {
        struct Outer: "an outer", eq {
            pub name: String = req("name"),
            pub note: Option<String> = opt("note"),
            pub maybe: Option<Option<u32>> = present("maybe"),
            pub tags: Vec<String> = default("tags"),
            pub inner: Option<Inner> = opt nested("inner"),
            pub list: Option<Vec<Inner>> = opt nested_list("list"),
            pub boxed: Inner = req nested("boxed"),
            ..
            pub extra: Extra,
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

    crate::__object! {
        struct Typed: "a typed map", eq {
            pub id: u32 = req("id"),
            ..
            pub extra: IndexMap<String, u32>,
        }
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

    /// A value that counts how many of it are alive.
    #[derive(Debug, Clone, PartialEq)]
    struct Counted(String);
    static ALIVE: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);
    impl Counted {
        fn alive() -> isize {
            ALIVE.load(std::sync::atomic::Ordering::SeqCst)
        }
    }
    impl Drop for Counted {
        fn drop(&mut self) {
            ALIVE.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
    impl<'de> serde::Deserialize<'de> for Counted {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = String::deserialize(d)?;
            ALIVE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(Counted(s))
        }
    }
    impl serde::Serialize for Counted {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.0.serialize(s)
        }
    }

    crate::__object! {
        struct Item: "an item", eq {
            pub c: Counted = req("c"),
            ..
            pub extra: Extra,
        }
    }
    crate::__object! {
        struct Holder: "a holder", eq {
            pub one: Option<Item> = opt nested("one"),
            pub many: Option<Vec<Item>> = opt nested_list("many"),
            pub all: Vec<Item> = default nested_list("all"),
            ..
            pub extra: Extra,
        }
    }
    /// Lists of structs are built, compared and dropped through their tables: every value read
    /// is dropped exactly once, whether the whole object is read and dropped, or reading fails
    /// part way through a list (the items read so far, and the fields before, are dropped).
    #[test]
    fn nested_lists_and_structs_drop_every_value_once() {
        // One test touches the counter (tests run in parallel).
        let items: String = (0..40)
            .map(|i| format!(r#"{{"c":"{i}"}}"#))
            .collect::<Vec<_>>()
            .join(",");
        let text = format!(r#"{{"one":{{"c":"x"}},"many":[{items}],"all":[{{"c":"y"}}]}}"#);
        let h: Holder = serde_json::from_str(&text).unwrap();
        assert_eq!(Counted::alive(), 42);
        assert_eq!(h.many.as_ref().map(Vec::len), Some(40));
        assert_eq!(h.many.as_ref().unwrap()[39].c.0, "39");
        assert_eq!(serde_json::to_string(&h).unwrap(), text);
        let mut other: Holder = serde_json::from_str(&text).unwrap();
        assert!(h == other);
        other.many.as_mut().unwrap().pop();
        assert!(h != other);
        assert_eq!(Counted::alive(), 83);
        drop(other);
        drop(h);
        assert_eq!(Counted::alive(), 0);
        let empty: Holder = serde_json::from_str(r#"{"many":[]}"#).unwrap();
        assert_eq!(empty.many.as_ref().map(Vec::len), Some(0));
        assert!(empty.all.is_empty());
        drop(empty);
        for bad in [
            format!(r#"{{"one":{{"c":"x"}},"many":[{items},{{"c":5}}]}}"#),
            format!(r#"{{"one":{{"c":"x"}},"many":[{items}],"all":[{{"c":"y"}},{{}}]}}"#),
            format!(r#"{{"many":[{items}],"one":{{"c":"x","c":"z"}}}}"#),
        ] {
            assert!(serde_json::from_str::<Holder>(&bad).is_err());
            assert_eq!(Counted::alive(), 0, "{bad}");
        }
    }

    crate::__object! {
        struct Shown: "a shown thing" {
            pub r#type: String = req("type"),
            pub note: Option<i64> = opt("note"),
            pub tags: Vec<String> = default("tags"),
            pub inner: Option<Inner> = opt nested("inner"),
            pub pin: Option<i64> = opt("pin") redacted,
            ..
            pub extra: Extra,
        }
    }
    mod derived {
        //! What `#[derive(Debug)]` shows for the same fields.
        #![allow(dead_code)] // Only read through `Debug`.
        #[derive(Debug)]
        pub struct Inner {
            pub x: String,
            pub extra: super::Extra,
        }
        #[derive(Debug)]
        pub struct Shown {
            pub r#type: String,
            pub note: Option<i64>,
            pub tags: Vec<String>,
            pub inner: Option<Inner>,
            pub pin: &'static str,
            pub extra: super::Extra,
        }
    }

    /// `Clone` and `Debug` from the table are the derives' (a raw field name without `r#`,
    /// `Some`/`None`, nested structs, `{:#?}`), except that a redacted field shows
    /// `"[REDACTED]"`.
    #[test]
    fn clone_and_debug_are_the_derives() {
        let text =
            r#"{"type":"t","note":3,"inner":{"x":"i","k":1},"pin":1234,"z":[null],"tags":[]}"#;
        let shown: Shown = serde_json::from_str(text).unwrap();
        let copy = shown.clone();
        assert_eq!(serde_json::to_string(&copy).unwrap(), text);
        let derived = derived::Shown {
            r#type: "t".into(),
            note: Some(3),
            tags: vec![],
            inner: Some(derived::Inner {
                x: "i".into(),
                extra: shown.inner.as_ref().unwrap().extra.clone(),
            }),
            pin: "[REDACTED]",
            extra: shown.extra.clone(),
        };
        assert_eq!(format!("{shown:?}"), format!("{derived:?}"));
        assert_eq!(format!("{copy:#?}"), format!("{derived:#?}"));
        assert!(!format!("{shown:?}").contains("1234"));
        assert!(format!("{shown:?}").starts_with("Shown { type: \"t\", note: Some(3), "));
    }

    /// A value whose clone panics on `"boom"`; counts how many of it are alive.
    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Brittle(String);
    static BRITTLE: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);
    impl Brittle {
        fn new(s: &str) -> Brittle {
            BRITTLE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Brittle(s.to_string())
        }
    }
    impl Clone for Brittle {
        fn clone(&self) -> Self {
            assert!(self.0 != "boom", "clone of boom");
            Brittle::new(&self.0)
        }
    }
    impl Drop for Brittle {
        fn drop(&mut self) {
            BRITTLE.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
    impl<'de> serde::Deserialize<'de> for Brittle {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Ok(Brittle::new(&String::deserialize(d)?))
        }
    }
    crate::__object! {
        struct Three: "three" {
            pub a: Brittle = req("a"),
            pub b: Option<Brittle> = opt("b"),
            pub c: Brittle = req("c"),
            ..
            pub extra: Extra,
        }
    }
    /// A clone that panics part way drops the fields it had cloned (nothing leaks, nothing is
    /// dropped twice).
    #[test]
    fn a_clone_that_panics_drops_what_it_cloned() {
        let fine: Three = serde_json::from_str(r#"{"a":"1","b":"2","c":"3"}"#).unwrap();
        let copy = fine.clone();
        assert_eq!(BRITTLE.load(std::sync::atomic::Ordering::SeqCst), 6);
        assert!(copy.b == Some(Brittle::new("2")));
        drop((fine, copy));
        let bad: Three = serde_json::from_str(r#"{"a":"1","b":"2","c":"boom"}"#).unwrap();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bad.clone()));
        assert!(result.is_err());
        assert_eq!(BRITTLE.load(std::sync::atomic::Ordering::SeqCst), 3);
        drop(bad);
        assert_eq!(BRITTLE.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Colour {
        Red,
        Other(String),
    }
    impl super::WireStr for Colour {
        fn wire(&self) -> &str {
            match self {
                Colour::Red => "red",
                Colour::Other(s) => s,
            }
        }
        fn from_wire(value: String) -> Self {
            match value.as_str() {
                "red" => Colour::Red,
                _ => Colour::Other(value),
            }
        }
    }

    crate::__object! {
        struct Painted: "a painted thing", eq {
            pub colour: Colour = req text("colour"),
            pub second: Option<Colour> = opt text("second"),
            ..
            pub extra: Extra,
        }
    }
    /// The offsets `c_fields` computes are the compiler's for a `#[repr(C)]` struct (here with
    /// padding after the one-byte field), and a layout that does not end where the extra field
    /// begins is refused.
    #[test]
    fn c_fields_are_the_c_layout() {
        use super::{c_fields, slots, Slot};
        #[repr(C)]
        struct C {
            flag: Option<bool>,
            name: String,
            small: u16,
            extra: Extra,
        }
        let fields = c_fields(
            [
                (
                    "f",
                    "flag",
                    <slots::opt<Option<bool>> as Slot>::CODEC,
                    false,
                ),
                ("n", "name", <slots::req<String> as Slot>::CODEC, false),
                ("s", "small", <slots::req<u16> as Slot>::CODEC, false),
            ],
            std::mem::offset_of!(C, extra),
            std::mem::align_of::<Extra>(),
        );
        let offsets: Vec<usize> = fields.iter().map(|f| f.offset).collect();
        assert_eq!(
            offsets,
            [
                std::mem::offset_of!(C, flag),
                std::mem::offset_of!(C, name),
                std::mem::offset_of!(C, small)
            ]
        );
        assert_eq!(offsets[1], 8, "padded to String's alignment");
        let wrong = std::panic::catch_unwind(|| {
            c_fields(
                [("n", "name", <slots::req<String> as Slot>::CODEC, false)],
                std::mem::offset_of!(C, extra),
                std::mem::align_of::<Extra>(),
            )
        });
        assert!(wrong.is_err());
    }

    /// String enums and references are read, written and compared through their wire string.
    #[test]
    fn text_fields_go_through_the_wire_string() {
        let p: Painted = serde_json::from_str(r#"{"second":"blue","colour":"red"}"#).unwrap();
        assert_eq!(p.colour, Colour::Red);
        assert_eq!(p.second, Some(Colour::Other("blue".into())));
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"second":"blue","colour":"red"}"#
        );
        let mut q = p.clone();
        assert_eq!(p, q);
        q.second = Some(Colour::Red);
        assert_ne!(p, q);
        q.second = None;
        assert_ne!(p, q);
        let r: Painted = serde_json::from_str(r#"{"colour":"red","second":null}"#).unwrap();
        assert_eq!(r.second, None);
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"colour":"red"}"#);
        assert!(serde_json::from_str::<Painted>(r#"{"colour":3}"#).is_err());
    }
}
