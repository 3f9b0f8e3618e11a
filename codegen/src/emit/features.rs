//! What to emit and under which cargo feature: the model filter's [`Selection`], and, when
//! features are on, one feature per model, API module and directory, with the `[features]`
//! table for the generated crate's Cargo.toml.
//!
//! A feature's name is its module path joined by `-` (`data-role`,
//! `device-exchange-management_role_assignment`, directory `device-exchange`): module names are
//! unique among their siblings and `-` is never in one, so feature names are unique too. A
//! model's feature enables the features of the models it needs; a directory's enables
//! everything under it; `full` enables every top-level one and is the default.

use super::parts::Unit;
use crate::ident::Namer;
use crate::ir::deps::Selection;
use crate::ir::{DirModule, TypeSpace};

/// The emitter's plan: what is selected and which feature gates it.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// What the model filter selected.
    pub selection: Option<Selection>,
    /// Each model's feature, when features are on.
    pub models: Vec<Option<String>>,
    /// Each API module's feature, when features are on.
    pub apis: Vec<Option<String>>,
    /// The `[features]` table for Cargo.toml, when features are on (after the
    /// `[dependencies.…]` tables of the parts, when there are parts).
    pub table: Option<String>,
    /// The crate parts, when the crate is split.
    pub parts: Option<super::parts::Parts>,
}

impl Plan {
    /// Everything, without features: what the derive's emitters use.
    pub const ALL: Plan = Plan {
        selection: None,
        models: Vec::new(),
        apis: Vec::new(),
        table: None,
        parts: None,
    };

    /// Whether model `i` is emitted.
    pub fn has_model(&self, i: usize) -> bool {
        self.selection.as_ref().is_none_or(|s| s.models[i])
    }

    /// Whether API module `i` is emitted.
    pub fn has_api(&self, i: usize) -> bool {
        self.selection.as_ref().is_none_or(|s| s.apis[i])
    }

    /// Whether `unit` is emitted.
    pub fn has_unit(&self, unit: Unit) -> bool {
        match unit {
            Unit::Model(m) => self.has_model(m),
            Unit::Api(a) => self.has_api(a),
        }
    }

    /// The feature of `unit`, when features are on.
    pub fn feature(&self, unit: Unit) -> Option<&String> {
        match unit {
            Unit::Model(m) => self.models.get(m)?.as_ref(),
            Unit::Api(a) => self.apis.get(a)?.as_ref(),
        }
    }

    /// Whether anything under `dir` is emitted.
    pub fn has_dir(&self, dir: &DirModule) -> bool {
        dir.models.values().any(|m| self.has_model(*m))
            || dir.apis.values().any(|a| self.has_api(*a))
            || dir.dirs.values().any(|d| self.has_dir(d))
    }

    /// Names a feature for every selected model, API module and directory, and writes the
    /// table.
    pub fn with_features(mut self, space: &TypeSpace) -> Plan {
        self.models = vec![None; space.models.len()];
        self.apis = vec![None; space.apis.len()];
        let mut namer = Namer::new();
        namer.reserve("default");
        namer.reserve("full");
        let mut dirs = Vec::new();
        let mut order = Vec::new();
        let top = self.name_dir(&space.root, &[], &mut namer, &mut dirs, &mut order);
        let list = |names: &[String]| {
            let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut t = String::new();
        if let Some(parts) = &self.parts {
            t.push_str(&parts.dependency_tables());
        }
        t.push_str("[features]\n");
        t.push_str("default = [\"full\"]\n");
        t.push_str("# Every model and API module.\n");
        t.push_str(&format!("full = {}\n", list(&top)));
        if !dirs.is_empty() {
            t.push_str("# Directories: each enables everything under it.\n");
            for (name, children) in &dirs {
                t.push_str(&format!("{name} = {}\n", list(children)));
            }
        }
        t.push_str("# One feature per model and API module: each enables the models it needs.\n");
        for item in order {
            let name = self.feature(item).cloned();
            let mut uses: Vec<String> = super::parts::unit_needs(space, item)
                .iter()
                .filter_map(|d| self.models[*d].clone())
                .collect();
            if let Some(name) = name {
                if let Some(parts) = &self.parts {
                    uses.insert(0, parts.forward(item, &name));
                }
                t.push_str(&format!("{name} = {}\n", list(&uses)));
            }
        }
        self.table = Some(t);
        self
    }

    /// Names the features under `dir` (directories first, each before its contents); returns
    /// the names of its direct children.
    fn name_dir(
        &mut self,
        dir: &DirModule,
        path: &[String],
        namer: &mut Namer,
        dirs: &mut Vec<(String, Vec<String>)>,
        order: &mut Vec<Unit>,
    ) -> Vec<String> {
        let feature = |last: &str| {
            path.iter()
                .map(String::as_str)
                .chain(std::iter::once(last))
                .map(|m| m.trim_start_matches("r#"))
                .collect::<Vec<_>>()
                .join("-")
        };
        let mut children = Vec::new();
        for (name, child) in &dir.dirs {
            if !self.has_dir(child) {
                continue;
            }
            let f = namer.claim(&feature(name));
            let slot = dirs.len();
            dirs.push((f.clone(), Vec::new()));
            let mut p = path.to_vec();
            p.push(name.clone());
            dirs[slot].1 = self.name_dir(child, &p, namer, dirs, order);
            children.push(f);
        }
        for (name, m) in &dir.models {
            if self.has_model(*m) {
                let f = namer.claim(&feature(name));
                self.models[*m] = Some(f.clone());
                order.push(Unit::Model(*m));
                children.push(f);
            }
        }
        for (name, a) in &dir.apis {
            if self.has_api(*a) {
                let f = namer.claim(&feature(name));
                self.apis[*a] = Some(f.clone());
                order.push(Unit::Api(*a));
                children.push(f);
            }
        }
        children
    }
}
