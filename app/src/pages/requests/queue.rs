//! `/dpo/requests`: the DPO's queue.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::shared::RequestTable;
use crate::{
    api::requests::{QueuePage, find_queue},
    components::Loaded,
    domain::requests::{RequestKind, RequestStatus},
    i18n::{I18n, use_i18n},
};

/// The query of a queue page with one value changed (None drops it).
pub(super) fn queue_href(query: &[(String, String)], change: &[(&str, Option<&str>)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| !change.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    for (key, value) in change {
        if let Some(value) = value {
            pairs.push(((*key).to_owned(), (*value).to_owned()));
        }
    }
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::domain::links::query_value(v)))
        .collect();
    if encoded.is_empty() {
        "/dpo/requests".to_owned()
    } else {
        format!("/dpo/requests?{}", encoded.join("&"))
    }
}

pub(super) const QUEUE_KEYS: [&str; 8] = [
    "status",
    "kind",
    "agency",
    "overdue",
    "due_within",
    "dir",
    "after",
    "reference",
];

/// `/dpo/requests`: the queue of the DPO's provinces.
#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        QUEUE_KEYS.map(|key| q.get(key).unwrap_or_default())
    });
    let page = Resource::new(
        move || params.get(),
        |[
            status,
            kind,
            agency,
            overdue,
            due_within,
            dir,
            after,
            reference,
        ]| {
            find_queue(
                status, kind, agency, overdue, due_within, dir, after, reference,
            )
        },
    );
    let show = move |page: QueuePage| {
        let values = params.get_untracked();
        view! { <QueueView page values /> }.into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("queue-title") />
        {move || {
            query
                .read()
                .get("transferred")
                .map(|_| {
                    view! {
                        <div class="notification" role="status">
                            <p>{i18n.t("queue-transferred")}</p>
                        </div>
                    }
                })
        }}
        <h1>{i18n.t("queue-title")}</h1>
        <Loaded resource=page content=show />
    }
}

#[component]
pub(super) fn QueueView(page: QueuePage, values: [String; 8]) -> impl IntoView {
    let i18n = use_i18n();
    let [
        status,
        kind,
        agency,
        overdue,
        due_within,
        dir,
        _after,
        reference,
    ] = values.clone();
    let current: Vec<(String, String)> = QUEUE_KEYS
        .iter()
        .zip(values.iter())
        .filter(|(key, value)| **key != "after" && !value.is_empty())
        .map(|(key, value)| ((*key).to_owned(), value.clone()))
        .collect();
    let descending = dir == "desc";
    let sort_href = queue_href(
        &current,
        &[("dir", (!descending).then_some("desc")), ("after", None)],
    );
    let csv_href = queue_href(&current, &[("after", None), ("reference", None)]).replacen(
        "/dpo/requests",
        "/dpo/requests.csv",
        1,
    );
    let next_href = page
        .next
        .clone()
        .map(|next| queue_href(&current, &[("after", Some(next.as_str()))]));
    let (count_key, total) = match page.more_than {
        Some(limit) => ("queue-count-more", limit),
        None => ("queue-count", page.total),
    };
    let count = i18n.t_with(
        count_key,
        &[
            ("shown", page.rows.len().to_string()),
            ("total", total.to_string()),
        ],
    );
    let option = |value: &str, label: String, selected: &str| {
        view! {
            <option value=value.to_owned() selected=selected == value>
                {label}
            </option>
        }
    };
    let statuses = RequestStatus::ALL
        .iter()
        .map(|s| option(s.code(), i18n.t(s.message_id()), &status))
        .collect_view();
    let kinds = RequestKind::ALL
        .iter()
        .map(|k| option(k.code(), i18n.t(k.message_id()), &kind))
        .collect_view();
    let agencies = page
        .agencies
        .iter()
        .map(|a| option(&a.code, a.name(i18n.lang).to_owned(), &agency))
        .collect_view();
    let chips: Vec<(String, String)> = current
        .iter()
        .filter(|(key, _)| key != "dir")
        .map(|(key, value)| {
            let label = match key.as_str() {
                "status" => RequestStatus::from_code(value).map(|s| i18n.t(s.message_id())),
                "kind" => RequestKind::from_code(value).map(|k| i18n.t(k.message_id())),
                "overdue" => Some(i18n.t("queue-filter-overdue")),
                "due_within" => {
                    Some(i18n.t_with("queue-chip-due-within", &[("days", value.clone())]))
                }
                _ => Some(value.clone()),
            }
            .unwrap_or_else(|| value.clone());
            (
                label,
                queue_href(&current, &[(key.as_str(), None), ("after", None)]),
            )
        })
        .collect();
    let has_filters = !chips.is_empty();
    view! {
        <form method="get" action="/dpo/requests" class="inline-form" role="search">
            <div class="field">
                <label for="reference">{i18n.t("queue-search-label")}</label>
                <input
                    class="input input-short"
                    id="reference"
                    name="reference"
                    value=reference.clone()
                    placeholder="YC-2026-000123"
                />
                " "
                <button type="submit" class="button button-secondary">
                    {i18n.t("queue-search-button")}
                </button>
            </div>
        </form>
        <form method="get" action="/dpo/requests" class="filters">
            <h2 class="filters-heading">{i18n.t("queue-filters-heading")}</h2>
            <div class="filter-fields">
                {filter_select(i18n, "status", "queue-status", statuses)}
                {filter_select(i18n, "kind", "queue-kind", kinds)}
                {filter_select(i18n, "agency", "queue-agency", agencies)} <div class="field">
                    <label for="due_within">{i18n.t("queue-due-within")}</label>
                    <input
                        class="input input-short"
                        type="number"
                        min="0"
                        max="366"
                        id="due_within"
                        name="due_within"
                        value=due_within.clone()
                    />
                </div> <div class="radio">
                    <input
                        type="checkbox"
                        id="overdue"
                        name="overdue"
                        value="1"
                        checked=!overdue.is_empty()
                    />
                    <label for="overdue">{i18n.t("queue-filter-overdue")}</label>
                </div>
            </div>
            {descending.then(|| view! { <input type="hidden" name="dir" value="desc" /> })}
            <div class="button-group">
                <button type="submit" class="button button-secondary">
                    {i18n.t("queue-filter-button")}
                </button>
                <a href="/dpo/requests">{i18n.t("queue-clear-filters")}</a>
            </div>
        </form>
        {has_filters
            .then(|| {
                view! {
                    <ul class="list-inline chips" aria-label=i18n.t("queue-chips-label")>
                        {chips
                            .into_iter()
                            .map(|(label, href)| {
                                view! {
                                    <li>
                                        <a href=href class="chip">
                                            {i18n.t_with("queue-chip-remove", &[("filter", label)])}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        <p>
            <a href=csv_href rel="external" download="requests.csv">
                {i18n.t("queue-csv")}
            </a>
        </p>
        {if page.rows.is_empty() {
            let key = if has_filters { "queue-no-matches" } else { "queue-empty" };
            view! { <p>{i18n.t(key)}</p> }.into_any()
        } else {
            view! {
                <RequestTable
                    rows=page.rows.clone()
                    caption_key="queue-caption"
                    dpo=true
                    today=page.today.clone()
                    caption_extra=count
                    sort=(sort_href, descending)
                />
            }
                .into_any()
        }}
        {next_href
            .map(|href| {
                view! {
                    <nav class="pagination" aria-label=i18n.t("pagination-label")>
                        <a href=href>{i18n.t("queue-next")}</a>
                    </nav>
                }
            })}
    }
}

/// One of the queue's select filters, "any" first.
pub(super) fn filter_select(
    i18n: I18n,
    name: &'static str,
    label: &'static str,
    options: impl IntoView + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=name>{i18n.t(label)}</label>
            <select class="select" id=name name=name>
                <option value="">{i18n.t("queue-any")}</option>
                {options}
            </select>
        </div>
    }
}
