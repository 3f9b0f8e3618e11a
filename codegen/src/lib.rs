//! vossgen: Rust types from draft-03 JSON schemas and VOSS Automate API reference pages.
//!
//! The pipeline has named stages; each reads only the one before it:
//!
//! 1. [`source`]: find and read the input files ([`source::schema`]: the schemas as written);
//! 2. [`ir`]: the [`TypeSpace`], every item with its file and JSON pointer;
//! 3. [`emit`]: Rust code from the IR, written as text (model files) or formatted with prettyplease;
//! 4. [`output`]: files written at the edge, only when changed.
//!
//! [`import`] turns API reference pages into inputs. [`Settings`] is shared by the CLI,
//! [`Builder`] (for `build.rs`) and the macros, whose expansions are [`macros`]
//! (`import_schemas!`) and [`derive`](mod@derive) (`#[derive(Validate)]`, on the same IR and emitter).
//!
//! ```no_run
//! let settings = vossgen::Settings::default(); // schemas/ -> generated/src
//! match vossgen::generate(&settings) {
//!     Ok(generated) => {
//!         vossgen::output::write_all(&generated.files, &vossgen::output_dirs(&settings)).unwrap();
//!     }
//!     Err(diagnostics) => eprintln!("{diagnostics}"),
//! }
//! ```

#![deny(missing_docs)]

pub mod api;
pub mod derive;
pub mod diag;
pub mod emit;
pub mod ident;
pub mod import;
pub mod ir;
pub mod macros;
pub mod output;
pub mod settings;
pub mod source;

pub use diag::{Diagnostic, Diagnostics, Location, Severity};
pub use ir::TypeSpace;
pub use settings::{Builder, Layout, Settings};

use std::path::{Path, PathBuf};

/// The result of a generation run.
#[derive(Debug)]
pub struct Generated {
    /// Output files by absolute (or settings-relative) path.
    pub files: emit::Files,
    /// Warnings (errors make [`generate`] return `Err`).
    pub diagnostics: Diagnostics,
    /// Every input file read.
    pub input_files: Vec<PathBuf>,
    /// Every input directory walked.
    pub input_dirs: Vec<PathBuf>,
    /// The IR the files were made from.
    pub space: TypeSpace,
    /// The `[features]` table for the generated crate's Cargo.toml, when features are on
    /// ([`Settings::features`]); see [`output::with_features`].
    pub features: Option<String>,
}

/// What to emit: the models [`Settings::models`] selects, and their features when
/// [`Settings::features`] turns them on.
fn plan(space: &TypeSpace, settings: &Settings) -> Result<emit::Plan, Diagnostics> {
    let selection =
        ir::deps::select(space, &space.deps, &settings.models).map_err(|unmatched| {
            let mut d = Diagnostics::new();
            for p in unmatched {
                d.push(Diagnostic::error(
                    "<settings>",
                    Location::File,
                    format!(
                        "the model filter `{p}` names no model or operations module of the inputs \
                     (give a model type such as `data/Role`, an input path without `.json`, a \
                     directory ending in `/`, or `*`)"
                    ),
                ));
            }
            d
        })?;
    let chosen = selection
        .models
        .iter()
        .chain(&selection.apis)
        .filter(|s| **s)
        .count();
    let mut plan = emit::Plan {
        selection: (!settings.models.is_empty()).then_some(selection),
        ..emit::Plan::default()
    };
    if !settings.features.enabled(settings.layout, chosen) {
        return Ok(plan);
    }
    if settings.part_size > 0 && chosen > settings.part_size {
        let manifest =
            output::crate_manifest(&crate_dir(settings).join("Cargo.toml")).map_err(|d| {
                let mut diags = Diagnostics::new();
                diags.push(d);
                diags
            })?;
        plan.parts = emit::parts::Parts::new(space, &plan, &manifest, settings.part_size);
    }
    Ok(plan.with_features(space))
}

/// The directories a generation with `settings` owns: generated files there that it no
/// longer produces are stale ([`output::write_all`] removes them, [`output::check`] reports
/// them): the output directory, and when it is a crate's source directory, the crate's
/// `parts/`.
pub fn output_dirs(settings: &Settings) -> Vec<PathBuf> {
    match settings.layout {
        Layout::Files => {
            let mut dirs = vec![settings.output.clone()];
            if crate_dir(settings).join("Cargo.toml").is_file() {
                dirs.push(crate_dir(settings).join(emit::parts::PARTS_DIR));
            }
            dirs
        }
        Layout::SingleFile => Vec::new(),
    }
}

/// The generated crate's directory: the parent of the source directory that
/// [`Settings::output`] names (crate parts go to its `parts/`).
fn crate_dir(settings: &Settings) -> PathBuf {
    settings
        .output
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Runs the whole pipeline in memory. Every problem of every file is reported at once; any
/// error makes this return `Err` with all diagnostics (warnings included), sorted by file and
/// place. Nothing is written.
pub fn generate(settings: &Settings) -> Result<Generated, Diagnostics> {
    generate_with(settings, &settings.emit_options(), &|_| {})
}

/// A step of a generation that [`generate_reporting`] reports as soon as it is done (a long
/// generation's progress: the CLI shows it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// Every input file is read and parsed.
    Read {
        /// The schema files read (add forms and the built-in meta-schema not counted).
        schemas: usize,
    },
    /// The types are built and checked.
    Typed {
        /// The models.
        models: usize,
        /// The named types made for them.
        types: usize,
    },
    /// Every output file's text is made (nothing is written yet).
    Emitted {
        /// The output files.
        files: usize,
    },
}

/// [`generate`], calling `progress` after each step (in order; from the generation's thread).
/// A generation that fails reports the steps it finished.
pub fn generate_reporting(
    settings: &Settings,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Generated, Diagnostics> {
    generate_with(settings, &settings.emit_options(), progress)
}

/// The stack of the generation thread: enough for `$ref` chains and nesting tens of thousands
/// deep.
const GENERATION_STACK: usize = 512 << 20;

/// [`generate`] with the emitter's options given (the macro's expansion is not laid out for
/// reading).
fn generate_with(
    settings: &Settings,
    options: &emit::Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Generated, Diagnostics> {
    // Deep input (long `$ref` chains, deeply nested schemas) is walked by recursive passes:
    // they run on a thread with a large stack (reserved, touched only as deep as the input
    // goes), so that depth needs memory, never crashes. Inline if no thread can be made.
    // One thread (`threads: 1`, the macro's) keeps everything on the calling thread: the
    // macro has made its own large-stack thread (`macros::off_thread`).
    if options.threads == 1 {
        return located(run(settings, options, progress));
    }
    located(with_deep_stack(|| run(settings, options, progress)))
}

/// Runs `f` on a thread with a large stack ([`GENERATION_STACK`]: reserved, touched only as
/// deep as the input goes), so that deep input needs memory, never crashes; inline when no
/// thread can be made. A panic in `f` is resumed on the calling thread.
pub(crate) fn with_deep_stack<T: Send>(f: impl Fn() -> T + Sync) -> T {
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("vossgen-generate".into())
            .stack_size(GENERATION_STACK)
            .spawn_scoped(scope, &f)
            .map(|thread| thread.join())
    });
    match result {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => f(),
    }
}

/// Pointers get their line and column once everything is known (a few files re-read).
fn located(result: Result<Generated, Diagnostics>) -> Result<Generated, Diagnostics> {
    match result {
        Ok(mut generated) => {
            source::locate(&mut generated.diagnostics);
            Ok(generated)
        }
        Err(mut diags) => {
            source::locate(&mut diags);
            Err(diags)
        }
    }
}

/// The inputs of `settings`, each schema without a sidecar given the generic VOSS operations
/// where [`Settings::generic_operations`] says so (the page importer's table,
/// [`import::generic_api`]: what `vossgen pull` would write beside it).
fn read_inputs(settings: &Settings, diags: &mut Diagnostics) -> source::Inputs {
    let mut inputs = source::read_inputs(&settings.inputs, diags);
    for f in &mut inputs.files {
        let model_type = f.rel.strip_suffix(".json").unwrap_or(&f.rel);
        if f.api.is_none() && !f.is_built_in() && settings.generic_operations.applies(model_type) {
            f.api = Some(import::generic_api(model_type, None));
        }
    }
    inputs
}

/// The pipeline of [`generate_with`].
fn run(
    settings: &Settings,
    options: &emit::Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Generated, Diagnostics> {
    let mut diags = Diagnostics::new();
    if settings.inputs.is_empty() {
        diags.push(Diagnostic::error(
            "<settings>",
            Location::File,
            "no input: name a schema directory or file",
        ));
        return Err(diags);
    }
    let mut inputs = read_inputs(settings, &mut diags);
    progress(Progress::Read {
        schemas: inputs.files.iter().filter(|f| !f.is_built_in()).count(),
    });
    let space = TypeSpace::build(&inputs, &settings.ir_options(), &mut diags);
    // The documents are not needed past the IR: freed before the output is made, their
    // memory serves it (a thousand models' documents are hundreds of megabytes).
    let read_files = std::mem::take(&mut inputs.read_files);
    let dirs = std::mem::take(&mut inputs.dirs);
    drop(inputs);
    diags.sort();
    diags.dedup();
    if diags.has_errors() {
        return Err(diags);
    }
    let plan = match plan(&space, settings) {
        Ok(plan) => plan,
        Err(errors) => {
            diags.extend(errors);
            diags.sort();
            return Err(diags);
        }
    };
    // Code generated into a crate that lacks the runtime would not compile: say so now (a
    // crate with parts was checked by `plan`; another `runtime_path` is the user's choice).
    if settings.layout == Layout::Files
        && plan.parts.is_none()
        && options.runtime_path == emit::Options::default().runtime_path
    {
        if let Some(w) = output::missing_runtime_warning(&crate_dir(settings).join("Cargo.toml")) {
            diags.push(w);
            diags.sort();
        }
    }
    progress(Progress::Typed {
        models: space.models.len(),
        types: space.types.len(),
    });
    let emitted = emit::emit(&space, options, &plan);
    progress(Progress::Emitted {
        files: emitted.len(),
    });
    let files = match settings.layout {
        // Paths under `..` are the crate's own (its parts), next to its source directory.
        Layout::Files => emitted
            .into_iter()
            .map(|(rel, text)| match rel.strip_prefix("..") {
                Ok(in_crate) => (crate_dir(settings).join(in_crate), text),
                Err(_) => (settings.output.join(rel), text),
            })
            .collect(),
        Layout::SingleFile => emitted
            .into_values()
            .map(|text| (settings.output.clone(), text))
            .collect(),
    };
    Ok(Generated {
        features: plan.table,
        files,
        diagnostics: diags,
        input_files: read_files,
        input_dirs: dirs,
        space,
    })
}

/// A schema compiled for validation alone: its schema tables, without Rust types
/// ([`compile_validator`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompiledValidator {
    /// Every module's table; build them in [`CompiledValidator::order`] (dependencies first).
    pub tables: Vec<emit::ModuleTable>,
    /// The schema's root: (table index, node index).
    pub root: (usize, u32),
}

impl CompiledValidator {
    /// The tables in an order where each comes after those it links to, or `None` when links
    /// go round between tables (then only generated statics can hold them).
    pub fn order(&self) -> Option<Vec<usize>> {
        let n = self.tables.len();
        let mut done = vec![false; n];
        let mut order = Vec::with_capacity(n);
        while order.len() < n {
            let next =
                (0..n).find(|&i| !done[i] && self.tables[i].deps.iter().all(|&d| done[d]))?;
            done[next] = true;
            order.push(next);
        }
        Some(order)
    }

    /// Builds the tables (leaked, like generated statics) and gives the root node, ready for
    /// `vossgen_runtime::validate::validate_value`.
    pub fn root_node(&self) -> Result<&'static vossgen_runtime::validate::Node, String> {
        use vossgen_runtime::validate::Table;
        let order = self
            .order()
            .ok_or("the schema's tables link in a circle: only generated code can hold them")?;
        let mut built: Vec<Option<&'static Table>> = vec![None; self.tables.len()];
        for i in order {
            let t = &self.tables[i];
            let deps = t.deps.iter().filter_map(|&d| built[d]).collect();
            built[i] = Some(Table::leak(t.text.clone(), deps)?);
        }
        let (table, index) = self.root;
        let table = built[table].ok_or("the root's table was not built")?;
        Ok(table.node(index as usize))
    }
}

/// Compiles one schema document (named `name`, as if read from that file) for validation
/// with `vossgen_runtime`'s interpreter, with the same stages and checks as [`generate`] but no
/// Rust code: what a tool or test needs to check instances against a schema at run time.
pub fn compile_validator(
    name: &str,
    document: serde_json::Value,
) -> Result<CompiledValidator, Diagnostics> {
    // Deep input (a long `$ref` chain) is walked on a large stack, as `generate` does.
    let document = std::sync::Mutex::new(Some(document));
    with_deep_stack(|| {
        let document = document
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .unwrap_or_default();
        compile_validator_here(name, document)
    })
}

/// [`compile_validator`] on the calling thread.
fn compile_validator_here(
    name: &str,
    document: serde_json::Value,
) -> Result<CompiledValidator, Diagnostics> {
    let mut diags = Diagnostics::new();
    let inputs = source::Inputs::from_document(name, document, &mut diags);
    // Validation only: no sidecar, so no operations and no list-entry types.
    let space = TypeSpace::build(&inputs, &ir::Options::default(), &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let root = space
        .models
        .iter()
        .find(|m| m.rel == name)
        .and_then(|m| space.get(m.root).node);
    let Some(root) = root else {
        diags.push(Diagnostic::error(
            name,
            Location::File,
            "the schema has no root node to validate with",
        ));
        return Err(diags);
    };
    let (tables, root) = emit::module_tables(&space, root);
    Ok(CompiledValidator { tables, root })
}

/// One row of the route table: an operation and what it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RouteRow {
    /// `"voss"` or `"vspark"`.
    pub api: String,
    /// The model type, or the API module's path (`vspark/config`).
    pub model: String,
    /// The operation's name: the generated function.
    pub operation: String,
    /// The HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// Path parameters, in order.
    pub path_params: Vec<String>,
    /// Query parameters.
    pub query: Vec<api::QueryParam>,
    /// The request body kind.
    pub payload: String,
    /// The response kind.
    pub response: String,
    /// Whether the API may answer with a transaction.
    pub support_async: bool,
    /// Where the page documents it: `task_table:LINE`, `action` (only in the example
    /// responses' `actions`) or `synopsis:LINE`.
    pub source: String,
}

/// Every documented operation of the inputs, in the order of files and pages (what
/// `vossgen routes` prints).
pub fn route_table(settings: &Settings) -> Result<Vec<RouteRow>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let inputs = read_inputs(settings, &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let row = |api: &api::ApiFile, model: &str, op: &api::Operation| RouteRow {
        api: api.api.clone(),
        model: model.to_string(),
        operation: op.name.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        path_params: op.path_params.clone(),
        query: op.query.clone(),
        payload: op.payload.clone(),
        response: op.response.clone(),
        support_async: op.support_async,
        source: op.source.clone(),
    };
    let mut rows = Vec::new();
    for f in &inputs.files {
        if let Some(api) = &f.api {
            let model = api
                .model_type
                .clone()
                .unwrap_or_else(|| f.rel.trim_end_matches(".json").to_string());
            rows.extend(api.operations.iter().map(|op| row(api, &model, op)));
        }
    }
    for a in &inputs.api_only {
        let model = a.rel.strip_suffix(api::API_SUFFIX).unwrap_or(&a.rel);
        rows.extend(a.api.operations.iter().map(|op| row(&a.api, model, op)));
    }
    Ok(rows)
}
