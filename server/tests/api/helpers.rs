//! Starting the application for a test.

use std::{collections::HashMap, time::Duration};

use axum::{Router, routing::get};
use server::{AppState, Application, Settings};

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database_url: String,
    /// `http://127.0.0.1:port` of `/metrics`, when `METRICS_ADDR` is set.
    pub metrics_address: Option<String>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub server: Option<tokio::task::JoinHandle<Result<(), server::StartupError>>>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A client that keeps cookies like a browser and, like a browser,
    /// says where its POSTs come from.
    pub fn browser(&self) -> Browser {
        Browser {
            client: browser_client(),
            origin: self.address.clone(),
        }
    }

    /// The application's store, opened separately on the same database.
    pub async fn store(&self) -> std::sync::Arc<dyn app::server::Store> {
        let url = self.database_url.clone();
        let settings = Settings::from_source(|name| match name {
            "DATABASE_URL" => Some(url.clone()),
            _ => None,
        })
        .unwrap();
        server::storage::connect(&settings).await.unwrap().store
    }

    /// Begins a graceful shutdown without waiting.
    pub fn begin_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Routes only tests have: a slow handler and one that panics.
fn test_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/test/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(500)).await;
                "finished"
            }),
        )
        .route(
            "/test/panic",
            get(|| async {
                if std::hint::black_box(true) {
                    panic!("secret internal detail");
                }
                "unreachable"
            }),
        )
}

pub fn browser_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// A cookie-keeping client for one app (cookies are per host, not per
/// port, so one browser can visit two instances on 127.0.0.1).
pub struct Browser {
    pub client: reqwest::Client,
    pub origin: String,
}

impl Browser {
    fn absolute(&self, url: &str) -> String {
        if url.starts_with("http") {
            url.to_owned()
        } else {
            format!("{}{url}", self.origin)
        }
    }

    pub async fn get(&self, url: &str) -> reqwest::Response {
        self.client.get(self.absolute(url)).send().await.unwrap()
    }

    /// A same-origin form POST, as a browser sends it.
    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.absolute(url))
            .header("origin", &self.origin)
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// A JSON answer (of a server function, say).
    pub async fn json(&self, url: &str) -> serde_json::Value {
        self.get(url).await.json().await.unwrap()
    }

    /// A form on page `from` submitted without JavaScript to `action`: the
    /// browser accepts HTML and names the page it came from.
    pub async fn submit(
        &self,
        from: &str,
        action: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(self.absolute(action))
            .header("origin", &self.origin)
            .header("sec-fetch-site", "same-origin")
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", self.absolute(from))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The same client pointed at another instance.
    pub fn at(&self, app: &TestApp) -> Browser {
        Browser {
            client: self.client.clone(),
            origin: app.address.clone(),
        }
    }
}

/// The `Location` of a redirect.
pub fn location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "expected a redirect, got {} for {}",
        response.status(),
        response.url()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(overrides: &[(&str, &str)]) -> TestApp {
    crate::logs::capture();
    let dir = tempfile::tempdir().unwrap();
    let mut vars: HashMap<String, String> = HashMap::from([
        ("LISTEN_ADDR".into(), "127.0.0.1:0".into()),
        (
            "DATABASE_URL".into(),
            format!("sqlite://{}/app.db", dir.path().display()),
        ),
        ("SITE_ROOT".into(), dir.path().display().to_string()),
        ("MAX_BODY_BYTES".into(), "4096".into()),
        ("SHUTDOWN_TIMEOUT_SECONDS".into(), "5".into()),
        // Every test signs in from 127.0.0.1; the limit has its own test.
        ("SIGN_IN_RATE_BURST".into(), "1000".into()),
    ]);
    for (name, value) in overrides {
        vars.insert((*name).into(), (*value).into());
    }
    let database_url = vars["DATABASE_URL"].clone();
    let settings = Settings::from_source(|name| vars.get(name).cloned()).unwrap();
    let app = Application::build_with_routes(settings, test_routes())
        .await
        .unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = app
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        database_url,
        metrics_address,
        stop: Some(stop),
        server: Some(server),
        _dir: dir,
    }
}

/// A new, empty PostgreSQL database on `TEST_POSTGRES_URL`'s server, or
/// None when that is not set (outside CI; in CI a missing URL fails).
pub async fn fresh_postgres_database() -> Option<String> {
    use sqlx::Connection as _;
    let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "TEST_POSTGRES_URL must be set in CI"
        );
        eprintln!("TEST_POSTGRES_URL not set: skipping");
        return None;
    };
    let name = format!("api_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = admin_url
        .split('?')
        .next()
        .unwrap()
        .rsplit_once('/')
        .unwrap();
    Some(format!("{base}/{name}"))
}

/// Runs one SQL statement on a database directly (behind the app's back).
pub async fn execute_sql(url: &str, sql: &str) {
    use sqlx::Connection as _;
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    }
}

/// Apps without demo data (so the log starts empty), on SQLite and, when
/// TEST_POSTGRES_URL is set, on PostgreSQL.
pub async fn apps_without_demo() -> Vec<TestApp> {
    let mut apps = vec![spawn_app_with(&[("DEMO_DATA", "false")]).await];
    if let Some(url) = fresh_postgres_database().await {
        apps.push(spawn_app_with(&[("DATABASE_URL", &url), ("DEMO_DATA", "false")]).await);
    }
    apps
}

/// The pseudonymizer of the development settings the test apps run with.
pub fn development_pseudonymizer() -> server::auth::Pseudonymizer {
    let settings = Settings::from_source(|_| None).unwrap();
    server::auth::Pseudonymizer::new(settings.pseudonym_key.expose()).unwrap()
}

/// The time now, as the stores take it.
pub fn now() -> i64 {
    app::server::now()
}

/// A fresh API token for `agency`, stored the way the CLI stores it.
pub async fn agency_token(app: &TestApp, agency: &str) -> String {
    let (token, id, hash) = server::http::agency_api::new_token(&development_pseudonymizer());
    app.store()
        .await
        .insert_agency_credential(
            agency,
            &credential(id, hash, now() + 86_400),
            test_change(now()),
        )
        .await
        .unwrap();
    token
}

/// A credential to store, usable until `expires_at`.
pub fn credential(
    token_id: String,
    token_hash: String,
    expires_at: i64,
) -> app::server::NewCredential {
    app::server::NewCredential {
        token_id,
        token_hash,
        expires_at,
    }
}

/// A token change made by a test, at `now`, as from the command line.
pub fn test_change(now: i64) -> app::server::ChangeNote<'static> {
    app::server::ChangeNote {
        reason: "test",
        actor: None,
        now,
    }
}

/// The anti-forgery token a page carries in its forms.
pub fn csrf_token(html: &str) -> String {
    html.split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries the anti-forgery token")
        .to_owned()
}

/// `agency_token`'s agency reports one sharing event (BHXH receives it for
/// health insurance) from `system` with `categories`; the API's answer.
pub async fn report_sharing(
    app: &TestApp,
    token: &str,
    event_id: &str,
    system: &str,
    categories: &[&str],
) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sharing-events"))
        .bearer_auth(token)
        .json(&serde_json::json!({ "events": [{
            "event_id": event_id,
            "occurred_at": "2026-03-05T14:30:00+07:00",
            "personal_id": "001990012345",
            "provider_system": system,
            "recipient_agency": "BHXH",
            "categories": categories,
            "purpose": "health-insurance",
            "legal_basis": "health-insurance-law",
            "method": "online-connection",
            "mode": "default",
            "outcome": "provided",
        }] }))
        .send()
        .await
        .unwrap()
}
