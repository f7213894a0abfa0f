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
    assert!(scripts > 0, "the page should have Leptos's inline scripts");
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

#[tokio::test]
async fn a_server_function_never_redirects_to_another_site() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let ask = |referer: String| {
        client
            .get(app.url("/fn/list_data_protection_officers"))
            .header("accept", "text/html")
            .header("referer", referer)
            .send()
    };
    let away = ask("https://evil.example/x".into()).await.unwrap();
    assert!(away.status().is_redirection(), "{}", away.status());
    assert_eq!(away.headers()["location"], "/", "not to evil.example");
    let home = ask(app.url("/officers")).await.unwrap();
    let back = home.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("/officers"), "{back}");
    // Server functions' answers are never cached.
    let json = client
        .get(app.url("/fn/list_data_protection_officers"))
        .send()
        .await
        .unwrap();
    assert_eq!(json.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn only_short_safe_request_ids_reach_the_logs() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let id = |sent: &str| {
        let request = client
            .get(app.url("/healthz"))
            .header("x-request-id", sent.to_owned());
        async move {
            let response = request.send().await.unwrap();
            response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(
        id("trace-42.a_b").await,
        "trace-42.a_b",
        "a safe id is kept"
    );
    let replaced = id("x\"; drop table").await;
    assert_ne!(replaced, "x\"; drop table");
    assert!(
        replaced.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'),
        "{replaced}"
    );
    assert_ne!(id(&"a".repeat(200)).await, "a".repeat(200));
}

/// A raw TCP connection to the test app.
async fn connect(app: &crate::helpers::TestApp) -> tokio::net::TcpStream {
    let address = app
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    tokio::net::TcpStream::connect(address).await.unwrap()
}

/// Whether the server closed `stream` within `wait` (a read gives 0 bytes
/// or fails) rather than leaving it open.
async fn closed_within(stream: &mut tokio::net::TcpStream, wait: std::time::Duration) -> bool {
    use tokio::io::AsyncReadExt as _;
    let mut buffer = [0u8; 512];
    loop {
        match tokio::time::timeout(wait, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // An answer (a 408, say) may come before the close.
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

#[tokio::test]
async fn headers_sent_slowly_are_cut_off() {
    use tokio::io::AsyncWriteExt as _;
    let app = spawn_app_with(&[("HEADER_READ_TIMEOUT_SECONDS", "1")]).await;
    let mut slow = connect(&app).await;
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    assert!(
        closed_within(&mut slow, std::time::Duration::from_secs(5)).await,
        "half-sent headers do not hold a connection"
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn connections_beyond_the_limit_are_closed_at_once() {
    let app = spawn_app_with(&[
        ("MAX_CONNECTIONS", "2"),
        ("HEADER_READ_TIMEOUT_SECONDS", "30"),
    ])
    .await;
    let _first = connect(&app).await;
    let _second = connect(&app).await;
    // Give the server a moment to take both.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let mut third = connect(&app).await;
    assert!(
        closed_within(&mut third, std::time::Duration::from_secs(2)).await,
        "the third connection is refused"
    );
    drop(_first);
    drop(_second);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "and served again once they go"
    );
}

#[tokio::test]
async fn a_body_that_never_finishes_gets_a_translated_timeout() {
    use tokio::io::AsyncWriteExt as _;
    let app = spawn_app_with(&[("REQUEST_TIMEOUT_SECONDS", "1")]).await;
    let mut stream = connect(&app).await;
    let origin = app.url("").trim_end_matches('/').to_owned();
    let head = format!(
        "POST /dev-idp/authorize HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nab"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    use tokio::io::AsyncReadExt as _;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    answer.extend_from_slice(&buffer[..n]);
                    if answer.windows(7).any(|w| w == b"</html>") {
                        break;
                    }
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server answered in time");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("Quá thời gian chờ"), "translated: {text}");
}

#[tokio::test]
async fn server_functions_have_a_prefix_apart_from_the_agency_api() {
    let app = spawn_app().await;
    let paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    assert!(
        paths.len() >= 20,
        "the server functions are registered: {paths:?}"
    );
    for path in &paths {
        assert!(path.starts_with(app::api::PREFIX), "{path}");
        assert!(!path.starts_with("/api/"), "{path}");
    }
    // The old address is nobody's: not a server function, not the API.
    let old = app.get("/api/list_data_protection_officers").await;
    assert_eq!(old.status(), 404);
    let new = app.get("/fn/list_data_protection_officers").await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn static_files_have_fingerprinted_names_cache_for_a_year_and_come_compressed() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    let css = ".rule { color: #0b0c0c; }\n".repeat(400);
    let name = format!("pkg/{}.css", app::OUTPUT_NAME);
    std::fs::write(site.path().join(&name), &css).unwrap();
    let root = site.path().display().to_string();
    let app = spawn_app_with(&[("SITE_ROOT", &root)]).await;
    let get = |path: String, accept: &'static str| {
        app.client
            .get(app.url(&path))
            .header("accept-encoding", accept)
            .send()
    };
    // The page links the style sheet by a name made from its content.
    let page = app.get("/").await.text().await.unwrap();
    let start = page.find("href=\"/pkg/").expect("a style sheet link") + "href=\"".len();
    let href = page[start..start + page[start..].find('"').unwrap()].to_owned();
    let hash = href
        .strip_prefix(&format!("/pkg/{}.", app::OUTPUT_NAME))
        .and_then(|rest| rest.strip_suffix(".css"))
        .unwrap_or_else(|| panic!("{href}"));
    assert_eq!(hash.len(), 16, "{href}");
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{href}");

    for (accept, encoding) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let answer = get(href.clone(), accept).await.unwrap();
        assert_eq!(answer.status(), 200);
        let h = answer.headers().clone();
        assert_eq!(h["content-encoding"], encoding);
        assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
        assert!(h["vary"].to_str().unwrap().contains("accept-encoding"));
        assert!(h["content-type"].to_str().unwrap().starts_with("text/css"));
        let body = answer.bytes().await.unwrap();
        assert!(
            body.len() < css.len() / 10,
            "{} of {}",
            body.len(),
            css.len()
        );
        if encoding == "br" {
            let mut plain = Vec::new();
            brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
            assert_eq!(plain, css.as_bytes());
        }
        // Asked again with its tag: 304 and no body.
        let again = app
            .client
            .get(app.url(&href))
            .header("accept-encoding", accept)
            .header("if-none-match", h["etag"].clone())
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304);
        assert_eq!(again.headers()["etag"], h["etag"]);
        assert!(again.bytes().await.unwrap().is_empty());
    }
    let plain = get(href.clone(), "identity").await.unwrap();
    assert!(!plain.headers().contains_key("content-encoding"));
    assert_eq!(plain.bytes().await.unwrap().len(), css.len());
    // A stale tag gets the file.
    let stale = app
        .client
        .get(app.url(&href))
        .header("if-none-match", "\"0000000000000000\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
    // The plain name (for pages outside the app) is revalidated each time.
    let unhashed = get(format!("/{name}"), "br").await.unwrap();
    assert_eq!(unhashed.status(), 200);
    assert_eq!(unhashed.headers()["cache-control"], "no-cache");
    // An unknown file is the app's 404 page.
    let missing = get("/pkg/nothing.0000000000000000.js".into(), "br")
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    // Pages are never cached. They come compressed to our own pages'
    // requests only (BREACH: see http::compression).
    let page = |site: Option<&'static str>| {
        let mut request = app
            .client
            .get(app.url("/officers"))
            .header("accept-encoding", "br, gzip");
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let own = page(Some("same-origin")).await.unwrap();
    assert_eq!(own.headers()["cache-control"], "no-store");
    assert_eq!(own.headers()["content-encoding"], "br");
    let compressed = own.bytes().await.unwrap();
    let mut html = Vec::new();
    brotli::BrotliDecompress(&mut &compressed[..], &mut html).unwrap();
    assert!(String::from_utf8(html).unwrap().contains("</html>"));
    for site in [Some("cross-site"), Some("same-site"), None] {
        let other = page(site).await.unwrap();
        assert!(
            !other.headers().contains_key("content-encoding"),
            "{site:?}"
        );
        assert!(other.text().await.unwrap().contains("</html>"));
    }
    let json = app
        .client
        .get(app.url("/fn/list_data_protection_officers"))
        .header("accept-encoding", "gzip")
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(json.headers()["content-encoding"], "gzip");
    let compressed = json.bytes().await.unwrap();
    let mut body = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut body,
    )
    .unwrap();
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());
}
