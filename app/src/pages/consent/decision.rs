//! `/consent/purposes/:purpose`: one decision, with what it means.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{ActingBanner, PurposeFacts, acting_for, param_and_for};
use crate::{
    api::consent::Acting, api::consent::GrantConsent, api::consent::PurposeLine,
    api::consent::WithdrawConsent, api::consent::with_for, api::find_consent_purpose,
    components::CsrfField, components::ErrorMessage, components::Loaded,
    domain::consent::ConsentState, domain::consent::REPRESENTATION_RULES, i18n::use_i18n,
};

/// `/consent/purposes/:purpose`: grant or withdraw one purpose, with what
/// it means and one button; cancel goes back.
#[component]
pub fn ConsentDecisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let acting_for = acting_for();
    let purpose = Resource::new(param_and_for("purpose"), |(code, acting_for)| {
        find_consent_purpose(code, acting_for)
    });
    let grant = ServerAction::<GrantConsent>::new();
    let withdraw = ServerAction::<WithdrawConsent>::new();
    let failure = move || {
        grant
            .value()
            .get()
            .or_else(|| withdraw.value().get())
            .and_then(Result::err)
            .map(|error| view! { <ErrorMessage error /> })
    };
    let show = move |(line, acting): (PurposeLine, Option<Acting>)| {
        let for_id = acting_for.get_untracked();
        if line.purpose.rests_on_consent {
            let p = line.purpose;
            let active = line.status.as_ref().map(|s| s.state) == Some(ConsentState::Active);
            let name = p.purpose.name(i18n.lang).to_owned();
            let controller = p
                .controller
                .as_ref()
                .map(|c| c.name(i18n.lang).to_owned())
                .unwrap_or_default();
            let needs_child = acting.as_ref().is_some_and(|a| a.needs_child_agreement);
            let child_name = acting
                .as_ref()
                .map(|a| a.link.name.clone())
                .unwrap_or_default();
            let code = p.purpose.code.clone();
            let cancel = with_for("/consent", for_id);
            let heading_key = if active {
                "consent-withdraw-heading"
            } else {
                "consent-grant-heading"
            };
            let form = if active {
                view! {
                    <ActionForm action=withdraw>
                        <CsrfField />
                        <input type="hidden" name="purpose" value=code />
                        {for_id
                            .map(|id| {
                                view! { <input type="hidden" name="acting_for" value=id /> }
                            })}
                        <div class="inset">
                            <p>
                                {i18n
                                    .t_with(
                                        "consent-withdraw-effect",
                                        &[("agency", controller.clone())],
                                    )}
                            </p>
                            <p>{i18n.t("consent-withdraw-before")}</p>
                        </div>
                        <div class="button-group">
                            <button type="submit" class="button">
                                {i18n.t("consent-withdraw-button")}
                            </button>
                            <a href=cancel>{i18n.t("consent-cancel")}</a>
                        </div>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! {
                    <ActionForm action=grant>
                        <CsrfField />
                        <input type="hidden" name="purpose" value=code />
                        {for_id
                            .map(|id| {
                                view! { <input type="hidden" name="acting_for" value=id /> }
                            })}
                        <div class="inset">
                            <p>{i18n.t("consent-grant-effect")}</p>
                        </div>
                        {needs_child
                            .then(|| {
                                view! {
                                    <fieldset class="fieldset">
                                        <legend>{i18n.t("consent-child-legend")}</legend>
                                        <p class="hint">
                                            {i18n
                                                .t_with(
                                                    "consent-child-hint",
                                                    &[
                                                        (
                                                            "age",
                                                            REPRESENTATION_RULES.child_agreement_from_age.to_string(),
                                                        ),
                                                    ],
                                                )} " "
                                            {match i18n.lang {
                                                crate::domain::Lang::Vi => {
                                                    REPRESENTATION_RULES.child_agreement_citation_vi
                                                }
                                                crate::domain::Lang::En => {
                                                    REPRESENTATION_RULES.child_agreement_citation_en
                                                }
                                            }}
                                        </p>
                                        <div class="radio">
                                            <input
                                                type="checkbox"
                                                id="child-agreed"
                                                name="child_agreed"
                                                value="yes"
                                            />
                                            <label for="child-agreed">
                                                {i18n
                                                    .t_with("consent-child-agreed", &[("name", child_name)])}
                                            </label>
                                        </div>
                                    </fieldset>
                                }
                            })}
                        <div class="button-group">
                            <button type="submit" class="button">
                                {i18n.t("consent-grant-button")}
                            </button>
                            <a href=cancel>{i18n.t("consent-cancel")}</a>
                        </div>
                    </ActionForm>
                }
                                .into_any()
            };
            view! {
                <ActingBanner acting />
                <h1>
                    <span class="caption">{i18n.t(heading_key)}</span>
                    " "
                    {name}
                </h1>
                <p class="lead">{p.description(i18n.lang).to_owned()}</p>
                <PurposeFacts purpose=p />
                {form}
            }
            .into_any()
        } else {
            view! {
                <h1>{line.purpose.purpose.name(i18n.lang).to_owned()}</h1>
                <p>{i18n.t("consent-error-not-consent-based")}</p>
                <PurposeFacts purpose=line.purpose />
            }
            .into_any()
        }
    };
    view! {
        <leptos_meta::Title text=i18n.title("consent-decision-title") />
        <p>
            <A href=move || with_for("/consent", acting_for.get()) attr:class="back-link">
                {i18n.t("consent-back")}
            </A>
        </p>
        {failure}
        <Loaded resource=purpose content=show />
    }
}
