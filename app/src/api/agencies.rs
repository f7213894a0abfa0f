//! The registry in the console: administrators add agencies and their
//! systems, and issue, rotate and revoke each agency's API tokens (a new
//! token is shown once, as the command line prints it once).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{Province, agencies::RegisteredAgency},
    error::AppError,
};

/// An agency's token as the console shows it (never its secret or hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenLine {
    pub token_id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A token just issued, to be shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    pub token_id: String,
    pub token: String,
}

/// Every agency, the provinces to name them by and, for one agency asked
/// for, its tokens (and a token just issued for it, once).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRegistry {
    pub agencies: Vec<RegisteredAgency>,
    pub provinces: Vec<Province>,
    pub tokens: Vec<TokenLine>,
    pub new_token: Option<NewToken>,
}

/// The registry; with `agency`, that agency's tokens too. Administrators
/// only.
#[server(prefix = "/fn", endpoint = "list_agencies_for_admin", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_agencies_for_admin(
    #[server(default)] agency: Option<String>,
) -> Result<AgencyRegistry, AppError> {
    use crate::{domain::Action, server};
    server::require(&Action::Administer)?;
    let store = server::use_store()?;
    let tokens = match agency.as_deref() {
        Some(code) => store
            .list_agency_credentials(Some(code))
            .await?
            .into_iter()
            .map(|t| TokenLine {
                token_id: t.token_id,
                created_at: t.created_at,
                expires_at: t.expires_at,
                last_used_at: t.last_used_at,
                revoked_at: t.revoked_at,
            })
            .collect(),
        None => Vec::new(),
    };
    // Shown only if it is one of this agency's tokens: the cookie is the
    // browser's to send, the list is ours.
    let new_token = agency
        .as_deref()
        .and_then(server::agency_tokens::take_handed_over)
        .map(|token| NewToken {
            token_id: crate::domain::agencies::token_id(&token).to_owned(),
            token,
        })
        .filter(|new| {
            tokens
                .iter()
                .any(|t: &TokenLine| t.token_id == new.token_id)
        });
    Ok(AgencyRegistry {
        agencies: store.list_registered_agencies().await?,
        provinces: store.list_provinces().await?,
        tokens,
        new_token,
    })
}

/// A code that another agency or system holds, said at the code's field.
#[cfg(feature = "ssr")]
fn code_taken() -> AppError {
    crate::server::invalid(crate::domain::FieldError {
        field: "code",
        message_id: "agency-error-code-taken",
    })
}

/// The codes in use: agencies' and systems' share one space, so a code
/// never names two things.
#[cfg(feature = "ssr")]
fn codes_in_use(agencies: &[RegisteredAgency]) -> Vec<String> {
    agencies
        .iter()
        .flat_map(|a| {
            std::iter::once(a.agency.code.clone()).chain(a.systems.iter().map(|s| s.code.clone()))
        })
        .collect()
}

/// Registers an agency, then shows it. Administrators only.
#[server(prefix = "/fn", endpoint = "add_agency")]
#[allow(clippy::too_many_arguments)]
pub async fn add_agency(
    #[server(default)] code: String,
    #[server(default)] name_vi: String,
    #[server(default)] name_en: String,
    #[server(default)] kind: String,
    #[server(default)] province: String,
    #[server(default)] contact_email: String,
    #[server(default)] contact_phone: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, agencies::AgencyForm, appointments::parse_reason},
        server::{self, StoreError},
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let store = server::use_store()?;
        let agencies = store.list_registered_agencies().await?;
        let new = AgencyForm {
            code: &code,
            name_vi: &name_vi,
            name_en: &name_en,
            kind: &kind,
            province: &province,
            contact_email: &contact_email,
            contact_phone: &contact_phone,
        }
        .parse(&store.list_provinces().await?, &codes_in_use(&agencies))
        .map_err(server::invalid)?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        match store
            .add_agency(&new, &reason, Some(&principal.actor()), server::now())
            .await
        {
            Ok(()) => {}
            // Taken by someone else in the meantime.
            Err(StoreError::Conflict { .. }) => return Err(code_taken()),
            Err(error) => return Err(error.into()),
        }
        leptos_axum::redirect(&format!("/admin/agencies/{}?added=1", new.agency.code));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// Adds a system to an agency, then shows the agency. Administrators only.
#[server(prefix = "/fn", endpoint = "add_system")]
pub async fn add_system(
    #[server(default)] agency: String,
    #[server(default)] code: String,
    #[server(default)] name_vi: String,
    #[server(default)] name_en: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, agencies::parse_system, appointments::parse_reason},
        server::{self, StoreError},
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let store = server::use_store()?;
        let agencies = store.list_registered_agencies().await?;
        if !agencies.iter().any(|a| a.agency.code == agency) {
            return Err(server::with_status(AppError::NotFound));
        }
        let new = parse_system(&agency, &code, &name_vi, &name_en, &codes_in_use(&agencies))
            .map_err(server::invalid)?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        match store
            .add_system(&new, &reason, Some(&principal.actor()), server::now())
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => return Err(code_taken()),
            Err(error) => return Err(error.into()),
        }
        leptos_axum::redirect(&format!("/admin/agencies/{agency}?system=1"));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// The agency's token with this id, usable or not, or 404: a token is
/// changed only on its own agency's page.
#[cfg(feature = "ssr")]
async fn token_of(
    store: &dyn crate::server::Store,
    agency: &str,
    token_id: &str,
) -> Result<crate::server::CredentialSummary, AppError> {
    store
        .list_agency_credentials(Some(agency))
        .await?
        .into_iter()
        .find(|t| t.token_id == token_id)
        .ok_or_else(|| crate::server::with_status(AppError::NotFound))
}

/// A new token lasting `days`, and what the store keeps of it.
#[cfg(feature = "ssr")]
fn new_token(
    days: u64,
) -> Result<
    (
        crate::server::agency_tokens::MintedToken,
        crate::server::NewCredential,
    ),
    AppError,
> {
    let minted = crate::server::agency_tokens::mint_token()?;
    let new = crate::server::NewCredential {
        token_id: minted.token_id.clone(),
        token_hash: minted.token_hash.clone(),
        expires_at: crate::server::now() + days as i64 * 86_400,
    };
    Ok((minted, new))
}

/// Issues a new API token for an agency, shows it once on the agency's
/// page. Administrators only.
#[server(prefix = "/fn", endpoint = "issue_agency_token")]
pub async fn issue_agency_token(
    #[server(default)] agency: String,
    #[server(default)] days: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, agencies::parse_token_days, appointments::parse_reason},
        server::{self, StoreError, agency_tokens},
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let store = server::use_store()?;
        let days = parse_token_days(&days).map_err(server::invalid)?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        let (minted, new) = new_token(days)?;
        let actor = principal.actor();
        let change = crate::server::ChangeNote::console(&reason, &actor);
        match store.insert_agency_credential(&agency, &new, change).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => return Err(server::with_status(AppError::NotFound)),
            Err(error) => return Err(error.into()),
        }
        agency_tokens::hand_over(&agency, &minted.token)?;
        leptos_axum::redirect(&format!("/admin/agencies/{agency}?issued=1"));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// Replaces a token with a new one, shown once; the old one works for the
/// grace period. Administrators only.
#[server(prefix = "/fn", endpoint = "rotate_agency_token")]
pub async fn rotate_agency_token(
    #[server(default)] agency: String,
    #[server(default)] token_id: String,
    #[server(default)] grace_days: String,
    #[server(default)] days: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{
            Action, FieldError,
            agencies::{parse_grace_days, parse_token_days},
            appointments::parse_reason,
        },
        server::{self, Rotation, agency_tokens},
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let store = server::use_store()?;
        token_of(&*store, &agency, &token_id).await?;
        let grace_days = parse_grace_days(&grace_days).map_err(server::invalid)?;
        let days = parse_token_days(&days).map_err(server::invalid)?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        let (minted, new) = new_token(days)?;
        let actor = principal.actor();
        let change = crate::server::ChangeNote::console(&reason, &actor);
        let old_until = change.now + grace_days as i64 * 86_400;
        match store
            .rotate_agency_credential(&token_id, &new, old_until, change)
            .await?
        {
            Rotation::Rotated { .. } => {}
            Rotation::Unknown => {
                return Err(server::invalid(FieldError {
                    field: "token_id",
                    message_id: "agency-token-error-unusable",
                }));
            }
        }
        agency_tokens::hand_over(&agency, &minted.token)?;
        leptos_axum::redirect(&format!("/admin/agencies/{agency}?rotated=1"));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// Revokes a token at once. Administrators only.
#[server(prefix = "/fn", endpoint = "revoke_agency_token")]
pub async fn revoke_agency_token(
    #[server(default)] agency: String,
    #[server(default)] token_id: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, appointments::parse_reason},
        server,
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let store = server::use_store()?;
        token_of(&*store, &agency, &token_id).await?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        let actor = principal.actor();
        let change = crate::server::ChangeNote::console(&reason, &actor);
        // Already revoked is no error: the token is revoked, as asked.
        store.revoke_agency_credential(&token_id, change).await?;
        leptos_axum::redirect(&format!("/admin/agencies/{agency}?revoked=1"));
        Ok(())
    }
    .await;
    server::form_result(result)
}
