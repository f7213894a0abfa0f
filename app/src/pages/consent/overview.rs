//! `/consent`: the purposes grouped by agency, with the person's state.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{ActingBanner, acting_for, names, state_key};
use crate::{
    api::consent::ConsentOverview, api::consent::PurposeLine, api::consent::with_for,
    api::find_consent_overview, components::Loaded, domain::consent::ConsentState,
    domain::datetime::format_date, domain::sharing::Named, i18n::use_i18n,
};

/// `/consent`: every purpose, grouped by agency, with the person's state.
#[component]
pub fn ConsentPage() -> impl IntoView {
    let i18n = use_i18n();
    let acting_for = acting_for();
    let overview = Resource::new(move || acting_for.get(), find_consent_overview);
    let show = move |o: ConsentOverview| {
        let for_id = acting_for.get_untracked();

        let switch = (!o.representations.is_empty()).then(|| {
            let links = o
                .representations
                .iter()
                .map(|link| {
                    view! {
                        <li>
                            <a href=with_for(
                                "/consent",
                                Some(link.id),
                            )>{i18n.t_with("consent-act-for", &[("name", link.name.clone())])}</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <nav class="inset" aria-labelledby="acting-heading">
                    <h2 id="acting-heading">{i18n.t("consent-acting-heading")}</h2>
                    <p>{i18n.t("consent-acting-hint")}</p>
                    <ul class="list-bullet">{links}</ul>
                </nav>
            }
        });
        let (consent, other): (Vec<PurposeLine>, Vec<PurposeLine>) = o
            .purposes
            .into_iter()
            .partition(|line| line.purpose.rests_on_consent);
        view! {
            <ActingBanner acting=o.acting />
            {switch}
            <p>
                <A href=with_for("/consent/history", for_id)>{i18n.t("consent-history-link")}</A>
            </p>
            <h2>{i18n.t("consent-choices-heading")}</h2>
            <ByAgency lines=consent acting_for=for_id />
            <h2>{i18n.t("consent-other-heading")}</h2>
            <p>{i18n.t("consent-other-lead")}</p>
            <ByAgency lines=other acting_for=for_id />
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("consent-title") />
        <h1>{i18n.t("consent-title")}</h1>
        <p class="lead">{i18n.t("consent-lead")}</p>
        <Loaded resource=overview content=show />
    }
}

/// Purposes under their controlling agency's name.
#[component]
fn ByAgency(lines: Vec<PurposeLine>, acting_for: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let mut groups: Vec<(Option<Named>, Vec<PurposeLine>)> = Vec::new();
    for line in lines {
        let controller = line.purpose.controller.clone();
        match groups.iter_mut().find(|(agency, _)| {
            agency.as_ref().map(|a| &a.code) == controller.as_ref().map(|a| &a.code)
        }) {
            Some((_, list)) => list.push(line),
            None => groups.push((controller, vec![line])),
        }
    }
    groups
        .into_iter()
        .map(|(agency, list)| {
            let heading = agency
                .map(|a| a.name(i18n.lang).to_owned())
                .unwrap_or_else(|| i18n.t("consent-any-agency"));
            let items = list
                .into_iter()
                .map(|line| view! { <PurposeCard line acting_for /> })
                .collect_view();
            view! {
                <section class="agency-group">
                    <h3>{heading}</h3>
                    {items}
                </section>
            }
        })
        .collect_view()
}

#[component]
fn PurposeCard(line: PurposeLine, acting_for: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let p = line.purpose;
    let state = line.status.as_ref().map(|s| s.state);
    let name = p.purpose.name(i18n.lang).to_owned();
    let status_text = line.status.as_ref().map(|s| {
        let date = format_date(s.updated_at, i18n.lang);
        match (s.state, s.valid_until) {
            (ConsentState::Active, Some(until)) => i18n.t_with(
                "consent-active-until",
                &[("since", date), ("until", format_date(until, i18n.lang))],
            ),
            _ => i18n.t_with("consent-since", &[("date", date)]),
        }
    });
    let action = p.rests_on_consent.then(|| {
        let (key, class) = if state == Some(ConsentState::Active) {
            ("consent-withdraw-link", "button button-secondary")
        } else {
            ("consent-grant-link", "button")
        };
        let href = with_for(&format!("/consent/purposes/{}", p.purpose.code), acting_for);
        view! {
            <p>
                <a href=href class=class>
                    {i18n.t(key)}
                    <span class="visually-hidden">": " {name.clone()}</span>
                </a>
            </p>
        }
    });
    view! {
        <article class="purpose-card">
            <h4>{name.clone()}</h4>
            {p
                .rests_on_consent
                .then(|| {
                    view! {
                        <p>
                            <strong class="tag">{i18n.t(state_key(state))}</strong>
                            " "
                            {status_text}
                        </p>
                    }
                })}
            <p>{p.description(i18n.lang).to_owned()}</p>
            <dl class="summary-list">
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-data")}</dt>
                    <dd>{names(&p.categories, i18n)}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-legal-basis")}</dt>
                    <dd>{p.legal_basis.name(i18n.lang).to_owned()}</dd>
                </div>
            </dl>
            {action}
        </article>
    }
}
