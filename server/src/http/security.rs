//! Security headers on every response, with a fresh Content-Security-Policy
//! nonce per request for the inline scripts Leptos writes.

use app::server::CspNonce;
use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore as _;

/// What the headers depend on.
#[derive(Clone, Debug)]
pub struct SecurityConfig {
    /// Send `Strict-Transport-Security` (the service is reached over HTTPS).
    pub hsts: bool,
    /// Port of `cargo leptos watch`'s live-reload socket, in development.
    pub live_reload_port: Option<u16>,
    /// Another origin forms may lead to: the identity provider, where
    /// sign-out continues (browsers apply `form-action` to redirects).
    pub form_action_origin: Option<String>,
    /// The service's own origin (`https://host`): where a server function
    /// may send a browser back to.
    pub public_origin: String,
}

impl SecurityConfig {
    /// The policy for a response whose inline scripts carry `nonce`.
    /// `'wasm-unsafe-eval'` lets the browser compile our WASM; no inline
    /// script runs without the nonce, and nothing may frame the service.
    pub fn content_security_policy(&self, nonce: &str) -> String {
        let live_reload = self
            .live_reload_port
            .map(|port| format!(" ws://127.0.0.1:{port} ws://localhost:{port}"))
            .unwrap_or_default();
        let form_action = self
            .form_action_origin
            .as_deref()
            .map(|origin| format!(" {origin}"))
            .unwrap_or_default();
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; font-src 'self'; \
             connect-src 'self'{live_reload}; object-src 'none'; base-uri 'none'; \
             form-action 'self'{form_action}; frame-ancestors 'none'"
        )
    }
}

/// A fresh, unguessable nonce: 16 random bytes.
pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Middleware: choose the nonce, run the request, then set the headers.
pub async fn security_headers(
    State(config): State<SecurityConfig>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = new_nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let path = request.uri().path();
    // The application's server functions (the agencies' API has its own rules).
    let server_function = path.starts_with(app::api::PREFIX);
    let mut response = next.run(request).await;
    if server_function {
        keep_redirects_home(&mut response, &config.public_origin);
        // Their JSON carries personal data: no cache may keep it.
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }

    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(
        header::CONTENT_SECURITY_POLICY,
        &config.content_security_policy(&nonce),
    );
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Same-origin, not no-referrer: a form posted without JavaScript is sent
    // back to the page it came from (its Referer) when the server function
    // refuses it. Other sites never see our addresses.
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    if config.hsts {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        );
    }
    if is_html {
        // Pages differ by language and will hold personal data: never let
        // a shared cache keep them.
        set(header::CACHE_CONTROL, "no-store");
        set(header::VARY, "Cookie, Accept-Language");
    }
    headers.remove(header::SERVER);
    response
}

/// A server function posted without JavaScript answers with a redirect to
/// the page it came from (its `Referer`). Only our own pages qualify: any
/// other target becomes the home page.
fn keep_redirects_home(response: &mut Response, public_origin: &str) {
    let Some(location) = response.headers().get(header::LOCATION) else {
        return;
    };
    let target = location.to_str().unwrap_or_default();
    if !is_own(target, public_origin) {
        response
            .headers_mut()
            .insert(header::LOCATION, HeaderValue::from_static("/"));
    }
}

/// Whether `target` is a path of ours, or an absolute URL on our origin.
pub fn is_own(target: &str, public_origin: &str) -> bool {
    use app::domain::language::is_local_path;
    is_local_path(target)
        || target
            .strip_prefix(public_origin.trim_end_matches('/'))
            .is_some_and(|rest| rest.is_empty() || is_local_path(rest))
}

/// Request ids travel into logs: a client's own `X-Request-Id` is kept only
/// when it is a short token of safe characters; otherwise one is made.
pub fn drop_unsafe_request_id<B>(mut request: axum::http::Request<B>) -> axum::http::Request<B> {
    let safe = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .map(|id| {
            (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        });
    if safe == Some(false) {
        request.headers_mut().remove("x-request-id");
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_never_allows_inline_scripts_without_the_nonce() {
        let config = SecurityConfig {
            hsts: false,
            live_reload_port: None,
            form_action_origin: None,
            public_origin: "https://dulieu.example.vn".into(),
        };
        let policy = config.content_security_policy("abc");
        assert!(policy.contains("form-action 'self';"));
        let with_provider = SecurityConfig {
            form_action_origin: Some("https://sso.vneid.gov.vn".into()),
            ..config.clone()
        };
        assert!(
            with_provider
                .content_security_policy("abc")
                .contains("form-action 'self' https://sso.vneid.gov.vn;")
        );
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("ws://"));
    }

    #[test]
    fn a_server_function_sends_browsers_back_only_to_our_pages() {
        let origin = "https://dulieu.example.vn";
        for own in [
            "/requests/YC-1?__err=x",
            "https://dulieu.example.vn/data?x=1",
            "/",
        ] {
            assert!(is_own(own, origin), "{own}");
        }
        for other in [
            "https://evil.example/x?",
            "//evil.example/x",
            "https://dulieu.example.vn.evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
        ] {
            assert!(!is_own(other, origin), "{other}");
        }
        let mut response = Response::new(axum::body::Body::empty());
        response.headers_mut().insert(
            header::LOCATION,
            HeaderValue::from_static("https://evil.example/x?"),
        );
        keep_redirects_home(&mut response, origin);
        assert_eq!(response.headers()[header::LOCATION], "/");
    }

    #[test]
    fn only_short_safe_request_ids_are_kept() {
        let with = |id: &str| {
            let request = axum::http::Request::builder()
                .header("x-request-id", id)
                .body(())
                .unwrap();
            drop_unsafe_request_id(request)
                .headers()
                .contains_key("x-request-id")
        };
        assert!(with("3f2a-b_c.9"));
        assert!(!with("a b"));
        assert!(!with("<script>"));
        assert!(!with(&"a".repeat(65)));
    }

    #[test]
    fn nonces_are_fresh_and_long_enough() {
        let a = new_nonce();
        assert_ne!(a, new_nonce());
        assert_eq!(a.len(), 22);
    }
}
