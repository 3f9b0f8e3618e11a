//! What every generated string enum implements through its wire value (`as_str`).

/// `PartialEq`, `Eq`, `Hash`, `PartialOrd`, `Ord`, `Display`, `From<&str>`, `Serialize` and
/// `Deserialize` (through [`WireStr`](crate::__private::WireStr)) for a generated string enum,
/// all by its wire value (`as_str()`): two values are equal when they send the same string
/// (a listed value is the same whether it came as its variant or in the catch-all), and they
/// sort as their strings do. One line a trait: derived comparisons of thousands of enums cost
/// rustc more than the enums themselves.
#[doc(hidden)]
#[macro_export]
macro_rules! __str_enum_traits {
    ($ty:ty) => {
        impl ::std::cmp::PartialEq for $ty {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl ::std::cmp::Eq for $ty {}
        impl ::std::hash::Hash for $ty {
            #[inline]
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(self.as_str(), state)
            }
        }
        impl ::std::cmp::PartialOrd for $ty {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }
        impl ::std::cmp::Ord for $ty {
            #[inline]
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                ::std::cmp::Ord::cmp(self.as_str(), other.as_str())
            }
        }
        impl ::std::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::convert::From<&str> for $ty {
            #[inline]
            fn from(value: &str) -> Self {
                $crate::__private::WireStr::from_wire(::std::string::ToString::to_string(value))
            }
        }
        impl $crate::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize_wire_str(deserializer)
            }
        }
    };
}
