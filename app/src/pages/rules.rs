//! `/rules`: every deadline rule and every refusal ground, with its legal
//! source, in the visitor's language. Public: citizens, officers and the
//! press read the same clocks the application counts with.

use leptos::prelude::*;

use crate::{
    components::DataTable,
    domain::deadlines::{Clock, Period, REQUEST_RULES},
    domain::requests::GROUNDS,
    i18n::{I18n, use_i18n},
};

fn period(i18n: I18n, period: &Period) -> String {
    format!("{} {}", period.amount, i18n.t(period.unit.message_id()))
}

/// Names in a sentence: "Access, Correction".
fn listed(names: impl Iterator<Item = String>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

/// `/rules`: the law's clocks and the grounds for a refusal.
#[component]
pub fn RulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let rules = REQUEST_RULES
        .iter()
        .map(|rule| {
            let longer = rule
                .decide_with_third_party
                .map(|p| period(i18n, &p))
                .unwrap_or_else(|| i18n.t("rules-no-longer-period"));
            let decide = match rule.clock {
                Clock::Receipt => period(i18n, &rule.decide),
                Clock::Acceptance => i18n.t_with(
                    "rules-from-acceptance",
                    &[("period", period(i18n, &rule.decide))],
                ),
            };
            view! {
                <tr>
                    <th scope="row">{i18n.t(rule.kind.message_id())}</th>
                    <td>{period(i18n, &rule.acknowledge)}</td>
                    <td>{decide}</td>
                    <td>{longer}</td>
                    <td>{period(i18n, &rule.extension)}</td>
                    <td>{rule.decide.citation.text(i18n.lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let grounds = GROUNDS
        .iter()
        .map(|ground| {
            let kinds = listed(ground.kinds.iter().map(|kind| i18n.t(kind.message_id())));
            let decisions = listed(ground.decisions.iter().map(|d| i18n.t(d.message_id())));
            view! {
                <tr>
                    <td>{ground.text(i18n.lang)}</td>
                    <td>{decisions}</td>
                    <td>{kinds}</td>
                    <td>{ground.citation(i18n.lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <leptos_meta::Title text=i18n.title("rules-title") />
        <h1>{i18n.t("rules-title")}</h1>
        <p class="lead">{i18n.t("rules-lead")}</p>
        <h2>{i18n.t("rules-deadlines-heading")}</h2>
        <DataTable
            caption=i18n.t("rules-deadlines-heading")
            hide_caption=true
            columns=vec![
                "rules-col-kind",
                "rules-col-acknowledge",
                "rules-col-decide",
                "rules-col-longer",
                "rules-col-extension",
                "rules-col-source",
            ]
        >
            {rules}
        </DataTable>
        <p>{i18n.t("rules-counting")}</p>
        <p class="hint">{i18n.t("rules-not-checked")}</p>
        <h2>{i18n.t("rules-grounds-heading")}</h2>
        <p>{i18n.t("rules-grounds-lead")}</p>
        <DataTable
            caption=i18n.t("rules-grounds-heading")
            hide_caption=true
            columns=vec![
                "rules-col-ground",
                "rules-col-decisions",
                "rules-col-kinds",
                "rules-col-source",
            ]
        >
            {grounds}
        </DataTable>
    }
}
