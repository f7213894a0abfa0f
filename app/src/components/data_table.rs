//! A table of records: captioned, its column headers translated, and
//! scrollable on a narrow screen in a region the keyboard can reach (axe's
//! `scrollable-region-focusable`). The same markup for every table.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// `children` are the rows; `columns` the Fluent keys of the headers.
#[component]
pub fn DataTable(
    caption: String,
    columns: Vec<&'static str>,
    /// The caption is for screen readers only (the page's heading says it).
    #[prop(optional)]
    hide_caption: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let headers = columns
        .into_iter()
        .map(|key| view! { <th scope="col">{i18n.t(key)}</th> })
        .collect_view();
    let label = caption.clone();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table>
                <caption class:visually-hidden=hide_caption>{caption}</caption>
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
