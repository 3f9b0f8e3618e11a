//! Objects that keep the keys they do not declare, and the order all their keys came in, so
//! that writing one back gives the JSON that was read, key for key. One macro,
//! [`__object!`](crate::__object), serves the envelopes and all generated structs; it does not
//! use `#[serde(flatten)]` (which buffers every object before decoding it).
//!
//! Compile cost is the design constraint here: a crate of thousands of generated structs must
//! build. So the serde work is done once, in this crate, on type-erased values
//! (`erased_serde`): per struct the macro writes only non-generic code (a table of wire names,
//! one `match` that stores field `i`, one that lends field `i` out) and two one-line generic
//! shims. What serde would monomorphize per struct and per input format is instantiated here
//! once per format.

use indexmap::IndexMap;
use serde::de::{Deserialize, Deserializer, Visitor};
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

/// The decoding half of a struct with declared fields and undeclared keys in an
/// [`ExtraMap`]; written by [`__object!`](crate::__object). Non-generic but for `'de`.
#[doc(hidden)]
pub trait ObjectDe<'de>: Sized {
    /// The declared wire names, in declaration order (a field's index is its place here).
    const FIELDS: &'static [&'static str];
    /// For each field, whether `null` means absent (an optional field whose type has no
    /// `null`): the runtime reads such a `null` itself, so that no `Option<T>` visitor is
    /// instantiated per field type.
    const NULL_IS_ABSENT: &'static [bool];
    /// What serde says it expected when the input is not an object.
    const EXPECTING: &'static str;
    /// The fields read so far, each an `Option`.
    type Partial;
    /// Where the undeclared keys go.
    type Extra: ExtraMap + Default;
    /// Nothing read yet.
    fn partial() -> Self::Partial;
    /// Reads field `i` from `d` into `partial`.
    fn set(
        partial: &mut Self::Partial,
        i: usize,
        d: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error>;
    /// The value, or the wire name of a required field that was missing.
    fn finish(partial: Self::Partial, extra: Self::Extra) -> Result<Self, &'static str>;
}

/// The encoding half: object-safe, so that one serializer serves every struct.
#[doc(hidden)]
pub trait ObjectSer {
    /// The declared wire names, in declaration order.
    fn fields(&self) -> &'static [&'static str];
    /// Field `i`, or `None` when it is absent (an unset optional field).
    fn get(&self, i: usize) -> Option<&dyn erased_serde::Serialize>;
    /// The undeclared keys and the recorded order.
    fn extra(&self) -> &dyn ExtraSer;
}

/// An [`ExtraMap`] seen by the serializer: implemented once per extra type (not per struct).
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

/// An [`ExtraMap`] seen by the decoder: implemented once per extra type (not per struct).
trait ExtraDe<'de> {
    fn read(
        &mut self,
        key: String,
        d: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error>;
}

impl<'de, M> ExtraDe<'de> for M
where
    M: ExtraMap,
    M::Value: Deserialize<'de>,
{
    fn read(
        &mut self,
        key: String,
        d: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error> {
        let value = erased_serde::deserialize(d)?;
        self.insert_extra(key, value);
        Ok(())
    }
}

/// What the visitor tracks for any struct: the keys seen, their order.
struct Tracker {
    fields: &'static [&'static str],
    null_is_absent: &'static [bool],
    expecting: &'static str,
    seen: Vec<bool>,
    order: Vec<u16>,
}

impl Tracker {
    fn index(&mut self, key: &str) -> Option<Result<usize, &'static str>> {
        let i = self.fields.iter().position(|f| *f == key)?;
        if std::mem::replace(&mut self.seen[i], true) {
            return Some(Err(self.fields[i]));
        }
        self.order.push(i as u16);
        Some(Ok(i))
    }
}

/// A struct being decoded: the per-struct part is only its partial fields (`T::set`).
struct Builder<'de, T: ObjectDe<'de>> {
    partial: T::Partial,
}

/// What the one visitor feeds: the tracker, the extra map and the struct's fields, each
/// type-erased.
struct Target<'a, 'de> {
    tracker: Tracker,
    extra: &'a mut dyn ExtraDe<'de>,
    fields: &'a mut dyn FieldSink<'de>,
}

trait FieldSink<'de> {
    fn field(
        &mut self,
        i: usize,
        d: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error>;
}

impl<'de, T: ObjectDe<'de>> FieldSink<'de> for Builder<'de, T> {
    fn field(
        &mut self,
        i: usize,
        d: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error> {
        T::set(&mut self.partial, i, d)
    }
}

impl<'de> Target<'_, 'de> {
    fn extra(
        &mut self,
        key: String,
        d: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error> {
        self.extra.read(key, d)?;
        self.tracker.order.push(EXTRA_KEY);
        Ok(())
    }
}

struct ObjectVisitor<'a, 'b, 'de> {
    sink: &'a mut Target<'b, 'de>,
}

enum Slot {
    Field(usize),
    Extra(String),
}

struct SlotSeed<'a, 'b, 'de> {
    sink: &'a mut Target<'b, 'de>,
    slot: Slot,
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

impl<'de> serde::de::DeserializeSeed<'de> for SlotSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if let Slot::Field(i) = self.slot {
            if self.sink.tracker.null_is_absent.get(i) == Some(&true) {
                return d.deserialize_option(NullIsAbsent { sink: self.sink, i });
            }
        }
        let mut erased = <dyn erased_serde::Deserializer>::erase(d);
        match self.slot {
            Slot::Field(i) => self.sink.fields.field(i, &mut erased),
            Slot::Extra(key) => self.sink.extra(key, &mut erased),
        }
        .map_err(unerase)
    }
}

/// An optional field: `null` leaves it unset, anything else is read as its type.
struct NullIsAbsent<'a, 'b, 'de> {
    sink: &'a mut Target<'b, 'de>,
    i: usize,
}

impl<'de> Visitor<'de> for NullIsAbsent<'_, '_, 'de> {
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
        self.sink.fields.field(self.i, &mut erased).map_err(unerase)
    }
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, '_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sink.tracker.expecting)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let slot = match self.sink.tracker.index(key.as_str()) {
                Some(Ok(i)) => Slot::Field(i),
                Some(Err(wire)) => return Err(serde::de::Error::duplicate_field(wire)),
                None => Slot::Extra(key.into_string()),
            };
            map.next_value_seed(SlotSeed {
                sink: &mut *self.sink,
                slot,
            })?;
        }
        Ok(())
    }
}

/// `Deserialize::deserialize` of every [`__object!`](crate::__object) struct: per struct and
/// input format only this shim; the struct's own part ([`read_object`]) does not depend on the
/// format, and the visitor is one for all.
#[doc(hidden)]
pub fn deserialize_object<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: ObjectDe<'de>,
    <T::Extra as ExtraMap>::Value: Deserialize<'de>,
    D: Deserializer<'de>,
{
    let mut erased = <dyn erased_serde::Deserializer>::erase(d);
    read_object::<T>(&mut erased).map_err(unerase)
}

/// A struct from any (erased) input; also what a field that is itself a generated struct is
/// read with (the macro's `nested` codec): no `Any` box and no second erasure per type, as
/// `erased_serde::deserialize` would make.
#[doc(hidden)]
pub fn read_object<'de, T>(
    d: &mut dyn erased_serde::Deserializer<'de>,
) -> Result<T, erased_serde::Error>
where
    T: ObjectDe<'de>,
    <T::Extra as ExtraMap>::Value: Deserialize<'de>,
{
    let mut fields = Builder::<T> {
        partial: T::partial(),
    };
    let mut extra = T::Extra::default();
    let order = visit_object(
        d,
        T::FIELDS,
        T::NULL_IS_ABSENT,
        T::EXPECTING,
        &mut extra,
        &mut fields,
    )?;
    extra.set_order(order);
    T::finish(fields.partial, extra).map_err(serde::de::Error::missing_field)
}

/// A field that is a list of generated structs: one sequence visitor for every item type
/// (serde's `Vec<T>` visitor, erased, instantiates some thirty methods per `T`).
#[doc(hidden)]
pub fn read_nested_list<'de, T>(
    d: &mut dyn erased_serde::Deserializer<'de>,
) -> Result<Vec<T>, erased_serde::Error>
where
    T: ObjectDe<'de>,
    <T::Extra as ExtraMap>::Value: Deserialize<'de>,
{
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

/// Reads an object's members into `fields` and `extra`; returns the key order.
fn visit_object<'de>(
    d: &mut dyn erased_serde::Deserializer<'de>,
    names: &'static [&'static str],
    null_is_absent: &'static [bool],
    expecting: &'static str,
    extra: &mut dyn ExtraDe<'de>,
    fields: &mut dyn FieldSink<'de>,
) -> Result<Vec<u16>, erased_serde::Error> {
    let mut target = Target {
        tracker: Tracker {
            fields: names,
            null_is_absent,
            expecting,
            seen: vec![false; names.len()],
            order: Vec::new(),
        },
        extra,
        fields,
    };
    serde::Deserializer::deserialize_map(d, ObjectVisitor { sink: &mut target })?;
    Ok(target.tracker.order)
}

/// `Serialize::serialize` of every [`__object!`](crate::__object) struct: first the keys in the
/// order they were read, then what was not read (declared fields in order, then the other keys).
#[doc(hidden)]
pub fn serialize_object<S: Serializer>(
    object: &dyn ObjectSer,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let fields = object.fields();
    let mut done = vec![false; fields.len()];
    let mut map = serializer.serialize_map(None)?;
    let extra = object.extra();
    let mut extras = extra.extras();
    for &position in extra.order() {
        if position == EXTRA_KEY {
            if let Some((k, v)) = extras.next() {
                map.serialize_entry(k, v)?;
            }
            continue;
        }
        let i = position as usize;
        if i >= fields.len() || std::mem::replace(&mut done[i], true) {
            continue;
        }
        if let Some(v) = object.get(i) {
            map.serialize_entry(fields[i], v)?;
        }
    }
    for (i, wire) in fields.iter().enumerate() {
        if !done[i] {
            if let Some(v) = object.get(i) {
                map.serialize_entry(wire, v)?;
            }
        }
    }
    for (k, v) in extras {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// `Deserialize`, `Serialize` and the decoding tables of a struct whose declared fields are
/// listed (with their index and value type) and whose other keys go to an `extra` field
/// ([`ExtraMap`]); the input's key order is kept and written back. Field kinds: `req` (must be
/// present), `opt` (an `Option`; `null` is absent), `present` (an `Option` whose type admits
/// `null`: a present `null` is `Some`), `default` (absent is `Default::default()`, always
/// written). The type in parentheses is the value's type without the `Option`; a kind may be
/// followed by `nested` (the value is itself such a struct) or `nested_list` (a `Vec` of them),
/// which read it through the runtime's object reader directly ([`read_object`]).
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
        extra: $extra:ident as $extra_ty:ty,
        { $($field:ident : $wire:literal => $kind:ident $($codec:ident)? ( $t:ty ) @ $idx:literal),* $(,)? }
    ) => {
        const _: () = {
            #[doc(hidden)]
            pub struct Partial $(< $($g),+ >)? { $( $field: ::std::option::Option<$t>, )* }
            impl<'de $($(, $g: $crate::serde::Deserialize<'de>)+)?> $crate::__private::ObjectDe<'de> for $ty $(< $($g),+ >)? {
                const FIELDS: &'static [&'static str] = &[$($wire),*];
                const NULL_IS_ABSENT: &'static [bool] = &[$($crate::__object!(@null_is_absent $kind)),*];
                const EXPECTING: &'static str = $expecting;
                type Partial = Partial $(< $($g),+ >)?;
                type Extra = $extra_ty;
                fn partial() -> Self::Partial {
                    Partial { $( $field: ::std::option::Option::None, )* }
                }
                #[allow(unused_variables)]
                fn set(
                    p: &mut Self::Partial,
                    i: usize,
                    d: &mut dyn $crate::__private::erased_serde::Deserializer<'de>,
                ) -> ::std::result::Result<(), $crate::__private::erased_serde::Error> {
                    match i {
                        $( $idx => $crate::__object!(@set $kind $($codec)?, p.$field, d), )*
                        _ => {}
                    }
                    ::std::result::Result::Ok(())
                }
                #[allow(unused_variables)]
                fn finish(p: Self::Partial, $extra: $extra_ty) -> ::std::result::Result<Self, &'static str> {
                    ::std::result::Result::Ok($ty { $( $field: $crate::__object!(@finish $kind, p.$field, $wire), )* $extra })
                }
            }
            impl $(< $($g: $crate::serde::Serialize),+ >)? $crate::__private::ObjectSer for $ty $(< $($g),+ >)? {
                fn fields(&self) -> &'static [&'static str] {
                    &[$($wire),*]
                }
                fn get(&self, i: usize) -> ::std::option::Option<&dyn $crate::__private::erased_serde::Serialize> {
                    match i {
                        $( $idx => $crate::__object!(@get $kind, self.$field), )*
                        _ => ::std::option::Option::None,
                    }
                }
                fn extra(&self) -> &dyn $crate::__private::ExtraSer {
                    &self.$extra
                }
            }
            impl<'de $($(, $g: $crate::serde::Deserialize<'de>)+)?> $crate::serde::Deserialize<'de> for $ty $(< $($g),+ >)? {
                fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    $crate::__private::deserialize_object(d)
                }
            }
            impl $(< $($g: $crate::serde::Serialize),+ >)? $crate::serde::Serialize for $ty $(< $($g),+ >)? {
                fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    $crate::__private::serialize_object(self, s)
                }
            }
        };
    };
    (@null_is_absent opt) => { true };
    (@null_is_absent $kind:ident) => { false };
    (@set $kind:ident nested, $slot:expr, $d:ident) => { $slot = ::std::option::Option::Some($crate::__private::read_object($d)?) };
    (@set $kind:ident nested_list, $slot:expr, $d:ident) => { $slot = ::std::option::Option::Some($crate::__private::read_nested_list($d)?) };
    (@set $kind:ident, $slot:expr, $d:ident) => { $slot = ::std::option::Option::Some($crate::__private::erased_serde::deserialize($d)?) };
    (@finish req, $slot:expr, $wire:literal) => {
        match $slot {
            ::std::option::Option::Some(v) => v,
            ::std::option::Option::None => return ::std::result::Result::Err($wire),
        }
    };
    (@finish default, $slot:expr, $wire:literal) => { ::std::option::Option::unwrap_or_default($slot) };
    (@finish $kind:ident, $slot:expr, $wire:literal) => { $slot };
    (@get req, $value:expr) => { ::std::option::Option::Some(&$value) };
    (@get default, $value:expr) => { ::std::option::Option::Some(&$value) };
    (@get $kind:ident, $value:expr) => {
        match &$value {
            ::std::option::Option::Some(v) => ::std::option::Option::Some(v),
            ::std::option::Option::None => ::std::option::Option::None,
        }
    };
}
