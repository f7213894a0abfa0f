//! What a request's page says about the law's clocks and who looked at
//! it: how each deadline was computed, which ground a refusal rests on and
//! what the person can do next, and the DPO office's views of the request.

use leptos::prelude::*;

use super::shared::long_date;
use crate::{
    api::requests::{Handler, RequestView},
    domain::{
        Lang,
        datetime::format_datetime,
        deadlines::{Explanation, Skipped},
        requests::{Decision, EventKind, ExplainedDeadlines, RequestKind, Viewing, ground},
    },
    i18n::{I18n, use_i18n},
};

/// One deadline in plain words: the rule, its source, the day counting
/// started, the days skipped.
fn explained(i18n: I18n, key: &'static str, explanation: Explanation) -> impl IntoView {
    let citation = match i18n.lang {
        Lang::Vi => explanation.citation_vi.clone(),
        Lang::En => explanation.citation_en.clone(),
    };
    let sentence = i18n.t_with(
        key,
        &[
            ("amount", explanation.amount.to_string()),
            ("unit", i18n.t(explanation.unit.message_id())),
            ("start", long_date(i18n, &explanation.start.iso())),
            ("end", long_date(i18n, &explanation.end.iso())),
            ("citation", citation),
        ],
    );
    let skipped = explanation
        .skipped
        .iter()
        .map(|(date, why)| {
            let why = match why {
                Skipped::Weekend => i18n.t("rule-skipped-weekend"),
                Skipped::DayOff { name_vi, name_en } => match i18n.lang {
                    Lang::Vi => name_vi.clone(),
                    Lang::En => name_en.clone(),
                },
            };
            view! { <li>{format!("{} — {why}", long_date(i18n, &date.iso()))}</li> }
        })
        .collect_view();
    let none = explanation.skipped.is_empty();
    view! {
        <p>{sentence}</p>
        {(!none)
            .then(|| {
                view! {
                    <p>{i18n.t("rule-skipped-heading")}</p>
                    <ul class="list-bullet">{skipped}</ul>
                }
            })}
        {(!explanation.checked).then(|| view! { <p class="hint">{i18n.t("rule-not-checked")}</p> })}
    }
}

/// "How these dates were computed", folded away until opened.
#[component]
pub(super) fn DeadlineExplanation(explained_deadlines: ExplainedDeadlines) -> impl IntoView {
    let i18n = use_i18n();
    let e = explained_deadlines;
    let decide_key = match (e.from_acceptance, e.accepted, e.third_party) {
        (true, true, _) => "rule-explain-decide-accepted",
        (true, false, _) => "rule-explain-decide-until-accepted",
        (false, _, true) => "rule-explain-decide-third-party",
        (false, _, false) => "rule-explain-decide",
    };
    view! {
        <details class="details">
            <summary>{i18n.t("rule-explain-summary")}</summary>
            <div class="details-text">
                {explained(i18n, "rule-explain-acknowledge", e.acknowledge)}
                {explained(i18n, decide_key, e.decide)}
                {e.extension.map(|extension| explained(i18n, "rule-explain-extension", extension))}
                <p>
                    <a href="/rules">{i18n.t("rule-all-link")}</a>
                </p>
            </div>
        </details>
    }
}

/// Who from the DPO office looked at the request.
#[component]
pub(super) fn Viewings(viewings: Vec<Viewing>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = viewings.is_empty();
    let items = viewings
        .into_iter()
        .map(|viewing| {
            let what = i18n.t_with(
                viewing.action.message_id(),
                &[
                    ("name", viewing.viewer_name.clone()),
                    ("time", format_datetime(viewing.at, i18n.lang)),
                ],
            );
            view! { <li>{what}</li> }
        })
        .collect_view();
    view! {
        <h2>{i18n.t("request-viewed-heading")}</h2>
        {if empty {
            view! { <p>{i18n.t("request-viewed-none")}</p> }.into_any()
        } else {
            view! { <ul class="list-bullet">{items}</ul> }.into_any()
        }}
    }
}

/// A refusal, wholly or in part, as the person reads it: the ground in
/// plain words with its source, and what they can do next.
#[component]
pub(super) fn DecisionGround(view_data: RequestView) -> impl IntoView {
    let i18n = use_i18n();
    let r = &view_data.record;
    let refused = matches!(
        r.decision,
        Some(Decision::Refused | Decision::PartlyGranted)
    );
    let last = view_data.events.iter().find(|event| {
        matches!(
            event.content.kind,
            EventKind::Decided | EventKind::NotAccepted
        )
    });
    let reason = last.and_then(|event| event.content.detail.reason.as_deref().and_then(ground));
    let not_accepted = last.is_some_and(|event| event.content.kind == EventKind::NotAccepted);
    let body = last
        .map(|event| event.content.body.clone())
        .unwrap_or_default();
    let complain = format!("/requests/new?kind=complaint&about={}", r.reference);
    let to = handler_name(i18n, &view_data.handler);
    let complaint = r.kind == RequestKind::Complaint;
    refused.then(|| {
        view! {
            <div class="inset">
                <h2>{i18n.t("request-ground-heading")}</h2>
                {reason
                    .map(|ground| {
                        view! {
                            <p>{ground.text(i18n.lang)}</p>
                            <p class="hint">{ground.citation(i18n.lang)}</p>
                        }
                    })}
                {not_accepted.then(|| view! { <p>{i18n.t("request-ground-not-accepted")}</p> })}
                {(!body.is_empty()).then(|| view! { <p class="preserve-lines">{body.clone()}</p> })}
                <h3>{i18n.t("request-ground-next-heading")}</h3>
                {if complaint {
                    view! { <p>{i18n.t("request-ground-next-complaint")}</p> }.into_any()
                } else {
                    view! {
                        <p>{i18n.t_with("request-ground-next", &[("to", to.clone())])}</p>
                        <p>
                            <a href=complain.clone()>{i18n.t("request-complain-link")}</a>
                        </p>
                    }
                        .into_any()
                }}
            </div>
        }
    })
}

fn handler_name(i18n: I18n, handler: &Handler) -> String {
    format!(
        "{}, {}",
        handler.officer.full_name,
        handler.officer.province.name(i18n.lang)
    )
}
