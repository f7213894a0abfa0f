//! Security headers and the per-request CSP nonce.

use crate::helpers::{spawn_app, spawn_app_with};

fn nonce_of(policy: &str) -> &str {
    let start = policy.find("'nonce-").expect("policy has a nonce") + "'nonce-".len();
    let end = policy[start..].find('\'').unwrap() + start;
    &policy[start..end]
}

#[tokio::test]
async fn pages_carry_a_strict_policy_whose_nonce_matches_the_inline_scripts() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    let policy = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"));
    let nonce = nonce_of(&policy);
    let scripts = html.matches("<script").count();
    assert!(
        scripts > 0,
        "the page should have Leptos's hydration script"
    );
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "every inline script carries this response's nonce"
    );
    let again = app.get("/").await;
    let other = again.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(nonce_of(&other), nonce, "a fresh nonce per response");
}

#[tokio::test]
async fn baseline_headers_are_on_every_response_and_no_version_banner() {
    let app = spawn_app().await;
    for path in ["/", "/healthz", "/no/such/page", "/lang/en"] {
        let response = app.get(path).await;
        let h = response.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        // Our own address goes to our own pages only (forms posted without
        // JavaScript come back to the page they were on); never elsewhere.
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(h.contains_key("content-security-policy"), "{path}");
        assert!(!h.contains_key("server"), "{path}");
        assert!(
            !h.contains_key("strict-transport-security"),
            "no HSTS over http: {path}"
        );
    }
    let page = app.get("/").await;
    assert_eq!(page.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn hsts_and_secure_cookies_when_served_over_https() {
    let app = spawn_app_with(&[("PUBLIC_URL", "https://dulieu.example.vn")]).await;
    let response = app.get("/lang/en").await;
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age=63072000"), "{hsts}");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
}
