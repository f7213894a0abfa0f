//! The catalogue in the console: the data categories (and the form that
//! adds one) and the form that adds a purpose of processing.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::catalogue::{AddCategory, AddPurpose, load_catalogue_for_admin},
    components::{
        CsrfField, DataTable, ErrorMessage, Loaded, code_and_names, described_by, inline_error,
        reason_field, text_field,
    },
    domain::{catalogue::Catalogue, sharing::Named},
    error::AppError,
    i18n::{I18n, use_i18n},
};

/// A group of checkboxes posted as `name[]` (a list), one per entry.
fn checkbox_group(
    i18n: I18n,
    failure: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    name: &'static str,
    legend: &'static str,
    hint: &'static str,
    entries: Vec<(String, String)>,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let hint_ref = hint_id.clone();
    let boxes = entries
        .into_iter()
        .map(|(code, label)| {
            let id = format!("{name}-{code}");
            view! {
                <div class="radio">
                    <input type="checkbox" id=id.clone() name=format!("{name}[]") value=code />
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset
            class="fieldset"
            aria-describedby=move || described_by(failure(), name, Some(&hint_ref))
        >
            <legend>{i18n.t(legend)}</legend>
            <p class="hint" id=hint_id>
                {i18n.t(hint)}
            </p>
            {move || inline_error(i18n, failure(), name)}
            {boxes}
        </fieldset>
    }
}

/// A choice of one entry (or, with `none`, of none).
fn select_field(
    i18n: I18n,
    failure: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    name: &'static str,
    label: &'static str,
    none: &'static str,
    entries: Vec<Named>,
) -> impl IntoView {
    let options = entries
        .into_iter()
        .map(|e| view! { <option value=e.code.clone()>{e.name(i18n.lang).to_owned()}</option> })
        .collect_view();
    view! {
        <div class="field">
            <label for=name>{i18n.t(label)}</label>
            {move || inline_error(i18n, failure(), name)}
            <select
                class="input"
                id=name
                name=name
                aria-describedby=move || described_by(failure(), name, None)
            >
                <option value="">{i18n.t(none)}</option>
                {options}
            </select>
        </div>
    }
}

/// A notice in one language.
fn notice_field(
    i18n: I18n,
    failure: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    name: &'static str,
    label: &'static str,
    lang: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=name>{i18n.t(label)}</label>
            {move || inline_error(i18n, failure(), name)}
            <textarea
                class="input textarea"
                id=name
                name=name
                lang=lang
                rows="5"
                aria-describedby=move || described_by(failure(), name, None)
            ></textarea>
        </div>
    }
}

/// `/admin/categories`: the data categories, and the form that adds one.
#[component]
pub fn AdminCategoriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let add = ServerAction::<AddCategory>::new();
    let catalogue = Resource::new(move || add.version().get(), |_| load_catalogue_for_admin());
    let failure = move || add.value().get().and_then(Result::err);
    let show = move |catalogue: Catalogue| {
        let rows = catalogue
            .categories
            .iter()
            .map(|c| {
                view! {
                    <tr>
                        <td>
                            <code>{c.category.code.clone()}</code>
                        </td>
                        <td>{c.category.name(i18n.lang).to_owned()}</td>
                        <td>
                            {i18n
                                .t(
                                    if c.sensitive {
                                        "catalogue-sensitive"
                                    } else {
                                        "catalogue-basic"
                                    },
                                )}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable
                caption=i18n.t("catalogue-categories-title")
                columns=vec!["catalogue-col-code", "catalogue-col-name", "catalogue-col-kind"]
                hide_caption=true
            >
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("catalogue-categories-title") />
        <p>
            <A href="/admin/purposes" attr:class="back-link">
                {i18n.t("catalogue-back")}
            </A>
        </p>
        {move || {
            query
                .read()
                .get("added")
                .map(|_| {
                    view! {
                        <div class="notification" role="status">
                            <p>{i18n.t("catalogue-category-added")}</p>
                        </div>
                    }
                })
        }}
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <h1>{i18n.t("catalogue-categories-title")}</h1>
        <p class="lead">{i18n.t("catalogue-categories-lead")}</p>
        <Loaded resource=catalogue content=show />
        <h2>{i18n.t("catalogue-category-add")}</h2>
        <ActionForm action=add>
            <CsrfField />
            {code_and_names(i18n, failure, "catalogue-code", "catalogue-code-hint")}
            <div class="radio">
                <input type="checkbox" id="sensitive" name="sensitive" value="yes" />
                <label for="sensitive">{i18n.t("catalogue-sensitive-box")}</label>
            </div>
            {reason_field(i18n, failure)}
            <div class="button-group">
                <button type="submit" class="button">
                    {i18n.t("catalogue-category-submit")}
                </button>
            </div>
        </ActionForm>
    }
}

/// `/admin/purposes/new`: add a purpose of processing.
#[component]
pub fn AdminNewPurposePage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddPurpose>::new();
    let catalogue = Resource::new(|| (), |_| load_catalogue_for_admin());
    let failure = move || add.value().get().and_then(Result::err);
    let show = move |catalogue: Catalogue| {
        let agencies: Vec<(String, String)> = catalogue
            .agencies
            .iter()
            .map(|a| (a.code.clone(), a.name(i18n.lang).to_owned()))
            .collect();
        let categories: Vec<(String, String)> = catalogue
            .categories
            .iter()
            .map(|c| {
                (
                    c.category.code.clone(),
                    c.category.name(i18n.lang).to_owned(),
                )
            })
            .collect();
        view! {
            <ActionForm action=add>
                <CsrfField />
                {code_and_names(i18n, failure, "catalogue-code", "catalogue-code-hint")}
                {select_field(
                    i18n,
                    failure,
                    "controller",
                    "consent-controller",
                    "catalogue-no-controller",
                    catalogue.agencies.clone(),
                )}
                {checkbox_group(
                    i18n,
                    failure,
                    "processors",
                    "catalogue-processors",
                    "catalogue-processors-hint",
                    agencies,
                )}
                {checkbox_group(
                    i18n,
                    failure,
                    "categories",
                    "catalogue-categories",
                    "catalogue-categories-hint",
                    categories,
                )}
                {select_field(
                    i18n,
                    failure,
                    "legal_basis",
                    "catalogue-legal-basis",
                    "catalogue-choose",
                    catalogue.legal_bases.clone(),
                )}
                <div class="radio">
                    <input
                        type="checkbox"
                        id="rests_on_consent"
                        name="rests_on_consent"
                        value="yes"
                    />
                    <label for="rests_on_consent">{i18n.t("catalogue-rests-on-consent")}</label>
                </div>
                {notice_field(i18n, failure, "description_vi", "admin-purpose-notice-vi", "vi")}
                {notice_field(i18n, failure, "description_en", "admin-purpose-notice-en", "en")}
                {text_field(
                    i18n,
                    failure,
                    "validity_months",
                    "admin-purpose-validity",
                    Some("admin-purpose-validity-hint"),
                    None,
                    String::new(),
                )}
                {reason_field(i18n, failure)}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("catalogue-purpose-submit")}
                    </button>
                    <a href="/admin/purposes">{i18n.t("consent-cancel")}</a>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("catalogue-purpose-add") />
        <p>
            <A href="/admin/purposes" attr:class="back-link">
                {i18n.t("catalogue-back")}
            </A>
        </p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <h1>{i18n.t("catalogue-purpose-add")}</h1>
        <p class="lead">{i18n.t("catalogue-purpose-lead")}</p>
        <Loaded resource=catalogue content=show />
    }
}
