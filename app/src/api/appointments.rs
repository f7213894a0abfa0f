//! Appointments: administrators appoint and revoke staff; administrators
//! and auditors read who holds which role and every change made.

use leptos::prelude::*;

use crate::{
    domain::appointments::{AuditTrail, Roster},
    error::AppError,
};

/// Who holds which role (administrators and auditors).
#[server(prefix = "/fn", endpoint = "list_appointments", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_appointments() -> Result<Roster, AppError> {
    use crate::{domain::Action, server};
    server::require(&Action::Audit)?;
    let store = server::use_store()?;
    Ok(Roster {
        held: store.list_appointments().await?,
        provinces: store.list_provinces().await?,
    })
}

/// The same, for the pages that change it: administrators only, so an
/// auditor is refused the forms themselves, not only their posts.
#[server(prefix = "/fn", endpoint = "list_appointments_to_change", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_appointments_to_change() -> Result<Roster, AppError> {
    use crate::{domain::Action, server};
    server::require(&Action::Administer)?;
    let store = server::use_store()?;
    Ok(Roster {
        held: store.list_appointments().await?,
        provinces: store.list_provinces().await?,
    })
}

/// The audited changes, newest first (administrators and auditors).
#[server(prefix = "/fn", endpoint = "list_admin_changes", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_admin_changes() -> Result<AuditTrail, AppError> {
    use crate::{
        domain::{Action, appointments::CHANGE_LIST_LIMIT},
        server,
    };
    server::require(&Action::Audit)?;
    let store = server::use_store()?;
    Ok(AuditTrail {
        changes: store.list_admin_changes(CHANGE_LIST_LIMIT).await?,
        provinces: store.list_provinces().await?,
    })
}

/// Appoints a person, by their 12-digit number, to a role; then shows the
/// list with the appointment marked. Administrators only.
#[server(prefix = "/fn", endpoint = "appoint")]
pub async fn appoint(
    #[server(default)] personal_id: String,
    #[server(default)] full_name: String,
    #[server(default)] role: String,
    #[server(default)] province: String,
    #[server(default)] decision_number: String,
    #[server(default)] decision_date: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{Action, appointments::AppointmentForm},
        server::{self, Appointed},
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let store = server::use_store()?;
        let provinces = store.list_provinces().await?;
        let new = AppointmentForm {
            personal_id: &personal_id,
            full_name: &full_name,
            role: &role,
            province: &province,
            decision_number: &decision_number,
            decision_date: &decision_date,
            reason: &reason,
        }
        .parse(&provinces)
        .map_err(server::invalid)?;
        let pseudonym = server::pseudonym_of(&new.personal_id)?;
        let outcome = store
            .appoint(&pseudonym, &new, Some(&principal.actor()), server::now())
            .await?;
        let (id, flag) = match outcome {
            Appointed::New(id) => (id, "appointed"),
            Appointed::AlreadyHeld(id) => (id, "held"),
        };
        leptos_axum::redirect(&format!("/admin/people?{flag}={id}#appointment-{id}"));
        Ok(())
    }
    .await;
    server::form_result(result)
}

/// Revokes an appointment, with the reason; the person's next request finds
/// the role gone. The last administrator cannot be revoked here (the
/// command line can). Administrators only.
#[server(prefix = "/fn", endpoint = "revoke_appointment")]
pub async fn revoke_appointment(
    #[server(default)] id: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{
            Action, FieldError,
            appointments::{RevocationRefused, may_revoke, parse_reason},
        },
        server::{self, StoreError},
    };
    let result = async {
        let principal = server::require(&Action::Administer)?;
        let id: i64 = id
            .trim()
            .parse()
            .map_err(|_| server::with_status(AppError::NotFound))?;
        let reason = parse_reason(&reason).map_err(server::invalid)?;
        let store = server::use_store()?;
        let last_administrator = server::invalid(FieldError {
            field: "id",
            message_id: "appointment-error-last-administrator",
        });
        match may_revoke(&store.list_appointments().await?, id) {
            Err(RevocationRefused::Unknown) => return Err(server::with_status(AppError::NotFound)),
            Err(RevocationRefused::LastAdministrator) => return Err(last_administrator),
            Ok(_) => {}
        }
        match store
            .revoke_appointment(id, &reason, Some(&principal.actor()), true, server::now())
            .await
        {
            Ok(_) => {}
            // Another administrator was revoked in the meantime.
            Err(StoreError::Conflict { .. }) => return Err(last_administrator),
            Err(error) => return Err(error.into()),
        }
        leptos_axum::redirect(&format!("/admin/people?revoked={id}"));
        Ok(())
    }
    .await;
    server::form_result(result)
}
