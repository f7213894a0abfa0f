//! `/requests/:reference`: a citizen's request.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use super::clocks::DecisionGround;
use super::shared::{
    MessageForm, RequestFacts, RequestTimeline, draft_error, long_date, next_step_key,
    reference_param,
};
use crate::{
    api::requests::{WithdrawRequest, find_my_request},
    components::{CsrfField, ErrorMessage, Loaded},
    domain::requests::{RequestStatus, RequestView, is_open},
    i18n::use_i18n,
};

/// `/requests/:reference`: a citizen's request.
#[component]
pub fn RequestStatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let reference = reference_param();
    let withdraw = ServerAction::<WithdrawRequest>::new();
    // Read again after each step (the step's redirect is to this page).
    let request = Resource::new(
        move || (reference.get(), withdraw.version().get()),
        |(reference, _)| find_my_request(reference),
    );
    let failure = move || {
        withdraw
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorMessage error /> })
    };
    let show = move |v: RequestView| {
        let r = v.record.clone();
        let filed = query.read_untracked().get("filed").is_some();
        let error = draft_error(&v.draft);
        let typed = v.draft.as_ref().map(|d| d.get("text")).unwrap_or_default();
        let confirmation = filed.then(|| {
            view! {
                <div class="notification notification-success" role="status">
                    <h2>{i18n.t("request-filed-heading")}</h2>
                    <p>
                        {i18n
                            .t_with(
                                "request-filed-reference",
                                &[("reference", r.reference.clone())],
                            )}
                    </p>
                    <p>
                        {i18n
                            .t_with(
                                "request-filed-dates",
                                &[
                                    ("acknowledge", long_date(i18n, &r.acknowledge_by)),
                                    ("decide", long_date(i18n, &r.decide_by)),
                                ],
                            )}
                    </p>
                </div>
            }
        });
        let complain_href = format!("/requests/new?kind=complaint&about={}", r.reference);
        let can_withdraw = is_open(r.status);
        let can_message = is_open(r.status) || r.status == RequestStatus::Decided;
        let heading = if r.status == RequestStatus::InformationRequested {
            "request-answer-heading"
        } else {
            "request-message-heading"
        };
        view! {
            {confirmation}
            {error.clone().map(|error| view! { <ErrorMessage error /> })}
            <h1>
                <span class="caption">{i18n.t(r.kind.message_id())}</span>
                " "
                {r.reference.clone()}
            </h1>
            <RequestFacts view_data=v.clone() dpo=false />
            <DecisionGround view_data=v.clone() />
            <h2>{i18n.t("request-next-heading")}</h2>
            <p>{i18n.t(next_step_key(r.status))}</p>
            {can_message
                .then(|| {
                    view! {
                        <MessageForm
                            reference=r.reference.clone()
                            version=r.version
                            dpo=false
                            heading_key=heading
                            error=error.clone()
                            text=typed.clone()
                        />
                    }
                })}
            <h2>{i18n.t("request-other-actions")}</h2>
            <ul class="list-plain action-list">
                {can_withdraw
                    .then(|| {
                        view! {
                            <li>
                                <ActionForm action=withdraw>
                                    <CsrfField />
                                    <input
                                        type="hidden"
                                        name="reference"
                                        value=r.reference.clone()
                                    />
                                    <input type="hidden" name="version" value=r.version />
                                    <button type="submit" class="button button-secondary">
                                        {i18n.t("request-withdraw-button")}
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })} <li>
                    <a href=complain_href>{i18n.t("request-complain-link")}</a>
                </li>
            </ul>
            <RequestTimeline
                events=v.events.clone()
                attachments=v.attachments.clone()
                chain_intact=v.chain_intact
            />
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("request-status-title") />
        <p>
            <A href="/requests" attr:class="back-link">
                {i18n.t("requests-back")}
            </A>
        </p>
        {failure}
        <Loaded resource=request content=show />
    }
}
