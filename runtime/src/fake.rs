//! A fake VOSS Automate server for tests (feature `server`): it plays the documented API in
//! memory, for any model whose schema it is given, so that a client, `vossgen pull` and every
//! path between them can be tested on 127.0.0.1 without a deployment.
//!
//! What it does, as the VOSS API documentation describes the real server:
//! - **Generic actions** of every registered model: list (`skip`/`limit`, `count`), create,
//!   get, modify, delete, bulk delete (`hrefs`), move (`tool/DataMove`, destination in
//!   `context_hierarchy`), choices (`choices/?field=…`), help, the add form
//!   (`add/?schema=1`) and the schema (`schema/`).
//! - **Writes** answer when done by default (`{pkid, model_type, meta, success}`); with
//!   `nowait=true` they answer 202 with a transaction (`{href, success, transaction_id}`)
//!   that `tool/Transaction/{id}` reports as `Queued`, `In Progress`, then `Success` (the write
//!   is applied then) or `Fail`.
//! - **The API's rules**: `hierarchy` on every request that names no pkid (else 400); a
//!   create or modify without the schema's required top-level fields fails (400, or a failed
//!   transaction).
//! - **Authentication**, once [`FakeVoss::user`] names an account: HTTP Basic, or a session
//!   from `POST /noninteractivelogin/` (cookies `sessionid` and `csrftoken`, the token also in
//!   `X-CSRFToken`); a write in a session must send `X-CSRFToken` (else 403). Anything else
//!   is 401.
//!
//! ```no_run
//! # async fn demo() {
//! use vossgen_runtime::fake::FakeVoss;
//! let schema = serde_json::json!({"type": "object", "properties": {"name": {"type": "string", "required": true}}});
//! let fake = FakeVoss::new().user("admin", "secret").model("data/Role", schema);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
//! let base = format!("http://{}", listener.local_addr().unwrap());
//! tokio::spawn(async move { axum::serve(listener, fake.router()).await.unwrap() });
//! # let _ = base; }
//! ```

use crate::service::Reply;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Uri};
use axum::response::{IntoResponse, Response};
use base64::prelude::{Engine as _, BASE64_STANDARD};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};

/// The generic actions a VOSS model has, as a list's `meta.actions` reports them: (name,
/// class, method, path after the model's, runs asynchronously).
const ACTIONS: &[(&str, &str, &str, &str, bool)] = &[
    ("add", "add", "GET", "add/", false),
    ("list", "list", "GET", "", false),
    ("remove", "delete", "DELETE", "", true),
    ("help", "help", "GET", "help", false),
    ("export", "export", "POST", "export/", false),
    ("move", "move", "POST", "", true),
];

/// A fake VOSS Automate server (see the [module](self) docs). Cloning it shares its state.
#[derive(Clone, Default)]
pub struct FakeVoss {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    release: Option<String>,
    users: BTreeMap<String, String>,
    models: BTreeMap<String, ModelDef>,
    /// Instances by model type, then pkid.
    instances: BTreeMap<String, BTreeMap<String, Instance>>,
    transactions: HashMap<String, Pending>,
    /// Session id → CSRF token.
    sessions: HashMap<String, String>,
    polls_until_done: u32,
    /// Answers to give before serving again (status, `Retry-After` seconds).
    faults: Vec<(u16, Option<u64>)>,
    /// Every request seen: method and path with query (no headers, no body).
    log: Vec<String>,
    counter: u64,
    seed: RandomState,
}

struct ModelDef {
    schema: Value,
    add_schema: Option<Value>,
}

#[derive(Clone)]
struct Instance {
    hierarchy: String,
    data: Value,
}

/// A write waiting in the transaction queue (`nowait`), applied when it finishes.
struct Pending {
    write: Write,
    polls: u32,
    /// The outcome once finished: the resource's pkid, or why it failed.
    outcome: Option<Result<String, String>>,
}

#[derive(Clone)]
enum Write {
    Create {
        model: String,
        pkid: String,
        hierarchy: String,
        data: Value,
    },
    Modify {
        model: String,
        pkid: String,
        data: Value,
    },
    Delete {
        model: String,
        pkid: String,
    },
    Move {
        model: String,
        pkid: String,
        to: String,
    },
}

impl Write {
    fn model_and_pkid(&self) -> (&str, &str) {
        match self {
            Write::Create { model, pkid, .. }
            | Write::Modify { model, pkid, .. }
            | Write::Delete { model, pkid }
            | Write::Move { model, pkid, .. } => (model, pkid),
        }
    }
}

/// An answer: the [`Reply`] (status, JSON body) and the headers some answers add (the login's
/// cookies, a busy answer's `Retry-After`).
struct Answer {
    reply: Reply,
    headers: Vec<(header::HeaderName, String)>,
}

impl Answer {
    fn json(status: u16, body: Value) -> Answer {
        Answer {
            reply: Reply::json(status, &body),
            headers: Vec::new(),
        }
    }

    /// An error as the VOSS API writes one.
    fn error(status: u16, message: impl Into<String>) -> Answer {
        Answer::json(
            status,
            json!({"success": false, "code": status, "error_message": message.into()}),
        )
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let mut response = self.reply.into_response();
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                response.headers_mut().append(name, v);
            }
        }
        response
    }
}

impl FakeVoss {
    /// A server with no models and no accounts (every request is let in).
    pub fn new() -> FakeVoss {
        let fake = FakeVoss::default();
        fake.lock().polls_until_done = 2;
        fake
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A test that panicked while holding the lock leaves consistent data: keep serving.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An account: from then on every request needs Basic authentication or a session.
    pub fn user(self, name: &str, password: &str) -> FakeVoss {
        self.lock()
            .users
            .insert(name.to_string(), password.to_string());
        self
    }

    /// A model type (`data/Role`) and its details schema (the JSON the schema endpoint
    /// gives).
    pub fn model(self, model_type: &str, schema: Value) -> FakeVoss {
        self.lock().models.insert(
            model_type.trim_matches('/').to_string(),
            ModelDef {
                schema,
                add_schema: None,
            },
        );
        self
    }

    /// The schema of a model's add form, where it differs from its details schema.
    pub fn add_form_schema(self, model_type: &str, schema: Value) -> FakeVoss {
        if let Some(m) = self.lock().models.get_mut(model_type.trim_matches('/')) {
            m.add_schema = Some(schema);
        }
        self
    }

    /// The release the server reports (`meta.api_version` of lists, e.g. `21.4`).
    pub fn release(self, api_version: &str) -> FakeVoss {
        self.lock().release = Some(api_version.to_string());
        self
    }

    /// How many times a `nowait` transaction is read before it finishes (default 2: `Queued`,
    /// then `In Progress`, then done).
    pub fn polls_until_done(self, polls: u32) -> FakeVoss {
        self.lock().polls_until_done = polls;
        self
    }

    /// The next `times` requests (after login) answer `status` (with `Retry-After` when
    /// `retry_after` is given), as a busy server does: for testing retries.
    pub fn fail_next(&self, times: usize, status: u16, retry_after: Option<u64>) {
        self.lock()
            .faults
            .extend(std::iter::repeat_n((status, retry_after), times));
    }

    /// Ends every session, as their expiry does: the next request in one answers 401.
    pub fn end_sessions(&self) {
        self.lock().sessions.clear();
    }

    /// Every request served so far, as `METHOD /path?query` (headers and bodies are not
    /// kept).
    pub fn requests(&self) -> Vec<String> {
        self.lock().log.clone()
    }

    /// An instance, as if created earlier; its pkid.
    pub fn insert(&self, model_type: &str, hierarchy: &str, data: Value) -> String {
        let mut inner = self.lock();
        let pkid = inner.next_pkid();
        inner
            .instances
            .entry(model_type.to_string())
            .or_default()
            .insert(
                pkid.clone(),
                Instance {
                    hierarchy: hierarchy.to_string(),
                    data,
                },
            );
        pkid
    }

    /// The instances of a model type: (pkid, hierarchy, data), in pkid order.
    pub fn instances(&self, model_type: &str) -> Vec<(String, String, Value)> {
        self.lock()
            .instances
            .get(model_type)
            .map(|m| {
                m.iter()
                    .map(|(p, i)| (p.clone(), i.hierarchy.clone(), i.data.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The server as an axum router (every path; unknown ones answer 404).
    pub fn router(&self) -> axum::Router {
        axum::Router::new()
            .fallback(handle)
            .with_state(self.clone())
    }
}

async fn handle(
    State(fake): State<FakeVoss>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let query = crate::server::parse_query(uri.query().map(str::to_string));
    let mut inner = fake.lock();
    inner.log.push(format!("{method} {uri}"));
    let path = uri.path();
    if path.trim_end_matches('/') == "/noninteractivelogin" && method == Method::POST {
        return inner.login(&body);
    }
    if let Err(refused) = inner.authenticate(&method, &headers) {
        return refused;
    }
    if !inner.faults.is_empty() {
        let (status, retry_after) = inner.faults.remove(0);
        let mut answer = Answer::error(status, "the server is busy");
        if let Some(seconds) = retry_after {
            answer
                .headers
                .push((header::RETRY_AFTER, seconds.to_string()));
        }
        return answer;
    }
    let Some(rest) = path.strip_prefix("/api/") else {
        return Answer::error(404, format!("no such page: {path}"));
    };
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let body = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => return Answer::error(400, format!("the body is not JSON: {e}")),
        }
    };
    let request = Call {
        method: &method,
        query: &query,
        body,
    };
    match segments.as_slice() {
        ["tool", "Transaction", id] if method == Method::GET => inner.transaction(id),
        ["tool", "DataMove", rest @ ..] if method == Method::POST => {
            inner.data_move(rest, &request)
        }
        _ => inner.model_call(&segments, &request),
    }
}

/// What a handler needs of a request.
struct Call<'a> {
    method: &'a Method,
    query: &'a BTreeMap<String, String>,
    body: Value,
}

impl Call<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }

    fn nowait(&self) -> bool {
        matches!(self.param("nowait"), Some("true" | "True" | "1"))
    }

    /// The hierarchy a request without a pkid must name.
    fn hierarchy(&self) -> Result<String, Answer> {
        match self.param("hierarchy") {
            Some(h) if !h.is_empty() => Ok(h.to_string()),
            _ => Err(Answer::error(
                400,
                "the hierarchy parameter is required on requests that do not name a pkid",
            )),
        }
    }

    /// The pkids of an `{"hrefs": [...]}` body.
    fn href_pkids(&self) -> Vec<String> {
        self.body
            .get("hrefs")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .filter_map(crate::routes::last_segment)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Inner {
    fn token(&mut self) -> String {
        self.counter += 1;
        format!(
            "{:016x}{:016x}",
            self.seed.hash_one(self.counter),
            self.seed.hash_one(!self.counter)
        )
    }

    fn next_pkid(&mut self) -> String {
        self.counter += 1;
        format!(
            "{:024x}",
            0x6500_0000_0000_0000_0000_0000u128 + self.counter as u128
        )
    }

    fn login(&mut self, body: &[u8]) -> Answer {
        let credentials: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let user = credentials.get("username").and_then(Value::as_str);
        let password = credentials.get("password").and_then(Value::as_str);
        match (user, password) {
            (Some(u), Some(p)) if self.users.get(u).map(String::as_str) == Some(p) => {
                let session = self.token();
                let csrf = self.token();
                self.sessions.insert(session.clone(), csrf.clone());
                let mut answer = Answer::json(
                    200,
                    json!({"is_externally_authenticated": false, "num_of_failed_login_attempts": 0}),
                );
                answer.headers = vec![
                    (
                        header::SET_COOKIE,
                        format!("sessionid={session}; HttpOnly; Path=/; SameSite=Lax"),
                    ),
                    (
                        header::SET_COOKIE,
                        format!("csrftoken={csrf}; HttpOnly; Path=/; SameSite=Lax"),
                    ),
                    (header::HeaderName::from_static("x-csrftoken"), csrf),
                ];
                answer
            }
            _ => Answer::error(401, "invalid username or password"),
        }
    }

    /// Lets a request in, or says why not.
    fn authenticate(&self, method: &Method, headers: &HeaderMap) -> Result<(), Answer> {
        if self.users.is_empty() {
            return Ok(());
        }
        let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(basic) = text(header::AUTHORIZATION).and_then(|a| a.strip_prefix("Basic ")) {
            let decoded = BASE64_STANDARD.decode(basic.trim()).unwrap_or_default();
            let decoded = String::from_utf8_lossy(&decoded);
            return match decoded.split_once(':') {
                Some((u, p)) if self.users.get(u).map(String::as_str) == Some(p) => Ok(()),
                _ => Err(Answer::error(401, "invalid username or password")),
            };
        }
        let cookies: BTreeMap<&str, &str> = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.split_once('='))
            .map(|(n, v)| (n.trim(), v.trim()))
            .collect();
        let Some(csrf) = cookies.get("sessionid").and_then(|s| self.sessions.get(*s)) else {
            return Err(Answer::error(
                401,
                "authentication credentials were not provided",
            ));
        };
        let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && headers.get("x-csrftoken").and_then(|v| v.to_str().ok()) != Some(csrf.as_str())
        {
            return Err(Answer::error(403, "CSRF verification failed"));
        }
        Ok(())
    }

    /// `/api/{model type}/…`: the model type is the longest registered one the path begins
    /// with.
    fn model_call(&mut self, segments: &[&str], call: &Call<'_>) -> Answer {
        let found = (1..=segments.len()).rev().find_map(|n| {
            let model = segments[..n].join("/");
            self.models.contains_key(&model).then_some((model, n))
        });
        let Some((model, n)) = found else {
            return Answer::error(
                404,
                format!("no model type at /api/{}/", segments.join("/")),
            );
        };
        let rest = &segments[n..];
        let method = call.method.clone();
        let result = match (rest, method) {
            ([], Method::GET) => self.list(&model, call),
            ([], Method::POST) => self.create(&model, call),
            ([], Method::DELETE) => self.bulk_delete(&model, call),
            (["schema"], Method::GET) => Ok(Answer::json(200, self.models[&model].schema.clone())),
            (["add"], Method::GET) => self.add_form(&model, call),
            (["choices"], Method::GET) => self.choices(&model, call),
            (["help"], Method::GET) => Ok(Answer::json(
                200,
                json!({"model_type": model, "help": format!("Help for {model}")}),
            )),
            ([pkid], Method::GET) => self.get(&model, pkid),
            ([pkid], Method::PUT) => self.modify(&model, pkid, call),
            ([pkid], Method::DELETE) => self.write(
                Write::Delete {
                    model: model.clone(),
                    pkid: pkid.to_string(),
                },
                call,
            ),
            _ => Err(Answer::error(
                404,
                format!(
                    "{} /api/{}/ is not an action of {model}",
                    call.method,
                    segments.join("/")
                ),
            )),
        };
        result.unwrap_or_else(|refused| refused)
    }

    fn meta(&self, model: &str, pkid: Option<&str>, hierarchy: Option<&str>) -> Value {
        let base = format!("/api/{model}/");
        let actions: Vec<Value> = ACTIONS
            .iter()
            .map(|(name, class, method, tail, support_async)| {
                let href = if *name == "move" {
                    format!("/api/tool/DataMove/?model_type={model}")
                } else {
                    format!("{base}{tail}")
                };
                json!({ *name: {"class": class, "href": href, "method": method,
                    "support_async": support_async, "title": name}})
            })
            .collect();
        let mut meta = json!({
            "model_type": model,
            "actions": actions,
            "summary_attrs": [],
            "tags": [],
            "tagged_versions": [],
        });
        if let Some(release) = &self.release {
            meta["api_version"] = json!(release);
        }
        if let Some(p) = pkid {
            meta["uri"] = json!(format!("{base}{p}"));
            meta["references"] = json!({"self": [{"pkid": p, "href": format!("{base}{p}/")}]});
        }
        if let Some(h) = hierarchy {
            meta["hierarchy"] = json!(h);
        }
        meta
    }

    fn resource(&self, model: &str, pkid: &str, instance: &Instance) -> Value {
        json!({
            "pkid": pkid,
            "meta": self.meta(model, Some(pkid), Some(&instance.hierarchy)),
            "data": instance.data,
        })
    }

    fn list(&mut self, model: &str, call: &Call<'_>) -> Result<Answer, Answer> {
        let hierarchy = call.hierarchy()?;
        let number = |name: &str, default: usize| -> Result<usize, Answer> {
            match call.param(name) {
                None => Ok(default),
                Some(v) => v
                    .parse()
                    .map_err(|_| Answer::error(400, format!("{name} is not a number: {v}"))),
            }
        };
        let skip = number("skip", 0)?;
        let limit = number("limit", 2000)?;
        let all: Vec<(&String, &Instance)> = self.visible(model, &hierarchy).collect();
        let resources: Vec<Value> = all
            .iter()
            .skip(skip)
            .take(limit)
            .map(|(p, i)| self.resource(model, p, i))
            .collect();
        let mut pagination = json!({"skip": skip, "limit": limit, "maximum_limit": 2000,
            "order_by": "pkid", "direction": "asc"});
        if call.param("count") != Some("false") {
            pagination["total"] = json!(all.len());
        }
        Ok(Answer::json(
            200,
            json!({
                "operations": ACTIONS.iter().map(|a| a.0).collect::<Vec<_>>(),
                "pagination": pagination,
                "meta": self.meta(model, None, Some(&hierarchy)),
                "resources": resources,
            }),
        ))
    }

    /// The instances of a model at `hierarchy` or below it (a dotted path's descendants), as
    /// the API lists them.
    fn visible<'a>(
        &'a self,
        model: &str,
        hierarchy: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Instance)> + 'a {
        let below = move |h: &str| {
            h == hierarchy
                || h.strip_prefix(hierarchy)
                    .is_some_and(|rest| rest.starts_with('.'))
        };
        self.instances
            .get(model)
            .into_iter()
            .flatten()
            .filter(move |(_, i)| below(&i.hierarchy))
    }

    fn get(&self, model: &str, pkid: &str) -> Result<Answer, Answer> {
        let instance = self.find(model, pkid)?;
        Ok(Answer::json(200, self.resource(model, pkid, instance)))
    }

    fn find(&self, model: &str, pkid: &str) -> Result<&Instance, Answer> {
        self.instances
            .get(model)
            .and_then(|m| m.get(pkid))
            .ok_or_else(|| Answer::error(404, format!("no {model} with pkid {pkid}")))
    }

    fn add_form(&self, model: &str, call: &Call<'_>) -> Result<Answer, Answer> {
        let hierarchy = call.hierarchy()?;
        let def = &self.models[model];
        let mut form = json!({"meta": self.meta(model, None, Some(&hierarchy)), "data": {}});
        if call.param("schema").is_some() {
            form["schema"] = def.add_schema.clone().unwrap_or_else(|| def.schema.clone());
        }
        Ok(Answer::json(200, form))
    }

    fn choices(&self, model: &str, call: &Call<'_>) -> Result<Answer, Answer> {
        let hierarchy = call.hierarchy()?;
        // The API guide's filter parameters: `field` (value and title), `choice_title` (the
        // title's field), `title` (the start of the value, or all of it with
        // `filter_condition=equals`).
        let field = call.param("field").unwrap_or("name");
        let title_field = call.param("choice_title").unwrap_or(field);
        let exact = call.param("filter_condition") == Some("equals");
        let wanted = |v: &Value| match (call.param("title"), v.as_str()) {
            (None, _) => true,
            (Some(t), Some(s)) => {
                if exact {
                    s == t
                } else {
                    s.starts_with(t)
                }
            }
            (Some(_), None) => false,
        };
        let choices: Vec<Value> = self
            .visible(model, &hierarchy)
            .filter_map(|(_, i)| {
                let value = i.data.get(field).filter(|v| wanted(v))?;
                let title = i.data.get(title_field).unwrap_or(value);
                Some(json!({"title": [title], "value": [value]}))
            })
            .collect();
        Ok(Answer::json(
            200,
            json!({"meta": {"model_type": model}, "choices": choices}),
        ))
    }

    /// The required top-level fields of the model's schema that `data` lacks, as an error.
    fn check_required(&self, model: &str, data: &Value) -> Result<(), String> {
        let Some(object) = data.as_object() else {
            return Err("the payload is not an object".to_string());
        };
        let schema = &self.models[model].schema;
        let missing: Vec<&String> = schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, p)| p.get("required") == Some(&Value::Bool(true)))
            .filter(|(_, p)| p.get("readonly") != Some(&Value::Bool(true)))
            .map(|(k, _)| k)
            .filter(|k| !object.contains_key(k.as_str()))
            .collect();
        match missing.as_slice() {
            [] => Ok(()),
            m => Err(format!(
                "required fields are missing: {}",
                m.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )),
        }
    }

    fn create(&mut self, model: &str, call: &Call<'_>) -> Result<Answer, Answer> {
        let hierarchy = call.hierarchy()?;
        let pkid = self.next_pkid();
        self.write(
            Write::Create {
                model: model.to_string(),
                pkid,
                hierarchy,
                data: call.body.clone(),
            },
            call,
        )
    }

    fn modify(&mut self, model: &str, pkid: &str, call: &Call<'_>) -> Result<Answer, Answer> {
        self.find(model, pkid)?;
        self.write(
            Write::Modify {
                model: model.to_string(),
                pkid: pkid.to_string(),
                data: call.body.clone(),
            },
            call,
        )
    }

    fn bulk_delete(&mut self, model: &str, call: &Call<'_>) -> Result<Answer, Answer> {
        call.hierarchy()?;
        let pkids = call.href_pkids();
        for pkid in &pkids {
            self.find(model, pkid)?;
        }
        for pkid in &pkids {
            self.apply(&Write::Delete {
                model: model.to_string(),
                pkid: pkid.clone(),
            })
            .map_err(|e| Answer::error(400, e))?;
        }
        Ok(Answer::json(
            200,
            json!({"success": true, "model_type": model}),
        ))
    }

    /// `POST /api/tool/DataMove/{pkid}/?model_type=…&context_hierarchy=…` (or without the
    /// pkid, the instances of an `hrefs` body).
    fn data_move(&mut self, rest: &[&str], call: &Call<'_>) -> Answer {
        let Some(model) = call.param("model_type").map(str::to_string) else {
            return Answer::error(400, "a move needs model_type");
        };
        if !self.models.contains_key(&model) {
            return Answer::error(404, format!("no model type {model}"));
        }
        let Some(to) = call.param("context_hierarchy").map(str::to_string) else {
            return Answer::error(400, "a move needs its destination in context_hierarchy");
        };
        let pkids = match rest {
            [pkid] => vec![pkid.to_string()],
            [] => {
                if let Err(refused) = call.hierarchy() {
                    return refused;
                }
                call.href_pkids()
            }
            _ => return Answer::error(404, "no such move"),
        };
        let mut last = Answer::error(400, "nothing to move");
        for pkid in pkids {
            if let Err(refused) = self.find(&model, &pkid) {
                return refused;
            }
            let write = Write::Move {
                model: model.clone(),
                pkid,
                to: to.clone(),
            };
            last = self.write(write, call).unwrap_or_else(|refused| refused);
        }
        last
    }

    /// A write: applied now and answered when done, or (`nowait`) queued as a transaction.
    fn write(&mut self, write: Write, call: &Call<'_>) -> Result<Answer, Answer> {
        if call.nowait() {
            let id = self.transaction_id();
            self.transactions.insert(
                id.clone(),
                Pending {
                    write,
                    polls: 0,
                    outcome: None,
                },
            );
            return Ok(Answer::json(
                202,
                json!({"href": format!("/api/tool/Transaction/{id}"), "success": true,
                    "transaction_id": id}),
            ));
        }
        self.apply(&write).map_err(|e| Answer::error(400, e))?;
        let (model, pkid) = write.model_and_pkid();
        let hierarchy = self
            .instances
            .get(model)
            .and_then(|m| m.get(pkid))
            .map(|i| i.hierarchy.clone());
        Ok(Answer::json(
            200,
            json!({"pkid": pkid, "model_type": model,
                "meta": self.meta(model, Some(pkid), hierarchy.as_deref()), "success": true}),
        ))
    }

    fn transaction_id(&mut self) -> String {
        let t = self.token();
        format!(
            "{}-{}-4{}-8{}-{}",
            &t[0..8],
            &t[8..12],
            &t[13..16],
            &t[17..20],
            &t[20..32]
        )
    }

    fn apply(&mut self, write: &Write) -> Result<(), String> {
        match write {
            Write::Create {
                model,
                pkid,
                hierarchy,
                data,
            } => {
                self.check_required(model, data)?;
                self.instances.entry(model.clone()).or_default().insert(
                    pkid.clone(),
                    Instance {
                        hierarchy: hierarchy.clone(),
                        data: data.clone(),
                    },
                );
            }
            Write::Modify { model, pkid, data } => {
                self.check_required(model, data)?;
                let instance = self.instance_mut(model, pkid)?;
                instance.data = data.clone();
            }
            Write::Delete { model, pkid } => {
                self.instances
                    .get_mut(model)
                    .and_then(|m| m.remove(pkid))
                    .ok_or_else(|| format!("no {model} with pkid {pkid}"))?;
            }
            Write::Move { model, pkid, to } => {
                self.instance_mut(model, pkid)?.hierarchy = to.clone();
            }
        }
        Ok(())
    }

    fn instance_mut(&mut self, model: &str, pkid: &str) -> Result<&mut Instance, String> {
        self.instances
            .get_mut(model)
            .and_then(|m| m.get_mut(pkid))
            .ok_or_else(|| format!("no {model} with pkid {pkid}"))
    }

    /// `GET /api/tool/Transaction/{id}`: `Queued`, `In Progress`, then the outcome.
    fn transaction(&mut self, id: &str) -> Answer {
        let polls_until_done = self.polls_until_done;
        let Some(pending) = self.transactions.get_mut(id) else {
            return Answer::error(404, format!("no transaction {id}"));
        };
        pending.polls += 1;
        let polls = pending.polls;
        let write = pending.write.clone();
        let outcome = match pending.outcome.clone() {
            Some(done) => Some(done),
            None if polls > polls_until_done => {
                let (_, pkid) = write.model_and_pkid();
                let pkid = pkid.to_string();
                let done = self.apply(&write).map(|()| pkid);
                if let Some(p) = self.transactions.get_mut(id) {
                    p.outcome = Some(done.clone());
                }
                Some(done)
            }
            None => None,
        };
        let (model, pkid) = write.model_and_pkid();
        let mut data = Map::new();
        let status = match &outcome {
            None if polls <= 1 => "Queued",
            None => "In Progress",
            Some(Ok(_)) => "Success",
            Some(Err(_)) => "Fail",
        };
        data.insert("status".into(), json!(status));
        data.insert("username".into(), json!("fake"));
        let mut resource = json!({"model_type": model, "pkid": pkid});
        if matches!(outcome, Some(Ok(_))) && !matches!(write, Write::Delete { .. }) {
            resource["after_transaction"] = json!(format!("/api/{model}/{pkid}/"));
        }
        data.insert("resource".into(), resource);
        if let Some(Err(message)) = &outcome {
            data.insert("message".into(), json!(message));
        }
        Answer::json(
            200,
            json!({"pkid": id, "meta": {"model_type": "tool/Transaction"}, "data": data}),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_checked() {
        let fake = FakeVoss::new().user("joe", "bloggs");
        let inner = fake.lock();
        let with = |auth: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, auth.parse().unwrap());
            inner
                .authenticate(&Method::GET, &h)
                .map_err(|a| a.reply.status)
        };
        assert_eq!(with("Basic am9lOmJsb2dncw=="), Ok(()));
        assert_eq!(with("Basic am9lOndyb25n"), Err(401));
        assert_eq!(with("Basic ***"), Err(401));
        assert_eq!(
            inner
                .authenticate(&Method::GET, &HeaderMap::new())
                .map_err(|a| a.reply.status),
            Err(401)
        );
    }
}
