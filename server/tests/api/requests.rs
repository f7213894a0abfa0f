//! Requests to DPOs over HTTP, as browsers without JavaScript send them: a
//! citizen files a correction with a file, the Hà Nội DPO acknowledges,
//! asks for information, the citizen answers with a file, the DPO decides,
//! and the mail arrives at a real local SMTP server. The Huế DPO and other
//! citizens find nothing by guessing. Bad files and stale forms are refused
//! with a message, and nothing is lost or half-written.

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::{
    auth_helpers::sign_in_as,
    helpers::{Browser, TestApp, csrf_token, location, spawn_app_with},
};

/// `scripts/smtp-sink.py` on a free port, writing each mail as a JSON line.
pub(crate) struct SmtpSink {
    child: Child,
    port: u16,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmtpSink {
    pub(crate) fn start() -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        SmtpSink::start_on(port)
    }

    /// On `port` (to bring a mail server "back" where the service expects it).
    pub(crate) fn start_on(port: u16) -> SmtpSink {
        let python = std::env::var("AIOSMTPD_PYTHON").unwrap_or_else(|_| {
            format!(
                "{}/.cache/citizen-privacy/aiosmtpd/bin/python",
                std::env::var("HOME").unwrap_or_default()
            )
        });
        assert!(
            std::path::Path::new(&python).exists(),
            "aiosmtpd's Python is missing at {python}: run scripts/setup"
        );
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mail.jsonl");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/smtp-sink.py");
        let child = Command::new(python)
            .args([script, "--port", &port.to_string(), "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpSink {
            child,
            port,
            out,
            _dir: dir,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub(crate) fn mails(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    /// Waits (up to 15 s) for a mail to `to` whose subject names `reference`.
    pub(crate) async fn wait_for(&self, to: &str, reference: &str, count: usize) -> Vec<Value> {
        for _ in 0..150 {
            let found: Vec<Value> = self
                .mails()
                .into_iter()
                .filter(|m| {
                    m["to"][0] == to && m["subject"].as_str().unwrap_or("").contains(reference)
                })
                .collect();
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no mail to {to} about {reference}: {:#?}", self.mails());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Follows the link of the confirmation mail to `to` about `reference`
/// as its owner would: open the page, press the button. Checks that
/// nothing else reached the address before.
async fn confirm_address(smtp: &SmtpSink, app: &TestApp, to: &str, reference: &str) {
    let first = smtp.wait_for(to, reference, 1).await;
    let body = first[0]["body"].as_str().unwrap();
    let link = body
        .split_whitespace()
        .find(|word| word.contains("/email/confirm?token="))
        .expect("a confirmation link");
    let path = &link[link.find("/email/").unwrap()..];
    let token = path.split("token=").nth(1).unwrap().to_owned();
    // Someone who is not signed in (the mailbox may be read elsewhere).
    let visitor = app.browser();
    let page = visitor.get(path).await.text().await.unwrap();
    assert!(page.contains(&token), "the page's form carries the token");
    assert_eq!(
        smtp.mails().iter().filter(|m| m["to"][0] == to).count(),
        1,
        "only the confirmation so far"
    );
    let done = visitor
        .submit(path, "/fn/confirm_email", &[("token", &token)])
        .await;
    assert_eq!(location(&done), "/email/confirm?done=1");
    let again = visitor
        .submit(path, "/fn/confirm_email", &[("token", &token)])
        .await;
    assert_eq!(
        location(&again),
        "/email/confirm?failed=1",
        "a link works once"
    );
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR scan of a birth certificate";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n";

fn upload(name: &str, bytes: &[u8], mime: &str) -> Part {
    Part::bytes(bytes.to_vec())
        .file_name(name.to_owned())
        .mime_str(mime)
        .unwrap()
}

/// A multipart form post as a browser sends it.
pub(crate) async fn post_multipart(browser: &Browser, path: &str, form: Form) -> reqwest::Response {
    browser
        .client
        .post(format!("{}{path}", browser.origin))
        .header("origin", &browser.origin)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

pub(crate) fn filing(kind: &str, agency: &str, description: &str, files: Vec<Part>) -> Form {
    let mut form = Form::new()
        .text("kind", kind.to_owned())
        .text("agency", agency.to_owned())
        .text("province", "")
        .text("description", description.to_owned())
        .text("email", "mai@example.vn");
    for part in files {
        form = form.part("files", part);
    }
    form
}

/// The version the page's forms carry.
pub(crate) fn version_on(html: &str) -> String {
    html.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries the request's version")
        .to_owned()
}

/// Takes a DPO step the way the form without JavaScript does.
pub(crate) async fn step(
    browser: &Browser,
    reference: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let page = format!("/dpo/requests/{reference}");
    let html = browser.get(&page).await.text().await.unwrap();
    let token = csrf_token(&html);
    let version = version_on(&html);
    let mut form = vec![
        ("csrf_token", token.as_str()),
        ("reference", reference),
        ("version", version.as_str()),
    ];
    form.extend_from_slice(fields);
    browser.submit(&page, "/fn/take_request_step", &form).await
}

async fn app_with_mail(smtp: &SmtpSink) -> TestApp {
    spawn_app_with(&[("SMTP_URL", &smtp.url()), ("MAIL_POLL_SECONDS", "1")]).await
}

#[tokio::test]
async fn mail_refused_for_good_is_not_retried_and_is_shown_on_the_request() {
    let smtp = SmtpSink::start();
    let app = app_with_mail(&smtp).await;
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/requests/new", "citizen").await;
    let form = Form::new()
        .text("kind", "access")
        .text("agency", "HN-UBND")
        .text("province", "")
        .text("description", "Xin bản sao dữ liệu của tôi.")
        .text("email", "nobody@example.vn");
    let filed = post_multipart(&citizen, "/requests/file", form).await;
    let reference = location(&filed)
        .trim_start_matches("/requests/")
        .trim_end_matches("?filed=1")
        .to_owned();
    // The office's mail arrives; the requester's is refused (550).
    let store = app.store().await;
    let officer = store
        .list_data_protection_officers()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.province.code == "HN")
        .unwrap();
    smtp.wait_for(&officer.email, &reference, 1).await;
    let mut refused = Vec::new();
    for _ in 0..150 {
        refused = store.list_undelivered_mail(&reference).await.unwrap();
        if !refused.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].to, "nobody@example.vn");
    assert!(refused[0].error.contains("550"), "{}", refused[0].error);
    // Never claimed again, however long the sender runs.
    let later = app::server::now() + 10 * 3_600;
    let again = store.claim_mail(later, 120, 50).await.unwrap();
    assert!(
        again.iter().all(|m| m.to != "nobody@example.vn"),
        "{again:?}"
    );
    let page = citizen
        .get(&format!("/requests/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Thư điện tử không gửi được"), "{page}");
    assert!(page.contains("nobody@example.vn"));
}

#[tokio::test]
async fn a_correction_goes_from_filing_to_decision_with_files_messages_and_mail() {
    let smtp = SmtpSink::start();
    let app = app_with_mail(&smtp).await;
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/requests/new", "citizen").await;
    let form = citizen.get("/requests/new").await.text().await.unwrap();
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(
        form.contains("value=\"HN-UBND\""),
        "agencies holding her data"
    );

    // The body is far over the general 4 KB limit the test app runs with:
    // forms with files have their own.
    let big_png = [PNG, &vec![b'x'; 300_000]].concat();
    let filed = post_multipart(
        &citizen,
        "/requests/file",
        filing(
            "correction",
            "HN-UBND",
            "Ngày sinh của tôi trên Cổng dịch vụ công bị ghi là 12/06/1990, đúng là 12/05/1990.",
            vec![upload("khai sinh.png", &big_png, "image/png")],
        ),
    )
    .await;
    let status_page = location(&filed);
    assert!(status_page.ends_with("?filed=1"), "{status_page}");
    let reference = status_page
        .trim_start_matches("/requests/")
        .trim_end_matches("?filed=1")
        .to_owned();
    assert!(
        app::domain::requests::parse_reference(&reference).is_some(),
        "{reference}"
    );
    confirm_address(&smtp, &app, "mai@example.vn", &reference).await;

    let store = app.store().await;
    let officer = store
        .list_data_protection_officers()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.province.code == "HN")
        .unwrap();
    let shown = citizen.get(&status_page).await;
    assert_eq!(shown.status(), 200);
    let html = shown.text().await.unwrap();
    assert!(html.contains("Đã gửi yêu cầu") && html.contains(&reference));
    assert!(html.contains(&officer.full_name) && html.contains(&officer.email));
    let file = store.find_request(&reference).await.unwrap().unwrap();
    assert_eq!(file.record.handler, "HN");
    let attachment = file.attachments[0].clone();
    assert_eq!(attachment.file_name, "khai sinh.png");
    let download = citizen
        .get(&format!("/requests/files/{}", attachment.id))
        .await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "image/png");
    assert_eq!(download.bytes().await.unwrap().as_ref(), big_png.as_slice());

    // The Hà Nội DPO sees it; the Huế DPO and another citizen find nothing.
    let dpo = app.browser();
    sign_in_as(&dpo, "/auth/sign-in?next=/dpo/requests", "dpo").await;
    let queue = dpo.get("/dpo/requests").await.text().await.unwrap();
    assert!(queue.contains(&reference));
    let case = dpo.get(&format!("/dpo/requests/{reference}")).await;
    assert_eq!(case.status(), 200);
    assert!(case.text().await.unwrap().contains("Ngày sinh của tôi"));
    let attachment_path = format!("/requests/files/{}", attachment.id);
    assert_eq!(dpo.get(&attachment_path).await.status(), 200);

    let hue = app.browser();
    sign_in_as(&hue, "/auth/sign-in?next=/dpo/requests", "dpo-hue").await;
    assert!(
        !hue.get("/dpo/requests")
            .await
            .text()
            .await
            .unwrap()
            .contains(&reference)
    );
    assert_eq!(
        hue.get(&format!("/dpo/requests/{reference}"))
            .await
            .status(),
        404
    );
    let refused = hue.get(&attachment_path).await;
    assert_eq!(refused.status(), 404);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Không tìm thấy nội dung bạn yêu cầu."),
        "a translated page, not an empty answer"
    );
    let other = app.browser();
    sign_in_as(&other, "/auth/sign-in?next=/requests", "citizen-level1").await;
    assert_eq!(
        other.get(&format!("/requests/{reference}")).await.status(),
        404
    );
    assert_eq!(other.get(&attachment_path).await.status(), 404);
    assert_eq!(
        other
            .get(&format!("/fn/find_my_request?reference={reference}"))
            .await
            .status(),
        404
    );

    // Acknowledge, ask for information.
    let done = step(&dpo, &reference, &[("step", "acknowledge")]).await;
    assert_eq!(location(&done), format!("/dpo/requests/{reference}"));
    let asked = step(
        &dpo,
        &reference,
        &[
            ("step", "request-information"),
            ("text", "Xin gửi bản chụp giấy khai sinh có dấu."),
        ],
    )
    .await;
    assert_eq!(location(&asked), format!("/dpo/requests/{reference}"));

    // The citizen answers with a file.
    let html = citizen
        .get(&format!("/requests/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Cần bổ sung thông tin"));
    assert!(html.contains("Xin gửi bản chụp giấy khai sinh có dấu."));
    let answer = Form::new()
        .text("version", version_on(&html))
        .text("view", "citizen")
        .text("text", "Tôi gửi kèm bản chụp.")
        .part("files", upload("khai-sinh.pdf", PDF, "application/pdf"));
    let answered =
        post_multipart(&citizen, &format!("/requests/{reference}/message"), answer).await;
    assert_eq!(location(&answered), format!("/requests/{reference}"));

    // The DPO decides; the citizen reads the decision.
    let decided = step(
        &dpo,
        &reference,
        &[
            ("step", "decide"),
            ("decision", "granted"),
            ("reason", "done-as-asked"),
            ("text", "Đã sửa ngày sinh trên Cổng dịch vụ công."),
        ],
    )
    .await;
    assert_eq!(location(&decided), format!("/dpo/requests/{reference}"));
    let html = citizen
        .get(&format!("/requests/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Đã có quyết định") && html.contains("Chấp nhận"));
    assert!(html.contains("Đã thực hiện theo yêu cầu của bạn"));
    assert!(
        html.contains("không bước nào bị sửa hay xóa"),
        "the chain checks out"
    );
    assert!(html.contains("khai-sinh.pdf"));
    let file = store.find_request(&reference).await.unwrap().unwrap();
    let kinds: Vec<&str> = file.events.iter().map(|e| e.content.kind.code()).collect();
    assert_eq!(
        kinds,
        [
            "submitted",
            "acknowledged",
            "information-requested",
            "message",
            "decided"
        ]
    );
    assert_eq!(file.attachments.len(), 2);
    let notices = citizen.get("/notifications").await.text().await.unwrap();
    assert!(notices.contains(&format!("Yêu cầu {reference} đã có quyết định")));

    // The public figures count it, without sign-in.
    let figures: Value = app
        .get("/fn/list_request_figures")
        .await
        .json()
        .await
        .unwrap();
    let line = figures
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["province"] == "HN" && f["kind"] == "Correction")
        .expect("a line for corrections in Hà Nội");
    assert_eq!(
        (line["received"].as_u64(), line["decided"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(line["on_time_share"].as_f64(), Some(1.0));

    // Mail: the DPO's office about the new request, the citizen at each
    // change, none of them with the request's content.
    let to_office = smtp.wait_for(&officer.email, &reference, 1).await;
    assert!(
        to_office[0]["body"]
            .as_str()
            .unwrap()
            .contains("/auth/sign-in")
    );
    // The confirmation came first; the four that waited for it follow.
    let to_citizen = smtp.wait_for("mai@example.vn", &reference, 5).await;
    assert!(
        to_citizen[0]["body"]
            .as_str()
            .unwrap()
            .contains("/email/confirm?token="),
        "{to_citizen:#?}"
    );
    for mail in &to_citizen {
        assert!(!mail["body"].as_str().unwrap().contains("Ngày sinh"));
    }
}

#[tokio::test]
async fn bad_files_and_missing_fields_are_refused_and_the_form_keeps_what_was_typed() {
    let app = spawn_app_with(&[]).await;
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/requests/new", "citizen").await;
    let store = app.store().await;
    let before = store
        .list_own_requests(&pseudonym_of_mai())
        .await
        .unwrap()
        .len();
    let typed = "Số điện thoại của tôi bị ghi sai một chữ số.";
    let cases: Vec<(Vec<Part>, &str, &str)> = vec![
        (
            vec![upload("scan.pdf", PNG, "application/pdf")],
            "correction",
            "Tên tệp không khớp với nội dung",
        ),
        (
            vec![upload(
                "big.png",
                &[PNG, &vec![0u8; 5 * 1024 * 1024]].concat(),
                "image/png",
            )],
            "correction",
            "Tệp lớn hơn 5 MB",
        ),
        (
            // Four times the limit, still under the body's: read in chunks
            // and dropped past the limit, refused all the same.
            vec![upload(
                "huge.png",
                &[PNG, &vec![0u8; 20 * 1024 * 1024]].concat(),
                "image/png",
            )],
            "correction",
            "Tệp lớn hơn 5 MB",
        ),
        (
            (0..4)
                .map(|n| upload(&format!("p{n}.pdf"), PDF, "application/pdf"))
                .collect(),
            "correction",
            "Đính kèm tối đa 3 tệp",
        ),
        (
            vec![upload("notes.txt", b"plain text", "text/plain")],
            "access",
            "Hãy đính kèm tệp PDF, JPEG hoặc PNG",
        ),
        (Vec::new(), "nonsense", "Hãy chọn điều bạn muốn yêu cầu"),
    ];
    for (files, kind, message) in cases {
        let refused = post_multipart(
            &citizen,
            "/requests/file",
            filing(kind, "HN-UBND", typed, files),
        )
        .await;
        assert_eq!(location(&refused), "/requests/new", "{message}");
        let html = citizen.get("/requests/new").await.text().await.unwrap();
        assert!(html.contains(message), "{message}");
        assert!(html.contains(typed), "the description is kept");
        assert!(
            html.contains("value=\"mai@example.vn\""),
            "the e-mail is kept"
        );
        // Shown once: a fresh visit is a fresh form.
        let again = citizen.get("/requests/new").await.text().await.unwrap();
        assert!(!again.contains(message));
    }
    let empty = post_multipart(
        &citizen,
        "/requests/file",
        filing("access", "HN-UBND", "   ", Vec::new()),
    )
    .await;
    assert_eq!(location(&empty), "/requests/new");
    assert!(
        citizen
            .get("/requests/new")
            .await
            .text()
            .await
            .unwrap()
            .contains("Hãy viết điều bạn yêu cầu")
    );
    let unknown = post_multipart(
        &citizen,
        "/requests/file",
        filing("access", "unknown", typed, Vec::new()),
    )
    .await;
    assert_eq!(location(&unknown), "/requests/new");
    assert!(
        citizen
            .get("/requests/new")
            .await
            .text()
            .await
            .unwrap()
            .contains("hãy chọn tỉnh, thành phố")
    );
    assert_eq!(
        store
            .list_own_requests(&pseudonym_of_mai())
            .await
            .unwrap()
            .len(),
        before,
        "nothing was filed"
    );

    // A level-1 sign-in may ask for access, not for a correction.
    let level1 = app.browser();
    sign_in_as(
        &level1,
        "/auth/sign-in?next=/requests/new",
        "citizen-level1",
    )
    .await;
    let refused = post_multipart(
        &level1,
        "/requests/file",
        filing("correction", "", typed, Vec::new()),
    )
    .await;
    assert_eq!(location(&refused), "/requests/new");
    assert!(
        level1
            .get("/requests/new")
            .await
            .text()
            .await
            .unwrap()
            .contains("VNeID mức 2")
    );
    let access = Form::new()
        .text("kind", "access")
        .text("agency", "unknown")
        .text("province", "HUE")
        .text("description", typed);
    let filed = post_multipart(&level1, "/requests/file", access).await;
    let page = location(&filed);
    assert!(page.starts_with("/requests/YC-"), "{page}");
    let reference = page
        .trim_start_matches("/requests/")
        .trim_end_matches("?filed=1");
    let record = store.find_request(reference).await.unwrap().unwrap().record;
    assert_eq!(record.handler, "HUE", "the chosen province triages it");
    assert_eq!(record.agency, None);
}

pub(crate) fn pseudonym_of_mai() -> String {
    let id = app::domain::PersonalId::parse("001990012345").unwrap();
    crate::helpers::development_pseudonymizer()
        .pseudonym(&id)
        .as_str()
        .to_owned()
}

/// A step form posted without JavaScript from `page`.
async fn post_from(browser: &Browser, page: &str, form: &[(String, String)]) -> reqwest::Response {
    browser
        .client
        .post(format!("{}/fn/take_request_step", browser.origin))
        .header("origin", &browser.origin)
        .header("accept", "text/html")
        .header("referer", format!("{}{page}", browser.origin))
        .form(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn two_dpos_acting_at_once_get_a_conflict_and_invalid_steps_are_refused() {
    let app = spawn_app_with(&[]).await;
    let store = app.store().await;
    // The demo's access request in Hà Nội.
    let reference = store
        .list_own_requests(&pseudonym_of_mai())
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.kind == app::domain::requests::RequestKind::Access)
        .unwrap()
        .reference;
    let first = app.browser();
    sign_in_as(&first, "/auth/sign-in?next=/dpo/requests", "dpo").await;
    let second = app.browser();
    sign_in_as(&second, "/auth/sign-in?next=/dpo/requests", "dpo").await;
    let page = format!("/dpo/requests/{reference}");
    // Both open the request at version 1.
    let seen_first = first.get(&page).await.text().await.unwrap();
    let seen_second = second.get(&page).await.text().await.unwrap();
    assert_eq!(version_on(&seen_first), "1");
    let acknowledge = |html: &str| {
        vec![
            ("csrf_token".to_owned(), csrf_token(html)),
            ("reference".to_owned(), reference.clone()),
            ("version".to_owned(), version_on(html)),
            ("step".to_owned(), "acknowledge".to_owned()),
        ]
    };
    let form_a = acknowledge(&seen_first);
    let form_b = acknowledge(&seen_second);
    let a = post_from(&first, &page, &form_a).await;
    assert_eq!(location(&a), page);
    let b = post_from(&second, &page, &form_b).await;
    let back = location(&b);
    assert!(back.contains("__err="), "{back}");
    let shown = second.get(&back).await.text().await.unwrap();
    assert!(
        shown.contains("Người khác đã thay đổi yêu cầu này"),
        "the conflict is explained"
    );
    let file = store.find_request(&reference).await.unwrap().unwrap();
    assert_eq!(file.events.len(), 2, "one acknowledgement, not two");
    assert_eq!(file.record.version, 2);

    // Invalid steps: deciding with a reason that does not fit, extending
    // twice, extending too long; each refused, nothing written.
    let wrong_reason = step(
        &first,
        &reference,
        &[
            ("step", "decide"),
            ("decision", "granted"),
            ("reason", "not-held"),
        ],
    )
    .await;
    assert!(location(&wrong_reason).contains("__err="));
    let too_long = step(
        &first,
        &reference,
        &[
            ("step", "extend"),
            ("days", "16"),
            ("text", "Cần thêm thời gian"),
        ],
    )
    .await;
    assert!(location(&too_long).contains("__err="));
    let not_complex = step(
        &first,
        &reference,
        &[
            ("step", "extend"),
            ("days", "10"),
            ("text", "Cần hỏi Sở Tư pháp"),
        ],
    )
    .await;
    assert!(
        location(&not_complex).contains("__err="),
        "only a complex request is extended"
    );
    let extended = step(
        &first,
        &reference,
        &[
            ("step", "extend"),
            ("days", "10"),
            ("complex", "yes"),
            ("text", "Cần hỏi Sở Tư pháp"),
        ],
    )
    .await;
    assert_eq!(location(&extended), page);
    let twice = step(
        &first,
        &reference,
        &[
            ("step", "extend"),
            ("days", "5"),
            ("complex", "yes"),
            ("text", "Lại cần thêm"),
        ],
    )
    .await;
    let back = location(&twice);
    assert!(back.contains("__err="));
    assert!(
        first
            .get(&back)
            .await
            .text()
            .await
            .unwrap()
            .contains("đã được gia hạn một lần")
    );
    let file = store.find_request(&reference).await.unwrap().unwrap();
    assert_eq!(file.events.len(), 3);
    assert!(file.record.first_decide_by.is_some());
    assert!(file.record.decide_by > file.record.first_decide_by.clone().unwrap());

    // The requester withdraws; then deciding is refused.
    let mai = app.browser();
    sign_in_as(&mai, "/auth/sign-in?next=/requests", "citizen").await;
    let html = mai
        .get(&format!("/requests/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    let withdrawn = mai
        .submit(
            &format!("/requests/{reference}"),
            "/fn/withdraw_request",
            &[
                ("csrf_token", &csrf_token(&html)),
                ("reference", &reference),
                ("version", &version_on(&html)),
            ],
        )
        .await;
    assert_eq!(location(&withdrawn), format!("/requests/{reference}"));
    // The page offers no steps any more; a form kept from before is refused.
    let html = first.get(&page).await.text().await.unwrap();
    assert!(!html.contains("name=\"version\""));
    let version = store
        .find_request(&reference)
        .await
        .unwrap()
        .unwrap()
        .record
        .version
        .to_string();
    let late = first
        .submit(
            &page,
            "/fn/take_request_step",
            &[
                ("csrf_token", &csrf_token(&seen_first)),
                ("reference", &reference),
                ("version", &version),
                ("step", "decide"),
                ("decision", "granted"),
                ("reason", "done-as-asked"),
            ],
        )
        .await;
    let back = location(&late);
    assert!(back.contains("__err="));
    assert!(
        first
            .get(&back)
            .await
            .text()
            .await
            .unwrap()
            .contains("đã đóng hoặc đã rút")
    );
    let file = store.find_request(&reference).await.unwrap().unwrap();
    assert_eq!(
        file.record.status,
        app::domain::requests::RequestStatus::Withdrawn
    );
    assert_eq!(file.events.len(), 4);
    assert!(app::domain::requests::verify_events(&file.events).is_ok());
}

#[tokio::test]
async fn the_queue_exports_csv_with_its_filters_and_only_its_provinces() {
    let app = spawn_app_with(&[]).await;
    let dpo = app.browser();
    sign_in_as(&dpo, "/auth/sign-in?next=/dpo/requests", "dpo").await;
    let csv = dpo.get("/dpo/requests.csv").await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = csv.bytes().await.unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark"
    );
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert_eq!(
        text.lines().count(),
        3,
        "header and the two demo requests: {text}"
    );
    assert!(text.contains("Số tham chiếu"));
    let filtered = dpo
        .get("/dpo/requests.csv?kind=objection")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(filtered.lines().count(), 2);
    assert!(filtered.contains("Phản đối xử lý dữ liệu"));
    let queue = dpo
        .get("/dpo/requests?kind=objection")
        .await
        .text()
        .await
        .unwrap();
    assert!(queue.contains("1 trên 1"), "the count");
    assert!(queue.contains("aria-sort=\"ascending\""));
    // The Huë DPO's export holds none of them; citizens get none at all.
    let hue = app.browser();
    sign_in_as(&hue, "/auth/sign-in?next=/dpo/requests", "dpo-hue").await;
    let theirs = hue.get("/dpo/requests.csv").await.text().await.unwrap();
    assert_eq!(theirs.lines().count(), 1);
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/requests", "citizen").await;
    assert_eq!(citizen.get("/dpo/requests.csv").await.status(), 403);
    assert_eq!(citizen.get("/dpo/requests").await.status(), 403);
}

#[tokio::test]
async fn a_new_sign_in_starts_clean_of_the_previous_persons_draft() {
    let app = spawn_app_with(&[]).await;
    let shared = app.browser();
    sign_in_as(
        &shared,
        "/auth/sign-in?next=/requests/new",
        "citizen-level1",
    )
    .await;
    let typed = "Một đoạn văn riêng tư của người trước";
    let refused = post_multipart(
        &shared,
        "/requests/file",
        filing("nonsense", "", typed, Vec::new()),
    )
    .await;
    assert_eq!(location(&refused), "/requests/new");
    // Another person signs in on the same browser without signing out
    // (a level-2 sign-in goes to the provider even while signed in).
    sign_in_as(&shared, "/auth/sign-in?next=/requests/new&level=2", "dpo").await;
    let html = shared.get("/requests/new").await.text().await.unwrap();
    assert!(!html.contains(typed), "the draft went with its session");
}

#[tokio::test]
async fn a_person_files_within_a_daily_quota_and_keeps_what_they_typed() {
    // The demo already filed two requests for Mai today.
    let app = spawn_app_with(&[("REQUESTS_PER_PERSON_PER_DAY", "3")]).await;
    let mai = app.browser();
    sign_in_as(&mai, "/auth/sign-in?next=/requests/new", "citizen").await;
    let first = post_multipart(
        &mai,
        "/requests/file",
        filing("access", "HN-UBND", "Yêu cầu thứ ba trong ngày", Vec::new()),
    )
    .await;
    assert!(
        location(&first).contains("?filed=1"),
        "{}",
        location(&first)
    );
    let typed = "Yêu cầu thứ tư trong ngày";
    let refused = post_multipart(
        &mai,
        "/requests/file",
        filing("access", "HN-UBND", typed, Vec::new()),
    )
    .await;
    assert_eq!(location(&refused), "/requests/new");
    let html = mai.get("/requests/new").await.text().await.unwrap();
    assert!(
        html.contains("số yêu cầu tối đa một người được gửi trong một ngày"),
        "translated"
    );
    assert!(html.contains(typed), "what was typed is kept");
    let filed = app
        .store()
        .await
        .list_own_requests(&pseudonym_of_mai())
        .await
        .unwrap();
    assert_eq!(filed.len(), 3, "nothing more was written");
}

#[tokio::test]
async fn a_file_deleted_at_the_end_of_its_retention_is_gone_and_said_so() {
    let app = spawn_app_with(&[]).await;
    let citizen = app.browser();
    sign_in_as(&citizen, "/auth/sign-in?next=/requests/new", "citizen").await;
    let filed = post_multipart(
        &citizen,
        "/requests/file",
        filing(
            "correction",
            "HN-UBND",
            "Xin sửa địa chỉ thường trú.",
            vec![upload("giay-to.pdf", PDF, "application/pdf")],
        ),
    )
    .await;
    let reference = location(&filed)
        .trim_start_matches("/requests/")
        .trim_end_matches("?filed=1")
        .to_owned();
    let store = app.store().await;
    let file = store.find_request(&reference).await.unwrap().unwrap();
    let id = file.attachments[0].id.clone();
    crate::helpers::execute_sql(
        &app.database_url,
        &format!(
            "UPDATE requests SET status = 'withdrawn', updated_at = '2026-01-01T00:00:00Z' \
             WHERE reference = '{reference}'"
        ),
    )
    .await;
    let now = crate::helpers::now();
    assert_eq!(
        store
            .purge_closed_request_files(now - 86_400, now)
            .await
            .unwrap(),
        1
    );
    let download = citizen.get(&format!("/requests/files/{id}")).await;
    assert_eq!(download.status(), 410);
    assert!(
        download
            .text()
            .await
            .unwrap()
            .contains("hết thời hạn lưu trữ")
    );
    let page = citizen
        .get(&format!("/requests/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("giay-to.pdf") && page.contains("khi hết thời hạn lưu trữ"));
    assert!(
        !page.contains(&format!("/requests/files/{id}")),
        "no link to nothing"
    );
}
