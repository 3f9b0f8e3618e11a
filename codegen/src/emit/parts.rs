//! Crate parts: a large generated crate compiled as several crates.
//!
//! rustc holds a whole crate in memory while it compiles it, so one crate of a thousand models
//! needs a machine of its own (`bench/scale`). With parts, the crate the user names stays the
//! crate they depend on, with the same module paths and features, but its models live in crates
//! under its `parts/` directory: `NAME-shared` (the shared module) and `NAME-part-01`, … (at
//! most [`crate::Settings::part_size`] models and API modules each), which it depends on and
//! re-exports. Each compilation holds one part, and cargo compiles independent parts in
//! parallel.
//!
//! Parts follow the dependencies between models: models that need each other (a cycle of
//! `$ref`s) share a part, and every part comes after the parts it uses, so the parts' own
//! dependencies never go round. Within that, models keep their input order (directory by
//! directory), so that a part holds neighbours; the assignment depends only on the input.

use super::features::Plan;
use super::MANIFEST_MARKER;
use crate::ir::graph::ordered_components;
use crate::ir::{deps::api_models, DirModule, TypeSpace};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// What crate parts take from the generated crate's own Cargo.toml ([`crate::output::crate_manifest`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateManifest {
    /// `[package] name`: parts are named after it (`NAME-part-01`, `NAME-shared`).
    pub package: String,
    /// `[package] edition` (`2021` when it is not a plain string).
    pub edition: String,
    /// The runtime dependency's key in `[dependencies]`.
    pub runtime_key: String,
    /// Its value as inline TOML, a relative `path` made relative to a part's directory
    /// (`parts/NAME/`, two levels down), so that the parts use the very same runtime.
    pub runtime_value: String,
}

/// The directory of a crate's parts, next to its `src/`.
pub const PARTS_DIR: &str = "parts";

/// A model or an API module: what parts are made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// A model, by index.
    Model(usize),
    /// An API module, by index.
    Api(usize),
}

/// One crate part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Its package name (`NAME-part-01`).
    pub package: String,
    /// Its crate name in Rust paths (`NAME_part_01`).
    pub lib: String,
    /// Its directory under the crate's `parts/`.
    pub dir: String,
    /// The parts it uses (indices into [`Parts::parts`]; the shared part is `0`).
    pub deps: BTreeSet<usize>,
    /// Its models and API modules, in input order.
    pub units: Vec<Unit>,
}

/// The crate's parts: part `0` holds the shared module, the others the models.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts {
    /// Every part; `0` is the shared part.
    pub parts: Vec<Part>,
    /// The runtime dependency, as the crate's Cargo.toml spells it.
    pub manifest: CrateManifest,
    /// Which part holds each module path (a model's or an API module's, and the shared one).
    by_module: HashMap<Vec<String>, usize>,
    /// Which part holds each unit.
    by_unit: HashMap<Unit, usize>,
}

impl Parts {
    /// Splits the selected models and API modules of `space` into parts of at most `size`
    /// (a cycle of models larger than that is one part); `None` when they fit in one crate.
    pub fn new(
        space: &TypeSpace,
        plan: &Plan,
        manifest: &CrateManifest,
        size: usize,
    ) -> Option<Parts> {
        let mut units = Vec::new();
        collect(&space.root, &[], plan, &mut units);
        if size == 0 || units.len() <= size {
            return None;
        }
        let index: HashMap<Unit, usize> = units
            .iter()
            .enumerate()
            .map(|(i, (u, _))| (*u, i))
            .collect();
        // Edges: unit -> the units it needs.
        let needs: Vec<Vec<usize>> = units
            .iter()
            .map(|(u, _)| {
                unit_needs(space, *u)
                    .into_iter()
                    .filter_map(|m| index.get(&Unit::Model(m)).copied())
                    .collect()
            })
            .collect();
        // Whole components, in order, into chunks of at most `size` units.
        let mut chunks: Vec<Vec<usize>> = Vec::new();
        for component in ordered_components(&needs) {
            match chunks.last_mut() {
                Some(last) if last.len() + component.len() <= size => last.extend(component),
                _ => chunks.push(component),
            }
        }
        let width = 2.max(chunks.len().to_string().len());
        let package = &manifest.package;
        let part = |dir: String, units: Vec<Unit>| {
            let package = format!("{package}-{dir}");
            Part {
                lib: package.replace('-', "_"),
                package,
                dir,
                deps: BTreeSet::new(),
                units,
            }
        };
        let mut parts = vec![part("shared".to_string(), Vec::new())];
        let mut of_unit = vec![0; units.len()];
        for (i, mut chunk) in chunks.into_iter().enumerate() {
            let k = i + 1;
            chunk.sort_unstable();
            for &u in &chunk {
                of_unit[u] = k;
            }
            let dir = format!("part-{k:0width$}");
            parts.push(part(dir, chunk.iter().map(|&u| units[u].0).collect()));
        }
        let mut by_module = HashMap::default();
        by_module.insert(space.shared.clone(), 0);
        let mut by_unit = HashMap::default();
        for (u, (unit, module)) in units.iter().enumerate() {
            let k = of_unit[u];
            by_module.insert(module.clone(), k);
            by_unit.insert(*unit, k);
            parts[k].deps.insert(0);
            for &d in &needs[u] {
                if of_unit[d] != k {
                    parts[k].deps.insert(of_unit[d]);
                }
            }
        }
        Some(Parts {
            parts,
            manifest: manifest.clone(),
            by_module,
            by_unit,
        })
    }

    /// The part that holds `module` (or the types nested in it); `None` outside every model,
    /// API module and the shared module (the crate's own directory modules).
    pub fn of_module(&self, module: &[String]) -> Option<usize> {
        (1..=module.len())
            .rev()
            .find_map(|len| self.by_module.get(&module[..len]).copied())
    }

    /// The part of `unit` (`0` for a unit that is not selected: none holds it).
    pub fn of_unit(&self, unit: Unit) -> usize {
        self.by_unit.get(&unit).copied().unwrap_or(0)
    }
}

/// `list` as a TOML array of strings.
fn toml_list(list: &[String]) -> String {
    let quoted: Vec<String> = list
        .iter()
        .map(|s| toml::Value::String(s.clone()).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// The models `unit` needs (a model's `$ref`s and payloads, an API module's payloads).
pub(super) fn unit_needs(space: &TypeSpace, unit: Unit) -> Vec<usize> {
    match unit {
        Unit::Model(m) => space.deps[m].clone(),
        Unit::Api(a) => api_models(&space.apis[a].ops),
    }
}

/// The features of the models `unit` needs, as seen from part `from`: `name` within it,
/// `PACKAGE/name` in another part.
fn needed_features(
    space: &TypeSpace,
    plan: &Plan,
    parts: &Parts,
    unit: Unit,
    from: Option<usize>,
) -> Vec<String> {
    unit_needs(space, unit)
        .into_iter()
        .filter_map(|m| {
            let name = plan.models.get(m)?.as_ref()?;
            let there = parts.of_unit(Unit::Model(m));
            Some(if Some(there) == from {
                name.clone()
            } else {
                format!("{}/{name}", parts.parts[there].package)
            })
        })
        .collect()
}

impl Parts {
    /// The `[dependencies.…]` tables of the crate's generated block in its Cargo.toml: one per
    /// part, without default features (the crate's features choose).
    pub fn dependency_tables(&self) -> String {
        let mut t = String::from(
            "# The crate's parts (setting `part_size`): its models are compiled there.\n",
        );
        for p in &self.parts {
            t.push_str(&format!(
                "[dependencies.{}]\npath = \"{PARTS_DIR}/{}\"\ndefault-features = false\n",
                p.package, p.dir
            ));
        }
        t.push('\n');
        t
    }

    /// What the crate's feature for `unit` adds: the same feature of the part that holds it
    /// (which turns on the shared part's).
    pub fn forward(&self, unit: Unit, feature: &str) -> String {
        format!("{}/{feature}", self.parts[self.of_unit(unit)].package)
    }
}

/// Part `k`'s Cargo.toml.
pub fn manifest(parts: &Parts, k: usize, plan: &Plan, space: &TypeSpace) -> String {
    let part = &parts.parts[k];
    let m = &parts.manifest;
    let mut t = format!(
        "{MANIFEST_MARKER}: a part of crate `{}`, which depends on it and re-exports its \
         modules. Do not edit by hand: regenerate with `vossgen generate`.\n\n",
        m.package
    );
    t.push_str("[package]\n");
    t.push_str(&format!("name = \"{}\"\n", part.package));
    t.push_str("version = \"0.0.0\"\n");
    t.push_str(&format!(
        "edition = {}\n",
        toml::Value::String(m.edition.clone())
    ));
    t.push_str("publish = false\n");
    t.push_str(&format!(
        "description = \"Part of crate `{}` (vossgen's crate parts): use that crate.\"\n\n",
        m.package
    ));
    t.push_str("[dependencies]\n");
    t.push_str(&format!("{} = {}\n", m.runtime_key, m.runtime_value));
    for &d in &part.deps {
        t.push_str(&format!(
            "{} = {{ path = \"../{}\", default-features = false }}\n",
            parts.parts[d].package, parts.parts[d].dir
        ));
    }
    t.push_str("\n[features]\n");
    if k == 0 {
        // The shared module's items are gated by the features of the models that use them.
        for p in &parts.parts[1..] {
            for &u in &p.units {
                if let Some(f) = plan.feature(u) {
                    t.push_str(&format!("{f} = []\n"));
                }
            }
        }
    } else {
        for &u in &part.units {
            if let Some(f) = plan.feature(u) {
                let mut needs = vec![format!("{}/{f}", parts.parts[0].package)];
                needs.extend(needed_features(space, plan, parts, u, Some(k)));
                t.push_str(&format!("{f} = {}\n", toml_list(&needs)));
            }
        }
    }
    t
}

/// The root docs of part `k`.
pub fn part_docs(parts: &Parts, k: usize) -> Vec<String> {
    let what = if k == 0 {
        "the shared module".to_string()
    } else {
        format!(
            "{} of its models and API modules",
            parts.parts[k].units.len()
        )
    };
    vec![format!(
        "A part of crate `{}`: {what}, compiled as a crate of its own so that no compilation \
         holds the whole API. Use `{}`, which re-exports everything here at the same paths.",
        parts.manifest.package,
        parts.manifest.package.replace('-', "_")
    )]
}

/// The crate docs' section on its parts.
pub fn crate_docs(parts: &Parts) -> Vec<String> {
    vec![
        String::new(),
        "# Crate parts".to_string(),
        String::new(),
        format!(
            "This crate's {} models and API modules are compiled in {} crates under its \
             `{PARTS_DIR}/` directory (`{}` and `{}` … `{}`), which it depends on and re-exports \
             at the paths below: rustc holds a whole crate in memory, and parts bound each \
             compilation (vossgen's `part_size` setting). Use this crate; the parts are not \
             meant to be used alone.",
            parts.parts.iter().map(|p| p.units.len()).sum::<usize>(),
            parts.parts.len(),
            parts.parts[0].package,
            parts.parts[1].package,
            parts.parts[parts.parts.len() - 1].package,
        ),
    ]
}

/// The selected units under `dir`, in input order (directories first, as the features table
/// lists them), with their module paths.
fn collect(dir: &DirModule, path: &[String], plan: &Plan, out: &mut Vec<(Unit, Vec<String>)>) {
    let at = |name: &String| {
        let mut p = path.to_vec();
        p.push(name.clone());
        p
    };
    for (name, child) in &dir.dirs {
        collect(child, &at(name), plan, out);
    }
    for (name, &m) in &dir.models {
        if plan.has_model(m) {
            out.push((Unit::Model(m), at(name)));
        }
    }
    for (name, &a) in &dir.apis {
        if plan.has_api(a) {
            out.push((Unit::Api(a), at(name)));
        }
    }
}
