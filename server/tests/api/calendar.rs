//! The working-day calendar: administrators add, refuse, remove and
//! complete days without JavaScript; nobody else may.

use serde_json::Value;

use crate::{
    auth_helpers::sign_in_as,
    helpers::{csrf_token, location, spawn_app},
};

#[tokio::test]
async fn administrators_keep_the_calendar_and_nobody_else_can() {
    let app = spawn_app().await;
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let page = "/admin/calendar?year=2027";
    let html = admin.get(page).await.text().await.unwrap();
    assert!(html.contains("Tết Nguyên đán"), "the seed shows");
    let token = csrf_token(&html);
    let submit = |form: Vec<(&'static str, String)>| {
        let admin = &admin;
        let token = token.clone();
        async move {
            let mut fields: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
            fields.extend(form.iter().map(|(k, v)| (*k, v.as_str())));
            location(&admin.submit(page, "/fn/save_calendar_day", &fields).await)
        }
    };
    // Saturday 6 February 2027 is off already: refused, with the reason.
    let refused = submit(vec![
        ("date", "2027-02-06".into()),
        ("kind", "off".into()),
        ("name_vi", "Mùng 1 Tết".into()),
        ("name_en", "Lunar New Year's Day".into()),
        ("reason", "Lịch nghỉ Tết".into()),
    ])
    .await;
    assert!(refused.contains("__err="), "{refused}");
    let shown = admin.get(&refused).await.text().await.unwrap();
    assert!(shown.contains("Ngày đó là thứ Bảy hoặc Chủ nhật"));

    // A make-up Saturday, then the calendar has it.
    let saved = submit(vec![
        ("date", "2027-02-20".into()),
        ("kind", "work".into()),
        ("name_vi", "Làm bù".into()),
        ("name_en", "Make-up working day".into()),
        ("confirmed", "yes".into()),
        ("reason", "Thông báo làm bù của Bộ".into()),
    ])
    .await;
    assert_eq!(saved, "/admin/calendar?year=2027&saved=1");
    let calendar: Value = admin.json("/fn/load_calendar").await;
    let day = calendar["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"]["day"] == 20 && d["date"]["month"] == 2 && d["date"]["year"] == 2027)
        .expect("the saved day")
        .clone();
    assert_eq!(day["day_off"], false);
    assert_eq!(day["confirmed"], true);

    let removed = admin
        .submit(
            page,
            "/fn/remove_calendar_day",
            &[
                ("csrf_token", &token),
                ("date", "2027-02-20"),
                ("reason", "Nhập nhầm"),
            ],
        )
        .await;
    assert_eq!(location(&removed), "/admin/calendar?year=2027&saved=1");
    let again = admin
        .submit(
            page,
            "/fn/remove_calendar_day",
            &[
                ("csrf_token", &token),
                ("date", "2027-02-20"),
                ("reason", "Nhập nhầm"),
            ],
        )
        .await;
    assert!(location(&again).contains("__err="), "nothing to remove");
    let unexplained = admin
        .submit(
            "/admin/calendar?year=2028",
            "/fn/add_calendar_year",
            &[("csrf_token", &token), ("year", "2028")],
        )
        .await;
    assert!(
        location(&unexplained).contains("__err="),
        "a reason is needed"
    );

    let completed = admin
        .submit(
            "/admin/calendar?year=2028",
            "/fn/add_calendar_year",
            &[
                ("csrf_token", &token),
                ("year", "2028"),
                ("reason", "Lịch năm 2028 đã ban hành"),
            ],
        )
        .await;
    assert_eq!(location(&completed), "/admin/calendar?year=2028&saved=1");
    let log = admin.get("/admin/changes").await.text().await.unwrap();
    for words in [
        "Lưu ngày trong lịch",
        "Xóa ngày khỏi lịch",
        "Hoàn tất lịch năm",
        "Thông báo làm bù của Bộ",
        "Nhập nhầm",
        "2027-02-20",
    ] {
        assert!(log.contains(words), "{words} in the change log");
    }
    let calendar: Value = admin.json("/fn/load_calendar").await;
    assert_eq!(calendar["years"], serde_json::json!([2026, 2027, 2028]));

    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/account", "citizen").await;
    assert_eq!(citizen.get("/fn/load_calendar").await.status(), 403);
    let html = citizen.get("/account").await.text().await.unwrap();
    let attempt = citizen
        .submit(
            "/account",
            "/fn/add_calendar_year",
            &[
                ("csrf_token", &csrf_token(&html)),
                ("year", "2029"),
                ("reason", "x"),
            ],
        )
        .await;
    assert!(location(&attempt).contains("__err="));
    let calendar: Value = admin.json("/fn/load_calendar").await;
    assert_eq!(calendar["years"].as_array().unwrap().len(), 3);
}
