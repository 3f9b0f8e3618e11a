//! The checked-in outputs are what the tools would make now: `generated/` from `schemas/`,
//! and `schemas/` from the seed pages in `../shared/seeds`. On a difference the test fails
//! with the command that fixes it.

mod common;

use common::{files_under, root};
use std::path::PathBuf;
use vossgen::Settings;

#[test]
fn generated_crate_is_fresh() {
    let root = root();
    let settings = Settings {
        inputs: vec![root.join("schemas")],
        output: root.join("generated/src"),
        ..Settings::default()
    };
    let generated =
        vossgen::generate(&settings).unwrap_or_else(|d| panic!("schemas/ does not generate:\n{d}"));
    let stale = vossgen::output::check(&generated.files, &vossgen::output_dirs(&settings));
    assert!(
        stale.is_empty(),
        "generated/ is out of date:\n{}\n\nRun `cargo run -p vossgen -- generate` and commit the result.",
        stale.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn importing_the_seed_pages_reproduces_schemas_byte_for_byte() {
    let root = root();
    let seeds = std::env::var_os("VOSSGEN_SEEDS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/seeds"));
    let mut pages: Vec<(PathBuf, String)> = std::fs::read_dir(&seeds)
        .unwrap_or_else(|e| panic!("cannot read the seed pages in {}: {e}", seeds.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    pages.sort();
    assert_eq!(
        pages.len(),
        5,
        "expected the five seed pages in {}",
        seeds.display()
    );
    let imported = vossgen::import::import_pages(&pages);
    assert!(
        !imported.diagnostics.has_errors(),
        "{}",
        imported.diagnostics
    );
    let files = imported
        .files
        .into_iter()
        .map(|(rel, text)| (root.join("schemas").join(rel), text))
        .collect();
    let stale = vossgen::output::check(&files, &[]);
    assert!(
        stale.is_empty(),
        "schemas/ differs from what the seed pages import to:\n{}\n\nRun `cargo run -p vossgen -- import ../shared/seeds/*.txt` and commit the result.",
        stale.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n")
    );
    // And nothing else is in schemas/ that the import would not make.
    let on_disk = files_under(&root.join("schemas"));
    let extra: Vec<_> = on_disk.iter().filter(|p| !files.contains_key(*p)).collect();
    assert!(
        extra.is_empty(),
        "schemas/ holds files the import does not make: {extra:?}"
    );
}

#[test]
fn output_does_not_depend_on_input_order_or_location() {
    // The same schemas, copied to a temporary root in reverse creation order, give the same bytes.
    let root = root();
    let tmp = tempfile::tempdir().unwrap();
    let mut files = files_under(&root.join("schemas"));
    files.reverse();
    for f in &files {
        let rel = f.strip_prefix(root.join("schemas")).unwrap();
        let dest = tmp.path().join("in").join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(f, dest).unwrap();
    }
    let a = vossgen::generate(&Settings {
        inputs: vec![root.join("schemas")],
        output: PathBuf::from("out"),
        ..Settings::default()
    })
    .unwrap();
    let b = vossgen::generate(&Settings {
        inputs: vec![tmp.path().join("in")],
        output: PathBuf::from("out"),
        ..Settings::default()
    })
    .unwrap();
    assert_eq!(a.files, b.files);
}

/// Nothing crate-wide grows with the API: the crate root and each directory module hold only
/// doc comments, attributes, `mod` lines and re-exports of their models' types. (Read from
/// disk: `generated_crate_is_fresh` guards that these are the bytes generation makes.)
#[test]
fn directory_modules_hold_only_modules_and_reexports() {
    let src = root().join("generated/src");
    let mut seen = 0;
    for path in files_under(&src) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name != "lib.rs" && name != "mod.rs" {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().map(str::trim) {
            let allowed = line.is_empty()
                || line.starts_with("//")
                || line.starts_with('#')
                || line.starts_with("pub mod ")
                || line.starts_with("pub use self::");
            assert!(allowed, "{} holds `{line}`", path.display());
        }
    }
    assert!(seen >= 5, "{seen} directory modules");
}

/// Model files are emitted on several threads: the bytes are the same on one thread or many
/// (nine copies of the VOSS models: more than the few below which emitting stays on one
/// thread; V-Spark's sidecar names its models by type, which copies would change).
#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let root = root();
    let tmp = tempfile::tempdir().unwrap();
    for copy in 0..9 {
        for f in files_under(&root.join("schemas")) {
            if f.starts_with(root.join("schemas/vspark")) {
                continue;
            }
            let rel = f.strip_prefix(root.join("schemas")).unwrap();
            let dest = tmp.path().join(format!("c{copy}")).join(rel);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(f, dest).unwrap();
        }
    }
    let generated = vossgen::generate(&Settings {
        inputs: vec![tmp.path().to_path_buf()],
        output: PathBuf::from("out"),
        ..Settings::default()
    })
    .unwrap();
    assert!(generated.space.models.len() >= 27);
    let emit = |threads| {
        let options = vossgen::emit::Options {
            threads,
            ..vossgen::emit::Options::default()
        };
        vossgen::emit::emit(&generated.space, &options, &vossgen::emit::Plan::ALL)
    };
    let one = emit(1);
    for threads in [2, 3, 7, 64] {
        assert!(emit(threads) == one, "{threads} threads give other bytes");
    }
}
