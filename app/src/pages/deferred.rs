//! `/dpo/deferred`: sharings hidden from their people for now, and when
//! each will be shown.

use leptos::prelude::*;

use crate::{
    api::list_deferred_events,
    components::{DataTable, Loaded},
    domain::{
        datetime::{format_datetime, iso_datetime},
        oversight::DeferredEvent,
    },
    i18n::use_i18n,
};

/// `/dpo/deferred`: for a DPO, every sharing by an agency they oversee
/// whose disclosure to the person is deferred, with its legal basis and
/// release date: deferral is lawful only while someone can see it.
#[component]
pub fn DeferredEventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let deferred = Resource::new(|| (), |_| list_deferred_events());
    let time = move |at: i64| {
        view! { <time datetime=iso_datetime(at)>{format_datetime(at, i18n.lang)}</time> }
    };
    let show = move |list: Vec<DeferredEvent>| {
        if list.is_empty() {
            return view! { <p>{i18n.t("deferred-empty")}</p> }.into_any();
        }
        let count = list.len();
        let rows = list
            .into_iter()
            .map(|d| {
                view! {
                    <tr>
                        <td>{time(d.visible_from)}</td>
                        <td>{time(d.occurred_at)}</td>
                        <td>{d.provider.name(i18n.lang).to_owned()}</td>
                        <td>{d.recipient.name(i18n.lang).to_owned()}</td>
                        <td>{d.legal_basis.name(i18n.lang).to_owned()}</td>
                        <td class="break-words">{d.event_id}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable
                caption=i18n.t_with("deferred-count", &[("count", count.to_string())])
                columns=vec![
                    "deferred-col-release",
                    "consent-col-time",
                    "event-provider",
                    "event-recipient",
                    "event-legal-basis",
                    "event-reference",
                ]
            >
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("deferred-title") />
        <h1>{i18n.t("deferred-title")}</h1>
        <p class="lead">{i18n.t("deferred-lead")}</p>
        <Loaded resource=deferred content=show />
    }
}
