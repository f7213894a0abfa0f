//! How an error from a server function is shown: the translated message and,
//! for internal failures, a reference for support. Never the cause.

use leptos::prelude::*;

use crate::{error::AppError, i18n::use_i18n};

/// A translated error message in an alert region.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let reference = error
        .reference()
        .filter(|r| !r.is_empty())
        .map(|r| i18n.t_with("error-reference", &[("reference", r.to_owned())]));
    view! {
        <div class="error-summary" role="alert">
            <h2 class="error-summary-title">{i18n.t("error-summary-title")}</h2>
            <p>{i18n.t(error.message_id())}</p>
            {reference.map(|text| view! { <p class="error-reference">{text}</p> })}
        </div>
    }
}
