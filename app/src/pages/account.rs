//! `/account`: who the service knows you as, and what you can do.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{account::AccountSummary, find_account_summary},
    components::{CsrfField, Loaded},
    domain::{AssuranceLevel, Lang},
    i18n::use_i18n,
};

/// Fluent key naming an assurance level.
pub fn level_message_id(level: AssuranceLevel) -> &'static str {
    match level {
        AssuranceLevel::Level1 => "account-level-1",
        AssuranceLevel::Level2 => "account-level-2",
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let summary = Resource::new(|| (), |_| find_account_summary());
    let show = |summary: AccountSummary| view! { <AccountDetails summary /> };
    view! {
        <leptos_meta::Title text=i18n.title("account-title") />
        <h1>{i18n.t("account-title")}</h1>
        <Loaded resource=summary content=show />
    }
}

#[component]
fn AccountDetails(summary: AccountSummary) -> impl IntoView {
    let i18n = use_i18n();
    let roles = if summary.roles.is_empty() {
        view! { <span>{i18n.t("account-role-citizen")}</span> }.into_any()
    } else {
        let items = summary
            .roles
            .iter()
            .map(|line| {
                let province = line.province.as_ref().map(|(vi, en)| match i18n.lang {
                    Lang::Vi => vi.clone(),
                    Lang::En => en.clone(),
                });
                let text = match province {
                    Some(province) => i18n.t_with(
                        "account-role-in-province",
                        &[
                            ("role", i18n.t(line.role.message_id())),
                            ("province", province),
                        ],
                    ),
                    None => i18n.t(line.role.message_id()),
                };
                view! { <li>{text}</li> }
            })
            .collect_view();
        view! { <ul class="list-plain">{items}</ul> }.into_any()
    };
    let level_note = (summary.level == AssuranceLevel::Level1).then(|| {
        view! {
            <p class="inset">
                {i18n.t("account-level-1-note")} " "
                <a href="/auth/sign-in?level=2&next=/account" rel="external">
                    {i18n.t("account-level-2-link")}
                </a>
            </p>
        }
    });
    view! {
        <dl class="summary-list">
            <div class="summary-list-row">
                <dt>{i18n.t("account-name")}</dt>
                <dd>{summary.name.clone()}</dd>
            </div>
            <div class="summary-list-row">
                <dt>{i18n.t("account-personal-id")}</dt>
                <dd>
                    <span aria-hidden="true">{summary.masked_id.clone()}</span>
                    <span class="visually-hidden">
                        {i18n
                            .t_with(
                                "account-personal-id-spoken",
                                &[
                                    (
                                        "last",
                                        summary
                                            .masked_id
                                            .chars()
                                            .rev()
                                            .take(4)
                                            .collect::<Vec<_>>()
                                            .into_iter()
                                            .rev()
                                            .collect::<String>(),
                                    ),
                                ],
                            )}
                    </span>
                </dd>
            </div>
            <div class="summary-list-row">
                <dt>{i18n.t("account-level")}</dt>
                <dd>{i18n.t(level_message_id(summary.level))}</dd>
            </div>
            <div class="summary-list-row">
                <dt>{i18n.t("account-roles")}</dt>
                <dd>{roles}</dd>
            </div>
        </dl>
        {level_note}
        {summary
            .roles
            .iter()
            .any(|line| line.role == crate::domain::Role::Dpo)
            .then(|| {
                view! {
                    <ul class="list-bullet">
                        <li>
                            <A href="/dpo/requests">{i18n.t("account-queue-link")}</A>
                        </li>
                        <li>
                            <A href="/dpo/consent-flags">{i18n.t("consent-flags-title")}</A>
                        </li>
                        <li>
                            <A href="/dpo/deferred">{i18n.t("deferred-title")}</A>
                        </li>
                    </ul>
                }
            })}
        <ul class="list-bullet">
            <li>
                <A href="/requests">{i18n.t("account-requests-link")}</A>
            </li>
            <li>
                <A href="/notifications">{i18n.t("account-notifications-link")}</A>
            </li>
        </ul>
        {summary
            .roles
            .iter()
            .any(|line| line.role == crate::domain::Role::Administrator)
            .then(|| {
                view! {
                    <ul class="list-bullet">
                        <li>
                            <A href="/admin/purposes">{i18n.t("admin-purposes-title")}</A>
                        </li>
                        <li>
                            <A href="/admin/calendar">{i18n.t("admin-calendar-title")}</A>
                        </li>
                        <li>
                            <A href="/admin/officers">{i18n.t("admin-officers-title")}</A>
                        </li>
                        <li>
                            <A href="/admin/agencies">{i18n.t("admin-agencies-title")}</A>
                        </li>
                    </ul>
                }
            })}
        {summary
            .roles
            .iter()
            .any(|line| {
                matches!(
                    line.role,
                    crate::domain::Role::Administrator | crate::domain::Role::Auditor
                )
            })
            .then(|| {
                view! {
                    <ul class="list-bullet">
                        <li>
                            <A href="/admin/people">{i18n.t("appointments-title")}</A>
                        </li>
                        <li>
                            <A href="/admin/changes">{i18n.t("admin-changes-title")}</A>
                        </li>
                    </ul>
                }
            })}
        <h2>{i18n.t("account-security-heading")}</h2>
        <p>{i18n.t("account-security-body")}</p>
        <p>
            <A href="/account/activity">{i18n.t("account-activity-link")}</A>
        </p>
        <form method="post" action="/auth/sign-out-everywhere">
            <CsrfField />
            <p>{i18n.t("account-sign-out-everywhere-body")}</p>
            <button type="submit" class="button button-secondary">
                {i18n.t("account-sign-out-everywhere")}
            </button>
        </form>
    }
}
