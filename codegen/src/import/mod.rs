//! `vossgen import`: VOSS Automate API reference pages and the V-Spark `/config` page in,
//! normalized inputs for the generator out.
//!
//! For a VOSS page with `Model ref.: data/Role`, it makes (paths relative to the output root):
//! - `data/Role.json`: the draft-03 schema, pretty-printed, keys in page order;
//! - `data/Role.api.json`: the model type and the documented operations (task tables plus the
//!   `actions` of the example responses), see [`crate::api`];
//! - `data/Role.examples.json`: the example list and instance responses, as test fixtures.
//!
//! For the V-Spark page: `vspark/config.api.json` (every route of the synopsis) and the
//! hand-written `vspark/User.json` schema with its example. Import returns the files in memory;
//! the CLI writes them.

mod repair;

pub use repair::repair_line;

use crate::api::{ApiFile, Operation, QueryParam, ADD_FORM_SUFFIX, API_SUFFIX, EXAMPLES_SUFFIX};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ident;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];
const VSPARK_USER_SCHEMA: &str = include_str!("vspark_user.json");

/// What an import produced: file contents by path relative to the output root.
#[derive(Debug, Default)]
pub struct Imported {
    /// Relative path -> contents.
    pub files: BTreeMap<PathBuf, String>,
    /// Warnings (repairs) and errors, each with page and line:column.
    pub diagnostics: Diagnostics,
}

/// Imports pages given as (name for messages, text).
pub fn import_pages(pages: &[(PathBuf, String)]) -> Imported {
    let mut out = Imported::default();
    for (name, text) in pages {
        // A byte-order mark (a page saved by a Windows editor) is not part of the first line.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.contains("Model ref.:") {
            import_voss(name, text, &mut out);
        } else if text.contains("/config") && text.contains("Synopsis") {
            import_vspark(name, text, &mut out);
        } else {
            out.diagnostics.push(Diagnostic::error(
                name,
                Location::File,
                "not a VOSS API reference page (no `Model ref.:` line) nor the V-Spark /config page (no synopsis)",
            ));
        }
    }
    out
}

/// The task table every VOSS model's page has (the generic actions), `{mt}` standing for the
/// model type: (task, method, URL, parameters, what follows the row). Read by the same code as
/// a page's table, so that a pulled or schema-only model gets the operations a page would give.
const GENERIC_TASKS: &[(&str, &str, &str, &str, &str)] = &[
    ("Get the GUI Add form.", "GET", "/api/{mt}/add/", "", ""),
    ("Create", "POST", "/api/{mt}/", "hierarchy=[hierarchy]", ""),
    (
        "Bulk delete [pkid1],[pkid2]...",
        "DELETE",
        "/api/{mt}/",
        "hierarchy=[hierarchy]",
        "{\"hrefs\": []}",
    ),
    (
        "Bulk Modify",
        "GET",
        "/api/{mt}/bulk_update/?schema=&schema_rules=true",
        "hierarchy=[hierarchy]",
        "",
    ),
    (
        "Bulk Modify",
        "POST",
        "/api/{mt}/bulk_update/",
        "hierarchy=[hierarchy]",
        "\"request_meta\"",
    ),
    (
        "Move the instance with [pkid] to [target_hierarchy]",
        "POST",
        "/api/tool/DataMove/?model_type={mt}",
        "",
        "{\"hrefs\": []}",
    ),
    (
        "Get a selected [export_format] of the schema and instances [pkid1], [pkid2],... of {mt}.",
        "POST",
        "/api/{mt}/export/",
        "",
        "{\"hrefs\": []}",
    ),
    (
        "Get a compressed format of the Bulk Load spreadsheet template for {mt}",
        "POST",
        "/api/{mt}/export_bulkload_template/",
        "",
        "",
    ),
    (
        "Configuration Template",
        "GET",
        "/api/{mt}/configuration_template/",
        "hierarchy=[hierarchy]",
        "",
    ),
    (
        "Field Display Policy",
        "GET",
        "/api/{mt}/field_display_policy/",
        "hierarchy=[hierarchy]",
        "",
    ),
    ("List", "GET", "/api/{mt}/", "", ""),
    // Not on the models' pages, but a generic action of every model (the API guide's
    // "Choices Generic Action"): the list's filter parameters are the caller's.
    (
        "Choices",
        "GET",
        "/api/{mt}/choices/",
        "hierarchy=[hierarchy]&field=[field]&choice_title=[choice_title]&title=[title]\
         &filter_condition=[filter_condition]&skip=[skip]&limit=[limit]",
        "",
    ),
    (
        "Get the on-line Help for {mt}.",
        "GET",
        "/api/{mt}/help",
        "hierarchy=[hierarchy]",
        "",
    ),
    (
        "Modify",
        "PUT",
        "/api/{mt}/[pkid]",
        "hierarchy=[hierarchy]",
        "",
    ),
    (
        "Delete",
        "DELETE",
        "/api/{mt}/[pkid]",
        "hierarchy=[hierarchy]",
        "",
    ),
    (
        "Clone instance with [pkid]",
        "GET",
        "/api/{mt}/[pkid]/clone/?schema=&schema_rules=true",
        "hierarchy=[hierarchy]",
        "",
    ),
    (
        "Move",
        "POST",
        "/api/tool/DataMove/[pkid]/?model_type={mt}",
        "hierarchy=[hierarchy]",
        "If payload required",
    ),
    (
        "Get a selected [export_format] of the schema and a single instance with [pkid] of {mt}.",
        "GET",
        "/api/{mt}/[pkid]/export",
        "",
        "",
    ),
    (
        "Get",
        "GET",
        "/api/{mt}/[pkid]",
        "hierarchy=[hierarchy]",
        "",
    ),
    (
        "Help",
        "GET",
        "/api/{mt}/[pkid]/help",
        "hierarchy=[hierarchy]",
        "",
    ),
];

/// The operations sidecar of a VOSS model known only by its schema: the generic actions every
/// model has (as its reference page lists them), plus the actions a list response reports in
/// its `meta.actions` and its resources' (custom `+Workflow`s), when one is given; the release
/// from its `meta.api_version`, the page size from `pagination.maximum_limit`. What
/// `vossgen pull` writes, and what the generator uses for a schema without a sidecar.
pub fn generic_api(model_type: &str, list: Option<&Value>) -> ApiFile {
    let rows: Vec<Row> = GENERIC_TASKS
        .iter()
        .enumerate()
        .map(|(i, (task, method, url, params, context))| Row {
            line: i + 1,
            task: task.replace("{mt}", model_type),
            method: method.to_string(),
            url: url.replace("{mt}", model_type),
            params: params.to_string(),
            context: context.to_string(),
        })
        .collect();
    let operations = operations(model_type, "generic", &rows, list, None);
    voss_api(model_type, None, list, operations)
}

/// A VOSS model's sidecar: its release (`meta.api_version`) and page size
/// (`pagination.maximum_limit`) from a list response, when there is one.
fn voss_api(
    model_type: &str,
    description: Option<String>,
    list: Option<&Value>,
    operations: Vec<Operation>,
) -> ApiFile {
    ApiFile {
        api: "voss".to_string(),
        model_type: Some(model_type.to_string()),
        description,
        api_version: list
            .and_then(|l| l.pointer("/meta/api_version"))
            .and_then(Value::as_str)
            .map(str::to_string),
        maximum_limit: list
            .and_then(|l| l.pointer("/pagination/maximum_limit"))
            .and_then(Value::as_u64),
        operations,
    }
}

/// The input files of a model pulled from a server, by path relative to the output root:
/// `<model type>.json` (the details schema), `<model type>.add.json` (the add form's schema,
/// only where it differs), `<model type>.api.json` ([`generic_api`] with the list response).
/// Pretty-printed, keys in the server's order: the same answers give the same bytes.
pub fn pulled_files(
    model_type: &str,
    schema: &Value,
    add_form_schema: Option<&Value>,
    list: Option<&Value>,
) -> BTreeMap<PathBuf, String> {
    let base = PathBuf::from(model_type);
    let mut files = BTreeMap::new();
    files.insert(base.with_extension("json"), pretty(schema));
    if let Some(add) = add_form_schema.filter(|a| *a != schema) {
        files.insert(with_suffix(&base, ADD_FORM_SUFFIX), pretty(add));
    }
    files.insert(
        with_suffix(&base, API_SUFFIX),
        pretty(&generic_api(model_type, list)),
    );
    files
}

fn pretty(value: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("JSON values always serialize");
    s.push('\n');
    s
}

/// One row of a task table.
struct Row {
    line: usize,
    task: String,
    method: String,
    url: String,
    params: String,
    context: String,
}

fn import_voss(page: &Path, text: &str, out: &mut Imported) {
    let diags = &mut out.diagnostics;
    let lines: Vec<&str> = text.lines().collect();
    let Some((ref_line, model_type)) = lines.iter().enumerate().find_map(|(i, l)| {
        l.trim()
            .strip_prefix("Model ref.:")
            .map(|m| (i, m.trim().to_string()))
    }) else {
        // `Model ref.:` appears, but not at the start of a line: the page is cut or garbled.
        diags.push(Diagnostic::error(
            page,
            Location::File,
            "no line starts with `Model ref.:`: the page names its model nowhere vossgen can read it",
        ));
        return;
    };
    if !crate::api::is_model_type(&model_type) {
        diags.push(Diagnostic::error(
            page,
            Location::LineCol {
                line: ref_line + 1,
                column: 1,
            },
            format!("model type `{model_type}` is not of the form `kind/Name`"),
        ));
        return;
    }
    let intro: Vec<&str> = lines[..ref_line]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && *l != "[Index]")
        .collect();

    let (mut schema, mut list, mut instance) = (None, None, None);
    let mut errors_before = diags.errors().count();
    for block in repair::blocks(page, text, diags) {
        let Some(value) = block.value else { continue };
        let Value::Object(map) = &value else { continue };
        let slot = if map.contains_key("$schema")
            || (map.contains_key("properties") && schema.is_none())
        {
            &mut schema
        } else if map.contains_key("resources") {
            &mut list
        } else if map.contains_key("data") {
            &mut instance
        } else {
            continue;
        };
        if slot.is_some() {
            diags.push(Diagnostic::warning(
                page,
                Location::LineCol {
                    line: block.line,
                    column: 1,
                },
                "a second JSON block of the same kind; the first is kept",
            ));
        } else {
            *slot = Some(value);
        }
    }
    let Some(schema) = schema else {
        if diags.errors().count() == errors_before {
            diags.push(Diagnostic::error(
                page,
                Location::File,
                "the page has no schema (no JSON block with `$schema`)",
            ));
        }
        return;
    };
    errors_before = diags.errors().count();

    let rows = task_rows(&lines);
    let operations = operations(
        &model_type,
        "task_table",
        &rows,
        list.as_ref(),
        instance.as_ref(),
    );
    let description = (!intro.is_empty()).then(|| intro.join("\n"));
    let api = voss_api(&model_type, description, list.as_ref(), operations);
    if diags.errors().count() > errors_before {
        return;
    }
    let base = PathBuf::from(&model_type);
    out.files
        .insert(base.with_extension("json"), pretty(&schema));
    out.files
        .insert(with_suffix(&base, API_SUFFIX), pretty(&api));
    let mut examples = Map::new();
    if let Some(l) = list {
        examples.insert("list".to_string(), l);
    }
    if let Some(i) = instance {
        examples.insert("instance".to_string(), i);
    }
    if !examples.is_empty() {
        out.files
            .insert(with_suffix(&base, EXAMPLES_SUFFIX), pretty(&examples));
    }
}

fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut s = base.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn task_rows(lines: &[&str]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 3 || !METHODS.contains(&cells[1]) || !cells[2].starts_with('/') {
            continue;
        }
        let context = lines[i..(i + 3).min(lines.len())].join("\n");
        rows.push(Row {
            line: i + 1,
            task: cells[0].to_string(),
            method: cells[1].to_string(),
            url: cells[2].to_string(),
            params: cells.get(3).copied().unwrap_or("").to_string(),
            context,
        });
    }
    rows
}

/// Splits `/a/b/?x=1&y=[y]` into the path and its query pairs.
fn split_url(url: &str) -> (&str, Vec<(String, String)>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    (path, pairs)
}

/// `/api/x/[pkid]/` -> `/api/x/{pkid}`, without trailing slash, for matching.
fn path_key(path: &str) -> String {
    path.replace("[pkid]", "{pkid}")
        .trim_end_matches('/')
        .to_string()
}

/// The actions of the example responses: (key, method, path template with `{pkid}`, query,
/// support_async, instance-level).
struct ActionInfo {
    key: String,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    support_async: bool,
}

fn actions(list: Option<&Value>, instance: Option<&Value>) -> Vec<ActionInfo> {
    let mut out: Vec<ActionInfo> = Vec::new();
    let mut collect = |meta: Option<&Value>, pkid: Option<&str>| {
        let Some(Value::Array(list)) = meta.and_then(|m| m.get("actions")) else {
            return;
        };
        for entry in list {
            let Some(map) = entry.as_object() else {
                continue;
            };
            for (key, action) in map {
                let (Some(href), Some(method)) = (
                    action.get("href").and_then(Value::as_str),
                    action.get("method").and_then(Value::as_str),
                ) else {
                    continue;
                };
                let (path, query) = split_url(href);
                let path = match pkid {
                    Some(p) if !p.is_empty() => path.replace(p, "{pkid}"),
                    _ => path.to_string(),
                };
                if out
                    .iter()
                    .any(|a| a.method == method && path_key(&a.path) == path_key(&path))
                {
                    continue;
                }
                out.push(ActionInfo {
                    key: key.clone(),
                    method: method.to_string(),
                    path,
                    query,
                    support_async: action
                        .get("support_async")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                });
            }
        }
    };
    collect(list.and_then(|l| l.get("meta")), None);
    if let Some(Value::Array(resources)) = list.and_then(|l| l.get("resources")) {
        for r in resources {
            collect(r.get("meta"), r.get("pkid").and_then(Value::as_str));
        }
    }
    if let Some(i) = instance {
        collect(i.get("meta"), i.get("pkid").and_then(Value::as_str));
    }
    out
}

/// The operation name for a task-table row: the task in snake_case, with the pages' long
/// sentences mapped to short names.
fn row_name(row: &Row, instance_level: bool) -> String {
    let task = row.task.to_ascii_lowercase();
    let named = [
        ("get the gui add form", "add_form"),
        ("bulk delete", "bulk_delete"),
        ("move the instance with", "bulk_move"),
        ("bulk move", "bulk_move"),
        (
            "get a compressed format of the bulk load",
            "export_bulkload_template",
        ),
        ("get the on-line help", "help"),
        ("clone instance", "clone"),
    ];
    if let Some((_, name)) = named.iter().find(|(prefix, _)| task.starts_with(prefix)) {
        return name.to_string();
    }
    if task.starts_with("get a selected [export_format]") {
        return if instance_level {
            "export"
        } else {
            "bulk_export"
        }
        .to_string();
    }
    if task == "bulk modify" {
        return if row.method == "GET" {
            "bulk_modify_form"
        } else {
            "bulk_modify"
        }
        .to_string();
    }
    if task == "help" && instance_level {
        return "instance_help".to_string();
    }
    // Drop bracketed variables and anything after the first sentence.
    let first = row.task.split(". ").next().unwrap_or(&row.task);
    let mut plain = String::new();
    let mut depth = 0;
    for c in first.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    ident::value_name(plain.trim())
        .trim_start_matches("r#")
        .to_string()
}

/// The operations of a model: one per task-table row (`source` names where the rows come
/// from: `task_table` for a page's, `generic` for [`GENERIC_TASKS`]), then the actions of the
/// example responses that no row documents.
fn operations(
    model_type: &str,
    source: &str,
    rows: &[Row],
    list: Option<&Value>,
    instance: Option<&Value>,
) -> Vec<Operation> {
    let actions = actions(list, instance);
    let mut used_actions = vec![false; actions.len()];
    let mut ops: Vec<Operation> = Vec::new();
    let pagination: Vec<String> = list
        .and_then(|l| l.pointer("/pagination/current"))
        .and_then(Value::as_str)
        .map(|c| split_url(c).1.into_iter().map(|(k, _)| k).collect())
        .unwrap_or_default();

    for row in rows {
        let (path, url_query) = split_url(&row.url);
        let instance_level = path.contains("[pkid]");
        let key = path_key(path);
        let matched = actions
            .iter()
            .position(|a| a.method == row.method && path_key(&a.path) == key);
        let name = row_name(row, instance_level);
        if let Some(existing) = ops
            .iter_mut()
            .find(|o| o.method == row.method && path_key(&o.path) == key)
        {
            // Two rows for one endpoint (Move and Bulk Move): one operation.
            if existing.name != name && name.starts_with("bulk_") {
                existing.name = name;
            }
            continue;
        }
        let action = matched.map(|i| {
            used_actions[i] = true;
            &actions[i]
        });
        let canonical = match action {
            Some(a) => a.path.clone(),
            None => canonical_path(path),
        };
        let mut query: Vec<QueryParam> = Vec::new();
        let add =
            |query: &mut Vec<QueryParam>, name: &str, value: Option<String>, required: bool| {
                if !query.iter().any(|q| q.name == name) {
                    query.push(QueryParam {
                        name: name.to_string(),
                        value,
                        required,
                    });
                }
            };
        let fixed = |v: &str| (!v.starts_with('[')).then(|| v.to_string());
        for (k, v) in &url_query {
            add(&mut query, k, fixed(v), true);
        }
        let (_, params) = split_url(&format!("?{}", row.params.replace(' ', "")));
        for (k, v) in &params {
            add(&mut query, k, fixed(v), false);
        }
        for (k, v) in action.map(|a| a.query.as_slice()).unwrap_or_default() {
            add(&mut query, k, fixed(v), false);
        }
        add(&mut query, "hierarchy", None, false);
        if name == "list" {
            for p in &pagination {
                add(&mut query, p, None, false);
            }
        }
        if row.task.contains("[export_format]") {
            add(&mut query, "export_format", None, false);
        }
        // Without a matching action, writes are asynchronous as they are wherever the pages
        // show an action for them.
        let writes = [
            "create",
            "modify",
            "delete",
            "move",
            "bulk_move",
            "bulk_delete",
        ];
        let support_async = action
            .map(|a| a.support_async)
            .unwrap_or(writes.contains(&name.as_str()));
        ops.push(Operation {
            name,
            task: row.task.clone(),
            method: row.method.clone(),
            path_params: if canonical.contains("{pkid}") {
                vec!["pkid".to_string()]
            } else {
                Vec::new()
            },
            path: canonical,
            query,
            payload: payload_kind(row, instance_level),
            response: String::new(),
            support_async,
            action: action.map(|a| a.key.clone()),
            source: format!("{source}:{}", row.line),
        });
    }
    // Actions of the examples that no task row documents (e.g. `tag_version`).
    for (i, a) in actions.iter().enumerate() {
        if used_actions[i]
            || ops
                .iter()
                .any(|o| o.method == a.method && path_key(&o.path) == path_key(&a.path))
        {
            continue;
        }
        let instance_level = a.path.contains("{pkid}");
        // The pages' task tables call the `migration` action "Migration Template".
        let key = if a.key == "migration" {
            "migration_template"
        } else {
            a.key.as_str()
        };
        let base = ident::value_name(key).trim_start_matches("r#").to_string();
        let name = if instance_level || !a.path.contains('+') && a.key != "purge" {
            base
        } else {
            format!("bulk_{base}")
        };
        let mut query: Vec<QueryParam> = Vec::new();
        for (k, v) in &a.query {
            query.push(QueryParam {
                name: k.clone(),
                value: (!v.starts_with('[')).then(|| v.clone()),
                required: false,
            });
        }
        if !query.iter().any(|q| q.name == "hierarchy") {
            query.push(QueryParam {
                name: "hierarchy".to_string(),
                value: None,
                required: false,
            });
        }
        ops.push(Operation {
            name,
            task: format!("{} (from the example responses' actions)", a.key),
            method: a.method.clone(),
            path_params: if instance_level {
                vec!["pkid".to_string()]
            } else {
                Vec::new()
            },
            path: a.path.clone(),
            query,
            payload: if a.method == "GET" {
                "none"
            } else if instance_level {
                "optional"
            } else {
                "hrefs"
            }
            .to_string(),
            response: String::new(),
            support_async: a.support_async,
            action: Some(a.key.clone()),
            source: "action".to_string(),
        });
    }
    // Names are unique per model: a later duplicate gets a numeric suffix. `new` belongs to
    // the model's generated constructor.
    let mut namer = ident::Namer::new();
    namer.reserve("new");
    for op in &mut ops {
        op.name = namer.claim(&op.name);
        op.response = response_kind(op, model_type);
    }
    ops
}

/// A path without a matching action: `[pkid]` -> `{pkid}`, trailing slash as the `actions`
/// hrefs have it (every path but `…/help`).
fn canonical_path(path: &str) -> String {
    let p = path.replace("[pkid]", "{pkid}");
    if p.ends_with('/') || p.ends_with("/help") {
        p
    } else {
        format!("{p}/")
    }
}

fn payload_kind(row: &Row, instance_level: bool) -> String {
    let ctx = &row.context;
    let task = row.task.to_ascii_lowercase();
    let kind = if ctx.contains("request_meta") {
        "bulk_update"
    } else if ctx.contains("\"hrefs\"") && !instance_level {
        "hrefs"
    } else if task == "create" || task == "modify" {
        "model"
    } else if ctx.contains("If payload required") {
        "optional"
    } else {
        "none"
    };
    kind.to_string()
}

fn response_kind(op: &Operation, _model_type: &str) -> String {
    let kind = match op.name.as_str() {
        "list" => "list",
        "get" => "resource",
        "help" | "instance_help" => "html",
        "export" | "bulk_export" | "export_bulkload_template" => "file",
        _ if op.support_async => "transaction",
        _ => "json",
    };
    kind.to_string()
}

fn import_vspark(page: &Path, text: &str, out: &mut Imported) {
    let mut ops = Vec::new();
    let mut namer = ident::Namer::new();
    namer.reserve("new");
    let mut in_synopsis = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line == "Synopsis" {
            in_synopsis = true;
            continue;
        }
        if !in_synopsis {
            continue;
        }
        let Some((methods, url)) = line.rsplit_once(' ').filter(|(m, u)| {
            u.starts_with("/config") && m.split('|').all(|m| METHODS.contains(&m.trim()))
        }) else {
            if !ops.is_empty() && !line.is_empty() {
                break;
            }
            continue;
        };
        let (path, query) = split_url(url);
        let mut path_params = Vec::new();
        let segments: Vec<String> = path
            .split('/')
            .map(|seg| match seg.strip_prefix('$') {
                Some(p) => {
                    path_params.push(p.to_string());
                    format!("{{{p}}}")
                }
                None => seg.to_string(),
            })
            .collect();
        let template = segments.join("/");
        // One user account, as the page's example shows it: typed with `vspark/User`.
        let user = path.ends_with("/users/$user");
        for method in methods.split('|').map(str::trim) {
            let mut query_params: Vec<QueryParam> = query
                .iter()
                .map(|(k, _)| QueryParam {
                    name: k.clone(),
                    value: None,
                    required: true,
                })
                .collect();
            if method == "DELETE" {
                for flag in ["tree", "multi"] {
                    query_params.push(QueryParam {
                        name: flag.to_string(),
                        value: None,
                        required: false,
                    });
                }
            }
            let words: Vec<String> = path
                .split('/')
                .skip(2)
                .map(|seg| match seg {
                    "$co_short" => "company".to_string(),
                    "$org_short" => "org".to_string(),
                    "$app_name" => "app".to_string(),
                    s => s.trim_start_matches('$').to_string(),
                })
                .collect();
            let what = if words.is_empty() {
                "config".to_string()
            } else {
                words.join("_")
            };
            let name = namer.claim(&format!("{}_{what}", method.to_ascii_lowercase()));
            ops.push(Operation {
                name,
                task: format!("{method} {url}"),
                method: method.to_string(),
                path: template.clone(),
                path_params: path_params.clone(),
                query: query_params,
                payload: match (method, user) {
                    ("POST", true) => "model:vspark/User",
                    ("POST", false) => "json",
                    _ => "none",
                }
                .to_string(),
                response: match (method, user) {
                    ("GET", true) => "model:vspark/User",
                    ("GET", false) => "json",
                    _ => "status",
                }
                .to_string(),
                support_async: false,
                action: None,
                source: format!("synopsis:{}", i + 1),
            });
        }
    }
    if ops.is_empty() {
        out.diagnostics.push(Diagnostic::error(
            page,
            Location::File,
            "the V-Spark page's synopsis lists no /config routes",
        ));
        return;
    }
    // V-Spark's documentation sets the read-only mode with a POST to the route whose GET the
    // synopsis lists; the page leaves it out.
    let readonly = ops
        .iter()
        .find(|o| o.method == "GET" && o.path == "/config/system/readonly")
        .cloned();
    if let Some(get) = readonly {
        if !ops.iter().any(|o| o.method == "POST" && o.path == get.path) {
            ops.push(Operation {
                name: namer.claim("post_system_readonly"),
                task: "POST /config/system/readonly?token=$token (sets read-only mode; V-Spark's documentation, not on the page)".to_string(),
                method: "POST".to_string(),
                payload: "json".to_string(),
                response: "status".to_string(),
                source: "vspark-docs".to_string(),
                ..get
            });
        }
    }
    let api = ApiFile {
        api: "vspark".to_string(),
        model_type: None,
        description: Some("The V-Spark /config API: configuration of companies, organizations, folders, applications and user accounts.".to_string()),
        api_version: None,
        maximum_limit: None,
        operations: ops,
    };
    out.files.insert(
        PathBuf::from("vspark/config").with_extension("api.json"),
        pretty(&api),
    );
    out.files.insert(
        PathBuf::from("vspark/User.json"),
        VSPARK_USER_SCHEMA.to_string(),
    );
    // The example user response, as a fixture.
    let mut diags = Diagnostics::new();
    if let Some(user) = repair::blocks(page, text, &mut diags)
        .into_iter()
        .find_map(|b| b.value)
    {
        let mut examples = Map::new();
        examples.insert("instance".to_string(), user);
        out.files.insert(
            PathBuf::from("vspark/User").with_extension("examples.json"),
            pretty(&examples),
        );
    }
    out.diagnostics.extend(diags);
}
