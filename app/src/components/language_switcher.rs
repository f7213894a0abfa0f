//! Links to see the same page in the other language. They are plain links to
//! a server route that remembers the choice in a cookie and sends the visitor
//! back, so they work with JavaScript off.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    domain::{Lang, language::switch_language_href},
    i18n::{translate, use_i18n},
};

/// Each language named in itself; the current one is plain text.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let links = Lang::ALL
        .into_iter()
        .map(|lang| {
            let name = translate(lang, "language-name");
            if lang == i18n.lang {
                view! {
                    <li>
                        <span aria-current="true" lang=lang.code()>
                            {name}
                        </span>
                    </li>
                }
                .into_any()
            } else {
                let href = move || {
                    let search = location.search.get();
                    let here = if search.is_empty() {
                        location.pathname.get()
                    } else {
                        format!("{}?{}", location.pathname.get(), search)
                    };
                    switch_language_href(lang, &here)
                };
                view! {
                    <li>
                        // rel=external: a full page load, so that every part
                        // of the page is rendered again in the new language.
                        <a href=href rel="external" lang=lang.code() hreflang=lang.code()>
                            <span class="visually-hidden">
                                {translate(lang, "language-switch-hidden")}
                            </span>
                            {name}
                        </a>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <nav class="language-switcher" aria-label=i18n.t("language-switcher-label")>
            <ul>{links}</ul>
        </nav>
    }
}
