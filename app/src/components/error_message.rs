//! How an error from a server function is shown: the translated message and,
//! for internal failures, a reference for support. Never the cause. When
//! signing in (again) is the way out, a link says so.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{components::account::sign_in_href, error::AppError, i18n::use_i18n};

/// A translated error message in an alert region.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let reference = error
        .reference()
        .filter(|r| !r.is_empty())
        .map(|r| i18n.t_with("error-reference", &[("reference", r.to_owned())]));
    let location = use_location();
    let here = location.pathname.get_untracked();
    let way_out = match error {
        AppError::Unauthenticated => Some((sign_in_href(&here), "nav-sign-in")),
        AppError::LevelTooLow => Some((
            sign_in_href(&here).replacen('?', "?level=2&", 1),
            "level2-sign-in",
        )),
        _ => None,
    };
    view! {
        <div class="error-summary" role="alert">
            <h2 class="error-summary-title">{i18n.t("error-summary-title")}</h2>
            <p>{i18n.t(error.message_id())}</p>
            {reference.map(|text| view! { <p class="error-reference">{text}</p> })}
            {way_out
                .map(|(href, label)| {
                    view! {
                        <p>
                            <a href=href rel="external">
                                {i18n.t(label)}
                            </a>
                        </p>
                    }
                })}
        </div>
    }
}
