//! The OpenID Connect client: authorization code flow with PKCE (S256),
//! `state` and `nonce`, discovery from the issuer, ID tokens checked by the
//! `openidconnect` crate (signature against the provider's JWKS, algorithm
//! allow-list, `iss`, `aud`, `exp`/`iat` with a small clock skew, `nonce`),
//! and the claims we need read under configurable names.
//!
//! The provider's metadata and keys are cached in memory: a cache, not
//! state: any instance can fetch them again. An unknown `kid` triggers a new
//! discovery (at most once per [`REFRESH_INTERVAL`]), so key rotation at the
//! provider needs no restart.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use app::domain::{AssuranceLevel, PersonalId, SignInFailure};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl,
    RequestTokenError, Scope,
    core::{CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreJwsSigningAlgorithm},
    reqwest,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::sync::{Mutex, RwLock};
use url::Url;

use crate::config::ClaimNames;

/// Tolerated difference between our clock and the provider's.
pub const CLOCK_SKEW: Duration = Duration::from_secs(60);
/// Metadata older than this is fetched again.
pub const METADATA_TTL: Duration = Duration::from_secs(3600);
/// Unknown keys trigger at most one re-discovery per interval.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(10);

/// How to reach and trust the provider.
#[derive(Clone, Debug)]
pub struct ClientSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_url: String,
    pub scopes: Vec<String>,
    pub claims: ClaimNames,
    pub algorithms: Vec<String>,
    pub timeout: Duration,
    pub extra_roots_pem: Option<Vec<u8>>,
    pub level2_acr: Option<String>,
}

/// Why the client could not build or finish a sign-in; each maps to the
/// reason the person is shown.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("provider unreachable: {0}")]
    Unavailable(String),
    #[error("provider refused: {0}")]
    Provider(String),
    #[error("ID token rejected: {0}")]
    InvalidToken(String),
    #[error("claims missing or malformed: {0}")]
    Claims(String),
    #[error("configuration: {0}")]
    Config(String),
}

impl OidcError {
    pub fn reason(&self) -> SignInFailure {
        match self {
            OidcError::Unavailable(_) | OidcError::Config(_) => SignInFailure::ProviderUnavailable,
            OidcError::Provider(_) => SignInFailure::ProviderError,
            OidcError::InvalidToken(_) => SignInFailure::InvalidToken,
            OidcError::Claims(_) => SignInFailure::MissingClaims,
        }
    }
}

/// A sign-in begun in this browser, kept in its session until the callback.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to go afterwards (a checked local path).
    pub next: String,
    /// Unix time the sign-in began.
    pub started_at: i64,
}

/// The person the provider vouched for. `Debug` shows the masked number only.
#[derive(Clone, Debug)]
pub struct VerifiedIdentity {
    pub personal_id: PersonalId,
    pub name: String,
    pub birthdate: Option<String>,
    pub level: AssuranceLevel,
}

/// The client as built from discovery: authorization endpoint known, token
/// and userinfo endpoints as the provider declares them.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

struct Cached {
    metadata: ProviderMetadataWithLogout,
    fetched: Instant,
}

/// The client for one provider.
pub struct OidcClient {
    settings: ClientSettings,
    algorithms: Vec<CoreJwsSigningAlgorithm>,
    http: reqwest::Client,
    cache: RwLock<Option<Cached>>,
    refresh: Mutex<Option<Instant>>,
}

impl std::fmt::Debug for OidcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OidcClient({})", self.settings.issuer)
    }
}

impl OidcClient {
    pub fn new(settings: ClientSettings) -> Result<Arc<OidcClient>, OidcError> {
        let algorithms = settings
            .algorithms
            .iter()
            .map(|name| {
                serde_plain_alg(name).ok_or_else(|| OidcError::Config(format!("algorithm {name}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Following redirects would let a hostile metadata document point
        // the server at internal addresses (the crate's own advice).
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout);
        if let Some(pem) = &settings.extra_roots_pem {
            for certificate in reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|error| OidcError::Config(format!("extra roots: {error}")))?
            {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let http = builder
            .build()
            .map_err(|error| OidcError::Config(error.to_string()))?;
        Ok(Arc::new(OidcClient {
            settings,
            algorithms,
            http,
            cache: RwLock::new(None),
            refresh: Mutex::new(None),
        }))
    }

    pub fn settings(&self) -> &ClientSettings {
        &self.settings
    }

    /// The provider's metadata (with its keys), fetched if missing or old.
    async fn metadata(&self) -> Result<ProviderMetadataWithLogout, OidcError> {
        if let Some(cached) = self.cache.read().await.as_ref()
            && cached.fetched.elapsed() < METADATA_TTL
        {
            return Ok(cached.metadata.clone());
        }
        self.discover().await
    }

    async fn discover(&self) -> Result<ProviderMetadataWithLogout, OidcError> {
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|error| OidcError::Config(error.to_string()))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|error| OidcError::Unavailable(error_chain(&error)))?;
        *self.cache.write().await = Some(Cached {
            metadata: metadata.clone(),
            fetched: Instant::now(),
        });
        Ok(metadata)
    }

    /// Fetches metadata and keys again, unless that happened moments ago.
    async fn rediscover(&self) -> Result<Option<ProviderMetadataWithLogout>, OidcError> {
        let mut last = self.refresh.lock().await;
        if last.is_some_and(|at| at.elapsed() < REFRESH_INTERVAL) {
            return Ok(None);
        }
        *last = Some(Instant::now());
        self.discover().await.map(Some)
    }

    fn client(&self, metadata: ProviderMetadataWithLogout) -> Result<Client, OidcError> {
        let redirect = RedirectUrl::new(self.settings.redirect_url.clone())
            .map_err(|error| OidcError::Config(error.to_string()))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            self.settings.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a sign-in: the provider URL to send the browser to, and what
    /// the session must keep for the callback.
    pub async fn begin(
        &self,
        next: String,
        level2: bool,
        ui_locale: &str,
        now: i64,
    ) -> Result<(Url, PendingSignIn), OidcError> {
        let metadata = self.metadata().await?;
        let client = self.client(metadata)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge)
            .add_extra_param("ui_locales", ui_locale.to_owned());
        for scope in self
            .settings
            .scopes
            .iter()
            .filter(|scope| *scope != "openid")
        {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        if level2 && let Some(acr) = &self.settings.level2_acr {
            request = request.add_extra_param("acr_values", acr.clone());
        }
        let (url, state, nonce) = request.url();
        Ok((
            url,
            PendingSignIn {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
                next,
                started_at: now,
            },
        ))
    }

    /// Finishes a sign-in: exchanges the code, verifies the ID token and
    /// reads the identity (from the ID token, or the userinfo endpoint for
    /// claims the token leaves out).
    pub async fn complete(
        &self,
        code: String,
        pending: &PendingSignIn,
    ) -> Result<VerifiedIdentity, OidcError> {
        let metadata = self.metadata().await?;
        let client = self.client(metadata.clone())?;
        let token = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|error| OidcError::Config(error.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|error| match error {
                RequestTokenError::ServerResponse(response) => {
                    OidcError::Provider(response.error().to_string())
                }
                RequestTokenError::Request(error) => OidcError::Unavailable(error_chain(&error)),
                RequestTokenError::Parse(error, _) => {
                    OidcError::InvalidToken(format!("token response: {}", error.path()))
                }
                RequestTokenError::Other(error) => OidcError::Provider(error),
            })?;
        let id_token = token
            .extra_fields()
            .id_token()
            .ok_or_else(|| OidcError::InvalidToken("no ID token in the response".into()))?
            .clone();
        let nonce = Nonce::new(pending.nonce.clone());

        let mut claims = match self.verify(&client, &id_token, &nonce) {
            Err(VerifyError::UnknownKey) => match self.rediscover().await? {
                Some(fresh) => {
                    let client = self.client(fresh)?;
                    self.verify(&client, &id_token, &nonce)
                        .map_err(VerifyError::into_oidc)?
                }
                None => return Err(VerifyError::UnknownKey.into_oidc()),
            },
            other => other.map_err(VerifyError::into_oidc)?,
        };

        let wanted = &self.settings.claims;
        if !claims.contains_key(&wanted.personal_id) || !claims.contains_key(&wanted.name) {
            let subject = claims.get("sub").cloned();
            if let Some(endpoint) = metadata.userinfo_endpoint() {
                let extra = self
                    .userinfo(endpoint.url().clone(), token.access_token().secret())
                    .await?;
                if extra.get("sub") != subject.as_ref() {
                    return Err(OidcError::Claims(
                        "userinfo is about another subject".into(),
                    ));
                }
                for (name, value) in extra {
                    claims.entry(name).or_insert(value);
                }
            }
        }
        identity_from_claims(&claims, wanted)
    }

    /// Checks the ID token and returns its claims as sent.
    fn verify(
        &self,
        client: &Client,
        id_token: &CoreIdToken,
        nonce: &Nonce,
    ) -> Result<Map<String, Value>, VerifyError> {
        let skew = chrono::Duration::from_std(CLOCK_SKEW).unwrap_or_default();
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs(self.algorithms.clone())
            // `exp` may have passed by at most the skew on our clock...
            .set_time_fn(move || chrono::Utc::now() - skew)
            // ...and `iat` may not lie further in the future than the skew.
            .set_issue_time_verifier_fn(move |iat| {
                if iat > chrono::Utc::now() + skew {
                    Err(format!("issued in the future ({iat})"))
                } else {
                    Ok(())
                }
            });
        match id_token.claims(&verifier, nonce) {
            Ok(_) => {}
            Err(openidconnect::ClaimsVerificationError::SignatureVerification(
                openidconnect::SignatureVerificationError::NoMatchingKey,
            )) => return Err(VerifyError::UnknownKey),
            Err(error) => return Err(VerifyError::Rejected(error.to_string())),
        }
        // The signature covers exactly these bytes: reading them raw lets
        // configuration name any claim.
        crate::auth::jws::unverified_claims(&id_token.to_string())
            .ok_or_else(|| VerifyError::Rejected("claims are not a JSON object".into()))
    }

    async fn userinfo(
        &self,
        endpoint: Url,
        access_token: &str,
    ) -> Result<Map<String, Value>, OidcError> {
        let response = self
            .http
            .get(endpoint)
            .bearer_auth(access_token)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|error| OidcError::Unavailable(error_chain(&error)))?;
        if !response.status().is_success() {
            return Err(OidcError::Provider(format!(
                "userinfo answered {}",
                response.status()
            )));
        }
        let body = response
            .bytes()
            .await
            .map_err(|error| OidcError::Unavailable(error_chain(&error)))?;
        serde_json::from_slice::<Map<String, Value>>(&body)
            .map_err(|_| OidcError::Claims("userinfo is not a JSON object".into()))
    }

    /// Where to send the browser to end the session at the provider too,
    /// when the provider offers that.
    pub async fn end_session_url(
        &self,
        post_logout_redirect: &str,
        ui_locale: &str,
    ) -> Option<Url> {
        let metadata = self.metadata().await.ok()?;
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.settings.client_id.clone()))
            .set_post_logout_redirect_uri(
                PostLogoutRedirectUrl::new(post_logout_redirect.to_owned()).ok()?,
            );
        if let Ok(tag) = serde_json::from_value(Value::String(ui_locale.to_owned())) {
            request = request.add_ui_locale(tag);
        }
        Some(request.http_get_url())
    }
}

enum VerifyError {
    UnknownKey,
    Rejected(String),
}

impl VerifyError {
    fn into_oidc(self) -> OidcError {
        match self {
            VerifyError::UnknownKey => OidcError::InvalidToken("signed by an unknown key".into()),
            VerifyError::Rejected(why) => OidcError::InvalidToken(why),
        }
    }
}

/// Reads the identity from verified claims under the configured names.
pub fn identity_from_claims(
    claims: &Map<String, Value>,
    names: &ClaimNames,
) -> Result<VerifiedIdentity, OidcError> {
    let text = |name: &str| -> Option<String> {
        match claims.get(name)? {
            Value::String(text) => Some(text.trim().to_owned()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    };
    let personal_id = text(&names.personal_id)
        .ok_or_else(|| OidcError::Claims(format!("no {} claim", names.personal_id)))
        .and_then(|raw| {
            PersonalId::parse(&raw)
                .map_err(|_| OidcError::Claims(format!("{} is not 12 digits", names.personal_id)))
        })?;
    let name = text(&names.name)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| OidcError::Claims(format!("no {} claim", names.name)))?;
    // No level claim: the least the provider can mean is level 1.
    let level = match text(&names.level) {
        None => AssuranceLevel::Level1,
        Some(raw) => AssuranceLevel::parse(&raw)
            .ok_or_else(|| OidcError::Claims(format!("{} has an unknown value", names.level)))?,
    };
    Ok(VerifiedIdentity {
        personal_id,
        name,
        birthdate: text(&names.birthdate),
        level,
    })
}

fn serde_plain_alg(name: &str) -> Option<CoreJwsSigningAlgorithm> {
    serde_json::from_value(Value::String(name.to_owned())).ok()
}

/// An error and its causes on one line (reqwest hides the useful part).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn claims(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn identity_is_read_under_configured_names() {
        let names = ClaimNames {
            personal_id: "so_dinh_danh".into(),
            name: "ho_ten".into(),
            birthdate: "ngay_sinh".into(),
            level: "muc_dinh_danh".into(),
        };
        let identity = identity_from_claims(
            &claims(json!({
                "so_dinh_danh": "001990012345",
                "ho_ten": "Trần Thị Mai",
                "ngay_sinh": "1990-05-12",
                "muc_dinh_danh": 2,
            })),
            &names,
        )
        .unwrap();
        assert_eq!(identity.personal_id.masked(), "••••••••2345");
        assert_eq!(identity.level, AssuranceLevel::Level2);
        assert_eq!(identity.birthdate.as_deref(), Some("1990-05-12"));
        assert!(!format!("{identity:?}").contains("001990012345"));
    }

    #[test]
    fn missing_or_malformed_claims_are_refused() {
        let names = ClaimNames::default();
        for bad in [
            json!({ "name": "A" }),
            json!({ "personal_id": "12345", "name": "A" }),
            json!({ "personal_id": "001990012345" }),
            json!({ "personal_id": "001990012345", "name": "A", "assurance_level": "gold" }),
        ] {
            let error = identity_from_claims(&claims(bad.clone()), &names).unwrap_err();
            assert_eq!(error.reason(), SignInFailure::MissingClaims, "{bad}");
        }
        let level1 = identity_from_claims(
            &claims(json!({ "personal_id": "001990012345", "name": "A" })),
            &names,
        )
        .unwrap();
        assert_eq!(level1.level, AssuranceLevel::Level1);
    }

    #[test]
    fn only_asymmetric_algorithms_parse_from_configuration() {
        for name in crate::config::SUPPORTED_ALGORITHMS {
            let alg = serde_plain_alg(name).unwrap();
            assert!(
                !openidconnect::JwsSigningAlgorithm::uses_shared_secret(&alg),
                "{name}"
            );
        }
    }
}
