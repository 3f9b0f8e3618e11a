//! [`Integer`]: a JSON integer of any size, the Rust type of an `integer` field.

use crate::validate::Decimal;
use serde::de::{self, Unexpected};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// A JSON integer of any size: the Rust type of a schema's `integer` field.
///
/// Draft-03's `integer` has no bounds, and a model written back must give the JSON it was
/// read from. Most integers fit an `i64` and are kept as one ([`as_i64`](Integer::as_i64),
/// `TryFrom`, comparisons with `i64`); larger ones, and `-0`, keep their decimal text, so they
/// validate, compare and round-trip exactly (reading them from JSON needs the runtime's
/// default feature `exact-numbers`; without it serde_json reads them as floats, which this
/// type refuses).
///
/// Equality, order and hash are those of the value (`-0` equals `0`). A JSON number with a
/// fraction or an exponent (`1.0`, `1e2`) is not an integer in draft-03, and not one here.
///
/// ```
/// use vossgen_runtime::Integer;
/// let n = Integer::from(5);
/// assert_eq!(n, 5);
/// assert_eq!(n.as_i64(), Some(5));
/// let big: Integer = "123456789012345678901234567890".parse().unwrap();
/// assert_eq!(big.as_i64(), None);
/// assert!(big > n);
/// let text = vossgen_runtime::serde_json::to_string(&big).unwrap();
/// assert_eq!(text, "123456789012345678901234567890");
/// let back: Integer = vossgen_runtime::serde_json::from_str(&text).unwrap();
/// assert_eq!(back, big);
/// assert!(vossgen_runtime::serde_json::from_str::<Integer>("1.0").is_err());
/// ```
#[derive(Clone)]
pub struct Integer(Repr);

#[derive(Clone)]
enum Repr {
    Small(i64),
    /// Canonical decimal text (`-?[1-9][0-9]*`) of a value outside `i64`, or `-0`.
    Big(Box<str>),
}

impl Integer {
    /// The integer `value` (usable in constants).
    pub const fn from_i64(value: i64) -> Integer {
        Integer(Repr::Small(value))
    }

    /// The value, if it fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match &self.0 {
            Repr::Small(v) => Some(*v),
            Repr::Big(t) if &**t == "-0" => Some(0),
            Repr::Big(_) => None,
        }
    }

    /// The value, if it fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i128().and_then(|v| u64::try_from(v).ok())
    }

    /// The value, if it fits an `i128`.
    pub fn as_i128(&self) -> Option<i128> {
        match &self.0 {
            Repr::Small(v) => Some(i128::from(*v)),
            Repr::Big(t) => t.parse().ok(),
        }
    }

    /// The value, if it fits a `u128`.
    pub fn as_u128(&self) -> Option<u128> {
        match &self.0 {
            Repr::Small(v) => u128::try_from(*v).ok(),
            Repr::Big(t) if &**t == "-0" => Some(0),
            Repr::Big(t) => t.parse().ok(),
        }
    }

    /// Whether the value is below zero (`-0` is not).
    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(v) => *v < 0,
            Repr::Big(t) => t.starts_with('-') && &**t != "-0",
        }
    }

    /// The exact value as a [`Decimal`], what the validator compares.
    pub fn to_decimal(&self) -> Decimal {
        match &self.0 {
            Repr::Small(v) => Decimal::of_i128(i128::from(*v)),
            // Canonical integer text always parses.
            Repr::Big(t) => Decimal::parse(t).unwrap_or_else(Decimal::zero),
        }
    }

    /// The integer of a JSON number, if it is one (no fraction, no exponent).
    pub fn from_json(n: &serde_json::Number) -> Option<Integer> {
        if let Some(v) = n.as_i64() {
            // `-0` (with `exact-numbers`) reads as 0 here; keep its text.
            if v != 0 || !n.to_string().starts_with('-') {
                return Some(Integer(Repr::Small(v)));
            }
        }
        n.to_string().parse().ok()
    }

    /// The text of a value that does not fit `i64` (`Big`), or `None` when it does.
    fn big_text(&self) -> Option<&str> {
        match &self.0 {
            Repr::Small(_) => None,
            Repr::Big(t) => Some(t),
        }
    }
}

/// Why a text or number is not an [`Integer`] (or an [`Integer`] does not fit a Rust integer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegerError {
    kind: &'static str,
}

impl fmt::Display for IntegerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind)
    }
}

impl std::error::Error for IntegerError {}

impl FromStr for Integer {
    type Err = IntegerError;

    /// Reads a decimal integer: an optional `-`, then digits (leading zeros are dropped).
    fn from_str(text: &str) -> Result<Integer, IntegerError> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IntegerError {
                kind: "not a decimal integer",
            });
        }
        let digits = match digits.trim_start_matches('0') {
            "" => "0",
            d => d,
        };
        let canonical = if negative {
            format!("-{digits}")
        } else {
            digits.to_string()
        };
        Ok(match canonical.parse::<i64>() {
            Ok(v) if canonical != "-0" => Integer(Repr::Small(v)),
            _ => Integer(Repr::Big(canonical.into_boxed_str())),
        })
    }
}

impl fmt::Display for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(v) => fmt::Display::fmt(v, f),
            Repr::Big(t) => f.pad(t),
        }
    }
}

impl fmt::Debug for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Default for Integer {
    fn default() -> Integer {
        Integer::from_i64(0)
    }
}

impl PartialEq for Integer {
    fn eq(&self, other: &Integer) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Integer {}

impl PartialEq<i64> for Integer {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

impl PartialEq<Integer> for i64 {
    fn eq(&self, other: &Integer) -> bool {
        other == self
    }
}

impl Ord for Integer {
    fn cmp(&self, other: &Integer) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => a.cmp(b),
            _ => self.to_decimal().cmp(&other.to_decimal()),
        }
    }
}

impl PartialOrd for Integer {
    fn partial_cmp(&self, other: &Integer) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Integer {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As equality: `-0` hashes as 0; other `Big` values equal no `Small` one.
        match self.as_i64() {
            Some(v) => v.hash(state),
            None => self.big_text().hash(state),
        }
    }
}

macro_rules! integer_conversions {
    ($($t:ty),*) => {$(
        impl From<$t> for Integer {
            fn from(value: $t) -> Integer {
                match i64::try_from(value) {
                    Ok(v) => Integer(Repr::Small(v)),
                    Err(_) => Integer(Repr::Big(value.to_string().into_boxed_str())),
                }
            }
        }

        impl TryFrom<Integer> for $t {
            type Error = IntegerError;
            fn try_from(value: Integer) -> Result<$t, IntegerError> {
                <$t>::try_from(&value)
            }
        }

        impl TryFrom<&Integer> for $t {
            type Error = IntegerError;
            fn try_from(value: &Integer) -> Result<$t, IntegerError> {
                let out_of_range = IntegerError { kind: concat!("does not fit ", stringify!($t)) };
                match value.as_i128() {
                    Some(v) => <$t>::try_from(v).map_err(|_| out_of_range),
                    None => value
                        .as_u128()
                        .and_then(|v| <$t>::try_from(v).ok())
                        .ok_or(out_of_range),
                }
            }
        }
    )*};
}

integer_conversions!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl serde::Serialize for Integer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Small(v) => serializer.serialize_i64(*v),
            Repr::Big(t) => {
                if let Ok(v) = t.parse::<u64>() {
                    return serializer.serialize_u64(v);
                }
                if cfg!(feature = "exact-numbers") {
                    // serde_json's `arbitrary_precision` number: written as its text.
                    match serde_json::Number::from_str(t) {
                        Ok(n) => n.serialize(serializer),
                        Err(e) => Err(serde::ser::Error::custom(e)),
                    }
                } else if &**t == "-0" {
                    serializer.serialize_i64(0)
                } else if let Ok(v) = t.parse::<i128>() {
                    serializer.serialize_i128(v)
                } else if let Ok(v) = t.parse::<u128>() {
                    serializer.serialize_u128(v)
                } else {
                    Err(serde::ser::Error::custom(
                        "an integer beyond 128 bits is written exactly only with the \
                         `exact-numbers` feature of vossgen-runtime",
                    ))
                }
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Integer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Integer, D::Error> {
        deserializer.deserialize_any(IntegerVisitor)
    }
}

struct IntegerVisitor;

impl<'de> de::Visitor<'de> for IntegerVisitor {
    type Value = Integer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Integer, E> {
        Ok(Integer::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Integer, E> {
        Ok(Integer::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Integer, E> {
        Ok(Integer::from(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Integer, E> {
        Ok(Integer::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Integer, E> {
        Err(E::invalid_type(Unexpected::Float(v), &self))
    }

    /// serde_json's `arbitrary_precision` gives every number it cannot read as a 64-bit
    /// integer (and `-0`) as a one-entry map; serde_json's own `Number` reads it.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Integer, A::Error> {
        use serde::Deserialize;
        let n = serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Integer::from_json(&n)
            .ok_or_else(|| de::Error::invalid_type(Unexpected::Other("a number"), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::Integer;
    use std::collections::HashSet;

    fn read(text: &str) -> Result<Integer, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn json_integers_round_trip_exactly_whatever_their_size() {
        for text in [
            "0",
            "-0",
            "7",
            "-9223372036854775808",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775809",
            "123456789012345678901234567890123456789012345678901234567890",
            "-123456789012345678901234567890123456789012345678901234567890",
        ] {
            let n = read(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(serde_json::to_string(&n).unwrap(), text);
            assert_eq!(n.to_string(), text);
            let value = serde_json::to_value(&n).unwrap();
            assert_eq!(value.to_string(), text);
            assert_eq!(serde_json::from_value::<Integer>(value).unwrap(), n);
        }
    }

    #[test]
    fn fractions_exponents_and_other_types_are_not_integers() {
        for text in [
            "1.0", "1e2", "-0.0", "0.5", "\"1\"", "null", "true", "{}", "[1]",
        ] {
            assert!(read(text).is_err(), "{text}");
        }
    }

    #[test]
    fn equality_order_and_hash_follow_the_value() {
        let zero = read("0").unwrap();
        let neg_zero = read("-0").unwrap();
        assert_eq!(zero, neg_zero);
        assert_eq!(neg_zero.as_i64(), Some(0));
        assert!(!neg_zero.is_negative());
        let set: HashSet<Integer> = [zero, neg_zero].into_iter().collect();
        assert_eq!(set.len(), 1);
        let mut values: Vec<Integer> = [
            "18446744073709551616",
            "-5",
            "-9223372036854775809",
            "9223372036854775807",
            "3",
        ]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
        values.sort();
        let sorted: Vec<String> = values.iter().map(Integer::to_string).collect();
        assert_eq!(
            sorted,
            [
                "-9223372036854775809",
                "-5",
                "3",
                "9223372036854775807",
                "18446744073709551616"
            ]
        );
    }

    #[test]
    fn conversions_say_when_a_value_does_not_fit() {
        let big: Integer = "18446744073709551615".parse().unwrap();
        assert_eq!(u64::try_from(&big), Ok(u64::MAX));
        assert!(i64::try_from(&big).is_err());
        assert_eq!(
            i64::try_from(&big).unwrap_err().to_string(),
            "does not fit i64"
        );
        assert_eq!(Integer::from(-3i8), -3);
        assert_eq!(Integer::from(u128::MAX).as_u128(), Some(u128::MAX));
        assert_eq!("007".parse::<Integer>().unwrap(), 7);
        assert!("+7".parse::<Integer>().is_err());
        assert!("".parse::<Integer>().is_err());
        assert!("1_000".parse::<Integer>().is_err());
    }
}
