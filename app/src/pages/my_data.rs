//! The signed-in person's data: an overview, who holds it, the sharing
//! timeline (filters and keyset pages in the URL, so everything works
//! without JavaScript) and one event in full.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    api::{
        find_data_overview, find_sharing_event, list_holdings, list_sharing_events,
        sharing::{DataOverview, TimelinePage},
    },
    components::{ErrorMessage, Loaded},
    domain::{
        Lang,
        datetime::{
            day_bounds, format_date, format_date_long, format_time, iso_date, iso_datetime,
        },
        sharing::{
            Holding, Named, Outcome, SharingEventView, SharingFilter, TimelineChoices,
            TimelineEntry,
        },
    },
    i18n::{I18n, use_i18n},
};

fn names(list: &[Named], lang: Lang) -> String {
    list.iter()
        .map(|n| n.name(lang).to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The plain sentence of an event: who received what from whom.
fn sentence(i18n: I18n, outcome: Outcome, provider: &Named, recipient: &Named) -> String {
    let key = match outcome {
        Outcome::Provided => "sharing-sentence-provided",
        Outcome::Refused => "sharing-sentence-refused",
    };
    i18n.t_with(
        key,
        &[
            ("recipient", recipient.name(i18n.lang).to_owned()),
            ("provider", provider.name(i18n.lang).to_owned()),
        ],
    )
}

/// `/data`: what the service knows about the person's data.
#[component]
pub fn DataOverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| find_data_overview());
    let show = move |o: DataOverview| {
        let agencies = names(&o.agencies, i18n.lang);
        view! {
            <div class="card-grid">
                <section class="card" aria-labelledby="holders-heading">
                    <h2 id="holders-heading">{i18n.t("data-holders-heading")}</h2>
                    <p>
                        {i18n
                            .t_with(
                                "data-holders-count",
                                &[("count", o.agencies.len().to_string())],
                            )}
                    </p>
                    <p class="hint">{agencies}</p>
                    <p>
                        <A href="/data/holdings">{i18n.t("data-holders-link")}</A>
                    </p>
                </section>
                <section class="card" aria-labelledby="shared-heading">
                    <h2 id="shared-heading">{i18n.t("data-shared-heading")}</h2>
                    <p>
                        {i18n
                            .t_with(
                                "data-shared-recent",
                                &[("count", o.recent_events.to_string())],
                            )}
                    </p>
                    {o
                        .latest
                        .map(|e| {
                            view! {
                                <p class="hint">
                                    {i18n.t("data-shared-latest")} " "
                                    {sentence(i18n, e.outcome, &e.provider, &e.recipient)}
                                </p>
                            }
                        })}
                    <p>
                        <A href="/data/sharing">{i18n.t("data-shared-link")}</A>
                    </p>
                </section>
            </div>
            <h2>{i18n.t("data-export-heading")}</h2>
            <p>{i18n.t("data-export-body")}</p>
            <ul class="list-bullet">
                <li>
                    <a href="/data/export.csv" rel="external" download>
                        {i18n.t("data-export-csv")}
                    </a>
                </li>
                <li>
                    <a href="/data/export.json" rel="external" download>
                        {i18n.t("data-export-json")}
                    </a>
                </li>
                <li>
                    <a href="/data/proof.json" rel="external" download>
                        {i18n.t("data-export-proof")}
                    </a>
                </li>
            </ul>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("data-title") />
        <h1>{i18n.t("data-title")}</h1>
        <p class="lead">{i18n.t("data-lead")}</p>
        <Loaded resource=overview content=show />
    }
}

/// `/data/holdings`: who holds the person's data, grouped by agency.
#[component]
pub fn HoldingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let holdings = Resource::new(|| (), |_| list_holdings());
    let show = move |list: Vec<Holding>| {
        if list.is_empty() {
            view! { <p>{i18n.t("holdings-empty")}</p> }.into_any()
        } else {
            view! { <HoldingsByAgency holdings=list /> }.into_any()
        }
    };
    view! {
        <leptos_meta::Title text=i18n.title("holdings-title") />
        <p>
            <A href="/data" attr:class="back-link">
                {i18n.t("data-back")}
            </A>
        </p>
        <h1>{i18n.t("holdings-title")}</h1>
        <p class="lead">{i18n.t("holdings-lead")}</p>
        <Loaded resource=holdings content=show />
    }
}

#[component]
fn HoldingsByAgency(holdings: Vec<Holding>) -> impl IntoView {
    let i18n = use_i18n();
    let mut groups: Vec<(Named, Vec<Holding>)> = Vec::new();
    for holding in holdings {
        match groups
            .iter_mut()
            .find(|(agency, _)| agency.code == holding.agency.code)
        {
            Some((_, list)) => list.push(holding),
            None => groups.push((holding.agency.clone(), vec![holding])),
        }
    }
    groups
        .into_iter()
        .map(|(agency, list)| {
            let items = list
                .into_iter()
                .map(|h| {
                    let retention = match h.retention_months {
                        Some(months) => i18n.t_with(
                            "holdings-retention-months",
                            &[("months", months.to_string())],
                        ),
                        None => i18n.t("holdings-retention-law"),
                    };
                    view! {
                        <div class="holding">
                            <h3>{h.system.name(i18n.lang).to_owned()}</h3>
                            <dl class="summary-list">
                                <div class="summary-list-row">
                                    <dt>{i18n.t("holdings-categories")}</dt>
                                    <dd>{names(&h.categories, i18n.lang)}</dd>
                                </div>
                                <div class="summary-list-row">
                                    <dt>{i18n.t("holdings-purpose")}</dt>
                                    <dd>{h.purpose.name(i18n.lang).to_owned()}</dd>
                                </div>
                                <div class="summary-list-row">
                                    <dt>{i18n.t("holdings-legal-basis")}</dt>
                                    <dd>{h.legal_basis.name(i18n.lang).to_owned()}</dd>
                                </div>
                                <div class="summary-list-row">
                                    <dt>{i18n.t("holdings-retention")}</dt>
                                    <dd>{retention}</dd>
                                </div>
                                {h
                                    .source
                                    .map(|source| {
                                        view! {
                                            <div class="summary-list-row">
                                                <dt>{i18n.t("holdings-source")}</dt>
                                                <dd>{source.name(i18n.lang).to_owned()}</dd>
                                            </div>
                                        }
                                    })}
                                <div class="summary-list-row">
                                    <dt>{i18n.t("holdings-updated")}</dt>
                                    <dd>
                                        <time datetime=iso_datetime(
                                            h.updated_at,
                                        )>{format_date(h.updated_at, i18n.lang)}</time>
                                    </dd>
                                </div>
                            </dl>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="agency-group">
                    <h2>{agency.name(i18n.lang).to_owned()}</h2>
                    {items}
                </section>
            }
        })
        .collect_view()
}

/// The timeline's filters as they stand in the URL.
fn filter_from_query(get: impl Fn(&str) -> Option<String>) -> SharingFilter {
    let text = |name: &str| {
        get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    SharingFilter {
        agency: text("agency"),
        category: text("category"),
        purpose: text("purpose"),
        from: text("from")
            .and_then(|d| day_bounds(&d))
            .map(|(start, _)| start),
        until: text("until")
            .and_then(|d| day_bounds(&d))
            .map(|(_, end)| end),
    }
}

/// `/data/sharing`: who shared the person's data, newest first.
#[component]
pub fn SharingLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            let q = query.get();
            (
                filter_from_query(|name| q.get(name)),
                q.get("cursor"),
                q.get("newer"),
            )
        },
        |(filter, cursor, newer)| list_sharing_events(filter, cursor, newer),
    );
    let filtered = move || {
        let q = query.read();
        ["agency", "category", "purpose", "from", "until"]
            .iter()
            .any(|name| q.get(name).is_some_and(|v| !v.is_empty()))
    };
    let show = move |page: TimelinePage| {
        view! {
            <Filters choices=page.choices.clone() />
            <Timeline page filtered=filtered() />
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("sharing-title") />
        <p>
            <A href="/data" attr:class="back-link">
                {i18n.t("data-back")}
            </A>
        </p>
        <h1>{i18n.t("sharing-title")}</h1>
        <p class="lead">{i18n.t("sharing-lead")}</p>
        <Loaded resource=page content=show />
    }
}

/// The filter form (GET, so it works without JavaScript and the filters
/// stay in the URL): lists of the agencies in the person's log and of the
/// registry's kinds of data and purposes, and a date range.
#[component]
fn Filters(choices: TimelineChoices) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let value = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let select = move |name: &'static str, label: &'static str, list: Vec<Named>| {
        let current = value(name);
        let options = list
            .into_iter()
            .map(|item| {
                let selected = item.code == current;
                view! {
                    <option value=item.code.clone() selected=selected>
                        {item.name(i18n.lang).to_owned()}
                    </option>
                }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for=name>{i18n.t(label)}</label>
                <select class="select" id=name name=name>
                    <option value="" selected=current.is_empty()>
                        {i18n.t("sharing-filter-any")}
                    </option>
                    {options}
                </select>
            </div>
        }
    };
    view! {
        <form method="get" action="/data/sharing" class="filters">
            <h2 class="filters-heading">{i18n.t("sharing-filter-heading")}</h2>
            <div class="filter-fields">
                {select("agency", "sharing-filter-agency", choices.agencies)}
                {select("category", "sharing-filter-category", choices.categories)}
                {select("purpose", "sharing-filter-purpose", choices.purposes)} <div class="field">
                    <label for="from">{i18n.t("sharing-filter-from")}</label>
                    <input class="input" type="date" id="from" name="from" value=value("from") />
                </div> <div class="field">
                    <label for="until">{i18n.t("sharing-filter-until")}</label>
                    <input class="input" type="date" id="until" name="until" value=value("until") />
                </div>
            </div>
            <div class="button-group">
                <button type="submit" class="button">
                    {i18n.t("sharing-filter-apply")}
                </button>
                <a href="/data/sharing" class="button button-secondary">
                    {i18n.t("sharing-filter-clear")}
                </a>
            </div>
        </form>
    }
}

#[component]
fn Timeline(page: TimelinePage, filtered: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    if page.events.is_empty() {
        let key = if filtered {
            "sharing-empty-filtered"
        } else {
            "sharing-empty"
        };
        return view! { <p>{i18n.t(key)}</p> }.into_any();
    }
    let mut days: Vec<(String, Vec<TimelineEntry>)> = Vec::new();
    for event in page.events {
        let day = iso_date(event.occurred_at);
        match days.last_mut() {
            Some((last, list)) if *last == day => list.push(event),
            _ => days.push((day, vec![event])),
        }
    }
    // Links keep the filters and change only the place.
    let page_href = |name: &str, cursor: String| {
        let q = query.read_untracked();
        let mut pairs: Vec<(String, String)> = ["agency", "category", "purpose", "from", "until"]
            .iter()
            .filter_map(|key| {
                q.get(key)
                    .filter(|v| !v.is_empty())
                    .map(|v| ((*key).to_owned(), v))
            })
            .collect();
        pairs.push((name.to_owned(), cursor));
        let encoded: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::domain::links::query_value(v)))
            .collect();
        format!("/data/sharing?{}", encoded.join("&"))
    };
    let older_href = page.older.map(|cursor| page_href("cursor", cursor));
    let newer_href = page.newer.map(|cursor| page_href("newer", cursor));
    // The same words on every row: looked up once.
    let details = i18n.t("sharing-details-link");
    let groups = days
        .into_iter()
        .map(|(_, events)| {
            let heading = format_date_long(events[0].occurred_at, i18n.lang);
            let items = events
                .into_iter()
                .map(|e| {
                    let href = format!("/data/sharing/{}", e.seq);
                    view! {
                        <li class="timeline-item">
                            <p class="timeline-sentence">
                                {sentence(i18n, e.outcome, &e.provider, &e.recipient)}
                            </p>
                            {e
                                .consent_flag
                                .map(|flag| {
                                    view! {
                                        <p class="flag">
                                            <strong class="tag tag-warning">
                                                {i18n.t("consent-flag-tag")}
                                            </strong>
                                            " "
                                            {i18n.t(flag.message_id())}
                                        </p>
                                    }
                                })}
                            <p class="timeline-meta">
                                <time datetime=iso_datetime(
                                    e.occurred_at,
                                )>{format_time(e.occurred_at, i18n.lang)}</time>
                                " · "
                                {names(&e.categories, i18n.lang)}
                                " · "
                                {e.purpose.name(i18n.lang).to_owned()}
                            </p>
                            <p>
                                <a href=href>{details.clone()}</a>
                            </p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="timeline-day">
                    <h2 class="timeline-date">{heading}</h2>
                    <ul class="timeline">{items}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        {groups}
        <nav class="pagination" aria-label=i18n.t("sharing-pagination-label")>
            <ul>
                {newer_href
                    .map(|href| {
                        view! {
                            <li>
                                <a href=href rel="prev">
                                    {i18n.t("sharing-newer")}
                                </a>
                            </li>
                        }
                    })}
                {older_href
                    .map(|href| {
                        view! {
                            <li>
                                <a href=href rel="next">
                                    {i18n.t("sharing-older")}
                                </a>
                            </li>
                        }
                    })}
            </ul>
        </nav>
    }
    .into_any()
}

/// `/data/sharing/{seq}`: one event in full.
#[component]
pub fn SharingEventPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let event = Resource::new(
        move || {
            params
                .get()
                .get("seq")
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(0)
        },
        find_sharing_event,
    );
    view! {
        <leptos_meta::Title text=i18n.title("event-title") />
        <p>
            <A href="/data/sharing" attr:class="back-link">
                {i18n.t("event-back")}
            </A>
        </p>
        <Suspense fallback=move || {
            view! { <p>{i18n.t("loading")}</p> }
        }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(e) => view! { <EventDetails event=e /> }.into_any(),
                    Err(error) => {
                        view! {
                            <h1>{i18n.t("event-title")}</h1>
                            <ErrorMessage error />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventDetails(event: SharingEventView) -> impl IntoView {
    let i18n = use_i18n();
    let row = |label: &'static str, value: String| {
        view! {
            <div class="summary-list-row">
                <dt>{i18n.t(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let system = |s: &Option<Named>| {
        s.as_ref()
            .map(|s| s.name(i18n.lang).to_owned())
            .unwrap_or_else(|| i18n.t("event-not-given"))
    };
    let deferred = event.visible_from.map(|at| {
        view! {
            <p class="inset">
                {i18n.t_with("event-deferred", &[("date", format_date(at, i18n.lang))])}
            </p>
        }
    });
    let flag = event.consent_flag.map(|flag| {
        view! {
            <p class="inset flag">
                <strong class="tag tag-warning">{i18n.t("consent-flag-tag")}</strong>
                " "
                {i18n.t(flag.message_id())}
            </p>
        }
    });
    view! {
        <h1>{i18n.t("event-title")}</h1>
        <p class="lead">{sentence(i18n, event.outcome, &event.provider, &event.recipient)}</p>
        {deferred}
        {flag}
        <dl class="summary-list">
            <div class="summary-list-row">
                <dt>{i18n.t("event-time")}</dt>
                <dd>
                    <time datetime=iso_datetime(
                        event.occurred_at,
                    )>
                        {crate::domain::datetime::format_datetime(event.occurred_at, i18n.lang)}
                    </time>
                </dd>
            </div>
            <div class="summary-list-row">
                <dt>{i18n.t("event-received")}</dt>
                <dd>
                    <time datetime=iso_datetime(
                        event.received_at,
                    )>
                        {crate::domain::datetime::format_datetime(event.received_at, i18n.lang)}
                    </time>
                    {event
                        .late_by_days
                        .map(|days| {
                            view! {
                                " "
                                <strong class="tag tag-warning">
                                    {i18n.t_with("event-late", &[("days", days.to_string())])}
                                </strong>
                            }
                        })}
                </dd>
            </div>
            {row(
                "event-provider",
                format!(
                    "{} ({})",
                    event.provider.name(i18n.lang),
                    event.provider_system.name(i18n.lang),
                ),
            )}
            {row(
                "event-recipient",
                format!("{} ({})", event.recipient.name(i18n.lang), system(&event.recipient_system)),
            )}
            {row("event-categories", names(&event.categories, i18n.lang))}
            {row("event-purpose", event.purpose.name(i18n.lang).to_owned())}
            {row("event-legal-basis", event.legal_basis.name(i18n.lang).to_owned())}
            {row("event-method", i18n.t(event.method.message_id()))}
            {row("event-mode", i18n.t(event.mode.message_id()))}
            {row("event-outcome", i18n.t(event.outcome.message_id()))}
            {row(
                "event-request-reference",
                event.request_reference.clone().unwrap_or_else(|| i18n.t("event-not-given")),
            )}
            {row(
                "event-official",
                event.official_code.clone().unwrap_or_else(|| i18n.t("event-not-given")),
            )}
            {row("event-reference", format!("{} · #{}", event.event_id, event.seq))}
        </dl>
        <h2>{i18n.t("event-integrity-heading")}</h2>
        <p>{i18n.t("event-integrity-body")}</p>
        <p>
            <code class="break-words">{event.chain_hash.clone()}</code>
        </p>
    }
}
