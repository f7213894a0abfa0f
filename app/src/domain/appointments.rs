//! Appointments: who holds a staff role (a province's DPO, the national
//! unit's staff, an administrator, an auditor), under which written decision
//! (Decree 356 Art. 13 asks a controller to designate its data-protection
//! staff in writing), and the audited changes that made them.
//!
//! A person is appointed by their 12-digit personal identification number,
//! which becomes the keyed pseudonym at once and is kept only masked.

use serde::{Deserialize, Serialize};

use super::{
    FieldError, PersonalId, Province, Role, RoleGrant, datetime::Date, requests::NATIONAL_UNIT,
};

/// Longest name, decision number and reason accepted, in characters.
pub const MAX_NAME: usize = 200;
pub const MAX_DECISION: usize = 100;
pub const MAX_REASON: usize = 1_000;

/// How many changes the audit page lists, newest first.
pub const CHANGE_LIST_LIMIT: u32 = 500;

/// A staff role as the console offers it: the national unit's staff are
/// the DPOs of the pseudo-province `VN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffRole {
    Dpo,
    NationalUnit,
    Administrator,
    Auditor,
}

coded!(StaffRole {
    Dpo("dpo") => "appointment-role-dpo";
    NationalUnit("national-unit") => "appointment-role-national-unit";
    Administrator("administrator") => "appointment-role-administrator";
    Auditor("auditor") => "appointment-role-auditor";
});

impl StaffRole {
    /// The role an appointment grants, as the directory reads it.
    pub fn of(grant: &RoleGrant) -> StaffRole {
        match grant.role {
            Role::Dpo if grant.province_code.as_deref() == Some(NATIONAL_UNIT) => {
                StaffRole::NationalUnit
            }
            Role::Dpo => StaffRole::Dpo,
            Role::Administrator => StaffRole::Administrator,
            Role::Auditor => StaffRole::Auditor,
        }
    }
}

/// A role held by a named person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    /// The directory's id of the grant (what a revocation names).
    pub id: i64,
    pub grant: RoleGrant,
    /// As typed at the appointment, or from the person's last sign-in;
    /// None for a grant made before names were kept.
    pub full_name: Option<String>,
    /// The number with all but its last four digits hidden.
    pub masked_id: Option<String>,
    pub decision: Option<WrittenDecision>,
    /// Unix seconds.
    pub since: i64,
    /// Who appointed them (a name, or the command line).
    pub appointed_by: Option<String>,
}

/// Every role held, with the provinces to name them by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub held: Vec<Appointment>,
    pub provinces: Vec<Province>,
}

/// The audited changes, newest first, with the provinces to name them by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditTrail {
    pub changes: Vec<AdminChange>,
    pub provinces: Vec<Province>,
}

/// The written decision behind an appointment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenDecision {
    pub number: String,
    pub date: Option<Date>,
}

/// An appointment as checked from the console's form, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAppointment {
    pub personal_id: PersonalId,
    pub full_name: String,
    pub grant: RoleGrant,
    pub decision: Option<WrittenDecision>,
    pub reason: String,
}

/// The console's appointment form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppointmentForm<'a> {
    pub personal_id: &'a str,
    pub full_name: &'a str,
    pub role: &'a str,
    pub province: &'a str,
    pub decision_number: &'a str,
    pub decision_date: &'a str,
    pub reason: &'a str,
}

fn wrong(field: &'static str, message_id: &'static str) -> FieldError {
    FieldError { field, message_id }
}

/// A required text field, trimmed, within `max` characters.
fn required(value: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        Err(wrong(field, "appointment-error-empty"))
    } else if value.chars().count() > max {
        Err(wrong(field, "appointment-error-too-long"))
    } else {
        Ok(value.to_owned())
    }
}

/// Checks the reason given for a change (every change gives one).
pub fn parse_reason(reason: &str) -> Result<String, FieldError> {
    required(reason, "reason", MAX_REASON)
}

impl AppointmentForm<'_> {
    /// Checks the form field by field, in the order the page shows them:
    /// a 12-digit number, a name, a role, a province for a DPO (one of
    /// `provinces`; none for the other roles), an optional decision number
    /// with an optional date (the date only with a number), and a reason.
    pub fn parse(&self, provinces: &[Province]) -> Result<NewAppointment, FieldError> {
        let personal_id = PersonalId::parse(self.personal_id)
            .map_err(|error| wrong("personal_id", error.message_id()))?;
        let full_name = required(self.full_name, "full_name", MAX_NAME)?;
        let role = StaffRole::from_code(self.role.trim())
            .ok_or_else(|| wrong("role", "appointment-error-role"))?;
        let province = self.province.trim();
        let grant = match role {
            StaffRole::Dpo => {
                if !provinces.iter().any(|p| p.code == province) {
                    return Err(wrong("province", "appointment-error-province"));
                }
                RoleGrant {
                    role: Role::Dpo,
                    province_code: Some(province.to_owned()),
                }
            }
            StaffRole::NationalUnit => RoleGrant {
                role: Role::Dpo,
                province_code: Some(NATIONAL_UNIT.to_owned()),
            },
            StaffRole::Administrator => RoleGrant {
                role: Role::Administrator,
                province_code: None,
            },
            StaffRole::Auditor => RoleGrant {
                role: Role::Auditor,
                province_code: None,
            },
        };
        let number = self.decision_number.trim();
        let date = self.decision_date.trim();
        let decision = if number.is_empty() {
            if !date.is_empty() {
                return Err(wrong(
                    "decision_number",
                    "appointment-error-decision-number",
                ));
            }
            None
        } else {
            if number.chars().count() > MAX_DECISION {
                return Err(wrong("decision_number", "appointment-error-too-long"));
            }
            let date = if date.is_empty() {
                None
            } else {
                Some(
                    Date::parse(date)
                        .ok_or_else(|| wrong("decision_date", "appointment-error-date"))?,
                )
            };
            Some(WrittenDecision {
                number: number.to_owned(),
                date,
            })
        };
        Ok(NewAppointment {
            personal_id,
            full_name,
            grant,
            decision,
            reason: parse_reason(self.reason)?,
        })
    }
}

/// Why a revocation is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevocationRefused {
    /// No appointment has that id (revoked already, or never made).
    Unknown,
    /// It is the last administrator's: the console would lock itself out
    /// (the command line can still do it, and recover).
    LastAdministrator,
}

/// Whether the appointment `id` may be revoked from the console, given
/// every appointment held now.
pub fn may_revoke(held: &[Appointment], id: i64) -> Result<&Appointment, RevocationRefused> {
    let appointment = held
        .iter()
        .find(|a| a.id == id)
        .ok_or(RevocationRefused::Unknown)?;
    let administrators = held
        .iter()
        .filter(|a| a.grant.role == Role::Administrator)
        .count();
    if appointment.grant.role == Role::Administrator && administrators <= 1 {
        return Err(RevocationRefused::LastAdministrator);
    }
    Ok(appointment)
}

/// What an audited change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Appointed,
    Revoked,
    /// A province's published officer (or the national unit) changed.
    OfficerUpdated,
    /// An agency, or a system of one, joined the registry.
    AgencyAdded,
    SystemAdded,
    /// An agency's API token was issued, rotated (a new one replacing it)
    /// or revoked.
    TokenIssued,
    TokenRotated,
    TokenRevoked,
    /// The catalogue grew: a data category, or a purpose of processing.
    CategoryAdded,
    PurposeAdded,
    /// A purpose's notice or consent validity was edited.
    NoticeChanged,
    /// The working-day calendar changed (which moves deadlines): a day
    /// saved or removed, a year declared complete.
    CalendarDaySaved,
    CalendarDayRemoved,
    CalendarYearAdded,
}

coded!(ChangeKind {
    Appointed("appointed") => "admin-change-appointed";
    Revoked("revoked") => "admin-change-revoked";
    OfficerUpdated("officer-updated") => "admin-change-officer-updated";
    AgencyAdded("agency-added") => "admin-change-agency-added";
    SystemAdded("system-added") => "admin-change-system-added";
    TokenIssued("token-issued") => "admin-change-token-issued";
    TokenRotated("token-rotated") => "admin-change-token-rotated";
    TokenRevoked("token-revoked") => "admin-change-token-revoked";
    CategoryAdded("category-added") => "admin-change-category-added";
    PurposeAdded("purpose-added") => "admin-change-purpose-added";
    NoticeChanged("notice-changed") => "admin-change-notice-changed";
    CalendarDaySaved("calendar-day-saved") => "admin-change-calendar-day-saved";
    CalendarDayRemoved("calendar-day-removed") => "admin-change-calendar-day-removed";
    CalendarYearAdded("calendar-year-added") => "admin-change-calendar-year-added";
});

/// One audited change of the directory: who, when, what and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminChange {
    /// Unix seconds.
    pub at: i64,
    /// The administrator's name, or None for the command line.
    pub actor: Option<String>,
    pub kind: ChangeKind,
    /// The role given or taken (appointments and revocations).
    pub grant: Option<RoleGrant>,
    /// The province (or `VN`) whose officer changed.
    pub province_code: Option<String>,
    /// The registry code an agency or system change is about.
    pub subject: Option<String>,
    pub person_name: Option<String>,
    pub person_masked_id: Option<String>,
    pub decision: Option<WrittenDecision>,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ProvinceKind;

    fn provinces() -> Vec<Province> {
        vec![Province {
            code: "HN".into(),
            name_vi: "Hà Nội".into(),
            name_en: "Ha Noi".into(),
            kind: ProvinceKind::City,
        }]
    }

    fn form<'a>() -> AppointmentForm<'a> {
        AppointmentForm {
            personal_id: " 001234567890 ",
            full_name: " Ngô Thị Lan ",
            role: "dpo",
            province: "HN",
            decision_number: "123/QĐ-UBND",
            decision_date: "2026-11-30",
            reason: "Thay cán bộ nghỉ hưu",
        }
    }

    #[test]
    fn a_complete_form_becomes_an_appointment() {
        let new = form().parse(&provinces()).unwrap();
        assert_eq!(new.personal_id.masked(), "••••••••7890");
        assert_eq!(new.full_name, "Ngô Thị Lan");
        assert_eq!(
            new.grant,
            RoleGrant {
                role: Role::Dpo,
                province_code: Some("HN".into())
            }
        );
        assert_eq!(
            new.decision,
            Some(WrittenDecision {
                number: "123/QĐ-UBND".into(),
                date: Date::from_ymd(2026, 11, 30),
            })
        );
        let national = AppointmentForm {
            role: "national-unit",
            province: "",
            decision_number: "",
            decision_date: "",
            ..form()
        }
        .parse(&provinces())
        .unwrap();
        assert_eq!(StaffRole::of(&national.grant), StaffRole::NationalUnit);
        assert_eq!(national.decision, None);
        let admin = AppointmentForm {
            role: "administrator",
            province: "HN",
            ..form()
        }
        .parse(&provinces())
        .unwrap();
        assert_eq!(admin.grant.province_code, None, "only a DPO has a province");
    }

    #[test]
    fn each_mistake_names_its_field() {
        let cases = [
            (
                AppointmentForm {
                    personal_id: "12345",
                    ..form()
                },
                "personal_id",
            ),
            (
                AppointmentForm {
                    full_name: "  ",
                    ..form()
                },
                "full_name",
            ),
            (
                AppointmentForm {
                    role: "king",
                    ..form()
                },
                "role",
            ),
            (
                AppointmentForm {
                    province: "XX",
                    ..form()
                },
                "province",
            ),
            (
                AppointmentForm {
                    decision_number: "",
                    ..form()
                },
                "decision_number",
            ),
            (
                AppointmentForm {
                    decision_date: "30/11/2026",
                    ..form()
                },
                "decision_date",
            ),
            (
                AppointmentForm {
                    reason: "",
                    ..form()
                },
                "reason",
            ),
        ];
        for (form, field) in cases {
            assert_eq!(form.parse(&provinces()).unwrap_err().field, field);
        }
        let long = "x".repeat(MAX_REASON + 1);
        assert_eq!(
            AppointmentForm {
                reason: &long,
                ..form()
            }
            .parse(&provinces())
            .unwrap_err(),
            wrong("reason", "appointment-error-too-long")
        );
    }

    fn held(id: i64, role: Role) -> Appointment {
        Appointment {
            id,
            grant: RoleGrant {
                role,
                province_code: (role == Role::Dpo).then(|| "HN".to_owned()),
            },
            full_name: None,
            masked_id: None,
            decision: None,
            since: 0,
            appointed_by: None,
        }
    }

    #[test]
    fn the_last_administrator_stays_and_unknown_ids_are_refused() {
        let one = [held(1, Role::Administrator), held(2, Role::Dpo)];
        assert_eq!(
            may_revoke(&one, 1).unwrap_err(),
            RevocationRefused::LastAdministrator
        );
        assert_eq!(may_revoke(&one, 2).unwrap().id, 2);
        assert_eq!(may_revoke(&one, 3).unwrap_err(), RevocationRefused::Unknown);
        let two = [held(1, Role::Administrator), held(4, Role::Administrator)];
        assert_eq!(may_revoke(&two, 1).unwrap().id, 1);
    }
}
