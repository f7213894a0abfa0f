//! Registering agencies and their systems: who may report holdings and
//! sharing through the API, and whose DPO answers for them (a provincial
//! agency's province; the national unit for a central one).

use serde::{Deserialize, Serialize};

use super::{FieldError, Province, sharing::Named};

/// What kind of body an agency is (the registry's `agencies.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgencyKind {
    Ministry,
    CentralAgency,
    PeopleCommittee,
    Department,
    Police,
    SocialInsurance,
    PublicService,
}

coded!(AgencyKind {
    Ministry("ministry") => "agency-kind-ministry";
    CentralAgency("central-agency") => "agency-kind-central-agency";
    PeopleCommittee("people-committee") => "agency-kind-people-committee";
    Department("department") => "agency-kind-department";
    Police("police") => "agency-kind-police";
    SocialInsurance("social-insurance") => "agency-kind-social-insurance";
    PublicService("public-service") => "agency-kind-public-service";
});

/// An agency as the console lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredAgency {
    pub agency: Named,
    pub kind: AgencyKind,
    /// None: a central agency (the national unit answers for it).
    pub province_code: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub systems: Vec<Named>,
}

/// A new agency, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAgency {
    pub agency: Named,
    pub kind: AgencyKind,
    pub province_code: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

/// A new system of an agency, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSystem {
    pub agency_code: String,
    pub system: Named,
}

/// Longest name, in characters.
pub const MAX_AGENCY_NAME: usize = 300;

fn wrong(field: &'static str, message_id: &'static str) -> FieldError {
    FieldError { field, message_id }
}

/// A registry code: 2 to 40 capital letters, digits and dashes, starting
/// with a letter (`BCA`, `HN-UBND`, `BHXH-INSURANCE`).
pub fn parse_code(code: &str, field: &'static str) -> Result<String, FieldError> {
    let code = code.trim();
    let fits = (2..=40).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !code.ends_with('-');
    if fits {
        Ok(code.to_owned())
    } else {
        Err(wrong(field, "agency-error-code"))
    }
}

fn name(value: &str, field: &'static str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        Err(wrong(field, "appointment-error-empty"))
    } else if value.chars().count() > MAX_AGENCY_NAME {
        Err(wrong(field, "appointment-error-too-long"))
    } else {
        Ok(value.to_owned())
    }
}

/// The agency form as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct AgencyForm<'a> {
    pub code: &'a str,
    pub name_vi: &'a str,
    pub name_en: &'a str,
    pub kind: &'a str,
    /// A province's code, or empty for a central agency.
    pub province: &'a str,
    pub contact_email: &'a str,
    pub contact_phone: &'a str,
}

impl AgencyForm<'_> {
    /// Checks the form: a free code (not among `taken`), both names, a
    /// kind, a province among `provinces` or none, and contact details
    /// that are optional but well formed when given.
    pub fn parse(&self, provinces: &[Province], taken: &[String]) -> Result<NewAgency, FieldError> {
        let code = parse_code(self.code, "code")?;
        if taken.contains(&code) {
            return Err(wrong("code", "agency-error-code-taken"));
        }
        let name_vi = name(self.name_vi, "name_vi")?;
        let name_en = name(self.name_en, "name_en")?;
        let kind = AgencyKind::from_code(self.kind.trim())
            .ok_or_else(|| wrong("kind", "agency-error-kind"))?;
        let province = self.province.trim();
        let province_code = if province.is_empty() {
            None
        } else if provinces.iter().any(|p| p.code == province) {
            Some(province.to_owned())
        } else {
            return Err(wrong("province", "appointment-error-province"));
        };
        let optional = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        let contact_email = optional(self.contact_email);
        let contact_phone = optional(self.contact_phone);
        // The same checks as an officer's published contact.
        if contact_email
            .as_deref()
            .is_some_and(|email| !super::province::is_email_address(email))
        {
            return Err(wrong("contact_email", "officer-error-email"));
        }
        if contact_phone
            .as_deref()
            .is_some_and(|phone| !super::province::is_phone_number(phone))
        {
            return Err(wrong("contact_phone", "officer-error-phone"));
        }
        Ok(NewAgency {
            agency: Named {
                code,
                name_vi,
                name_en,
            },
            kind,
            province_code,
            contact_email,
            contact_phone,
        })
    }
}

/// Checks a new system of `agency_code`: a free code (not among `taken`,
/// every system's code) and both names.
pub fn parse_system(
    agency_code: &str,
    code: &str,
    name_vi: &str,
    name_en: &str,
    taken: &[String],
) -> Result<NewSystem, FieldError> {
    let code = parse_code(code, "code")?;
    if taken.contains(&code) {
        return Err(wrong("code", "agency-error-code-taken"));
    }
    Ok(NewSystem {
        agency_code: agency_code.to_owned(),
        system: Named {
            code,
            name_vi: name(name_vi, "name_vi")?,
            name_en: name(name_en, "name_en")?,
        },
    })
}

/// How long an agency's API token lasts unless the administrator says
/// otherwise, and at most: a token is a standing key to report as the
/// agency, so it never lasts for ever.
pub const TOKEN_DAYS: u64 = 365;
pub const TOKEN_DAYS_MAX: u64 = 730;
/// Days an old token keeps working after a rotation, by default and at
/// most: long enough for the agency to switch, short enough to end.
pub const ROTATION_GRACE_DAYS: u64 = 7;
pub const ROTATION_GRACE_DAYS_MAX: u64 = 90;

fn whole_days(
    text: &str,
    range: std::ops::RangeInclusive<u64>,
    field: &'static str,
    message_id: &'static str,
) -> Result<u64, FieldError> {
    match text.trim().parse::<u64>() {
        Ok(days) if range.contains(&days) => Ok(days),
        _ => Err(wrong(field, message_id)),
    }
}

/// The days a new token lasts, as typed (1 to [`TOKEN_DAYS_MAX`]).
pub fn parse_token_days(text: &str) -> Result<u64, FieldError> {
    whole_days(text, 1..=TOKEN_DAYS_MAX, "days", "agency-token-error-days")
}

/// The days a rotated token still works, as typed (0 to
/// [`ROTATION_GRACE_DAYS_MAX`]).
pub fn parse_grace_days(text: &str) -> Result<u64, FieldError> {
    whole_days(
        text,
        0..=ROTATION_GRACE_DAYS_MAX,
        "grace_days",
        "agency-token-error-grace",
    )
}

/// Prefix of every agency token, so leaked tokens are easy to search for.
pub const TOKEN_PREFIX: &str = "cpd_";

/// The id of a token given whole (`cpd_<id>.<secret>`) or as its id alone.
pub fn token_id(token: &str) -> &str {
    let token = token.trim();
    let token = token.strip_prefix(TOKEN_PREFIX).unwrap_or(token);
    token.split_once('.').map_or(token, |(id, _)| id)
}

/// What the change log names a token change by: the agency and the
/// token's id (never its secret).
pub fn token_subject(agency_code: &str, token_id: &str) -> String {
    format!("{agency_code}/{token_id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ProvinceKind;

    fn provinces() -> Vec<Province> {
        vec![Province {
            code: "HUE".into(),
            name_vi: "Huế".into(),
            name_en: "Hue".into(),
            kind: ProvinceKind::City,
        }]
    }

    fn form<'a>() -> AgencyForm<'a> {
        AgencyForm {
            code: "HUE-STNMT",
            name_vi: "Sở Tài nguyên và Môi trường Huế",
            name_en: "Hue Department of Natural Resources and Environment",
            kind: "department",
            province: "HUE",
            contact_email: "",
            contact_phone: "",
        }
    }

    #[test]
    fn codes_are_capitals_digits_and_dashes() {
        for good in ["BCA", "HN-UBND", "BHXH-INSURANCE", "S3"] {
            assert_eq!(parse_code(good, "code").unwrap(), good);
        }
        for bad in [
            "b",
            "hn-ubnd",
            "-HN",
            "HN-",
            "HN UBND",
            "1HN",
            &"A".repeat(41),
        ] {
            assert!(parse_code(bad, "code").is_err(), "{bad}");
        }
    }

    #[test]
    fn an_agency_is_provincial_or_central_and_its_code_is_free() {
        let new = form().parse(&provinces(), &[]).unwrap();
        assert_eq!(new.province_code.as_deref(), Some("HUE"));
        assert_eq!(new.contact_email, None);
        let central = AgencyForm {
            province: "",
            kind: "ministry",
            ..form()
        }
        .parse(&provinces(), &[])
        .unwrap();
        assert_eq!(central.province_code, None);
        let taken = form().parse(&provinces(), &["HUE-STNMT".to_owned()]);
        assert_eq!(taken.unwrap_err().message_id, "agency-error-code-taken");
        for (bad, field) in [
            (
                AgencyForm {
                    kind: "bank",
                    ..form()
                },
                "kind",
            ),
            (
                AgencyForm {
                    province: "XX",
                    ..form()
                },
                "province",
            ),
            (
                AgencyForm {
                    name_en: " ",
                    ..form()
                },
                "name_en",
            ),
            (
                AgencyForm {
                    contact_email: "nope",
                    ..form()
                },
                "contact_email",
            ),
            (
                AgencyForm {
                    contact_phone: "call",
                    ..form()
                },
                "contact_phone",
            ),
        ] {
            assert_eq!(bad.parse(&provinces(), &[]).unwrap_err().field, field);
        }
    }

    #[test]
    fn a_system_needs_a_free_code_and_names() {
        let system = parse_system(
            "HUE-STNMT",
            "HUE-LAND",
            "Hệ thống đất đai",
            "Land system",
            &[],
        )
        .unwrap();
        assert_eq!(system.system.code, "HUE-LAND");
        assert!(parse_system("A", "HUE-LAND", "x", "y", &["HUE-LAND".into()]).is_err());
        assert_eq!(
            parse_system("A", "HUE-LAND", "", "y", &[])
                .unwrap_err()
                .field,
            "name_vi"
        );
    }

    #[test]
    fn token_lives_are_whole_days_within_bounds() {
        assert_eq!(parse_token_days(" 30 "), Ok(30));
        assert_eq!(parse_token_days("730"), Ok(TOKEN_DAYS_MAX));
        for bad in ["0", "731", "-1", "1.5", "", "thirty"] {
            assert_eq!(parse_token_days(bad).unwrap_err().field, "days", "{bad}");
        }
        assert_eq!(parse_grace_days("0"), Ok(0));
        assert_eq!(parse_grace_days("90"), Ok(90));
        assert_eq!(
            parse_grace_days("91").unwrap_err().message_id,
            "agency-token-error-grace"
        );
    }
}
