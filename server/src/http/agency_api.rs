//! The agencies' machine API (JSON, `/api/v1/`): they report sharing events
//! and holdings in batches, and check consents (`consent_api`). Each
//! agency authenticates with a bearer token (`cpd_<id>.<secret>`), of which
//! only a keyed hash is stored; random, long tokens need no slow password
//! hash. Tokens expire (a year by default), can be revoked from the command
//! line, and record when they were last used. (OAuth2 client credentials would
//! add a token endpoint and short-lived tokens but not more assurance for
//! server-to-server calls; in production put mTLS at the ingress as well.)
//!
//! A batch is all or nothing: every item is checked first and a bad one
//! makes the answer 422 naming each bad item and field; then the batch is
//! appended in one transaction. Retrying a batch is safe: events already
//! in the log (same agency, same event id, same content) count as
//! duplicates. An agency writes only in its own name.

use std::sync::Arc;

use app::{
    domain::sharing::{
        HoldingRecord, HoldingReport, ItemError, MAX_BATCH, SharingEventReport, check_holding,
        check_sharing_event,
    },
    server::{AppendError, NewSharingEvent, Store},
};
use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::json;
use subtle::ConstantTimeEq as _;

use crate::{auth::Pseudonymizer, sharing_log::CheckpointSigner};

/// Requests per agency: a token bucket per agency code, in this process.
pub type AgencyLimiter = governor::DefaultKeyedRateLimiter<String>;

/// A limiter allowing `rate` per agency.
pub fn agency_limiter(rate: &crate::config::RateLimit) -> Arc<AgencyLimiter> {
    let burst = std::num::NonZeroU32::new(rate.burst).unwrap_or(std::num::NonZeroU32::MIN);
    let quota = governor::Quota::with_period(rate.period)
        .unwrap_or_else(|| governor::Quota::per_second(burst))
        .allow_burst(burst);
    Arc::new(governor::RateLimiter::keyed(quota))
}

/// What the API needs.
#[derive(Clone)]
pub struct AgencyApi {
    pub store: Arc<dyn Store>,
    pub pseudonymizer: Pseudonymizer,
    pub signer: CheckpointSigner,
    pub limiter: Arc<AgencyLimiter>,
    /// Batches and their records are counted here.
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AgencyApi {
    pub fn routes<S: Clone + Send + Sync + 'static>(self) -> Router<S> {
        Router::new()
            .route("/api/v1/sharing-events", post(ingest_sharing_events))
            .route("/api/v1/holdings", post(ingest_holdings))
            .route(
                "/api/v1/consents/check",
                post(super::consent_api::check_consent),
            )
            .route(
                "/api/v1/consents/changes",
                get(super::consent_api::list_consent_changes),
            )
            .route("/api/v1/log/public-key", get(public_key))
            .route("/api/v1/openapi.json", get(openapi))
            .with_state(Arc::new(self))
    }
}

/// How long a token lasts and how long an old one works after a rotation:
/// the same rules for the command line and the console.
pub use app::domain::agencies::{
    ROTATION_GRACE_DAYS, ROTATION_GRACE_DAYS_MAX, TOKEN_DAYS, TOKEN_DAYS_MAX, TOKEN_PREFIX,
    token_id,
};

/// Last use is recorded to the minute: one write a minute per token at most.
const LAST_USE_RESOLUTION_SECONDS: i64 = 60;

/// A new token for an agency: what to give the agency, and the id and
/// hash to store.
pub fn new_token(pseudonymizer: &Pseudonymizer) -> (String, String, String) {
    use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
    // An id never begins with `-` or `_` (base64url's 62 and 63, the top
    // six bits of the first byte): typed alone on the command line
    // (`rotate-agency-token ID`), a leading dash would read as a flag.
    let id = loop {
        let bytes = rand::random::<[u8; 9]>();
        if bytes[0] >> 2 < 62 {
            break URL_SAFE_NO_PAD.encode(bytes);
        }
    };
    let secret = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    // Base64url uses `_` and `-`, never `.`: the separator is unambiguous.
    let token = format!("{TOKEN_PREFIX}{id}.{secret}");
    let hash = pseudonymizer.token_hash(&secret);
    (token, id, hash)
}

pub(crate) fn problem(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

fn unauthenticated() -> Response {
    let mut response = problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer"),
    );
    response
}

/// The agency (code) a request's bearer token belongs to.
pub(crate) async fn authenticate(api: &AgencyApi, headers: &HeaderMap) -> Result<String, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .and_then(|token| token.trim().strip_prefix(TOKEN_PREFIX))
        .ok_or_else(unauthenticated)?;
    let (id, secret) = token.split_once('.').ok_or_else(unauthenticated)?;
    let now = app::server::now();
    let found = api
        .store
        .find_agency_credential(id, now)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "cannot read agency credentials");
            problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        })?;
    let credential = found.ok_or_else(unauthenticated)?;
    let agency = credential.agency_code.clone();
    let given = api.pseudonymizer.token_hash(secret);
    if !bool::from(given.as_bytes().ct_eq(credential.token_hash.as_bytes())) {
        return Err(unauthenticated());
    }
    // Written only when the recorded use is a minute old: a busy agency's
    // reads do not each become a write.
    let stale = credential
        .last_used_at
        .is_none_or(|at| now - at >= LAST_USE_RESOLUTION_SECONDS);
    if stale
        && let Err(error) = api
            .store
            .record_credential_use(id, now, LAST_USE_RESOLUTION_SECONDS)
            .await
    {
        // Oversight, not a gate: the report's own write will say whether
        // the database is there.
        tracing::warn!(%error, "cannot record an agency token's use");
    }
    // Counted only once the agency is known: nobody can use up another
    // agency's allowance.
    if let Err(not_until) = api.limiter.check_key(&agency) {
        use governor::clock::{Clock as _, DefaultClock};
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        let mut response = problem(StatusCode::TOO_MANY_REQUESTS, "rate-limited");
        response.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from(wait.as_secs().max(1)),
        );
        return Err(response);
    }
    Ok(agency)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SharingEventBatch {
    events: Vec<SharingEventReport>,
}

pub(crate) fn unprocessable(errors: Vec<ItemError>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "error": "invalid", "errors": errors })),
    )
        .into_response()
}

/// A batch that passed the checks every endpoint shares.
struct Received<T> {
    agency: String,
    batch: T,
    registry: app::domain::sharing::RegistryCodes,
}

/// Authenticates the agency, parses the batch (`field` holds its items,
/// `len` counts them: 1 to [`MAX_BATCH`]) and loads the registry codes.
async fn receive<T: serde::de::DeserializeOwned>(
    api: &AgencyApi,
    request: axum::extract::Request,
    field: &str,
    len: impl Fn(&T) -> usize,
) -> Result<Received<T>, Response> {
    // Who sends it first: a stranger's body is never read.
    let agency = authenticate(api, request.headers()).await?;
    // The body is bounded by `limit_body` (MAX_BODY_BYTES); past it, 413.
    let body = axum::body::to_bytes(request.into_body(), usize::MAX)
        .await
        .map_err(|_| problem(StatusCode::PAYLOAD_TOO_LARGE, "too-large"))?;
    let batch: T = serde_json::from_slice(&body).map_err(|error| {
        // The parser's words name the line and column; they may quote the
        // agency's own input back to it, never anyone else's.
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "error": "malformed", "detail": error.to_string() })),
        )
            .into_response()
    })?;
    if !(1..=MAX_BATCH).contains(&len(&batch)) {
        return Err(unprocessable(vec![ItemError {
            index: 0,
            field: field.into(),
            problem: format!("must hold 1 to {MAX_BATCH} items"),
        }]));
    }
    let registry = api.store.load_registry_codes().await.map_err(|error| {
        tracing::warn!(%error, "cannot read the registry");
        problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    })?;
    Ok(Received {
        agency,
        batch,
        registry,
    })
}

/// Checks every item of a batch. When some fail, the registry is read
/// afresh (another instance may have added an agency or system since this
/// one read it) and the batch checked once more.
async fn check_all<R, T>(
    api: &AgencyApi,
    mut registry: app::domain::sharing::RegistryCodes,
    items: &[R],
    check: impl Fn(usize, &R, &app::domain::sharing::RegistryCodes, &mut Vec<ItemError>) -> Option<T>,
) -> Result<Vec<T>, Response> {
    let mut fresh = false;
    loop {
        let mut errors = Vec::new();
        let checked: Vec<T> = items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| check(index, item, &registry, &mut errors))
            .collect();
        if errors.is_empty() {
            return Ok(checked);
        }
        if fresh {
            return Err(unprocessable(errors));
        }
        api.store.forget_registry();
        registry = api.store.load_registry_codes().await.map_err(|error| {
            tracing::warn!(%error, "cannot read the registry");
            problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        })?;
        fresh = true;
    }
}

/// `POST /api/v1/sharing-events` with `{"events": [...]}`.
async fn ingest_sharing_events(
    State(api): State<Arc<AgencyApi>>,
    request: axum::extract::Request,
) -> Response {
    let mut tally = api.metrics.batch("events");
    let Received {
        agency,
        batch,
        registry,
    } = match receive(&api, request, "events", |b: &SharingEventBatch| {
        b.events.len()
    })
    .await
    {
        Ok(received) => received,
        Err(response) => return response,
    };
    tally.records(batch.events.len());
    // Writing in another agency's name is refused outright.
    if batch
        .events
        .iter()
        .any(|event| event.provider_agency.as_ref().is_some_and(|p| *p != agency))
    {
        return problem(StatusCode::FORBIDDEN, "not-your-agency");
    }
    let now = crate::auth::session::unix_now();
    let checked = match check_all(
        &api,
        registry,
        &batch.events,
        |index, report, codes, errors| {
            check_sharing_event(index, report, &agency, codes, now, errors)
        },
    )
    .await
    {
        Ok(checked) => checked,
        Err(response) => return response,
    };
    let received_at = app::server::now();
    let events: Vec<NewSharingEvent> = checked
        .into_iter()
        .map(|event| NewSharingEvent {
            received_at,
            pseudonym: api
                .pseudonymizer
                .pseudonym(&event.personal_id)
                .as_str()
                .to_owned(),
            details: event.details,
        })
        .collect();
    let outcome = match api.store.append_sharing_events(&events).await {
        Ok(outcome) => outcome,
        Err(AppendError::EventIdReused(indexes)) => {
            return unprocessable(
                indexes
                    .into_iter()
                    .map(|index| ItemError {
                        index,
                        field: "event_id".into(),
                        problem: "reused".into(),
                    })
                    .collect(),
            );
        }
        Err(AppendError::Store(error)) => {
            tracing::error!(%error, "cannot append sharing events");
            return problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        }
    };
    tally.accepted(outcome.accepted as u64);
    tracing::info!(
        agency = %agency,
        accepted = outcome.accepted,
        duplicates = outcome.duplicates,
        "sharing events appended"
    );
    let checkpoint =
        (outcome.accepted > 0).then(|| api.signer.sign(outcome.head_seq, &outcome.head_hash, now));
    if let Some(checkpoint) = &checkpoint
        && let Err(error) = api.store.insert_checkpoint(checkpoint).await
    {
        // The events are in; the next batch signs a later checkpoint.
        tracing::warn!(%error, "cannot store a checkpoint");
    }
    Json(json!({
        "accepted": outcome.accepted,
        "duplicates": outcome.duplicates,
        "head": { "seq": outcome.head_seq, "hash": outcome.head_hash },
        "checkpoint": checkpoint.map(|c| json!({
            "seq": c.seq, "hash": c.chain_hash, "signed_at": c.signed_at, "signature": c.signature,
        })),
    }))
    .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HoldingBatch {
    holdings: Vec<HoldingReport>,
}

/// `POST /api/v1/holdings` with `{"holdings": [...]}`: what the agency's
/// systems hold about each person; a report replaces the agency's earlier
/// one for the same person, system and purpose.
async fn ingest_holdings(
    State(api): State<Arc<AgencyApi>>,
    request: axum::extract::Request,
) -> Response {
    let mut tally = api.metrics.batch("holdings");
    let Received {
        agency,
        batch,
        registry,
    } = match receive(&api, request, "holdings", |b: &HoldingBatch| {
        b.holdings.len()
    })
    .await
    {
        Ok(received) => received,
        Err(response) => return response,
    };
    tally.records(batch.holdings.len());
    let now = crate::auth::session::unix_now();
    let checked = match check_all(
        &api,
        registry,
        &batch.holdings,
        |index, report, codes, errors| check_holding(index, report, &agency, codes, now, errors),
    )
    .await
    {
        Ok(checked) => checked,
        Err(response) => return response,
    };
    let records: Vec<HoldingRecord> = checked
        .into_iter()
        .map(|(id, record)| HoldingRecord {
            pseudonym: api.pseudonymizer.pseudonym(&id).as_str().to_owned(),
            ..record
        })
        .collect();
    match api.store.upsert_holdings(&records).await {
        Ok(()) => {
            tally.accepted(records.len() as u64);
            Json(json!({ "accepted": records.len() })).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "cannot record holdings");
            problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    }
}

/// The API's OpenAPI document (tested against the running server with
/// schemathesis by `scripts/test`).
pub const OPENAPI: &str = include_str!("../../openapi/agency-api.json");

/// `GET /api/v1/openapi.json`.
async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /api/v1/log/public-key`: the key that signs checkpoints.
/// Every key the log was signed with, each with its period; `public_key`
/// and `key_id` name the current one.
async fn public_key(State(api): State<Arc<AgencyApi>>) -> Response {
    let keys = match api.store.list_checkpoint_keys().await {
        Ok(keys) => keys,
        Err(error) => {
            tracing::error!(%error, "cannot read the checkpoint keys");
            return problem(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        }
    };
    let (current_id, current_key) = keys
        .iter()
        .find(|k| k.retired_at.is_none())
        .map(|k| (k.key_id.clone(), k.public_key.clone()))
        .unwrap_or_else(|| (api.signer.key_id().to_owned(), api.signer.public_key()));
    let time = |unix: i64| {
        time::OffsetDateTime::from_unix_timestamp(unix)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
    };
    Json(json!({
        "algorithm": "Ed25519",
        "key_id": current_id,
        "public_key": current_key,
        "keys": keys.iter().map(|k| json!({
            "key_id": k.key_id,
            "public_key": k.public_key,
            "active_from": time(k.active_from),
            "retired_at": k.retired_at.and_then(time),
        })).collect::<Vec<_>>(),
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_id_never_begins_like_a_flag() {
        let pseudonymizer = Pseudonymizer::new(&[7u8; 32]).unwrap();
        for _ in 0..2_000 {
            let (token, id, _) = new_token(&pseudonymizer);
            assert!(id.starts_with(|c: char| c.is_ascii_alphanumeric()), "{id}");
            assert_eq!(token_id(&token), id);
        }
    }
}
