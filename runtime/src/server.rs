//! Serving the API over HTTP with axum (feature `server`): [`router`] turns
//! [`Service`]s (generated: `serve(server)` of each model) into an `axum::Router`.

use crate::routes::Route;
use crate::service::{Call, Reply, Service};
use axum::body::Bytes;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{RawPathParams, RawQuery};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use std::collections::BTreeMap;
use std::sync::Arc;

fn filter(method: &str) -> Option<MethodFilter> {
    Some(match method {
        "GET" => MethodFilter::GET,
        "POST" => MethodFilter::POST,
        "PUT" => MethodFilter::PUT,
        "PATCH" => MethodFilter::PATCH,
        "DELETE" => MethodFilter::DELETE,
        _ => return None,
    })
}

/// A query string's parameters, decoded as `application/x-www-form-urlencoded` (a name given
/// twice keeps its last value).
pub(crate) fn parse_query(raw: Option<String>) -> BTreeMap<String, String> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// The values of the route's `{name}` segments, percent-decoded by axum (routes are
/// registered with their templates, whose `{name}` syntax is axum's). A route without
/// parameters has none; a value that is not UTF-8 once decoded is refused.
fn path_params(
    params: Result<RawPathParams, RawPathParamsRejection>,
) -> Result<BTreeMap<String, String>, Reply> {
    match params {
        Ok(params) => Ok(params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()),
        Err(RawPathParamsRejection::MissingPathParams(_)) => Ok(BTreeMap::new()),
        Err(e) => Err(Reply::error(400, &e.body_text())),
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, self.body).into_response();
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        response
    }
}

/// A router serving every route of `services`, each call answered by the service that owns
/// its route (a generated `serve(server)` per model, or [`Service::from_fn`]).
///
/// Literal path segments take precedence over parameters (`/config/system/readonly` is not
/// `/config/{co_short}/{org_short}`). Routes that share a method and path (a DataMove for
/// several models) are told apart by their fixed query parameters (`model_type=…`). Paths are
/// served with and without their trailing slash. Add [`with_not_found`] last.
pub fn router(services: impl IntoIterator<Item = Service>) -> axum::Router {
    type Candidates = Vec<(&'static Route, Service)>;
    let mut by_path: BTreeMap<String, BTreeMap<&'static str, Candidates>> = BTreeMap::new();
    for service in services {
        for route in service.routes().iter().copied() {
            let trimmed = route.path.trim_end_matches('/');
            let mut paths = vec![route.path.to_string()];
            if !trimmed.is_empty() && trimmed != route.path {
                paths.push(trimmed.to_string());
            }
            for p in paths {
                by_path
                    .entry(p)
                    .or_default()
                    .entry(route.method)
                    .or_default()
                    .push((route, service.clone()));
            }
        }
    }
    let mut router = axum::Router::new();
    for (path, methods) in by_path {
        let mut method_router: Option<axum::routing::MethodRouter> = None;
        for (method, candidates) in methods {
            let Some(f) = filter(method) else { continue };
            let candidates = Arc::new(candidates);
            let handler = move |params: Result<RawPathParams, RawPathParamsRejection>,
                                RawQuery(raw): RawQuery,
                                body: Bytes| {
                let candidates = candidates.clone();
                async move {
                    let path = match path_params(params) {
                        Ok(path) => path,
                        Err(reply) => return reply,
                    };
                    let query = parse_query(raw);
                    // Among routes sharing method and path, the one whose fixed parameters match.
                    let chosen = candidates.iter().find(|(r, _)| {
                        r.query
                            .iter()
                            .filter_map(|q| q.value.map(|v| (q.name, v)))
                            .all(|(k, v)| query.get(k).map(String::as_str) == Some(v))
                    });
                    match chosen {
                        Some((route, service)) => {
                            service
                                .call(Call {
                                    route,
                                    path,
                                    query,
                                    body: body.to_vec(),
                                })
                                .await
                        }
                        None => Reply::error(
                            400,
                            "no documented operation matches these query parameters",
                        ),
                    }
                }
            };
            method_router = Some(match method_router {
                None => on(f, handler),
                Some(m) => m.on(f, handler),
            });
        }
        if let Some(m) = method_router {
            router = router.route(&path, m);
        }
    }
    router
}

/// Adds the answer for requests no documented operation matches: 404 with a JSON error. Call
/// it once, after merging the routers of several APIs.
pub fn with_not_found(router: axum::Router) -> axum::Router {
    router.fallback(|method: Method| async move {
        Reply::error(
            404,
            &format!("no documented operation for this {method} request"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_decode_as_forms() {
        let q = parse_query(Some("a=1&b=x+y&c=%2B%20&d&&a=2&%C3%A9=%E2%9C%93".into()));
        let want: BTreeMap<String, String> =
            [("a", "2"), ("b", "x y"), ("c", "+ "), ("d", ""), ("é", "✓")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        assert_eq!(q, want);
        assert!(parse_query(None).is_empty());
    }
}
