//! `/notifications`: what changed on one's requests.

use leptos::prelude::*;

use crate::{
    api::requests::{MarkNotificationsRead, list_notifications},
    components::{CsrfField, Loaded},
    domain::{datetime::format_datetime, requests::Notification},
    i18n::use_i18n,
};

/// `/notifications`: what changed on one's requests (and, for DPOs, in
/// their provinces' queues).
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(move || mark.version().get(), |_| list_notifications());
    let show = move |items: Vec<Notification>| {
        if items.is_empty() {
            return view! { <p>{i18n.t("notifications-empty")}</p> }.into_any();
        }
        let unread = items.iter().any(|n| !n.read);
        view! {
            <ul class="list-plain notifications">
                {items
                    .into_iter()
                    .map(|n| {
                        let href = if n.team {
                            format!("/dpo/requests/{}", n.reference)
                        } else {
                            format!("/requests/{}", n.reference)
                        };
                        view! {
                            <li class="timeline-item">
                                {(!n.read)
                                    .then(|| {
                                        view! {
                                            <strong class="tag tag-blue">
                                                {i18n.t("notifications-new")}
                                            </strong>
                                            " "
                                        }
                                    })}
                                <a href=href>
                                    {i18n
                                        .t_with(
                                            &n.message_id,
                                            &[("reference", n.reference.clone())],
                                        )}
                                </a>
                                <p class="timeline-meta">
                                    {format_datetime(n.created_at, i18n.lang)}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {unread
                .then(|| {
                    view! {
                        <ActionForm action=mark>
                            <CsrfField />
                            <button type="submit" class="button button-secondary">
                                {i18n.t("notifications-mark-read")}
                            </button>
                        </ActionForm>
                    }
                })}
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("notifications-title") />
        <h1>{i18n.t("notifications-title")}</h1>
        <Loaded resource=list content=show />
    }
}
