//! The signed-in person's own account: who the service thinks they are,
//! their roles, and their sign-in history.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{AccountEvent, AssuranceLevel, Role},
    error::AppError,
};

/// How many account events the activity page lists.
pub const ACTIVITY_LIMIT: u32 = 50;

/// A role as the account page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleLine {
    pub role: Role,
    /// The province's name in Vietnamese and English, for a DPO.
    pub province: Option<(String, String)>,
}

/// What the account page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub name: String,
    pub masked_id: String,
    pub level: AssuranceLevel,
    pub roles: Vec<RoleLine>,
}

/// The signed-in person's account.
#[server(prefix = "/fn", endpoint = "find_account_summary", input = leptos::server_fn::codec::GetUrl)]
pub async fn find_account_summary() -> Result<AccountSummary, AppError> {
    use crate::{domain::Action, server};
    let principal = server::require(&Action::ViewOwnAccount)?;
    let store = server::use_store()?;
    let provinces = if principal
        .viewer
        .grants
        .iter()
        .any(|g| g.province_code.is_some())
    {
        store.list_provinces().await?
    } else {
        Vec::new()
    };
    let roles = principal
        .viewer
        .grants
        .iter()
        .map(|grant| RoleLine {
            role: grant.role,
            province: grant.province_code.as_ref().and_then(|code| {
                provinces
                    .iter()
                    .find(|p| &p.code == code)
                    .map(|p| (p.name_vi.clone(), p.name_en.clone()))
            }),
        })
        .collect();
    Ok(AccountSummary {
        name: principal.viewer.name,
        masked_id: principal.viewer.masked_id,
        level: principal.viewer.level,
        roles,
    })
}

/// The signed-in person's own sign-ins, sign-outs and failed sign-ins,
/// newest first.
#[server(prefix = "/fn", endpoint = "list_account_activity", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_account_activity() -> Result<Vec<AccountEvent>, AppError> {
    use crate::{domain::Action, server};
    let principal = server::require(&Action::ViewOwnAccount)?;
    let store = server::use_store()?;
    Ok(store
        .list_account_events(&principal.pseudonym, ACTIVITY_LIMIT)
        .await?)
}
