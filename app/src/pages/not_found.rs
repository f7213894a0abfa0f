//! The page for an address that does not exist.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

/// Shown for any unknown path, with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <leptos_meta::Title text=i18n.title("not-found-title") />
        <h1>{i18n.t("not-found-title")}</h1>
        <p>{i18n.t("not-found-body")}</p>
        <p>
            <A href="/">{i18n.t("not-found-home-link")}</A>
        </p>
    }
}
