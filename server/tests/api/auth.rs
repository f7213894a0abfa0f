//! Signing in: through the built-in development provider, through a
//! scriptable provider that misbehaves in every way an ID token can, and
//! the session rules around it (rotation, idle expiry, sign-out, forgery,
//! sharing between instances).

use std::time::Duration;

use app::domain::AccountEventKind;

use crate::{
    helpers::{Browser, TestApp, csrf_token, location, spawn_app, spawn_app_with},
    logs,
    provider::{self, Mode, spawn_provider},
};

/// The demo citizen of the development provider.
const CITIZEN_ID: &str = "001990012345";
const CITIZEN_NAME: &str = "Trần Thị Mai";

fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Goes from a page to the development provider's form and submits it with
/// `choice`; returns the provider's redirect (to our callback).
pub(crate) async fn through_dev_provider(
    browser: &Browser,
    start: &str,
    choice: &[(&str, &str)],
) -> reqwest::Response {
    let to_provider = location(&browser.get(start).await);
    assert!(to_provider.contains("/dev-idp/authorize?"), "{to_provider}");
    for param in ["state", "nonce", "code_challenge"] {
        assert!(
            query_param(&to_provider, param).is_some(),
            "{param} missing"
        );
    }
    assert_eq!(
        query_param(&to_provider, "code_challenge_method").as_deref(),
        Some("S256")
    );
    let page = browser.get(&to_provider).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("name=\"persona\""),
        "the provider shows its form"
    );
    let url = url::Url::parse(&to_provider).unwrap();
    let mut form: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    form.extend(
        choice
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    browser.post_form("/dev-idp/authorize", &form).await
}

/// Signs in as the demo citizen, starting at `start`; returns where the
/// callback sends the browser.
pub async fn sign_in_as(browser: &Browser, start: &str, persona: &str) -> String {
    let back = through_dev_provider(
        browser,
        start,
        &[("persona", persona), ("decision", "approve")],
    )
    .await;
    let callback = location(&back);
    assert!(callback.contains("/auth/callback?"), "{callback}");
    location(&browser.get(&callback).await)
}

#[tokio::test]
async fn a_citizen_signs_in_sees_name_and_masked_number_and_signs_out() {
    let app = spawn_app().await;
    let browser = app.browser();
    let next = sign_in_as(&browser, "/auth/sign-in?next=/account", "citizen").await;
    assert_eq!(next, "/account");

    let page = browser.get("/account").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(CITIZEN_NAME), "the name is shown");
    assert!(html.contains("••••••••2345"), "the masked number is shown");
    assert!(!html.contains(CITIZEN_ID), "never the whole number");
    let token = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the sign-out form carries the token")
        .to_owned();

    let out = browser
        .post_form("/auth/sign-out", &[("csrf_token", &token)])
        .await;
    // The development provider offers end_session: sign-out continues there
    // and comes back to our signed-out page.
    let at_provider = location(&out);
    assert!(
        at_provider.contains("/dev-idp/end-session?"),
        "{at_provider}"
    );
    let back = location(&browser.get(&at_provider).await);
    assert!(back.ends_with("/auth/signed-out"), "{back}");
    assert_eq!(browser.get(&back).await.status(), 200);

    let after = browser.get("/account").await;
    assert!(location(&after).starts_with("/auth/sign-in?next="));

    // Both events are in the store, under the pseudonym, not the number.
    let store = app.store().await;
    let failures = store.list_failed_sign_ins(10).await.unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(!logs::all().contains(CITIZEN_ID), "no number in the logs");
}

#[tokio::test]
async fn account_activity_lists_sign_ins_and_sign_outs() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/account", "citizen").await;
    let html = browser.get("/account/activity").await.text().await.unwrap();
    assert!(html.contains("<table"), "{html}");
    assert!(
        html.contains("+07:00"),
        "times are machine-readable in Viet Nam time"
    );
    assert_eq!(
        html.matches("<tr>").count(),
        2,
        "a header row and one sign-in"
    );
    assert!(!html.contains("127.0.0.1"), "no network address is shown");
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    let start = browser.get("/auth/sign-in?next=/account").await;
    let before = start
        .cookies()
        .find(|c| c.name() == "session")
        .map(|c| c.value().to_owned())
        .expect("the pending sign-in lives in a session");
    let to_provider = location(&start);
    let url = url::Url::parse(&to_provider).unwrap();
    let mut form: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    form.push(("persona".into(), "citizen".into()));
    form.push(("decision".into(), "approve".into()));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let callback = location(&browser.post_form("/dev-idp/authorize", &form).await);
    let done = browser.get(&callback).await;
    let cookie = done
        .cookies()
        .find(|c| c.name() == "session")
        .expect("sign-in sets the session cookie");
    assert_ne!(cookie.value(), before, "a new session id at sign-in");
    assert!(cookie.http_only());
    assert!(cookie.same_site_lax());
}

#[tokio::test]
async fn an_action_configured_for_level_2_explains_itself_to_a_level_1_session() {
    let app = spawn_app_with(&[("LEVEL2_ACTIONS", "view-account")]).await;
    let level1 = app.browser();
    sign_in_as(&level1, "/auth/sign-in?next=/account", "citizen-level1").await;
    let page = level1
        .client
        .get(app.url("/account"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains("This needs a level 2 electronic identity account"),
        "{html}"
    );
    assert!(
        html.contains("href=\"/auth/sign-in?level=2&amp;next=/account\""),
        "{html}"
    );
    let api = level1.get("/fn/find_account_summary").await;
    assert_eq!(api.status(), 403);

    let level2 = app.browser();
    sign_in_as(&level2, "/auth/sign-in?next=/account", "citizen").await;
    assert_eq!(level2.get("/fn/find_account_summary").await.status(), 200);
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    let first = spawn_app().await;
    let browser = first.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/account", "citizen").await;
    let mut first = first;
    first.begin_stop();
    let _ = first.server.take().unwrap().await;
    // A new process on the same database file (the provider's key is new).
    let second = spawn_app_with(&[("DATABASE_URL", &first.database_url)]).await;
    let html = browser
        .at(&second)
        .get("/account")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(CITIZEN_NAME),
        "still signed in after a restart"
    );
}

#[tokio::test]
async fn a_protected_page_sends_you_to_sign_in_and_back() {
    let app = spawn_app().await;
    let browser = app.browser();
    let first = browser.get("/account/activity?x=1").await;
    let to_sign_in = location(&first);
    assert_eq!(
        to_sign_in,
        "/auth/sign-in?next=%2Faccount%2Factivity%3Fx%3D1"
    );
    let next = sign_in_as(&browser, &to_sign_in, "citizen").await;
    assert_eq!(next, "/account/activity?x=1");
    assert_eq!(browser.get(&next).await.status(), 200);
}

#[tokio::test]
async fn server_functions_refuse_signed_out_callers() {
    let app = spawn_app().await;
    for path in ["/fn/list_account_activity", "/fn/find_account_summary"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 401, "{path}");
    }
}

#[tokio::test]
async fn cancelling_at_the_provider_is_explained_and_recorded() {
    let app = spawn_app().await;
    let browser = app.browser();
    let back = through_dev_provider(
        &browser,
        "/auth/sign-in?next=/account",
        &[("decision", "cancel")],
    )
    .await;
    let callback = location(&back);
    assert_eq!(
        query_param(&callback, "error").as_deref(),
        Some("access_denied")
    );
    let failed = location(&browser.get(&callback).await);
    assert_eq!(failed, "/auth/failed?reason=cancelled");
    let page = browser
        .client
        .get(app.url(&failed))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    let html = page.text().await.unwrap();
    assert!(html.contains("You cancelled signing in at VNeID"), "{html}");
    let failures = app.store().await.list_failed_sign_ins(10).await.unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].kind, AccountEventKind::SignInFailed);
    assert_eq!(failures[0].reason.as_deref(), Some("cancelled"));
}

#[tokio::test]
async fn a_tampered_state_is_refused() {
    let app = spawn_app().await;
    let browser = app.browser();
    let back = through_dev_provider(
        &browser,
        "/auth/sign-in?next=/account",
        &[("persona", "citizen"), ("decision", "approve")],
    )
    .await;
    let callback = location(&back);
    let state = query_param(&callback, "state").unwrap();
    let tampered = callback.replace(&state, &format!("{state}x"));
    let failed = location(&browser.get(&tampered).await);
    assert_eq!(failed, "/auth/failed?reason=state-mismatch");
    assert!(location(&browser.get("/account").await).starts_with("/auth/sign-in"));
}

#[tokio::test]
async fn a_replayed_callback_is_refused() {
    let app = spawn_app().await;
    let browser = app.browser();
    let back = through_dev_provider(
        &browser,
        "/auth/sign-in?next=/account",
        &[("persona", "citizen"), ("decision", "approve")],
    )
    .await;
    let callback = location(&back);
    assert_eq!(location(&browser.get(&callback).await), "/account");
    // Signed out, then the same callback again (from history, or stolen).
    let other = app.browser();
    let failed = location(&other.get(&callback).await);
    assert_eq!(failed, "/auth/failed?reason=state-mismatch");
}

#[tokio::test]
async fn a_callback_from_another_browser_is_refused() {
    let app = spawn_app().await;
    let victim = app.browser();
    let attacker = app.browser();
    let back = through_dev_provider(
        &attacker,
        "/auth/sign-in?next=/account",
        &[("persona", "citizen-level1"), ("decision", "approve")],
    )
    .await;
    // Login CSRF: the attacker's callback opened in the victim's browser.
    let failed = location(&victim.get(&location(&back)).await);
    assert_eq!(failed, "/auth/failed?reason=state-mismatch");
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/account", "citizen").await;
    let cases: [&[(&str, &str)]; 3] = [
        &[("origin", "https://evil.example")],
        &[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ],
        &[("sec-fetch-site", "same-site")],
    ];
    for headers in cases {
        let mut request = browser.client.post(app.url("/auth/sign-out"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 403, "{headers:?}");
        assert_eq!(
            browser.get("/account").await.status(),
            200,
            "still signed in after {headers:?}"
        );
    }
    // No Origin, no Sec-Fetch-Site (an old browser or a script): the token
    // decides.
    let bare = browser.client.post(app.url("/auth/sign-out"));
    assert_eq!(bare.send().await.unwrap().status(), 403);
    let wrong = browser
        .client
        .post(app.url("/auth/sign-out"))
        .form(&[("csrf_token", "guess")]);
    assert_eq!(wrong.send().await.unwrap().status(), 403);
    assert_eq!(browser.get("/account").await.status(), 200);

    let html = browser.get("/account").await.text().await.unwrap();
    let token = csrf_token(&html);
    // Masked afresh in every response (BREACH): the same session's token
    // never appears twice, and an older page's copy still works.
    let again = csrf_token(&browser.get("/account").await.text().await.unwrap());
    assert_ne!(token, again);
    let right = browser
        .client
        .post(app.url("/auth/sign-out"))
        .form(&[("csrf_token", token.as_str())]);
    assert!(right.send().await.unwrap().status().is_redirection());
    assert!(browser.get("/account").await.status().is_redirection());
}

#[tokio::test]
async fn an_idle_session_expires() {
    // Times are kept in whole seconds: 3 s of idle limit, checked at 1.5 s
    // (alive) and 4 s later (gone).
    let app = spawn_app_with(&[("SESSION_IDLE_TIMEOUT_SECONDS", "3")]).await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/account", "citizen").await;
    assert_eq!(browser.get("/account").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        browser.get("/account").await.status(),
        200,
        "activity keeps the session alive"
    );
    tokio::time::sleep(Duration::from_millis(4000)).await;
    let expired = browser.get("/account").await;
    assert!(location(&expired).starts_with("/auth/sign-in?next="));
}

#[tokio::test]
async fn the_absolute_limit_ends_an_active_session() {
    let app = spawn_app_with(&[("SESSION_ABSOLUTE_TIMEOUT_SECONDS", "3")]).await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/account", "citizen").await;
    assert_eq!(browser.get("/account").await.status(), 200);
    for _ in 0..4 {
        // Active every second: the idle limit never bites, the absolute one does.
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let _ = browser.get("/").await;
    }
    assert!(browser.get("/account").await.status().is_redirection());
}

#[tokio::test]
async fn roles_come_from_the_directory() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/account", "dpo").await;
    let html = browser
        .client
        .get(app.url("/account"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Data protection officer, Ha Noi"), "{html}");
}

#[tokio::test]
async fn a_typed_test_identity_is_checked_and_kept_on_error() {
    let app = spawn_app().await;
    let browser = app.browser();
    let page = through_dev_provider(
        &browser,
        "/auth/sign-in?next=/account",
        &[
            ("persona", "custom"),
            ("personal_id", "12345"),
            ("name", "Đỗ Thị Ễ"),
            ("decision", "approve"),
        ],
    )
    .await;
    assert_eq!(page.status(), 422);
    let html = page.text().await.unwrap();
    assert!(html.contains("value=\"Đỗ Thị Ễ\""), "the name is kept");
    assert!(
        html.contains("href=\"#personal_id\""),
        "the summary links to the field"
    );
    assert!(
        html.contains("href=\"#level-first\""),
        "a missing level is reported"
    );

    let next = {
        let back = through_dev_provider(
            &browser,
            "/auth/sign-in?next=/account",
            &[
                ("persona", "custom"),
                ("personal_id", "079803004567"),
                ("name", "Đỗ Thị Ễ"),
                ("level", "1"),
                ("decision", "approve"),
            ],
        )
        .await;
        location(&browser.get(&location(&back)).await)
    };
    assert_eq!(next, "/account");
    let html = browser.get("/account").await.text().await.unwrap();
    assert!(html.contains("Đỗ Thị Ễ") && html.contains("••••••••4567"));
    assert!(
        html.contains("/auth/sign-in?level=2"),
        "a level 1 session is offered a level 2 sign-in"
    );
    assert!(!logs::all().contains("079803004567"));
}

#[tokio::test]
async fn the_dev_provider_refuses_unknown_clients_and_redirects() {
    let app = spawn_app().await;
    for query in [
        "response_type=code&client_id=other&redirect_uri=x&scope=openid&code_challenge=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&code_challenge_method=S256",
        "response_type=code&client_id=citizen-privacy-dev&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&scope=openid&code_challenge=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&code_challenge_method=S256",
        &format!(
            "response_type=code&client_id=citizen-privacy-dev&redirect_uri={}%2Fauth%2Fcallback&scope=openid&code_challenge=abc&code_challenge_method=plain",
            url::form_urlencoded::byte_serialize(app.address.as_bytes()).collect::<String>()
        ),
    ] {
        let response = app.get(&format!("/dev-idp/authorize?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        assert!(response.headers().get("location").is_none());
    }
}

#[tokio::test]
async fn production_refuses_the_dev_provider_and_the_development_keys() {
    use server::Settings;
    let production = |extra: &[(&str, &str)]| {
        let mut vars: Vec<(String, String)> = [
            ("APP_ENV", "production"),
            ("PUBLIC_URL", "https://dulieu.example.vn"),
            (
                "PSEUDONYM_KEY",
                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ),
            (
                "CHECKPOINT_SIGNING_KEY",
                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        vars.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        // The last value of a name wins, so `extra` overrides the base.
        Settings::from_source(|name| {
            vars.iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    };
    let error = production(&[]).unwrap_err();
    assert_eq!(error.variable, "OIDC_ISSUER");
    let error = production(&[("DEV_IDP", "on")]).unwrap_err();
    assert_eq!(
        error.variable, "DEV_IDP",
        "never in production, even when asked"
    );
    assert!(
        error.problem.contains("never runs in production"),
        "{error}"
    );
    // The keys published in the source are refused by name.
    use base64::Engine as _;
    let published =
        base64::engine::general_purpose::STANDARD.encode(b"development-only-pseudonym-key!!");
    let issuer = [
        ("OIDC_ISSUER", "https://vneid.example.vn"),
        ("OIDC_CLIENT_ID", "c"),
    ];
    let mut vars = issuer.to_vec();
    vars.push(("PSEUDONYM_KEY", published.as_str()));
    let error = production(&vars).unwrap_err();
    assert_eq!(error.variable, "PSEUDONYM_KEY");
    assert!(error.problem.contains("development key"), "{error}");
}

#[test]
fn development_listens_only_on_loopback_and_names_its_keys() {
    use server::Settings;
    let with = |vars: &[(&str, &str)]| {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Settings::from_source(move |name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    };
    for open in ["0.0.0.0:3000", "192.168.1.10:3000", "[::]:3000"] {
        let error = with(&[("LISTEN_ADDR", open)]).unwrap_err();
        assert_eq!(error.variable, "LISTEN_ADDR", "{open}");
        assert!(error.problem.contains("not a loopback address"), "{error}");
    }
    for local in ["127.0.0.1:3000", "[::1]:3000"] {
        let settings = with(&[("LISTEN_ADDR", local)]).unwrap();
        assert_eq!(
            settings.development_keys(),
            ["PSEUDONYM_KEY", "CHECKPOINT_SIGNING_KEY"],
            "the published keys are named"
        );
    }
}

#[tokio::test]
async fn the_dev_sign_in_banner_is_on_every_page_while_it_is_on() {
    let app = spawn_app().await;
    for path in ["/", "/officers", "/privacy"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("class=\"dev-banner\""), "{path}");
    }
    let provider = spawn_provider().await;
    let settings = provider.app_settings();
    let pairs: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let real = spawn_app_with(&pairs).await;
    let html = real.get("/").await.text().await.unwrap();
    assert!(!html.contains("class=\"dev-banner\""));
}

#[tokio::test]
async fn two_instances_on_one_postgres_share_sessions() {
    let Some(url) = crate::helpers::fresh_postgres_database().await else {
        return;
    };
    let a = spawn_app_with(&[("DATABASE_URL", &url)]).await;
    let b = spawn_app_with(&[("DATABASE_URL", &url)]).await;
    let browser = a.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/account", "citizen").await;
    let on_b = browser.at(&b);
    let html = on_b.get("/account").await.text().await.unwrap();
    assert!(html.contains(CITIZEN_NAME), "instance B knows the session");
    let token = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let out = on_b
        .post_form("/auth/sign-out", &[("csrf_token", &token)])
        .await;
    assert!(out.status().is_redirection());
    assert!(
        browser.get("/account").await.status().is_redirection(),
        "signing out on B ends the session on A"
    );
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_person_only() {
    let mut databases = vec![None];
    if let Some(url) = crate::helpers::fresh_postgres_database().await {
        databases.push(Some(url));
    }
    for url in databases {
        let overrides: Vec<(&str, &str)> = url
            .iter()
            .map(|url| ("DATABASE_URL", url.as_str()))
            .collect();
        let a = spawn_app_with(&overrides).await;
        // On PostgreSQL the phone's requests go to a second instance.
        let b = match &url {
            Some(_) => Some(spawn_app_with(&overrides).await),
            None => None,
        };
        let laptop = a.browser();
        let phone = b.as_ref().unwrap_or(&a).browser();
        let officer = a.browser();
        sign_in_as(&laptop, "/auth/sign-in?next=/account", "citizen").await;
        sign_in_as(&phone, "/auth/sign-in?next=/account", "citizen").await;
        sign_in_as(&officer, "/auth/sign-in?next=/account", "dpo").await;
        let html = laptop.get("/account").await.text().await.unwrap();
        assert!(
            html.contains("/auth/sign-out-everywhere"),
            "the account page offers it"
        );
        let token = csrf_token(&html);

        let out = laptop
            .post_form("/auth/sign-out-everywhere", &[("csrf_token", &token)])
            .await;
        assert!(out.status().is_redirection(), "{}", out.status());
        for (who, browser) in [("laptop", &laptop), ("phone", &phone)] {
            let after = browser.get("/account").await;
            assert!(
                location(&after).starts_with("/auth/sign-in?next="),
                "the {who} is signed out"
            );
        }
        let html = officer.get("/account").await.text().await.unwrap();
        assert!(
            html.contains("Phạm Minh Đức"),
            "another person stays signed in"
        );

        // Signing in again at once works, and the activity says what happened.
        sign_in_as(&phone, "/auth/sign-in?next=/account", "citizen").await;
        let html = phone.get("/account/activity").await.text().await.unwrap();
        assert!(
            html.contains("Signed out on every device")
                || html.contains("Đã đăng xuất trên mọi thiết bị"),
            "{html}"
        );
        assert_eq!(
            phone.get("/account").await.status(),
            200,
            "the new session lives"
        );
    }
}

// ----- A third-party provider that misbehaves -----

/// Starts a sign-in against `provider` and presents the callback; returns
/// where the dashboard sends the browser.
async fn callback_outcome(app: &TestApp, provider: &provider::Provider, mode: Mode) -> String {
    provider.set_mode(mode);
    let browser = app.browser();
    let to_provider = location(&browser.get("/auth/sign-in?next=/account").await);
    assert!(to_provider.starts_with(provider.url()), "{to_provider}");
    provider.saw_authorization_request(&to_provider);
    let state = query_param(&to_provider, "state").unwrap();
    let callback = format!("/auth/callback?code=any&state={state}");
    let outcome = location(&browser.get(&callback).await);
    if outcome == "/account" {
        assert_eq!(browser.get("/account").await.status(), 200);
    } else {
        assert!(browser.get("/account").await.status().is_redirection());
    }
    outcome
}

async fn app_for(provider: &provider::Provider) -> TestApp {
    let settings = provider.app_settings();
    let pairs: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    spawn_app_with(&pairs).await
}

#[tokio::test]
async fn a_good_token_from_a_third_party_provider_signs_in() {
    let provider = spawn_provider().await;
    let app = app_for(&provider).await;
    assert_eq!(
        callback_outcome(&app, &provider, Mode::Good).await,
        "/account"
    );
    // Claims the ID token leaves out are read from userinfo.
    assert_eq!(
        callback_outcome(&app, &provider, Mode::ClaimsAtUserinfo).await,
        "/account"
    );
    // A key published after discovery is found by discovering again.
    assert_eq!(
        callback_outcome(&app, &provider, Mode::RotatedKey).await,
        "/account"
    );
}

#[tokio::test]
async fn every_bad_id_token_is_refused() {
    let provider = spawn_provider().await;
    let app = app_for(&provider).await;
    for mode in [
        Mode::WrongIssuer,
        Mode::WrongAudience,
        Mode::WrongNonce,
        Mode::Expired,
        Mode::IssuedInTheFuture,
        Mode::BadSignature,
        Mode::AlgNone,
        Mode::Hs256WithPublicKey,
        Mode::Hs256WithClientSecret,
        Mode::UnknownKey,
    ] {
        assert_eq!(
            callback_outcome(&app, &provider, mode).await,
            "/auth/failed?reason=invalid-token",
            "{mode:?}"
        );
    }
    assert_eq!(
        callback_outcome(&app, &provider, Mode::MissingPersonalId).await,
        "/auth/failed?reason=missing-claims"
    );
    let failures = app.store().await.list_failed_sign_ins(50).await.unwrap();
    assert_eq!(failures.len(), 11);
    assert!(!logs::all().contains(provider::PERSONAL_ID));
}

#[tokio::test]
async fn a_slow_or_absent_provider_is_explained() {
    let provider = spawn_provider().await;
    let app = app_for(&provider).await;
    assert_eq!(
        callback_outcome(&app, &provider, Mode::Slow).await,
        "/auth/failed?reason=provider-unavailable"
    );
    let nowhere = spawn_app_with(&[
        ("DEV_IDP", "off"),
        ("OIDC_ISSUER", "http://127.0.0.1:9"),
        ("OIDC_CLIENT_ID", "x"),
        ("OIDC_TIMEOUT_SECONDS", "1"),
    ])
    .await;
    let browser = nowhere.browser();
    let failed = location(&browser.get("/auth/sign-in").await);
    assert_eq!(failed, "/auth/failed?reason=provider-unavailable");
    assert_eq!(browser.get(&failed).await.status(), 503);
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_address() {
    let app = spawn_app_with(&[
        ("SIGN_IN_RATE_BURST", "3"),
        ("SIGN_IN_RATE_PERIOD_MS", "60000"),
    ])
    .await;
    let browser = app.browser();
    for _ in 0..3 {
        assert!(browser.get("/auth/sign-in").await.status().is_redirection());
    }
    let limited = browser
        .client
        .get(app.url("/auth/sign-in"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);
    let html = limited.text().await.unwrap();
    assert!(html.contains("too many sign-ins"), "{html}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_citizen_has_their_own_sign_in_limit() {
    let limited = [
        ("SIGN_IN_RATE_BURST", "2"),
        ("SIGN_IN_RATE_PERIOD_MS", "60000"),
    ];
    let mut behind = limited.to_vec();
    behind.push(("TRUSTED_PROXIES", "127.0.0.1"));
    let proxied = spawn_app_with(&behind).await;
    let direct = spawn_app_with(&limited).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let sign_in = |app: &crate::helpers::TestApp, from: &str| {
        client
            .get(app.url("/auth/sign-in"))
            .header("x-forwarded-for", from.to_owned())
            .send()
    };
    for _ in 0..2 {
        assert!(
            sign_in(&proxied, "203.0.113.9")
                .await
                .unwrap()
                .status()
                .is_redirection()
        );
    }
    assert_eq!(
        sign_in(&proxied, "203.0.113.9").await.unwrap().status(),
        429
    );
    assert!(
        sign_in(&proxied, "198.51.100.7")
            .await
            .unwrap()
            .status()
            .is_redirection(),
        "another citizen behind the same proxy is not held up"
    );
    // Without a trusted proxy the header is the client's own words.
    for from in ["203.0.113.1", "203.0.113.2"] {
        assert!(
            sign_in(&direct, from)
                .await
                .unwrap()
                .status()
                .is_redirection()
        );
    }
    assert_eq!(sign_in(&direct, "203.0.113.3").await.unwrap().status(), 429);
}
