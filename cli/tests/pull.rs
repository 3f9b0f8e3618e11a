//! `vossgen pull` against the runtime's fake VOSS server on 127.0.0.1: the inputs it writes
//! generate a crate that compiles, with routes for every pulled model; the same answers give
//! the same bytes; a failure names its model and status and writes nothing.

mod common;

use common::{cargo_in, root, vossgen};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use vossgen_runtime::fake::FakeVoss;

const PASSWORD_VAR: &str = "VOSSGEN_TEST_PULL_PASSWORD";

fn bundled(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join("schemas").join(rel)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Serves a fake server with three bundled models and one known only to the server (whose
/// add form differs from its details); its base URL.
fn serve() -> String {
    let widget = json!({"$schema": "http://json-schema.org/draft-03/schema", "type": "object",
        "title": "Widget", "properties": {
            "name": {"type": "string", "required": true, "title": "Name"},
            "secret": {"type": "string", "is_password": true},
            "size": {"type": "integer", "default": "0"}}});
    let mut add_form = widget.clone();
    add_form["properties"]["size"]["required"] = json!(true);
    let fake = FakeVoss::new()
        .user("admin", "pull-pa55")
        .release("21.4")
        .model("data/Role", bundled("data/Role.json"))
        .model(
            "relation/SparkCustomer",
            bundled("relation/SparkCustomer.json"),
        )
        .model(
            "device/exchange/ManagementRoleAssignment",
            bundled("device/exchange/ManagementRoleAssignment.json"),
        )
        .model("data/Widget", widget)
        .add_form_schema("data/Widget", add_form);
    serve_router(fake.router())
}

/// Serves `router` on 127.0.0.1 from its own thread; its base URL.
fn serve_router(router: axum::Router) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            axum::serve(listener, router).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// `--server BASE --user admin --password-env VAR` and `rest`.
fn logged_in<'a>(base: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--server",
        base,
        "--user",
        "admin",
        "--password-env",
        PASSWORD_VAR,
    ];
    args.extend(rest);
    args
}

fn pull(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vossgen"))
        .arg("pull")
        .args(args)
        .env(PASSWORD_VAR, "pull-pa55")
        .current_dir(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("pull-pa55"), "the password is shown: {text}");
    (out.status.code().unwrap_or(-1), text)
}

const MODELS: &[&str] = &[
    "data/Role",
    "relation/SparkCustomer",
    "device/exchange/ManagementRoleAssignment",
    "data/Widget",
];

#[test]
fn pulled_inputs_generate_a_crate_that_compiles_with_routes_for_every_model() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let mut args = logged_in(&base, &["--session", "-o", "schemas/{release}"]);
    args.extend(MODELS);
    let (code, text) = pull(dir.path(), &args);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("pulled 4 model(s) (release 21.4)"), "{text}");
    let inputs = dir.path().join("schemas/21.4");
    // The details schema as the server gave it; the add form only where it differs.
    let role: Value =
        serde_json::from_str(&std::fs::read_to_string(inputs.join("data/Role.json")).unwrap())
            .unwrap();
    assert_eq!(role, bundled("data/Role.json"));
    assert!(inputs.join("data/Widget.add.json").exists());
    assert!(!inputs.join("data/Role.add.json").exists());
    let sidecar: Value = serde_json::from_str(
        &std::fs::read_to_string(inputs.join("data/Widget.api.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(sidecar["api_version"], "21.4");
    assert_eq!(sidecar["model_type"], "data/Widget");

    // Same answers, same bytes: nothing to write the second time; --refresh finds them all.
    let (code, text) = pull(dir.path(), &args);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 file(s) written"), "{text}");
    let (code, text) = pull(
        dir.path(),
        &logged_in(&base, &["-o", "schemas/21.4", "--refresh"]),
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("pulled 4 model(s)") && text.contains("0 file(s) written"),
        "{text}"
    );

    // A models file: one a line, comments and blank lines skipped, repeats pulled once.
    std::fs::write(
        dir.path().join("models.txt"),
        "# the two we use\ndata/Role\n\nrelation/SparkCustomer  # and this\ndata/Role\n",
    )
    .unwrap();
    let (code, text) = pull(
        dir.path(),
        &logged_in(
            &base,
            &["-o", "schemas/21.4", "--models-file", "models.txt"],
        ),
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("pulled 2 model(s)") && text.contains("0 file(s) written"),
        "{text}"
    );

    // Routes for every pulled model.
    let (code, routes) = vossgen(&["routes", "-i", "schemas/21.4", "--json"], dir.path());
    assert_eq!(code, 0, "{routes}");
    let routes: Value = serde_json::from_str(&routes).unwrap();
    for model in MODELS {
        for op in ["list", "get", "create", "modify", "delete", "move"] {
            assert!(
                routes
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["model"] == *model && r["operation"] == op),
                "{model} has no {op}"
            );
        }
    }

    // A crate of them compiles.
    let krate = dir.path().join("pulled");
    std::fs::create_dir_all(&krate).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"pulled\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\nvossgen-runtime = {{ path = \"{}/runtime\" }}\n\n[workspace]\n",
            root().display()
        ),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let (code, text) = vossgen(
        &["generate", "-i", "schemas/21.4", "-o", "pulled"],
        dir.path(),
    );
    assert_eq!(code, 0, "{text}");
    // The add form that differs is what `create` sends.
    let widget = std::fs::read_to_string(krate.join("src/data/widget.rs")).unwrap();
    for needle in [
        "pub struct WidgetAddForm",
        "pub fn create(payload: &self::WidgetAddForm)",
        "type AddForm = WidgetAddForm;",
    ] {
        assert!(widget.contains(needle), "no {needle} in widget.rs");
    }
    if let Err(stderr) = cargo_in(
        &krate,
        &["check", "-q"],
        &root().join("target/newcomer"),
        None,
    ) {
        panic!("the pulled crate does not compile:\n{stderr}");
    }
}

#[test]
fn a_failed_model_is_reported_with_its_status_and_nothing_is_written() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = pull(
        dir.path(),
        &logged_in(&base, &["data/Role", "data/Nowhere", "view/AlsoNot"]),
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("error: data/Nowhere: the schema failed (HTTP 404)"),
        "{text}"
    );
    assert!(
        text.contains("error: view/AlsoNot: the schema failed (HTTP 404)"),
        "{text}"
    );
    assert!(
        text.contains("2 of 3 model(s) failed; nothing written"),
        "{text}"
    );
    assert!(!dir.path().join("schemas").exists());

    // Wrong credentials: the status, never the password.
    let out = Command::new(env!("CARGO_BIN_EXE_vossgen"))
        .arg("pull")
        .args(logged_in(&base, &["--session", "data/Role"]))
        .env(PASSWORD_VAR, "not-the-pa55word")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("HTTP 401") && !text.contains("not-the-pa55word"),
        "{text}"
    );

    // Usage mistakes: exit 2.
    let (code, text) = pull(
        dir.path(),
        &["--server", &base, "--refresh", "-o", "s/{release}"],
    );
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("--refresh needs an output root without {release}"),
        "{text}"
    );
    let (code, text) = pull(
        dir.path(),
        &["--server", &base, "--models-file", "absent.txt"],
    );
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("cannot read absent.txt"), "{text}");
    let (code, text) = pull(dir.path(), &["--server", &base, "data"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("not a model type"), "{text}");
    let (code, text) = pull(
        dir.path(),
        &["--server", &base, "--user", "admin", "data/Role"],
    );
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--user needs --password-env"), "{text}");
    // A certificate file that cannot be read, or holds no certificate.
    let (code, text) = pull(
        dir.path(),
        &logged_in(&base, &["--ca-cert", "absent.pem", "data/Role"]),
    );
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("absent.pem"), "{text}");
    std::fs::write(dir.path().join("empty.pem"), "not a certificate\n").unwrap();
    let (code, text) = pull(
        dir.path(),
        &logged_in(&base, &["--ca-cert", "empty.pem", "data/Role"]),
    );
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("certificate"), "{text}");
}

/// Pulls data/Role from a fake server whose list of it answers `status`: exit code and output,
/// and the directory pulled into.
fn pull_with_list_status(status: u16) -> (i32, String, tempfile::TempDir) {
    let fake = FakeVoss::new().model("data/Role", bundled("data/Role.json"));
    let answer = move || async move { axum::http::StatusCode::from_u16(status).unwrap() };
    let router = axum::Router::new()
        .route("/api/data/Role/", axum::routing::get(answer))
        .merge(fake.router());
    let base = serve_router(router);
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = pull(dir.path(), &["--server", &base, "data/Role"]);
    (code, text, dir)
}

#[test]
fn a_model_that_cannot_be_listed_is_pulled_without_its_list() {
    // A list that is not there (404): the schema and the generic operations are still written.
    let (code, text, dir) = pull_with_list_status(404);
    assert_eq!(code, 0, "{text}");
    let schemas = dir.path().join("schemas/data");
    assert_eq!(
        serde_json::from_str::<Value>(&std::fs::read_to_string(schemas.join("Role.json")).unwrap())
            .unwrap(),
        bundled("data/Role.json")
    );
    let api = std::fs::read_to_string(schemas.join("Role.api.json")).unwrap();
    assert!(api.contains("\"list\"") && api.contains("\"get\""), "{api}");
    // Any other failure of the list still fails the pull.
    let (code, text, _dir) = pull_with_list_status(500);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("error: data/Role: the list failed (HTTP 500)"),
        "{text}"
    );
}
