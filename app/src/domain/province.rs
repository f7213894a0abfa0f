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
    /// Where to write or go (one address: Vietnamese place names).
    #[serde(default)]
    pub address: String,
    /// Office hours, in each language.
    #[serde(default)]
    pub hours_vi: String,
    #[serde(default)]
    pub hours_en: String,
    /// When an administrator last changed these details (Unix seconds);
    /// None for details never edited.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

/// An officer's details as an administrator typed them, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficerDetails {
    pub full_name: String,
    pub title_vi: String,
    pub title_en: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub hours_vi: String,
    pub hours_en: String,
}

/// The officer form as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct OfficerForm<'a> {
    pub full_name: &'a str,
    pub title_vi: &'a str,
    pub title_en: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub address: &'a str,
    pub hours_vi: &'a str,
    pub hours_en: &'a str,
}

/// One e-mail address with a dotted domain: what a published contact must
/// be (not a full RFC 5322 parse; a person reads it).
pub fn is_email_address(email: &str) -> bool {
    email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c == '<' || c == '>')
            && email.matches('@').count() == 1
    })
}

/// Digits (6 to 15) with spaces, dots or dashes, and an optional leading +.
pub fn is_phone_number(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-') || (c == '+' && i == 0));
    allowed && (6..=15).contains(&digits)
}

/// Longest value of an officer's field, in characters.
pub const MAX_OFFICER_FIELD: usize = 300;

impl OfficerForm<'_> {
    /// Checks every field: each present and within
    /// [`MAX_OFFICER_FIELD`]; the e-mail one address with a domain; the
    /// phone digits with spaces, dots, dashes or a leading +.
    pub fn parse(&self) -> Result<OfficerDetails, super::FieldError> {
        let wrong =
            |field: &'static str, message_id: &'static str| super::FieldError { field, message_id };
        let text = |value: &str, field: &'static str| {
            let value = value.trim();
            if value.is_empty() {
                Err(wrong(field, "appointment-error-empty"))
            } else if value.chars().count() > MAX_OFFICER_FIELD {
                Err(wrong(field, "appointment-error-too-long"))
            } else {
                Ok(value.to_owned())
            }
        };
        let full_name = text(self.full_name, "full_name")?;
        let title_vi = text(self.title_vi, "title_vi")?;
        let title_en = text(self.title_en, "title_en")?;
        let email = text(self.email, "email")?;
        if !is_email_address(&email) {
            return Err(wrong("email", "officer-error-email"));
        }
        let phone = text(self.phone, "phone")?;
        if !is_phone_number(&phone) {
            return Err(wrong("phone", "officer-error-phone"));
        }
        Ok(OfficerDetails {
            full_name,
            title_vi,
            title_en,
            email,
            phone,
            address: text(self.address, "address")?,
            hours_vi: text(self.hours_vi, "hours_vi")?,
            hours_en: text(self.hours_en, "hours_en")?,
        })
    }
}

impl DataProtectionOfficer {
    /// The office hours in the given language.
    pub fn hours(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.hours_vi,
            Lang::En => &self.hours_en,
        }
    }

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

#[cfg(test)]
mod officer_tests {
    use super::*;

    fn form<'a>() -> OfficerForm<'a> {
        OfficerForm {
            full_name: "Nguyễn Thị Hồng",
            title_vi: "Trưởng phòng",
            title_en: "Head of division",
            email: "dpo@hanoi.gov.vn",
            phone: "+84 24 3825 3536",
            address: "12 Lê Lai, Hoàn Kiếm, Hà Nội",
            hours_vi: "Thứ Hai–Thứ Sáu, 8:00–17:00",
            hours_en: "Monday–Friday, 8am–5pm",
        }
    }

    #[test]
    fn an_officer_needs_every_field_a_real_address_and_phone() {
        assert_eq!(form().parse().unwrap().email, "dpo@hanoi.gov.vn");
        for (bad, field) in [
            (
                OfficerForm {
                    full_name: " ",
                    ..form()
                },
                "full_name",
            ),
            (
                OfficerForm {
                    email: "dpo.hanoi.gov.vn",
                    ..form()
                },
                "email",
            ),
            (
                OfficerForm {
                    email: "a@b@c.vn",
                    ..form()
                },
                "email",
            ),
            (
                OfficerForm {
                    email: "dpo@localhost",
                    ..form()
                },
                "email",
            ),
            (
                OfficerForm {
                    phone: "call us",
                    ..form()
                },
                "phone",
            ),
            (
                OfficerForm {
                    phone: "12",
                    ..form()
                },
                "phone",
            ),
            (
                OfficerForm {
                    phone: "024+3825",
                    ..form()
                },
                "phone",
            ),
            (
                OfficerForm {
                    hours_en: "",
                    ..form()
                },
                "hours_en",
            ),
        ] {
            assert_eq!(bad.parse().unwrap_err().field, field);
        }
    }
}
