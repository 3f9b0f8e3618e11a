//! An async client on reqwest (feature `client`; `client-tls` for HTTPS).
//!
//! ```no_run
//! # async fn demo() -> Result<(), vossgen_runtime::client::ClientError> {
//! use vossgen_runtime::client::Client;
//! # struct Role;
//! let client = Client::builder("https://voss.example.com")
//!     .basic_auth("admin", "secret")
//!     .hierarchy("sys.hcs.CS-P")
//!     .build()?;
//! // let roles = client.send(voss_api::data::Role::list().limit(50)).await?;
//! # Ok(()) }
//! ```

use crate::routes::params::{self, Takes};
use crate::routes::{FromResponse, Request, RequestError, TransactionRef, TRANSACTION_GET};
use crate::{ListResponse, Resource, Secret};
use futures_util::stream::{self, Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

mod retry;
mod session;
mod transaction;

pub use retry::Retry;
pub use transaction::{Transaction, TransactionStatus};

/// What went wrong with a call. Nothing it shows holds a credential: transport errors lose
/// their URL (whose query may hold a token), decode errors the values they quote.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The request could not be made (an undocumented parameter, a bad URL, …).
    Request(RequestError),
    /// The HTTP exchange failed (connection, timeout, TLS). The error is reqwest's, without
    /// the request's URL; [`std::error::Error::source`] gives it.
    Transport(reqwest::Error),
    /// The API answered with an error status; `body` is its JSON error body (or the text).
    Api {
        /// The HTTP status.
        status: u16,
        /// The body, as JSON when it is.
        body: Value,
    },
    /// Logging in failed (session authentication): the server's status, and why.
    Login {
        /// The HTTP status of the login answer.
        status: u16,
        /// What went wrong.
        message: String,
    },
    /// The response did not decode: where and what, never a value of the response (a secret
    /// maybe).
    Decode(String),
    /// A transaction did not finish in time; the last state read.
    TimedOut(Box<Transaction>),
    /// A transaction finished and failed.
    TransactionFailed(Box<Transaction>),
    /// The client could not be built (a certificate that does not parse, …).
    Build(String),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Request(e) => write!(f, "{e}"),
            ClientError::Transport(e) => write!(f, "HTTP: {e}"),
            ClientError::Api { status, body } => write!(f, "the API answered {status}: {body}"),
            ClientError::Login { status, message } => {
                write!(f, "logging in failed ({status}): {message}")
            }
            ClientError::Decode(e) => write!(f, "the response does not decode: {e}"),
            ClientError::TimedOut(t) => write!(
                f,
                "the transaction {} did not finish in time (last status {:?})",
                t.id.as_deref().unwrap_or("?"),
                t.status
            ),
            ClientError::TransactionFailed(t) => {
                write!(f, "the transaction failed: {}", t.body)
            }
            ClientError::Build(e) => write!(f, "the client cannot be built: {e}"),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Request(e) => Some(e),
            ClientError::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl ClientError {
    /// A transport failure, its URL (and any token in it) removed.
    fn transport(e: reqwest::Error) -> Self {
        ClientError::Transport(e.without_url())
    }

    /// The HTTP status the server answered, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } | ClientError::Login { status, .. } => Some(*status),
            ClientError::Transport(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }
}

impl From<RequestError> for ClientError {
    fn from(e: RequestError) -> Self {
        ClientError::Request(e)
    }
}

#[derive(Clone)]
enum Auth {
    None,
    Basic(String, Secret),
    Header(String, Secret),
    QueryToken(Secret),
    Session(String, Secret),
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    hierarchy: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: Retry,
    poll: (Duration, Duration),
    http: Option<reqwest::Client>,
    #[cfg(feature = "client-tls")]
    roots: Vec<reqwest::Certificate>,
}

impl ClientBuilder {
    /// HTTP basic authentication (VOSS Automate).
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.auth = Auth::Basic(user.into(), password.into());
        self
    }

    /// Session authentication (VOSS Automate 25.x): the client logs in with
    /// `POST /noninteractivelogin/` before its first call, sends the session's cookies and
    /// its CSRF token (`X-CSRFToken`, with a `Referer` of the base URL) on every call, and
    /// logs in again once when the server answers 401 or 403 (an expired session).
    pub fn session_auth(mut self, user: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.auth = Auth::Session(user.into(), password.into());
        self
    }

    /// A token sent in a header, e.g. `Authorization: Bearer …` (VOSS Automate).
    pub fn token_header(mut self, header: impl Into<String>, value: impl Into<Secret>) -> Self {
        self.auth = Auth::Header(header.into(), value.into());
        self
    }

    /// The `token` query parameter, added to every operation that documents it (V-Spark).
    pub fn query_token(mut self, token: impl Into<Secret>) -> Self {
        self.auth = Auth::QueryToken(token.into());
        self
    }

    /// The `hierarchy` added to every operation that takes it, unless the request sets one.
    /// It satisfies the API's rule that a request without an instance's pkid names its
    /// hierarchy.
    pub fn hierarchy(mut self, hierarchy: impl Into<String>) -> Self {
        self.hierarchy = Some(hierarchy.into());
        self
    }

    /// The time a whole call may take (default 30 s). Not used with [`with_client`](Self::with_client).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time connecting may take (default 10 s). Not used with [`with_client`](Self::with_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// When failed calls are tried again ([`Retry::default`]: 3 times, from 250 ms;
    /// [`Retry::NONE`] never).
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// How [`Client::perform`] follows a `nowait` transaction: read every `every` at first
    /// (then less often, up to 8 × `every`), for at most `max` (default 500 ms and 5 minutes).
    pub fn poll(mut self, every: Duration, max: Duration) -> Self {
        self.poll = (every, max);
        self
    }

    /// Sends through your own `reqwest::Client` (its TLS roots, proxy, timeouts, pool), as
    /// progenitor's `new_with_client` does. The builder's timeouts and certificates are then
    /// not used.
    pub fn with_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Trusts root certificates besides the system's (a deployment's self-signed
    /// certificate), given as PEM (one or several `CERTIFICATE` blocks). Text without a
    /// certificate is an error. Feature `client-tls`.
    #[cfg(feature = "client-tls")]
    pub fn root_certificate_pem(mut self, pem: &[u8]) -> Result<Self, ClientError> {
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| ClientError::Build(e.to_string()))?;
        if certificates.is_empty() {
            return Err(ClientError::Build(
                "no PEM certificate (-----BEGIN CERTIFICATE-----) in the text".to_string(),
            ));
        }
        self.roots.extend(certificates);
        Ok(self)
    }

    /// The client.
    pub fn build(self) -> Result<Client, ClientError> {
        let http = match self.http {
            Some(http) => http,
            None => {
                let builder = reqwest::Client::builder()
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout);
                #[cfg(feature = "client-tls")]
                let builder = self
                    .roots
                    .into_iter()
                    .fold(builder, |b, c| b.add_root_certificate(c));
                builder.build().map_err(ClientError::transport)?
            }
        };
        Ok(Client {
            http,
            base_url: self.base_url.trim_end_matches('/').to_string(),
            auth: self.auth,
            hierarchy: self.hierarchy,
            retry: self.retry,
            poll: self.poll,
            session: Arc::default(),
        })
    }
}

/// Sends typed requests and decodes typed responses. Cloning it is cheap; clones share the
/// connection pool and the session.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    hierarchy: Option<String>,
    retry: Retry,
    poll: (Duration, Duration),
    session: Arc<tokio::sync::Mutex<Option<session::Session>>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("hierarchy", &self.hierarchy)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// A response as received: status, headers, body.
struct Received {
    status: u16,
    headers: http::HeaderMap,
    bytes: Vec<u8>,
}

impl Client {
    /// A builder for a client of the API at `base_url` (`https://voss.example.com`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            auth: Auth::None,
            hierarchy: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: Retry::default(),
            poll: (Duration::from_millis(500), Duration::from_secs(300)),
            http: None,
            #[cfg(feature = "client-tls")]
            roots: Vec::new(),
        }
    }

    /// Sends a request and decodes its response. An error status is [`ClientError::Api`] with
    /// the status and the API's error body. Failed calls are retried as the client's
    /// [`Retry`] says.
    pub async fn send<R: FromResponse, Q>(
        &self,
        mut request: Request<R, Q>,
    ) -> Result<R, ClientError> {
        if let Some(h) = &self.hierarchy {
            if request.takes("hierarchy") && !request.has_param("hierarchy") {
                request = request.param("hierarchy", h);
            }
        }
        if let Auth::QueryToken(t) = &self.auth {
            if request.documents("token") && !request.has_param("token") {
                request = request.param("token", t.expose());
            }
        }
        let (parts, body) = request.into_http(&self.base_url)?.into_parts();
        let received = self.exchange(&parts, &body).await?;
        R::from_response(received.status, &received.headers, &received.bytes)
            .map_err(ClientError::Decode)
    }

    /// `GET` of any API path (`/api/data/Role/schema/`) with query parameters, as JSON: for
    /// what no generated operation covers (what `vossgen pull` reads). Authentication,
    /// retries and error statuses as [`Client::send`]; the client's `hierarchy` is not added.
    pub async fn get_json(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, ClientError> {
        let mut uri = format!("{}{path}", self.base_url);
        crate::routes::append_query(&mut uri, query.iter().copied());
        let (parts, ()) = http::Request::get(&uri)
            .header(http::header::ACCEPT, "application/json")
            .body(())
            .map_err(|e| ClientError::Request(RequestError::Uri(e.to_string())))?
            .into_parts();
        let received = self.exchange(&parts, &[]).await?;
        crate::routes::decode_json(&received.bytes).map_err(ClientError::Decode)
    }

    /// One call, with authentication, retries and (session) a second login when the session
    /// expired; an error status is [`ClientError::Api`].
    async fn exchange(
        &self,
        parts: &http::request::Parts,
        body: &[u8],
    ) -> Result<Received, ClientError> {
        let mut logged_in_again = false;
        let mut attempt = 0;
        loop {
            let session = self.session_for_call().await?;
            let mut builder = self
                .http
                .request(parts.method.clone(), parts.uri.to_string())
                .headers(parts.headers.clone())
                .body(body.to_vec());
            builder = match &self.auth {
                Auth::Basic(user, password) => builder.basic_auth(user, Some(password.expose())),
                Auth::Header(name, value) => builder.header(name.as_str(), value.expose()),
                Auth::Session(..) | Auth::None | Auth::QueryToken(_) => builder,
            };
            if let Some(s) = &session {
                builder = builder
                    .header(http::header::COOKIE, s.cookie.expose())
                    .header(http::header::REFERER, format!("{}/", self.base_url));
                if let Some(csrf) = &s.csrf {
                    builder = builder.header("X-CSRFToken", csrf.expose());
                }
            }
            attempt += 1;
            let retries_left = attempt <= self.retry.max_retries;
            let response = match builder.send().await {
                Ok(r) => r,
                Err(e) if retries_left && retry::retry_transport(&e, &parts.method) => {
                    tokio::time::sleep(self.retry.delay(attempt, None)).await;
                    continue;
                }
                Err(e) => return Err(ClientError::transport(e)),
            };
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            if session.is_some() && (status == 401 || status == 403) && !logged_in_again {
                // The session expired: log in once more and send again.
                logged_in_again = true;
                *self.session.lock().await = None;
                continue;
            }
            if retries_left && retry::retry_status(status, &parts.method) {
                let wait = self.retry.delay(attempt, retry::retry_after(&headers));
                tokio::time::sleep(wait).await;
                continue;
            }
            let bytes = response.bytes().await.map_err(ClientError::transport)?;
            let received = Received {
                status,
                headers,
                bytes: bytes.to_vec(),
            };
            if !(200..300).contains(&status) {
                return Err(api_error(&received));
            }
            return Ok(received);
        }
    }

    /// The session to send with a call: `None` without session authentication; logs in when
    /// there is none yet.
    async fn session_for_call(&self) -> Result<Option<session::Session>, ClientError> {
        let Auth::Session(user, password) = &self.auth else {
            return Ok(None);
        };
        let mut slot = self.session.lock().await;
        if let Some(s) = slot.as_ref() {
            return Ok(Some(s.clone()));
        }
        let login = serde_json::json!({"username": user, "password": password.expose()});
        let response = self
            .http
            .post(format!("{}/noninteractivelogin/", self.base_url))
            .header(http::header::ACCEPT, "application/json")
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(login.to_string())
            .send()
            .await
            .map_err(ClientError::transport)?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(ClientError::Login {
                status,
                message: "the server refused the credentials".to_string(),
            });
        }
        let Some(s) = session::from_login(response.headers()) else {
            return Err(ClientError::Login {
                status,
                message: "the login answer set no session cookie".to_string(),
            });
        };
        *slot = Some(s.clone());
        Ok(Some(s))
    }

    /// Every resource of a list, page after page (`skip`/`limit`), as a stream. The page size
    /// is the request's `limit`, or the API's `maximum_limit`, or 100. The stream is `Unpin`.
    pub fn list_all<'a, T, Q, I, J>(
        &'a self,
        request: Request<ListResponse<T>, Q>,
    ) -> impl Stream<Item = Result<Resource<T>, ClientError>> + Unpin + 'a
    where
        T: DeserializeOwned + serde::Serialize + PartialEq + 'a,
        Q: Takes<params::Skip, I> + Takes<params::Limit, J> + 'a,
    {
        let limit = request
            .query()
            .iter()
            .find(|(k, _)| k == "limit")
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .or(request.route().maximum_limit)
            .unwrap_or(100)
            .max(1);
        let state = (request, 0u64, false);
        // Boxed, so that callers can `.next().await` without pinning it themselves.
        Box::pin(
            stream::unfold(state, move |(request, skip, done)| async move {
                if done {
                    return None;
                }
                match self.send(request.clone().skip(skip).limit(limit)).await {
                    Ok(page) => {
                        let n = page.resources.len() as u64;
                        let total = page.pagination.as_ref().and_then(|p| p.total);
                        let next = skip + n;
                        let finished = n == 0 || n < limit || total.is_some_and(|t| next >= t);
                        let items: VecDeque<Result<Resource<T>, ClientError>> =
                            page.resources.into_iter().map(Ok).collect();
                        Some((items, (request, next, finished)))
                    }
                    Err(e) => Some((VecDeque::from([Err(e)]), (request, skip, true))),
                }
            })
            .flat_map(stream::iter),
        )
    }

    /// What a write came to. An answer given when the write was done (the API's default) is
    /// its own result, without a request (`success: false` is a failed transaction); a
    /// `nowait` answer is followed: `tool/Transaction/{pkid}` is read every `every`, then
    /// less often (the wait doubles up to 8 × `every`), until its status is final
    /// ([`TransactionStatus::is_final`]), for at most `max`. Either way the result names the
    /// created or affected resource's pkid when the server says it.
    pub async fn wait_for(
        &self,
        transaction: &TransactionRef,
        every: Duration,
        max: Duration,
    ) -> Result<Transaction, ClientError> {
        if transaction.is_done() {
            let answer = serde_json::to_value(transaction)
                .map_err(|e| ClientError::Decode(e.to_string()))?;
            let done = Transaction::from_done(transaction, answer);
            return match done.status {
                TransactionStatus::Fail => Err(ClientError::TransactionFailed(Box::new(done))),
                _ => Ok(done),
            };
        }
        let Some(pkid) = transaction.pkid() else {
            return Err(ClientError::Decode(
                "the transaction reference has neither a transaction to follow nor a resource"
                    .to_string(),
            ));
        };
        let started = std::time::Instant::now();
        let mut wait = every;
        loop {
            let state: Value = self
                .send(Request::<Value>::new(
                    &TRANSACTION_GET,
                    vec![pkid.to_string()],
                ))
                .await?;
            let state = Transaction::from_state(pkid, state);
            match state.status {
                TransactionStatus::Success => return Ok(state),
                TransactionStatus::Fail => {
                    return Err(ClientError::TransactionFailed(Box::new(state)))
                }
                _ => {}
            }
            if started.elapsed() + wait > max {
                return Err(ClientError::TimedOut(Box::new(state)));
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(every * 8);
        }
    }

    /// Sends a write and waits for what it came to ([`Client::wait_for`], as
    /// [`ClientBuilder::poll`] says): the created or affected resource's pkid, whether the
    /// server answered when done or (`nowait`) at once.
    pub async fn perform<Q>(
        &self,
        request: Request<TransactionRef, Q>,
    ) -> Result<Transaction, ClientError> {
        let answer = self.send(request).await?;
        self.wait_for(&answer, self.poll.0, self.poll.1).await
    }
}

/// The error an answer with an error status is.
fn api_error(received: &Received) -> ClientError {
    let body = serde_json::from_slice(&received.bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&received.bytes).into_owned()));
    ClientError::Api {
        status: received.status,
        body,
    }
}
