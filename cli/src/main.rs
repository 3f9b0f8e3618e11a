//! The `vossgen` command line. See `vossgen --help`.
//!
//! Exit codes: 0 success; 1 errors in the input (all printed, each with file and place), or
//! `check` found generated files out of date; 2 a command-line mistake; 3 output could not be
//! written.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod pull;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use vossgen::{Diagnostics, Settings};

/// Generate Rust types from draft-03 JSON schemas and VOSS Automate API reference pages.
#[derive(Parser)]
#[command(name = "vossgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where `generate` writes by default: the bundled crate.
const DEFAULT_OUT: &str = "generated";

#[derive(clap::Args)]
struct GenArgs {
    /// Input roots: directories of schemas or single schema files [default: schemas]
    #[arg(long = "input", short = 'i')]
    inputs: Vec<PathBuf>,
    /// Where the code goes: a crate directory (with a Cargo.toml; the code goes to its src/)
    /// or a directory that receives lib.rs and the module files
    #[arg(long, short = 'o', alias = "output", default_value = DEFAULT_OUT)]
    out: PathBuf,
    /// Any setting as key=value (`--help` lists the keys)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<String>,
    /// How diagnostics are printed
    #[arg(long, value_enum, default_value_t)]
    message_format: MessageFormat,
    /// Print errors only: no warnings, no summary
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each step of the generation with its time, and each file written or removed
    /// (on a terminal, the steps are shown on one status line anyway)
    #[arg(long, short = 'v')]
    verbose: bool,
}

/// The long help of `--set`: every key the settings take, with its values.
fn set_help() -> String {
    let mut help = String::from("Any setting as key=value, repeatable. Keys:\n");
    for (key, what) in vossgen::settings::SETTING_KEYS {
        help.push_str(&format!("  {key}: {what}\n"));
    }
    help
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust code from the schemas (default: schemas/ -> generated/src/)
    Generate(GenArgs),
    /// Exit 1 with a summary when the generated code is not what `generate` would write
    Check(GenArgs),
    /// Print the documented operations: model, operation, method, path template, query
    Routes {
        /// Input roots [default: schemas]
        #[arg(long = "input", short = 'i')]
        inputs: Vec<PathBuf>,
        /// Print JSON: an array of objects with model, operation, method, path, …
        #[arg(long)]
        json: bool,
    },
    /// Pull model schemas from a live VOSS Automate server into schema inputs
    Pull(pull::PullArgs),
    /// Import API reference pages into schema inputs
    Import {
        /// The pages (text files)
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// The input root to write into
        #[arg(long, short = 'o', alias = "output", default_value = "schemas")]
        out: PathBuf,
    },
}

/// The `vossgen generate` command line that regenerates what `check` compared with `args`.
fn generate_command(args: &GenArgs) -> String {
    let quote = |s: &str| {
        if !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/._-=,:".contains(c))
        {
            s.to_string()
        } else {
            format!("'{}'", s.replace('\'', "'\\''"))
        }
    };
    let mut cmd = "vossgen generate".to_string();
    for i in &args.inputs {
        cmd.push_str(&format!(" -i {}", quote(&i.display().to_string())));
    }
    if args.out != std::path::Path::new(DEFAULT_OUT) {
        cmd.push_str(&format!(" -o {}", quote(&args.out.display().to_string())));
    }
    for s in &args.sets {
        cmd.push_str(&format!(" --set {}", quote(s)));
    }
    cmd
}

/// `--out`: a crate directory means its `src/`.
fn source_dir(out: &std::path::Path) -> PathBuf {
    if out.join("Cargo.toml").is_file() {
        out.join("src")
    } else {
        out.to_path_buf()
    }
}

fn settings(args: &GenArgs) -> Result<Settings, String> {
    let mut s = Settings {
        output: source_dir(&args.out),
        ..Settings::default()
    };
    if !args.inputs.is_empty() {
        s.inputs = args.inputs.clone();
    }
    for kv in &args.sets {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| format!("--set takes key=value, not `{kv}`"))?;
        s.set(k.trim(), v.trim())?;
    }
    Ok(s)
}

/// Writes `text` and a newline to standard output. A reader that went away (`vossgen routes |
/// head -1`) ends the program quietly, as it does other command-line tools; any other failure
/// is an error.
fn print_out(text: &str) -> Result<(), ExitCode> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            Err(ExitCode::from(1))
        }
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
enum MessageFormat {
    /// One line each on stderr: `error: FILE#POINTER: MESSAGE (line L, column C)`.
    #[default]
    Human,
    /// One JSON object per line on stdout (for editors and CI): `file`, `line`, `column`,
    /// `pointer`, `severity` and `message` (`null` where unknown).
    Json,
}

/// Prints `diags` in `args`' format; warnings not at all with `--quiet`.
fn report_for(diags: &Diagnostics, args: &GenArgs) {
    if args.quiet {
        report_as(diags.errors(), args.message_format);
    } else {
        report_as(diags.iter(), args.message_format);
    }
}

fn report_as<'a>(diags: impl Iterator<Item = &'a vossgen::Diagnostic>, format: MessageFormat) {
    for d in diags {
        match format {
            MessageFormat::Human => eprintln!("{d}"),
            MessageFormat::Json => {
                let (line, column) = d.line_column().unzip();
                let pointer = match &d.location {
                    vossgen::Location::Pointer(p) => Some(p.as_str()),
                    _ => None,
                };
                let object = serde_json::json!({
                    "file": d.file.display().to_string(),
                    "line": line,
                    "column": column,
                    "pointer": pointer,
                    "severity": d.severity.as_str(),
                    "message": d.message,
                });
                println!("{object}");
            }
        }
    }
}

fn report(diags: &Diagnostics) {
    report_as(diags.iter(), MessageFormat::Human)
}

/// How a generation's progress is shown on stderr: each step on a line of its own with
/// `--verbose`; else, on a terminal (and with human-readable messages), on one status line
/// that each step overwrites and [`Reporter::done`] clears; else not at all.
struct Reporter {
    start: std::time::Instant,
    mode: ReportMode,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ReportMode {
    Off,
    Lines,
    Status,
}

impl Reporter {
    fn new(args: &GenArgs) -> Reporter {
        use std::io::IsTerminal;
        let mode = if args.verbose {
            ReportMode::Lines
        } else if !args.quiet
            && args.message_format == MessageFormat::Human
            && std::io::stderr().is_terminal()
        {
            ReportMode::Status
        } else {
            ReportMode::Off
        };
        Reporter {
            start: std::time::Instant::now(),
            mode,
        }
    }

    /// Shows that `what` is done.
    fn step(&self, what: &str) {
        let secs = self.start.elapsed().as_secs_f64();
        match self.mode {
            ReportMode::Off => {}
            ReportMode::Lines => eprintln!("{what} ({secs:.2} s)"),
            // Carriage return, then erase to the end of the line.
            ReportMode::Status => eprint!("\r\x1b[K{what} ({secs:.1} s)…"),
        }
    }

    /// A generation step, as the library reports it.
    fn progress(&self, p: vossgen::Progress) {
        match p {
            vossgen::Progress::Read { schemas } => self.step(&format!("read {schemas} schema(s)")),
            vossgen::Progress::Typed { models, types } => {
                self.step(&format!("built {types} type(s) for {models} model(s)"))
            }
            vossgen::Progress::Emitted { files } => self.step(&format!("made {files} file(s)")),
            _ => {}
        }
    }

    /// Clears the status line, before other messages.
    fn done(&self) {
        if self.mode == ReportMode::Status {
            eprint!("\r\x1b[K");
        }
    }
}

/// Settings from the arguments, then generation in memory; diagnostics are printed. The error
/// is the exit code: 2 for a bad argument, 1 for errors in the input.
fn prepare(args: &GenArgs) -> Result<(Settings, vossgen::Generated), ExitCode> {
    let settings = settings(args).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    let reporter = Reporter::new(args);
    let result = vossgen::generate_reporting(&settings, &|p| reporter.progress(p));
    reporter.done();
    match result {
        Ok(mut generated) => {
            report_for(&generated.diagnostics, args);
            let manifest = args.out.join("Cargo.toml");
            if generated.features.is_some() && !manifest.is_file() {
                eprintln!(
                    "error: {} models get a cargo feature each (setting `features`), which needs \
                     a crate directory to write the [features] table into: give `-o` a \
                     directory with a Cargo.toml, or `--set features=off`",
                    generated.space.models.len()
                );
                return Err(ExitCode::from(2));
            }
            // Only a crate directory has a manifest whose features table to keep up to date
            // (`-o` may name the single file of `layout=single_file`).
            if !args.out.is_dir() {
                return Ok((settings, generated));
            }
            match vossgen::output::with_features(&manifest, generated.features.as_deref()) {
                Ok(Some((path, text))) => {
                    generated.files.insert(path, text);
                }
                Ok(None) => {}
                Err(diags) => {
                    report_as(diags.iter(), args.message_format);
                    return Err(ExitCode::from(1));
                }
            }
            Ok((settings, generated))
        }
        Err(diags) => {
            report_for(&diags, args);
            eprintln!("{} error(s); nothing written", diags.errors().count());
            Err(ExitCode::from(1))
        }
    }
}

/// The process is about to end: a large generation's IR and texts (a thousand models' are
/// hundreds of megabytes in millions of allocations) are left to the operating system, which
/// frees them at once, instead of being freed one allocation at a time.
fn exiting(generated: vossgen::Generated) {
    std::mem::forget(generated);
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let with_keys = |c: clap::Command| c.mut_arg("sets", |a| a.long_help(set_help()));
    let command = Cli::command()
        .mut_subcommand("generate", with_keys)
        .mut_subcommand("check", with_keys);
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Generate(args) => {
            let (settings, generated) = match prepare(&args) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let code = match vossgen::output::write_all(
                &generated.files,
                &vossgen::output_dirs(&settings),
            ) {
                Ok(r) => {
                    if args.verbose {
                        for path in &r.written {
                            eprintln!("written {}", path.display());
                        }
                        for path in &r.removed {
                            eprintln!("removed {}", path.display());
                        }
                    }
                    if !args.quiet {
                        eprintln!(
                            "generated {} model(s) into {}: {} file(s) written, {} unchanged, {} removed",
                            generated.space.models.len(),
                            settings.output.display(),
                            r.written.len(),
                            r.unchanged.len(),
                            r.removed.len()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    report_as(e.iter(), args.message_format);
                    ExitCode::from(3)
                }
            };
            exiting(generated);
            code
        }
        Command::Check(args) => {
            let (settings, generated) = match prepare(&args) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let stale = vossgen::output::check(&generated.files, &vossgen::output_dirs(&settings));
            let files = generated.files.len();
            exiting(generated);
            if stale.is_empty() {
                if !args.quiet {
                    eprintln!(
                        "{} is up to date ({} file(s))",
                        settings.output.display(),
                        files
                    );
                }
                ExitCode::SUCCESS
            } else {
                for s in &stale {
                    eprintln!("{s}");
                }
                eprintln!(
                    "{} file(s) out of date; run `{}` to update them",
                    stale.len(),
                    generate_command(&args)
                );
                ExitCode::from(1)
            }
        }
        Command::Routes { inputs, json } => {
            let mut settings = Settings::default();
            if !inputs.is_empty() {
                settings.inputs = inputs;
            }
            let rows = match vossgen::route_table(&settings) {
                Ok(r) => r,
                Err(diags) => {
                    report(&diags);
                    return ExitCode::from(1);
                }
            };
            if json {
                match serde_json::to_string_pretty(&rows) {
                    Ok(text) => {
                        if let Err(code) = print_out(&text) {
                            return code;
                        }
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::from(1);
                    }
                }
            } else {
                for r in &rows {
                    let query: Vec<String> = r
                        .query
                        .iter()
                        .map(|q| match &q.value {
                            Some(v) => format!("{}={v}", q.name),
                            None => q.name.clone(),
                        })
                        .collect();
                    let line = format!(
                        "{:<45} {:<32} {:<6} {:<70} {}",
                        r.model,
                        r.operation,
                        r.method,
                        r.path,
                        query.join("&")
                    );
                    if let Err(code) = print_out(&line) {
                        return code;
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Command::Pull(args) => pull::run(args),
        Command::Import { pages, out } => {
            let mut texts = Vec::new();
            let mut diags = Diagnostics::new();
            for p in &pages {
                match std::fs::read_to_string(p) {
                    Ok(t) => texts.push((p.clone(), t)),
                    Err(e) => diags.push(vossgen::Diagnostic::error(
                        p,
                        vossgen::Location::File,
                        format!("cannot read: {e}"),
                    )),
                }
            }
            let imported = vossgen::import::import_pages(&texts);
            diags.extend(imported.diagnostics);
            report(&diags);
            if diags.has_errors() {
                eprintln!("{} error(s); nothing written", diags.errors().count());
                return ExitCode::from(1);
            }
            let files = imported
                .files
                .into_iter()
                .map(|(rel, text)| (out.join(rel), text))
                .collect();
            write_inputs(
                &files,
                &format!("imported {} page(s) into {}", pages.len(), out.display()),
            )
        }
    }
}

/// Writes input files (`import`, `pull`) and says what it did after `summary`: exit 0, or 3
/// when they could not be written.
fn write_inputs(files: &std::collections::BTreeMap<PathBuf, String>, summary: &str) -> ExitCode {
    match vossgen::output::write_all(files, &[]) {
        Ok(r) => {
            eprintln!(
                "{summary}: {} file(s) written, {} unchanged",
                r.written.len(),
                r.unchanged.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(3)
        }
    }
}
