//! String enums: one variant per listed value and a catch-all, written as text ([`Code`]).
//! Their comparison, hashing, order, `Display`, `FromStr` and serde impls come from one
//! runtime macro (`__str_enum_traits!`), which works through the wire string.

use super::code::{lit, Code};
use super::{doc_text, Cx};
use crate::ir::{TypeDef, Variant};

impl Cx<'_> {
    pub(super) fn string_enum(
        &self,
        code: &mut Code,
        t: &TypeDef,
        variants: &[Variant],
        other: &str,
    ) {
        let rt = &self.rt_text;
        let name = t.name.as_str();
        code.item();
        code.docs(&self.item_docs(&t.docs, &format!("The values of `{name}`."), &[
            "A value the schema does not list still parses (newer servers add values) and is kept in the catch-all variant; validation reports it.".to_string(),
            self.origin_note(t),
        ]));
        // Equality, hashing and order by the wire value, through the runtime macro: derived
        // comparisons of every enum cost rustc more than the enums themselves.
        code.line(&self.derive_attr(
            &["::std::clone::Clone", "::std::fmt::Debug"],
            &["PartialEq", "Eq", "Hash", "PartialOrd", "Ord"],
        ));
        code.open(&format!("pub enum {name}"));
        for v in variants {
            let doc = match &v.title {
                Some(title) if title != &v.value => {
                    format!("{} (`{}`).", doc_text(title), v.value.replace('`', "'"))
                }
                _ if v.value.is_empty() => "The empty string.".to_string(),
                _ => format!("`{}`.", v.value.replace('`', "'")),
            };
            code.doc(&doc);
            code.parts(&[&v.ident, ","]);
        }
        code.doc("A value the schema does not list, kept as it was sent.");
        code.parts(&[other, "(::std::string::String),"]);
        code.close("");
        let values: Vec<String> = variants.iter().map(|v| lit(&v.value)).collect();

        code.item();
        code.open(&format!("impl {name}"));
        code.doc("Every value the schema lists, in schema order.");
        if values.is_empty() {
            code.line("pub const VALUES: &'static [&'static str] = &[];");
        } else {
            code.list(
                "pub const VALUES: &'static [&'static str] = &[",
                values.iter().cloned(),
                "];",
            );
        }
        code.doc("The wire value.");
        code.line("#[inline]");
        code.open("pub fn as_str(&self) -> &str");
        code.open("match self");
        for (v, value) in variants.iter().zip(&values) {
            code.parts(&["Self::", &v.ident, " => ", value, ","]);
        }
        code.parts(&["Self::", other, "(value) => value.as_str(),"]);
        code.close("");
        code.close("");
        code.doc("Whether the value is one the schema lists.");
        code.line("#[inline]");
        code.open("pub fn is_known(&self) -> bool");
        code.parts(&["!matches!(self, Self::", other, "(_))"]);
        code.close("");
        code.close("");

        // `From<&str>` goes through `from_wire` (in the runtime macro): one match per enum.
        code.item();
        code.open(&format!("impl {rt}::__private::WireStr for {name}"));
        code.line("#[inline]");
        code.open("fn wire(&self) -> &str");
        code.line("self.as_str()");
        code.close("");
        code.line("#[inline]");
        code.open("fn from_wire(value: ::std::string::String) -> Self");
        code.open("match value.as_str()");
        for (v, value) in variants.iter().zip(&values) {
            code.parts(&[value, " => Self::", &v.ident, ","]);
        }
        code.parts(&["_ => Self::", other, "(value),"]);
        code.close("");
        code.close("");
        code.close("");
        code.item();
        code.parts(&[rt, "::__str_enum_traits!(", name, ");"]);
    }
}
