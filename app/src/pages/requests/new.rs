//! `/requests/new`: the filing form.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use super::shared::{FilesField, draft_error};
use crate::{
    api::requests::find_filing_form,
    components::{
        CsrfField, ErrorMessage, FreeText, IslandScripts, Loaded, described_by, inline_error,
    },
    domain::requests::{FilingForm, RequestKind},
    i18n::use_i18n,
};

/// `/requests/new`: the filing form (a multipart post: it carries files).
#[component]
pub fn NewRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = Resource::new(|| (), |_| find_filing_form());
    let show = move |form: FilingForm| {
        let draft = form.draft.clone();
        let error = draft_error(&draft);
        let value = |name: &str| {
            draft
                .as_ref()
                .map(|d| d.get(name))
                .filter(|v| !v.is_empty())
                .or_else(|| query.read_untracked().get(name))
                .unwrap_or_default()
        };
        let kind = value("kind");
        let agency = value("agency");
        let province = value("province");
        let about = value("about");
        let kinds = RequestKind::ALL
            .iter()
            .map(|k| {
                let id = format!("kind-{}", k.code());
                let needs_level2 = form.level2_kinds.contains(k);
                let hint = (needs_level2 && !form.level2).then(|| {
                    view! {
                        <p class="hint" id=format!("{id}-hint")>
                            {i18n.t("request-kind-level2-hint")}
                        </p>
                    }
                });
                let hint_id = (needs_level2 && !form.level2).then(|| format!("{id}-hint"));
                view! {
                    <div class="radio">
                        <input
                            type="radio"
                            name="kind"
                            id=id.clone()
                            value=k.code()
                            checked=kind == k.code()
                            required=true
                            aria-describedby=hint_id
                        />
                        <label for=id>
                            <strong>{i18n.t(k.message_id())}</strong>
                            ": "
                            {i18n.t(&format!("{}-hint", k.message_id()))}
                        </label>
                        {hint}
                    </div>
                }
            })
            .collect_view();
        let agencies = form
            .agencies
            .iter()
            .map(|a| {
                view! {
                    <option value=a.code.clone() selected=agency == a.code>
                        {a.name(i18n.lang).to_owned()}
                    </option>
                }
            })
            .collect_view();
        let provinces = form
            .provinces
            .iter()
            .map(|p| {
                view! {
                    <option value=p.code.clone() selected=province == p.code>
                        {p.name(i18n.lang).to_owned()}
                    </option>
                }
            })
            .collect_view();
        view! {
            <IslandScripts />
            {error.clone().map(|error| view! { <ErrorMessage error /> })}
            <form
                method="post"
                action="/requests/file"
                enctype="multipart/form-data"
                novalidate=true
            >
                <CsrfField />
                {(!about.is_empty())
                    .then(|| {
                        view! {
                            <input type="hidden" name="about" value=about.clone() />
                            <div class="inset">
                                <p>
                                    {i18n.t_with("request-about", &[("reference", about.clone())])}
                                </p>
                            </div>
                        }
                    })}
                <fieldset
                    class="fieldset"
                    aria-describedby=described_by(error.clone(), "kind", None)
                >
                    <legend>{i18n.t("request-kind-legend")}</legend>
                    {inline_error(i18n, error.clone(), "kind")}
                    {kinds}
                </fieldset>
                <div class="field">
                    <label for="agency">{i18n.t("request-agency-label")}</label>
                    <p class="hint" id="agency-hint">
                        {i18n.t("request-agency-hint")}
                    </p>
                    {inline_error(i18n, error.clone(), "agency")}
                    <select
                        class="select"
                        id="agency"
                        name="agency"
                        aria-describedby=described_by(error.clone(), "agency", Some("agency-hint"))
                    >
                        <option value="unknown" selected=agency.is_empty() || agency == "unknown">
                            {i18n.t("request-agency-unknown")}
                        </option>
                        {agencies}
                    </select>
                </div>
                <div class="field">
                    <label for="province">{i18n.t("request-province-label")}</label>
                    <p class="hint" id="province-hint">
                        {i18n.t("request-province-hint")}
                    </p>
                    {inline_error(i18n, error.clone(), "province")}
                    <select
                        class="select"
                        id="province"
                        name="province"
                        aria-describedby=described_by(
                            error.clone(),
                            "province",
                            Some("province-hint"),
                        )
                    >
                        <option value="">{i18n.t("request-province-none")}</option>
                        {provinces}
                    </select>
                </div>
                <FreeText
                    id="description"
                    name="description"
                    label=i18n.t("request-description-label")
                    hint=i18n.t("request-description-hint")
                    rows=8
                    value=value("description")
                    error=error.clone()
                />
                <div class="field">
                    <label for="email">{i18n.t("request-email-label")}</label>
                    <p class="hint" id="email-hint">
                        {i18n.t("request-email-hint")}
                    </p>
                    {inline_error(i18n, error.clone(), "email")}
                    <input
                        class="input"
                        type="email"
                        id="email"
                        name="email"
                        autocomplete="email"
                        value=value("email")
                        aria-describedby=described_by(error.clone(), "email", Some("email-hint"))
                    />
                </div>
                <FilesField error=error.clone() />
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("request-submit")}
                    </button>
                    <a href="/requests">{i18n.t("consent-cancel")}</a>
                </div>
            </form>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("request-new-title") />
        <p>
            <A href="/requests" attr:class="back-link">
                {i18n.t("requests-back")}
            </A>
        </p>
        <h1>{i18n.t("request-new-title")}</h1>
        <p class="lead">{i18n.t("request-new-lead")}</p>
        <Loaded resource=form content=show />
    }
}
