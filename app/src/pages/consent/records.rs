//! `/consent/history` and `/consent/receipts/:id`: the record of changes.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{ActingBanner, PurposeFacts, acting_for, param_and_for};
use crate::{
    api::consent::Acting, api::consent::ConsentHistory, api::consent::RecordLine,
    api::consent::receipt_href, api::consent::with_for, api::find_consent_receipt,
    api::list_consent_history, components::DataTable, components::Loaded,
    domain::consent::ConsentAction, domain::datetime::format_date,
    domain::datetime::format_datetime, domain::datetime::iso_datetime, i18n::use_i18n,
};

fn action_key(action: ConsentAction) -> &'static str {
    action.message_id()
}

/// `/consent/history`: every record, newest first, with the chain check.
#[component]
pub fn ConsentHistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let acting_for = acting_for();
    let history = Resource::new(move || acting_for.get(), list_consent_history);
    let show = move |h: ConsentHistory| {
        let for_id = acting_for.get_untracked();

        let check = if h.chain_intact {
            "consent-chain-intact"
        } else {
            "consent-chain-broken"
        };
        let rows = h
            .records
            .into_iter()
            .map(|line| {
                let c = line.record.content;
                let purpose = line
                    .purpose
                    .map(|p| p.purpose.name(i18n.lang).to_owned())
                    .unwrap_or_else(|| c.purpose.clone());
                let who = i18n.t(c.actor_role.message_id());
                view! {
                    <tr>
                        <td>
                            <time datetime=iso_datetime(
                                c.recorded_at,
                            )>{format_datetime(c.recorded_at, i18n.lang)}</time>
                        </td>
                        <td>{purpose}</td>
                        <td>{i18n.t(action_key(c.action))}</td>
                        <td>{who}</td>
                        <td>
                            <a href=receipt_href(
                                &c.receipt_id,
                                for_id,
                            )>
                                {i18n.t("consent-receipt-link")}
                                <span class="visually-hidden">" " {c.receipt_id.clone()}</span>
                            </a>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <ActingBanner acting=h.acting />
            <p>{i18n.t(check)}</p>
            <DataTable
                caption=i18n.t("consent-history-title")
                columns=vec![
                    "consent-col-time",
                    "consent-col-purpose",
                    "consent-col-action",
                    "consent-col-actor",
                    "consent-col-receipt",
                ]
                hide_caption=true
            >
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("consent-history-title") />
        <p>
            <A href=move || with_for("/consent", acting_for.get()) attr:class="back-link">
                {i18n.t("consent-back")}
            </A>
        </p>
        <h1>{i18n.t("consent-history-title")}</h1>
        <Loaded resource=history content=show />
    }
}

/// `/consent/receipts/:id`: one receipt, printable, with its JSON.
#[component]
pub fn ConsentReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let acting_for = acting_for();
    let receipt = Resource::new(param_and_for("id"), |(id, acting_for)| {
        find_consent_receipt(id, acting_for)
    });
    let show = move |(line, acting): (RecordLine, Option<Acting>)| {
        let for_id = acting_for.get_untracked();

        let c = line.record.content;
        let purpose_name = line
            .purpose
            .as_ref()
            .map(|p| p.purpose.name(i18n.lang).to_owned())
            .unwrap_or_else(|| c.purpose.clone());
        let json = match for_id {
            Some(id) => {
                format!("/consent/receipt.json?id={}&for={id}", c.receipt_id)
            }
            None => format!("/consent/receipt.json?id={}", c.receipt_id),
        };
        let child = c.child_agreed.map(|agreed| {
            i18n.t(if agreed {
                "consent-child-agreed-yes"
            } else {
                "consent-child-agreed-no"
            })
        });
        view! {
            <ActingBanner acting />
            <p class="lead">{i18n.t(c.action.message_id())} ": " {purpose_name}</p>
            <dl class="summary-list">
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-receipt-id")}</dt>
                    <dd class="break-words">{c.receipt_id.clone()}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-col-time")}</dt>
                    <dd>
                        <time datetime=iso_datetime(
                            c.recorded_at,
                        )>{format_datetime(c.recorded_at, i18n.lang)} " (UTC+07:00)"</time>
                    </dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-new-state")}</dt>
                    <dd>{i18n.t(c.state.message_id())}</dd>
                </div>
                {c
                    .valid_until
                    .map(|until| {
                        view! {
                            <div class="summary-list-row">
                                <dt>{i18n.t("consent-valid-until")}</dt>
                                <dd>{format_date(until, i18n.lang)}</dd>
                            </div>
                        }
                    })}
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-col-actor")}</dt>
                    <dd>
                        {i18n.t(c.actor_role.message_id())}
                        {line.by_me.then(|| format!(" ({})", i18n.t("consent-actor-you")))}
                    </dd>
                </div>
                {child
                    .map(|text| {
                        view! {
                            <div class="summary-list-row">
                                <dt>{i18n.t("consent-child-legend")}</dt>
                                <dd>{text}</dd>
                            </div>
                        }
                    })}
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-method")}</dt>
                    <dd>{i18n.t(c.method.message_id())}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-notice-version")}</dt>
                    <dd>{c.notice_version.to_string()}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-notice-shown")}</dt>
                    <dd lang=c.notice_lang.clone()>{c.notice_text.clone()}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("consent-receipt-hash")}</dt>
                    <dd class="break-words">
                        <code>{line.record.chain_hash.clone()}</code>
                    </dd>
                </div>
            </dl>
            {line
                .purpose
                .map(|p| {
                    view! {
                        <h2>{i18n.t("consent-receipt-purpose")}</h2>
                        <PurposeFacts purpose=p />
                    }
                })}
            <ul class="list-bullet no-print">
                <li>
                    <a href=json rel="external" download>
                        {i18n.t("consent-receipt-json")}
                    </a>
                </li>
            </ul>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("consent-receipt-title") />
        <p class="no-print">
            <A href=move || with_for("/consent/history", acting_for.get()) attr:class="back-link">
                {i18n.t("consent-history-link")}
            </A>
        </p>
        <h1>{i18n.t("consent-receipt-title")}</h1>
        <Loaded resource=receipt content=show />
    }
}
