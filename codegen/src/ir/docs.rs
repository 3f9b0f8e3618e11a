//! Documentation of items: the schema's titles and descriptions, and vossgen's notes.

use super::*;

impl IrBuilder<'_> {
    pub(super) fn docs(&self, s: &Schema) -> Docs {
        let mut notes = Vec::new();
        if let Some(f) = &s.format {
            let why = if f == "uri" && (s.target.is_some() || s.target_model_type.is_some()) {
                " (on a reference, whose values are names: not checked as a URI)"
            } else if f == "link" {
                " (a VOSS GUI link)"
            } else {
                ""
            };
            notes.push(format!("Format: `{f}`{why}."));
        }
        if s.target.is_some() || s.target_model_type.is_some() {
            let model = s.target_model_type.as_deref().unwrap_or("(unnamed)");
            let attr = s
                .target_attr
                .as_deref()
                .map(|a| format!(" by `{a}`"))
                .unwrap_or_default();
            notes.push(format!(
                "References `{model}`{attr}; an empty string means unset."
            ));
        }
        if let Some(d) = &s.default {
            notes.push(format!("Default: `{d}`."));
        }
        if let Some(w) = &s.warning {
            notes.push(format!("VOSS warning: {w}"));
        }
        if let Some(t) = &s.type_requested {
            if !t.is_empty() {
                notes.push(format!("Upstream type: `{t}`."));
            }
        }
        if s.displayable == Some(false) {
            notes.push("Not displayed in the GUI.".to_string());
        }
        let extras: Vec<&str> = s
            .extra
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| *k != "name" && *k != "$comment")
            .collect();
        if !extras.is_empty() {
            notes.push(format!(
                "Other schema keys: {}.",
                extras
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Docs {
            title: s.title.clone(),
            description: s.description.clone(),
            notes,
        }
    }
}
