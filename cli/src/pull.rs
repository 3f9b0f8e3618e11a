//! `vossgen pull`: the schemas of a live VOSS Automate server, as generator inputs.
//!
//! For each model type: `GET /api/<type>/schema/` (the details schema), `GET /api/<type>/add/
//! ?schema=1` (the add form's schema), and a one-instance list (the release, the page size
//! and the actions the server reports), all with `format=json&hierarchy=…`. A model without an
//! add form or a list (404 or 405 there) is pulled without them. Requests run
//! concurrently (at most `--jobs`), retried on 429/503 and transport failures by the runtime's
//! client. Every failure is reported with its model and HTTP status, and then nothing is
//! written: a pull is whole or not at all.

use clap::Args;
use futures_util::stream::{self, StreamExt};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vossgen_runtime::client::{Client, ClientError};

/// `vossgen pull` options.
#[derive(Args, Debug)]
pub struct PullArgs {
    /// The server's base URL: https://voss.example.com
    #[arg(long)]
    server: String,
    /// The user to log in as (Basic authentication, or a session with --session)
    #[arg(long)]
    user: Option<String>,
    /// The environment variable that holds the password (never a command-line argument)
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
    /// Log in with a session (POST /noninteractivelogin/, CSRF token) instead of Basic
    #[arg(long)]
    session: bool,
    /// A PEM file of root certificates to trust besides the system's (self-signed servers)
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<PathBuf>,
    /// The hierarchy the schemas are read at
    #[arg(long, default_value = "sys")]
    hierarchy: String,
    /// The input root to write into; `{release}` in it becomes the server's release (its
    /// `api_version`), so that releases live side by side: -o 'schemas/{release}'
    #[arg(long, short = 'o', default_value = "schemas")]
    out: String,
    /// A file of model types, one a line (`#` starts a comment)
    #[arg(long, value_name = "FILE")]
    models_file: Option<PathBuf>,
    /// Pull again every model already under the output root (its `*.api.json` sidecars)
    #[arg(long)]
    refresh: bool,
    /// How many requests run at once
    #[arg(long, default_value_t = 8)]
    jobs: usize,
    /// Model types: data/Role device/exchange/ManagementRoleAssignment …
    models: Vec<String>,
}

/// What the server gave for one model.
struct Pulled {
    model: String,
    release: Option<String>,
    files: BTreeMap<PathBuf, String>,
}

/// A failed request: which model, what was asked, the status when the server answered.
struct Failure {
    model: String,
    what: &'static str,
    error: ClientError,
}

/// Runs `vossgen pull`. Exit codes: 0 written; 1 a model failed (each reported, nothing
/// written); 2 a usage mistake; 3 the files could not be written.
pub fn run(args: PullArgs) -> ExitCode {
    let models = match model_list(&args) {
        Ok(m) => m,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let client = match client(&args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    let progress = progress_bar(models.len() as u64);
    let results: Vec<Result<Pulled, Failure>> = runtime.block_on(async {
        stream::iter(models.iter().cloned())
            .map(|model| {
                let client = &client;
                let hierarchy = args.hierarchy.as_str();
                let progress = &progress;
                async move {
                    let result = pull_one(client, hierarchy, model).await;
                    progress.inc(1);
                    result
                }
            })
            .buffer_unordered(args.jobs.max(1))
            .collect()
            .await
    });
    progress.finish_and_clear();
    let (mut pulled, mut failures) = (Vec::new(), Vec::new());
    for r in results {
        match r {
            Ok(p) => pulled.push(p),
            Err(f) => failures.push(f),
        }
    }
    if !failures.is_empty() {
        failures.sort_by(|a, b| a.model.cmp(&b.model));
        for f in &failures {
            let status = f
                .error
                .status()
                .map_or("no answer".to_string(), |s| format!("HTTP {s}"));
            eprintln!(
                "error: {}: {} failed ({status}): {}",
                f.model, f.what, f.error
            );
        }
        eprintln!(
            "{} of {} model(s) failed; nothing written",
            failures.len(),
            models.len()
        );
        return ExitCode::from(1);
    }
    pulled.sort_by(|a, b| a.model.cmp(&b.model));
    let mut files = BTreeMap::new();
    let mut releases = std::collections::BTreeSet::new();
    for p in &pulled {
        let release = p.release.clone().unwrap_or_else(|| "unknown".to_string());
        let root = PathBuf::from(args.out.replace("{release}", &release));
        releases.insert(release);
        for (rel, text) in &p.files {
            files.insert(root.join(rel), text.clone());
        }
    }
    crate::write_inputs(
        &files,
        &format!(
            "pulled {} model(s) (release {}) into {}",
            pulled.len(),
            releases.into_iter().collect::<Vec<_>>().join(", "),
            args.out
        ),
    )
}

/// The model types to pull: the arguments, the models file, and (`--refresh`) the sidecars
/// under the output root; sorted, each once.
fn model_list(args: &PullArgs) -> Result<Vec<String>, String> {
    let mut models: Vec<String> = args.models.clone();
    if let Some(file) = &args.models_file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        models.extend(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        );
    }
    if args.refresh {
        let root = args.out.replace("{release}", "");
        if args.out.contains("{release}") {
            return Err("--refresh needs an output root without {release}".to_string());
        }
        let mut diags = vossgen::Diagnostics::new();
        let sidecars = vossgen::source::read_sidecars(Path::new(&root), &mut diags);
        if diags.has_errors() {
            let problems: Vec<String> = diags.errors().map(|d| d.to_string()).collect();
            return Err(format!("--refresh: {}", problems.join("; ")));
        }
        models.extend(
            sidecars
                .into_iter()
                .filter(|api| api.api == "voss")
                .filter_map(|api| api.model_type),
        );
    }
    for m in &models {
        let m = m.trim_matches('/');
        if !m.contains('/') || !vossgen::api::is_model_type(m) {
            return Err(format!("`{m}` is not a model type of the form kind/Name"));
        }
    }
    let mut models: Vec<String> = models
        .into_iter()
        .map(|m| m.trim_matches('/').to_string())
        .collect();
    models.sort();
    models.dedup();
    if models.is_empty() {
        return Err("no model type to pull (give some, --models-file or --refresh)".to_string());
    }
    Ok(models)
}

fn client(args: &PullArgs) -> Result<Client, String> {
    let mut builder = Client::builder(args.server.trim_end_matches('/'));
    let password = match &args.password_env {
        Some(var) => Some(
            std::env::var(var)
                .map_err(|_| format!("--password-env {var}: the variable is not set"))?,
        ),
        None => None,
    };
    match (&args.user, password) {
        (Some(user), Some(password)) if args.session => {
            builder = builder.session_auth(user, password)
        }
        (Some(user), Some(password)) => builder = builder.basic_auth(user, password),
        (Some(_), None) => return Err("--user needs --password-env".to_string()),
        (None, Some(_)) => return Err("--password-env needs --user".to_string()),
        (None, None) if args.session => return Err("--session needs --user".to_string()),
        (None, None) => {}
    }
    if let Some(file) = &args.ca_cert {
        let pem =
            std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        builder = builder
            .root_certificate_pem(&pem)
            .map_err(|e| format!("{}: {e}", file.display()))?;
    }
    builder.build().map_err(|e| e.to_string())
}

async fn pull_one(client: &Client, hierarchy: &str, model: String) -> Result<Pulled, Failure> {
    let fail = |what: &'static str| {
        let model = model.clone();
        move |error| Failure { model, what, error }
    };
    let base = format!("/api/{model}");
    let common = [("format", "json"), ("hierarchy", hierarchy)];
    let schema = client
        .get_json(&format!("{base}/schema/"), &common)
        .await
        .map(unwrap_schema)
        .map_err(fail("the schema"))?;
    // As the API guide's Add action spells it (`&schema=1`).
    let add_query = [common[0], common[1], ("schema", "1")];
    let add_form = match client.get_json(&format!("{base}/add/"), &add_query).await {
        Ok(form) => form.get("schema").cloned(),
        // A model without an add form (read-only ones).
        Err(e) if matches!(e.status(), Some(404 | 405)) => None,
        Err(e) => return Err(fail("the add form")(e)),
    };
    let list_query = [common[0], common[1], ("limit", "1")];
    let list = match client.get_json(&format!("{base}/"), &list_query).await {
        Ok(list) => Some(list),
        // A model that cannot be listed: its schema and the generic actions are still its
        // inputs (the list only adds the release and the actions the server reports).
        Err(e) if matches!(e.status(), Some(404 | 405)) => None,
        Err(e) => return Err(fail("the list")(e)),
    };
    let release = list
        .as_ref()
        .and_then(|l| l.pointer("/meta/api_version"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let files = vossgen::import::pulled_files(&model, &schema, add_form.as_ref(), list.as_ref());
    Ok(Pulled {
        model,
        release,
        files,
    })
}

/// The schema in a schema endpoint's answer: the answer itself, or, where the server wraps it
/// as the add form's answer does (`{"schema": {…}, "meta": …}`), its `schema` member.
fn unwrap_schema(answer: Value) -> Value {
    let is_schema = |v: &Value| {
        ["type", "properties", "$schema", "$ref", "extends"]
            .iter()
            .any(|k| v.get(k).is_some())
    };
    match answer.get("schema") {
        Some(inner) if inner.is_object() && !is_schema(&answer) => inner.clone(),
        _ => answer,
    }
}

/// A progress bar on a terminal's stderr; hidden otherwise (pipes, CI logs).
fn progress_bar(len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("pulling {bar:40} {pos}/{len} models ({eta})")
    {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::unwrap_schema;
    use serde_json::json;

    #[test]
    fn a_wrapped_schema_is_unwrapped_and_a_bare_one_kept() {
        let schema = json!({"type": "object", "properties": {"schema": {"type": "string"}}});
        assert_eq!(unwrap_schema(schema.clone()), schema);
        let wrapped = json!({"meta": {"model_type": "data/Role"}, "schema": schema.clone()});
        assert_eq!(unwrap_schema(wrapped), schema);
        // `schema` that is not an object is a property of something else: kept whole.
        let odd = json!({"schema": "x"});
        assert_eq!(unwrap_schema(odd.clone()), odd);
    }
}
