//! Consent pages: the purposes grouped by agency with the person's state,
//! one page per decision (grant or withdraw, with what it means and one
//! button), the receipt of each change and the full history. The person
//! acted for travels in the URL (`?for=`), so every page works without
//! JavaScript and without session state.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

mod decision;
mod flags;
mod overview;
mod records;

pub use decision::ConsentDecisionPage;
pub use flags::ConsentFlagsPage;
pub use overview::ConsentPage;
pub use records::{ConsentHistoryPage, ConsentReceiptPage};

use crate::{
    api::consent::Acting,
    domain::{
        consent::{ConsentState, Purpose},
        sharing::Named,
    },
    i18n::{I18n, use_i18n},
};

fn names(list: &[Named], i18n: I18n) -> String {
    list.iter()
        .map(|n| n.name(i18n.lang).to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `for` query parameter: the representation link acted through.
fn acting_for() -> Memo<Option<i64>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("for").and_then(|v| v.parse().ok()))
}

/// A route parameter and the acting-for parameter, for a resource's source.
fn param_and_for(name: &'static str) -> impl Fn() -> (String, Option<i64>) + Copy {
    let params = use_params_map();
    let acting_for = acting_for();
    move || {
        (
            params.read().get(name).unwrap_or_default(),
            acting_for.get(),
        )
    }
}

fn state_key(state: Option<ConsentState>) -> &'static str {
    state.map_or("consent-state-none", ConsentState::message_id)
}

/// "You are acting for …", with the way back to one's own consents.
#[component]
fn ActingBanner(acting: Option<Acting>) -> impl IntoView {
    let i18n = use_i18n();
    acting.map(|acting| {
        let kind = i18n.t(acting.link.kind.message_id());
        let age = acting
            .age
            .map(|age| i18n.t_with("consent-acting-age", &[("age", age.to_string())]))
            .unwrap_or_default();
        view! {
            <div class="acting-banner" role="region" aria-label=i18n.t("consent-acting-label")>
                <p>
                    <strong>
                        {i18n.t_with("consent-acting-for", &[("name", acting.link.name.clone())])}
                    </strong>
                    " ("
                    {kind}
                    {age}
                    ")"
                </p>
                <p>
                    <a href="/consent">{i18n.t("consent-acting-stop")}</a>
                </p>
            </div>
        }
    })
}

/// What the person agrees to, in full: for the decision page and receipts.
#[component]
fn PurposeFacts(purpose: Purpose) -> impl IntoView {
    let i18n = use_i18n();
    let validity = match purpose.validity_months {
        Some(months) => i18n.t_with("consent-validity-months", &[("months", months.to_string())]),
        None => i18n.t("consent-validity-open"),
    };
    let controller = purpose
        .controller
        .as_ref()
        .map(|c| c.name(i18n.lang).to_owned())
        .unwrap_or_else(|| i18n.t("consent-any-agency"));
    view! {
        <dl class="summary-list">
            <div class="summary-list-row">
                <dt>{i18n.t("consent-controller")}</dt>
                <dd>{controller}</dd>
            </div>
            {(!purpose.processors.is_empty())
                .then(|| {
                    view! {
                        <div class="summary-list-row">
                            <dt>{i18n.t("consent-processors")}</dt>
                            <dd>{names(&purpose.processors, i18n)}</dd>
                        </div>
                    }
                })}
            <div class="summary-list-row">
                <dt>{i18n.t("consent-data")}</dt>
                <dd>{names(&purpose.categories, i18n)}</dd>
            </div>
            <div class="summary-list-row">
                <dt>{i18n.t("consent-legal-basis")}</dt>
                <dd>{purpose.legal_basis.name(i18n.lang).to_owned()}</dd>
            </div>
            <div class="summary-list-row">
                <dt>{i18n.t("consent-validity")}</dt>
                <dd>{validity}</dd>
            </div>
        </dl>
    }
}
