//! What server functions and the page shell find in context for a request.

use std::sync::Arc;

use leptos::prelude::*;

use super::{Store, StoreError};
use crate::{
    domain::{Action, Decision, Level2Policy, Viewer, decide, requests::FormDraft},
    error::AppError,
};

/// The signed-in person of a request, put in the request's extensions by
/// the session middleware. The pseudonym never goes to the browser.
#[derive(Clone, Debug)]
pub struct Principal {
    pub pseudonym: String,
    pub viewer: Viewer,
}

impl Principal {
    /// This person as the change log names whoever made a change.
    pub fn actor(&self) -> super::Actor {
        super::Actor {
            pseudonym: self.pseudonym.clone(),
            name: self.viewer.name.clone(),
        }
    }
}

/// Sign-in settings pages and server functions need.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// The built-in development identity provider is on (show the banner).
    pub dev_sign_in: bool,
    pub level2: Level2Policy,
}

/// The signed-in person making this request, if any.
pub fn current_principal() -> Option<Principal> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Principal>().cloned())
}

/// Checks that the person making this request may perform `action`, and
/// returns who they are. Every server function that is not public starts
/// with this.
pub fn require(action: &Action) -> Result<Principal, AppError> {
    let principal = current_principal();
    permit(principal.as_ref(), action, &level2_policy()).map_err(with_status)?;
    principal.ok_or_else(|| with_status(AppError::Unauthenticated))
}

/// Whether `principal` may perform `action` under `policy`, as an error
/// the person can read when not; reads no context.
pub fn permit(
    principal: Option<&Principal>,
    action: &Action,
    policy: &Level2Policy,
) -> Result<(), AppError> {
    match decide(principal.map(|p| &p.viewer), action, policy) {
        Decision::Allow => Ok(()),
        Decision::SignIn => Err(AppError::Unauthenticated),
        Decision::StepUp => Err(AppError::LevelTooLow),
        Decision::Deny => Err(AppError::Forbidden),
    }
}

/// The draft a refused form left for the page at `path`, put in the
/// request by the server's draft middleware.
pub fn current_draft(path: &str) -> Option<FormDraft> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<FormDraft>().cloned())
        .filter(|draft| draft.path == path)
}

/// Turns a personal identification number into its keyed pseudonym (the
/// server's secret key stays in the server crate; pages get this function).
#[derive(Clone)]
pub struct Pseudonyms(pub Arc<dyn Fn(&crate::domain::PersonalId) -> String + Send + Sync>);

/// The pseudonym of `id`, under the service's key.
pub fn pseudonym_of(id: &crate::domain::PersonalId) -> Result<String, AppError> {
    let pseudonyms =
        use_context::<Pseudonyms>().ok_or_else(|| internal_error("pseudonyms missing"))?;
    Ok((pseudonyms.0)(id))
}

/// A form field the domain refused, as the error the page shows by it.
pub fn invalid(error: crate::domain::FieldError) -> AppError {
    with_status(AppError::Invalid {
        field: error.field.into(),
        message_id: error.message_id.into(),
    })
}

/// The sign-in level policy in force.
pub fn level2_policy() -> Level2Policy {
    use_context::<AuthSettings>()
        .map(|settings| settings.level2)
        .unwrap_or_else(Level2Policy::standard)
}

/// A server function's result on its way out: an error sets the
/// response's status (see [`with_status`]).
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    result.map_err(with_status)
}

/// Makes the HTTP response carry the error's status (401, 403, …) instead
/// of a generic 500, for scripts and for form posts without JavaScript.
pub fn with_status(error: AppError) -> AppError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        response.set_status(status);
    }
    error
}

/// The server's clock, in Unix seconds: the one that decides deferred
/// disclosure and consent validity (never the browser's).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The result of a server function behind a form. A form posted without
/// JavaScript is answered with a redirect back to the page, the error in
/// its URL; a status set on the way (422, 403, …) would stop the browser
/// from following it, so it becomes 303 See Other.
pub fn form_result<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    let result = answer(result);
    let plain_form = use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("text/html"))
    });
    if result.is_err()
        && plain_form
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(http::StatusCode::SEE_OTHER);
    }
    result
}

/// The Content-Security-Policy nonce the request middleware chose for this
/// response; the shell hands it to Leptos so its inline scripts carry it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The store, provided by the server for every page render and server function.
pub fn use_store() -> Result<Arc<dyn Store>, AppError> {
    use_context::<Arc<dyn Store>>().ok_or_else(|| internal_error("store missing from context"))
}

/// Logs an internal failure once, with a short reference, and returns the
/// error the person sees: the translated message and that reference only.
pub fn internal_error(cause: impl std::fmt::Display) -> AppError {
    let reference = uuid::Uuid::now_v7().simple().to_string()[20..].to_owned();
    tracing::error!(%reference, %cause, "internal error");
    with_status(AppError::Internal { reference })
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        with_status(match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { .. } => AppError::Conflict,
            StoreError::Unavailable(cause) => {
                tracing::warn!(%cause, "storage unavailable");
                AppError::Unavailable
            }
        })
    }
}
