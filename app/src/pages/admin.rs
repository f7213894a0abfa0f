//! Administration: the purposes of processing, and the consent purposes'
//! notices and validity. Every
//! change of a notice gets the next version number; receipts keep the
//! version and text that people were shown.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    api::{consent::UpdatePurposeNotice, list_purposes_for_admin},
    components::{
        CsrfField, DataTable, ErrorMessage, Loaded, described_by, inline_error, reason_field,
        reason_field_as,
    },
    domain::{consent::Purpose, deadlines::CalendarData},
    error::AppError,
    i18n::use_i18n,
};

/// `/admin/purposes`: every purpose; the notices of those that rest on
/// consent can be edited.
#[component]
pub fn AdminPurposesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let saved = move || query.read().get("saved").map(|_| "admin-purpose-saved");
    let added = move || query.read().get("added").map(|_| "catalogue-purpose-added");
    let purposes = Resource::new(|| (), |_| list_purposes_for_admin());
    let show = move |list: Vec<Purpose>| {
        let rows = list
            .into_iter()
            .map(|p| {
                let name = p.purpose.name(i18n.lang).to_owned();
                let validity = p
                    .validity_months
                    .map(|m| i18n.t_with("consent-validity-months", &[("months", m.to_string())]))
                    .unwrap_or_else(|| i18n.t("consent-validity-open"));
                let basis = if p.rests_on_consent {
                    i18n.t("catalogue-basis-consent")
                } else {
                    p.legal_basis.name(i18n.lang).to_owned()
                };
                let label = name.clone();
                let edit = p.rests_on_consent.then(move || {
                    view! {
                        <A href=format!(
                            "/admin/purposes/{}",
                            p.purpose.code,
                        )>
                            {i18n.t("admin-purpose-edit")}
                            <span class="visually-hidden">": " {label}</span>
                        </A>
                    }
                });
                view! {
                    <tr>
                        <td>{name.clone()}</td>
                        <td>{p.controller.map(|c| c.name(i18n.lang).to_owned())}</td>
                        <td>{basis}</td>
                        <td>{p.notice_version.to_string()}</td>
                        <td>{p.rests_on_consent.then_some(validity)}</td>
                        <td>{edit}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable
                caption=i18n.t("admin-purposes-title")
                columns=vec![
                    "consent-col-purpose",
                    "consent-controller",
                    "catalogue-col-basis",
                    "consent-notice-version",
                    "consent-validity",
                    "admin-purpose-actions",
                ]
                hide_caption=true
            >
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("admin-purposes-title") />
        {move || {
            saved()
                .or_else(added)
                .map(|key| {
                    view! {
                        <div class="notification" role="status">
                            <p>{i18n.t(key)}</p>
                        </div>
                    }
                })
        }}
        <h1>{i18n.t("admin-purposes-title")}</h1>
        <p class="lead">{i18n.t("admin-purposes-lead")}</p>
        <ul class="list-inline">
            <li>
                <A href="/admin/purposes/new" attr:class="button">
                    {i18n.t("catalogue-purpose-add")}
                </A>
            </li>
            <li>
                <A href="/admin/categories">{i18n.t("catalogue-categories-title")}</A>
            </li>
        </ul>
        <Loaded resource=purposes content=show />
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
    let inline = move |field: &'static str| inline_error(i18n, failure(), field);
    let described =
        move |field: &'static str, hint: Option<&'static str>| described_by(failure(), field, hint);
    let show = move |list: Vec<Purpose>| {
        let wanted = code();

        match list
            .into_iter()
            .find(|p| p.purpose.code == wanted && p.rests_on_consent)
        {
            Some(p) => view! {
                <h1>
                    <span class="caption">{i18n.t("admin-purpose-title")}</span>
                    " "
                    {p.purpose.name(i18n.lang).to_owned()}
                </h1>
                <p>
                    {i18n
                        .t_with(
                            "admin-purpose-version",
                            &[("version", p.notice_version.to_string())],
                        )}
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
                            aria-describedby=move || described("description_vi", None)
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
                            aria-describedby=move || described("description_en", None)
                        >
                            {p.description_en.clone()}
                        </textarea>
                    </div>
                    <div class="field">
                        <label for="validity_months">{i18n.t("admin-purpose-validity")}</label>
                        <p class="hint" id="validity_months-hint">
                            {i18n.t("admin-purpose-validity-hint")}
                        </p>
                        {move || inline("validity_months")}
                        <input
                            class="input input-short"
                            id="validity_months"
                            name="validity_months"
                            inputmode="numeric"
                            value=p.validity_months.map(|m| m.to_string()).unwrap_or_default()
                            aria-describedby=move || described(
                                "validity_months",
                                Some("validity_months-hint"),
                            )
                        />
                    </div>
                    {reason_field(i18n, failure)}
                    <div class="button-group">
                        <button type="submit" class="button">
                            {i18n.t("admin-purpose-save")}
                        </button>
                        <a href="/admin/purposes">{i18n.t("consent-cancel")}</a>
                    </div>
                </ActionForm>
            }
            .into_any(),
            None => view! { <ErrorMessage error=AppError::NotFound /> }.into_any(),
        }
    };
    view! {
        <leptos_meta::Title text=i18n.title("admin-purpose-title") />
        <p>
            <A href="/admin/purposes" attr:class="back-link">
                {i18n.t("admin-purposes-back")}
            </A>
        </p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <Loaded resource=purposes content=show />
    }
}

/// `/admin/calendar?year=YYYY`: the days off and weekend days worked of one
/// year, a form to add or change a day, and the year's completeness.
#[component]
pub fn AdminCalendarPage() -> impl IntoView {
    use crate::{
        api::calendar::{AddCalendarYear, RemoveCalendarDay, SaveCalendarDay, load_calendar},
        domain::{
            datetime::format_date_long,
            deadlines::{Date, SEED_YEARS},
        },
    };
    let i18n = use_i18n();
    let query = use_query_map();
    let year = Memo::new(move |_| {
        query
            .read()
            .get("year")
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or(SEED_YEARS[0])
    });
    let saved = move || query.read().get("saved").is_some();
    let save = ServerAction::<SaveCalendarDay>::new();
    let remove = ServerAction::<RemoveCalendarDay>::new();
    let complete = ServerAction::<AddCalendarYear>::new();
    // Read again after every change (with JavaScript the page stays).
    let calendar = Resource::new(
        move || {
            (
                save.version().get(),
                remove.version().get(),
                complete.version().get(),
            )
        },
        |_| load_calendar(),
    );
    let save_failure = move || save.value().get().and_then(Result::err);
    let remove_failure = move || remove.value().get().and_then(Result::err);
    let complete_failure = move || complete.value().get().and_then(Result::err);
    let failure = move || {
        save_failure()
            .or_else(remove_failure)
            .or_else(complete_failure)
    };
    let inline = move |field: &'static str| inline_error(i18n, save_failure(), field);
    let described = move |field: &'static str, hint: Option<&'static str>| {
        described_by(save_failure(), field, hint)
    };
    let show = move |data: CalendarData| {
        let year = year.get();

        let mut years = data.years.clone();
        for y in [year, years.last().map_or(year, |last| last + 1)] {
            if !years.contains(&y) {
                years.push(y);
            }
        }
        years.sort();
        let year_links = years
            .into_iter()
            .map(|y| {
                let label = i18n.t_with("admin-calendar-year", &[("year", y.to_string())]);
                if y == year {
                    view! {
                        <li>
                            <strong aria-current="page">{label}</strong>
                        </li>
                    }
                    .into_any()
                } else {
                    view! {
                        <li>
                            <a href=format!("/admin/calendar?year={y}")>{label}</a>
                        </li>
                    }
                    .into_any()
                }
            })
            .collect_view();
        let covered = data.years.contains(&year);
        let rows: Vec<_> = data
            .days
            .into_iter()
            .filter(|d| d.date.year() == year)
            .collect();
        let removable: Vec<(String, String)> = rows
            .iter()
            .map(|d| {
                let name = match i18n.lang {
                    crate::domain::Lang::Vi => &d.name_vi,
                    crate::domain::Lang::En => &d.name_en,
                };
                (d.date.iso(), format!("{} ({name})", d.date.iso()))
            })
            .collect();
        let table = if rows.is_empty() {
            view! { <p>{i18n.t("admin-calendar-empty")}</p> }.into_any()
        } else {
            let rows = rows
                .into_iter()
                .map(|d| {
                    let iso = d.date.iso();
                    let unix =
                        crate::domain::datetime::parse_rfc3339(&format!("{iso}T12:00:00+07:00"))
                            .unwrap_or_default();
                    let name = match i18n.lang {
                        crate::domain::Lang::Vi => d.name_vi.clone(),
                        crate::domain::Lang::En => d.name_en.clone(),
                    };
                    view! {
                        <tr>
                            <td>
                                <time datetime=iso
                                    .clone()>{format_date_long(unix, i18n.lang)}</time>
                            </td>
                            <td>
                                {i18n
                                    .t(
                                        if d.day_off {
                                            "admin-calendar-kind-off"
                                        } else {
                                            "admin-calendar-kind-work"
                                        },
                                    )}
                            </td>
                            <td>{name}</td>
                            <td>
                                {i18n
                                    .t(
                                        if d.confirmed {
                                            "admin-calendar-confirmed-yes"
                                        } else {
                                            "admin-calendar-confirmed-no"
                                        },
                                    )}
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable
                    caption=i18n.t_with("admin-calendar-year", &[("year", year.to_string())])
                    columns=vec![
                        "admin-calendar-date",
                        "admin-calendar-kind",
                        "admin-calendar-name",
                        "admin-calendar-confirmed",
                    ]
                >
                    {rows}
                </DataTable>
            }
            .into_any()
        };
        let completeness = if covered {
            view! { <p>{i18n.t("admin-calendar-covered")}</p> }.into_any()
        } else {
            view! {
                <p>{i18n.t("admin-calendar-not-covered")}</p>
                <ActionForm action=complete>
                    <CsrfField />
                    <input type="hidden" name="year" value=year.to_string() />
                    {reason_field_as(i18n, complete_failure, "complete-reason")}
                    <button type="submit" class="button button-secondary">
                        {i18n.t_with("admin-calendar-complete", &[("year", year.to_string())])}
                    </button>
                </ActionForm>
            }
            .into_any()
        };
        let placeholder_date = Date::from_ymd(year, 1, 1)
            .map(Date::iso)
            .unwrap_or_default();
        view! {
            <nav aria-label=i18n.t("admin-calendar-years")>
                <ul class="list-inline">{year_links}</ul>
            </nav>
            {completeness}
            {table}
            <h2>{i18n.t("admin-calendar-add")}</h2>
            <ActionForm action=save>
                <CsrfField />
                <div class="field">
                    <label for="date">{i18n.t("admin-calendar-date")}</label>
                    <p class="hint" id="date-hint">
                        {i18n.t("admin-calendar-date-hint")}
                    </p>
                    {move || inline("date")}
                    <input
                        class="input input-date"
                        id="date"
                        name="date"
                        type="date"
                        value=placeholder_date
                        aria-describedby=move || described("date", Some("date-hint"))
                    />
                </div>
                <fieldset class="fieldset" aria-describedby=move || described("kind", None)>
                    <legend>{i18n.t("admin-calendar-kind")}</legend>
                    {move || inline("kind")}
                    <div class="radio">
                        <input type="radio" id="kind-off" name="kind" value="off" />
                        <label for="kind-off">{i18n.t("admin-calendar-kind-off")}</label>
                    </div>
                    <div class="radio">
                        <input type="radio" id="kind-work" name="kind" value="work" />
                        <label for="kind-work">{i18n.t("admin-calendar-kind-work")}</label>
                    </div>
                </fieldset>
                <div class="field">
                    <label for="name_vi">{i18n.t("admin-calendar-name-vi")}</label>
                    {move || inline("name_vi")}
                    <input
                        class="input"
                        id="name_vi"
                        name="name_vi"
                        lang="vi"
                        aria-describedby=move || described("name_vi", None)
                    />
                </div>
                <div class="field">
                    <label for="name_en">{i18n.t("admin-calendar-name-en")}</label>
                    {move || inline("name_en")}
                    <input
                        class="input"
                        id="name_en"
                        name="name_en"
                        lang="en"
                        aria-describedby=move || described("name_en", None)
                    />
                </div>
                <div class="radio">
                    <input type="checkbox" id="confirmed" name="confirmed" value="yes" />
                    <label for="confirmed">{i18n.t("admin-calendar-confirmed")}</label>
                </div>
                {reason_field_as(i18n, save_failure, "save-reason")}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("admin-calendar-save")}
                    </button>
                </div>
            </ActionForm>
            {(!removable.is_empty())
                .then(|| {
                    let options = removable
                        .into_iter()
                        .map(|(iso, label)| view! { <option value=iso>{label}</option> })
                        .collect_view();
                    view! {
                        <h2>{i18n.t("admin-calendar-remove-title")}</h2>
                        <ActionForm action=remove>
                            <CsrfField />
                            <div class="field">
                                <label for="remove_date">
                                    {i18n.t("admin-calendar-remove-date")}
                                </label>
                                {move || inline_error(i18n, remove_failure(), "remove_date")}
                                <select
                                    class="input"
                                    id="remove_date"
                                    name="date"
                                    aria-describedby=move || described_by(
                                        remove_failure(),
                                        "remove_date",
                                        None,
                                    )
                                >
                                    {options}
                                </select>
                            </div>
                            {reason_field_as(i18n, remove_failure, "remove-reason")}
                            <button type="submit" class="button button-warning">
                                {i18n.t("admin-calendar-remove")}
                            </button>
                        </ActionForm>
                    }
                })}
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("admin-calendar-title") />
        {move || {
            saved()
                .then(|| {
                    view! {
                        <div class="notification" role="status">
                            <p>{i18n.t("admin-calendar-saved")}</p>
                        </div>
                    }
                })
        }}
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <h1>{i18n.t("admin-calendar-title")}</h1>
        <p class="lead">{i18n.t("admin-calendar-lead")}</p>
        <Loaded resource=calendar content=show />
    }
}
