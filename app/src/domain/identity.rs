//! Who a signed-in person is, as far as the product needs to know: the
//! 12-digit personal identification number (never stored in clear, never
//! shown whole) and the assurance level of their VNeID account.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A 12-digit personal identification number (số định danh cá nhân).
/// `Debug` and `Display` show only the masked form, so it cannot leak into
/// logs by accident; [`PersonalId::digits`] is for pseudonymisation only.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonalId(String);

/// Why a personal identification number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonalIdError {
    WrongLength,
    NotDigits,
}

impl PersonalIdError {
    /// Fluent key of the message shown for this error.
    pub fn message_id(self) -> &'static str {
        match self {
            PersonalIdError::WrongLength => "identity-error-length",
            PersonalIdError::NotDigits => "identity-error-digits",
        }
    }
}

/// The first year of the century a number's fourth digit says its holder
/// was born in: 0–1 the 20th century (men, women), 2–3 the 21st, 4–5 the
/// 22nd, 6–7 the 23rd, 8–9 the 24th (the Ministry of Public Security's
/// numbering: province of birth registration, century and sex, year of
/// birth, six random digits; as published by Báo Dân tộc và Phát triển,
/// 14/06/2022, and mylaw.vn; not in `../shared/domain.md`).
pub fn birth_century(id: &PersonalId) -> u16 {
    let digit = u16::from(id.0.as_bytes()[3] - b'0');
    1900 + 100 * (digit / 2)
}

/// Demo and test numbers say their holder is born in the 24th century
/// (2300–2399): no living person can hold one, so demo data can never be
/// mistaken for, or collide with, a real person's.
pub const DEMO_BIRTH_CENTURY: u16 = 2300;

impl PersonalId {
    /// Accepts exactly 12 ASCII digits, ignoring spaces around them.
    pub fn parse(value: &str) -> Result<PersonalId, PersonalIdError> {
        let value = value.trim();
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonalIdError::NotDigits);
        }
        if value.len() != 12 {
            return Err(PersonalIdError::WrongLength);
        }
        Ok(PersonalId(value.to_owned()))
    }

    /// The digits, for computing the keyed pseudonym. Never store or log them.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The form pages show: only the last 4 digits.
    pub fn masked(&self) -> String {
        format!("••••••••{}", &self.0[8..])
    }
}

impl fmt::Debug for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonalId({})", self.masked())
    }
}

impl fmt::Display for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// How strongly VNeID has verified the account (Decree 69/2024/ND-CP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AssuranceLevel {
    /// Basic identity.
    Level1,
    /// Identity checked against the citizen's ID card: all features.
    Level2,
}

impl AssuranceLevel {
    /// Reads a claim value such as `1`, `2`, `level2` or `LEVEL_2`.
    pub fn parse(value: &str) -> Option<AssuranceLevel> {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        let prefix_ok = value
            .trim()
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches(['_', '-', ' '])
            .eq_ignore_ascii_case("level")
            || value.trim().bytes().all(|b| b.is_ascii_digit());
        match (prefix_ok, digits.as_str()) {
            (true, "1") => Some(AssuranceLevel::Level1),
            (true, "2") => Some(AssuranceLevel::Level2),
            _ => None,
        }
    }

    /// Whether this level meets `required`.
    pub fn satisfies(self, required: AssuranceLevel) -> bool {
        self >= required
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_digits_are_accepted_and_masked() {
        assert_eq!(
            birth_century(&PersonalId::parse("001190012345").unwrap()),
            1900
        );
        assert_eq!(
            birth_century(&PersonalId::parse("079303004567").unwrap()),
            2000
        );
        assert_eq!(
            birth_century(&PersonalId::parse("001990012345").unwrap()),
            2300
        );
        let id = PersonalId::parse(" 001803004567 ").unwrap();
        assert_eq!(id.digits(), "001803004567");
        assert_eq!(id.masked(), "••••••••4567");
    }

    #[test]
    fn debug_and_display_never_show_the_whole_number() {
        let id = PersonalId::parse("001803004567").unwrap();
        assert!(!format!("{id:?}").contains("00120300"));
        assert!(!id.to_string().contains("00120300"));
    }

    #[test]
    fn wrong_numbers_are_refused_with_a_reason() {
        assert_eq!(
            PersonalId::parse("12345"),
            Err(PersonalIdError::WrongLength)
        );
        assert_eq!(
            PersonalId::parse("0018030045678"),
            Err(PersonalIdError::WrongLength)
        );
        assert_eq!(PersonalId::parse(""), Err(PersonalIdError::WrongLength));
        assert_eq!(
            PersonalId::parse("00120300456a"),
            Err(PersonalIdError::NotDigits)
        );
        assert_eq!(
            PersonalId::parse("００１２０３００４５６７"),
            Err(PersonalIdError::NotDigits)
        );
        assert_eq!(
            PersonalId::parse("0012 0300 4567"),
            Err(PersonalIdError::NotDigits)
        );
    }

    #[test]
    fn assurance_levels_parse_from_common_claim_shapes() {
        for (value, level) in [
            ("1", AssuranceLevel::Level1),
            ("2", AssuranceLevel::Level2),
            ("level2", AssuranceLevel::Level2),
            ("LEVEL_1", AssuranceLevel::Level1),
            ("Level 2", AssuranceLevel::Level2),
        ] {
            assert_eq!(AssuranceLevel::parse(value), Some(level), "{value}");
        }
        for value in ["3", "", "level", "high", "12", "substantial2"] {
            assert_eq!(AssuranceLevel::parse(value), None, "{value}");
        }
    }

    #[test]
    fn every_refusal_has_a_message_in_both_languages() {
        for error in [PersonalIdError::WrongLength, PersonalIdError::NotDigits] {
            for lang in crate::domain::Lang::ALL {
                assert!(
                    crate::i18n::has_message(lang, error.message_id()),
                    "{error:?}"
                );
            }
        }
    }

    #[test]
    fn level_two_satisfies_level_one_but_not_the_reverse() {
        assert!(AssuranceLevel::Level2.satisfies(AssuranceLevel::Level1));
        assert!(AssuranceLevel::Level2.satisfies(AssuranceLevel::Level2));
        assert!(!AssuranceLevel::Level1.satisfies(AssuranceLevel::Level2));
    }
}
