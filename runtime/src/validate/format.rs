//! The draft-03 formats. Small, strict checks; no dependency is worth their weight here.

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

/// `hh:mm:ss` with optional fraction (draft-03's `time` has no zone).
fn time(s: &str) -> bool {
    let (main, frac) = s.split_once('.').unwrap_or((s, "0"));
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let parts: Vec<&str> = main.split(':').collect();
    let [h, m, sec] = parts.as_slice() else {
        return false;
    };
    matches!((digits(h, 2), digits(m, 2), digits(sec, 2)), (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s <= 60)
}

/// RFC 3339 `date-time`: `2019-11-14T14:00:01.222Z` or with an offset.
fn date_time(s: &str) -> bool {
    let Some(t) = s.find(['T', 't', ' ']) else {
        return false;
    };
    let (d, rest) = (&s[..t], &s[t + 1..]);
    if !date(d) {
        return false;
    }
    let (clock, zone) = if let Some(stripped) = rest.strip_suffix(['Z', 'z']) {
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
    time(clock)
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
}
