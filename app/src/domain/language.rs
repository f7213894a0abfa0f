//! The two interface languages and how a visitor's language is chosen.

use serde::{Deserialize, Serialize};

/// An interface language. Vietnamese is the default; English is the other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// Name of the cookie that remembers the visitor's language. Only the server
/// reads it; the browser side takes the language from `<html lang>`.
pub const LANG_COOKIE: &str = "lang";

impl Lang {
    /// Every supported language, default first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// BCP 47 code used in `<html lang>`, `hreflang` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// A whole number as this language writes it: `5.000` in Vietnamese,
    /// `5,000` in English.
    pub fn group_digits(self, number: usize) -> String {
        let separator = match self {
            Lang::Vi => '.',
            Lang::En => ',',
        };
        let digits = number.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(digit);
        }
        grouped
    }

    /// Parses a language tag such as `vi`, `en`, `en-GB` or `VI-vn`.
    /// Anything else is `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.trim();
        if primary.eq_ignore_ascii_case("vi") {
            Some(Lang::Vi)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Picks the supported language the browser prefers most from an
    /// `Accept-Language` header. Malformed entries are skipped, never an error.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u16)> = None;
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let mut quality = Some(1000);
            for param in parts {
                if let Some(q) = param.trim().strip_prefix("q=") {
                    quality = parse_quality(q);
                }
            }
            let Some(quality) = quality else { continue };
            // q=0 means "not acceptable"; on equal weight the earlier entry wins.
            if quality > 0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang)
    }

    /// The language for a request: the cookie if it names a supported
    /// language, else the browser's preference, else Vietnamese.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        cookie
            .and_then(Lang::parse)
            .or_else(|| accept_language.and_then(Lang::from_accept_language))
            .unwrap_or_default()
    }
}

/// Path of the route that switches language, then returns to `here`.
pub fn switch_language_href(lang: Lang, here: &str) -> String {
    format!(
        "/lang/{}?next={}",
        lang.code(),
        super::links::path_value(here)
    )
}

/// Where to send a visitor back after switching language: `next` if it is a
/// path on this site, otherwise the home page. This keeps the switch route
/// from becoming an open redirect (`//evil.example`, `/\\evil.example`,
/// `https://…`).
/// Longest return path kept (it travels in the session while signing in).
pub const MAX_RETURN_PATH: usize = 512;

pub fn safe_return_path(next: Option<&str>) -> &str {
    match next {
        Some(path) if path.len() <= MAX_RETURN_PATH && is_local_path(path) => path,
        _ => "/",
    }
}

/// Whether `path` names a page of this site: a path from the root, not a
/// scheme-relative `//host`, no backslash a browser would read as a slash,
/// no control character to split a header.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

/// Parses an HTTP quality value (`0`, `0.5`, `1.000`) into thousandths.
fn parse_quality(value: &str) -> Option<u16> {
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths: u16 = match whole {
        "0" => 0,
        "1" => 1000,
        _ => return None,
    };
    let mut scale = 100;
    for digit in fraction.bytes() {
        thousandths += u16::from(digit - b'0') * scale;
        scale /= 10;
    }
    (thousandths <= 1000).then_some(thousandths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands_in_each_language() {
        assert_eq!(Lang::Vi.group_digits(5_000), "5.000");
        assert_eq!(Lang::En.group_digits(5_000), "5,000");
        assert_eq!(Lang::En.group_digits(1_234_567), "1,234,567");
        assert_eq!(Lang::Vi.group_digits(999), "999");
        assert_eq!(Lang::Vi.group_digits(0), "0");
    }

    #[test]
    fn tags_with_regions_and_any_case_are_recognised() {
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("VI-vn"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
        assert_eq!(Lang::parse(" en "), Some(Lang::En));
    }

    #[test]
    fn unknown_or_empty_tags_are_rejected() {
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse("vie"), None);
        assert_eq!(Lang::parse("-en"), None);
    }

    #[test]
    fn accept_language_picks_highest_quality_supported_language() {
        assert_eq!(
            Lang::from_accept_language("fr-FR, en;q=0.8, vi;q=0.9"),
            Some(Lang::Vi)
        );
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("de, vi;q=0.1, en;q=0.2"),
            Some(Lang::En)
        );
    }

    #[test]
    fn accept_language_ties_go_to_the_first_entry() {
        assert_eq!(Lang::from_accept_language("en, vi"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("vi, en"), Some(Lang::Vi));
    }

    #[test]
    fn accept_language_skips_refused_and_malformed_entries() {
        assert_eq!(
            Lang::from_accept_language("en;q=0, vi;q=0.3"),
            Some(Lang::Vi)
        );
        assert_eq!(
            Lang::from_accept_language("en;q=abc, vi;q=0.3"),
            Some(Lang::Vi)
        );
        assert_eq!(Lang::from_accept_language("en;q=1.5"), None);
        assert_eq!(Lang::from_accept_language("en;q=0.1234"), None);
        assert_eq!(Lang::from_accept_language(";;;,,,=q"), None);
        assert_eq!(Lang::from_accept_language(""), None);
        assert_eq!(Lang::from_accept_language("*"), None);
    }

    #[test]
    fn cookie_wins_over_browser_and_garbage_falls_back_to_vietnamese() {
        assert_eq!(Lang::negotiate(Some("en"), Some("vi")), Lang::En);
        assert_eq!(Lang::negotiate(Some("xx"), Some("en")), Lang::En);
        assert_eq!(Lang::negotiate(Some("%%%"), Some("q=;;")), Lang::Vi);
        assert_eq!(Lang::negotiate(None, None), Lang::Vi);
    }

    #[test]
    fn switch_link_keeps_the_path_and_query_encoded() {
        assert_eq!(
            switch_language_href(Lang::En, "/officers?page=2&q=Hà Nội"),
            "/lang/en?next=/officers%3Fpage%3D2%26q%3DH%C3%A0%20N%E1%BB%99i"
        );
    }

    #[test]
    fn return_path_refuses_anything_off_site() {
        assert_eq!(safe_return_path(Some("/privacy?x=1")), "/privacy?x=1");
        assert_eq!(safe_return_path(Some("//evil.example")), "/");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example")), "/");
        assert_eq!(safe_return_path(Some("/a\nSet-Cookie: x")), "/");
        assert_eq!(safe_return_path(Some("")), "/");
        assert_eq!(safe_return_path(None), "/");
        let long = format!("/data/sharing?agency={}", "A".repeat(MAX_RETURN_PATH));
        assert_eq!(
            safe_return_path(Some(&long)),
            "/",
            "a long path is not kept"
        );
    }

    #[test]
    fn quality_values_parse_to_thousandths() {
        assert_eq!(parse_quality("0.5"), Some(500));
        assert_eq!(parse_quality("1.000"), Some(1000));
        assert_eq!(parse_quality("0.001"), Some(1));
        assert_eq!(parse_quality("1.001"), None);
        assert_eq!(parse_quality(".5"), None);
        assert_eq!(parse_quality("0.-1"), None);
    }
}
