//! The catalogue in the console, without JavaScript: an administrator adds
//! a data category and a purpose resting on consent; agencies can report
//! the category at once, citizens see the purpose on their consent page,
//! the change log shows both, and nobody else can add anything.

use crate::{
    auth_helpers::sign_in_as,
    helpers::{csrf_token, location, spawn_app},
};

#[tokio::test]
async fn an_administrator_adds_a_category_and_a_purpose_that_are_used_at_once() {
    let app = spawn_app().await;
    let admin = app.browser();
    sign_in_as(&admin, "/auth/sign-in?next=/account", "administrator").await;
    let page = admin.get("/admin/categories").await;
    assert_eq!(page.status(), 200);
    let csrf = csrf_token(&page.text().await.unwrap());
    let category = |code: &'static str| {
        let (admin, csrf) = (&admin, csrf.clone());
        async move {
            location(
                &admin
                    .submit(
                        "/admin/categories",
                        "/fn/add_category",
                        &[
                            ("csrf_token", &csrf),
                            ("code", code),
                            ("name_vi", "Mã số thuế cá nhân"),
                            ("name_en", "Personal tax number"),
                            ("reason", "Kết nối với cơ quan thuế"),
                        ],
                    )
                    .await,
            )
        }
    };
    // Not a code, then one the catalogue has (the demo's full-name).
    for bad in ["Tax Number", "full-name"] {
        let back = category(bad).await;
        assert!(back.contains("__err="), "{bad}: {back}");
    }
    assert_eq!(
        category("tax-number").await,
        "/admin/categories?added=tax-number"
    );
    let listed = admin.get("/admin/categories").await.text().await.unwrap();
    assert!(listed.contains("tax-number") && listed.contains("Mã số thuế cá nhân"));

    // An agency reports the new category straight away.
    let token = crate::helpers::agency_token(&app, "BCA").await;
    let response =
        crate::helpers::report_sharing(&app, &token, "BCA-TAX-1", "BCA-NPD", &["tax-number"]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());

    // A purpose: a list of processors and categories, as checkboxes post
    // them (name[]).
    let form = admin.get("/admin/purposes/new").await.text().await.unwrap();
    assert!(form.contains("name=\"categories[]\"") && form.contains("value=\"tax-number\""));
    let purpose = |categories: &'static [&'static str]| {
        let (admin, csrf) = (&admin, csrf.clone());
        async move {
            let mut fields = vec![
                ("csrf_token", csrf.as_str()),
                ("code", "school-meals"),
                ("name_vi", "Đăng ký bữa ăn bán trú"),
                ("name_en", "Registering school meals"),
                ("controller", "BHXH"),
                ("processors[]", "BCA"),
                ("legal_basis", "pdp-law-consent"),
                ("rests_on_consent", "yes"),
                (
                    "description_vi",
                    "Dùng họ tên và mã số thuế để đăng ký bữa ăn.",
                ),
                (
                    "description_en",
                    "Your name and tax number, to register meals.",
                ),
                ("validity_months", "12"),
                ("reason", "Dịch vụ mới của tỉnh"),
            ];
            fields.extend(categories.iter().map(|c| ("categories[]", *c)));
            location(
                &admin
                    .submit("/admin/purposes/new", "/fn/add_purpose", &fields)
                    .await,
            )
        }
    };
    let back = purpose(&[]).await;
    assert!(back.contains("__err="), "no category: {back}");
    let shown = admin.get(&back).await.text().await.unwrap();
    assert!(shown.contains("ít nhất một loại dữ liệu"), "says why");
    assert_eq!(
        purpose(&["full-name", "tax-number"]).await,
        "/admin/purposes?added=school-meals"
    );
    let again = purpose(&["full-name"]).await;
    assert!(again.contains("__err="), "a code is added once: {again}");

    let stored = app
        .store()
        .await
        .list_purposes()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.purpose.code == "school-meals")
        .expect("stored");
    assert_eq!(stored.controller.map(|c| c.code).as_deref(), Some("BHXH"));
    assert_eq!(
        stored
            .processors
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>(),
        ["BCA"]
    );
    assert_eq!(
        stored
            .categories
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>(),
        ["full-name", "tax-number"]
    );
    assert_eq!(stored.legal_basis.code, "pdp-law-consent");
    assert!(stored.rests_on_consent);
    assert_eq!(stored.validity_months, Some(12));

    // Citizens can consent to it.
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/consent", "citizen").await;
    let consent = citizen.get("/consent").await.text().await.unwrap();
    assert!(
        consent.contains("Đăng ký bữa ăn bán trú"),
        "on the consent page"
    );

    let log = admin.get("/admin/changes").await.text().await.unwrap();
    for words in [
        "Thêm loại dữ liệu",
        "Thêm mục đích xử lý",
        "tax-number",
        "school-meals",
        "Dịch vụ mới của tỉnh",
    ] {
        assert!(log.contains(words), "{words} in the change log");
    }

    // Nobody else adds to the catalogue.
    let auditor = app.browser();
    sign_in_as(&auditor, "/auth/sign-in?next=/account", "auditor").await;
    assert_eq!(auditor.get("/admin/categories").await.status(), 403);
    let refused = citizen
        .submit(
            "/consent",
            "/fn/add_category",
            &[
                ("csrf_token", &csrf),
                ("code", "other"),
                ("name_vi", "Khác"),
                ("name_en", "Other"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_ne!(refused.status(), 200);
    let categories = app.store().await.load_catalogue().await.unwrap().categories;
    assert!(!categories.iter().any(|c| c.category.code == "other"));
}
