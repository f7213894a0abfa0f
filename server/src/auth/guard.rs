//! The route guard: every page and server function needs a signed-in
//! person unless it is on the public list below. A new page is therefore
//! protected until someone decides otherwise. (Paths that match no route at
//! all go on to the translated 404 page.) What a signed-in person may do on
//! a page is decided by the page's server functions through
//! `app::server::require`.

use std::sync::Arc;

use app::{domain::Lang, server::Principal};
use axum::{
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::http::{
    error_page::error_response,
    routes::{self, Pattern},
};

/// Pages (and files) anyone may open. The routes outside the Leptos app
/// say whether they are public in their own table (`http::routes`).
const PUBLIC_PAGES: [&str; 11] = [
    "/",
    "/email/confirm",
    "/privacy",
    "/accessibility",
    "/rules",
    "/officers",
    "/auth/failed",
    "/auth/signed-out",
    "/auth/level-2",
    "/robots.txt",
    "/favicon.ico",
];

/// Server functions anyone may call.
const PUBLIC_FUNCTIONS: [&str; 4] = [
    "/fn/confirm_email",
    "/fn/list_data_protection_officers",
    "/fn/list_request_figures",
    "/fn/find_retention",
];

/// Whether `path` may be opened without signing in.
pub fn is_public(path: &str) -> bool {
    PUBLIC_PAGES.contains(&path)
        || PUBLIC_FUNCTIONS.contains(&path)
        || routes::is_public_route(path)
        || routes::PUBLIC_PREFIXES
            .iter()
            .any(|prefix| path.starts_with(prefix))
}

/// The application's own routes (pages, plain routes and server
/// functions): a path that matches none of them is simply not found.
#[derive(Clone, Debug, Default)]
pub struct KnownRoutes {
    patterns: Vec<Pattern>,
}

impl KnownRoutes {
    /// From route paths such as `/account` or `/requests/{id}` (`:id` and
    /// `*rest` work too).
    pub fn new<I, S>(paths: I) -> KnownRoutes
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        KnownRoutes {
            patterns: paths
                .into_iter()
                .map(|path| Pattern::new(path.as_ref()))
                .collect(),
        }
    }

    /// Whether `path` is one of the routes, or a server function.
    pub fn matches(&self, path: &str) -> bool {
        path.starts_with(app::api::PREFIX)
            || self.patterns.iter().any(|pattern| pattern.matches(path))
    }
}

/// Where to sign in so as to come back to `path_and_query`.
pub fn sign_in_href(path_and_query: &str) -> String {
    let next: String = url::form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect();
    format!("/auth/sign-in?next={next}")
}

/// Middleware: send signed-out visitors of protected pages to sign in.
pub async fn require_sign_in(
    State(routes): State<Arc<KnownRoutes>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if is_public(path) || !routes.matches(path) || request.extensions().get::<Principal>().is_some()
    {
        return next.run(request).await;
    }
    if matches!(*request.method(), Method::GET | Method::HEAD)
        && !path.starts_with(app::api::PREFIX)
    {
        let here = request
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/");
        return Redirect::to(&sign_in_href(here)).into_response();
    }
    let lang = request
        .extensions()
        .get::<Lang>()
        .copied()
        .unwrap_or_default();
    error_response(
        lang,
        StatusCode::UNAUTHORIZED,
        "error-signed-out-title",
        "error-unauthenticated",
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_protected_unless_listed() {
        for open in [
            "/",
            "/officers",
            "/pkg/app.wasm",
            "/auth/callback",
            "/lang/en",
        ] {
            assert!(is_public(open), "{open}");
        }
        for closed in [
            "/account",
            "/account/activity",
            "/queue",
            "/fn/list_account_activity",
            "/officers/extra",
            "/privacy/../account",
        ] {
            assert!(!is_public(closed), "{closed}");
        }
    }

    #[test]
    fn routes_match_literally_or_by_parameter() {
        let routes = KnownRoutes::new(["/", "/account", "/requests/{id}", "/files/*rest"]);
        for known in [
            "/account",
            "/account/",
            "/requests/42",
            "/files/a/b",
            "/fn/anything",
        ] {
            assert!(routes.matches(known), "{known}");
        }
        for unknown in ["/accounts", "/requests", "/requests/1/2", "/no/such/page"] {
            assert!(!routes.matches(unknown), "{unknown}");
        }
    }

    #[test]
    fn the_way_back_is_encoded() {
        assert_eq!(
            sign_in_href("/account/activity?page=2&x=1"),
            "/auth/sign-in?next=%2Faccount%2Factivity%3Fpage%3D2%26x%3D1"
        );
    }
}
