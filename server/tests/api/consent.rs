//! Consent over HTTP: a citizen grants, reads the receipt, withdraws and
//! reads the history with plain form posts (no JavaScript); a parent acts
//! for their children (the older one must agree too) and nobody else can;
//! agencies check consents and pull every change (on both engines).

use serde_json::{Value, json};

use crate::{
    auth_helpers::sign_in_as,
    helpers::{
        Browser, TestApp, agency_token as token_for, apps_without_demo as apps, csrf_token,
        development_pseudonymizer as pseudonymizer, location, spawn_app,
    },
};

/// Submits the grant or withdraw form of a purpose page the way a browser
/// without JavaScript does; returns where the answer sends it.
async fn decide(browser: &Browser, page: &str, action: &str, extra: &[(&str, &str)]) -> String {
    let html = browser.get(page).await.text().await.unwrap();
    let token = csrf_token(&html);
    let purpose = page
        .trim_start_matches("/consent/purposes/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let mut form = vec![
        ("csrf_token", token.as_str()),
        ("purpose", purpose.as_str()),
    ];
    form.extend_from_slice(extra);
    let response = browser.submit(page, action, &form).await;
    location(&response)
}

#[tokio::test]
async fn a_citizen_grants_reads_the_receipt_withdraws_and_reads_the_history() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/consent", "citizen").await;

    let overview = browser.get("/consent").await;
    assert_eq!(overview.status(), 200);
    let html = overview.text().await.unwrap();
    assert!(html.contains("Dùng hồ sơ sức khỏe đã khử định danh cho nghiên cứu y học"));
    assert!(html.contains("Đã rút lại"), "the demo withdrawal shows");
    assert!(
        html.contains("Luật Quản lý thuế"),
        "purposes on another legal basis are shown with it"
    );

    let page = "/consent/purposes/health-research";
    let decision = browser.get(page).await.text().await.unwrap();
    assert!(decision.contains("Tôi đồng ý"));
    assert!(
        !decision.contains("checked"),
        "nothing is ticked in advance"
    );

    let receipt = decide(&browser, page, "/fn/grant_consent", &[]).await;
    assert!(receipt.starts_with("/consent/receipts/"), "{receipt}");
    let receipt_id = receipt.trim_start_matches("/consent/receipts/").to_owned();
    let shown = browser.get(&receipt).await;
    assert_eq!(shown.status(), 200);
    let shown = shown.text().await.unwrap();
    assert!(shown.contains(&receipt_id));
    assert!(shown.contains("Đang đồng ý"), "the new state");

    // Granting again: refused with a message on the same page, nothing new.
    let back = decide(&browser, page, "/fn/grant_consent", &[]).await;
    assert!(back.contains(page) && back.contains("__err="), "{back}");
    let refused = browser.get(&back).await.text().await.unwrap();
    assert!(
        refused.contains("Bạn đã đồng ý cho mục đích này. Không có gì thay đổi."),
        "the refusal is explained"
    );

    let withdrawn = decide(&browser, page, "/fn/withdraw_consent", &[]).await;
    assert!(withdrawn.starts_with("/consent/receipts/"), "{withdrawn}");
    assert_ne!(withdrawn, receipt);

    let history: Value = browser.json("/fn/list_consent_history").await;
    assert_eq!(history["chain_intact"], true);
    let records = history["records"].as_array().unwrap();
    // Five demo decisions, the demo expiry (the sweep may not have run yet)
    // and the two just made, newest first.
    let research: Vec<&Value> = records
        .iter()
        .filter(|r| r["record"]["content"]["purpose"] == "health-research")
        .collect();
    assert_eq!(research.len(), 2, "the refused grant left no record");
    assert_eq!(research[0]["record"]["content"]["action"], "Withdraw");
    assert_eq!(research[1]["record"]["content"]["receipt_id"], receipt_id);
    assert_eq!(research[0]["by_me"], true);
    let html = browser.get("/consent/history").await.text().await.unwrap();
    assert!(html.contains("chuỗi còn nguyên vẹn"));
    assert!(html.contains(&receipt_id));

    let json = browser
        .get(&format!("/consent/receipt.json?id={receipt_id}"))
        .await;
    assert_eq!(json.status(), 200);
    assert!(
        json.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let json: Value = json.json().await.unwrap();
    assert_eq!(json["record"]["content"]["purpose"], "health-research");
    assert_eq!(json["record"]["content"]["state"], "Active");
}

#[tokio::test]
async fn a_parent_acts_for_a_child_who_must_agree_and_nobody_else_can() {
    let app = spawn_app().await;
    let parent = app.browser();
    sign_in_as(&parent, "/auth/sign-in?next=/consent", "citizen").await;
    let overview: Value = parent.json("/fn/find_consent_overview").await;
    let links = overview["representations"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    let id_of = |name: &str| {
        links
            .iter()
            .find(|l| l["name"] == name)
            .unwrap()
            .get("id")
            .unwrap()
            .as_i64()
            .unwrap()
            .to_string()
    };
    let (older, younger) = (id_of("Nguyễn Minh Khôi"), id_of("Nguyễn Bảo An"));

    // The child of 11 must agree too.
    let page = format!("/consent/purposes/school-prize-publication?for={older}");
    let html = parent.get(&page).await.text().await.unwrap();
    assert!(html.contains("Nguyễn Minh Khôi"), "the acting-for banner");
    assert!(html.contains("name=\"child_agreed\""));
    let refused = decide(
        &parent,
        &page,
        "/fn/grant_consent",
        &[("acting_for", &older)],
    )
    .await;
    assert!(refused.contains("__err="), "{refused}");
    let child_history: Value = parent
        .json(&format!("/fn/list_consent_history?acting_for={older}"))
        .await;
    assert!(child_history["records"].as_array().unwrap().is_empty());
    let receipt = decide(
        &parent,
        &page,
        "/fn/grant_consent",
        &[("acting_for", &older), ("child_agreed", "yes")],
    )
    .await;
    assert!(receipt.ends_with(&format!("?for={older}")), "{receipt}");
    let child_history: Value = parent
        .json(&format!("/fn/list_consent_history?acting_for={older}"))
        .await;
    let record = &child_history["records"][0];
    assert_eq!(record["record"]["content"]["actor_role"], "Representative");
    assert_eq!(record["record"]["content"]["child_agreed"], true);
    assert_eq!(record["by_me"], true);
    // The parent's own consents are untouched.
    let own: Value = parent.json("/fn/list_consent_history").await;
    assert!(
        own["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["record"]["content"]["purpose"] != "school-prize-publication")
    );

    // The child of 5 is not asked.
    let page = format!("/consent/purposes/school-prize-publication?for={younger}");
    let html = parent.get(&page).await.text().await.unwrap();
    assert!(!html.contains("name=\"child_agreed\""));
    let receipt = decide(
        &parent,
        &page,
        "/fn/grant_consent",
        &[("acting_for", &younger)],
    )
    .await;
    assert!(receipt.starts_with("/consent/receipts/"), "{receipt}");

    // Another citizen cannot use the links.
    let stranger = app.browser();
    sign_in_as(&stranger, "/auth/sign-in?next=/consent", "citizen-level1").await;
    let probe = stranger
        .get(&format!("/fn/find_consent_overview?acting_for={older}"))
        .await;
    assert_eq!(probe.status(), 403);
    let page = stranger
        .get(&format!("/consent/purposes/health-research?for={older}"))
        .await;
    assert_eq!(page.status(), 403);
    let html = stranger.get("/consent").await.text().await.unwrap();
    let token = csrf_token(&html);
    let attempt = stranger
        .submit(
            "/consent",
            "/fn/withdraw_consent",
            &[
                ("csrf_token", &token),
                ("purpose", "school-prize-publication"),
                ("acting_for", &older),
            ],
        )
        .await;
    assert!(location(&attempt).contains("__err="));
    let child_history: Value = parent
        .json(&format!("/fn/list_consent_history?acting_for={older}"))
        .await;
    assert_eq!(child_history["records"].as_array().unwrap().len(), 1);
    let receipt_json = stranger
        .get(&format!(
            "/consent/receipt.json?id={}&for={older}",
            record["record"]["content"]["receipt_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(receipt_json.status(), 403);
}

async fn call(app: &TestApp, token: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let request = match body {
        Some(body) => app.client.post(app.url(path)).json(&body),
        None => app.client.get(app.url(path)),
    };
    let response = request
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

const PERSON: &str = "001990055555";

async fn change(app: &TestApp, action: app::domain::consent::ConsentAction) -> String {
    use app::{
        domain::{Lang, PersonalId, consent::ActorRole},
        server::ConsentCommand,
    };
    let pseudonym = pseudonymizer()
        .pseudonym(&PersonalId::parse(PERSON).unwrap())
        .as_str()
        .to_owned();
    let record = app
        .store()
        .await
        .record_consent(&ConsentCommand {
            subject: pseudonym.clone(),
            purpose: "health-record-sharing".into(),
            action,
            actor_role: ActorRole::Subject,
            actor: Some(pseudonym),
            method: app::domain::consent::ConsentMethod::WebForm,
            child_agreed: None,
            notice_lang: Lang::Vi,
            receipt_id: uuid::Uuid::now_v7().to_string(),
            now: time::OffsetDateTime::now_utc().unix_timestamp(),
        })
        .await
        .unwrap();
    record.content.receipt_id
}

#[tokio::test]
async fn agencies_check_consent_before_and_after_a_withdrawal_and_miss_no_change() {
    use app::domain::consent::ConsentAction;
    for app in apps().await {
        let byt = token_for(&app, "BYT").await;
        let check = json!({ "personal_id": PERSON, "purpose": "health-record-sharing" });
        let (status, before) =
            call(&app, &byt, "/api/v1/consents/check", Some(check.clone())).await;
        assert_eq!(status, 200, "{before}");
        assert_eq!(before["state"], "none");
        assert!(before["receipt_id"].is_null());
        let subject = before["subject_ref"].as_str().unwrap().to_owned();

        let granted = change(&app, ConsentAction::Grant).await;
        let (_, active) = call(&app, &byt, "/api/v1/consents/check", Some(check.clone())).await;
        assert_eq!(active["state"], "active");
        assert_eq!(active["receipt_id"], granted.as_str());
        assert_eq!(
            active["subject_ref"],
            subject.as_str(),
            "a stable reference"
        );
        assert!(active["valid_until"].as_str().unwrap().starts_with("20"));

        let (status, feed) = call(&app, &byt, "/api/v1/consents/changes", None).await;
        assert_eq!(status, 200, "{feed}");
        let changes = feed["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0]["subject_ref"], subject.as_str());
        assert_eq!(changes[0]["state"], "active");
        let cursor = feed["next_after"].as_i64().unwrap();
        // A moment while the consent was active (times are kept to the
        // second), for a back-dated report below.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let while_active = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

        let withdrawn = change(&app, ConsentAction::Withdraw).await;
        let (_, after) = call(&app, &byt, "/api/v1/consents/check", Some(check.clone())).await;
        assert_eq!(after["state"], "withdrawn");
        assert_eq!(after["receipt_id"], withdrawn.as_str());
        let (_, feed) = call(
            &app,
            &byt,
            &format!("/api/v1/consents/changes?after={cursor}"),
            None,
        )
        .await;
        let changes = feed["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1, "exactly the withdrawal");
        assert_eq!(changes[0]["state"], "withdrawn");
        assert_eq!(changes[0]["receipt_id"], withdrawn.as_str());

        // The processor may ask too, and knows the person by its own reference.
        let bhxh = token_for(&app, "BHXH").await;
        let (status, processor) =
            call(&app, &bhxh, "/api/v1/consents/check", Some(check.clone())).await;
        assert_eq!(status, 200);
        assert_eq!(processor["state"], "withdrawn");
        assert_ne!(processor["subject_ref"], subject.as_str());
        // Other agencies may not; bad questions are named.
        let btp = token_for(&app, "BTP").await;
        let (status, _) = call(&app, &btp, "/api/v1/consents/check", Some(check.clone())).await;
        assert_eq!(status, 403);
        let (_, btp_feed) = call(&app, &btp, "/api/v1/consents/changes", None).await;
        assert!(btp_feed["changes"].as_array().unwrap().is_empty());
        for (body, field) in [
            (
                json!({ "personal_id": "12", "purpose": "health-record-sharing" }),
                "personal_id",
            ),
            (
                json!({ "personal_id": PERSON, "purpose": "tax" }),
                "purpose",
            ),
            (
                json!({ "personal_id": PERSON, "purpose": "nope" }),
                "purpose",
            ),
        ] {
            let (status, answer) = call(&app, &byt, "/api/v1/consents/check", Some(body)).await;
            assert_eq!(status, 422);
            assert_eq!(answer["errors"][0]["field"], field);
        }
        let (status, answer) = call(&app, &byt, "/api/v1/consents/changes?limit=0", None).await;
        assert_eq!(status, 422);
        assert_eq!(answer["errors"][0]["field"], "limit");
        let anonymous = app
            .client
            .post(app.url("/api/v1/consents/check"))
            .json(&check)
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401);

        // Data the agency provides after the withdrawal is flagged.
        let report = json!({ "events": [{
            "event_id": "BYT-1",
            "occurred_at": time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap(),
            "personal_id": PERSON,
            "provider_system": "BYT-HEALTH",
            "recipient_agency": "BHXH",
            "categories": ["health"],
            "purpose": "health-record-sharing",
            "legal_basis": "pdp-law-consent",
            "method": "online-connection",
            "mode": "default",
            "outcome": "provided",
        }]});
        let (status, answer) = call(&app, &byt, "/api/v1/sharing-events", Some(report)).await;
        assert_eq!(status, 200, "{answer}");
        let pseudonym = pseudonymizer()
            .pseudonym(&app::domain::PersonalId::parse(PERSON).unwrap())
            .as_str()
            .to_owned();
        let events = app
            .store()
            .await
            .list_sharing_events(
                &pseudonym,
                &Default::default(),
                app::domain::sharing::TimelinePlace::Newest,
                5,
                time::OffsetDateTime::now_utc().unix_timestamp() + 60,
            )
            .await
            .unwrap();
        assert_eq!(
            events[0].consent_flag,
            Some(app::domain::consent::ConsentFlag::Withdrawn)
        );
        // The ministry is a central agency: its flag reaches the national
        // unit, not a province.
        let store = app.store().await;
        let national = store.list_flagged_events(&["VN".into()], 10).await.unwrap();
        assert!(
            national.iter().any(|f| f.event_id == "BYT-1"),
            "{national:?}"
        );
        let provinces = store
            .list_flagged_events(&["HN".into(), "HUE".into()], 10)
            .await
            .unwrap();
        assert!(
            provinces.iter().all(|f| f.event_id != "BYT-1"),
            "{provinces:?}"
        );

        // Back-dated to while the consent was active, it is judged at its
        // receipt, after the withdrawal: flagged all the same.
        let back_dated = json!({ "events": [{
            "event_id": "BYT-2",
            "occurred_at": while_active,
            "personal_id": PERSON,
            "provider_system": "BYT-HEALTH",
            "recipient_agency": "BHXH",
            "categories": ["health"],
            "purpose": "health-record-sharing",
            "legal_basis": "pdp-law-consent",
            "method": "online-connection",
            "mode": "default",
            "outcome": "provided",
        }]});
        let (status, answer) = call(&app, &byt, "/api/v1/sharing-events", Some(back_dated)).await;
        assert_eq!(status, 200, "{answer}");
        let national = store.list_flagged_events(&["VN".into()], 10).await.unwrap();
        let flag = national
            .iter()
            .find(|f| f.event_id == "BYT-2")
            .map(|f| f.flag);
        assert_eq!(
            flag,
            Some(app::domain::consent::ConsentFlag::Withdrawn),
            "back-dating does not dodge the flag"
        );
    }
}

#[tokio::test]
async fn the_provinces_dpo_sees_data_shared_without_consent_and_citizens_do_not() {
    let app = spawn_app().await;
    let dpo = app.browser();
    sign_in_as(&dpo, "/auth/sign-in?next=/account", "dpo").await;
    let flags: Value = dpo.json("/fn/list_consent_flags").await;
    let flags = flags.as_array().unwrap();
    // The demo citizen's hospital in Hà Nội: once after she withdrew, once
    // for research she never agreed to.
    let why: Vec<&str> = flags.iter().map(|f| f["flag"].as_str().unwrap()).collect();
    assert_eq!(why, ["NoConsent", "Withdrawn"], "{flags:?}");
    assert!(flags.iter().all(|f| f["provider"]["code"] == "HN-SYT"));
    let page = dpo.get("/dpo/consent-flags").await.text().await.unwrap();
    assert!(page.contains("Sở Y tế Hà Nội"));

    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/account", "citizen").await;
    assert_eq!(citizen.get("/fn/list_consent_flags").await.status(), 403);
    // Her own timeline marks the same two sharings.
    let timeline: Value = citizen
        .json("/fn/list_sharing_events?filter[purpose]=health-record-sharing")
        .await;
    let marks: Vec<&Value> = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["consent_flag"])
        .collect();
    assert_eq!(marks, [&json!("Withdrawn"), &Value::Null], "newest first");
}

#[tokio::test]
async fn administrators_change_a_notice_and_new_receipts_carry_its_version() {
    let app = spawn_app().await;
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let page = "/admin/purposes/health-research";
    let html = admin.get(page).await.text().await.unwrap();
    assert!(html.contains("name=\"description_vi\""));
    let token = csrf_token(&html);
    let vi = "Bộ Y tế cung cấp hồ sơ đã khử định danh cho nghiên cứu (bản mới).";
    let en = "The Ministry of Health provides de-identified records for research (new text).";
    // A bad validity is refused and nothing changes.
    let refused = admin
        .submit(
            page,
            "/fn/update_purpose_notice",
            &[
                ("csrf_token", &token),
                ("purpose", "health-research"),
                ("description_vi", vi),
                ("description_en", en),
                ("validity_months", "0"),
            ],
        )
        .await;
    let back = location(&refused);
    assert!(back.contains("__err="), "{back}");
    let shown = admin.get(&back).await.text().await.unwrap();
    assert!(shown.contains("Hãy nhập số tháng là số nguyên từ 1 đến 120"));
    let saved = admin
        .submit(
            page,
            "/fn/update_purpose_notice",
            &[
                ("csrf_token", &token),
                ("purpose", "health-research"),
                ("description_vi", vi),
                ("description_en", en),
                ("validity_months", "36"),
                ("reason", "Làm rõ thời hạn lưu trữ"),
            ],
        )
        .await;
    assert_eq!(location(&saved), "/admin/purposes?saved=health-research");
    let list: Value = admin.json("/fn/list_purposes_for_admin").await;
    let research = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["purpose"]["code"] == "health-research")
        .unwrap()
        .clone();
    assert_eq!(research["notice_version"], 2);
    assert_eq!(research["validity_months"], 36);
    let log = admin.get("/admin/changes").await.text().await.unwrap();
    assert!(
        log.contains("Sửa thông báo") && log.contains("Làm rõ thời hạn lưu trữ"),
        "the change is logged with its reason"
    );

    // Citizens may not edit; a new consent carries version 2 and its text.
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/consent", "citizen").await;
    assert_eq!(
        citizen.get("/fn/list_purposes_for_admin").await.status(),
        403
    );
    let html = citizen.get("/consent").await.text().await.unwrap();
    let attempt = citizen
        .submit(
            "/consent",
            "/fn/update_purpose_notice",
            &[
                ("csrf_token", &csrf_token(&html)),
                ("purpose", "health-research"),
                ("description_vi", "x"),
                ("description_en", "y"),
            ],
        )
        .await;
    assert!(location(&attempt).contains("__err="));
    decide(
        &citizen,
        "/consent/purposes/health-research",
        "/fn/grant_consent",
        &[],
    )
    .await;
    let history: Value = citizen.json("/fn/list_consent_history").await;
    let newest = &history["records"][0]["record"]["content"];
    assert_eq!(newest["purpose"], "health-research");
    assert_eq!(newest["notice_version"], 2);
    assert_eq!(newest["notice_text"], vi);
}
