//! Reading the JSON blocks of an API reference page, with the one repair the pages need.
//!
//! VOSS pages drop the closing quote of strings that end in `[authtoken]`
//! (`"view": "/api/tool/DataMove/?auth_token=[authtoken] } }`). Exactly that is repaired: a
//! string whose text ends in `[authtoken]` and is directly followed by `, "`, `}` or `]` gets its
//! quote back, with a warning naming the page and line:column. Any other syntax error is an
//! error at its line:column in the page; nothing is guessed.

use crate::diag::{Diagnostic, Diagnostics, Location};
use serde_json::Value;
use std::path::Path;

const MARK: &str = "[authtoken]";

/// A JSON block found in a page.
pub struct Block {
    /// 1-based page line of the block's first line.
    pub line: usize,
    /// The parsed value, if it parsed.
    pub value: Option<Value>,
}

/// Repairs one line; returns the repaired line and the 1-based character columns (in the
/// original line) where a quote was inserted.
pub fn repair_line(line: &str) -> (String, Vec<usize>) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut inserted = Vec::new();
    let mut state = StringState::default();
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let was_in_string = state.in_string;
        state.feed(c);
        if was_in_string
            && state.in_string
            && c == ']'
            && out.ends_with(MARK)
            && dropped_quote_follows(&chars[i + 1..])
        {
            out.push('"');
            state.in_string = false;
            inserted.push(i + 2);
        }
    }
    (out, inserted)
}

/// Whether the text after `[authtoken]` is JSON structure rather than more string: it starts
/// with `, "…`, `}` or `]` (after optional spaces), and the string, left as it is, would not
/// close validly (its next unescaped quote is missing or followed by more text, not by
/// `,` `}` `]` `:` or the end).
fn dropped_quote_follows(rest: &[char]) -> bool {
    let mut it = rest.iter().skip_while(|c| c.is_whitespace());
    let looks_structural = match it.next() {
        Some('}') | Some(']') => true,
        Some(',') => matches!(it.find(|c| !c.is_whitespace()), Some('"')),
        _ => false,
    };
    looks_structural && !closes_validly(rest)
}

fn closes_validly(rest: &[char]) -> bool {
    let mut state = StringState {
        in_string: true,
        escaped: false,
    };
    for (j, &c) in rest.iter().enumerate() {
        state.feed(c);
        if !state.in_string {
            let next = rest[j + 1..].iter().find(|c| !c.is_whitespace());
            return matches!(next, None | Some(',') | Some('}') | Some(']') | Some(':'));
        }
    }
    false
}

/// Whether a scan of JSON text is inside a string.
#[derive(Default)]
struct StringState {
    in_string: bool,
    escaped: bool,
}

impl StringState {
    /// Takes one character; says whether it belongs to a string (its quotes included).
    fn feed(&mut self, c: char) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' {
                self.escaped = true;
            } else if c == '"' {
                self.in_string = false;
            }
            true
        } else {
            self.in_string = c == '"';
            self.in_string
        }
    }
}

/// Finds the JSON blocks of a page: each starts at a line whose text starts with `{` and runs
/// until its braces balance. Each line is repaired first. Lines ending in `|` are cells of a
/// task table (payload examples such as `{"hrefs": [...]}`, written loosely), not documents.
pub fn blocks(page: &Path, text: &str, diags: &mut Diagnostics) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim();
        if !trimmed.starts_with('{') || trimmed.ends_with('|') {
            i += 1;
            continue;
        }
        let start = i;
        let mut repaired: Vec<(String, Vec<usize>)> = Vec::new();
        let mut depth = 0i64;
        loop {
            let (line, inserted) = repair_line(lines[i]);
            for col in &inserted {
                diags.push(Diagnostic::warning(
                    page,
                    Location::LineCol {
                        line: i + 1,
                        column: *col,
                    },
                    "repaired a dropped closing quote after `[authtoken]`",
                ));
            }
            depth += brace_depth_change(&line);
            repaired.push((line, inserted));
            i += 1;
            if depth <= 0 || i >= lines.len() {
                break;
            }
        }
        let joined: Vec<&str> = repaired.iter().map(|(l, _)| l.as_str()).collect();
        let value = match serde_json::from_str::<Value>(&joined.join("\n")) {
            Ok(v) => Some(v),
            Err(e) => {
                let line = e.line().saturating_sub(1);
                let (text, inserted) = repaired
                    .get(line)
                    .map(|(t, i)| (t.as_str(), i.as_slice()))
                    .unwrap_or(("", &[]));
                let (message, column) = crate::diag::json_error_parts(&e, text);
                let column = page_column(inserted, column);
                diags.push(Diagnostic::error(
                    page,
                    Location::LineCol {
                        line: start + 1 + line,
                        column,
                    },
                    format!("invalid JSON: {message}"),
                ));
                None
            }
        };
        out.push(Block {
            line: start + 1,
            value,
        });
    }
    out
}

/// The character column `column` of a repaired line, as a column of the original page line.
fn page_column(inserted: &[usize], column: usize) -> usize {
    // Columns of inserted quotes in the repaired line are col + (number inserted before it).
    let shift = inserted
        .iter()
        .enumerate()
        .filter(|(n, col)| **col + n <= column)
        .count();
    column - shift
}

fn brace_depth_change(line: &str) -> i64 {
    let mut state = StringState::default();
    let mut depth = 0;
    for c in line.chars() {
        if !state.feed(c) {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_exactly_the_dropped_quote() {
        let (fixed, at) = repair_line(r#"{ "view": "/a/?auth_token=[authtoken] } }"#);
        assert_eq!(fixed, r#"{ "view": "/a/?auth_token=[authtoken]" } }"#);
        assert_eq!(at, vec![38]);
        let (fixed, _) = repair_line(r#"{ "t": "/x&auth_token=[authtoken], "format": "uri" }"#);
        assert_eq!(
            fixed,
            r#"{ "t": "/x&auth_token=[authtoken]", "format": "uri" }"#
        );
    }

    #[test]
    fn leaves_correct_strings_alone() {
        for line in [
            r#"{ "v": "/a/?auth_token=[authtoken]" }"#,
            r#"{ "v": "[authtoken], then more" }"#,
            r#"{ "v": "say \"[authtoken] }\"" }"#,
            r#"{ "v": "x" }"#,
        ] {
            let (fixed, at) = repair_line(line);
            assert_eq!(fixed, line);
            assert!(at.is_empty());
        }
    }

    #[test]
    fn other_syntax_errors_are_reported_at_page_position() {
        let text = "intro\n{ \"a\": \"/x?auth_token=[authtoken] , \"b\": tru }\n";
        let mut d = Diagnostics::new();
        let b = blocks(Path::new("p.txt"), text, &mut d);
        assert_eq!(b.len(), 1);
        assert!(b[0].value.is_none());
        let errs: Vec<String> = d.errors().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 1, "{d}");
        // serde_json stops at the space after `tru`: column 45 of the original line.
        assert!(
            errs[0].starts_with("error: p.txt:2:45: invalid JSON: expected ident"),
            "{}",
            errs[0]
        );
        assert_eq!(d.warnings().count(), 1);
        assert_eq!(
            d.warnings().next().unwrap().to_string(),
            "warning: p.txt:2:34: repaired a dropped closing quote after `[authtoken]`"
        );
    }

    #[test]
    fn multi_line_blocks_balance() {
        let text = " {\n  \"a\": {\"b\": [1, 2]}\n }\ntail\n";
        let mut d = Diagnostics::new();
        let b = blocks(Path::new("p.txt"), text, &mut d);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].value, Some(serde_json::json!({"a": {"b": [1, 2]}})));
    }
}
