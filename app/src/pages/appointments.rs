//! People and roles: who holds which staff role since when and under which
//! decision (administrators and auditors read it), the appointment form and
//! the revocation page (administrators), and the audit trail of changes.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::{
    api::appointments::{
        Appoint, RevokeAppointment, list_admin_changes, list_appointments,
        list_appointments_to_change,
    },
    components::{
        CsrfField, DataTable, ErrorMessage, Loaded, described_by, inline_error, reason_field,
        text_field, use_session_view,
    },
    domain::{
        Province, RoleGrant,
        appointments::{AdminChange, Appointment, AuditTrail, Roster, StaffRole, WrittenDecision},
        datetime::{format_date, parse_rfc3339},
    },
    error::AppError,
    i18n::{I18n, use_i18n},
};

/// Whether the signed-in person may change appointments (auditors only
/// read).
fn may_change() -> bool {
    use_session_view()
        .viewer
        .is_some_and(|viewer| viewer.has_role(crate::domain::Role::Administrator))
}

/// "Data-protection officer, Hà Nội", "Administrator", ….
fn role_label(i18n: I18n, grant: &RoleGrant, provinces: &[Province]) -> String {
    let role = StaffRole::of(grant);
    let name = i18n.t(role.message_id());
    match (role, grant.province_code.as_deref()) {
        (StaffRole::Dpo, Some(code)) => {
            let province = provinces
                .iter()
                .find(|p| p.code == code)
                .map(|p| p.name(i18n.lang).to_owned())
                .unwrap_or_else(|| code.to_owned());
            i18n.t_with(
                "appointment-role-in",
                &[("role", name), ("province", province)],
            )
        }
        _ => name,
    }
}

/// What a change was about: the role, or the province whose officer changed.
fn change_subject(i18n: I18n, change: &AdminChange, provinces: &[Province]) -> String {
    if let Some(code) = &change.subject {
        return code.clone();
    }
    match (&change.grant, change.province_code.as_deref()) {
        (Some(grant), _) => role_label(i18n, grant, provinces),
        (None, Some(crate::domain::requests::NATIONAL_UNIT)) => i18n.t("officer-national-unit"),
        (None, Some(code)) => i18n.t_with(
            "officer-of",
            &[(
                "province",
                provinces
                    .iter()
                    .find(|p| p.code == code)
                    .map_or_else(|| code.to_owned(), |p| p.name(i18n.lang).to_owned()),
            )],
        ),
        (None, None) => i18n.t("appointment-no-decision"),
    }
}

/// "12/QĐ-UBND, 30/11/2026", or a dash.
fn decision_label(i18n: I18n, decision: Option<&WrittenDecision>) -> String {
    match decision {
        None => i18n.t("appointment-no-decision"),
        Some(WrittenDecision { number, date: None }) => number.clone(),
        Some(WrittenDecision {
            number,
            date: Some(date),
        }) => {
            let unix = parse_rfc3339(&format!("{}T12:00:00+07:00", date.iso())).unwrap_or_default();
            i18n.t_with(
                "appointment-decision-dated",
                &[
                    ("number", number.clone()),
                    ("date", format_date(unix, i18n.lang)),
                ],
            )
        }
    }
}

/// A person as the lists name them: name and masked number.
fn person_label(i18n: I18n, name: Option<&str>, masked_id: Option<&str>) -> String {
    let name = name
        .map(str::to_owned)
        .unwrap_or_else(|| i18n.t("appointment-unnamed"));
    match masked_id {
        Some(masked) => format!("{name} ({masked})"),
        None => name,
    }
}

/// The notice after an appointment or revocation.
fn flash(i18n: I18n) -> impl IntoView {
    let query = use_query_map();
    move || {
        let query = query.read();
        let key = if query.get("appointed").is_some() {
            "appointment-done"
        } else if query.get("held").is_some() {
            "appointment-already-held"
        } else if query.get("revoked").is_some() {
            "appointment-revoked"
        } else {
            return None;
        };
        Some(view! {
            <div class="notification" role="status">
                <p>{i18n.t(key)}</p>
            </div>
        })
    }
}

/// `/admin/people`: every role held.
#[component]
pub fn AdminPeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let roster = Resource::new(|| (), |_| list_appointments());
    let editable = may_change();
    let show = move |roster: Roster| {
        let rows = roster
            .held
            .iter()
            .map(|a: &Appointment| {
                let person = person_label(i18n, a.full_name.as_deref(), a.masked_id.as_deref());
                let hidden = person.clone();
                let action = editable.then(move || {
                    view! {
                        <A href=format!(
                            "/admin/people/{}",
                            a.id,
                        )>
                            {i18n.t("appointment-revoke")}
                            <span class="visually-hidden">": " {hidden}</span>
                        </A>
                    }
                });
                view! {
                    <tr id=format!("appointment-{}", a.id)>
                        <td>{person.clone()}</td>
                        <td>{role_label(i18n, &a.grant, &roster.provinces)}</td>
                        <td>{decision_label(i18n, a.decision.as_ref())}</td>
                        <td>{format_date(a.since, i18n.lang)}</td>
                        <td>
                            {a
                                .appointed_by
                                .clone()
                                .unwrap_or_else(|| i18n.t("appointment-no-decision"))}
                        </td>
                        {editable.then(|| view! { <td>{action}</td> })}
                    </tr>
                }
            })
            .collect_view();
        let mut columns = vec![
            "appointment-col-person",
            "appointment-col-role",
            "appointment-col-decision",
            "appointment-col-since",
            "appointment-col-by",
        ];
        if editable {
            columns.push("admin-purpose-actions");
        }
        view! {
            <DataTable caption=i18n.t("appointments-title") columns hide_caption=true>
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("appointments-title") />
        {flash(i18n)}
        <h1>{i18n.t("appointments-title")}</h1>
        <p class="lead">{i18n.t("appointments-lead")}</p>
        {editable
            .then(|| {
                view! {
                    <p>
                        <A href="/admin/people/new" attr:class="button">
                            {i18n.t("appointment-new")}
                        </A>
                    </p>
                }
            })}
        <Loaded resource=roster content=show />
        <p>
            <A href="/admin/changes">{i18n.t("admin-changes-title")}</A>
        </p>
    }
}

/// `/admin/people/new`: appoint a person to a role.
#[component]
pub fn AdminAppointPage() -> impl IntoView {
    let i18n = use_i18n();
    let roster = Resource::new(|| (), |_| list_appointments_to_change());
    let appoint = ServerAction::<Appoint>::new();
    let failure = move || appoint.value().get().and_then(Result::err);
    let inline = move |field: &'static str| inline_error(i18n, failure(), field);
    let described =
        move |field: &'static str, hint: Option<&'static str>| described_by(failure(), field, hint);
    let show = move |roster: Roster| {
        let options = roster
            .provinces
            .iter()
            .map(|p| {
                view! { <option value=p.code.clone()>{p.name(i18n.lang).to_owned()}</option> }
            })
            .collect_view();
        let roles = StaffRole::ALL
            .iter()
            .map(|role| {
                let id = format!("role-{}", role.code());
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name="role" value=role.code() />
                        <label for=id>{i18n.t(role.message_id())}</label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <ActionForm action=appoint>
                <CsrfField />
                <div class="field">
                    <label for="personal_id">{i18n.t("appointment-personal-id")}</label>
                    <p class="hint" id="personal_id-hint">
                        {i18n.t("appointment-personal-id-hint")}
                    </p>
                    {move || inline("personal_id")}
                    <input
                        class="input input-short"
                        id="personal_id"
                        name="personal_id"
                        inputmode="numeric"
                        autocomplete="off"
                        aria-describedby=move || described("personal_id", Some("personal_id-hint"))
                    />
                </div>
                <div class="field">
                    <label for="full_name">{i18n.t("appointment-full-name")}</label>
                    {move || inline("full_name")}
                    <input
                        class="input"
                        id="full_name"
                        name="full_name"
                        autocomplete="off"
                        aria-describedby=move || described("full_name", None)
                    />
                </div>
                <fieldset class="fieldset" aria-describedby=move || described("role", None)>
                    <legend>{i18n.t("appointment-role")}</legend>
                    {move || inline("role")}
                    {roles}
                </fieldset>
                <div class="field">
                    <label for="province">{i18n.t("appointment-province")}</label>
                    <p class="hint" id="province-hint">
                        {i18n.t("appointment-province-hint")}
                    </p>
                    {move || inline("province")}
                    <select
                        class="input"
                        id="province"
                        name="province"
                        aria-describedby=move || described("province", Some("province-hint"))
                    >
                        <option value="">{i18n.t("appointment-province-none")}</option>
                        {options}
                    </select>
                </div>
                <div class="field">
                    <label for="decision_number">{i18n.t("appointment-decision-number")}</label>
                    <p class="hint" id="decision_number-hint">
                        {i18n.t("appointment-decision-number-hint")}
                    </p>
                    {move || inline("decision_number")}
                    <input
                        class="input"
                        id="decision_number"
                        name="decision_number"
                        aria-describedby=move || described(
                            "decision_number",
                            Some("decision_number-hint"),
                        )
                    />
                </div>
                <div class="field">
                    <label for="decision_date">{i18n.t("appointment-decision-date")}</label>
                    {move || inline("decision_date")}
                    <input
                        class="input input-date"
                        id="decision_date"
                        name="decision_date"
                        type="date"
                        aria-describedby=move || described("decision_date", None)
                    />
                </div>
                {reason_field(i18n, failure)}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("appointment-submit")}
                    </button>
                    <a href="/admin/people">{i18n.t("consent-cancel")}</a>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("appointment-new") />
        <p>
            <A href="/admin/people" attr:class="back-link">
                {i18n.t("appointments-back")}
            </A>
        </p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <h1>{i18n.t("appointment-new")}</h1>
        <Loaded resource=roster content=show />
    }
}

/// `/admin/people/:id`: revoke one appointment, with the reason.
#[component]
pub fn AdminRevokePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let roster = Resource::new(|| (), |_| list_appointments_to_change());
    let revoke = ServerAction::<RevokeAppointment>::new();
    let failure = move || revoke.value().get().and_then(Result::err);
    let inline = move |field: &'static str| inline_error(i18n, failure(), field);
    let show = move |roster: Roster| {
        let wanted = id();
        let Some(a) = roster
            .held
            .iter()
            .find(|a| a.id.to_string() == wanted)
            .cloned()
        else {
            return view! { <ErrorMessage error=AppError::NotFound /> }.into_any();
        };
        let person = person_label(i18n, a.full_name.as_deref(), a.masked_id.as_deref());
        view! {
            <h1>
                <span class="caption">{i18n.t("appointment-revoke-title")}</span>
                " "
                {person}
            </h1>
            <dl class="summary-list">
                <div class="summary-list-row">
                    <dt>{i18n.t("appointment-col-role")}</dt>
                    <dd>{role_label(i18n, &a.grant, &roster.provinces)}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("appointment-col-decision")}</dt>
                    <dd>{decision_label(i18n, a.decision.as_ref())}</dd>
                </div>
                <div class="summary-list-row">
                    <dt>{i18n.t("appointment-col-since")}</dt>
                    <dd>{format_date(a.since, i18n.lang)}</dd>
                </div>
            </dl>
            <p>{i18n.t("appointment-revoke-effect")}</p>
            <ActionForm action=revoke>
                <CsrfField />
                <input type="hidden" name="id" value=a.id.to_string() />
                {move || inline("id")}
                {reason_field(i18n, failure)}
                <div class="button-group">
                    <button type="submit" class="button button-warning">
                        {i18n.t("appointment-revoke-submit")}
                    </button>
                    <a href="/admin/people">{i18n.t("consent-cancel")}</a>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("appointment-revoke-title") />
        <p>
            <A href="/admin/people" attr:class="back-link">
                {i18n.t("appointments-back")}
            </A>
        </p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <Loaded resource=roster content=show />
    }
}

/// `/admin/changes`: the audit trail, newest first.
#[component]
pub fn AdminChangesPage() -> impl IntoView {
    let i18n = use_i18n();
    let trail = Resource::new(|| (), |_| list_admin_changes());
    let show = move |trail: AuditTrail| {
        if trail.changes.is_empty() {
            return view! { <p>{i18n.t("admin-changes-empty")}</p> }.into_any();
        }
        let rows = trail
            .changes
            .iter()
            .map(|c: &AdminChange| {
                view! {
                    <tr>
                        <td>
                            <time datetime=crate::domain::datetime::iso_datetime(
                                c.at,
                            )>{crate::domain::datetime::format_datetime(c.at, i18n.lang)}</time>
                        </td>
                        <td>
                            {c.actor.clone().unwrap_or_else(|| i18n.t("admin-change-command-line"))}
                        </td>
                        <td>{i18n.t(c.kind.message_id())}</td>
                        <td>
                            {person_label(
                                i18n,
                                c.person_name.as_deref(),
                                c.person_masked_id.as_deref(),
                            )}
                        </td>
                        <td>{change_subject(i18n, c, &trail.provinces)}</td>
                        <td>{decision_label(i18n, c.decision.as_ref())}</td>
                        <td>{c.reason.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable
                caption=i18n.t("admin-changes-title")
                columns=vec![
                    "admin-change-col-when",
                    "admin-change-col-who",
                    "admin-change-col-what",
                    "appointment-col-person",
                    "appointment-col-role",
                    "appointment-col-decision",
                    "admin-change-col-why",
                ]
                hide_caption=true
            >
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("admin-changes-title") />
        <h1>{i18n.t("admin-changes-title")}</h1>
        <p class="lead">{i18n.t("admin-changes-lead")}</p>
        <Loaded resource=trail content=show />
        <p>
            <A href="/admin/people">{i18n.t("appointments-title")}</A>
        </p>
    }
}

/// `/admin/officers`: each province's published officer and the national
/// unit, with the date of the last change.
#[component]
pub fn AdminOfficersPage() -> impl IntoView {
    use crate::api::directory::{OfficerDirectory, list_officers_for_admin};
    let i18n = use_i18n();
    let query = use_query_map();
    let directory = Resource::new(|| (), |_| list_officers_for_admin());
    let show = move |directory: OfficerDirectory| {
        let changed = |officer: Option<&crate::domain::DataProtectionOfficer>| {
            officer
                .and_then(|o| o.updated_at)
                .map(|at| format_date(at, i18n.lang))
                .unwrap_or_else(|| i18n.t("appointment-no-decision"))
        };
        let row = |code: String,
                   place: String,
                   officer: Option<&crate::domain::DataProtectionOfficer>| {
            let name = officer
                .map(|o| o.full_name.clone())
                .unwrap_or_else(|| i18n.t("officer-none"));
            let hidden = place.clone();
            view! {
                <tr>
                    <th scope="row">{place}</th>
                    <td>{name}</td>
                    <td>{changed(officer)}</td>
                    <td>
                        <A href=format!(
                            "/admin/officers/{code}",
                        )>
                            {i18n.t("officer-edit")}
                            <span class="visually-hidden">": " {hidden}</span>
                        </A>
                    </td>
                </tr>
            }
        };
        let mut rows = vec![row(
            crate::domain::requests::NATIONAL_UNIT.to_owned(),
            i18n.t("officer-national-unit"),
            Some(&directory.national_unit),
        )];
        rows.extend(directory.provinces.iter().map(|p| {
            row(
                p.code.clone(),
                p.name(i18n.lang).to_owned(),
                directory
                    .officers
                    .iter()
                    .find(|o| o.province.code == p.code),
            )
        }));
        view! {
            <DataTable
                caption=i18n.t("admin-officers-title")
                columns=vec![
                    "officers-col-province",
                    "officers-col-officer",
                    "officer-col-updated",
                    "admin-purpose-actions",
                ]
                hide_caption=true
            >
                {rows.collect_view()}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("admin-officers-title") />
        {move || {
            query
                .read()
                .get("saved")
                .map(|_| {
                    view! {
                        <div class="notification" role="status">
                            <p>{i18n.t("officer-saved")}</p>
                        </div>
                    }
                })
        }}
        <h1>{i18n.t("admin-officers-title")}</h1>
        <p class="lead">{i18n.t("admin-officers-lead")}</p>
        <Loaded resource=directory content=show />
    }
}

/// `/admin/officers/:province`: change one province's published officer.
#[component]
pub fn AdminOfficerPage() -> impl IntoView {
    use crate::api::directory::{OfficerDirectory, UpdateOfficer, list_officers_for_admin};
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("province").unwrap_or_default();
    let directory = Resource::new(|| (), |_| list_officers_for_admin());
    let save = ServerAction::<UpdateOfficer>::new();
    let failure = move || save.value().get().and_then(Result::err);
    let show = move |directory: OfficerDirectory| {
        let wanted = code();
        let national = wanted == crate::domain::requests::NATIONAL_UNIT;
        let place = if national {
            Some(i18n.t("officer-national-unit"))
        } else {
            directory
                .provinces
                .iter()
                .find(|p| p.code == wanted)
                .map(|p| p.name(i18n.lang).to_owned())
        };
        let Some(place) = place else {
            return view! { <ErrorMessage error=AppError::NotFound /> }.into_any();
        };
        let current = if national {
            Some(directory.national_unit.clone())
        } else {
            directory
                .officers
                .iter()
                .find(|o| o.province.code == wanted)
                .cloned()
        };
        let value = move |get: fn(&crate::domain::DataProtectionOfficer) -> String| {
            current.as_ref().map(get).unwrap_or_default()
        };
        let field = move |name: &'static str,
                          label: &'static str,
                          lang: Option<&'static str>,
                          text: String| {
            text_field(i18n, failure, name, label, None, lang, text)
        };
        view! {
            <h1>
                <span class="caption">{i18n.t("officer-edit-title")}</span>
                " "
                {place}
            </h1>
            <ActionForm action=save>
                <CsrfField />
                <input type="hidden" name="province" value=wanted.clone() />
                {field("full_name", "officer-full-name", None, value(|o| o.full_name.clone()))}
                {field("title_vi", "officer-title-vi", Some("vi"), value(|o| o.title_vi.clone()))}
                {field("title_en", "officer-title-en", Some("en"), value(|o| o.title_en.clone()))}
                {field("email", "officer-email", None, value(|o| o.email.clone()))}
                {field("phone", "officer-phone", None, value(|o| o.phone.clone()))}
                {field("address", "officer-address", Some("vi"), value(|o| o.address.clone()))}
                {field("hours_vi", "officer-hours-vi", Some("vi"), value(|o| o.hours_vi.clone()))}
                {field("hours_en", "officer-hours-en", Some("en"), value(|o| o.hours_en.clone()))}
                {reason_field(i18n, failure)}
                <div class="button-group">
                    <button type="submit" class="button">
                        {i18n.t("officer-save")}
                    </button>
                    <a href="/admin/officers">{i18n.t("consent-cancel")}</a>
                </div>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <leptos_meta::Title text=i18n.title("officer-edit-title") />
        <p>
            <A href="/admin/officers" attr:class="back-link">
                {i18n.t("admin-officers-back")}
            </A>
        </p>
        {move || failure().map(|error| view! { <ErrorMessage error /> })}
        <Loaded resource=directory content=show />
    }
}
