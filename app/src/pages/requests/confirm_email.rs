//! `/email/confirm?token=…`: the link in a confirmation mail. Opening it
//! shows a button; only pressing it confirms, so a mail scanner that
//! follows links confirms nothing.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{api::requests::ConfirmEmail, components::CsrfField, i18n::use_i18n};

/// `/email/confirm`: confirm an address given on a request (no sign-in
/// needed: the token proves the mailbox), or what became of it.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let confirm = ServerAction::<ConfirmEmail>::new();
    // Reactive: with JavaScript the answer comes as a navigation to this
    // same page with `done` or `failed` in its query.
    let body = move || {
        let read = |name: &str| query.read().get(name);
        let token = read("token").unwrap_or_default();
        if read("done").is_some() {
            view! { <p class="inset">{i18n.t("confirm-email-done")}</p> }.into_any()
        } else if read("failed").is_some() || token.is_empty() {
            view! { <p class="inset flag">{i18n.t("confirm-email-failed")}</p> }.into_any()
        } else {
            view! {
                <p>{i18n.t("confirm-email-lead")}</p>
                <ActionForm action=confirm>
                    <CsrfField />
                    <input type="hidden" name="token" value=token />
                    <button type="submit" class="button">
                        {i18n.t("confirm-email-button")}
                    </button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <leptos_meta::Title text=i18n.title("confirm-email-title") />
        <h1>{i18n.t("confirm-email-title")}</h1>
        {body}
    }
}
