//! The `vossgen` binary as a user meets it: exit codes, and every error at once with its file
//! and place.

mod common;

use common::vossgen;
use std::path::Path;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A temporary project whose `schemas/` holds one small model, `data/Thing.json`.
fn project_with_one_model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/data/Thing.json",
        r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#,
    );
    dir
}

#[test]
fn bad_schemas_report_every_error_with_file_and_place_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/data/Broken.json",
        "{\n  \"type\": \"object\",\n  \"properties\": {\"a\": {\"type\": \"string\",}}\n}\n",
    );
    write(
        dir.path(),
        "schemas/data/Wrong.json",
        r##"{"type": "object", "properties": {"a": {"maxLength": "ten"}, "b": {"type": "strin"}, "c": {"$ref": "#/nowhere"}}}"##,
    );
    write(
        dir.path(),
        "schemas/data/Fine.json",
        r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#,
    );
    let (code, text) = vossgen(&["generate"], dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("schemas/data/Broken.json:3:"), "{text}");
    assert!(text.contains("invalid JSON"), "{text}");
    assert!(text.contains("schemas/data/Wrong.json#/properties/a/maxLength: `maxLength` takes a non-negative integer"), "{text}");
    assert!(
        text.contains("schemas/data/Wrong.json#/properties/b/type: unknown type `strin`"),
        "{text}"
    );
    assert!(
        text.contains(
            "schemas/data/Wrong.json#/properties/c/$ref: `$ref` `#/nowhere` points at nothing"
        ),
        "{text}"
    );
    assert!(text.contains("4 error(s); nothing written"), "{text}");
    assert!(!dir.path().join("generated").exists());
    assert!(!text.contains("panicked"));
}

#[test]
fn check_fails_on_stale_output_with_the_command_to_fix_it() {
    let dir = project_with_one_model();
    // `generated/` is a crate: the code goes to its `src/`.
    write(
        dir.path(),
        "generated/Cargo.toml",
        "[package]\nname = \"models\"\n",
    );
    let (code, text) = vossgen(&["check"], dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("missing: generated/src/lib.rs"), "{text}");
    assert!(text.contains("run `vossgen generate` to update"), "{text}");

    let (code, text) = vossgen(&["generate"], dir.path());
    assert_eq!(code, 0, "{text}");
    let (code, text) = vossgen(&["check"], dir.path());
    assert_eq!(code, 0, "{text}");

    // An unchanged input rewrites nothing (file times stay), a change rewrites one file.
    let (_, text) = vossgen(&["generate"], dir.path());
    assert!(text.contains("0 file(s) written"), "{text}");
    write(
        dir.path(),
        "schemas/data/Thing.json",
        r#"{"type": "object", "properties": {"b": {"type": "string"}}}"#,
    );
    let (code, text) = vossgen(&["check"], dir.path());
    assert_eq!(code, 1);
    assert!(
        text.contains("out of date: generated/src/data/thing.rs"),
        "{text}"
    );
    assert!(text.contains("run `vossgen generate` to update"), "{text}");
    // The hint repeats the inputs, output and settings `check` was given.
    let (code, text) = vossgen(
        &[
            "check",
            "-i",
            "schemas",
            "-o",
            "out dir",
            "--set",
            "features=off",
        ],
        dir.path(),
    );
    assert_eq!(code, 1);
    assert!(
        text.contains("run `vossgen generate -i schemas -o 'out dir' --set features=off`"),
        "{text}"
    );

    // A removed schema's file is reported, then removed.
    std::fs::remove_file(dir.path().join("schemas/data/Thing.json")).unwrap();
    write(
        dir.path(),
        "schemas/data/Other.json",
        r#"{"type": "string"}"#,
    );
    let (_, text) = vossgen(&["check"], dir.path());
    assert!(
        text.contains("no longer generated: generated/src/data/thing.rs"),
        "{text}"
    );
    let (code, _) = vossgen(&["generate"], dir.path());
    assert_eq!(code, 0);
    assert!(!dir.path().join("generated/src/data/thing.rs").exists());
}

#[test]
fn import_reports_syntax_errors_at_page_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "page.txt", "[Index]\nModel ref.: data/Thing\n{ \"$schema\": \"http://json-schema.org/draft-03/schema\", \"type\": \"object\", \"properties\": { \"a\": { \"target\": \"/x?auth_token=[authtoken], \"type\": \"string\" } } }\n{ \"operations\": [], \"resources\": [ { \"pkid\": \"1\" \"data\": {} } ] }\n");
    let (code, text) = vossgen(&["import", "page.txt", "--out", "schemas"], dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "warning: page.txt:3:133: repaired a dropped closing quote after `[authtoken]`"
        ),
        "{text}"
    );
    assert!(
        text.contains("error: page.txt:4:50: invalid JSON: expected `,` or `}`"),
        "{text}"
    );
    assert!(!dir.path().join("schemas").exists());

    write(dir.path(), "other.txt", "just some text\n");
    let (code, text) = vossgen(&["import", "other.txt"], dir.path());
    assert_eq!(code, 1);
    assert!(
        text.contains("error: other.txt: not a VOSS API reference page"),
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _) = vossgen(&["frobnicate"], dir.path());
    assert_eq!(code, 2);
    let (code, text) = vossgen(&["generate", "--set", "colour=blue"], dir.path());
    assert_eq!(code, 2);
    assert!(text.contains("unknown setting `colour`"), "{text}");
}

#[test]
fn invalid_regexes_and_contradictions_are_generation_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/data/Odd.json",
        r#"{"type": "object", "properties": {
            "code": {"type": "string", "pattern": "([a-z]+"},
            "size": {"type": "integer", "minimum": 10, "maximum": 5},
            "name": {"type": "string", "minLength": 4, "maxLength": 2},
            "tags": {"type": "array", "minItems": 3, "maxItems": 1},
            "kind": {"enum": []}
        }, "patternProperties": {"(": {}}}"#,
    );
    let (code, text) = vossgen(&["generate"], dir.path());
    assert_eq!(code, 1, "{text}");
    for expected in [
        "schemas/data/Odd.json#/properties/code/pattern: `([a-z]+` is not a regular expression vossgen can check (unclosed group)",
        "schemas/data/Odd.json#/properties/size/minimum: `minimum` 10 and `maximum` 5 leave no valid number",
        "schemas/data/Odd.json#/properties/name/minLength: `minLength` 4 is greater than `maxLength` 2",
        "schemas/data/Odd.json#/properties/tags/minItems: `minItems` 3 is greater than `maxItems` 1",
        "schemas/data/Odd.json#/properties/kind/enum: `enum` is empty: no value is valid",
        "schemas/data/Odd.json#/patternProperties/(: `(` is not a regular expression vossgen can check",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!dir.path().join("generated").exists());
}

#[test]
fn operation_names_that_would_clash_in_rust_are_generation_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/data/Thing.json",
        r#"{"type": "object", "properties": {"name": {"type": "string", "required": true}}}"#,
    );
    let op = |name: &str| {
        format!(
            r#"{{"name": "{name}", "task": "t", "method": "GET", "path": "/api/data/Thing/", "payload": "none", "response": "json", "support_async": false, "source": "task_table"}}"#
        )
    };
    write(
        dir.path(),
        "schemas/data/Thing.api.json",
        &format!(
            r#"{{"api": "voss", "model_type": "data/Thing", "operations": [{}, {}, {}, {}, {}]}}"#,
            op("list"),
            op("new"),
            op("List"),
            op("get"),
            op("list")
        ),
    );
    let (code, text) = vossgen(&["generate"], dir.path());
    assert_eq!(code, 1, "{text}");
    for expected in [
        "schemas/data/Thing.api.json#/operations/1/name: operation name `new` is reserved for the model's constructor",
        "schemas/data/Thing.api.json#/operations/2/name: operation name `List` gives the function `list`, as /operations/0/name does",
        "schemas/data/Thing.api.json#/operations/4/name: operation name `list` gives the function `list`, as /operations/0/name does",
        "3 error(s); nothing written",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("/operations/3/"), "{text}");
    assert!(!dir.path().join("generated").exists());
}

#[test]
fn top_level_names_that_cargo_owns_are_not_used_for_modules() {
    let dir = tempfile::tempdir().unwrap();
    let schema = r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#;
    for rel in [
        "schemas/lib.json",
        "schemas/main.json",
        "schemas/bin/Tool.json",
    ] {
        write(dir.path(), rel, schema);
    }
    let (code, text) = vossgen(&["generate", "-o", "out"], dir.path());
    assert_eq!(code, 0, "{text}");
    let out = dir.path().join("out");
    for file in ["lib2.rs", "main2.rs", "bin2/tool.rs"] {
        assert!(out.join(file).is_file(), "no {file}: {text}");
    }
    assert!(!out.join("main.rs").exists() && !out.join("bin").exists());
    let root = std::fs::read_to_string(out.join("lib.rs")).unwrap();
    for line in [
        "pub mod lib2;",
        "pub use self::lib2::Lib;",
        "pub mod main2;",
        "pub mod bin2;",
    ] {
        assert!(root.contains(line), "missing {line:?} in:\n{root}");
    }
}

#[test]
fn byte_order_marks_hidden_entries_and_symlink_loops_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/data/Bom.json",
        "\u{feff}{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}",
    );
    // An editor's settings are not a schema; `.git` is not read.
    write(
        dir.path(),
        "schemas/.vscode/settings.json",
        "{\"editor.tabSize\": \"two\"",
    );
    write(dir.path(), "schemas/data/.hidden.json", "not json");
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", dir.path().join("schemas/data/loop")).unwrap();
    let (code, text) = vossgen(&["generate", "-o", "out"], dir.path());
    assert_eq!(code, 0, "{text}");
    #[cfg(unix)]
    assert!(
        text.contains("warning: schemas/data/loop: skipped: a symbolic link back to"),
        "{text}"
    );
    assert!(text.contains("generated 1 model(s)"), "{text}");
    assert!(dir.path().join("out/data/bom.rs").is_file());
}

#[test]
fn hand_written_files_in_the_output_are_never_overwritten() {
    let dir = project_with_one_model();
    let mine = "pub fn add(left: u64, right: u64) -> u64 {\n    left + right\n}\n";
    write(dir.path(), "api/Cargo.toml", "[package]\nname = \"api\"\n");
    write(dir.path(), "api/src/lib.rs", mine);
    let (code, text) = vossgen(&["generate", "-o", "api"], dir.path());
    assert_eq!(code, 3, "{text}");
    assert!(
        text.contains("api/src/lib.rs: not overwritten: vossgen did not generate this file"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("api/src/lib.rs")).unwrap(),
        mine
    );
    assert!(
        !dir.path().join("api/src/data").exists(),
        "nothing is written"
    );
    // Once the hand-written file is gone, generation proceeds, and then regenerates over its
    // own output.
    std::fs::remove_file(dir.path().join("api/src/lib.rs")).unwrap();
    for _ in 0..2 {
        let (code, text) = vossgen(&["generate", "-o", "api"], dir.path());
        assert_eq!(code, 0, "{text}");
    }
    assert!(dir.path().join("api/src/data/thing.rs").is_file());
}

#[test]
fn a_schema_no_finite_value_fits_is_a_warning_at_the_property() {
    let dir = tempfile::tempdir().unwrap();
    // `next` is required and is a `Chain` again; `prev` is optional, so it is harmless.
    write(
        dir.path(),
        "schemas/data/Chain.json",
        r##"{"type": "object", "properties": {
            "next": {"$ref": "#", "required": true},
            "prev": {"$ref": "#"}
        }}"##,
    );
    let (code, text) = vossgen(&["generate", "-o", "out"], dir.path());
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("warning: schemas/data/Chain.json#/properties/next: required property `next` leads back to its own type through required properties only"),
        "{text}"
    );
    assert!(!text.contains("/properties/prev"), "{text}");
}

#[test]
fn the_draft3_meta_schema_is_built_in_and_added_only_when_referenced() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/Plain.json",
        r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#,
    );
    let (code, text) = vossgen(&["generate"], dir.path());
    assert_eq!(code, 0, "{text}");
    assert!(!dir.path().join("generated/json_schema_org").exists());

    write(
        dir.path(),
        "schemas/Meta.json",
        r#"{"$ref": "http://json-schema.org/draft-03/schema#"}"#,
    );
    let (code, text) = vossgen(&["generate"], dir.path());
    assert_eq!(code, 0, "{text}");
    // `generated/` is not a crate here: the code goes straight into it.
    let meta = std::fs::read_to_string(
        dir.path()
            .join("generated/json_schema_org/draft_03/schema.rs"),
    )
    .unwrap();
    assert!(meta.contains("pub struct Schema"));
    assert!(
        meta.contains("\"http://json-schema.org/draft-03/schema#\"")
            || meta.contains("json-schema.org/draft-03/schema.json")
    );
}

/// `(method, path)` with `[pkid]`/`$name` as `{…}`, without query or trailing slash.
fn normalize_route(method: &str, url: &str) -> (String, String) {
    let path = url
        .split('?')
        .next()
        .unwrap_or(url)
        .replace("[pkid]", "{pkid}");
    let path: Vec<String> = path
        .split('/')
        .map(|seg| match seg.strip_prefix('$') {
            Some(name) => format!("{{{name}}}"),
            None => seg.to_string(),
        })
        .collect();
    (
        method.to_string(),
        path.join("/").trim_end_matches('/').to_string(),
    )
}

#[test]
fn routes_json_lists_every_documented_operation_and_nothing_else() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let (code, text) = vossgen(&["routes", "--json"], root);
    assert_eq!(code, 0, "{text}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON on stdout");
    let listed: std::collections::BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| {
            let (m, p) =
                normalize_route(r["method"].as_str().unwrap(), r["path"].as_str().unwrap());
            (r["model"].as_str().unwrap().to_string(), m, p)
        })
        .collect();
    for r in &rows {
        for key in ["model", "operation", "method", "path"] {
            assert!(r[key].is_string(), "{key} missing in {r}");
        }
    }

    // What the pages document, read here independently of the importer.
    let seeds = root.join("../shared/seeds");
    let mut documented = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let model = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Model ref.:"))
            .map(|m| m.trim().to_string());
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if let Some(model) = &model {
                if cells.len() >= 3
                    && ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&cells[1])
                    && cells[2].starts_with('/')
                {
                    let (m, p) = normalize_route(cells[1], cells[2]);
                    documented.insert((model.clone(), m, p));
                }
            } else if let Some((methods, url)) = line.trim().rsplit_once(' ').filter(|(m, u)| {
                u.starts_with("/config")
                    && m.split('|')
                        .all(|m| ["GET", "POST", "DELETE"].contains(&m.trim()))
            }) {
                for m in methods.split('|').map(str::trim) {
                    let (m, p) = normalize_route(m, url);
                    documented.insert(("vspark/config".to_string(), m, p));
                }
            }
        }
    }
    assert!(
        documented.len() > 100,
        "the seed pages document {} operations",
        documented.len()
    );
    let missing: Vec<_> = documented.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "documented but not listed: {missing:#?}"
    );
    // Anything listed beyond the task tables comes from the pages' example `actions`, or is
    // the one V-Spark route its documentation has and the page leaves out.
    for r in &rows {
        let (m, p) = normalize_route(r["method"].as_str().unwrap(), r["path"].as_str().unwrap());
        let key = (r["model"].as_str().unwrap().to_string(), m, p);
        let elsewhere = r["source"] == "vspark-docs"
            && r["operation"] == "post_system_readonly"
            && r["path"] == "/config/system/readonly";
        assert!(
            documented.contains(&key) || r["source"] == "action" || elsewhere,
            "listed but not on its page: {r}"
        );
    }
    assert!(
        !rows.iter().any(|r| r["model"] == "relation/HcsAdminUserREL"
            && r["operation"].as_str().unwrap().contains("move"))
    );
    assert!(rows.iter().any(|r| r["model"] == "relation/SparkCustomer"
        && r["operation"] == "move"
        && r["path_params"] == serde_json::json!(["pkid"])));
}

#[test]
fn extra_derives_are_added_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/data/Thing.json",
        r#"{"type": "object", "properties": {"kind": {"type": "string", "enum": ["a", "b"]}, "n": {"type": "integer"}}}"#,
    );
    let (code, text) = vossgen(
        &[
            "generate",
            "--set",
            "extra_derive=Eq",
            "--set",
            "extra_derive=::std::hash::Hash",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{text}");
    let code = std::fs::read_to_string(dir.path().join("generated/data/thing.rs")).unwrap();
    let derives: Vec<String> = code
        .split("#[derive(")
        .skip(1)
        .map(|d| {
            d.split(")]")
                .next()
                .unwrap()
                .replace(char::is_whitespace, "")
        })
        .collect();
    assert_eq!(derives.len(), 2, "{derives:?}");
    // String enums get `Eq` and `Hash` (by their wire value) from the runtime's macro; an
    // extra derive of either is not added again.
    assert!(code.contains("__str_enum_traits!(Kind)"), "{code}");
    let mut with_eq_and_hash = 0;
    for d in &derives {
        let names: Vec<&str> = d
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|p| p.rsplit("::").next().unwrap())
            .collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "a derive twice: {names:?}");
        if names.contains(&"Eq") && names.contains(&"Hash") {
            with_eq_and_hash += 1;
        } else {
            assert!(
                !names.contains(&"Eq") && !names.contains(&"Hash"),
                "{names:?}"
            );
        }
    }
    assert_eq!(with_eq_and_hash, 1, "the struct derives them: {derives:?}");
}

#[test]
fn outputs_that_are_not_regular_files_are_refused() {
    let dir = project_with_one_model();
    // A device is neither read (`/dev/zero` never ends) nor written.
    for target in ["/dev/null", "/dev/zero"] {
        let (code, text) = vossgen(
            &[
                "generate",
                "--set",
                "layout=single_file",
                "--set",
                &format!("output={target}"),
            ],
            dir.path(),
        );
        assert_ne!(code, 0, "{text}");
        assert!(
            text.contains(&format!("{target}: not a regular file")),
            "{text}"
        );
    }
    // A directory where the single file should go.
    std::fs::create_dir_all(dir.path().join("out.rs")).unwrap();
    let (code, text) = vossgen(
        &[
            "generate",
            "--set",
            "layout=single_file",
            "--set",
            "output=out.rs",
        ],
        dir.path(),
    );
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("out.rs: not a regular file"), "{text}");
    // `-o` naming a device: its would-be files are not in a directory.
    let (code, text) = vossgen(&["generate", "-o", "/dev/null"], dir.path());
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("/dev/null/"), "{text}");
}

#[test]
fn routes_into_a_closed_pipe_end_quietly() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_vossgen"))
        .args(["routes", "-i", "schemas"])
        .current_dir(common::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first line (as `| head -0` would).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?} {stderr}", out.status);
}

#[test]
fn a_page_whose_model_ref_is_not_on_a_line_of_its_own_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cut.txt",
        "[Index] see Model ref.: data/Thing on the full page\n{\"type\": \"object\"}\n",
    );
    let (code, text) = vossgen(&["import", "cut.txt", "--out", "schemas"], dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("error: cut.txt: no line starts with `Model ref.:`"),
        "{text}"
    );
    assert!(!dir.path().join("schemas").exists());
}

/// `--message-format json`: one object per diagnostic on stdout, with the pointer and the
/// line and column it points at.
#[test]
fn diagnostics_as_json_carry_file_line_column_pointer_severity_and_message() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/data/Wrong.json",
        "{\"type\": \"object\",\n \"properties\": {\n   \"a\": {\"maxLength\": \"ten\"}}}\n",
    );
    write(
        dir.path(),
        "schemas/data/Broken.json",
        "{\n  \"type\": \"object\",,\n}\n",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vossgen"))
        .args(["generate", "--message-format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objects.len(), 2, "{stdout}");
    for o in &objects {
        for key in ["file", "line", "column", "pointer", "severity", "message"] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
        assert_eq!(o["severity"], "error");
    }
    let broken = &objects[0];
    assert!(broken["file"].as_str().unwrap().ends_with("Broken.json"));
    assert_eq!(
        (broken["line"].as_u64(), broken["pointer"].as_str()),
        (Some(2), None)
    );
    let wrong = &objects[1];
    assert_eq!(wrong["pointer"], "/properties/a/maxLength");
    assert_eq!(
        (wrong["line"].as_u64(), wrong["column"].as_u64()),
        (Some(3), Some(10))
    );
    // The human form names the same place.
    let (_, text) = vossgen(&["generate"], dir.path());
    assert!(
        text.contains("Wrong.json#/properties/a/maxLength: ")
            && text.contains("(line 3, column 10)"),
        "{text}"
    );
}

#[test]
fn quiet_prints_errors_only_and_verbose_names_each_step_and_file() {
    let dir = project_with_one_model();
    write(
        dir.path(),
        "schemas/data/Counter.json",
        r#"{"type": "object", "properties": {"n": {"type": "integer", "default": "0"}}}"#,
    );
    let (code, text) = vossgen(&["generate", "-o", "out", "--verbose"], dir.path());
    assert_eq!(code, 0, "{text}");
    for want in [
        "warning: schemas/data/Counter.json#/properties/n/default",
        // The steps, in order, each with the time since the start.
        "read 2 schema(s) (",
        "type(s) for 2 model(s) (",
        "made 4 file(s) (",
        "written out/lib.rs",
        "written out/data/thing.rs",
        "generated 2 model(s) into out",
    ] {
        assert!(text.contains(want), "no `{want}` in:\n{text}");
    }
    let steps: Vec<usize> = ["read 2", "type(s) for", "made 4", "generated 2"]
        .iter()
        .map(|w| text.find(w).unwrap())
        .collect();
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "{text}");
    // Without `--verbose`, and not on a terminal: no steps.
    let (code, text) = vossgen(&["generate", "-o", "out"], dir.path());
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("read 2 schema(s)"), "{text}");
    std::fs::remove_file(dir.path().join("out/data/thing.rs")).unwrap();
    let (code, text) = vossgen(&["generate", "-o", "out", "-q"], dir.path());
    assert_eq!((code, text.as_str()), (0, ""));
    let (code, text) = vossgen(&["check", "-o", "out", "--quiet"], dir.path());
    assert_eq!((code, text.as_str()), (0, ""));
    // Errors are still printed.
    write(dir.path(), "schemas/data/Bad.json", "{");
    let (code, text) = vossgen(&["generate", "-o", "out", "-q"], dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("error: schemas/data/Bad.json"), "{text}");
    assert!(!text.contains("warning:"), "{text}");
    // Both at once is a usage error.
    assert_eq!(vossgen(&["generate", "-q", "-v"], dir.path()).0, 2);
}

#[test]
fn help_lists_every_setting_key() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["generate", "check"] {
        let (code, text) = vossgen(&[command, "--help"], dir.path());
        assert_eq!(code, 0, "{text}");
        for (key, what) in vossgen::settings::SETTING_KEYS {
            assert!(
                text.contains(&format!("{key}: {what}")),
                "no `{key}` in:\n{text}"
            );
        }
    }
}

#[test]
fn a_single_file_output_is_generated_again_and_checked() {
    let dir = project_with_one_model();
    let args = ["-o", "models.rs", "--set", "layout=single_file"];
    let run = |command: &str| {
        let mut all = vec![command];
        all.extend(args);
        vossgen(&all, dir.path())
    };
    let (code, text) = run("generate");
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("1 file(s) written"), "{text}");
    let (code, text) = run("generate");
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 file(s) written, 1 unchanged"), "{text}");
    assert_eq!(run("check").0, 0);
}
