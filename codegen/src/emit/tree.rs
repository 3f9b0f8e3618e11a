//! The tree of output: which modules go in which file of which crate (part), and each file's text.

use super::docs::{dir_docs, features_docs};
use super::*;

impl Cx<'_> {
    /// Whether `view` shows anything under `dir`.
    pub(super) fn shows_dir(&self, dir: &DirModule, view: View) -> bool {
        match view {
            View::Part(_) => {
                dir.models
                    .values()
                    .any(|m| self.holds(Unit::Model(*m), view))
                    || dir.apis.values().any(|a| self.holds(Unit::Api(*a), view))
                    || dir.dirs.values().any(|d| self.shows_dir(d, view))
            }
            _ => self.plan.has_dir(dir),
        }
    }

    /// Whether `view` holds `unit`'s module.
    pub(super) fn holds(&self, unit: Unit, view: View) -> bool {
        match (view, &self.plan.parts) {
            (View::Part(k), Some(parts)) => self.plan.has_unit(unit) && parts.of_unit(unit) == k,
            _ => self.plan.has_unit(unit),
        }
    }

    /// Where `unit`'s module is, for the crate that re-exports it from its part:
    /// `::NAME_part_01::data::role`.
    pub(super) fn part_module_path(&self, unit: Unit, module: &[String]) -> String {
        let lib = self.plan.parts.as_ref().map_or("crate", |parts| {
            parts.parts[parts.of_unit(unit)].lib.as_str()
        });
        format!("::{lib}::{}", module.join("::"))
    }

    /// The files of `dir` (its `mod.rs`, or `lib.rs` at the root) and everything under it,
    /// as `view` sees them.
    pub(super) fn dir_files(
        &self,
        dir: &DirModule,
        path: &[String],
        texts: &[String],
        files: &mut Files,
        view: View,
    ) {
        let mut code = Code::default();
        let at = |name: &String| {
            let mut p = path.to_vec();
            p.push(name.clone());
            p
        };
        let gate_lines = |feature: Option<&String>| -> Vec<String> {
            feature.map_or_else(Vec::new, |f| {
                vec![
                    format!("#[cfg(feature = {})]", code::lit(f)),
                    format!("#[cfg_attr(docsrs, doc(cfg(feature = {})))]", code::lit(f)),
                ]
            })
        };
        for (name, child) in &dir.dirs {
            if self.shows_dir(child, view) {
                code.parts(&["pub mod ", name, ";"]);
            }
        }
        let mut units: Vec<(Unit, &String)> = Vec::new();
        units.extend(dir.models.iter().map(|(n, m)| (Unit::Model(*m), n)));
        units.extend(dir.apis.iter().map(|(n, a)| (Unit::Api(*a), n)));
        for (unit, name) in units {
            if !self.holds(unit, view) {
                continue;
            }
            let module = at(name);
            let gate = gate_lines(self.plan.feature(unit));
            let root = match unit {
                Unit::Model(m) => Some(self.space.get(self.space.models[m].root).name.as_str()),
                Unit::Api(_) => None,
            };
            if view == View::Main {
                // The module lives in its part: the crate re-exports it where it would be.
                let there = self.part_module_path(unit, &module);
                for line in &gate {
                    code.line(line);
                }
                code.line("#[doc(inline)]");
                code.parts(&["pub use ", &there, ";"]);
                if let Some(root) = root {
                    for line in &gate {
                        code.line(line);
                    }
                    code.line("#[doc(inline)]");
                    code.parts(&["pub use ", &there, "::", root, ";"]);
                }
                continue;
            }
            for line in &gate {
                code.line(line);
            }
            code.parts(&["pub mod ", name, ";"]);
            let (text, rel) = match unit {
                Unit::Model(m) => {
                    let root = root.unwrap_or_default();
                    for line in &gate {
                        code.line(line);
                    }
                    code.line("#[doc(inline)]");
                    code.parts(&["pub use self::", name, "::", root, ";"]);
                    (
                        std::borrow::Cow::Borrowed(&texts[m]),
                        &self.space.models[m].rel,
                    )
                }
                Unit::Api(a) => {
                    let mut api = Code::default();
                    self.api_items(&mut api, a, &module);
                    (
                        std::borrow::Cow::Owned(file_text(&self.api_docs(a), &api.finish())),
                        &self.space.apis[a].rel,
                    )
                }
            };
            files.insert(
                file_path(&module, false),
                header(&format!("`{rel}`"), &text, false),
            );
        }
        let shared_name = &self.space.shared[0];
        if path.is_empty() {
            match view {
                View::Crate | View::Part(0) => {
                    if let Some(body) = self.shared_text() {
                        code.parts(&["pub mod ", shared_name, ";"]);
                        files.insert(
                            file_path(&self.space.shared, false),
                            header(
                                "the types several schemas share",
                                &file_text(&shared::shared_docs(), &body),
                                false,
                            ),
                        );
                    }
                }
                View::Main => {
                    if let Some(parts) = &self.plan.parts {
                        code.line("#[doc(inline)]");
                        code.parts(&["pub use ::", &parts.parts[0].lib, "::", shared_name, ";"]);
                    }
                }
                View::Part(_) => {}
            }
        }
        let features = self.plan.table.is_some();
        let mut docs = match (view, &self.plan.parts) {
            (View::Part(k), Some(parts)) if path.is_empty() => parts::part_docs(parts, k),
            _ => dir_docs(dir, path.is_empty()),
        };
        if path.is_empty() && features && view != View::Part(0) {
            if let (View::Main, Some(parts)) = (view, &self.plan.parts) {
                docs.extend(parts::crate_docs(parts));
            }
            if !matches!(view, View::Part(_)) {
                docs.extend(features_docs());
            }
        }
        let mut text = file_text(&docs, &code.finish());
        if path.is_empty() && features {
            // Shows each gated module's feature on docs.rs (`--cfg docsrs`).
            text.insert_str(0, "#![cfg_attr(docsrs, feature(doc_cfg))]\n");
        }
        let what = if dir.rel.is_empty() {
            "the input root".to_string()
        } else {
            format!("`{}/`", dir.rel)
        };
        files.insert(file_path(path, true), header(&what, &text, false));
        for (name, child) in &dir.dirs {
            if self.shows_dir(child, view) {
                self.dir_files(child, &at(name), texts, files, view);
            }
        }
    }

    /// Writes `dir` and everything under it as inline modules (the single-file layout).
    pub(super) fn dir_inline(&self, code: &mut Code, dir: &DirModule, path: &[String]) {
        let module = |code: &mut Code, docs: &[String], name: &str| {
            code.docs(docs);
            code.line("#[allow(clippy::all)]");
            code.open(&format!("pub mod {name}"));
        };
        for (name, child) in &dir.dirs {
            if !self.plan.has_dir(child) {
                continue;
            }
            let mut p = path.to_vec();
            p.push(name.clone());
            module(code, &dir_docs(child, false), name);
            self.dir_inline(code, child, &p);
            code.close("");
        }
        for (file_mod, model) in &dir.models {
            if !self.plan.has_model(*model) {
                continue;
            }
            module(code, &self.model_docs(*model), file_mod);
            self.model_body(code, *model);
            code.close("");
            // Inline modules may be `include!`d into a private module, where an unused
            // re-export would warn.
            let root = &self.space.get(self.space.models[*model].root).name;
            code.line("#[doc(inline)]");
            code.line("#[allow(unused_imports)]");
            code.parts(&["pub use self::", file_mod, "::", root, ";"]);
        }
        for (name, index) in &dir.apis {
            if !self.plan.has_api(*index) {
                continue;
            }
            let mut api_path = path.to_vec();
            api_path.push(name.clone());
            module(code, &self.api_docs(*index), name);
            self.api_items(code, *index, &api_path);
            code.close("");
        }
        if path.is_empty() {
            if let Some(body) = self.shared_text() {
                module(code, &shared::shared_docs(), &self.space.shared[0]);
                code.raw(&body);
                code.close("");
            }
        }
    }

    /// A model's file body: its types with their validators, its schema table, its
    /// operations and its `Model` impl.
    pub(super) fn model_text(&self, model: usize) -> String {
        let mut code = Code::default();
        self.model_body(&mut code, model);
        code.finish()
    }

    pub(super) fn model_body(&self, code: &mut Code, model: usize) {
        let m: &ModelDef = &self.space.models[model];
        let mut ids = vec![m.root];
        ids.extend(
            self.space
                .types_in(&m.module)
                .iter()
                .copied()
                .filter(|id| *id != m.root),
        );
        for id in ids {
            self.type_item(code, id);
            self.validate_text(code, id);
        }
        self.schema_module_text(code, &m.module);
        self.model_route_items(code, model);
        let rt = &self.rt_text;
        let root = &self.space.get(m.root).name;
        // Structs, newtypes and unions are payloads wherever they are; a model whose root is
        // a string enum or a reference is one too (its operations may send it).
        let root_type = self.space.get(m.root);
        if matches!(
            root_type.kind,
            TypeKind::Enum { .. } | TypeKind::Target { .. }
        ) {
            self.payload_impl(code, root_type);
        }
        code.open(&format!("impl {rt}::Model for {root}"));
        code.parts(&[
            "const MODEL_TYPE: &'static str = ",
            &code::lit(&m.model_type),
            ";",
        ]);
        code.parts(&[
            "const SCHEMA_VERSION: &'static str = ",
            &code::lit(&m.schema_version),
            ";",
        ]);
        let summary = m
            .summary
            .map_or("Self", |s| self.space.get(s).name.as_str());
        code.parts(&["type Summary = ", summary, ";"]);
        let add_form = m
            .add_form
            .map_or("Self", |a| self.space.get(a).name.as_str());
        code.parts(&["type AddForm = ", add_form, ";"]);
        code.close("");
        code.open(&format!("impl {rt}::routes::FromResponse for {root}"));
        code.line("#[inline]");
        code.line("fn from_response(");
        code.indent();
        code.line("_status: u16,");
        code.parts(&["_headers: &", rt, "::routes::HeaderMap,"]);
        code.line("body: &[u8],");
        code.dedent();
        code.open(") -> ::std::result::Result<Self, ::std::string::String>");
        code.parts(&[rt, "::routes::decode_json(body)"]);
        code.close("");
        code.close("");
    }
}

/// Each model's file, formatted, by model index. Models are independent, so they are
/// emitted on every core; the result is the same bytes in the same places whatever the
/// scheduling. (Token streams are not `Send`: each thread has its own emitter.)
pub(super) fn model_texts(space: &TypeSpace, options: &Options, plan: &Plan) -> Vec<String> {
    let n = space.models.len();
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |t| t.get()),
        t => t,
    }
    .min(n);
    let text = |cx: &Cx<'_>, i: usize| {
        if plan.has_model(i) {
            file_text(&cx.model_docs(i), &cx.model_text(i))
        } else {
            String::new()
        }
    };
    if threads <= 1 || n < 8 {
        let cx = Cx::new(space, options).with_plan(plan);
        return (0..n).map(|i| text(&cx, i)).collect();
    }
    let mut out = vec![String::new(); n];
    let per_thread = n.div_ceil(threads);
    std::thread::scope(|scope| {
        for (c, chunk) in out.chunks_mut(per_thread).enumerate() {
            scope.spawn(move || {
                let cx = Cx::new(space, options).with_plan(plan);
                for (j, slot) in chunk.iter_mut().enumerate() {
                    *slot = text(&cx, c * per_thread + j);
                }
            });
        }
    });
    out
}

pub(super) fn header(what: &str, body: &str, single: bool) -> String {
    let how = if single {
        "it is rebuilt by vossgen's build step"
    } else {
        "regenerate with `vossgen generate`"
    };
    format!("{GENERATED_MARKER} from {what}. Do not edit by hand: {how}.\n\n{body}")
}

/// A file of `body`; `inner_docs` become `//!` lines. A module file also gets
/// `#![cfg_attr(rustfmt, rustfmt::skip)]` (the stable spelling), so that `cargo fmt` keeps the
/// generated bytes as they are.
pub(super) fn file_text(inner_docs: &[String], body: &str) -> String {
    let mut text = String::with_capacity(body.len() + 256);
    if !inner_docs.is_empty() {
        text.push_str("#![cfg_attr(rustfmt, rustfmt::skip)]\n");
        // Lints about code nobody edits by hand help nobody.
        text.push_str("#![allow(clippy::all)]\n");
    }
    // A line break inside a line would end the comment: each part is a line of its own.
    for line in inner_docs.iter().flat_map(|l| l.split('\n')) {
        if line.is_empty() {
            text.push_str("//!\n");
        } else {
            text.push_str("//! ");
            push_visible(&mut text, line);
            text.push('\n');
        }
    }
    if !inner_docs.is_empty() {
        text.push('\n');
    }
    text.push_str(body);
    text
}

/// `data/role.rs`, `data/mod.rs`, `lib.rs`.
pub(super) fn file_path(module: &[String], is_dir: bool) -> PathBuf {
    let clean: Vec<String> = module
        .iter()
        .map(|m| m.trim_start_matches("r#").to_string())
        .collect();
    if clean.is_empty() {
        return PathBuf::from("lib.rs");
    }
    let mut p = PathBuf::new();
    for m in &clean[..clean.len() - 1] {
        p.push(m);
    }
    let last = &clean[clean.len() - 1];
    if is_dir {
        p.push(last);
        p.push("mod.rs");
    } else {
        p.push(format!("{last}.rs"));
    }
    p
}

/// Which crate a directory tree of files is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum View {
    /// The one crate: every module is in it.
    Crate,
    /// The crate of a split output: it re-exports each module from its part.
    Main,
    /// Crate part `k` (`0` holds the shared module): its modules only.
    Part(usize),
}
