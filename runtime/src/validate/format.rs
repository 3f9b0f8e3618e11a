//! The draft-03 formats, as draft-03 defines them and its reference validator
//! (python-jsonschema's `Draft3Validator` format checker) reads them. Small, strict checks:
//! the general-purpose crates read wider grammars (the `time` crate's RFC 3339 parser takes a
//! space for `T` and leap seconds, which draft-03's `date-time` has not; see the test
//! `date_and_time_are_draft_03s_where_the_time_crate_reads_more`), and each would be a
//! dependency of every generated crate.

use super::node::Format;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `s` is a valid instance of `format`.
pub fn check_format(format: Format, s: &str) -> bool {
    match format {
        Format::DateTime => date_time(s),
        Format::Date => date(s),
        Format::Time => time(s),
        Format::UtcMillisec => s.parse::<f64>().is_ok(),
        // Draft-03's regular expressions are ECMA-262's: `regress` reads that dialect
        // (look-behind and `[^]` are valid, Python's `(?P<name>…)` is not).
        Format::Regex => regress::Regex::new(s).is_ok(),
        Format::Color => color(s),
        Format::IpAddress => s.parse::<Ipv4Addr>().is_ok(),
        Format::Ipv6 => s.parse::<Ipv6Addr>().is_ok(),
        Format::HostName => host_name(s),
        Format::Email => email(s),
        Format::Uri => uri(s),
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
}

/// Draft-03's `time`: `hh:mm:ss`, no fraction, no zone, no leap second (as the reference
/// validator reads it: Python's `strptime(…, "%H:%M:%S")`).
fn time(s: &str) -> bool {
    clock(s, false)
}

/// `hh:mm:ss`, with a decimal fraction of a second when `fraction` allows it.
fn clock(s: &str, fraction: bool) -> bool {
    let (main, frac) = match s.split_once('.') {
        Some((main, frac)) if fraction => (main, frac),
        Some(_) => return false,
        None => (s, "0"),
    };
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let parts: Vec<&str> = main.split(':').collect();
    let [h, m, sec] = parts.as_slice() else {
        return false;
    };
    matches!((digits(h, 2), digits(m, 2), digits(sec, 2)), (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s < 60)
}

/// Draft-03's `date-time`, `YYYY-MM-DDThh:mm:ssZ`, as RFC 3339 writes it: an optional fraction
/// of a second and a `Z` or `±hh:mm` offset (`T` and `Z` in either case). Not the space that
/// RFC 3339 lets applications use instead of `T`, nor a leap second: draft-03 and its reference
/// validator (python-jsonschema with `rfc3339-validator`) have neither.
fn date_time(s: &str) -> bool {
    let Some(t) = s.find(['T', 't']) else {
        return false;
    };
    let (d, rest) = (&s[..t], &s[t + 1..]);
    if !date(d) {
        return false;
    }
    let (time, zone) = if let Some(stripped) = rest.strip_suffix(['Z', 'z']) {
        (stripped, None)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        (&rest[..i], Some(&rest[i + 1..]))
    } else {
        return false;
    };
    if let Some(zone) = zone {
        let parts: Vec<&str> = zone.split(':').collect();
        let [h, m] = parts.as_slice() else {
            return false;
        };
        if !matches!((digits(h, 2), digits(m, 2)), (Some(h), Some(m)) if h < 24 && m < 60) {
            return false;
        }
    }
    clock(time, true)
}

const COLOR_NAMES: &[&str] = &[
    "aqua", "black", "blue", "fuchsia", "gray", "green", "lime", "maroon", "navy", "olive",
    "orange", "purple", "red", "silver", "teal", "white", "yellow",
];

fn color(s: &str) -> bool {
    if let Some(hex) = s.strip_prefix('#') {
        return (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    COLOR_NAMES.contains(&s.to_ascii_lowercase().as_str())
}

fn host_name(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.chars().any(|c| c.is_whitespace() || c == '@')
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && host_name(domain)
}

/// An absolute URI: a scheme, `:`, and no spaces.
fn uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let table: &[(Format, &str, bool)] = &[
            (Format::DateTime, "2019-11-14T14:00:01.222Z", true),
            (Format::DateTime, "2024-03-14T14:19:31.448016Z", true),
            (Format::DateTime, "1963-06-19T08:30:06+01:00", true),
            (Format::DateTime, "06/19/1963 08:30:06 PST", false),
            (Format::DateTime, "2013-350T01:01:01", false),
            (Format::Date, "1963-06-19", true),
            (Format::Date, "2021-02-29", false),
            (Format::Time, "08:30:06", true),
            (Format::Time, "8:30 AM", false),
            (Format::Time, "08:30:06.5", false),
            (Format::Time, "23:59:60", false),
            (Format::DateTime, "2019-11-14t14:00:01z", true),
            (Format::DateTime, "2019-11-14 14:00:01Z", false),
            (Format::DateTime, "2016-12-31T23:59:60Z", false),
            (Format::DateTime, "2019-11-14T14:00:01+24:00", false),
            (Format::Color, "#fff", true),
            (Format::Color, "fuchsia", true),
            (Format::Color, "puce", false),
            (Format::IpAddress, "192.168.0.1", true),
            (Format::IpAddress, "127.0.0.0.1", false),
            (Format::Ipv6, "::1", true),
            (Format::Ipv6, "12345::", false),
            (Format::HostName, "www.example.com", true),
            (Format::HostName, "-a-host-name-that-starts-with--", false),
            (Format::Email, "bscott284@medallia.com", true),
            (Format::Email, "2962", false),
            // RFC 5322 names a host, not a dotted domain (python-jsonschema accepts it too).
            (Format::Email, "admin@localhost", true),
            (Format::Email, "a b@example.com", false),
            (Format::Uri, "http://foo.bar/?baz=qux#quux", true),
            (Format::Uri, "//foo.bar/?baz=qux#quux", false),
            (Format::Uri, "/api/data/Role/choices/", false),
            (Format::Regex, "^[a-z]+$", true),
            (Format::Regex, "^(abc]", false),
            (Format::Regex, "(?<=foo)bar", true),
            (Format::Regex, "[^]", true),
            (Format::Regex, "(?P<name>a)", false),
            (Format::UtcMillisec, "1234.5", true),
        ];
        for (f, s, ok) in table {
            assert_eq!(check_format(*f, s), *ok, "{} {s:?}", f.name());
        }
    }

    /// Why not the `time` crate: its RFC 3339 parser accepts what draft-03's `date-time` is not
    /// (and what the reference validator refuses), where the two agree on the rest.
    #[test]
    fn date_and_time_are_draft_03s_where_the_time_crate_reads_more() {
        use time::format_description::well_known::Rfc3339;
        let crate_reads = |s: &str| time::OffsetDateTime::parse(s, &Rfc3339).is_ok();
        for wider in [
            "2019-11-14 14:00:01Z",
            "2016-12-31T23:59:60Z",
            "1990-12-31T15:59:60-08:00",
        ] {
            assert!(
                crate_reads(wider) && !check_format(Format::DateTime, wider),
                "{wider}"
            );
        }
        for same in [
            "2019-11-14T14:00:01.222Z",
            "2024-03-14T14:19:31.4480161234Z",
            "1963-06-19T08:30:06+01:00",
            "2019-11-14t14:00:01z",
            "2021-02-29T00:00:00Z",
            "2019-11-14T14:00:01+24:00",
            "2019-11-14T24:00:00Z",
        ] {
            assert_eq!(
                crate_reads(same),
                check_format(Format::DateTime, same),
                "{same}"
            );
        }
    }
}
