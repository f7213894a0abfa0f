//! New agency tokens from the console. The server makes them (it holds the
//! key their hashes are made with) and the administrator sees each once.
//! The secret never rests in the database or the session: the answer to
//! the form carries it to the administrator's browser in a short-lived
//! `HttpOnly` cookie, and the page that shows it clears that cookie.

use std::sync::Arc;

use cookie::{Cookie, SameSite};
use leptos::prelude::*;

use super::context::internal_error;
use crate::error::AppError;

/// A token just made: what the agency is given, and the id and hash the
/// store keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MintedToken {
    pub token: String,
    pub token_id: String,
    pub token_hash: String,
}

/// What the server provides for making tokens and handing them over.
#[derive(Clone)]
pub struct AgencyTokens {
    pub mint: Arc<dyn Fn() -> MintedToken + Send + Sync>,
    /// Served over HTTPS: the cookie is `Secure` and host-bound.
    pub https: bool,
}

/// How long a new token waits in its cookie for the page to show it.
const HAND_OVER_SECONDS: i64 = 600;

fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-new-agency-token"
    } else {
        "new-agency-token"
    }
}

fn tokens() -> Result<AgencyTokens, AppError> {
    use_context::<AgencyTokens>().ok_or_else(|| internal_error("agency tokens missing"))
}

/// A new token.
pub fn mint_token() -> Result<MintedToken, AppError> {
    Ok((tokens()?.mint)())
}

/// The cookie that carries `token` for `agency`'s page, or (with no token)
/// the one that clears it.
fn hand_over_cookie(https: bool, value: Option<String>) -> String {
    let clear = value.is_none();
    let mut cookie = Cookie::build((cookie_name(https), value.unwrap_or_default()))
        .path("/")
        .http_only(true)
        .secure(https)
        .same_site(SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(if clear {
            0
        } else {
            HAND_OVER_SECONDS
        }))
        .build();
    if clear {
        cookie.make_removal();
    }
    cookie.to_string()
}

fn set_cookie(value: String) -> Result<(), AppError> {
    let response = use_context::<leptos_axum::ResponseOptions>()
        .ok_or_else(|| internal_error("response options missing"))?;
    let value = http::HeaderValue::from_str(&value).map_err(internal_error)?;
    response.append_header(http::header::SET_COOKIE, value);
    Ok(())
}

/// Sends `token` for `agency` to the administrator's browser, for the
/// agency's page to show once.
pub fn hand_over(agency_code: &str, token: &str) -> Result<(), AppError> {
    let https = tokens()?.https;
    set_cookie(hand_over_cookie(
        https,
        Some(format!("{agency_code}~{token}")),
    ))
}

/// The token handed over for `agency`, if the browser brought one; the
/// cookie is cleared either way, so it is shown once.
pub fn take_handed_over(agency_code: &str) -> Option<String> {
    let https = tokens().ok()?.https;
    let parts = use_context::<http::request::Parts>()?;
    let name = cookie_name(https);
    let value = parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|header| header.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())?;
    let _ = set_cookie(hand_over_cookie(https, None));
    let (code, token) = value.split_once('~')?;
    (code == agency_code).then(|| token.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_strict_and_short_lived() {
        let set = hand_over_cookie(true, Some("BCA~cpd_a.b".into()));
        assert!(
            set.starts_with("__Host-new-agency-token=BCA~cpd_a.b"),
            "{set}"
        );
        for part in [
            "HttpOnly",
            "Secure",
            "SameSite=Strict",
            "Path=/",
            "Max-Age=600",
        ] {
            assert!(set.contains(part), "{part} in {set}");
        }
        let plain = hand_over_cookie(false, Some("x".into()));
        assert!(plain.starts_with("new-agency-token=x") && !plain.contains("Secure"));
        let clear = hand_over_cookie(true, None);
        assert!(clear.contains("Max-Age=0"), "{clear}");
    }
}
