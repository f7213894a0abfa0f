//! The start page: what the service lets a citizen do, in plain words.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{key, use_i18n};

const CAN_DO: &[&str] = &[
    key("home-can-holdings"),
    key("home-can-sharing"),
    key("home-can-consent"),
    key("home-can-requests"),
    key("home-can-follow"),
];

/// `/`: the public start page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let can_do = CAN_DO
        .iter()
        .map(|item| view! { <li>{i18n.t(item)}</li> })
        .collect_view();
    view! {
        <leptos_meta::Title text=i18n.title("home-title") />
        <h1>{i18n.t("home-heading")}</h1>
        <p class="lead">{i18n.t("home-lead")}</p>
        <h2>{i18n.t("home-can-heading")}</h2>
        <ul class="list-bullet">{can_do}</ul>
        <h2>{i18n.t("home-need-heading")}</h2>
        <p>{i18n.t("home-need-body")}</p>
        <h2>{i18n.t("home-other-heading")}</h2>
        <p>{i18n.t("home-other-body")} " " <A href="/officers">{i18n.t("home-other-link")}</A></p>
        <h2>{i18n.t("home-law-heading")}</h2>
        <p>{i18n.t("home-law-body")}</p>
    }
}
