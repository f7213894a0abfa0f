//! `/dpo/requests/:reference`: a request in the queue, with the DPO's steps.

use leptos::prelude::*;
use leptos_router::components::A;

use super::shared::{MessageForm, RequestFacts, RequestTimeline, draft_error, reference_param};
use crate::{
    api::requests::{RequestView, TakeRequestStep, find_queue_request},
    components::{CsrfField, ErrorMessage, FreeText, IslandScripts, Loaded},
    domain::{
        deadlines::rule_for,
        requests::{Decision, RequestKind, RequestStatus, grounds_for, has_longer_period, is_open},
    },
    error::AppError,
    i18n::{I18n, use_i18n},
};

/// `/dpo/requests/:reference`: a request of the DPO's province, with
/// every step the DPO can take now.
#[component]
pub fn QueueRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let reference = reference_param();
    let step = ServerAction::<TakeRequestStep>::new();
    // Read again after each step (the step's redirect is to this page).
    let request = Resource::new(
        move || (reference.get(), step.version().get()),
        |(reference, _)| find_queue_request(reference),
    );
    let failure = move || step.value().get().and_then(Result::err);
    let show = move |v: RequestView| {
        let r = v.record.clone();
        let error = draft_error(&v.draft).or_else(failure);
        let typed = v.draft.as_ref().map(|d| d.get("text")).unwrap_or_default();
        view! {
            {draft_error(&v.draft).map(|error| view! { <ErrorMessage error /> })}
            <h1>
                <span class="caption">{i18n.t(r.kind.message_id())}</span>
                " "
                {r.reference.clone()}
            </h1>
            <RequestFacts view_data=v.clone() dpo=true />
            <h2>{i18n.t("queue-actions-heading")}</h2>
            <StepForms view_data=v.clone() action=step error=error.clone() />
            {(is_open(r.status) || r.status == RequestStatus::Decided)
                .then(|| {
                    view! {
                        <MessageForm
                            reference=r.reference.clone()
                            version=r.version
                            dpo=true
                            heading_key="request-message-heading"
                            error=error.clone()
                            text=typed.clone()
                        />
                    }
                })}
            <RequestTimeline
                events=v.events.clone()
                attachments=v.attachments.clone()
                chain_intact=v.chain_intact
            />
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("queue-request-title") />
        <p>
            <A href="/dpo/requests" attr:class="back-link">
                {i18n.t("queue-back")}
            </A>
        </p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <Loaded resource=request content=show />
    }
}

/// The DPO's steps that fit the request's status, each its own form.
#[component]
pub(super) fn StepForms(
    view_data: RequestView,
    action: ServerAction<TakeRequestStep>,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = view_data.record.clone();
    let status = r.status;
    let open = is_open(status);
    let reference = r.reference.clone();
    let version = r.version;
    let hidden = |step: &'static str| step_fields(reference.clone(), version, step);
    let (h_assign, h_acknowledge, h_ask, h_extend, h_decide, h_close, h_transfer) = (
        hidden("assign"),
        hidden("acknowledge"),
        hidden("request-information"),
        hidden("extend"),
        hidden("decide"),
        hidden("close"),
        hidden("transfer"),
    );
    let (h_accept, h_not_accept, h_third_party, h_recompute) = (
        hidden("accept"),
        hidden("not-accept"),
        hidden("third-party"),
        hidden("recompute"),
    );
    let recomputable = open && r.legacy_deadlines && r.first_decide_by.is_none();
    let complaint = r.kind == RequestKind::Complaint;
    let max_extension = rule_for(r.kind).extension.amount;
    let colleagues = view_data
        .colleagues
        .iter()
        .map(|c| {
            let label = if c.me {
                i18n.t_with("queue-assign-me", &[("name", c.name.clone())])
            } else {
                c.name.clone()
            };
            view! { <option value=c.token.clone()>{label}</option> }
        })
        .collect_view();
    let provinces = view_data
        .provinces
        .iter()
        .filter(|p| p.code != r.handler)
        .map(|p| view! { <option value=p.code.clone()>{p.name(i18n.lang).to_owned()}</option> })
        .collect_view();
    let reasons = grounds_for(r.kind)
        .map(|ground| {
            let fits = ground
                .decisions
                .iter()
                .map(|d| i18n.t(d.message_id()))
                .collect::<Vec<_>>()
                .join(", ");
            let label = format!(
                "{} ({}) — {fits}",
                ground.text(i18n.lang),
                ground.citation(i18n.lang)
            );
            view! { <option value=ground.code>{label}</option> }
        })
        .collect_view();
    let decisions = Decision::ALL
        .iter()
        .map(|d| {
            let id = format!("decision-{}", d.code());
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        name="decision"
                        id=id.clone()
                        value=d.code()
                        required=true
                    />
                    <label for=id>{i18n.t(d.message_id())}</label>
                </div>
            }
        })
        .collect_view();
    let t_ask = text_field(i18n, error.clone(), "ask-text", "queue-ask-label");
    let t_extend = text_field(i18n, error.clone(), "extend-text", "queue-extend-reason");
    let t_third_party = text_field(
        i18n,
        error.clone(),
        "third-party-text",
        "queue-third-party-reason",
    );
    let t_not_accept = text_field(
        i18n,
        error.clone(),
        "not-accept-text",
        "queue-not-accept-reason",
    );
    let longer = open && has_longer_period(r.kind) && !r.third_party;
    let t_transfer = text_field(
        i18n,
        error.clone(),
        "transfer-text",
        "queue-transfer-reason",
    );
    let extendable = open && status != RequestStatus::Submitted && r.first_decide_by.is_none();
    view! {
        <div class="step-forms">
            // The steps' text boxes count their characters.
            {open.then(|| view! { <IslandScripts /> })}
            {open
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_assign}
                            <div class="field">
                                <label for="assignee">{i18n.t("queue-assign-label")}</label>
                                <select class="select" id="assignee" name="assignee">
                                    <option value="me">{i18n.t("queue-assign-self")}</option>
                                    {colleagues}
                                </select>
                            </div>
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-assign-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(status == RequestStatus::Submitted && complaint)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_accept}
                            <p>{i18n.t("queue-accept-hint")}</p>
                            <button type="submit" class="button">
                                {i18n.t("queue-accept-button")}
                            </button>
                        </ActionForm>
                        <ActionForm action=action attr:class="step-form">
                            {h_not_accept}
                            {t_not_accept}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-not-accept-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {recomputable
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_recompute}
                            <p>{i18n.t("queue-recompute-hint")}</p>
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-recompute-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {longer
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_third_party}
                            <p>{i18n.t("queue-third-party-hint")}</p>
                            {t_third_party}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-third-party-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(status == RequestStatus::Submitted && !complaint)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_acknowledge}
                            <p>{i18n.t("queue-acknowledge-hint")}</p>
                            <button type="submit" class="button">
                                {i18n.t("queue-acknowledge-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(status == RequestStatus::Acknowledged)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_ask}
                            {t_ask}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-ask-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {extendable
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_extend}
                            <div class="field">
                                <label for="days">
                                    {i18n
                                        .t_with(
                                            "queue-extend-days",
                                            &[("max", max_extension.to_string())],
                                        )}
                                </label>
                                <input
                                    class="input input-short"
                                    type="number"
                                    min="1"
                                    max=max_extension
                                    id="days"
                                    name="days"
                                />
                            </div>
                            <div class="radio">
                                <input
                                    type="checkbox"
                                    id="complex"
                                    name="complex"
                                    value="yes"
                                    required=true
                                />
                                <label for="complex">{i18n.t("queue-extend-complex")}</label>
                            </div>
                            {t_extend}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-extend-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(open && status != RequestStatus::Submitted)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_decide}
                            <fieldset class="fieldset">
                                <legend>{i18n.t("queue-decide-legend")}</legend>
                                {decisions}
                            </fieldset>
                            <div class="field">
                                <label for="reason">{i18n.t("queue-reason-label")}</label>
                                <select class="select" id="reason" name="reason">
                                    {reasons}
                                </select>
                            </div>
                            <FreeText
                                id="decide-text"
                                name="text"
                                label=i18n.t("queue-decide-text")
                                rows=4
                                error=None
                            />
                            <button type="submit" class="button">
                                {i18n.t("queue-decide-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {(status == RequestStatus::Decided)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_close}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-close-button")}
                            </button>
                        </ActionForm>
                    }
                })}
            {matches!(status, RequestStatus::Submitted | RequestStatus::Acknowledged)
                .then(move || {
                    view! {
                        <ActionForm action=action attr:class="step-form">
                            {h_transfer}
                            <div class="field">
                                <label for="transfer-province">
                                    {i18n.t("queue-transfer-label")}
                                </label>
                                <select class="select" id="transfer-province" name="province">
                                    {provinces}
                                </select>
                            </div>
                            {t_transfer}
                            <button type="submit" class="button button-secondary">
                                {i18n.t("queue-transfer-button")}
                            </button>
                        </ActionForm>
                    }
                })}
        </div>
    }
}

/// What every step form carries: the request, the version it was shown
/// at (a change since is a conflict), the step.
pub(super) fn step_fields(reference: String, version: i64, step: &'static str) -> impl IntoView {
    view! {
        <CsrfField />
        <input type="hidden" name="reference" value=reference />
        <input type="hidden" name="version" value=version />
        <input type="hidden" name="step" value=step />
    }
}

/// A step's free text.
pub(super) fn text_field(
    i18n: I18n,
    error: Option<AppError>,
    id: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! { <FreeText id name="text" label=i18n.t(label) rows=3 error /> }
}
