//! HTTPS: the fake VOSS server behind a self-signed certificate made here, as deployments
//! are; the client trusts it through its own `reqwest::Client` (`with_client`) or the
//! builder's `root_certificate_pem`, and refuses it otherwise.

use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use voss_api::relation::SparkCustomer;
use vossgen_runtime::client::{Client, ClientError, Retry};
use vossgen_runtime::fake::FakeVoss;

/// TCP connections that become TLS ones; failed handshakes are dropped.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, addr)) = self.tcp.accept().await else {
                continue;
            };
            if let Ok(tls) = self.acceptor.accept(tcp).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// Serves `fake` over HTTPS with a new self-signed certificate for `localhost`: the base URL
/// and the certificate (PEM).
async fn serve_https(fake: &FakeVoss) -> (String, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = tcp.local_addr().unwrap().port();
    let listener = TlsListener {
        tcp,
        acceptor: TlsAcceptor::from(Arc::new(config)),
    };
    let app = fake.router();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("https://localhost:{port}"), certified.cert.pem())
}

#[tokio::test]
async fn a_custom_root_certificate_reaches_an_https_server() {
    let schema = serde_json::json!({"type": "object", "properties": {"name": {"type": "string", "required": true}}});
    let fake = FakeVoss::new()
        .user("admin", "secret")
        .model("relation/SparkCustomer", schema);
    let pkid = fake.insert(
        "relation/SparkCustomer",
        "sys",
        serde_json::json!({"name": "Tls"}),
    );
    let (base, pem) = serve_https(&fake).await;

    // Your own reqwest client, with the deployment's certificate among its roots.
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let client = Client::builder(&base)
        .with_client(http)
        .session_auth("admin", "secret")
        .hierarchy("sys")
        .build()
        .unwrap();
    let got = client.send(SparkCustomer::get(&pkid)).await.unwrap();
    assert_eq!(got.data.name, "Tls");
    let created = client
        .perform(SparkCustomer::create(&SparkCustomer::new("Over TLS")))
        .await
        .unwrap();
    assert!(created.resource_pkid.is_some());

    // The builder's own option.
    let client = Client::builder(&base)
        .root_certificate_pem(pem.as_bytes())
        .unwrap()
        .basic_auth("admin", "secret")
        .build()
        .unwrap();
    assert_eq!(
        client
            .send(SparkCustomer::get(&pkid))
            .await
            .unwrap()
            .data
            .name,
        "Tls"
    );

    // Without it, the certificate is refused.
    let untrusting = Client::builder(&base)
        .basic_auth("admin", "secret")
        .retry(Retry::NONE)
        .build()
        .unwrap();
    match untrusting.send(SparkCustomer::get(&pkid)).await {
        Err(ClientError::Transport(e)) => assert!(e.is_connect(), "{e:?}"),
        other => panic!("an untrusted certificate was accepted: {other:?}"),
    }

    // A certificate that is not PEM is an error, not a panic.
    assert!(matches!(
        Client::builder(&base).root_certificate_pem(b"not a certificate"),
        Err(ClientError::Build(_))
    ));
}
