//! A fuzz harness on the stable toolchain for import and generate: a deterministic generator of
//! random draft-03 schemas with the VOSS extensions (whole vocabulary, wrong-typed keywords,
//! names the generator uses itself, bidi and control characters, `$ref`s within and across
//! files, deep chains), each generated in memory; and the seed pages, mutated (lines dropped,
//! doubled, swapped, cut; JSON punctuation and page anchors spliced in), through `import` and
//! then `generate`. A case fails on a panic, on taking longer than 10 s, on an error without a
//! place (JSON pointer or line:column), or, for the cases whose output is compiled, on output
//! that does not compile.
//!
//! In CI a short bounded run (`VOSSGEN_FUZZ_CASES`, default 300, of which every tenth is
//! compiled, in one crate). By hand, for as long as you like:
//!
//! ```sh
//! VOSSGEN_FUZZ_SECONDS=3600 VOSSGEN_FUZZ_SEED=7 cargo test --release -p vossgen-tests --test fuzz -- --nocapture
//! ```
//!
//! A failing case is written to `target/fuzz-failures/` with its seed.

use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Property names: ordinary, Rust keywords, names the generator and the runtime macros use,
/// digits, separators, non-ASCII, bidi and control characters, JSON pointer escapes.
const NAMES: &[&str] = &[
    "name",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "extra",
    "a",
    "d",
    "object_visitor",
    "VossServer",
    "new",
    "clone",
    "validate",
    "schema",
    "serve",
    "ROUTES",
    "1st",
    "",
    "a b",
    "a-b",
    "A_B",
    "ab",
    "AB",
    "日本",
    "🔥",
    "x\u{202E}y",
    "tab\tname",
    "line\nbreak",
    "a/b",
    "a~b",
    "__type",
    "r#type",
    "pkid",
    "data",
    "meta",
    "default",
    "enum",
    "properties",
];

const PATTERNS: &[&str] = &[
    "^[a-z]+$",
    ".{8,}",
    "^(?=.*[A-Z])(?=.*[0-9]).{8,}$",
    "(a)\\1",
    "[",
    "(?<n>x)\\k<n>",
    "",
    "\\d+",
    "^$",
    "a{2,1}",
    "\\p{L}",
    "(?i)x",
];

const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "utc-millisec",
    "regex",
    "color",
    "ip-address",
    "ipv6",
    "host-name",
    "email",
    "uri",
    "style",
    "phone",
    "unknown-format",
];

const TEXTS: &[&str] = &[
    "A title",
    "",
    "with `code` and <html> and [brackets] and *stars*",
    "bidi \u{202E}reversed\u{202C} and \u{2066}isolate\u{2069}",
    "control \u{7}\u{1b} chars",
    "carriage\rreturn",
    "*/ closes a comment /*",
    "\"quotes\" and \\backslash",
    "https://example.com/a_b",
    "trailing space ",
];

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(rng.below(200) as i64 - 100),
        3 => json!(rng.below(1000) as f64 / 8.0),
        4 => json!(*rng.pick(TEXTS)),
        5 => json!(*rng.pick(NAMES)),
        6 => json!(u64::MAX),
        7 => json!(-0.0),
        _ => json!(1e300),
    }
}

/// A number for `minimum`/`maximum`, now and then of another JSON type.
fn number(rng: &mut Rng) -> Value {
    if rng.chance(10) {
        scalar(rng)
    } else {
        json!((rng.below(2000) as f64 - 1000.0) / 4.0)
    }
}

/// A count for `minItems`/`minLength`, now and then not one.
fn count(rng: &mut Rng) -> Value {
    if rng.chance(10) {
        scalar(rng)
    } else {
        json!(rng.below(5))
    }
}

fn any_value(rng: &mut Rng, depth: usize) -> Value {
    if depth == 0 || rng.chance(60) {
        return scalar(rng);
    }
    if rng.chance(50) {
        Value::Array(
            (0..rng.below(3))
                .map(|_| any_value(rng, depth - 1))
                .collect(),
        )
    } else {
        let mut m = Map::new();
        for _ in 0..rng.below(3) {
            m.insert(rng.pick(NAMES).to_string(), any_value(rng, depth - 1));
        }
        Value::Object(m)
    }
}

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null", "any",
];

/// A random schema. `refs` are `$ref` targets that exist (or not: some are dangling on
/// purpose); `depth` bounds nesting.
fn schema(rng: &mut Rng, depth: usize, refs: &[String]) -> Value {
    let mut s = Map::new();
    if depth == 0 || rng.chance(8) {
        if rng.chance(30) && !refs.is_empty() {
            s.insert("$ref".into(), json!(rng.pick(refs)));
        } else {
            s.insert("type".into(), json!(*rng.pick(TYPES)));
        }
        return Value::Object(s);
    }
    let keywords = 1 + rng.below(6);
    for _ in 0..keywords {
        let sub = |rng: &mut Rng| schema(rng, depth - 1, refs);
        // `true`/`false` or a schema: what `additionalProperties` and `additionalItems` take.
        let flag_or_schema = |rng: &mut Rng| {
            if rng.chance(50) {
                json!(rng.chance(50))
            } else {
                sub(rng)
            }
        };
        let (keyword, value): (&str, Value) = match rng.below(40) {
            0 => ("type", json!(*rng.pick(TYPES))),
            1 => {
                let mut union: Vec<Value> = (0..1 + rng.below(3))
                    .map(|_| json!(*rng.pick(TYPES)))
                    .collect();
                if rng.chance(40) {
                    union.push(sub(rng));
                }
                ("type", Value::Array(union))
            }
            2..=4 => {
                let mut props = Map::new();
                for _ in 0..1 + rng.below(4) {
                    let mut p = sub(rng);
                    if rng.chance(30) {
                        if let Value::Object(m) = &mut p {
                            m.insert("required".into(), json!(rng.chance(70)));
                        }
                    }
                    props.insert(rng.pick(NAMES).to_string(), p);
                }
                ("properties", Value::Object(props))
            }
            5 => {
                let mut pp = Map::new();
                pp.insert(rng.pick(PATTERNS).to_string(), sub(rng));
                ("patternProperties", Value::Object(pp))
            }
            6 => ("additionalProperties", flag_or_schema(rng)),
            7 => {
                let v = if rng.chance(60) {
                    sub(rng)
                } else {
                    Value::Array((0..1 + rng.below(3)).map(|_| sub(rng)).collect())
                };
                ("items", v)
            }
            8 => ("additionalItems", flag_or_schema(rng)),
            9 => {
                let mut deps = Map::new();
                let v = match rng.below(3) {
                    0 => json!(*rng.pick(NAMES)),
                    1 => json!([*rng.pick(NAMES), *rng.pick(NAMES)]),
                    _ => sub(rng),
                };
                deps.insert(rng.pick(NAMES).to_string(), v);
                ("dependencies", Value::Object(deps))
            }
            10 => ("minimum", number(rng)),
            11 => ("maximum", number(rng)),
            12 => ("exclusiveMinimum", json!(rng.chance(50))),
            13 => ("exclusiveMaximum", json!(rng.chance(50))),
            14 => ("minItems", count(rng)),
            15 => ("maxItems", json!(rng.below(4))),
            16 => ("uniqueItems", json!(rng.chance(50))),
            17 => ("pattern", json!(*rng.pick(PATTERNS))),
            18 => ("minLength", count(rng)),
            19 => ("maxLength", json!(rng.below(10))),
            20 | 21 => {
                let n = if rng.chance(5) { 0 } else { 1 + rng.below(4) };
                let values: Vec<Value> = (0..n).map(|_| any_value(rng, 2)).collect();
                ("enum", Value::Array(values))
            }
            22 => ("default", any_value(rng, 2)),
            23 => ("title", json!(*rng.pick(TEXTS))),
            24 => ("description", json!(*rng.pick(TEXTS))),
            25 => ("format", json!(*rng.pick(FORMATS))),
            26 => {
                let d = [
                    json!(0),
                    json!(-2),
                    json!(0.1),
                    json!(3),
                    json!(1e10),
                    json!("x"),
                ];
                ("divisibleBy", rng.pick(&d).clone())
            }
            27 => {
                let v = if rng.chance(50) {
                    json!(*rng.pick(TYPES))
                } else {
                    json!([sub(rng)])
                };
                ("disallow", v)
            }
            28 => {
                let v = if rng.chance(60) {
                    sub(rng)
                } else {
                    json!([sub(rng), sub(rng)])
                };
                ("extends", v)
            }
            29 => (
                "id",
                json!(*rng.pick(&["#x", "other.json", "http://x/y#", ""])),
            ),
            30 | 31 if !refs.is_empty() => ("$ref", json!(rng.pick(refs))),
            32 => ("is_password", json!(rng.chance(80))),
            33 => ("store_encrypted", json!(rng.chance(80))),
            34 => ("readonly", json!(rng.chance(70))),
            35 => {
                let choices: Vec<Value> = (0..rng.below(3))
                    .map(|_| json!({"value": *rng.pick(NAMES), "title": *rng.pick(TEXTS)}))
                    .collect();
                ("choices", Value::Array(choices))
            }
            // A VOSS reference: `format: uri` on a field whose values are names.
            36 => {
                s.insert("target".into(), json!("/api/data/Role/choices/?field=name"));
                s.insert("target_model_type".into(), json!("data/Role"));
                s.insert("target_attr".into(), json!(*rng.pick(NAMES)));
                ("format", json!("uri"))
            }
            // Keywords with values of the wrong JSON type.
            37 => {
                let k = *rng.pick(&["properties", "items", "required", "type", "enum", "pattern"]);
                (k, scalar(rng))
            }
            // Keywords draft-03 does not know.
            _ => {
                let k = *rng.pick(&["x-custom", "meta", "voss_extra", "examples", "const"]);
                (k, any_value(rng, 2))
            }
        };
        s.insert(keyword.into(), value);
    }
    Value::Object(s)
}

/// One case: 1 to 3 model files, `$ref`s among them, sometimes an operations sidecar or a
/// long acyclic `$ref` chain.
fn case(rng: &mut Rng) -> Vec<(String, String)> {
    let models = 1 + rng.below(3);
    // The first model's name has no number: `S` and `B` are the generated code's own type
    // parameters (a page fuzzed into `relation/S` once broke its `serve`).
    let names: Vec<String> = (0..models)
        .map(|i| {
            format!(
                "{}/{}{}",
                rng.pick(&["data", "device", "VossServer", "lib"]),
                rng.pick(&["Model", "VossServer", "Serve", "Role", "S", "B"]),
                if i == 0 { String::new() } else { i.to_string() }
            )
        })
        .collect();
    let mut refs: Vec<String> = vec!["#".into(), "#".into(), "#/properties/name".into()];
    if rng.chance(10) {
        // Dangling on purpose.
        refs.extend(["#/definitions/x".into(), "missing.json".into()]);
    }
    for n in &names {
        refs.push(format!("/{n}.json"));
    }
    let mut files = Vec::new();
    for n in &names {
        let mut s = schema(rng, 4, &refs);
        if rng.chance(10) {
            // A chain: definitions d0 -> d1 -> … -> a string.
            let len = 50 + rng.below(400);
            let mut defs = Map::new();
            for i in 0..len {
                defs.insert(
                    format!("d{i}"),
                    json!({"$ref": format!("#/definitions/d{}", i + 1)}),
                );
            }
            defs.insert(format!("d{len}"), json!({"type": "string"}));
            if let Value::Object(m) = &mut s {
                m.insert("definitions".into(), Value::Object(defs));
                m.insert(
                    "properties".into(),
                    json!({"chained": {"$ref": "#/definitions/d0"}}),
                );
            }
        }
        let text = if rng.chance(3) {
            // Broken JSON: cut short.
            let t = s.to_string();
            let mut cut = t.len() / 2;
            while !t.is_char_boundary(cut) {
                cut -= 1;
            }
            t[..cut].to_string()
        } else {
            serde_json::to_string_pretty(&s).unwrap()
        };
        files.push((format!("{n}.json"), text));
        if rng.chance(15) {
            let with_pkid = rng.chance(60);
            let op = json!({
                "api": "voss",
                "model_type": n,
                "operations": [{
                    "name": *rng.pick(NAMES),
                    "task": "t",
                    "method": *rng.pick(&["GET", "POST", "PUT", "DELETE", "BREW"]),
                    "path": if with_pkid { "/api/x/{pkid}/" } else { *rng.pick(&["/api/x/", "/api/{a}/{b}/"]) },
                    "path_params": if with_pkid != rng.chance(10) { json!(["pkid"]) } else { json!([]) },
                    "query": [{"name": *rng.pick(NAMES), "required": rng.chance(30)}],
                    "payload": *rng.pick(&["none", "model", "json", "model:data/Role"]),
                    "response": *rng.pick(&["json", "resource", "transaction", "list", "model:Nope"]),
                    "support_async": rng.chance(50),
                    "source": "fuzz"
                }]
            });
            files.push((format!("{n}.api.json"), op.to_string()));
        }
    }
    files
}

/// What a case came to.
enum Outcome {
    /// Generated: the single-file output.
    Code(String),
    /// Refused, every error with a place.
    Refused,
}

fn write_case(dir: &Path, files: &[(String, String)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Generates `files` on a thread, with a time limit; `Err` says what went wrong.
fn run_case(files: &[(String, String)]) -> Result<Outcome, String> {
    let dir = tempfile::tempdir().unwrap();
    write_case(dir.path(), files);
    let settings = vossgen::Settings {
        inputs: vec![dir.path().to_path_buf()],
        output: PathBuf::from("out.rs"),
        layout: vossgen::Layout::SingleFile,
        ..vossgen::Settings::default()
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| vossgen::generate(&settings));
        let _ = tx.send(result);
    });
    let result = match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => return Err("panicked".into()),
        Err(_) => return Err("took longer than 10 s".into()),
    };
    match result {
        Ok(generated) => {
            let text = generated.files.into_values().next().unwrap_or_default();
            Ok(Outcome::Code(text))
        }
        Err(diags) => {
            if std::env::var_os("VOSSGEN_FUZZ_VERBOSE").is_some() {
                for d in diags.errors().take(1) {
                    eprintln!("refused: {}", d.message);
                }
            }
            for d in diags.errors() {
                let placed =
                    !matches!(d.location, vossgen::Location::File) || d.line_column().is_some();
                // An error about a whole file is placed when it names what is wrong with it
                // as a whole (an unreadable file has no place inside it).
                if !placed && !d.message.contains("file") {
                    return Err(format!("an error without a place: {d}"));
                }
            }
            Ok(Outcome::Refused)
        }
    }
}

fn failure_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failures")
}

fn keep_failure(seed: u64, files: &[(String, String)], why: &str) -> String {
    let dir = failure_dir().join(format!("case-{seed}"));
    write_case(&dir, files);
    std::fs::write(dir.join("WHY.txt"), why).unwrap();
    format!("case {seed}: {why} (kept in {})", dir.display())
}

/// `cargo check` of one crate holding `outputs` as modules; the failing modules' seeds.
fn compile(outputs: &[(u64, String)]) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path();
    std::fs::create_dir_all(krate.join("src")).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"fuzzed\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nvossgen-runtime = {{ path = \"{}/runtime\" }}\n",
            root.display()
        ),
    )
    .unwrap();
    let mut lib = String::from("#![allow(warnings)]\n");
    for (seed, text) in outputs {
        lib.push_str(&format!("pub mod case_{seed};\n"));
        std::fs::write(krate.join(format!("src/case_{seed}.rs")), text).unwrap();
    }
    std::fs::write(krate.join("src/lib.rs"), lib).unwrap();
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let out = std::process::Command::new(env!("CARGO"))
        .args(["check", "-q", "--message-format=short"])
        .env("CARGO_TARGET_DIR", root.join("target/newcomer"))
        .env_remove("RUSTFLAGS")
        .current_dir(krate)
        .output()
        .unwrap();
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let failing: Vec<&u64> = outputs
        .iter()
        .map(|(seed, _)| seed)
        .filter(|seed| stderr.contains(&format!("src/case_{seed}.rs")))
        .collect();
    Err(format!("cases {failing:?} do not compile:\n{stderr}"))
}

/// A number from the environment.
fn env_u64(key: &str) -> Option<u64> {
    std::env::var(key).ok().and_then(|v| v.parse::<u64>().ok())
}

/// How long a fuzz test runs: `cases` seeds from `VOSSGEN_FUZZ_SEED` (default 1), or until
/// `VOSSGEN_FUZZ_SECONDS` have passed when that is set.
struct Budget {
    first: u64,
    cases: u64,
    deadline: Option<Instant>,
}

impl Budget {
    /// `cases` from the variable `cases_key`, `default_cases` without it.
    fn from_env(cases_key: &str, default_cases: u64) -> Budget {
        Budget {
            first: env_u64("VOSSGEN_FUZZ_SEED").unwrap_or(1),
            cases: env_u64(cases_key).unwrap_or(default_cases),
            deadline: env_u64("VOSSGEN_FUZZ_SECONDS")
                .map(|s| Instant::now() + Duration::from_secs(s)),
        }
    }

    /// Whether the run is over before `seed`.
    fn over(&self, seed: u64) -> bool {
        match self.deadline {
            Some(d) => Instant::now() >= d,
            None => seed >= self.first + self.cases,
        }
    }
}

/// Generated outputs waiting to be compiled as one crate (long runs compile as they go, a
/// batch at a time), with the inputs that made each, kept when its module does not compile.
#[derive(Default)]
struct Batch {
    outputs: Vec<(u64, String)>,
    inputs: std::collections::HashMap<u64, Vec<(String, String)>>,
}

impl Batch {
    const SIZE: usize = 40;

    fn push(&mut self, seed: u64, output: String, inputs: Vec<(String, String)>) {
        self.outputs.push((seed, output));
        self.inputs.insert(seed, inputs);
    }

    /// Compiles what is waiting when the batch is full, or (`all`) whatever is waiting.
    fn compile(&mut self, all: bool, failures: &mut Vec<String>) {
        if self.outputs.is_empty() || (!all && self.outputs.len() < Self::SIZE) {
            return;
        }
        if let Err(e) = compile(&self.outputs) {
            for (s, files) in &self.inputs {
                if e.contains(&format!("case_{s}.rs")) {
                    keep_failure(*s, files, &e);
                }
            }
            failures.push(e);
        }
        self.outputs.clear();
        self.inputs.clear();
    }
}

#[test]
fn random_schemas_never_crash_hang_or_fail_to_compile() {
    let budget = Budget::from_env("VOSSGEN_FUZZ_CASES", 300);
    let first = budget.first;
    let compile_every = env_u64("VOSSGEN_FUZZ_COMPILE_EVERY").unwrap_or(10).max(1);
    let mut failures = Vec::new();
    let mut batch = Batch::default();
    let (mut generated, mut refused) = (0, 0);
    let mut seed = first;
    while !budget.over(seed) {
        let files = case(&mut Rng(seed));
        match run_case(&files) {
            Ok(Outcome::Code(text)) => {
                generated += 1;
                if seed % compile_every == 0 {
                    batch.push(seed, text, files);
                }
            }
            Ok(Outcome::Refused) => refused += 1,
            Err(why) => failures.push(keep_failure(seed, &files, &why)),
        }
        seed += 1;
        batch.compile(false, &mut failures);
    }
    batch.compile(true, &mut failures);
    eprintln!(
        "fuzz: seeds {first}..{seed}: {generated} generated, {refused} refused, {} failure(s)",
        failures.len()
    );
    if seed - first >= 50 {
        assert!(
            generated > 0 && refused > 0,
            "the generator should make both kinds"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The seed pages (`../shared/seeds`, or `$VOSSGEN_SEEDS_DIR`): name and text.
fn seed_pages() -> Vec<(String, String)> {
    let dir = std::env::var_os("VOSSGEN_SEEDS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds"));
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the seed pages in {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "no seed pages in {}", dir.display());
    pages
}

/// Cuts that pages suffer in the wild: JSON punctuation, page markup, the importer's anchors.
const PAGE_SNIPPETS: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\\",
    "\n",
    "|",
    "Model ref.:",
    "[authtoken]",
    "\"properties\": {",
    "\"type\": ",
    "\"required\": true",
    "Synopsis",
    "/config/x",
    "\u{feff}",
    "\u{202e}",
    "GET",
    "POST /api/data/X/ | ",
    "[pkid]",
    "{pkid}",
    "null",
    "1e999",
    "-",
];

/// A seed page with 1–6 random mutations: lines dropped, doubled, swapped or cut short,
/// snippets inserted, characters removed.
fn mutated_page(rng: &mut Rng, pages: &[(String, String)]) -> (String, String) {
    let (name, text) = rng.pick(pages);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(6) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = rng.below(lines.len());
        match rng.below(7) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                // Cut the line at a character boundary.
                let cut: String = lines[i]
                    .chars()
                    .take(rng.below(lines[i].len() + 1))
                    .collect();
                lines[i] = cut;
            }
            4 | 5 => {
                let chars: Vec<char> = lines[i].chars().collect();
                let at = rng.below(chars.len() + 1);
                let snippet = if rng.chance(80) {
                    *rng.pick(PAGE_SNIPPETS)
                } else {
                    *rng.pick(TEXTS)
                };
                let mut l: String = chars[..at].iter().collect();
                l.push_str(snippet);
                l.extend(&chars[at..]);
                lines[i] = l;
            }
            _ => {
                let mut chars: Vec<char> = lines[i].chars().collect();
                if !chars.is_empty() {
                    let at = rng.below(chars.len());
                    chars.remove(at);
                }
                lines[i] = chars.into_iter().collect();
            }
        }
    }
    (name.clone(), lines.join("\n"))
}

/// Imports `page` on a thread, with a time limit: the imported files, or `Ok(None)` when it
/// was refused with every error placed (line:column, or a message about the whole page).
fn run_import(name: &str, page: &str) -> Result<Option<Vec<(String, String)>>, String> {
    let pages = vec![(PathBuf::from(name), page.to_string())];
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| vossgen::import::import_pages(&pages));
        let _ = tx.send(result);
    });
    let imported = match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => return Err("import panicked".into()),
        Err(_) => return Err("import took longer than 10 s".into()),
    };
    for d in imported.diagnostics.errors() {
        let placed = !matches!(d.location, vossgen::Location::File)
            || d.message.contains("page")
            || d.message.contains("Model ref.");
        if !placed {
            return Err(format!("an import error without a place: {d}"));
        }
    }
    if imported.diagnostics.has_errors() {
        return Ok(None);
    }
    let files = imported
        .files
        .into_iter()
        .map(|(p, text)| (p.to_string_lossy().replace('\\', "/"), text))
        .collect();
    Ok(Some(files))
}

/// Mutated seed pages through `import`, then what imports through `generate`: no panic, no
/// hang, no error without a place, and (every tenth) output that compiles. In CI
/// `VOSSGEN_FUZZ_PAGES` cases (default 150); by hand with `VOSSGEN_FUZZ_SECONDS` as above.
#[test]
fn mutated_pages_import_and_generate_without_crash() {
    let budget = Budget::from_env("VOSSGEN_FUZZ_PAGES", 150);
    let first = budget.first;
    let pages = seed_pages();
    let (mut imported, mut refused, mut generated) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut batch = Batch::default();
    let mut seed = first;
    while !budget.over(seed) {
        let (name, page) = mutated_page(&mut Rng(seed ^ 0x5EED_9A6E), &pages);
        let inputs = vec![(name.clone(), page.clone())];
        match run_import(&name, &page) {
            Err(why) => failures.push(keep_failure(seed, &inputs, &why)),
            Ok(None) => refused += 1,
            Ok(Some(files)) => {
                imported += 1;
                match run_case(&files) {
                    Ok(Outcome::Code(text)) => {
                        generated += 1;
                        if seed % 10 == 0 {
                            batch.push(seed, text, inputs);
                        }
                    }
                    Ok(Outcome::Refused) => {}
                    Err(why) => failures.push(keep_failure(
                        seed,
                        &inputs,
                        &format!("generating the import: {why}"),
                    )),
                }
            }
        }
        seed += 1;
        batch.compile(false, &mut failures);
    }
    batch.compile(true, &mut failures);
    eprintln!(
        "fuzz pages: seeds {first}..{seed}: {imported} imported ({generated} generated), {refused} refused, {} failure(s)",
        failures.len()
    );
    assert!(imported > 0, "some mutations should still import");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
