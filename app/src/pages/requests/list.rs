//! `/requests`: the person's requests.

use leptos::prelude::*;

use super::shared::RequestTable;
use crate::{
    api::requests::list_my_requests, components::Loaded, domain::requests::RequestRecord,
    i18n::use_i18n,
};

/// `/requests`: the person's requests, newest first.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let requests = Resource::new(|| (), |_| list_my_requests());
    let show = move |list: Vec<RequestRecord>| {
        if list.is_empty() {
            view! { <p>{i18n.t("requests-empty")}</p> }.into_any()
        } else {
            view! {
                <RequestTable
                    rows=list
                    caption_key="requests-table-caption"
                    dpo=false
                    today=String::new()
                />
            }
            .into_any()
        }
    };
    view! {
        <leptos_meta::Title text=i18n.title("requests-title") />
        <h1>{i18n.t("requests-title")}</h1>
        <p class="lead">{i18n.t("requests-lead")}</p>
        <p>
            <a href="/requests/new" class="button">
                {i18n.t("requests-new-button")}
            </a>
        </p>
        <Loaded resource=requests content=show />
    }
}
