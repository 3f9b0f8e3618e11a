//! Session login (VOSS Automate 25.x): `POST /noninteractivelogin/` with the credentials
//! sets the `sessionid` and `csrftoken` cookies; later requests send the cookies and the CSRF
//! token in `X-CSRFToken` (the API's "Login and Authorization Tokens" page).

use crate::Secret;

/// The cookies and CSRF token of a logged-in session. Never shown: `Debug` says only whether
/// there is a token.
#[derive(Clone)]
pub(super) struct Session {
    /// The `Cookie` request header: every cookie the login set, `name=value; …`.
    pub cookie: Secret,
    /// The CSRF token: the `X-CSRFToken` response header, or the `csrftoken` cookie.
    pub csrf: Option<Secret>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("cookie", &"[REDACTED]")
            .field("csrf", &self.csrf.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

/// The name and value of a `Set-Cookie` header, as RFC 6265 §5.2 parses it: the text before
/// the first `;`, split at its first `=`, both trimmed; `None` without a `=` or a name.
pub(super) fn cookie_pair(set_cookie: &str) -> Option<(&str, &str)> {
    let pair = set_cookie.split(';').next()?;
    let (name, value) = pair.split_once('=')?;
    let name = name.trim();
    (!name.is_empty()).then_some((name, value.trim()))
}

/// The session a login answer sets up, or `None` when it set no cookie.
pub(super) fn from_login(headers: &http::HeaderMap) -> Option<Session> {
    let pairs: Vec<(&str, &str)> = headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(cookie_pair)
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let cookie = pairs
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let csrf = headers
        .get("x-csrftoken")
        .and_then(|v| v.to_str().ok())
        .or_else(|| {
            pairs
                .iter()
                .find(|(n, _)| *n == "csrftoken")
                .map(|(_, v)| *v)
        })
        .filter(|t| !t.is_empty())
        .map(Secret::from);
    Some(Session {
        cookie: Secret::from(cookie),
        csrf,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_parse_as_rfc_6265_says() {
        assert_eq!(
            cookie_pair("sessionid=i6y; HttpOnly; Path=/; SameSite=Lax; Secure"),
            Some(("sessionid", "i6y"))
        );
        assert_eq!(cookie_pair(" a = b=c ;x"), Some(("a", "b=c")));
        assert_eq!(cookie_pair("novalue"), None);
        assert_eq!(cookie_pair("=v"), None);
    }

    #[test]
    fn a_login_answer_gives_cookies_and_token() {
        let mut h = http::HeaderMap::new();
        h.append(
            http::header::SET_COOKIE,
            "sessionid=s1; HttpOnly; Path=/".parse().unwrap(),
        );
        h.append(
            http::header::SET_COOKIE,
            "csrftoken=c1; Path=/".parse().unwrap(),
        );
        let s = from_login(&h).unwrap();
        assert_eq!(s.cookie.expose(), "sessionid=s1; csrftoken=c1");
        assert_eq!(s.csrf.as_ref().map(Secret::expose), Some("c1"));
        h.insert("x-csrftoken", "from-header".parse().unwrap());
        assert_eq!(
            from_login(&h).unwrap().csrf.as_ref().map(Secret::expose),
            Some("from-header")
        );
        let shown = format!("{s:?}");
        assert!(!shown.contains("s1") && !shown.contains("c1"), "{shown}");
        assert!(from_login(&http::HeaderMap::new()).is_none());
    }
}
