//! The public directory of provincial data-protection officers: who is
//! accountable for personal data in each province.

use leptos::prelude::*;

use crate::{
    api::list_data_protection_officers,
    components::{DataTable, Loaded},
    domain::DataProtectionOfficer,
    i18n::use_i18n,
};

/// `/officers`: every province's named data-protection officer.
#[component]
pub fn OfficersPage() -> impl IntoView {
    let i18n = use_i18n();
    let officers = Resource::new(|| (), |_| list_data_protection_officers());
    let show = |list: Vec<DataProtectionOfficer>| view! { <OfficersTable officers=list /> };
    view! {
        <leptos_meta::Title text=i18n.title("officers-title") />
        <h1>{i18n.t("officers-title")}</h1>
        <p class="lead">{i18n.t("officers-lead")}</p>
        <Loaded resource=officers content=show />
    }
}

const COLUMNS: [&str; 4] = [
    "officers-col-province",
    "officers-col-officer",
    "officers-col-email",
    "officers-col-phone",
];

#[component]
fn OfficersTable(officers: Vec<DataProtectionOfficer>) -> impl IntoView {
    let i18n = use_i18n();
    if officers.is_empty() {
        return view! { <p>{i18n.t("officers-empty")}</p> }.into_any();
    }
    let caption = i18n.t_with("officers-caption", &[("count", officers.len().to_string())]);
    let rows = officers
        .into_iter()
        .map(|officer| {
            let mailto = format!("mailto:{}", officer.email);
            let tel = format!("tel:{}", officer.phone.replace(' ', ""));
            view! {
                <tr>
                    <th scope="row">
                        {officer.province.name(i18n.lang).to_owned()} <br />
                        <span class="secondary">{i18n.t(officer.province.kind.message_id())}</span>
                    </th>
                    <td>
                        {officer.full_name.clone()} <br /> {officer.title(i18n.lang).to_owned()}
                        {(!officer.address.is_empty())
                            .then(|| {
                                view! {
                                    <br />
                                    <span lang="vi">{officer.address.clone()}</span>
                                }
                            })}
                        {(!officer.hours(i18n.lang).is_empty())
                            .then(|| {
                                view! {
                                    <br />
                                    {officer.hours(i18n.lang).to_owned()}
                                }
                            })}
                        {officer
                            .updated_at
                            .map(|at| {
                                view! {
                                    <br />
                                    <span class="secondary">
                                        {i18n
                                            .t_with(
                                                "officers-updated",
                                                &[
                                                    (
                                                        "date",
                                                        crate::domain::datetime::format_date(at, i18n.lang),
                                                    ),
                                                ],
                                            )}
                                    </span>
                                }
                            })}
                    </td>
                    <td>
                        <a href=mailto>{officer.email.clone()}</a>
                    </td>
                    <td>
                        <a href=tel>{officer.phone.clone()}</a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption columns=COLUMNS.to_vec()>
            {rows}
        </DataTable>
    }
    .into_any()
}
