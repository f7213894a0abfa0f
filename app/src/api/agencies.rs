//! The registry in the console: administrators add agencies and their
//! systems; each agency's API tokens are listed (issued, rotated and revoked
//! from the command line, which prints a new token once).

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

/// Every agency, the provinces to name them by and, for one agency asked
/// for, its tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRegistry {
    pub agencies: Vec<RegisteredAgency>,
    pub provinces: Vec<Province>,
    pub tokens: Vec<TokenLine>,
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
    Ok(AgencyRegistry {
        agencies: store.list_registered_agencies().await?,
        provinces: store.list_provinces().await?,
        tokens,
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
