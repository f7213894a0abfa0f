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

/// A labelled text input with its optional hint and inline error, for a
/// form whose last failure `failure` reads; `value` fills it in.
pub fn text_field(
    i18n: I18n,
    failure: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    lang: Option<&'static str>,
    value: String,
) -> impl IntoView {
    let hint_id = hint.map(|_| format!("{name}-hint"));
    let hint_ref = hint_id.clone();
    view! {
        <div class="field">
            <label for=name>{i18n.t(label)}</label>
            {hint
                .map(|key| {
                    view! {
                        <p class="hint" id=hint_id.clone()>
                            {i18n.t(key)}
                        </p>
                    }
                })}
            {move || inline_error(i18n, failure(), name)}
            <input
                class="input"
                id=name
                name=name
                lang=lang
                autocomplete="off"
                value=value
                aria-describedby=move || described_by(failure(), name, hint_ref.as_deref())
            />
        </div>
    }
}

/// A registry or catalogue entry's code and its names in both languages
/// (posted as `code`, `name_vi` and `name_en`).
pub fn code_and_names(
    i18n: I18n,
    failure: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    code_label: &'static str,
    code_hint: &'static str,
) -> impl IntoView {
    view! {
        {text_field(i18n, failure, "code", code_label, Some(code_hint), None, String::new())}
        {text_field(i18n, failure, "name_vi", "agency-name-vi", None, Some("vi"), String::new())}
        {text_field(i18n, failure, "name_en", "agency-name-en", None, Some("en"), String::new())}
    }
}

/// The reason every change an administrator makes gives, for the change
/// log.
pub fn reason_field(
    i18n: I18n,
    failure: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    reason_field_as(i18n, failure, "reason")
}

/// [`reason_field`] with its own element id, for a page with more than one
/// form (the field is still posted as `reason`).
pub fn reason_field_as(
    i18n: I18n,
    failure: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    id: &'static str,
) -> impl IntoView {
    let hint = format!("{id}-hint");
    let hint_ref = hint.clone();
    view! {
        <div class="field">
            <label for=id>{i18n.t("appointment-reason")}</label>
            <p class="hint" id=hint>
                {i18n.t("appointment-reason-hint")}
            </p>
            {move || inline_error(i18n, failure(), "reason")}
            <textarea
                class="input textarea"
                id=id
                name="reason"
                rows="3"
                aria-describedby=move || described_by(failure(), "reason", Some(&hint_ref))
            ></textarea>
        </div>
    }
}
