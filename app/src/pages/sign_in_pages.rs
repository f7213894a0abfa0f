//! Pages around signing in: why a sign-in failed, that you have signed
//! out, and why an action needs an assurance level 2 account.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    components::account::sign_in_href,
    domain::{SignInFailure, language::safe_return_path},
    i18n::use_i18n,
};

#[cfg(feature = "ssr")]
fn set_status(status: http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// `/auth/failed?reason=…`: what went wrong, in words, and a way back.
#[component]
pub fn SignInFailedPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let reason = query
        .read_untracked()
        .get("reason")
        .and_then(|code| SignInFailure::from_code(&code))
        .unwrap_or(SignInFailure::ProviderError);
    #[cfg(feature = "ssr")]
    set_status(match reason {
        SignInFailure::RateLimited => http::StatusCode::TOO_MANY_REQUESTS,
        SignInFailure::ProviderUnavailable => http::StatusCode::SERVICE_UNAVAILABLE,
        _ => http::StatusCode::BAD_REQUEST,
    });
    let title = format!(
        "{} {}",
        i18n.t("error-title-prefix"),
        i18n.title("sign-in-failed-title")
    );
    view! {
        <leptos_meta::Title text=title />
        <h1>{i18n.t("sign-in-failed-title")}</h1>
        <p class="lead">{i18n.t(reason.message_id())}</p>
        <p>{i18n.t_with("sign-in-failed-code", &[("code", reason.code().to_owned())])}</p>
        <p>
            <a href=sign_in_href("/") rel="external" class="button">
                {i18n.t("sign-in-failed-retry")}
            </a>
        </p>
        <p>
            <A href="/">{i18n.t("error-page-home-link")}</A>
        </p>
    }
}

/// `/auth/signed-out`: confirmation after signing out.
#[component]
pub fn SignedOutPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <leptos_meta::Title text=i18n.title("signed-out-title") />
        <h1>{i18n.t("signed-out-title")}</h1>
        <p class="lead">{i18n.t("signed-out-body")}</p>
        <p>
            <a href=sign_in_href("/") rel="external">
                {i18n.t("signed-out-again")}
            </a>
        </p>
    }
}

/// `/auth/level-2?next=…`: this action needs a level 2 VNeID account.
#[component]
pub fn Level2RequiredPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = safe_return_path(query.read_untracked().get("next").as_deref()).to_owned();
    #[cfg(feature = "ssr")]
    set_status(http::StatusCode::FORBIDDEN);
    let href = sign_in_href(&next).replacen("?", "?level=2&", 1);
    view! {
        <leptos_meta::Title text=i18n.title("level2-title") />
        <h1>{i18n.t("level2-title")}</h1>
        <p class="lead">{i18n.t("level2-body")}</p>
        <p>{i18n.t("level2-how")}</p>
        <p>
            <a href=href rel="external" class="button">
                {i18n.t("level2-sign-in")}
            </a>
        </p>
    }
}
