//! Server-rendered pages in both languages, the language switch, and the
//! error pages.

use app::{domain::Lang, i18n::translate};

use crate::helpers::spawn_app;

async fn page(
    app: &crate::helpers::TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn home_page_is_vietnamese_without_preferences() {
    let app = spawn_app().await;
    let (status, html) = page(&app, "/", &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"vi\""), "{html}");
    assert!(html.contains(&translate(Lang::Vi, "home-heading")));
}

#[tokio::test]
async fn accept_language_and_cookie_choose_the_language() {
    let app = spawn_app().await;
    let (_, html) = page(&app, "/", &[("accept-language", "en-US,en;q=0.9")]).await;
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains(&translate(Lang::En, "home-heading")));
    let (_, html) = page(
        &app,
        "/",
        &[("accept-language", "en"), ("cookie", "lang=vi")],
    )
    .await;
    assert!(html.contains("<html lang=\"vi\""), "the cookie wins");
}

#[tokio::test]
async fn malformed_language_inputs_give_the_default_language() {
    let app = spawn_app().await;
    for headers in [
        vec![("accept-language", ";;;q=x,,")],
        vec![("cookie", "lang=%%%; lang")],
        vec![("cookie", "lang=klingon"), ("accept-language", "*;q=2")],
    ] {
        let (status, html) = page(&app, "/", &headers).await;
        assert_eq!(status, 200, "{headers:?}");
        assert!(html.contains("<html lang=\"vi\""), "{headers:?}");
    }
}

#[tokio::test]
async fn language_switch_sets_the_cookie_and_returns_to_the_page() {
    let app = spawn_app().await;
    let response = app.get("/lang/en?next=/privacy%3Fx%3D1").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/privacy?x=1");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(
        cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http in development");
}

#[tokio::test]
async fn language_switch_never_redirects_off_site_or_sets_unknown_languages() {
    let app = spawn_app().await;
    for next in [
        "//evil.example",
        "https://evil.example",
        "/%5Cevil.example",
        "",
    ] {
        let response = app.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(response.headers()["location"], "/", "{next}");
    }
    let response = app.get("/lang/fr?next=/privacy").await;
    assert_eq!(response.status(), 303);
    assert!(response.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn unknown_paths_get_the_translated_404_page() {
    let app = spawn_app().await;
    for lang in Lang::ALL {
        let cookie = format!("lang={}", lang.code());
        let (status, html) = page(&app, "/no/such/page", &[("cookie", &cookie)]).await;
        assert_eq!(status, 404);
        assert!(
            html.contains(&translate(lang, "not-found-body")),
            "{lang:?}"
        );
    }
}

#[tokio::test]
async fn the_officers_page_and_its_server_function_list_the_demo_officers() {
    let app = spawn_app().await;
    let (status, html) = page(&app, "/officers", &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("Hà Nội") && html.contains("dpo.hn@demo.example"));
    // A read: GET, so it needs no anti-forgery check and can be cached by
    // nobody but the browser.
    let response = app.get("/fn/list_data_protection_officers").await;
    assert_eq!(response.status(), 200);
    let officers: Vec<app::domain::DataProtectionOfficer> = response.json().await.unwrap();
    assert_eq!(officers.len(), 34);
    assert_eq!(officers[0].province.code, "HN");
}

#[tokio::test]
async fn a_panic_becomes_a_translated_page_without_internals() {
    let app = spawn_app().await;
    for lang in Lang::ALL {
        let cookie = format!("lang={}", lang.code());
        let (status, html) = page(&app, "/test/panic", &[("cookie", &cookie)]).await;
        assert_eq!(status, 500);
        assert!(
            html.contains(&translate(lang, "error-page-title")),
            "{html}"
        );
        assert!(!html.contains("secret internal detail"));
        assert!(!html.contains("panicked"));
    }
    // The server keeps serving.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn a_body_over_the_limit_gets_a_translated_413() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/fn/list_data_protection_officers"))
        .header("cookie", "lang=en")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 10_000])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&translate(Lang::En, "error-too-large-title")),
        "{html}"
    );
}

#[tokio::test]
async fn the_officers_table_is_in_the_html_itself_not_streamed_in_by_script() {
    // Out-of-order streaming would send a placeholder and swap the table in
    // with JavaScript; visitors without JavaScript would never see it.
    let app = spawn_app().await;
    let (_, html) = page(&app, "/officers", &[]).await;
    let table = html.find("<table").expect("a table");
    let template = html.find("<template").unwrap_or(usize::MAX);
    assert!(
        table < template,
        "the table must not arrive inside a <template>"
    );
    assert!(
        !html.contains(&translate(Lang::Vi, "loading")),
        "no loading placeholder"
    );
}

#[tokio::test]
async fn the_privacy_notice_states_the_configured_retention() {
    let app = crate::helpers::spawn_app_with(&[
        ("MAIL_RETENTION_DAYS", "45"),
        ("ACCOUNT_EVENT_RETENTION_DAYS", "400"),
        ("SESSION_IDLE_TIMEOUT_SECONDS", "600"),
    ])
    .await;
    let html = app.get("/privacy").await.text().await.unwrap();
    for figure in ["sau 10 phút", "được lưu 400 ngày", "được lưu 45 ngày"] {
        assert!(html.contains(figure), "{figure}: {html}");
    }
    let retention: serde_json::Value = app.get("/fn/find_retention").await.json().await.unwrap();
    assert_eq!(retention["mail_days"], 45);
    // A value out of range stops the server with the variable's name.
    let refused = server::Settings::from_source(|name| {
        (name == "MAIL_RETENTION_DAYS").then(|| "0".to_owned())
    });
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("MAIL_RETENTION_DAYS")
    );
}
