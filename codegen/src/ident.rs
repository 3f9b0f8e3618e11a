//! Every rule that turns a name from a schema into a Rust identifier lives here.
//!
//! Wire names stay untouched in the output (`#[serde(rename)]`); these rules only decide what
//! the Rust side is called. All functions are pure and total: any input string gives a valid
//! identifier, and [`Namer`] resolves collisions deterministically (first come, first served,
//! in the order the schema lists things, then `2`, `3`, …).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Strict and reserved keywords of Rust 2021 (and 2024's `gen`), which need `r#` or a suffix.
/// Contextual keywords (`union`, `default`, `auto`, `raw`, `safe`) are plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is invalid): they get a `_` suffix.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keeps ASCII letters and digits; everything else separates words. Non-ASCII letters are
/// dropped so that output never depends on Unicode identifier rules or confusable lints. A name
/// with nothing ASCII to keep (`日本`, `🔥`) is spelled by its code points (`u65e5_u672c`), so
/// that such names stay recognisable and distinct instead of all becoming `empty`.
fn words(input: &str) -> String {
    let ascii: String = input
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    if !ascii.trim().is_empty() {
        return ascii;
    }
    input
        .chars()
        .filter(|c| !c.is_ascii())
        .map(|c| format!(" u{:x}", u32::from(c)))
        .collect()
}

/// A type or variant name: `UpperCamelCase`, never empty, never starting with a digit.
pub fn type_name(input: &str) -> String {
    let mut name = upper_camel_case(input);
    if name.is_empty() {
        name = "Empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `input` in `UpperCamelCase`, as heck spells it (see [`plain_words`] for the fast path).
fn upper_camel_case(input: &str) -> String {
    let Some(words_of) = plain_words(input) else {
        return words(input).to_upper_camel_case();
    };
    let mut out = String::with_capacity(input.len());
    for word in words_of {
        out.push(word.as_bytes()[0].to_ascii_uppercase().into());
        out.push_str(&word[1..]);
    }
    out
}

/// `input` in `snake_case`, as heck spells it (see [`plain_words`] for the fast path).
fn snake_case(input: &str) -> String {
    let Some(words_of) = plain_words(input) else {
        return words(input).to_snake_case();
    };
    let mut out = String::with_capacity(input.len());
    for word in words_of {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(word);
    }
    out
}

/// The words of a name without capitals (most schema property names: `name`,
/// `num_of_failed_login_attempts`), which has no case boundaries: its runs of ASCII letters and
/// digits, each non-empty. `None` for other names (capitals, non-ASCII, nothing to keep), which
/// heck spells. The fast paths skip heck's per-character formatting; a test checks they agree.
fn plain_words(input: &str) -> Option<impl Iterator<Item = &str>> {
    let plain = input
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        && input.bytes().any(|b| b.is_ascii_alphanumeric());
    plain.then(|| {
        input
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
    })
}

/// A field, function or module name: `snake_case`; keywords become raw (`r#type`), except the
/// ones that cannot (`self` -> `self_`).
pub fn value_name(input: &str) -> String {
    let mut name = snake_case(input);
    if name.is_empty() {
        name = "empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// A module name. Like [`value_name`], but never raw: module files named `r#type.rs` are
/// awkward, so keywords get a `_` suffix instead.
pub fn module_name(input: &str) -> String {
    let name = value_name(input);
    match name.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => name,
    }
}

/// A `SCREAMING_SNAKE_CASE` constant name.
pub fn const_name(input: &str) -> String {
    let name = value_name(input);
    name.trim_start_matches("r#").to_ascii_uppercase()
}

/// Module names that cannot be top-level modules of a generated crate: as files in `src/` they
/// would be the crate root (`lib`), a binary (`main`) or a directory of binaries (`bin`).
pub const CRATE_ROOT_FILES: [&str; 3] = ["lib", "main", "bin"];

/// Hands out unique names within one namespace (the fields of a struct, the items of a module).
#[derive(Clone, Debug, Default)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as taken without handing it out (for names the generator itself uses).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(bare(name).to_string());
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }

    /// `candidate` if free, else `candidate2`, `candidate3`, …; the result is then taken.
    pub fn claim(&mut self, candidate: &str) -> String {
        let base = bare(candidate);
        let mut name = candidate.to_string();
        let mut n = 2;
        while self.taken.contains(bare(&name)) {
            let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            name = format!("{base}{sep}{n}");
            n += 1;
        }
        self.taken.insert(bare(&name).to_string());
        name
    }

    /// The first free one of `candidates`, else the first with a number appended (`Item` when
    /// there are none).
    pub fn claim_first(&mut self, candidates: &[String]) -> String {
        for c in candidates {
            if !self.is_taken(c) {
                return self.claim(c);
            }
        }
        // No candidate at all still gets a name.
        self.claim(candidates.first().map(String::as_str).unwrap_or("Item"))
    }
}

fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let table = [
            ("HcsAdminUserREL", "HcsAdminUserRel"),
            ("ManagementRoleAssignment", "ManagementRoleAssignment"),
            ("account_information", "AccountInformation"),
            (
                "Calling in Webex App (Unified CM)",
                "CallingInWebexAppUnifiedCm",
            ),
            ("self", "Self_"),
            ("", "Empty"),
            ("2fa", "V2fa"),
            ("ünïcode", "NCode"),
            ("***", "Empty"),
            ("日本", "U65e5U672c"),
            ("type", "Type"),
        ];
        for (input, want) in table {
            assert_eq!(type_name(input), want, "type_name({input:?})");
        }
    }

    #[test]
    fn value_names() {
        let table = [
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("PSComputerName", "ps_computer_name"),
            ("hcsUname", "hcs_uname"),
            ("AdminUser", "admin_user"),
            ("__type_requested", "type_requested"),
            ("1st", "_1st"),
            ("", "empty"),
            ("a-b c", "a_b_c"),
            ("async", "r#async"),
            ("gen", "r#gen"),
            ("union", "union"),
            ("日本", "u65e5_u672c"),
            ("🔥", "u1f525"),
            ("🔥 🔥", "u1f525_u1f525"),
        ];
        for (input, want) in table {
            assert_eq!(value_name(input), want, "value_name({input:?})");
        }
    }

    #[test]
    fn the_plain_paths_are_hecks() {
        // Every string of up to four characters over an alphabet with the separators, digits
        // and lowercase letters the fast paths take, and the capitals and non-ASCII it leaves
        // to heck.
        let alphabet = ['a', 'b', '0', '_', ' ', '-', '.', 'A', 'é'];
        let mut inputs = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = inputs
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            inputs.extend(longer);
        }
        inputs.extend(
            [
                "num_of_failed_login_attempts",
                "__type__requested",
                "a1b2_3c",
            ]
            .map(String::from),
        );
        for input in &inputs {
            assert_eq!(snake_case(input), words(input).to_snake_case(), "{input:?}");
            assert_eq!(
                upper_camel_case(input),
                words(input).to_upper_camel_case(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn module_and_const_names() {
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("HcsAdminUserREL"), "hcs_admin_user_rel");
        assert_eq!(
            const_name("num_of_failed_login_attempts"),
            "NUM_OF_FAILED_LOGIN_ATTEMPTS"
        );
        assert_eq!(const_name("type"), "TYPE");
    }

    #[test]
    fn namer_resolves_collisions_in_order() {
        let mut n = Namer::new();
        n.reserve("extra");
        assert_eq!(n.claim("name"), "name");
        assert_eq!(n.claim("name"), "name2");
        assert_eq!(n.claim("name"), "name3");
        assert_eq!(n.claim("extra"), "extra2");
        assert_eq!(n.claim("r#type"), "r#type");
        assert_eq!(n.claim("r#type"), "type2");
        assert_eq!(n.claim("v1"), "v1");
        assert_eq!(n.claim("v1"), "v1_2");
        assert_eq!(n.claim_first(&["A".into(), "B".into()]), "A");
        assert_eq!(n.claim_first(&["A".into(), "B".into()]), "B");
        assert_eq!(n.claim_first(&["A".into(), "B".into()]), "A2");
        assert_eq!(n.claim_first(&[]), "Item");
    }
}
