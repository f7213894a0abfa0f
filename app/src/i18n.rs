//! Translations: every string a person sees comes from `locales/{vi,en}/*.ftl`
//! through this module. The files are compiled into both the server and the
//! WASM bundle, so server rendering and hydration produce the same text.

use std::{borrow::Cow, collections::HashMap};

use fluent_templates::{Loader, fluent_bundle::FluentValue, static_loader};
use leptos::prelude::*;
use unic_langid::{LanguageIdentifier, langid};

use crate::domain::Lang;

static_loader! {
    static LOCALES = {
        locales: "../locales",
        fallback_language: "vi",
        // Unicode isolation marks around arguments break copy-paste and
        // text matching; our arguments are plain text in the same direction.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static VI: LanguageIdentifier = langid!("vi");
static EN: LanguageIdentifier = langid!("en");

fn langid(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// Looks up a message. A missing key shows the key itself (and a test makes
/// sure no key used in the code is missing).
pub fn translate(lang: Lang, key: &str) -> String {
    LOCALES
        .try_lookup(langid(lang), key)
        .unwrap_or_else(|| key.to_owned())
}

/// Looks up a message with named arguments.
pub fn translate_with(lang: Lang, key: &str, args: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
        .collect();
    LOCALES
        .try_lookup_with_args(langid(lang), key, &args)
        .unwrap_or_else(|| key.to_owned())
}

/// Whether a message exists in the given language.
pub fn has_message(lang: Lang, key: &str) -> bool {
    LOCALES.try_lookup(langid(lang), key).is_some()
}

/// Marks a string literal as a message key where it is not looked up on the
/// spot (for example in a table of sections), so the key check finds it.
pub const fn key(id: &'static str) -> &'static str {
    id
}

/// The language of the page being rendered, provided as context by [`crate::App`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    pub lang: Lang,
}

impl I18n {
    /// The message `key` in the page's language.
    pub fn t(self, key: &str) -> String {
        translate(self.lang, key)
    }

    /// The message `key` with arguments, in the page's language.
    pub fn t_with(self, key: &str, args: &[(&'static str, String)]) -> String {
        translate_with(self.lang, key, args)
    }

    /// "Page – Service" for the document title.
    pub fn title(self, page_key: &str) -> String {
        self.t_with("page-title", &[("page", self.t(page_key))])
    }
}

/// The page's translations. Falls back to Vietnamese outside the app tree.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n {
        lang: Lang::default(),
    })
}

/// The language this response is rendered in: on the server, the one the
/// request middleware negotiated; in the browser, the `<html lang>` the
/// server wrote, so hydration always matches the server's HTML.
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Lang>().copied())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_translate_the_service_name_differently() {
        let vi = translate(Lang::Vi, "service-name");
        let en = translate(Lang::En, "service-name");
        assert_ne!(vi, "service-name");
        assert_ne!(en, "service-name");
        assert_ne!(vi, en);
    }

    #[test]
    fn arguments_are_inserted_without_isolation_marks() {
        let title = translate_with(Lang::En, "page-title", &[("page", "Home".into())]);
        assert!(title.starts_with("Home – "), "{title}");
        assert!(!title.contains('\u{2068}'));
    }

    #[test]
    fn a_missing_key_shows_the_key() {
        assert_eq!(
            translate(Lang::En, "no-such-key-anywhere"),
            "no-such-key-anywhere"
        );
        assert!(!has_message(Lang::Vi, "no-such-key-anywhere"));
    }
}
