//! Growing the catalogue from the console: the data categories agencies
//! report and the purposes of processing citizens see (and, for purposes
//! that rest on consent, grant and withdraw). Rows are only ever added:
//! sharing events, holdings and consent records refer to them for good.

use serde::{Deserialize, Serialize};

use super::{
    FieldError,
    consent::{Purpose, PurposeNotice},
    sharing::Named,
};

/// A data category as the console lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub category: Named,
    /// Sensitive personal data (Law 91/2025/QH15, Art. 2).
    pub sensitive: bool,
}

/// Everything a new purpose may name, and what is already taken.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub agencies: Vec<Named>,
    pub categories: Vec<Category>,
    /// Code and citation (as `name_vi`/`name_en`).
    pub legal_bases: Vec<Named>,
    pub purposes: Vec<Purpose>,
}

/// A new data category, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCategory {
    pub category: Named,
    pub sensitive: bool,
}

/// A new purpose, checked: every code it names is in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPurpose {
    pub purpose: Named,
    /// The controller's agency code; None: every agency that handles the
    /// public service.
    pub controller: Option<String>,
    pub processors: Vec<String>,
    pub categories: Vec<String>,
    pub legal_basis: String,
    /// The notice (and, for a purpose resting on consent, how long a
    /// consent lasts).
    pub notice: PurposeNotice,
    pub rests_on_consent: bool,
}

/// Longest category or purpose name, in characters.
pub const MAX_CATALOGUE_NAME: usize = 200;

fn wrong(field: &'static str, message_id: &'static str) -> FieldError {
    FieldError { field, message_id }
}

/// A catalogue code: 2 to 60 small letters, digits and dashes, starting
/// with a letter (`full-name`, `health-insurance`), as agencies send them.
pub fn parse_catalogue_code(code: &str, taken: &[&str]) -> Result<String, FieldError> {
    let code = code.trim();
    let fits = (2..=60).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !code.ends_with('-')
        && !code.contains("--");
    if !fits {
        Err(wrong("code", "catalogue-error-code"))
    } else if taken.contains(&code) {
        Err(wrong("code", "catalogue-error-code-taken"))
    } else {
        Ok(code.to_owned())
    }
}

fn name(value: &str, field: &'static str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        Err(wrong(field, "appointment-error-empty"))
    } else if value.chars().count() > MAX_CATALOGUE_NAME {
        Err(wrong(field, "appointment-error-too-long"))
    } else {
        Ok(value.to_owned())
    }
}

/// A ticked checkbox.
fn ticked(value: &str) -> bool {
    matches!(value.trim(), "yes" | "on" | "1")
}

/// The new-category form as posted.
pub struct CategoryForm<'a> {
    pub code: &'a str,
    pub name_vi: &'a str,
    pub name_en: &'a str,
    pub sensitive: &'a str,
}

impl CategoryForm<'_> {
    pub fn parse(&self, catalogue: &Catalogue) -> Result<NewCategory, FieldError> {
        let taken: Vec<&str> = catalogue
            .categories
            .iter()
            .map(|c| c.category.code.as_str())
            .collect();
        Ok(NewCategory {
            category: Named {
                code: parse_catalogue_code(self.code, &taken)?,
                name_vi: name(self.name_vi, "name_vi")?,
                name_en: name(self.name_en, "name_en")?,
            },
            sensitive: ticked(self.sensitive),
        })
    }
}

/// The new-purpose form as posted.
pub struct PurposeForm<'a> {
    pub code: &'a str,
    pub name_vi: &'a str,
    pub name_en: &'a str,
    pub controller: &'a str,
    pub processors: &'a [String],
    pub categories: &'a [String],
    pub legal_basis: &'a str,
    pub description_vi: &'a str,
    pub description_en: &'a str,
    pub validity_months: &'a str,
    pub rests_on_consent: &'a str,
}

/// The codes of `chosen`, each one of `known`, without repeats, in the
/// catalogue's order.
fn choose(
    chosen: &[String],
    known: &[&Named],
    field: &'static str,
) -> Result<Vec<String>, FieldError> {
    let chosen: Vec<&str> = chosen.iter().map(|c| c.trim()).collect();
    if chosen.iter().any(|c| !known.iter().any(|k| k.code == *c)) {
        return Err(wrong(field, "catalogue-error-unknown"));
    }
    Ok(known
        .iter()
        .filter(|k| chosen.contains(&k.code.as_str()))
        .map(|k| k.code.clone())
        .collect())
}

impl PurposeForm<'_> {
    pub fn parse(&self, catalogue: &Catalogue) -> Result<NewPurpose, FieldError> {
        let taken: Vec<&str> = catalogue
            .purposes
            .iter()
            .map(|p| p.purpose.code.as_str())
            .collect();
        let code = parse_catalogue_code(self.code, &taken)?;
        let name_vi = name(self.name_vi, "name_vi")?;
        let name_en = name(self.name_en, "name_en")?;
        let agencies: Vec<&Named> = catalogue.agencies.iter().collect();
        let controller = match self.controller.trim() {
            "" => None,
            code => Some(choose(&[code.to_owned()], &agencies, "controller")?.remove(0)),
        };
        let processors = choose(self.processors, &agencies, "processors")?;
        let categories: Vec<&Named> = catalogue.categories.iter().map(|c| &c.category).collect();
        let categories = choose(self.categories, &categories, "categories")?;
        if categories.is_empty() {
            return Err(wrong("categories", "catalogue-error-no-categories"));
        }
        let bases: Vec<&Named> = catalogue.legal_bases.iter().collect();
        let legal_basis = match self.legal_basis.trim() {
            "" => return Err(wrong("legal_basis", "catalogue-error-no-basis")),
            code => choose(&[code.to_owned()], &bases, "legal_basis")?.remove(0),
        };
        let rests_on_consent = ticked(self.rests_on_consent);
        let mut notice = PurposeNotice::parse(
            self.description_vi,
            self.description_en,
            self.validity_months,
        )?;
        if !rests_on_consent {
            // Validity is a consent's: a purpose on another basis has none.
            notice.validity_months = None;
        }
        Ok(NewPurpose {
            purpose: Named {
                code,
                name_vi,
                name_en,
            },
            controller,
            processors,
            categories,
            legal_basis,
            notice,
            rests_on_consent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(code: &str) -> Named {
        Named {
            code: code.into(),
            name_vi: format!("{code} vi"),
            name_en: format!("{code} en"),
        }
    }

    fn catalogue() -> Catalogue {
        Catalogue {
            agencies: vec![named("BCA"), named("BHXH")],
            categories: ["full-name", "residence", "health"]
                .map(|code| Category {
                    category: named(code),
                    sensitive: code == "health",
                })
                .to_vec(),
            legal_bases: vec![named("pdp-law-2025")],
            purposes: Vec::new(),
        }
    }

    fn form<'a>(processors: &'a [String], categories: &'a [String]) -> PurposeForm<'a> {
        PurposeForm {
            code: " school-meals ",
            name_vi: "Bữa ăn bán trú",
            name_en: "School meals",
            controller: "BHXH",
            processors,
            categories,
            legal_basis: "pdp-law-2025",
            description_vi: "Dùng họ tên và nơi cư trú để đăng ký bữa ăn.",
            description_en: "Your name and residence, to register meals.",
            validity_months: "12",
            rests_on_consent: "yes",
        }
    }

    #[test]
    fn codes_are_small_kebab_words_and_free() {
        assert_eq!(parse_catalogue_code(" tax-id ", &[]), Ok("tax-id".into()));
        for bad in [
            "T", "Tax", "tax id", "-tax", "tax-", "tax--id", "1tax", "thuế",
        ] {
            assert!(parse_catalogue_code(bad, &[]).is_err(), "{bad}");
        }
        assert_eq!(
            parse_catalogue_code("tax-id", &["tax-id"])
                .unwrap_err()
                .message_id,
            "catalogue-error-code-taken"
        );
    }

    #[test]
    fn a_category_is_sensitive_only_when_ticked() {
        let form = |sensitive| CategoryForm {
            code: "tax-id",
            name_vi: "Mã số thuế",
            name_en: "Tax number",
            sensitive,
        };
        assert!(!form("").parse(&catalogue()).unwrap().sensitive);
        assert!(form("yes").parse(&catalogue()).unwrap().sensitive);
        let taken = CategoryForm {
            code: "residence",
            ..form("")
        };
        assert_eq!(taken.parse(&catalogue()).unwrap_err().field, "code");
    }

    #[test]
    fn a_purpose_names_only_what_the_catalogue_has_in_its_order() {
        let processors = vec!["BCA".to_owned(), "BCA".to_owned()];
        let categories = vec!["residence".to_owned(), "full-name".to_owned()];
        let new = form(&processors, &categories).parse(&catalogue()).unwrap();
        assert_eq!(new.purpose.code, "school-meals");
        assert_eq!(new.controller.as_deref(), Some("BHXH"));
        assert_eq!(new.processors, ["BCA"], "once");
        assert_eq!(
            new.categories,
            ["full-name", "residence"],
            "catalogue order"
        );
        assert_eq!(new.notice.validity_months, Some(12));

        let unknown = vec!["passport".to_owned()];
        assert_eq!(
            form(&processors, &unknown)
                .parse(&catalogue())
                .unwrap_err()
                .field,
            "categories"
        );
        assert_eq!(
            form(&processors, &[])
                .parse(&catalogue())
                .unwrap_err()
                .message_id,
            "catalogue-error-no-categories"
        );
        let bad_controller = PurposeForm {
            controller: "XX",
            ..form(&processors, &categories)
        };
        assert_eq!(
            bad_controller.parse(&catalogue()).unwrap_err().field,
            "controller"
        );
        let no_basis = PurposeForm {
            legal_basis: "",
            ..form(&processors, &categories)
        };
        assert_eq!(
            no_basis.parse(&catalogue()).unwrap_err().field,
            "legal_basis"
        );
        let no_notice = PurposeForm {
            description_en: " ",
            ..form(&processors, &categories)
        };
        assert_eq!(
            no_notice.parse(&catalogue()).unwrap_err().field,
            "description_en"
        );
    }

    #[test]
    fn a_purpose_on_another_basis_has_no_consent_validity() {
        let categories = vec!["full-name".to_owned()];
        let new = PurposeForm {
            rests_on_consent: "",
            controller: "",
            ..form(&[], &categories)
        }
        .parse(&catalogue())
        .unwrap();
        assert!(!new.rests_on_consent);
        assert_eq!(new.controller, None);
        assert_eq!(new.notice.validity_months, None);
    }
}
