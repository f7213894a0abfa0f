//! The catalogue in the console: administrators add data categories and
//! purposes of processing (with their controller, processors, categories,
//! legal basis and notice), each with a reason for the change log.

use leptos::prelude::*;

use crate::{domain::catalogue::Catalogue, error::AppError};

/// The catalogue as the console's forms offer it. Administrators only.
#[server(prefix = "/fn", endpoint = "load_catalogue_for_admin", input = leptos::server_fn::codec::GetUrl)]
pub async fn load_catalogue_for_admin() -> Result<Catalogue, AppError> {
    use crate::{domain::Action, server};
    server::require(&Action::Administer)?;
    Ok(server::use_store()?.load_catalogue().await?)
}

/// A code someone else took in the meantime, said at the code's field.
#[cfg(feature = "ssr")]
fn code_taken() -> AppError {
    crate::server::invalid(crate::domain::FieldError {
        field: "code",
        message_id: "catalogue-error-code-taken",
    })
}

/// Adds a data category, then lists the categories. Administrators only.
#[server(prefix = "/fn", endpoint = "add_category")]
pub async fn add_category(
    #[server(default)] code: String,
    #[server(default)] name_vi: String,
    #[server(default)] name_en: String,
    #[server(default)] sensitive: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, appointments::parse_reason, catalogue::CategoryForm},
        server::{self, StoreError},
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let store = server::use_store()?;
        let new = CategoryForm {
            code: &code,
            name_vi: &name_vi,
            name_en: &name_en,
            sensitive: &sensitive,
        }
        .parse(&store.load_catalogue().await?)
        .map_err(server::invalid)?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        match store
            .add_category(&new, &reason, Some(&principal.actor()), server::now())
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => return Err(code_taken()),
            Err(error) => return Err(error.into()),
        }
        leptos_axum::redirect(&format!("/admin/categories?added={}", new.category.code));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// Adds a purpose of processing, then lists the purposes. Administrators
/// only.
#[server(prefix = "/fn", endpoint = "add_purpose")]
#[allow(clippy::too_many_arguments)]
pub async fn add_purpose(
    #[server(default)] code: String,
    #[server(default)] name_vi: String,
    #[server(default)] name_en: String,
    #[server(default)] controller: String,
    #[server(default)] processors: Vec<String>,
    #[server(default)] categories: Vec<String>,
    #[server(default)] legal_basis: String,
    #[server(default)] description_vi: String,
    #[server(default)] description_en: String,
    #[server(default)] validity_months: String,
    #[server(default)] rests_on_consent: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, appointments::parse_reason, catalogue::PurposeForm},
        server::{self, StoreError},
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let store = server::use_store()?;
        let new = PurposeForm {
            code: &code,
            name_vi: &name_vi,
            name_en: &name_en,
            controller: &controller,
            processors: &processors,
            categories: &categories,
            legal_basis: &legal_basis,
            description_vi: &description_vi,
            description_en: &description_en,
            validity_months: &validity_months,
            rests_on_consent: &rests_on_consent,
        }
        .parse(&store.load_catalogue().await?)
        .map_err(server::invalid)?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        match store
            .add_purpose(&new, &reason, Some(&principal.actor()), server::now())
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => return Err(code_taken()),
            // An agency or basis it named went away in the meantime.
            Err(StoreError::NotFound) => {
                return Err(server::invalid(crate::domain::FieldError {
                    field: "legal_basis",
                    message_id: "catalogue-error-unknown",
                }));
            }
            Err(error) => return Err(error.into()),
        }
        leptos_axum::redirect(&format!("/admin/purposes?added={}", new.purpose.code));
        Ok(())
    }
    .await;
    server::form_result(result)
}
