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
    let mut response = next.run(request).await;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_never_allows_inline_scripts_without_the_nonce() {
        let config = SecurityConfig {
            hsts: false,
            live_reload_port: None,
            form_action_origin: None,
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
    fn nonces_are_fresh_and_long_enough() {
        let a = new_nonce();
        assert_ne!(a, new_nonce());
        assert_eq!(a.len(), 22);
    }
}
