//! When a failed call is tried again, and after how long.

use std::time::Duration;

/// Retries with exponential backoff: the `n`th retry waits `base * 2^(n-1)`, at most
/// `max_delay`, or what the server's `Retry-After` (in seconds) asks, at most `max_delay`.
///
/// What is retried: a request the server says it did not take (429 Too Many Requests, 503
/// Service Unavailable), whatever its method; and an idempotent request (`GET`, `HEAD`,
/// `PUT`, `DELETE`, `OPTIONS`) that failed in transport (connection refused or reset,
/// timeout) or got 502 or 504 from a gateway. A `POST` or `PATCH` that may have reached the
/// server is never sent twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// How many times a call is tried again (0: never).
    pub max_retries: u32,
    /// The wait before the first retry.
    pub base: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

impl Default for Retry {
    /// 3 retries, from 250 ms, at most 10 s.
    fn default() -> Self {
        Retry {
            max_retries: 3,
            base: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl Retry {
    /// No retries.
    pub const NONE: Retry = Retry {
        max_retries: 0,
        base: Duration::ZERO,
        max_delay: Duration::ZERO,
    };

    /// The wait before retry number `attempt` (1 for the first), or the server's
    /// `Retry-After`, both at most `max_delay`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exponential = self.base.saturating_mul(
            1u32.checked_shl(attempt.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        retry_after.unwrap_or(exponential).min(self.max_delay)
    }
}

/// Whether a method may be sent twice without changing more than once (RFC 9110 §9.2.2).
pub(super) fn idempotent(method: &http::Method) -> bool {
    matches!(
        *method,
        http::Method::GET
            | http::Method::HEAD
            | http::Method::PUT
            | http::Method::DELETE
            | http::Method::OPTIONS
    )
}

/// Whether an answer with this status is worth another try.
pub(super) fn retry_status(status: u16, method: &http::Method) -> bool {
    match status {
        429 | 503 => true,
        502 | 504 => idempotent(method),
        _ => false,
    }
}

/// Whether a transport failure is worth another try (the request may not have arrived).
pub(super) fn retry_transport(e: &reqwest::Error, method: &http::Method) -> bool {
    idempotent(method) && (e.is_connect() || e.is_timeout() || e.is_request())
}

/// `Retry-After` in seconds (the HTTP-date form is not used by the VOSS API).
pub(super) fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let r = Retry {
            max_retries: 10,
            base: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        let waits: Vec<u128> = (1..=6).map(|n| r.delay(n, None).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(
            r.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(1)
        );
        assert_eq!(r.delay(40, None), Duration::from_secs(1));
    }

    #[test]
    fn only_safe_requests_are_sent_again() {
        use http::Method;
        assert!(retry_status(503, &Method::POST) && retry_status(429, &Method::PATCH));
        assert!(retry_status(502, &Method::GET) && !retry_status(502, &Method::POST));
        assert!(!retry_status(500, &Method::GET) && !retry_status(404, &Method::GET));
        let mut h = http::HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
    }
}
