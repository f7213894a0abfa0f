//! Compression of pages and JSON answers (brotli, else gzip), with BREACH
//! in mind. The site's files are compressed apart, once (`http::assets`).
//!
//! BREACH reads a secret out of compressed answers by their size, when an
//! attacker can make the victim's browser send many requests whose answers
//! reflect the attacker's guess beside the secret. Two defences, both on:
//! - the anti-forgery token is masked afresh in every response
//!   (`domain::forgery`), so no secret repeats from one answer to the next;
//! - only requests a browser says come from our own pages or from the person
//!   (`Sec-Fetch-Site: same-origin` or `none`) get compressed answers. The
//!   requests an attacker can send in bulk from the victim's browser come
//!   from the attacker's page (`cross-site`, `same-site`) and are answered
//!   uncompressed, so their size tells nothing beyond the reflected text's
//!   own length. A browser that sends no Fetch Metadata gets no compression.

use axum::{
    extract::Request,
    http::{Extensions, HeaderMap, StatusCode, Version, header},
    middleware::Next,
    response::Response,
};
use tower_http::compression::{
    CompressionLayer,
    predicate::{And, Predicate as _, SizeAbove},
};

/// Whether a request came from our own pages or from the person.
pub fn is_own(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|site| site == "same-origin" || site == "none")
}

/// Middleware (outside [`pages`]): a request from anywhere else is treated
/// as one that takes no compression. The site's files hold no secret and
/// are compressed for everyone.
pub async fn only_for_own(mut request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/pkg/") && !is_own(request.headers()) {
        request.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    next.run(request).await
}

type PagesOnly = fn(StatusCode, Version, &HeaderMap, &Extensions) -> bool;

fn is_page_or_json(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    !headers.contains_key(header::CONTENT_ENCODING)
        && (content_type.starts_with("text/html") || content_type.starts_with("application/json"))
}

/// The layer: pages and JSON over 1 KiB, compressed when the client asks.
pub fn pages() -> CompressionLayer<And<PagesOnly, SizeAbove>> {
    let only: PagesOnly = is_page_or_json;
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(only.and(SizeAbove::new(1024)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("sec-fetch-site", value.parse().unwrap());
        headers
    }

    #[test]
    fn only_our_pages_and_the_person_count_as_own() {
        assert!(is_own(&site("same-origin")));
        assert!(is_own(&site("none")));
        assert!(!is_own(&site("cross-site")));
        assert!(!is_own(&site("same-site")));
        assert!(!is_own(&HeaderMap::new()), "no Fetch Metadata: not ours");
    }
}
