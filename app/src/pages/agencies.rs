//! The registry in the console: every agency with its kind, province and
//! systems; the form that registers one; and one agency's page, with its
//! systems, the form that adds one, and its API tokens.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    api::agencies::{AddAgency, AddSystem, AgencyRegistry, list_agencies_for_admin},
    components::{
        CsrfField, DataTable, ErrorMessage, Loaded, described_by, inline_error, reason_field,
        text_field,
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
                {text_field(
                    i18n,
                    failure,
                    "code",
                    "agency-code",
                    Some("agency-code-hint"),
                    None,
                    String::new(),
                )}
                {text_field(
                    i18n,
                    failure,
                    "name_vi",
                    "agency-name-vi",
                    None,
                    Some("vi"),
                    String::new(),
                )}
                {text_field(
                    i18n,
                    failure,
                    "name_en",
                    "agency-name-en",
                    None,
                    Some("en"),
                    String::new(),
                )}
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
    let registry = Resource::new(
        move || (code(), add.version().get()),
        |(code, _)| list_agencies_for_admin(Some(code)),
    );
    let failure = move || add.value().get().and_then(Result::err);
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
                {text_field(
                    i18n,
                    failure,
                    "code",
                    "agency-code",
                    Some("agency-code-hint"),
                    None,
                    String::new(),
                )}
                {text_field(
                    i18n,
                    failure,
                    "name_vi",
                    "agency-name-vi",
                    None,
                    Some("vi"),
                    String::new(),
                )}
                {text_field(
                    i18n,
                    failure,
                    "name_en",
                    "agency-name-en",
                    None,
                    Some("en"),
                    String::new(),
                )}
                {reason_field(i18n, failure)}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("agency-system-submit")}
                    </button>
                </div>
            </ActionForm>
            <h2>{i18n.t("agency-tokens")}</h2>
            <p>{how}</p>
            {tokens}
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
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <Loaded resource=registry content=show />
    }
}
