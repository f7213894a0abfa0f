//! The agencies' consent API (`/api/v1/consents/…`): before processing a
//! person's data for a consent-based purpose, an agency asks whether the
//! consent is active now; to learn of withdrawals and expiries without
//! asking again for everybody, it pulls the changes after a cursor. Only the
//! purpose's controller and its processors may ask. People are known to an
//! agency by a reference of its own (see `Pseudonymizer::subject_ref`).

use std::{collections::HashMap, sync::Arc};

use app::domain::{PersonalId, consent::Purpose, sharing::ItemError};
use axum::{
    Json,
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

use super::agency_api::{AgencyApi, authenticate, problem, unprocessable};

/// Most changes one pull returns.
pub const MAX_CHANGES: u32 = 1_000;

fn rfc3339(unix: i64) -> Option<String> {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()?
        .format(&time::format_description::well_known::Rfc3339)
        .ok()
}

fn invalid(field: &str, problem: &str) -> Response {
    unprocessable(vec![ItemError {
        index: 0,
        field: field.into(),
        problem: problem.into(),
    }])
}

fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::warn!(%error, "consent API cannot read the store");
    problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
}

/// Whether `agency` controls `purpose` or processes for its controller.
fn concerns(purpose: &Purpose, agency: &str) -> bool {
    purpose
        .controller
        .as_ref()
        .is_some_and(|c| c.code == agency)
        || purpose.processors.iter().any(|p| p.code == agency)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    personal_id: String,
    purpose: String,
}

/// `POST /api/v1/consents/check` with `{"personal_id": "…", "purpose": "…"}`
/// (a POST so the identification number stays out of URLs and logs).
pub async fn check_consent(
    State(api): State<Arc<AgencyApi>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let agency = match authenticate(&api, &headers).await {
        Ok(agency) => agency,
        Err(response) => return response,
    };
    let request: CheckRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "error": "malformed", "detail": error.to_string() })),
            )
                .into_response();
        }
    };
    let Ok(personal_id) = PersonalId::parse(&request.personal_id) else {
        return invalid("personal_id", "must be 12 digits");
    };
    let purposes = match api.store.list_purposes().await {
        Ok(purposes) => purposes,
        Err(error) => return unavailable(error),
    };
    let Some(purpose) = purposes.iter().find(|p| p.purpose.code == request.purpose) else {
        return invalid("purpose", "unknown");
    };
    if !purpose.rests_on_consent {
        return invalid("purpose", "does not rest on consent");
    }
    if !concerns(purpose, &agency) {
        return problem(StatusCode::FORBIDDEN, "not-your-purpose");
    }
    let pseudonym = api.pseudonymizer.pseudonym(&personal_id);
    let now = crate::auth::session::unix_now();
    let status = match api
        .store
        .list_consent_statuses(pseudonym.as_str(), now)
        .await
    {
        Ok(statuses) => statuses.into_iter().find(|s| s.purpose == request.purpose),
        Err(error) => return unavailable(error),
    };
    Json(json!({
        "purpose": request.purpose,
        "state": status.as_ref().map_or("none", |s| s.state.code()),
        "receipt_id": status.as_ref().map(|s| s.receipt_id.clone()),
        "valid_until": status.as_ref().and_then(|s| s.valid_until).and_then(rfc3339),
        "subject_ref": api.pseudonymizer.subject_ref(&agency, pseudonym.as_str()),
        "checked_at": rfc3339(now),
    }))
    .into_response()
}

/// `GET /api/v1/consents/changes?after=N&limit=M`: every grant, withdrawal
/// and expiry for the agency's purposes after position `after`, oldest
/// first, and the cursor of the next pull. Positions follow commit order,
/// so a pull never skips a change committed later.
pub async fn list_consent_changes(
    State(api): State<Arc<AgencyApi>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let agency = match authenticate(&api, &headers).await {
        Ok(agency) => agency,
        Err(response) => return response,
    };
    if let Some(unknown) = query
        .keys()
        .find(|k| !matches!(k.as_str(), "after" | "limit"))
    {
        return invalid(unknown, "unknown parameter");
    }
    let after = match query.get("after").map(|v| v.parse::<i64>()) {
        None => 0,
        Some(Ok(after)) if after >= 0 => after,
        Some(_) => return invalid("after", "must be a whole number, 0 or more"),
    };
    let limit = match query.get("limit").map(|v| v.parse::<u32>()) {
        None => 500,
        Some(Ok(limit)) if (1..=MAX_CHANGES).contains(&limit) => limit,
        Some(_) => return invalid("limit", "must be 1 to 1000"),
    };
    let purposes: Vec<String> = match api.store.list_purposes().await {
        Ok(purposes) => purposes
            .into_iter()
            .filter(|p| p.rests_on_consent && concerns(p, &agency))
            .map(|p| p.purpose.code)
            .collect(),
        Err(error) => return unavailable(error),
    };
    let changes = match api
        .store
        .list_consent_changes(&purposes, after, limit)
        .await
    {
        Ok(changes) => changes,
        Err(error) => return unavailable(error),
    };
    let next = changes.last().map_or(after, |c| c.feed_seq);
    let changes: Vec<_> = changes
        .into_iter()
        .map(|c| {
            json!({
                "position": c.feed_seq,
                "subject_ref": api.pseudonymizer.subject_ref(&agency, &c.subject),
                "purpose": c.purpose,
                "state": c.state.code(),
                "valid_until": c.valid_until.and_then(rfc3339),
                "receipt_id": c.receipt_id,
                "recorded_at": rfc3339(c.recorded_at),
            })
        })
        .collect();
    Json(json!({ "changes": changes, "next_after": next })).into_response()
}
