//! A scriptable OpenID Connect provider for tests: it answers discovery,
//! JWKS, token and userinfo like a real one, and can be told to hand out a
//! bad ID token (wrong issuer, audience or nonce, expired, forged, unsigned)
//! or to be slow, so the client's checks are tested one by one.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Form, Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use hmac::{Hmac, Mac as _};
use serde_json::{Map, Value, json};
use server::auth::jws::{SigningKey, b64};
use sha2::{Digest as _, Sha256};

pub const CLIENT_ID: &str = "dashboard-test";
pub const CLIENT_SECRET: &str = "client-secret-for-tests";
pub const PERSONAL_ID: &str = "001990012345";
pub const NAME: &str = "Trần Thị Mai";

/// What the next token response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Good,
    WrongIssuer,
    WrongAudience,
    WrongNonce,
    Expired,
    IssuedInTheFuture,
    /// Signed by another key under the published key id.
    BadSignature,
    AlgNone,
    /// HS256 keyed with the provider's public key (the classic confusion).
    Hs256WithPublicKey,
    /// HS256 keyed with the client secret (a shared secret proves nothing).
    Hs256WithClientSecret,
    /// Signed by a key the JWKS never publishes.
    UnknownKey,
    /// Signed by a new key that the JWKS publishes only after the token
    /// was issued (key rotation): a re-discovery must pick it up.
    RotatedKey,
    /// Neither the ID token nor userinfo carries the number.
    MissingPersonalId,
    /// The ID token has only the standard claims; the rest is at userinfo.
    ClaimsAtUserinfo,
    /// The token endpoint answers after the client's timeout.
    Slow,
}

struct Inner {
    url: String,
    key: SigningKey,
    other_key: SigningKey,
    published: Mutex<Vec<Value>>,
    mode: Mutex<Mode>,
    nonce: Mutex<Option<String>>,
    challenge: Mutex<Option<String>>,
}

#[derive(Clone)]
pub struct Provider {
    inner: Arc<Inner>,
}

impl Provider {
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.inner.mode.lock().unwrap() = mode;
    }

    /// What the client sent to the authorization endpoint.
    pub fn saw_authorization_request(&self, authorize_url: &str) {
        let url = url::Url::parse(authorize_url).unwrap();
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        *self.inner.nonce.lock().unwrap() = param("nonce");
        *self.inner.challenge.lock().unwrap() = param("code_challenge");
    }

    /// Settings that point the dashboard at this provider.
    pub fn app_settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DEV_IDP", "off".into()),
            ("OIDC_ISSUER", self.inner.url.clone()),
            ("OIDC_CLIENT_ID", CLIENT_ID.into()),
            ("OIDC_CLIENT_SECRET", CLIENT_SECRET.into()),
            ("OIDC_TIMEOUT_SECONDS", "1".into()),
        ]
    }
}

pub async fn spawn_provider() -> Provider {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let key = SigningKey::generate();
    let inner = Arc::new(Inner {
        published: Mutex::new(vec![key.public_jwk()]),
        other_key: SigningKey::generate(),
        key,
        url,
        mode: Mutex::new(Mode::Good),
        nonce: Mutex::new(None),
        challenge: Mutex::new(None),
    });
    let router = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/token", post(token))
        .route("/userinfo", get(userinfo))
        .with_state(inner.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    Provider { inner }
}

async fn discovery(State(p): State<Arc<Inner>>) -> Json<Value> {
    let url = &p.url;
    Json(json!({
        "issuer": url,
        "authorization_endpoint": format!("{url}/authorize"),
        "token_endpoint": format!("{url}/token"),
        "jwks_uri": format!("{url}/jwks"),
        "userinfo_endpoint": format!("{url}/userinfo"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["EdDSA"],
    }))
}

async fn jwks(State(p): State<Arc<Inner>>) -> Json<Value> {
    Json(json!({ "keys": p.published.lock().unwrap().clone() }))
}

async fn userinfo(State(p): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer at-1") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let mut claims = json!({
        "sub": "subject-1",
        "personal_id": PERSONAL_ID,
        "name": NAME,
        "assurance_level": "2",
    });
    if *p.mode.lock().unwrap() == Mode::MissingPersonalId {
        claims.as_object_mut().unwrap().remove("personal_id");
    }
    Json(claims).into_response()
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

async fn token(
    State(p): State<Arc<Inner>>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Response {
    // A real provider insists on PKCE: so does this one.
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    let challenge = b64(Sha256::digest(verifier.as_bytes()));
    if p.challenge.lock().unwrap().as_deref() != Some(challenge.as_str()) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "invalid_grant" })),
        )
            .into_response();
    }
    let mode = *p.mode.lock().unwrap();
    if mode == Mode::Slow {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    let nonce = p.nonce.lock().unwrap().clone().unwrap_or_default();
    let mut claims: Map<String, Value> = json!({
        "iss": p.url,
        "sub": "subject-1",
        "aud": CLIENT_ID,
        "iat": now(),
        "exp": now() + 300,
        "nonce": nonce,
        "personal_id": PERSONAL_ID,
        "name": NAME,
        "assurance_level": "2",
    })
    .as_object()
    .unwrap()
    .clone();
    match mode {
        Mode::WrongIssuer => {
            claims.insert("iss".into(), json!("https://evil.example"));
        }
        Mode::WrongAudience => {
            claims.insert("aud".into(), json!("someone-else"));
        }
        Mode::WrongNonce => {
            claims.insert("nonce".into(), json!("not-the-nonce"));
        }
        Mode::Expired => {
            claims.insert("iat".into(), json!(now() - 900));
            claims.insert("exp".into(), json!(now() - 600));
        }
        Mode::IssuedInTheFuture => {
            claims.insert("iat".into(), json!(now() + 3600));
            claims.insert("exp".into(), json!(now() + 7200));
        }
        Mode::MissingPersonalId => {
            claims.remove("personal_id");
        }
        Mode::ClaimsAtUserinfo => {
            for name in ["personal_id", "name", "assurance_level"] {
                claims.remove(name);
            }
        }
        _ => {}
    }
    let claims = Value::Object(claims);
    let header = |alg: &str, kid: &str| json!({ "alg": alg, "typ": "JWT", "kid": kid });
    let hs256 = |secret: &[u8]| {
        let input = format!(
            "{}.{}",
            b64(header("HS256", p.key.kid()).to_string()),
            b64(claims.to_string())
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", b64(mac.finalize().into_bytes()))
    };
    let id_token = match mode {
        Mode::BadSignature => p.other_key.with_kid(p.key.kid()).sign(&claims),
        Mode::AlgNone => format!(
            "{}.{}.",
            b64(json!({ "alg": "none", "typ": "JWT" }).to_string()),
            b64(claims.to_string())
        ),
        Mode::Hs256WithPublicKey => hs256(&p.key.public_bytes()),
        Mode::Hs256WithClientSecret => hs256(CLIENT_SECRET.as_bytes()),
        Mode::UnknownKey => p.other_key.with_kid("never-published").sign(&claims),
        Mode::RotatedKey => {
            let rotated = p.other_key.with_kid("rotated");
            p.published.lock().unwrap().push(rotated.public_jwk());
            rotated.sign(&claims)
        }
        _ => p.key.sign(&claims),
    };
    Json(json!({
        "access_token": "at-1",
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token,
    }))
    .into_response()
}
