//! The routes outside the Leptos app, in one table. Each row says its path,
//! whether it is public, how large a body it takes and, for a form, which
//! pages a refusal sends the person back to with what they typed. The
//! router, the sign-in guard, the body limit and the draft restorer all
//! read this table, so they cannot disagree.

use std::sync::LazyLock;

use axum::{
    Router,
    routing::{MethodRouter, get, post},
};

use super::{export, health, language, requests};
use crate::startup::AppState;

/// Who may open a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Public,
    SignedIn,
}

/// How large a body a route takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// The server's configured limit (`MAX_BODY_BYTES`).
    Standard,
    /// A form with files: [`requests::UPLOAD_LIMIT`].
    Files,
}

/// One route outside the Leptos app.
pub struct PlainRoute {
    /// An axum path: literal segments and `{parameter}`s.
    pub path: &'static str,
    pub access: Access,
    pub body: Body,
    /// The pages (route paths) a refused form posted here returns to; such
    /// a page shows the draft once.
    pub returns_to: &'static [&'static str],
    pub handler: fn() -> MethodRouter<AppState>,
}

/// Every route outside the Leptos app, except the sign-in flow
/// (`/auth/…`, `/dev-idp/…`) and the agencies' API (`/api/v1/…`), which
/// are routers of their own (see [`PUBLIC_PREFIXES`]).
pub const PLAIN_ROUTES: [PlainRoute; 11] = [
    PlainRoute {
        path: "/healthz",
        access: Access::Public,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(health::healthz),
    },
    PlainRoute {
        path: "/readyz",
        access: Access::Public,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(health::readyz),
    },
    PlainRoute {
        path: "/lang/{code}",
        access: Access::Public,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(language::switch_language),
    },
    PlainRoute {
        path: "/data/export.csv",
        access: Access::SignedIn,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(export::export_csv),
    },
    PlainRoute {
        path: "/data/export.json",
        access: Access::SignedIn,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(export::export_json),
    },
    PlainRoute {
        path: "/data/proof.json",
        access: Access::SignedIn,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(export::export_proof),
    },
    PlainRoute {
        path: "/consent/receipt.json",
        access: Access::SignedIn,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(export::export_consent_receipt),
    },
    PlainRoute {
        path: "/requests/file",
        access: Access::SignedIn,
        body: Body::Files,
        returns_to: &["/requests/new"],
        handler: || post(requests::file_request),
    },
    PlainRoute {
        path: "/requests/{reference}/message",
        access: Access::SignedIn,
        body: Body::Files,
        returns_to: &["/requests/{reference}", "/dpo/requests/{reference}"],
        handler: || post(requests::post_message),
    },
    PlainRoute {
        path: "/requests/files/{id}",
        access: Access::SignedIn,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(requests::download_attachment),
    },
    PlainRoute {
        path: "/dpo/requests.csv",
        access: Access::SignedIn,
        body: Body::Standard,
        returns_to: &[],
        handler: || get(requests::queue_csv),
    },
];

/// Path prefixes anyone may open: assets, sign-in, the development
/// provider (which exists only when it is switched on), and the agencies'
/// API (each request carries its own bearer token, checked there).
pub const PUBLIC_PREFIXES: [&str; 4] = ["/pkg/", "/auth/", "/dev-idp/", "/api/v1/"];

/// The table's routes on one router.
pub fn router() -> Router<AppState> {
    PLAIN_ROUTES.iter().fold(Router::new(), |router, route| {
        let handler = match route.body {
            Body::Standard => (route.handler)(),
            // `limit_body` bounds these bodies; the extractor's own default
            // (2 MB) would be lower.
            Body::Files => (route.handler)()
                .layer(axum::extract::DefaultBodyLimit::max(requests::UPLOAD_LIMIT)),
        };
        router.route(route.path, handler)
    })
}

/// The table's paths as patterns, in its order: built once, since the
/// guard, the body limit and the draft restorer ask on every request.
static ROUTE_PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    PLAIN_ROUTES
        .iter()
        .map(|route| Pattern::new(route.path))
        .collect()
});

/// The pages a refused form returns to, as patterns.
static DRAFT_PAGES: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    PLAIN_ROUTES
        .iter()
        .flat_map(|route| route.returns_to)
        .map(|page| Pattern::new(page))
        .collect()
});

/// Whether `path` is one of the table's public routes.
pub fn is_public_route(path: &str) -> bool {
    PLAIN_ROUTES
        .iter()
        .zip(ROUTE_PATTERNS.iter())
        .any(|(route, pattern)| route.access == Access::Public && pattern.matches(path))
}

/// Whether `path` takes a form with files (and so the larger limit).
pub fn takes_files(path: &str) -> bool {
    PLAIN_ROUTES
        .iter()
        .zip(ROUTE_PATTERNS.iter())
        .any(|(route, pattern)| route.body == Body::Files && pattern.matches(path))
}

/// Whether `path` is a page a refused form returns to (and so may have a
/// draft to show).
pub fn takes_drafts(path: &str) -> bool {
    DRAFT_PAGES.iter().any(|page| page.matches(path))
}

/// A route path's segments: literals, `{parameter}`s (`:parameter` too)
/// and a final `{*rest}` (or `*rest`) that takes the rest.
#[derive(Clone, Debug)]
pub struct Pattern {
    segments: Vec<String>,
}

impl Pattern {
    pub fn new(path: &str) -> Pattern {
        Pattern {
            segments: segments(path).map(str::to_owned).collect(),
        }
    }

    /// Whether `path` is one this pattern names.
    pub fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = segments(path).collect();
        let pattern = &self.segments;
        let wildcard = |p: &String| p.starts_with('*') || p.starts_with("{*");
        if pattern.last().is_some_and(wildcard) {
            return parts.len() >= pattern.len() - 1
                && pattern
                    .iter()
                    .zip(&parts)
                    .all(|(p, s)| wildcard(p) || param(p) || p == s);
        }
        pattern.len() == parts.len() && pattern.iter().zip(&parts).all(|(p, s)| param(p) || p == s)
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn param(segment: &str) -> bool {
    segment.starts_with(':') || (segment.starts_with('{') && segment.ends_with('}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_two_forms_with_files_get_the_larger_limit() {
        assert!(takes_files("/requests/file"));
        assert!(takes_files("/requests/YC-2026-000001/message"));
        for other in [
            "/requests",
            "/requests/new",
            "/fn/take_request_step",
            "/requests/a/b/message",
            "/message",
            "/api/v1/sharing-events",
        ] {
            assert!(!takes_files(other), "{other}");
        }
    }

    #[test]
    fn only_request_pages_look_for_a_refused_form() {
        assert!(takes_drafts("/requests/new"));
        assert!(takes_drafts("/requests/YC-2026-000001"));
        assert!(takes_drafts("/dpo/requests/YC-2026-000001"));
        for other in [
            "/pkg/citizen-privacy.js",
            "/data",
            "/requests",
            "/dpo/requests",
        ] {
            assert!(!takes_drafts(other), "{other}");
        }
    }

    #[test]
    fn every_route_is_reachable_by_its_own_path_only() {
        for route in &PLAIN_ROUTES {
            let example = route
                .path
                .replace("{reference}", "YC-2026-000001")
                .replace("{id}", "7");
            let example = example.replace("{code}", "en");
            let matching: Vec<&str> = PLAIN_ROUTES
                .iter()
                .filter(|other| Pattern::new(other.path).matches(&example))
                .map(|other| other.path)
                .collect();
            assert_eq!(matching, [route.path], "{example}");
        }
        assert!(is_public_route("/healthz") && is_public_route("/lang/vi"));
        assert!(!is_public_route("/data/export.csv") && !is_public_route("/lang/vi/x"));
    }
}
