//! Decoding objects that keep the keys they do not declare, without `#[serde(flatten)]`
//! (which buffers every object before decoding it). One macro serves the envelopes and all
//! generated structs.

use serde::de::{Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

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

/// `impl Deserialize` for a struct whose declared fields are listed and whose other keys go
/// to an `extra` map. Field kinds: `req` (must be present), `opt` (an `Option`; `null` is
/// absent), `present` (an `Option` whose type admits `null`: a present `null` is `Some`),
/// `default` (absent is `Default::default()`).
///
/// ```ignore
/// vossgen_runtime::__deserialize_object! {
///     Role, "a data/Role object", extra: extra as ::vossgen_runtime::serde_json::Map<String, Value>,
///     { name: "name" => req, description: "description" => opt }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __deserialize_object {
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
                        $( let mut $field = ::std::option::Option::None; )*
                        let mut $extra: $extra_ty = ::std::default::Default::default();
                        while let ::std::option::Option::Some(key) = map.next_key::<$crate::__private::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    $wire => {
                                        if $field.is_some() {
                                            return ::std::result::Result::Err(<A::Error as $crate::serde::de::Error>::duplicate_field($wire));
                                        }
                                        $field = ::std::option::Option::Some(map.next_value()?);
                                    }
                                )*
                                _ => {
                                    let value = map.next_value()?;
                                    $extra.insert(key.into_string(), value);
                                }
                            }
                        }
                        ::std::result::Result::Ok($ty {
                            $( $field: $crate::__deserialize_object!(@finish $kind, $field, $wire, A), )*
                            $extra,
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor(::std::marker::PhantomData))
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
}
