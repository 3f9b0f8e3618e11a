//! The generated server, implemented in memory on 127.0.0.1, driven by the generated client:
//! create, list across pages, get, update and delete of data/Role; a custom action on
//! relation/SparkCustomer with transaction polling; an invalid payload refused with 422; and
//! the V-Spark routes, literal segments before parameters; each generic action to its own server
//! method. Loopback only, bounded in time.

use futures_util::StreamExt;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use voss_api::data::role::Interface;
use voss_api::data::Role;
use voss_api::relation::SparkCustomer;
use voss_api::vspark::config;
use vossgen_runtime::client::{Client, ClientError, TransactionStatus};
use vossgen_runtime::routes::{Route, TRANSACTION_GET};
use vossgen_runtime::service::{Call, ModelServer, Reply, Service};
use vossgen_runtime::{ListResponse, Pagination, Resource};

#[derive(Default)]
struct Fake {
    roles: Mutex<BTreeMap<String, Role>>,
    next: AtomicU64,
}

fn transaction(id: &str) -> Reply {
    Reply::json(
        202,
        &json!({"href": format!("/api/tool/Transaction/{id}/"), "success": true}),
    )
}

impl ModelServer<Role> for Fake {
    async fn create(&self, _call: Call, payload: Role) -> Reply {
        let pkid = format!("{:024x}", self.next.fetch_add(1, Ordering::SeqCst));
        self.roles.lock().unwrap().insert(pkid.clone(), payload);
        transaction(&format!("tx-{pkid}"))
    }

    async fn list(&self, call: Call) -> Reply {
        let skip: usize = call
            .query_param("skip")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let limit: usize = call
            .query_param("limit")
            .and_then(|s| s.parse().ok())
            .unwrap_or(2000);
        let roles = self.roles.lock().unwrap();
        let resources: Vec<Resource<Role>> = roles
            .iter()
            .skip(skip)
            .take(limit)
            .map(|(pkid, data)| Resource {
                pkid: Some(pkid.clone()),
                meta: None,
                data: data.clone(),
                extra: Default::default(),
            })
            .collect();
        let pagination = Pagination {
            skip: Some(skip as u64),
            limit: Some(limit as u64),
            total: Some(roles.len() as u64),
            ..Default::default()
        };
        Reply::json(
            200,
            &ListResponse {
                operations: None,
                pagination: Some(pagination),
                meta: None,
                resources,
                extra: Default::default(),
            },
        )
    }

    async fn get(&self, call: Call) -> Reply {
        let pkid = call.path_param("pkid").to_string();
        match self.roles.lock().unwrap().get(&pkid) {
            Some(data) => Reply::json(
                200,
                &Resource {
                    pkid: Some(pkid),
                    meta: None,
                    data: data.clone(),
                    extra: Default::default(),
                },
            ),
            None => Reply::error(404, &format!("no data/Role {pkid}")),
        }
    }

    async fn modify(&self, call: Call, payload: Role) -> Reply {
        let pkid = call.path_param("pkid").to_string();
        match self.roles.lock().unwrap().get_mut(&pkid) {
            Some(slot) => {
                *slot = payload;
                transaction(&format!("tx-modify-{pkid}"))
            }
            None => Reply::error(404, &format!("no data/Role {pkid}")),
        }
    }

    async fn delete(&self, call: Call) -> Reply {
        let pkid = call.path_param("pkid").to_string();
        match self.roles.lock().unwrap().remove(&pkid) {
            Some(_) => transaction(&format!("tx-delete-{pkid}")),
            None => Reply::error(404, &format!("no data/Role {pkid}")),
        }
    }
}

impl ModelServer<SparkCustomer> for Fake {
    async fn bulk_move(&self, call: Call) -> Reply {
        Reply::json(
            200,
            &json!({"model": call.route.model, "body": serde_json::from_slice::<Value>(&call.body).ok()}),
        )
    }
}

/// SparkCustomer's own operations (beyond the generic actions) are its trait's.
impl voss_api::relation::spark_customer::SparkCustomerServer for Fake {
    async fn refresh_access_token(&self, call: Call) -> Reply {
        transaction(&format!("tx-refresh-{}", call.path_param("pkid")))
    }
}

impl ModelServer<voss_api::device::exchange::ManagementRoleAssignment> for Fake {
    async fn bulk_move(&self, call: Call) -> Reply {
        Reply::json(200, &json!({"model": call.route.model}))
    }
}

/// Every operation of data/HcsAdminUserREL answers 501 Not Implemented.
impl ModelServer<voss_api::relation::HcsAdminUserRel> for Fake {}

impl config::ConfigServer for Fake {
    async fn get_system_readonly(&self, call: Call) -> Reply {
        Reply::json(
            200,
            &json!({"route": call.route.operation, "token": call.query_param("token"), "readonly": false}),
        )
    }

    async fn get_company_orgs(&self, call: Call) -> Reply {
        Reply::json(
            200,
            &json!({"route": call.route.operation, "co_short": call.path_param("co_short")}),
        )
    }

    async fn get_company_org(&self, call: Call) -> Reply {
        Reply::json(
            200,
            &json!({"route": call.route.operation, "co_short": call.path_param("co_short"), "org_short": call.path_param("org_short")}),
        )
    }

    async fn get_company_users_user(&self, call: Call) -> Reply {
        let user = json!({"name": call.path_param("user"), "company": call.path_param("co_short"),
            "auth": {"verified": true, "disabled": false, "method": "standard"},
            "permissions": {"Medallia": {"orgs": {"Medallia-Demo": ["read", "write"]}}}});
        Reply::json(200, &user)
    }

    async fn post_company_users_user(&self, _call: Call, payload: voss_api::vspark::User) -> Reply {
        Reply::json(200, &json!({"saved": payload.name}))
    }

    async fn delete_company_org(&self, call: Call) -> Reply {
        Reply::json(
            200,
            &json!({"route": call.route.operation, "tree": call.query_param("tree"), "multi": call.query_param("multi")}),
        )
    }
}

/// Transactions are not a model of the pages; the fake answers them all as done.
static TRANSACTIONS: [&Route; 1] = [&TRANSACTION_GET];

async fn serve(fake: Arc<Fake>) -> std::net::SocketAddr {
    use voss_api::{data, device, relation};
    let transactions = Service::from_fn(&TRANSACTIONS, |call: Call| async move {
        Reply::json(
            200,
            &json!({"pkid": call.path_param("pkid"), "data": {"status": "Success"}}),
        )
    });
    let router = vossgen_runtime::server::router([
        data::role::serve(fake.clone()),
        device::exchange::management_role_assignment::serve(fake.clone()),
        relation::spark_customer::serve(fake.clone()),
        relation::hcs_admin_user_rel::serve(fake.clone()),
        config::serve(fake),
        transactions,
    ]);
    let app = vossgen_runtime::server::with_not_found(router);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds to loopback");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });
    addr
}

fn role(name: &str, interface: Interface) -> Role {
    serde_json::from_value(
        json!({"name": name, "access_profile": "AP", "interface": interface.as_str()}),
    )
    .unwrap()
}

#[tokio::test]
async fn voss_and_vspark_end_to_end() {
    tokio::time::timeout(Duration::from_secs(60), run())
        .await
        .expect("the end-to-end test finishes in time");
}

async fn run() {
    let fake = Arc::new(Fake::default());
    let addr = serve(fake.clone()).await;
    let base = format!("http://{addr}");
    let client = Client::builder(&base)
        .basic_auth("admin", "password")
        .hierarchy("sys.hcs.CS-P")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    // Create five roles.
    for i in 0..5 {
        let tx = client
            .send(Role::create(&role(
                &format!("role-{i}"),
                Interface::Administration,
            )))
            .await
            .unwrap();
        assert!(tx.pkid().unwrap().starts_with("tx-"));
    }
    assert_eq!(fake.roles.lock().unwrap().len(), 5);

    // List across three pages of two.
    let all: Vec<_> = client.list_all(Role::list().limit(2)).collect().await;
    let names: Vec<String> = all
        .into_iter()
        .map(|r| r.unwrap().data.name.expect("each entry has its name"))
        .collect();
    assert_eq!(names, ["role-0", "role-1", "role-2", "role-3", "role-4"]);

    // Get, update, get, delete, get.
    let pkid = fake.roles.lock().unwrap().keys().nth(2).unwrap().clone();
    let got = client.send(Role::get(&pkid)).await.unwrap();
    assert_eq!(got.data.name, "role-2");
    let mut changed = got.data.clone();
    changed.description = Some("changed".to_string());
    client.send(Role::modify(&pkid, &changed)).await.unwrap();
    assert_eq!(
        client
            .send(Role::get(&pkid))
            .await
            .unwrap()
            .data
            .description
            .as_deref(),
        Some("changed")
    );
    client.send(Role::delete(&pkid)).await.unwrap();
    match client.send(Role::get(&pkid)).await {
        Err(ClientError::Api { status: 404, body }) => {
            assert!(body["error"].as_str().unwrap().contains(&pkid))
        }
        other => panic!("expected 404, got {other:?}"),
    }

    // A custom action, and polling its transaction.
    let tx = client
        .send(SparkCustomer::refresh_access_token(
            "65e0918d6fd4534903e212d9",
        ))
        .await
        .unwrap();
    assert_eq!(tx.pkid(), Some("tx-refresh-65e0918d6fd4534903e212d9"));
    let done = client
        .wait_for(&tx, Duration::from_millis(10), Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(done.status, TransactionStatus::Success);
    assert_eq!(done.body["data"]["status"], "Success");

    // One path, two models: told apart by the fixed `model_type` parameter. (The fake answers
    // with JSON that `TransactionRef` keeps in `extra`.)
    let moved = client
        .send(SparkCustomer::bulk_move(&["p1"]))
        .await
        .unwrap();
    assert_eq!(moved.extra["model"], "relation/SparkCustomer");
    assert_eq!(
        moved.extra["body"],
        json!({"hrefs": ["/api/relation/SparkCustomer/p1"]})
    );
    let moved = client
        .send(voss_api::device::exchange::ManagementRoleAssignment::bulk_move(&["p2"]))
        .await
        .unwrap();
    assert_eq!(
        moved.extra["model"],
        "device/exchange/ManagementRoleAssignment"
    );

    // An invalid payload is refused with 422 and every error's pointer.
    let mut bad = role("", Interface::Other("mobile".to_string()));
    bad.rules = Some(serde_json::from_value(json!({"hierarchy_types": []})).unwrap());
    match client.send(Role::create(&bad)).await {
        Err(ClientError::Api { status: 422, body }) => {
            let mut pointers: Vec<(String, String)> = body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["pointer"].as_str().unwrap().to_string(),
                        e["keyword"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            pointers.sort();
            assert_eq!(
                pointers,
                [
                    ("/interface".into(), "choices".into()),
                    ("/rules/hierarchy_types".into(), "minItems".into())
                ]
            );
        }
        other => panic!("expected 422, got {other:?}"),
    }
    assert_eq!(
        fake.roles.lock().unwrap().len(),
        4,
        "the invalid role did not reach the handler"
    );

    // An operation the server does not implement answers 501.
    match client.send(Role::help()).await {
        Err(ClientError::Api { status: 501, .. }) => {}
        other => panic!("expected 501, got {other:?}"),
    }

    // V-Spark: the token as a query parameter; literal segments win over parameters.
    let vspark = Client::builder(&base).query_token("t0k3n").build().unwrap();
    let readonly: Value = vspark.send(config::get_system_readonly()).await.unwrap();
    assert_eq!(
        readonly,
        json!({"route": "get_system_readonly", "token": "t0k3n", "readonly": false})
    );
    let orgs: Value = vspark.send(config::get_company_orgs("Acme")).await.unwrap();
    assert_eq!(
        orgs,
        json!({"route": "get_company_orgs", "co_short": "Acme"})
    );
    let org: Value = vspark
        .send(config::get_company_org("Acme Co", "Ventes-é"))
        .await
        .unwrap();
    assert_eq!(
        org,
        json!({"route": "get_company_org", "co_short": "Acme Co", "org_short": "Ventes-é"})
    );
    // The user routes are typed with the page's user account, and its payload is validated.
    let user = vspark
        .send(config::get_company_users_user("DocTestCo", "testUser"))
        .await
        .unwrap();
    assert_eq!(user.name.as_deref(), Some("testUser"));
    assert_eq!(
        user.auth.as_ref().unwrap().method.as_deref(),
        Some("standard")
    );
    vspark
        .send(config::post_company_users_user(
            "DocTestCo",
            "testUser",
            &user,
        ))
        .await
        .unwrap();
    let mut bad = user.clone();
    bad.email = Some("not an email".to_string());
    match vspark
        .send(config::post_company_users_user(
            "DocTestCo",
            "testUser",
            &bad,
        ))
        .await
    {
        Err(ClientError::Api { status: 422, body }) => {
            assert_eq!(body["errors"][0]["pointer"], "/email")
        }
        other => panic!("expected 422, got {other:?}"),
    }
    let deleted = vspark
        .send(
            config::delete_company_org("Acme", "Sales")
                .tree(true)
                .multi(true),
        )
        .await
        .unwrap();
    assert_eq!(deleted.0, 200);
    // Without the token the request is not made at all.
    let no_token = Client::builder(&base).build().unwrap();
    assert!(matches!(
        no_token.send(config::get_config()).await,
        Err(ClientError::Request(_))
    ));
}

/// By default a VOSS write answers when it is done (`{pkid, model_type, meta, success}`):
/// `wait_for` gives that answer without a request; only a `nowait` answer is followed.
#[test]
fn a_write_answered_when_done_needs_no_waiting() {
    use vossgen_runtime::client::{Client, ClientError};
    use vossgen_runtime::routes::TransactionRef;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // Nothing listens here: waiting must not make a request.
        let client = Client::builder("http://127.0.0.1:9")
            .retry(vossgen_runtime::client::Retry::NONE)
            .build()
            .unwrap();
        let tick = std::time::Duration::from_millis(1);
        let done: TransactionRef = serde_json::from_value(
            json!({"pkid": "63", "model_type": "data/Role", "meta": {}, "success": true}),
        )
        .unwrap();
        let answer = client.wait_for(&done, tick, tick).await.unwrap();
        assert_eq!(answer.resource_pkid.as_deref(), Some("63"));
        assert_eq!(answer.model_type.as_deref(), Some("data/Role"));
        assert_eq!(answer.body["meta"], json!({}));
        let failed: TransactionRef =
            serde_json::from_value(json!({"pkid": "63", "success": false})).unwrap();
        assert!(matches!(
            client.wait_for(&failed, tick, tick).await,
            Err(ClientError::TransactionFailed(_))
        ));
        // A `nowait` answer is followed (here: nobody answers).
        let later: TransactionRef = serde_json::from_value(
            json!({"href": "/api/tool/Transaction/42", "success": true, "transaction_id": "42"}),
        )
        .unwrap();
        assert!(matches!(
            client.wait_for(&later, tick, tick).await,
            Err(ClientError::Transport(_))
        ));
    });
}

/// A path parameter that is not UTF-8 once percent-decoded is refused with 400 before any
/// server method runs (the client cannot send one: it encodes `&str`s).
#[tokio::test]
async fn a_path_parameter_that_is_not_utf8_is_a_400() {
    use std::io::{Read, Write};
    let addr = serve(Arc::new(Fake::default())).await;
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"GET /api/data/Role/%FF/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("UTF-8"), "{answer}");
}

/// Every generic action reaches its own `ModelServer` method (`choices` its `choices`, not
/// `list`; `clone` `clone_op`), and one without an implementation answers 501.
#[tokio::test]
async fn each_generic_action_reaches_its_own_server_method() {
    use vossgen_runtime::routes::Action;
    use vossgen_runtime::service::dispatch_action;

    struct Named;
    macro_rules! answer_with_name {
        ($($method:ident => $name:literal),* $(,)?) => {
            impl ModelServer<Role> for Named {
                $(async fn $method(&self, _call: Call) -> Reply {
                    Reply::json(200, &$name)
                })*
                async fn create(&self, _call: Call, _payload: Role) -> Reply {
                    Reply::json(200, &"create")
                }
                async fn modify(&self, _call: Call, _payload: Role) -> Reply {
                    Reply::json(200, &"modify")
                }
            }
        };
    }
    answer_with_name!(
        add_form => "add_form", bulk_delete => "bulk_delete",
        bulk_modify_form => "bulk_modify_form", bulk_modify => "bulk_modify",
        bulk_export => "bulk_export", bulk_move => "bulk_move", bulk_purge => "bulk_purge",
        bulk_tag => "bulk_tag", bulk_tag_version => "bulk_tag_version",
        export_bulkload_template => "export_bulkload_template",
        configuration_template => "configuration_template",
        field_display_policy => "field_display_policy",
        migration_template => "migration_template", list => "list", choices => "choices",
        help => "help", delete => "delete", clone_op => "clone", export => "export",
        get => "get", instance_help => "instance_help", r#move => "move", purge => "purge",
        tag => "tag", tag_version => "tag_version",
    );
    let body = serde_json::to_vec(&role("r", Interface::Selfservice)).unwrap();
    let server = Arc::new(Named);
    for &action in Action::ALL {
        let route: &'static Route = Box::leak(Box::new(Route {
            action: Some(action),
            ..*Role::ROUTES[0]
        }));
        let call = Call {
            route,
            path: Default::default(),
            query: Default::default(),
            body: body.clone(),
        };
        let reply = dispatch_action::<Role, Named>(server.clone(), call).await;
        assert_eq!(
            (reply.status, reply.body),
            (200, serde_json::to_vec(action.name()).unwrap()),
            "{action:?}"
        );
    }
    // A server that implements nothing answers every action 501.
    struct Nothing;
    impl ModelServer<Role> for Nothing {}
    let choices: &'static Route = Box::leak(Box::new(Route {
        action: Some(Action::Choices),
        ..*Role::ROUTES[0]
    }));
    let reply = dispatch_action::<Role, Nothing>(
        Arc::new(Nothing),
        Call {
            route: choices,
            path: Default::default(),
            query: Default::default(),
            body: Vec::new(),
        },
    )
    .await;
    assert_eq!(reply.status, 501);
}
