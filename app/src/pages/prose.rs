//! Long-form pages (privacy notice, accessibility statement) written as
//! sections of translated paragraphs.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A section: an optional anchor id (for links such as `/privacy#cookies`),
/// its heading key and its paragraph keys.
pub struct Section {
    pub id: Option<&'static str>,
    pub heading: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// Renders a heading, a lead paragraph and the sections; `args` fill the
/// paragraphs' placeholders (figures from configuration).
#[component]
pub fn ProsePage(
    title: &'static str,
    lead: &'static str,
    sections: &'static [Section],
    #[prop(optional)] args: Vec<(&'static str, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sections = sections
        .iter()
        .map(|section| {
            let paragraphs = section
                .paragraphs
                .iter()
                .map(|p| view! { <p>{i18n.t_with(p, &args)}</p> })
                .collect_view();
            view! {
                <section id=section.id aria-labelledby=section.heading>
                    <h2 id=section.heading>{i18n.t(section.heading)}</h2>
                    {paragraphs}
                </section>
            }
        })
        .collect_view();
    view! {
        <leptos_meta::Title text=i18n.title(title) />
        <h1>{i18n.t(title)}</h1>
        <p class="lead">{i18n.t(lead)}</p>
        {sections}
    }
}
