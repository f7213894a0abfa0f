//! The registry in the console: every agency with its kind, province and
//! systems; the form that registers one; one agency's page, with its
//! systems, the form that adds one, its API tokens and the form that issues
//! one; and one token's page, to rotate or revoke it.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    api::agencies::{
        AddAgency, AddSystem, AgencyRegistry, IssueAgencyToken, NewToken, RevokeAgencyToken,
        RotateAgencyToken, list_agencies_for_admin,
    },
    components::{
        CsrfField, DataTable, ErrorMessage, Loaded, code_and_names, described_by, inline_error,
        reason_field, reason_field_as, text_field,
    },
    domain::{Province, agencies::AgencyKind, datetime::format_date},
    error::AppError,
    i18n::{I18n, use_i18n},
};

/// A province's name, or "central" for an agency of none.
fn place(i18n: I18n, code: Option<&str>, provinces: &[Province]) -> String {
    match code {
        None => i18n.t("agency-central"),
        Some(code) => provinces
            .iter()
            .find(|p| p.code == code)
            .map_or_else(|| code.to_owned(), |p| p.name(i18n.lang).to_owned()),
    }
}

/// `/admin/agencies`: every registered agency.
#[component]
pub fn AdminAgenciesPage() -> impl IntoView {
    let i18n = use_i18n();
    let registry = Resource::new(|| (), |_| list_agencies_for_admin(None));
    let show = move |registry: AgencyRegistry| {
        let provinces = registry.provinces.clone();
        let rows = registry
            .agencies
            .into_iter()
            .map(|a| {
                let name = a.agency.name(i18n.lang).to_owned();
                view! {
                    <tr>
                        <td>
                            <A href=format!(
                                "/admin/agencies/{}",
                                a.agency.code,
                            )>{a.agency.code.clone()}</A>
                        </td>
                        <td>{name}</td>
                        <td>{i18n.t(a.kind.message_id())}</td>
                        <td>{place(i18n, a.province_code.as_deref(), &provinces)}</td>
                        <td>{a.systems.len().to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable
                caption=i18n.t("admin-agencies-title")
                columns=vec![
                    "agency-col-code",
                    "agency-col-name",
                    "agency-col-kind",
                    "agency-col-place",
                    "agency-col-systems",
                ]
                hide_caption=true
            >
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("admin-agencies-title") />
        <h1>{i18n.t("admin-agencies-title")}</h1>
        <p class="lead">{i18n.t("admin-agencies-lead")}</p>
        <p>
            <A href="/admin/agencies/new" attr:class="button">
                {i18n.t("agency-new")}
            </A>
        </p>
        <Loaded resource=registry content=show />
    }
}

/// `/admin/agencies/new`: register an agency.
#[component]
pub fn AdminNewAgencyPage() -> impl IntoView {
    let i18n = use_i18n();
    let registry = Resource::new(|| (), |_| list_agencies_for_admin(None));
    let add = ServerAction::<AddAgency>::new();
    let failure = move || add.value().get().and_then(Result::err);
    let show = move |registry: AgencyRegistry| {
        let options = registry
            .provinces
            .iter()
            .map(|p| view! { <option value=p.code.clone()>{p.name(i18n.lang).to_owned()}</option> })
            .collect_view();
        let kinds = AgencyKind::ALL
            .iter()
            .map(|kind| {
                let id = format!("kind-{}", kind.code());
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name="kind" value=kind.code() />
                        <label for=id>{i18n.t(kind.message_id())}</label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <ActionForm action=add>
                <CsrfField />
                {code_and_names(i18n, failure, "agency-code", "agency-code-hint")}
                <fieldset
                    class="fieldset"
                    aria-describedby=move || described_by(failure(), "kind", None)
                >
                    <legend>{i18n.t("agency-col-kind")}</legend>
                    {move || inline_error(i18n, failure(), "kind")}
                    {kinds}
                </fieldset>
                <div class="field">
                    <label for="province">{i18n.t("agency-col-place")}</label>
                    <p class="hint" id="province-hint">
                        {i18n.t("agency-province-hint")}
                    </p>
                    {move || inline_error(i18n, failure(), "province")}
                    <select
                        class="input"
                        id="province"
                        name="province"
                        aria-describedby=move || described_by(
                            failure(),
                            "province",
                            Some("province-hint"),
                        )
                    >
                        <option value="">{i18n.t("agency-central")}</option>
                        {options}
                    </select>
                </div>
                {text_field(
                    i18n,
                    failure,
                    "contact_email",
                    "agency-contact-email",
                    None,
                    None,
                    String::new(),
                )}
                {text_field(
                    i18n,
                    failure,
                    "contact_phone",
                    "agency-contact-phone",
                    None,
                    None,
                    String::new(),
                )}
                {reason_field(i18n, failure)}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("agency-add")}
                    </button>
                    <a href="/admin/agencies">{i18n.t("consent-cancel")}</a>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("agency-new") />
        <p>
            <A href="/admin/agencies" attr:class="back-link">
                {i18n.t("admin-agencies-back")}
            </A>
        </p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <h1>{i18n.t("agency-new")}</h1>
        <Loaded resource=registry content=show />
    }
}

/// `/admin/agencies/:code`: one agency, its systems and its API tokens.
#[component]
pub fn AdminAgencyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let add = ServerAction::<AddSystem>::new();
    let issue = ServerAction::<IssueAgencyToken>::new();
    let registry = Resource::new(
        move || (code(), add.version().get(), issue.version().get()),
        |(code, _, _)| list_agencies_for_admin(Some(code)),
    );
    let failure = move || add.value().get().and_then(Result::err);
    let issue_failure = move || issue.value().get().and_then(Result::err);
    let show = move |registry: AgencyRegistry| {
        let wanted = code();
        let Some(agency) = registry
            .agencies
            .iter()
            .find(|a| a.agency.code == wanted)
            .cloned()
        else {
            return view! { <ErrorMessage error=AppError::NotFound /> }.into_any();
        };
        let systems = if agency.systems.is_empty() {
            view! { <p>{i18n.t("agency-no-systems")}</p> }.into_any()
        } else {
            view! {
                <ul class="list-bullet">
                    {agency
                        .systems
                        .iter()
                        .map(|s| {
                            view! {
                                <li>
                                    <code>{s.code.clone()}</code>
                                    " "
                                    {s.name(i18n.lang).to_owned()}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        };
        let dash = || i18n.t("appointment-no-decision");
        let tokens = if registry.tokens.is_empty() {
            view! { <p>{i18n.t("agency-no-tokens")}</p> }.into_any()
        } else {
            let rows = registry
                .tokens
                .iter()
                .map(|t| {
                    let manage = t.revoked_at.is_none().then(|| {
                        view! {
                            <a href=format!(
                                "/admin/agencies/{}/tokens/{}",
                                code(),
                                t.token_id,
                            )>
                                {i18n.t("agency-token-manage")}
                                <span class="visually-hidden">" " {t.token_id.clone()}</span>
                            </a>
                        }
                    });
                    view! {
                        <tr>
                            <td>
                                <code>{t.token_id.clone()}</code>
                            </td>
                            <td>{format_date(t.created_at, i18n.lang)}</td>
                            <td>{format_date(t.expires_at, i18n.lang)}</td>
                            <td>
                                {t.last_used_at.map_or_else(dash, |at| format_date(at, i18n.lang))}
                            </td>
                            <td>
                                {t.revoked_at.map_or_else(dash, |at| format_date(at, i18n.lang))}
                            </td>
                            <td>{manage}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable
                    caption=i18n.t("agency-tokens")
                    columns=vec![
                        "agency-token-id",
                        "agency-token-issued",
                        "agency-token-expires",
                        "agency-token-used",
                        "agency-token-revoked",
                        "agency-token-actions",
                    ]
                    hide_caption=true
                >
                    {rows}
                </DataTable>
            }
            .into_any()
        };
        let agency_code = agency.agency.code.clone();
        let how = i18n.t_with("agency-tokens-how", &[("code", agency_code.clone())]);
        view! {
            <h1>
                <span class="caption">{agency.agency.code.clone()}</span>
                " "
                {agency.agency.name(i18n.lang).to_owned()}
            </h1>
            <dl class="summary-list">
                <div class="summary-list-row">
                    <dt>{i18n.t("agency-col-kind")}</dt>
                    <dd>{i18n.t(agency.kind.message_id())}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("agency-col-place")}</dt>
                    <dd>{place(i18n, agency.province_code.as_deref(), &registry.provinces)}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("agency-answered-by")}</dt>
                    <dd>
                        {match agency.province_code.as_deref() {
                            None => i18n.t("officer-national-unit"),
                            Some(code) => {
                                i18n.t_with(
                                    "officer-of",
                                    &[("province", place(i18n, Some(code), &registry.provinces))],
                                )
                            }
                        }}
                    </dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("agency-contact")}</dt>
                    <dd>
                        {[agency.contact_email.clone(), agency.contact_phone.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(", ")}
                    </dd>
                </div>
            </dl>
            <h2>{i18n.t("agency-systems")}</h2>
            {systems}
            <h2>{i18n.t("agency-system-add")}</h2>
            <ActionForm action=add>
                <CsrfField />
                <input type="hidden" name="agency" value=agency_code />
                {code_and_names(i18n, failure, "agency-code", "agency-code-hint")}
                {reason_field(i18n, failure)}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("agency-system-submit")}
                    </button>
                </div>
            </ActionForm>
            <h2 id="tokens">{i18n.t("agency-tokens")}</h2>
            {registry.new_token.clone().map(|new| new_token_panel(i18n, new))}
            <p>{how}</p>
            {tokens}
            <h3>{i18n.t("agency-token-issue")}</h3>
            <ActionForm action=issue>
                <CsrfField />
                <input type="hidden" name="agency" value=agency.agency.code.clone() />
                {text_field(
                    i18n,
                    issue_failure,
                    "days",
                    "agency-token-days",
                    Some("agency-token-days-hint"),
                    None,
                    crate::domain::agencies::TOKEN_DAYS.to_string(),
                )}
                {reason_field_as(i18n, issue_failure, "issue-reason")}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("agency-token-issue-submit")}
                    </button>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("admin-agencies-title") />
        <p>
            <A href="/admin/agencies" attr:class="back-link">
                {i18n.t("admin-agencies-back")}
            </A>
        </p>
        {move || {
            let query = query.read();
            let key = if query.get("added").is_some() {
                Some("agency-added")
            } else if query.get("system").is_some() {
                Some("agency-system-added")
            } else if query.get("issued").is_some() {
                Some("agency-token-issued-notice")
            } else if query.get("rotated").is_some() {
                Some("agency-token-rotated-notice")
            } else if query.get("revoked").is_some() {
                Some("agency-token-revoked-notice")
            } else {
                None
            };
            key.map(|key| {
                view! {
                    <div class="notification" role="status">
                        <p>{i18n.t(key)}</p>
                    </div>
                }
            })
        }}
        {move || { failure().or_else(issue_failure).map(|error| view! { <ErrorMessage error /> }) }}
        <Loaded resource=registry content=show />
    }
}

/// A token just issued, shown this once.
fn new_token_panel(i18n: I18n, new: NewToken) -> impl IntoView {
    view! {
        <div class="notification notification-secret" role="status">
            <h3>{i18n.t("agency-token-new-title")}</h3>
            <p>{i18n.t_with("agency-token-new-body", &[("id", new.token_id.clone())])}</p>
            <p>
                <code class="secret" id="new-token">
                    {new.token}
                </code>
            </p>
        </div>
    }
}

/// `/admin/agencies/:code/tokens/:id`: rotate a token (a new one, shown
/// once, replaces it after a grace period) or revoke it at once.
#[component]
pub fn AdminAgencyTokenPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let id = move || params.read().get("id").unwrap_or_default();
    let rotate = ServerAction::<RotateAgencyToken>::new();
    let revoke = ServerAction::<RevokeAgencyToken>::new();
    let registry = Resource::new(code, |code| list_agencies_for_admin(Some(code)));
    let rotate_failure = move || rotate.value().get().and_then(Result::err);
    let revoke_failure = move || revoke.value().get().and_then(Result::err);
    let show = move |registry: AgencyRegistry| {
        let Some(token) = registry
            .tokens
            .iter()
            .find(|t| t.token_id == id() && t.revoked_at.is_none())
            .cloned()
        else {
            return view! { <ErrorMessage error=AppError::NotFound /> }.into_any();
        };
        let dash = || i18n.t("appointment-no-decision");
        let token_id = token.token_id.clone();
        view! {
            <h1>
                <span class="caption">{code()}</span>
                " "
                {i18n.t_with("agency-token-title", &[("id", token.token_id.clone())])}
            </h1>
            <dl class="summary-list">
                <div class="summary-list-row">
                    <dt>{i18n.t("agency-token-issued")}</dt>
                    <dd>{format_date(token.created_at, i18n.lang)}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("agency-token-expires")}</dt>
                    <dd>{format_date(token.expires_at, i18n.lang)}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("agency-token-used")}</dt>
                    <dd>{token.last_used_at.map_or_else(dash, |at| format_date(at, i18n.lang))}</dd>
                </div>
            </dl>
            <h2>{i18n.t("agency-token-rotate")}</h2>
            <p>{i18n.t("agency-token-rotate-how")}</p>
            <ActionForm action=rotate>
                <CsrfField />
                <input type="hidden" name="agency" value=code() />
                <input type="hidden" name="token_id" value=token.token_id.clone() />
                {text_field(
                    i18n,
                    rotate_failure,
                    "grace_days",
                    "agency-token-grace",
                    Some("agency-token-grace-hint"),
                    None,
                    crate::domain::agencies::ROTATION_GRACE_DAYS.to_string(),
                )}
                {text_field(
                    i18n,
                    rotate_failure,
                    "days",
                    "agency-token-days",
                    Some("agency-token-days-hint"),
                    None,
                    crate::domain::agencies::TOKEN_DAYS.to_string(),
                )}
                {reason_field_as(i18n, rotate_failure, "rotate-reason")}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("agency-token-rotate-submit")}
                    </button>
                </div>
            </ActionForm>
            <h2>{i18n.t("agency-token-revoke")}</h2>
            <p>{i18n.t("agency-token-revoke-how")}</p>
            <ActionForm action=revoke>
                <CsrfField />
                <input type="hidden" name="agency" value=code() />
                <input type="hidden" name="token_id" value=token_id />
                {reason_field_as(i18n, revoke_failure, "revoke-reason")}
                <div class="button-group">
                    <button type="submit" class="button button-warning">
                        {i18n.t("agency-token-revoke-submit")}
                    </button>
                    <a href=format!("/admin/agencies/{}", code())>{i18n.t("consent-cancel")}</a>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("agency-token-manage") />
        <p>
            <a href=move || format!("/admin/agencies/{}", code()) class="back-link">
                {i18n.t("admin-agencies-back")}
            </a>
        </p>
        {move || {
            rotate_failure().or_else(revoke_failure).map(|error| view! { <ErrorMessage error /> })
        }}
        <Loaded resource=registry content=show />
    }
}
