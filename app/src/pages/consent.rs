//! Consent pages: the purposes grouped by agency with the person's state,
//! one page per decision (grant or withdraw, with what it means and one
//! button), the receipt of each change and the full history. The person
//! acted for travels in the URL (`?for=`), so every page works without
//! JavaScript and without session state.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    api::{
        consent::{
            Acting, ConsentHistory, ConsentOverview, GrantConsent, PurposeLine, RecordLine,
            WithdrawConsent, receipt_href, with_for,
        },
        find_consent_overview, find_consent_purpose, find_consent_receipt, list_consent_flags,
        list_consent_history,
    },
    components::{CsrfField, DataTable, ErrorMessage, Loaded},
    domain::{
        consent::{ConsentAction, ConsentState, FlaggedEvent, Purpose, REPRESENTATION_RULES},
        datetime::{format_date, format_datetime, iso_datetime},
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

/// `/dpo/consent-flags`: for a provincial DPO, data provided by agencies
/// of their province under a consent-based purpose while the person's
/// consent was not active.
#[component]
pub fn ConsentFlagsPage() -> impl IntoView {
    let i18n = use_i18n();
    let flags = Resource::new(|| (), |_| list_consent_flags());
    let show = move |list: Vec<FlaggedEvent>| {
        if list.is_empty() {
            view! { <p>{i18n.t("consent-flags-empty")}</p> }.into_any()
        } else {
            let count = list.len();
            let rows = list
                .into_iter()
                .map(|f| {
                    view! {
                        <tr>
                            <td>
                                <time datetime=iso_datetime(
                                    f.occurred_at,
                                )>{format_datetime(f.occurred_at, i18n.lang)}</time>
                            </td>
                            <td>{f.provider.name(i18n.lang).to_owned()}</td>
                            <td>{f.recipient.name(i18n.lang).to_owned()}</td>
                            <td>{f.purpose.name(i18n.lang).to_owned()}</td>
                            <td>{i18n.t(f.flag.message_id())}</td>
                            <td class="break-words">{f.event_id}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable
                    caption=i18n.t_with("consent-flags-count", &[("count", count.to_string())])
                    columns=vec![
                        "consent-col-time",
                        "event-provider",
                        "event-recipient",
                        "consent-col-purpose",
                        "consent-flags-why",
                        "event-reference",
                    ]
                >
                    {rows}
                </DataTable>
            }
            .into_any()
        }
    };
    view! {
        <leptos_meta::Title text=i18n.title("consent-flags-title") />
        <h1>{i18n.t("consent-flags-title")}</h1>
        <p class="lead">{i18n.t("consent-flags-lead")}</p>
        <Loaded resource=flags content=show />
    }
}
