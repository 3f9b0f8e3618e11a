//! The secrets matrix: a marker value in every secret position of a model (top level, nested,
//! array items, map values, behind `$ref`, with `enum`, `choices`, `format`, `extends`, as a
//! number and in a type union) must not appear in any `Debug`, `Display` or error message:
//! not the decoded value's, not `from_str`'s, not `validate()`'s, not the interpreter's, not
//! the client's, and not the fake server's 422 body.

use serde_json::{json, Value};
use vossgen_runtime::Validate;

mod models {
    vossgen_macros::import_schemas!("fixtures/secrets");
}

use models::vault::Vault;

const MARKER: &str = "Zq9Marker";
/// The marker as a number, for the integer secret.
const NUMBER: i64 = 987_654_321;

/// One document per secret position, the marker there (and every other member absent).
fn documents() -> Vec<(&'static str, Value)> {
    let m = MARKER;
    vec![
        ("password", json!({"password": m})),
        ("email_pin", json!({"email_pin": m})),
        ("chosen", json!({"chosen": m})),
        ("words", json!({"words": [m, "x"]})),
        ("keys/k", json!({"keys": {"k": m}})),
        ("keys/extra", json!({"keys": {"other": m}})),
        ("nested/inner", json!({"nested": {"inner": m}})),
        ("list/token", json!({"list": [{"token": m}]})),
        ("by_ref", json!({"by_ref": m})),
        ("code", json!({"code": NUMBER})),
        ("union string", json!({"union": m})),
        ("union number", json!({"union": NUMBER})),
        // The wrong JSON type in a secret position: serde's messages quote such values.
        ("password as number", json!({"password": NUMBER})),
        ("code as string", json!({"code": m})),
    ]
}

fn assert_hidden(position: &str, what: &str, text: &str) {
    assert!(
        !text.contains(MARKER) && !text.contains(&NUMBER.to_string()),
        "{position}: the secret shows in {what}:\n{text}"
    );
}

#[test]
fn no_secret_reaches_debug_display_or_an_error_message() {
    let mut checked = 0;
    for (position, doc) in documents() {
        let text = doc.to_string();
        // from_str: the interpreter's verdict, then serde's decoding.
        match vossgen_runtime::from_str::<Vault>(&text) {
            Ok(v) => {
                assert_hidden(position, "Debug", &format!("{v:?}"));
                assert_hidden(position, "Debug {:#?}", &format!("{v:#?}"));
            }
            Err(errors) => {
                assert_hidden(position, "from_str's errors (Display)", &errors.to_string());
                assert_hidden(
                    position,
                    "from_str's errors (Debug)",
                    &format!("{errors:?}"),
                );
                for e in &errors {
                    assert_hidden(position, "a message", e.message());
                }
            }
        }
        // The value itself, decoded without validation, and its own validation.
        if let Ok(v) = serde_json::from_str::<Vault>(&text) {
            assert_hidden(position, "Debug", &format!("{v:?}"));
            assert_hidden(position, "Debug {:#?}", &format!("{v:#?}"));
            if let Err(errors) = v.validate() {
                assert_hidden(
                    position,
                    "validate()'s errors",
                    &format!("{errors} {errors:?}"),
                );
            }
            // A clone debugs the same way.
            assert_hidden(position, "a clone's Debug", &format!("{:?}", v.clone()));
        }
        // A response decoded as the model (a wrong JSON type in a secret position fails).
        if let Err(e) = <Vault as vossgen_runtime::routes::FromResponse>::from_response(
            200,
            &vossgen_runtime::routes::HeaderMap::new(),
            text.as_bytes(),
        ) {
            assert_hidden(position, "a response's decoding error", &e);
        }
        // The interpreter on the JSON.
        let mut errors = vossgen_runtime::ValidationErrors::new();
        vossgen_runtime::validate::validate_value(
            <Vault as vossgen_runtime::Described>::schema(),
            &doc,
            &mut vossgen_runtime::validate::JsonPath::root(),
            &mut errors,
        );
        assert!(
            !errors.is_empty(),
            "{position}: the marker should be invalid there"
        );
        assert_hidden(
            position,
            "the interpreter's errors",
            &format!("{errors} {errors:?}"),
        );
        checked += 1;
    }
    assert_eq!(checked, documents().len());
}

#[test]
fn no_secret_reaches_the_client_or_the_fake_servers_answer() {
    use std::sync::Arc;
    use vossgen_runtime::client::{Client, ClientError};
    use vossgen_runtime::service::{Call, ModelServer, Reply};

    /// Answers every get with the same body; keeps the `Debug` of every call it gets.
    struct Answer(Value, Arc<std::sync::Mutex<Vec<String>>>);
    impl ModelServer<models::vault::Vault> for Answer {
        async fn get(&self, call: Call) -> Reply {
            self.1.lock().unwrap().push(format!("{call:?}"));
            Reply::json(
                200,
                &json!({"pkid": call.path_param("pkid"), "data": self.0}),
            )
        }
        async fn create(&self, call: Call, _payload: Vault) -> Reply {
            self.1.lock().unwrap().push(format!("{call:?}"));
            Reply::json(200, &json!({"pkid": "1", "success": true}))
        }
    }
    let calls = Arc::new(std::sync::Mutex::new(Vec::new()));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for (position, doc) in documents() {
            let app = vossgen_runtime::server::router([models::vault::vault::serve(Arc::new(
                Answer(doc.clone(), calls.clone()),
            ))]);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let server = tokio::spawn(async move { axum::serve(listener, app).await });
            // The token reaches the server as a query parameter of `get`.
            let client = Client::builder(base)
                .query_token(MARKER)
                .hierarchy("sys")
                .build()
                .unwrap();
            // A response with the marker: decoded (Debug checked) or refused (error checked).
            match client.send(Vault::get("1")).await {
                Ok(resource) => {
                    assert_hidden(position, "a resource's Debug", &format!("{resource:?}"))
                }
                Err(e) => assert_hidden(position, "the client's error", &format!("{e} {e:?}")),
            }
            // A write of the marker: the fake server refuses it with 422 and every error.
            if let Ok(v) = serde_json::from_value::<Vault>(doc.clone()) {
                if let Err(e) = client.send(Vault::create(&v)).await {
                    assert!(
                        matches!(e, ClientError::Api { status: 422, .. }),
                        "{position}: {e}"
                    );
                    assert_hidden(position, "the 422 answer", &format!("{e} {e:?}"));
                }
            }
            server.abort();
        }
        // A transport failure with a token in the query: nothing listens on this port.
        let client = Client::builder("http://127.0.0.1:9")
            .query_token(MARKER)
            .retry(vossgen_runtime::client::Retry::NONE)
            .build()
            .unwrap();
        let e = client.send(Vault::get("1")).await.unwrap_err();
        assert!(matches!(e, ClientError::Transport(_)), "{e:?}");
        assert_hidden(
            "the query token",
            "a transport error",
            &format!("{e} {e:?}"),
        );
    });
    let calls = calls.lock().unwrap();
    assert!(calls.len() >= documents().len(), "{calls:?}");
    for call in calls.iter() {
        assert_hidden("a call", "Call's Debug", call);
    }
}

/// A hand-written type: a `Secret` field is secret without `#[validate(secret)]`.
#[derive(Debug, serde::Deserialize, vossgen_macros::Validate)]
struct Login {
    #[validate(choices("a", "b"), format = "email")]
    password: vossgen_runtime::Secret,
    #[validate(choices("a", "b"))]
    spare: Option<Vec<vossgen_runtime::Secret>>,
}

#[test]
fn a_derived_secret_field_is_secret_without_the_attribute() {
    for doc in [
        json!({"password": MARKER}),
        json!({"password": "a", "spare": [MARKER]}),
    ] {
        let errors = vossgen_runtime::from_str::<Login>(&doc.to_string()).unwrap_err();
        assert_hidden(
            "derived",
            "from_str's errors",
            &format!("{errors} {errors:?}"),
        );
        let login: Login = serde_json::from_value(doc).unwrap();
        assert_hidden("derived", "Debug", &format!("{login:?}"));
        let errors = login.validate().unwrap_err();
        assert_hidden(
            "derived",
            "validate()'s errors",
            &format!("{errors} {errors:?}"),
        );
    }
}

/// Members the schema does not declare (kept in `extra`) whose names say they hold credentials
/// (V-Spark's `auth.password`, a token) stay out of `Debug`, at any depth, and are written back
/// unchanged.
#[test]
fn undeclared_credentials_stay_out_of_debug() {
    let doc = json!({
        "auth": {"method": "local", "password": MARKER},
        "api_token": MARKER,
        "list": [{"token": "w", "extra_secret": [MARKER]}],
        "plain": "visible"
    });
    let v: Vault = serde_json::from_value(doc.clone()).unwrap();
    let debug = format!("{v:?} {v:#?}");
    assert_hidden("undeclared members", "Debug", &debug);
    assert!(
        debug.contains("visible") && debug.contains("local"),
        "{debug}"
    );
    assert_eq!(serde_json::to_value(&v).unwrap(), doc);
}

/// V-Spark's user schema declares `auth.password` a secret: a user POST carrying it shows
/// it nowhere, sends it unchanged, and `POST /config/system/readonly` exists.
#[test]
fn a_vspark_user_password_is_a_declared_secret() {
    let doc = json!({"name": "u@example.com", "auth": {"method": "standard", "password": MARKER}});
    let user: voss_api::vspark::User = serde_json::from_value(doc.clone()).unwrap();
    let auth = user.auth.as_ref().unwrap();
    assert_eq!(
        auth.password.as_ref().map(vossgen_runtime::Secret::expose),
        Some(MARKER)
    );
    assert!(!auth.extra.contains_key("password"), "declared, not extra");
    assert_hidden("vspark user", "Debug", &format!("{user:?} {user:#?}"));
    assert_eq!(serde_json::to_value(&user).unwrap(), doc);
    let request = voss_api::vspark::config::post_system_readonly(&json!({"readonly": true}));
    assert_eq!(request.route().method, "POST");
    assert_eq!(request.path(), "/config/system/readonly");
}
