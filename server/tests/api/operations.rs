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
