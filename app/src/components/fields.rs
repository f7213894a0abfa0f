//! A form field's error line and its `aria-describedby`, from the form's
//! last failure.

use leptos::prelude::*;

use crate::{error::AppError, i18n::I18n};

/// The message id for `field` when a form's last failure is about it.
pub fn field_message(error: Option<AppError>, field: &str) -> Option<String> {
    match error {
        Some(AppError::Invalid {
            field: f,
            message_id,
        }) if f == field => Some(message_id),
        _ => None,
    }
}

/// The error line under a field, with the id its `aria-describedby` names.
pub fn inline_error(
    i18n: I18n,
    error: Option<AppError>,
    field: &'static str,
) -> Option<impl IntoView + use<>> {
    field_message(error, field).map(|message_id| {
        view! {
            <p class="error-message" id=format!("{field}-error")>
                {i18n.t(&message_id)}
            </p>
        }
    })
}

/// A field's `aria-describedby`: its hint, and its error when it has one.
pub fn described_by(error: Option<AppError>, field: &str, hint: Option<&str>) -> Option<String> {
    let error = field_message(error, field).map(|_| format!("{field}-error"));
    match (hint, error) {
        (Some(hint), Some(error)) => Some(format!("{hint} {error}")),
        (Some(hint), None) => Some(hint.to_owned()),
        (None, error) => error,
    }
}
