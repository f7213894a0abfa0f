//! The agencies' API: batches of sharing events, idempotent retries,
//! all-or-nothing refusal with every bad field named, credentials, and the
//! hash chain catching an edit made directly in the database. Each scenario
//! runs on SQLite and (when TEST_POSTGRES_URL is set) PostgreSQL.

use serde_json::{Value, json};
use server::{
    Settings,
    auth::Pseudonymizer,
    sharing_log::{CheckpointSigner, VerifyError, verify_log},
};

use crate::helpers::{
    TestApp, agency_token as token_for, apps_without_demo as apps, credential, spawn_app_with,
    test_change,
};

fn development_settings() -> Settings {
    Settings::from_source(|_| None).unwrap()
}

fn event(id: &str, personal_id: &str) -> Value {
    json!({
        "event_id": id,
        "occurred_at": "2026-03-05T14:30:00+07:00",
        "personal_id": personal_id,
        "provider_system": "BCA-NPD",
        "recipient_agency": "BHXH",
        "recipient_system": "BHXH-INSURANCE",
        "categories": ["full-name", "residence"],
        "purpose": "health-insurance",
        "legal_basis": "health-insurance-law",
        "method": "online-connection",
        "mode": "default",
        "outcome": "provided",
    })
}

async fn post(app: &TestApp, token: Option<&str>, body: &Value) -> (u16, Value) {
    let mut request = app
        .client
        .post(app.url("/api/v1/sharing-events"))
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn chain_length(app: &TestApp) -> i64 {
    let key = CheckpointSigner::from_seed(development_settings().checkpoint_key.expose())
        .unwrap()
        .verifying_key();
    let key = server::sharing_log::KeyRing::single(key);
    verify_log(&*app.store().await, &key).await.unwrap().events
}

#[tokio::test]
async fn a_batch_is_appended_once_even_when_retried() {
    for app in apps().await {
        let token = token_for(&app, "BCA").await;
        let batch = json!({ "events": [
            event("BCA-1", "001990012345"),
            event("BCA-2", "001990012345"),
            event("BCA-3", "079885004321"),
        ]});
        let (status, body) = post(&app, Some(&token), &batch).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["accepted"], 3);
        assert_eq!(body["head"]["seq"], 3);
        assert_eq!(body["checkpoint"]["seq"], 3);
        let (status, again) = post(&app, Some(&token), &batch).await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(again["accepted"], 0);
        assert_eq!(again["duplicates"], 3);
        assert_eq!(again["head"], body["head"], "the chain did not move");
        assert_eq!(chain_length(&app).await, 3);
    }
}

#[tokio::test]
async fn a_batch_with_a_bad_item_writes_nothing_and_names_every_problem() {
    for app in apps().await {
        let token = token_for(&app, "BCA").await;
        let mut bad = event("BCA-9", "1234");
        bad["purpose"] = json!("curiosity");
        bad["categories"] = json!([]);
        let batch = json!({ "events": [event("BCA-8", "001990012345"), bad] });
        let (status, body) = post(&app, Some(&token), &batch).await;
        assert_eq!(status, 422, "{body}");
        let problems: Vec<(u64, &str, &str)> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["index"].as_u64().unwrap(),
                    e["field"].as_str().unwrap(),
                    e["problem"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            problems,
            [
                (1, "personal_id", "malformed"),
                (1, "categories", "required"),
                (1, "purpose", "unknown"),
            ]
        );
        assert_eq!(chain_length(&app).await, 0, "nothing half-written");

        for (body, what) in [
            (json!({ "events": [] }), "empty"),
            (
                json!({ "events": [event("x", "001990012345")], "extra": 1 }),
                "unknown field",
            ),
            (json!({ "items": [] }), "wrong shape"),
        ] {
            let (status, _) = post(&app, Some(&token), &body).await;
            assert_eq!(status, 422, "{what}");
        }
    }
}

#[tokio::test]
async fn an_event_id_reused_for_other_content_is_refused() {
    for app in apps().await {
        let token = token_for(&app, "BCA").await;
        let (status, _) = post(
            &app,
            Some(&token),
            &json!({ "events": [event("BCA-1", "001990012345")] }),
        )
        .await;
        assert_eq!(status, 200);
        let mut changed = event("BCA-1", "001990012345");
        changed["recipient_agency"] = json!("BTP");
        changed["recipient_system"] = json!("BTP-CIVIL");
        let (status, body) = post(
            &app,
            Some(&token),
            &json!({ "events": [event("BCA-2", "001990012345"), changed] }),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["errors"][0]["index"], 1);
        assert_eq!(body["errors"][0]["problem"], "reused");
        assert_eq!(chain_length(&app).await, 1, "BCA-2 was not written either");
    }
}

#[tokio::test]
async fn credentials_are_checked_and_agencies_write_only_for_themselves() {
    for app in apps().await {
        let token = token_for(&app, "BCA").await;
        let batch = json!({ "events": [event("BCA-1", "001990012345")] });
        let forged = format!("{}x", token);
        for bad in [
            None,
            Some("cpd_nothing_here"),
            Some(forged.as_str()),
            Some("Basic abc"),
        ] {
            let (status, _) = post(&app, bad, &batch).await;
            assert_eq!(status, 401, "{bad:?}");
        }
        let mut other = event("BHXH-1", "001990012345");
        other["provider_agency"] = json!("BHXH");
        let (status, _) = post(&app, Some(&token), &json!({ "events": [other] })).await;
        assert_eq!(status, 403);
        let mut their_system = event("BCA-5", "001990012345");
        their_system["provider_system"] = json!("BHXH-INSURANCE");
        let (status, body) = post(&app, Some(&token), &json!({ "events": [their_system] })).await;
        assert_eq!(status, 422);
        assert_eq!(body["errors"][0]["field"], "provider_system");
        assert_eq!(body["errors"][0]["problem"], "not-yours");
        assert_eq!(chain_length(&app).await, 0);
    }
}

#[tokio::test]
async fn expired_and_revoked_tokens_are_refused_and_use_is_recorded() {
    use app::server::Revocation;
    for app in apps().await {
        let store = app.store().await;
        let batch = json!({ "events": [event("BCA-1", "001990012345")] });
        let now = crate::helpers::now();

        let (expired, id, hash) =
            server::http::agency_api::new_token(&crate::helpers::development_pseudonymizer());
        store
            .insert_agency_credential(
                "BCA",
                &credential(id, hash, now - 1),
                test_change(now - 100),
            )
            .await
            .unwrap();
        let (status, _) = post(&app, Some(&expired), &batch).await;
        assert_eq!(status, 401, "an expired token is refused");

        let token = token_for(&app, "BCA").await;
        let id = server::http::agency_api::token_id(&token).to_owned();
        let listed = store.list_agency_credentials(Some("BCA")).await.unwrap();
        let unused = listed.iter().find(|t| t.token_id == id).unwrap();
        assert_eq!(unused.last_used_at, None);
        assert!(unused.expires_at > now);
        let (status, body) = post(&app, Some(&token), &batch).await;
        assert_eq!(status, 200, "{body}");
        let listed = store.list_agency_credentials(None).await.unwrap();
        let used = listed.iter().find(|t| t.token_id == id).unwrap();
        let last_used = used.last_used_at.expect("the use is recorded");
        assert!(
            (now - 5..=now + 5).contains(&last_used),
            "{last_used} vs {now}"
        );
        assert_eq!(listed.len(), 2, "both tokens are listed");

        assert_eq!(
            store
                .revoke_agency_credential(&id, test_change(now))
                .await
                .unwrap(),
            Revocation::Revoked
        );
        assert_eq!(
            store
                .revoke_agency_credential(&id, test_change(now))
                .await
                .unwrap(),
            Revocation::AlreadyRevoked
        );
        assert_eq!(
            store
                .revoke_agency_credential("nope", test_change(now))
                .await
                .unwrap(),
            Revocation::Unknown
        );
        let (status, _) = post(
            &app,
            Some(&token),
            &json!({ "events": [event("BCA-2", "001990012345")] }),
        )
        .await;
        assert_eq!(status, 401, "a revoked token is refused at once");
        assert_eq!(
            chain_length(&app).await,
            1,
            "only the first report was written"
        );
    }
}

#[tokio::test]
async fn during_a_rotation_both_tokens_work_and_after_the_grace_only_the_new_one() {
    use app::server::Rotation;
    let apps = apps().await;
    let mut tokens = Vec::new();
    for app in &apps {
        let store = app.store().await;
        let old = token_for(app, "BCA").await;
        let old_id = server::http::agency_api::token_id(&old).to_owned();
        let (new, new_id, new_hash) =
            server::http::agency_api::new_token(&crate::helpers::development_pseudonymizer());
        let now = crate::helpers::now();
        // A grace period of two seconds, so the test can outlive it.
        let rotated = store
            .rotate_agency_credential(
                &old_id,
                &credential(new_id, new_hash, now + 86_400),
                now + 2,
                test_change(now),
            )
            .await
            .unwrap();
        assert_eq!(
            rotated,
            Rotation::Rotated {
                agency_code: "BCA".into(),
                old_until: now + 2
            }
        );
        // A token is rotated once.
        let (_, other_id, other_hash) =
            server::http::agency_api::new_token(&crate::helpers::development_pseudonymizer());
        assert_eq!(
            store
                .rotate_agency_credential(
                    &old_id,
                    &credential(other_id, other_hash, now + 86_400),
                    now + 2,
                    test_change(now),
                )
                .await
                .unwrap(),
            Rotation::Unknown
        );
        for (n, token) in [&old, &new].into_iter().enumerate() {
            let batch = json!({ "events": [event(&format!("BCA-{n}"), "001990012345")] });
            let (status, body) = post(app, Some(token), &batch).await;
            assert_eq!(status, 200, "both work during the grace period: {body}");
        }
        tokens.push((old, new));
    }
    tokio::time::sleep(std::time::Duration::from_millis(3_100)).await;
    for (app, (old, new)) in apps.iter().zip(&tokens) {
        let batch = json!({ "events": [event("BCA-9", "001990012345")] });
        let (status, _) = post(app, Some(old), &batch).await;
        assert_eq!(
            status, 401,
            "the old token is refused after the grace period"
        );
        let (status, body) = post(app, Some(new), &batch).await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn checkpoints_signed_before_a_key_rotation_still_verify_after_it() {
    use base64::Engine as _;
    for first in apps().await {
        let store = first.store().await;
        let token = token_for(&first, "BCA").await;
        let (status, body) = post(
            &first,
            Some(&token),
            &json!({ "events": [event("BCA-1", "001990012345")] }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["checkpoint"]["seq"], 1);
        let old_id = store.list_checkpoints().await.unwrap()[0]
            .key_id
            .clone()
            .expect("the checkpoint names its key");

        // Rotate to a new key, then start an instance that signs with it.
        let seed = [7u8; 32];
        let new = CheckpointSigner::from_seed(&seed).unwrap();
        store
            .rotate_checkpoint_key(new.key_id(), &new.public_key(), crate::helpers::now())
            .await
            .unwrap();
        let encoded = base64::engine::general_purpose::STANDARD.encode(seed);
        let second = spawn_app_with(&[
            ("DATABASE_URL", &first.database_url),
            ("DEMO_DATA", "false"),
            ("CHECKPOINT_SIGNING_KEY", &encoded),
        ])
        .await;
        let (status, body) = post(
            &second,
            Some(&token),
            &json!({ "events": [event("BCA-2", "001990012345")] }),
        )
        .await;
        assert_eq!(status, 200, "{body}");

        let published = second.get("/api/v1/log/public-key").await;
        assert_eq!(published.status(), 200);
        let published: Value = published.json().await.unwrap();
        assert_eq!(published["key_id"], new.key_id());
        assert_eq!(published["public_key"], new.public_key());
        let keys = published["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0]["key_id"], old_id.as_str());
        assert!(
            keys[0]["retired_at"].is_string(),
            "the old key's period ended"
        );
        assert!(keys[1]["retired_at"].is_null());

        let checkpoints = store.list_checkpoints().await.unwrap();
        let signed_by: Vec<Option<&str>> =
            checkpoints.iter().map(|c| c.key_id.as_deref()).collect();
        assert_eq!(signed_by, vec![Some(old_id.as_str()), Some(new.key_id())]);
        let ring = server::sharing_log::KeyRing::new(&store.list_checkpoint_keys().await.unwrap());
        let verified = verify_log(&*store, &ring).await.unwrap();
        assert_eq!((verified.events, verified.checkpoints), (2, 2));
        // The old key alone no longer covers the log, the ring does.
        let old_only = server::sharing_log::KeyRing::single(
            CheckpointSigner::from_seed(development_settings().checkpoint_key.expose())
                .unwrap()
                .verifying_key(),
        );
        assert!(matches!(
            verify_log(&*store, &old_only).await,
            Err(VerifyError::CheckpointSignature { seq: 2 })
        ));
        let proofs = server::sharing_log::inclusion_proofs(&*store, &[1, 2])
            .await
            .unwrap();
        assert_eq!(proofs.len(), 2);
        assert!(
            proofs
                .iter()
                .all(|p| server::sharing_log::verify_proof(p, &ring))
        );

        // A key the log does not know does not start.
        let stranger = base64::engine::general_purpose::STANDARD.encode([9u8; 32]);
        let settings = Settings::from_source(|name| match name {
            "DATABASE_URL" => Some(first.database_url.clone()),
            "LISTEN_ADDR" => Some("127.0.0.1:0".into()),
            "DEMO_DATA" => Some("false".into()),
            "CHECKPOINT_SIGNING_KEY" => Some(stranger.clone()),
            _ => None,
        })
        .unwrap();
        let refused = server::Application::build(settings)
            .await
            .err()
            .expect("refused");
        assert!(
            refused
                .to_string()
                .contains("is not one of this log's keys"),
            "{refused}"
        );
    }
}

#[tokio::test]
async fn oversized_batches_get_a_json_413() {
    let app = spawn_app_with(&[]).await;
    let token = token_for(&app, "BCA").await;
    let events: Vec<Value> = (0..50)
        .map(|i| event(&format!("BCA-{i}"), "001990012345"))
        .collect();
    let (status, body) = post(&app, Some(&token), &json!({ "events": events })).await;
    assert_eq!(status, 413, "the test app accepts 4 KiB bodies");
    assert_eq!(body["error"], "too-large");
}

#[tokio::test]
async fn an_edit_made_directly_in_the_database_is_caught() {
    for app in apps().await {
        let token = token_for(&app, "BCA").await;
        let events: Vec<Value> = (1..=4)
            .map(|i| event(&format!("BCA-{i}"), "001990012345"))
            .collect();
        for chunk in events.chunks(2) {
            let (status, _) = post(&app, Some(&token), &json!({ "events": chunk })).await;
            assert_eq!(status, 200);
        }
        assert_eq!(chain_length(&app).await, 4);
        // Someone with database access quietly changes who received event 3.
        let sql = "UPDATE sharing_events SET recipient_agency_id = \
                   (SELECT id FROM agencies WHERE code = 'BTP') WHERE seq = 3";
        crate::helpers::execute_sql(&app.database_url, sql).await;
        let key = CheckpointSigner::from_seed(development_settings().checkpoint_key.expose())
            .unwrap()
            .verifying_key();
        let key = server::sharing_log::KeyRing::single(key);
        let error = verify_log(&*app.store().await, &key).await.unwrap_err();
        assert!(
            matches!(
                error,
                VerifyError::Broken(app::domain::sharing::ChainBreak::Content { seq: 3 })
            ),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn the_checkpoint_key_is_published() {
    let app = spawn_app_with(&[]).await;
    let body: Value = app
        .get("/api/v1/log/public-key")
        .await
        .json()
        .await
        .unwrap();
    let signer =
        CheckpointSigner::from_seed(development_settings().checkpoint_key.expose()).unwrap();
    assert_eq!(body["public_key"], signer.public_key());
}

#[tokio::test]
async fn holdings_are_recorded_replaced_and_checked() {
    for app in apps().await {
        let token = token_for(&app, "BHXH").await;
        let holding = json!({
            "personal_id": "001990012345",
            "system": "BHXH-INSURANCE",
            "categories": ["insurance", "full-name"],
            "purpose": "health-insurance",
            "legal_basis": "health-insurance-law",
            "retention_months": 600,
            "updated_at": "2026-10-01T08:00:00+07:00",
        });
        let send = |body: Value| {
            app.client
                .post(app.url("/api/v1/holdings"))
                .bearer_auth(&token)
                .json(&body)
                .send()
        };
        let response = send(json!({ "holdings": [holding.clone()] }))
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let mut changed = holding.clone();
        changed["retention_months"] = json!(120);
        assert_eq!(
            send(json!({ "holdings": [changed] }))
                .await
                .unwrap()
                .status(),
            200
        );

        let settings = development_settings();
        let pseudonymizer = Pseudonymizer::new(settings.pseudonym_key.expose()).unwrap();
        let pseudonym = pseudonymizer
            .pseudonym(&app::domain::PersonalId::parse("001990012345").unwrap())
            .as_str()
            .to_owned();
        let held = app.store().await.list_holdings(&pseudonym).await.unwrap();
        assert_eq!(held.len(), 1, "replaced, not added");
        assert_eq!(held[0].retention_months, Some(120));
        assert_eq!(held[0].categories.len(), 2);

        // The same holding twice in one batch: the later report wins.
        let mut first = holding.clone();
        first["retention_months"] = json!(24);
        let mut second = holding.clone();
        second["retention_months"] = json!(36);
        let response = send(json!({ "holdings": [first, second] })).await.unwrap();
        assert_eq!(response.status(), 200);
        let held = app.store().await.list_holdings(&pseudonym).await.unwrap();
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].retention_months, Some(36));

        let mut bad = holding.clone();
        bad["system"] = json!("BCA-NPD");
        bad["retention_months"] = json!(0);
        let response = send(json!({ "holdings": [bad] })).await.unwrap();
        assert_eq!(response.status(), 422);
        let body: Value = response.json().await.unwrap();
        let fields: Vec<&str> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["system", "retention_months"]);
    }
}

#[tokio::test]
async fn the_same_event_twice_in_one_batch_is_written_once() {
    for app in apps().await {
        let token = token_for(&app, "BCA").await;
        let same = event("BCA-7", "001990012345");
        let (status, body) = post(
            &app,
            Some(&token),
            &json!({ "events": [same.clone(), same] }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["accepted"], 1);
        assert_eq!(body["duplicates"], 1);
        assert_eq!(chain_length(&app).await, 1);
    }
}

#[tokio::test]
async fn the_overview_counts_only_recent_visible_events_of_the_person() {
    for app in apps().await {
        let token = token_for(&app, "BCA").await;
        let at = |id: &str, personal_id: &str, occurred_at: &str| {
            let mut e = event(id, personal_id);
            e["occurred_at"] = json!(occurred_at);
            e
        };
        let mut deferred = at("BCA-4", "001990012345", "2026-03-20T09:00:00+07:00");
        deferred["visible_from"] = json!("2026-12-01T00:00:00+07:00");
        deferred["legal_basis"] = json!("criminal-procedure-code-2015");
        let (status, body) = post(
            &app,
            Some(&token),
            &json!({ "events": [
                at("BCA-1", "001990012345", "2026-01-10T09:00:00+07:00"),
                at("BCA-2", "001990012345", "2026-03-10T09:00:00+07:00"),
                at("BCA-3", "079885004321", "2026-03-11T09:00:00+07:00"),
                deferred,
            ] }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let settings = development_settings();
        let pseudonymizer = Pseudonymizer::new(settings.pseudonym_key.expose()).unwrap();
        let mai = pseudonymizer
            .pseudonym(&app::domain::PersonalId::parse("001990012345").unwrap())
            .as_str()
            .to_owned();
        let store = app.store().await;
        let day = 86_400;
        // 2026-03-31 00:00 Viet Nam time; 30 days back is 1 March.
        let now = 1_774_890_000;
        assert_eq!(
            store
                .count_sharing_events_since(&mai, now - 30 * day, now)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .count_sharing_events_since(&mai, now - 90 * day, now)
                .await
                .unwrap(),
            2
        );
        // Once the deferral ends, the deferred one counts too.
        let later = 1_800_000_000;
        assert_eq!(
            store
                .count_sharing_events_since(&mai, now - 30 * day, later)
                .await
                .unwrap(),
            2
        );
        let choices = store.timeline_choices(&mai, now).await.unwrap();
        let codes: Vec<&str> = choices.agencies.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["BCA", "BHXH"]);
    }
}

#[tokio::test]
async fn each_agency_has_its_own_request_allowance() {
    let app = spawn_app_with(&[
        ("DEMO_DATA", "false"),
        ("AGENCY_RATE_BURST", "2"),
        ("AGENCY_RATE_PERIOD_MS", "3600000"),
    ])
    .await;
    let police = token_for(&app, "BCA").await;
    let insurance = token_for(&app, "BHXH").await;
    // Failed authentications use up nobody's allowance.
    for _ in 0..3 {
        let (status, _) = post(&app, Some("cpd_nobody.nothing"), &json!({ "events": [] })).await;
        assert_eq!(status, 401);
    }
    for n in 1..=2 {
        let (status, body) = post(
            &app,
            Some(&police),
            &json!({ "events": [event(&format!("BCA-R{n}"), "001990012345")] }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let refused = app
        .client
        .post(app.url("/api/v1/sharing-events"))
        .bearer_auth(&police)
        .json(&json!({ "events": [event("BCA-R3", "001990012345")] }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "rate-limited");
    assert_eq!(
        chain_length(&app).await,
        2,
        "the refused batch wrote nothing"
    );
    // Another agency is not held back.
    let holding = json!({ "holdings": [{
        "personal_id": "001990012345",
        "system": "BHXH-INSURANCE",
        "categories": ["insurance"],
        "purpose": "health-insurance",
        "legal_basis": "health-insurance-law",
        "updated_at": "2026-10-01T08:00:00+07:00",
    }] });
    let response = app
        .client
        .post(app.url("/api/v1/holdings"))
        .bearer_auth(&insurance)
        .json(&holding)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_agency_added_by_another_instance_is_known_at_once() {
    for app in apps().await {
        let police = token_for(&app, "BCA").await;
        // This instance reads (and keeps) the registry.
        let (status, body) = post(
            &app,
            Some(&police),
            &json!({ "events": [event("BCA-1", "001990012345")] }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        // Another instance (here: SQL) registers a new agency and system.
        crate::helpers::execute_sql(
            &app.database_url,
            "INSERT INTO agencies (code, name_vi, name_en, kind) \
             VALUES ('NEW-AGENCY', 'Cơ quan mới', 'New agency', 'central-agency')",
        )
        .await;
        crate::helpers::execute_sql(
            &app.database_url,
            "INSERT INTO systems (agency_id, code, name_vi, name_en) \
             SELECT id, 'NEW-SYSTEM', 'Hệ thống mới', 'New system' FROM agencies WHERE code = 'NEW-AGENCY'",
        )
        .await;
        let mut to_new = event("BCA-2", "001990012345");
        to_new["recipient_agency"] = json!("NEW-AGENCY");
        to_new["recipient_system"] = json!("NEW-SYSTEM");
        let (status, body) = post(&app, Some(&police), &json!({ "events": [to_new] })).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["accepted"], 1);
        // A code nobody registered is still refused.
        let mut unknown = event("BCA-3", "001990012345");
        unknown["recipient_agency"] = json!("NOBODY");
        let (status, body) = post(&app, Some(&police), &json!({ "events": [unknown] })).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["errors"][0]["field"], "recipient_agency");
        // The person's timeline names the new agency.
        let settings = development_settings();
        let pseudonymizer = Pseudonymizer::new(settings.pseudonym_key.expose()).unwrap();
        let mai = pseudonymizer
            .pseudonym(&app::domain::PersonalId::parse("001990012345").unwrap())
            .as_str()
            .to_owned();
        let store = app.store().await;
        let events = store
            .list_sharing_events(
                &mai,
                &Default::default(),
                app::domain::sharing::TimelinePlace::Newest,
                10,
                2_000_000_000,
            )
            .await
            .unwrap();
        assert_eq!(events[0].recipient.name_en, "New agency");
    }
}

#[tokio::test]
async fn a_strangers_body_is_never_read() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let app = spawn_app_with(&[]).await;
    let address = app
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    // A body announced but never sent: the answer cannot wait for it.
    stream
        .write_all(
            b"POST /api/v1/sharing-events HTTP/1.1\r\nHost: x\r\n\
              Authorization: Bearer not-a-token\r\nContent-Type: application/json\r\n\
              Content-Length: 3000\r\n\r\n{",
        )
        .await
        .unwrap();
    let mut buffer = [0u8; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(3), stream.read(&mut buffer))
        .await
        .expect("answered without the body")
        .unwrap();
    let text = String::from_utf8_lossy(&buffer[..read]);
    assert!(text.starts_with("HTTP/1.1 401"), "{text}");
}
