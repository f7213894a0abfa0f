//! The person's own data pages and downloads: only their own, deferred
//! events hidden until their date, filters and pages that hold together.

use crate::{
    auth_helpers::sign_in_as,
    helpers::{location, spawn_app},
};

#[tokio::test]
async fn the_timeline_shows_own_events_newest_first_and_pages_through_them() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/data", "citizen").await;
    let first: serde_json::Value = browser
        .get("/fn/list_sharing_events?filter[agency]=&cursor=")
        .await
        .json()
        .await
        .unwrap();
    let events = first["events"].as_array().unwrap();
    assert_eq!(events.len(), 20);
    let times: Vec<i64> = events
        .iter()
        .map(|e| e["occurred_at"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let older = first["older"].as_str().expect("there is an older page");
    let second: serde_json::Value = browser
        .get(&format!("/fn/list_sharing_events?cursor={older}"))
        .await
        .json()
        .await
        .unwrap();
    let next = second["events"].as_array().unwrap();
    assert!(!next.is_empty());
    assert!(next[0]["occurred_at"].as_i64().unwrap() <= *times.last().unwrap());
    let seqs: std::collections::HashSet<i64> = events
        .iter()
        .chain(next)
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs.len(), events.len() + next.len(), "no event twice");

    // Back again: "newer" from the second page is exactly the first page.
    assert!(first["newer"].is_null(), "nothing is newer than the newest");
    let newer = second["newer"]
        .as_str()
        .expect("the second page has a newer one");
    let back: serde_json::Value = browser
        .get(&format!("/fn/list_sharing_events?newer={newer}"))
        .await
        .json()
        .await
        .unwrap();
    let seqs_of = |page: &serde_json::Value| -> Vec<i64> {
        page["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(seqs_of(&back), seqs_of(&first));
    assert!(back["newer"].is_null());
    assert_eq!(back["older"], first["older"]);
    let html = browser
        .client
        .get(app.url(&format!("/data/sharing?cursor={older}")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("rel=\"prev\"") && html.contains(">Newer<"),
        "{html}"
    );

    // The deferred police request (until 2027) is nowhere; the one
    // disclosed after its case closed is there with its date.
    let all: Vec<&serde_json::Value> = events.iter().chain(next).collect();
    let html = browser.get("/data/sharing").await.text().await.unwrap();
    assert!(html.contains("<time datetime="), "{html}");
    let deferred = all.iter().filter(|e| !e["visible_from"].is_null()).count();
    assert!(deferred <= 1, "at most the disclosed one");
}

#[tokio::test]
async fn another_persons_event_is_not_found_whatever_the_id() {
    let app = spawn_app().await;
    let mai = app.browser();
    sign_in_as(&mai, "/auth/sign-in?next=/data", "citizen").await;
    let hung = app.browser();
    sign_in_as(&hung, "/auth/sign-in?next=/data", "citizen-level1").await;
    let mine: serde_json::Value = mai
        .get("/fn/list_sharing_events")
        .await
        .json()
        .await
        .unwrap();
    let seq = mine["events"][0]["seq"].as_i64().unwrap();
    let own = mai.get(&format!("/fn/find_sharing_event?seq={seq}")).await;
    assert_eq!(own.status(), 200);
    let own: serde_json::Value = own.json().await.unwrap();
    let theirs = hung.get(&format!("/fn/find_sharing_event?seq={seq}")).await;
    assert_eq!(theirs.status(), 404, "Hùng cannot read Mai's event");
    let page = hung.get(&format!("/data/sharing/{seq}")).await;
    assert_eq!(page.status(), 404);
    assert!(
        !page
            .text()
            .await
            .unwrap()
            .contains(own["event_id"].as_str().unwrap())
    );
}

#[tokio::test]
async fn deferred_events_stay_hidden_until_their_date() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/data", "citizen").await;
    let json: serde_json::Value = browser.get("/data/export.json").await.json().await.unwrap();
    let events = json["sharing_events"].as_array().unwrap();
    assert!(
        events.iter().all(|e| e["visible_from"]
            .as_i64()
            .is_none_or(|at| at < 1_830_000_000)),
        "the request deferred until 2027 is not exported"
    );
    assert!(
        events.iter().any(|e| !e["visible_from"].is_null()),
        "the one disclosed after its case closed is"
    );
    // Directly in the store it exists: hidden, not lost.
    let store = app.store().await;
    let links = store.list_chain_links(0, 10_000).await.unwrap();
    assert!(
        links
            .iter()
            .any(|l| l.content.visible_from == Some(1_830_000_000))
    );
}

#[tokio::test]
async fn downloads_hold_only_the_persons_own_data() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/data", "citizen").await;
    let csv = browser.get("/data/export.csv").await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let bytes = csv.bytes().await.unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "BOM for spreadsheets"
    );
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let json: serde_json::Value = browser.get("/data/export.json").await.json().await.unwrap();
    let events = json["sharing_events"].as_array().unwrap();
    assert_eq!(
        text.lines().count(),
        events.len() + 1,
        "a header and one line per event"
    );
    assert_eq!(json["person"]["personal_id"], "••••••••2345");
    assert!(!text.contains("001990012345") && !json.to_string().contains("001990012345"));
    assert_eq!(json["holdings"].as_array().unwrap().len(), 6);

    let stranger = app.browser();
    let refused = stranger.get("/data/export.json").await;
    assert!(location(&refused).starts_with("/auth/sign-in?next="));
}

#[tokio::test]
async fn filters_narrow_the_timeline_and_an_empty_result_says_so() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/data", "citizen").await;
    let by_agency: serde_json::Value = browser
        .get("/fn/list_sharing_events?filter[agency]=BTP")
        .await
        .json()
        .await
        .unwrap();
    let events = by_agency["events"].as_array().unwrap();
    assert!(!events.is_empty());
    // The agency list offers exactly the agencies in her own log (she
    // lives in Hà Nội: no other province's police), the other lists the
    // whole registry.
    let choices = &by_agency["choices"];
    let offered: Vec<&str> = choices["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(
        offered.contains(&"BTP") && offered.contains(&"HN-CA"),
        "{offered:?}"
    );
    assert!(
        !offered.iter().any(|code| code.starts_with("HCM-")),
        "{offered:?}"
    );
    assert_eq!(choices["categories"].as_array().unwrap().len(), 18);
    assert_eq!(choices["purposes"].as_array().unwrap().len(), 16);
    assert!(
        events
            .iter()
            .all(|e| e["provider"]["code"] == "BTP" || e["recipient"]["code"] == "BTP")
    );
    let by_category: serde_json::Value = browser
        .get("/fn/list_sharing_events?filter[category]=marital-status")
        .await
        .json()
        .await
        .unwrap();
    assert!(by_category["events"].as_array().unwrap().iter().all(|e| {
        e["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "marital-status")
    }));
    let html = browser
        .client
        .get(app.url("/data/sharing?agency=NOBODY"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("No sharing matches the filters"), "{html}");
    // A cursor that is not one starts at the newest event.
    let bad = browser.get("/data/sharing?cursor=nonsense").await;
    assert_eq!(bad.status(), 200);
}

#[tokio::test]
async fn the_proof_of_each_own_event_checks_out_without_the_server() {
    let app = spawn_app().await;
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/data", "citizen").await;
    let proof: serde_json::Value = browser.get("/data/proof.json").await.json().await.unwrap();
    let key_bytes: [u8; 32] = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(proof["public_key"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap()
    };
    let key = server::sharing_log::KeyRing::single(
        ed25519_dalek::VerifyingKey::from_bytes(&key_bytes).unwrap(),
    );
    let events: Vec<server::sharing_log::InclusionProof> =
        serde_json::from_value(proof["events"].clone()).unwrap();
    let exported: serde_json::Value = browser.get("/data/export.json").await.json().await.unwrap();
    assert_eq!(
        events.len(),
        exported["sharing_events"].as_array().unwrap().len()
    );
    assert!(
        events
            .iter()
            .all(|p| server::sharing_log::verify_proof(p, &key))
    );

    // A proof of a changed event does not check out.
    let mut forged = events[0].clone();
    forged.content.recipient_agency = "BTP".into();
    assert!(!server::sharing_log::verify_proof(&forged, &key));
    let mut dropped = events[0].clone();
    dropped.following.pop();
    assert!(!server::sharing_log::verify_proof(&dropped, &key) || events[0].following.is_empty());

    // The README's independent checker (Python standard library) agrees.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("proof.json");
    std::fs::write(&file, proof.to_string()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/verify-proof.py");
    let output = std::process::Command::new("python3")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("{0} of {0} events verified", events.len())),
        "{stdout}"
    );
    let mut tampered = proof.clone();
    tampered["events"][0]["content"]["purpose"] = serde_json::json!("tax");
    std::fs::write(&file, tampered.to_string()).unwrap();
    let output = std::process::Command::new("python3")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        !output.status.success(),
        "a changed event fails the checker"
    );
}

#[tokio::test]
async fn a_late_report_shows_both_times() {
    for window in [None, Some("300")] {
        a_late_report_under(window).await;
    }
}

/// With the default window (30 days) the report, months late, is marked;
/// with a window of 300 days it is not (it came 100 days late).
async fn a_late_report_under(window: Option<&str>) {
    let overrides: Vec<(&str, &str)> = window
        .iter()
        .map(|days| ("LATE_REPORT_DAYS", *days))
        .collect();
    let app = crate::helpers::spawn_app_with(&overrides).await;
    let hundred_days_ago =
        time::OffsetDateTime::from_unix_timestamp(crate::helpers::now() - 100 * 86_400)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
    let token = crate::helpers::agency_token(&app, "BCA").await;
    let report = serde_json::json!({ "events": [{
        "event_id": "BCA-LATE-1",
        "occurred_at": hundred_days_ago,
        "personal_id": "001990012345",
        "provider_system": "BCA-NPD",
        "recipient_agency": "BHXH",
        "categories": ["full-name"],
        "purpose": "health-insurance",
        "legal_basis": "health-insurance-law",
        "method": "online-connection",
        "mode": "default",
        "outcome": "provided",
    }]});
    let sent = app
        .client
        .post(app.url("/api/v1/sharing-events"))
        .bearer_auth(&token)
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let browser = app.browser();
    sign_in_as(&browser, "/auth/sign-in?next=/data", "citizen").await;
    let exported: serde_json::Value = browser.get("/data/export.json").await.json().await.unwrap();
    let events = exported["sharing_events"].as_array().unwrap();
    let late = events
        .iter()
        .find(|e| e["event_id"] == "BCA-LATE-1")
        .expect("the late report is the person's");
    let (occurred, received) = (
        late["occurred_at"].as_i64().unwrap(),
        late["received_at"].as_i64().unwrap(),
    );
    assert!(
        received - occurred > 30 * 86_400,
        "received now, months later"
    );
    let page = browser
        .get(&format!("/data/sharing/{}", late["seq"]))
        .await
        .text()
        .await
        .unwrap();
    let days = (received - occurred) / 86_400;
    let marked = page.contains(&format!("báo cáo muộn {days} ngày"));
    assert_eq!(marked, window.is_none(), "{window:?}: {page}");
    if window.is_some() {
        return;
    }
    // A demo event, reported as it happened, carries no such mark.
    let timely = events
        .iter()
        .find(|e| e["event_id"] != "BCA-LATE-1")
        .unwrap();
    let page = browser
        .get(&format!("/data/sharing/{}", timely["seq"]))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Thời điểm báo cáo cho dịch vụ"));
    assert!(!page.contains("báo cáo muộn"));
}

#[tokio::test]
async fn the_dpo_sees_every_deferred_sharing_and_its_release_date() {
    let app = spawn_app().await;
    let dpo = app.browser();
    sign_in_as(&dpo, "/auth/sign-in?next=/account", "dpo").await;
    let listed: serde_json::Value = dpo.json("/fn/list_deferred_events").await;
    let listed = listed.as_array().unwrap();
    // The demo's Hà Nội police request deferred until the end of 2027 (one
    // per demo person in Hà Nội); the one already disclosed is not listed.
    // (Past that date the demo has no deferral left to list.)
    let demo_deferral_open = crate::helpers::now() < 1_830_000_000;
    assert_eq!(!listed.is_empty(), demo_deferral_open, "{listed:?}");
    assert!(
        listed.iter().all(|d| d["visible_from"] == 1_830_000_000),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .all(|d| d["legal_basis"]["code"] == "criminal-procedure-code-2015")
    );
    let page = dpo.get("/dpo/deferred").await.text().await.unwrap();
    assert!(page.contains("Thông tin được hoãn công bố"), "{page}");
    assert_eq!(
        page.contains("Bộ luật Tố tụng hình sự"),
        demo_deferral_open,
        "the legal basis is named"
    );

    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/account", "citizen").await;
    assert_eq!(citizen.get("/fn/list_deferred_events").await.status(), 403);

    // A central agency's deferral is the national unit's to watch.
    let token = crate::helpers::agency_token(&app, "BCA").await;
    let report = serde_json::json!({ "events": [{
        "event_id": "BCA-DEFER-1",
        "occurred_at": rfc3339(crate::helpers::now() - 10 * 86_400),
        "personal_id": "001990012345",
        "provider_system": "BCA-NPD",
        "recipient_agency": "BHXH",
        "categories": ["full-name"],
        "purpose": "health-insurance",
        "legal_basis": "criminal-procedure-code-2015",
        "method": "online-connection",
        "mode": "case-by-case",
        "outcome": "provided",
        "visible_from": rfc3339(crate::helpers::now() + 180 * 86_400),
    }]});
    let sent = app
        .client
        .post(app.url("/api/v1/sharing-events"))
        .bearer_auth(&token)
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200, "{}", sent.text().await.unwrap());
    let store = app.store().await;
    let now = crate::helpers::now();
    let national = store
        .list_deferred_events(&["VN".into()], now, 50)
        .await
        .unwrap();
    assert_eq!(
        national
            .iter()
            .map(|d| d.event_id.as_str())
            .collect::<Vec<_>>(),
        ["BCA-DEFER-1"]
    );
    let hanoi = store
        .list_deferred_events(&["HN".into()], now, 50)
        .await
        .unwrap();
    assert!(hanoi.iter().all(|d| d.event_id != "BCA-DEFER-1"));
    // Nobody may defer on a basis that does not allow it.
    let mut unlawful = report.clone();
    unlawful["events"][0]["event_id"] = "BCA-DEFER-2".into();
    unlawful["events"][0]["legal_basis"] = "health-insurance-law".into();
    let refused = app
        .client
        .post(app.url("/api/v1/sharing-events"))
        .bearer_auth(&token)
        .json(&unlawful)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["errors"][0]["problem"], "not-deferrable");
}

fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}
