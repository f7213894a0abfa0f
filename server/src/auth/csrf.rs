//! Cross-site request forgery: every state-changing request (forms, server
//! functions) must come from our own pages. Browsers say where a request
//! comes from in `Sec-Fetch-Site` (all current ones) or `Origin`; when
//! neither is sent, the request must carry the session's anti-forgery token
//! (form field `csrf_token` or header `x-csrf-token`).

use std::sync::Arc;

use app::domain::Lang;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use subtle::ConstantTimeEq as _;
use tower_sessions::Session;

use super::{
    AuthService,
    session::{SIGNED_IN, SignedIn},
};
use crate::http::error_page::error_response;

/// Form field and header carrying the token.
pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

/// Paths that use no browser cookies and authenticate each request
/// themselves: the provider's token endpoint (client id and secret) and
/// the agencies' API (bearer tokens).
fn exempt(path: &str) -> bool {
    path == "/dev-idp/token" || path.starts_with("/api/v1/")
}

/// What the headers say about where a request comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provenance {
    SameOrigin,
    CrossSite,
    /// Neither `Sec-Fetch-Site` nor `Origin`: an old browser or a script.
    Unknown,
}

/// Reads `Sec-Fetch-Site`, then `Origin`, against our own origin.
pub fn provenance(headers: &HeaderMap, own_origin: &str) -> Provenance {
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.to_str() {
            // "none": the person typed or bookmarked it.
            Ok("same-origin" | "none") => Provenance::SameOrigin,
            _ => Provenance::CrossSite,
        };
    }
    match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        Some(Ok(origin)) if origin == own_origin => Provenance::SameOrigin,
        Some(_) => Provenance::CrossSite,
        None => Provenance::Unknown,
    }
}

/// Middleware: refuse state-changing requests from other sites.
pub async fn check(State(auth): State<Arc<AuthService>>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || exempt(request.uri().path()) {
        return next.run(request).await;
    }
    let lang = request
        .extensions()
        .get::<Lang>()
        .copied()
        .unwrap_or_default();
    match provenance(request.headers(), &auth.public_origin) {
        Provenance::SameOrigin => next.run(request).await,
        Provenance::CrossSite => refuse(lang, "cross-site"),
        Provenance::Unknown => match token_matches(request).await {
            Ok(request) => next.run(request).await,
            Err(()) => refuse(lang, "no-token"),
        },
    }
}

fn refuse(lang: Lang, why: &str) -> Response {
    tracing::warn!(reason = why, "refused a possibly forged request");
    error_response(
        lang,
        StatusCode::FORBIDDEN,
        "error-csrf-title",
        "error-csrf-body",
        None,
    )
}

/// Checks the token in the header or the form against the session's, and
/// gives the request back (with its body) when it matches.
async fn token_matches(request: Request) -> Result<Request, ()> {
    let session = request.extensions().get::<Session>().cloned().ok_or(())?;
    let expected = session
        .get::<SignedIn>(SIGNED_IN)
        .await
        .ok()
        .flatten()
        .map(|signed_in| signed_in.csrf_token)
        .ok_or(())?;
    let same = |given: &str| token_is(given, &expected);
    if let Some(given) = request.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if same(given) { Ok(request) } else { Err(()) };
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(());
    }
    let (parts, body) = request.into_parts();
    // The body limit layer outside this one bounds what is read here.
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| ())?;
    let found = url::form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == FIELD)
        .is_some_and(|(_, value)| same(&value));
    if found {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(())
    }
}

/// Whether `given` is the session's token: masked, as our forms carry it
/// (`domain::forgery`), or bare, as a script sends it in the header.
fn token_is(given: &str, expected: &str) -> bool {
    let bare = bool::from(given.as_bytes().ct_eq(expected.as_bytes()));
    let masked = app::domain::forgery::unmask_token(given)
        .is_some_and(|token| bool::from(token.ct_eq(expected.as_bytes())));
    bare | masked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    const OWN: &str = "https://dulieu.example.vn";

    #[test]
    fn the_token_is_taken_masked_or_bare_and_nothing_else() {
        let token = "pQ3v7l0bVd3xw3m5eQyBX0v8FZ1ZsY3o6J9r2n1xQ8k";
        let masked = app::domain::forgery::mask_token(token, &[42; 43]);
        assert!(token_is(&masked, token));
        assert!(token_is(token, token));
        let other = app::domain::forgery::mask_token(
            "another-token-of-another-session-entirely",
            &[42; 43],
        );
        assert!(!token_is(&other, token));
        assert!(!token_is("", token));
        assert!(!token_is(&masked[..masked.len() - 2], token));
    }

    #[test]
    fn fetch_metadata_decides_first() {
        assert_eq!(
            provenance(&headers(&[("sec-fetch-site", "same-origin")]), OWN),
            Provenance::SameOrigin
        );
        for site in ["cross-site", "same-site"] {
            let h = headers(&[("sec-fetch-site", site), ("origin", OWN)]);
            assert_eq!(provenance(&h, OWN), Provenance::CrossSite, "{site}");
        }
    }

    #[test]
    fn origin_must_be_exactly_ours() {
        assert_eq!(
            provenance(&headers(&[("origin", OWN)]), OWN),
            Provenance::SameOrigin
        );
        for other in [
            "https://evil.example",
            "https://dulieu.example.vn.evil.example",
            "http://dulieu.example.vn",
            "null",
        ] {
            let mut h = HeaderMap::new();
            h.insert("origin", other.parse().unwrap());
            assert_eq!(provenance(&h, OWN), Provenance::CrossSite, "{other}");
        }
        assert_eq!(provenance(&HeaderMap::new(), OWN), Provenance::Unknown);
    }
}
