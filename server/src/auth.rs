//! Signing in and knowing who is asking: the OpenID Connect client, the
//! built-in development identity provider, sessions, anti-forgery checks,
//! the route guard, and the keyed pseudonym that stands in for a citizen's
//! personal identification number everywhere.

pub mod csrf;
pub mod dev_idp;
pub mod guard;
pub mod handlers;
pub mod jws;
pub mod oidc;
pub mod pseudonym;
pub mod session;

use std::{sync::Arc, time::Duration};

use app::{domain::Level2Policy, server::Store};
use axum::{
    Router,
    routing::{get, post},
};
use tower_governor::{GovernorLayer, governor::GovernorConfigBuilder};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

pub use pseudonym::{Pseudonym, PseudonymKeyError, Pseudonymizer};

use crate::{
    config::{IdentityProvider, RateLimit, SessionSettings, Settings},
    storage::DbSessionStore,
};

/// Everything sign-in needs, shared by the handlers and middleware.
pub struct AuthService {
    pub oidc: Arc<oidc::OidcClient>,
    pub dev_idp: Option<Arc<dev_idp::DevIdp>>,
    pub pseudonymizer: Pseudonymizer,
    /// Sign-ins are counted here.
    pub metrics: Arc<crate::metrics::Metrics>,
    pub store: Arc<dyn Store>,
    /// The service's address, without a trailing slash.
    pub public_url: String,
    /// `scheme://host[:port]` of the service, as browsers send in `Origin`.
    pub public_origin: String,
    pub session: SessionSettings,
    pub level2: Level2Policy,
    pub sign_in_rate: RateLimit,
    /// The per-address sign-in limiter (none when the rate cannot be one).
    pub sign_in_limit: Option<Arc<SignInLimit>>,
    /// Cookies get `Secure` and the `__Host-` prefix.
    pub https: bool,
}

/// The sign-in limiter's configuration and state, keyed by client address.
pub type SignInLimit = tower_governor::governor::GovernorConfig<
    crate::http::client::ClientIpKey,
    governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
>;

impl std::fmt::Debug for AuthService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthService")
            .field("oidc", &self.oidc)
            .field("dev_idp", &self.dev_idp)
            .field("public_url", &self.public_url)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// Why sign-in could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum AuthSetupError {
    #[error("cannot set up the OpenID Connect client: {0}")]
    Oidc(#[from] oidc::OidcError),
    #[error("PSEUDONYM_KEY: {0}")]
    PseudonymKey(#[from] PseudonymKeyError),
}

impl AuthService {
    /// Sets up sign-in for the service reachable at `public_url`.
    pub fn new(
        settings: &Settings,
        public_url: &str,
        store: Arc<dyn Store>,
        metrics: Arc<crate::metrics::Metrics>,
    ) -> Result<Arc<AuthService>, AuthSetupError> {
        let redirect_url = format!("{public_url}/auth/callback");
        let (client, dev_idp) = match &settings.identity_provider {
            IdentityProvider::Development => {
                let idp = dev_idp::DevIdp::new(public_url, crate::config::ClaimNames::default());
                let client = oidc::ClientSettings {
                    issuer: idp.issuer(),
                    client_id: dev_idp::CLIENT_ID.into(),
                    client_secret: Some(idp.client_secret().to_owned()),
                    redirect_url,
                    scopes: vec!["openid".into(), "profile".into()],
                    claims: crate::config::ClaimNames::default(),
                    algorithms: vec![jws::ALGORITHM.into()],
                    timeout: Duration::from_secs(10),
                    extra_roots_pem: None,
                    level2_acr: None,
                };
                (client, Some(idp))
            }
            IdentityProvider::External(oidc) => (
                oidc::ClientSettings {
                    issuer: oidc.issuer.clone(),
                    client_id: oidc.client_id.clone(),
                    client_secret: oidc.client_secret.as_ref().map(|s| s.expose().to_owned()),
                    redirect_url,
                    scopes: oidc.scopes.clone(),
                    claims: oidc.claims.clone(),
                    algorithms: oidc.algorithms.clone(),
                    timeout: oidc.timeout,
                    extra_roots_pem: oidc.extra_roots_pem.clone(),
                    level2_acr: oidc.level2_acr.clone(),
                },
                None,
            ),
        };
        Ok(Arc::new(AuthService {
            oidc: oidc::OidcClient::new(client)?,
            dev_idp,
            pseudonymizer: Pseudonymizer::new(settings.pseudonym_key.expose())?,
            metrics,
            store,
            public_url: public_url.to_owned(),
            public_origin: origin_of(public_url),
            session: settings.session,
            level2: settings.level2_policy.clone(),
            sign_in_rate: settings.sign_in_rate,
            sign_in_limit: GovernorConfigBuilder::default()
                .key_extractor(crate::http::client::ClientIpKey)
                .period(settings.sign_in_rate.period)
                .burst_size(settings.sign_in_rate.burst)
                .finish()
                .map(Arc::new),
            https: public_url.starts_with("https://"),
        }))
    }

    /// The origin of the identity provider, which forms may be sent on to
    /// (sign-out continues at the provider).
    pub fn provider_origin(&self) -> String {
        origin_of(&self.oidc.settings().issuer)
    }

    /// The session layer: cookie `__Host-session` (`Secure`, path `/`, no
    /// domain) over HTTPS; plain `session` over http in development, where
    /// browsers refuse `Secure` cookies. Always `HttpOnly` and
    /// `SameSite=Lax` (Strict would drop the cookie on the way back from
    /// the provider).
    pub fn session_layer(&self, sessions: DbSessionStore) -> SessionManagerLayer<DbSessionStore> {
        let idle = time::Duration::seconds(self.session.idle_timeout.as_secs() as i64);
        SessionManagerLayer::new(sessions)
            .with_name(if self.https {
                "__Host-session"
            } else {
                "session"
            })
            .with_secure(self.https)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(idle))
    }

    /// Sign-in routes (rate-limited per client address), sign-out, and the
    /// development provider when it is on.
    pub fn routes<S: Clone + Send + Sync + 'static>(self: &Arc<Self>) -> Router<S> {
        let limited = Router::new()
            .route("/auth/sign-in", get(handlers::sign_in))
            .route("/auth/callback", get(handlers::callback));
        let limited = match &self.sign_in_limit {
            Some(config) => limited.layer(GovernorLayer::new(config.clone())),
            None => limited,
        };
        let mut router = limited
            .route("/auth/sign-out", post(handlers::sign_out))
            .route(
                "/auth/sign-out-everywhere",
                post(handlers::sign_out_everywhere),
            )
            .with_state(self.clone());
        if let Some(idp) = &self.dev_idp {
            router = router.merge(idp.routes());
        }
        router
    }
}

/// The session cookie's name: the `__Host-` prefix makes browsers insist on
/// `Secure`, path `/` and no domain, so no other host or path can set or
/// shadow it; browsers refuse it on plain http, where it is plain `session`.
pub fn session_cookie_name(https: bool) -> &'static str {
    if https { "__Host-session" } else { "session" }
}

/// `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => parsed.origin().ascii_serialization(),
        Err(_) => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_host_bound_over_https() {
        assert_eq!(session_cookie_name(true), "__Host-session");
        assert_eq!(session_cookie_name(false), "session");
    }

    #[test]
    fn origins_drop_paths_and_default_ports() {
        assert_eq!(origin_of("https://x.vn/dev-idp"), "https://x.vn");
        assert_eq!(origin_of("https://x.vn:443/a"), "https://x.vn");
        assert_eq!(origin_of("http://127.0.0.1:3000/"), "http://127.0.0.1:3000");
    }
}
