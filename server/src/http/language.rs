//! Choosing the language of each request, and the route that switches it.

use app::domain::{
    Lang,
    language::{LANG_COOKIE, safe_return_path},
};
use axum::{
    extract::{Path, Query, Request, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::startup::AppState;

/// How long the language choice is remembered: one year.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// The language for a request: cookie, else `Accept-Language`, else Vietnamese.
/// Headers that are not valid text count as absent.
pub fn negotiate(headers: &HeaderMap) -> Lang {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .map(|(_, value)| value.trim_matches('"'));
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    Lang::negotiate(cookie, accept)
}

/// Puts the negotiated [`Lang`] in the request's extensions for the app.
pub fn attach(request: &mut Request) -> Lang {
    let lang = negotiate(request.headers());
    request.extensions_mut().insert(lang);
    lang
}

#[derive(Deserialize)]
pub struct SwitchQuery {
    next: Option<String>,
}

/// `GET /lang/{code}?next=/path`: remembers the language in a cookie and
/// sends the visitor back to the page they were on (on this site only).
/// A plain link, so it works without JavaScript.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<SwitchQuery>,
) -> Response {
    let next = query.next.as_deref();
    let mut response = Redirect::to(safe_return_path(next)).into_response();
    if let Some(lang) = Lang::parse(&code) {
        let secure = if state.https { "; Secure" } else { "" };
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly{secure}",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn cookie_is_found_among_others() {
        let h = headers(&[("cookie", b"a=1; lang=en; b=2"), ("accept-language", b"vi")]);
        assert_eq!(negotiate(&h), Lang::En);
    }

    #[test]
    fn similar_cookie_names_do_not_count() {
        let h = headers(&[
            ("cookie", b"language=en; xlang=en"),
            ("accept-language", b"vi"),
        ]);
        assert_eq!(negotiate(&h), Lang::Vi);
    }

    #[test]
    fn non_text_headers_fall_back_to_vietnamese() {
        let h = headers(&[("cookie", b"lang=\xff"), ("accept-language", b"\xfe\xff")]);
        assert_eq!(negotiate(&h), Lang::Vi);
    }
}
