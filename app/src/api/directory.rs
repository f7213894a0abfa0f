//! The public directory of provincial data-protection officers.

use leptos::prelude::*;

use crate::{domain::DataProtectionOfficer, error::AppError};

/// Every province's named data-protection officer. Public: no sign-in is
/// needed, because the law makes these contact details public.
#[server(prefix = "/fn", endpoint = "list_data_protection_officers", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_data_protection_officers() -> Result<Vec<DataProtectionOfficer>, AppError> {
    let store = crate::server::use_store()?;
    Ok(store.list_data_protection_officers().await?)
}
