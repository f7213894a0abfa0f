//! Appointments over HTTP, without JavaScript: an administrator appoints a
//! person DPO of a province, that person works the queue, the appointment
//! is revoked and their next request is refused; auditors read the change
//! log and cannot change anything.

use crate::{
    auth_helpers::{sign_in_as, through_dev_provider},
    helpers::{csrf_token, location, spawn_app},
};

/// A person the demo does not know, signed in at level 2.
const NEW_DPO_ID: &str = "001390000777";
const NEW_DPO_NAME: &str = "Đinh Thị Thu";

async fn sign_in_new_dpo(browser: &crate::helpers::Browser) {
    let back = through_dev_provider(
        browser,
        "/auth/sign-in?next=/account",
        &[
            ("persona", "custom"),
            ("personal_id", NEW_DPO_ID),
            ("name", NEW_DPO_NAME),
            ("birthdate", "1990-01-01"),
            ("level", "2"),
            ("decision", "approve"),
        ],
    )
    .await;
    browser.get(&location(&back)).await;
}

#[tokio::test]
async fn an_appointed_dpo_works_the_queue_until_revoked_and_the_log_shows_both() {
    let app = spawn_app().await;
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let form = admin.get("/admin/people/new").await;
    assert_eq!(form.status(), 200);
    let token = csrf_token(&form.text().await.unwrap());

    // A mistake comes back to the form with the field named.
    let refused = admin
        .submit(
            "/admin/people/new",
            "/fn/appoint",
            &[
                ("csrf_token", &token),
                ("personal_id", "12345"),
                ("full_name", NEW_DPO_NAME),
                ("role", "dpo"),
                ("province", "HUE"),
                ("reason", "Quyết định của UBND"),
            ],
        )
        .await;
    let back = location(&refused);
    assert!(back.contains("__err="), "{back}");
    let shown = admin.get(&back).await.text().await.unwrap();
    assert!(
        shown.contains("phải có đúng 12 chữ số"),
        "the field's message"
    );

    let new_dpo = app.browser();
    sign_in_new_dpo(&new_dpo).await;
    assert_eq!(new_dpo.get("/dpo/requests").await.status(), 403, "not yet");

    let appointed = admin
        .submit(
            "/admin/people/new",
            "/fn/appoint",
            &[
                ("csrf_token", &token),
                ("personal_id", NEW_DPO_ID),
                ("full_name", NEW_DPO_NAME),
                ("role", "dpo"),
                ("province", "HUE"),
                ("decision_number", "88/QĐ-UBND"),
                ("decision_date", "2026-11-28"),
                ("reason", "Quyết định của UBND"),
            ],
        )
        .await;
    let listed = location(&appointed);
    assert!(listed.starts_with("/admin/people?appointed="), "{listed}");
    let id: String = listed
        .trim_start_matches("/admin/people?appointed=")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let people = admin.get("/admin/people").await.text().await.unwrap();
    assert!(people.contains(NEW_DPO_NAME) && people.contains("••••••••0777"));
    assert!(people.contains("88/QĐ-UBND"));
    assert!(!people.contains(NEW_DPO_ID), "never the whole number");

    // The appointment holds from the person's next request on.
    let queue = new_dpo.get("/dpo/requests").await;
    assert_eq!(queue.status(), 200);

    let revoke_page = admin.get(&format!("/admin/people/{id}")).await;
    assert_eq!(revoke_page.status(), 200);
    let revoked = admin
        .submit(
            &format!("/admin/people/{id}"),
            "/fn/revoke_appointment",
            &[
                ("csrf_token", &token),
                ("id", &id),
                ("reason", "Chuyển công tác"),
            ],
        )
        .await;
    assert_eq!(location(&revoked), format!("/admin/people?revoked={id}"));
    assert_eq!(new_dpo.get("/dpo/requests").await.status(), 403);

    // The auditor reads both changes, and cannot make one.
    let auditor = app.browser();
    sign_in_as(&auditor, "/auth/sign-in?next=/account", "auditor").await;
    let log = auditor.get("/admin/changes").await;
    assert_eq!(log.status(), 200);
    let log = log.text().await.unwrap();
    let newest = log.find("Chuyển công tác").expect("the revocation");
    let older = log.find("Quyết định của UBND").expect("the appointment");
    assert!(newest < older, "newest first");
    assert!(log.contains("Hoàng Thu Hà"), "who made them");
    let people = auditor.get("/admin/people").await.text().await.unwrap();
    assert!(
        !people.contains("/admin/people/new"),
        "no form for auditors"
    );
    let auditor_token = csrf_token(&people);
    let attempt = auditor
        .submit(
            "/admin/people",
            "/fn/appoint",
            &[
                ("csrf_token", &auditor_token),
                ("personal_id", NEW_DPO_ID),
                ("full_name", NEW_DPO_NAME),
                ("role", "administrator"),
                ("reason", "x"),
            ],
        )
        .await;
    assert!(location(&attempt).contains("__err="), "refused");
    let people = admin.get("/admin/people").await.text().await.unwrap();
    assert!(!people.contains(NEW_DPO_NAME), "nothing was appointed");
    // A citizen sees neither page.
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/account", "citizen").await;
    assert_eq!(citizen.get("/admin/changes").await.status(), 403);
    assert_eq!(citizen.get("/admin/people").await.status(), 403);
}

#[tokio::test]
async fn the_last_administrator_cannot_be_revoked_from_the_console() {
    let app = spawn_app().await;
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let roster = admin.json("/fn/list_appointments").await;
    let administrators: Vec<i64> = roster["held"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["grant"]["role"] == "Administrator")
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(administrators.len(), 1, "{roster}");
    let id = administrators[0].to_string();
    let html = admin
        .get(&format!("/admin/people/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let token = csrf_token(&html);
    let refused = admin
        .submit(
            &format!("/admin/people/{id}"),
            "/fn/revoke_appointment",
            &[("csrf_token", &token), ("id", &id), ("reason", "oops")],
        )
        .await;
    let back = location(&refused);
    assert!(back.contains("__err="), "{back}");
    let shown = admin.get(&back).await.text().await.unwrap();
    assert!(shown.contains("quản trị viên cuối cùng"), "{shown}");
    assert_eq!(
        admin.get("/admin/people").await.status(),
        200,
        "still an administrator"
    );
}

#[tokio::test]
async fn an_administrator_publishes_a_provinces_officer_and_the_change_is_logged() {
    let app = spawn_app().await;
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let form = admin.get("/admin/officers/HUE").await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    let token = csrf_token(&html);
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("province", "HUE"),
        ("full_name", "Lê Thị Thu Hà"),
        ("title_vi", "Chánh Văn phòng UBND"),
        ("title_en", "Chief of Office, People's Committee"),
        ("email", "not-an-address"),
        ("phone", "0234 382 2222"),
        ("address", "16 Lê Lợi, Huế"),
        ("hours_vi", "Thứ Hai–Thứ Sáu, 7:30–16:30"),
        ("hours_en", "Monday–Friday, 7:30–16:30"),
        ("reason", "Quyết định số 5/QĐ-UBND"),
    ];
    let refused = admin
        .submit("/admin/officers/HUE", "/fn/update_officer", &fields)
        .await;
    let back = location(&refused);
    assert!(back.contains("__err="), "{back}");
    let shown = admin.get(&back).await.text().await.unwrap();
    assert!(
        shown.contains("Hãy nhập một địa chỉ thư điện tử"),
        "the field's message"
    );
    let public = app.get("/officers").await.text().await.unwrap();
    assert!(!public.contains("Lê Thị Thu Hà"), "nothing was published");

    fields[5] = ("email", "dpo@hue.gov.vn");
    let saved = admin
        .submit("/admin/officers/HUE", "/fn/update_officer", &fields)
        .await;
    assert_eq!(location(&saved), "/admin/officers?saved=HUE");
    let public = app.get("/officers").await.text().await.unwrap();
    assert!(public.contains("Lê Thị Thu Hà") && public.contains("dpo@hue.gov.vn"));
    assert!(public.contains("16 Lê Lợi, Huế") && public.contains("7:30–16:30"));
    assert!(public.contains("Cập nhật ngày"), "the change is dated");
    let log = admin.get("/admin/changes").await.text().await.unwrap();
    assert!(log.contains("Đổi người phụ trách") && log.contains("Quyết định số 5/QĐ-UBND"));

    // Only administrators edit it.
    let auditor = app.browser();
    sign_in_as(&auditor, "/auth/sign-in?next=/account", "auditor").await;
    assert_eq!(auditor.get("/admin/officers").await.status(), 403);
}

#[tokio::test]
async fn an_administrator_registers_an_agency_and_a_system_that_can_report_at_once() {
    let app = spawn_app().await;
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let html = admin.get("/admin/agencies/new").await.text().await.unwrap();
    let token = csrf_token(&html);
    let agency = |code: &'static str| {
        vec![
            ("csrf_token", token.clone()),
            ("code", code.to_owned()),
            ("name_vi", "Sở Tài nguyên và Môi trường Huế".to_owned()),
            ("name_en", "Hue Department of Natural Resources".to_owned()),
            ("kind", "department".to_owned()),
            ("province", "HUE".to_owned()),
            ("contact_email", "stnmt@hue.gov.vn".to_owned()),
            ("reason", "Kết nối cơ sở dữ liệu đất đai".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>, action: &'static str, from: &'static str| {
        let admin = &admin;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            location(&admin.submit(from, action, &pairs).await)
        }
    };
    // A code that is not one, then one already taken (BCA is the demo's).
    for bad in ["hue stnmt", "BCA"] {
        let back = post(agency(bad), "/fn/add_agency", "/admin/agencies/new").await;
        assert!(back.contains("__err="), "{bad}: {back}");
    }
    let added = post(agency("HUE-STNMT"), "/fn/add_agency", "/admin/agencies/new").await;
    assert_eq!(added, "/admin/agencies/HUE-STNMT?added=1");
    let page = admin
        .get("/admin/agencies/HUE-STNMT")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Sở Tài nguyên và Môi trường Huế"));
    let system = vec![
        ("csrf_token", token.clone()),
        ("agency", "HUE-STNMT".to_owned()),
        ("code", "HUE-LAND".to_owned()),
        ("name_vi", "Cơ sở dữ liệu đất đai".to_owned()),
        ("name_en", "Land database".to_owned()),
        ("reason", "Hệ thống báo cáo".to_owned()),
    ];
    let added = post(system, "/fn/add_system", "/admin/agencies/HUE-STNMT").await;
    assert_eq!(added, "/admin/agencies/HUE-STNMT?system=1");

    // The new agency reports through its new system straight away.
    let agency_token = crate::helpers::agency_token(&app, "HUE-STNMT").await;
    let response = crate::helpers::report_sharing(
        &app,
        &agency_token,
        "HUE-STNMT-1",
        "HUE-LAND",
        &["full-name"],
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let page = admin
        .get("/admin/agencies/HUE-STNMT")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("HUE-LAND") && page.contains("Cơ sở dữ liệu đất đai"));
    let log = admin.get("/admin/changes").await.text().await.unwrap();
    assert!(log.contains("Thêm cơ quan") && log.contains("Thêm hệ thống"));
    assert!(log.contains("HUE-STNMT") && log.contains("HUE-LAND"));
}

/// The token a page shows once, if it shows one.
fn shown_token(html: &str) -> Option<String> {
    let after = html.split("id=\"new-token\"").nth(1)?;
    let start = after.find("cpd_")?;
    let token: String = after[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    Some(token)
}

/// What the agencies' API says to a token: 200 or 401.
async fn api_status(app: &crate::helpers::TestApp, token: &str) -> u16 {
    app.client
        .get(app.url("/api/v1/consents/changes"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn an_administrator_issues_rotates_and_revokes_tokens_and_each_is_shown_once() {
    let app = spawn_app().await;
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let page = "/admin/agencies/BCA";
    let csrf = csrf_token(&admin.get(page).await.text().await.unwrap());
    let issue = |days: &'static str| {
        let (admin, csrf) = (&admin, csrf.clone());
        async move {
            location(
                &admin
                    .submit(
                        page,
                        "/fn/issue_agency_token",
                        &[
                            ("csrf_token", &csrf),
                            ("agency", "BCA"),
                            ("days", days),
                            ("reason", "Kết nối hệ thống mới"),
                        ],
                    )
                    .await,
            )
        }
    };
    let refused = issue("731").await;
    assert!(refused.contains("__err="), "{refused}");
    let shown = admin.get(&refused).await.text().await.unwrap();
    assert!(shown.contains("từ 1 đến 730"), "the field's message");
    assert_eq!(shown_token(&shown), None, "nothing was issued");

    assert_eq!(issue("30").await, "/admin/agencies/BCA?issued=1");
    let shown = admin
        .get("/admin/agencies/BCA?issued=1")
        .await
        .text()
        .await
        .unwrap();
    let first = shown_token(&shown).expect("the new token is shown");
    assert_eq!(api_status(&app, &first).await, 200, "it works at once");
    let again = admin.get(page).await.text().await.unwrap();
    assert_eq!(shown_token(&again), None, "and is shown only once");
    let first_id = server::http::agency_api::token_id(&first).to_owned();
    let expires = app
        .store()
        .await
        .list_agency_credentials(Some("BCA"))
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.token_id == first_id)
        .unwrap()
        .expires_at;
    let in_30_days = crate::helpers::now() + 30 * 86_400;
    assert!((in_30_days - 60..=in_30_days).contains(&expires));

    // Rotating with no grace: the new token works, the old one stops.
    let token_page = format!("/admin/agencies/BCA/tokens/{first_id}");
    let html = admin.get(&token_page).await.text().await.unwrap();
    assert!(html.contains(&first_id), "the token's page");
    let rotate = |token_id: String| {
        let (admin, csrf, from) = (&admin, csrf.clone(), token_page.clone());
        async move {
            location(
                &admin
                    .submit(
                        &from,
                        "/fn/rotate_agency_token",
                        &[
                            ("csrf_token", &csrf),
                            ("agency", "BCA"),
                            ("token_id", &token_id),
                            ("grace_days", "0"),
                            ("days", "365"),
                            ("reason", "Thay mã định kỳ"),
                        ],
                    )
                    .await,
            )
        }
    };
    assert_eq!(
        rotate(first_id.clone()).await,
        "/admin/agencies/BCA?rotated=1"
    );
    let shown = admin
        .get("/admin/agencies/BCA?rotated=1")
        .await
        .text()
        .await
        .unwrap();
    let second = shown_token(&shown).expect("the new token is shown");
    assert_ne!(second, first);
    assert_eq!(api_status(&app, &second).await, 200);
    assert_eq!(api_status(&app, &first).await, 401, "no grace asked");
    let again = rotate(first_id.clone()).await;
    assert!(again.contains("__err="), "a token is rotated once: {again}");
    let shown = admin.get(&again).await.text().await.unwrap();
    assert!(shown.contains("đã được thay"), "and says why");

    // Revoking: refused at once.
    let second_id = server::http::agency_api::token_id(&second).to_owned();
    let revoked = admin
        .submit(
            &format!("/admin/agencies/BCA/tokens/{second_id}"),
            "/fn/revoke_agency_token",
            &[
                ("csrf_token", &csrf),
                ("agency", "BCA"),
                ("token_id", &second_id),
                ("reason", "Lộ mã"),
            ],
        )
        .await;
    assert_eq!(location(&revoked), "/admin/agencies/BCA?revoked=1");
    assert_eq!(api_status(&app, &second).await, 401);

    // A token is changed only on its own agency's page.
    let elsewhere = admin
        .submit(
            "/admin/agencies/BHXH",
            "/fn/revoke_agency_token",
            &[
                ("csrf_token", &csrf),
                ("agency", "BHXH"),
                ("token_id", &first_id),
                ("reason", "Nhầm"),
            ],
        )
        .await;
    assert!(location(&elsewhere).contains("__err="));

    // Each change is in the log, with who made it and why.
    let log = admin.get("/admin/changes").await.text().await.unwrap();
    for words in [
        "Cấp mã truy cập",
        "Thay mã truy cập",
        "Thu hồi mã truy cập",
        "Lộ mã",
        &format!("BCA/{first_id}"),
        &format!("BCA/{second_id}"),
        "Hoàng Thu Hà",
    ] {
        assert!(log.contains(words), "{words} in the change log");
    }

    // Auditors read the tokens' log but cannot issue one.
    let auditor = app.browser();
    sign_in_as(&auditor, "/auth/sign-in?next=/account", "auditor").await;
    assert_eq!(auditor.get(page).await.status(), 403);
    let refused = auditor
        .submit(
            page,
            "/fn/issue_agency_token",
            &[
                ("csrf_token", &csrf),
                ("agency", "BCA"),
                ("days", "30"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_ne!(refused.status(), 200);
    let tokens = app
        .store()
        .await
        .list_agency_credentials(Some("BCA"))
        .await
        .unwrap();
    assert_eq!(tokens.len(), 2, "the auditor issued nothing");
}
