//! Downloads of the signed-in person's own data: every visible sharing
//! event and every holding, as CSV (for spreadsheets) and JSON (for
//! machines and for checking the hash chain). Plain handlers: a download is
//! not a page.

use std::sync::Arc;

use app::{
    domain::{
        Lang,
        datetime::iso_datetime,
        sharing::{Holding, SharingEventView, SharingFilter, TimelineCursor, TimelinePlace},
    },
    i18n::translate,
    server::{Principal, Store, StoreError},
};
use axum::{
    Extension, Json,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::auth::session::unix_now;

/// Events read per query while exporting.
const PAGE: u32 = 1_000;

/// Every visible event of a person, newest first.
async fn all_events(
    store: &dyn Store,
    pseudonym: &str,
) -> Result<Vec<SharingEventView>, StoreError> {
    let mut all = Vec::new();
    let mut place = TimelinePlace::Newest;
    loop {
        let page = store
            .list_sharing_events(
                pseudonym,
                &SharingFilter::default(),
                place,
                PAGE,
                unix_now(),
            )
            .await?;
        let done = page.len() < PAGE as usize;
        if let Some(last) = page.last() {
            place = TimelinePlace::Before(TimelineCursor {
                occurred_at: last.occurred_at,
                seq: last.seq,
            });
        }
        all.extend(page);
        if done {
            return Ok(all);
        }
    }
}

fn unavailable(error: StoreError) -> Response {
    tracing::warn!(%error, "cannot export");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

fn attachment(mut response: Response, name: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Spreadsheet programs run cells starting with these as formulas.
pub(crate) fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The sharing log as CSV: a UTF-8 byte-order mark (so spreadsheets read
/// Vietnamese), translated headers, ISO times in Viet Nam time.
pub fn sharing_csv(events: &[SharingEventView], lang: Lang) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let headers = [
            "event-time",
            "event-provider",
            "event-recipient",
            "event-categories",
            "event-purpose",
            "event-legal-basis",
            "event-method",
            "event-mode",
            "event-outcome",
            "event-request-reference",
            "event-official",
            "event-reference",
        ];
        let _ = writer.write_record(headers.iter().map(|key| translate(lang, key)));
        for e in events {
            let names = |list: &[app::domain::sharing::Named]| {
                list.iter()
                    .map(|n| n.name(lang).to_owned())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let row = [
                iso_datetime(e.occurred_at),
                format!(
                    "{} ({})",
                    e.provider.name(lang),
                    e.provider_system.name(lang)
                ),
                match &e.recipient_system {
                    Some(system) => format!("{} ({})", e.recipient.name(lang), system.name(lang)),
                    None => e.recipient.name(lang).to_owned(),
                },
                names(&e.categories),
                e.purpose.name(lang).to_owned(),
                e.legal_basis.name(lang).to_owned(),
                translate(lang, e.method.message_id()),
                translate(lang, e.mode.message_id()),
                translate(lang, e.outcome.message_id()),
                e.request_reference.clone().unwrap_or_default(),
                e.official_code.clone().unwrap_or_default(),
                format!("{} #{}", e.event_id, e.seq),
            ];
            let _ = writer.write_record(row.iter().map(|cell| neutralise(cell)));
        }
        let _ = writer.flush();
    }
    out
}

/// `GET /data/export.csv`.
pub async fn export_csv(
    State(store): State<Arc<dyn Store>>,
    Extension(me): Extension<Principal>,
    Extension(lang): Extension<Lang>,
) -> Response {
    match all_events(&*store, &me.pseudonym).await {
        Ok(events) => attachment(
            (
                [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
                sharing_csv(&events, lang),
            )
                .into_response(),
            "sharing-log.csv",
        ),
        Err(error) => unavailable(error),
    }
}

/// `GET /data/export.json`: holdings and events with their chain hashes.
pub async fn export_json(
    State(store): State<Arc<dyn Store>>,
    Extension(me): Extension<Principal>,
) -> Response {
    let holdings: Vec<Holding> = match store.list_holdings(&me.pseudonym).await {
        Ok(holdings) => holdings,
        Err(error) => return unavailable(error),
    };
    let events = match all_events(&*store, &me.pseudonym).await {
        Ok(events) => events,
        Err(error) => return unavailable(error),
    };
    attachment(
        Json(json!({
            "format": "citizen-privacy-export/v1",
            "generated_at": iso_datetime(unix_now()),
            "person": { "name": me.viewer.name, "personal_id": me.viewer.masked_id },
            "holdings": holdings,
            "sharing_events": events,
        }))
        .into_response(),
        "my-data.json",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM"), "'@SUM");
        assert_eq!(neutralise("Bộ Công an"), "Bộ Công an");
    }

    #[test]
    fn csv_starts_with_a_bom_and_translated_headers() {
        let csv = sharing_csv(&[], Lang::Vi);
        assert!(csv.starts_with("\u{feff}".as_bytes()));
        let text = String::from_utf8(csv).unwrap();
        assert!(text.contains(&translate(Lang::Vi, "event-provider")));
        assert_eq!(text.lines().count(), 1);
    }
}

/// `GET /data/proof.json`: an inclusion proof for each of the person's
/// visible events, checkable without this server (see the README).
pub async fn export_proof(
    State(state): State<ProofState>,
    Extension(me): Extension<Principal>,
) -> Response {
    let events = match all_events(&*state.store, &me.pseudonym).await {
        Ok(events) => events,
        Err(error) => return unavailable(error),
    };
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    let keys = match state.store.list_checkpoint_keys().await {
        Ok(keys) => keys,
        Err(error) => return unavailable(error),
    };
    // Each checkpoint names its key; one without a name is the first's.
    let keys: serde_json::Map<String, serde_json::Value> = keys
        .into_iter()
        .map(|k| (k.key_id, json!(k.public_key)))
        .collect();
    match crate::sharing_log::inclusion_proofs(&*state.store, &seqs).await {
        Ok(proofs) => attachment(
            Json(json!({
                "format": "citizen-privacy-proof/v1",
                "algorithm": "Ed25519",
                "public_key": state.public_key,
                "keys": keys,
                "content_hash": "SHA-256 of b\"cpd-sharing-event-v1\" then each field as an 8-byte big-endian length and its UTF-8 bytes (see README)",
                "link": "SHA-256 of b\"cpd-chain-v1\" || previous link || content hash (hex text)",
                "checkpoint_message": "cpd-checkpoint-v1|seq|link|signed_at",
                "events": proofs,
            }))
            .into_response(),
            "my-sharing-log-proof.json",
        ),
        Err(error) => unavailable(error),
    }
}

/// The query of a receipt download.
#[derive(serde::Deserialize)]
pub struct ReceiptQuery {
    id: String,
    /// The representation link, when acting for someone.
    #[serde(rename = "for")]
    acting_for: Option<i64>,
}

/// `GET /consent/receipt.json?id=…[&for=…]`: one consent record with its
/// hashes, as the person (or their representative) keeps it.
pub async fn export_consent_receipt(
    State(store): State<Arc<dyn Store>>,
    Extension(me): Extension<Principal>,
    axum::extract::Query(query): axum::extract::Query<ReceiptQuery>,
) -> Response {
    let Ok(subject) = app::api::consent::subject_of(&me, query.acting_for, &*store).await else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let records = match store.list_consent_records(&subject.pseudonym).await {
        Ok(records) => records,
        Err(error) => return unavailable(error),
    };
    let Some(record) = records.iter().find(|r| r.content.receipt_id == query.id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let name = format!("consent-receipt-{}.json", record.content.receipt_id);
    attachment(
        Json(json!({
            "format": "citizen-privacy-consent-receipt/v1",
            "generated_at": iso_datetime(unix_now()),
            "content_hash": "SHA-256 of b\"cpd-consent-record-v1\" then each field of `record.content` in order as an 8-byte big-endian length and its UTF-8 bytes (see README)",
            "link": "SHA-256 of b\"cpd-chain-v1\" || previous record's link || content hash (hex text); the first record follows 64 zeros",
            "record": record,
        }))
        .into_response(),
        &name,
    )
}

/// What the proof download needs.
#[derive(Clone)]
pub struct ProofState {
    pub store: Arc<dyn Store>,
    pub public_key: String,
}
