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

/// The directory as administrators edit it: every province (with its
/// officer, if it has one) and the national unit.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfficerDirectory {
    pub provinces: Vec<crate::domain::Province>,
    pub officers: Vec<DataProtectionOfficer>,
    pub national_unit: DataProtectionOfficer,
}

/// The directory for the console. Administrators only.
#[server(prefix = "/fn", endpoint = "list_officers_for_admin", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_officers_for_admin() -> Result<OfficerDirectory, AppError> {
    use crate::{domain::Action, server};
    server::require(&Action::Administer)?;
    let store = server::use_store()?;
    Ok(OfficerDirectory {
        provinces: store.list_provinces().await?,
        officers: store.list_data_protection_officers().await?,
        national_unit: store.find_national_unit().await?,
    })
}

/// Publishes a province's officer (or the national unit's details, for
/// `VN`), with the reason for the change log. Administrators only.
#[server(prefix = "/fn", endpoint = "update_officer")]
#[allow(clippy::too_many_arguments)]
pub async fn update_officer(
    #[server(default)] province: String,
    #[server(default)] full_name: String,
    #[server(default)] title_vi: String,
    #[server(default)] title_en: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
    #[server(default)] address: String,
    #[server(default)] hours_vi: String,
    #[server(default)] hours_en: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, OfficerForm, appointments::parse_reason, requests::NATIONAL_UNIT},
        server,
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let details = OfficerForm {
            full_name: &full_name,
            title_vi: &title_vi,
            title_en: &title_en,
            email: &email,
            phone: &phone,
            address: &address,
            hours_vi: &hours_vi,
            hours_en: &hours_en,
        }
        .parse()
        .map_err(server::invalid)?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        let store = server::use_store()?;
        let known = province == NATIONAL_UNIT
            || store
                .list_provinces()
                .await?
                .iter()
                .any(|p| p.code == province);
        if !known {
            return Err(server::with_status(AppError::NotFound));
        }
        store
            .update_officer(
                &province,
                &details,
                &reason,
                Some(&principal.actor()),
                server::now(),
            )
            .await?;
        leptos_axum::redirect(&format!("/admin/officers?saved={province}"));
        Ok(())
    }
    .await;
    server::form_result(result)
}
