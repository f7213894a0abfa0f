//! Administration: the consent purposes' notices and validity. Every
//! change of a notice gets the next version number; receipts keep the
//! version and text that people were shown.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    api::{consent::UpdatePurposeNotice, list_purposes_for_admin},
    components::{CsrfField, ErrorMessage},
    error::AppError,
    i18n::use_i18n,
};

/// `/admin/purposes`: the consent-based purposes and their notices.
#[component]
pub fn AdminPurposesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let saved = move || query.read().get("saved");
    let purposes = Resource::new(|| (), |_| list_purposes_for_admin());
    view! {
        <leptos_meta::Title text=i18n.title("admin-purposes-title") />
        {move || saved().map(|_| view! {
            <div class="notification" role="status">
                <p>{i18n.t("admin-purpose-saved")}</p>
            </div>
        })}
        <h1>{i18n.t("admin-purposes-title")}</h1>
        <p class="lead">{i18n.t("admin-purposes-lead")}</p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match purposes.await {
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .filter(|p| p.rests_on_consent)
                            .map(|p| {
                                let name = p.purpose.name(i18n.lang).to_owned();
                                let validity = p
                                    .validity_months
                                    .map(|m| i18n.t_with("consent-validity-months", &[("months", m.to_string())]))
                                    .unwrap_or_else(|| i18n.t("consent-validity-open"));
                                view! {
                                    <tr>
                                        <td>{name.clone()}</td>
                                        <td>{p.controller.map(|c| c.name(i18n.lang).to_owned())}</td>
                                        <td>{p.notice_version.to_string()}</td>
                                        <td>{validity}</td>
                                        <td>
                                            <A href=format!("/admin/purposes/{}", p.purpose.code)>
                                                {i18n.t("admin-purpose-edit")}
                                                <span class="visually-hidden">": " {name}</span>
                                            </A>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll">
                                <table>
                                    <caption class="visually-hidden">{i18n.t("admin-purposes-title")}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t("consent-col-purpose")}</th>
                                            <th scope="col">{i18n.t("consent-controller")}</th>
                                            <th scope="col">{i18n.t("consent-notice-version")}</th>
                                            <th scope="col">{i18n.t("consent-validity")}</th>
                                            <th scope="col">{i18n.t("admin-purpose-actions")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/admin/purposes/:purpose`: edit one purpose's notice and validity.
#[component]
pub fn AdminPurposePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("purpose").unwrap_or_default();
    let purposes = Resource::new(|| (), |_| list_purposes_for_admin());
    let save = ServerAction::<UpdatePurposeNotice>::new();
    let failure = move || save.value().get().and_then(Result::err);
    // The message for one field, when the last save failed on it.
    let field_error = move |field: &'static str| {
        failure().and_then(|error| match error {
            AppError::Invalid {
                field: f,
                message_id,
            } if f == field => Some(message_id),
            _ => None,
        })
    };
    view! {
        <leptos_meta::Title text=i18n.title("admin-purpose-title") />
        <p><A href="/admin/purposes" attr:class="back-link">{i18n.t("admin-purposes-back")}</A></p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let wanted = code();
                match purposes.await {
                    Ok(list) => match list.into_iter().find(|p| p.purpose.code == wanted && p.rests_on_consent) {
                        Some(p) => {
                            let inline = move |field: &'static str| {
                                field_error(field).map(|message_id| view! {
                                    <p class="error-message" id=format!("{field}-error")>{i18n.t(&message_id)}</p>
                                })
                            };
                            let described = move |field: &'static str| {
                                field_error(field).map(|_| format!("{field}-error"))
                            };
                            view! {
                                <h1>
                                    <span class="caption">{i18n.t("admin-purpose-title")}</span>
                                    " "
                                    {p.purpose.name(i18n.lang).to_owned()}
                                </h1>
                                <p>
                                    {i18n.t_with("admin-purpose-version", &[("version", p.notice_version.to_string())])}
                                </p>
                                <ActionForm action=save>
                                    <CsrfField />
                                    <input type="hidden" name="purpose" value=p.purpose.code.clone() />
                                    <div class="field">
                                        <label for="description_vi">{i18n.t("admin-purpose-notice-vi")}</label>
                                        {move || inline("description_vi")}
                                        <textarea
                                            class="input textarea"
                                            id="description_vi"
                                            name="description_vi"
                                            lang="vi"
                                            rows="6"
                                            aria-describedby=move || described("description_vi")
                                        >
                                            {p.description_vi.clone()}
                                        </textarea>
                                    </div>
                                    <div class="field">
                                        <label for="description_en">{i18n.t("admin-purpose-notice-en")}</label>
                                        {move || inline("description_en")}
                                        <textarea
                                            class="input textarea"
                                            id="description_en"
                                            name="description_en"
                                            lang="en"
                                            rows="6"
                                            aria-describedby=move || described("description_en")
                                        >
                                            {p.description_en.clone()}
                                        </textarea>
                                    </div>
                                    <div class="field">
                                        <label for="validity_months">{i18n.t("admin-purpose-validity")}</label>
                                        <p class="hint" id="validity_months-hint">{i18n.t("admin-purpose-validity-hint")}</p>
                                        {move || inline("validity_months")}
                                        <input
                                            class="input input-short"
                                            id="validity_months"
                                            name="validity_months"
                                            inputmode="numeric"
                                            value=p.validity_months.map(|m| m.to_string()).unwrap_or_default()
                                            aria-describedby=move || {
                                                match described("validity_months") {
                                                    Some(error) => format!("validity_months-hint {error}"),
                                                    None => "validity_months-hint".to_owned(),
                                                }
                                            }
                                        />
                                    </div>
                                    <div class="button-group">
                                        <button type="submit" class="button">{i18n.t("admin-purpose-save")}</button>
                                        <a href="/admin/purposes">{i18n.t("consent-cancel")}</a>
                                    </div>
                                </ActionForm>
                            }
                            .into_any()
                        }
                        None => view! { <ErrorMessage error=AppError::NotFound /> }.into_any(),
                    },
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
