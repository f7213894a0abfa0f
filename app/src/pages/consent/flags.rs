//! `/dpo/consent-flags`: data provided while consent was not active.

use leptos::prelude::*;

use crate::{
    api::list_consent_flags, components::DataTable, components::Loaded,
    domain::consent::FlaggedEvent, domain::datetime::format_datetime,
    domain::datetime::iso_datetime, i18n::use_i18n,
};

/// `/dpo/consent-flags`: for a provincial DPO, data provided by agencies
/// of their province under a consent-based purpose while the person's
/// consent was not active.
#[component]
pub fn ConsentFlagsPage() -> impl IntoView {
    let i18n = use_i18n();
    let flags = Resource::new(|| (), |_| list_consent_flags());
    let show = move |list: Vec<FlaggedEvent>| {
        if list.is_empty() {
            view! { <p>{i18n.t("consent-flags-empty")}</p> }.into_any()
        } else {
            let count = list.len();
            let rows = list
                .into_iter()
                .map(|f| {
                    view! {
                        <tr>
                            <td>
                                <time datetime=iso_datetime(
                                    f.occurred_at,
                                )>{format_datetime(f.occurred_at, i18n.lang)}</time>
                            </td>
                            <td>{f.provider.name(i18n.lang).to_owned()}</td>
                            <td>{f.recipient.name(i18n.lang).to_owned()}</td>
                            <td>{f.purpose.name(i18n.lang).to_owned()}</td>
                            <td>{i18n.t(f.flag.message_id())}</td>
                            <td class="break-words">{f.event_id}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable
                    caption=i18n.t_with("consent-flags-count", &[("count", count.to_string())])
                    columns=vec![
                        "consent-col-time",
                        "event-provider",
                        "event-recipient",
                        "consent-col-purpose",
                        "consent-flags-why",
                        "event-reference",
                    ]
                >
                    {rows}
                </DataTable>
            }
            .into_any()
        }
    };
    view! {
        <leptos_meta::Title text=i18n.title("consent-flags-title") />
        <h1>{i18n.t("consent-flags-title")}</h1>
        <p class="lead">{i18n.t("consent-flags-lead")}</p>
        <Loaded resource=flags content=show />
    }
}
