//! Who may do what. Everyone who signs in is a citizen; the directory adds
//! provincial DPO, administrator and auditor roles. [`decide`] is the one
//! place that answers "may this person do this?", and it says no unless a
//! rule below says yes.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::AssuranceLevel;

/// A role from the directory (being a citizen needs no entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Data-protection officer of one province (one grant per province).
    Dpo,
    /// Maintains provinces, agencies, DPO assignments and rules.
    Administrator,
    /// Reads everything, changes nothing.
    Auditor,
}

impl Role {
    /// The name stored in the directory table.
    pub fn code(self) -> &'static str {
        match self {
            Role::Dpo => "dpo",
            Role::Administrator => "administrator",
            Role::Auditor => "auditor",
        }
    }

    /// Reads a stored role name; unknown names grant nothing.
    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "dpo" => Some(Role::Dpo),
            "administrator" => Some(Role::Administrator),
            "auditor" => Some(Role::Auditor),
            _ => None,
        }
    }

    /// Fluent key of the role's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Role::Dpo => "role-dpo",
            Role::Administrator => "role-administrator",
            Role::Auditor => "role-auditor",
        }
    }
}

/// One entry of the directory: a role, for one province where the role is
/// provincial (DPO).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub province_code: Option<String>,
}

/// What the signed-in person may see about themselves; also what the page
/// header shows. Holds no identification number, only its masked form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// Full name as the identity provider gives it (family name first).
    pub name: String,
    /// The personal identification number with all but the last 4 digits hidden.
    pub masked_id: String,
    pub level: AssuranceLevel,
    pub grants: Vec<RoleGrant>,
    /// The session's anti-forgery token, written into every form.
    pub csrf_token: String,
}

impl Viewer {
    /// Whether the directory gives this person `role` (in any province).
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|grant| grant.role == role)
    }

    /// Whether this person is the DPO of `province_code`.
    pub fn is_dpo_of(&self, province_code: &str) -> bool {
        self.grants.iter().any(|grant| {
            grant.role == Role::Dpo && grant.province_code.as_deref() == Some(province_code)
        })
    }
}

/// Something a person can ask to do. Each page and server function that is
/// not public names its action and asks [`decide`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// See one's own account and sign-in history.
    ViewOwnAccount,
    /// See one's own holdings and sharing log, and export them.
    ViewOwnData,
    /// Grant and withdraw consent, for oneself or as a legal
    /// representative, and read the receipts.
    ManageConsent,
    /// File a request of the named kind (`access`, `correction`, ...).
    FileRequest(String),
    /// Work the request queue of a province.
    WorkQueue { province_code: String },
    /// Change the directory, provinces, agencies and rules.
    Administer,
    /// Read audit trails across the service.
    Audit,
}

impl Action {
    /// The name used in configuration (`LEVEL2_ACTIONS`).
    pub fn name(&self) -> String {
        match self {
            Action::ViewOwnAccount => "view-account".into(),
            Action::ViewOwnData => "view-data".into(),
            Action::ManageConsent => "manage-consent".into(),
            Action::FileRequest(kind) => format!("request-{kind}"),
            Action::WorkQueue { .. } => "work-queue".into(),
            Action::Administer => "administer".into(),
            Action::Audit => "audit".into(),
        }
    }
}

/// Which actions need an assurance level 2 session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Level2Policy {
    actions: BTreeSet<String>,
}

impl Level2Policy {
    /// The default: correction and deletion requests change or remove
    /// records about a person, so they need an identity checked against the
    /// ID card; so does every staff power (working a queue, administering),
    /// since an officer acts on other people's data.
    pub fn standard() -> Level2Policy {
        Level2Policy::from_names([
            "request-correction",
            "request-deletion",
            "work-queue",
            "administer",
        ])
    }

    pub fn from_names<I, S>(names: I) -> Level2Policy
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Level2Policy {
            actions: names.into_iter().map(Into::into).collect(),
        }
    }

    pub fn requires_level2(&self, action: &Action) -> bool {
        self.actions.contains(&action.name())
    }
}

/// The answer to "may this person do this?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Nobody is signed in: sign in first.
    SignIn,
    /// Signed in at level 1, the action needs level 2: sign in again.
    StepUp,
    /// Signed in, but this person may not do this.
    Deny,
}

/// Decides whether `viewer` (None when signed out) may perform `action`.
/// Denies unless a rule allows.
pub fn decide(viewer: Option<&Viewer>, action: &Action, policy: &Level2Policy) -> Decision {
    let Some(viewer) = viewer else {
        return Decision::SignIn;
    };
    let allowed = match action {
        Action::ViewOwnAccount
        | Action::ViewOwnData
        | Action::ManageConsent
        | Action::FileRequest(_) => true,
        Action::WorkQueue { province_code } => viewer.is_dpo_of(province_code),
        Action::Administer => viewer.has_role(Role::Administrator),
        Action::Audit => viewer.has_role(Role::Auditor) || viewer.has_role(Role::Administrator),
    };
    if !allowed {
        Decision::Deny
    } else if policy.requires_level2(action) && !viewer.level.satisfies(AssuranceLevel::Level2) {
        Decision::StepUp
    } else {
        Decision::Allow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(level: AssuranceLevel, grants: &[(Role, Option<&str>)]) -> Viewer {
        Viewer {
            name: "Nguyễn Văn An".into(),
            masked_id: "••••••••0001".into(),
            level,
            grants: grants
                .iter()
                .map(|(role, province)| RoleGrant {
                    role: *role,
                    province_code: province.map(str::to_owned),
                })
                .collect(),
            csrf_token: "t".into(),
        }
    }

    #[test]
    fn signed_out_visitors_are_sent_to_sign_in_for_everything() {
        let policy = Level2Policy::standard();
        for action in [
            Action::ViewOwnAccount,
            Action::Administer,
            Action::WorkQueue {
                province_code: "HN".into(),
            },
        ] {
            assert_eq!(decide(None, &action, &policy), Decision::SignIn);
        }
    }

    #[test]
    fn a_dpo_works_only_their_own_provinces_queue() {
        let dpo = viewer(AssuranceLevel::Level2, &[(Role::Dpo, Some("HN"))]);
        let policy = Level2Policy::standard();
        let queue = |code: &str| Action::WorkQueue {
            province_code: code.into(),
        };
        assert_eq!(decide(Some(&dpo), &queue("HN"), &policy), Decision::Allow);
        assert_eq!(decide(Some(&dpo), &queue("HCM"), &policy), Decision::Deny);
        assert_eq!(
            decide(Some(&dpo), &Action::Administer, &policy),
            Decision::Deny
        );
    }

    #[test]
    fn citizens_have_no_staff_powers() {
        let citizen = viewer(AssuranceLevel::Level2, &[]);
        let policy = Level2Policy::standard();
        assert_eq!(
            decide(Some(&citizen), &Action::ViewOwnAccount, &policy),
            Decision::Allow
        );
        for action in [
            Action::Administer,
            Action::Audit,
            Action::WorkQueue {
                province_code: "HN".into(),
            },
        ] {
            assert_eq!(decide(Some(&citizen), &action, &policy), Decision::Deny);
        }
    }

    #[test]
    fn auditors_read_but_do_not_administer() {
        let auditor = viewer(AssuranceLevel::Level2, &[(Role::Auditor, None)]);
        let policy = Level2Policy::standard();
        assert_eq!(
            decide(Some(&auditor), &Action::Audit, &policy),
            Decision::Allow
        );
        assert_eq!(
            decide(Some(&auditor), &Action::Administer, &policy),
            Decision::Deny
        );
    }

    #[test]
    fn level_1_sessions_step_up_for_correction_and_deletion_only() {
        let level1 = viewer(AssuranceLevel::Level1, &[]);
        let policy = Level2Policy::standard();
        let request = |kind: &str| Action::FileRequest(kind.into());
        assert_eq!(
            decide(Some(&level1), &request("correction"), &policy),
            Decision::StepUp
        );
        assert_eq!(
            decide(Some(&level1), &request("deletion"), &policy),
            Decision::StepUp
        );
        assert_eq!(
            decide(Some(&level1), &request("access"), &policy),
            Decision::Allow
        );
        let level2 = viewer(AssuranceLevel::Level2, &[]);
        assert_eq!(
            decide(Some(&level2), &request("correction"), &policy),
            Decision::Allow
        );
        let strict = Level2Policy::from_names(["view-account"]);
        assert_eq!(
            decide(Some(&level1), &Action::ViewOwnAccount, &strict),
            Decision::StepUp
        );
    }

    #[test]
    fn staff_powers_need_level_2_by_default() {
        let policy = Level2Policy::standard();
        let grants = [(Role::Dpo, Some("HN")), (Role::Administrator, None)];
        let level1 = viewer(AssuranceLevel::Level1, &grants);
        let level2 = viewer(AssuranceLevel::Level2, &grants);
        let queue = Action::WorkQueue {
            province_code: "HN".into(),
        };
        for action in [queue, Action::Administer] {
            assert_eq!(decide(Some(&level1), &action, &policy), Decision::StepUp);
            assert_eq!(decide(Some(&level2), &action, &policy), Decision::Allow);
            let relaxed = Level2Policy::from_names(["request-correction"]);
            assert_eq!(decide(Some(&level1), &action, &relaxed), Decision::Allow);
        }
    }

    #[test]
    fn unknown_role_codes_grant_nothing() {
        assert_eq!(Role::from_code("root"), None);
        for role in [Role::Dpo, Role::Administrator, Role::Auditor] {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
    }
}
