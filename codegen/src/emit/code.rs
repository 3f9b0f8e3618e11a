//! Rust source written as text: the bulk of every model file (types, their impls, validators,
//! the schema table). Building token trees with `quote!` and having prettyplease parse and
//! print them again cost more than half of generation; these items have a fixed shape, so
//! they are written directly, laid out as prettyplease would (four-space indents, one field,
//! variant or argument a line). Irregular code (operations) still goes through tokens and
//! prettyplease ([`super::format_tokens`]), appended with [`Code::raw`].

use proc_macro2::TokenStream;

/// An indenting writer of Rust source. Every line it writes ends in `\n`; string literals are
/// written by [`lit`] (escaped as `quote!` would) and doc comments by [`Code::docs`] (control
/// and bidirectional characters escaped, see [`super::push_visible`]).
#[derive(Default)]
pub(super) struct Code {
    out: String,
    indent: usize,
    /// Attribute lines written before each item (a feature gate), see [`Code::item`].
    gate: Vec<String>,
}

impl Code {
    /// A writer whose items all get the `gate` attribute lines.
    pub(super) fn gated(gate: Vec<String>) -> Self {
        Code {
            gate,
            ..Code::default()
        }
    }

    fn pad(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
    }

    /// One line at the current indent.
    pub(super) fn line(&mut self, text: &str) {
        self.pad();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// One line, from pieces (saves a `format!` per line).
    pub(super) fn parts(&mut self, parts: &[&str]) {
        self.pad();
        for p in parts {
            self.out.push_str(p);
        }
        self.out.push('\n');
    }

    /// `head {` (or a bare `{`), then indents.
    pub(super) fn open(&mut self, head: &str) {
        self.pad();
        if !head.is_empty() {
            self.out.push_str(head);
            self.out.push(' ');
        }
        self.out.push_str("{\n");
        self.indent += 1;
    }

    /// Indents what follows (a parameter list, a method chain).
    pub(super) fn indent(&mut self) {
        self.indent += 1;
    }

    /// Undoes [`Code::indent`].
    pub(super) fn dedent(&mut self) {
        self.indent = self.indent.saturating_sub(1);
    }

    /// `head`, then each of `items` on its own line (indented, each followed by a comma), then
    /// `tail` on a line of its own: an array literal or a parameter list.
    pub(super) fn list(&mut self, head: &str, items: impl IntoIterator<Item = String>, tail: &str) {
        self.line(head);
        self.indent();
        for item in items {
            self.parts(&[&item, ","]);
        }
        self.dedent();
        self.line(tail);
    }

    /// Dedents, then `}` and `tail`.
    pub(super) fn close(&mut self, tail: &str) {
        self.indent = self.indent.saturating_sub(1);
        self.pad();
        self.out.push('}');
        self.out.push_str(tail);
        self.out.push('\n');
    }

    /// Starts a top-level item: writes the gate, if any.
    pub(super) fn item(&mut self) {
        for i in 0..self.gate.len() {
            self.pad();
            let line = &self.gate[i];
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// `///` lines; an empty line is a bare `///`.
    pub(super) fn docs(&mut self, lines: &[String]) {
        for l in lines {
            self.doc(l);
        }
    }

    /// One `///` line (several, when the text has line breaks: a schema's names and notes may
    /// hold them, and a raw one would end the comment).
    pub(super) fn doc(&mut self, line: &str) {
        for line in line.split('\n') {
            self.pad();
            if line.is_empty() {
                self.out.push_str("///\n");
            } else {
                self.out.push_str("/// ");
                super::push_visible(&mut self.out, line);
                self.out.push('\n');
            }
        }
    }

    /// Text already laid out (each line ends in `\n`), indented to the current level. Lines
    /// inside a multi-line literal get the indent too: the only such literal is a schema
    /// table's JSON, where leading spaces are insignificant.
    pub(super) fn raw(&mut self, text: &str) {
        if self.indent == 0 {
            self.out.push_str(text);
            return;
        }
        for line in text.lines() {
            if line.is_empty() {
                self.out.push('\n');
            } else {
                self.line(line);
            }
        }
    }

    /// Tokens of a small, irregular item, formatted by prettyplease when `pretty`.
    pub(super) fn tokens(&mut self, tokens: TokenStream, pretty: bool) {
        if !tokens.is_empty() {
            let text = super::format_tokens(tokens, pretty);
            self.raw(&text);
        }
    }

    /// The written text.
    pub(super) fn finish(self) -> String {
        self.out
    }
}

/// A Rust string literal of `value`, escaped exactly as `quote!` escapes it outside a proc
/// macro (`proc_macro2`'s own `Literal::string`, which a test compares this with), so that the
/// CLI, build.rs and the macro write the same text. Printable ASCII, nearly all of what schemas
/// hold, is copied without the per-character escaping `proc_macro2` does for every character
/// (5% of generation when it was called).
pub(super) fn lit(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            // `\0` before an octal digit would read as an octal escape to clippy: `\x00`.
            '\0' if chars
                .as_str()
                .starts_with(|next| ('0'..='7').contains(&next)) =>
            {
                out.push_str("\\x00")
            }
            _ => out.extend(c.escape_debug()),
        }
    }
    out.push('"');
    out
}

/// Text as tokens; only for text this module built from valid identifiers and paths (an
/// unparsable piece becomes a `compile_error!` naming it, never a panic).
pub(super) fn tokens(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|_| {
        let message = format!("vossgen emitted code that does not parse: {text}");
        quote::quote!(::core::compile_error!(#message))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lit_escapes_as_proc_macro2_does() {
        let mut inputs: Vec<String> = (0..0x800u32)
            .chain([0x200b, 0x202e, 0x2028, 0xfeff, 0x1f525, 0xe0001, 0x10ffff])
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        inputs.extend(
            [
                "", "a\"b\\c", "\0", "\x001", "\x007", "\08", "\0a", "it's", "e\u{301}", "\u{301}e",
            ]
            .map(String::from),
        );
        inputs.push(inputs.concat());
        for input in &inputs {
            assert_eq!(
                lit(input),
                proc_macro2::Literal::string(input).to_string(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn indents_gates_and_escapes() {
        let mut c = Code::gated(vec!["#[cfg(feature = \"a\")]".into()]);
        c.item();
        c.docs(&["Hi \u{202e}x".into(), String::new()]);
        c.open("pub struct A");
        c.parts(&["pub x: ", "i64", ","]);
        c.close("");
        c.open("mod m");
        c.raw("fn f() {\n    g();\n}\n\n");
        c.close("");
        assert_eq!(
            c.finish(),
            "#[cfg(feature = \"a\")]\n/// Hi \\u{202e}x\n///\npub struct A {\n    pub x: i64,\n}\n\
             mod m {\n    fn f() {\n        g();\n    }\n\n}\n"
        );
        assert_eq!(lit("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(tokens("a::b").to_string(), "a :: b");
        assert!(tokens("a b )").to_string().contains("compile_error"));
    }
}
