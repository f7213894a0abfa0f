//! Provinces (the 34 provincial-level units since 1 July 2025) and the
//! data-protection officer each one names.

use serde::{Deserialize, Serialize};

use super::Lang;

/// Whether a provincial-level unit is a centrally run city or a province.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProvinceKind {
    City,
    Province,
}

impl ProvinceKind {
    /// Parses the stored code (`city` or `province`).
    pub fn parse(code: &str) -> Option<ProvinceKind> {
        match code {
            "city" => Some(ProvinceKind::City),
            "province" => Some(ProvinceKind::Province),
            _ => None,
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ProvinceKind::City => "city",
            ProvinceKind::Province => "province",
        }
    }

    /// Fluent key of the kind's name.
    pub fn message_id(self) -> &'static str {
        match self {
            ProvinceKind::City => "province-kind-city",
            ProvinceKind::Province => "province-kind-province",
        }
    }
}

/// A provincial-level administrative unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    /// Stable short code, for example `HN` or `HCM`.
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub kind: ProvinceKind,
}

impl Province {
    /// The province's name in the given language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.name_vi,
            Lang::En => &self.name_en,
        }
    }
}

/// The named data-protection officer (or unit) who answers for a province.
/// These details are public by law so that citizens know who is accountable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataProtectionOfficer {
    pub province: Province,
    pub full_name: String,
    pub title_vi: String,
    pub title_en: String,
    pub email: String,
    pub phone: String,
}

impl DataProtectionOfficer {
    /// The officer's title in the given language.
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.title_vi,
            Lang::En => &self.title_en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_round_trip_and_unknown_codes_are_rejected() {
        for kind in [ProvinceKind::City, ProvinceKind::Province] {
            assert_eq!(ProvinceKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(ProvinceKind::parse("City"), None);
        assert_eq!(ProvinceKind::parse(""), None);
    }

    #[test]
    fn names_follow_the_language() {
        let province = Province {
            code: "HUE".into(),
            name_vi: "Huế".into(),
            name_en: "Hue City".into(),
            kind: ProvinceKind::City,
        };
        assert_eq!(province.name(Lang::Vi), "Huế");
        assert_eq!(province.name(Lang::En), "Hue City");
    }
}
