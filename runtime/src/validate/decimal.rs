//! Exact decimal numbers for `minimum`, `maximum` and `divisibleBy`: JSON numbers are decimal
//! texts, and draft-03 asks for comparisons and "no remainder" on those values, not on their
//! nearest binary doubles (0.3 is a multiple of 0.1; 9007199254740993 is above
//! 9007199254740992).
//!
//! A number's text is what serde_json keeps: integers exactly (up to 64 bits, or any size with
//! serde_json's `arbitrary_precision` feature), other numbers as the shortest text that reads
//! back as the same double (exact with serde_json's `float_roundtrip`, on in this crate).

use std::cmp::Ordering;
use std::fmt;

/// A decimal number: `digits × 10^exp`, normalized (no leading or trailing zero digits;
/// zero has no digits and is never negative).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    negative: bool,
    digits: Box<[u8]>,
    exp: i64,
}

impl Decimal {
    /// Zero.
    pub fn zero() -> Decimal {
        Decimal {
            negative: false,
            digits: Box::new([]),
            exp: 0,
        }
    }

    /// Reads a JSON number's text (`-12.5e3`); `None` for anything else.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (mantissa, exp_text) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let (int, frac) = match mantissa.split_once('.') {
            Some((_, "")) => return None,
            Some((i, f)) => (i, f),
            None => (mantissa, ""),
        };
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut exp: i64 = match exp_text {
            Some(e) => {
                let e = e.strip_prefix('+').unwrap_or(e);
                e.parse::<i64>().ok()?
            }
            None => 0,
        };
        exp = exp.checked_sub(i64::try_from(frac.len()).ok()?)?;
        let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        Some(Decimal::normalized(negative, digits, exp))
    }

    /// A JSON number's exact value (see the module docs for what serde_json keeps).
    pub fn of_json(n: &serde_json::Number) -> Option<Decimal> {
        Decimal::parse(&n.to_string())
    }

    /// A double's exact decimal value (its shortest round-trip text); `None` unless finite.
    pub fn of_f64(v: f64) -> Option<Decimal> {
        Decimal::of_float(v, v.is_finite())
    }

    /// A float's decimal value as its own shortest round-trip text spells it (`0.1f32` is
    /// `0.1`, as serde_json writes it, not the double it widens to); `None` unless finite.
    pub fn of_f32(v: f32) -> Option<Decimal> {
        Decimal::of_float(v, v.is_finite())
    }

    fn of_float(v: impl fmt::LowerExp, finite: bool) -> Option<Decimal> {
        if !finite {
            return None;
        }
        Decimal::parse(&format!("{v:e}"))
    }

    /// An integer's value.
    pub fn of_i128(v: i128) -> Decimal {
        Decimal::parse(&v.to_string()).unwrap_or_else(Decimal::zero)
    }

    fn normalized(negative: bool, mut digits: Vec<u8>, mut exp: i64) -> Decimal {
        let lead = digits.iter().take_while(|d| **d == 0).count();
        digits.drain(..lead);
        while digits.last() == Some(&0) {
            digits.pop();
            exp += 1;
        }
        if digits.is_empty() {
            return Decimal::zero();
        }
        Decimal {
            negative,
            digits: digits.into_boxed_slice(),
            exp,
        }
    }

    /// Whether the number is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Whether the number is an integer (its value, whatever its spelling: `1.0e1` is 10).
    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// Whether `self` is an integer multiple of `d` (exactly; false for a zero `d`).
    pub fn is_multiple_of(&self, d: &Decimal) -> bool {
        if d.is_zero() {
            return false;
        }
        if self.is_zero() {
            return true;
        }
        // Both as integers over the smaller power of ten: a = A·10^e, d = D·10^e.
        let e = self.exp.min(d.exp);
        let a_zeros = (self.exp - e) as u64;
        let d_zeros = (d.exp - e) as u64;
        let d_len = d.digits.len() as u64 + d_zeros;
        if d_len > 37 {
            // D itself has more than 37 digits: compare the big remainder by long division.
            return big_rem_is_zero(&self.digits, a_zeros, &d.digits, d_zeros);
        }
        let mut m: u128 = 0;
        for &digit in d.digits.iter() {
            m = m * 10 + u128::from(digit);
        }
        for _ in 0..d_zeros {
            m *= 10;
        }
        let mut rem: u128 = 0;
        for &digit in self.digits.iter() {
            rem = (rem * 10 + u128::from(digit)) % m;
        }
        // Times 10^a_zeros, mod m.
        rem = mul_mod(rem, pow10_mod(a_zeros, m), m);
        rem == 0
    }
}

/// (a · b) mod m for m < 10^37, without overflow.
fn mul_mod(a: u128, b: u128, m: u128) -> u128 {
    let (mut a, mut b, mut out) = (a % m, b % m, 0u128);
    while b > 0 {
        if b & 1 == 1 {
            out = (out + a) % m;
        }
        a = (a * 2) % m;
        b >>= 1;
    }
    out
}

fn pow10_mod(mut k: u64, m: u128) -> u128 {
    let (mut base, mut out) = (10 % m, 1 % m);
    while k > 0 {
        if k & 1 == 1 {
            out = mul_mod(out, base, m);
        }
        base = mul_mod(base, base, m);
        k >>= 1;
    }
    out
}

/// Whether (A·10^a_zeros) mod (D·10^d_zeros) is zero, by schoolbook long division on digit
/// vectors (only for divisors of more than 37 digits).
fn big_rem_is_zero(a: &[u8], a_zeros: u64, d: &[u8], d_zeros: u64) -> bool {
    if a_zeros.saturating_add(a.len() as u64) > 1_000_000 || d_zeros > 1_000_000 {
        // Beyond any real schema: not a multiple, rather than unbounded work.
        return false;
    }
    let dividend: Vec<u8> = a
        .iter()
        .copied()
        .chain(std::iter::repeat_n(0, a_zeros as usize))
        .collect();
    let divisor: Vec<u8> = d
        .iter()
        .copied()
        .chain(std::iter::repeat_n(0, d_zeros as usize))
        .collect();
    let mut rem: Vec<u8> = Vec::new();
    for digit in dividend {
        rem.push(digit);
        while rem.first() == Some(&0) {
            rem.remove(0);
        }
        while cmp_digits(&rem, &divisor) != Ordering::Less {
            sub_digits(&mut rem, &divisor);
        }
    }
    rem.is_empty()
}

fn cmp_digits(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// a -= b, for a ≥ b (digit vectors without leading zeros).
fn sub_digits(a: &mut Vec<u8>, b: &[u8]) {
    let mut borrow = 0i8;
    let offset = a.len() - b.len();
    for i in (0..a.len()).rev() {
        let sub = if i >= offset { b[i - offset] as i8 } else { 0 };
        let mut v = a[i] as i8 - sub - borrow;
        borrow = 0;
        if v < 0 {
            v += 10;
            borrow = 1;
        }
        a[i] = v as u8;
    }
    while a.first() == Some(&0) {
        a.remove(0);
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => return Ordering::Greater,
            (true, false) => return Ordering::Less,
            _ => {}
        }
        let magnitude = match (self.is_zero(), other.is_zero()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => {
                // The place of the leading digit first, then the digits.
                let lead = |d: &Decimal| d.exp + d.digits.len() as i64;
                lead(self)
                    .cmp(&lead(other))
                    .then_with(|| self.digits.cmp(&other.digits))
            }
        };
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    /// Plain notation when short, scientific otherwise (`1.5e-30`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        if self.negative {
            f.write_str("-")?;
        }
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let n = digits.len() as i64;
        if self.exp >= 0 && self.exp + n <= 40 {
            write!(f, "{digits}{}", "0".repeat(self.exp as usize))
        } else if self.exp < 0 && -self.exp < n {
            let (i, frac) = digits.split_at((n + self.exp) as usize);
            write!(f, "{i}.{frac}")
        } else if self.exp < 0 && -self.exp - n <= 20 {
            write!(f, "0.{}{digits}", "0".repeat((-self.exp - n) as usize))
        } else {
            let (first, rest) = digits.split_at(1);
            let dot = if rest.is_empty() { "" } else { "." };
            write!(f, "{first}{dot}{rest}e{}", self.exp + n - 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn reads_and_writes_json_numbers() {
        assert_eq!(d("-0"), Decimal::zero());
        assert_eq!(d("1.50e1"), d("15"));
        assert!(d("30.0").is_integer() && !d("0.5").is_integer());
        assert_eq!(d("9007199254740993").to_string(), "9007199254740993");
        assert_eq!(d("0.000123").to_string(), "0.000123");
        assert_eq!(d("-1.5e-40").to_string(), "-1.5e-40");
        assert_eq!(Decimal::of_f64(0.1).unwrap(), d("0.1"));
        assert_eq!(Decimal::of_f32(0.1).unwrap(), d("0.1"));
        assert_eq!(Decimal::of_f32(f32::NAN), None);
        assert!(Decimal::parse("1.").is_none() && Decimal::parse("x").is_none());
    }

    #[test]
    fn compares_exactly() {
        assert!(d("9007199254740993") > d("9007199254740992"));
        assert!(d("100.00000000000001") > d("100"));
        assert!(d("-2") < d("-1.5") && d("-0.5") < d("0") && d("0") < d("1e-30"));
        assert!(d("1e3") == d("1000") && d("99.9") < d("1e2"));
    }

    #[test]
    fn divides_on_the_decimal_value() {
        assert!(d("0.3").is_multiple_of(&d("0.1")));
        assert!(!d("0.30000000000000004").is_multiple_of(&d("0.1")));
        assert!(!d("1.000000000001").is_multiple_of(&d("1")));
        assert!(!d("0.1").is_multiple_of(&d("1e10")));
        assert!(!d("10000000000000001").is_multiple_of(&d("2")));
        assert!(d("1e400").is_multiple_of(&d("7e399")) == d("10").is_multiple_of(&d("7")));
        assert!(d("1e400").is_multiple_of(&d("2.5")));
        assert!(d("0").is_multiple_of(&d("0.7")) && !d("1").is_multiple_of(&d("0")));
        let big = "1".repeat(45);
        assert!(d(&format!("{big}000")).is_multiple_of(&d(&big)));
        assert!(!d(&format!("{big}001")).is_multiple_of(&d(&big)));
    }
}
