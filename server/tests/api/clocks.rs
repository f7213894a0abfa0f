//! The law's clocks over HTTP: the dates a request page shows and how it
//! explains them, the longer period when a processor must act, officers at
//! level 2 and never on their own case, refusals only on a legal ground,
//! a calendar change moving the deadlines it touches, and the requester
//! seeing who from the DPO office looked at their request.
//!
//! The server's clock is the real one, so a request "received" on a given
//! day is written through the store with the dates the domain's rule table
//! gives (the use case computes them the same way at filing).

use app::{
    domain::{
        Lang,
        datetime::format_date_long,
        deadlines::{Date, DeadlineFacts, seed_calendar},
        requests::{EventActor, EventDetail, EventKind, RequestKind, RequestRecord},
    },
    server::{NewRequest, StepEvent, Store},
};

use crate::{
    auth_helpers::{sign_in_as, through_dev_provider},
    helpers::{csrf_token, location, spawn_app_with},
    requests::{filing, post_multipart, pseudonym_of_mai, step},
};

/// Files a request of the demo citizen received on `received` (ISO), with
/// the deadlines the rule table gives.
async fn received_on(store: &dyn Store, kind: RequestKind, received: &str) -> RequestRecord {
    let day = Date::parse(received).unwrap();
    let due = DeadlineFacts::new(kind, day)
        .deadlines(&seed_calendar())
        .unwrap();
    let request = NewRequest {
        requester: pseudonym_of_mai(),
        requester_name: "Trần Thị Mai".into(),
        kind,
        agency_code: Some("HN-UBND".into()),
        handler: "HN".into(),
        about_reference: None,
        description: "Tôi muốn xem dữ liệu của mình".into(),
        contact_email: None,
        lang: Lang::Vi,
        received_on: received.into(),
        acknowledge_by: due.acknowledge_by.iso(),
        decide_by: due.decide_by.iso(),
        attachments: Vec::new(),
        notices: Vec::new(),
        mails: Vec::new(),
        now: 1_777_000_000,
    };
    let event = StepEvent {
        actor_role: EventActor::Requester,
        actor: Some(pseudonym_of_mai()),
        actor_name: "Trần Thị Mai".into(),
        kind: EventKind::Submitted,
        detail: EventDetail::default(),
        body: String::new(),
    };
    store.file_request(&request, &event).await.unwrap()
}

fn long(iso: &str) -> String {
    let (start, _) = app::domain::datetime::day_bounds(iso).unwrap();
    format_date_long(start + 12 * 3600, Lang::Vi)
}

#[tokio::test]
async fn an_access_request_received_before_the_hung_kings_day_shows_and_explains_its_dates() {
    let app = spawn_app_with(&[]).await;
    let store = app.store().await;
    // Friday 24 April 2026; Monday 27 April is the Hùng Kings' day off.
    let record = received_on(&*store, RequestKind::Access, "2026-04-24").await;
    assert_eq!(record.acknowledge_by, "2026-04-29");
    assert_eq!(record.decide_by, "2026-05-04");
    let mai = app.browser();
    sign_in_as(&mai, "/auth/sign-in?next=/requests", "citizen").await;
    let page = format!("/requests/{}", record.reference);
    let html = mai.get(&page).await.text().await.unwrap();
    assert!(html.contains(&long("2026-04-29")) && html.contains(&long("2026-05-04")));
    assert!(
        html.contains("Cách tính các ngày này"),
        "the explanation is there"
    );
    assert!(
        html.contains("Giỗ Tổ Hùng Vương"),
        "the day off skipped is named"
    );
    assert!(html.contains("Nghị định 356/2025/NĐ-CP, Điều 5 khoản 3"));
    assert!(html.contains("Chưa có cán bộ nào mở yêu cầu này"));

    // A processor must act: 15 days, to Monday 11 May (9 May is a Saturday).
    let dpo = app.browser();
    sign_in_as(&dpo, "/auth/sign-in?next=/dpo/requests", "dpo").await;
    let longer = step(
        &dpo,
        &record.reference,
        &[
            ("step", "third-party"),
            ("text", "Dữ liệu do bên xử lý lưu giữ"),
        ],
    )
    .await;
    assert_eq!(
        location(&longer),
        format!("/dpo/requests/{}", record.reference)
    );
    let after = store
        .find_request(&record.reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.record.decide_by, "2026-05-11");
    assert!(after.record.third_party);
    let html = mai.get(&page).await.text().await.unwrap();
    assert!(html.contains(&long("2026-05-11")));
    assert!(html.contains("Cần bên xử lý hoặc bên thứ ba thực hiện"));
    assert!(
        html.contains("Phạm Minh Đức đã mở"),
        "the citizen sees who opened it"
    );
}

#[tokio::test]
async fn the_public_rules_page_lists_every_kind_with_its_source_in_both_languages() {
    let app = spawn_app_with(&[]).await;
    let visitor = app.browser();
    let vi = visitor.get("/rules").await;
    assert_eq!(vi.status(), 200, "public: no sign-in");
    let vi = vi.text().await.unwrap();
    for text in [
        "Nghị định 356/2025/NĐ-CP, Điều 5 khoản 3",
        "Nghị định 356/2025/NĐ-CP, Điều 5 khoản 4",
        "Luật Khiếu nại 02/2011/QH13, Điều 28",
        "Luật 91/2025/QH15, Điều 15 khoản 2 điểm a",
    ] {
        assert!(vi.contains(text), "{text}");
    }
    visitor.get("/lang/en").await;
    let en = visitor.get("/rules").await.text().await.unwrap();
    assert!(en.contains("Decree 356/2025/ND-CP, Art. 5(3)"));
    assert!(en.contains("Grounds for refusal"));
}

#[tokio::test]
async fn an_officer_at_level_1_is_sent_to_sign_in_at_level_2() {
    let app = spawn_app_with(&[]).await;
    let officer = app.browser();
    // The Hà Nội DPO's own number, at level 1.
    let back = through_dev_provider(
        &officer,
        "/auth/sign-in?next=/dpo/requests",
        &[
            ("persona", "custom"),
            ("personal_id", "001880007777"),
            ("name", "Phạm Minh Đức"),
            ("level", "1"),
            ("decision", "approve"),
        ],
    )
    .await;
    officer.get(&location(&back)).await;
    let page = officer.get("/dpo/requests").await;
    assert_eq!(page.status(), 403);
    let html = page.text().await.unwrap();
    assert!(html.contains("level=2"), "a link to sign in at level 2");
}

#[tokio::test]
async fn an_officer_cannot_decide_their_own_request_and_a_refusal_names_its_ground() {
    let app = spawn_app_with(&[]).await;
    let store = app.store().await;
    let dpo = app.browser();
    sign_in_as(&dpo, "/auth/sign-in?next=/dpo/requests", "dpo").await;
    // The DPO files a request in their own province…
    let form = filing(
        "access",
        "HN-UBND",
        "Tôi muốn xem dữ liệu của mình",
        Vec::new(),
    );
    let filed = post_multipart(&dpo, "/requests/file", form).await;
    let reference = location(&filed)
        .trim_start_matches("/requests/")
        .trim_end_matches("?filed=1")
        .to_owned();
    // …and may not act on it as an officer.
    let own = step(&dpo, &reference, &[("step", "acknowledge")]).await;
    let back = location(&own);
    assert!(back.contains("__err="), "{back}");
    let shown = dpo.get(&back).await.text().await.unwrap();
    assert!(
        shown.contains("một cán bộ khác của tỉnh phải xử lý"),
        "the reason is said"
    );
    let file = store.find_request(&reference).await.unwrap().unwrap();
    assert_eq!(file.events.len(), 1, "nothing was written");

    // The citizen's access request: a refusal without a ground is refused.
    let record = received_on(&*store, RequestKind::Access, "2026-11-30").await;
    step(&dpo, &record.reference, &[("step", "acknowledge")]).await;
    let bare = step(
        &dpo,
        &record.reference,
        &[("step", "decide"), ("decision", "refused"), ("reason", "")],
    )
    .await;
    assert!(location(&bare).contains("__err="));
    let grounded = step(
        &dpo,
        &record.reference,
        &[
            ("step", "decide"),
            ("decision", "refused"),
            ("reason", "copy-would-harm"),
            ("text", "Hồ sơ có thông tin sức khỏe của người khác."),
        ],
    )
    .await;
    assert_eq!(
        location(&grounded),
        format!("/dpo/requests/{}", record.reference)
    );
    let mai = app.browser();
    sign_in_as(&mai, "/auth/sign-in?next=/requests", "citizen").await;
    let html = mai
        .get(&format!("/requests/{}", record.reference))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Lý do từ chối"));
    assert!(
        html.contains("Cung cấp bản sao có thể gây hại"),
        "the ground in plain words"
    );
    assert!(html.contains("Luật 91/2025/QH15, Điều 15 khoản 2 điểm a"));
    assert!(
        html.contains("Bạn có thể khiếu nại quyết định này"),
        "what to do next"
    );
}

#[tokio::test]
async fn a_calendar_change_moves_the_open_requests_it_touches_and_says_why() {
    let app = spawn_app_with(&[]).await;
    let store = app.store().await;
    // Received on Monday 2 November 2026: 10 days to Thursday 12 November.
    let touched = received_on(&*store, RequestKind::Access, "2026-11-02").await;
    assert_eq!(touched.decide_by, "2026-11-12");
    // Received on Tuesday 10 November: its acknowledgement (two working
    // days, 11 and 12 November) moves, its calendar-day decision date does
    // not.
    let acknowledging = received_on(&*store, RequestKind::Access, "2026-11-10").await;
    assert_eq!(acknowledging.acknowledge_by, "2026-11-12");
    // Received after the changed day: counted past it, never over it.
    let later = received_on(&*store, RequestKind::Access, "2026-11-13").await;
    // Decided already: its dates are history.
    let closed = received_on(&*store, RequestKind::Access, "2026-11-02").await;
    let dpo = app.browser();
    sign_in_as(&dpo, "/auth/sign-in?next=/dpo/requests", "dpo").await;
    step(&dpo, &closed.reference, &[("step", "acknowledge")]).await;
    step(
        &dpo,
        &closed.reference,
        &[
            ("step", "decide"),
            ("decision", "granted"),
            ("reason", "done-as-asked"),
        ],
    )
    .await;

    // An administrator declares Thursday 12 November a day off.
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let page = "/admin/calendar?year=2026";
    let html = admin.get(page).await.text().await.unwrap();
    let token = csrf_token(&html);
    let saved = admin
        .submit(
            page,
            "/fn/save_calendar_day",
            &[
                ("csrf_token", token.as_str()),
                ("date", "2026-11-12"),
                ("kind", "off"),
                ("name_vi", "Nghỉ đột xuất"),
                ("name_en", "Extra day off"),
                ("confirmed", "yes"),
                ("reason", "Quyết định nghỉ đột xuất"),
            ],
        )
        .await;
    assert_eq!(location(&saved), "/admin/calendar?year=2026&saved=1");

    let moved = store
        .find_request(&touched.reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        moved.record.decide_by, "2026-11-13",
        "to the next working day"
    );
    let last = moved.events.last().unwrap();
    assert_eq!(last.content.kind, EventKind::DeadlinesMoved);
    assert_eq!(last.content.actor_role, EventActor::System);
    assert_eq!(last.content.detail.reason.as_deref(), Some("2026-11-12"));
    assert!(last.content.body.contains("Nghỉ đột xuất"));
    assert!(app::domain::requests::verify_events(&moved.events).is_ok());
    for (before, what) in [(&later, "received after the day"), (&closed, "decided")] {
        let now = store
            .find_request(&before.reference)
            .await
            .unwrap()
            .unwrap();
        assert!(
            !now.events
                .iter()
                .any(|e| e.content.kind == EventKind::DeadlinesMoved),
            "{what}"
        );
    }
    let acknowledged_now = store
        .find_request(&acknowledging.reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(acknowledged_now.record.acknowledge_by, "2026-11-13");
    assert_eq!(acknowledged_now.record.decide_by, acknowledging.decide_by);
    let later_now = store.find_request(&later.reference).await.unwrap().unwrap();
    assert_eq!(later_now.record.decide_by, later.decide_by);

    // Removing the day moves it back, and says so again.
    let removed = admin
        .submit(
            page,
            "/fn/remove_calendar_day",
            &[
                ("csrf_token", token.as_str()),
                ("date", "2026-11-12"),
                ("reason", "Hủy ngày nghỉ"),
            ],
        )
        .await;
    assert_eq!(location(&removed), "/admin/calendar?year=2026&saved=1");
    let back = store
        .find_request(&touched.reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.record.decide_by, "2026-11-12");
    let moves = back
        .events
        .iter()
        .filter(|e| e.content.kind == EventKind::DeadlinesMoved)
        .count();
    assert_eq!(moves, 2);
}

#[tokio::test]
async fn the_requester_sees_the_office_export_their_request() {
    let app = spawn_app_with(&[]).await;
    let store = app.store().await;
    let record = received_on(&*store, RequestKind::Access, "2026-11-30").await;
    let dpo = app.browser();
    sign_in_as(&dpo, "/auth/sign-in?next=/dpo/requests", "dpo").await;
    let csv = dpo.get("/dpo/requests.csv").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.text().await.unwrap().contains(&record.reference));
    let mai = app.browser();
    sign_in_as(&mai, "/auth/sign-in?next=/requests", "citizen").await;
    let html = mai
        .get(&format!("/requests/{}", record.reference))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Phạm Minh Đức đã xuất trong một danh sách"),
        "{html}"
    );
    assert!(
        !html.contains("Phạm Minh Đức đã mở"),
        "the export is not an opening"
    );
}
