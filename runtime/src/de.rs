//! Objects that keep the keys they do not declare, and the order all their keys came in, so
//! that writing one back gives the JSON that was read, key for key. One macro,
//! [`__object!`](crate::__object), serves the envelopes and all generated structs; it does not
//! use `#[serde(flatten)]` (which buffers every object before decoding it).

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

/// The index of `wire` in `fields` (at compile time, in the macro).
#[doc(hidden)]
pub const fn field_index(fields: &[&str], wire: &str) -> usize {
    let mut i = 0;
    while i < fields.len() {
        let (a, b) = (fields[i].as_bytes(), wire.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    usize::MAX
}

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

/// `Deserialize` and `Serialize` for a struct whose declared fields are listed and whose other
/// keys go to an `extra` field ([`ExtraMap`]); the input's key order is kept and written back.
/// Field kinds: `req` (must be present), `opt` (an `Option`; `null` is absent), `present` (an
/// `Option` whose type admits `null`: a present `null` is `Some`), `default` (absent is
/// `Default::default()`, always written).
///
/// ```ignore
/// vossgen_runtime::__object! {
///     Role, "a data/Role object", extra: extra as vossgen_runtime::Extra,
///     { name: "name" => req, description: "description" => opt }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (
        $ty:ident $(< $($g:ident),+ >)?, $expecting:literal,
        extra: $extra:ident as $extra_ty:ty,
        { $($field:ident : $wire:literal => $kind:ident),* $(,)? }
    ) => {
        impl<'de $($(, $g: $crate::serde::Deserialize<'de>)+)?> $crate::serde::Deserialize<'de> for $ty $(< $($g),+ >)? {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor $(< $($g),+ >)? (::std::marker::PhantomData<fn() -> $ty $(< $($g),+ >)?>);
                impl<'de $($(, $g: $crate::serde::Deserialize<'de>)+)?> $crate::serde::de::Visitor<'de> for ObjectVisitor $(< $($g),+ >)? {
                    type Value = $ty $(< $($g),+ >)?;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }
                    #[allow(unused_mut)]
                    fn visit_map<A: $crate::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
                        #[allow(dead_code)]
                        const FIELDS: &[&str] = &[$($wire),*];
                        $( let mut $field = ::std::option::Option::None; )*
                        let mut $extra: $extra_ty = ::std::default::Default::default();
                        let mut order: ::std::vec::Vec<u16> = ::std::vec::Vec::new();
                        while let ::std::option::Option::Some(key) = map.next_key::<$crate::__private::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    $wire => {
                                        if $field.is_some() {
                                            return ::std::result::Result::Err(<A::Error as $crate::serde::de::Error>::duplicate_field($wire));
                                        }
                                        $field = ::std::option::Option::Some(map.next_value()?);
                                        const I: usize = $crate::__private::field_index(FIELDS, $wire);
                                        order.push(I as u16);
                                    }
                                )*
                                _ => {
                                    let value = map.next_value()?;
                                    $crate::__private::ExtraMap::insert_extra(&mut $extra, key.into_string(), value);
                                    order.push($crate::__private::EXTRA_KEY);
                                }
                            }
                        }
                        $crate::__private::ExtraMap::set_order(&mut $extra, order);
                        ::std::result::Result::Ok($ty {
                            $( $field: $crate::__object!(@finish $kind, $field, $wire, A), )*
                            $extra,
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor(::std::marker::PhantomData))
            }
        }

        impl $(< $($g: $crate::serde::Serialize),+ >)? $crate::serde::Serialize for $ty $(< $($g),+ >)? {
            #[allow(unused_mut, unused_variables)]
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::serde::ser::SerializeMap as _;
                #[allow(dead_code)]
                const FIELDS: &[&str] = &[$($wire),*];
                let mut done = [false; FIELDS.len()];
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                let mut extras = $crate::__private::ExtraMap::entries(&self.$extra);
                // First in the order the object was read in ...
                for &position in $crate::__private::ExtraMap::order(&self.$extra) {
                    if position == $crate::__private::EXTRA_KEY {
                        if let ::std::option::Option::Some((k, v)) = extras.next() {
                            map.serialize_entry(k, v)?;
                        }
                        continue;
                    }
                    let i = position as usize;
                    if i >= FIELDS.len() || done[i] {
                        continue;
                    }
                    done[i] = true;
                    $(
                        {
                            const I: usize = $crate::__private::field_index(FIELDS, $wire);
                            if i == I {
                                $crate::__object!(@write $kind, map, self.$field, $wire);
                            }
                        }
                    )*
                }
                // ... then what was not read: declared fields in order, then the other keys.
                $(
                    {
                        const I: usize = $crate::__private::field_index(FIELDS, $wire);
                        if !done[I] {
                            $crate::__object!(@write $kind, map, self.$field, $wire);
                        }
                    }
                )*
                for (k, v) in extras {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    };
    (@finish req, $field:ident, $wire:literal, $a:ident) => {
        match $field {
            ::std::option::Option::Some(v) => v,
            ::std::option::Option::None => return ::std::result::Result::Err(<$a::Error as $crate::serde::de::Error>::missing_field($wire)),
        }
    };
    (@finish opt, $field:ident, $wire:literal, $a:ident) => { ::std::option::Option::flatten($field) };
    (@finish present, $field:ident, $wire:literal, $a:ident) => { $field };
    (@finish default, $field:ident, $wire:literal, $a:ident) => { ::std::option::Option::unwrap_or_default($field) };
    (@write req, $map:ident, $value:expr, $wire:literal) => { $map.serialize_entry($wire, &$value)?; };
    (@write default, $map:ident, $value:expr, $wire:literal) => { $map.serialize_entry($wire, &$value)?; };
    (@write opt, $map:ident, $value:expr, $wire:literal) => {
        if let ::std::option::Option::Some(v) = &$value {
            $map.serialize_entry($wire, v)?;
        }
    };
    (@write present, $map:ident, $value:expr, $wire:literal) => { $crate::__object!(@write opt, $map, $value, $wire); };
}
