//! Plain handlers around requests to DPOs: the two forms that carry files
//! (filing, messages) as multipart posts, attachment downloads, and the
//! queue's CSV. Each one checks who asks and hands the work to the use
//! cases in `app::server::requests`, the ones the server functions call.

use std::sync::Arc;

use app::{
    domain::{
        Lang,
        attachments::{self, FileError},
        deadlines::Date,
        requests::{FormDraft, QueueCursor, QueueFilter, RequestRecord, ViewAction},
    },
    error::AppError,
    i18n::translate,
    server::{NewAttachment, Principal, Store, requests},
};
use axum::{
    Extension,
    extract::{Multipart, Path, Query, Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use crate::{auth::session::unix_now, http::error_page::error_page};

/// Session key of a refused form's values.
const DRAFT: &str = "form_draft";

/// Largest body of a form with files: three files of 5 MB and the text.
pub const UPLOAD_LIMIT: usize = 24 * 1024 * 1024;

/// Middleware, outermost: bodies over the limit get 413 before anything
/// reads them (the forgery check reads form bodies). Forms with files have
/// a larger limit than everything else. A declared length over the limit
/// is refused at once; a body that grows past it fails when read, and the
/// extractor reading it answers 413.
pub async fn limit_body(State(limit): State<usize>, request: Request, next: Next) -> Response {
    let limit = if super::routes::takes_files(request.uri().path()) {
        UPLOAD_LIMIT
    } else {
        limit
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// What a multipart form carried.
#[derive(Default)]
struct Posted {
    fields: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
    /// Files beyond the limit were sent.
    too_many: bool,
}

impl Posted {
    fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }
}

/// Longest text part kept (far above any field's own limit, which the
/// form's checks then apply with a translated message).
const MAX_TEXT_PART: usize = 64 * 1024;

/// Reads a part chunk by chunk, keeping at most `keep` bytes; the rest is
/// read and dropped. Memory stays bounded whatever the part's size.
async fn read_capped(
    field: &mut axum::extract::multipart::Field<'_>,
    keep: usize,
) -> Result<Vec<u8>, ()> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| ())? {
        let room = keep.saturating_sub(bytes.len());
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok(bytes)
}

/// Reads every part; a part with a file name is a file (empty ones, an
/// unused file input, are skipped). A file is kept up to one byte over
/// the largest allowed, enough for its check to call it too large; files
/// beyond the most allowed are read and dropped. At most about
/// `MAX_FILES` × `MAX_FILE_BYTES` is held, however large the body.
async fn read(mut multipart: Multipart) -> Result<Posted, ()> {
    let mut posted = Posted::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let keep = if posted.files.len() == attachments::MAX_FILES {
                    0
                } else {
                    attachments::MAX_FILE_BYTES + 1
                };
                let bytes = read_capped(&mut field, keep).await?;
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                if posted.files.len() == attachments::MAX_FILES {
                    posted.too_many = true;
                    continue;
                }
                posted.files.push((file_name, bytes));
            }
            None => {
                let bytes = read_capped(&mut field, MAX_TEXT_PART).await?;
                if posted.fields.len() < 32 {
                    posted
                        .fields
                        .push((name, String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
        }
    }
    Ok(posted)
}

/// The request's multipart form; 400 for a body that is not one.
async fn posted(request: Request, lang: Lang) -> Result<Posted, Response> {
    let multipart = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| refused(lang, rejection.status()))?;
    read(multipart)
        .await
        .map_err(|()| refused(lang, StatusCode::BAD_REQUEST))
}

/// Checks each file's type from its content and its size; the files move
/// into the attachments (no copy).
fn files(posted: &mut Posted) -> Result<Vec<NewAttachment>, FileError> {
    if posted.too_many {
        attachments::check_count(attachments::MAX_FILES + 1)?;
    }
    std::mem::take(&mut posted.files)
        .into_iter()
        .map(|(name, bytes)| {
            let kind = attachments::check_file(&name, &bytes)?;
            Ok(NewAttachment {
                file_name: clean_name(&name),
                media_type: kind.media_type().to_owned(),
                bytes,
            })
        })
        .collect()
}

/// The file name as shown and offered back: its last path part, without
/// control characters or quotes, at most 120 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\'))
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        "file".to_owned()
    } else {
        cleaned
    }
}

/// Sends the person back to the form with what they typed and what was
/// wrong.
async fn back_with(session: &Session, path: &str, posted: &Posted, error: &AppError) -> Response {
    let (field, message_id) = match error {
        AppError::Invalid { field, message_id } => (field.clone(), message_id.clone()),
        other => (String::new(), other.message_id().to_owned()),
    };
    let draft = FormDraft {
        path: path.to_owned(),
        fields: draft_fields(&posted.fields),
        field,
        message_id,
    };
    if let Err(error) = session.insert(DRAFT, &draft).await {
        tracing::warn!(%error, "cannot keep a refused form");
    }
    Redirect::to(path).into_response()
}

/// Most a refused form keeps of one field: the longest text a form takes.
const DRAFT_FIELD_CHARS: usize = app::domain::requests::MAX_TEXT;

/// Most a draft keeps in all: it rides in the session, read on every
/// request of that person.
const DRAFT_BYTES: usize = 32 * 1024;

/// What of a refused form's fields goes back to it: each cut to what a form
/// field may hold, and fields beyond the draft's size dropped (typed again).
fn draft_fields(fields: &[(String, String)]) -> Vec<(String, String)> {
    let mut kept = Vec::new();
    let mut used = 0;
    for (name, value) in fields {
        let name: String = name.chars().take(64).collect();
        let value: String = value.chars().take(DRAFT_FIELD_CHARS).collect();
        used += name.len() + value.len();
        if used > DRAFT_BYTES {
            break;
        }
        kept.push((name, value));
    }
    kept
}

fn file_error(error: FileError) -> AppError {
    AppError::Invalid {
        field: "files".into(),
        message_id: error.message_id().into(),
    }
}

/// The refused form's values, for the page it came from (once). Only the
/// pages that can have one look in the session.
pub async fn restore_draft(mut request: Request, next: Next) -> Response {
    if request.method() == axum::http::Method::GET
        && super::routes::takes_drafts(request.uri().path())
        && let Some(session) = request.extensions().get::<Session>().cloned()
        && let Ok(Some(draft)) = session.get::<FormDraft>(DRAFT).await
        && draft.path == request.uri().path()
    {
        let _ = session.remove::<FormDraft>(DRAFT).await;
        request.extensions_mut().insert(draft);
    }
    next.run(request).await
}

/// A body that is not a form, as a small page in the visitor's language
/// (these handlers are reached by links and forms, not by scripts).
fn refused(lang: Lang, status: StatusCode) -> Response {
    let body = match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
        _ => "error-invalid-request",
    };
    crate::http::error_page::error_response(lang, status, "error-summary-title", body, None)
}

/// What the request handlers need.
#[derive(Clone)]
pub struct RequestsState {
    pub store: Arc<dyn Store>,
    pub filing: requests::FilingRules,
}

/// `POST /requests/file`: files a request (multipart, up to 3 files).
pub async fn file_request(
    State(state): State<RequestsState>,
    Extension(me): Extension<Principal>,
    Extension(lang): Extension<Lang>,
    session: Session,
    request: Request,
) -> Response {
    let form_path = "/requests/new";
    let mut posted = match posted(request, lang).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let input = requests::FilingInput {
        kind: posted.get("kind"),
        agency: posted.get("agency"),
        province: posted.get("province"),
        description: posted.get("description"),
        email: posted.get("email"),
        about: posted.get("about"),
    };
    let outcome = match files(&mut posted) {
        Err(error) => Err(file_error(error)),
        Ok(files) => {
            let rules = &state.filing;
            requests::file(&*state.store, &me, rules, lang, &input, files, unix_now()).await
        }
    };
    match outcome {
        Ok(record) => {
            Redirect::to(&format!("/requests/{}?filed=1", record.reference)).into_response()
        }
        Err(error) => back_with(&session, form_path, &posted, &error).await,
    }
}

/// `POST /requests/{reference}/message`: a message with files, from the
/// requester or a DPO of the request's province.
pub async fn post_message(
    State(state): State<RequestsState>,
    Extension(me): Extension<Principal>,
    Extension(lang): Extension<Lang>,
    Path(reference): Path<String>,
    session: Session,
    request: Request,
) -> Response {
    let mut posted = match posted(request, lang).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    // Only a path of our own: the queue's page or the requester's.
    let page = if posted.get("view") == "dpo" {
        format!("/dpo/requests/{reference}")
    } else {
        format!("/requests/{reference}")
    };
    let version: i64 = posted.get("version").parse().unwrap_or(-1);
    let outcome = match files(&mut posted) {
        Err(error) => Err(file_error(error)),
        Ok(files) => {
            let text = posted.get("text");
            let (store, now) = (&*state.store, unix_now());
            let limits = &state.filing.limits;
            requests::message(
                store,
                &me,
                (&reference, version),
                text,
                (files, limits),
                now,
            )
            .await
        }
    };
    match outcome {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(error @ AppError::NotFound) => error_page(lang, &error),
        Err(error) => back_with(&session, &page, &posted, &error).await,
    }
}

/// `GET /requests/files/{id}`: an attachment, to the requester and to the
/// DPOs of the request's province; not found for anyone else.
pub async fn download_attachment(
    State(state): State<RequestsState>,
    Extension(me): Extension<Principal>,
    Extension(lang): Extension<Lang>,
    Path(id): Path<String>,
) -> Response {
    let file = match state.store.find_attachment(&id).await {
        Ok(Some(file)) if file.requester == me.pseudonym || me.viewer.is_dpo_of(&file.handler) => {
            file
        }
        Ok(_) => return error_page(lang, &AppError::NotFound),
        Err(error) => return error_page(lang, &error.into()),
    };
    if file.requester != me.pseudonym {
        let (staff, now) = (requests::staff(&me), unix_now());
        let ids = [file.request_id];
        let recorded = state
            .store
            .record_viewings(&ids, &staff, ViewAction::Downloaded, now);
        if let Err(error) = recorded.await {
            return error_page(lang, &error.into());
        }
    }
    if file.meta.purged_at.is_some() {
        // Deleted at the end of its retention: gone, and said so.
        return crate::http::error_page::error_response(
            lang,
            StatusCode::GONE,
            "error-summary-title",
            "request-file-purged-body",
            None,
        );
    }
    let mut response = file.bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&file.meta.media_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // RFC 6266/5987: the UTF-8 name, percent-encoded.
    let encoded: String =
        url::form_urlencoded::byte_serialize(file.meta.file_name.as_bytes()).collect();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"file\"; filename*=UTF-8''{}",
        encoded.replace('+', "%20")
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// The queue's filters in the CSV link.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    status: String,
    kind: String,
    agency: String,
    overdue: String,
    due_within: String,
    dir: String,
}

/// `GET /dpo/requests.csv`: the queue under its filters, every page.
pub async fn queue_csv(
    State(state): State<RequestsState>,
    Extension(me): Extension<Principal>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<QueueQuery>,
) -> Response {
    let handlers = requests::handlers(&me);
    if handlers.is_empty() {
        return error_page(lang, &AppError::Forbidden);
    }
    let filter = QueueFilter::parse(
        &query.status,
        &query.kind,
        &query.agency,
        !query.overdue.is_empty(),
        &query.due_within,
        &query.dir,
    );
    let today = Date::of_unix(unix_now()).iso();
    // Written a page at a time: only one page of records is in memory.
    let mut csv = QueueCsv::new(lang);
    let mut after: Option<QueueCursor> = None;
    loop {
        let page = match state
            .store
            .list_queue(&handlers, &filter, &today, after.as_ref(), 1_000)
            .await
        {
            Ok(page) => page,
            Err(error) => return error_page(lang, &error.into()),
        };
        let done = page.len() < 1_000;
        // Each request in the export is told who exported it.
        let ids: Vec<i64> = page.iter().map(|record| record.id).collect();
        let staff = requests::staff(&me);
        let recorded = state
            .store
            .record_viewings(&ids, &staff, ViewAction::Exported, unix_now());
        if let Err(error) = recorded.await {
            return error_page(lang, &error.into());
        }
        after = page.last().map(requests::cursor_after);
        csv.push(&page, &today);
        if done {
            break;
        }
    }
    let mut response = csv.finish().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"requests.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The queue as CSV: a UTF-8 byte-order mark, translated headers, ISO
/// dates, cells that would start a formula neutralised.
pub struct QueueCsv {
    writer: csv::Writer<Vec<u8>>,
    lang: Lang,
}

impl QueueCsv {
    pub fn new(lang: Lang) -> QueueCsv {
        let mut writer = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
        let headers = [
            "queue-reference",
            "queue-kind",
            "queue-status",
            "queue-requester",
            "queue-agency",
            "queue-province",
            "queue-received",
            "queue-due",
            "queue-overdue",
            "queue-assignee",
        ];
        let _ = writer.write_record(headers.iter().map(|key| translate(lang, key)));
        QueueCsv { writer, lang }
    }

    /// Adds rows; "overdue" as of `today`.
    pub fn push(&mut self, rows: &[RequestRecord], today: &str) {
        let lang = self.lang;
        for r in rows {
            let row = [
                r.reference.clone(),
                translate(lang, r.kind.message_id()),
                translate(lang, r.status.message_id()),
                r.requester_name.clone(),
                r.agency
                    .as_ref()
                    .map(|a| a.name(lang).to_owned())
                    .unwrap_or_default(),
                r.handler.clone(),
                r.received_on.clone(),
                r.decide_by.clone(),
                translate(
                    lang,
                    if r.overdue_on(today) {
                        "queue-overdue-yes"
                    } else {
                        "queue-overdue-no"
                    },
                ),
                r.assignee_name.clone().unwrap_or_default(),
            ];
            let _ = self
                .writer
                .write_record(row.iter().map(|cell| super::export::neutralise(cell)));
        }
    }

    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }
}

use axum::extract::FromRequest as _;

#[cfg(test)]
mod tests {
    use super::*;

    /// A multipart body of the given parts (name, file name, bytes).
    fn multipart(parts: &[(&str, Option<&str>, Vec<u8>)]) -> Request {
        let mut body = Vec::new();
        for (name, file, bytes) in parts {
            body.extend_from_slice(b"--XyZ\r\nContent-Disposition: form-data; name=\"");
            body.extend_from_slice(name.as_bytes());
            body.push(b'"');
            if let Some(file) = file {
                body.extend_from_slice(b"; filename=\"");
                body.extend_from_slice(file.as_bytes());
                body.push(b'"');
            }
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--XyZ--\r\n");
        Request::builder()
            .method("POST")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XyZ")
            .body(axum::body::Body::from(body))
            .unwrap()
    }

    #[tokio::test]
    async fn uploads_are_kept_only_up_to_what_can_be_accepted() {
        let twice = vec![b'x'; 2 * attachments::MAX_FILE_BYTES];
        let request = multipart(&[
            ("description", None, vec![b'd'; 3 * MAX_TEXT_PART]),
            ("files", Some("a.pdf"), twice.clone()),
            ("files", Some("b.pdf"), b"%PDF-1.4".to_vec()),
            ("files", Some("c.pdf"), b"%PDF-1.4".to_vec()),
            ("files", Some("d.pdf"), twice),
        ]);
        // As the real route: with the upload limit on the body.
        let app = axum::Router::new()
            .route(
                "/",
                axum::routing::post(|request: Request| async move {
                    let posted = posted(request, Lang::Vi).await.ok().unwrap();
                    format!(
                        "{} {} {} {}",
                        posted.files[0].1.len(),
                        posted.files.len(),
                        posted.too_many,
                        posted.get("description").len()
                    )
                }),
            )
            .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT));
        let response = tower::ServiceExt::oneshot(app, request).await.unwrap();
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        // The first file is kept to one byte past the limit (enough to
        // refuse it as too large), the fourth read and dropped, the text
        // cut at its part limit.
        assert_eq!(
            String::from_utf8_lossy(&body),
            format!(
                "{} {} true {MAX_TEXT_PART}",
                attachments::MAX_FILE_BYTES + 1,
                attachments::MAX_FILES
            )
        );
    }

    #[test]
    fn the_csv_has_a_bom_translated_headers_and_no_formulas() {
        use app::domain::requests::{RequestKind, RequestStatus};
        let record = RequestRecord {
            id: 1,
            reference: "YC-2026-000001".into(),
            requester: "p".into(),
            requester_name: "=HYPERLINK(\"http://evil\")".into(),
            kind: RequestKind::Correction,
            agency: None,
            handler: "HN".into(),
            about_reference: None,
            description: "secret description".into(),
            contact_email: Some("mai@example.vn".into()),
            lang: Lang::Vi,
            status: RequestStatus::Acknowledged,
            decision: None,
            received_on: "2026-06-01".into(),
            acknowledge_by: "2026-06-03".into(),
            decide_by: "2026-06-22".into(),
            first_decide_by: None,
            extension_reason: None,
            extension_days: None,
            third_party: false,
            accepted_on: None,
            legacy_deadlines: false,
            decided_on: None,
            assignee: None,
            assignee_name: Some("+Phạm".into()),
            submitted_at: 0,
            updated_at: 0,
            version: 1,
        };
        let mut csv = QueueCsv::new(Lang::En);
        csv.push(std::slice::from_ref(&record), "2026-07-01");
        let text = String::from_utf8(csv.finish()).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        assert!(lines.next().unwrap().starts_with("Reference,Type,Status"));
        let row = lines.next().unwrap();
        assert!(row.contains("'=HYPERLINK"), "{row}");
        assert!(row.contains("'+Phạm"), "{row}");
        assert!(
            row.contains("Correction of my data") && row.contains(",yes,"),
            "{row}"
        );
        assert!(!text.contains("secret description") && !text.contains("mai@example.vn"));
    }

    #[test]
    fn a_draft_is_bounded_per_field_and_in_all() {
        let huge = "x".repeat(20 * 1024 * 1024);
        let fields = vec![
            ("description".to_owned(), huge.clone()),
            ("kind".to_owned(), "access".to_owned()),
            ("n".repeat(1_000), huge),
        ];
        let kept = draft_fields(&fields);
        assert_eq!(kept[0].1.chars().count(), DRAFT_FIELD_CHARS);
        assert_eq!(kept[1], ("kind".to_owned(), "access".to_owned()));
        let total: usize = kept.iter().map(|(k, v)| k.len() + v.len()).sum();
        assert!(total <= DRAFT_BYTES, "{total}");
    }

    #[test]
    fn file_names_lose_paths_controls_and_quotes() {
        assert_eq!(clean_name("C:\\Users\\mai\\scan.pdf"), "scan.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b\r\n.png"), "ab.png");
        assert_eq!(clean_name(""), "file");
        assert_eq!(clean_name(&"x".repeat(300)).len(), 120);
    }
}
