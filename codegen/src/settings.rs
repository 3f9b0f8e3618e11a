//! The one settings type shared by the CLI, `build.rs` ([`Builder`]) and the macros.

use crate::diag::Severity;
use std::path::PathBuf;

pub use crate::api::GenericOperations;
pub use crate::emit::Layout;

/// Whether the generated crate gets a cargo feature per model and per directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Features {
    /// Every model is always compiled.
    Off,
    /// A feature per model, directory and API module; `default = ["full"]`.
    On,
    /// On for a crate ([`Layout::Files`]) of at least [`Features::AUTO_THRESHOLD`] models and
    /// operation modules, off otherwise (the default).
    Auto,
}

impl Features {
    /// From how many models (and API modules) [`Features::Auto`] turns features on. The
    /// scale benchmark (`bench/scale`) puts a debug build of 50 VOSS-sized models near a minute
    /// of CPU: from 100 on, compiling only what a user needs is worth a table in their
    /// Cargo.toml; below it, features would only add noise.
    pub const AUTO_THRESHOLD: usize = 100;

    /// Whether features are on for `items` models and API modules in `layout`. A single-file
    /// output (`build.rs`, the macro) never has them: it lands in the user's crate, whose
    /// features are the user's; [`Settings::models`] selects models there.
    pub fn enabled(self, layout: Layout, items: usize) -> bool {
        match (self, layout) {
            (_, Layout::SingleFile) | (Features::Off, _) => false,
            (Features::On, Layout::Files) => true,
            (Features::Auto, Layout::Files) => items >= Self::AUTO_THRESHOLD,
        }
    }
}

/// Everything that decides what vossgen generates.
///
/// Paths are used as given; [`Builder`] resolves relative ones against the crate being built.
/// Every option can also be set by name with [`Settings::set`], which is what the CLI's
/// `--set key=value` and the macro's `key = value` arguments call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Input roots: directories (every `*.json` below them) or single schema files.
    pub inputs: Vec<PathBuf>,
    /// Where output goes: the directory receiving `lib.rs` ([`Layout::Files`]), or the file
    /// to write ([`Layout::SingleFile`]).
    pub output: PathBuf,
    /// How modules are laid out.
    pub layout: Layout,
    /// The path generated code uses for the runtime crate.
    pub runtime_path: String,
    /// Whether each type's documentation lists the VOSS metadata (targets, secrets, unknown keys).
    pub doc_metadata: bool,
    /// Extra derives for every generated struct and enum, e.g. `Eq` or `Hash` (by path).
    /// `Clone`, `Debug` and `PartialEq` of structs come from their tables and are left out.
    pub extra_derives: Vec<String>,
    /// The `format`s validators check (default: all that vossgen knows, see
    /// [`crate::ir::known_formats`]). `format: uri` on a VOSS reference is never checked: its
    /// values are names.
    pub formats: Vec<String>,
    /// Cargo features per model (see [`Features`]).
    pub features: Features,
    /// Which models to generate (empty: all). Each entry is a model type (`data/Role`), an
    /// input path without `.json` (`relation/SparkCustomer`), a directory ending in `/`
    /// (`device/exchange/`) or `*`. The models they name are generated with every model they
    /// need (`$ref`s across files, payloads of other models). An entry that names nothing is
    /// an error.
    pub models: Vec<String>,
    /// At most how many models (and API modules) one crate compiles: when features are on and
    /// the output is a crate with more models than this, the models are compiled in crates of
    /// their own under the crate's `parts/` directory (dependencies before their users), which
    /// the crate depends on and re-exports at the same paths. rustc holds a whole crate in
    /// memory: parts bound the peak of each compilation (see [`Settings::DEFAULT_PART_SIZE`]).
    /// `0` keeps every model in the one crate.
    pub part_size: usize,
    /// Which schemas without an operations sidecar get the generic VOSS operations (see
    /// [`GenericOperations`]; by default those under `data/`, `device/`, `relation/`, `view/`
    /// and `tool/`).
    pub generic_operations: GenericOperations,
}

/// The value of a setting that takes `auto`, `on` (or `true`) or `off` (or `false`): the
/// matching one of `[auto, on, off]`.
fn auto_on_off<T>(key: &str, value: &str, [auto, on, off]: [T; 3]) -> Result<T, String> {
    match value {
        "auto" => Ok(auto),
        "on" | "true" => Ok(on),
        "off" | "false" => Ok(off),
        _ => Err(format!(
            "setting `{key}` takes \"auto\", \"on\" or \"off\", not `{value}`"
        )),
    }
}

impl Settings {
    /// [`Settings::part_size`]'s default. A debug build costs about 16 MB of compiler memory a
    /// VOSS-sized model (`bench/scale`): parts of 100 keep each rustc under 2 GB, and two at
    /// once (cargo's `-j2` on two cores) under 4 GB, whatever the size of the API.
    pub const DEFAULT_PART_SIZE: usize = 100;
}

impl Default for Settings {
    fn default() -> Self {
        // What the emitter takes has the emitter's defaults.
        let emit = crate::emit::Options::default();
        Settings {
            inputs: vec![PathBuf::from("schemas")],
            output: PathBuf::from("generated/src"),
            layout: emit.layout,
            runtime_path: emit.runtime_path,
            doc_metadata: emit.doc_metadata,
            extra_derives: emit.extra_derives,
            formats: crate::ir::known_formats().map(str::to_string).collect(),
            features: Features::Auto,
            models: Vec::new(),
            part_size: Settings::DEFAULT_PART_SIZE,
            generic_operations: GenericOperations::default(),
        }
    }
}

/// The option names [`Settings::set`] accepts, with what each takes.
pub const SETTING_KEYS: &[(&str, &str)] = &[
    ("input", "a path; adds an input root"),
    ("output", "a path"),
    ("layout", "\"files\" or \"single_file\""),
    ("runtime_path", "a Rust path, e.g. \"::vossgen_runtime\""),
    ("doc_metadata", "true or false"),
    ("extra_derive", "a Rust path; adds a derive"),
    (
        "formats",
        "\"all\", \"none\" or a comma-separated list such as \"date-time,email\"",
    ),
    (
        "features",
        "\"auto\", \"on\" or \"off\": a cargo feature per model",
    ),
    (
        "models",
        "a comma-separated list of model types, paths, `dir/` or `*`; adds to the model filter",
    ),
    (
        "part_size",
        "a number: at most this many models a crate part (0: one crate)",
    ),
    (
        "generic_operations",
        "\"auto\", \"on\" or \"off\": the generic VOSS operations for schemas without a sidecar",
    ),
];

impl Settings {
    /// What the emitter takes of these settings.
    pub fn emit_options(&self) -> crate::emit::Options {
        crate::emit::Options {
            layout: self.layout,
            runtime_path: self.runtime_path.clone(),
            extra_derives: self.extra_derives.clone(),
            doc_metadata: self.doc_metadata,
            ..crate::emit::Options::default()
        }
    }

    /// What the IR takes of these settings.
    pub fn ir_options(&self) -> crate::ir::Options {
        crate::ir::Options {
            formats: self.formats.clone(),
        }
    }

    /// Sets one option by name, as the CLI and the macro do. The error names the key and what
    /// it takes.
    ///
    /// ```
    /// use vossgen::settings::GenericOperations;
    /// let mut s = vossgen::Settings::default();
    /// s.set("doc_metadata", "false").unwrap();
    /// assert!(!s.doc_metadata);
    /// assert!(s.set("colour", "blue").unwrap_err().contains("unknown setting"));
    /// s.set("generic_operations", "off").unwrap();
    /// assert_eq!(s.generic_operations, GenericOperations::Off);
    /// let wrong = s.set("generic_operations", "sometimes").unwrap_err();
    /// assert!(wrong.contains("takes \"auto\", \"on\" or \"off\", not `sometimes`"), "{wrong}");
    /// assert!(s.set("features", "maybe").unwrap_err().contains("setting `features` takes"));
    /// ```
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let bool_value = || match value {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!(
                "setting `{key}` takes true or false, not `{value}`"
            )),
        };
        match key {
            "input" => self.inputs.push(PathBuf::from(value)),
            "output" => self.output = PathBuf::from(value),
            "layout" => {
                self.layout = match value {
                    "files" => Layout::Files,
                    "single_file" => Layout::SingleFile,
                    _ => {
                        return Err(format!(
                            "setting `layout` takes files or single_file, not `{value}`"
                        ))
                    }
                }
            }
            "runtime_path" => {
                if syn::parse_str::<syn::Path>(value).is_err() {
                    return Err(format!(
                        "setting `runtime_path` takes a Rust path, not `{value}`"
                    ));
                }
                self.runtime_path = value.to_string();
            }
            "doc_metadata" => self.doc_metadata = bool_value()?,
            "formats" => {
                let known: Vec<&str> = crate::ir::known_formats().collect();
                self.formats = match value {
                    "all" => known.iter().map(|f| f.to_string()).collect(),
                    "none" | "" => Vec::new(),
                    list => {
                        let mut out = Vec::new();
                        for f in list.split(',').map(str::trim) {
                            if !known.contains(&f) {
                                return Err(format!(
                                    "setting `formats`: unknown format `{f}` (known: {})",
                                    known.join(", ")
                                ));
                            }
                            out.push(f.to_string());
                        }
                        out
                    }
                }
            }
            "features" => {
                self.features =
                    auto_on_off(key, value, [Features::Auto, Features::On, Features::Off])?
            }
            "generic_operations" => {
                self.generic_operations = auto_on_off(
                    key,
                    value,
                    [
                        GenericOperations::Auto,
                        GenericOperations::On,
                        GenericOperations::Off,
                    ],
                )?
            }
            "models" => self.models.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(str::to_string),
            ),
            "part_size" => {
                self.part_size = value.parse().map_err(|_| {
                    format!("setting `part_size` takes a number of models, not `{value}`")
                })?
            }
            "extra_derive" => {
                if syn::parse_str::<syn::Path>(value).is_err() {
                    return Err(format!(
                        "setting `extra_derive` takes a Rust path, not `{value}`"
                    ));
                }
                self.extra_derives.push(value.to_string());
            }
            _ => {
                let known: Vec<&str> = SETTING_KEYS.iter().map(|(k, _)| *k).collect();
                return Err(format!(
                    "unknown setting `{key}` (known: {})",
                    known.join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// Generates code from `build.rs`: `vossgen::Builder::new().input("schemas").build()`.
///
/// Relative paths are taken from the crate being built (`CARGO_MANIFEST_DIR`); the output is
/// `$OUT_DIR/vossgen.rs`, written only when its content changed, for
/// `include!(concat!(env!("OUT_DIR"), "/vossgen.rs"));`. Cargo is told to re-run the build
/// script when any input file or directory changes.
///
/// ```no_run
/// // build.rs: `fn main() {` …
/// vossgen::Builder::new().input("schemas").build();
/// // … `}`
/// ```
#[derive(Clone, Debug)]
pub struct Builder {
    settings: Settings,
    inputs_set: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// Defaults: no input yet, single-file layout into `$OUT_DIR/vossgen.rs`.
    pub fn new() -> Self {
        let settings = Settings {
            inputs: Vec::new(),
            output: PathBuf::from("vossgen.rs"),
            layout: Layout::SingleFile,
            ..Settings::default()
        };
        Builder {
            settings,
            inputs_set: false,
        }
    }

    /// Adds an input root: a directory of schemas, or one schema file.
    ///
    /// ```no_run
    /// vossgen::Builder::new().input("schemas").input("extra/Thing.json").build();
    /// ```
    pub fn input(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.settings.inputs.push(path.into());
        self.inputs_set = true;
        self
    }

    /// The output file name inside `$OUT_DIR` (default `vossgen.rs`).
    ///
    /// ```no_run
    /// vossgen::Builder::new().input("schemas").output_file("models.rs").build();
    /// ```
    pub fn output_file(&mut self, name: impl Into<PathBuf>) -> &mut Self {
        self.settings.output = name.into();
        self
    }

    /// Whether docs list VOSS metadata (default true).
    ///
    /// ```no_run
    /// vossgen::Builder::new().input("schemas").doc_metadata(false).build();
    /// ```
    pub fn doc_metadata(&mut self, on: bool) -> &mut Self {
        self.settings.doc_metadata = on;
        self
    }

    /// Adds a derive to every generated type.
    ///
    /// ```no_run
    /// vossgen::Builder::new().input("schemas").extra_derive("Eq").build();
    /// ```
    pub fn extra_derive(&mut self, path: impl Into<String>) -> &mut Self {
        self.settings.extra_derives.push(path.into());
        self
    }

    /// Generates only these models and what they need (see [`Settings::models`]): a model
    /// type, an input path, a directory ending in `/`, or `*`.
    ///
    /// ```no_run
    /// vossgen::Builder::new().input("schemas").model("data/Role").model("relation/").build();
    /// ```
    pub fn model(&mut self, pattern: impl Into<String>) -> &mut Self {
        self.settings.models.push(pattern.into());
        self
    }

    /// Which schemas without an operations sidecar get the generic VOSS operations (see
    /// [`GenericOperations`]).
    ///
    /// ```no_run
    /// use vossgen::settings::GenericOperations;
    /// vossgen::Builder::new().input("schemas").generic_operations(GenericOperations::Off).build();
    /// ```
    pub fn generic_operations(&mut self, which: GenericOperations) -> &mut Self {
        self.settings.generic_operations = which;
        self
    }

    /// Sets an option by name; see [`Settings::set`].
    ///
    /// ```no_run
    /// vossgen::Builder::new().input("schemas").set("doc_metadata", "false").unwrap().build();
    /// ```
    pub fn set(&mut self, key: &str, value: &str) -> Result<&mut Self, String> {
        self.settings.set(key, value)?;
        if key == "input" {
            self.inputs_set = true;
        }
        Ok(self)
    }

    /// The settings as they stand.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Runs generation; on failure tells Cargo every diagnostic, each once (errors as
    /// `cargo::error=`, which fails the build; never a panic). Use [`Builder::try_build`] to
    /// handle errors yourself.
    pub fn build(&mut self) {
        if let Err(diags) = self.try_build() {
            // The script itself ends normally: a script that exits with a failure has its
            // whole output repeated by Cargo, which would show each error again.
            for d in diags.iter() {
                println!("{}", cargo_directive(d));
            }
        }
    }

    /// Runs generation and returns the diagnostics instead of exiting. Warnings are printed as
    /// `cargo:warning=` lines either way.
    pub fn try_build(&mut self) -> Result<PathBuf, crate::diag::Diagnostics> {
        use crate::diag::{Diagnostic, Diagnostics, Location};
        let env = |name: &str| std::env::var_os(name).map(PathBuf::from);
        let (Some(manifest_dir), Some(out_dir)) = (env("CARGO_MANIFEST_DIR"), env("OUT_DIR"))
        else {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error(
                "build.rs",
                Location::File,
                "vossgen::Builder runs inside a build script (CARGO_MANIFEST_DIR and OUT_DIR are not set)",
            ));
            return Err(d);
        };
        let mut settings = self.settings.clone();
        if !self.inputs_set {
            settings.inputs.push(PathBuf::from("schemas"));
        }
        settings.inputs = settings
            .inputs
            .iter()
            .map(|p| manifest_dir.join(p))
            .collect();
        settings.output = out_dir.join(&settings.output);
        for input in &settings.inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let generated = crate::generate(&settings)?;
        for d in generated.diagnostics.warnings() {
            println!("{}", cargo_directive(d));
        }
        for file in &generated.input_files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for dir in &generated.input_dirs {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let output = settings.output.clone();
        crate::output::write_all(&generated.files, &[])?;
        Ok(output)
    }
}

/// A diagnostic as the build-script directive that shows it: `cargo::error=` for an error
/// (it fails the build), `cargo:warning=` for a warning (the form every Cargo reads). A
/// directive is one line.
fn cargo_directive(d: &crate::diag::Diagnostic) -> String {
    let text = d.text().replace(['\r', '\n'], " ");
    match d.severity {
        Severity::Error => format!("cargo::error={text}"),
        Severity::Warning => format!("cargo:warning={text}"),
    }
}
