//! The client against the runtime's fake VOSS server (`vossgen_runtime::fake`), as it would
//! run against a deployment: create → get → modify → move (with a destination) → delete,
//! answered when done and with `nowait`, with Basic and with session authentication; the
//! API's rules (hierarchy), retries, an expired session, failed transactions, and no
//! credential in anything shown.

use serde_json::{json, Value};
use std::time::Duration;
use voss_api::relation::SparkCustomer;
use vossgen_runtime::client::{Client, ClientError, Retry, TransactionStatus};
use vossgen_runtime::fake::FakeVoss;
use vossgen_runtime::routes::RequestError;

const PASSWORD: &str = "pa55-w0rd-xyzzy";

fn schema() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../schemas/relation/SparkCustomer.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

async fn serve(fake: &FakeVoss) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = fake.router();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn fake() -> FakeVoss {
    FakeVoss::new()
        .user("admin", PASSWORD)
        .release("21.4")
        .model("relation/SparkCustomer", schema())
        .polls_until_done(2)
}

#[derive(Clone, Copy, Debug)]
enum Auth {
    Basic,
    Session,
}

fn client(base: &str, auth: Auth) -> Client {
    let builder = Client::builder(base)
        .hierarchy("sys.hcs.CS-P")
        .poll(Duration::from_millis(5), Duration::from_secs(5))
        .retry(Retry {
            max_retries: 3,
            base: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
        });
    match auth {
        Auth::Basic => builder.basic_auth("admin", PASSWORD),
        Auth::Session => builder.session_auth("admin", PASSWORD),
    }
    .build()
    .unwrap()
}

/// create → get → modify → move → delete; each write's transaction names the resource.
async fn round(client: &Client, fake: &FakeVoss, nowait: bool) {
    let mut customer = SparkCustomer::new("Acme");
    let created = client
        .perform(SparkCustomer::create(&customer).nowait(nowait))
        .await
        .unwrap();
    assert_eq!(created.status, TransactionStatus::Success);
    assert_eq!(created.id.is_some(), nowait, "{created:?}");
    let pkid = created
        .resource_pkid
        .clone()
        .expect("the new resource's pkid");
    assert_eq!(
        created.model_type.as_deref(),
        Some("relation/SparkCustomer")
    );

    let got = client.send(SparkCustomer::get(&pkid)).await.unwrap();
    assert_eq!(got.data.name, "Acme");
    assert_eq!(got.pkid.as_deref(), Some(pkid.as_str()));

    customer.account_email = Some("ops@acme.example".to_string());
    let modified = client
        .perform(SparkCustomer::modify(&pkid, &customer).nowait(nowait))
        .await
        .unwrap();
    assert_eq!(modified.resource_pkid.as_deref(), Some(pkid.as_str()));
    let got = client.send(SparkCustomer::get(&pkid)).await.unwrap();
    assert_eq!(got.data.account_email.as_deref(), Some("ops@acme.example"));

    // Both documented forms of a move: the API guide's (`DataMove/?model_type=…`, the
    // instance's href in the body) and the pages' `DataMove/{pkid}/`.
    let hierarchy_of = |pkid: &str| {
        fake.instances("relation/SparkCustomer")
            .into_iter()
            .find(|(p, _, _)| p == pkid)
            .unwrap()
            .1
    };
    client
        .perform(
            SparkCustomer::bulk_move(&[&pkid])
                .context_hierarchy("sys.hcs.CS-R")
                .nowait(nowait),
        )
        .await
        .unwrap();
    assert_eq!(hierarchy_of(&pkid), "sys.hcs.CS-R");
    let moved = client
        .perform(
            SparkCustomer::r#move(&pkid)
                .context_hierarchy("sys.hcs.CS-Q")
                .nowait(nowait),
        )
        .await
        .unwrap();
    assert_eq!(moved.resource_pkid.as_deref(), Some(pkid.as_str()));
    assert_eq!(hierarchy_of(&pkid), "sys.hcs.CS-Q");

    let deleted = client
        .perform(SparkCustomer::delete(&pkid).nowait(nowait))
        .await
        .unwrap();
    assert_eq!(deleted.status, TransactionStatus::Success);
    match client.send(SparkCustomer::get(&pkid)).await {
        Err(e) => assert_eq!(e.status(), Some(404), "{e}"),
        Ok(r) => panic!("deleted, yet {r:?}"),
    }
}

#[tokio::test]
async fn the_round_succeeds_sync_and_nowait_with_basic_and_session_auth() {
    let fake = fake();
    let base = serve(&fake).await;
    for auth in [Auth::Basic, Auth::Session] {
        let client = client(&base, auth);
        for nowait in [false, true] {
            tokio::time::timeout(Duration::from_secs(30), round(&client, &fake, nowait))
                .await
                .unwrap_or_else(|_| panic!("{auth:?}, nowait {nowait}: in time"));
        }
    }
    let log = fake.requests();
    // The session logged in once and sent writes with their CSRF token (else 403).
    assert_eq!(
        log.iter()
            .filter(|r| r.contains("noninteractivelogin"))
            .count(),
        1
    );
    // A nowait transaction is read until it is done.
    assert!(log
        .iter()
        .any(|r| r.starts_with("GET /api/tool/Transaction/")));
    assert!(log
        .iter()
        .any(|r| r.contains("context_hierarchy=sys.hcs.CS-Q")));
}

#[tokio::test]
async fn hierarchy_is_required_without_a_pkid_and_a_client_default_satisfies_it() {
    let fake = fake();
    let base = serve(&fake).await;
    let bare = Client::builder(&base)
        .basic_auth("admin", PASSWORD)
        .build()
        .unwrap();
    match bare.send(SparkCustomer::list()).await {
        Err(ClientError::Request(RequestError::MissingParameter { name, .. })) => {
            assert_eq!(name, "hierarchy")
        }
        other => panic!("{other:?}"),
    }
    // Named on the request, or by the client.
    bare.send(SparkCustomer::list().hierarchy("sys"))
        .await
        .unwrap();
    let with_default = client(&base, Auth::Basic);
    let page = with_default
        .send(SparkCustomer::list().count(false).format_json())
        .await
        .unwrap();
    assert!(page.pagination.unwrap().total.is_none(), "count=false");
    // An instance's own requests need none.
    let pkid = fake.insert("relation/SparkCustomer", "sys", json!({"name": "X"}));
    bare.send(SparkCustomer::get(&pkid)).await.unwrap();
    // Choices: the values at the hierarchy and below it, nothing elsewhere (`sysx` is not
    // below `sys`).
    fake.insert("relation/SparkCustomer", "sys.a.b", json!({"name": "Deep"}));
    fake.insert("relation/SparkCustomer", "sysx", json!({"name": "Beside"}));
    let choices = bare
        .get_json(
            "/api/relation/SparkCustomer/choices/",
            &[("hierarchy", "sys"), ("field", "name"), ("format", "json")],
        )
        .await
        .unwrap();
    let values = |choices: &serde_json::Value, key: &str| -> Vec<String> {
        choices["choices"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c[key][0].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(values(&choices, "value"), ["X", "Deep"], "{choices}");
    // The API guide's filter parameters: the start of the value, or all of it.
    let filtered = |query: &'static [(&'static str, &'static str)]| {
        let bare = &bare;
        async move {
            bare.get_json("/api/relation/SparkCustomer/choices/", query)
                .await
                .unwrap()
        }
    };
    let some = filtered(&[("hierarchy", "sys"), ("field", "name"), ("title", "D")]).await;
    assert_eq!(values(&some, "value"), ["Deep"], "{some}");
    let none = filtered(&[
        ("hierarchy", "sys"),
        ("title", "D"),
        ("filter_condition", "equals"),
    ])
    .await;
    assert!(values(&none, "value").is_empty(), "{none}");
    // A parameter a newer release adds: the visible escape hatch.
    bare.send(
        SparkCustomer::list()
            .hierarchy("sys")
            .unchecked_param("new_flag", "1"),
    )
    .await
    .unwrap();
    assert!(fake.requests().iter().any(|r| r.contains("new_flag=1")));
}

#[tokio::test]
async fn busy_answers_are_retried_and_an_expired_session_logs_in_again() {
    let fake = fake();
    let base = serve(&fake).await;
    let client = client(&base, Auth::Session);
    client.send(SparkCustomer::list()).await.unwrap();

    // 503 and 429 (with Retry-After), then served: a POST too, since the server did not
    // take it.
    fake.fail_next(2, 503, None);
    client.send(SparkCustomer::list()).await.unwrap();
    fake.fail_next(1, 429, Some(0));
    client
        .perform(SparkCustomer::create(&SparkCustomer::new("Busy")))
        .await
        .unwrap();
    // More failures than retries: the status is kept.
    fake.fail_next(4, 503, None);
    let e = client.send(SparkCustomer::list()).await.unwrap_err();
    assert_eq!(e.status(), Some(503), "{e}");
    // A 500 is not retried: the next request is served.
    fake.fail_next(1, 500, None);
    assert_eq!(
        client
            .send(SparkCustomer::list())
            .await
            .unwrap_err()
            .status(),
        Some(500)
    );
    client.send(SparkCustomer::list()).await.unwrap();
    // The server forgot the session: one more login, then served.
    fake.end_sessions();
    let before = fake.requests().len();
    client.send(SparkCustomer::list()).await.unwrap();
    let logins = fake.requests()[before..]
        .iter()
        .filter(|r| r.contains("noninteractivelogin"))
        .count();
    assert_eq!(logins, 1);
}

#[tokio::test]
async fn failures_are_typed_and_show_no_credential() {
    let fake = fake();
    let base = serve(&fake).await;
    let mut shown = Vec::new();

    // Wrong passwords: Basic (401 from the API) and session (the login fails).
    for auth in [Auth::Basic, Auth::Session] {
        let wrong = match auth {
            Auth::Basic => Client::builder(&base).basic_auth("admin", "wrong-secret-1"),
            Auth::Session => Client::builder(&base).session_auth("admin", "wrong-secret-1"),
        }
        .hierarchy("sys")
        .retry(Retry::NONE)
        .build()
        .unwrap();
        let e = wrong.send(SparkCustomer::list()).await.unwrap_err();
        assert_eq!(e.status(), Some(401), "{auth:?}: {e}");
        shown.push(format!("{e} {e:?} {wrong:?}"));
    }

    // A create the server refuses: 400 when answered at once, a failed transaction with
    // `nowait`.
    let client = client(&base, Auth::Session);
    let invalid = || SparkCustomer::create(&SparkCustomer::new("x")).json_body(&json!({}));
    let e = client.perform(invalid()).await.unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    shown.push(format!("{e} {e:?}"));
    match client.perform(invalid().nowait(true)).await {
        Err(ClientError::TransactionFailed(t)) => {
            assert_eq!(t.status, TransactionStatus::Fail);
            shown.push(format!("{t:?}"));
        }
        other => panic!("{other:?}"),
    }
    // A transaction that does not finish in time.
    let slow = FakeVoss::new()
        .model("relation/SparkCustomer", schema())
        .polls_until_done(1000);
    let slow_base = serve(&slow).await;
    let impatient = Client::builder(&slow_base)
        .hierarchy("sys")
        .poll(Duration::from_millis(2), Duration::from_millis(30))
        .build()
        .unwrap();
    match impatient
        .perform(SparkCustomer::create(&SparkCustomer::new("Slow")).nowait(true))
        .await
    {
        Err(ClientError::TimedOut(t)) => {
            assert!(matches!(
                t.status,
                TransactionStatus::Queued | TransactionStatus::InProgress
            ))
        }
        other => panic!("{other:?}"),
    }
    shown.push(format!("{client:?}"));
    for text in &shown {
        for secret in [PASSWORD, "wrong-secret-1", "sessionid=", "csrftoken="] {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
    }
}
