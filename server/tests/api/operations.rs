//! Health, readiness and graceful shutdown.

use std::time::Duration;

use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_and_readyz_answer_ok() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let a = app.get("/healthz").await;
    let b = app.get("/healthz").await;
    let id = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id(&a).len(), 36);
    assert_ne!(id(&a), id(&b));
}

#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish_and_refuses_new_ones() {
    let mut app = spawn_app().await;
    let slow = {
        let client = app.client.clone();
        let url = app.url("/test/slow");
        tokio::spawn(async move { client.get(url).send().await })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    app.begin_stop();
    let response = slow
        .await
        .unwrap()
        .expect("the in-flight request must complete");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "finished");
    app.server.take().unwrap().await.unwrap().unwrap();
    let fresh = reqwest::Client::new().get(app.url("/healthz")).send().await;
    assert!(
        fresh.is_err(),
        "a stopped server must not accept connections"
    );
}

#[tokio::test]
async fn a_stopping_instance_fails_readiness_at_once_and_serves_until_drained() {
    let mut app = crate::helpers::spawn_app_with(&[("SHUTDOWN_DRAIN_SECONDS", "2")]).await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.begin_stop();
    // The signal is handled on the server's task: give it a moment.
    let mut ready = app.get("/readyz").await;
    for _ in 0..50 {
        if ready.status() != 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        ready = app.get("/readyz").await;
    }
    assert_eq!(ready.status(), 503);
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["status"],
        "draining"
    );
    // Still serving everything else while the balancer moves away.
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/").await.status(), 200);
    app.server.take().unwrap().await.unwrap().unwrap();
    assert!(
        reqwest::Client::new()
            .get(app.url("/healthz"))
            .send()
            .await
            .is_err()
    );
}

/// The samples of an OpenMetrics text, checked line by line: `# HELP`,
/// `# TYPE`, `# UNIT` comments, `name{labels} value` samples whose value is
/// a number, and `# EOF` last. Returns (name with labels, value).
fn parse_openmetrics(text: &str) -> Vec<(String, f64)> {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.last(), Some(&"# EOF"), "ends with # EOF");
    let mut samples = Vec::new();
    for line in &lines[..lines.len() - 1] {
        if let Some(comment) = line.strip_prefix("# ") {
            let kind = comment.split(' ').next().unwrap();
            assert!(["HELP", "TYPE", "UNIT"].contains(&kind), "{line}");
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line}"));
        let name_end = series.find('{').unwrap_or(series.len());
        let name = &series[..name_end];
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':'),
            "{line}"
        );
        if name_end < series.len() {
            assert!(series.ends_with('}'), "{line}");
        }
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("{line}"));
        samples.push((series.to_owned(), value));
    }
    samples
}

fn sample(samples: &[(String, f64)], series: &str) -> f64 {
    samples
        .iter()
        .find(|(s, _)| s == series)
        .map_or(0.0, |(_, value)| *value)
}

#[tokio::test]
async fn metrics_parse_move_with_requests_and_stay_off_the_public_listener() {
    let app = crate::helpers::spawn_app_with(&[("METRICS_ADDR", "127.0.0.1:0")]).await;
    let metrics_url = format!("{}/metrics", app.metrics_address.clone().unwrap());
    let scrape = || async {
        let response = reqwest::get(&metrics_url).await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/openmetrics-text")
        );
        parse_openmetrics(&response.text().await.unwrap())
    };
    let route =
        r#"citizen_privacy_http_requests_total{route="/healthz",method="GET",status="2xx"}"#;
    let before = scrape().await;
    for _ in 0..3 {
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
    let after = scrape().await;
    assert_eq!(sample(&after, route) - sample(&before, route), 3.0);
    assert!(
        sample(
            &after,
            r#"citizen_privacy_http_request_duration_seconds_count{route="/healthz"}"#
        ) >= 3.0
    );
    // The demo's mail and leases are read from the database.
    assert!(
        after
            .iter()
            .any(|(s, _)| s == "citizen_privacy_outbox_depth")
    );
    // A refused agency batch (no token) is counted as refused.
    let refused = r#"citizen_privacy_agency_batches_total{kind="events",outcome="refused"}"#;
    let status = app
        .client
        .post(app.url("/api/v1/sharing-events"))
        .json(&serde_json::json!({ "events": [] }))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401);
    assert_eq!(
        sample(&scrape().await, refused) - sample(&after, refused),
        1.0
    );
    // Never on the public listener.
    assert_eq!(app.get("/metrics").await.status(), 404);
}
