//! What a session holds once someone has signed in, the idle and absolute
//! limits, and the middleware that turns a session into the request's
//! [`Principal`] (with roles read fresh from the directory, so a withdrawn
//! role stops working at the next request).

use std::time::Duration;

use app::{
    domain::{AssuranceLevel, Viewer},
    server::Principal,
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::AuthService;

/// Session key of the signed-in person.
pub const SIGNED_IN: &str = "signed_in";
/// Session key of the sign-ins begun in this browser.
pub const PENDING: &str = "pending_sign_ins";

/// The signed-in person as the session keeps them: no identification
/// number, only its pseudonym and masked form.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SignedIn {
    pub pseudonym: String,
    pub name: String,
    pub masked_id: String,
    pub level: AssuranceLevel,
    /// Unix time of sign-in (for the absolute limit).
    pub signed_in_at: i64,
    /// Unix time of the last request (for the idle limit).
    pub last_seen_at: i64,
    /// Anti-forgery token of this session.
    pub csrf_token: String,
    /// The person's session generation at sign-in: once they sign out
    /// everywhere (a higher generation), this session is over.
    #[serde(default)]
    pub generation: i64,
}

/// What to do with a signed-in session at a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Within both limits and seen recently: nothing to write.
    Fresh,
    /// Within both limits: record the activity (extends the idle limit).
    Touch,
    /// Idle too long, or signed in too long ago: sign out.
    Expired,
}

/// Checks a session against the idle and absolute limits. Activity is
/// written at most every quarter of the idle limit (and at most every
/// minute), so an active person stays signed in without a write per request.
pub fn freshness(signed_in: &SignedIn, now: i64, idle: Duration, absolute: Duration) -> Freshness {
    let idle_secs = idle.as_secs() as i64;
    if now - signed_in.signed_in_at >= absolute.as_secs() as i64
        || now - signed_in.last_seen_at >= idle_secs
    {
        return Freshness::Expired;
    }
    let touch_every = (idle_secs / 4).min(60);
    if now - signed_in.last_seen_at >= touch_every {
        Freshness::Touch
    } else {
        Freshness::Fresh
    }
}

pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Middleware: find the signed-in person of this request's session, end
/// sessions past their limits, and put the [`Principal`] in the request.
pub async fn load_principal(
    State(auth): State<std::sync::Arc<AuthService>>,
    mut request: Request,
    next: Next,
) -> Response {
    // Static assets need nobody: no database round trip for them.
    if request.uri().path().starts_with("/pkg/") {
        return next.run(request).await;
    }
    if let Some(session) = request.extensions().get::<Session>().cloned()
        && let Some(principal) = principal_of(&auth, &session).await
    {
        request.extensions_mut().insert(principal);
    }
    next.run(request).await
}

async fn principal_of(auth: &AuthService, session: &Session) -> Option<Principal> {
    let mut signed_in = match session.get::<SignedIn>(SIGNED_IN).await {
        Ok(signed_in) => signed_in?,
        Err(error) => {
            tracing::warn!(%error, "cannot read the session");
            return None;
        }
    };
    let now = unix_now();
    match freshness(
        &signed_in,
        now,
        auth.session.idle_timeout,
        auth.session.absolute_timeout,
    ) {
        Freshness::Expired => {
            tracing::info!("session expired");
            if let Err(error) = session.flush().await {
                tracing::warn!(%error, "cannot end an expired session");
            }
            return None;
        }
        Freshness::Touch => {
            signed_in.last_seen_at = now;
            if let Err(error) = session.insert(SIGNED_IN, &signed_in).await {
                tracing::warn!(%error, "cannot record session activity");
            }
        }
        Freshness::Fresh => {}
    }
    // Signed out everywhere since? The generation is read at every
    // request, so the end reaches every instance at once; roles come from
    // the directory at every request too (one read for both). Unreadable:
    // treat the person as signed out for this request (fail safe).
    let grants = match auth.store.find_standing(&signed_in.pseudonym).await {
        Ok(standing) if standing.generation > signed_in.generation => {
            tracing::info!("session ended everywhere");
            if let Err(error) = session.flush().await {
                tracing::warn!(%error, "cannot end a session ended everywhere");
            }
            return None;
        }
        Ok(standing) => standing.grants,
        Err(error) => {
            tracing::warn!(%error, "cannot read the session generation and roles");
            return None;
        }
    };
    Some(Principal {
        pseudonym: signed_in.pseudonym,
        viewer: Viewer {
            name: signed_in.name,
            masked_id: signed_in.masked_id,
            level: signed_in.level,
            grants,
            csrf_token: signed_in.csrf_token,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(signed_in_at: i64, last_seen_at: i64) -> SignedIn {
        SignedIn {
            pseudonym: "p".into(),
            name: "n".into(),
            masked_id: "••••••••0000".into(),
            level: AssuranceLevel::Level2,
            signed_in_at,
            last_seen_at,
            csrf_token: "t".into(),
            generation: 0,
        }
    }

    #[test]
    fn a_session_from_before_generations_is_in_the_first() {
        let mut stored = serde_json::to_value(session(1, 2)).unwrap();
        stored.as_object_mut().unwrap().remove("generation");
        let read: SignedIn = serde_json::from_value(stored).unwrap();
        assert_eq!(read.generation, 0);
    }

    const IDLE: Duration = Duration::from_secs(15 * 60);
    const ABSOLUTE: Duration = Duration::from_secs(12 * 3600);

    #[test]
    fn idle_limit_ends_a_quiet_session() {
        let s = session(1_000, 1_000);
        assert_eq!(freshness(&s, 1_010, IDLE, ABSOLUTE), Freshness::Fresh);
        assert_eq!(freshness(&s, 1_000 + 60, IDLE, ABSOLUTE), Freshness::Touch);
        assert_eq!(freshness(&s, 1_000 + 899, IDLE, ABSOLUTE), Freshness::Touch);
        assert_eq!(
            freshness(&s, 1_000 + 900, IDLE, ABSOLUTE),
            Freshness::Expired
        );
    }

    #[test]
    fn absolute_limit_ends_even_an_active_session() {
        let s = session(0, 12 * 3600 - 5);
        assert_eq!(
            freshness(&s, 12 * 3600 - 1, IDLE, ABSOLUTE),
            Freshness::Fresh
        );
        assert_eq!(freshness(&s, 12 * 3600, IDLE, ABSOLUTE), Freshness::Expired);
    }

    #[test]
    fn short_idle_limits_touch_at_every_request() {
        let s = session(100, 100);
        let idle = Duration::from_secs(2);
        assert_eq!(freshness(&s, 100, idle, ABSOLUTE), Freshness::Touch);
        assert_eq!(freshness(&s, 102, idle, ABSOLUTE), Freshness::Expired);
    }
}
