//! Which identity provider citizens sign in with, read from the
//! environment: the built-in development one, or a real OpenID Connect
//! provider with its client, claims and algorithms.

use std::time::Duration;

use super::{ConfigError, SecretString, choice, invalid, parse_number};

/// Which OpenID Connect provider citizens sign in with.
#[derive(Clone, Debug)]
pub enum IdentityProvider {
    /// The built-in development provider under `/dev-idp` (fictitious people).
    Development,
    /// A real provider (VNeID) at this issuer.
    External(Box<OidcSettings>),
}

/// A real OpenID Connect provider and how to read its claims.
#[derive(Clone, Debug)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    pub scopes: Vec<String>,
    pub claims: ClaimNames,
    /// Signature algorithms accepted on ID tokens.
    pub algorithms: Vec<String>,
    pub timeout: Duration,
    /// Extra trusted root certificates (PEM), for a government CA.
    pub extra_roots_pem: Option<Vec<u8>>,
    /// `acr_values` sent when a level 2 sign-in is needed.
    pub level2_acr: Option<String>,
}

/// Names of the claims that carry what we need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimNames {
    pub personal_id: String,
    pub name: String,
    pub birthdate: String,
    pub level: String,
}

impl Default for ClaimNames {
    fn default() -> Self {
        ClaimNames {
            personal_id: "personal_id".into(),
            name: "name".into(),
            birthdate: "birthdate".into(),
            level: "assurance_level".into(),
        }
    }
}

/// Signature algorithms an ID token may use. No `none`, and no HMAC: a
/// shared-secret signature proves nothing about the provider.
pub const SUPPORTED_ALGORITHMS: [&str; 9] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
];

pub(super) fn parse_identity_provider(
    var: &impl Fn(&str) -> Option<String>,
    production: bool,
) -> Result<IdentityProvider, ConfigError> {
    let issuer = var("OIDC_ISSUER").map(|issuer| issuer.trim().trim_end_matches('/').to_owned());
    let development = choice(
        var,
        "DEV_IDP",
        !production && issuer.is_none(),
        &[
            (&["on", "true", "1", "yes"], true),
            (&["off", "false", "0", "no"], false),
        ],
    )?;
    if development {
        if production {
            return Err(invalid(
                "DEV_IDP",
                "is on, but APP_ENV is production: the development provider lets anyone sign in \
                 as anyone and never runs in production"
                    .into(),
            ));
        }
        if issuer.is_some() {
            return Err(invalid(
                "DEV_IDP",
                "is on, so OIDC_ISSUER must be empty (choose one identity provider)".into(),
            ));
        }
        return Ok(IdentityProvider::Development);
    }
    let Some(issuer) = issuer else {
        return Err(invalid(
            "OIDC_ISSUER",
            if production {
                "is required when APP_ENV is production (the VNeID issuer URL)".into()
            } else {
                "is required when DEV_IDP is off".into()
            },
        ));
    };
    if !(issuer.starts_with("https://") || (!production && issuer.starts_with("http://"))) {
        return Err(invalid(
            "OIDC_ISSUER",
            "must be an https:// URL (http:// only in development)".into(),
        ));
    }
    let client_id = var("OIDC_CLIENT_ID")
        .map(|id| id.trim().to_owned())
        .ok_or_else(|| invalid("OIDC_CLIENT_ID", "is required with OIDC_ISSUER".into()))?;
    let client_secret =
        var("OIDC_CLIENT_SECRET").map(|secret| SecretString(secret.trim().to_owned()));
    let scopes: Vec<String> = var("OIDC_SCOPES")
        .unwrap_or_else(|| "openid profile".into())
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if !scopes.iter().any(|scope| scope == "openid") {
        return Err(invalid("OIDC_SCOPES", "must include openid".into()));
    }
    let defaults = ClaimNames::default();
    let claim = |name: &'static str, default: String| -> Result<String, ConfigError> {
        match var(name) {
            None => Ok(default),
            Some(value) if value.trim().chars().all(|c| c.is_ascii_graphic()) => {
                Ok(value.trim().to_owned())
            }
            Some(_) => Err(invalid(name, "must be a claim name without spaces".into())),
        }
    };
    let claims = ClaimNames {
        personal_id: claim("OIDC_CLAIM_PERSONAL_ID", defaults.personal_id)?,
        name: claim("OIDC_CLAIM_NAME", defaults.name)?,
        birthdate: claim("OIDC_CLAIM_BIRTHDATE", defaults.birthdate)?,
        level: claim("OIDC_CLAIM_LEVEL", defaults.level)?,
    };
    let algorithms: Vec<String> = var("OIDC_ALGORITHMS")
        .unwrap_or_else(|| "RS256,PS256,ES256,EdDSA".into())
        .split(',')
        .map(|alg| alg.trim().to_owned())
        .filter(|alg| !alg.is_empty())
        .collect();
    if let Some(bad) = algorithms
        .iter()
        .find(|alg| !SUPPORTED_ALGORITHMS.contains(&alg.as_str()))
    {
        return Err(invalid(
            "OIDC_ALGORITHMS",
            format!(
                "{bad:?} is not allowed; choose from {}",
                SUPPORTED_ALGORITHMS.join(", ")
            ),
        ));
    }
    if algorithms.is_empty() {
        return Err(invalid(
            "OIDC_ALGORITHMS",
            "must name at least one algorithm".into(),
        ));
    }
    let timeout = Duration::from_secs(parse_number("OIDC_TIMEOUT_SECONDS", var, 10, 1, 120)?);
    let extra_roots_pem = match var("OIDC_EXTRA_ROOTS") {
        None => None,
        Some(path) => {
            let pem = std::fs::read(path.trim()).map_err(|error| {
                invalid("OIDC_EXTRA_ROOTS", format!("cannot read {path:?}: {error}"))
            })?;
            if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
                return Err(invalid(
                    "OIDC_EXTRA_ROOTS",
                    format!("{path:?} holds no PEM certificate"),
                ));
            }
            Some(pem)
        }
    };
    Ok(IdentityProvider::External(Box::new(OidcSettings {
        issuer,
        client_id,
        client_secret,
        scopes,
        claims,
        algorithms,
        timeout,
        extra_roots_pem,
        level2_acr: var("OIDC_LEVEL2_ACR").map(|acr| acr.trim().to_owned()),
    })))
}
