//! Free-text boxes and their character count (the GOV.UK "character count"
//! pattern): the one interactive part of the app and so its only island
//! (#17). Every other page ships no WASM at all.
//!
//! The server renders the limit under the box ("up to 5,000 characters"),
//! which is all a visitor without JavaScript needs: the server still checks
//! the length and answers with a translated error. In the browser the island
//! replaces the line with what is left as the person types, and says it to
//! screen readers once typing pauses. Its words come from the server-rendered
//! page (the island's props), so the WASM carries no translations.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use leptos_meta::{Link, Script};

use super::{described_by, inline_error};
use crate::{
    assets::{AssetUrls, use_asset_urls},
    domain::{
        Lang,
        requests::{MAX_TEXT, length_as_sent},
    },
    error::AppError,
    i18n::use_i18n,
};

/// The words the island shows, in the page's language. `left` and `over`
/// hold `{count}` where the number goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountWords {
    pub limit: String,
    pub left: String,
    pub over: String,
    pub lang: Lang,
}

impl CountWords {
    /// What the line says when `length` characters of `max` are typed, and
    /// whether that is too many.
    pub fn say(&self, length: usize, max: usize) -> (String, bool) {
        if length > max {
            let count = self.lang.group_digits(length - max);
            (self.over.replace(COUNT, &count), true)
        } else {
            let count = self.lang.group_digits(max - length);
            (self.left.replace(COUNT, &count), false)
        }
    }
}

const COUNT: &str = "{count}";

/// The id of the count line under the text box `field_id`; the box's
/// `aria-describedby` names it.
fn count_id(field_id: &str) -> String {
    format!("{field_id}-count")
}

/// A text box's `aria-describedby` with its character count line added.
fn with_count(described: Option<String>, field_id: &str) -> String {
    let count = count_id(field_id);
    match described {
        Some(others) => format!("{others} {count}"),
        None => count,
    }
}

/// A free-text box of at most [`MAX_TEXT`] characters with its label, hint,
/// the form's error about it and the character count: every long text a
/// person types into a request goes through here. `name` is the form field
/// (and what an error names); `id` is the box's, unique on the page.
#[component]
pub fn FreeText(
    id: &'static str,
    name: &'static str,
    label: String,
    #[prop(optional)] hint: Option<String>,
    rows: u32,
    #[prop(optional)] value: String,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let described = with_count(
        described_by(error.clone(), name, hint.as_ref().map(|_| hint_id.as_str())),
        id,
    );
    let hint = hint.map(|text| {
        view! {
            <p class="hint" id=hint_id>
                {text}
            </p>
        }
    });
    let field = view! {
        <label for=id>{label}</label>
        {hint}
        {inline_error(i18n, error, name)}
        <textarea class="textarea" id=id name=name rows=rows aria-describedby=described>
            {value}
        </textarea>
    };
    let count = || COUNT.to_owned();
    let words = CountWords {
        limit: i18n.t_with(
            "character-count-limit",
            &[("max", i18n.lang.group_digits(MAX_TEXT))],
        ),
        left: i18n.t_with("character-count-left", &[("count", count())]),
        over: i18n.t_with("character-count-over", &[("count", count())]),
        lang: i18n.lang,
    };
    // The island wraps the field: its children stay plain server HTML.
    view! {
        <div class="field">
            <CharacterCountIsland message_id=count_id(id) max=MAX_TEXT words>
                {field}
            </CharacterCountIsland>
        </div>
    }
}

#[island]
fn CharacterCountIsland(
    message_id: String,
    max: usize,
    words: CountWords,
    children: Children,
) -> impl IntoView {
    // `None` until the island runs: the server's line ("up to …") stays.
    let (length, set_length) = signal(None::<usize>);
    let (announcement, set_announcement) = signal(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        let typed = root
            .get()
            .and_then(|div| div.query_selector("textarea").ok().flatten())
            .map(|element| {
                use leptos::wasm_bindgen::JsCast;
                element
                    .unchecked_into::<leptos::web_sys::HtmlTextAreaElement>()
                    .value()
            })
            .unwrap_or_default();
        set_length.set(Some(length_as_sent(&typed)));
    });
    let said = {
        let words = words.clone();
        move || length.get().map(|n| words.say(n, max))
    };
    let on_input = {
        let words = words.clone();
        move |event: leptos::ev::Event| {
            let n = length_as_sent(&event_target_value(&event));
            set_length.set(Some(n));
            // Announce once typing pauses, not on every key.
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let (text, _) = words.say(n, max);
            let handle = set_timeout_with_handle(
                move || set_announcement.set(text),
                std::time::Duration::from_millis(1000),
            )
            .ok();
            pending.set_value(handle);
        }
    };
    let class = {
        let said = said.clone();
        move || match said() {
            Some((_, true)) => "hint character-count-message is-over",
            _ => "hint character-count-message",
        }
    };
    let line = move || said().map_or_else(|| words.limit.clone(), |(text, _)| text);
    view! {
        <div
            class="character-count"
            node_ref=root
            data-live=move || length.get().map(|_| "true")
            on:input=on_input
        >
            {children()}
            <p id=message_id class=class>
                {line}
            </p>
            <p class="visually-hidden" aria-live="polite">
                {announcement}
            </p>
        </div>
    }
}

/// The script that loads the WASM and wakes the page's islands. A page
/// with islands writes it once, beside them (a page without writes none, and
/// loads no WASM at all); it goes into the `<head>` through `leptos_meta`,
/// which collects head content while the whole page renders (the pages with
/// islands render whole before sending: `SsrMode::Async`).
#[component]
pub fn IslandScripts() -> impl IntoView {
    let urls = use_asset_urls();
    let nonce = use_nonce();
    let loader = island_loader(&urls);
    view! {
        <Link rel="modulepreload" href=urls.js />
        <Link
            rel="preload"
            href=urls.wasm
            as_="fetch"
            type_="application/wasm"
            crossorigin="anonymous"
        />
        <Script type_="module" nonce=nonce.map(|n| n.to_string()).unwrap_or_default()>
            {loader}
        </Script>
    }
}

/// The module script: load the bundle once, start it, then give each island
/// element on the page to its exported function (`data-component`). Islands
/// here are never nested, so document order is all the order there is.
fn island_loader(urls: &AssetUrls) -> String {
    format!(
        "if (!window.islandsAwake) {{ window.islandsAwake = import({js:?}).then(async (bundle) => {{ \
         await bundle.default({{ module_or_path: {wasm:?} }}); bundle.hydrate(); \
         for (const island of document.querySelectorAll(\"leptos-island\")) {{ \
         const wake = bundle[island.dataset.component]; if (wake) await wake(island); }} }}); }}",
        js = urls.js,
        wasm = urls.wasm,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lang: Lang) -> CountWords {
        CountWords {
            limit: "up to 10".into(),
            left: "{count} left".into(),
            over: "{count} too many".into(),
            lang,
        }
    }

    #[test]
    fn the_line_says_what_is_left_or_how_many_too_many() {
        assert_eq!(words(Lang::En).say(3, 10), ("7 left".into(), false));
        assert_eq!(words(Lang::En).say(10, 10), ("0 left".into(), false));
        assert_eq!(words(Lang::En).say(11, 10), ("1 too many".into(), true));
        assert_eq!(
            words(Lang::Vi).say(6_500, 5_000),
            ("1.500 too many".into(), true)
        );
        assert_eq!(words(Lang::En).say(0, 5_000), ("5,000 left".into(), false));
    }

    #[test]
    fn the_loader_names_this_build_s_files() {
        let urls = AssetUrls {
            css: "/pkg/a.1.css".into(),
            js: "/pkg/a.2.js".into(),
            wasm: "/pkg/a.3.wasm".into(),
        };
        let loader = island_loader(&urls);
        assert!(loader.contains(r#"import("/pkg/a.2.js")"#), "{loader}");
        assert!(
            loader.contains(r#"module_or_path: "/pkg/a.3.wasm""#),
            "{loader}"
        );
        assert!(
            loader.starts_with("if (!window.islandsAwake)"),
            "runs once: {loader}"
        );
    }

    #[test]
    fn the_count_words_exist_in_both_languages_with_their_number() {
        for lang in Lang::ALL {
            for key in ["character-count-left", "character-count-over"] {
                let text = crate::i18n::translate_with(lang, key, &[("count", COUNT.into())]);
                assert!(text.contains(COUNT), "{lang:?} {key}: {text}");
            }
            let limit =
                crate::i18n::translate_with(lang, "character-count-limit", &[("max", "77".into())]);
            assert!(limit.contains("77"), "{lang:?}: {limit}");
        }
    }
}
