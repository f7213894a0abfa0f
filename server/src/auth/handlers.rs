//! The sign-in, callback and sign-out endpoints. Plain axum handlers: they
//! change the session, which must not happen while a page streams.

use std::sync::Arc;

use app::domain::{
    AccountEvent, AccountEventKind, AssuranceLevel, Lang, SignInFailure, language::safe_return_path,
};
use axum::{
    Extension,
    extract::{Query, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use subtle::ConstantTimeEq as _;
use tower_sessions::Session;

use crate::http::client::ClientIp;

use super::{
    AuthService,
    oidc::{PendingSignIn, VerifiedIdentity},
    session::{PENDING, SIGNED_IN, SignedIn, unix_now},
};

/// How long a begun sign-in may take before its callback is refused.
pub const SIGN_IN_LIFETIME_SECS: i64 = 10 * 60;
/// Sign-ins begun in one browser and not yet finished, kept at most.
const MAX_PENDING: usize = 5;

#[derive(Debug, Deserialize)]
pub struct SignInQuery {
    next: Option<String>,
    level: Option<String>,
}

/// Who is at the other end, for the activity record: a keyed hash of the
/// address and the browser's description, shortened.
struct Client {
    hash: String,
    user_agent: Option<String>,
}

impl Client {
    fn of(auth: &AuthService, address: std::net::IpAddr, headers: &HeaderMap) -> Client {
        Client {
            hash: auth.pseudonymizer.client_hash(&address.to_string()),
            user_agent: headers
                .get(header::USER_AGENT)
                .and_then(|value| value.to_str().ok())
                .map(|agent| agent.chars().take(200).collect()),
        }
    }

    fn event(&self, kind: AccountEventKind, reason: Option<SignInFailure>) -> AccountEvent {
        AccountEvent {
            kind,
            occurred_at: unix_now(),
            reason: reason.map(|r| r.code().to_owned()),
            user_agent: self.user_agent.clone(),
            client_hash: Some(self.hash.clone()),
        }
    }
}

fn lang_of(headers: &HeaderMap) -> Lang {
    crate::http::language::negotiate(headers)
}

fn failed(reason: SignInFailure) -> Response {
    Redirect::to(&format!("/auth/failed?reason={}", reason.code())).into_response()
}

/// `GET /auth/sign-in?next=/path&level=2`: begins a sign-in at the provider.
pub async fn sign_in(
    State(auth): State<Arc<AuthService>>,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<SignInQuery>,
) -> Response {
    let next = safe_return_path(query.next.as_deref()).to_owned();
    let level2 = query.level.as_deref() == Some("2");
    if let Ok(Some(signed_in)) = session.get::<SignedIn>(SIGNED_IN).await
        && (!level2 || signed_in.level == AssuranceLevel::Level2)
    {
        return Redirect::to(&next).into_response();
    }
    let lang = lang_of(&headers);
    let (url, pending) = match auth.oidc.begin(next, level2, lang.code(), unix_now()).await {
        Ok(begun) => begun,
        Err(error) => {
            tracing::warn!(reason = error.reason().code(), %error, "cannot begin sign-in");
            return failed(error.reason());
        }
    };
    let mut all: Vec<PendingSignIn> = session
        .get(PENDING)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    all.retain(|p| unix_now() - p.started_at < SIGN_IN_LIFETIME_SECS);
    if all.len() >= MAX_PENDING {
        all.remove(0);
    }
    all.push(pending);
    if let Err(error) = session.insert(PENDING, &all).await {
        tracing::error!(%error, "cannot keep the sign-in in the session");
        return failed(SignInFailure::ProviderUnavailable);
    }
    Redirect::to(url.as_str()).into_response()
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/callback`: the provider sends the browser back here.
pub async fn callback(
    State(auth): State<Arc<AuthService>>,
    session: Session,
    Extension(ClientIp(address)): Extension<ClientIp>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let client = Client::of(&auth, address, &headers);
    let (identity, next) = match finish(&auth, &session, query).await {
        Ok(done) => done,
        Err(reason) => {
            tracing::warn!(reason = reason.code(), "sign-in failed");
            auth.metrics.observe_sign_in(Err(reason.code()));
            record(
                &auth,
                None,
                client.event(AccountEventKind::SignInFailed, Some(reason)),
            )
            .await;
            return failed(reason);
        }
    };
    let pseudonym = auth.pseudonymizer.pseudonym(&identity.personal_id);
    let now = unix_now();
    let generation = match auth.store.session_generation(pseudonym.as_str()).await {
        Ok(generation) => generation,
        Err(error) => {
            tracing::error!(%error, "cannot read the session generation");
            return failed(SignInFailure::ProviderUnavailable);
        }
    };
    let signed_in = SignedIn {
        pseudonym: pseudonym.as_str().to_owned(),
        name: identity.name.clone(),
        masked_id: identity.personal_id.masked(),
        level: identity.level,
        signed_in_at: now,
        last_seen_at: now,
        csrf_token: super::jws::b64(rand::random::<[u8; 32]>()),
        generation,
    };
    // A new session id at sign-in: an id planted before sign-in is useless.
    // Nothing the previous session carried (another person's draft, say)
    // outlives it.
    let stored = async {
        session.clear().await;
        session.cycle_id().await?;
        session.insert(SIGNED_IN, &signed_in).await?;
        session.save().await
    }
    .await;
    if let Err(error) = stored {
        tracing::error!(%error, "cannot store the signed-in session");
        return failed(SignInFailure::ProviderUnavailable);
    }
    record(
        &auth,
        Some(pseudonym.as_str()),
        client.event(AccountEventKind::SignIn, None),
    )
    .await;
    remember_staff_name(&auth, pseudonym.as_str(), &identity.name, now).await;
    auth.metrics.observe_sign_in(Ok(()));
    tracing::info!(level = ?identity.level, "signed in");
    Redirect::to(&next).into_response()
}

/// Keeps the name of staff (anyone with a directory role) so colleagues can
/// assign requests to them by name. Citizens' names are not kept.
async fn remember_staff_name(auth: &AuthService, pseudonym: &str, name: &str, now: i64) {
    match auth.store.list_role_grants(pseudonym).await {
        Ok(grants) if !grants.is_empty() => {
            if let Err(error) = auth.store.upsert_staff_profile(pseudonym, name, now).await {
                tracing::warn!(%error, "cannot keep a staff member's name");
            }
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "cannot read role grants"),
    }
}

/// Checks the callback against the sign-in begun in this browser and
/// completes it at the provider.
async fn finish(
    auth: &AuthService,
    session: &Session,
    query: CallbackQuery,
) -> Result<(VerifiedIdentity, String), SignInFailure> {
    let mut pending: Vec<PendingSignIn> = session
        .get(PENDING)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let state = query.state.ok_or(SignInFailure::StateMismatch)?;
    let index = pending
        .iter()
        .position(|p| bool::from(p.state.as_bytes().ct_eq(state.as_bytes())))
        .ok_or(SignInFailure::StateMismatch)?;
    // Used once: the same callback a second time finds nothing.
    let flow = pending.remove(index);
    session
        .insert(PENDING, &pending)
        .await
        .map_err(|_| SignInFailure::ProviderUnavailable)?;
    session
        .save()
        .await
        .map_err(|_| SignInFailure::ProviderUnavailable)?;

    if let Some(error) = query.error {
        return Err(match error.as_str() {
            "access_denied" | "login_required" | "consent_required" | "interaction_required" => {
                SignInFailure::Cancelled
            }
            _ => SignInFailure::ProviderError,
        });
    }
    if unix_now() - flow.started_at > SIGN_IN_LIFETIME_SECS {
        return Err(SignInFailure::Expired);
    }
    let code = query.code.ok_or(SignInFailure::ProviderError)?;
    let identity = auth.oidc.complete(code, &flow).await.map_err(|error| {
        tracing::warn!(detail = %error, "sign-in refused");
        error.reason()
    })?;
    Ok((identity, flow.next))
}

/// `POST /auth/sign-out`: ends the session here and, when the provider
/// offers it, there too.
pub async fn sign_out(
    State(auth): State<Arc<AuthService>>,
    session: Session,
    Extension(ClientIp(address)): Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    end_session(&auth, &session, address, &headers, false).await
}

/// `POST /auth/sign-out-everywhere`: ends every session of the person, on
/// every device and instance, then this one as `sign_out` does.
pub async fn sign_out_everywhere(
    State(auth): State<Arc<AuthService>>,
    session: Session,
    Extension(ClientIp(address)): Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    end_session(&auth, &session, address, &headers, true).await
}

async fn end_session(
    auth: &AuthService,
    session: &Session,
    address: std::net::IpAddr,
    headers: &HeaderMap,
    everywhere: bool,
) -> Response {
    let signed_in = session.get::<SignedIn>(SIGNED_IN).await.ok().flatten();
    let client = Client::of(auth, address, headers);
    if everywhere && let Some(signed_in) = &signed_in {
        let event = client.event(AccountEventKind::SignOutEverywhere, None);
        if let Err(error) = auth
            .store
            .sign_out_everywhere(&signed_in.pseudonym, &event)
            .await
        {
            // Nothing ended: say so, rather than pretend.
            tracing::error!(%error, "cannot sign out everywhere");
            return crate::http::error_page::error_response(
                lang_of(headers),
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "error-summary-title",
                "error-unavailable",
                None,
            );
        }
    }
    if let Err(error) = session.flush().await {
        tracing::error!(%error, "cannot end the session");
    }
    let Some(signed_in) = signed_in else {
        return Redirect::to("/auth/signed-out").into_response();
    };
    if !everywhere {
        record(
            auth,
            Some(&signed_in.pseudonym),
            client.event(AccountEventKind::SignOut, None),
        )
        .await;
    }
    tracing::info!(everywhere, "signed out");
    let back = format!("{}/auth/signed-out", auth.public_url);
    match auth
        .oidc
        .end_session_url(&back, lang_of(headers).code())
        .await
    {
        Some(url) => Redirect::to(url.as_str()).into_response(),
        None => Redirect::to("/auth/signed-out").into_response(),
    }
}

/// Records an account event; a failure to record does not stop the person.
async fn record(auth: &AuthService, pseudonym: Option<&str>, event: AccountEvent) {
    if let Err(error) = auth.store.insert_account_event(pseudonym, &event).await {
        tracing::error!(%error, kind = event.kind.code(), "cannot record an account event");
    }
}
