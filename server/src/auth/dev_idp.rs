//! The built-in development identity provider: a small but real OpenID
//! Connect provider under `/dev-idp` (discovery, authorize, token, JWKS,
//! userinfo, end-session) that signs in fictitious people, so the service
//! can be used and tested before a province has VNeID credentials.
//!
//! It checks what a real provider checks: the registered client and
//! redirect URI, PKCE (S256 only), client authentication at the token
//! endpoint, single-use codes that expire after a minute. Its Ed25519 key is
//! generated at every start. Codes and access tokens live in this process's
//! memory: the provider is a development tool and does not share them
//! between instances (the dashboard's own sessions do).

mod pages;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use app::domain::{AssuranceLevel, Lang, PersonalId};
use axum::{
    Form, Json, Router,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use self::pages::{error_page, page};
use super::jws::{SigningKey, b64};
use crate::{config::ClaimNames, fixtures::demo::PERSONAS, http::error_page::escape};

/// How long an authorization code stays valid.
pub const CODE_LIFETIME: Duration = Duration::from_secs(60);
/// How long ID and access tokens stay valid.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(300);
/// The client id the dashboard uses with this provider.
pub const CLIENT_ID: &str = "citizen-privacy-dev";

/// The provider's configuration and its short-lived codes and tokens.
pub struct DevIdp {
    public_url: String,
    client_secret: String,
    key: SigningKey,
    claims: ClaimNames,
    codes: Mutex<HashMap<String, IssuedCode>>,
    tokens: Mutex<HashMap<String, IssuedToken>>,
}

impl std::fmt::Debug for DevIdp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DevIdp({})", self.issuer())
    }
}

/// The claims behind an access token, for userinfo, and when it was issued.
type IssuedToken = (Map<String, Value>, Instant);

struct IssuedCode {
    claims: Map<String, Value>,
    nonce: Option<String>,
    code_challenge: String,
    redirect_uri: String,
    issued: Instant,
}

impl DevIdp {
    /// A provider for the service at `public_url`, with a fresh key and
    /// client secret.
    pub fn new(public_url: &str, claims: ClaimNames) -> Arc<DevIdp> {
        Arc::new(DevIdp {
            public_url: public_url.trim_end_matches('/').to_owned(),
            client_secret: b64(rand::random::<[u8; 32]>()),
            key: SigningKey::generate(),
            claims,
            codes: Mutex::new(HashMap::new()),
            tokens: Mutex::new(HashMap::new()),
        })
    }

    pub fn issuer(&self) -> String {
        format!("{}/dev-idp", self.public_url)
    }

    pub fn client_secret(&self) -> &str {
        &self.client_secret
    }

    /// The only redirect URI registered for the dashboard.
    pub fn redirect_uri(&self) -> String {
        format!("{}/auth/callback", self.public_url)
    }

    pub fn routes<S: Clone + Send + Sync + 'static>(self: &Arc<Self>) -> Router<S> {
        Router::new()
            .route("/dev-idp/.well-known/openid-configuration", get(discovery))
            .route(
                "/dev-idp/authorize",
                get(authorize_page).post(authorize_decision),
            )
            .route("/dev-idp/token", axum::routing::post(token))
            .route("/dev-idp/jwks", get(jwks))
            .route("/dev-idp/userinfo", get(userinfo).post(userinfo))
            .route("/dev-idp/end-session", get(end_session))
            .with_state(self.clone())
    }

    /// The claims of a person, under the configured names.
    fn person_claims(
        &self,
        id: &PersonalId,
        name: &str,
        birthdate: Option<&str>,
        level: AssuranceLevel,
    ) -> Map<String, Value> {
        let mut claims = Map::new();
        // A stable subject that is not the number itself.
        let subject = b64(&Sha256::digest(format!("dev-idp-subject:{}", id.digits()))[..16]);
        claims.insert("sub".into(), Value::String(subject));
        claims.insert(
            self.claims.personal_id.clone(),
            Value::String(id.digits().to_owned()),
        );
        claims.insert(self.claims.name.clone(), Value::String(name.to_owned()));
        if let Some(birthdate) = birthdate.filter(|b| !b.is_empty()) {
            claims.insert(
                self.claims.birthdate.clone(),
                Value::String(birthdate.to_owned()),
            );
        }
        let level = match level {
            AssuranceLevel::Level1 => "level1",
            AssuranceLevel::Level2 => "level2",
        };
        claims.insert(self.claims.level.clone(), Value::String(level.to_owned()));
        claims
    }

    fn forget_expired(&self) {
        if let Ok(mut codes) = self.codes.lock() {
            codes.retain(|_, code| code.issued.elapsed() < CODE_LIFETIME);
        }
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.retain(|_, (_, issued)| issued.elapsed() < TOKEN_LIFETIME);
        }
    }
}

async fn discovery(State(idp): State<Arc<DevIdp>>) -> Json<Value> {
    let issuer = idp.issuer();
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "userinfo_endpoint": format!("{issuer}/userinfo"),
        "end_session_endpoint": format!("{issuer}/end-session"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [super::jws::ALGORITHM],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile"],
        "claims_supported": [
            "sub", idp.claims.personal_id, idp.claims.name, idp.claims.birthdate, idp.claims.level
        ],
        "ui_locales_supported": ["vi", "en"],
    }))
}

async fn jwks(State(idp): State<Arc<DevIdp>>) -> Json<Value> {
    Json(json!({ "keys": [idp.key.public_jwk()] }))
}

/// The parameters of an authorization request, carried through the form.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AuthorizeParams {
    #[serde(default)]
    response_type: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    state: String,
    nonce: Option<String>,
    #[serde(default)]
    code_challenge: String,
    #[serde(default)]
    code_challenge_method: String,
}

impl AuthorizeParams {
    /// Whether the request is one this provider serves; a bad client or
    /// redirect URI gets an error page, never a redirect.
    fn check(&self, idp: &DevIdp) -> Result<(), &'static str> {
        if self.client_id != CLIENT_ID || self.redirect_uri != idp.redirect_uri() {
            return Err("dev-idp-error-client");
        }
        if self.response_type != "code"
            || !self.scope.split_whitespace().any(|scope| scope == "openid")
            || self.code_challenge_method != "S256"
            || self.code_challenge.len() < 43
        {
            return Err("dev-idp-error-request");
        }
        Ok(())
    }

    fn hidden_fields(&self) -> String {
        [
            ("response_type", self.response_type.as_str()),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("scope", &self.scope),
            ("state", &self.state),
            ("nonce", self.nonce.as_deref().unwrap_or_default()),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
        ]
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                escape(value)
            )
        })
        .collect()
    }
}

/// What the person typed or chose, kept when the form is shown again.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Decision {
    #[serde(flatten)]
    params: AuthorizeParams,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    persona: String,
    #[serde(default)]
    personal_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    birthdate: String,
    #[serde(default)]
    level: String,
}

fn lang_of(headers: &HeaderMap) -> Lang {
    crate::http::language::negotiate(headers)
}

async fn authorize_page(
    State(idp): State<Arc<DevIdp>>,
    headers: HeaderMap,
    Query(params): Query<AuthorizeParams>,
) -> Response {
    let lang = lang_of(&headers);
    if let Err(message) = params.check(&idp) {
        return error_page(lang, message);
    }
    page(
        lang,
        StatusCode::OK,
        &Decision {
            params,
            ..Decision::default()
        },
        &[],
    )
}

async fn authorize_decision(
    State(idp): State<Arc<DevIdp>>,
    headers: HeaderMap,
    Form(form): Form<Decision>,
) -> Response {
    let lang = lang_of(&headers);
    if let Err(message) = form.params.check(&idp) {
        return error_page(lang, message);
    }
    let mut back = match url::Url::parse(&form.params.redirect_uri) {
        Ok(url) => url,
        Err(_) => return error_page(lang, "dev-idp-error-client"),
    };
    if form.decision != "approve" {
        back.query_pairs_mut()
            .append_pair("error", "access_denied")
            .append_pair("state", &form.params.state);
        return Redirect::to(back.as_str()).into_response();
    }
    let claims = match chosen_identity(&idp, &form) {
        Ok(claims) => claims,
        Err(errors) => return page(lang, StatusCode::UNPROCESSABLE_ENTITY, &form, &errors),
    };
    idp.forget_expired();
    let code = b64(rand::random::<[u8; 32]>());
    if let Ok(mut codes) = idp.codes.lock() {
        codes.insert(
            code.clone(),
            IssuedCode {
                claims,
                nonce: form.params.nonce.clone().filter(|n| !n.is_empty()),
                code_challenge: form.params.code_challenge.clone(),
                redirect_uri: form.params.redirect_uri.clone(),
                issued: Instant::now(),
            },
        );
    }
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &form.params.state)
        .append_pair("iss", &idp.issuer());
    Redirect::to(back.as_str()).into_response()
}

/// The identity chosen on the page, or the fields that need fixing
/// (field name, message key).
fn chosen_identity(
    idp: &DevIdp,
    form: &Decision,
) -> Result<Map<String, Value>, Vec<(&'static str, &'static str)>> {
    if let Some(persona) = PERSONAS.iter().find(|p| p.key == form.persona) {
        let id = PersonalId::parse(persona.personal_id)
            .map_err(|_| vec![("persona", "dev-idp-error-persona")])?;
        return Ok(idp.person_claims(&id, persona.name, Some(persona.birthdate), persona.level));
    }
    if form.persona != "custom" {
        return Err(vec![("persona", "dev-idp-error-persona")]);
    }
    let mut errors = Vec::new();
    let id = PersonalId::parse(&form.personal_id)
        .map_err(|error| errors.push(("personal_id", error.message_id())))
        .ok();
    let name = form.name.trim();
    if name.is_empty() {
        errors.push(("name", "dev-idp-error-name"));
    }
    let level = match form.level.as_str() {
        "1" => Some(AssuranceLevel::Level1),
        "2" => Some(AssuranceLevel::Level2),
        _ => {
            errors.push(("level", "dev-idp-error-level"));
            None
        }
    };
    match (id, level) {
        (Some(id), Some(level)) if errors.is_empty() => {
            Ok(idp.person_claims(&id, name, Some(form.birthdate.trim()), level))
        }
        _ => Err(errors),
    }
}

#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    #[serde(default)]
    grant_type: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    code_verifier: String,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn oauth_error(status: StatusCode, error: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "error": error })),
    )
        .into_response()
}

/// The client's id and secret, from HTTP Basic or the form.
fn client_credentials(headers: &HeaderMap, form: &TokenRequest) -> Option<(String, String)> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
    {
        let decoded = String::from_utf8(STANDARD.decode(basic.trim()).ok()?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        let unescape = |part: &str| {
            url::form_urlencoded::parse(format!("x={part}").as_bytes())
                .next()
                .map(|(_, value)| value.into_owned())
        };
        return Some((unescape(id)?, unescape(secret)?));
    }
    Some((form.client_id.clone()?, form.client_secret.clone()?))
}

async fn token(
    State(idp): State<Arc<DevIdp>>,
    headers: HeaderMap,
    Form(form): Form<TokenRequest>,
) -> Response {
    let Some((client_id, secret)) = client_credentials(&headers, &form) else {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    };
    if client_id != CLIENT_ID || !bool::from(secret.as_bytes().ct_eq(idp.client_secret.as_bytes()))
    {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    if form.grant_type != "authorization_code" {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    // Single use: the code is gone whatever happens next.
    let issued = idp
        .codes
        .lock()
        .ok()
        .and_then(|mut codes| codes.remove(&form.code));
    let Some(issued) = issued.filter(|code| code.issued.elapsed() < CODE_LIFETIME) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    let challenge = b64(Sha256::digest(form.code_verifier.as_bytes()));
    if issued.redirect_uri != form.redirect_uri
        || !bool::from(challenge.as_bytes().ct_eq(issued.code_challenge.as_bytes()))
    {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }

    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut id_claims = issued.claims.clone();
    id_claims.insert("iss".into(), Value::String(idp.issuer()));
    id_claims.insert("aud".into(), Value::String(CLIENT_ID.into()));
    id_claims.insert("iat".into(), json!(now));
    id_claims.insert("auth_time".into(), json!(now));
    id_claims.insert("exp".into(), json!(now + TOKEN_LIFETIME.as_secs() as i64));
    if let Some(nonce) = &issued.nonce {
        id_claims.insert("nonce".into(), Value::String(nonce.clone()));
    }
    let id_token = idp.key.sign(&Value::Object(id_claims));
    let access_token = b64(rand::random::<[u8; 32]>());
    if let Ok(mut tokens) = idp.tokens.lock() {
        tokens.insert(access_token.clone(), (issued.claims, Instant::now()));
    }
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME.as_secs(),
            "id_token": id_token,
        })),
    )
        .into_response()
}

async fn userinfo(State(idp): State<Arc<DevIdp>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    let claims = idp
        .tokens
        .lock()
        .ok()
        .and_then(|tokens| tokens.get(token).cloned())
        .filter(|(_, issued)| issued.elapsed() < TOKEN_LIFETIME);
    match claims {
        Some((claims, _)) => Json(Value::Object(claims)).into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")],
        )
            .into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct EndSessionParams {
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

/// Ends the (non-existent) provider session and sends the browser back, to
/// a page of the dashboard only.
async fn end_session(
    State(idp): State<Arc<DevIdp>>,
    headers: HeaderMap,
    Query(params): Query<EndSessionParams>,
) -> Response {
    let lang = lang_of(&headers);
    let prefix = format!("{}/", idp.public_url);
    match params.post_logout_redirect_uri.as_deref() {
        Some(uri) if uri.starts_with(&prefix) => match url::Url::parse(uri) {
            Ok(mut url) => {
                if let Some(state) = &params.state {
                    url.query_pairs_mut().append_pair("state", state);
                }
                Redirect::to(url.as_str()).into_response()
            }
            Err(_) => error_page(lang, "dev-idp-error-request"),
        },
        _ => error_page(lang, "dev-idp-error-request"),
    }
}
