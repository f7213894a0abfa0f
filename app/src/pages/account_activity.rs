//! `/account/activity`: the person's own sign-ins, sign-outs and failed
//! sign-ins, newest first, so they can spot use they do not recognise.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::list_account_activity,
    components::{DataTable, Loaded},
    domain::{
        AccountEvent, SignInFailure,
        datetime::{format_datetime, iso_datetime},
    },
    i18n::use_i18n,
};

const COLUMNS: [&str; 4] = [
    "activity-col-time",
    "activity-col-event",
    "activity-col-browser",
    "activity-col-network",
];

#[component]
pub fn AccountActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let events = Resource::new(|| (), |_| list_account_activity());
    let show = |events: Vec<AccountEvent>| view! { <ActivityTable events /> };
    view! {
        <leptos_meta::Title text=i18n.title("activity-title") />
        <p>
            <A href="/account" attr:class="back-link">
                {i18n.t("activity-back")}
            </A>
        </p>
        <h1>{i18n.t("activity-title")}</h1>
        <p class="lead">{i18n.t("activity-lead")}</p>
        <Loaded resource=events content=show />
        <h2>{i18n.t("activity-unknown-heading")}</h2>
        <p>{i18n.t("activity-unknown-body")}</p>
    }
}

#[component]
fn ActivityTable(events: Vec<AccountEvent>) -> impl IntoView {
    let i18n = use_i18n();
    if events.is_empty() {
        return view! { <p>{i18n.t("activity-empty")}</p> }.into_any();
    }
    let caption = i18n.t_with("activity-caption", &[("count", events.len().to_string())]);
    let rows = events
        .into_iter()
        .map(|event| {
            let what = match event.reason.as_deref().and_then(SignInFailure::from_code) {
                Some(reason) => format!(
                    "{} ({})",
                    i18n.t(event.kind.message_id()),
                    i18n.t(reason.message_id())
                ),
                None => i18n.t(event.kind.message_id()),
            };
            view! {
                <tr>
                    <td>
                        <time datetime=iso_datetime(
                            event.occurred_at,
                        )>{format_datetime(event.occurred_at, i18n.lang)}</time>
                    </td>
                    <td>{what}</td>
                    <td class="break-words">{event.user_agent.unwrap_or_default()}</td>
                    <td>
                        <code>{event.client_hash.unwrap_or_default()}</code>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption columns=COLUMNS.to_vec()>
            {rows}
        </DataTable>
        <p class="hint">{i18n.t("activity-network-hint")}</p>
    }
    .into_any()
}
