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

use crate::routes::{FromResponse, Request, RequestError, TransactionRef, TRANSACTION_GET};
use crate::{ListResponse, Resource, Secret};
use futures_util::stream::{self, Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;
use std::time::Duration;

/// What went wrong with a call.
#[derive(Debug)]
pub enum ClientError {
    /// The request could not be made (an undocumented parameter, a bad URL, …).
    Request(RequestError),
    /// The HTTP exchange failed (connection, timeout). The error is reqwest's, without the
    /// request's URL (whose query may carry a token); [`std::error::Error::source`] gives it.
    Transport(reqwest::Error),
    /// The API answered with an error status; `body` is its JSON error body (or the text).
    Api {
        /// The HTTP status.
        status: u16,
        /// The body, as JSON when it is.
        body: Value,
    },
    /// The response did not decode: where and what, never a value of the response (a secret
    /// maybe).
    Decode(String),
    /// A transaction did not finish in time.
    TimedOut,
    /// A transaction finished and failed.
    TransactionFailed(Value),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Request(e) => write!(f, "{e}"),
            ClientError::Transport(e) => write!(f, "HTTP: {e}"),
            ClientError::Api { status, body } => write!(f, "the API answered {status}: {body}"),
            ClientError::Decode(e) => write!(f, "the response does not decode: {e}"),
            ClientError::TimedOut => write!(f, "the transaction did not finish in time"),
            ClientError::TransactionFailed(v) => write!(f, "the transaction failed: {v}"),
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
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    hierarchy: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
}

impl ClientBuilder {
    /// HTTP basic authentication (VOSS Automate).
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.auth = Auth::Basic(user.into(), password.into());
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

    /// The `hierarchy` added to every operation that documents it, unless the request sets one.
    pub fn hierarchy(mut self, hierarchy: impl Into<String>) -> Self {
        self.hierarchy = Some(hierarchy.into());
        self
    }

    /// The time a whole call may take (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(ClientError::transport)?;
        Ok(Client {
            http,
            base_url: self.base_url,
            auth: self.auth,
            hierarchy: self.hierarchy,
        })
    }
}

/// Sends typed requests and decodes typed responses.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    hierarchy: Option<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("hierarchy", &self.hierarchy)
            .finish_non_exhaustive()
    }
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
        }
    }

    /// Sends a request and decodes its response. An error status is [`ClientError::Api`] with
    /// the status and the API's error body.
    pub async fn send<R: FromResponse>(&self, mut request: Request<R>) -> Result<R, ClientError> {
        if let Some(h) = &self.hierarchy {
            if request.documents("hierarchy") && !request.has_param("hierarchy") {
                request = request.hierarchy(h);
            }
        }
        if let Auth::QueryToken(t) = &self.auth {
            if request.documents("token") && !request.has_param("token") {
                request = request.token(t.expose());
            }
        }
        let (parts, body) = request.into_http(&self.base_url)?.into_parts();
        let mut builder = self
            .http
            .request(parts.method, parts.uri.to_string())
            .headers(parts.headers)
            .body(body);
        builder = match &self.auth {
            Auth::Basic(user, password) => builder.basic_auth(user, Some(password.expose())),
            Auth::Header(name, value) => builder.header(name.as_str(), value.expose()),
            Auth::None | Auth::QueryToken(_) => builder,
        };
        let response = builder.send().await.map_err(ClientError::transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(ClientError::transport)?;
        if !(200..300).contains(&status) {
            let body = serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
            return Err(ClientError::Api { status, body });
        }
        R::from_response(status, &headers, &bytes).map_err(ClientError::Decode)
    }

    /// Every resource of a list, page after page (`skip`/`limit`), as a stream. The page size
    /// is the request's `limit`, or the API's `maximum_limit`, or 100. The stream is `Unpin`.
    pub fn list_all<'a, T: DeserializeOwned + serde::Serialize + PartialEq + 'a>(
        &'a self,
        request: Request<ListResponse<T>>,
    ) -> impl Stream<Item = Result<Resource<T>, ClientError>> + Unpin + 'a {
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

    /// The result of a write. An answer given when the write was done (the API's default)
    /// is its own result, without a request (`success: false` is a failed transaction); a
    /// `nowait` answer is followed: `tool/Transaction/{pkid}` is polled every `every` until
    /// its `data.status` is final, for at most `max`. `Success` (or any final state but a
    /// failure) gives the transaction.
    pub async fn wait_for(
        &self,
        transaction: &TransactionRef,
        every: Duration,
        max: Duration,
    ) -> Result<Value, ClientError> {
        // Answered when the write was done (the default, without `nowait`): nothing to wait
        // for; the answer is the result.
        if transaction.is_done() {
            let answer = serde_json::to_value(transaction)
                .map_err(|e| ClientError::Decode(e.to_string()))?;
            return match transaction.success {
                Some(false) => Err(ClientError::TransactionFailed(answer)),
                _ => Ok(answer),
            };
        }
        let Some(pkid) = transaction.pkid() else {
            return Err(ClientError::Decode(
                "the transaction reference has neither a transaction to follow nor a resource"
                    .to_string(),
            ));
        };
        let started = std::time::Instant::now();
        loop {
            let state: Value = self
                .send(Request::<Value>::new(
                    &TRANSACTION_GET,
                    vec![pkid.to_string()],
                ))
                .await?;
            let status = state
                .pointer("/data/status")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_lowercase();
            match status.as_str() {
                "success" | "succeeded" | "complete" | "completed" => return Ok(state),
                "fail" | "failed" | "error" => return Err(ClientError::TransactionFailed(state)),
                _ => {}
            }
            if started.elapsed() + every > max {
                return Err(ClientError::TimedOut);
            }
            tokio::time::sleep(every).await;
        }
    }
}
